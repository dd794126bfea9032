#include "chartspanel.h"

#include "displayformat.h"
#include "opsclient.h"
#include "statestore.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QFrame>
#include <QGraphicsLayout>
#include <QHBoxLayout>
#include <QHorizontalBarSeries>
#include <QLabel>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLocale>
#include <QStackedWidget>
#include <QTimer>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace vdc::gui {

namespace {

const QColor kBlue(0x2a, 0x6f, 0xc9);
const QColor kGreen(0x3b, 0x9a, 0x4a);
const QColor kOrange(0xe0, 0x7b, 0x1a);
const QColor kGrey(0x8a, 0x8f, 0x98);
const QColor kGrid(0xe4, 0xe6, 0xea);
// A subject whose newest point is this much behind the newest of all counts
// as silent.
constexpr std::int64_t kSilentMs = 5000;

QString qs(const std::string &s) { return QString::fromStdString(s); }

QString clockTime(std::int64_t ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).time().toString(QStringLiteral("HH:mm:ss"));
}

// An axis from 0 to the smallest of 1, 2, 4, 5, 10 x 10^n that holds value,
// with three ticks (0, half, top) on round numbers: the charts are short,
// and more labels than that do not fit beside them.
struct NiceAxis
{
    double top;
    int ticks;
    const char *format;
};

NiceAxis niceAxis(double value)
{
    const double v = std::max(value, 1.0);
    const double scale = std::pow(10.0, std::floor(std::log10(v)));
    for (double step : {1.0, 2.0, 4.0, 5.0, 10.0}) {
        if (v <= step * scale * 1.0000001) {
            const double top = step * scale;
            return {top, 3, top / 2 < 1.0 ? "%.1f" : "%.0f"};
        }
    }
    return {10.0 * scale, 3, "%.0f"};
}

void applyAxis(QValueAxis *axis, double value)
{
    const NiceAxis nice = niceAxis(value);
    axis->setRange(0, nice.top);
    axis->setTickCount(nice.ticks);
    axis->setLabelFormat(QLatin1String(nice.format));
}

struct RateUnit
{
    double divisor;
    QString name;
};

RateUnit rateUnit(double maxBytesPerS)
{
    if (maxBytesPerS >= 1024.0 * 1024.0 * 1024.0)
        return {1024.0 * 1024.0 * 1024.0, ChartsPanel::tr("GiB/s")};
    if (maxBytesPerS >= 1024.0 * 1024.0)
        return {1024.0 * 1024.0, ChartsPanel::tr("MiB/s")};
    if (maxBytesPerS >= 1024.0)
        return {1024.0, ChartsPanel::tr("KiB/s")};
    return {1.0, ChartsPanel::tr("B/s")};
}

QString rate(std::uint64_t bytesPerS)
{
    const RateUnit unit = rateUnit(double(bytesPerS));
    const double value = double(bytesPerS) / unit.divisor;
    return ChartsPanel::tr("%1 %2", "value unit")
        .arg(QLocale().toString(value, 'f', unit.divisor > 1.0 && value < 10.0 ? 1 : 0), unit.name);
}

QString percent(double value)
{
    return ChartsPanel::tr("%1 %").arg(QLocale().toString(value, 'f', value < 10.0 ? 1 : 0));
}

} // namespace

