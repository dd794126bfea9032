#pragma once

#include "core/result.h"
#include "net/zmqsocket.h"

#include "vdc.pb.h"

#include <QObject>
#include <QString>
#include <QTimer>

#include <cstdint>
#include <memory>

namespace vdc::agent {

class MigrationController;
class PartitionController;
class StatsBuffer;

// The host's ZeroMQ endpoint.
//
// ROUTER (listen): every request is [identity, AgentRequest] and gets exactly
// one [identity, AgentReply] with the same request_id. A request that does
// not decode, has the wrong number of frames or carries no command gets
// ERROR_MALFORMED (request_id 0 when it cannot be read); the service keeps
// serving. start and stop are answered when the monitor has answered, other
// requests at once; requests are pipelined (a client need not wait).
//
// PUB (publish): [ "hb", Heartbeat ] every second, carrying the Inventory
// and the monitor's statistics samples since the previous heartbeat;
// [ "migration", MigrationProgress ] while a migration out of this host runs
// (at least every 500 ms) and once more when it ends.
class AgentService : public QObject
{
    Q_OBJECT
public:
    static constexpr int kHeartbeatIntervalMs = 1000;

    AgentService(PartitionController &controller, MigrationController &migrations, QObject *parent = nullptr);
    ~AgentService() override;

    // Binds both sockets (tcp://127.0.0.1:* picks a free port) and starts
    // heartbeating.
    Result<void> listen(const QString &listenEndpoint, const QString &publishEndpoint);

    // Writes "listen=<endpoint>" and "publish=<endpoint>" to `path`
    // atomically (temporary file, then rename).
    Result<void> writeEndpointFile(const QString &path) const;

    const QString &listenEndpoint() const { return m_listenEndpoint; }
    const QString &publishEndpoint() const { return m_publishEndpoint; }

    // Heartbeats carry (and empty) this buffer's samples. Not owned.
    void setStatsBuffer(StatsBuffer *buffer) { m_stats = buffer; }

    // The inventory as the API and the heartbeat report it.
    Result<proto::Inventory> inventory();

private:
    void onRequest(const net::Frames &frames);
    void handle(const QByteArray &identity, const proto::AgentRequest &request);
    void reply(const QByteArray &identity, proto::AgentReply message);
    void replyError(const QByteArray &identity, std::uint64_t requestId, const Error &error);
    void publishHeartbeat();
    void publishProgress(const proto::MigrationProgress &progress);

    PartitionController &m_controller;
    MigrationController &m_migrations;
    StatsBuffer *m_stats = nullptr;
    std::unique_ptr<net::ZmqSocket> m_router;
    std::unique_ptr<net::ZmqSocket> m_publisher;
    QString m_listenEndpoint;
    QString m_publishEndpoint;
    QTimer m_heartbeatTimer;
    std::uint64_t m_heartbeatSequence = 0;
};

} // namespace vdc::agent
