// Round-trip latency between two processes: the command memory channel
// against ZeroMQ REQ/REP over ipc://, with the same payload.
//
//   bench_channel [--round-trips N] [--warm-up N] [--payload BYTES]
//
// For each transport a child process echoes every message and the parent
// measures send-to-answer time. The channel child plays vdc-monitor (it
// creates the channel and echoes), the parent plays vdc-agent.

#include "channel/commandchannel.h"

#include <QByteArray>
#include <QString>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <string>
#include <vector>
#include <zmq.hpp>

using namespace vdc;
using namespace vdc::channel;
using Clock = std::chrono::steady_clock;

namespace {

struct Settings
{
    int roundTrips = 100'000;
    int warmUp = 10'000;
    int payload = 256;
};

struct Figures
{
    double p50 = 0;
    double p99 = 0;
    double mean = 0;
};

[[noreturn]] void die(const std::string &what)
{
    std::fprintf(stderr, "bench_channel: %s\n", what.c_str());
    std::exit(1);
}

Figures summarize(std::vector<double> microseconds)
{
    std::sort(microseconds.begin(), microseconds.end());
    Figures figures;
    figures.p50 = microseconds[microseconds.size() / 2];
    figures.p99 = microseconds[microseconds.size() * 99 / 100];
    double sum = 0;
    for (double value : microseconds)
        sum += value;
    figures.mean = sum / double(microseconds.size());
    return figures;
}

// Times `roundTrip` settings.roundTrips times after settings.warmUp untimed calls.
std::vector<double> measure(const Settings &settings, const std::function<void()> &roundTrip)
{
    for (int i = 0; i < settings.warmUp; ++i)
        roundTrip();
    std::vector<double> microseconds;
    microseconds.reserve(std::size_t(settings.roundTrips));
    for (int i = 0; i < settings.roundTrips; ++i) {
        const Clock::time_point start = Clock::now();
        roundTrip();
        microseconds.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
    }
    return microseconds;
}

// Runs `child` in a forked process; it signals readiness by writing one byte
// to the descriptor it is given. Returns the child's pid once it is ready.
pid_t startChild(const std::function<int(int readyFd)> &child)
{
    int pipeFds[2];
    if (::pipe(pipeFds) != 0)
        die("cannot create a pipe");
    const pid_t pid = ::fork();
    if (pid < 0)
        die("cannot fork");
    if (pid == 0) {
        ::close(pipeFds[0]);
        std::_Exit(child(pipeFds[1]));
    }
    ::close(pipeFds[1]);
    char ready = 0;
    if (::read(pipeFds[0], &ready, 1) != 1)
        die("the echo process did not start");
    ::close(pipeFds[0]);
    return pid;
}

void signalReady(int fd)
{
    const char ready = 1;
    if (::write(fd, &ready, 1) != 1)
        std::_Exit(2);
    ::close(fd);
}

void awaitChild(pid_t pid)
{
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        die("the echo process failed");
}

std::vector<double> benchChannel(const Settings &settings)
{
    const QString name = QStringLiteral("/vdc-bench-channel-%1").arg(::getpid());
    const pid_t pid = startChild([&](int readyFd) {
        auto monitor = CommandChannel::create(name);
        if (!monitor) {
            std::fprintf(stderr, "%s\n", qPrintable(monitor.error().message()));
            return 1;
        }
        signalReady(readyFd);
        for (;;) {
            auto frame = (*monitor)->receive(-1);
            if (!frame || !frame->has_value())
                return 1;
            if ((*frame)->isEmpty())
                return 0; // the parent is done
            if (!(*monitor)->send(**frame))
                return 1;
        }
    });

    auto opened = CommandChannel::open(name);
    if (!opened)
        die(opened.error().message().toStdString());
    CommandChannel &agent = **opened;
    const QByteArray payload(settings.payload, 'p');
    const std::vector<double> result = measure(settings, [&] {
        if (!agent.send(payload))
            die("channel send failed");
        auto answer = agent.receive(-1);
        if (!answer || !answer->has_value() || (*answer)->size() != payload.size())
            die("channel receive failed");
    });
    if (!agent.send(QByteArray()))
        die("channel send failed");
    awaitChild(pid);
    CommandChannel::unlink(name);
    return result;
}

std::vector<double> benchZeroMq(const Settings &settings)
{
    const std::string endpoint = "ipc:///tmp/vdc-bench-zmq-" + std::to_string(::getpid()) + ".ipc";
    // Each process makes its own context after the fork.
    const pid_t pid = startChild([&](int readyFd) {
        zmq::context_t context(1);
        zmq::socket_t reply(context, zmq::socket_type::rep);
        reply.set(zmq::sockopt::linger, 0);
        reply.bind(endpoint);
        signalReady(readyFd);
        for (;;) {
            zmq::message_t message;
            if (!reply.recv(message, zmq::recv_flags::none))
                return 1;
            const bool done = message.size() == 0;
            reply.send(message, zmq::send_flags::none);
            if (done)
                return 0;
        }
    });

    std::vector<double> result;
    {
        zmq::context_t context(1);
        zmq::socket_t request(context, zmq::socket_type::req);
        request.set(zmq::sockopt::linger, 0);
        request.connect(endpoint);
        const std::string payload(std::size_t(settings.payload), 'p');
        result = measure(settings, [&] {
            request.send(zmq::buffer(payload), zmq::send_flags::none);
            zmq::message_t answer;
            if (!request.recv(answer, zmq::recv_flags::none) || answer.size() != payload.size())
                die("zeromq receive failed");
        });
        request.send(zmq::message_t(), zmq::send_flags::none);
        zmq::message_t last;
        (void)request.recv(last, zmq::recv_flags::none);
    }
    awaitChild(pid);
    ::unlink(endpoint.substr(std::strlen("ipc://")).c_str());
    return result;
}

void print(const char *label, const Figures &figures)
{
    std::printf("%s round trip: p50 %.2f us p99 %.2f us mean %.2f us\n", label, figures.p50, figures.p99,
                figures.mean);
}

} // namespace

int main(int argc, char **argv)
{
    Settings settings;
    for (int i = 1; i + 1 < argc; i += 2) {
        const int value = std::atoi(argv[i + 1]);
        if (std::strcmp(argv[i], "--round-trips") == 0 && value > 0)
            settings.roundTrips = value;
        else if (std::strcmp(argv[i], "--warm-up") == 0 && value >= 0)
            settings.warmUp = value;
        else if (std::strcmp(argv[i], "--payload") == 0 && value > 0)
            settings.payload = value;
        else
            die("usage: bench_channel [--round-trips N] [--warm-up N] [--payload BYTES]");
    }
    if ((argc - 1) % 2 != 0)
        die("usage: bench_channel [--round-trips N] [--warm-up N] [--payload BYTES]");

    std::string load;
    std::getline(std::ifstream("/proc/loadavg"), load);
    std::printf("%d round trips after %d warm-up, %d-byte payload, %ld CPUs, load average %s\n", settings.roundTrips,
                settings.warmUp, settings.payload, ::sysconf(_SC_NPROCESSORS_ONLN), load.c_str());
    std::fflush(stdout); // before fork(), or the children would print it again

    const Figures channel = summarize(benchChannel(settings));
    print("channel", channel);
    std::fflush(stdout);
    const Figures zeromq = summarize(benchZeroMq(settings));
    print("zeromq ipc", zeromq);
    std::printf("ratio zeromq/channel p50: %.0fx p99: %.0fx mean: %.0fx\n", zeromq.p50 / channel.p50,
                zeromq.p99 / channel.p99, zeromq.mean / channel.mean);
    return 0;
}
