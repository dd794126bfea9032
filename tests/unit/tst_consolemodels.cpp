// The console's state store and its two table models, fed with snapshots and
// deltas as the engine sends them (updates, additions, removals, stale and
// missing deltas), each model under QAbstractItemModelTester, row changes
// checked to be fine-grained (never a reset).
#include "auditlogmodel.h"
#include "displayformat.h"
#include "hosttablemodel.h"
#include "partitiontablemodel.h"
#include "statestore.h"
#include "tasklistmodel.h"

#include <QAbstractItemModelTester>
#include <QLocale>
#include <QSet>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>

using namespace vdc;
using namespace vdc::gui;

namespace {

proto::Host makeHost(const QString &name, proto::HostState state, std::uint32_t coresFree, std::uint32_t coresTotal,
                     std::uint64_t memoryFree, std::uint64_t memoryTotal, const QString &zone = {})
{
    proto::Host host;
    host.set_name(name.toStdString());
    host.set_state(state);
    host.set_zone(zone.toStdString());
    host.set_cores_free(coresFree);
    host.set_cores_total(coresTotal);
    host.set_memory_free_mib(memoryFree);
    host.set_memory_total_mib(memoryTotal);
    return host;
}

proto::Partition makePartition(const QString &uuid, const QString &name, const QString &domain,
                               proto::PartitionState state, std::uint32_t vcpus, std::uint64_t memoryMib)
{
    proto::Partition partition;
    partition.mutable_spec()->set_uuid(uuid.toStdString());
    partition.mutable_spec()->set_name(name.toStdString());
    partition.mutable_spec()->set_domain(domain.toStdString());
    partition.mutable_spec()->set_vcpus(vcpus);
    partition.mutable_spec()->set_memory_mib(memoryMib);
    partition.set_state(state);
    return partition;
}

proto::StateDelta delta(std::uint64_t sequence)
{
    proto::StateDelta d;
    d.set_protocol_version(1);
    d.set_sequence(sequence);
    return d;
}

QString cell(const QAbstractItemModel &model, int row, int column, int role = Qt::DisplayRole)
{
    return model.index(row, column).data(role).toString();
}

QStringList column(const QAbstractItemModel &model, int column)
{
    QStringList values;
    for (int row = 0; row < model.rowCount(); ++row)
        values << cell(model, row, column);
    return values;
}

constexpr int kHostName = int(HostTableModel::Column::Name);
constexpr int kHostState = int(HostTableModel::Column::State);
constexpr int kHostCores = int(HostTableModel::Column::Cores);
constexpr int kHostMemory = int(HostTableModel::Column::Memory);
constexpr int kPartName = int(PartitionTableModel::Column::Name);
constexpr int kPartState = int(PartitionTableModel::Column::State);
constexpr int kPartHost = int(PartitionTableModel::Column::Host);
constexpr int kPartMemory = int(PartitionTableModel::Column::Memory);
constexpr int kPartCores = int(PartitionTableModel::Column::Cores);
constexpr int kPartError = int(PartitionTableModel::Column::LastError);

} // namespace

class TestConsoleModels : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }
    void formatsSizesAndCores();
    void hostModelFollowsSnapshotAndDeltas();
    void partitionModelFollowsSnapshotAndDeltas();
    void staleAndMissingDeltasChangeNothing();
    void newSnapshotIsAppliedRowByRow();
    void proxySortsNumbersAsNumbersAndFilters();
    void auditModelShowsRecords();
    void taskModelFollowsMigrationProgress();
    void modelsStayConsistentThroughDeltaBursts();
};

void TestConsoleModels::formatsSizesAndCores()
{
    QCOMPARE(DisplayFormat::memory(512), QStringLiteral("512 MiB"));
    QCOMPARE(DisplayFormat::memory(1536), QStringLiteral("1.5 GiB"));
    QCOMPARE(DisplayFormat::memory(16384), QStringLiteral("16 GiB"));
    QCOMPARE(DisplayFormat::freeOfTotal(7936, 8192), QStringLiteral("7.8 GiB / 8 GiB"));
    google::protobuf::RepeatedField<std::uint32_t> cores;
    for (std::uint32_t c : {5u, 2u, 3u, 9u, 10u, 11u})
        cores.Add(c);
    QCOMPARE(DisplayFormat::coreList(cores), QStringLiteral("2-3, 5, 9-11"));
    QCOMPARE(DisplayFormat::age(0, 1000), QStringLiteral("never"));
    QCOMPARE(DisplayFormat::age(1000, 1800), QStringLiteral("just now"));
    QCOMPARE(DisplayFormat::age(1000, 5500), QStringLiteral("4 s ago"));
    QCOMPARE(DisplayFormat::age(1000, 1000 + 180000), QStringLiteral("3 min ago"));
}

