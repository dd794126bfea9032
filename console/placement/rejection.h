#pragma once

#include <QString>

namespace vdc::placement {

// Which filter turned a host down, so a console can group or hide reasons
// (for instance every "not in zone" line).
enum class RejectionReason {
    HostState,
    Zone,
    QosClass,
    Site,
    Room,
    RackHoldsGroup,
    AntiAffinity,
    AffinityHost,
    AffinityRack,
    Cores,
    Memory,
    AffinityGroupCores,
    AffinityGroupMemory,
    NoLinks,
    LinkBandwidth,
    ZoneBandwidthBudget,
    HaHeadroomCores,
    HaHeadroomMemory,
};

// One host that was not eligible, with the sentence shown to the admin:
// "h3: 512 MiB free, 2048 MiB needed".
struct Rejection
{
    QString host;
    RejectionReason reason = RejectionReason::HostState;
    QString text;
};

} // namespace vdc::placement
