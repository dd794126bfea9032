#include "placementrejectionmodel.h"

#include <QSet>

namespace vdc::gui {

namespace {
QString qs(const std::string &s) { return QString::fromStdString(s); }
} // namespace

PlacementRejectionModel::PlacementRejectionModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void PlacementRejectionModel::setReply(const proto::OpsReply &reply)
{
    QList<proto::PlacementRejection> rejections(reply.rejections().begin(), reply.rejections().end());
    for (const auto &decision : reply.plan().decisions())
        for (const auto &r : decision.rejections())
            rejections.append(r);
    setRejections(rejections);
}

void PlacementRejectionModel::setRejections(const QList<proto::PlacementRejection> &rejections)
{
    beginResetModel();
    m_rows.clear();
    m_hasPartitions = false;
    // A reply may carry a rejection both on its own and in its plan.
    QSet<QString> seen;
    QSet<QString> partitions;
    for (const auto &r : rejections) {
        const QString key = qs(r.host()) + QChar(0) + qs(r.partition()) + QChar(0) + qs(r.reason());
        if (seen.contains(key))
            continue;
        seen.insert(key);
        m_rows.append(r);
        partitions.insert(qs(r.partition()));
    }
    m_hasPartitions = partitions.size() > 1;
    endResetModel();
}

QString PlacementRejectionModel::reasonWithoutHost(const proto::PlacementRejection &rejection)
{
    const QString reason = qs(rejection.reason());
    const QString prefix = qs(rejection.host()) + QLatin1Char(':');
    if (!rejection.host().empty() && reason.startsWith(prefix))
        return reason.mid(prefix.size()).trimmed();
    return reason;
}

int PlacementRejectionModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int PlacementRejectionModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(Column::Count);
}

QVariant PlacementRejectionModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto &r = m_rows.at(index.row());
    if (role == Qt::DisplayRole || role == Qt::EditRole) {
        switch (Column(index.column())) {
        case Column::Host: return qs(r.host());
        case Column::Reason: return reasonWithoutHost(r);
        case Column::Partition: return qs(r.partition());
        case Column::Count: break;
        }
    }
    if (role == Qt::ToolTipRole && Column(index.column()) == Column::Reason)
        return qs(r.reason());
    return {};
}

QVariant PlacementRejectionModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case Column::Host: return tr("Host");
    case Column::Reason: return tr("Why it was not chosen");
    case Column::Partition: return tr("Partition");
    case Column::Count: break;
    }
    return {};
}

} // namespace vdc::gui
