#include "storedpartition.h"

namespace vdc::agent {

QString desiredStateName(DesiredState state)
{
    return state == DesiredState::Running ? QStringLiteral("running") : QStringLiteral("stopped");
}

proto::Partition StoredPartition::toProto(const QString &host) const
{
    proto::Partition p;
    *p.mutable_spec() = spec;
    p.set_state(state);
    p.set_host(host.toStdString());
    *p.mutable_assignment() = assignment;
    p.set_last_error(lastError.toStdString());
    return p;
}

} // namespace vdc::agent
