#include "mappanel.h"

#include "mapscene.h"
#include "mapview.h"
#include "migratedialog.h"
#include "migrationcheck.h"
#include "model/validation.h"
#include "opsclient.h"
#include "statestore.h"

#include <QAction>
#include <QInputDialog>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

namespace vdc::gui {

namespace {
QString qs(const std::string &s) { return QString::fromStdString(s); }
bool failed(const proto::OpsReply &reply) { return reply.error().code() != proto::ERROR_NONE; }

proto::MapRegion mapRegion(const QRectF &rect)
{
    proto::MapRegion region;
    region.set_x(rect.x());
    region.set_y(rect.y());
    region.set_width(rect.width());
    region.set_height(rect.height());
    return region;
}
} // namespace

MapPanel::MapPanel(OpsClient *client, StateStore *store, QWidget *parent)
    : QWidget(parent)
    , m_client(client)
    , m_store(store)
    , m_scene(new MapScene(store, this))
    , m_view(new MapView(m_scene, this))
    , m_toolBar(new QToolBar(this))
    , m_readOnlyNotice(new QLabel(this))
{
    setObjectName(QStringLiteral("mapPanel"));
    m_view->setObjectName(QStringLiteral("mapView"));

    m_drawZoneAction = new QAction(tr("Draw &Zone"), this);
    m_drawZoneAction->setObjectName(QStringLiteral("drawZoneAction"));
    m_drawZoneAction->setCheckable(true);
    m_drawZoneAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z));
    m_drawZoneAction->setStatusTip(tr("Drag out a rectangle on the map to create a zone there."));
    connect(m_drawZoneAction, &QAction::toggled, this, [this](bool on) {
        m_scene->setMode(on ? MapScene::Mode::DrawZone : MapScene::Mode::Select);
        m_view->setDragMode(on ? QGraphicsView::NoDrag : QGraphicsView::ScrollHandDrag);
        m_view->viewport()->setCursor(on ? Qt::CrossCursor : Qt::ArrowCursor);
        if (on)
            emit statusMessage(tr("Drag out a rectangle on the map to create a zone; press Escape to stop."), 0);
    });

    m_migrateAction = new QAction(tr("&Migrate to..."), this);
    m_migrateAction->setObjectName(QStringLiteral("migrateAction"));
    m_migrateAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_M));
    m_migrateAction->setStatusTip(tr("Move the selected running partition to another host."));
    connect(m_migrateAction, &QAction::triggered, this, [this] { migrateWithDialog(); });

    m_moveHostAction = new QAction(tr("Move to &Zone..."), this);
    m_moveHostAction->setObjectName(QStringLiteral("moveHostAction"));
    m_moveHostAction->setStatusTip(tr("Put the selected host in another zone."));
    connect(m_moveHostAction, &QAction::triggered, this, [this] { moveHostWithDialog(); });

    m_zoomInAction = new QAction(tr("Zoom In"), this);
    m_zoomInAction->setShortcut(QKeySequence::ZoomIn);
    connect(m_zoomInAction, &QAction::triggered, this, [this] { m_view->zoomBy(1.25); });
    m_zoomOutAction = new QAction(tr("Zoom Out"), this);
    m_zoomOutAction->setShortcut(QKeySequence::ZoomOut);
    connect(m_zoomOutAction, &QAction::triggered, this, [this] { m_view->zoomBy(0.8); });
    m_fitAction = new QAction(tr("Fit"), this);
    m_fitAction->setStatusTip(tr("Show the whole data center."));
    connect(m_fitAction, &QAction::triggered, m_view, &MapView::fitAll);

    auto *escape = new QAction(this);
    escape->setShortcut(Qt::Key_Escape);
    escape->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(escape, &QAction::triggered, m_drawZoneAction, [this] { m_drawZoneAction->setChecked(false); });
    addAction(escape);

    m_toolBar->setObjectName(QStringLiteral("mapToolBar"));
    m_toolBar->setIconSize(QSize(16, 16));
    m_toolBar->addAction(m_drawZoneAction);
    m_toolBar->addSeparator();
    m_toolBar->addAction(m_migrateAction);
    m_toolBar->addAction(m_moveHostAction);
    m_toolBar->addSeparator();
    m_toolBar->addAction(m_zoomInAction);
    m_toolBar->addAction(m_zoomOutAction);
    m_toolBar->addAction(m_fitAction);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    m_readOnlyNotice->setObjectName(QStringLiteral("mapReadOnlyNotice"));
    m_readOnlyNotice->setWordWrap(true);
    m_readOnlyNotice->setMargin(6);
    m_readOnlyNotice->setStyleSheet(QStringLiteral(
        "QLabel#mapReadOnlyNotice { background: #fff4e5; color: #663c00; border: 1px solid #ffb74d; border-radius: 3px; }"));
    m_readOnlyNotice->hide();

    layout->addWidget(m_toolBar);
    layout->addWidget(m_readOnlyNotice);
    layout->addWidget(m_view, 1);

    connect(m_scene, &MapScene::migrationRequested, this, [this](const QString &uuid, const QString &target) {
        migrate(uuid, target);
    });
    connect(m_scene, &MapScene::hostZoneChangeRequested, this, &MapPanel::moveHost);
    connect(m_scene, &MapScene::dropRefused, this, [this](const QString &reason) { emit statusMessage(reason, 8000); });
    connect(m_scene, &MapScene::feedback, this, [this](const QString &text) { emit statusMessage(text, 4000); });
    connect(m_scene, &MapScene::zoneDrawRefused, this, [this](const QString &reason) { emit statusMessage(reason, 8000); });
    connect(m_scene, &MapScene::zoneDrawn, this, &MapPanel::askZoneName);
    connect(m_scene, &MapScene::zoneRegionChangeRequested, this, &MapPanel::setZoneRegion);
    connect(m_scene, &MapScene::zoneRenameRequested, this, &MapPanel::renameZone);
    connect(m_scene, &MapScene::contextMenuRequested, this, &MapPanel::showContextMenu);
    connect(m_scene, &MapScene::partitionSelected, this, [this](const QString &uuid) {
        updateActions();
        emit partitionSelected(uuid);
    });
    connect(m_scene, &MapScene::hostSelected, this, &MapPanel::updateActions);
    connect(client, &OpsClient::connectionStateChanged, this, &MapPanel::onConnectionChanged);
    connect(client, &OpsClient::snapshotApplied, this, &MapPanel::onEndpointChanged);
    connect(store, &StateStore::stateChanged, this, &MapPanel::updateActions);
    onEndpointChanged();
    onConnectionChanged();
}

