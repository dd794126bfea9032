#include "tasklistmodel.h"

#include "statestore.h"
#include "statestyle.h"

namespace vdc::gui {

namespace {
constexpr int kKeepFinished = 20;
QString qs(const std::string &s) { return QString::fromStdString(s); }
} // namespace

TaskListModel::TaskListModel(StateStore *store, QObject *parent)
    : QAbstractTableModel(parent)
{
    connect(store, &StateStore::migrationProgressed, this, &TaskListModel::applyProgress);
}

void TaskListModel::applyProgress(const proto::MigrationProgress &progress)
{
    for (int row = 0; row < m_tasks.size(); ++row) {
        if (m_tasks.at(row).migration_id() != progress.migration_id()
            && !(progress.migration_id().empty() && m_tasks.at(row).partition_uuid() == progress.partition_uuid()))
            continue;
        // Events of one migration arrive in order; an older one changes nothing.
        if (progress.sequence() != 0 && progress.sequence() <= m_tasks.at(row).sequence())
            return;
        m_tasks[row] = progress;
        emit dataChanged(index(row, 0), index(row, int(Column::Count) - 1));
        return;
    }
    // Old finished tasks make room for new ones.
    int finished = 0;
    for (const auto &t : std::as_const(m_tasks))
        finished += StateStyle::isFinal(t.phase()) ? 1 : 0;
    for (int row = int(m_tasks.size()) - 1; row >= 0 && finished >= kKeepFinished; --row)
        if (StateStyle::isFinal(m_tasks.at(row).phase())) {
            beginRemoveRows({}, row, row);
            m_tasks.removeAt(row);
            endRemoveRows();
            --finished;
        }
    beginInsertRows({}, 0, 0);
    m_tasks.prepend(progress);
    endInsertRows();
}

int TaskListModel::runningCount() const
{
    int n = 0;
    for (const auto &t : m_tasks)
        n += StateStyle::isFinal(t.phase()) ? 0 : 1;
    return n;
}

int TaskListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_tasks.size());
}

int TaskListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(Column::Count);
}

QVariant TaskListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const proto::MigrationProgress &t = m_tasks.at(index.row());
    const double fraction = t.memory_total_bytes() > 0 ? double(t.memory_processed_bytes()) / double(t.memory_total_bytes()) : -1;
    if (role == int(Role::Progress))
        return t.phase() == proto::MIGRATION_PHASE_COMPLETED ? 1.0 : fraction;
    if (role == int(Role::PartitionUuid))
        return qs(t.partition_uuid());
    if (role == int(Role::Finished))
        return StateStyle::isFinal(t.phase());
    if (role == Qt::ToolTipRole)
        return qs(t.message()).isEmpty() ? qs(t.estimate_note()) : qs(t.message());
    if (role != Qt::DisplayRole)
        return {};
    switch (Column(index.column())) {
    case Column::Task:
        return tr("Migrate %1 from %2 to %3").arg(qs(t.partition_name()), qs(t.source_host()), qs(t.target_host()));
    case Column::Phase:
        return StateStyle::name(t.phase());
    case Column::Progress:
        if (t.phase() == proto::MIGRATION_PHASE_COMPLETED)
            return tr("100 %");
        return fraction < 0 ? QString() : tr("%1 %").arg(int(fraction * 100));
    case Column::Elapsed:
        return tr("%1 s").arg(double(t.elapsed_ms()) / 1000.0, 0, 'f', 1);
    case Column::Count:
        break;
    }
    return {};
}

QVariant TaskListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case Column::Task: return tr("Task");
    case Column::Phase: return tr("Phase");
    case Column::Progress: return tr("Progress");
    case Column::Elapsed: return tr("Elapsed");
    case Column::Count: break;
    }
    return {};
}

} // namespace vdc::gui
