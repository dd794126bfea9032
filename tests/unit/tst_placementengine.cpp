// The placement library: each filter with its exact reason, the weights of
// pack and spread, overcommit, HA admission control, link guarantees across a
// batch, location rules, affinity and anti-affinity, batch ordering and the
// refusal of bad input.
#include "placementengine.h"
#include "placementstate.h"

#include <QSet>
#include <QTest>

using namespace vdc;
using namespace vdc::placement;

namespace {

constexpr std::uint64_t GiB = 1024;

HostModel host(const QString &name, const QString &zone, std::uint32_t cores, std::uint64_t memoryMib,
               const QString &rack = QStringLiteral("r1"))
{
    HostModel h;
    h.name = name;
    h.zone = zone;
    h.location = {QStringLiteral("dc1"), QStringLiteral("room1"), rack};
    h.coresTotal = cores;
    h.coresFree = std::int32_t(cores);
    h.memoryTotalMib = memoryMib;
    h.memoryFreeMib = memoryMib;
    h.links = {{QStringLiteral("eth0"), 10000, 0}};
    return h;
}

ZonePolicy zone(const QString &name, AllocationPolicy allocation = AllocationPolicy::Pack)
{
    ZonePolicy z;
    z.name = name;
    z.allocation = allocation;
    return z;
}

Demand demand(const QString &name, std::uint32_t vcpus, std::uint64_t memoryMib, const QString &zoneName = {})
{
    Demand d;
    d.name = name;
    d.vcpus = vcpus;
    d.memoryMib = memoryMib;
    if (!zoneName.isEmpty())
        d.zones = {zoneName};
    return d;
}

PlacementState makeState(const QList<HostModel> &hosts, const QList<ZonePolicy> &zones = {})
{
    auto state = PlacementState::create(hosts, zones);
    if (!state)
        qFatal("test state refused: %s", qPrintable(state.error().message()));
    return std::move(state).value();
}

// The reason given for one host, or "" when it was not rejected.
QString reasonFor(const Decision &d, const QString &hostName)
{
    for (const auto &r : d.rejections)
        if (r.host == hostName)
            return r.text;
    return {};
}

const Rejection *rejectionFor(const Decision &d, const QString &hostName)
{
    for (const auto &r : d.rejections)
        if (r.host == hostName)
            return &r;
    return nullptr;
}

// Places a demand and books it, as the operations engine does.
Decision placeAndCommit(PlacementState &state, const Demand &d)
{
    Decision decision = PlacementEngine::chooseHost(d, state);
    if (decision.placed()) {
        const auto r = state.commit(d, *decision.choice);
        if (!r)
            qFatal("commit refused: %s", qPrintable(r.error().message()));
    }
    return decision;
}

void commitBatch(PlacementState &state, const QList<Demand> &demands, const BatchOutcome &outcome)
{
    for (int i : outcome.order) {
        const auto r = state.commit(demands[i], *outcome.decisions[i].choice);
        if (!r)
            qFatal("batch commit refused: %s", qPrintable(r.error().message()));
    }
}

// Batches take two paths: partitions bound to one pack zone are filled host
// by host, the others are placed one by one, largest first.
void addBatchPaths()
{
    QTest::addColumn<QString>("zoneName");
    QTest::newRow("one by one") << QString();
    QTest::newRow("pack-zone fill") << QStringLiteral("z1");
}

} // namespace

class TestPlacementEngine : public QObject
{
    Q_OBJECT

private slots:
    void rejectsHostsThatDoNotTakePartitions();
    void rejectsHostsOutsideTheZone();
    void rejectsWrongQosClass();
    void rejectsWrongSiteAndRoom();
    void rejectsRackHoldingGroup();
    void rejectsTooFewCores();
    void rejectsTooLittleMemory();
    void rejectsLinkWithoutBandwidth();
    void rejectsZoneOverBandwidthBudget();
    void explainListsEveryRejectedHost();
    void fastPathBuildsNoReasonsButExplainsFailure();
    void packChoosesTheFullestHostThatFits();
    void packOpensTheLargestEmptyHost();
    void spreadChoosesTheHostWithMostFree();
    void degradedHostOnlyWhenNoUpHostFits();
    void batchFillsDegradedHostsLast();
    void overcommitCountsEffectiveCores();
    void haHeadroomRefusesAdmission();
    void linkGuaranteesNeverExceedCapacityInABatch_data();
    void linkGuaranteesNeverExceedCapacityInABatch();
    void locationRulesSteerThePlacement();
    void requiredHostAffinityJoinsTheGroup();
    void requiredRackAffinityStaysInTheRack();
    void preferredAffinityOutweighsSpread();
    void batchAnchorsRequiredAffinityGroupOnAHostThatHoldsIt();
    void antiAffinityNeverSharesAHost();
    void antiAffinityBatchSpreadsMembers_data();
    void antiAffinityBatchSpreadsMembers();
    void unsatisfiableAntiAffinityGroupIsRefusedUpFront();
    void perGroupAtomicityPlacesTheOthers();
    void batchLargestFirstBeatsInputOrder_data();
    void batchLargestFirstBeatsInputOrder();
    void fillBalancesCoresAndMemoryInPackZones();
    void perGroupAtomicityGivesBackWhatTheFillTook();
    void batchHonoursPriorityBeforeSize();
    void batchAllOrNothingWhenOneDoesNotFit();
    void commitAndReleaseRoundTrip();
    void commitRefusesAStaleChoice();
    void badDemandsAreRefused_data();
    void badDemandsAreRefused();
    void bandwidthAboveEveryLinkIsRefused();
    void unknownZoneAndEmptyZoneAreRefused();
    void badBatchIsRefusedWhole();
    void badStateIsRefused();
};

void TestPlacementEngine::rejectsHostsThatDoNotTakePartitions()
{
    auto h1 = host(QStringLiteral("h1"), QStringLiteral("z1"), 8, 8 * GiB);
    auto h2 = host(QStringLiteral("h2"), QStringLiteral("z1"), 8, 8 * GiB);
    auto h3 = host(QStringLiteral("h3"), QStringLiteral("z1"), 8, 8 * GiB);
    auto h4 = host(QStringLiteral("h4"), QStringLiteral("z1"), 8, 8 * GiB);
    h2.state = HostState::Maintenance;
    h3.state = HostState::Failed;
    h4.state = HostState::Unreachable;
    const auto state = makeState({h1, h2, h3, h4});
    const auto d = PlacementEngine::chooseHost(demand(QStringLiteral("web1"), 1, 1024), state, PlacementEngine::Explain::Always);
    QVERIFY(d.placed());
    QCOMPARE(d.choice->host, QStringLiteral("h1"));
    QCOMPARE(reasonFor(d, QStringLiteral("h2")), QStringLiteral("h2: host is in maintenance"));
    QCOMPARE(reasonFor(d, QStringLiteral("h3")), QStringLiteral("h3: host is failed"));
    QCOMPARE(reasonFor(d, QStringLiteral("h4")), QStringLiteral("h4: host is unreachable"));
    QCOMPARE(rejectionFor(d, QStringLiteral("h3"))->reason, RejectionReason::HostState);
    QCOMPARE(d.rejections.size(), 3);
}

void TestPlacementEngine::rejectsHostsOutsideTheZone()
{
    const auto state = makeState({host(QStringLiteral("h1"), QStringLiteral("z1"), 8, 8 * GiB),
                                  host(QStringLiteral("h3"), QStringLiteral("z2"), 8, 8 * GiB),
                                  host(QStringLiteral("h4"), QStringLiteral("z3"), 8, 8 * GiB)});
    const auto d = PlacementEngine::chooseHost(demand(QStringLiteral("web1"), 1, 1024, QStringLiteral("z1")), state,
                                               PlacementEngine::Explain::Always);
    QCOMPARE(d.choice->host, QStringLiteral("h1"));
    QCOMPARE(reasonFor(d, QStringLiteral("h3")), QStringLiteral("h3: not in zone z1"));
    QCOMPARE(rejectionFor(d, QStringLiteral("h3"))->reason, RejectionReason::Zone);

    auto twoZones = demand(QStringLiteral("web2"), 1, 1024);
    twoZones.zones = {QStringLiteral("z1"), QStringLiteral("z2")};
    const auto d2 = PlacementEngine::chooseHost(twoZones, state, PlacementEngine::Explain::Always);
    QCOMPARE(reasonFor(d2, QStringLiteral("h4")), QStringLiteral("h4: not in zone z1 or z2"));
    QCOMPARE(d2.choice->eligibleHosts, 2);
}

