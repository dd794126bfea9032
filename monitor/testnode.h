#pragma once

#include "core/result.h"

#include <QString>

#include <cstdint>

namespace vdc::monitor {

// Writes a node description for libvirt's test driver: a host with `cores`
// CPUs (one NUMA node, one socket, one thread per core) and `memoryMib` MiB,
// and no domains. Written atomically (a half-written file is never seen).
// Open it with testDriverUri(path): each connection gets its own in-memory
// host of that size, so tests and demos can give every host its own size.
Result<void> writeTestDriverNode(const QString &path, std::uint32_t cores, std::uint64_t memoryMib);

// "test:///abs/path/node.xml" for a node file (relative paths are made absolute).
QString testDriverUri(const QString &nodeFilePath);

} // namespace vdc::monitor
