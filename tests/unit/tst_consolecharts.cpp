// The console's statistics without hosts: StatsStore merging, bounds and
// refusals fed with the engine's own messages (StatsUpdate, StatsHistory);
// the ChartsPanel drawing a host, a partition and a zone, its waiting texts,
// the zone overview and what it says when the engine goes away; OpsClient
// handing on stats frames from the engine's PUB socket and dropping bad ones.
// The client talks to a real embedded operations engine; the panel's state
// (hosts, partitions, zones) comes from a StateSnapshot message.
#include "chartspanel.h"
#include "core/version.h"
#include "net/envelope.h"
#include "net/zmqsocket.h"
#include "opsclient.h"
#include "opsservice.h"
#include "statestore.h"
#include "statsstore.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QComboBox>
#include <QDateTimeAxis>
#include <QHorizontalBarSeries>
#include <QLabel>
#include <QLineSeries>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QValueAxis>

#include <cmath>
#include <limits>

using namespace vdc;
using namespace vdc::gui;
using Kind = StatsStore::Kind;

namespace {
const QString kListen = QStringLiteral("inproc://tst-consolecharts-ops");
const QString kPublish = QStringLiteral("inproc://tst-consolecharts-state");
const QString kExtraPublisher = QStringLiteral("inproc://tst-consolecharts-extra");
constexpr int kWaitMs = 30000;
constexpr std::int64_t kT0 = 1'780'000'000'000; // a fixed moment, ms since the epoch

const QString kWeb1 = QStringLiteral("00000000-0000-4000-8000-000000000001");
const QString kDb1 = QStringLiteral("00000000-0000-4000-8000-000000000002");

proto::HostSample hostSample(const QString &host, std::int64_t t, double cpu, std::uint64_t usedMib = 2048,
                             std::uint64_t totalMib = 8192, std::uint64_t rx = 0, std::uint64_t tx = 0)
{
    proto::HostSample s;
    s.set_host(host.toStdString());
    s.set_time_ms(t);
    s.set_interval_s(1.0);
    s.set_cpu_percent(cpu);
    s.set_memory_used_mib(usedMib);
    s.set_memory_total_mib(totalMib);
    s.set_net_rx_bytes_per_s(rx);
    s.set_net_tx_bytes_per_s(tx);
    return s;
}

proto::PartitionSample *addPartition(proto::HostSample &host, const QString &uuid, double cpu,
                                     std::uint64_t usedMib = 512, std::uint64_t memoryMib = 1024)
{
    proto::PartitionSample *p = host.add_partitions();
    p->set_uuid(uuid.toStdString());
    p->set_cpu_percent(cpu);
    p->set_memory_used_mib(usedMib);
    p->set_memory_mib(memoryMib);
    p->set_net_rx_bytes_per_s(1000);
    p->set_net_tx_bytes_per_s(500);
    return p;
}

proto::ZoneSample zoneSample(const QString &zone, std::int64_t t, double cpu, double memory)
{
    proto::ZoneSample z;
    z.set_zone(zone.toStdString());
    z.set_time_ms(t);
    z.set_cpu_percent(cpu);
    z.set_memory_percent(memory);
    z.set_hosts_reporting(2);
    return z;
}

proto::StatsUpdate update(std::initializer_list<proto::HostSample> hosts, std::initializer_list<proto::ZoneSample> zones = {})
{
    proto::StatsUpdate u;
    u.set_protocol_version(kProtocolVersion);
    for (const auto &h : hosts)
        *u.add_hosts() = h;
    for (const auto &z : zones)
        *u.add_zones() = z;
    return u;
}

QList<std::int64_t> times(const QList<StatsStore::Point> &points)
{
    QList<std::int64_t> t;
    for (const auto &p : points)
        t << p.timeMs;
    return t;
}

proto::Host stateHost(const QString &name, const QString &zone)
{
    proto::Host h;
    h.set_name(name.toStdString());
    h.set_zone(zone.toStdString());
    h.set_state(proto::HOST_STATE_UP);
    h.set_cores_total(16);
    h.set_memory_total_mib(8192);
    return h;
}

proto::Partition statePartition(const QString &uuid, const QString &name, const QString &host,
                                proto::PartitionState state)
{
    proto::Partition p;
    p.mutable_spec()->set_uuid(uuid.toStdString());
    p.mutable_spec()->set_name(name.toStdString());
    p.mutable_spec()->set_domain("default");
    p.mutable_spec()->set_vcpus(2);
    p.mutable_spec()->set_memory_mib(1024);
    p.set_state(state);
    p.set_host(host.toStdString());
    return p;
}

QLineSeries *line(QChart *chart, int index)
{
    const auto series = chart->series();
    return index < series.size() ? qobject_cast<QLineSeries *>(series.at(index)) : nullptr;
}

QValueAxis *valueAxis(QChart *chart)
{
    const auto axes = chart->axes(Qt::Vertical);
    return axes.isEmpty() ? nullptr : qobject_cast<QValueAxis *>(axes.first());
}
} // namespace

