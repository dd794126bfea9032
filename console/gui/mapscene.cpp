#include "mapscene.h"

#include "chipghostitem.h"
#include "displayformat.h"
#include "migrationcheck.h"
#include "statestore.h"
#include "statestyle.h"
#include "zoneitem.h"

#include <QApplication>
#include <QGraphicsRectItem>
#include <QGraphicsSceneContextMenuEvent>
#include <QGraphicsSceneHelpEvent>
#include <QGraphicsSceneMouseEvent>
#include <QPainter>
#include <QStyleOptionGraphicsItem>
#include <QTimer>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace vdc::gui {

namespace {

QString qs(const std::string &s) { return QString::fromStdString(s); }

constexpr qreal kPad = 12;
constexpr qreal kCardGap = 12;
constexpr qreal kZoneGap = 40;
constexpr qreal kAutoRowWidth = 2600;
constexpr qreal kEmptyZoneWidth = 2 * kPad + HostCardItem::kWidth;
constexpr qreal kEmptyZoneHeight = 120;

// Partitions that hold resources on their host are shown on it.
bool onHost(const proto::Partition &p)
{
    switch (p.state()) {
    case proto::PARTITION_STATE_RUNNING:
    case proto::PARTITION_STATE_STARTING:
    case proto::PARTITION_STATE_STOPPING:
    case proto::PARTITION_STATE_PAUSED:
        return !p.host().empty();
    default:
        return false;
    }
}

} // namespace

MapScene::MapScene(StateStore *store, QObject *parent)
    : QGraphicsScene(parent)
    , m_store(store)
{
    setItemIndexMethod(QGraphicsScene::BspTreeIndex);
    setBackgroundBrush(QColor(0xfa, 0xfb, 0xfc));
    connect(store, &StateStore::partitionAdded, this, &MapScene::onPartitionChanged);
    connect(store, &StateStore::partitionUpdated, this, &MapScene::onPartitionChanged);
    connect(store, &StateStore::partitionAboutToBeRemoved, this, &MapScene::onPartitionAboutToBeRemoved);
    connect(store, &StateStore::hostAdded, this, &MapScene::onHostChanged);
    connect(store, &StateStore::hostUpdated, this, &MapScene::onHostChanged);
    connect(store, &StateStore::hostAboutToBeRemoved, this, &MapScene::onHostAboutToBeRemoved);
    connect(store, &StateStore::zonesChanged, this, &MapScene::onZonesChanged);
    connect(store, &StateStore::migrationProgressed, this, &MapScene::setMigrationProgress);
    rebuild();
}

MapScene::~MapScene() = default;

void MapScene::drawBackground(QPainter *painter, const QRectF &rect)
{
    const qreal scale = QStyleOptionGraphicsItem::levelOfDetailFromTransform(painter->worldTransform());
    const auto detail = scale < HostCardItem::kTextDetail ? HostCardItem::Detail::Shapes : HostCardItem::Detail::Text;
    if (detail != m_cardDetail) {
        m_cardDetail = detail;
        for (HostCardItem *card : std::as_const(m_cards))
            card->setDetail(detail);
    }
    QGraphicsScene::drawBackground(painter, rect);
}

void MapScene::setReadOnlyReason(const QString &reason)
{
    m_readOnlyReason = reason;
}

void MapScene::onZonesChanged()
{
    // A requested region is done with once the engine's zone has it (a
    // region is stored as sent, so the numbers come back unchanged).
    for (auto it = m_requestedRegions.begin(); it != m_requestedRegions.end();) {
        const proto::Zone *zone = m_store->zone(it.key());
        const bool arrived = zone && zone->has_map_region() && zone->map_region().x() == it->x()
            && zone->map_region().y() == it->y() && zone->map_region().width() == it->width()
            && zone->map_region().height() == it->height();
        it = arrived ? m_requestedRegions.erase(it) : std::next(it);
    }
    m_layoutDirty = true;
    schedule();
}

QRectF MapScene::zoneRegion(const QString &zone) const
{
    if (const auto it = m_requestedRegions.constFind(zone); it != m_requestedRegions.cend())
        return *it;
    const proto::Zone *z = m_store->zone(zone);
    if (!z || !z->has_map_region())
        return {};
    const auto &r = z->map_region();
    return QRectF(r.x(), r.y(), r.width(), r.height());
}

void MapScene::setMode(Mode mode)
{
    m_mode = mode;
}

