#include "statestyle.h"

#include <QHash>
#include <QPainter>
#include <QPixmap>

namespace vdc::gui {

namespace {
const QColor kGreen(0x2e, 0x7d, 0x32);
const QColor kAmber(0xb2, 0x6a, 0x00);
const QColor kRed(0xc6, 0x28, 0x28);
const QColor kBlue(0x15, 0x65, 0xc0);
const QColor kGrey(0x75, 0x75, 0x75);
} // namespace

QString StateStyle::name(proto::HostState state)
{
    switch (state) {
    case proto::HOST_STATE_UP: return tr("Up");
    case proto::HOST_STATE_DEGRADED: return tr("Degraded");
    case proto::HOST_STATE_FAILED: return tr("Failed");
    case proto::HOST_STATE_MAINTENANCE: return tr("Maintenance");
    case proto::HOST_STATE_UNREACHABLE: return tr("Unreachable");
    default: return tr("Unknown");
    }
}

QString StateStyle::name(proto::MigrationPhase phase)
{
    switch (phase) {
    case proto::MIGRATION_PHASE_CHECKING: return tr("Checking");
    case proto::MIGRATION_PHASE_RESERVING: return tr("Reserving");
    case proto::MIGRATION_PHASE_COPYING_MEMORY: return tr("Copying memory");
    case proto::MIGRATION_PHASE_SWITCHING_OVER: return tr("Switching over");
    case proto::MIGRATION_PHASE_SAVING: return tr("Saving");
    case proto::MIGRATION_PHASE_TRANSFERRING: return tr("Transferring");
    case proto::MIGRATION_PHASE_RESTORING: return tr("Restoring");
    case proto::MIGRATION_PHASE_CLEANING_UP: return tr("Cleaning up");
    case proto::MIGRATION_PHASE_COMPLETED: return tr("Completed");
    case proto::MIGRATION_PHASE_FAILED: return tr("Failed");
    case proto::MIGRATION_PHASE_CANCELLED: return tr("Cancelled");
    default: return tr("Requested");
    }
}

bool StateStyle::isFinal(proto::MigrationPhase phase)
{
    return phase == proto::MIGRATION_PHASE_COMPLETED || phase == proto::MIGRATION_PHASE_FAILED
        || phase == proto::MIGRATION_PHASE_CANCELLED;
}

QString StateStyle::name(proto::PartitionState state)
{
    switch (state) {
    case proto::PARTITION_STATE_STOPPED: return tr("Stopped");
    case proto::PARTITION_STATE_STARTING: return tr("Starting");
    case proto::PARTITION_STATE_RUNNING: return tr("Running");
    case proto::PARTITION_STATE_STOPPING: return tr("Stopping");
    case proto::PARTITION_STATE_FAILED: return tr("Failed");
    case proto::PARTITION_STATE_PAUSED: return tr("Paused");
    default: return tr("Unknown");
    }
}

QColor StateStyle::color(proto::HostState state)
{
    switch (state) {
    case proto::HOST_STATE_UP: return kGreen;
    case proto::HOST_STATE_DEGRADED: return kAmber;
    case proto::HOST_STATE_FAILED: return kRed;
    case proto::HOST_STATE_MAINTENANCE: return kBlue;
    default: return kGrey;
    }
}

QColor StateStyle::color(proto::PartitionState state)
{
    switch (state) {
    case proto::PARTITION_STATE_RUNNING: return kGreen;
    case proto::PARTITION_STATE_STARTING:
    case proto::PARTITION_STATE_STOPPING: return kAmber;
    case proto::PARTITION_STATE_FAILED: return kRed;
    case proto::PARTITION_STATE_PAUSED: return kBlue;
    default: return kGrey;
    }
}

QIcon StateStyle::dot(const QColor &color)
{
    static QHash<QRgb, QIcon> cache;
    const auto it = cache.constFind(color.rgba());
    if (it != cache.constEnd())
        return *it;
    QIcon icon;
    for (int size : {12, 24}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(QPen(color.darker(130), size / 12.0));
        painter.setBrush(color);
        const qreal margin = size / 6.0;
        painter.drawEllipse(QRectF(margin, margin, size - 2 * margin, size - 2 * margin));
        painter.end();
        icon.addPixmap(pixmap);
    }
    cache.insert(color.rgba(), icon);
    return icon;
}

} // namespace vdc::gui
