#include "calendarlogging.h"

Q_LOGGING_CATEGORY(lcCalendar, "vdc.calendar", QtWarningMsg)
