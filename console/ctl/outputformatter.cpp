#include "outputformatter.h"

#include "model/validation.h"

#include <QDateTime>
#include <QSet>

#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <map>

namespace vdc::ctl {

namespace {

QString str(const std::string &s) { return QString::fromStdString(s); }

QString orDash(const QString &s) { return s.isEmpty() ? QStringLiteral("-") : s; }

QList<quint32> toList(const google::protobuf::RepeatedField<std::uint32_t> &field)
{
    return QList<quint32>(field.begin(), field.end());
}

QString keyValues(const QList<QPair<QString, QString>> &pairs)
{
    qsizetype width = 0;
    for (const auto &p : pairs)
        width = std::max(width, p.first.size() + 1);
    QString out;
    for (const auto &p : pairs)
        out += QStringLiteral("%1  %2\n").arg(QString(p.first + QLatin1Char(':')).leftJustified(width), p.second);
    return out;
}

QString coresCell(const proto::Host &h)
{
    if (h.cores_total() == 0)
        return QStringLiteral("-");
    return QStringLiteral("%1/%2").arg(h.cores_free()).arg(h.cores_total());
}

QString memoryCell(const proto::Host &h)
{
    if (h.memory_total_mib() == 0)
        return QStringLiteral("-");
    return QStringLiteral("%1/%2 MiB").arg(h.memory_free_mib()).arg(h.memory_total_mib());
}

QString hostsTable(const proto::HostList &list)
{
    if (list.hosts().empty())
        return QStringLiteral("No hosts.\n");
    QList<QStringList> rows;
    for (const auto &h : list.hosts())
        rows.append({str(h.name()), model::hostStateName(h.state()), orDash(str(h.zone())), coresCell(h), memoryCell(h),
                     QString::number(h.partitions_running()), str(h.agent_endpoint())});
    return OutputFormatter::table({QStringLiteral("NAME"), QStringLiteral("STATE"), QStringLiteral("ZONE"),
                                   QStringLiteral("CORES FREE/TOTAL"), QStringLiteral("MEMORY FREE/TOTAL"),
                                   QStringLiteral("PARTITIONS"), QStringLiteral("AGENT")},
                                  rows);
}

QString partitionsTable(const proto::PartitionList &list)
{
    if (list.partitions().empty())
        return QStringLiteral("No partitions.\n");
    QList<QStringList> rows;
    for (const auto &p : list.partitions())
        rows.append({str(p.spec().name()), str(p.spec().domain()), model::partitionStateName(p.state()), orDash(str(p.host())),
                     QString::number(p.spec().vcpus()), QStringLiteral("%1 MiB").arg(p.spec().memory_mib()),
                     orDash(OutputFormatter::ranges(toList(p.assignment().cores())))});
    return OutputFormatter::table({QStringLiteral("NAME"), QStringLiteral("DOMAIN"), QStringLiteral("STATE"),
                                   QStringLiteral("HOST"), QStringLiteral("VCPUS"), QStringLiteral("MEMORY"),
                                   QStringLiteral("PINNED CORES")},
                                  rows);
}

QString domainsTable(const proto::DomainList &list)
{
    QList<QStringList> rows;
    for (const auto &d : list.domains())
        rows.append({str(d.name()), orDash(str(d.description()))});
    return OutputFormatter::table({QStringLiteral("NAME"), QStringLiteral("DESCRIPTION")}, rows);
}

QString locationText(const proto::Location &l)
{
    QStringList parts;
    if (!l.site().empty())
        parts << QStringLiteral("site %1").arg(str(l.site()));
    if (!l.room().empty())
        parts << QStringLiteral("room %1").arg(str(l.room()));
    if (!l.rack().empty())
        parts << QStringLiteral("rack %1").arg(str(l.rack()));
    return parts.isEmpty() ? QStringLiteral("-") : parts.join(QStringLiteral(", "));
}

QString linksText(const proto::Host &h)
{
    QStringList parts;
    for (const auto &l : h.links())
        parts << QStringLiteral("%1 %2 Mbps (%3 guaranteed)").arg(str(l.name())).arg(l.capacity_mbps()).arg(l.guaranteed_mbps());
    return parts.isEmpty() ? QStringLiteral("-") : parts.join(QStringLiteral(", "));
}

QString timeText(qint64 ms)
{
    return ms <= 0 ? QStringLiteral("-") : QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODate);
}

QString joinStrings(const google::protobuf::RepeatedPtrField<std::string> &list, const QString &empty = QStringLiteral("-"))
{
    QStringList out;
    for (const auto &s : list)
        out << str(s);
    return out.isEmpty() ? empty : out.join(QStringLiteral(", "));
}

QString allocationText(proto::AllocationPolicy policy)
{
    return policy == proto::ALLOCATION_POLICY_SPREAD ? QStringLiteral("spread") : QStringLiteral("pack");
}

QString zonesTable(const proto::ZoneList &list)
{
    if (list.zones().empty())
        return QStringLiteral("No zones.\n");
    QList<QStringList> rows;
    for (const auto &z : list.zones())
        rows.append({str(z.name()), joinStrings(z.hosts()), locationText(z.location()), orDash(str(z.qos_class())),
                     allocationText(z.allocation()),
                     QString::number(z.overcommit_ratio() > 0 ? z.overcommit_ratio() : 1.0),
                     QString::number(z.ha_headroom()),
                     z.bandwidth_budget_mbps() == 0 ? QStringLiteral("-") : QStringLiteral("%1 Mbps").arg(z.bandwidth_budget_mbps())});
    return OutputFormatter::table({QStringLiteral("NAME"), QStringLiteral("HOSTS"), QStringLiteral("LOCATION"), QStringLiteral("QOS"),
                                   QStringLiteral("POLICY"), QStringLiteral("OVERCOMMIT"), QStringLiteral("HA HEADROOM"),
                                   QStringLiteral("BANDWIDTH BUDGET")},
                                  rows);
}

QString zoneDetails(const proto::Zone &z)
{
    return keyValues({
        {QStringLiteral("Name"), str(z.name())},
        {QStringLiteral("Description"), orDash(str(z.description()))},
        {QStringLiteral("Hosts"), joinStrings(z.hosts())},
        {QStringLiteral("Location"), locationText(z.location())},
        {QStringLiteral("QoS class"), orDash(str(z.qos_class()))},
        {QStringLiteral("Allocation"), allocationText(z.allocation())},
        {QStringLiteral("Overcommit"), QString::number(z.overcommit_ratio() > 0 ? z.overcommit_ratio() : 1.0)},
        {QStringLiteral("HA headroom"), QString::number(z.ha_headroom())},
        {QStringLiteral("Bandwidth budget"),
         z.bandwidth_budget_mbps() == 0 ? QStringLiteral("-") : QStringLiteral("%1 Mbps").arg(z.bandwidth_budget_mbps())},
    });
}

QString domainDetails(const proto::Domain &d)
{
    return keyValues({
        {QStringLiteral("Name"), str(d.name())},
        {QStringLiteral("Description"), orDash(str(d.description()))},
        {QStringLiteral("Allowed zones"), joinStrings(d.allowed_zones(), QStringLiteral("any"))},
        {QStringLiteral("Default policy set"), d.default_policy_set().empty() ? QStringLiteral("default") : str(d.default_policy_set())},
    });
}

QString limitsText(const proto::PolicySet &set)
{
    QStringList parts;
    for (const auto &z : set.zones()) {
        QStringList l;
        if (z.max_vcpus() > 0)
            l << QStringLiteral("max %1 vCPUs").arg(z.max_vcpus());
        if (z.max_memory_mib() > 0)
            l << QStringLiteral("max %1 MiB").arg(z.max_memory_mib());
        if (z.reserved_cores() > 0)
            l << QStringLiteral("%1 cores reserved").arg(z.reserved_cores());
        if (z.reserved_memory_mib() > 0)
            l << QStringLiteral("%1 MiB reserved").arg(z.reserved_memory_mib());
        parts << QStringLiteral("%1: %2").arg(str(z.zone()), l.isEmpty() ? QStringLiteral("none") : l.join(QStringLiteral(", ")));
    }
    return parts.isEmpty() ? QStringLiteral("-") : parts.join(QStringLiteral("; "));
}

QString sharesText(const proto::PolicySet &set)
{
    QStringList parts;
    for (const auto &s : set.shares())
        parts << QStringLiteral("%1=%2").arg(s.qos_class().empty() ? QStringLiteral("none") : str(s.qos_class())).arg(s.cpu_shares());
    return parts.isEmpty() ? QStringLiteral("-") : parts.join(QStringLiteral(", "));
}

QString policySetDetails(const proto::PolicySet &set)
{
    return keyValues({
        {QStringLiteral("Name"), str(set.name())},
        {QStringLiteral("Domain"), str(set.domain())},
        {QStringLiteral("Description"), orDash(str(set.description()))},
        {QStringLiteral("Runs"), joinStrings(set.run())},
        {QStringLiteral("Stops"), joinStrings(set.stop())},
        {QStringLiteral("Zone limits"), limitsText(set)},
        {QStringLiteral("CPU shares"), sharesText(set)},
    });
}

QString statusLines(const proto::PolicyList &list)
{
    QString out;
    for (const auto &st : list.status()) {
        QString line = QStringLiteral("Domain %1: policy set %2 in force (%3)")
                           .arg(str(st.domain()), str(st.policy_set_in_force()),
                                st.entry_in_force().empty() ? QStringLiteral("the default")
                                                            : QStringLiteral("entry %1").arg(str(st.entry_in_force())));
        if (st.next_boundary_ms() > 0)
            line += QStringLiteral("; next change at %1 to %2").arg(timeText(st.next_boundary_ms()), str(st.next_policy_set()));
        out += line + QStringLiteral(".\n");
    }
    return out;
}

QString entriesTable(const proto::PolicyList &list)
{
    if (list.entries().empty())
        return QStringLiteral("No calendar entries.\n");
    QList<QStringList> rows;
    for (const auto &e : list.entries())
        rows.append({str(e.domain()), str(e.name()), str(e.policy_set()), QString::number(e.priority()), str(e.description())});
    return OutputFormatter::table({QStringLiteral("DOMAIN"), QStringLiteral("ENTRY"), QStringLiteral("POLICY SET"),
                                   QStringLiteral("PRIORITY"), QStringLiteral("WHEN")},
                                  rows);
}

QString policiesText(const proto::PolicyList &list)
{
    QString out;
    if (list.policy_sets().empty()) {
        out += QStringLiteral("No policy sets.\n");
    } else {
        QList<QStringList> rows;
        for (const auto &set : list.policy_sets())
            rows.append({str(set.domain()), str(set.name()), joinStrings(set.run()), joinStrings(set.stop()), limitsText(set),
                         sharesText(set)});
        out += OutputFormatter::table({QStringLiteral("DOMAIN"), QStringLiteral("POLICY SET"), QStringLiteral("RUNS"),
                                       QStringLiteral("STOPS"), QStringLiteral("ZONE LIMITS"), QStringLiteral("CPU SHARES")},
                                      rows);
    }
    out += QLatin1Char('\n') + entriesTable(list) + QLatin1Char('\n') + statusLines(list);
    return out;
}

QString previewText(const proto::CalendarPreview &preview)
{
    if (preview.boundaries().empty())
        return QStringLiteral("No policy changes in that window.\n");
    QString out;
    for (const auto &b : preview.boundaries()) {
        out += QStringLiteral("%1  domain %2: %3\n").arg(timeText(b.at_ms()), str(b.domain()), str(b.summary()));
        for (const auto &c : b.changes())
            out += QStringLiteral("    %1\n").arg(str(c));
    }
    return out;
}

QString auditTable(const proto::AuditList &list)
{
    if (list.events().empty())
        return QStringLiteral("No audit events.\n");
    QList<QStringList> rows;
    for (const auto &e : list.events())
        rows.append({timeText(e.time_ms()), str(e.user()), str(e.action()), str(e.object()), str(e.result()), str(e.message())});
    return OutputFormatter::table({QStringLiteral("TIME"), QStringLiteral("USER"), QStringLiteral("ACTION"), QStringLiteral("OBJECT"),
                                   QStringLiteral("RESULT"), QStringLiteral("MESSAGE")},
                                  rows);
}

QString planText(const proto::PlacementPlan &plan)
{
    QString out;
    for (const auto &d : plan.decisions()) {
        const QString name = QStringLiteral("%1/%2").arg(str(d.partition().domain()), str(d.partition().name()));
        if (!d.host().empty()) {
            QString where = QStringLiteral("host %1").arg(str(d.host()));
            if (!d.zone().empty())
                where += QStringLiteral(" in zone %1").arg(str(d.zone()));
            if (!d.link().empty())
                where += QStringLiteral(", guarantee on link %1").arg(str(d.link()));
            out += QStringLiteral("%1 would go to %2 (%3 of %4 hosts eligible).\n")
                       .arg(name, where)
                       .arg(d.eligible_hosts())
                       .arg(d.eligible_hosts() + d.rejections_size());
        } else {
            out += QStringLiteral("%1 would not be placed: %2\n").arg(name, str(d.error().message()));
        }
        for (const auto &r : d.rejections())
            out += QStringLiteral("  %1\n").arg(str(r.reason()));
    }
    if (plan.decisions_size() > 1)
        out += plan.complete() ? QStringLiteral("All %1 partitions would be placed.\n").arg(plan.decisions_size())
                               : QStringLiteral("Not all partitions would be placed; a start of them together would be refused.\n");
    return out;
}

QString hostDetails(const proto::Host &h)
{
    const QString heartbeat = h.last_heartbeat_ms() > 0
        ? QDateTime::fromMSecsSinceEpoch(h.last_heartbeat_ms(), Qt::UTC).toString(Qt::ISODate)
        : QStringLiteral("-");
    const QString cores = h.cores_total() == 0 ? QStringLiteral("-")
                                               : QStringLiteral("%1 free of %2 (%3 reserved)")
                                                     .arg(h.cores_free()).arg(h.cores_total()).arg(h.cores_reserved());
    const QString memory = h.memory_total_mib() == 0 ? QStringLiteral("-")
                                                     : QStringLiteral("%1 MiB free of %2 MiB (%3 MiB reserved)")
                                                           .arg(h.memory_free_mib()).arg(h.memory_total_mib()).arg(h.memory_reserved_mib());
    return keyValues({
        {QStringLiteral("Name"), str(h.name())},
        {QStringLiteral("State"), model::hostStateName(h.state())},
        {QStringLiteral("Zone"), orDash(str(h.zone()))},
        {QStringLiteral("Agent endpoint"), str(h.agent_endpoint())},
        {QStringLiteral("Publish endpoint"), orDash(str(h.publish_endpoint()))},
        {QStringLiteral("Hypervisor"), orDash(str(h.hypervisor_uri()))},
        {QStringLiteral("Generation"), QString::number(h.generation())},
        {QStringLiteral("Cores"), cores},
        {QStringLiteral("Memory"), memory},
        {QStringLiteral("Partitions"), QStringLiteral("%1 running").arg(h.partitions_running())},
        {QStringLiteral("Last heartbeat"), heartbeat},
        {QStringLiteral("Location"), locationText(h.location())},
        {QStringLiteral("Links"), linksText(h)},
        {QStringLiteral("Last error"), orDash(str(h.last_error()))},
    });
}

QString partitionDetails(const proto::Partition &p)
{
    const auto &s = p.spec();
    // Placement rules only when set, so a plain partition reads as before.
    QList<QPair<QString, QString>> rules;
    if (!s.qos_class().empty())
        rules.append({QStringLiteral("QoS class"), str(s.qos_class())});
    if (s.bandwidth_mbps() > 0)
        rules.append({QStringLiteral("Bandwidth"), QStringLiteral("%1 Mbps guaranteed%2")
                                                       .arg(s.bandwidth_mbps())
                                                       .arg(p.link().empty() ? QString() : QStringLiteral(" on link %1").arg(str(p.link())))});
    if (!s.site().empty() || !s.room().empty()) {
        proto::Location l;
        l.set_site(s.site());
        l.set_room(s.room());
        rules.append({QStringLiteral("Must be in"), locationText(l)});
    }
    if (s.not_in_rack_of_groups_size() > 0)
        rules.append({QStringLiteral("Not in the rack of"), joinStrings(s.not_in_rack_of_groups())});
    if (!s.affinity_group().empty())
        rules.append({QStringLiteral("Affinity"), QStringLiteral("%1 (%2, %3)")
                                                      .arg(str(s.affinity_group()),
                                                           s.affinity_scope() == proto::AFFINITY_SCOPE_RACK ? QStringLiteral("same rack")
                                                                                                            : QStringLiteral("same host"),
                                                           s.affinity_required() ? QStringLiteral("required") : QStringLiteral("preferred"))});
    if (!s.anti_affinity_group().empty())
        rules.append({QStringLiteral("Anti-affinity"), str(s.anti_affinity_group())});
    if (s.cpu_shares() > 0 || p.effective_cpu_shares() > 0)
        rules.append({QStringLiteral("CPU shares"), QStringLiteral("%1 in force (own %2)")
                                                        .arg(p.effective_cpu_shares() ? QString::number(p.effective_cpu_shares()) : QStringLiteral("default"),
                                                             s.cpu_shares() ? QString::number(s.cpu_shares()) : QStringLiteral("default"))});
    QList<QPair<QString, QString>> pairs{
        {QStringLiteral("Name"), str(s.name())},
        {QStringLiteral("UUID"), str(s.uuid())},
        {QStringLiteral("Domain"), str(s.domain())},
        {QStringLiteral("Zone"), s.zone().empty() ? QStringLiteral("any") : str(s.zone())},
        {QStringLiteral("State"), model::partitionStateName(p.state())},
        {QStringLiteral("Host"), orDash(str(p.host()))},
        {QStringLiteral("vCPUs"), QString::number(s.vcpus())},
        {QStringLiteral("Memory"), QStringLiteral("%1 MiB").arg(s.memory_mib())},
        {QStringLiteral("Boot"), orDash(str(s.boot()))},
        {QStringLiteral("Priority"), QString::number(s.priority())},
        {QStringLiteral("Pinned cores"), orDash(OutputFormatter::ranges(toList(p.assignment().cores())))},
        {QStringLiteral("Memory granules"), orDash(OutputFormatter::ranges(toList(p.assignment().memory_granules())))},
        {QStringLiteral("Last error"), orDash(str(p.last_error()))},
    };
    pairs.append(rules);
    return keyValues(pairs);
}

} // namespace

