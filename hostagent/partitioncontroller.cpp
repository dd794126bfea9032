#include "partitioncontroller.h"

#include "bootstrapstore.h"
#include "channelclient.h"
#include "logging.h"

#include "model/validation.h"

#include <QSet>
#include <QUuid>

namespace vdc::agent {

namespace {

constexpr int kDeadlineCheckMs = 1000;
const QString kDefaultDomain = QStringLiteral("default");

bool isActive(proto::PartitionState state)
{
    return state == proto::PARTITION_STATE_RUNNING || state == proto::PARTITION_STATE_PAUSED
        || state == proto::PARTITION_STATE_STARTING || state == proto::PARTITION_STATE_STOPPING;
}

QString normalizedUuid(const QString &uuid)
{
    const QUuid parsed = QUuid::fromString(uuid);
    return parsed.isNull() ? uuid : parsed.toString(QUuid::WithoutBraces);
}

QString partitionName(const proto::Transaction &tx)
{
    return QString::fromStdString(tx.partition().name());
}

QString opVerb(const proto::Transaction &tx)
{
    switch (tx.op()) {
    case proto::TRANSACTION_OP_ACTIVATE: return QStringLiteral("start");
    case proto::TRANSACTION_OP_DEACTIVATE: return QStringLiteral("stop");
    case proto::TRANSACTION_OP_RESERVE: return QStringLiteral("reserve");
    case proto::TRANSACTION_OP_ADOPT: return QStringLiteral("adopt");
    case proto::TRANSACTION_OP_RELEASE: return QStringLiteral("release");
    case proto::TRANSACTION_OP_MIGRATE_OUT: return QStringLiteral("migrate");
    case proto::TRANSACTION_OP_CANCEL_MIGRATION: return QStringLiteral("cancel the migration of");
    case proto::TRANSACTION_OP_RESTORE: return QStringLiteral("restore");
    case proto::TRANSACTION_OP_SET_SHARES: return QStringLiteral("change the CPU shares of");
    default: return QStringLiteral("change");
    }
}

bool sameAssignment(const proto::ResourceAssignment &a, const proto::ResourceAssignment &b)
{
    return a.SerializeAsString() == b.SerializeAsString();
}

} // namespace

PartitionController::PartitionController(QString hostName, BootstrapStore &store, ChannelClient &channel,
                                         QObject *parent)
    : QObject(parent)
    , m_hostName(std::move(hostName))
    , m_store(store)
    , m_channel(channel)
    , m_policy(m_hostName)
{
    connect(&m_channel, &ChannelClient::attached, this, &PartitionController::onAttached);
    connect(&m_channel, &ChannelClient::messageReceived, this, &PartitionController::onMessage);
    connect(&m_channel, &ChannelClient::detached, this, [this] {
        if (!m_pending.empty())
            qCWarning(lcAgentChannel) << m_pending.size()
                                      << "transactions wait for the monitor; they are resent when it is back";
    });
    m_deadlineTimer.setInterval(kDeadlineCheckMs);
    connect(&m_deadlineTimer, &QTimer::timeout, this, &PartitionController::checkDeadlines);
    m_deadlineTimer.start();
}

PartitionController::~PartitionController()
{
    // Whoever waits is told; nothing is left to call back into a dead object.
    auto pending = std::move(m_pending);
    m_pending.clear();
    for (auto &[txid, p] : pending) {
        const Error error(proto::ERROR_UNAVAILABLE,
                          QStringLiteral("vdc-agent on host %1 is shutting down; the outcome of %2 of partition %3 "
                                         "is reported by its next inventory.")
                              .arg(m_hostName, opVerb(p.tx), partitionName(p.tx)));
        if (p.onResult)
            p.onResult(error);
        for (auto &done : p.completions)
            if (done)
                done(error);
    }
}

bool PartitionController::monitorAttached() const
{
    return m_channel.isAttached();
}

std::uint64_t PartitionController::monitorGeneration() const
{
    return m_channel.generation();
}

bool PartitionController::saveAndAnnounce(const StoredPartition &partition)
{
    if (auto r = m_store.save(partition); !r) {
        qCWarning(lcAgentStore).noquote() << r.error().message();
        return false;
    }
    emit partitionChanged(partition.toProto(m_hostName));
    return true;
}

// ---------------------------------------------------------------- requests

Result<StoredPartition> PartitionController::resolve(const proto::PartitionRef &ref)
{
    if (!ref.uuid().empty()) {
        const QString uuid = normalizedUuid(QString::fromStdString(ref.uuid()));
        auto found = m_store.find(uuid);
        if (!found)
            return found.error();
        if (!found->has_value())
            return Error(proto::ERROR_NOT_FOUND,
                         QStringLiteral("Host %1 has no partition with UUID %2.").arg(m_hostName, uuid));
        return std::move(**found);
    }
    const QString name = QString::fromStdString(ref.name());
    const QString domain = ref.domain().empty() ? kDefaultDomain : QString::fromStdString(ref.domain());
    if (name.isEmpty())
        return Error(proto::ERROR_INVALID_ARGUMENT,
                     QStringLiteral("The request names no partition; give its UUID or its name."));
    if (auto r = model::validateName(QStringLiteral("partition name"), name); !r)
        return r.error();
    if (auto r = model::validateName(QStringLiteral("domain name"), domain); !r)
        return r.error();
    auto found = m_store.findByName(domain, name);
    if (!found)
        return found.error();
    if (!found->has_value())
        return Error(proto::ERROR_NOT_FOUND,
                     QStringLiteral("Host %1 has no partition %2 in domain %3.").arg(m_hostName, name, domain));
    return std::move(**found);
}

Error PartitionController::notAttached(const QString &action, const QString &partition) const
{
    return Error(proto::ERROR_UNAVAILABLE,
                 QStringLiteral("Cannot %1 partition %2: the monitor of host %3 is not attached to the command "
                                "channel %4. Check that vdc-monitor is running on the host.")
                     .arg(action, partition, m_hostName, m_channel.name()));
}

Error PartitionController::migrating(const QString &action, const QString &partition) const
{
    return Error(proto::ERROR_FAILED_PRECONDITION,
                 QStringLiteral("Cannot %1 partition %2: it is being migrated to or from host %3. Wait for the "
                                "migration to end, or cancel it.")
                     .arg(action, partition, m_hostName));
}

void PartitionController::setMigrating(const QString &uuid, bool migrating)
{
    if (migrating)
        m_migrating.insert(uuid);
    else
        m_migrating.remove(uuid);
}

Result<std::uint64_t> PartitionController::nextTxid()
{
    return m_store.nextTxid();
}

void PartitionController::submit(proto::Transaction transaction, TransactionDone done, ProgressHandler progress,
                                 bool resend)
{
    const QString partition = QString::fromStdString(transaction.partition().name());
    if (!m_channel.isAttached())
        return done(notAttached(QStringLiteral("migrate"), partition));
    if (transaction.txid() == 0) {
        auto txid = m_store.nextTxid();
        if (!txid)
            return done(txid.error());
        transaction.set_txid(*txid);
    }
    Pending pending;
    pending.tx = std::move(transaction);
    pending.tx.set_base_version(m_view.version());
    pending.onResult = std::move(done);
    pending.onProgress = std::move(progress);
    pending.resend = resend;
    pending.generation = m_channel.generation();
    const std::uint64_t txid = pending.tx.txid();
    if (m_pending.count(txid)) {
        // Sent again while the first is in flight: one answer serves both.
        qCWarning(lcAgentChannel) << "transaction" << txid << "is already in flight";
        return pending.onResult(Error(proto::ERROR_FAILED_PRECONDITION,
                                      QStringLiteral("Transaction %1 for partition %2 is already in flight.")
                                          .arg(txid).arg(partition)));
    }
    if (auto r = send(pending); !r)
        return pending.onResult(r.error());
    if (pending.tx.op() == proto::TRANSACTION_OP_RESERVE)
        m_view.claim(QString::fromStdString(pending.tx.partition().uuid()), pending.tx.resources());
    m_pending.emplace(txid, std::move(pending));
}

Result<proto::Partition> PartitionController::define(const proto::PartitionSpec &requested)
{
    if (auto r = model::validatePartitionSpec(requested); !r)
        return r.error();
    proto::PartitionSpec spec = requested;
    const QString domain = QString::fromStdString(spec.domain());
    const QString name = QString::fromStdString(spec.name());
    if (spec.uuid().empty()) {
        auto byName = m_store.findByName(domain, name);
        if (!byName)
            return byName.error();
        spec.set_uuid(byName->has_value() ? (*byName)->spec.uuid() : model::newUuid().toStdString());
    }
    spec.set_uuid(normalizedUuid(QString::fromStdString(spec.uuid())).toStdString());

    auto existing = m_store.find(QString::fromStdString(spec.uuid()));
    if (!existing)
        return existing.error();
    StoredPartition partition;
    if (existing->has_value()) {
        partition = std::move(**existing);
        if (isMigrating(partition.uuid()))
            return migrating(QStringLiteral("redefine"), partition.name());
        const bool active = isActive(partition.state) || pendingTxid(partition.uuid()) != 0
            || m_view.domain(partition.uuid()) != nullptr;
        const auto &old = partition.spec;
        if (active && (old.vcpus() != spec.vcpus() || old.memory_mib() != spec.memory_mib()))
            return Error(proto::ERROR_FAILED_PRECONDITION,
                         QStringLiteral("Partition %1 is running on host %2 with %3 vCPUs and %4 MiB; stop it before "
                                        "changing its vCPUs or memory.")
                             .arg(partition.name(), m_hostName).arg(old.vcpus()).arg(old.memory_mib()));
        if (active && (old.name() != spec.name() || old.domain() != spec.domain()))
            return Error(proto::ERROR_FAILED_PRECONDITION,
                         QStringLiteral("Partition %1 is running on host %2; stop it before renaming it or moving it "
                                        "to another domain.")
                             .arg(partition.name(), m_hostName));
    }
    partition.spec = spec;
    if (auto r = m_store.save(partition); !r)
        return r.error();
    qCInfo(lcAgentStore) << "defined partition" << name << "in domain" << domain << "uuid" << partition.uuid();
    const proto::Partition result = partition.toProto(m_hostName);
    emit partitionChanged(result);
    return result;
}

void PartitionController::start(const proto::PartitionRef &ref, Completion done)
{
    auto found = resolve(ref);
    if (!found)
        return done(found.error());
    StoredPartition partition = std::move(found.value());
    if (isMigrating(partition.uuid()))
        return done(migrating(QStringLiteral("start"), partition.name()));
    if (!m_channel.isAttached())
        return done(notAttached(QStringLiteral("start"), partition.name()));
    if (!m_view.hasSnapshot())
        return done(Error(proto::ERROR_UNAVAILABLE,
                          QStringLiteral("Cannot start partition %1: the monitor of host %2 has not sent its resource "
                                         "database yet. Try again in a moment.")
                              .arg(partition.name(), m_hostName)));
    if (const std::uint64_t txid = pendingTxid(partition.uuid())) {
        Pending &pending = m_pending.at(txid);
        if (pending.tx.op() == proto::TRANSACTION_OP_ACTIVATE) {
            pending.completions.push_back(std::move(done)); // answered with the one in flight
            return;
        }
        return done(Error(proto::ERROR_FAILED_PRECONDITION,
                          QStringLiteral("Partition %1 is being stopped on host %2; start it again when that has "
                                         "finished.")
                              .arg(partition.name(), m_hostName)));
    }
    if (const proto::DomainStatus *running = m_view.domain(partition.uuid())) {
        // Already active: starting is idempotent.
        partition.desired = DesiredState::Running;
        partition.state = running->state() == proto::PARTITION_STATE_UNSPECIFIED ? proto::PARTITION_STATE_RUNNING
                                                                                  : running->state();
        partition.assignment = running->assignment();
        partition.lastError.clear();
        if (auto r = m_store.save(partition); !r)
            return done(r.error());
        return done(partition.toProto(m_hostName));
    }
    activate(std::move(partition), false, std::move(done));
}

void PartitionController::activate(StoredPartition partition, bool reactivation, Completion done)
{
    std::vector<Completion> completions;
    if (done)
        completions.push_back(std::move(done));
    const auto failNow = [&](const Error &error) {
        // A start that fails leaves the partition stopped: operations decides
        // where it runs next. Only an unanswered re-activation stays wanted.
        partition.state = proto::PARTITION_STATE_FAILED;
        partition.assignment.Clear();
        partition.lastError = error.message();
        if (!(reactivation && error.code() == proto::ERROR_UNAVAILABLE))
            partition.desired = DesiredState::Stopped;
        saveAndAnnounce(partition);
        for (auto &completion : completions)
            completion(error);
    };

    auto resources = m_policy.choose(m_view, partition.spec);
    if (!resources)
        return failNow(resources.error());
    auto txid = m_store.nextTxid();
    if (!txid)
        return failNow(txid.error());

    Pending pending;
    pending.tx.set_txid(*txid);
    pending.tx.set_base_version(m_view.version());
    pending.tx.set_op(proto::TRANSACTION_OP_ACTIVATE);
    *pending.tx.mutable_partition() = partition.spec;
    *pending.tx.mutable_resources() = *resources;
    pending.reactivation = reactivation;

    // Desired state on disk before the monitor acts: an agent that restarts
    // in between finishes the job on its next reconciliation.
    const StoredPartition previous = partition;
    partition.desired = DesiredState::Running;
    partition.state = proto::PARTITION_STATE_STARTING;
    partition.lastError.clear();
    if (auto r = m_store.save(partition); !r) {
        for (auto &completion : completions)
            completion(r.error());
        return;
    }
    emit partitionChanged(partition.toProto(m_hostName));

    if (auto r = send(pending); !r) {
        partition = previous;
        return failNow(r.error());
    }
    qCInfo(lcAgentPolicy) << (reactivation ? "re-activating" : "activating") << partitionName(pending.tx) << "txid"
                          << *txid << "cores"
                          << QList<std::uint32_t>(resources->cores().begin(), resources->cores().end()) << "granules"
                          << resources->memory_granules_size();
    pending.completions = std::move(completions);
    m_view.claim(partition.uuid(), pending.tx.resources());
    m_pending.emplace(*txid, std::move(pending));
}

void PartitionController::stop(const proto::PartitionRef &ref, Completion done)
{
    auto found = resolve(ref);
    if (!found)
        return done(found.error());
    StoredPartition partition = std::move(found.value());
    if (isMigrating(partition.uuid()))
        return done(migrating(QStringLiteral("stop"), partition.name()));
    if (!m_channel.isAttached())
        return done(notAttached(QStringLiteral("stop"), partition.name()));
    if (!m_view.hasSnapshot())
        return done(Error(proto::ERROR_UNAVAILABLE,
                          QStringLiteral("Cannot stop partition %1: the monitor of host %2 has not sent its resource "
                                         "database yet. Try again in a moment.")
                              .arg(partition.name(), m_hostName)));
    if (const std::uint64_t txid = pendingTxid(partition.uuid())) {
        Pending &pending = m_pending.at(txid);
        if (pending.tx.op() == proto::TRANSACTION_OP_DEACTIVATE) {
            pending.completions.push_back(std::move(done));
            return;
        }
        return done(Error(proto::ERROR_FAILED_PRECONDITION,
                          QStringLiteral("Partition %1 is being started on host %2; stop it when that has finished.")
                              .arg(partition.name(), m_hostName)));
    }
    const proto::DomainStatus *running = m_view.domain(partition.uuid());
    if (!running) {
        // Not running: stopping is idempotent.
        partition.desired = DesiredState::Stopped;
        partition.state = proto::PARTITION_STATE_STOPPED;
        partition.assignment.Clear();
        if (auto r = m_store.save(partition); !r)
            return done(r.error());
        emit partitionChanged(partition.toProto(m_hostName));
        return done(partition.toProto(m_hostName));
    }

    auto txid = m_store.nextTxid();
    if (!txid)
        return done(txid.error());
    Pending pending;
    pending.tx.set_txid(*txid);
    pending.tx.set_base_version(m_view.version());
    pending.tx.set_op(proto::TRANSACTION_OP_DEACTIVATE);
    *pending.tx.mutable_partition() = partition.spec;
    *pending.tx.mutable_resources() = running->assignment();
    pending.completions.push_back(std::move(done));

    partition.desired = DesiredState::Stopped;
    partition.state = proto::PARTITION_STATE_STOPPING;
    if (auto r = m_store.save(partition); !r) {
        pending.completions.front()(r.error());
        return;
    }
    emit partitionChanged(partition.toProto(m_hostName));
    if (auto r = send(pending); !r)
        return fail(std::move(pending), r.error());
    qCInfo(lcAgentPolicy) << "deactivating" << partition.name() << "txid" << *txid;
    m_pending.emplace(*txid, std::move(pending));
}

void PartitionController::setCpuShares(const proto::SetCpuShares &request, Completion done)
{
    auto found = resolve(request.partition());
    if (!found)
        return done(found.error());
    const StoredPartition partition = std::move(found.value());
    const QString action = QStringLiteral("change the CPU shares of");
    if (isMigrating(partition.uuid()))
        return done(migrating(action, partition.name()));
    if (!m_channel.isAttached())
        return done(notAttached(action, partition.name()));
    if (pendingTxid(partition.uuid()) != 0)
        return done(Error(proto::ERROR_FAILED_PRECONDITION,
                          QStringLiteral("Partition %1 is being started or stopped on host %2; change its CPU shares "
                                         "when that has finished.")
                              .arg(partition.name(), m_hostName)));
    const proto::DomainStatus *running = m_view.domain(partition.uuid());
    if (!running || !isActive(partition.state))
        return done(Error(proto::ERROR_FAILED_PRECONDITION,
                          QStringLiteral("Partition %1 is not running on host %2; its CPU shares change live only "
                                         "where it runs (a stopped partition gets them when it starts).")
                              .arg(partition.name(), m_hostName)));

    proto::Transaction tx;
    tx.set_op(proto::TRANSACTION_OP_SET_SHARES);
    *tx.mutable_partition() = partition.spec;
    tx.mutable_partition()->set_cpu_shares(request.cpu_shares());
    *tx.mutable_resources() = running->assignment();
    const QString uuid = partition.uuid();
    const std::uint32_t shares = request.cpu_shares();
    submit(std::move(tx), [this, uuid, shares, done = std::move(done)](Result<proto::TransactionResult> result) {
        if (!result)
            return done(result.error());
        if (result->error().code() != proto::ERROR_NONE)
            return done(Error::fromProto(result->error()));
        // The store follows what libvirt now runs with.
        auto stored = m_store.find(uuid);
        if (!stored)
            return done(stored.error());
        if (!stored->has_value())
            return done(Error(proto::ERROR_NOT_FOUND,
                              QStringLiteral("Partition %1 was undefined on host %2 while its CPU shares changed.")
                                  .arg(uuid, m_hostName)));
        StoredPartition p = std::move(**stored);
        p.spec.set_cpu_shares(shares);
        if (auto r = m_store.save(p); !r)
            return done(r.error());
        qCInfo(lcAgentPolicy) << "partition" << p.name() << "now runs with" << shares << "CPU shares";
        const proto::Partition announced = p.toProto(m_hostName);
        emit partitionChanged(announced);
        done(announced);
    });
}

Result<proto::Partition> PartitionController::undefine(const proto::PartitionRef &ref)
{
    auto found = resolve(ref);
    if (!found)
        return found.error();
    StoredPartition partition = std::move(found.value());
    if (isMigrating(partition.uuid()))
        return migrating(QStringLiteral("undefine"), partition.name());
    if (pendingTxid(partition.uuid()) != 0 || isActive(partition.state)
        || m_view.domain(partition.uuid()) != nullptr)
        return Error(proto::ERROR_FAILED_PRECONDITION,
                     QStringLiteral("Partition %1 is running on host %2; stop it before undefining it.")
                         .arg(partition.name(), m_hostName));
    if (auto r = m_store.remove(partition.uuid()); !r)
        return r.error();
    qCInfo(lcAgentStore) << "undefined partition" << partition.name() << "uuid" << partition.uuid();
    partition.state = proto::PARTITION_STATE_STOPPED;
    return partition.toProto(m_hostName);
}

Result<proto::Inventory> PartitionController::inventory()
{
    auto partitions = m_store.list();
    if (!partitions)
        return partitions.error();
    proto::Inventory inventory;
    inventory.set_host_name(m_hostName.toStdString());
    inventory.set_monitor_attached(m_channel.isAttached());
    inventory.set_generation(m_view.hasSnapshot() ? m_view.generation() : m_channel.generation());
    if (m_view.hasSnapshot()) {
        inventory.set_hypervisor_uri(m_view.snapshot().hypervisor_uri());
        inventory.set_resource_version(m_view.version());
        inventory.set_cores_total(m_view.coreCount());
        inventory.set_cores_reserved(m_view.coresReserved());
        inventory.set_cores_free(m_view.coresFree());
        inventory.set_memory_total_mib(m_view.memoryTotalMib());
        inventory.set_memory_reserved_mib(m_view.memoryReservedMib());
        inventory.set_memory_free_mib(m_view.memoryFreeMib());
    }
    for (const StoredPartition &p : *partitions)
        *inventory.add_partitions() = p.toProto(m_hostName);
    return inventory;
}

// ---------------------------------------------------------------- channel

Result<void> PartitionController::send(Pending &pending)
{
    proto::ChannelMessage message;
    message.set_request_id(pending.tx.txid());
    *message.mutable_transaction() = pending.tx;
    pending.deadline = QDeadlineTimer(m_transactionTimeoutMs);
    return m_channel.send(std::move(message));
}

void PartitionController::requestSnapshot()
{
    proto::ChannelMessage message;
    message.set_request_id(m_nextSnapshotRequest++);
    message.mutable_snapshot_request();
    if (auto r = m_channel.send(std::move(message)); !r)
        qCWarning(lcAgentChannel).noquote() << "cannot ask the monitor for a snapshot:" << r.error().message();
}

void PartitionController::onAttached(quint64 generation)
{
    m_attachSnapshotRequest = m_nextSnapshotRequest;
    m_reconcilePending = true;
    requestSnapshot();
    std::vector<Pending> orphaned;
    for (auto it = m_pending.begin(); it != m_pending.end();) {
        if (!it->second.resend && it->second.generation != generation) {
            orphaned.push_back(std::move(it->second));
            it = m_pending.erase(it);
        } else {
            ++it;
        }
    }
    for (Pending &pending : orphaned)
        fail(std::move(pending),
             Error(proto::ERROR_UNAVAILABLE,
                   QStringLiteral("The monitor of host %1 restarted while it ran transaction %2 for partition %3; "
                                  "what happened is known from what libvirt runs.")
                       .arg(m_hostName)
                       .arg(pending.tx.txid())
                       .arg(partitionName(pending.tx))));
    for (auto &[txid, pending] : m_pending) {
        if (pending.awaitingSnapshot)
            continue; // chosen again on the snapshot
        pending.generation = generation;
        qCInfo(lcAgentChannel) << "resending txid" << txid << "to monitor generation" << generation;
        proto::ChannelMessage message;
        message.set_request_id(txid);
        *message.mutable_transaction() = pending.tx;
        if (auto r = m_channel.send(std::move(message)); !r)
            qCWarning(lcAgentChannel).noquote() << "cannot resend transaction" << txid << ":" << r.error().message();
    }
}

void PartitionController::onMessage(const proto::ChannelMessage &message)
{
    switch (message.body_case()) {
    case proto::ChannelMessage::kSnapshot:
        return onSnapshot(message.request_id(), message.snapshot());
    case proto::ChannelMessage::kResult:
        return onResult(message.result());
    case proto::ChannelMessage::kError:
        return onRefused(message.request_id(), message.error());
    case proto::ChannelMessage::kMigrationProgress: {
        const auto it = m_pending.find(message.request_id());
        if (it == m_pending.end())
            return; // its waiter is gone (timed out, or the agent restarted)
        it->second.deadline = QDeadlineTimer(m_transactionTimeoutMs); // it is alive
        if (it->second.onProgress)
            it->second.onProgress(message.migration_progress());
        return;
    }
    case proto::ChannelMessage::kStatsSample:
        return; // StatsBuffer keeps these for the heartbeat
    default:
        qCWarning(lcAgentChannel) << "dropped a channel message the agent does not expect (body" << message.body_case()
                                  << ", request" << message.request_id() << ")";
    }
}

void PartitionController::onSnapshot(std::uint64_t requestId, const proto::ResourceSnapshot &snapshot)
{
    if (auto r = m_view.replace(snapshot); !r) {
        qCWarning(lcAgentChannel).noquote() << "dropped a resource snapshot:" << r.error().message();
        return;
    }
    qCDebug(lcAgentChannel) << "resource snapshot version" << snapshot.version() << "generation"
                            << snapshot.generation() << "domains" << snapshot.domains_size();
    // Resources of transactions still in flight stay claimed in the copy.
    for (const auto &[txid, pending] : m_pending)
        if ((pending.tx.op() == proto::TRANSACTION_OP_ACTIVATE || pending.tx.op() == proto::TRANSACTION_OP_RESERVE)
            && !pending.awaitingSnapshot)
            m_view.claim(QString::fromStdString(pending.tx.partition().uuid()), pending.tx.resources());

    refreshRuntime();
    // Reconcile on a snapshot of the monitor that is there now: the answer to
    // the request sent at attach, or one stamped with the current generation
    // (not a leftover of its predecessor still queued in the ring).
    const bool current = (requestId != 0 && requestId >= m_attachSnapshotRequest)
        || (snapshot.generation() != 0 && snapshot.generation() == m_channel.generation());
    bool resynchronised = false;
    if (m_reconcilePending && current) {
        m_reconcilePending = false;
        reconcile();
        resynchronised = true;
    }
    retryConflicts();
    emit snapshotApplied(resynchronised);
}

void PartitionController::refreshRuntime()
{
    auto partitions = m_store.list();
    if (!partitions) {
        qCWarning(lcAgentStore).noquote() << partitions.error().message();
        return;
    }
    for (StoredPartition &p : *partitions) {
        if (pendingTxid(p.uuid()) != 0 || isMigrating(p.uuid()))
            continue; // the transaction's result (or the migration) decides
        if (const proto::DomainStatus *d = m_view.domain(p.uuid())) {
            const auto state = d->state() == proto::PARTITION_STATE_UNSPECIFIED ? proto::PARTITION_STATE_RUNNING
                                                                                : d->state();
            if (p.state == state && sameAssignment(p.assignment, d->assignment()))
                continue;
            p.state = state;
            p.assignment = d->assignment();
            saveAndAnnounce(p);
        } else if (isActive(p.state)) {
            qCInfo(lcAgentPolicy) << "partition" << p.name() << "is no longer run by the monitor";
            p.state = proto::PARTITION_STATE_STOPPED;
            p.assignment.Clear();
            saveAndAnnounce(p);
        }
    }
}

void PartitionController::reconcile()
{
    auto partitions = m_store.list();
    if (!partitions) {
        qCWarning(lcAgentStore).noquote() << "cannot reconcile:" << partitions.error().message();
        return;
    }
    QSet<QString> known;
    for (StoredPartition &p : *partitions) {
        known.insert(p.uuid());
        if (p.desired != DesiredState::Running || pendingTxid(p.uuid()) != 0 || m_view.domain(p.uuid())
            || isMigrating(p.uuid()))
            continue;
        qCWarning(lcAgentPolicy).noquote()
            << QStringLiteral("Partition %1 should be running but the monitor does not run it; activating it again.")
                   .arg(p.name());
        const QString name = p.name();
        activate(std::move(p), true, [name](Result<proto::Partition> result) {
            if (result)
                qCInfo(lcAgentPolicy) << "re-activated partition" << name;
            else
                qCWarning(lcAgentPolicy).noquote()
                    << QStringLiteral("Cannot re-activate partition %1: %2").arg(name, result.error().message());
        });
    }
    for (const auto &d : m_view.snapshot().domains()) {
        const QString uuid = normalizedUuid(QString::fromStdString(d.uuid()));
        if (!known.contains(uuid) && !isMigrating(uuid))
            qCWarning(lcAgentPolicy).noquote()
                << QStringLiteral("The monitor runs partition %1 (UUID %2), which the bootstrap store of host %3 "
                                  "does not know; leaving it alone.")
                       .arg(QString::fromStdString(d.name()), uuid, m_hostName);
    }
}

void PartitionController::onResult(const proto::TransactionResult &result)
{
    auto it = m_pending.find(result.txid());
    if (it == m_pending.end()) {
        qCInfo(lcAgentChannel) << "result for txid" << result.txid()
                               << "that nothing waits for (answered after a time-out or before a restart)";
        return;
    }
    if (result.error().code() == proto::ERROR_NONE || it->second.onResult) {
        // A raw transaction's waiter reads the error from the result itself.
        Pending pending = std::move(it->second);
        m_pending.erase(it);
        return succeed(std::move(pending), result);
    }
    Pending &pending = it->second;
    if (result.error().code() == proto::ERROR_CONFLICT && pending.tx.op() == proto::TRANSACTION_OP_ACTIVATE
        && !pending.retried) {
        qCInfo(lcAgentPolicy).noquote() << "the monitor refused txid" << result.txid() << "("
                                        << QString::fromStdString(result.error().message())
                                        << "); choosing again on a fresh snapshot";
        pending.awaitingSnapshot = true;
        requestSnapshot();
        return;
    }
    Pending failed = std::move(it->second);
    m_pending.erase(it);
    fail(std::move(failed), Error::fromProto(result.error()));
}

void PartitionController::onRefused(std::uint64_t requestId, const proto::Error &error)
{
    auto it = m_pending.find(requestId);
    if (it == m_pending.end()) {
        qCWarning(lcAgentChannel).noquote() << "the monitor refused a frame (request" << requestId
                                            << "):" << QString::fromStdString(error.message());
        return;
    }
    Pending pending = std::move(it->second);
    m_pending.erase(it);
    fail(std::move(pending), Error::fromProto(error));
}

void PartitionController::retryConflicts()
{
    std::vector<Pending> retry;
    for (auto it = m_pending.begin(); it != m_pending.end();) {
        if (it->second.awaitingSnapshot) {
            retry.push_back(std::move(it->second));
            it = m_pending.erase(it);
        } else {
            ++it;
        }
    }
    for (Pending &pending : retry) {
        auto resources = m_policy.choose(m_view, pending.tx.partition());
        if (!resources) {
            fail(std::move(pending), resources.error());
            continue;
        }
        auto txid = m_store.nextTxid();
        if (!txid) {
            fail(std::move(pending), txid.error());
            continue;
        }
        pending.tx.set_txid(*txid);
        pending.tx.set_base_version(m_view.version());
        *pending.tx.mutable_resources() = *resources;
        pending.retried = true;
        pending.awaitingSnapshot = false;
        if (auto r = send(pending); !r) {
            fail(std::move(pending), r.error());
            continue;
        }
        qCInfo(lcAgentPolicy) << "retrying" << partitionName(pending.tx) << "as txid" << *txid;
        m_view.claim(QString::fromStdString(pending.tx.partition().uuid()), pending.tx.resources());
        m_pending.emplace(*txid, std::move(pending));
    }
}

void PartitionController::checkDeadlines()
{
    std::vector<Pending> expired;
    for (auto it = m_pending.begin(); it != m_pending.end();) {
        if (it->second.deadline.hasExpired()) {
            expired.push_back(std::move(it->second));
            it = m_pending.erase(it);
        } else {
            ++it;
        }
    }
    for (Pending &pending : expired) {
        const Error error(proto::ERROR_UNAVAILABLE,
                          QStringLiteral("The monitor did not answer transaction %1 (%2 partition %3) within %4 "
                                         "seconds; the partition's state on host %5 is known again when the monitor "
                                         "reports.")
                              .arg(pending.tx.txid())
                              .arg(opVerb(pending.tx), partitionName(pending.tx))
                              .arg(m_transactionTimeoutMs / 1000)
                              .arg(m_hostName));
        fail(std::move(pending), error);
    }
}

std::uint64_t PartitionController::pendingTxid(const QString &uuid) const
{
    const std::string key = uuid.toStdString();
    for (const auto &[txid, pending] : m_pending)
        if (pending.tx.partition().uuid() == key)
            return txid;
    return 0;
}

void PartitionController::succeed(Pending pending, const proto::TransactionResult &result)
{
    if (pending.onResult)
        return pending.onResult(result);
    const QString uuid = QString::fromStdString(pending.tx.partition().uuid());
    auto found = m_store.find(uuid);
    StoredPartition partition;
    if (found && found->has_value())
        partition = std::move(**found);
    else
        partition.spec = pending.tx.partition();

    if (pending.tx.op() == proto::TRANSACTION_OP_ACTIVATE) {
        const auto &runtime = result.partition();
        partition.desired = DesiredState::Running;
        partition.state = runtime.state() == proto::PARTITION_STATE_UNSPECIFIED ? proto::PARTITION_STATE_RUNNING
                                                                                : runtime.state();
        partition.assignment = runtime.assignment().cores_size() > 0 ? runtime.assignment() : pending.tx.resources();
    } else {
        partition.desired = DesiredState::Stopped;
        partition.state = proto::PARTITION_STATE_STOPPED;
        partition.assignment.Clear();
    }
    partition.lastError.clear();
    qCInfo(lcAgentPolicy) << "txid" << pending.tx.txid() << ":" << opVerb(pending.tx) << partition.name()
                          << "done, resource version" << result.version();
    saveAndAnnounce(partition);
    const proto::Partition reply = partition.toProto(m_hostName);
    for (auto &done : pending.completions)
        if (done)
            done(reply);
}

void PartitionController::fail(Pending pending, const Error &error)
{
    if (pending.onResult) {
        qCInfo(lcAgentPolicy).noquote() << QStringLiteral("Transaction %1 for partition %2 failed: %3")
                                               .arg(pending.tx.txid())
                                               .arg(partitionName(pending.tx), error.message());
        return pending.onResult(error);
    }
    qCWarning(lcAgentPolicy).noquote() << QStringLiteral("Transaction %1 (%2 partition %3) failed: %4")
                                              .arg(pending.tx.txid())
                                              .arg(opVerb(pending.tx), partitionName(pending.tx), error.message());
    const QString uuid = QString::fromStdString(pending.tx.partition().uuid());
    auto found = m_store.find(uuid);
    if (found && found->has_value()) {
        StoredPartition partition = std::move(**found);
        partition.lastError = error.message();
        if (pending.tx.op() == proto::TRANSACTION_OP_ACTIVATE) {
            partition.state = proto::PARTITION_STATE_FAILED;
            partition.assignment.Clear();
            if (!(pending.reactivation && error.code() == proto::ERROR_UNAVAILABLE))
                partition.desired = DesiredState::Stopped;
        } else if (const proto::DomainStatus *d = m_view.domain(uuid)) {
            partition.state = d->state() == proto::PARTITION_STATE_UNSPECIFIED ? proto::PARTITION_STATE_RUNNING
                                                                               : d->state();
            partition.assignment = d->assignment();
        } else {
            partition.state = proto::PARTITION_STATE_FAILED;
        }
        saveAndAnnounce(partition);
    }
    for (auto &done : pending.completions)
        if (done)
            done(error);
}

} // namespace vdc::agent
