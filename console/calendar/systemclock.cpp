#include "systemclock.h"

namespace vdc::calendar {

QDateTime SystemClock::now() const
{
    return QDateTime::currentDateTimeUtc();
}

} // namespace vdc::calendar
