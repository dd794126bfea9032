#include "terminationsignals.h"

#include <QSocketNotifier>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <sys/socket.h>
#include <unistd.h>

namespace vdc::ops {

namespace {

int g_fds[2] = {-1, -1};

void onSignal(int number)
{
    const int saved = errno;
    const unsigned char byte = static_cast<unsigned char>(number);
    [[maybe_unused]] const auto written = ::write(g_fds[0], &byte, 1);
    errno = saved;
}

} // namespace

TerminationSignals::TerminationSignals(QObject *parent)
    : QObject(parent)
{
}

TerminationSignals::~TerminationSignals()
{
    struct sigaction action {};
    action.sa_handler = SIG_DFL;
    sigemptyset(&action.sa_mask);
    ::sigaction(SIGTERM, &action, nullptr);
    ::sigaction(SIGINT, &action, nullptr);
    m_notifier.reset();
    ::close(g_fds[0]);
    ::close(g_fds[1]);
    g_fds[0] = g_fds[1] = -1;
}

Result<std::unique_ptr<TerminationSignals>> TerminationSignals::install(QObject *parent)
{
    if (g_fds[0] != -1)
        return Error(proto::ERROR_INTERNAL, QStringLiteral("Termination signals are already being watched in this process."));
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0, g_fds) != 0)
        return Error(proto::ERROR_INTERNAL,
                     QStringLiteral("Cannot create the socket pair for signal handling: %1.").arg(QString::fromLocal8Bit(std::strerror(errno))));
    std::unique_ptr<TerminationSignals> watcher(new TerminationSignals(parent));
    watcher->m_notifier = std::make_unique<QSocketNotifier>(qintptr(g_fds[1]), QSocketNotifier::Read);
    connect(watcher->m_notifier.get(), &QSocketNotifier::activated, watcher.get(), &TerminationSignals::onReadable);

    struct sigaction action {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    if (::sigaction(SIGTERM, &action, nullptr) != 0 || ::sigaction(SIGINT, &action, nullptr) != 0)
        return Error(proto::ERROR_INTERNAL,
                     QStringLiteral("Cannot install the signal handlers: %1.").arg(QString::fromLocal8Bit(std::strerror(errno))));
    return watcher;
}

void TerminationSignals::onReadable()
{
    unsigned char byte = 0;
    while (::read(g_fds[1], &byte, 1) == 1)
        emit received(int(byte));
}

} // namespace vdc::ops
