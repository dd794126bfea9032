#pragma once

#include "choice.h"
#include "demand.h"
#include "hostmodel.h"
#include "placementindex.h"
#include "zonepolicy.h"

#include "core/result.h"

#include <QList>

namespace vdc::placement {

// The hosts and zones placement works on, indexed for fast scans: per-zone
// candidate lists, interned names, per-group host and rack counts. A value
// type: copying it (as a batch does for its in-batch accounting) is cheap
// next to placing.
class PlacementState
{
public:
    // Checks and indexes the model. Refuses bad names, duplicates, free above
    // total, guarantees above a link's capacity, hosts claimed by two zones,
    // overcommit outside 1-64, HA headroom outside 0-<1 and more than 64 QoS
    // classes.
    static Result<PlacementState> create(const QList<HostModel> &hosts, const QList<ZonePolicy> &zones = {});

    // The hosts in natural name order, with every commit and release applied.
    const QList<HostModel> &hosts() const { return m_index.hosts; }
    const HostModel *host(const QString &name) const;
    QList<ZonePolicy> zones() const;

    // What the HA headroom of a zone keeps free (0, 0 for unknown zones).
    std::int64_t haReservedCores(const QString &zone) const;
    std::uint64_t haReservedMemoryMib(const QString &zone) const;

    // Books a placement: the host's free cores, memory and link, the zone's
    // totals and the groups. Refused with ERROR_CONFLICT if it no longer fits
    // (the state moved on since the choice was made).
    Result<void> commit(const Demand &demand, const Choice &choice);
    // Gives back what a partition placed with commit() held (it stopped).
    Result<void> release(const Demand &demand, const QString &host, const QString &link = {});

private:
    friend class PlacementEngine;
    PlacementIndex m_index;
};

} // namespace vdc::placement
