#pragma once

#include "opsclient.h"

#include <QMainWindow>

class QAction;
class QLabel;
class QTabWidget;

namespace vdc::gui {

class HostTableModel;
class AuditLogPanel;
class CalendarPanel;
class ChartsPanel;
class StatsStore;
class MapPanel;
class TasksPanel;
class PartitionDetailsWidget;
class PartitionTableModel;
class StateStore;
class TablePanel;

// The console's main window: hosts on top, partitions below with the
// selected one's details beside them. Everything it shows comes from the
// StateStore; everything it changes goes through the OpsClient. While the
// engine is away it keeps showing the last state, read-only.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    MainWindow(OpsClient *client, StateStore *store, QWidget *parent = nullptr);
    ~MainWindow() override;

    QString selectedPartitionUuid() const;
    void selectPartition(const QString &uuid);
    // The sentence in the status bar that says how the engine is reached.
    QString connectionStatus() const;
    MapPanel *mapPanel() const { return m_mapPanel; }
    AuditLogPanel *auditPanel() const { return m_auditPanel; }
    TasksPanel *tasksPanel() const { return m_tasksPanel; }
    CalendarPanel *calendarPanel() const { return m_calendarPanel; }
    ChartsPanel *chartsPanel() const { return m_chartsPanel; }
    StatsStore *statsStore() const { return m_stats; }

    // The main views, as tabs of the central area.
    enum class View { DataCenter, Calendar, Charts };
    void showView(View view);
    View currentView() const;

private:
    void createActions();
    void createMenus();
    void createToolBar();
    void createCentralWidget();
    void createStatusBar();

    void connectToEndpoint();
    void createPartition();
    void editPartition();
    void editHost();
    QString selectedHostName() const;
    void startPartition();
    void stopPartition();
    void deletePartition();
    void addHost();
    void showAbout();
    void showSettings();

    void updateConnectionState();
    void updateActions();
    void updateSummary();
    void showEngineError(const QString &what, const proto::OpsReply &reply);
    const proto::Partition *selectedPartition() const;

    OpsClient *m_client;
    StateStore *m_store;
    HostTableModel *m_hostModel;
    PartitionTableModel *m_partitionModel;
    StatsStore *m_stats;

    TablePanel *m_hostPanel = nullptr;
    TablePanel *m_partitionPanel = nullptr;
    PartitionDetailsWidget *m_details = nullptr;
    MapPanel *m_mapPanel = nullptr;
    AuditLogPanel *m_auditPanel = nullptr;
    TasksPanel *m_tasksPanel = nullptr;
    CalendarPanel *m_calendarPanel = nullptr;
    ChartsPanel *m_chartsPanel = nullptr;
    QTabWidget *m_views = nullptr;
    QLabel *m_offlineBanner = nullptr;
    QLabel *m_connectionIcon = nullptr;
    QLabel *m_connectionLabel = nullptr;
    QLabel *m_summaryLabel = nullptr;

    QAction *m_connectAction = nullptr;
    QAction *m_quitAction = nullptr;
    QAction *m_createPartitionAction = nullptr;
    QAction *m_startPartitionAction = nullptr;
    QAction *m_stopPartitionAction = nullptr;
    QAction *m_deletePartitionAction = nullptr;
    QAction *m_editPartitionAction = nullptr;
    QAction *m_editHostAction = nullptr;
    QAction *m_addHostAction = nullptr;
    QAction *m_aboutAction = nullptr;
    QAction *m_settingsAction = nullptr;
};

} // namespace vdc::gui
