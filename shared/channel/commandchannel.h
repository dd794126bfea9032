#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QString>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>

namespace vdc::channel {

struct ChannelLayout; // the plain struct that lives in shared memory
struct RingControl;

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
    // for space (negative: no limit). Fails with ERROR_INVALID_ARGUMENT when
    // the frame is larger than maxFrameSize(), ERROR_UNAVAILABLE when the ring
    // stays full or the object was retired (see stale()), ERROR_INTERNAL when
    // the ring positions in shared memory are damaged.
    Result<void> send(const QByteArray &frame, int timeoutMs = 1000);

    // Takes one frame from this side's incoming ring, waiting at most
    // timeoutMs (negative: no limit; spinning briefly while traffic flows,
    // then sleeping on a futex). nullopt on time-out or interrupt(). A slot
    // whose length field is out of range is skipped and reported as
    // ERROR_MALFORMED (call again for the next frame). ERROR_UNAVAILABLE when
    // the object was retired (see stale()), ERROR_INTERNAL when the ring
    // positions in shared memory are damaged (the channel is unusable).
    Result<std::optional<QByteArray>> receive(int timeoutMs);

    // Wakes a receive() blocked in this process (for shutdown): it returns
    // nullopt. If no receive() is waiting, the next one returns nullopt at
    // once, so an interrupt is never lost.
    void interrupt();

    // True once the monitor removed the name (unlink()) or replaced the
    // object (create() with other options): this mapping is dead, open the
    // name again.
    bool stale() const;

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
    CommandChannel(Side side, QString name, void *base, std::size_t size, std::uint32_t slotSize,
                   std::uint32_t slotCount);

    enum class WaitOutcome { Ready, TimedOut, Interrupted, Stale };
    enum class WaitFor { Data, Space };
    WaitOutcome wait(WaitFor what, int timeoutMs);
    bool ready(WaitFor what);
    std::byte *slot(int ring, std::uint64_t position) const;
    Error staleError() const;
    Error damagedError(int ring, std::uint64_t head, std::uint64_t tail) const;
    QString peerName() const;

    Side m_side;
    QString m_name;
    void *m_base = nullptr;
    std::size_t m_size = 0;
    ChannelLayout *m_layout = nullptr;

    // Geometry validated when the object was mapped; never re-read from the
    // header, so a damaged header cannot steer an access out of bounds.
    std::uint32_t m_slotSize = 0;
    std::uint32_t m_slotCount = 0;
    int m_outRing = 0; // index of the ring this side produces into
    int m_inRing = 0;  // index of the ring this side consumes from
    RingControl *m_out = nullptr;
    RingControl *m_in = nullptr;

    // The peer's position as last read. Positions only grow, so a stale copy
    // errs on the safe side (less room, fewer frames) and the peer's cache
    // line is only fetched when the copy says "full" or "empty".
    std::uint64_t m_outTail = 0; // consumer position of the outgoing ring
    std::uint64_t m_inHead = 0;  // producer position of the incoming ring

    // Spin iterations before sleeping, per direction. They grow while spinning
    // pays off (frames keep arriving within the spin) and shrink when it does
    // not (the peer is slow, idle, or the CPUs are oversubscribed and the
    // spinner only steals time from the peer it waits for).
    int m_receiveSpin = 0;
    int m_sendSpin = 0;
    std::atomic<bool> m_interruptPending{false};
};

} // namespace vdc::channel
