#pragma once

#include "boundary.h"

#include <QString>

namespace vdc::calendar {

// A boundary with the sentence that tells an admin what will happen, e.g.
// "At 2026-03-30 08:00 Europe/Berlin (06:00 UTC) entry "business-hours"
// begins: policy set "business" replaces "offhours"."
struct BoundaryPreview
{
    Boundary boundary;
    QString summary;
};

} // namespace vdc::calendar
