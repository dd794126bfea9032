#pragma once

#include <QDateTime>
#include <QList>

namespace vdc::calendar {

// How often a rule repeats. Policy sets change at most hourly, so SECONDLY
// and MINUTELY are not offered (and refused when parsed).
enum class Frequency { Hourly, Daily, Weekly, Monthly, Yearly };

// The structured choices a calendar editor offers, turned into an RRULE by
// RecurrenceBuilder and recovered from one by RecurrenceRule::choices(). The
// time of day is not here: it is the entry's start time.
struct RecurrenceChoices
{
    Frequency frequency = Frequency::Weekly;
    int interval = 1;                 // every `interval` units of `frequency`
    QList<Qt::DayOfWeek> weekdays;    // BYDAY, plain weekdays (no "1MO")
    QList<int> monthDays;             // BYMONTHDAY, 1..31 or -31..-1 (-1 = last day)
    QList<int> months;                // BYMONTH, 1..12
    int count = 0;                    // COUNT; 0 = no COUNT
    QDateTime until;                  // UNTIL (an instant); invalid = no UNTIL

    bool operator==(const RecurrenceChoices &other) const = default;
};

} // namespace vdc::calendar
