#pragma once

#include <QDateTime>
#include <QString>

namespace vdc::calendar {

// Why the policy set in force changes at a boundary.
enum class BoundaryCause {
    EntryBegins, // `entry` begins an occurrence and wins from here on
    EntryEnds,   // `entry`'s occurrence ends and what it covered comes back
};

// An instant at which the policy set in force changes. Entries are named by
// their names; an empty entry name means "no entry: the calendar's default".
struct Boundary
{
    QDateTime at; // UTC
    QString policySetBefore;
    QString policySetAfter;
    QString entryBefore;
    QString entryAfter;
    QString entry; // the entry responsible for the change
    BoundaryCause cause = BoundaryCause::EntryBegins;

    bool operator==(const Boundary &other) const = default;
};

} // namespace vdc::calendar
