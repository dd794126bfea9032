#include "hostcarditem.h"

#include "statestyle.h"

#include <QCoreApplication>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

#include <algorithm>
#include <cmath>

namespace vdc::gui {

namespace {

// From this scale a card is at least 40 pixels wide: outlines show.
constexpr qreal kOutlineDetail = 0.2;

const QColor kCard(255, 255, 255);
const QColor kCardBorder(0xb0, 0xb7, 0xc3);
const QColor kBarTrack(0xe6, 0xe9, 0xef);
const QColor kBarReserved(0x9a, 0xa3, 0xb2);
const QColor kCpuBar(0x3d, 0x7e, 0xd6);
const QColor kMemoryBar(0x8a, 0x5c, 0xc7);
const QColor kValid(0x2e, 0x9d, 0x4f);
const QColor kInvalid(0xc6, 0x28, 0x28);

// A pale tint of a state colour for a chip's background.
QColor tint(const QColor &c, double amount)
{
    return QColor::fromRgbF(float(1.0 - (1.0 - c.redF()) * amount), float(1.0 - (1.0 - c.greenF()) * amount),
                            float(1.0 - (1.0 - c.blueF()) * amount));
}

void paintBar(QPainter *painter, const QRectF &rect, double reserved, double used, const QColor &color)
{
    painter->setPen(Qt::NoPen);
    painter->setBrush(kBarTrack);
    painter->drawRect(rect);
    QRectF r = rect;
    r.setWidth(rect.width() * std::clamp(reserved, 0.0, 1.0));
    painter->setBrush(kBarReserved);
    painter->drawRect(r);
    QRectF u = rect;
    u.setLeft(r.right());
    u.setWidth(rect.width() * std::clamp(used, 0.0, 1.0 - std::clamp(reserved, 0.0, 1.0)));
    painter->setBrush(color);
    painter->drawRect(u);
}

} // namespace

HostCardItem::HostCardItem(const QString &name)
    : m_name(name)
{
    setAcceptedMouseButtons(Qt::NoButton); // the scene handles the mouse
    // Text and bars are slow to draw; a card changes far less often than it is painted.
    setCacheMode(QGraphicsItem::DeviceCoordinateCache);
}

void HostCardItem::setDetail(Detail detail)
{
    if (detail == m_detail)
        return;
    m_detail = detail;
    setCacheMode(detail == Detail::Text ? QGraphicsItem::DeviceCoordinateCache : QGraphicsItem::NoCache);
}

QRectF HostCardItem::boundingRect() const
{
    return QRectF(-2, -2, kWidth + 4, m_height + 4);
}

qreal HostCardItem::heightFor(int chips)
{
    const int rows = std::max(1, (chips + kChipsPerRow - 1) / kChipsPerRow);
    return kHeaderHeight + rows * (kChipHeight + kChipGap) + 4;
}

void HostCardItem::setHost(const proto::Host &host)
{
    m_host = host;
    update();
}

bool HostCardItem::setChips(QList<Chip> chips)
{
    m_chips = std::move(chips);
    const qreal h = heightFor(int(m_chips.size()));
    const bool changed = !qFuzzyCompare(h, m_height);
    if (changed) {
        prepareGeometryChange();
        m_height = h;
    }
    update();
    return changed;
}

QRectF HostCardItem::chipRect(int index) const
{
    const qreal w = (kWidth - 12 - kChipGap * (kChipsPerRow - 1)) / kChipsPerRow;
    const int row = index / kChipsPerRow;
    const int col = index % kChipsPerRow;
    return QRectF(6 + col * (w + kChipGap), kHeaderHeight + row * (kChipHeight + kChipGap), w, kChipHeight);
}

int HostCardItem::chipAt(const QPointF &pos) const
{
    for (int i = 0; i < m_chips.size(); ++i)
        if (chipRect(i).contains(pos))
            return i;
    return -1;
}

int HostCardItem::chipIndex(const QString &uuid) const
{
    for (int i = 0; i < m_chips.size(); ++i)
        if (m_chips.at(i).uuid == uuid)
            return i;
    return -1;
}

void HostCardItem::setDropLook(DropLook look)
{
    if (look == m_dropLook)
        return;
    m_dropLook = look;
    update();
}

void HostCardItem::setSelectedChip(const QString &uuid)
{
    if (uuid == m_selectedChip)
        return;
    m_selectedChip = uuid;
    update();
}

void HostCardItem::setHighlighted(bool on)
{
    if (on == m_highlighted)
        return;
    m_highlighted = on;
    update();
}

void HostCardItem::paintChip(QPainter *painter, const QRectF &rect, const Chip &chip, bool selected, bool detailed)
{
    QColor fill = tint(StateStyle::color(chip.state), 0.22);
    QColor border = StateStyle::color(chip.state);
    if (chip.leaving)
        fill = QColor(0xee, 0xee, 0xee);
    if (chip.incoming)
        fill = QColor(0xe3, 0xee, 0xfb);
    if (!chip.error.isEmpty())
        border = kInvalid;
    painter->setPen(QPen(selected ? QColor(0x1a, 0x56, 0xb8) : border, selected ? 2 : 1,
                         chip.incoming ? Qt::DashLine : Qt::SolidLine));
    painter->setBrush(fill);
    if (!detailed) {
        painter->drawRect(rect);
        return;
    }
    painter->drawRoundedRect(rect, 4, 4);
    if (chip.progress >= 0 && (chip.incoming || chip.leaving)) {
        QRectF p = rect.adjusted(2, rect.height() - 4, -2, -2);
        painter->setPen(Qt::NoPen);
        painter->setBrush(kBarTrack);
        painter->drawRect(p);
        p.setWidth(p.width() * std::clamp(chip.progress, 0.0, 1.0));
        painter->setBrush(kCpuBar);
        painter->drawRect(p);
    }
    painter->setPen(chip.leaving ? QColor(0x80, 0x80, 0x80) : QColor(0x20, 0x24, 0x2a));
    QString text = chip.name;
    if (chip.incoming && !chip.phase.isEmpty())
        text = tr("%1: %2", "partition: migration phase")
                   .arg(chip.name, chip.phase);
    else if (!chip.error.isEmpty())
        text = QStringLiteral("\u26a0 ") + chip.name;
    const QRectF textRect = rect.adjusted(5, 0, -3, chip.progress >= 0 ? -3 : 0);
    painter->drawText(textRect, Qt::AlignVCenter | Qt::AlignLeft,
                      painter->fontMetrics().elidedText(text, Qt::ElideRight, int(textRect.width())));
}

void HostCardItem::paintShapes(QPainter *painter, qreal scale) const
{
    // Antialiasing only costs time at this size. The view does not save the
    // painter's state around items, so the hint is put back at the end.
    const bool antialiased = painter->testRenderHint(QPainter::Antialiasing);
    painter->setRenderHint(QPainter::Antialiasing, false);
    const bool outlines = scale >= kOutlineDetail;
    const QRectF card(0, 0, kWidth, m_height);

    const QColor fill = m_dropLook == DropLook::Valid ? QColor(0xec, 0xf8, 0xef)
        : m_dropLook == DropLook::Invalid             ? QColor(0xfd, 0xec, 0xec)
                                                      : kCard;
    if (m_dropLook != DropLook::None || m_highlighted) {
        painter->setPen(m_dropLook == DropLook::Valid     ? QPen(kValid, 3)
                        : m_dropLook == DropLook::Invalid ? QPen(kInvalid, 3)
                                                          : QPen(QColor(0x1a, 0x56, 0xb8), 2));
        painter->setBrush(fill);
        painter->drawRect(card);
    } else if (outlines) {
        painter->setPen(QPen(kCardBorder, 1));
        painter->setBrush(fill);
        painter->drawRect(card);
    } else {
        painter->fillRect(card, fill);
    }
    painter->fillRect(QRectF(0, 0, 5, m_height), StateStyle::color(m_host.state()));

    const double cores = std::max<double>(1, m_host.cores_total());
    const double memory = std::max<double>(1, double(m_host.memory_total_mib()));
    const auto bar = [painter](const QRectF &rect, double reserved, double used, const QColor &color) {
        painter->fillRect(rect, kBarTrack);
        const double r = std::clamp(reserved, 0.0, 1.0);
        const double u = std::clamp(used, 0.0, 1.0 - r);
        painter->fillRect(QRectF(rect.left(), rect.top(), rect.width() * r, rect.height()), kBarReserved);
        painter->fillRect(QRectF(rect.left() + rect.width() * r, rect.top(), rect.width() * u, rect.height()), color);
    };
    bar(QRectF(10, 22, kWidth - 20, 8), m_host.cores_reserved() / cores,
        (double(m_host.cores_total()) - m_host.cores_reserved() - m_host.cores_free()) / cores, kCpuBar);
    bar(QRectF(10, 38, kWidth - 20, 8), double(m_host.memory_reserved_mib()) / memory,
        (double(m_host.memory_total_mib()) - double(m_host.memory_reserved_mib()) - double(m_host.memory_free_mib())) / memory,
        kMemoryBar);

    for (int i = 0; i < m_chips.size(); ++i) {
        const Chip &chip = m_chips.at(i);
        const QColor chipFill = chip.incoming ? QColor(0xe3, 0xee, 0xfb)
            : chip.leaving                    ? QColor(0xee, 0xee, 0xee)
                                              : tint(StateStyle::color(chip.state), 0.22);
        if (outlines) {
            painter->setPen(QPen(chip.error.isEmpty() ? StateStyle::color(chip.state) : kInvalid, 1,
                                 chip.incoming ? Qt::DashLine : Qt::SolidLine));
            painter->setBrush(chipFill);
            painter->drawRect(chipRect(i));
        } else {
            // A chip is a few pixels: its border colour says more than its tint.
            painter->fillRect(chipRect(i), chip.error.isEmpty() ? StateStyle::color(chip.state) : kInvalid);
        }
    }
    painter->setRenderHint(QPainter::Antialiasing, antialiased);
}

void HostCardItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const qreal lod = option->levelOfDetailFromTransform(painter->worldTransform());
    if (lod < kTextDetail) {
        paintShapes(painter, lod);
        return;
    }
    const QRectF card(0, 0, kWidth, m_height);
    const QColor stateColor = StateStyle::color(m_host.state());