void MapScene::schedule()
{
    if (m_scheduled)
        return;
    m_scheduled = true;
    QTimer::singleShot(0, this, &MapScene::flush);
}

void MapScene::rebuild()
{
    for (int row = 0; row < m_store->hostCount(); ++row)
        onHostChanged(row);
    for (int row = 0; row < m_store->partitionCount(); ++row)
        onPartitionChanged(row);
    m_layoutDirty = true;
    flush();
}

void MapScene::onHostChanged(int row)
{
    const proto::Host &host = m_store->hostAt(row);
    const QString name = qs(host.name());
    HostCardItem *card = m_cards.value(name);
    if (!card) {
        card = new HostCardItem(name);
        card->setDetail(m_cardDetail);
        addItem(card);
        m_cards.insert(name, card);
        m_dirtyHosts.insert(name);
        m_layoutDirty = true;
    }
    card->setHost(host);
    if (m_hostZones.value(name, QStringLiteral("\x01")) != qs(host.zone())) {
        m_hostZones.insert(name, qs(host.zone()));
        m_layoutDirty = true;
    }
    schedule();
}

void MapScene::onHostAboutToBeRemoved(int row)
{
    const QString name = qs(m_store->hostAt(row).name());
    if (HostCardItem *card = m_cards.take(name)) {
        if (m_dropCard == card)
            m_dropCard = nullptr;
        delete card;
    }
    m_hostZones.remove(name);
    m_dirtyHosts.remove(name);
    m_layoutDirty = true;
    schedule();
}

void MapScene::setPartitionHost(const QString &uuid, const QString &host)
{
    const QString old = m_partitionHost.value(uuid);
    if (old == host) {
        if (!host.isEmpty())
            m_dirtyHosts.insert(host); // state or name may have changed
        return;
    }
    if (!old.isEmpty()) {
        m_hostPartitions[old].remove(uuid);
        m_dirtyHosts.insert(old);
    }
    if (host.isEmpty()) {
        m_partitionHost.remove(uuid);
    } else {
        m_partitionHost.insert(uuid, host);
        m_hostPartitions[host].insert(uuid);
        m_dirtyHosts.insert(host);
    }
}

void MapScene::onPartitionChanged(int row)
{
    const proto::Partition &p = m_store->partitionAt(row);
    const QString uuid = qs(p.spec().uuid());
    const QString host = onHost(p) ? qs(p.host()) : QString();
    setPartitionHost(uuid, host);
    // Landed on its new host: the migration is over as far as the map is concerned.
    const auto move = m_moves.constFind(uuid);
    if (move != m_moves.cend() && host == move->target) {
        m_dirtyHosts.insert(move->target);
        m_dirtyHosts.insert(move->source);
        m_moves.erase(move);
    }
    schedule();
}

void MapScene::onPartitionAboutToBeRemoved(int row)
{
    const QString uuid = qs(m_store->partitionAt(row).spec().uuid());
    setPartitionHost(uuid, {});
    if (m_moves.contains(uuid)) {
        m_dirtyHosts.insert(m_moves.value(uuid).target);
        m_moves.remove(uuid);
    }
    if (m_selectedPartition == uuid)
        m_selectedPartition.clear();
    schedule();
}

void MapScene::refreshChips(const QString &host)
{
    HostCardItem *card = m_cards.value(host);
    if (!card)
        return;
    QList<HostCardItem::Chip> chips;
    const QSet<QString> uuids = m_hostPartitions.value(host);
    chips.reserve(uuids.size());
    for (const QString &uuid : uuids) {
        const proto::Partition *p = m_store->partition(uuid);
        if (!p)
            continue;
        HostCardItem::Chip chip;
        chip.uuid = uuid;
        chip.name = qs(p->spec().name());
        chip.state = p->state();
        chip.error = m_errors.value(uuid);
        const auto move = m_moves.constFind(uuid);
        if (move != m_moves.cend()) {
            chip.leaving = true;
            chip.phase = move->phase;
            chip.progress = move->progress;
        }
        chips.append(chip);
    }
    for (auto it = m_moves.cbegin(); it != m_moves.cend(); ++it) {
        if (it->target != host)
            continue;
        const proto::Partition *p = m_store->partition(it.key());
        if (!p)
            continue;
        HostCardItem::Chip chip;
        chip.uuid = it.key();
        chip.name = qs(p->spec().name());
        chip.state = p->state();
        chip.incoming = true;
        chip.phase = it->phase;
        chip.progress = it->progress;
        chips.append(chip);
    }
    std::sort(chips.begin(), chips.end(), [](const HostCardItem::Chip &a, const HostCardItem::Chip &b) {
        if (a.incoming != b.incoming)
            return b.incoming;
        return a.name.compare(b.name, Qt::CaseInsensitive) < 0;
    });
    if (card->setChips(std::move(chips)))
        m_layoutDirty = true;
    card->setSelectedChip(m_selectedPartition);
}

