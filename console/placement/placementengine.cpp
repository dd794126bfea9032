#include "placementengine.h"

#include "placementindex.h"

#include "model/validation.h"

#include <QHash>
#include <QMap>
#include <QSet>
#include <QVarLengthArray>

#include <algorithm>
#include <numeric>
#include <vector>

namespace vdc::placement {

namespace {

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

Need resolve(const PlacementIndex &ix, const Demand &d)
{
    Need n;
    n.demand = &d;
    n.vcpus = d.vcpus;
    n.memory = d.memoryMib;
    n.bandwidth = d.bandwidthMbps;
    for (const QString &z : d.zones) {
        const int id = ix.zoneIds.value(z, -1);
        if (id >= 0 && !n.zones.contains(id))
            n.zones.append(id);
    }
    if (!d.qosClass.isEmpty()) {
        n.qosRule = true;
        const int id = ix.qosIds.value(d.qosClass, -1);
        n.qosBit = id >= 0 ? std::uint64_t(1) << id : 0;
    }
    if (!d.site.isEmpty()) {
        n.siteRule = true;
        n.site = ix.siteIds.value(d.site, -2);
    }
    if (!d.room.isEmpty()) {
        n.roomRule = true;
        n.room = ix.roomIds.value(d.room, -2);
    }
    for (const QString &g : d.notInRackOfGroups) {
        const int id = ix.groupId(g);
        if (id >= 0)
            n.rackGroups.append(id);
    }
    n.affinity = ix.groupId(d.affinityGroup);
    n.affinityRequired = d.affinityStrength == AffinityStrength::Required;
    n.affinityScope = d.affinityScope;
    n.anti = ix.groupId(d.antiAffinityGroup);
    return n;
}

struct Verdict
{
    bool pass = true;
    RejectionReason reason = RejectionReason::HostState;
    std::uint64_t have = 0;
    std::uint64_t need = 0;
    int ref = -1; // link, group or zone, by reason
};

Verdict fail(RejectionReason reason, std::uint64_t have = 0, std::uint64_t need = 0, int ref = -1)
{
    return Verdict{false, reason, have, need, ref};
}

std::uint64_t nonNegative(std::int64_t v) { return v > 0 ? std::uint64_t(v) : 0; }

// The filters, cheapest and most selective first. `admission` adds the
// zone-wide checks (bandwidth budget, HA headroom) and the group aggregate;
// without it the verdict says only whether the host could take the partition
// on its own (used to count eligible hosts). `link` receives the chosen link.
Verdict evaluate(const PlacementIndex &ix, const Need &n, int h, bool admission, int *link)
{
    const PlacementIndex::HostSlot &s = ix.hostSlots[size_t(h)];
    if (!s.takesPartitions())
        return fail(RejectionReason::HostState);
    if (!n.zones.isEmpty() && !n.zones.contains(s.zone))
        return fail(RejectionReason::Zone);
    if (n.qosRule && (s.qosMask & n.qosBit) == 0)
        return fail(RejectionReason::QosClass);
    if (n.siteRule && s.site != n.site)
        return fail(RejectionReason::Site);
    if (n.roomRule && s.room != n.room)
        return fail(RejectionReason::Room);
    if (s.rack >= 0)
        for (int g : n.rackGroups)
            if (ix.groups[size_t(g)].onRack.contains(s.rack))
                return fail(RejectionReason::RackHoldsGroup, 0, 0, g);
    if (n.anti >= 0 && ix.groups[size_t(n.anti)].antiOnHost.contains(h))
        return fail(RejectionReason::AntiAffinity, 0, 0, n.anti);
    if (n.affinityRequired && n.affinity >= 0) {
        const PlacementIndex::GroupSlot &g = ix.groups[size_t(n.affinity)];
        if (!g.affinityOnHost.isEmpty()) {
            if (n.affinityScope == AffinityScope::Host && !g.affinityOnHost.contains(h))
                return fail(RejectionReason::AffinityHost, 0, 0, n.affinity);
            if (n.affinityScope == AffinityScope::Rack && (s.rack < 0 || !g.affinityOnRack.contains(s.rack)))
                return fail(RejectionReason::AffinityRack, 0, 0, n.affinity);
        }
    }
    if (s.coresFree < n.vcpus)
        return fail(RejectionReason::Cores, nonNegative(s.coresFree), std::uint64_t(n.vcpus));
    if (s.memoryFree < n.memory)
        return fail(RejectionReason::Memory, s.memoryFree, n.memory);
    if (admission && n.groupCores > s.coresFree)
        return fail(RejectionReason::AffinityGroupCores, nonNegative(s.coresFree), std::uint64_t(n.groupCores), n.affinity);
    if (admission && n.groupMemory > s.memoryFree)
        return fail(RejectionReason::AffinityGroupMemory, s.memoryFree, n.groupMemory, n.affinity);
    int chosenLink = -1;
    if (n.bandwidth > 0) {
        chosenLink = ix.widestLink(h);
        if (chosenLink < 0)
            return fail(RejectionReason::NoLinks, 0, n.bandwidth);
        if (ix.unguaranteed(chosenLink) < n.bandwidth)
            return fail(RejectionReason::LinkBandwidth, ix.unguaranteed(chosenLink), n.bandwidth, chosenLink);
    }
    if (admission && s.zone >= 0) {
        const PlacementIndex::ZoneSlot &z = ix.zones[size_t(s.zone)];
        const std::uint64_t budget = z.policy.bandwidthBudgetMbps;
        if (n.bandwidth > 0 && budget > 0) {
            const std::uint64_t left = budget > z.bandwidthUsed ? budget - z.bandwidthUsed : 0;
            if (left < n.bandwidth)
                return fail(RejectionReason::ZoneBandwidthBudget, left, n.bandwidth, s.zone);
        }
        if (z.reserveCores > 0 && z.coresFree - n.vcpus < z.reserveCores)
            return fail(RejectionReason::HaHeadroomCores, std::uint64_t(z.reserveCores), 0, s.zone);
        if (z.reserveMemory > 0 && (z.memoryFree < n.memory || z.memoryFree - n.memory < z.reserveMemory))
            return fail(RejectionReason::HaHeadroomMemory, z.reserveMemory, 0, s.zone);
    }
    if (link)
        *link = chosenLink;
    return {};
}

// How short a zone is of cores and of memory: the share of its capacity
// that is used, still pending in the batch, or asked for now. Without a zone,
// the demand's own shape against the largest host.
struct Pressure
{
    double cores;
    double memory;
};

Pressure pressure(const PlacementIndex &ix, const PlacementIndex::ZoneSlot *z, std::int64_t vcpus, std::uint64_t memory)
{
    if (!z)
        return {double(vcpus) / double(std::max<std::int64_t>(1, ix.maxHostCores)),
                double(memory) / double(std::max<std::uint64_t>(1, ix.maxHostMemory))};
    return {double(z->coresCapacity - z->coresFree + std::int64_t(z->pendingCores) + vcpus) / double(std::max<std::int64_t>(1, z->coresCapacity)),
            double(z->memoryTotal - z->memoryFree + z->pendingMemory + memory) / double(std::max<std::uint64_t>(1, z->memoryTotal))};
}

bool inUse(const PlacementIndex::HostSlot &s)
{
    return s.residents > 0 || s.coresFree < s.coresCapacity || s.memoryFree < s.memoryTotal;
}

// Which empty host to open: the largest in the resource the zone is short
// of, in (0, 1].
double openingWeight(const PlacementIndex &ix, int h, std::int64_t vcpus, std::uint64_t memory)
{
    const PlacementIndex::HostSlot &s = ix.hostSlots[size_t(h)];
    const PlacementIndex::ZoneSlot *z = s.zone >= 0 ? &ix.zones[size_t(s.zone)] : nullptr;
    const double largestCores = double(std::max<std::int64_t>(1, z ? z->maxHostCores : ix.maxHostCores));
    const double largestMemory = double(std::max<std::uint64_t>(1, z ? z->maxHostMemory : ix.maxHostMemory));
    Pressure p = pressure(ix, z, vcpus, memory);
    if (p.cores + p.memory <= 0)
        p = {1, 1};
    return (p.cores * double(s.coresCapacity) / largestCores + p.memory * double(s.memoryTotal) / largestMemory)
           / (p.cores + p.memory);
}

double score(const PlacementIndex &ix, const Need &n, int h)
{
    const PlacementIndex::HostSlot &s = ix.hostSlots[size_t(h)];
    const PlacementIndex::ZoneSlot *z = s.zone >= 0 ? &ix.zones[size_t(s.zone)] : nullptr;
    const double rc = double(s.coresFree - n.vcpus) / double(s.coresCapacity);
    const double rm = double(s.memoryFree - n.memory) / double(s.memoryTotal);
    double result;
    if (!z || z->policy.allocation == AllocationPolicy::Pack)
        result = inUse(s) ? 2.0 + (1.0 - (rc + rm) / 2.0) : openingWeight(ix, h, n.vcpus, n.memory);
    else
        result = std::min(rc, rm) + 0.001 * (rc + rm);
    if (n.affinity >= 0 && !n.affinityRequired) {
        const PlacementIndex::GroupSlot &g = ix.groups[size_t(n.affinity)];
        const bool together = n.affinityScope == AffinityScope::Host ? g.affinityOnHost.contains(h)
                                                                     : (s.rack >= 0 && g.affinityOnRack.contains(s.rack));
        if (together)
            result += 10.0;
    }
    if (s.state == HostState::Degraded)
        result -= 100.0;
    return result;
}

QString coresText(std::uint64_t n)
{
    return n == 1 ? QStringLiteral("1 core") : QStringLiteral("%1 cores").arg(n);
}

QString stateText(HostState state)
{
    switch (state) {
    case HostState::Up: return QStringLiteral("host is up");
    case HostState::Degraded: return QStringLiteral("host is degraded");
    case HostState::Failed: return QStringLiteral("host is failed");
    case HostState::Maintenance: return QStringLiteral("host is in maintenance");
    case HostState::Unreachable: return QStringLiteral("host is unreachable");
    }
    return QStringLiteral("host state is unknown");
}

QString joinOr(const QStringList &names)
{
    if (names.size() <= 1)
        return names.value(0);
    return names.mid(0, names.size() - 1).join(QStringLiteral(", ")) + QStringLiteral(" or ") + names.last();
}

// Sorted names of the hosts or racks in a group's map, for reasons.
template<typename NameOf>
QStringList namesOf(const QHash<int, int> &where, NameOf name)
{
    QStringList out;
    for (auto it = where.cbegin(); it != where.cend(); ++it)
        out.append(name(it.key()));
    out.sort();
    out.removeDuplicates();
    return out;
}

// The sentence for a rejected host, built only when someone asked for it.
QString reasonText(const PlacementIndex &ix, const Need &n, int h, const Verdict &v)
{
    const HostModel &host = ix.hosts[h];
    const PlacementIndex::HostSlot &s = ix.hostSlots[size_t(h)];
    const Demand &d = *n.demand;
    QString body;
    switch (v.reason) {
    case RejectionReason::HostState:
        body = stateText(host.state);
        break;
    case RejectionReason::Zone:
        body = d.zones.size() == 1 ? QStringLiteral("not in zone %1").arg(d.zones.first())
                                   : QStringLiteral("not in zone %1").arg(joinOr(d.zones));
        break;
    case RejectionReason::QosClass: {
        QString offer;
        if (s.qosFromHost)
            offer = QStringLiteral("host offers %1").arg(host.qosClasses.join(QStringLiteral(", ")));
        else if (s.zone >= 0 && !ix.zones[size_t(s.zone)].policy.qosClass.isEmpty())
            offer = QStringLiteral("zone offers %1").arg(ix.zones[size_t(s.zone)].policy.qosClass);
        else
            offer = s.zone >= 0 ? QStringLiteral("zone offers none") : QStringLiteral("host offers none");
        body = QStringLiteral("qos class %1 needed, %2").arg(d.qosClass, offer);
        break;
    }
    case RejectionReason::Site:
        body = host.location.site.isEmpty() ? QStringLiteral("site is not set, must be %1").arg(d.site)
                                            : QStringLiteral("site is %1, must be %2").arg(host.location.site, d.site);
        break;
    case RejectionReason::Room:
        body = host.location.room.isEmpty() ? QStringLiteral("room is not set, must be %1").arg(d.room)
                                            : QStringLiteral("room is %1, must be %2").arg(host.location.room, d.room);
        break;
    case RejectionReason::RackHoldsGroup:
        body = QStringLiteral("rack %1 holds group %2").arg(host.location.rack, ix.groupNames[v.ref]);
        break;
    case RejectionReason::AntiAffinity: {
        const QString &group = ix.groupNames[v.ref];
        QString member;
        for (const auto &r : host.residents)
            if (r.antiAffinityGroup == group) {
                member = r.partition;
                break;
            }
        body = QStringLiteral("already runs %1 of anti-affinity group %2").arg(member, group);
        break;
    }
    case RejectionReason::AffinityHost: {
        const QStringList where =
            namesOf(ix.groups[size_t(v.ref)].affinityOnHost, [&](int i) { return ix.hosts[i].name; });
        body = QStringLiteral("affinity group %1 runs on %2, not here").arg(ix.groupNames[v.ref], where.join(QStringLiteral(", ")));
        break;
    }
    case RejectionReason::AffinityRack: {
        const QStringList where =
            namesOf(ix.groups[size_t(v.ref)].affinityOnRack, [&](int i) { return ix.rackNames[i]; });
        body = host.location.rack.isEmpty()
                   ? QStringLiteral("rack is not set, affinity group %1 is in rack %2").arg(ix.groupNames[v.ref], where.join(QStringLiteral(", ")))
                   : QStringLiteral("rack %1 does not hold affinity group %2 (in rack %3)")
                         .arg(host.location.rack, ix.groupNames[v.ref], where.join(QStringLiteral(", ")));
        break;
    }
    case RejectionReason::Cores:
        body = QStringLiteral("%1 free, %2 needed").arg(coresText(v.have)).arg(v.need);
        break;
    case RejectionReason::Memory:
        body = QStringLiteral("%1 MiB free, %2 MiB needed").arg(v.have).arg(v.need);
        break;
    case RejectionReason::AffinityGroupCores:
        body = QStringLiteral("%1 free, affinity group %2 needs %3 together")
                   .arg(coresText(v.have), ix.groupNames.value(v.ref, d.affinityGroup)).arg(v.need);
        break;
    case RejectionReason::AffinityGroupMemory:
        body = QStringLiteral("%1 MiB free, affinity group %2 needs %3 MiB together")
                   .arg(v.have).arg(ix.groupNames.value(v.ref, d.affinityGroup)).arg(v.need);
        break;
    case RejectionReason::NoLinks:
        body = QStringLiteral("no network links, %1 Mbps needed").arg(v.need);
        break;
    case RejectionReason::LinkBandwidth:
        body = QStringLiteral("link %1 has %2 Mbps unguaranteed, %3 needed")
                   .arg(host.links[v.ref - s.linkBegin].name).arg(v.have).arg(v.need);
        break;
    case RejectionReason::ZoneBandwidthBudget:
        body = QStringLiteral("zone %1 has %2 Mbps of its bandwidth budget left, %3 needed")
                   .arg(ix.zones[size_t(v.ref)].name).arg(v.have).arg(v.need);
        break;
    case RejectionReason::HaHeadroomCores:
        body = QStringLiteral("would eat into the HA headroom of zone %1 (%2 kept free)")
                   .arg(ix.zones[size_t(v.ref)].name, coresText(v.have));
        break;
    case RejectionReason::HaHeadroomMemory:
        body = QStringLiteral("would eat into the HA headroom of zone %1 (%2 MiB kept free)")
                   .arg(ix.zones[size_t(v.ref)].name).arg(v.have);
        break;
    }
    return host.name + QStringLiteral(": ") + body;
}

struct Pick
{
    int host = -1;
    int link = -1;
    double score = 0;
    int eligible = 0;
};

void consider(const PlacementIndex &ix, const Need &n, int h, int link, Pick &pick)
{
    ++pick.eligible;
    const double sc = score(ix, n, h);
    if (pick.host < 0 || sc > pick.score || (sc == pick.score && h < pick.host)) {
        pick.host = h;
        pick.link = link;
        pick.score = sc;
    }
}

// Fast path: only the candidate hosts of the allowed zones, no strings.
Pick scan(const PlacementIndex &ix, const Need &n)
{
    Pick pick;
    auto visit = [&](int h) {
        int link = -1;
        if (evaluate(ix, n, h, true, &link).pass)
            consider(ix, n, h, link, pick);
    };
    if (n.zones.isEmpty()) {
        for (int h : ix.allHosts)
            visit(h);
    } else {
        for (int z : n.zones)
            for (int h : ix.zones[size_t(z)].hosts)
                visit(h);
    }
    return pick;
}

// Every host, with a reason for each one rejected.
Pick explainScan(const PlacementIndex &ix, const Need &n, QList<Rejection> &rejections)
{
    Pick pick;
    rejections.clear();
    for (int h : ix.allHosts) {
        int link = -1;
        const Verdict v = evaluate(ix, n, h, true, &link);
        if (v.pass)
            consider(ix, n, h, link, pick);
        else
            rejections.append(Rejection{ix.hosts[h].name, v.reason, reasonText(ix, n, h, v)});
    }
    return pick;
}

Error noHostError(const PlacementIndex &ix, const Need &n, qsizetype rejected)
{
    const Demand &d = *n.demand;
    QString message = QStringLiteral("No host can take partition %1 (%2 %3, %4 MiB); all %5 hosts were rejected, for the "
                                     "reasons listed.")
                          .arg(d.name)
                          .arg(d.vcpus)
                          .arg(d.vcpus == 1 ? QStringLiteral("vCPU") : QStringLiteral("vCPUs"))
                          .arg(d.memoryMib)
                          .arg(rejected);
    // A partition larger than every host never fits, whatever is stopped.
    if (n.vcpus > ix.maxHostCores)
        message += QStringLiteral(" No host has %1; the largest has %2.").arg(coresText(std::uint64_t(n.vcpus))).arg(ix.maxHostCores);
    if (n.memory > ix.maxHostMemory)
        message += QStringLiteral(" No host has %1 MiB; the largest has %2 MiB.").arg(n.memory).arg(ix.maxHostMemory);
    return Error(proto::ERROR_INSUFFICIENT_RESOURCES, message);
}

Decision decide(const PlacementIndex &ix, const Need &n, bool explainAlways, Pick &pick)
{
    Decision decision;
    pick = explainAlways ? explainScan(ix, n, decision.rejections) : scan(ix, n);
    if (pick.host < 0) {
        if (!explainAlways)
            explainScan(ix, n, decision.rejections); // reasons are built only now that they are needed
        decision.error = noHostError(ix, n, decision.rejections.size());
        return decision;
    }
    const HostModel &host = ix.hosts[pick.host];
    Choice choice;
    choice.host = host.name;
    choice.zone = host.zone;
    if (pick.link >= 0)
        choice.link = host.links[pick.link - ix.hostSlots[size_t(pick.host)].linkBegin].name;
    choice.score = pick.score;
    choice.eligibleHosts = pick.eligible;
    choice.degraded = host.state == HostState::Degraded;
    decision.choice = choice;
    return decision;
}

Result<void> validateOptional(const QString &what, const QString &name)
{
    if (name.isEmpty())
        return {};
    return model::validateName(what, name);
}

double sizeOf(const PlacementIndex &ix, std::uint64_t vcpus, std::uint64_t memory)
{
    const double c = ix.maxHostCores > 0 ? double(vcpus) / double(ix.maxHostCores) : 0.0;
    const double m = ix.maxHostMemory > 0 ? double(memory) / double(ix.maxHostMemory) : 0.0;
    return std::max(c, m);
}

// Partitions linked by a group (affinity or anti-affinity) share a set; the
// PerGroup atomicity places or drops a set as a whole.
class GroupSets
{
public:
    explicit GroupSets(const QList<Demand> &demands) : m_parent(size_t(demands.size()))
    {
        std::iota(m_parent.begin(), m_parent.end(), 0);
        QHash<QString, int> firstOf;
        for (int i = 0; i < demands.size(); ++i) {
            for (const QString *g : {&demands[i].affinityGroup, &demands[i].antiAffinityGroup}) {
                if (g->isEmpty())
                    continue;
                const auto it = firstOf.constFind(*g);
                if (it == firstOf.cend())
                    firstOf.insert(*g, i);
                else
                    unite(*it, i);
            }
        }
    }
    int root(int i)
    {
        while (m_parent[size_t(i)] != i) {
            m_parent[size_t(i)] = m_parent[size_t(m_parent[size_t(i)])];
            i = m_parent[size_t(i)];
        }
        return i;
    }

private:
    void unite(int a, int b) { m_parent[size_t(root(a))] = root(b); }
    std::vector<int> m_parent;
};

struct Unit
{
    QList<int> members; // input indexes, in placement order
    std::uint32_t priority = 0;
    bool constrained = false; // holds an anti-affinity member
    bool grouped = false;     // an affinity group: placed one by one, before the fill
    double size = 0;
    int first = 0;
};

// Weights of the host-by-host fill (see PlacementEngine). The balance term
// dominates; size and the anti-affinity bonus mostly break its ties.
constexpr double kFillBalance = 50.0;
constexpr double kFillConstrained = 0.25;

// One batch against a working copy of the index.
class BatchRun
{
public:
    BatchRun(const QList<Demand> &demands, const PlacementIndex &initial, const BatchOptions &options, BatchOutcome &out)
        : m_demands(demands)
        , m_work(initial)
        , m_options(options)
        , m_out(out)
        , m_sets(demands)
        , m_count(int(demands.size()))
        , m_sizes(size_t(m_count))
        , m_refused(size_t(m_count), 0)
        , m_setFailed(size_t(m_count), 0)
        , m_hostOf(size_t(m_count), -1)
        , m_linkOf(size_t(m_count), -1)
        , m_pendingZone(size_t(m_count), -1)
    {
    }

