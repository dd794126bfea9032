#include "channelclient.h"

#include "logging.h"

#include "channel/commandchannel.h"
#include "core/version.h"
#include "net/envelope.h"


namespace vdc::agent {

namespace {
// How long one receive() sleeps before looking at the stop flag again; an
// interrupt() wakes it sooner.
constexpr int kReceiveWaitMs = 1000;
// How long a send may wait for space in a full ring, on the event loop thread.
constexpr int kSendWaitMs = 200;
} // namespace

ChannelClient::ChannelClient(QString name, QObject *parent)
    : QObject(parent)
    , m_name(std::move(name))
{
    m_openTimer.setInterval(kRetryIntervalMs);
    connect(&m_openTimer, &QTimer::timeout, this, &ChannelClient::tryOpen);
    m_beatTimer.setInterval(kBeatIntervalMs);
    connect(&m_beatTimer, &QTimer::timeout, this, &ChannelClient::tick);
}

ChannelClient::~ChannelClient()
{
    stopReader();
}

void ChannelClient::start()
{
    tryOpen();
    if (!m_channel)
        m_openTimer.start();
}

void ChannelClient::tryOpen()
{
    auto opened = channel::CommandChannel::open(m_name);
    if (!opened) {
        const Error &e = opened.error();
        if (e.code() == proto::ERROR_UNAVAILABLE) {
            if (!m_reportedUnavailable && !m_channel)
                qCWarning(lcAgentChannel).noquote()
                    << QStringLiteral("Waiting for the monitor: %1 Retrying every %2 ms.")
                           .arg(e.message()).arg(kRetryIntervalMs);
            m_reportedUnavailable = true;
        } else if (e.message() != m_lastOpenError) {
            qCWarning(lcAgentChannel).noquote()
                << QStringLiteral("Cannot open the command channel %1: %2 Retrying every %3 ms.")
                       .arg(m_name, e.message()).arg(kRetryIntervalMs);
        }
        m_lastOpenError = e.message();
        if (!m_openTimer.isActive())
            m_openTimer.start();
        return;
    }

    const bool reopening = m_channel != nullptr;
    stopReader();
    m_channel = std::move(opened.value());
    m_lost = false;
    m_reportedUnavailable = false;
    m_lastOpenError.clear();
    // Attach on the next movement of the monitor's counter, not on a value
    // a dead monitor may have left behind.
    m_lastPeerBeat = m_channel->peerHeartbeat();
    if (reopening)
        qCInfo(lcAgentChannel) << "reopened command channel" << m_name;
    else
        qCInfo(lcAgentChannel) << "opened command channel" << m_name << "generation" << m_channel->generation();
    startReader();
    m_channel->beat();
    m_beatTimer.start();
    if (m_attached)
        m_openTimer.stop();
    else if (!m_openTimer.isActive())
        m_openTimer.start(); // keep looking for a newer object until the monitor shows life
}

void ChannelClient::tick()
{
    if (!m_channel || m_lost)
        return;
    m_channel->beat();
    const std::uint64_t peer = m_channel->peerHeartbeat();
    if (peer != m_lastPeerBeat) {
        m_lastPeerBeat = peer;
        markAlive();
    }
    if (!m_attached)
        return;
    const std::uint64_t generation = m_channel->generation();
    if (generation != m_generation) {
        qCWarning(lcAgentChannel) << "the monitor restarted: generation" << m_generation << "->" << generation
                                  << "; resynchronising";
        m_generation = generation;
        emit attached(generation);
        return;
    }
    if (m_sincePeerAlive.elapsed() > kPeerTimeoutMs) {
        m_attached = false;
        qCWarning(lcAgentChannel).noquote()
            << QStringLiteral("The monitor on channel %1 has not shown life for %2 ms; considering it detached.")
                   .arg(m_name).arg(kPeerTimeoutMs);
        emit detached();
        m_openTimer.start();
    }
}

void ChannelClient::markAlive()
{
    if (!m_channel || m_lost)
        return; // frames still queued from a retired mapping prove nothing
    m_sincePeerAlive.restart();
    if (m_attached)
        return;
    m_attached = true;
    m_openTimer.stop();
    m_generation = m_channel->generation();
    qCInfo(lcAgentChannel) << "monitor attached on" << m_name << "generation" << m_generation;
    emit attached(m_generation);
}

void ChannelClient::deliver(const proto::ChannelMessage &message)
{
    markAlive();
    emit messageReceived(message);
}

Result<void> ChannelClient::send(proto::ChannelMessage message)
{
    if (!m_channel || m_lost)
        return Error(proto::ERROR_UNAVAILABLE,
                     QStringLiteral("The command channel %1 is not open; the monitor is not running.").arg(m_name));
    message.set_protocol_version(kProtocolVersion);
    return m_channel->send(net::encode(message), kSendWaitMs);
}

void ChannelClient::startReader()
{
    m_stopReader = false;
    m_reader = std::thread([this, channel = m_channel.get()] { readLoop(channel); });
}

void ChannelClient::stopReader()
{
    if (!m_reader.joinable())
        return;
    m_stopReader = true;
    m_channel->interrupt();
    m_reader.join();
}

void ChannelClient::readLoop(channel::CommandChannel *channel)
{
    while (!m_stopReader) {
        auto received = channel->receive(kReceiveWaitMs);
        if (!received) {
            if (received.error().code() == proto::ERROR_MALFORMED) { // one bad slot; the next frame is fine
                qCWarning(lcAgentChannel).noquote() << "dropped a frame from the monitor:" << received.error().message();
                continue;
            }
            // The mapping is dead (the monitor retired the object) or its
            // rings are damaged: stop reading it and look for a new one.
            QMetaObject::invokeMethod(
                this, [this, channel, error = received.error()] { onChannelLost(channel, error); },
                Qt::QueuedConnection);
            return;
        }
        if (!received->has_value())
            continue;
        auto message = net::decode<proto::ChannelMessage>(**received, "channel message");
        if (!message) {
            qCWarning(lcAgentChannel).noquote() << "dropped a frame from the monitor:" << message.error().message();
            continue;
        }
        // Hand over to the event loop thread; sends and state live there.
        QMetaObject::invokeMethod(
            this, [this, m = std::move(message.value())] { deliver(m); }, Qt::QueuedConnection);
    }
}

void ChannelClient::onChannelLost(const channel::CommandChannel *lost, const Error &error)
{
    if (lost != m_channel.get())
        return; // already replaced
    // A monitor that is shutting down may still beat the retired object:
    // only a newly opened one counts from now on.
    m_lost = true;
    qCWarning(lcAgentChannel).noquote()
        << QStringLiteral("The command channel %1 cannot be read any more (%2); opening it again.")
               .arg(m_name, error.message());
    if (m_attached) {
        m_attached = false;
        emit detached();
    }
    if (!m_openTimer.isActive())
        m_openTimer.start();
}

} // namespace vdc::agent
