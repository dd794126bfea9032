// Benchmark: placement of 10,000 partitions on 1,000 hosts (10 zones of 5
// racks, mixed host sizes), with the batch placement of vdc::placement and,
// in the same run on the same input, a naive first-fit (input order, first
// host that fits). Prints time, placements per second, hosts used and the
// lower bound (total demand over host size) for both; then times single
// placements (chooseHost fast path + commit) and explained ones.
//
//   bench_placement [--seed N] [--hosts N] [--partitions N] [--memory-factor F]
//
// --memory-factor 2 doubles every partition's memory: a load that is tight
// on cores and memory at once, the hard case for packing.
#include "placementengine.h"
#include "placementstate.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QStringList>

#include <algorithm>
#include <cstdio>
#include <random>
#include <vector>

using namespace vdc::placement;

namespace {

constexpr std::uint64_t GiB = 1024;
constexpr int kZones = 10;
constexpr int kRacksPerZone = 5;

struct HostType
{
    std::uint32_t cores;
    std::uint64_t memoryGiB;
    int weight; // percent
};

// Typical two-socket servers, some older and smaller, some memory-rich.
const HostType kHostTypes[] = {
    {32, 256, 40},
    {48, 384, 20},
    {24, 192, 20},
    {32, 512, 10},
    {64, 512, 10},
};

struct Size
{
    std::uint32_t vcpus;
    std::uint64_t memoryGiB;
    int weight; // percent
};

// Mostly small general-purpose guests, a tail of large databases.
const Size kSizes[] = {
    {1, 2, 22}, {1, 4, 12}, {2, 4, 14}, {2, 8, 16}, {2, 16, 6}, {4, 8, 6},
    {4, 16, 10}, {4, 32, 5}, {8, 32, 5}, {8, 64, 2}, {16, 128, 2},
};

template<typename T, size_t N>
const T &weighted(const T (&table)[N], std::mt19937 &rng)
{
    int roll = int(rng() % 100);
    for (const T &t : table) {
        if (roll < t.weight)
            return t;
        roll -= t.weight;
    }
    return table[N - 1];
}

QList<HostModel> makeHosts(int count, std::mt19937 &rng)
{
    QList<HostModel> hosts;
    const int perZone = std::max(1, count / kZones);
    for (int i = 0; i < count; ++i) {
        const int z = std::min(kZones - 1, i / perZone);
        const int rack = (i % perZone) * kRacksPerZone / perZone;
        const HostType &t = weighted(kHostTypes, rng);
        HostModel h;
        h.name = QStringLiteral("h%1").arg(i + 1);
        h.zone = QStringLiteral("z%1").arg(z + 1);
        h.location = {QStringLiteral("dc1"), QStringLiteral("room%1").arg(z / 5 + 1),
                      QStringLiteral("z%1-r%2").arg(z + 1).arg(rack + 1)};
        h.coresTotal = t.cores;
        h.coresFree = std::int32_t(t.cores);
        h.memoryTotalMib = t.memoryGiB * GiB;
        h.memoryFreeMib = h.memoryTotalMib;
        h.links = {{QStringLiteral("eth0"), 10000, 0}, {QStringLiteral("eth1"), 10000, 0}};
        hosts.append(h);
    }
    return hosts;
}

QList<Demand> makeDemands(int count, double memoryFactor, std::mt19937 &rng)
{
    QList<Demand> demands;
    demands.reserve(count);
    int group = 0;
    for (int i = 0; i < count; ++i) {
        const Size &s = weighted(kSizes, rng);
        Demand d;
        d.name = QStringLiteral("p%1").arg(i + 1);
        d.vcpus = s.vcpus;
        d.memoryMib = std::uint64_t(double(s.memoryGiB * GiB) * memoryFactor);
        d.zones = {QStringLiteral("z%1").arg(int(rng() % kZones) + 1)};
        if (rng() % 5 == 0)
            d.bandwidthMbps = 100 * (1 + rng() % 10); // a fifth have a guarantee
        demands.append(d);
        // Web tiers: every 50th partition starts a group of three replicas
        // that must not share a host.
        if (i % 50 == 0 && i + 3 <= count) {
            const QString g = QStringLiteral("tier%1").arg(++group);
            demands.last().antiAffinityGroup = g;
            for (int k = 0; k < 2; ++k, ++i) {
                Demand r = demands.last();
                r.name = QStringLiteral("p%1").arg(i + 2);
                demands.append(r);
            }
        }
    }
    return demands;
}

// The fewest hosts that could hold `demand` of one resource: the largest
// hosts first ("total demand over host size", with mixed sizes).
int hostsNeeded(std::vector<std::uint64_t> capacities, std::uint64_t demand)
{
    std::sort(capacities.begin(), capacities.end(), std::greater<>());
    int n = 0;
    std::uint64_t sum = 0;
    for (std::uint64_t c : capacities) {
        if (sum >= demand)
            break;
        sum += c;
        ++n;
    }
    return n;
}

struct LowerBound
{
    int global = 0; // all demand over all hosts, max over cores and memory
    int perZone = 0; // the same per zone (partitions are bound to their zone), summed
};

LowerBound lowerBound(const QList<HostModel> &hosts, const QList<Demand> &demands)
{
    LowerBound lb;
    std::vector<std::uint64_t> allCores, allMemory;
    std::uint64_t totalCores = 0, totalMemory = 0;
    for (const auto &h : hosts) {
        allCores.push_back(h.coresTotal);
        allMemory.push_back(h.memoryTotalMib);
    }
    for (const auto &d : demands) {
        totalCores += d.vcpus;
        totalMemory += d.memoryMib;
    }
    lb.global = std::max(hostsNeeded(allCores, totalCores), hostsNeeded(allMemory, totalMemory));
    for (int z = 1; z <= kZones; ++z) {
        const QString zone = QStringLiteral("z%1").arg(z);
        std::vector<std::uint64_t> cores, memory;
        std::uint64_t c = 0, m = 0;
        for (const auto &h : hosts)
            if (h.zone == zone) {
                cores.push_back(h.coresTotal);
                memory.push_back(h.memoryTotalMib);
            }
        for (const auto &d : demands)
            if (d.zones.first() == zone) {
                c += d.vcpus;
                m += d.memoryMib;
            }
        lb.perZone += std::max(hostsNeeded(cores, c), hostsNeeded(memory, m));
    }
    return lb;
}

struct NaiveResult
{
    int placed = 0;
    int hostsUsed = 0;
    double seconds = 0;
};

// First fit in input order over plain arrays: the first host of the zone
// with the cores, memory, link bandwidth and no member of the partition's
// anti-affinity group.
NaiveResult naiveFirstFit(const QList<HostModel> &hosts, const QList<Demand> &demands)
{
    QElapsedTimer timer;
    timer.start();
    struct H
    {
        std::int64_t cores;
        std::uint64_t memory;
        std::uint64_t link[2];
        int partitions = 0;
        std::vector<QString> groups;
    };
    std::vector<H> state;
    QHash<QString, std::vector<int>> byZone;
    for (int i = 0; i < hosts.size(); ++i) {
        const auto &h = hosts[i];
        state.push_back({h.coresFree, h.memoryFreeMib, {h.links[0].capacityMbps, h.links[1].capacityMbps}, 0, {}});
        byZone[h.zone].push_back(i);
    }
    NaiveResult r;
    for (const auto &d : demands) {
        for (int i : byZone[d.zones.first()]) {
            H &h = state[size_t(i)];
            if (h.cores < d.vcpus || h.memory < d.memoryMib)
                continue;
            const int l = h.link[0] >= h.link[1] ? 0 : 1;
            if (h.link[l] < d.bandwidthMbps)
                continue;
            if (!d.antiAffinityGroup.isEmpty()
                && std::find(h.groups.begin(), h.groups.end(), d.antiAffinityGroup) != h.groups.end())
                continue;
            h.cores -= d.vcpus;
            h.memory -= d.memoryMib;
            h.link[l] -= d.bandwidthMbps;
            if (!d.antiAffinityGroup.isEmpty())
                h.groups.push_back(d.antiAffinityGroup);
            ++h.partitions;
            ++r.placed;
            break;
        }
    }
    r.seconds = double(timer.nsecsElapsed()) / 1e9;
    for (const auto &h : state)
        if (h.partitions > 0)
            ++r.hostsUsed;
    return r;
}

int hostsInUse(const PlacementState &state)
{
    int n = 0;
    for (const auto &h : state.hosts())
        if (!h.residents.isEmpty())
            ++n;
    return n;
}

int intArg(const QStringList &args, const QString &name, int fallback)
{
    const auto i = args.indexOf(name);
    return i >= 0 && i + 1 < args.size() ? args[i + 1].toInt() : fallback;
}

void printRow(const char *what, double seconds, int placed, int hostsUsed, const LowerBound &lb)
{
    std::printf("%-26s %9.1f ms %12.0f placements/s  placed %5d  hosts used %4d  /LB(zone) %.3f  /LB(global) %.3f\n", what,
                seconds * 1e3, placed / seconds, placed, hostsUsed, double(hostsUsed) / lb.perZone,
                double(hostsUsed) / lb.global);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const int seed = intArg(args, QStringLiteral("--seed"), 1);
    const int hostCount = intArg(args, QStringLiteral("--hosts"), 1000);
    const int partitionCount = intArg(args, QStringLiteral("--partitions"), 10000);
    const auto factorAt = args.indexOf(QStringLiteral("--memory-factor"));
    const double memoryFactor = factorAt >= 0 && factorAt + 1 < args.size() ? args[factorAt + 1].toDouble() : 1.0;

    std::mt19937 rng{static_cast<std::uint32_t>(seed)};
    const QList<HostModel> hosts = makeHosts(hostCount, rng);
    const QList<Demand> demands = makeDemands(partitionCount, memoryFactor, rng);

    std::uint64_t cores = 0, memory = 0, vcpus = 0, demandMemory = 0;
    for (const auto &h : hosts) {
        cores += h.coresTotal;
        memory += h.memoryTotalMib;
    }
    for (const auto &d : demands) {
        vcpus += d.vcpus;
        demandMemory += d.memoryMib;
    }
    const LowerBound lb = lowerBound(hosts, demands);
    std::printf("hosts %lld in %d zones x %d racks: %llu cores, %llu GiB\n", qlonglong(hosts.size()), kZones, kRacksPerZone,
                qulonglong(cores), qulonglong(memory / GiB));
    std::printf("partitions %lld: %llu vCPUs (%.0f%% of cores), %llu GiB (%.0f%% of memory)\n", qlonglong(demands.size()),
                qulonglong(vcpus), 100.0 * double(vcpus) / double(cores), qulonglong(demandMemory / GiB),
                100.0 * double(demandMemory) / double(memory));
    std::printf("lower bound (total demand over host size, largest hosts first): %d per zone, %d ignoring zones\n\n",
                lb.perZone, lb.global);

    QList<ZonePolicy> zones;
    for (int z = 1; z <= kZones; ++z) {
        ZonePolicy p;
        p.name = QStringLiteral("z%1").arg(z);
        p.allocation = AllocationPolicy::Pack;
        zones.append(p);
    }

    QElapsedTimer timer;
    timer.start();
    auto created = PlacementState::create(hosts, zones);
    const double createSeconds = double(timer.nsecsElapsed()) / 1e9;
    if (!created) {
        std::fprintf(stderr, "bench_placement: %s\n", qPrintable(created.error().message()));
        return 1;
    }
    const PlacementState initial = std::move(created).value();
    std::printf("index of the state built in %.2f ms\n", createSeconds * 1e3);

    // The batch: in-batch accounting, pack zones filled host by host.
    timer.restart();
    const BatchOutcome batch = PlacementEngine::placeBatch(demands, initial);
    const double batchSeconds = double(timer.nsecsElapsed()) / 1e9;
    PlacementState afterBatch = initial;
    int committed = 0;
    for (int i : batch.order)
        if (afterBatch.commit(demands[i], *batch.decisions[i].choice))
            ++committed;
    if (!batch.complete)
        std::printf("batch incomplete: %s\n", qPrintable(batch.error.message()));
    printRow("batch placement", batchSeconds, committed, hostsInUse(afterBatch), lb);

    const NaiveResult naive = naiveFirstFit(hosts, demands);
    printRow("naive first-fit", naive.seconds, naive.placed, naive.hostsUsed, lb);

    // Single placements, one after the other, each booked before the next.
    PlacementState single = initial;
    qint64 chooseNs = 0;
    int placedSingly = 0;
    timer.restart();
    for (const auto &d : demands) {
        QElapsedTimer one;
        one.start();
        const Decision decision = PlacementEngine::chooseHost(d, single);
        chooseNs += one.nsecsElapsed();
        if (decision.placed() && single.commit(d, *decision.choice))
            ++placedSingly;
    }
    const double singleSeconds = double(timer.nsecsElapsed()) / 1e9;
    printRow("single chooseHost+commit", singleSeconds, placedSingly, hostsInUse(single), lb);
    std::printf("%-26s %9.1f ms %12.0f chooseHost/s (fast path alone)\n", "", double(chooseNs) / 1e6,
                demands.size() / (double(chooseNs) / 1e9));

    // Explained: every host with its reason (1,000 lines per call).
    const int explainCalls = 1000;
    timer.restart();
    qsizetype reasons = 0;
    for (int i = 0; i < explainCalls; ++i)
        reasons += PlacementEngine::chooseHost(demands[i], afterBatch, PlacementEngine::Explain::Always).rejections.size();
    const double explainSeconds = double(timer.nsecsElapsed()) / 1e9;
    std::printf("%-26s %9.1f ms %12.0f explained calls/s (%.0f reasons each)\n", "explain on full hosts", explainSeconds * 1e3,
                explainCalls / explainSeconds, double(reasons) / explainCalls);

    // The same batch in spread zones, for the time only.
    QList<ZonePolicy> spreadZones = zones;
    for (auto &z : spreadZones)
        z.allocation = AllocationPolicy::Spread;
    const PlacementState spreadState = PlacementState::create(hosts, spreadZones).value();
    timer.restart();
    const BatchOutcome spread = PlacementEngine::placeBatch(demands, spreadState);
    const double spreadSeconds = double(timer.nsecsElapsed()) / 1e9;
    std::printf("%-26s %9.1f ms %12.0f placements/s  placed %5lld\n", "batch, spread zones", spreadSeconds * 1e3,
                demands.size() / spreadSeconds, qlonglong(spread.order.size()));
    return 0;
}
