#pragma once

#include <QColor>
#include <QIcon>
#include <QString>

namespace vdc::gui {

// The colour of a policy set in the calendar views, the entry list and the
// boundary preview: taken from the set's name, so a set keeps its colour
// across views, refreshes and console restarts.
class CalendarPalette
{
public:
    static QColor color(const QString &policySet);
    // A darker shade for text and borders on top of color().
    static QColor ink(const QString &policySet);
    static QIcon swatch(const QString &policySet);
};

} // namespace vdc::gui
