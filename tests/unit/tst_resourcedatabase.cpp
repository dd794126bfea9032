// The authoritative resource database: commits are all-or-nothing, conflicts
// name the resource and its holder, system reservations hold, snapshots cover
// every resource exactly once.
#include "resourcedatabase.h"

#include <QTest>

using namespace vdc;
using namespace vdc::monitor;

namespace {

// The error's sentence, or nothing when it succeeded (QVERIFY2 evaluates its
// message even when the check passes).
template<typename R>
QString messageOf(const R &result)
{
    return result ? QString() : result.error().message();
}

const QString kWeb = QStringLiteral("0b5a3f4e-1d2c-4b6a-9e8f-000000000001");
const QString kDb = QStringLiteral("0b5a3f4e-1d2c-4b6a-9e8f-000000000002");

proto::ResourceAssignment assignment(std::initializer_list<std::uint32_t> cores,
                                     std::initializer_list<std::uint32_t> granules)
{
    proto::ResourceAssignment a;
    for (auto c : cores)
        a.add_cores(c);
    for (auto g : granules)
        a.add_memory_granules(g);
    return a;
}

// 8 cores on two NUMA nodes, 64 granules of 32 MiB (2 GiB); core 0 and
// granules 0-1 reserved for system partitions.
ResourceDatabase makeDatabase()
{
    ResourceLayout layout;
    layout.coreNumaNodes = {0, 0, 0, 0, 1, 1, 1, 1};
    layout.memoryGranules = 64;
    layout.granuleMib = 32;
    layout.reservedCores = 1;
    layout.reservedGranules = 2;
    auto db = ResourceDatabase::create(layout);
    if (!db)
        qFatal("%s", qPrintable(db.error().message()));
    return std::move(db.value());
}

std::string serialized(const ResourceDatabase &db)
{
    return db.snapshot().SerializeAsString();
}

} // namespace

class TestResourceDatabase : public QObject
{
    Q_OBJECT

private slots:
    void startsWithSystemReservation();
    void commitTakesEverything();
    void conflictNamesHolderAndChangesNothing();
    void systemReservationIsRefused();
    void badAssignmentsAreRefused();
    void partitionCannotCommitTwice();
    void releaseFreesAndBumpsVersion();
    void snapshotRangesCoverEverythingOnce();
    void layoutThatLeavesNothingIsRefused();
};

void TestResourceDatabase::startsWithSystemReservation()
{
    const ResourceDatabase db = makeDatabase();
    QCOMPARE(db.version(), 0u);
    QCOMPARE(db.coreCount(), 8u);
    QCOMPARE(db.granuleCount(), 64u);
    QCOMPARE(db.freeCoreCount(), 7u);
    QCOMPARE(db.freeGranuleCount(), 62u);
    QCOMPARE(db.coreOwner(0), ResourceDatabase::kSystemOwner);
    QCOMPARE(db.granuleOwner(1), ResourceDatabase::kSystemOwner);
    QVERIFY(db.coreOwner(1).isEmpty());
    QCOMPARE(db.coreNumaNode(5), 1u);
}

void TestResourceDatabase::commitTakesEverything()
{
    ResourceDatabase db = makeDatabase();
    const auto version = db.commit(kWeb, QStringLiteral("shop.web1"), assignment({3, 2}, {10, 11, 12}));
    QVERIFY2(version, qPrintable(messageOf(version)));
    QCOMPARE(*version, 1u);
    QCOMPARE(db.version(), 1u);
    QCOMPARE(db.coreOwner(2), kWeb);
    QCOMPARE(db.coreOwner(3), kWeb);
    QCOMPARE(db.granuleOwner(11), kWeb);
    QCOMPARE(db.freeCoreCount(), 5u);
    QCOMPARE(db.freeGranuleCount(), 59u);
    const Holding *held = db.holding(kWeb);
    QVERIFY(held);
    QCOMPARE(held->name, QStringLiteral("shop.web1"));
    QCOMPARE(held->cores, (std::vector<std::uint32_t>{3, 2})); // vCPU order kept
    QCOMPARE(held->granules, (std::vector<std::uint32_t>{10, 11, 12}));
}