ChartsPanel::ChartsPanel(StatsStore *stats, StateStore *state, QWidget *parent)
    : QWidget(parent)
    , m_stats(stats)
    , m_state(state)
    , m_kindBox(new QComboBox(this))
    , m_objectBox(new QComboBox(this))
    , m_rangeBox(new QComboBox(this))
    , m_notice(new QLabel(this))
    , m_subjectStack(new QStackedWidget(this))
    , m_waiting(new QLabel(this))
    , m_zoneStack(new QStackedWidget(this))
    , m_zoneWaiting(new QLabel(this))
    , m_zoneView(new QChartView(this))
    , m_zoneSeries(new QHorizontalBarSeries(this))
    , m_zoneCpu(new QBarSet(tr("CPU")))
    , m_zoneMemory(new QBarSet(tr("Memory")))
    , m_zoneAxis(new QBarCategoryAxis(this))
    , m_zoneValue(new QValueAxis(this))
{
    setObjectName(QStringLiteral("chartsPanel"));

    m_kindBox->setObjectName(QStringLiteral("chartsKindBox"));
    m_objectBox->setObjectName(QStringLiteral("chartsObjectBox"));
    m_objectBox->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_objectBox->setMinimumContentsLength(16);
    m_rangeBox->setObjectName(QStringLiteral("chartsRangeBox"));
    fillKinds();
    for (int minutes : {1, 5, 15})
        m_rangeBox->addItem(tr("Last %n minute(s)", nullptr, minutes), minutes);
    m_rangeBox->setCurrentIndex(1);
    connect(m_kindBox, &QComboBox::currentIndexChanged, this, [this] {
        if (m_updatingPickers)
            return;
        fillObjects();
        onPickerChanged();
    });
    connect(m_objectBox, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_updatingPickers)
            onPickerChanged();
    });
    connect(m_rangeBox, &QComboBox::currentIndexChanged, this,
            [this] { setRangeMinutes(m_rangeBox->currentData().toInt()); });

    m_notice->setObjectName(QStringLiteral("chartsNotice"));
    m_notice->setWordWrap(true);
    m_notice->setTextFormat(Qt::PlainText);
    m_notice->setContentsMargins(8, 4, 8, 4);
    m_notice->setAutoFillBackground(true);
    QPalette noticePalette = m_notice->palette();
    noticePalette.setColor(QPalette::Window, QColor(0xfc, 0xf3, 0xd9));
    noticePalette.setColor(QPalette::WindowText, QColor(0x5c, 0x45, 0x00));
    m_notice->setPalette(noticePalette);
    m_notice->hide();

    for (QLabel *waiting : {m_waiting, m_zoneWaiting}) {
        waiting->setWordWrap(true);
        waiting->setAlignment(Qt::AlignCenter);
        waiting->setTextFormat(Qt::PlainText);
        waiting->setMargin(24);
        QPalette p = waiting->palette();
        p.setColor(QPalette::WindowText, p.color(QPalette::PlaceholderText));
        waiting->setPalette(p);
    }
    m_waiting->setObjectName(QStringLiteral("chartsWaiting"));
    m_zoneWaiting->setObjectName(QStringLiteral("zoneChartsWaiting"));

    m_cpu = makeTimeChart(QStringLiteral("cpuChart"), tr("Busy"), kBlue, {}, {}, false);
    m_memory = makeTimeChart(QStringLiteral("memoryChart"), tr("Used"), kGreen, tr("Total"), kGrey, true);
    m_network = makeTimeChart(QStringLiteral("networkChart"), tr("Received"), kBlue, tr("Sent"), kOrange, false);

    auto *charts = new QWidget(this);
    auto *chartsLayout = new QVBoxLayout(charts);
    chartsLayout->setContentsMargins(0, 0, 0, 0);
    chartsLayout->setSpacing(6);
    chartsLayout->addWidget(framed(tr("CPU"), m_cpu), 1);
    chartsLayout->addWidget(framed(tr("Memory"), m_memory), 1);
    chartsLayout->addWidget(framed(tr("Network"), m_network), 1);
    m_subjectStack->addWidget(m_waiting);
    m_subjectStack->addWidget(charts);

    // The zone overview: every zone's use now, as horizontal bars.
    auto *zoneChart = new QChart;
    styleChart(zoneChart);
    zoneChart->setMargins(QMargins(2, 2, 44, 2));
    m_zoneCpu->setColor(kBlue);
    m_zoneCpu->setBorderColor(kBlue);
    m_zoneMemory->setColor(kGreen);
    m_zoneMemory->setBorderColor(kGreen);
    // Horizontal bars stack their sets bottom-up: Memory first puts CPU on top.
    m_zoneSeries->append(m_zoneMemory);
    m_zoneSeries->append(m_zoneCpu);
    m_zoneSeries->setBarWidth(0.55);
    m_zoneSeries->setLabelsVisible(true);
    m_zoneSeries->setLabelsFormat(tr("@value %"));
    // Beside the bar's end, where a short bar's label still fits; the
    // chart keeps a margin on the right for the labels of full bars.
    m_zoneSeries->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd);
    m_zoneCpu->setLabelColor(palette().color(QPalette::Text));
    m_zoneMemory->setLabelColor(palette().color(QPalette::Text));
    m_zoneSeries->setLabelsPrecision(3);
    zoneChart->addSeries(m_zoneSeries);
    m_zoneValue->setRange(0, 100);
    m_zoneValue->setTickCount(6);
    m_zoneValue->setLabelFormat(QStringLiteral("%.0f"));
    m_zoneValue->setTitleText(tr("In use (%)"));
    zoneChart->addAxis(m_zoneAxis, Qt::AlignLeft);
    zoneChart->addAxis(m_zoneValue, Qt::AlignBottom);
    m_zoneSeries->attachAxis(m_zoneAxis);
    m_zoneSeries->attachAxis(m_zoneValue);
    for (QAbstractAxis *axis : zoneChart->axes()) {
        axis->setGridLineColor(kGrid);
        axis->setLabelsFont(font());
        axis->setTitleFont(font());
    }
    zoneChart->legend()->setAlignment(Qt::AlignTop);
    // Legend in reading order: CPU, then Memory.
    zoneChart->legend()->setReverseMarkers(true);
    m_zoneView->setChart(zoneChart);
    m_zoneView->setObjectName(QStringLiteral("zoneChart"));
    m_zoneView->setRenderHint(QPainter::Antialiasing);
    m_zoneView->setFrameShape(QFrame::NoFrame);
    m_zoneStack->addWidget(m_zoneWaiting);
    m_zoneStack->addWidget(m_zoneView);

    auto *zoneCard = new QFrame(this);
    zoneCard->setObjectName(QStringLiteral("zoneCard"));
    zoneCard->setFrameShape(QFrame::StyledPanel);
    zoneCard->setAutoFillBackground(true);
    zoneCard->setBackgroundRole(QPalette::Base);
    auto *zoneTitle = new QLabel(tr("Zones now"), zoneCard);
    QFont bold = zoneTitle->font();
    bold.setBold(true);
    zoneTitle->setFont(bold);
    auto *zoneHint = new QLabel(tr("share of each zone's cores and memory in use"), zoneCard);
    zoneHint->setForegroundRole(QPalette::PlaceholderText);
    auto *zoneLayout = new QVBoxLayout(zoneCard);
    zoneLayout->setContentsMargins(10, 8, 10, 6);
    zoneLayout->setSpacing(2);
    zoneLayout->addWidget(zoneTitle);
    zoneLayout->addWidget(zoneHint);
    zoneLayout->addWidget(m_zoneStack, 1);

    auto *pickers = new QHBoxLayout;
    auto *showLabel = new QLabel(tr("&Show:"), this);
    showLabel->setBuddy(m_kindBox);
    pickers->addWidget(showLabel);
    pickers->addWidget(m_kindBox);
    pickers->addWidget(m_objectBox);
    pickers->addStretch(1);
    auto *rangeLabel = new QLabel(tr("&Range:"), this);
    rangeLabel->setBuddy(m_rangeBox);
    pickers->addWidget(rangeLabel);
    pickers->addWidget(m_rangeBox);

    auto *body = new QHBoxLayout;
    body->setSpacing(8);
    body->addWidget(m_subjectStack, 3);
    body->addWidget(zoneCard, 2);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->setSpacing(6);
    layout->addLayout(pickers);
    layout->addWidget(m_notice);
    layout->addLayout(body, 1);

    connect(m_stats, &StatsStore::samplesAdded, this, &ChartsPanel::onSamplesAdded);
    connect(m_stats, &StatsStore::historyStateChanged, this, &ChartsPanel::scheduleRefresh);
    if (OpsClient *client = m_stats->client())
        connect(client, &OpsClient::connectionStateChanged, this, &ChartsPanel::scheduleRefresh);
    if (m_state) {
        for (auto signal : {&StateStore::hostAdded, &StateStore::hostRemoved, &StateStore::partitionAdded,
                            &StateStore::partitionRemoved, &StateStore::partitionUpdated})
            connect(m_state, signal, this, &ChartsPanel::scheduleObjects);
        connect(m_state, &StateStore::zonesChanged, this, &ChartsPanel::scheduleObjects);
        connect(m_state, &StateStore::stateChanged, this, &ChartsPanel::scheduleRefresh);
    }
    fillObjects();
    refresh();
}

