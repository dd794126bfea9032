// The data-center map (MapPanel, MapScene) driven with QTest mouse events on
// the view's viewport, the way an admin uses it: dragging a partition chip
// onto another host sends the migration request to a real embedded engine;
// drops on the same host, a failed host or empty space are refused with the
// reason; a zone drawn with zero size is refused and a real one is created
// in the engine. The map follows a StateStore filled from a StateSnapshot
// message (the form the engine sends), so the hosts need no daemons.
#include "hostcarditem.h"
#include "mainwindow.h"
#include "mappanel.h"
#include "mapscene.h"
#include "mapview.h"
#include "migratedialog.h"
#include "opsclient.h"
#include "opsservice.h"
#include "statestore.h"
#include "zoneitem.h"

#include <QAction>
#include <QDir>
#include <QImage>
#include <QSettings>
#include <QStandardPaths>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace vdc;
using namespace vdc::gui;

namespace {
const QString kListen = QStringLiteral("inproc://tst-consolemap-ops");
const QString kPublish = QStringLiteral("inproc://tst-consolemap-state");
constexpr int kWaitMs = 30000;

proto::Host makeHost(const QString &name, const QString &zone, proto::HostState state, std::uint32_t coresFree,
                     std::uint64_t memoryFree)
{
    proto::Host h;
    h.set_name(name.toStdString());
    h.set_zone(zone.toStdString());
    h.set_state(state);
    h.set_cores_total(16);
    h.set_cores_reserved(1);
    h.set_cores_free(coresFree);
    h.set_memory_total_mib(32768);
    h.set_memory_reserved_mib(1024);
    h.set_memory_free_mib(memoryFree);
    return h;
}

proto::Partition makePartition(const QString &uuid, const QString &name, const QString &host, std::uint32_t vcpus,
                               std::uint64_t memory)
{
    proto::Partition p;
    p.mutable_spec()->set_uuid(uuid.toStdString());
    p.mutable_spec()->set_name(name.toStdString());
    p.mutable_spec()->set_domain("default");
    p.mutable_spec()->set_vcpus(vcpus);
    p.mutable_spec()->set_memory_mib(memory);
    p.set_state(proto::PARTITION_STATE_RUNNING);
    p.set_host(host.toStdString());
    return p;
}

const QString kWeb1 = QStringLiteral("00000000-0000-4000-8000-000000000001");
const QString kDb1 = QStringLiteral("00000000-0000-4000-8000-000000000002");
} // namespace

class TestConsoleMap : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void chipDragReachesEngineAsMigration();
    void dropOnSameHostIsRefused();
    void dropOnFailedHostIsRefused();
    void dropOnEmptySpaceIsRefused();
    void dropOnFullHostIsRefused();
    void migrateDialogListsReasons();
    void zeroSizeZoneIsRefused();
    void drawnZoneIsCreatedInEngine();
    void migrationProgressShowsOnChip();
    void rendersViewsToPng();

private:
    QPoint viewPoint(const QPointF &scenePos) const { return m_panel->view()->mapFromScene(scenePos); }
    QPointF cardCenter(const QString &host) const;
    void dragChip(const QString &uuid, const QPointF &to);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ops::OpsService> m_service;
    std::unique_ptr<StateStore> m_engineStore; // follows the engine
    std::unique_ptr<OpsClient> m_client;
    std::unique_ptr<StateStore> m_mapStore;    // the data center the map shows
    std::unique_ptr<MapPanel> m_panel;
};

void TestConsoleMap::initTestCase()
{
    // Whatever the console keeps in QSettings stays out of the user's.
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("vdc-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_consolemap"));
    QSettings().clear();
}

