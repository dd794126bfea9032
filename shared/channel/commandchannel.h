#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <memory>
#include <optional>

namespace vdc::channel {

struct ChannelLayout; // the plain struct that lives in shared memory

enum class Side {
    Monitor, // creates the object, bumps the generation; sends answers/events
    Agent,   // opens the object; sends requests
};

struct ChannelOptions
{
    std::uint32_t slotSize = 64 * 1024; // bytes per slot, frame header included
    std::uint32_t slotCount = 64;       // per ring, a power of two
};

// The command memory channel between vdc-agent and vdc-monitor on one host:
// one POSIX shared-memory object (mode 0600) holding a header (magic, layout
// version, slot size/count, monitor generation, heartbeats) and two
// single-producer/single-consumer rings (agent -> monitor, monitor -> agent).
// Frames are opaque bytes here (ChannelMessage protobufs one level up);
// every frame is length-checked on receive.
//
// One thread may send and one thread may receive on a CommandChannel at a
// time (single producer, single consumer per ring).
class CommandChannel
{
public:
    ~CommandChannel();
    CommandChannel(const CommandChannel &) = delete;
    CommandChannel &operator=(const CommandChannel &) = delete;

    // Monitor side. Opens the object `name` ("/vdc-host1") if it exists with a
    // layout this build knows (keeping queued frames, so an agent's pending
    // requests survive a monitor restart), otherwise creates it fresh; then
    // bumps the generation.
    static Result<std::unique_ptr<CommandChannel>> create(const QString &name, ChannelOptions options = {});

    // Agent side. Fails with ERROR_UNAVAILABLE when there is no such object
    // yet, ERROR_UNSUPPORTED_VERSION when magic or layout version is unknown.
    static Result<std::unique_ptr<CommandChannel>> open(const QString &name);

    // Removes the name (the monitor does this on clean shutdown).
    static void unlink(const QString &name);

    // Puts one frame into this side's outgoing ring. Waits at most timeoutMs
    // for space. Fails with ERROR_INVALID_ARGUMENT when the frame is larger
    // than maxFrameSize(), ERROR_UNAVAILABLE when the ring stays full.
    Result<void> send(const QByteArray &frame, int timeoutMs = 1000);

    // Takes one frame from this side's incoming ring, waiting at most
    // timeoutMs (spinning briefly while traffic flows, then sleeping on a
    // futex). nullopt on time-out. A slot whose length field is out of range
    // is skipped and reported as ERROR_MALFORMED.
    Result<std::optional<QByteArray>> receive(int timeoutMs);

    // Wakes a receive() blocked in this process (for shutdown).
    void interrupt();

    std::uint32_t maxFrameSize() const;
    Side side() const { return m_side; }
    QString name() const { return m_name; }

    // The monitor's generation: bumped on every monitor start. An agent that
    // sees it change re-requests the resource snapshot and resends pending
    // transactions (which are idempotent by txid).
    std::uint64_t generation() const;

    // Heartbeats: each side bumps its own counter (call beat() periodically);
    // peerHeartbeat() reads the other side's.
    void beat();
    std::uint64_t peerHeartbeat() const;

private:
    CommandChannel(Side side, QString name, void *base, std::size_t size);

    Side m_side;
    QString m_name;
    void *m_base = nullptr;
    std::size_t m_size = 0;
    ChannelLayout *m_layout = nullptr;
};

} // namespace vdc::channel
