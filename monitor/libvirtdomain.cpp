#include "libvirtdomain.h"

#include "libvirtconnection.h"

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <cstdlib>

namespace vdc::monitor {

LibvirtDomain::~LibvirtDomain()
{
    if (m_domain)
        virDomainFree(m_domain);
}

LibvirtDomain::LibvirtDomain(LibvirtDomain &&other) noexcept : m_domain(std::exchange(other.m_domain, nullptr)) {}

LibvirtDomain &LibvirtDomain::operator=(LibvirtDomain &&other) noexcept
{
    if (this != &other) {
        if (m_domain)
            virDomainFree(m_domain);
        m_domain = std::exchange(other.m_domain, nullptr);
    }
    return *this;
}

QString LibvirtDomain::name() const
{
    const char *n = virDomainGetName(m_domain);
    return n ? QString::fromUtf8(n) : QString();
}

QString LibvirtDomain::uuid() const
{
    char buffer[VIR_UUID_STRING_BUFLEN] = {};
    if (virDomainGetUUIDString(m_domain, buffer) < 0)
        return QString();
    return QString::fromLatin1(buffer);
}

Result<proto::PartitionState> LibvirtDomain::state() const
{
    int state = 0;
    int reason = 0;
    if (virDomainGetState(m_domain, &state, &reason, 0) < 0)
        return LibvirtConnection::lastError(QStringLiteral("Cannot read the state of domain %1").arg(name()));
    switch (state) {
    case VIR_DOMAIN_RUNNING:
    case VIR_DOMAIN_BLOCKED:
        return proto::PARTITION_STATE_RUNNING;
    case VIR_DOMAIN_PAUSED:
    case VIR_DOMAIN_PMSUSPENDED:
        return proto::PARTITION_STATE_PAUSED;
    case VIR_DOMAIN_SHUTDOWN:
        return proto::PARTITION_STATE_STOPPING;
    case VIR_DOMAIN_CRASHED:
        return proto::PARTITION_STATE_FAILED;
    default:
        return proto::PARTITION_STATE_STOPPED;
    }
}

Result<bool> LibvirtDomain::isActive() const
{
    const int active = virDomainIsActive(m_domain);
    if (active < 0)
        return LibvirtConnection::lastError(QStringLiteral("Cannot tell whether domain %1 is running").arg(name()));
    return active == 1;
}

Result<QString> LibvirtDomain::xmlDescription() const
{
    char *xml = virDomainGetXMLDesc(m_domain, 0);
    if (!xml)
        return LibvirtConnection::lastError(QStringLiteral("Cannot read the XML of domain %1").arg(name()));
    QString result = QString::fromUtf8(xml);
    std::free(xml);
    return result;
}

Result<std::optional<QString>> LibvirtDomain::metadata(const QString &namespaceUri) const
{
    const QByteArray uri = namespaceUri.toUtf8();
    char *xml = virDomainGetMetadata(m_domain, VIR_DOMAIN_METADATA_ELEMENT, uri.constData(), VIR_DOMAIN_AFFECT_CURRENT);
    if (!xml) {
        const virError *error = virGetLastError();
        if (error && error->code == VIR_ERR_NO_DOMAIN_METADATA) {
            virResetLastError();
            return std::optional<QString>();
        }
        return LibvirtConnection::lastError(QStringLiteral("Cannot read the metadata of domain %1").arg(name()));
    }
    QString result = QString::fromUtf8(xml);
    std::free(xml);
    return std::optional<QString>(std::move(result));
}

Result<void> LibvirtDomain::start()
{
    if (virDomainCreate(m_domain) < 0)
        return LibvirtConnection::lastError(QStringLiteral("Cannot start domain %1").arg(name()));
    return {};
}

Result<void> LibvirtDomain::destroy()
{
    if (virDomainDestroy(m_domain) < 0)
        return LibvirtConnection::lastError(QStringLiteral("Cannot stop domain %1").arg(name()));
    return {};
}

Result<void> LibvirtDomain::undefine()
{
    if (virDomainUndefine(m_domain) < 0)
        return LibvirtConnection::lastError(QStringLiteral("Cannot undefine domain %1").arg(name()));
    return {};
}

} // namespace vdc::monitor
