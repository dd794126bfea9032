// Migration orchestrated by the operations engine, against three real hosts:
// vdc-monitor + vdc-agent pairs on libvirt's test driver (each monitor
// process is a host of its own; the test driver has no live migration, so
// partitions move offline: saved, sent in checksummed chunks, restored).
// Refusals before anything moves, a migration there and back with the
// databases agreeing, two at once, cancel, and evacuating a host.
#include "migrationorchestrator.h"
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

proto::PartitionRef ref(const char *name)
{
    proto::PartitionRef r;
    r.set_name(name);
    r.set_domain("default");
    return r;
}

proto::PartitionSpec spec(const char *name, std::uint32_t vcpus, std::uint64_t memory, const char *zone = "")
{
    proto::PartitionSpec s;
    s.set_name(name);
    s.set_vcpus(vcpus);
    s.set_memory_mib(memory);
    s.set_zone(zone);
    return s;
}

proto::MigratePartition migration(const char *partition, const char *target, bool detach = false)
{
    proto::MigratePartition m;
    *m.mutable_partition() = ref(partition);
    m.set_target_host(target);
    m.set_detach(detach);
    return m;
}

} // namespace

class TestOpsMigration : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void refusesBeforeAnythingMoves();
    void refusesATargetThatIsDown();
    void migratesOfflineAndEveryViewAgrees();
    void refusesASecondMigrationOfThePartition();
    void cancelsBeforeTheCopyStarts();
    void evacuatesAHostOverSeveralTargets();

private:
    proto::OpsReply wait(const std::function<void(const OpsEngine::ReplyHandler &)> &operation, int timeoutMs = 60000);
    proto::Host host(const char *name) { return m_engine->host(QLatin1String(name)).value_or(proto::Host()); }
    proto::Partition partition(const char *name) { return m_engine->partition(ref(name)).value(); }
    QString otherZ1Host(const proto::Partition &p) const { return p.host() == "h1" ? QStringLiteral("h2") : QStringLiteral("h1"); }
    void addHost(const char *name, const TestHost &h, const char *zone);
    // The partition as the database has it (a second connection).
    proto::Partition stored(const char *name);
    void verifyNothingMoved(const char *partitionName, const proto::Partition &before);

    QTemporaryDir m_work;
    std::unique_ptr<TestHost> m_h1;
    std::unique_ptr<TestHost> m_h2;
    std::unique_ptr<TestHost> m_h3;
    std::unique_ptr<OpsEngine> m_engine;
};

proto::OpsReply TestOpsMigration::wait(const std::function<void(const OpsEngine::ReplyHandler &)> &operation, int timeoutMs)
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

void TestOpsMigration::addHost(const char *name, const TestHost &h, const char *zone)
{
    proto::AddHost add;
    add.set_name(name);
    add.set_agent_endpoint(h.agentEndpoint().toStdString());
    add.set_zone(zone);
    const auto r = wait([&](const auto &done) { m_engine->addHost(QStringLiteral("tester"), add, done); });
    QVERIFY2(r.error().code() == proto::ERROR_NONE, qPrintable(describe(r)));
    QCOMPARE(r.host().state(), proto::HOST_STATE_UP);
}

proto::Partition TestOpsMigration::stored(const char *name)
{
    auto db = OpsDatabase::open(m_work.filePath(QStringLiteral("ops.sqlite")));
    if (!db)
        return {};
    auto rows = (*db)->partitions();
    if (!rows)
        return {};
    for (const auto &row : *rows)
        if (row.partition.spec().name() == name)
            return row.partition;
    return {};
}

void TestOpsMigration::verifyNothingMoved(const char *partitionName, const proto::Partition &before)
{
    const proto::Partition now = partition(partitionName);
    QCOMPARE(now.host(), before.host());
    QCOMPARE(now.state(), proto::PARTITION_STATE_RUNNING);
    QCOMPARE(now.assignment().SerializeAsString(), before.assignment().SerializeAsString());
    QCOMPARE(stored(partitionName).host(), before.host());
    QVERIFY(!m_engine->migrations().isMigrating(text(now.spec().uuid())));
}

