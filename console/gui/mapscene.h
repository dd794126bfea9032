#pragma once

#include "hostcarditem.h"
#include "vdc.pb.h"

#include <QGraphicsScene>
#include <QHash>
#include <QPointer>
#include <QSet>
#include <QString>
#include <QTimer>

class QGraphicsRectItem;

namespace vdc::gui {

class ChipGhostItem;
class StateStore;
class ZoneItem;

// The data-center map: zones as regions, hosts as cards in their zone,
// partitions as chips on their host, all following the StateStore. A zone
// is drawn where its map_region says (kept by the engine, so every console
// shows the same picture); zones without one flow in rows below.
//
// Store changes are collected and applied in one pass on the next turn of
// the event loop (flush()), so a burst of thousands of deltas costs one
// layout. The scene handles the mouse itself (no QDrag, whose nested event
// loop tests cannot drive): press on a chip and move to drag it onto
// another host (targets show valid or invalid, with the reason), press on a
// card's header to drag the host into another zone, drag a zone's title bar
// to move it and its lower right corner to resize it, and in DrawZone mode
// drag out a rectangle on the map to make a new zone. It never talks to the
// engine: it asks by signals and the MapPanel sends the requests. While it
// is read-only (no engine to ask) every drag is refused with the reason.
class MapScene : public QGraphicsScene
{
    Q_OBJECT
public:
    enum class Mode { Select, DrawZone };
    Q_ENUM(Mode)

    explicit MapScene(StateStore *store, QObject *parent = nullptr);
    ~MapScene() override;

    // A reason (a sentence) makes the map read-only: drags are refused with
    // it. Empty: editable again.
    void setReadOnlyReason(const QString &reason);
    bool isReadOnly() const { return !m_readOnlyReason.isEmpty(); }

    Mode mode() const { return m_mode; }
    void setMode(Mode mode);

    // Applies the store changes collected so far (normally on the next turn
    // of the event loop).
    void flush();
    // Rebuilds every item from the store.
    void rebuild();

    HostCardItem *card(const QString &host) const { return m_cards.value(host); }
    ZoneItem *zoneItem(const QString &zone) const { return m_zoneItems.value(zone); }
    int cardCount() const { return int(m_cards.size()); }
    // Scene position of a partition's chip (its centre); null when not shown.
    QPointF chipScenePos(const QString &uuid) const;
    // The host whose card shows the chip ("" when none).
    QString chipHost(const QString &uuid) const;
    QRectF zoneSceneRect(const QString &zone) const;

    QString selectedPartition() const { return m_selectedPartition; }
    QString selectedHost() const { return m_selectedHost; }
    void selectPartition(const QString &uuid);

    // The drop target under the last drag position and why it is (not) valid.
    QString dragReason() const { return m_dragReason; }

    // Migration feedback on the chips.
    void setMigrationRequested(const QString &uuid, const QString &targetHost);
    void setMigrationProgress(const proto::MigrationProgress &progress);
    void setMigrationFailed(const QString &uuid, const QString &message);
    bool isMigrating(const QString &uuid) const { return m_moves.contains(uuid); }