void MapScene::flush()
{
    m_scheduled = false;
    const QSet<QString> dirty = std::exchange(m_dirtyHosts, {});
    for (const QString &host : dirty)
        refreshChips(host);
    if (m_layoutDirty)
        relayout();
    else if (!dirty.isEmpty())
        updateZoneSummaries(); // partitions came or went without moving any card
}

void MapScene::updateZoneSummaries()
{
    QHash<QString, std::pair<int, int>> counts; // zone -> hosts, partitions
    for (auto it = m_hostZones.cbegin(); it != m_hostZones.cend(); ++it) {
        auto &c = counts[it.value()];
        ++c.first;
        c.second += int(m_hostPartitions.value(it.key()).size());
    }
    for (auto it = m_zoneItems.cbegin(); it != m_zoneItems.cend(); ++it) {
        const auto c = counts.value(it.key());
        it.value()->setSummary(tr("%n host(s)", nullptr, c.first) + QStringLiteral(" \u00b7 ")
                               + tr("%n partition(s)", nullptr, c.second));
    }
}

QString MapScene::zoneOf(const QString &host) const
{
    return m_hostZones.value(host);
}

ZoneItem *MapScene::ensureZone(const QString &zone)
{
    ZoneItem *item = m_zoneItems.value(zone);
    if (!item) {
        item = new ZoneItem(zone);
        addItem(item);
        m_zoneItems.insert(zone, item);
    }
    return item;
}

void MapScene::relayout()
{
    m_layoutDirty = false;
    // Which zones exist: the engine's, the ones hosts name, and the region of
    // hosts without a zone when there are any.
    QHash<QString, QStringList> members;
    for (const auto &z : m_store->zones())
        members[qs(z.name())];
    for (auto it = m_hostZones.cbegin(); it != m_hostZones.cend(); ++it)
        members[it.value()].append(it.key());
    for (auto it = m_zoneItems.begin(); it != m_zoneItems.end();) {
        if (!members.contains(it.key())) {
            if (m_dropZone == it.value())
                m_dropZone = nullptr;
            delete it.value();
            it = m_zoneItems.erase(it);
        } else {
            ++it;
        }
    }
    QStringList zones = members.keys();
    std::sort(zones.begin(), zones.end(), [](const QString &a, const QString &b) {
        if (a.isEmpty() != b.isEmpty())
            return b.isEmpty(); // the unzoned region last
        return a.compare(b, Qt::CaseInsensitive) < 0;
    });

    QRectF placed; // union of the zones the admin put somewhere
    QList<ZoneItem *> automatic;
    for (const QString &zone : std::as_const(zones)) {
        ZoneItem *item = ensureZone(zone);
        QStringList hosts = members.value(zone);
        std::sort(hosts.begin(), hosts.end(), [](const QString &a, const QString &b) {
            return a.compare(b, Qt::CaseInsensitive) < 0;
        });
        const QRectF savedRect = zoneRegion(zone);
        const bool saved = !savedRect.isNull();
        int columns = 1;
        if (saved) {
            columns = std::max(1, int((savedRect.width() - kPad + kCardGap) / (HostCardItem::kWidth + kCardGap)));
        } else {
            columns = std::clamp(int(std::ceil(std::sqrt(double(hosts.size()) * 1.5))), 1, 10);
        }
        // Shelves of cards: each row as tall as its tallest card.
        const QPointF origin = saved ? savedRect.topLeft() : item->pos();
        qreal y = ZoneItem::kTitleHeight + kPad;
        qreal rowHeight = 0;
        for (int i = 0; i < hosts.size(); ++i) {
            if (i > 0 && i % columns == 0) {
                y += rowHeight + kCardGap;
                rowHeight = 0;
            }
            HostCardItem *card = m_cards.value(hosts.at(i));
            if (!card)
                continue;
            const int col = i % columns;
            card->setData(0, zone);
            card->setPos(origin + QPointF(kPad + col * (HostCardItem::kWidth + kCardGap), y));
            rowHeight = std::max(rowHeight, card->height());
        }
        const qreal neededHeight = hosts.isEmpty() ? kEmptyZoneHeight : y + rowHeight + kPad;
        const int usedColumns = std::max(1, std::min(columns, int(hosts.size())));
        const qreal neededWidth = hosts.isEmpty() ? kEmptyZoneWidth
                                                  : 2 * kPad + usedColumns * HostCardItem::kWidth + (usedColumns - 1) * kCardGap;
        const QSizeF size = saved ? QSizeF(std::max(savedRect.width(), kEmptyZoneWidth), std::max(savedRect.height(), neededHeight))
                                  : QSizeF(std::max(neededWidth, 360.0), neededHeight);
        item->setSize(size);
        int partitions = 0;
        for (const QString &h : std::as_const(hosts))
            partitions += int(m_hostPartitions.value(h).size());
        item->setSummary(tr("%n host(s)", nullptr, int(hosts.size())) + QStringLiteral(" \u00b7 ")
                         + tr("%n partition(s)", nullptr, partitions));
        if (saved) {
            item->setPos(savedRect.topLeft());
            placed = placed.united(QRectF(savedRect.topLeft(), size));
        } else {
            automatic.append(item);
        }
    }

    // Zones nobody placed yet flow in rows below the placed ones.
    qreal x = 0;
    qreal y = placed.isNull() ? 0 : placed.bottom() + kZoneGap;
    qreal rowHeight = 0;
    for (ZoneItem *item : std::as_const(automatic)) {
        if (x > 0 && x + item->size().width() > kAutoRowWidth) {
            x = 0;
            y += rowHeight + kZoneGap;
            rowHeight = 0;
        }
        const QPointF delta = QPointF(x, y) - item->pos();
        if (!delta.isNull())
            moveZoneBy(item, delta);
        x += item->size().width() + kZoneGap;
        rowHeight = std::max(rowHeight, item->size().height());
    }
    QRectF bounds;
    for (ZoneItem *item : std::as_const(m_zoneItems))
        bounds = bounds.united(QRectF(item->pos(), item->size()));
    setSceneRect(bounds.adjusted(-200, -200, 400, 400));
}