void TestOpsMigration::initTestCase()
{
    QVERIFY(m_work.isValid());
    // The test driver's node has 16 cores: h1 and h2 keep 6 for partitions,
    // h3 only 2. h1 and h2 are zone z1, h3 is zone z2.
    m_h1 = std::make_unique<TestHost>(TestHost::Options{QStringLiteral("h1"), QStringLiteral("test:///default"),
                                                        m_work.filePath(QStringLiteral("h1")), 10, 256});
    m_h2 = std::make_unique<TestHost>(TestHost::Options{QStringLiteral("h2"), QStringLiteral("test:///default"),
                                                        m_work.filePath(QStringLiteral("h2")), 10, 256});
    m_h3 = std::make_unique<TestHost>(TestHost::Options{QStringLiteral("h3"), QStringLiteral("test:///default"),
                                                        m_work.filePath(QStringLiteral("h3")), 14, 256});
    QVERIFY2(m_h1->start(), qPrintable(m_h1->log()));
    QVERIFY2(m_h2->start(), qPrintable(m_h2->log()));
    QVERIFY2(m_h3->start(), qPrintable(m_h3->log()));

    auto database = OpsDatabase::open(m_work.filePath(QStringLiteral("ops.sqlite")));
    QVERIFY2(database, qPrintable(database ? QString() : database.error().message()));
    m_engine = std::make_unique<OpsEngine>(std::move(database).value());
    OpsEngine::Timing timing;
    timing.reconnectIntervalMs = 500;
    m_engine->setTiming(timing);
    QVERIFY(m_engine->load());
    m_engine->migrations().setSettleInterval(300);

    addHost("h1", *m_h1, "z1");
    addHost("h2", *m_h2, "z1");
    addHost("h3", *m_h3, "z2");

    // web: in z1; big: anywhere, 4 vCPUs (more than h3 has).
    QCOMPARE(m_engine->createPartition(QStringLiteral("tester"), spec("web", 2, 128, "z1")).error().code(), proto::ERROR_NONE);
    QCOMPARE(m_engine->createPartition(QStringLiteral("tester"), spec("big", 4, 128)).error().code(), proto::ERROR_NONE);
    for (const char *name : {"web", "big"}) {
        const auto started = wait([&](const auto &done) { m_engine->startPartition(QStringLiteral("tester"), ref(name), done); });
        QVERIFY2(started.error().code() == proto::ERROR_NONE, qPrintable(describe(started)));
    }
}

void TestOpsMigration::cleanupTestCase()
{
    if (m_h3 && m_h3->agent().isRunning())
        ::kill(pid_t(m_h3->agent().pid()), SIGCONT);
    m_engine.reset();
    m_h1.reset();
    m_h2.reset();
    m_h3.reset();
}

void TestOpsMigration::refusesBeforeAnythingMoves()
{
    const proto::Partition web = partition("web");
    const proto::Partition big = partition("big");
    const auto h3Before = host("h3");

    // To the host it runs on.
    auto same = wait([&](const auto &done) {
        m_engine->migrations().migrate(QStringLiteral("tester"), migration("web", web.host().c_str()), done);
    });
    QCOMPARE(same.error().code(), proto::ERROR_INVALID_ARGUMENT);
    QCOMPARE(text(same.error().message()),
             QStringLiteral("Partition web already runs on host %1; choose another host to migrate it to.")
                 .arg(text(web.host())));

    // Outside its zone.
    auto outside = wait([&](const auto &done) { m_engine->migrations().migrate(QStringLiteral("tester"), migration("web", "h3"), done); });
    QCOMPARE(outside.error().code(), proto::ERROR_INSUFFICIENT_RESOURCES);
    QVERIFY2(describe(outside).contains(QStringLiteral("h3: not in zone z1")), qPrintable(describe(outside)));

    // No room: h3 has 2 cores for partitions, big needs 4.
    auto noRoom = wait([&](const auto &done) { m_engine->migrations().migrate(QStringLiteral("tester"), migration("big", "h3"), done); });
    QCOMPARE(noRoom.error().code(), proto::ERROR_INSUFFICIENT_RESOURCES);
    QVERIFY2(describe(noRoom).contains(QStringLiteral("h3: 2 cores free, 4 needed")), qPrintable(describe(noRoom)));
    QVERIFY(noRoom.rejections_size() >= 1);

    // A host that does not exist.
    auto unknown = wait([&](const auto &done) { m_engine->migrations().migrate(QStringLiteral("tester"), migration("web", "h9"), done); });
    QCOMPARE(unknown.error().code(), proto::ERROR_NOT_FOUND);

    verifyNothingMoved("web", web);
    verifyNothingMoved("big", big);
    QCOMPARE(host("h3").cores_free(), h3Before.cores_free());
    // Each refusal is in the audit log.
    const auto events = m_engine->database().auditEvents();
    int refusals = 0;
    for (const auto &e : *events)
        if (e.action == QLatin1String("partition.migrate") && e.result != QLatin1String("ok"))
            ++refusals;
    QCOMPARE(refusals, 4);
}

