// The command memory channel inside one process: two CommandChannel objects
// (monitor side created, agent side opened) on the same shared-memory object.

#include "channel/commandchannel.h"
#include "channeltesthelpers.h"

#include <QtTest>

#include <unistd.h>

#include <atomic>
#include <functional>
#include <thread>

using namespace vdc;
using namespace vdc::channel;
using namespace vdc::channel::testing;

namespace {

// A name no other test or test run uses; removed again when the guard goes
// out of scope, whether the test passed or not.
class ScopedName
{
public:
    explicit ScopedName(const char *tag)
        : m_name(QStringLiteral("/vdc-tst-channel-%1-%2-%3").arg(QLatin1String(tag)).arg(::getpid()).arg(++s_counter))
    {
        CommandChannel::unlink(m_name);
    }
    ~ScopedName() { CommandChannel::unlink(m_name); }
    const QString &operator()() const { return m_name; }

private:
    static inline int s_counter = 0;
    QString m_name;
};

// A thread that is joined however the test function is left; `unblock` is
// called first so that a failed check does not leave it waiting forever.
class ScopedThread
{
public:
    ScopedThread(std::function<void()> body, std::function<void()> unblock)
        : m_unblock(std::move(unblock)), m_thread(std::move(body))
    {
    }
    ~ScopedThread()
    {
        if (m_thread.joinable()) {
            m_unblock();
            m_thread.join();
        }
    }
    void join() { m_thread.join(); }

private:
    std::function<void()> m_unblock;
    std::thread m_thread;
};

std::unique_ptr<CommandChannel> mustCreate(const QString &name, ChannelOptions options = {})
{
    auto created = CommandChannel::create(name, options);
    if (!created)
        qFatal("create(%s) failed: %s", qPrintable(name), qPrintable(created.error().message()));
    return std::move(created.value());
}

std::unique_ptr<CommandChannel> mustOpen(const QString &name)
{
    auto opened = CommandChannel::open(name);
    if (!opened)
        qFatal("open(%s) failed: %s", qPrintable(name), qPrintable(opened.error().message()));
    return std::move(opened.value());
}

// receive() that must yield a frame.
QByteArray receiveFrame(CommandChannel &channel, int timeoutMs = 10000)
{
    auto received = channel.receive(timeoutMs);
    if (!received) {
        qWarning("receive failed: %s", qPrintable(received.error().message()));
        return QByteArray("<error>");
    }
    if (!received->has_value()) {
        qWarning("receive timed out");
        return QByteArray("<timeout>");
    }
    return **received;
}

} // namespace

class TestChannel : public QObject
{
    Q_OBJECT

private slots:
    void roundTripBetweenThreads();
    void oversizeFrameRefused();
    void invalidNameAndOptionsRefused();
    void openMissingNameIsUnavailable();
    void openRefusesUnknownMagic();
    void openRefusesUnknownLayoutVersion();
    void openRefusesSizeMismatch();
    void corruptSlotIsSkipped_data();
    void corruptSlotIsSkipped();
    void damagedPositionsReportedNotTrusted();
    void generationBumpsOnEveryCreate();
    void queuedFramesSurviveMonitorRestart();
    void createWithOtherOptionsReplacesObject();
    void unlinkWakesAndRetiresPeers();
    void heartbeatsVisibleToPeer();
    void receiveTimesOutThenWakesOnSend();
    void interruptWakesBlockedReceive();
    void interruptBeforeReceiveIsNotLost();
    void fullRingWaitsForSpace();
};

void TestChannel::roundTripBetweenThreads()
{
    ScopedName name("roundtrip");
    auto monitor = mustCreate(name());
    auto agent = mustOpen(name());
    QCOMPARE(monitor->side(), Side::Monitor);
    QCOMPARE(agent->side(), Side::Agent);
    QCOMPARE(agent->maxFrameSize(), monitor->maxFrameSize());

    // The monitor echoes every request with a prefix until it sees "stop".
    std::atomic<int> echoed{0};
    std::atomic<bool> monitorFailed{false};
    ScopedThread monitorThread([&] {
        for (;;) {
            auto received = monitor->receive(10000);
            if (!received || !received->has_value()) {
                monitorFailed = true;
                return;
            }
            const QByteArray request = **received;
            if (request == "stop")
                return;
            if (!monitor->send(QByteArray("echo:") + request)) {
                monitorFailed = true;
                return;
            }
            ++echoed;
        }
    }, [&] { monitor->interrupt(); });

    // Ping-pong, including an empty frame and one of the largest size.
    const int pingPong = 5000;
    for (int i = 0; i < pingPong; ++i) {
        QByteArray request = i == 0 ? QByteArray() : streamFrame(std::uint64_t(i));
        if (i == 1)
            request = QByteArray(int(agent->maxFrameSize()) - 5, 'x');
        QVERIFY(agent->send(request));
        QCOMPARE(receiveFrame(*agent), QByteArray("echo:") + request);
    }
    // Pipelined: fill most of the ring before reading the answers back.
    for (int round = 0; round < 50; ++round) {
        for (int i = 0; i < 40; ++i)
            QVERIFY(agent->send(streamFrame(std::uint64_t(round * 40 + i))));
        for (int i = 0; i < 40; ++i)
            QCOMPARE(receiveFrame(*agent), QByteArray("echo:") + streamFrame(std::uint64_t(round * 40 + i)));
    }
    QVERIFY(agent->send("stop"));
    monitorThread.join();
    QVERIFY(!monitorFailed);
    QCOMPARE(echoed.load(), pingPong + 50 * 40);
}

