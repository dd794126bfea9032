// Calendar changes in the console's Running Tasks: a real engine embedded
// (OpsService) with a real host (vdc-monitor + vdc-agent on libvirt's test
// driver) and a ManualClock; the console follows it through OpsClient. A
// boundary shows up as a task row with its steps; Cancel on the row reaches
// the engine, which finishes the step in flight and skips the rest.
#include "calendar/manualclock.h"
#include "opsclient.h"
#include "opsengine.h"
#include "opsservice.h"
#include "statestore.h"
#include "tasklistmodel.h"
#include "taskspanel.h"

#include "testhost.h"

#include <QAbstractItemModelTester>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

#include <csignal>
#include <sys/types.h>

using namespace vdc;
using namespace vdc::gui;
using namespace vdc::testing;

namespace {

constexpr int kWaitMs = 60000;

QDateTime utc(int day, int hour) { return QDateTime(QDate(2026, 3, day), QTime(hour, 0), Qt::UTC); }

} // namespace

class TestConsoleTasks : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void boundaryShowsAsTaskRow();
    void cancelOnTheRowReachesTheEngine();

private:
    proto::OpsReply call(const std::function<void(proto::OpsRequest &)> &fill);
    QString cell(int row, TaskListModel::Column column) const;
    QStringList running();

    QTemporaryDir m_work;
    std::unique_ptr<TestHost> m_h1;
    std::unique_ptr<calendar::ManualClock> m_clock;
    std::unique_ptr<ops::OpsService> m_service;
    std::unique_ptr<StateStore> m_store;
    std::unique_ptr<OpsClient> m_client;
    std::unique_ptr<TasksPanel> m_panel;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

proto::OpsReply TestConsoleTasks::call(const std::function<void(proto::OpsRequest &)> &fill)
{
    proto::OpsRequest request;
    request.set_user("admin");
    fill(request);
    std::optional<proto::OpsReply> answer;
    m_service->engine().handle(request, [&answer](proto::OpsReply reply) { answer = std::move(reply); });
    if (!QTest::qWaitFor([&] { return answer.has_value(); }, kWaitMs)) {
        proto::OpsReply none;
        none.mutable_error()->set_code(proto::ERROR_UNAVAILABLE);
        none.mutable_error()->set_message("no answer in the test's time");
        return none;
    }
    return *answer;
}

QString TestConsoleTasks::cell(int row, TaskListModel::Column column) const
{
    return m_panel->model()->index(row, int(column)).data().toString();
}

QStringList TestConsoleTasks::running()
{
    QStringList names;
    for (const auto &p : m_service->engine().partitions(QStringLiteral("research")))
        if (p.state() == proto::PARTITION_STATE_RUNNING)
            names << QString::fromStdString(p.spec().name());
    return names;
}

