#pragma once

#include "clock.h"

#include <chrono>

namespace vdc::calendar {

// A clock that only moves when told to. Plain: it emits nothing; whoever
// advances it decides what to re-evaluate.
class ManualClock final : public Clock
{
public:
    // Starts at `start` (converted to UTC).
    explicit ManualClock(const QDateTime &start);

    QDateTime now() const override;

    void setNow(const QDateTime &instant);
    void advance(std::chrono::milliseconds step);

private:
    QDateTime m_now;
};

} // namespace vdc::calendar
