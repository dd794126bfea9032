#pragma once

#include "recurrencerule.h"

#include <QDateTime>
#include <QList>
#include <QTimeZone>

namespace vdc::calendar {

// Expands a RecurrenceRule with libical's icalrecur_iterator in wall-clock
// time (see wallclock.h): "every day at 08:00" stays at 08:00 on the wall
// across DST changes; the caller turns the results into instants.
//
// A query for a window far from the series' start does not iterate from the
// start: the iterator's DTSTART is moved forward by whole periods of the
// rule (k * INTERVAL days, weeks, months, years; hours by a multiple of 24
// too, so BYHOUR sees the same phase), which yields the same series. libical's
// own icalrecur_iterator_set_start loses the INTERVAL phase for some rules
// (HOURLY with INTERVAL and BYDAY), so it is not used. Rules with COUNT have
// to count from the start; they are bounded by RecurrenceRule::kMaxCount.
// Not part of the public API.
class RecurrenceExpander
{
public:
    // At most this many starts per query; a larger window is cut (and logged).
    static constexpr qsizetype kMaxStartsPerQuery = 1000000;

    RecurrenceExpander(const RecurrenceRule &rule, const QDateTime &startWall, const QTimeZone &zone);

    // Wall-clock starts s with fromWall <= s <= toWall, in order. UNTIL is
    // applied loosely here (a day of slack for the zone's offsets); the caller
    // applies it exactly once it has instants.
    QList<QDateTime> starts(const QDateTime &fromWall, const QDateTime &toWall) const;

    // The first start, if the rule ever matches.
    std::optional<QDateTime> first() const;

    // Every start of a finite COUNT rule.
    QList<QDateTime> all() const;

private:
    QDateTime shiftedStart(const QDateTime &fromWall) const;
    QList<QDateTime> iterate(const QDateTime &dtstart, const QDateTime &fromWall, const QDateTime &toWall,
                             qsizetype limit) const;

    RecurrenceRule m_rule;
    QDateTime m_startWall;
    QTimeZone m_zone;
};

} // namespace vdc::calendar
