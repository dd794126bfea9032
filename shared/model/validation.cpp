#include "validation.h"

#include <QRegularExpression>
#include <QSet>
#include <QUuid>

#include <cmath>

namespace vdc::model {

Result<void> validateName(const QString &what, const QString &name)
{
    if (name.isEmpty())
        return Error(proto::ERROR_INVALID_ARGUMENT, QStringLiteral("The %1 is empty; give it a name.").arg(what));
    if (name.size() > kMaxNameLength)
        return Error(proto::ERROR_INVALID_ARGUMENT,
                     QStringLiteral("The %1 is %2 characters long; at most %3 are allowed.")
                         .arg(what).arg(name.size()).arg(kMaxNameLength));
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]*$"));
    if (!pattern.match(name).hasMatch()) {
        QString shown = name;
        shown.replace(QLatin1Char('\n'), QStringLiteral("\\n"));
        return Error(proto::ERROR_INVALID_ARGUMENT,
                     QStringLiteral("The %1 \"%2\" has characters that are not allowed; use letters, digits, '.', '_' "
                                    "and '-', starting with a letter or digit.")
                         .arg(what, shown));
    }
    return {};
}

Result<void> validateMapRegion(const QString &zone, const proto::MapRegion &region)
{
    const double values[] = {region.x(), region.y(), region.width(), region.height()};
    for (double v : values)
        if (!std::isfinite(v))
            return Error(proto::ERROR_INVALID_ARGUMENT,
                         QStringLiteral("The map region of zone %1 has a value that is not a number (x %2, y %3, width %4, "
                                        "height %5); give finite numbers.")
                             .arg(zone)
                             .arg(region.x())
                             .arg(region.y())
                             .arg(region.width())
                             .arg(region.height()));
    if (!(region.width() > 0 && region.height() > 0))
        return Error(proto::ERROR_INVALID_ARGUMENT,
                     QStringLiteral("The map region of zone %1 is %2 by %3; give a width and a height above 0.")
                         .arg(zone)
                         .arg(region.width())
                         .arg(region.height()));
    if (region.width() > kMaxMapRegionSize || region.height() > kMaxMapRegionSize)
        return Error(proto::ERROR_INVALID_ARGUMENT,
                     QStringLiteral("The map region of zone %1 is %2 by %3; at most %4 by %4 is allowed.")
                         .arg(zone)
                         .arg(region.width())
                         .arg(region.height())
                         .arg(kMaxMapRegionSize, 0, 'f', 0));
    if (std::abs(region.x()) > kMaxMapCoordinate || std::abs(region.y()) > kMaxMapCoordinate
        || std::abs(region.x() + region.width()) > kMaxMapCoordinate
        || std::abs(region.y() + region.height()) > kMaxMapCoordinate)
        return Error(proto::ERROR_INVALID_ARGUMENT,
                     QStringLiteral("The map region of zone %1 reaches beyond %2 map units from the origin (x %3, y %4, "
                                    "width %5, height %6); place it nearer.")
                         .arg(zone)
                         .arg(kMaxMapCoordinate, 0, 'f', 0)
                         .arg(region.x())
                         .arg(region.y())
                         .arg(region.width())
                         .arg(region.height()));
    return {};
}

Result<void> validatePartitionSpec(const proto::PartitionSpec &spec)
{
    const QString name = QString::fromStdString(spec.name());
    if (auto r = validateName(QStringLiteral("partition name"), name); !r)
        return r;
    if (auto r = validateName(QStringLiteral("domain name"), QString::fromStdString(spec.domain())); !r)
        return r;
    if (!spec.zone().empty())
        if (auto r = validateName(QStringLiteral("zone name"), QString::fromStdString(spec.zone())); !r)
            return r;
    if (!spec.uuid().empty() && QUuid::fromString(QString::fromStdString(spec.uuid())).isNull())
        return Error(proto::ERROR_INVALID_ARGUMENT,
                     QStringLiteral("The partition UUID \"%1\" is not a valid UUID.").arg(QString::fromStdString(spec.uuid())));
    if (auto r = validateVcpus(name, spec.vcpus()); !r)
        return r;
    if (auto r = validateMemory(name, spec.memory_mib()); !r)
        return r;
    return validateAccelerator(name, QString::fromStdString(spec.accelerator()));
}

