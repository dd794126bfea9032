#include "calendarpalette.h"

#include <QHash>
#include <QPainter>
#include <QPixmap>

#include <array>

namespace vdc::gui {

namespace {
// Muted hues that stay readable with dark text and tell neighbours apart.
constexpr std::array<QRgb, 10> kColors{
    0xff8ab4f8, 0xfff6ae6a, 0xff81c995, 0xffc58af9, 0xfff28b82,
    0xff78d9ec, 0xfffdd663, 0xffe8a0c8, 0xffa7b6c2, 0xffb5d86a,
};

const QString kDefaultSet = QStringLiteral("default");
constexpr QRgb kDefaultColor = 0xffc4ccd4; // the default set is the quiet background state

QHash<QString, int> &assigned()
{
    static QHash<QString, int> table;
    return table;
}

int slot(const QString &name)
{
    if (const auto it = assigned().constFind(name); it != assigned().cend())
        return *it;
    // FNV-1a: stable across runs, unlike qHash with its per-process seed.
    quint32 h = 2166136261u;
    for (const QChar c : name) {
        h ^= c.unicode();
        h *= 16777619u;
    }
    return int(h % kColors.size());
}
} // namespace

void CalendarPalette::assign(const QStringList &policySets)
{
    QHash<QString, int> table;
    int next = 0;
    for (const QString &set : policySets)
        if (set != kDefaultSet && !table.contains(set))
            table.insert(set, next++ % int(kColors.size()));
    assigned() = table;
}

QColor CalendarPalette::color(const QString &policySet)
{
    if (policySet == kDefaultSet)
        return QColor::fromRgba(kDefaultColor);
    return QColor::fromRgba(kColors[size_t(slot(policySet))]);
}

QColor CalendarPalette::ink(const QString &policySet)
{
    return color(policySet).darker(260);
}

QIcon CalendarPalette::swatch(const QString &policySet)
{
    QPixmap pixmap(12, 12);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(ink(policySet));
    painter.setBrush(color(policySet));
    painter.drawRoundedRect(QRectF(0.5, 0.5, 11, 11), 2.5, 2.5);
    return QIcon(pixmap);
}

} // namespace vdc::gui