void MapScene::moveZoneBy(ZoneItem *zone, const QPointF &delta)
{
    zone->setPos(zone->pos() + delta);
    for (auto it = m_hostZones.cbegin(); it != m_hostZones.cend(); ++it)
        if (it.value() == zone->name())
            if (HostCardItem *card = m_cards.value(it.key()))
                card->setPos(card->pos() + delta);
}

void MapScene::placeZone(const QString &zone, const QRectF &rect)
{
    m_requestedRegions.insert(zone, rect.normalized());
    m_layoutDirty = true;
    schedule();
}

void MapScene::forgetRequestedRegion(const QString &zone)
{
    if (m_requestedRegions.remove(zone) == 0)
        return;
    m_layoutDirty = true;
    schedule();
}

QPointF MapScene::chipScenePos(const QString &uuid) const
{
    const QString host = chipHost(uuid);
    HostCardItem *card = m_cards.value(host);
    if (!card)
        return {};
    const int index = card->chipIndex(uuid);
    return index < 0 ? QPointF() : card->mapToScene(card->chipRect(index).center());
}

QString MapScene::chipHost(const QString &uuid) const
{
    return m_partitionHost.value(uuid);
}

QRectF MapScene::zoneSceneRect(const QString &zone) const
{
    ZoneItem *item = m_zoneItems.value(zone);
    return item ? QRectF(item->pos(), item->size()) : QRectF();
}

HostCardItem *MapScene::cardAt(const QPointF &scenePos) const
{
    for (QGraphicsItem *item : items(scenePos, Qt::IntersectsItemBoundingRect, Qt::DescendingOrder))
        if (item->type() == HostCardItem::Type) {
            auto *card = static_cast<HostCardItem *>(item);
            if (QRectF(0, 0, HostCardItem::kWidth, card->height()).contains(card->mapFromScene(scenePos)))
                return card;
        }
    return nullptr;
}

