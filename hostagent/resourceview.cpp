#include "resourceview.h"

#include <algorithm>

namespace vdc::agent {

namespace {

QString kindName(proto::ResourceKind kind)
{
    return kind == proto::RESOURCE_KIND_CORE ? QStringLiteral("core") : QStringLiteral("memory granule");
}

} // namespace

Result<void> ResourceView::replace(const proto::ResourceSnapshot &snapshot)
{
    // Bounds far above any real host, so a damaged snapshot cannot make us
    // allocate gigabytes.
    constexpr std::uint32_t kMaxCores = 1u << 16;
    constexpr std::uint32_t kMaxGranules = 1u << 22;
    if (snapshot.cores_total() > kMaxCores || snapshot.memory_granules_total() > kMaxGranules)
        return Error(proto::ERROR_MALFORMED,
                     QStringLiteral("The resource snapshot (version %1) announces %2 cores and %3 memory granules; "
                                    "at most %4 and %5 are supported.")
                         .arg(snapshot.version()).arg(snapshot.cores_total()).arg(snapshot.memory_granules_total())
                         .arg(kMaxCores).arg(kMaxGranules));
    if (snapshot.memory_granule_mib() == 0 && snapshot.memory_granules_total() > 0)
        return Error(proto::ERROR_MALFORMED,
                     QStringLiteral("The resource snapshot (version %1) has memory granules of 0 MiB.")
                         .arg(snapshot.version()));

    std::vector<QString> coreOwner(snapshot.cores_total());
    std::vector<std::uint32_t> coreNode(snapshot.cores_total(), 0);
    std::vector<QString> granuleOwner(snapshot.memory_granules_total());
    std::vector<bool> coreSeen(snapshot.cores_total(), false);
    std::vector<bool> granuleSeen(snapshot.memory_granules_total(), false);

    for (const auto &range : snapshot.ranges()) {
        const bool isCore = range.kind() == proto::RESOURCE_KIND_CORE;
        if (!isCore && range.kind() != proto::RESOURCE_KIND_MEMORY)
            return Error(proto::ERROR_MALFORMED,
                         QStringLiteral("The resource snapshot (version %1) has a range of unknown kind %2.")
                             .arg(snapshot.version()).arg(int(range.kind())));
        auto &seen = isCore ? coreSeen : granuleSeen;
        const std::uint64_t end = std::uint64_t(range.first()) + range.count();
        if (end > seen.size())
            return Error(proto::ERROR_MALFORMED,
                         QStringLiteral("The resource snapshot (version %1) names %2 %3 to %4, but the host has only %5.")
                             .arg(snapshot.version()).arg(kindName(range.kind())).arg(range.first())
                             .arg(end == 0 ? 0 : end - 1).arg(seen.size()));
        const QString owner = QString::fromStdString(range.owner());
        for (std::uint32_t i = range.first(); i < end; ++i) {
            if (seen[i])
                return Error(proto::ERROR_MALFORMED,
                             QStringLiteral("The resource snapshot (version %1) describes %2 %3 twice.")
                                 .arg(snapshot.version()).arg(kindName(range.kind())).arg(i));
            seen[i] = true;
            if (isCore) {
                coreOwner[i] = owner;
                coreNode[i] = range.numa_node();
            } else {
                granuleOwner[i] = owner;
            }
        }
    }
    const auto missingCore = std::find(coreSeen.begin(), coreSeen.end(), false);
    if (missingCore != coreSeen.end())
        return Error(proto::ERROR_MALFORMED,
                     QStringLiteral("The resource snapshot (version %1) does not describe core %2.")
                         .arg(snapshot.version()).arg(missingCore - coreSeen.begin()));
    const auto missingGranule = std::find(granuleSeen.begin(), granuleSeen.end(), false);
    if (missingGranule != granuleSeen.end())
        return Error(proto::ERROR_MALFORMED,
                     QStringLiteral("The resource snapshot (version %1) does not describe memory granule %2.")
                         .arg(snapshot.version()).arg(missingGranule - granuleSeen.begin()));

    m_snapshot = snapshot;
    m_coreOwner = std::move(coreOwner);
    m_coreNode = std::move(coreNode);
    m_granuleOwner = std::move(granuleOwner);
    m_hasSnapshot = true;
    return {};
}

std::uint32_t ResourceView::coresFree() const
{
    return std::uint32_t(std::count_if(m_coreOwner.begin(), m_coreOwner.end(), [](const QString &o) { return o.isEmpty(); }));
}

std::uint32_t ResourceView::coresReserved() const
{
    return std::uint32_t(std::count(m_coreOwner.begin(), m_coreOwner.end(), kSystemOwner));
}

std::uint32_t ResourceView::granulesFree() const
{
    return std::uint32_t(
        std::count_if(m_granuleOwner.begin(), m_granuleOwner.end(), [](const QString &o) { return o.isEmpty(); }));
}

std::uint32_t ResourceView::granulesReserved() const
{
    return std::uint32_t(std::count(m_granuleOwner.begin(), m_granuleOwner.end(), kSystemOwner));
}

void ResourceView::claim(const QString &owner, const proto::ResourceAssignment &assignment)
{
    for (const std::uint32_t core : assignment.cores())
        if (core < m_coreOwner.size() && m_coreOwner[core].isEmpty())
            m_coreOwner[core] = owner;
    for (const std::uint32_t granule : assignment.memory_granules())
        if (granule < m_granuleOwner.size() && m_granuleOwner[granule].isEmpty())
            m_granuleOwner[granule] = owner;
}

const proto::DomainStatus *ResourceView::domain(const QString &uuid) const
{
    const std::string key = uuid.toStdString();
    for (const auto &d : m_snapshot.domains())
        if (d.uuid() == key)
            return &d;
    return nullptr;
}

} // namespace vdc::agent
