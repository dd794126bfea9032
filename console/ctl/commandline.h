#pragma once

#include "core/result.h"

#include <QString>
#include <QStringList>

namespace vdc::ctl {

// What vdcctl was asked to do, parsed from its arguments:
//   vdcctl [--ops ENDPOINT] [--json] [--timeout SECONDS] [--user NAME] COMMAND...
// Global options may appear anywhere; command options after the command.
class CommandLine
{
public:
    enum class Command {
        Help,
        HostAdd,
        HostList,
        HostShow,
        HostRemove,
        DomainCreate,
        DomainList,
        PartitionCreate,
        PartitionStart,
        PartitionStop,
        PartitionShow,
        PartitionDelete,
        PartitionList,
    };

    static constexpr const char *kDefaultEndpoint = "tcp://127.0.0.1:5555";
    static constexpr int kDefaultTimeoutSeconds = 10;

    struct Invocation
    {
        Command command = Command::Help;
        QString endpoint;           // --ops, else VDC_OPS, else kDefaultEndpoint
        bool json = false;
        int timeoutSeconds = kDefaultTimeoutSeconds;
        bool timeoutGiven = false;  // --timeout was given
        QString user;
        proto::OpsRequest request;  // the request to send (user filled in)
        QString hostName;           // host show: the host to pick from the list
    };

    // `arguments` without the program name. A usage error comes back as
    // ERROR_INVALID_ARGUMENT with a sentence saying what is wrong.
    static Result<Invocation> parse(const QStringList &arguments, const QString &environmentEndpoint,
                                    const QString &environmentUser);

    // The full help text (vdcctl --help) and the one-line hint after errors.
    static QString usage();
    static QString usageHint();
};

} // namespace vdc::ctl
