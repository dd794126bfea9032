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
//
// Boot sources: "network" (or empty: no disk, the firmware waits),
// "kernel:<absolute path>" (direct kernel boot, console on ttyS0) and
// "floppy:<absolute path>" (a read-only floppy image the firmware boots).
// The domain type is the host's (`type`), except that a partition whose
// accelerator is "tcg" runs as type 'qemu' (software emulation) on a KVM host.
// With a serial log folder, the serial port of every emulated guest is
// appended to "<folder>/<domain>.<partition>.log" (the same name on every
// host, so a migrated guest goes on writing to the same file where hosts
// share the folder); without one it is a pseudo terminal.
class DomainXmlBuilder
{
public:
    explicit DomainXmlBuilder(DomainType type, QString serialLogDir = {})
        : m_type(type), m_serialLogDir(std::move(serialLogDir)) {}

    // Fails with ERROR_INVALID_ARGUMENT when the boot source or accelerator
    // is not one vdc knows, or when the number of cores does not match the
    // vCPUs.
    Result<QString> build(const PartitionMetadata &metadata) const;

    // "<domain>.<partition>": the libvirt domain name of a partition.
    static QString domainName(const proto::PartitionSpec &spec);
    // Checks the boot source and accelerator of a definition the same way
    // build() does.
    static Result<void> validateBoot(const proto::PartitionSpec &spec);
    // The serial log of a partition ("" without a serial log folder).
    QString serialLogPath(const proto::PartitionSpec &spec) const;

    DomainType type() const { return m_type; }
    // The type a partition's domain gets on this host.
    DomainType typeFor(const proto::PartitionSpec &spec) const;

private:
    DomainType m_type;
    QString m_serialLogDir;
};

} // namespace vdc::monitor