ZoneItem *MapScene::zoneAt(const QPointF &scenePos) const
{
    for (QGraphicsItem *item : items(scenePos, Qt::IntersectsItemBoundingRect, Qt::DescendingOrder))
        if (item->type() == ZoneItem::Type) {
            auto *zone = static_cast<ZoneItem *>(item);
            if (zone->partAt(zone->mapFromScene(scenePos)) != ZoneItem::Part::None)
                return zone;
        }
    return nullptr;
}

void MapScene::selectPartition(const QString &uuid)
{
    if (uuid == m_selectedPartition)
        return;
    const QString oldHost = m_partitionHost.value(m_selectedPartition);
    m_selectedPartition = uuid;
    if (HostCardItem *card = m_cards.value(oldHost))
        card->setSelectedChip(uuid);
    if (HostCardItem *card = m_cards.value(m_partitionHost.value(uuid)))
        card->setSelectedChip(uuid);
}

void MapScene::setSelectedHost(const QString &host)
{
    if (host == m_selectedHost)
        return;
    if (HostCardItem *card = m_cards.value(m_selectedHost))
        card->setHighlighted(false);
    m_selectedHost = host;
    if (HostCardItem *card = m_cards.value(host))
        card->setHighlighted(true);
    emit hostSelected(host);
}

// ------------------------------------------------------------------ migrations

void MapScene::setMigrationRequested(const QString &uuid, const QString &targetHost)
{
    Move move;
    move.source = m_partitionHost.value(uuid);
    move.target = targetHost;
    move.phase = StateStyle::name(proto::MIGRATION_PHASE_UNSPECIFIED);
    m_moves.insert(uuid, move);
    m_errors.remove(uuid);
    m_dirtyHosts.insert(move.source);
    m_dirtyHosts.insert(targetHost);
    schedule();
}

void MapScene::setMigrationProgress(const proto::MigrationProgress &progress)
{
    const QString uuid = qs(progress.partition_uuid());
    if (StateStyle::isFinal(progress.phase())) {
        const auto move = m_moves.constFind(uuid);
        if (move != m_moves.cend()) {
            m_dirtyHosts.insert(move->source);
            m_dirtyHosts.insert(move->target);
            m_moves.erase(move);
        }
        if (progress.phase() != proto::MIGRATION_PHASE_COMPLETED) {
            const QString message = qs(progress.message());
            m_errors.insert(uuid, message.isEmpty() ? StateStyle::name(progress.phase()) : message);
            m_dirtyHosts.insert(m_partitionHost.value(uuid));
        }
        schedule();
        return;
    }
    Move &move = m_moves[uuid];
    if (move.target.isEmpty()) {
        move.source = qs(progress.source_host());
        move.target = qs(progress.target_host());
    }
    move.phase = StateStyle::name(progress.phase());
    move.progress = progress.memory_total_bytes() > 0
        ? double(progress.memory_processed_bytes()) / double(progress.memory_total_bytes())
        : -1;
    m_dirtyHosts.insert(move.source);
    m_dirtyHosts.insert(move.target);
    schedule();
}

void MapScene::setMigrationFailed(const QString &uuid, const QString &message)
{
    const auto move = m_moves.constFind(uuid);
    if (move != m_moves.cend()) {
        m_dirtyHosts.insert(move->source);
        m_dirtyHosts.insert(move->target);
        m_moves.erase(move);
    }
    m_errors.insert(uuid, message);
    m_dirtyHosts.insert(m_partitionHost.value(uuid));
    schedule();
}

// ------------------------------------------------------------------ mouse

void MapScene::mousePressEvent(QGraphicsSceneMouseEvent *event)
{
    if (event->button() != Qt::LeftButton) {
        event->ignore();
        return;
    }
    const QPointF pos = event->scenePos();
    m_press = Press();
    m_press.start = pos;
    if (m_mode == Mode::DrawZone) {
        m_press.kind = PressKind::Band;
        m_band = addRect(QRectF(pos, QSizeF(0, 0)), QPen(QColor(0x1a, 0x56, 0xb8), 1.5, Qt::DashLine),
                         QColor(0x1a, 0x56, 0xb8, 30));
        m_band->setZValue(900);
        event->accept();
        return;
    }
    if (HostCardItem *card = cardAt(pos)) {
        const QPointF local = card->mapFromScene(pos);
        const int chip = card->chipAt(local);
        setSelectedHost(card->name());
        if (chip >= 0 && !card->chips().at(chip).incoming) {
            m_press.kind = PressKind::Chip;
            m_press.key = card->chips().at(chip).uuid;
            selectPartition(m_press.key);
            emit partitionSelected(m_press.key);
        } else if (local.y() < HostCardItem::kHeaderHeight) {
            m_press.kind = PressKind::Host;
            m_press.key = card->name();
        }
        event->accept();
        return;
    }
    if (ZoneItem *zone = zoneAt(pos)) {
        const ZoneItem::Part part = zone->partAt(zone->mapFromScene(pos));
        if (part == ZoneItem::Part::Title || (part == ZoneItem::Part::ResizeHandle && !zone->isUnzoned())) {
            m_press.kind = part == ZoneItem::Part::Title ? PressKind::ZoneMove : PressKind::ZoneResize;
            m_press.key = zone->name();
            m_press.itemStart = zone->pos();
            m_press.sizeStart = zone->size();
            event->accept();
            return;
        }
    }
    // Empty space: the view pans.
    setSelectedHost({});
    event->ignore();
}