ChartsPanel::TimeChart ChartsPanel::makeTimeChart(const QString &objectName, const QString &firstName,
                                                  const QColor &firstColor, const QString &secondName,
                                                  const QColor &secondColor, bool secondDashed)
{
    TimeChart c;
    c.chart = new QChart;
    styleChart(c.chart);
    c.time = new QDateTimeAxis(c.chart);
    c.time->setTickCount(6);
    c.time->setFormat(QStringLiteral("HH:mm"));
    c.value = new QValueAxis(c.chart);
    c.value->setLabelFormat(QStringLiteral("%.0f"));
    c.value->setTickCount(3);
    c.chart->addAxis(c.time, Qt::AlignBottom);
    c.chart->addAxis(c.value, Qt::AlignLeft);
    auto addLine = [&](const QString &name, const QColor &color, bool dashed) {
        auto *series = new QLineSeries(c.chart);
        series->setName(name);
        QPen pen(color, dashed ? 1.5 : 2.0);
        if (dashed)
            pen.setStyle(Qt::DashLine);
        series->setPen(pen);
        c.chart->addSeries(series);
        series->attachAxis(c.time);
        series->attachAxis(c.value);
        return series;
    };
    c.first = addLine(firstName, firstColor, false);
    if (!secondName.isEmpty())
        c.second = addLine(secondName, secondColor, secondDashed);
    for (QAbstractAxis *axis : c.chart->axes()) {
        axis->setGridLineColor(kGrid);
        axis->setLabelsFont(font());
        axis->setTitleFont(font());
    }
    // One line needs no legend; the card's title says what it is. Two get
    // theirs beside the plot, which keeps the short plot's height.
    c.chart->legend()->setVisible(c.second != nullptr);
    c.chart->legend()->setAlignment(Qt::AlignRight);
    c.view = new QChartView(c.chart, this);
    c.view->setObjectName(objectName);
    c.view->setRenderHint(QPainter::Antialiasing);
    c.view->setFrameShape(QFrame::NoFrame);
    c.view->setMinimumHeight(120);
    c.current = new QLabel(this);
    c.current->setObjectName(objectName + QStringLiteral("Current"));
    return c;
}

