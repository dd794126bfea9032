#pragma once

#include <QColor>
#include <QIcon>
#include <QString>
#include <QStringList>

namespace vdc::gui {

// The colour of a policy set in the calendar views, the entry list and the
// boundary preview: taken from the set's name, so a set keeps its colour
// across views, refreshes and console restarts.
class CalendarPalette
{
public:
    // Gives the sets of a domain distinct colours, in this order (as far as
    // the palette reaches); sets not named here get one from their name.
    static void assign(const QStringList &policySets);
    static QColor color(const QString &policySet);
    // A darker shade for text and borders on top of color().
    static QColor ink(const QString &policySet);
    static QIcon swatch(const QString &policySet);
};

} // namespace vdc::gui
