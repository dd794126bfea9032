// The agent's migration API between two hosts: two real vdc-monitor
// processes on libvirt's test driver (each process is a host of its own; a
// state file one saves, the other restores) and two agents, driven over their
// ROUTER sockets with DEALER clients, as an orchestrator would. Reservations,
// refusals, two migrations at once, offline migration there and back, the
// state transfer refusing damaged chunks, lapsing reservations and
// reservations surviving agent and monitor restarts.
#include "agent.h"
#include "agentapiclient.h"
#include "agentservice.h"
#include "migrationcontroller.h"
#include "partitioncontroller.h"

#include "net/zmqsocket.h"

#include <QCryptographicHash>
#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace vdc;
using namespace vdc::agent;
using Client = vdc::agent::testing::AgentApiClient;

namespace {

// One vdc-monitor child process on its own test-driver host.
class HostMonitor
{
public:
    HostMonitor(QString channel, QString host)
        : m_channel(std::move(channel))
        , m_host(std::move(host))
    {
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        QObject::connect(&m_process, &QProcess::readyRead, [this] { m_output += m_process.readAll(); });
    }
    ~HostMonitor() { stop(); }

    void start()
    {
        m_output.clear();
        m_process.start(QStringLiteral(VDC_MONITOR_PROGRAM),
                        {QStringLiteral("--uri"), QStringLiteral("test:///default"), QStringLiteral("--channel"),
                         m_channel, QStringLiteral("--host-name"), m_host, QStringLiteral("--reserve-cores"),
                         QStringLiteral("1"), QStringLiteral("--reserve-memory"), QStringLiteral("256")});
    }
    bool serving() const { return m_output.contains("serving channel"); }
    void stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.terminate();
        if (!m_process.waitForFinished(10000)) {
            m_process.kill();
            m_process.waitForFinished(10000);
        }
    }
    void kill()
    {
        m_process.kill();
        m_process.waitForFinished(10000);
    }
    QString output() const { return QString::fromLocal8Bit(m_output); }

private:
    QString m_channel;
    QString m_host;
    QProcess m_process;
    QByteArray m_output;
};

struct Host
{
    QString name;
    QString channel;
    std::unique_ptr<HostMonitor> monitor;
    std::unique_ptr<Agent> agent;
    std::unique_ptr<Client> client;
};

proto::PartitionSpec specOf(const proto::Partition &p) { return p.spec(); }

} // namespace

class TestAgentMigration : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();

    void prepareReservesAndIsIdempotent();
    void prepareWithoutRoomIsRefused();
    void offlineMigrationMovesThePartitionThereAndBack();
    void secondMigrationAtOnceIsRefused();
    void badMigrationRequestsAreRefused();
    void damagedChunksAreRefused();
    void unusedReservationLapses();
    void reservationSurvivesAgentAndMonitorRestarts();

private:
    void startMonitor(Host &h);
    void startAgent(Host &h);
    proto::AgentReply call(Host &h, const proto::AgentRequest &request, int timeoutMs = 30000);
    proto::Inventory inventory(Host &h);
    proto::Partition startPartition(Host &h, const char *name, std::uint32_t vcpus, std::uint64_t memoryMib);
    proto::AgentRequest prepare(const proto::PartitionSpec &spec, const std::string &id, std::uint32_t ttl = 0);
    proto::AgentRequest migrateOut(const std::string &uuid, const proto::MigrationTarget &target,
                                   proto::MigrationMode mode = proto::MIGRATION_MODE_UNSPECIFIED);
    proto::AgentRequest ref(proto::MigrationRef *(proto::AgentRequest::*which)(), const std::string &uuid,
                            const std::string &id = {});
    const proto::Partition *find(const proto::Inventory &inv, const std::string &uuid);

    std::unique_ptr<QTemporaryDir> m_dir;
    Host m_a;
    Host m_b;
    std::uint64_t m_nextId = 1;
    int m_counter = 0;
};