void TestChannel::oversizeFrameRefused()
{
    ScopedName name("oversize");
    auto monitor = mustCreate(name(), ChannelOptions{4096, 8});
    auto agent = mustOpen(name());
    QCOMPARE(agent->maxFrameSize(), 4096u - 8u);

    const auto refused = agent->send(QByteArray(int(agent->maxFrameSize()) + 1, 'a'));
    QVERIFY(!refused);
    QCOMPARE(refused.error().code(), proto::ERROR_INVALID_ARGUMENT);
    QVERIFY(refused.error().message().contains(QStringLiteral("4088")));

    // The refused frame left nothing behind; a frame of exactly the limit passes.
    const QByteArray largest(int(agent->maxFrameSize()), 'b');
    QVERIFY(agent->send(largest));
    QCOMPARE(receiveFrame(*monitor), largest);
    auto nothing = monitor->receive(0);
    QVERIFY(nothing);
    QVERIFY(!nothing->has_value());
}

void TestChannel::invalidNameAndOptionsRefused()
{
    for (const QString &bad : {QString(), QStringLiteral("noslash"), QStringLiteral("/a/b"), QStringLiteral("/")}) {
        auto created = CommandChannel::create(bad);
        QVERIFY(!created);
        QCOMPARE(created.error().code(), proto::ERROR_INVALID_ARGUMENT);
        auto opened = CommandChannel::open(bad);
        QVERIFY(!opened);
        QCOMPARE(opened.error().code(), proto::ERROR_INVALID_ARGUMENT);
    }
    ScopedName name("options");
    for (const ChannelOptions options : {ChannelOptions{4096, 3}, ChannelOptions{4095, 8}, ChannelOptions{8, 8},
                                         ChannelOptions{4096, 0}, ChannelOptions{16u << 20, 65536}}) {
        auto created = CommandChannel::create(name(), options);
        QVERIFY(!created);
        QCOMPARE(created.error().code(), proto::ERROR_INVALID_ARGUMENT);
    }
    // Nothing was created for the refused options.
    auto opened = CommandChannel::open(name());
    QVERIFY(!opened);
    QCOMPARE(opened.error().code(), proto::ERROR_UNAVAILABLE);
}

void TestChannel::openMissingNameIsUnavailable()
{
    ScopedName name("missing");
    auto opened = CommandChannel::open(name());
    QVERIFY(!opened);
    QCOMPARE(opened.error().code(), proto::ERROR_UNAVAILABLE);
    QVERIFY(opened.error().message().contains(name()));
}

void TestChannel::openRefusesUnknownMagic()
{
    ScopedName name("magic");
    // Large enough for a header, full of garbage.
    QVERIFY(writeObject(name(), QByteArray(int(sizeof(ChannelLayout)) + 4096, char(0xa5))));
    auto opened = CommandChannel::open(name());
    QVERIFY(!opened);
    QCOMPARE(opened.error().code(), proto::ERROR_UNSUPPORTED_VERSION);

    // Too small to even hold a header.
    QVERIFY(writeObject(name(), QByteArray("VDCCHAN1 but nothing else")));
    opened = CommandChannel::open(name());
    QVERIFY(!opened);
    QCOMPARE(opened.error().code(), proto::ERROR_UNSUPPORTED_VERSION);

    // The monitor replaces a foreign object rather than trusting it.
    auto monitor = mustCreate(name());
    auto agent = mustOpen(name());
    QVERIFY(agent->send("hello"));
    QCOMPARE(receiveFrame(*monitor), QByteArray("hello"));
}

