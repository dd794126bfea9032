#pragma once

#include "vdc.pb.h"

#include <QRectF>
#include <QWidget>

class QAction;
class QLabel;
class QToolBar;

namespace vdc::gui {

class MapScene;
class MapView;
class OpsClient;
class StateStore;

// The data-center map with its tool bar, and the requests behind what the
// admin does on it: a chip dropped on a host migrates the partition, a host
// dropped in a zone moves there, a drawn rectangle becomes a new zone, a
// zone moved or resized gets its new map region in the engine. Every drag
// has a menu and keyboard twin (Migrate to..., Move to Zone...). While the
// engine cannot be reached the map keeps the last state, says so, and is
// read-only.
class MapPanel : public QWidget
{
    Q_OBJECT
public:
    MapPanel(OpsClient *client, StateStore *store, QWidget *parent = nullptr);
    ~MapPanel() override;

    MapScene *scene() const { return m_scene; }
    MapView *view() const { return m_view; }
    QAction *migrateAction() const { return m_migrateAction; }
    QAction *moveHostAction() const { return m_moveHostAction; }
    QAction *drawZoneAction() const { return m_drawZoneAction; }

    void selectPartition(const QString &uuid);
    // Opens "Migrate to..." for a partition (the selected one when empty).
    void migrateWithDialog(const QString &uuid = {});
    void moveHostWithDialog(const QString &host = {});
    // Sends the migration request and follows it on the map.
    void migrate(const QString &uuid, const QString &targetHost);
    // Creates the zone in the engine with the drawn rectangle as its region.
    void createZone(const QString &name, const QRectF &rect);
    // Asks the engine to keep a zone's region (moved or resized on the map).
    void setZoneRegion(const QString &zone, const QRectF &rect);
    // The notice shown while the map is read-only (for tests and the lead's wiring).
    QLabel *readOnlyNotice() const { return m_readOnlyNotice; }

signals:
    void statusMessage(const QString &text, int timeoutMs);
    void partitionSelected(const QString &uuid);
    void engineError(const QString &what, const vdc::proto::OpsReply &reply);

private:
    void updateActions();
    void onEndpointChanged();
    void onConnectionChanged();
    void askZoneName(const QRectF &rect);
    void renameZone(const QString &zone);
    void deleteZone(const QString &zone);
    void moveHost(const QString &host, const QString &zone);
    void showContextMenu(const QString &kind, const QString &key, const QPoint &screenPos);

    OpsClient *m_client;
    StateStore *m_store;
    MapScene *m_scene;
    MapView *m_view;
    QToolBar *m_toolBar;
    QLabel *m_readOnlyNotice;
    QAction *m_drawZoneAction;
    QAction *m_migrateAction;
    QAction *m_moveHostAction;
    QAction *m_zoomInAction;
    QAction *m_zoomOutAction;
    QAction *m_fitAction;
    bool m_fittedOnce = false;
};

} // namespace vdc::gui
