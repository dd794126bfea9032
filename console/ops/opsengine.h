#pragma once

#include "calendar/policycalendar.h"
#include "core/result.h"
#include "opsdatabase.h"
#include "placementplanner.h"
#include "policytransition.h"

#include <QElapsedTimer>
#include <QObject>
#include <QSet>
#include <QString>
#include <QTimer>

#include <functional>
#include <map>
#include <memory>
#include <optional>

namespace vdc::calendar {
class Clock;
}

namespace vdc::ops {

class AgentLink;
class MigrationOrchestrator;
class StatsArchive;

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
//
// Placement goes through PlacementPlanner (vdc::placement). Policy calendars
// (vdc::calendar): every domain has policy sets and calendar entries; the
// engine reads the time from a Clock, puts the set in force at each boundary
// (starts and stops partitions, changes CPU shares, limits and
// reservations), records what it applied in the database and audits every
// change as user "calendar".
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
    proto::OpsReply updateDomain(const QString &user, const proto::UpdateDomain &request);
    proto::OpsReply deleteDomain(const QString &user, const QString &name);
    proto::OpsReply createZone(const QString &user, const proto::Zone &zone);
    proto::OpsReply updateZone(const QString &user, const proto::UpdateZone &request);
    proto::OpsReply deleteZone(const QString &user, const QString &name);
    proto::OpsReply updateHost(const QString &user, const proto::UpdateHost &request);
    proto::OpsReply createPartition(const QString &user, proto::PartitionSpec spec);
    proto::OpsReply updatePartition(const QString &user, const proto::UpdatePartition &request);
    void startPartition(const QString &user, const proto::PartitionRef &ref, const ReplyHandler &done);
    // Places the partitions as one batch and starts them (or, dry_run, only
    // says where they would go and why every other host was rejected).
    void startPartitions(const QString &user, const proto::StartPartitions &request, const ReplyHandler &done);
    void stopPartition(const QString &user, const proto::PartitionRef &ref, const ReplyHandler &done);
    void deletePartition(const QString &user, const proto::PartitionRef &ref, const ReplyHandler &done);
    proto::OpsReply putPolicySet(const QString &user, const proto::PutPolicySet &request);
    proto::OpsReply putCalendarEntry(const QString &user, const proto::PutCalendarEntry &request);
    proto::OpsReply deletePolicy(const QString &user, const proto::DeletePolicy &request);
    proto::OpsReply listPolicies(const QString &domain) const;
    proto::OpsReply previewCalendar(const proto::PreviewCalendar &request) const;
    proto::OpsReply queryAudit(const proto::QueryAudit &request) const;
    proto::OpsReply exportDomain(const QString &user, const QString &name);
    proto::OpsReply importDomain(const QString &user, const proto::ImportDomain &request);
    // Stops the domain's running policy transition after the step in
    // progress; answered with its final progress once that step is done.
    void cancelPolicyTransition(const QString &user, const proto::CancelPolicyTransition &request, const ReplyHandler &done);

    // Reading the state.
    QList<proto::Host> hosts() const;
    std::optional<proto::Host> host(const QString &name) const;
    QList<proto::Domain> domains() const;
    QList<proto::Zone> zones() const; // with their member hosts
    // Empty domain: every partition. Sorted by domain, then name.
    QList<proto::Partition> partitions(const QString &domain = {}) const;
    Result<proto::Partition> partition(const proto::PartitionRef &ref) const;
    proto::StateSnapshot snapshot() const;
    quint64 sequence() const { return m_sequence; }

    OpsDatabase &database() { return *m_database; }
    // Migrations and host evacuation (migrationorchestrator.h).
    MigrationOrchestrator &migrations() { return *m_migrations; }
    // The hosts' statistics history and zone figures (statsarchive.h).
    StatsArchive &stats() { return *m_stats; }

