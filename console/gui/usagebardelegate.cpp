#include "usagebardelegate.h"

#include <QApplication>
#include <QPainter>

#include <algorithm>

namespace vdc::gui {

namespace {
constexpr int kBarHeight = 3;
constexpr int kBarMargin = 5;
} // namespace

UsageBarDelegate::UsageBarDelegate(int usageRole, QObject *parent)
    : QStyledItemDelegate(parent)
    , m_usageRole(usageRole)
{
}

void UsageBarDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    // Background (selection, alternate rows) over the whole cell, the text
    // above the bar's strip in every column so the row reads on one line.
    QStyleOptionViewItem background = option;
    initStyleOption(&background, index);
    background.text.clear();
    background.icon = QIcon();
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &background, painter, widget);
    QStyleOptionViewItem text = option;
    text.rect.setBottom(option.rect.bottom() - kBarHeight - 2);
    QStyledItemDelegate::paint(painter, text, index);

    const QVariant usage = index.data(m_usageRole);
    if (!usage.isValid())
        return;
    const double used = std::clamp(usage.toDouble(), 0.0, 1.0);
    const QRect track(option.rect.left() + kBarMargin, option.rect.bottom() - kBarHeight - 1,
                      option.rect.width() - 2 * kBarMargin, kBarHeight);
    if (track.width() <= 0)
        return;
    const QColor fill = used >= 0.9 ? QColor(0xe5, 0x39, 0x35) : used >= 0.75 ? QColor(0xfb, 0x8c, 0x00)
                                                                              : QColor(0x43, 0xa0, 0x47);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    QColor trackColor = option.palette.color(QPalette::Mid);
    trackColor.setAlpha(90);
    painter->setBrush(trackColor);
    painter->drawRoundedRect(track, 1.5, 1.5);
    QRect bar = track;
    bar.setWidth(int(track.width() * used + 0.5));
    if (bar.width() > 0) {
        painter->setBrush(fill);
        painter->drawRoundedRect(bar, 1.5, 1.5);
    }
    painter->restore();
}

QSize UsageBarDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.rheight() += kBarHeight + 3; // room for the bar below the text
    return size;
}

} // namespace vdc::gui
