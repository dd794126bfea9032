#pragma once

#include "core/result.h"

#include <QString>

#include <cstdint>
#include <vector>

namespace vdc::monitor {

// Resource index lists as people read them: "0-3,8,10-11".
// formatIndexList keeps the given order and only joins ascending runs, so a
// vCPU-ordered core list round-trips unchanged.
QString formatIndexList(const std::vector<std::uint32_t> &indices);

// Parses what formatIndexList writes; whitespace is ignored. `what` names the
// list in the error ("core list").
Result<std::vector<std::uint32_t>> parseIndexList(const QString &what, const QString &text);

} // namespace vdc::monitor
