// The engine's definitions through the ops API: zones, domains, host
// locations and links, partition placement rules, policy sets and calendar
// entries, export and import, the audit log; and every kind of bad input,
// each refused with a sentence while nothing stored changes. The hosts here
// never answer (no agents): these are definitions, not running partitions.
#include "calendar/manualclock.h"
#include "opsdatabase.h"
#include "opsengine.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>

using namespace vdc;
using namespace vdc::ops;

namespace {

QString text(const std::string &s) { return QString::fromStdString(s); }

// Everything stored except the audit log, as text, read over a second
// connection: what "nothing stored changes" compares.
QString storedDefinitions(const QString &path)
{
    const QString name = QStringLiteral("raw-definitions");
    QString out;
    {
        auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        if (!db.open())
            return QStringLiteral("cannot open");
        for (const char *table : {"domains", "zones", "hosts", "partitions", "policy_sets", "calendar_entries", "calendar_state"}) {
            QSqlQuery q(db);
            q.exec(QStringLiteral("SELECT * FROM %1 ORDER BY 1, 2").arg(QLatin1String(table)));
            out += QLatin1String(table) + QLatin1Char('\n');
            while (q.next()) {
                for (int i = 0; i < q.record().count(); ++i)
                    out += q.value(i).toString() + QLatin1Char('|') + QString::fromLatin1(q.value(i).toByteArray().toHex()) + QLatin1Char(';');
                out += QLatin1Char('\n');
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return out;
}

} // namespace

class TestOpsDefinitions : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void zonesHaveMembersLocationAndPolicy();
    void renamesAZoneEverywhere();
    void domainsAreRenamedAndDeletedWithReasons();
    void hostsGetLocationAndLinks();
    void partitionsGetPlacementRules();
    void explainsPlacementForTheConsole();
    void refusesBadInputAndChangesNothing_data();
    void refusesBadInputAndChangesNothing();
    void resolvesOverlapsByPriority();
    void previewsTheNextBoundaryAndAWindow();
    void exportsAndImportsADomain();
    void refusesABadImportAndChangesNothing();
    void queriesTheAuditLogByObjectAndTime();

private:
    proto::OpsReply call(const proto::OpsRequest &request);
    proto::OpsReply call(const std::function<void(proto::OpsRequest &)> &fill);
    void addHost(const char *name, const char *zone = "");
    void setLinks(const char *host, std::uint32_t mbps);
    void createPartition(const char *name, const char *domain, const std::function<void(proto::PartitionSpec &)> &more = {});
    void buildScenario();
    QString path() const { return m_dir->filePath(QStringLiteral("ops.sqlite")); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<OpsEngine> m_engine;
    std::unique_ptr<calendar::ManualClock> m_clock;
    int m_nextPort = 9;
};

void TestOpsDefinitions::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    auto database = OpsDatabase::open(path());
    QVERIFY2(database, qPrintable(database ? QString() : database.error().message()));
    m_engine = std::make_unique<OpsEngine>(std::move(database).value());
    OpsEngine::Timing timing;
    timing.inventoryTimeoutMs = 200; // nothing listens at the agents' endpoints
    timing.reconnectIntervalMs = 600000;
    m_engine->setTiming(timing);
    m_clock = std::make_unique<calendar::ManualClock>(QDateTime(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC));
    m_engine->setClock(m_clock.get());
    QVERIFY(m_engine->load());
}

void TestOpsDefinitions::cleanup()
{
    m_engine.reset();
    m_clock.reset();
    m_dir.reset();
}

proto::OpsReply TestOpsDefinitions::call(const proto::OpsRequest &request)
{
    std::optional<proto::OpsReply> answer;
    proto::OpsRequest r = request;
    r.set_user("alice");
    m_engine->handle(r, [&answer](proto::OpsReply reply) { answer = std::move(reply); });
    if (!QTest::qWaitFor([&] { return answer.has_value(); }, 10000)) {
        proto::OpsReply none;
        none.mutable_error()->set_code(proto::ERROR_UNAVAILABLE);
        none.mutable_error()->set_message("no answer in the test's time");
        return none;
    }
    return *answer;
}

proto::OpsReply TestOpsDefinitions::call(const std::function<void(proto::OpsRequest &)> &fill)
{
    proto::OpsRequest request;
    fill(request);
    return call(request);
}

void TestOpsDefinitions::addHost(const char *name, const char *zone)
{
    const auto reply = call([&](proto::OpsRequest &r) {
        r.mutable_add_host()->set_name(name);
        r.mutable_add_host()->set_agent_endpoint(QStringLiteral("tcp://127.0.0.1:%1").arg(m_nextPort++).toStdString());
        r.mutable_add_host()->set_zone(zone);
    });
    QVERIFY2(reply.error().code() == proto::ERROR_NONE, reply.error().message().c_str());
}

void TestOpsDefinitions::setLinks(const char *host, std::uint32_t mbps)
{
    const auto reply = call([&](proto::OpsRequest &r) {
        r.mutable_update_host()->set_name(host);
        r.mutable_update_host()->set_set_links(true);
        auto *link = r.mutable_update_host()->add_links();
        link->set_name("eth0");
        link->set_capacity_mbps(mbps);
    });
    QVERIFY2(reply.error().code() == proto::ERROR_NONE, reply.error().message().c_str());
}

void TestOpsDefinitions::createPartition(const char *name, const char *domain, const std::function<void(proto::PartitionSpec &)> &more)
{
    proto::PartitionSpec spec;
    spec.set_name(name);
    spec.set_domain(domain);
    spec.set_vcpus(2);
    spec.set_memory_mib(512);
    if (more)
        more(spec);
    const auto reply = call([&](proto::OpsRequest &r) { *r.mutable_create_partition()->mutable_spec() = spec; });
    QVERIFY2(reply.error().code() == proto::ERROR_NONE, reply.error().message().c_str());
}

// Two hosts in zone z1 (with links), an empty zone, domain prod with
// partitions, policy sets and a calendar entry.
void TestOpsDefinitions::buildScenario()
{
    auto zone = call([](proto::OpsRequest &r) { r.mutable_create_zone()->mutable_zone()->set_name("z1"); });
    QVERIFY(zone.error().code() == proto::ERROR_NONE);
    zone = call([](proto::OpsRequest &r) { r.mutable_create_zone()->mutable_zone()->set_name("empty"); });
    QVERIFY(zone.error().code() == proto::ERROR_NONE);
    addHost("h1", "z1");
    addHost("h2", "z1");
    setLinks("h1", 10000);
    setLinks("h2", 1000);
    const auto domain = call([](proto::OpsRequest &r) {
        r.mutable_create_domain()->mutable_domain()->set_name("prod");
        r.mutable_create_domain()->mutable_domain()->add_allowed_zones("z1");
        r.mutable_create_domain()->mutable_domain()->add_allowed_zones("empty");
    });
    QVERIFY2(domain.error().code() == proto::ERROR_NONE, domain.error().message().c_str());
    createPartition("web1", "prod", [](proto::PartitionSpec &s) { s.set_anti_affinity_group("web"); s.set_qos_class("gold"); });
    createPartition("web2", "prod", [](proto::PartitionSpec &s) { s.set_anti_affinity_group("web"); s.set_bandwidth_mbps(500); });
    createPartition("batch1", "prod", [](proto::PartitionSpec &s) { s.set_zone("z1"); });
    const auto set = call([](proto::OpsRequest &r) {
        auto *p = r.mutable_put_policy_set()->mutable_policy_set();
        p->set_domain("prod");
        p->set_name("business");
        p->add_run("web1");
        p->add_run("web2");
        p->add_stop("batch1");
        auto *z = p->add_zones();
        z->set_zone("z1");
        z->set_max_vcpus(16);
        auto *s = p->add_shares();
        s->set_qos_class("gold");
        s->set_cpu_shares(2048);
    });
    QVERIFY2(set.error().code() == proto::ERROR_NONE, set.error().message().c_str());
    const auto offhours = call([](proto::OpsRequest &r) {
        auto *p = r.mutable_put_policy_set()->mutable_policy_set();
        p->set_domain("prod");
        p->set_name("offhours");
        p->add_run("batch1");
        p->add_stop("web2");
    });
    QVERIFY2(offhours.error().code() == proto::ERROR_NONE, offhours.error().message().c_str());
    const auto def = call([](proto::OpsRequest &r) {
        r.mutable_update_domain()->set_name("prod");
        r.mutable_update_domain()->set_default_policy_set("offhours");
    });
    QVERIFY2(def.error().code() == proto::ERROR_NONE, def.error().message().c_str());
    const auto entry = call([](proto::OpsRequest &r) {
        auto *e = r.mutable_put_calendar_entry()->mutable_entry();
        e->set_domain("prod");
        e->set_name("business-hours");
        e->set_policy_set("business");
        e->set_time_zone("Europe/Berlin");
        e->set_start("2026-03-02T08:00");
        e->set_duration_seconds(10 * 3600);
        e->set_recurrence("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR");
    });
    QVERIFY2(entry.error().code() == proto::ERROR_NONE, entry.error().message().c_str());
}

void TestOpsDefinitions::zonesHaveMembersLocationAndPolicy()
{
    addHost("h1");
    addHost("h2");
    const auto created = call([](proto::OpsRequest &r) {
        auto *z = r.mutable_create_zone()->mutable_zone();
        z->set_name("z1");
        z->add_hosts("h1");
        z->add_hosts("h2");
        z->mutable_location()->set_site("dc1");
        z->mutable_location()->set_room("r2");
        z->set_qos_class("gold");
        z->set_bandwidth_budget_mbps(20000);
        z->set_allocation(proto::ALLOCATION_POLICY_SPREAD);
        z->set_overcommit_ratio(2.0);
        z->set_ha_headroom(0.25);
    });
    QVERIFY2(created.error().code() == proto::ERROR_NONE, created.error().message().c_str());
    QCOMPARE(created.zone().hosts_size(), 2);
    QCOMPARE(m_engine->host(QStringLiteral("h1"))->zone(), std::string("z1"));

    // Stored: a fresh engine on the same file sees the same zone.
    m_engine.reset();
    auto database = OpsDatabase::open(path());
    QVERIFY(database);
    m_engine = std::make_unique<OpsEngine>(std::move(database).value());
    m_engine->setClock(m_clock.get());
    QVERIFY(m_engine->load());
    const auto zones = m_engine->zones();
    QCOMPARE(zones.size(), 1);
    const auto &z = zones.first();
    QCOMPARE(z.hosts_size(), 2);
    QCOMPARE(z.location().room(), std::string("r2"));
    QCOMPARE(z.qos_class(), std::string("gold"));
    QCOMPARE(z.allocation(), proto::ALLOCATION_POLICY_SPREAD);
    QCOMPARE(z.overcommit_ratio(), 2.0);
    QCOMPARE(z.ha_headroom(), 0.25);
    QCOMPARE(z.bandwidth_budget_mbps(), 20000u);

    // Members change from the zone's side: h2 leaves.
    const auto updated = call([](proto::OpsRequest &r) {
        r.mutable_update_zone()->set_name("z1");
        r.mutable_update_zone()->set_set_hosts(true);
        r.mutable_update_zone()->add_hosts("h1");
        r.mutable_update_zone()->set_ha_headroom(0.5);
    });
    QVERIFY2(updated.error().code() == proto::ERROR_NONE, updated.error().message().c_str());
    QCOMPARE(updated.zone().hosts_size(), 1);
    QCOMPARE(updated.zone().ha_headroom(), 0.5);
    QCOMPARE(m_engine->host(QStringLiteral("h2"))->zone(), std::string());

    // An empty zone may be created; an unused zone may be deleted and its
    // hosts are then in no zone.
    QCOMPARE(call([](proto::OpsRequest &r) { r.mutable_create_zone()->mutable_zone()->set_name("spare"); }).error().code(),
             proto::ERROR_NONE);
    const auto deleted = call([](proto::OpsRequest &r) { r.mutable_delete_zone()->set_name("z1"); });
    QVERIFY2(deleted.error().code() == proto::ERROR_NONE, deleted.error().message().c_str());
    QCOMPARE(m_engine->host(QStringLiteral("h1"))->zone(), std::string());
    QCOMPARE(m_engine->zones().size(), 1);
}

void TestOpsDefinitions::renamesAZoneEverywhere()
{
    buildScenario();
    const auto renamed = call([](proto::OpsRequest &r) {
        r.mutable_update_zone()->set_name("z1");
        r.mutable_update_zone()->set_new_name("zone-a");
    });
    QVERIFY2(renamed.error().code() == proto::ERROR_NONE, renamed.error().message().c_str());
    QCOMPARE(m_engine->host(QStringLiteral("h1"))->zone(), std::string("zone-a"));
    proto::PartitionRef ref;
    ref.set_name("batch1");
    ref.set_domain("prod");
    QCOMPARE(m_engine->partition(ref)->spec().zone(), std::string("zone-a"));
    const auto domains = m_engine->domains();
    for (const auto &d : domains)
        if (d.name() == "prod")
            QCOMPARE(d.allowed_zones(0), std::string("zone-a"));
    const auto policies = call([](proto::OpsRequest &r) { r.mutable_list_policies()->set_domain("prod"); });
    for (const auto &set : policies.policies().policy_sets())
        if (set.name() == "business")
            QCOMPARE(set.zones(0).zone(), std::string("zone-a"));
}

void TestOpsDefinitions::domainsAreRenamedAndDeletedWithReasons()
{
    buildScenario();
    const auto renamed = call([](proto::OpsRequest &r) {
        r.mutable_update_domain()->set_name("prod");
        r.mutable_update_domain()->set_new_name("production");
        r.mutable_update_domain()->set_description("Production systems");
    });
    QVERIFY2(renamed.error().code() == proto::ERROR_NONE, renamed.error().message().c_str());
    QCOMPARE(m_engine->partitions(QStringLiteral("production")).size(), 3);
    QVERIFY(m_engine->partitions(QStringLiteral("prod")).isEmpty());
    const auto policies = call([](proto::OpsRequest &r) { r.mutable_list_policies()->set_domain("production"); });
    QCOMPARE(policies.policies().policy_sets_size(), 2);
    QCOMPARE(policies.policies().entries_size(), 1);
    QCOMPARE(policies.policies().entries(0).domain(), std::string("production"));

    // In use: the reply names what uses it; nothing changes.
    const QString before = storedDefinitions(path());
    const auto refused = call([](proto::OpsRequest &r) { r.mutable_delete_domain()->set_name("production"); });
    QCOMPARE(refused.error().code(), proto::ERROR_FAILED_PRECONDITION);
    QCOMPARE(text(refused.error().message()),
             QStringLiteral("Domain production is in use: it has 3 partitions (batch1, web1, web2); delete them before the domain."));
    QCOMPARE(storedDefinitions(path()), before);
    const auto defaultDomain = call([](proto::OpsRequest &r) { r.mutable_delete_domain()->set_name("default"); });
    QCOMPARE(text(defaultDomain.error().message()), QStringLiteral("The domain default always exists; it cannot be deleted."));

    // Empty of partitions, it goes with its policy sets and calendar.
    for (const char *name : {"web1", "web2", "batch1"}) {
        const auto deleted = call([&](proto::OpsRequest &r) {
            r.mutable_delete_partition()->set_name(name);
            r.mutable_delete_partition()->set_domain("production");
        });
        QVERIFY2(deleted.error().code() == proto::ERROR_NONE, deleted.error().message().c_str());
    }
    const auto deleted = call([](proto::OpsRequest &r) { r.mutable_delete_domain()->set_name("production"); });
    QVERIFY2(deleted.error().code() == proto::ERROR_NONE, deleted.error().message().c_str());
    QCOMPARE(call([](proto::OpsRequest &r) { r.mutable_list_policies(); }).policies().policy_sets_size(), 0);
    QCOMPARE(m_engine->domains().size(), 1);
}

void TestOpsDefinitions::hostsGetLocationAndLinks()
{
    buildScenario();
    const auto set = call([](proto::OpsRequest &r) {
        auto *u = r.mutable_update_host();
        u->set_name("h1");
        u->mutable_location()->set_site("dc1");
        u->mutable_location()->set_rack("r7");
        u->set_set_links(true);
        auto *l = u->add_links();
        l->set_name("eth0");
        l->set_capacity_mbps(25000);
        l = u->add_links();
        l->set_name("eth1");
        l->set_capacity_mbps(1000);
    });
    QVERIFY2(set.error().code() == proto::ERROR_NONE, set.error().message().c_str());
    QCOMPARE(set.host().links_size(), 2);
    QCOMPARE(set.host().location().rack(), std::string("r7"));
    // Moving a host to a zone that does not exist is refused.
    const auto nowhere = call([](proto::OpsRequest &r) {
        r.mutable_update_host()->set_name("h1");
        r.mutable_update_host()->set_zone("atlantis");
    });
    QCOMPARE(nowhere.error().code(), proto::ERROR_NOT_FOUND);
    QCOMPARE(text(nowhere.error().message()), QStringLiteral("Zone atlantis does not exist; create it first (vdcctl zone create atlantis)."));
    // Kept across a restart.
    const auto rows = m_engine->database().hosts();
    for (const auto &row : *rows)
        if (row.name == QLatin1String("h1")) {
            QCOMPARE(row.links.size(), 2);
            QCOMPARE(row.location.site(), std::string("dc1"));
        }
}

void TestOpsDefinitions::partitionsGetPlacementRules()
{
    buildScenario();
    const auto changed = call([](proto::OpsRequest &r) {
        auto *u = r.mutable_update_partition();
        u->mutable_partition()->set_name("batch1");
        u->mutable_partition()->set_domain("prod");
        u->mutable_spec()->set_site("dc1");
        u->mutable_spec()->add_not_in_rack_of_groups("web");
        u->mutable_spec()->set_affinity_group("batch");
        u->mutable_spec()->set_affinity_scope(proto::AFFINITY_SCOPE_RACK);
        u->mutable_spec()->set_cpu_shares(512);
        u->mutable_spec()->set_vcpus(4);
        for (const char *f : {"site", "not_in_rack_of_groups", "affinity_group", "affinity_scope", "cpu_shares", "vcpus"})
            u->add_fields(f);
    });
    QVERIFY2(changed.error().code() == proto::ERROR_NONE, changed.error().message().c_str());
    QCOMPARE(changed.partition().spec().vcpus(), 4u);
    QCOMPARE(changed.partition().spec().not_in_rack_of_groups(0), std::string("web"));
    QCOMPARE(changed.partition().spec().affinity_scope(), proto::AFFINITY_SCOPE_RACK);
    QCOMPARE(changed.partition().effective_cpu_shares(), 512u);
    // Fields that are not there or not to be changed.
    const auto uuid = call([](proto::OpsRequest &r) {
        auto *u = r.mutable_update_partition();
        u->mutable_partition()->set_name("batch1");
        u->mutable_partition()->set_domain("prod");
        u->add_fields("uuid");
    });
    QCOMPARE(uuid.error().code(), proto::ERROR_INVALID_ARGUMENT);
    QVERIFY(text(uuid.error().message()).startsWith(QStringLiteral("\"uuid\" is not a field of a partition that can be changed")));
    const auto rows = m_engine->database().partitions();
    for (const auto &row : *rows)
        if (row.partition.spec().name() == "batch1")
            QCOMPARE(row.partition.spec().cpu_shares(), 512u);
}

void TestOpsDefinitions::explainsPlacementForTheConsole()
{
    buildScenario();
    // The hosts never answered: every host is rejected for that.
    const auto explained = call([](proto::OpsRequest &r) {
        auto *s = r.mutable_start_partitions();
        s->set_dry_run(true);
        s->add_partitions()->set_name("web1");
        s->mutable_partitions(0)->set_domain("prod");
        s->add_partitions()->set_name("batch1");
        s->mutable_partitions(1)->set_domain("prod");
    });
    QVERIFY2(explained.error().code() == proto::ERROR_NONE, explained.error().message().c_str());
    QCOMPARE(explained.placement().decisions_size(), 2);
    QVERIFY(!explained.placement().complete());
    QVERIFY(explained.rejections_size() >= 2);
    QStringList reasons;
    for (const auto &r : explained.rejections())
        reasons << text(r.reason());
    QVERIFY2(reasons.contains(QStringLiteral("h1: host is unreachable")), qPrintable(reasons.join(QLatin1Char('\n'))));
    // Nothing was started or stored by a dry run.
    for (const auto &p : m_engine->partitions(QStringLiteral("prod")))
        QCOMPARE(p.state(), proto::PARTITION_STATE_STOPPED);
}

void TestOpsDefinitions::refusesBadInputAndChangesNothing_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("message");
    const QString longName(10000, QLatin1Char('x'));
    int k = 0;
    QTest::newRow("rrule that does not parse") << k++ << int(proto::ERROR_INVALID_ARGUMENT)
                                               << QStringLiteral("The recurrence rule \"FREQ=SOMETIMES\" is not valid");
    QTest::newRow("entry ending before it starts") << k++ << int(proto::ERROR_INVALID_ARGUMENT)
                                                   << QStringLiteral("ends at 2026-03-02 07:00 before it starts at 2026-03-02 08:00");
    QTest::newRow("policy for a zone with no hosts") << k++ << int(proto::ERROR_FAILED_PRECONDITION)
                                                     << QStringLiteral("Policy set bad sets limits for zone empty, which has no hosts");
    QTest::newRow("placing into a zone with no hosts") << k++ << int(proto::ERROR_FAILED_PRECONDITION)
                                                       << QStringLiteral("Zone empty has no hosts; add a host to it before placing "
                                                                         "partition lonely there.");
    QTest::newRow("bandwidth above any link") << k++ << int(proto::ERROR_INVALID_ARGUMENT)
                                              << QStringLiteral("Partition fat asks for a 20000 Mbps bandwidth guarantee, but no link "
                                                                "can carry it: the largest (on host h1) has 10000 Mbps.");
    QTest::newRow("anti-affinity group that cannot be satisfied")
        << k++ << int(proto::ERROR_FAILED_PRECONDITION)
        << QStringLiteral("Anti-affinity group web cannot be satisfied: with partition web3 it has 3 members, each needing a host "
                          "of its own, but only 2 hosts can take them (h1, h2).");
    QTest::newRow("deleting a zone with partitions in it") << k++ << int(proto::ERROR_FAILED_PRECONDITION)
                                                           << QStringLiteral("Zone z1 is in use and cannot be deleted: partitions "
                                                                             "prod/batch1 are assigned to it");
    QTest::newRow("domain name with a quote") << k++ << int(proto::ERROR_INVALID_ARGUMENT)
                                              << QStringLiteral("has characters that are not allowed");
    QTest::newRow("zone name of 10,000 characters") << k++ << int(proto::ERROR_INVALID_ARGUMENT)
                                                    << QStringLiteral("The zone name is 10000 characters long; at most 63 are allowed.");
    QTest::newRow("policy set name with a quote") << k++ << int(proto::ERROR_INVALID_ARGUMENT)
                                                  << QStringLiteral("has characters that are not allowed");
    QTest::newRow("calendar entry name of 10,000 characters") << k++ << int(proto::ERROR_INVALID_ARGUMENT)
                                                              << QStringLiteral("10000 characters long");
    QTest::newRow("partition name with a quote") << k++ << int(proto::ERROR_INVALID_ARGUMENT)
                                                 << QStringLiteral("has characters that are not allowed");
    QTest::newRow("link name of 10,000 characters") << k++ << int(proto::ERROR_INVALID_ARGUMENT)
                                                    << QStringLiteral("The link name is 10000 characters long");
    QTest::newRow("conflicting calendar entries") << k++ << int(proto::ERROR_CONFLICT)
                                                  << QStringLiteral("overlaps entry \"business-hours\" (policy set \"business\") at the "
                                                                    "same priority 0");
    QTest::newRow("calendar entry for a policy set that does not exist") << k++ << int(proto::ERROR_NOT_FOUND)
                                                                         << QStringLiteral("Policy set ghost does not exist in domain prod");
    QTest::newRow("deleting a policy set in use") << k++ << int(proto::ERROR_FAILED_PRECONDITION)
                                                  << QStringLiteral("Policy set business is in use: calendar entries business-hours put "
                                                                    "it in force");
    QTest::newRow("domain using a zone that does not exist") << k++ << int(proto::ERROR_NOT_FOUND)
                                                             << QStringLiteral("Zone nowhere does not exist, so domain dev cannot use it");
    QTest::newRow("overcommit out of range") << k++ << int(proto::ERROR_INVALID_ARGUMENT)
                                             << QStringLiteral("Zone z1 has a core overcommit ratio of 100; give a ratio from 1 to 64.");
    QTest::newRow("partition outside the domain's zones") << k++ << int(proto::ERROR_FAILED_PRECONDITION)
                                                          << QStringLiteral("Domain prod may use zones z1, empty; partition odd cannot "
                                                                            "be assigned to zone spare.");
}

void TestOpsDefinitions::refusesBadInputAndChangesNothing()
{
    QFETCH(int, kind);
    QFETCH(int, code);
    QFETCH(QString, message);
    buildScenario();
    QCOMPARE(call([](proto::OpsRequest &r) { r.mutable_create_zone()->mutable_zone()->set_name("spare"); }).error().code(),
             proto::ERROR_NONE);
    const QString longName(10000, QLatin1Char('x'));
    const QString before = storedDefinitions(path());
    QVERIFY(before.contains(QStringLiteral("business-hours")) && before.contains(QStringLiteral("web1")));
    const auto zonesBefore = m_engine->zones().size();
    const auto partitionsBefore = m_engine->partitions().size();

    auto entry = [](proto::CalendarEntry *e, const char *name) {
        e->set_domain("prod");
        e->set_name(name);
        e->set_policy_set("business");
        e->set_time_zone("UTC");
        e->set_start("2026-03-02T08:00");
        e->set_duration_seconds(3600);
    };
    proto::OpsReply reply;
    switch (kind) {
    case 0:
        reply = call([&](proto::OpsRequest &r) {
            entry(r.mutable_put_calendar_entry()->mutable_entry(), "bad");
            r.mutable_put_calendar_entry()->mutable_entry()->set_recurrence("FREQ=SOMETIMES");
        });
        break;
    case 1:
        reply = call([&](proto::OpsRequest &r) {
            entry(r.mutable_put_calendar_entry()->mutable_entry(), "bad");
            r.mutable_put_calendar_entry()->mutable_entry()->set_duration_seconds(0);
            r.mutable_put_calendar_entry()->mutable_entry()->set_end("2026-03-02T07:00");
        });
        break;
    case 2:
        reply = call([](proto::OpsRequest &r) {
            auto *p = r.mutable_put_policy_set()->mutable_policy_set();
            p->set_domain("prod");
            p->set_name("bad");
            p->add_zones()->set_zone("empty");
            p->mutable_zones(0)->set_max_vcpus(4);
        });
        break;
    case 3: {
        // Creating a partition for an empty zone is fine; placing it there is not.
        createPartition("lonely", "prod", [](proto::PartitionSpec &s) { s.set_zone("empty"); });
        const QString created = storedDefinitions(path());
        reply = call([](proto::OpsRequest &r) {
            r.mutable_start_partition()->set_name("lonely");
            r.mutable_start_partition()->set_domain("prod");
        });
        QCOMPARE(storedDefinitions(path()), created);
        QCOMPARE(reply.error().code(), proto::ErrorCode(code));
        QVERIFY2(text(reply.error().message()).contains(message), reply.error().message().c_str());
        return;
    }
    case 4:
        reply = call([](proto::OpsRequest &r) {
            auto *s = r.mutable_create_partition()->mutable_spec();
            s->set_name("fat");
            s->set_domain("prod");
            s->set_vcpus(1);
            s->set_memory_mib(64);
            s->set_bandwidth_mbps(20000);
        });
        break;
    case 5:
        reply = call([](proto::OpsRequest &r) {
            auto *s = r.mutable_create_partition()->mutable_spec();
            s->set_name("web3");
            s->set_domain("prod");
            s->set_vcpus(1);
            s->set_memory_mib(64);
            s->set_anti_affinity_group("web");
        });
        break;
    case 6:
        reply = call([](proto::OpsRequest &r) { r.mutable_delete_zone()->set_name("z1"); });
        break;
    case 7:
        reply = call([](proto::OpsRequest &r) { r.mutable_create_domain()->mutable_domain()->set_name("it's"); });
        break;
    case 8:
        reply = call([&](proto::OpsRequest &r) { r.mutable_create_zone()->mutable_zone()->set_name(longName.toStdString()); });
        break;
    case 9:
        reply = call([](proto::OpsRequest &r) {
            r.mutable_put_policy_set()->mutable_policy_set()->set_domain("prod");
            r.mutable_put_policy_set()->mutable_policy_set()->set_name("\"quoted\"");
        });
        break;
    case 10:
        reply = call([&](proto::OpsRequest &r) { entry(r.mutable_put_calendar_entry()->mutable_entry(), longName.toUtf8().constData()); });
        break;
    case 11:
        reply = call([](proto::OpsRequest &r) {
            auto *s = r.mutable_create_partition()->mutable_spec();
            s->set_name("web\"1");
            s->set_domain("prod");
            s->set_vcpus(1);
            s->set_memory_mib(64);
        });
        break;
    case 12:
        reply = call([&](proto::OpsRequest &r) {
            r.mutable_update_host()->set_name("h1");
            r.mutable_update_host()->set_set_links(true);
            r.mutable_update_host()->add_links()->set_name(longName.toStdString());
            r.mutable_update_host()->mutable_links(0)->set_capacity_mbps(1000);
        });
        break;
    case 13:
        reply = call([&](proto::OpsRequest &r) {
            entry(r.mutable_put_calendar_entry()->mutable_entry(), "maintenance");
            r.mutable_put_calendar_entry()->mutable_entry()->set_policy_set("offhours");
            r.mutable_put_calendar_entry()->mutable_entry()->set_time_zone("Europe/Berlin");
            r.mutable_put_calendar_entry()->mutable_entry()->set_start("2026-03-03T09:00");
        });
        break;
    case 14:
        reply = call([&](proto::OpsRequest &r) {
            entry(r.mutable_put_calendar_entry()->mutable_entry(), "ghostly");
            r.mutable_put_calendar_entry()->mutable_entry()->set_policy_set("ghost");
        });
        break;
    case 15:
        reply = call([](proto::OpsRequest &r) {
            r.mutable_delete_policy()->set_domain("prod");
            r.mutable_delete_policy()->set_policy_set("business");
        });
        break;
    case 16:
        reply = call([](proto::OpsRequest &r) {
            r.mutable_create_domain()->mutable_domain()->set_name("dev");
            r.mutable_create_domain()->mutable_domain()->add_allowed_zones("nowhere");
        });
        break;
    case 17:
        reply = call([](proto::OpsRequest &r) {
            r.mutable_update_zone()->set_name("z1");
            r.mutable_update_zone()->set_overcommit_ratio(100);
        });
        break;
    case 18:
        reply = call([](proto::OpsRequest &r) {
            auto *s = r.mutable_create_partition()->mutable_spec();
            s->set_name("odd");
            s->set_domain("prod");
            s->set_vcpus(1);
            s->set_memory_mib(64);
            s->set_zone("spare");
        });
        break;
    default:
        QFAIL("unknown case");
    }
    QCOMPARE(reply.error().code(), proto::ErrorCode(code));
    QVERIFY2(text(reply.error().message()).contains(message), reply.error().message().c_str());
    QCOMPARE(storedDefinitions(path()), before);
    QCOMPARE(m_engine->zones().size(), zonesBefore);
    QCOMPARE(m_engine->partitions().size(), partitionsBefore);
    // The refusal itself is in the audit log.
    const auto events = m_engine->database().auditEvents();
    QVERIFY(events->last().result != QLatin1String("ok"));
    QCOMPARE(events->last().user, QStringLiteral("alice"));
}

void TestOpsDefinitions::resolvesOverlapsByPriority()
{
    buildScenario();
    // The same overlap as the refused one, with an explicit priority.
    const auto accepted = call([](proto::OpsRequest &r) {
        auto *e = r.mutable_put_calendar_entry()->mutable_entry();
        e->set_domain("prod");
        e->set_name("maintenance");
        e->set_policy_set("offhours");
        e->set_time_zone("Europe/Berlin");
        e->set_start("2026-03-03T09:00");
        e->set_duration_seconds(3600);
        e->set_priority(10);
    });
    QVERIFY2(accepted.error().code() == proto::ERROR_NONE, accepted.error().message().c_str());
    // During it, the higher priority wins.
    const auto preview = call([](proto::OpsRequest &r) {
        r.mutable_preview_calendar()->set_domain("prod");
        r.mutable_preview_calendar()->set_from_ms(QDateTime(QDate(2026, 3, 3), QTime(7, 30), Qt::UTC).toMSecsSinceEpoch());
        r.mutable_preview_calendar()->set_until_ms(QDateTime(QDate(2026, 3, 3), QTime(9, 30), Qt::UTC).toMSecsSinceEpoch());
    });
    QStringList sets;
    for (const auto &b : preview.preview().boundaries())
        sets << text(b.policy_set_after());
    QCOMPARE(sets, (QStringList{QStringLiteral("business"), QStringLiteral("offhours"), QStringLiteral("business")}));
}

void TestOpsDefinitions::previewsTheNextBoundaryAndAWindow()
{
    buildScenario();
    m_engine->evaluateCalendars(); // Sunday noon: the default set (offhours) goes in force
    QCOMPARE(m_engine->appliedPolicySet(QStringLiteral("prod")), QStringLiteral("offhours"));
    const auto next = call([](proto::OpsRequest &r) { r.mutable_preview_calendar()->set_domain("prod"); });
    QVERIFY2(next.error().code() == proto::ERROR_NONE, next.error().message().c_str());
    QCOMPARE(next.preview().boundaries_size(), 1);
    const auto &b = next.preview().boundaries(0);
    QCOMPARE(b.at_ms(), QDateTime(QDate(2026, 3, 2), QTime(7, 0), Qt::UTC).toMSecsSinceEpoch()); // 08:00 Berlin
    QCOMPARE(b.policy_set_before(), std::string("offhours"));
    QCOMPARE(b.policy_set_after(), std::string("business"));
    QStringList changes;
    for (const auto &c : b.changes())
        changes << text(c);
    QCOMPARE(changes, (QStringList{QStringLiteral("Start partition web1."), QStringLiteral("Start partition web2."),
                                   QStringLiteral("CPU shares of partition web1: 2048 instead of the host default."),
                                   QStringLiteral("Limits from now on: zone z1: at most 16 vCPUs.")}));

    // A week: ten boundaries, each with what changes.
    const auto week = call([](proto::OpsRequest &r) {
        r.mutable_preview_calendar()->set_domain("prod");
        r.mutable_preview_calendar()->set_until_ms(QDateTime(QDate(2026, 3, 8), QTime(12, 0), Qt::UTC).toMSecsSinceEpoch());
    });
    QCOMPARE(week.preview().boundaries_size(), 10);
    QVERIFY(text(week.preview().boundaries(1).summary()).contains(QStringLiteral("ends")));
    QVERIFY(text(week.preview().boundaries(1).changes(0)) == QStringLiteral("Stop partition web1.")
            || text(week.preview().boundaries(1).changes(0)) == QStringLiteral("Stop partition web2."));

    // A window that ends before it starts is refused.
    const auto backwards = call([](proto::OpsRequest &r) {
        r.mutable_preview_calendar()->set_from_ms(QDateTime(QDate(2026, 3, 8), QTime(12, 0), Qt::UTC).toMSecsSinceEpoch());
        r.mutable_preview_calendar()->set_until_ms(QDateTime(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC).toMSecsSinceEpoch());
    });
    QCOMPARE(backwards.error().code(), proto::ERROR_INVALID_ARGUMENT);
}

void TestOpsDefinitions::exportsAndImportsADomain()
{
    buildScenario();
    const auto exported = call([](proto::OpsRequest &r) { r.mutable_export_domain()->set_name("prod"); });
    QVERIFY2(exported.error().code() == proto::ERROR_NONE, exported.error().message().c_str());
    QCOMPARE(text(exported.document().summary()), QStringLiteral("Domain prod: 3 partitions, 2 policy sets, 1 calendar entries."));
    const std::string document = exported.document().text();

    // The same name is taken; a dry run under another changes nothing.
    const auto taken = call([&](proto::OpsRequest &r) { r.mutable_import_domain()->set_document(document); });
    QCOMPARE(taken.error().code(), proto::ERROR_ALREADY_EXISTS);
    const QString before = storedDefinitions(path());
    const auto dry = call([&](proto::OpsRequest &r) {
        r.mutable_import_domain()->set_document(document);
        r.mutable_import_domain()->set_rename_to("staging");
        r.mutable_import_domain()->set_dry_run(true);
    });
    QVERIFY2(dry.error().code() == proto::ERROR_NONE, dry.error().message().c_str());
    QCOMPARE(storedDefinitions(path()), before);

    const auto imported = call([&](proto::OpsRequest &r) {
        r.mutable_import_domain()->set_document(document);
        r.mutable_import_domain()->set_rename_to("staging");
    });
    QVERIFY2(imported.error().code() == proto::ERROR_NONE, imported.error().message().c_str());
    const auto copies = m_engine->partitions(QStringLiteral("staging"));
    const auto originals = m_engine->partitions(QStringLiteral("prod"));
    QCOMPARE(copies.size(), originals.size());
    for (int i = 0; i < copies.size(); ++i) {
        QCOMPARE(copies[i].spec().name(), originals[i].spec().name());
        QVERIFY(copies[i].spec().uuid() != originals[i].spec().uuid()); // a copy gets new UUIDs
        proto::PartitionSpec a = copies[i].spec();
        proto::PartitionSpec b = originals[i].spec();
        a.clear_uuid();
        a.clear_domain();
        b.clear_uuid();
        b.clear_domain();
        QCOMPARE(a.SerializeAsString(), b.SerializeAsString());
    }
    const auto policies = call([](proto::OpsRequest &r) { r.mutable_list_policies()->set_domain("staging"); });
    QCOMPARE(policies.policies().policy_sets_size(), 2);
    QCOMPARE(policies.policies().entries_size(), 1);
    QCOMPARE(policies.policies().entries(0).recurrence(), std::string("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"));

    // Exporting the copy gives the same definitions under its name.
    const auto again = call([](proto::OpsRequest &r) { r.mutable_export_domain()->set_name("staging"); });
    QVERIFY(text(again.document().text()).contains(QStringLiteral("\"name\": \"staging\"")));
}

void TestOpsDefinitions::refusesABadImportAndChangesNothing()
{
    buildScenario();
    const auto exported = call([](proto::OpsRequest &r) { r.mutable_export_domain()->set_name("prod"); });
    const QString document = text(exported.document().text());
    const QString before = storedDefinitions(path());
    const QList<std::pair<QString, QString>> cases = {
        {QStringLiteral("{ not json"), QStringLiteral("The export document is not valid JSON")},
        {QString(document).replace(QStringLiteral("\"format\""), QStringLiteral("\"colour\": 1, \"format\"")),
         QStringLiteral("The export document has an unknown key \"colour\".")},
        {QString(document).replace(QStringLiteral("\"vcpus\": 2"), QStringLiteral("\"vcpus\": 0")),
         QStringLiteral("vCPUs")},
        {QString(document).replace(QStringLiteral("\"zone\": \"z1\""), QStringLiteral("\"zone\": \"mars\"")),
         QStringLiteral("zone mars")},
        {QString(document).replace(QStringLiteral("FREQ=WEEKLY"), QStringLiteral("FREQ=OFTEN")), QStringLiteral("OFTEN")},
        {QString(document).replace(QStringLiteral("\"version\": 1"), QStringLiteral("\"version\": 7")),
         QStringLiteral("version 7")},
    };
    for (const auto &[doc, why] : cases) {
        const auto reply = call([&](proto::OpsRequest &r) {
            r.mutable_import_domain()->set_document(doc.toStdString());
            r.mutable_import_domain()->set_rename_to("copy");
        });
        QVERIFY2(reply.error().code() != proto::ERROR_NONE, qPrintable(why));
        QVERIFY2(text(reply.error().message()).contains(why), reply.error().message().c_str());
        QCOMPARE(storedDefinitions(path()), before);
    }
}

void TestOpsDefinitions::queriesTheAuditLogByObjectAndTime()
{
    buildScenario();
    const qint64 middle = QDateTime::currentMSecsSinceEpoch();
    QTest::qWait(20); // audit times are in milliseconds
    const auto changed = call([](proto::OpsRequest &r) {
        auto *u = r.mutable_update_partition();
        u->mutable_partition()->set_name("web1");
        u->mutable_partition()->set_domain("prod");
        u->mutable_spec()->set_priority(7);
        u->add_fields("priority");
    });
    QVERIFY(changed.error().code() == proto::ERROR_NONE);

    auto query = [&](const std::function<void(proto::QueryAudit *)> &fill) {
        const auto reply = call([&](proto::OpsRequest &r) { fill(r.mutable_query_audit()); });
        QStringList actions;
        for (const auto &e : reply.audit().events())
            actions << text(e.action()) + QLatin1Char(' ') + text(e.object());
        return actions;
    };
    const QStringList all = query([](proto::QueryAudit *q) { q->set_object("partition prod/web1"); });
    QCOMPARE(all, (QStringList{QStringLiteral("partition.create partition prod/web1"),
                               QStringLiteral("partition.update partition prod/web1")}));
    QCOMPARE(query([](proto::QueryAudit *q) { q->set_object("prod/web1"); }), all);
    QCOMPARE(query([](proto::QueryAudit *q) { q->set_object("web1"); }), all);
    QCOMPARE(query([&](proto::QueryAudit *q) {
                 q->set_object("web1");
                 q->set_since_ms(middle);
             }),
             QStringList{QStringLiteral("partition.update partition prod/web1")});
    QCOMPARE(query([&](proto::QueryAudit *q) {
                 q->set_object("web1");
                 q->set_until_ms(middle);
             }),
             QStringList{QStringLiteral("partition.create partition prod/web1")});
    const QStringList zones = query([](proto::QueryAudit *q) { q->set_action("zone."); });
    QCOMPARE(zones, (QStringList{QStringLiteral("zone.create zone z1"), QStringLiteral("zone.create zone empty")}));
    QVERIFY(query([](proto::QueryAudit *q) { q->set_user("nobody"); }).isEmpty());
    const auto reply = call([](proto::OpsRequest &r) {
        r.mutable_query_audit()->set_object("web1");
        r.mutable_query_audit()->set_limit(1);
    });
    QCOMPARE(reply.audit().events_size(), 1);
    QCOMPARE(reply.audit().events(0).action(), std::string("partition.update")); // the newest
    QCOMPARE(reply.audit().events(0).user(), std::string("alice"));
    QCOMPARE(reply.audit().events(0).result(), std::string("ok"));
}

QTEST_GUILESS_MAIN(TestOpsDefinitions)
#include "tst_opsdefinitions.moc"
