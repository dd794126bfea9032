#pragma once

#include <QDateTime>
#include <QTimeZone>

// Wall-clock times: the date and time a clock on the wall shows in some time
// zone, without saying which instant that is. Inside this library they are
// carried in a QDateTime with Qt::UTC spec used as a neutral container, so
// arithmetic on them never crosses a DST change. Only these functions turn
// them into instants and back. Not part of the public API.
namespace vdc::calendar::wallclock {

QDateTime fromDateTime(const QDate &date, const QTime &time);

// The instant at which `zone`'s clocks show `wall`, with RFC 5545's rules for
// the two awkward cases: a time skipped by a spring-forward change is read
// with the offset in force before the gap (02:30 in a 02:00->03:00 gap is
// 03:30 after it); a time shown twice by a fall-back change is the first.
QDateTime toUtc(const QDateTime &wall, const QTimeZone &zone);

// What `zone`'s clocks show at the instant `utc`.
QDateTime fromUtc(const QDateTime &utc, const QTimeZone &zone);

// "2026-03-30 08:00" (seconds only when they are not zero).
QString format(const QDateTime &wall);

// "2026-03-30 08:00 Europe/Berlin (06:00 UTC)"; the UTC part repeats the date
// when it differs. For UTC itself just "2026-03-30 06:00 UTC".
QString formatInstant(const QDateTime &utc, const QTimeZone &zone);

} // namespace vdc::calendar::wallclock
