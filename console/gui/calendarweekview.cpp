#include "calendarweekview.h"

#include "calendarpalette.h"

#include <QHelpEvent>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace vdc::gui {

namespace {
constexpr double kHeaderHeight = 44;
constexpr double kGutterWidth = 54;
constexpr double kMinHourHeight = 15;
constexpr int kMinutesPerDay = 24 * 60;

QString minuteText(int minute)
{
    return QStringLiteral("%1:%2").arg(minute / 60, 2, 10, QLatin1Char('0')).arg(minute % 60, 2, 10, QLatin1Char('0'));
}
} // namespace

CalendarWeekView::CalendarWeekView(QWidget *parent)
    : QWidget(parent)
    , m_zone(QTimeZone::systemTimeZone())
    , m_now(QDateTime::currentDateTimeUtc())
{
    setObjectName(QStringLiteral("calendarWeekView"));
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setBackgroundRole(QPalette::Base);
    setAutoFillBackground(true);
    setWeek(QDate::currentDate());
}

void CalendarWeekView::setWeek(const QDate &day)
{
    const QDate monday = day.addDays(1 - day.dayOfWeek());
    if (monday == m_weekStart)
        return;
    m_weekStart = monday;
    layoutBlocks();
}

void CalendarWeekView::setTimeZone(const QTimeZone &zone)
{
    m_zone = zone.isValid() ? zone : QTimeZone::utc();
    layoutBlocks();
}

QDateTime CalendarWeekView::firstInstant() const
{
    return QDateTime(m_weekStart, QTime(0, 0), m_zone).toUTC();
}

QDateTime CalendarWeekView::lastInstant() const
{
    return QDateTime(m_weekStart.addDays(7), QTime(0, 0), m_zone).toUTC();
}

void CalendarWeekView::setOccurrences(const QList<calendar::Occurrence> &occurrences)
{
    m_occurrences = occurrences;
    layoutBlocks();
}

void CalendarWeekView::setSelectedEntry(const QString &entry)
{
    if (m_selected == entry)
        return;
    m_selected = entry;
    update();
}

void CalendarWeekView::setNow(const QDateTime &utc)
{
    m_now = utc;
    update();
}

QRectF CalendarWeekView::gridRect() const
{
    return QRectF(kGutterWidth, kHeaderHeight, std::max(1.0, width() - kGutterWidth - 1.0), 24 * hourHeight());
}

double CalendarWeekView::hourHeight() const
{
    return std::max(kMinHourHeight, std::floor((height() - kHeaderHeight - 2) / 24.0));
}

double CalendarWeekView::dayWidth() const
{
    return gridRect().width() / 7.0;
}

QSize CalendarWeekView::sizeHint() const
{
    return QSize(int(kGutterWidth + 7 * 130), int(kHeaderHeight + 24 * 24 + 2));
}

QSize CalendarWeekView::minimumSizeHint() const
{
    return QSize(int(kGutterWidth + 7 * 60), int(kHeaderHeight + 24 * kMinHourHeight + 2));
}

void CalendarWeekView::layoutBlocks()
{
    m_blocks.clear();
    const QRectF grid = gridRect();
    const double dayW = dayWidth();
    const double hourH = hourHeight();
    for (int d = 0; d < 7; ++d) {
        const QDate day = m_weekStart.addDays(d);
        const QDateTime dayBegin(day, QTime(0, 0), m_zone);
        const QDateTime dayEnd(day.addDays(1), QTime(0, 0), m_zone);
        QList<Block> dayBlocks;
        for (const calendar::Occurrence &o : std::as_const(m_occurrences)) {
            const QDateTime start = o.start.toTimeZone(m_zone);
            const QDateTime end = o.end.toTimeZone(m_zone);
            if (end <= dayBegin || start >= dayEnd)
                continue;
            Block b;
            b.entry = o.entry;
            b.policySet = o.policySet;
            b.day = day;
            b.start = o.start;
            b.end = o.end;
            b.continuesBefore = start < dayBegin;
            b.continuesAfter = end > dayEnd;
            b.fromMinute = b.continuesBefore ? 0 : start.time().hour() * 60 + start.time().minute();
            b.toMinute = b.continuesAfter || end == dayEnd ? kMinutesPerDay : end.time().hour() * 60 + end.time().minute();
            // Keep very short occurrences visible.
            b.toMinute = std::max(b.toMinute, std::min(kMinutesPerDay, b.fromMinute + 15));
            dayBlocks << b;
        }
        std::stable_sort(dayBlocks.begin(), dayBlocks.end(),
                         [](const Block &a, const Block &b) { return a.fromMinute < b.fromMinute; });
        // Overlapping blocks form a cluster; each takes the first free lane
        // and the cluster's lanes share the day's width.
        qsizetype clusterBegin = 0;
        while (clusterBegin < dayBlocks.size()) {
            QList<int> laneEnds;
            QList<int> lanes;
            qsizetype i = clusterBegin;
            int clusterEnd = -1;
            for (; i < dayBlocks.size(); ++i) {
                const Block &b = dayBlocks[i];
                if (i > clusterBegin && b.fromMinute >= clusterEnd)
                    break;
                clusterEnd = std::max(clusterEnd, b.toMinute);
                int lane = 0;
                while (lane < laneEnds.size() && laneEnds[lane] > b.fromMinute)
                    ++lane;
                if (lane == laneEnds.size())
                    laneEnds << b.toMinute;
                else
                    laneEnds[lane] = b.toMinute;
                lanes << lane;
            }
            const double laneW = (dayW - 6) / double(laneEnds.size());
            for (qsizetype k = clusterBegin; k < i; ++k) {
                Block &b = dayBlocks[k];
                const double x = grid.left() + d * dayW + 2 + lanes[k - clusterBegin] * laneW;
                const double y = grid.top() + b.fromMinute * hourH / 60.0;
                const double h = (b.toMinute - b.fromMinute) * hourH / 60.0;
                b.rect = QRectF(x, y + 1, laneW - 2, std::max(4.0, h - 2));
            }
            clusterBegin = i;
        }
        m_blocks << dayBlocks;
    }
    update();
}

