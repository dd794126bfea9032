#pragma once

#include <QString>

namespace vdc::monitor {

// Where a source host's libvirt reaches this host's libvirt for a
// peer-to-peer live migration, derived from the monitor's own --uri when
// --migration-uri is not given:
//   qemu:///system?socket=S  -> qemu+unix:///system?socket=S (hosts on one machine)
//   qemu:///system           -> qemu+ssh://<machine host name>/system
//   qemu+X://host/...        -> the same URI (already remote)
//   test:...                 -> "" (the test driver cannot live-migrate)
QString defaultMigrationUri(const QString &uri, const QString &machineHostName);

// Where the memory stream goes when --migration-address is not given:
// tcp://127.0.0.1 for a libvirt reached through a local socket (hosts on one
// machine), else "" (libvirt's choice: the target's host name).
QString defaultMigrationAddress(const QString &uri);

} // namespace vdc::monitor
