// The operations engine against real hosts: two vdc-monitor + vdc-agent
// pairs on libvirt's test driver, started as processes. Placement, start and
// stop through the agents, starts in flight, heartbeat expiry and recovery,
// and a restart of the engine on the same database.
#include "opsdatabase.h"
#include "opsengine.h"

#include "testhost.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace vdc;
using namespace vdc::ops;
using namespace vdc::testing;

namespace {

QString text(const std::string &s) { return QString::fromStdString(s); }

QString describe(const proto::OpsReply &reply)
{
    QString out = text(reply.error().message());
    for (const auto &r : reply.rejections())
        out += QStringLiteral("\n  ") + text(r.reason());
    return out;
}

QStringList reasons(const proto::OpsReply &reply)
{
    QStringList list;
    for (const auto &r : reply.rejections())
        list << text(r.reason());
    return list;
}

proto::PartitionRef ref(const char *name)
{
    proto::PartitionRef r;
    r.set_name(name);
    r.set_domain("default");
    return r;
}

proto::PartitionSpec spec(const char *name, std::uint32_t vcpus, std::uint64_t memory)
{
    proto::PartitionSpec s;
    s.set_name(name);
    s.set_vcpus(vcpus);
    s.set_memory_mib(memory);
    return s;
}

} // namespace

class TestOpsEngine : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void addsHostsAndLearnsTheirCapacity();
    void startsOnTheTightestHost();
    void countsStartsInFlight();
    void declaresASilentHostFailedAndWelcomesItBack();
    void stopsAndDeletes();
    void reloadsAndReconnectsAfterARestart();

private:
    // Runs an engine operation and waits for its answer.
    proto::OpsReply wait(const std::function<void(const OpsEngine::ReplyHandler &)> &operation, int timeoutMs = 60000);
    proto::Host host(const char *name) { return m_engine->host(QLatin1String(name)).value_or(proto::Host()); }
    proto::Partition partition(const char *name) { return m_engine->partition(ref(name)).value(); }
    void openEngine();

    QTemporaryDir m_work;
    std::unique_ptr<TestHost> m_h1;
    std::unique_ptr<TestHost> m_h2;
    std::unique_ptr<OpsEngine> m_engine;
};

proto::OpsReply TestOpsEngine::wait(const std::function<void(const OpsEngine::ReplyHandler &)> &operation, int timeoutMs)
{
    std::optional<proto::OpsReply> answer;
    operation([&answer](proto::OpsReply reply) { answer = std::move(reply); });
    if (!QTest::qWaitFor([&] { return answer.has_value(); }, timeoutMs)) {
        proto::OpsReply none;
        none.mutable_error()->set_code(proto::ERROR_UNAVAILABLE);
        none.mutable_error()->set_message("the engine did not answer in the test's time");
        return none;
    }
    return *answer;
}

void TestOpsEngine::openEngine()
{
    auto database = OpsDatabase::open(m_work.filePath(QStringLiteral("ops.sqlite")));
    QVERIFY2(database, qPrintable(database ? QString() : database.error().message()));
    m_engine = std::make_unique<OpsEngine>(std::move(database).value());
    OpsEngine::Timing timing;
    timing.reconnectIntervalMs = 500;
    m_engine->setTiming(timing);
    QVERIFY(m_engine->load());
}

void TestOpsEngine::initTestCase()
{
    QVERIFY(m_work.isValid());
    // The test driver's node has 16 cores and 3 GiB: h1 keeps 8 cores for
    // partitions, h2 only 4.
    m_h1 = std::make_unique<TestHost>(TestHost::Options{QStringLiteral("h1"), QStringLiteral("test:///default"),
                                                        m_work.filePath(QStringLiteral("h1")), 8, 256});
    m_h2 = std::make_unique<TestHost>(TestHost::Options{QStringLiteral("h2"), QStringLiteral("test:///default"),
                                                        m_work.filePath(QStringLiteral("h2")), 12, 256});
    QVERIFY2(m_h1->start(), qPrintable(m_h1->log()));
    QVERIFY2(m_h2->start(), qPrintable(m_h2->log()));
    openEngine();
}

