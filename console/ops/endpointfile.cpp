#include "endpointfile.h"

#include <QFile>
#include <QSaveFile>

namespace vdc::ops {

Result<void> EndpointFile::write(const QString &path, const QString &listenEndpoint, const QString &publishEndpoint)
{
    QSaveFile file(path); // writes a temporary file and renames it on commit
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text))
        return Error(proto::ERROR_STORAGE, QStringLiteral("Cannot write the endpoint file %1: %2.").arg(path, file.errorString()));
    const QByteArray text = QStringLiteral("listen=%1\npublish=%2\n").arg(listenEndpoint, publishEndpoint).toUtf8();
    if (file.write(text) != text.size() || !file.commit())
        return Error(proto::ERROR_STORAGE, QStringLiteral("Cannot write the endpoint file %1: %2.").arg(path, file.errorString()));
    return {};
}

Result<EndpointFile::Endpoints> EndpointFile::read(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return Error(proto::ERROR_NOT_FOUND, QStringLiteral("Cannot read the endpoint file %1: %2.").arg(path, file.errorString()));
    Endpoints endpoints;
    for (const QByteArray &line : file.readAll().split('\n')) {
        const QString text = QString::fromUtf8(line).trimmed();
        if (text.startsWith(QLatin1String("listen=")))
            endpoints.listen = text.mid(7);
        else if (text.startsWith(QLatin1String("publish=")))
            endpoints.publish = text.mid(8);
    }
    if (endpoints.listen.isEmpty() || endpoints.publish.isEmpty())
        return Error(proto::ERROR_MALFORMED,
                     QStringLiteral("The endpoint file %1 lacks a listen= or publish= line.").arg(path));
    return endpoints;
}

} // namespace vdc::ops
