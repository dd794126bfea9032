#include "recurrencebuilder.h"

#include <algorithm>

namespace vdc::calendar {

namespace {

Error refuse(const QString &reason)
{
    return Error(proto::ERROR_INVALID_ARGUMENT, QStringLiteral("These recurrence choices cannot be used: %1.").arg(reason));
}

template<typename T>
QList<T> sortedUnique(QList<T> list)
{
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
    return list;
}

QString joinNumbers(const QList<int> &values)
{
    QStringList items;
    for (const int v : values)
        items << QString::number(v);
    return items.join(QLatin1Char(','));
}

} // namespace

Result<RecurrenceRule> RecurrenceBuilder::build(const RecurrenceChoices &choices)
{
    static const char *const dayCodes[] = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};

    if (choices.interval < 1 || choices.interval > RecurrenceRule::kMaxInterval)
        return refuse(QStringLiteral("the interval is %1; give a whole number from 1 to %2")
                          .arg(choices.interval).arg(RecurrenceRule::kMaxInterval));
    if (choices.count < 0 || choices.count > RecurrenceRule::kMaxCount)
        return refuse(QStringLiteral("the count is %1; give a number from 1 to %2, or 0 for no count")
                          .arg(choices.count).arg(RecurrenceRule::kMaxCount));
    if (choices.count > 0 && choices.until.isValid())
        return refuse(QStringLiteral("both a count and an end date are set; choose one of them"));
    for (const Qt::DayOfWeek day : choices.weekdays)
        if (day < Qt::Monday || day > Qt::Sunday)
            return refuse(QStringLiteral("%1 is not a weekday number; use 1 (Monday) to 7 (Sunday)").arg(static_cast<int>(day)));
    for (const int d : choices.monthDays)
        if (d == 0 || d > 31 || d < -31)
            return refuse(QStringLiteral("%1 is not a day of the month; use 1 to 31, or -1 for the last day").arg(d));
    for (const int m : choices.months)
        if (m < 1 || m > 12)
            return refuse(QStringLiteral("%1 is not a month; use 1 (January) to 12 (December)").arg(m));
    if (choices.frequency == Frequency::Weekly && !choices.monthDays.isEmpty())
        return refuse(QStringLiteral("days of the month cannot be combined with a weekly repeat; repeat monthly instead"));

    QStringList parts;
    switch (choices.frequency) {
    case Frequency::Hourly: parts << QStringLiteral("FREQ=HOURLY"); break;
    case Frequency::Daily: parts << QStringLiteral("FREQ=DAILY"); break;
    case Frequency::Weekly: parts << QStringLiteral("FREQ=WEEKLY"); break;
    case Frequency::Monthly: parts << QStringLiteral("FREQ=MONTHLY"); break;
    case Frequency::Yearly: parts << QStringLiteral("FREQ=YEARLY"); break;
    }
    if (choices.until.isValid())
        parts << QStringLiteral("UNTIL=%1").arg(choices.until.toUTC().toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'")));
    if (choices.count > 0)
        parts << QStringLiteral("COUNT=%1").arg(choices.count);
    if (choices.interval > 1)
        parts << QStringLiteral("INTERVAL=%1").arg(choices.interval);
    if (!choices.months.isEmpty())
        parts << QStringLiteral("BYMONTH=%1").arg(joinNumbers(sortedUnique(choices.months)));
    if (!choices.monthDays.isEmpty())
        parts << QStringLiteral("BYMONTHDAY=%1").arg(joinNumbers(sortedUnique(choices.monthDays)));
    if (!choices.weekdays.isEmpty()) {
        QStringList codes;
        for (const Qt::DayOfWeek day : sortedUnique(choices.weekdays))
            codes << QLatin1String(dayCodes[day - 1]);
        parts << QStringLiteral("BYDAY=%1").arg(codes.join(QLatin1Char(',')));
    }
    return RecurrenceRule::parse(parts.join(QLatin1Char(';')));
}

Result<QString> RecurrenceBuilder::toText(const RecurrenceChoices &choices)
{
    const Result<RecurrenceRule> rule = build(choices);
    if (!rule)
        return rule.error();
    return rule->text();
}

} // namespace vdc::calendar
