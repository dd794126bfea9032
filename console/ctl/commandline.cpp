#include "commandline.h"

#include <QHash>
#include <QRegularExpression>
#include <QSet>
#include <QTimeZone>

#include <map>

namespace vdc::ctl {

namespace {

using C = CommandLine::Command;

struct CommandSpec
{
    const char *noun;
    const char *verb;            // "" for a command that is only a noun (audit)
    CommandLine::Command command;
    QStringList arguments;       // names of the positional arguments after the verb
    QStringList options;         // allowed command options and flags
    QStringList requiredOptions;
    bool repeatLast = false;     // the last argument may be given several times
};

QStringList partitionRuleOptions()
{
    return {QStringLiteral("zone"),          QStringLiteral("bandwidth"),      QStringLiteral("priority"),
            QStringLiteral("qos"),           QStringLiteral("site"),           QStringLiteral("room"),
            QStringLiteral("not-in-rack-of"), QStringLiteral("affinity"),      QStringLiteral("affinity-scope"),
            QStringLiteral("affinity-required"), QStringLiteral("anti-affinity"), QStringLiteral("cpu-shares")};
}

QStringList zoneOptions()
{
    return {QStringLiteral("description"), QStringLiteral("hosts"),     QStringLiteral("site"),
            QStringLiteral("room"),        QStringLiteral("rack"),      QStringLiteral("qos"),
            QStringLiteral("bandwidth-budget"), QStringLiteral("policy"), QStringLiteral("overcommit"),
            QStringLiteral("ha-headroom")};
}

QStringList policyOptions()
{
    return {QStringLiteral("domain"), QStringLiteral("description"), QStringLiteral("run"),   QStringLiteral("stop"),
            QStringLiteral("limit"),  QStringLiteral("reserve"),     QStringLiteral("shares")};
}

QStringList entryOptions()
{
    return {QStringLiteral("domain"), QStringLiteral("policy"), QStringLiteral("start"),    QStringLiteral("duration"),
            QStringLiteral("end"),    QStringLiteral("rrule"),  QStringLiteral("tz"),       QStringLiteral("priority")};
}

const QList<CommandSpec> &commandSpecs()
{
    static const QList<CommandSpec> specs = {
        {"host", "add", C::HostAdd, {QStringLiteral("NAME"), QStringLiteral("AGENT_ENDPOINT")}, {QStringLiteral("zone")}, {}},
        {"host", "list", C::HostList, {}, {}, {}},
        {"host", "show", C::HostShow, {QStringLiteral("NAME")}, {}, {}},
        {"host", "remove", C::HostRemove, {QStringLiteral("NAME")}, {}, {}},
        {"host", "set", C::HostSet, {QStringLiteral("NAME")},
         {QStringLiteral("zone"), QStringLiteral("site"), QStringLiteral("room"), QStringLiteral("rack"), QStringLiteral("links")}, {}},
        {"domain", "create", C::DomainCreate, {QStringLiteral("NAME")}, {QStringLiteral("description"), QStringLiteral("zones")}, {}},
        {"domain", "list", C::DomainList, {}, {}, {}},
        {"domain", "show", C::DomainShow, {QStringLiteral("NAME")}, {}, {}},
        {"domain", "set", C::DomainSet, {QStringLiteral("NAME")},
         {QStringLiteral("description"), QStringLiteral("zones"), QStringLiteral("default-policy")}, {}},
        {"domain", "rename", C::DomainRename, {QStringLiteral("NAME"), QStringLiteral("NEW_NAME")}, {}, {}},
        {"domain", "delete", C::DomainDelete, {QStringLiteral("NAME")}, {}, {}},
        {"domain", "export", C::DomainExport, {QStringLiteral("NAME")}, {QStringLiteral("output")}, {}},
        {"domain", "import", C::DomainImport, {QStringLiteral("FILE")}, {QStringLiteral("as"), QStringLiteral("dry-run")}, {}},
        {"partition", "create", C::PartitionCreate, {QStringLiteral("NAME")},
         QStringList{QStringLiteral("domain"), QStringLiteral("vcpus"), QStringLiteral("memory"), QStringLiteral("boot")}
             + partitionRuleOptions(),
         {QStringLiteral("vcpus"), QStringLiteral("memory")}},
        {"partition", "start", C::PartitionStart, {QStringLiteral("NAME")}, {QStringLiteral("domain")}, {}, true},
        {"partition", "stop", C::PartitionStop, {QStringLiteral("NAME")}, {QStringLiteral("domain")}, {}},
        {"partition", "show", C::PartitionShow, {QStringLiteral("NAME")}, {QStringLiteral("domain")}, {}},
        {"partition", "delete", C::PartitionDelete, {QStringLiteral("NAME")}, {QStringLiteral("domain")}, {}},
        {"partition", "list", C::PartitionList, {}, {QStringLiteral("domain")}, {}},
        {"partition", "set", C::PartitionSet, {QStringLiteral("NAME")},
         QStringList{QStringLiteral("domain"), QStringLiteral("vcpus"), QStringLiteral("memory"), QStringLiteral("boot")}
             + partitionRuleOptions(),
         {}},
        {"zone", "create", C::ZoneCreate, {QStringLiteral("NAME")}, zoneOptions(), {}},
        {"zone", "set", C::ZoneSet, {QStringLiteral("NAME")}, zoneOptions(), {}},
        {"zone", "rename", C::ZoneRename, {QStringLiteral("NAME"), QStringLiteral("NEW_NAME")}, {}, {}},
        {"zone", "delete", C::ZoneDelete, {QStringLiteral("NAME")}, {}, {}},
        {"zone", "list", C::ZoneList, {}, {}, {}},
        {"zone", "show", C::ZoneShow, {QStringLiteral("NAME")}, {}, {}},
        {"placement", "explain", C::PlacementExplain, {QStringLiteral("PARTITION")}, {QStringLiteral("domain")}, {}, true},
        {"policy", "create", C::PolicyCreate, {QStringLiteral("NAME")}, policyOptions(), {}},
        {"policy", "replace", C::PolicyReplace, {QStringLiteral("NAME")}, policyOptions(), {}},
        {"policy", "delete", C::PolicyDelete, {QStringLiteral("NAME")}, {QStringLiteral("domain")}, {}},
        {"policy", "list", C::PolicyList, {}, {QStringLiteral("domain")}, {}},
        {"policy", "show", C::PolicyShow, {QStringLiteral("NAME")}, {QStringLiteral("domain")}, {}},
        {"calendar", "add", C::CalendarAdd, {QStringLiteral("NAME")}, entryOptions(),
         {QStringLiteral("policy"), QStringLiteral("start")}},
        {"calendar", "replace", C::CalendarReplace, {QStringLiteral("NAME")}, entryOptions(),
         {QStringLiteral("policy"), QStringLiteral("start")}},
        {"calendar", "remove", C::CalendarRemove, {QStringLiteral("NAME")}, {QStringLiteral("domain")}, {}},
        {"calendar", "list", C::CalendarList, {}, {QStringLiteral("domain")}, {}},
        {"calendar", "preview", C::CalendarPreview, {},
         {QStringLiteral("domain"), QStringLiteral("from"), QStringLiteral("until"), QStringLiteral("days")}, {}},
        {"migrate", "", C::Migrate, {QStringLiteral("PARTITION")},
         {QStringLiteral("to"), QStringLiteral("offline"), QStringLiteral("live"), QStringLiteral("domain"),
          QStringLiteral("bandwidth")},
         {QStringLiteral("to")}},
        {"migration", "cancel", C::MigrationCancel, {QStringLiteral("PARTITION")}, {QStringLiteral("domain")}, {}},
        {"migration", "list", C::MigrationList, {}, {}, {}},
        {"host", "evacuate", C::HostEvacuate, {QStringLiteral("NAME")},
         {QStringLiteral("max-parallel"), QStringLiteral("offline")}, {}},
        {"host", "resume", C::HostResume, {QStringLiteral("NAME")}, {}, {}},
        {"stats", "", C::Stats, {},
         {QStringLiteral("host"), QStringLiteral("partition"), QStringLiteral("domain"), QStringLiteral("zone"),
          QStringLiteral("since")},
         {}},
        {"audit", "", C::Audit, {},
         {QStringLiteral("object"), QStringLiteral("since"), QStringLiteral("until"), QStringLiteral("by"),
          QStringLiteral("action"), QStringLiteral("limit")},
         {}},
    };
    return specs;
}

const QStringList &nouns()
{
    static const QStringList list = {QStringLiteral("host"),   QStringLiteral("domain"),   QStringLiteral("partition"),
                                     QStringLiteral("zone"),   QStringLiteral("placement"), QStringLiteral("policy"),
                                     QStringLiteral("calendar"), QStringLiteral("migrate"), QStringLiteral("migration"),
                                     QStringLiteral("audit"), QStringLiteral("stats")};
    return list;
}

const QHash<QString, QString> &optionValueNames()
{
    static const QHash<QString, QString> names = {
        {QStringLiteral("ops"), QStringLiteral("ENDPOINT")},   {QStringLiteral("timeout"), QStringLiteral("SECONDS")},
        {QStringLiteral("user"), QStringLiteral("NAME")},      {QStringLiteral("zone"), QStringLiteral("ZONE")},
        {QStringLiteral("description"), QStringLiteral("TEXT")}, {QStringLiteral("domain"), QStringLiteral("DOMAIN")},
        {QStringLiteral("vcpus"), QStringLiteral("N")},        {QStringLiteral("memory"), QStringLiteral("MIB")},
        {QStringLiteral("boot"), QStringLiteral("SOURCE")},    {QStringLiteral("zones"), QStringLiteral("Z1,Z2|any")},
        {QStringLiteral("default-policy"), QStringLiteral("SET")}, {QStringLiteral("output"), QStringLiteral("FILE")},
        {QStringLiteral("as"), QStringLiteral("NAME")},        {QStringLiteral("hosts"), QStringLiteral("H1,H2")},
        {QStringLiteral("site"), QStringLiteral("SITE")},      {QStringLiteral("room"), QStringLiteral("ROOM")},
        {QStringLiteral("rack"), QStringLiteral("RACK")},      {QStringLiteral("qos"), QStringLiteral("CLASS")},
        {QStringLiteral("bandwidth-budget"), QStringLiteral("MBPS")}, {QStringLiteral("policy"), QStringLiteral("NAME")},
        {QStringLiteral("overcommit"), QStringLiteral("RATIO")}, {QStringLiteral("ha-headroom"), QStringLiteral("FRACTION")},
        {QStringLiteral("links"), QStringLiteral("NIC:MBPS,...|none")}, {QStringLiteral("bandwidth"), QStringLiteral("MBPS")},
        {QStringLiteral("priority"), QStringLiteral("N")},     {QStringLiteral("not-in-rack-of"), QStringLiteral("G1,G2")},
        {QStringLiteral("affinity"), QStringLiteral("GROUP")}, {QStringLiteral("affinity-scope"), QStringLiteral("host|rack")},
        {QStringLiteral("anti-affinity"), QStringLiteral("GROUP")}, {QStringLiteral("cpu-shares"), QStringLiteral("N")},
        {QStringLiteral("run"), QStringLiteral("P1,P2")},      {QStringLiteral("stop"), QStringLiteral("P1,P2")},
        {QStringLiteral("limit"), QStringLiteral("ZONE:vcpus=N:memory=MIB,...")},
        {QStringLiteral("reserve"), QStringLiteral("ZONE:cores=N:memory=MIB,...")},
        {QStringLiteral("shares"), QStringLiteral("CLASS=N,...")}, {QStringLiteral("start"), QStringLiteral("TIME")},
        {QStringLiteral("duration"), QStringLiteral("DURATION")}, {QStringLiteral("end"), QStringLiteral("TIME")},
        {QStringLiteral("rrule"), QStringLiteral("RULE")},     {QStringLiteral("tz"), QStringLiteral("ZONE")},
        {QStringLiteral("from"), QStringLiteral("TIME")},      {QStringLiteral("until"), QStringLiteral("TIME")},
        {QStringLiteral("days"), QStringLiteral("N")},         {QStringLiteral("object"), QStringLiteral("OBJECT")},
        {QStringLiteral("since"), QStringLiteral("TIME")},     {QStringLiteral("by"), QStringLiteral("USER")},
        {QStringLiteral("action"), QStringLiteral("ACTION")},
        {QStringLiteral("to"), QStringLiteral("HOST")},        {QStringLiteral("max-parallel"), QStringLiteral("N")},
        {QStringLiteral("host"), QStringLiteral("HOST")},      {QStringLiteral("partition"), QStringLiteral("NAME")},
    };
    return names;
}

// Options that take no value.
const QSet<QString> &flagNames()
{
    static const QSet<QString> flags = {QStringLiteral("json"), QStringLiteral("help"), QStringLiteral("dry-run"),
                                        QStringLiteral("affinity-required"), QStringLiteral("offline"),
                                        QStringLiteral("live")};
    return flags;
}

Error usageError(const QString &message)
{
    return Error(proto::ERROR_INVALID_ARGUMENT, message);
}

QString verbsOf(const QString &noun)
{
    QStringList verbs;
    for (const auto &spec : commandSpecs())
        if (QLatin1String(spec.noun) == noun)
            verbs << QLatin1String(spec.verb);
    return verbs.join(QStringLiteral(", "));
}

QStringList listValue(const QString &value)
{
    QStringList out;
    for (const auto &part : value.split(QLatin1Char(','), Qt::SkipEmptyParts))
        out << part.trimmed();
    return out;
}

Result<qulonglong> wholeNumber(const QString &option, const QString &value, const QString &unit, qulonglong max)
{
    bool ok = false;
    const qulonglong n = value.toULongLong(&ok);
    if (!ok || n > max)
        return usageError(QStringLiteral("--%1 needs %2, not \"%3\".").arg(option, unit, value));
    return n;
}

Result<double> decimalNumber(const QString &option, const QString &value, const QString &unit)
{
    bool ok = false;
    const double n = value.toDouble(&ok);
    if (!ok)
        return usageError(QStringLiteral("--%1 needs %2, not \"%3\".").arg(option, unit, value));
    return n;
}

// "z1:vcpus=32:memory=65536,z2:..." into per-zone limits; `keys` are the
// allowed keys of this option.
Result<void> parseZoneLimits(const QString &option, const QString &value, const QStringList &keys,
                             std::map<QString, proto::ZonePolicyLimits> &zones)
{
    for (const auto &item : listValue(value)) {
        const QStringList parts = item.split(QLatin1Char(':'));
        if (parts.size() < 2 || parts.first().isEmpty())
            return usageError(QStringLiteral("--%1 needs ZONE:%2=N[:...] items, not \"%3\".").arg(option, keys.first(), item));
        proto::ZonePolicyLimits &limits = zones[parts.first()];
        limits.set_zone(parts.first().toStdString());
        for (qsizetype i = 1; i < parts.size(); ++i) {
            const QString key = parts.at(i).section(QLatin1Char('='), 0, 0);
            const QString number = parts.at(i).section(QLatin1Char('='), 1);
            if (!keys.contains(key))
                return usageError(QStringLiteral("--%1 knows %2, not \"%3\" (in \"%4\").")
                                      .arg(option, keys.join(QStringLiteral(" and ")), key, item));
            bool ok = false;
            const qulonglong n = number.toULongLong(&ok);
            if (!ok || n > 0xffffffffULL)
                return usageError(QStringLiteral("--%1 needs a whole number for %2, not \"%3\".").arg(option, key, number));
            if (key == QLatin1String("vcpus"))
                limits.set_max_vcpus(std::uint32_t(n));
            else if (key == QLatin1String("cores"))
                limits.set_reserved_cores(std::uint32_t(n));
            else if (option == QLatin1String("limit"))
                limits.set_max_memory_mib(n);
            else
                limits.set_reserved_memory_mib(n);
        }
    }
    return {};
}

Result<void> fillPolicySet(const QHash<QString, QString> &options, proto::PolicySet *set)
{
    set->set_description(options.value(QStringLiteral("description")).toStdString());
    for (const auto &p : listValue(options.value(QStringLiteral("run"))))
        set->add_run(p.toStdString());
    for (const auto &p : listValue(options.value(QStringLiteral("stop"))))
        set->add_stop(p.toStdString());
    std::map<QString, proto::ZonePolicyLimits> zones;
    if (options.contains(QStringLiteral("limit")))
        if (auto r = parseZoneLimits(QStringLiteral("limit"), options.value(QStringLiteral("limit")),
                                     {QStringLiteral("vcpus"), QStringLiteral("memory")}, zones);
            !r)
            return r;
    if (options.contains(QStringLiteral("reserve")))
        if (auto r = parseZoneLimits(QStringLiteral("reserve"), options.value(QStringLiteral("reserve")),
                                     {QStringLiteral("cores"), QStringLiteral("memory")}, zones);
            !r)
            return r;
    for (const auto &[zone, limits] : zones)
        *set->add_zones() = limits;
    for (const auto &item : listValue(options.value(QStringLiteral("shares")))) {
        const QString qos = item.section(QLatin1Char('='), 0, 0);
        const QString number = item.section(QLatin1Char('='), 1);
        bool ok = false;
        const uint shares = number.toUInt(&ok);
        if (qos.isEmpty() || !ok)
            return usageError(QStringLiteral("--shares needs CLASS=N items (\"none\" for partitions without a class), not \"%1\".").arg(item));
        auto *s = set->add_shares();
        s->set_qos_class(qos == QLatin1String("none") ? std::string() : qos.toStdString());
        s->set_cpu_shares(shares);
    }
    return {};
}

// Sets the placement rule options given on `spec` and names the fields set.
Result<QStringList> fillPartitionRules(const QHash<QString, QString> &options, proto::PartitionSpec *spec)
{
    QStringList fields;
    if (options.contains(QStringLiteral("zone"))) {
        const QString zone = options.value(QStringLiteral("zone"));
        spec->set_zone(zone == QLatin1String("any") ? std::string() : zone.toStdString());
        fields << QStringLiteral("zone");
    }
    if (options.contains(QStringLiteral("bandwidth"))) {
        auto n = wholeNumber(QStringLiteral("bandwidth"), options.value(QStringLiteral("bandwidth")),
                             QStringLiteral("a whole number of Mbps"), 0xffffffffULL);
        if (!n)
            return n.error();
        spec->set_bandwidth_mbps(std::uint32_t(*n));
        fields << QStringLiteral("bandwidth_mbps");
    }
    if (options.contains(QStringLiteral("priority"))) {
        auto n = wholeNumber(QStringLiteral("priority"), options.value(QStringLiteral("priority")), QStringLiteral("a whole number"),
                             0xffffffffULL);
        if (!n)
            return n.error();
        spec->set_priority(std::uint32_t(*n));
        fields << QStringLiteral("priority");
    }
    if (options.contains(QStringLiteral("cpu-shares"))) {
        auto n = wholeNumber(QStringLiteral("cpu-shares"), options.value(QStringLiteral("cpu-shares")), QStringLiteral("a whole number"),
                             0xffffffffULL);
        if (!n)
            return n.error();
        spec->set_cpu_shares(std::uint32_t(*n));
        fields << QStringLiteral("cpu_shares");
    }
    const std::pair<const char *, const char *> texts[] = {{"qos", "qos_class"}, {"site", "site"}, {"room", "room"},
                                                           {"affinity", "affinity_group"}, {"anti-affinity", "anti_affinity_group"}};
    for (const auto &[option, field] : texts) {
        const QString name = QLatin1String(option);
        if (!options.contains(name))
            continue;
        const std::string value = options.value(name) == QLatin1String("none") ? std::string() : options.value(name).toStdString();
        const auto *fd = proto::PartitionSpec::descriptor()->FindFieldByName(field);
        proto::PartitionSpec::GetReflection()->SetString(spec, fd, value);
        fields << QLatin1String(field);
    }
    if (options.contains(QStringLiteral("not-in-rack-of"))) {
        spec->clear_not_in_rack_of_groups();
        for (const auto &g : listValue(options.value(QStringLiteral("not-in-rack-of"))))
            if (g != QLatin1String("none"))
                spec->add_not_in_rack_of_groups(g.toStdString());
        fields << QStringLiteral("not_in_rack_of_groups");
    }
    if (options.contains(QStringLiteral("affinity-scope"))) {
        const QString scope = options.value(QStringLiteral("affinity-scope"));
        if (scope == QLatin1String("host"))
            spec->set_affinity_scope(proto::AFFINITY_SCOPE_HOST);
        else if (scope == QLatin1String("rack"))
            spec->set_affinity_scope(proto::AFFINITY_SCOPE_RACK);
        else
            return usageError(QStringLiteral("--affinity-scope needs host or rack, not \"%1\".").arg(scope));
        fields << QStringLiteral("affinity_scope");
    }
    if (options.contains(QStringLiteral("affinity-required"))) {
        spec->set_affinity_required(true);
        fields << QStringLiteral("affinity_required");
    }
    return fields;
}

Result<void> fillZone(const QHash<QString, QString> &options, proto::UpdateZone *update, CommandLine::Invocation &invocation)
{
    if (options.contains(QStringLiteral("description")))
        update->set_description(options.value(QStringLiteral("description")).toStdString());
    if (options.contains(QStringLiteral("hosts"))) {
        update->set_set_hosts(true);
        for (const auto &h : listValue(options.value(QStringLiteral("hosts"))))
            if (h != QLatin1String("none"))
                update->add_hosts(h.toStdString());
    }
    if (options.contains(QStringLiteral("site")))
        invocation.site = options.value(QStringLiteral("site"));
    if (options.contains(QStringLiteral("room")))
        invocation.room = options.value(QStringLiteral("room"));
    if (options.contains(QStringLiteral("rack")))
        invocation.rack = options.value(QStringLiteral("rack"));
    if (invocation.site || invocation.room || invocation.rack) {
        auto *location = update->mutable_location();
        location->set_site(invocation.site.value_or(QString()).toStdString());
        location->set_room(invocation.room.value_or(QString()).toStdString());
        location->set_rack(invocation.rack.value_or(QString()).toStdString());
    }
    if (options.contains(QStringLiteral("qos"))) {
        const QString qos = options.value(QStringLiteral("qos"));
        update->set_qos_class(qos == QLatin1String("none") ? std::string() : qos.toStdString());
    }
    if (options.contains(QStringLiteral("bandwidth-budget"))) {
        auto n = wholeNumber(QStringLiteral("bandwidth-budget"), options.value(QStringLiteral("bandwidth-budget")),
                             QStringLiteral("a whole number of Mbps (0: no budget)"), ~0ULL);
        if (!n)
            return n.error();
        update->set_bandwidth_budget_mbps(*n);
    }
    if (options.contains(QStringLiteral("policy"))) {
        const QString policy = options.value(QStringLiteral("policy"));
        if (policy == QLatin1String("pack"))
            update->set_allocation(proto::ALLOCATION_POLICY_PACK);
        else if (policy == QLatin1String("spread"))
            update->set_allocation(proto::ALLOCATION_POLICY_SPREAD);
        else
            return usageError(QStringLiteral("--policy needs pack or spread, not \"%1\".").arg(policy));
    }
    if (options.contains(QStringLiteral("overcommit"))) {
        auto n = decimalNumber(QStringLiteral("overcommit"), options.value(QStringLiteral("overcommit")),
                               QStringLiteral("a ratio such as 1.5"));
        if (!n)
            return n.error();
        update->set_overcommit_ratio(*n);
    }
    if (options.contains(QStringLiteral("ha-headroom"))) {
        auto n = decimalNumber(QStringLiteral("ha-headroom"), options.value(QStringLiteral("ha-headroom")),
                               QStringLiteral("a fraction such as 0.25"));
        if (!n)
            return n.error();
        update->set_ha_headroom(*n);
    }
    return {};
}

Result<void> fillEntry(const QHash<QString, QString> &options, const QString &name, proto::CalendarEntry *entry)
{
    entry->set_name(name.toStdString());
    entry->set_domain(options.value(QStringLiteral("domain"), QStringLiteral("default")).toStdString());
    entry->set_policy_set(options.value(QStringLiteral("policy")).toStdString());
    entry->set_time_zone(options.value(QStringLiteral("tz"), QStringLiteral("UTC")).toStdString());
    entry->set_start(options.value(QStringLiteral("start")).toStdString());
    if (options.contains(QStringLiteral("duration"))) {
        auto seconds = CommandLine::parseDuration(options.value(QStringLiteral("duration")));
        if (!seconds)
            return seconds.error();
        entry->set_duration_seconds(*seconds);
    }
    if (options.contains(QStringLiteral("end")))
        entry->set_end(options.value(QStringLiteral("end")).toStdString());
    if (!options.contains(QStringLiteral("duration")) && !options.contains(QStringLiteral("end")))
        return usageError(QStringLiteral("A calendar entry needs --duration DURATION or --end TIME."));
    entry->set_recurrence(options.value(QStringLiteral("rrule")).toStdString());
    if (options.contains(QStringLiteral("priority"))) {
        bool ok = false;
        const int priority = options.value(QStringLiteral("priority")).toInt(&ok);
        if (!ok)
            return usageError(QStringLiteral("--priority needs a whole number, not \"%1\".").arg(options.value(QStringLiteral("priority"))));
        entry->set_priority(priority);
    }
    return {};
}

} // namespace

QString CommandLine::usageHint()
{
    return QStringLiteral("Usage: vdcctl [--ops ENDPOINT] [--json] [--timeout SECONDS] [--user NAME] COMMAND... "
                          "(vdcctl --help lists the commands)");
}

QString CommandLine::usage()
{
    return QStringLiteral(
        "Usage: vdcctl [--ops ENDPOINT] [--json] [--timeout SECONDS] [--user NAME] COMMAND...\n"
        "\n"
        "Drives the vdc operations service (vdc-opsd or an embedding console).\n"
        "\n"
        "Hosts:\n"
        "  host add NAME AGENT_ENDPOINT [--zone Z]\n"
        "  host list\n"
        "  host show NAME\n"
        "  host set NAME [--zone Z|none] [--site S] [--room R] [--rack K] [--links NIC:MBPS,...|none]\n"
        "  host remove NAME\n"
        "  host evacuate NAME [--max-parallel N] [--offline]   (maintenance; partitions spread over other hosts)\n"
        "  host resume NAME                                    (end of maintenance)\n"
        "Zones:\n"
        "  zone create NAME [--description TEXT] [--hosts H1,H2] [--site S] [--room R] [--rack K]\n"
        "                   [--qos CLASS] [--bandwidth-budget MBPS] [--policy pack|spread]\n"
        "                   [--overcommit RATIO] [--ha-headroom FRACTION]\n"
        "  zone set NAME [the options of zone create]\n"
        "  zone rename NAME NEW_NAME\n"
        "  zone delete NAME\n"
        "  zone list\n"
        "  zone show NAME\n"
        "Domains:\n"
        "  domain create NAME [--description TEXT] [--zones Z1,Z2]\n"
        "  domain list\n"
        "  domain show NAME\n"
        "  domain set NAME [--description TEXT] [--zones Z1,Z2|any] [--default-policy SET]\n"
        "  domain rename NAME NEW_NAME\n"
        "  domain delete NAME\n"
        "  domain export NAME [--output FILE]\n"
        "  domain import FILE [--as NAME] [--dry-run]\n"
        "Partitions:\n"
        "  partition create NAME [--domain D] --vcpus N --memory MIB [--zone Z] [--boot network]\n"
        "                   [--bandwidth MBPS] [--priority N] [--qos CLASS] [--site S] [--room R]\n"
        "                   [--not-in-rack-of G1,G2] [--affinity GROUP] [--affinity-scope host|rack]\n"
        "                   [--affinity-required] [--anti-affinity GROUP] [--cpu-shares N]\n"
        "  partition set NAME [--domain D] [the options of partition create]\n"
        "  partition start NAME [NAME...] [--domain D]   (several: placed together, largest first)\n"
        "  partition stop NAME [--domain D]\n"
        "  partition show NAME [--domain D]\n"
        "  partition delete NAME [--domain D]\n"
        "  partition list [--domain D]\n"
        "  placement explain PARTITION [PARTITION...] [--domain D]\n"
        "Migration:\n"
        "  migrate PARTITION --to HOST [--domain D] [--offline | --live] [--bandwidth MIB_S]\n"
        "                   (progress on the terminal; Ctrl-C cancels and waits for the outcome)\n"
        "  migration cancel PARTITION [--domain D]\n"
        "  migration list\n"
        "Policies and calendars:\n"
        "  policy create NAME [--domain D] [--description TEXT] [--run P1,P2] [--stop P3]\n"
        "                [--limit ZONE:vcpus=N:memory=MIB,...] [--reserve ZONE:cores=N:memory=MIB,...]\n"
        "                [--shares CLASS=N,...]\n"
        "  policy replace NAME [the options of policy create]\n"
        "  policy delete NAME [--domain D]\n"
        "  policy list [--domain D]\n"
        "  policy show NAME [--domain D]\n"
        "  calendar add NAME [--domain D] --policy SET --start TIME (--duration DURATION | --end TIME)\n"
        "               [--rrule RULE] [--tz ZONE] [--priority N]\n"
        "  calendar replace NAME [the options of calendar add]\n"
        "  calendar remove NAME [--domain D]\n"
        "  calendar list [--domain D]\n"
        "  calendar preview [--domain D] [--from TIME] [--until TIME | --days N]\n"
        "Audit log:\n"
        "  audit [--object OBJECT] [--since TIME] [--until TIME] [--by USER] [--action ACTION] [--limit N]\n"
        "Statistics:\n"
        "  stats [--host H | --partition NAME [--domain D] | --zone Z] [--since DURATION]\n"
        "                   (the latest figures the service keeps; --since: only from that long ago on)\n"
        "\n"
        "TIME is now, an ISO 8601 date or date-time (local time unless it ends in Z or an\n"
        "offset), or relative to now: -2h, +30m, -7d. Calendar --start and --end are wall-clock\n"
        "times in --tz (default UTC), YYYY-MM-DDTHH:MM. DURATION: 90s, 15m, 10h, 1d, 1h30m.\n"
        "Lists take commas; \"none\" clears.\n"
        "\n"
        "Options:\n"
        "  --ops ENDPOINT     the operations service (default: $VDC_OPS, else %1)\n"
        "  --json             print the answer as one JSON document\n"
        "  --timeout SECONDS  how long to wait for the service (default %2; starting and\n"
        "                     stopping partitions wait up to 75 s unless this is given)\n"
        "  --user NAME        who is asking, for the audit log (default: $USER)\n"
        "\n"
        "Exit status: 0 success, 1 the service refused or the operation failed,\n"
        "2 bad arguments, 3 no answer from the service.\n")
        .arg(QLatin1String(kDefaultEndpoint))
        .arg(kDefaultTimeoutSeconds);
}

Result<QDateTime> CommandLine::parseTime(const QString &text, const QDateTime &now)
{
    const QString t = text.trimmed();
    if (t == QLatin1String("now"))
        return now;
    static const QRegularExpression relative(QStringLiteral("^([+-])(\\d+)([smhdw])$"));
    if (const auto m = relative.match(t); m.hasMatch()) {
        const qint64 n = m.captured(2).toLongLong();
        const QChar unit = m.captured(3).at(0);
        qint64 seconds = n;
        if (unit == QLatin1Char('m'))
            seconds = n * 60;
        else if (unit == QLatin1Char('h'))
            seconds = n * 3600;
        else if (unit == QLatin1Char('d'))
            seconds = n * 86400;
        else if (unit == QLatin1Char('w'))
            seconds = n * 7 * 86400;
        return now.addSecs(m.captured(1) == QLatin1String("-") ? -seconds : seconds);
    }
    QDateTime parsed = QDateTime::fromString(t, Qt::ISODateWithMs);
    if (!parsed.isValid()) {
        const QDate date = QDate::fromString(t, Qt::ISODate);
        if (date.isValid())
            parsed = date.startOfDay();
    }
    if (!parsed.isValid())
        return usageError(QStringLiteral("\"%1\" is not a time; give now, an ISO 8601 date or date-time such as "
                                         "2026-03-02T08:00, or a time relative to now such as -2h.")
                              .arg(text));
    return parsed;
}

Result<qint64> CommandLine::parseDuration(const QString &text)
{
    static const QRegularExpression plain(QStringLiteral("^\\d+$"));
    static const QRegularExpression parts(QStringLiteral("^(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?$"));
    const QString t = text.trimmed();
    if (plain.match(t).hasMatch())
        return t.toLongLong();
    const auto m = parts.match(t);
    if (t.isEmpty() || !m.hasMatch())
        return usageError(QStringLiteral("\"%1\" is not a duration; give one such as 90s, 15m, 10h, 1d or 1h30m.").arg(text));
    return m.captured(1).toLongLong() * 86400 + m.captured(2).toLongLong() * 3600 + m.captured(3).toLongLong() * 60
        + m.captured(4).toLongLong();
}

Result<CommandLine::Invocation> CommandLine::parse(const QStringList &arguments, const QString &environmentEndpoint,
                                                   const QString &environmentUser)
{
    Invocation invocation;
    invocation.endpoint = environmentEndpoint.isEmpty() ? QLatin1String(kDefaultEndpoint) : environmentEndpoint;
    invocation.user = environmentUser.isEmpty() ? QStringLiteral("unknown") : environmentUser;

    QStringList positional;
    QHash<QString, QString> options;
    bool help = false;
    bool onlyPositional = false;

    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &arg = arguments.at(i);
        if (onlyPositional || !arg.startsWith(QLatin1Char('-')) || arg == QLatin1String("-")) {
            positional << arg;
            continue;
        }
        // A relative time ("-2h") is a value, not an option.
        static const QRegularExpression relative(QStringLiteral("^-\\d+[smhdw]$"));
        if (relative.match(arg).hasMatch()) {
            positional << arg;
            continue;
        }
        if (arg == QLatin1String("--")) {
            onlyPositional = true;
            continue;
        }
        if (arg == QLatin1String("-h")) {
            help = true;
            continue;
        }
        if (!arg.startsWith(QLatin1String("--")))
            return usageError(QStringLiteral("Unknown option %1.").arg(arg));
        QString name = arg.mid(2);
        std::optional<QString> value;
        if (const auto eq = name.indexOf(QLatin1Char('=')); eq >= 0) {
            value = name.mid(eq + 1);
            name = name.left(eq);
        }
        if (flagNames().contains(name)) {
            if (value)
                return usageError(QStringLiteral("--%1 takes no value.").arg(name));
            if (name == QLatin1String("json"))
                invocation.json = true;
            else if (name == QLatin1String("help"))
                help = true;
            else if (options.contains(name))
                return usageError(QStringLiteral("--%1 is given twice.").arg(name));
            else
                options.insert(name, QStringLiteral("yes"));
            continue;
        }
        if (!optionValueNames().contains(name))
            return usageError(QStringLiteral("Unknown option --%1.").arg(name));
        if (!value) {
            if (i + 1 >= arguments.size())
                return usageError(QStringLiteral("--%1 needs a value (%2).").arg(name, optionValueNames().value(name)));
            value = arguments.at(++i);
        }
        if (name == QLatin1String("ops")) {
            if (value->isEmpty())
                return usageError(QStringLiteral("--ops needs an endpoint such as tcp://127.0.0.1:5555."));
            invocation.endpoint = *value;
        } else if (name == QLatin1String("timeout")) {
            bool ok = false;
            const int seconds = value->toInt(&ok);
            if (!ok || seconds <= 0 || seconds > 3600)
                return usageError(QStringLiteral("--timeout needs a whole number of seconds between 1 and 3600, not \"%1\".").arg(*value));
            invocation.timeoutSeconds = seconds;
            invocation.timeoutGiven = true;
        } else if (name == QLatin1String("user")) {
            if (value->isEmpty())
                return usageError(QStringLiteral("--user needs a name."));
            invocation.user = *value;
        } else {
            if (options.contains(name))
                return usageError(QStringLiteral("--%1 is given twice.").arg(name));
            options.insert(name, *value);
        }
    }