void TestOpsEngine::cleanupTestCase()
{
    if (m_h2 && m_h2->agent().isRunning())
        ::kill(pid_t(m_h2->agent().pid()), SIGCONT);
    m_engine.reset();
    m_h1.reset();
    m_h2.reset();
}

void TestOpsEngine::addsHostsAndLearnsTheirCapacity()
{
    proto::AddHost add1;
    add1.set_name("h1");
    add1.set_agent_endpoint(m_h1->agentEndpoint().toStdString());
    const auto r1 = wait([&](const auto &done) { m_engine->addHost(QStringLiteral("tester"), add1, done); });
    QVERIFY2(r1.error().code() == proto::ERROR_NONE, qPrintable(describe(r1)));
    QCOMPARE(r1.host().state(), proto::HOST_STATE_UP);
    QCOMPARE(r1.host().cores_total(), 16u);
    QCOMPARE(r1.host().cores_free(), 8u);
    QVERIFY(r1.host().memory_free_mib() > 0);
    QVERIFY(!r1.host().publish_endpoint().empty());

    proto::AddHost add2;
    add2.set_name("h2");
    add2.set_agent_endpoint(m_h2->agentEndpoint().toStdString());
    add2.set_zone("z2");
    const auto r2 = wait([&](const auto &done) { m_engine->addHost(QStringLiteral("tester"), add2, done); });
    QVERIFY2(r2.error().code() == proto::ERROR_NONE, qPrintable(describe(r2)));
    QCOMPARE(r2.host().cores_free(), 4u);
    QCOMPARE(r2.host().zone(), std::string("z2"));

    // The same agent twice is refused.
    add2.set_name("h2-again");
    const auto dup = wait([&](const auto &done) { m_engine->addHost(QStringLiteral("tester"), add2, done); });
    QCOMPARE(dup.error().code(), proto::ERROR_ALREADY_EXISTS);
    QCOMPARE(m_engine->hosts().size(), 2);

    // Heartbeats keep them up.
    QTRY_VERIFY_WITH_TIMEOUT(host("h1").last_heartbeat_ms() > 0 && host("h2").last_heartbeat_ms() > 0, 10000);
}

void TestOpsEngine::startsOnTheTightestHost()
{
    QSignalSpy deltas(m_engine.get(), &OpsEngine::stateChanged);
    QCOMPARE(m_engine->createPartition(QStringLiteral("tester"), spec("web1", 4, 512)).error().code(), proto::ERROR_NONE);
    const auto started = wait([&](const auto &done) { m_engine->startPartition(QStringLiteral("tester"), ref("web1"), done); });
    QVERIFY2(started.error().code() == proto::ERROR_NONE, qPrintable(describe(started) + m_h1->log() + m_h2->log()));

    // Both hosts have the same memory; h2 is left with fewer free cores.
    const auto &p = started.partition();
    QCOMPARE(p.state(), proto::PARTITION_STATE_RUNNING);
    QCOMPARE(p.host(), std::string("h2"));
    QCOMPARE(p.assignment().cores_size(), 4);
    for (const auto core : p.assignment().cores())
        QVERIFY2(core >= 12, "a core reserved for the system was assigned");
    // The answer comes after the host's inventory was refreshed.
    QCOMPARE(host("h2").cores_free(), 0u);
    QCOMPARE(host("h2").partitions_running(), 1u);

    // Stored, audited and published: starting, then running.
    const auto rows = m_engine->database().partitions();
    QCOMPARE(rows->first().partition.state(), proto::PARTITION_STATE_RUNNING);
    QCOMPARE(rows->first().partition.host(), std::string("h2"));
    QCOMPARE(rows->first().desiredState, proto::PARTITION_STATE_RUNNING);
    const auto events = m_engine->database().auditEvents();
    QCOMPARE(events->last().action, QStringLiteral("partition.start"));
    QCOMPARE(events->last().result, QStringLiteral("ok"));
    QList<proto::PartitionState> states;
    quint64 lastSequence = 0;
    for (const auto &args : deltas) {
        const auto delta = args.at(0).value<proto::StateDelta>();
        QVERIFY(delta.sequence() > lastSequence);
        lastSequence = delta.sequence();
        if (delta.has_partition_updated() && delta.partition_updated().spec().name() == "web1")
            states << delta.partition_updated().state();
    }
    QVERIFY(states.size() >= 3);
    QCOMPARE(states.at(states.size() - 2), proto::PARTITION_STATE_STARTING);
    QCOMPARE(states.last(), proto::PARTITION_STATE_RUNNING);

    // Starting it again is refused.
    const auto again = wait([&](const auto &done) { m_engine->startPartition(QStringLiteral("tester"), ref("web1"), done); });
    QCOMPARE(again.error().code(), proto::ERROR_FAILED_PRECONDITION);
    QCOMPARE(text(again.error().message()), QStringLiteral("Partition web1 is already running on host h2."));
}

