// A week of policy calendar in a few seconds: a real engine with a real host
// (vdc-monitor + vdc-agent on libvirt's test driver), a ManualClock moved
// from boundary to boundary, and at each one the partitions the policy set
// in force asks for started or stopped, CPU shares and limits changed, and
// every change audited as user "calendar".
#include "agentlink.h"
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

} // namespace

class TestOpsCalendar : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void putsTheDefaultSetInForce();
    void runsAWeekOfBoundaries();
    void catchesUpAfterARestart();
    void refusesToActivateAPolicyForAZoneWithoutHosts();
    void changesSharesOfRunningPartitions();

private:
    proto::OpsReply call(const std::function<void(proto::OpsRequest &)> &fill, int timeoutMs = 60000);
    void openEngine();
    void evaluateAt(const QDateTime &instant);
    QStringList running(const QString &domain = QStringLiteral("prod"));
    proto::Partition partition(const char *name);
    std::optional<std::uint32_t> sharesOnHost(const char *name);

    QTemporaryDir m_work;
    std::unique_ptr<TestHost> m_h1;
    std::unique_ptr<calendar::ManualClock> m_clock;
    std::unique_ptr<OpsEngine> m_engine;
};

proto::OpsReply TestOpsCalendar::call(const std::function<void(proto::OpsRequest &)> &fill, int timeoutMs)
{
    proto::OpsRequest request;
    request.set_user("admin");
    fill(request);
    std::optional<proto::OpsReply> answer;
    m_engine->handle(request, [&answer](proto::OpsReply reply) { answer = std::move(reply); });
    if (!QTest::qWaitFor([&] { return answer.has_value(); }, timeoutMs)) {
        proto::OpsReply none;
        none.mutable_error()->set_code(proto::ERROR_UNAVAILABLE);
        none.mutable_error()->set_message("no answer in the test's time");
        return none;
    }
    return *answer;
}

void TestOpsCalendar::openEngine()
{
    auto database = OpsDatabase::open(m_work.filePath(QStringLiteral("ops.sqlite")));
    QVERIFY2(database, qPrintable(database ? QString() : database.error().message()));
    m_engine = std::make_unique<OpsEngine>(std::move(database).value());
    m_engine->setClock(m_clock.get()); // the test moves time; the engine evaluates when told
    QVERIFY(m_engine->load());
    QTRY_VERIFY_WITH_TIMEOUT(m_engine->host(QStringLiteral("h1")).value_or(proto::Host()).state() == proto::HOST_STATE_UP, 20000);
}

void TestOpsCalendar::evaluateAt(const QDateTime &instant)
{
    m_clock->setNow(instant);
    m_engine->evaluateCalendars();
    QTRY_VERIFY_WITH_TIMEOUT(!m_engine->calendarsBusy(), 60000);
}

QStringList TestOpsCalendar::running(const QString &domain)
{
    QStringList names;
    for (const auto &p : m_engine->partitions(domain))
        if (p.state() == proto::PARTITION_STATE_RUNNING)
            names << text(p.spec().name());
    return names;
}

proto::Partition TestOpsCalendar::partition(const char *name)
{
    proto::PartitionRef ref;
    ref.set_name(name);
    ref.set_domain("prod");
    return m_engine->partition(ref).value();
}

// The CPU shares h1's agent records for the partition (it stores them when
// the monitor has applied them to the running domain).
std::optional<std::uint32_t> TestOpsCalendar::sharesOnHost(const char *name)
{
    AgentLink link(QStringLiteral("h1"), m_h1->agentEndpoint());
    if (!link.open())
        return std::nullopt;
    std::optional<Result<proto::AgentReply>> answer;
    link.requestInventory([&answer](Result<proto::AgentReply> reply) { answer = std::move(reply); });
    if (!QTest::qWaitFor([&] { return answer.has_value(); }, 20000) || !*answer)
        return std::nullopt;
    for (const auto &p : (*answer)->inventory().partitions())
        if (p.spec().name() == name && p.spec().domain() == "prod")
            return p.spec().cpu_shares();
    return std::nullopt;
}