void TestPlacementEngine::rejectsWrongQosClass()
{
    auto silver = zone(QStringLiteral("z1"));
    silver.qosClass = QStringLiteral("silver");
    auto gold = zone(QStringLiteral("z2"));
    gold.qosClass = QStringLiteral("gold");
    auto h2 = host(QStringLiteral("h2"), QStringLiteral("z1"), 8, 8 * GiB);
    h2.qosClasses = {QStringLiteral("bronze"), QStringLiteral("silver")};
    const auto state = makeState({host(QStringLiteral("h1"), QStringLiteral("z2"), 8, 8 * GiB), h2,
                                  host(QStringLiteral("h3"), QStringLiteral("z1"), 8, 8 * GiB)},
                                 {silver, gold});
    auto d = demand(QStringLiteral("db1"), 1, 1024);
    d.qosClass = QStringLiteral("gold");
    const auto decision = PlacementEngine::chooseHost(d, state, PlacementEngine::Explain::Always);
    QCOMPARE(decision.choice->host, QStringLiteral("h1"));
    QCOMPARE(reasonFor(decision, QStringLiteral("h3")), QStringLiteral("h3: qos class gold needed, zone offers silver"));
    QCOMPARE(reasonFor(decision, QStringLiteral("h2")), QStringLiteral("h2: qos class gold needed, host offers bronze, silver"));
    QCOMPARE(rejectionFor(decision, QStringLiteral("h3"))->reason, RejectionReason::QosClass);
}

void TestPlacementEngine::rejectsWrongSiteAndRoom()
{
    auto h1 = host(QStringLiteral("h1"), QStringLiteral("z1"), 8, 8 * GiB);
    auto h2 = host(QStringLiteral("h2"), QStringLiteral("z1"), 8, 8 * GiB);
    auto h3 = host(QStringLiteral("h3"), QStringLiteral("z1"), 8, 8 * GiB);
    h2.location.room = QStringLiteral("room2");
    h3.location.site = QStringLiteral("lab");
    const auto state = makeState({h1, h2, h3});
    auto d = demand(QStringLiteral("web1"), 1, 1024);
    d.site = QStringLiteral("dc1");
    d.room = QStringLiteral("room2");
    const auto decision = PlacementEngine::chooseHost(d, state, PlacementEngine::Explain::Always);
    QCOMPARE(decision.choice->host, QStringLiteral("h2"));
    QCOMPARE(reasonFor(decision, QStringLiteral("h3")), QStringLiteral("h3: site is lab, must be dc1"));
    QCOMPARE(reasonFor(decision, QStringLiteral("h1")), QStringLiteral("h1: room is room1, must be room2"));
    QCOMPARE(rejectionFor(decision, QStringLiteral("h3"))->reason, RejectionReason::Site);
    QCOMPARE(rejectionFor(decision, QStringLiteral("h1"))->reason, RejectionReason::Room);
}

void TestPlacementEngine::rejectsRackHoldingGroup()
{
    auto h1 = host(QStringLiteral("h1"), QStringLiteral("z1"), 8, 8 * GiB, QStringLiteral("r11"));
    auto h2 = host(QStringLiteral("h2"), QStringLiteral("z1"), 8, 8 * GiB, QStringLiteral("r12"));
    auto h3 = host(QStringLiteral("h3"), QStringLiteral("z1"), 8, 8 * GiB, QStringLiteral("r12"));
    h2.residents = {{QStringLiteral("db1"), {}, QStringLiteral("db")}};
    h2.coresFree = 6;
    h2.memoryFreeMib = 6 * GiB;
    const auto state = makeState({h1, h2, h3});
    auto d = demand(QStringLiteral("backup1"), 1, 1024);
    d.notInRackOfGroups = {QStringLiteral("db")};
    const auto decision = PlacementEngine::chooseHost(d, state, PlacementEngine::Explain::Always);
    QCOMPARE(decision.choice->host, QStringLiteral("h1"));
    // h3 holds no member itself: its rack does.
    QCOMPARE(reasonFor(decision, QStringLiteral("h3")), QStringLiteral("h3: rack r12 holds group db"));
    QCOMPARE(reasonFor(decision, QStringLiteral("h2")), QStringLiteral("h2: rack r12 holds group db"));
    QCOMPARE(rejectionFor(decision, QStringLiteral("h3"))->reason, RejectionReason::RackHoldsGroup);
}

void TestPlacementEngine::rejectsTooFewCores()
{
    auto h1 = host(QStringLiteral("h1"), QStringLiteral("z1"), 8, 8 * GiB);
    auto h2 = host(QStringLiteral("h2"), QStringLiteral("z1"), 8, 8 * GiB);
    auto h3 = host(QStringLiteral("h3"), QStringLiteral("z1"), 8, 8 * GiB);
    h2.coresFree = 1;
    h3.coresFree = 2;
    const auto state = makeState({h1, h2, h3});
    const auto d = PlacementEngine::chooseHost(demand(QStringLiteral("web1"), 4, 1024), state, PlacementEngine::Explain::Always);
    QCOMPARE(d.choice->host, QStringLiteral("h1"));
    QCOMPARE(reasonFor(d, QStringLiteral("h3")), QStringLiteral("h3: 2 cores free, 4 needed"));
    QCOMPARE(reasonFor(d, QStringLiteral("h2")), QStringLiteral("h2: 1 core free, 4 needed"));
    QCOMPARE(rejectionFor(d, QStringLiteral("h3"))->reason, RejectionReason::Cores);
}

void TestPlacementEngine::rejectsTooLittleMemory()
{
    auto h3 = host(QStringLiteral("h3"), QStringLiteral("z1"), 8, 8 * GiB);
    h3.memoryFreeMib = 512;
    const auto state = makeState({host(QStringLiteral("h1"), QStringLiteral("z1"), 8, 8 * GiB), h3});
    const auto d = PlacementEngine::chooseHost(demand(QStringLiteral("web1"), 1, 2048), state, PlacementEngine::Explain::Always);
    QCOMPARE(d.choice->host, QStringLiteral("h1"));
    QCOMPARE(reasonFor(d, QStringLiteral("h3")), QStringLiteral("h3: 512 MiB free, 2048 MiB needed"));
    QCOMPARE(rejectionFor(d, QStringLiteral("h3"))->reason, RejectionReason::Memory);
}

void TestPlacementEngine::rejectsLinkWithoutBandwidth()
{
    auto h1 = host(QStringLiteral("h1"), QStringLiteral("z1"), 8, 8 * GiB);
    auto h2 = host(QStringLiteral("h2"), QStringLiteral("z1"), 8, 8 * GiB);
    auto h3 = host(QStringLiteral("h3"), QStringLiteral("z1"), 8, 8 * GiB);
    h1.links = {{QStringLiteral("eth0"), 1000, 100}, {QStringLiteral("eth1"), 1000, 400}};
    h2.links = {};
    h3.links = {{QStringLiteral("eth0"), 1000, 800}, {QStringLiteral("eth1"), 1000, 900}};
    const auto state = makeState({h1, h2, h3});
    auto d = demand(QStringLiteral("web1"), 1, 1024);
    d.bandwidthMbps = 500;
    const auto decision = PlacementEngine::chooseHost(d, state, PlacementEngine::Explain::Always);
    QCOMPARE(decision.choice->host, QStringLiteral("h1"));
    QCOMPARE(decision.choice->link, QStringLiteral("eth0")); // the link with the most left
    // The best link of h3 is named: eth0 with 200 left.
    QCOMPARE(reasonFor(decision, QStringLiteral("h3")), QStringLiteral("h3: link eth0 has 200 Mbps unguaranteed, 500 needed"));
    QCOMPARE(reasonFor(decision, QStringLiteral("h2")), QStringLiteral("h2: no network links, 500 Mbps needed"));
    QCOMPARE(rejectionFor(decision, QStringLiteral("h3"))->reason, RejectionReason::LinkBandwidth);
    QCOMPARE(rejectionFor(decision, QStringLiteral("h2"))->reason, RejectionReason::NoLinks);
}