void TestResourceDatabase::conflictNamesHolderAndChangesNothing()
{
    ResourceDatabase db = makeDatabase();
    QVERIFY(db.commit(kWeb, QStringLiteral("shop.web1"), assignment({2, 3}, {10, 11})));
    const std::string before = serialized(db);

    // Core 5 is free, core 3 is not: nothing at all may be taken.
    const auto clash = db.commit(kDb, QStringLiteral("shop.db1"), assignment({5, 3}, {20, 21}));
    QVERIFY(!clash);
    QCOMPARE(clash.error().code(), proto::ERROR_CONFLICT);
    QVERIFY2(clash.error().message().contains(QStringLiteral("Core 3")), qPrintable(clash.error().message()));
    QVERIFY2(clash.error().message().contains(QStringLiteral("shop.web1")), qPrintable(clash.error().message()));
    QVERIFY2(clash.error().message().contains(QStringLiteral("shop.db1")), qPrintable(clash.error().message()));
    QCOMPARE(serialized(db), before);
    QVERIFY(db.coreOwner(5).isEmpty());
    QVERIFY(!db.holding(kDb));

    // A memory granule held by another partition.
    const auto memoryClash = db.commit(kDb, QStringLiteral("shop.db1"), assignment({5}, {20, 11}));
    QCOMPARE(memoryClash.error().code(), proto::ERROR_CONFLICT);
    QVERIFY2(memoryClash.error().message().contains(QStringLiteral("granule 11")), qPrintable(memoryClash.error().message()));
    QVERIFY(memoryClash.error().message().contains(QStringLiteral("shop.web1")));
    QCOMPARE(serialized(db), before);
    QCOMPARE(db.version(), 1u);
}

void TestResourceDatabase::systemReservationIsRefused()
{
    ResourceDatabase db = makeDatabase();
    const std::string before = serialized(db);
    const auto core = db.commit(kWeb, QStringLiteral("shop.web1"), assignment({0}, {10}));
    QCOMPARE(core.error().code(), proto::ERROR_CONFLICT);
    QVERIFY2(core.error().message().contains(QStringLiteral("Core 0 is reserved for system partitions")),
             qPrintable(core.error().message()));
    const auto memory = db.commit(kWeb, QStringLiteral("shop.web1"), assignment({1}, {1, 2}));
    QCOMPARE(memory.error().code(), proto::ERROR_CONFLICT);
    QVERIFY2(memory.error().message().contains(QStringLiteral("granule 1 is reserved")), qPrintable(memory.error().message()));
    QCOMPARE(serialized(db), before);
    // Nobody can claim to be "system" through a commit.
    QCOMPARE(db.commit(ResourceDatabase::kSystemOwner, QStringLiteral("x"), assignment({4}, {9})).error().code(),
             proto::ERROR_INVALID_ARGUMENT);
}

void TestResourceDatabase::badAssignmentsAreRefused()
{
    ResourceDatabase db = makeDatabase();
    const std::string before = serialized(db);
    const auto outOfRange = db.commit(kWeb, QStringLiteral("w"), assignment({8}, {10}));
    QCOMPARE(outOfRange.error().code(), proto::ERROR_INVALID_ARGUMENT);
    QVERIFY2(outOfRange.error().message().contains(QStringLiteral("Core 8 does not exist on this host; it has cores 0-7")),
             qPrintable(outOfRange.error().message()));
    QCOMPARE(db.commit(kWeb, QStringLiteral("w"), assignment({2}, {64})).error().code(), proto::ERROR_INVALID_ARGUMENT);
    const auto twice = db.commit(kWeb, QStringLiteral("w"), assignment({2, 2}, {10}));
    QCOMPARE(twice.error().code(), proto::ERROR_INVALID_ARGUMENT);
    QVERIFY(twice.error().message().contains(QStringLiteral("twice")));
    QCOMPARE(db.commit(kWeb, QStringLiteral("w"), assignment({2}, {10, 10})).error().code(), proto::ERROR_INVALID_ARGUMENT);
    QCOMPARE(db.commit(kWeb, QStringLiteral("w"), assignment({}, {10})).error().code(), proto::ERROR_INVALID_ARGUMENT);
    QCOMPARE(db.commit(kWeb, QStringLiteral("w"), assignment({2}, {})).error().code(), proto::ERROR_INVALID_ARGUMENT);
    QCOMPARE(db.commit(QString(), QStringLiteral("w"), assignment({2}, {10})).error().code(), proto::ERROR_INVALID_ARGUMENT);
    QCOMPARE(serialized(db), before);
}

void TestResourceDatabase::partitionCannotCommitTwice()
{
    ResourceDatabase db = makeDatabase();
    QVERIFY(db.commit(kWeb, QStringLiteral("shop.web1"), assignment({2}, {10})));
    const auto again = db.commit(kWeb, QStringLiteral("shop.web1"), assignment({4}, {20}));
    QCOMPARE(again.error().code(), proto::ERROR_FAILED_PRECONDITION);
    QVERIFY2(again.error().message().contains(QStringLiteral("already holds cores 2")), qPrintable(again.error().message()));
    QVERIFY(db.coreOwner(4).isEmpty());
    QCOMPARE(db.version(), 1u);
}

