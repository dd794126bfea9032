// RecurrenceRule: parsing with libical (and refusing what does not parse),
// the English description, and the editor's choices <-> RRULE builder.
#include "calendar/recurrencebuilder.h"
#include "calendar/recurrencerule.h"

#include <QTest>

using namespace vdc;
using namespace vdc::calendar;

Q_DECLARE_METATYPE(vdc::calendar::RecurrenceChoices)

class TestRecurrenceRule : public QObject
{
    Q_OBJECT

private slots:
    void parsesValidRules_data();
    void parsesValidRules();
    void refusesInvalidRules_data();
    void refusesInvalidRules();
    void readsTheParts();
    void describesInEnglish_data();
    void describesInEnglish();
    void buildsFromChoicesAndBack_data();
    void buildsFromChoicesAndBack();
    void choicesAreNotOfferedForRulesTheEditorCannotShow();
    void builderRefusesImpossibleChoices();
};

void TestRecurrenceRule::parsesValidRules_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("canonical");
    QTest::newRow("daily") << "FREQ=DAILY" << "FREQ=DAILY";
    QTest::newRow("weekdays") << "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR" << "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR";
    QTest::newRow("prefix and lower case") << "RRULE:freq=weekly;byday=mo,fr" << "FREQ=WEEKLY;BYDAY=MO,FR";
    QTest::newRow("count") << "FREQ=DAILY;COUNT=5" << "FREQ=DAILY;COUNT=5";
    QTest::newRow("until") << "FREQ=DAILY;UNTIL=20260401T000000Z" << "FREQ=DAILY;UNTIL=20260401T000000Z";
    QTest::newRow("numbered weekdays") << "FREQ=MONTHLY;BYDAY=1MO,-1FR" << "FREQ=MONTHLY;BYDAY=1MO,-1FR";
    QTest::newRow("last weekday") << "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1"
                                  << "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1";
    QTest::newRow("hours") << "FREQ=DAILY;BYHOUR=8,18;BYMINUTE=30" << "FREQ=DAILY;BYMINUTE=30;BYHOUR=8,18";
    QTest::newRow("hourly") << "FREQ=HOURLY;INTERVAL=4" << "FREQ=HOURLY;INTERVAL=4";
    QTest::newRow("yearly") << "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25" << "FREQ=YEARLY;BYMONTHDAY=25;BYMONTH=12";
    QTest::newRow("empty parts") << "FREQ=DAILY;;INTERVAL=2;" << "FREQ=DAILY;INTERVAL=2";
}

void TestRecurrenceRule::parsesValidRules()
{
    QFETCH(QString, text);
    QFETCH(QString, canonical);
    const Result<RecurrenceRule> rule = RecurrenceRule::parse(text);
    QVERIFY2(rule.ok(), qPrintable(rule.ok() ? QString() : rule.error().message()));
    QCOMPARE(rule->text(), canonical);
    // The canonical text parses to the same rule.
    const Result<RecurrenceRule> again = RecurrenceRule::parse(rule->text());
    QVERIFY(again.ok());
    QVERIFY(*again == *rule);
}