void TestAgentMigration::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    ++m_counter;
    m_a.name = QStringLiteral("ha");
    m_b.name = QStringLiteral("hb");
    for (Host *h : {&m_a, &m_b}) {
        h->channel = QStringLiteral("/vdc-test-mig-%1-%2-%3").arg(::getpid()).arg(m_counter).arg(h->name);
        h->monitor = std::make_unique<HostMonitor>(h->channel, h->name);
        startMonitor(*h);
        startAgent(*h);
    }
}

void TestAgentMigration::cleanup()
{
    for (Host *h : {&m_a, &m_b}) {
        h->client.reset();
        h->agent.reset();
        h->monitor.reset();
    }
    m_dir.reset();
}

void TestAgentMigration::startMonitor(Host &h)
{
    h.monitor->start();
    QTRY_VERIFY2_WITH_TIMEOUT(h.monitor->serving(), qPrintable(h.monitor->output()), 30000);
}

void TestAgentMigration::startAgent(Host &h)
{
    AgentOptions options;
    options.channel = h.channel;
    options.listen = QStringLiteral("tcp://127.0.0.1:*");
    options.publish = QStringLiteral("tcp://127.0.0.1:*");
    options.store = m_dir->filePath(h.name + QStringLiteral(".sqlite"));
    options.hostName = h.name;
    h.client.reset();
    h.agent = std::make_unique<Agent>(options);
    const auto started = h.agent->start();
    QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : started.error().message()));
    h.client = std::make_unique<Client>(h.agent->service()->listenEndpoint());
    QVERIFY(h.client->connected());
    QTRY_VERIFY_WITH_TIMEOUT(h.agent->controller()->monitorAttached() && h.agent->controller()->view().hasSnapshot(),
                             30000);
}

proto::AgentReply TestAgentMigration::call(Host &h, const proto::AgentRequest &request, int timeoutMs)
{
    const auto reply = h.client->call(request, timeoutMs);
    if (!reply)
        qWarning("no reply from %s to request %llu; its monitor said:\n%s", qPrintable(h.name),
                 static_cast<unsigned long long>(request.request_id()), qPrintable(h.monitor->output()));
    return reply.value_or(proto::AgentReply());
}

proto::Inventory TestAgentMigration::inventory(Host &h)
{
    return call(h, Client::inventory(m_nextId++)).inventory();
}

const proto::Partition *TestAgentMigration::find(const proto::Inventory &inv, const std::string &uuid)
{
    for (const auto &p : inv.partitions())
        if (p.spec().uuid() == uuid)
            return &p;
    return nullptr;
}

proto::Partition TestAgentMigration::startPartition(Host &h, const char *name, std::uint32_t vcpus,
                                                    std::uint64_t memoryMib)
{
    const auto defined = call(h, Client::define(m_nextId++, name, vcpus, memoryMib));
    if (defined.error().code() != proto::ERROR_NONE)
        qWarning("define failed: %s", defined.error().message().c_str());
    const auto started = call(h, Client::byName(m_nextId++, name, &proto::AgentRequest::mutable_start));
    if (started.error().code() != proto::ERROR_NONE)
        qWarning("start failed: %s", started.error().message().c_str());
    return started.partition();
}

proto::AgentRequest TestAgentMigration::prepare(const proto::PartitionSpec &spec, const std::string &id,
                                                std::uint32_t ttl)
{
    proto::AgentRequest r;
    r.set_request_id(m_nextId++);
    auto *p = r.mutable_prepare_migration_in();
    *p->mutable_spec() = spec;
    p->set_migration_id(id);
    p->set_source_host("ha");
    p->set_reservation_ttl_s(ttl);
    return r;
}

proto::AgentRequest TestAgentMigration::migrateOut(const std::string &uuid, const proto::MigrationTarget &target,
                                                   proto::MigrationMode mode)
{
    proto::AgentRequest r;
    r.set_request_id(m_nextId++);
    auto *m = r.mutable_migrate_out();
    m->set_uuid(uuid);
    *m->mutable_target() = target;
    m->set_mode(mode);
    return r;
}

