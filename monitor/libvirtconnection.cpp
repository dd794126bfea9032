#include "libvirtconnection.h"

#include "monitorlogging.h"

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <QFile>
#include <QXmlStreamReader>

#include <cstdlib>
#include <map>
#include <mutex>

namespace vdc::monitor {

namespace {

// libvirt prints every error to stderr by default; vdc turns them into
// Errors and reports them where they matter, so the printer is silenced.
void ignoreLibvirtError(void *, virErrorPtr) {}

void installErrorHandler()
{
    static std::once_flag once;
    std::call_once(once, [] {
        if (virInitialize() < 0)
            qCWarning(lcMonitorLibvirt) << "libvirt could not initialise itself.";
        virSetErrorFunc(nullptr, ignoreLibvirtError);
    });
}

QString takeString(char *s)
{
    QString result = QString::fromUtf8(s);
    std::free(s);
    return result;
}

// cpu id -> NUMA cell id from the <topology> of virConnectGetCapabilities.
std::map<std::uint32_t, std::uint32_t> numaCellsOfCpus(const QString &capabilities)
{
    std::map<std::uint32_t, std::uint32_t> cells;
    QXmlStreamReader reader(capabilities);
    bool inTopology = false;
    std::uint32_t cell = 0;
    while (!reader.atEnd()) {
        reader.readNext();
        if (reader.isStartElement()) {
            if (reader.name() == QLatin1String("topology"))
                inTopology = true;
            else if (inTopology && reader.name() == QLatin1String("cell"))
                cell = reader.attributes().value(QStringLiteral("id")).toUInt();
            else if (inTopology && reader.name() == QLatin1String("cpu")) {
                bool ok = false;
                const std::uint32_t id = reader.attributes().value(QStringLiteral("id")).toUInt(&ok);
                if (ok)
                    cells[id] = cell;
            }
        } else if (reader.isEndElement() && reader.name() == QLatin1String("topology")) {
            inTopology = false;
        }
    }
    return cells;
}

bool kvmUsable(virConnectPtr connection)
{
    char *caps = virConnectGetDomainCapabilities(connection, nullptr, "x86_64", nullptr, "kvm", 0);
    if (!caps) {
        qCInfo(lcMonitorLibvirt).noquote() << "KVM is not usable here:" << LibvirtConnection::lastError(QStringLiteral("KVM check")).message();
        virResetLastError();
        return false;
    }
    std::free(caps);
    return true;
}

} // namespace

Error LibvirtConnection::lastError(const QString &attempted)
{
    return errorFrom(virGetLastError(), attempted);
}

Error LibvirtConnection::errorFrom(const _virError *error, const QString &attempted)
{
    QString why = error && error->message ? QString::fromUtf8(error->message).trimmed()
                                          : QStringLiteral("libvirt gave no reason");
    if (!why.endsWith(QLatin1Char('.')))
        why += QLatin1Char('.');
    qCDebug(lcMonitorLibvirt).noquote() << attempted << "failed:" << why;
    return Error(proto::ERROR_HYPERVISOR, QStringLiteral("%1: %2").arg(attempted, why));
}

Result<std::unique_ptr<LibvirtConnection>> LibvirtConnection::open(const QString &uri)
{
    installErrorHandler();
    const QByteArray utf8 = uri.toUtf8();
    virConnectPtr connection = virConnectOpen(utf8.constData());
    if (!connection)
        return lastError(QStringLiteral("Cannot connect to the hypervisor at %1").arg(uri));
    virConnSetErrorFunc(connection, nullptr, ignoreLibvirtError);

    std::unique_ptr<LibvirtConnection> result(new LibvirtConnection(connection, uri));
    const char *type = virConnectGetType(connection);
    if (!type)
        return lastError(QStringLiteral("Cannot read the driver name of %1").arg(uri));
    result->m_driverName = QString::fromUtf8(type);
    if (result->m_driverName.compare(QLatin1String("test"), Qt::CaseInsensitive) == 0) {
        result->m_domainType = DomainType::Test;
    } else if (result->m_driverName.compare(QLatin1String("qemu"), Qt::CaseInsensitive) == 0) {
        result->m_domainType = kvmUsable(connection) ? DomainType::Kvm : DomainType::Qemu;
    } else {
        return Error(proto::ERROR_INVALID_ARGUMENT,
                     QStringLiteral("%1 uses the libvirt driver %2; vdc-monitor drives QEMU/KVM and the test driver only.")
                         .arg(uri, result->m_driverName));
    }
    qCInfo(lcMonitorLibvirt).noquote() << "Connected to" << uri << "driver" << result->m_driverName << "domain type"
                                       << domainTypeName(result->m_domainType);
    return result;
}

LibvirtConnection::~LibvirtConnection()
{
    if (m_connection)
        virConnectClose(m_connection);
}

Result<NodeResources> LibvirtConnection::nodeResources() const
{
    virNodeInfo info{};
    if (virNodeGetInfo(m_connection, &info) < 0)
        return lastError(QStringLiteral("Cannot read the host's CPU and memory from %1").arg(m_uri));

    std::map<std::uint32_t, std::uint32_t> cells;
    if (char *caps = virConnectGetCapabilities(m_connection))
        cells = numaCellsOfCpus(takeString(caps));
    else
        qCWarning(lcMonitorLibvirt).noquote()
            << lastError(QStringLiteral("Cannot read the host capabilities; all cores count as NUMA node 0")).message();

    std::uint32_t count = info.cpus;
    if (!cells.empty())
        count = std::max(count, cells.rbegin()->first + 1);
    NodeResources node;
    node.coreNumaNodes.assign(count, 0);
    for (const auto &[cpu, cell] : cells)
        node.coreNumaNodes[cpu] = cell;
    node.memoryMib = info.memory / 1024; // virNodeInfo.memory is in KiB
    node.cpuModel = QString::fromLatin1(info.model);
    return node;
}

Result<std::vector<LibvirtDomain>> LibvirtConnection::listAllDomains() const
{
    virDomainPtr *domains = nullptr;
    const int count = virConnectListAllDomains(m_connection, &domains, 0);
    if (count < 0)
        return lastError(QStringLiteral("Cannot list the domains of %1").arg(m_uri));
    std::vector<LibvirtDomain> result;
    result.reserve(std::size_t(count));
    for (int i = 0; i < count; ++i)
        result.emplace_back(domains[i]);
    std::free(domains);
    return result;
}

Result<QSet<QString>> LibvirtConnection::activeDomainUuids() const
{
    virDomainPtr *domains = nullptr;
    const int count = virConnectListAllDomains(m_connection, &domains, VIR_CONNECT_LIST_DOMAINS_ACTIVE);
    if (count < 0)
        return lastError(QStringLiteral("Cannot list the running domains of %1").arg(m_uri));
    QSet<QString> result;
    for (int i = 0; i < count; ++i) {
        LibvirtDomain domain(domains[i]);
        result.insert(domain.uuid());
    }
    std::free(domains);
    return result;
}

Result<std::optional<LibvirtDomain>> LibvirtConnection::lookupByUuid(const QString &uuid) const
{
    const QByteArray text = uuid.toLatin1();
    virDomainPtr domain = virDomainLookupByUUIDString(m_connection, text.constData());
    if (!domain) {
        const virError *error = virGetLastError();
        if (error && error->code == VIR_ERR_NO_DOMAIN) {
            virResetLastError();
            return std::optional<LibvirtDomain>();
        }
        return lastError(QStringLiteral("Cannot look up the domain with UUID %1").arg(uuid));
    }
    return std::optional<LibvirtDomain>(LibvirtDomain(domain));
}

Result<std::optional<LibvirtDomain>> LibvirtConnection::lookupByName(const QString &name) const
{
    const QByteArray text = name.toUtf8();
    virDomainPtr domain = virDomainLookupByName(m_connection, text.constData());
    if (!domain) {
        const virError *error = virGetLastError();
        if (error && error->code == VIR_ERR_NO_DOMAIN) {
            virResetLastError();
            return std::optional<LibvirtDomain>();
        }
        return lastError(QStringLiteral("Cannot look up domain %1").arg(name));
    }
    return std::optional<LibvirtDomain>(LibvirtDomain(domain));
}

Result<LibvirtDomain> LibvirtConnection::define(const QString &xml, const QString &name)
{
    const QByteArray text = xml.toUtf8();
    virDomainPtr domain = virDomainDefineXML(m_connection, text.constData());
    if (!domain)
        return lastError(QStringLiteral("Cannot define domain %1").arg(name));
    return LibvirtDomain(domain);
}

Result<QString> LibvirtConnection::savedStateXml(const QString &path) const
{
    const QByteArray file = QFile::encodeName(path);
    char *xml = virDomainSaveImageGetXMLDesc(m_connection, file.constData(), VIR_DOMAIN_SAVE_IMAGE_XML_SECURE);
    if (!xml)
        return lastError(QStringLiteral("Cannot read the domain XML in the saved state %1").arg(path));
    return takeString(xml);
}

Result<void> LibvirtConnection::replaceSavedStateXml(const QString &path, const QString &xml)
{
    const QByteArray file = QFile::encodeName(path);
    const QByteArray text = xml.toUtf8();
    if (virDomainSaveImageDefineXML(m_connection, file.constData(), text.constData(), 0) < 0)
        return lastError(QStringLiteral("Cannot rewrite the domain XML in the saved state %1").arg(path));
    return {};
}

Result<void> LibvirtConnection::restore(const QString &path)
{
    const QByteArray file = QFile::encodeName(path);
    if (virDomainRestoreFlags(m_connection, file.constData(), nullptr, 0) < 0)
        return lastError(QStringLiteral("Cannot restore the saved state %1").arg(path));
    return {};
}

} // namespace vdc::monitor
