#include "peerwatch.h"

#include "logging.h"

namespace vdc::agent {

PeerWatch::PeerWatch(QString peerName, QObject *parent)
    : QObject(parent)
    , m_peerName(std::move(peerName))
{
    m_timer.setInterval(kIntervalMs / 4);
    connect(&m_timer, &QTimer::timeout, this, &PeerWatch::check);
}

PeerWatch::~PeerWatch() = default;

Result<void> PeerWatch::watch(const QString &publishEndpoint)
{
    auto subscriber = std::make_unique<net::ZmqSocket>(zmq::socket_type::sub);
    subscriber->subscribe(QByteArrayLiteral("hb"));
    if (auto connected = subscriber->connect(publishEndpoint); !connected)
        return connected;
    connect(subscriber.get(), &net::ZmqSocket::messageReceived, this, [this](const net::Frames &) {
        m_sinceHeard.restart();
    });
    m_subscriber = std::move(subscriber);
    m_sinceHeard.start();
    m_reported = false;
    m_timer.start();
    return {};
}

void PeerWatch::check()
{
    if (m_reported || !m_sinceHeard.isValid())
        return;
    const qint64 silence = m_sinceHeard.elapsed();
    if (silence < m_silenceLimitMs)
        return;
    m_reported = true;
    m_timer.stop();
    qCWarning(lcAgentApi).noquote() << QStringLiteral("The agent of host %1 has sent no heartbeat for %2 ms.")
                                           .arg(m_peerName)
                                           .arg(silence);
    emit silent(int(silence));
}

} // namespace vdc::agent
