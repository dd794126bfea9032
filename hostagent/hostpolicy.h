#pragma once

#include "core/result.h"

#include "vdc.pb.h"

#include <QString>

namespace vdc::agent {

class ResourceView;

// The host's resource allocation policy: which concrete cores and memory
// granules a partition gets.
//
// Cores: among the NUMA nodes that have enough free cores for all vCPUs,
//   the node with the most free cores (ties: the lowest node number), and
//   within it the lowest free core indices. Keeping a partition on one node
//   keeps its memory accesses local; taking the emptiest node leaves the
//   others whole for later partitions. When no single node can hold all
//   vCPUs, the lowest free core indices across all nodes.
// Memory: ceil(memory_mib / granule size) granules, the lowest free granule
//   indices (granules carry no NUMA information in the snapshot).
// Never chosen: resources reserved for system partitions ("system") and
//   resources held by any partition, including the one being placed.
//
// The choice is made on the agent's copy of the resource database; the
// monitor re-checks it and answers ERROR_CONFLICT if the copy was stale.
class HostPolicy
{
public:
    explicit HostPolicy(QString hostName);

    // The resources for `spec`, or ERROR_INSUFFICIENT_RESOURCES naming what
    // is short ("Host h1 has 2 free cores; partition web1 needs 4."), or
    // ERROR_UNAVAILABLE when there is no snapshot yet.
    Result<proto::ResourceAssignment> choose(const ResourceView &view, const proto::PartitionSpec &spec) const;

    const QString &hostName() const { return m_hostName; }

private:
    QString m_hostName;
};

} // namespace vdc::agent