void ChartsPanel::styleChart(QChart *chart) const
{
    chart->setTheme(QChart::ChartThemeLight);
    chart->setBackgroundRoundness(0);
    chart->setBackgroundBrush(palette().color(QPalette::Base));
    chart->setMargins(QMargins(2, 2, 6, 2));
    chart->layout()->setContentsMargins(0, 0, 0, 0);
    chart->legend()->setFont(font());
    chart->legend()->setMarkerShape(QLegend::MarkerShapeRectangle);
}

QWidget *ChartsPanel::framed(const QString &title, const TimeChart &chart)
{
    auto *card = new QFrame(this);
    card->setFrameShape(QFrame::StyledPanel);
    card->setAutoFillBackground(true);
    card->setBackgroundRole(QPalette::Base);
    auto *heading = new QLabel(title, card);
    QFont bold = heading->font();
    bold.setBold(true);
    heading->setFont(bold);
    chart.current->setParent(card);
    chart.current->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    auto *header = new QHBoxLayout;
    header->addWidget(heading);
    header->addStretch(1);
    header->addWidget(chart.current);
    auto *layout = new QVBoxLayout(card);
    layout->setContentsMargins(10, 8, 10, 4);
    layout->setSpacing(0);
    layout->addLayout(header);
    layout->addWidget(chart.view, 1);
    return card;
}

