// The policy calendar panel on a real embedded operations engine (inproc
// endpoints): the week and month views show the engine's entries where they
// happen, the entry dialog creates and edits entries in the engine and
// refuses bad input with its reason (sending nothing), and the next-boundary
// preview says what the engine plans and moves on when a boundary passes.
#include "boundarypreviewwidget.h"
#include "calendarentrydialog.h"
#include "calendarentrymodel.h"
#include "calendarmonthview.h"
#include "calendarpanel.h"
#include "calendarweekview.h"
#include "opsclient.h"
#include "opsservice.h"
#include "problemlabel.h"
#include "recurrenceeditor.h"
#include "statestore.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QDateEdit>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QMessageBox>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include <optional>

using namespace vdc;
using namespace vdc::gui;

namespace {
const QString kListen = QStringLiteral("inproc://tst-calendarpanel-ops");
const QString kPublish = QStringLiteral("inproc://tst-calendarpanel-state");
constexpr int kWaitMs = 30000;
const QTimeZone kBerlin("Europe/Berlin");

QString str(const std::string &s) { return QString::fromStdString(s); }
} // namespace

class TestCalendarPanel : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void weekViewShowsOccurrences();
    void monthViewListsEntriesPerDay();
    void createsEntryThroughDialog();
    void editsEntryFromWeekView();
    void doubleClickOnEmptyTimeStartsThere();
    void invalidInputIsRefusedWithReason();
    void engineRefusalStaysInDialog();
    void deletesEntry();
    void previewSaysWhatChangesNext();
    void previewMovesOnWhenBoundaryPasses();
    void recurrenceEditorReadsRulesBack();
    void screenshots();

private:
    proto::OpsReply call(proto::OpsRequest request);
    void putPolicySet(const QString &name, const QStringList &run);
    void putEntry(const QString &name, const QString &set, const QString &zone, const QString &start,
                  qint64 durationSeconds, const QString &rule, int priority = 0);
    std::optional<proto::CalendarEntry> engineEntry(const QString &name);
    int engineEntryCount();
    void refreshPanel();
    CalendarEntryDialog *waitForDialog();
    QPushButton *okButton(CalendarEntryDialog *dialog);
    QList<CalendarWeekView::Block> blocksOf(const QString &entry) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ops::OpsService> m_service;
    std::unique_ptr<StateStore> m_store;
    std::unique_ptr<OpsClient> m_client;
    std::unique_ptr<CalendarPanel> m_panel;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

proto::OpsReply TestCalendarPanel::call(proto::OpsRequest request)
{
    std::optional<proto::OpsReply> answer;
    m_client->request(std::move(request), this, [&](const proto::OpsReply &reply) { answer = reply; });
    if (!QTest::qWaitFor([&] { return answer.has_value(); }, kWaitMs)) {
        proto::OpsReply none;
        none.mutable_error()->set_code(proto::ERROR_UNAVAILABLE);
        none.mutable_error()->set_message("no reply");
        return none;
    }
    return *answer;
}

void TestCalendarPanel::putPolicySet(const QString &name, const QStringList &run)
{
    proto::OpsRequest request;
    auto *set = request.mutable_put_policy_set()->mutable_policy_set();
    set->set_domain("default");
    set->set_name(name.toStdString());
    for (const QString &p : run)
        set->add_run(p.toStdString());
    const auto reply = call(request);
    QVERIFY2(reply.error().code() == proto::ERROR_NONE, reply.error().message().c_str());
}

void TestCalendarPanel::putEntry(const QString &name, const QString &set, const QString &zone, const QString &start,
                                 qint64 durationSeconds, const QString &rule, int priority)
{
    proto::OpsRequest request;
    auto *e = request.mutable_put_calendar_entry()->mutable_entry();
    e->set_domain("default");
    e->set_name(name.toStdString());
    e->set_policy_set(set.toStdString());
    e->set_time_zone(zone.toStdString());
    e->set_start(start.toStdString());
    e->set_duration_seconds(durationSeconds);
    e->set_recurrence(rule.toStdString());
    e->set_priority(priority);
    const auto reply = call(request);
    QVERIFY2(reply.error().code() == proto::ERROR_NONE, reply.error().message().c_str());
}

std::optional<proto::CalendarEntry> TestCalendarPanel::engineEntry(const QString &name)
{
    proto::OpsRequest request;
    request.mutable_list_policies()->set_domain("default");
    const auto reply = call(request);
    for (const auto &e : reply.policies().entries())
        if (str(e.name()) == name)
            return e;
    return std::nullopt;
}

int TestCalendarPanel::engineEntryCount()
{
    proto::OpsRequest request;
    request.mutable_list_policies()->set_domain("default");
    return call(request).policies().entries_size();
}

void TestCalendarPanel::refreshPanel()
{
    QSignalSpy refreshed(m_panel.get(), &CalendarPanel::refreshed);
    m_panel->refresh();
    QVERIFY(refreshed.wait(kWaitMs));
}

