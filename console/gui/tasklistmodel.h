#pragma once

#include "vdc.pb.h"

#include <QAbstractTableModel>
#include <QList>

namespace vdc::gui {

class StateStore;

// Running tasks: the migrations the engine reports (MigrationProgress
// deltas), one row each, with phase and progress; a finished one stays
// until the next one starts so its outcome can be read.
class TaskListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum class Column { Task, Phase, Progress, Elapsed, Count };
    enum class Role { Progress = Qt::UserRole + 1, PartitionUuid, Finished };

    explicit TaskListModel(StateStore *store, QObject *parent = nullptr);

    void applyProgress(const proto::MigrationProgress &progress);
    const proto::MigrationProgress &task(int row) const { return m_tasks.at(row); }
    int runningCount() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<proto::MigrationProgress> m_tasks;
};

} // namespace vdc::gui
