#include "policycalendar.h"

#include "model/validation.h"

#include <algorithm>
#include <set>
#include <vector>

namespace vdc::calendar {

namespace {

// True when `a` wins over `b` where both cover an instant: higher priority,
// then the later start, then the name that sorts first.
bool wins(const Occurrence &a, const Occurrence &b)
{
    if (a.priority != b.priority)
        return a.priority > b.priority;
    if (a.start != b.start)
        return a.start > b.start;
    return a.entry < b.entry;
}

// The first instant at which occurrences of both lists cover the same time,
// or an invalid QDateTime when they never do.
QDateTime firstOverlap(const QList<Occurrence> &a, const QList<Occurrence> &b)
{
    struct Event
    {
        QDateTime at;
        bool isStart;
        bool fromA;
    };
    std::vector<Event> events;
    events.reserve(size_t(a.size() + b.size()) * 2);
    for (const Occurrence &o : a) {
        events.push_back({o.start, true, true});
        events.push_back({o.end, false, true});
    }
    for (const Occurrence &o : b) {
        events.push_back({o.start, true, false});
        events.push_back({o.end, false, false});
    }
    // Ends before starts at the same instant: [s, e) touching is no overlap.
    std::sort(events.begin(), events.end(), [](const Event &x, const Event &y) {
        if (x.at != y.at)
            return x.at < y.at;
        return !x.isStart && y.isStart;
    });
    int activeA = 0;
    int activeB = 0;
    for (const Event &e : events) {
        int &active = e.fromA ? activeA : activeB;
        active += e.isStart ? 1 : -1;
        if (e.isStart && activeA > 0 && activeB > 0)
            return e.at;
    }
    return {};
}

} // namespace

PolicyCalendar::PolicyCalendar()
    : m_defaultPolicySet(QStringLiteral("default"))
{
}

Result<PolicyCalendar> PolicyCalendar::create(const QString &defaultPolicySet)
{
    PolicyCalendar calendar;
    if (auto r = calendar.setDefaultPolicySet(defaultPolicySet); !r)
        return r.error();
    return calendar;
}

Result<void> PolicyCalendar::setDefaultPolicySet(const QString &name)
{
    if (auto r = model::validateName(QStringLiteral("default policy set name"), name); !r)
        return r;
    m_defaultPolicySet = name;
    return {};
}

QList<CalendarEntry> PolicyCalendar::entries() const
{
    QList<CalendarEntry> result;
    result.reserve(qsizetype(m_entries.size()));
    for (const auto &[name, entry] : m_entries)
        result.append(entry);
    return result;
}

std::optional<CalendarEntry> PolicyCalendar::entry(const QString &name) const
{
    const auto it = m_entries.find(name);
    if (it == m_entries.end())
        return std::nullopt;
    return it->second;
}

Result<void> PolicyCalendar::checkConflicts(const CalendarEntry &candidate, bool replacing) const
{
    for (const auto &[name, other] : m_entries) {
        if (replacing && name == candidate.name())
            continue;
        if (other.priority() != candidate.priority() || other.policySet() == candidate.policySet())
            continue;
        const QDateTime horizonStart = std::max(candidate.firstStart(), other.firstStart());
        const QDateTime horizonEnd = horizonStart.addYears(kConflictHorizonYears);
        const QDateTime overlap = firstOverlap(candidate.occurrences(horizonStart, horizonEnd),
                                               other.occurrences(horizonStart, horizonEnd));
        if (!overlap.isValid())
            continue;
        return Error(proto::ERROR_CONFLICT,
                     QStringLiteral("Entry \"%1\" (policy set \"%2\") overlaps entry \"%3\" (policy set \"%4\") at the "
                                    "same priority %5, first at %6. Entries with the same priority and different "
                                    "policy sets must not overlap; give one of them a higher priority to say which "
                                    "wins, or move it.")
                         .arg(candidate.name(), candidate.policySet(), other.name(), other.policySet())
                         .arg(candidate.priority())
                         .arg(candidate.formatInstant(overlap)));
    }
    return {};
}

Result<void> PolicyCalendar::addEntry(const CalendarEntry &entry)
{
    if (contains(entry.name()))
        return Error(proto::ERROR_ALREADY_EXISTS,
                     QStringLiteral("The calendar already has an entry named \"%1\"; choose another name or replace "
                                    "that entry.").arg(entry.name()));
    if (auto r = checkConflicts(entry); !r)
        return r;
    m_entries.emplace(entry.name(), entry);
    return {};
}

Result<void> PolicyCalendar::replaceEntry(const CalendarEntry &entry)
{
    const auto it = m_entries.find(entry.name());
    if (it == m_entries.end())
        return Error(proto::ERROR_NOT_FOUND,
                     QStringLiteral("The calendar has no entry named \"%1\" to replace.").arg(entry.name()));
    if (auto r = checkConflicts(entry, true); !r)
        return r;
    it->second = entry;
    return {};
}

Result<void> PolicyCalendar::removeEntry(const QString &name)
{
    if (m_entries.erase(name) == 0)
        return Error(proto::ERROR_NOT_FOUND, QStringLiteral("The calendar has no entry named \"%1\".").arg(name));
    return {};
}

QList<Occurrence> PolicyCalendar::occurrences(const QDateTime &from, const QDateTime &to) const
{
    QList<Occurrence> result;
    for (const auto &[name, entry] : m_entries)
        result += entry.occurrences(from, to);
    std::stable_sort(result.begin(), result.end(), [](const Occurrence &a, const Occurrence &b) {
        if (a.start != b.start)
            return a.start < b.start;
        return a.entry < b.entry;
    });
    return result;
}

std::optional<Occurrence> PolicyCalendar::winnerAt(const QDateTime &instant) const
{
    std::optional<Occurrence> best;
    if (!instant.isValid())
        return best;
    for (const auto &[name, entry] : m_entries) {
        for (const Occurrence &o : entry.occurrences(instant, instant.addMSecs(1)))
            if (!best || wins(o, *best))
                best = o;
    }
    return best;
}

QString PolicyCalendar::policySetAt(const QDateTime &instant) const
{
    const std::optional<Occurrence> winner = winnerAt(instant);
    return winner ? winner->policySet : m_defaultPolicySet;
}

QString PolicyCalendar::entryAt(const QDateTime &instant) const
{
    const std::optional<Occurrence> winner = winnerAt(instant);
    return winner ? winner->entry : QString();
}

QList<Boundary> PolicyCalendar::boundaries(const QDateTime &from, const QDateTime &to) const
{
    QList<Boundary> result;
    if (!from.isValid() || !to.isValid() || to <= from)
        return result;
    const QDateTime fromUtc = from.toUTC();
    const QDateTime toUtc = to.toUTC();

    // Everything that covers the instant just before `from` or starts in the
    // window (an occurrence ending exactly at `from` still covers just before).
    QList<Occurrence> occ;
    for (const auto &[name, entry] : m_entries)
        occ += entry.occurrences(fromUtc.addMSecs(-1), toUtc);

    const auto order = [&occ](qsizetype a, qsizetype b) {
        if (wins(occ[a], occ[b]))
            return true;
        if (wins(occ[b], occ[a]))
            return false;
        return a < b;
    };
    std::set<qsizetype, decltype(order)> active(order);
    std::vector<qsizetype> starts;
    std::vector<qsizetype> ends;
    for (qsizetype i = 0; i < occ.size(); ++i) {
        if (occ[i].start < fromUtc)
            active.insert(i);
        else
            starts.push_back(i);
        if (occ[i].end < toUtc)
            ends.push_back(i);
    }
    std::sort(starts.begin(), starts.end(), [&occ](qsizetype a, qsizetype b) { return occ[a].start < occ[b].start; });
    std::sort(ends.begin(), ends.end(), [&occ](qsizetype a, qsizetype b) { return occ[a].end < occ[b].end; });

    const auto winner = [&active]() -> qsizetype { return active.empty() ? -1 : *active.begin(); };
    const auto setOf = [this, &occ](qsizetype i) { return i < 0 ? m_defaultPolicySet : occ[i].policySet; };
    const auto entryOf = [&occ](qsizetype i) { return i < 0 ? QString() : occ[i].entry; };

    qsizetype previous = winner();
    size_t s = 0;
    size_t e = 0;
    while (s < starts.size() || e < ends.size()) {
        QDateTime at;
        if (s < starts.size())
            at = occ[starts[s]].start;
        if (e < ends.size() && (!at.isValid() || occ[ends[e]].end < at))
            at = occ[ends[e]].end;
        for (; e < ends.size() && occ[ends[e]].end == at; ++e)
            active.erase(ends[e]);
        for (; s < starts.size() && occ[starts[s]].start == at; ++s)
            active.insert(starts[s]);

        const qsizetype current = winner();
        if (setOf(current) != setOf(previous)) {
            Boundary b;
            b.at = at;
            b.policySetBefore = setOf(previous);
            b.policySetAfter = setOf(current);
            b.entryBefore = entryOf(previous);
            b.entryAfter = entryOf(current);
            if (current >= 0 && occ[current].start == at) {
                b.entry = occ[current].entry;
                b.cause = BoundaryCause::EntryBegins;
            } else {
                b.entry = entryOf(previous);
                b.cause = BoundaryCause::EntryEnds;
            }
            result.append(b);
        }
        previous = current;
    }
    return result;
}

QString PolicyCalendar::summarize(const Boundary &b) const
{
    const std::optional<CalendarEntry> responsible = entry(b.entry);
    const QString when = responsible ? responsible->formatInstant(b.at)
                                     : QStringLiteral("%1 UTC").arg(b.at.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm")));
    const auto setName = [](const QString &set, const QString &byEntry) {
        return byEntry.isEmpty() ? QStringLiteral("the default policy set \"%1\"").arg(set)
                                 : QStringLiteral("policy set \"%1\"").arg(set);
    };
    const QString after = setName(b.policySetAfter, b.entryAfter);
    const QString before = setName(b.policySetBefore, b.entryBefore);
    return b.cause == BoundaryCause::EntryBegins
        ? QStringLiteral("At %1 entry \"%2\" begins: %3 replaces %4.").arg(when, b.entry, after, before)
        : QStringLiteral("At %1 entry \"%2\" ends: %3 replaces %4.").arg(when, b.entry, after, before);
}

QList<BoundaryPreview> PolicyCalendar::preview(const QDateTime &from, const QDateTime &to) const
{
    QList<BoundaryPreview> result;
    for (const Boundary &b : boundaries(from, to))
        result.append(BoundaryPreview{b, summarize(b)});
    return result;
}

} // namespace vdc::calendar
