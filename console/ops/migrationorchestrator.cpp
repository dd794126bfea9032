#include "migrationorchestrator.h"

#include "agentlink.h"
#include "model/validation.h"
#include "opsengine.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QPointer>

#include <algorithm>

Q_LOGGING_CATEGORY(lcOpsMigration, "vdc.ops.migration", QtWarningMsg)

namespace vdc::ops {

namespace {

QString str(const std::string &s) { return QString::fromStdString(s); }

proto::OpsReply errorReply(const Error &error)
{
    proto::OpsReply reply;
    *reply.mutable_error() = error.toProto();
    return reply;
}

bool finalPhase(proto::MigrationPhase phase)
{
    return phase == proto::MIGRATION_PHASE_COMPLETED || phase == proto::MIGRATION_PHASE_FAILED
        || phase == proto::MIGRATION_PHASE_CANCELLED;
}

QString mib(std::uint64_t bytes) { return QString::number(double(bytes) / (1024.0 * 1024.0), 'f', 1); }

QString seconds(qint64 ms) { return QString::number(double(ms) / 1000.0, 'f', 1); }

QString modeWord(proto::MigrationMode mode)
{
    switch (mode) {
    case proto::MIGRATION_MODE_LIVE:
        return QStringLiteral("live");
    case proto::MIGRATION_MODE_OFFLINE:
        return QStringLiteral("offline");
    default:
        return QStringLiteral("live or offline");
    }
}

// Why a fresh estimate is longer than the countdown of the last one, when
// the source did not say.
QString growthReason(const proto::MigrationProgress &before, const proto::MigrationProgress &now)
{
    const auto dirty = now.dirty_rate_bytes_per_s();
    const auto rate = now.transfer_rate_bytes_per_s();
    if (now.phase() != before.phase())
        return QStringLiteral("The migration entered a new step; its estimate starts again from what is left.");
    if (dirty > 0 && rate > 0 && dirty * 2 >= rate)
        return QStringLiteral("The guest dirties memory at %1 MiB/s while the copy moves %2 MiB/s; pages are copied "
                              "again.")
            .arg(mib(dirty), mib(rate));
    if (now.iteration() > before.iteration())
        return QStringLiteral("Pass %1 over the guest's memory began: pages dirtied during the last pass are copied "
                              "again.")
            .arg(now.iteration());
    if (rate > 0 && before.transfer_rate_bytes_per_s() > rate)
        return QStringLiteral("The transfer rate fell from %1 MiB/s to %2 MiB/s.")
            .arg(mib(before.transfer_rate_bytes_per_s()), mib(rate));
    if (now.memory_remaining_bytes() > before.memory_remaining_bytes())
        return QStringLiteral("More memory is left to copy than before (%1 MiB).").arg(mib(now.memory_remaining_bytes()));
    return QStringLiteral("The copy is slower than the last estimate assumed.");
}

} // namespace

MigrationOrchestrator::MigrationOrchestrator(OpsEngine &engine)
    : QObject(&engine)
    , m_engine(engine)
{
    m_settleTimer.setInterval(kSettleIntervalMs);
    connect(&m_settleTimer, &QTimer::timeout, this, &MigrationOrchestrator::settleTick);
    m_settleTimer.start();
}

MigrationOrchestrator::~MigrationOrchestrator() = default;

void MigrationOrchestrator::setSettleInterval(int ms)
{
    m_settleTimer.setInterval(ms);
}

bool MigrationOrchestrator::isMigrating(const QString &uuid) const
{
    for (const auto &[id, m] : m_migrations)
        if (m->uuid == uuid)
            return true;
    return false;
}

MigrationOrchestrator::Migration *MigrationOrchestrator::find(const QString &id)
{
    const auto it = m_migrations.find(id);
    return it == m_migrations.end() ? nullptr : it->second.get();
}

MigrationOrchestrator::Migration *MigrationOrchestrator::findByPartition(const QString &uuid)
{
    for (auto &[id, m] : m_migrations)
        if (m->uuid == uuid)
            return m.get();
    return nullptr;
}

Result<void> MigrationOrchestrator::load()
{
    auto rows = m_engine.m_database->migrationRows();
    if (!rows)
        return rows.error();
    for (const auto &row : *rows) {
        if (row.state == QLatin1String("abort")) {
            proto::MigrationProgress what;
            what.set_migration_id(row.id.toStdString());
            what.set_partition_uuid(row.partitionUuid.toStdString());
            what.set_partition_name(row.partitionName.toStdString());
            what.set_source_host(row.sourceHost.toStdString());
            what.set_target_host(row.targetHost.toStdString());
            m_pendingAborts.insert(row.id, what);
            continue;
        }
        // It was running when the engine stopped: the source decides.
        auto m = std::make_unique<Migration>();
        m->id = row.id;
        m->uuid = row.partitionUuid;
        m->name = row.partitionName;
        m->user = row.user;
        m->source = row.sourceHost;
        m->target = row.targetHost;
        m->stage = Stage::Settling;
        m->clock.start();
        if (OpsEngine::PartitionEntry *p = m_engine.findPartition(row.partitionUuid)) {
            m->spec = p->partition.spec();
            m->object = QStringLiteral("partition %1/%2").arg(str(m->spec.domain()), str(m->spec.name()));
            p->busy = true;
        } else {
            m->spec.set_uuid(row.partitionUuid.toStdString());
            m->spec.set_name(row.partitionName.toStdString());
            m->object = QStringLiteral("partition %1").arg(row.partitionName);
        }
        m->last = event(*m, proto::MIGRATION_PHASE_CHECKING);
        qCWarning(lcOpsMigration).noquote()
            << QStringLiteral("Migration %1 of partition %2 from host %3 to host %4 was running when the operations "
                              "service stopped; it is settled from what host %3 reports.")
                   .arg(row.id, row.partitionName, row.sourceHost, row.targetHost);
        m_migrations.emplace(row.id, std::move(m));
    }
    return {};
}

// ------------------------------------------------------------------ checks

std::optional<MigrationOrchestrator::CheckFailure>
MigrationOrchestrator::check(const proto::PartitionSpec &spec, const QString &source, const QString &target,
                             const QString &uuid) const
{
    const QString name = str(spec.name());
    auto fail = [](proto::ErrorCode code, const QString &message) {
        return std::optional<CheckFailure>(CheckFailure{Error(code, message), {}});
    };
    if (target.isEmpty())
        return fail(proto::ERROR_INVALID_ARGUMENT, QStringLiteral("Name the host partition %1 should move to.").arg(name));
    const auto hostIt = m_engine.m_hosts.find(target);
    if (hostIt == m_engine.m_hosts.end())
        return fail(proto::ERROR_NOT_FOUND, QStringLiteral("Host %1 does not exist.").arg(target));
    if (target == source)
        return fail(proto::ERROR_INVALID_ARGUMENT,
                    QStringLiteral("Partition %1 already runs on host %2; choose another host to migrate it to.")
                        .arg(name, target));
    for (const auto &[id, m] : m_migrations)
        if (m->uuid == uuid)
            return fail(proto::ERROR_FAILED_PRECONDITION,
                        QStringLiteral("Partition %1 is already being migrated from host %2 to host %3 (migration %4); "
                                       "a second migration is refused. Wait for it or cancel it.")
                            .arg(name, m->source, m->target, m->id));
    const auto &h = hostIt->second;
    if (m_maintenance.contains(target))
        return fail(proto::ERROR_FAILED_PRECONDITION,
                    QStringLiteral("Host %1 is in maintenance; it takes no partitions. End its maintenance first.")
                        .arg(target));
    if (h.host.state() != proto::HOST_STATE_UP || !h.link || !h.link->isAlive())
        return fail(proto::ERROR_UNAVAILABLE,
                    QStringLiteral("Host %1 is %2; partition %3 can only move to a host that is up.")
                        .arg(target, model::hostStateName(h.host.state()), name));
    const auto sourceIt = m_engine.m_hosts.find(source);
    if (sourceIt == m_engine.m_hosts.end() || !sourceIt->second.link || !sourceIt->second.link->isAlive()
        || sourceIt->second.host.state() == proto::HOST_STATE_FAILED)
        return fail(proto::ERROR_UNAVAILABLE,
                    QStringLiteral("Host %1, where partition %2 runs, does not answer; it cannot be migrated now.")
                        .arg(source, name));

    // The engine's placement, for the target alone: room, zone, policy.
    // Every other host stays in the model (zones keep their members) but
    // cannot be chosen.
    PlacementPlanner::Inputs inputs = m_engine.placementInputs();
    for (auto &hi : inputs.hosts)
        if (str(hi.host.name()) != target)
            hi.host.set_state(proto::HOST_STATE_MAINTENANCE);
    inputs.partitions.erase(std::remove_if(inputs.partitions.begin(), inputs.partitions.end(),
                                           [&uuid](const proto::Partition &p) { return str(p.spec().uuid()) == uuid; }),
                            inputs.partitions.end());
    const auto outcome = PlacementPlanner::plan(inputs, {spec}, PlacementPlanner::Mode::Single, true);
    if (!outcome.complete || outcome.plan.decisions_size() == 0 || str(outcome.plan.decisions(0).host()) != target) {
        QStringList reasons;
        QList<proto::PlacementRejection> rejections;
        for (const auto &r : outcome.rejections)
            if (str(r.host()) == target) {
                reasons << str(r.reason());
                rejections.append(r);
            }
        const QString why = reasons.isEmpty() ? outcome.error.message() : reasons.join(QStringLiteral("; "));
        CheckFailure failure{Error(proto::ERROR_INSUFFICIENT_RESOURCES,
                                   QStringLiteral("Host %1 cannot take partition %2 (%3); nothing was moved.")
                                       .arg(target, name, why)),
                             rejections};
        return failure;
    }
    return std::nullopt;
}

// ------------------------------------------------------------------ migrate

void MigrationOrchestrator::migrate(const QString &user, const proto::MigratePartition &request, const ReplyHandler &done)
{
    const QString action = QStringLiteral("partition.migrate");
    auto found = m_engine.lookup(request.partition());
    if (!found) {
        m_engine.recordRefusal(user, action, QStringLiteral("partition %1").arg(str(request.partition().name())),
                               found.error());
        return done(errorReply(found.error()));
    }
    OpsEngine::PartitionEntry &entry = **found;
    const proto::PartitionSpec spec = entry.partition.spec();
    const QString uuid = str(spec.uuid());
    const QString name = str(spec.name());
    const QString object = QStringLiteral("partition %1/%2").arg(str(spec.domain()), name);
    const QString source = str(entry.partition.host());
    const QString target = str(request.target_host()).trimmed();
    auto refuse = [&](const Error &error, const QList<proto::PlacementRejection> &rejections = {}) {
        m_engine.recordRefusal(user, action, object, error);
        proto::OpsReply reply = errorReply(error);
        for (const auto &r : rejections)
            *reply.add_rejections() = r;
        done(reply);
    };

    if (request.mode() != proto::MIGRATION_MODE_UNSPECIFIED && request.mode() != proto::MIGRATION_MODE_LIVE
        && request.mode() != proto::MIGRATION_MODE_OFFLINE)
        return refuse(Error(proto::ERROR_INVALID_ARGUMENT,
                            QStringLiteral("Migration mode %1 is not known; use live or offline.").arg(int(request.mode()))));
    if (auto *m = findByPartition(uuid))
        return refuse(Error(proto::ERROR_FAILED_PRECONDITION,
                            QStringLiteral("Partition %1 is already being migrated from host %2 to host %3 (migration "
                                           "%4); a second migration is refused. Wait for it or cancel it.")
                                .arg(name, m->source, m->target, m->id)));
    const auto state = entry.partition.state();
    if (state != proto::PARTITION_STATE_RUNNING && state != proto::PARTITION_STATE_PAUSED)
        return refuse(Error(proto::ERROR_FAILED_PRECONDITION,
                            QStringLiteral("Partition %1 is %2; only a running partition is migrated. Start it instead.")
                                .arg(name, model::partitionStateName(state))));
    if (entry.busy)
        return refuse(Error(proto::ERROR_FAILED_PRECONDITION,
                            QStringLiteral("Partition %1 has an operation in flight on host %2; migrate it when that "
                                           "has finished.")
                                .arg(name, source)));
    if (auto failure = check(spec, source, target, uuid))
        return refuse(failure->error, failure->rejections);

    auto m = std::make_unique<Migration>();
    m->id = model::newUuid();
    m->uuid = uuid;
    m->name = name;
    m->object = object;
    m->user = user;
    m->source = source;
    m->target = target;
    m->spec = spec;
    m->mode = request.mode();
    m->bandwidthMibS = request.bandwidth_mib_s();
    m->clock.start();
    if (auto saved = saveRow(*m, QStringLiteral("running")); !saved)
        return refuse(saved.error());

    entry.busy = true;
    if (OpsEngine::HostEntry *h = m_engine.findHost(target)) {
        // Counted on the target until its inventory shows the partition.
        h->inFlightCores += spec.vcpus();
        h->inFlightMemoryMib += spec.memory_mib();
        m->inFlightBooked = true;
    }
    qCInfo(lcOpsMigration).noquote() << "migrating" << object << "from" << source << "to" << target << "as" << m->id;
    Migration &ref = *m;
    m_migrations.emplace(m->id, std::move(m));
    watchLink(m_engine.findHost(source)->link, source);

    proto::MigrationProgress checking = event(ref, proto::MIGRATION_PHASE_CHECKING);
    checking.set_estimated_remaining_ms(-1);
    publish(ref, checking);
    if (request.detach()) {
        proto::OpsReply reply;
        *reply.mutable_migration() = ref.last;
        done(reply);
    } else {
        ref.waiters.append(done);
    }
    sendPrepare(ref);
}

void MigrationOrchestrator::watchLink(AgentLink *link, const QString &hostName)
{
    if (!link || m_watchedLinks.contains(link))
        return;
    m_watchedLinks.insert(link);
    connect(link, &QObject::destroyed, this, [this, link] { m_watchedLinks.remove(link); });
    connect(link, &AgentLink::migrationProgressReceived, this,
            [this, hostName](const proto::MigrationProgress &progress) { onAgentProgress(hostName, progress); });
    connect(link, &AgentLink::aliveChanged, this, [this, hostName](bool alive) {
        if (alive)
            return;
        // A source that went silent while its migration ran: the outcome is
        // decided from its inventory once it answers again.
        QStringList ids;
        for (const auto &[id, m] : m_migrations)
            if (m->source == hostName && m->stage == Stage::MigratingOut)
                ids << id;
        for (const auto &id : std::as_const(ids))
            if (Migration *m = find(id))
                settle(*m, QStringLiteral("Host %1 went silent during the migration.").arg(hostName));
    });
}

void MigrationOrchestrator::sendPrepare(Migration &m)
{
    OpsEngine::HostEntry *target = m_engine.findHost(m.target);
    if (!target || !target->link)
        return finish(m.id, proto::MIGRATION_PHASE_FAILED,
                      QStringLiteral("Host %1 was removed; partition %2 keeps running on host %3.").arg(m.target, m.name, m.source),
                      Error(proto::ERROR_NOT_FOUND, QStringLiteral("Host %1 was removed.").arg(m.target)));
    m.stage = Stage::Preparing;
    proto::MigrationProgress reserving = event(m, proto::MIGRATION_PHASE_RESERVING);
    reserving.set_estimated_remaining_ms(-1);
    publish(m, reserving);

    proto::AgentRequest request;
    auto *prepare = request.mutable_prepare_migration_in();
    *prepare->mutable_spec() = m.spec;
    prepare->set_migration_id(m.id.toStdString());
    prepare->set_source_host(m.source.toStdString());
    const QString id = m.id;
    const quint64 generation = m.generation;
    target->link->send(std::move(request), m_engine.m_timing.operationTimeoutMs,
                       [this, id, generation](Result<proto::AgentReply> reply) { onPrepared(id, generation, std::move(reply)); });
}

void MigrationOrchestrator::onPrepared(const QString &id, quint64 generation, Result<proto::AgentReply> reply)
{
    Migration *m = find(id);
    if (!m || m->generation != generation || m->stage != Stage::Preparing)
        return;
    if (!reply || !reply->has_migration_target()) {
        const Error error = reply ? Error(proto::ERROR_INTERNAL,
                                          QStringLiteral("Host %1 answered the reservation without a target.").arg(m->target))
                                  : reply.error();
        // It may have reserved anyway (a late answer): release to be sure.
        return abortTarget(*m, proto::MIGRATION_PHASE_FAILED,
                           QStringLiteral("Host %1 could not reserve resources for partition %2: %3 It keeps running on "
                                          "host %4.")
                               .arg(m->target, m->name, error.message(), m->source),
                           error.code());
    }
    m->reservation = reply->migration_target();
    if (m->cancelRequested)
        return abortTarget(*m, proto::MIGRATION_PHASE_CANCELLED,
                           QStringLiteral("The migration of partition %1 was cancelled before it started copying; it "
                                          "keeps running on host %2.")
                               .arg(m->name, m->source));
    sendMigrateOut(*m);
}

void MigrationOrchestrator::sendMigrateOut(Migration &m)
{
    OpsEngine::HostEntry *source = m_engine.findHost(m.source);
    if (!source || !source->link)
        return abortTarget(m, proto::MIGRATION_PHASE_FAILED,
                           QStringLiteral("Host %1 was removed during the migration of partition %2.").arg(m.source, m.name));
    m.stage = Stage::MigratingOut;
    proto::AgentRequest request;
    auto *out = request.mutable_migrate_out();
    out->set_uuid(m.uuid.toStdString());
    *out->mutable_target() = m.reservation;
    out->set_mode(m.mode);
    out->set_bandwidth_mib_s(m.bandwidthMibS);
    const QString id = m.id;
    const quint64 generation = m.generation;
    source->link->send(std::move(request), kMigrateOutTimeoutMs,
                       [this, id, generation](Result<proto::AgentReply> reply) { onMigratedOut(id, generation, std::move(reply)); });
}

void MigrationOrchestrator::onMigratedOut(const QString &id, quint64 generation, Result<proto::AgentReply> reply)
{
    Migration *m = find(id);
    if (!m || m->generation != generation || m->stage != Stage::MigratingOut)
        return;
    if (!reply) {
        const Error &error = reply.error();
        if (error.code() == proto::ERROR_CANCELLED)
            return abortTarget(*m, proto::MIGRATION_PHASE_CANCELLED,
                               m->cancelRequested
                                   ? QStringLiteral("The migration of partition %1 was cancelled; it keeps running on "
                                                    "host %2.")
                                         .arg(m->name, m->source)
                                   : error.message());
        if (error.code() == proto::ERROR_UNAVAILABLE
            && error.message().contains(QStringLiteral("did not answer within")))
            return settle(*m, error.message());
        QString message = error.message();
        if (!message.contains(QStringLiteral("keeps running")))
            message = QStringLiteral("%1 Partition %2 keeps running on host %3.").arg(message, m->name, m->source);
        return abortTarget(*m, proto::MIGRATION_PHASE_FAILED, message, error.code());
    }
    if (reply->has_migration())
        m->agentFinal = reply->migration();
    if (reply->has_migration() && reply->migration().mode() != proto::MIGRATION_MODE_UNSPECIFIED)
        m->mode = reply->migration().mode();
    sendComplete(*m);
}

void MigrationOrchestrator::sendComplete(Migration &m)
{
    m.stage = Stage::Completing;
    ++m.generation;
    proto::MigrationProgress cleaning = event(m, proto::MIGRATION_PHASE_CLEANING_UP);
    cleaning.set_memory_remaining_bytes(0);
    cleaning.set_estimated_remaining_ms(-1);
    publish(m, cleaning);
    OpsEngine::HostEntry *target = m_engine.findHost(m.target);
    if (!target || !target->link)
        return onCompleted(m.id, m.generation, Error(proto::ERROR_NOT_FOUND, QStringLiteral("Host %1 was removed.").arg(m.target)));
    proto::AgentRequest request;
    request.mutable_complete_migration_in()->set_uuid(m.uuid.toStdString());
    request.mutable_complete_migration_in()->set_migration_id(m.id.toStdString());
    const QString id = m.id;
    const quint64 generation = m.generation;
    target->link->send(std::move(request), m_engine.m_timing.operationTimeoutMs,
                       [this, id, generation](Result<proto::AgentReply> reply) { onCompleted(id, generation, std::move(reply)); });
}

void MigrationOrchestrator::onCompleted(const QString &id, quint64 generation, Result<proto::AgentReply> reply)
{
    Migration *m = find(id);
    if (!m || m->generation != generation || m->stage != Stage::Completing)
        return;
    // The partition left the source; it runs on the target whatever the
    // target's answer (a target that did not adopt it adopts it when the
    // reservation lapses, because the domain runs there).
    OpsEngine::PartitionEntry *p = m_engine.findPartition(m->uuid);
    QString note;
    if (!reply) {
        note = QStringLiteral(" Host %1 did not confirm it yet (%2); it adopts the partition when its reservation lapses.")
                   .arg(m->target, reply.error().message());
        qCWarning(lcOpsMigration).noquote() << reply.error().message();
    }
    const QString message = QStringLiteral("Partition %1 migrated %2 from host %3 to host %4 in %5 s%6.%7")
                                .arg(m->name, modeWord(m->mode), m->source, m->target, seconds(m->clock.elapsed()),
                                     m->agentFinal.downtime_ms() > 0
                                         ? QStringLiteral(" (downtime %1 ms)").arg(m->agentFinal.downtime_ms())
                                         : QString(),
                                     note);
    if (p) {
        p->partition.set_host(m->target.toStdString());
        p->partition.set_state(proto::PARTITION_STATE_RUNNING);
        p->partition.clear_last_error();
        p->partition.clear_link();
        if (reply && reply->has_partition() && reply->partition().assignment().cores_size() > 0)
            *p->partition.mutable_assignment() = reply->partition().assignment();
        else
            *p->partition.mutable_assignment() = m->reservation.assignment();
        p->desired = proto::PARTITION_STATE_RUNNING;
        p->busy = false;
        (void)m_engine.storePartition(*p, m_engine.audit(m->user, QStringLiteral("partition.migrate"), m->object, nullptr, message));
        m_engine.updateRunningCount(m->source);
        m_engine.refreshLinkGuarantees();
    }
    finish(id, proto::MIGRATION_PHASE_COMPLETED, message, std::nullopt);
}

void MigrationOrchestrator::abortTarget(Migration &m, proto::MigrationPhase phase, const QString &why, proto::ErrorCode code)
{
    m.stage = Stage::Aborting;
    ++m.generation;
    proto::MigrationProgress cleaning = event(m, proto::MIGRATION_PHASE_CLEANING_UP);
    cleaning.set_estimated_remaining_ms(-1);
    cleaning.set_message(why.toStdString());
    publish(m, cleaning);
    const QString id = m.id;
    const quint64 generation = m.generation;
    auto aborted = [this, id, generation, phase, why, code](Result<proto::AgentReply> reply) {
        Migration *mm = find(id);
        if (!mm || mm->generation != generation)
            return;
        QString message = why;
        if (!reply) {
            // The target is away: its reservation is released when it answers.
            proto::MigrationProgress what = mm->last;
            m_pendingAborts.insert(id, what);
            if (auto saved = saveRow(*mm, QStringLiteral("abort")); !saved)
                qCWarning(lcOpsMigration).noquote() << saved.error().message();
            message += QStringLiteral(" The reservation on host %1 is released when that host answers again.").arg(mm->target);
        }
        finish(id, phase, message, Error(phase == proto::MIGRATION_PHASE_CANCELLED ? proto::ERROR_CANCELLED : code, message));
    };
    OpsEngine::HostEntry *target = m_engine.findHost(m.target);
    if (!target || !target->link)
        return aborted(Error(proto::ERROR_NOT_FOUND, QStringLiteral("Host %1 was removed.").arg(m.target)));
    proto::AgentRequest request;
    request.mutable_abort_migration_in()->set_uuid(m.uuid.toStdString());
    request.mutable_abort_migration_in()->set_migration_id(m.id.toStdString());
    target->link->send(std::move(request), m_engine.m_timing.inventoryTimeoutMs, aborted);
}

void MigrationOrchestrator::settle(Migration &m, const QString &why)
{
    qCWarning(lcOpsMigration).noquote()
        << QStringLiteral("The outcome of migration %1 of partition %2 is not known yet (%3); it is settled from what host "
                          "%4 reports.")
               .arg(m.id, m.name, why, m.source);
    m.stage = Stage::Settling;
    m.querying = false;
    ++m.generation;
    settleTick();
}

void MigrationOrchestrator::settleTick()
{
    retryAborts();
    QStringList ids;
    for (const auto &[id, m] : m_migrations)
        if (m->stage == Stage::Settling && !m->querying)
            ids << id;
    for (const auto &id : std::as_const(ids)) {
        Migration *m = find(id);
        OpsEngine::HostEntry *source = m ? m_engine.findHost(m->source) : nullptr;
        if (!m || !source || !source->link)
            continue;
        m->querying = true;
        const quint64 generation = m->generation;
        source->link->requestInventory([this, id, generation](Result<proto::AgentReply> reply) {
            settleFromInventory(id, generation, reply);
        });
    }
}

void MigrationOrchestrator::settleFromInventory(const QString &id, quint64 generation, const Result<proto::AgentReply> &reply)
{
    Migration *m = find(id);
    if (!m || m->generation != generation || m->stage != Stage::Settling)
        return;
    m->querying = false;
    if (!reply || !reply->has_inventory() || !reply->inventory().monitor_attached())
        return; // asked again on the next tick
    const proto::Inventory &inventory = reply->inventory();
    for (const auto &status : inventory.migrations())
        if (str(status.partition_uuid()) == m->uuid && !status.incoming())
            return; // still moving
    for (const auto &p : inventory.partitions()) {
        if (str(p.spec().uuid()) != m->uuid)
            continue;
        if (p.state() == proto::PARTITION_STATE_RUNNING || p.state() == proto::PARTITION_STATE_PAUSED) {
            return abortTarget(*m, proto::MIGRATION_PHASE_FAILED,
                               QStringLiteral("The migration of partition %1 to host %2 did not finish; it keeps running "
                                              "on host %3.")
                                   .arg(m->name, m->target, m->source));
        }
    }
    // The source no longer holds it: it left for the target.
    sendComplete(*m);
}

void MigrationOrchestrator::retryAborts()
{
    const auto pending = m_pendingAborts;
    for (auto it = pending.cbegin(); it != pending.cend(); ++it) {
        const QString id = it.key();
        if (m_abortsInFlight.contains(id))
            continue;
        const proto::MigrationProgress what = it.value();
        OpsEngine::HostEntry *target = m_engine.findHost(str(what.target_host()));
        if (!target || !target->link) {
            m_pendingAborts.remove(id); // the host is gone, and its reservation with it
            (void)m_engine.m_database->removeMigrationRow(id);
            continue;
        }
        m_abortsInFlight.insert(id);
        proto::AgentRequest request;
        request.mutable_abort_migration_in()->set_uuid(what.partition_uuid());
        request.mutable_abort_migration_in()->set_migration_id(what.migration_id());
        target->link->send(std::move(request), m_engine.m_timing.inventoryTimeoutMs,
                           [this, id, what](Result<proto::AgentReply> reply) {
                               m_abortsInFlight.remove(id);
                               if (!reply)
                                   return; // again on the next tick
                               const QString host = str(what.target_host());
                               const QString message =
                                   QStringLiteral("Host %1 released what it had reserved for partition %2 (migration %3).")
                                       .arg(host, str(what.partition_name()), id);
                               qCInfo(lcOpsMigration).noquote() << message;
                               m_pendingAborts.remove(id);
                               if (auto r = m_engine.m_database->removeMigrationRow(
                                       id, m_engine.audit(QStringLiteral("operations"), QStringLiteral("partition.migrate.cleanup"),
                                                          QStringLiteral("partition %1").arg(str(what.partition_name())),
                                                          nullptr, message));
                                   !r)
                                   qCWarning(lcOpsMigration).noquote() << r.error().message();
                               m_engine.refreshInventory(host);
                           });
    }
}

void MigrationOrchestrator::finish(const QString &id, proto::MigrationPhase phase, const QString &message,
                                   std::optional<Error> error)
{
    Migration *m = find(id);
    if (!m)
        return;
    m->stage = Stage::Finishing;
    ++m->generation;
    if (OpsEngine::PartitionEntry *p = m_engine.findPartition(m->uuid); p && phase != proto::MIGRATION_PHASE_COMPLETED) {
        p->busy = false;
        if (auto r = m_engine.m_database->recordAudit(m_engine.audit(m->user, QStringLiteral("partition.migrate"), m->object,
                                                                     error ? &*error : nullptr, message));
            !r)
            qCWarning(lcOpsMigration).noquote() << r.error().message();
    }
    if (m->inFlightBooked) {
        m_engine.releaseInFlight(m->target, m->spec);
        m->inFlightBooked = false;
    }
    // Both hosts are asked again: the outcome is published once the engine's
    // view of both agrees with what they run.
    auto remaining = std::make_shared<int>(2);
    auto done = [this, id, phase, message, error, remaining] {
        if (--*remaining > 0)
            return;
        const auto it = m_migrations.find(id);
        if (it == m_migrations.end())
            return;
        std::unique_ptr<Migration> owned = std::move(it->second);
        m_migrations.erase(it);
        Migration &mm = *owned;
        proto::MigrationProgress final = event(mm, phase);
        final.set_message(message.toStdString());
        if (phase == proto::MIGRATION_PHASE_COMPLETED) {
            final.set_memory_remaining_bytes(0);
            final.set_estimated_remaining_ms(0);
            final.set_downtime_ms(mm.agentFinal.downtime_ms());
            final.set_total_time_ms(mm.agentFinal.total_time_ms());
            if (mm.agentFinal.memory_total_bytes())
                final.set_memory_total_bytes(mm.agentFinal.memory_total_bytes());
            if (mm.agentFinal.memory_processed_bytes())
                final.set_memory_processed_bytes(mm.agentFinal.memory_processed_bytes());
        } else {
            final.set_estimated_remaining_ms(0);
        }
        publish(mm, final);
        if (!m_pendingAborts.contains(id))
            if (auto r = m_engine.m_database->removeMigrationRow(id); !r)
                qCWarning(lcOpsMigration).noquote() << r.error().message();
        proto::OpsReply reply;
        if (error)
            *reply.mutable_error() = error->toProto();
        *reply.mutable_migration() = final;
        for (const auto &w : std::as_const(mm.waiters))
            w(reply);
        for (const auto &w : std::as_const(mm.cancelWaiters)) {
            if (phase == proto::MIGRATION_PHASE_COMPLETED) {
                proto::OpsReply late = errorReply(
                    Error(proto::ERROR_FAILED_PRECONDITION,
                          QStringLiteral("The migration of partition %1 finished before the cancel took effect; it runs "
                                         "on host %2 now.")
                              .arg(mm.name, mm.target)));
                *late.mutable_migration() = final;
                w(late);
            } else {
                proto::OpsReply r;
                *r.mutable_migration() = final;
                w(r);
            }
        }
        emit migrationFinished(final);
    };
    m_engine.refreshInventory(m->source, done);
    m_engine.refreshInventory(m->target, done);
}

// ------------------------------------------------------------------ cancel

void MigrationOrchestrator::cancel(const QString &user, const proto::CancelMigration &request, const ReplyHandler &done)
{
    const QString action = QStringLiteral("partition.migrate.cancel");
    auto found = m_engine.lookup(request.partition());
    if (!found) {
        m_engine.recordRefusal(user, action, QStringLiteral("partition %1").arg(str(request.partition().name())),
                               found.error());
        return done(errorReply(found.error()));
    }
    const proto::PartitionSpec spec = (*found)->partition.spec();
    const QString object = QStringLiteral("partition %1/%2").arg(str(spec.domain()), str(spec.name()));
    Migration *m = findByPartition(str(spec.uuid()));
    auto refuse = [&](const Error &error) {
        m_engine.recordRefusal(user, action, object, error);
        done(errorReply(error));
    };
    if (!m)
        return refuse(Error(proto::ERROR_NOT_FOUND,
                            QStringLiteral("Partition %1 is not being migrated.").arg(str(spec.name()))));
    if (!request.migration_id().empty() && str(request.migration_id()) != m->id)
        return refuse(Error(proto::ERROR_FAILED_PRECONDITION,
                            QStringLiteral("Partition %1 is in migration %2, not %3.")
                                .arg(m->name, m->id, str(request.migration_id()))));
    if (m->stage == Stage::Completing || m->stage == Stage::Finishing || m->stage == Stage::Settling) {
        // Too late to stop it, or its outcome is being settled: the answer
        // says what happened.
        m->cancelWaiters.append(done);
        return;
    }
    (void)m_engine.m_database->recordAudit(
        m_engine.audit(user, action, object, nullptr,
                       QStringLiteral("Cancel of the migration of partition %1 to host %2 requested.").arg(m->name, m->target)));
    m->cancelWaiters.append(done);
    if (m->cancelRequested)
        return;
    m->cancelRequested = true;
    if (m->stage != Stage::MigratingOut)
        return; // Preparing: aborted when the reservation answers; Aborting: ends anyway
    OpsEngine::HostEntry *source = m_engine.findHost(m->source);
    if (!source || !source->link)
        return;
    proto::AgentRequest cancelRequest;
    cancelRequest.mutable_cancel_migration()->set_uuid(m->uuid.toStdString());
    cancelRequest.mutable_cancel_migration()->set_migration_id(m->id.toStdString());
    const QString id = m->id;
    source->link->send(std::move(cancelRequest), m_engine.m_timing.operationTimeoutMs, [this, id](Result<proto::AgentReply> reply) {
        // The migrate_out answer carries the outcome; a refusal here means
        // it is too late (switch-over) and the migration completes.
        if (!reply)
            qCInfo(lcOpsMigration).noquote() << "cancel of migration" << id << ":" << reply.error().message();
    });
}

// ------------------------------------------------------------------ progress

proto::MigrationProgress MigrationOrchestrator::event(const Migration &m, proto::MigrationPhase phase) const
{
    proto::MigrationProgress p = m.last;
    p.set_phase(phase);
    p.clear_message();
    p.clear_estimate_note();
    return p;
}

void MigrationOrchestrator::onAgentProgress(const QString &hostName, const proto::MigrationProgress &progress)
{
    Migration *m = find(str(progress.migration_id()));
    if (!m || m->source != hostName || m->stage != Stage::MigratingOut)
        return;
    if (finalPhase(progress.phase())) {
        m->agentFinal = progress; // the outcome is published once both hosts agree
        return;
    }
    if (progress.phase() == proto::MIGRATION_PHASE_CHECKING)
        return; // the engine said so already
    publish(*m, progress);
}

void MigrationOrchestrator::publish(Migration &m, proto::MigrationProgress progress)
{
    progress.set_migration_id(m.id.toStdString());
    progress.set_partition_uuid(m.uuid.toStdString());
    progress.set_partition_name(m.name.toStdString());
    progress.set_source_host(m.source.toStdString());
    progress.set_target_host(m.target.toStdString());
    if (progress.mode() == proto::MIGRATION_MODE_UNSPECIFIED)
        progress.set_mode(m.mode);
    progress.set_sequence(++m.sequence);
    const qint64 now = m.clock.elapsed();
    progress.set_elapsed_ms(now);
    progress.set_timestamp_ms(QDateTime::currentMSecsSinceEpoch());

    // The estimate counts down; when the source's next estimate is longer
    // than the countdown, it is taken with a sentence saying why.
    std::int64_t estimate = progress.estimated_remaining_ms();
    if (finalPhase(progress.phase())) {
        m.etaMs = -1;
    } else if (estimate >= 0) {
        if (m.etaMs >= 0) {
            const std::int64_t expected = std::max<std::int64_t>(0, m.etaMs - (now - m.etaAtMs));
            const std::int64_t slack = std::max<std::int64_t>(1000, expected / 10);
            if (estimate > expected + slack) {
                if (progress.estimate_note().empty())
                    progress.set_estimate_note(growthReason(m.last, progress).toStdString());
                m.etaMs = estimate;
                m.etaAtMs = now;
            } else if (estimate > expected) {
                progress.set_estimated_remaining_ms(expected); // within noise: keep counting down
            } else {
                m.etaMs = estimate;
                m.etaAtMs = now;
            }
        } else {
            m.etaMs = estimate;
            m.etaAtMs = now;
        }
    } else if (m.etaMs >= 0 && progress.phase() == m.last.phase()) {
        // The source has no estimate right now: the last one keeps counting down.
        progress.set_estimated_remaining_ms(std::max<std::int64_t>(0, m.etaMs - (now - m.etaAtMs)));
    } else {
        m.etaMs = -1;
    }
    m.last = progress;

    proto::StateDelta delta;
    *delta.mutable_migration_progress() = progress;
    m_engine.publish(std::move(delta));
}

Result<void> MigrationOrchestrator::saveRow(const Migration &m, const QString &state)
{
    OpsDatabase::MigrationRow row;
    row.id = m.id;
    row.partitionUuid = m.uuid;
    row.partitionName = m.name;
    row.sourceHost = m.source;
    row.targetHost = m.target;
    row.state = state;
    row.user = m.user;
    row.startedAt = QDateTime::currentDateTimeUtc().addMSecs(-m.clock.elapsed());
    return m_engine.m_database->putMigrationRow(row);
}

proto::OpsReply MigrationOrchestrator::list() const
{
    proto::OpsReply reply;
    auto *list = reply.mutable_migrations();
    for (const auto &[id, m] : m_migrations)
        *list->add_migrations() = m->last;
    return reply;
}

// ------------------------------------------------------------------ evacuation

void MigrationOrchestrator::evacuate(const QString &user, const proto::EvacuateHost &request, const ReplyHandler &done)
{
    const QString action = QStringLiteral("host.evacuate");
    const QString hostName = str(request.name());
    const QString object = QStringLiteral("host %1").arg(hostName);
    auto refuse = [&](const Error &error) {
        m_engine.recordRefusal(user, action, object, error);
        done(errorReply(error));
    };
    OpsEngine::HostEntry *host = m_engine.findHost(hostName);
    if (!host)
        return refuse(Error(proto::ERROR_NOT_FOUND, QStringLiteral("Host %1 does not exist.").arg(hostName)));
    if (request.mode() != proto::MIGRATION_MODE_UNSPECIFIED && request.mode() != proto::MIGRATION_MODE_LIVE
        && request.mode() != proto::MIGRATION_MODE_OFFLINE)
        return refuse(Error(proto::ERROR_INVALID_ARGUMENT,
                            QStringLiteral("Migration mode %1 is not known; use live or offline.").arg(int(request.mode()))));

    // In maintenance first: placement then takes nothing new there.
    m_maintenance.insert(hostName);
    m_engine.setHostState(*host, proto::HOST_STATE_MAINTENANCE, {});

    QList<proto::PartitionSpec> specs;
    QSet<QString> moving;
    for (const auto &[uuid, p] : m_engine.m_partitions) {
        const auto state = p.partition.state();
        if (str(p.partition.host()) == hostName
            && (state == proto::PARTITION_STATE_RUNNING || state == proto::PARTITION_STATE_PAUSED)
            && !isMigrating(uuid)) {
            specs.append(p.partition.spec());
            moving.insert(uuid);
        }
    }
    auto evacuation = std::make_shared<Evacuation>();
    evacuation->host = hostName;
    evacuation->user = user;
    evacuation->maxParallel = request.max_parallel() > 0 ? int(request.max_parallel()) : m_maxParallel;
    evacuation->mode = request.mode();
    evacuation->done = done;
    evacuation->report.set_host(hostName.toStdString());
    if (specs.isEmpty()) {
        (void)m_engine.m_database->recordAudit(m_engine.audit(
            user, action, object, nullptr,
            QStringLiteral("Host %1 is in maintenance; no running partition had to move.").arg(hostName)));
        proto::OpsReply reply;
        *reply.mutable_evacuation() = evacuation->report;
        return done(reply);
    }

    // Spread over the other hosts: every zone is planned as "spread" here, so
    // the batch never stacks the partitions on one host while others fit.
    PlacementPlanner::Inputs inputs = m_engine.placementInputs();
    for (auto &z : inputs.zones)
        z.set_allocation(proto::ALLOCATION_POLICY_SPREAD);
    inputs.partitions.erase(std::remove_if(inputs.partitions.begin(), inputs.partitions.end(),
                                           [&moving](const proto::Partition &p) { return moving.contains(str(p.spec().uuid())); }),
                            inputs.partitions.end());
    const auto outcome = PlacementPlanner::plan(inputs, specs, PlacementPlanner::Mode::BestEffort, true);
    *evacuation->report.mutable_plan() = outcome.plan;
    for (const auto &d : outcome.plan.decisions()) {
        if (d.host().empty()) {
            const QString why = d.error().message().empty()
                ? QStringLiteral("No host can take partition %1.").arg(str(d.partition().name()))
                : str(d.error().message());
            evacuation->failures << why;
            for (const auto &r : d.rejections())
                *evacuation->report.add_rejections() = r;
            continue;
        }
        evacuation->queue.append({d.partition(), str(d.host())});
    }
    evacuation->total = int(specs.size());
    qCInfo(lcOpsMigration).noquote() << "evacuating host" << hostName << ":" << evacuation->queue.size() << "of"
                                     << specs.size() << "partitions placed";
    pump(evacuation);
}

void MigrationOrchestrator::pump(const std::shared_ptr<Evacuation> &evacuation)
{
    while (evacuation->running < evacuation->maxParallel && !evacuation->queue.isEmpty()) {
        const auto [ref, target] = evacuation->queue.takeFirst();
        ++evacuation->running;
        proto::MigratePartition request;
        *request.mutable_partition() = ref;
        request.set_target_host(target.toStdString());
        request.set_mode(evacuation->mode);
        migrate(evacuation->user, request, [this, evacuation](proto::OpsReply reply) {
            --evacuation->running;
            if (reply.has_migration())
                *evacuation->report.add_migrations() = reply.migration();
            if (reply.has_error() && reply.error().code() != proto::ERROR_NONE) {
                evacuation->failures << str(reply.error().message());
                for (const auto &r : reply.rejections())
                    *evacuation->report.add_rejections() = r;
            }
            // The next one starts from the event loop: this handler runs
            // inside the finished migration's bookkeeping.
            QTimer::singleShot(0, this, [this, evacuation] { pump(evacuation); });
        });
    }
    if (evacuation->running > 0 || !evacuation->queue.isEmpty() || !evacuation->done)
        return;
    const int moved = evacuation->total - int(evacuation->failures.size());
    const QString hostName = evacuation->host;
    proto::OpsReply reply;
    *reply.mutable_evacuation() = evacuation->report;
    std::optional<Error> error;
    QString message;
    if (evacuation->failures.isEmpty()) {
        message = QStringLiteral("Host %1 is in maintenance; its %2 running partitions moved to other hosts.")
                      .arg(hostName)
                      .arg(evacuation->total);
    } else {
        message = QStringLiteral("Host %1 is in maintenance; %2 of its %3 running partitions moved. %4")
                      .arg(hostName)
                      .arg(moved)
                      .arg(evacuation->total)
                      .arg(evacuation->failures.join(QLatin1Char(' ')));
        error = Error(proto::ERROR_FAILED_PRECONDITION, message);
        *reply.mutable_error() = error->toProto();
    }
    (void)m_engine.m_database->recordAudit(m_engine.audit(evacuation->user, QStringLiteral("host.evacuate"),
                                                          QStringLiteral("host %1").arg(hostName),
                                                          error ? &*error : nullptr, message));
    const ReplyHandler done = std::move(evacuation->done);
    evacuation->done = nullptr;
    done(reply);
}

proto::OpsReply MigrationOrchestrator::endMaintenance(const QString &user, const QString &hostName)
{
    const QString object = QStringLiteral("host %1").arg(hostName);
    OpsEngine::HostEntry *host = m_engine.findHost(hostName);
    if (!host) {
        const Error error(proto::ERROR_NOT_FOUND, QStringLiteral("Host %1 does not exist.").arg(hostName));
        m_engine.recordRefusal(user, QStringLiteral("host.maintenance.end"), object, error);
        return errorReply(error);
    }
    m_maintenance.remove(hostName);
    if (host->host.state() == proto::HOST_STATE_MAINTENANCE)
        m_engine.setHostState(*host, host->link && host->link->isAlive() ? proto::HOST_STATE_UP : proto::HOST_STATE_FAILED,
                              {});
    (void)m_engine.m_database->recordAudit(m_engine.audit(user, QStringLiteral("host.maintenance.end"), object, nullptr,
                                                          QStringLiteral("Host %1 takes partitions again.").arg(hostName)));
    proto::OpsReply reply;
    *reply.mutable_host() = host->host;
    return reply;
}

} // namespace vdc::ops
