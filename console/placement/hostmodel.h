#pragma once

#include "location.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <cstdint>

namespace vdc::placement {

// Only Up and Degraded hosts take partitions; a degraded host is chosen only
// when no up host passes the filters.
enum class HostState { Up, Degraded, Failed, Maintenance, Unreachable };

// One host as placement sees it: plain values, cheap to copy. The operations
// engine fills it from its database and the agents' inventories.
struct HostModel
{
    struct Link
    {
        QString name;                    // "eth0"
        std::uint32_t capacityMbps = 0;
        std::uint32_t guaranteedMbps = 0; // sum of the guarantees of the partitions on it
    };

    // A partition already running (or starting) on the host, with its groups.
    struct Resident
    {
        QString partition;
        QString affinityGroup;     // empty: none
        QString antiAffinityGroup; // empty: none
    };

    QString name;
    QString zone; // empty: in no zone (only demands that accept any zone use it)
    Location location;
    HostState state = HostState::Up;

    // Cores partitions may use (the host's cores minus those held by system
    // partitions), and what is left of them: coresTotal minus the vCPUs placed
    // here. Negative when an overcommitting zone placed more vCPUs than cores.
    std::uint32_t coresTotal = 0;
    std::int32_t coresFree = 0;
    // Memory is never overcommitted.
    std::uint64_t memoryTotalMib = 0;
    std::uint64_t memoryFreeMib = 0;

    QStringList qosClasses; // the classes this host offers; empty: its zone's class
    QList<Link> links;
    QList<Resident> residents;
};

} // namespace vdc::placement
