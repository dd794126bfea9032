#include "statssampler.h"

#include "libvirtconnection.h"
#include "libvirtdomain.h"
#include "monitorlogging.h"
#include "partitionmetadata.h"

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <QDateTime>
#include <QSet>

#include <algorithm>
#include <cstring>
#include <vector>

namespace vdc::monitor {

namespace {

constexpr unsigned kStatsGroups = VIR_DOMAIN_STATS_STATE | VIR_DOMAIN_STATS_CPU_TOTAL | VIR_DOMAIN_STATS_BALLOON
    | VIR_DOMAIN_STATS_INTERFACE | VIR_DOMAIN_STATS_BLOCK;
// Running and paused domains only; NOWAIT: a domain whose job holds it (a
// migration, a save) reports what it can at once instead of stalling the call.
constexpr unsigned kStatsFlags = VIR_CONNECT_GET_ALL_DOMAINS_STATS_ACTIVE | VIR_CONNECT_GET_ALL_DOMAINS_STATS_NOWAIT;

std::optional<std::uint64_t> unsignedValue(const virTypedParameter &p)
{
    switch (p.type) {
    case VIR_TYPED_PARAM_INT:
        return p.value.i < 0 ? std::nullopt : std::optional<std::uint64_t>(std::uint64_t(p.value.i));
    case VIR_TYPED_PARAM_UINT:
        return p.value.ui;
    case VIR_TYPED_PARAM_LLONG:
        return p.value.l < 0 ? std::nullopt : std::optional<std::uint64_t>(std::uint64_t(p.value.l));
    case VIR_TYPED_PARAM_ULLONG:
        return p.value.ul;
    default:
        return std::nullopt;
    }
}

bool hasSuffix(const char *text, std::size_t length, const char *suffix)
{
    const std::size_t n = std::strlen(suffix);
    return length >= n && std::memcmp(text + length - n, suffix, n) == 0;
}

// A counter's increase per second; a counter that went down (a device
// removed, a guest restarted) counts as no traffic rather than a wrap.
std::uint64_t ratePerSecond(std::uint64_t now, std::uint64_t before, double seconds)
{
    if (now < before || seconds <= 0)
        return 0;
    return std::uint64_t(double(now - before) / seconds);
}

std::uint64_t mibOfKib(std::uint64_t kib)
{
    return kib / 1024;
}

} // namespace

StatsSampler::StatsSampler(LibvirtConnection &connection, QString hostName, QObject *parent)
    : QObject(parent)
    , m_connection(connection)
    , m_hostName(std::move(hostName))
{
    connect(&m_timer, &QTimer::timeout, this, &StatsSampler::onTimer);
}

StatsSampler::~StatsSampler() = default;

void StatsSampler::start()
{
    m_timer.stop();
    if (m_interval.count() <= 0)
        return;
    m_haveBaseline = false;
    if (auto first = sample(); !first)
        qCWarning(lcMonitorStats).noquote() << first.error().message();
    m_timer.start(m_interval);
}

void StatsSampler::stop()
{
    m_timer.stop();
}

void StatsSampler::onTimer()
{
    auto taken = sample();
    if (!taken) {
        // Once per failure spell: a libvirtd that is away would otherwise fill the log.
        if (!m_reportedFailure)
            qCWarning(lcMonitorStats).noquote() << taken.error().message();
        m_reportedFailure = true;
        return;
    }
    if (m_reportedFailure)
        qCInfo(lcMonitorStats) << "Taking statistics works again.";
    m_reportedFailure = false;
    if (taken->has_value())
        emit sampled(**taken);
}

const StatsSampler::PartitionInfo &StatsSampler::partitionInfo(void *domain, const QString &uuid)
{
    auto it = m_partitions.find(uuid);
    if (it != m_partitions.end())
        return *it;
    PartitionInfo info;
    // The handle belongs to the statistics record; the wrapper frees its own reference.
    virDomainRef(static_cast<virDomainPtr>(domain));
    const LibvirtDomain wrapped(static_cast<virDomainPtr>(domain));
    if (auto xml = wrapped.metadata(PartitionMetadata::kNamespaceUri); xml && xml->has_value()) {
        if (auto metadata = PartitionMetadata::parse(**xml)) {
            info.isPartition = true;
            info.vcpus = metadata->spec.vcpus();
            const auto granules = std::uint64_t(metadata->assignment.memory_granules_size());
            info.memoryMib = granules > 0 && metadata->granuleMib > 0 ? granules * metadata->granuleMib
                                                                       : metadata->spec.memory_mib();
        } else {
            qCWarning(lcMonitorStats).noquote() << "Domain" << wrapped.name()
                                                << "has vdc metadata that does not read:" << metadata.error().message();
        }
    } else if (!xml) {
        // Not known yet; asked again at the next reading.
        qCDebug(lcMonitorStats).noquote() << xml.error().message();
        static const PartitionInfo unknown;
        return unknown;
    }
    return *m_partitions.insert(uuid, info);
}

std::optional<StatsSampler::HostCpu> StatsSampler::readHostCpu() const
{
    virConnectPtr conn = m_connection.handle();
    int count = 0;
    if (virNodeGetCPUStats(conn, VIR_NODE_CPU_STATS_ALL_CPUS, nullptr, &count, 0) < 0 || count <= 0) {
        virResetLastError();
        return std::nullopt;
    }
    std::vector<virNodeCPUStats> stats(static_cast<std::size_t>(count));
    if (virNodeGetCPUStats(conn, VIR_NODE_CPU_STATS_ALL_CPUS, stats.data(), &count, 0) < 0) {
        virResetLastError();
        return std::nullopt;
    }
    HostCpu cpu;
    for (int i = 0; i < count; ++i) {
        const char *field = stats[std::size_t(i)].field;
        const std::uint64_t value = stats[std::size_t(i)].value;
        if (std::strcmp(field, VIR_NODE_CPU_STATS_UTILIZATION) == 0)
            continue; // a percentage, not a time
        cpu.totalNs += value;
        if (std::strcmp(field, VIR_NODE_CPU_STATS_IDLE) != 0 && std::strcmp(field, VIR_NODE_CPU_STATS_IOWAIT) != 0)
            cpu.busyNs += value;
    }
    return cpu;
}

std::optional<std::pair<std::uint64_t, std::uint64_t>> StatsSampler::readNodeMemory()
{
    if (m_nodeMemoryStatsUnsupported)
        return std::nullopt;
    virConnectPtr conn = m_connection.handle();
    int count = 0;
    if (virNodeGetMemoryStats(conn, VIR_NODE_MEMORY_STATS_ALL_CELLS, nullptr, &count, 0) < 0 || count <= 0) {
        const virError *error = virGetLastError();
        if (error && error->code == VIR_ERR_NO_SUPPORT)
            m_nodeMemoryStatsUnsupported = true; // the test driver: not asked again
        virResetLastError();
        return std::nullopt;
    }
    std::vector<virNodeMemoryStats> stats(static_cast<std::size_t>(count));
    if (virNodeGetMemoryStats(conn, VIR_NODE_MEMORY_STATS_ALL_CELLS, stats.data(), &count, 0) < 0) {
        virResetLastError();
        return std::nullopt;
    }
    std::uint64_t total = 0, unused = 0;
    for (int i = 0; i < count; ++i) {
        const char *field = stats[std::size_t(i)].field;
        const std::uint64_t kib = stats[std::size_t(i)].value;
        if (std::strcmp(field, VIR_NODE_MEMORY_STATS_TOTAL) == 0)
            total = kib;
        else if (std::strcmp(field, VIR_NODE_MEMORY_STATS_FREE) == 0 || std::strcmp(field, VIR_NODE_MEMORY_STATS_BUFFERS) == 0
                 || std::strcmp(field, VIR_NODE_MEMORY_STATS_CACHED) == 0)
            unused += kib; // buffers and page cache are given back on demand
    }
    if (total == 0)
        return std::nullopt;
    return std::make_pair(mibOfKib(total - std::min(unused, total)), mibOfKib(total));
}

std::uint64_t StatsSampler::nodeInfoMemoryMib() const
{
    virNodeInfo info{};
    if (virNodeGetInfo(m_connection.handle(), &info) < 0) {
        virResetLastError();
        return 0;
    }
    return mibOfKib(info.memory);
}

Result<std::optional<proto::HostSample>> StatsSampler::sample()
{
    using Clock = std::chrono::steady_clock;
    const auto began = Clock::now();

    virDomainStatsRecordPtr *records = nullptr;
    const int count = virConnectGetAllDomainStats(m_connection.handle(), kStatsGroups, &records, kStatsFlags);
    const auto called = Clock::now();
    if (count < 0)
        return LibvirtConnection::lastError(QStringLiteral("Cannot read the statistics of the running domains"));
    m_lastBulkCallCost = called - began;

    QHash<QString, DomainReading> current;
    QHash<QString, PartitionInfo> running;
    QSet<QString> seen;
    for (int i = 0; i < count; ++i) {
        const virDomainStatsRecordPtr record = records[i];
        char uuidText[VIR_UUID_STRING_BUFLEN] = {};
        if (virDomainGetUUIDString(record->dom, uuidText) < 0) {
            virResetLastError();
            continue;
        }
        const QString uuid = QString::fromLatin1(uuidText);
        seen.insert(uuid);
        const PartitionInfo &info = partitionInfo(record->dom, uuid);
        if (!info.isPartition)
            continue;
        running.insert(uuid, info);
        DomainReading reading;
        for (int p = 0; p < record->nparams; ++p) {
            const virTypedParameter &param = record->params[p];
            const std::size_t length = std::strlen(param.field);
            const auto value = unsignedValue(param);
            if (!value)
                continue;
            if (std::strcmp(param.field, "cpu.time") == 0)
                reading.cpuTimeNs = *value;
            else if (std::strcmp(param.field, "balloon.current") == 0)
                reading.balloonCurrentKib = *value;
            else if (std::strcmp(param.field, "balloon.available") == 0)
                reading.balloonAvailableKib = *value;
            else if (std::strcmp(param.field, "balloon.unused") == 0)
                reading.balloonUnusedKib = *value;
            else if (std::strcmp(param.field, "balloon.rss") == 0)
                reading.balloonRssKib = *value;
            else if (std::strncmp(param.field, "net.", 4) == 0) {
                if (hasSuffix(param.field, length, ".rx.bytes"))
                    reading.netRxBytes += *value;
                else if (hasSuffix(param.field, length, ".tx.bytes"))
                    reading.netTxBytes += *value;
            } else if (std::strncmp(param.field, "block.", 6) == 0) {
                if (hasSuffix(param.field, length, ".rd.bytes"))
                    reading.diskReadBytes += *value;
                else if (hasSuffix(param.field, length, ".wr.bytes"))
                    reading.diskWriteBytes += *value;
            }
        }
        current.insert(uuid, reading);
    }
    virDomainStatsRecordListFree(records);

    const std::optional<HostCpu> hostCpu = readHostCpu();
    const auto nodeMemory = readNodeMemory();
    const auto ended = Clock::now();
    m_lastReadingCost = ended - began;

    // Domains gone since the last reading are forgotten: one that comes back
    // under the same uuid has its metadata read again.
    for (auto it = m_partitions.begin(); it != m_partitions.end();) {
        if (seen.contains(it.key()))
            ++it;
        else
            it = m_partitions.erase(it);
    }

    const bool haveBaseline = m_haveBaseline;
    const double seconds = std::chrono::duration<double>(called - m_previousTime).count();
    const QHash<QString, DomainReading> previous = std::exchange(m_previous, current);
    const std::optional<HostCpu> previousHostCpu = std::exchange(m_previousHostCpu, hostCpu);
    m_previousTime = called;
    m_haveBaseline = true;
    if (!haveBaseline || seconds <= 0)
        return std::optional<proto::HostSample>();

    proto::HostSample sample;
    sample.set_host(m_hostName.toStdString());
    sample.set_time_ms(QDateTime::currentMSecsSinceEpoch());
    sample.set_interval_s(seconds);
    if (hostCpu && previousHostCpu && hostCpu->totalNs > previousHostCpu->totalNs
        && hostCpu->busyNs >= previousHostCpu->busyNs) {
        const double busy = double(hostCpu->busyNs - previousHostCpu->busyNs);
        const double total = double(hostCpu->totalNs - previousHostCpu->totalNs);
        sample.set_cpu_percent(std::clamp(busy / total * 100.0, 0.0, 100.0));
    }

    std::uint64_t partitionsMemoryUsed = 0;
    std::uint64_t netRx = 0, netTx = 0;
    for (auto it = current.cbegin(); it != current.cend(); ++it) {
        const PartitionInfo &info = running.value(it.key());
        const DomainReading &now = *it;
        std::uint64_t memoryMib = info.memoryMib;
        if (now.balloonCurrentKib && *now.balloonCurrentKib > 0)
            memoryMib = mibOfKib(*now.balloonCurrentKib);
        // In use: what the guest says it uses (needs its balloon driver),
        // else what the host had to give it, else all it has.
        std::uint64_t usedMib = memoryMib;
        if (now.balloonAvailableKib && now.balloonUnusedKib && *now.balloonAvailableKib >= *now.balloonUnusedKib)
            usedMib = mibOfKib(*now.balloonAvailableKib - *now.balloonUnusedKib);
        else if (now.balloonRssKib)
            usedMib = std::min(mibOfKib(*now.balloonRssKib), memoryMib);
        partitionsMemoryUsed += usedMib;

        const auto before = previous.constFind(it.key());
        if (before == previous.cend())
            continue; // first reading of this partition: no interval yet
        // CPU time that went down means the guest started again in between.
        if (now.cpuTimeNs && before->cpuTimeNs && *now.cpuTimeNs < *before->cpuTimeNs)
            continue;
        if (before->cpuTimeNs && !now.cpuTimeNs)
            continue; // busy with a job (NOWAIT): no figure this time rather than a false zero

        proto::PartitionSample *p = sample.add_partitions();
        p->set_uuid(it.key().toStdString());
        if (now.cpuTimeNs && before->cpuTimeNs && info.vcpus > 0) {
            const double busyNs = double(*now.cpuTimeNs - *before->cpuTimeNs);
            p->set_cpu_percent(std::clamp(busyNs / (double(info.vcpus) * seconds * 1e9) * 100.0, 0.0, 100.0));
        }
        p->set_memory_mib(memoryMib);
        p->set_memory_used_mib(usedMib);
        p->set_net_rx_bytes_per_s(ratePerSecond(now.netRxBytes, before->netRxBytes, seconds));
        p->set_net_tx_bytes_per_s(ratePerSecond(now.netTxBytes, before->netTxBytes, seconds));
        p->set_disk_read_bytes_per_s(ratePerSecond(now.diskReadBytes, before->diskReadBytes, seconds));
        p->set_disk_write_bytes_per_s(ratePerSecond(now.diskWriteBytes, before->diskWriteBytes, seconds));
        netRx += p->net_rx_bytes_per_s();
        netTx += p->net_tx_bytes_per_s();
    }
    sample.set_net_rx_bytes_per_s(netRx);
    sample.set_net_tx_bytes_per_s(netTx);
    if (nodeMemory) {
        sample.set_memory_used_mib(nodeMemory->first);
        sample.set_memory_total_mib(nodeMemory->second);
    } else {
        // No node memory statistics (the test driver): in use is what the partitions hold.
        const std::uint64_t total = nodeInfoMemoryMib();
        sample.set_memory_total_mib(total);
        sample.set_memory_used_mib(total > 0 ? std::min(partitionsMemoryUsed, total) : partitionsMemoryUsed);
    }
    qCDebug(lcMonitorStats) << "sample of" << sample.partitions_size() << "partitions, bulk call"
                            << m_lastBulkCallCost.count() / 1000 << "us, whole reading" << m_lastReadingCost.count() / 1000
                            << "us";
    return std::optional<proto::HostSample>(std::move(sample));
}

} // namespace vdc::monitor
