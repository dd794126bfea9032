#pragma once

#include "decision.h"

#include <QList>

namespace vdc::placement {

// The answer for a batch: one decision per demand, in input order.
struct BatchOutcome
{
    bool complete = false; // every demand was placed
    Error error;           // when not complete: why, in one sentence
    QList<Decision> decisions;
    QList<int> order;      // input indexes in the order they were placed
};

} // namespace vdc::placement
