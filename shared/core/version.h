#pragma once

#include <cstdint>

namespace vdc {

// Version of the wire protocol carried in every envelope. A reader refuses a
// major version it does not know.
inline constexpr std::uint32_t kProtocolVersion = 1;

inline constexpr const char *kVersionString = "0.1.0";

} // namespace vdc
