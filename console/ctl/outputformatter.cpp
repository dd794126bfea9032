#include "outputformatter.h"

#include "model/validation.h"

#include <QDateTime>

#include <google/protobuf/util/json_util.h>

#include <algorithm>

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
        {QStringLiteral("Last error"), orDash(str(h.last_error()))},
    });
}

QString partitionDetails(const proto::Partition &p)
{
    const auto &s = p.spec();
    return keyValues({
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
    });
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
    case C::Help:
        break;
    }
    return {};
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
    for (const auto &r : reply.rejections())
        out += QStringLiteral("  %1\n").arg(str(r.reason()));
    return out;
}

} // namespace vdc::ctl
