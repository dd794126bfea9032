#pragma once

#include <QHash>
#include <QRectF>
#include <QString>

namespace vdc::gui {

// Where the admin put each zone on the map. The engine's Zone has no
// geometry, so the console keeps it in QSettings, per engine endpoint (two
// engines may both have a zone "rack-a", in different places).
class ZoneLayout
{
public:
    // endpoint: the engine's ops endpoint; empty keeps the layout in memory only.
    explicit ZoneLayout(const QString &endpoint = {});

    bool contains(const QString &zone) const { return m_rects.contains(zone); }
    QRectF rect(const QString &zone) const { return m_rects.value(zone); }
    void setRect(const QString &zone, const QRectF &rect);
    void rename(const QString &from, const QString &to);
    void remove(const QString &zone);

private:
    void save(const QString &zone) const;
    QString key(const QString &zone) const;

    QString m_group;
    QHash<QString, QRectF> m_rects;
};

} // namespace vdc::gui
