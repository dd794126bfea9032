// Calendar changes as running tasks: a real engine with a real host
// (vdc-monitor + vdc-agent on libvirt's test driver) and a ManualClock moved
// across boundaries. Each change is published step by step as
// StateDelta.policy_transition; CancelPolicyTransition lets the step in
// flight finish and skips the rest.
#include "calendar/manualclock.h"
#include "opsdatabase.h"
#include "opsengine.h"

#include "testhost.h"

#include <QTemporaryDir>
#include <QTest>

using namespace vdc;
using namespace vdc::ops;
using namespace vdc::testing;

namespace {

QString text(const std::string &s) { return QString::fromStdString(s); }

QDateTime utc(int day, int hour, int minute = 0)
{
    return QDateTime(QDate(2026, 3, day), QTime(hour, minute), Qt::UTC);
}

bool ok(const proto::OpsReply &r) { return r.error().code() == proto::ERROR_NONE; }

QStringList stepsOf(const proto::PolicyTransitionProgress &p)
{
    QStringList out;
    for (const auto &s : p.steps())
        out << text(s);
    return out;
}

} // namespace

class TestOpsTransition : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void publishesABoundaryToCompletion();
    void cancelSkipsTheStepsNotBegun();
    void refusesABadCancel();

private:
    proto::OpsReply call(const std::function<void(proto::OpsRequest &)> &fill, const char *user = "admin");
    void evaluateAt(const QDateTime &instant);
    QStringList running();
    std::optional<proto::Partition> partition(const char *name);

    QTemporaryDir m_work;
    std::unique_ptr<TestHost> m_h1;
    std::unique_ptr<calendar::ManualClock> m_clock;
    std::unique_ptr<OpsEngine> m_engine;
    QList<proto::PolicyTransitionProgress> m_events; // every policy_transition delta, in order
};

proto::OpsReply TestOpsTransition::call(const std::function<void(proto::OpsRequest &)> &fill, const char *user)
{
    proto::OpsRequest request;
    request.set_user(user);
    fill(request);
    std::optional<proto::OpsReply> answer;
    m_engine->handle(request, [&answer](proto::OpsReply reply) { answer = std::move(reply); });
    if (!QTest::qWaitFor([&] { return answer.has_value(); }, 60000)) {
        proto::OpsReply none;
        none.mutable_error()->set_code(proto::ERROR_UNAVAILABLE);
        none.mutable_error()->set_message("no answer in the test's time");
        return none;
    }
    return *answer;
}

void TestOpsTransition::evaluateAt(const QDateTime &instant)
{
    m_clock->setNow(instant);
    m_engine->evaluateCalendars();
    QTRY_VERIFY_WITH_TIMEOUT(!m_engine->calendarsBusy(), 60000);
}

QStringList TestOpsTransition::running()
{
    QStringList names;
    for (const auto &p : m_engine->partitions(QStringLiteral("research")))
        if (p.state() == proto::PARTITION_STATE_RUNNING)
            names << text(p.spec().name());
    return names;
}

std::optional<proto::Partition> TestOpsTransition::partition(const char *name)
{
    proto::PartitionRef ref;
    ref.set_name(name);
    ref.set_domain("research");
    auto p = m_engine->partition(ref);
    return p ? std::optional<proto::Partition>(*p) : std::nullopt;
}

