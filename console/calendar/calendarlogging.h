#pragma once

#include <QLoggingCategory>

// Logging category of the policy calendar library. Warnings and above are
// shown by default; enable more with QT_LOGGING_RULES="vdc.calendar.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcCalendar)