void TestPlacementEngine::rejectsZoneOverBandwidthBudget()
{
    auto z1 = zone(QStringLiteral("z1"));
    z1.bandwidthBudgetMbps = 1000;
    auto h1 = host(QStringLiteral("h1"), QStringLiteral("z1"), 8, 8 * GiB);
    h1.links = {{QStringLiteral("eth0"), 10000, 700}};
    auto state = makeState({h1, host(QStringLiteral("h3"), QStringLiteral("z1"), 8, 8 * GiB)}, {z1});
    auto d = demand(QStringLiteral("web1"), 1, 1024, QStringLiteral("z1"));
    d.bandwidthMbps = 500;
    const auto decision = PlacementEngine::chooseHost(d, state);
    QVERIFY(!decision.placed());
    QCOMPARE(decision.error.code(), proto::ERROR_INSUFFICIENT_RESOURCES);
    QCOMPARE(reasonFor(decision, QStringLiteral("h3")),
             QStringLiteral("h3: zone z1 has 300 Mbps of its bandwidth budget left, 500 needed"));
    QCOMPARE(rejectionFor(decision, QStringLiteral("h3"))->reason, RejectionReason::ZoneBandwidthBudget);
    d.bandwidthMbps = 300;
    QVERIFY(placeAndCommit(state, d).placed());
    d.name = QStringLiteral("web2");
    d.bandwidthMbps = 1;
    QVERIFY(!PlacementEngine::chooseHost(d, state).placed());
}

void TestPlacementEngine::explainListsEveryRejectedHost()
{
    QList<HostModel> hosts;
    for (int i = 1; i <= 12; ++i)
        hosts.append(host(QStringLiteral("h%1").arg(i), i <= 6 ? QStringLiteral("z1") : QStringLiteral("z2"), 4, 4 * GiB));
    hosts[2].state = HostState::Failed;
    const auto state = makeState(hosts);
    const auto d = PlacementEngine::chooseHost(demand(QStringLiteral("web1"), 2, 1024, QStringLiteral("z1")), state,
                                               PlacementEngine::Explain::Always);
    QVERIFY(d.placed());
    QCOMPARE(d.choice->eligibleHosts, 5);
    QCOMPARE(d.rejections.size(), 7); // one failed, six in z2
    // In natural name order: h3 before h10.
    QCOMPARE(d.rejections.first().text, QStringLiteral("h3: host is failed"));
    QCOMPARE(d.rejections.last().text, QStringLiteral("h12: not in zone z1"));
}

void TestPlacementEngine::fastPathBuildsNoReasonsButExplainsFailure()
{
    auto h2 = host(QStringLiteral("h2"), QStringLiteral("z1"), 4, 4 * GiB);
    h2.state = HostState::Failed;
    const auto state = makeState({host(QStringLiteral("h1"), QStringLiteral("z1"), 4, 4 * GiB), h2});
    const auto ok = PlacementEngine::chooseHost(demand(QStringLiteral("web1"), 2, 1024), state);
    QVERIFY(ok.placed());
    QVERIFY(ok.rejections.isEmpty());
    const auto tooBig = PlacementEngine::chooseHost(demand(QStringLiteral("web2"), 8, 1024), state);
    QVERIFY(!tooBig.placed());
    QCOMPARE(tooBig.rejections.size(), 2);
    QCOMPARE(reasonFor(tooBig, QStringLiteral("h1")), QStringLiteral("h1: 4 cores free, 8 needed"));
    QCOMPARE(reasonFor(tooBig, QStringLiteral("h2")), QStringLiteral("h2: host is failed"));
    QCOMPARE(tooBig.error.message(),
             QStringLiteral("No host can take partition web2 (8 vCPUs, 1024 MiB); all 2 hosts were rejected, for the reasons "
                            "listed. No host has 8 cores; the largest has 4."));
}

void TestPlacementEngine::packChoosesTheFullestHostThatFits()
{
    auto h1 = host(QStringLiteral("h1"), QStringLiteral("z1"), 16, 64 * GiB);
    auto h2 = host(QStringLiteral("h2"), QStringLiteral("z1"), 16, 64 * GiB);
    auto h3 = host(QStringLiteral("h3"), QStringLiteral("z1"), 16, 64 * GiB);
    h2.coresFree = 4; // the fullest that still fits
    h2.memoryFreeMib = 16 * GiB;
    h3.coresFree = 10;
    h3.memoryFreeMib = 40 * GiB;
    const auto state = makeState({h1, h2, h3}, {zone(QStringLiteral("z1"), AllocationPolicy::Pack)});
    const auto d = PlacementEngine::chooseHost(demand(QStringLiteral("web1"), 2, 8 * GiB, QStringLiteral("z1")), state);
    QCOMPARE(d.choice->host, QStringLiteral("h2"));
    QVERIFY(d.choice->score >= 2.0);
    // Too big for h2: the next fullest, still not the empty host.
    const auto d2 = PlacementEngine::chooseHost(demand(QStringLiteral("web2"), 6, 8 * GiB, QStringLiteral("z1")), state);
    QCOMPARE(d2.choice->host, QStringLiteral("h3"));
}

void TestPlacementEngine::packOpensTheLargestEmptyHost()
{
    const auto state = makeState({host(QStringLiteral("h1"), QStringLiteral("z1"), 8, 32 * GiB),
                                  host(QStringLiteral("h2"), QStringLiteral("z1"), 32, 256 * GiB),
                                  host(QStringLiteral("h3"), QStringLiteral("z1"), 16, 128 * GiB)});
    const auto d = PlacementEngine::chooseHost(demand(QStringLiteral("web1"), 2, 4 * GiB), state);
    QCOMPARE(d.choice->host, QStringLiteral("h2"));
    QCOMPARE(d.choice->score, 1.0);
}

void TestPlacementEngine::spreadChoosesTheHostWithMostFree()
{
    auto h1 = host(QStringLiteral("h1"), QStringLiteral("z1"), 16, 64 * GiB);
    auto h2 = host(QStringLiteral("h2"), QStringLiteral("z1"), 16, 64 * GiB);
    auto h3 = host(QStringLiteral("h3"), QStringLiteral("z1"), 16, 64 * GiB);
    h1.coresFree = 4;
    h1.memoryFreeMib = 16 * GiB;
    h2.coresFree = 14; // most cores free but memory nearly gone: min() sees that
    h2.memoryFreeMib = 12 * GiB;
    h3.coresFree = 12;
    h3.memoryFreeMib = 48 * GiB;
    const auto state = makeState({h1, h2, h3}, {zone(QStringLiteral("z1"), AllocationPolicy::Spread)});
    PlacementState spreading = state;
    const auto d = placeAndCommit(spreading, demand(QStringLiteral("web1"), 2, 4 * GiB, QStringLiteral("z1")));
    QCOMPARE(d.choice->host, QStringLiteral("h3"));

    // Same hosts under pack: the fullest, h1.
    auto packedState = makeState({h1, h2, h3}, {zone(QStringLiteral("z1"), AllocationPolicy::Pack)});
    QCOMPARE(PlacementEngine::chooseHost(demand(QStringLiteral("web1"), 2, 4 * GiB), packedState).choice->host, QStringLiteral("h1"));

    // Spread keeps balancing: ten more small partitions never pile on one host.
    for (int i = 2; i <= 11; ++i)
        QVERIFY(placeAndCommit(spreading, demand(QStringLiteral("web%1").arg(i), 1, 2 * GiB, QStringLiteral("z1"))).placed());
    const auto &hosts = spreading.hosts();
    QVERIFY(hosts[2].memoryFreeMib > 12 * GiB); // h3 took some, not all
    QVERIFY(hosts[2].residents.size() < 11);
}

void TestPlacementEngine::degradedHostOnlyWhenNoUpHostFits()
{
    auto h1 = host(QStringLiteral("h1"), QStringLiteral("z1"), 32, 64 * GiB);
    h1.state = HostState::Degraded;
    auto h2 = host(QStringLiteral("h2"), QStringLiteral("z1"), 4, 8 * GiB);
    h2.coresFree = 3;
    h2.memoryFreeMib = 6 * GiB;
    const auto state = makeState({h1, h2});
    const auto small = PlacementEngine::chooseHost(demand(QStringLiteral("web1"), 2, 2 * GiB), state);
    QCOMPARE(small.choice->host, QStringLiteral("h2"));
    QVERIFY(!small.choice->degraded);
    const auto large = PlacementEngine::chooseHost(demand(QStringLiteral("web2"), 8, 2 * GiB), state);
    QCOMPARE(large.choice->host, QStringLiteral("h1"));
    QVERIFY(large.choice->degraded);
}

