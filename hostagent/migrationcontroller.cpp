#include "migrationcontroller.h"

#include "bootstrapstore.h"
#include "logging.h"
#include "peerwatch.h"
#include "statereceiver.h"
#include "statesender.h"

#include "model/validation.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QPointer>
#include <QUuid>

namespace vdc::agent {

namespace {

QString fromStd(const std::string &s) { return QString::fromStdString(s); }

QString canonical(const std::string &uuid)
{
    const QUuid parsed = QUuid::fromString(QString::fromStdString(uuid));
    return parsed.isNull() ? QString() : parsed.toString(QUuid::WithoutBraces);
}

qint64 nowMs() { return QDateTime::currentMSecsSinceEpoch(); }

bool finalPhase(proto::MigrationPhase phase)
{
    return phase == proto::MIGRATION_PHASE_COMPLETED || phase == proto::MIGRATION_PHASE_FAILED
        || phase == proto::MIGRATION_PHASE_CANCELLED;
}

QString modeName(proto::MigrationMode mode)
{
    return mode == proto::MIGRATION_MODE_OFFLINE ? QStringLiteral("offline") : QStringLiteral("live");
}

} // namespace

MigrationController::MigrationController(QString hostName, QString stateDir, BootstrapStore &store,
                                         PartitionController &partitions, QObject *parent)
    : QObject(parent)
    , m_hostName(std::move(hostName))
    , m_stateDir(std::move(stateDir))
    , m_store(store)
    , m_partitions(partitions)
{
    m_republishTimer.setInterval(kRepublishIntervalMs / 2);
    connect(&m_republishTimer, &QTimer::timeout, this, &MigrationController::republish);
    m_expiryTimer.setInterval(kExpiryCheckMs);
    connect(&m_expiryTimer, &QTimer::timeout, this, &MigrationController::checkExpiries);
    connect(&m_partitions, &PartitionController::snapshotApplied, this, &MigrationController::onSnapshot);
}

MigrationController::~MigrationController()
{
    // Whoever waits for an outgoing migration is told; the monitor's job
    // goes on and the next agent settles it from what libvirt runs.
    auto outgoing = std::move(m_outgoing);
    m_outgoing.clear();
    for (auto &[uuid, o] : outgoing) {
        if (o->sender)
            o->sender->abort();
        if (o->done) {
            Outcome outcome;
            outcome.error = Error(proto::ERROR_UNAVAILABLE,
                                  QStringLiteral("vdc-agent on host %1 is shutting down during the migration of "
                                                 "partition %2; where it runs is settled when the agent is back.")
                                      .arg(m_hostName, o->record.name()));
            outcome.progress = o->last;
            o->done(outcome);
        }
    }
}

Result<void> MigrationController::start()
{
    if (!QDir().mkpath(m_stateDir))
        return Error(proto::ERROR_STORAGE,
                     QStringLiteral("Cannot create the migration state folder %1.").arg(m_stateDir));
    QFile::setPermissions(m_stateDir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    auto records = m_store.listMigrations();
    if (!records)
        return records.error();
    for (const MigrationRecord &record : *records) {
        m_partitions.setMigrating(record.uuid(), true);
        if (record.incoming) {
            m_incoming.insert(record.uuid(), record);
            qCInfo(lcAgentPolicy).noquote() << "partition" << record.name() << "has resources reserved here for migration"
                                            << record.migrationId;
        } else {
            // Whether it left is decided on the monitor's first snapshot.
            m_unsettled.append(record);
            qCWarning(lcAgentPolicy).noquote()
                << QStringLiteral("Partition %1 was being migrated to host %2 when this agent stopped; its outcome is "
                                  "settled from what the monitor runs.")
                       .arg(record.name(), record.peerHost);
        }
    }
    m_republishTimer.start();
    m_expiryTimer.start();
    return {};
}

void MigrationController::setEndpoints(QString listen, QString publish)
{
    m_listenEndpoint = std::move(listen);
    m_publishEndpoint = std::move(publish);
}

Error MigrationController::storeFailure(const Error &error) const
{
    qCWarning(lcAgentStore).noquote() << error.message();
    return error;
}

// ---------------------------------------------------------------- target side

proto::MigrationTarget MigrationController::targetFor(const MigrationRecord &record) const
{
    const ResourceView &view = m_partitions.view();
    proto::MigrationTarget target;
    target.set_host(m_hostName.toStdString());
    target.set_migration_id(record.migrationId.toStdString());
    *target.mutable_assignment() = record.assignment;
    target.set_granule_mib(view.granuleMib());
    target.set_reservation_txid(record.txid);
    target.set_migration_uri(view.snapshot().migration_uri());
    target.set_migration_address(view.snapshot().migration_address());
    target.set_live_capable(view.snapshot().live_migration());
    target.set_agent_endpoint(m_listenEndpoint.toStdString());
    target.set_publish_endpoint(m_publishEndpoint.toStdString());
    target.set_expires_ms(expiryOf(record));
    return target;
}

std::int64_t MigrationController::expiryOf(const MigrationRecord &record) const
{
    std::int64_t expiry = record.expiresMs;
    if (const auto it = m_lastActivityMs.find(record.uuid()); it != m_lastActivityMs.end())
        expiry = std::max<std::int64_t>(expiry, *it + std::int64_t(record.ttlSeconds) * 1000);
    return expiry;
}

void MigrationController::prepareIn(const proto::PrepareMigrationIn &request, TargetDone done)
{
    proto::PartitionSpec spec = request.spec();
    if (auto valid = model::validatePartitionSpec(spec); !valid)
        return done(valid.error());
    const QString uuid = canonical(spec.uuid());
    const QString name = fromStd(spec.name());
    if (uuid.isEmpty())
        return done(Error(proto::ERROR_INVALID_ARGUMENT,
                          QStringLiteral("The partition %1 to migrate has no UUID; give the one it has on its source "
                                         "host.")
                              .arg(name)));
    spec.set_uuid(uuid.toStdString());
    QString migrationId = fromStd(request.migration_id());
    if (!migrationId.isEmpty())
        if (auto valid = model::validateName(QStringLiteral("migration id"), migrationId); !valid)
            return done(valid.error());

    if (const auto it = m_incoming.find(uuid); it != m_incoming.end()) {
        if (!migrationId.isEmpty() && it->migrationId == migrationId)
            return done(targetFor(*it)); // asked again: the same answer
        return done(Error(proto::ERROR_FAILED_PRECONDITION,
                          QStringLiteral("Partition %1 already has resources reserved on host %2 for migration %3; a "
                                         "second migration is refused. Abort or complete that one first.")
                              .arg(name, m_hostName, it->migrationId)));
    }
    if (m_outgoing.count(uuid) || m_partitions.isMigrating(uuid))
        return done(Error(proto::ERROR_FAILED_PRECONDITION,
                          QStringLiteral("Partition %1 is being migrated out of host %2; a second migration is refused.")
                              .arg(name, m_hostName)));
    if (!m_partitions.monitorAttached() || !m_partitions.view().hasSnapshot())
        return done(Error(proto::ERROR_UNAVAILABLE,
                          QStringLiteral("Cannot take partition %1: the monitor of host %2 is not attached. Check that "
                                         "vdc-monitor runs there.")
                              .arg(name, m_hostName)));
    if (m_partitions.view().domain(uuid) || m_partitions.hasPending(uuid))
        return done(Error(proto::ERROR_FAILED_PRECONDITION,
                          QStringLiteral("Partition %1 already runs on host %2; it cannot be migrated to the host it "
                                         "runs on.")
                              .arg(name, m_hostName)));
    auto sameName = m_store.findByName(fromStd(spec.domain()), name);
    if (!sameName)
        return done(storeFailure(sameName.error()));
    if (sameName->has_value() && (*sameName)->uuid() != uuid)
        return done(Error(proto::ERROR_ALREADY_EXISTS,
                          QStringLiteral("Host %1 already has a partition %2 in domain %3 (UUID %4); partition %5 cannot "
                                         "move here under that name.")
                              .arg(m_hostName, name, fromStd(spec.domain()), (*sameName)->uuid(), uuid)));

    auto resources = m_partitions.chooseResources(spec);
    if (!resources)
        return done(resources.error());
    auto txid = m_partitions.nextTxid();
    if (!txid)
        return done(storeFailure(txid.error()));
    if (migrationId.isEmpty())
        migrationId = model::newUuid();

    MigrationRecord record;
    record.migrationId = migrationId;
    record.incoming = true;
    record.spec = spec;
    record.assignment = *resources;
    record.txid = *txid;
    record.peerHost = fromStd(request.source_host());
    record.ttlSeconds = request.reservation_ttl_s() ? request.reservation_ttl_s() : kDefaultReservationTtlSeconds;
    record.expiresMs = nowMs() + std::int64_t(record.ttlSeconds) * 1000;
    // On disk before the monitor hears of it: a reservation is never held
    // without this host knowing why.
    if (auto saved = m_store.saveMigration(record); !saved)
        return done(storeFailure(saved.error()));
    m_incoming.insert(uuid, record);
    m_partitions.setMigrating(uuid, true);
    m_busy.insert(uuid);

    proto::Transaction tx;
    tx.set_txid(record.txid);
    tx.set_op(proto::TRANSACTION_OP_RESERVE);
    *tx.mutable_partition() = spec;
    *tx.mutable_resources() = record.assignment;
    QPointer<MigrationController> self(this);
    m_partitions.submit(std::move(tx), [self, uuid, done](Result<proto::TransactionResult> result) {
        if (!self)
            return done(Error(proto::ERROR_UNAVAILABLE, QStringLiteral("The agent is shutting down.")));
        self->m_busy.remove(uuid);
        const auto it = self->m_incoming.find(uuid);
        if (it == self->m_incoming.end())
            return done(Error(proto::ERROR_CANCELLED, QStringLiteral("The reservation was aborted meanwhile.")));
        if (!result || result->error().code() != proto::ERROR_NONE) {
            const Error error = result ? Error::fromProto(result->error()) : result.error();
            if (error.code() == proto::ERROR_UNAVAILABLE && !result) {
                // The monitor may still commit it: keep the record, it lapses
                // or is sent again when the monitor is back.
                return done(error);
            }
            self->forgetIncoming(uuid);
            return done(error);
        }
        qCInfo(lcAgentPolicy).noquote() << "reserved cores" << result->partition().assignment().cores_size()
                                        << "for partition" << it->name() << "arriving by migration" << it->migrationId;
        done(self->targetFor(*it));
    });
}

void MigrationController::forgetIncoming(const QString &uuid)
{
    if (auto receiver = m_receivers.find(uuid); receiver != m_receivers.end()) {
        receiver->second->discard();
        m_receivers.erase(receiver);
    }
    m_incoming.remove(uuid);
    m_lastActivityMs.remove(uuid);
    if (auto removed = m_store.removeMigration(uuid); !removed)
        storeFailure(removed.error());
    if (!m_outgoing.count(uuid))
        m_partitions.setMigrating(uuid, false);
}

void MigrationController::adopt(const MigrationRecord &record, PartitionDone done)
{
    const QString uuid = record.uuid();
    m_busy.insert(uuid);
    proto::Transaction tx;
    tx.set_op(proto::TRANSACTION_OP_ADOPT);
    *tx.mutable_partition() = record.spec;
    *tx.mutable_resources() = record.assignment;
    QPointer<MigrationController> self(this);
    m_partitions.submit(std::move(tx), [self, uuid, done](Result<proto::TransactionResult> result) {
        if (!self)
            return done(Error(proto::ERROR_UNAVAILABLE, QStringLiteral("The agent is shutting down.")));
        self->m_busy.remove(uuid);
        if (!result)
            return done(result.error());
        if (result->error().code() != proto::ERROR_NONE)
            return done(Error::fromProto(result->error()));
        const auto it = self->m_incoming.find(uuid);
        if (it == self->m_incoming.end())
            return done(Error(proto::ERROR_NOT_FOUND, QStringLiteral("The reservation is gone.")));
        StoredPartition partition;
        partition.spec = it->spec;
        partition.desired = DesiredState::Running;
        partition.state = proto::PARTITION_STATE_RUNNING;
        partition.assignment = result->partition().assignment().cores_size() > 0 ? result->partition().assignment()
                                                                                 : it->assignment;
        if (auto saved = self->m_store.save(partition); !saved)
            return done(self->storeFailure(saved.error()));
        qCInfo(lcAgentPolicy).noquote() << "partition" << partition.name() << "arrived by migration" << it->migrationId
                                        << "and runs here";
        self->forgetIncoming(uuid);
        const proto::Partition reply = partition.toProto(self->m_hostName);
        emit self->m_partitions.partitionChanged(reply);
        done(reply);
    });
}

void MigrationController::release(const MigrationRecord &record, PartitionDone done)
{
    const QString uuid = record.uuid();
    m_busy.insert(uuid);
    if (auto receiver = m_receivers.find(uuid); receiver != m_receivers.end()) {
        receiver->second->discard();
        m_receivers.erase(receiver);
    }
    proto::Transaction tx;
    tx.set_op(proto::TRANSACTION_OP_RELEASE);
    *tx.mutable_partition() = record.spec;
    *tx.mutable_resources() = record.assignment;
    QPointer<MigrationController> self(this);
    m_partitions.submit(std::move(tx), [self, uuid, spec = record.spec, done](Result<proto::TransactionResult> result) {
        if (!self)
            return done(Error(proto::ERROR_UNAVAILABLE, QStringLiteral("The agent is shutting down.")));
        self->m_busy.remove(uuid);
        if (!result)
            return done(result.error());
        if (result->error().code() != proto::ERROR_NONE)
            return done(Error::fromProto(result->error()));
        self->forgetIncoming(uuid);
        proto::Partition reply;
        *reply.mutable_spec() = spec;
        reply.set_state(proto::PARTITION_STATE_STOPPED);
        reply.set_host(self->m_hostName.toStdString());
        done(reply);
    });
}

void MigrationController::completeIn(const proto::MigrationRef &ref, PartitionDone done)
{
    const QString uuid = canonical(ref.uuid());
    const auto it = m_incoming.find(uuid);
    if (it == m_incoming.end()) {
        // Completed before (the reply was lost): the same answer again.
        auto stored = m_store.find(uuid);
        if (stored && stored->has_value() && m_partitions.view().domain(uuid))
            return done((*stored)->toProto(m_hostName));
        return done(Error(proto::ERROR_NOT_FOUND,
                          QStringLiteral("Host %1 has no reservation for partition %2; prepare the migration first.")
                              .arg(m_hostName, uuid.isEmpty() ? fromStd(ref.uuid()) : uuid)));
    }
    if (!ref.migration_id().empty() && fromStd(ref.migration_id()) != it->migrationId)
        return done(Error(proto::ERROR_FAILED_PRECONDITION,
                          QStringLiteral("Partition %1 is reserved on host %2 for migration %3, not %4.")
                              .arg(it->name(), m_hostName, it->migrationId, fromStd(ref.migration_id()))));
    if (m_busy.contains(uuid) || m_receivers.count(uuid))
        return done(Error(proto::ERROR_FAILED_PRECONDITION,
                          QStringLiteral("Partition %1 is still arriving on host %2; complete it when that is done.")
                              .arg(it->name(), m_hostName)));
    adopt(*it, std::move(done));
}

void MigrationController::abortIn(const proto::MigrationRef &ref, PartitionDone done)
{
    const QString uuid = canonical(ref.uuid());
    const auto it = m_incoming.find(uuid);
    if (it == m_incoming.end()) {
        // Nothing reserved (aborted before, or never prepared): nothing to do.
        proto::Partition reply;
        reply.mutable_spec()->set_uuid(uuid.isEmpty() ? ref.uuid() : uuid.toStdString());
        reply.set_state(proto::PARTITION_STATE_STOPPED);
        reply.set_host(m_hostName.toStdString());
        return done(reply);
    }
    if (!ref.migration_id().empty() && fromStd(ref.migration_id()) != it->migrationId)
        return done(Error(proto::ERROR_FAILED_PRECONDITION,
                          QStringLiteral("Partition %1 is reserved on host %2 for migration %3, not %4.")
                              .arg(it->name(), m_hostName, it->migrationId, fromStd(ref.migration_id()))));
    if (m_busy.contains(uuid))
        return done(Error(proto::ERROR_FAILED_PRECONDITION,
                          QStringLiteral("Partition %1 is being restored or adopted on host %2; abort it when that is "
                                         "done.")
                              .arg(it->name(), m_hostName)));
    qCInfo(lcAgentPolicy).noquote() << "aborting the reservation of partition" << it->name() << "for migration"
                                    << it->migrationId;
    release(*it, std::move(done));
}

Result<proto::StateChunkAck> MigrationController::receiveChunk(const proto::StateChunk &chunk)
{
    const QString uuid = canonical(chunk.partition_uuid());
    const auto it = m_incoming.find(uuid);
    if (it == m_incoming.end())
        return Error(proto::ERROR_FAILED_PRECONDITION,
                     QStringLiteral("Host %1 has no reservation for partition %2; its state is refused.")
                         .arg(m_hostName, fromStd(chunk.partition_uuid())));
    if (fromStd(chunk.migration_id()) != it->migrationId)
        return Error(proto::ERROR_FAILED_PRECONDITION,
                     QStringLiteral("Partition %1 is reserved on host %2 for migration %3, not %4; its state is refused.")
                         .arg(it->name(), m_hostName, it->migrationId, fromStd(chunk.migration_id())));
    if (m_busy.contains(uuid))
        return Error(proto::ERROR_FAILED_PRECONDITION,
                     QStringLiteral("Partition %1 is being restored on host %2 already.").arg(it->name(), m_hostName));
    auto receiver = m_receivers.find(uuid);
    if (receiver == m_receivers.end()) {
        // Room for a saved guest: its memory plus device state and headers.
        const std::uint64_t limit = (it->spec.memory_mib() * 2 + 64) * 1024 * 1024;
        const QString path = QStringLiteral("%1/%2.incoming").arg(m_stateDir, it->migrationId);
        receiver = m_receivers
                       .emplace(uuid, std::make_unique<StateReceiver>(it->migrationId, uuid, it->name(), path, limit))
                       .first;
    }
    auto ack = receiver->second->accept(chunk);
    if (ack)
        m_lastActivityMs.insert(uuid, nowMs());
    return ack;
}

void MigrationController::finishTransfer(const proto::FinishStateTransfer &finish, PartitionDone done)
{
    const QString uuid = canonical(finish.partition_uuid());
    const auto it = m_incoming.find(uuid);
    const auto receiver = m_receivers.find(uuid);
    if (it == m_incoming.end() || receiver == m_receivers.end() || fromStd(finish.migration_id()) != it->migrationId)
        return done(Error(proto::ERROR_FAILED_PRECONDITION,
                          QStringLiteral("Host %1 has received no state of partition %2 for migration %3.")
                              .arg(m_hostName, fromStd(finish.partition_uuid()), fromStd(finish.migration_id()))));
    if (auto finished = receiver->second->finish(finish); !finished) {
        m_receivers.erase(receiver);
        return done(finished.error());
    }
    const QString path = receiver->second->path();
    m_receivers.erase(receiver);
    m_lastActivityMs.insert(uuid, nowMs());
    m_busy.insert(uuid);

    proto::Transaction tx;
    tx.set_op(proto::TRANSACTION_OP_RESTORE);
    *tx.mutable_partition() = it->spec;
    *tx.mutable_resources() = it->assignment;
    tx.set_state_file(path.toStdString());
    QPointer<MigrationController> self(this);
    m_partitions.submit(std::move(tx), [self, uuid, path, done](Result<proto::TransactionResult> result) {
        QFile::remove(path); // restored or refused: the file has served
        if (!self)
            return done(Error(proto::ERROR_UNAVAILABLE, QStringLiteral("The agent is shutting down.")));
        self->m_busy.remove(uuid);
        self->m_lastActivityMs.insert(uuid, nowMs());
        if (!result)
            return done(result.error());
        if (result->error().code() != proto::ERROR_NONE)
            return done(Error::fromProto(result->error()));
        proto::Partition reply = result->partition();
        reply.set_host(self->m_hostName.toStdString());
        done(reply);
    });
}

void MigrationController::checkExpiries()
{
    if (!m_partitions.monitorAttached() || !m_partitions.view().hasSnapshot())
        return;
    // Whether something arrived in a reservation shows in libvirt, not in
    // the database: keep the copy fresh while there are reservations.
    if (!m_incoming.isEmpty())
        m_partitions.refreshSnapshot();
    const qint64 now = nowMs();
    const ResourceView &view = m_partitions.view();
    for (const MigrationRecord &record : m_incoming) {
        const QString uuid = record.uuid();
        if (m_busy.contains(uuid) || m_receivers.count(uuid) || now < expiryOf(record))
            continue;
        const proto::Reservation *reservation = nullptr;
        for (const auto &r : view.snapshot().reservations())
            if (canonical(r.uuid()) == uuid)
                reservation = &r;
        const auto state = reservation ? reservation->domain_state() : proto::PARTITION_STATE_UNSPECIFIED;
        if (state == proto::PARTITION_STATE_RUNNING || view.domain(uuid)) {
            // It arrived and nobody said so: it runs only here, keep it.
            qCWarning(lcAgentPolicy).noquote()
                << QStringLiteral("The reservation of partition %1 for migration %2 lapsed, but the partition runs on "
                                  "host %3: adopting it.")
                       .arg(record.name(), record.migrationId, m_hostName);
            const QString name = record.name();
            adopt(record, [name](Result<proto::Partition> r) {
                if (!r)
                    qCWarning(lcAgentPolicy).noquote()
                        << QStringLiteral("Cannot adopt partition %1: %2").arg(name, r.error().message());
            });
        } else if (state != proto::PARTITION_STATE_UNSPECIFIED) {
            m_lastActivityMs.insert(uuid, now); // a migration into it still runs
        } else {
            qCWarning(lcAgentPolicy).noquote()
                << QStringLiteral("The reservation of partition %1 for migration %2 lapsed unused; releasing it.")
                       .arg(record.name(), record.migrationId);
            const QString name = record.name();
            release(record, [name](Result<proto::Partition> r) {
                if (!r)
                    qCWarning(lcAgentPolicy).noquote()
                        << QStringLiteral("Cannot release the reservation of partition %1: %2").arg(name, r.error().message());
            });
        }
    }
}

void MigrationController::resendReservations()
{
    const ResourceView &view = m_partitions.view();
    QSet<QString> reserved;
    for (const auto &r : view.snapshot().reservations())
        reserved.insert(canonical(r.uuid()));
    for (const MigrationRecord &record : m_incoming) {
        const QString uuid = record.uuid();
        if (m_busy.contains(uuid) || reserved.contains(uuid) || view.domain(uuid) || m_partitions.hasPending(uuid))
            continue;
        // The monitor does not hold it (it restarted): tell it again.
        qCInfo(lcAgentPolicy).noquote() << "sending the reservation of partition" << record.name()
                                        << "to the monitor again";
        m_busy.insert(uuid);
        proto::Transaction tx;
        tx.set_txid(record.txid);
        tx.set_op(proto::TRANSACTION_OP_RESERVE);
        *tx.mutable_partition() = record.spec;
        *tx.mutable_resources() = record.assignment;
        QPointer<MigrationController> self(this);
        const QString name = record.name();
        m_partitions.submit(std::move(tx), [self, uuid, name](Result<proto::TransactionResult> result) {
            if (!self)
                return;
            self->m_busy.remove(uuid);
            if (!result || result->error().code() != proto::ERROR_NONE)
                qCWarning(lcAgentPolicy).noquote()
                    << QStringLiteral("The monitor did not take the reservation of partition %1 again: %2 It lapses at "
                                      "its expiry.")
                           .arg(name, result ? fromStd(result->error().message()) : result.error().message());
        });
    }
    // Reservations the monitor holds for nobody here: released.
    for (const QString &uuid : reserved) {
        if (m_incoming.contains(uuid) || m_busy.contains(uuid) || m_partitions.hasPending(uuid))
            continue;
        for (const auto &r : view.snapshot().reservations()) {
            // One that a partition runs in is the only copy: never released.
            if (canonical(r.uuid()) != uuid || r.domain_state() != proto::PARTITION_STATE_UNSPECIFIED)
                continue;
            qCWarning(lcAgentPolicy).noquote() << "the monitor reserves resources for partition" << fromStd(r.name())
                                               << "that this agent does not expect; releasing them";
            MigrationRecord orphan;
            orphan.spec.set_uuid(uuid.toStdString());
            orphan.spec.set_name(r.name());
            orphan.assignment = r.assignment();
            release(orphan, [](Result<proto::Partition>) {});
        }
    }
}

void MigrationController::onSnapshot(bool resynchronised)
{
    if (!m_partitions.monitorAttached())
        return;
    resendReservations();
    settleOutgoing(resynchronised);
}

// ---------------------------------------------------------------- source side

proto::MigrationProgress MigrationController::event(const Outgoing &o, proto::MigrationPhase phase) const
{
    proto::MigrationProgress progress = o.last;
    progress.set_phase(phase);
    progress.set_message(std::string());
    progress.set_estimate_note(std::string());
    return progress;
}

void MigrationController::publish(Outgoing &o, proto::MigrationProgress progress)
{
    progress.set_migration_id(o.record.migrationId.toStdString());
    progress.set_partition_uuid(o.record.uuid().toStdString());
    progress.set_partition_name(o.record.spec.name());
    progress.set_source_host(m_hostName.toStdString());
    progress.set_target_host(o.record.peerHost.toStdString());
    progress.set_mode(o.record.mode);
    progress.set_sequence(++o.sequence);
    progress.set_elapsed_ms(o.clock.elapsed());
    progress.set_timestamp_ms(nowMs());
    o.last = progress;
    o.lastPublishedMs = o.clock.elapsed();
    emit progressed(progress);
}

void MigrationController::republish()
{
    for (auto &[uuid, o] : m_outgoing) {
        if (finalPhase(o->last.phase()) || o->clock.elapsed() - o->lastPublishedMs < kRepublishIntervalMs)
            continue;
        proto::MigrationProgress again = o->last;
        again.set_estimate_note(std::string()); // said once is enough
        publish(*o, again);
    }
}

void MigrationController::migrateOut(const proto::MigrateOut &request, OutcomeDone done)
{
    const auto refuse = [&done](const Error &error) {
        Outcome outcome;
        outcome.error = error;
        outcome.progress.set_phase(proto::MIGRATION_PHASE_FAILED);
        outcome.progress.set_message(error.message().toStdString());
        done(outcome);
    };
    const QString uuid = canonical(request.uuid());
    if (uuid.isEmpty())
        return refuse(Error(proto::ERROR_INVALID_ARGUMENT,
                            QStringLiteral("The migration names no valid partition UUID (\"%1\").")
                                .arg(fromStd(request.uuid()))));
    auto found = m_store.find(uuid);
    if (!found)
        return refuse(storeFailure(found.error()));
    if (!found->has_value())
        return refuse(Error(proto::ERROR_NOT_FOUND,
                            QStringLiteral("Host %1 has no partition with UUID %2.").arg(m_hostName, uuid)));
    StoredPartition partition = std::move(**found);
    const QString name = partition.name();
    const proto::MigrationTarget &target = request.target();
    const QString targetHost = fromStd(target.host());

    if (const auto it = m_outgoing.find(uuid); it != m_outgoing.end())
        return refuse(Error(proto::ERROR_FAILED_PRECONDITION,
                            QStringLiteral("Partition %1 is already being migrated to host %2 (migration %3); a second "
                                           "migration is refused.")
                                .arg(name, it->second->record.peerHost, it->second->record.migrationId)));
    if (m_partitions.isMigrating(uuid))
        return refuse(Error(proto::ERROR_FAILED_PRECONDITION,
                            QStringLiteral("Partition %1 is in a migration already on host %2; a second migration is "
                                           "refused.")
                                .arg(name, m_hostName)));
    if (targetHost.isEmpty() || target.migration_id().empty())
        return refuse(Error(proto::ERROR_INVALID_ARGUMENT,
                            QStringLiteral("The migration of partition %1 names no target; pass the target host's answer "
                                           "to prepare_migration_in unchanged.")
                                .arg(name)));
    if (targetHost == m_hostName)
        return refuse(Error(proto::ERROR_INVALID_ARGUMENT,
                            QStringLiteral("Partition %1 runs on host %2 already; it cannot be migrated to the host it "
                                           "runs on.")
                                .arg(name, m_hostName)));
    if (target.expires_ms() != 0 && target.expires_ms() <= QDateTime::currentMSecsSinceEpoch())
        return refuse(Error(proto::ERROR_FAILED_PRECONDITION,
                            QStringLiteral("The reservation for partition %1 on host %2 expired at %3; prepare the "
                                           "migration there again.")
                                .arg(name, targetHost,
                                     QDateTime::fromMSecsSinceEpoch(target.expires_ms()).toString(Qt::ISODate))));
    if (std::uint32_t(target.assignment().cores_size()) != partition.spec.vcpus())
        return refuse(Error(proto::ERROR_INVALID_ARGUMENT,
                            QStringLiteral("Host %1 reserved %2 cores for partition %3, which has %4 vCPUs.")
                                .arg(targetHost)
                                .arg(target.assignment().cores_size())
                                .arg(name)
                                .arg(partition.spec.vcpus())));
    if (!m_partitions.monitorAttached() || !m_partitions.view().hasSnapshot())
        return refuse(Error(proto::ERROR_UNAVAILABLE,
                            QStringLiteral("Cannot migrate partition %1: the monitor of host %2 is not attached.")
                                .arg(name, m_hostName)));
    const proto::DomainStatus *running = m_partitions.view().domain(uuid);
    if (!running || (running->state() != proto::PARTITION_STATE_RUNNING && running->state() != proto::PARTITION_STATE_PAUSED))
        return refuse(Error(proto::ERROR_FAILED_PRECONDITION,
                            QStringLiteral("Partition %1 does not run on host %2; only a running partition is migrated.")
                                .arg(name, m_hostName)));
    if (m_partitions.hasPending(uuid))
        return refuse(Error(proto::ERROR_FAILED_PRECONDITION,
                            QStringLiteral("Partition %1 is being started or stopped on host %2; migrate it when that "
                                           "is done.")
                                .arg(name, m_hostName)));

    const bool sourceLive = m_partitions.view().snapshot().live_migration();
    const bool targetLive = target.live_capable() && !target.migration_uri().empty();
    proto::MigrationMode mode = request.mode();
    if (mode == proto::MIGRATION_MODE_UNSPECIFIED)
        mode = sourceLive && targetLive ? proto::MIGRATION_MODE_LIVE : proto::MIGRATION_MODE_OFFLINE;
    if (mode == proto::MIGRATION_MODE_LIVE && !(sourceLive && targetLive))
        return refuse(Error(proto::ERROR_FAILED_PRECONDITION,
                            QStringLiteral("Partition %1 cannot be migrated live from host %2 to host %3: %4 no live "
                                           "migration. Migrate it offline.")
                                .arg(name, m_hostName, targetHost,
                                     !sourceLive ? QStringLiteral("host %1 offers").arg(m_hostName)
                                                 : QStringLiteral("host %1 offers").arg(targetHost))));
    if (mode == proto::MIGRATION_MODE_OFFLINE && target.agent_endpoint().empty())
        return refuse(Error(proto::ERROR_INVALID_ARGUMENT,
                            QStringLiteral("Host %1 names no agent endpoint; the state of partition %2 cannot be sent "
                                           "there.")
                                .arg(targetHost, name)));
    auto txid = m_partitions.nextTxid();
    if (!txid)
        return refuse(storeFailure(txid.error()));

    auto o = std::make_unique<Outgoing>();
    o->record.migrationId = fromStd(target.migration_id());
    o->record.incoming = false;
    o->record.spec = partition.spec;
    o->record.txid = *txid;
    o->record.peerHost = targetHost;
    o->record.mode = mode;
    if (mode == proto::MIGRATION_MODE_OFFLINE)
        o->record.stateFile = QStringLiteral("%1/%2.saved").arg(m_stateDir, o->record.migrationId);
    o->target = target;
    o->partition = partition;
    o->done = std::move(done);
    o->clock.start();
    if (auto saved = m_store.saveMigration(o->record); !saved) {
        Outcome outcome;
        outcome.error = storeFailure(saved.error());
        return o->done(outcome);
    }
    m_partitions.setMigrating(uuid, true);
    o->generation = m_partitions.monitorGeneration();
    Outgoing &out = *o;
    m_outgoing.emplace(uuid, std::move(o));
    qCInfo(lcAgentPolicy).noquote() << "migrating partition" << name << "to host" << targetHost << modeName(mode)
                                    << "as migration" << out.record.migrationId;
    proto::MigrationProgress checking = event(out, proto::MIGRATION_PHASE_CHECKING);
    checking.set_estimated_remaining_ms(-1);
    publish(out, checking);

    if (!target.publish_endpoint().empty()) {
        out.watch = std::make_unique<PeerWatch>(targetHost);
        out.watch->setSilenceLimit(m_peerSilenceMs);
        if (auto watching = out.watch->watch(fromStd(target.publish_endpoint())); watching) {
            connect(out.watch.get(), &PeerWatch::silent, this, [this, uuid, targetHost, name](int ms) {
                cancelOutgoing(uuid, Error(proto::ERROR_UNAVAILABLE,
                                           QStringLiteral("The agent of host %1 went silent (no heartbeat for %2 ms) "
                                                          "while partition %3 was migrating there; the migration is "
                                                          "cancelled.")
                                               .arg(targetHost)
                                               .arg(ms)
                                               .arg(name)));
            });
        } else {
            qCWarning(lcAgentApi).noquote() << "cannot watch host" << targetHost << ":" << watching.error().message();
            out.watch.reset();
        }
    }

    proto::Transaction tx;
    tx.set_txid(out.record.txid);
    tx.set_op(proto::TRANSACTION_OP_MIGRATE_OUT);
    *tx.mutable_partition() = partition.spec;
    *tx.mutable_resources() = running->assignment();
    *tx.mutable_target() = target;
    tx.set_mode(mode);
    tx.set_state_file(out.record.stateFile.toStdString());
    tx.set_bandwidth_mib_s(request.bandwidth_mib_s());
    QPointer<MigrationController> self(this);
    m_partitions.submit(
        std::move(tx),
        [self, uuid](Result<proto::TransactionResult> result) {
            if (self)
                self->onMigrateOutResult(uuid, std::move(result));
        },
        [self, uuid](const proto::MigrationProgress &progress) {
            if (self)
                self->onMonitorProgress(uuid, progress);
        },
        false);
}

void MigrationController::onMonitorProgress(const QString &uuid, const proto::MigrationProgress &progress)
{
    const auto it = m_outgoing.find(uuid);
    if (it == m_outgoing.end())
        return;
    Outgoing &o = *it->second;
    proto::MigrationProgress event = progress;
    // The monitor's view of an offline save is one step of the agent's.
    if (o.record.mode == proto::MIGRATION_MODE_OFFLINE)
        event.set_phase(proto::MIGRATION_PHASE_SAVING);
    publish(o, event);
}

void MigrationController::onMigrateOutResult(const QString &uuid, Result<proto::TransactionResult> result)
{
    const auto it = m_outgoing.find(uuid);
    if (it == m_outgoing.end())
        return;
    Outgoing &o = *it->second;
    o.monitorDriven = false;
    if (!result) {
        // No answer: the monitor restarted or stopped answering. What libvirt
        // runs decides, on the monitor's next snapshot: a restarted monitor
        // follows a migration libvirt still runs; one that stopped answering
        // is asked to cancel it.
        qCWarning(lcAgentPolicy).noquote() << result.error().message();
        if (!o.cancelReason)
            o.cancelReason = result.error();
        const bool restarted = m_partitions.monitorGeneration() != o.generation;
        o.generation = m_partitions.monitorGeneration();
        if (!restarted && m_partitions.monitorAttached()) {
            proto::Transaction cancel;
            cancel.set_op(proto::TRANSACTION_OP_CANCEL_MIGRATION);
            *cancel.mutable_partition() = o.record.spec;
            m_partitions.submit(std::move(cancel), [](Result<proto::TransactionResult>) {});
        }
        o.awaitingSettle = true;
        return;
    }
    proto::MigrationProgress final = result->migration();
    if (result->error().code() != proto::ERROR_NONE) {
        Error error = Error::fromProto(result->error());
        if (o.cancelReason && error.code() == proto::ERROR_CANCELLED)
            error = Error(o.cancelReason->code(),
                          QStringLiteral("%1 Partition %2 keeps running on host %3.")
                              .arg(o.cancelReason->message(), o.record.name(), m_hostName));
        if (!finalPhase(final.phase()))
            final.set_phase(error.code() == proto::ERROR_CANCELLED ? proto::MIGRATION_PHASE_CANCELLED
                                                                   : proto::MIGRATION_PHASE_FAILED);
        final.set_message(error.message().toStdString());
        return finishOutgoing(uuid, error, final);
    }
    if (o.record.mode == proto::MIGRATION_MODE_LIVE) {
        // The monitor freed its resources and undefined the domain here.
        final.set_phase(proto::MIGRATION_PHASE_COMPLETED);
        if (auto removed = m_store.remove(uuid); !removed)
            storeFailure(removed.error());
        return finishOutgoing(uuid, std::nullopt, final);
    }
    // Offline: saved and parked here; now the file goes to the target.
    if (o.cancelReason) {
        const Error why = *o.cancelReason;
        return rollBack(uuid, why);
    }
    publish(o, final);
    startTransfer(o);
}

void MigrationController::startTransfer(Outgoing &o)
{
    const QString uuid = o.record.uuid();
    o.sender = std::make_unique<StateSender>(o.record.migrationId, uuid, o.record.name(), o.record.stateFile,
                                             o.record.peerHost);
    connect(o.sender.get(), &StateSender::progressed, this, [this, uuid](quint64 acknowledged, quint64 total) {
        const auto it = m_outgoing.find(uuid);
        if (it == m_outgoing.end())
            return;
        Outgoing &out = *it->second;
        proto::MigrationProgress p = event(out, proto::MIGRATION_PHASE_TRANSFERRING);
        const std::uint64_t rate = out.sender ? out.sender->rate() : 0;
        p.set_memory_total_bytes(total);
        p.set_memory_processed_bytes(acknowledged);
        p.set_memory_remaining_bytes(total - acknowledged);
        p.set_transfer_rate_bytes_per_s(rate);
        p.set_dirty_rate_bytes_per_s(0);
        p.set_estimated_remaining_ms(rate ? std::int64_t((total - acknowledged) * 1000 / rate) : -1);
        if (out.clock.elapsed() - out.lastPublishedMs >= 100 || acknowledged == total)
            publish(out, p);
        else
            out.last = p; // the republish timer sends it if nothing newer comes
    });
    connect(o.sender.get(), &StateSender::restoring, this, [this, uuid] {
        const auto it = m_outgoing.find(uuid);
        if (it == m_outgoing.end())
            return;
        it->second->restoringOnTarget = true;
        proto::MigrationProgress p = event(*it->second, proto::MIGRATION_PHASE_RESTORING);
        p.set_estimated_remaining_ms(-1);
        publish(*it->second, p);
    });
    connect(o.sender.get(), &StateSender::finished, this, [this, uuid](const Result<proto::Partition> &result) {
        const auto it = m_outgoing.find(uuid);
        if (it == m_outgoing.end())
            return;
        if (!result)
            return rollBack(uuid, result.error());
        proto::MigrationProgress final = event(*it->second, proto::MIGRATION_PHASE_COMPLETED);
        final.set_memory_remaining_bytes(0);
        final.set_estimated_remaining_ms(0);
        releaseSource(uuid, final);
    });
    if (auto started = o.sender->start(fromStd(o.target.agent_endpoint())); !started)
        rollBack(uuid, started.error());
}

void MigrationController::releaseSource(const QString &uuid, proto::MigrationProgress final)
{
    const auto it = m_outgoing.find(uuid);
    if (it == m_outgoing.end())
        return;
    Outgoing &o = *it->second;
    publish(o, event(o, proto::MIGRATION_PHASE_CLEANING_UP));
    proto::Transaction tx;
    tx.set_op(proto::TRANSACTION_OP_RELEASE);
    *tx.mutable_partition() = o.record.spec;
    QPointer<MigrationController> self(this);
    m_partitions.submit(std::move(tx), [self, uuid, final](Result<proto::TransactionResult> result) {
        if (!self)
            return;
        const auto found = self->m_outgoing.find(uuid);
        if (found == self->m_outgoing.end())
            return;
        if (!result || result->error().code() != proto::ERROR_NONE)
            qCWarning(lcAgentPolicy).noquote()
                << QStringLiteral("Partition %1 runs on host %2 now, but its saved copy here could not be released: %3")
                       .arg(found->second->record.name(), found->second->record.peerHost,
                            result ? fromStd(result->error().message()) : result.error().message());
        QFile::remove(found->second->record.stateFile);
        if (auto removed = self->m_store.remove(uuid); !removed)
            self->storeFailure(removed.error());
        proto::MigrationProgress done = final;
        done.set_message(QStringLiteral("Partition %1 now runs on host %2.")
                             .arg(found->second->record.name(), found->second->record.peerHost)
                             .toStdString());
        self->finishOutgoing(uuid, std::nullopt, done);
    });
}

void MigrationController::rollBack(const QString &uuid, const Error &why)
{
    const auto it = m_outgoing.find(uuid);
    if (it == m_outgoing.end())
        return;
    Outgoing &o = *it->second;
    if (o.sender) {
        o.sender->abort();
        o.sender.release()->deleteLater(); // this may run inside one of its signals
    }
    publish(o, event(o, proto::MIGRATION_PHASE_CLEANING_UP));
    qCWarning(lcAgentPolicy).noquote() << QStringLiteral("The offline migration of partition %1 to host %2 failed (%3); "
                                                         "restoring it on host %4.")
                                              .arg(o.record.name(), o.record.peerHost, why.message(), m_hostName);
    proto::Transaction tx;
    tx.set_op(proto::TRANSACTION_OP_RESTORE);
    *tx.mutable_partition() = o.record.spec;
    *tx.mutable_resources() = o.partition.assignment;
    tx.set_state_file(o.record.stateFile.toStdString());
    QPointer<MigrationController> self(this);
    m_partitions.submit(std::move(tx), [self, uuid, why](Result<proto::TransactionResult> result) {
        if (!self)
            return;
        const auto found = self->m_outgoing.find(uuid);
        if (found == self->m_outgoing.end())
            return;
        Outgoing &out = *found->second;
        const bool cancelled = why.code() == proto::ERROR_CANCELLED;
        proto::MigrationProgress final = self->event(out, cancelled ? proto::MIGRATION_PHASE_CANCELLED
                                                                    : proto::MIGRATION_PHASE_FAILED);
        Error error = why;
        if (result && result->error().code() == proto::ERROR_NONE) {
            QFile::remove(out.record.stateFile);
            error = Error(why.code(), QStringLiteral("%1 Partition %2 was restored and runs on host %3 again.")
                                          .arg(why.message(), out.record.name(), self->m_hostName));
        } else {
            error = Error(why.code(),
                          QStringLiteral("%1 Partition %2 could not be restored on host %3 either (%4); its saved state "
                                         "is kept in %5.")
                              .arg(why.message(), out.record.name(), self->m_hostName,
                                   result ? fromStd(result->error().message()) : result.error().message(),
                                   out.record.stateFile));
        }
        final.set_message(error.message().toStdString());
        self->finishOutgoing(uuid, error, final);
    });
}

void MigrationController::cancelOutgoing(const QString &uuid, const Error &why)
{
    const auto it = m_outgoing.find(uuid);
    if (it == m_outgoing.end())
        return;
    Outgoing &o = *it->second;
    if (o.cancelReason || o.restoringOnTarget)
        return;
    o.cancelReason = why;
    qCWarning(lcAgentPolicy).noquote() << why.message();
    if (o.monitorDriven) {
        proto::Transaction tx;
        tx.set_op(proto::TRANSACTION_OP_CANCEL_MIGRATION);
        *tx.mutable_partition() = o.record.spec;
        const QString name = o.record.name();
        m_partitions.submit(std::move(tx), [name](Result<proto::TransactionResult> result) {
            if (!result || result->error().code() != proto::ERROR_NONE)
                qCWarning(lcAgentPolicy).noquote()
                    << QStringLiteral("The monitor did not cancel the migration of partition %1: %2")
                           .arg(name, result ? fromStd(result->error().message()) : result.error().message());
        });
    } else if (o.sender) {
        rollBack(uuid, why);
    }
}

void MigrationController::cancel(const proto::MigrationRef &ref, ProgressDone done)
{
    const QString uuid = canonical(ref.uuid());
    const auto it = m_outgoing.find(uuid);
    if (it == m_outgoing.end()) {
        // One found at start whose agent is gone: forgetting it is the cancel.
        for (int i = 0; i < m_unsettled.size(); ++i) {
            if (m_unsettled.at(i).uuid() != uuid)
                continue;
            const MigrationRecord record = m_unsettled.takeAt(i);
            if (auto removed = m_store.removeMigration(uuid); !removed)
                return done(storeFailure(removed.error()));
            m_partitions.setMigrating(uuid, false);
            proto::MigrationProgress progress;
            progress.set_migration_id(record.migrationId.toStdString());
            progress.set_partition_uuid(uuid.toStdString());
            progress.set_partition_name(record.spec.name());
            progress.set_phase(proto::MIGRATION_PHASE_CANCELLED);
            return done(progress);
        }
        return done(Error(proto::ERROR_FAILED_PRECONDITION,
                          QStringLiteral("No migration of partition %1 runs from host %2.")
                              .arg(uuid.isEmpty() ? fromStd(ref.uuid()) : uuid, m_hostName)));
    }
    Outgoing &o = *it->second;
    if (!ref.migration_id().empty() && fromStd(ref.migration_id()) != o.record.migrationId)
        return done(Error(proto::ERROR_FAILED_PRECONDITION,
                          QStringLiteral("Partition %1 is in migration %2, not %3.")
                              .arg(o.record.name(), o.record.migrationId, fromStd(ref.migration_id()))));
    if (o.restoringOnTarget)
        return done(Error(proto::ERROR_FAILED_PRECONDITION,
                          QStringLiteral("Partition %1 is being restored on host %2 already; it is too late to cancel.")
                              .arg(o.record.name(), o.record.peerHost)));
    cancelOutgoing(uuid, Error(proto::ERROR_CANCELLED,
                               QStringLiteral("The migration of partition %1 to host %2 was cancelled on request.")
                                   .arg(o.record.name(), o.record.peerHost)));
    done(o.last);
}

void MigrationController::finishOutgoing(const QString &uuid, std::optional<Error> error, proto::MigrationProgress final)
{
    const auto it = m_outgoing.find(uuid);
    if (it == m_outgoing.end())
        return;
    std::unique_ptr<Outgoing> o = std::move(it->second);
    m_outgoing.erase(it);
    if (!finalPhase(final.phase()))
        final.set_phase(error ? proto::MIGRATION_PHASE_FAILED : proto::MIGRATION_PHASE_COMPLETED);
    if (error && final.message().empty())
        final.set_message(error->message().toStdString());
    publish(*o, final);
    if (auto removed = m_store.removeMigration(uuid); !removed)
        storeFailure(removed.error());
    m_partitions.setMigrating(uuid, false);
    if (o->sender)
        o->sender.release()->deleteLater(); // this may run inside one of its signals
    if (error)
        qCWarning(lcAgentPolicy).noquote() << error->message();
    else
        qCInfo(lcAgentPolicy).noquote() << "partition" << o->record.name() << "moved to host" << o->record.peerHost
                                        << "downtime" << final.downtime_ms() << "ms";
    if (o->done) {
        Outcome outcome;
        outcome.error = std::move(error);
        outcome.progress = o->last;
        o->done(outcome);
    }
}

void MigrationController::resubmit(const QString &uuid, const MigrationRecord &record)
{
    // The monitor knows the txid (or binds the migration it follows to it)
    // and answers when the migration ends.
    proto::Transaction tx;
    tx.set_txid(record.txid);
    tx.set_op(proto::TRANSACTION_OP_MIGRATE_OUT);
    *tx.mutable_partition() = record.spec;
    tx.set_mode(record.mode);
    tx.set_state_file(record.stateFile.toStdString());
    tx.mutable_target()->set_host(record.peerHost.toStdString());
    tx.mutable_target()->set_migration_id(record.migrationId.toStdString());
    QPointer<MigrationController> self(this);
    m_partitions.submit(
        std::move(tx),
        [self, uuid](Result<proto::TransactionResult> result) {
            if (self)
                self->onMigrateOutResult(uuid, std::move(result));
        },
        [self, uuid](const proto::MigrationProgress &progress) {
            if (self)
                self->onMonitorProgress(uuid, progress);
        },
        false);
}

void MigrationController::settleOutgoing(bool resynchronised)
{
    const ResourceView &view = m_partitions.view();
    QSet<QString> running;
    for (const auto &m : view.snapshot().migrations())
        running.insert(canonical(m.partition_uuid()));

    // Migrations whose monitor answer was lost. One the (restarted) monitor
    // found still running in libvirt is asked for again under its txid.
    std::vector<QString> lost;
    std::vector<QString> rebind;
    for (const auto &[uuid, o] : m_outgoing) {
        if (!o->awaitingSettle)
            continue;
        (running.contains(uuid) ? rebind : lost).push_back(uuid);
    }
    for (const QString &uuid : rebind) {
        Outgoing &o = *m_outgoing.at(uuid);
        o.awaitingSettle = false;
        o.monitorDriven = true;
        o.cancelReason.reset(); // it goes on: nobody cancels it
        resubmit(uuid, o.record);
    }
    for (const QString &uuid : lost) {
        Outgoing &o = *m_outgoing.at(uuid);
        const Error why = o.cancelReason.value_or(Error(proto::ERROR_UNAVAILABLE, QStringLiteral("The monitor was lost.")));
        proto::MigrationProgress final = event(o, proto::MIGRATION_PHASE_FAILED);
        if (view.domain(uuid)) {
            final.set_message(QStringLiteral("%1 Partition %2 keeps running on host %3.")
                                  .arg(why.message(), o.record.name(), m_hostName)
                                  .toStdString());
            finishOutgoing(uuid, Error(proto::ERROR_UNAVAILABLE, fromStd(final.message())), final);
        } else {
            // Not here any more: it moved (or died); the target's inventory says which.
            if (auto removed = m_store.remove(uuid); !removed)
                storeFailure(removed.error());
            final.set_message(QStringLiteral("%1 Partition %2 no longer runs on host %3; complete the migration on "
                                             "host %4 if it runs there.")
                                  .arg(why.message(), o.record.name(), m_hostName, o.record.peerHost)
                                  .toStdString());
            finishOutgoing(uuid, Error(proto::ERROR_UNAVAILABLE, fromStd(final.message())), final);
        }
    }

    if (!resynchronised || m_unsettled.isEmpty())
        return;
    // Migrations of a previous agent on this host.
    const QList<MigrationRecord> records = std::exchange(m_unsettled, {});
    for (const MigrationRecord &record : records) {
        const QString uuid = record.uuid();
        if (running.contains(uuid)) {
            // Still running in the monitor: follow it to its end again.
            auto o = std::make_unique<Outgoing>();
            o->record = record;
            o->clock.start();
            if (auto stored = m_store.find(uuid); stored && stored->has_value())
                o->partition = **stored;
            Outgoing &out = *o;
            m_outgoing.emplace(uuid, std::move(o));
            resubmit(uuid, record);
            publish(out, event(out, proto::MIGRATION_PHASE_COPYING_MEMORY));
            continue;
        }
        if (auto removed = m_store.removeMigration(uuid); !removed)
            storeFailure(removed.error());
        m_partitions.setMigrating(uuid, false);
        if (view.domain(uuid)) {
            qCWarning(lcAgentPolicy).noquote()
                << QStringLiteral("The migration of partition %1 to host %2 did not complete; it runs on host %3.")
                       .arg(record.name(), record.peerHost, m_hostName);
        } else if (record.mode == proto::MIGRATION_MODE_OFFLINE && QFile::exists(record.stateFile)) {
            qCWarning(lcAgentPolicy).noquote()
                << QStringLiteral("Partition %1 does not run on host %2 and its offline migration to host %3 did not "
                                  "finish here; its saved state is kept in %4.")
                       .arg(record.name(), m_hostName, record.peerHost, record.stateFile);
            if (auto stored = m_store.find(uuid); stored && stored->has_value()) {
                StoredPartition p = **stored;
                p.desired = DesiredState::Stopped; // never two copies: operations decides
                p.state = proto::PARTITION_STATE_STOPPED;
                p.lastError = QStringLiteral("Its offline migration to host %1 was interrupted; the saved state is in %2.")
                                  .arg(record.peerHost, record.stateFile);
                (void)m_store.save(p);
            }
        } else {
            qCWarning(lcAgentPolicy).noquote()
                << QStringLiteral("Partition %1 no longer runs on host %2; it is taken to have moved to host %3.")
                       .arg(record.name(), m_hostName, record.peerHost);
            if (auto removed = m_store.remove(uuid); !removed)
                storeFailure(removed.error());
        }
    }
}

QList<proto::MigrationStatus> MigrationController::statuses() const
{
    QList<proto::MigrationStatus> result;
    for (const MigrationRecord &record : m_incoming) {
        proto::MigrationStatus s;
        s.set_migration_id(record.migrationId.toStdString());
        s.set_partition_uuid(record.uuid().toStdString());
        s.set_partition_name(record.spec.name());
        s.set_incoming(true);
        s.set_peer_host(record.peerHost.toStdString());
        // RESERVING: nothing arrived; COPYING_MEMORY: a live migration runs
        // into it; TRANSFERRING: an offline state arrives; CLEANING_UP: the
        // partition runs here and waits for complete_migration_in.
        proto::MigrationPhase phase = proto::MIGRATION_PHASE_RESERVING;
        for (const auto &r : m_partitions.view().snapshot().reservations()) {
            if (canonical(r.uuid()) != record.uuid())
                continue;
            if (r.domain_state() == proto::PARTITION_STATE_RUNNING)
                phase = proto::MIGRATION_PHASE_CLEANING_UP;
            else if (r.domain_state() != proto::PARTITION_STATE_UNSPECIFIED)
                phase = proto::MIGRATION_PHASE_COPYING_MEMORY;
        }
        if (m_receivers.count(record.uuid()))
            phase = proto::MIGRATION_PHASE_TRANSFERRING;
        s.set_phase(phase);
        *s.mutable_assignment() = record.assignment;
        s.set_expires_ms(expiryOf(record));
        result.append(s);
    }
    for (const auto &[uuid, o] : m_outgoing) {
        proto::MigrationStatus s;
        s.set_migration_id(o->record.migrationId.toStdString());
        s.set_partition_uuid(uuid.toStdString());
        s.set_partition_name(o->record.spec.name());
        s.set_incoming(false);
        s.set_peer_host(o->record.peerHost.toStdString());
        s.set_phase(o->last.phase());
        result.append(s);
    }
    for (const MigrationRecord &record : m_unsettled) {
        proto::MigrationStatus s;
        s.set_migration_id(record.migrationId.toStdString());
        s.set_partition_uuid(record.uuid().toStdString());
        s.set_partition_name(record.spec.name());
        s.set_incoming(false);
        s.set_peer_host(record.peerHost.toStdString());
        result.append(s);
    }
    return result;
}

} // namespace vdc::agent
