#pragma once

// Internal to the placement library: the filters, weights and reasons that
// chooseHost and batches share. Not part of the API.

#include "decision.h"
#include "demand.h"
#include "placementindex.h"

#include <QList>
#include <QVarLengthArray>

#include <cstdint>

namespace vdc::placement::rules {

// A demand with its names resolved to the index's ids, so the scan compares
// integers only.
struct Need
{
    const Demand *demand = nullptr;
    std::int64_t vcpus = 0;
    std::uint64_t memory = 0;
    std::uint64_t bandwidth = 0;
    QVarLengthArray<int, 4> zones; // empty: any zone
    bool qosRule = false;
    std::uint64_t qosBit = 0;      // 0 when no host offers the class
    bool siteRule = false;
    int site = -2;
    bool roomRule = false;
    int room = -2;
    QVarLengthArray<int, 2> rackGroups; // groups that exist; the others hold no rack
    int affinity = -1;
    bool affinityRequired = false;
    AffinityScope affinityScope = AffinityScope::Host;
    int anti = -1;
    // For the first member of a required host-affinity group in a batch: the
    // whole group must fit on its host.
    std::int64_t groupCores = 0;
    std::uint64_t groupMemory = 0;
};

// What a filter said about a host: pass, or the reason with its numbers.
struct Verdict
{
    bool pass = true;
    RejectionReason reason = RejectionReason::HostState;
    std::uint64_t have = 0;
    std::uint64_t need = 0;
    int ref = -1; // link, group or zone, by reason
};

// How short a zone is of cores and of memory: the share of its capacity
// that is used, still pending in the batch, or asked for now. Without a zone,
// the demand's own shape against the largest host.
struct Pressure
{
    double cores;
    double memory;
};

// The best host found by a scan.
struct Pick
{
    int host = -1;
    int link = -1;
    double score = 0;
    int eligible = 0;
};

Need resolve(const PlacementIndex &ix, const Demand &d);

// The filters, cheapest and most selective first. `admission` adds the
// zone-wide checks (bandwidth budget, HA headroom) and the group aggregate;
// without it the verdict says only whether the host could take the partition
// on its own (used to count eligible hosts). `link` receives the chosen link.
Verdict evaluate(const PlacementIndex &ix, const Need &n, int h, bool admission, int *link);

Pressure pressure(const PlacementIndex &ix, const PlacementIndex::ZoneSlot *z, std::int64_t vcpus, std::uint64_t memory);
// The host holds something (a partition, or cores or memory in use).
bool inUse(const PlacementIndex::HostSlot &s);

// Which empty host to open: the largest in the resource the zone is short
// of, in (0, 1].
double openingWeight(const PlacementIndex &ix, int h, std::int64_t vcpus, std::uint64_t memory);

// The weight of a host that passed the filters (see PlacementEngine).
double score(const PlacementIndex &ix, const Need &n, int h);

// Every host, with a reason for each one rejected.
Pick explainScan(const PlacementIndex &ix, const Need &n, QList<Rejection> &rejections);

// The decision for one demand: the fast scan, and the reasons only when
// nothing fits (or always, with explainAlways).
Decision decide(const PlacementIndex &ix, const Need &n, bool explainAlways, Pick &pick);

// The batch ordering measure (see PlacementEngine).
double sizeOf(const PlacementIndex &ix, std::uint64_t vcpus, std::uint64_t memory);

} // namespace vdc::placement::rules
