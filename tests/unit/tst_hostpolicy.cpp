// The host policy: which cores and memory granules a partition gets.
#include "hostpolicy.h"
#include "resourceview.h"

#include <QTest>

using namespace vdc;
using namespace vdc::agent;

namespace {

constexpr const char *kHeld = "5a1e3f0c-2d7b-4c7e-9d51-0f3b8c2a4e61";

// A host snapshot: `coreOwners[i]` owns core i ("" free), `coreNodes[i]` its
// NUMA node; granules likewise, `granuleMib` each.
proto::ResourceSnapshot snapshot(const QStringList &coreOwners, const QList<std::uint32_t> &coreNodes,
                                 const QStringList &granuleOwners, std::uint32_t granuleMib = 32)
{
    proto::ResourceSnapshot s;
    s.set_version(7);
    s.set_generation(1);
    s.set_host_name("h1");
    s.set_memory_granule_mib(granuleMib);
    s.set_cores_total(std::uint32_t(coreOwners.size()));
    s.set_memory_granules_total(std::uint32_t(granuleOwners.size()));
    // One range per resource keeps the helper simple; the view must not care.
    for (int i = 0; i < coreOwners.size(); ++i) {
        auto *r = s.add_ranges();
        r->set_kind(proto::RESOURCE_KIND_CORE);
        r->set_first(std::uint32_t(i));
        r->set_count(1);
        r->set_owner(coreOwners.at(i).toStdString());
        r->set_numa_node(coreNodes.at(i));
    }
    for (int i = 0; i < granuleOwners.size(); ++i) {
        auto *r = s.add_ranges();
        r->set_kind(proto::RESOURCE_KIND_MEMORY);
        r->set_first(std::uint32_t(i));
        r->set_count(1);
        r->set_owner(granuleOwners.at(i).toStdString());
    }
    return s;
}

QStringList freeList(int n)
{
    QStringList l;
    for (int i = 0; i < n; ++i)
        l << QString();
    return l;
}

proto::PartitionSpec spec(const char *name, std::uint32_t vcpus, std::uint64_t memoryMib)
{
    proto::PartitionSpec s;
    s.set_uuid("0b7f6f64-3c59-4d8e-a2a4-6a1c2f9e7d10");
    s.set_name(name);
    s.set_domain("default");
    s.set_vcpus(vcpus);
    s.set_memory_mib(memoryMib);
    return s;
}

QList<std::uint32_t> cores(const proto::ResourceAssignment &a)
{
    return QList<std::uint32_t>(a.cores().begin(), a.cores().end());
}

QList<std::uint32_t> granules(const proto::ResourceAssignment &a)
{
    return QList<std::uint32_t>(a.memory_granules().begin(), a.memory_granules().end());
}

ResourceView view(const proto::ResourceSnapshot &s)
{
    ResourceView v;
    const auto r = v.replace(s);
    if (!r)
        qFatal("snapshot refused: %s", qPrintable(r.error().message()));
    return v;
}

const QList<std::uint32_t> kTwoNodes = {0, 0, 0, 0, 1, 1, 1, 1};

} // namespace

class TestHostPolicy : public QObject
{
    Q_OBJECT
private slots:
    void prefersTheNodeWithMostFreeCores()
    {
        // Node 0: core 0 system, core 1 held -> 2 free. Node 1: 4 free.
        const auto v = view(snapshot({"system", kHeld, "", "", "", "", "", ""}, kTwoNodes, freeList(8)));
        const auto chosen = HostPolicy("h1").choose(v, spec("web1", 2, 64));
        QVERIFY2(chosen.ok(), qPrintable(chosen.ok() ? QString() : chosen.error().message()));
        QCOMPARE(cores(*chosen), (QList<std::uint32_t>{4, 5}));
    }

    void tieGoesToTheLowestNodeAndLowestIndices()
    {
        // Node 0 free {0, 2, 3}; node 1 free {5, 6, 7}: equal, node 0 wins.
        const auto v = view(snapshot({"", kHeld, "", "", "system", "", "", ""}, kTwoNodes, freeList(8)));
        const auto chosen = HostPolicy("h1").choose(v, spec("web1", 2, 64));
        QVERIFY(chosen.ok());
        QCOMPARE(cores(*chosen), (QList<std::uint32_t>{0, 2}));
    }

    void spansNodesWhenNoNodeIsLargeEnough()
    {
        // Free: node 0 {2, 3}, node 1 {6, 7}; 3 vCPUs fit on no single node.
        const auto v = view(snapshot({"system", kHeld, "", "", kHeld, kHeld, "", ""}, kTwoNodes, freeList(8)));
        const auto chosen = HostPolicy("h1").choose(v, spec("web1", 3, 64));
        QVERIFY(chosen.ok());
        QCOMPARE(cores(*chosen), (QList<std::uint32_t>{2, 3, 6}));
    }

    void memoryTakesTheLowestFreeGranules()
    {
        // Granules 0-1 system, 3 held; 100 MiB in 32 MiB granules = 4 granules.
        const auto v = view(snapshot(freeList(2), {0, 0}, {"system", "system", "", kHeld, "", "", "", ""}));
        const auto chosen = HostPolicy("h1").choose(v, spec("web1", 1, 100));
        QVERIFY(chosen.ok());
        QCOMPARE(granules(*chosen), (QList<std::uint32_t>{2, 4, 5, 6}));
        QCOMPARE(chosen->memory_mib(), 128u);
        QCOMPARE(cores(*chosen), (QList<std::uint32_t>{0}));
    }

