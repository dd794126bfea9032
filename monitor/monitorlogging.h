#pragma once

#include <QLoggingCategory>

// Logging categories of vdc-monitor. Warnings and above are shown by default;
// enable more with QT_LOGGING_RULES="vdc.monitor.*.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcMonitorLibvirt)
Q_DECLARE_LOGGING_CATEGORY(lcMonitorResources)
Q_DECLARE_LOGGING_CATEGORY(lcMonitorChannel)
Q_DECLARE_LOGGING_CATEGORY(lcMonitorStats)
