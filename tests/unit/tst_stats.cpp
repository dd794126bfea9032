// The statistics path on libvirt's test driver: the monitor's sampler
// (in-process, on its own test node), the agent's heartbeats (real
// vdc-monitor and vdc-agent processes) and the operations engine's history,
// zone figures, filters, refusals and "stats" publications (an embedded
// OpsService with two real hosts).
#include "libvirtconnection.h"
#include "opsengine.h"
#include "opsservice.h"
#include "statsarchive.h"
#include "statssampler.h"
#include "testhost.h"
#include "testnode.h"
#include "transactionprocessor.h"

#include "core/version.h"
#include "net/envelope.h"
#include "net/zmqsocket.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace vdc;
using namespace vdc::testing;

namespace {

QString text(const std::string &s) { return QString::fromStdString(s); }

proto::Transaction activation(std::uint64_t txid, const char *name, const char *uuid, std::vector<std::uint32_t> cores,
                              std::vector<std::uint32_t> granules)
{
    proto::Transaction t;
    t.set_txid(txid);
    t.set_op(proto::TRANSACTION_OP_ACTIVATE);
    auto *spec = t.mutable_partition();
    spec->set_uuid(uuid);
    spec->set_name(name);
    spec->set_domain("shop");
    spec->set_vcpus(std::uint32_t(cores.size()));
    spec->set_memory_mib(granules.size() * 32);
    spec->set_boot("network");
    for (auto c : cores)
        t.mutable_resources()->add_cores(c);
    for (auto g : granules)
        t.mutable_resources()->add_memory_granules(g);
    return t;
}

proto::ChannelMessage wrap(std::uint64_t requestId, const proto::Transaction &t)
{
    proto::ChannelMessage m;
    m.set_protocol_version(kProtocolVersion);
    m.set_request_id(requestId);
    *m.mutable_transaction() = t;
    return m;
}

} // namespace

class TestStats : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void samplerReportsEveryRunningPartition();
    void samplerIntervalZeroDisables();
    void heartbeatsCarryTheMonitorsSamples();
    void engineKeepsHistoryAndZoneFigures();
    void historyFilters();
    void partitionHistoryFollowsAMigratedPartition();
    void badHistoryRequestsAreRefused();
    void historyIsBounded();

private:
    proto::OpsReply call(proto::OpsRequest request);

    QTemporaryDir m_work;
    std::unique_ptr<TestHost> m_h1;
    std::unique_ptr<TestHost> m_h2;
    std::unique_ptr<ops::OpsService> m_service;
    std::vector<QString> m_uuids; // started partitions
};

proto::OpsReply TestStats::call(proto::OpsRequest request)
{
    std::optional<proto::OpsReply> answer;
    request.set_user("tester");
    m_service->engine().handle(request, [&answer](proto::OpsReply reply) { answer = std::move(reply); });
    if (!QTest::qWaitFor([&] { return answer.has_value(); }, 60000)) {
        proto::OpsReply none;
        none.mutable_error()->set_code(proto::ERROR_UNAVAILABLE);
        none.mutable_error()->set_message("no answer in the test's time");
        return none;
    }
    return *answer;
}

void TestStats::initTestCase()
{
    QVERIFY(m_work.isValid());
}

void TestStats::cleanupTestCase()
{
    m_service.reset();
    m_h1.reset();
    m_h2.reset();
}

