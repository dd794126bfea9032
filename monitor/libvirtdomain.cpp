#include "libvirtdomain.h"

#include "libvirtconnection.h"

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <QFile>

#include <cstdlib>
#include <vector>
#include <cstring>

namespace vdc::monitor {

namespace {

// The error of the libvirt call that just failed, described by `describe`.
// The description may call libvirt (a domain's name), and every libvirt call
// resets the thread's last error, so it is saved around it.
template<typename Describe>
Error failed(Describe describe)
{
    virErrorPtr saved = virSaveLastError();
    const QString attempted = describe();
    Error error = LibvirtConnection::errorFrom(saved, attempted);
    if (saved)
        virFreeError(saved);
    return error;
}

} // namespace

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
        return failed([&] { return QStringLiteral("Cannot read the state of domain %1").arg(name()); });
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
        return failed([&] { return QStringLiteral("Cannot tell whether domain %1 is running").arg(name()); });
    return active == 1;
}

Result<QString> LibvirtDomain::xmlDescription() const
{
    char *xml = virDomainGetXMLDesc(m_domain, 0);
    if (!xml)
        return failed([&] { return QStringLiteral("Cannot read the XML of domain %1").arg(name()); });
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
        return failed([&] { return QStringLiteral("Cannot read the metadata of domain %1").arg(name()); });
    }
    QString result = QString::fromUtf8(xml);
    std::free(xml);
    return std::optional<QString>(std::move(result));
}

Result<void> LibvirtDomain::setMetadata(const QString &namespaceUri, const QString &prefix, const QString &xml)
{
    unsigned int flags = VIR_DOMAIN_AFFECT_LIVE;
    if (auto persistent = isPersistent(); persistent && *persistent)
        flags |= VIR_DOMAIN_AFFECT_CONFIG;
    if (auto active = isActive(); active && !*active)
        flags &= ~unsigned(VIR_DOMAIN_AFFECT_LIVE);
    const QByteArray uri = namespaceUri.toUtf8();
    const QByteArray key = prefix.toUtf8();
    const QByteArray text = xml.toUtf8();
    if (virDomainSetMetadata(m_domain, VIR_DOMAIN_METADATA_ELEMENT, text.constData(), key.constData(), uri.constData(),
                             flags)
        < 0)
        return failed([&] { return QStringLiteral("Cannot write the metadata of domain %1").arg(name()); });
    return {};
}

Result<void> LibvirtDomain::start()
{
    if (virDomainCreate(m_domain) < 0)
        return failed([&] { return QStringLiteral("Cannot start domain %1").arg(name()); });
    return {};
}

Result<void> LibvirtDomain::destroy()
{
    if (virDomainDestroy(m_domain) < 0)
        return failed([&] { return QStringLiteral("Cannot stop domain %1").arg(name()); });
    return {};
}

Result<void> LibvirtDomain::undefine()
{
    if (virDomainUndefine(m_domain) < 0)
        return failed([&] { return QStringLiteral("Cannot undefine domain %1").arg(name()); });
    return {};
}

Result<bool> LibvirtDomain::isPersistent() const
{
    const int persistent = virDomainIsPersistent(m_domain);
    if (persistent < 0)
        return failed([&] { return QStringLiteral("Cannot tell whether domain %1 is persistent").arg(name()); });
    return persistent == 1;
}

namespace {

// The name of the scheduler parameter that carries the CPU weight; empty when
// the driver has none.
QByteArray sharesParameter(virDomainPtr domain, int *count)
{
    *count = 0;
    char *type = virDomainGetSchedulerType(domain, count);
    if (!type)
        return {};
    std::free(type);
    if (*count <= 0)
        return {};
    std::vector<virTypedParameter> params(static_cast<std::size_t>(*count));
    if (virDomainGetSchedulerParameters(domain, params.data(), count) < 0)
        return {};
    for (int i = 0; i < *count; ++i) {
        const QByteArray field(params[std::size_t(i)].field);
        if (field == VIR_DOMAIN_SCHEDULER_CPU_SHARES || field == "weight")
            return field;
    }
    return {};
}

} // namespace

