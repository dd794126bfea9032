#pragma once

#include "core/result.h"
#include "domainxmlbuilder.h"
#include "outgoingmigration.h"
#include "partitionmetadata.h"
#include "resourcedatabase.h"

#include "vdc.pb.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

namespace vdc::monitor {

class LibvirtConnection;

struct ProcessorSettings
{
    QString hostName;
    std::uint32_t reserveCores = 0;     // lowest cores held by system partitions
    std::uint64_t reserveMemoryMib = 0; // rounded up to whole granules
    std::uint32_t granuleMib = 32;
    std::size_t rememberedTransactions = 4096; // results kept for txid replays
    QString migrationUri;     // what a source's libvirt connects to for live migration here
    QString migrationAddress; // where the memory stream of a migration here goes
    QString serialLogDir;     // emulated guests' serial ports are appended to files here
};

// The monitor's logic between the command channel and libvirt: takes one
// decoded ChannelMessage and returns the messages to send back. It owns the
// host's resource database, which it rebuilds from libvirt when created.
//
// Resource rule: only running (or paused) vdc domains hold resources. On
// rebuild every active domain with vdc metadata re-owns what its metadata
// records; a vdc domain that is defined but shut off holds nothing: it is left
// defined and reported, an ACTIVATE of its partition redefines and starts it,
// a DEACTIVATE undefines it. reconcile() applies the same rule while the
// monitor runs (a guest that powered itself off releases its resources).
// Domains without vdc metadata are not vdc's: they are ignored, and the cores
// they may be pinned to are not tracked.
//
// Migration: RESERVE holds resources for a partition arriving here (kept in
// memory only: the agent's bootstrap store keeps reservations and sends them
// again after a monitor restart), ADOPT turns the reservation into the
// assignment of the domain that now runs here, RELEASE drops a reservation or
// what a partition that left still holds, RESTORE restores a saved state file
// onto reserved (or parked) resources. MIGRATE_OUT runs on threads of its own
// (OutgoingMigration): submit() answers it later, through collectEvents(),
// with MigrationProgress events (request_id = its txid) while it runs and its
// TransactionResult at the end; CANCEL_MIGRATION aborts it. A successful live
// migration frees the partition's resources here; an offline one parks them
// (the guest is saved, not gone) until RELEASE, or RESTORE on failure.
// reconcile() leaves reserved and parked holdings, and partitions being
// migrated, alone.
class TransactionProcessor
{
public:
    // Reads the host's cores and memory, sets up the database and rebuilds it
    // from the domains libvirt knows. Fails only when libvirt cannot be read
    // or the settings do not fit the host; damaged or colliding domains are
    // reported (rebuildProblems()) and left out.
    static Result<std::unique_ptr<TransactionProcessor>> create(LibvirtConnection &connection,
                                                                const ProcessorSettings &settings);
    // Cancels outgoing migrations still running and waits for them.
    ~TransactionProcessor();

    // Decodes one frame and processes it. A frame that does not decode is
    // answered with ChannelMessage{error: ERROR_MALFORMED, request_id 0}.
    std::vector<proto::ChannelMessage> processFrame(const QByteArray &frame);
    // Transaction -> TransactionResult (then a ResourceSnapshot if anything
    // changed); SnapshotRequest -> ResourceSnapshot with the same request_id;
    // anything else -> an error message.
    std::vector<proto::ChannelMessage> process(const proto::ChannelMessage &message);
    // Applies one transaction, idempotent by txid. `changed` tells whether the
    // resource database changed. Empty when the answer comes later from
    // collectEvents() (an accepted MIGRATE_OUT, or a resent one still running).
    std::optional<proto::TransactionResult> submit(const proto::Transaction &transaction, bool *changed = nullptr);
    // submit() for transactions that answer at once; a MIGRATE_OUT is refused.
    proto::TransactionResult apply(const proto::Transaction &transaction, bool *changed = nullptr);

