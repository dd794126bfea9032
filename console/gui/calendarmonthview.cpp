#include "calendarmonthview.h"

#include "calendarpalette.h"

#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace vdc::gui {

namespace {
constexpr double kHeaderHeight = 26;
constexpr int kWeeks = 6;
} // namespace

CalendarMonthView::CalendarMonthView(QWidget *parent)
    : QWidget(parent)
    , m_zone(QTimeZone::systemTimeZone())
    , m_today(QDate::currentDate())
{
    setObjectName(QStringLiteral("calendarMonthView"));
    setFocusPolicy(Qt::StrongFocus);
    setBackgroundRole(QPalette::Base);
    setAutoFillBackground(true);
    setMonth(QDate::currentDate());
}

void CalendarMonthView::setMonth(const QDate &day)
{
    const QDate first(day.year(), day.month(), 1);
    if (first == m_month)
        return;
    m_month = first;
    layoutItems();
}

QDate CalendarMonthView::firstDayShown() const
{
    return m_month.addDays(1 - m_month.dayOfWeek());
}

void CalendarMonthView::setTimeZone(const QTimeZone &zone)
{
    m_zone = zone.isValid() ? zone : QTimeZone::utc();
    layoutItems();
}

QDateTime CalendarMonthView::firstInstant() const
{
    return QDateTime(firstDayShown(), QTime(0, 0), m_zone).toUTC();
}

QDateTime CalendarMonthView::lastInstant() const
{
    return QDateTime(firstDayShown().addDays(7 * kWeeks), QTime(0, 0), m_zone).toUTC();
}

void CalendarMonthView::setOccurrences(const QList<calendar::Occurrence> &occurrences)
{
    m_occurrences = occurrences;
    layoutItems();
}

void CalendarMonthView::setSelectedEntry(const QString &entry)
{
    if (m_selected == entry)
        return;
    m_selected = entry;
    update();
}

void CalendarMonthView::setToday(const QDate &today)
{
    if (m_today == today)
        return;
    m_today = today;
    update();
}

QRectF CalendarMonthView::gridRect() const
{
    return QRectF(0, kHeaderHeight, width() - 1, height() - kHeaderHeight - 1);
}

double CalendarMonthView::lineHeight() const
{
    return QFontMetricsF(font()).height() + 3;
}

QRectF CalendarMonthView::dayRect(const QDate &day) const
{
    const qint64 index = firstDayShown().daysTo(day);
    if (index < 0 || index >= 7 * kWeeks)
        return {};
    const QRectF grid = gridRect();
    const double w = grid.width() / 7.0;
    const double h = grid.height() / kWeeks;
    return QRectF(grid.left() + double(index % 7) * w, grid.top() + double(index / 7) * h, w, h);
}

QSize CalendarMonthView::sizeHint() const
{
    return QSize(7 * 130, int(kHeaderHeight + kWeeks * 96));
}

QSize CalendarMonthView::minimumSizeHint() const
{
    return QSize(7 * 60, int(kHeaderHeight + kWeeks * 48));
}

void CalendarMonthView::layoutItems()
{
    m_items.clear();
    m_hidden.clear();
    const double lineH = lineHeight();
    for (int i = 0; i < 7 * kWeeks; ++i) {
        const QDate day = firstDayShown().addDays(i);
        const QDateTime dayBegin(day, QTime(0, 0), m_zone);
        const QDateTime dayEnd(day.addDays(1), QTime(0, 0), m_zone);
        const QRectF cell = dayRect(day);
        QList<Item> dayItems;
        for (const calendar::Occurrence &o : std::as_const(m_occurrences)) {
            const QDateTime start = o.start.toTimeZone(m_zone);
            const QDateTime end = o.end.toTimeZone(m_zone);
            if (end <= dayBegin || start >= dayEnd)
                continue;
            // An occurrence is listed on the day it begins; one that began
            // before the days shown, or covers a day whole, also where it runs.
            const bool begins = start >= dayBegin;
            const bool wholeDay = start <= dayBegin && end >= dayEnd;
            const bool beganBeforeGrid = start < firstInstant() && i == 0;
            if (!begins && !wholeDay && !beganBeforeGrid)
                continue;
            Item item;
            item.entry = o.entry;
            item.policySet = o.policySet;
            item.day = day;
            if (start >= dayBegin)
                item.text = tr("%1 %2").arg(start.time().toString(QStringLiteral("HH:mm")), o.entry);
            else if (end >= dayEnd)
                item.text = tr("all day %1").arg(o.entry);
            else
                item.text = tr("until %1 %2").arg(end.time().toString(QStringLiteral("HH:mm")), o.entry);
            dayItems << item;
        }
        // Room below the day number; the last line says how many more there are.
        const double top = cell.top() + lineH + 4;
        const int room = std::max(0, int((cell.bottom() - top - 2) / lineH));
        const int shown = dayItems.size() <= room ? int(dayItems.size()) : std::max(0, room - 1);
        for (int k = 0; k < dayItems.size(); ++k) {
            if (k < shown)
                dayItems[k].rect = QRectF(cell.left() + 3, top + k * lineH, cell.width() - 6, lineH - 2);
        }
        if (shown < dayItems.size())
            m_hidden.insert(day, int(dayItems.size()) - shown);
        m_items << dayItems;
    }
    update();
}