Result<std::uint32_t> LibvirtDomain::cpuShares() const
{
    int count = 0;
    char *type = virDomainGetSchedulerType(m_domain, &count);
    if (!type)
        return failed([&] { return QStringLiteral("Cannot read the scheduler of domain %1").arg(name()); });
    std::free(type);
    std::vector<virTypedParameter> params(std::size_t(count > 0 ? count : 0));
    if (count > 0 && virDomainGetSchedulerParameters(m_domain, params.data(), &count) < 0)
        return failed([&] { return QStringLiteral("Cannot read the scheduler parameters of domain %1").arg(name()); });
    for (const virTypedParameter &p : params) {
        const QByteArray field(p.field);
        if (field != VIR_DOMAIN_SCHEDULER_CPU_SHARES && field != "weight")
            continue;
        switch (p.type) {
        case VIR_TYPED_PARAM_UINT:
            return std::uint32_t(p.value.ui);
        case VIR_TYPED_PARAM_ULLONG:
            return std::uint32_t(p.value.ul);
        case VIR_TYPED_PARAM_INT:
            return std::uint32_t(p.value.i);
        case VIR_TYPED_PARAM_LLONG:
            return std::uint32_t(p.value.l);
        default:
            break;
        }
    }
    return Error(proto::ERROR_FAILED_PRECONDITION,
                 QStringLiteral("The hypervisor of domain %1 has no CPU weight parameter.").arg(name()));
}

Result<void> LibvirtDomain::setCpuShares(std::uint32_t shares)
{
    int count = 0;
    const QByteArray field = sharesParameter(m_domain, &count);
    if (field.isEmpty()) {
        virResetLastError();
        return Error(proto::ERROR_FAILED_PRECONDITION,
                     QStringLiteral("The hypervisor of domain %1 has no CPU weight parameter; its shares cannot change.")
                         .arg(name()));
    }
    // 0 asks for the default: the weight libvirt gives a domain without <shares>.
    if (shares == 0)
        shares = 1024;
    virTypedParameter param{};
    std::strncpy(param.field, field.constData(), VIR_TYPED_PARAM_FIELD_LENGTH - 1);
    // cpu_shares is unsigned long long; the test driver's weight is unsigned int.
    if (field == VIR_DOMAIN_SCHEDULER_CPU_SHARES) {
        param.type = VIR_TYPED_PARAM_ULLONG;
        param.value.ul = shares;
    } else {
        param.type = VIR_TYPED_PARAM_UINT;
        param.value.ui = shares;
    }
    unsigned int flags = VIR_DOMAIN_AFFECT_CURRENT;
    if (field == VIR_DOMAIN_SCHEDULER_CPU_SHARES) {
        // QEMU keeps the live and the persistent value apart: change both.
        flags = VIR_DOMAIN_AFFECT_LIVE;
        if (auto persistent = isPersistent(); persistent && *persistent)
            flags |= VIR_DOMAIN_AFFECT_CONFIG;
    }
    if (virDomainSetSchedulerParametersFlags(m_domain, &param, 1, flags) < 0)
        return failed([&] { return QStringLiteral("Cannot set the CPU shares of domain %1 to %2").arg(name()).arg(shares); });
    return {};
}

Result<QString> LibvirtDomain::migratableXml() const
{
    char *xml = virDomainGetXMLDesc(m_domain, VIR_DOMAIN_XML_MIGRATABLE | VIR_DOMAIN_XML_SECURE);
    if (!xml)
        return failed([&] { return QStringLiteral("Cannot read the migratable XML of domain %1").arg(name()); });
    QString result = QString::fromUtf8(xml);
    std::free(xml);
    return result;
}

Result<bool> LibvirtDomain::isPausedForMigration() const
{
    int state = 0;
    int reason = 0;
    if (virDomainGetState(m_domain, &state, &reason, 0) < 0)
        return failed([&] { return QStringLiteral("Cannot read the state of domain %1").arg(name()); });
    return state == VIR_DOMAIN_PAUSED
        && (reason == VIR_DOMAIN_PAUSED_MIGRATION || reason == VIR_DOMAIN_PAUSED_POSTCOPY);
}

