#include "outgoingmigration.h"

#include "monitorlogging.h"

#include <QDateTime>
#include <QFileInfo>

namespace vdc::monitor {

namespace {

QString mibPerSecond(std::uint64_t bytesPerSecond)
{
    return QString::number(double(bytesPerSecond) / (1024.0 * 1024.0), 'f', 1);
}

QString fromStd(const std::string &s) { return QString::fromStdString(s); }

} // namespace

OutgoingMigration::OutgoingMigration(LibvirtDomain domain, Request request, Listener listener)
    : m_domain(std::move(domain))
    , m_request(std::move(request))
    , m_listener(std::move(listener))
{
}

OutgoingMigration::~OutgoingMigration()
{
    if (m_worker.joinable())
        m_worker.join();
    if (m_poller.joinable())
        m_poller.join();
}

void OutgoingMigration::start()
{
    m_started = std::chrono::steady_clock::now();
    m_worker = std::thread([this] { runWorker(); });
}

Result<void> OutgoingMigration::cancel()
{
    m_cancelRequested = true;
    if (m_workerDone)
        return {};
    // Before libvirt has started the job there is nothing to abort yet; the
    // poller aborts it as soon as it shows up, and the worker checks the flag.
    auto aborted = m_domain.abortJob();
    if (!aborted)
        qCInfo(lcMonitorLibvirt).noquote() << "Abort requested before the job runs:" << aborted.error().message();
    return {};
}

proto::MigrationProgress OutgoingMigration::event(proto::MigrationPhase phase) const
{
    proto::MigrationProgress progress = m_request.identity;
    progress.set_mode(m_request.mode);
    progress.set_phase(phase);
    progress.set_elapsed_ms(std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now()
                                                                                 - m_started)
                                .count());
    progress.set_timestamp_ms(QDateTime::currentMSecsSinceEpoch());
    progress.set_estimated_remaining_ms(-1);
    return progress;
}

void OutgoingMigration::report(const proto::MigrationProgress &progress, bool final, const Error *error)
{
    std::lock_guard lock(m_reportMutex);
    proto::MigrationProgress numbered = progress;
    numbered.set_sequence(++m_sequence);
    m_last = numbered;
    if (m_listener)
        m_listener(numbered, final, error);
}

proto::MigrationProgress OutgoingMigration::progressFrom(const JobStats &stats, proto::MigrationPhase phase)
{
    proto::MigrationProgress progress = event(phase);
    const std::uint64_t total = stats.memoryTotal ? stats.memoryTotal : stats.dataTotal;
    const std::uint64_t processed = stats.memoryTotal ? stats.memoryProcessed : stats.dataProcessed;
    const std::uint64_t remaining = stats.memoryTotal ? stats.memoryRemaining : stats.dataRemaining;
    progress.set_memory_total_bytes(total);
    progress.set_memory_processed_bytes(processed);
    progress.set_memory_remaining_bytes(remaining);
    progress.set_transfer_rate_bytes_per_s(stats.memoryBps);
    progress.set_dirty_rate_bytes_per_s(stats.dirtyRateBytes());
    progress.set_expected_downtime_ms(stats.downtimeMs);
    progress.set_iteration(std::uint32_t(stats.iteration));

    // Time left: what remains over what the copy gains per second (the
    // transfer rate less the rate at which the guest dirties pages again).
    const std::uint64_t rate = stats.memoryBps;
    const std::uint64_t dirty = stats.dirtyRateBytes();
    std::int64_t estimate = -1;
    QString note;
    if (rate > 0 && total > 0) {
        if (rate > dirty) {
            estimate = std::int64_t(remaining * 1000 / (rate - dirty));
        } else {
            note = QStringLiteral("The guest dirties memory at %1 MiB/s, as fast as it is copied (%2 MiB/s); the "
                                  "copy may not finish until the guest calms down.")
                       .arg(mibPerSecond(dirty), mibPerSecond(rate));
        }
    }
    if (estimate >= 0 && m_lastEstimateMs >= 0 && estimate > m_lastEstimateMs + std::max<std::int64_t>(200, m_lastEstimateMs / 10)) {
        if (stats.iteration > m_lastIteration)
            note = QStringLiteral("The estimate went up: pass %1 copies again the memory the guest changed during the "
                                  "previous pass.")
                       .arg(stats.iteration);
        else if (m_lastRate > 0 && rate < m_lastRate * 9 / 10)
            note = QStringLiteral("The estimate went up: the transfer slowed down from %1 to %2 MiB/s.")
                       .arg(mibPerSecond(m_lastRate), mibPerSecond(rate));
        else
            note = QStringLiteral("The estimate went up: the guest changed memory faster (%1 MiB/s) than the copy "
                                  "expected.")
                       .arg(mibPerSecond(dirty));
    }
    progress.set_estimated_remaining_ms(estimate);
    progress.set_estimate_note(note.toStdString());
    if (estimate >= 0)
        m_lastEstimateMs = estimate;
    m_lastIteration = stats.iteration;
    if (rate > 0)
        m_lastRate = rate;
    return progress;
}

