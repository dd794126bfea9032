// PolicyCalendar and CalendarEntry: which policy set is in force when, where
// that changes (across DST changes in Europe/Berlin), conflicts and
// priorities, refusal of bad entries, and the JSON text form. A ManualClock
// drives weeks of calendar in well under a second.
#include "calendar/calendarentry.h"
#include "calendar/calendarjson.h"
#include "calendar/calendarschedule.h"
#include "calendar/manualclock.h"
#include "calendar/policycalendar.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace vdc;
using namespace vdc::calendar;
using namespace std::chrono_literals;

namespace {

const QString kBerlin = QStringLiteral("Europe/Berlin");

QDateTime utc(int y, int mo, int d, int h, int mi = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi), Qt::UTC);
}

// The instant Berlin's clocks show this time, by Qt's own conversion (used
// as the reference; never a time inside a DST gap).
QDateTime berlin(int y, int mo, int d, int h, int mi = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi), QTimeZone(kBerlin.toUtf8())).toUTC();
}

CalendarEntrySpec spec(const QString &name, const QString &set, const QDate &date, const QTime &time,
                       qint64 durationSeconds, const QString &rule, int priority = 0, const QString &zone = kBerlin)
{
    CalendarEntrySpec s;
    s.name = name;
    s.policySet = set;
    s.timeZone = zone;
    s.startDate = date;
    s.startTime = time;
    s.durationSeconds = durationSeconds;
    s.recurrence = rule;
    s.priority = priority;
    return s;
}

QString messageOf(const Result<CalendarEntry> &r)
{
    return r.ok() ? QString() : r.error().message();
}

QString messageOf(const Result<void> &r)
{
    return r.ok() ? QString() : r.error().message();
}

// Business hours Monday to Friday 08:00-18:00 Berlin time, the weekend from
// Saturday 00:00 for 48 hours, "offhours" otherwise.
std::optional<PolicyCalendar> officeCalendar()
{
    Result<PolicyCalendar> calendar = PolicyCalendar::create(QStringLiteral("offhours"));
    if (!calendar)
        return std::nullopt;
    const Result<CalendarEntry> business = CalendarEntry::create(
        spec(QStringLiteral("business-hours"), QStringLiteral("business"), QDate(2026, 3, 2), QTime(8, 0), 10 * 3600,
             QStringLiteral("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR")));
    const Result<CalendarEntry> weekend = CalendarEntry::create(
        spec(QStringLiteral("weekend"), QStringLiteral("weekend"), QDate(2026, 3, 7), QTime(0, 0), 48 * 3600,
             QStringLiteral("FREQ=WEEKLY;BYDAY=SA")));
    if (!business || !weekend || !calendar->addEntry(*business) || !calendar->addEntry(*weekend))
        return std::nullopt;
    return *calendar;
}

// What the office calendar should say at `instant`, worked out from Berlin's
// wall clock as Qt reports it.
QString expectedOfficeSet(const QDateTime &instant)
{
    const QDateTime wall = instant.toTimeZone(QTimeZone(kBerlin.toUtf8()));
    const int day = wall.date().dayOfWeek();
    const int hour = wall.time().hour();
    if (day >= Qt::Saturday)
        return QStringLiteral("weekend");
    return hour >= 8 && hour < 18 ? QStringLiteral("business") : QStringLiteral("offhours");
}

Boundary boundary(const QDateTime &at, const QString &before, const QString &after, const QString &entryBefore,
                  const QString &entryAfter, const QString &entry, BoundaryCause cause)
{
    return Boundary{at, before, after, entryBefore, entryAfter, entry, cause};
}

QString show(const QList<Boundary> &list)
{
    QStringList lines;
    for (const Boundary &b : list)
        lines << QStringLiteral("%1 %2->%3 (%4)").arg(b.at.toString(Qt::ISODate), b.policySetBefore, b.policySetAfter, b.entry);
    return lines.join(QLatin1Char('\n'));
}

} // namespace

class TestPolicyCalendar : public QObject
{
    Q_OBJECT

private slots:
    void policySetOverAWeekDrivenByManualClock_data();
    void policySetOverAWeekDrivenByManualClock();
    void boundariesOverAWeek();
    void boundariesOverTheSpringDstWeek();
    void boundariesOverTheAutumnDstWeek();
    void scheduleWalksAWeekBoundaryByBoundary();
    void wallClockTimesFollowDst();
    void timesInDstGapAndOverlap();
    void countAndUntil();
    void windowedExpansionMatchesFullExpansion();
    void sameSetAtSamePriorityMayOverlap();
    void conflictingSamePriorityEntryIsRefused();
    void conflictFoundMonthsAfterTheStart();
    void conflictHorizonIsOneYear();
    void higherPriorityWins();
    void addReplaceRemoveAreAtomic();
    void entryEndingBeforeItStartsIsRefused();
    void unknownTimeZoneIsRefused();
    void badNamesAreRefused();
    void badRecurrenceIsRefused();
    void describesEntriesAndBoundaries();
    void jsonRoundTrip();
    void jsonParsingIsStrict_data();
    void jsonParsingIsStrict();
    void calendarJsonRefusesConflicts();
};

void TestPolicyCalendar::policySetOverAWeekDrivenByManualClock_data()
{
    QTest::addColumn<QDate>("monday");
    QTest::newRow("winter week") << QDate(2026, 3, 9);
    QTest::newRow("spring DST week") << QDate(2026, 3, 23);
    QTest::newRow("summer week") << QDate(2026, 7, 13);
    QTest::newRow("autumn DST week") << QDate(2026, 10, 19);
    QTest::newRow("thirty years on") << QDate(2056, 3, 6);
}

void TestPolicyCalendar::policySetOverAWeekDrivenByManualClock()
{
    QFETCH(QDate, monday);
    QCOMPARE(monday.dayOfWeek(), int(Qt::Monday));
    const std::optional<PolicyCalendar> calendar = officeCalendar();
    QVERIFY(calendar);

    ManualClock clock(berlin(monday.year(), monday.month(), monday.day(), 0, 0));
    const CalendarSchedule schedule(clock, *calendar);
    const QDateTime end = clock.now().addDays(7);
    int checked = 0;
    int business = 0;
    while (clock.now() < end) {
        const QString expected = expectedOfficeSet(clock.now());
        QVERIFY2(calendar->policySetAt(clock.now()) == expected,
                 qPrintable(QStringLiteral("at %1: %2, expected %3")
                                .arg(clock.now().toString(Qt::ISODate), calendar->policySetAt(clock.now()), expected)));
        QCOMPARE(schedule.policySetNow(), expected);
        business += expected == QLatin1String("business") ? 1 : 0;
        ++checked;
        clock.advance(15min);
    }
    // 7 days of 15-minute steps (one hour less or more in a DST week).
    QVERIFY(checked >= 7 * 96 - 4 && checked <= 7 * 96 + 4);
    QCOMPARE(business, 5 * 10 * 4);
}

