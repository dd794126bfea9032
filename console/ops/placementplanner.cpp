#include "placementplanner.h"

#include "placementengine.h"
#include "placementstate.h"

#include "model/validation.h"

#include <QSet>

#include <algorithm>
#include <map>
#include <optional>

namespace vdc::ops {

namespace {

using placement::Demand;
using placement::HostModel;
using placement::PlacementEngine;
using placement::PlacementState;
using placement::ZonePolicy;

QString str(const std::string &s) { return QString::fromStdString(s); }

bool occupiesHost(proto::PartitionState state)
{
    return state == proto::PARTITION_STATE_RUNNING || state == proto::PARTITION_STATE_STARTING
        || state == proto::PARTITION_STATE_STOPPING || state == proto::PARTITION_STATE_PAUSED;
}

placement::HostState hostState(proto::HostState state)
{
    switch (state) {
    case proto::HOST_STATE_UP: return placement::HostState::Up;
    case proto::HOST_STATE_DEGRADED: return placement::HostState::Degraded;
    case proto::HOST_STATE_FAILED: return placement::HostState::Failed;
    case proto::HOST_STATE_MAINTENANCE: return placement::HostState::Maintenance;
    default: return placement::HostState::Unreachable;
    }
}

bool takesPartitions(proto::HostState state)
{
    return state == proto::HOST_STATE_UP || state == proto::HOST_STATE_DEGRADED;
}

std::uint32_t coreCapacity(const proto::Host &h)
{
    return h.cores_total() > h.cores_reserved() ? h.cores_total() - h.cores_reserved() : 0;
}

std::uint64_t memoryCapacity(const proto::Host &h)
{
    return h.memory_total_mib() > h.memory_reserved_mib() ? h.memory_total_mib() - h.memory_reserved_mib() : 0;
}

QString coresText(std::int64_t n)
{
    return n == 1 ? QStringLiteral("1 core") : QStringLiteral("%1 cores").arg(n);
}

QString vcpusText(std::uint64_t n)
{
    return n == 1 ? QStringLiteral("1 vCPU") : QStringLiteral("%1 vCPUs").arg(n);
}

struct Use
{
    std::int64_t vcpus = 0;
    std::int64_t memory = 0;
};

// What the policies see: per domain and zone, what runs there; per zone,
// what is free on its hosts that take partitions.
class PolicyView
{
public:
    explicit PolicyView(const PlacementPlanner::Inputs &in)
        : m_in(in)
    {
        for (const auto &h : in.hosts) {
            const QString zone = str(h.host.zone());
            m_hostZone.insert(str(h.host.name()), zone);
            if (zone.isEmpty())
                continue;
            m_hostCount[zone] += 1;
            if (!takesPartitions(h.host.state()))
                continue;
            const std::int64_t cores = std::int64_t(h.host.cores_free()) - h.inFlightCores;
            const std::int64_t memory = std::int64_t(h.host.memory_free_mib()) - std::int64_t(h.inFlightMemoryMib);
            m_free[zone].vcpus += std::max<std::int64_t>(0, cores);
            m_free[zone].memory += std::max<std::int64_t>(0, memory);
        }
        for (const auto &p : in.partitions) {
            if (!occupiesHost(p.state()) || p.host().empty())
                continue;
            const QString zone = m_hostZone.value(str(p.host()));
            if (zone.isEmpty())
                continue;
            Use &u = m_use[str(p.spec().domain())][zone];
            u.vcpus += p.spec().vcpus();
            u.memory += std::int64_t(p.spec().memory_mib());
        }
    }

    int hostCount(const QString &zone) const { return m_hostCount.value(zone); }
    QString zoneOf(const QString &host) const { return m_hostZone.value(host); }

    const proto::ZonePolicyLimits *limits(const QString &domain, const QString &zone) const
    {
        const auto it = m_in.policies.constFind(domain);
        if (it == m_in.policies.cend())
            return nullptr;
        for (const auto &z : it->zones)
            if (str(z.zone()) == zone)
                return &z;
        return nullptr;
    }

