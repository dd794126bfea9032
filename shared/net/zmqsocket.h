#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QString>

#include <memory>
#include <zmq.hpp>

class QSocketNotifier;

namespace vdc::net {

using Frames = QList<QByteArray>;

// The process-wide ZeroMQ context. One per process so that inproc://
// endpoints connect the embedded engine and the console.
zmq::context_t &context();

// A ZeroMQ socket driven by the Qt event loop. ZMQ_FD is edge-triggered, so
// after the notifier fires we keep reading while ZMQ_EVENTS says POLLIN.
class ZmqSocket : public QObject
{
    Q_OBJECT
public:
    ZmqSocket(zmq::socket_type type, QObject *parent = nullptr);
    ~ZmqSocket() override;

    // Binds and returns the endpoint actually bound (tcp://127.0.0.1:* gives
    // the chosen port back).
    Result<QString> bind(const QString &endpoint);
    Result<void> connect(const QString &endpoint);
    void disconnect(const QString &endpoint);
    void subscribe(const QByteArray &topic);

    // Sends a multi-part message without blocking. Fails when the peer's
    // queue is full or the socket cannot route it.
    Result<void> send(const Frames &frames);

    // Waits at most timeoutMs for one message, outside the event loop (for
    // command-line tools and tests). Empty optional on time-out.
    std::optional<Frames> receiveBlocking(int timeoutMs);

    zmq::socket_t &raw() { return m_socket; }

    // Enables or disables the messageReceived signal (on by default).
    void setNotificationsEnabled(bool enabled);

signals:
    void messageReceived(const vdc::net::Frames &frames);

private:
    void drain();
    std::optional<Frames> receiveNow();

    zmq::socket_t m_socket;
    std::unique_ptr<QSocketNotifier> m_notifier;
    bool m_draining = false;
};

} // namespace vdc::net
