#include "statsarchive.h"

#include "opsengine.h"

#include "core/version.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QSet>

#include <algorithm>

Q_LOGGING_CATEGORY(lcOpsStats, "vdc.ops.stats", QtWarningMsg)

namespace vdc::ops {

namespace {

QString str(const std::string &s)
{
    return QString::fromStdString(s);
}

} // namespace

StatsArchive::StatsArchive(const OpsEngine &engine, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
{
    m_publishTimer.setInterval(kPublishIntervalMs);
    connect(&m_publishTimer, &QTimer::timeout, this, &StatsArchive::publishPending);
    m_publishTimer.start();
}

StatsArchive::~StatsArchive() = default;

Result<void> StatsArchive::setRetention(std::uint32_t seconds)
{
    if (seconds < 1 || seconds > kMaxRetentionS)
        return Error(proto::ERROR_INVALID_ARGUMENT,
                     QStringLiteral("The statistics retention must be 1 to %1 seconds (a week); %2 is not.")
                         .arg(kMaxRetentionS)
                         .arg(seconds));
    m_retentionS = seconds;
    trim(QDateTime::currentMSecsSinceEpoch());
    return {};
}

void StatsArchive::add(const QString &hostName, proto::HostSample sample)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    sample.set_host(hostName.toStdString());
    auto &samples = m_hosts[hostName].samples;
    samples.emplace_back(now, sample);
    const std::size_t cap = std::size_t(m_retentionS) * kMaxSamplesPerSecond;
    while (samples.size() > cap)
        samples.pop_front();
    m_pending.push_back(std::move(sample));
}

void StatsArchive::trim(qint64 nowMs)
{
    const qint64 oldest = nowMs - qint64(m_retentionS) * 1000;
    for (auto it = m_hosts.begin(); it != m_hosts.end();) {
        auto &samples = it->second.samples;
        while (!samples.empty() && samples.front().first < oldest)
            samples.pop_front();
        // A removed host's history goes with it.
        if (samples.empty() || !m_engine.host(it->first))
            it = m_hosts.erase(it);
        else
            ++it;
    }
    for (auto it = m_zones.begin(); it != m_zones.end();) {
        auto &samples = it->second;
        while (!samples.empty() && samples.front().first < oldest)
            samples.pop_front();
        if (samples.empty())
            it = m_zones.erase(it);
        else
            ++it;
    }
}

std::vector<proto::ZoneSample> StatsArchive::computeZones(qint64 nowMs) const
{
    std::vector<proto::ZoneSample> result;
    for (const proto::Zone &zone : m_engine.zones()) {
        double busyCores = 0, cores = 0;
        std::uint64_t memoryUsed = 0, memoryTotal = 0, rx = 0, tx = 0;
        std::uint32_t reporting = 0;
        for (const std::string &member : zone.hosts()) {
            const auto entry = m_hosts.find(str(member));
            if (entry == m_hosts.end() || entry->second.samples.empty())
                continue;
            const auto &[arrived, latest] = entry->second.samples.back();
            if (nowMs - arrived > kFreshnessMs)
                continue;
            const auto host = m_engine.host(str(member));
            // Weighted by cores, so a busy small host counts for what it is.
            const double weight = host && host->cores_total() > 0 ? double(host->cores_total()) : 1.0;
            busyCores += latest.cpu_percent() * weight;
            cores += weight;
            memoryUsed += latest.memory_used_mib();
            memoryTotal += latest.memory_total_mib();
            rx += latest.net_rx_bytes_per_s();
            tx += latest.net_tx_bytes_per_s();
            ++reporting;
        }
        if (reporting == 0)
            continue; // no figures is not zero load: the zone has a gap
        proto::ZoneSample sample;
        sample.set_zone(zone.name());
        sample.set_time_ms(nowMs);
        sample.set_cpu_percent(cores > 0 ? busyCores / cores : 0.0);
        sample.set_memory_percent(memoryTotal > 0 ? double(memoryUsed) * 100.0 / double(memoryTotal) : 0.0);
        sample.set_net_rx_bytes_per_s(rx);
        sample.set_net_tx_bytes_per_s(tx);
        sample.set_hosts_reporting(reporting);
        result.push_back(std::move(sample));
    }
    return result;
}

void StatsArchive::publishPending()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    trim(now);
    if (m_pending.empty())
        return;
    proto::StatsUpdate update;
    update.set_protocol_version(kProtocolVersion);
    for (proto::HostSample &sample : m_pending)
        *update.add_hosts() = std::move(sample);
    m_pending.clear();
    for (proto::ZoneSample &zone : computeZones(now)) {
        m_zones[str(zone.zone())].emplace_back(now, zone);
        *update.add_zones() = std::move(zone);
    }
    emit updateReady(update);
}

