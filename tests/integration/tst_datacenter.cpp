// End to end through every component, as real processes on loopback: two
// hosts (vdc-monitor + vdc-agent each) and vdc-opsd; partitions created and
// started through the operations API; what libvirt holds is checked
// directly. Built twice: on libvirt's test driver (label integration) and on
// real QEMU/KVM guests (label realvm), both inside libvirtds started by the
// test rig (tests/rig/vdc-rig), so a killed monitor finds its domains again.
#include "daemonprocess.h"
#include "libvirtprobe.h"
#include "opsapiclient.h"
#include "testhost.h"

#include "model/validation.h"

#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <thread>

using namespace vdc;
using namespace vdc::testing;

namespace {

struct PartitionCase
{
    QString name;
    unsigned vcpus;
    unsigned memoryMib;
    QString expectedHost;
};

struct Scenario
{
    QString driver;       // "test" or "qemu"
    int h1ReservedCores;  // h1 keeps more cores free than h2
    int h2ReservedCores;
    QList<PartitionCase> partitions; // started in this order
    PartitionCase noRoom;            // refused once the others run
};

Scenario scenario()
{
#ifdef VDC_REALVM
    // Real QEMU guests on this machine: every "host" sees all of the
    // machine's cores; reserve all but two on h1 and all but one on h2.
    const int cores = int(std::thread::hardware_concurrency());
    return Scenario{QStringLiteral("qemu"), cores - 2, cores - 1,
                    {{QStringLiteral("web1"), 1, 64, QStringLiteral("h2")},
                     {QStringLiteral("db1"), 1, 64, QStringLiteral("h1")},
                     {QStringLiteral("cache1"), 1, 64, QStringLiteral("h1")}},
                    {QStringLiteral("batch1"), 1, 64, QString()}};
#else
    // The test driver's node: 16 cores, 3 GiB.
    return Scenario{QStringLiteral("test"), 8, 12,
                    {{QStringLiteral("web1"), 4, 512, QStringLiteral("h2")},
                     {QStringLiteral("db1"), 6, 512, QStringLiteral("h1")},
                     {QStringLiteral("cache1"), 2, 1024, QStringLiteral("h1")}},
                    {QStringLiteral("batch1"), 3, 256, QString()}};
#endif
}

QString hostUri(const QString &driver, const QString &rigHost)
{
    const QString socket = qEnvironmentVariable("VDC_RIG_DIR") + QStringLiteral("/%1/run/libvirt-sock").arg(rigHost);
    if (driver == QLatin1String("test"))
        return QStringLiteral("test+unix:///default?socket=") + socket;
    return QStringLiteral("qemu:///system?socket=") + socket;
}

QString describe(const proto::OpsReply &reply)
{
    QString text = QString::fromStdString(reply.error().message());
    for (const auto &r : reply.rejections())
        text += QStringLiteral("\n  %1: %2").arg(QString::fromStdString(r.host()), QString::fromStdString(r.reason()));
    return text;
}

} // namespace

class TestDataCenter : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void startsPartitionsWithPlacementAndPinning();
    void refusesWhatNoHostCanRun();
    void refusesMalformedRequestsAndKeepsServing();
    void rebuildsFromLibvirtAfterMonitorIsKilled();

private:
    proto::Host host(const QString &name);
    proto::Partition partition(const QString &name);
    void checkNoCoreAssignedTwice(TestHost &host);

    Scenario m_scenario = scenario();
    QTemporaryDir m_work;
    std::unique_ptr<TestHost> m_h1;
    std::unique_ptr<TestHost> m_h2;
    std::unique_ptr<TestOps> m_ops;
    std::unique_ptr<OpsApiClient> m_api;
};

