#include "calendarentry.h"

#include "recurrenceexpander.h"
#include "wallclock.h"

#include "model/validation.h"

#include <algorithm>

namespace vdc::calendar {

struct CalendarEntry::Data
{
    QString name;
    QString policySet;
    int priority = 0;
    QString timeZoneId;
    QTimeZone zone;
    QDateTime startWall;
    qint64 durationSeconds = 0;
    std::optional<RecurrenceRule> rule;
    std::optional<RecurrenceExpander> expander;
    // Every start, for entries that happen once or have a COUNT; ordered.
    std::optional<QList<QDateTime>> finiteStarts;
    QDateTime firstStart;
};

namespace {

Error invalid(const QString &message)
{
    return Error(proto::ERROR_INVALID_ARGUMENT, message);
}

// "10 hours", "1 hour 30 minutes", "2 days".
QString durationText(qint64 seconds)
{
    const qint64 days = seconds / 86400;
    const qint64 hours = seconds % 86400 / 3600;
    const qint64 minutes = seconds % 3600 / 60;
    const qint64 secs = seconds % 60;
    QStringList parts;
    const auto add = [&parts](qint64 v, const char *one, const char *many) {
        if (v == 1)
            parts << QStringLiteral("1 %1").arg(QLatin1String(one));
        else if (v > 1)
            parts << QStringLiteral("%1 %2").arg(v).arg(QLatin1String(many));
    };
    add(days, "day", "days");
    add(hours, "hour", "hours");
    add(minutes, "minute", "minutes");
    add(secs, "second", "seconds");
    return parts.join(QLatin1Char(' '));
}

} // namespace

CalendarEntry::CalendarEntry(std::shared_ptr<const Data> data)
    : m_data(std::move(data))
{
}

Result<CalendarEntry> CalendarEntry::create(const CalendarEntrySpec &spec)
{
    if (auto r = model::validateName(QStringLiteral("calendar entry name"), spec.name); !r)
        return r.error();
    if (auto r = model::validateName(QStringLiteral("policy set name"), spec.policySet); !r)
        return r.error();

    auto data = std::make_shared<Data>();
    data->name = spec.name;
    data->policySet = spec.policySet;
    data->priority = spec.priority;
    data->timeZoneId = spec.timeZone.trimmed();

    const QByteArray zoneId = data->timeZoneId.toUtf8();
    if (data->timeZoneId.isEmpty())
        return invalid(QStringLiteral("The entry \"%1\" has no time zone; give an IANA name such as Europe/Berlin or UTC.")
                           .arg(spec.name));
    // Valid, not merely listed: backward links such as Etc/UTC or Europe/Kiev
    // are real zones that zone.tab does not list.
    if (!QTimeZone(zoneId).isValid())
        return invalid(QStringLiteral("The time zone \"%1\" of entry \"%2\" is not known; give an IANA name such as "
                                      "Europe/Berlin or UTC (zone data comes from the system's tzdata package).")
                           .arg(data->timeZoneId, spec.name));
    data->zone = QTimeZone(zoneId);

    if (!spec.startDate.isValid() || !spec.startTime.isValid())
        return invalid(QStringLiteral("The entry \"%1\" has no valid start date and time.").arg(spec.name));
    if (spec.startDate.year() < kMinYear || spec.startDate.year() > kMaxYear)
        return invalid(QStringLiteral("The entry \"%1\" starts in the year %2; give a start between %3 and %4.")
                           .arg(spec.name).arg(spec.startDate.year()).arg(kMinYear).arg(kMaxYear));
    // Whole seconds: RRULE times have no fractions.
    const QTime startTime(spec.startTime.hour(), spec.startTime.minute(), spec.startTime.second());
    data->startWall = wallclock::fromDateTime(spec.startDate, startTime);

    const bool hasEnd = spec.endDate.isValid() || spec.endTime.isValid();
    if (spec.durationSeconds != 0 && hasEnd)
        return invalid(QStringLiteral("The entry \"%1\" has both a duration and an end; give only one of them.")
                           .arg(spec.name));
    if (hasEnd) {
        if (!spec.endDate.isValid() || !spec.endTime.isValid())
            return invalid(QStringLiteral("The entry \"%1\" has an incomplete end; give both its date and its time.")
                               .arg(spec.name));
        const QTime endTime(spec.endTime.hour(), spec.endTime.minute(), spec.endTime.second());
        const QDateTime endWall = wallclock::fromDateTime(spec.endDate, endTime);
        if (endWall < data->startWall)
            return invalid(QStringLiteral("The entry \"%1\" ends at %2 before it starts at %3 (%4); give an end after "
                                          "the start.")
                               .arg(spec.name, wallclock::format(endWall), wallclock::format(data->startWall),
                                    data->timeZoneId));
        if (endWall == data->startWall)
            return invalid(QStringLiteral("The entry \"%1\" ends at the moment it starts (%2 %3); give an end after "
                                          "the start.")
                               .arg(spec.name, wallclock::format(endWall), data->timeZoneId));
        data->durationSeconds = data->startWall.secsTo(endWall);
    } else {
        if (spec.durationSeconds < 0)
            return invalid(QStringLiteral("The entry \"%1\" has a negative duration (%2 seconds); give how long it "
                                          "lasts, or an end after the start.")
                               .arg(spec.name).arg(spec.durationSeconds));
        if (spec.durationSeconds == 0)
            return invalid(QStringLiteral("The entry \"%1\" has no duration and no end; give how long it lasts, or "
                                          "an end after the start.").arg(spec.name));
        data->durationSeconds = spec.durationSeconds;
    }
    if (data->durationSeconds > kMaxDurationSeconds)
        return invalid(QStringLiteral("The entry \"%1\" lasts %2; an entry may last at most %3 days.")
                           .arg(spec.name, durationText(data->durationSeconds)).arg(kMaxDurationSeconds / 86400));

    if (!spec.recurrence.trimmed().isEmpty()) {
        Result<RecurrenceRule> rule = RecurrenceRule::parse(spec.recurrence);
        if (!rule)
            return invalid(QStringLiteral("The entry \"%1\" was not accepted. %2").arg(spec.name, rule.error().message()));
        data->rule = *rule;
        data->expander.emplace(*rule, data->startWall, data->zone);
        const std::optional<QDateTime> first = data->expander->first();
        const QDateTime firstUtc = first ? wallclock::toUtc(*first, data->zone) : QDateTime();
        if (!first || (rule->until() && firstUtc > *rule->until()))
            return invalid(QStringLiteral("The entry \"%1\" never occurs: its recurrence rule \"%2\" matches no time "
                                          "from its start at %3 (%4) on.")
                               .arg(spec.name, rule->text(), wallclock::format(data->startWall), data->timeZoneId));
        data->firstStart = firstUtc;
        if (rule->count() > 0)
            data->finiteStarts = data->expander->all();
    } else {
        data->finiteStarts = QList<QDateTime>{data->startWall};
        data->firstStart = wallclock::toUtc(data->startWall, data->zone);
    }
    return CalendarEntry(std::move(data));
}

const QString &CalendarEntry::name() const { return m_data->name; }
const QString &CalendarEntry::policySet() const { return m_data->policySet; }
int CalendarEntry::priority() const { return m_data->priority; }
const QString &CalendarEntry::timeZoneId() const { return m_data->timeZoneId; }
QTimeZone CalendarEntry::timeZone() const { return m_data->zone; }
QDate CalendarEntry::startDate() const { return m_data->startWall.date(); }
QTime CalendarEntry::startTime() const { return m_data->startWall.time(); }
qint64 CalendarEntry::durationSeconds() const { return m_data->durationSeconds; }
const std::optional<RecurrenceRule> &CalendarEntry::recurrence() const { return m_data->rule; }
QDateTime CalendarEntry::firstStart() const { return m_data->firstStart; }

CalendarEntrySpec CalendarEntry::spec() const
{
    CalendarEntrySpec s;
    s.name = m_data->name;
    s.policySet = m_data->policySet;
    s.timeZone = m_data->timeZoneId;
    s.startDate = startDate();
    s.startTime = startTime();
    s.durationSeconds = m_data->durationSeconds;
    s.recurrence = m_data->rule ? m_data->rule->text() : QString();
    s.priority = m_data->priority;
    return s;
}

QList<Occurrence> CalendarEntry::occurrences(const QDateTime &from, const QDateTime &to) const
{
    QList<Occurrence> result;
    if (!from.isValid() || !to.isValid() || to <= from)
        return result;
    const Data &d = *m_data;
    const QDateTime fromUtc = from.toUTC();
    const QDateTime toUtc = to.toUTC();

    // Starts that could overlap the window, on the wall clock, with two days
    // of slack for zone offsets; exact filtering follows on instants.
    const QDateTime fromWall = wallclock::fromUtc(fromUtc, d.zone).addSecs(-d.durationSeconds).addDays(-2);
    const QDateTime toWall = wallclock::fromUtc(toUtc, d.zone).addDays(2);
    QList<QDateTime> starts;
    if (d.finiteStarts) {
        const auto begin = std::lower_bound(d.finiteStarts->cbegin(), d.finiteStarts->cend(), fromWall);
        const auto end = std::upper_bound(begin, d.finiteStarts->cend(), toWall);
        starts = QList<QDateTime>(begin, end);
    } else {
        starts = d.expander->starts(fromWall, toWall);
    }

    const std::optional<QDateTime> until = d.rule ? d.rule->until() : std::nullopt;
    for (const QDateTime &wall : std::as_const(starts)) {
        const QDateTime start = wallclock::toUtc(wall, d.zone);
        QDateTime end = wallclock::toUtc(wall.addSecs(d.durationSeconds), d.zone);
        // A start read inside a spring-forward gap can map later than a short
        // end just after it; fall back to the plain elapsed duration.
        if (end <= start)
            end = start.addSecs(d.durationSeconds);
        if (until && start > *until)
            continue;
        if (start < toUtc && end > fromUtc)
            result.append(Occurrence{d.name, d.policySet, d.priority, start, end});
    }
    std::stable_sort(result.begin(), result.end(),
                     [](const Occurrence &a, const Occurrence &b) { return a.start < b.start; });
    return result;
}

std::optional<Occurrence> CalendarEntry::occurrenceAt(const QDateTime &instant) const
{
    const QList<Occurrence> found = occurrences(instant, instant.addMSecs(1));
    if (found.isEmpty())
        return std::nullopt;
    return found.last();
}

QString CalendarEntry::describe() const
{
    const Data &d = *m_data;
    if (d.rule)
        return QStringLiteral("Entry \"%1\" puts policy set \"%2\" in force %3 for %4, starting %5 (%6, priority %7).")
            .arg(d.name, d.policySet, d.rule->describe(d.startWall.time()), durationText(d.durationSeconds),
                 d.startWall.date().toString(Qt::ISODate), d.timeZoneId)
            .arg(d.priority);
    return QStringLiteral("Entry \"%1\" puts policy set \"%2\" in force once, from %3 for %4 (%5, priority %6).")
        .arg(d.name, d.policySet, wallclock::format(d.startWall), durationText(d.durationSeconds), d.timeZoneId)
        .arg(d.priority);
}

QString CalendarEntry::formatInstant(const QDateTime &utc) const
{
    return wallclock::formatInstant(utc, m_data->zone);
}

} // namespace vdc::calendar