void TestStats::samplerReportsEveryRunningPartition()
{
    const QString node = m_work.filePath(QStringLiteral("node.xml"));
    QVERIFY(monitor::writeTestDriverNode(node, 8, 4096));
    auto connection = monitor::LibvirtConnection::open(monitor::testDriverUri(node));
    QVERIFY2(connection, qPrintable(connection ? QString() : connection.error().message()));
    monitor::ProcessorSettings settings;
    settings.hostName = QStringLiteral("s1");
    auto processor = monitor::TransactionProcessor::create(**connection, settings);
    QVERIFY(processor);
    const char *web = "5a1c2a9e-3b4d-4c5e-8f70-000000000001";
    const char *db = "5a1c2a9e-3b4d-4c5e-8f70-000000000002";
    for (const auto &m : (*processor)->processFrame(net::encode(wrap(1, activation(1, "web", web, {1, 2}, {0, 1, 2, 3})))))
        QVERIFY2(!m.has_result() || m.result().error().code() == proto::ERROR_NONE, m.result().error().message().c_str());
    for (const auto &m : (*processor)->processFrame(net::encode(wrap(2, activation(2, "db", db, {3}, {4, 5})))))
        QVERIFY2(!m.has_result() || m.result().error().code() == proto::ERROR_NONE, m.result().error().message().c_str());

    monitor::StatsSampler sampler(**connection, QStringLiteral("s1"));
    auto first = sampler.sample();
    QVERIFY2(first, qPrintable(first ? QString() : first.error().message()));
    QVERIFY2(!first->has_value(), "the first reading only sets the baseline");
    auto second = sampler.sample();
    QVERIFY2(second, qPrintable(second ? QString() : second.error().message()));
    QVERIFY(second->has_value());
    const proto::HostSample &sample = **second;
    QCOMPARE(text(sample.host()), QStringLiteral("s1"));
    QVERIFY(sample.time_ms() > 0);
    QVERIFY(sample.interval_s() > 0);
    QCOMPARE(sample.memory_total_mib(), std::uint64_t(4096));
    QMap<QString, proto::PartitionSample> byUuid;
    for (const auto &p : sample.partitions())
        byUuid.insert(text(p.uuid()), p);
    QCOMPARE(byUuid.size(), 2);
    QCOMPARE(byUuid.value(QLatin1String(web)).memory_mib(), std::uint64_t(128));
    QCOMPARE(byUuid.value(QLatin1String(db)).memory_mib(), std::uint64_t(64));
    // The test driver reports no CPU time or traffic: the rates are zero, never made up.
    for (const auto &p : sample.partitions()) {
        QCOMPARE(p.cpu_percent(), 0.0);
        QCOMPARE(p.net_rx_bytes_per_s(), std::uint64_t(0));
        QVERIFY(p.memory_used_mib() <= p.memory_mib());
    }
    // Without node memory statistics, in use is what the partitions hold.
    QCOMPARE(sample.memory_used_mib(), std::uint64_t(192));
    QVERIFY(sampler.lastBulkCallCost().count() > 0);
}

void TestStats::samplerIntervalZeroDisables()
{
    const QString node = m_work.filePath(QStringLiteral("node0.xml"));
    QVERIFY(monitor::writeTestDriverNode(node, 2, 1024));
    auto connection = monitor::LibvirtConnection::open(monitor::testDriverUri(node));
    QVERIFY(connection);
    monitor::StatsSampler sampler(**connection, QStringLiteral("s0"));
    sampler.setInterval(std::chrono::milliseconds(0));
    sampler.start();
    QVERIFY(!sampler.isActive());
    sampler.setInterval(std::chrono::milliseconds(100));
    QSignalSpy spy(&sampler, &monitor::StatsSampler::sampled);
    sampler.start();
    QVERIFY(sampler.isActive());
    QVERIFY(spy.wait(10000));
}

