// The monitor's migration transactions (reserve, adopt, release, restore,
// migrate-out offline, cancel) against libvirt's test driver. Two node files
// give two hosts: every connection to a node file is a host of its own, and a
// state file saved by one restores on the other. What libvirt holds is checked
// directly, not only what the processor says.
#include "domainxmleditor.h"
#include "libvirtconnection.h"
#include "partitionmetadata.h"
#include "testnode.h"
#include "transactionprocessor.h"

#include "core/version.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cstring>

using namespace vdc;
using namespace vdc::monitor;

namespace {

template<typename R>
QString messageOf(const R &result)
{
    return result ? QString() : result.error().message();
}

const QString kWebUuid = QStringLiteral("7a1c2a9e-3b4d-4c5e-8f70-000000000001");
const QString kDbUuid = QStringLiteral("7a1c2a9e-3b4d-4c5e-8f70-000000000002");

proto::PartitionSpec spec(const QString &name, const QString &uuid, std::uint32_t vcpus, std::uint64_t memoryMib)
{
    proto::PartitionSpec s;
    s.set_uuid(uuid.toStdString());
    s.set_name(name.toStdString());
    s.set_domain("shop");
    s.set_vcpus(vcpus);
    s.set_memory_mib(memoryMib);
    s.set_boot("network");
    return s;
}

proto::Transaction transaction(std::uint64_t txid, proto::TransactionOp op, const proto::PartitionSpec &partition,
                               std::vector<std::uint32_t> cores = {}, std::vector<std::uint32_t> granules = {})
{
    proto::Transaction t;
    t.set_txid(txid);
    t.set_op(op);
    *t.mutable_partition() = partition;
    for (auto c : cores)
        t.mutable_resources()->add_cores(c);
    for (auto g : granules)
        t.mutable_resources()->add_memory_granules(g);
    return t;
}

QString errorText(const proto::TransactionResult &r)
{
    return QString::fromStdString(r.error().message());
}

} // namespace

class TestMigrationTransactions : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void reserveHoldsResourcesWithoutADomain();
    void reserveIsIdempotentAndRefusesConflicts();
    void reservedPartitionCannotBeActivatedAndRunningOneCannotBeReserved();
    void releaseDropsReservationAndRefusesRunningDomains();
    void adoptNeedsTheArrivedDomain();
    void liveMigrationIsRefusedOnTheTestDriver();
    void offlineMigrationSavesRestoresAndAdopts();
    void failedOfflineMigrationIsRestoredAtTheSource();
    void secondMigrationOfAPartitionIsRefused();
    void cancelWithoutAMigrationIsRefused();
    void domainXmlIsRetargetedForTheNewHost();

private:
    std::unique_ptr<TransactionProcessor> newProcessor(LibvirtConnection &connection, const QString &host);
    proto::TransactionResult waitForResult(TransactionProcessor &p, std::uint64_t txid,
                                           QList<proto::MigrationProgress> *progress = nullptr);

    QTemporaryDir m_dir;
    QString m_uriA;
    QString m_uriB;
    std::unique_ptr<LibvirtConnection> m_a;
    std::unique_ptr<LibvirtConnection> m_b;
    std::unique_ptr<TransactionProcessor> m_hostA;
    std::unique_ptr<TransactionProcessor> m_hostB;
};

void TestMigrationTransactions::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QString nodeA = m_dir.filePath(QStringLiteral("a.xml"));
    const QString nodeB = m_dir.filePath(QStringLiteral("b.xml"));
    QVERIFY(writeTestDriverNode(nodeA, 8, 4096));
    QVERIFY(writeTestDriverNode(nodeB, 8, 4096));
    m_uriA = testDriverUri(nodeA);
    m_uriB = testDriverUri(nodeB);
}

void TestMigrationTransactions::init()
{
    auto a = LibvirtConnection::open(m_uriA);
    auto b = LibvirtConnection::open(m_uriB);
    QVERIFY2(a && b, qPrintable(messageOf(a) + messageOf(b)));
    m_a = std::move(a.value());
    m_b = std::move(b.value());
    m_hostA = newProcessor(*m_a, QStringLiteral("ha"));
    m_hostB = newProcessor(*m_b, QStringLiteral("hb"));
    QVERIFY(m_hostA && m_hostB);
}

void TestMigrationTransactions::cleanup()
{
    m_hostA.reset();
    m_hostB.reset();
    m_a.reset();
    m_b.reset();
}

