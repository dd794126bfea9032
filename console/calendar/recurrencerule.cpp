#include "recurrencerule.h"

#include <libical/ical.h>

#include <QRegularExpression>

#include <algorithm>
#include <cstdlib>

namespace vdc::calendar {

namespace {

struct WeekdayNum
{
    int ordinal = 0; // 0 = every such weekday; 1 = first, -1 = last, ...
    Qt::DayOfWeek day = Qt::Monday;
};

const char *const kDayCodes[] = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};
const char *const kDayNames[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
const char *const kMonthNames[] = {"January", "February", "March", "April", "May", "June", "July",
                                   "August", "September", "October", "November", "December"};

std::optional<Qt::DayOfWeek> dayFromCode(const QString &code)
{
    for (int i = 0; i < 7; ++i)
        if (code == QLatin1String(kDayCodes[i]))
            return static_cast<Qt::DayOfWeek>(i + 1);
    return std::nullopt;
}

QString dayName(Qt::DayOfWeek day)
{
    return QString::fromLatin1(kDayNames[static_cast<int>(day) - 1]);
}

// "A", "A and B", "A, B and C".
QString joinAnd(const QStringList &items)
{
    if (items.size() <= 1)
        return items.value(0);
    return QStringList(items.mid(0, items.size() - 1)).join(QStringLiteral(", ")) + QStringLiteral(" and ") + items.last();
}

QString ordinalWord(int n)
{
    switch (n) {
    case 1: return QStringLiteral("first");
    case 2: return QStringLiteral("second");
    case 3: return QStringLiteral("third");
    case 4: return QStringLiteral("fourth");
    case 5: return QStringLiteral("fifth");
    case -1: return QStringLiteral("last");
    case -2: return QStringLiteral("second-to-last");
    default: break;
    }
    const int a = std::abs(n);
    const char *suffix = (a % 100 >= 11 && a % 100 <= 13) ? "th" : a % 10 == 1 ? "st" : a % 10 == 2 ? "nd" : a % 10 == 3 ? "rd" : "th";
    return n > 0 ? QStringLiteral("%1%2").arg(a).arg(QLatin1String(suffix))
                 : QStringLiteral("%1%2-to-last").arg(a).arg(QLatin1String(suffix));
}

template<typename T>
QList<T> sortedUnique(QList<T> list)
{
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
    return list;
}

QString numberList(const QList<int> &values)
{
    QStringList items;
    for (const int v : values)
        items << QString::number(v);
    return items.join(QLatin1Char(','));
}

} // namespace

struct RecurrenceRule::Data
{
    icalrecurrencetype ical{};
    Frequency frequency = Frequency::Daily;
    int interval = 1;
    int count = 0;
    std::optional<QDateTime> until;
    QList<WeekdayNum> byDay;
    QList<int> byMonthDay;
    QList<int> byMonth;
    QList<int> byHour;
    QList<int> byMinute;
    QList<int> bySecond;
    QList<int> byYearDay;
    QList<int> byWeekNo;
    QList<int> bySetPos;
    std::optional<Qt::DayOfWeek> weekStart;
};

namespace {

// Reads a comma-separated list of numbers into `out`. Returns why it cannot,
// or an empty string; libical itself only says "malformed".
QString readIntList(const QString &name, const QString &value, int min, int max, bool allowNegative,
                    QList<int> *out)
{
    const QStringList items = value.split(QLatin1Char(','));
    for (const QString &item : items) {
        bool ok = false;
        const int v = item.toInt(&ok);
        const bool inRange = ok && ((v >= min && v <= max) || (allowNegative && v <= -min && v >= -max));
        if (!inRange || item.isEmpty()) {
            return allowNegative
                ? QStringLiteral("%1 has \"%2\"; give whole numbers from %3 to %4 or from -%4 to -%3, separated by commas")
                      .arg(name, item).arg(min).arg(max)
                : QStringLiteral("%1 has \"%2\"; give whole numbers from %3 to %4, separated by commas")
                      .arg(name, item).arg(min).arg(max);
        }
        out->append(v);
    }
    return {};
}

} // namespace

Result<RecurrenceRule> RecurrenceRule::parse(const QString &text)
{
    QString value = text.trimmed();
    if (value.startsWith(QLatin1String("RRULE:"), Qt::CaseInsensitive))
        value = value.mid(6);
    value = value.toUpper();

    const auto refuse = [&text](const QString &reason) {
        return Error(proto::ERROR_INVALID_ARGUMENT,
                     QStringLiteral("The recurrence rule \"%1\" is not valid: %2.").arg(text, reason));
    };
    if (value.isEmpty())
        return Error(proto::ERROR_INVALID_ARGUMENT,
                     QStringLiteral("The recurrence rule is empty; give one such as FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR."));

    auto data = std::make_shared<Data>();
    QStringList seen;
    bool hasFreq = false;
    static const QRegularExpression byDayItem(QStringLiteral("^([+-]?\\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$"));
    static const QRegularExpression untilPattern(QStringLiteral("^\\d{8}T\\d{6}Z$"));

    const QStringList parts = value.split(QLatin1Char(';'), Qt::SkipEmptyParts);
    for (const QString &part : parts) {
        const qsizetype eq = part.indexOf(QLatin1Char('='));
        if (eq <= 0)
            return refuse(QStringLiteral("\"%1\" is not a NAME=VALUE part").arg(part));
        const QString name = part.left(eq);
        const QString v = part.mid(eq + 1);
        if (seen.contains(name))
            return refuse(QStringLiteral("%1 appears more than once").arg(name));
        seen << name;
        if (v.isEmpty())
            return refuse(QStringLiteral("%1 has no value").arg(name));

        QString reason;
        if (name == QLatin1String("FREQ")) {
            hasFreq = true;
            if (v == QLatin1String("HOURLY")) data->frequency = Frequency::Hourly;
            else if (v == QLatin1String("DAILY")) data->frequency = Frequency::Daily;
            else if (v == QLatin1String("WEEKLY")) data->frequency = Frequency::Weekly;
            else if (v == QLatin1String("MONTHLY")) data->frequency = Frequency::Monthly;
            else if (v == QLatin1String("YEARLY")) data->frequency = Frequency::Yearly;
            else if (v == QLatin1String("SECONDLY") || v == QLatin1String("MINUTELY"))
                reason = QStringLiteral("FREQ=%1 is too frequent; a policy set changes at most hourly, so use HOURLY, "
                                        "DAILY, WEEKLY, MONTHLY or YEARLY").arg(v);
            else
                reason = QStringLiteral("%1 is not a frequency; use HOURLY, DAILY, WEEKLY, MONTHLY or YEARLY").arg(v);
        } else if (name == QLatin1String("INTERVAL")) {
            bool ok = false;
            data->interval = v.toInt(&ok);
            if (!ok || data->interval < 1 || data->interval > kMaxInterval)
                reason = QStringLiteral("INTERVAL is \"%1\"; give a whole number from 1 to %2").arg(v).arg(kMaxInterval);
        } else if (name == QLatin1String("COUNT")) {
            bool ok = false;
            data->count = v.toInt(&ok);
            if (!ok || data->count < 1 || data->count > kMaxCount)
                reason = QStringLiteral("COUNT is \"%1\"; give a whole number from 1 to %2 (or an UNTIL time for longer "
                                        "series)").arg(v).arg(kMaxCount);
        } else if (name == QLatin1String("UNTIL")) {
            QDateTime until;
            if (untilPattern.match(v).hasMatch()) {
                until = QDateTime::fromString(v.left(15), QStringLiteral("yyyyMMdd'T'HHmmss"));
                until.setTimeSpec(Qt::UTC);
            }
            if (!until.isValid())
                reason = QStringLiteral("UNTIL is \"%1\"; give a UTC date and time such as 20261231T235959Z (entries "
                                        "have a time zone, and RFC 5545 then requires UNTIL in UTC)").arg(v);
            else
                data->until = until;
        } else if (name == QLatin1String("BYDAY")) {
            for (const QString &item : v.split(QLatin1Char(','))) {
                const auto m = byDayItem.match(item);
                const int ordinal = m.hasMatch() ? m.captured(1).toInt() : 0;
                if (!m.hasMatch() || std::abs(ordinal) > 53 || (!m.captured(1).isEmpty() && ordinal == 0)) {
                    reason = QStringLiteral("BYDAY has \"%1\"; give weekdays MO, TU, WE, TH, FR, SA, SU, optionally "
                                            "numbered like 1MO (first Monday) or -1FR (last Friday)").arg(item);
                    break;
                }
                data->byDay.append({ordinal, *dayFromCode(m.captured(2))});
            }
        } else if (name == QLatin1String("BYMONTHDAY")) {
            reason = readIntList(name, v, 1, 31, true, &data->byMonthDay);
        } else if (name == QLatin1String("BYMONTH")) {
            reason = readIntList(name, v, 1, 12, false, &data->byMonth);
        } else if (name == QLatin1String("BYHOUR")) {
            reason = readIntList(name, v, 0, 23, false, &data->byHour);
        } else if (name == QLatin1String("BYMINUTE")) {
            reason = readIntList(name, v, 0, 59, false, &data->byMinute);
        } else if (name == QLatin1String("BYSECOND")) {
            reason = readIntList(name, v, 0, 60, false, &data->bySecond);
        } else if (name == QLatin1String("BYYEARDAY")) {
            reason = readIntList(name, v, 1, 366, true, &data->byYearDay);
        } else if (name == QLatin1String("BYWEEKNO")) {
            reason = readIntList(name, v, 1, 53, true, &data->byWeekNo);
        } else if (name == QLatin1String("BYSETPOS")) {
            reason = readIntList(name, v, 1, 366, true, &data->bySetPos);
        } else if (name == QLatin1String("WKST")) {
            data->weekStart = dayFromCode(v);
            if (!data->weekStart)
                reason = QStringLiteral("WKST is \"%1\"; give a weekday MO, TU, WE, TH, FR, SA or SU").arg(v);
        } else if (name == QLatin1String("RSCALE") || name == QLatin1String("SKIP")) {
            reason = QStringLiteral("%1 (non-Gregorian calendars, RFC 7529) is not supported").arg(name);
        } else {
            reason = QStringLiteral("%1 is not a part of a recurrence rule; use FREQ, INTERVAL, COUNT, UNTIL, BYDAY, "
                                    "BYMONTHDAY, BYMONTH, BYHOUR, BYMINUTE, BYSECOND, BYYEARDAY, BYWEEKNO, BYSETPOS "
                                    "or WKST").arg(name);
        }
        if (!reason.isEmpty())
            return refuse(reason);
    }

    // What RFC 5545 says a rule MUST NOT do, said plainly.
    if (!hasFreq)
        return refuse(QStringLiteral("it has no FREQ; start it with FREQ=HOURLY, DAILY, WEEKLY, MONTHLY or YEARLY"));
    if (data->count > 0 && data->until)
        return refuse(QStringLiteral("it has both COUNT and UNTIL; give only one of them"));
    if (data->frequency != Frequency::Monthly && data->frequency != Frequency::Yearly)
        for (const WeekdayNum &d : std::as_const(data->byDay))
            if (d.ordinal != 0)
                return refuse(QStringLiteral("numbered weekdays like %1%2 only make sense with FREQ=MONTHLY or "
                                             "FREQ=YEARLY").arg(d.ordinal).arg(QLatin1String(kDayCodes[d.day - 1])));
    if (data->frequency == Frequency::Yearly && !data->byWeekNo.isEmpty())
        for (const WeekdayNum &d : std::as_const(data->byDay))
            if (d.ordinal != 0)
                return refuse(QStringLiteral("numbered weekdays cannot be combined with BYWEEKNO"));
    if (data->frequency == Frequency::Weekly && !data->byMonthDay.isEmpty())
        return refuse(QStringLiteral("BYMONTHDAY cannot be used with FREQ=WEEKLY"));
    if (!data->byYearDay.isEmpty() && data->frequency != Frequency::Yearly && data->frequency != Frequency::Hourly)
        return refuse(QStringLiteral("BYYEARDAY can only be used with FREQ=YEARLY or FREQ=HOURLY"));
    if (!data->byWeekNo.isEmpty() && data->frequency != Frequency::Yearly)
        return refuse(QStringLiteral("BYWEEKNO can only be used with FREQ=YEARLY"));
    if (!data->bySetPos.isEmpty() && data->byDay.isEmpty() && data->byMonthDay.isEmpty() && data->byMonth.isEmpty()
        && data->byHour.isEmpty() && data->byMinute.isEmpty() && data->bySecond.isEmpty()
        && data->byYearDay.isEmpty() && data->byWeekNo.isEmpty())
        return refuse(QStringLiteral("BYSETPOS needs another BY part (such as BYDAY) to pick from"));

    // libical is the authority on the syntax; what it refuses is refused. It
    // gets the parts read above (it stops at an empty part, which would make
    // it see less than was checked).
    const QByteArray latin = parts.join(QLatin1Char(';')).toLatin1();
    icalerror_clear_errno();
    data->ical = icalrecurrencetype_from_string(latin.constData());
    if (data->ical.freq == ICAL_NO_RECURRENCE || icalerrno != ICAL_NO_ERROR) {
        const QString why = QString::fromUtf8(icalerror_strerror(icalerrno));
        icalerror_clear_errno();
        return refuse(QStringLiteral("libical cannot read it (%1)").arg(why));
    }
    if (data->ical.rscale) {
        free(data->ical.rscale);
        data->ical.rscale = nullptr;
        return refuse(QStringLiteral("RSCALE (non-Gregorian calendars) is not supported"));
    }

    RecurrenceRule rule;
    char *canonical = icalrecurrencetype_as_string_r(&data->ical);
    rule.m_text = canonical ? QString::fromUtf8(canonical) : value;
    icalmemory_free_buffer(canonical);
    rule.m_data = std::move(data);
    return rule;
}

const icalrecurrencetype &RecurrenceRule::icalRule() const
{
    return m_data->ical;
}

Frequency RecurrenceRule::frequency() const { return m_data->frequency; }
int RecurrenceRule::interval() const { return m_data->interval; }
int RecurrenceRule::count() const { return m_data->count; }
std::optional<QDateTime> RecurrenceRule::until() const { return m_data->until; }

QString RecurrenceRule::describe(const QTime &startTime) const
{
    const Data &d = *m_data;
    const int n = d.interval;

    QList<Qt::DayOfWeek> plainDays;
    QList<WeekdayNum> numberedDays;
    for (const WeekdayNum &w : d.byDay) {
        if (w.ordinal == 0)
            plainDays << w.day;
        else
            numberedDays << w;
    }
    plainDays = sortedUnique(plainDays);
    const QList<Qt::DayOfWeek> weekdays{Qt::Monday, Qt::Tuesday, Qt::Wednesday, Qt::Thursday, Qt::Friday};
    QStringList dayNames;
    for (const Qt::DayOfWeek day : std::as_const(plainDays))
        dayNames << dayName(day);
    // "weekday" / "day" / "Monday and Friday", after "every".
    const QString everyDays = plainDays == weekdays ? QStringLiteral("weekday")
        : plainDays.size() == 7                     ? QStringLiteral("day")
                                                    : joinAnd(dayNames);
    // "weekdays" / "every day" / "Monday and Friday", after "on".
    const QString onDays = plainDays == weekdays ? QStringLiteral("weekdays")
        : plainDays.size() == 7                   ? QStringLiteral("every day")
                                                  : joinAnd(dayNames);

    QStringList monthNames;
    for (const int m : sortedUnique(d.byMonth))
        monthNames << QString::fromLatin1(kMonthNames[m - 1]);
    const QString inMonths = monthNames.isEmpty() ? QString() : QStringLiteral(" in %1").arg(joinAnd(monthNames));

    // "day 1", "days 1 and 15", "the last day", "day 1 and the last day".
    QString monthDays;
    if (!d.byMonthDay.isEmpty()) {
        // Counted from the start first, then from the end ("day 15 and the last day").
        QList<int> days = sortedUnique(d.byMonthDay);
        std::stable_sort(days.begin(), days.end(), [](int a, int b) {
            return (a > 0 ? a : 100 + a) < (b > 0 ? b : 100 + b);
        });
        const bool allPositive = std::all_of(days.begin(), days.end(), [](int v) { return v > 0; });
        QStringList items;
        for (const int v : days)
            items << (v > 0 ? QString::number(v) : QStringLiteral("the %1 day").arg(ordinalWord(v)));
        if (allPositive)
            monthDays = (days.size() == 1 ? QStringLiteral("day %1") : QStringLiteral("days %1")).arg(joinAnd(items));
        else {
            for (int i = 0; i < days.size(); ++i)
                if (days[i] > 0)
                    items[i] = QStringLiteral("day %1").arg(items[i]);
            monthDays = joinAnd(items);
        }
    }
    // "the first Monday and the last Friday", "every Tuesday".
    QStringList positionedItems;
    for (const WeekdayNum &w : std::as_const(numberedDays))
        positionedItems << QStringLiteral("the %1 %2").arg(ordinalWord(w.ordinal), dayName(w.day));
    for (const QString &name : std::as_const(dayNames))
        positionedItems << QStringLiteral("every %1").arg(name);
    const QString positioned = joinAnd(positionedItems);

    QString phrase;
    switch (d.frequency) {
    case Frequency::Hourly:
        phrase = n == 1 ? QStringLiteral("every hour") : QStringLiteral("every %1 hours").arg(n);
        if (!plainDays.isEmpty())
            phrase += QStringLiteral(" on %1").arg(onDays);
        if (!monthDays.isEmpty())
            phrase += QStringLiteral(" on %1 of the month").arg(monthDays);
        phrase += inMonths;
        break;
    case Frequency::Daily:
        if (plainDays.isEmpty())
            phrase = n == 1 ? QStringLiteral("every day") : QStringLiteral("every %1 days").arg(n);
        else
            phrase = n == 1 ? QStringLiteral("every %1").arg(everyDays)
                            : QStringLiteral("every %1 days, only on %2").arg(n).arg(onDays);
        if (!monthDays.isEmpty())
            phrase += QStringLiteral(", only on %1 of the month").arg(monthDays);
        phrase += inMonths;
        break;
    case Frequency::Weekly:
        if (plainDays.isEmpty())
            phrase = n == 1 ? QStringLiteral("every week") : QStringLiteral("every %1 weeks").arg(n);
        else
            phrase = n == 1 ? QStringLiteral("every %1").arg(everyDays)
                            : QStringLiteral("every %1 weeks on %2").arg(n).arg(onDays);
        phrase += inMonths;
        break;
    case Frequency::Monthly:
        phrase = n == 1 ? QStringLiteral("monthly") : QStringLiteral("every %1 months").arg(n);
        if (!monthDays.isEmpty()) {
            phrase += QStringLiteral(" on %1").arg(monthDays);
            if (!positioned.isEmpty())
                phrase += QStringLiteral(", only when that is %1").arg(positioned);
        } else if (!positioned.isEmpty()) {
            phrase += QStringLiteral(" on %1").arg(positioned);
        }
        phrase += inMonths;
        break;
    case Frequency::Yearly:
        phrase = (n == 1 ? QStringLiteral("yearly") : QStringLiteral("every %1 years").arg(n)) + inMonths;
        if (!monthDays.isEmpty()) {
            phrase += QStringLiteral(" on %1").arg(monthDays);
            if (!positioned.isEmpty())
                phrase += QStringLiteral(", only when that is %1").arg(positioned);
        } else if (!positioned.isEmpty()) {
            phrase += QStringLiteral(" on %1").arg(positioned);
        }
        break;
    }

    // The time of day: BYHOUR x BYMINUTE, else the start time.
    if (d.frequency == Frequency::Hourly && d.byHour.isEmpty()) {
        QList<int> minutes = sortedUnique(d.byMinute);
        if (minutes.isEmpty() && startTime.isValid() && startTime.minute() != 0)
            minutes << startTime.minute();
        QStringList items;
        for (const int m : std::as_const(minutes))
            items << QString::number(m);
        if (minutes.size() == 1)
            phrase += QStringLiteral(" at %1 minutes past the hour").arg(items.first());
        else if (!minutes.isEmpty())
            phrase += QStringLiteral(" at %1 minutes past the hour").arg(joinAnd(items));
    } else {
        QList<int> hours = sortedUnique(d.byHour);
        if (hours.isEmpty() && startTime.isValid())
            hours << startTime.hour();
        QList<int> minutes = sortedUnique(d.byMinute);
        if (minutes.isEmpty())
            minutes << (startTime.isValid() ? startTime.minute() : 0);
        QStringList times;
        for (const int h : std::as_const(hours))
            for (const int m : std::as_const(minutes))
                times << QStringLiteral("%1:%2").arg(h, 2, 10, QLatin1Char('0')).arg(m, 2, 10, QLatin1Char('0'));
        if (!times.isEmpty())
            phrase += QStringLiteral(" at %1").arg(joinAnd(times));
    }

    // Parts said as written rather than in words.
    QStringList further;
    if (!d.bySecond.isEmpty())
        further << QStringLiteral("BYSECOND=%1").arg(numberList(d.bySecond));
    if (!d.byYearDay.isEmpty())
        further << QStringLiteral("BYYEARDAY=%1").arg(numberList(d.byYearDay));
    if (!d.byWeekNo.isEmpty())
        further << QStringLiteral("BYWEEKNO=%1").arg(numberList(d.byWeekNo));
    if (!d.bySetPos.isEmpty())
        further << QStringLiteral("BYSETPOS=%1").arg(numberList(d.bySetPos));
    if (d.weekStart && *d.weekStart != Qt::Monday)
        further << QStringLiteral("WKST=%1").arg(QLatin1String(kDayCodes[*d.weekStart - 1]));
    if (!further.isEmpty())
        phrase += (further.size() == 1 ? QStringLiteral(", with the further rule part %1")
                                       : QStringLiteral(", with the further rule parts %1"))
                      .arg(joinAnd(further));

    if (d.count == 1)
        phrase += QStringLiteral(", once");
    else if (d.count > 1)
        phrase += QStringLiteral(", %1 times").arg(d.count);
    if (d.until)
        phrase += QStringLiteral(", until %1 UTC").arg(d.until->toString(QStringLiteral("yyyy-MM-dd HH:mm")));
    return phrase;
}

std::optional<RecurrenceChoices> RecurrenceRule::choices() const
{
    const Data &d = *m_data;
    if (!d.byHour.isEmpty() || !d.byMinute.isEmpty() || !d.bySecond.isEmpty() || !d.byYearDay.isEmpty()
        || !d.byWeekNo.isEmpty() || !d.bySetPos.isEmpty() || (d.weekStart && *d.weekStart != Qt::Monday))
        return std::nullopt;
    RecurrenceChoices c;
    for (const WeekdayNum &w : d.byDay) {
        if (w.ordinal != 0)
            return std::nullopt;
        c.weekdays << w.day;
    }
    c.frequency = d.frequency;
    c.interval = d.interval;
    c.weekdays = sortedUnique(c.weekdays);
    c.monthDays = sortedUnique(d.byMonthDay);
    c.months = sortedUnique(d.byMonth);
    c.count = d.count;
    if (d.until)
        c.until = *d.until;
    return c;
}

} // namespace vdc::calendar