namespace {

// "Partition web1" or, before it has a name, "The partition".
QString subject(const QString &partition)
{
    return partition.isEmpty() ? QStringLiteral("The partition") : QStringLiteral("Partition %1").arg(partition);
}

Result<void> validateOptionalName(const QString &what, const std::string &name)
{
    if (name.empty())
        return {};
    return validateName(what, QString::fromStdString(name));
}

bool hasAbsolutePath(const QString &boot, const QString &prefix)
{
    return boot.startsWith(prefix) && boot.mid(prefix.size()).startsWith(QLatin1Char('/'));
}

} // namespace

Result<void> validateVcpus(const QString &partition, std::uint32_t vcpus)
{
    if (vcpus == 0 || vcpus > kMaxVcpus)
        return Error(proto::ERROR_INVALID_ARGUMENT,
                     QStringLiteral("%1 asks for %2 vCPUs; give between 1 and %3.").arg(subject(partition)).arg(vcpus).arg(kMaxVcpus));
    return {};
}

Result<void> validateMemory(const QString &partition, std::uint64_t memoryMib)
{
    if (memoryMib < kMinMemoryMib || memoryMib > kMaxMemoryMib)
        return Error(proto::ERROR_INVALID_ARGUMENT,
                     QStringLiteral("%1 asks for %2 MiB of memory; give between %3 MiB and %4 MiB.")
                         .arg(subject(partition)).arg(memoryMib).arg(kMinMemoryMib).arg(kMaxMemoryMib));
    return {};
}

Result<void> validateAccelerator(const QString &partition, const QString &accelerator)
{
    if (!accelerator.isEmpty() && accelerator != QLatin1String("tcg"))
        return Error(proto::ERROR_INVALID_ARGUMENT,
                     QStringLiteral("%1 asks for the accelerator \"%2\"; leave it empty for the host's best "
                                    "(KVM where usable) or give \"tcg\" for software emulation.")
                         .arg(subject(partition), accelerator));
    return {};
}

Result<void> validateBoot(const QString &partition, const QString &boot)
{
    if (boot.isEmpty() || boot == QLatin1String("network"))
        return {};
    if (hasAbsolutePath(boot, QStringLiteral("kernel:")) || hasAbsolutePath(boot, QStringLiteral("floppy:")))
        return {};
    return Error(proto::ERROR_INVALID_ARGUMENT,
                 QStringLiteral("%1 boots from \"%2\", which hosts do not know; use \"network\", "
                                "\"kernel:<absolute path>\" or \"floppy:<absolute path>\".")
                     .arg(subject(partition), boot));
}

Result<void> validateCpuShares(const QString &partition, std::uint32_t shares)
{
    if (shares != 0 && (shares < kMinCpuShares || shares > kMaxCpuShares))
        return Error(proto::ERROR_INVALID_ARGUMENT,
                     QStringLiteral("%1 asks for %2 CPU shares; give between %3 and %4 (0: the host default).")
                         .arg(subject(partition)).arg(shares).arg(kMinCpuShares).arg(kMaxCpuShares));
    return {};
}

Result<void> validateGroupList(const QString &partition, const QStringList &groups)
{
    QSet<QString> seen;
    for (const QString &group : groups) {
        if (auto r = validateName(QStringLiteral("group name"), group); !r)
            return r;
        if (seen.contains(group))
            return Error(proto::ERROR_INVALID_ARGUMENT,
                         QStringLiteral("Group %1 is listed twice for %2.")
                             .arg(group, partition.isEmpty() ? QStringLiteral("the partition") : QStringLiteral("partition %1").arg(partition)));
        seen.insert(group);
    }
    return {};
}

Result<void> validatePlacementFields(const proto::PartitionSpec &spec)
{
    const QString name = QString::fromStdString(spec.name());
    if (auto r = validateOptionalName(QStringLiteral("QoS class"), spec.qos_class()); !r)
        return r;
    if (auto r = validateOptionalName(QStringLiteral("site name"), spec.site()); !r)
        return r;
    if (auto r = validateOptionalName(QStringLiteral("room name"), spec.room()); !r)
        return r;
    QStringList groups;
    for (const auto &g : spec.not_in_rack_of_groups())
        groups << QString::fromStdString(g);
    if (auto r = validateGroupList(name, groups); !r)
        return r;
    if (auto r = validateOptionalName(QStringLiteral("affinity group name"), spec.affinity_group()); !r)
        return r;
    if (auto r = validateOptionalName(QStringLiteral("anti-affinity group name"), spec.anti_affinity_group()); !r)
        return r;
    if (!proto::AffinityScope_IsValid(spec.affinity_scope()))
        return Error(proto::ERROR_INVALID_ARGUMENT,
                     QStringLiteral("%1 has an unknown affinity scope; use host or rack.").arg(subject(name)));
    return validateCpuShares(name, spec.cpu_shares());
}

