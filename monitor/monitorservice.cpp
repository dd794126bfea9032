#include "monitorservice.h"

#include "monitorlogging.h"
#include "transactionprocessor.h"

#include "channel/commandchannel.h"
#include "core/version.h"
#include "net/envelope.h"

namespace vdc::monitor {

namespace {

// Short: an agent that is not reading must not stall the monitor; it asks
// for a fresh snapshot when it comes back.
constexpr int kSendTimeoutMs = 100;
// How long one receive() waits before looking at the stop flag again; stop()
// interrupts it sooner.
constexpr int kReceiveWaitMs = 1000;
// How often libvirt is asked which guests still run (a guest that powered
// itself off gives its resources back).
constexpr std::chrono::seconds kReconcileInterval{2};

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
    m_channel.beat();
    // A migration's thread has news: wake the service thread to send it.
    m_processor.setWakeup([this] { m_channel.interrupt(); });
    // The heartbeat has a thread of its own: a libvirt call that takes seconds
    // (starting a guest, destroying a hung one) must not look like a dead monitor.
    m_beatThread = std::thread([this] { beatLoop(); });
    m_thread = std::thread([this] { run(); });
}

void MonitorService::stop()
{
    if (!m_thread.joinable() && !m_beatThread.joinable())
        return;
    {
        std::lock_guard lock(m_beatMutex);
        m_stopping = true;
    }
    m_beatWake.notify_all();
    m_channel.interrupt();
    if (m_thread.joinable())
        m_thread.join();
    if (m_beatThread.joinable())
        m_beatThread.join();
    m_processor.setWakeup({});
}

void MonitorService::beatLoop()
{
    std::unique_lock lock(m_beatMutex);
    while (!m_stopping) {
        m_channel.beat();
        m_beatWake.wait_for(lock, kHeartbeatInterval, [this] { return m_stopping.load(); });
    }
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

void MonitorService::flushEvents()
{
    for (const proto::ChannelMessage &event : m_processor.collectEvents())
        send(event);
}

void MonitorService::post(proto::ChannelMessage message)
{
    {
        std::lock_guard lock(m_outboxMutex);
        while (m_outbox.size() >= kOutboxLimit)
            m_outbox.pop_front();
        m_outbox.push_back(std::move(message));
    }
    m_channel.interrupt();
}

void MonitorService::flushOutbox()
{
    std::deque<proto::ChannelMessage> outbox;
    {
        std::lock_guard lock(m_outboxMutex);
        outbox.swap(m_outbox);
    }
    for (const proto::ChannelMessage &message : outbox)
        send(message);
}

void MonitorService::run()
{
    using Clock = std::chrono::steady_clock;
    send(m_processor.snapshotMessage(0));
    auto lastReconcile = Clock::now();

    while (!m_stopping) {
        auto received = m_channel.receive(kReceiveWaitMs);
        if (m_stopping)
            break;
        if (Clock::now() - lastReconcile >= kReconcileInterval) {
            lastReconcile = Clock::now();
            if (m_processor.reconcile())
                send(m_processor.snapshotMessage(0));
        }
        if (!received) {
            if (received.error().code() != proto::ERROR_MALFORMED) {
                // Replaced by another monitor or damaged: nothing more can be served here.
                qCCritical(lcMonitorChannel).noquote() << "The command channel cannot be used any more:"
                                                       << received.error().message();
                if (m_failureHandler)
                    m_failureHandler(received.error());
                return;
            }
            // One slot failed the length check: the sender learns about it.
            qCWarning(lcMonitorChannel).noquote() << received.error().message();
            proto::ChannelMessage error;
            error.set_protocol_version(kProtocolVersion);
            error.set_request_id(0);
            *error.mutable_error() = received.error().toProto();
            send(error);
            continue;
        }
        if (!received->has_value()) {
            flushEvents(); // a time-out, or a migration's thread or the sampler woke us
            flushOutbox();
            continue;
        }
        for (const proto::ChannelMessage &answer : m_processor.processFrame(**received))
            send(answer);
        flushEvents();
        flushOutbox();
    }
    qCInfo(lcMonitorChannel) << "Service thread finished.";
}

} // namespace vdc::monitor
