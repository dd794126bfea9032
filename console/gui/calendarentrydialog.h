#pragma once

#include "vdc.pb.h"

#include <QDateTime>
#include <QDialog>
#include <QStringList>

class QComboBox;
class QDateTimeEdit;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QStackedWidget;

namespace vdc::gui {

class ProblemLabel;
class RecurrenceEditor;

// Creates or edits one calendar entry of a domain: name, policy set (from the
// engine's list), start, how long (a duration or an end), time zone, priority
// and the repeat (RecurrenceEditor). Every change is checked at once with the
// same rules the engine uses (vdc::calendar::CalendarEntry::create); the
// reason shows next to the field at fault and OK stays disabled. OK does not
// close the dialog: it emits submitted(), and the caller closes it when the
// engine has taken the entry, or shows the engine's refusal with
// setEngineError().
class CalendarEntryDialog : public QDialog
{
    Q_OBJECT
public:
    // existingEntries: names already taken in the domain (refused for a new entry).
    CalendarEntryDialog(const QString &domain, const QStringList &policySets, const QStringList &existingEntries,
                        QWidget *parent = nullptr);

    // Edits `entry` (its name cannot change).
    void setEntry(const proto::CalendarEntry &entry);
    // A new entry starting at `wall` (date and time in wall's zone).
    void setStart(const QDateTime &wall);

    bool isEditing() const { return m_editing; }
    // The entry as the form says it.
    proto::CalendarEntry entry() const;
    // The first reason the form cannot be saved, or empty.
    QString problem() const;
    // "Every weekday at 08:00 until 31 Dec 2026".
    QString sentence() const;
    // The RRULE the entry stores ("" when it happens once).
    QString rule() const;

    // The engine refused the entry: say why and let the admin fix it.
    void setEngineError(const QString &message);
    // Sending: OK waits for the engine.
    void setBusy(bool busy);

signals:
    void submitted(const vdc::proto::CalendarEntry &entry);

private:
    struct Problems
    {
        QString name;
        QString policySet;
        QString timing;
        QString timeZone;
        QString recurrence;
        QString entry; // what the whole entry check says beyond the fields
        QString first() const;
    };
    Problems check() const;
    void validate();
    QString startText() const;
    QString timeZoneId() const;
    qint64 durationSeconds() const;

    QString m_domain;
    QStringList m_existing;
    bool m_editing = false;
    bool m_busy = false;
    QString m_engineError;

    QLineEdit *m_name;
    QLabel *m_nameProblem;
    QComboBox *m_policySet;
    QLabel *m_policySetProblem;
    QDateTimeEdit *m_start;
    QComboBox *m_lengthMode;
    QStackedWidget *m_lengthStack;
    QSpinBox *m_hours;
    QSpinBox *m_minutes;
    QDateTimeEdit *m_end;
    QLabel *m_timingProblem;
    QComboBox *m_timeZone;
    QLabel *m_timeZoneProblem;
    QSpinBox *m_priority;
    RecurrenceEditor *m_recurrence;
    QLabel *m_recurrenceProblem;
    QLabel *m_sentence;
    QLabel *m_rule;
    ProblemLabel *m_problem;
    QDialogButtonBox *m_buttons;
};

} // namespace vdc::gui
