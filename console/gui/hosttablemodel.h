#pragma once

#include <QAbstractTableModel>
#include <QTimer>

namespace vdc::gui {

class StateStore;

// The hosts of the StateStore as a table. Rows follow the store one by one
// (insert, change, remove), never with a reset.
class HostTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum class Column : int { Name, State, Zone, Cores, Memory, Partitions, Heartbeat, Count };
    enum class Role : int {
        Sort = Qt::UserRole + 1, // numbers as numbers, for QSortFilterProxyModel
        Key,                     // the host name
        Usage,                   // cores and memory columns: fraction in use, 0..1
    };

    explicit HostTableModel(StateStore *store, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    void refreshHeartbeatAges();

    StateStore *m_store;
    QTimer m_ageTimer; // "last heartbeat" ages move on without any delta
};

} // namespace vdc::gui
