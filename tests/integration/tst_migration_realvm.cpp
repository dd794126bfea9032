// Live migration of real QEMU guests between two hosts of the rig (two
// libvirtds in their own namespaces), each a real vdc-monitor + vdc-agent,
// driven through the agents' APIs as an orchestrator would (DEALER clients):
// prepare on the target, migrate out on the source, complete on the target.
//
// The guest is the counter (guest/counter.asm) under TCG: it writes
// "count=N" to its serial port ten times a second, to a log file both hosts
// append to. After a live migration the count goes on (no second banner, no
// restart at 1): the guest's memory moved. The downtime libvirt measured is
// printed. Also: a target without room (nothing moves), cancel mid-copy and
// the target's agent killed mid-copy (the guest keeps running at the source;
// the target's reservation is cleaned up when its agent is back), with a
// bigger guest and a bandwidth limit so the copy takes seconds.
#include "agentapiclient.h"
#include "daemonprocess.h"
#include "libvirtprobe.h"
#include "testhost.h"

#include "net/zmqsocket.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

using namespace vdc;
using namespace vdc::testing;
using Client = vdc::agent::testing::AgentApiClient;

namespace {

QString rigUri(const QString &rigHost)
{
    return QStringLiteral("qemu:///system?socket=%1/%2/run/libvirt-sock").arg(qEnvironmentVariable("VDC_RIG_DIR"), rigHost);
}

// What the counter guest wrote so far.
struct CounterLog
{
    int banners = 0;
    QList<int> counts;
    int last() const { return counts.isEmpty() ? 0 : counts.last(); }
    // 1, 2, 3, ... with nothing missing and nothing repeated.
    bool unbroken() const
    {
        for (int i = 0; i < counts.size(); ++i)
            if (counts[i] != i + 1)
                return false;
        return true;
    }
};

CounterLog readCounterLog(const QString &path)
{
    CounterLog log;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return log;
    static const QRegularExpression count(QStringLiteral("^count=(\\d+)\\r?$"));
    const QList<QByteArray> lines = file.readAll().split('\n');
    for (int i = 0; i < lines.size(); ++i) {
        const QString line = QString::fromLatin1(lines[i]).trimmed();
        if (line == QLatin1String("vdc-counter"))
            ++log.banners;
        const auto m = count.match(line);
        // The last line may still be being written.
        if (m.hasMatch() && (i + 1 < lines.size()))
            log.counts.append(m.captured(1).toInt());
    }
    return log;
}

// Progress events published by a source agent (topic "migration").
class ProgressFeed
{
public:
    explicit ProgressFeed(const QString &endpoint)
        : m_socket(zmq::socket_type::sub)
    {
        m_socket.subscribe(QByteArrayLiteral("migration"));
        m_connected = m_socket.connect(endpoint).ok();
        QObject::connect(&m_socket, &net::ZmqSocket::messageReceived, [this](const net::Frames &frames) {
            proto::MigrationProgress p;
            if (frames.size() == 2 && p.ParseFromArray(frames.at(1).constData(), int(frames.at(1).size())))
                m_events.append(p);
        });
    }
    bool connected() const { return m_connected; }
    const QList<proto::MigrationProgress> &events() const { return m_events; }
    void clear() { m_events.clear(); }
    bool seen(proto::MigrationPhase phase, std::uint64_t minProcessed = 0) const
    {
        for (const auto &e : m_events)
            if (e.phase() == phase && e.memory_processed_bytes() >= minProcessed)
                return true;
        return false;
    }

private:
    net::ZmqSocket m_socket;
    QList<proto::MigrationProgress> m_events;
    bool m_connected = false;
};

QString describe(const proto::MigrationProgress &p)
{
    return QStringLiteral("%1 ms: phase %2, %3/%4 MiB copied, %5 MiB left, %6 MiB/s, dirty %7 MiB/s, expected "
                          "downtime %8 ms, estimate %9 ms %10")
        .arg(p.elapsed_ms())
        .arg(proto::MigrationPhase_Name(p.phase()).c_str())
        .arg(p.memory_processed_bytes() >> 20)
        .arg(p.memory_total_bytes() >> 20)
        .arg(p.memory_remaining_bytes() >> 20)
        .arg(double(p.transfer_rate_bytes_per_s()) / 1048576.0, 0, 'f', 1)
        .arg(double(p.dirty_rate_bytes_per_s()) / 1048576.0, 0, 'f', 1)
        .arg(p.expected_downtime_ms())
        .arg(p.estimated_remaining_ms())
        .arg(QString::fromStdString(p.estimate_note()));
}

} // namespace

