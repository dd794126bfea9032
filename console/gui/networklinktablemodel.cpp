#include "networklinktablemodel.h"

#include "model/validation.h"

#include <QApplication>
#include <QStyle>

#include <algorithm>

namespace vdc::gui {

NetworkLinkTableModel::NetworkLinkTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void NetworkLinkTableModel::setLinks(const QList<proto::NetworkLink> &links)
{
    beginResetModel();
    m_rows.clear();
    for (const auto &l : links)
        m_rows.append({QString::fromStdString(l.name()), int(std::min<std::uint32_t>(l.capacity_mbps(), INT32_MAX)),
                       l.guaranteed_mbps()});
    endResetModel();
}

proto::NetworkLink NetworkLinkTableModel::toLink(const Row &row)
{
    proto::NetworkLink link;
    link.set_name(row.name.toStdString());
    link.set_capacity_mbps(std::uint32_t(std::max(0, row.capacityMbps)));
    return link;
}

QList<proto::NetworkLink> NetworkLinkTableModel::links() const
{
    QList<proto::NetworkLink> out;
    for (const Row &row : m_rows)
        out.append(toLink(row));
    return out;
}

int NetworkLinkTableModel::addLink(std::uint32_t capacityMbps)
{
    QString name;
    for (int n = 0;; ++n) {
        name = QStringLiteral("eth%1").arg(n);
        if (std::none_of(m_rows.cbegin(), m_rows.cend(), [&](const Row &r) { return r.name == name; }))
            break;
    }
    const int row = int(m_rows.size());
    beginInsertRows({}, row, row);
    m_rows.append({name, int(capacityMbps), 0});
    endInsertRows();
    return row;
}

void NetworkLinkTableModel::removeLink(int row)
{
    if (row < 0 || row >= m_rows.size())
        return;
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    endRemoveRows();
}

QString NetworkLinkTableModel::rowProblem(int row) const
{
    if (row < 0 || row >= m_rows.size())
        return {};
    const Row &r = m_rows.at(row);
    if (r.capacityMbps < 0)
        return tr("Link %1 has a negative capacity; give between 1 and %2 Mbps.").arg(r.name).arg(model::kMaxLinkMbps);
    if (auto valid = model::validateNetworkLinks(m_host, {toLink(r)}); !valid)
        return valid.error().message();
    return {};
}

QString NetworkLinkTableModel::problem() const
{
    for (int row = 0; row < m_rows.size(); ++row)
        if (QString p = rowProblem(row); !p.isEmpty())
            return p;
    if (auto valid = model::validateNetworkLinks(m_host, links()); !valid)
        return valid.error().message();
    return {};
}

int NetworkLinkTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int NetworkLinkTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(Column::Count);
}

QVariant NetworkLinkTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &r = m_rows.at(index.row());
    const auto column = Column(index.column());
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case Column::Name: return r.name;
        case Column::Capacity: return tr("%L1 Mbps").arg(r.capacityMbps);
        case Column::Guaranteed: return r.guaranteedMbps == 0 ? tr("none") : tr("%L1 Mbps").arg(r.guaranteedMbps);
        case Column::Count: break;
        }
        break;
    case Qt::EditRole:
        switch (column) {
        case Column::Name: return r.name;
        case Column::Capacity: return r.capacityMbps;
        case Column::Guaranteed: return r.guaranteedMbps;
        case Column::Count: break;
        }
        break;
    case Qt::TextAlignmentRole:
        if (column != Column::Name)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case Qt::DecorationRole:
        if (column == Column::Name && !rowProblem(index.row()).isEmpty())
            return QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning);
        break;
    case Qt::ToolTipRole:
        if (const QString p = rowProblem(index.row()); !p.isEmpty())
            return p;
        if (column == Column::Guaranteed)
            return tr("Bandwidth guaranteed to partitions running on this link; the capacity cannot go below it.");
        break;
    default:
        break;
    }
    return {};
}

bool NetworkLinkTableModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    Row &r = m_rows[index.row()];
    switch (Column(index.column())) {
    case Column::Name:
        r.name = value.toString().trimmed();
        break;
    case Column::Capacity: {
        bool ok = false;
        const int capacity = value.toInt(&ok);
        if (!ok)
            return false;
        r.capacityMbps = capacity;
        break;
    }
    default:
        return false;
    }
    // The warning icon sits in the name column; tooltips in every one.
    emit dataChanged(this->index(index.row(), 0), this->index(index.row(), int(Column::Count) - 1));
    return true;
}

QVariant NetworkLinkTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case Column::Name: return tr("Link");
    case Column::Capacity: return tr("Capacity");
    case Column::Guaranteed: return tr("Guaranteed");
    case Column::Count: break;
    }
    return {};
}

Qt::ItemFlags NetworkLinkTableModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
    if (Column(index.column()) != Column::Guaranteed)
        f |= Qt::ItemIsEditable;
    return f;
}

} // namespace vdc::gui
