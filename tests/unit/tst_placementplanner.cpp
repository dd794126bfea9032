// The engine's placement over vdc::placement: hosts and zones as the engine
// knows them, partitions with their placement rules, the policy set limits
// and reservations of domains, and the reasons given for every host.
#include "placementplanner.h"

#include <QTest>

using namespace vdc;
using namespace vdc::ops;

namespace {

QString text(const std::string &s) { return QString::fromStdString(s); }

proto::Host host(const char *name, std::uint32_t coresFree, std::uint64_t memoryFree, const char *zone = "",
                 proto::HostState state = proto::HOST_STATE_UP)
{
    proto::Host h;
    h.set_name(name);
    h.set_state(state);
    h.set_zone(zone);
    // One core and 256 MiB for the system partitions, as every vdc host has.
    h.set_cores_total(coresFree + 1);
    h.set_cores_reserved(1);
    h.set_cores_free(coresFree);
    h.set_memory_total_mib(memoryFree + 256);
    h.set_memory_reserved_mib(256);
    h.set_memory_free_mib(memoryFree);
    return h;
}

proto::PartitionSpec spec(const char *name, std::uint32_t vcpus, std::uint64_t memory, const char *domain = "default")
{
    proto::PartitionSpec s;
    s.set_uuid(QStringLiteral("uuid-%1-%2").arg(QLatin1String(domain), QLatin1String(name)).toStdString());
    s.set_name(name);
    s.set_domain(domain);
    s.set_vcpus(vcpus);
    s.set_memory_mib(memory);
    return s;
}

proto::Partition running(const proto::PartitionSpec &s, const char *hostName)
{
    proto::Partition p;
    *p.mutable_spec() = s;
    p.set_state(proto::PARTITION_STATE_RUNNING);
    p.set_host(hostName);
    return p;
}

proto::Zone zone(const char *name)
{
    proto::Zone z;
    z.set_name(name);
    return z;
}

QStringList reasons(const PlacementPlanner::Outcome &outcome)
{
    QStringList list;
    for (const auto &r : outcome.rejections)
        list << text(r.reason());
    return list;
}

PlacementPlanner::Inputs inputs(const QList<proto::Host> &hosts, const QList<proto::Zone> &zones = {})
{
    PlacementPlanner::Inputs in;
    for (const auto &h : hosts)
        in.hosts.append({h, 0, 0});
    in.zones = zones;
    proto::Domain d;
    d.set_name("default");
    in.domains.insert(QStringLiteral("default"), d);
    return in;
}

PlacementPlanner::Outcome single(const PlacementPlanner::Inputs &in, const proto::PartitionSpec &s, bool explain = true)
{
    return PlacementPlanner::plan(in, {s}, PlacementPlanner::Mode::Single, explain);
}

} // namespace

class TestPlacementPlanner : public QObject
{
    Q_OBJECT

private slots:
    void picksTheTightestFitAndSaysWhy();
    void countsStartsInFlight();
    void namesEveryRejectedHostExactly();
    void saysWhenNoHostIsLargeEnough();
    void explainsAnEmptyDataCenter();
    void keepsToZonesAndTheDomainsAllowedZones();
    void refusesAZoneWithoutHosts();
    void checksQosClassLocationAndRacks();
    void guaranteesBandwidthOnLinks();
    void spreadsWhenTheZoneSaysSo();
    void countsVcpusOneToOneDespiteOvercommit();
    void keepsAntiAffinityGroupsApartPerDomain();
    void refusesAnAntiAffinityGroupThatCannotBeSatisfied();
    void placesABatchLargestFirst();
    void refusesAWholeBatchWhenOneDoesNotFit();
    void appliesDomainLimitsAndReservations();
};

