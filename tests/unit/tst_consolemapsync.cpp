// The map against a real embedded operations engine, as two admins see it:
// a zone drawn, moved or resized on one console's map is stored by the
// engine with its map region and shows in the same place on a second
// console; bad regions are refused with a sentence and change nothing; a
// zone drawn with zero size sends nothing; regions survive an engine
// restart, and zones stored before regions existed are laid out
// automatically. When the engine goes away while the map is shown, the map
// keeps the last state, says it is read-only and refuses drags with the
// reason; once the engine is back it reconnects and drags work again.
#include "hostcarditem.h"
#include "mappanel.h"
#include "mapscene.h"
#include "mapview.h"
#include "opsclient.h"
#include "opsdatabase.h"
#include "opsservice.h"
#include "statestore.h"
#include "zoneitem.h"

#include <QAction>
#include <QLabel>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <limits>

using namespace vdc;
using namespace vdc::gui;

namespace {
const QString kListen = QStringLiteral("inproc://tst-consolemapsync-ops");
const QString kPublish = QStringLiteral("inproc://tst-consolemapsync-state");
constexpr int kWaitMs = 30000;

const QString kWeb1 = QStringLiteral("00000000-0000-4000-8000-000000000001");

QRectF rectOf(const proto::MapRegion &r) { return QRectF(r.x(), r.y(), r.width(), r.height()); }

proto::MapRegion regionOf(double x, double y, double width, double height)
{
    proto::MapRegion r;
    r.set_x(x);
    r.set_y(y);
    r.set_width(width);
    r.set_height(height);
    return r;
}

proto::Host makeHost(const QString &name, const QString &zone, std::uint32_t coresFree)
{
    proto::Host h;
    h.set_name(name.toStdString());
    h.set_zone(zone.toStdString());
    h.set_state(proto::HOST_STATE_UP);
    h.set_cores_total(16);
    h.set_cores_reserved(1);
    h.set_cores_free(coresFree);
    h.set_memory_total_mib(32768);
    h.set_memory_reserved_mib(1024);
    h.set_memory_free_mib(24576);
    return h;
}
} // namespace

class TestConsoleMapSync : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void drawnZoneKeepsItsRegionInEngine();
    void movedAndResizedZoneIsSeenBySecondConsole();
    void badRegionsAreRefused();
    void zeroSizeZoneSendsNothing();
    void regionsSurviveRestartAndOldZonesAreLaidOut();
    void engineGoneMakesMapReadOnly();

private:
    Result<void> startEngine();
    proto::OpsReply ask(OpsClient *client, const proto::OpsRequest &request);
    void showPanel(StateStore *store);
    QPoint viewPoint(const QPointF &scenePos) const { return m_panel->view()->mapFromScene(scenePos); }
    void drag(const QPointF &from, const QPointF &to);
    int zoneCreateRequestsAudited();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ops::OpsService> m_service;
    std::unique_ptr<StateStore> m_storeA; // the console with the map
    std::unique_ptr<OpsClient> m_clientA;
    std::unique_ptr<StateStore> m_storeB; // a second console
    std::unique_ptr<OpsClient> m_clientB;
    std::unique_ptr<StateStore> m_hostsStore; // a data center with hosts for drags, no daemons
    std::unique_ptr<MapPanel> m_panel;
};

Result<void> TestConsoleMapSync::startEngine()
{
    ops::OpsService::Options options;
    options.databasePath = m_dir->filePath(QStringLiteral("ops.sqlite"));
    options.listenEndpoint = kListen;
    options.publishEndpoint = kPublish;
    auto service = ops::OpsService::start(options);
    if (!service)
        return service.error();
    m_service = std::move(service.value());
    return {};
}

