#pragma once

#include "core/result.h"
#include "migrationrecord.h"
#include "partitioncontroller.h"
#include "storedpartition.h"

#include "vdc.pb.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QString>
#include <QTimer>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>

namespace vdc::agent {

class BootstrapStore;
class PeerWatch;
class StateReceiver;
class StateSender;

// This host's part in moving running partitions between hosts; the steps an
// orchestrator (the operations service) takes are in hostagent/README.md.
//
// Target side: prepareIn() reserves resources for the partition (host policy,
// then a RESERVE transaction) and records the reservation in the bootstrap
// store, where it survives an agent restart and from where it is sent again
// to a monitor that lost it; completeIn() adopts the arrived partition
// (ADOPT) and stores its definition; abortIn() releases the reservation
// (RELEASE). A reservation nobody completes or aborts lapses at its expiry:
// released when nothing arrived, adopted when the partition runs here
// (the migration finished), kept while an incoming migration is still
// running here. Offline: receiveChunk()/finishTransfer() take the saved
// state file and restore it (RESTORE) onto the reservation.
//
// Source side: migrateOut() moves a partition that runs here: live
// (MIGRATE_OUT, libvirt peer to peer) or offline (MIGRATE_OUT saves, a
// StateSender sends the file to the target agent, which restores it; then
// RELEASE here). Progress events go out through progressed() at least every
// 500 ms. While it runs the target agent's heartbeats are watched; a silent
// target cancels the migration. On success the definition leaves this
// host's bootstrap store; on failure or cancel the partition keeps running
// here (an offline one is restored from its own saved state).
class MigrationController : public QObject
{
    Q_OBJECT
public:
    static constexpr std::uint32_t kDefaultReservationTtlSeconds = 300;
    static constexpr int kRepublishIntervalMs = 400; // an event at least this often
    static constexpr int kExpiryCheckMs = 1000;

    struct Outcome
    {
        std::optional<Error> error; // empty: it runs on the target now
        proto::MigrationProgress progress; // the final event
    };
    using TargetDone = std::function<void(Result<proto::MigrationTarget>)>;
    using OutcomeDone = std::function<void(const Outcome &)>;
    using ProgressDone = std::function<void(Result<proto::MigrationProgress>)>;
    using PartitionDone = PartitionController::Completion;

    MigrationController(QString hostName, QString stateDir, BootstrapStore &store, PartitionController &partitions,
                        QObject *parent = nullptr);
    ~MigrationController() override;

    // Loads the migrations recorded in the store and starts the timers.
    Result<void> start();
    // The endpoints a target names in its MigrationTarget.
    void setEndpoints(QString listen, QString publish);
    // How long a target agent may stay silent during a migration (tests).
    void setPeerSilenceLimit(int milliseconds) { m_peerSilenceMs = milliseconds; }

    void prepareIn(const proto::PrepareMigrationIn &request, TargetDone done);
    void migrateOut(const proto::MigrateOut &request, OutcomeDone done);
    void completeIn(const proto::MigrationRef &ref, PartitionDone done);
    void abortIn(const proto::MigrationRef &ref, PartitionDone done);
    void cancel(const proto::MigrationRef &ref, ProgressDone done);
    Result<proto::StateChunkAck> receiveChunk(const proto::StateChunk &chunk);
    void finishTransfer(const proto::FinishStateTransfer &finish, PartitionDone done);

    // Every migration this host takes part in, for the inventory.
    QList<proto::MigrationStatus> statuses() const;
    const QString &stateDir() const { return m_stateDir; }

signals:
    void progressed(const vdc::proto::MigrationProgress &progress);

private:
    struct Outgoing
    {
        MigrationRecord record;
        proto::MigrationTarget target;
        StoredPartition partition; // as stored when it started (its assignment here)
        OutcomeDone done;
        proto::MigrationProgress last;
        QElapsedTimer clock;
        qint64 lastPublishedMs = 0;
        std::uint64_t sequence = 0;
        std::unique_ptr<PeerWatch> watch;
        std::unique_ptr<StateSender> sender;
        std::optional<Error> cancelReason; // why it is being cancelled
        bool monitorDriven = true;          // the monitor's job runs (live, or the save)
        bool restoringOnTarget = false;     // offline: the target restores; too late to cancel
        bool awaitingSettle = false;        // the monitor was lost: decide from its next snapshot
        std::uint64_t generation = 0;       // of the monitor running it
    };

    // target side
    proto::MigrationTarget targetFor(const MigrationRecord &record) const;
    void adopt(const MigrationRecord &record, PartitionDone done);
    void release(const MigrationRecord &record, PartitionDone done);
    void resendReservations();
    void checkExpiries();
    std::int64_t expiryOf(const MigrationRecord &record) const;
    void forgetIncoming(const QString &uuid);

    // source side
    void onMonitorProgress(const QString &uuid, const proto::MigrationProgress &progress);
    void onMigrateOutResult(const QString &uuid, Result<proto::TransactionResult> result);
    void startTransfer(Outgoing &o);
    void rollBack(const QString &uuid, const Error &why);
    void releaseSource(const QString &uuid, proto::MigrationProgress final);
    void cancelOutgoing(const QString &uuid, const Error &why);
    void finishOutgoing(const QString &uuid, std::optional<Error> error, proto::MigrationProgress final);
    void publish(Outgoing &o, proto::MigrationProgress progress);
    proto::MigrationProgress event(const Outgoing &o, proto::MigrationPhase phase) const;
    void republish();
    void settleOutgoing(bool resynchronised);
    void resubmit(const QString &uuid, const MigrationRecord &record);

    void onSnapshot(bool resynchronised);
    Error storeFailure(const Error &error) const;

    QString m_hostName;
    QString m_stateDir;
    BootstrapStore &m_store;
    PartitionController &m_partitions;
    QString m_listenEndpoint;
    QString m_publishEndpoint;
    int m_peerSilenceMs = 3000;

    std::map<QString, std::unique_ptr<Outgoing>> m_outgoing;        // by partition uuid
    QHash<QString, MigrationRecord> m_incoming;                      // by partition uuid
    std::map<QString, std::unique_ptr<StateReceiver>> m_receivers;   // by partition uuid
    QHash<QString, qint64> m_lastActivityMs;                         // incoming: last sign of life
    QSet<QString> m_busy;                                            // a transaction of ours is in flight
    QList<MigrationRecord> m_unsettled;                              // outgoing ones found at start
    QTimer m_republishTimer;
    QTimer m_expiryTimer;
};

} // namespace vdc::agent