void TestPolicyCalendar::boundariesOverAWeek()
{
    const std::optional<PolicyCalendar> calendar = officeCalendar();
    QVERIFY(calendar);
    const QString b = QStringLiteral("business"), o = QStringLiteral("offhours"), w = QStringLiteral("weekend");
    const QString bh = QStringLiteral("business-hours"), we = QStringLiteral("weekend");
    // The window starts on a boundary (the previous weekend ends at Monday
    // 00:00): it is included.
    QList<Boundary> expected{boundary(utc(2026, 3, 8, 23), w, o, we, {}, we, BoundaryCause::EntryEnds)};
    // Winter: Berlin is UTC+1.
    for (int day = 9; day <= 13; ++day) {
        expected << boundary(utc(2026, 3, day, 7), o, b, {}, bh, bh, BoundaryCause::EntryBegins);
        expected << boundary(utc(2026, 3, day, 17), b, o, bh, {}, bh, BoundaryCause::EntryEnds);
    }
    expected << boundary(utc(2026, 3, 13, 23), o, w, {}, we, we, BoundaryCause::EntryBegins);
    expected << boundary(utc(2026, 3, 15, 23), w, o, we, {}, we, BoundaryCause::EntryEnds);
    expected << boundary(utc(2026, 3, 16, 7), o, b, {}, bh, bh, BoundaryCause::EntryBegins);

    const QList<Boundary> actual = calendar->boundaries(berlin(2026, 3, 9, 0), berlin(2026, 3, 16, 12));
    QVERIFY2(actual == expected, qPrintable(show(actual)));

    // A window starting exactly on a boundary includes it; one ending on it does not.
    QCOMPARE(calendar->boundaries(utc(2026, 3, 9, 7), utc(2026, 3, 9, 17)).size(), 1);
    QCOMPARE(calendar->boundaries(utc(2026, 3, 9, 7), utc(2026, 3, 9, 17)).first().at, utc(2026, 3, 9, 7));
    // An empty or reversed window has none.
    QVERIFY(calendar->boundaries(utc(2026, 3, 10, 0), utc(2026, 3, 9, 0)).isEmpty());
}

void TestPolicyCalendar::boundariesOverTheSpringDstWeek()
{
    // Clocks go from 02:00 CET to 03:00 CEST on Sunday 2026-03-29.
    const std::optional<PolicyCalendar> calendar = officeCalendar();
    QVERIFY(calendar);
    const QString b = QStringLiteral("business"), o = QStringLiteral("offhours"), w = QStringLiteral("weekend");
    const QString bh = QStringLiteral("business-hours"), we = QStringLiteral("weekend");
    QList<Boundary> expected{boundary(utc(2026, 3, 22, 23), w, o, we, {}, we, BoundaryCause::EntryEnds)};
    for (int day = 23; day <= 27; ++day) {
        expected << boundary(utc(2026, 3, day, 7), o, b, {}, bh, bh, BoundaryCause::EntryBegins);
        expected << boundary(utc(2026, 3, day, 17), b, o, bh, {}, bh, BoundaryCause::EntryEnds);
    }
    // Saturday 00:00 CET; the 48 wall-clock hours end Monday 00:00 CEST,
    // 47 real hours later.
    expected << boundary(utc(2026, 3, 27, 23), o, w, {}, we, we, BoundaryCause::EntryBegins);
    expected << boundary(utc(2026, 3, 29, 22), w, o, we, {}, we, BoundaryCause::EntryEnds);
    // Summer time: 08:00 is 06:00 UTC.
    expected << boundary(utc(2026, 3, 30, 6), o, b, {}, bh, bh, BoundaryCause::EntryBegins);
    expected << boundary(utc(2026, 3, 30, 16), b, o, bh, {}, bh, BoundaryCause::EntryEnds);

    const QList<Boundary> actual = calendar->boundaries(berlin(2026, 3, 23, 0), berlin(2026, 3, 31, 0));
    QVERIFY2(actual == expected, qPrintable(show(actual)));
}

void TestPolicyCalendar::boundariesOverTheAutumnDstWeek()
{
    // Clocks go from 03:00 CEST back to 02:00 CET on Sunday 2026-10-25.
    const std::optional<PolicyCalendar> calendar = officeCalendar();
    QVERIFY(calendar);
    const QString b = QStringLiteral("business"), o = QStringLiteral("offhours"), w = QStringLiteral("weekend");
    const QString bh = QStringLiteral("business-hours"), we = QStringLiteral("weekend");
    QList<Boundary> expected{boundary(utc(2026, 10, 18, 22), w, o, we, {}, we, BoundaryCause::EntryEnds)};
    for (int day = 19; day <= 23; ++day) {
        expected << boundary(utc(2026, 10, day, 6), o, b, {}, bh, bh, BoundaryCause::EntryBegins);
        expected << boundary(utc(2026, 10, day, 16), b, o, bh, {}, bh, BoundaryCause::EntryEnds);
    }
    expected << boundary(utc(2026, 10, 23, 22), o, w, {}, we, we, BoundaryCause::EntryBegins);
    expected << boundary(utc(2026, 10, 25, 23), w, o, we, {}, we, BoundaryCause::EntryEnds); // 49 real hours
    expected << boundary(utc(2026, 10, 26, 7), o, b, {}, bh, bh, BoundaryCause::EntryBegins);
    expected << boundary(utc(2026, 10, 26, 17), b, o, bh, {}, bh, BoundaryCause::EntryEnds);

    const QList<Boundary> actual = calendar->boundaries(berlin(2026, 10, 19, 0), berlin(2026, 10, 27, 0));
    QVERIFY2(actual == expected, qPrintable(show(actual)));
}

void TestPolicyCalendar::scheduleWalksAWeekBoundaryByBoundary()
{
    const std::optional<PolicyCalendar> calendar = officeCalendar();
    QVERIFY(calendar);
    const QDateTime start = berlin(2026, 3, 23, 0);
    const QDateTime end = berlin(2026, 3, 30, 0);
    ManualClock clock(start);
    const CalendarSchedule schedule(clock, *calendar);

    QList<Boundary> walked;
    for (;;) {
        const std::optional<Boundary> next = schedule.nextBoundary();
        QVERIFY(next);
        QCOMPARE(schedule.msecsToNextBoundary(), std::optional<qint64>(clock.now().msecsTo(next->at)));
        if (next->at >= end)
            break;
        QCOMPARE(schedule.policySetNow(), next->policySetBefore);
        QCOMPARE(calendar->policySetAt(next->at.addMSecs(-1)), next->policySetBefore);
        clock.setNow(next->at);
        QCOMPARE(schedule.policySetNow(), next->policySetAfter);
        QCOMPARE(calendar->entryAt(clock.now()), next->entryAfter);
        walked << *next;
    }
    // The walk starts at a boundary (the weekend ending); it sees what comes after.
    QCOMPARE(walked, calendar->boundaries(start.addMSecs(1), end));
    QCOMPARE(calendar->boundaries(start, end).size(), 12);
    QCOMPARE(walked.size(), 11);

    // Strictly after: asked at a boundary, the next one is the following.
    const std::optional<Boundary> after = schedule.nextBoundary(utc(2026, 3, 23, 7));
    QVERIFY(after);
    QCOMPARE(after->at, utc(2026, 3, 23, 17));

    // An empty calendar never changes.
    const PolicyCalendar empty;
    const CalendarSchedule idle(clock, empty);
    QVERIFY(!idle.nextBoundary());
    QCOMPARE(idle.policySetNow(), QStringLiteral("default"));
}

