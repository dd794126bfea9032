#pragma once

#include "core/result.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <optional>

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
        DomainShow,
        DomainSet,
        DomainRename,
        DomainDelete,
        DomainExport,
        DomainImport,
        ZoneCreate,
        ZoneSet,
        ZoneRename,
        ZoneDelete,
        ZoneList,
        ZoneShow,
        HostSet,
        PartitionSet,
        PlacementExplain,
        PolicyCreate,
        PolicyReplace,
        PolicyDelete,
        PolicyList,
        PolicyShow,
        CalendarAdd,
        CalendarReplace,
        CalendarRemove,
        CalendarList,
        CalendarPreview,
        Audit,
        Migrate,
        MigrationCancel,
        MigrationList,
        HostEvacuate,
        HostResume,
        Stats,
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
        QString objectName;         // domain/zone/policy show: the one to pick from the list
        QString domain;             // policy show: its domain
        QString partitionName;      // stats --partition: resolved to its uuid by the application
        QString inputFile;          // domain import: the document to read
        QString outputFile;         // domain export: where to write the document
        // host set / zone set with part of a location: the parts given, merged
        // with the current location by the application.
        std::optional<QString> site, room, rack;
    };

    // `arguments` without the program name. A usage error comes back as
    // ERROR_INVALID_ARGUMENT with a sentence saying what is wrong.
    static Result<Invocation> parse(const QStringList &arguments, const QString &environmentEndpoint,
                                    const QString &environmentUser);

    // The full help text (vdcctl --help) and the one-line hint after errors.
    static QString usage();
    static QString usageHint();

    // "now", an ISO 8601 date or date-time (local time unless it has an
    // offset or Z), or a time relative to now: "-2h", "+30m", "-7d".
    static Result<QDateTime> parseTime(const QString &text, const QDateTime &now);
    // "90", "90s", "15m", "10h", "1d", "1h30m" -> seconds.
    static Result<qint64> parseDuration(const QString &text);
};

} // namespace vdc::ctl