QChart *ChartsPanel::cpuChart() const { return m_cpu.chart; }
QChart *ChartsPanel::memoryChart() const { return m_memory.chart; }
QChart *ChartsPanel::networkChart() const { return m_network.chart; }
QChart *ChartsPanel::zoneChart() const { return m_zoneView->chart(); }

void ChartsPanel::fillKinds()
{
    m_kindBox->addItem(tr("Host"), int(StatsStore::Kind::Host));
    m_kindBox->addItem(tr("Partition"), int(StatsStore::Kind::Partition));
    m_kindBox->addItem(tr("Zone"), int(StatsStore::Kind::Zone));
}

void ChartsPanel::scheduleObjects()
{
    if (m_objectsPending)
        return;
    m_objectsPending = true;
    QTimer::singleShot(0, this, [this] {
        m_objectsPending = false;
        fillObjects();
        scheduleRefresh();
    });
}

void ChartsPanel::fillObjects()
{
    const auto kind = StatsStore::Kind(m_kindBox->currentData().toInt());
    QList<QPair<QString, QString>> items; // text, key
    if (m_state) {
        switch (kind) {
        case StatsStore::Kind::Host:
            for (int row = 0; row < m_state->hostCount(); ++row) {
                const QString name = qs(m_state->hostAt(row).name());
                items.append({name, name});
            }
            break;
        case StatsStore::Kind::Partition:
            for (int row = 0; row < m_state->partitionCount(); ++row) {
                const proto::Partition &p = m_state->partitionAt(row);
                items.append({tr("%1 (%2)", "partition (domain)").arg(qs(p.spec().name()), qs(p.spec().domain())),
                              qs(p.spec().uuid())});
            }
            break;
        case StatsStore::Kind::Zone:
            for (const QString &zone : m_state->zoneNames())
                items.append({zone, zone});
            break;
        }
    }
    if (kind == StatsStore::Kind::Zone)
        for (const QString &zone : m_stats->zoneNames())
            if (std::none_of(items.cbegin(), items.cend(), [&](const auto &i) { return i.second == zone; }))
                items.append({zone, zone});
    std::sort(items.begin(), items.end(),
              [](const auto &a, const auto &b) { return QString::localeAwareCompare(a.first, b.first) < 0; });
    // The subject stays pickable even before the state knows it.
    if (kind == m_kind && !m_key.isEmpty()
        && std::none_of(items.cbegin(), items.cend(), [&](const auto &i) { return i.second == m_key; }))
        items.prepend({subjectName(), m_key});

    bool same = items.size() == m_objectBox->count();
    for (int i = 0; same && i < items.size(); ++i)
        same = m_objectBox->itemText(i) == items.at(i).first && m_objectBox->itemData(i).toString() == items.at(i).second;
    const bool wasUpdating = std::exchange(m_updatingPickers, true);
    if (!same) {
        m_objectBox->clear();
        for (const auto &[text, key] : items)
            m_objectBox->addItem(text, key);
    }
    m_objectBox->setCurrentIndex(kind == m_kind ? m_objectBox->findData(m_key) : -1);
    m_updatingPickers = wasUpdating;
}

void ChartsPanel::onPickerChanged()
{
    const auto kind = StatsStore::Kind(m_kindBox->currentData().toInt());
    QString key = m_objectBox->currentData().toString();
    if (key.isEmpty() && m_objectBox->count() > 0) {
        const bool wasUpdating = std::exchange(m_updatingPickers, true);
        m_objectBox->setCurrentIndex(0);
        m_updatingPickers = wasUpdating;
        key = m_objectBox->currentData().toString();
    }
    if (kind == m_kind && key == m_key)
        return;
    setSubject(kind, key);
    emit subjectChanged(kind, key);
}

void ChartsPanel::setSubject(StatsStore::Kind kind, const QString &key)
{
    m_kind = kind;
    m_key = key.trimmed();
    if (!m_key.isEmpty())
        m_stats->watch(m_kind, m_key);
    const bool wasUpdating = std::exchange(m_updatingPickers, true);
    m_kindBox->setCurrentIndex(m_kindBox->findData(int(kind)));
    m_updatingPickers = wasUpdating;
    fillObjects();
    refresh();
}

