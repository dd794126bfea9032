#include "auditlogmodel.h"

#include "statestyle.h"

#include <QDateTime>
#include <QLocale>

namespace vdc::gui {

AuditLogModel::AuditLogModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void AuditLogModel::setRecords(const QList<proto::AuditRecord> &records)
{
    beginResetModel();
    m_records = records;
    endResetModel();
}

int AuditLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_records.size());
}

int AuditLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(Column::Count);
}

QVariant AuditLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const proto::AuditRecord &r = m_records.at(index.row());
    const bool ok = r.result() == "ok" || r.result().empty();
    if (role == Qt::ForegroundRole && !ok)
        return StateStyle::color(proto::HOST_STATE_FAILED);
    if (role == Qt::ToolTipRole)
        return QString::fromStdString(r.message());
    if (role != Qt::DisplayRole)
        return {};
    switch (Column(index.column())) {
    case Column::Time:
        return QLocale().toString(QDateTime::fromMSecsSinceEpoch(r.time_ms()), QLocale::ShortFormat);
    case Column::User: return QString::fromStdString(r.user());
    case Column::Action: return QString::fromStdString(r.action());
    case Column::Object: return QString::fromStdString(r.object());
    case Column::Result: return ok ? tr("OK") : QString::fromStdString(r.result());
    case Column::Message: return QString::fromStdString(r.message());
    case Column::Count: break;
    }
    return {};
}

QVariant AuditLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case Column::Time: return tr("Time");
    case Column::User: return tr("User");
    case Column::Action: return tr("Action");
    case Column::Object: return tr("Object");
    case Column::Result: return tr("Result");
    case Column::Message: return tr("Message");
    case Column::Count: break;
    }
    return {};
}

} // namespace vdc::gui
