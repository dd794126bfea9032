// Placement: which host a starting partition goes to, and why every other
// host was not chosen.
#include "placement.h"

#include <QTest>

using namespace vdc;
using namespace vdc::ops;

namespace {

proto::Host makeHost(const char *name, std::uint32_t coresFree, std::uint64_t memoryFree, std::uint32_t coresTotal = 16,
                     std::uint64_t memoryTotal = 16384, proto::HostState state = proto::HOST_STATE_UP, const char *zone = "")
{
    proto::Host h;
    h.set_name(name);
    h.set_state(state);
    h.set_zone(zone);
    h.set_cores_total(coresTotal);
    h.set_cores_free(coresFree);
    h.set_memory_total_mib(memoryTotal);
    h.set_memory_free_mib(memoryFree);
    return h;
}

Placement::Candidate candidate(const proto::Host &h, std::uint32_t inFlightCores = 0, std::uint64_t inFlightMemory = 0)
{
    return Placement::Candidate{h, inFlightCores, inFlightMemory};
}

proto::PartitionSpec makeSpec(const char *name, std::uint32_t vcpus, std::uint64_t memory, const char *zone = "")
{
    proto::PartitionSpec s;
    s.set_name(name);
    s.set_domain("default");
    s.set_vcpus(vcpus);
    s.set_memory_mib(memory);
    s.set_zone(zone);
    return s;
}

QStringList reasons(const Placement::Outcome &outcome)
{
    QStringList list;
    for (const auto &r : outcome.rejections)
        list << QString::fromStdString(r.reason());
    return list;
}

} // namespace

class TestPlacement : public QObject
{
    Q_OBJECT

private slots:
    void picksTheTightestFit();
    void breaksTiesByCoresThenName();
    void countsStartsInFlight();
    void namesEveryRejectedHostExactly();
    void saysWhenNoHostIsLargeEnough();
    void skipsFailedHosts();
    void keepsToTheZone();
    void explainsAnEmptyDataCenter();
};

void TestPlacement::picksTheTightestFit()
{
    // h2 is left with the least memory: the big hole on h1 stays free.
    const auto outcome = Placement::chooseHost(makeSpec("web1", 2, 2048),
                                               {candidate(makeHost("h1", 8, 8192)), candidate(makeHost("h2", 4, 3072)),
                                                candidate(makeHost("h3", 2, 1024))});
    QVERIFY(outcome.placed());
    QCOMPARE(*outcome.host, QStringLiteral("h2"));
    QCOMPARE(reasons(outcome), (QStringList{QStringLiteral("h1: fits, but h2 is a tighter fit"),
                                            QStringLiteral("h3: 1024 MiB free, 2048 MiB needed")}));
}

void TestPlacement::breaksTiesByCoresThenName()
{
    const auto byCores = Placement::chooseHost(makeSpec("web1", 2, 1024),
                                               {candidate(makeHost("a", 8, 4096)), candidate(makeHost("b", 4, 4096))});
    QCOMPARE(byCores.host.value_or(QString()), QStringLiteral("b"));

    const auto byName = Placement::chooseHost(makeSpec("web1", 2, 1024),
                                              {candidate(makeHost("b", 4, 4096)), candidate(makeHost("a", 4, 4096))});
    QCOMPARE(byName.host.value_or(QString()), QStringLiteral("a"));
}

void TestPlacement::countsStartsInFlight()
{
    // h1 reports 4 free cores, but a start of 2 vCPUs is already on its way
    // there: a second start of 4 must not pick it.
    const auto outcome = Placement::chooseHost(makeSpec("web2", 4, 1024), {candidate(makeHost("h1", 4, 8192), 2, 1024)});
    QVERIFY(!outcome.placed());
    QCOMPARE(outcome.error.code(), proto::ERROR_INSUFFICIENT_RESOURCES);
    QCOMPARE(reasons(outcome), QStringList{QStringLiteral("h1: 2 cores free, 4 needed")});

    // Memory in flight counts the same way.
    const auto memory = Placement::chooseHost(makeSpec("web3", 1, 2048), {candidate(makeHost("h1", 4, 2560), 1, 2048)});
    QVERIFY(!memory.placed());
    QCOMPARE(reasons(memory), QStringList{QStringLiteral("h1: 512 MiB free, 2048 MiB needed")});

    // With nothing in flight the same host fits.
    QVERIFY(Placement::chooseHost(makeSpec("web2", 4, 1024), {candidate(makeHost("h1", 4, 8192))}).placed());
}