class TestConsoleCharts : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void storeMergesInTimeOrderWithoutDuplicates();
    void storeKeepsOnlyTheRetention();
    void storeRefusesBadSamples();
    void storeForgetsSubjectsNoLongerWatched();

    void clientHandsOnStatsAndDropsBadFrames();
    void watchAsksTheEngineForHistory();

    void panelShowsSeriesForHostWithSamples();
    void panelSwitchesSubject();
    void panelSaysWhyItIsEmpty();
    void panelShowsZoneOverview();
    void panelKeepsDataWhenEngineGoes();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ops::OpsService> m_service;
    std::unique_ptr<StateStore> m_engineStore; // follows the engine
    std::unique_ptr<OpsClient> m_client;
    std::unique_ptr<StateStore> m_state;       // the data center the panel shows
    std::unique_ptr<StatsStore> m_stats;
};

void TestConsoleCharts::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    ops::OpsService::Options options;
    options.databasePath = m_dir->filePath(QStringLiteral("ops.sqlite"));
    options.listenEndpoint = kListen;
    options.publishEndpoint = kPublish;
    auto service = ops::OpsService::start(options);
    QVERIFY2(service.ok(), qPrintable(service ? QString() : service.error().message()));
    m_service = std::move(service.value());
    m_engineStore = std::make_unique<StateStore>();
    OpsClient::Options clientOptions;
    clientOptions.pingIntervalMs = 200; // the engine-away test need not wait long
    m_client = std::make_unique<OpsClient>(m_engineStore.get(), clientOptions);
    QVERIFY(m_client->connectTo(m_service->listenEndpoint()).ok());
    QTRY_VERIFY_WITH_TIMEOUT(m_client->isConnected(), kWaitMs);

    m_state = std::make_unique<StateStore>();
    proto::StateSnapshot snapshot;
    snapshot.set_sequence(1);
    *snapshot.add_hosts() = stateHost(QStringLiteral("h1"), QStringLiteral("zone-a"));
    *snapshot.add_hosts() = stateHost(QStringLiteral("h2"), QStringLiteral("zone-a"));
    *snapshot.add_partitions() =
        statePartition(kWeb1, QStringLiteral("web1"), QStringLiteral("h1"), proto::PARTITION_STATE_RUNNING);
    *snapshot.add_partitions() =
        statePartition(kDb1, QStringLiteral("db1"), QString(), proto::PARTITION_STATE_STOPPED);
    snapshot.add_zones()->set_name("zone-a");
    snapshot.add_zones()->set_name("zone-b");
    m_state->applySnapshot(snapshot);
    m_stats = std::make_unique<StatsStore>(m_client.get());
}

void TestConsoleCharts::cleanup()
{
    m_stats.reset();
    m_client.reset();
    m_service.reset();
    m_engineStore.reset();
    m_state.reset();
    m_dir.reset();
}

