#include "opsserver.h"

#include "core/version.h"
#include "net/envelope.h"
#include "opsengine.h"
#include "statsarchive.h"

#include <QLoggingCategory>
#include <QPointer>

Q_LOGGING_CATEGORY(lcOpsServer, "vdc.ops.server", QtWarningMsg)

namespace vdc::ops {

OpsServer::OpsServer(OpsEngine &engine, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
{
}

OpsServer::~OpsServer() = default;

Result<void> OpsServer::listen(const QString &listenEndpoint, const QString &publishEndpoint)
{
    auto router = std::make_unique<net::ZmqSocket>(zmq::socket_type::router);
    auto bound = router->bind(listenEndpoint);
    if (!bound)
        return bound.error();
    auto publisher = std::make_unique<net::ZmqSocket>(zmq::socket_type::pub);
    auto published = publisher->bind(publishEndpoint);
    if (!published)
        return published.error();

    m_router = std::move(router);
    m_publisher = std::move(publisher);
    m_listenEndpoint = *bound;
    m_publishEndpoint = *published;
    connect(m_router.get(), &net::ZmqSocket::messageReceived, this, &OpsServer::onRequest);
    connect(&m_engine, &OpsEngine::stateChanged, this, &OpsServer::publish);
    connect(&m_engine.stats(), &StatsArchive::updateReady, this, &OpsServer::publishStats);
    return {};
}

void OpsServer::onRequest(const net::Frames &frames)
{
    if (frames.isEmpty())
        return;
    const QByteArray identity = frames.first();
    if (frames.size() != 2) {
        sendReply(identity, 0,
                  [&] {
                      proto::OpsReply reply;
                      *reply.mutable_error() =
                          Error(proto::ERROR_MALFORMED,
                                QStringLiteral("An ops request is one frame (an OpsRequest); this message had %1 frames.")
                                    .arg(frames.size() - 1))
                              .toProto();
                      return reply;
                  }());
        return;
    }
    const QByteArray &payload = frames.at(1);
    auto request = net::decode<proto::OpsRequest>(payload, "OpsRequest");
    if (!request) {
        quint64 requestId = 0;
        if (request.error().code() == proto::ERROR_UNSUPPORTED_VERSION) {
            proto::OpsRequest raw;
            if (raw.ParseFromArray(payload.constData(), int(payload.size())))
                requestId = raw.request_id();
        }
        proto::OpsReply reply;
        *reply.mutable_error() = request.error().toProto();
        sendReply(identity, requestId, std::move(reply));
        return;
    }
    const quint64 requestId = request->request_id();
    QPointer<OpsServer> self(this);
    m_engine.handle(*request, [self, identity, requestId](proto::OpsReply reply) {
        if (self) // the server may be gone when a late agent answer arrives
            self->sendReply(identity, requestId, std::move(reply));
    });
}

void OpsServer::sendReply(const QByteArray &identity, quint64 requestId, proto::OpsReply reply)
{
    reply.set_protocol_version(kProtocolVersion);
    reply.set_request_id(requestId);
    if (auto r = m_router->send({identity, net::encode(reply)}); !r)
        qCInfo(lcOpsServer).noquote() << "cannot answer request" << requestId << "(the client left?):" << r.error().message();
}

void OpsServer::publish(const proto::StateDelta &delta)
{
    if (auto r = m_publisher->send({QByteArrayLiteral("state"), net::encode(delta)}); !r)
        qCWarning(lcOpsServer).noquote() << "cannot publish state delta" << delta.sequence() << ":" << r.error().message();
}

void OpsServer::publishStats(const proto::StatsUpdate &update)
{
    if (auto r = m_publisher->send({QByteArrayLiteral("stats"), net::encode(update)}); !r)
        qCWarning(lcOpsServer).noquote() << "cannot publish statistics:" << r.error().message();
}

} // namespace vdc::ops
