#pragma once

#include "core/result.h"
#include "net/zmqsocket.h"

#include <QObject>
#include <QString>

#include <memory>

namespace vdc::ops {

class OpsEngine;

// The operations API on the network: a ROUTER for OpsRequest/OpsReply
// (identity + one payload frame) and a PUB for StateDelta (frames "state",
// payload) and StatsUpdate (frames "stats", payload, once a second).
// Answers that need an agent come later; the server keeps the client's
// identity and request_id until then. A frame it cannot use is
// answered with ERROR_MALFORMED and the server keeps serving.
class OpsServer : public QObject
{
    Q_OBJECT
public:
    explicit OpsServer(OpsEngine &engine, QObject *parent = nullptr);
    ~OpsServer() override;

    // Binds both sockets (tcp://127.0.0.1:* picks free ports; inproc:// works
    // for clients in the same process).
    Result<void> listen(const QString &listenEndpoint, const QString &publishEndpoint);

    QString listenEndpoint() const { return m_listenEndpoint; }
    QString publishEndpoint() const { return m_publishEndpoint; }

private:
    void onRequest(const net::Frames &frames);
    void sendReply(const QByteArray &identity, quint64 requestId, proto::OpsReply reply);
    void publish(const proto::StateDelta &delta);
    void publishStats(const proto::StatsUpdate &update);

    OpsEngine &m_engine;
    std::unique_ptr<net::ZmqSocket> m_router;
    std::unique_ptr<net::ZmqSocket> m_publisher;
    QString m_listenEndpoint;
    QString m_publishEndpoint;
};

} // namespace vdc::ops
