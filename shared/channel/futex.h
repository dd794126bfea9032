#pragma once

// Thin wrappers over the futex system call for words in shared memory.
// The non-_PRIVATE operations are used on purpose: the waiter and the waker
// are different processes mapping the same object, and only the shared
// variants key the wait queue on the underlying page rather than on the
// process's address space.

#include <atomic>
#include <chrono>
#include <cstdint>

namespace vdc::channel {

// Sleeps while *word == expected, at most `timeout` (negative: no limit).
// Returns when woken, when the value differs, on a signal or on time-out;
// callers re-check their condition in every case.
void futexWait(std::atomic<std::uint32_t> &word, std::uint32_t expected, std::chrono::nanoseconds timeout);

// Wakes every thread of every process sleeping on word.
void futexWakeAll(std::atomic<std::uint32_t> &word);

// A hint to the CPU that this is a spin-wait loop (saves power and lets the
// sibling hyper-thread run).
inline void cpuRelax()
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    asm volatile("yield" ::: "memory");
#endif
}

} // namespace vdc::channel
