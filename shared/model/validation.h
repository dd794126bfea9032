#pragma once

#include "core/result.h"

namespace vdc::model {

// Limits a definition must respect. They are checked at every edge (CLI,
// GUI, ops API, agent API) so nothing invalid is ever stored.
inline constexpr int kMaxNameLength = 63;
inline constexpr std::uint32_t kMaxVcpus = 512;
inline constexpr std::uint64_t kMinMemoryMib = 16;
inline constexpr std::uint64_t kMaxMemoryMib = 16ull * 1024 * 1024; // 16 TiB

// Names of domains, zones, hosts and partitions: 1-63 characters, letters,
// digits, '.', '_' and '-', starting with a letter or digit. No quotes, no
// spaces, no path separators: they end up in libvirt domain names and files.
// `what` names the object in the error ("partition name").
Result<void> validateName(const QString &what, const QString &name);

// Checks a partition definition before it is stored or sent anywhere.
Result<void> validatePartitionSpec(const proto::PartitionSpec &spec);

// A fresh random UUID in the usual 8-4-4-4-12 form.
QString newUuid();

QString partitionStateName(proto::PartitionState state);
QString hostStateName(proto::HostState state);

// Names a user types ("running", "stopped", ...) back to the enum.
std::optional<proto::PartitionState> partitionStateFromName(const QString &name);

} // namespace vdc::model