CalendarEntryDialog *TestCalendarPanel::waitForDialog()
{
    CalendarEntryDialog *dialog = nullptr;
    const bool shown = QTest::qWaitFor([&] {
        dialog = m_panel->entryDialog();
        return dialog && dialog->isVisible();
    }, kWaitMs);
    return shown ? dialog : nullptr;
}

QPushButton *TestCalendarPanel::okButton(CalendarEntryDialog *dialog)
{
    return dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
}

QList<CalendarWeekView::Block> TestCalendarPanel::blocksOf(const QString &entry) const
{
    QList<CalendarWeekView::Block> out;
    for (const auto &b : m_panel->weekView()->blocks())
        if (b.entry == entry)
            out << b;
    return out;
}

void TestCalendarPanel::init()
{
    QVERIFY(kBerlin.isValid());
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    ops::OpsService::Options options;
    options.databasePath = m_dir->filePath(QStringLiteral("ops.sqlite"));
    options.listenEndpoint = kListen;
    options.publishEndpoint = kPublish;
    auto service = ops::OpsService::start(options);
    QVERIFY2(service.ok(), qPrintable(service ? QString() : service.error().message()));
    m_service = std::move(service.value());
    m_store = std::make_unique<StateStore>();
    m_client = std::make_unique<OpsClient>(m_store.get());
    QVERIFY(m_client->connectTo(m_service->listenEndpoint()).ok());
    QTRY_VERIFY_WITH_TIMEOUT(m_client->isConnected(), kWaitMs);

    // Two partitions (definitions only) and the sets the entries put in force.
    for (const char *name : {"web2", "web3"}) {
        proto::PartitionSpec spec;
        spec.set_name(name);
        spec.set_domain("default");
        spec.set_vcpus(1);
        spec.set_memory_mib(512);
        std::optional<proto::OpsReply> answer;
        m_client->createPartition(spec, this, [&](const proto::OpsReply &reply) { answer = reply; });
        QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), kWaitMs);
        QVERIFY2(answer->error().code() == proto::ERROR_NONE, answer->error().message().c_str());
    }
    putPolicySet(QStringLiteral("business"), {});
    putPolicySet(QStringLiteral("night"), {QStringLiteral("web2"), QStringLiteral("web3")});

    m_panel = std::make_unique<CalendarPanel>(m_client.get(), m_store.get());
    m_tester = std::make_unique<QAbstractItemModelTester>(m_panel->entryModel(),
                                                          QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_panel->resize(1280, 820);
    m_panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
    m_panel->setDisplayTimeZone(kBerlin);
    refreshPanel();
    QCOMPARE(m_panel->domain(), QStringLiteral("default"));
    QVERIFY(m_panel->policySetNames().contains(QStringLiteral("night")));
}

void TestCalendarPanel::cleanup()
{
    m_tester.reset();
    m_panel.reset();
    m_client.reset();
    m_service.reset();
    m_store.reset();
    m_dir.reset();
}

