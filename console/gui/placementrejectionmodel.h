#pragma once

#include "vdc.pb.h"

#include <QAbstractTableModel>
#include <QList>
#include <QString>

namespace vdc::gui {

// The hosts placement turned down and why, one row per host (and partition,
// for batches), from an OpsReply: its rejections and those of its plan's
// decisions, each once. The reason is shown without the host name the engine
// puts in front of it, since the host has a column of its own.
class PlacementRejectionModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum class Column { Host, Reason, Partition, Count };

    explicit PlacementRejectionModel(QObject *parent = nullptr);

    void setReply(const proto::OpsReply &reply);
    void setRejections(const QList<proto::PlacementRejection> &rejections);
    // True when the rows are about more than one partition (a batch); the
    // view hides the partition column otherwise.
    bool hasPartitions() const { return m_hasPartitions; }
    // The engine's reason without a leading "<host>: ".
    static QString reasonWithoutHost(const proto::PlacementRejection &rejection);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<proto::PlacementRejection> m_rows;
    bool m_hasPartitions = false;
};

} // namespace vdc::gui