void TestConsoleMap::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    ops::OpsService::Options options;
    options.databasePath = m_dir->filePath(QStringLiteral("ops.sqlite"));
    options.listenEndpoint = kListen;
    options.publishEndpoint = kPublish;
    auto service = ops::OpsService::start(options);
    QVERIFY2(service.ok(), qPrintable(service ? QString() : service.error().message()));
    m_service = std::move(service.value());
    m_engineStore = std::make_unique<StateStore>();
    m_client = std::make_unique<OpsClient>(m_engineStore.get());
    QVERIFY(m_client->connectTo(m_service->listenEndpoint()).ok());
    QTRY_VERIFY_WITH_TIMEOUT(m_client->isConnected(), kWaitMs);

    m_mapStore = std::make_unique<StateStore>();
    proto::StateSnapshot snapshot;
    snapshot.set_sequence(1);
    *snapshot.add_hosts() = makeHost(QStringLiteral("h1"), QStringLiteral("zone-a"), proto::HOST_STATE_UP, 11, 24576);
    *snapshot.add_hosts() = makeHost(QStringLiteral("h2"), QStringLiteral("zone-a"), proto::HOST_STATE_UP, 15, 31744);
    *snapshot.add_hosts() = makeHost(QStringLiteral("h3"), QStringLiteral("zone-b"), proto::HOST_STATE_FAILED, 15, 31744);
    *snapshot.add_hosts() = makeHost(QStringLiteral("h4"), QStringLiteral("zone-b"), proto::HOST_STATE_UP, 1, 512);
    *snapshot.add_partitions() = makePartition(kWeb1, QStringLiteral("web1"), QStringLiteral("h1"), 2, 2048);
    *snapshot.add_partitions() = makePartition(kDb1, QStringLiteral("db1"), QStringLiteral("h1"), 2, 4096);
    m_mapStore->applySnapshot(snapshot);

    m_panel = std::make_unique<MapPanel>(m_client.get(), m_mapStore.get());
    m_panel->resize(1100, 700);
    m_panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
    m_panel->scene()->flush();
    m_panel->view()->setTransform(QTransform());
    m_panel->view()->centerOn(m_panel->scene()->itemsBoundingRect().center());
    QVERIFY(!m_panel->scene()->chipScenePos(kWeb1).isNull());
}

void TestConsoleMap::cleanup()
{
    m_panel.reset();
    m_client.reset();
    m_service.reset();
    m_engineStore.reset();
    m_mapStore.reset();
    m_dir.reset();
}

QPointF TestConsoleMap::cardCenter(const QString &host) const
{
    HostCardItem *card = m_panel->scene()->card(host);
    return card ? card->mapToScene(QPointF(HostCardItem::kWidth / 2, HostCardItem::kHeaderHeight / 2)) : QPointF();
}

void TestConsoleMap::dragChip(const QString &uuid, const QPointF &to)
{
    QWidget *viewport = m_panel->view()->viewport();
    const QPointF from = m_panel->scene()->chipScenePos(uuid);
    QVERIFY(!from.isNull());
    QTest::mousePress(viewport, Qt::LeftButton, {}, viewPoint(from));
    // Several steps, as a hand moves: past the drag distance, then onto the target.
    for (int i = 1; i <= 4; ++i)
        QTest::mouseMove(viewport, viewPoint(from + (to - from) * (i / 4.0)));
    QTest::mouseRelease(viewport, Qt::LeftButton, {}, viewPoint(to));
}

void TestConsoleMap::chipDragReachesEngineAsMigration()
{
    QSignalSpy requested(m_panel->scene(), &MapScene::migrationRequested);
    QSignalSpy refused(m_panel->scene(), &MapScene::dropRefused);
    dragChip(kWeb1, cardCenter(QStringLiteral("h2")));
    QCOMPARE(refused.count(), 0);
    QCOMPARE(requested.count(), 1);
    QCOMPARE(requested.at(0).at(0).toString(), kWeb1);
    QCOMPARE(requested.at(0).at(1).toString(), QStringLiteral("h2"));
    QVERIFY(m_panel->scene()->dragReason().contains(QLatin1String("Migrate web1 from h1 to h2")));
    // While the request is out the chip is on its way: shown arriving on h2.
    m_panel->scene()->flush();
    QVERIFY(m_panel->scene()->isMigrating(kWeb1));

    // The engine has the request: it records it in its audit log (the map's
    // data center is not the engine's, so the engine refuses it; what counts
    // here is that the request from the drop arrived, with its partition).
    bool audited = false;
    QTRY_VERIFY_WITH_TIMEOUT(!m_panel->scene()->isMigrating(kWeb1), kWaitMs);
    QString seen;
    proto::OpsRequest query;
    query.mutable_query_audit(); // everything, newest first
    m_client->request(query, this, [&](const proto::OpsReply &reply) {
        for (const auto &e : reply.audit().events()) {
            const QString action = QString::fromStdString(e.action());
            const QString text = QString::fromStdString(e.object() + " " + e.message());
            seen += action + QLatin1Char(' ') + text + QLatin1Char('\n');
            audited = audited || (action.contains(QLatin1String("migrat")) && text.contains(kWeb1));
        }
    });
    QTRY_VERIFY_WITH_TIMEOUT(!seen.isEmpty() || audited, kWaitMs);
    QVERIFY2(audited, qPrintable(seen));
    // The engine does not know this partition: the chip went back with its reason.
    HostCardItem *h1 = m_panel->scene()->card(QStringLiteral("h1"));
    QVERIFY(!h1->chips().at(h1->chipIndex(kWeb1)).error.isEmpty());
}