void TestCalendarPanel::weekViewShowsOccurrences()
{
    // Every weekday 08:00-18:00 Berlin time, from Monday 30 Nov 2026.
    putEntry(QStringLiteral("business-hours"), QStringLiteral("business"), QStringLiteral("Europe/Berlin"),
             QStringLiteral("2026-11-30T08:00"), 10 * 3600, QStringLiteral("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"));
    // Saturday 22:00 for 8 hours: crosses midnight into Sunday.
    putEntry(QStringLiteral("weekend-backup"), QStringLiteral("night"), QStringLiteral("Europe/Berlin"),
             QStringLiteral("2026-12-05T22:00"), 8 * 3600, QStringLiteral("FREQ=WEEKLY"));
    m_panel->showDate(QDate(2026, 12, 2));
    refreshPanel();
    QCOMPARE(m_panel->entryModel()->rowCount(), 2);
    QCOMPARE(m_panel->weekView()->weekStart(), QDate(2026, 11, 30));

    const auto business = blocksOf(QStringLiteral("business-hours"));
    QCOMPARE(business.size(), 5);
    for (int i = 0; i < 5; ++i) {
        QCOMPARE(business[i].day, QDate(2026, 11, 30).addDays(i));
        QCOMPARE(business[i].fromMinute, 8 * 60);
        QCOMPARE(business[i].toMinute, 18 * 60);
    }
    const auto backup = blocksOf(QStringLiteral("weekend-backup"));
    QCOMPARE(backup.size(), 2);
    QCOMPARE(backup[0].day, QDate(2026, 12, 5));
    QCOMPARE(backup[0].fromMinute, 22 * 60);
    QCOMPARE(backup[0].toMinute, 24 * 60);
    QVERIFY(backup[0].continuesAfter);
    QCOMPARE(backup[1].day, QDate(2026, 12, 6));
    QCOMPARE(backup[1].fromMinute, 0);
    QCOMPARE(backup[1].toMinute, 6 * 60);

    // What is drawn there is the entry.
    QCOMPARE(m_panel->weekView()->entryAt(m_panel->weekView()->pointAt(QDate(2026, 12, 3), QTime(12, 0))),
             QStringLiteral("business-hours"));
    QVERIFY(m_panel->weekView()->entryAt(m_panel->weekView()->pointAt(QDate(2026, 12, 3), QTime(19, 0))).isEmpty());

    // Shown in UTC the same occurrences are an hour earlier (Berlin is UTC+1 in winter).
    m_panel->setDisplayTimeZone(QTimeZone::utc());
    const auto utc = blocksOf(QStringLiteral("business-hours"));
    QCOMPARE(utc.size(), 5);
    QCOMPARE(utc[0].fromMinute, 7 * 60);
    QCOMPARE(utc[0].toMinute, 17 * 60);

    // In summer the same wall time is two hours from UTC.
    m_panel->showDate(QDate(2027, 7, 7));
    const auto summer = blocksOf(QStringLiteral("business-hours"));
    QCOMPARE(summer.size(), 5);
    QCOMPARE(summer[0].fromMinute, 6 * 60);

    // Navigation: next, previous, today.
    m_panel->setDisplayTimeZone(kBerlin);
    m_panel->showDate(QDate(2026, 12, 2));
    QTest::mouseClick(m_panel->findChild<QToolButton *>(QStringLiteral("nextButton")), Qt::LeftButton);
    QCOMPARE(m_panel->weekView()->weekStart(), QDate(2026, 12, 7));
    QCOMPARE(blocksOf(QStringLiteral("business-hours")).size(), 5);
    QTest::mouseClick(m_panel->findChild<QToolButton *>(QStringLiteral("previousButton")), Qt::LeftButton);
    QTest::mouseClick(m_panel->findChild<QToolButton *>(QStringLiteral("previousButton")), Qt::LeftButton);
    QCOMPARE(m_panel->weekView()->weekStart(), QDate(2026, 11, 23));
    QVERIFY(blocksOf(QStringLiteral("business-hours")).isEmpty()); // before the first start
    QTest::mouseClick(m_panel->findChild<QPushButton *>(QStringLiteral("todayButton")), Qt::LeftButton);
    const QDate today = QDateTime::currentDateTimeUtc().toTimeZone(kBerlin).date();
    QCOMPARE(m_panel->weekView()->weekStart(), today.addDays(1 - today.dayOfWeek()));
    QVERIFY(m_panel->findChild<QLabel *>(QStringLiteral("rangeLabel"))->text().contains(QString::number(today.year())));
}

void TestCalendarPanel::monthViewListsEntriesPerDay()
{
    putEntry(QStringLiteral("business-hours"), QStringLiteral("business"), QStringLiteral("Europe/Berlin"),
             QStringLiteral("2026-11-30T08:00"), 10 * 3600, QStringLiteral("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"));
    putEntry(QStringLiteral("patch-night"), QStringLiteral("night"), QStringLiteral("Europe/Berlin"),
             QStringLiteral("2026-12-08T20:00"), 4 * 3600, QStringLiteral("FREQ=MONTHLY;BYDAY=2TU"));
    refreshPanel();
    QTest::mouseClick(m_panel->findChild<QToolButton *>(QStringLiteral("monthModeButton")), Qt::LeftButton);
    QCOMPARE(m_panel->mode(), CalendarPanel::Mode::Month);
    m_panel->showDate(QDate(2026, 12, 15));
    CalendarMonthView *month = m_panel->monthView();
    QVERIFY(month->isVisible());
    QCOMPARE(month->month(), QDate(2026, 12, 1));
    QCOMPARE(month->firstDayShown(), QDate(2026, 11, 30));
    QCOMPARE(month->itemTexts(QDate(2026, 12, 1)), QStringList{QStringLiteral("08:00 business-hours")});
    QVERIFY(month->itemTexts(QDate(2026, 12, 5)).isEmpty()); // Saturday
    // The second Tuesday of December 2026 is the 8th.
    QCOMPARE(month->itemTexts(QDate(2026, 12, 8)),
             (QStringList{QStringLiteral("08:00 business-hours"), QStringLiteral("20:00 patch-night")}));
    QVERIFY(!month->itemTexts(QDate(2026, 12, 15)).contains(QStringLiteral("20:00 patch-night")));
    // Next month: the second Tuesday of January 2027 is the 12th.
    QTest::mouseClick(m_panel->findChild<QToolButton *>(QStringLiteral("nextButton")), Qt::LeftButton);
    QCOMPARE(month->month(), QDate(2027, 1, 1));
    QVERIFY(month->itemTexts(QDate(2027, 1, 12)).contains(QStringLiteral("20:00 patch-night")));
    QCOMPARE(m_panel->findChild<QLabel *>(QStringLiteral("rangeLabel"))->text(),
             QLocale().toString(QDate(2027, 1, 1), QStringLiteral("MMMM yyyy")));
}