void TestOpsEngine::countsStartsInFlight()
{
    QCOMPARE(m_engine->createPartition(QStringLiteral("tester"), spec("db1", 6, 512)).error().code(), proto::ERROR_NONE);
    QCOMPARE(m_engine->createPartition(QStringLiteral("tester"), spec("cache1", 4, 512)).error().code(), proto::ERROR_NONE);

    // Both asked for at once: h1 reports 8 free cores until db1 is running,
    // but db1's 6 are already claimed when cache1 is placed.
    std::optional<proto::OpsReply> db1;
    std::optional<proto::OpsReply> cache1;
    m_engine->startPartition(QStringLiteral("tester"), ref("db1"), [&](proto::OpsReply r) { db1 = std::move(r); });
    m_engine->startPartition(QStringLiteral("tester"), ref("cache1"), [&](proto::OpsReply r) { cache1 = std::move(r); });
    QVERIFY(cache1.has_value()); // refused at once, without asking any agent
    QCOMPARE(cache1->error().code(), proto::ERROR_INSUFFICIENT_RESOURCES);
    QCOMPARE(reasons(*cache1), (QStringList{QStringLiteral("h1: 2 cores free, 4 needed"),
                                            QStringLiteral("h2: 0 cores free, 4 needed")}));
    QCOMPARE(text(cache1->error().message()), QStringLiteral("No host can run partition cache1 (4 vCPUs, 512 MiB)."));
    QCOMPARE(partition("cache1").state(), proto::PARTITION_STATE_STOPPED);

    QTRY_VERIFY_WITH_TIMEOUT(db1.has_value(), 60000);
    QVERIFY2(db1->error().code() == proto::ERROR_NONE, qPrintable(describe(*db1)));
    QCOMPARE(db1->partition().host(), std::string("h1"));
    QCOMPARE(host("h1").cores_free(), 2u);
}

void TestOpsEngine::declaresASilentHostFailedAndWelcomesItBack()
{
    // A hung agent: alive, but silent.
    QVERIFY(::kill(pid_t(m_h2->agent().pid()), SIGSTOP) == 0);
    QTRY_COMPARE_WITH_TIMEOUT(host("h2").state(), proto::HOST_STATE_FAILED, 15000);
    QVERIFY(text(host("h2").last_error()).startsWith(QStringLiteral("Host h2 sent no heartbeat for 3 s")));

    QCOMPARE(m_engine->createPartition(QStringLiteral("tester"), spec("tiny", 1, 64)).error().code(), proto::ERROR_NONE);
    const auto refused = wait([&](const auto &done) { m_engine->startPartition(QStringLiteral("tester"), ref("cache1"), done); });
    QVERIFY(reasons(refused).contains(QStringLiteral("h2: host is failed")));

    // What runs there cannot be stopped now, and the host cannot be removed.
    const auto stop = wait([&](const auto &done) { m_engine->stopPartition(QStringLiteral("tester"), ref("web1"), done); });
    QCOMPARE(stop.error().code(), proto::ERROR_UNAVAILABLE);
    QCOMPARE(text(stop.error().message()),
             QStringLiteral("Host h2 is failed, so partition web1 cannot be stopped now; try again when the host is up."));
    const auto remove = m_engine->removeHost(QStringLiteral("tester"), QStringLiteral("h2"));
    QCOMPARE(remove.error().code(), proto::ERROR_FAILED_PRECONDITION);
    QCOMPARE(partition("web1").state(), proto::PARTITION_STATE_RUNNING);

    QVERIFY(::kill(pid_t(m_h2->agent().pid()), SIGCONT) == 0);
    QTRY_COMPARE_WITH_TIMEOUT(host("h2").state(), proto::HOST_STATE_UP, 15000);
    QCOMPARE(host("h2").last_error(), std::string());
}