void TestConsoleMap::dropOnSameHostIsRefused()
{
    QSignalSpy requested(m_panel->scene(), &MapScene::migrationRequested);
    QSignalSpy refused(m_panel->scene(), &MapScene::dropRefused);
    dragChip(kWeb1, cardCenter(QStringLiteral("h1")));
    QCOMPARE(requested.count(), 0);
    QCOMPARE(refused.count(), 1);
    QCOMPARE(refused.at(0).at(0).toString(), QStringLiteral("web1 already runs on h1; drop it on another host."));
    QVERIFY(!m_panel->scene()->isMigrating(kWeb1));
}

void TestConsoleMap::dropOnFailedHostIsRefused()
{
    QSignalSpy requested(m_panel->scene(), &MapScene::migrationRequested);
    QSignalSpy refused(m_panel->scene(), &MapScene::dropRefused);
    dragChip(kWeb1, cardCenter(QStringLiteral("h3")));
    QCOMPARE(requested.count(), 0);
    QCOMPARE(refused.count(), 1);
    QCOMPARE(refused.at(0).at(0).toString(), QStringLiteral("Host h3 has failed; it cannot take partitions."));
}

void TestConsoleMap::dropOnEmptySpaceIsRefused()
{
    QSignalSpy requested(m_panel->scene(), &MapScene::migrationRequested);
    QSignalSpy refused(m_panel->scene(), &MapScene::dropRefused);
    const QRectF zone = m_panel->scene()->zoneSceneRect(QStringLiteral("zone-a"));
    QVERIFY(!zone.isNull());
    dragChip(kWeb1, QPointF(zone.left() - 60, zone.top() + 60)); // outside every zone and card
    QCOMPARE(requested.count(), 0);
    QCOMPARE(refused.count(), 1);
    QCOMPARE(refused.at(0).at(0).toString(), QStringLiteral("Drop web1 on a host card to migrate it there."));
}

void TestConsoleMap::dropOnFullHostIsRefused()
{
    QSignalSpy refused(m_panel->scene(), &MapScene::dropRefused);
    dragChip(kDb1, cardCenter(QStringLiteral("h4")));
    QCOMPARE(refused.count(), 1);
    QCOMPARE(refused.at(0).at(0).toString(), QStringLiteral("Host h4 has 1 free cores; db1 needs 2."));
}

void TestConsoleMap::migrateDialogListsReasons()
{
    MigrateDialog dialog(m_mapStore.get(), kWeb1);
    auto *hosts = dialog.findChild<QTreeWidget *>(QStringLiteral("migrateHosts"));
    QVERIFY(hosts);
    QCOMPARE(hosts->topLevelItemCount(), 4);
    QHash<QString, QString> reasons;
    for (int i = 0; i < hosts->topLevelItemCount(); ++i)
        reasons.insert(hosts->topLevelItem(i)->text(0), hosts->topLevelItem(i)->text(2));
    QCOMPARE(reasons.value(QStringLiteral("h1")), QStringLiteral("web1 already runs on h1; drop it on another host."));
    QCOMPARE(reasons.value(QStringLiteral("h2")), QStringLiteral("Yes"));
    QCOMPARE(reasons.value(QStringLiteral("h3")), QStringLiteral("Host h3 has failed; it cannot take partitions."));
    QCOMPARE(dialog.targetHost(), QStringLiteral("h2"));
}

void TestConsoleMap::zeroSizeZoneIsRefused()
{
    QSignalSpy drawn(m_panel->scene(), &MapScene::zoneDrawn);
    QSignalSpy refused(m_panel->scene(), &MapScene::zoneDrawRefused);
    m_panel->drawZoneAction()->setChecked(true);
    QWidget *viewport = m_panel->view()->viewport();
    const QPoint at = viewPoint(m_panel->scene()->zoneSceneRect(QStringLiteral("zone-a")).bottomRight() + QPointF(80, 80));
    QTest::mousePress(viewport, Qt::LeftButton, {}, at);
    QTest::mouseRelease(viewport, Qt::LeftButton, {}, at);
    QCOMPARE(drawn.count(), 0);
    QCOMPARE(refused.count(), 1);
    QVERIFY(refused.at(0).at(0).toString().startsWith(QLatin1String("A zone needs room for its hosts")));
}