void TestCalendarPanel::createsEntryThroughDialog()
{
    QCOMPARE(engineEntryCount(), 0);
    QTest::mouseClick(m_panel->findChild<QPushButton *>(QStringLiteral("newEntryButton")), Qt::LeftButton);
    CalendarEntryDialog *dialog = waitForDialog();
    QVERIFY(dialog);
    QVERIFY(!dialog->isEditing());
    QVERIFY(!okButton(dialog)->isEnabled()); // no name yet

    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("nameEdit")), QStringLiteral("office-hours"));
    dialog->findChild<QComboBox *>(QStringLiteral("policySetCombo"))->setCurrentText(QStringLiteral("business"));
    dialog->findChild<QDateTimeEdit *>(QStringLiteral("startEdit"))
        ->setDateTime(QDateTime(QDate(2026, 12, 1), QTime(8, 0), Qt::UTC));
    dialog->findChild<QSpinBox *>(QStringLiteral("durationHoursSpin"))->setValue(10);
    dialog->findChild<QComboBox *>(QStringLiteral("timeZoneCombo"))->setCurrentText(QStringLiteral("Europe/Berlin"));
    auto *repeat = dialog->findChild<QComboBox *>(QStringLiteral("repeatCombo"));
    repeat->setCurrentIndex(repeat->findData(int(RecurrenceEditor::Repeat::Weekly)));
    // Monday to Friday (the editor offers the start's weekday first).
    for (int d = 1; d <= 5; ++d) {
        auto *button = dialog->findChild<QToolButton *>(QStringLiteral("weekdayButton%1").arg(d));
        if (!button->isChecked())
            QTest::mouseClick(button, Qt::LeftButton);
    }
    auto *ends = dialog->findChild<QComboBox *>(QStringLiteral("endsCombo"));
    ends->setCurrentIndex(1); // on a date
    dialog->findChild<QDateEdit *>(QStringLiteral("untilEdit"))->setDate(QDate(2026, 12, 31));

    QCOMPARE(dialog->sentence(), QStringLiteral("Every weekday at 08:00 until 31 Dec 2026"));
    // The end of 31 Dec in Berlin is 22:59:59 UTC.
    QCOMPARE(dialog->rule(), QStringLiteral("FREQ=WEEKLY;UNTIL=20261231T225959Z;BYDAY=MO,TU,WE,TH,FR"));
    QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("ruleLabel"))->text().contains(dialog->rule()));
    QVERIFY2(dialog->problem().isEmpty(), qPrintable(dialog->problem()));
    QVERIFY(okButton(dialog)->isEnabled());

    QSignalSpy refreshed(m_panel.get(), &CalendarPanel::refreshed);
    QTest::mouseClick(okButton(dialog), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!m_panel->entryDialog(), kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(refreshed.count() > 0, kWaitMs);

    const auto stored = engineEntry(QStringLiteral("office-hours"));
    QVERIFY(stored);
    QCOMPARE(str(stored->policy_set()), QStringLiteral("business"));
    QCOMPARE(str(stored->time_zone()), QStringLiteral("Europe/Berlin"));
    QCOMPARE(str(stored->start()), QStringLiteral("2026-12-01T08:00:00"));
    QCOMPARE(stored->duration_seconds(), 10 * 3600);
    QCOMPARE(str(stored->recurrence()), QStringLiteral("FREQ=WEEKLY;UNTIL=20261231T225959Z;BYDAY=MO,TU,WE,TH,FR"));
    QCOMPARE(m_panel->entryModel()->rowCount(), 1);

    // The last week with occurrences is the one of 28 Dec; nothing after the end date.
    m_panel->showDate(QDate(2026, 12, 30));
    QCOMPARE(blocksOf(QStringLiteral("office-hours")).size(), 4); // Mon 28 to Thu 31
    m_panel->showDate(QDate(2027, 1, 6));
    QVERIFY(blocksOf(QStringLiteral("office-hours")).isEmpty());
}

