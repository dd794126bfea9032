#pragma once

#include <QDate>
#include <QString>
#include <QTime>

namespace vdc::calendar {

// What a calendar entry is made from, as an editor or a stored row gives it.
// Dates and times are wall-clock values in `timeZone`. CalendarEntry::create
// checks all of it.
struct CalendarEntrySpec
{
    QString name;                                   // unique in its calendar
    QString policySet;                              // the set in force during an occurrence
    QString timeZone = QStringLiteral("UTC");       // IANA name, e.g. "Europe/Berlin"
    QDate startDate;                                // first start, on the wall clock
    QTime startTime;
    // How long each occurrence lasts, measured on the wall clock (an entry
    // from 22:00 for 8 hours ends at 06:00 local time even on the night the
    // clocks change). 0 means: use endDate/endTime instead.
    qint64 durationSeconds = 0;
    QDate endDate;                                  // end of the first occurrence, on the wall clock
    QTime endTime;
    QString recurrence;                             // RRULE value; empty = it happens once
    int priority = 0;                               // higher wins where entries overlap

    bool operator==(const CalendarEntrySpec &other) const = default;
};

} // namespace vdc::calendar