void TestOpsMigration::refusesATargetThatIsDown()
{
    const proto::Partition big = partition("big");
    // h3 is the only other host that is not big's own... use the z1 peer of
    // big's host after making h3 silent: a silent host is refused as such.
    QVERIFY(::kill(pid_t(m_h3->agent().pid()), SIGSTOP) == 0);
    QTRY_COMPARE_WITH_TIMEOUT(host("h3").state(), proto::HOST_STATE_FAILED, 15000);
    auto down = wait([&](const auto &done) { m_engine->migrations().migrate(QStringLiteral("tester"), migration("big", "h3"), done); });
    QCOMPARE(down.error().code(), proto::ERROR_UNAVAILABLE);
    QCOMPARE(text(down.error().message()),
             QStringLiteral("Host h3 is failed; partition big can only move to a host that is up."));
    verifyNothingMoved("big", big);
    QVERIFY(::kill(pid_t(m_h3->agent().pid()), SIGCONT) == 0);
    QTRY_COMPARE_WITH_TIMEOUT(host("h3").state(), proto::HOST_STATE_UP, 15000);
}

void TestOpsMigration::migratesOfflineAndEveryViewAgrees()
{
    const proto::Partition before = partition("web");
    const QString source = text(before.host());
    const QString target = otherZ1Host(before);
    const auto sourceBefore = host(source.toLatin1().constData());
    const auto targetBefore = host(target.toLatin1().constData());
    QSignalSpy deltas(m_engine.get(), &OpsEngine::stateChanged);

    const auto reply = wait([&](const auto &done) {
        m_engine->migrations().migrate(QStringLiteral("tester"), migration("web", target.toLatin1().constData()), done);
    });
    QVERIFY2(reply.error().code() == proto::ERROR_NONE, qPrintable(describe(reply) + m_h1->log() + m_h2->log()));
    QCOMPARE(reply.migration().phase(), proto::MIGRATION_PHASE_COMPLETED);
    QCOMPARE(reply.migration().mode(), proto::MIGRATION_MODE_OFFLINE); // the test driver has no live migration
    QCOMPARE(text(reply.migration().source_host()), source);
    QCOMPARE(text(reply.migration().target_host()), target);

    // The engine, its database and both agents agree: it runs on the target.
    const proto::Partition after = partition("web");
    QCOMPARE(text(after.host()), target);
    QCOMPARE(after.state(), proto::PARTITION_STATE_RUNNING);
    QCOMPARE(after.assignment().cores_size(), 2);
    QCOMPARE(text(stored("web").host()), target);
    QCOMPARE(host(source.toLatin1().constData()).cores_free(), sourceBefore.cores_free() + 2);
    QCOMPARE(host(target.toLatin1().constData()).cores_free(), targetBefore.cores_free() - 2);
    QTRY_COMPARE_WITH_TIMEOUT(host(target.toLatin1().constData()).partitions_running(), targetBefore.partitions_running() + 1, 5000);

    // Progress: phases in order, sequence growing, the estimate counting
    // down or saying why it grew, one final event.
    QList<proto::MigrationProgress> events;
    for (const auto &args : deltas) {
        const auto delta = args.at(0).value<proto::StateDelta>();
        if (delta.has_migration_progress())
            events << delta.migration_progress();
    }
    QVERIFY(events.size() >= 4);
    QCOMPARE(events.first().phase(), proto::MIGRATION_PHASE_CHECKING);
    QCOMPARE(events.last().phase(), proto::MIGRATION_PHASE_COMPLETED);
    QStringList phases;
    for (int i = 0; i < events.size(); ++i) {
        phases << QString::number(events[i].phase());
        QCOMPARE(events[i].migration_id(), reply.migration().migration_id());
        if (i == 0)
            continue;
        QVERIFY(events[i].sequence() > events[i - 1].sequence());
        QVERIFY(events[i].elapsed_ms() >= events[i - 1].elapsed_ms());
        const auto a = events[i - 1].estimated_remaining_ms();
        const auto b = events[i].estimated_remaining_ms();
        if (a >= 0 && b >= 0 && events[i].phase() == events[i - 1].phase()
            && b > a - (events[i].elapsed_ms() - events[i - 1].elapsed_ms()) + 1000)
            QVERIFY2(!events[i].estimate_note().empty(), "the estimate grew without a reason");
    }
    QVERIFY2(phases.contains(QString::number(proto::MIGRATION_PHASE_RESERVING)), qPrintable(phases.join(',')));
    QVERIFY2(phases.contains(QString::number(proto::MIGRATION_PHASE_CLEANING_UP)), qPrintable(phases.join(',')));

    // Audited with its outcome; no migration row left.
    const auto audit = m_engine->database().auditEvents();
    QCOMPARE(audit->last().action, QStringLiteral("partition.migrate"));
    QCOMPARE(audit->last().result, QStringLiteral("ok"));
    QVERIFY(audit->last().message.startsWith(QStringLiteral("Partition web migrated offline from host %1 to host %2").arg(source, target)));
    QVERIFY(m_engine->database().migrationRows()->isEmpty());

    // And back.
    const auto back = wait([&](const auto &done) {
        m_engine->migrations().migrate(QStringLiteral("tester"), migration("web", source.toLatin1().constData()), done);
    });
    QVERIFY2(back.error().code() == proto::ERROR_NONE, qPrintable(describe(back)));
    QCOMPARE(text(partition("web").host()), source);
    QCOMPARE(host(source.toLatin1().constData()).cores_free(), sourceBefore.cores_free());
    QCOMPARE(host(target.toLatin1().constData()).cores_free(), targetBefore.cores_free());
}

