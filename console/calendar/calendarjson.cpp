#include "calendarjson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <cmath>
#include <limits>

namespace vdc::calendar {

namespace {

const QString kName = QStringLiteral("name");
const QString kPolicySet = QStringLiteral("policySet");
const QString kTimeZone = QStringLiteral("timeZone");
const QString kStart = QStringLiteral("start");
const QString kDuration = QStringLiteral("durationSeconds");
const QString kEnd = QStringLiteral("end");
const QString kRecurrence = QStringLiteral("recurrence");
const QString kPriority = QStringLiteral("priority");
const QString kDefaultPolicySet = QStringLiteral("defaultPolicySet");
const QString kEntries = QStringLiteral("entries");

Error invalid(const QString &message)
{
    return Error(proto::ERROR_INVALID_ARGUMENT, message);
}

QString typeName(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null: return QStringLiteral("null");
    case QJsonValue::Bool: return QStringLiteral("a boolean");
    case QJsonValue::Double: return QStringLiteral("a number");
    case QJsonValue::String: return QStringLiteral("a string");
    case QJsonValue::Array: return QStringLiteral("an array");
    case QJsonValue::Object: return QStringLiteral("an object");
    case QJsonValue::Undefined: break;
    }
    return QStringLiteral("missing");
}

// "the calendar entry" or "the calendar entry "nightly"", for messages.
QString subject(const QJsonObject &object)
{
    const QJsonValue name = object.value(kName);
    return name.isString() ? QStringLiteral("The calendar entry \"%1\"").arg(name.toString())
                           : QStringLiteral("The calendar entry");
}

Result<QString> requiredString(const QJsonObject &object, const QString &key)
{
    const QJsonValue v = object.value(key);
    if (v.isUndefined())
        return invalid(QStringLiteral("%1 has no \"%2\"; it is required.").arg(subject(object), key));
    if (!v.isString())
        return invalid(QStringLiteral("%1 has \"%2\" as %3; it must be a string.").arg(subject(object), key, typeName(v)));
    return v.toString();
}

Result<qint64> integer(const QJsonObject &object, const QString &key, qint64 min, qint64 max)
{
    const QJsonValue v = object.value(key);
    if (!v.isDouble())
        return invalid(QStringLiteral("%1 has \"%2\" as %3; it must be a whole number.")
                           .arg(subject(object), key, typeName(v)));
    const double d = v.toDouble();
    if (std::floor(d) != d || d < double(min) || d > double(max))
        return invalid(QStringLiteral("%1 has \"%2\" = %3; it must be a whole number from %4 to %5.")
                           .arg(subject(object), key, QString::number(d, 'g', 17))
                           .arg(min)
                           .arg(max));
    return qint64(d);
}

struct WallTime
{
    QDate date;
    QTime time;
};

Result<WallTime> wallTime(const QJsonObject &object, const QString &key)
{
    const Result<QString> text = requiredString(object, key);
    if (!text)
        return text.error();
    static const QRegularExpression pattern(QStringLiteral("^(\\d{4}-\\d{2}-\\d{2})T(\\d{2}:\\d{2}(:\\d{2})?)$"));
    const QRegularExpressionMatch m = pattern.match(*text);
    WallTime w;
    if (m.hasMatch()) {
        w.date = QDate::fromString(m.captured(1), Qt::ISODate);
        w.time = QTime::fromString(m.captured(2), m.captured(3).isEmpty() ? QStringLiteral("HH:mm") : QStringLiteral("HH:mm:ss"));
    }
    if (!w.date.isValid() || !w.time.isValid())
        return invalid(QStringLiteral("%1 has \"%2\" = \"%3\"; give a local date and time such as 2026-03-02T08:00:00, "
                                      "without an offset (the zone is in \"timeZone\").")
                           .arg(subject(object), key, *text));
    return w;
}

QString wallText(const QDate &date, const QTime &time)
{
    return QStringLiteral("%1T%2").arg(date.toString(Qt::ISODate), time.toString(QStringLiteral("HH:mm:ss")));
}

} // namespace

