// The agent side of tst_channel_processes, run as a separate process.
//
//   channel_peer stream NAME COUNT
//     Sends COUNT stream frames (one thread) while checking that the monitor
//     echoes every one back exactly once and in order (another thread); prints
//     "echoed COUNT checksum HEX".
//   channel_peer garbage NAME ROUNDS
//     Sends ROUNDS good frames, each followed by a damaged slot, then "done";
//     then expects ROUNDS answers from the monitor, each followed by a damaged
//     slot that must be reported as ERROR_MALFORMED; prints
//     "answers ROUNDS malformed ROUNDS".
// Exit status 0 only when everything matched; the reason goes to stderr.

#include "channel/commandchannel.h"
#include "channeltesthelpers.h"

#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>

using namespace vdc;
using namespace vdc::channel;
using namespace vdc::channel::testing;

namespace {

constexpr int kTimeoutMs = 30000;

int fail(const char *what, const QString &detail = {})
{
    std::fprintf(stderr, "channel_peer: %s %s\n", what, qPrintable(detail));
    return 1;
}

int stream(CommandChannel &channel, std::uint64_t count)
{
    std::atomic<bool> sendFailed{false};
    std::thread sender([&] {
        for (std::uint64_t i = 0; i < count; ++i) {
            const auto sent = channel.send(streamFrame(i), kTimeoutMs);
            if (!sent) {
                fail("send failed:", sent.error().message());
                sendFailed = true;
                return;
            }
        }
    });

    std::uint64_t hash = kChecksumSeed;
    std::uint64_t received = 0;
    int status = 0;
    for (; received < count; ++received) {
        const auto frame = channel.receive(kTimeoutMs);
        if (!frame) {
            status = fail("receive failed:", frame.error().message());
            break;
        }
        if (!frame->has_value()) {
            status = fail("no echo within the time-out after frames:", QString::number(received));
            break;
        }
        if (**frame != streamFrame(received)) {
            status = fail("echo out of order or altered; expected sequence", QString::number(received) + QStringLiteral(", got ") + QString::number(streamSequence(**frame)));
            break;
        }
        hash = checksum(hash, **frame);
    }
    if (status != 0)
        channel.interrupt();
    sender.join();
    if (status != 0 || sendFailed)
        return 1;
    // Nothing beyond the expected echoes.
    const auto extra = channel.receive(0);
    if (!extra || extra->has_value())
        return fail("an extra frame arrived after the last echo");
    std::printf("echoed %" PRIu64 " checksum %016" PRIx64 "\n", received, hash);
    return 0;
}

int garbage(CommandChannel &channel, const RawObject &raw, int rounds)
{
    for (int i = 0; i < rounds; ++i) {
        if (!channel.send(QByteArray("good ") + QByteArray::number(i), kTimeoutMs))
            return fail("send failed");
        if (!publishDamagedSlot(raw, kRequestRing, i % 2 == 0 ? Damage::LengthTooLarge : Damage::WrongSequence))
            return fail("the request ring stayed full");
    }
    if (!channel.send("done", kTimeoutMs))
        return fail("send failed");

    int answers = 0;
    int malformed = 0;
    for (int i = 0; i < rounds; ++i) {
        const auto answer = channel.receive(kTimeoutMs);
        if (!answer || !answer->has_value() || **answer != QByteArray("answer ") + QByteArray::number(i))
            return fail("missing or wrong answer", QString::number(i));
        ++answers;
        const auto bad = channel.receive(kTimeoutMs);
        if (bad || bad.error().code() != proto::ERROR_MALFORMED)
            return fail("a damaged slot was not reported as malformed after answer", QString::number(i));
        ++malformed;
    }
    std::printf("answers %d malformed %d\n", answers, malformed);
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc != 4)
        return fail("usage: channel_peer stream|garbage NAME COUNT");
    const QString name = QString::fromLocal8Bit(argv[2]);
    auto opened = CommandChannel::open(name);
    if (!opened)
        return fail("cannot open the channel:", opened.error().message());
    CommandChannel &channel = **opened;

    int status = 1;
    if (std::strcmp(argv[1], "stream") == 0) {
        status = stream(channel, std::strtoull(argv[3], nullptr, 10));
    } else if (std::strcmp(argv[1], "garbage") == 0) {
        RawObject raw(name);
        if (!raw.isValid())
            return fail("cannot map the channel directly");
        status = garbage(channel, raw, std::atoi(argv[3]));
    } else {
        return fail("unknown mode", QString::fromLocal8Bit(argv[1]));
    }
    std::fflush(stdout);
    return status;
}
