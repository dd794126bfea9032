#pragma once

#include "calendar/occurrence.h"

#include <QDate>
#include <QDateTime>
#include <QList>
#include <QRectF>
#include <QTimeZone>
#include <QWidget>

namespace vdc::gui {

// One week of a policy calendar: seven day columns (Monday first) by 24
// hours, every occurrence a block from its start to its end in the time zone
// the view shows. Occurrences that cross midnight are drawn in both days;
// overlapping ones share the day's width. Double-clicking a block asks to
// edit its entry, double-clicking empty time asks for a new entry there.
class CalendarWeekView : public QWidget
{
    Q_OBJECT
public:
    // A piece of an occurrence inside one day, as laid out.
    struct Block
    {
        QString entry;
        QString policySet;
        QDate day;          // in the view's time zone
        int fromMinute = 0; // minutes after midnight, 0..1440
        int toMinute = 0;
        bool continuesBefore = false; // the occurrence began on an earlier day
        bool continuesAfter = false;
        QDateTime start;    // the whole occurrence, UTC
        QDateTime end;
        QRectF rect;
    };

    explicit CalendarWeekView(QWidget *parent = nullptr);

    // Shows the week (Monday to Sunday) that holds `day`.
    void setWeek(const QDate &day);
    QDate weekStart() const { return m_weekStart; }
    void setTimeZone(const QTimeZone &zone);
    QTimeZone timeZone() const { return m_zone; }
    // The instants of the week shown, UTC: [first, last).
    QDateTime firstInstant() const;
    QDateTime lastInstant() const;

    void setOccurrences(const QList<calendar::Occurrence> &occurrences);
    void setSelectedEntry(const QString &entry);
    void setNow(const QDateTime &utc);

    const QList<Block> &blocks() const { return m_blocks; }
    // Where the view draws `time` of `day` (the middle of the minute).
    QPoint pointAt(const QDate &day, const QTime &time) const;
    // The entry drawn at `pos`, if any.
    QString entryAt(const QPoint &pos) const;
    // The wall time (view's zone) at `pos`, rounded down to the half hour;
    // invalid outside the grid.
    QDateTime wallTimeAt(const QPoint &pos) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void entryClicked(const QString &entry);
    void entryActivated(const QString &entry);
    // Empty time double-clicked: its date and time in the view's zone.
    void emptySlotActivated(const QDateTime &wallTime);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    bool event(QEvent *event) override;

private:
    void layoutBlocks();
    QRectF gridRect() const;
    double hourHeight() const;
    double dayWidth() const;

    QDate m_weekStart;
    QTimeZone m_zone;
    QList<calendar::Occurrence> m_occurrences;
    QList<Block> m_blocks;
    QString m_selected;
    QDateTime m_now;
};

} // namespace vdc::gui
