#pragma once

#include "calendarentryspec.h"
#include "occurrence.h"
#include "recurrencerule.h"

#include "core/result.h"

#include <QDateTime>
#include <QList>
#include <QTimeZone>

#include <memory>
#include <optional>

namespace vdc::calendar {

// A checked calendar entry: a policy set wanted from a start, for a duration,
// once or repeating by an RRULE, in an IANA time zone.
//
// Times: the start and each repetition are wall-clock times in the entry's
// zone ("every day 08:00 Europe/Berlin" is 07:00 UTC in winter and 06:00 UTC
// in summer); a wall time skipped by a spring-forward change is read with the
// offset before the gap, a time shown twice by a fall-back change is the
// first (RFC 5545, 3.3.5). Zone data comes from the system's tzdata through
// QTimeZone. The duration is counted on the wall clock too.
//
// As in libical, a start that the rule does not match (a Wednesday start for
// "every Monday") is not itself an occurrence; the first occurrence is the
// first match at or after the start.
//
// Copies are cheap (shared, immutable data).
class CalendarEntry
{
public:
    static constexpr qint64 kMaxDurationSeconds = 3660LL * 86400; // about ten years
    static constexpr int kMinYear = 1970;
    static constexpr int kMaxYear = 2500;

    // Checks `spec` and builds the entry. Refused: bad names (see
    // vdc::model::validateName), an unknown time zone, no start, an end not
    // after the start, both or neither of duration and end, an RRULE that does
    // not parse, a rule that never matches.
    static Result<CalendarEntry> create(const CalendarEntrySpec &spec);

    const QString &name() const;
    const QString &policySet() const;
    int priority() const;
    const QString &timeZoneId() const;
    QTimeZone timeZone() const;
    QDate startDate() const;
    QTime startTime() const;
    qint64 durationSeconds() const;
    const std::optional<RecurrenceRule> &recurrence() const;

    // The spec this entry stands for, normalised: duration rather than end,
    // the RRULE in libical's canonical text.
    CalendarEntrySpec spec() const;

    // The instant the first occurrence starts (UTC).
    QDateTime firstStart() const;

    // The occurrences that overlap [from, to), ordered by start, in UTC.
    QList<Occurrence> occurrences(const QDateTime &from, const QDateTime &to) const;

    // The occurrence covering `instant` (the latest-started one if several
    // do), or nothing.
    std::optional<Occurrence> occurrenceAt(const QDateTime &instant) const;

    // "Entry "business-hours" puts policy set "business" in force every
    // weekday at 08:00 for 10 hours, starting 2026-03-02 (Europe/Berlin,
    // priority 0)."
    QString describe() const;

    // `utc` as this entry's zone shows it, with UTC alongside.
    QString formatInstant(const QDateTime &utc) const;

private:
    struct Data;
    explicit CalendarEntry(std::shared_ptr<const Data> data);

    std::shared_ptr<const Data> m_data;
};

} // namespace vdc::calendar