class TestMigrationRealVm : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void liveMigrationThereAndBackKeepsCounting();
    void targetWithoutRoomIsRefusedAndNothingMoves();
    void cancelMidCopyKeepsItAtTheSource();
    void targetAgentKilledMidCopyKeepsItAtTheSource();
    void sourceMonitorKilledMidCopyIsFollowedToTheEnd();

private:
    proto::AgentReply call(Client &client, proto::AgentRequest request, int timeoutMs = 60000);
    proto::Inventory inventory(Client &client);
    proto::Partition startCounter(const char *name, std::uint64_t memoryMib);
    proto::MigrationTarget prepare(Client &target, const proto::PartitionSpec &spec, const std::string &id,
                                   std::uint32_t ttl = 0);
    proto::AgentRequest migrateOut(const std::string &uuid, const proto::MigrationTarget &target,
                                   std::uint32_t bandwidthMib = 0);
    proto::AgentRequest ref(proto::MigrationRef *(proto::AgentRequest::*which)(), const std::string &uuid);
    void migrateLive(const QString &label, TestHost &from, Client &fromClient, TestHost &to, Client &toClient,
                     const proto::Partition &partition, const QString &serialLog);
    QString serialLogOf(const char *name) const;

    QTemporaryDir m_work;
    QString m_serialDir;
    std::unique_ptr<TestHost> m_a;
    std::unique_ptr<TestHost> m_b;
    std::unique_ptr<Client> m_clientA;
    std::unique_ptr<Client> m_clientB;
    std::uint64_t m_nextId = 1;
    proto::Partition m_counter;
};

void TestMigrationRealVm::initTestCase()
{
    if (qEnvironmentVariableIsEmpty("VDC_RIG_DIR"))
        QFAIL("VDC_RIG_DIR is not set: run this test through ctest, whose fixture starts the libvirtd rig.");
    QVERIFY(m_work.isValid());
    QVERIFY2(QFile::exists(QStringLiteral(VDC_COUNTER_IMAGE)), VDC_COUNTER_IMAGE);
    m_serialDir = m_work.filePath(QStringLiteral("serial"));
    const QString uri1 = rigUri(QStringLiteral("host1"));
    const QString uri2 = rigUri(QStringLiteral("host2"));
    removeVdcDomains(uri1);
    removeVdcDomains(uri2);

    // Both hosts log serial ports to the same folder: a migrated guest goes on
    // writing to the same file, as hosts sharing storage would.
    const QStringList monitorArguments{QStringLiteral("--serial-log-dir"), m_serialDir};
    m_a = std::make_unique<TestHost>(
        TestHost::Options{QStringLiteral("ma"), uri1, m_work.filePath(QStringLiteral("ma")), 0, 256});
    m_b = std::make_unique<TestHost>(
        TestHost::Options{QStringLiteral("mb"), uri2, m_work.filePath(QStringLiteral("mb")), 0, 256});
    m_a->setMonitorArguments(monitorArguments);
    m_b->setMonitorArguments(monitorArguments);
    QVERIFY2(m_a->start(), qPrintable(m_a->log()));
    QVERIFY2(m_b->start(), qPrintable(m_b->log()));
    m_clientA = std::make_unique<Client>(m_a->agentEndpoint());
    m_clientB = std::make_unique<Client>(m_b->agentEndpoint());
    QTRY_VERIFY_WITH_TIMEOUT(inventory(*m_clientA).monitor_attached() && inventory(*m_clientA).cores_total() > 0
                                 && inventory(*m_clientB).monitor_attached() && inventory(*m_clientB).cores_total() > 0,
                             30000);
}

void TestMigrationRealVm::cleanupTestCase()
{
    m_clientA.reset();
    m_clientB.reset();
    m_a.reset();
    m_b.reset();
    removeVdcDomains(rigUri(QStringLiteral("host1")));
    removeVdcDomains(rigUri(QStringLiteral("host2")));
}

proto::AgentReply TestMigrationRealVm::call(Client &client, proto::AgentRequest request, int timeoutMs)
{
    request.set_request_id(m_nextId++);
    const auto reply = client.call(request, timeoutMs);
    if (!reply)
        qWarning("no reply to request %llu\n%s%s", static_cast<unsigned long long>(request.request_id()),
                 qPrintable(m_a->log()), qPrintable(m_b->log()));
    return reply.value_or(proto::AgentReply());
}