void TestStats::heartbeatsCarryTheMonitorsSamples()
{
    const QString node = m_work.filePath(QStringLiteral("h1.xml"));
    QVERIFY(monitor::writeTestDriverNode(node, 8, 4096));
    const QString node2 = m_work.filePath(QStringLiteral("h2.xml"));
    QVERIFY(monitor::writeTestDriverNode(node2, 4, 2048));
    m_h1 = std::make_unique<TestHost>(TestHost::Options{QStringLiteral("h1"), monitor::testDriverUri(node),
                                                        m_work.filePath(QStringLiteral("h1")), 1, 256});
    m_h2 = std::make_unique<TestHost>(TestHost::Options{QStringLiteral("h2"), monitor::testDriverUri(node2),
                                                        m_work.filePath(QStringLiteral("h2")), 1, 256});
    QVERIFY2(m_h1->start(), qPrintable(m_h1->log()));
    QVERIFY2(m_h2->start(), qPrintable(m_h2->log()));

    net::ZmqSocket sub(zmq::socket_type::sub);
    sub.subscribe(QByteArrayLiteral("hb"));
    QVERIFY(sub.connect(m_h1->publishEndpoint()));
    std::optional<proto::Heartbeat> withStats;
    connect(&sub, &net::ZmqSocket::messageReceived, this, [&](const net::Frames &frames) {
        if (frames.size() != 2)
            return;
        auto hb = net::decode<proto::Heartbeat>(frames.at(1), "Heartbeat");
        if (hb && hb->stats_size() > 0 && !withStats)
            withStats = *hb;
    });
    QTRY_VERIFY_WITH_TIMEOUT(withStats.has_value(), 20000);
    for (const auto &sample : withStats->stats()) {
        QCOMPARE(text(sample.host()), QStringLiteral("h1"));
        QCOMPARE(sample.memory_total_mib(), std::uint64_t(4096));
    }
    // A heartbeat carries the samples since the previous one: about one a second, never a backlog.
    QVERIFY(withStats->stats_size() <= 30);
}

void TestStats::engineKeepsHistoryAndZoneFigures()
{
    QVERIFY(m_h1 && m_h2);
    ops::OpsService::Options options;
    options.databasePath = m_work.filePath(QStringLiteral("ops.sqlite"));
    options.listenEndpoint = QStringLiteral("tcp://127.0.0.1:*");
    options.publishEndpoint = QStringLiteral("tcp://127.0.0.1:*");
    auto service = ops::OpsService::start(options);
    QVERIFY2(service, qPrintable(service ? QString() : service.error().message()));
    m_service = std::move(service).value();

    // A console subscribes to "stats" on the engine's PUB.
    net::ZmqSocket sub(zmq::socket_type::sub);
    sub.subscribe(QByteArrayLiteral("stats"));
    QVERIFY(sub.connect(m_service->publishEndpoint()));
    std::vector<proto::StatsUpdate> updates;
    connect(&sub, &net::ZmqSocket::messageReceived, this, [&](const net::Frames &frames) {
        if (frames.size() == 2 && frames.at(0) == QByteArrayLiteral("stats"))
            if (auto u = net::decode<proto::StatsUpdate>(frames.at(1), "StatsUpdate"))
                updates.push_back(*u);
    });

    for (auto *h : {m_h1.get(), m_h2.get()}) {
        proto::OpsRequest add;
        add.mutable_add_host()->set_name(h->name().toStdString());
        add.mutable_add_host()->set_agent_endpoint(h->agentEndpoint().toStdString());
        add.mutable_add_host()->set_zone("z1");
        const auto r = call(add);
        QVERIFY2(r.error().code() == proto::ERROR_NONE, r.error().message().c_str());
    }
    for (const char *name : {"web", "db"}) {
        proto::OpsRequest create;
        auto *spec = create.mutable_create_partition()->mutable_spec();
        spec->set_name(name);
        spec->set_domain("default");
        spec->set_vcpus(1);
        spec->set_memory_mib(64);
        auto created = call(create);
        QVERIFY2(created.error().code() == proto::ERROR_NONE, created.error().message().c_str());
        proto::OpsRequest start;
        start.mutable_start_partition()->set_name(name);
        start.mutable_start_partition()->set_domain("default");
        auto started = call(start);
        QVERIFY2(started.error().code() == proto::ERROR_NONE, started.error().message().c_str());
        m_uuids.push_back(text(started.partition().spec().uuid()));
    }
    QCOMPARE(m_uuids.size(), std::size_t(2));

    // Both partitions show up in the samples, and the zone has both hosts reporting.
    const auto partitionsSeen = [&] {
        QSet<QString> seen;
        for (const auto &u : updates)
            for (const auto &h : u.hosts())
                for (const auto &p : h.partitions())
                    seen.insert(text(p.uuid()));
        return seen;
    };
    QTRY_VERIFY_WITH_TIMEOUT(partitionsSeen().contains(m_uuids[0]) && partitionsSeen().contains(m_uuids[1]), 30000);
    // The newest zone sample with both hosts reporting: samples taken
    // before the partitions started show the zone's memory unused.
    const auto zoneWithBoth = [&] {
        std::optional<proto::ZoneSample> newest;
        for (const auto &u : updates)
            for (const auto &z : u.zones())
                if (z.zone() == "z1" && z.hosts_reporting() == 2)
                    newest = z;
        return newest;
    };
    // 4096 + 2048 MiB in the zone; the partitions hold 64 MiB each.
    QTRY_VERIFY_WITH_TIMEOUT(zoneWithBoth().has_value() && zoneWithBoth()->memory_percent() > 0, 30000);
    const proto::ZoneSample zone = *zoneWithBoth();
    QVERIFY(zone.memory_percent() <= 100);

    // A console that joins now gets the history the engine kept.
    proto::OpsRequest get;
    get.mutable_get_stats_history();
    const auto history = call(get);
    QVERIFY2(history.error().code() == proto::ERROR_NONE, history.error().message().c_str());
    QCOMPARE(history.stats_history().retention_s(), 900u);
    QSet<QString> hosts;
    qint64 previous = 0;
    for (const auto &h : history.stats_history().hosts()) {
        hosts.insert(text(h.host()));
        QVERIFY2(h.time_ms() >= previous, "oldest first");
        previous = h.time_ms();
    }
    QCOMPARE(hosts, (QSet<QString>{QStringLiteral("h1"), QStringLiteral("h2")}));
    QVERIFY(history.stats_history().zones_size() > 0);
}

