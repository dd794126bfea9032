// The command memory channel between two processes: this test is the
// monitor side, channel_peer (VDC_CHANNEL_PEER) the agent side.

#include "channel/commandchannel.h"
#include "channeltesthelpers.h"

#include <QProcess>
#include <QtTest>

#include <unistd.h>

using namespace vdc;
using namespace vdc::channel;
using namespace vdc::channel::testing;

namespace {

constexpr int kTimeoutMs = 30000;

class ScopedName
{
public:
    explicit ScopedName(const char *tag)
        : m_name(QStringLiteral("/vdc-tst-channel-proc-%1-%2").arg(QLatin1String(tag)).arg(::getpid()))
    {
        CommandChannel::unlink(m_name);
    }
    ~ScopedName() { CommandChannel::unlink(m_name); }
    const QString &operator()() const { return m_name; }

private:
    QString m_name;
};

// Kills the peer if the test leaves early, so no process outlives it.
class PeerProcess
{
public:
    PeerProcess(const QString &mode, const QString &name, quint64 count)
    {
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_process.start(QStringLiteral(VDC_CHANNEL_PEER), {mode, name, QString::number(count)});
    }
    ~PeerProcess()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(10000);
        }
    }
    QProcess &operator*() { return m_process; }
    QProcess *operator->() { return &m_process; }

private:
    QProcess m_process;
};

} // namespace

class TestChannelProcesses : public QObject
{
    Q_OBJECT

private slots:
    void millionFramesInOrderBothWays();
    void garbageFramesRefusedAcrossProcesses();
};

void TestChannelProcesses::millionFramesInOrderBothWays()
{
    const quint64 count = 1'000'000;
    ScopedName name("stream");
    auto created = CommandChannel::create(name(), ChannelOptions{1024, 64});
    QVERIFY2(created, qPrintable(created ? QString() : created.error().message()));
    CommandChannel &monitor = **created;

    PeerProcess peer(QStringLiteral("stream"), name(), count);
    QVERIFY2(peer->waitForStarted(kTimeoutMs), qPrintable(peer->errorString()));

    // Every frame must arrive exactly once and in order; each is echoed back
    // and the peer checks the echoes the same way.
    std::uint64_t hash = kChecksumSeed;
    for (quint64 expected = 0; expected < count; ++expected) {
        const auto received = monitor.receive(kTimeoutMs);
        QVERIFY2(received, qPrintable(received ? QString() : received.error().message()));
        QVERIFY2(received->has_value(), qPrintable(QStringLiteral("No frame within %1 ms after %2 frames.")
                                                        .arg(kTimeoutMs)
                                                        .arg(expected)));
        const QByteArray &frame = **received;
        if (frame != streamFrame(expected)) {
            QFAIL(qPrintable(QStringLiteral("Frame %1 arrived where frame %2 was expected (or was altered).")
                                 .arg(streamSequence(frame))
                                 .arg(expected)));
        }
        hash = checksum(hash, frame);
        const auto echoed = monitor.send(frame, kTimeoutMs);
        QVERIFY2(echoed, qPrintable(echoed ? QString() : echoed.error().message()));
    }
    const auto extra = monitor.receive(0);
    QVERIFY(extra);
    QVERIFY2(!extra->has_value(), "A frame arrived beyond the last one sent.");

    QVERIFY(peer->waitForFinished(kTimeoutMs));
    QCOMPARE(peer->exitStatus(), QProcess::NormalExit);
    QCOMPARE(peer->exitCode(), 0);
    const QString expectedLine = QStringLiteral("echoed %1 checksum %2")
                                     .arg(count)
                                     .arg(hash, 16, 16, QLatin1Char('0'));
    QCOMPARE(QString::fromLatin1(peer->readAllStandardOutput()).trimmed(), expectedLine);
}

void TestChannelProcesses::garbageFramesRefusedAcrossProcesses()
{
    const int rounds = 100;
    ScopedName name("garbage");
    auto created = CommandChannel::create(name(), ChannelOptions{1024, 16});
    QVERIFY2(created, qPrintable(created ? QString() : created.error().message()));
    CommandChannel &monitor = **created;
    RawObject raw(name());
    QVERIFY(raw.isValid());

    PeerProcess peer(QStringLiteral("garbage"), name(), rounds);
    QVERIFY2(peer->waitForStarted(kTimeoutMs), qPrintable(peer->errorString()));

    // The peer interleaves good frames and damaged slots; each damaged slot is
    // reported once and serving goes on with the next frame.
    int malformed = 0;
    for (int i = 0; i < rounds; ++i) {
        const auto good = monitor.receive(kTimeoutMs);
        QVERIFY2(good, qPrintable(good ? QString() : good.error().message()));
        QVERIFY(good->has_value());
        QCOMPARE(**good, QByteArray("good ") + QByteArray::number(i));
        const auto bad = monitor.receive(kTimeoutMs);
        QVERIFY(!bad);
        QCOMPARE(bad.error().code(), proto::ERROR_MALFORMED);
        ++malformed;
    }
    const auto done = monitor.receive(kTimeoutMs);
    QVERIFY(done && done->has_value());
    QCOMPARE(**done, QByteArray("done"));
    QCOMPARE(malformed, rounds);

    // Now the other way round: the peer must refuse our damaged slots.
    for (int i = 0; i < rounds; ++i) {
        QVERIFY(monitor.send(QByteArray("answer ") + QByteArray::number(i), kTimeoutMs));
        QVERIFY(publishDamagedSlot(raw, kAnswerRing, i % 2 == 0 ? Damage::WrongSequence : Damage::LengthTooLarge));
    }

    QVERIFY(peer->waitForFinished(kTimeoutMs));
    QCOMPARE(peer->exitStatus(), QProcess::NormalExit);
    QCOMPARE(peer->exitCode(), 0);
    QCOMPARE(QString::fromLatin1(peer->readAllStandardOutput()).trimmed(),
             QStringLiteral("answers %1 malformed %1").arg(rounds));
}

QTEST_GUILESS_MAIN(TestChannelProcesses)
#include "tst_channel_processes.moc"
