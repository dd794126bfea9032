#include "partitionmetadata.h"

#include "indexlist.h"

#include <QXmlStreamReader>
#include <QXmlStreamWriter>

namespace vdc::monitor {

namespace {

QString fromStd(const std::string &s) { return QString::fromStdString(s); }

Error damaged(const QString &why)
{
    return Error(proto::ERROR_MALFORMED, QStringLiteral("The vdc partition metadata is damaged: %1").arg(why));
}

} // namespace

void PartitionMetadata::write(QXmlStreamWriter &writer) const
{
    const QString &ns = kNamespaceUri;
    // Declared on the element itself, so it stands alone wherever libvirt
    // copies it; the children then find the prefix through the writer.
    writer.writeStartElement(kPrefix + QStringLiteral(":partition"));
    writer.writeNamespace(ns, kPrefix);
    writer.writeTextElement(ns, QStringLiteral("uuid"), fromStd(spec.uuid()));
    writer.writeTextElement(ns, QStringLiteral("name"), fromStd(spec.name()));
    writer.writeTextElement(ns, QStringLiteral("domain"), fromStd(spec.domain()));
    writer.writeTextElement(ns, QStringLiteral("zone"), fromStd(spec.zone()));
    writer.writeTextElement(ns, QStringLiteral("vcpus"), QString::number(spec.vcpus()));
    writer.writeStartElement(ns, QStringLiteral("memory"));
    writer.writeAttribute(QStringLiteral("unit"), QStringLiteral("MiB"));
    writer.writeCharacters(QString::number(spec.memory_mib()));
    writer.writeEndElement();
    writer.writeTextElement(ns, QStringLiteral("boot"), fromStd(spec.boot()));
    writer.writeStartElement(ns, QStringLiteral("bandwidth"));
    writer.writeAttribute(QStringLiteral("unit"), QStringLiteral("Mbps"));
    writer.writeCharacters(QString::number(spec.bandwidth_mbps()));
    writer.writeEndElement();
    writer.writeTextElement(ns, QStringLiteral("priority"), QString::number(spec.priority()));
    if (!spec.accelerator().empty())
        writer.writeTextElement(ns, QStringLiteral("accelerator"), fromStd(spec.accelerator()));
    if (spec.cpu_shares() > 0)
        writer.writeTextElement(ns, QStringLiteral("cpu-shares"), QString::number(spec.cpu_shares()));

    writer.writeStartElement(ns, QStringLiteral("assignment"));
    writer.writeAttribute(QStringLiteral("granule-mib"), QString::number(granuleMib));
    writer.writeTextElement(ns, QStringLiteral("cores"),
                            formatIndexList(std::vector<std::uint32_t>(assignment.cores().begin(), assignment.cores().end())));
    writer.writeTextElement(ns, QStringLiteral("granules"),
                            formatIndexList(std::vector<std::uint32_t>(assignment.memory_granules().begin(),
                                                                       assignment.memory_granules().end())));
    writer.writeEndElement();
    writer.writeTextElement(ns, QStringLiteral("txid"), QString::number(txid));
    writer.writeEndElement();
}

QString PartitionMetadata::toXml() const
{
    QString xml;
    QXmlStreamWriter writer(&xml);
    writer.setAutoFormatting(true);
    write(writer);
    return xml;
}

Result<PartitionMetadata> PartitionMetadata::parse(const QString &xml)
{
    QXmlStreamReader reader(xml);
    const auto ours = [&reader]() {
        const auto ns = reader.namespaceUri();
        return ns.isEmpty() || ns == kNamespaceUri;
    };
    if (!reader.readNextStartElement())
        return damaged(QStringLiteral("there is no element in it (%1).").arg(reader.errorString()));
    if (reader.name() != QLatin1String("partition") || !ours())
        return damaged(QStringLiteral("the top element is <%1>, not <partition> of %2.")
                           .arg(reader.qualifiedName().toString(), kNamespaceUri));

    PartitionMetadata meta;
    bool haveVcpus = false;
    bool haveMemory = false;
    bool haveCores = false;
    bool haveGranules = false;
    QString numberError;
    const auto number = [&](const QString &field) -> quint64 {
        const QString text = reader.readElementText().trimmed();
        bool ok = false;
        const quint64 value = text.toULongLong(&ok);
        if (!ok && numberError.isEmpty())
            numberError = QStringLiteral("<%1> holds \"%2\", not a number.").arg(field, text);
        return value;
    };

    while (reader.readNextStartElement()) {
        const QString name = reader.name().toString();
        if (!ours()) {
            reader.skipCurrentElement();
        } else if (name == QLatin1String("uuid")) {
            meta.spec.set_uuid(reader.readElementText().trimmed().toStdString());
        } else if (name == QLatin1String("name")) {
            meta.spec.set_name(reader.readElementText().toStdString());
        } else if (name == QLatin1String("domain")) {
            meta.spec.set_domain(reader.readElementText().toStdString());
        } else if (name == QLatin1String("zone")) {
            meta.spec.set_zone(reader.readElementText().toStdString());
        } else if (name == QLatin1String("boot")) {
            meta.spec.set_boot(reader.readElementText().toStdString());
        } else if (name == QLatin1String("accelerator")) {
            meta.spec.set_accelerator(reader.readElementText().trimmed().toStdString());
        } else if (name == QLatin1String("vcpus")) {
            meta.spec.set_vcpus(std::uint32_t(number(name)));
            haveVcpus = true;
        } else if (name == QLatin1String("memory")) {
            const QString unit = reader.attributes().value(QStringLiteral("unit")).toString();
            if (!unit.isEmpty() && unit != QLatin1String("MiB"))
                return damaged(QStringLiteral("<memory> is in \"%1\"; only MiB is written by vdc.").arg(unit));
            meta.spec.set_memory_mib(number(name));
            haveMemory = true;
        } else if (name == QLatin1String("bandwidth")) {
            meta.spec.set_bandwidth_mbps(std::uint32_t(number(name)));
        } else if (name == QLatin1String("priority")) {
            meta.spec.set_priority(std::uint32_t(number(name)));
        } else if (name == QLatin1String("cpu-shares")) {
            meta.spec.set_cpu_shares(std::uint32_t(number(name)));
        } else if (name == QLatin1String("txid")) {
            meta.txid = number(name);
        } else if (name == QLatin1String("assignment")) {
            bool ok = false;
            meta.granuleMib = reader.attributes().value(QStringLiteral("granule-mib")).toUInt(&ok);
            if (!ok || meta.granuleMib == 0)
                return damaged(QStringLiteral("<assignment> has no valid granule-mib attribute."));
            while (reader.readNextStartElement()) {
                const QString child = reader.name().toString();
                if (ours() && (child == QLatin1String("cores") || child == QLatin1String("granules"))) {
                    auto list = parseIndexList(child == QLatin1String("cores") ? QStringLiteral("core list")
                                                                               : QStringLiteral("granule list"),
                                               reader.readElementText());
                    if (!list)
                        return damaged(list.error().message());
                    auto *field = child == QLatin1String("cores") ? meta.assignment.mutable_cores()
                                                                  : meta.assignment.mutable_memory_granules();
                    field->Add(list->begin(), list->end());
                    (child == QLatin1String("cores") ? haveCores : haveGranules) = true;
                } else {
                    reader.skipCurrentElement();
                }
            }
        } else {
            reader.skipCurrentElement();
        }
    }
    if (reader.hasError())
        return damaged(QStringLiteral("%1 (line %2).").arg(reader.errorString()).arg(reader.lineNumber()));
    if (!numberError.isEmpty())
        return damaged(numberError);
    if (meta.spec.uuid().empty() || meta.spec.name().empty() || meta.spec.domain().empty())
        return damaged(QStringLiteral("the partition uuid, name or domain is missing."));
    if (!haveVcpus || !haveMemory || !haveCores || !haveGranules || meta.granuleMib == 0)
        return damaged(QStringLiteral("vcpus, memory or the resource assignment of partition %1 is missing.")
                           .arg(fromStd(meta.spec.name())));
    meta.assignment.set_memory_mib(quint64(meta.assignment.memory_granules_size()) * meta.granuleMib);
    return meta;
}

} // namespace vdc::monitor
