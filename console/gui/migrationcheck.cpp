#include "migrationcheck.h"

#include "displayformat.h"
#include "statestore.h"

#include <QStringList>

namespace vdc::gui {

namespace {
QString qs(const std::string &s) { return QString::fromStdString(s); }
} // namespace

MigrationCheck::Verdict MigrationCheck::check(const StateStore &store, const QString &partitionUuid,
                                              const QString &targetHost)
{
    const proto::Partition *partition = store.partition(partitionUuid);
    if (!partition)
        return {false, tr("The partition is no longer known to the console.")};
    const QString name = qs(partition->spec().name());
    const proto::Host *host = store.host(targetHost);
    if (!host)
        return {false, tr("Drop %1 on a host card to migrate it there.").arg(name)};
    const QString source = qs(partition->host());
    if (source == targetHost)
        return {false, tr("%1 already runs on %2; drop it on another host.").arg(name, targetHost)};
    if (partition->state() != proto::PARTITION_STATE_RUNNING && partition->state() != proto::PARTITION_STATE_PAUSED)
        return {false, tr("Only a running partition can be migrated; %1 is not running.").arg(name)};
    switch (host->state()) {
    case proto::HOST_STATE_UP:
    case proto::HOST_STATE_DEGRADED:
        break;
    case proto::HOST_STATE_FAILED:
        return {false, tr("Host %1 has failed; it cannot take partitions.").arg(targetHost)};
    case proto::HOST_STATE_MAINTENANCE:
        return {false, tr("Host %1 is in maintenance; it takes no partitions.").arg(targetHost)};
    default:
        return {false, tr("Host %1 is not reachable; it cannot take partitions.").arg(targetHost)};
    }
    const QString zone = qs(partition->spec().zone());
    const QString targetZone = qs(host->zone());
    if (!zone.isEmpty() && zone != targetZone)
        return {false, targetZone.isEmpty()
                           ? tr("%1 must stay in zone %2; host %3 is in no zone.").arg(name, zone, targetHost)
                           : tr("%1 must stay in zone %2; host %3 is in zone %4.").arg(name, zone, targetHost, targetZone)};
    for (const auto &domain : store.domains()) {
        if (domain.name() != partition->spec().domain() || domain.allowed_zones_size() == 0)
            continue;
        bool allowed = false;
        for (const auto &z : domain.allowed_zones())
            allowed = allowed || qs(z) == targetZone;
        if (!allowed)
            return {false, tr("Domain %1 may not use zone %2 of host %3.")
                               .arg(qs(domain.name()), targetZone.isEmpty() ? tr("(none)") : targetZone, targetHost)};
    }
    const std::uint32_t vcpus = partition->spec().vcpus();
    if (host->cores_free() < vcpus)
        return {false, tr("Host %1 has %2 free cores; %3 needs %4.")
                           .arg(targetHost)
                           .arg(host->cores_free())
                           .arg(name)
                           .arg(vcpus)};
    const std::uint64_t memory = partition->spec().memory_mib();
    if (host->memory_free_mib() < memory)
        return {false, tr("Host %1 has %2 free; %3 needs %4.")
                           .arg(targetHost, DisplayFormat::memory(host->memory_free_mib()), name,
                                DisplayFormat::memory(memory))};
    return {true, tr("Migrate %1 from %2 to %3.").arg(name, source, targetHost)};
}

MigrationCheck::Verdict MigrationCheck::checkZoneMove(const StateStore &store, const QString &hostName,
                                                      const QString &zone)
{
    const proto::Host *host = store.host(hostName);
    if (!host)
        return {false, tr("The host is no longer known to the console.")};
    if (qs(host->zone()) == zone)
        return {false, zone.isEmpty() ? tr("Host %1 is in no zone already.").arg(hostName)
                                      : tr("Host %1 is in zone %2 already.").arg(hostName, zone)};
    // The engine moves only hosts that run nothing: a running partition keeps
    // the zone it was placed in.
    QStringList running;
    for (int row = 0; row < store.partitionCount(); ++row) {
        const auto &p = store.partitionAt(row);
        if (qs(p.host()) == hostName && p.state() != proto::PARTITION_STATE_STOPPED
            && p.state() != proto::PARTITION_STATE_FAILED)
            running << qs(p.spec().name());
    }
    if (!running.isEmpty()) {
        running.sort();
        return {false, tr("Host %1 runs partitions (%2); migrate or stop them before moving the host.")
                           .arg(hostName, running.join(QLatin1String(", ")))};
    }
    return {true, zone.isEmpty() ? tr("Take host %1 out of its zone.").arg(hostName)
                                 : tr("Move host %1 to zone %2.").arg(hostName, zone)};
}

} // namespace vdc::gui