void TestConsoleCharts::storeMergesInTimeOrderWithoutDuplicates()
{
    StatsStore store(nullptr);
    store.watch(Kind::Host, QStringLiteral("h1"));
    store.watch(Kind::Partition, kWeb1);
    QSignalSpy added(&store, &StatsStore::samplesAdded);

    // Live updates first (seconds 10 and 11)...
    for (int s : {10, 11}) {
        proto::HostSample h1 = hostSample(QStringLiteral("h1"), kT0 + s * 1000, 10.0 + s);
        addPartition(h1, kWeb1, 5.0 + s);
        const auto r = store.merge(update({h1, hostSample(QStringLiteral("h2"), kT0 + s * 1000, 50)},
                                          {zoneSample(QStringLiteral("zone-a"), kT0 + s * 1000, 30, 40)}));
        QCOMPARE(r.refused, 0);
    }
    // ...then the history the engine kept, overlapping them (8 to 11).
    proto::StatsHistory history;
    for (int s = 8; s <= 11; ++s) {
        proto::HostSample h1 = hostSample(QStringLiteral("h1"), kT0 + s * 1000, 10.0 + s);
        addPartition(h1, kWeb1, 5.0 + s);
        *history.add_hosts() = h1;
        *history.add_zones() = zoneSample(QStringLiteral("zone-a"), kT0 + s * 1000, 30, 40);
    }
    const auto merged = store.merge(history);
    QCOMPARE(merged.added, 6);      // seconds 8 and 9 of h1, web1 and zone-a
    QCOMPARE(merged.duplicates, 6); // seconds 10 and 11 of each
    QCOMPARE(merged.refused, 0);

    const QList<std::int64_t> expected{kT0 + 8000, kT0 + 9000, kT0 + 10000, kT0 + 11000};
    QCOMPARE(times(store.samples(Kind::Host, QStringLiteral("h1"))), expected);
    QCOMPARE(times(store.samples(Kind::Partition, kWeb1)), expected);
    QCOMPARE(times(store.samples(Kind::Zone, QStringLiteral("zone-a"))), expected);
    QCOMPARE(store.samples(Kind::Host, QStringLiteral("h1")).at(0).cpuPercent, 18.0);
    QCOMPARE(store.samples(Kind::Host, QStringLiteral("h1")).at(0).memoryPercent, 25.0);
    QCOMPARE(store.samples(Kind::Partition, kWeb1).at(3).cpuPercent, 16.0);
    QCOMPARE(store.samples(Kind::Partition, kWeb1).at(3).memoryTotalMib, 1024u);
    // Nobody watches h2: its samples are not kept.
    QVERIFY(store.samples(Kind::Host, QStringLiteral("h2")).isEmpty());
    QCOMPARE(store.zoneNames(), QStringList{QStringLiteral("zone-a")});
    QCOMPARE(store.newestTimeMs(), kT0 + 11000);
    QVERIFY(added.count() >= 3);

    // The same update again adds nothing and tells nobody.
    added.clear();
    proto::HostSample again = hostSample(QStringLiteral("h1"), kT0 + 11000, 99);
    const auto replay = store.merge(update({again}));
    QCOMPARE(replay.added, 0);
    QCOMPARE(replay.duplicates, 1);
    QCOMPARE(added.count(), 0);
    QCOMPARE(store.samples(Kind::Host, QStringLiteral("h1")).constLast().cpuPercent, 21.0);
}

void TestConsoleCharts::storeKeepsOnlyTheRetention()
{
    StatsStore store(nullptr);
    QCOMPARE(store.retentionSeconds(), StatsStore::kDefaultRetentionSeconds);
    const auto tooShort = store.setRetentionSeconds(5);
    QVERIFY(!tooShort.ok());
    QVERIFY(tooShort.error().message().contains(QLatin1String("out of range")));
    QCOMPARE(store.retentionSeconds(), StatsStore::kDefaultRetentionSeconds);
    QVERIFY(store.setRetentionSeconds(60).ok());

    store.watch(Kind::Host, QStringLiteral("h1"));
    for (int s = 0; s < 200; ++s)
        (void)store.merge(update({hostSample(QStringLiteral("h1"), kT0 + s * 1000, 1)},
                                 {zoneSample(QStringLiteral("zone-a"), kT0 + s * 1000, 1, 1)}));
    const auto &points = store.samples(Kind::Host, QStringLiteral("h1"));
    QCOMPARE(points.size(), 61);
    QCOMPARE(points.constFirst().timeMs, kT0 + 139000);
    QCOMPARE(points.constLast().timeMs, kT0 + 199000);
    QCOMPARE(store.samples(Kind::Zone, QStringLiteral("zone-a")).size(), 61);

    // A sample older than the retention is not kept.
    (void)store.merge(update({hostSample(QStringLiteral("h1"), kT0 + 5000, 1)}));
    QCOMPARE(store.samples(Kind::Host, QStringLiteral("h1")).constFirst().timeMs, kT0 + 139000);

    // The engine's retention wins once it says what it is.
    proto::StatsHistory history;
    history.set_retention_s(120);
    (void)store.merge(history);
    QCOMPARE(store.retentionSeconds(), 120);

    // A zone that has not reported for a whole retention leaves.
    (void)store.merge(update({hostSample(QStringLiteral("h1"), kT0 + 400000, 1)}));
    QVERIFY(store.zoneNames().isEmpty());
    QCOMPARE(store.samples(Kind::Host, QStringLiteral("h1")).size(), 1);
}