void TestPlacementEngine::batchFillsDegradedHostsLast()
{
    auto h1 = host(QStringLiteral("h1"), QStringLiteral("z1"), 32, 64 * GiB);
    h1.state = HostState::Degraded;
    const auto state = makeState({h1, host(QStringLiteral("h2"), QStringLiteral("z1"), 4, 8 * GiB)});
    const QList<Demand> demands = {demand(QStringLiteral("a"), 2, GiB, QStringLiteral("z1")),
                                   demand(QStringLiteral("b"), 2, GiB, QStringLiteral("z1")),
                                   demand(QStringLiteral("c"), 2, GiB, QStringLiteral("z1"))};
    const auto outcome = PlacementEngine::placeBatch(demands, state);
    QVERIFY(outcome.complete);
    QCOMPARE(outcome.decisions[0].choice->host, QStringLiteral("h2"));
    QCOMPARE(outcome.decisions[1].choice->host, QStringLiteral("h2"));
    QCOMPARE(outcome.decisions[2].choice->host, QStringLiteral("h1")); // the up host is full
    QVERIFY(outcome.decisions[2].choice->degraded);
}

void TestPlacementEngine::overcommitCountsEffectiveCores()
{
    auto z1 = zone(QStringLiteral("z1"));
    z1.coreOvercommit = 2.0;
    auto state = makeState({host(QStringLiteral("h1"), QStringLiteral("z1"), 4, 64 * GiB)}, {z1});
    // 6 vCPUs on 4 cores: allowed at 2:1.
    QVERIFY(placeAndCommit(state, demand(QStringLiteral("web1"), 6, 4 * GiB)).placed());
    QCOMPARE(state.hosts().first().coresFree, -2); // two more vCPUs than cores
    const auto d = PlacementEngine::chooseHost(demand(QStringLiteral("web2"), 4, 4 * GiB), state);
    QVERIFY(!d.placed());
    QCOMPARE(reasonFor(d, QStringLiteral("h1")), QStringLiteral("h1: 2 cores free, 4 needed"));
    QVERIFY(placeAndCommit(state, demand(QStringLiteral("web3"), 2, 4 * GiB)).placed());
    // Memory is never overcommitted.
    const auto m = PlacementEngine::chooseHost(demand(QStringLiteral("web4"), 1, 57 * GiB), state);
    QCOMPARE(reasonFor(m, QStringLiteral("h1")), QStringLiteral("h1: 0 cores free, 1 needed"));
    auto wide = makeState({host(QStringLiteral("h1"), QStringLiteral("z1"), 4, 64 * GiB)}, {z1});
    const auto m2 = PlacementEngine::chooseHost(demand(QStringLiteral("web4"), 1, 65 * GiB), wide);
    QCOMPARE(reasonFor(m2, QStringLiteral("h1")), QStringLiteral("h1: 65536 MiB free, 66560 MiB needed"));

    // Without overcommit the same host stops at 4.
    auto plain = makeState({host(QStringLiteral("h1"), QStringLiteral("z1"), 4, 64 * GiB)});
    QCOMPARE(reasonFor(PlacementEngine::chooseHost(demand(QStringLiteral("web1"), 6, 4 * GiB), plain), QStringLiteral("h1")),
             QStringLiteral("h1: 4 cores free, 6 needed"));
}

void TestPlacementEngine::haHeadroomRefusesAdmission()
{
    auto z1 = zone(QStringLiteral("z1"));
    z1.haHeadroom = 0.125; // of 8 GiB: 1024 MiB kept free
    auto state = makeState({host(QStringLiteral("h1"), QStringLiteral("z1"), 16, 4 * GiB),
                            host(QStringLiteral("h2"), QStringLiteral("z1"), 16, 4 * GiB),
                            host(QStringLiteral("h3"), QStringLiteral("z1"), 16, 4 * GiB)},
                           {z1});
    // Three hosts: 12 GiB, 1536 MiB kept free.
    QCOMPARE(state.haReservedMemoryMib(QStringLiteral("z1")), 1536u);
    QCOMPARE(state.haReservedCores(QStringLiteral("z1")), 6);
    QVERIFY(placeAndCommit(state, demand(QStringLiteral("a"), 1, 4 * GiB)).placed());
    QVERIFY(placeAndCommit(state, demand(QStringLiteral("b"), 1, 4 * GiB)).placed());
    QVERIFY(placeAndCommit(state, demand(QStringLiteral("c"), 1, 2560)).placed()); // 1536 MiB left: exactly the headroom
    const auto d = PlacementEngine::chooseHost(demand(QStringLiteral("d"), 1, 512, QStringLiteral("z1")), state);
    QVERIFY(!d.placed());
    QCOMPARE(d.rejections.size(), 3);
    // The host with room for it is refused by admission control, the full
    // ones by their own memory.
    const QString third = state.hosts()[2].memoryFreeMib > 0 ? QStringLiteral("h3") : QStringLiteral("h1");
    QCOMPARE(reasonFor(d, third), QStringLiteral("%1: would eat into the HA headroom of zone z1 (1536 MiB kept free)").arg(third));
    QCOMPARE(rejectionFor(d, third)->reason, RejectionReason::HaHeadroomMemory);

    // Cores: 48 cores, 6 kept free.
    auto cores = makeState({host(QStringLiteral("h1"), QStringLiteral("z1"), 16, 64 * GiB),
                            host(QStringLiteral("h2"), QStringLiteral("z1"), 16, 64 * GiB),
                            host(QStringLiteral("h3"), QStringLiteral("z1"), 16, 64 * GiB)},
                           {z1});
    QVERIFY(placeAndCommit(cores, demand(QStringLiteral("a"), 16, 1024)).placed());
    QVERIFY(placeAndCommit(cores, demand(QStringLiteral("b"), 16, 1024)).placed());
    QVERIFY(placeAndCommit(cores, demand(QStringLiteral("c"), 10, 1024)).placed());
    const auto dc = PlacementEngine::chooseHost(demand(QStringLiteral("d"), 1, 1024), cores);
    QVERIFY(!dc.placed());
    QCOMPARE(dc.rejections.first().text, QStringLiteral("h1: 0 cores free, 1 needed"));
    QCOMPARE(dc.rejections.last().text, QStringLiteral("h3: would eat into the HA headroom of zone z1 (6 cores kept free)"));
}

void TestPlacementEngine::linkGuaranteesNeverExceedCapacityInABatch_data()
{
    addBatchPaths();
}

void TestPlacementEngine::linkGuaranteesNeverExceedCapacityInABatch()
{
    QFETCH(QString, zoneName);
    QList<HostModel> hosts;
    for (int i = 1; i <= 3; ++i) {
        auto h = host(QStringLiteral("h%1").arg(i), QStringLiteral("z1"), 64, 256 * GiB);
        h.links = {{QStringLiteral("eth0"), 1000, 0}, {QStringLiteral("eth1"), 1000, 0}};
        hosts.append(h);
    }
    const auto state = makeState(hosts);
    QList<Demand> demands;
    for (int i = 1; i <= 20; ++i) {
        auto d = demand(QStringLiteral("p%1").arg(i), 1, 1024, zoneName);
        d.bandwidthMbps = 300; // 3 per link fit: 18 of 20
        demands.append(d);
    }
    const auto atomic = PlacementEngine::placeBatch(demands, state);
    QVERIFY(!atomic.complete);
    QVERIFY(atomic.order.isEmpty());
    for (const auto &d : atomic.decisions)
        QVERIFY(!d.placed());
    QCOMPARE(atomic.error.code(), proto::ERROR_INSUFFICIENT_RESOURCES);

    BatchOptions options;
    options.atomicity = BatchAtomicity::PerGroup;
    const auto outcome = PlacementEngine::placeBatch(demands, state, options);
    QVERIFY(!outcome.complete);
    QCOMPARE(outcome.order.size(), 18);
    int failed = 0;
    for (const auto &d : outcome.decisions) {
        if (d.placed())
            continue;
        ++failed;
        QCOMPARE(d.rejections.size(), 3);
        for (const auto &r : d.rejections)
            QVERIFY2(r.text.endsWith(QStringLiteral(": link eth0 has 100 Mbps unguaranteed, 300 needed")), qPrintable(r.text));
    }
    QCOMPARE(failed, 2);
    PlacementState after = state;
    commitBatch(after, demands, outcome);
    for (const auto &h : after.hosts())
        for (const auto &l : h.links) {
            QVERIFY(l.guaranteedMbps <= l.capacityMbps);
            QCOMPARE(l.guaranteedMbps, 900u);
        }
}

