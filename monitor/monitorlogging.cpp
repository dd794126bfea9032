#include "monitorlogging.h"

Q_LOGGING_CATEGORY(lcMonitorLibvirt, "vdc.monitor.libvirt", QtWarningMsg)
Q_LOGGING_CATEGORY(lcMonitorResources, "vdc.monitor.resources", QtWarningMsg)
Q_LOGGING_CATEGORY(lcMonitorChannel, "vdc.monitor.channel", QtWarningMsg)
Q_LOGGING_CATEGORY(lcMonitorStats, "vdc.monitor.stats", QtWarningMsg)
