#pragma once

#include "core/result.h"
#include "net/zmqsocket.h"

#include <QHash>
#include <QObject>
#include <QString>
#include <QTimer>

#include <cstdint>
#include <functional>
#include <memory>
#include <unordered_map>

namespace vdc::ops {

// The operations service's line to one host's vdc-agent: a DEALER to the
// agent's ROUTER for requests (pipelined, each answered through its own
// callback, matched by request_id, with a time-out) and a SUB to the agent's
// PUB for heartbeats (topic "hb", with the host's statistics samples) and
// migration progress (topic "migration").
//
// Liveness follows the Paranoid Pirate pattern: every heartbeat interval
// without a heartbeat costs one unit of liveness; at zero the host is
// declared dead (expiry = interval x liveness, 1 s x 3 by default). The next
// heartbeat brings it back.
class AgentLink : public QObject
{
    Q_OBJECT
public:
    using ReplyHandler = std::function<void(Result<proto::AgentReply>)>;

    static constexpr int kInventoryTimeoutMs = 5000;
    static constexpr int kOperationTimeoutMs = 60000;
    static constexpr int kHeartbeatIntervalMs = 1000;
    static constexpr int kHeartbeatLiveness = 3;

    AgentLink(QString hostName, QString agentEndpoint, QObject *parent = nullptr);
    ~AgentLink() override;

    // Connects the DEALER. Requests sent before the connection is up wait for
    // it (within their time-out); nothing is queued for a peer that is not
    // there, so a late agent never receives stale commands.
    Result<void> open();

    QString hostName() const { return m_hostName; }
    QString agentEndpoint() const { return m_agentEndpoint; }
    QString publishEndpoint() const { return m_publishEndpoint; }

    // Sends a request (protocol_version and request_id are filled in). The
    // handler runs exactly once: with the reply, with the agent's error, or
    // with ERROR_UNAVAILABLE after timeoutMs.
    void send(proto::AgentRequest request, int timeoutMs, ReplyHandler handler);

    void requestInventory(ReplyHandler handler);
    void define(const proto::PartitionSpec &spec, ReplyHandler handler);
    void start(const proto::PartitionRef &partition, ReplyHandler handler);
    void stop(const proto::PartitionRef &partition, ReplyHandler handler);
    void undefine(const proto::PartitionRef &partition, ReplyHandler handler);
    // Changes the CPU shares of a partition running on the host, live.
    void setCpuShares(const proto::PartitionRef &partition, std::uint32_t cpuShares, ReplyHandler handler);

    // Every pending request is answered with `error` now.
    void cancelPending(const Error &error);
    int pendingCount() const { return int(m_pending.size()); }

    // Subscribes to the agent's heartbeats at `publishEndpoint` (a wildcard
    // address such as tcp://0.0.0.0:port is reached through the agent
    // endpoint's address). Counts the host alive from now on (without
    // aliveChanged: the caller holds the agent's answer); aliveChanged reports
    // the expiry and every return after it.
    Result<void> followHeartbeats(const QString &publishEndpoint);
    bool isAlive() const { return m_alive; }

    // Shorter timings for tests.
    void setTimeouts(int inventoryMs, int operationMs);
    void setHeartbeatTiming(int intervalMs, int liveness);

signals:
    void heartbeatReceived(const vdc::proto::Inventory &inventory);
    // Each statistics sample a heartbeat carries, oldest first, just before
    // heartbeatReceived; its host field is this link's host name.
    void statsReceived(const vdc::proto::HostSample &sample);
    // A progress event of a migration out of this host (topic "migration").
    void migrationProgressReceived(const vdc::proto::MigrationProgress &progress);
    void aliveChanged(bool alive);

private:
    struct Pending
    {
        ReplyHandler handler;
        QByteArray frame;
        bool sent = false;
        int timeoutMs = 0;
        std::unique_ptr<QTimer> timer;
    };

    void onReply(const net::Frames &frames);
    void onHeartbeat(const net::Frames &frames);
    void onLivenessTick();
    void flushUnsent();
    void finish(quint64 requestId, Result<proto::AgentReply> result);
    QString resolvePublishEndpoint(const QString &endpoint) const;

    QString m_hostName;
    QString m_agentEndpoint;
    QString m_publishEndpoint;
    std::unique_ptr<net::ZmqSocket> m_dealer;
    std::unique_ptr<net::ZmqSocket> m_sub;
    quint64 m_nextRequestId = 1;
    std::unordered_map<quint64, Pending> m_pending;
    QTimer m_retryTimer;
    QTimer m_livenessTimer;
    int m_inventoryTimeoutMs = kInventoryTimeoutMs;
    int m_operationTimeoutMs = kOperationTimeoutMs;
    int m_heartbeatIntervalMs = kHeartbeatIntervalMs;
    int m_livenessMax = kHeartbeatLiveness;
    int m_liveness = 0;
    bool m_heardSinceTick = false;
    bool m_alive = false;
};

} // namespace vdc::ops
