#pragma once

#include "core/result.h"
#include "net/zmqsocket.h"
#include "vdc.pb.h"

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

#include <functional>

namespace vdc::gui {

class StateStore;

// The console's client of the operations API, the same for the embedded
// engine (inproc://) and a remote vdc-opsd (tcp://).
//
// Requests go over a DEALER to the engine's ROUTER and are matched to their
// replies by request_id, each with a time-out. State follows the Clone
// pattern: Hello tells where StateDelta is published, the SUB subscribes,
// GetSnapshot fills the StateStore, then deltas with a higher sequence are
// applied; a gap asks for a new snapshot. The same SUB takes the engine's
// statistics (topic "stats"), which are not state: each StatsUpdate is
// handed on as it comes. A Hello every second doubles as
// the heartbeat (as in the Paranoid Pirate pattern): when nothing has been
// heard for interval x liveness the connection counts as lost, the store
// keeps the last state, and the client reconnects with a growing back-off.
class OpsClient : public QObject
{
    Q_OBJECT
public:
    enum class ConnectionState {
        Disconnected, // not asked to connect
        Connecting,   // first attempt, nothing heard yet
        Connected,    // the engine answers and the store follows it
        Lost,         // the engine stopped answering; the store holds the last state
        Reconnecting, // trying again after a loss
    };
    Q_ENUM(ConnectionState)

    struct Options
    {
        int pingIntervalMs = 1000;
        int liveness = 3; // silent ping intervals before the engine counts as gone
        // Longer than the engine's own time-out for agent operations (60 s):
        // the engine answers every request, so ours only catches a lost engine.
        int requestTimeoutMs = 90000;
        int reconnectIntervalMs = 1000;
        int maxReconnectIntervalMs = 8000;
        QString user; // recorded in the engine's audit log; the login name when empty
    };

    // Called exactly once per request: with the engine's reply, or with a
    // reply whose error says why there is none (time-out, engine gone).
    using ReplyHandler = std::function<void(const proto::OpsReply &reply)>;

    explicit OpsClient(StateStore *store, QObject *parent = nullptr);
    OpsClient(StateStore *store, const Options &options, QObject *parent = nullptr);
    ~OpsClient() override;

    // Starts talking to the engine at endpoint (tcp://, ipc:// or inproc://).
    // Fails only for an endpoint ZeroMQ cannot parse; an engine that does not
    // answer shows up as Connecting / Reconnecting.
    Result<void> connectTo(const QString &endpoint);
    void disconnectFromEngine();

    ConnectionState connectionState() const { return m_state; }
    bool isConnected() const { return m_state == ConnectionState::Connected; }
    QString endpoint() const { return m_endpoint; }
    QString publishEndpoint() const { return m_publishEndpoint; }
    QString serverName() const { return m_serverName; }
    int reconnectAttempt() const { return m_attempt; }
    // Whole seconds since anything arrived from the engine.
    int silentSeconds() const;
    const Options &options() const { return m_options; }

    // Sends a request (protocol_version, request_id and user are filled in).
    // The handler is not called once context is destroyed.
    void request(proto::OpsRequest request, QObject *context, ReplyHandler handler, int timeoutMs = 0);

    void addHost(const QString &name, const QString &agentEndpoint, const QString &zone, QObject *context,
                 ReplyHandler handler);
    void createDomain(const QString &name, const QString &description, QObject *context, ReplyHandler handler);
    void createPartition(const proto::PartitionSpec &spec, QObject *context, ReplyHandler handler);
    void startPartition(const QString &uuid, QObject *context, ReplyHandler handler);
    void stopPartition(const QString &uuid, QObject *context, ReplyHandler handler);
    void deletePartition(const QString &uuid, QObject *context, ReplyHandler handler);

    // Moves a running partition to targetHost (the engine checks, reserves,
    // copies and reports progress as StateDelta.migration_progress); the
    // reply comes once the migration has started (or was refused).
    void migratePartition(const QString &uuid, const QString &targetHost, QObject *context, ReplyHandler handler);
    // Cancels the running migration of a partition.
    void cancelMigration(const QString &uuid, QObject *context, ReplyHandler handler);
    // Stops the domain's running calendar change after its step in progress.
    void cancelPolicyTransition(const QString &domain, QObject *context, ReplyHandler handler);
    // Puts a host in a zone ("" takes it out of its zone).
    void setHostZone(const QString &host, const QString &zone, QObject *context, ReplyHandler handler);
    void createZone(const QString &name, QObject *context, ReplyHandler handler);
    void renameZone(const QString &name, const QString &newName, QObject *context, ReplyHandler handler);
    void deleteZone(const QString &name, QObject *context, ReplyHandler handler);

signals:
    void connectionStateChanged(vdc::gui::OpsClient::ConnectionState state);
    // The store holds a fresh snapshot (first connect, after a gap, after a reconnect).
    void snapshotApplied();
    // One decoded StatsUpdate from the engine (about once a second).
    void statsUpdated(const vdc::proto::StatsUpdate &update);

private:
    struct Pending
    {
        QPointer<QObject> context;
        bool hasContext = false;
        ReplyHandler handler;
    };

    Result<void> openSockets();
    void closeSockets(const QString &reason);
    void retire(net::ZmqSocket *&socket);
    void setState(ConnectionState state);

    void sendHello();
    void onHelloReply(const proto::OpsReply &reply);
    void subscribeState(const QString &publishEndpoint);
    void requestSnapshot();
    void onSnapshotReply(const proto::OpsReply &reply);
    void applyBufferedDeltas();

    void onReplyMessage(const net::Frames &frames);
    void onStateMessage(const net::Frames &frames);
    void onStatsMessage(const net::Frames &frames);
    void tick();

    void expire(quint64 requestId);
    void failAllPending(const QString &reason);
    void deliver(Pending pending, const proto::OpsReply &reply);
    QString resolvePublishEndpoint(const QString &published) const;

    StateStore *m_store;
    Options m_options;
    ConnectionState m_state = ConnectionState::Disconnected;
    QString m_endpoint;
    QString m_publishEndpoint;
    QString m_serverName;

    net::ZmqSocket *m_dealer = nullptr;
    net::ZmqSocket *m_sub = nullptr;

    quint64 m_nextRequestId = 0;
    QHash<quint64, Pending> m_pending;

    QTimer m_ticker;
    QElapsedTimer m_lastHeard;     // anything from the engine: reply or delta
    QElapsedTimer m_attemptStarted;
    int m_attempt = 0;
    int m_backoffMs = 0;

    bool m_synced = false;          // store is at a snapshot and follows the stream
    bool m_snapshotPending = false;
    bool m_snapshotWanted = false;  // a snapshot request failed; retry on the next tick
    QList<proto::StateDelta> m_buffered;  // deltas that arrived while no snapshot was applied
    quint64 m_lastStreamSequence = 0;     // highest sequence seen on the SUB
    quint64 m_generation = 0;             // bumped whenever the sockets are replaced
};

} // namespace vdc::gui