void TestStats::historyFilters()
{
    QVERIFY(m_service);
    proto::OpsRequest byHost;
    byHost.mutable_get_stats_history()->add_hosts("h2");
    const auto h2 = call(byHost);
    QVERIFY2(h2.error().code() == proto::ERROR_NONE, h2.error().message().c_str());
    QVERIFY(h2.stats_history().hosts_size() > 0);
    for (const auto &h : h2.stats_history().hosts())
        QCOMPARE(h.host(), std::string("h2"));
    QCOMPARE(h2.stats_history().zones_size(), 0);

    proto::OpsRequest byPartition;
    byPartition.mutable_get_stats_history()->add_partitions(m_uuids[0].toStdString());
    const auto p = call(byPartition);
    QVERIFY2(p.error().code() == proto::ERROR_NONE, p.error().message().c_str());
    QVERIFY(p.stats_history().hosts_size() > 0);
    for (const auto &h : p.stats_history().hosts()) {
        QCOMPARE(h.partitions_size(), 1);
        QCOMPARE(text(h.partitions(0).uuid()), m_uuids[0]);
    }

    proto::OpsRequest byZone;
    byZone.mutable_get_stats_history()->add_zones("z1");
    const auto z = call(byZone);
    QVERIFY(z.stats_history().zones_size() > 0);
    QCOMPARE(z.stats_history().hosts_size(), 0);

    // since_ms: only what is newer.
    const qint64 last = z.stats_history().zones(z.stats_history().zones_size() - 1).time_ms();
    proto::OpsRequest since;
    since.mutable_get_stats_history()->add_zones("z1");
    since.mutable_get_stats_history()->set_since_ms(last);
    const auto newer = call(since);
    for (const auto &s : newer.stats_history().zones())
        QVERIFY(s.time_ms() > last);
}