proto::Inventory TestMigrationRealVm::inventory(Client &client)
{
    return call(client, Client::inventory(0), 10000).inventory();
}

QString TestMigrationRealVm::serialLogOf(const char *name) const
{
    return QStringLiteral("%1/default.%2.log").arg(m_serialDir, QLatin1String(name));
}

proto::Partition TestMigrationRealVm::startCounter(const char *name, std::uint64_t memoryMib)
{
    proto::AgentRequest define = Client::define(0, name, 1, memoryMib);
    define.mutable_define()->mutable_spec()->set_boot(QStringLiteral("floppy:%1").arg(VDC_COUNTER_IMAGE).toStdString());
    // SeaBIOS does not boot the counter under the nested KVM of the test
    // machines; software emulation does, and is all the proof needs.
    define.mutable_define()->mutable_spec()->set_accelerator("tcg");
    const auto defined = call(*m_clientA, define);
    if (defined.error().code() != proto::ERROR_NONE)
        qWarning("define failed: %s", defined.error().message().c_str());
    const auto started = call(*m_clientA, Client::byName(0, name, &proto::AgentRequest::mutable_start));
    if (started.error().code() != proto::ERROR_NONE)
        qWarning("start failed: %s\n%s", started.error().message().c_str(), qPrintable(m_a->log()));
    return started.partition();
}

proto::MigrationTarget TestMigrationRealVm::prepare(Client &target, const proto::PartitionSpec &spec,
                                                    const std::string &id, std::uint32_t ttl)
{
    proto::AgentRequest r;
    *r.mutable_prepare_migration_in()->mutable_spec() = spec;
    r.mutable_prepare_migration_in()->set_migration_id(id);
    r.mutable_prepare_migration_in()->set_reservation_ttl_s(ttl);
    const auto reply = call(target, r);
    if (reply.error().code() != proto::ERROR_NONE)
        qWarning("prepare failed: %s", reply.error().message().c_str());
    return reply.migration_target();
}

proto::AgentRequest TestMigrationRealVm::migrateOut(const std::string &uuid, const proto::MigrationTarget &target,
                                                    std::uint32_t bandwidthMib)
{
    proto::AgentRequest r;
    r.set_request_id(m_nextId++);
    r.mutable_migrate_out()->set_uuid(uuid);
    *r.mutable_migrate_out()->mutable_target() = target;
    r.mutable_migrate_out()->set_mode(proto::MIGRATION_MODE_LIVE);
    r.mutable_migrate_out()->set_bandwidth_mib_s(bandwidthMib);
    return r;
}

proto::AgentRequest TestMigrationRealVm::ref(proto::MigrationRef *(proto::AgentRequest::*which)(), const std::string &uuid)
{
    proto::AgentRequest r;
    (r.*which)()->set_uuid(uuid);
    return r;
}

