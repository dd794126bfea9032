#include "opsclient.h"

#include "core/version.h"
#include "net/envelope.h"
#include "net/zmqsocket.h"

#include <QDeadlineTimer>

namespace vdc::ctl {

OpsClient::OpsClient(QString endpoint)
    : m_endpoint(std::move(endpoint))
{
}

OpsClient::~OpsClient() = default;

Result<void> OpsClient::connect()
{
    m_socket = std::make_unique<net::ZmqSocket>(zmq::socket_type::dealer);
    // Blocking receives only; no event loop runs here.
    m_socket->setNotificationsEnabled(false);
    return m_socket->connect(m_endpoint);
}

Result<std::optional<proto::OpsReply>> OpsClient::call(proto::OpsRequest request, int timeoutMs)
{
    const quint64 id = m_nextRequestId++;
    request.set_protocol_version(kProtocolVersion);
    request.set_request_id(id);
    if (auto r = m_socket->send({net::encode(request)}); !r)
        return r.error();

    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        auto frames = m_socket->receiveBlocking(int(std::max<qint64>(1, deadline.remainingTime())));
        if (!frames)
            break;
        if (frames->isEmpty())
            continue;
        auto reply = net::decode<proto::OpsReply>(frames->last(), "OpsReply");
        if (!reply)
            return Error(reply.error().code(), QStringLiteral("The operations service at %1 sent an answer that cannot be "
                                                              "used: %2")
                                                   .arg(m_endpoint, reply.error().message()));
        // A server that could not read the request answers with request_id 0.
        if (reply->request_id() != id && reply->request_id() != 0)
            continue; // an answer to an earlier request that timed out
        return std::optional<proto::OpsReply>(std::move(reply).value());
    }
    return std::optional<proto::OpsReply>();
}

} // namespace vdc::ctl
