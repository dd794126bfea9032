#pragma once

#include "vdc.pb.h"

#include <QDate>
#include <QDateTime>
#include <QPointer>
#include <QStringList>
#include <QTimeZone>
#include <QTimer>
#include <QWidget>

class QButtonGroup;
class QComboBox;
class QLabel;
class QPushButton;
class QStackedWidget;
class QToolButton;
class QTreeView;

namespace vdc::gui {

class BoundaryPreviewWidget;
class CalendarEntryDialog;
class CalendarEntryModel;
class CalendarMonthView;
class CalendarWeekView;
class OpsClient;
class StateStore;

// The policy calendar of one domain: a week or a month of its entries'
// occurrences (expanded with the engine's calendar library from the entries
// the engine lists), the list of entries, what is in force now and what the
// next boundary will change (the engine's PreviewCalendar). Entries are
// created, edited and deleted here (PutCalendarEntry, DeletePolicy); the
// engine audits every change.
class CalendarPanel : public QWidget
{
    Q_OBJECT
public:
    enum class Mode { Week, Month };
    Q_ENUM(Mode)

    CalendarPanel(OpsClient *client, StateStore *store, QWidget *parent = nullptr);

    QString domain() const;
    void setDomain(const QString &domain);
    Mode mode() const { return m_mode; }
    void setMode(Mode mode);
    // Shows the week or month holding `day`.
    void showDate(const QDate &day);
    QDate shownDate() const { return m_date; }
    void setDisplayTimeZone(const QTimeZone &zone);
    QTimeZone displayTimeZone() const { return m_zone; }

    CalendarWeekView *weekView() const { return m_week; }
    CalendarMonthView *monthView() const { return m_month; }
    CalendarEntryModel *entryModel() const { return m_model; }
    BoundaryPreviewWidget *boundaryPreview() const { return m_preview; }
    QStringList policySetNames() const { return m_policySets; }
    // The entry dialog while one is open.
    CalendarEntryDialog *entryDialog() const { return m_dialog; }

public slots:
    // Asks the engine for the domain's policy sets, entries and next boundary.
    void refresh();
    void showPrevious();
    void showNext();
    void showToday();
    // Opens the entry dialog for a new entry (starting at `wall` when valid).
    void newEntry(const QDateTime &wall = QDateTime());
    void editEntry(const QString &name);
    // Asks before deleting the entry.
    void confirmDelete(const QString &name);
    // Deletes without asking.
    void deleteEntry(const QString &name);

signals:
    void statusMessage(const QString &text, int timeoutMs);
    // The engine answered a refresh and the views show it.
    void refreshed();

private:
    void updateDomains();
    void updateViews();
    void updateRangeLabel();
    void updateButtons();
    void updateZones();
    void openDialog(CalendarEntryDialog *dialog);
    QString selectedEntry() const;
    void selectEntry(const QString &name);

    OpsClient *m_client;
    StateStore *m_store;
    Mode m_mode = Mode::Week;
    QDate m_date;
    QTimeZone m_zone;
    QStringList m_policySets;
    QString m_defaultPolicySet;
    proto::CalendarStatus m_status;
    quint64 m_generation = 0;
    QPointer<CalendarEntryDialog> m_dialog;

    QComboBox *m_domain;
    QToolButton *m_previous;
    QToolButton *m_next;
    QPushButton *m_today;
    QLabel *m_range;
    QToolButton *m_weekButton;
    QToolButton *m_monthButton;
    QComboBox *m_zoneCombo;
    QPushButton *m_new;
    QPushButton *m_edit;
    QPushButton *m_delete;
    QStackedWidget *m_stack;
    CalendarWeekView *m_week;
    CalendarMonthView *m_month;
    CalendarEntryModel *m_model;
    QTreeView *m_entries;
    QLabel *m_inForce;
    BoundaryPreviewWidget *m_preview;
    QLabel *m_statusLine;
    QTimer m_refreshTimer;
    QTimer m_nowTimer;
};

} // namespace vdc::gui