void TestMigrationRealVm::migrateLive(const QString &label, TestHost &from, Client &fromClient, TestHost &to,
                                      Client &toClient, const proto::Partition &partition, const QString &serialLog)
{
    const std::string uuid = partition.spec().uuid();
    ProgressFeed feed(from.publishEndpoint());
    QVERIFY(feed.connected());
    QTest::qWait(300); // a subscription takes a moment to reach the publisher

    const proto::MigrationTarget target = prepare(toClient, partition.spec(), label.toStdString());
    QVERIFY(target.live_capable());
    QVERIFY2(target.migration_uri().find("qemu+unix") == 0, target.migration_uri().c_str());
    QCOMPARE(target.assignment().cores_size(), 1);

    const int countBefore = readCounterLog(serialLog).last();
    QVERIFY(countBefore > 0);
    const auto moved = call(fromClient, migrateOut(uuid, target), 300000);
    QVERIFY2(moved.error().code() == proto::ERROR_NONE,
             qPrintable(QString::fromStdString(moved.error().message()) + from.log() + to.log()));
    const proto::MigrationProgress &final = moved.migration();
    QCOMPARE(final.phase(), proto::MIGRATION_PHASE_COMPLETED);
    QCOMPARE(final.mode(), proto::MIGRATION_MODE_LIVE);
    QVERIFY(final.memory_total_bytes() >= partition.spec().memory_mib() * 1024 * 1024);
    std::printf("%s: %s -> %s live: downtime %llu ms (libvirt), libvirt job %llu ms, %llu MiB copied, agent "
                "migrate_out %lld ms\n",
                qPrintable(label), qPrintable(from.name()), qPrintable(to.name()),
                static_cast<unsigned long long>(final.downtime_ms()), static_cast<unsigned long long>(final.total_time_ms()),
                static_cast<unsigned long long>(final.memory_processed_bytes() >> 20),
                static_cast<long long>(final.elapsed_ms()));
    std::fflush(stdout);
    QVERIFY(final.total_time_ms() > 0);

    // The source's events: numbered in order, ending completed.
    QTRY_VERIFY_WITH_TIMEOUT(!feed.events().isEmpty() && feed.events().last().phase() == proto::MIGRATION_PHASE_COMPLETED,
                             10000);
    for (int i = 1; i < feed.events().size(); ++i)
        QCOMPARE(feed.events()[i].sequence(), feed.events()[i - 1].sequence() + 1);
    QCOMPARE(feed.events().first().phase(), proto::MIGRATION_PHASE_CHECKING);
    QCOMPARE(feed.events().last().downtime_ms(), final.downtime_ms());
    for (const auto &e : feed.events())
        qInfo().noquote() << label << describe(e);

    // Complete on the target: it runs there, pinned to the reserved core.
    const auto completed = call(toClient, ref(&proto::AgentRequest::mutable_complete_migration_in, uuid));
    QVERIFY2(completed.error().code() == proto::ERROR_NONE, completed.error().message().c_str());
    QCOMPARE(completed.partition().state(), proto::PARTITION_STATE_RUNNING);
    const auto there = probeDomain(to.uri(), QString::fromStdString(uuid));
    QVERIFY(there.exists && there.active);
    QCOMPARE(there.pinnedCores, (QList<unsigned>{target.assignment().cores(0)}));
    const auto gone = probeDomain(from.uri(), QString::fromStdString(uuid));
    QVERIFY2(!gone.exists, "the source still defines the migrated domain");

    // The inventories agree: the target has it, the source forgot it.
    const proto::Inventory source = inventory(fromClient);
    const proto::Inventory destination = inventory(toClient);
    bool onSource = false;
    for (const auto &p : source.partitions())
        onSource = onSource || p.spec().uuid() == uuid;
    QVERIFY(!onSource);
    bool onTarget = false;
    for (const auto &p : destination.partitions())
        onTarget = onTarget || (p.spec().uuid() == uuid && p.state() == proto::PARTITION_STATE_RUNNING);
    QVERIFY(onTarget);

    // The guest went on counting from where it was: its memory moved.
    QTRY_VERIFY_WITH_TIMEOUT(readCounterLog(serialLog).last() > countBefore + 20, 60000);
    const CounterLog log = readCounterLog(serialLog);
    QCOMPARE(log.banners, 1);
    QVERIFY2(log.unbroken(), qPrintable(QStringLiteral("the count restarted or skipped: %1 counts, last %2")
                                            .arg(log.counts.size())
                                            .arg(log.last())));
}

void TestMigrationRealVm::liveMigrationThereAndBackKeepsCounting()
{
    m_counter = startCounter("counter", 64);
    QCOMPARE(m_counter.state(), proto::PARTITION_STATE_RUNNING);
    const QString serialLog = serialLogOf("counter");
    QTRY_VERIFY_WITH_TIMEOUT(readCounterLog(serialLog).last() >= 20, 120000);

    migrateLive(QStringLiteral("counter-there"), *m_a, *m_clientA, *m_b, *m_clientB, m_counter, serialLog);
    migrateLive(QStringLiteral("counter-back"), *m_b, *m_clientB, *m_a, *m_clientA, m_counter, serialLog);
}

void TestMigrationRealVm::targetWithoutRoomIsRefusedAndNothingMoves()
{
    QVERIFY(m_counter.has_spec());
    const auto before = inventory(*m_clientB);
    proto::PartitionSpec tooBig = m_counter.spec();
    tooBig.set_vcpus(before.cores_free() + 1);
    proto::AgentRequest r;
    *r.mutable_prepare_migration_in()->mutable_spec() = tooBig;
    r.mutable_prepare_migration_in()->set_migration_id("no-room");
    const auto refused = call(*m_clientB, r);
    QCOMPARE(refused.error().code(), proto::ERROR_INSUFFICIENT_RESOURCES);
    QVERIFY2(QString::fromStdString(refused.error().message()).contains(QStringLiteral("free cores")),
             refused.error().message().c_str());
    const auto after = inventory(*m_clientB);
    QCOMPARE(after.cores_free(), before.cores_free());
    QCOMPARE(after.migrations_size(), 0);
    const auto still = probeDomain(m_a->uri(), QString::fromStdString(m_counter.spec().uuid()));
    QVERIFY(still.exists && still.active);
}

