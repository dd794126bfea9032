#include "wallclock.h"

namespace vdc::calendar::wallclock {

namespace {

int offsetAt(const QTimeZone &zone, qint64 utcSecs)
{
    return zone.offsetFromUtc(QDateTime::fromSecsSinceEpoch(utcSecs, Qt::UTC));
}

// UTC under any of its names (UTC, Etc/UTC, GMT, ...): no offset, ever.
bool isUtc(const QTimeZone &zone)
{
    return !zone.hasTransitions() && zone.offsetFromUtc(QDateTime::currentDateTimeUtc()) == 0;
}

} // namespace

QDateTime fromDateTime(const QDate &date, const QTime &time)
{
    return QDateTime(date, time, Qt::UTC);
}

QDateTime toUtc(const QDateTime &wall, const QTimeZone &zone)
{
    const qint64 local = wall.toSecsSinceEpoch();
    const qint64 msecs = wall.time().msec();
    // The offsets a day before and a day after cover every zone's transitions,
    // which are months apart; a local time maps to an instant with one of them.
    const int before = offsetAt(zone, local - 86400);
    const int after = offsetAt(zone, local + 86400);
    qint64 best = 0;
    bool found = false;
    for (const int offset : {before, after}) {
        const qint64 candidate = local - offset;
        if (offsetAt(zone, candidate) != offset)
            continue;
        if (!found || candidate < best)
            best = candidate; // shown twice: the earlier instant
        found = true;
    }
    if (!found)
        best = local - before; // in a gap: read with the offset before it
    return QDateTime::fromSecsSinceEpoch(best, Qt::UTC).addMSecs(msecs);
}

QDateTime fromUtc(const QDateTime &utc, const QTimeZone &zone)
{
    const QDateTime instant = utc.toUTC();
    return instant.addSecs(zone.offsetFromUtc(instant));
}

QString format(const QDateTime &wall)
{
    return wall.time().second() == 0 ? wall.toString(QStringLiteral("yyyy-MM-dd HH:mm"))
                                     : wall.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString formatInstant(const QDateTime &utc, const QTimeZone &zone)
{
    const QDateTime instant = utc.toUTC();
    if (isUtc(zone))
        return QStringLiteral("%1 UTC").arg(format(instant));
    const QDateTime wall = fromUtc(instant, zone);
    const QString utcPart = wall.date() == instant.date()
        ? (instant.time().second() == 0 ? instant.toString(QStringLiteral("HH:mm")) : instant.toString(QStringLiteral("HH:mm:ss")))
        : format(instant);
    return QStringLiteral("%1 %2 (%3 UTC)").arg(format(wall), QString::fromUtf8(zone.id()), utcPart);
}

} // namespace vdc::calendar::wallclock
