#include "ctlapplication.h"

#include "commandline.h"
#include "opsclient.h"
#include "outputformatter.h"

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
        return std::max(invocation.timeoutSeconds, CtlApplication::kAgentOperationTimeoutSeconds);
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

    const int seconds = commandTimeoutSeconds(invocation);
    auto answered = client.call(invocation.request, seconds * 1000);
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

    out << (invocation.json ? OutputFormatter::json(reply) : OutputFormatter::text(invocation.command, reply));
    return Success;
}

} // namespace vdc::ctl