void TestConsoleTasks::initTestCase()
{
    QVERIFY(m_work.isValid());
    TestHost::Options options;
    options.name = QStringLiteral("h1");
    options.uri = QStringLiteral("test:///default");
    options.workDir = m_work.filePath(QStringLiteral("h1"));
    options.reserveCores = 8;
    options.reserveMemoryMib = 256;
    m_h1 = std::make_unique<TestHost>(options);
    QVERIFY2(m_h1->start(), qPrintable(m_h1->log()));

    ops::OpsService::Options serviceOptions;
    serviceOptions.databasePath = m_work.filePath(QStringLiteral("ops.sqlite"));
    serviceOptions.listenEndpoint = QStringLiteral("inproc://tst-consoletasks-ops");
    serviceOptions.publishEndpoint = QStringLiteral("inproc://tst-consoletasks-state");
    auto service = ops::OpsService::start(serviceOptions);
    QVERIFY2(service.ok(), qPrintable(service ? QString() : service.error().message()));
    m_service = std::move(service.value());
    m_clock = std::make_unique<calendar::ManualClock>(utc(1, 12));
    m_service->engine().setClock(m_clock.get());

    m_store = std::make_unique<StateStore>();
    m_client = std::make_unique<OpsClient>(m_store.get());
    QVERIFY(m_client->connectTo(m_service->listenEndpoint()).ok());
    QTRY_VERIFY_WITH_TIMEOUT(m_client->isConnected(), kWaitMs);
    m_panel = std::make_unique<TasksPanel>(m_client.get(), m_store.get());
    m_tester = std::make_unique<QAbstractItemModelTester>(m_panel->model(),
                                                          QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_panel->resize(800, 300);
    m_panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));

    auto ok = [](const proto::OpsReply &r) { return r.error().code() == proto::ERROR_NONE; };
    auto reply = call([&](proto::OpsRequest &r) {
        r.mutable_add_host()->set_name("h1");
        r.mutable_add_host()->set_agent_endpoint(m_h1->agentEndpoint().toStdString());
    });
    QVERIFY2(ok(reply), reply.error().message().c_str());
    reply = call([](proto::OpsRequest &r) { r.mutable_create_domain()->mutable_domain()->set_name("research"); });
    QVERIFY2(ok(reply), reply.error().message().c_str());
    for (const char *name : {"a", "b"}) {
        reply = call([&](proto::OpsRequest &r) {
            auto *s = r.mutable_create_partition()->mutable_spec();
            s->set_name(name);
            s->set_domain("research");
            s->set_vcpus(1);
            s->set_memory_mib(128);
        });
        QVERIFY2(ok(reply), reply.error().message().c_str());
    }
    reply = call([](proto::OpsRequest &r) {
        auto *p = r.mutable_put_policy_set()->mutable_policy_set();
        p->set_domain("research");
        p->set_name("day");
        p->add_run("a");
        p->add_run("b");
    });
    QVERIFY2(ok(reply), reply.error().message().c_str());
    reply = call([](proto::OpsRequest &r) {
        auto *p = r.mutable_put_policy_set()->mutable_policy_set();
        p->set_domain("research");
        p->set_name("night");
        p->add_stop("a");
        p->add_stop("b");
    });
    QVERIFY2(ok(reply), reply.error().message().c_str());
    reply = call([](proto::OpsRequest &r) {
        r.mutable_update_domain()->set_name("research");
        r.mutable_update_domain()->set_default_policy_set("day");
    });
    QVERIFY2(ok(reply), reply.error().message().c_str());
    reply = call([](proto::OpsRequest &r) {
        auto *e = r.mutable_put_calendar_entry()->mutable_entry();
        e->set_domain("research");
        e->set_name("nights");
        e->set_policy_set("night");
        e->set_time_zone("UTC");
        e->set_start("2026-03-01T20:00");
        e->set_duration_seconds(10 * 3600);
        e->set_recurrence("FREQ=DAILY");
    });
    QVERIFY2(ok(reply), reply.error().message().c_str());
}

void TestConsoleTasks::cleanupTestCase()
{
    if (m_h1)
        ::kill(pid_t(m_h1->agent().pid()), SIGCONT);
    if (m_service)
        for (const auto &p : m_service->engine().partitions())
            if (p.state() == proto::PARTITION_STATE_RUNNING)
                call([&](proto::OpsRequest &r) {
                    r.mutable_stop_partition()->set_name(p.spec().name());
                    r.mutable_stop_partition()->set_domain(p.spec().domain());
                });
    m_tester.reset();
    m_panel.reset();
    m_client.reset();
    m_store.reset();
    m_service.reset();
    m_h1.reset();
}