void TestPolicyCalendar::wallClockTimesFollowDst()
{
    // "every day 08:00 Europe/Berlin" is 07:00 UTC in winter, 06:00 UTC in summer.
    const Result<CalendarEntry> daily = CalendarEntry::create(spec(QStringLiteral("morning"), QStringLiteral("m"),
                                                                   QDate(2026, 1, 1), QTime(8, 0), 3600,
                                                                   QStringLiteral("FREQ=DAILY")));
    QVERIFY2(daily.ok(), qPrintable(messageOf(daily)));
    QCOMPARE(daily->firstStart(), utc(2026, 1, 1, 7));
    const QList<Occurrence> spring = daily->occurrences(utc(2026, 3, 28, 0), utc(2026, 3, 31, 0));
    QCOMPARE(spring.size(), 3);
    QCOMPARE(spring[0].start, utc(2026, 3, 28, 7));
    QCOMPARE(spring[1].start, utc(2026, 3, 29, 6));
    QCOMPARE(spring[2].start, utc(2026, 3, 30, 6));
    QCOMPARE(spring[1].end, utc(2026, 3, 29, 7));
    QCOMPARE(daily->occurrences(utc(2026, 7, 15, 0), utc(2026, 7, 16, 0)).value(0).start, utc(2026, 7, 15, 6));
    QCOMPARE(daily->occurrences(utc(2026, 12, 15, 0), utc(2026, 12, 16, 0)).value(0).start, utc(2026, 12, 15, 7));

    // A night from 22:00 to 06:00 on the wall clock: 7 real hours when the
    // clocks go forward, 9 when they go back.
    const Result<CalendarEntry> nightly = CalendarEntry::create(spec(QStringLiteral("nightly"), QStringLiteral("n"),
                                                                     QDate(2026, 1, 1), QTime(22, 0), 8 * 3600,
                                                                     QStringLiteral("FREQ=DAILY")));
    QVERIFY(nightly.ok());
    const QList<Occurrence> forward = nightly->occurrences(utc(2026, 3, 28, 12), utc(2026, 3, 28, 23));
    QCOMPARE(forward.size(), 1);
    QCOMPARE(forward[0].start, utc(2026, 3, 28, 21));
    QCOMPARE(forward[0].end, utc(2026, 3, 29, 4));
    const QList<Occurrence> back = nightly->occurrences(utc(2026, 10, 24, 12), utc(2026, 10, 24, 23));
    QCOMPARE(back.size(), 1);
    QCOMPARE(back[0].start, utc(2026, 10, 24, 20));
    QCOMPARE(back[0].end, utc(2026, 10, 25, 5));
}

void TestPolicyCalendar::timesInDstGapAndOverlap()
{
    // 02:30 does not exist on 2026-03-29 in Berlin and exists twice on
    // 2026-10-25 (RFC 5545: read with the offset before the gap; the first).
    const Result<CalendarEntry> entry = CalendarEntry::create(spec(QStringLiteral("backup"), QStringLiteral("backup"),
                                                                   QDate(2026, 3, 1), QTime(2, 30), 1800,
                                                                   QStringLiteral("FREQ=DAILY")));
    QVERIFY(entry.ok());
    const QList<Occurrence> spring = entry->occurrences(utc(2026, 3, 27, 12), utc(2026, 3, 30, 12));
    QCOMPARE(spring.size(), 3);
    QCOMPARE(spring[0].start, utc(2026, 3, 28, 1, 30));
    QCOMPARE(spring[1].start, utc(2026, 3, 29, 1, 30)); // 03:30 CEST
    QCOMPARE(spring[2].start, utc(2026, 3, 30, 0, 30));
    for (const Occurrence &o : spring)
        QVERIFY(o.end > o.start);
    const QList<Occurrence> autumn = entry->occurrences(utc(2026, 10, 24, 12), utc(2026, 10, 26, 12));
    QCOMPARE(autumn.size(), 2);
    QCOMPARE(autumn[0].start, utc(2026, 10, 25, 0, 30)); // the first 02:30, still CEST
    QCOMPARE(autumn[0].end, utc(2026, 10, 25, 2, 0));    // 03:00 CET
    QCOMPARE(autumn[1].start, utc(2026, 10, 26, 1, 30));
}

void TestPolicyCalendar::countAndUntil()
{
    const Result<CalendarEntry> counted = CalendarEntry::create(spec(QStringLiteral("three"), QStringLiteral("t"),
                                                                     QDate(2026, 3, 2), QTime(8, 0), 3600,
                                                                     QStringLiteral("FREQ=DAILY;COUNT=3")));
    QVERIFY(counted.ok());
    const QList<Occurrence> three = counted->occurrences(utc(2026, 3, 1, 0), utc(2026, 4, 1, 0));
    QCOMPARE(three.size(), 3);
    QCOMPARE(three[0].start, utc(2026, 3, 2, 7));
    QCOMPARE(three[2].start, utc(2026, 3, 4, 7));
    QVERIFY(counted->occurrences(utc(2026, 3, 5, 0), utc(2027, 1, 1, 0)).isEmpty());
    QCOMPARE(counted->occurrences(utc(2026, 3, 3, 7, 30), utc(2026, 3, 3, 7, 31)).size(), 1);

    // COUNT counts occurrences, not days: Mondays and Fridays, four times.
    const Result<CalendarEntry> fourTimes = CalendarEntry::create(spec(QStringLiteral("four"), QStringLiteral("f"),
                                                                       QDate(2026, 3, 2), QTime(8, 0), 3600,
                                                                       QStringLiteral("FREQ=WEEKLY;BYDAY=MO,FR;COUNT=4")));
    QVERIFY(fourTimes.ok());
    const QList<Occurrence> four = fourTimes->occurrences(utc(2026, 1, 1, 0), utc(2027, 1, 1, 0));
    QCOMPARE(four.size(), 4);
    QCOMPARE(four[3].start, utc(2026, 3, 13, 7));

    // UNTIL is inclusive and exact to the second.
    const Result<CalendarEntry> until = CalendarEntry::create(spec(QStringLiteral("until"), QStringLiteral("u"),
                                                                   QDate(2026, 3, 2), QTime(8, 0), 3600,
                                                                   QStringLiteral("FREQ=DAILY;UNTIL=20260305T070000Z")));
    QVERIFY(until.ok());
    QCOMPARE(until->occurrences(utc(2026, 3, 1, 0), utc(2026, 4, 1, 0)).size(), 4);
    const Result<CalendarEntry> justBefore = CalendarEntry::create(
        spec(QStringLiteral("until"), QStringLiteral("u"), QDate(2026, 3, 2), QTime(8, 0), 3600,
             QStringLiteral("FREQ=DAILY;UNTIL=20260305T065959Z")));
    QVERIFY(justBefore.ok());
    QCOMPARE(justBefore->occurrences(utc(2026, 3, 1, 0), utc(2026, 4, 1, 0)).size(), 3);

    // In a calendar, the set falls back to the default after the last one.
    PolicyCalendar calendar;
    QVERIFY(calendar.addEntry(*until));
    QCOMPARE(calendar.policySetAt(berlin(2026, 3, 5, 8, 30)), QStringLiteral("u"));
    QCOMPARE(calendar.policySetAt(berlin(2026, 3, 6, 8, 30)), QStringLiteral("default"));
    QCOMPARE(calendar.boundaries(utc(2026, 3, 1, 0), utc(2027, 1, 1, 0)).size(), 8);
}