MapPanel::~MapPanel() = default;

void MapPanel::onConnectionChanged()
{
    if (m_client->isConnected()) {
        m_scene->setReadOnlyReason({});
        m_readOnlyNotice->hide();
    } else {
        const QString endpoint = m_client->endpoint();
        const QString reason =
            endpoint.isEmpty()
                ? tr("The map is read-only: the console is not connected to an operations engine. Connect to one to "
                     "migrate partitions or change zones.")
                : tr("The map is read-only: the operations engine at %1 cannot be reached. It shows the last state it "
                     "had; moves are possible again once the engine is back.")
                      .arg(endpoint);
        m_scene->setReadOnlyReason(reason);
        m_readOnlyNotice->setText(reason);
        m_readOnlyNotice->show();
    }
    updateActions();
}

void MapPanel::onEndpointChanged()
{
    if (!m_fittedOnce && m_store->hostCount() > 0) {
        m_fittedOnce = true;
        QTimer::singleShot(0, this, [this] {
            m_scene->flush();
            m_view->fitAll();
        });
    }
}

void MapPanel::updateActions()
{
    const bool connected = m_client->isConnected();
    const proto::Partition *p = m_store->partition(m_scene->selectedPartition());
    m_migrateAction->setEnabled(connected && p && p->state() == proto::PARTITION_STATE_RUNNING);
    m_moveHostAction->setEnabled(connected && m_store->host(m_scene->selectedHost()));
    m_drawZoneAction->setEnabled(connected);
    if (!connected && m_drawZoneAction->isChecked())
        m_drawZoneAction->setChecked(false);
}

void MapPanel::selectPartition(const QString &uuid)
{
    m_scene->selectPartition(uuid);
    updateActions();
}

