#pragma once

#include "vdc.pb.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <cstdint>

namespace vdc::ops {

// What changes when a domain's policy set in force changes from `before` to
// `after` (either may be absent: no set, nothing managed). The same plan is
// carried out at a calendar boundary and shown in the preview before it.
//
// A set manages only what it names: partitions in `run` are started if they
// are not running, partitions in `stop` are stopped if they run, everything
// else is left alone. CPU shares: a partition gets the shares its set gives
// its QoS class ("" is the class of partitions without one), else its own.
// Limits and reservations take effect for every placement from then on;
// partitions already running are not stopped for a lower limit.
class PolicyTransition
{
public:
    struct PartitionState
    {
        proto::PartitionSpec spec;
        bool running = false;  // running or paused (or on its way)
        bool startable = false; // stopped, or failed without a host
    };

    struct ShareChange
    {
        QString partition;
        std::uint32_t from = 0; // 0: the host's default
        std::uint32_t to = 0;
    };

    struct Plan
    {
        QStringList start;
        QStringList stop;
        QList<ShareChange> shares;
        QStringList limits; // one sentence per zone whose limits or reservations change

        bool isEmpty() const { return start.isEmpty() && stop.isEmpty() && shares.isEmpty() && limits.isEmpty(); }
        // Everything as sentences, in the order the engine does it.
        QStringList sentences() const;
    };

    static Plan plan(const proto::PolicySet *before, const proto::PolicySet *after, const QList<PartitionState> &partitions);

    // The CPU shares a partition has under `set` (nullptr: no set).
    static std::uint32_t sharesFor(const proto::PolicySet *set, const proto::PartitionSpec &spec);

    // "zone z1: at most 32 vCPUs, 8 cores reserved" / "zone z1: no limits".
    static QString describeLimits(const QString &zone, const proto::ZonePolicyLimits *limits);
};

} // namespace vdc::ops