proto::AgentRequest TestAgentMigration::ref(proto::MigrationRef *(proto::AgentRequest::*which)(),
                                            const std::string &uuid, const std::string &id)
{
    proto::AgentRequest r;
    r.set_request_id(m_nextId++);
    auto *m = (r.*which)();
    m->set_uuid(uuid);
    m->set_migration_id(id);
    return r;
}

void TestAgentMigration::prepareReservesAndIsIdempotent()
{
    const auto web = startPartition(m_a, "web1", 2, 128);
    QCOMPARE(web.state(), proto::PARTITION_STATE_RUNNING);
    const auto before = inventory(m_b);

    const auto prepared = call(m_b, prepare(specOf(web), "m-1"));
    QVERIFY2(prepared.error().code() == proto::ERROR_NONE, prepared.error().message().c_str());
    const proto::MigrationTarget &target = prepared.migration_target();
    QCOMPARE(target.host(), std::string("hb"));
    QCOMPARE(target.migration_id(), std::string("m-1"));
    QCOMPARE(target.assignment().cores_size(), 2);
    QVERIFY(target.granule_mib() > 0);
    QVERIFY(target.reservation_txid() != 0);
    QVERIFY(!target.live_capable()); // the test driver cannot live-migrate
    QCOMPARE(target.migration_uri(), std::string());
    QCOMPARE(QString::fromStdString(target.agent_endpoint()), m_b.agent->service()->listenEndpoint());
    QCOMPARE(QString::fromStdString(target.publish_endpoint()), m_b.agent->service()->publishEndpoint());
    QVERIFY(target.expires_ms() > QDateTime::currentMSecsSinceEpoch());

    // Held by the monitor (the copy follows its snapshot) and listed as a migration.
    QTRY_COMPARE_WITH_TIMEOUT(inventory(m_b).cores_free(), before.cores_free() - 2, 10000);
    const auto during = inventory(m_b);
    QCOMPARE(during.migrations_size(), 1);
    QCOMPARE(during.migrations(0).partition_uuid(), web.spec().uuid());
    QVERIFY(during.migrations(0).incoming());
    QCOMPARE(during.migrations(0).peer_host(), std::string("ha"));
    QCOMPARE(during.partitions_size(), 0); // not defined here until it arrives

    // Asked again with the same id: the same answer, nothing more held.
    const auto again = call(m_b, prepare(specOf(web), "m-1"));
    QCOMPARE(again.error().code(), proto::ERROR_NONE);
    QCOMPARE(again.migration_target().assignment().SerializeAsString(), target.assignment().SerializeAsString());
    // Another migration of the same partition: refused.
    const auto second = call(m_b, prepare(specOf(web), "m-2"));
    QCOMPARE(second.error().code(), proto::ERROR_FAILED_PRECONDITION);
    QVERIFY2(QString::fromStdString(second.error().message()).contains(QStringLiteral("second migration is refused")),
             second.error().message().c_str());
    QCOMPARE(inventory(m_b).cores_free(), before.cores_free() - 2);
    // To the host it runs on: refused.
    const auto itself = call(m_a, prepare(specOf(web), "m-3"));
    QCOMPARE(itself.error().code(), proto::ERROR_FAILED_PRECONDITION);
    QVERIFY2(QString::fromStdString(itself.error().message()).contains(QStringLiteral("host it runs on")),
             itself.error().message().c_str());

    // Completing before it arrived: refused, still reserved.
    const auto early = call(m_b, ref(&proto::AgentRequest::mutable_complete_migration_in, web.spec().uuid()));
    QCOMPARE(early.error().code(), proto::ERROR_FAILED_PRECONDITION);
    QCOMPARE(inventory(m_b).migrations_size(), 1);

    // Aborted: released; aborting again is a success that changes nothing.
    const auto aborted = call(m_b, ref(&proto::AgentRequest::mutable_abort_migration_in, web.spec().uuid(), "m-1"));
    QVERIFY2(aborted.error().code() == proto::ERROR_NONE, aborted.error().message().c_str());
    QTRY_COMPARE_WITH_TIMEOUT(inventory(m_b).cores_free(), before.cores_free(), 10000);
    QCOMPARE(inventory(m_b).migrations_size(), 0);
    QCOMPARE(call(m_b, ref(&proto::AgentRequest::mutable_abort_migration_in, web.spec().uuid())).error().code(),
             proto::ERROR_NONE);
    QCOMPARE(m_b.agent->controller()->view().snapshot().reservations_size(), 0);
}