std::unique_ptr<TransactionProcessor> TestMigrationTransactions::newProcessor(LibvirtConnection &connection,
                                                                              const QString &host)
{
    ProcessorSettings settings;
    settings.hostName = host;
    settings.reserveCores = 1;
    settings.reserveMemoryMib = 64;
    auto processor = TransactionProcessor::create(connection, settings);
    if (!processor)
        qWarning("%s", qPrintable(processor.error().message()));
    return processor ? std::move(processor.value()) : nullptr;
}

proto::TransactionResult TestMigrationTransactions::waitForResult(TransactionProcessor &p, std::uint64_t txid,
                                                                  QList<proto::MigrationProgress> *progress)
{
    std::optional<proto::TransactionResult> result;
    const bool done = QTest::qWaitFor([&] {
        for (const proto::ChannelMessage &m : p.collectEvents()) {
            if (m.has_migration_progress() && progress && m.request_id() == txid)
                progress->append(m.migration_progress());
            if (m.has_result() && m.result().txid() == txid)
                result = m.result();
        }
        return result.has_value();
    }, 30000);
    if (!done)
        qWarning("no result for transaction %llu", static_cast<unsigned long long>(txid));
    return result.value_or(proto::TransactionResult());
}

void TestMigrationTransactions::reserveHoldsResourcesWithoutADomain()
{
    const auto web = spec(QStringLiteral("web1"), kWebUuid, 2, 64);
    bool changed = false;
    const auto reserved = m_hostB->apply(transaction(1, proto::TRANSACTION_OP_RESERVE, web, {3, 4}, {10, 11}), &changed);
    QVERIFY2(reserved.error().code() == proto::ERROR_NONE, qPrintable(errorText(reserved)));
    QVERIFY(changed);
    QCOMPARE(reserved.partition().assignment().cores_size(), 2);

    const auto snap = m_hostB->snapshot();
    QCOMPARE(snap.domains_size(), 0); // nothing runs
    QCOMPARE(snap.reservations_size(), 1);
    QCOMPARE(QString::fromStdString(snap.reservations(0).uuid()), kWebUuid);
    QCOMPARE(snap.reservations(0).txid(), 1u);
    QCOMPARE(snap.reservations(0).domain_state(), proto::PARTITION_STATE_UNSPECIFIED);
    QCOMPARE(m_hostB->database().coreOwner(3), kWebUuid);
    QCOMPARE(m_hostB->database().granuleOwner(11), kWebUuid);
    QCOMPARE(m_hostB->database().freeCoreCount(), 8u - 1 - 2);
    auto domain = m_b->lookupByUuid(kWebUuid);
    QVERIFY(domain && !domain->has_value()); // libvirt has nothing yet

    // A reservation is not a guest that stopped: reconciling keeps it.
    QVERIFY(!m_hostB->reconcile());
    QVERIFY(m_hostB->database().holding(kWebUuid));
}

void TestMigrationTransactions::reserveIsIdempotentAndRefusesConflicts()
{
    const auto web = spec(QStringLiteral("web1"), kWebUuid, 2, 64);
    const auto first = m_hostB->apply(transaction(1, proto::TRANSACTION_OP_RESERVE, web, {3, 4}, {10, 11}));
    QCOMPARE(first.error().code(), proto::ERROR_NONE);
    const auto version = m_hostB->database().version();

    // The same txid replays the first result; the same resources under a new
    // txid (an agent telling a restarted monitor again) change nothing.
    QCOMPARE(m_hostB->apply(transaction(1, proto::TRANSACTION_OP_RESERVE, web, {5, 6}, {20, 21})).SerializeAsString(),
             first.SerializeAsString());
    bool changed = true;
    QCOMPARE(m_hostB->apply(transaction(2, proto::TRANSACTION_OP_RESERVE, web, {3, 4}, {10, 11}), &changed).error().code(),
             proto::ERROR_NONE);
    QVERIFY(!changed);
    QCOMPARE(m_hostB->database().version(), version);

    // Other resources for the same partition: refused.
    const auto other = m_hostB->apply(transaction(3, proto::TRANSACTION_OP_RESERVE, web, {5, 6}, {20, 21}));
    QCOMPARE(other.error().code(), proto::ERROR_FAILED_PRECONDITION);
    QVERIFY2(errorText(other).contains(QStringLiteral("already holds cores 3-4")), qPrintable(errorText(other)));

    // Another partition on a reserved core, or on a system core: conflicts, nothing changes.
    const auto db = spec(QStringLiteral("db1"), kDbUuid, 1, 32);
    const auto taken = m_hostB->apply(transaction(4, proto::TRANSACTION_OP_RESERVE, db, {4}, {30}));
    QCOMPARE(taken.error().code(), proto::ERROR_CONFLICT);
    QVERIFY2(errorText(taken).contains(QStringLiteral("Core 4 is held by partition shop.web1")), qPrintable(errorText(taken)));
    const auto system = m_hostB->apply(transaction(5, proto::TRANSACTION_OP_RESERVE, db, {0}, {30}));
    QCOMPARE(system.error().code(), proto::ERROR_CONFLICT);
    const auto busyStart = m_hostB->apply(transaction(6, proto::TRANSACTION_OP_ACTIVATE, db, {3}, {30}));
    QCOMPARE(busyStart.error().code(), proto::ERROR_CONFLICT);
    QCOMPARE(m_hostB->database().version(), version);
    QVERIFY(!m_hostB->database().holding(kDbUuid));
}