void TestOpsTransition::initTestCase()
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
    // Sunday 1 March 2026, noon.
    m_clock = std::make_unique<calendar::ManualClock>(utc(1, 12));
    auto database = OpsDatabase::open(m_work.filePath(QStringLiteral("ops.sqlite")));
    QVERIFY(database);
    m_engine = std::make_unique<OpsEngine>(std::move(database).value());
    m_engine->setClock(m_clock.get());
    QVERIFY(m_engine->load());
    connect(m_engine.get(), &OpsEngine::stateChanged, this, [this](const proto::StateDelta &delta) {
        if (delta.has_policy_transition())
            m_events.append(delta.policy_transition());
    });

    auto reply = call([&](proto::OpsRequest &r) {
        r.mutable_add_host()->set_name("h1");
        r.mutable_add_host()->set_agent_endpoint(m_h1->agentEndpoint().toStdString());
    });
    QVERIFY2(ok(reply), reply.error().message().c_str());
    // Gold partitions are placed in a zone that offers gold.
    reply = call([](proto::OpsRequest &r) {
        r.mutable_create_zone()->mutable_zone()->set_name("z1");
        r.mutable_create_zone()->mutable_zone()->set_qos_class("gold");
        r.mutable_create_zone()->mutable_zone()->add_hosts("h1");
    });
    QVERIFY2(ok(reply), reply.error().message().c_str());
    reply = call([](proto::OpsRequest &r) { r.mutable_create_domain()->mutable_domain()->set_name("research"); });
    QVERIFY2(ok(reply), reply.error().message().c_str());
    for (const auto &[name, qos] : {std::pair{"a", ""}, std::pair{"b", ""}, std::pair{"c", ""}, std::pair{"s", "gold"}}) {
        reply = call([&](proto::OpsRequest &r) {
            auto *s = r.mutable_create_partition()->mutable_spec();
            s->set_name(name);
            s->set_domain("research");
            s->set_vcpus(1);
            s->set_memory_mib(128);
            s->set_qos_class(qos);
        });
        QVERIFY2(ok(reply), reply.error().message().c_str());
    }
    // Research: a and b by day, c at night; s always, with fewer CPU
    // shares at night.
    reply = call([](proto::OpsRequest &r) {
        auto *p = r.mutable_put_policy_set()->mutable_policy_set();
        p->set_domain("research");
        p->set_name("day");
        p->add_run("a");
        p->add_run("b");
        p->add_run("s");
        p->add_stop("c");
    });
    QVERIFY2(ok(reply), reply.error().message().c_str());
    reply = call([](proto::OpsRequest &r) {
        auto *p = r.mutable_put_policy_set()->mutable_policy_set();
        p->set_domain("research");
        p->set_name("night");
        p->add_run("c");
        p->add_run("s");
        p->add_stop("a");
        p->add_stop("b");
        p->add_shares()->set_qos_class("gold");
        p->mutable_shares(0)->set_cpu_shares(512);
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

    // Noon: day comes into force from nothing (three starts, one batch).
    evaluateAt(utc(1, 12));
    QCOMPARE(m_engine->appliedPolicySet(QStringLiteral("research")), QStringLiteral("day"));
    QVERIFY(!m_events.isEmpty());
    QVERIFY2(!m_events.last().has_error(), m_events.last().error().message().c_str());
    QCOMPARE(running(), (QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("s")}));
    QVERIFY(!m_events.isEmpty());
    QVERIFY(m_events.last().finished());
    QVERIFY2(!m_events.last().has_error(), m_events.last().error().message().c_str());
    QCOMPARE(m_events.last().steps_done(), 3u);
}

void TestOpsTransition::cleanupTestCase()
{
    if (m_engine)
        for (const auto &p : m_engine->partitions())
            if (p.state() == proto::PARTITION_STATE_RUNNING)
                call([&](proto::OpsRequest &r) {
                    r.mutable_stop_partition()->set_name(p.spec().name());
                    r.mutable_stop_partition()->set_domain(p.spec().domain());
                });
    m_engine.reset();
    m_h1.reset();
}

void TestOpsTransition::publishesABoundaryToCompletion()
{
    m_events.clear();
    evaluateAt(utc(1, 20));
    QCOMPARE(m_engine->appliedPolicySet(QStringLiteral("research")), QStringLiteral("night"));
    QCOMPARE(running(), (QStringList{QStringLiteral("c"), QStringLiteral("s")}));
    QCOMPARE(partition("s")->effective_cpu_shares(), 512u);

    // Begin, after each stop, after the start, and the end (after the shares).
    QCOMPARE(m_events.size(), 5);
    const QStringList steps{QStringLiteral("Stop partition a."), QStringLiteral("Stop partition b."),
                            QStringLiteral("Start partition c."),
                            QStringLiteral("CPU shares of partition s: 512 instead of the host's default.")};
    const std::string id = m_events.first().id();
    QVERIFY(!id.empty());
    for (int i = 0; i < m_events.size(); ++i) {
        const auto &e = m_events.at(i);
        QCOMPARE(e.id(), id);
        QCOMPARE(e.domain(), std::string("research"));
        QCOMPARE(e.policy_set(), std::string("night"));
        QCOMPARE(e.calendar_entry(), std::string("nights"));
        QCOMPARE(e.started_ms(), utc(1, 20).toMSecsSinceEpoch());
        QVERIFY(!e.cancelled());
        QVERIFY2(!e.has_error(), e.error().message().c_str());
        QCOMPARE(e.finished(), i == m_events.size() - 1);
    }
    QCOMPARE(stepsOf(m_events.first()).mid(0, 3), steps.mid(0, 3));
    QCOMPARE(m_events.first().steps_size(), 4);
    QVERIFY2(text(m_events.first().steps(3)).startsWith(QStringLiteral("CPU shares of partition s: 512")),
             m_events.first().steps(3).c_str());
    QCOMPARE(m_events.at(0).steps_done(), 0u);
    QCOMPARE(text(m_events.at(0).current_step()), steps.at(0));
    QCOMPARE(m_events.at(1).steps_done(), 1u);
    QCOMPARE(text(m_events.at(1).current_step()), steps.at(1));
    QCOMPARE(m_events.at(2).steps_done(), 2u);
    QCOMPARE(text(m_events.at(2).current_step()), steps.at(2));
    QCOMPARE(m_events.at(3).steps_done(), 3u);
    QCOMPARE(m_events.at(3).current_step(), m_events.first().steps(3));
    QCOMPARE(m_events.at(4).steps_done(), 4u);
    QVERIFY(m_events.at(4).current_step().empty());
}