void TestPolicyCalendar::windowedExpansionMatchesFullExpansion()
{
    // A window years after the start is expanded without iterating from the
    // start; it must give exactly what the full expansion gives there.
    const QStringList rules{
        QStringLiteral("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
        QStringLiteral("FREQ=WEEKLY;INTERVAL=3;BYDAY=SA,SU"),
        QStringLiteral("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1"),
        QStringLiteral("FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU"),
        QStringLiteral("FREQ=MONTHLY;BYMONTHDAY=-1"),
        QStringLiteral("FREQ=MONTHLY;INTERVAL=5"),
        QStringLiteral("FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"),
        QStringLiteral("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29"),
        QStringLiteral("FREQ=DAILY;INTERVAL=3"),
        QStringLiteral("FREQ=DAILY;INTERVAL=4;BYDAY=MO,TU"),
        QStringLiteral("FREQ=HOURLY;INTERVAL=7;BYDAY=MO"),
        QStringLiteral("FREQ=HOURLY;INTERVAL=5"),
        QStringLiteral("FREQ=HOURLY;INTERVAL=3;BYHOUR=9,12,15"),
        QStringLiteral("FREQ=DAILY;BYHOUR=8,18;BYMINUTE=30"),
        QStringLiteral("FREQ=YEARLY;INTERVAL=3"),
        QStringLiteral("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,SU;WKST=SU"),
    };
    const QList<QPair<QDate, QTime>> starts{{QDate(2024, 1, 10), QTime(8, 30)},
                                            {QDate(2024, 1, 31), QTime(8, 30)},
                                            {QDate(2024, 2, 29), QTime(22, 0)}};
    QList<QDateTime> windowStarts{utc(2025, 1, 1, 0), utc(2026, 3, 29, 1), utc(2027, 12, 31, 23),
                                  utc(2029, 7, 15, 12)};
    // Hour by hour over two days too: the iterator's start is moved by whole
    // periods, and every phase of an hourly rule must come out the same.
    for (int h = 0; h < 48; h += 1)
        windowStarts << utc(2026, 6, 1, 0).addSecs(h * 3600);
    for (const QString &rule : rules) {
        for (const auto &[date, time] : starts) {
            const Result<CalendarEntry> entry = CalendarEntry::create(
                spec(QStringLiteral("e"), QStringLiteral("s"), date, time, 2 * 3600, rule));
            QVERIFY2(entry.ok(), qPrintable(messageOf(entry)));
            const QList<Occurrence> full = entry->occurrences(utc(2024, 1, 1, 0), utc(2031, 1, 1, 0));
            QVERIFY(!full.isEmpty());
            for (const QDateTime &from : windowStarts) {
                const QDateTime to = from.addDays(from.time().hour() == 0 ? 45 : 2);
                QList<Occurrence> expected;
                for (const Occurrence &o : full)
                    if (o.start < to && o.end > from)
                        expected << o;
                const QList<Occurrence> windowed = entry->occurrences(from, to);
                QVERIFY2(windowed == expected,
                         qPrintable(QStringLiteral("%1 from %2 %3, window %4: %5 occurrences, expected %6")
                                        .arg(rule, date.toString(Qt::ISODate), time.toString(),
                                             from.toString(Qt::ISODate))
                                        .arg(windowed.size())
                                        .arg(expected.size())));
            }
        }
    }
}

void TestPolicyCalendar::sameSetAtSamePriorityMayOverlap()
{
    std::optional<PolicyCalendar> calendar = officeCalendar();
    QVERIFY(calendar);
    // Mondays 07:00-09:00 also "business": overlapping business hours is fine.
    const Result<CalendarEntry> early = CalendarEntry::create(spec(QStringLiteral("early-monday"), QStringLiteral("business"),
                                                                   QDate(2026, 3, 2), QTime(7, 0), 2 * 3600,
                                                                   QStringLiteral("FREQ=WEEKLY;BYDAY=MO")));
    QVERIFY(early.ok());
    const Result<void> added = calendar->addEntry(*early);
    QVERIFY2(added.ok(), qPrintable(messageOf(added)));
    const QList<Boundary> monday = calendar->boundaries(berlin(2026, 3, 9, 1), berlin(2026, 3, 10, 0));
    QCOMPARE(monday.size(), 2);
    QCOMPARE(monday[0].at, berlin(2026, 3, 9, 7));
    QCOMPARE(monday[0].entry, QStringLiteral("early-monday"));
    QCOMPARE(monday[1].at, berlin(2026, 3, 9, 18));
    QCOMPARE(monday[1].entry, QStringLiteral("business-hours"));
    QCOMPARE(calendar->entryAt(berlin(2026, 3, 9, 8, 30)), QStringLiteral("business-hours")); // the later start
}

void TestPolicyCalendar::conflictingSamePriorityEntryIsRefused()
{
    std::optional<PolicyCalendar> calendar = officeCalendar();
    QVERIFY(calendar);
    const QByteArray before = CalendarJson::calendarToText(*calendar);

    const Result<CalendarEntry> maintenance = CalendarEntry::create(
        spec(QStringLiteral("maintenance"), QStringLiteral("maint"), QDate(2026, 3, 4), QTime(12, 0), 2 * 3600,
             QStringLiteral("FREQ=WEEKLY;BYDAY=WE")));
    QVERIFY(maintenance.ok());
    const Result<void> added = calendar->addEntry(*maintenance);
    QVERIFY(!added.ok());
    QCOMPARE(added.error().code(), proto::ERROR_CONFLICT);
    QCOMPARE(added.error().message(),
             QStringLiteral("Entry \"maintenance\" (policy set \"maint\") overlaps entry \"business-hours\" (policy set "
                            "\"business\") at the same priority 0, first at 2026-03-04 12:00 Europe/Berlin (11:00 UTC). "
                            "Entries with the same priority and different policy sets must not overlap; give one of "
                            "them a higher priority to say which wins, or move it."));

    // Nothing changed.
    QCOMPARE(calendar->size(), 2);
    QVERIFY(!calendar->contains(QStringLiteral("maintenance")));
    QCOMPARE(CalendarJson::calendarToText(*calendar), before);
    QCOMPARE(calendar->policySetAt(berlin(2026, 3, 4, 12, 30)), QStringLiteral("business"));

    // The same entry at a higher priority is fine and wins.
    CalendarEntrySpec higher = maintenance->spec();
    higher.priority = 1;
    const Result<CalendarEntry> urgent = CalendarEntry::create(higher);
    QVERIFY(urgent.ok());
    QVERIFY(calendar->addEntry(*urgent));
    QCOMPARE(calendar->policySetAt(berlin(2026, 3, 4, 12, 30)), QStringLiteral("maint"));
    QCOMPARE(calendar->policySetAt(berlin(2026, 3, 4, 14, 30)), QStringLiteral("business"));
}

void TestPolicyCalendar::conflictFoundMonthsAfterTheStart()
{
    std::optional<PolicyCalendar> calendar = officeCalendar();
    QVERIFY(calendar);
    // Every 1 June at 09:00, entered on a Friday in March: the first
    // occurrence (Monday 2026-06-01) hits business hours.
    const Result<CalendarEntry> audit = CalendarEntry::create(spec(QStringLiteral("audit"), QStringLiteral("audit"),
                                                                   QDate(2026, 3, 20), QTime(9, 0), 3600,
                                                                   QStringLiteral("FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=1")));
    QVERIFY(audit.ok());
    QCOMPARE(audit->firstStart(), berlin(2026, 6, 1, 9));
    const Result<void> added = calendar->addEntry(*audit);
    QVERIFY(!added.ok());
    QVERIFY2(added.error().message().contains(QStringLiteral("first at 2026-06-01 09:00 Europe/Berlin (07:00 UTC)")),
             qPrintable(added.error().message()));
    QVERIFY(added.error().message().contains(QStringLiteral("\"audit\"")));
    QVERIFY(added.error().message().contains(QStringLiteral("\"business-hours\"")));
    QCOMPARE(calendar->size(), 2);
}

void TestPolicyCalendar::conflictHorizonIsOneYear()
{
    // 1 May every year, and the first Monday of every month: they first meet
    // on Monday 2028-05-01.
    Result<PolicyCalendar> calendar = PolicyCalendar::create(QStringLiteral("idle"));
    QVERIFY(calendar.ok());
    const Result<CalendarEntry> mayday = CalendarEntry::create(spec(QStringLiteral("mayday"), QStringLiteral("holiday"),
                                                                    QDate(2026, 5, 1), QTime(10, 0), 3600,
                                                                    QStringLiteral("FREQ=YEARLY")));
    QVERIFY(mayday.ok());
    QVERIFY(calendar->addEntry(*mayday));

    // Starting in June 2027, the meeting is within a year: refused.
    const Result<CalendarEntry> soon = CalendarEntry::create(spec(QStringLiteral("monthly-review"), QStringLiteral("review"),
                                                                  QDate(2027, 6, 7), QTime(10, 0), 3600,
                                                                  QStringLiteral("FREQ=MONTHLY;BYDAY=1MO")));
    QVERIFY(soon.ok());
    const Result<void> refused = calendar->addEntry(*soon);
    QVERIFY(!refused.ok());
    QVERIFY2(refused.error().message().contains(QStringLiteral("first at 2028-05-01 10:00 Europe/Berlin (08:00 UTC)")),
             qPrintable(refused.error().message()));

    // Starting in April 2026, the meeting is two years out, past the
    // horizon: accepted, and resolved the documented way (same start, same
    // priority: the name that sorts first).
    const Result<CalendarEntry> early = CalendarEntry::create(spec(QStringLiteral("monthly-review"), QStringLiteral("review"),
                                                                   QDate(2026, 4, 6), QTime(10, 0), 3600,
                                                                   QStringLiteral("FREQ=MONTHLY;BYDAY=1MO")));
    QVERIFY(early.ok());
    const Result<void> accepted = calendar->addEntry(*early);
    QVERIFY2(accepted.ok(), qPrintable(messageOf(accepted)));
    QCOMPARE(calendar->policySetAt(berlin(2028, 5, 1, 10, 30)), QStringLiteral("holiday"));
    QCOMPARE(calendar->policySetAt(berlin(2028, 6, 5, 10, 30)), QStringLiteral("review"));
}

void TestPolicyCalendar::higherPriorityWins()
{
    std::optional<PolicyCalendar> calendar = officeCalendar();
    QVERIFY(calendar);
    // Good Friday: all day, priority 10, over business hours.
    const Result<CalendarEntry> holiday = CalendarEntry::create(spec(QStringLiteral("good-friday"), QStringLiteral("holiday"),
                                                                     QDate(2026, 4, 3), QTime(0, 0), 24 * 3600, QString(),
                                                                     10));
    QVERIFY(holiday.ok());
    QVERIFY(calendar->addEntry(*holiday));
    QCOMPARE(calendar->policySetAt(berlin(2026, 4, 3, 10)), QStringLiteral("holiday"));
    QCOMPARE(calendar->entryAt(berlin(2026, 4, 3, 10)), QStringLiteral("good-friday"));
    QCOMPARE(calendar->policySetAt(berlin(2026, 4, 2, 10)), QStringLiteral("business"));

    // Thursday 18:00 business ends; Friday 00:00 the holiday begins (its
    // business hours never show); Saturday 00:00 the holiday ends as the
    // weekend begins: one boundary, the weekend responsible.
    const QString bh = QStringLiteral("business-hours");
    const QList<Boundary> expected{
        boundary(utc(2026, 4, 2, 16), QStringLiteral("business"), QStringLiteral("offhours"), bh, {}, bh,
                 BoundaryCause::EntryEnds),
        boundary(utc(2026, 4, 2, 22), QStringLiteral("offhours"), QStringLiteral("holiday"), {},
                 QStringLiteral("good-friday"), QStringLiteral("good-friday"), BoundaryCause::EntryBegins),
        boundary(utc(2026, 4, 3, 22), QStringLiteral("holiday"), QStringLiteral("weekend"), QStringLiteral("good-friday"),
                 QStringLiteral("weekend"), QStringLiteral("weekend"), BoundaryCause::EntryBegins),
    };
    const QList<Boundary> actual = calendar->boundaries(berlin(2026, 4, 2, 12), berlin(2026, 4, 4, 12));
    QVERIFY2(actual == expected, qPrintable(show(actual)));

    // A lower-priority entry under everything shows only where nothing else is.
    const Result<CalendarEntry> low = CalendarEntry::create(spec(QStringLiteral("night-batch"), QStringLiteral("batch"),
                                                                 QDate(2026, 3, 1), QTime(0, 0), 24 * 3600,
                                                                 QStringLiteral("FREQ=DAILY"), -1));
    QVERIFY(low.ok());
    QVERIFY(calendar->addEntry(*low));
    QCOMPARE(calendar->policySetAt(berlin(2026, 3, 10, 20)), QStringLiteral("batch"));
    QCOMPARE(calendar->policySetAt(berlin(2026, 3, 10, 10)), QStringLiteral("business"));
    QCOMPARE(calendar->policySetAt(berlin(2026, 3, 14, 10)), QStringLiteral("weekend"));
}

void TestPolicyCalendar::addReplaceRemoveAreAtomic()
{
    std::optional<PolicyCalendar> calendar = officeCalendar();
    QVERIFY(calendar);
    const QByteArray before = CalendarJson::calendarToText(*calendar);

    // A second entry with a taken name.
    const Result<CalendarEntry> twin = CalendarEntry::create(spec(QStringLiteral("weekend"), QStringLiteral("weekend"),
                                                                  QDate(2026, 3, 8), QTime(0, 0), 3600, QString()));
    QVERIFY(twin.ok());
    const Result<void> added = calendar->addEntry(*twin);
    QVERIFY(!added.ok());
    QCOMPARE(added.error().code(), proto::ERROR_ALREADY_EXISTS);

    // Replacing the weekend with one that collides with business hours.
    const Result<CalendarEntry> clash = CalendarEntry::create(spec(QStringLiteral("weekend"), QStringLiteral("weekend"),
                                                                   QDate(2026, 3, 6), QTime(12, 0), 60 * 3600,
                                                                   QStringLiteral("FREQ=WEEKLY;BYDAY=FR")));
    QVERIFY(clash.ok());
    const Result<void> replaced = calendar->replaceEntry(*clash);
    QVERIFY(!replaced.ok());
    QCOMPARE(replaced.error().code(), proto::ERROR_CONFLICT);

    const Result<CalendarEntry> missing = CalendarEntry::create(spec(QStringLiteral("nope"), QStringLiteral("x"),
                                                                     QDate(2026, 3, 8), QTime(0, 0), 3600, QString()));
    QVERIFY(missing.ok());
    QCOMPARE(calendar->replaceEntry(*missing).error().code(), proto::ERROR_NOT_FOUND);
    QCOMPARE(calendar->removeEntry(QStringLiteral("nope")).error().code(), proto::ERROR_NOT_FOUND);
    QCOMPARE(CalendarJson::calendarToText(*calendar), before);

    // A replacement that fits (Friday from 20:00) is taken; its own old
    // version does not count as a conflict.
    const Result<CalendarEntry> longer = CalendarEntry::create(spec(QStringLiteral("weekend"), QStringLiteral("weekend"),
                                                                    QDate(2026, 3, 6), QTime(20, 0), 52 * 3600,
                                                                    QStringLiteral("FREQ=WEEKLY;BYDAY=FR")));
    QVERIFY(longer.ok());
    const Result<void> ok = calendar->replaceEntry(*longer);
    QVERIFY2(ok.ok(), qPrintable(messageOf(ok)));
    QCOMPARE(calendar->policySetAt(berlin(2026, 3, 13, 21)), QStringLiteral("weekend"));

    QVERIFY(calendar->removeEntry(QStringLiteral("weekend")));
    QCOMPARE(calendar->size(), 1);
    QCOMPARE(calendar->policySetAt(berlin(2026, 3, 14, 12)), QStringLiteral("offhours"));

    // The default set is a name like any other.
    QVERIFY(!calendar->setDefaultPolicySet(QStringLiteral("off hours")).ok());
    QCOMPARE(calendar->defaultPolicySet(), QStringLiteral("offhours"));
}

void TestPolicyCalendar::entryEndingBeforeItStartsIsRefused()
{
    CalendarEntrySpec s = spec(QStringLiteral("nightly"), QStringLiteral("night"), QDate(2026, 3, 2), QTime(22, 0), 0,
                               QStringLiteral("FREQ=DAILY"));
    s.endDate = QDate(2026, 3, 2);
    s.endTime = QTime(6, 0);
    Result<CalendarEntry> entry = CalendarEntry::create(s);
    QVERIFY(!entry.ok());
    QCOMPARE(entry.error().code(), proto::ERROR_INVALID_ARGUMENT);
    QCOMPARE(entry.error().message(),
             QStringLiteral("The entry \"nightly\" ends at 2026-03-02 06:00 before it starts at 2026-03-02 22:00 "
                            "(Europe/Berlin); give an end after the start."));

    s.endTime = QTime(22, 0);
    entry = CalendarEntry::create(s);
    QVERIFY(!entry.ok());
    QVERIFY(entry.error().message().contains(QStringLiteral("ends at the moment it starts")));

    // The end on the next morning is what was meant: 8 hours.
    s.endDate = QDate(2026, 3, 3);
    s.endTime = QTime(6, 0);
    entry = CalendarEntry::create(s);
    QVERIFY2(entry.ok(), qPrintable(messageOf(entry)));
    QCOMPARE(entry->durationSeconds(), 8 * 3600);

    CalendarEntrySpec d = spec(QStringLiteral("nightly"), QStringLiteral("night"), QDate(2026, 3, 2), QTime(22, 0), -60,
                               QString());
    QVERIFY(CalendarEntry::create(d).error().message().contains(QStringLiteral("negative duration")));
    d.durationSeconds = 0;
    QVERIFY(CalendarEntry::create(d).error().message().contains(QStringLiteral("has no duration and no end")));
    d.durationSeconds = 60;
    d.endDate = QDate(2026, 3, 3);
    d.endTime = QTime(6, 0);
    QVERIFY(CalendarEntry::create(d).error().message().contains(QStringLiteral("both a duration and an end")));
}

void TestPolicyCalendar::unknownTimeZoneIsRefused()
{
    CalendarEntrySpec s = spec(QStringLiteral("mars"), QStringLiteral("x"), QDate(2026, 3, 2), QTime(8, 0), 3600,
                               QString(), 0, QStringLiteral("Mars/Olympus_Mons"));
    Result<CalendarEntry> entry = CalendarEntry::create(s);
    QVERIFY(!entry.ok());
    QCOMPARE(entry.error().message(),
             QStringLiteral("The time zone \"Mars/Olympus_Mons\" of entry \"mars\" is not known; give an IANA name such "
                            "as Europe/Berlin or UTC (zone data comes from the system's tzdata package)."));
    s.timeZone.clear();
    QVERIFY(!CalendarEntry::create(s).ok());
    s.timeZone = QStringLiteral("America/New_York");
    entry = CalendarEntry::create(s);
    QVERIFY(entry.ok());
    QCOMPARE(entry->firstStart(), utc(2026, 3, 2, 13));
    s.timeZone = QStringLiteral("UTC");
    QCOMPARE(CalendarEntry::create(s)->firstStart(), utc(2026, 3, 2, 8));
    QCOMPARE(CalendarEntry::create(s)->formatInstant(utc(2026, 3, 2, 8)), QStringLiteral("2026-03-02 08:00 UTC"));
    // Old names that tzdata keeps as links are zones too.
    s.timeZone = QStringLiteral("Etc/UTC");
    QVERIFY(CalendarEntry::create(s).ok());
    s.timeZone = QStringLiteral("Europe/Kiev");
    QCOMPARE(CalendarEntry::create(s)->firstStart(), utc(2026, 3, 2, 6));
    // Names are case-sensitive, as in tzdata.
    s.timeZone = QStringLiteral("europe/berlin");
    QVERIFY(!CalendarEntry::create(s).ok());
}

void TestPolicyCalendar::badNamesAreRefused()
{
    const QString longName(10000, QLatin1Char('a'));
    const QString quoted = QStringLiteral("night\"ly");

    Result<CalendarEntry> entry = CalendarEntry::create(spec(quoted, QStringLiteral("x"), QDate(2026, 3, 2), QTime(8, 0),
                                                             3600, QString()));
    QVERIFY(!entry.ok());
    QCOMPARE(entry.error().code(), proto::ERROR_INVALID_ARGUMENT);
    QVERIFY2(entry.error().message().contains(QStringLiteral("calendar entry name \"night\"ly\" has characters")),
             qPrintable(entry.error().message()));

    entry = CalendarEntry::create(spec(longName, QStringLiteral("x"), QDate(2026, 3, 2), QTime(8, 0), 3600, QString()));
    QVERIFY(!entry.ok());
    QVERIFY2(entry.error().message().contains(QStringLiteral("is 10000 characters long")), qPrintable(entry.error().message()));

    entry = CalendarEntry::create(spec(QStringLiteral("ok"), quoted, QDate(2026, 3, 2), QTime(8, 0), 3600, QString()));
    QVERIFY(!entry.ok());
    QVERIFY(entry.error().message().contains(QStringLiteral("policy set name")));
    entry = CalendarEntry::create(spec(QStringLiteral("ok"), longName, QDate(2026, 3, 2), QTime(8, 0), 3600, QString()));
    QVERIFY(!entry.ok());
    QVERIFY(entry.error().message().contains(QStringLiteral("10000 characters")));

    QVERIFY(!PolicyCalendar::create(quoted).ok());
    QVERIFY(!PolicyCalendar::create(longName).ok());

    // The same through the text form.
    QJsonObject o{{QStringLiteral("name"), longName},
                  {QStringLiteral("policySet"), QStringLiteral("x")},
                  {QStringLiteral("timeZone"), kBerlin},
                  {QStringLiteral("start"), QStringLiteral("2026-03-02T08:00:00")},
                  {QStringLiteral("durationSeconds"), 3600}};
    QVERIFY(!CalendarJson::entryFromJson(o).ok());
}

void TestPolicyCalendar::badRecurrenceIsRefused()
{
    Result<CalendarEntry> entry = CalendarEntry::create(spec(QStringLiteral("sometimes"), QStringLiteral("x"),
                                                             QDate(2026, 3, 2), QTime(8, 0), 3600,
                                                             QStringLiteral("FREQ=SOMETIMES")));
    QVERIFY(!entry.ok());
    QCOMPARE(entry.error().code(), proto::ERROR_INVALID_ARGUMENT);
    QCOMPARE(entry.error().message(),
             QStringLiteral("The entry \"sometimes\" was not accepted. The recurrence rule \"FREQ=SOMETIMES\" is not "
                            "valid: SOMETIMES is not a frequency; use HOURLY, DAILY, WEEKLY, MONTHLY or YEARLY."));

    // Parses, but never happens.
    entry = CalendarEntry::create(spec(QStringLiteral("never"), QStringLiteral("x"), QDate(2026, 3, 2), QTime(8, 0), 3600,
                                       QStringLiteral("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30")));
    QVERIFY(!entry.ok());
    QVERIFY2(entry.error().message().startsWith(QStringLiteral("The entry \"never\" never occurs")),
             qPrintable(entry.error().message()));
    entry = CalendarEntry::create(spec(QStringLiteral("over"), QStringLiteral("x"), QDate(2026, 3, 2), QTime(8, 0), 3600,
                                       QStringLiteral("FREQ=DAILY;UNTIL=20260101T000000Z")));
    QVERIFY(!entry.ok());
    QVERIFY(entry.error().message().contains(QStringLiteral("never occurs")));
}

void TestPolicyCalendar::describesEntriesAndBoundaries()
{
    const std::optional<PolicyCalendar> calendar = officeCalendar();
    QVERIFY(calendar);
    QCOMPARE(calendar->entry(QStringLiteral("business-hours"))->describe(),
             QStringLiteral("Entry \"business-hours\" puts policy set \"business\" in force every weekday at 08:00 for "
                            "10 hours, starting 2026-03-02 (Europe/Berlin, priority 0)."));
    const Result<CalendarEntry> once = CalendarEntry::create(spec(QStringLiteral("migration"), QStringLiteral("frozen"),
                                                                  QDate(2026, 5, 9), QTime(22, 0), 5400, QString(), 5));
    QVERIFY(once.ok());
    QCOMPARE(once->describe(),
             QStringLiteral("Entry \"migration\" puts policy set \"frozen\" in force once, from 2026-05-09 22:00 for 1 "
                            "hour 30 minutes (Europe/Berlin, priority 5)."));

    const QList<BoundaryPreview> preview = calendar->preview(berlin(2026, 3, 9, 1), berlin(2026, 3, 10, 0));
    QCOMPARE(preview.size(), 2);
    QCOMPARE(preview[0].summary,
             QStringLiteral("At 2026-03-09 08:00 Europe/Berlin (07:00 UTC) entry \"business-hours\" begins: policy set "
                            "\"business\" replaces the default policy set \"offhours\"."));
    QCOMPARE(preview[1].summary,
             QStringLiteral("At 2026-03-09 18:00 Europe/Berlin (17:00 UTC) entry \"business-hours\" ends: the default "
                            "policy set \"offhours\" replaces policy set \"business\"."));
    QCOMPARE(preview[0].boundary, calendar->boundaries(berlin(2026, 3, 9, 1), berlin(2026, 3, 10, 0)).first());
    const QList<BoundaryPreview> weekend = calendar->preview(berlin(2026, 3, 13, 20), berlin(2026, 3, 14, 2));
    QCOMPARE(weekend.size(), 1);
    QCOMPARE(weekend[0].summary,
             QStringLiteral("At 2026-03-14 00:00 Europe/Berlin (2026-03-13 23:00 UTC) entry \"weekend\" begins: policy "
                            "set \"weekend\" replaces the default policy set \"offhours\"."));
}

void TestPolicyCalendar::jsonRoundTrip()
{
    const std::optional<PolicyCalendar> calendar = officeCalendar();
    QVERIFY(calendar);
    const CalendarEntry business = *calendar->entry(QStringLiteral("business-hours"));
    const QByteArray text = CalendarJson::entryToText(business);
    QCOMPARE(text,
             QByteArray("{\"durationSeconds\":36000,\"name\":\"business-hours\",\"policySet\":\"business\",\"priority\":0,"
                        "\"recurrence\":\"FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR\",\"start\":\"2026-03-02T08:00:00\","
                        "\"timeZone\":\"Europe/Berlin\"}"));
    const Result<CalendarEntry> back = CalendarJson::entryFromText(text);
    QVERIFY2(back.ok(), qPrintable(messageOf(back)));
    QCOMPARE(back->spec(), business.spec());
    QCOMPARE(back->occurrences(utc(2026, 3, 1, 0), utc(2026, 5, 1, 0)),
             business.occurrences(utc(2026, 3, 1, 0), utc(2026, 5, 1, 0)));

    // A one-off entry given with an end comes back with its duration.
    const QJsonObject withEnd{{QStringLiteral("name"), QStringLiteral("freeze")},
                              {QStringLiteral("policySet"), QStringLiteral("frozen")},
                              {QStringLiteral("timeZone"), QStringLiteral("UTC")},
                              {QStringLiteral("start"), QStringLiteral("2026-12-24T12:00")},
                              {QStringLiteral("end"), QStringLiteral("2026-12-27T06:00:00")},
                              {QStringLiteral("priority"), 7}};
    const Result<CalendarEntry> freeze = CalendarJson::entryFromJson(withEnd);
    QVERIFY2(freeze.ok(), qPrintable(messageOf(freeze)));
    QCOMPARE(freeze->durationSeconds(), qint64(66) * 3600);
    QCOMPARE(freeze->priority(), 7);
    QVERIFY(!freeze->recurrence());
    const QJsonObject written = CalendarJson::entryToJson(*freeze);
    QVERIFY(!written.contains(QStringLiteral("recurrence")));
    QVERIFY(!written.contains(QStringLiteral("end")));
    QCOMPARE(CalendarJson::entryFromJson(written)->spec(), freeze->spec());

    // The whole calendar.
    const QByteArray calendarText = CalendarJson::calendarToText(*calendar);
    const Result<PolicyCalendar> copy = CalendarJson::calendarFromText(calendarText);
    QVERIFY2(copy.ok(), qPrintable(copy.ok() ? QString() : copy.error().message()));
    QCOMPARE(CalendarJson::calendarToText(*copy), calendarText);
    QCOMPARE(copy->defaultPolicySet(), QStringLiteral("offhours"));
    QCOMPARE(copy->boundaries(berlin(2026, 3, 23, 0), berlin(2026, 3, 31, 0)),
             calendar->boundaries(berlin(2026, 3, 23, 0), berlin(2026, 3, 31, 0)));
}

void TestPolicyCalendar::jsonParsingIsStrict_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("reason");
    const QByteArray base = R"("name":"n","policySet":"p","timeZone":"Europe/Berlin","start":"2026-03-02T08:00:00")";
    const auto entry = [&base](const char *more) { return QByteArray("{") + base + more + "}"; };

    QTest::newRow("unknown key") << entry(R"(,"durationSeconds":60,"colour":"red")")
                                 << "The calendar entry \"n\" has the unknown key \"colour\"";
    QTest::newRow("priority string") << entry(R"(,"durationSeconds":60,"priority":"high")")
                                     << "has \"priority\" as a string; it must be a whole number";
    QTest::newRow("priority fraction") << entry(R"(,"durationSeconds":60,"priority":1.5)")
                                       << "has \"priority\" = 1.5; it must be a whole number";
    QTest::newRow("duration fraction") << entry(R"(,"durationSeconds":60.5)") << "\"durationSeconds\" = 60.5";
    QTest::newRow("duration zero") << entry(R"(,"durationSeconds":0)") << "\"durationSeconds\" = 0";
    QTest::newRow("duration string") << entry(R"(,"durationSeconds":"1h")") << "has \"durationSeconds\" as a string";
    QTest::newRow("neither duration nor end") << entry("") << "must have exactly one of \"durationSeconds\" and \"end\"";
    QTest::newRow("both duration and end") << entry(R"(,"durationSeconds":60,"end":"2026-03-02T09:00:00")")
                                           << "must have exactly one of";
    QTest::newRow("recurrence number") << entry(R"(,"durationSeconds":60,"recurrence":7)")
                                       << "has \"recurrence\" as a number; it must be a string";
    QTest::newRow("recurrence empty") << entry(R"(,"durationSeconds":60,"recurrence":"")") << "has an empty \"recurrence\"";
    QTest::newRow("recurrence bad") << entry(R"(,"durationSeconds":60,"recurrence":"FREQ=SOMETIMES")")
                                    << "The recurrence rule \"FREQ=SOMETIMES\" is not valid";
    QTest::newRow("name missing") << QByteArray(R"({"policySet":"p","timeZone":"UTC","start":"2026-03-02T08:00","durationSeconds":60})")
                                  << "The calendar entry has no \"name\"; it is required.";
    QTest::newRow("name null") << QByteArray(R"({"name":null,"policySet":"p","timeZone":"UTC","start":"2026-03-02T08:00","durationSeconds":60})")
                               << "has \"name\" as null; it must be a string";
    QTest::newRow("start with offset") << QByteArray(R"({"name":"n","policySet":"p","timeZone":"UTC","start":"2026-03-02T08:00:00Z","durationSeconds":60})")
                                       << "give a local date and time such as 2026-03-02T08:00:00, without an offset";
    QTest::newRow("start no date") << QByteArray(R"({"name":"n","policySet":"p","timeZone":"UTC","start":"08:00","durationSeconds":60})")
                                   << "has \"start\" = \"08:00\"";
    QTest::newRow("start impossible") << QByteArray(R"({"name":"n","policySet":"p","timeZone":"UTC","start":"2026-02-30T08:00","durationSeconds":60})")
                                      << "has \"start\" = \"2026-02-30T08:00\"";
    QTest::newRow("zone unknown") << QByteArray(R"({"name":"n","policySet":"p","timeZone":"Nowhere/Else","start":"2026-03-02T08:00","durationSeconds":60})")
                                  << "The time zone \"Nowhere/Else\" of entry \"n\" is not known";
    QTest::newRow("end before start") << entry(R"(,"end":"2026-03-02T07:00:00")") << "ends at 2026-03-02 07:00 before it starts";
    QTest::newRow("not json") << QByteArray("{\"name\":") << "is not valid JSON";
    QTest::newRow("array") << QByteArray("[1,2]") << "is not a JSON object";
}