void TestMigrationTransactions::reservedPartitionCannotBeActivatedAndRunningOneCannotBeReserved()
{
    const auto web = spec(QStringLiteral("web1"), kWebUuid, 1, 32);
    QCOMPARE(m_hostB->apply(transaction(1, proto::TRANSACTION_OP_RESERVE, web, {3}, {10})).error().code(),
             proto::ERROR_NONE);
    const auto start = m_hostB->apply(transaction(2, proto::TRANSACTION_OP_ACTIVATE, web, {3}, {10}));
    QCOMPARE(start.error().code(), proto::ERROR_FAILED_PRECONDITION);
    QVERIFY2(errorText(start).contains(QStringLiteral("incoming migration")), qPrintable(errorText(start)));
    auto domain = m_b->lookupByUuid(kWebUuid);
    QVERIFY(domain && !domain->has_value()); // not started

    const auto db = spec(QStringLiteral("db1"), kDbUuid, 1, 32);
    QCOMPARE(m_hostA->apply(transaction(3, proto::TRANSACTION_OP_ACTIVATE, db, {2}, {10})).error().code(),
             proto::ERROR_NONE);
    const auto again = m_hostA->apply(transaction(4, proto::TRANSACTION_OP_RESERVE, db, {3}, {11}));
    QCOMPARE(again.error().code(), proto::ERROR_FAILED_PRECONDITION);
    QVERIFY2(errorText(again).contains(QStringLiteral("already holds cores 2")), qPrintable(errorText(again)));
}

void TestMigrationTransactions::releaseDropsReservationAndRefusesRunningDomains()
{
    const auto web = spec(QStringLiteral("web1"), kWebUuid, 2, 64);
    QCOMPARE(m_hostB->apply(transaction(1, proto::TRANSACTION_OP_RESERVE, web, {3, 4}, {10, 11})).error().code(),
             proto::ERROR_NONE);
    bool changed = false;
    const auto released = m_hostB->apply(transaction(2, proto::TRANSACTION_OP_RELEASE, web), &changed);
    QVERIFY2(released.error().code() == proto::ERROR_NONE, qPrintable(errorText(released)));
    QVERIFY(changed);
    QVERIFY(!m_hostB->database().holding(kWebUuid));
    QCOMPARE(m_hostB->snapshot().reservations_size(), 0);
    QCOMPARE(m_hostB->database().coreOwner(3), QString());

    // Releasing what is not held is a success that changes nothing.
    changed = true;
    QCOMPARE(m_hostB->apply(transaction(3, proto::TRANSACTION_OP_RELEASE, web), &changed).error().code(),
             proto::ERROR_NONE);
    QVERIFY(!changed);

    // A running partition is stopped or migrated, never just released.
    const auto db = spec(QStringLiteral("db1"), kDbUuid, 1, 32);
    QCOMPARE(m_hostA->apply(transaction(4, proto::TRANSACTION_OP_ACTIVATE, db, {2}, {10})).error().code(),
             proto::ERROR_NONE);
    const auto refused = m_hostA->apply(transaction(5, proto::TRANSACTION_OP_RELEASE, db));
    QCOMPARE(refused.error().code(), proto::ERROR_FAILED_PRECONDITION);
    QVERIFY2(errorText(refused).contains(QStringLiteral("still runs on this host")), qPrintable(errorText(refused)));
    QVERIFY(m_hostA->database().holding(kDbUuid));
    auto domain = m_a->lookupByUuid(kDbUuid);
    QVERIFY(domain && domain->has_value() && *(*domain)->isActive());
}

