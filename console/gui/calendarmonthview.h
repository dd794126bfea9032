#pragma once

#include "calendar/occurrence.h"

#include <QDate>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QRectF>
#include <QTimeZone>
#include <QWidget>

namespace vdc::gui {

// One month of a policy calendar: six weeks of days (Monday first), each
// listing the occurrences that begin on it (and those covering it whole), in
// the time zone the view shows. Double-clicking an item asks to edit its
// entry, double-clicking a day's free space asks for a new entry on that day.
class CalendarMonthView : public QWidget
{
    Q_OBJECT
public:
    struct Item
    {
        QString entry;
        QString policySet;
        QDate day;
        QString text;   // "08:00 business-hours", "all day night" for a day it covers whole
        QRectF rect;    // empty when the day has no room left for it
    };

    explicit CalendarMonthView(QWidget *parent = nullptr);

    // Shows the month that holds `day`.
    void setMonth(const QDate &day);
    QDate month() const { return m_month; }
    QDate firstDayShown() const;
    void setTimeZone(const QTimeZone &zone);
    QTimeZone timeZone() const { return m_zone; }
    QDateTime firstInstant() const;
    QDateTime lastInstant() const;

    void setOccurrences(const QList<calendar::Occurrence> &occurrences);
    void setSelectedEntry(const QString &entry);
    void setToday(const QDate &today);

    const QList<Item> &items() const { return m_items; }
    // The texts listed on `day`, in order.
    QStringList itemTexts(const QDate &day) const;
    QRectF dayRect(const QDate &day) const;
    QString entryAt(const QPoint &pos) const;
    QDate dayAt(const QPoint &pos) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void entryClicked(const QString &entry);
    void entryActivated(const QString &entry);
    // A day's free space double-clicked: that day at 08:00 in the view's zone.
    void emptySlotActivated(const QDateTime &wallTime);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;

private:
    void layoutItems();
    QRectF gridRect() const;
    double lineHeight() const;

    QDate m_month;
    QTimeZone m_zone;
    QDate m_today;
    QList<calendar::Occurrence> m_occurrences;
    QList<Item> m_items;
    QHash<QDate, int> m_hidden; // items that did not fit, by day
    QString m_selected;
};

} // namespace vdc::gui