void TestRecurrenceRule::refusesInvalidRules_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("reason");
    QTest::newRow("unknown frequency")
        << "FREQ=SOMETIMES" << "SOMETIMES is not a frequency; use HOURLY, DAILY, WEEKLY, MONTHLY or YEARLY";
    QTest::newRow("no frequency") << "INTERVAL=2" << "it has no FREQ";
    QTest::newRow("too frequent") << "FREQ=MINUTELY" << "FREQ=MINUTELY is too frequent";
    QTest::newRow("unknown part") << "FREQ=DAILY;FOO=1" << "FOO is not a part of a recurrence rule";
    QTest::newRow("not a part") << "FREQ=DAILY;BYDAY" << "\"BYDAY\" is not a NAME=VALUE part";
    QTest::newRow("garbage") << "every day please" << "is not a NAME=VALUE part";
    QTest::newRow("hour 25") << "FREQ=DAILY;BYHOUR=25" << "BYHOUR has \"25\"; give whole numbers from 0 to 23";
    QTest::newRow("month 13") << "FREQ=YEARLY;BYMONTH=13" << "BYMONTH has \"13\"";
    QTest::newRow("day 32") << "FREQ=MONTHLY;BYMONTHDAY=32" << "BYMONTHDAY has \"32\"";
    QTest::newRow("bad weekday") << "FREQ=WEEKLY;BYDAY=XX" << "BYDAY has \"XX\"";
    QTest::newRow("count 0") << "FREQ=DAILY;COUNT=0" << "COUNT is \"0\"";
    QTest::newRow("count too big") << "FREQ=DAILY;COUNT=10001" << "COUNT is \"10001\"";
    QTest::newRow("interval 0") << "FREQ=DAILY;INTERVAL=0" << "INTERVAL is \"0\"";
    QTest::newRow("interval negative") << "FREQ=DAILY;INTERVAL=-1" << "INTERVAL is \"-1\"";
    QTest::newRow("count and until") << "FREQ=DAILY;COUNT=3;UNTIL=20260101T000000Z" << "it has both COUNT and UNTIL";
    QTest::newRow("until not utc") << "FREQ=DAILY;UNTIL=20260401" << "UNTIL is \"20260401\"; give a UTC date and time";
    QTest::newRow("until floating") << "FREQ=DAILY;UNTIL=20260401T000000" << "UNTIL is \"20260401T000000\"";
    QTest::newRow("twice") << "FREQ=DAILY;FREQ=WEEKLY" << "FREQ appears more than once";
    QTest::newRow("numbered weekly") << "FREQ=WEEKLY;BYDAY=1MO" << "numbered weekdays like 1MO only make sense";
    QTest::newRow("weekly month day") << "FREQ=WEEKLY;BYMONTHDAY=1" << "BYMONTHDAY cannot be used with FREQ=WEEKLY";
    QTest::newRow("setpos alone") << "FREQ=MONTHLY;BYSETPOS=1" << "BYSETPOS needs another BY part";
    QTest::newRow("rscale") << "RSCALE=HEBREW;FREQ=YEARLY" << "RSCALE (non-Gregorian calendars, RFC 7529) is not supported";
    QTest::newRow("empty value") << "FREQ=" << "FREQ has no value";
}

void TestRecurrenceRule::refusesInvalidRules()
{
    QFETCH(QString, text);
    QFETCH(QString, reason);
    const Result<RecurrenceRule> rule = RecurrenceRule::parse(text);
    QVERIFY(!rule.ok());
    QCOMPARE(rule.error().code(), proto::ERROR_INVALID_ARGUMENT);
    const QString prefix = QStringLiteral("The recurrence rule \"%1\" is not valid: ").arg(text);
    QVERIFY2(rule.error().message().startsWith(prefix), qPrintable(rule.error().message()));
    QVERIFY2(rule.error().message().contains(reason), qPrintable(rule.error().message()));
    QVERIFY(rule.error().message().endsWith(QLatin1Char('.')));
}

void TestRecurrenceRule::readsTheParts()
{
    QCOMPARE(RecurrenceRule::parse(QStringLiteral("FREQ=SOMETIMES")).error().message(),
             QStringLiteral("The recurrence rule \"FREQ=SOMETIMES\" is not valid: SOMETIMES is not a frequency; use "
                            "HOURLY, DAILY, WEEKLY, MONTHLY or YEARLY."));
    QCOMPARE(RecurrenceRule::parse(QString()).error().code(), proto::ERROR_INVALID_ARGUMENT);

    const Result<RecurrenceRule> rule = RecurrenceRule::parse(QStringLiteral("FREQ=WEEKLY;INTERVAL=2;UNTIL=20261231T230000Z"));
    QVERIFY(rule.ok());
    QCOMPARE(rule->frequency(), Frequency::Weekly);
    QCOMPARE(rule->interval(), 2);
    QCOMPARE(rule->count(), 0);
    QVERIFY(rule->until().has_value());
    QCOMPARE(*rule->until(), QDateTime(QDate(2026, 12, 31), QTime(23, 0), Qt::UTC));
    QVERIFY(rule->isFinite());

    const Result<RecurrenceRule> unbounded = RecurrenceRule::parse(QStringLiteral("FREQ=MONTHLY"));
    QVERIFY(unbounded.ok());
    QVERIFY(!unbounded->isFinite());
}