void TestOpsMigration::refusesASecondMigrationOfThePartition()
{
    const proto::Partition before = partition("web");
    const QString target = otherZ1Host(before);
    QSignalSpy finished(&m_engine->migrations(), &MigrationOrchestrator::migrationFinished);
    const auto first = wait([&](const auto &done) {
        m_engine->migrations().migrate(QStringLiteral("tester"), migration("web", target.toLatin1().constData(), true), done);
    });
    QVERIFY2(first.error().code() == proto::ERROR_NONE, qPrintable(describe(first)));
    QVERIFY(!first.migration().migration_id().empty());
    const auto second = wait([&](const auto &done) {
        m_engine->migrations().migrate(QStringLiteral("tester"), migration("web", target.toLatin1().constData()), done);
    });
    QCOMPARE(second.error().code(), proto::ERROR_FAILED_PRECONDITION);
    QVERIFY2(text(second.error().message()).contains(QStringLiteral("a second migration is refused")),
             qPrintable(describe(second)));
    // Nor can it be stopped meanwhile.
    const auto stop = wait([&](const auto &done) { m_engine->stopPartition(QStringLiteral("tester"), ref("web"), done); });
    QVERIFY(stop.error().code() != proto::ERROR_NONE);

    QVERIFY(finished.wait(60000));
    const auto final = finished.first().at(0).value<proto::MigrationProgress>();
    QCOMPARE(final.phase(), proto::MIGRATION_PHASE_COMPLETED);
    QCOMPARE(text(partition("web").host()), target);
}

void TestOpsMigration::cancelsBeforeTheCopyStarts()
{
    const proto::Partition before = partition("web");
    const QString target = otherZ1Host(before);
    const auto targetBefore = host(target.toLatin1().constData());
    std::optional<proto::OpsReply> migrated;
    m_engine->migrations().migrate(QStringLiteral("tester"), migration("web", target.toLatin1().constData()),
                                   [&](proto::OpsReply r) { migrated = r; });
    // Asked while the target is still reserving.
    proto::CancelMigration cancel;
    *cancel.mutable_partition() = ref("web");
    const auto cancelled = wait([&](const auto &done) { m_engine->migrations().cancel(QStringLiteral("tester"), cancel, done); });
    QVERIFY2(cancelled.error().code() == proto::ERROR_NONE, qPrintable(describe(cancelled)));
    QCOMPARE(cancelled.migration().phase(), proto::MIGRATION_PHASE_CANCELLED);
    QTRY_VERIFY_WITH_TIMEOUT(migrated.has_value(), 10000);
    QCOMPARE(migrated->error().code(), proto::ERROR_CANCELLED);
    QCOMPARE(migrated->migration().phase(), proto::MIGRATION_PHASE_CANCELLED);

    // It runs where it ran; the target's reservation is gone.
    verifyNothingMoved("web", before);
    QCOMPARE(host(target.toLatin1().constData()).cores_free(), targetBefore.cores_free());
    QCOMPARE(m_engine->migrations().pendingAborts(), 0);

    // Nothing to cancel now.
    const auto nothing = wait([&](const auto &done) { m_engine->migrations().cancel(QStringLiteral("tester"), cancel, done); });
    QCOMPARE(nothing.error().code(), proto::ERROR_NOT_FOUND);
}

