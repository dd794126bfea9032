#include "manualclock.h"

namespace vdc::calendar {

ManualClock::ManualClock(const QDateTime &start)
    : m_now(start.toUTC())
{
}

QDateTime ManualClock::now() const
{
    return m_now;
}

void ManualClock::setNow(const QDateTime &instant)
{
    m_now = instant.toUTC();
}

void ManualClock::advance(std::chrono::milliseconds step)
{
    m_now = m_now.addMSecs(step.count());
}

} // namespace vdc::calendar