void TestConsoleMap::drawnZoneIsCreatedInEngine()
{
    QSignalSpy drawn(m_panel->scene(), &MapScene::zoneDrawn);
    m_panel->drawZoneAction()->setChecked(true);
    QWidget *viewport = m_panel->view()->viewport();
    const QPointF start = m_panel->scene()->zoneSceneRect(QStringLiteral("zone-a")).bottomLeft() + QPointF(0, 60);
    QTest::mousePress(viewport, Qt::LeftButton, {}, viewPoint(start));
    QTest::mouseMove(viewport, viewPoint(start + QPointF(150, 100)));
    QTest::mouseRelease(viewport, Qt::LeftButton, {}, viewPoint(start + QPointF(300, 200)));
    QCOMPARE(drawn.count(), 1);
    const QRectF rect = drawn.at(0).at(0).toRectF();
    QVERIFY(rect.width() > 250 && rect.height() > 150);
    // The panel asks for a name; answer as the dialog would.
    m_panel->createZone(QStringLiteral("rack-7"), rect);
    QTRY_VERIFY_WITH_TIMEOUT(m_engineStore->zone(QStringLiteral("rack-7")) != nullptr, kWaitMs);
    QVERIFY(!m_panel->drawZoneAction()->isChecked());
}

void TestConsoleMap::migrationProgressShowsOnChip()
{
    MapScene *scene = m_panel->scene();
    scene->setMigrationRequested(kWeb1, QStringLiteral("h2"));
    proto::MigrationProgress progress;
    progress.set_partition_uuid(kWeb1.toStdString());
    progress.set_source_host("h1");
    progress.set_target_host("h2");
    progress.set_phase(proto::MIGRATION_PHASE_COPYING_MEMORY);
    progress.set_memory_total_bytes(1000);
    progress.set_memory_processed_bytes(250);
    scene->setMigrationProgress(progress);
    scene->flush();
    HostCardItem *h2 = scene->card(QStringLiteral("h2"));
    const int incoming = h2->chipIndex(kWeb1);
    QVERIFY(incoming >= 0);
    QVERIFY(h2->chips().at(incoming).incoming);
    QCOMPARE(h2->chips().at(incoming).phase, QStringLiteral("Copying memory"));
    QCOMPARE(h2->chips().at(incoming).progress, 0.25);

    // It lands: the partition runs on h2 now.
    proto::StateDelta delta;
    delta.set_sequence(2);
    *delta.mutable_partition_updated() = makePartition(kWeb1, QStringLiteral("web1"), QStringLiteral("h2"), 2, 2048);
    QCOMPARE(m_mapStore->applyDelta(delta), StateStore::DeltaResult::Applied);
    scene->flush();
    QVERIFY(!scene->isMigrating(kWeb1));
    QCOMPARE(scene->chipHost(kWeb1), QStringLiteral("h2"));
    QVERIFY(!scene->card(QStringLiteral("h2"))->chips().at(scene->card(QStringLiteral("h2"))->chipIndex(kWeb1)).incoming);
    QVERIFY(scene->card(QStringLiteral("h1"))->chipIndex(kWeb1) < 0);

    // A failed migration puts the error on the chip where it still runs.
    scene->setMigrationRequested(kDb1, QStringLiteral("h2"));
    proto::StateDelta failed;
    failed.set_sequence(3);
    auto *p = failed.mutable_migration_progress();
    p->set_partition_uuid(kDb1.toStdString());
    p->set_phase(proto::MIGRATION_PHASE_FAILED);
    p->set_message("Host h2 stopped answering during the copy; db1 keeps running on h1.");
    QCOMPARE(m_mapStore->applyDelta(failed), StateStore::DeltaResult::Applied);
    scene->flush();
    HostCardItem *h1 = scene->card(QStringLiteral("h1"));
    QVERIFY(!scene->isMigrating(kDb1));
    QCOMPARE(h1->chips().at(h1->chipIndex(kDb1)).error, QStringLiteral("Host h2 stopped answering during the copy; db1 keeps running on h1."));
}

void TestConsoleMap::rendersViewsToPng()
{
    const QString dir = QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("screenshots"));
    QVERIFY(QDir().mkpath(dir));
    m_panel->view()->fitAll();
    const QImage map = m_panel->grab().toImage();
    QVERIFY(!map.isNull());
    QVERIFY(map.save(dir + QStringLiteral("/map.png")));

    MainWindow window(m_client.get(), m_engineStore.get());
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const QImage main = window.grab().toImage();
    QVERIFY(main.save(dir + QStringLiteral("/main-window.png")));
    // Something was drawn: the map is not one flat colour.
    QVERIFY(map.pixel(map.width() / 2, map.height() / 2) != map.pixel(2, map.height() - 3)
            || map.pixel(map.width() / 3, map.height() / 3) != map.pixel(2, map.height() - 3));
}

QTEST_MAIN(TestConsoleMap)
#include "tst_consolemap.moc"
