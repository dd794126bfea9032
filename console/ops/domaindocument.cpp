#include "domaindocument.h"

#include "calendar/calendarjson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

#include <google/protobuf/util/json_util.h>

namespace vdc::ops {

namespace {

const QString kFormatKey = QStringLiteral("format");
const QString kVersionKey = QStringLiteral("version");
const QString kExportedAt = QStringLiteral("exportedAt");
const QString kDomain = QStringLiteral("domain");
const QString kPartitions = QStringLiteral("partitions");
const QString kPolicySets = QStringLiteral("policySets");
const QString kCalendar = QStringLiteral("calendar");
const QString kEntries = QStringLiteral("entries");

Error invalid(const QString &message) { return Error(proto::ERROR_INVALID_ARGUMENT, message); }

QJsonObject toJson(const google::protobuf::Message &message)
{
    google::protobuf::util::JsonPrintOptions options;
    options.preserve_proto_field_names = false; // lowerCamelCase, as the rest of the document
    std::string text;
    if (!google::protobuf::util::MessageToJsonString(message, &text, options).ok())
        return {};
    return QJsonDocument::fromJson(QByteArray::fromStdString(text)).object();
}

Result<void> fromJson(const QJsonValue &value, google::protobuf::Message *message, const QString &where)
{
    if (!value.isObject())
        return invalid(QStringLiteral("%1 must be a JSON object.").arg(where));
    const QByteArray text = QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    google::protobuf::util::JsonParseOptions options;
    options.ignore_unknown_fields = false;
    const auto status = google::protobuf::util::JsonStringToMessage(text.toStdString(), message, options);
    if (!status.ok())
        return invalid(QStringLiteral("%1 cannot be read: %2.")
                           .arg(where, QString::fromStdString(std::string(status.message())).trimmed()));
    return {};
}

QString str(const std::string &s) { return QString::fromStdString(s); }

} // namespace

QByteArray DomainDocument::write(const Contents &contents, const QDateTime &exportedAt)
{
    QJsonObject root;
    root.insert(kFormatKey, QLatin1String(kFormat));
    root.insert(kVersionKey, kVersion);
    root.insert(kExportedAt, exportedAt.toUTC().toString(Qt::ISODate));
    root.insert(kDomain, toJson(contents.domain));
    QJsonArray partitions;
    for (proto::PartitionSpec spec : contents.partitions) {
        spec.clear_domain();
        partitions.append(toJson(spec));
    }
    root.insert(kPartitions, partitions);
    QJsonArray sets;
    for (proto::PolicySet set : contents.policySets) {
        set.clear_domain();
        sets.append(toJson(set));
    }
    root.insert(kPolicySets, sets);
    QJsonArray entries;
    for (const auto &e : contents.entries)
        entries.append(calendar::CalendarJson::entryToJson(e));
    QJsonObject cal;
    cal.insert(kEntries, entries);
    root.insert(kCalendar, cal);
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

Result<DomainDocument::Contents> DomainDocument::read(const QByteArray &text)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(text, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return invalid(QStringLiteral("The export document is not valid JSON: %1 at byte %2.")
                           .arg(parseError.errorString())
                           .arg(parseError.offset));
    if (!document.isObject())
        return invalid(QStringLiteral("The export document must be one JSON object."));
    const QJsonObject root = document.object();
    static const QSet<QString> known = {kFormatKey, kVersionKey, kExportedAt, kDomain, kPartitions, kPolicySets, kCalendar};
    for (auto it = root.begin(); it != root.end(); ++it)
        if (!known.contains(it.key()))
            return invalid(QStringLiteral("The export document has an unknown key \"%1\".").arg(it.key()));
    if (root.value(kFormatKey).toString() != QLatin1String(kFormat))
        return invalid(QStringLiteral("The document is not a vdc domain export (its \"format\" must be \"%1\").")
                           .arg(QLatin1String(kFormat)));
    const QJsonValue version = root.value(kVersionKey);
    if (!version.isDouble() || version.toDouble() != double(version.toInt()) || version.toInt() < 1)
        return invalid(QStringLiteral("The export document has no valid \"version\"; it must be a whole number."));
    if (version.toInt() > kVersion)
        return Error(proto::ERROR_UNSUPPORTED_VERSION,
                     QStringLiteral("The export document has version %1; this vdc reads up to version %2. Import it with a "
                                    "newer vdc.")
                         .arg(version.toInt())
                         .arg(kVersion));
    if (root.contains(kExportedAt) && !root.value(kExportedAt).isString())
        return invalid(QStringLiteral("\"exportedAt\" must be a string."));

    Contents contents;
    if (!root.contains(kDomain))
        return invalid(QStringLiteral("The export document has no \"domain\"."));
    if (auto r = fromJson(root.value(kDomain), &contents.domain, QStringLiteral("\"domain\"")); !r)
        return r.error();
    const QString domain = str(contents.domain.name());

    auto array = [&](const QString &key) -> Result<QJsonArray> {
        const QJsonValue v = root.value(key);
        if (v.isUndefined())
            return QJsonArray();
        if (!v.isArray())
            return invalid(QStringLiteral("\"%1\" must be an array.").arg(key));
        return v.toArray();
    };
    auto partitions = array(kPartitions);
    if (!partitions)
        return partitions.error();
    for (qsizetype i = 0; i < partitions->size(); ++i) {
        proto::PartitionSpec spec;
        if (auto r = fromJson(partitions->at(i), &spec, QStringLiteral("Partition %1 of the document").arg(i + 1)); !r)
            return r.error();
        if (!spec.domain().empty() && str(spec.domain()) != domain)
            return invalid(QStringLiteral("Partition %1 names domain %2, but the document is of domain %3.")
                               .arg(str(spec.name()), str(spec.domain()), domain));
        spec.clear_domain();
        contents.partitions.append(spec);
    }
    auto sets = array(kPolicySets);
    if (!sets)
        return sets.error();
    for (qsizetype i = 0; i < sets->size(); ++i) {
        proto::PolicySet set;
        if (auto r = fromJson(sets->at(i), &set, QStringLiteral("Policy set %1 of the document").arg(i + 1)); !r)
            return r.error();
        if (!set.domain().empty() && str(set.domain()) != domain)
            return invalid(QStringLiteral("Policy set %1 names domain %2, but the document is of domain %3.")
                               .arg(str(set.name()), str(set.domain()), domain));
        set.clear_domain();
        contents.policySets.append(set);
    }
    const QJsonValue cal = root.value(kCalendar);
    if (!cal.isUndefined()) {
        if (!cal.isObject())
            return invalid(QStringLiteral("\"calendar\" must be an object."));
        const QJsonObject calObject = cal.toObject();
        for (auto it = calObject.begin(); it != calObject.end(); ++it)
            if (it.key() != kEntries)
                return invalid(QStringLiteral("\"calendar\" has an unknown key \"%1\".").arg(it.key()));
        const QJsonValue entries = calObject.value(kEntries);
        if (!entries.isUndefined() && !entries.isArray())
            return invalid(QStringLiteral("\"calendar\".\"entries\" must be an array."));
        for (const auto &e : entries.toArray()) {
            if (!e.isObject())
                return invalid(QStringLiteral("Every calendar entry must be a JSON object."));
            auto entry = calendar::CalendarJson::entryFromJson(e.toObject());
            if (!entry)
                return entry.error();
            contents.entries.append(*entry);
        }
    }
    return contents;
}

} // namespace vdc::ops