void TestOpsCalendar::initTestCase()
{
    QVERIFY(m_work.isValid());
    // The test driver's node: 16 cores and 3 GiB; 8 cores for partitions.
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

    auto ok = [](const proto::OpsReply &r) { return r.error().code() == proto::ERROR_NONE; };
    auto reply = call([&](proto::OpsRequest &r) {
        r.mutable_add_host()->set_name("h1");
        r.mutable_add_host()->set_agent_endpoint(m_h1->agentEndpoint().toStdString());
    });
    QVERIFY2(ok(reply), reply.error().message().c_str());
    reply = call([](proto::OpsRequest &r) {
        r.mutable_create_zone()->mutable_zone()->set_name("z1");
        r.mutable_create_zone()->mutable_zone()->set_qos_class("gold");
        r.mutable_create_zone()->mutable_zone()->add_hosts("h1");
    });
    QVERIFY2(ok(reply), reply.error().message().c_str());
    reply = call([](proto::OpsRequest &r) { r.mutable_create_domain()->mutable_domain()->set_name("prod"); });
    QVERIFY2(ok(reply), reply.error().message().c_str());
    for (const auto &[name, vcpus, qos] : {std::tuple{"web1", 2u, "gold"}, std::tuple{"web2", 2u, ""}, std::tuple{"batch1", 4u, ""}}) {
        reply = call([&](proto::OpsRequest &r) {
            auto *s = r.mutable_create_partition()->mutable_spec();
            s->set_name(name);
            s->set_domain("prod");
            s->set_vcpus(vcpus);
            s->set_memory_mib(128);
            s->set_qos_class(qos);
        });
        QVERIFY2(ok(reply), reply.error().message().c_str());
    }
    // Business hours: the web tier runs, the batch job does not, gold gets
    // more CPU, and prod may use at most 6 vCPUs of z1. Off hours: the
    // other way round.
    reply = call([](proto::OpsRequest &r) {
        auto *p = r.mutable_put_policy_set()->mutable_policy_set();
        p->set_domain("prod");
        p->set_name("business");
        p->add_run("web1");
        p->add_run("web2");
        p->add_stop("batch1");
        p->add_zones()->set_zone("z1");
        p->mutable_zones(0)->set_max_vcpus(6);
        p->add_shares()->set_qos_class("gold");
        p->mutable_shares(0)->set_cpu_shares(4096);
    });
    QVERIFY2(ok(reply), reply.error().message().c_str());
    reply = call([](proto::OpsRequest &r) {
        auto *p = r.mutable_put_policy_set()->mutable_policy_set();
        p->set_domain("prod");
        p->set_name("offhours");
        p->add_run("batch1");
        p->add_stop("web1");
        p->add_stop("web2");
    });
    QVERIFY2(ok(reply), reply.error().message().c_str());
    reply = call([](proto::OpsRequest &r) {
        r.mutable_update_domain()->set_name("prod");
        r.mutable_update_domain()->set_default_policy_set("offhours");
    });
    QVERIFY2(ok(reply), reply.error().message().c_str());
    reply = call([](proto::OpsRequest &r) {
        auto *e = r.mutable_put_calendar_entry()->mutable_entry();
        e->set_domain("prod");
        e->set_name("business-hours");
        e->set_policy_set("business");
        e->set_time_zone("Europe/Berlin");
        e->set_start("2026-03-02T08:00");
        e->set_duration_seconds(10 * 3600);
        e->set_recurrence("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR");
    });
    QVERIFY2(ok(reply), reply.error().message().c_str());
}

void TestOpsCalendar::cleanupTestCase()
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

void TestOpsCalendar::putsTheDefaultSetInForce()
{
    evaluateAt(utc(1, 12));
    QCOMPARE(m_engine->appliedPolicySet(QStringLiteral("prod")), QStringLiteral("offhours"));
    QCOMPARE(running(), QStringList{QStringLiteral("batch1")});
    QCOMPARE(partition("batch1").host(), std::string("h1"));
    // Nothing more happens while the same set stays in force.
    const auto before = m_engine->database().auditEvents()->size();
    evaluateAt(utc(1, 20));
    QCOMPARE(m_engine->database().auditEvents()->size(), before);
}

