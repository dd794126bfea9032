#pragma once

#include "vdc.pb.h"

#include <QAbstractTableModel>
#include <QList>
#include <QStringList>

namespace vdc::gui {

// The calendar entries of one domain as the engine lists them
// (ListPolicies), one row each, ordered by name. Refills keep rows that did
// not change, so a selection survives a refresh.
class CalendarEntryModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum class Column { Name, PolicySet, Schedule, TimeZone, Priority, Count };
    static constexpr int kEntryNameRole = Qt::UserRole + 1;

    explicit CalendarEntryModel(QObject *parent = nullptr);

    void setEntries(QList<proto::CalendarEntry> entries);
    const QList<proto::CalendarEntry> &entries() const { return m_entries; }
    const proto::CalendarEntry *entry(const QString &name) const;
    int rowOf(const QString &name) const;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    // "Every weekday at 08:00, for 10 h": the Schedule column of an entry.
    static QString schedule(const proto::CalendarEntry &entry);

    QList<proto::CalendarEntry> m_entries;
    QStringList m_schedules;
};

} // namespace vdc::gui
