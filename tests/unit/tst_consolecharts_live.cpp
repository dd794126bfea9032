// The charts on the whole statistics path: three real hosts (vdc-monitor +
// vdc-agent on libvirt's test driver, each on its own node) sample each
// second, the agents' heartbeats carry the samples to an embedded operations
// engine, the engine publishes them on "stats" and keeps their history, and
// the console's OpsClient, StatsStore and ChartsPanel draw them. A console
// that joins late gets the history at once. The last test renders the panel
// (Fusion, light) to console-charts.png: in $VDC_SCREENSHOT_DIR, else in
// screenshots/ next to the test.
#include "chartspanel.h"
#include "opsclient.h"
#include "opsservice.h"
#include "statestore.h"
#include "statsstore.h"
#include "testhost.h"
#include "testnode.h"

#include <QApplication>
#include <QBarCategoryAxis>
#include <QChart>
#include <QDir>
#include <QImage>
#include <QLineSeries>
#include <QStyle>
#include <QStyleFactory>
#include <QTemporaryDir>
#include <QTest>
#include <QValueAxis>

#include <optional>

using namespace vdc;
using namespace vdc::gui;
using namespace vdc::testing;
using Kind = StatsStore::Kind;

namespace {
const QString kListen = QStringLiteral("inproc://tst-consolecharts-live-ops");
const QString kPublish = QStringLiteral("inproc://tst-consolecharts-live-state");
constexpr int kWaitMs = 60000;

QLineSeries *line(QChart *chart, int index)
{
    const auto series = chart->series();
    return index < series.size() ? qobject_cast<QLineSeries *>(series.at(index)) : nullptr;
}
} // namespace

class TestConsoleChartsLive : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void panelDrawsTheRealPath();
    void lateConsoleGetsTheHistory();
    void rendersPanelToPng();

private:
    proto::OpsReply call(const std::function<void(OpsClient::ReplyHandler)> &send);
    QString startPartition(const QString &name, std::uint32_t vcpus, std::uint64_t memoryMib, const QString &zone);
    void stopPartition(const QString &uuid);

    QTemporaryDir m_work;
    std::vector<std::unique_ptr<TestHost>> m_hosts;
    std::unique_ptr<ops::OpsService> m_service;
    std::unique_ptr<StateStore> m_state;
    std::unique_ptr<OpsClient> m_client;
    std::unique_ptr<StatsStore> m_stats;
    std::unique_ptr<ChartsPanel> m_panel;
    QHash<QString, QString> m_uuids; // partition name -> uuid
};

proto::OpsReply TestConsoleChartsLive::call(const std::function<void(OpsClient::ReplyHandler)> &send)
{
    std::optional<proto::OpsReply> answer;
    send([&answer](const proto::OpsReply &reply) { answer = reply; });
    if (!QTest::qWaitFor([&] { return answer.has_value(); }, kWaitMs)) {
        proto::OpsReply none;
        none.mutable_error()->set_code(proto::ERROR_UNAVAILABLE);
        none.mutable_error()->set_message("The engine did not answer.");
        return none;
    }
    return *answer;
}

QString TestConsoleChartsLive::startPartition(const QString &name, std::uint32_t vcpus, std::uint64_t memoryMib,
                                              const QString &zone)
{
    proto::PartitionSpec spec;
    spec.set_name(name.toStdString());
    spec.set_domain("default");
    spec.set_vcpus(vcpus);
    spec.set_memory_mib(memoryMib);
    spec.set_zone(zone.toStdString());
    const auto created = call([&](auto done) { m_client->createPartition(spec, this, done); });
    if (created.error().code() != proto::ERROR_NONE) {
        qWarning() << "create" << name << ":" << created.error().message().c_str();
        return {};
    }
    const QString uuid = QString::fromStdString(created.partition().spec().uuid());
    const auto started = call([&](auto done) { m_client->startPartition(uuid, this, done); });
    if (started.error().code() != proto::ERROR_NONE) {
        qWarning() << "start" << name << ":" << started.error().message().c_str();
        return {};
    }
    m_uuids.insert(name, uuid);
    return uuid;
}

void TestConsoleChartsLive::stopPartition(const QString &uuid)
{
    const auto stopped = call([&](auto done) { m_client->stopPartition(uuid, this, done); });
    QVERIFY2(stopped.error().code() == proto::ERROR_NONE, stopped.error().message().c_str());
}