void TestStats::partitionHistoryFollowsAMigratedPartition()
{
    QVERIFY(m_service);
    ops::StatsArchive &archive = m_service->engine().stats();
    // P's samples from h1, then (after a move) from h2: its history is one line.
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    proto::HostSample before;
    before.set_time_ms(now + 100000);
    auto *p1 = before.add_partitions();
    p1->set_uuid(m_uuids[0].toStdString());
    p1->set_memory_mib(64);
    before.add_partitions()->set_uuid("someone-else");
    archive.add(QStringLiteral("h1"), before);
    proto::HostSample after = before;
    after.set_time_ms(now + 101000);
    archive.add(QStringLiteral("h2"), after);

    proto::OpsRequest request;
    request.mutable_get_stats_history()->add_partitions(m_uuids[0].toStdString());
    request.mutable_get_stats_history()->set_since_ms(now + 99000);
    const auto reply = call(request);
    QVERIFY2(reply.error().code() == proto::ERROR_NONE, reply.error().message().c_str());
    QCOMPARE(reply.stats_history().hosts_size(), 2);
    QCOMPARE(reply.stats_history().hosts(0).host(), std::string("h1"));
    QCOMPARE(reply.stats_history().hosts(1).host(), std::string("h2"));
    for (const auto &h : reply.stats_history().hosts())
        QCOMPARE(h.partitions_size(), 1);
}

void TestStats::badHistoryRequestsAreRefused()
{
    QVERIFY(m_service);
    proto::OpsRequest all;
    all.mutable_get_stats_history();
    const int before = call(all).stats_history().hosts_size();

    const auto refused = [&](const std::function<void(proto::GetStatsHistory *)> &fill, proto::ErrorCode code,
                             const QString &words) {
        proto::OpsRequest request;
        fill(request.mutable_get_stats_history());
        const auto reply = call(request);
        QCOMPARE(reply.error().code(), code);
        QVERIFY2(text(reply.error().message()).contains(words), reply.error().message().c_str());
        QVERIFY(!reply.has_stats_history());
    };
    refused([](auto *r) { r->add_hosts("h9"); }, proto::ERROR_NOT_FOUND, QStringLiteral("h9"));
    refused([](auto *r) { r->add_zones("nowhere"); }, proto::ERROR_NOT_FOUND, QStringLiteral("nowhere"));
    refused([](auto *r) { r->add_partitions("00000000-0000-0000-0000-00000000dead"); }, proto::ERROR_NOT_FOUND,
            QStringLiteral("00000000-0000-0000-0000-00000000dead"));
    refused([](auto *r) { r->set_since_ms(-5); }, proto::ERROR_INVALID_ARGUMENT, QStringLiteral("negative"));
    refused([](auto *r) { r->add_hosts("h1"); r->add_hosts("h'; drop"); }, proto::ERROR_NOT_FOUND, QStringLiteral("drop"));

    // A retention outside 1 s .. a week is refused and the one in force stays.
    QVERIFY(!m_service->engine().stats().setRetention(0));
    QVERIFY(!m_service->engine().stats().setRetention(ops::StatsArchive::kMaxRetentionS + 1));
    QCOMPARE(m_service->engine().stats().retention(), 900u);
    // Refusals changed nothing kept.
    QVERIFY(call(all).stats_history().hosts_size() >= before);
}

void TestStats::historyIsBounded()
{
    QVERIFY(m_service);
    ops::StatsArchive &archive = m_service->engine().stats();
    QVERIFY(archive.setRetention(2));
    QSignalSpy updates(&archive, &ops::StatsArchive::updateReady);
    // Five more updates: far more samples arrived than two seconds hold.
    QTRY_VERIFY_WITH_TIMEOUT(updates.count() >= 5, 30000);
    // Samples arrive once a second with the heartbeat; two seconds of
    // retention keep at most three of them (one may be on its way out).
    QVERIFY2(archive.samplesKept(QStringLiteral("h1")) <= 3,
             qPrintable(QString::number(archive.samplesKept(QStringLiteral("h1")))));
    QVERIFY(archive.samplesKept(QStringLiteral("h1")) >= 1);
    proto::OpsRequest all;
    all.mutable_get_stats_history();
    QCOMPARE(call(all).stats_history().retention_s(), 2u);
}

QTEST_GUILESS_MAIN(TestStats)
#include "tst_stats.moc"