void TestConsoleMapSync::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    const auto started = startEngine();
    QVERIFY2(started.ok(), qPrintable(started ? QString() : started.error().message()));
    m_storeA = std::make_unique<StateStore>();
    m_clientA = std::make_unique<OpsClient>(m_storeA.get());
    m_storeB = std::make_unique<StateStore>();
    m_clientB = std::make_unique<OpsClient>(m_storeB.get());
    QVERIFY(m_clientA->connectTo(kListen).ok());
    QVERIFY(m_clientB->connectTo(kListen).ok());
    QTRY_VERIFY_WITH_TIMEOUT(m_clientA->isConnected() && m_clientB->isConnected(), kWaitMs);
}

void TestConsoleMapSync::cleanup()
{
    m_panel.reset();
    m_clientA.reset();
    m_clientB.reset();
    m_service.reset();
    m_storeA.reset();
    m_storeB.reset();
    m_hostsStore.reset();
    m_dir.reset();
}

proto::OpsReply TestConsoleMapSync::ask(OpsClient *client, const proto::OpsRequest &request)
{
    proto::OpsReply answer;
    bool answered = false;
    client->request(request, this, [&](const proto::OpsReply &reply) {
        answer = reply;
        answered = true;
    });
    if (!QTest::qWaitFor([&] { return answered; }, kWaitMs))
        answer.mutable_error()->set_message("no reply");
    return answer;
}

void TestConsoleMapSync::showPanel(StateStore *store)
{
    m_panel = std::make_unique<MapPanel>(m_clientA.get(), store);
    m_panel->resize(1100, 700);
    m_panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
    m_panel->scene()->flush();
    m_panel->view()->setTransform(QTransform());
    m_panel->view()->centerOn(QPointF(500, 300));
}

void TestConsoleMapSync::drag(const QPointF &from, const QPointF &to)
{
    QWidget *viewport = m_panel->view()->viewport();
    QTest::mousePress(viewport, Qt::LeftButton, {}, viewPoint(from));
    for (int i = 1; i <= 4; ++i)
        QTest::mouseMove(viewport, viewPoint(from + (to - from) * (i / 4.0)));
    QTest::mouseRelease(viewport, Qt::LeftButton, {}, viewPoint(to));
}

int TestConsoleMapSync::zoneCreateRequestsAudited()
{
    proto::OpsRequest query;
    query.mutable_query_audit()->set_action("zone.create");
    const proto::OpsReply reply = ask(m_clientB.get(), query);
    return reply.error().code() == proto::ERROR_NONE ? reply.audit().events_size() : -1;
}

void TestConsoleMapSync::drawnZoneKeepsItsRegionInEngine()
{
    showPanel(m_storeA.get());
    QSignalSpy drawn(m_panel->scene(), &MapScene::zoneDrawn);
    m_panel->drawZoneAction()->setChecked(true);
    QWidget *viewport = m_panel->view()->viewport();
    const QPointF start(300, 200);
    QTest::mousePress(viewport, Qt::LeftButton, {}, viewPoint(start));
    QTest::mouseMove(viewport, viewPoint(start + QPointF(150, 100)));
    QTest::mouseRelease(viewport, Qt::LeftButton, {}, viewPoint(start + QPointF(320, 220)));
    QCOMPARE(drawn.count(), 1);
    const QRectF rect = drawn.at(0).at(0).toRectF();
    // The panel asks for a name; answer as the dialog would.
    m_panel->createZone(QStringLiteral("rack-7"), rect);

    // The second console sees the zone with the region drawn on the first.
    QTRY_VERIFY_WITH_TIMEOUT(m_storeB->zone(QStringLiteral("rack-7")) != nullptr, kWaitMs);
    const proto::Zone *seen = m_storeB->zone(QStringLiteral("rack-7"));
    QVERIFY(seen->has_map_region());
    QCOMPARE(rectOf(seen->map_region()), rect);
    // The first draws it there, from the engine's zone.
    QTRY_VERIFY_WITH_TIMEOUT(m_storeA->zone(QStringLiteral("rack-7")) != nullptr, kWaitMs);
    m_panel->scene()->flush();
    QCOMPARE(m_panel->scene()->zoneSceneRect(QStringLiteral("rack-7")).topLeft(), rect.topLeft());
    QCOMPARE(m_panel->scene()->zoneRegion(QStringLiteral("rack-7")), rect);
}