    // Why `zone` cannot take `extra` more of `domain` on top of what runs
    // (and `placed`, already placed in this batch); empty when it can.
    QString closedReason(const QString &domain, const QString &zone, Use extra,
                         const std::map<std::pair<QString, QString>, Use> &placed = {}) const
    {
        auto placedOf = [&](const QString &d) {
            const auto it = placed.find({d, zone});
            return it == placed.end() ? Use{} : it->second;
        };
        const Use mine = m_use.value(domain).value(zone);
        const Use minePlaced = placedOf(domain);
        if (const auto *l = limits(domain, zone)) {
            const QString set = m_in.policies.value(domain).policySet;
            const std::int64_t running = mine.vcpus + minePlaced.vcpus;
            if (l->max_vcpus() > 0 && running + extra.vcpus > std::int64_t(l->max_vcpus()))
                return QStringLiteral("domain %1 may run %2 in zone %3 (policy set %4); %5 run there, %6 more needed")
                    .arg(domain, vcpusText(l->max_vcpus()), zone, set)
                    .arg(running)
                    .arg(extra.vcpus);
            const std::int64_t memory = mine.memory + minePlaced.memory;
            if (l->max_memory_mib() > 0 && memory + extra.memory > std::int64_t(l->max_memory_mib()))
                return QStringLiteral("domain %1 may use %2 MiB in zone %3 (policy set %4); %5 MiB in use there, %6 MiB more needed")
                    .arg(domain)
                    .arg(l->max_memory_mib())
                    .arg(zone, set)
                    .arg(memory)
                    .arg(extra.memory);
        }
        // Reservations of the other domains: what they are owed and do not
        // use yet must stay free.
        std::int64_t placedAll = 0;
        std::int64_t placedAllMemory = 0;
        for (const auto &[key, use] : placed)
            if (key.second == zone) {
                placedAll += use.vcpus;
                placedAllMemory += use.memory;
            }
        const Use free = m_free.value(zone);
        for (auto it = m_in.policies.cbegin(); it != m_in.policies.cend(); ++it) {
            if (it.key() == domain)
                continue;
            const auto *l = limits(it.key(), zone);
            if (!l || (l->reserved_cores() == 0 && l->reserved_memory_mib() == 0))
                continue;
            const Use theirs = m_use.value(it.key()).value(zone);
            const Use theirsPlaced = placedOf(it.key());
            const std::int64_t owedCores =
                std::max<std::int64_t>(0, std::int64_t(l->reserved_cores()) - theirs.vcpus - theirsPlaced.vcpus);
            const std::int64_t owedMemory =
                std::max<std::int64_t>(0, std::int64_t(l->reserved_memory_mib()) - theirs.memory - theirsPlaced.memory);
            if (owedCores > 0 && free.vcpus - placedAll - extra.vcpus < owedCores)
                return QStringLiteral("zone %1 keeps %2 reserved for domain %3 (policy set %4)")
                    .arg(zone, coresText(owedCores), it.key(), it->policySet);
            if (owedMemory > 0 && free.memory - placedAllMemory - extra.memory < owedMemory)
                return QStringLiteral("zone %1 keeps %2 MiB reserved for domain %3 (policy set %4)")
                    .arg(zone)
                    .arg(owedMemory)
                    .arg(it.key(), it->policySet);
        }
        return {};
    }

private:
    const PlacementPlanner::Inputs &m_in;
    QHash<QString, QString> m_hostZone;
    QHash<QString, int> m_hostCount;
    QHash<QString, Use> m_free;
    QHash<QString, QHash<QString, Use>> m_use;
};

// Affinity groups belong to their domain: "web" of two tenants are two
// groups. Placement sees "domain.group" (or the plain name where that would
// be longer than a name may be).
QString scopedGroup(const std::string &domain, const std::string &group)
{
    if (group.empty())
        return {};
    const QString scoped = str(domain) + QLatin1Char('.') + str(group);
    return scoped.size() <= model::kMaxNameLength ? scoped : str(group);
}

Result<PlacementState> buildState(const PlacementPlanner::Inputs &in)
{
    QHash<QString, const proto::Zone *> zones;
    for (const auto &z : in.zones)
        zones.insert(str(z.name()), &z);

    // Guarantees per host and link, from the partitions on each host.
    QHash<QString, QList<const proto::Partition *>> residents;
    for (const auto &p : in.partitions)
        if (occupiesHost(p.state()) && !p.host().empty())
            residents[str(p.host())].append(&p);

    QList<HostModel> hosts;
    hosts.reserve(in.hosts.size());
    for (const auto &hi : in.hosts) {
        const proto::Host &h = hi.host;
        HostModel m;
        m.name = str(h.name());
        m.zone = str(h.zone());
        const proto::Zone *zone = zones.value(m.zone);
        auto part = [&](const std::string &own, const std::string &fromZone) { return str(own.empty() ? fromZone : own); };
        m.location.site = part(h.location().site(), zone ? zone->location().site() : std::string());
        m.location.room = part(h.location().room(), zone ? zone->location().room() : std::string());
        m.location.rack = part(h.location().rack(), zone ? zone->location().rack() : std::string());
        m.state = hostState(h.state());
        m.coresTotal = coreCapacity(h);
        const std::int64_t coresFree = std::int64_t(h.cores_free()) - hi.inFlightCores;
        m.coresFree = std::int32_t(std::clamp<std::int64_t>(coresFree, 0, m.coresTotal));
        m.memoryTotalMib = memoryCapacity(h);
        const std::int64_t memoryFree = std::int64_t(h.memory_free_mib()) - std::int64_t(hi.inFlightMemoryMib);
        m.memoryFreeMib = std::uint64_t(std::clamp<std::int64_t>(memoryFree, 0, std::int64_t(m.memoryTotalMib)));
        for (const auto &l : h.links())
            m.links.append({str(l.name()), l.capacity_mbps(), 0});
        // vdc's own system partitions run on every host that reserves for them.
        if (h.cores_reserved() > 0 || h.memory_reserved_mib() > 0)
            m.residents.append({QStringLiteral("system"), {}, {}});
        for (const proto::Partition *p : residents.value(m.name)) {
            const auto &spec = p->spec();
            m.residents.append({str(spec.name()), scopedGroup(spec.domain(), spec.affinity_group()),
                                scopedGroup(spec.domain(), spec.anti_affinity_group())});
            if (spec.bandwidth_mbps() == 0 || m.links.isEmpty())
                continue;
            qsizetype link = -1;
            for (qsizetype i = 0; i < m.links.size(); ++i)
                if (m.links[i].name == str(p->link()))
                    link = i;
            if (link < 0) // recorded before links were set: book it on the widest
                for (qsizetype i = 0; i < m.links.size(); ++i)
                    if (link < 0 || m.links[i].capacityMbps - m.links[i].guaranteedMbps
                                        > m.links[link].capacityMbps - m.links[link].guaranteedMbps)
                        link = i;
            auto &target = m.links[link];
            target.guaranteedMbps = std::min(target.capacityMbps, target.guaranteedMbps + spec.bandwidth_mbps());
        }
        hosts.append(m);
    }

    QList<ZonePolicy> policies;
    for (const auto &z : in.zones) {
        ZonePolicy p;
        p.name = str(z.name());
        p.qosClass = str(z.qos_class());
        p.bandwidthBudgetMbps = z.bandwidth_budget_mbps();
        p.allocation = z.allocation() == proto::ALLOCATION_POLICY_SPREAD ? placement::AllocationPolicy::Spread
                                                                          : placement::AllocationPolicy::Pack;
        // Hosts pin every vCPU to a core of its own (the monitor refuses a
        // core that is taken), so a zone's overcommit ratio is recorded but
        // placement counts vCPUs 1:1: choosing a host that would have to
        // share cores would only fail there.
        p.coreOvercommit = 1.0;
        p.haHeadroom = z.ha_headroom();
        policies.append(p);
    }
    return PlacementState::create(hosts, policies);
}

Demand demandOf(const proto::PartitionSpec &spec)
{
    Demand d;
    d.name = str(spec.name());
    d.vcpus = spec.vcpus();
    d.memoryMib = spec.memory_mib();
    d.qosClass = str(spec.qos_class());
    d.bandwidthMbps = spec.bandwidth_mbps();
    d.priority = spec.priority();
    d.site = str(spec.site());
    d.room = str(spec.room());
    for (const auto &g : spec.not_in_rack_of_groups())
        d.notInRackOfGroups.append(scopedGroup(spec.domain(), g));
    d.affinityGroup = scopedGroup(spec.domain(), spec.affinity_group());
    d.affinityScope = spec.affinity_scope() == proto::AFFINITY_SCOPE_RACK ? placement::AffinityScope::Rack
                                                                           : placement::AffinityScope::Host;
    d.affinityStrength = spec.affinity_required() ? placement::AffinityStrength::Required
                                                  : placement::AffinityStrength::Preferred;
    d.antiAffinityGroup = scopedGroup(spec.domain(), spec.anti_affinity_group());
    return d;
}

proto::PartitionRef refOf(const proto::PartitionSpec &spec)
{
    proto::PartitionRef ref;
    ref.set_uuid(spec.uuid());
    ref.set_name(spec.name());
    ref.set_domain(spec.domain());
    return ref;
}

proto::PlacementRejection rejection(const QString &host, const QString &text, const QString &partition)
{
    proto::PlacementRejection r;
    r.set_host(host.toStdString());
    r.set_reason(text.toStdString());
    r.set_partition(partition.toStdString());
    return r;
}

// One partition's zones after its domain's policy: the zones it may use,
// and the reason for each zone a policy closes.
struct ZoneChoice
{
    QStringList zones;              // for the Demand; empty: any host
    QHash<QString, QString> closed; // zone -> reason
    bool nothingOpen = false;
};

using ZoneKey = std::pair<QString, QString>; // (domain, zone)

// `forced`: zones closed to a domain for this batch, with the reason.
ZoneChoice chooseZones(const PlacementPlanner::Inputs &in, const PolicyView &view, const proto::PartitionSpec &spec,
                       const std::map<ZoneKey, QString> &forced = {})
{
    ZoneChoice choice;
    const QString domain = str(spec.domain());
    QStringList base;
    bool fromDomain = false;
    if (!spec.zone().empty()) {
        base << str(spec.zone());
    } else {
        const proto::Domain d = in.domains.value(domain);
        for (const auto &z : d.allowed_zones())
            base << str(z);
        fromDomain = !base.isEmpty();
    }
    // Zones without hosts are no choice for a domain that allows several;
    // a partition's own zone is kept so placement says it is empty.
    if (fromDomain) {
        QStringList withHosts;
        for (const auto &z : std::as_const(base))
            if (view.hostCount(z) > 0)
                withHosts << z;
        if (!withHosts.isEmpty())
            base = withHosts;
    }
    QStringList candidates = base;
    if (candidates.isEmpty())
        for (const auto &z : in.zones)
            if (view.hostCount(str(z.name())) > 0)
                candidates << str(z.name());

    const Use extra{std::int64_t(spec.vcpus()), std::int64_t(spec.memory_mib())};
    QStringList open;
    for (const auto &z : std::as_const(candidates)) {
        const auto f = forced.find({domain, z});
        const QString why = f != forced.end() ? f->second : view.closedReason(domain, z, extra);
        if (why.isEmpty())
            open << z;
        else
            choice.closed.insert(z, why);
    }
    if (choice.closed.isEmpty()) {
        choice.zones = base;
        return choice;
    }
    choice.zones = open;
    choice.nothingOpen = open.isEmpty();
    return choice;
}

QString noHostMessage(const proto::PartitionSpec &spec, const QList<PlacementPlanner::HostInput> &hosts)
{
    QString message = QStringLiteral("No host can run partition %1 (%2, %3 MiB).")
                          .arg(str(spec.name()), vcpusText(spec.vcpus()))
                          .arg(spec.memory_mib());
    if (hosts.isEmpty())
        return message + QStringLiteral(" No hosts are registered; add one first.");
    // A partition larger than every host can never start, whatever is
    // stopped; say so instead of letting the operator free capacity.
    std::uint32_t largestCores = 0;
    std::uint64_t largestMemory = 0;
    bool known = false;
    for (const auto &h : hosts) {
        if (h.host.cores_total() == 0 && h.host.memory_total_mib() == 0)
            continue; // never reported its inventory
        known = true;
        largestCores = std::max(largestCores, coreCapacity(h.host));
        largestMemory = std::max(largestMemory, memoryCapacity(h.host));
    }
    if (known && spec.vcpus() > largestCores)
        message += QStringLiteral(" No host has %1 cores; the largest has %2.").arg(spec.vcpus()).arg(largestCores);
    if (known && spec.memory_mib() > largestMemory)
        message += QStringLiteral(" No host has %1 MiB of memory; the largest has %2 MiB.").arg(spec.memory_mib()).arg(largestMemory);
    return message;
}

// The decision for a partition whose every zone a policy closes.
proto::PlacementDecision closedDecision(const PlacementPlanner::Inputs &in, const PolicyView &view,
                                        const proto::PartitionSpec &spec, const ZoneChoice &zones, const QString &label)
{
    proto::PlacementDecision d;
    *d.mutable_partition() = refOf(spec);
    QStringList reasons;
    for (auto it = zones.closed.cbegin(); it != zones.closed.cend(); ++it)
        reasons << it.value();
    reasons.sort();
    *d.mutable_error() = Error(proto::ERROR_INSUFFICIENT_RESOURCES,
                               QStringLiteral("No host can run partition %1 (%2, %3 MiB): %4.")
                                   .arg(str(spec.name()), vcpusText(spec.vcpus()))
                                   .arg(spec.memory_mib())
                                   .arg(reasons.join(QStringLiteral("; "))))
                             .toProto();
    QList<PlacementPlanner::HostInput> sorted = in.hosts;
    std::sort(sorted.begin(), sorted.end(), [](const auto &a, const auto &b) { return a.host.name() < b.host.name(); });
    for (const auto &h : sorted) {
        const QString name = str(h.host.name());
        const QString zone = view.zoneOf(name);
        QString text;
        if (zones.closed.contains(zone))
            text = QStringLiteral("%1: %2").arg(name, zones.closed.value(zone));
        else if (!spec.zone().empty())
            text = QStringLiteral("%1: not in zone %2").arg(name, str(spec.zone()));
        else
            text = QStringLiteral("%1: not in a zone domain %2 may use").arg(name, str(spec.domain()));
        *d.add_rejections() = rejection(name, text, label);
    }
    return d;
}

QString preferenceText(const PlacementState &state, const QString &chosen)
{
    const HostModel *host = state.host(chosen);
    QString policy = QStringLiteral("pack");
    if (host && !host->zone.isEmpty())
        for (const auto &z : state.zones())
            if (z.name == host->zone && z.allocation == placement::AllocationPolicy::Spread)
                policy = QStringLiteral("spread");
    return policy == QLatin1String("spread") ? QStringLiteral("%1 has more left free (spread)").arg(chosen)
                                              : QStringLiteral("%1 is a tighter fit (pack)").arg(chosen);
}

proto::PlacementDecision convert(const placement::Decision &decision, const proto::PartitionSpec &spec,
                                 const PlacementState &state, const ZoneChoice &zones, const PolicyView &view,
                                 bool explain, const QString &label)
{
    proto::PlacementDecision d;
    *d.mutable_partition() = refOf(spec);
    QSet<QString> named;
    for (const auto &r : decision.rejections) {
        QString text = r.text;
        const QString zone = view.zoneOf(r.host);
        if (r.reason == placement::RejectionReason::Zone && zones.closed.contains(zone))
            text = QStringLiteral("%1: %2").arg(r.host, zones.closed.value(zone));
        *d.add_rejections() = rejection(r.host, text, label);
        named.insert(r.host);
    }
    if (decision.placed()) {
        const auto &c = *decision.choice;
        d.set_host(c.host.toStdString());
        d.set_zone(c.zone.toStdString());
        d.set_link(c.link.toStdString());
        d.set_score(c.score);
        d.set_eligible_hosts(std::uint32_t(c.eligibleHosts));
        if (explain) {
            const QString why = preferenceText(state, c.host);
            for (const auto &h : state.hosts())
                if (h.name != c.host && !named.contains(h.name))
                    *d.add_rejections() = rejection(h.name, QStringLiteral("%1: fits, but %2").arg(h.name, why), label);
        }
    } else {
        *d.mutable_error() = decision.error.toProto();
    }
    // By host name, as people look for them.
    auto *list = d.mutable_rejections();
    std::sort(list->begin(), list->end(), [](const auto &a, const auto &b) { return a.host() < b.host(); });
    return d;
}

} // namespace

QString PlacementPlanner::label(const proto::PartitionSpec &spec)
{
    return QStringLiteral("%1/%2").arg(str(spec.domain()), str(spec.name()));
}

PlacementPlanner::Outcome PlacementPlanner::plan(const Inputs &in, const QList<proto::PartitionSpec> &specs, Mode mode,
                                                 bool explain)
{
    Outcome out;
    if (specs.isEmpty()) {
        out.error = Error(proto::ERROR_INVALID_ARGUMENT, QStringLiteral("Name at least one partition to place."));
        return out;
    }
    const bool batch = mode != Mode::Single;
    auto finish = [&](Outcome &o) -> Outcome & {
        for (const auto &d : o.plan.decisions())
            if (explain || d.host().empty())
                for (const auto &r : d.rejections())
                    o.rejections.append(r);
        return o;
    };

    if (in.hosts.isEmpty()) {
        out.error = Error(proto::ERROR_INSUFFICIENT_RESOURCES, noHostMessage(specs.first(), in.hosts));
        for (const auto &s : specs) {
            auto *d = out.plan.add_decisions();
            *d->mutable_partition() = refOf(s);
            *d->mutable_error() = Error(proto::ERROR_INSUFFICIENT_RESOURCES, noHostMessage(s, in.hosts)).toProto();
        }
        return out;
    }

    auto state = buildState(in);
    if (!state) {
        out.error = Error(proto::ERROR_INTERNAL, QStringLiteral("The placement model of the data center is inconsistent: %1")
                                                     .arg(state.error().message()));
        return out;
    }
    const PolicyView view(in);

    QList<ZoneChoice> zones;
    QList<Demand> demands;
    for (const auto &spec : specs) {
        zones.append(chooseZones(in, view, spec));
        Demand d = demandOf(spec);
        d.zones = zones.last().zones;
        demands.append(d);
    }

    if (!batch) {
        const auto &spec = specs.first();
        const QString label = PlacementPlanner::label(spec);
        if (zones.first().nothingOpen) {
            *out.plan.add_decisions() = closedDecision(in, view, spec, zones.first(), label);
            out.error = Error::fromProto(out.plan.decisions(0).error());
            return finish(out);
        }
        const auto decision = PlacementEngine::chooseHost(demands.first(), *state,
                                                          explain ? PlacementEngine::Explain::Always
                                                                  : PlacementEngine::Explain::OnFailure);
        *out.plan.add_decisions() = convert(decision, spec, *state, zones.first(), view, explain, label);
        out.complete = decision.placed();
        if (!out.complete) {
            out.error = decision.error.code() == proto::ERROR_INSUFFICIENT_RESOURCES
                ? Error(proto::ERROR_INSUFFICIENT_RESOURCES, noHostMessage(spec, in.hosts))
                : decision.error;
            out.plan.mutable_decisions(0)->mutable_error()->set_message(out.error.message().toStdString());
        }
        out.plan.set_complete(out.complete);
        return finish(out);
    }

    // A batch. Limits and reservations are checked for each placement
    // against what ran before the batch; when the batch together would pass
    // one, the zone is closed to that domain for the batch and it is placed
    // again (at most once per zone).
    std::map<ZoneKey, QString> forced;
    QList<proto::PlacementDecision> decisions;
    QList<int> kept;
    QString violation;
    placement::BatchOutcome batchOutcome;
    for (int attempt = 0;; ++attempt) {
        zones.clear();
        demands.clear();
        for (const auto &spec : specs) {
            zones.append(chooseZones(in, view, spec, forced));
            Demand d = demandOf(spec);
            d.zones = zones.last().zones;
            demands.append(d);
        }
        // Partitions whose every zone a policy closes cannot be placed; all or
        // nothing refuses the batch for them at once.
        QList<int> closed;
        for (int i = 0; i < specs.size(); ++i)
            if (zones[i].nothingOpen)
                closed.append(i);
        if (!closed.isEmpty() && mode == Mode::AllOrNothing) {
            for (int i = 0; i < specs.size(); ++i) {
                if (closed.contains(i)) {
                    *out.plan.add_decisions() = closedDecision(in, view, specs[i], zones[i], label(specs[i]));
                } else {
                    auto *d = out.plan.add_decisions();
                    *d->mutable_partition() = refOf(specs[i]);
                    *d->mutable_error() = Error(proto::ERROR_FAILED_PRECONDITION,
                                                QStringLiteral("Partition %1 was not placed: the batch is all or nothing.")
                                                    .arg(str(specs[i].name())))
                                              .toProto();
                }
            }
            out.error = Error(proto::ERROR_INSUFFICIENT_RESOURCES,
                              QStringLiteral("Nothing in the batch was placed: %1")
                                  .arg(str(out.plan.decisions(closed.first()).error().message())));
            return finish(out);
        }
        QList<int> batchIndex; // demands[k] is specs[batchIndex[k]]
        QList<Demand> batchDemands;
        for (int i = 0; i < specs.size(); ++i)
            if (!closed.contains(i)) {
                batchIndex.append(i);
                batchDemands.append(demands[i]);
            }

        placement::BatchOptions options;
        options.atomicity = mode == Mode::AllOrNothing ? placement::BatchAtomicity::WholeBatch : placement::BatchAtomicity::PerGroup;
        options.explain = explain;
        batchOutcome = batchDemands.isEmpty() ? placement::BatchOutcome{} : PlacementEngine::placeBatch(batchDemands, *state, options);

        decisions = QList<proto::PlacementDecision>(specs.size());
        for (int i : closed)
            decisions[i] = closedDecision(in, view, specs[i], zones[i], label(specs[i]));
        for (int k = 0; k < batchDemands.size(); ++k) {
            const int i = batchIndex[k];
            decisions[i] = convert(batchOutcome.decisions.value(k), specs[i], *state, zones[i], view, explain, label(specs[i]));
        }
        QList<int> order;
        for (int k : batchOutcome.order)
            order.append(batchIndex[k]);

        // Limits and reservations over the whole batch: each placement was
        // checked against what ran before the batch; together they may not fit.
        std::map<std::pair<QString, QString>, Use> placed;
        violation.clear();
        kept.clear();
        std::optional<std::pair<ZoneKey, QString>> firstViolation;
        for (int i : std::as_const(order)) {
            const auto &spec = specs[i];
            const QString domain = str(spec.domain());
            const QString zone = view.zoneOf(str(decisions[i].host()));
            const Use extra{std::int64_t(spec.vcpus()), std::int64_t(spec.memory_mib())};
            const QString why = zone.isEmpty() ? QString() : view.closedReason(domain, zone, extra, placed);
            if (why.isEmpty()) {
                Use &u = placed[{domain, zone}];
                u.vcpus += extra.vcpus;
                u.memory += extra.memory;
                kept.append(i);
                continue;
            }
            const Error error(proto::ERROR_INSUFFICIENT_RESOURCES,
                              QStringLiteral("Partition %1 was not placed: together with the rest of the batch, %2.")
                                  .arg(str(spec.name()), why));
            if (violation.isEmpty()) {
                violation = error.message();
                firstViolation = {{domain, zone}, why};
            }
            decisions[i].clear_host();
            decisions[i].clear_zone();
            decisions[i].clear_link();
            *decisions[i].mutable_error() = error.toProto();
        }
        if (!violation.isEmpty() && mode == Mode::AllOrNothing) {
            for (int i : std::as_const(kept)) {
                decisions[i].clear_host();
                decisions[i].clear_zone();
                decisions[i].clear_link();
                *decisions[i].mutable_error() =
                    Error(proto::ERROR_FAILED_PRECONDITION,
                          QStringLiteral("Partition %1 was not placed: the batch is all or nothing.").arg(str(specs[i].name())))
                        .toProto();
            }
            kept.clear();
        }
        if (!firstViolation || forced.count(firstViolation->first) || attempt >= int(in.zones.size()))
            break;
        forced[firstViolation->first] = firstViolation->second;
    }

    for (int i : std::as_const(kept))
        *out.plan.add_decisions() = decisions[i];
    for (int i = 0; i < specs.size(); ++i)
        if (!kept.contains(i))
            *out.plan.add_decisions() = decisions[i];
    out.complete = kept.size() == specs.size();
    out.plan.set_complete(out.complete);
    if (!out.complete) {
        // The cause, not the consequences: the first decision that failed on
        // its own rather than because the batch is all or nothing.
        Error cause(proto::ERROR_INSUFFICIENT_RESOURCES, violation);
        if (violation.isEmpty()) {
            for (const auto &d : out.plan.decisions()) {
                if (!d.host().empty())
                    continue;
                const QString message = str(d.error().message());
                if (message.startsWith(QStringLiteral("Partition %1 was not placed").arg(str(d.partition().name()))))
                    continue;
                cause = Error(d.error().code() == proto::ERROR_NONE ? proto::ERROR_INSUFFICIENT_RESOURCES : d.error().code(), message);
                break;
            }
            if (cause.message().isEmpty())
                cause = batchOutcome.error;
        }
        out.error = mode == Mode::AllOrNothing
            ? Error(cause.code(), QStringLiteral("Nothing in the batch was placed: %1").arg(cause.message()))
            : Error(cause.code(), QStringLiteral("%1 of %2 partitions were not placed: %3")
                                      .arg(specs.size() - kept.size())
                                      .arg(specs.size())
                                      .arg(cause.message()));
    }
    return finish(out);
}

} // namespace vdc::ops