void TestRecurrenceRule::describesInEnglish_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QTime>("startTime");
    QTest::addColumn<QString>("expected");
    QTest::newRow("weekdays at 8") << "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR" << QTime(8, 0) << "every weekday at 08:00";
    QTest::newRow("monday and friday") << "FREQ=WEEKLY;BYDAY=MO,FR" << QTime() << "every Monday and Friday";
    QTest::newRow("three days") << "FREQ=WEEKLY;BYDAY=FR,MO,WE" << QTime(9, 30)
                                << "every Monday, Wednesday and Friday at 09:30";
    QTest::newRow("monthly day 1") << "FREQ=MONTHLY;BYMONTHDAY=1" << QTime() << "monthly on day 1";
    QTest::newRow("monthly two days") << "FREQ=MONTHLY;BYMONTHDAY=15,1" << QTime(6, 0) << "monthly on days 1 and 15 at 06:00";
    QTest::newRow("last day") << "FREQ=MONTHLY;BYMONTHDAY=-1" << QTime(23, 0) << "monthly on the last day at 23:00";
    QTest::newRow("first monday") << "FREQ=MONTHLY;BYDAY=1MO" << QTime() << "monthly on the first Monday";
    QTest::newRow("last friday") << "FREQ=MONTHLY;INTERVAL=3;BYDAY=-1FR" << QTime(17, 0)
                                 << "every 3 months on the last Friday at 17:00";
    QTest::newRow("daily") << "FREQ=DAILY" << QTime(22, 0) << "every day at 22:00";
    QTest::newRow("every other day") << "FREQ=DAILY;INTERVAL=2" << QTime() << "every 2 days";
    QTest::newRow("weekend") << "FREQ=WEEKLY;BYDAY=SA,SU" << QTime(0, 0) << "every Saturday and Sunday at 00:00";
    QTest::newRow("fortnightly") << "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU" << QTime(10, 0) << "every 2 weeks on Tuesday at 10:00";
    QTest::newRow("weekly") << "FREQ=WEEKLY" << QTime() << "every week";
    QTest::newRow("byhour") << "FREQ=DAILY;BYHOUR=18,8" << QTime(8, 0) << "every day at 08:00 and 18:00";
    QTest::newRow("hourly") << "FREQ=HOURLY;INTERVAL=4" << QTime(0, 0) << "every 4 hours";
    QTest::newRow("hourly past") << "FREQ=HOURLY" << QTime(0, 30) << "every hour at 30 minutes past the hour";
    QTest::newRow("yearly") << "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25" << QTime() << "yearly in December on day 25";
    QTest::newRow("yearly last sunday") << "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU" << QTime(2, 0)
                                        << "yearly in March on the last Sunday at 02:00";
    QTest::newRow("count") << "FREQ=WEEKLY;BYDAY=TU;COUNT=10" << QTime() << "every Tuesday, 10 times";
    QTest::newRow("once") << "FREQ=DAILY;COUNT=1" << QTime() << "every day, once";
    QTest::newRow("until") << "FREQ=DAILY;UNTIL=20260401T000000Z" << QTime(8, 0)
                           << "every day at 08:00, until 2026-04-01 00:00 UTC";
    QTest::newRow("setpos") << "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1" << QTime()
                            << "monthly on every Monday, every Tuesday, every Wednesday, every Thursday and every Friday, "
                               "with the further rule part BYSETPOS=-1";
    QTest::newRow("daily weekdays") << "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR" << QTime(7, 15) << "every weekday at 07:15";
    QTest::newRow("in months") << "FREQ=DAILY;BYMONTH=7,8" << QTime() << "every day in July and August";
}

void TestRecurrenceRule::describesInEnglish()
{
    QFETCH(QString, text);
    QFETCH(QTime, startTime);
    QFETCH(QString, expected);
    const Result<RecurrenceRule> rule = RecurrenceRule::parse(text);
    QVERIFY2(rule.ok(), qPrintable(rule.ok() ? QString() : rule.error().message()));
    QCOMPARE(rule->describe(startTime), expected);
}

void TestRecurrenceRule::buildsFromChoicesAndBack_data()
{
    QTest::addColumn<RecurrenceChoices>("choices");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("description");

    RecurrenceChoices weekdays;
    weekdays.frequency = Frequency::Weekly;
    weekdays.weekdays = {Qt::Monday, Qt::Tuesday, Qt::Wednesday, Qt::Thursday, Qt::Friday};
    QTest::newRow("weekdays") << weekdays << "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR" << "every weekday at 08:00";

    RecurrenceChoices monthly;
    monthly.frequency = Frequency::Monthly;
    monthly.monthDays = {1};
    QTest::newRow("monthly") << monthly << "FREQ=MONTHLY;BYMONTHDAY=1" << "monthly on day 1 at 08:00";

    RecurrenceChoices fortnight;
    fortnight.frequency = Frequency::Weekly;
    fortnight.interval = 2;
    fortnight.weekdays = {Qt::Monday, Qt::Friday};
    fortnight.count = 6;
    QTest::newRow("fortnight") << fortnight << "FREQ=WEEKLY;COUNT=6;INTERVAL=2;BYDAY=MO,FR"
                               << "every 2 weeks on Monday and Friday at 08:00, 6 times";

    RecurrenceChoices summer;
    summer.frequency = Frequency::Daily;
    summer.months = {6, 7, 8};
    summer.until = QDateTime(QDate(2027, 9, 1), QTime(0, 0), Qt::UTC);
    QTest::newRow("summer") << summer << "FREQ=DAILY;UNTIL=20270901T000000Z;BYMONTH=6,7,8"
                            << "every day in June, July and August at 08:00, until 2027-09-01 00:00 UTC";

    RecurrenceChoices lastDay;
    lastDay.frequency = Frequency::Monthly;
    lastDay.monthDays = {-1, 15};
    QTest::newRow("last day") << lastDay << "FREQ=MONTHLY;BYMONTHDAY=-1,15" << "monthly on day 15 and the last day at 08:00";

    RecurrenceChoices yearly;
    yearly.frequency = Frequency::Yearly;
    yearly.months = {12};
    yearly.monthDays = {24, 31};
    QTest::newRow("yearly") << yearly << "FREQ=YEARLY;BYMONTHDAY=24,31;BYMONTH=12"
                            << "yearly in December on days 24 and 31 at 08:00";

    RecurrenceChoices hourly;
    hourly.frequency = Frequency::Hourly;
    hourly.interval = 6;
    QTest::newRow("hourly") << hourly << "FREQ=HOURLY;INTERVAL=6" << "every 6 hours";
}

