#include "ctlapplication.h"

#include "commandline.h"
#include "migrationwatcher.h"
#include "opsclient.h"
#include "outputformatter.h"

#include <QFile>
#include <QRegularExpression>
#include <QSaveFile>
#include <QTextStream>

namespace vdc::ctl {

namespace {

QString noAnswer(const QString &endpoint, int seconds)
{
    return QStringLiteral("vdcctl: no answer from the operations service at %1 within %2 s; is vdc-opsd running?\n")
        .arg(endpoint)
        .arg(seconds);
}

bool failed(const proto::OpsReply &reply)
{
    return reply.has_error() && reply.error().code() != proto::ERROR_NONE;
}

int commandTimeoutSeconds(const CommandLine::Invocation &invocation)
{
    if (invocation.timeoutGiven)
        return invocation.timeoutSeconds;
    using C = CommandLine::Command;
    switch (invocation.command) {
    case C::PartitionStart:
    case C::PartitionStop:
    case C::PartitionDelete:
    case C::PolicyCreate:
    case C::PolicyReplace:
        return std::max(invocation.timeoutSeconds, CtlApplication::kAgentOperationTimeoutSeconds);
    case C::HostEvacuate:
    case C::MigrationCancel:
        // As long as the migrations take.
        return 24 * 3600;
    case C::HostAdd:
        // The service waits up to 5 s for the new host's inventory.
        return invocation.timeoutSeconds + 5;
    default:
        return invocation.timeoutSeconds;
    }
}

} // namespace

int CtlApplication::run(const QStringList &arguments, const QString &environmentEndpoint, const QString &environmentUser,
                        QTextStream &out, QTextStream &err)
{
    auto parsed = CommandLine::parse(arguments, environmentEndpoint, environmentUser);
    if (!parsed) {
        err << "vdcctl: " << parsed.error().message() << '\n' << CommandLine::usageHint() << '\n';
        return Usage;
    }
    const CommandLine::Invocation &invocation = *parsed;
    if (invocation.command == CommandLine::Command::Help) {
        out << CommandLine::usage();
        return Success;
    }

    OpsClient client(invocation.endpoint);
    if (auto r = client.connect(); !r) {
        err << "vdcctl: " << r.error().message() << '\n' << CommandLine::usageHint() << '\n';
        return Usage;
    }

    // Make sure someone is there before sending a change: a request that
    // arrives after we gave up must not be carried out unnoticed.
    proto::OpsRequest hello;
    hello.mutable_hello();
    hello.set_user(invocation.user.toStdString());
    auto greeted = client.call(hello, invocation.timeoutSeconds * 1000);
    if (!greeted) {
        err << "vdcctl: " << greeted.error().message() << '\n';
        return Failed;
    }
    if (!*greeted) {
        err << noAnswer(invocation.endpoint, invocation.timeoutSeconds);
        return NoAnswer;
    }
    if (failed(**greeted)) {
        err << OutputFormatter::error(**greeted);
        return Failed;
    }

    proto::OpsRequest request = invocation.request;
    if (invocation.command == CommandLine::Command::Migrate) {
        MigrationWatcher::Options options;
        options.endpoint = invocation.endpoint;
        options.publishEndpoint = QString::fromStdString((*greeted)->hello().publish_endpoint());
        // A wildcard bind is reached at the address the API was reached at.
        static const QRegularExpression wildcard(QStringLiteral("^tcp://(0\\.0\\.0\\.0|\\*):(\\d+)$"));
        static const QRegularExpression apiHost(QStringLiteral("^tcp://(.+):\\d+$"));
        if (const auto w = wildcard.match(options.publishEndpoint); w.hasMatch())
            if (const auto a = apiHost.match(invocation.endpoint); a.hasMatch())
                options.publishEndpoint = QStringLiteral("tcp://%1:%2").arg(a.captured(1), w.captured(2));
        options.json = invocation.json;
        options.timeoutSeconds = invocation.timeoutGiven ? invocation.timeoutSeconds : 0;
        return MigrationWatcher::run(options, request, out, err);
    }
    if (invocation.command == CommandLine::Command::DomainImport) {
        QFile file(invocation.inputFile);
        if (!file.open(QIODevice::ReadOnly)) {
            err << "vdcctl: Cannot read " << invocation.inputFile << ": " << file.errorString() << ".\n";
            return Failed;
        }
        request.mutable_import_domain()->set_document(file.readAll().toStdString());
    }
    if (invocation.command == CommandLine::Command::Stats && !invocation.partitionName.isEmpty()) {
        // The history is kept by partition uuid.
        proto::OpsRequest show;
        show.set_user(invocation.user.toStdString());
        show.mutable_show_partition()->set_name(invocation.partitionName.toStdString());
        show.mutable_show_partition()->set_domain(invocation.domain.toStdString());
        auto shown = client.call(show, invocation.timeoutSeconds * 1000);
        if (!shown || !*shown) {
            err << noAnswer(invocation.endpoint, invocation.timeoutSeconds);
            return NoAnswer;
        }
        if (failed(**shown)) {
            err << OutputFormatter::error(**shown);
            return Failed;
        }
        request.mutable_get_stats_history()->add_partitions((*shown)->partition().spec().uuid());
    }
    // Changing part of a location: the other parts stay as they are.
    const bool hostLocation = invocation.command == CommandLine::Command::HostSet && request.update_host().has_location();
    const bool zoneLocation = invocation.command == CommandLine::Command::ZoneSet && request.update_zone().has_location();
    if (hostLocation || zoneLocation) {
        proto::OpsRequest list;
        list.set_user(invocation.user.toStdString());
        if (hostLocation)
            list.mutable_list_hosts();
        else
            list.mutable_list_zones();
        auto current = client.call(list, invocation.timeoutSeconds * 1000);
        if (!current || !*current) {
            err << noAnswer(invocation.endpoint, invocation.timeoutSeconds);
            return NoAnswer;
        }
        proto::Location location;
        if (hostLocation) {
            for (const auto &h : (*current)->hosts().hosts())
                if (h.name() == request.update_host().name())
                    location = h.location();
        } else {
            for (const auto &z : (*current)->zones().zones())
                if (z.name() == request.update_zone().name())
                    location = z.location();
        }
        if (invocation.site)
            location.set_site(invocation.site->toStdString());
        if (invocation.room)
            location.set_room(invocation.room->toStdString());
        if (invocation.rack)
            location.set_rack(invocation.rack->toStdString());
        *(hostLocation ? request.mutable_update_host()->mutable_location() : request.mutable_update_zone()->mutable_location()) =
            location;
    }

    const int seconds = commandTimeoutSeconds(invocation);
    auto answered = client.call(request, seconds * 1000);
    if (!answered) {
        err << "vdcctl: " << answered.error().message() << '\n';
        return Failed;
    }
    if (!*answered) {
        err << noAnswer(invocation.endpoint, seconds);
        return NoAnswer;
    }
    proto::OpsReply reply = std::move(**answered);
    if (failed(reply)) {
        err << OutputFormatter::error(reply);
        return Failed;
    }

    if (invocation.command == CommandLine::Command::HostShow) {
        // The API lists hosts; pick the one asked for.
        proto::Host found;
        bool present = false;
        for (const auto &h : reply.hosts().hosts())
            if (QString::fromStdString(h.name()) == invocation.hostName) {
                found = h;
                present = true;
            }
        if (!present) {
            err << "vdcctl: Host " << invocation.hostName << " does not exist.\n";
            return Failed;
        }
        *reply.mutable_host() = found;
    }

    using C = CommandLine::Command;
    const QString name = invocation.objectName;
    if (invocation.command == C::DomainShow) {
        bool present = false;
        proto::Domain found;
        for (const auto &d : reply.domains().domains())
            if (QString::fromStdString(d.name()) == name) {
                found = d; // a copy: setting the reply's body drops the list
                present = true;
            }
        if (!present) {
            err << "vdcctl: Domain " << name << " does not exist.\n";
            return Failed;
        }
        *reply.mutable_domain() = found;
    }
    if (invocation.command == C::ZoneShow) {
        bool present = false;
        proto::Zone found;
        for (const auto &z : reply.zones().zones())
            if (QString::fromStdString(z.name()) == name) {
                found = z;
                present = true;
            }
        if (!present) {
            err << "vdcctl: Zone " << name << " does not exist.\n";
            return Failed;
        }
        *reply.mutable_zone() = found;
    }
    if (invocation.command == C::PolicyShow) {
        bool present = false;
        proto::PolicySet found;
        for (const auto &set : reply.policies().policy_sets())
            if (QString::fromStdString(set.name()) == name) {
                found = set;
                present = true;
            }
        if (!present) {
            err << "vdcctl: Policy set " << name << " does not exist in domain " << invocation.domain << ".\n";
            return Failed;
        }
        *reply.mutable_policy_set() = found;
    }
    if (invocation.command == C::DomainExport && !invocation.outputFile.isEmpty()) {
        QSaveFile file(invocation.outputFile);
        const QByteArray text = QByteArray::fromStdString(reply.document().text());
        if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size() || !file.commit()) {
            err << "vdcctl: Cannot write " << invocation.outputFile << ": " << file.errorString() << ".\n";
            return Failed;
        }
        if (!invocation.json) {
            out << QString::fromStdString(reply.document().summary()) << " Written to " << invocation.outputFile << ".\n";
            return Success;
        }
    }

    if (invocation.command == C::Stats && !invocation.json) {
        // Partitions are shown by name: ask for the list once.
        const bool showPartitions = !request.get_stats_history().hosts().empty() || !invocation.partitionName.isEmpty();
        QHash<QString, QString> names;
        if (showPartitions) {
            proto::OpsRequest list;
            list.set_user(invocation.user.toStdString());
            list.mutable_list_partitions();
            auto listed = client.call(list, invocation.timeoutSeconds * 1000);
            if (listed && *listed && !failed(**listed))
                for (const auto &p : (*listed)->partitions().partitions())
                    names.insert(QString::fromStdString(p.spec().uuid()),
                                 QStringLiteral("%1/%2").arg(QString::fromStdString(p.spec().domain()),
                                                             QString::fromStdString(p.spec().name())));
        }
        out << OutputFormatter::stats(reply.stats_history(), names, showPartitions);
        return Success;
    }
    out << (invocation.json ? OutputFormatter::json(reply) : OutputFormatter::text(invocation.command, reply));
    return Success;
}

} // namespace vdc::ctl