void TestAgentMigration::prepareWithoutRoomIsRefused()
{
    const auto before = inventory(m_b);
    proto::PartitionSpec big;
    big.set_uuid("3b0f6a58-0000-4000-8000-0000000000aa");
    big.set_name("big");
    big.set_domain("default");
    big.set_vcpus(before.cores_free() + 1);
    big.set_memory_mib(64);
    const auto refused = call(m_b, prepare(big, "m-big"));
    QCOMPARE(refused.error().code(), proto::ERROR_INSUFFICIENT_RESOURCES);
    QCOMPARE(QString::fromStdString(refused.error().message()),
             QStringLiteral("Host hb has %1 free cores; partition big needs %2.")
                 .arg(before.cores_free())
                 .arg(before.cores_free() + 1));
    const auto after = inventory(m_b);
    QCOMPARE(after.migrations_size(), 0);
    QCOMPARE(after.cores_free(), before.cores_free());

    // Nothing else moves either: a partition without a UUID is refused at the edge.
    big.clear_uuid();
    big.set_vcpus(1);
    QCOMPARE(call(m_b, prepare(big, "m-big")).error().code(), proto::ERROR_INVALID_ARGUMENT);
}

void TestAgentMigration::offlineMigrationMovesThePartitionThereAndBack()
{
    const auto web = startPartition(m_a, "web1", 2, 128);
    const std::string uuid = web.spec().uuid();
    const auto aBefore = inventory(m_a);
    const auto bBefore = inventory(m_b);

    // Progress as a console would see it: the source agent's PUB, topic "migration".
    net::ZmqSocket progressFeed(zmq::socket_type::sub);
    progressFeed.subscribe(QByteArrayLiteral("migration"));
    QVERIFY(progressFeed.connect(m_a.agent->service()->publishEndpoint()));
    QList<proto::MigrationProgress> events;
    connect(&progressFeed, &net::ZmqSocket::messageReceived, this, [&events](const net::Frames &frames) {
        proto::MigrationProgress decoded;
        if (frames.size() == 2 && frames.at(0) == "migration"
            && decoded.ParseFromArray(frames.at(1).constData(), int(frames.at(1).size())))
            events.append(decoded);
    });
    QTest::qWait(200); // a subscription takes a moment to reach the publisher

    const auto prepared = call(m_b, prepare(specOf(web), "move-1"));
    QVERIFY2(prepared.error().code() == proto::ERROR_NONE, prepared.error().message().c_str());
    const auto moved = call(m_a, migrateOut(uuid, prepared.migration_target()), 60000);
    QVERIFY2(moved.error().code() == proto::ERROR_NONE,
             qPrintable(QString::fromStdString(moved.error().message()) + m_a.monitor->output() + m_b.monitor->output()));
    QCOMPARE(moved.migration().phase(), proto::MIGRATION_PHASE_COMPLETED);
    QCOMPARE(moved.migration().mode(), proto::MIGRATION_MODE_OFFLINE); // chosen: the test driver has no live migration
    QCOMPARE(moved.migration().migration_id(), std::string("move-1"));
    QCOMPARE(moved.migration().source_host(), std::string("ha"));
    QCOMPARE(moved.migration().target_host(), std::string("hb"));
    QVERIFY(moved.migration().memory_total_bytes() > 0);

    // The source forgot it and freed its resources.
    QVERIFY(!find(inventory(m_a), uuid));
    QTRY_COMPARE_WITH_TIMEOUT(inventory(m_a).cores_free(), aBefore.cores_free() + 2, 10000);
    QCOMPARE(inventory(m_a).migrations_size(), 0);
    QVERIFY(!m_a.agent->controller()->view().domain(QString::fromStdString(uuid)));

    // The events: numbered, in phase order, ending completed.
    QTRY_VERIFY_WITH_TIMEOUT(!events.isEmpty() && events.last().phase() == proto::MIGRATION_PHASE_COMPLETED, 10000);
    QList<proto::MigrationPhase> phases;
    for (int i = 0; i < events.size(); ++i) {
        QCOMPARE(events[i].partition_uuid(), uuid);
        if (i > 0)
            QCOMPARE(events[i].sequence(), events[i - 1].sequence() + 1);
        if (phases.isEmpty() || phases.last() != events[i].phase())
            phases.append(events[i].phase());
    }
    QCOMPARE(phases.first(), proto::MIGRATION_PHASE_CHECKING);
    QVERIFY(phases.contains(proto::MIGRATION_PHASE_SAVING));
    QVERIFY(phases.contains(proto::MIGRATION_PHASE_TRANSFERRING));
    QVERIFY(phases.contains(proto::MIGRATION_PHASE_RESTORING));
    QVERIFY(phases.indexOf(proto::MIGRATION_PHASE_SAVING) < phases.indexOf(proto::MIGRATION_PHASE_TRANSFERRING));

    // It runs on the target, restored on the reserved cores; complete adopts it.
    const auto completed = call(m_b, ref(&proto::AgentRequest::mutable_complete_migration_in, uuid, "move-1"));
    QVERIFY2(completed.error().code() == proto::ERROR_NONE, completed.error().message().c_str());
    QCOMPARE(completed.partition().state(), proto::PARTITION_STATE_RUNNING);
    QCOMPARE(completed.partition().assignment().cores_size(), 2);
    QCOMPARE(completed.partition().assignment().cores(0), prepared.migration_target().assignment().cores(0));
    QTRY_VERIFY_WITH_TIMEOUT(m_b.agent->controller()->view().domain(QString::fromStdString(uuid)), 10000);
    const auto bAfter = inventory(m_b);
    QCOMPARE(bAfter.migrations_size(), 0);
    QVERIFY(find(bAfter, uuid));
    QCOMPARE(find(bAfter, uuid)->state(), proto::PARTITION_STATE_RUNNING);
    QCOMPARE(bAfter.cores_free(), bBefore.cores_free() - 2);
    // Completed twice: the same answer.
    QCOMPARE(call(m_b, ref(&proto::AgentRequest::mutable_complete_migration_in, uuid)).error().code(), proto::ERROR_NONE);
    // The target's agent may stop it now like any of its partitions (it is its own).
    QVERIFY(!m_b.agent->controller()->isMigrating(QString::fromStdString(uuid)));

    // And back, the same way.
    const auto back = call(m_a, prepare(find(bAfter, uuid)->spec(), "move-2"));
    QVERIFY2(back.error().code() == proto::ERROR_NONE, back.error().message().c_str());
    const auto returned = call(m_b, migrateOut(uuid, back.migration_target(), proto::MIGRATION_MODE_OFFLINE), 60000);
    QVERIFY2(returned.error().code() == proto::ERROR_NONE, returned.error().message().c_str());
    QCOMPARE(call(m_a, ref(&proto::AgentRequest::mutable_complete_migration_in, uuid)).error().code(), proto::ERROR_NONE);
    QVERIFY(find(inventory(m_a), uuid));
    QVERIFY(!find(inventory(m_b), uuid));
    QTRY_COMPARE_WITH_TIMEOUT(inventory(m_b).cores_free(), bBefore.cores_free(), 10000);
    // No state file is left behind on either host.
    for (Host *h : {&m_a, &m_b})
        QVERIFY2(QDir(h->agent->migrations()->stateDir()).entryList(QDir::Files).isEmpty(),
                 qPrintable(QDir(h->agent->migrations()->stateDir()).entryList(QDir::Files).join(QLatin1Char(' '))));
}

