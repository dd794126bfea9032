#pragma once

// Helpers shared by the channel tests and their peer process: direct access to
// a channel's shared-memory object (as a damaged or foreign writer would have)
// and the deterministic frames of the streaming test.

#include "channel/channellayout.h"
#include "channel/futex.h"

#include <QByteArray>
#include <QFile>
#include <QString>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <thread>

namespace vdc::channel::testing {

// Maps an existing shared-memory object read-write, bypassing CommandChannel.
class RawObject
{
public:
    explicit RawObject(const QString &name)
    {
        const QByteArray path = QFile::encodeName(name);
        const int fd = ::shm_open(path.constData(), O_RDWR, 0);
        if (fd < 0)
            return;
        struct stat st = {};
        if (::fstat(fd, &st) == 0 && st.st_size > 0) {
            void *base = ::mmap(nullptr, std::size_t(st.st_size), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
            if (base != MAP_FAILED) {
                m_base = base;
                m_size = std::size_t(st.st_size);
            }
        }
        ::close(fd);
    }
    ~RawObject()
    {
        if (m_base)
            ::munmap(m_base, m_size);
    }
    RawObject(const RawObject &) = delete;
    RawObject &operator=(const RawObject &) = delete;

    bool isValid() const { return m_base != nullptr; }
    std::size_t size() const { return m_size; }
    std::byte *bytes() const { return static_cast<std::byte *>(m_base); }
    ChannelLayout &layout() const { return *static_cast<ChannelLayout *>(m_base); }

private:
    void *m_base = nullptr;
    std::size_t m_size = 0;
};

// Creates (or overwrites) a shared-memory object holding exactly `content`.
inline bool writeObject(const QString &name, const QByteArray &content)
{
    const QByteArray path = QFile::encodeName(name);
    const int fd = ::shm_open(path.constData(), O_RDWR | O_CREAT | O_TRUNC, 0600);
    if (fd < 0)
        return false;
    bool ok = ::ftruncate(fd, off_t(content.size())) == 0;
    if (ok && !content.isEmpty()) {
        void *base = ::mmap(nullptr, std::size_t(content.size()), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        ok = base != MAP_FAILED;
        if (ok) {
            std::memcpy(base, content.constData(), std::size_t(content.size()));
            ::munmap(base, std::size_t(content.size()));
        }
    }
    ::close(fd);
    return ok;
}

enum class Damage {
    LengthTooLarge, // length field beyond the slot's payload
    WrongSequence,  // a slot that was not written at this position
};

// Publishes one damaged slot at the producer position of `ring`, exactly as a
// misbehaving producer would, once the ring has room (false if it stays full
// for 30 s). Only call it from the thread that produces into that ring (the
// rings are single-producer).
inline bool publishDamagedSlot(const RawObject &object, int ring, Damage damage)
{
    ChannelLayout &layout = object.layout();
    const std::uint32_t slotSize = layout.header.slotSize;
    const std::uint32_t slotCount = layout.header.slotCount;
    RingControl &control = layout.rings[ring];
    const std::uint64_t head = control.head.load(std::memory_order_relaxed);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (head - control.tail.load(std::memory_order_acquire) >= slotCount) {
        if (std::chrono::steady_clock::now() > deadline)
            return false;
        std::this_thread::yield();
    }
    std::byte *slot = object.bytes() + channelSlotsOffset(slotSize, slotCount, ring)
        + (head & (slotCount - 1)) * std::uint64_t(slotSize);
    FrameHeader header{};
    header.length = damage == Damage::LengthTooLarge ? 0xfffffff0u : 4;
    header.sequence = damage == Damage::WrongSequence ? std::uint32_t(head) + 12345u : std::uint32_t(head);
    std::memcpy(slot, &header, sizeof header);
    std::memcpy(slot + sizeof header, "junk", 4);
    control.head.store(head + 1, std::memory_order_seq_cst);
    control.dataSeq.fetch_add(1, std::memory_order_seq_cst);
    futexWakeAll(control.dataSeq);
    return true;
}

// Frame `sequence` of the streaming test: the sequence number (8 bytes,
// little-endian) followed by 0..250 bytes derived from it, so lengths vary
// and any mix-up of frames shows in the content.
inline QByteArray streamFrame(std::uint64_t sequence)
{
    const int extra = int((sequence * 7) % 251);
    QByteArray frame(8 + extra, Qt::Uninitialized);
    for (int i = 0; i < 8; ++i)
        frame[i] = char((sequence >> (8 * i)) & 0xff);
    for (int i = 0; i < extra; ++i)
        frame[8 + i] = char((sequence + std::uint64_t(i) * 31) & 0xff);
    return frame;
}

inline std::uint64_t streamSequence(const QByteArray &frame)
{
    std::uint64_t sequence = 0;
    for (int i = 0; i < 8 && i < frame.size(); ++i)
        sequence |= std::uint64_t(std::uint8_t(frame[i])) << (8 * i);
    return sequence;
}

// FNV-1a over the frames, in order: both ends compute it independently.
inline std::uint64_t checksum(std::uint64_t hash, const QByteArray &frame)
{
    for (char c : frame) {
        hash ^= std::uint8_t(c);
        hash *= 0x100000001b3ull;
    }
    return hash;
}
inline constexpr std::uint64_t kChecksumSeed = 0xcbf29ce484222325ull;

} // namespace vdc::channel::testing
