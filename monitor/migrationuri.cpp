#include "migrationuri.h"

#include <QUrl>
#include <QUrlQuery>

namespace vdc::monitor {

QString defaultMigrationUri(const QString &uri, const QString &machineHostName)
{
    const QUrl url(uri);
    const QString scheme = url.scheme();
    if (!scheme.startsWith(QLatin1String("qemu")))
        return {};
    if (scheme != QLatin1String("qemu"))
        return uri; // qemu+ssh://, qemu+tcp://, qemu+unix://: already reachable from elsewhere
    if (QUrlQuery(url).hasQueryItem(QStringLiteral("socket"))) {
        QUrl local(url);
        local.setScheme(QStringLiteral("qemu+unix"));
        return local.toString();
    }
    if (!url.host().isEmpty())
        return uri;
    return QStringLiteral("qemu+ssh://%1%2").arg(machineHostName, url.path().isEmpty() ? QStringLiteral("/system") : url.path());
}

QString defaultMigrationAddress(const QString &uri)
{
    const QUrl url(uri);
    if (url.scheme() == QLatin1String("qemu") && QUrlQuery(url).hasQueryItem(QStringLiteral("socket")))
        return QStringLiteral("tcp://127.0.0.1");
    return {};
}

} // namespace vdc::monitor