    if (help) {
        invocation.command = Command::Help;
        return invocation;
    }
    if (positional.isEmpty())
        return usageError(QStringLiteral("No command given."));
    const QString noun = positional.at(0);
    if (!nouns().contains(noun))
        return usageError(QStringLiteral("Unknown command \"%1\"; use %2.")
                              .arg(noun, nouns().mid(0, nouns().size() - 1).join(QStringLiteral(", ")) + QStringLiteral(" or ")
                                             + nouns().last()));
    const bool verbless =
        noun == QLatin1String("audit") || noun == QLatin1String("migrate") || noun == QLatin1String("stats");
    if (!verbless && positional.size() < 2)
        return usageError(QStringLiteral("Say what to do with the %1: %2.").arg(noun, verbsOf(noun)));
    const QString verb = verbless ? QString() : positional.at(1);
    const CommandSpec *spec = nullptr;
    for (const auto &s : commandSpecs())
        if (QLatin1String(s.noun) == noun && QLatin1String(s.verb) == verb)
            spec = &s;
    if (!spec)
        return usageError(QStringLiteral("Unknown command \"%1 %2\"; for a %1 use %3.").arg(noun, verb, verbsOf(noun)));

    const QString commandName = verbless ? noun : QStringLiteral("%1 %2").arg(noun, verb);
    const QStringList args = positional.mid(verbless ? 1 : 2);
    const bool countOk = spec->repeatLast ? args.size() >= spec->arguments.size() : args.size() == spec->arguments.size();
    if (!countOk) {
        QString wanted = spec->arguments.isEmpty() ? QStringLiteral("no arguments") : spec->arguments.join(QLatin1Char(' '));
        if (spec->repeatLast)
            wanted += QStringLiteral(" [%1...]").arg(spec->arguments.last());
        return usageError(QStringLiteral("\"%1\" takes %2; %3 given.")
                              .arg(commandName, wanted,
                                   args.isEmpty() ? QStringLiteral("none")
                                                  : QStringLiteral("\"%1\"").arg(args.join(QStringLiteral("\" \"")))));
    }
    for (auto it = options.cbegin(); it != options.cend(); ++it)
        if (!spec->options.contains(it.key()))
            return usageError(QStringLiteral("\"%1\" has no option --%2.").arg(commandName, it.key()));
    for (const auto &required : spec->requiredOptions)
        if (!options.contains(required))
            return usageError(QStringLiteral("\"%1\" needs --%2 %3.").arg(commandName, required, optionValueNames().value(required)));