void TestConsoleModels::hostModelFollowsSnapshotAndDeltas()
{
    StateStore store;
    HostTableModel model(&store);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

    proto::StateSnapshot snapshot;
    snapshot.set_sequence(10);
    *snapshot.add_hosts() = makeHost(QStringLiteral("h1"), proto::HOST_STATE_UP, 3, 4, 7936, 8192, QStringLiteral("a"));
    *snapshot.add_hosts() = makeHost(QStringLiteral("h2"), proto::HOST_STATE_UP, 15, 16, 32512, 32768);
    store.applySnapshot(snapshot);

    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(inserted.count(), 2);
    QCOMPARE(column(model, kHostName), (QStringList{QStringLiteral("h1"), QStringLiteral("h2")}));
    QCOMPARE(cell(model, 0, kHostState), QStringLiteral("Up"));
    QCOMPARE(cell(model, 0, kHostCores), QStringLiteral("3 / 4"));
    QCOMPARE(cell(model, 0, kHostMemory), QStringLiteral("7.8 GiB / 8 GiB"));
    QCOMPARE(model.index(0, kHostCores).data(int(HostTableModel::Role::Usage)).toDouble(), 0.25);
    QVERIFY(!model.index(0, kHostName).data(int(HostTableModel::Role::Usage)).isValid());
    QVERIFY(model.index(0, kHostState).data(Qt::ForegroundRole).value<QColor>().isValid());
    QVERIFY(!model.index(0, kHostState).data(Qt::DecorationRole).isNull());
    QCOMPARE(store.zoneNames(), QStringList{QStringLiteral("a")});

    // h1 fails: one row changes, nothing else.
    proto::StateDelta failedHost = delta(11);
    *failedHost.mutable_host_updated() = makeHost(QStringLiteral("h1"), proto::HOST_STATE_FAILED, 3, 4, 7936, 8192);
    changed.clear();
    QCOMPARE(store.applyDelta(failedHost), StateStore::DeltaResult::Applied);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.first().at(0).toModelIndex().row(), 0);
    QCOMPARE(changed.first().at(1).toModelIndex().row(), 0);
    QCOMPARE(cell(model, 0, kHostState), QStringLiteral("Failed"));
    QVERIFY(model.index(0, kHostState).data(Qt::ForegroundRole).value<QColor>()
            != model.index(1, kHostState).data(Qt::ForegroundRole).value<QColor>());

    // The same host again: no change, no signal.
    proto::StateDelta same = delta(12);
    *same.mutable_host_updated() = failedHost.host_updated();
    changed.clear();
    QCOMPARE(store.applyDelta(same), StateStore::DeltaResult::Applied);
    QCOMPARE(changed.count(), 0);

    // A new host is appended.
    proto::StateDelta added = delta(13);
    *added.mutable_host_updated() = makeHost(QStringLiteral("h3"), proto::HOST_STATE_UNREACHABLE, 0, 0, 0, 0);
    QCOMPARE(store.applyDelta(added), StateStore::DeltaResult::Applied);
    QCOMPARE(inserted.count(), 3);
    QCOMPARE(column(model, kHostName), (QStringList{QStringLiteral("h1"), QStringLiteral("h2"), QStringLiteral("h3")}));

    // h2 is removed from the middle; h3 moves up.
    proto::StateDelta gone = delta(14);
    gone.set_host_removed("h2");
    QCOMPARE(store.applyDelta(gone), StateStore::DeltaResult::Applied);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(removed.first().at(1).toInt(), 1);
    QCOMPARE(column(model, kHostName), (QStringList{QStringLiteral("h1"), QStringLiteral("h3")}));
    QCOMPARE(store.hostRow(QStringLiteral("h3")), 1);
    QVERIFY(!store.host(QStringLiteral("h2")));
    QCOMPARE(store.sequence(), 14u);

    QCOMPARE(resets.count(), 0);
}

