#include "logging.h"

namespace vdc::agent {

Q_LOGGING_CATEGORY(lcAgentChannel, "vdc.agent.channel", QtWarningMsg)
Q_LOGGING_CATEGORY(lcAgentPolicy, "vdc.agent.policy", QtWarningMsg)
Q_LOGGING_CATEGORY(lcAgentStore, "vdc.agent.store", QtWarningMsg)
Q_LOGGING_CATEGORY(lcAgentApi, "vdc.agent.api", QtWarningMsg)

} // namespace vdc::agent