void TestAgentMigration::secondMigrationAtOnceIsRefused()
{
    const auto web = startPartition(m_a, "web1", 1, 64);
    const std::string uuid = web.spec().uuid();
    const auto prepared = call(m_b, prepare(specOf(web), "once"));
    QCOMPARE(prepared.error().code(), proto::ERROR_NONE);

    // Both sent before any answer: the first runs, the second is refused.
    const auto first = migrateOut(uuid, prepared.migration_target());
    const auto second = migrateOut(uuid, prepared.migration_target());
    QVERIFY(m_a.client->send(first));
    QVERIFY(m_a.client->send(second));
    std::optional<proto::AgentReply> firstReply;
    std::optional<proto::AgentReply> secondReply;
    for (int i = 0; i < 2; ++i) {
        const auto reply = m_a.client->next(60000);
        QVERIFY(reply);
        (reply->request_id() == first.request_id() ? firstReply : secondReply) = reply;
    }
    QVERIFY(firstReply && secondReply);
    QCOMPARE(secondReply->error().code(), proto::ERROR_FAILED_PRECONDITION);
    QVERIFY2(QString::fromStdString(secondReply->error().message()).contains(QStringLiteral("already being migrated")),
             secondReply->error().message().c_str());
    QVERIFY2(firstReply->error().code() == proto::ERROR_NONE, firstReply->error().message().c_str());
    QCOMPARE(call(m_b, ref(&proto::AgentRequest::mutable_complete_migration_in, uuid)).error().code(), proto::ERROR_NONE);
}