void TestConsoleModels::partitionModelFollowsSnapshotAndDeltas()
{
    StateStore store;
    PartitionTableModel model(&store);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);

    proto::StateSnapshot snapshot;
    snapshot.set_sequence(100);
    *snapshot.add_partitions() = makePartition(QStringLiteral("u1"), QStringLiteral("web1"), QStringLiteral("default"),
                                               proto::PARTITION_STATE_STOPPED, 2, 2048);
    *snapshot.add_partitions() = makePartition(QStringLiteral("u2"), QStringLiteral("db1"), QStringLiteral("finance"),
                                               proto::PARTITION_STATE_STOPPED, 1, 512);
    snapshot.add_domains()->set_name("default");
    snapshot.add_domains()->set_name("finance");
    QSignalSpy domains(&store, &StateStore::domainsChanged);
    store.applySnapshot(snapshot);
    QCOMPARE(domains.count(), 1);
    QCOMPARE(store.domainNames(), (QStringList{QStringLiteral("default"), QStringLiteral("finance")}));
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(cell(model, 0, kPartState), QStringLiteral("Stopped"));
    QCOMPARE(cell(model, 0, kPartMemory), QStringLiteral("2 GiB"));
    QCOMPARE(cell(model, 0, kPartHost), QString());
    QCOMPARE(model.index(0, kPartName).data(int(PartitionTableModel::Role::Key)).toString(), QStringLiteral("u1"));

    // web1 starts on h2 with cores 4 and 5.
    proto::Partition running = snapshot.partitions(0);
    running.set_state(proto::PARTITION_STATE_RUNNING);
    running.set_host("h2");
    running.mutable_assignment()->add_cores(5);
    running.mutable_assignment()->add_cores(4);
    proto::StateDelta started = delta(101);
    *started.mutable_partition_updated() = running;
    QCOMPARE(store.applyDelta(started), StateStore::DeltaResult::Applied);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(cell(model, 0, kPartState), QStringLiteral("Running"));
    QCOMPARE(cell(model, 0, kPartHost), QStringLiteral("h2"));
    QCOMPARE(cell(model, 0, kPartCores), QStringLiteral("4-5"));
    QCOMPARE(store.runningPartitionCount(), 1);

    // db1 fails with a two-line error: one line in the table, all in the tooltip.
    proto::Partition failed = snapshot.partitions(1);
    failed.set_state(proto::PARTITION_STATE_FAILED);
    failed.set_last_error("Host h1 refused the start.\nlibvirt: no such network");
    proto::StateDelta failedDelta = delta(102);
    *failedDelta.mutable_partition_updated() = failed;
    QCOMPARE(store.applyDelta(failedDelta), StateStore::DeltaResult::Applied);
    QCOMPARE(cell(model, 1, kPartError), QStringLiteral("Host h1 refused the start."));
    QVERIFY(cell(model, 1, kPartError, Qt::ToolTipRole).contains(QLatin1String("no such network")));

    // A new domain arrives by delta.
    proto::StateDelta domain = delta(103);
    domain.mutable_domain_updated()->set_name("research");
    QCOMPARE(store.applyDelta(domain), StateStore::DeltaResult::Applied);
    QCOMPARE(domains.count(), 2);
    QVERIFY(store.domainNames().contains(QStringLiteral("research")));

    // web1 is deleted; db1 is the only row and keeps its data.
    proto::StateDelta deleted = delta(104);
    deleted.set_partition_removed("u1");
    QCOMPARE(store.applyDelta(deleted), StateStore::DeltaResult::Applied);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(cell(model, 0, kPartName), QStringLiteral("db1"));
    QCOMPARE(store.partitionRow(QStringLiteral("u2")), 0);
    QCOMPARE(resets.count(), 0);
}

