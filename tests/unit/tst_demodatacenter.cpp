// The console's demo data center against a real embedded engine: three hosts
// with their daemons, zones, domains, partitions and a policy calendar, and
// the partitions it starts running. Built twice: on libvirt's test driver
// (label unit) and with VDC_DEMO_REAL on real hosts from the rig, with QEMU
// guests, where a newcomer's first drag (a live migration) is tried too
// (label realvm).
#include "demodatacenter.h"
#include "opsclient.h"
#include "statestore.h"

#include "opsservice.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <memory>

using namespace vdc;
using namespace vdc::gui;

namespace {

#ifdef VDC_DEMO_REAL
constexpr auto kKind = DemoDataCenter::HostKind::Real;
constexpr int kReadyWaitMs = 240000;
#else
constexpr auto kKind = DemoDataCenter::HostKind::TestDriver;
constexpr int kReadyWaitMs = 60000;
#endif
constexpr int kWaitMs = 30000;

QString qs(const std::string &s) { return QString::fromStdString(s); }

} // namespace

class TestDemoDataCenter : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void comesUpWithHostsZonesAndPartitions();
    void hasAPolicyCalendar();
#ifdef VDC_DEMO_REAL
    void partitionsAreRealGuests();
    void firstDragMigratesLive();
#endif
    void stopsItsHosts();

private:
    proto::OpsReply ask(proto::OpsRequest request);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ops::OpsService> m_service;
    std::unique_ptr<StateStore> m_store;
    std::unique_ptr<OpsClient> m_client;
    std::unique_ptr<DemoDataCenter> m_demo;
    qint64 m_readyMs = 0;
};

proto::OpsReply TestDemoDataCenter::ask(proto::OpsRequest request)
{
    proto::OpsReply answer;
    bool answered = false;
    m_client->request(std::move(request), this, [&](const proto::OpsReply &reply) {
        answer = reply;
        answered = true;
    });
    if (!QTest::qWaitFor([&] { return answered; }, kWaitMs))
        answer.mutable_error()->set_message("no answer");
    return answer;
}

void TestDemoDataCenter::initTestCase()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
#ifdef VDC_DEMO_REAL
    // Its own rig folder, away from a demo someone runs on this machine.
    qputenv("VDC_DEMO_RIG_DIR", QDir::tempPath().toUtf8() + "/vdc-demo-rig-test");
#endif
    ops::OpsService::Options options;
    options.databasePath = m_dir->filePath(QStringLiteral("ops.sqlite"));
    options.listenEndpoint = QStringLiteral("inproc://demo-test-ops");
    options.publishEndpoint = QStringLiteral("inproc://demo-test-state");
    auto service = ops::OpsService::start(options);
    QVERIFY2(service.ok(), qPrintable(service ? QString() : service.error().message()));
    m_service = std::move(service.value());
    m_store = std::make_unique<StateStore>();
    m_client = std::make_unique<OpsClient>(m_store.get());
    QVERIFY(m_client->connectTo(m_service->listenEndpoint()).ok());

    m_demo = std::make_unique<DemoDataCenter>(m_client.get(), m_store.get(), kKind);
    QSignalSpy ready(m_demo.get(), &DemoDataCenter::ready);
    QSignalSpy failed(m_demo.get(), &DemoDataCenter::failed);
    QElapsedTimer clock;
    clock.start();
    m_demo->start();
    QVERIFY(QTest::qWaitFor([&] { return !ready.isEmpty() || !failed.isEmpty(); }, kReadyWaitMs));
    QVERIFY2(failed.isEmpty(), qPrintable(failed.value(0).value(0).toString()));
    m_readyMs = clock.elapsed();
    qInfo("The demo was ready %lld ms after it started.", m_readyMs);
    QCOMPARE(m_demo->hostKind(), kKind);
}

void TestDemoDataCenter::cleanupTestCase()
{
    m_demo.reset();
    m_client.reset();
    m_service.reset();
    m_store.reset();
}

void TestDemoDataCenter::comesUpWithHostsZonesAndPartitions()
{
    QCOMPARE(m_store->hostCount(), 3);
    for (int row = 0; row < m_store->hostCount(); ++row) {
        const proto::Host &host = m_store->hostAt(row);
        QCOMPARE(host.state(), proto::HOST_STATE_UP);
        QVERIFY(host.cores_total() > 0);
    }
    QCOMPARE(qs(m_store->host(QStringLiteral("host1"))->zone()), QStringLiteral("zone-a"));
    QCOMPARE(qs(m_store->host(QStringLiteral("host3"))->zone()), QStringLiteral("zone-b"));
    const proto::Zone *zoneA = m_store->zone(QStringLiteral("zone-a"));
    QVERIFY(zoneA);
    QVERIFY(!zoneA->description().empty());
    QCOMPARE(qs(zoneA->location().site()), QStringLiteral("berlin"));

    QVERIFY(m_store->domainNames().contains(QStringLiteral("finance")));
    QVERIFY(m_store->domainNames().contains(QStringLiteral("research")));
    const auto plan = DemoDataCenter::partitionPlan(kKind);
    QCOMPARE(m_store->partitionCount(), int(plan.size()));
    for (const auto &partition : plan) {
        const proto::Partition *p = m_store->findPartition(partition.name, partition.domain);
        QVERIFY2(p, qPrintable(partition.name));
        if (partition.start)
            QVERIFY2(p->state() == proto::PARTITION_STATE_RUNNING, qPrintable(partition.name));
        else
            QVERIFY2(p->state() != proto::PARTITION_STATE_RUNNING, qPrintable(partition.name));
    }
}