    QPen border(kCardBorder, 1);
    if (m_dropLook == DropLook::Valid)
        border = QPen(kValid, 3);
    else if (m_dropLook == DropLook::Invalid)
        border = QPen(kInvalid, 3);
    else if (m_highlighted)
        border = QPen(QColor(0x1a, 0x56, 0xb8), 2);
    painter->setPen(border);
    painter->setBrush(m_dropLook == DropLook::Valid ? QColor(0xec, 0xf8, 0xef)
                      : m_dropLook == DropLook::Invalid ? QColor(0xfd, 0xec, 0xec)
                                                        : kCard);
    painter->drawRoundedRect(card, 5, 5);
    // The state as a stripe down the left edge.
    painter->setPen(Qt::NoPen);
    painter->setBrush(stateColor);
    painter->drawRect(QRectF(0, 0, 5, m_height).adjusted(0.5, 0.5, 0, -0.5));

    const double cores = std::max<double>(1, m_host.cores_total());
    const double memory = std::max<double>(1, double(m_host.memory_total_mib()));
    const double coresReserved = m_host.cores_reserved() / cores;
    const double coresUsed = (double(m_host.cores_total()) - m_host.cores_reserved() - m_host.cores_free()) / cores;
    const double memReserved = double(m_host.memory_reserved_mib()) / memory;
    const double memUsed =
        (double(m_host.memory_total_mib()) - double(m_host.memory_reserved_mib()) - double(m_host.memory_free_mib()))
        / memory;