void TestConsoleModels::staleAndMissingDeltasChangeNothing()
{
    StateStore store;
    PartitionTableModel model(&store);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);

    // Before any snapshot every delta is a gap: the client needs a snapshot first.
    proto::StateDelta early = delta(5);
    *early.mutable_partition_updated() = makePartition(QStringLiteral("u1"), QStringLiteral("a"), QStringLiteral("d"),
                                                       proto::PARTITION_STATE_STOPPED, 1, 64);
    QCOMPARE(store.applyDelta(early), StateStore::DeltaResult::Gap);
    QCOMPARE(model.rowCount(), 0);

    proto::StateSnapshot snapshot;
    snapshot.set_sequence(50);
    *snapshot.add_partitions() = makePartition(QStringLiteral("u1"), QStringLiteral("a"), QStringLiteral("d"),
                                               proto::PARTITION_STATE_RUNNING, 1, 64);
    store.applySnapshot(snapshot);

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    // Already in the snapshot: dropped.
    proto::StateDelta stale = delta(50);
    *stale.mutable_partition_updated() = makePartition(QStringLiteral("u1"), QStringLiteral("a"), QStringLiteral("d"),
                                                       proto::PARTITION_STATE_STOPPED, 1, 64);
    QCOMPARE(store.applyDelta(stale), StateStore::DeltaResult::Stale);
    // 51 is missing: 52 is not applied.
    proto::StateDelta afterGap = delta(52);
    *afterGap.mutable_partition_updated() = makePartition(QStringLiteral("u2"), QStringLiteral("b"), QStringLiteral("d"),
                                                          proto::PARTITION_STATE_STOPPED, 1, 64);
    QCOMPARE(store.applyDelta(afterGap), StateStore::DeltaResult::Gap);
    QCOMPARE(changed.count(), 0);
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(cell(model, 0, kPartState), QStringLiteral("Running"));
    QCOMPARE(store.sequence(), 50u);

    // 51 then 52 in order are applied.
    proto::StateDelta next = delta(51);
    *next.mutable_partition_updated() = stale.partition_updated();
    QCOMPARE(store.applyDelta(next), StateStore::DeltaResult::Applied);
    QCOMPARE(store.applyDelta(afterGap), StateStore::DeltaResult::Applied);
    QCOMPARE(column(model, kPartName), (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
    QCOMPARE(cell(model, 0, kPartState), QStringLiteral("Stopped"));
}

void TestConsoleModels::newSnapshotIsAppliedRowByRow()
{
    // After a gap the client takes a new snapshot; the models see only the
    // rows that differ, so views keep their selection.
    StateStore store;
    HostTableModel hosts(&store);
    PartitionTableModel partitions(&store);
    QAbstractItemModelTester hostTester(&hosts, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester partitionTester(&partitions, QAbstractItemModelTester::FailureReportingMode::QtTest);

    proto::StateSnapshot first;
    first.set_sequence(1);
    *first.add_hosts() = makeHost(QStringLiteral("h1"), proto::HOST_STATE_UP, 1, 2, 100, 200);
    *first.add_hosts() = makeHost(QStringLiteral("h2"), proto::HOST_STATE_UP, 1, 2, 100, 200);
    *first.add_hosts() = makeHost(QStringLiteral("h3"), proto::HOST_STATE_UP, 1, 2, 100, 200);
    for (int i = 1; i <= 4; ++i)
        *first.add_partitions() = makePartition(QStringLiteral("u%1").arg(i), QStringLiteral("p%1").arg(i),
                                                QStringLiteral("default"), proto::PARTITION_STATE_STOPPED, 1, 64);
    store.applySnapshot(first);

    QSignalSpy hostResets(&hosts, &QAbstractItemModel::modelReset);
    QSignalSpy partitionResets(&partitions, &QAbstractItemModel::modelReset);
    QSignalSpy hostRemoved(&hosts, &QAbstractItemModel::rowsRemoved);
    QSignalSpy hostInserted(&hosts, &QAbstractItemModel::rowsInserted);
    QSignalSpy hostChanged(&hosts, &QAbstractItemModel::dataChanged);
    QSignalSpy partitionRemoved(&partitions, &QAbstractItemModel::rowsRemoved);
    QSignalSpy partitionInserted(&partitions, &QAbstractItemModel::rowsInserted);
    QSignalSpy partitionChanged(&partitions, &QAbstractItemModel::dataChanged);

    // h2 went away, h3 changed, h4 came; p1 and p3 were deleted, p4 runs, p5 is new.
    proto::StateSnapshot second;
    second.set_sequence(40);
    *second.add_hosts() = makeHost(QStringLiteral("h1"), proto::HOST_STATE_UP, 1, 2, 100, 200);
    *second.add_hosts() = makeHost(QStringLiteral("h3"), proto::HOST_STATE_DEGRADED, 1, 2, 100, 200);
    *second.add_hosts() = makeHost(QStringLiteral("h4"), proto::HOST_STATE_UP, 8, 8, 1000, 1000);
    *second.add_partitions() = makePartition(QStringLiteral("u2"), QStringLiteral("p2"), QStringLiteral("default"),
                                             proto::PARTITION_STATE_STOPPED, 1, 64);
    *second.add_partitions() = makePartition(QStringLiteral("u4"), QStringLiteral("p4"), QStringLiteral("default"),
                                             proto::PARTITION_STATE_RUNNING, 1, 64);
    *second.add_partitions() = makePartition(QStringLiteral("u5"), QStringLiteral("p5"), QStringLiteral("default"),
                                             proto::PARTITION_STATE_STOPPED, 1, 64);
    store.applySnapshot(second);

    QCOMPARE(store.sequence(), 40u);
    QCOMPARE(hostResets.count(), 0);
    QCOMPARE(partitionResets.count(), 0);
    QCOMPARE(hostRemoved.count(), 1);
    QCOMPARE(hostInserted.count(), 1);
    QCOMPARE(hostChanged.count(), 1);
    QCOMPARE(column(hosts, kHostName), (QStringList{QStringLiteral("h1"), QStringLiteral("h3"), QStringLiteral("h4")}));
    QCOMPARE(cell(hosts, 1, kHostState), QStringLiteral("Degraded"));
    QCOMPARE(partitionRemoved.count(), 2);
    QCOMPARE(partitionInserted.count(), 1);
    QCOMPARE(partitionChanged.count(), 1);
    QCOMPARE(column(partitions, kPartName), (QStringList{QStringLiteral("p2"), QStringLiteral("p4"), QStringLiteral("p5")}));
    QCOMPARE(cell(partitions, 1, kPartState), QStringLiteral("Running"));
}

void TestConsoleModels::proxySortsNumbersAsNumbersAndFilters()
{
    StateStore store;
    PartitionTableModel model(&store);
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setSortRole(int(PartitionTableModel::Role::Sort));
    proxy.setFilterKeyColumn(-1);
    proxy.setFilterCaseSensitivity(Qt::CaseInsensitive);
    proxy.setDynamicSortFilter(true);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);

    proto::StateSnapshot snapshot;
    snapshot.set_sequence(1);
    // As text "512 MiB" > "16 GiB" > "2 GiB"; as numbers the other way round.
    *snapshot.add_partitions() = makePartition(QStringLiteral("u1"), QStringLiteral("big"), QStringLiteral("research"),
                                               proto::PARTITION_STATE_STOPPED, 16, 16384);
    *snapshot.add_partitions() = makePartition(QStringLiteral("u2"), QStringLiteral("small"), QStringLiteral("default"),
                                               proto::PARTITION_STATE_STOPPED, 1, 512);
    *snapshot.add_partitions() = makePartition(QStringLiteral("u3"), QStringLiteral("mid"), QStringLiteral("research"),
                                               proto::PARTITION_STATE_STOPPED, 2, 2048);
    store.applySnapshot(snapshot);

    proxy.sort(kPartMemory, Qt::AscendingOrder);
    QCOMPARE(column(proxy, kPartName), (QStringList{QStringLiteral("small"), QStringLiteral("mid"), QStringLiteral("big")}));

    // The order holds while rows change underneath.
    proto::StateDelta grown = delta(2);
    *grown.mutable_partition_updated() = makePartition(QStringLiteral("u2"), QStringLiteral("small"),
                                                       QStringLiteral("default"), proto::PARTITION_STATE_STOPPED, 1, 32768);
    QCOMPARE(store.applyDelta(grown), StateStore::DeltaResult::Applied);
    QCOMPARE(column(proxy, kPartName), (QStringList{QStringLiteral("mid"), QStringLiteral("big"), QStringLiteral("small")}));

    proxy.setFilterFixedString(QStringLiteral("RESEARCH"));
    QCOMPARE(column(proxy, kPartName), (QStringList{QStringLiteral("mid"), QStringLiteral("big")}));
}

void TestConsoleModels::auditModelShowsRecords()
{
    AuditLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QList<proto::AuditRecord> records;
    proto::AuditRecord ok;
    ok.set_time_ms(1700000000000);
    ok.set_user("ada");
    ok.set_action("partition.start");
    ok.set_object("partition default/web1");
    ok.set_result("ok");
    ok.set_message("Partition web1 started on h1.");
    proto::AuditRecord refused = ok;
    refused.set_result("ERROR_RESOURCE_EXHAUSTED");
    records << ok << refused;
    model.setRecords(records);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(0, int(AuditLogModel::Column::User)).data().toString(), QStringLiteral("ada"));
    QCOMPARE(model.index(0, int(AuditLogModel::Column::Result)).data().toString(), QStringLiteral("OK"));
    QCOMPARE(model.index(1, int(AuditLogModel::Column::Result)).data().toString(), QStringLiteral("ERROR_RESOURCE_EXHAUSTED"));
    QVERIFY(model.index(1, 0).data(Qt::ForegroundRole).isValid());
    model.setRecords({});
    QCOMPARE(model.rowCount(), 0);
}