void TestConsoleMapSync::movedAndResizedZoneIsSeenBySecondConsole()
{
    proto::OpsRequest create;
    create.mutable_create_zone()->mutable_zone()->set_name("rack-a");
    *create.mutable_create_zone()->mutable_zone()->mutable_map_region() = regionOf(100, 100, 400, 260);
    QCOMPARE(ask(m_clientA.get(), create).error().message(), std::string());
    QTRY_VERIFY_WITH_TIMEOUT(m_storeA->zone(QStringLiteral("rack-a")) && m_storeB->zone(QStringLiteral("rack-a")), kWaitMs);
    showPanel(m_storeA.get());
    MapScene *scene = m_panel->scene();
    QCOMPARE(scene->zoneSceneRect(QStringLiteral("rack-a")), QRectF(100, 100, 400, 260));

    // Move: drag the title bar by (200, 50).
    QSignalSpy asked(scene, &MapScene::zoneRegionChangeRequested);
    drag(QPointF(200, 110), QPointF(400, 160));
    QCOMPARE(asked.count(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(rectOf(m_storeB->zone(QStringLiteral("rack-a"))->map_region()) == QRectF(300, 150, 400, 260),
                             kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(rectOf(m_storeA->zone(QStringLiteral("rack-a"))->map_region()), QRectF(300, 150, 400, 260),
                              kWaitMs);
    scene->flush();
    QCOMPARE(scene->zoneSceneRect(QStringLiteral("rack-a")), QRectF(300, 150, 400, 260));

    // Resize: drag the lower right corner by (100, 80).
    const QPointF corner(300 + 400 - ZoneItem::kHandle / 2, 150 + 260 - ZoneItem::kHandle / 2);
    drag(corner, corner + QPointF(100, 80));
    QCOMPARE(asked.count(), 2);
    QTRY_VERIFY_WITH_TIMEOUT(rectOf(m_storeB->zone(QStringLiteral("rack-a"))->map_region()) == QRectF(300, 150, 500, 340),
                             kWaitMs);
    // Nothing else about the zone changed.
    QCOMPARE(m_storeB->zone(QStringLiteral("rack-a"))->name(), std::string("rack-a"));
}

void TestConsoleMapSync::badRegionsAreRefused()
{
    proto::OpsRequest create;
    create.mutable_create_zone()->mutable_zone()->set_name("rack-a");
    *create.mutable_create_zone()->mutable_zone()->mutable_map_region() = regionOf(10, 20, 300, 200);
    QCOMPARE(ask(m_clientA.get(), create).error().code(), proto::ERROR_NONE);
    QTRY_VERIFY_WITH_TIMEOUT(m_storeB->zone(QStringLiteral("rack-a")) != nullptr, kWaitMs);

    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    struct Bad
    {
        proto::MapRegion region;
        const char *says;
    };
    const Bad bad[] = {
        {regionOf(nan, 0, 300, 200), "not a number"},
        {regionOf(0, 0, inf, 200), "not a number"},
        {regionOf(0, -inf, 300, 200), "not a number"},
        {regionOf(0, 0, -300, 200), "above 0"},
        {regionOf(0, 0, 300, 0), "above 0"},
        {regionOf(0, 0, 2e6, 200), "at most"},
        {regionOf(5e6, 0, 300, 200), "place it nearer"},
    };
    for (const Bad &b : bad) {
        proto::OpsRequest update;
        update.mutable_update_zone()->set_name("rack-a");
        *update.mutable_update_zone()->mutable_map_region() = b.region;
        const proto::OpsReply reply = ask(m_clientA.get(), update);
        QCOMPARE(reply.error().code(), proto::ERROR_INVALID_ARGUMENT);
        const QString message = QString::fromStdString(reply.error().message());
        QVERIFY2(message.startsWith(QLatin1String("The map region of zone rack-a")) && message.contains(QLatin1String(b.says))
                     && message.endsWith(QLatin1Char('.')),
                 qPrintable(message));

        proto::OpsRequest badCreate;
        badCreate.mutable_create_zone()->mutable_zone()->set_name("rack-b");
        *badCreate.mutable_create_zone()->mutable_zone()->mutable_map_region() = b.region;
        QCOMPARE(ask(m_clientA.get(), badCreate).error().code(), proto::ERROR_INVALID_ARGUMENT);
    }
    // Nothing changed: the engine still has the first region, and no rack-b.
    proto::OpsRequest list;
    list.mutable_list_zones();
    const proto::OpsReply zones = ask(m_clientB.get(), list);
    QCOMPARE(zones.zones().zones_size(), 1);
    QCOMPARE(rectOf(zones.zones().zones(0).map_region()), QRectF(10, 20, 300, 200));
    QCOMPARE(rectOf(m_storeB->zone(QStringLiteral("rack-a"))->map_region()), QRectF(10, 20, 300, 200));

    // The map checks before it asks: a region out of bounds is not sent.
    showPanel(m_storeA.get());
    QSignalSpy status(m_panel.get(), &MapPanel::statusMessage);
    m_panel->setZoneRegion(QStringLiteral("rack-a"), QRectF(0, 0, 3e6, 100));
    QCOMPARE(status.count(), 1);
    QVERIFY(status.at(0).at(0).toString().contains(QLatin1String("at most")));
    m_panel->scene()->flush();
    QCOMPARE(m_panel->scene()->zoneRegion(QStringLiteral("rack-a")), QRectF(10, 20, 300, 200));
}

void TestConsoleMapSync::zeroSizeZoneSendsNothing()
{
    showPanel(m_storeA.get());
    const int before = zoneCreateRequestsAudited();
    QCOMPARE(before, 0);
    QSignalSpy drawn(m_panel->scene(), &MapScene::zoneDrawn);
    QSignalSpy refused(m_panel->scene(), &MapScene::zoneDrawRefused);
    m_panel->drawZoneAction()->setChecked(true);
    QWidget *viewport = m_panel->view()->viewport();
    const QPoint at = viewPoint(QPointF(400, 300));
    QTest::mousePress(viewport, Qt::LeftButton, {}, at);
    QTest::mouseRelease(viewport, Qt::LeftButton, {}, at);
    QCOMPARE(drawn.count(), 0);
    QCOMPARE(refused.count(), 1);
    QVERIFY(refused.at(0).at(0).toString().startsWith(QLatin1String("A zone needs room for its hosts")));
    // A flat rectangle handed to the panel directly is refused before anything is sent.
    QSignalSpy status(m_panel.get(), &MapPanel::statusMessage);
    m_panel->createZone(QStringLiteral("flat"), QRectF(10, 10, 200, 0));
    QCOMPARE(status.count(), 1);
    QVERIFY(status.at(0).at(0).toString().contains(QLatin1String("above 0")));
    // The engine heard of no zone.create at all (it audits refusals too).
    QCOMPARE(zoneCreateRequestsAudited(), 0);
    QVERIFY(m_storeB->zones().isEmpty());
}

void TestConsoleMapSync::regionsSurviveRestartAndOldZonesAreLaidOut()
{
    m_clientA->disconnectFromEngine();
    m_clientB->disconnectFromEngine();
    m_service.reset();
    {
        // A zone as engines before map regions stored it: no region at all.
        auto database = ops::OpsDatabase::open(m_dir->filePath(QStringLiteral("ops.sqlite")));
        QVERIFY2(database.ok(), qPrintable(database ? QString() : database.error().message()));
        ops::OpsDatabase::ChangeSet changes;
        proto::Zone old;
        old.set_name("old-zone");
        old.set_description("stored before zones had map regions");
        changes.putZones.append(old);
        proto::Zone placed;
        placed.set_name("placed");
        *placed.mutable_map_region() = regionOf(-500, 40, 420, 180);
        changes.putZones.append(placed);
        QVERIFY(database.value()->apply(changes).ok());
    }
    QString lastRefusal;
    QVERIFY2(QTest::qWaitFor(
                 [&] {
                     const auto started = startEngine();
                     lastRefusal = started ? QString() : started.error().message();
                     return started.ok();
                 },
                 kWaitMs),
             qPrintable(lastRefusal));
    QVERIFY(m_clientA->connectTo(kListen).ok());
    QVERIFY(m_clientB->connectTo(kListen).ok());
    QTRY_VERIFY_WITH_TIMEOUT(m_storeB->zone(QStringLiteral("old-zone")) && m_storeB->zone(QStringLiteral("placed")), kWaitMs);
    QVERIFY(!m_storeB->zone(QStringLiteral("old-zone"))->has_map_region());
    QCOMPARE(rectOf(m_storeB->zone(QStringLiteral("placed"))->map_region()), QRectF(-500, 40, 420, 180));

    QTRY_VERIFY_WITH_TIMEOUT(m_storeA->zone(QStringLiteral("old-zone")) && m_storeA->zone(QStringLiteral("placed")), kWaitMs);
    showPanel(m_storeA.get());
    MapScene *scene = m_panel->scene();
    // The old zone is laid out automatically, below the placed one.
    QVERIFY(scene->zoneRegion(QStringLiteral("old-zone")).isNull());
    QVERIFY(scene->zoneItem(QStringLiteral("old-zone")));
    QCOMPARE(scene->zoneSceneRect(QStringLiteral("placed")).topLeft(), QPointF(-500, 40));
    QVERIFY(scene->zoneSceneRect(QStringLiteral("old-zone")).top() > scene->zoneSceneRect(QStringLiteral("placed")).bottom());

    // Moving it on the map gives it a region the engine keeps across a restart.
    m_panel->view()->centerOn(scene->zoneSceneRect(QStringLiteral("old-zone")).center());
    const QPointF title = scene->zoneSceneRect(QStringLiteral("old-zone")).topLeft() + QPointF(60, 10);
    drag(title, title + QPointF(40, 30));
    QTRY_VERIFY_WITH_TIMEOUT(m_storeB->zone(QStringLiteral("old-zone"))->has_map_region(), kWaitMs);
    const QRectF moved = rectOf(m_storeB->zone(QStringLiteral("old-zone"))->map_region());

    m_panel.reset();
    m_clientA->disconnectFromEngine();
    m_clientB->disconnectFromEngine();
    m_service.reset();
    QVERIFY2(QTest::qWaitFor(
                 [&] {
                     const auto started = startEngine();
                     lastRefusal = started ? QString() : started.error().message();
                     return started.ok();
                 },
                 kWaitMs),
             qPrintable(lastRefusal));
    auto fresh = std::make_unique<StateStore>();
    OpsClient client(fresh.get());
    QVERIFY(client.connectTo(kListen).ok());
    QTRY_VERIFY_WITH_TIMEOUT(fresh->zone(QStringLiteral("old-zone")) != nullptr, kWaitMs);
    QCOMPARE(rectOf(fresh->zone(QStringLiteral("old-zone"))->map_region()), moved);
}

void TestConsoleMapSync::engineGoneMakesMapReadOnly()
{
    // The map shows a data center with hosts (no daemons needed for drags);
    // whether it may change anything follows the real engine connection.
    m_hostsStore = std::make_unique<StateStore>();
    proto::StateSnapshot snapshot;
    snapshot.set_sequence(1);
    *snapshot.add_hosts() = makeHost(QStringLiteral("h1"), QStringLiteral("zone-a"), 11);
    *snapshot.add_hosts() = makeHost(QStringLiteral("h2"), QStringLiteral("zone-a"), 15);
    auto *web1 = snapshot.add_partitions();
    web1->mutable_spec()->set_uuid(kWeb1.toStdString());
    web1->mutable_spec()->set_name("web1");
    web1->mutable_spec()->set_domain("default");
    web1->mutable_spec()->set_vcpus(2);
    web1->mutable_spec()->set_memory_mib(2048);
    web1->set_state(proto::PARTITION_STATE_RUNNING);
    web1->set_host("h1");
    auto *zone = snapshot.add_zones();
    zone->set_name("zone-a");
    *zone->mutable_map_region() = regionOf(0, 0, 460, 200);
    m_hostsStore->applySnapshot(snapshot);
    showPanel(m_hostsStore.get());
    MapScene *scene = m_panel->scene();
    QVERIFY(!scene->isReadOnly());
    QVERIFY(m_panel->readOnlyNotice()->isHidden());
    const auto cardCenter = [&](const QString &host) {
        HostCardItem *card = scene->card(host);
        return card->mapToScene(QPointF(HostCardItem::kWidth / 2, HostCardItem::kHeaderHeight / 2));
    };

    m_service.reset();

    QTRY_VERIFY_WITH_TIMEOUT(!m_clientA->isConnected(), kWaitMs);
    QVERIFY(scene->isReadOnly());
    QVERIFY(m_panel->readOnlyNotice()->isVisible());
    QVERIFY2(m_panel->readOnlyNotice()->text().contains(QLatin1String("read-only"))
                 && m_panel->readOnlyNotice()->text().contains(kListen),
             qPrintable(m_panel->readOnlyNotice()->text()));
    QVERIFY(!m_panel->drawZoneAction()->isEnabled());

    // Every drag is refused with the reason, and nothing moves.
    QSignalSpy migrations(scene, &MapScene::migrationRequested);
    QSignalSpy hostMoves(scene, &MapScene::hostZoneChangeRequested);
    QSignalSpy regions(scene, &MapScene::zoneRegionChangeRequested);
    QSignalSpy refused(scene, &MapScene::dropRefused);
    drag(scene->chipScenePos(kWeb1), cardCenter(QStringLiteral("h2")));
    drag(cardCenter(QStringLiteral("h2")), QPointF(900, 600));
    drag(QPointF(300, 10), QPointF(500, 210));
    QCOMPARE(refused.count(), 3);
    for (const auto &args : refused)
        QCOMPARE(args.at(0).toString(), m_panel->readOnlyNotice()->text());
    QCOMPARE(migrations.count(), 0);
    QCOMPARE(hostMoves.count(), 0);
    QCOMPARE(regions.count(), 0);
    scene->flush();
    QCOMPARE(scene->zoneSceneRect(QStringLiteral("zone-a")).topLeft(), QPointF(0, 0));
    QCOMPARE(scene->chipHost(kWeb1), QStringLiteral("h1"));
    QVERIFY(!scene->isMigrating(kWeb1));
    // The last state stays on the map.
    QCOMPARE(scene->cardCount(), 2);

    // The engine comes back on the same endpoint: the map is editable again.
    QString lastRefusal;
    QVERIFY2(QTest::qWaitFor(
                 [&] {
                     const auto started = startEngine();
                     lastRefusal = started ? QString() : started.error().message();
                     return started.ok();
                 },
                 kWaitMs),
             qPrintable(lastRefusal));
    QTRY_VERIFY_WITH_TIMEOUT(m_clientA->isConnected(), kWaitMs);
    QVERIFY(!scene->isReadOnly());
    QVERIFY(m_panel->readOnlyNotice()->isHidden());
    drag(scene->chipScenePos(kWeb1), cardCenter(QStringLiteral("h2")));
    QCOMPARE(migrations.count(), 1);
    QCOMPARE(migrations.at(0).at(1).toString(), QStringLiteral("h2"));
    drag(QPointF(300, 10), QPointF(500, 210));
    QCOMPARE(regions.count(), 1);
    QCOMPARE(regions.at(0).at(1).toRectF().topLeft(), QPointF(200, 200));
    QCOMPARE(refused.count(), 3);
}

QTEST_MAIN(TestConsoleMapSync)
#include "tst_consolemapsync.moc"