void TestChannel::openRefusesUnknownLayoutVersion()
{
    ScopedName name("version");
    auto monitor = mustCreate(name());
    {
        RawObject raw(name());
        QVERIFY(raw.isValid());
        raw.layout().header.layoutVersion = kChannelLayoutVersion + 1;
    }
    auto opened = CommandChannel::open(name());
    QVERIFY(!opened);
    QCOMPARE(opened.error().code(), proto::ERROR_UNSUPPORTED_VERSION);
    QVERIFY(opened.error().message().contains(QStringLiteral("layout version %1").arg(kChannelLayoutVersion + 1)));

    // A restarted monitor replaces the unknown layout with its own.
    monitor.reset();
    monitor = mustCreate(name());
    auto agent = mustOpen(name());
    QVERIFY(monitor->send("answer"));
    QCOMPARE(receiveFrame(*agent), QByteArray("answer"));
}

void TestChannel::openRefusesSizeMismatch()
{
    ScopedName name("size");
    auto monitor = mustCreate(name(), ChannelOptions{4096, 8});
    {
        // The header claims twice the slots the object has room for.
        RawObject raw(name());
        QVERIFY(raw.isValid());
        raw.layout().header.slotCount = 16;
    }
    auto opened = CommandChannel::open(name());
    QVERIFY(!opened);
    QCOMPARE(opened.error().code(), proto::ERROR_MALFORMED);
    {
        // Consistent header, but not the object's real size.
        RawObject raw(name());
        raw.layout().header.slotCount = 16;
        raw.layout().header.objectSize = channelObjectSize(4096, 16);
        raw.layout().header.slotsOffset[kAnswerRing] = channelSlotsOffset(4096, 16, kAnswerRing);
    }
    opened = CommandChannel::open(name());
    QVERIFY(!opened);
    QCOMPARE(opened.error().code(), proto::ERROR_MALFORMED);
    {
        // A geometry no channel uses.
        RawObject raw(name());
        raw.layout().header.slotSize = 100;
    }
    opened = CommandChannel::open(name());
    QVERIFY(!opened);
    QCOMPARE(opened.error().code(), proto::ERROR_MALFORMED);
}

void TestChannel::corruptSlotIsSkipped_data()
{
    QTest::addColumn<int>("damage");
    QTest::newRow("length too large") << int(Damage::LengthTooLarge);
    QTest::newRow("wrong sequence") << int(Damage::WrongSequence);
}

void TestChannel::corruptSlotIsSkipped()
{
    QFETCH(int, damage);
    ScopedName name("corrupt");
    auto monitor = mustCreate(name());
    auto agent = mustOpen(name());
    RawObject raw(name());
    QVERIFY(raw.isValid());

    QVERIFY(agent->send("first"));
    QVERIFY(publishDamagedSlot(raw, kRequestRing, Damage(damage)));
    QVERIFY(agent->send("second"));

    QCOMPARE(receiveFrame(*monitor), QByteArray("first"));
    auto bad = monitor->receive(1000);
    QVERIFY(!bad);
    QCOMPARE(bad.error().code(), proto::ERROR_MALFORMED);
    QCOMPARE(receiveFrame(*monitor), QByteArray("second"));

    // The other direction works the same way.
    QVERIFY(monitor->send("answer"));
    QVERIFY(publishDamagedSlot(raw, kAnswerRing, Damage(damage)));
    QVERIFY(monitor->send("event"));
    QCOMPARE(receiveFrame(*agent), QByteArray("answer"));
    bad = agent->receive(1000);
    QVERIFY(!bad);
    QCOMPARE(bad.error().code(), proto::ERROR_MALFORMED);
    QCOMPARE(receiveFrame(*agent), QByteArray("event"));
}

void TestChannel::damagedPositionsReportedNotTrusted()
{
    ScopedName name("positions");
    auto monitor = mustCreate(name(), ChannelOptions{4096, 8});
    auto agent = mustOpen(name());
    RawObject raw(name());
    QVERIFY(raw.isValid());

    // Consumer ahead of producer.
    raw.layout().rings[kRequestRing].tail.store(5);
    auto received = monitor->receive(1000);
    QVERIFY(!received);
    QCOMPARE(received.error().code(), proto::ERROR_INTERNAL);

    // Producer further ahead than the ring is long: both ends refuse.
    raw.layout().rings[kRequestRing].tail.store(0);
    raw.layout().rings[kRequestRing].head.store(1000);
    received = monitor->receive(1000);
    QVERIFY(!received);
    QCOMPARE(received.error().code(), proto::ERROR_INTERNAL);
    auto sent = agent->send("x");
    QVERIFY(!sent);
    QCOMPARE(sent.error().code(), proto::ERROR_INTERNAL);

    // A fresh agent refuses to attach; a restarted monitor starts over.
    auto opened = CommandChannel::open(name());
    QVERIFY(!opened);
    QCOMPARE(opened.error().code(), proto::ERROR_MALFORMED);
    monitor.reset();
    monitor = mustCreate(name(), ChannelOptions{4096, 8});
    QVERIFY(agent->stale());
    agent = mustOpen(name());
    QVERIFY(agent->send("after repair"));
    QCOMPARE(receiveFrame(*monitor), QByteArray("after repair"));
}

