#pragma once

// The plain struct that lives in the command channel's shared-memory object.
// Both processes map the same bytes, so everything here is position
// independent (offsets, never pointers) and only lock-free atomics are used
// (a lock-free atomic is address-free: it works across processes).
//
// Object layout:
//   [ChannelLayout: header + two ring control blocks]
//   [request ring slots: slotCount * slotSize]   agent -> monitor
//   [answer ring slots:  slotCount * slotSize]   monitor -> agent
// Each slot is a FrameHeader followed by at most slotSize - 8 payload bytes.

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace vdc::channel {

static_assert(std::atomic<std::uint64_t>::is_always_lock_free,
              "ring positions must be lock-free to be shared between processes");
static_assert(std::atomic<std::uint32_t>::is_always_lock_free,
              "futex words must be lock-free to be shared between processes");
static_assert(sizeof(std::atomic<std::uint32_t>) == sizeof(std::uint32_t),
              "the kernel reads a futex word as a plain 32-bit integer");

// "VDCCHAN1" read as a little-endian 64-bit integer.
inline constexpr std::uint64_t kChannelMagic = 0x314e414843434456ull;
// "VDCRETRD": written over the magic when the monitor removes or replaces the
// object, so a process still mapping it learns it must open the name again.
inline constexpr std::uint64_t kChannelRetiredMagic = 0x4452544552434456ull;
// Bump on any change of the structs below.
inline constexpr std::uint32_t kChannelLayoutVersion = 1;

inline constexpr std::size_t kCacheLine = 64;

// Ring indices. Each ring has exactly one producer and one consumer.
inline constexpr int kRequestRing = 0; // agent -> monitor
inline constexpr int kAnswerRing = 1;  // monitor -> agent

// Heartbeat indices.
inline constexpr int kMonitorBeat = 0;
inline constexpr int kAgentBeat = 1;

// Limits a reader enforces before trusting the header's geometry.
inline constexpr std::uint32_t kMinSlotSize = 64;
inline constexpr std::uint32_t kMaxSlotSize = 16u * 1024 * 1024;
inline constexpr std::uint32_t kMinSlotCount = 2;
inline constexpr std::uint32_t kMaxSlotCount = 65536;
inline constexpr std::uint64_t kMaxObjectSize = 1ull << 30;

// At the start of every slot. Plain integers: the producer writes them before
// publishing the slot (release on head), the consumer reads them after
// observing head (acquire), so no atomics are needed for well-behaved peers.
struct FrameHeader
{
    std::uint32_t length;   // payload bytes that follow
    std::uint32_t sequence; // low 32 bits of the ring position the frame was written at
};
static_assert(sizeof(FrameHeader) == 8);

// One single-producer/single-consumer ring. Positions only ever grow; the
// slot index is position % slotCount. Every field a different side writes
// sits on its own cache line so the two sides do not invalidate each other.
struct RingControl
{
    // Written by the producer only: number of frames ever published.
    alignas(kCacheLine) std::atomic<std::uint64_t> head{0};
    // Written by the consumer only: number of frames ever taken.
    alignas(kCacheLine) std::atomic<std::uint64_t> tail{0};

    // The consumer sleeps on dataSeq (a futex word) after raising
    // consumerSleeping; a producer that sees the flag bumps dataSeq and wakes.
    alignas(kCacheLine) std::atomic<std::uint32_t> dataSeq{0};
    std::atomic<std::uint32_t> consumerSleeping{0};

    // Same for a producer waiting for a free slot in a full ring.
    alignas(kCacheLine) std::atomic<std::uint32_t> spaceSeq{0};
    std::atomic<std::uint32_t> producerSleeping{0};
};

struct ChannelHeader
{
    // Stored last (release) when the object is initialised; a reader that
    // sees kChannelMagic (acquire) sees every other field initialised.
    std::atomic<std::uint64_t> magic{0};
    std::uint32_t layoutVersion = 0;
    std::uint32_t slotSize = 0;
    std::uint32_t slotCount = 0;
    std::uint32_t reserved = 0;
    std::uint64_t objectSize = 0;      // whole object, as ftruncate'd
    std::uint64_t slotsOffset[2] = {}; // from the object start, per ring

    // Bumped by every CommandChannel::create() (monitor start).
    alignas(kCacheLine) std::atomic<std::uint64_t> generation{0};
    // Each side bumps its own counter; on separate lines (different writers).
    alignas(kCacheLine) std::atomic<std::uint64_t> monitorHeartbeat{0};
    alignas(kCacheLine) std::atomic<std::uint64_t> agentHeartbeat{0};
};

struct ChannelLayout
{
    ChannelHeader header;
    RingControl rings[2];
};

// The geometry derived from slot size and count; the writer stores it in the
// header and every reader recomputes and compares it instead of trusting it.
inline constexpr std::uint64_t channelSlotsOffset(std::uint32_t slotSize, std::uint32_t slotCount, int ring)
{
    const std::uint64_t first = (sizeof(ChannelLayout) + kCacheLine - 1) / kCacheLine * kCacheLine;
    return first + std::uint64_t(ring) * slotCount * slotSize;
}

inline constexpr std::uint64_t channelObjectSize(std::uint32_t slotSize, std::uint32_t slotCount)
{
    return channelSlotsOffset(slotSize, slotCount, 2);
}

// True when slot size and count are ones this build accepts (bounded, slot
// size a multiple of 8 so frame headers stay aligned, count a power of two).
inline constexpr bool channelGeometryValid(std::uint32_t slotSize, std::uint32_t slotCount)
{
    return slotSize >= kMinSlotSize && slotSize <= kMaxSlotSize && slotSize % 8 == 0
        && slotCount >= kMinSlotCount && slotCount <= kMaxSlotCount && (slotCount & (slotCount - 1)) == 0
        && channelObjectSize(slotSize, slotCount) <= kMaxObjectSize;
}

} // namespace vdc::channel
