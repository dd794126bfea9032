#pragma once

#include "core/result.h"

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QString>
#include <QTimer>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>

namespace vdc::ops {

class AgentLink;
class OpsEngine;

// Moves running partitions between hosts for the operations engine
// (docs/architecture.md, "Migration").
//
// One migration of partition P from host A to host B: check (B exists, is
// up and not in maintenance, is not A; the engine's placement for B alone
// says B has room and P's zone and policy allow it; no migration of P is
// running) -> prepare_migration_in on B (B reserves) -> migrate_out on A
// (live where both hosts can, else offline; A's agent releases and forgets P
// when it left) -> complete_migration_in on B (B adopts) -> P's host and
// assignment change in the operations database. On failure or cancel:
// abort_migration_in on B, and P keeps running on A. After every outcome both
// hosts' inventories are asked again before the outcome is published, so the
// engine's view, the agents' and libvirt agree.
//
// Every migration is a row in the operations database while it runs. A
// migration whose outcome is unknown (the source went silent, the engine
// restarted) is settled from the source's inventory once it answers; a
// target reservation that could not be released (the target was down) is
// released when the target answers again.
//
// Progress: the source agent's events (topic "migration") are republished
// as StateDelta.migration_progress with the engine's own sequence and the
// time since the request was accepted; the estimate of the remaining time
// counts down and, when it has to grow, says why (estimate_note).
class MigrationOrchestrator : public QObject
{
    Q_OBJECT
public:
    using ReplyHandler = std::function<void(proto::OpsReply)>;

    static constexpr int kDefaultMaxParallel = 2;
    static constexpr int kMigrateOutTimeoutMs = 6 * 60 * 60 * 1000; // the source's watch of its peer ends it sooner
    static constexpr int kSettleIntervalMs = 2000;

    explicit MigrationOrchestrator(OpsEngine &engine);
    ~MigrationOrchestrator() override;

    // Reads the migrations the database still holds (an engine restart) and
    // settles them once their hosts answer.
    Result<void> load();

    void setMaxParallel(int migrations) { m_maxParallel = migrations > 0 ? migrations : kDefaultMaxParallel; }
    int maxParallel() const { return m_maxParallel; }
    void setSettleInterval(int ms);

    void migrate(const QString &user, const proto::MigratePartition &request, const ReplyHandler &done);
    void cancel(const QString &user, const proto::CancelMigration &request, const ReplyHandler &done);
    void evacuate(const QString &user, const proto::EvacuateHost &request, const ReplyHandler &done);
    proto::OpsReply endMaintenance(const QString &user, const QString &host);
    proto::OpsReply list() const;

    bool inMaintenance(const QString &host) const { return m_maintenance.contains(host); }
    bool isMigrating(const QString &uuid) const;
    // Migrations whose target reservation still has to be released.
    int pendingAborts() const { return int(m_pendingAborts.size()); }

signals:
    // A migration ended (after its final event was published).
    void migrationFinished(const vdc::proto::MigrationProgress &final);

private:
    enum class Stage {
        Preparing,    // prepare_migration_in sent to the target
        MigratingOut, // migrate_out sent to the source
        Settling,     // outcome unknown: the source's inventory decides
        Completing,   // complete_migration_in sent to the target
        Aborting,     // abort_migration_in sent to the target
        Finishing,    // inventories being refreshed, then the final event
    };

    struct Migration
    {
        QString id;
        QString uuid;
        QString name;
        QString object; // "partition prod/web1"
        QString user;
        QString source;
        QString target;
        proto::PartitionSpec spec;
        proto::MigrationMode mode = proto::MIGRATION_MODE_UNSPECIFIED;
        std::uint32_t bandwidthMibS = 0;
        Stage stage = Stage::Preparing;
        quint64 generation = 0;     // bumped when a reply handler must be ignored
        bool cancelRequested = false;
        bool querying = false;      // settling: an inventory request in flight
        bool inFlightBooked = false;
        proto::MigrationTarget reservation;
        proto::MigrationProgress last;
        proto::MigrationProgress agentFinal; // the source's final event, when it sent one
        std::uint64_t sequence = 0;
        QElapsedTimer clock;
        std::int64_t etaMs = -1;    // the last estimate published
        qint64 etaAtMs = 0;         // clock time it was made
        QList<ReplyHandler> waiters;        // migrate requests
        QList<ReplyHandler> cancelWaiters;  // cancel requests
    };

    struct Evacuation
    {
        QString host;
        QString user;
        int maxParallel = kDefaultMaxParallel;
        proto::MigrationMode mode = proto::MIGRATION_MODE_UNSPECIFIED;
        QList<std::pair<proto::PartitionRef, QString>> queue; // (partition, target)
        int running = 0;
        int total = 0;
        QStringList failures;
        proto::EvacuationReport report;
        ReplyHandler done;
    };

    struct CheckFailure
    {
        Error error;
        QList<proto::PlacementRejection> rejections;
    };

    std::optional<CheckFailure> check(const proto::PartitionSpec &spec, const QString &source, const QString &target,
                                      const QString &uuid) const;
    Migration *find(const QString &id);
    Migration *findByPartition(const QString &uuid);
    void watchLink(AgentLink *link, const QString &hostName);

    void sendPrepare(Migration &m);
    void onPrepared(const QString &id, quint64 generation, Result<proto::AgentReply> reply);
    void sendMigrateOut(Migration &m);
    void onMigratedOut(const QString &id, quint64 generation, Result<proto::AgentReply> reply);
    void sendComplete(Migration &m);
    void onCompleted(const QString &id, quint64 generation, Result<proto::AgentReply> reply);
    void abortTarget(Migration &m, proto::MigrationPhase phase, const QString &why,
                     proto::ErrorCode code = proto::ERROR_UNAVAILABLE);
    void settle(Migration &m, const QString &why);
    void settleTick();
    void settleFromInventory(const QString &id, quint64 generation, const Result<proto::AgentReply> &reply);
    void retryAborts();
    void finish(const QString &id, proto::MigrationPhase phase, const QString &message, std::optional<Error> error);

    void onAgentProgress(const QString &hostName, const proto::MigrationProgress &progress);
    void publish(Migration &m, proto::MigrationProgress progress);
    proto::MigrationProgress event(const Migration &m, proto::MigrationPhase phase) const;
    Result<void> saveRow(const Migration &m, const QString &state);

    void pump(const std::shared_ptr<Evacuation> &evacuation);

    OpsEngine &m_engine;
    int m_maxParallel = kDefaultMaxParallel;
    std::map<QString, std::unique_ptr<Migration>> m_migrations; // by migration id
    QHash<QString, proto::MigrationProgress> m_pendingAborts;   // by migration id: what to release where
    QSet<QString> m_abortsInFlight;
    QSet<QString> m_maintenance;
    QSet<AgentLink *> m_watchedLinks;
    QTimer m_settleTimer;
};

} // namespace vdc::ops
