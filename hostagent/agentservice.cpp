#include "agentservice.h"

#include "logging.h"
#include "migrationcontroller.h"
#include "partitioncontroller.h"
#include "statsbuffer.h"

#include "core/version.h"
#include "net/envelope.h"

#include <QDateTime>
#include <QPointer>
#include <QSaveFile>

namespace vdc::agent {

namespace {
const QByteArray kHeartbeatTopic = QByteArrayLiteral("hb");
const QByteArray kMigrationTopic = QByteArrayLiteral("migration");
}

AgentService::AgentService(PartitionController &controller, MigrationController &migrations, QObject *parent)
    : QObject(parent)
    , m_controller(controller)
    , m_migrations(migrations)
{
    m_heartbeatTimer.setInterval(kHeartbeatIntervalMs);
    connect(&m_heartbeatTimer, &QTimer::timeout, this, &AgentService::publishHeartbeat);
    connect(&m_migrations, &MigrationController::progressed, this, &AgentService::publishProgress);
}

AgentService::~AgentService() = default;

Result<void> AgentService::listen(const QString &listenEndpoint, const QString &publishEndpoint)
{
    auto router = std::make_unique<net::ZmqSocket>(zmq::socket_type::router);
    auto bound = router->bind(listenEndpoint);
    if (!bound)
        return bound.error();
    auto publisher = std::make_unique<net::ZmqSocket>(zmq::socket_type::pub);
    publisher->setNotificationsEnabled(false); // nothing to read on a PUB socket
    auto published = publisher->bind(publishEndpoint);
    if (!published)
        return published.error();

    m_router = std::move(router);
    m_publisher = std::move(publisher);
    m_listenEndpoint = *bound;
    m_publishEndpoint = *published;
    m_migrations.setEndpoints(m_listenEndpoint, m_publishEndpoint);
    connect(m_router.get(), &net::ZmqSocket::messageReceived, this, &AgentService::onRequest);
    qCInfo(lcAgentApi) << "listening on" << m_listenEndpoint << "publishing on" << m_publishEndpoint;
    publishHeartbeat();
    m_heartbeatTimer.start();
    return {};
}

Result<void> AgentService::writeEndpointFile(const QString &path) const
{
    QSaveFile file(path); // writes a temporary file and renames it on commit
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text))
        return Error(proto::ERROR_STORAGE,
                     QStringLiteral("Cannot write the endpoint file %1: %2.").arg(path, file.errorString()));
    const QByteArray text = QStringLiteral("listen=%1\npublish=%2\n").arg(m_listenEndpoint, m_publishEndpoint).toUtf8();
    if (file.write(text) != text.size() || !file.commit())
        return Error(proto::ERROR_STORAGE,
                     QStringLiteral("Cannot write the endpoint file %1: %2.").arg(path, file.errorString()));
    return {};
}

Result<proto::Inventory> AgentService::inventory()
{
    auto inventory = m_controller.inventory();
    if (!inventory)
        return inventory;
    inventory->set_publish_endpoint(m_publishEndpoint.toStdString());
    inventory->set_timestamp_ms(QDateTime::currentMSecsSinceEpoch());
    for (const proto::MigrationStatus &status : m_migrations.statuses())
        *inventory->add_migrations() = status;
    return inventory;
}

void AgentService::onRequest(const net::Frames &frames)
{
    if (frames.isEmpty())
        return;
    const QByteArray &identity = frames.front();
    if (frames.size() != 2) {
        qCWarning(lcAgentApi) << "refused a request of" << frames.size() - 1 << "frames";
        return replyError(identity, 0,
                          Error(proto::ERROR_MALFORMED,
                                QStringLiteral("The request has %1 frames; the agent API takes exactly one frame "
                                               "holding an AgentRequest.")
                                    .arg(frames.size() - 1)));
    }
    auto request = net::decode<proto::AgentRequest>(frames.at(1), "agent request");
    if (!request) {
        // The id is still worth echoing when the frame parses but has another version.
        proto::AgentRequest probe;
        const std::uint64_t requestId =
            probe.ParseFromArray(frames.at(1).constData(), int(frames.at(1).size())) ? probe.request_id() : 0;
        qCWarning(lcAgentApi).noquote() << "refused a request:" << request.error().message();
        return replyError(identity, requestId, request.error());
    }
    handle(identity, *request);
}