void TestOpsTransition::cancelSkipsTheStepsNotBegun()
{
    // Monday 06:00: day again (stop c, start a and b, shares of s). Cancel
    // as soon as it has begun: the stop in flight completes, the rest is
    // not done.
    m_events.clear();
    std::optional<proto::OpsReply> cancelReply;
    auto connection = connect(m_engine.get(), &OpsEngine::stateChanged, this, [&](const proto::StateDelta &delta) {
        if (!delta.has_policy_transition() || delta.policy_transition().steps_done() != 0 || delta.policy_transition().finished())
            return;
        // Queued: the first step is then in flight.
        QMetaObject::invokeMethod(
            this,
            [&] {
                proto::OpsRequest r;
                r.set_user("operator1");
                r.mutable_cancel_policy_transition()->set_domain("research");
                m_engine->handle(r, [&](proto::OpsReply reply) { cancelReply = std::move(reply); });
            },
            Qt::QueuedConnection);
    });
    evaluateAt(utc(2, 6));
    disconnect(connection);
    QTRY_VERIFY_WITH_TIMEOUT(cancelReply.has_value(), 60000);
    QVERIFY2(ok(*cancelReply), cancelReply->error().message().c_str());
    QVERIFY(cancelReply->has_policy_transition());
    const auto &final = cancelReply->policy_transition();
    QVERIFY(final.finished());
    QVERIFY(final.cancelled());
    QCOMPARE(final.steps_done(), 1u);
    QCOMPARE(final.steps_size(), 4);
    QCOMPARE(final.steps(0), std::string("Stop partition c."));

    QVERIFY(!m_events.isEmpty());
    QCOMPARE(m_events.last().id(), final.id());
    QVERIFY(m_events.last().cancelled());
    QVERIFY(m_events.last().finished());
    QCOMPARE(m_events.last().steps_done(), 1u);
    // The stop was done, the starts were not, s keeps the night's shares.
    QCOMPARE(running(), QStringList{QStringLiteral("s")});
    QCOMPARE(m_engine->appliedPolicySet(QStringLiteral("research")), QStringLiteral("day"));

    OpsDatabase::AuditFilter filter;
    filter.action = QStringLiteral("calendar.cancel");
    filter.since = utc(1, 0).addYears(-10);
    const auto events = m_engine->database().auditEvents(filter);
    QVERIFY(events);
    QCOMPARE(events->size(), 1);
    QCOMPARE(events->first().user, QStringLiteral("operator1"));
    QCOMPARE(events->first().result, QStringLiteral("ok"));
    QVERIFY2(events->first().message.contains(QStringLiteral("Start partition a.")), qPrintable(events->first().message));
}

void TestOpsTransition::refusesABadCancel()
{
    const quint64 sequence = m_engine->sequence();
    const QStringList before = running();
    m_events.clear();
    const auto cancel = [this](const char *domain) {
        return call([&](proto::OpsRequest &r) { r.mutable_cancel_policy_transition()->set_domain(domain); }, "operator1");
    };
    auto reply = cancel("nosuch");
    QCOMPARE(reply.error().code(), proto::ERROR_NOT_FOUND);
    QCOMPARE(text(reply.error().message()), QStringLiteral("Domain nosuch does not exist, so it has no calendar change to cancel."));
    reply = cancel("research");
    QCOMPARE(reply.error().code(), proto::ERROR_FAILED_PRECONDITION);
    QCOMPARE(text(reply.error().message()),
             QStringLiteral("Domain research has no calendar change in progress; there is nothing to cancel."));
    reply = cancel("");
    QCOMPARE(reply.error().code(), proto::ERROR_INVALID_ARGUMENT);
    QVERIFY(!reply.has_policy_transition());
    // Nothing changed and nothing was published.
    QCOMPARE(m_engine->sequence(), sequence);
    QVERIFY(m_events.isEmpty());
    QCOMPARE(running(), before);
    QVERIFY(!m_engine->calendarsBusy());
}

QTEST_GUILESS_MAIN(TestOpsTransition)
#include "tst_opstransition.moc"