void TestConsoleCharts::storeRefusesBadSamples()
{
    StatsStore store(nullptr);
    store.watch(Kind::Host, QStringLiteral("h1"));
    store.watch(Kind::Partition, kWeb1);
    (void)store.merge(update({hostSample(QStringLiteral("h1"), kT0, 10)}));

    QList<proto::HostSample> bad;
    bad << hostSample(QStringLiteral("h1"), kT0 + 1000, 150);                                  // CPU above 100
    bad << hostSample(QStringLiteral("h1"), kT0 + 1000, std::numeric_limits<double>::quiet_NaN());
    bad << hostSample(QStringLiteral("h1"), kT0 + 1000, -1);
    bad << hostSample(QStringLiteral("h1"), 0, 10);                                             // no time
    bad << hostSample(QStringLiteral("h 1\""), kT0 + 1000, 10);                                 // odd name
    bad << hostSample(QStringLiteral("h1"), kT0 + 1000, 10, 9000, 8192);                        // used > total
    proto::HostSample badUuid = hostSample(QStringLiteral("h1"), kT0 + 1000, 10);
    addPartition(badUuid, QStringLiteral("web1; rm -rf"), 5);
    bad << badUuid;
    proto::HostSample badPartition = hostSample(QStringLiteral("h1"), kT0 + 1000, 10);
    addPartition(badPartition, kWeb1, 101);
    bad << badPartition;
    proto::HostSample badPartitionMemory = hostSample(QStringLiteral("h1"), kT0 + 1000, 10);
    addPartition(badPartitionMemory, kWeb1, 5, 4096, 1024);
    bad << badPartitionMemory;
    proto::HostSample badInterval = hostSample(QStringLiteral("h1"), kT0 + 1000, 10);
    badInterval.set_interval_s(-1);
    bad << badInterval;

    for (const proto::HostSample &sample : std::as_const(bad)) {
        const auto valid = StatsStore::validate(sample);
        QVERIFY2(!valid.ok(), sample.DebugString().c_str());
        QVERIFY(valid.error().message().endsWith(QLatin1Char('.')));
        const auto r = store.merge(update({sample}));
        QCOMPARE(r.refused, 1);
        QCOMPARE(r.added, 0);
        QCOMPARE(r.problems.size(), 1);
    }
    const auto badZone = store.merge(update({}, {zoneSample(QStringLiteral("zone-a"), kT0, 30, 101),
                                                 zoneSample(QString(), kT0, 30, 30),
                                                 zoneSample(QStringLiteral("zone-a"), -5, 30, 30)}));
    QCOMPARE(badZone.refused, 3);
    QVERIFY(badZone.problems.at(0).contains(QLatin1String("zone-a")));

    // Nothing of it was stored, and the newest time did not move.
    QCOMPARE(times(store.samples(Kind::Host, QStringLiteral("h1"))), QList<std::int64_t>{kT0});
    QVERIFY(store.samples(Kind::Partition, kWeb1).isEmpty());
    QVERIFY(store.zoneNames().isEmpty());
    QCOMPARE(store.newestTimeMs(), kT0);

    // A good sample next to a bad one in the same update still counts.
    const auto mixed = store.merge(update({bad.first(), hostSample(QStringLiteral("h1"), kT0 + 2000, 20)}));
    QCOMPARE(mixed.refused, 1);
    QCOMPARE(mixed.added, 1);
}

void TestConsoleCharts::storeForgetsSubjectsNoLongerWatched()
{
    StatsStore store(nullptr);
    for (int i = 0; i <= StatsStore::kMaxWatched; ++i)
        store.watch(Kind::Host, QStringLiteral("h%1").arg(i));
    proto::StatsUpdate u = update({});
    for (int i = 0; i <= StatsStore::kMaxWatched; ++i)
        *u.add_hosts() = hostSample(QStringLiteral("h%1").arg(i), kT0, 1);
    QCOMPARE(store.merge(u).added, StatsStore::kMaxWatched);
    QVERIFY(!store.isWatched(Kind::Host, QStringLiteral("h0")));
    QVERIFY(store.samples(Kind::Host, QStringLiteral("h0")).isEmpty());
    QVERIFY(store.isWatched(Kind::Host, QStringLiteral("h1")));

    // Watching again puts a subject at the end of the line: h1 stays, h2 goes.
    store.watch(Kind::Host, QStringLiteral("h1"));
    store.watch(Kind::Host, QStringLiteral("h0"));
    QVERIFY(store.isWatched(Kind::Host, QStringLiteral("h1")));
    QVERIFY(!store.isWatched(Kind::Host, QStringLiteral("h2")));
    QCOMPARE(store.samples(Kind::Host, QStringLiteral("h1")).size(), 1);
}

