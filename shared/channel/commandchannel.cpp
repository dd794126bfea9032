#include "commandchannel.h"

#include "channellayout.h"
#include "futex.h"

#include <QFile>
#include <QLoggingCategory>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <new>
#include <utility>

namespace vdc::channel {

Q_LOGGING_CATEGORY(lcChannel, "vdc.channel", QtWarningMsg)

namespace {

using Clock = std::chrono::steady_clock;

// Spin budget of a waiting side. 50,000 pause instructions are one to a few
// milliseconds: long enough to ride through the gap between a request and
// its answer without a system call, short enough that an idle side goes to
// sleep quickly.
constexpr int kMaxSpin = 50'000;
// The floor the budget shrinks to when spinning does not pay off (and the
// value after a wait timed out: nothing is flowing).
constexpr int kMinSpin = 256;
// A frame that arrives within this time after a wait began, but only after
// the spin gave up, says a longer spin would have caught it: the budget
// grows. Later arrivals (a slow peer, or oversubscribed CPUs where our
// spinning only delayed the peer) make it shrink. This bounds the CPU time
// wasted per wait on a busy machine while a fast peer still gets a spinner.
constexpr std::chrono::microseconds kWorthSpinning(50);

static_assert(std::atomic_ref<std::uint32_t>::required_alignment <= alignof(FrameHeader));

QString errnoText(int error) { return qt_error_string(error); }

// POSIX wants "/name" with no further slash; NAME_MAX bounds it.
Result<QByteArray> objectName(const QString &name)
{
    const QByteArray encoded = QFile::encodeName(name);
    if (encoded.size() < 2 || encoded.front() != '/' || encoded.indexOf('/', 1) >= 0 || encoded.size() > 255) {
        return makeError(proto::ERROR_INVALID_ARGUMENT,
                         QStringLiteral("The channel name \"%1\" is not valid: use a slash followed by up to 254 "
                                        "characters without further slashes, such as \"/vdc-host1\".")
                             .arg(name));
    }
    return encoded;
}

// Closes a descriptor on every return path.
class FdCloser
{
public:
    explicit FdCloser(int fd) : m_fd(fd) {}
    ~FdCloser() { ::close(m_fd); }
    FdCloser(const FdCloser &) = delete;
    FdCloser &operator=(const FdCloser &) = delete;

private:
    int m_fd;
};

const char *ringName(int ring) { return ring == kRequestRing ? "request" : "answer"; }

bool positionsSane(const RingControl &ring, std::uint32_t slotCount)
{
    const std::uint64_t head = ring.head.load(std::memory_order_acquire);
    const std::uint64_t tail = ring.tail.load(std::memory_order_acquire);
    return tail <= head && head - tail <= slotCount;
}

struct Geometry
{
    std::uint32_t slotSize = 0;
    std::uint32_t slotCount = 0;
};

// Checks a mapped object before anything in it is trusted: magic, layout
// version, geometry within this build's limits, the stored sizes and offsets
// against the ones recomputed here and against the real object size, and
// ring positions that a ring can actually reach.
Result<Geometry> validateLayout(const ChannelLayout &layout, std::uint64_t objectSize, const QString &name)
{
    const ChannelHeader &header = layout.header;
    // acquire: pairs with the creator's release store of the magic, so the
    // fields below are seen fully initialised.
    const std::uint64_t magic = header.magic.load(std::memory_order_acquire);
    if (magic == 0) {
        return makeError(proto::ERROR_UNAVAILABLE,
                         QStringLiteral("The command channel %1 is still being set up by vdc-monitor; try again shortly.")
                             .arg(name));
    }
    if (magic == kChannelRetiredMagic) {
        return makeError(proto::ERROR_UNAVAILABLE,
                         QStringLiteral("The command channel %1 is being replaced by vdc-monitor; try again shortly.")
                             .arg(name));
    }
    if (magic != kChannelMagic) {
        return makeError(proto::ERROR_UNSUPPORTED_VERSION,
                         QStringLiteral("The shared-memory object %1 is not a vdc command channel (magic 0x%2).")
                             .arg(name)
                             .arg(magic, 16, 16, QLatin1Char('0')));
    }
    if (header.layoutVersion != kChannelLayoutVersion) {
        return makeError(proto::ERROR_UNSUPPORTED_VERSION,
                         QStringLiteral("The command channel %1 has layout version %2 but this build knows only "
                                        "version %3; run vdc-monitor and vdc-agent from the same release.")
                             .arg(name)
                             .arg(header.layoutVersion)
                             .arg(kChannelLayoutVersion));
    }
    const Geometry geometry{header.slotSize, header.slotCount};
    if (!channelGeometryValid(geometry.slotSize, geometry.slotCount)) {
        return makeError(proto::ERROR_MALFORMED,
                         QStringLiteral("The command channel %1 is damaged: its header gives %2 slots of %3 bytes, "
                                        "which no vdc channel uses.")
                             .arg(name)
                             .arg(geometry.slotCount)
                             .arg(geometry.slotSize));
    }
    const std::uint64_t expected = channelObjectSize(geometry.slotSize, geometry.slotCount);
    if (header.objectSize != expected || objectSize != expected
        || header.slotsOffset[kRequestRing] != channelSlotsOffset(geometry.slotSize, geometry.slotCount, kRequestRing)
        || header.slotsOffset[kAnswerRing] != channelSlotsOffset(geometry.slotSize, geometry.slotCount, kAnswerRing)) {
        return makeError(proto::ERROR_MALFORMED,
                         QStringLiteral("The command channel %1 is damaged: %2 slots of %3 bytes need %4 bytes, the "
                                        "header records %5 and the object has %6.")
                             .arg(name)
                             .arg(geometry.slotCount)
                             .arg(geometry.slotSize)
                             .arg(expected)
                             .arg(header.objectSize)
                             .arg(objectSize));
    }
    for (int ring : {kRequestRing, kAnswerRing}) {
        if (!positionsSane(layout.rings[ring], geometry.slotCount)) {
            return makeError(proto::ERROR_MALFORMED,
                             QStringLiteral("The command channel %1 is damaged: the %2 ring's positions are out of "
                                            "order.")
                                 .arg(name, QLatin1String(ringName(ring))));
        }
    }
    return geometry;
}

// Marks an object dead for every process still mapping it and wakes their
// sleeping threads so they notice at once rather than at their time-out.
void retire(ChannelLayout &layout)
{
    const bool knownLayout = layout.header.layoutVersion == kChannelLayoutVersion;
    // seq_cst: ordered before the futex-word bumps below; a sleeper reads the
    // word before re-checking the magic, so it sees one or the other.
    layout.header.magic.store(kChannelRetiredMagic, std::memory_order_seq_cst);
    if (!knownLayout)
        return; // other layouts keep their futex words elsewhere
    for (RingControl &ring : layout.rings) {
        ring.dataSeq.fetch_add(1, std::memory_order_seq_cst);
        futexWakeAll(ring.dataSeq);
        ring.spaceSeq.fetch_add(1, std::memory_order_seq_cst);
        futexWakeAll(ring.spaceSeq);
    }
}

FrameHeader *frameHeader(std::byte *slot) { return static_cast<FrameHeader *>(static_cast<void *>(slot)); }

// A previous process on this side that died while asleep left its flags
// raised; they are only hints, but would cost the peer a needless wake-up
// system call per frame until this side sleeps for the first time.
void clearSleepingFlags(ChannelLayout &layout, Side side)
{
    const int in = side == Side::Monitor ? kRequestRing : kAnswerRing;
    const int out = side == Side::Monitor ? kAnswerRing : kRequestRing;
    layout.rings[in].consumerSleeping.store(0, std::memory_order_relaxed);
    layout.rings[out].producerSleeping.store(0, std::memory_order_relaxed);
}

} // namespace

CommandChannel::CommandChannel(Side side, QString name, void *base, std::size_t size, std::uint32_t slotSize,
                               std::uint32_t slotCount)
    : m_side(side)
    , m_name(std::move(name))
    , m_base(base)
    , m_size(size)
    , m_layout(static_cast<ChannelLayout *>(base))
    , m_slotSize(slotSize)
    , m_slotCount(slotCount)
    , m_outRing(side == Side::Monitor ? kAnswerRing : kRequestRing)
    , m_inRing(side == Side::Monitor ? kRequestRing : kAnswerRing)
    , m_out(&m_layout->rings[m_outRing])
    , m_in(&m_layout->rings[m_inRing])
    , m_outTail(m_out->tail.load(std::memory_order_acquire))
    , m_inHead(m_in->head.load(std::memory_order_acquire))
    , m_receiveSpin(kMaxSpin)
    , m_sendSpin(kMaxSpin)
{
}

CommandChannel::~CommandChannel()
{
    if (m_base)
        ::munmap(m_base, m_size);
}

Result<std::unique_ptr<CommandChannel>> CommandChannel::create(const QString &name, ChannelOptions options)
{
    const Result<QByteArray> encoded = objectName(name);
    if (!encoded)
        return encoded.error();
    if (!channelGeometryValid(options.slotSize, options.slotCount)) {
        return makeError(proto::ERROR_INVALID_ARGUMENT,
                         QStringLiteral("A command channel cannot have %1 slots of %2 bytes: the slot size must be a "
                                        "multiple of 8 between %3 and %4 bytes, the slot count a power of two between "
                                        "%5 and %6, and the whole object at most %7 MiB.")
                             .arg(options.slotCount)
                             .arg(options.slotSize)
                             .arg(kMinSlotSize)
                             .arg(kMaxSlotSize)
                             .arg(kMinSlotCount)
                             .arg(kMaxSlotCount)
                             .arg(kMaxObjectSize >> 20));
    }
    const std::uint64_t wantedSize = channelObjectSize(options.slotSize, options.slotCount);
    const char *path = encoded->constData();

    // A replaced object passes its generation on, so an agent never sees a
    // generation number twice for the same name.
    std::uint64_t generation = 0;

    // Retries only when another process creates the name between our
    // shm_unlink and shm_open(O_EXCL).
    for (int attempt = 0; attempt < 5; ++attempt) {
        const int existing = ::shm_open(path, O_RDWR, 0);
        if (existing < 0 && errno != ENOENT) {
            const int error = errno;
            return makeError(proto::ERROR_UNAVAILABLE, QStringLiteral("Cannot open the command channel %1: %2.")
                                                           .arg(name, errnoText(error)));
        }
        if (existing >= 0) {
            FdCloser closer(existing);
            QString reason;
            struct stat st = {};
            if (::fstat(existing, &st) != 0) {
                reason = QStringLiteral("It cannot be inspected: %1.").arg(errnoText(errno));
            } else if (std::uint64_t(st.st_size) < sizeof(ChannelLayout)) {
                reason = QStringLiteral("It has only %1 bytes, too few for a command channel.").arg(st.st_size);
            } else if ((st.st_mode & 077) != 0 || st.st_uid != ::geteuid()) {
                reason = QStringLiteral("It is not private to this user (mode %1, owner %2).")
                             .arg(st.st_mode & 0777, 0, 8)
                             .arg(st.st_uid);
            } else {
                const std::size_t size = std::size_t(st.st_size);
                void *base = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, existing, 0);
                if (base == MAP_FAILED) {
                    reason = QStringLiteral("It cannot be mapped: %1.").arg(errnoText(errno));
                } else {
                    auto *layout = static_cast<ChannelLayout *>(base);
                    const Result<Geometry> geometry = validateLayout(*layout, size, name);
                    if (geometry && geometry->slotSize == options.slotSize
                        && geometry->slotCount == options.slotCount) {
                        clearSleepingFlags(*layout, Side::Monitor);
                        // relaxed: the generation is a lone counter, it orders no other data.
                        const std::uint64_t now = layout->header.generation.fetch_add(1, std::memory_order_relaxed) + 1;
                        const RingControl &requests = layout->rings[kRequestRing];
                        qCInfo(lcChannel, "Reusing command channel %s at generation %llu with %llu queued request(s).",
                               path, static_cast<unsigned long long>(now),
                               static_cast<unsigned long long>(requests.head.load() - requests.tail.load()));
                        return std::unique_ptr<CommandChannel>(new CommandChannel(
                            Side::Monitor, name, base, size, options.slotSize, options.slotCount));
                    }
                    reason = geometry ? QStringLiteral("It has %1 slots of %2 bytes; %3 slots of %4 bytes are wanted.")
                                            .arg(geometry->slotCount)
                                            .arg(geometry->slotSize)
                                            .arg(options.slotCount)
                                            .arg(options.slotSize)
                                      : geometry.error().message();
                    if (layout->header.magic.load(std::memory_order_acquire) == kChannelMagic
                        && layout->header.layoutVersion == kChannelLayoutVersion) {
                        generation = layout->header.generation.load(std::memory_order_relaxed);
                    }
                    if (layout->header.magic.load(std::memory_order_acquire) == kChannelMagic)
                        retire(*layout);
                    ::munmap(base, size);
                }
            }
            qCWarning(lcChannel, "Replacing the existing object %s. %s Frames queued in it are dropped.", path,
                      qPrintable(reason));
            ::shm_unlink(path);
        }

        const int fd = ::shm_open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
        if (fd < 0 && errno == EEXIST)
            continue;
        if (fd < 0) {
            const int error = errno;
            return makeError(proto::ERROR_UNAVAILABLE, QStringLiteral("Cannot create the command channel %1: %2.")
                                                           .arg(name, errnoText(error)));
        }
        FdCloser closer(fd);
        // The umask may only have narrowed the mode; state the intent anyway.
        ::fchmod(fd, 0600);
        if (::ftruncate(fd, off_t(wantedSize)) != 0) {
            const int error = errno;
            ::shm_unlink(path);
            return makeError(proto::ERROR_UNAVAILABLE,
                             QStringLiteral("Cannot size the command channel %1 to %2 bytes: %3.")
                                 .arg(name)
                                 .arg(wantedSize)
                                 .arg(errnoText(error)));
        }
        void *base = ::mmap(nullptr, std::size_t(wantedSize), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        if (base == MAP_FAILED) {
            const int error = errno;
            ::shm_unlink(path);
            return makeError(proto::ERROR_UNAVAILABLE, QStringLiteral("Cannot map the command channel %1: %2.")
                                                           .arg(name, errnoText(error)));
        }
        // ftruncate zero-filled the object, so the magic reads 0 ("being set
        // up") until the release store at the end.
        auto *layout = new (base) ChannelLayout{};
        ChannelHeader &header = layout->header;
        header.layoutVersion = kChannelLayoutVersion;
        header.slotSize = options.slotSize;
        header.slotCount = options.slotCount;
        header.objectSize = wantedSize;
        header.slotsOffset[kRequestRing] = channelSlotsOffset(options.slotSize, options.slotCount, kRequestRing);
        header.slotsOffset[kAnswerRing] = channelSlotsOffset(options.slotSize, options.slotCount, kAnswerRing);
        header.generation.store(generation + 1, std::memory_order_relaxed);
        // release: an agent that reads this magic (acquire) sees every field above.
        header.magic.store(kChannelMagic, std::memory_order_release);
        qCInfo(lcChannel, "Created command channel %s at generation %llu.", path,
               static_cast<unsigned long long>(generation + 1));
        return std::unique_ptr<CommandChannel>(
            new CommandChannel(Side::Monitor, name, base, std::size_t(wantedSize), options.slotSize, options.slotCount));
    }
    return makeError(proto::ERROR_UNAVAILABLE,
                     QStringLiteral("Another process keeps replacing the command channel %1; is a second vdc-monitor "
                                    "running with the same --channel?")
                         .arg(name));
}

Result<std::unique_ptr<CommandChannel>> CommandChannel::open(const QString &name)
{
    const Result<QByteArray> encoded = objectName(name);
    if (!encoded)
        return encoded.error();
    const int fd = ::shm_open(encoded->constData(), O_RDWR, 0);
    if (fd < 0) {
        const int error = errno;
        if (error == ENOENT) {
            return makeError(proto::ERROR_UNAVAILABLE,
                             QStringLiteral("There is no command channel %1; start vdc-monitor with --channel %1 first.")
                                 .arg(name));
        }
        return makeError(proto::ERROR_UNAVAILABLE,
                         QStringLiteral("Cannot open the command channel %1: %2.").arg(name, errnoText(error)));
    }
    FdCloser closer(fd);
    struct stat st = {};
    if (::fstat(fd, &st) != 0) {
        const int error = errno;
        return makeError(proto::ERROR_UNAVAILABLE,
                         QStringLiteral("Cannot inspect the command channel %1: %2.").arg(name, errnoText(error)));
    }
    if (st.st_size == 0) {
        // vdc-monitor created the name and has not sized it yet.
        return makeError(proto::ERROR_UNAVAILABLE,
                         QStringLiteral("The command channel %1 is still being set up by vdc-monitor; try again shortly.")
                             .arg(name));
    }
    if (std::uint64_t(st.st_size) < sizeof(ChannelLayout)) {
        return makeError(proto::ERROR_UNSUPPORTED_VERSION,
                         QStringLiteral("The shared-memory object %1 is not a vdc command channel (%2 bytes, too small "
                                        "for the header).")
                             .arg(name)
                             .arg(st.st_size));
    }
    const std::size_t size = std::size_t(st.st_size);
    void *base = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (base == MAP_FAILED) {
        const int error = errno;
        return makeError(proto::ERROR_UNAVAILABLE,
                         QStringLiteral("Cannot map the command channel %1: %2.").arg(name, errnoText(error)));
    }
    const Result<Geometry> geometry = validateLayout(*static_cast<ChannelLayout *>(base), size, name);
    if (!geometry) {
        ::munmap(base, size);
        return geometry.error();
    }
    clearSleepingFlags(*static_cast<ChannelLayout *>(base), Side::Agent);
    return std::unique_ptr<CommandChannel>(
        new CommandChannel(Side::Agent, name, base, size, geometry->slotSize, geometry->slotCount));
}

void CommandChannel::unlink(const QString &name)
{
    const Result<QByteArray> encoded = objectName(name);
    if (!encoded)
        return;
    const int fd = ::shm_open(encoded->constData(), O_RDWR, 0);
    if (fd >= 0) {
        FdCloser closer(fd);
        struct stat st = {};
        if (::fstat(fd, &st) == 0 && std::uint64_t(st.st_size) >= sizeof(ChannelLayout)) {
            void *base = ::mmap(nullptr, sizeof(ChannelLayout), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
            if (base != MAP_FAILED) {
                auto *layout = static_cast<ChannelLayout *>(base);
                if (layout->header.magic.load(std::memory_order_acquire) == kChannelMagic)
                    retire(*layout);
                ::munmap(base, sizeof(ChannelLayout));
            }
        }
    }
    ::shm_unlink(encoded->constData());
}

std::uint32_t CommandChannel::maxFrameSize() const { return m_slotSize - std::uint32_t(sizeof(FrameHeader)); }

std::uint64_t CommandChannel::generation() const
{
    // relaxed: a lone counter, it orders no other data.
    return m_layout->header.generation.load(std::memory_order_relaxed);
}

void CommandChannel::beat()
{
    // relaxed: the peer only compares successive values.
    auto &own = m_side == Side::Monitor ? m_layout->header.monitorHeartbeat : m_layout->header.agentHeartbeat;
    own.fetch_add(1, std::memory_order_relaxed);
}

std::uint64_t CommandChannel::peerHeartbeat() const
{
    const auto &peer = m_side == Side::Monitor ? m_layout->header.agentHeartbeat : m_layout->header.monitorHeartbeat;
    return peer.load(std::memory_order_relaxed);
}

bool CommandChannel::stale() const
{
    // acquire: pairs with retire(); a thread that sees the retired magic
    // after a futex wake-up sees it for the same reason it was woken.
    return m_layout->header.magic.load(std::memory_order_acquire) != kChannelMagic;
}

void CommandChannel::interrupt()
{
    // seq_cst: set before the word changes, so a receive() that read the old
    // word value either sees the flag in its re-check or fails its futex wait.
    m_interruptPending.store(true, std::memory_order_seq_cst);
    m_in->dataSeq.fetch_add(1, std::memory_order_seq_cst);
    futexWakeAll(m_in->dataSeq);
}

std::byte *CommandChannel::slot(int ring, std::uint64_t position) const
{
    return static_cast<std::byte *>(m_base) + channelSlotsOffset(m_slotSize, m_slotCount, ring)
        + (position & (m_slotCount - 1)) * std::uint64_t(m_slotSize);
}

bool CommandChannel::ready(WaitFor what)
{
    // The cached peer position answers most calls without touching the
    // peer's cache line. When it says "wait", the position is read afresh
    // with seq_cst: the second half of the Dekker pair in wait() (announce
    // sleeping, then look once more).
    //
    // Only a cached value that describes a sane ring (1..slotCount frames
    // queued for receive, fewer than slotCount for send) is trusted without
    // a fresh read, so send() and receive() judge damage on fresh positions only.
    // After a fresh read anything but "empty" (or "exactly full") counts as
    // ready, so damaged positions reach their checks instead of waiting out
    // the time-out.
    if (what == WaitFor::Data) {
        const std::uint64_t tail = m_in->tail.load(std::memory_order_relaxed);
        if (m_inHead - tail - 1 < m_slotCount)
            return true;
        m_inHead = m_in->head.load(std::memory_order_seq_cst);
        return m_inHead != tail;
    }
    const std::uint64_t head = m_out->head.load(std::memory_order_relaxed);
    if (head - m_outTail < m_slotCount)
        return true;
    m_outTail = m_out->tail.load(std::memory_order_seq_cst);
    return head - m_outTail != m_slotCount;
}

CommandChannel::WaitOutcome CommandChannel::wait(WaitFor what, int timeoutMs)
{
    const bool forData = what == WaitFor::Data;
    RingControl &ring = forData ? *m_in : *m_out;
    std::atomic<std::uint32_t> &word = forData ? ring.dataSeq : ring.spaceSeq;
    std::atomic<std::uint32_t> &sleeping = forData ? ring.consumerSleeping : ring.producerSleeping;
    int &budget = forData ? m_receiveSpin : m_sendSpin;
    const bool unlimited = timeoutMs < 0;
    const Clock::time_point start = Clock::now();
    const Clock::time_point deadline = start + std::chrono::milliseconds(unlimited ? 0 : timeoutMs);

    // While frames flow the peer answers within microseconds: spinning saves
    // two system calls and a scheduler round trip per frame.
    const int spins = timeoutMs == 0 ? 0 : budget;
    for (int i = 0; i < spins; ++i) {
        if (ready(what)) {
            budget = std::min(kMaxSpin, budget * 2);
            return WaitOutcome::Ready;
        }
        cpuRelax();
        if ((i & 1023) == 1023) {
            if (stale())
                return WaitOutcome::Stale;
            if ((forData && m_interruptPending.load(std::memory_order_relaxed))
                || (!unlimited && Clock::now() >= deadline)) {
                break;
            }
        }
    }

    for (;;) {
        if (ready(what)) {
            if (spins > 0) {
                if (Clock::now() - start < kWorthSpinning)
                    budget = std::min(kMaxSpin, budget * 2);
                else
                    budget = std::max(kMinSpin, budget / 2);
            }
            return WaitOutcome::Ready;
        }
        if (stale())
            return WaitOutcome::Stale;
        if (forData && m_interruptPending.exchange(false, std::memory_order_seq_cst))
            return WaitOutcome::Interrupted;
        std::chrono::nanoseconds remaining(-1);
        if (!unlimited) {
            remaining = deadline - Clock::now();
            if (remaining.count() <= 0) {
                if (timeoutMs > 0)
                    budget = kMinSpin; // nothing is flowing (a mere poll says nothing)
                return WaitOutcome::TimedOut;
            }
        }
        // The word is read before the flag is raised and the condition is
        // re-checked: a wake-up that lands in between changes the word, and
        // the kernel then refuses to put us to sleep (no lost wake-up).
        const std::uint32_t seen = word.load(std::memory_order_seq_cst);
        // seq_cst: pairs with the peer's seq_cst position store followed by
        // its load of this flag; one of the two sides sees the other.
        sleeping.store(1, std::memory_order_seq_cst);
        if (ready(what) || stale() || (forData && m_interruptPending.load(std::memory_order_seq_cst))) {
            sleeping.store(0, std::memory_order_relaxed);
            continue;
        }
        futexWait(word, seen, remaining);
        sleeping.store(0, std::memory_order_relaxed);
    }
}

Result<void> CommandChannel::send(const QByteArray &frame, int timeoutMs)
{
    if (std::uint64_t(frame.size()) > maxFrameSize()) {
        return makeError(proto::ERROR_INVALID_ARGUMENT,
                         QStringLiteral("A frame of %1 bytes does not fit the command channel %2, which carries at most "
                                        "%3 bytes per frame.")
                             .arg(frame.size())
                             .arg(m_name)
                             .arg(maxFrameSize()));
    }
    if (stale())
        return staleError();
    if (!ready(WaitFor::Space)) {
        switch (wait(WaitFor::Space, timeoutMs)) {
        case WaitOutcome::Ready:
        case WaitOutcome::Interrupted:
            break;
        case WaitOutcome::Stale:
            return staleError();
        case WaitOutcome::TimedOut:
            return makeError(proto::ERROR_UNAVAILABLE,
                             QStringLiteral("The command channel %1 is full: %2 has not taken a frame for %3 ms.")
                                 .arg(m_name, peerName())
                                 .arg(timeoutMs));
        }
    }

    RingControl &ring = *m_out;
    // relaxed: only this side writes head. m_outTail was read with (at least)
    // acquire: the consumer copied the slot out before it advanced tail, so
    // the slot we are about to overwrite is free.
    const std::uint64_t head = ring.head.load(std::memory_order_relaxed);
    const std::uint64_t tail = m_outTail;
    if (tail > head || head - tail >= m_slotCount)
        return damagedError(m_outRing, head, tail);

    std::byte *target = slot(m_outRing, head);
    FrameHeader *header = frameHeader(target);
    std::atomic_ref<std::uint32_t>(header->length).store(std::uint32_t(frame.size()), std::memory_order_relaxed);
    std::atomic_ref<std::uint32_t>(header->sequence).store(std::uint32_t(head), std::memory_order_relaxed);
    std::memcpy(target + sizeof(FrameHeader), frame.constData(), std::size_t(frame.size()));

    // seq_cst: as a release it publishes the slot to the consumer's acquire of
    // head; as seq_cst it pairs with the consumer raising consumerSleeping.
    ring.head.store(head + 1, std::memory_order_seq_cst);
    // A consumer that is spinning has not raised the flag: no system call.
    if (ring.consumerSleeping.load(std::memory_order_seq_cst) != 0) {
        ring.dataSeq.fetch_add(1, std::memory_order_seq_cst);
        futexWakeAll(ring.dataSeq);
    }
    return {};
}

Result<std::optional<QByteArray>> CommandChannel::receive(int timeoutMs)
{
    if (stale())
        return staleError();
    if (!ready(WaitFor::Data)) {
        switch (wait(WaitFor::Data, timeoutMs)) {
        case WaitOutcome::Ready:
            break;
        case WaitOutcome::Stale:
            return staleError();
        case WaitOutcome::Interrupted:
            return std::optional<QByteArray>();
        case WaitOutcome::TimedOut:
            return std::optional<QByteArray>();
        }
    }

    RingControl &ring = *m_in;
    // relaxed: only this side writes tail. m_inHead was read with (at least)
    // acquire, pairing with the producer's store of head: the slot's bytes
    // are visible.
    const std::uint64_t tail = ring.tail.load(std::memory_order_relaxed);
    const std::uint64_t head = m_inHead;
    if (tail > head || head - tail > m_slotCount)
        return damagedError(m_inRing, head, tail);

    std::byte *source = slot(m_inRing, tail);
    FrameHeader *header = frameHeader(source);
    // Each field is read exactly once: the checks below and the copy use the
    // same values even if a misbehaving peer scribbles on the slot meanwhile.
    const std::uint32_t length = std::atomic_ref<std::uint32_t>(header->length).load(std::memory_order_relaxed);
    const std::uint32_t sequence = std::atomic_ref<std::uint32_t>(header->sequence).load(std::memory_order_relaxed);

    std::optional<Error> damage;
    QByteArray frame;
    if (length > maxFrameSize()) {
        damage = makeError(proto::ERROR_MALFORMED,
                           QStringLiteral("Frame %1 on the command channel %2 claims %3 bytes but a slot holds at most "
                                          "%4; it was skipped.")
                               .arg(tail)
                               .arg(m_name)
                               .arg(length)
                               .arg(maxFrameSize()));
    } else if (sequence != std::uint32_t(tail)) {
        damage = makeError(proto::ERROR_MALFORMED,
                           QStringLiteral("Frame %1 on the command channel %2 carries sequence number %3 instead of "
                                          "%4; the slot is damaged and was skipped.")
                               .arg(tail)
                               .arg(m_name)
                               .arg(sequence)
                               .arg(std::uint32_t(tail)));
    } else {
        frame = QByteArray(reinterpret_cast<const char *>(source + sizeof(FrameHeader)), qsizetype(length));
    }

    // seq_cst: as a release it hands the slot back only after the copy above;
    // as seq_cst it pairs with the producer raising producerSleeping.
    ring.tail.store(tail + 1, std::memory_order_seq_cst);
    if (ring.producerSleeping.load(std::memory_order_seq_cst) != 0) {
        ring.spaceSeq.fetch_add(1, std::memory_order_seq_cst);
        futexWakeAll(ring.spaceSeq);
    }
    if (damage)
        return *damage;
    return std::optional<QByteArray>(std::move(frame));
}

QString CommandChannel::peerName() const
{
    return m_side == Side::Monitor ? QStringLiteral("vdc-agent") : QStringLiteral("vdc-monitor");
}

Error CommandChannel::staleError() const
{
    if (m_side == Side::Monitor) {
        return makeError(proto::ERROR_UNAVAILABLE,
                         QStringLiteral("The command channel %1 was removed or replaced by another vdc-monitor; "
                                        "create it again.")
                             .arg(m_name));
    }
    return makeError(proto::ERROR_UNAVAILABLE,
                     QStringLiteral("The command channel %1 was removed or replaced by vdc-monitor; open it again.")
                         .arg(m_name));
}

Error CommandChannel::damagedError(int ring, std::uint64_t head, std::uint64_t tail) const
{
    return makeError(proto::ERROR_INTERNAL,
                     QStringLiteral("The command channel %1 is damaged: its %2 ring has producer position %3 and "
                                    "consumer position %4, which no ring of %5 slots can reach; restart vdc-monitor to "
                                    "recreate the channel.")
                         .arg(m_name, QLatin1String(ringName(ring)))
                         .arg(head)
                         .arg(tail)
                         .arg(m_slotCount));
}

} // namespace vdc::channel