void TestPlacementPlanner::picksTheTightestFitAndSaysWhy()
{
    // Same memory; h2 is left with fewer free cores.
    const auto outcome = single(inputs({host("h1", 8, 2048), host("h2", 4, 2048)}), spec("web1", 4, 512));
    QVERIFY2(outcome.complete, qPrintable(outcome.error.message()));
    QCOMPARE(outcome.plan.decisions(0).host(), std::string("h2"));
    QCOMPARE(reasons(outcome), QStringList{QStringLiteral("h1: fits, but h2 is a tighter fit (pack)")});
    QCOMPARE(outcome.plan.decisions(0).eligible_hosts(), 2u);
}

void TestPlacementPlanner::countsStartsInFlight()
{
    auto in = inputs({host("h1", 8, 4096)});
    in.hosts[0].inFlightCores = 6;
    const auto outcome = single(in, spec("cache1", 4, 512));
    QVERIFY(!outcome.complete);
    QCOMPARE(outcome.error.code(), proto::ERROR_INSUFFICIENT_RESOURCES);
    QCOMPARE(outcome.error.message(), QStringLiteral("No host can run partition cache1 (4 vCPUs, 512 MiB)."));
    QCOMPARE(reasons(outcome), QStringList{QStringLiteral("h1: 2 cores free, 4 needed")});

    in.hosts[0].inFlightCores = 0;
    in.hosts[0].inFlightMemoryMib = 3584;
    QCOMPARE(reasons(single(in, spec("cache1", 4, 2048))), QStringList{QStringLiteral("h1: 512 MiB free, 2048 MiB needed")});
}

void TestPlacementPlanner::namesEveryRejectedHostExactly()
{
    const auto outcome = single(inputs({host("a", 1, 8192), host("b", 8, 256), host("c", 8, 8192, "", proto::HOST_STATE_FAILED),
                                        host("d", 8, 8192, "", proto::HOST_STATE_UNREACHABLE)}),
                                spec("db1", 2, 1024), false);
    QVERIFY(!outcome.complete);
    QCOMPARE(reasons(outcome), (QStringList{QStringLiteral("a: 1 core free, 2 needed"), QStringLiteral("b: 256 MiB free, 1024 MiB needed"),
                                           QStringLiteral("c: host is failed"), QStringLiteral("d: host is unreachable")}));
    for (const auto &r : outcome.rejections)
        QVERIFY(text(r.reason()).startsWith(text(r.host()) + QStringLiteral(": ")));
}

void TestPlacementPlanner::saysWhenNoHostIsLargeEnough()
{
    const auto outcome = single(inputs({host("h1", 8, 4096)}), spec("huge", 32, 65536));
    QCOMPARE(outcome.error.message(), QStringLiteral("No host can run partition huge (32 vCPUs, 65536 MiB). No host has 32 cores; "
                                                     "the largest has 8. No host has 65536 MiB of memory; the largest has 4096 MiB."));
}

void TestPlacementPlanner::explainsAnEmptyDataCenter()
{
    const auto outcome = single(inputs({}), spec("web1", 1, 64));
    QVERIFY(!outcome.complete);
    QCOMPARE(outcome.error.message(), QStringLiteral("No host can run partition web1 (1 vCPU, 64 MiB). No hosts are registered; add one first."));
    QVERIFY(outcome.rejections.isEmpty());
}

void TestPlacementPlanner::keepsToZonesAndTheDomainsAllowedZones()
{
    auto in = inputs({host("h1", 8, 4096, "z1"), host("h2", 8, 4096, "z2"), host("h3", 8, 4096)}, {zone("z1"), zone("z2")});
    auto s = spec("web1", 2, 512);
    s.set_zone("z2");
    auto outcome = single(in, s);
    QCOMPARE(outcome.plan.decisions(0).host(), std::string("h2"));
    QVERIFY(reasons(outcome).contains(QStringLiteral("h1: not in zone z2")));

    // No zone of its own: the zones its domain may use.
    proto::Domain prod;
    prod.set_name("prod");
    prod.add_allowed_zones("z1");
    in.domains.insert(QStringLiteral("prod"), prod);
    outcome = single(in, spec("api", 2, 512, "prod"));
    QCOMPARE(outcome.plan.decisions(0).host(), std::string("h1"));
    QVERIFY(reasons(outcome).contains(QStringLiteral("h3: not in zone z1")));
}

