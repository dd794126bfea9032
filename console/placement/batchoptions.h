#pragma once

namespace vdc::placement {

// What "start these together" means when not everything fits.
//  WholeBatch: all or nothing. If any demand cannot be placed, no demand is.
//  PerGroup:   all or nothing per set of partitions linked by affinity or
//              anti-affinity groups; partitions in no group stand alone.
// In both modes bad input anywhere refuses the whole batch, and an
// anti-affinity group with more members than eligible hosts is refused up
// front without placing any of its members.
enum class BatchAtomicity { WholeBatch, PerGroup };

struct BatchOptions
{
    BatchAtomicity atomicity = BatchAtomicity::WholeBatch;
    bool explain = false; // list the rejected hosts for placed demands too
};

} // namespace vdc::placement
