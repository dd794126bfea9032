#pragma once

#include "statsstore.h"

#include <QWidget>

class QBarSet;
class QChart;
class QChartView;
class QComboBox;
class QDateTimeAxis;
class QLabel;
class QLineSeries;
class QStackedWidget;
class QValueAxis;
class QBarCategoryAxis;
class QHorizontalBarSeries;

namespace vdc::gui {

class StateStore;

// Charts of the engine's statistics: CPU, memory and network of one host,
// partition or zone over the last minutes, live, and an overview of every
// zone's CPU and memory use now. The subject follows the main selection
// (setSubject) or the pickers on top. While there is nothing to draw the
// panel says why; when the engine goes away it keeps the last figures and
// says from when they are.
class ChartsPanel : public QWidget
{
    Q_OBJECT
public:
    ChartsPanel(StatsStore *stats, StateStore *state, QWidget *parent = nullptr);

    StatsStore::Kind subjectKind() const { return m_kind; }
    QString subjectKey() const { return m_key; }
    // The sentence shown instead of the charts (empty while they show).
    QString waitingText() const;
    // The line above the charts about the engine or a silent subject.
    QString noticeText() const;
    // Minutes of history on the time axis.
    int rangeMinutes() const { return m_rangeMinutes; }
    void setRangeMinutes(int minutes);

    QChart *cpuChart() const;
    QChart *memoryChart() const;
    QChart *networkChart() const;
    QChart *zoneChart() const;

public slots:
    // Shows this host (name), partition (uuid) or zone (name); an empty key
    // clears the subject.
    void setSubject(vdc::gui::StatsStore::Kind kind, const QString &key);

signals:
    // The admin picked another subject in the panel's own pickers.
    void subjectChanged(vdc::gui::StatsStore::Kind kind, const QString &key);

private:
    struct TimeChart
    {
        QChartView *view = nullptr;
        QChart *chart = nullptr;
        QDateTimeAxis *time = nullptr;
        QValueAxis *value = nullptr;
        QLineSeries *first = nullptr;
        QLineSeries *second = nullptr;
        QLabel *current = nullptr; // the latest figure, next to the title
    };

    TimeChart makeTimeChart(const QString &objectName, const QString &firstName, const QColor &firstColor,
                            const QString &secondName, const QColor &secondColor, bool secondDashed);
    QWidget *framed(const QString &title, const TimeChart &chart);
    void styleChart(QChart *chart) const;

    void fillKinds();
    void fillObjects();
    void scheduleObjects();
    void onPickerChanged();
    void onSamplesAdded(StatsStore::Kind kind, const QString &key);
    void scheduleRefresh();
    void refresh();
    void refreshSubject();
    void refreshZones();
    void updateTexts();
    QString subjectName() const;
    QString subjectWaitingText() const;

    StatsStore *m_stats;
    StateStore *m_state;
    StatsStore::Kind m_kind = StatsStore::Kind::Host;
    QString m_key;
    int m_rangeMinutes = 5;

    QComboBox *m_kindBox;
    QComboBox *m_objectBox;
    QComboBox *m_rangeBox;
    QLabel *m_notice;
    QStackedWidget *m_subjectStack;
    QLabel *m_waiting;
    TimeChart m_cpu;
    TimeChart m_memory;
    TimeChart m_network;

    QStackedWidget *m_zoneStack;
    QLabel *m_zoneWaiting;
    QChartView *m_zoneView;
    QHorizontalBarSeries *m_zoneSeries;
    QBarSet *m_zoneCpu;
    QBarSet *m_zoneMemory;
    QBarCategoryAxis *m_zoneAxis;
    QValueAxis *m_zoneValue;
    QStringList m_zoneNames;

    bool m_refreshPending = false;
    bool m_objectsPending = false;
    bool m_updatingPickers = false;
};

} // namespace vdc::gui
