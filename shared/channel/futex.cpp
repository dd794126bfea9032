#include "futex.h"

#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <ctime>

namespace vdc::channel {

namespace {

std::uint32_t *rawWord(std::atomic<std::uint32_t> &word)
{
    // std::atomic<uint32_t> is a lock-free 32-bit object with the layout of a
    // plain uint32_t (asserted in channellayout.h); the kernel reads it as such.
    return reinterpret_cast<std::uint32_t *>(&word);
}

} // namespace

void futexWait(std::atomic<std::uint32_t> &word, std::uint32_t expected, std::chrono::nanoseconds timeout)
{
    timespec relative{};
    timespec *limit = nullptr;
    if (timeout.count() >= 0) {
        relative.tv_sec = static_cast<time_t>(timeout.count() / 1'000'000'000);
        relative.tv_nsec = static_cast<long>(timeout.count() % 1'000'000'000);
        limit = &relative;
    }
    // EAGAIN (value already changed), EINTR and ETIMEDOUT are all "go and
    // look again" for the caller, so the result is not inspected.
    syscall(SYS_futex, rawWord(word), FUTEX_WAIT, expected, limit, nullptr, 0);
}

void futexWakeAll(std::atomic<std::uint32_t> &word)
{
    syscall(SYS_futex, rawWord(word), FUTEX_WAKE, INT32_MAX, nullptr, nullptr, 0);
}

} // namespace vdc::channel