void TestConsoleChartsLive::initTestCase()
{
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QApplication::setPalette(QApplication::style()->standardPalette());
    QVERIFY(m_work.isValid());

    struct Plan { const char *name; const char *zone; std::uint32_t cores; std::uint64_t memoryMib; };
    const Plan plans[] = {{"host1", "rack-a", 16, 16384}, {"host2", "rack-a", 8, 8192}, {"host3", "rack-b", 8, 8192}};
    for (const Plan &plan : plans) {
        const QString name = QLatin1String(plan.name);
        const QString node = m_work.filePath(name + QStringLiteral(".xml"));
        QVERIFY(monitor::writeTestDriverNode(node, plan.cores, plan.memoryMib).ok());
        auto host = std::make_unique<TestHost>(
            TestHost::Options{name, monitor::testDriverUri(node), m_work.filePath(name), 1, 512});
        QVERIFY2(host->start(), qPrintable(host->log()));
        m_hosts.push_back(std::move(host));
    }

    ops::OpsService::Options options;
    options.databasePath = m_work.filePath(QStringLiteral("ops.sqlite"));
    options.listenEndpoint = kListen;
    options.publishEndpoint = kPublish;
    auto service = ops::OpsService::start(options);
    QVERIFY2(service.ok(), qPrintable(service ? QString() : service.error().message()));
    m_service = std::move(service.value());

    m_state = std::make_unique<StateStore>();
    m_client = std::make_unique<OpsClient>(m_state.get());
    QVERIFY(m_client->connectTo(m_service->listenEndpoint()).ok());
    QTRY_VERIFY_WITH_TIMEOUT(m_client->isConnected(), kWaitMs);
    for (std::size_t i = 0; i < m_hosts.size(); ++i) {
        const auto added = call([&](auto done) {
            m_client->addHost(m_hosts[i]->name(), m_hosts[i]->agentEndpoint(), QLatin1String(plans[i].zone), this,
                              done);
        });
        QVERIFY2(added.error().code() == proto::ERROR_NONE, added.error().message().c_str());
    }
    QVERIFY(!startPartition(QStringLiteral("web1"), 2, 2048, QStringLiteral("rack-a")).isEmpty());
    QVERIFY(!startPartition(QStringLiteral("batch1"), 4, 4096, QStringLiteral("rack-b")).isEmpty());

    m_stats = std::make_unique<StatsStore>(m_client.get());
    m_panel = std::make_unique<ChartsPanel>(m_stats.get(), m_state.get());
    m_panel->resize(1180, 760);
    m_panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
}

void TestConsoleChartsLive::cleanupTestCase()
{
    m_panel.reset();
    m_stats.reset();
    m_client.reset();
    m_service.reset();
    m_state.reset();
    m_hosts.clear();
}

void TestConsoleChartsLive::panelDrawsTheRealPath()
{
    const QString host1 = m_state->partition(m_uuids.value(QStringLiteral("web1")))
                              ? QString::fromStdString(m_state->partition(m_uuids.value(QStringLiteral("web1")))->host())
                              : QString();
    QVERIFY(!host1.isEmpty());
    m_panel->setSubject(Kind::Host, host1);
    QTRY_VERIFY_WITH_TIMEOUT(line(m_panel->cpuChart(), 0)->count() >= 3, kWaitMs);
    QVERIFY(m_panel->waitingText().isEmpty());
    // The memory chart's total is the host's: the test node's size.
    const proto::Host *host = m_state->host(host1);
    QVERIFY(host);
    const double totalGib = double(host->memory_total_mib()) / 1024.0;
    QCOMPARE(line(m_panel->memoryChart(), 1)->at(0).y(), totalGib);
    QVERIFY(line(m_panel->memoryChart(), 0)->at(0).y() > 0); // web1's memory is in use
    // The points are the samples' own times, one a second or so.
    const auto first = line(m_panel->cpuChart(), 0)->at(0).x();
    const auto last = line(m_panel->cpuChart(), 0)->at(line(m_panel->cpuChart(), 0)->count() - 1).x();
    QVERIFY(last > first);
    QVERIFY(std::abs(last - double(QDateTime::currentMSecsSinceEpoch())) < 60000);

    // The partition: its own figures, its assigned memory as the total.
    m_panel->setSubject(Kind::Partition, m_uuids.value(QStringLiteral("web1")));
    QTRY_VERIFY_WITH_TIMEOUT(line(m_panel->memoryChart(), 1)->count() >= 2, kWaitMs);
    QCOMPARE(line(m_panel->memoryChart(), 1)->at(0).y(), 2048.0);

    // The zone overview shows both zones from the engine's figures.
    QTRY_VERIFY_WITH_TIMEOUT(m_stats->zoneNames().size() == 2, kWaitMs);
    auto *categories = qobject_cast<QBarCategoryAxis *>(m_panel->zoneChart()->axes(Qt::Vertical).first());
    QTRY_COMPARE_WITH_TIMEOUT(categories->categories(),
                              (QStringList{QStringLiteral("rack-b"), QStringLiteral("rack-a")}), kWaitMs);
    m_panel->setSubject(Kind::Zone, QStringLiteral("rack-b"));
    QTRY_VERIFY_WITH_TIMEOUT(line(m_panel->memoryChart(), 0)->count() >= 2, kWaitMs);
    // batch1 holds 4 GiB of rack-b's 8 GiB host (less its reserve).
    const double memoryPercent = line(m_panel->memoryChart(), 0)->at(line(m_panel->memoryChart(), 0)->count() - 1).y();
    QVERIFY2(memoryPercent > 40 && memoryPercent <= 100, qPrintable(QString::number(memoryPercent)));
}