bool OutgoingMigration::isNewCompletion(const JobStats &stats) const
{
    if (!stats.completed)
        return false;
    if (!m_earlierCompleted || !m_earlierCompleted->completed)
        return true;
    return stats.elapsedMs != m_earlierCompleted->elapsedMs || stats.dataProcessed != m_earlierCompleted->dataProcessed
        || stats.downtimeMs != m_earlierCompleted->downtimeMs;
}

void OutgoingMigration::pollOnce(bool live, bool *warned)
{
    // Once the source guest is paused for the hand-over, libvirt answers
    // queries of the running job only when its hand-over is done (seconds
    // later); the domain's state and the completed job's statistics answer at
    // once, so they are asked first.
    if (live) {
        if (auto paused = m_domain.isPausedForMigration(); paused && *paused) {
            proto::MigrationProgress progress;
            {
                std::lock_guard guard(m_reportMutex);
                progress = m_last; // the last figures of the copy
            }
            progress.set_phase(proto::MIGRATION_PHASE_SWITCHING_OVER);
            progress.set_estimate_note(std::string());
            if (auto done = m_domain.jobStats(true); done && isNewCompletion(*done)) {
                // The guest runs on the target; libvirt finishes the hand-over.
                progress = progressFrom(*done, proto::MIGRATION_PHASE_CLEANING_UP);
                progress.set_memory_remaining_bytes(0);
                progress.set_estimated_remaining_ms(0);
                progress.set_downtime_ms(done->downtimeMs);
                progress.set_expected_downtime_ms(0);
                std::lock_guard guard(m_reportMutex);
                m_completed = *done;
            } else {
                const proto::MigrationProgress now = event(proto::MIGRATION_PHASE_SWITCHING_OVER);
                progress.set_elapsed_ms(now.elapsed_ms());
                progress.set_timestamp_ms(now.timestamp_ms());
            }
            report(progress, false, nullptr);
            return;
        }
    }
    auto stats = m_domain.jobStats(false);
    if (!stats) {
        // Nothing new to say; the agent repeats the last event meanwhile.
        if (!*warned)
            qCInfo(lcMonitorLibvirt).noquote() << stats.error().message();
        *warned = true;
        return;
    }
    if (m_cancelRequested && stats->active)
        (void)m_domain.abortJob(); // asked before the job had started
    proto::MigrationPhase phase = proto::MIGRATION_PHASE_SAVING;
    if (live)
        phase = !stats->active || stats->memoryTotal == 0 ? proto::MIGRATION_PHASE_CHECKING
                                                          : proto::MIGRATION_PHASE_COPYING_MEMORY;
    report(progressFrom(*stats, phase), false, nullptr);
}

void OutgoingMigration::runPoller()
{
    const bool live = m_request.mode == proto::MIGRATION_MODE_LIVE;
    bool warned = false;
    std::unique_lock lock(m_pollMutex);
    while (!m_workerDone) {
        m_pollWake.wait_for(lock, kPollInterval, [this] { return m_workerDone.load(); });
        if (m_workerDone)
            break;
        lock.unlock();
        pollOnce(live, &warned);
        lock.lock();
    }
}

Result<void> OutgoingMigration::follow()
{
    // The job belongs to libvirt; it ends when the domain has moved (shut off
    // here) or when it failed (still running here).
    for (;;) {
        std::this_thread::sleep_for(kPollInterval);
        auto stats = m_domain.jobStats(false);
        if (!stats || !stats->active)
            break;
    }
    auto active = m_domain.isActive();
    if (!active)
        return active.error();
    if (*active)
        return Error(proto::ERROR_HYPERVISOR,
                     QStringLiteral("the migration that was running when this monitor started did not complete"));
    return {};
}