QString OutputFormatter::table(const QStringList &headers, const QList<QStringList> &rows)
{
    QList<qsizetype> widths;
    for (const auto &h : headers)
        widths.append(h.size());
    for (const auto &row : rows)
        for (qsizetype c = 0; c < row.size() && c < widths.size(); ++c)
            widths[c] = std::max(widths[c], row.at(c).size());
    auto line = [&](const QStringList &cells) {
        QString out;
        for (qsizetype c = 0; c < cells.size(); ++c) {
            if (c + 1 < cells.size())
                out += cells.at(c).leftJustified(widths.value(c)) + QStringLiteral("  ");
            else
                out += cells.at(c);
        }
        return out + QLatin1Char('\n');
    };
    QString out = line(headers);
    for (const auto &row : rows)
        out += line(row);
    return out;
}

QString OutputFormatter::ranges(const QList<quint32> &indices)
{
    QList<quint32> sorted = indices;
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    QStringList parts;
    for (qsizetype i = 0; i < sorted.size();) {
        qsizetype j = i;
        while (j + 1 < sorted.size() && sorted.at(j + 1) == sorted.at(j) + 1)
            ++j;
        parts << (i == j ? QString::number(sorted.at(i)) : QStringLiteral("%1-%2").arg(sorted.at(i)).arg(sorted.at(j)));
        i = j + 1;
    }
    return parts.join(QLatin1Char(','));
}

