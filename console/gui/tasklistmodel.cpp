#include "tasklistmodel.h"

#include "statestore.h"
#include "statestyle.h"

namespace vdc::gui {

namespace {
constexpr int kKeepFinished = 20;
QString qs(const std::string &s) { return QString::fromStdString(s); }
QString elapsedText(std::int64_t ms) { return TaskListModel::tr("%1 s").arg(double(ms) / 1000.0, 0, 'f', 1); }
} // namespace

bool TaskListModel::Task::finished() const
{
    return kind == Kind::Migration ? StateStyle::isFinal(migration.phase()) : transition.finished();
}

TaskListModel::TaskListModel(StateStore *store, QObject *parent)
    : QAbstractTableModel(parent)
{
    connect(store, &StateStore::migrationProgressed, this, &TaskListModel::applyProgress);
    connect(store, &StateStore::policyTransitionProgressed, this, &TaskListModel::applyTransition);
}

void TaskListModel::applyProgress(const proto::MigrationProgress &progress)
{
    for (int row = 0; row < m_tasks.size(); ++row) {
        const Task &t = m_tasks.at(row);
        if (t.kind != Kind::Migration)
            continue;
        if (t.migration.migration_id() != progress.migration_id()
            && !(progress.migration_id().empty() && t.migration.partition_uuid() == progress.partition_uuid()))
            continue;
        // Events of one migration arrive in order; an older one changes nothing.
        if (progress.sequence() != 0 && progress.sequence() <= t.migration.sequence())
            return;
        m_tasks[row].migration = progress;
        updateRow(row);
        return;
    }
    Task task;
    task.kind = Kind::Migration;
    task.migration = progress;
    prepend(std::move(task));
}

void TaskListModel::applyTransition(const proto::PolicyTransitionProgress &progress)
{
    for (int row = 0; row < m_tasks.size(); ++row) {
        const Task &t = m_tasks.at(row);
        if (t.kind != Kind::PolicyTransition || t.transition.id() != progress.id())
            continue;
        // The engine publishes a transition's events in order; a finished
        // one does not run again.
        if (t.transition.finished() || progress.steps_done() < t.transition.steps_done())
            return;
        m_tasks[row].transition = progress;
        updateRow(row);
        return;
    }
    Task task;
    task.kind = Kind::PolicyTransition;
    task.transition = progress;
    prepend(std::move(task));
}

void TaskListModel::updateRow(int row)
{
    emit dataChanged(index(row, 0), index(row, int(Column::Count) - 1));
}

void TaskListModel::prepend(Task task)
{
    // Old finished tasks make room for new ones.
    int finished = 0;
    for (const auto &t : std::as_const(m_tasks))
        finished += t.finished() ? 1 : 0;
    for (int row = int(m_tasks.size()) - 1; row >= 0 && finished >= kKeepFinished; --row)
        if (m_tasks.at(row).finished()) {
            beginRemoveRows({}, row, row);
            m_tasks.removeAt(row);
            endRemoveRows();
            --finished;
        }
    beginInsertRows({}, 0, 0);
    m_tasks.prepend(std::move(task));
    endInsertRows();
}

int TaskListModel::runningCount() const
{
    int n = 0;
    for (const auto &t : m_tasks)
        n += t.finished() ? 0 : 1;
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
    const Task &t = m_tasks.at(index.row());
    if (role == int(Role::Kind))
        return int(t.kind);
    if (role == int(Role::Finished))
        return t.finished();
    if (t.kind == Kind::Migration)
        return migrationData(t.migration, index.column(), role);
    return transitionData(t.transition, index.column(), role);
}

QVariant TaskListModel::migrationData(const proto::MigrationProgress &t, int column, int role) const
{
    const double fraction = t.memory_total_bytes() > 0 ? double(t.memory_processed_bytes()) / double(t.memory_total_bytes()) : -1;
    if (role == int(Role::Progress))
        return t.phase() == proto::MIGRATION_PHASE_COMPLETED ? 1.0 : fraction;
    if (role == int(Role::PartitionUuid))
        return qs(t.partition_uuid());
    if (role == Qt::ToolTipRole)
        return qs(t.message()).isEmpty() ? qs(t.estimate_note()) : qs(t.message());
    if (role != Qt::DisplayRole)
        return {};
    switch (Column(column)) {
    case Column::Task:
        return tr("Migrate %1 from %2 to %3").arg(qs(t.partition_name()), qs(t.source_host()), qs(t.target_host()));
    case Column::Phase:
        return StateStyle::name(t.phase());
    case Column::Progress:
        if (t.phase() == proto::MIGRATION_PHASE_COMPLETED)
            return tr("100 %");
        return fraction < 0 ? QString() : tr("%1 %").arg(int(fraction * 100));
    case Column::Elapsed:
        return elapsedText(t.elapsed_ms());
    case Column::Count:
        break;
    }
    return {};
}

QVariant TaskListModel::transitionData(const proto::PolicyTransitionProgress &t, int column, int role) const
{
    const int total = t.steps_size();
    if (role == int(Role::Progress))
        return total > 0 ? double(t.steps_done()) / double(total) : (t.finished() ? 1.0 : -1.0);
    if (role == int(Role::Domain))
        return qs(t.domain());
    if (role == Qt::ToolTipRole) {
        QStringList lines;
        for (const auto &s : t.steps())
            lines << qs(s);
        if (t.has_error() && !t.error().message().empty())
            lines << tr("First failure: %1").arg(qs(t.error().message()));
        return lines.join(QLatin1Char('\n'));
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (Column(column)) {
    case Column::Task:
        return t.policy_set().empty() ? tr("Calendar: %1 → no policy set").arg(qs(t.domain()))
                                      : tr("Calendar: %1 → %2").arg(qs(t.domain()), qs(t.policy_set()));
    case Column::Phase:
        if (!t.finished() && t.cancelled())
            return tr("Cancelling after: %1").arg(qs(t.current_step()));
        if (!t.finished())
            return qs(t.current_step());
        if (t.cancelled())
            return tr("Cancelled");
        if (t.has_error() && t.error().code() != proto::ERROR_NONE)
            return tr("Completed with errors");
        return tr("Completed");
    case Column::Progress:
        return tr("%1 of %2 steps").arg(t.steps_done()).arg(total);
    case Column::Elapsed:
        return elapsedText(t.elapsed_ms());
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
