#include "hosttablemodel.h"

#include "displayformat.h"
#include "statestore.h"
#include "statestyle.h"

#include <QDateTime>

namespace vdc::gui {

namespace {
constexpr int kColumnCount = int(HostTableModel::Column::Count);
QString qs(const std::string &s) { return QString::fromStdString(s); }

// Numbers line up on the right, words on the left.
int alignment(HostTableModel::Column column)
{
    switch (column) {
    case HostTableModel::Column::Cores:
    case HostTableModel::Column::Memory:
    case HostTableModel::Column::Partitions: return int(Qt::AlignRight | Qt::AlignVCenter);
    default: return int(Qt::AlignLeft | Qt::AlignVCenter);
    }
}
} // namespace

HostTableModel::HostTableModel(StateStore *store, QObject *parent)
    : QAbstractTableModel(parent)
    , m_store(store)
{
    connect(store, &StateStore::hostAboutToBeAdded, this, [this](int row) { beginInsertRows({}, row, row); });
    connect(store, &StateStore::hostAdded, this, [this] { endInsertRows(); });
    connect(store, &StateStore::hostAboutToBeRemoved, this, [this](int row) { beginRemoveRows({}, row, row); });
    connect(store, &StateStore::hostRemoved, this, [this] { endRemoveRows(); });
    connect(store, &StateStore::hostUpdated, this,
            [this](int row) { emit dataChanged(index(row, 0), index(row, kColumnCount - 1)); });

    m_ageTimer.setInterval(1000);
    connect(&m_ageTimer, &QTimer::timeout, this, &HostTableModel::refreshHeartbeatAges);
    m_ageTimer.start();
}

int HostTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_store->hostCount();
}

int HostTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : kColumnCount;
}

QVariant HostTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const proto::Host &host = m_store->hostAt(index.row());
    const auto column = Column(index.column());

    if (role == int(Role::Key))
        return qs(host.name());

    if (role == int(Role::Usage)) {
        // Reserved resources count as used: they are not there for guests.
        if (column == Column::Cores && host.cores_total() > 0)
            return 1.0 - double(host.cores_free()) / double(host.cores_total());
        if (column == Column::Memory && host.memory_total_mib() > 0)
            return 1.0 - double(host.memory_free_mib()) / double(host.memory_total_mib());
        return {};
    }

    if (role == Qt::DisplayRole) {
        switch (column) {
        case Column::Name: return qs(host.name());
        case Column::State: return StateStyle::name(host.state());
        case Column::Zone: return qs(host.zone());
        case Column::Cores: return tr("%1 / %2", "free / total").arg(host.cores_free()).arg(host.cores_total());
        case Column::Memory: return DisplayFormat::freeOfTotal(host.memory_free_mib(), host.memory_total_mib());
        case Column::Partitions: return host.partitions_running();
        case Column::Heartbeat:
            return DisplayFormat::age(host.last_heartbeat_ms(), QDateTime::currentMSecsSinceEpoch());
        case Column::Count: break;
        }
        return {};
    }

    if (role == int(Role::Sort)) {
        switch (column) {
        case Column::Name: return qs(host.name());
        case Column::State: return int(host.state());
        case Column::Zone: return qs(host.zone());
        case Column::Cores: return host.cores_free();
        case Column::Memory: return qulonglong(host.memory_free_mib());
        case Column::Partitions: return host.partitions_running();
        // Most recent first when sorted ascending by age.
        case Column::Heartbeat: return -qlonglong(host.last_heartbeat_ms());
        case Column::Count: break;
        }
        return {};
    }

    if (column == Column::State) {
        if (role == Qt::ForegroundRole)
            return StateStyle::color(host.state());
        if (role == Qt::DecorationRole)
            return StateStyle::dot(StateStyle::color(host.state()));
    }

    if (role == Qt::TextAlignmentRole)
        return alignment(column);

    if (role == Qt::ToolTipRole) {
        if (!host.last_error().empty())
            return qs(host.last_error());
        switch (column) {
        case Column::Name:
            return tr("Agent at %1").arg(qs(host.agent_endpoint()));
        case Column::Cores:
            return tr("%1 cores free of %2; %3 reserved for system partitions.")
                .arg(host.cores_free()).arg(host.cores_total()).arg(host.cores_reserved());
        case Column::Memory:
            return tr("%1 free of %2; %3 reserved for system partitions.")
                .arg(DisplayFormat::memory(host.memory_free_mib()), DisplayFormat::memory(host.memory_total_mib()),
                     DisplayFormat::memory(host.memory_reserved_mib()));
        case Column::Heartbeat:
            if (host.last_heartbeat_ms() > 0)
                return QLocale().toString(QDateTime::fromMSecsSinceEpoch(host.last_heartbeat_ms()), QLocale::LongFormat);
            return tr("No heartbeat has arrived from this host yet.");
        default: break;
        }
    }
    return {};
}

QVariant HostTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= kColumnCount)
        return {};
    if (role == Qt::TextAlignmentRole)
        return alignment(Column(section));
    if (role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case Column::Name: return tr("Host");
    case Column::State: return tr("State");
    case Column::Zone: return tr("Zone");
    case Column::Cores: return tr("Cores free / total");
    case Column::Memory: return tr("Memory free / total");
    case Column::Partitions: return tr("Running partitions");
    case Column::Heartbeat: return tr("Last heartbeat");
    case Column::Count: break;
    }
    return {};
}

void HostTableModel::refreshHeartbeatAges()
{
    const int rows = rowCount();
    if (rows == 0)
        return;
    const int column = int(Column::Heartbeat);
    emit dataChanged(index(0, column), index(rows - 1, column), {Qt::DisplayRole, int(Role::Sort)});
}

} // namespace vdc::gui