    QFont font = painter->font();
    QFont bold = font;
    bold.setBold(true);
    painter->setFont(bold);
    painter->setPen(QColor(0x20, 0x24, 0x2a));
    painter->drawText(QRectF(12, 3, kWidth - 100, 18), Qt::AlignVCenter | Qt::AlignLeft,
                      painter->fontMetrics().elidedText(m_name, Qt::ElideRight, int(kWidth - 100)));
    painter->setFont(font);
    painter->setPen(stateColor.darker(130));
    painter->drawText(QRectF(kWidth - 88, 3, 82, 18), Qt::AlignVCenter | Qt::AlignRight, StateStyle::name(m_host.state()));

    QFont small = font;
    small.setPointSizeF(std::max(6.0, font.pointSizeF() * 0.85));
    painter->setFont(small);
    painter->setPen(QColor(0x55, 0x5b, 0x66));
    // Labels as wide as the longer one in this language; the bars take the rest.
    const qreal labelWidth = std::max(painter->fontMetrics().horizontalAdvance(tr("CPU")),
                                      painter->fontMetrics().horizontalAdvance(tr("Memory")))
        + 6;
    const qreal barLeft = 12 + labelWidth;
    const qreal barWidth = std::max<qreal>(30, 148 - barLeft);
    painter->drawText(QRectF(12, 21, labelWidth, 14), Qt::AlignVCenter | Qt::AlignLeft, tr("CPU"));
    painter->drawText(QRectF(12, 38, labelWidth, 14), Qt::AlignVCenter | Qt::AlignLeft, tr("Memory"));
    paintBar(painter, QRectF(barLeft, 25, barWidth, 7), coresReserved, coresUsed, kCpuBar);
    paintBar(painter, QRectF(barLeft, 42, barWidth, 7), memReserved, memUsed, kMemoryBar);
    painter->setPen(QColor(0x55, 0x5b, 0x66));
    painter->drawText(QRectF(150, 21, kWidth - 154, 14), Qt::AlignVCenter | Qt::AlignRight,
                      tr("%1/%2", "used/total cores")
                          .arg(m_host.cores_total() - m_host.cores_free())
                          .arg(m_host.cores_total()));
    painter->drawText(QRectF(150, 38, kWidth - 154, 14), Qt::AlignVCenter | Qt::AlignRight,
                      tr("%1 GiB", "memory total")
                          .arg(double(m_host.memory_total_mib()) / 1024.0, 0, 'f', 0));
    if (m_chips.isEmpty()) {
        painter->setPen(QColor(0x90, 0x96, 0xa0));
        painter->drawText(chipRect(0).united(chipRect(1)), Qt::AlignCenter, tr("no partitions"));
    }
    for (int i = 0; i < m_chips.size(); ++i)
        paintChip(painter, chipRect(i), m_chips.at(i), m_chips.at(i).uuid == m_selectedChip, true);
    painter->setFont(font);
}

} // namespace vdc::gui
