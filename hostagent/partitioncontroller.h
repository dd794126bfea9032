#pragma once

#include "core/result.h"
#include "hostpolicy.h"
#include "resourceview.h"
#include "storedpartition.h"

#include "vdc.pb.h"

#include <QDeadlineTimer>
#include <QObject>
#include <QSet>
#include <QString>
#include <QTimer>

#include <cstdint>
#include <functional>
#include <map>
#include <vector>

namespace vdc::agent {

class BootstrapStore;
class ChannelClient;

// The life cycle of this host's partitions: definitions in the bootstrap
// store, activation and deactivation as transactions over the command
// channel, the copy of the monitor's resource database, and reconciliation
// of the store with what the monitor runs.
//
// start()/stop() answer through a completion, later, when the monitor's
// TransactionResult arrives (the event loop is never blocked). A transaction
// the monitor refuses with ERROR_CONFLICT (our copy was stale) is chosen
// again on a fresh snapshot and sent once more; one that stays unanswered
// for transactionTimeoutMs fails with ERROR_UNAVAILABLE. After every
// (re)attach of the monitor, pending transactions are resent (the monitor
// makes them idempotent by txid) and the next snapshot is reconciled:
//  - partitions the monitor runs are recorded running with their resources;
//  - partitions whose desired state is running but that the monitor does not
//    run (the host rebooted, the monitor's libvirt is empty) are activated
//    again;
//  - partitions the monitor runs that the store does not know are reported
//    and left alone.
class PartitionController : public QObject
{
    Q_OBJECT
public:
    using Completion = std::function<void(Result<proto::Partition>)>;
    using TransactionDone = std::function<void(Result<proto::TransactionResult>)>;
    using ProgressHandler = std::function<void(const proto::MigrationProgress &)>;
    static constexpr int kTransactionTimeoutMs = 60000;

    PartitionController(QString hostName, BootstrapStore &store, ChannelClient &channel, QObject *parent = nullptr);
    ~PartitionController() override;

    // Validates and stores a definition (insert, or update of the same uuid;
    // an empty uuid reuses the one of the same domain/name or makes one).
    Result<proto::Partition> define(const proto::PartitionSpec &spec);
    void start(const proto::PartitionRef &ref, Completion done);
    void stop(const proto::PartitionRef &ref, Completion done);
    // Changes the CPU shares of a partition running here, live, and records
    // them in its stored definition; refused when it does not run here.
    void setCpuShares(const proto::SetCpuShares &request, Completion done);
    // Forgets a partition that is not running.
    Result<proto::Partition> undefine(const proto::PartitionRef &ref);

    // Sends any other transaction (the migration ones) and answers `done`
    // with the monitor's TransactionResult (which may carry an error: read
    // result.error()), or with an Error when there is no answer: the monitor
    // is not attached, restarted, or does not answer in time
    // (ERROR_UNAVAILABLE). A txid of 0 is filled from the store. `progress` receives the
    // monitor's MigrationProgress events for it; each one pushes the
    // deadline back. A transaction with `resend` is sent again after a
    // monitor restart (like start and stop); one without fails then, with
    // ERROR_UNAVAILABLE, since the monitor that ran it is gone.
    void submit(proto::Transaction transaction, TransactionDone done, ProgressHandler progress = {},
                bool resend = true);
    Result<std::uint64_t> nextTxid();

    // What the host policy would give `spec` now (see HostPolicy::choose).
    Result<proto::ResourceAssignment> chooseResources(const proto::PartitionSpec &spec) const
    {
        return m_policy.choose(m_view, spec);
    }
    // Asks the monitor for a fresh snapshot (the state of libvirt's domains
    // changes without the database changing, and snapshots follow changes).
    void refreshSnapshot() { requestSnapshot(); }
    // A transaction for the partition is in flight.
    bool hasPending(const QString &uuid) const { return pendingTxid(uuid) != 0; }

    // Partitions being migrated: start, stop, define and undefine refuse
    // them, and reconciliation leaves them to the migration.
    void setMigrating(const QString &uuid, bool migrating);
    bool isMigrating(const QString &uuid) const { return m_migrating.contains(uuid); }

    // Totals from the resource copy, partitions from the store. The caller
    // fills publish_endpoint and timestamp_ms.
    Result<proto::Inventory> inventory();

    const QString &hostName() const { return m_hostName; }
    const ResourceView &view() const { return m_view; }
    bool monitorAttached() const;
    // The generation of the monitor attached now (it changes when the monitor restarts).
    std::uint64_t monitorGeneration() const;
    void setTransactionTimeout(int milliseconds) { m_transactionTimeoutMs = milliseconds; }

    BootstrapStore &store() { return m_store; }

signals:
    // The runtime or definition of a partition changed.
    void partitionChanged(const vdc::proto::Partition &partition);
    // A resource snapshot replaced the copy; `resynchronised` when it is the
    // first one of the monitor attached now (reconciliation ran on it).
    void snapshotApplied(bool resynchronised);

private:
    struct Pending
    {
        proto::Transaction tx;
        std::vector<Completion> completions;
        QDeadlineTimer deadline;
        bool reactivation = false;     // started by reconciliation, not by a request
        bool retried = false;          // already chosen again after a conflict
        bool awaitingSnapshot = false; // conflict: choose again on the next snapshot
        TransactionDone onResult;      // submit(): the raw result, no bookkeeping here
        ProgressHandler onProgress;
        bool resend = true;
        std::uint64_t generation = 0;  // of the monitor it was sent to
    };

    void onAttached(quint64 generation);
    void onMessage(const proto::ChannelMessage &message);
    void onSnapshot(std::uint64_t requestId, const proto::ResourceSnapshot &snapshot);
    void onResult(const proto::TransactionResult &result);
    void onRefused(std::uint64_t requestId, const proto::Error &error);

    Result<StoredPartition> resolve(const proto::PartitionRef &ref);
    Error notAttached(const QString &action, const QString &partition) const;
    Error migrating(const QString &action, const QString &partition) const;
    void activate(StoredPartition partition, bool reactivation, Completion done);
    Result<void> send(Pending &pending);
    void requestSnapshot();
    void refreshRuntime();
    void reconcile();
    void retryConflicts();
    void checkDeadlines();
    void succeed(Pending pending, const proto::TransactionResult &result);
    void fail(Pending pending, const Error &error);
    std::uint64_t pendingTxid(const QString &uuid) const; // 0 when none
    bool saveAndAnnounce(const StoredPartition &partition);

    QString m_hostName;
    BootstrapStore &m_store;
    ChannelClient &m_channel;
    HostPolicy m_policy;
    ResourceView m_view;
    std::map<std::uint64_t, Pending> m_pending; // by txid
    QTimer m_deadlineTimer;
    int m_transactionTimeoutMs = kTransactionTimeoutMs;
    std::uint64_t m_nextSnapshotRequest = 1;
    std::uint64_t m_attachSnapshotRequest = 0; // the request whose answer is reconciled
    bool m_reconcilePending = false;
    QSet<QString> m_migrating;
};

} // namespace vdc::agent