void TestPlacementEngine::locationRulesSteerThePlacement()
{
    auto a1 = host(QStringLiteral("a1"), QStringLiteral("z1"), 8, 8 * GiB, QStringLiteral("r1"));
    auto a2 = host(QStringLiteral("a2"), QStringLiteral("z1"), 8, 8 * GiB, QStringLiteral("r2"));
    auto b1 = host(QStringLiteral("b1"), QStringLiteral("z1"), 8, 8 * GiB, QStringLiteral("r1"));
    b1.location.site = QStringLiteral("dc2");
    auto state = makeState({a1, a2, b1});
    auto db = demand(QStringLiteral("db1"), 1, 1024);
    db.antiAffinityGroup = QStringLiteral("db");
    db.site = QStringLiteral("dc1");
    const auto first = placeAndCommit(state, db);
    QCOMPARE(first.choice->host, QStringLiteral("a1"));
    // Rack r1 of dc1 holds db; rack r1 of dc2 is another rack.
    auto backup = demand(QStringLiteral("backup1"), 1, 1024);
    backup.notInRackOfGroups = {QStringLiteral("db")};
    const auto d = PlacementEngine::chooseHost(backup, state, PlacementEngine::Explain::Always);
    QCOMPARE(reasonFor(d, QStringLiteral("a1")), QStringLiteral("a1: rack r1 holds group db"));
    QCOMPARE(reasonFor(d, QStringLiteral("b1")), QString());
    QCOMPARE(d.choice->eligibleHosts, 2);
    backup.site = QStringLiteral("dc2");
    QCOMPARE(PlacementEngine::chooseHost(backup, state).choice->host, QStringLiteral("b1"));
    backup.site = QStringLiteral("dc9");
    const auto nowhere = PlacementEngine::chooseHost(backup, state);
    QVERIFY(!nowhere.placed());
    QCOMPARE(reasonFor(nowhere, QStringLiteral("b1")), QStringLiteral("b1: site is dc2, must be dc9"));
}

void TestPlacementEngine::requiredHostAffinityJoinsTheGroup()
{
    auto h1 = host(QStringLiteral("h1"), QStringLiteral("z1"), 16, 64 * GiB);
    auto h2 = host(QStringLiteral("h2"), QStringLiteral("z1"), 16, 64 * GiB);
    h2.residents = {{QStringLiteral("app1"), QStringLiteral("app"), {}}};
    h2.coresFree = 14;
    h2.memoryFreeMib = 60 * GiB;
    auto h3 = host(QStringLiteral("h3"), QStringLiteral("z1"), 16, 64 * GiB);
    h3.coresFree = 2; // fullest: pack would take it
    h3.memoryFreeMib = 8 * GiB;
    const auto state = makeState({h1, h2, h3});
    auto d = demand(QStringLiteral("app2"), 1, 1024);
    d.affinityGroup = QStringLiteral("app");
    d.affinityStrength = AffinityStrength::Required;
    const auto decision = PlacementEngine::chooseHost(d, state, PlacementEngine::Explain::Always);
    QCOMPARE(decision.choice->host, QStringLiteral("h2"));
    QCOMPARE(reasonFor(decision, QStringLiteral("h3")), QStringLiteral("h3: affinity group app runs on h2, not here"));
    QCOMPARE(rejectionFor(decision, QStringLiteral("h3"))->reason, RejectionReason::AffinityHost);
    // A group with no member anywhere constrains nothing.
    d.affinityGroup = QStringLiteral("fresh");
    QCOMPARE(PlacementEngine::chooseHost(d, state).choice->host, QStringLiteral("h3"));
}

void TestPlacementEngine::requiredRackAffinityStaysInTheRack()
{
    auto h1 = host(QStringLiteral("h1"), QStringLiteral("z1"), 16, 64 * GiB, QStringLiteral("r1"));
    h1.residents = {{QStringLiteral("app1"), QStringLiteral("app"), {}}};
    h1.coresFree = 0; // full: a rack mate has to take the next one
    auto h2 = host(QStringLiteral("h2"), QStringLiteral("z1"), 16, 64 * GiB, QStringLiteral("r1"));
    auto h3 = host(QStringLiteral("h3"), QStringLiteral("z1"), 16, 64 * GiB, QStringLiteral("r2"));
    h3.coresFree = 4;
    h3.memoryFreeMib = 16 * GiB;
    const auto state = makeState({h1, h2, h3});
    auto d = demand(QStringLiteral("app2"), 2, 1024);
    d.affinityGroup = QStringLiteral("app");
    d.affinityScope = AffinityScope::Rack;
    d.affinityStrength = AffinityStrength::Required;
    const auto decision = PlacementEngine::chooseHost(d, state, PlacementEngine::Explain::Always);
    QCOMPARE(decision.choice->host, QStringLiteral("h2"));
    QCOMPARE(reasonFor(decision, QStringLiteral("h3")), QStringLiteral("h3: rack r2 does not hold affinity group app (in rack r1)"));
    QCOMPARE(reasonFor(decision, QStringLiteral("h1")), QStringLiteral("h1: 0 cores free, 2 needed"));
}

void TestPlacementEngine::preferredAffinityOutweighsSpread()
{
    auto h1 = host(QStringLiteral("h1"), QStringLiteral("z1"), 16, 64 * GiB);
    auto h2 = host(QStringLiteral("h2"), QStringLiteral("z1"), 16, 64 * GiB);
    h2.residents = {{QStringLiteral("cache1"), QStringLiteral("cache"), {}}};
    h2.coresFree = 8;
    h2.memoryFreeMib = 32 * GiB;
    const auto state = makeState({h1, h2}, {zone(QStringLiteral("z1"), AllocationPolicy::Spread)});
    auto d = demand(QStringLiteral("cache2"), 2, 4 * GiB);
    QCOMPARE(PlacementEngine::chooseHost(d, state).choice->host, QStringLiteral("h1")); // spread alone
    d.affinityGroup = QStringLiteral("cache");
    const auto together = PlacementEngine::chooseHost(d, state, PlacementEngine::Explain::Always);
    QCOMPARE(together.choice->host, QStringLiteral("h2"));
    QVERIFY(together.rejections.isEmpty()); // preferred rejects nobody
    // When the member's host is full, preference yields.
    d.vcpus = 12;
    QCOMPARE(PlacementEngine::chooseHost(d, state).choice->host, QStringLiteral("h1"));
}

void TestPlacementEngine::batchAnchorsRequiredAffinityGroupOnAHostThatHoldsIt()
{
    auto h1 = host(QStringLiteral("h1"), QStringLiteral("z1"), 16, 64 * GiB);
    auto h2 = host(QStringLiteral("h2"), QStringLiteral("z1"), 16, 64 * GiB);
    h2.coresFree = 4; // used, so pack would pick it for the first member alone
    h2.memoryFreeMib = 32 * GiB;
    const auto state = makeState({h1, h2});
    QList<Demand> demands;
    for (int i = 1; i <= 3; ++i) {
        auto d = demand(QStringLiteral("app%1").arg(i), 2, 2 * GiB);
        d.affinityGroup = QStringLiteral("app");
        d.affinityStrength = AffinityStrength::Required;
        demands.append(d);
    }
    const auto outcome = PlacementEngine::placeBatch(demands, state);
    QVERIFY(outcome.complete);
    for (const auto &d : outcome.decisions)
        QCOMPARE(d.choice->host, QStringLiteral("h1"));

    // One by one, the first member takes h2 and the group is stuck there.
    PlacementState oneByOne = state;
    QCOMPARE(placeAndCommit(oneByOne, demands[0]).choice->host, QStringLiteral("h2"));
    QCOMPARE(placeAndCommit(oneByOne, demands[1]).choice->host, QStringLiteral("h2"));
    const auto third = placeAndCommit(oneByOne, demands[2]);
    QVERIFY(!third.placed());
    QCOMPARE(reasonFor(third, QStringLiteral("h1")), QStringLiteral("h1: affinity group app runs on h2, not here"));

    // A group too big for every host is reported with the aggregate.
    demands.append(demand(QStringLiteral("app4"), 12, 2 * GiB));
    demands.last().affinityGroup = QStringLiteral("app");
    demands.last().affinityStrength = AffinityStrength::Required;
    const auto tooBig = PlacementEngine::placeBatch(demands, state);
    QVERIFY(!tooBig.complete);
    const auto &anchor = tooBig.decisions[3]; // the largest member goes first
    QVERIFY(!anchor.placed());
    QCOMPARE(reasonFor(anchor, QStringLiteral("h1")), QStringLiteral("h1: 16 cores free, affinity group app needs 18 together"));
    QCOMPARE(rejectionFor(anchor, QStringLiteral("h1"))->reason, RejectionReason::AffinityGroupCores);
}

