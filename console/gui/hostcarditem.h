#pragma once

#include "vdc.pb.h"

#include <QCoreApplication>
#include <QGraphicsItem>
#include <QList>
#include <QString>

namespace vdc::gui {

// One host on the map: a card with its name, state colour, core and memory
// bars, and its partitions as chips. The chips are painted by the card (not
// items of their own) so a map of thousands of hosts stays a few thousand
// items; chipAt() finds the one under a point.
//
// Two levels of detail. Close up (scale >= kTextDetail) a card shows its
// text and is cached as a device pixmap, so panning is a blit. Zoomed out it
// shows shapes only (state stripe, bars, chips as plain rectangles) painted
// directly without antialiasing: that costs less than rebuilding a pixmap
// per card on every zoom step, which is what a device cache would do.
class HostCardItem : public QGraphicsItem
{
    Q_DECLARE_TR_FUNCTIONS(vdc::gui::HostCardItem)
public:
    enum { Type = UserType + 2 };
    enum class DropLook { None, Valid, Invalid };

    struct Chip
    {
        QString uuid;
        QString name;
        proto::PartitionState state = proto::PARTITION_STATE_UNSPECIFIED;
        bool incoming = false;   // migrating here; not arrived yet
        bool leaving = false;    // migrating away from here
        QString phase;           // the migration's phase in words
        double progress = -1;    // 0..1, -1: not known
        QString error;           // the last migration of it failed: why
    };

    static constexpr qreal kWidth = 200;
    static constexpr qreal kHeaderHeight = 60;
    static constexpr qreal kChipHeight = 18;
    static constexpr qreal kChipGap = 4;
    static constexpr int kChipsPerRow = 2;
    // Below this scale text is unreadable anyway: shapes only.
    static constexpr qreal kTextDetail = 0.45;

    enum class Detail { Text, Shapes };

    explicit HostCardItem(const QString &name);

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    QString name() const { return m_name; }
    void setHost(const proto::Host &host);
    const proto::Host &host() const { return m_host; }
    // Replaces the chips; returns whether the card's height changed.
    bool setChips(QList<Chip> chips);
    const QList<Chip> &chips() const { return m_chips; }
    qreal height() const { return m_height; }

    // The chip under a point in item coordinates (index), or -1.
    int chipAt(const QPointF &pos) const;
    QRectF chipRect(int index) const;
    int chipIndex(const QString &uuid) const;

    void setDropLook(DropLook look);
    void setSelectedChip(const QString &uuid);
    void setHighlighted(bool on);
    // Chooses the cache that suits the detail the view's scale calls for.
    void setDetail(Detail detail);
    Detail detail() const { return m_detail; }

    static void paintChip(QPainter *painter, const QRectF &rect, const Chip &chip, bool selected, bool detailed);
    static qreal heightFor(int chips);

private:
    void paintShapes(QPainter *painter, qreal scale) const;

    QString m_name;
    proto::Host m_host;
    QList<Chip> m_chips;
    qreal m_height = kHeaderHeight;
    DropLook m_dropLook = DropLook::None;
    QString m_selectedChip;
    bool m_highlighted = false;
    Detail m_detail = Detail::Text;
};

} // namespace vdc::gui
