#pragma once

#include <QIcon>

namespace vdc::gui {

// The console's toolbar and menu icons, drawn rather than taken from the
// desktop's icon theme so they look the same (and mean the same) on every
// desktop, including none at all.
class ActionIcons
{
public:
    static QIcon create();    // a green plus
    static QIcon start();     // a green play triangle
    static QIcon stop();      // a red square
    static QIcon remove();    // a waste bin
    static QIcon addHost();   // a server with a plus
    static QIcon connect();   // two linked nodes
};

} // namespace vdc::gui
