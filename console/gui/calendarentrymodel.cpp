#include "calendarentrymodel.h"

#include "recurrencephrase.h"

#include "calendaroccurrences.h"
#include "calendarpalette.h"

#include <algorithm>

namespace vdc::gui {

namespace {
QString str(const std::string &s) { return QString::fromStdString(s); }
} // namespace

CalendarEntryModel::CalendarEntryModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void CalendarEntryModel::setEntries(QList<proto::CalendarEntry> entries)
{
    std::sort(entries.begin(), entries.end(), [](const auto &a, const auto &b) { return a.name() < b.name(); });
    // Same names in the same order: change the rows in place.
    bool sameRows = entries.size() == m_entries.size();
    for (qsizetype i = 0; sameRows && i < entries.size(); ++i)
        sameRows = entries[i].name() == m_entries[i].name();
    if (sameRows) {
        for (qsizetype i = 0; i < entries.size(); ++i) {
            if (entries[i].SerializeAsString() == m_entries[i].SerializeAsString())
                continue;
            m_entries[i] = entries[i];
            m_schedules[i] = schedule(entries[i]);
            emit dataChanged(index(int(i), 0), index(int(i), int(Column::Count) - 1));
        }
        return;
    }
    beginResetModel();
    m_entries = std::move(entries);
    m_schedules.clear();
    for (const auto &e : std::as_const(m_entries))
        m_schedules << schedule(e);
    endResetModel();
}

QString CalendarEntryModel::schedule(const proto::CalendarEntry &e)
{
    const auto entry = CalendarOccurrences::toCalendarEntry(e);
    if (!entry)
        return entry.error().message();
    const qint64 minutes = entry->durationSeconds() / 60;
    const QString length = minutes % 60 == 0 ? tr("%1 h").arg(minutes / 60)
        : minutes < 60                       ? tr("%1 min").arg(minutes)
                                             : tr("%1 h %2 min").arg(minutes / 60).arg(minutes % 60);
    if (!entry->recurrence())
        return tr("Once, %1 %2, for %3")
            .arg(entry->startDate().toString(Qt::ISODate), entry->startTime().toString(QStringLiteral("HH:mm")), length);
    const QString rule =
        RecurrencePhrase::describe(*entry->recurrence(), entry->startDate(), entry->startTime(), entry->timeZone());
    return tr("%1, for %2").arg(rule, length);
}

const proto::CalendarEntry *CalendarEntryModel::entry(const QString &name) const
{
    const int row = rowOf(name);
    return row < 0 ? nullptr : &m_entries[row];
}

int CalendarEntryModel::rowOf(const QString &name) const
{
    const std::string key = name.toStdString();
    for (qsizetype i = 0; i < m_entries.size(); ++i)
        if (m_entries[i].name() == key)
            return int(i);
    return -1;
}

int CalendarEntryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int CalendarEntryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(Column::Count);
}

QVariant CalendarEntryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const proto::CalendarEntry &e = m_entries[index.row()];
    const auto column = Column(index.column());
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case Column::Name: return str(e.name());
        case Column::PolicySet: return str(e.policy_set());
        case Column::Schedule: return m_schedules.value(index.row());
        case Column::TimeZone: return str(e.time_zone());
        case Column::Priority: return e.priority();
        case Column::Count: break;
        }
        break;
    case Qt::ToolTipRole:
        return str(e.description());
    case Qt::DecorationRole:
        if (column == Column::PolicySet)
            return CalendarPalette::swatch(str(e.policy_set()));
        break;
    case Qt::TextAlignmentRole:
        if (column == Column::Priority)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case kEntryNameRole:
        return str(e.name());
    default:
        break;
    }
    return {};
}

QVariant CalendarEntryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case Column::Name: return tr("Entry");
    case Column::PolicySet: return tr("Policy set");
    case Column::Schedule: return tr("Schedule");
    case Column::TimeZone: return tr("Time zone");
    case Column::Priority: return tr("Priority");
    case Column::Count: break;
    }
    return {};
}

} // namespace vdc::gui