void TestPlacementPlanner::refusesAZoneWithoutHosts()
{
    auto s = spec("web1", 1, 64);
    s.set_zone("empty");
    const auto outcome = single(inputs({host("h1", 8, 4096)}, {zone("empty")}), s);
    QVERIFY(!outcome.complete);
    QCOMPARE(outcome.error.code(), proto::ERROR_FAILED_PRECONDITION);
    QCOMPARE(outcome.error.message(), QStringLiteral("Zone empty has no hosts; add a host to it before placing partition web1 there."));
}

void TestPlacementPlanner::checksQosClassLocationAndRacks()
{
    auto gold = zone("gold-zone");
    gold.set_qos_class("gold");
    gold.mutable_location()->set_site("dc1");
    auto h1 = host("h1", 8, 4096, "gold-zone");
    h1.mutable_location()->set_rack("r1");
    auto h2 = host("h2", 8, 4096, "gold-zone");
    h2.mutable_location()->set_rack("r2");
    auto h3 = host("h3", 8, 4096);
    h3.mutable_location()->set_site("lab");
    auto in = inputs({h1, h2, h3}, {gold});
    // A database already runs in rack r1.
    auto db = spec("db1", 1, 64);
    db.set_anti_affinity_group("db");
    in.partitions.append(running(db, "h1"));

    auto s = spec("web1", 1, 64);
    s.set_qos_class("gold");
    s.set_site("dc1");
    s.add_not_in_rack_of_groups("db");
    const auto outcome = single(in, s);
    QVERIFY2(outcome.complete, qPrintable(outcome.error.message()));
    QCOMPARE(outcome.plan.decisions(0).host(), std::string("h2"));
    QCOMPARE(reasons(outcome), (QStringList{QStringLiteral("h1: rack r1 holds group default.db"),
                                           QStringLiteral("h3: qos class gold needed, host offers none")}));
}

void TestPlacementPlanner::guaranteesBandwidthOnLinks()
{
    auto h1 = host("h1", 8, 4096);
    auto *l = h1.add_links();
    l->set_name("eth0");
    l->set_capacity_mbps(1000);
    auto h2 = host("h2", 8, 4096);
    l = h2.add_links();
    l->set_name("eth0");
    l->set_capacity_mbps(10000);
    auto in = inputs({h1, h2});
    // 800 Mbps of h1's link are guaranteed to a running partition.
    auto video = spec("video", 1, 64);
    video.set_bandwidth_mbps(800);
    auto onH1 = running(video, "h1");
    onH1.set_link("eth0");
    in.partitions.append(onH1);

    auto s = spec("stream", 1, 64);
    s.set_bandwidth_mbps(500);
    const auto outcome = single(in, s);
    QCOMPARE(outcome.plan.decisions(0).host(), std::string("h2"));
    QCOMPARE(outcome.plan.decisions(0).link(), std::string("eth0"));
    QCOMPARE(reasons(outcome), QStringList{QStringLiteral("h1: link eth0 has 200 Mbps unguaranteed, 500 needed")});

    s.set_bandwidth_mbps(20000);
    const auto tooMuch = single(in, s);
    QVERIFY(!tooMuch.complete);
    QCOMPARE(tooMuch.error.message(),
             QStringLiteral("Partition stream needs a 20000 Mbps guarantee, but no link anywhere has 20000 Mbps; the largest has 10000."));
}

void TestPlacementPlanner::spreadsWhenTheZoneSaysSo()
{
    auto z = zone("z1");
    z.set_allocation(proto::ALLOCATION_POLICY_SPREAD);
    const auto outcome = single(inputs({host("h1", 8, 4096, "z1"), host("h2", 4, 2048, "z1")}, {z}), spec("web1", 2, 512));
    QCOMPARE(outcome.plan.decisions(0).host(), std::string("h1"));
    QCOMPARE(reasons(outcome), QStringList{QStringLiteral("h2: fits, but h1 has more left free (spread)")});
}