void TestDataCenter::initTestCase()
{
    if (qEnvironmentVariableIsEmpty("VDC_RIG_DIR"))
        QFAIL("VDC_RIG_DIR is not set: run this test through ctest, whose fixture starts the libvirtd rig.");
    QVERIFY(m_work.isValid());

    const QString uri1 = hostUri(m_scenario.driver, QStringLiteral("host1"));
    const QString uri2 = hostUri(m_scenario.driver, QStringLiteral("host2"));
    removeVdcDomains(uri1); // a long-lived libvirtd may hold an earlier run's guests
    removeVdcDomains(uri2);

    m_h1 = std::make_unique<TestHost>(TestHost::Options{QStringLiteral("h1"), uri1, m_work.filePath(QStringLiteral("h1")),
                                                        m_scenario.h1ReservedCores, 256});
    m_h2 = std::make_unique<TestHost>(TestHost::Options{QStringLiteral("h2"), uri2, m_work.filePath(QStringLiteral("h2")),
                                                        m_scenario.h2ReservedCores, 256});
    QVERIFY2(m_h1->start(), qPrintable(m_h1->log()));
    QVERIFY2(m_h2->start(), qPrintable(m_h2->log()));

    m_ops = std::make_unique<TestOps>(m_work.filePath(QStringLiteral("ops")));
    QVERIFY2(m_ops->start(), qPrintable(m_ops->process().output()));
    m_api = std::make_unique<OpsApiClient>(m_ops->endpoint());

    for (auto *h : {m_h1.get(), m_h2.get()}) {
        const auto reply = m_api->addHost(h->name(), h->agentEndpoint());
        QVERIFY2(reply, "vdc-opsd did not answer host add");
        QVERIFY2(reply->error().code() == proto::ERROR_NONE, qPrintable(describe(*reply)));
    }
    // Both hosts up, with their resources known from heartbeats.
    QTRY_VERIFY_WITH_TIMEOUT(host(QStringLiteral("h1")).state() == proto::HOST_STATE_UP
                                 && host(QStringLiteral("h2")).state() == proto::HOST_STATE_UP
                                 && host(QStringLiteral("h1")).cores_total() > 0
                                 && host(QStringLiteral("h2")).cores_total() > 0,
                             30000);
}

void TestDataCenter::cleanupTestCase()
{
    if (m_api) {
        for (const auto &p : m_scenario.partitions)
            m_api->stopPartition(p.name);
        m_api->stopPartition(QStringLiteral("after-restart"));
    }
    m_api.reset();
    if (m_ops)
        m_ops->process().terminate();
    m_h1.reset();
    m_h2.reset();
}

proto::Host TestDataCenter::host(const QString &name)
{
    const auto reply = m_api->listHosts();
    if (!reply)
        return {};
    for (const auto &h : reply->hosts().hosts())
        if (QString::fromStdString(h.name()) == name)
            return h;
    return {};
}

proto::Partition TestDataCenter::partition(const QString &name)
{
    const auto reply = m_api->showPartition(name);
    return reply ? reply->partition() : proto::Partition{};
}

void TestDataCenter::checkNoCoreAssignedTwice(TestHost &h)
{
    QSet<unsigned> seen;
    const auto uuids = vdcDomainUuids(h.uri());
    for (const auto &uuid : uuids) {
        const auto facts = probeDomain(h.uri(), uuid);
        if (!facts.active)
            continue;
        for (unsigned core : facts.pinnedCores) {
            QVERIFY2(!seen.contains(core), qPrintable(QStringLiteral("core %1 of %2 is pinned twice").arg(core).arg(h.name())));
            seen.insert(core);
        }
    }
}

void TestDataCenter::startsPartitionsWithPlacementAndPinning()
{
    for (const auto &p : m_scenario.partitions) {
        const auto created = m_api->createPartition(p.name, p.vcpus, p.memoryMib);
        QVERIFY2(created && created->error().code() == proto::ERROR_NONE, created ? qPrintable(describe(*created)) : "no answer");
        const auto started = m_api->startPartition(p.name);
        QVERIFY2(started, "no answer to start");
        QVERIFY2(started->error().code() == proto::ERROR_NONE,
                 qPrintable(describe(*started) + m_h1->log() + m_h2->log()));
        QCOMPARE(started->partition().state(), proto::PARTITION_STATE_RUNNING);
        QCOMPARE(QString::fromStdString(started->partition().host()), p.expectedHost);
    }

    // What libvirt holds agrees with what ops says: running, the vCPUs pinned
    // to the assigned cores, none of them reserved for the system partitions.
    for (const auto &p : m_scenario.partitions) {
        const auto part = partition(p.name);
        TestHost &h = p.expectedHost == QLatin1String("h1") ? *m_h1 : *m_h2;
        const int reserved = &h == m_h1.get() ? m_scenario.h1ReservedCores : m_scenario.h2ReservedCores;
        const auto facts = probeDomain(h.uri(), QString::fromStdString(part.spec().uuid()));
        QVERIFY2(facts.exists, qPrintable(p.name + QStringLiteral(" is not defined in libvirt on ") + h.name()));
        QVERIFY(facts.active);
        QCOMPARE(facts.pinnedCores.size(), qsizetype(p.vcpus));
        QList<unsigned> assigned(part.assignment().cores().begin(), part.assignment().cores().end());
        QCOMPARE(facts.pinnedCores, assigned);
        for (unsigned core : facts.pinnedCores)
            QVERIFY2(core >= unsigned(reserved), qPrintable(QStringLiteral("core %1 is reserved for the system").arg(core)));
        QCOMPARE(facts.memoryKib, qulonglong(p.memoryMib) * 1024);
    }
    checkNoCoreAssignedTwice(*m_h1);
    checkNoCoreAssignedTwice(*m_h2);
}

