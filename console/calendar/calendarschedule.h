#pragma once

#include "boundary.h"
#include "clock.h"
#include "policycalendar.h"

#include <optional>

namespace vdc::calendar {

// What a scheduler needs from a calendar: the set in force now and the next
// instant at which it changes, read against a Clock. Holds references: the
// clock and the calendar must outlive it. The engine applies the set now,
// then arms a timer for msecsToNextBoundary() and asks again when it fires.
class CalendarSchedule
{
public:
    // How far ahead nextBoundary() looks; a calendar that changes less often
    // than this has no next boundary.
    static constexpr int kSearchHorizonYears = 10;

    CalendarSchedule(const Clock &clock, const PolicyCalendar &calendar);

    QString policySetNow() const;

    // The first boundary strictly after `after`.
    std::optional<Boundary> nextBoundary(const QDateTime &after) const;
    // The first boundary strictly after the clock's now().
    std::optional<Boundary> nextBoundary() const;
    // Milliseconds from now() to the next boundary (never negative).
    std::optional<qint64> msecsToNextBoundary() const;

private:
    const Clock &m_clock;
    const PolicyCalendar &m_calendar;
};

} // namespace vdc::calendar
