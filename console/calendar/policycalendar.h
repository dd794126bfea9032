#pragma once

#include "boundary.h"
#include "boundarypreview.h"
#include "calendarentry.h"
#include "occurrence.h"

#include "core/result.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <map>
#include <optional>

namespace vdc::calendar {

// A set of calendar entries and the policy set in force when none of them
// covers an instant. Answers which set is in force at any instant and where
// that changes.
//
// Overlaps: where occurrences of several entries cover an instant, the entry
// with the highest priority wins. Two entries with the SAME priority and
// DIFFERENT policy sets must not overlap: adding one is refused if an overlap
// exists within the conflict horizon, one year from the later of the two
// entries' first starts (checking forever is not possible for unbounded
// rules; a year covers every daily, weekly, monthly and yearly pattern once).
// Should such entries still meet beyond the horizon, the occurrence that
// started later wins, then the entry whose name sorts first, so the answer is
// always the same.
//
// Changes are atomic: a refused add, replace or remove changes nothing.
class PolicyCalendar
{
public:
    static constexpr int kConflictHorizonYears = 1;

    // A calendar with no entries and the default policy set "default".
    PolicyCalendar();

    static Result<PolicyCalendar> create(const QString &defaultPolicySet);

    const QString &defaultPolicySet() const { return m_defaultPolicySet; }
    Result<void> setDefaultPolicySet(const QString &name);

    // All entries, ordered by name.
    QList<CalendarEntry> entries() const;
    std::optional<CalendarEntry> entry(const QString &name) const;
    bool contains(const QString &name) const { return m_entries.count(name) != 0; }
    qsizetype size() const { return qsizetype(m_entries.size()); }

    // Refused when the name is taken or the entry conflicts (see above).
    Result<void> addEntry(const CalendarEntry &entry);
    // Replaces the entry of the same name; its old version is not checked
    // against the new one. Refused when there is no such entry or on conflict.
    Result<void> replaceEntry(const CalendarEntry &entry);
    Result<void> removeEntry(const QString &name);

    // Whether `candidate` could be added (or replace the entry named like it,
    // when `replacing` is true): the conflict check of addEntry on its own.
    Result<void> checkConflicts(const CalendarEntry &candidate, bool replacing = false) const;

    // Every entry's occurrences overlapping [from, to), by start, then entry.
    QList<Occurrence> occurrences(const QDateTime &from, const QDateTime &to) const;

    // The policy set in force at `instant`, and the entry that puts it there
    // (empty when it is the default).
    QString policySetAt(const QDateTime &instant) const;
    QString entryAt(const QDateTime &instant) const;

    // The instants in [from, to) at which the set in force changes, in order,
    // each with the set before and after and the entry responsible. Entries
    // that hand over to each other with the same policy set make no boundary.
    QList<Boundary> boundaries(const QDateTime &from, const QDateTime &to) const;

    // boundaries() with a sentence for each, times in the zone of the entry
    // responsible.
    QList<BoundaryPreview> preview(const QDateTime &from, const QDateTime &to) const;

    // The sentence preview() uses for `boundary`.
    QString summarize(const Boundary &boundary) const;

private:
    std::optional<Occurrence> winnerAt(const QDateTime &instant) const;

    QString m_defaultPolicySet;
    std::map<QString, CalendarEntry> m_entries;
};

} // namespace vdc::calendar