void TestCalendarPanel::editsEntryFromWeekView()
{
    putEntry(QStringLiteral("business-hours"), QStringLiteral("business"), QStringLiteral("Europe/Berlin"),
             QStringLiteral("2026-11-30T08:00"), 10 * 3600, QStringLiteral("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"));
    m_panel->showDate(QDate(2026, 12, 2));
    refreshPanel();
    CalendarWeekView *week = m_panel->weekView();
    QTest::mouseDClick(week, Qt::LeftButton, {}, week->pointAt(QDate(2026, 12, 2), QTime(10, 0)));
    CalendarEntryDialog *dialog = waitForDialog();
    QVERIFY(dialog);
    QVERIFY(dialog->isEditing());
    auto *name = dialog->findChild<QLineEdit *>(QStringLiteral("nameEdit"));
    QCOMPARE(name->text(), QStringLiteral("business-hours"));
    QVERIFY(name->isReadOnly());
    QCOMPARE(dialog->sentence(), QStringLiteral("Every weekday at 08:00"));
    for (int d = 1; d <= 7; ++d)
        QCOMPARE(dialog->findChild<QToolButton *>(QStringLiteral("weekdayButton%1").arg(d))->isChecked(), d <= 5);

    dialog->findChild<QSpinBox *>(QStringLiteral("durationHoursSpin"))->setValue(9);
    dialog->findChild<QSpinBox *>(QStringLiteral("durationMinutesSpin"))->setValue(30);
    dialog->findChild<QSpinBox *>(QStringLiteral("prioritySpin"))->setValue(5);
    // Friday off: Monday to Thursday.
    QTest::mouseClick(dialog->findChild<QToolButton *>(QStringLiteral("weekdayButton5")), Qt::LeftButton);
    QCOMPARE(dialog->sentence(), QStringLiteral("Every Monday, Tuesday, Wednesday and Thursday at 08:00"));
    QTest::mouseClick(okButton(dialog), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!m_panel->entryDialog(), kWaitMs);

    const auto stored = engineEntry(QStringLiteral("business-hours"));
    QVERIFY(stored);
    QCOMPARE(stored->duration_seconds(), 9 * 3600 + 30 * 60);
    QCOMPARE(stored->priority(), 5);
    QCOMPARE(str(stored->recurrence()), QStringLiteral("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH"));
    QTRY_COMPARE_WITH_TIMEOUT(blocksOf(QStringLiteral("business-hours")).size(), 4, kWaitMs);
    QCOMPARE(blocksOf(QStringLiteral("business-hours")).first().toMinute, 17 * 60 + 30);
}

void TestCalendarPanel::doubleClickOnEmptyTimeStartsThere()
{
    m_panel->showDate(QDate(2026, 12, 2));
    CalendarWeekView *week = m_panel->weekView();
    QTest::mouseDClick(week, Qt::LeftButton, {}, week->pointAt(QDate(2026, 12, 3), QTime(14, 10)));
    CalendarEntryDialog *dialog = waitForDialog();
    QVERIFY(dialog);
    QVERIFY(!dialog->isEditing());
    QCOMPARE(dialog->findChild<QDateTimeEdit *>(QStringLiteral("startEdit"))->dateTime(),
             QDateTime(QDate(2026, 12, 3), QTime(14, 0), Qt::UTC));
    QCOMPARE(dialog->findChild<QComboBox *>(QStringLiteral("timeZoneCombo"))->currentText(),
             QStringLiteral("Europe/Berlin"));
    dialog->reject();
}

