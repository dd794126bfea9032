#include "commandline.h"

#include <QHash>
#include <QSet>

namespace vdc::ctl {

namespace {

struct CommandSpec
{
    const char *noun;
    const char *verb;
    CommandLine::Command command;
    QStringList arguments;       // names of the positional arguments after the verb
    QStringList options;         // allowed command options
    QStringList requiredOptions;
};

const QList<CommandSpec> &commandSpecs()
{
    using C = CommandLine::Command;
    static const QList<CommandSpec> specs = {
        {"host", "add", C::HostAdd, {QStringLiteral("NAME"), QStringLiteral("AGENT_ENDPOINT")}, {QStringLiteral("zone")}, {}},
        {"host", "list", C::HostList, {}, {}, {}},
        {"host", "show", C::HostShow, {QStringLiteral("NAME")}, {}, {}},
        {"host", "remove", C::HostRemove, {QStringLiteral("NAME")}, {}, {}},
        {"domain", "create", C::DomainCreate, {QStringLiteral("NAME")}, {QStringLiteral("description")}, {}},
        {"domain", "list", C::DomainList, {}, {}, {}},
        {"partition", "create", C::PartitionCreate, {QStringLiteral("NAME")},
         {QStringLiteral("domain"), QStringLiteral("vcpus"), QStringLiteral("memory"), QStringLiteral("zone"), QStringLiteral("boot")},
         {QStringLiteral("vcpus"), QStringLiteral("memory")}},
        {"partition", "start", C::PartitionStart, {QStringLiteral("NAME")}, {QStringLiteral("domain")}, {}},
        {"partition", "stop", C::PartitionStop, {QStringLiteral("NAME")}, {QStringLiteral("domain")}, {}},
        {"partition", "show", C::PartitionShow, {QStringLiteral("NAME")}, {QStringLiteral("domain")}, {}},
        {"partition", "delete", C::PartitionDelete, {QStringLiteral("NAME")}, {QStringLiteral("domain")}, {}},
        {"partition", "list", C::PartitionList, {}, {QStringLiteral("domain")}, {}},
    };
    return specs;
}

const QHash<QString, QString> &optionValueNames()
{
    static const QHash<QString, QString> names = {
        {QStringLiteral("ops"), QStringLiteral("ENDPOINT")},   {QStringLiteral("timeout"), QStringLiteral("SECONDS")},
        {QStringLiteral("user"), QStringLiteral("NAME")},      {QStringLiteral("zone"), QStringLiteral("ZONE")},
        {QStringLiteral("description"), QStringLiteral("TEXT")}, {QStringLiteral("domain"), QStringLiteral("DOMAIN")},
        {QStringLiteral("vcpus"), QStringLiteral("N")},        {QStringLiteral("memory"), QStringLiteral("MIB")},
        {QStringLiteral("boot"), QStringLiteral("SOURCE")},
    };
    return names;
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
        "Commands:\n"
        "  host add NAME AGENT_ENDPOINT [--zone Z]\n"
        "  host list\n"
        "  host show NAME\n"
        "  host remove NAME\n"
        "  domain create NAME [--description TEXT]\n"
        "  domain list\n"
        "  partition create NAME [--domain D] --vcpus N --memory MIB [--zone Z] [--boot network]\n"
        "  partition start NAME [--domain D]\n"
        "  partition stop NAME [--domain D]\n"
        "  partition show NAME [--domain D]\n"
        "  partition delete NAME [--domain D]\n"
        "  partition list [--domain D]\n"
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

Result<CommandLine::Invocation> CommandLine::parse(const QStringList &arguments, const QString &environmentEndpoint,
                                                   const QString &environmentUser)
{
    Invocation invocation;
    invocation.endpoint = environmentEndpoint.isEmpty() ? QLatin1String(kDefaultEndpoint) : environmentEndpoint;
    invocation.user = environmentUser.isEmpty() ? QStringLiteral("unknown") : environmentUser;

    static const QSet<QString> flags = {QStringLiteral("json"), QStringLiteral("help")};
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
        if (flags.contains(name)) {
            if (value)
                return usageError(QStringLiteral("--%1 takes no value.").arg(name));
            if (name == QLatin1String("json"))
                invocation.json = true;
            else
                help = true;
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
    if (noun != QLatin1String("host") && noun != QLatin1String("domain") && noun != QLatin1String("partition"))
        return usageError(QStringLiteral("Unknown command \"%1\"; use host, domain or partition.").arg(noun));
    if (positional.size() < 2)
        return usageError(QStringLiteral("Say what to do with the %1: %2.").arg(noun, verbsOf(noun)));
    const QString verb = positional.at(1);
    const CommandSpec *spec = nullptr;
    for (const auto &s : commandSpecs())
        if (QLatin1String(s.noun) == noun && QLatin1String(s.verb) == verb)
            spec = &s;
    if (!spec)
        return usageError(QStringLiteral("Unknown command \"%1 %2\"; for a %1 use %3.").arg(noun, verb, verbsOf(noun)));

    const QString commandName = QStringLiteral("%1 %2").arg(noun, verb);
    const QStringList args = positional.mid(2);
    if (args.size() != spec->arguments.size()) {
        const QString wanted = spec->arguments.isEmpty() ? QStringLiteral("no arguments") : spec->arguments.join(QLatin1Char(' '));
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
    auto partitionRef = [&](proto::PartitionRef *ref) {
        ref->set_name(args.at(0).toStdString());
        ref->set_domain(options.value(QStringLiteral("domain"), QStringLiteral("default")).toStdString());
    };

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
    case Command::DomainCreate: {
        auto *domain = request.mutable_create_domain()->mutable_domain();
        domain->set_name(args.at(0).toStdString());
        domain->set_description(options.value(QStringLiteral("description")).toStdString());
        break;
    }
    case Command::DomainList:
        request.mutable_list_domains();
        break;
    case Command::PartitionCreate: {
        auto *definition = request.mutable_create_partition()->mutable_spec();
        definition->set_name(args.at(0).toStdString());
        definition->set_domain(options.value(QStringLiteral("domain"), QStringLiteral("default")).toStdString());
        definition->set_zone(options.value(QStringLiteral("zone")).toStdString());
        definition->set_boot(options.value(QStringLiteral("boot"), QStringLiteral("network")).toStdString());
        bool ok = false;
        const QString vcpus = options.value(QStringLiteral("vcpus"));
        const qulonglong n = vcpus.toULongLong(&ok);
        if (!ok || n > 0xffffffffULL)
            return usageError(QStringLiteral("--vcpus needs a whole number, not \"%1\".").arg(vcpus));
        definition->set_vcpus(std::uint32_t(n));
        const QString memory = options.value(QStringLiteral("memory"));
        const qulonglong mib = memory.toULongLong(&ok);
        if (!ok)
            return usageError(QStringLiteral("--memory needs a whole number of MiB, not \"%1\".").arg(memory));
        definition->set_memory_mib(mib);
        break;
    }
    case Command::PartitionStart:
        partitionRef(request.mutable_start_partition());
        break;
    case Command::PartitionStop:
        partitionRef(request.mutable_stop_partition());
        break;
    case Command::PartitionShow:
        partitionRef(request.mutable_show_partition());
        break;
    case Command::PartitionDelete:
        partitionRef(request.mutable_delete_partition());
        break;
    case Command::PartitionList:
        request.mutable_list_partitions()->set_domain(options.value(QStringLiteral("domain")).toStdString());
        break;
    case Command::Help:
        break;
    }
    return invocation;
}

} // namespace vdc::ctl