void MapScene::mouseMoveEvent(QGraphicsSceneMouseEvent *event)
{
    if (m_press.kind == PressKind::None) {
        event->ignore();
        return;
    }
    const QPointF pos = event->scenePos();
    if (!m_press.dragging) {
        const QPointF screenDelta = event->screenPos() - event->buttonDownScreenPos(Qt::LeftButton);
        const QPointF sceneDelta = pos - m_press.start;
        // Offscreen test events may carry no screen position; the scene one is enough.
        if (screenDelta.manhattanLength() < QApplication::startDragDistance()
            && sceneDelta.manhattanLength() < QApplication::startDragDistance())
            return;
        if (isReadOnly()) {
            refuseDrag();
            event->accept();
            return;
        }
        m_press.dragging = true;
        m_verdicts.clear();
        if (m_press.kind == PressKind::Chip) {
            HostCardItem *card = m_cards.value(m_partitionHost.value(m_press.key));
            const int index = card ? card->chipIndex(m_press.key) : -1;
            if (index < 0) {
                m_press = Press();
                return;
            }
            if (!m_ghost) {
                m_ghost = new ChipGhostItem;
                addItem(m_ghost);
            }
            m_ghost->setChip(card->chips().at(index), card->chipRect(index).size());
            m_ghost->show();
        }
    }
    switch (m_press.kind) {
    case PressKind::Chip:
        updateChipDrag(pos, event->screenPos(), event->widget());
        break;
    case PressKind::Host:
        updateHostDrag(pos);
        break;
    case PressKind::ZoneMove:
        if (ZoneItem *zone = m_zoneItems.value(m_press.key))
            moveZoneBy(zone, m_press.itemStart + (pos - m_press.start) - zone->pos());
        break;
    case PressKind::ZoneResize:
        if (ZoneItem *zone = m_zoneItems.value(m_press.key)) {
            const QSizeF size(std::max(kEmptyZoneWidth, m_press.sizeStart.width() + pos.x() - m_press.start.x()),
                              std::max(kEmptyZoneHeight, m_press.sizeStart.height() + pos.y() - m_press.start.y()));
            zone->setSize(size);
        }
        break;
    case PressKind::Band:
        if (m_band)
            m_band->setRect(QRectF(m_press.start, pos).normalized());
        break;
    case PressKind::None:
        break;
    }
    event->accept();
}

void MapScene::mouseReleaseEvent(QGraphicsSceneMouseEvent *event)
{
    if (m_press.kind == PressKind::None || event->button() != Qt::LeftButton) {
        event->ignore();
        return;
    }
    const Press press = m_press; // the finish functions read m_press too
    const QPointF pos = event->scenePos();
    if (isReadOnly() && (press.dragging || press.kind == PressKind::Band)) {
        // The engine went away during the drag: nothing can be asked of it.
        refuseDrag();
        m_layoutDirty = true; // a moved zone goes back where it was
        schedule();
        event->accept();
        return;
    }
    switch (press.kind) {
    case PressKind::Chip:
        if (press.dragging)
            finishChipDrag(pos);
        break;
    case PressKind::Host:
        if (press.dragging)
            finishHostDrag(pos);
        break;
    case PressKind::ZoneMove:
    case PressKind::ZoneResize:
        if (ZoneItem *zone = m_zoneItems.value(press.key); zone && press.dragging) {
            const QRectF region(zone->pos(), zone->size());
            // Shown there at once; the engine keeps it (the hosts without a
            // zone have no engine zone: their region stays in this console).
            placeZone(zone->name(), region);
            if (!zone->isUnzoned())
                emit zoneRegionChangeRequested(zone->name(), region);
        }
        break;
    case PressKind::Band:
        finishBand(pos);
        break;
    case PressKind::None:
        break;
    }
    m_press = Press();
    clearDropLooks();
    if (m_ghost)
        m_ghost->hide();
    QToolTip::hideText();
    event->accept();
}

