#pragma once

#include "calendar/calendarentry.h"
#include "core/result.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>

namespace vdc::ops {

// The text form of one domain's definitions, for export and import
// (docs/export-format.md): the domain, its partition definitions, its policy
// sets and its calendar. One JSON object; definitions use protobuf's JSON
// mapping of the wire schema's messages, calendar entries the calendar
// library's JSON form. Runtime state (where a partition runs, what it holds)
// is not part of it.
//
// Reading is strict: unknown keys, wrong types, a different format or a
// newer version are refused with a sentence naming the place. Whether the
// definitions fit the data center they are imported into (zones exist,
// names are free, calendar entries do not conflict) is the engine's check.
class DomainDocument
{
public:
    static constexpr const char *kFormat = "vdc-domain-export";
    static constexpr int kVersion = 1;

    struct Contents
    {
        proto::Domain domain;
        QList<proto::PartitionSpec> partitions;  // domain field left empty
        QList<proto::PolicySet> policySets;      // domain field left empty
        QList<calendar::CalendarEntry> entries;
    };

    static QByteArray write(const Contents &contents, const QDateTime &exportedAt);
    static Result<Contents> read(const QByteArray &text);
};

} // namespace vdc::ops