void TestDemoDataCenter::hasAPolicyCalendar()
{
    proto::OpsRequest request;
    request.mutable_list_policies()->set_domain("research");
    const proto::OpsReply reply = ask(request);
    QCOMPARE(reply.error().code(), proto::ERROR_NONE);
    QCOMPARE(reply.policies().policy_sets_size(), 1);
    QCOMPARE(reply.policies().policy_sets(0).name(), std::string("night"));
    QCOMPARE(reply.policies().entries_size(), 1);
    const proto::CalendarEntry &entry = reply.policies().entries(0);
    QCOMPARE(entry.name(), std::string("weeknights"));
    QCOMPARE(entry.recurrence(), std::string("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"));
    QVERIFY(!entry.description().empty()); // the engine says it in words

    proto::OpsRequest preview;
    preview.mutable_preview_calendar()->set_domain("research");
    const proto::OpsReply boundaries = ask(preview);
    QCOMPARE(boundaries.error().code(), proto::ERROR_NONE);
    QVERIFY(boundaries.preview().boundaries_size() > 0);
}

#ifdef VDC_DEMO_REAL
void TestDemoDataCenter::partitionsAreRealGuests()
{
    const QString rig = m_demo->rigDirectory();
    QVERIFY(!rig.isEmpty());
    for (const auto &partition : DemoDataCenter::partitionPlan(kKind)) {
        if (!partition.start)
            continue;
        const proto::Partition *p = m_store->findPartition(partition.name, partition.domain);
        QVERIFY(p);
        // Asked of the host's own libvirtd: a QEMU domain that runs.
        const QString uri = QStringLiteral("qemu:///system?socket=%1/%2/run/libvirt-sock").arg(rig, qs(p->host()));
        QProcess virsh;
        virsh.start(QStringLiteral("virsh"), {QStringLiteral("-c"), uri, QStringLiteral("domstate"),
                                              partition.domain + QLatin1Char('.') + partition.name});
        QVERIFY(virsh.waitForFinished(kWaitMs));
        const QString state = QString::fromLocal8Bit(virsh.readAllStandardOutput()).trimmed();
        QVERIFY2(state == QLatin1String("running"),
                 qPrintable(partition.name + QStringLiteral(": ") + state + QString::fromLocal8Bit(virsh.readAllStandardError())));
    }
    // The counter guest counts on its serial port.
    const QString serial = rig + QStringLiteral("/serial/research.counter.log");
    if (m_store->findPartition(QStringLiteral("counter"), QStringLiteral("research")))
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(serial).size() > 0, kWaitMs);
}

void TestDemoDataCenter::firstDragMigratesLive()
{
    const proto::Partition *web1 = m_store->findPartition(QStringLiteral("web1"), QStringLiteral("default"));
    QVERIFY(web1);
    const QString uuid = qs(web1->spec().uuid());
    const QString from = qs(web1->host());
    // Another host of web1's zone with a free core, as the map offers it:
    // the demo keeps one there on a machine of two cores or more.
    QString to;
    for (int row = 0; row < m_store->hostCount(); ++row) {
        const proto::Host &host = m_store->hostAt(row);
        if (qs(host.name()) != from && host.zone() == web1->spec().zone() && host.cores_free() > 0)
            to = qs(host.name());
    }
    if (to.isEmpty() && QThread::idealThreadCount() < 2)
        QSKIP("On a machine of one core the demo's zone-a has no free core to migrate to.");
    QVERIFY2(!to.isEmpty(), "No other host of web1's zone has a free core.");
    bool answered = false;
    proto::OpsReply answer;
    m_client->migratePartition(uuid, to, this, [&](const proto::OpsReply &reply) {
        answer = reply;
        answered = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(answered, 120000);
    QVERIFY2(answer.error().code() == proto::ERROR_NONE, answer.error().message().c_str());
    QTRY_COMPARE_WITH_TIMEOUT(qs(m_store->partition(uuid)->host()), to, kWaitMs);
    QCOMPARE(m_store->partition(uuid)->state(), proto::PARTITION_STATE_RUNNING);
}
#endif

void TestDemoDataCenter::stopsItsHosts()
{
    const QString rig = m_demo->rigDirectory();
    m_demo->stop();
    QVERIFY(!m_demo->isReady());
    // The engine sees its hosts go.
    QTRY_VERIFY_WITH_TIMEOUT(m_store->host(QStringLiteral("host1"))->state() != proto::HOST_STATE_UP, kWaitMs);
    if (!rig.isEmpty()) {
        for (int n = 1; n <= 3; ++n)
            QVERIFY(!QFileInfo::exists(QStringLiteral("%1/host%2/run/libvirt-sock").arg(rig).arg(n)));
    }
}

QTEST_MAIN(TestDemoDataCenter)
#include "tst_demodatacenter.moc"