void TestOpsEngine::stopsAndDeletes()
{
    const auto running = wait([&](const auto &done) { m_engine->deletePartition(QStringLiteral("tester"), ref("web1"), done); });
    QCOMPARE(running.error().code(), proto::ERROR_FAILED_PRECONDITION);

    const auto stopped = wait([&](const auto &done) { m_engine->stopPartition(QStringLiteral("tester"), ref("web1"), done); });
    QVERIFY2(stopped.error().code() == proto::ERROR_NONE, qPrintable(describe(stopped)));
    QCOMPARE(stopped.partition().state(), proto::PARTITION_STATE_STOPPED);
    QCOMPARE(stopped.partition().assignment().cores_size(), 0);
    QCOMPARE(host("h2").cores_free(), 4u);
    QCOMPARE(host("h2").partitions_running(), 0u);

    const auto deleted = wait([&](const auto &done) { m_engine->deletePartition(QStringLiteral("tester"), ref("web1"), done); });
    QVERIFY2(deleted.error().code() == proto::ERROR_NONE, qPrintable(describe(deleted)));
    QVERIFY(!m_engine->partition(ref("web1")));
    const auto rows = m_engine->database().partitions();
    QVERIFY(rows);
    for (const auto &row : *rows)
        QVERIFY(row.partition.spec().name() != "web1");

    // Now cache1 fits on h2.
    const auto cache1 = wait([&](const auto &done) { m_engine->startPartition(QStringLiteral("tester"), ref("cache1"), done); });
    QVERIFY2(cache1.error().code() == proto::ERROR_NONE, qPrintable(describe(cache1)));
    QCOMPARE(cache1.partition().host(), std::string("h2"));
}

void TestOpsEngine::reloadsAndReconnectsAfterARestart()
{
    const auto db1 = partition("db1");
    m_engine.reset();
    openEngine();

    // Everything is back from the database; the hosts come up again.
    QCOMPARE(m_engine->partitions().size(), 3);
    QCOMPARE(partition("db1").state(), proto::PARTITION_STATE_RUNNING);
    QCOMPARE(partition("db1").spec().uuid(), db1.spec().uuid());
    QCOMPARE(partition("db1").assignment().cores_size(), 6);
    QTRY_VERIFY_WITH_TIMEOUT(host("h1").state() == proto::HOST_STATE_UP && host("h2").state() == proto::HOST_STATE_UP, 15000);
    QCOMPARE(host("h1").cores_free(), 2u);
    QCOMPARE(host("h2").zone(), std::string("z2"));
    QCOMPARE(host("h1").partitions_running(), 1u);

    for (const char *name : {"db1", "cache1"}) {
        const auto stopped = wait([&](const auto &done) { m_engine->stopPartition(QStringLiteral("tester"), ref(name), done); });
        QVERIFY2(stopped.error().code() == proto::ERROR_NONE, qPrintable(describe(stopped)));
    }
    QCOMPARE(host("h1").cores_free(), 8u);
}

QTEST_GUILESS_MAIN(TestOpsEngine)
#include "tst_opsengine.moc"