void TestMigrationRealVm::cancelMidCopyKeepsItAtTheSource()
{
    // Filled memory and a bandwidth limit: the copy takes tens of seconds.
    const auto big = startCounter("big", 256);
    QCOMPARE(big.state(), proto::PARTITION_STATE_RUNNING);
    const QString serialLog = serialLogOf("big");
    QTRY_VERIFY_WITH_TIMEOUT(readCounterLog(serialLog).last() >= 5, 180000);
    const std::string uuid = big.spec().uuid();
    const auto bBefore = inventory(*m_clientB);

    ProgressFeed feed(m_a->publishEndpoint());
    QTest::qWait(300);
    const proto::MigrationTarget target = prepare(*m_clientB, big.spec(), "cancel-me");
    QVERIFY(target.assignment().cores_size() == 1);
    const auto request = migrateOut(uuid, target, 8);
    QVERIFY(m_clientA->send(request));
    QTRY_VERIFY_WITH_TIMEOUT(feed.seen(proto::MIGRATION_PHASE_COPYING_MEMORY, 1), 60000);
    const auto copying = feed.events().last();
    QVERIFY(copying.memory_total_bytes() > 0);
    QVERIFY(copying.memory_remaining_bytes() > 0);

    const auto cancelled = call(*m_clientA, ref(&proto::AgentRequest::mutable_cancel_migration, uuid));
    QVERIFY2(cancelled.error().code() == proto::ERROR_NONE, cancelled.error().message().c_str());
    const auto reply = m_clientA->next(120000);
    QVERIFY(reply);
    QCOMPARE(reply->request_id(), request.request_id());
    QCOMPARE(reply->error().code(), proto::ERROR_CANCELLED);
    QCOMPARE(reply->migration().phase(), proto::MIGRATION_PHASE_CANCELLED);
    QVERIFY2(QString::fromStdString(reply->error().message()).contains(QStringLiteral("keeps running on host ma")),
             reply->error().message().c_str());

    // Still at the source, still counting; nothing at the target.
    const auto here = probeDomain(m_a->uri(), QString::fromStdString(uuid));
    QVERIFY(here.exists && here.active);
    QVERIFY(!probeDomain(m_b->uri(), QString::fromStdString(uuid)).active);
    const int count = readCounterLog(serialLog).last();
    QTRY_VERIFY_WITH_TIMEOUT(readCounterLog(serialLog).last() > count + 5, 60000);
    QCOMPARE(readCounterLog(serialLog).banners, 1);
    QCOMPARE(inventory(*m_clientA).migrations_size(), 0);

    // The orchestrator aborts the target's reservation.
    QCOMPARE(call(*m_clientB, ref(&proto::AgentRequest::mutable_abort_migration_in, uuid)).error().code(),
             proto::ERROR_NONE);
    QTRY_COMPARE_WITH_TIMEOUT(inventory(*m_clientB).cores_free(), bBefore.cores_free(), 10000);
    QCOMPARE(inventory(*m_clientB).migrations_size(), 0);
}