void TestPlacementEngine::antiAffinityNeverSharesAHost()
{
    auto h1 = host(QStringLiteral("h1"), QStringLiteral("z1"), 16, 64 * GiB);
    auto h3 = host(QStringLiteral("h3"), QStringLiteral("z1"), 16, 64 * GiB);
    h3.residents = {{QStringLiteral("web1"), {}, QStringLiteral("web")}};
    h3.coresFree = 2;
    h3.memoryFreeMib = 8 * GiB;
    const auto state = makeState({h1, h3});
    auto d = demand(QStringLiteral("web2"), 1, 1024);
    d.antiAffinityGroup = QStringLiteral("web");
    const auto decision = PlacementEngine::chooseHost(d, state, PlacementEngine::Explain::Always);
    QCOMPARE(decision.choice->host, QStringLiteral("h1"));
    QCOMPARE(reasonFor(decision, QStringLiteral("h3")), QStringLiteral("h3: already runs web1 of anti-affinity group web"));
    QCOMPARE(rejectionFor(decision, QStringLiteral("h3"))->reason, RejectionReason::AntiAffinity);
}

void TestPlacementEngine::antiAffinityBatchSpreadsMembers_data()
{
    addBatchPaths();
}

void TestPlacementEngine::antiAffinityBatchSpreadsMembers()
{
    QFETCH(QString, zoneName);
    QList<HostModel> hosts;
    for (int i = 1; i <= 4; ++i)
        hosts.append(host(QStringLiteral("h%1").arg(i), QStringLiteral("z1"), 32, 128 * GiB));
    const auto state = makeState(hosts); // pack would put them all on one host
    QList<Demand> demands;
    for (int i = 1; i <= 4; ++i) {
        auto d = demand(QStringLiteral("web%1").arg(i), 2, 4 * GiB, zoneName);
        d.antiAffinityGroup = QStringLiteral("web");
        demands.append(d);
    }
    demands.append(demand(QStringLiteral("other"), 2, 4 * GiB, zoneName));
    const auto outcome = PlacementEngine::placeBatch(demands, state);
    QVERIFY(outcome.complete);
    QSet<QString> used;
    for (int i = 0; i < 4; ++i)
        used.insert(outcome.decisions[i].choice->host);
    QCOMPARE(used.size(), 4);
}

void TestPlacementEngine::unsatisfiableAntiAffinityGroupIsRefusedUpFront()
{
    auto h2 = host(QStringLiteral("h2"), QStringLiteral("z1"), 16, 64 * GiB);
    h2.residents = {{QStringLiteral("web0"), {}, QStringLiteral("web")}};
    auto h4 = host(QStringLiteral("h4"), QStringLiteral("z1"), 1, 64 * GiB); // too small for any member
    auto h5 = host(QStringLiteral("h5"), QStringLiteral("z1"), 16, 64 * GiB);
    h5.state = HostState::Failed;
    const auto state = makeState({host(QStringLiteral("h1"), QStringLiteral("z1"), 16, 64 * GiB), h2,
                                  host(QStringLiteral("h3"), QStringLiteral("z1"), 16, 64 * GiB), h4, h5});
    QList<Demand> demands;
    demands.append(demand(QStringLiteral("db1"), 2, 2 * GiB));
    for (int i = 1; i <= 3; ++i) {
        auto d = demand(QStringLiteral("web%1").arg(i), 2, 2 * GiB);
        d.antiAffinityGroup = QStringLiteral("web");
        demands.append(d);
    }
    const auto outcome = PlacementEngine::placeBatch(demands, state);
    QVERIFY(!outcome.complete);
    QVERIFY(outcome.order.isEmpty());
    const QString refusal = QStringLiteral("Anti-affinity group web cannot be satisfied: its 3 partitions need a host each, "
                                           "but only 2 hosts are eligible (h1, h3). None of them was placed.");
    for (int i = 1; i <= 3; ++i) {
        QVERIFY(!outcome.decisions[i].placed());
        QCOMPARE(outcome.decisions[i].error.message(), refusal);
        QCOMPARE(outcome.decisions[i].error.code(), proto::ERROR_FAILED_PRECONDITION);
    }
    // Start these together: nothing starts.
    QVERIFY(!outcome.decisions[0].placed());
    QCOMPARE(outcome.decisions[0].error.message(),
             QStringLiteral("Partition db1 was not placed: the batch is all or nothing and anti-affinity group web cannot be "
                            "satisfied."));
    QVERIFY(outcome.error.message().startsWith(QStringLiteral("Nothing in the batch was placed")));
}

void TestPlacementEngine::perGroupAtomicityPlacesTheOthers()
{
    const auto state = makeState({host(QStringLiteral("h1"), QStringLiteral("z1"), 16, 64 * GiB),
                                  host(QStringLiteral("h2"), QStringLiteral("z1"), 16, 64 * GiB)});
    QList<Demand> demands;
    for (int i = 1; i <= 3; ++i) {
        auto d = demand(QStringLiteral("web%1").arg(i), 2, 2 * GiB);
        d.antiAffinityGroup = QStringLiteral("web");
        demands.append(d);
    }
    // Linked to the web group through its affinity group: dropped with it.
    auto linked = demand(QStringLiteral("web-cache"), 1, 1024);
    linked.antiAffinityGroup = QStringLiteral("web");
    linked.affinityGroup = QStringLiteral("cache");
    auto cacheMate = demand(QStringLiteral("cache2"), 1, 1024);
    cacheMate.affinityGroup = QStringLiteral("cache");
    demands << linked << cacheMate << demand(QStringLiteral("solo"), 4, 4 * GiB);
    BatchOptions options;
    options.atomicity = BatchAtomicity::PerGroup;
    const auto outcome = PlacementEngine::placeBatch(demands, state, options);
    QVERIFY(!outcome.complete);
    for (int i = 0; i < 5; ++i)
        QVERIFY2(!outcome.decisions[i].placed(), qPrintable(demands[i].name));
    QVERIFY(outcome.decisions[4].error.message().contains(QStringLiteral("shares a group")));
    QVERIFY(outcome.decisions[5].placed());
    QCOMPARE(outcome.order, QList<int>{5});
}

void TestPlacementEngine::batchLargestFirstBeatsInputOrder_data()
{
    addBatchPaths();
}

void TestPlacementEngine::batchLargestFirstBeatsInputOrder()
{
    QFETCH(QString, zoneName);
    // Two 10 GiB hosts, partitions of 4, 4, 6 and 6 GiB: in input order the
    // two 4s share a host and the second 6 finds no room; largest first
    // pairs each 6 with a 4.
    const auto state = makeState({host(QStringLiteral("h1"), QStringLiteral("z1"), 16, 10 * GiB),
                                  host(QStringLiteral("h2"), QStringLiteral("z1"), 16, 10 * GiB)});
    const QList<Demand> demands = {demand(QStringLiteral("a"), 1, 4 * GiB, zoneName), demand(QStringLiteral("b"), 1, 4 * GiB, zoneName),
                                   demand(QStringLiteral("c"), 1, 6 * GiB, zoneName), demand(QStringLiteral("d"), 1, 6 * GiB, zoneName)};
    PlacementState inOrder = state;
    int placedInOrder = 0;
    QString lastReason;
    for (const auto &d : demands) {
        const auto decision = placeAndCommit(inOrder, d);
        if (decision.placed())
            ++placedInOrder;
        else
            lastReason = decision.rejections.first().text;
    }
    QCOMPARE(placedInOrder, 3);
    QCOMPARE(lastReason, QStringLiteral("h1: 2048 MiB free, 6144 MiB needed"));

    const auto outcome = PlacementEngine::placeBatch(demands, state);
    QVERIFY(outcome.complete);
    // A 6 opens each host: one by one both 6s go first, the fill starts each
    // host with one.
    QCOMPARE(outcome.order.first(), 2);
    QCOMPARE(outcome.order.size(), 4);
    QVERIFY(outcome.decisions[2].choice->host != outcome.decisions[3].choice->host);
    PlacementState after = state;
    commitBatch(after, demands, outcome);
    for (const auto &h : after.hosts())
        QCOMPARE(h.memoryFreeMib, 0u);
    if (zoneName.isEmpty())
        QCOMPARE(outcome.order, (QList<int>{2, 3, 0, 1}));
    else
        QCOMPARE(outcome.order, (QList<int>{2, 0, 3, 1})); // host by host
}

