#pragma once

#include "vdc.pb.h"

#include <QString>

#include <cstdint>

namespace vdc::agent {

// One migration this host takes part in, as the bootstrap store keeps it so
// that it survives a restart of the agent (and the agent can tell a new
// monitor again what is reserved):
//  - incoming: resources reserved here for a partition that arrives by
//    migration; kept until complete_migration_in (adopted), abort_migration_in
//    (released) or its expiry (released if nothing arrived, adopted if the
//    partition runs here);
//  - outgoing: a partition of this host being migrated to another host; its
//    definition stays here until the migration succeeded.
struct MigrationRecord
{
    QString migrationId;
    bool incoming = true;
    proto::PartitionSpec spec;
    proto::ResourceAssignment assignment; // incoming: what is reserved here
    std::uint64_t txid = 0;               // incoming: the RESERVE; outgoing: the MIGRATE_OUT
    QString peerHost;                     // the other host
    std::int64_t expiresMs = 0;           // incoming: wall clock when it lapses unless used
    std::uint32_t ttlSeconds = 0;         // incoming: how far each sign of life pushes the expiry
    proto::MigrationMode mode = proto::MIGRATION_MODE_UNSPECIFIED; // outgoing
    QString stateFile;                    // offline: the saved state (source) or the received one (target)

    QString uuid() const { return QString::fromStdString(spec.uuid()); }
    QString name() const { return QString::fromStdString(spec.name()); }
};

} // namespace vdc::agent