QString OutputFormatter::text(CommandLine::Command command, const proto::OpsReply &reply)
{
    using C = CommandLine::Command;
    const auto &p = reply.partition();
    const QString name = str(p.spec().name());
    switch (command) {
    case C::HostAdd: {
        const auto &h = reply.host();
        if (h.state() == proto::HOST_STATE_UP)
            return QStringLiteral("Host %1 added: up, %2 cores, %3 MiB.\n")
                .arg(str(h.name()))
                .arg(h.cores_total())
                .arg(h.memory_total_mib());
        return QStringLiteral("Host %1 added; it is %2 for now: %3\n")
            .arg(str(h.name()), model::hostStateName(h.state()), orDash(str(h.last_error())));
    }
    case C::HostList:
        return hostsTable(reply.hosts());
    case C::HostShow:
        return hostDetails(reply.host());
    case C::HostRemove:
        return QStringLiteral("Host %1 removed.\n").arg(str(reply.host().name()));
    case C::DomainCreate:
        return QStringLiteral("Domain %1 created.\n").arg(str(reply.domain().name()));
    case C::DomainList:
        return domainsTable(reply.domains());
    case C::PartitionCreate:
        return QStringLiteral("Partition %1 created in domain %2 (uuid %3).\n")
            .arg(name, str(p.spec().domain()), str(p.spec().uuid()));
    case C::PartitionStart: {
        if (reply.has_partitions()) {
            QString out;
            for (const auto &started : reply.partitions().partitions())
                out += QStringLiteral("Partition %1 is %2 on host %3 (cores %4, %5 MiB).\n")
                           .arg(str(started.spec().name()), model::partitionStateName(started.state()), orDash(str(started.host())),
                                orDash(ranges(toList(started.assignment().cores()))))
                           .arg(started.spec().memory_mib());
            return out;
        }
        const QString cores = ranges(toList(p.assignment().cores()));
        return QStringLiteral("Partition %1 is %2 on host %3 (cores %4, %5 MiB).\n")
            .arg(name, model::partitionStateName(p.state()), str(p.host()), orDash(cores))
            .arg(p.spec().memory_mib());
    }
    case C::PartitionStop:
        return QStringLiteral("Partition %1 stopped.\n").arg(name);
    case C::PartitionShow:
        return partitionDetails(p);
    case C::PartitionDelete:
        return QStringLiteral("Partition %1 deleted from domain %2.\n").arg(name, str(p.spec().domain()));
    case C::PartitionList:
        return partitionsTable(reply.partitions());
    case C::PartitionSet:
        return QStringLiteral("Partition %1 of domain %2 changed.\n").arg(name, str(p.spec().domain()));
    case C::DomainShow:
        return domainDetails(reply.domain());
    case C::DomainSet:
        return QStringLiteral("Domain %1 updated.\n").arg(str(reply.domain().name()));
    case C::DomainRename:
        return QStringLiteral("Domain renamed to %1.\n").arg(str(reply.domain().name()));
    case C::DomainDelete:
        return QStringLiteral("Domain %1 deleted.\n").arg(str(reply.domain().name()));
    case C::DomainExport: {
        QString text = str(reply.document().text());
        if (!text.endsWith(QLatin1Char('\n')))
            text += QLatin1Char('\n');
        return text;
    }
    case C::DomainImport:
        return str(reply.document().summary()) + QLatin1Char('\n');
    case C::ZoneCreate:
        return QStringLiteral("Zone %1 created with hosts: %2.\n").arg(str(reply.zone().name()), joinStrings(reply.zone().hosts(), QStringLiteral("none")));
    case C::ZoneSet:
        return QStringLiteral("Zone %1 updated.\n").arg(str(reply.zone().name()));
    case C::ZoneRename:
        return QStringLiteral("Zone renamed to %1.\n").arg(str(reply.zone().name()));
    case C::ZoneDelete:
        return QStringLiteral("Zone %1 deleted.\n").arg(str(reply.zone().name()));
    case C::ZoneList:
        return zonesTable(reply.zones());
    case C::ZoneShow:
        return zoneDetails(reply.zone());
    case C::HostSet:
        return hostDetails(reply.host());
    case C::PlacementExplain:
        return planText(reply.placement());
    case C::PolicyCreate:
        return QStringLiteral("Policy set %1 created in domain %2.\n").arg(str(reply.policy_set().name()), str(reply.policy_set().domain()));
    case C::PolicyReplace:
        return QStringLiteral("Policy set %1 of domain %2 replaced.\n").arg(str(reply.policy_set().name()), str(reply.policy_set().domain()));
    case C::PolicyDelete:
        return QStringLiteral("Policy set %1 deleted from domain %2.\n").arg(str(reply.policy_set().name()), str(reply.policy_set().domain()));
    case C::PolicyList:
        return policiesText(reply.policies());
    case C::PolicyShow:
        return policySetDetails(reply.policy_set());
    case C::CalendarAdd:
    case C::CalendarReplace:
        return QStringLiteral("%1\n").arg(str(reply.calendar_entry().description()));
    case C::CalendarRemove:
        return QStringLiteral("Calendar entry %1 removed from domain %2.\n")
            .arg(str(reply.calendar_entry().name()), str(reply.calendar_entry().domain()));
    case C::CalendarList:
        return entriesTable(reply.policies()) + statusLines(reply.policies());
    case C::CalendarPreview:
        return previewText(reply.preview());
    case C::Audit:
        return auditTable(reply.audit());
    case C::Migrate:
    case C::MigrationCancel:
        return QStringLiteral("%1\n").arg(str(reply.migration().message()));
    case C::MigrationList: {
        QList<QStringList> rows;
        for (const auto &m : reply.migrations().migrations())
            rows.append({str(m.partition_name()), str(m.source_host()), str(m.target_host()), migrationLine(m),
                         str(m.migration_id())});
        if (rows.isEmpty())
            return QStringLiteral("No migration is running.\n");
        return table({QStringLiteral("PARTITION"), QStringLiteral("FROM"), QStringLiteral("TO"), QStringLiteral("PROGRESS"),
                      QStringLiteral("ID")},
                     rows);
    }
    case C::HostEvacuate: {
        QString out;
        for (const auto &m : reply.evacuation().migrations())
            out += QStringLiteral("%1\n").arg(str(m.message()));
        out += QStringLiteral("Host %1 is in maintenance; %2 partitions moved.\n")
                   .arg(str(reply.evacuation().host()))
                   .arg(reply.evacuation().migrations_size());
        return out;
    }
    case C::HostResume:
        return QStringLiteral("Host %1 takes partitions again.\n").arg(str(reply.host().name()));
    case C::Stats:
        return stats(reply.stats_history(), {}, true);
    case C::Help:
        break;
    }
    return {};
}