void TestMigrationTransactions::adoptNeedsTheArrivedDomain()
{
    const auto web = spec(QStringLiteral("web1"), kWebUuid, 1, 32);
    const auto nothing = m_hostB->apply(transaction(1, proto::TRANSACTION_OP_ADOPT, web, {3}, {10}));
    QCOMPARE(nothing.error().code(), proto::ERROR_FAILED_PRECONDITION);
    QVERIFY2(errorText(nothing).contains(QStringLiteral("has no reservation")), qPrintable(errorText(nothing)));

    QCOMPARE(m_hostB->apply(transaction(2, proto::TRANSACTION_OP_RESERVE, web, {3}, {10})).error().code(),
             proto::ERROR_NONE);
    const auto notArrived = m_hostB->apply(transaction(3, proto::TRANSACTION_OP_ADOPT, web, {3}, {10}));
    QCOMPARE(notArrived.error().code(), proto::ERROR_FAILED_PRECONDITION);
    QVERIFY2(errorText(notArrived).contains(QStringLiteral("has not arrived")), qPrintable(errorText(notArrived)));
    QCOMPARE(m_hostB->snapshot().reservations_size(), 1); // still reserved
}

void TestMigrationTransactions::liveMigrationIsRefusedOnTheTestDriver()
{
    const auto web = spec(QStringLiteral("web1"), kWebUuid, 1, 32);
    QCOMPARE(m_hostA->apply(transaction(1, proto::TRANSACTION_OP_ACTIVATE, web, {2}, {10})).error().code(),
             proto::ERROR_NONE);
    auto out = transaction(2, proto::TRANSACTION_OP_MIGRATE_OUT, web);
    out.set_mode(proto::MIGRATION_MODE_LIVE);
    out.mutable_target()->set_host("hb");
    out.mutable_target()->set_migration_id("m1");
    out.mutable_target()->set_migration_uri("test:///default");
    out.mutable_target()->mutable_assignment()->add_cores(3);
    out.mutable_target()->mutable_assignment()->add_memory_granules(10);
    out.mutable_target()->set_granule_mib(32);
    const auto refused = m_hostA->submit(out);
    QVERIFY(refused.has_value()); // answered at once
    QCOMPARE(refused->error().code(), proto::ERROR_FAILED_PRECONDITION);
    QVERIFY2(errorText(*refused).contains(QStringLiteral("migrate partition web1 offline")), qPrintable(errorText(*refused)));
    QVERIFY(!m_hostA->migrationsRunning());

    // And apply() never takes a migration, whose answer comes later.
    out.set_txid(3);
    QCOMPARE(m_hostA->apply(out).error().code(), proto::ERROR_INTERNAL);

    // To itself: refused.
    out.set_txid(4);
    out.set_mode(proto::MIGRATION_MODE_OFFLINE);
    out.set_state_file(m_dir.filePath(QStringLiteral("self.save")).toStdString());
    out.mutable_target()->set_host("ha");
    const auto self = m_hostA->submit(out);
    QVERIFY(self.has_value());
    QCOMPARE(self->error().code(), proto::ERROR_INVALID_ARGUMENT);
}

