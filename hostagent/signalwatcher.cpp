#include "signalwatcher.h"

#include <QSocketNotifier>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <sys/socket.h>
#include <unistd.h>

namespace vdc::agent {

namespace {

int g_signalFds[2] = {-1, -1};

extern "C" void forwardSignal(int signalNumber)
{
    const int saved = errno;
    const char byte = char(signalNumber);
    [[maybe_unused]] const auto written = ::write(g_signalFds[0], &byte, 1);
    errno = saved;
}

} // namespace

SignalWatcher::SignalWatcher(QObject *parent)
    : QObject(parent)
{
}

Result<std::unique_ptr<SignalWatcher>> SignalWatcher::install(QObject *parent)
{
    if (g_signalFds[0] != -1)
        return Error(proto::ERROR_INTERNAL, QStringLiteral("The signal watcher is already installed in this process."));
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0, g_signalFds) != 0)
        return Error(proto::ERROR_INTERNAL,
                     QStringLiteral("Cannot create the signal socket pair: %1.").arg(QString::fromLocal8Bit(std::strerror(errno))));

    std::unique_ptr<SignalWatcher> watcher(new SignalWatcher(parent));
    watcher->m_notifier = std::make_unique<QSocketNotifier>(qintptr(g_signalFds[1]), QSocketNotifier::Read);
    connect(watcher->m_notifier.get(), &QSocketNotifier::activated, watcher.get(), &SignalWatcher::readSignal);

    struct sigaction action = {};
    action.sa_handler = forwardSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    for (const int signalNumber : {SIGTERM, SIGINT}) {
        if (::sigaction(signalNumber, &action, nullptr) != 0)
            return Error(proto::ERROR_INTERNAL,
                         QStringLiteral("Cannot install the handler of signal %1: %2.")
                             .arg(signalNumber).arg(QString::fromLocal8Bit(std::strerror(errno))));
    }
    return watcher;
}

SignalWatcher::~SignalWatcher()
{
    struct sigaction action = {};
    action.sa_handler = SIG_DFL;
    sigemptyset(&action.sa_mask);
    ::sigaction(SIGTERM, &action, nullptr);
    ::sigaction(SIGINT, &action, nullptr);
    m_notifier.reset();
    ::close(g_signalFds[0]);
    ::close(g_signalFds[1]);
    g_signalFds[0] = g_signalFds[1] = -1;
}

void SignalWatcher::readSignal()
{
    char byte = 0;
    while (::read(g_signalFds[1], &byte, 1) == 1)
        emit terminationRequested(int(byte));
}

} // namespace vdc::agent