QString OutputFormatter::phaseName(proto::MigrationPhase phase)
{
    switch (phase) {
    case proto::MIGRATION_PHASE_CHECKING: return QStringLiteral("checking");
    case proto::MIGRATION_PHASE_RESERVING: return QStringLiteral("reserving");
    case proto::MIGRATION_PHASE_COPYING_MEMORY: return QStringLiteral("copying memory");
    case proto::MIGRATION_PHASE_SWITCHING_OVER: return QStringLiteral("switching over");
    case proto::MIGRATION_PHASE_SAVING: return QStringLiteral("saving");
    case proto::MIGRATION_PHASE_TRANSFERRING: return QStringLiteral("transferring");
    case proto::MIGRATION_PHASE_RESTORING: return QStringLiteral("restoring");
    case proto::MIGRATION_PHASE_CLEANING_UP: return QStringLiteral("cleaning up");
    case proto::MIGRATION_PHASE_COMPLETED: return QStringLiteral("completed");
    case proto::MIGRATION_PHASE_FAILED: return QStringLiteral("failed");
    case proto::MIGRATION_PHASE_CANCELLED: return QStringLiteral("cancelled");
    default: return QStringLiteral("starting");
    }
}

QString OutputFormatter::migrationLine(const proto::MigrationProgress &progress)
{
    const double mibDiv = 1024.0 * 1024.0;
    const auto total = progress.memory_total_bytes();
    const auto processed = progress.memory_processed_bytes();
    QString line = QStringLiteral("%1").arg(phaseName(progress.phase()), -15);
    if (total > 0) {
        const int percent = int(std::min<std::uint64_t>(100, processed * 100 / total));
        const int filled = percent / 5;
        line += QStringLiteral(" [%1%2] %3%")
                    .arg(QString(filled, QLatin1Char('#')), QString(20 - filled, QLatin1Char('.')))
                    .arg(percent, 3);
        line += QStringLiteral("  %1 MiB left").arg(double(progress.memory_remaining_bytes()) / mibDiv, 0, 'f', 1);
    }
    if (progress.dirty_rate_bytes_per_s() > 0)
        line += QStringLiteral("  dirty %1 MiB/s").arg(double(progress.dirty_rate_bytes_per_s()) / mibDiv, 0, 'f', 1);
    if (progress.estimated_remaining_ms() > 0)
        line += QStringLiteral("  ETA %1 s").arg(double(progress.estimated_remaining_ms()) / 1000.0, 0, 'f', 1);
    else if (progress.estimated_remaining_ms() < 0)
        line += QStringLiteral("  ETA ?");
    line += QStringLiteral("  %1 s").arg(double(progress.elapsed_ms()) / 1000.0, 0, 'f', 1);
    return line;
}