Result<void> validateLocation(const proto::Location &location)
{
    if (auto r = validateOptionalName(QStringLiteral("site name"), location.site()); !r)
        return r;
    if (auto r = validateOptionalName(QStringLiteral("room name"), location.room()); !r)
        return r;
    return validateOptionalName(QStringLiteral("rack name"), location.rack());
}

Result<void> validateNetworkLinks(const QString &host, const QList<proto::NetworkLink> &links)
{
    QSet<QString> names;
    for (const auto &l : links) {
        const QString linkName = QString::fromStdString(l.name());
        if (auto r = validateName(QStringLiteral("link name"), linkName); !r)
            return r;
        if (names.contains(linkName))
            return Error(proto::ERROR_INVALID_ARGUMENT, QStringLiteral("Link %1 is given twice for host %2.").arg(linkName, host));
        names.insert(linkName);
        if (l.capacity_mbps() == 0 || l.capacity_mbps() > kMaxLinkMbps)
            return Error(proto::ERROR_INVALID_ARGUMENT,
                         QStringLiteral("Link %1 of host %2 has a capacity of %3 Mbps; give between 1 and %4 Mbps.")
                             .arg(linkName, host)
                             .arg(l.capacity_mbps())
                             .arg(kMaxLinkMbps));
    }
    return {};
}

const QStringList &editablePartitionFields()
{
    static const QStringList fields = {
        QStringLiteral("zone"), QStringLiteral("vcpus"), QStringLiteral("memory_mib"), QStringLiteral("bandwidth_mbps"),
        QStringLiteral("boot"), QStringLiteral("priority"), QStringLiteral("qos_class"), QStringLiteral("site"),
        QStringLiteral("room"), QStringLiteral("not_in_rack_of_groups"), QStringLiteral("affinity_group"),
        QStringLiteral("affinity_scope"), QStringLiteral("affinity_required"), QStringLiteral("anti_affinity_group"),
        QStringLiteral("cpu_shares"), QStringLiteral("accelerator")};
    return fields;
}

const QStringList &stoppedOnlyPartitionFields()
{
    static const QStringList fields = {QStringLiteral("vcpus"), QStringLiteral("memory_mib"), QStringLiteral("boot"),
                                       QStringLiteral("accelerator"), QStringLiteral("bandwidth_mbps")};
    return fields;
}

QString newUuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QString partitionStateName(proto::PartitionState state)
{
    switch (state) {
    case proto::PARTITION_STATE_STOPPED: return QStringLiteral("stopped");
    case proto::PARTITION_STATE_STARTING: return QStringLiteral("starting");
    case proto::PARTITION_STATE_RUNNING: return QStringLiteral("running");
    case proto::PARTITION_STATE_STOPPING: return QStringLiteral("stopping");
    case proto::PARTITION_STATE_FAILED: return QStringLiteral("failed");
    case proto::PARTITION_STATE_PAUSED: return QStringLiteral("paused");
    default: return QStringLiteral("unknown");
    }
}

QString hostStateName(proto::HostState state)
{
    switch (state) {
    case proto::HOST_STATE_UP: return QStringLiteral("up");
    case proto::HOST_STATE_DEGRADED: return QStringLiteral("degraded");
    case proto::HOST_STATE_FAILED: return QStringLiteral("failed");
    case proto::HOST_STATE_MAINTENANCE: return QStringLiteral("maintenance");
    case proto::HOST_STATE_UNREACHABLE: return QStringLiteral("unreachable");
    default: return QStringLiteral("unknown");
    }
}

std::optional<proto::PartitionState> partitionStateFromName(const QString &name)
{
    for (int s = proto::PARTITION_STATE_STOPPED; s <= proto::PARTITION_STATE_PAUSED; ++s)
        if (partitionStateName(proto::PartitionState(s)) == name)
            return proto::PartitionState(s);
    return std::nullopt;
}

} // namespace vdc::model
