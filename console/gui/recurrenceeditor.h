#pragma once

#include <QDate>
#include <QList>
#include <QTime>
#include <QTimeZone>
#include <QWidget>

class QComboBox;
class QDateEdit;
class QLabel;
class QRadioButton;
class QSpinBox;
class QStackedWidget;
class QToolButton;

namespace vdc::gui {

// The repeat of a calendar entry the way a person says it: once, every N
// days, every N weeks on chosen weekdays, every N months on day D or on the
// Nth weekday, every N years; ending never, on a date or after a number of
// times. Turns the choices into an RRULE with vdc::calendar (libical checks
// it) and reads rules back; a rule it cannot show as choices is kept as
// written and shown as text.
class RecurrenceEditor : public QWidget
{
    Q_OBJECT
public:
    enum class Repeat { Once, Daily, Weekly, Monthly, Yearly };
    Q_ENUM(Repeat)
    enum class MonthlyBy { DayOfMonth, NthWeekday };

    explicit RecurrenceEditor(QWidget *parent = nullptr);

    // The entry's first start: the time of day of every repetition, the
    // zone an end date is counted in, and the defaults offered (its weekday,
    // its day of the month).
    void setStart(const QDate &date, const QTime &time, const QTimeZone &zone);

    // Loads an RRULE value ("" = once). Returns false when the rule uses
    // parts the choices cannot show; it is then kept unchanged.
    bool setRule(const QString &rule);

    // The RRULE value for the choices ("" = once), or "" with problem() set.
    QString rule() const;
    // Why the choices cannot be saved, as a sentence; empty when they can.
    QString problem() const;
    // "Every weekday at 08:00 until 31 Dec 2026".
    QString sentence() const;

    Repeat repeat() const;
    void setRepeat(Repeat repeat);
    void setWeekdays(const QList<Qt::DayOfWeek> &days);

signals:
    void changed();

private:
    struct Built
    {
        QString rule;
        QString sentence;
        QString problem;
    };
    Built build() const;
    void updateVisibility();
    void emitChanged();

    QDate m_startDate;
    QTime m_startTime;
    QTimeZone m_zone;
    QString m_customRule; // a rule the choices cannot show, kept as written

    QComboBox *m_repeat;
    QSpinBox *m_interval;
    QLabel *m_intervalUnit;
    QWidget *m_intervalRow;
    QWidget *m_weekdayRow;
    QList<QToolButton *> m_weekdays;
    QWidget *m_monthlyRow;
    QRadioButton *m_byDay;
    QRadioButton *m_byWeekday;
    QSpinBox *m_monthDay;
    QComboBox *m_ordinal;
    QComboBox *m_ordinalWeekday;
    QWidget *m_endRow;
    QComboBox *m_ends;
    QDateEdit *m_until;
    QSpinBox *m_count;
    QLabel *m_custom;
    bool m_loading = false;
};

} // namespace vdc::gui
