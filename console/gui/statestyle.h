#pragma once

#include "vdc.pb.h"

#include <QColor>
#include <QCoreApplication>
#include <QIcon>
#include <QString>

namespace vdc::gui {

// The colours and display names of host and partition states, shared by the
// tables and the details pane so a state looks the same everywhere.
class StateStyle
{
    Q_DECLARE_TR_FUNCTIONS(vdc::gui::StateStyle)
public:
    static QString name(proto::HostState state);
    static QString name(proto::PartitionState state);
    static QString name(proto::MigrationPhase phase);
    static bool isFinal(proto::MigrationPhase phase);
    static QColor color(proto::HostState state);
    static QColor color(proto::PartitionState state);
    // A small filled circle in the state's colour, for item decorations.
    static QIcon dot(const QColor &color);
};

} // namespace vdc::gui
