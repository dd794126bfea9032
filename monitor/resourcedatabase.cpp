#include "resourcedatabase.h"

#include "indexlist.h"
#include "monitorlogging.h"

#include <algorithm>
#include <set>

namespace vdc::monitor {

namespace {

std::vector<std::uint32_t> toVector(const google::protobuf::RepeatedField<std::uint32_t> &field)
{
    return std::vector<std::uint32_t>(field.begin(), field.end());
}

QString rangeText(std::uint32_t count)
{
    return count == 0 ? QStringLiteral("none") : count == 1 ? QStringLiteral("0") : QStringLiteral("0-%1").arg(count - 1);
}

} // namespace

Result<ResourceDatabase> ResourceDatabase::create(const ResourceLayout &layout)
{
    if (layout.coreNumaNodes.empty())
        return Error(proto::ERROR_INVALID_ARGUMENT, QStringLiteral("The host reports no CPU cores; there is nothing to manage."));
    if (layout.granuleMib == 0)
        return Error(proto::ERROR_INVALID_ARGUMENT, QStringLiteral("The memory granule size is 0 MiB; give at least 1 MiB."));
    if (layout.memoryGranules == 0)
        return Error(proto::ERROR_INVALID_ARGUMENT,
                     QStringLiteral("The host's memory is smaller than one %1 MiB granule; choose a smaller granule.")
                         .arg(layout.granuleMib));
    if (layout.reservedCores >= layout.coreNumaNodes.size())
        return Error(proto::ERROR_INVALID_ARGUMENT,
                     QStringLiteral("Cannot reserve %1 cores for system partitions: the host has %2, and at least one "
                                    "must stay free for guests.")
                         .arg(layout.reservedCores).arg(layout.coreNumaNodes.size()));
    if (layout.reservedGranules >= layout.memoryGranules)
        return Error(proto::ERROR_INVALID_ARGUMENT,
                     QStringLiteral("Cannot reserve %1 MiB for system partitions: the host has %2 MiB in %3 MiB granules, "
                                    "and at least one granule must stay free for guests.")
                         .arg(quint64(layout.reservedGranules) * layout.granuleMib)
                         .arg(quint64(layout.memoryGranules) * layout.granuleMib)
                         .arg(layout.granuleMib));

    ResourceDatabase db;
    db.m_coreNumaNodes = layout.coreNumaNodes;
    db.m_coreOwners.assign(layout.coreNumaNodes.size(), QString());
    db.m_granuleOwners.assign(layout.memoryGranules, QString());
    db.m_granuleMib = layout.granuleMib;
    db.m_reservedCores = layout.reservedCores;
    db.m_reservedGranules = layout.reservedGranules;
    for (std::uint32_t i = 0; i < layout.reservedCores; ++i)
        db.m_coreOwners[i] = kSystemOwner;
    for (std::uint32_t i = 0; i < layout.reservedGranules; ++i)
        db.m_granuleOwners[i] = kSystemOwner;
    return db;
}

QString ResourceDatabase::describeOwner(const QString &owner) const
{
    const auto it = m_holdings.find(owner);
    if (it == m_holdings.end())
        return QStringLiteral("partition %1").arg(owner);
    return QStringLiteral("partition %1 (%2)").arg(it->second.name, owner);
}

Result<void> ResourceDatabase::check(const QString &partitionUuid, const QString &partitionName,
                                     const proto::ResourceAssignment &assignment) const
{
    if (partitionUuid.isEmpty() || partitionUuid == kSystemOwner)
        return Error(proto::ERROR_INVALID_ARGUMENT,
                     QStringLiteral("Partition %1 has no UUID; resources are recorded by UUID.").arg(partitionName));
    if (const Holding *held = holding(partitionUuid))
        return Error(proto::ERROR_FAILED_PRECONDITION,
                     QStringLiteral("Partition %1 already holds cores %2 and memory granules %3 on this host; "
                                    "deactivate it before activating it with other resources.")
                         .arg(held->name, formatIndexList(held->cores), formatIndexList(held->granules)));
    if (assignment.cores().empty())
        return Error(proto::ERROR_INVALID_ARGUMENT,
                     QStringLiteral("Partition %1 is given no cores; it needs one per vCPU.").arg(partitionName));
    if (assignment.memory_granules().empty())
        return Error(proto::ERROR_INVALID_ARGUMENT,
                     QStringLiteral("Partition %1 is given no memory granules.").arg(partitionName));

    std::set<std::uint32_t> seen;
    for (const std::uint32_t core : assignment.cores()) {
        if (core >= m_coreOwners.size())
            return Error(proto::ERROR_INVALID_ARGUMENT,
                         QStringLiteral("Core %1 does not exist on this host; it has cores %2.")
                             .arg(core).arg(rangeText(coreCount())));
        if (!seen.insert(core).second)
            return Error(proto::ERROR_INVALID_ARGUMENT,
                         QStringLiteral("Core %1 is given twice to partition %2; each vCPU needs a core of its own.")
                             .arg(core).arg(partitionName));
        const QString &owner = m_coreOwners[core];
        if (owner == kSystemOwner)
            return Error(proto::ERROR_CONFLICT,
                         QStringLiteral("Core %1 is reserved for system partitions; partition %2 cannot use it.")
                             .arg(core).arg(partitionName));
        if (!owner.isEmpty())
            return Error(proto::ERROR_CONFLICT,
                         QStringLiteral("Core %1 is held by %2; partition %3 cannot use it.")
                             .arg(core).arg(describeOwner(owner), partitionName));
    }
    seen.clear();
    for (const std::uint32_t granule : assignment.memory_granules()) {
        if (granule >= m_granuleOwners.size())
            return Error(proto::ERROR_INVALID_ARGUMENT,
                         QStringLiteral("Memory granule %1 does not exist on this host; it has granules %2 of %3 MiB.")
                             .arg(granule).arg(rangeText(granuleCount())).arg(m_granuleMib));
        if (!seen.insert(granule).second)
            return Error(proto::ERROR_INVALID_ARGUMENT,
                         QStringLiteral("Memory granule %1 is given twice to partition %2.").arg(granule).arg(partitionName));
        const QString &owner = m_granuleOwners[granule];
        if (owner == kSystemOwner)
            return Error(proto::ERROR_CONFLICT,
                         QStringLiteral("Memory granule %1 is reserved for system partitions; partition %2 cannot use it.")
                             .arg(granule).arg(partitionName));
        if (!owner.isEmpty())
            return Error(proto::ERROR_CONFLICT,
                         QStringLiteral("Memory granule %1 is held by %2; partition %3 cannot use it.")
                             .arg(granule).arg(describeOwner(owner), partitionName));
    }
    return {};
}

Result<std::uint64_t> ResourceDatabase::commit(const QString &partitionUuid, const QString &partitionName,
                                               const proto::ResourceAssignment &assignment, HoldingKind kind,
                                               std::uint64_t txid)
{
    if (auto checked = check(partitionUuid, partitionName, assignment); !checked)
        return checked.error();

    Holding held;
    held.uuid = partitionUuid;
    held.name = partitionName;
    held.cores = toVector(assignment.cores());
    held.granules = toVector(assignment.memory_granules());
    held.kind = kind;
    held.txid = txid;
    std::sort(held.granules.begin(), held.granules.end());
    for (const std::uint32_t core : held.cores)
        m_coreOwners[core] = partitionUuid;
    for (const std::uint32_t granule : held.granules)
        m_granuleOwners[granule] = partitionUuid;
    qCInfo(lcMonitorResources).noquote() << "Partition" << partitionName
                                         << (kind == HoldingKind::Reserved ? "now reserves cores" : "now holds cores")
                                         << formatIndexList(held.cores) << "and memory granules"
                                         << formatIndexList(held.granules);
    m_holdings.emplace(partitionUuid, std::move(held));
    return ++m_version;
}

Result<std::uint64_t> ResourceDatabase::release(const QString &partitionUuid)
{
    const auto it = m_holdings.find(partitionUuid);
    if (it == m_holdings.end())
        return Error(proto::ERROR_NOT_FOUND,
                     QStringLiteral("Partition %1 holds no resources on this host.").arg(partitionUuid));
    for (const std::uint32_t core : it->second.cores)
        m_coreOwners[core].clear();
    for (const std::uint32_t granule : it->second.granules)
        m_granuleOwners[granule].clear();
    qCInfo(lcMonitorResources).noquote() << "Partition" << it->second.name << "released cores"
                                         << formatIndexList(it->second.cores) << "and memory granules"
                                         << formatIndexList(it->second.granules);
    m_holdings.erase(it);
    return ++m_version;
}

Result<std::uint64_t> ResourceDatabase::setKind(const QString &partitionUuid, HoldingKind kind)
{
    const auto it = m_holdings.find(partitionUuid);
    if (it == m_holdings.end())
        return Error(proto::ERROR_NOT_FOUND,
                     QStringLiteral("Partition %1 holds no resources on this host.").arg(partitionUuid));
    if (it->second.kind == kind)
        return m_version;
    it->second.kind = kind;
    return ++m_version;
}

const Holding *ResourceDatabase::holding(const QString &partitionUuid) const
{
    const auto it = m_holdings.find(partitionUuid);
    return it == m_holdings.end() ? nullptr : &it->second;
}

std::vector<Holding> ResourceDatabase::holdings() const
{
    std::vector<Holding> result;
    result.reserve(m_holdings.size());
    for (const auto &entry : m_holdings)
        result.push_back(entry.second);
    return result;
}

std::uint32_t ResourceDatabase::freeCoreCount() const
{
    return std::uint32_t(std::count_if(m_coreOwners.begin(), m_coreOwners.end(), [](const QString &o) { return o.isEmpty(); }));
}

std::uint32_t ResourceDatabase::freeGranuleCount() const
{
    return std::uint32_t(
        std::count_if(m_granuleOwners.begin(), m_granuleOwners.end(), [](const QString &o) { return o.isEmpty(); }));
}

proto::ResourceSnapshot ResourceDatabase::snapshot() const
{
    proto::ResourceSnapshot snap;
    snap.set_version(m_version);
    snap.set_memory_granule_mib(m_granuleMib);
    snap.set_cores_total(coreCount());
    snap.set_memory_granules_total(granuleCount());

    // Runs of consecutive cores with the same owner on the same NUMA node.
    for (std::uint32_t i = 0; i < coreCount();) {
        std::uint32_t j = i;
        while (j + 1 < coreCount() && m_coreOwners[j + 1] == m_coreOwners[i] && m_coreNumaNodes[j + 1] == m_coreNumaNodes[i])
            ++j;
        proto::ResourceRange *range = snap.add_ranges();
        range->set_kind(proto::RESOURCE_KIND_CORE);
        range->set_first(i);
        range->set_count(j - i + 1);
        range->set_owner(m_coreOwners[i].toStdString());
        range->set_numa_node(m_coreNumaNodes[i]);
        i = j + 1;
    }
    for (std::uint32_t i = 0; i < granuleCount();) {
        std::uint32_t j = i;
        while (j + 1 < granuleCount() && m_granuleOwners[j + 1] == m_granuleOwners[i])
            ++j;
        proto::ResourceRange *range = snap.add_ranges();
        range->set_kind(proto::RESOURCE_KIND_MEMORY);
        range->set_first(i);
        range->set_count(j - i + 1);
        range->set_owner(m_granuleOwners[i].toStdString());
        i = j + 1;
    }
    for (const auto &[uuid, held] : m_holdings) {
        proto::ResourceAssignment *assignment = nullptr;
        if (held.kind == HoldingKind::Reserved) {
            proto::Reservation *reservation = snap.add_reservations();
            reservation->set_uuid(uuid.toStdString());
            reservation->set_name(held.name.toStdString());
            reservation->set_txid(held.txid);
            assignment = reservation->mutable_assignment();
        } else {
            proto::DomainStatus *domain = snap.add_domains();
            domain->set_uuid(uuid.toStdString());
            domain->set_name(held.name.toStdString());
            assignment = domain->mutable_assignment();
        }
        for (const std::uint32_t core : held.cores)
            assignment->add_cores(core);
        for (const std::uint32_t granule : held.granules)
            assignment->add_memory_granules(granule);
        assignment->set_memory_mib(quint64(held.granules.size()) * m_granuleMib);
    }
    return snap;
}

} // namespace vdc::monitor