void MapPanel::migrate(const QString &uuid, const QString &targetHost)
{
    const proto::Partition *p = m_store->partition(uuid);
    const QString name = p ? qs(p->spec().name()) : uuid;
    if (!m_scene->isMigrating(uuid))
        m_scene->setMigrationRequested(uuid, targetHost);
    emit statusMessage(tr("Migrating %1 to %2...").arg(name, targetHost), 0);
    m_client->migratePartition(uuid, targetHost, this, [this, uuid, name, targetHost](const proto::OpsReply &reply) {
        if (failed(reply)) {
            const QString message = qs(reply.error().message());
            m_scene->setMigrationFailed(uuid, message);
            emit statusMessage(tr("%1 was not migrated to %2: %3").arg(name, targetHost, message), 15000);
            return;
        }
        emit statusMessage(tr("The engine is migrating %1 to %2.").arg(name, targetHost), 8000);
    });
}

void MapPanel::migrateWithDialog(const QString &uuid)
{
    const QString partition = uuid.isEmpty() ? m_scene->selectedPartition() : uuid;
    if (!m_store->partition(partition))
        return;
    auto *dialog = new MigrateDialog(m_store, partition, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, partition] {
        const QString target = dialog->targetHost();
        if (!target.isEmpty())
            migrate(partition, target);
    });
    dialog->open();
}

void MapPanel::moveHostWithDialog(const QString &hostName)
{
    const QString host = hostName.isEmpty() ? m_scene->selectedHost() : hostName;
    const proto::Host *h = m_store->host(host);
    if (!h)
        return;
    QStringList zones = m_store->zoneNames();
    const QString none = tr("(no zone)");
    zones.prepend(none);
    auto *dialog = new QInputDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Move Host %1").arg(host));
    dialog->setLabelText(tr("Zone for host %1 (now %2):").arg(host, h->zone().empty() ? none : qs(h->zone())));
    dialog->setComboBoxItems(zones);
    dialog->setTextValue(h->zone().empty() ? none : qs(h->zone()));
    connect(dialog, &QInputDialog::textValueSelected, this, [this, host, none](const QString &zone) {
        const QString target = zone == none ? QString() : zone;
        const auto verdict = MigrationCheck::checkZoneMove(*m_store, host, target);
        if (!verdict.allowed) {
            emit statusMessage(verdict.reason, 8000);
            return;
        }
        moveHost(host, target);
    });
    dialog->open();
}

void MapPanel::moveHost(const QString &host, const QString &zone)
{
    emit statusMessage(zone.isEmpty() ? tr("Taking host %1 out of its zone...").arg(host)
                                      : tr("Moving host %1 to zone %2...").arg(host, zone),
                       0);
    m_client->setHostZone(host, zone, this, [this, host, zone](const proto::OpsReply &reply) {
        if (failed(reply)) {
            emit statusMessage(qs(reply.error().message()), 15000);
            emit engineError(tr("Host %1 was not moved.").arg(host), reply);
            return;
        }
        emit statusMessage(zone.isEmpty() ? tr("Host %1 is in no zone now.").arg(host)
                                          : tr("Host %1 is in zone %2 now.").arg(host, zone),
                           8000);
    });
}