void TestAgentMigration::badMigrationRequestsAreRefused()
{
    const auto web = startPartition(m_a, "web1", 1, 64);
    const std::string uuid = web.spec().uuid();
    const auto prepared = call(m_b, prepare(specOf(web), "bad"));
    QCOMPARE(prepared.error().code(), proto::ERROR_NONE);

    // Live on the test driver: refused with the reason, nothing moves.
    const auto live = call(m_a, migrateOut(uuid, prepared.migration_target(), proto::MIGRATION_MODE_LIVE));
    QCOMPARE(live.error().code(), proto::ERROR_FAILED_PRECONDITION);
    QVERIFY2(QString::fromStdString(live.error().message()).contains(QStringLiteral("Migrate it offline")),
             live.error().message().c_str());
    // To itself.
    proto::MigrationTarget self = prepared.migration_target();
    self.set_host("ha");
    QCOMPARE(call(m_a, migrateOut(uuid, self)).error().code(), proto::ERROR_INVALID_ARGUMENT);
    // A partition this host does not have.
    QCOMPARE(call(m_a, migrateOut("3b0f6a58-0000-4000-8000-0000000000bb", prepared.migration_target())).error().code(),
             proto::ERROR_NOT_FOUND);
    // Without a target.
    QCOMPARE(call(m_a, migrateOut(uuid, proto::MigrationTarget())).error().code(), proto::ERROR_INVALID_ARGUMENT);
    // Cancel with nothing running.
    QCOMPARE(call(m_a, ref(&proto::AgentRequest::mutable_cancel_migration, uuid)).error().code(),
             proto::ERROR_FAILED_PRECONDITION);
    // Still running where it was; the reservation waits for its orchestrator.
    const auto *still = find(inventory(m_a), uuid);
    QVERIFY(still);
    QCOMPARE(still->state(), proto::PARTITION_STATE_RUNNING);
    QCOMPARE(inventory(m_a).migrations_size(), 0);
    QCOMPARE(inventory(m_b).migrations_size(), 1);
    // Stopping the partition is the source's business, not blocked by the target's reservation.
    QCOMPARE(call(m_a, Client::byName(m_nextId++, "web1", &proto::AgentRequest::mutable_stop)).error().code(),
             proto::ERROR_NONE);
    QCOMPARE(call(m_b, ref(&proto::AgentRequest::mutable_abort_migration_in, uuid)).error().code(), proto::ERROR_NONE);
}

