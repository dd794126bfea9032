#include "boundarypreviewwidget.h"

#include "calendarpalette.h"
#include "opsclient.h"

#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

namespace vdc::gui {

namespace {
QString str(const std::string &s) { return QString::fromStdString(s); }
constexpr int kTickMs = 15000;
} // namespace

BoundaryPreviewWidget::BoundaryPreviewWidget(OpsClient *client, QWidget *parent)
    : QWidget(parent)
    , m_client(client)
    , m_zone(QTimeZone::systemTimeZone())
    , m_title(new QLabel(this))
    , m_body(new QLabel(this))
{
    setObjectName(QStringLiteral("boundaryPreview"));
    m_title->setObjectName(QStringLiteral("boundaryTitle"));
    m_body->setObjectName(QStringLiteral("boundaryText"));
    m_body->setWordWrap(true);
    m_body->setTextFormat(Qt::RichText);
    m_body->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_body->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setText(tr("Next policy change"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 6, 8, 6);
    layout->setSpacing(4);
    layout->addWidget(m_title);
    layout->addWidget(m_body, 1);

    m_tick.setInterval(kTickMs);
    connect(&m_tick, &QTimer::timeout, this, &BoundaryPreviewWidget::render);
    m_tick.start();
    m_boundaryTimer.setSingleShot(true);
    connect(&m_boundaryTimer, &QTimer::timeout, this, [this] {
        emit boundaryPassed();
        refresh();
    });
    render();
}

void BoundaryPreviewWidget::setDomain(const QString &domain)
{
    if (m_domain == domain)
        return;
    m_domain = domain;
    m_boundaries.clear();
    m_loaded = false;
    render();
    refresh();
}

void BoundaryPreviewWidget::setTimeZone(const QTimeZone &zone)
{
    m_zone = zone;
    render();
}

void BoundaryPreviewWidget::refresh()
{
    if (m_domain.isEmpty())
        return;
    proto::OpsRequest request;
    request.mutable_preview_calendar()->set_domain(m_domain.toStdString());
    const quint64 generation = ++m_generation;
    const QString domain = m_domain;
    m_client->request(request, this, [this, generation, domain](const proto::OpsReply &reply) {
        if (generation != m_generation || domain != m_domain)
            return; // a newer question is on its way
        m_loaded = true;
        m_boundaries.clear();
        m_error.clear();
        if (reply.error().code() != proto::ERROR_NONE) {
            m_error = tr("The engine could not say what changes next: %1").arg(str(reply.error().message()));
        } else {
            for (const auto &b : reply.preview().boundaries())
                if (str(b.domain()) == domain)
                    m_boundaries << b;
        }
        // Ask again just after the next boundary has passed.
        m_boundaryTimer.stop();
        const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
        for (const auto &b : std::as_const(m_boundaries)) {
            if (b.at_ms() > nowMs) {
                const qint64 wait = b.at_ms() - nowMs + 1000;
                // Far boundaries are caught by the periodic refresh of the panel.
                if (wait < qint64(24) * 3600 * 1000)
                    m_boundaryTimer.start(int(wait));
                break;
            }
        }
        render();
        emit refreshed();
    });
}

QString BoundaryPreviewWidget::countdown(qint64 seconds)
{
    if (seconds < 60)
        return tr("less than a minute");
    const qint64 minutes = seconds / 60;
    if (minutes < 60)
        return tr("%1 min").arg(minutes);
    const qint64 hours = minutes / 60;
    if (hours < 48)
        return minutes % 60 == 0 ? tr("%1 h").arg(hours) : tr("%1 h %2 min").arg(hours).arg(minutes % 60);
    const qint64 days = hours / 24;
    return hours % 24 == 0 ? tr("%1 d").arg(days) : tr("%1 d %2 h").arg(days).arg(hours % 24);
}

QString BoundaryPreviewWidget::headline(const proto::PlannedBoundary &b, const QDateTime &now, const QTimeZone &zone)
{
    const QLocale locale;
    const QDateTime at = QDateTime::fromMSecsSinceEpoch(b.at_ms(), Qt::UTC).toTimeZone(zone);
    const QDate today = now.toTimeZone(zone).date();
    const QString time = at.time().toString(QStringLiteral("HH:mm"));
    QString when;
    if (at.date() == today)
        when = tr("%1 today").arg(time);
    else if (at.date() == today.addDays(1))
        when = tr("%1 tomorrow").arg(time);
    else if (today.daysTo(at.date()) < 7)
        when = tr("%1 on %2").arg(time, locale.dayName(at.date().dayOfWeek(), QLocale::LongFormat));
    else
        when = tr("%1 on %2").arg(time, locale.toString(at.date(), QStringLiteral("d MMM yyyy")));
    const QString set = str(b.policy_set_after());
    const qint64 seconds = now.secsTo(at);
    if (seconds <= 0)
        return tr("Now: policy set %1 is due to be in force").arg(set);
    return tr("At %1 (in %2): policy set %3 comes into force").arg(when, countdown(seconds), set);
}

QString BoundaryPreviewWidget::text() const
{
    if (!m_error.isEmpty())
        return m_error;
    if (m_domain.isEmpty())
        return tr("Choose a domain to see its next policy change.");
    if (!m_loaded)
        return tr("Asking the engine what changes next...");
    if (m_boundaries.isEmpty())
        return tr("No policy change ahead in domain %1: no calendar entry begins or ends from now on.").arg(m_domain);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QStringList parts;
    for (const auto &b : m_boundaries) {
        QStringList changes;
        for (const auto &c : b.changes())
            changes << str(c);
        parts << tr("%1: %2").arg(headline(b, now, m_zone), changes.join(QLatin1Char(' ')));
    }
    return parts.join(QLatin1Char('\n'));
}

void BoundaryPreviewWidget::render()
{
    if (m_boundaries.isEmpty() || !m_error.isEmpty()) {
        m_body->setText(text().toHtmlEscaped());
        return;
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QString html;
    for (const auto &b : std::as_const(m_boundaries)) {
        const QString set = str(b.policy_set_after());
        const QColor color = CalendarPalette::color(set);
        html += QStringLiteral("<p style='margin:0 0 2px 0'><span style='color:%1'>&#9632;</span> <b>%2</b></p>")
                    .arg(color.name(), headline(b, now, m_zone).toHtmlEscaped() + QLatin1Char(':'));
        html += QStringLiteral("<ul style='margin-top:0; margin-bottom:4px; -qt-list-indent:1'>");
        for (const auto &c : b.changes())
            html += QStringLiteral("<li>%1</li>").arg(str(c).toHtmlEscaped());
        html += QStringLiteral("</ul>");
        html += QStringLiteral("<p style='margin:0 0 6px 0; color:%1'><small>%2</small></p>")
                    .arg(palette().color(QPalette::PlaceholderText).name(), str(b.summary()).toHtmlEscaped());
    }
    m_body->setText(html);
}

} // namespace vdc::gui
