#include "hostpolicy.h"

#include "logging.h"
#include "resourceview.h"

#include <map>
#include <vector>

namespace vdc::agent {

HostPolicy::HostPolicy(QString hostName)
    : m_hostName(std::move(hostName))
{
}

Result<proto::ResourceAssignment> HostPolicy::choose(const ResourceView &view, const proto::PartitionSpec &spec) const
{
    const QString partition = QString::fromStdString(spec.name());
    if (!view.hasSnapshot())
        return Error(proto::ERROR_UNAVAILABLE,
                     QStringLiteral("Host %1 has not received its resource database from the monitor yet; "
                                    "cannot place partition %2.")
                         .arg(m_hostName, partition));

    // Free cores per NUMA node, in ascending index order.
    std::map<std::uint32_t, std::vector<std::uint32_t>> freeByNode;
    std::vector<std::uint32_t> freeCores;
    for (std::uint32_t core = 0; core < view.coreCount(); ++core) {
        if (!view.coreOwner(core).isEmpty())
            continue;
        freeByNode[view.coreNumaNode(core)].push_back(core);
        freeCores.push_back(core);
    }
    std::vector<std::uint32_t> freeGranules;
    for (std::uint32_t g = 0; g < view.granuleCount(); ++g)
        if (view.granuleOwner(g).isEmpty())
            freeGranules.push_back(g);

    const std::uint32_t granule = view.granuleMib();
    const std::uint64_t granulesNeeded = granule == 0 ? 0 : (spec.memory_mib() + granule - 1) / granule;
    const bool coresShort = freeCores.size() < spec.vcpus();
    const bool memoryShort = granule == 0 || freeGranules.size() < granulesNeeded;
    if (coresShort || memoryShort) {
        const QString coreSentence = freeCores.size() == 1
            ? QStringLiteral("Host %1 has 1 free core; partition %2 needs %3.")
                  .arg(m_hostName, partition).arg(spec.vcpus())
            : QStringLiteral("Host %1 has %2 free cores; partition %3 needs %4.")
                  .arg(m_hostName).arg(freeCores.size()).arg(partition).arg(spec.vcpus());
        const QString memorySentence = QStringLiteral("Host %1 has %2 MiB of memory free; partition %3 needs %4 MiB.")
                                           .arg(m_hostName)
                                           .arg(view.memoryFreeMib())
                                           .arg(partition)
                                           .arg(spec.memory_mib());
        QString message;
        if (coresShort && memoryShort)
            message = coreSentence + QLatin1Char(' ') + memorySentence;
        else
            message = coresShort ? coreSentence : memorySentence;
        qCInfo(lcAgentPolicy).noquote() << message;
        return Error(proto::ERROR_INSUFFICIENT_RESOURCES, message);
    }

    proto::ResourceAssignment assignment;
    const std::vector<std::uint32_t> *cores = nullptr;
    std::uint32_t chosenNode = 0;
    for (const auto &[node, nodeCores] : freeByNode) {
        // Strictly more: ties keep the lower node (the map is ordered).
        if (nodeCores.size() >= spec.vcpus() && (!cores || nodeCores.size() > cores->size())) {
            cores = &nodeCores;
            chosenNode = node;
        }
    }
    if (cores) {
        qCDebug(lcAgentPolicy) << "partition" << partition << "fits on NUMA node" << chosenNode;
    } else {
        cores = &freeCores;
        qCInfo(lcAgentPolicy) << "no single NUMA node of host" << m_hostName << "has" << spec.vcpus()
                              << "free cores; partition" << partition << "spans nodes";
    }
    for (std::uint32_t i = 0; i < spec.vcpus(); ++i)
        assignment.add_cores(cores->at(i));
    for (std::uint64_t i = 0; i < granulesNeeded; ++i)
        assignment.add_memory_granules(freeGranules.at(i));
    assignment.set_memory_mib(granulesNeeded * granule);
    return assignment;
}

} // namespace vdc::agent
