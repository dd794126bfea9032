#pragma once

#include "core/result.h"

#include <QHash>
#include <QList>
#include <QString>

#include <cstdint>

namespace vdc::ops {

// Turns the engine's view of the data center into the placement library's
// model (vdc::placement) and its answers back into the ops API's terms.
//
// Hosts: the cores and memory partitions may use are the host's totals
// minus what its system partitions hold; free is the agent's last report
// minus starts still in flight. A host whose system partitions hold
// resources counts as in use (it is powered and runs vdc's own partitions),
// so the pack policy fills the fullest host that fits: the tightest fit.
// Link guarantees are the sums of the guarantees of the partitions on each
// link. Location parts a host leaves empty come from its zone.
//
// Partitions: a partition's zone, or else the zones its domain may use, or
// else any host. The policy set in force for its domain adds per-zone limits
// (the domain's running vCPUs and memory there) and reservations (capacity
// kept free for a domain; other domains may not take it). A zone that a
// limit or another domain's reservation closes is taken out of the
// partition's zones, and its hosts are rejected with that reason.
//
// Explained decisions list every host that was not chosen: those that fail a
// filter with the filter's reason, those that fit with the policy that
// preferred the chosen host.
class PlacementPlanner
{
public:
    struct HostInput
    {
        proto::Host host;
        std::uint32_t inFlightCores = 0;
        std::uint64_t inFlightMemoryMib = 0;
    };

    // The per-zone limits and reservations in force for one domain.
    struct DomainPolicy
    {
        QString policySet;
        QList<proto::ZonePolicyLimits> zones;
    };

    struct Inputs
    {
        QList<HostInput> hosts;
        QList<proto::Zone> zones;
        QList<proto::Partition> partitions; // every partition; those on a host count there
        QHash<QString, proto::Domain> domains;
        QHash<QString, DomainPolicy> policies; // by domain
    };

    enum class Mode {
        Single,       // one partition: the fast path, reasons when nothing fits
        AllOrNothing, // a batch: every partition placed, or none
        BestEffort,   // a batch: as many as fit (partitions linked by groups together)
    };

    struct Outcome
    {
        bool complete = false;
        Error error;                                 // when not complete
        proto::PlacementPlan plan;                   // decisions in placement order, unplaced last
        QList<proto::PlacementRejection> rejections; // every decision's, flattened
    };

    // `explain`: list the hosts that were not chosen also when one was.
    static Outcome plan(const Inputs &inputs, const QList<proto::PartitionSpec> &specs, Mode mode, bool explain);

    // "prod/web1": how a partition is named in batch messages.
    static QString label(const proto::PartitionSpec &spec);
};

} // namespace vdc::ops