void TestDataCenter::refusesWhatNoHostCanRun()
{
    const auto &p = m_scenario.noRoom;
    QVERIFY(m_api->createPartition(p.name, p.vcpus, p.memoryMib)->error().code() == proto::ERROR_NONE);
    const auto reply = m_api->startPartition(p.name);
    QVERIFY(reply);
    QCOMPARE(reply->error().code(), proto::ERROR_INSUFFICIENT_RESOURCES);
    // Every host is named with what it lacks.
    QCOMPARE(reply->rejections_size(), 2);
    for (const auto &r : reply->rejections())
        QVERIFY2(QString::fromStdString(r.reason()).contains(QStringLiteral("cores free")), qPrintable(describe(*reply)));
    QCOMPARE(partition(p.name).state(), proto::PARTITION_STATE_STOPPED);

    // Larger than any host: the sentence says so.
    QVERIFY(m_api->createPartition(QStringLiteral("huge"), 256, 1024)->error().code() == proto::ERROR_NONE);
    const auto huge = m_api->startPartition(QStringLiteral("huge"));
    QVERIFY(huge);
    QCOMPARE(huge->error().code(), proto::ERROR_INSUFFICIENT_RESOURCES);
    QVERIFY2(QString::fromStdString(huge->error().message()).contains(QStringLiteral("256")), qPrintable(describe(*huge)));

    // A duplicate name in a domain is refused and the first one is untouched.
    const auto dup = m_api->createPartition(m_scenario.partitions.first().name, 1, 64);
    QVERIFY(dup);
    QCOMPARE(dup->error().code(), proto::ERROR_ALREADY_EXISTS);
    QCOMPARE(partition(m_scenario.partitions.first().name).state(), proto::PARTITION_STATE_RUNNING);
}

void TestDataCenter::refusesMalformedRequestsAndKeepsServing()
{
    const auto reply = m_api->callRaw(QByteArray("\xff\xff\xff garbage", 12));
    QVERIFY2(reply, "vdc-opsd did not answer a malformed frame");
    QCOMPARE(reply->error().code(), proto::ERROR_MALFORMED);
    QCOMPARE(host(QStringLiteral("h1")).state(), proto::HOST_STATE_UP);
}

void TestDataCenter::rebuildsFromLibvirtAfterMonitorIsKilled()
{
    const auto before = host(QStringLiteral("h1"));
    const auto guestsBefore = vdcDomainUuids(m_h1->uri());
    QVERIFY(before.cores_total() > 0);

    m_h1->killMonitor(); // kill -9: no chance to save anything
    QVERIFY2(m_h1->startMonitor(), qPrintable(m_h1->log()));

    // The agent re-attaches to the new generation and ops hears about it.
    QTRY_VERIFY_WITH_TIMEOUT(host(QStringLiteral("h1")).generation() > before.generation()
                                 && host(QStringLiteral("h1")).state() == proto::HOST_STATE_UP,
                             30000);
    const auto after = host(QStringLiteral("h1"));
    QCOMPARE(after.cores_free(), before.cores_free());
    QCOMPARE(after.memory_free_mib(), before.memory_free_mib());
    // The guests never stopped: libvirt holds the same ones, still running.
    QCOMPARE(vdcDomainUuids(m_h1->uri()).size(), guestsBefore.size());
    for (const auto &p : m_scenario.partitions)
        if (p.expectedHost == QLatin1String("h1"))
            QCOMPARE(partition(p.name).state(), proto::PARTITION_STATE_RUNNING);
    checkNoCoreAssignedTwice(*m_h1);

    // The rebuilt database hands out exactly the cores that were freed.
    const auto &last = m_scenario.partitions.last();
    const auto lastBefore = partition(last.name);
    QVERIFY(m_api->stopPartition(last.name)->error().code() == proto::ERROR_NONE);
    QVERIFY(m_api->createPartition(QStringLiteral("after-restart"), last.vcpus, last.memoryMib)->error().code() == proto::ERROR_NONE);
    const auto started = m_api->startPartition(QStringLiteral("after-restart"));
    QVERIFY(started);
    QVERIFY2(started->error().code() == proto::ERROR_NONE, qPrintable(describe(*started) + m_h1->log()));
    QCOMPARE(QString::fromStdString(started->partition().host()), QStringLiteral("h1"));
    QSet<unsigned> freed(lastBefore.assignment().cores().begin(), lastBefore.assignment().cores().end());
    QSet<unsigned> got(started->partition().assignment().cores().begin(), started->partition().assignment().cores().end());
    QCOMPARE(got, freed);
    checkNoCoreAssignedTwice(*m_h1);
}

QTEST_GUILESS_MAIN(TestDataCenter)
#include "tst_datacenter.moc"
