#include "placementengine.h"

#include "batchrun.h"
#include "placementrules.h"

#include "model/validation.h"

#include <QSet>

namespace vdc::placement {

using namespace rules;

namespace {

Result<void> validateOptional(const QString &what, const QString &name)
{
    if (name.isEmpty())
        return {};
    return model::validateName(what, name);
}

} // namespace

Result<void> PlacementEngine::validate(const Demand &d, const PlacementState &state)
{
    const PlacementIndex &ix = state.m_index;
    if (auto r = model::validateName(QStringLiteral("partition name"), d.name); !r)
        return r;
    if (d.vcpus == 0 || d.vcpus > model::kMaxVcpus)
        return Error(proto::ERROR_INVALID_ARGUMENT, QStringLiteral("Partition %1 asks for %2 vCPUs; give between 1 and %3.")
                                                        .arg(d.name).arg(d.vcpus).arg(model::kMaxVcpus));
    if (d.memoryMib < model::kMinMemoryMib || d.memoryMib > model::kMaxMemoryMib)
        return Error(proto::ERROR_INVALID_ARGUMENT,
                     QStringLiteral("Partition %1 asks for %2 MiB of memory; give between %3 MiB and %4 MiB.")
                         .arg(d.name).arg(d.memoryMib).arg(model::kMinMemoryMib).arg(model::kMaxMemoryMib));
    for (const QString &z : d.zones) {
        if (auto r = model::validateName(QStringLiteral("zone name"), z); !r)
            return r;
        const int id = ix.zoneIds.value(z, -1);
        if (id < 0)
            return Error(proto::ERROR_NOT_FOUND,
                         QStringLiteral("Zone %1 does not exist; partition %2 cannot be placed in it.").arg(z, d.name));
        if (ix.zones[size_t(id)].hosts.isEmpty())
            return Error(proto::ERROR_FAILED_PRECONDITION,
                         QStringLiteral("Zone %1 has no hosts; add a host to it before placing partition %2 there.").arg(z, d.name));
    }
    if (auto r = validateOptional(QStringLiteral("QoS class"), d.qosClass); !r)
        return r;
    if (auto r = validateOptional(QStringLiteral("site name"), d.site); !r)
        return r;
    if (auto r = validateOptional(QStringLiteral("room name"), d.room); !r)
        return r;
    for (const QString &g : d.notInRackOfGroups)
        if (auto r = model::validateName(QStringLiteral("group name"), g); !r)
            return r;
    if (auto r = validateOptional(QStringLiteral("affinity group name"), d.affinityGroup); !r)
        return r;
    if (auto r = validateOptional(QStringLiteral("anti-affinity group name"), d.antiAffinityGroup); !r)
        return r;
    if (d.bandwidthMbps > 0 && d.bandwidthMbps > ix.maxLinkCapacity) {
        if (ix.maxLinkCapacity == 0)
            return Error(proto::ERROR_INVALID_ARGUMENT,
                         QStringLiteral("Partition %1 needs a %2 Mbps guarantee, but no host has a network link.")
                             .arg(d.name).arg(d.bandwidthMbps));
        return Error(proto::ERROR_INVALID_ARGUMENT,
                     QStringLiteral("Partition %1 needs a %2 Mbps guarantee, but no link anywhere has %2 Mbps; the largest has %3.")
                         .arg(d.name).arg(d.bandwidthMbps).arg(ix.maxLinkCapacity));
    }
    if (ix.hosts.isEmpty())
        return Error(proto::ERROR_FAILED_PRECONDITION,
                     QStringLiteral("There are no hosts to place partition %1 on; add a host first.").arg(d.name));
    return {};
}

Decision PlacementEngine::chooseHost(const Demand &demand, const PlacementState &state, Explain explain)
{
    if (auto r = validate(demand, state); !r) {
        Decision refused;
        refused.error = r.error();
        return refused;
    }
    Pick pick;
    return decide(state.m_index, resolve(state.m_index, demand), explain == Explain::Always, pick);
}

double PlacementEngine::size(const Demand &demand, const PlacementState &state)
{
    return sizeOf(state.m_index, demand.vcpus, demand.memoryMib);
}

BatchOutcome PlacementEngine::placeBatch(const QList<Demand> &demands, const PlacementState &state, const BatchOptions &options)
{
    BatchOutcome out;
    const int count = int(demands.size());
    out.decisions.resize(count);
    out.complete = true;
    if (count == 0)
        return out;

    // Bad input anywhere refuses the whole batch: nothing is placed.
    std::vector<char> bad(size_t(count), 0);
    QSet<QString> seen;
    int firstBad = -1;
    for (int i = 0; i < count; ++i) {
        const Demand &d = demands[i];
        Result<void> r = validate(d, state);
        if (r && seen.contains(d.name))
            r = Error(proto::ERROR_INVALID_ARGUMENT, QStringLiteral("Partition %1 is in the batch twice.").arg(d.name));
        seen.insert(d.name);
        if (!r) {
            out.decisions[i].error = r.error();
            bad[size_t(i)] = 1;
            if (firstBad < 0)
                firstBad = i;
        }
    }
    if (firstBad >= 0) {
        const Error &first = out.decisions[firstBad].error;
        for (int i = 0; i < count; ++i)
            if (!bad[size_t(i)])
                out.decisions[i].error =
                    Error(proto::ERROR_FAILED_PRECONDITION,
                          QStringLiteral("Partition %1 was not placed: the batch was refused because of bad input.").arg(demands[i].name));
        out.complete = false;
        out.error = Error(first.code(), QStringLiteral("The batch was refused: %1").arg(first.message()));
        return out;
    }

    BatchRun(demands, state.m_index, options, out).run();
    return out;
}

} // namespace vdc::placement
