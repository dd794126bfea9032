#pragma once

#include "vdc.pb.h"

#include <QObject>
#include <QString>

#include <cstddef>
#include <deque>
#include <vector>

namespace vdc::agent {

class ChannelClient;

// The monitor's statistics samples (ChannelMessage.stats_sample, one a
// second) between two heartbeats: the heartbeat takes them all. At most
// `limit` are kept; when heartbeats cannot go out (the monitor is detached,
// the inventory fails) the oldest are dropped, so a late engine gets the
// recent past and the agent's memory stays bounded.
class StatsBuffer : public QObject
{
    Q_OBJECT
public:
    static constexpr std::size_t kDefaultLimit = 30;

    // Samples carry `hostName` (the host's name as the agent reports it).
    StatsBuffer(QString hostName, ChannelClient &channel, std::size_t limit = kDefaultLimit, QObject *parent = nullptr);

    void add(proto::HostSample sample);
    // Everything kept, oldest first; the buffer is empty afterwards.
    std::vector<proto::HostSample> take();
    std::size_t size() const { return m_samples.size(); }
    std::size_t dropped() const { return m_dropped; }

private:
    QString m_hostName;
    std::size_t m_limit;
    std::deque<proto::HostSample> m_samples;
    std::size_t m_dropped = 0;
};

} // namespace vdc::agent