    void systemAndHeldResourcesAreNeverChosen()
    {
        // The only resources not free are system or held: a partition asking
        // for everything that is listed cannot have them.
        const auto v = view(snapshot({"system", kHeld, ""}, {0, 0, 0}, {"system", kHeld, ""}));
        const auto one = HostPolicy("h1").choose(v, spec("web1", 1, 32));
        QVERIFY(one.ok());
        QCOMPARE(cores(*one), (QList<std::uint32_t>{2}));
        QCOMPARE(granules(*one), (QList<std::uint32_t>{2}));
        const auto two = HostPolicy("h1").choose(v, spec("web1", 2, 32));
        QVERIFY(!two.ok());
        QCOMPARE(two.error().code(), proto::ERROR_INSUFFICIENT_RESOURCES);
    }

    void shortageNamesWhatIsShort()
    {
        const auto v = view(snapshot({"system", "system", "", ""}, {0, 0, 0, 0}, {"system", "", "", ""}, 256));
        const HostPolicy policy("h1");

        const auto cpu = policy.choose(v, spec("web1", 4, 256));
        QVERIFY(!cpu.ok());
        QCOMPARE(cpu.error().code(), proto::ERROR_INSUFFICIENT_RESOURCES);
        QCOMPARE(cpu.error().message(), QStringLiteral("Host h1 has 2 free cores; partition web1 needs 4."));

        const auto memory = policy.choose(v, spec("web1", 1, 2048));
        QVERIFY(!memory.ok());
        QCOMPARE(memory.error().message(),
                 QStringLiteral("Host h1 has 768 MiB of memory free; partition web1 needs 2048 MiB."));

        const auto both = policy.choose(v, spec("db", 3, 1024));
        QVERIFY(!both.ok());
        QCOMPARE(both.error().message(),
                 QStringLiteral("Host h1 has 2 free cores; partition db needs 3. "
                                "Host h1 has 768 MiB of memory free; partition db needs 1024 MiB."));
    }

    void noSnapshotYetIsUnavailable()
    {
        const auto chosen = HostPolicy("h1").choose(ResourceView(), spec("web1", 1, 32));
        QVERIFY(!chosen.ok());
        QCOMPARE(chosen.error().code(), proto::ERROR_UNAVAILABLE);
    }

    void claimedResourcesAreNotOfferedAgain()
    {
        auto v = view(snapshot(freeList(4), {0, 0, 0, 0}, freeList(4)));
        const HostPolicy policy("h1");
        const auto first = policy.choose(v, spec("web1", 2, 64));
        QVERIFY(first.ok());
        v.claim(QStringLiteral("0b7f6f64-3c59-4d8e-a2a4-6a1c2f9e7d10"), *first);
        const auto second = policy.choose(v, spec("web2", 2, 64));
        QVERIFY(second.ok());
        QCOMPARE(cores(*second), (QList<std::uint32_t>{2, 3}));
        QCOMPARE(granules(*second), (QList<std::uint32_t>{2, 3}));
        QCOMPARE(v.coresFree(), 2u);
    }

    void viewCountsAndDomains()
    {
        auto s = snapshot({"system", kHeld, "", ""}, {0, 0, 1, 1}, {"system", "system", kHeld, "", ""}, 64);
        auto *d = s.add_domains();
        d->set_uuid(kHeld);
        d->set_name("default.web1");
        d->set_state(proto::PARTITION_STATE_RUNNING);
        const auto v = view(s);
        QCOMPARE(v.coreCount(), 4u);
        QCOMPARE(v.coresFree(), 2u);
        QCOMPARE(v.coresReserved(), 1u);
        QCOMPARE(v.memoryTotalMib(), 320u);
        QCOMPARE(v.memoryReservedMib(), 128u);
        QCOMPARE(v.memoryFreeMib(), 128u);
        QVERIFY(v.domain(QLatin1String(kHeld)) != nullptr);
        QVERIFY(v.domain(QStringLiteral("0b7f6f64-3c59-4d8e-a2a4-6a1c2f9e7d10")) == nullptr);
    }

    void inconsistentSnapshotsAreRefusedAndTheCopyKept()
    {
        ResourceView v;
        QVERIFY(v.replace(snapshot(freeList(2), {0, 0}, freeList(2))).ok());

        auto overlapping = snapshot(freeList(2), {0, 0}, freeList(2));
        overlapping.mutable_ranges(1)->set_first(0); // core 0 twice, core 1 never
        auto outOfRange = snapshot(freeList(2), {0, 0}, freeList(2));
        outOfRange.mutable_ranges(1)->set_count(5);
        auto missing = snapshot(freeList(2), {0, 0}, freeList(2));
        missing.set_memory_granules_total(3);
        auto zeroGranule = snapshot(freeList(2), {0, 0}, freeList(2), 0);
        auto huge = snapshot(freeList(2), {0, 0}, freeList(2));
        huge.set_memory_granules_total(4000000000u);

        for (const auto &bad : {overlapping, outOfRange, missing, zeroGranule, huge}) {
            const auto r = v.replace(bad);
            QVERIFY(!r.ok());
            QCOMPARE(r.error().code(), proto::ERROR_MALFORMED);
        }
        QCOMPARE(v.coreCount(), 2u);
        QCOMPARE(v.granuleCount(), 2u);
        QCOMPARE(v.version(), 7u);
    }
};

QTEST_GUILESS_MAIN(TestHostPolicy)
#include "tst_hostpolicy.moc"