void TestOpsCalendar::runsAWeekOfBoundaries()
{
    // The boundaries of the coming week, as the preview shows them.
    const auto preview = call([](proto::OpsRequest &r) {
        r.mutable_preview_calendar()->set_domain("prod");
        r.mutable_preview_calendar()->set_until_ms(utc(8, 20).toMSecsSinceEpoch());
    });
    QVERIFY2(preview.error().code() == proto::ERROR_NONE, preview.error().message().c_str());
    QCOMPARE(preview.preview().boundaries_size(), 10);
    const qint64 auditBefore = m_engine->database().auditEvents()->size();

    for (const auto &b : preview.preview().boundaries()) {
        const QDateTime at = QDateTime::fromMSecsSinceEpoch(b.at_ms(), Qt::UTC);
        // Just before the boundary nothing changes.
        evaluateAt(at.addSecs(-1));
        QCOMPARE(m_engine->appliedPolicySet(QStringLiteral("prod")), text(b.policy_set_before()));
        evaluateAt(at);
        const QString set = text(b.policy_set_after());
        QCOMPARE(m_engine->appliedPolicySet(QStringLiteral("prod")), set);
        if (set == QLatin1String("business")) {
            QCOMPARE(running(), (QStringList{QStringLiteral("web1"), QStringLiteral("web2")}));
            QCOMPARE(partition("web1").effective_cpu_shares(), 4096u);
            QCOMPARE(partition("web2").effective_cpu_shares(), 0u);
            // The limit is in force: prod runs 4 of its 6 vCPUs in z1.
            const auto explained = call([](proto::OpsRequest &r) {
                r.mutable_start_partitions()->set_dry_run(true);
                r.mutable_start_partitions()->add_partitions()->set_name("batch1");
                r.mutable_start_partitions()->mutable_partitions(0)->set_domain("prod");
            });
            QVERIFY(!explained.placement().complete());
            QCOMPARE(text(explained.rejections(0).reason()),
                     QStringLiteral("h1: domain prod may run 6 vCPUs in zone z1 (policy set business); 4 run there, 4 more needed"));
        } else {
            QCOMPARE(running(), QStringList{QStringLiteral("batch1")});
            QCOMPARE(partition("web1").effective_cpu_shares(), 0u);
        }
        // The host agrees: what runs holds its cores there.
        const auto h1 = m_engine->host(QStringLiteral("h1")).value();
        std::uint32_t vcpus = 0;
        for (const auto &p : m_engine->partitions(QStringLiteral("prod")))
            if (p.state() == proto::PARTITION_STATE_RUNNING)
                vcpus += p.spec().vcpus();
        QCOMPARE(h1.cores_free(), 8u - vcpus);
    }

    // Every change the calendar made is in the audit log under its name.
    OpsDatabase::AuditFilter filter;
    filter.user = QStringLiteral("calendar");
    filter.since = utc(1, 0).addYears(-10);
    const auto events = m_engine->database().auditEvents(filter);
    QVERIFY(events);
    int applied = 0;
    int starts = 0;
    int stops = 0;
    for (const auto &e : *events) {
        QCOMPARE(e.result, QStringLiteral("ok"));
        if (e.action == QLatin1String("calendar.apply"))
            ++applied;
        else if (e.action == QLatin1String("partition.start"))
            ++starts;
        else if (e.action == QLatin1String("partition.stop"))
            ++stops;
    }
    QCOMPARE(applied, 1 + 10);
    // Sunday: batch1 started. Each weekday: web1, web2 start and batch1
    // stops at 08:00, the reverse at 18:00.
    QCOMPARE(starts, 1 + 5 * 3);
    QCOMPARE(stops, 5 * 3);
    QVERIFY(m_engine->database().auditEvents()->size() > auditBefore);
    const auto last = events->last();
    QVERIFY2(last.action == QLatin1String("partition.start") || last.action == QLatin1String("partition.stop"), qPrintable(last.action));
}

void TestOpsCalendar::catchesUpAfterARestart()
{
    // Friday 18:00 has passed (offhours). The engine goes away over the
    // weekend and comes back on Monday at 09:00: business is in force and
    // the engine puts it into effect when it evaluates.
    QCOMPARE(m_engine->appliedPolicySet(QStringLiteral("prod")), QStringLiteral("offhours"));
    m_engine.reset();
    m_clock->setNow(utc(9, 8));
    openEngine();
    QCOMPARE(m_engine->appliedPolicySet(QStringLiteral("prod")), QStringLiteral("offhours")); // as stored
    const auto pending = call([](proto::OpsRequest &r) { r.mutable_preview_calendar()->set_domain("prod"); });
    QVERIFY(text(pending.preview().boundaries(0).summary()).contains(QStringLiteral("not applied yet")));
    m_engine->evaluateCalendars();
    QTRY_VERIFY_WITH_TIMEOUT(!m_engine->calendarsBusy(), 60000);
    QCOMPARE(m_engine->appliedPolicySet(QStringLiteral("prod")), QStringLiteral("business"));
    QCOMPARE(running(), (QStringList{QStringLiteral("web1"), QStringLiteral("web2")}));
}

