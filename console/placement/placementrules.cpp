#include "placementrules.h"

#include <QHash>
#include <QStringList>

#include <algorithm>

namespace vdc::placement::rules {

namespace {

Verdict fail(RejectionReason reason, std::uint64_t have = 0, std::uint64_t need = 0, int ref = -1)
{
    return Verdict{false, reason, have, need, ref};
}

std::uint64_t nonNegative(std::int64_t v) { return v > 0 ? std::uint64_t(v) : 0; }

} // namespace

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

namespace {

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

} // namespace

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

double sizeOf(const PlacementIndex &ix, std::uint64_t vcpus, std::uint64_t memory)
{
    const double c = ix.maxHostCores > 0 ? double(vcpus) / double(ix.maxHostCores) : 0.0;
    const double m = ix.maxHostMemory > 0 ? double(memory) / double(ix.maxHostMemory) : 0.0;
    return std::max(c, m);
}

} // namespace vdc::placement::rules