    // The clock calendars are read against. Without one the engine uses the
    // system clock and a timer that fires at each boundary. A clock set here
    // (tests: a ManualClock) is driven by whoever sets it: the engine then
    // evaluates only when evaluateCalendars() is called. Not owned.
    void setClock(const calendar::Clock *clock);
    // Puts the policy set in force now into effect for every domain whose
    // applied set differs. Changes that need agents finish later;
    // calendarsSettled() is emitted when nothing is left in flight.
    void evaluateCalendars();
    bool calendarsBusy() const { return m_calendarWork > 0; }
    // The policy set the engine last applied for a domain ("" : none yet).
    QString appliedPolicySet(const QString &domain) const;

signals:
    // Every state change, in sequence order.
    void stateChanged(const vdc::proto::StateDelta &delta);
    void calendarsSettled();

private:
    friend class MigrationOrchestrator; // drives hosts, partitions and deltas the way the engine's own operations do

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
        // The CPU shares its host runs it with, once known (set at start,
        // from the host's inventory, or by a live change).
        std::optional<std::uint32_t> runningShares;
    };
    // A policy set coming into force, carried out one step after the other
    // (stops, then the starts as one batch, then live CPU-share changes) and
    // published as StateDelta.policy_transition.
    struct RunningTransition
    {
        proto::PolicyTransitionProgress progress;
        QString setName;
        QStringList stops;
        QStringList starts;
        QList<PolicyTransition::ShareChange> shares;
        QElapsedTimer elapsed;
        QString cancelledBy; // set: stop after the step in progress
        QList<ReplyHandler> cancelWaiters;
    };
    struct DomainCalendar
    {
        calendar::PolicyCalendar calendar;
        QString applied;     // the policy set last put in effect; empty: none yet
        QDateTime appliedAt;
        std::optional<proto::PolicySet> appliedDefinition; // as it was applied (changes are diffed against it)
    };
    using PolicyKey = std::pair<QString, QString>; // (domain, name)

    Result<void> startable(const PartitionEntry &entry) const;
    // Starts a partition placed on `hostName` (startable() was checked).
    void launch(const QString &user, PartitionEntry &entry, const QString &hostName, const QString &link,
                const ReplyHandler &done);
    PlacementPlanner::Inputs placementInputs() const;
    void startBatch(const QString &user, const QList<proto::PartitionRef> &refs, PlacementPlanner::Mode mode,
                    const std::function<void(proto::OpsReply)> &done);

    // Validation shared by create, update and import.
    Result<void> validateDomain(const proto::Domain &domain) const;
    Result<void> validateZone(const proto::Zone &zone) const;
    // otherMembers: anti-affinity partners not in the engine yet (an import).
    Result<void> validatePlacementRules(const proto::PartitionSpec &spec, const proto::Domain &domain,
                                        const QStringList &otherMembers = {}) const;
    Result<void> validatePolicySet(const proto::PolicySet &set, const QSet<QString> &partitionNames) const;
    proto::CalendarEntry entryToProto(const QString &domain, const calendar::CalendarEntry &entry) const;
    QString defaultPolicySetOf(const QString &domain) const;
    const proto::PolicySet *policySet(const QString &domain, const QString &name) const;
    QStringList hostsOfZone(const QString &zone) const;
    QStringList partitionsOnHost(const QString &host) const;
    proto::Zone zoneWithHosts(const QString &name) const;
    void refreshLinkGuarantees(bool publishChanges = true);
    OpsDatabase::HostRow hostRow(const HostEntry &entry) const;
    Result<void> checkMovable(const QString &hostName, const QString &toZone) const;
    void definitionsChanged();
    void refreshShares(const QString &domain, bool publishChanges);
    // Sends the shares in force to the hosts of the domain's running
    // partitions that run with others (user "calendar", policy set `setName`);
    // those `stopping` are left alone.
    void applyRunningShares(const QString &domain, const QString &setName, const QStringList &stopping);
    // Sends one running partition the shares in force; `then` gets the
    // failure, if any (also audited).
    void sendRunningShares(const QString &uuid, const QString &setName, const std::function<void(const Error *)> &then);
    Result<void> rebuildCalendar(const QString &domain);

    // Calendars.
    QDateTime now() const;
    void scheduleCalendarTimer();
    void applyPolicySet(const QString &domain, const QString &setName, const QString &entryName);
    void calendarWorkDone();
    void beginTransition(const QString &domain, const QString &setName, const QString &entryName,
                         const PolicyTransition::Plan &plan);
    void runTransitionStep(const QString &domain, const std::string &id);
    void transitionStepDone(const QString &domain, const std::string &id, const Error *error, int steps);
    void finishTransition(const QString &domain, bool superseded = false);
    void publishTransition(RunningTransition &run);
    QList<PolicyTransition::PartitionState> transitionStates(const QString &domain) const;

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
    std::map<QString, proto::Zone> m_zones;          // member hosts not filled in
    std::map<PolicyKey, proto::PolicySet> m_policySets;
    std::map<QString, DomainCalendar> m_calendars;   // by domain
    const calendar::Clock *m_clock = nullptr;
    std::unique_ptr<calendar::Clock> m_systemClock;
    QTimer m_calendarTimer;
    bool m_calendarTimerEnabled = true;
    int m_calendarWork = 0;                          // calendar operations in flight
    bool m_evaluateAgain = false;
    std::map<QString, RunningTransition> m_transitions; // by domain, while one runs
    std::map<QString, HostEntry> m_hosts;           // by name
    std::map<QString, PartitionEntry> m_partitions; // by uuid
    quint64 m_sequence = 0;
    MigrationOrchestrator *m_migrations = nullptr; // a child of the engine
    StatsArchive *m_stats = nullptr;                // a child of the engine
};

} // namespace vdc::ops