QJsonObject CalendarJson::entryToJson(const CalendarEntry &entry)
{
    QJsonObject o;
    o.insert(kName, entry.name());
    o.insert(kPolicySet, entry.policySet());
    o.insert(kTimeZone, entry.timeZoneId());
    o.insert(kStart, wallText(entry.startDate(), entry.startTime()));
    o.insert(kDuration, double(entry.durationSeconds()));
    if (entry.recurrence())
        o.insert(kRecurrence, entry.recurrence()->text());
    o.insert(kPriority, entry.priority());
    return o;
}

Result<CalendarEntry> CalendarJson::entryFromJson(const QJsonObject &object)
{
    static const QStringList known{kName, kPolicySet, kTimeZone, kStart, kDuration, kEnd, kRecurrence, kPriority};
    for (auto it = object.begin(); it != object.end(); ++it)
        if (!known.contains(it.key()))
            return invalid(QStringLiteral("%1 has the unknown key \"%2\"; the keys are name, policySet, timeZone, start, "
                                          "durationSeconds, end, recurrence and priority.")
                               .arg(subject(object), it.key()));

    CalendarEntrySpec spec;
    const Result<QString> name = requiredString(object, kName);
    if (!name)
        return name.error();
    spec.name = *name;
    const Result<QString> policySet = requiredString(object, kPolicySet);
    if (!policySet)
        return policySet.error();
    spec.policySet = *policySet;
    const Result<QString> zone = requiredString(object, kTimeZone);
    if (!zone)
        return zone.error();
    spec.timeZone = *zone;
    const Result<WallTime> start = wallTime(object, kStart);
    if (!start)
        return start.error();
    spec.startDate = start->date;
    spec.startTime = start->time;

    const bool hasDuration = object.contains(kDuration);
    const bool hasEnd = object.contains(kEnd);
    if (hasDuration == hasEnd)
        return invalid(QStringLiteral("%1 must have exactly one of \"durationSeconds\" and \"end\".").arg(subject(object)));
    if (hasDuration) {
        const Result<qint64> duration = integer(object, kDuration, 1, CalendarEntry::kMaxDurationSeconds);
        if (!duration)
            return duration.error();
        spec.durationSeconds = *duration;
    } else {
        const Result<WallTime> end = wallTime(object, kEnd);
        if (!end)
            return end.error();
        spec.endDate = end->date;
        spec.endTime = end->time;
    }
    if (object.contains(kRecurrence)) {
        const Result<QString> rule = requiredString(object, kRecurrence);
        if (!rule)
            return rule.error();
        if (rule->trimmed().isEmpty())
            return invalid(QStringLiteral("%1 has an empty \"recurrence\"; leave the key out for an entry that happens "
                                          "once.").arg(subject(object)));
        spec.recurrence = *rule;
    }
    if (object.contains(kPriority)) {
        const Result<qint64> priority = integer(object, kPriority, std::numeric_limits<int>::min(),
                                                std::numeric_limits<int>::max());
        if (!priority)
            return priority.error();
        spec.priority = int(*priority);
    }
    return CalendarEntry::create(spec);
}

QJsonObject CalendarJson::calendarToJson(const PolicyCalendar &calendar)
{
    QJsonArray entries;
    for (const CalendarEntry &entry : calendar.entries())
        entries.append(entryToJson(entry));
    QJsonObject o;
    o.insert(kDefaultPolicySet, calendar.defaultPolicySet());
    o.insert(kEntries, entries);
    return o;
}

