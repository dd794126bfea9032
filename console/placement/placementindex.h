#pragma once

// Internal to the placement library: the indexed form of a PlacementState
// that the engine scans. Not part of the API; use PlacementState.

#include "demand.h"
#include "hostmodel.h"
#include "zonepolicy.h"

#include <QHash>
#include <QList>
#include <QString>

#include <cstdint>
#include <vector>

namespace vdc::placement {

struct PlacementIndex
{
    // Hot per-host numbers, kept apart from the strings so a scan over a
    // zone's hosts touches one small struct per host.
    struct HostSlot
    {
        std::int64_t coresFree = 0;     // effective: with the zone's overcommit
        std::int64_t coresCapacity = 0; // effective total
        std::uint64_t memoryFree = 0;
        std::uint64_t memoryTotal = 0;
        std::uint64_t qosMask = 0;      // bit per interned QoS class
        int zone = -1;
        int site = -1;
        int room = -1;
        int rack = -1;
        int linkBegin = 0;
        int linkCount = 0;
        int residents = 0;
        HostState state = HostState::Up;
        bool qosFromHost = false;       // the host lists its own classes
        bool takesPartitions() const { return state == HostState::Up || state == HostState::Degraded; }
    };

    struct LinkSlot
    {
        std::uint64_t capacity = 0;
        std::uint64_t guaranteed = 0;
    };

    struct ZoneSlot
    {
        QString name;
        ZonePolicy policy;
        QList<int> hosts; // host indexes in name order
        // Over the hosts that take partitions:
        std::int64_t coresCapacity = 0;
        std::int64_t coresFree = 0;
        std::uint64_t memoryTotal = 0;
        std::uint64_t memoryFree = 0;
        std::int64_t maxHostCores = 0;
        std::uint64_t maxHostMemory = 0;
        // Admission control: what the HA headroom keeps free.
        std::int64_t reserveCores = 0;
        std::uint64_t reserveMemory = 0;
        std::uint64_t bandwidthUsed = 0; // sum of the guarantees on member links
        // What a batch still has to place in this zone: with what is used it
        // tells which resource will run out first (the one to open hosts for).
        std::uint64_t pendingCores = 0;
        std::uint64_t pendingMemory = 0;
    };

    // Where the members of one group are. Group names are one namespace:
    // a name may serve as affinity group for some partitions and anti-affinity
    // group for others; onRack counts both roles (for "not in the rack of").
    struct GroupSlot
    {
        QHash<int, int> antiOnHost;     // host -> members of the anti-affinity role there
        QHash<int, int> affinityOnHost; // host -> members of the affinity role there
        QHash<int, int> affinityOnRack; // rack -> members of the affinity role there
        QHash<int, int> onRack;         // rack -> members of either role there
    };

    QList<HostModel> hosts; // in natural name order ("h2" before "h10")
    std::vector<HostSlot> hostSlots;
    std::vector<LinkSlot> links;
    std::vector<ZoneSlot> zones;
    std::vector<GroupSlot> groups;
    std::vector<int> allHosts; // 0..n-1, the candidate list of "any zone"

    QHash<QString, int> hostIds;
    QHash<QString, int> zoneIds;
    QHash<QString, int> qosIds;
    QHash<QString, int> siteIds;
    QHash<QString, int> roomIds;
    QHash<QString, int> rackIds; // key: site, room and rack joined
    QHash<QString, int> groupIds;
    QStringList qosNames;   // by QoS id
    QStringList rackNames;  // by rack id: the rack's own name
    QStringList groupNames; // by group id

    std::uint64_t maxLinkCapacity = 0;
    std::int64_t maxHostCores = 0;   // effective, over hosts that take partitions
    std::uint64_t maxHostMemory = 0;

    int groupId(const QString &name) const { return name.isEmpty() ? -1 : groupIds.value(name, -1); }
    int internGroup(const QString &name);

    // Books or returns a partition's resources on a host (and link, -1 for
    // none). Callers have checked that it fits.
    void apply(const Demand &demand, int host, int link);
    void remove(const Demand &demand, int host, int link);

    // The link to carry a guarantee: the one with the most unguaranteed
    // bandwidth (so guarantees spread over a host's links); -1 without links.
    int widestLink(int host) const;
    std::uint64_t unguaranteed(int link) const { return links[size_t(link)].capacity - links[size_t(link)].guaranteed; }

    // Counts (delta +1) or uncounts (-1) a partition's groups on a host.
    void adjustGroups(const QString &affinityGroup, const QString &antiAffinityGroup, int host, int delta);

private:
    void adjustZone(int host, std::int64_t coresBefore, std::uint64_t memoryBefore, std::int64_t bandwidthDelta);
};

} // namespace vdc::placement
