#pragma once

#include <QDateTime>
#include <QString>

namespace vdc::calendar {

// One occurrence of a calendar entry: the policy set `policySet` is wanted
// from `start` (inclusive) to `end` (exclusive). Instants in UTC.
struct Occurrence
{
    QString entry;
    QString policySet;
    int priority = 0;
    QDateTime start;
    QDateTime end;

    bool covers(const QDateTime &instant) const { return start <= instant && instant < end; }
    bool operator==(const Occurrence &other) const = default;
};

} // namespace vdc::calendar
