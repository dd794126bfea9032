#pragma once

#include "core/result.h"
#include "partitionmetadata.h"

#include <QString>

#include <cstdint>
#include <vector>

namespace vdc::monitor {

// Edits a domain XML as libvirt wrote it, for the host a partition moves to:
// a migration's destination XML, or the XML inside a saved state file. Only
// host-side settings change (the guest's devices, and so its ABI, stay as
// they are): the vCPU pinning and the vdc <metadata>. Everything else is
// copied token by token.
class DomainXmlEditor
{
public:
    // The XML with one <vcpupin> per vCPU on metadata.assignment.cores (other
    // <cputune> settings kept) and the vdc partition metadata replaced by
    // `metadata` (added when missing). Fails with ERROR_MALFORMED when the
    // XML does not parse, ERROR_INVALID_ARGUMENT when the number of cores is
    // not the domain's number of vCPUs.
    static Result<QString> retarget(const QString &xml, const PartitionMetadata &metadata);

    // The cores the vCPUs are pinned to, in vCPU order. A vCPU without a pin,
    // or pinned to more than one core, fails with ERROR_FAILED_PRECONDITION.
    static Result<std::vector<std::uint32_t>> pinnedCores(const QString &xml);
};

} // namespace vdc::monitor