void TestAgentMigration::damagedChunksAreRefused()
{
    proto::PartitionSpec spec;
    spec.set_uuid("3b0f6a58-0000-4000-8000-0000000000cc");
    spec.set_name("db1");
    spec.set_domain("default");
    spec.set_vcpus(1);
    spec.set_memory_mib(64);
    QCOMPARE(call(m_b, prepare(spec, "chunks")).error().code(), proto::ERROR_NONE);

    const QByteArray first(1000, 'a');
    const QByteArray second(500, 'b');
    const auto chunk = [&](std::uint64_t offset, const QByteArray &data, const QByteArray &hash,
                           const std::string &id = "chunks") {
        proto::AgentRequest r;
        r.set_request_id(m_nextId++);
        auto *c = r.mutable_state_chunk();
        c->set_migration_id(id);
        c->set_partition_uuid(spec.uuid());
        c->set_offset(offset);
        c->set_data(data.constData(), std::size_t(data.size()));
        c->set_sha256(hash.constData(), std::size_t(hash.size()));
        c->set_total_size(std::uint64_t(first.size() + second.size()));
        return r;
    };
    const auto sha = [](const QByteArray &data) { return QCryptographicHash::hash(data, QCryptographicHash::Sha256); };

    // Damaged on the way (the hash does not match): refused, nothing written.
    QByteArray damaged = first;
    damaged[10] = 'x';
    const auto refused = call(m_b, chunk(0, damaged, sha(first)));
    QCOMPARE(refused.error().code(), proto::ERROR_MALFORMED);
    QVERIFY2(QString::fromStdString(refused.error().message()).contains(QStringLiteral("does not match its SHA-256")),
             refused.error().message().c_str());
    // Sent again intact: taken.
    const auto taken = call(m_b, chunk(0, first, sha(first)));
    QVERIFY2(taken.error().code() == proto::ERROR_NONE, taken.error().message().c_str());
    QCOMPARE(taken.chunk_ack().received_bytes(), 1000u);
    // A gap, another migration's chunk: refused.
    QCOMPARE(call(m_b, chunk(1200, second, sha(second))).error().code(), proto::ERROR_FAILED_PRECONDITION);
    QCOMPARE(call(m_b, chunk(1000, second, sha(second), "other")).error().code(), proto::ERROR_FAILED_PRECONDITION);
    QCOMPARE(call(m_b, chunk(1000, second, sha(second))).chunk_ack().received_bytes(), 1500u);

    // The whole file's hash does not match: refused, and what came is deleted.
    proto::AgentRequest finish;
    finish.set_request_id(m_nextId++);
    auto *f = finish.mutable_finish_state_transfer();
    f->set_migration_id("chunks");
    f->set_partition_uuid(spec.uuid());
    f->set_total_size(1500);
    const QByteArray wrong = sha(first + first);
    f->set_sha256(wrong.constData(), std::size_t(wrong.size()));
    const auto finished = call(m_b, finish);
    QCOMPARE(finished.error().code(), proto::ERROR_MALFORMED);
    QVERIFY2(QString::fromStdString(finished.error().message()).contains(QStringLiteral("refused and deleted")),
             finished.error().message().c_str());
    QVERIFY(QDir(m_b.agent->migrations()->stateDir()).entryList(QDir::Files).isEmpty());
    // Nothing was restored; the reservation is still there for the orchestrator to abort.
    QCOMPARE(inventory(m_b).migrations_size(), 1);
    QCOMPARE(call(m_b, ref(&proto::AgentRequest::mutable_abort_migration_in, spec.uuid())).error().code(),
             proto::ERROR_NONE);
    // Chunks of a partition nothing is reserved for: refused.
    QCOMPARE(call(m_b, chunk(0, first, sha(first))).error().code(), proto::ERROR_FAILED_PRECONDITION);
}

