#pragma once

#include "choice.h"
#include "rejection.h"

#include "core/error.h"

#include <QList>

#include <optional>

namespace vdc::placement {

// The answer for one demand: the choice, or the error (bad input, or no host
// fits) and the hosts that were rejected with their reasons. Rejections are
// always listed when nothing fits; when a host was chosen they are listed
// only if asked for (PlacementEngine::Explain::Always).
struct Decision
{
    std::optional<Choice> choice;
    Error error;
    QList<Rejection> rejections;

    bool placed() const { return choice.has_value(); }
};

} // namespace vdc::placement