void ChartsPanel::setRangeMinutes(int minutes)
{
    if (minutes <= 0 || minutes == m_rangeMinutes)
        return;
    m_rangeMinutes = minutes;
    const int index = m_rangeBox->findData(minutes);
    if (index >= 0)
        m_rangeBox->setCurrentIndex(index);
    const QString format = minutes <= 1 ? QStringLiteral("HH:mm:ss") : QStringLiteral("HH:mm");
    for (TimeChart *c : {&m_cpu, &m_memory, &m_network})
        c->time->setFormat(format);
    refresh();
}

void ChartsPanel::onSamplesAdded(StatsStore::Kind, const QString &)
{
    // Anything new moves the time axis; one redraw per burst.
    scheduleRefresh();
}

void ChartsPanel::scheduleRefresh()
{
    if (m_refreshPending)
        return;
    m_refreshPending = true;
    QTimer::singleShot(0, this, [this] {
        m_refreshPending = false;
        refresh();
    });
}

void ChartsPanel::refresh()
{
    refreshSubject();
    refreshZones();
    updateTexts();
}

void ChartsPanel::refreshSubject()
{
    const QList<StatsStore::Point> &points = m_key.isEmpty() ? QList<StatsStore::Point>()
                                                             : m_stats->samples(m_kind, m_key);
    if (points.isEmpty()) {
        for (TimeChart *c : {&m_cpu, &m_memory, &m_network}) {
            c->first->clear();
            if (c->second)
                c->second->clear();
            c->current->clear();
        }
        m_subjectStack->setCurrentWidget(m_waiting);
        return;
    }
    m_subjectStack->setCurrentIndex(1);

    // The newest figure of anything ends the axis: a silent subject shows
    // its gap, and with the engine away everything stands still.
    const std::int64_t end = std::max(m_stats->newestTimeMs(), points.constLast().timeMs);
    const std::int64_t start = end - std::int64_t(m_rangeMinutes) * 60000;
    const auto first = std::lower_bound(points.cbegin(), points.cend(), start,
                                        [](const StatsStore::Point &p, std::int64_t t) { return p.timeMs < t; });
    const bool zone = m_kind == StatsStore::Kind::Zone;

    std::uint64_t memoryMax = 0;
    double netMax = 0;
    for (auto it = first; it != points.cend(); ++it) {
        memoryMax = std::max({memoryMax, it->memoryTotalMib, it->memoryUsedMib});
        netMax = std::max({netMax, double(it->rxBytesPerS), double(it->txBytesPerS)});
    }
    const bool gib = memoryMax >= 4096;
    const double memoryDivisor = gib ? 1024.0 : 1.0;
    const RateUnit net = rateUnit(netMax);

    QList<QPointF> cpu, used, total, rx, tx;
    for (auto it = first; it != points.cend(); ++it) {
        const double t = double(it->timeMs);
        cpu.append({t, it->cpuPercent});
        if (zone) {
            used.append({t, it->memoryPercent});
        } else {
            used.append({t, double(it->memoryUsedMib) / memoryDivisor});
            total.append({t, double(it->memoryTotalMib) / memoryDivisor});
        }
        rx.append({t, double(it->rxBytesPerS) / net.divisor});
        tx.append({t, double(it->txBytesPerS) / net.divisor});
    }
    m_cpu.first->replace(cpu);
    m_memory.first->replace(used);
    m_memory.second->replace(total);
    m_memory.second->setVisible(!zone);
    m_memory.chart->legend()->setVisible(!zone);
    m_network.first->replace(rx);
    m_network.second->replace(tx);

    const QDateTime from = QDateTime::fromMSecsSinceEpoch(start);
    const QDateTime to = QDateTime::fromMSecsSinceEpoch(end);
    for (TimeChart *c : {&m_cpu, &m_memory, &m_network})
        c->time->setRange(from, to);

    m_cpu.value->setRange(0, 100);
    m_cpu.value->setTickCount(3);
    m_cpu.value->setTitleText(tr("%"));
    if (zone) {
        m_memory.value->setRange(0, 100);
        m_memory.value->setTickCount(3);
        m_memory.value->setLabelFormat(QStringLiteral("%.0f"));
        m_memory.value->setTitleText(tr("%"));
    } else {
        applyAxis(m_memory.value, double(memoryMax) / memoryDivisor);
        m_memory.value->setTitleText(gib ? tr("GiB") : tr("MiB"));
    }
    applyAxis(m_network.value, netMax / net.divisor);
    m_network.value->setTitleText(net.name);

    const StatsStore::Point &last = points.constLast();
    m_cpu.current->setText(tr("%1 busy").arg(percent(last.cpuPercent)));
    if (zone)
        m_memory.current->setText(tr("%1 in use").arg(percent(last.memoryPercent)));
    else
        m_memory.current->setText(tr("%1 of %2 (%3)")
                                      .arg(DisplayFormat::memory(last.memoryUsedMib),
                                           DisplayFormat::memory(last.memoryTotalMib), percent(last.memoryPercent)));
    m_network.current->setText(tr("received %1, sent %2").arg(rate(last.rxBytesPerS), rate(last.txBytesPerS)));
}

