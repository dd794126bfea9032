#include "recurrenceexpander.h"

#include "calendarlogging.h"
#include "wallclock.h"

#include <libical/ical.h>

#include <numeric>

namespace vdc::calendar {

namespace {

icaltimetype toIcal(const QDateTime &wall)
{
    icaltimetype t = icaltime_null_time();
    const QDate d = wall.date();
    const QTime tm = wall.time();
    t.year = d.year();
    t.month = d.month();
    t.day = d.day();
    t.hour = tm.hour();
    t.minute = tm.minute();
    t.second = tm.second();
    t.is_date = 0;
    t.zone = nullptr; // floating: the iterator works in wall-clock time
    return t;
}

QDateTime fromIcal(const icaltimetype &t)
{
    return wallclock::fromDateTime(QDate(t.year, t.month, t.day), QTime(t.hour, t.minute, t.second));
}

// Same day of month and time, `months` months later; invalid when that
// month has no such day.
QDateTime addWholeMonths(const QDateTime &wall, qint64 months)
{
    const QDate d = wall.date();
    const qint64 index = qint64(d.year()) * 12 + (d.month() - 1) + months;
    const QDate shifted(int(index / 12), int(index % 12) + 1, d.day());
    return shifted.isValid() ? wallclock::fromDateTime(shifted, wall.time()) : QDateTime();
}

} // namespace

RecurrenceExpander::RecurrenceExpander(const RecurrenceRule &rule, const QDateTime &startWall, const QTimeZone &zone)
    : m_rule(rule)
    , m_startWall(startWall)
    , m_zone(zone)
{
}

QDateTime RecurrenceExpander::shiftedStart(const QDateTime &fromWall) const
{
    if (m_rule.count() > 0 || fromWall <= m_startWall)
        return m_startWall;
    const qint64 n = m_rule.interval();
    const qint64 secs = m_startWall.secsTo(fromWall);
    switch (m_rule.frequency()) {
    case Frequency::Hourly: {
        const qint64 step = std::lcm(n, qint64(24)) * 3600;
        return m_startWall.addSecs(secs / step * step);
    }
    case Frequency::Daily:
        return m_startWall.addDays(secs / 86400 / n * n);
    case Frequency::Weekly:
        return m_startWall.addDays(secs / (86400 * 7 * n) * (7 * n));
    case Frequency::Monthly:
    case Frequency::Yearly: {
        const qint64 unit = m_rule.frequency() == Frequency::Yearly ? 12 : 1;
        const QDate a = m_startWall.date();
        const QDate b = fromWall.date();
        const qint64 months = (qint64(b.year()) - a.year()) * 12 + (b.month() - a.month());
        // Step back while the shifted day does not exist (31st, 29 February)
        // or lands after the window start.
        for (qint64 k = months / (unit * n); k > 0; --k) {
            const QDateTime candidate = addWholeMonths(m_startWall, k * unit * n);
            if (candidate.isValid() && candidate <= fromWall)
                return candidate;
        }
        return m_startWall;
    }
    }
    return m_startWall;
}

QList<QDateTime> RecurrenceExpander::iterate(const QDateTime &dtstart, const QDateTime &fromWall,
                                             const QDateTime &toWall, qsizetype limit) const
{
    icalrecurrencetype rule = m_rule.icalRule();
    if (const auto until = m_rule.until())
        rule.until = toIcal(wallclock::fromUtc(*until, m_zone).addDays(1));

    QList<QDateTime> result;
    icalrecur_iterator *it = icalrecur_iterator_new(rule, toIcal(dtstart));
    if (!it) {
        icalerror_clear_errno(); // a rule that can never match, such as 30 February
        return result;
    }
    for (;;) {
        const icaltimetype t = icalrecur_iterator_next(it);
        if (icaltime_is_null_time(t))
            break;
        const QDateTime wall = fromIcal(t);
        if (toWall.isValid() && wall > toWall)
            break;
        if (wall < fromWall)
            continue;
        result.append(wall);
        if (result.size() >= limit)
            break;
    }
    icalrecur_iterator_free(it);
    return result;
}

QList<QDateTime> RecurrenceExpander::starts(const QDateTime &fromWall, const QDateTime &toWall) const
{
    QList<QDateTime> result = iterate(shiftedStart(fromWall), fromWall, toWall, kMaxStartsPerQuery);
    if (result.size() >= kMaxStartsPerQuery)
        qCWarning(lcCalendar) << "Recurrence" << m_rule.text() << "has" << kMaxStartsPerQuery
                              << "or more occurrences in the window asked for; the rest is left out.";
    return result;
}

std::optional<QDateTime> RecurrenceExpander::first() const
{
    const QList<QDateTime> one = iterate(m_startWall, m_startWall, QDateTime(), 1);
    if (one.isEmpty())
        return std::nullopt;
    return one.first();
}

QList<QDateTime> RecurrenceExpander::all() const
{
    return iterate(m_startWall, m_startWall, QDateTime(), RecurrenceRule::kMaxCount);
}

} // namespace vdc::calendar
