#include "policytransition.h"

#include <QSet>

#include <algorithm>
#include <map>
#include <tuple>

namespace vdc::ops {

namespace {

QString str(const std::string &s) { return QString::fromStdString(s); }

QString sharesText(std::uint32_t shares)
{
    return shares == 0 ? QStringLiteral("the host default") : QString::number(shares);
}

std::map<QString, const proto::ZonePolicyLimits *> limitsByZone(const proto::PolicySet *set)
{
    std::map<QString, const proto::ZonePolicyLimits *> out;
    if (set)
        for (const auto &z : set->zones())
            out[str(z.zone())] = &z;
    return out;
}

bool sameLimits(const proto::ZonePolicyLimits *a, const proto::ZonePolicyLimits *b)
{
    auto value = [](const proto::ZonePolicyLimits *l) {
        return l ? std::make_tuple(l->max_vcpus(), l->max_memory_mib(), l->reserved_cores(), l->reserved_memory_mib())
                 : std::make_tuple(0u, std::uint64_t(0), 0u, std::uint64_t(0));
    };
    return value(a) == value(b);
}

} // namespace

std::uint32_t PolicyTransition::sharesFor(const proto::PolicySet *set, const proto::PartitionSpec &spec)
{
    if (set)
        for (const auto &s : set->shares())
            if (s.qos_class() == spec.qos_class())
                return s.cpu_shares();
    return spec.cpu_shares();
}

QString PolicyTransition::describeLimits(const QString &zone, const proto::ZonePolicyLimits *l)
{
    QStringList parts;
    if (l) {
        if (l->max_vcpus() > 0)
            parts << QStringLiteral("at most %1 vCPUs").arg(l->max_vcpus());
        if (l->max_memory_mib() > 0)
            parts << QStringLiteral("at most %1 MiB").arg(l->max_memory_mib());
        if (l->reserved_cores() > 0)
            parts << QStringLiteral("%1 cores reserved").arg(l->reserved_cores());
        if (l->reserved_memory_mib() > 0)
            parts << QStringLiteral("%1 MiB reserved").arg(l->reserved_memory_mib());
    }
    if (parts.isEmpty())
        return QStringLiteral("zone %1: no limits or reservations").arg(zone);
    return QStringLiteral("zone %1: %2").arg(zone, parts.join(QStringLiteral(", ")));
}

PolicyTransition::Plan PolicyTransition::plan(const proto::PolicySet *before, const proto::PolicySet *after,
                                              const QList<PartitionState> &partitions)
{
    Plan plan;
    QSet<QString> run;
    QSet<QString> stop;
    if (after) {
        for (const auto &n : after->run())
            run.insert(str(n));
        for (const auto &n : after->stop())
            stop.insert(str(n));
    }
    for (const auto &p : partitions) {
        const QString name = str(p.spec.name());
        if (run.contains(name) && !p.running && p.startable)
            plan.start << name;
        if (stop.contains(name) && p.running)
            plan.stop << name;
        const std::uint32_t from = sharesFor(before, p.spec);
        const std::uint32_t to = sharesFor(after, p.spec);
        if (from != to)
            plan.shares.append({name, from, to});
    }
    plan.start.sort();
    plan.stop.sort();
    std::sort(plan.shares.begin(), plan.shares.end(), [](const ShareChange &a, const ShareChange &b) { return a.partition < b.partition; });

    const auto was = limitsByZone(before);
    const auto now = limitsByZone(after);
    QSet<QString> zones;
    for (const auto &[z, l] : was)
        zones.insert(z);
    for (const auto &[z, l] : now)
        zones.insert(z);
    QStringList sorted(zones.cbegin(), zones.cend());
    sorted.sort();
    for (const auto &z : std::as_const(sorted)) {
        const auto a = was.find(z);
        const auto b = now.find(z);
        const proto::ZonePolicyLimits *from = a == was.end() ? nullptr : a->second;
        const proto::ZonePolicyLimits *to = b == now.end() ? nullptr : b->second;
        if (!sameLimits(from, to))
            plan.limits << describeLimits(z, to);
    }
    return plan;
}

QStringList PolicyTransition::Plan::sentences() const
{
    QStringList out;
    for (const auto &name : stop)
        out << QStringLiteral("Stop partition %1.").arg(name);
    for (const auto &name : start)
        out << QStringLiteral("Start partition %1.").arg(name);
    for (const auto &s : shares)
        out << QStringLiteral("CPU shares of partition %1: %2 instead of %3.").arg(s.partition, sharesText(s.to), sharesText(s.from));
    for (const auto &l : limits)
        out << QStringLiteral("Limits from now on: %1.").arg(l);
    return out;
}

} // namespace vdc::ops
