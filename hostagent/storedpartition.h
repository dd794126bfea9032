#pragma once

#include "vdc.pb.h"

#include <QString>

namespace vdc::agent {

// What the administrator wants of a partition on this host.
enum class DesiredState {
    Stopped,
    Running, // the agent re-activates it when the monitor does not run it after an attach
};

QString desiredStateName(DesiredState state);

// One row of the bootstrap store: a partition definition assigned to this
// host, its desired state and its last known runtime.
struct StoredPartition
{
    proto::PartitionSpec spec;
    DesiredState desired = DesiredState::Stopped;
    proto::PartitionState state = proto::PARTITION_STATE_STOPPED;
    proto::ResourceAssignment assignment;
    QString lastError;

    QString uuid() const { return QString::fromStdString(spec.uuid()); }
    QString name() const { return QString::fromStdString(spec.name()); }

    // The wire form, with `host` as the host it runs on.
    proto::Partition toProto(const QString &host) const;
};

} // namespace vdc::agent
