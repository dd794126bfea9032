#include "placement.h"

#include "model/validation.h"

#include <algorithm>
#include <tuple>

namespace vdc::ops {

namespace {

QString str(const std::string &s) { return QString::fromStdString(s); }

QString stateReason(proto::HostState state)
{
    switch (state) {
    case proto::HOST_STATE_MAINTENANCE: return QStringLiteral("host is in maintenance");
    case proto::HOST_STATE_UNSPECIFIED: return QStringLiteral("host state is unknown");
    default: return QStringLiteral("host is %1").arg(model::hostStateName(state));
    }
}

// What a host can give partitions at most: its total minus what system
// partitions hold.
std::uint32_t coreCapacity(const proto::Host &h)
{
    return h.cores_total() > h.cores_reserved() ? h.cores_total() - h.cores_reserved() : 0;
}

std::uint64_t memoryCapacity(const proto::Host &h)
{
    return h.memory_total_mib() > h.memory_reserved_mib() ? h.memory_total_mib() - h.memory_reserved_mib() : 0;
}

} // namespace

Placement::Outcome Placement::chooseHost(const proto::PartitionSpec &spec, const QList<Candidate> &candidates)
{
    QList<Candidate> sorted = candidates;
    std::sort(sorted.begin(), sorted.end(),
              [](const Candidate &a, const Candidate &b) { return a.host.name() < b.host.name(); });

    const QString zone = str(spec.zone());
    const std::uint32_t vcpus = spec.vcpus();
    const std::uint64_t memory = spec.memory_mib();

    Outcome outcome;
    struct Fit
    {
        std::uint64_t memoryLeft;
        std::uint32_t coresLeft;
        QString name;
    };
    QList<Fit> fits;
    QList<proto::PlacementRejection> rejected;

    auto reject = [&](const QString &name, const QString &reason) {
        proto::PlacementRejection r;
        r.set_host(name.toStdString());
        r.set_reason(QStringLiteral("%1: %2").arg(name, reason).toStdString());
        rejected.append(r);
    };

    for (const auto &c : sorted) {
        const QString name = str(c.host.name());
        if (c.host.state() != proto::HOST_STATE_UP) {
            reject(name, stateReason(c.host.state()));
            continue;
        }
        if (!zone.isEmpty() && str(c.host.zone()) != zone) {
            reject(name, QStringLiteral("not in zone %1").arg(zone));
            continue;
        }
        const std::uint32_t coresFree = c.host.cores_free() > c.inFlightCores ? c.host.cores_free() - c.inFlightCores : 0;
        const std::uint64_t memoryFree =
            c.host.memory_free_mib() > c.inFlightMemoryMib ? c.host.memory_free_mib() - c.inFlightMemoryMib : 0;
        if (coresFree < vcpus) {
            reject(name, QStringLiteral("%1 %2 free, %3 needed")
                             .arg(coresFree)
                             .arg(coresFree == 1 ? QStringLiteral("core") : QStringLiteral("cores"))
                             .arg(vcpus));
            continue;
        }
        if (memoryFree < memory) {
            reject(name, QStringLiteral("%1 MiB free, %2 MiB needed").arg(memoryFree).arg(memory));
            continue;
        }
        fits.append(Fit{memoryFree - memory, coresFree - vcpus, name});
    }

    if (!fits.isEmpty()) {
        const auto best = std::min_element(fits.cbegin(), fits.cend(), [](const Fit &a, const Fit &b) {
            return std::tie(a.memoryLeft, a.coresLeft, a.name) < std::tie(b.memoryLeft, b.coresLeft, b.name);
        });
        outcome.host = best->name;
        for (const auto &f : fits)
            if (f.name != best->name)
                reject(f.name, QStringLiteral("fits, but %1 is a tighter fit").arg(best->name));
        std::sort(rejected.begin(), rejected.end(), [](const auto &a, const auto &b) { return a.host() < b.host(); });
        outcome.rejections = rejected;
        return outcome;
    }

    QString message = QStringLiteral("No host can run partition %1 (%2 %3, %4 MiB).")
                          .arg(str(spec.name()))
                          .arg(vcpus)
                          .arg(vcpus == 1 ? QStringLiteral("vCPU") : QStringLiteral("vCPUs"))
                          .arg(memory);
    if (sorted.isEmpty()) {
        message += QStringLiteral(" No hosts are registered; add one first.");
    } else {
        // A partition larger than every host can never start, whatever is
        // stopped; say so instead of letting the operator free capacity.
        std::uint32_t largestCores = 0;
        std::uint64_t largestMemory = 0;
        bool known = false;
        for (const auto &c : sorted) {
            if (c.host.cores_total() == 0 && c.host.memory_total_mib() == 0)
                continue; // never reported its inventory
            known = true;
            largestCores = std::max(largestCores, coreCapacity(c.host));
            largestMemory = std::max(largestMemory, memoryCapacity(c.host));
        }
        if (known && vcpus > largestCores)
            message += QStringLiteral(" No host has %1 cores; the largest has %2.").arg(vcpus).arg(largestCores);
        if (known && memory > largestMemory)
            message += QStringLiteral(" No host has %1 MiB of memory; the largest has %2 MiB.").arg(memory).arg(largestMemory);
    }
    outcome.error = Error(proto::ERROR_INSUFFICIENT_RESOURCES, message);
    outcome.rejections = rejected;
    return outcome;
}

} // namespace vdc::ops
