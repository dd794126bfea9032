#pragma once

#include "batchoptions.h"
#include "batchoutcome.h"
#include "decision.h"
#include "demand.h"
#include "placementstate.h"

#include "core/result.h"

#include <QList>

namespace vdc::placement {

// Chooses hosts for partitions: filters, then weights.
//
// Filters, in this order; a host gets the reason of the first one it fails:
//   host state      "h3: host is failed"              (up and degraded hosts pass)
//   zone            "h3: not in zone z1"
//   QoS class       "h3: qos class gold needed, zone offers silver"
//   site, room      "h3: site is lab, must be dc1"
//   rack rule       "h3: rack r12 holds group db"
//   anti-affinity   "h3: already runs web1 of anti-affinity group web"
//   affinity        "h3: affinity group db runs on h1, not here" (required only)
//   cores           "h3: 2 cores free, 4 needed"      (effective: cores x overcommit - vCPUs placed)
//   memory          "h3: 512 MiB free, 2048 MiB needed"
//   link            "h3: link eth0 has 200 Mbps unguaranteed, 500 needed"
//                   (the guarantee goes on the host's link with the most unguaranteed bandwidth)
//   zone budget     "h3: zone z1 has 300 Mbps of its bandwidth budget left, 500 needed"
//   HA headroom     "h3: would eat into the HA headroom of zone z1 (1024 MiB kept free)"
//                   (admission control: the zone's free cores and memory over its up and
//                   degraded hosts must stay at or above haHeadroom x its capacity)
//
// Weights (the highest score wins; ties go to the first host in name order).
// With rc and rm the fractions of the host's cores and memory left free after
// placing the partition:
//   Pack   (best fit): a host already in use scores 2 + (1 - (rc + rm) / 2),
//          in [2, 3], the fuller the better; an empty host scores its opening
//          weight, in (0, 1], so a new host is opened only when no used host
//          fits. Opening weight: (pc x cores / largest cores + pm x memory /
//          largest memory) / (pc + pm) in the zone, where pc and pm are the
//          zone's pressure on cores and memory (the share of its capacity used,
//          pending in the batch or asked for now): the host largest in the
//          resource the zone is short of.
//   Spread (most free): min(rc, rm) + 0.001 x (rc + rm), in [0, 1.002].
//   Affinity preferred: +10 on a host (Host scope) or in a rack (Rack scope)
//          that holds a member of the group.
//   Degraded host: -100, so it wins only when no up host passes.
//
// Batches (placeBatch) place the partitions together against one working copy
// of the state, each placement counted before the next (cores, memory, link
// guarantees, zone budgets, HA headroom, groups). Bad input anywhere refuses
// the whole batch; an anti-affinity group with more members than eligible
// hosts is refused before anything is placed. Then, one priority tier at a
// time (higher priority first):
//   1. affinity groups, one after another, members largest first; the first
//      member of a Required+Host group goes to a host that takes the group;
//   2. partitions bound to one Pack zone: the zone is filled host by host.
//      Hosts in use first (fullest first), then empty ones by opening weight.
//      An empty host starts with the largest pending partition that fits
//      (size below); then, until nothing more fits, it takes the pending
//      partition with the best fill score
//        c + m - 50 x |uc / pc' - um / pm'|   (+0.25 for an anti-affinity member)
//      where c and m are the partition's share of the host's cores and
//      memory, uc and um the host's used shares after placing it, and pc', pm'
//      the zone's pressures scaled so the larger is 1: hosts are filled with
//      cores and memory in the proportion the zone's demand needs them, so
//      neither is stranded (a host out of memory with cores left, or the
//      reverse). What no host takes is retried alone and otherwise gets its
//      reasons;
//   3. everything else (spread zones, several or any zone), anti-affinity
//      members first (the most constrained), then larger first, then input
//      order, each on the host chosen by the weights above.
// The size of a partition is max(vCPUs / largest host's cores, memory /
// largest host's memory); an affinity group's is that of its members summed.
// See BatchOptions for what happens when not everything fits.
class PlacementEngine
{
public:
    enum class Explain {
        OnFailure, // fast path: reasons only when no host fits
        Always,    // every rejected host with its reason, also when one was chosen
    };

    // Refuses bad input with a sentence: bad names, 0 vCPUs, memory out of
    // range, an unknown zone or one with no hosts, a bandwidth guarantee no
    // link anywhere could carry.
    static Result<void> validate(const Demand &demand, const PlacementState &state);

    static Decision chooseHost(const Demand &demand, const PlacementState &state, Explain explain = Explain::OnFailure);

    static BatchOutcome placeBatch(const QList<Demand> &demands, const PlacementState &state, const BatchOptions &options = {});

    // The batch ordering measure (see above), in [0, 1] for a partition that
    // fits the largest host.
    static double size(const Demand &demand, const PlacementState &state);
};

} // namespace vdc::placement