void TestConsoleModels::taskModelFollowsMigrationProgress()
{
    StateStore store;
    TaskListModel model(&store);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proto::StateSnapshot snapshot;
    snapshot.set_sequence(10);
    store.applySnapshot(snapshot);
    auto progress = [&](std::uint64_t sequence, proto::MigrationPhase phase, std::uint64_t done) {
        proto::StateDelta delta;
        delta.set_sequence(store.sequence() + 1);
        auto *p = delta.mutable_migration_progress();
        p->set_migration_id("m1");
        p->set_partition_uuid("u1");
        p->set_partition_name("web1");
        p->set_source_host("h1");
        p->set_target_host("h2");
        p->set_sequence(sequence);
        p->set_phase(phase);
        p->set_memory_total_bytes(1000);
        p->set_memory_processed_bytes(done);
        return store.applyDelta(delta);
    };
    QCOMPARE(progress(1, proto::MIGRATION_PHASE_COPYING_MEMORY, 400), StateStore::DeltaResult::Applied);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.runningCount(), 1);
    QCOMPARE(model.index(0, int(TaskListModel::Column::Task)).data().toString(), QStringLiteral("Migrate web1 from h1 to h2"));
    QCOMPARE(model.index(0, int(TaskListModel::Column::Progress)).data().toString(), QStringLiteral("40 %"));
    // An older event of the same migration changes nothing.
    progress(0 + 1, proto::MIGRATION_PHASE_RESERVING, 0);
    QCOMPARE(model.index(0, int(TaskListModel::Column::Phase)).data().toString(), QStringLiteral("Copying memory"));
    progress(3, proto::MIGRATION_PHASE_COMPLETED, 1000);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.runningCount(), 0);
    QVERIFY(model.index(0, 0).data(int(TaskListModel::Role::Finished)).toBool());
}

