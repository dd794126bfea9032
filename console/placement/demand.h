#pragma once

#include <QString>
#include <QStringList>

#include <cstdint>

namespace vdc::placement {

enum class AffinityScope { Host, Rack };
enum class AffinityStrength { Preferred, Required };

// A partition to place.
//
// Affinity: partitions that name the same affinityGroup want to be together.
// The demand being placed says how strongly and at what scope:
//  - Required + Host: only hosts that already run a member of the group pass;
//    Required + Rack: only hosts in a rack that holds a member pass.
//  - Preferred: no host is rejected; hosts (Host scope) or racks (Rack scope)
//    holding a member get a bonus larger than any other weight.
//  - While no member is placed anywhere the group constrains nothing; in a
//    batch its members are placed one after the other, and for Required+Host
//    the first member goes to a host that can take the whole group.
// Anti-affinity: no two partitions with the same antiAffinityGroup ever share
// a host (a hard rule, never relaxed).
// Location: site and room must match when given; notInRackOfGroups keeps the
// partition out of every rack that holds a member (affinity or anti-affinity)
// of any of these groups.
struct Demand
{
    QString name;
    std::uint32_t vcpus = 0;
    std::uint64_t memoryMib = 0;
    QStringList zones;             // allowed zones; empty: any zone
    QString qosClass;              // empty: any
    std::uint32_t bandwidthMbps = 0; // guarantee on one of the host's links; 0: best effort
    std::uint32_t priority = 0;      // batches place higher priorities first

    QString site;
    QString room;
    QStringList notInRackOfGroups;

    QString affinityGroup;
    AffinityScope affinityScope = AffinityScope::Host;
    AffinityStrength affinityStrength = AffinityStrength::Preferred;
    QString antiAffinityGroup;
};

} // namespace vdc::placement
