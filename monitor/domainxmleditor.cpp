#include "domainxmleditor.h"

#include <QStringList>
#include <QXmlStreamReader>
#include <QXmlStreamWriter>

#include <map>

namespace vdc::monitor {

namespace {

Error unreadable(const QXmlStreamReader &reader)
{
    return Error(proto::ERROR_MALFORMED, QStringLiteral("The domain XML cannot be read: %1 (line %2).")
                                             .arg(reader.errorString())
                                             .arg(reader.lineNumber()));
}

void writePins(QXmlStreamWriter &w, const proto::ResourceAssignment &assignment)
{
    for (int i = 0; i < assignment.cores_size(); ++i) {
        w.writeEmptyElement(QStringLiteral("vcpupin"));
        w.writeAttribute(QStringLiteral("vcpu"), QString::number(i));
        w.writeAttribute(QStringLiteral("cpuset"), QString::number(assignment.cores(i)));
    }
}

} // namespace

Result<QString> DomainXmlEditor::retarget(const QString &xml, const PartitionMetadata &metadata)
{
    QXmlStreamReader reader(xml);
    QString out;
    QXmlStreamWriter w(&out);
    QStringList path; // open elements, outermost first
    bool sawCputune = false;
    bool sawMetadata = false;
    bool wroteMetadata = false;
    int vcpus = -1;

    while (!reader.atEnd()) {
        reader.readNext();
        if (reader.hasError())
            return unreadable(reader);
        switch (reader.tokenType()) {
        case QXmlStreamReader::StartDocument:
        case QXmlStreamReader::EndDocument:
        case QXmlStreamReader::DTD:
            break; // libvirt reads the bare element
        case QXmlStreamReader::StartElement: {
            const QString name = reader.name().toString();
            const bool inDomain = path.size() == 1;
            if (path.size() == 2 && path.at(1) == QLatin1String("cputune") && name == QLatin1String("vcpupin")) {
                reader.skipCurrentElement(); // replaced, written when <cputune> opened
                break;
            }
            if (path.size() == 2 && path.at(1) == QLatin1String("metadata") && name == QLatin1String("partition")
                && reader.namespaceUri() == PartitionMetadata::kNamespaceUri) {
                reader.skipCurrentElement();
                if (!wroteMetadata)
                    metadata.write(w);
                wroteMetadata = true;
                break;
            }
            if (inDomain && name == QLatin1String("vcpu")) {
                const QXmlStreamAttributes attributes = reader.attributes();
                const QString text = reader.readElementText();
                bool ok = false;
                vcpus = text.trimmed().toInt(&ok);
                if (!ok)
                    vcpus = -1;
                w.writeStartElement(QStringLiteral("vcpu"));
                w.writeAttributes(attributes);
                w.writeCharacters(text);
                w.writeEndElement();
                break;
            }
            w.writeCurrentToken(reader);
            path << name;
            if (inDomain && name == QLatin1String("cputune")) {
                sawCputune = true;
                writePins(w, metadata.assignment);
            } else if (inDomain && name == QLatin1String("metadata")) {
                sawMetadata = true;
            }
            break;
        }
        case QXmlStreamReader::EndElement:
            if (path.size() == 2 && path.at(1) == QLatin1String("metadata") && !wroteMetadata) {
                metadata.write(w);
                wroteMetadata = true;
            }
            if (path.size() == 1) { // </domain>: add what was missing
                if (!sawCputune) {
                    w.writeStartElement(QStringLiteral("cputune"));
                    writePins(w, metadata.assignment);
                    w.writeEndElement();
                }
                if (!sawMetadata) {
                    w.writeStartElement(QStringLiteral("metadata"));
                    metadata.write(w);
                    w.writeEndElement();
                }
            }
            w.writeCurrentToken(reader);
            if (!path.isEmpty())
                path.removeLast();
            break;
        default:
            w.writeCurrentToken(reader);
            break;
        }
    }
    if (reader.hasError())
        return unreadable(reader);
    if (vcpus >= 0 && vcpus != metadata.assignment.cores_size())
        return Error(proto::ERROR_INVALID_ARGUMENT,
                     QStringLiteral("The domain of partition %1 has %2 vCPUs but %3 cores are assigned to it on the "
                                    "target; each vCPU needs one core.")
                         .arg(QString::fromStdString(metadata.spec.name()))
                         .arg(vcpus)
                         .arg(metadata.assignment.cores_size()));
    return out;
}

Result<std::vector<std::uint32_t>> DomainXmlEditor::pinnedCores(const QString &xml)
{
    QXmlStreamReader reader(xml);
    std::map<int, std::uint32_t> pins;
    int vcpus = 0;
    QStringList path;
    while (!reader.atEnd()) {
        reader.readNext();
        if (reader.isStartElement()) {
            const QString name = reader.name().toString();
            if (path.size() == 1 && name == QLatin1String("vcpu")) {
                vcpus = reader.readElementText().trimmed().toInt();
                continue;
            }
            if (path.size() == 2 && path.at(1) == QLatin1String("cputune") && name == QLatin1String("vcpupin")) {
                bool vcpuOk = false;
                bool coreOk = false;
                const int vcpu = reader.attributes().value(QStringLiteral("vcpu")).toInt(&vcpuOk);
                const QString cpuset = reader.attributes().value(QStringLiteral("cpuset")).toString();
                const std::uint32_t core = cpuset.trimmed().toUInt(&coreOk);
                if (!vcpuOk || !coreOk)
                    return Error(proto::ERROR_FAILED_PRECONDITION,
                                 QStringLiteral("vCPU %1 is pinned to \"%2\", not to one core.")
                                     .arg(reader.attributes().value(QStringLiteral("vcpu")).toString(), cpuset));
                pins[vcpu] = core;
                reader.skipCurrentElement();
                continue;
            }
            path << name;
        } else if (reader.isEndElement() && !path.isEmpty()) {
            path.removeLast();
        }
    }
    if (reader.hasError())
        return unreadable(reader);
    std::vector<std::uint32_t> cores;
    for (int vcpu = 0; vcpu < vcpus; ++vcpu) {
        const auto it = pins.find(vcpu);
        if (it == pins.end())
            return Error(proto::ERROR_FAILED_PRECONDITION, QStringLiteral("vCPU %1 is not pinned to a core.").arg(vcpu));
        cores.push_back(it->second);
    }
    return cores;
}

} // namespace vdc::monitor