QPoint CalendarWeekView::pointAt(const QDate &day, const QTime &time) const
{
    const qint64 d = m_weekStart.daysTo(day);
    const QRectF grid = gridRect();
    const double minute = time.hour() * 60 + time.minute() + 0.5;
    return QPointF(grid.left() + (double(d) + 0.5) * dayWidth(), grid.top() + minute * hourHeight() / 60.0).toPoint();
}

QString CalendarWeekView::entryAt(const QPoint &pos) const
{
    // The last drawn is on top.
    for (auto it = m_blocks.crbegin(); it != m_blocks.crend(); ++it)
        if (it->rect.contains(pos))
            return it->entry;
    return {};
}

QDateTime CalendarWeekView::wallTimeAt(const QPoint &pos) const
{
    const QRectF grid = gridRect();
    if (!grid.contains(pos))
        return {};
    const int d = std::clamp(int((pos.x() - grid.left()) / dayWidth()), 0, 6);
    const int minute = int((pos.y() - grid.top()) * 60.0 / hourHeight());
    const int rounded = std::clamp(minute - minute % 30, 0, kMinutesPerDay - 30);
    return QDateTime(m_weekStart.addDays(d), QTime(rounded / 60, rounded % 60), m_zone);
}

void CalendarWeekView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    layoutBlocks();
}

void CalendarWeekView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton) {
        const QString entry = entryAt(event->position().toPoint());
        setSelectedEntry(entry);
        emit entryClicked(entry);
    }
    QWidget::mousePressEvent(event);
}

void CalendarWeekView::mouseDoubleClickEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return QWidget::mouseDoubleClickEvent(event);
    const QPoint pos = event->position().toPoint();
    const QString entry = entryAt(pos);
    if (!entry.isEmpty()) {
        emit entryActivated(entry);
        return;
    }
    const QDateTime wall = wallTimeAt(pos);
    if (wall.isValid())
        emit emptySlotActivated(wall);
}

bool CalendarWeekView::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        for (auto it = m_blocks.crbegin(); it != m_blocks.crend(); ++it) {
            if (!it->rect.contains(help->pos()))
                continue;
            const QLocale locale;
            const QDateTime s = it->start.toTimeZone(m_zone);
            const QDateTime e = it->end.toTimeZone(m_zone);
            QToolTip::showText(help->globalPos(),
                               tr("Entry %1: policy set %2\nfrom %3\nuntil %4")
                                   .arg(it->entry, it->policySet, locale.toString(s, QLocale::ShortFormat),
                                        locale.toString(e, QLocale::ShortFormat)),
                               this);
            return true;
        }
        QToolTip::hideText();
        event->ignore();
        return true;
    }
    return QWidget::event(event);
}