void TestRecurrenceRule::buildsFromChoicesAndBack()
{
    QFETCH(RecurrenceChoices, choices);
    QFETCH(QString, text);
    QFETCH(QString, description);

    const Result<QString> built = RecurrenceBuilder::toText(choices);
    QVERIFY2(built.ok(), qPrintable(built.ok() ? QString() : built.error().message()));
    QCOMPARE(*built, text);

    const Result<RecurrenceRule> rule = RecurrenceBuilder::build(choices);
    QVERIFY(rule.ok());
    QCOMPARE(rule->text(), text);
    QCOMPARE(rule->describe(QTime(8, 0)), description);

    // And back: the rule's choices are the ones it was built from.
    const std::optional<RecurrenceChoices> back = rule->choices();
    QVERIFY(back.has_value());
    QCOMPARE(back->frequency, choices.frequency);
    QCOMPARE(back->interval, choices.interval);
    QCOMPARE(back->weekdays, choices.weekdays);
    QList<int> monthDays = choices.monthDays;
    std::sort(monthDays.begin(), monthDays.end());
    QCOMPARE(back->monthDays, monthDays);
    QCOMPARE(back->months, choices.months);
    QCOMPARE(back->count, choices.count);
    QCOMPARE(back->until, choices.until);

    // Unsorted, duplicated input gives the same rule.
    RecurrenceChoices shuffled = choices;
    std::reverse(shuffled.weekdays.begin(), shuffled.weekdays.end());
    shuffled.weekdays += shuffled.weekdays;
    std::reverse(shuffled.months.begin(), shuffled.months.end());
    QCOMPARE(*RecurrenceBuilder::toText(shuffled), text);
}

void TestRecurrenceRule::choicesAreNotOfferedForRulesTheEditorCannotShow()
{
    for (const char *text : {"FREQ=DAILY;BYHOUR=8", "FREQ=MONTHLY;BYDAY=1MO", "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=1",
                             "FREQ=YEARLY;BYWEEKNO=20", "FREQ=WEEKLY;INTERVAL=2;WKST=SU"}) {
        const Result<RecurrenceRule> rule = RecurrenceRule::parse(QString::fromLatin1(text));
        QVERIFY2(rule.ok(), text);
        QVERIFY2(!rule->choices().has_value(), text);
    }
}

void TestRecurrenceRule::builderRefusesImpossibleChoices()
{
    RecurrenceChoices c;
    c.interval = 0;
    Result<QString> r = RecurrenceBuilder::toText(c);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().message(),
             QStringLiteral("These recurrence choices cannot be used: the interval is 0; give a whole number from 1 to 1000."));

    c = RecurrenceChoices();
    c.count = 3;
    c.until = QDateTime(QDate(2027, 1, 1), QTime(0, 0), Qt::UTC);
    QVERIFY(!RecurrenceBuilder::toText(c).ok());

    c = RecurrenceChoices();
    c.frequency = Frequency::Monthly;
    c.monthDays = {32};
    QVERIFY(!RecurrenceBuilder::toText(c).ok());

    c = RecurrenceChoices();
    c.frequency = Frequency::Yearly;
    c.months = {0};
    QVERIFY(!RecurrenceBuilder::toText(c).ok());

    c = RecurrenceChoices();
    c.frequency = Frequency::Weekly;
    c.monthDays = {1};
    QVERIFY(!RecurrenceBuilder::build(c).ok());
}

QTEST_GUILESS_MAIN(TestRecurrenceRule)
#include "tst_recurrencerule.moc"
