#include "calendaroccurrences.h"

#include "calendar/calendarjson.h"

#include <QJsonObject>

#include <algorithm>

namespace vdc::gui {

namespace {
QString str(const std::string &s) { return QString::fromStdString(s); }
} // namespace

Result<calendar::CalendarEntry> CalendarOccurrences::toCalendarEntry(const proto::CalendarEntry &entry)
{
    QJsonObject o;
    o.insert(QStringLiteral("name"), str(entry.name()));
    o.insert(QStringLiteral("policySet"), str(entry.policy_set()));
    o.insert(QStringLiteral("timeZone"), entry.time_zone().empty() ? QStringLiteral("UTC") : str(entry.time_zone()));
    o.insert(QStringLiteral("start"), str(entry.start()));
    if (entry.duration_seconds() != 0)
        o.insert(QStringLiteral("durationSeconds"), double(entry.duration_seconds()));
    if (!entry.end().empty())
        o.insert(QStringLiteral("end"), str(entry.end()));
    if (!entry.recurrence().empty())
        o.insert(QStringLiteral("recurrence"), str(entry.recurrence()));
    o.insert(QStringLiteral("priority"), entry.priority());
    return calendar::CalendarJson::entryFromJson(o);
}

QList<calendar::Occurrence> CalendarOccurrences::expand(const QList<proto::CalendarEntry> &entries,
                                                        const QDateTime &from, const QDateTime &to)
{
    QList<calendar::Occurrence> all;
    for (const proto::CalendarEntry &e : entries) {
        const auto entry = toCalendarEntry(e);
        if (!entry)
            continue;
        all << entry->occurrences(from, to);
    }
    std::stable_sort(all.begin(), all.end(), [](const calendar::Occurrence &a, const calendar::Occurrence &b) {
        return a.start != b.start ? a.start < b.start : a.entry < b.entry;
    });
    return all;
}

} // namespace vdc::gui
