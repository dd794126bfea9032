#pragma once

#include "vdc.pb.h"

#include <QDateTime>
#include <QList>
#include <QTimeZone>
#include <QTimer>
#include <QWidget>

class QLabel;

namespace vdc::gui {

class OpsClient;

// What will change at a domain's next calendar boundary, as the engine plans
// it (PreviewCalendar): "At 18:00 today (in 3 h 12 min): policy set night
// comes into force", then the engine's list of what it will start, stop and
// change. The countdown moves on by itself; when the boundary passes, the
// engine is asked again.
class BoundaryPreviewWidget : public QWidget
{
    Q_OBJECT
public:
    explicit BoundaryPreviewWidget(OpsClient *client, QWidget *parent = nullptr);

    void setDomain(const QString &domain);
    QString domain() const { return m_domain; }
    // Times are shown in this zone.
    void setTimeZone(const QTimeZone &zone);

    // Everything the widget says, as plain text.
    QString text() const;
    const QList<proto::PlannedBoundary> &boundaries() const { return m_boundaries; }

    // The headline for a boundary at `at` seen at `now`, e.g.
    // "At 18:00 today (in 3 h 12 min): policy set night comes into force".
    static QString headline(const proto::PlannedBoundary &boundary, const QDateTime &now, const QTimeZone &zone);
    // "3 h 12 min", "5 min", "2 days 4 h".
    static QString countdown(qint64 seconds);

public slots:
    void refresh();

signals:
    // A new answer from the engine is shown.
    void refreshed();
    // A boundary the widget was counting down to has passed.
    void boundaryPassed();

private:
    void render();

    OpsClient *m_client;
    QString m_domain;
    QTimeZone m_zone;
    QList<proto::PlannedBoundary> m_boundaries;
    QString m_error;
    bool m_loaded = false;
    QLabel *m_title;
    QLabel *m_body;
    QTimer m_tick;
    QTimer m_boundaryTimer;
    quint64 m_generation = 0;
};

} // namespace vdc::gui
