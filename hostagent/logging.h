#pragma once

#include <QLoggingCategory>

namespace vdc::agent {

// Logging categories of vdc-agent. Warnings are on by default; enable more
// with QT_LOGGING_RULES="vdc.agent.*.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcAgentChannel) // vdc.agent.channel: the command channel to the monitor
Q_DECLARE_LOGGING_CATEGORY(lcAgentPolicy)  // vdc.agent.policy: resource choice and reconciliation
Q_DECLARE_LOGGING_CATEGORY(lcAgentStore)   // vdc.agent.store: the bootstrap store
Q_DECLARE_LOGGING_CATEGORY(lcAgentApi)     // vdc.agent.api: the ZeroMQ API and heartbeats

} // namespace vdc::agent