void CalendarWeekView::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    const QRectF grid = gridRect();
    const double dayW = dayWidth();
    const double hourH = hourHeight();
    const QColor line = pal.color(QPalette::Mid);
    QColor faint = line;
    faint.setAlpha(70);
    QColor hourLine = line;
    hourLine.setAlpha(140);
    const QColor accent = pal.color(QPalette::Highlight);
    const QDate today = m_now.toTimeZone(m_zone).date();
    const QLocale locale;

    // Weekends and today stand out a little.
    for (int d = 0; d < 7; ++d) {
        const QDate day = m_weekStart.addDays(d);
        const QRectF column(grid.left() + d * dayW, grid.top(), dayW, grid.height());
        if (day == today) {
            QColor tint = accent;
            tint.setAlpha(22);
            p.fillRect(column, tint);
        } else if (day.dayOfWeek() >= Qt::Saturday) {
            p.fillRect(column, pal.color(QPalette::AlternateBase));
        }
    }

    // Hour lines and labels.
    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.85);
    p.setFont(small);
    for (int h = 0; h <= 24; ++h) {
        const double y = grid.top() + h * hourH;
        p.setPen(QPen(hourLine, 1));
        p.drawLine(QPointF(grid.left() - 4, y), QPointF(grid.right(), y));
        if (h < 24) {
            p.setPen(QPen(faint, 1, Qt::DotLine));
            p.drawLine(QPointF(grid.left(), y + hourH / 2), QPointF(grid.right(), y + hourH / 2));
            if (h > 0 && (hourH >= 18 || h % 2 == 0)) {
                p.setPen(pal.color(QPalette::PlaceholderText));
                p.drawText(QRectF(0, y - 8, kGutterWidth - 8, 16), Qt::AlignRight | Qt::AlignVCenter, minuteText(h * 60));
            }
        }
    }
    // Day columns and their headers.
    QFont bold = font();
    bold.setBold(true);
    for (int d = 0; d <= 7; ++d) {
        const double x = grid.left() + d * dayW;
        p.setPen(QPen(d == 0 || d == 7 ? line : hourLine, 1));
        p.drawLine(QPointF(x, grid.top() - (d == 0 ? 0 : 6)), QPointF(x, grid.bottom()));
        if (d == 7)
            break;
        const QDate day = m_weekStart.addDays(d);
        const QRectF head(x, 0, dayW, kHeaderHeight);
        const bool isToday = day == today;
        p.setFont(small);
        p.setPen(isToday ? accent : pal.color(QPalette::PlaceholderText));
        p.drawText(head.adjusted(0, 4, 0, -kHeaderHeight / 2), Qt::AlignHCenter | Qt::AlignBottom,
                   locale.dayName(day.dayOfWeek(), QLocale::ShortFormat).toUpper());
        p.setFont(bold);
        const QString number = locale.toString(day, QStringLiteral("d MMM"));
        const QRectF numberRect = head.adjusted(0, kHeaderHeight / 2, 0, -4);
        if (isToday) {
            const QFontMetricsF fm(bold);
            const double w = fm.horizontalAdvance(number) + 14;
            const QRectF pill(head.center().x() - w / 2, numberRect.top(), w, numberRect.height());
            p.setPen(Qt::NoPen);
            p.setBrush(accent);
            p.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2);
            p.setPen(pal.color(QPalette::HighlightedText));
        } else {
            p.setPen(pal.color(QPalette::Text));
        }
        p.drawText(numberRect, Qt::AlignCenter, number);
    }
    p.setPen(QPen(line, 1));
    p.drawLine(QPointF(0, grid.top()), QPointF(grid.right(), grid.top()));

    // The occurrences.
    for (const Block &b : std::as_const(m_blocks)) {
        const bool selected = !m_selected.isEmpty() && b.entry == m_selected;
        QColor fill = CalendarPalette::color(b.policySet);
        const QColor ink = CalendarPalette::ink(b.policySet);
        fill.setAlpha(selected ? 255 : 215);
        QPainterPath path;
        path.addRoundedRect(b.rect, 4, 4);
        p.fillPath(path, fill);
        p.setBrush(Qt::NoBrush);
        p.setPen(QPen(selected ? pal.color(QPalette::Highlight) : ink.lighter(150), selected ? 2 : 1));
        p.drawPath(path);
        p.fillRect(QRectF(b.rect.left(), b.rect.top() + 1, 3, b.rect.height() - 2), ink);

        const QRectF text = b.rect.adjusted(6, 2, -3, -2);
        if (text.height() < 9 || text.width() < 12)
            continue;
        p.save();
        p.setClipRect(text);
        p.setPen(ink);
        const QFontMetricsF fmBold(bold);
        const QFontMetricsF fmSmall(small);
        double y = text.top();
        p.setFont(bold);
        p.drawText(QRectF(text.left(), y, text.width(), fmBold.height()), Qt::AlignLeft | Qt::AlignTop,
                   fmBold.elidedText(b.entry, Qt::ElideRight, text.width()));
        y += fmBold.height();
        p.setFont(small);
        const QString from = b.continuesBefore ? QStringLiteral("…") : minuteText(b.fromMinute);
        const QString to = b.continuesAfter ? QStringLiteral("…") : minuteText(b.toMinute);
        const QString lines[] = {tr("%1–%2").arg(from, to), tr("policy set %1").arg(b.policySet)};
        for (const QString &l : lines) {
            if (y + fmSmall.height() > text.bottom() + 1)
                break;
            p.drawText(QRectF(text.left(), y, text.width(), fmSmall.height()), Qt::AlignLeft | Qt::AlignTop,
                       fmSmall.elidedText(l, Qt::ElideRight, text.width()));
            y += fmSmall.height();
        }
        p.restore();
    }

    // Now.
    const QDateTime now = m_now.toTimeZone(m_zone);
    const qint64 nowDay = m_weekStart.daysTo(now.date());
    if (nowDay >= 0 && nowDay < 7) {
        const double y = grid.top() + (now.time().hour() * 60 + now.time().minute()) * hourH / 60.0;
        const double x = grid.left() + double(nowDay) * dayW;
        const QColor red(0xd9, 0x30, 0x25);
        p.setPen(QPen(red, 2));
        p.drawLine(QPointF(x, y), QPointF(x + dayW, y));
        p.setPen(Qt::NoPen);
        p.setBrush(red);
        p.drawEllipse(QPointF(x, y), 4, 4);
    }
}

} // namespace vdc::gui
