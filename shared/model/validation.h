#pragma once

#include "core/result.h"

#include <QList>
#include <QStringList>

namespace vdc::model {

// Limits a definition must respect. They are checked at every edge (CLI,
// GUI, ops API, agent API) so nothing invalid is ever stored.
inline constexpr int kMaxNameLength = 63;
inline constexpr std::uint32_t kMaxVcpus = 512;
inline constexpr std::uint64_t kMinMemoryMib = 16;
inline constexpr std::uint64_t kMaxMemoryMib = 16ull * 1024 * 1024; // 16 TiB
// A zone's region on the console's map, in map units (a host card is about
// 200 wide): far beyond any real data center, small enough that a scene
// never overflows.
inline constexpr double kMaxMapCoordinate = 1e6;
inline constexpr double kMaxMapRegionSize = 1e6;
inline constexpr std::uint32_t kMinCpuShares = 2;       // libvirt's range for <shares>
inline constexpr std::uint32_t kMaxCpuShares = 262144;
inline constexpr std::uint32_t kMaxLinkMbps = 10000000; // 10 Tbit/s

// Names of domains, zones, hosts and partitions: 1-63 characters, letters,
// digits, '.', '_' and '-', starting with a letter or digit. No quotes, no
// spaces, no path separators: they end up in libvirt domain names and files.
// `what` names the object in the error ("partition name").
Result<void> validateName(const QString &what, const QString &name);

// Checks a partition definition before it is stored or sent anywhere.
Result<void> validatePartitionSpec(const proto::PartitionSpec &spec);

// The single rules validatePartitionSpec is made of, for forms that show the
// reason next to the field. `partition` names it in the sentence (may be empty).
Result<void> validateVcpus(const QString &partition, std::uint32_t vcpus);
Result<void> validateMemory(const QString &partition, std::uint64_t memoryMib);
Result<void> validateAccelerator(const QString &partition, const QString &accelerator);
// "network" (or empty), "kernel:<absolute path>" or "floppy:<absolute path>".
Result<void> validateBoot(const QString &partition, const QString &boot);
// 0 (the host default) or kMinCpuShares..kMaxCpuShares.
Result<void> validateCpuShares(const QString &partition, std::uint32_t shares);
// Group names, each valid and listed once.
Result<void> validateGroupList(const QString &partition, const QStringList &groups);

// The placement fields of a definition that need no other state: QoS class,
// site, room, groups, affinity scope, CPU shares. Rules that depend on the
// data center (allowed zones, link widths) are the engine's.
Result<void> validatePlacementFields(const proto::PartitionSpec &spec);

// Site, room and rack: each empty or a valid name.
Result<void> validateLocation(const proto::Location &location);
// A host's links: valid names, each once, capacity 1..kMaxLinkMbps.
Result<void> validateNetworkLinks(const QString &host, const QList<proto::NetworkLink> &links);

// The PartitionSpec fields UpdatePartition may change, and those of them that
// change only while the partition is stopped (what its host was given when it
// started).
const QStringList &editablePartitionFields();
const QStringList &stoppedOnlyPartitionFields();

// A zone's map region: finite numbers, width and height above 0 and at most
// kMaxMapRegionSize, corners within kMaxMapCoordinate of the origin.
Result<void> validateMapRegion(const QString &zone, const proto::MapRegion &region);

// A fresh random UUID in the usual 8-4-4-4-12 form.
QString newUuid();

QString partitionStateName(proto::PartitionState state);
QString hostStateName(proto::HostState state);

// Names a user types ("running", "stopped", ...) back to the enum.
std::optional<proto::PartitionState> partitionStateFromName(const QString &name);

} // namespace vdc::model