void TestMigrationRealVm::targetAgentKilledMidCopyKeepsItAtTheSource()
{
    const auto inv = inventory(*m_clientA);
    const proto::Partition *big = nullptr;
    for (const auto &p : inv.partitions())
        if (p.spec().name() == "big")
            big = &p;
    QVERIFY2(big, "the big counter of the cancel test is not running on ma");
    const std::string uuid = big->spec().uuid();
    const QString serialLog = serialLogOf("big");
    const auto bBefore = inventory(*m_clientB);

    ProgressFeed feed(m_a->publishEndpoint());
    QTest::qWait(300);
    // A short reservation: nobody will abort it, it must lapse on its own.
    const proto::MigrationTarget target = prepare(*m_clientB, big->spec(), "killed-target", 15);
    QCOMPARE(target.assignment().cores_size(), 1);
    const auto request = migrateOut(uuid, target, 8);
    QVERIFY(m_clientA->send(request));
    QTRY_VERIFY_WITH_TIMEOUT(feed.seen(proto::MIGRATION_PHASE_COPYING_MEMORY, 1), 60000);

    m_b->agent().kill(); // kill -9 mid-copy
    const auto reply = m_clientA->next(120000);
    QVERIFY(reply);
    QCOMPARE(reply->request_id(), request.request_id());
    QCOMPARE(reply->error().code(), proto::ERROR_UNAVAILABLE);
    QVERIFY2(QString::fromStdString(reply->error().message()).contains(QStringLiteral("went silent")),
             reply->error().message().c_str());
    QVERIFY2(QString::fromStdString(reply->error().message()).contains(QStringLiteral("keeps running on host ma")),
             reply->error().message().c_str());
    const auto here = probeDomain(m_a->uri(), QString::fromStdString(uuid));
    QVERIFY(here.exists && here.active);
    QVERIFY(!probeDomain(m_b->uri(), QString::fromStdString(uuid)).active);
    const int count = readCounterLog(serialLog).last();
    QTRY_VERIFY_WITH_TIMEOUT(readCounterLog(serialLog).last() > count + 5, 60000);

    // The target's agent comes back: its reservation is in its store, and
    // lapses since nothing arrived; its monitor frees the resources.
    QVERIFY2(m_b->startAgent(), qPrintable(m_b->log()));
    m_clientB = std::make_unique<Client>(m_b->agentEndpoint());
    QTRY_VERIFY_WITH_TIMEOUT(inventory(*m_clientB).monitor_attached(), 30000);
    QTRY_COMPARE_WITH_TIMEOUT(inventory(*m_clientB).migrations_size(), 0, 60000);
    QTRY_COMPARE_WITH_TIMEOUT(inventory(*m_clientB).cores_free(), bBefore.cores_free(), 10000);
    QVERIFY2(m_b->agent().output().contains(QStringLiteral("lapsed unused")), qPrintable(m_b->agent().output()));
}

void TestMigrationRealVm::sourceMonitorKilledMidCopyIsFollowedToTheEnd()
{
    const auto inv = inventory(*m_clientA);
    const proto::Partition *big = nullptr;
    for (const auto &p : inv.partitions())
        if (p.spec().name() == "big")
            big = &p;
    QVERIFY2(big, "the big counter is not running on ma");
    const proto::Partition partition = *big;
    const std::string uuid = partition.spec().uuid();
    const QString serialLog = serialLogOf("big");

    ProgressFeed feed(m_a->publishEndpoint());
    QTest::qWait(300);
    const proto::MigrationTarget target = prepare(*m_clientB, partition.spec(), "monitor-killed");
    QCOMPARE(target.assignment().cores_size(), 1);
    const auto request = migrateOut(uuid, target, 16);
    QVERIFY(m_clientA->send(request));
    QTRY_VERIFY_WITH_TIMEOUT(feed.seen(proto::MIGRATION_PHASE_COPYING_MEMORY, 1), 60000);

    // The source's monitor dies mid-copy; libvirt goes on. The restarted
    // monitor finds the job and follows it; the agent gets its outcome.
    m_a->killMonitor();
    QVERIFY2(m_a->startMonitor(), qPrintable(m_a->log()));
    const auto reply = m_clientA->next(300000);
    QVERIFY(reply);
    QCOMPARE(reply->request_id(), request.request_id());
    QVERIFY2(reply->error().code() == proto::ERROR_NONE,
             qPrintable(QString::fromStdString(reply->error().message()) + m_a->log()));
    QCOMPARE(reply->migration().phase(), proto::MIGRATION_PHASE_COMPLETED);
    QVERIFY2(m_a->monitor().output().contains(QStringLiteral("following it to its end")), qPrintable(m_a->log()));

    const auto completed = call(*m_clientB, ref(&proto::AgentRequest::mutable_complete_migration_in, uuid));
    QVERIFY2(completed.error().code() == proto::ERROR_NONE, completed.error().message().c_str());
    const auto there = probeDomain(m_b->uri(), QString::fromStdString(uuid));
    QVERIFY(there.exists && there.active);
    QCOMPARE(there.pinnedCores, (QList<unsigned>{target.assignment().cores(0)}));
    QVERIFY(!probeDomain(m_a->uri(), QString::fromStdString(uuid)).exists);
    const proto::Inventory source = inventory(*m_clientA);
    for (const auto &p : source.partitions())
        QVERIFY(p.spec().uuid() != uuid);
    const int count = readCounterLog(serialLog).last();
    QTRY_VERIFY_WITH_TIMEOUT(readCounterLog(serialLog).last() > count + 5, 60000);
    const CounterLog log = readCounterLog(serialLog);
    QCOMPARE(log.banners, 1);
    QVERIFY(log.unbroken());
}

QTEST_GUILESS_MAIN(TestMigrationRealVm)
#include "tst_migration_realvm.moc"