void TestChannel::generationBumpsOnEveryCreate()
{
    ScopedName name("generation");
    auto monitor = mustCreate(name());
    const std::uint64_t first = monitor->generation();
    QVERIFY(first >= 1);
    auto agent = mustOpen(name());
    QCOMPARE(agent->generation(), first);

    monitor.reset();
    monitor = mustCreate(name());
    QCOMPARE(monitor->generation(), first + 1);
    // The attached agent sees the restart without reopening.
    QCOMPARE(agent->generation(), first + 1);
    QVERIFY(!agent->stale());

    monitor.reset();
    monitor = mustCreate(name());
    QCOMPARE(agent->generation(), first + 2);
}

void TestChannel::queuedFramesSurviveMonitorRestart()
{
    ScopedName name("restart");
    auto monitor = mustCreate(name());
    auto agent = mustOpen(name());
    QVERIFY(monitor->send("event before restart"));
    for (int i = 0; i < 3; ++i)
        QVERIFY(agent->send(QByteArray("pending ") + QByteArray::number(i)));

    monitor.reset(); // the monitor process goes away without unlinking
    monitor = mustCreate(name());
    for (int i = 0; i < 3; ++i)
        QCOMPARE(receiveFrame(*monitor), QByteArray("pending ") + QByteArray::number(i));
    auto nothing = monitor->receive(0);
    QVERIFY(nothing);
    QVERIFY(!nothing->has_value());
    QCOMPARE(receiveFrame(*agent), QByteArray("event before restart"));
}

void TestChannel::createWithOtherOptionsReplacesObject()
{
    ScopedName name("replace");
    auto monitor = mustCreate(name(), ChannelOptions{4096, 8});
    const std::uint64_t before = monitor->generation();
    auto agent = mustOpen(name());
    QVERIFY(agent->send("lost with the old object"));

    monitor.reset();
    monitor = mustCreate(name(), ChannelOptions{8192, 16});
    QCOMPARE(monitor->maxFrameSize(), 8192u - 8u);
    // The old mapping is dead and says so; the generation keeps counting.
    QVERIFY(agent->stale());
    auto sent = agent->send("x");
    QVERIFY(!sent);
    QCOMPARE(sent.error().code(), proto::ERROR_UNAVAILABLE);
    auto received = agent->receive(0);
    QVERIFY(!received);
    QCOMPARE(received.error().code(), proto::ERROR_UNAVAILABLE);

    agent = mustOpen(name());
    QCOMPARE(agent->generation(), before + 1);
    QCOMPARE(agent->maxFrameSize(), 8192u - 8u);
    auto nothing = monitor->receive(0);
    QVERIFY(nothing);
    QVERIFY(!nothing->has_value());
}

void TestChannel::unlinkWakesAndRetiresPeers()
{
    ScopedName name("unlink");
    auto monitor = mustCreate(name());
    auto agent = mustOpen(name());

    RawObject raw(name());
    QVERIFY(raw.isValid());

    std::optional<ErrorCode> blockedResult;
    ScopedThread blocked([&] {
        auto received = agent->receive(60000);
        blockedResult = received ? proto::ERROR_NONE : received.error().code();
    }, [&] { agent->interrupt(); });
    // Wait until the agent thread is asleep on the futex, then remove the name.
    QTRY_VERIFY_WITH_TIMEOUT(raw.layout().rings[kAnswerRing].consumerSleeping.load() == 1, 10000);
    CommandChannel::unlink(name());
    blocked.join();
    QCOMPARE(blockedResult, std::optional<ErrorCode>(proto::ERROR_UNAVAILABLE));
    QVERIFY(agent->stale());
    QVERIFY(monitor->stale());

    auto opened = CommandChannel::open(name());
    QVERIFY(!opened);
    QCOMPARE(opened.error().code(), proto::ERROR_UNAVAILABLE);
}