Result<void> LibvirtDomain::migrateLive(const QString &targetUri, const QString &address, const QString &destXml,
                                        std::uint32_t bandwidthMibPerSecond)
{
    virTypedParameterPtr params = nullptr;
    int count = 0;
    int capacity = 0;
    const QByteArray addressText = address.toUtf8();
    const QByteArray xmlText = destXml.toUtf8();
    bool filled = virTypedParamsAddString(&params, &count, &capacity, VIR_MIGRATE_PARAM_DEST_XML, xmlText.constData()) == 0
        && virTypedParamsAddString(&params, &count, &capacity, VIR_MIGRATE_PARAM_PERSIST_XML, xmlText.constData()) == 0;
    if (filled && !address.isEmpty())
        filled = virTypedParamsAddString(&params, &count, &capacity, VIR_MIGRATE_PARAM_URI, addressText.constData()) == 0;
    if (filled && bandwidthMibPerSecond > 0)
        filled = virTypedParamsAddULLong(&params, &count, &capacity, VIR_MIGRATE_PARAM_BANDWIDTH, bandwidthMibPerSecond) == 0;
    if (!filled) {
        virTypedParamsFree(params, count);
        return failed([&] { return QStringLiteral("Cannot prepare the migration parameters of domain %1").arg(name()); });
    }
    // The source keeps its (now shut off) definition until the monitor has
    // read the completed job's statistics; it undefines it afterwards.
    const unsigned int flags = VIR_MIGRATE_LIVE | VIR_MIGRATE_PEER2PEER | VIR_MIGRATE_PERSIST_DEST | VIR_MIGRATE_ABORT_ON_ERROR;
    const QByteArray uriText = targetUri.toUtf8();
    const int rc = virDomainMigrateToURI3(m_domain, uriText.constData(), params, count, flags);
    virTypedParamsFree(params, count);
    if (rc < 0)
        return failed([&] { return QStringLiteral("Cannot migrate domain %1 to %2").arg(name(), targetUri); });
    return {};
}

Result<void> LibvirtDomain::save(const QString &path)
{
    const QByteArray file = QFile::encodeName(path);
    if (virDomainSaveFlags(m_domain, file.constData(), nullptr, 0) < 0)
        return failed([&] { return QStringLiteral("Cannot save domain %1 to %2").arg(name(), path); });
    return {};
}

Result<JobStats> LibvirtDomain::jobStats(bool completed) const
{
    int type = VIR_DOMAIN_JOB_NONE;
    virTypedParameterPtr params = nullptr;
    int count = 0;
    if (virDomainGetJobStats(m_domain, &type, &params, &count, completed ? VIR_DOMAIN_JOB_STATS_COMPLETED : 0) < 0)
        return failed([&] { return QStringLiteral("Cannot read the job statistics of domain %1").arg(name()); });
    JobStats stats;
    stats.active = type != VIR_DOMAIN_JOB_NONE;
    stats.type = type;
    stats.completed = type == VIR_DOMAIN_JOB_COMPLETED;
    const auto number = [&](const char *field, std::uint64_t *out) {
        unsigned long long value = 0;
        if (virTypedParamsGetULLong(params, count, field, &value) == 1)
            *out = value;
    };
    int operation = 0;
    if (virTypedParamsGetInt(params, count, VIR_DOMAIN_JOB_OPERATION, &operation) == 1)
        stats.operation = operation;
    number(VIR_DOMAIN_JOB_TIME_ELAPSED, &stats.elapsedMs);
    number(VIR_DOMAIN_JOB_MEMORY_TOTAL, &stats.memoryTotal);
    number(VIR_DOMAIN_JOB_MEMORY_PROCESSED, &stats.memoryProcessed);
    number(VIR_DOMAIN_JOB_MEMORY_REMAINING, &stats.memoryRemaining);
    number(VIR_DOMAIN_JOB_MEMORY_BPS, &stats.memoryBps);
    number(VIR_DOMAIN_JOB_MEMORY_DIRTY_RATE, &stats.dirtyRatePages);
    number(VIR_DOMAIN_JOB_MEMORY_PAGE_SIZE, &stats.pageSize);
    number(VIR_DOMAIN_JOB_MEMORY_ITERATION, &stats.iteration);
    number(VIR_DOMAIN_JOB_DOWNTIME, &stats.downtimeMs);
    number(VIR_DOMAIN_JOB_DATA_TOTAL, &stats.dataTotal);
    number(VIR_DOMAIN_JOB_DATA_PROCESSED, &stats.dataProcessed);
    number(VIR_DOMAIN_JOB_DATA_REMAINING, &stats.dataRemaining);
    virTypedParamsFree(params, count);
    return stats;
}

Result<void> LibvirtDomain::abortJob()
{
    if (virDomainAbortJob(m_domain) < 0)
        return failed([&] { return QStringLiteral("Cannot abort the running job of domain %1").arg(name()); });
    return {};
}

} // namespace vdc::monitor
