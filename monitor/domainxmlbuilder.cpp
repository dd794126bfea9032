#include "domainxmlbuilder.h"

#include <QXmlStreamWriter>

namespace vdc::monitor {

namespace {

const QString kKernelPrefix = QStringLiteral("kernel:");
const QString kFloppyPrefix = QStringLiteral("floppy:");

bool hasAbsolutePath(const QString &boot, const QString &prefix)
{
    return boot.startsWith(prefix) && boot.mid(prefix.size()).startsWith(QLatin1Char('/'));
}

} // namespace

QString DomainXmlBuilder::domainName(const proto::PartitionSpec &spec)
{
    return QStringLiteral("%1.%2").arg(QString::fromStdString(spec.domain()), QString::fromStdString(spec.name()));
}

Result<void> DomainXmlBuilder::validateBoot(const proto::PartitionSpec &spec)
{
    if (!spec.accelerator().empty() && spec.accelerator() != "tcg")
        return Error(proto::ERROR_INVALID_ARGUMENT,
                     QStringLiteral("Partition %1 asks for the accelerator \"%2\", which this host does not know; leave "
                                    "it empty or use \"tcg\".")
                         .arg(QString::fromStdString(spec.name()), QString::fromStdString(spec.accelerator())));
    const QString boot = QString::fromStdString(spec.boot());
    if (boot.isEmpty() || boot == QLatin1String("network"))
        return {};
    if (hasAbsolutePath(boot, kKernelPrefix) || hasAbsolutePath(boot, kFloppyPrefix))
        return {};
    return Error(proto::ERROR_INVALID_ARGUMENT,
                 QStringLiteral("Partition %1 boots from \"%2\", which this host does not know; use \"network\", "
                                "\"kernel:<absolute path>\" or \"floppy:<absolute path>\".")
                     .arg(QString::fromStdString(spec.name()), boot));
}

QString DomainXmlBuilder::serialLogPath(const proto::PartitionSpec &spec) const
{
    if (m_serialLogDir.isEmpty())
        return {};
    return QStringLiteral("%1/%2.log").arg(m_serialLogDir, domainName(spec));
}

DomainType DomainXmlBuilder::typeFor(const proto::PartitionSpec &spec) const
{
    if (m_type == DomainType::Kvm && spec.accelerator() == "tcg")
        return DomainType::Qemu;
    return m_type;
}

Result<QString> DomainXmlBuilder::build(const PartitionMetadata &metadata) const
{
    const proto::PartitionSpec &spec = metadata.spec;
    if (auto boot = validateBoot(spec); !boot)
        return boot.error();
    if (metadata.assignment.cores_size() == 0 || std::uint32_t(metadata.assignment.cores_size()) != spec.vcpus())
        return Error(proto::ERROR_INVALID_ARGUMENT,
                     QStringLiteral("Partition %1 has %2 vCPUs but %3 cores are assigned; each vCPU needs one core.")
                         .arg(QString::fromStdString(spec.name()))
                         .arg(spec.vcpus())
                         .arg(metadata.assignment.cores_size()));
    if (metadata.assignment.memory_granules_size() == 0 || metadata.granuleMib == 0)
        return Error(proto::ERROR_INVALID_ARGUMENT,
                     QStringLiteral("Partition %1 has no memory assigned.").arg(QString::fromStdString(spec.name())));

    const bool emulated = m_type != DomainType::Test;
    const quint64 memoryKib = quint64(metadata.assignment.memory_granules_size()) * metadata.granuleMib * 1024;

    QString xml;
    QXmlStreamWriter w(&xml);
    w.setAutoFormatting(true);
    w.writeStartElement(QStringLiteral("domain"));
    w.writeAttribute(QStringLiteral("type"), domainTypeName(typeFor(spec)));
    w.writeTextElement(QStringLiteral("name"), domainName(spec));
    w.writeTextElement(QStringLiteral("uuid"), QString::fromStdString(spec.uuid()));

    w.writeStartElement(QStringLiteral("metadata"));
    metadata.write(w);
    w.writeEndElement();

    w.writeStartElement(QStringLiteral("memory"));
    w.writeAttribute(QStringLiteral("unit"), QStringLiteral("KiB"));
    w.writeCharacters(QString::number(memoryKib));
    w.writeEndElement();
    w.writeStartElement(QStringLiteral("currentMemory"));
    w.writeAttribute(QStringLiteral("unit"), QStringLiteral("KiB"));
    w.writeCharacters(QString::number(memoryKib));
    w.writeEndElement();

    w.writeStartElement(QStringLiteral("vcpu"));
    w.writeAttribute(QStringLiteral("placement"), QStringLiteral("static"));
    w.writeCharacters(QString::number(metadata.assignment.cores_size()));
    w.writeEndElement();
    w.writeStartElement(QStringLiteral("cputune"));
    // The relative CPU weight the operations service gives the partition
    // (its policy set's shares for its class, or its own); none: the default.
    if (spec.cpu_shares() > 0)
        w.writeTextElement(QStringLiteral("shares"), QString::number(spec.cpu_shares()));
    for (int i = 0; i < metadata.assignment.cores_size(); ++i) {
        w.writeEmptyElement(QStringLiteral("vcpupin"));
        w.writeAttribute(QStringLiteral("vcpu"), QString::number(i));
        w.writeAttribute(QStringLiteral("cpuset"), QString::number(metadata.assignment.cores(i)));
    }
    w.writeEndElement();

    w.writeStartElement(QStringLiteral("os"));
    w.writeStartElement(QStringLiteral("type"));
    if (emulated) {
        w.writeAttribute(QStringLiteral("arch"), QStringLiteral("x86_64"));
        w.writeAttribute(QStringLiteral("machine"), QStringLiteral("pc"));
    }
    w.writeCharacters(QStringLiteral("hvm"));
    w.writeEndElement();
    const QString boot = QString::fromStdString(spec.boot());
    if (boot.startsWith(kKernelPrefix)) {
        w.writeTextElement(QStringLiteral("kernel"), boot.mid(kKernelPrefix.size()));
        w.writeTextElement(QStringLiteral("cmdline"), QStringLiteral("console=ttyS0"));
    } else if (boot.startsWith(kFloppyPrefix)) {
        w.writeEmptyElement(QStringLiteral("boot"));
        w.writeAttribute(QStringLiteral("dev"), QStringLiteral("fd"));
    } else {
        // No disk: the firmware tries the network and waits.
        w.writeEmptyElement(QStringLiteral("boot"));
        w.writeAttribute(QStringLiteral("dev"), QStringLiteral("network"));
    }
    w.writeEndElement(); // os

    if (emulated) {
        w.writeStartElement(QStringLiteral("features"));
        w.writeEmptyElement(QStringLiteral("acpi"));
        w.writeEndElement();
    }
    w.writeTextElement(QStringLiteral("on_poweroff"), QStringLiteral("destroy"));
    w.writeTextElement(QStringLiteral("on_reboot"), QStringLiteral("restart"));
    w.writeTextElement(QStringLiteral("on_crash"), QStringLiteral("destroy"));

    w.writeStartElement(QStringLiteral("devices"));
    if (boot.startsWith(kFloppyPrefix)) {
        // Read-only: migration needs no shared writable storage for it.
        w.writeStartElement(QStringLiteral("disk"));
        w.writeAttribute(QStringLiteral("type"), QStringLiteral("file"));
        w.writeAttribute(QStringLiteral("device"), QStringLiteral("floppy"));
        if (emulated) {
            w.writeEmptyElement(QStringLiteral("driver"));
            w.writeAttribute(QStringLiteral("name"), QStringLiteral("qemu"));
            w.writeAttribute(QStringLiteral("type"), QStringLiteral("raw"));
        }
        w.writeEmptyElement(QStringLiteral("source"));
        w.writeAttribute(QStringLiteral("file"), boot.mid(kFloppyPrefix.size()));
        w.writeEmptyElement(QStringLiteral("target"));
        w.writeAttribute(QStringLiteral("dev"), QStringLiteral("fda"));
        w.writeAttribute(QStringLiteral("bus"), QStringLiteral("fdc"));
        w.writeEmptyElement(QStringLiteral("readonly"));
        w.writeEndElement();
    }
    if (emulated) {
        const QString serialLog = serialLogPath(spec);
        const QString chardev = serialLog.isEmpty() ? QStringLiteral("pty") : QStringLiteral("file");
        w.writeStartElement(QStringLiteral("serial"));
        w.writeAttribute(QStringLiteral("type"), chardev);
        if (!serialLog.isEmpty()) {
            w.writeEmptyElement(QStringLiteral("source"));
            w.writeAttribute(QStringLiteral("path"), serialLog);
            w.writeAttribute(QStringLiteral("append"), QStringLiteral("on"));
        }
        w.writeEmptyElement(QStringLiteral("target"));
        w.writeAttribute(QStringLiteral("port"), QStringLiteral("0"));
        w.writeEndElement();
        if (serialLog.isEmpty()) { // with a file, libvirt adds the console mirroring it
            w.writeStartElement(QStringLiteral("console"));
            w.writeAttribute(QStringLiteral("type"), chardev);
            w.writeEmptyElement(QStringLiteral("target"));
            w.writeAttribute(QStringLiteral("type"), QStringLiteral("serial"));
            w.writeAttribute(QStringLiteral("port"), QStringLiteral("0"));
            w.writeEndElement();
        }
    }
    w.writeEndElement(); // devices
    w.writeEndElement(); // domain
    w.writeEndDocument();
    return xml;
}

} // namespace vdc::monitor