Result<PolicyCalendar> CalendarJson::calendarFromJson(const QJsonObject &object)
{
    for (auto it = object.begin(); it != object.end(); ++it)
        if (it.key() != kDefaultPolicySet && it.key() != kEntries)
            return invalid(QStringLiteral("The calendar has the unknown key \"%1\"; the keys are defaultPolicySet and "
                                          "entries.").arg(it.key()));
    const QJsonValue defaultSet = object.value(kDefaultPolicySet);
    if (!defaultSet.isString())
        return invalid(QStringLiteral("The calendar has \"defaultPolicySet\" as %1; it must be a string.")
                           .arg(typeName(defaultSet)));
    const QJsonValue entries = object.value(kEntries);
    if (!entries.isArray())
        return invalid(QStringLiteral("The calendar has \"entries\" as %1; it must be an array of entries.")
                           .arg(typeName(entries)));

    Result<PolicyCalendar> calendar = PolicyCalendar::create(defaultSet.toString());
    if (!calendar)
        return calendar.error();
    const QJsonArray list = entries.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QJsonValue v = list.at(i);
        if (!v.isObject())
            return invalid(QStringLiteral("Entry number %1 of the calendar is %2; it must be an object.")
                               .arg(i + 1).arg(typeName(v)));
        const Result<CalendarEntry> entry = entryFromJson(v.toObject());
        if (!entry)
            return Error(entry.error().code(), QStringLiteral("Entry number %1 of the calendar is not valid. %2")
                                                   .arg(i + 1).arg(entry.error().message()));
        if (auto r = calendar->addEntry(*entry); !r)
            return Error(r.error().code(), QStringLiteral("Entry number %1 of the calendar is not valid. %2")
                                               .arg(i + 1).arg(r.error().message()));
    }
    return calendar;
}

QByteArray CalendarJson::entryToText(const CalendarEntry &entry)
{
    return QJsonDocument(entryToJson(entry)).toJson(QJsonDocument::Compact);
}

Result<CalendarEntry> CalendarJson::entryFromText(const QByteArray &text)
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError)
        return Error(proto::ERROR_MALFORMED, QStringLiteral("The calendar entry text is not valid JSON: %1 at offset %2.")
                                                 .arg(error.errorString())
                                                 .arg(error.offset));
    if (!doc.isObject())
        return Error(proto::ERROR_MALFORMED, QStringLiteral("The calendar entry text is not a JSON object."));
    return entryFromJson(doc.object());
}

QByteArray CalendarJson::calendarToText(const PolicyCalendar &calendar)
{
    return QJsonDocument(calendarToJson(calendar)).toJson(QJsonDocument::Indented);
}

Result<PolicyCalendar> CalendarJson::calendarFromText(const QByteArray &text)
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError)
        return Error(proto::ERROR_MALFORMED, QStringLiteral("The calendar text is not valid JSON: %1 at offset %2.")
                                                 .arg(error.errorString())
                                                 .arg(error.offset));
    if (!doc.isObject())
        return Error(proto::ERROR_MALFORMED, QStringLiteral("The calendar text is not a JSON object."));
    return calendarFromJson(doc.object());
}

Result<CalendarEntry> CalendarJson::entryFromProto(const proto::CalendarEntry &entry)
{
    const auto str = [](const std::string &s) { return QString::fromStdString(s); };
    QJsonObject o;
    o.insert(QStringLiteral("name"), str(entry.name()));
    o.insert(QStringLiteral("policySet"), str(entry.policy_set()));
    o.insert(QStringLiteral("timeZone"), entry.time_zone().empty() ? QStringLiteral("UTC") : str(entry.time_zone()));
    o.insert(QStringLiteral("start"), str(entry.start()));
    if (entry.duration_seconds() != 0)
        o.insert(QStringLiteral("durationSeconds"), double(entry.duration_seconds()));
    if (!entry.end().empty())
        o.insert(QStringLiteral("end"), str(entry.end()));
    if (!entry.recurrence().empty())
        o.insert(QStringLiteral("recurrence"), str(entry.recurrence()));
    o.insert(QStringLiteral("priority"), entry.priority());
    return entryFromJson(o);
}

} // namespace vdc::calendar