void TestPlacementPlanner::countsVcpusOneToOneDespiteOvercommit()
{
    // Hosts pin each vCPU to its own core: a zone's overcommit ratio does
    // not let placement promise cores a host cannot give.
    auto z = zone("z1");
    z.set_overcommit_ratio(4.0);
    const auto outcome = single(inputs({host("h1", 8, 4096, "z1")}, {z}), spec("big", 10, 512));
    QVERIFY(!outcome.complete);
    QCOMPARE(reasons(outcome), QStringList{QStringLiteral("h1: 8 cores free, 10 needed")});
}

void TestPlacementPlanner::keepsAntiAffinityGroupsApartPerDomain()
{
    auto in = inputs({host("h1", 8, 4096), host("h2", 2, 4096)});
    proto::Domain other;
    other.set_name("other");
    in.domains.insert(QStringLiteral("other"), other);
    auto web1 = spec("web1", 1, 64);
    web1.set_anti_affinity_group("web");
    in.partitions.append(running(web1, "h2"));

    // Another domain's group of the same name does not keep it off h2.
    auto theirs = spec("web9", 1, 64, "other");
    theirs.set_anti_affinity_group("web");
    QCOMPARE(single(in, theirs).plan.decisions(0).host(), std::string("h2"));

    auto web2 = spec("web2", 1, 64);
    web2.set_anti_affinity_group("web");
    const auto outcome = single(in, web2);
    QCOMPARE(outcome.plan.decisions(0).host(), std::string("h1"));
    QCOMPARE(reasons(outcome), QStringList{QStringLiteral("h2: already runs web1 of anti-affinity group default.web")});
}

void TestPlacementPlanner::refusesAnAntiAffinityGroupThatCannotBeSatisfied()
{
    QList<proto::PartitionSpec> batch;
    for (const char *name : {"web1", "web2", "web3"}) {
        auto s = spec(name, 1, 64);
        s.set_anti_affinity_group("web");
        batch.append(s);
    }
    const auto outcome = PlacementPlanner::plan(inputs({host("h1", 8, 4096), host("h2", 8, 4096)}), batch,
                                                PlacementPlanner::Mode::AllOrNothing, false);
    QVERIFY(!outcome.complete);
    QCOMPARE(outcome.error.message(), QStringLiteral("Nothing in the batch was placed: Anti-affinity group default.web cannot be "
                                                     "satisfied: its 3 partitions need a host each, but only 2 hosts are eligible "
                                                     "(h1, h2). None of them was placed."));
    for (const auto &d : outcome.plan.decisions())
        QVERIFY(d.host().empty());
}

void TestPlacementPlanner::placesABatchLargestFirst()
{
    // One at a time in this order, small first, the small ones would take
    // the big host's room; together, the largest goes first.
    QList<proto::PartitionSpec> batch{spec("small1", 2, 512), spec("small2", 2, 512), spec("big", 8, 2048)};
    const auto outcome = PlacementPlanner::plan(inputs({host("h1", 8, 4096), host("h2", 4, 4096)}), batch,
                                                PlacementPlanner::Mode::AllOrNothing, true);
    QVERIFY2(outcome.complete, qPrintable(outcome.error.message()));
    QCOMPARE(outcome.plan.decisions(0).partition().name(), std::string("big"));
    QCOMPARE(outcome.plan.decisions(0).host(), std::string("h1"));
    QCOMPARE(outcome.plan.decisions(1).host(), std::string("h2"));
    QCOMPARE(outcome.plan.decisions(2).host(), std::string("h2"));
    // Explained: every decision lists the other hosts, labelled.
    QCOMPARE(outcome.plan.decisions(1).rejections(0).partition(), std::string("default/small1"));
}

