#pragma once

#include "calendarentry.h"
#include "policycalendar.h"

#include "core/result.h"
#include "vdc.pb.h"

#include <QByteArray>
#include <QJsonObject>

namespace vdc::calendar {

// The text form of calendar entries and calendars, for the operations
// database and for export/import. Parsing is strict: unknown keys, missing
// keys and wrong types are refused with a sentence naming the key, and every
// entry goes through CalendarEntry::create (and a calendar's entries through
// PolicyCalendar::addEntry, so conflicts are refused too).
//
// Entry: a JSON object with exactly these keys
//   "name"             string, required   the entry's name
//   "policySet"        string, required   the policy set it puts in force
//   "timeZone"         string, required   IANA zone, e.g. "Europe/Berlin"
//   "start"            string, required   "YYYY-MM-DDTHH:MM[:SS]", wall clock in
//                                         timeZone (no offset, no "Z")
//   "durationSeconds"  integer > 0        how long each occurrence lasts,
//                                         on the wall clock
//   "end"              string             like "start": end of the first
//                                         occurrence; exactly one of
//                                         "durationSeconds" and "end"
//   "recurrence"       string, optional   RRULE value, e.g.
//                                         "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
//   "priority"         integer, optional  default 0; higher wins
// Written entries always use "durationSeconds" and carry "priority".
//
// Calendar: {"defaultPolicySet": string, "entries": [entry, ...]}, both
// required, entries written ordered by name.
class CalendarJson
{
public:
    static QJsonObject entryToJson(const CalendarEntry &entry);
    static Result<CalendarEntry> entryFromJson(const QJsonObject &object);
    // An entry as the ops API carries it (proto::CalendarEntry), with the
    // same checks: the engine and the console read entries through this.
    static Result<CalendarEntry> entryFromProto(const proto::CalendarEntry &entry);

    static QJsonObject calendarToJson(const PolicyCalendar &calendar);
    static Result<PolicyCalendar> calendarFromJson(const QJsonObject &object);

    // Compact one-line JSON, for a database column.
    static QByteArray entryToText(const CalendarEntry &entry);
    static Result<CalendarEntry> entryFromText(const QByteArray &text);

    // Indented JSON, for export files.
    static QByteArray calendarToText(const PolicyCalendar &calendar);
    static Result<PolicyCalendar> calendarFromText(const QByteArray &text);
};

} // namespace vdc::calendar