void TestMigrationTransactions::offlineMigrationSavesRestoresAndAdopts()
{
    const auto web = spec(QStringLiteral("web1"), kWebUuid, 2, 64);
    QCOMPARE(m_hostA->apply(transaction(1, proto::TRANSACTION_OP_ACTIVATE, web, {2, 3}, {10, 11})).error().code(),
             proto::ERROR_NONE);
    QCOMPARE(m_hostB->apply(transaction(2, proto::TRANSACTION_OP_RESERVE, web, {5, 6}, {20, 21})).error().code(),
             proto::ERROR_NONE);

    const QString file = m_dir.filePath(QStringLiteral("web1.save"));
    auto out = transaction(3, proto::TRANSACTION_OP_MIGRATE_OUT, web);
    out.set_mode(proto::MIGRATION_MODE_OFFLINE);
    out.set_state_file(file.toStdString());
    out.mutable_target()->set_host("hb");
    out.mutable_target()->set_migration_id("m1");
    QVERIFY(!m_hostA->submit(out).has_value()); // answered when the save is done
    QVERIFY(m_hostA->migrationsRunning());
    // Resent while it runs (an agent after a monitor re-attach): still one answer later.
    QVERIFY(!m_hostA->submit(out).has_value());
    QList<proto::MigrationProgress> progress;
    const auto saved = waitForResult(*m_hostA, 3, &progress);
    QVERIFY2(saved.error().code() == proto::ERROR_NONE, qPrintable(errorText(saved)));
    QVERIFY(!progress.isEmpty());
    QCOMPARE(progress.first().phase(), proto::MIGRATION_PHASE_SAVING);
    QCOMPARE(QString::fromStdString(progress.first().migration_id()), QStringLiteral("m1"));
    QCOMPARE(saved.migration().memory_total_bytes(), std::uint64_t(QFile(file).size()));
    QVERIFY(QFile::exists(file));

    // Saved: the guest is stopped but its resources stay parked at the source.
    auto domainA = m_a->lookupByUuid(kWebUuid);
    QVERIFY(domainA && domainA->has_value());
    QCOMPARE(*(*domainA)->isActive(), false);
    QVERIFY(m_hostA->database().holding(kWebUuid));
    QCOMPARE(m_hostA->database().holding(kWebUuid)->kind, HoldingKind::Parked);
    QVERIFY(!m_hostA->reconcile()); // parked is not stopped
    QVERIFY(m_hostA->database().holding(kWebUuid));

    // Restored on the target, on its reserved cores, with its metadata.
    auto restore = transaction(4, proto::TRANSACTION_OP_RESTORE, web, {5, 6}, {20, 21});
    restore.set_state_file(file.toStdString());
    const auto restored = m_hostB->apply(restore);
    QVERIFY2(restored.error().code() == proto::ERROR_NONE, qPrintable(errorText(restored)));
    auto domainB = m_b->lookupByUuid(kWebUuid);
    QVERIFY(domainB && domainB->has_value());
    QCOMPARE(*(*domainB)->isActive(), true);
    const auto xml = (*domainB)->xmlDescription();
    QVERIFY(xml);
    const auto pins = DomainXmlEditor::pinnedCores(*xml);
    QVERIFY2(pins, qPrintable(messageOf(pins)));
    QCOMPARE(*pins, (std::vector<std::uint32_t>{5, 6}));
    const auto metadata = PartitionMetadata::parse(**(*domainB)->metadata(PartitionMetadata::kNamespaceUri));
    QVERIFY(metadata);
    QCOMPARE(metadata->assignment.cores(0), 5u);
    QCOMPARE(metadata->txid, 2u); // the reservation's transaction
    // Until adopted it stays a reservation (with its domain running).
    QCOMPARE(m_hostB->snapshot().reservations_size(), 1);
    QCOMPARE(m_hostB->snapshot().reservations(0).domain_state(), proto::PARTITION_STATE_RUNNING);
    // An abort now would lose the only running copy: refused.
    QCOMPARE(m_hostB->apply(transaction(5, proto::TRANSACTION_OP_RELEASE, web)).error().code(),
             proto::ERROR_FAILED_PRECONDITION);

    const auto adopted = m_hostB->apply(transaction(6, proto::TRANSACTION_OP_ADOPT, web, {5, 6}, {20, 21}));
    QVERIFY2(adopted.error().code() == proto::ERROR_NONE, qPrintable(errorText(adopted)));
    QCOMPARE(adopted.partition().state(), proto::PARTITION_STATE_RUNNING);
    QCOMPARE(m_hostB->snapshot().reservations_size(), 0);
    QCOMPARE(m_hostB->snapshot().domains_size(), 1);
    QCOMPARE(*(*m_b->lookupByUuid(kWebUuid))->isPersistent(), true); // survives a monitor restart
    // Adopting again is a success that changes nothing.
    bool changed = true;
    QCOMPARE(m_hostB->apply(transaction(7, proto::TRANSACTION_OP_ADOPT, web, {5, 6}, {20, 21}), &changed).error().code(),
             proto::ERROR_NONE);
    QVERIFY(!changed);

    // The source lets go: its database is free, its domain undefined.
    const auto released = m_hostA->apply(transaction(8, proto::TRANSACTION_OP_RELEASE, web));
    QVERIFY2(released.error().code() == proto::ERROR_NONE, qPrintable(errorText(released)));
    QVERIFY(!m_hostA->database().holding(kWebUuid));
    domainA = m_a->lookupByUuid(kWebUuid);
    QVERIFY(domainA && !domainA->has_value());

    // A restarted target monitor finds the adopted partition in libvirt.
    m_hostB.reset();
    m_hostB = newProcessor(*m_b, QStringLiteral("hb"));
    QVERIFY(m_hostB);
    QVERIFY(m_hostB->database().holding(kWebUuid));
    QCOMPARE(m_hostB->database().holding(kWebUuid)->cores, (std::vector<std::uint32_t>{5, 6}));
}

