#pragma once

#include "core/error.h"

#include "vdc.pb.h"

#include <QString>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace vdc::channel {
class CommandChannel;
}
namespace vdc::monitor {

class TransactionProcessor;

// Serves the command channel: a service thread sends a resource snapshot at
// start, then receives frames, hands them to the processor and sends the
// answers, and sends what running migrations report (their threads wake it
// through CommandChannel::interrupt()); a heartbeat thread beats the
// monitor's heartbeat.
// The processor and the channel's rings are only touched by the service
// thread between start() and stop().
class MonitorService
{
public:
    static constexpr std::chrono::milliseconds kHeartbeatInterval{250};

    MonitorService(TransactionProcessor &processor, channel::CommandChannel &channel);
    ~MonitorService();
    MonitorService(const MonitorService &) = delete;
    MonitorService &operator=(const MonitorService &) = delete;

    // Called on the service thread, once, when the channel cannot be used any
    // more (another monitor replaced it, or its rings are damaged); the
    // service thread has stopped serving by then.
    void setFailureHandler(std::function<void(const Error &)> handler) { m_failureHandler = std::move(handler); }

    void start();
    // Asks both threads to finish, wakes them and waits for them.
    void stop();
    bool isRunning() const { return m_thread.joinable(); }

    // Hands a message for the agent over from another thread (the statistics
    // sampler); the service thread sends it between transactions. At most
    // kOutboxLimit wait: when the agent or the service thread falls behind,
    // the oldest are dropped.
    static constexpr std::size_t kOutboxLimit = 16;
    void post(proto::ChannelMessage message);

private:
    void run();
    void beatLoop();
    void send(const proto::ChannelMessage &message);
    void flushEvents();
    void flushOutbox();

    TransactionProcessor &m_processor;
    channel::CommandChannel &m_channel;
    std::function<void(const Error &)> m_failureHandler;
    std::thread m_thread;
    std::thread m_beatThread;
    std::atomic<bool> m_stopping{false};
    std::mutex m_beatMutex;
    std::condition_variable m_beatWake;
    std::mutex m_outboxMutex;
    std::deque<proto::ChannelMessage> m_outbox;
    bool m_sendFailing = false; // to log a full ring once, not once per frame
};

} // namespace vdc::monitor
