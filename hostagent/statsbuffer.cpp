#include "statsbuffer.h"

#include "channelclient.h"
#include "logging.h"

namespace vdc::agent {

StatsBuffer::StatsBuffer(QString hostName, ChannelClient &channel, std::size_t limit, QObject *parent)
    : QObject(parent)
    , m_hostName(std::move(hostName))
    , m_limit(limit > 0 ? limit : 1)
{
    connect(&channel, &ChannelClient::messageReceived, this, [this](const proto::ChannelMessage &message) {
        if (message.body_case() == proto::ChannelMessage::kStatsSample)
            add(message.stats_sample());
    });
}

void StatsBuffer::add(proto::HostSample sample)
{
    sample.set_host(m_hostName.toStdString());
    while (m_samples.size() >= m_limit) {
        m_samples.pop_front();
        if (m_dropped++ == 0)
            qCInfo(lcAgentApi) << "statistics samples are piling up (no heartbeat goes out); the oldest are dropped";
    }
    m_samples.push_back(std::move(sample));
}

std::vector<proto::HostSample> StatsBuffer::take()
{
    std::vector<proto::HostSample> samples(std::make_move_iterator(m_samples.begin()),
                                           std::make_move_iterator(m_samples.end()));
    m_samples.clear();
    return samples;
}

} // namespace vdc::agent
