#include "calendaroccurrences.h"

#include "calendar/calendarjson.h"

#include <algorithm>

namespace vdc::gui {

Result<calendar::CalendarEntry> CalendarOccurrences::toCalendarEntry(const proto::CalendarEntry &entry)
{
    return calendar::CalendarJson::entryFromProto(entry);
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