void TestPolicyCalendar::jsonParsingIsStrict()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, reason);
    const Result<CalendarEntry> entry = CalendarJson::entryFromText(text);
    QVERIFY(!entry.ok());
    QVERIFY2(entry.error().message().contains(reason), qPrintable(entry.error().message()));
}

void TestPolicyCalendar::calendarJsonRefusesConflicts()
{
    const std::optional<PolicyCalendar> calendar = officeCalendar();
    QVERIFY(calendar);
    QJsonObject o = CalendarJson::calendarToJson(*calendar);
    QJsonArray entries = o.value(QStringLiteral("entries")).toArray();
    QJsonObject clash = entries.at(0).toObject();
    clash.insert(QStringLiteral("name"), QStringLiteral("shadow"));
    clash.insert(QStringLiteral("policySet"), QStringLiteral("other"));
    entries.append(clash);
    o.insert(QStringLiteral("entries"), entries);
    Result<PolicyCalendar> parsed = CalendarJson::calendarFromJson(o);
    QVERIFY(!parsed.ok());
    QCOMPARE(parsed.error().code(), proto::ERROR_CONFLICT);
    QVERIFY2(parsed.error().message().startsWith(QStringLiteral("Entry number 3 of the calendar is not valid. Entry "
                                                                "\"shadow\" (policy set \"other\") overlaps entry")),
             qPrintable(parsed.error().message()));

    QVERIFY(!CalendarJson::calendarFromJson(QJsonObject{{QStringLiteral("defaultPolicySet"), QStringLiteral("x")}}).ok());
    QVERIFY(!CalendarJson::calendarFromJson(QJsonObject{{QStringLiteral("defaultPolicySet"), QStringLiteral("x")},
                                                        {QStringLiteral("entries"), QJsonArray()},
                                                        {QStringLiteral("extra"), 1}})
                 .ok());
    QVERIFY(!CalendarJson::calendarFromJson(QJsonObject{{QStringLiteral("defaultPolicySet"), 3},
                                                        {QStringLiteral("entries"), QJsonArray()}})
                 .ok());
    QVERIFY(!CalendarJson::calendarFromJson(QJsonObject{{QStringLiteral("defaultPolicySet"), QStringLiteral("x")},
                                                        {QStringLiteral("entries"), QJsonArray{1}}})
                 .ok());
    const Result<PolicyCalendar> empty = CalendarJson::calendarFromJson(
        QJsonObject{{QStringLiteral("defaultPolicySet"), QStringLiteral("x")}, {QStringLiteral("entries"), QJsonArray()}});
    QVERIFY(empty.ok());
    QCOMPARE(empty->size(), 0);
    QCOMPARE(empty->policySetAt(utc(2026, 1, 1, 0)), QStringLiteral("x"));
}

QTEST_GUILESS_MAIN(TestPolicyCalendar)
#include "tst_policycalendar.moc"