void TestOpsCalendar::refusesToActivateAPolicyForAZoneWithoutHosts()
{
    auto reply = call([](proto::OpsRequest &r) { r.mutable_create_zone()->mutable_zone()->set_name("spare"); });
    QVERIFY(reply.error().code() == proto::ERROR_NONE);
    // A set for an empty zone cannot even be stored...
    reply = call([](proto::OpsRequest &r) {
        auto *p = r.mutable_put_policy_set()->mutable_policy_set();
        p->set_domain("prod");
        p->set_name("spare-only");
        p->add_zones()->set_zone("spare");
    });
    QCOMPARE(reply.error().code(), proto::ERROR_FAILED_PRECONDITION);
    // ...and a stored one whose zone lost its hosts is not put in force: a
    // zone emptied by moving h1 is refused while partitions run there, so a
    // zone stays populated while a set relies on it.
    reply = call([](proto::OpsRequest &r) {
        r.mutable_update_zone()->set_name("z1");
        r.mutable_update_zone()->set_set_hosts(true);
    });
    QCOMPARE(reply.error().code(), proto::ERROR_FAILED_PRECONDITION);
    QVERIFY(text(reply.error().message()).startsWith(QStringLiteral("Host h1 runs partitions")));
}

void TestOpsCalendar::changesSharesOfRunningPartitions()
{
    // Monday 09:00 in Berlin: business is in force. db1 (gold) is started by
    // hand and runs through the boundaries; off hours gives gold 512 shares.
    QCOMPARE(m_engine->appliedPolicySet(QStringLiteral("prod")), QStringLiteral("business"));
    auto ok = [](const proto::OpsReply &r) { return r.error().code() == proto::ERROR_NONE; };
    auto reply = call([](proto::OpsRequest &r) {
        auto *s = r.mutable_create_partition()->mutable_spec();
        s->set_name("db1");
        s->set_domain("prod");
        s->set_vcpus(2);
        s->set_memory_mib(128);
        s->set_qos_class("gold");
    });
    QVERIFY2(ok(reply), reply.error().message().c_str());
    reply = call([](proto::OpsRequest &r) {
        r.mutable_start_partition()->set_name("db1");
        r.mutable_start_partition()->set_domain("prod");
    });
    QVERIFY2(ok(reply), reply.error().message().c_str());
    QCOMPARE(sharesOnHost("db1"), std::optional<std::uint32_t>(4096));
    reply = call([](proto::OpsRequest &r) {
        auto *p = r.mutable_put_policy_set()->mutable_policy_set();
        p->set_domain("prod");
        p->set_name("offhours");
        p->add_run("batch1");
        p->add_stop("web1");
        p->add_stop("web2");
        p->add_shares()->set_qos_class("gold");
        p->mutable_shares(0)->set_cpu_shares(512);
        r.mutable_put_policy_set()->set_replace(true);
    });
    QVERIFY2(ok(reply), reply.error().message().c_str());

    // Monday 18:00 in Berlin: db1 keeps running, with the new shares.
    evaluateAt(utc(9, 17));
    QCOMPARE(m_engine->appliedPolicySet(QStringLiteral("prod")), QStringLiteral("offhours"));
    QCOMPARE(running(), (QStringList{QStringLiteral("batch1"), QStringLiteral("db1")}));
    QCOMPARE(partition("db1").effective_cpu_shares(), 512u);
    QCOMPARE(sharesOnHost("db1"), std::optional<std::uint32_t>(512));

    // Tuesday 08:00 in Berlin: back to business, and to 4096.
    evaluateAt(utc(10, 7));
    QCOMPARE(m_engine->appliedPolicySet(QStringLiteral("prod")), QStringLiteral("business"));
    QVERIFY(running().contains(QStringLiteral("db1")));
    QCOMPARE(sharesOnHost("db1"), std::optional<std::uint32_t>(4096));

    // Both changes are audited under the calendar's name.
    OpsDatabase::AuditFilter filter;
    filter.user = QStringLiteral("calendar");
    filter.action = QStringLiteral("partition.shares");
    filter.since = utc(1, 0).addYears(-10);
    const auto events = m_engine->database().auditEvents(filter);
    QVERIFY(events);
    QCOMPARE(events->size(), 2);
    for (const auto &e : *events) {
        QCOMPARE(e.result, QStringLiteral("ok"));
        QVERIFY2(e.message.contains(QStringLiteral("Partition db1 on host h1 now runs with")), qPrintable(e.message));
    }
}

QTEST_GUILESS_MAIN(TestOpsCalendar)
#include "tst_opscalendar.moc"