void AgentService::handle(const QByteArray &identity, const proto::AgentRequest &request)
{
    const std::uint64_t requestId = request.request_id();
    proto::AgentReply message;
    message.set_request_id(requestId);

    // Answers start/stop later; the service may be gone by then.
    const auto later = [self = QPointer<AgentService>(this), identity, requestId](Result<proto::Partition> result) {
        if (!self)
            return;
        if (!result)
            return self->replyError(identity, requestId, result.error());
        proto::AgentReply done;
        done.set_request_id(requestId);
        *done.mutable_partition() = std::move(result.value());
        self->reply(identity, std::move(done));
    };

    switch (request.body_case()) {
    case proto::AgentRequest::kDefine: {
        auto partition = m_controller.define(request.define().spec());
        if (!partition)
            return replyError(identity, requestId, partition.error());
        *message.mutable_partition() = std::move(partition.value());
        return reply(identity, std::move(message));
    }
    case proto::AgentRequest::kStart:
        return m_controller.start(request.start(), later);
    case proto::AgentRequest::kStop:
        return m_controller.stop(request.stop(), later);
    case proto::AgentRequest::kSetCpuShares:
        return m_controller.setCpuShares(request.set_cpu_shares(), later);
    case proto::AgentRequest::kUndefine: {
        auto partition = m_controller.undefine(request.undefine());
        if (!partition)
            return replyError(identity, requestId, partition.error());
        *message.mutable_partition() = std::move(partition.value());
        return reply(identity, std::move(message));
    }
    case proto::AgentRequest::kInventory: {
        auto inv = inventory();
        if (!inv)
            return replyError(identity, requestId, inv.error());
        *message.mutable_inventory() = std::move(inv.value());
        return reply(identity, std::move(message));
    }
    case proto::AgentRequest::kPrepareMigrationIn:
        return m_migrations.prepareIn(
            request.prepare_migration_in(),
            [self = QPointer<AgentService>(this), identity, requestId](Result<proto::MigrationTarget> result) {
                if (!self)
                    return;
                if (!result)
                    return self->replyError(identity, requestId, result.error());
                proto::AgentReply done;
                done.set_request_id(requestId);
                *done.mutable_migration_target() = std::move(result.value());
                self->reply(identity, std::move(done));
            });
    case proto::AgentRequest::kMigrateOut:
        return m_migrations.migrateOut(
            request.migrate_out(),
            [self = QPointer<AgentService>(this), identity, requestId](const MigrationController::Outcome &outcome) {
                if (!self)
                    return;
                proto::AgentReply done;
                done.set_request_id(requestId);
                if (outcome.error)
                    *done.mutable_error() = outcome.error->toProto();
                *done.mutable_migration() = outcome.progress; // the final event, also on failure
                self->reply(identity, std::move(done));
            });
    case proto::AgentRequest::kCompleteMigrationIn:
        return m_migrations.completeIn(request.complete_migration_in(), later);
    case proto::AgentRequest::kAbortMigrationIn:
        return m_migrations.abortIn(request.abort_migration_in(), later);
    case proto::AgentRequest::kCancelMigration:
        return m_migrations.cancel(
            request.cancel_migration(),
            [self = QPointer<AgentService>(this), identity, requestId](Result<proto::MigrationProgress> result) {
                if (!self)
                    return;
                if (!result)
                    return self->replyError(identity, requestId, result.error());
                proto::AgentReply done;
                done.set_request_id(requestId);
                *done.mutable_migration() = std::move(result.value());
                self->reply(identity, std::move(done));
            });
    case proto::AgentRequest::kStateChunk: {
        auto ack = m_migrations.receiveChunk(request.state_chunk());
        if (!ack)
            return replyError(identity, requestId, ack.error());
        *message.mutable_chunk_ack() = std::move(ack.value());
        return reply(identity, std::move(message));
    }
    case proto::AgentRequest::kFinishStateTransfer:
        return m_migrations.finishTransfer(request.finish_state_transfer(), later);
    case proto::AgentRequest::BODY_NOT_SET:
        break;
    }
    replyError(identity, requestId,
               Error(proto::ERROR_MALFORMED,
                     QStringLiteral("The request carries no command this agent knows (define, start, stop, set CPU shares, undefine, "
                                    "inventory, or a migration request).")));
}

void AgentService::replyError(const QByteArray &identity, std::uint64_t requestId, const Error &error)
{
    proto::AgentReply message;
    message.set_request_id(requestId);
    *message.mutable_error() = error.toProto();
    reply(identity, std::move(message));
}

void AgentService::reply(const QByteArray &identity, proto::AgentReply message)
{
    if (!m_router)
        return;
    message.set_protocol_version(kProtocolVersion);
    if (!message.has_error())
        message.mutable_error()->set_code(proto::ERROR_NONE);
    if (auto r = m_router->send({identity, net::encode(message)}); !r)
        qCWarning(lcAgentApi).noquote() << "cannot answer request" << message.request_id() << ":"
                                        << r.error().message();
}

void AgentService::publishProgress(const proto::MigrationProgress &progress)
{
    if (!m_publisher)
        return;
    if (auto r = m_publisher->send({kMigrationTopic, net::encode(progress)}); !r)
        qCWarning(lcAgentApi).noquote() << "cannot publish migration progress:" << r.error().message();
}

void AgentService::publishHeartbeat()
{
    if (!m_publisher)
        return;
    auto inv = inventory();
    if (!inv) {
        qCWarning(lcAgentApi).noquote() << "no heartbeat:" << inv.error().message();
        return;
    }
    proto::Heartbeat heartbeat;
    heartbeat.set_protocol_version(kProtocolVersion);
    heartbeat.set_sequence(++m_heartbeatSequence);
    *heartbeat.mutable_inventory() = std::move(inv.value());
    if (m_stats)
        for (proto::HostSample &sample : m_stats->take())
            *heartbeat.add_stats() = std::move(sample);
    if (auto r = m_publisher->send({kHeartbeatTopic, net::encode(heartbeat)}); !r)
        qCWarning(lcAgentApi).noquote() << "cannot publish a heartbeat:" << r.error().message();
}

} // namespace vdc::agent
