// Offline migration where live migration does not exist: two hosts of the
// rig on libvirt's test driver (each libvirtd has its own), each a real
// vdc-monitor + vdc-agent, driven through the agents' APIs as an orchestrator
// would. The source saves the guest, its agent sends the state file to the
// target's agent in checksummed chunks, the target restores it onto the cores
// it reserved; there and back, with libvirt checked directly on both sides.
#include "agentapiclient.h"
#include "daemonprocess.h"
#include "libvirtprobe.h"
#include "testhost.h"

#include <QTemporaryDir>
#include <QTest>

using namespace vdc;
using namespace vdc::testing;
using Client = vdc::agent::testing::AgentApiClient;

namespace {

QString rigTestUri(const QString &rigHost)
{
    return QStringLiteral("test+unix:///default?socket=%1/%2/run/libvirt-sock")
        .arg(qEnvironmentVariable("VDC_RIG_DIR"), rigHost);
}

} // namespace

class TestMigrationOffline : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void offlineMigrationThereAndBack();
    void liveIsRefusedAndNothingMoves();

private:
    proto::AgentReply call(Client &client, proto::AgentRequest request, int timeoutMs = 60000);
    proto::Inventory inventory(Client &client) { return call(client, Client::inventory(0), 10000).inventory(); }
    void move(TestHost &from, Client &fromClient, TestHost &to, Client &toClient, const std::string &id);

    QTemporaryDir m_work;
    std::unique_ptr<TestHost> m_a;
    std::unique_ptr<TestHost> m_b;
    std::unique_ptr<Client> m_clientA;
    std::unique_ptr<Client> m_clientB;
    std::uint64_t m_nextId = 1;
    proto::Partition m_web;
};

void TestMigrationOffline::initTestCase()
{
    if (qEnvironmentVariableIsEmpty("VDC_RIG_DIR"))
        QFAIL("VDC_RIG_DIR is not set: run this test through ctest, whose fixture starts the libvirtd rig.");
    QVERIFY(m_work.isValid());
    removeVdcDomains(rigTestUri(QStringLiteral("host1")));
    removeVdcDomains(rigTestUri(QStringLiteral("host2")));
    m_a = std::make_unique<TestHost>(TestHost::Options{QStringLiteral("oa"), rigTestUri(QStringLiteral("host1")),
                                                       m_work.filePath(QStringLiteral("oa")), 2, 256});
    m_b = std::make_unique<TestHost>(TestHost::Options{QStringLiteral("ob"), rigTestUri(QStringLiteral("host2")),
                                                       m_work.filePath(QStringLiteral("ob")), 4, 256});
    QVERIFY2(m_a->start(), qPrintable(m_a->log()));
    QVERIFY2(m_b->start(), qPrintable(m_b->log()));
    m_clientA = std::make_unique<Client>(m_a->agentEndpoint());
    m_clientB = std::make_unique<Client>(m_b->agentEndpoint());
    QTRY_VERIFY_WITH_TIMEOUT(inventory(*m_clientA).cores_total() > 0 && inventory(*m_clientB).cores_total() > 0, 30000);
}

void TestMigrationOffline::cleanupTestCase()
{
    m_clientA.reset();
    m_clientB.reset();
    m_a.reset();
    m_b.reset();
    removeVdcDomains(rigTestUri(QStringLiteral("host1")));
    removeVdcDomains(rigTestUri(QStringLiteral("host2")));
}

proto::AgentReply TestMigrationOffline::call(Client &client, proto::AgentRequest request, int timeoutMs)
{
    request.set_request_id(m_nextId++);
    const auto reply = client.call(request, timeoutMs);
    if (!reply)
        qWarning("no reply to request %llu\n%s%s", static_cast<unsigned long long>(request.request_id()),
                 qPrintable(m_a->log()), qPrintable(m_b->log()));
    return reply.value_or(proto::AgentReply());
}