void TestPlacementPlanner::refusesAWholeBatchWhenOneDoesNotFit()
{
    QList<proto::PartitionSpec> batch{spec("a", 4, 512), spec("b", 4, 512), spec("c", 4, 512)};
    const auto outcome = PlacementPlanner::plan(inputs({host("h1", 8, 4096)}), batch, PlacementPlanner::Mode::AllOrNothing, false);
    QVERIFY(!outcome.complete);
    QCOMPARE(outcome.error.code(), proto::ERROR_INSUFFICIENT_RESOURCES);
    for (const auto &d : outcome.plan.decisions())
        QVERIFY(d.host().empty());
    // Best effort places what fits.
    const auto some = PlacementPlanner::plan(inputs({host("h1", 8, 4096)}), batch, PlacementPlanner::Mode::BestEffort, false);
    QCOMPARE(some.plan.decisions(0).host(), std::string("h1"));
    QCOMPARE(some.plan.decisions(1).host(), std::string("h1"));
    QVERIFY(some.plan.decisions(2).host().empty());
}

void TestPlacementPlanner::appliesDomainLimitsAndReservations()
{
    auto in = inputs({host("h1", 8, 8192, "z1"), host("h2", 8, 8192, "z2")}, {zone("z1"), zone("z2")});
    proto::Domain prod;
    prod.set_name("prod");
    in.domains.insert(QStringLiteral("prod"), prod);
    in.partitions.append(running(spec("api", 4, 512, "prod"), "h1"));

    // prod may run 6 vCPUs in z1 and 4 run there already.
    PlacementPlanner::DomainPolicy limits;
    limits.policySet = QStringLiteral("business");
    proto::ZonePolicyLimits z1;
    z1.set_zone("z1");
    z1.set_max_vcpus(6);
    limits.zones.append(z1);
    in.policies.insert(QStringLiteral("prod"), limits);
    auto outcome = single(in, spec("web1", 4, 512, "prod"));
    QCOMPARE(outcome.plan.decisions(0).host(), std::string("h2"));
    QVERIFY(reasons(outcome).contains(
        QStringLiteral("h1: domain prod may run 6 vCPUs in zone z1 (policy set business); 4 run there, 4 more needed")));

    // dev keeps 8 cores of z2 reserved: prod may not take them.
    proto::Domain dev;
    dev.set_name("dev");
    in.domains.insert(QStringLiteral("dev"), dev);
    PlacementPlanner::DomainPolicy reserved;
    reserved.policySet = QStringLiteral("nights");
    proto::ZonePolicyLimits z2;
    z2.set_zone("z2");
    z2.set_reserved_cores(8);
    reserved.zones.append(z2);
    in.policies.insert(QStringLiteral("dev"), reserved);
    outcome = single(in, spec("web1", 4, 512, "prod"));
    QVERIFY(!outcome.complete);
    QCOMPARE(reasons(outcome), (QStringList{
                                   QStringLiteral("h1: domain prod may run 6 vCPUs in zone z1 (policy set business); 4 run there, 4 more needed"),
                                   QStringLiteral("h2: zone z2 keeps 8 cores reserved for domain dev (policy set nights)")}));
    // dev itself may use its reservation.
    auto devBatch = spec("batch", 4, 512, "dev");
    devBatch.set_zone("z2");
    QCOMPARE(single(in, devBatch).plan.decisions(0).host(), std::string("h2"));

    // A batch that would pass the limit together is refused as a whole.
    in.policies.remove(QStringLiteral("dev"));
    const auto batch = PlacementPlanner::plan(in, {spec("x", 1, 64, "prod"), spec("y", 1, 64, "prod"), spec("z", 1, 64, "prod")},
                                              PlacementPlanner::Mode::AllOrNothing, false);
    QVERIFY2(batch.complete, qPrintable(batch.error.message())); // z2 takes what z1 may not
}

QTEST_GUILESS_MAIN(TestPlacementPlanner)
#include "tst_placementplanner.moc"