void TestOpsMigration::evacuatesAHostOverSeveralTargets()
{
    // Two small partitions on h1 (started where placement puts them, then
    // moved there); big is stopped to make room.
    const auto stopped = wait([&](const auto &done) { m_engine->stopPartition(QStringLiteral("tester"), ref("big"), done); });
    QVERIFY2(stopped.error().code() == proto::ERROR_NONE, qPrintable(describe(stopped)));
    QCOMPARE(m_engine->createPartition(QStringLiteral("tester"), spec("s1", 1, 64)).error().code(), proto::ERROR_NONE);
    QCOMPARE(m_engine->createPartition(QStringLiteral("tester"), spec("s2", 1, 64)).error().code(), proto::ERROR_NONE);
    for (const char *name : {"s1", "s2"}) {
        const auto started = wait([&](const auto &done) { m_engine->startPartition(QStringLiteral("tester"), ref(name), done); });
        QVERIFY2(started.error().code() == proto::ERROR_NONE, qPrintable(describe(started)));
        if (partition(name).host() != "h1") {
            const auto moved = wait([&](const auto &done) { m_engine->migrations().migrate(QStringLiteral("tester"), migration(name, "h1"), done); });
            QVERIFY2(moved.error().code() == proto::ERROR_NONE, qPrintable(describe(moved)));
        }
    }
    QStringList onH1;
    for (const auto &p : m_engine->partitions())
        if (p.host() == "h1" && p.state() == proto::PARTITION_STATE_RUNNING)
            onH1 << text(p.spec().name());
    QVERIFY(onH1.contains(QStringLiteral("s1")) && onH1.contains(QStringLiteral("s2")));

    proto::EvacuateHost evacuate;
    evacuate.set_name("h1");
    evacuate.set_max_parallel(1);
    const auto reply = wait([&](const auto &done) { m_engine->migrations().evacuate(QStringLiteral("tester"), evacuate, done); }, 120000);
    QVERIFY2(reply.error().code() == proto::ERROR_NONE, qPrintable(describe(reply)));
    QCOMPARE(host("h1").state(), proto::HOST_STATE_MAINTENANCE);
    QCOMPARE(reply.evacuation().migrations_size(), int(onH1.size()));
    QSet<QString> targets;
    for (const auto &name : std::as_const(onH1)) {
        const auto p = partition(name.toLatin1().constData());
        QVERIFY2(p.host() != "h1", qPrintable(name));
        QCOMPARE(p.state(), proto::PARTITION_STATE_RUNNING);
        QCOMPARE(stored(name.toLatin1().constData()).host(), p.host());
        targets.insert(text(p.host()));
    }
    // s1 and s2 fit on h2 and on h3: spread, not stacked.
    QVERIFY2(targets.size() >= 2, qPrintable(QStringList(targets.values()).join(',')));
    QCOMPARE(host("h1").partitions_running(), 0u);

    // In maintenance it takes nothing; afterwards it does again.
    const auto refused = wait([&](const auto &done) { m_engine->migrations().migrate(QStringLiteral("tester"), migration("s1", "h1"), done); });
    QCOMPARE(refused.error().code(), proto::ERROR_FAILED_PRECONDITION);
    const auto ended = m_engine->migrations().endMaintenance(QStringLiteral("tester"), QStringLiteral("h1"));
    QCOMPARE(ended.host().state(), proto::HOST_STATE_UP);
}

QTEST_GUILESS_MAIN(TestOpsMigration)
#include "tst_opsmigration.moc"