QString OutputFormatter::stats(const proto::StatsHistory &history, const QHash<QString, QString> &partitionNames,
                               bool showPartitions)
{
    const auto clock = [](qint64 ms) {
        return QDateTime::fromMSecsSinceEpoch(ms).toLocalTime().toString(QStringLiteral("HH:mm:ss"));
    };
    const auto percent = [](double value) { return QString::number(value, 'f', 1); };
    const auto kib = [](std::uint64_t bytesPerSecond) { return QString::number(double(bytesPerSecond) / 1024.0, 'f', 1); };

    // The history is oldest first: the last sample of each wins.
    std::map<QString, const proto::HostSample *> hosts;
    std::map<QString, std::pair<const proto::HostSample *, const proto::PartitionSample *>> partitions;
    for (const auto &sample : history.hosts()) {
        hosts[str(sample.host())] = &sample;
        for (const auto &p : sample.partitions())
            partitions[str(p.uuid())] = {&sample, &p};
    }
    std::map<QString, const proto::ZoneSample *> zones;
    for (const auto &sample : history.zones())
        zones[str(sample.zone())] = &sample;

    if (hosts.empty() && zones.empty())
        return QStringLiteral("No statistics yet for this choice (the service keeps the last %1 s).\n")
            .arg(history.retention_s());
    QString out;
    if (!hosts.empty()) {
        QList<QStringList> rows;
        for (const auto &[name, s] : hosts)
            rows.append({name, clock(s->time_ms()), percent(s->cpu_percent()),
                         QStringLiteral("%1/%2").arg(s->memory_used_mib()).arg(s->memory_total_mib()),
                         kib(s->net_rx_bytes_per_s()), kib(s->net_tx_bytes_per_s()),
                         QString::number(s->partitions_size())});
        out += table({QStringLiteral("HOST"), QStringLiteral("TIME"), QStringLiteral("CPU %"), QStringLiteral("MEMORY MIB"),
                      QStringLiteral("NET RX KIB/S"), QStringLiteral("NET TX KIB/S"), QStringLiteral("PARTITIONS")},
                     rows);
    }
    if (showPartitions && !partitions.empty()) {
        QList<QStringList> rows;
        for (const auto &[uuid, where] : partitions) {
            const auto &[host, p] = where;
            rows.append({partitionNames.value(uuid, uuid), str(host->host()), clock(host->time_ms()),
                         percent(p->cpu_percent()), QStringLiteral("%1/%2").arg(p->memory_used_mib()).arg(p->memory_mib()),
                         kib(p->net_rx_bytes_per_s()), kib(p->net_tx_bytes_per_s()), kib(p->disk_read_bytes_per_s()),
                         kib(p->disk_write_bytes_per_s())});
        }
        std::sort(rows.begin(), rows.end(), [](const QStringList &a, const QStringList &b) { return a.first() < b.first(); });
        if (!out.isEmpty())
            out += QLatin1Char('\n');
        out += table({QStringLiteral("PARTITION"), QStringLiteral("HOST"), QStringLiteral("TIME"), QStringLiteral("CPU %"),
                      QStringLiteral("MEMORY MIB"), QStringLiteral("NET RX KIB/S"), QStringLiteral("NET TX KIB/S"),
                      QStringLiteral("DISK READ KIB/S"), QStringLiteral("DISK WRITE KIB/S")},
                     rows);
    }
    if (!zones.empty()) {
        QList<QStringList> rows;
        for (const auto &[name, z] : zones)
            rows.append({name, clock(z->time_ms()), percent(z->cpu_percent()), percent(z->memory_percent()),
                         kib(z->net_rx_bytes_per_s()), kib(z->net_tx_bytes_per_s()), QString::number(z->hosts_reporting())});
        if (!out.isEmpty())
            out += QLatin1Char('\n');
        out += table({QStringLiteral("ZONE"), QStringLiteral("TIME"), QStringLiteral("CPU %"), QStringLiteral("MEMORY %"),
                      QStringLiteral("NET RX KIB/S"), QStringLiteral("NET TX KIB/S"), QStringLiteral("HOSTS")},
                     rows);
    }
    return out;
}

