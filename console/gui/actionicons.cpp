#include "actionicons.h"

#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

#include <functional>

namespace vdc::gui {

namespace {

const QColor kGreen(0x2e, 0x7d, 0x32);
const QColor kRed(0xc6, 0x28, 0x28);
const QColor kSlate(0x45, 0x5a, 0x64);
const QColor kBlue(0x15, 0x65, 0xc0);

// Draws with coordinates in a 24 x 24 box, at every size the icon is used.
QIcon drawn(const std::function<void(QPainter &)> &paint)
{
    QIcon icon;
    for (int size : {16, 24, 32, 48}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.scale(size / 24.0, size / 24.0);
        paint(painter);
        painter.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

void plusBadge(QPainter &p, QPointF centre, qreal radius)
{
    p.setPen(Qt::NoPen);
    p.setBrush(kGreen);
    p.drawEllipse(centre, radius, radius);
    p.setPen(QPen(Qt::white, radius * 0.38, Qt::SolidLine, Qt::RoundCap));
    const qreal arm = radius * 0.52;
    p.drawLine(centre - QPointF(arm, 0), centre + QPointF(arm, 0));
    p.drawLine(centre - QPointF(0, arm), centre + QPointF(0, arm));
}

} // namespace

QIcon ActionIcons::create()
{
    return drawn([](QPainter &p) { plusBadge(p, {12, 12}, 10); });
}

QIcon ActionIcons::start()
{
    return drawn([](QPainter &p) {
        QPainterPath triangle;
        triangle.moveTo(6, 3.5);
        triangle.lineTo(20.5, 12);
        triangle.lineTo(6, 20.5);
        triangle.closeSubpath();
        p.setPen(QPen(kGreen, 2, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        p.setBrush(kGreen);
        p.drawPath(triangle);
    });
}

QIcon ActionIcons::stop()
{
    return drawn([](QPainter &p) {
        p.setPen(Qt::NoPen);
        p.setBrush(kRed);
        p.drawRoundedRect(QRectF(4.5, 4.5, 15, 15), 2.5, 2.5);
    });
}

QIcon ActionIcons::remove()
{
    return drawn([](QPainter &p) {
        p.setPen(QPen(kSlate, 1.8, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        p.setBrush(Qt::NoBrush);
        p.drawLine(QPointF(4, 6.5), QPointF(20, 6.5));           // lid
        p.drawRoundedRect(QRectF(9.5, 3.2, 5, 3.3), 1, 1);        // handle
        QPainterPath bin;
        bin.moveTo(6, 6.5);
        bin.lineTo(7.3, 20.5);
        bin.lineTo(16.7, 20.5);
        bin.lineTo(18, 6.5);
        p.drawPath(bin);
        p.drawLine(QPointF(10, 10), QPointF(10.4, 17.5));
        p.drawLine(QPointF(14, 10), QPointF(13.6, 17.5));
    });
}

QIcon ActionIcons::addHost()
{
    return drawn([](QPainter &p) {
        p.setPen(QPen(kSlate, 1.6));
        p.setBrush(QColor(0xec, 0xef, 0xf1));
        p.drawRoundedRect(QRectF(2.5, 3, 16, 6.5), 1.5, 1.5);
        p.drawRoundedRect(QRectF(2.5, 11, 16, 6.5), 1.5, 1.5);
        p.setPen(Qt::NoPen);
        p.setBrush(kGreen);
        p.drawEllipse(QPointF(6, 6.25), 1.2, 1.2);
        p.drawEllipse(QPointF(6, 14.25), 1.2, 1.2);
        plusBadge(p, {18, 18}, 5.5);
    });
}

QIcon ActionIcons::connect()
{
    return drawn([](QPainter &p) {
        p.setPen(QPen(kBlue, 1.8, Qt::SolidLine, Qt::RoundCap));
        p.drawLine(QPointF(7, 17), QPointF(12, 7));
        p.drawLine(QPointF(12, 7), QPointF(17, 17));
        p.drawLine(QPointF(7, 17), QPointF(17, 17));
        p.setPen(Qt::NoPen);
        p.setBrush(kBlue);
        p.drawEllipse(QPointF(12, 6), 3.2, 3.2);
        p.drawEllipse(QPointF(6, 18), 3.2, 3.2);
        p.drawEllipse(QPointF(18, 18), 3.2, 3.2);
    });
}

} // namespace vdc::gui
