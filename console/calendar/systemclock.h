#pragma once

#include "clock.h"

namespace vdc::calendar {

// The machine's real-time clock.
class SystemClock final : public Clock
{
public:
    QDateTime now() const override;
};

} // namespace vdc::calendar
