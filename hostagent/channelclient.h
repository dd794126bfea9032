#pragma once

#include "core/result.h"

#include "vdc.pb.h"

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QTimer>

#include <atomic>
#include <cstdint>
#include <memory>
#include <thread>

namespace vdc::channel {
class CommandChannel;
}

namespace vdc::agent {

// The agent's end of the command memory channel to its monitor.
//
// Opens the channel by name, retrying every 500 ms while the monitor has not
// created it yet. A reader thread blocks in CommandChannel::receive() and
// hands each decoded ChannelMessage to the thread this object lives in (a
// queued call); frames that do not decode are logged and dropped. Sends
// happen only from this object's thread, so the agent -> monitor ring has a
// single producer.
//
// Liveness: both sides bump a heartbeat counter in the shared memory; this
// side beats every 250 ms and considers the monitor attached while its
// counter moves (or frames arrive), detached after 3 s of silence. attached()
// is emitted on the first attach, on every re-attach and whenever the
// monitor's generation changes (it restarted): the receiver then asks for a
// snapshot and resends what is pending. While detached the channel is
// reopened by name every 500 ms, because a monitor that shut down cleanly
// removed the name and its successor creates a new object.
class ChannelClient : public QObject
{
    Q_OBJECT
public:
    static constexpr int kRetryIntervalMs = 500;
    static constexpr int kBeatIntervalMs = 250;
    static constexpr int kPeerTimeoutMs = 3000;

    explicit ChannelClient(QString name, QObject *parent = nullptr);
    ~ChannelClient() override;

    // Starts opening the channel (and keeps retrying until it is there).
    void start();

    // Sends one message to the monitor, filling in the protocol version.
    // Fails with ERROR_UNAVAILABLE when the channel is not open or its ring
    // stays full.
    Result<void> send(proto::ChannelMessage message);

    bool isOpen() const { return m_channel != nullptr && !m_lost; }
    bool isAttached() const { return m_attached; }
    // The monitor's generation as of the last attach (0 before).
    std::uint64_t generation() const { return m_generation; }
    const QString &name() const { return m_name; }

signals:
    void attached(quint64 generation);
    void detached();
    void messageReceived(const vdc::proto::ChannelMessage &message);

private:
    void tryOpen();
    void tick();
    void markAlive();
    void deliver(const proto::ChannelMessage &message);
    void startReader();
    void stopReader();
    void readLoop(channel::CommandChannel *channel);
    void onChannelLost(const channel::CommandChannel *lost, const Error &error);

    QString m_name;
    std::unique_ptr<channel::CommandChannel> m_channel;
    std::thread m_reader;
    std::atomic<bool> m_stopReader{false};

    QTimer m_openTimer;  // retries opening / reopening
    QTimer m_beatTimer;  // our heartbeat and the peer check
    QElapsedTimer m_sincePeerAlive;
    std::uint64_t m_lastPeerBeat = 0;
    std::uint64_t m_generation = 0;
    bool m_attached = false;
    bool m_lost = false; // the mapping was retired; waiting for a new object
    bool m_reportedUnavailable = false;
    QString m_lastOpenError;
};

} // namespace vdc::agent
