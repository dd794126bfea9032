#include "batchrun.h"

#include "placementrules.h"

#include <QMap>

#include <algorithm>
#include <cmath>

namespace vdc::placement {

using namespace rules;

namespace {

// Weights of the host-by-host fill (see PlacementEngine). The balance term
// dominates; size and the anti-affinity bonus mostly break its ties.
constexpr double kFillBalance = 50.0;
constexpr double kFillConstrained = 0.25;

} // namespace

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
        // One member alone never conflicts with its group; whatever keeps it
        // off every host is reported by the ordinary filters.
        if (m.size() < 2 || m.size() <= hosts.size())
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
QList<BatchRun::Unit> BatchRun::units() const
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
// empty ones by their opening weight; degraded hosts after all up ones.
// Hosts that take no partitions are never filled.
int BatchRun::nextHostToFill(int zone, const std::vector<char> &done) const
{
    const QList<int> &hosts = m_work.zones[size_t(zone)].hosts;
    int best = -1;
    double bestWeight = 0;
    for (qsizetype k = 0; k < hosts.size(); ++k) {
        const PlacementIndex::HostSlot &s = m_work.hostSlots[size_t(hosts[k])];
        if (done[size_t(k)] || !s.takesPartitions() || s.coresCapacity <= 0 || s.memoryTotal == 0)
            continue;
        double weight = inUse(s) ? 2.0 + (1.0 - (double(s.coresFree) / double(s.coresCapacity)
                                                  + double(s.memoryFree) / double(s.memoryTotal)) / 2.0)
                                 : openingWeight(m_work, hosts[k], 0, 0);
        if (s.state == HostState::Degraded)
            weight -= 100.0;
        if (best < 0 || weight > bestWeight) {
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

} // namespace vdc::placement
