#include "chipghostitem.h"

#include <QPainter>

namespace vdc::gui {

ChipGhostItem::ChipGhostItem()
{
    setAcceptedMouseButtons(Qt::NoButton);
    setZValue(1000);
    setOpacity(0.85);
}

QRectF ChipGhostItem::boundingRect() const
{
    return QRectF(QPointF(-m_size.width() / 2 - 2, -m_size.height() / 2 - 2), m_size + QSizeF(4, 4));
}

void ChipGhostItem::setChip(const HostCardItem::Chip &chip, const QSizeF &size)
{
    prepareGeometryChange();
    m_chip = chip;
    m_size = size;
}

void ChipGhostItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    HostCardItem::paintChip(painter, QRectF(QPointF(-m_size.width() / 2, -m_size.height() / 2), m_size), m_chip, true,
                            true);
}

} // namespace vdc::gui
