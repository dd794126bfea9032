#pragma once

#include <QString>

#include <atomic>
#include <chrono>
#include <thread>

namespace vdc::channel {
class CommandChannel;
}
namespace vdc::proto {
class ChannelMessage;
}

namespace vdc::monitor {

class TransactionProcessor;

// Serves the command channel on a thread of its own: sends a resource
// snapshot at start, then receives frames, hands them to the processor and
// sends the answers; beats the monitor's heartbeat while it waits.
// The processor and the channel are only touched by that thread once start()
// returns, until stop() returns.
class MonitorService
{
public:
    static constexpr std::chrono::milliseconds kHeartbeatInterval{250};

    MonitorService(TransactionProcessor &processor, channel::CommandChannel &channel);
    ~MonitorService();
    MonitorService(const MonitorService &) = delete;
    MonitorService &operator=(const MonitorService &) = delete;

    void start();
    // Asks the service thread to finish, wakes it and waits for it.
    void stop();
    bool isRunning() const { return m_thread.joinable(); }

private:
    void run();
    void send(const proto::ChannelMessage &message);

    TransactionProcessor &m_processor;
    channel::CommandChannel &m_channel;
    std::thread m_thread;
    std::atomic<bool> m_stopping{false};
    bool m_sendFailing = false; // to log a full ring once, not once per frame
};

} // namespace vdc::monitor
