#include "libvirtprobe.h"

#include <QMap>
#include <QXmlStreamReader>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

namespace vdc::testing {

namespace {

constexpr const char *kMetadataUri = "urn:vdc:partition:1";

void silentErrors(void *, virErrorPtr) {}

struct Connection
{
    explicit Connection(const QString &uri)
    {
        virSetErrorFunc(nullptr, silentErrors);
        conn = virConnectOpen(uri.toUtf8().constData());
    }
    ~Connection()
    {
        if (conn)
            virConnectClose(conn);
    }
    virConnectPtr conn = nullptr;
};

bool hasVdcMetadata(virDomainPtr domain)
{
    char *meta = virDomainGetMetadata(domain, VIR_DOMAIN_METADATA_ELEMENT, kMetadataUri, 0);
    if (!meta)
        return false;
    free(meta);
    return true;
}

} // namespace

DomainFacts probeDomain(const QString &uri, const QString &uuid)
{
    DomainFacts facts;
    Connection c(uri);
    if (!c.conn)
        return facts;
    virDomainPtr domain = virDomainLookupByUUIDString(c.conn, uuid.toUtf8().constData());
    if (!domain)
        return facts;
    facts.exists = true;
    facts.active = virDomainIsActive(domain) == 1;
    char *xml = virDomainGetXMLDesc(domain, 0);
    if (xml) {
        facts.xml = QString::fromUtf8(xml);
        free(xml);
    }
    virDomainFree(domain);

    QXmlStreamReader reader(facts.xml);
    QMap<unsigned, unsigned> pins;
    while (!reader.atEnd()) {
        reader.readNext();
        if (!reader.isStartElement())
            continue;
        if (reader.name() == QLatin1String("vcpupin")) {
            const auto attrs = reader.attributes();
            pins.insert(attrs.value(QLatin1String("vcpu")).toUInt(), attrs.value(QLatin1String("cpuset")).toUInt());
        } else if (reader.name() == QLatin1String("memory")) {
            const auto unit = reader.attributes().value(QLatin1String("unit")).toString();
            const auto value = reader.readElementText().toULongLong();
            facts.memoryKib = unit == QLatin1String("MiB") ? value * 1024 : value;
        }
    }
    facts.pinnedCores = pins.values();
    return facts;
}

QStringList vdcDomainUuids(const QString &uri)
{
    QStringList uuids;
    Connection c(uri);
    if (!c.conn)
        return uuids;
    virDomainPtr *domains = nullptr;
    const int n = virConnectListAllDomains(c.conn, &domains, 0);
    for (int i = 0; i < n; ++i) {
        if (hasVdcMetadata(domains[i])) {
            char buf[VIR_UUID_STRING_BUFLEN];
            if (virDomainGetUUIDString(domains[i], buf) == 0)
                uuids << QString::fromLatin1(buf);
        }
        virDomainFree(domains[i]);
    }
    free(domains);
    return uuids;
}

void removeVdcDomains(const QString &uri)
{
    Connection c(uri);
    if (!c.conn)
        return;
    virDomainPtr *domains = nullptr;
    const int n = virConnectListAllDomains(c.conn, &domains, 0);
    for (int i = 0; i < n; ++i) {
        if (hasVdcMetadata(domains[i])) {
            if (virDomainIsActive(domains[i]) == 1)
                virDomainDestroy(domains[i]);
            virDomainUndefine(domains[i]);
        }
        virDomainFree(domains[i]);
    }
    free(domains);
}

} // namespace vdc::testing
