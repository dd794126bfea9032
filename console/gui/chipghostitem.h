#pragma once

#include "hostcarditem.h"

#include <QGraphicsItem>

namespace vdc::gui {

// The chip that follows the mouse while a partition is dragged.
class ChipGhostItem : public QGraphicsItem
{
public:
    enum { Type = UserType + 3 };

    ChipGhostItem();
    int type() const override { return Type; }
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;
    void setChip(const HostCardItem::Chip &chip, const QSizeF &size);

private:
    HostCardItem::Chip m_chip;
    QSizeF m_size;
};

} // namespace vdc::gui