    // Shows a zone in a region the engine has been asked for, until the
    // engine's zone has it (or forgetRequestedRegion() after a refusal).
    void placeZone(const QString &zone, const QRectF &rect);
    void forgetRequestedRegion(const QString &zone);
    // Where a zone is drawn from: the requested region, else the engine's;
    // null when it is laid out automatically.
    QRectF zoneRegion(const QString &zone) const;

signals:
    void partitionSelected(const QString &uuid);
    void hostSelected(const QString &host);
    void migrationRequested(const QString &uuid, const QString &targetHost);
    void hostZoneChangeRequested(const QString &host, const QString &zone);
    // A drop that cannot be done, with the reason.
    void dropRefused(const QString &reason);
    void zoneDrawn(const QRectF &rect);
    // A zone was moved or resized to rect (already shown there).
    void zoneRegionChangeRequested(const QString &zone, const QRectF &rect);
    void zoneDrawRefused(const QString &reason);
    void zoneRenameRequested(const QString &zone);
    // Right click: what was under the mouse ("partition", "host", "zone") and its key.
    void contextMenuRequested(const QString &kind, const QString &key, const QPoint &screenPos);
    // A sentence about the drag in progress, for the status bar.
    void feedback(const QString &text);

protected:
    void mousePressEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseMoveEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseReleaseEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseDoubleClickEvent(QGraphicsSceneMouseEvent *event) override;
    void contextMenuEvent(QGraphicsSceneContextMenuEvent *event) override;
    void helpEvent(QGraphicsSceneHelpEvent *event) override;
    // Before any card is painted: the view's scale picks the cards' detail.
    void drawBackground(QPainter *painter, const QRectF &rect) override;

private:
    struct Move
    {
        QString source;
        QString target;
        QString phase;
        double progress = -1;
    };
    enum class PressKind { None, Chip, Host, ZoneMove, ZoneResize, Band };
    struct Press
    {
        PressKind kind = PressKind::None;
        QString key;            // partition uuid, host or zone name
        QPointF start;          // scene position of the press
        QPointF itemStart;      // zone position at the press
        QSizeF sizeStart;       // zone size at the press
        bool dragging = false;
    };

    void onPartitionChanged(int row);
    void onPartitionAboutToBeRemoved(int row);
    void onHostChanged(int row);
    void onHostAboutToBeRemoved(int row);
    void schedule();
    void setPartitionHost(const QString &uuid, const QString &host);
    void refreshChips(const QString &host);
    void relayout();
    void updateZoneSummaries();
    QString zoneOf(const QString &host) const;
    ZoneItem *ensureZone(const QString &zone);
    HostCardItem *cardAt(const QPointF &scenePos) const;
    ZoneItem *zoneAt(const QPointF &scenePos) const;
    void clearDropLooks();
    void updateChipDrag(const QPointF &scenePos, const QPoint &screenPos, QWidget *widget);
    void updateHostDrag(const QPointF &scenePos);
    void finishChipDrag(const QPointF &scenePos);
    void finishHostDrag(const QPointF &scenePos);
    void finishBand(const QPointF &scenePos);
    void moveZoneBy(ZoneItem *zone, const QPointF &delta);
    void setSelectedHost(const QString &host);
    QString chipToolTip(const QString &uuid) const;
    QString hostToolTip(const QString &host) const;

    void onZonesChanged();
    void refuseDrag();

    StateStore *m_store;
    Mode m_mode = Mode::Select;
    HostCardItem::Detail m_cardDetail = HostCardItem::Detail::Text;
    QString m_readOnlyReason;
    QHash<QString, QRectF> m_requestedRegions;          // zone -> region asked of the engine, not seen back yet

    QHash<QString, HostCardItem *> m_cards;
    QHash<QString, ZoneItem *> m_zoneItems;
    QHash<QString, QString> m_partitionHost;            // uuid -> host it shows on
    QHash<QString, QSet<QString>> m_hostPartitions;     // host -> uuids shown on it
    QHash<QString, Move> m_moves;                       // uuid -> migration under way
    QHash<QString, QString> m_errors;                   // uuid -> why its last migration failed
    QHash<QString, QString> m_hostZones;                // host -> zone its card is in

    QSet<QString> m_dirtyHosts;
    bool m_layoutDirty = false;
    bool m_scheduled = false;

    Press m_press;
    ChipGhostItem *m_ghost = nullptr;
    QGraphicsRectItem *m_band = nullptr;
    HostCardItem *m_dropCard = nullptr;
    ZoneItem *m_dropZone = nullptr;
    QString m_dragReason;
    bool m_dragValid = false;
    QHash<QString, std::pair<bool, QString>> m_verdicts; // target -> verdict, for one drag

    QString m_selectedPartition;
    QString m_selectedHost;
};

} // namespace vdc::gui
