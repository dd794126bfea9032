#include "monitorservice.h"

#include "monitorlogging.h"
#include "transactionprocessor.h"

#include "channel/commandchannel.h"
#include "net/envelope.h"

namespace vdc::monitor {

namespace {

// Short: an agent that is not reading must not stall the monitor; it asks
// for a fresh snapshot when it comes back.
constexpr int kSendTimeoutMs = 100;

} // namespace

MonitorService::MonitorService(TransactionProcessor &processor, channel::CommandChannel &channel)
    : m_processor(processor), m_channel(channel)
{
}

MonitorService::~MonitorService()
{
    stop();
}

void MonitorService::start()
{
    if (m_thread.joinable())
        return;
    m_stopping = false;
    m_thread = std::thread([this] { run(); });
}

void MonitorService::stop()
{
    if (!m_thread.joinable())
        return;
    m_stopping = true;
    m_channel.interrupt();
    m_thread.join();
}

void MonitorService::send(const proto::ChannelMessage &message)
{
    auto sent = m_channel.send(net::encode(message), kSendTimeoutMs);
    if (!sent) {
        if (!m_sendFailing)
            qCWarning(lcMonitorChannel).noquote() << "Cannot send to the agent:" << sent.error().message();
        m_sendFailing = true;
        return;
    }
    if (m_sendFailing)
        qCInfo(lcMonitorChannel) << "Sending to the agent works again.";
    m_sendFailing = false;
}

void MonitorService::run()
{
    using Clock = std::chrono::steady_clock;
    m_channel.beat();
    auto lastBeat = Clock::now();
    send(m_processor.snapshotMessage(0));

    while (!m_stopping) {
        auto received = m_channel.receive(int(kHeartbeatInterval.count()));
        if (Clock::now() - lastBeat >= kHeartbeatInterval) {
            m_channel.beat();
            lastBeat = Clock::now();
        }
        if (m_stopping)
            break;
        if (!received) {
            // A slot that failed the length check: the sender learns about it.
            qCWarning(lcMonitorChannel).noquote() << received.error().message();
            proto::ChannelMessage error;
            error.set_protocol_version(kProtocolVersion);
            error.set_request_id(0);
            *error.mutable_error() = received.error().toProto();
            send(error);
            continue;
        }
        if (!received->has_value())
            continue; // time-out or interrupt
        for (const proto::ChannelMessage &answer : m_processor.processFrame(**received))
            send(answer);
    }
    qCInfo(lcMonitorChannel) << "Service thread finished.";
}

} // namespace vdc::monitor
