#pragma once

#include "recurrencechoices.h"
#include "recurrencerule.h"

#include "core/result.h"

namespace vdc::calendar {

// Turns an editor's structured choices into an RRULE. The inverse is
// RecurrenceRule::choices(); building from what choices() returns gives the
// same rule back.
class RecurrenceBuilder
{
public:
    // The rule for `choices` (lists sorted, duplicates dropped). Refuses what
    // no rule can say (an interval of 0, a day 32, COUNT together with
    // UNTIL, ...).
    static Result<RecurrenceRule> build(const RecurrenceChoices &choices);

    // Its RRULE text in libical's canonical form, e.g.
    // FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR.
    static Result<QString> toText(const RecurrenceChoices &choices);
};

} // namespace vdc::calendar