std::size_t StatsArchive::samplesKept(const QString &hostName) const
{
    const auto it = m_hosts.find(hostName);
    return it == m_hosts.end() ? 0 : it->second.samples.size();
}

Result<proto::StatsHistory> StatsArchive::history(const proto::GetStatsHistory &request) const
{
    if (request.since_ms() < 0)
        return Error(proto::ERROR_INVALID_ARGUMENT,
                     QStringLiteral("since_ms is a time in milliseconds since the epoch (or 0 for everything kept); "
                                    "%1 is negative.")
                         .arg(request.since_ms()));
    QSet<QString> hosts, zones, partitions;
    for (const std::string &name : request.hosts()) {
        if (!m_engine.host(str(name)))
            return Error(proto::ERROR_NOT_FOUND, QStringLiteral("Host %1 does not exist.").arg(str(name)));
        hosts.insert(str(name));
    }
    if (request.zones_size() > 0) {
        QSet<QString> known;
        for (const proto::Zone &zone : m_engine.zones())
            known.insert(str(zone.name()));
        for (const std::string &name : request.zones()) {
            if (!known.contains(str(name)))
                return Error(proto::ERROR_NOT_FOUND, QStringLiteral("Zone %1 does not exist.").arg(str(name)));
            zones.insert(str(name));
        }
    }
    for (const std::string &uuid : request.partitions()) {
        proto::PartitionRef ref;
        ref.set_uuid(uuid);
        if (auto known = m_engine.partition(ref); !known)
            return known.error();
        partitions.insert(str(uuid));
    }
    const bool everything = hosts.isEmpty() && zones.isEmpty() && partitions.isEmpty();

    proto::StatsHistory reply;
    reply.set_retention_s(m_retentionS);
    std::vector<const proto::HostSample *> chosen;
    std::deque<proto::HostSample> trimmed; // partition-filtered copies; a deque keeps their addresses
    for (const auto &[name, entry] : m_hosts) {
        const bool whole = everything || hosts.contains(name);
        if (!whole && partitions.isEmpty())
            continue;
        for (const auto &[arrived, sample] : entry.samples) {
            if (sample.time_ms() <= request.since_ms())
                continue;
            if (whole) {
                chosen.push_back(&sample);
                continue;
            }
            proto::HostSample copy = sample;
            copy.clear_partitions();
            for (const proto::PartitionSample &p : sample.partitions())
                if (partitions.contains(str(p.uuid())))
                    *copy.add_partitions() = p;
            if (copy.partitions_size() > 0) {
                trimmed.push_back(std::move(copy));
                chosen.push_back(&trimmed.back());
            }
        }
    }
    std::stable_sort(chosen.begin(), chosen.end(),
                     [](const proto::HostSample *a, const proto::HostSample *b) { return a->time_ms() < b->time_ms(); });
    for (const proto::HostSample *sample : chosen)
        *reply.add_hosts() = *sample;

    if (everything || !zones.isEmpty()) {
        std::vector<const proto::ZoneSample *> zoneSamples;
        for (const auto &[name, samples] : m_zones) {
            if (!everything && !zones.contains(name))
                continue;
            for (const auto &[arrived, sample] : samples)
                if (sample.time_ms() > request.since_ms())
                    zoneSamples.push_back(&sample);
        }
        std::stable_sort(zoneSamples.begin(), zoneSamples.end(),
                         [](const proto::ZoneSample *a, const proto::ZoneSample *b) { return a->time_ms() < b->time_ms(); });
        for (const proto::ZoneSample *sample : zoneSamples)
            *reply.add_zones() = *sample;
    }
    qCDebug(lcOpsStats) << "history:" << reply.hosts_size() << "host samples," << reply.zones_size() << "zone samples";
    return reply;
}

} // namespace vdc::ops