void TestMigrationOffline::move(TestHost &from, Client &fromClient, TestHost &to, Client &toClient, const std::string &id)
{
    const std::string uuid = m_web.spec().uuid();
    const auto toBefore = inventory(toClient);
    const auto fromBefore = inventory(fromClient);

    proto::AgentRequest prepare;
    *prepare.mutable_prepare_migration_in()->mutable_spec() = m_web.spec();
    prepare.mutable_prepare_migration_in()->set_migration_id(id);
    prepare.mutable_prepare_migration_in()->set_source_host(from.name().toStdString());
    const auto prepared = call(toClient, prepare);
    QVERIFY2(prepared.error().code() == proto::ERROR_NONE, prepared.error().message().c_str());
    const proto::MigrationTarget target = prepared.migration_target();
    QVERIFY(!target.live_capable());

    proto::AgentRequest out;
    out.mutable_migrate_out()->set_uuid(uuid);
    *out.mutable_migrate_out()->mutable_target() = target;
    const auto moved = call(fromClient, out, 120000);
    QVERIFY2(moved.error().code() == proto::ERROR_NONE,
             qPrintable(QString::fromStdString(moved.error().message()) + from.log() + to.log()));
    QCOMPARE(moved.migration().mode(), proto::MIGRATION_MODE_OFFLINE);
    QCOMPARE(moved.migration().phase(), proto::MIGRATION_PHASE_COMPLETED);
    QVERIFY(moved.migration().memory_total_bytes() > 0);

    proto::AgentRequest complete;
    complete.mutable_complete_migration_in()->set_uuid(uuid);
    complete.mutable_complete_migration_in()->set_migration_id(id);
    const auto completed = call(toClient, complete);
    QVERIFY2(completed.error().code() == proto::ERROR_NONE, completed.error().message().c_str());
    QCOMPARE(completed.partition().state(), proto::PARTITION_STATE_RUNNING);

    // libvirt agrees: running on the target on the reserved cores, gone from the source.
    const auto there = probeDomain(to.uri(), QString::fromStdString(uuid));
    QVERIFY(there.exists && there.active);
    QList<unsigned> reserved(target.assignment().cores().begin(), target.assignment().cores().end());
    QCOMPARE(there.pinnedCores, reserved);
    QCOMPARE(there.memoryKib, qulonglong(m_web.spec().memory_mib()) * 1024);
    QVERIFY(!probeDomain(from.uri(), QString::fromStdString(uuid)).exists);

    // So do both resource databases.
    QTRY_COMPARE_WITH_TIMEOUT(inventory(fromClient).cores_free(), fromBefore.cores_free() + m_web.spec().vcpus(), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(inventory(toClient).cores_free(), toBefore.cores_free() - m_web.spec().vcpus(), 10000);
    QCOMPARE(inventory(fromClient).migrations_size(), 0);
    QCOMPARE(inventory(toClient).migrations_size(), 0);
}

void TestMigrationOffline::offlineMigrationThereAndBack()
{
    const auto defined = call(*m_clientA, Client::define(0, "web1", 2, 256));
    QCOMPARE(defined.error().code(), proto::ERROR_NONE);
    const auto started = call(*m_clientA, Client::byName(0, "web1", &proto::AgentRequest::mutable_start));
    QVERIFY2(started.error().code() == proto::ERROR_NONE, started.error().message().c_str());
    m_web = started.partition();

    move(*m_a, *m_clientA, *m_b, *m_clientB, "offline-there");
    move(*m_b, *m_clientB, *m_a, *m_clientA, "offline-back");
}

void TestMigrationOffline::liveIsRefusedAndNothingMoves()
{
    QVERIFY(m_web.has_spec());
    const std::string uuid = m_web.spec().uuid();
    proto::AgentRequest prepare;
    *prepare.mutable_prepare_migration_in()->mutable_spec() = m_web.spec();
    prepare.mutable_prepare_migration_in()->set_migration_id("live-on-test");
    const auto prepared = call(*m_clientB, prepare);
    QCOMPARE(prepared.error().code(), proto::ERROR_NONE);
    proto::AgentRequest out;
    out.mutable_migrate_out()->set_uuid(uuid);
    *out.mutable_migrate_out()->mutable_target() = prepared.migration_target();
    out.mutable_migrate_out()->set_mode(proto::MIGRATION_MODE_LIVE);
    const auto refused = call(*m_clientA, out);
    QCOMPARE(refused.error().code(), proto::ERROR_FAILED_PRECONDITION);
    QVERIFY(probeDomain(m_a->uri(), QString::fromStdString(uuid)).active);
    proto::AgentRequest abort;
    abort.mutable_abort_migration_in()->set_uuid(uuid);
    QCOMPARE(call(*m_clientB, abort).error().code(), proto::ERROR_NONE);
    QCOMPARE(inventory(*m_clientB).migrations_size(), 0);
}

QTEST_GUILESS_MAIN(TestMigrationOffline)
#include "tst_migration_offline.moc"
