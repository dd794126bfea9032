#include "placementindex.h"

#include <algorithm>

namespace vdc::placement {

namespace {

void bump(QHash<int, int> &counts, int key, int delta)
{
    auto it = counts.find(key);
    if (it == counts.end()) {
        if (delta > 0)
            counts.insert(key, delta);
        return;
    }
    *it += delta;
    if (*it <= 0)
        counts.erase(it);
}

} // namespace

int PlacementIndex::internGroup(const QString &name)
{
    if (name.isEmpty())
        return -1;
    const auto it = groupIds.constFind(name);
    if (it != groupIds.cend())
        return *it;
    const int id = int(groups.size());
    groups.emplace_back();
    groupIds.insert(name, id);
    groupNames.append(name);
    return id;
}

int PlacementIndex::widestLink(int host) const
{
    const HostSlot &s = hostSlots[size_t(host)];
    int best = -1;
    std::uint64_t widest = 0;
    for (int l = s.linkBegin; l < s.linkBegin + s.linkCount; ++l) {
        const std::uint64_t free = unguaranteed(l);
        if (best < 0 || free > widest) {
            best = l;
            widest = free;
        }
    }
    return best;
}

void PlacementIndex::adjustZone(int host, std::int64_t coresBefore, std::uint64_t memoryBefore, std::int64_t bandwidthDelta)
{
    const HostSlot &s = hostSlots[size_t(host)];
    if (s.zone < 0)
        return;
    ZoneSlot &z = zones[size_t(s.zone)];
    z.bandwidthUsed = std::uint64_t(std::int64_t(z.bandwidthUsed) + bandwidthDelta);
    if (!s.takesPartitions())
        return;
    // A host overcommitted beyond its effective capacity adds nothing (not a
    // negative amount) to the zone's free cores.
    z.coresFree += std::max<std::int64_t>(0, s.coresFree) - std::max<std::int64_t>(0, coresBefore);
    z.memoryFree = z.memoryFree + s.memoryFree - memoryBefore;
}

void PlacementIndex::adjustGroups(const QString &affinityGroup, const QString &antiAffinityGroup, int host, int delta)
{
    const int rack = hostSlots[size_t(host)].rack;
    if (!affinityGroup.isEmpty()) {
        GroupSlot &g = groups[size_t(internGroup(affinityGroup))];
        bump(g.affinityOnHost, host, delta);
        if (rack >= 0) {
            bump(g.affinityOnRack, rack, delta);
            bump(g.onRack, rack, delta);
        }
    }
    if (!antiAffinityGroup.isEmpty()) {
        GroupSlot &g = groups[size_t(internGroup(antiAffinityGroup))];
        bump(g.antiOnHost, host, delta);
        if (rack >= 0)
            bump(g.onRack, rack, delta);
    }
}

void PlacementIndex::apply(const Demand &demand, int host, int link)
{
    HostSlot &s = hostSlots[size_t(host)];
    const std::int64_t coresBefore = s.coresFree;
    const std::uint64_t memoryBefore = s.memoryFree;
    s.coresFree -= demand.vcpus;
    s.memoryFree -= demand.memoryMib;
    ++s.residents;

    HostModel &model = hosts[host];
    model.coresFree -= std::int32_t(demand.vcpus);
    model.memoryFreeMib -= demand.memoryMib;
    model.residents.append({demand.name, demand.affinityGroup, demand.antiAffinityGroup});

    std::int64_t bandwidth = 0;
    if (link >= 0 && demand.bandwidthMbps > 0) {
        bandwidth = demand.bandwidthMbps;
        links[size_t(link)].guaranteed += demand.bandwidthMbps;
        model.links[link - s.linkBegin].guaranteedMbps += demand.bandwidthMbps;
    }
    adjustZone(host, coresBefore, memoryBefore, bandwidth);
    adjustGroups(demand.affinityGroup, demand.antiAffinityGroup, host, 1);
}

void PlacementIndex::remove(const Demand &demand, int host, int link)
{
    HostSlot &s = hostSlots[size_t(host)];
    const std::int64_t coresBefore = s.coresFree;
    const std::uint64_t memoryBefore = s.memoryFree;
    s.coresFree += demand.vcpus;
    s.memoryFree += demand.memoryMib;
    --s.residents;

    HostModel &model = hosts[host];
    model.coresFree += std::int32_t(demand.vcpus);
    model.memoryFreeMib += demand.memoryMib;
    for (qsizetype i = 0; i < model.residents.size(); ++i) {
        if (model.residents[i].partition == demand.name) {
            model.residents.removeAt(i);
            break;
        }
    }

    std::int64_t bandwidth = 0;
    if (link >= 0 && demand.bandwidthMbps > 0) {
        bandwidth = -std::int64_t(demand.bandwidthMbps);
        links[size_t(link)].guaranteed -= demand.bandwidthMbps;
        model.links[link - s.linkBegin].guaranteedMbps -= demand.bandwidthMbps;
    }
    adjustZone(host, coresBefore, memoryBefore, bandwidth);
    adjustGroups(demand.affinityGroup, demand.antiAffinityGroup, host, -1);
}

} // namespace vdc::placement
