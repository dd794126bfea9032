#pragma once

#include "core/result.h"

#include "vdc.pb.h"

#include <QObject>
#include <QString>
#include <QTimer>

#include <cstdint>
#include <deque>
#include <map>
#include <vector>

namespace vdc::ops {

class OpsEngine;

// The engine's statistics: the samples the hosts' heartbeats carry, kept for
// a bounded time (the retention, 900 s by default) per host, and a
// ZoneSample per zone computed each second from its member hosts' latest
// fresh samples (CPU weighted by the hosts' cores, memory as used over
// total). Answers OpsRequest.get_stats_history and, once a second when
// something arrived, emits a StatsUpdate with the new host and zone samples
// (the server publishes it, topic "stats").
//
// Samples are kept and aged by the time they arrived here, so a host whose
// clock is off does not lose or keep more history; since_ms filters on the
// samples' own time. (Named apart from proto::StatsHistory, the reply it
// builds.)
class StatsArchive : public QObject
{
    Q_OBJECT
public:
    static constexpr std::uint32_t kDefaultRetentionS = 900;
    static constexpr std::uint32_t kMaxRetentionS = 7 * 24 * 3600;
    // A host's latest sample counts for its zone this long after it arrived
    // (three heartbeats, as the engine's liveness).
    static constexpr int kFreshnessMs = 3000;
    static constexpr int kPublishIntervalMs = 1000;
    // Monitors sample at most ten times a second: per host at most this many
    // samples per second of retention are kept.
    static constexpr std::uint32_t kMaxSamplesPerSecond = 10;

    // `engine` answers which hosts, zones and partitions exist and which hosts
    // are in a zone; it outlives the archive.
    explicit StatsArchive(const OpsEngine &engine, QObject *parent = nullptr);
    ~StatsArchive() override;

    // Seconds of history kept, 1 to kMaxRetentionS; anything else is refused.
    Result<void> setRetention(std::uint32_t seconds);
    std::uint32_t retention() const { return m_retentionS; }

    // A sample from host `hostName`'s heartbeat (its host field is set to that name).
    void add(const QString &hostName, proto::HostSample sample);

    // The history a request asks for (see GetStatsHistory): hosts → those
    // hosts' samples whole; partitions → every host's samples holding them,
    // trimmed to them (a migrated partition's history goes on); zones →
    // those zones' samples. No filter: everything. An unknown host, zone or
    // partition or a negative since_ms is refused with a sentence.
    Result<proto::StatsHistory> history(const proto::GetStatsHistory &request) const;

    // Computes the zone samples and emits the update now, if anything arrived
    // since the last one (the timer does this every second).
    void publishPending();

    std::size_t samplesKept(const QString &hostName) const;

signals:
    void updateReady(const vdc::proto::StatsUpdate &update);

private:
    struct HostEntry
    {
        std::deque<std::pair<qint64, proto::HostSample>> samples; // (arrived ms, sample), oldest first
    };

    void trim(qint64 nowMs);
    std::vector<proto::ZoneSample> computeZones(qint64 nowMs) const;

    const OpsEngine &m_engine;
    std::uint32_t m_retentionS = kDefaultRetentionS;
    std::map<QString, HostEntry> m_hosts;
    std::map<QString, std::deque<std::pair<qint64, proto::ZoneSample>>> m_zones;
    std::vector<proto::HostSample> m_pending; // arrived since the last update
    QTimer m_publishTimer;
};

} // namespace vdc::ops
