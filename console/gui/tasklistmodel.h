#pragma once

#include "vdc.pb.h"

#include <QAbstractTableModel>
#include <QList>

namespace vdc::gui {

class StateStore;

// Running tasks, one row each, newest first: the migrations the engine
// reports (MigrationProgress deltas) and the calendar changes it carries out
// (PolicyTransitionProgress deltas), with phase or current step, progress and
// elapsed time. A finished task stays until newer ones push it out so its
// outcome can be read.
class TaskListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum class Column { Task, Phase, Progress, Elapsed, Count };
    enum class Role { Progress = Qt::UserRole + 1, PartitionUuid, Finished, Kind, Domain };
    enum class Kind { Migration, PolicyTransition };

    explicit TaskListModel(StateStore *store, QObject *parent = nullptr);

    void applyProgress(const proto::MigrationProgress &progress);
    void applyTransition(const proto::PolicyTransitionProgress &progress);
    Kind kind(int row) const { return m_tasks.at(row).kind; }
    // The row's last event (an empty message for the other kind).
    const proto::MigrationProgress &task(int row) const { return m_tasks.at(row).migration; }
    const proto::PolicyTransitionProgress &transition(int row) const { return m_tasks.at(row).transition; }
    int runningCount() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Task
    {
        Kind kind = Kind::Migration;
        proto::MigrationProgress migration;
        proto::PolicyTransitionProgress transition;
        bool finished() const;
    };
    void updateRow(int row);
    void prepend(Task task);
    QVariant migrationData(const proto::MigrationProgress &t, int column, int role) const;
    QVariant transitionData(const proto::PolicyTransitionProgress &t, int column, int role) const;

    QList<Task> m_tasks;
};

} // namespace vdc::gui
