#pragma once

#include "calendar/calendarentry.h"
#include "calendar/occurrence.h"
#include "core/result.h"
#include "vdc.pb.h"

#include <QDateTime>
#include <QList>

namespace vdc::gui {

// The occurrences the console draws, expanded from the entries exactly as
// the engine lists them, with the engine's own calendar library: the entry
// is rebuilt from its stored form (CalendarJson, as the engine reads it from
// its database), so views and engine cannot disagree about when an entry
// happens.
class CalendarOccurrences
{
public:
    // The entry the engine keeps for `entry`, or why there is none.
    static Result<calendar::CalendarEntry> toCalendarEntry(const proto::CalendarEntry &entry);

    // Every occurrence of `entries` overlapping [from, to) (UTC), ordered by
    // start, then entry name. Entries that do not build are skipped.
    static QList<calendar::Occurrence> expand(const QList<proto::CalendarEntry> &entries, const QDateTime &from,
                                              const QDateTime &to);
};

} // namespace vdc::gui