void TestAgentMigration::unusedReservationLapses()
{
    const auto before = inventory(m_b);
    proto::PartitionSpec spec;
    spec.set_uuid("3b0f6a58-0000-4000-8000-0000000000dd");
    spec.set_name("lapsing");
    spec.set_domain("default");
    spec.set_vcpus(1);
    spec.set_memory_mib(64);
    const auto prepared = call(m_b, prepare(spec, "lapse", 1));
    QCOMPARE(prepared.error().code(), proto::ERROR_NONE);
    QTRY_COMPARE_WITH_TIMEOUT(inventory(m_b).cores_free(), before.cores_free() - 1, 10000);
    // Nobody completes or aborts it: it is released at its expiry.
    QTRY_COMPARE_WITH_TIMEOUT(inventory(m_b).migrations_size(), 0, 15000);
    QTRY_COMPARE_WITH_TIMEOUT(inventory(m_b).cores_free(), before.cores_free(), 10000);
    QCOMPARE(m_b.agent->controller()->view().snapshot().reservations_size(), 0);
}

void TestAgentMigration::reservationSurvivesAgentAndMonitorRestarts()
{
    const auto before = inventory(m_b);
    proto::PartitionSpec spec;
    spec.set_uuid("3b0f6a58-0000-4000-8000-0000000000ee");
    spec.set_name("kept");
    spec.set_domain("default");
    spec.set_vcpus(2);
    spec.set_memory_mib(64);
    const auto prepared = call(m_b, prepare(spec, "keep"));
    QCOMPARE(prepared.error().code(), proto::ERROR_NONE);
    QTRY_COMPARE_WITH_TIMEOUT(inventory(m_b).cores_free(), before.cores_free() - 2, 10000);

    // The agent restarts: the reservation is in its store, the monitor still holds it once.
    m_b.client.reset();
    m_b.agent.reset();
    startAgent(m_b);
    auto after = inventory(m_b);
    QCOMPARE(after.migrations_size(), 1);
    QCOMPARE(after.migrations(0).migration_id(), std::string("keep"));
    QCOMPARE(after.cores_free(), before.cores_free() - 2);
    QCOMPARE(m_b.agent->controller()->view().snapshot().reservations_size(), 1);
    // Asked again with its id: the same reservation.
    const auto again = call(m_b, prepare(spec, "keep"));
    QCOMPARE(again.migration_target().assignment().SerializeAsString(),
             prepared.migration_target().assignment().SerializeAsString());

    // The monitor restarts (libvirt has no domain for it, so the new monitor
    // does not know it): the agent tells it again.
    m_b.monitor->kill();
    startMonitor(m_b);
    QTRY_VERIFY_WITH_TIMEOUT(m_b.agent->controller()->monitorAttached()
                                 && m_b.agent->controller()->view().snapshot().reservations_size() == 1,
                             30000);
    QCOMPARE(m_b.agent->controller()->view().snapshot().reservations(0).assignment().SerializeAsString(),
             prepared.migration_target().assignment().SerializeAsString());
    QTRY_COMPARE_WITH_TIMEOUT(inventory(m_b).cores_free(), before.cores_free() - 2, 10000);

    QCOMPARE(call(m_b, ref(&proto::AgentRequest::mutable_abort_migration_in, spec.uuid())).error().code(),
             proto::ERROR_NONE);
    QTRY_COMPARE_WITH_TIMEOUT(inventory(m_b).cores_free(), before.cores_free(), 10000);
}

QTEST_GUILESS_MAIN(TestAgentMigration)
#include "tst_agentmigration.moc"