void TestConsoleCharts::clientHandsOnStatsAndDropsBadFrames()
{
    // A second publisher on the client's own SUB socket sends what the
    // engine never would: frames that are not a StatsUpdate.
    net::ZmqSocket *sub = nullptr;
    for (auto *socket : m_client->findChildren<net::ZmqSocket *>())
        if (socket->raw().get(zmq::sockopt::type) == ZMQ_SUB)
            sub = socket;
    QVERIFY(sub);
    net::ZmqSocket publisher(zmq::socket_type::pub);
    QVERIFY(publisher.bind(kExtraPublisher).ok());
    QVERIFY(sub->connect(kExtraPublisher).ok());

    m_stats->watch(Kind::Host, QStringLiteral("h1"));
    QSignalSpy spy(m_client.get(), &OpsClient::statsUpdated);
    // The subscription reaches the publisher asynchronously: send until one arrives.
    std::int64_t t = kT0;
    QTRY_VERIFY_WITH_TIMEOUT(
        ((void)publisher.send({QByteArrayLiteral("stats"),
                               net::encode(update({hostSample(QStringLiteral("h1"), t += 1000, 1)}))}),
         spy.count() > 0),
        kWaitMs);
    // Whatever is still on its way arrives before this one.
    QVERIFY(publisher.send({QByteArrayLiteral("stats"),
                            net::encode(update({hostSample(QStringLiteral("sync"), kT0, 1)}))}).ok());
    QTRY_VERIFY_WITH_TIMEOUT(std::any_of(spy.cbegin(), spy.cend(), [](const QList<QVariant> &args) {
        const auto u = args.at(0).value<proto::StatsUpdate>();
        return u.hosts_size() == 1 && u.hosts(0).host() == "sync";
    }), kWaitMs);
    const int before = int(m_stats->samples(Kind::Host, QStringLiteral("h1")).size());
    QVERIFY(before > 0);
    spy.clear();

    proto::StatsUpdate oldVersion = update({hostSample(QStringLiteral("h1"), kT0 + 900000, 1)});
    oldVersion.set_protocol_version(kProtocolVersion + 7);
    proto::StatsUpdate outOfRange = update({hostSample(QStringLiteral("h1"), kT0 + 900000, 400)});
    QVERIFY(publisher.send({QByteArrayLiteral("stats"), QByteArrayLiteral("\xff\xff\xff garbage")}).ok());
    QVERIFY(publisher.send({QByteArrayLiteral("stats")}).ok());
    QVERIFY(publisher.send({QByteArrayLiteral("stats"), QByteArray(), QByteArray("x")}).ok());
    QVERIFY(publisher.send({QByteArrayLiteral("stats"), net::encode(oldVersion)}).ok());
    QVERIFY(publisher.send({QByteArrayLiteral("statsx"), net::encode(update({}))}).ok());
    QVERIFY(publisher.send({QByteArrayLiteral("stats"), net::encode(outOfRange)}).ok());
    // A good one after them shows they were all read and dropped.
    QVERIFY(publisher.send({QByteArrayLiteral("stats"),
                            net::encode(update({hostSample(QStringLiteral("marker"), kT0 + 1000, 1)}))}).ok());
    QTRY_VERIFY_WITH_TIMEOUT(std::any_of(spy.cbegin(), spy.cend(), [](const QList<QVariant> &args) {
        const auto u = args.at(0).value<proto::StatsUpdate>();
        return u.hosts_size() == 1 && u.hosts(0).host() == "marker";
    }), kWaitMs);
    // Only frames that decode with our version came through: the one with
    // an out-of-range figure (the store refuses it) and the marker.
    QCOMPARE(spy.count(), 2);
    for (const QList<QVariant> &args : std::as_const(spy))
        QCOMPARE(args.at(0).value<proto::StatsUpdate>().protocol_version(), kProtocolVersion);
    QCOMPARE(m_stats->samples(Kind::Host, QStringLiteral("h1")).size(), before);
    QCOMPARE(m_stats->newestTimeMs() < kT0 + 900000, true);
    QVERIFY(m_client->isConnected());
    sub->disconnect(kExtraPublisher);
}

