#pragma once

#include <QString>

namespace vdc::placement {

// Where a host stands. A rack is named within its room and a room within its
// site, so "r1" in two rooms are two different racks. Empty parts are unknown.
struct Location
{
    QString site;
    QString room;
    QString rack;
};

} // namespace vdc::placement