void TestResourceDatabase::releaseFreesAndBumpsVersion()
{
    ResourceDatabase db = makeDatabase();
    QVERIFY(db.commit(kWeb, QStringLiteral("shop.web1"), assignment({2, 3}, {10, 11})));
    QVERIFY(db.commit(kDb, QStringLiteral("shop.db1"), assignment({4}, {12})));
    QCOMPARE(db.version(), 2u);
    const auto released = db.release(kWeb);
    QVERIFY(released);
    QCOMPARE(*released, 3u);
    QVERIFY(db.coreOwner(2).isEmpty());
    QVERIFY(db.granuleOwner(10).isEmpty());
    QCOMPARE(db.coreOwner(4), kDb);
    QVERIFY(!db.holding(kWeb));

    const auto unknown = db.release(kWeb);
    QCOMPARE(unknown.error().code(), proto::ERROR_NOT_FOUND);
    QCOMPARE(db.version(), 3u);

    // What was released can be committed again.
    QVERIFY(db.commit(QStringLiteral("0b5a3f4e-1d2c-4b6a-9e8f-000000000003"), QStringLiteral("shop.web2"),
                      assignment({3, 2}, {11, 10})));
    QCOMPARE(db.version(), 4u);
}

void TestResourceDatabase::snapshotRangesCoverEverythingOnce()
{
    ResourceDatabase db = makeDatabase();
    QVERIFY(db.commit(kWeb, QStringLiteral("shop.web1"), assignment({3, 4, 5}, {10, 11, 12, 13})));
    const proto::ResourceSnapshot snap = db.snapshot();
    QCOMPARE(snap.version(), 1u);
    QCOMPARE(snap.cores_total(), 8u);
    QCOMPARE(snap.memory_granules_total(), 64u);
    QCOMPARE(snap.memory_granule_mib(), 32u);

    QStringList cores;
    QStringList memory;
    std::vector<int> coreSeen(8, 0);
    std::vector<int> granuleSeen(64, 0);
    for (const auto &r : snap.ranges()) {
        const QString owner = QString::fromStdString(r.owner());
        const QString text = QStringLiteral("%1+%2:%3").arg(r.first()).arg(r.count()).arg(
            owner == kWeb ? QStringLiteral("web") : owner.isEmpty() ? QStringLiteral("free") : owner);
        if (r.kind() == proto::RESOURCE_KIND_CORE) {
            cores << text + QStringLiteral("@%1").arg(r.numa_node());
            for (std::uint32_t i = r.first(); i < r.first() + r.count(); ++i)
                ++coreSeen.at(i);
        } else {
            QCOMPARE(r.kind(), proto::RESOURCE_KIND_MEMORY);
            memory << text;
            for (std::uint32_t i = r.first(); i < r.first() + r.count(); ++i)
                ++granuleSeen.at(i);
        }
    }
    // Runs split at owner changes and at the NUMA boundary between cores 3 and 4.
    QCOMPARE(cores, (QStringList{QStringLiteral("0+1:system@0"), QStringLiteral("1+2:free@0"), QStringLiteral("3+1:web@0"),
                                 QStringLiteral("4+2:web@1"), QStringLiteral("6+2:free@1")}));
    QCOMPARE(memory, (QStringList{QStringLiteral("0+2:system"), QStringLiteral("2+8:free"), QStringLiteral("10+4:web"),
                                  QStringLiteral("14+50:free")}));
    QVERIFY(std::all_of(coreSeen.begin(), coreSeen.end(), [](int n) { return n == 1; }));
    QVERIFY(std::all_of(granuleSeen.begin(), granuleSeen.end(), [](int n) { return n == 1; }));

    QCOMPARE(snap.domains_size(), 1);
    QCOMPARE(QString::fromStdString(snap.domains(0).uuid()), kWeb);
    QCOMPARE(QString::fromStdString(snap.domains(0).name()), QStringLiteral("shop.web1"));
    QCOMPARE(snap.domains(0).assignment().cores_size(), 3);
    QCOMPARE(snap.domains(0).assignment().memory_mib(), 128u);
}

void TestResourceDatabase::layoutThatLeavesNothingIsRefused()
{
    ResourceLayout layout;
    layout.coreNumaNodes = {0, 0};
    layout.memoryGranules = 4;
    layout.reservedCores = 2;
    auto allCores = ResourceDatabase::create(layout);
    QVERIFY(!allCores);
    QVERIFY2(allCores.error().message().contains(QStringLiteral("Cannot reserve 2 cores")), qPrintable(allCores.error().message()));
    layout.reservedCores = 0;
    layout.reservedGranules = 4;
    QVERIFY(!ResourceDatabase::create(layout));
    layout.reservedGranules = 0;
    layout.memoryGranules = 0;
    QVERIFY(!ResourceDatabase::create(layout));
    layout.memoryGranules = 4;
    layout.coreNumaNodes.clear();
    QVERIFY(!ResourceDatabase::create(layout));
}

QTEST_GUILESS_MAIN(TestResourceDatabase)
#include "tst_resourcedatabase.moc"
