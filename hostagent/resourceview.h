#pragma once

#include "core/result.h"

#include "vdc.pb.h"

#include <QString>

#include <cstdint>
#include <vector>

namespace vdc::agent {

// The agent's copy of its monitor's resource database. It is replaced as a
// whole by every ResourceSnapshot the monitor sends (the monitor stays the
// authority; this copy only lets the host policy choose resources that are
// very likely free, and the monitor re-checks every transaction).
class ResourceView
{
public:
    // Owner of system-reserved resources in ResourceRange.owner.
    static inline const QString kSystemOwner = QStringLiteral("system");

    // Takes a snapshot. A snapshot whose ranges do not describe exactly the
    // resources it announces is refused (the previous copy stays).
    Result<void> replace(const proto::ResourceSnapshot &snapshot);

    bool hasSnapshot() const { return m_hasSnapshot; }
    const proto::ResourceSnapshot &snapshot() const { return m_snapshot; }
    std::uint64_t version() const { return m_snapshot.version(); }
    std::uint64_t generation() const { return m_snapshot.generation(); }
    std::uint32_t granuleMib() const { return m_snapshot.memory_granule_mib(); }

    std::uint32_t coreCount() const { return std::uint32_t(m_coreOwner.size()); }
    std::uint32_t granuleCount() const { return std::uint32_t(m_granuleOwner.size()); }
    // "" when free, "system", or the uuid of the partition that holds it.
    const QString &coreOwner(std::uint32_t core) const { return m_coreOwner.at(core); }
    std::uint32_t coreNumaNode(std::uint32_t core) const { return m_coreNode.at(core); }
    const QString &granuleOwner(std::uint32_t granule) const { return m_granuleOwner.at(granule); }

    std::uint32_t coresFree() const;
    std::uint32_t coresReserved() const; // held by system partitions
    std::uint32_t granulesFree() const;
    std::uint32_t granulesReserved() const;
    std::uint64_t memoryTotalMib() const { return std::uint64_t(granuleCount()) * granuleMib(); }
    std::uint64_t memoryFreeMib() const { return std::uint64_t(granulesFree()) * granuleMib(); }
    std::uint64_t memoryReservedMib() const { return std::uint64_t(granulesReserved()) * granuleMib(); }

    // Marks the free resources among `assignment` as held by `owner` in this
    // copy only: resources an in-flight ACTIVATE asked for are not offered
    // to the next choice. The next snapshot replaces the mark.
    void claim(const QString &owner, const proto::ResourceAssignment &assignment);

    // The vdc-managed libvirt domain of a partition, nullptr when the monitor
    // does not run it.
    const proto::DomainStatus *domain(const QString &uuid) const;

private:
    proto::ResourceSnapshot m_snapshot;
    bool m_hasSnapshot = false;
    std::vector<QString> m_coreOwner;
    std::vector<std::uint32_t> m_coreNode;
    std::vector<QString> m_granuleOwner;
};

} // namespace vdc::agent
