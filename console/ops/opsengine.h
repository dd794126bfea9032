#pragma once

#include "core/result.h"
#include "opsdatabase.h"

#include <QObject>
#include <QString>
#include <QTimer>

#include <functional>
#include <map>
#include <memory>
#include <optional>

namespace vdc::ops {

class AgentLink;

// The operations engine: the data-center state (domains, hosts, partitions),
// the operations on it, and the links to every host's agent.
//
// Every change is stored in the operations database (one transaction with its
// audit event) before it is answered or published. Each state change is
// published as a StateDelta with the next sequence number (Clone pattern:
// snapshot() carries the sequence it includes). Sequence numbers start at the
// engine's start time in microseconds, so after a restart they are higher
// than any number a client saw before and the client notices the gap and
// takes a new snapshot.
//
// Requests that need an agent (add host, start, stop, delete) are answered
// later through their handler; every request is answered exactly once.
class OpsEngine : public QObject
{
    Q_OBJECT
public:
    using ReplyHandler = std::function<void(proto::OpsReply)>;

    // Time-outs and heartbeat expiry; the defaults are the production values,
    // tests shorten them.
    struct Timing
    {
        int inventoryTimeoutMs = 5000;
        int operationTimeoutMs = 60000;
        int heartbeatIntervalMs = 1000;
        int heartbeatLiveness = 3;
        int reconnectIntervalMs = 5000; // inventory retry for a host that is not up
    };

    explicit OpsEngine(std::unique_ptr<OpsDatabase> database, QObject *parent = nullptr);
    ~OpsEngine() override;

    // Loads domains, hosts and partitions from the database and reconnects to
    // every host. Call once, before the first request.
    Result<void> load();

    void setTiming(const Timing &timing) { m_timing = timing; }
    const Timing &timing() const { return m_timing; }
    // Announced in HelloReply.
    void setPublishEndpoint(const QString &endpoint) { m_publishEndpoint = endpoint; }

    // The ops API. protocol_version and request_id of the reply are left for
    // the caller (the server) to fill in.
    void handle(const proto::OpsRequest &request, const ReplyHandler &done);

    // The operations, one by one. `user` is recorded in the audit log.
    void addHost(const QString &user, const proto::AddHost &request, const ReplyHandler &done);
    proto::OpsReply removeHost(const QString &user, const QString &name);
    proto::OpsReply createDomain(const QString &user, const proto::Domain &domain);
    proto::OpsReply createPartition(const QString &user, proto::PartitionSpec spec);
    void startPartition(const QString &user, const proto::PartitionRef &ref, const ReplyHandler &done);
    void stopPartition(const QString &user, const proto::PartitionRef &ref, const ReplyHandler &done);
    void deletePartition(const QString &user, const proto::PartitionRef &ref, const ReplyHandler &done);

    // Reading the state.
    QList<proto::Host> hosts() const;
    std::optional<proto::Host> host(const QString &name) const;
    QList<proto::Domain> domains() const;
    // Empty domain: every partition. Sorted by domain, then name.
    QList<proto::Partition> partitions(const QString &domain = {}) const;
    Result<proto::Partition> partition(const proto::PartitionRef &ref) const;
    proto::StateSnapshot snapshot() const;
    quint64 sequence() const { return m_sequence; }

    OpsDatabase &database() { return *m_database; }

signals:
    // Every state change, in sequence order.
    void stateChanged(const vdc::proto::StateDelta &delta);

private:
    struct HostEntry
    {
        proto::Host host;
        AgentLink *link = nullptr;
        std::uint32_t inFlightCores = 0;
        std::uint64_t inFlightMemoryMib = 0;
        bool inventoryPending = false;
        QList<std::function<void()>> inventoryWaiters;
        std::unique_ptr<QTimer> reconnectTimer;
    };
    struct PartitionEntry
    {
        proto::Partition partition;
        proto::PartitionState desired = proto::PARTITION_STATE_STOPPED;
        bool busy = false; // an operation on it is in flight
    };

    HostEntry *findHost(const QString &name);
    PartitionEntry *findPartition(const QString &uuid);
    Result<PartitionEntry *> lookup(const proto::PartitionRef &ref);

    void connectHost(HostEntry &entry);
    void refreshInventory(const QString &hostName, std::function<void()> then = {});
    void onInventory(const QString &hostName, const Result<proto::AgentReply> &reply);
    void onHeartbeat(const QString &hostName, const proto::Inventory &inventory);
    void onAliveChanged(const QString &hostName, bool alive);
    // Updates capacity and partition states from an agent's report.
    void applyInventory(HostEntry &entry, const proto::Inventory &inventory);
    void setHostState(HostEntry &entry, proto::HostState state, const QString &error);
    void updateRunningCount(const QString &hostName);

    // Stores a partition's new runtime (and audit event) and publishes it.
    Result<void> storePartition(PartitionEntry &entry, const std::optional<AuditEvent> &audit = std::nullopt);
    void finishStart(const proto::PartitionSpec &spec, const QString &user, const QString &hostName,
                     const QString &previousHost, Result<proto::AgentReply> reply, const ReplyHandler &done);
    void finishStop(const QString &uuid, const QString &user, Result<proto::AgentReply> reply, const ReplyHandler &done);
    void finishDelete(const QString &uuid, const QString &user, const ReplyHandler &done);
    void releaseInFlight(const QString &hostName, const proto::PartitionSpec &spec);

    void publishHost(const proto::Host &host);
    void publishPartition(const proto::Partition &partition);
    void publish(proto::StateDelta delta);

    AuditEvent audit(const QString &user, const QString &action, const QString &object, const Error *error,
                     const QString &message) const;
    void recordRefusal(const QString &user, const QString &action, const QString &object, const Error &error);

    std::unique_ptr<OpsDatabase> m_database;
    Timing m_timing;
    QString m_publishEndpoint;
    std::map<QString, proto::Domain> m_domains;
    std::map<QString, HostEntry> m_hosts;           // by name
    std::map<QString, PartitionEntry> m_partitions; // by uuid
    quint64 m_sequence = 0;
};

} // namespace vdc::ops