void TestConsoleTasks::boundaryShowsAsTaskRow()
{
    m_service->engine().evaluateCalendars();
    QTRY_VERIFY_WITH_TIMEOUT(!m_service->engine().calendarsBusy(), kWaitMs);
    QCOMPARE(running(), (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
    // The console has the whole transition, from its deltas.
    QTRY_COMPARE_WITH_TIMEOUT(cell(0, TaskListModel::Column::Phase), QStringLiteral("Completed"), kWaitMs);
    QCOMPARE(m_panel->model()->rowCount(), 1);
    QCOMPARE(cell(0, TaskListModel::Column::Task), QStringLiteral("Calendar: research → day"));
    QCOMPARE(cell(0, TaskListModel::Column::Progress), QStringLiteral("2 of 2 steps"));
    QCOMPARE(m_panel->model()->kind(0), TaskListModel::Kind::PolicyTransition);
    QVERIFY(m_panel->model()->index(0, 0).data(int(TaskListModel::Role::Finished)).toBool());
    QCOMPARE(m_panel->model()->index(0, 0).data(int(TaskListModel::Role::Progress)).toDouble(), 1.0);
    QCOMPARE(m_panel->model()->index(0, 0).data(Qt::ToolTipRole).toString(),
             QStringLiteral("Start partition a.\nStart partition b."));
    QCOMPARE(m_panel->model()->runningCount(), 0);
}

void TestConsoleTasks::cancelOnTheRowReachesTheEngine()
{
    // The agent is held still, so the first stop stays in flight until the
    // cancel has reached the engine.
    const pid_t agent = pid_t(m_h1->agent().pid());
    QVERIFY(agent > 0);
    QCOMPARE(::kill(agent, SIGSTOP), 0);
    m_clock->setNow(utc(1, 20));
    m_service->engine().evaluateCalendars();
    QTRY_COMPARE_WITH_TIMEOUT(m_panel->model()->rowCount(), 2, kWaitMs);
    QCOMPARE(cell(0, TaskListModel::Column::Task), QStringLiteral("Calendar: research → night"));
    QCOMPARE(cell(0, TaskListModel::Column::Phase), QStringLiteral("Stop partition a."));
    QCOMPARE(cell(0, TaskListModel::Column::Progress), QStringLiteral("0 of 2 steps"));
    QCOMPARE(m_panel->model()->runningCount(), 1);

    auto *view = m_panel->findChild<QTreeView *>(QStringLiteral("tasksView"));
    auto *cancel = m_panel->findChild<QPushButton *>(QStringLiteral("cancelTaskButton"));
    QVERIFY(view && cancel);
    view->setCurrentIndex(m_panel->model()->index(0, 0));
    QVERIFY(cancel->isEnabled());
    QSignalSpy messages(m_panel.get(), &TasksPanel::statusMessage);
    QTest::mouseClick(cancel, Qt::LeftButton);
    // The engine has it: the row says so while the stop completes.
    QTRY_COMPARE_WITH_TIMEOUT(cell(0, TaskListModel::Column::Phase), QStringLiteral("Cancelling after: Stop partition a."),
                              kWaitMs);
    QCOMPARE(::kill(agent, SIGCONT), 0);

    QTRY_COMPARE_WITH_TIMEOUT(messages.count(), 1, kWaitMs);
    QCOMPARE(messages.at(0).at(0).toString(),
             QStringLiteral("The calendar change of domain research was cancelled after 1 of 2 steps; the others were not done."));
    QTRY_COMPARE_WITH_TIMEOUT(cell(0, TaskListModel::Column::Phase), QStringLiteral("Cancelled"), kWaitMs);
    QCOMPARE(cell(0, TaskListModel::Column::Progress), QStringLiteral("1 of 2 steps"));
    QVERIFY(m_panel->model()->index(0, 0).data(int(TaskListModel::Role::Finished)).toBool());
    QVERIFY(!cancel->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(!m_service->engine().calendarsBusy(), kWaitMs);
    QCOMPARE(running(), QStringList{QStringLiteral("b")});
    QCOMPARE(m_service->engine().appliedPolicySet(QStringLiteral("research")), QStringLiteral("night"));
}

QTEST_MAIN(TestConsoleTasks)
#include "tst_consoletasks.moc"