void TestCalendarPanel::invalidInputIsRefusedWithReason()
{
    putEntry(QStringLiteral("business-hours"), QStringLiteral("business"), QStringLiteral("Europe/Berlin"),
             QStringLiteral("2026-11-30T08:00"), 10 * 3600, QStringLiteral("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"));
    refreshPanel();
    m_panel->newEntry();
    CalendarEntryDialog *dialog = waitForDialog();
    QVERIFY(dialog);
    auto *name = dialog->findChild<QLineEdit *>(QStringLiteral("nameEdit"));
    auto *nameProblem = dialog->findChild<QLabel *>(QStringLiteral("nameProblem"));
    auto *zone = dialog->findChild<QComboBox *>(QStringLiteral("timeZoneCombo"));
    auto *zoneProblem = dialog->findChild<QLabel *>(QStringLiteral("timeZoneProblem"));
    auto *hours = dialog->findChild<QSpinBox *>(QStringLiteral("durationHoursSpin"));
    auto *minutes = dialog->findChild<QSpinBox *>(QStringLiteral("durationMinutesSpin"));
    auto *timingProblem = dialog->findChild<QLabel *>(QStringLiteral("timingProblem"));
    auto *recurrenceProblem = dialog->findChild<QLabel *>(QStringLiteral("recurrenceProblem"));
    QPushButton *ok = okButton(dialog);

    // A name with odd characters.
    QTest::keyClicks(name, QStringLiteral("night shift!"));
    QVERIFY(!ok->isEnabled());
    QVERIFY(nameProblem->isVisible());
    QVERIFY2(nameProblem->text().contains(QLatin1String("name")), qPrintable(nameProblem->text()));
    // A name already taken.
    name->setText(QStringLiteral("business-hours"));
    QVERIFY(!ok->isEnabled());
    QVERIFY(nameProblem->text().contains(QLatin1String("already has a calendar entry named business-hours")));
    name->setText(QStringLiteral("night-shift"));
    QVERIFY(!nameProblem->isVisible());
    QVERIFY2(ok->isEnabled(), qPrintable(dialog->problem()));

    // Unknown zone, odd characters in a zone.
    zone->setCurrentText(QStringLiteral("Mars/Olympus_Mons"));
    QVERIFY(!ok->isEnabled());
    QVERIFY(zoneProblem->isVisible());
    QVERIFY(zoneProblem->text().contains(QLatin1String("is not known")));
    zone->setCurrentText(QStringLiteral("Europe/Ber'lin"));
    QVERIFY(zoneProblem->text().contains(QLatin1String("characters")));
    zone->setCurrentText(QStringLiteral("Europe/Berlin"));
    QVERIFY(!zoneProblem->isVisible());
    QVERIFY(ok->isEnabled());

    // Zero duration.
    hours->setValue(0);
    minutes->setValue(0);
    QVERIFY(!ok->isEnabled());
    QVERIFY(timingProblem->isVisible());
    QVERIFY(timingProblem->text().contains(QLatin1String("duration")));
    hours->setValue(2);
    QVERIFY(ok->isEnabled());

    // An end before the start.
    auto *lengthMode = dialog->findChild<QComboBox *>(QStringLiteral("lengthModeCombo"));
    lengthMode->setCurrentIndex(1);
    QVERIFY(ok->isEnabled()); // switching keeps the length
    auto *start = dialog->findChild<QDateTimeEdit *>(QStringLiteral("startEdit"));
    dialog->findChild<QDateTimeEdit *>(QStringLiteral("endEdit"))->setDateTime(start->dateTime().addSecs(-3600));
    QVERIFY(!ok->isEnabled());
    QVERIFY(timingProblem->text().contains(QLatin1String("before the start")));
    lengthMode->setCurrentIndex(0);
    QVERIFY(ok->isEnabled());

    // A weekly repeat without weekdays, an end date before the start.
    auto *repeat = dialog->findChild<QComboBox *>(QStringLiteral("repeatCombo"));
    repeat->setCurrentIndex(repeat->findData(int(RecurrenceEditor::Repeat::Weekly)));
    for (int d = 1; d <= 7; ++d) {
        auto *button = dialog->findChild<QToolButton *>(QStringLiteral("weekdayButton%1").arg(d));
        if (button->isChecked())
            QTest::mouseClick(button, Qt::LeftButton);
    }
    QVERIFY(!ok->isEnabled());
    QVERIFY(recurrenceProblem->isVisible());
    QVERIFY(recurrenceProblem->text().contains(QLatin1String("weekday")));
    QTest::mouseClick(dialog->findChild<QToolButton *>(QStringLiteral("weekdayButton3")), Qt::LeftButton);
    QVERIFY(ok->isEnabled());
    dialog->findChild<QComboBox *>(QStringLiteral("endsCombo"))->setCurrentIndex(1);
    dialog->findChild<QDateEdit *>(QStringLiteral("untilEdit"))->setDate(start->date().addDays(-1));
    QVERIFY(!ok->isEnabled());
    QVERIFY(recurrenceProblem->text().contains(QLatin1String("before the first start")));

    // Pressing OK (Enter) while the form is refused sends nothing.
    QTest::keyClick(dialog, Qt::Key_Return);
    dialog->findChild<QDialogButtonBox *>()->accepted();
    QVERIFY(dialog->isVisible());
    dialog->reject();
    QCOMPARE(engineEntryCount(), 1);
    QVERIFY(!engineEntry(QStringLiteral("night-shift")));
}

void TestCalendarPanel::engineRefusalStaysInDialog()
{
    putEntry(QStringLiteral("business-hours"), QStringLiteral("business"), QStringLiteral("Europe/Berlin"),
             QStringLiteral("2026-11-30T08:00"), 10 * 3600, QStringLiteral("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"));
    refreshPanel();
    // Same priority, another set, overlapping: the engine refuses it.
    m_panel->newEntry(QDateTime(QDate(2026, 12, 1), QTime(12, 0), kBerlin));
    CalendarEntryDialog *dialog = waitForDialog();
    QVERIFY(dialog);
    QTest::keyClicks(dialog->findChild<QLineEdit *>(QStringLiteral("nameEdit")), QStringLiteral("lunch"));
    dialog->findChild<QComboBox *>(QStringLiteral("policySetCombo"))->setCurrentText(QStringLiteral("night"));
    QVERIFY(okButton(dialog)->isEnabled());
    QTest::mouseClick(okButton(dialog), Qt::LeftButton);
    auto *problem = dialog->findChild<ProblemLabel *>();
    QTRY_VERIFY_WITH_TIMEOUT(!problem->problem().isEmpty(), kWaitMs);
    QVERIFY(dialog->isVisible());
    QVERIFY2(problem->problem().contains(QLatin1String("business-hours")), qPrintable(problem->problem()));
    QVERIFY(!engineEntry(QStringLiteral("lunch")));
    // A higher priority wins the overlap and is taken.
    dialog->findChild<QSpinBox *>(QStringLiteral("prioritySpin"))->setValue(10);
    QVERIFY(problem->problem().isEmpty());
    QTest::mouseClick(okButton(dialog), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!m_panel->entryDialog(), kWaitMs);
    QVERIFY(engineEntry(QStringLiteral("lunch")));
}

