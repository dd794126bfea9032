#pragma once

#include "commandline.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace vdc::ctl {

// Turns ops replies into what vdcctl prints: aligned tables and key/value
// blocks for people, one JSON document for programs (--json), and
// "vdcctl: <sentence>" plus one placement rejection per line for errors.
class OutputFormatter
{
public:
    // Text for a successful reply, ending with a newline.
    static QString text(CommandLine::Command command, const proto::OpsReply &reply);
    // The reply's body as one JSON document (proto field names, every field
    // present, enums by name), ending with a newline.
    static QString json(const proto::OpsReply &reply);
    // The error of a failed reply and its placement rejections.
    static QString error(const proto::OpsReply &reply);

    // Columns two spaces apart, each as wide as its widest cell; no trailing
    // blanks.
    static QString table(const QStringList &headers, const QList<QStringList> &rows);
    // Core indices as ranges: 0-3,8,10-11.
    static QString ranges(const QList<quint32> &indices);
    // One line of a running migration: phase, percent, remaining MiB, dirty
    // rate, estimate (no newline).
    static QString migrationLine(const proto::MigrationProgress &progress);
    // vdcctl stats: the latest figures of each host (and, with
    // showPartitions, each partition, named from `partitionNames`, uuid ->
    // domain/name) and zone in a history.
    static QString stats(const proto::StatsHistory &history, const QHash<QString, QString> &partitionNames,
                         bool showPartitions);
    // "copying memory", "switching over", ...
    static QString phaseName(proto::MigrationPhase phase);
};

} // namespace vdc::ctl