QStringList CalendarMonthView::itemTexts(const QDate &day) const
{
    QStringList texts;
    for (const Item &item : m_items)
        if (item.day == day)
            texts << item.text;
    return texts;
}

QString CalendarMonthView::entryAt(const QPoint &pos) const
{
    for (const Item &item : m_items)
        if (!item.rect.isEmpty() && item.rect.contains(pos))
            return item.entry;
    return {};
}

QDate CalendarMonthView::dayAt(const QPoint &pos) const
{
    const QRectF grid = gridRect();
    if (!grid.contains(pos))
        return {};
    const int col = std::clamp(int((pos.x() - grid.left()) / (grid.width() / 7.0)), 0, 6);
    const int row = std::clamp(int((pos.y() - grid.top()) / (grid.height() / kWeeks)), 0, kWeeks - 1);
    return firstDayShown().addDays(row * 7 + col);
}

void CalendarMonthView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    layoutItems();
}

void CalendarMonthView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton) {
        const QString entry = entryAt(event->position().toPoint());
        setSelectedEntry(entry);
        emit entryClicked(entry);
    }
    QWidget::mousePressEvent(event);
}

void CalendarMonthView::mouseDoubleClickEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return QWidget::mouseDoubleClickEvent(event);
    const QPoint pos = event->position().toPoint();
    const QString entry = entryAt(pos);
    if (!entry.isEmpty()) {
        emit entryActivated(entry);
        return;
    }
    const QDate day = dayAt(pos);
    if (day.isValid())
        emit emptySlotActivated(QDateTime(day, QTime(8, 0), m_zone));
}

void CalendarMonthView::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    const QLocale locale;
    const QColor line = pal.color(QPalette::Mid);
    const QColor accent = pal.color(QPalette::Highlight);
    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.85);
    QFont bold = font();
    bold.setBold(true);

    const QRectF grid = gridRect();
    const double w = grid.width() / 7.0;
    p.setFont(small);
    p.setPen(pal.color(QPalette::PlaceholderText));
    for (int d = 0; d < 7; ++d)
        p.drawText(QRectF(d * w, 0, w, kHeaderHeight), Qt::AlignCenter,
                   locale.dayName(d + 1, QLocale::ShortFormat).toUpper());

    for (int i = 0; i < 7 * kWeeks; ++i) {
        const QDate day = firstDayShown().addDays(i);
        const QRectF cell = dayRect(day);
        const bool inMonth = day.month() == m_month.month();
        if (!inMonth)
            p.fillRect(cell, pal.color(QPalette::AlternateBase));
        else if (day.dayOfWeek() >= Qt::Saturday) {
            QColor weekend = pal.color(QPalette::AlternateBase);
            weekend.setAlpha(110);
            p.fillRect(cell, weekend);
        }
        p.setPen(QPen(line, 1));
        p.setBrush(Qt::NoBrush);
        p.drawRect(cell);
        const QRectF numberRect(cell.left() + 4, cell.top() + 2, cell.width() - 8, lineHeight());
        const QString number = day.day() == 1 ? locale.toString(day, QStringLiteral("d MMM")) : QString::number(day.day());
        p.setFont(bold);
        if (day == m_today) {
            const QFontMetricsF fm(bold);
            const QRectF pill(numberRect.left() - 2, numberRect.top() + 1, fm.horizontalAdvance(number) + 12,
                              numberRect.height() - 2);
            p.setPen(Qt::NoPen);
            p.setBrush(accent);
            p.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2);
            p.setPen(pal.color(QPalette::HighlightedText));
            p.drawText(pill, Qt::AlignCenter, number);
        } else {
            p.setPen(inMonth ? pal.color(QPalette::Text) : pal.color(QPalette::PlaceholderText));
            p.drawText(numberRect, Qt::AlignLeft | Qt::AlignVCenter, number);
        }
        if (const int hidden = m_hidden.value(day); hidden > 0) {
            p.setFont(small);
            p.setPen(pal.color(QPalette::PlaceholderText));
            p.drawText(QRectF(cell.left() + 6, cell.bottom() - lineHeight() - 1, cell.width() - 10, lineHeight()),
                       Qt::AlignLeft | Qt::AlignVCenter, tr("%n more", nullptr, hidden));
        }
    }

    p.setFont(small);
    const QFontMetricsF fm(small);
    for (const Item &item : std::as_const(m_items)) {
        if (item.rect.isEmpty())
            continue;
        const bool selected = !m_selected.isEmpty() && item.entry == m_selected;
        QColor fill = CalendarPalette::color(item.policySet);
        fill.setAlpha(selected ? 255 : 200);
        const QColor ink = CalendarPalette::ink(item.policySet);
        QPainterPath path;
        path.addRoundedRect(item.rect, 3, 3);
        p.fillPath(path, fill);
        if (selected) {
            p.setBrush(Qt::NoBrush);
            p.setPen(QPen(accent, 2));
            p.drawPath(path);
        }
        p.fillRect(QRectF(item.rect.left(), item.rect.top(), 3, item.rect.height()), ink);
        p.setPen(ink);
        const QRectF text = item.rect.adjusted(6, 0, -2, 0);
        p.drawText(text, Qt::AlignLeft | Qt::AlignVCenter, fm.elidedText(item.text, Qt::ElideRight, text.width()));
    }
}

} // namespace vdc::gui
