#pragma once

#include <QString>
#include <QStringList>

#include <cstdint>

namespace vdc::placement {

// Pack fills the fullest host that fits (fewer hosts powered, large holes kept
// for large partitions); Spread takes the host with the most left free
// (balanced load, smaller blast radius).
enum class AllocationPolicy { Pack, Spread };

// The allocation policy of one zone. A host belongs to a zone when its
// HostModel::zone names it or the zone lists it in `hosts` (both may be used;
// they must not contradict each other). A zone that hosts name but that has
// no ZonePolicy gets the defaults below.
struct ZonePolicy
{
    QString name;
    QStringList hosts;
    QString qosClass;                      // offered by member hosts that list no classes themselves
    std::uint64_t bandwidthBudgetMbps = 0; // cap on the sum of guarantees in the zone; 0: no cap
    AllocationPolicy allocation = AllocationPolicy::Pack;
    double coreOvercommit = 1.0; // vCPUs per core, 1.0 to 64.0; memory is never overcommitted
    double haHeadroom = 0.0;     // fraction of the zone's capacity kept free for restarts, 0 to <1
};

} // namespace vdc::placement