void TestPlacementEngine::fillBalancesCoresAndMemoryInPackZones()
{
    // Three 8-core/8 GiB hosts; two memory-heavy partitions (1 core, 4 GiB)
    // and four core-heavy ones (3 cores, 1 GiB). Largest first puts both
    // memory-heavy ones on one host (its memory gone, 6 cores stranded) and
    // needs three hosts; filling each host in balance needs two:
    // 4 + 1 + 1 GiB and 3 + 1 + 3 cores each.
    QList<HostModel> hosts;
    for (int i = 1; i <= 3; ++i)
        hosts.append(host(QStringLiteral("h%1").arg(i), QStringLiteral("z1"), 8, 8 * GiB));
    const auto state = makeState(hosts, {zone(QStringLiteral("z1"), AllocationPolicy::Pack)});
    auto make = [](const QString &zoneName) {
        QList<Demand> demands;
        for (int i = 1; i <= 2; ++i)
            demands.append(demand(QStringLiteral("mem%1").arg(i), 1, 4 * GiB, zoneName));
        for (int i = 1; i <= 4; ++i)
            demands.append(demand(QStringLiteral("cpu%1").arg(i), 3, 1 * GiB, zoneName));
        return demands;
    };
    auto hostsUsed = [&](const QList<Demand> &demands, const BatchOutcome &outcome) {
        PlacementState after = state;
        commitBatch(after, demands, outcome);
        int used = 0;
        for (const auto &h : after.hosts())
            used += h.residents.isEmpty() ? 0 : 1;
        return used;
    };
    const QList<Demand> filled = make(QStringLiteral("z1"));
    const auto fill = PlacementEngine::placeBatch(filled, state);
    QVERIFY(fill.complete);
    QCOMPARE(hostsUsed(filled, fill), 2);
    QVERIFY(fill.decisions[0].choice->host != fill.decisions[1].choice->host);

    const QList<Demand> oneByOne = make(QString()); // any zone: placed one by one
    const auto largestFirst = PlacementEngine::placeBatch(oneByOne, state);
    QVERIFY(largestFirst.complete);
    QCOMPARE(hostsUsed(oneByOne, largestFirst), 3);
    QCOMPARE(largestFirst.decisions[0].choice->host, largestFirst.decisions[1].choice->host);
}

void TestPlacementEngine::perGroupAtomicityGivesBackWhatTheFillTook()
{
    // Two 4-core hosts. The fill gives h1 to the big partition and h2 to
    // web1; web2 then has no host (h1 full, h2 runs web1), so with PerGroup
    // web1 is given back and only the big one stays placed.
    const auto state = makeState({host(QStringLiteral("h1"), QStringLiteral("z1"), 4, 16 * GiB),
                                  host(QStringLiteral("h2"), QStringLiteral("z1"), 4, 16 * GiB)});
    QList<Demand> demands = {demand(QStringLiteral("big"), 4, 2 * GiB, QStringLiteral("z1")),
                             demand(QStringLiteral("web1"), 2, 1 * GiB, QStringLiteral("z1")),
                             demand(QStringLiteral("web2"), 2, 1 * GiB, QStringLiteral("z1"))};
    demands[1].antiAffinityGroup = QStringLiteral("web");
    demands[2].antiAffinityGroup = QStringLiteral("web");
    BatchOptions options;
    options.atomicity = BatchAtomicity::PerGroup;
    const auto outcome = PlacementEngine::placeBatch(demands, state, options);
    QVERIFY(!outcome.complete);
    QCOMPARE(outcome.order, QList<int>{0});
    QCOMPARE(outcome.decisions[0].choice->host, QStringLiteral("h1"));
    QVERIFY(!outcome.decisions[2].placed());
    QCOMPARE(reasonFor(outcome.decisions[2], QStringLiteral("h1")), QStringLiteral("h1: 0 cores free, 2 needed"));
    QCOMPARE(reasonFor(outcome.decisions[2], QStringLiteral("h2")), QStringLiteral("h2: already runs web1 of anti-affinity group web"));
    QVERIFY(!outcome.decisions[1].placed());
    QCOMPARE(outcome.decisions[1].error.message(),
             QStringLiteral("Partition web1 was not placed: partition web2 of the same group cannot be placed."));
    QCOMPARE(outcome.error.message(), QStringLiteral("2 of 3 partitions were not placed (first: partition web2 cannot be placed)."));
    PlacementState after = state;
    commitBatch(after, demands, outcome);
    QCOMPARE(after.hosts()[1].coresFree, 4);
    QVERIFY(after.hosts()[1].residents.isEmpty());

    // All or nothing (the default): nothing at all.
    const auto atomic = PlacementEngine::placeBatch(demands, state);
    QVERIFY(atomic.order.isEmpty());
    for (const auto &d : atomic.decisions)
        QVERIFY(!d.placed());
}

void TestPlacementEngine::batchHonoursPriorityBeforeSize()
{
    const auto state = makeState({host(QStringLiteral("h1"), QStringLiteral("z1"), 16, 10 * GiB)});
    auto important = demand(QStringLiteral("important"), 1, 4 * GiB);
    important.priority = 10;
    const QList<Demand> demands = {demand(QStringLiteral("big"), 1, 8 * GiB), important};
    BatchOptions options;
    options.atomicity = BatchAtomicity::PerGroup;
    const auto outcome = PlacementEngine::placeBatch(demands, state, options);
    QVERIFY(outcome.decisions[1].placed());
    QVERIFY(!outcome.decisions[0].placed());
    QCOMPARE(reasonFor(outcome.decisions[0], QStringLiteral("h1")), QStringLiteral("h1: 6144 MiB free, 8192 MiB needed"));
    QCOMPARE(PlacementEngine::size(demands[0], state), 0.8);
}

void TestPlacementEngine::batchAllOrNothingWhenOneDoesNotFit()
{
    const auto state = makeState({host(QStringLiteral("h1"), QStringLiteral("z1"), 4, 16 * GiB)});
    const QList<Demand> demands = {demand(QStringLiteral("a"), 2, GiB), demand(QStringLiteral("b"), 2, GiB),
                                   demand(QStringLiteral("c"), 2, GiB)};
    const auto outcome = PlacementEngine::placeBatch(demands, state);
    QVERIFY(!outcome.complete);
    QVERIFY(outcome.order.isEmpty());
    QCOMPARE(outcome.decisions[2].rejections.first().text, QStringLiteral("h1: 0 cores free, 2 needed"));
    QCOMPARE(outcome.decisions[0].error.message(),
             QStringLiteral("Partition a was not placed: the batch is all or nothing and partition c cannot be placed."));
    QCOMPARE(outcome.error.message(),
             QStringLiteral("Nothing in the batch was placed: 1 of 3 partitions cannot be placed (first: partition c cannot be placed)."));
}

void TestPlacementEngine::commitAndReleaseRoundTrip()
{
    auto z1 = zone(QStringLiteral("z1"));
    z1.haHeadroom = 0.5;
    auto h1 = host(QStringLiteral("h1"), QStringLiteral("z1"), 8, 16 * GiB);
    h1.links = {{QStringLiteral("eth0"), 1000, 0}};
    auto state = makeState({h1}, {z1});
    auto d = demand(QStringLiteral("web1"), 2, 4 * GiB);
    d.bandwidthMbps = 400;
    d.antiAffinityGroup = QStringLiteral("web");
    const auto decision = placeAndCommit(state, d);
    QVERIFY(decision.placed());
    QCOMPARE(decision.choice->link, QStringLiteral("eth0"));
    QCOMPARE(state.hosts().first().links.first().guaranteedMbps, 400u);
    QCOMPARE(state.hosts().first().residents.size(), 1);
    auto d2 = d;
    d2.name = QStringLiteral("web2");
    QCOMPARE(reasonFor(PlacementEngine::chooseHost(d2, state), QStringLiteral("h1")),
             QStringLiteral("h1: already runs web1 of anti-affinity group web"));
    QVERIFY(state.release(d, QStringLiteral("h1"), QStringLiteral("eth0")));
    const HostModel &after = state.hosts().first();
    QCOMPARE(after.coresFree, 8);
    QCOMPARE(after.memoryFreeMib, 16 * GiB);
    QCOMPARE(after.links.first().guaranteedMbps, 0u);
    QVERIFY(after.residents.isEmpty());
    QVERIFY(PlacementEngine::chooseHost(d2, state).placed());
    QVERIFY(!state.release(d, QStringLiteral("h1"), QStringLiteral("eth0")));
}