    invocation.command = spec->command;
    proto::OpsRequest &request = invocation.request;
    request.set_user(invocation.user.toStdString());
    const QString domain = options.value(QStringLiteral("domain"), QStringLiteral("default"));
    auto partitionRef = [&](proto::PartitionRef *ref, const QString &name) {
        ref->set_name(name.toStdString());
        ref->set_domain(domain.toStdString());
    };
    auto numberOption = [&](const QString &option, const QString &unit, qulonglong max) -> Result<qulonglong> {
        return wholeNumber(option, options.value(option), unit, max);
    };
    const QDateTime now = QDateTime::currentDateTimeUtc();

    switch (spec->command) {
    case Command::HostAdd: {
        auto *add = request.mutable_add_host();
        add->set_name(args.at(0).toStdString());
        add->set_agent_endpoint(args.at(1).toStdString());
        add->set_zone(options.value(QStringLiteral("zone")).toStdString());
        break;
    }
    case Command::HostList:
        request.mutable_list_hosts();
        break;
    case Command::HostShow:
        request.mutable_list_hosts();
        invocation.hostName = args.at(0);
        break;
    case Command::HostRemove:
        request.mutable_remove_host()->set_name(args.at(0).toStdString());
        break;
    case Command::HostSet: {
        auto *update = request.mutable_update_host();
        update->set_name(args.at(0).toStdString());
        if (options.contains(QStringLiteral("zone"))) {
            const QString zone = options.value(QStringLiteral("zone"));
            update->set_zone(zone == QLatin1String("none") ? std::string() : zone.toStdString());
        }
        if (options.contains(QStringLiteral("site")))
            invocation.site = options.value(QStringLiteral("site"));
        if (options.contains(QStringLiteral("room")))
            invocation.room = options.value(QStringLiteral("room"));
        if (options.contains(QStringLiteral("rack")))
            invocation.rack = options.value(QStringLiteral("rack"));
        if (invocation.site || invocation.room || invocation.rack) {
            auto *location = update->mutable_location();
            location->set_site(invocation.site.value_or(QString()).toStdString());
            location->set_room(invocation.room.value_or(QString()).toStdString());
            location->set_rack(invocation.rack.value_or(QString()).toStdString());
        }
        if (options.contains(QStringLiteral("links"))) {
            update->set_set_links(true);
            const QString links = options.value(QStringLiteral("links"));
            if (links != QLatin1String("none")) {
                for (const auto &item : listValue(links)) {
                    const QString nic = item.section(QLatin1Char(':'), 0, 0);
                    bool ok = false;
                    const uint mbps = item.section(QLatin1Char(':'), 1).toUInt(&ok);
                    if (nic.isEmpty() || !ok || item.count(QLatin1Char(':')) != 1)
                        return usageError(QStringLiteral("--links needs NIC:MBPS items such as eth0:10000, not \"%1\".").arg(item));
                    auto *link = update->add_links();
                    link->set_name(nic.toStdString());
                    link->set_capacity_mbps(mbps);
                }
            }
        }
        break;
    }
    case Command::DomainCreate: {
        auto *d = request.mutable_create_domain()->mutable_domain();
        d->set_name(args.at(0).toStdString());
        d->set_description(options.value(QStringLiteral("description")).toStdString());
        for (const auto &z : listValue(options.value(QStringLiteral("zones"))))
            if (z != QLatin1String("any"))
                d->add_allowed_zones(z.toStdString());
        break;
    }
    case Command::DomainList:
        request.mutable_list_domains();
        break;
    case Command::DomainShow:
        request.mutable_list_domains();
        invocation.objectName = args.at(0);
        break;
    case Command::DomainSet: {
        auto *update = request.mutable_update_domain();
        update->set_name(args.at(0).toStdString());
        if (options.contains(QStringLiteral("description")))
            update->set_description(options.value(QStringLiteral("description")).toStdString());
        if (options.contains(QStringLiteral("zones"))) {
            update->set_set_allowed_zones(true);
            for (const auto &z : listValue(options.value(QStringLiteral("zones"))))
                if (z != QLatin1String("any"))
                    update->add_allowed_zones(z.toStdString());
        }
        if (options.contains(QStringLiteral("default-policy")))
            update->set_default_policy_set(options.value(QStringLiteral("default-policy")).toStdString());
        break;
    }
    case Command::DomainRename:
        request.mutable_update_domain()->set_name(args.at(0).toStdString());
        request.mutable_update_domain()->set_new_name(args.at(1).toStdString());
        break;
    case Command::DomainDelete:
        request.mutable_delete_domain()->set_name(args.at(0).toStdString());
        break;
    case Command::DomainExport:
        request.mutable_export_domain()->set_name(args.at(0).toStdString());
        invocation.outputFile = options.value(QStringLiteral("output"));
        break;
    case Command::DomainImport:
        request.mutable_import_domain()->set_rename_to(options.value(QStringLiteral("as")).toStdString());
        request.mutable_import_domain()->set_dry_run(options.contains(QStringLiteral("dry-run")));
        invocation.inputFile = args.at(0);
        break;
    case Command::PartitionCreate:
    case Command::PartitionSet: {
        const bool create = spec->command == Command::PartitionCreate;
        proto::PartitionSpec *definition = create ? request.mutable_create_partition()->mutable_spec()
                                                  : request.mutable_update_partition()->mutable_spec();
        QStringList fields;
        definition->set_name(args.at(0).toStdString());
        definition->set_domain(domain.toStdString());
        if (create || options.contains(QStringLiteral("boot"))) {
            definition->set_boot(options.value(QStringLiteral("boot"), QStringLiteral("network")).toStdString());
            fields << QStringLiteral("boot");
        }
        if (options.contains(QStringLiteral("vcpus"))) {
            bool ok = false;
            const QString vcpus = options.value(QStringLiteral("vcpus"));
            const qulonglong n = vcpus.toULongLong(&ok);
            if (!ok || n > 0xffffffffULL)
                return usageError(QStringLiteral("--vcpus needs a whole number, not \"%1\".").arg(vcpus));
            definition->set_vcpus(std::uint32_t(n));
            fields << QStringLiteral("vcpus");
        }
        if (options.contains(QStringLiteral("memory"))) {
            bool ok = false;
            const QString memory = options.value(QStringLiteral("memory"));
            const qulonglong mib = memory.toULongLong(&ok);
            if (!ok)
                return usageError(QStringLiteral("--memory needs a whole number of MiB, not \"%1\".").arg(memory));
            definition->set_memory_mib(mib);
            fields << QStringLiteral("memory_mib");
        }
        auto rules = fillPartitionRules(options, definition);
        if (!rules)
            return rules.error();
        fields << *rules;
        if (!create) {
            auto *update = request.mutable_update_partition();
            partitionRef(update->mutable_partition(), args.at(0));
            if (fields.isEmpty())
                return usageError(QStringLiteral("\"partition set\" needs at least one option saying what to change."));
            for (const auto &f : std::as_const(fields))
                update->add_fields(f.toStdString());
        }
        break;
    }
    case Command::PartitionStart:
        if (args.size() == 1) {
            partitionRef(request.mutable_start_partition(), args.at(0));
        } else {
            for (const auto &name : args)
                partitionRef(request.mutable_start_partitions()->add_partitions(), name);
        }
        break;
    case Command::PartitionStop:
        partitionRef(request.mutable_stop_partition(), args.at(0));
        break;
    case Command::PartitionShow:
        partitionRef(request.mutable_show_partition(), args.at(0));
        break;
    case Command::PartitionDelete:
        partitionRef(request.mutable_delete_partition(), args.at(0));
        break;
    case Command::PartitionList:
        request.mutable_list_partitions()->set_domain(options.value(QStringLiteral("domain")).toStdString());
        break;
    case Command::ZoneCreate: {
        proto::UpdateZone fields;
        if (auto r = fillZone(options, &fields, invocation); !r)
            return r.error();
        auto *zone = request.mutable_create_zone()->mutable_zone();
        zone->set_name(args.at(0).toStdString());
        zone->set_description(fields.description());
        *zone->mutable_location() = fields.location();
        zone->set_qos_class(fields.qos_class());
        zone->set_bandwidth_budget_mbps(fields.bandwidth_budget_mbps());
        zone->set_allocation(fields.allocation());
        zone->set_overcommit_ratio(fields.overcommit_ratio());
        zone->set_ha_headroom(fields.ha_headroom());
        *zone->mutable_hosts() = fields.hosts();
        break;
    }
    case Command::ZoneSet: {
        auto *update = request.mutable_update_zone();
        update->set_name(args.at(0).toStdString());
        if (auto r = fillZone(options, update, invocation); !r)
            return r.error();
        break;
    }
    case Command::ZoneRename:
        request.mutable_update_zone()->set_name(args.at(0).toStdString());
        request.mutable_update_zone()->set_new_name(args.at(1).toStdString());
        break;
    case Command::ZoneDelete:
        request.mutable_delete_zone()->set_name(args.at(0).toStdString());
        break;
    case Command::ZoneList:
        request.mutable_list_zones();
        break;
    case Command::ZoneShow:
        request.mutable_list_zones();
        invocation.objectName = args.at(0);
        break;
    case Command::PlacementExplain: {
        auto *explain = request.mutable_start_partitions();
        explain->set_dry_run(true);
        for (const auto &name : args)
            partitionRef(explain->add_partitions(), name);
        break;
    }
    case Command::PolicyCreate:
    case Command::PolicyReplace: {
        auto *put = request.mutable_put_policy_set();
        put->set_replace(spec->command == Command::PolicyReplace);
        auto *set = put->mutable_policy_set();
        set->set_domain(domain.toStdString());
        set->set_name(args.at(0).toStdString());
        if (auto r = fillPolicySet(options, set); !r)
            return r.error();
        break;
    }
    case Command::PolicyDelete:
        request.mutable_delete_policy()->set_domain(domain.toStdString());
        request.mutable_delete_policy()->set_policy_set(args.at(0).toStdString());
        break;
    case Command::PolicyList:
    case Command::CalendarList:
        request.mutable_list_policies()->set_domain(options.value(QStringLiteral("domain")).toStdString());
        break;
    case Command::PolicyShow:
        request.mutable_list_policies()->set_domain(domain.toStdString());
        invocation.objectName = args.at(0);
        invocation.domain = domain;
        break;
    case Command::CalendarAdd:
    case Command::CalendarReplace: {
        auto *put = request.mutable_put_calendar_entry();
        put->set_replace(spec->command == Command::CalendarReplace);
        if (auto r = fillEntry(options, args.at(0), put->mutable_entry()); !r)
            return r.error();
        break;
    }
    case Command::CalendarRemove:
        request.mutable_delete_policy()->set_domain(domain.toStdString());
        request.mutable_delete_policy()->set_calendar_entry(args.at(0).toStdString());
        break;
    case Command::CalendarPreview: {
        auto *preview = request.mutable_preview_calendar();
        preview->set_domain(options.value(QStringLiteral("domain")).toStdString());
        QDateTime from = now;
        if (options.contains(QStringLiteral("from"))) {
            auto t = parseTime(options.value(QStringLiteral("from")), now);
            if (!t)
                return t.error();
            from = *t;
            preview->set_from_ms(from.toMSecsSinceEpoch());
        }
        if (options.contains(QStringLiteral("until")) && options.contains(QStringLiteral("days")))
            return usageError(QStringLiteral("Give --until or --days, not both."));
        if (options.contains(QStringLiteral("until"))) {
            auto t = parseTime(options.value(QStringLiteral("until")), now);
            if (!t)
                return t.error();
            preview->set_until_ms(t->toMSecsSinceEpoch());
        }
        if (options.contains(QStringLiteral("days"))) {
            auto n = numberOption(QStringLiteral("days"), QStringLiteral("a whole number of days from 1 to 366"), 366);
            if (!n)
                return n.error();
            if (*n == 0)
                return usageError(QStringLiteral("--days needs a whole number of days from 1 to 366, not \"0\"."));
            preview->set_until_ms(from.addDays(qint64(*n)).toMSecsSinceEpoch());
        }
        break;
    }
    case Command::Stats: {
        auto *query = request.mutable_get_stats_history();
        const int filters = int(options.contains(QStringLiteral("host"))) + int(options.contains(QStringLiteral("partition")))
            + int(options.contains(QStringLiteral("zone")));
        if (filters > 1)
            return usageError(QStringLiteral("\"stats\" shows one host, one partition or one zone; give only one of "
                                             "--host, --partition and --zone."));
        if (options.contains(QStringLiteral("domain")) && !options.contains(QStringLiteral("partition")))
            return usageError(QStringLiteral("--domain goes with --partition NAME (it says which domain's partition)."));
        if (options.contains(QStringLiteral("host")))
            query->add_hosts(options.value(QStringLiteral("host")).toStdString());
        if (options.contains(QStringLiteral("zone")))
            query->add_zones(options.value(QStringLiteral("zone")).toStdString());
        if (options.contains(QStringLiteral("partition"))) {
            invocation.partitionName = options.value(QStringLiteral("partition"));
            invocation.domain = domain;
        }
        if (options.contains(QStringLiteral("since"))) {
            auto seconds = parseDuration(options.value(QStringLiteral("since")));
            if (!seconds)
                return seconds.error();
            if (*seconds <= 0)
                return usageError(QStringLiteral("--since needs a duration longer than zero, such as 90s or 15m."));
            query->set_since_ms(std::max<qint64>(0, now.toMSecsSinceEpoch() - *seconds * 1000));
        }
        break;
    }
    case Command::Audit: {
        auto *query = request.mutable_query_audit();
        query->set_object(options.value(QStringLiteral("object")).toStdString());
        query->set_user(options.value(QStringLiteral("by")).toStdString());
        query->set_action(options.value(QStringLiteral("action")).toStdString());
        for (const auto *key : {"since", "until"}) {
            const QString option = QLatin1String(key);
            if (!options.contains(option))
                continue;
            auto t = parseTime(options.value(option), now);
            if (!t)
                return t.error();
            if (option == QLatin1String("since"))
                query->set_since_ms(t->toMSecsSinceEpoch());
            else
                query->set_until_ms(t->toMSecsSinceEpoch());
        }
        if (options.contains(QStringLiteral("limit"))) {
            auto n = numberOption(QStringLiteral("limit"), QStringLiteral("a whole number from 1 to 100000"), 100000);
            if (!n)
                return n.error();
            query->set_limit(std::uint32_t(*n));
        }
        break;
    }
    case Command::Migrate: {
        auto *migrate = request.mutable_migrate_partition();
        partitionRef(migrate->mutable_partition(), args.at(0));
        migrate->set_target_host(options.value(QStringLiteral("to")).toStdString());
        const bool offline = options.contains(QStringLiteral("offline"));
        const bool live = options.contains(QStringLiteral("live"));
        if (offline && live)
            return usageError(QStringLiteral("Give --offline or --live, not both."));
        migrate->set_mode(offline ? proto::MIGRATION_MODE_OFFLINE
                                  : live ? proto::MIGRATION_MODE_LIVE : proto::MIGRATION_MODE_UNSPECIFIED);
        if (options.contains(QStringLiteral("bandwidth"))) {
            auto n = numberOption(QStringLiteral("bandwidth"), QStringLiteral("MiB/s, a whole number from 1 to 100000"), 100000);
            if (!n)
                return n.error();
            migrate->set_bandwidth_mib_s(std::uint32_t(*n));
        }
        break;
    }
    case Command::MigrationCancel:
        partitionRef(request.mutable_cancel_migration()->mutable_partition(), args.at(0));
        break;
    case Command::MigrationList:
        request.mutable_list_migrations();
        break;
    case Command::HostEvacuate: {
        auto *evacuate = request.mutable_evacuate_host();
        evacuate->set_name(args.at(0).toStdString());
        if (options.contains(QStringLiteral("max-parallel"))) {
            auto n = numberOption(QStringLiteral("max-parallel"), QStringLiteral("a whole number from 1 to 64"), 64);
            if (!n)
                return n.error();
            evacuate->set_max_parallel(std::uint32_t(*n));
        }
        if (options.contains(QStringLiteral("offline")))
            evacuate->set_mode(proto::MIGRATION_MODE_OFFLINE);
        break;
    }
    case Command::HostResume:
        request.mutable_end_maintenance()->set_name(args.at(0).toStdString());
        break;
    case Command::Help:
        break;
    }
    return invocation;
}

} // namespace vdc::ctl