void MapPanel::askZoneName(const QRectF &rect)
{
    auto *dialog = new QInputDialog(this);
    dialog->setObjectName(QStringLiteral("zoneNameDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("New Zone"));
    dialog->setLabelText(tr("Name of the new zone (letters, digits, '-', '_' and '.'):"));
    connect(dialog, &QInputDialog::textValueSelected, this, [this, rect](const QString &text) {
        createZone(text.trimmed(), rect);
    });
    dialog->open();
}

void MapPanel::createZone(const QString &name, const QRectF &rect)
{
    if (auto valid = model::validateName(QStringLiteral("zone name"), name); !valid) {
        emit statusMessage(valid.error().message(), 15000);
        return;
    }
    const proto::MapRegion region = mapRegion(rect.normalized());
    if (auto valid = model::validateMapRegion(name, region); !valid) {
        emit statusMessage(valid.error().message(), 15000);
        return;
    }
    if (!m_client->isConnected()) {
        emit statusMessage(
            tr("Zone %1 was not created: the operations engine cannot be reached. Draw it again once the engine is back.")
                .arg(name),
            15000);
        return;
    }
    m_drawZoneAction->setChecked(false);
    proto::OpsRequest request;
    auto *zone = request.mutable_create_zone()->mutable_zone();
    zone->set_name(name.toStdString());
    *zone->mutable_map_region() = region;
    // Shown where it was drawn at once; the engine's zone carries the region.
    m_scene->placeZone(name, rect);
    m_client->request(request, this, [this, name](const proto::OpsReply &reply) {
        if (failed(reply)) {
            m_scene->forgetRequestedRegion(name);
            emit statusMessage(qs(reply.error().message()), 15000);
            emit engineError(tr("Zone %1 was not created.").arg(name), reply);
            return;
        }
        emit statusMessage(tr("Zone %1 was created. Drag hosts into it.").arg(name), 8000);
    });
}

void MapPanel::setZoneRegion(const QString &zone, const QRectF &rect)
{
    const proto::MapRegion region = mapRegion(rect.normalized());
    if (auto valid = model::validateMapRegion(zone, region); !valid) {
        m_scene->forgetRequestedRegion(zone);
        emit statusMessage(valid.error().message(), 15000);
        return;
    }
    proto::OpsRequest request;
    request.mutable_update_zone()->set_name(zone.toStdString());
    *request.mutable_update_zone()->mutable_map_region() = region;
    m_client->request(request, this, [this, zone](const proto::OpsReply &reply) {
        if (failed(reply)) {
            // The engine keeps the region it had: show that one again.
            m_scene->forgetRequestedRegion(zone);
            emit statusMessage(qs(reply.error().message()), 15000);
            emit engineError(tr("Zone %1 was not moved.").arg(zone), reply);
            return;
        }
        emit statusMessage(tr("Zone %1 is kept in its new place on the map.").arg(zone), 4000);
    });
}

void MapPanel::renameZone(const QString &zone)
{
    auto *dialog = new QInputDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Rename Zone"));
    dialog->setLabelText(tr("New name of zone %1:").arg(zone));
    dialog->setTextValue(zone);
    connect(dialog, &QInputDialog::textValueSelected, this, [this, zone](const QString &text) {
        const QString name = text.trimmed();
        if (name == zone)
            return;
        if (auto valid = model::validateName(QStringLiteral("zone name"), name); !valid) {
            emit statusMessage(valid.error().message(), 15000);
            return;
        }
        m_client->renameZone(zone, name, this, [this, zone, name](const proto::OpsReply &reply) {
            if (failed(reply)) {
                emit engineError(tr("Zone %1 was not renamed.").arg(zone), reply);
                return;
            }
            emit statusMessage(tr("Zone %1 is now called %2.").arg(zone, name), 8000);
        });
    });
    dialog->open();
}

void MapPanel::deleteZone(const QString &zone)
{
    m_client->deleteZone(zone, this, [this, zone](const proto::OpsReply &reply) {
        if (failed(reply)) {
            emit engineError(tr("Zone %1 was not deleted.").arg(zone), reply);
            return;
        }
        m_scene->forgetRequestedRegion(zone);
        emit statusMessage(tr("Zone %1 was deleted.").arg(zone), 8000);
    });
}

void MapPanel::showContextMenu(const QString &kind, const QString &key, const QPoint &screenPos)
{
    auto *menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    if (kind == QLatin1String("partition")) {
        QAction *a = menu->addAction(m_migrateAction->text(), this, [this, key] { migrateWithDialog(key); });
        a->setEnabled(m_migrateAction->isEnabled());
    } else if (kind == QLatin1String("host")) {
        menu->addAction(m_moveHostAction->text(), this, [this, key] { moveHostWithDialog(key); })
            ->setEnabled(m_client->isConnected());
    } else if (kind == QLatin1String("zone")) {
        menu->addAction(tr("&Rename Zone..."), this, [this, key] { renameZone(key); })->setEnabled(m_client->isConnected());
        menu->addAction(tr("&Delete Zone"), this, [this, key] { deleteZone(key); })->setEnabled(m_client->isConnected());
    }
    menu->popup(screenPos);
}

} // namespace vdc::gui
