#include "zmqsocket.h"

#include <QLoggingCategory>
#include <QSocketNotifier>
#include <QTimer>

Q_LOGGING_CATEGORY(lcZmq, "vdc.net.zmq", QtWarningMsg)

namespace vdc::net {

zmq::context_t &context()
{
    static zmq::context_t ctx(1);
    return ctx;
}

ZmqSocket::ZmqSocket(zmq::socket_type type, QObject *parent)
    : QObject(parent)
    , m_socket(context(), type)
{
    m_socket.set(zmq::sockopt::linger, 0);
    if (type == zmq::socket_type::router)
        m_socket.set(zmq::sockopt::router_mandatory, 1);
    const auto fd = m_socket.get(zmq::sockopt::fd);
    m_notifier = std::make_unique<QSocketNotifier>(qintptr(fd), QSocketNotifier::Read);
    QObject::connect(m_notifier.get(), &QSocketNotifier::activated, this, [this] { drain(); });
}

ZmqSocket::~ZmqSocket()
{
    m_notifier->setEnabled(false);
}

void ZmqSocket::setNotificationsEnabled(bool enabled)
{
    m_notifier->setEnabled(enabled);
    if (enabled) // messages may have arrived while we were not listening
        QTimer::singleShot(0, this, [this] { drain(); });
}

Result<QString> ZmqSocket::bind(const QString &endpoint)
{
    try {
        m_socket.bind(endpoint.toStdString());
        return QString::fromStdString(m_socket.get(zmq::sockopt::last_endpoint));
    } catch (const zmq::error_t &e) {
        return Error(proto::ERROR_UNAVAILABLE,
                     QStringLiteral("Cannot listen on %1: %2").arg(endpoint, QString::fromUtf8(e.what())));
    }
}

Result<void> ZmqSocket::connect(const QString &endpoint)
{
    try {
        m_socket.connect(endpoint.toStdString());
        // An inproc:// peer can deliver before ZMQ_FD ever signals (the edge
        // happened before we listened): look once from the event loop.
        QTimer::singleShot(0, this, [this] { drain(); });
        return {};
    } catch (const zmq::error_t &e) {
        return Error(proto::ERROR_INVALID_ARGUMENT,
                     QStringLiteral("Cannot connect to %1: %2").arg(endpoint, QString::fromUtf8(e.what())));
    }
}

void ZmqSocket::disconnect(const QString &endpoint)
{
    try {
        m_socket.disconnect(endpoint.toStdString());
    } catch (const zmq::error_t &) {
        // not connected: nothing to undo
    }
}

void ZmqSocket::subscribe(const QByteArray &topic)
{
    m_socket.set(zmq::sockopt::subscribe, zmq::buffer(topic.constData(), size_t(topic.size())));
}

Result<void> ZmqSocket::send(const Frames &frames)
{
    try {
        for (qsizetype i = 0; i < frames.size(); ++i) {
            const auto &f = frames.at(i);
            auto flags = zmq::send_flags::dontwait;
            if (i + 1 < frames.size())
                flags = flags | zmq::send_flags::sndmore;
            if (!m_socket.send(zmq::const_buffer(f.constData(), size_t(f.size())), flags))
                return Error(proto::ERROR_UNAVAILABLE, QStringLiteral("The peer is not accepting messages (queue full)."));
        }
    } catch (const zmq::error_t &e) {
        return Error(proto::ERROR_UNAVAILABLE, QStringLiteral("Cannot send: %1").arg(QString::fromUtf8(e.what())));
    }
    // Sending can consume the edge of ZMQ_FD for incoming data; look again.
    QTimer::singleShot(0, this, [this] { drain(); });
    return {};
}

std::optional<Frames> ZmqSocket::receiveNow()
{
    Frames frames;
    try {
        while (true) {
            zmq::message_t part;
            if (!m_socket.recv(part, zmq::recv_flags::dontwait))
                return frames.isEmpty() ? std::nullopt : std::optional<Frames>(frames);
            frames.append(QByteArray(static_cast<const char *>(part.data()), qsizetype(part.size())));
            if (!part.more())
                return frames;
        }
    } catch (const zmq::error_t &e) {
        qCWarning(lcZmq) << "receive failed:" << e.what();
        return std::nullopt;
    }
}

std::optional<Frames> ZmqSocket::receiveBlocking(int timeoutMs)
{
    zmq::pollitem_t item{m_socket.handle(), 0, ZMQ_POLLIN, 0};
    try {
        if (zmq::poll(&item, 1, std::chrono::milliseconds(timeoutMs)) <= 0)
            return std::nullopt;
    } catch (const zmq::error_t &) {
        return std::nullopt;
    }
    return receiveNow();
}

void ZmqSocket::drain()
{
    if (m_draining || !m_notifier->isEnabled())
        return;
    m_draining = true;
    // Edge-triggered: read everything that is there now.
    while (m_notifier->isEnabled()) {
        const auto events = m_socket.get(zmq::sockopt::events);
        if (!(events & ZMQ_POLLIN))
            break;
        auto frames = receiveNow();
        if (!frames)
            break;
        emit messageReceived(*frames);
    }
    m_draining = false;
}

} // namespace vdc::net