QString OutputFormatter::json(const proto::OpsReply &reply)
{
    const google::protobuf::Message *body = &reply;
    switch (reply.body_case()) {
    case proto::OpsReply::kHello: body = &reply.hello(); break;
    case proto::OpsReply::kHost: body = &reply.host(); break;
    case proto::OpsReply::kHosts: body = &reply.hosts(); break;
    case proto::OpsReply::kPartition: body = &reply.partition(); break;
    case proto::OpsReply::kPartitions: body = &reply.partitions(); break;
    case proto::OpsReply::kSnapshot: body = &reply.snapshot(); break;
    case proto::OpsReply::kDomains: body = &reply.domains(); break;
    case proto::OpsReply::kDomain: body = &reply.domain(); break;
    case proto::OpsReply::kZone: body = &reply.zone(); break;
    case proto::OpsReply::kZones: body = &reply.zones(); break;
    case proto::OpsReply::kPlacement: body = &reply.placement(); break;
    case proto::OpsReply::kPolicies: body = &reply.policies(); break;
    case proto::OpsReply::kPolicySet: body = &reply.policy_set(); break;
    case proto::OpsReply::kCalendarEntry: body = &reply.calendar_entry(); break;
    case proto::OpsReply::kPreview: body = &reply.preview(); break;
    case proto::OpsReply::kAudit: body = &reply.audit(); break;
    case proto::OpsReply::kDocument: body = &reply.document(); break;
    case proto::OpsReply::kMigration: body = &reply.migration(); break;
    case proto::OpsReply::kEvacuation: body = &reply.evacuation(); break;
    case proto::OpsReply::kMigrations: body = &reply.migrations(); break;
    case proto::OpsReply::kStatsHistory: body = &reply.stats_history(); break;
    case proto::OpsReply::kPolicyTransition: body = &reply.policy_transition(); break;
    case proto::OpsReply::BODY_NOT_SET: break;
    }
    google::protobuf::util::JsonPrintOptions options;
    options.add_whitespace = true;
    options.always_print_primitive_fields = true;
    options.preserve_proto_field_names = true;
    std::string out;
    if (!google::protobuf::util::MessageToJsonString(*body, &out, options).ok())
        return QStringLiteral("{}\n");
    QString text = str(out);
    if (!text.endsWith(QLatin1Char('\n')))
        text += QLatin1Char('\n');
    return text;
}

QString OutputFormatter::error(const proto::OpsReply &reply)
{
    QString out = QStringLiteral("vdcctl: %1\n").arg(str(reply.error().message()));
    QSet<std::string> partitions;
    for (const auto &r : reply.rejections())
        partitions.insert(r.partition());
    // In a batch each reason says which partition it is about.
    const bool several = partitions.size() > 1;
    for (const auto &r : reply.rejections())
        out += several ? QStringLiteral("  %1: %2\n").arg(str(r.partition()), str(r.reason()))
                       : QStringLiteral("  %1\n").arg(str(r.reason()));
    return out;
}

} // namespace vdc::ctl
