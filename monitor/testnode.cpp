#include "testnode.h"

#include <QFileInfo>
#include <QSaveFile>
#include <QXmlStreamWriter>

namespace vdc::monitor {

Result<void> writeTestDriverNode(const QString &path, std::uint32_t cores, std::uint64_t memoryMib)
{
    if (cores == 0 || memoryMib == 0)
        return Error(proto::ERROR_INVALID_ARGUMENT,
                     QStringLiteral("A test host needs at least one core and 1 MiB of memory (asked: %1 cores, %2 MiB).")
                         .arg(cores).arg(memoryMib));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error(proto::ERROR_STORAGE,
                     QStringLiteral("Cannot write the test host file %1: %2.").arg(path, file.errorString()));
    QXmlStreamWriter w(&file);
    w.setAutoFormatting(true);
    w.writeStartDocument();
    w.writeStartElement(QStringLiteral("node"));
    w.writeStartElement(QStringLiteral("cpu"));
    w.writeTextElement(QStringLiteral("mhz"), QStringLiteral("2000"));
    w.writeTextElement(QStringLiteral("model"), QStringLiteral("x86_64"));
    // The test driver reports nodes x sockets x cores x threads CPUs.
    w.writeTextElement(QStringLiteral("nodes"), QStringLiteral("1"));
    w.writeTextElement(QStringLiteral("sockets"), QStringLiteral("1"));
    w.writeTextElement(QStringLiteral("cores"), QString::number(cores));
    w.writeTextElement(QStringLiteral("threads"), QStringLiteral("1"));
    w.writeTextElement(QStringLiteral("active"), QString::number(cores));
    w.writeEndElement();
    w.writeTextElement(QStringLiteral("memory"), QString::number(memoryMib * 1024)); // KiB
    w.writeEndElement();
    w.writeEndDocument();
    if (!file.commit())
        return Error(proto::ERROR_STORAGE,
                     QStringLiteral("Cannot write the test host file %1: %2.").arg(path, file.errorString()));
    return {};
}

QString testDriverUri(const QString &nodeFilePath)
{
    return QStringLiteral("test://") + QFileInfo(nodeFilePath).absoluteFilePath();
}

} // namespace vdc::monitor