    void run();

private:
    void refuseUnsatisfiableGroups();
    QList<Unit> units() const;
    bool fillable(int i) const;
    void placeOne(int i, const Unit &unit);
    void fillZone(int zone, const QList<int> &pool);
    int nextHostToFill(int zone, const std::vector<char> &done) const;
    bool skip(int i);
    void settle(int i);
    void placed(int i, Decision decision, int host, int link);
    void failed(int i, Decision decision);
    void finish();

    const QList<Demand> &m_demands;
    PlacementIndex m_work;
    const BatchOptions &m_options;
    BatchOutcome &m_out;
    GroupSets m_sets;
    int m_count;
    std::vector<double> m_sizes;
    std::vector<char> m_refused;
    std::vector<char> m_setFailed;
    std::vector<int> m_hostOf;
    std::vector<int> m_linkOf;
    std::vector<int> m_pendingZone;
    QString m_firstFailure;
};

void BatchRun::run()
{
    // Every group gets its id now, so a resolved demand stays valid while
    // members are placed.
    for (const Demand &d : m_demands) {
        m_work.internGroup(d.affinityGroup);
        m_work.internGroup(d.antiAffinityGroup);
        for (const QString &g : d.notInRackOfGroups)
            m_work.internGroup(g);
    }
    for (int i = 0; i < m_count; ++i)
        m_sizes[size_t(i)] = sizeOf(m_work, m_demands[i].vcpus, m_demands[i].memoryMib);
    refuseUnsatisfiableGroups();
    if (m_options.atomicity == BatchAtomicity::PerGroup)
        for (int i = 0; i < m_count; ++i)
            if (m_refused[size_t(i)])
                m_setFailed[size_t(m_sets.root(i))] = 1;

    // Each demand bound to one zone counts as pending there until placed.
    for (int i = 0; i < m_count; ++i) {
        if (m_refused[size_t(i)] || m_demands[i].zones.size() != 1)
            continue;
        const int z = m_work.zoneIds.value(m_demands[i].zones.first(), -1);
        m_pendingZone[size_t(i)] = z;
        m_work.zones[size_t(z)].pendingCores += m_demands[i].vcpus;
        m_work.zones[size_t(z)].pendingMemory += m_demands[i].memoryMib;
    }

    const QList<Unit> ordered = units();
    qsizetype t = 0;
    while (t < ordered.size()) {
        // One priority tier: affinity groups, then the fill of pack zones,
        // then everything else largest first.
        const std::uint32_t tier = ordered[t].priority;
        qsizetype end = t;
        while (end < ordered.size() && ordered[end].priority == tier)
            ++end;
        for (qsizetype u = t; u < end; ++u)
            if (ordered[u].grouped)
                for (int i : ordered[u].members)
                    placeOne(i, ordered[u]);
        QMap<int, QList<int>> pools;
        for (qsizetype u = t; u < end; ++u)
            if (!ordered[u].grouped && fillable(ordered[u].first))
                pools[m_work.zoneIds.value(m_demands[ordered[u].first].zones.first())].append(ordered[u].first);
        for (auto it = pools.cbegin(); it != pools.cend(); ++it)
            fillZone(it.key(), it.value());
        for (qsizetype u = t; u < end; ++u)
            if (!ordered[u].grouped && !fillable(ordered[u].first))
                placeOne(ordered[u].first, ordered[u]);
        t = end;
    }
    finish();
}

void BatchRun::refuseUnsatisfiableGroups()
{
    const PlacementIndex &ix = m_work;
    QStringList order;
    QHash<QString, QList<int>> members;
    for (int i = 0; i < m_count; ++i) {
        const QString &g = m_demands[i].antiAffinityGroup;
        if (g.isEmpty())
            continue;
        if (!members.contains(g))
            order.append(g);
        members[g].append(i);
    }
    std::vector<char> eligible(size_t(ix.hosts.size()));
    for (const QString &g : order) {
        const QList<int> &m = members[g];
        std::fill(eligible.begin(), eligible.end(), 0);
        QList<int> hosts;
        for (int i : m) {
            const Need n = resolve(ix, m_demands[i]);
            for (int h : ix.allHosts) {
                if (!eligible[size_t(h)] && evaluate(ix, n, h, false, nullptr).pass) {
                    eligible[size_t(h)] = 1;
                    hosts.append(h);
                }
            }
        }
        if (m.size() <= hosts.size())
            continue;
        std::sort(hosts.begin(), hosts.end());
        QStringList names;
        for (int h : std::as_const(hosts))
            names.append(ix.hosts[h].name);
        const QString where = names.isEmpty() ? QStringLiteral("no host is eligible")
                                              : QStringLiteral("only %1 %2 eligible (%3)")
                                                    .arg(names.size())
                                                    .arg(names.size() == 1 ? QStringLiteral("host is") : QStringLiteral("hosts are"))
                                                    .arg(names.join(QStringLiteral(", ")));
        const Error error(proto::ERROR_FAILED_PRECONDITION,
                          QStringLiteral("Anti-affinity group %1 cannot be satisfied: its %2 partitions need a host each, but %3. "
                                         "None of them was placed.")
                              .arg(g).arg(m.size()).arg(where));
        if (m_firstFailure.isEmpty())
            m_firstFailure = QStringLiteral("anti-affinity group %1 cannot be satisfied").arg(g);
        for (int i : m) {
            m_refused[size_t(i)] = 1;
            m_out.decisions[i].error = error;
        }
    }
}

// Affinity groups stay together as units; units by priority, then
// anti-affinity members first (most constrained), then size, then input order.
QList<Unit> BatchRun::units() const
{
    QList<Unit> result;
    QHash<QString, int> unitOf;
    for (int i = 0; i < m_count; ++i) {
        if (m_refused[size_t(i)])
            continue;
        const QString &g = m_demands[i].affinityGroup;
        if (!g.isEmpty()) {
            const auto it = unitOf.constFind(g);
            if (it != unitOf.cend()) {
                result[*it].members.append(i);
                continue;
            }
            unitOf.insert(g, int(result.size()));
        }
        Unit u;
        u.members.append(i);
        u.first = i;
        u.grouped = !g.isEmpty();
        result.append(u);
    }
    auto before = [&](int a, int b) {
        const Demand &x = m_demands[a];
        const Demand &y = m_demands[b];
        if (x.priority != y.priority)
            return x.priority > y.priority;
        if (m_sizes[size_t(a)] != m_sizes[size_t(b)])
            return m_sizes[size_t(a)] > m_sizes[size_t(b)];
        return a < b;
    };
    for (Unit &u : result) {
        std::sort(u.members.begin(), u.members.end(), before);
        std::uint64_t cores = 0, memory = 0;
        for (int i : u.members) {
            u.priority = std::max(u.priority, m_demands[i].priority);
            u.constrained = u.constrained || !m_demands[i].antiAffinityGroup.isEmpty();
            cores += m_demands[i].vcpus;
            memory += m_demands[i].memoryMib;
        }
        u.size = sizeOf(m_work, cores, memory);
    }
    std::sort(result.begin(), result.end(), [](const Unit &a, const Unit &b) {
        if (a.priority != b.priority)
            return a.priority > b.priority;
        // Anti-affinity members placed last would find the used hosts full
        // and open new ones.
        if (a.constrained != b.constrained)
            return a.constrained;
        if (a.size != b.size)
            return a.size > b.size;
        return a.first < b.first;
    });
    return result;
}

// Bound to one pack zone and in no affinity group: placed by the fill.
bool BatchRun::fillable(int i) const
{
    const Demand &d = m_demands[i];
    if (!d.affinityGroup.isEmpty() || d.zones.size() != 1)
        return false;
    const int z = m_work.zoneIds.value(d.zones.first(), -1);
    return z >= 0 && m_work.zones[size_t(z)].policy.allocation == AllocationPolicy::Pack;
}

bool BatchRun::skip(int i)
{
    if (m_refused[size_t(i)])
        return true;
    if (m_options.atomicity == BatchAtomicity::PerGroup && m_setFailed[size_t(m_sets.root(i))]) {
        settle(i);
        m_out.decisions[i].error = Error(proto::ERROR_FAILED_PRECONDITION,
                                         QStringLiteral("Partition %1 was not placed: a partition it shares a group with cannot "
                                                        "be placed.").arg(m_demands[i].name));
        return true;
    }
    return false;
}

void BatchRun::settle(int i)
{
    const int z = m_pendingZone[size_t(i)];
    if (z < 0)
        return;
    m_work.zones[size_t(z)].pendingCores -= m_demands[i].vcpus;
    m_work.zones[size_t(z)].pendingMemory -= m_demands[i].memoryMib;
    m_pendingZone[size_t(i)] = -1;
}

void BatchRun::placeOne(int i, const Unit &unit)
{
    if (skip(i))
        return;
    settle(i);
    const Demand &d = m_demands[i];
    Need n = resolve(m_work, d);
    // The first member of a required host-affinity group anchors the group:
    // its host must take every member still to come.
    if (d.affinityStrength == AffinityStrength::Required && d.affinityScope == AffinityScope::Host && n.affinity >= 0
        && m_work.groups[size_t(n.affinity)].affinityOnHost.isEmpty()) {
        std::int64_t cores = 0;
        std::uint64_t memory = 0;
        bool started = false;
        for (int j : unit.members) {
            started = started || j == i;
            if (started && !m_refused[size_t(j)]) {
                cores += m_demands[j].vcpus;
                memory += m_demands[j].memoryMib;
            }
        }
        if (cores > n.vcpus || memory > n.memory) {
            n.groupCores = cores;
            n.groupMemory = memory;
        }
    }
    Pick pick;
    Decision decision = decide(m_work, n, m_options.explain, pick);
    if (decision.placed()) {
        m_work.apply(d, pick.host, pick.link);
        placed(i, std::move(decision), pick.host, pick.link);
    } else {
        failed(i, std::move(decision));
    }
}

// The host to fill next: hosts already in use first (fullest first), then
// empty ones by their opening weight.
int BatchRun::nextHostToFill(int zone, const std::vector<char> &done) const
{
    const QList<int> &hosts = m_work.zones[size_t(zone)].hosts;
    int best = -1;
    double bestWeight = -1;
    for (qsizetype k = 0; k < hosts.size(); ++k) {
        if (done[size_t(k)])
            continue;
        const PlacementIndex::HostSlot &s = m_work.hostSlots[size_t(hosts[k])];
        double weight;
        if (!s.takesPartitions() || s.coresCapacity <= 0 || s.memoryTotal == 0)
            weight = 0; // tried last; rejects everything
        else if (inUse(s))
            weight = 2.0 + (1.0 - (double(s.coresFree) / double(s.coresCapacity) + double(s.memoryFree) / double(s.memoryTotal)) / 2.0);
        else
            weight = openingWeight(m_work, hosts[k], 0, 0);
        if (weight > bestWeight) {
            best = int(k);
            bestWeight = weight;
        }
    }
    return best;
}

// Pack zones: one host at a time, each time with the pending partition that
// best fills it (see PlacementEngine), until nothing more fits.
void BatchRun::fillZone(int zone, const QList<int> &pool)
{
    struct Class
    {
        Need need;
        QList<int> members;
        qsizetype next = 0;
    };
    std::vector<Class> classes;
    QHash<QString, size_t> classOf;
    qsizetype remaining = 0;
    for (int i : pool) {
        if (skip(i))
            continue;
        const Demand &d = m_demands[i];
        // Partitions that differ only by name are interchangeable here.
        const QString key = QString::number(d.vcpus) + QLatin1Char('/') + QString::number(d.memoryMib) + QLatin1Char('/')
                            + QString::number(d.bandwidthMbps) + QLatin1Char('/') + d.qosClass + QLatin1Char('/') + d.site
                            + QLatin1Char('/') + d.room + QLatin1Char('/') + d.antiAffinityGroup + QLatin1Char('/')
                            + d.notInRackOfGroups.join(QLatin1Char(','));
        auto it = classOf.constFind(key);
        if (it == classOf.cend()) {
            it = classOf.insert(key, classes.size());
            classes.push_back({resolve(m_work, d), {}, 0});
        }
        classes[*it].members.append(i);
        ++remaining;
    }

    std::vector<size_t> active(classes.size());
    std::iota(active.begin(), active.end(), size_t(0));
    const PlacementIndex::ZoneSlot &z = m_work.zones[size_t(zone)];
    std::vector<char> done(size_t(z.hosts.size()), 0);
    while (remaining > 0) {
        const int k = nextHostToFill(zone, done);
        if (k < 0)
            break;
        done[size_t(k)] = 1;
        const int h = z.hosts[k];
        const PlacementIndex::HostSlot &s = m_work.hostSlots[size_t(h)];
        while (remaining > 0) {
            // Fill cores and memory in the proportion the zone will need them.
            const Pressure p = pressure(m_work, &z, 0, 0);
            const double top = std::max({p.cores, p.memory, 1e-9});
            const double wc = std::max(p.cores / top, 1e-9), wm = std::max(p.memory / top, 1e-9);
            const bool opening = !inUse(s);
            size_t best = classes.size();
            int bestLink = -1;
            double bestScore = 0;
            // Classes used up are dropped from the scan as it goes (in order,
            // so ties still go to the earlier, larger class).
            size_t kept = 0;
            for (size_t a = 0; a < active.size(); ++a) {
                const size_t c = active[a];
                Class &cls = classes[c];
                if (cls.next >= cls.members.size())
                    continue;
                active[kept++] = c;
                int link = -1;
                if (!evaluate(m_work, cls.need, h, true, &link).pass)
                    continue;
                const double cores = double(cls.need.vcpus) / double(s.coresCapacity);
                const double memory = double(cls.need.memory) / double(s.memoryTotal);
                const double usedCores = 1.0 - double(s.coresFree - cls.need.vcpus) / double(s.coresCapacity);
                const double usedMemory = 1.0 - double(s.memoryFree - cls.need.memory) / double(s.memoryTotal);
                // An empty host starts with the largest partition that fits,
                // so large ones are never left over for the end.
                double sc = opening ? std::max(cores, memory)
                                    : cores + memory - kFillBalance * std::abs(usedCores / wc - usedMemory / wm);
                if (cls.need.anti >= 0)
                    sc += kFillConstrained;
                if (best == classes.size() || sc > bestScore) {
                    best = c;
                    bestScore = sc;
                    bestLink = link;
                }
            }
            active.resize(kept);
            if (best == classes.size())
                break;
            const int i = classes[best].members[classes[best].next++];
            --remaining;
            settle(i);
            Decision decision;
            if (m_options.explain) {
                explainScan(m_work, resolve(m_work, m_demands[i]), decision.rejections);
            }
            const HostModel &host = m_work.hosts[h];
            Choice choice;
            choice.host = host.name;
            choice.zone = host.zone;
            if (bestLink >= 0)
                choice.link = host.links[bestLink - s.linkBegin].name;
            choice.score = bestScore;
            choice.degraded = host.state == HostState::Degraded;
            decision.choice = choice;
            m_work.apply(m_demands[i], h, bestLink);
            placed(i, std::move(decision), h, bestLink);
        }
    }
    // Whatever no host took gets one more chance on its own (a set dropped
    // meanwhile may have freed room), and otherwise its reasons.
    for (const Class &cls : classes)
        for (qsizetype k = cls.next; k < cls.members.size(); ++k)
            placeOne(cls.members[k], Unit{});
}

void BatchRun::placed(int i, Decision decision, int host, int link)
{
    m_out.decisions[i] = std::move(decision);
    m_hostOf[size_t(i)] = host;
    m_linkOf[size_t(i)] = link;
    m_out.order.append(i);
}

void BatchRun::failed(int i, Decision decision)
{
    m_out.decisions[i] = std::move(decision);
    const Demand &d = m_demands[i];
    if (m_firstFailure.isEmpty())
        m_firstFailure = QStringLiteral("partition %1 cannot be placed").arg(d.name);
    if (m_options.atomicity != BatchAtomicity::PerGroup)
        return;
    // Give back what the rest of its set already took.
    const int root = m_sets.root(i);
    m_setFailed[size_t(root)] = 1;
    for (qsizetype k = m_out.order.size() - 1; k >= 0; --k) {
        const int j = m_out.order[k];
        if (m_sets.root(j) != root)
            continue;
        m_work.remove(m_demands[j], m_hostOf[size_t(j)], m_linkOf[size_t(j)]);
        m_hostOf[size_t(j)] = -1;
        m_out.decisions[j] = Decision{};
        m_out.decisions[j].error = Error(proto::ERROR_FAILED_PRECONDITION,
                                         QStringLiteral("Partition %1 was not placed: partition %2 of the same group cannot be "
                                                        "placed.").arg(m_demands[j].name, d.name));
        m_out.order.removeAt(k);
    }
}

void BatchRun::finish()
{
    const int placedCount = int(m_out.order.size());
    if (placedCount == m_count)
        return;
    m_out.complete = false;
    if (m_options.atomicity == BatchAtomicity::PerGroup) {
        m_out.error = Error(proto::ERROR_INSUFFICIENT_RESOURCES, QStringLiteral("%1 of %2 partitions were not placed (first: %3).")
                                                                     .arg(m_count - placedCount).arg(m_count).arg(m_firstFailure));
        return;
    }
    // All or nothing: drop the placements that did succeed.
    for (int i : std::as_const(m_out.order)) {
        m_out.decisions[i] = Decision{};
        m_out.decisions[i].error =
            Error(proto::ERROR_FAILED_PRECONDITION, QStringLiteral("Partition %1 was not placed: the batch is all or nothing and %2.")
                                                        .arg(m_demands[i].name, m_firstFailure));
    }
    m_out.order.clear();
    m_out.error = Error(proto::ERROR_INSUFFICIENT_RESOURCES,
                        QStringLiteral("Nothing in the batch was placed: %1 of %2 partitions cannot be placed (first: %3).")
                            .arg(m_count - placedCount).arg(m_count).arg(m_firstFailure));
}

} // namespace

Result<void> PlacementEngine::validate(const Demand &d, const PlacementState &state)
{
    const PlacementIndex &ix = state.m_index;
    if (auto r = model::validateName(QStringLiteral("partition name"), d.name); !r)
        return r;
    if (d.vcpus == 0 || d.vcpus > model::kMaxVcpus)
        return Error(proto::ERROR_INVALID_ARGUMENT, QStringLiteral("Partition %1 asks for %2 vCPUs; give between 1 and %3.")
                                                        .arg(d.name).arg(d.vcpus).arg(model::kMaxVcpus));
    if (d.memoryMib < model::kMinMemoryMib || d.memoryMib > model::kMaxMemoryMib)
        return Error(proto::ERROR_INVALID_ARGUMENT,
                     QStringLiteral("Partition %1 asks for %2 MiB of memory; give between %3 MiB and %4 MiB.")
                         .arg(d.name).arg(d.memoryMib).arg(model::kMinMemoryMib).arg(model::kMaxMemoryMib));
    for (const QString &z : d.zones) {
        if (auto r = model::validateName(QStringLiteral("zone name"), z); !r)
            return r;
        const int id = ix.zoneIds.value(z, -1);
        if (id < 0)
            return Error(proto::ERROR_NOT_FOUND,
                         QStringLiteral("Zone %1 does not exist; partition %2 cannot be placed in it.").arg(z, d.name));
        if (ix.zones[size_t(id)].hosts.isEmpty())
            return Error(proto::ERROR_FAILED_PRECONDITION,
                         QStringLiteral("Zone %1 has no hosts; add a host to it before placing partition %2 there.").arg(z, d.name));
    }
    if (auto r = validateOptional(QStringLiteral("QoS class"), d.qosClass); !r)
        return r;
    if (auto r = validateOptional(QStringLiteral("site name"), d.site); !r)
        return r;
    if (auto r = validateOptional(QStringLiteral("room name"), d.room); !r)
        return r;
    for (const QString &g : d.notInRackOfGroups)
        if (auto r = model::validateName(QStringLiteral("group name"), g); !r)
            return r;
    if (auto r = validateOptional(QStringLiteral("affinity group name"), d.affinityGroup); !r)
        return r;
    if (auto r = validateOptional(QStringLiteral("anti-affinity group name"), d.antiAffinityGroup); !r)
        return r;
    if (d.bandwidthMbps > 0 && d.bandwidthMbps > ix.maxLinkCapacity) {
        if (ix.maxLinkCapacity == 0)
            return Error(proto::ERROR_INVALID_ARGUMENT,
                         QStringLiteral("Partition %1 needs a %2 Mbps guarantee, but no host has a network link.")
                             .arg(d.name).arg(d.bandwidthMbps));
        return Error(proto::ERROR_INVALID_ARGUMENT,
                     QStringLiteral("Partition %1 needs a %2 Mbps guarantee, but no link anywhere has %2 Mbps; the largest has %3.")
                         .arg(d.name).arg(d.bandwidthMbps).arg(ix.maxLinkCapacity));
    }
    if (ix.hosts.isEmpty())
        return Error(proto::ERROR_FAILED_PRECONDITION,
                     QStringLiteral("There are no hosts to place partition %1 on; add a host first.").arg(d.name));
    return {};
}

Decision PlacementEngine::chooseHost(const Demand &demand, const PlacementState &state, Explain explain)
{
    if (auto r = validate(demand, state); !r) {
        Decision refused;
        refused.error = r.error();
        return refused;
    }
    Pick pick;
    return decide(state.m_index, resolve(state.m_index, demand), explain == Explain::Always, pick);
}

double PlacementEngine::size(const Demand &demand, const PlacementState &state)
{
    return sizeOf(state.m_index, demand.vcpus, demand.memoryMib);
}

BatchOutcome PlacementEngine::placeBatch(const QList<Demand> &demands, const PlacementState &state, const BatchOptions &options)
{
    BatchOutcome out;
    const int count = int(demands.size());
    out.decisions.resize(count);
    out.complete = true;
    if (count == 0)
        return out;

    // Bad input anywhere refuses the whole batch: nothing is placed.
    std::vector<char> bad(size_t(count), 0);
    QSet<QString> seen;
    int firstBad = -1;
    for (int i = 0; i < count; ++i) {
        const Demand &d = demands[i];
        Result<void> r = validate(d, state);
        if (r && seen.contains(d.name))
            r = Error(proto::ERROR_INVALID_ARGUMENT, QStringLiteral("Partition %1 is in the batch twice.").arg(d.name));
        seen.insert(d.name);
        if (!r) {
            out.decisions[i].error = r.error();
            bad[size_t(i)] = 1;
            if (firstBad < 0)
                firstBad = i;
        }
    }
    if (firstBad >= 0) {
        const Error &first = out.decisions[firstBad].error;
        for (int i = 0; i < count; ++i)
            if (!bad[size_t(i)])
                out.decisions[i].error =
                    Error(proto::ERROR_FAILED_PRECONDITION,
                          QStringLiteral("Partition %1 was not placed: the batch was refused because of bad input.").arg(demands[i].name));
        out.complete = false;
        out.error = Error(first.code(), QStringLiteral("The batch was refused: %1").arg(first.message()));
        return out;
    }

    BatchRun(demands, state.m_index, options, out).run();
    return out;
}

} // namespace vdc::placement