void MapScene::mouseDoubleClickEvent(QGraphicsSceneMouseEvent *event)
{
    const QPointF pos = event->scenePos();
    if (!cardAt(pos))
        if (ZoneItem *zone = zoneAt(pos); zone && !zone->isUnzoned()
            && zone->partAt(zone->mapFromScene(pos)) == ZoneItem::Part::Title) {
            emit zoneRenameRequested(zone->name());
            event->accept();
            return;
        }
    mousePressEvent(event);
}

void MapScene::refuseDrag()
{
    const bool band = m_press.kind == PressKind::Band;
    m_press = Press();
    delete m_band;
    m_band = nullptr;
    clearDropLooks();
    if (m_ghost)
        m_ghost->hide();
    m_dragReason = m_readOnlyReason;
    if (band)
        emit zoneDrawRefused(m_readOnlyReason);
    else
        emit dropRefused(m_readOnlyReason);
}

void MapScene::clearDropLooks()
{
    if (m_dropCard)
        m_dropCard->setDropLook(HostCardItem::DropLook::None);
    if (m_dropZone)
        m_dropZone->setDropLook(0);
    m_dropCard = nullptr;
    m_dropZone = nullptr;
}

void MapScene::updateChipDrag(const QPointF &scenePos, const QPoint &screenPos, QWidget *widget)
{
    if (m_ghost)
        m_ghost->setPos(scenePos);
    HostCardItem *card = cardAt(scenePos);
    if (card != m_dropCard) {
        clearDropLooks();
        m_dropCard = card;
    }
    const QString name = m_store->partition(m_press.key) ? qs(m_store->partition(m_press.key)->spec().name()) : QString();
    if (!card) {
        m_dragValid = false;
        m_dragReason = tr("Drop %1 on a host card to migrate it there.").arg(name);
    } else {
        auto verdict = m_verdicts.constFind(card->name());
        if (verdict == m_verdicts.cend()) {
            auto v = MigrationCheck::check(*m_store, m_press.key, card->name());
            if (v.allowed && m_moves.contains(m_press.key))
                v = {false, tr("%1 is being migrated already; wait until it has landed.").arg(name)};
            verdict = m_verdicts.insert(card->name(), {v.allowed, v.reason});
        }
        m_dragValid = verdict->first;
        m_dragReason = verdict->second;
        card->setDropLook(m_dragValid ? HostCardItem::DropLook::Valid : HostCardItem::DropLook::Invalid);
    }
    emit feedback(m_dragReason);
    if (widget)
        QToolTip::showText(screenPos, m_dragReason, widget);
}

void MapScene::updateHostDrag(const QPointF &scenePos)
{
    ZoneItem *zone = cardAt(scenePos) ? m_zoneItems.value(zoneOf(cardAt(scenePos)->name())) : zoneAt(scenePos);
    if (zone != m_dropZone) {
        clearDropLooks();
        m_dropZone = zone;
    }
    if (HostCardItem *card = m_cards.value(m_press.key))
        card->setDropLook(HostCardItem::DropLook::Valid);
    m_dropCard = m_cards.value(m_press.key);
    if (!zone) {
        m_dragValid = false;
        m_dragReason = tr("Drop host %1 in a zone to move it there.").arg(m_press.key);
    } else {
        const auto v = MigrationCheck::checkZoneMove(*m_store, m_press.key, zone->name());
        m_dragValid = v.allowed;
        m_dragReason = v.reason;
        zone->setDropLook(v.allowed ? 1 : 2);
    }
    emit feedback(m_dragReason);
}

void MapScene::finishChipDrag(const QPointF &scenePos)
{
    updateChipDrag(scenePos, {}, nullptr);
    if (!m_dragValid) {
        emit dropRefused(m_dragReason);
        return;
    }
    const QString target = m_dropCard ? m_dropCard->name() : QString();
    setMigrationRequested(m_press.key, target);
    emit migrationRequested(m_press.key, target);
}

