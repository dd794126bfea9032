#include "partitiontablemodel.h"

#include "displayformat.h"
#include "statestore.h"
#include "statestyle.h"

namespace vdc::gui {

namespace {
constexpr int kColumnCount = int(PartitionTableModel::Column::Count);
QString qs(const std::string &s) { return QString::fromStdString(s); }

// Numbers line up on the right, words on the left.
int alignment(PartitionTableModel::Column column)
{
    switch (column) {
    case PartitionTableModel::Column::Vcpus:
    case PartitionTableModel::Column::Memory: return int(Qt::AlignRight | Qt::AlignVCenter);
    default: return int(Qt::AlignLeft | Qt::AlignVCenter);
    }
}

// A stopped partition keeps the host it last ran on; the table shows where
// it runs now.
bool isPlaced(proto::PartitionState state)
{
    return state == proto::PARTITION_STATE_STARTING || state == proto::PARTITION_STATE_RUNNING
        || state == proto::PARTITION_STATE_STOPPING || state == proto::PARTITION_STATE_PAUSED;
}
} // namespace

PartitionTableModel::PartitionTableModel(StateStore *store, QObject *parent)
    : QAbstractTableModel(parent)
    , m_store(store)
{
    connect(store, &StateStore::partitionAboutToBeAdded, this, [this](int row) { beginInsertRows({}, row, row); });
    connect(store, &StateStore::partitionAdded, this, [this] { endInsertRows(); });
    connect(store, &StateStore::partitionAboutToBeRemoved, this, [this](int row) { beginRemoveRows({}, row, row); });
    connect(store, &StateStore::partitionRemoved, this, [this] { endRemoveRows(); });
    connect(store, &StateStore::partitionUpdated, this,
            [this](int row) { emit dataChanged(index(row, 0), index(row, kColumnCount - 1)); });
}

int PartitionTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_store->partitionCount();
}

int PartitionTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : kColumnCount;
}

QVariant PartitionTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const proto::Partition &partition = m_store->partitionAt(index.row());
    const proto::PartitionSpec &spec = partition.spec();
    const auto column = Column(index.column());

    if (role == int(Role::Key))
        return qs(spec.uuid());

    if (role == Qt::DisplayRole) {
        switch (column) {
        case Column::Name: return qs(spec.name());
        case Column::Domain: return qs(spec.domain());
        case Column::State: return StateStyle::name(partition.state());
        case Column::Host: return isPlaced(partition.state()) ? qs(partition.host()) : QString();
        case Column::Vcpus: return spec.vcpus();
        case Column::Memory: return DisplayFormat::memory(spec.memory_mib());
        case Column::Cores: return DisplayFormat::coreList(partition.assignment().cores());
        // One line in the table; the details pane and the tooltip show all of it.
        case Column::LastError: return qs(partition.last_error()).section(QLatin1Char('\n'), 0, 0);
        case Column::Count: break;
        }
        return {};
    }

    if (role == int(Role::Sort)) {
        switch (column) {
        case Column::State: return int(partition.state());
        case Column::Vcpus: return spec.vcpus();
        case Column::Memory: return qulonglong(spec.memory_mib());
        case Column::Cores:
            return partition.assignment().cores().empty() ? -1 : int(partition.assignment().cores(0));
        default: return data(index, Qt::DisplayRole);
        }
    }

    if (column == Column::State) {
        if (role == Qt::ForegroundRole)
            return StateStyle::color(partition.state());
        if (role == Qt::DecorationRole)
            return StateStyle::dot(StateStyle::color(partition.state()));
    }
    if (column == Column::LastError && role == Qt::ForegroundRole && !partition.last_error().empty())
        return StateStyle::color(proto::PARTITION_STATE_FAILED);

    if (role == Qt::TextAlignmentRole)
        return alignment(column);

    if (role == Qt::ToolTipRole) {
        switch (column) {
        case Column::Name: return tr("UUID %1").arg(qs(spec.uuid()));
        case Column::Host:
            if (!isPlaced(partition.state()) && !partition.host().empty())
                return tr("Last ran on %1.").arg(qs(partition.host()));
            break;
        case Column::LastError:
            if (!partition.last_error().empty())
                return qs(partition.last_error());
            break;
        default: break;
        }
    }
    return {};
}

QVariant PartitionTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= kColumnCount)
        return {};
    if (role == Qt::TextAlignmentRole)
        return alignment(Column(section));
    if (role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case Column::Name: return tr("Partition");
    case Column::Domain: return tr("Domain");
    case Column::State: return tr("State");
    case Column::Host: return tr("Host");
    case Column::Vcpus: return tr("vCPUs");
    case Column::Memory: return tr("Memory");
    case Column::Cores: return tr("Pinned cores");
    case Column::LastError: return tr("Last error");
    case Column::Count: break;
    }
    return {};
}

} // namespace vdc::gui
