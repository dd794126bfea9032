#pragma once

#include "core/result.h"
#include "jobstats.h"
#include "libvirtdomain.h"

#include "vdc.pb.h"

#include <QString>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

namespace vdc::monitor {

// One outgoing migration of one partition's domain, on threads of its own so
// the command channel keeps being served while libvirt works: a worker blocks
// in libvirt (peer-to-peer live migration, or a save for an offline one)
// while a poller reads the job's statistics every kPollInterval and turns
// them into MigrationProgress events (phase, memory, rates, expected
// downtime, an estimate of the time left and, when that estimate goes up,
// why). The last event is final: COMPLETED, FAILED or CANCELLED for a live
// migration; SAVING with the whole file written for an offline save.
//
// Phases of a live migration: CHECKING until libvirt's job reports memory
// (the target starts its QEMU), COPYING_MEMORY while it copies,
// SWITCHING_OVER once the source guest is paused for the last pages and
// devices, CLEANING_UP as soon as libvirt has the completed job's statistics
// (the guest runs on the target; libvirt finishes its hand-over, which takes
// seconds of its own, and frees the source). After success the worker takes
// the completed job's statistics (the downtime libvirt measured) and then
// undefines the source domain, which libvirt leaves defined and shut off.
// Resource bookkeeping is not done here: the listener's owner does it on its
// thread.
class OutgoingMigration
{
public:
    static constexpr std::chrono::milliseconds kPollInterval{200};

    struct Request
    {
        proto::MigrationMode mode = proto::MIGRATION_MODE_LIVE;
        // Live.
        QString targetUri;        // the target's libvirt (peer to peer)
        QString address;          // the memory stream's destination; empty: libvirt's choice
        QString destinationXml;   // the domain as the target runs it
        std::uint32_t bandwidthMibPerSecond = 0;
        // Offline.
        QString stateFile;
        // A live migration libvirt already runs (found by a restarted
        // monitor): it is followed to its end, not started.
        bool follow = false;
        // Copied into every event: ids, names, hosts, mode.
        proto::MigrationProgress identity;
    };

    // Called from the migration's threads, in order; `final` once, last.
    // `error` is null for success of a final event.
    using Listener = std::function<void(const proto::MigrationProgress &progress, bool final, const Error *error)>;

    OutgoingMigration(LibvirtDomain domain, Request request, Listener listener);
    // Waits for the threads (cancel() first to make that quick).
    ~OutgoingMigration();
    OutgoingMigration(const OutgoingMigration &) = delete;
    OutgoingMigration &operator=(const OutgoingMigration &) = delete;

    void start();
    // Asks libvirt to abort the job. The final event then says CANCELLED
    // (unless the migration completed first).
    Result<void> cancel();
    bool cancelRequested() const { return m_cancelRequested; }
    const Request &request() const { return m_request; }

private:
    void runWorker();
    Result<void> follow();
    void runPoller();
    void pollOnce(bool live, bool *warned);
    proto::MigrationProgress event(proto::MigrationPhase phase) const;
    proto::MigrationProgress progressFrom(const JobStats &stats, proto::MigrationPhase phase);
    void report(const proto::MigrationProgress &progress, bool final, const Error *error);

    LibvirtDomain m_domain;
    Request m_request;
    Listener m_listener;
    std::thread m_worker;
    std::thread m_poller;
    std::chrono::steady_clock::time_point m_started;
    std::atomic<bool> m_cancelRequested{false};
    std::atomic<bool> m_workerDone{false};
    std::mutex m_reportMutex; // one event at a time, in order
    std::mutex m_pollMutex;
    std::condition_variable m_pollWake;
    std::uint64_t m_sequence = 0;       // guarded by m_reportMutex
    // The poller's memory of the previous estimate (poller thread only).
    std::int64_t m_lastEstimateMs = -1;
    std::uint64_t m_lastIteration = 0;
    std::uint64_t m_lastRate = 0;
    // Completed-job statistics: those of an earlier job (read before this one
    // starts) and those of this one once libvirt has them, which is as soon
    // as the guest runs on the target, before libvirt's hand-over is done.
    std::optional<JobStats> m_earlierCompleted;
    std::optional<JobStats> m_completed; // guarded by m_reportMutex
    proto::MigrationProgress m_last;     // guarded by m_reportMutex
    bool isNewCompletion(const JobStats &stats) const;
};

} // namespace vdc::monitor