void TestPlacementEngine::commitRefusesAStaleChoice()
{
    auto state = makeState({host(QStringLiteral("h1"), QStringLiteral("z1"), 4, 8 * GiB)});
    const auto a = demand(QStringLiteral("a"), 3, GiB);
    const auto b = demand(QStringLiteral("b"), 3, GiB);
    const auto choiceA = PlacementEngine::chooseHost(a, state);
    const auto choiceB = PlacementEngine::chooseHost(b, state);
    QVERIFY(state.commit(a, *choiceA.choice));
    const auto r = state.commit(b, *choiceB.choice);
    QVERIFY(!r);
    QCOMPARE(r.error().code(), proto::ERROR_CONFLICT);
    QCOMPARE(r.error().message(), QStringLiteral("Host h1 has 1 core free; partition b needs 3."));
    QCOMPARE(state.hosts().first().coresFree, 1);
}

void TestPlacementEngine::badDemandsAreRefused_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<uint>("vcpus");
    QTest::addColumn<qulonglong>("memory");
    QTest::addColumn<QString>("expected");
    QTest::newRow("0 vCPUs") << QStringLiteral("web1") << 0u << qulonglong(1024)
                             << QStringLiteral("Partition web1 asks for 0 vCPUs; give between 1 and 512.");
    QTest::newRow("too little memory") << QStringLiteral("web1") << 1u << qulonglong(1)
                                       << QStringLiteral("Partition web1 asks for 1 MiB of memory; give between 16 MiB and "
                                                         "16777216 MiB.");
    QTest::newRow("quote") << QStringLiteral("web\"1") << 1u << qulonglong(1024)
                           << QStringLiteral("The partition name \"web\"1\" has characters that are not allowed; use letters, "
                                             "digits, '.', '_' and '-', starting with a letter or digit.");
    QTest::newRow("10000 chars") << QString(10000, QLatin1Char('a')) << 1u << qulonglong(1024)
                                 << QStringLiteral("The partition name is 10000 characters long; at most 63 are allowed.");
}

void TestPlacementEngine::badDemandsAreRefused()
{
    QFETCH(QString, name);
    QFETCH(uint, vcpus);
    QFETCH(qulonglong, memory);
    QFETCH(QString, expected);
    const auto state = makeState({host(QStringLiteral("h1"), QStringLiteral("z1"), 4, 8 * GiB)});
    const auto d = PlacementEngine::chooseHost(demand(name, vcpus, memory), state, PlacementEngine::Explain::Always);
    QVERIFY(!d.placed());
    QCOMPARE(d.error.code(), proto::ERROR_INVALID_ARGUMENT);
    QCOMPARE(d.error.message(), expected);
    QVERIFY(d.rejections.isEmpty());
}

void TestPlacementEngine::bandwidthAboveEveryLinkIsRefused()
{
    auto h1 = host(QStringLiteral("h1"), QStringLiteral("z1"), 4, 8 * GiB);
    h1.links = {{QStringLiteral("eth0"), 1000, 0}, {QStringLiteral("eth1"), 10000, 0}};
    const auto state = makeState({h1, host(QStringLiteral("h2"), QStringLiteral("z2"), 4, 8 * GiB)});
    auto d = demand(QStringLiteral("web1"), 1, 1024);
    d.bandwidthMbps = 20000;
    const auto decision = PlacementEngine::chooseHost(d, state);
    QVERIFY(!decision.placed());
    QCOMPARE(decision.error.code(), proto::ERROR_INVALID_ARGUMENT);
    QCOMPARE(decision.error.message(),
             QStringLiteral("Partition web1 needs a 20000 Mbps guarantee, but no link anywhere has 20000 Mbps; the largest has 10000."));
    d.bandwidthMbps = 10000;
    QVERIFY(PlacementEngine::chooseHost(d, state).placed());
}

void TestPlacementEngine::unknownZoneAndEmptyZoneAreRefused()
{
    const auto state = makeState({host(QStringLiteral("h1"), QStringLiteral("z1"), 4, 8 * GiB)},
                                 {zone(QStringLiteral("z1")), zone(QStringLiteral("empty"))});
    const auto unknown = PlacementEngine::chooseHost(demand(QStringLiteral("web1"), 1, 1024, QStringLiteral("z9")), state);
    QCOMPARE(unknown.error.code(), proto::ERROR_NOT_FOUND);
    QCOMPARE(unknown.error.message(), QStringLiteral("Zone z9 does not exist; partition web1 cannot be placed in it."));
    const auto empty = PlacementEngine::chooseHost(demand(QStringLiteral("web1"), 1, 1024, QStringLiteral("empty")), state);
    QCOMPARE(empty.error.code(), proto::ERROR_FAILED_PRECONDITION);
    QCOMPARE(empty.error.message(), QStringLiteral("Zone empty has no hosts; add a host to it before placing partition web1 there."));
    QVERIFY(empty.rejections.isEmpty());
}

void TestPlacementEngine::badBatchIsRefusedWhole()
{
    const auto state = makeState({host(QStringLiteral("h1"), QStringLiteral("z1"), 16, 64 * GiB)});
    const QList<Demand> demands = {demand(QStringLiteral("a"), 1, 1024), demand(QStringLiteral("b"), 0, 1024),
                                   demand(QStringLiteral("a"), 1, 1024)};
    const auto outcome = PlacementEngine::placeBatch(demands, state);
    QVERIFY(!outcome.complete);
    QVERIFY(outcome.order.isEmpty());
    QCOMPARE(outcome.error.code(), proto::ERROR_INVALID_ARGUMENT);
    QCOMPARE(outcome.error.message(),
             QStringLiteral("The batch was refused: Partition b asks for 0 vCPUs; give between 1 and 512."));
    QCOMPARE(outcome.decisions[2].error.message(), QStringLiteral("Partition a is in the batch twice."));
    QCOMPARE(outcome.decisions[0].error.message(),
             QStringLiteral("Partition a was not placed: the batch was refused because of bad input."));
    for (const auto &d : outcome.decisions)
        QVERIFY(!d.placed());
}

void TestPlacementEngine::badStateIsRefused()
{
    auto quoted = host(QStringLiteral("h\"1"), QStringLiteral("z1"), 4, 8 * GiB);
    QVERIFY(!PlacementState::create({quoted}));
    auto h1 = host(QStringLiteral("h1"), QStringLiteral("z1"), 4, 8 * GiB);
    const auto twice = PlacementState::create({h1, h1});
    QCOMPARE(twice.error().message(), QStringLiteral("Host h1 is listed twice."));
    auto overLink = h1;
    overLink.links = {{QStringLiteral("eth0"), 1000, 1200}};
    QCOMPARE(PlacementState::create({overLink}).error().message(),
             QStringLiteral("Host h1 link eth0 has 1200 Mbps guaranteed on a 1000 Mbps link; guarantees cannot exceed the capacity."));
    auto z1 = zone(QStringLiteral("z1"));
    z1.coreOvercommit = 0.5;
    QCOMPARE(PlacementState::create({h1}, {z1}).error().message(),
             QStringLiteral("Zone z1 has a core overcommit ratio of 0.5; give a ratio from 1.0 to 64.0."));
    auto z2 = zone(QStringLiteral("z2"));
    z2.hosts = {QStringLiteral("h1")};
    QCOMPARE(PlacementState::create({h1}, {z2}).error().message(), QStringLiteral("Host h1 says it is in zone z1, but zone z2 lists it."));
    z2.hosts = {QStringLiteral("h9")};
    QCOMPARE(PlacementState::create({h1}, {z2}).error().message(),
             QStringLiteral("Zone z2 lists host h9, which is not among the hosts."));
    // A host named by its zone only joins it.
    auto loose = h1;
    loose.zone.clear();
    z2.hosts = {QStringLiteral("h1")};
    const auto joined = PlacementState::create({loose}, {z2});
    QVERIFY(joined);
    QCOMPARE(joined->hosts().first().zone, QStringLiteral("z2"));
}

QTEST_GUILESS_MAIN(TestPlacementEngine)
#include "tst_placementengine.moc"