void TestConsoleChartsLive::lateConsoleGetsTheHistory()
{
    // The engine has kept some seconds of host1 by now.
    QTRY_VERIFY_WITH_TIMEOUT(m_stats->samples(Kind::Host, QStringLiteral("host1")).size() >= 3
                                 || (m_stats->watch(Kind::Host, QStringLiteral("host1")), false),
                             kWaitMs);
    StatsStore late(m_client.get());
    late.watch(Kind::Host, QStringLiteral("host1"));
    QTRY_COMPARE_WITH_TIMEOUT(late.historyState(Kind::Host, QStringLiteral("host1")), StatsStore::HistoryState::Loaded,
                              kWaitMs);
    QVERIFY(late.samples(Kind::Host, QStringLiteral("host1")).size() >= 3);
    // The same samples as the console that watched live, no duplicates.
    const auto &points = late.samples(Kind::Host, QStringLiteral("host1"));
    for (int i = 1; i < points.size(); ++i)
        QVERIFY(points.at(i).timeMs > points.at(i - 1).timeMs);
    QCOMPARE(late.historyState(Kind::Host, QStringLiteral("nosuchhost")), StatsStore::HistoryState::NotAsked);
    late.watch(Kind::Host, QStringLiteral("nosuchhost"));
    QTRY_COMPARE_WITH_TIMEOUT(late.historyState(Kind::Host, QStringLiteral("nosuchhost")),
                              StatsStore::HistoryState::Failed, kWaitMs);
    QVERIFY(late.historyError(Kind::Host, QStringLiteral("nosuchhost")).contains(QLatin1String("nosuchhost")));
}

void TestConsoleChartsLive::rendersPanelToPng()
{
    // A minute of host1 while partitions come and go, so the lines move.
    m_panel->setRangeMinutes(1);
    m_panel->setSubject(Kind::Host, QStringLiteral("host1"));
    const auto pointsOfHost1 = [this] { return m_stats->samples(Kind::Host, QStringLiteral("host1")).size(); };
    const qsizetype start = pointsOfHost1();
    const struct { int after; const char *name; std::uint32_t vcpus; std::uint64_t memoryMib; } steps[] = {
        {6, "db1", 4, 4096}, {14, "cache1", 2, 3072}, {22, "app1", 2, 2048}};
    for (const auto &step : steps) {
        QTRY_VERIFY_WITH_TIMEOUT(pointsOfHost1() >= start + step.after, kWaitMs);
        QVERIFY(!startPartition(QLatin1String(step.name), step.vcpus, step.memoryMib, QStringLiteral("rack-a"))
                     .isEmpty());
    }
    QTRY_VERIFY_WITH_TIMEOUT(pointsOfHost1() >= start + 32, kWaitMs);
    stopPartition(m_uuids.value(QStringLiteral("cache1")));
    QTRY_VERIFY_WITH_TIMEOUT(pointsOfHost1() >= start + 42, kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(line(m_panel->cpuChart(), 0)->count() >= 40, kWaitMs);

    QString dir = qEnvironmentVariable("VDC_SCREENSHOT_DIR");
    if (dir.isEmpty())
        dir = QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("screenshots"));
    QVERIFY(QDir().mkpath(dir));
    const QImage image = m_panel->grab().toImage();
    QVERIFY(!image.isNull());
    const QString path = QDir(dir).filePath(QStringLiteral("console-charts.png"));
    QVERIFY2(image.save(path), qPrintable(path));
    qInfo().noquote() << "wrote" << path;
}

QTEST_MAIN(TestConsoleChartsLive)
#include "tst_consolecharts_live.moc"