void TestConsoleModels::modelsStayConsistentThroughDeltaBursts()
{
    // Every model of the console on one store, each under the tester, while
    // a long run of deltas adds, changes and removes rows anywhere (first,
    // middle, last), migrations start, move on and finish (old finished tasks
    // make room), a new snapshot drops and adds rows, and the audit log is
    // replaced by longer and shorter pages.
    StateStore store;
    HostTableModel hosts(&store);
    PartitionTableModel partitions(&store);
    TaskListModel tasks(&store);
    QSortFilterProxyModel sortedPartitions;
    sortedPartitions.setSourceModel(&partitions);
    sortedPartitions.setSortRole(Qt::UserRole);
    sortedPartitions.sort(kPartMemory);
    AuditLogModel audit;
    using Tester = QAbstractItemModelTester;
    Tester hostTester(&hosts, Tester::FailureReportingMode::QtTest);
    Tester partitionTester(&partitions, Tester::FailureReportingMode::QtTest);
    Tester taskTester(&tasks, Tester::FailureReportingMode::QtTest);
    Tester proxyTester(&sortedPartitions, Tester::FailureReportingMode::QtTest);
    Tester auditTester(&audit, Tester::FailureReportingMode::QtTest);
    QSignalSpy taskRemovals(&tasks, &QAbstractItemModel::rowsRemoved);

    proto::StateSnapshot snapshot;
    snapshot.set_sequence(1);
    store.applySnapshot(snapshot);
    std::uint32_t state = 12345; // a fixed pseudo-random run, the same every time
    const auto next = [&state](std::uint32_t n) {
        state = state * 1103515245u + 12345u;
        return (state >> 16) % n;
    };
    const auto hostName = [](std::uint32_t i) { return QStringLiteral("h%1").arg(i); };
    const auto uuid = [](std::uint32_t i) { return QStringLiteral("00000000-0000-4000-8000-%1").arg(i, 12, 10, QLatin1Char('0')); };
    QSet<QString> hostsThere;
    QSet<QString> partitionsThere;
    for (int i = 0; i < 1500; ++i) {
        proto::StateDelta d = delta(store.sequence() + 1);
        const std::uint32_t n = next(40);
        switch (next(6)) {
        case 0:
        case 1:
            *d.mutable_host_updated() = makeHost(hostName(n), next(2) ? proto::HOST_STATE_UP : proto::HOST_STATE_DEGRADED,
                                                 next(16), 16, 1024 * next(32), 32768);
            hostsThere.insert(hostName(n));
            break;
        case 2:
            d.set_host_removed(hostName(n).toStdString());
            hostsThere.remove(hostName(n));
            break;
        case 3: {
            auto p = makePartition(uuid(n), QStringLiteral("p%1").arg(n), QStringLiteral("default"),
                                   next(2) ? proto::PARTITION_STATE_RUNNING : proto::PARTITION_STATE_STOPPED, 1 + next(8),
                                   256 * (1 + next(64)));
            p.set_host(hostName(next(40)).toStdString());
            *d.mutable_partition_updated() = p;
            partitionsThere.insert(uuid(n));
            break;
        }
        case 4:
            d.set_partition_removed(uuid(n).toStdString());
            partitionsThere.remove(uuid(n));
            break;
        default: {
            auto *p = d.mutable_migration_progress();
            p->set_migration_id(QStringLiteral("m%1").arg(n).toStdString());
            p->set_partition_uuid(uuid(n).toStdString());
            p->set_partition_name(QStringLiteral("p%1").arg(n).toStdString());
            p->set_source_host("h1");
            p->set_target_host("h2");
            p->set_sequence(std::uint64_t(i + 1));
            const std::uint32_t step = next(3);
            p->set_phase(step == 0 ? proto::MIGRATION_PHASE_COPYING_MEMORY
                                   : step == 1 ? proto::MIGRATION_PHASE_COMPLETED : proto::MIGRATION_PHASE_FAILED);
            p->set_memory_total_bytes(1000);
            p->set_memory_processed_bytes(next(1000));
            break;
        }
        }
        QCOMPARE(store.applyDelta(d), StateStore::DeltaResult::Applied);
        if (QTest::currentTestFailed())
            return;
    }
    QCOMPARE(hosts.rowCount(), int(hostsThere.size()));
    QCOMPARE(partitions.rowCount(), int(partitionsThere.size()));
    QCOMPARE(sortedPartitions.rowCount(), partitions.rowCount());
    QVERIFY(taskRemovals.count() > 0);
    QVERIFY(tasks.rowCount() > 20);

    // A new snapshot: half the hosts and partitions go, new ones come.
    proto::StateSnapshot fresh;
    fresh.set_sequence(store.sequence() + 100);
    for (std::uint32_t i = 20; i < 60; ++i) {
        *fresh.add_hosts() = makeHost(hostName(i), proto::HOST_STATE_UP, 8, 16, 16384, 32768);
        *fresh.add_partitions() = makePartition(uuid(i), QStringLiteral("p%1").arg(i), QStringLiteral("default"),
                                                proto::PARTITION_STATE_RUNNING, 2, 512 * (i % 7 + 1));
    }
    store.applySnapshot(fresh);
    QCOMPARE(hosts.rowCount(), 40);
    QCOMPARE(partitions.rowCount(), 40);
    QCOMPARE(sortedPartitions.rowCount(), 40);

    for (int page : {5, 50, 0, 17}) {
        QList<proto::AuditRecord> records;
        for (int i = 0; i < page; ++i) {
            proto::AuditRecord r;
            r.set_time_ms(1700000000000 + i);
            r.set_user("ada");
            r.set_action("zone.update");
            r.set_object(QStringLiteral("zone z%1").arg(i).toStdString());
            r.set_result("ok");
            records << r;
        }
        audit.setRecords(records);
        QCOMPARE(audit.rowCount(), page);
    }
}

QTEST_MAIN(TestConsoleModels)
#include "tst_consolemodels.moc"
