#include "validation.h"

#include <QRegularExpression>
#include <QUuid>

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

Result<void> validatePartitionSpec(const proto::PartitionSpec &spec)
{
    if (auto r = validateName(QStringLiteral("partition name"), QString::fromStdString(spec.name())); !r)
        return r;
    if (auto r = validateName(QStringLiteral("domain name"), QString::fromStdString(spec.domain())); !r)
        return r;
    if (!spec.zone().empty())
        if (auto r = validateName(QStringLiteral("zone name"), QString::fromStdString(spec.zone())); !r)
            return r;
    if (!spec.uuid().empty() && QUuid::fromString(QString::fromStdString(spec.uuid())).isNull())
        return Error(proto::ERROR_INVALID_ARGUMENT,
                     QStringLiteral("The partition UUID \"%1\" is not a valid UUID.").arg(QString::fromStdString(spec.uuid())));
    if (spec.vcpus() == 0 || spec.vcpus() > kMaxVcpus)
        return Error(proto::ERROR_INVALID_ARGUMENT,
                     QStringLiteral("Partition %1 asks for %2 vCPUs; give between 1 and %3.")
                         .arg(QString::fromStdString(spec.name())).arg(spec.vcpus()).arg(kMaxVcpus));
    if (spec.memory_mib() < kMinMemoryMib || spec.memory_mib() > kMaxMemoryMib)
        return Error(proto::ERROR_INVALID_ARGUMENT,
                     QStringLiteral("Partition %1 asks for %2 MiB of memory; give between %3 MiB and %4 MiB.")
                         .arg(QString::fromStdString(spec.name())).arg(spec.memory_mib()).arg(kMinMemoryMib).arg(kMaxMemoryMib));
    if (!spec.accelerator().empty() && spec.accelerator() != "tcg")
        return Error(proto::ERROR_INVALID_ARGUMENT,
                     QStringLiteral("Partition %1 asks for the accelerator \"%2\"; leave it empty for the host's best "
                                    "(KVM where usable) or give \"tcg\" for software emulation.")
                         .arg(QString::fromStdString(spec.name()), QString::fromStdString(spec.accelerator())));
    return {};
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
