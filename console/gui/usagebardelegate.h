#pragma once

#include <QStyledItemDelegate>

namespace vdc::gui {

// Paints cells with a strip along their bottom; where the model's usage role
// (0..1) has a value the strip is a bar showing how much of a capacity is in
// use: green while there is room, amber when tight, red when (nearly) full.
// Set it on the whole view so every column's text sits on the same line.
class UsageBarDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    UsageBarDelegate(int usageRole, QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    int m_usageRole;
};

} // namespace vdc::gui
