#pragma once

#include "core/result.h"

#include "vdc.pb.h"

#include <QString>

#include <cstdint>
#include <map>
#include <vector>

namespace vdc::monitor {

// The shape of a host's resources and what is set aside for system partitions.
struct ResourceLayout
{
    std::vector<std::uint32_t> coreNumaNodes; // one entry per core (index = physical CPU number)
    std::uint32_t memoryGranules = 0;
    std::uint32_t granuleMib = 32;
    std::uint32_t reservedCores = 0;    // the lowest N cores are held by "system"
    std::uint32_t reservedGranules = 0; // the lowest N granules are held by "system"
};

// Why a partition holds its resources.
enum class HoldingKind {
    Active,   // its domain runs here
    Reserved, // it arrives by migration; no domain of it runs here yet (or it is not adopted yet)
    Parked,   // saved to a file for an offline migration out of here; restored here if that fails
};

// What one partition holds: cores in vCPU order, memory granules ascending.
struct Holding
{
    QString uuid;
    QString name; // the libvirt domain name, for messages and snapshots
    std::vector<std::uint32_t> cores;
    std::vector<std::uint32_t> granules;
    HoldingKind kind = HoldingKind::Active;
    std::uint64_t txid = 0; // the transaction that committed it (reservations report it)
};

// The host's authoritative resource database: every core and memory granule,
// each with an index and an owner (a partition uuid, "system", or free).
// Pure bookkeeping, no hypervisor: a commit either takes every requested
// resource or changes nothing. The version goes up by one on every change.
class ResourceDatabase
{
public:
    static inline const QString kSystemOwner = QStringLiteral("system");

    static Result<ResourceDatabase> create(const ResourceLayout &layout);

    // Would commit() succeed? Indices in range, not duplicated, free, not
    // system-reserved, and the partition does not hold anything yet.
    Result<void> check(const QString &partitionUuid, const QString &partitionName,
                       const proto::ResourceAssignment &assignment) const;
    // Gives the resources to the partition. Returns the new version.
    Result<std::uint64_t> commit(const QString &partitionUuid, const QString &partitionName,
                                 const proto::ResourceAssignment &assignment, HoldingKind kind = HoldingKind::Active,
                                 std::uint64_t txid = 0);
    // Changes why the partition holds what it holds (a reservation becomes
    // active, an active partition is parked). Returns the new version;
    // ERROR_NOT_FOUND when it holds nothing.
    Result<std::uint64_t> setKind(const QString &partitionUuid, HoldingKind kind);
    // Frees everything the partition holds. Returns the new version;
    // ERROR_NOT_FOUND when it holds nothing.
    Result<std::uint64_t> release(const QString &partitionUuid);

    const Holding *holding(const QString &partitionUuid) const;
    std::vector<Holding> holdings() const;

    // Ranges cover every resource exactly once; domains list every active or
    // parked holder, reservations every reserved one (states left
    // unspecified: the hypervisor knows them, not this database).
    proto::ResourceSnapshot snapshot() const;

    std::uint64_t version() const { return m_version; }
    std::uint32_t granuleMib() const { return m_granuleMib; }
    std::uint32_t coreCount() const { return std::uint32_t(m_coreOwners.size()); }
    std::uint32_t granuleCount() const { return std::uint32_t(m_granuleOwners.size()); }
    std::uint32_t reservedCoreCount() const { return m_reservedCores; }
    std::uint32_t reservedGranuleCount() const { return m_reservedGranules; }
    std::uint32_t freeCoreCount() const;
    std::uint32_t freeGranuleCount() const;
    // "" when free, "system", or a partition uuid.
    QString coreOwner(std::uint32_t core) const { return m_coreOwners.at(core); }
    QString granuleOwner(std::uint32_t granule) const { return m_granuleOwners.at(granule); }
    std::uint32_t coreNumaNode(std::uint32_t core) const { return m_coreNumaNodes.at(core); }

private:
    ResourceDatabase() = default;
    QString describeOwner(const QString &owner) const;

    std::vector<std::uint32_t> m_coreNumaNodes;
    std::vector<QString> m_coreOwners;
    std::vector<QString> m_granuleOwners;
    std::map<QString, Holding> m_holdings; // by partition uuid
    std::uint32_t m_granuleMib = 32;
    std::uint32_t m_reservedCores = 0;
    std::uint32_t m_reservedGranules = 0;
    std::uint64_t m_version = 0;
};

} // namespace vdc::monitor