void TestMigrationTransactions::failedOfflineMigrationIsRestoredAtTheSource()
{
    const auto web = spec(QStringLiteral("web1"), kWebUuid, 1, 32);
    QCOMPARE(m_hostA->apply(transaction(1, proto::TRANSACTION_OP_ACTIVATE, web, {4}, {12})).error().code(),
             proto::ERROR_NONE);
    const QString file = m_dir.filePath(QStringLiteral("rollback.save"));
    auto out = transaction(2, proto::TRANSACTION_OP_MIGRATE_OUT, web);
    out.set_mode(proto::MIGRATION_MODE_OFFLINE);
    out.set_state_file(file.toStdString());
    out.mutable_target()->set_host("hb");
    out.mutable_target()->set_migration_id("m2");
    QVERIFY(!m_hostA->submit(out).has_value());
    QCOMPARE(waitForResult(*m_hostA, 2).error().code(), proto::ERROR_NONE);

    // The transfer failed: the source restores its own save onto what it kept.
    auto restore = transaction(3, proto::TRANSACTION_OP_RESTORE, web, {4}, {12});
    restore.set_state_file(file.toStdString());
    const auto restored = m_hostA->apply(restore);
    QVERIFY2(restored.error().code() == proto::ERROR_NONE, qPrintable(errorText(restored)));
    QCOMPARE(m_hostA->database().holding(kWebUuid)->kind, HoldingKind::Active);
    auto domain = m_a->lookupByUuid(kWebUuid);
    QVERIFY(domain && domain->has_value());
    QCOMPARE(*(*domain)->isActive(), true);
    QCOMPARE(*DomainXmlEditor::pinnedCores(*(*domain)->xmlDescription()), (std::vector<std::uint32_t>{4}));

    // Restoring onto other resources than it holds is refused.
    auto wrong = transaction(4, proto::TRANSACTION_OP_RESTORE, web, {5}, {12});
    wrong.set_state_file(file.toStdString());
    QCOMPARE(m_hostA->apply(wrong).error().code(), proto::ERROR_FAILED_PRECONDITION); // it runs already
}

void TestMigrationTransactions::secondMigrationOfAPartitionIsRefused()
{
    const auto web = spec(QStringLiteral("web1"), kWebUuid, 1, 32);
    QCOMPARE(m_hostA->apply(transaction(1, proto::TRANSACTION_OP_ACTIVATE, web, {4}, {12})).error().code(),
             proto::ERROR_NONE);
    auto out = transaction(2, proto::TRANSACTION_OP_MIGRATE_OUT, web);
    out.set_mode(proto::MIGRATION_MODE_OFFLINE);
    out.set_state_file(m_dir.filePath(QStringLiteral("first.save")).toStdString());
    out.mutable_target()->set_host("hb");
    out.mutable_target()->set_migration_id("m3");
    QVERIFY(!m_hostA->submit(out).has_value());

    // Until its end is collected, the first one is running.
    auto second = out;
    second.set_txid(3);
    second.set_state_file(m_dir.filePath(QStringLiteral("second.save")).toStdString());
    second.mutable_target()->set_host("hc");
    const auto refused = m_hostA->submit(second);
    QVERIFY(refused.has_value());
    QCOMPARE(refused->error().code(), proto::ERROR_FAILED_PRECONDITION);
    QVERIFY2(errorText(*refused).contains(QStringLiteral("already being migrated to host hb")),
             qPrintable(errorText(*refused)));
    // Stopping it meanwhile is refused too.
    QCOMPARE(m_hostA->apply(transaction(4, proto::TRANSACTION_OP_DEACTIVATE, web)).error().code(),
             proto::ERROR_FAILED_PRECONDITION);
    QCOMPARE(waitForResult(*m_hostA, 2).error().code(), proto::ERROR_NONE);
}