    // What running migrations have to say since the last call: progress
    // events, and for every migration that ended its TransactionResult
    // (followed by a snapshot when the database changed). Call it from the
    // thread that calls submit(); `wakeup` (see setWakeup) says when.
    std::vector<proto::ChannelMessage> collectEvents();
    // Called from a migration's thread when collectEvents() has news.
    void setWakeup(std::function<void()> wakeup);
    bool migrationsRunning() const { return !m_migrations.empty(); }

    // Releases the resources of partitions whose domain is no longer running
    // (shut off or gone from libvirt). True when the database changed.
    bool reconcile();

    // The database plus host facts and the live state of every vdc domain.
    proto::ResourceSnapshot snapshot() const;
    proto::ChannelMessage snapshotMessage(std::uint64_t requestId) const;

    void setGeneration(std::uint64_t generation) { m_generation = generation; }
    std::uint64_t generation() const { return m_generation; }
    const ResourceDatabase &database() const { return m_database; }
    const ProcessorSettings &settings() const { return m_settings; }
    // What rebuild could not take over, one sentence per domain.
    const QStringList &rebuildProblems() const { return m_rebuildProblems; }

private:
    TransactionProcessor(LibvirtConnection &connection, ResourceDatabase database, ProcessorSettings settings);

    struct RunningMigration
    {
        std::uint64_t txid = 0;
        proto::Transaction transaction;
        std::unique_ptr<OutgoingMigration> job;
        proto::MigrationProgress last;
    };
    struct MigrationEvent
    {
        QString uuid;
        proto::MigrationProgress progress;
        bool final = false;
        std::optional<Error> error;
    };

    Result<void> rebuild();
    proto::TransactionResult activate(const proto::Transaction &transaction, bool *changed);
    proto::TransactionResult deactivate(const proto::Transaction &transaction, bool *changed);
    proto::TransactionResult reserve(const proto::Transaction &transaction, bool *changed);
    proto::TransactionResult adopt(const proto::Transaction &transaction, bool *changed);
    proto::TransactionResult release(const proto::Transaction &transaction, bool *changed);
    proto::TransactionResult restore(const proto::Transaction &transaction, bool *changed);
    proto::TransactionResult cancelMigration(const proto::Transaction &transaction);
    proto::TransactionResult setShares(const proto::Transaction &transaction);
    std::optional<proto::TransactionResult> migrateOut(const proto::Transaction &transaction);
    Result<QString> partitionUuid(const proto::Transaction &transaction) const;
    Result<void> undefineLeftover(const QString &uuid);
    proto::ChannelMessage finishMigration(RunningMigration migration, const MigrationEvent &event, bool *changed);
    OutgoingMigration::Listener listenerFor(const QString &uuid);
    // A restarted monitor follows the outgoing migrations libvirt still runs.
    void followRunningMigrations();
    Result<void> validateActivation(const proto::Transaction &transaction) const;
    Result<void> startDomain(const PartitionMetadata &metadata, bool mayUndefineOnFailure);
    proto::TransactionResult success(const proto::Transaction &transaction, proto::PartitionState state,
                                     const Holding *holding) const;
    proto::TransactionResult failure(const proto::Transaction &transaction, const Error &error) const;
    void remember(std::uint64_t txid, const proto::TransactionResult &result);

    LibvirtConnection &m_connection;
    ResourceDatabase m_database;
    ProcessorSettings m_settings;
    DomainXmlBuilder m_builder;
    std::uint64_t m_generation = 0;
    QStringList m_rebuildProblems;
    std::unordered_map<std::uint64_t, proto::TransactionResult> m_results; // txid -> first result
    std::deque<std::uint64_t> m_resultOrder;                                // oldest first, for eviction
    std::map<QString, RunningMigration> m_migrations;                       // by partition uuid

    std::mutex m_eventMutex; // guards the two below; taken by migration threads
    std::vector<MigrationEvent> m_events;
    std::function<void()> m_wakeup;
};

} // namespace vdc::monitor
