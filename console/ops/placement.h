#pragma once

#include "core/result.h"

#include <QList>
#include <QString>

#include <cstdint>
#include <optional>

namespace vdc::ops {

// Chooses the host for a partition that is about to start.
//
// Candidates are the hosts that are up and, when the partition names a zone,
// in that zone. A candidate must have at least the partition's vCPUs in free
// cores and its memory in free MiB, after subtracting starts that are still in
// flight on it (so two quick starts do not both take the same last cores).
// Among the candidates that fit, the best fit wins: the host left with the
// least free memory after placement, then the one left with the fewest free
// cores, then the first by name. Packing keeps large holes free for large
// partitions.
//
// Each host that is not chosen gets exactly one reason, checked in this order:
// state, zone, cores, memory ("h3: host is failed", "h3: not in zone z1",
// "h3: 2 cores free, 4 needed", "h3: 512 MiB free, 2048 MiB needed").
class Placement
{
public:
    struct Candidate
    {
        proto::Host host;                    // state, zone, free and total capacity
        std::uint32_t inFlightCores = 0;     // claimed by starts not finished yet
        std::uint64_t inFlightMemoryMib = 0;
    };

    struct Outcome
    {
        std::optional<QString> host;               // the chosen host
        QList<proto::PlacementRejection> rejections; // every host not chosen, by name
        Error error;                                // when no host was chosen

        bool placed() const { return host.has_value(); }
    };

    static Outcome chooseHost(const proto::PartitionSpec &spec, const QList<Candidate> &candidates);
};

} // namespace vdc::ops