void TestConsoleCharts::watchAsksTheEngineForHistory()
{
    QSignalSpy states(m_stats.get(), &StatsStore::historyStateChanged);
    m_stats->watch(Kind::Host, QStringLiteral("h1"));
    QCOMPARE(m_stats->historyState(Kind::Host, QStringLiteral("h1")), StatsStore::HistoryState::Loading);
    QTRY_VERIFY_WITH_TIMEOUT(m_stats->historyState(Kind::Host, QStringLiteral("h1"))
                                 != StatsStore::HistoryState::Loading,
                             kWaitMs);
    QVERIFY(states.count() >= 2);
    // The engine knows no host h1 and says so; live figures would still come.
    QCOMPARE(m_stats->historyState(Kind::Host, QStringLiteral("h1")), StatsStore::HistoryState::Failed);
    QVERIFY(m_stats->historyError(Kind::Host, QStringLiteral("h1")).contains(QLatin1String("h1")));
    QVERIFY(m_stats->samples(Kind::Host, QStringLiteral("h1")).isEmpty());
    // Watching again does not ask again.
    states.clear();
    m_stats->watch(Kind::Host, QStringLiteral("h1"));
    QCOMPARE(states.count(), 0);
}

void TestConsoleCharts::panelShowsSeriesForHostWithSamples()
{
    ChartsPanel panel(m_stats.get(), m_state.get());
    panel.resize(1000, 700);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.setSubject(Kind::Host, QStringLiteral("h1"));
    QVERIFY(m_stats->isWatched(Kind::Host, QStringLiteral("h1")));

    for (int s = 0; s < 30; ++s)
        (void)m_stats->merge(update({hostSample(QStringLiteral("h1"), kT0 + s * 1000, 20 + s, 2048, 8192,
                                                std::uint64_t(s) * 100 * 1024, 3 * 1024 * 1024)}));
    QTRY_COMPARE_WITH_TIMEOUT(line(panel.cpuChart(), 0)->count(), 30, kWaitMs);
    QVERIFY(panel.waitingText().isEmpty());
    QCOMPARE(line(panel.cpuChart(), 0)->at(29), QPointF(double(kT0 + 29000), 49.0));
    // Memory: used and total, in GiB for an 8 GiB host.
    QCOMPARE(line(panel.memoryChart(), 0)->at(0).y(), 2.0);
    QCOMPARE(line(panel.memoryChart(), 1)->at(0).y(), 8.0);
    QCOMPARE(valueAxis(panel.memoryChart())->titleText(), QStringLiteral("GiB"));
    // Network: 3 MiB/s sent sets the unit.
    QCOMPARE(valueAxis(panel.networkChart())->titleText(), QStringLiteral("MiB/s"));
    QCOMPARE(line(panel.networkChart(), 1)->at(0).y(), 3.0);
    QVERIFY(valueAxis(panel.networkChart())->max() >= 3.0);
    // The time axis ends at the newest sample and spans the range.
    auto *time = qobject_cast<QDateTimeAxis *>(panel.cpuChart()->axes(Qt::Horizontal).first());
    QCOMPARE(time->max().toMSecsSinceEpoch(), kT0 + 29000);
    QCOMPARE(time->min().toMSecsSinceEpoch(), kT0 + 29000 - 5 * 60000);
    auto *current = panel.findChild<QLabel *>(QStringLiteral("cpuChartCurrent"));
    QVERIFY(current && current->text().contains(QLatin1String("49")));

    // Live: one more second scrolls the axis.
    (void)m_stats->merge(update({hostSample(QStringLiteral("h1"), kT0 + 30000, 5)}));
    QTRY_COMPARE_WITH_TIMEOUT(line(panel.cpuChart(), 0)->count(), 31, kWaitMs);
    QCOMPARE(time->max().toMSecsSinceEpoch(), kT0 + 30000);

    // A shorter range shows fewer points.
    panel.setRangeMinutes(1);
    (void)m_stats->merge(update({hostSample(QStringLiteral("h1"), kT0 + 100000, 5)}));
    QTRY_COMPARE_WITH_TIMEOUT(line(panel.cpuChart(), 0)->count(), 1, kWaitMs);
    // A host silent while others report says so.
    (void)m_stats->merge(update({}, {zoneSample(QStringLiteral("zone-a"), kT0 + 120000, 5, 5)}));
    QTRY_VERIFY_WITH_TIMEOUT(panel.noticeText().contains(QLatin1String("h1 has not reported since")), kWaitMs);
}

