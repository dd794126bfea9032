#pragma once

#include <QString>

namespace vdc::placement {

// The host chosen for a demand.
struct Choice
{
    QString host;
    QString zone;
    QString link;          // the link that carries the bandwidth guarantee; empty without one
    double score = 0;      // the winning weight, or fill score in a batch's pack-zone fill (see PlacementEngine)
    int eligibleHosts = 0; // how many hosts passed every filter; 0 when placed by a batch's fill
    bool degraded = false; // the host is degraded: no up host passed
};

} // namespace vdc::placement
