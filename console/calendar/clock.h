#pragma once

#include <QDateTime>

namespace vdc::calendar {

// Where "now" comes from. The engine asks a Clock instead of the system so
// tests can drive a week of calendar with a ManualClock in a second.
class Clock
{
public:
    virtual ~Clock();

    // The current instant, in UTC.
    virtual QDateTime now() const = 0;
};

} // namespace vdc::calendar