void TestConsoleCharts::panelSwitchesSubject()
{
    ChartsPanel panel(m_stats.get(), m_state.get());
    panel.resize(1000, 700);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.setSubject(Kind::Host, QStringLiteral("h1"));
    auto *kindBox = panel.findChild<QComboBox *>(QStringLiteral("chartsKindBox"));
    auto *objectBox = panel.findChild<QComboBox *>(QStringLiteral("chartsObjectBox"));
    QCOMPARE(objectBox->count(), 2);
    QCOMPARE(objectBox->currentText(), QStringLiteral("h1"));

    panel.setSubject(Kind::Partition, kWeb1);
    QCOMPARE(panel.subjectKind(), Kind::Partition);
    QCOMPARE(kindBox->currentData().toInt(), int(Kind::Partition));
    QCOMPARE(objectBox->currentText(), QStringLiteral("web1 (default)"));
    for (int s = 0; s < 5; ++s) {
        proto::HostSample h1 = hostSample(QStringLiteral("h1"), kT0 + s * 1000, 60);
        addPartition(h1, kWeb1, 12.5, 256, 1024);
        (void)m_stats->merge(update({h1}, {zoneSample(QStringLiteral("zone-a"), kT0 + s * 1000, 30, 55)}));
    }
    QTRY_COMPARE_WITH_TIMEOUT(line(panel.cpuChart(), 0)->count(), 5, kWaitMs);
    QCOMPARE(line(panel.cpuChart(), 0)->at(0).y(), 12.5);
    QCOMPARE(valueAxis(panel.memoryChart())->titleText(), QStringLiteral("MiB"));
    QCOMPARE(line(panel.memoryChart(), 1)->at(0).y(), 1024.0);
    QCOMPARE(valueAxis(panel.networkChart())->titleText(), QStringLiteral("B/s"));

    // A zone: memory as a share, no total line.
    panel.setSubject(Kind::Zone, QStringLiteral("zone-a"));
    QTRY_COMPARE_WITH_TIMEOUT(line(panel.memoryChart(), 0)->count(), 5, kWaitMs);
    QCOMPARE(line(panel.memoryChart(), 0)->at(0).y(), 55.0);
    QVERIFY(!line(panel.memoryChart(), 1)->isVisible());
    QCOMPARE(valueAxis(panel.memoryChart())->max(), 100.0);

    // Back to a host without samples: the charts give way to the reason.
    panel.setSubject(Kind::Host, QStringLiteral("h2"));
    QVERIFY(panel.waitingText().startsWith(QLatin1String("Asking the engine for the recent figures of h2")));
    // The engine has no host h2 (only this panel's state has): it says so.
    QTRY_VERIFY_WITH_TIMEOUT(panel.waitingText().startsWith(QLatin1String("The engine could not send the recent "
                                                                          "figures of h2")),
                             kWaitMs);

    // Picking in the panel says so to whoever follows it.
    QSignalSpy picked(&panel, &ChartsPanel::subjectChanged);
    objectBox->setCurrentIndex(objectBox->findText(QStringLiteral("h1")));
    QCOMPARE(picked.count(), 1);
    QCOMPARE(picked.at(0).at(1).toString(), QStringLiteral("h1"));
    kindBox->setCurrentIndex(kindBox->findData(int(Kind::Zone)));
    QCOMPARE(picked.count(), 2);
    QCOMPARE(picked.at(1).at(0).value<Kind>(), Kind::Zone);
    QCOMPARE(picked.at(1).at(1).toString(), QStringLiteral("zone-a"));
    QCOMPARE(panel.subjectKey(), QStringLiteral("zone-a"));
}

