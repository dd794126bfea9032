#pragma once

#include <QCoreApplication>
#include <QGraphicsItem>
#include <QString>

namespace vdc::gui {

// A zone on the map: a region with a title bar (drag it to move the zone)
// and a handle in the lower right corner (drag it to resize). Its host cards
// are laid out inside by the scene. The region of hosts without a zone is a
// ZoneItem with an empty name.
class ZoneItem : public QGraphicsItem
{
    Q_DECLARE_TR_FUNCTIONS(vdc::gui::ZoneItem)
public:
    enum { Type = UserType + 1 };
    enum class Part { None, Body, Title, ResizeHandle };

    static constexpr qreal kTitleHeight = 28;
    static constexpr qreal kHandle = 14;
    static constexpr qreal kMinimumSize = 40;

    explicit ZoneItem(const QString &name);

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    QString name() const { return m_name; }
    bool isUnzoned() const { return m_name.isEmpty(); }
    // Size of the region (top left is the item's position).
    QSizeF size() const { return m_size; }
    void setSize(const QSizeF &size);
    void setSummary(const QString &summary);
    void setDropLook(int look); // 0 none, 1 valid, 2 invalid
    Part partAt(const QPointF &pos) const;

private:
    QString m_name;
    QString m_summary;
    QSizeF m_size{400, 200};
    int m_dropLook = 0;
};

} // namespace vdc::gui
