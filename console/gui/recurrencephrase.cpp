#include "recurrencephrase.h"

#include <QHash>
#include <algorithm>
#include <QLocale>
#include <QRegularExpression>
#include <QStringList>

#include <optional>

namespace vdc::gui {

namespace {

QString capitalized(QString text)
{
    if (!text.isEmpty())
        text[0] = text[0].toUpper();
    return text;
}

// "Monday", "Monday and Friday", "Monday, Wednesday and Friday".
QString dayList(QList<Qt::DayOfWeek> days)
{
    std::sort(days.begin(), days.end());
    const QLocale locale;
    QStringList names;
    for (const Qt::DayOfWeek day : days)
        names << locale.dayName(day);
    if (names.size() == 1)
        return names.first();
    const QString last = names.takeLast();
    return RecurrencePhrase::tr("%1 and %2").arg(names.join(RecurrencePhrase::tr(", ")), last);
}

QString ordinal(int n)
{
    switch (n) {
    case 1: return RecurrencePhrase::tr("first");
    case 2: return RecurrencePhrase::tr("second");
    case 3: return RecurrencePhrase::tr("third");
    case 4: return RecurrencePhrase::tr("fourth");
    case -1: return RecurrencePhrase::tr("last");
    default: return QString();
    }
}

const QList<Qt::DayOfWeek> kWorkdays{Qt::Monday, Qt::Tuesday, Qt::Wednesday, Qt::Thursday, Qt::Friday};

struct NumberedWeekday
{
    int ordinal = 0;
    Qt::DayOfWeek day = Qt::Monday;
};

// FREQ=MONTHLY with one numbered weekday (BYDAY=2TU) and nothing else the
// editor does not offer: its "on the Nth weekday" repeat.
std::optional<NumberedWeekday> numberedWeekday(const QString &text)
{
    static const QStringList codes{QStringLiteral("MO"), QStringLiteral("TU"), QStringLiteral("WE"), QStringLiteral("TH"),
                                   QStringLiteral("FR"), QStringLiteral("SA"), QStringLiteral("SU")};
    QHash<QString, QString> parts;
    for (const QString &part : text.split(QLatin1Char(';'), Qt::SkipEmptyParts))
        parts.insert(part.section(QLatin1Char('='), 0, 0).toUpper(), part.section(QLatin1Char('='), 1));
    for (auto it = parts.cbegin(); it != parts.cend(); ++it)
        if (!QStringList{QStringLiteral("FREQ"), QStringLiteral("INTERVAL"), QStringLiteral("BYDAY"),
                         QStringLiteral("COUNT"), QStringLiteral("UNTIL"), QStringLiteral("WKST")}
                 .contains(it.key()))
            return std::nullopt;
    if (parts.value(QStringLiteral("FREQ")) != QLatin1String("MONTHLY"))
        return std::nullopt;
    static const QRegularExpression day(QStringLiteral("^([+-]?[1-4]|-1)(MO|TU|WE|TH|FR|SA|SU)$"));
    const auto m = day.match(parts.value(QStringLiteral("BYDAY")));
    if (!m.hasMatch())
        return std::nullopt;
    return NumberedWeekday{m.captured(1).toInt(), Qt::DayOfWeek(codes.indexOf(m.captured(2)) + 1)};
}

// The repeat without its time of day and end, or nothing when the editor
// does not offer it.
std::optional<QString> phrase(const calendar::RecurrenceRule &rule, const QDate &startDate)
{
    const int n = rule.interval();
    if (const auto numbered = numberedWeekday(rule.text())) {
        const QString what = ordinal(numbered->ordinal);
        if (what.isEmpty())
            return std::nullopt;
        const QString day = QLocale().dayName(numbered->day);
        return n == 1 ? RecurrencePhrase::tr("every month on the %1 %2").arg(what, day)
                      : RecurrencePhrase::tr("every %n months on the %1 %2", nullptr, n).arg(what, day);
    }
    const auto choices = rule.choices();
    if (!choices || !choices->months.isEmpty())
        return std::nullopt;
    const calendar::RecurrenceChoices &c = *choices;
    switch (c.frequency) {
    case calendar::Frequency::Hourly:
        return std::nullopt;
    case calendar::Frequency::Daily:
        if (!c.monthDays.isEmpty())
            return std::nullopt;
        if (c.weekdays.isEmpty())
            return n == 1 ? RecurrencePhrase::tr("every day") : RecurrencePhrase::tr("every %n days", nullptr, n);
        if (n == 1 && c.weekdays.size() == 5 && std::is_permutation(c.weekdays.begin(), c.weekdays.end(), kWorkdays.begin()))
            return RecurrencePhrase::tr("every weekday");
        return std::nullopt;
    case calendar::Frequency::Weekly: {
        if (!c.monthDays.isEmpty())
            return std::nullopt;
        QList<Qt::DayOfWeek> days = c.weekdays;
        if (days.isEmpty())
            days << Qt::DayOfWeek(startDate.dayOfWeek());
        if (n == 1 && days.size() == 5 && std::is_permutation(days.begin(), days.end(), kWorkdays.begin()))
            return RecurrencePhrase::tr("every weekday");
        if (n == 1 && days.size() == 7)
            return RecurrencePhrase::tr("every day");
        return n == 1 ? RecurrencePhrase::tr("every %1").arg(dayList(days)) : RecurrencePhrase::tr("every %n weeks on %1", nullptr, n).arg(dayList(days));
    }
    case calendar::Frequency::Monthly: {
        if (!c.weekdays.isEmpty() || c.monthDays.size() > 1)
            return std::nullopt;
        const int day = c.monthDays.isEmpty() ? startDate.day() : c.monthDays.first();
        if (day == -1)
            return n == 1 ? RecurrencePhrase::tr("every month on the last day") : RecurrencePhrase::tr("every %n months on the last day", nullptr, n);
        if (day < 1)
            return std::nullopt;
        return n == 1 ? RecurrencePhrase::tr("every month on day %1").arg(day) : RecurrencePhrase::tr("every %n months on day %1", nullptr, n).arg(day);
    }
    case calendar::Frequency::Yearly: {
        if (!c.weekdays.isEmpty() || !c.monthDays.isEmpty())
            return std::nullopt;
        const QString date = QLocale().toString(startDate, QStringLiteral("d MMMM"));
        return n == 1 ? RecurrencePhrase::tr("every year on %1").arg(date) : RecurrencePhrase::tr("every %n years on %1", nullptr, n).arg(date);
    }
    }
    return std::nullopt;
}

} // namespace

QString RecurrencePhrase::describe(const calendar::RecurrenceRule &rule, const QDate &startDate, const QTime &startTime,
                                   const QTimeZone &zone)
{
    const auto said = phrase(rule, startDate);
    if (!said)
        return capitalized(rule.describe(startTime));
    QString text = startTime.isValid() ? RecurrencePhrase::tr("%1 at %2").arg(*said, startTime.toString(QStringLiteral("HH:mm"))) : *said;
    if (rule.count() > 0)
        text = RecurrencePhrase::tr("%1, %n time(s)", nullptr, rule.count()).arg(text);
    else if (const auto until = rule.until())
        text = RecurrencePhrase::tr("%1 until %2").arg(text, QLocale().toString(until->toTimeZone(zone).date(), QStringLiteral("d MMM yyyy")));
    return capitalized(text);
}

} // namespace vdc::gui
