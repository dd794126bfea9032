#include "zonelayout.h"

#include <QCryptographicHash>
#include <QSettings>

namespace vdc::gui {

ZoneLayout::ZoneLayout(const QString &endpoint)
{
    if (endpoint.isEmpty())
        return;
    // Endpoints carry ':' and '/', which QSettings treats as separators.
    m_group = QStringLiteral("map/%1")
                  .arg(QString::fromLatin1(QCryptographicHash::hash(endpoint.toUtf8(), QCryptographicHash::Sha1).toHex().left(16)));
    QSettings settings;
    settings.beginGroup(m_group);
    settings.beginGroup(QStringLiteral("zones"));
    for (const QString &k : settings.childKeys()) {
        const QRectF r = settings.value(k).toRectF();
        if (r.isValid())
            m_rects.insert(QString::fromUtf8(QByteArray::fromHex(k.toLatin1())), r);
    }
}

QString ZoneLayout::key(const QString &zone) const
{
    return QString::fromLatin1(zone.toUtf8().toHex());
}

void ZoneLayout::save(const QString &zone) const
{
    if (m_group.isEmpty())
        return;
    QSettings settings;
    settings.beginGroup(m_group);
    settings.beginGroup(QStringLiteral("zones"));
    if (m_rects.contains(zone))
        settings.setValue(key(zone), m_rects.value(zone));
    else
        settings.remove(key(zone));
}

void ZoneLayout::setRect(const QString &zone, const QRectF &rect)
{
    m_rects.insert(zone, rect);
    save(zone);
}

void ZoneLayout::rename(const QString &from, const QString &to)
{
    if (!m_rects.contains(from))
        return;
    m_rects.insert(to, m_rects.take(from));
    save(from);
    save(to);
}

void ZoneLayout::remove(const QString &zone)
{
    m_rects.remove(zone);
    save(zone);
}

} // namespace vdc::gui