void OutgoingMigration::runWorker()
{
    const bool live = m_request.mode == proto::MIGRATION_MODE_LIVE;
    const QString partition = fromStd(m_request.identity.partition_name());
    const QString source = fromStd(m_request.identity.source_host());
    const QString target = fromStd(m_request.identity.target_host());
    report(event(live ? proto::MIGRATION_PHASE_CHECKING : proto::MIGRATION_PHASE_SAVING), false, nullptr);
    if (auto earlier = m_domain.jobStats(true))
        m_earlierCompleted = *earlier;
    m_poller = std::thread([this] { runPoller(); });

    Result<void> outcome;
    if (m_request.follow)
        outcome = follow();
    else if (m_cancelRequested)
        outcome = Error(proto::ERROR_CANCELLED, QStringLiteral("cancelled before it started"));
    else if (live)
        outcome = m_domain.migrateLive(m_request.targetUri, m_request.address, m_request.destinationXml,
                                       m_request.bandwidthMibPerSecond);
    else
        outcome = m_domain.save(m_request.stateFile);

    {
        std::lock_guard lock(m_pollMutex);
        m_workerDone = true;
    }
    m_pollWake.notify_all();
    m_poller.join();

    if (outcome) {
        if (live) {
            proto::MigrationProgress cleaning;
            {
                std::lock_guard guard(m_reportMutex);
                cleaning = m_last; // the figures stay; only the phase moves on
            }
            const proto::MigrationProgress now = event(proto::MIGRATION_PHASE_CLEANING_UP);
            cleaning.set_phase(now.phase());
            cleaning.set_elapsed_ms(now.elapsed_ms());
            cleaning.set_timestamp_ms(now.timestamp_ms());
            cleaning.set_estimate_note(std::string());
            report(cleaning, false, nullptr);
            proto::MigrationProgress final = event(proto::MIGRATION_PHASE_COMPLETED);
            std::optional<JobStats> completed;
            if (auto stats = m_domain.jobStats(true); stats && isNewCompletion(*stats))
                completed = *stats;
            {
                // libvirt may already have dropped them; the poller saw them then.
                std::lock_guard guard(m_reportMutex);
                if (!completed)
                    completed = m_completed;
            }
            if (completed) {
                final = progressFrom(*completed, proto::MIGRATION_PHASE_COMPLETED);
                final.set_downtime_ms(completed->downtimeMs);
                final.set_total_time_ms(completed->elapsedMs);
                final.set_memory_remaining_bytes(0);
                final.set_expected_downtime_ms(0);
            } else {
                qCWarning(lcMonitorLibvirt).noquote() << "libvirt kept no statistics of the migration of"
                                                      << m_domain.name() << "; its downtime is not known.";
            }
            final.set_estimated_remaining_ms(0);
            final.set_estimate_note(std::string());
            final.set_message(QStringLiteral("Partition %1 now runs on host %2.").arg(partition, target).toStdString());
            // libvirt leaves the source's definition, shut off; it has moved.
            if (auto active = m_domain.isActive(); active && !*active) {
                if (auto undefined = m_domain.undefine(); !undefined)
                    qCWarning(lcMonitorLibvirt).noquote() << undefined.error().message();
            }
            qCInfo(lcMonitorLibvirt).noquote() << "Migrated" << m_domain.name() << "to" << m_request.targetUri
                                               << "downtime" << final.downtime_ms() << "ms";
            report(final, true, nullptr);
        } else {
            const std::uint64_t size = std::uint64_t(QFileInfo(m_request.stateFile).size());
            proto::MigrationProgress final = event(proto::MIGRATION_PHASE_SAVING);
            final.set_memory_total_bytes(size);
            final.set_memory_processed_bytes(size);
            final.set_estimated_remaining_ms(0);
            final.set_message(QStringLiteral("The state of partition %1 is saved to %2 (%3 bytes).")
                                  .arg(partition, m_request.stateFile)
                                  .arg(size)
                                  .toStdString());
            report(final, true, nullptr);
        }
        return;
    }

    // Failed or cancelled: the guest keeps running here (libvirt resumes it).
    bool stillHere = true;
    if (auto active = m_domain.isActive(); active)
        stillHere = *active;
    const QString where = stillHere
        ? QStringLiteral("it keeps running on host %1.").arg(source)
        : QStringLiteral("its domain does not run on host %1 any more; check host %2.").arg(source, target);
    Error error = m_cancelRequested
        ? Error(proto::ERROR_CANCELLED,
                QStringLiteral("The migration of partition %1 to host %2 was cancelled; %3").arg(partition, target, where))
        : Error(outcome.error().code(),
                QStringLiteral("The migration of partition %1 to host %2 failed (%3); %4")
                    .arg(partition, target, outcome.error().message(), where));
    proto::MigrationProgress final = event(m_cancelRequested ? proto::MIGRATION_PHASE_CANCELLED
                                                             : proto::MIGRATION_PHASE_FAILED);
    final.set_message(error.message().toStdString());
    qCWarning(lcMonitorLibvirt).noquote() << error.message();
    report(final, true, &error);
}

} // namespace vdc::monitor
