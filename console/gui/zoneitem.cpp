#include "zoneitem.h"

#include <QPainter>
#include <QStyleOptionGraphicsItem>

namespace vdc::gui {

ZoneItem::ZoneItem(const QString &name)
    : m_name(name)
{
    setAcceptedMouseButtons(Qt::NoButton); // the scene handles the mouse
    setZValue(-1);
}

QRectF ZoneItem::boundingRect() const
{
    return QRectF(QPointF(-2, -2), m_size + QSizeF(4, 4));
}

void ZoneItem::setSize(const QSizeF &size)
{
    if (size == m_size)
        return;
    prepareGeometryChange();
    m_size = size;
}

void ZoneItem::setSummary(const QString &summary)
{
    if (summary == m_summary)
        return;
    m_summary = summary;
    update();
}

void ZoneItem::setDropLook(int look)
{
    if (look == m_dropLook)
        return;
    m_dropLook = look;
    update();
}

ZoneItem::Part ZoneItem::partAt(const QPointF &pos) const
{
    const QRectF r(QPointF(0, 0), m_size);
    if (!r.contains(pos))
        return Part::None;
    if (QRectF(r.right() - kHandle, r.bottom() - kHandle, kHandle, kHandle).contains(pos))
        return Part::ResizeHandle;
    if (pos.y() < kTitleHeight)
        return Part::Title;
    return Part::Body;
}

void ZoneItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const qreal lod = option->levelOfDetailFromTransform(painter->worldTransform());
    const QRectF r(QPointF(0, 0), m_size);
    QColor fill = isUnzoned() ? QColor(0xf4, 0xf4, 0xf4) : QColor(0xee, 0xf3, 0xfa);
    QColor border = isUnzoned() ? QColor(0xbb, 0xbb, 0xbb) : QColor(0x7f, 0x9c, 0xc6);
    if (m_dropLook == 1) {
        fill = QColor(0xe6, 0xf5, 0xe9);
        border = QColor(0x2e, 0x9d, 0x4f);
    } else if (m_dropLook == 2) {
        fill = QColor(0xfb, 0xe9, 0xe9);
        border = QColor(0xc6, 0x28, 0x28);
    }
    painter->setPen(QPen(border, m_dropLook ? 3 : 1.5, isUnzoned() ? Qt::DashLine : Qt::SolidLine));
    painter->setBrush(fill);
    painter->drawRoundedRect(r, 8, 8);
    painter->setPen(Qt::NoPen);
    painter->setBrush(border.lighter(isUnzoned() ? 120 : 135));
    painter->drawRoundedRect(QRectF(r.left() + 1, r.top() + 1, r.width() - 2, kTitleHeight - 2), 7, 7);
    if (lod < 0.2)
        return;
    QFont font = painter->font();
    QFont bold = font;
    bold.setBold(true);
    bold.setPointSizeF(font.pointSizeF() * 1.1);
    painter->setFont(bold);
    painter->setPen(QColor(0x1d, 0x2b, 0x3f));
    const QString title = isUnzoned() ? tr("Hosts without a zone") : tr("Zone %1").arg(m_name);
    const QRectF titleRect(10, 0, r.width() - 20, kTitleHeight);
    const QFontMetricsF titleMetrics(bold);
    const qreal titleWidth = std::min(titleMetrics.horizontalAdvance(title) + 4, titleRect.width());
    painter->drawText(titleRect, Qt::AlignVCenter | Qt::AlignLeft,
                      titleMetrics.elidedText(title, Qt::ElideRight, titleRect.width()));
    painter->setFont(font);
    painter->setPen(QColor(0x3c, 0x4a, 0x5e));
    const QRectF summaryRect(titleRect.left() + titleWidth + 12, 0, titleRect.width() - titleWidth - 12, kTitleHeight);
    if (summaryRect.width() > 40)
        painter->drawText(summaryRect, Qt::AlignVCenter | Qt::AlignRight,
                          QFontMetricsF(font).elidedText(m_summary, Qt::ElideRight, summaryRect.width()));
    if (!isUnzoned()) {
        // The resize grip: three short diagonals.
        painter->setPen(QPen(border, 1.2));
        for (int i = 1; i <= 3; ++i)
            painter->drawLine(QPointF(r.right() - 3 - i * 3.5, r.bottom() - 3), QPointF(r.right() - 3, r.bottom() - 3 - i * 3.5));
    }
}

} // namespace vdc::gui
