#include "calendarschedule.h"

#include <algorithm>

namespace vdc::calendar {

CalendarSchedule::CalendarSchedule(const Clock &clock, const PolicyCalendar &calendar)
    : m_clock(clock)
    , m_calendar(calendar)
{
}

QString CalendarSchedule::policySetNow() const
{
    return m_calendar.policySetAt(m_clock.now());
}

std::optional<Boundary> CalendarSchedule::nextBoundary(const QDateTime &after) const
{
    if (!after.isValid())
        return std::nullopt;
    const QDateTime from = after.toUTC().addMSecs(1);
    const QDateTime limit = from.addYears(kSearchHorizonYears);
    // Widening windows: a busy calendar answers from the first day, a sparse
    // one is not expanded day by day for years.
    QDateTime windowStart = from;
    for (const qint64 days : {1, 7, 35, 400, 4000}) {
        const QDateTime windowEnd = std::min(from.addDays(days), limit);
        if (windowEnd <= windowStart)
            continue;
        const QList<Boundary> found = m_calendar.boundaries(windowStart, windowEnd);
        if (!found.isEmpty())
            return found.first();
        windowStart = windowEnd;
    }
    return std::nullopt;
}

std::optional<Boundary> CalendarSchedule::nextBoundary() const
{
    return nextBoundary(m_clock.now());
}

std::optional<qint64> CalendarSchedule::msecsToNextBoundary() const
{
    const QDateTime now = m_clock.now();
    const std::optional<Boundary> next = nextBoundary(now);
    if (!next)
        return std::nullopt;
    return std::max<qint64>(0, now.msecsTo(next->at));
}

} // namespace vdc::calendar
