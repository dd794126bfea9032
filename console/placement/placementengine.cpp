#include "placementengine.h"

#include "placementindex.h"

#include "model/validation.h"

#include <QHash>
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

double score(const PlacementIndex &ix, const Need &n, int h)
{
    const PlacementIndex::HostSlot &s = ix.hostSlots[size_t(h)];
    const PlacementIndex::ZoneSlot *z = s.zone >= 0 ? &ix.zones[size_t(s.zone)] : nullptr;
    const double rc = double(s.coresFree - n.vcpus) / double(s.coresCapacity);
    const double rm = double(s.memoryFree - n.memory) / double(s.memoryTotal);
    double result;
    if (!z || z->policy.allocation == AllocationPolicy::Pack) {
        const bool used = s.residents > 0 || s.coresFree < s.coresCapacity || s.memoryFree < s.memoryTotal;
        if (used) {
            result = 2.0 + (1.0 - (rc + rm) / 2.0);
        } else {
            const double largestCores = double(z ? z->maxHostCores : ix.maxHostCores);
            const double largestMemory = double(z ? z->maxHostMemory : ix.maxHostMemory);
            result = (double(s.coresCapacity) / largestCores + double(s.memoryTotal) / largestMemory) / 2.0;
        }
    } else {
        result = std::min(rc, rm) + 0.001 * (rc + rm);
    }
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
    double size = 0;
    int first = 0;
};

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
    {
        std::vector<char> bad(size_t(count), 0);
        QHash<QString, int> seen;
        int firstBad = -1;
        for (int i = 0; i < count; ++i) {
            const Demand &d = demands[i];
            Result<void> r = validate(d, state);
            if (r && seen.contains(d.name))
                r = Error(proto::ERROR_INVALID_ARGUMENT, QStringLiteral("Partition %1 is in the batch twice.").arg(d.name));
            seen.insert(d.name, i);
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
    }

    PlacementIndex work = state.m_index;
    const PlacementIndex &ix = work;
    std::vector<double> sizes(static_cast<size_t>(count));
    for (int i = 0; i < count; ++i)
        sizes[size_t(i)] = sizeOf(ix, demands[i].vcpus, demands[i].memoryMib);

    // Anti-affinity groups with more members than eligible hosts are refused
    // up front: no member of such a group is placed.
    std::vector<char> refused(size_t(count), 0);
    QString firstRefusal;
    {
        QStringList order;
        QHash<QString, QList<int>> members;
        for (int i = 0; i < count; ++i) {
            const QString &g = demands[i].antiAffinityGroup;
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
            QStringList names;
            for (int i : m) {
                const Need n = resolve(ix, demands[i]);
                for (int h : ix.allHosts) {
                    if (!eligible[size_t(h)] && evaluate(ix, n, h, false, nullptr).pass) {
                        eligible[size_t(h)] = 1;
                        names.append(ix.hosts[h].name);
                    }
                }
            }
            if (m.size() <= names.size())
                continue;
            QString hosts;
            if (names.isEmpty()) {
                hosts = QStringLiteral("no host is eligible");
            } else {
                std::sort(names.begin(), names.end(), [&](const QString &a, const QString &b) {
                    return ix.hostIds.value(a) < ix.hostIds.value(b);
                });
                hosts = QStringLiteral("only %1 %2 eligible (%3)")
                            .arg(names.size())
                            .arg(names.size() == 1 ? QStringLiteral("host is") : QStringLiteral("hosts are"))
                            .arg(names.join(QStringLiteral(", ")));
            }
            const Error error(proto::ERROR_FAILED_PRECONDITION,
                              QStringLiteral("Anti-affinity group %1 cannot be satisfied: its %2 partitions need a host each, "
                                             "but %3. None of them was placed.")
                                  .arg(g).arg(m.size()).arg(hosts));
            if (firstRefusal.isEmpty())
                firstRefusal = QStringLiteral("anti-affinity group %1 cannot be satisfied").arg(g);
            for (int i : m) {
                refused[size_t(i)] = 1;
                out.decisions[i].error = error;
            }
        }
    }

    // Order: affinity groups stay together as units; units by priority, then
    // size, then input order.
    QList<Unit> units;
    {
        QHash<QString, int> unitOf;
        for (int i = 0; i < count; ++i) {
            const QString &g = demands[i].affinityGroup;
            if (!g.isEmpty()) {
                const auto it = unitOf.constFind(g);
                if (it != unitOf.cend()) {
                    units[*it].members.append(i);
                    continue;
                }
                unitOf.insert(g, int(units.size()));
            }
            Unit u;
            u.members.append(i);
            u.first = i;
            units.append(u);
        }
        auto before = [&](int a, int b) {
            const Demand &x = demands[a];
            const Demand &y = demands[b];
            if (x.priority != y.priority)
                return x.priority > y.priority;
            if (sizes[size_t(a)] != sizes[size_t(b)])
                return sizes[size_t(a)] > sizes[size_t(b)];
            return a < b;
        };
        for (Unit &u : units) {
            std::sort(u.members.begin(), u.members.end(), before);
            std::uint64_t cores = 0, memory = 0;
            for (int i : u.members) {
                u.priority = std::max(u.priority, demands[i].priority);
                cores += demands[i].vcpus;
                memory += demands[i].memoryMib;
            }
            u.size = sizeOf(ix, cores, memory);
        }
        std::sort(units.begin(), units.end(), [](const Unit &a, const Unit &b) {
            if (a.priority != b.priority)
                return a.priority > b.priority;
            if (a.size != b.size)
                return a.size > b.size;
            return a.first < b.first;
        });
    }

    GroupSets sets(demands);
    const bool perGroup = options.atomicity == BatchAtomicity::PerGroup;
    std::vector<char> setFailed(size_t(count), 0);
    std::vector<int> hostOf(size_t(count), -1);
    std::vector<int> linkOf(size_t(count), -1);
    QString firstFailure = firstRefusal;
    if (perGroup)
        for (int i = 0; i < count; ++i)
            if (refused[size_t(i)])
                setFailed[size_t(sets.root(i))] = 1;

    for (const Unit &u : units) {
        for (int i : u.members) {
            if (refused[size_t(i)])
                continue;
            const Demand &d = demands[i];
            if (perGroup && setFailed[size_t(sets.root(i))]) {
                out.decisions[i].error = Error(proto::ERROR_FAILED_PRECONDITION,
                                               QStringLiteral("Partition %1 was not placed: a partition it shares a group with "
                                                              "cannot be placed.").arg(d.name));
                continue;
            }
            Need n = resolve(ix, d);
            // The first member of a required host-affinity group anchors the
            // group: its host must take every member still to come.
            if (d.affinityStrength == AffinityStrength::Required && d.affinityScope == AffinityScope::Host
                && !d.affinityGroup.isEmpty() && (n.affinity < 0 || ix.groups[size_t(n.affinity)].affinityOnHost.isEmpty())) {
                std::int64_t cores = 0;
                std::uint64_t memory = 0;
                bool started = false;
                for (int j : u.members) {
                    started = started || j == i;
                    if (started && !refused[size_t(j)]) {
                        cores += demands[j].vcpus;
                        memory += demands[j].memoryMib;
                    }
                }
                if (cores > n.vcpus || memory > n.memory) {
                    n.groupCores = cores;
                    n.groupMemory = memory;
                }
            }
            Pick pick;
            out.decisions[i] = decide(ix, n, options.explain, pick);
            if (out.decisions[i].placed()) {
                work.apply(d, pick.host, pick.link);
                hostOf[size_t(i)] = pick.host;
                linkOf[size_t(i)] = pick.link;
                out.order.append(i);
                continue;
            }
            if (firstFailure.isEmpty())
                firstFailure = QStringLiteral("partition %1 cannot be placed").arg(d.name);
            if (!perGroup)
                continue;
            // Give back what the rest of its set already took.
            const int root = sets.root(i);
            setFailed[size_t(root)] = 1;
            for (qsizetype k = out.order.size() - 1; k >= 0; --k) {
                const int j = out.order[k];
                if (sets.root(j) != root)
                    continue;
                work.remove(demands[j], hostOf[size_t(j)], linkOf[size_t(j)]);
                hostOf[size_t(j)] = -1;
                out.decisions[j] = Decision{};
                out.decisions[j].error = Error(proto::ERROR_FAILED_PRECONDITION,
                                               QStringLiteral("Partition %1 was not placed: partition %2 of the same group cannot "
                                                              "be placed.").arg(demands[j].name, d.name));
                out.order.removeAt(k);
            }
        }
    }

    const int placed = int(out.order.size());
    if (placed == count)
        return out;
    out.complete = false;
    if (!perGroup) {
        // All or nothing: drop the placements that did succeed.
        for (int i : std::as_const(out.order)) {
            out.decisions[i] = Decision{};
            out.decisions[i].error =
                Error(proto::ERROR_FAILED_PRECONDITION,
                      QStringLiteral("Partition %1 was not placed: the batch is all or nothing and %2.").arg(demands[i].name, firstFailure));
        }
        out.order.clear();
        out.error = Error(proto::ERROR_INSUFFICIENT_RESOURCES,
                          QStringLiteral("Nothing in the batch was placed: %1 of %2 partitions cannot be placed (first: %3).")
                              .arg(count - placed).arg(count).arg(firstFailure));
        return out;
    }
    out.error = Error(proto::ERROR_INSUFFICIENT_RESOURCES,
                      QStringLiteral("%1 of %2 partitions were not placed (first: %3).").arg(count - placed).arg(count).arg(firstFailure));
    return out;
}

} // namespace vdc::placement
