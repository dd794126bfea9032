#pragma once

#include "core/result.h"

#include "vdc.pb.h"

#include <QHash>
#include <QObject>
#include <QString>
#include <QTimer>

#include <chrono>
#include <cstdint>
#include <optional>

namespace vdc::monitor {

class LibvirtConnection;

// Takes the host's figures every interval: one bulk call for every running
// domain (virConnectGetAllDomainStats: state, CPU time, balloon, interfaces,
// block devices; NOWAIT, so a domain busy with a job such as a migration
// does not hold the call up) plus the host's CPU times and memory. Rates
// come from the difference with the previous reading, so a partition appears
// from its second reading on; the first reading of all only sets the
// baseline. Only partitions (domains with vdc metadata) are reported; which
// domain is one, and its vCPUs and memory, is read from the metadata once
// per domain and kept while the domain runs.
//
// Runs in the thread it lives in (the monitor's main thread), apart from the
// channel's service thread; it shares the libvirt connection, which libvirt
// allows from several threads. Drivers that report less (the test driver:
// no CPU time, no balloon, no interfaces, fixed host CPU times, no node
// memory statistics) give zero rates; host memory in use is then what the
// running partitions hold.
class StatsSampler : public QObject
{
    Q_OBJECT
public:
    static constexpr std::chrono::milliseconds kDefaultInterval{1000};

    StatsSampler(LibvirtConnection &connection, QString hostName, QObject *parent = nullptr);
    ~StatsSampler() override;

    // 0 disables sampling. Takes effect at the next start().
    void setInterval(std::chrono::milliseconds interval) { m_interval = interval; }
    std::chrono::milliseconds interval() const { return m_interval; }

    // Takes the baseline now and a sample every interval after it.
    void start();
    void stop();
    bool isActive() const { return m_timer.isActive(); }

    // One reading now. The sample covers the time since the previous reading;
    // nullopt for the first reading (the baseline).
    Result<std::optional<proto::HostSample>> sample();

    // How long the last reading took, and the bulk call within it (for
    // benchmarks and the debug log).
    std::chrono::nanoseconds lastReadingCost() const { return m_lastReadingCost; }
    std::chrono::nanoseconds lastBulkCallCost() const { return m_lastBulkCallCost; }

signals:
    void sampled(const vdc::proto::HostSample &sample);

private:
    struct DomainReading
    {
        std::optional<std::uint64_t> cpuTimeNs;
        std::uint64_t netRxBytes = 0;
        std::uint64_t netTxBytes = 0;
        std::uint64_t diskReadBytes = 0;
        std::uint64_t diskWriteBytes = 0;
        std::optional<std::uint64_t> balloonCurrentKib;
        std::optional<std::uint64_t> balloonAvailableKib;
        std::optional<std::uint64_t> balloonUnusedKib;
        std::optional<std::uint64_t> balloonRssKib;
    };
    struct PartitionInfo
    {
        bool isPartition = false;
        std::uint32_t vcpus = 0;
        std::uint64_t memoryMib = 0;
    };
    struct HostCpu
    {
        std::uint64_t busyNs = 0;
        std::uint64_t totalNs = 0;
    };

    void onTimer();
    const PartitionInfo &partitionInfo(void *domain, const QString &uuid);
    std::optional<HostCpu> readHostCpu() const;
    // (used, total) in MiB; nullopt when the driver has no node memory statistics.
    std::optional<std::pair<std::uint64_t, std::uint64_t>> readNodeMemory();
    std::uint64_t nodeInfoMemoryMib() const;

    LibvirtConnection &m_connection;
    QString m_hostName;
    std::chrono::milliseconds m_interval = kDefaultInterval;
    QTimer m_timer;

    bool m_haveBaseline = false;
    std::chrono::steady_clock::time_point m_previousTime;
    QHash<QString, DomainReading> m_previous;   // by uuid
    QHash<QString, PartitionInfo> m_partitions; // by uuid, domains seen running
    std::optional<HostCpu> m_previousHostCpu;
    bool m_nodeMemoryStatsUnsupported = false;
    bool m_reportedFailure = false;
    std::chrono::nanoseconds m_lastReadingCost{0};
    std::chrono::nanoseconds m_lastBulkCallCost{0};
};

} // namespace vdc::monitor
