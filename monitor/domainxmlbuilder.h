#pragma once

#include "core/result.h"
#include "domaintype.h"
#include "partitionmetadata.h"

#include <QString>

namespace vdc::monitor {

// Builds the libvirt domain XML of a partition (with QXmlStreamWriter, so
// every name and path is escaped): name "<domain>.<partition>", the partition
// uuid, memory = granules x granule size, one vCPU per assigned core pinned
// 1:1 with <cputune><vcpupin>, the boot source, a serial console, and the vdc
// <metadata> that records the assignment.
class DomainXmlBuilder
{
public:
    explicit DomainXmlBuilder(DomainType type) : m_type(type) {}

    // Fails with ERROR_INVALID_ARGUMENT when the boot source is not one vdc
    // knows ("network" or empty, "kernel:<absolute path>"), or when the number
    // of cores does not match the vCPUs.
    Result<QString> build(const PartitionMetadata &metadata) const;

    // "<domain>.<partition>": the libvirt domain name of a partition.
    static QString domainName(const proto::PartitionSpec &spec);
    // Checks the boot source of a definition the same way build() does.
    static Result<void> validateBoot(const proto::PartitionSpec &spec);

    DomainType type() const { return m_type; }

private:
    DomainType m_type;
};

} // namespace vdc::monitor