void TestConsoleCharts::panelSaysWhyItIsEmpty()
{
    ChartsPanel panel(m_stats.get(), m_state.get());
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QVERIFY(panel.waitingText().startsWith(QLatin1String("Pick a host, a partition or a zone")));

    panel.setSubject(Kind::Host, QStringLiteral("h2"));
    // First the history request, then the steady reason.
    QTRY_VERIFY_WITH_TIMEOUT(
        panel.waitingText() == QLatin1String("No samples from h2 yet: its agent reports once a second.")
            || panel.waitingText().startsWith(QLatin1String("The engine could not send the recent figures of h2")),
        kWaitMs);
    panel.setSubject(Kind::Partition, kDb1);
    QTRY_VERIFY_WITH_TIMEOUT(panel.waitingText().contains(QLatin1String("db1 is not running")), kWaitMs);
    panel.setSubject(Kind::Partition, kWeb1);
    QTRY_VERIFY_WITH_TIMEOUT(panel.waitingText().contains(QLatin1String("its host h1 reports once a second"))
                                 || panel.waitingText().contains(QLatin1String("could not send")),
                             kWaitMs);
    panel.setSubject(Kind::Zone, QStringLiteral("zone-b"));
    QTRY_VERIFY_WITH_TIMEOUT(panel.waitingText().contains(QLatin1String("Zone zone-b has no hosts")), kWaitMs);
    panel.setSubject(Kind::Host, QStringLiteral("nosuchhost"));
    QTRY_VERIFY_WITH_TIMEOUT(panel.waitingText().contains(QLatin1String("There is no host nosuchhost")), kWaitMs);
    panel.setSubject(Kind::Host, QString());
    QVERIFY(panel.waitingText().startsWith(QLatin1String("Pick a host")));

    // No engine at all.
    StatsStore alone(nullptr);
    ChartsPanel offline(&alone, m_state.get());
    offline.setSubject(Kind::Host, QStringLiteral("h1"));
    QVERIFY(offline.waitingText().startsWith(QLatin1String("Not connected to an operations engine")));
}

void TestConsoleCharts::panelShowsZoneOverview()
{
    ChartsPanel panel(m_stats.get(), m_state.get());
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    auto *waiting = panel.findChild<QLabel *>(QStringLiteral("zoneChartsWaiting"));
    QVERIFY(waiting->isVisible());
    QVERIFY(waiting->text().contains(QLatin1String("once a second")));

    (void)m_stats->merge(update({}, {zoneSample(QStringLiteral("zone-a"), kT0, 42.4, 63.6),
                                     zoneSample(QStringLiteral("zone-b"), kT0, 7, 12),
                                     zoneSample(QStringLiteral("gone"), kT0, 1, 1)}));
    QTRY_VERIFY_WITH_TIMEOUT(!waiting->isVisible(), kWaitMs);
    auto *series = qobject_cast<QHorizontalBarSeries *>(panel.zoneChart()->series().first());
    auto *categories = qobject_cast<QBarCategoryAxis *>(panel.zoneChart()->axes(Qt::Vertical).first());
    // Only the engine's zones, A to Z from the top (bars count bottom-up).
    QCOMPARE(categories->categories(), (QStringList{QStringLiteral("zone-b"), QStringLiteral("zone-a")}));
    QBarSet *cpu = nullptr;
    QBarSet *memory = nullptr;
    for (QBarSet *set : series->barSets())
        (set->label() == QLatin1String("CPU") ? cpu : memory) = set;
    QVERIFY(cpu && memory);
    QCOMPARE(cpu->at(1), 42.0);
    QCOMPARE(memory->at(1), 64.0);
    QCOMPARE(cpu->at(0), 7.0);

    (void)m_stats->merge(update({}, {zoneSample(QStringLiteral("zone-a"), kT0 + 1000, 90, 63.6)}));
    QTRY_COMPARE_WITH_TIMEOUT(cpu->at(1), 90.0, kWaitMs);
}

void TestConsoleCharts::panelKeepsDataWhenEngineGoes()
{
    ChartsPanel panel(m_stats.get(), m_state.get());
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.setSubject(Kind::Host, QStringLiteral("h1"));
    for (int s = 0; s < 3; ++s)
        (void)m_stats->merge(update({hostSample(QStringLiteral("h1"), kT0 + s * 1000, 30)}));
    QTRY_COMPARE_WITH_TIMEOUT(line(panel.cpuChart(), 0)->count(), 3, kWaitMs);
    QVERIFY(!panel.noticeText().contains(QLatin1String("stopped answering")));

    m_service.reset();
    QTRY_VERIFY_WITH_TIMEOUT(!m_client->isConnected(), kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(panel.noticeText().startsWith(QLatin1String("The operations engine stopped answering")),
                             kWaitMs);
    QVERIFY(panel.noticeText().contains(QDateTime::fromMSecsSinceEpoch(kT0 + 2000).toString(QStringLiteral("HH:mm:ss"))));
    QCOMPARE(line(panel.cpuChart(), 0)->count(), 3);
    QVERIFY(panel.waitingText().isEmpty());
}

QTEST_MAIN(TestConsoleCharts)
#include "tst_consolecharts.moc"