void TestCalendarPanel::deletesEntry()
{
    putEntry(QStringLiteral("business-hours"), QStringLiteral("business"), QStringLiteral("Europe/Berlin"),
             QStringLiteral("2026-11-30T08:00"), 10 * 3600, QStringLiteral("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"));
    m_panel->showDate(QDate(2026, 12, 2));
    refreshPanel();
    QCOMPARE(blocksOf(QStringLiteral("business-hours")).size(), 5);
    // A click on a block selects the entry; Delete asks first.
    CalendarWeekView *week = m_panel->weekView();
    QTest::mouseClick(week, Qt::LeftButton, {}, week->pointAt(QDate(2026, 12, 2), QTime(10, 0)));
    auto *remove = m_panel->findChild<QPushButton *>(QStringLiteral("deleteEntryButton"));
    QVERIFY(remove->isEnabled());
    QTest::mouseClick(remove, Qt::LeftButton);
    QMessageBox *box = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((box = m_panel->findChild<QMessageBox *>(QStringLiteral("confirmDeleteBox"))), kWaitMs);
    QVERIFY(box->text().contains(QLatin1String("business-hours")));
    QAbstractButton *confirm = nullptr;
    for (QAbstractButton *b : box->buttons())
        if (box->buttonRole(b) == QMessageBox::DestructiveRole)
            confirm = b;
    QVERIFY(confirm);
    QSignalSpy refreshed(m_panel.get(), &CalendarPanel::refreshed);
    confirm->click();
    QVERIFY(refreshed.wait(kWaitMs));
    QCOMPARE(engineEntryCount(), 0);
    QCOMPARE(m_panel->entryModel()->rowCount(), 0);
    QVERIFY(blocksOf(QStringLiteral("business-hours")).isEmpty());
}

void TestCalendarPanel::previewSaysWhatChangesNext()
{
    m_panel->setDisplayTimeZone(QTimeZone::utc());
    const QDate tomorrow = QDateTime::currentDateTimeUtc().date().addDays(1);
    putEntry(QStringLiteral("night-run"), QStringLiteral("night"), QStringLiteral("UTC"),
             tomorrow.toString(Qt::ISODate) + QStringLiteral("T18:00"), 2 * 3600, QString());
    m_panel->refresh();
    BoundaryPreviewWidget *preview = m_panel->boundaryPreview();
    QTRY_VERIFY_WITH_TIMEOUT(preview->text().contains(QLatin1String("At 18:00 tomorrow (in ")), kWaitMs);
    const QString text = preview->text();
    QVERIFY2(text.contains(QLatin1String("At 18:00 tomorrow (in ")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("): policy set night comes into force: ")), qPrintable(text));
    // The engine's plan: what it will start.
    QVERIFY2(text.contains(QLatin1String("Start partition web2.")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("Start partition web3.")), qPrintable(text));
    // The panel says what is in force now.
    QVERIFY(m_panel->findChild<QLabel *>(QStringLiteral("inForceLabel"))->text().contains(QLatin1String("default")));

    QCOMPARE(BoundaryPreviewWidget::countdown(3 * 3600 + 12 * 60 + 5), QStringLiteral("3 h 12 min"));
    QCOMPARE(BoundaryPreviewWidget::countdown(30), QStringLiteral("less than a minute"));
    QCOMPARE(BoundaryPreviewWidget::countdown(5 * 60), QStringLiteral("5 min"));
}

