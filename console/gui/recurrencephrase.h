#pragma once

#include "calendar/recurrencerule.h"

#include <QCoreApplication>
#include <QDate>
#include <QString>
#include <QTime>
#include <QTimeZone>

namespace vdc::gui {

// A calendar entry's repeat the way a person says it, in the console's
// language ("Every weekday at 20:00", "Jeden Monat am zweiten Dienstag um
// 08:00"). It covers every repeat the entry editor offers; a rule written
// by hand with parts the editor does not offer is said by vdc::calendar, in
// English, as the engine says it.
class RecurrencePhrase
{
    Q_DECLARE_TR_FUNCTIONS(vdc::gui::RecurrencePhrase)
public:
    static QString describe(const calendar::RecurrenceRule &rule, const QDate &startDate, const QTime &startTime,
                            const QTimeZone &zone);
};

} // namespace vdc::gui