void TestPlacement::namesEveryRejectedHostExactly()
{
    const auto outcome = Placement::chooseHost(
        makeSpec("web1", 4, 2048, "z1"),
        {candidate(makeHost("h1", 16, 512, 16, 16384, proto::HOST_STATE_UP, "z1")),
         candidate(makeHost("h2", 2, 8192, 16, 16384, proto::HOST_STATE_UP, "z1")),
         candidate(makeHost("h3", 16, 16384, 16, 16384, proto::HOST_STATE_FAILED, "z1")),
         candidate(makeHost("h4", 16, 16384, 16, 16384, proto::HOST_STATE_UP, "z2")),
         candidate(makeHost("h5", 1, 16384, 16, 16384, proto::HOST_STATE_UP, "z1")),
         candidate(makeHost("h6", 0, 0, 0, 0, proto::HOST_STATE_UNREACHABLE, "z1"))});
    QVERIFY(!outcome.placed());
    QCOMPARE(outcome.error.code(), proto::ERROR_INSUFFICIENT_RESOURCES);
    QCOMPARE(outcome.error.message(), QStringLiteral("No host can run partition web1 (4 vCPUs, 2048 MiB)."));
    QCOMPARE(reasons(outcome), (QStringList{
                                   QStringLiteral("h1: 512 MiB free, 2048 MiB needed"),
                                   QStringLiteral("h2: 2 cores free, 4 needed"),
                                   QStringLiteral("h3: host is failed"),
                                   QStringLiteral("h4: not in zone z1"),
                                   QStringLiteral("h5: 1 core free, 4 needed"),
                                   QStringLiteral("h6: host is unreachable"),
                               }));
    for (const auto &r : outcome.rejections)
        QVERIFY(QString::fromStdString(r.reason()).startsWith(QString::fromStdString(r.host()) + QStringLiteral(": ")));
}

void TestPlacement::saysWhenNoHostIsLargeEnough()
{
    const auto cores = Placement::chooseHost(makeSpec("big", 64, 1024),
                                             {candidate(makeHost("h1", 16, 16384, 16, 16384)), candidate(makeHost("h2", 8, 8192, 8, 8192))});
    QVERIFY(!cores.placed());
    QCOMPARE(cores.error.message(),
             QStringLiteral("No host can run partition big (64 vCPUs, 1024 MiB). No host has 64 cores; the largest has 16."));

    // Capacity is what partitions can get: system reservations do not count.
    auto reserved = makeHost("h1", 12, 12288, 16, 16384);
    reserved.set_cores_reserved(4);
    reserved.set_memory_reserved_mib(4096);
    const auto memory = Placement::chooseHost(makeSpec("fat", 2, 16384), {candidate(reserved)});
    QCOMPARE(memory.error.message(), QStringLiteral("No host can run partition fat (2 vCPUs, 16384 MiB). No host has 16384 "
                                                    "MiB of memory; the largest has 12288 MiB."));

    // Merely busy hosts get no such sentence: stopping something would help.
    const auto busy = Placement::chooseHost(makeSpec("web1", 8, 1024), {candidate(makeHost("h1", 2, 16384, 16, 16384))});
    QCOMPARE(busy.error.message(), QStringLiteral("No host can run partition web1 (8 vCPUs, 1024 MiB)."));
}

void TestPlacement::skipsFailedHosts()
{
    const auto outcome = Placement::chooseHost(
        makeSpec("web1", 2, 1024),
        {candidate(makeHost("big", 16, 16384, 16, 16384, proto::HOST_STATE_FAILED)),
         candidate(makeHost("small", 4, 16384, 16, 16384, proto::HOST_STATE_UP)),
         candidate(makeHost("tight", 2, 1024, 16, 16384, proto::HOST_STATE_MAINTENANCE))});
    QCOMPARE(outcome.host.value_or(QString()), QStringLiteral("small"));
    QCOMPARE(reasons(outcome), (QStringList{QStringLiteral("big: host is failed"), QStringLiteral("tight: host is in maintenance")}));
}

void TestPlacement::keepsToTheZone()
{
    const QList<Placement::Candidate> hosts = {
        candidate(makeHost("h1", 2, 2048, 16, 16384, proto::HOST_STATE_UP, "z2")), // tightest, wrong zone
        candidate(makeHost("h2", 8, 8192, 16, 16384, proto::HOST_STATE_UP, "z1")),
        candidate(makeHost("h3", 8, 8192, 16, 16384, proto::HOST_STATE_UP, "")),
    };
    const auto zoned = Placement::chooseHost(makeSpec("web1", 2, 2048, "z1"), hosts);
    QCOMPARE(zoned.host.value_or(QString()), QStringLiteral("h2"));
    QVERIFY(reasons(zoned).contains(QStringLiteral("h1: not in zone z1")));
    QVERIFY(reasons(zoned).contains(QStringLiteral("h3: not in zone z1")));

    // No zone asked for: any host, the tightest wins.
    QCOMPARE(Placement::chooseHost(makeSpec("web1", 2, 2048), hosts).host.value_or(QString()), QStringLiteral("h1"));
}

void TestPlacement::explainsAnEmptyDataCenter()
{
    const auto outcome = Placement::chooseHost(makeSpec("web1", 1, 64), {});
    QVERIFY(!outcome.placed());
    QCOMPARE(outcome.error.message(),
             QStringLiteral("No host can run partition web1 (1 vCPU, 64 MiB). No hosts are registered; add one first."));
    QVERIFY(outcome.rejections.isEmpty());
}

QTEST_GUILESS_MAIN(TestPlacement)
#include "tst_placement.moc"
