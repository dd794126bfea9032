#pragma once

#include <QAbstractTableModel>

namespace vdc::gui {

class StateStore;

// The partitions of the StateStore as a table, row by row like the store.
class PartitionTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum class Column : int { Name, Domain, State, Host, Vcpus, Memory, Cores, LastError, Count };
    enum class Role : int {
        Sort = Qt::UserRole + 1, // numbers as numbers, for QSortFilterProxyModel
        Key,                     // the partition uuid
    };

    explicit PartitionTableModel(StateStore *store, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    StateStore *m_store;
};

} // namespace vdc::gui