void TestMigrationTransactions::cancelWithoutAMigrationIsRefused()
{
    const auto web = spec(QStringLiteral("web1"), kWebUuid, 1, 32);
    const auto refused = m_hostA->apply(transaction(1, proto::TRANSACTION_OP_CANCEL_MIGRATION, web));
    QCOMPARE(refused.error().code(), proto::ERROR_FAILED_PRECONDITION);
    QVERIFY2(errorText(refused).contains(QStringLiteral("No migration of partition web1")), qPrintable(errorText(refused)));
}

void TestMigrationTransactions::domainXmlIsRetargetedForTheNewHost()
{
    const QString xml = QStringLiteral(
        "<domain type='kvm' id='3'>\n"
        "  <name>shop.web1</name>\n"
        "  <uuid>7a1c2a9e-3b4d-4c5e-8f70-000000000001</uuid>\n"
        "  <metadata>\n"
        "    <other:thing xmlns:other=\"urn:other\">kept</other:thing>\n"
        "    <vdc:partition xmlns:vdc=\"urn:vdc:partition:1\"><vdc:uuid>old</vdc:uuid></vdc:partition>\n"
        "  </metadata>\n"
        "  <memory unit='KiB'>65536</memory>\n"
        "  <vcpu placement='static'>2</vcpu>\n"
        "  <cputune>\n"
        "    <shares>2048</shares>\n"
        "    <vcpupin vcpu='0' cpuset='1'/>\n"
        "    <vcpupin vcpu='1' cpuset='2'/>\n"
        "  </cputune>\n"
        "  <devices><serial type='file'><source path='/var/log/x &amp; y.log'/></serial></devices>\n"
        "</domain>\n");
    PartitionMetadata metadata;
    metadata.spec = spec(QStringLiteral("web1"), kWebUuid, 2, 64);
    metadata.assignment.add_cores(6);
    metadata.assignment.add_cores(7);
    metadata.assignment.add_memory_granules(40);
    metadata.assignment.add_memory_granules(41);
    metadata.txid = 99;
    metadata.granuleMib = 32;
    const auto rewritten = DomainXmlEditor::retarget(xml, metadata);
    QVERIFY2(rewritten, qPrintable(messageOf(rewritten)));
    const auto pins = DomainXmlEditor::pinnedCores(*rewritten);
    QVERIFY2(pins, qPrintable(messageOf(pins)));
    QCOMPARE(*pins, (std::vector<std::uint32_t>{6, 7}));
    QVERIFY2(rewritten->contains(QStringLiteral("<shares>2048</shares>")), qPrintable(*rewritten));
    QVERIFY2(rewritten->contains(QStringLiteral("kept")), qPrintable(*rewritten));
    QVERIFY2(rewritten->contains(QStringLiteral("x &amp; y.log")), qPrintable(*rewritten));
    QVERIFY2(!rewritten->contains(QStringLiteral(">old<")), qPrintable(*rewritten));
    QVERIFY2(rewritten->contains(QStringLiteral("type=\"kvm\"")), qPrintable(*rewritten));

    // Its vdc metadata reads back as the new assignment.
    const int begin = rewritten->indexOf(QStringLiteral("<vdc:partition"));
    const int end = rewritten->indexOf(QStringLiteral("</vdc:partition>")) + int(strlen("</vdc:partition>"));
    QVERIFY(begin > 0 && end > begin);
    const auto parsed = PartitionMetadata::parse(rewritten->mid(begin, end - begin));
    QVERIFY2(parsed, qPrintable(messageOf(parsed)));
    QCOMPARE(parsed->txid, 99u);
    QCOMPARE(parsed->assignment.cores(1), 7u);
    QCOMPARE(parsed->assignment.memory_granules(0), 40u);

    // A vCPU count the assignment does not match is refused.
    metadata.assignment.clear_cores();
    metadata.assignment.add_cores(6);
    const auto mismatch = DomainXmlEditor::retarget(xml, metadata);
    QVERIFY(!mismatch);
    QCOMPARE(mismatch.error().code(), proto::ERROR_INVALID_ARGUMENT);
    QVERIFY(!DomainXmlEditor::retarget(QStringLiteral("<domain><name>x</nam"), metadata));
}

QTEST_GUILESS_MAIN(TestMigrationTransactions)
#include "tst_migrationtransactions.moc"
