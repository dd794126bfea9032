#pragma once

#include <cstdint>

namespace vdc::monitor {

// What virDomainGetJobStats reports about a domain's job (migration, save),
// in plain units. Fields libvirt did not report stay 0.
struct JobStats
{
    bool active = false;              // a job runs (or, for completed stats, one finished)
    int type = 0;                     // virDomainJobType: completed stats say COMPLETED, FAILED, CANCELLED
    bool completed = false;           // type is VIR_DOMAIN_JOB_COMPLETED: it succeeded
    int operation = 0;                // virDomainJobOperation
    std::uint64_t elapsedMs = 0;
    std::uint64_t memoryTotal = 0;    // bytes
    std::uint64_t memoryProcessed = 0;
    std::uint64_t memoryRemaining = 0;
    std::uint64_t memoryBps = 0;      // transfer rate, bytes per second
    std::uint64_t dirtyRatePages = 0; // pages per second
    std::uint64_t pageSize = 0;       // bytes
    std::uint64_t iteration = 0;
    std::uint64_t downtimeMs = 0;     // expected while running; measured once completed
    std::uint64_t dataTotal = 0;      // everything the job moves (memory, disks)
    std::uint64_t dataProcessed = 0;
    std::uint64_t dataRemaining = 0;

    std::uint64_t dirtyRateBytes() const { return dirtyRatePages * (pageSize ? pageSize : 4096); }
};

} // namespace vdc::monitor
