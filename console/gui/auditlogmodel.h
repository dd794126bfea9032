#pragma once

#include "vdc.pb.h"

#include <QAbstractTableModel>
#include <QList>

namespace vdc::gui {

// The engine's audit records (newest first), as a query returned them.
class AuditLogModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum class Column { Time, User, Action, Object, Result, Message, Count };

    explicit AuditLogModel(QObject *parent = nullptr);

    void setRecords(const QList<proto::AuditRecord> &records);
    const proto::AuditRecord &record(int row) const { return m_records.at(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<proto::AuditRecord> m_records;
};

} // namespace vdc::gui