void ChartsPanel::refreshZones()
{
    QStringList names = m_stats->zoneNames();
    // Zones the engine no longer has leave the overview at once.
    if (m_state && m_state->hasSnapshot()) {
        const QStringList known = m_state->zoneNames();
        names.erase(std::remove_if(names.begin(), names.end(), [&](const QString &z) { return !known.contains(z); }),
                    names.end());
    }
    if (names.isEmpty()) {
        m_zoneStack->setCurrentWidget(m_zoneWaiting);
        return;
    }
    m_zoneStack->setCurrentWidget(m_zoneView);
    // Horizontal bars count categories bottom-up; reversed, they read A to Z.
    std::reverse(names.begin(), names.end());
    if (names != m_zoneNames) {
        m_zoneNames = names;
        m_zoneAxis->clear();
        m_zoneAxis->append(names);
    }
    QList<qreal> cpu, memory;
    for (const QString &zone : std::as_const(names)) {
        const StatsStore::Point &last = m_stats->samples(StatsStore::Kind::Zone, zone).constLast();
        // Whole percent: the overview compares zones, it does not measure.
        cpu.append(std::round(last.cpuPercent));
        memory.append(std::round(last.memoryPercent));
    }
    for (auto [set, values] : {std::pair{m_zoneCpu, cpu}, std::pair{m_zoneMemory, memory}}) {
        if (set->count() == values.size()) {
            for (int i = 0; i < values.size(); ++i)
                if (set->at(i) != values.at(i))
                    set->replace(i, values.at(i));
        } else {
            set->remove(0, set->count());
            set->append(values);
        }
    }
}

QString ChartsPanel::subjectName() const
{
    if (m_kind == StatsStore::Kind::Partition && m_state)
        if (const proto::Partition *p = m_state->partition(m_key))
            return qs(p->spec().name());
    return m_key;
}

