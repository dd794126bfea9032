#include "clock.h"

namespace vdc::calendar {

// Out of line so the vtable has one home.
Clock::~Clock() = default;

} // namespace vdc::calendar