void MapScene::finishHostDrag(const QPointF &scenePos)
{
    updateHostDrag(scenePos);
    if (!m_dragValid) {
        emit dropRefused(m_dragReason);
        return;
    }
    emit hostZoneChangeRequested(m_press.key, m_dropZone ? m_dropZone->name() : QString());
}

void MapScene::finishBand(const QPointF &scenePos)
{
    const QRectF rect = QRectF(m_press.start, scenePos).normalized();
    delete m_band;
    m_band = nullptr;
    if (rect.width() < ZoneItem::kMinimumSize || rect.height() < ZoneItem::kMinimumSize) {
        const QString reason = tr("A zone needs room for its hosts: drag out a rectangle at least %1 by %2 points.")
                                   .arg(int(ZoneItem::kMinimumSize))
                                   .arg(int(ZoneItem::kMinimumSize));
        m_dragReason = reason;
        emit zoneDrawRefused(reason);
        return;
    }
    emit zoneDrawn(rect);
}

void MapScene::contextMenuEvent(QGraphicsSceneContextMenuEvent *event)
{
    const QPointF pos = event->scenePos();
    if (HostCardItem *card = cardAt(pos)) {
        const int chip = card->chipAt(card->mapFromScene(pos));
        if (chip >= 0) {
            const QString uuid = card->chips().at(chip).uuid;
            selectPartition(uuid);
            emit partitionSelected(uuid);
            emit contextMenuRequested(QStringLiteral("partition"), uuid, event->screenPos());
        } else {
            setSelectedHost(card->name());
            emit contextMenuRequested(QStringLiteral("host"), card->name(), event->screenPos());
        }
        event->accept();
        return;
    }
    if (ZoneItem *zone = zoneAt(pos); zone && !zone->isUnzoned()) {
        emit contextMenuRequested(QStringLiteral("zone"), zone->name(), event->screenPos());
        event->accept();
        return;
    }
    event->ignore();
}

// ------------------------------------------------------------------ tool tips

QString MapScene::chipToolTip(const QString &uuid) const
{
    const proto::Partition *p = m_store->partition(uuid);
    if (!p)
        return {};
    QString text = tr("%1 (domain %2): %3, %n vCPU(s), %4 of memory", nullptr, int(p->spec().vcpus()))
                       .arg(qs(p->spec().name()), qs(p->spec().domain()), StateStyle::name(p->state()),
                            DisplayFormat::memory(p->spec().memory_mib()));
    if (m_moves.contains(uuid))
        text += QLatin1Char('\n')
            + tr("Migrating to %1: %2.").arg(m_moves.value(uuid).target, m_moves.value(uuid).phase);
    if (m_errors.contains(uuid))
        text += QLatin1Char('\n') + tr("The last migration failed: %1").arg(m_errors.value(uuid));
    return text;
}

QString MapScene::hostToolTip(const QString &host) const
{
    const proto::Host *h = m_store->host(host);
    if (!h)
        return {};
    QString text = tr("Host %1: %2. %3 of %4 cores free, %5 free.")
                       .arg(host, StateStyle::name(h->state()))
                       .arg(h->cores_free())
                       .arg(h->cores_total())
                       .arg(DisplayFormat::freeOfTotal(h->memory_free_mib(), h->memory_total_mib()));
    if (!h->last_error().empty())
        text += QLatin1Char('\n') + qs(h->last_error());
    return text;
}

void MapScene::helpEvent(QGraphicsSceneHelpEvent *event)
{
    const QPointF pos = event->scenePos();
    QString text;
    if (HostCardItem *card = cardAt(pos)) {
        const int chip = card->chipAt(card->mapFromScene(pos));
        text = chip >= 0 ? chipToolTip(card->chips().at(chip).uuid) : hostToolTip(card->name());
    } else if (ZoneItem *zone = zoneAt(pos)) {
        const proto::Zone *z = m_store->zone(zone->name());
        text = zone->isUnzoned() ? tr("Hosts that are in no zone. Drag a host into a zone to move it there.")
                                 : (z && !z->description().empty() ? qs(z->description())
                                                                   : tr("Zone %1. Drag its title to move it, its lower right corner to resize it, double-click the title to rename it.")
                                                                         .arg(zone->name()));
    }
    if (text.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(event->screenPos(), text, event->widget());
    event->setAccepted(!text.isEmpty());
}

} // namespace vdc::gui