QString ChartsPanel::subjectWaitingText() const
{
    const QString name = subjectName();
    const OpsClient *client = m_stats->client();
    if (!client || client->connectionState() == OpsClient::ConnectionState::Disconnected)
        return tr("Not connected to an operations engine: the charts fill once the console is connected.");
    if (!client->isConnected())
        return tr("The operations engine is not answering; the charts of %1 fill once it is back.").arg(name);
    if (m_stats->historyState(m_kind, m_key) == StatsStore::HistoryState::Loading)
        return tr("Asking the engine for the recent figures of %1...").arg(name);
    // A reason that holds whatever the engine sends comes first.
    QString noSamples;
    switch (m_kind) {
    case StatsStore::Kind::Host:
        if (m_state && m_state->hasSnapshot() && !m_state->host(m_key))
            return tr("There is no host %1 in this data center.").arg(name);
        noSamples = tr("No samples from %1 yet: its agent reports once a second.").arg(name);
        break;
    case StatsStore::Kind::Partition:
        noSamples = tr("No samples for %1 yet: its host reports once a second while it runs.").arg(name);
        if (m_state) {
            const proto::Partition *p = m_state->partition(m_key);
            if (!p && m_state->hasSnapshot())
                return tr("There is no partition with the uuid %1 in this data center.").arg(m_key);
            if (p && p->state() != proto::PARTITION_STATE_RUNNING)
                return tr("%1 is not running: a partition reports figures only while it runs.").arg(name);
            if (p && !p->host().empty())
                noSamples = tr("No samples for %1 yet: its host %2 reports once a second.").arg(name, qs(p->host()));
        }
        break;
    case StatsStore::Kind::Zone:
        if (m_state && m_state->hasSnapshot()) {
            bool hasHosts = false;
            for (int row = 0; row < m_state->hostCount() && !hasHosts; ++row)
                hasHosts = qs(m_state->hostAt(row).zone()) == m_key;
            if (!hasHosts)
                return tr("Zone %1 has no hosts, so there is nothing to measure yet.").arg(name);
        }
        noSamples = tr("No samples for zone %1 yet: the engine adds up its hosts' figures once a second.").arg(name);
        break;
    }
    if (m_stats->historyState(m_kind, m_key) == StatsStore::HistoryState::Failed)
        return tr("The engine could not send the recent figures of %1: %2 New figures appear here as they arrive.")
            .arg(name, m_stats->historyError(m_kind, m_key));
    return noSamples;
}

QString ChartsPanel::waitingText() const
{
    return m_subjectStack->currentWidget() == m_waiting ? m_waiting->text() : QString();
}

QString ChartsPanel::noticeText() const
{
    return m_notice->isHidden() ? QString() : m_notice->text();
}

void ChartsPanel::updateTexts()
{
    if (m_key.isEmpty())
        m_waiting->setText(tr("Pick a host, a partition or a zone to see its CPU, memory and network over time."));
    else
        m_waiting->setText(subjectWaitingText());

    const OpsClient *client = m_stats->client();
    const std::int64_t newest = m_stats->newestTimeMs();
    QString notice;
    if (client && (client->connectionState() == OpsClient::ConnectionState::Lost
                   || client->connectionState() == OpsClient::ConnectionState::Reconnecting)) {
        notice = newest > 0 ? tr("The operations engine stopped answering. The charts keep the last figures, from %1.")
                                  .arg(clockTime(newest))
                            : QString();
    } else if (client && client->connectionState() == OpsClient::ConnectionState::Disconnected && newest > 0) {
        notice = tr("Not connected to an operations engine. The charts show the last figures, from %1.")
                     .arg(clockTime(newest));
    } else if (!m_key.isEmpty()) {
        const QList<StatsStore::Point> &points = m_stats->samples(m_kind, m_key);
        if (!points.isEmpty() && newest - points.constLast().timeMs > kSilentMs)
            notice = tr("%1 has not reported since %2.").arg(subjectName(), clockTime(points.constLast().timeMs));
        else if (m_stats->historyState(m_kind, m_key) == StatsStore::HistoryState::Failed)
            notice = tr("The engine could not send the earlier figures of %1: %2")
                         .arg(subjectName(), m_stats->historyError(m_kind, m_key));
    }
    m_notice->setText(notice);
    m_notice->setVisible(!notice.isEmpty());

    if (!client || client->connectionState() == OpsClient::ConnectionState::Disconnected)
        m_zoneWaiting->setText(tr("Not connected to an operations engine: the zone figures fill once the console "
                                  "is connected."));
    else if (m_state && m_state->hasSnapshot() && m_state->zoneNames().isEmpty())
        m_zoneWaiting->setText(tr("There are no zones yet: put hosts in zones to compare their use here."));
    else
        m_zoneWaiting->setText(tr("Waiting for the first zone figures: the engine sends them once a second."));
}

} // namespace vdc::gui