void TestCalendarPanel::previewMovesOnWhenBoundaryPasses()
{
    m_panel->setDisplayTimeZone(QTimeZone::utc());
    // An entry that begins in a few seconds: the preview counts down to it,
    // then (after the boundary) shows its end as the next change.
    BoundaryPreviewWidget *preview = m_panel->boundaryPreview();
    QSignalSpy passed(preview, &BoundaryPreviewWidget::boundaryPassed);
    const QDateTime soon = QDateTime::currentDateTimeUtc().addSecs(6);
    putEntry(QStringLiteral("soon"), QStringLiteral("night"), QStringLiteral("UTC"),
             soon.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss")), 3600, QString());
    m_panel->refresh();
    QTRY_VERIFY_WITH_TIMEOUT(preview->text().contains(QLatin1String("policy set night comes into force")), kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(passed.count() > 0, kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(m_panel->boundaryPreview()->text().contains(QLatin1String("policy set default comes into force")),
                             kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(m_panel->findChild<QLabel *>(QStringLiteral("inForceLabel"))->text().contains(QLatin1String("soon")),
                             kWaitMs);
}

void TestCalendarPanel::recurrenceEditorReadsRulesBack()
{
    RecurrenceEditor editor;
    editor.setStart(QDate(2026, 12, 8), QTime(20, 0), kBerlin);
    const QStringList shown{
        QStringLiteral("FREQ=DAILY"),
        QStringLiteral("FREQ=DAILY;INTERVAL=2"),
        QStringLiteral("FREQ=WEEKLY;BYDAY=MO,WE"),
        QStringLiteral("FREQ=MONTHLY;BYMONTHDAY=15"),
        QStringLiteral("FREQ=MONTHLY;BYMONTHDAY=-1"),
        QStringLiteral("FREQ=MONTHLY;BYDAY=2TU"),
        QStringLiteral("FREQ=MONTHLY;BYDAY=-1FR"),
        QStringLiteral("FREQ=MONTHLY;COUNT=6;BYDAY=1MO"),
        QStringLiteral("FREQ=YEARLY"),
        QStringLiteral("FREQ=WEEKLY;UNTIL=20261231T225959Z;BYDAY=MO,TU,WE,TH,FR"),
    };
    for (const QString &rule : shown) {
        QVERIFY2(editor.setRule(rule), qPrintable(rule));
        QCOMPARE(editor.rule(), rule);
        QVERIFY(editor.problem().isEmpty());
    }
    QVERIFY(editor.setRule(QString()));
    QCOMPARE(editor.repeat(), RecurrenceEditor::Repeat::Once);
    QVERIFY(editor.sentence().startsWith(QLatin1String("Once, on ")));
    editor.setRule(QStringLiteral("FREQ=MONTHLY;BYDAY=2TU"));
    QCOMPARE(editor.sentence(), QStringLiteral("Every month on the second Tuesday at 20:00"));
    // A rule the choices cannot show is kept as written.
    QVERIFY(!editor.setRule(QStringLiteral("FREQ=DAILY;BYHOUR=8,20")));
    QCOMPARE(editor.rule(), QStringLiteral("FREQ=DAILY;BYHOUR=8,20"));
    QVERIFY(editor.findChild<QLabel *>(QStringLiteral("customRuleLabel"))->text().contains(QLatin1String("BYHOUR=8,20")));
}

void TestCalendarPanel::screenshots()
{
    const QString dir = qEnvironmentVariable("VDC_SCREENSHOT_DIR");
    if (dir.isEmpty())
        QSKIP("Set VDC_SCREENSHOT_DIR to write the calendar screenshots.");
    // A week around today, so the "now" line shows.
    const QDate today = QDateTime::currentDateTimeUtc().toTimeZone(kBerlin).date();
    const QDate monday = today.addDays(1 - today.dayOfWeek()).addDays(-7);
    const auto at = [&](int day, const char *time) {
        return monday.addDays(day).toString(Qt::ISODate) + QLatin1Char('T') + QLatin1String(time);
    };
    putPolicySet(QStringLiteral("maintenance"), {});
    putEntry(QStringLiteral("business-hours"), QStringLiteral("business"), QStringLiteral("Europe/Berlin"),
             at(0, "08:00"), 10 * 3600, QStringLiteral("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"));
    putEntry(QStringLiteral("nightly-batch"), QStringLiteral("night"), QStringLiteral("Europe/Berlin"),
             at(0, "22:00"), 6 * 3600, QStringLiteral("FREQ=DAILY"), 1);
    putEntry(QStringLiteral("patch-window"), QStringLiteral("maintenance"), QStringLiteral("Europe/Berlin"),
             at(1, "18:00"), 3 * 3600, QStringLiteral("FREQ=WEEKLY;BYDAY=TU"), 5);
    putEntry(QStringLiteral("storage-upgrade"), QStringLiteral("maintenance"), QStringLiteral("Europe/Berlin"),
             at(12, "09:00"), 6 * 3600, QString(), 10);
    m_panel->setDisplayTimeZone(kBerlin);
    m_panel->showDate(today);
    QSignalSpy previewed(m_panel->boundaryPreview(), &BoundaryPreviewWidget::refreshed);
    refreshPanel();
    QTRY_VERIFY_WITH_TIMEOUT(previewed.count() > 0, kWaitMs);
    m_panel->resize(1440, 860);
    QVERIFY(QDir().mkpath(dir));
    QVERIFY(m_panel->grab().save(QDir(dir).filePath(QStringLiteral("console-calendar.png"))));
    m_panel->setMode(CalendarPanel::Mode::Month);
    QVERIFY(m_panel->grab().save(QDir(dir).filePath(QStringLiteral("console-calendar-month.png"))));
    m_panel->setMode(CalendarPanel::Mode::Week);

    m_panel->editEntry(QStringLiteral("business-hours"));
    CalendarEntryDialog *dialog = waitForDialog();
    QVERIFY(dialog);
    dialog->findChild<QComboBox *>(QStringLiteral("endsCombo"))->setCurrentIndex(1);
    dialog->findChild<QDateEdit *>(QStringLiteral("untilEdit"))->setDate(QDate(today.year(), 12, 31));
    dialog->adjustSize();
    QVERIFY(dialog->grab().save(QDir(dir).filePath(QStringLiteral("console-calendar-editor.png"))));
    dialog->reject();
}

QTEST_MAIN(TestCalendarPanel)
#include "tst_calendarpanel.moc"