void TestChannel::heartbeatsVisibleToPeer()
{
    ScopedName name("heartbeat");
    auto monitor = mustCreate(name());
    auto agent = mustOpen(name());
    const std::uint64_t agentSeen = monitor->peerHeartbeat();
    const std::uint64_t monitorSeen = agent->peerHeartbeat();

    agent->beat();
    agent->beat();
    monitor->beat();
    QCOMPARE(monitor->peerHeartbeat(), agentSeen + 2);
    QCOMPARE(agent->peerHeartbeat(), monitorSeen + 1);

    // The counters live in shared memory: a restarted monitor sees them too.
    monitor.reset();
    monitor = mustCreate(name());
    QCOMPARE(monitor->peerHeartbeat(), agentSeen + 2);
}

void TestChannel::receiveTimesOutThenWakesOnSend()
{
    ScopedName name("idle");
    auto monitor = mustCreate(name());
    auto agent = mustOpen(name());
    for (int timeout : {0, 1, 20}) {
        auto received = agent->receive(timeout);
        QVERIFY(received);
        QVERIFY(!received->has_value());
    }
    // A receiver asleep on the futex is woken by send(). Its own time limit
    // is far longer than the wait below, so a lost wake-up fails the test.
    RawObject raw(name());
    QVERIFY(raw.isValid());
    std::atomic<bool> done{false};
    QByteArray late;
    ScopedThread receiver([&] {
        late = receiveFrame(*agent, 60000);
        done = true;
    }, [&] { agent->interrupt(); });
    QTRY_VERIFY_WITH_TIMEOUT(raw.layout().rings[kAnswerRing].consumerSleeping.load() == 1, 10000);
    QVERIFY(monitor->send("late"));
    QTRY_VERIFY_WITH_TIMEOUT(done.load(), 10000);
    receiver.join();
    QCOMPARE(late, QByteArray("late"));
}

void TestChannel::interruptWakesBlockedReceive()
{
    ScopedName name("interrupt");
    auto monitor = mustCreate(name());
    RawObject raw(name());
    QVERIFY(raw.isValid());
    std::optional<bool> gotFrame;
    std::atomic<bool> done{false};
    ScopedThread blocked([&] {
        auto received = monitor->receive(-1); // no time limit: only interrupt() ends it
        gotFrame = received && received->has_value();
        done = true;
    }, [&] { monitor->interrupt(); });
    // Interrupt only once the thread is asleep on the futex.
    QTRY_VERIFY_WITH_TIMEOUT(raw.layout().rings[kRequestRing].consumerSleeping.load() == 1, 10000);
    monitor->interrupt();
    QTRY_VERIFY_WITH_TIMEOUT(done.load(), 10000);
    blocked.join();
    QCOMPARE(gotFrame, std::optional<bool>(false));

    // The interrupt was consumed: the channel keeps working normally.
    auto agent = mustOpen(name());
    QVERIFY(agent->send("after"));
    QCOMPARE(receiveFrame(*monitor), QByteArray("after"));
}

void TestChannel::interruptBeforeReceiveIsNotLost()
{
    ScopedName name("interrupt-early");
    auto agent = [&] {
        auto monitor = mustCreate(name());
        return mustOpen(name());
    }();
    agent->interrupt();
    auto received = agent->receive(-1);
    QVERIFY(received);
    QVERIFY(!received->has_value());
}

void TestChannel::fullRingWaitsForSpace()
{
    ScopedName name("full");
    auto monitor = mustCreate(name(), ChannelOptions{4096, 4});
    auto agent = mustOpen(name());
    for (int i = 0; i < 4; ++i)
        QVERIFY(agent->send(QByteArray::number(i)));
    auto full = agent->send("overflow", 10);
    QVERIFY(!full);
    QCOMPARE(full.error().code(), proto::ERROR_UNAVAILABLE);

    // A sender blocked on a full ring is woken when the consumer takes a frame.
    RawObject raw(name());
    QVERIFY(raw.isValid());
    // Its own time limit is far longer than the wait below, so a lost wake-up
    // fails the test.
    std::optional<bool> sentLater;
    std::atomic<bool> done{false};
    ScopedThread sender([&] {
        sentLater = bool(agent->send("4", 60000));
        done = true;
    }, [&] { (void)monitor->receive(0); });
    QTRY_VERIFY_WITH_TIMEOUT(raw.layout().rings[kRequestRing].producerSleeping.load() == 1, 10000);
    QCOMPARE(receiveFrame(*monitor), QByteArray("0"));
    QTRY_VERIFY_WITH_TIMEOUT(done.load(), 10000);
    sender.join();
    QCOMPARE(sentLater, std::optional<bool>(true));
    for (int i = 1; i <= 4; ++i)
        QCOMPARE(receiveFrame(*monitor), QByteArray::number(i));
}

QTEST_GUILESS_MAIN(TestChannel)
#include "tst_channel.moc"
