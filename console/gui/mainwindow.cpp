#include "mainwindow.h"

#include "actionicons.h"
#include "addhostdialog.h"
#include "auditlogpanel.h"
#include "calendarentrydialog.h"
#include "calendarpanel.h"
#include "chartspanel.h"
#include "statsstore.h"
#include "taskspanel.h"
#include "core/version.h"
#include "hosteditordialog.h"
#include "partitioneditordialog.h"
#include "placementreasonsdialog.h"
#include "hosttablemodel.h"
#include "mappanel.h"
#include "partitiondetailswidget.h"
#include "partitiontablemodel.h"
#include "settingsdialog.h"
#include "statestore.h"
#include "statestyle.h"
#include "tablepanel.h"
#include "usagebardelegate.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QHeaderView>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>
#include <QTreeView>
#include <QVBoxLayout>

namespace vdc::gui {

namespace {

QString qs(const std::string &s) { return QString::fromStdString(s); }

bool canStart(proto::PartitionState state)
{
    return state == proto::PARTITION_STATE_STOPPED || state == proto::PARTITION_STATE_FAILED;
}

bool canStop(proto::PartitionState state)
{
    return state == proto::PARTITION_STATE_RUNNING || state == proto::PARTITION_STATE_STARTING
        || state == proto::PARTITION_STATE_PAUSED || state == proto::PARTITION_STATE_FAILED;
}

bool canDelete(proto::PartitionState state)
{
    return state == proto::PARTITION_STATE_STOPPED || state == proto::PARTITION_STATE_FAILED
        || state == proto::PARTITION_STATE_UNSPECIFIED;
}

} // namespace

MainWindow::MainWindow(OpsClient *client, StateStore *store, QWidget *parent)
    : QMainWindow(parent)
    , m_client(client)
    , m_store(store)
    , m_hostModel(new HostTableModel(store, this))
    , m_partitionModel(new PartitionTableModel(store, this))
    , m_stats(new StatsStore(client, this))
{
    setObjectName(QStringLiteral("mainWindow"));
    m_mapPanel = new MapPanel(client, store);
    createActions();
    createMenus();
    createToolBar();
    createCentralWidget();
    createStatusBar();

    connect(client, &OpsClient::connectionStateChanged, this, &MainWindow::updateConnectionState);
    connect(store, &StateStore::stateChanged, this, &MainWindow::updateActions);
    connect(store, &StateStore::stateChanged, this, &MainWindow::updateSummary);

    resize(1280, 800);
    updateConnectionState();
    updateSummary();
    // The partitions are what an admin works on; the filter boxes are a click away.
    m_partitionPanel->view()->setFocus();
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions()
{
    m_connectAction = new QAction(ActionIcons::connect(), tr("&Connect to..."), this);
    m_connectAction->setObjectName(QStringLiteral("connectAction"));
    m_connectAction->setIconText(tr("Connect"));
    m_connectAction->setStatusTip(tr("Connect to a vdc-opsd operations service."));
    connect(m_connectAction, &QAction::triggered, this, &MainWindow::connectToEndpoint);

    m_quitAction = new QAction(tr("&Quit"), this);
    m_quitAction->setObjectName(QStringLiteral("quitAction"));
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

    m_createPartitionAction =
        new QAction(ActionIcons::create(), tr("&Create..."), this);
    m_createPartitionAction->setObjectName(QStringLiteral("createPartitionAction"));
    m_createPartitionAction->setIconText(tr("Create"));
    m_createPartitionAction->setToolTip(tr("Create a partition"));
    m_createPartitionAction->setStatusTip(tr("Define a new partition in a domain."));
    m_createPartitionAction->setShortcut(QKeySequence::New);
    connect(m_createPartitionAction, &QAction::triggered, this, &MainWindow::createPartition);

    m_startPartitionAction =
        new QAction(ActionIcons::start(), tr("&Start"), this);
    m_startPartitionAction->setObjectName(QStringLiteral("startPartitionAction"));
    m_startPartitionAction->setToolTip(tr("Start the selected partition"));
    m_startPartitionAction->setStatusTip(tr("Place the selected partition on a host and start it."));
    connect(m_startPartitionAction, &QAction::triggered, this, &MainWindow::startPartition);

    m_stopPartitionAction = new QAction(ActionIcons::stop(), tr("S&top"), this);
    m_stopPartitionAction->setObjectName(QStringLiteral("stopPartitionAction"));
    m_stopPartitionAction->setToolTip(tr("Stop the selected partition"));
    m_stopPartitionAction->setStatusTip(tr("Stop the selected partition and release its cores and memory."));
    connect(m_stopPartitionAction, &QAction::triggered, this, &MainWindow::stopPartition);

    m_editPartitionAction = new QAction(tr("&Edit..."), this);
    m_editPartitionAction->setObjectName(QStringLiteral("editPartitionAction"));
    m_editPartitionAction->setToolTip(tr("Edit the selected partition"));
    m_editPartitionAction->setStatusTip(tr("Change the selected partition's definition."));
    m_editPartitionAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    connect(m_editPartitionAction, &QAction::triggered, this, &MainWindow::editPartition);

    m_editHostAction = new QAction(tr("&Edit..."), this);
    m_editHostAction->setObjectName(QStringLiteral("editHostAction"));
    m_editHostAction->setToolTip(tr("Edit the selected host"));
    m_editHostAction->setStatusTip(tr("Change the selected host's zone, location and network links."));
    connect(m_editHostAction, &QAction::triggered, this, &MainWindow::editHost);

    m_deletePartitionAction = new QAction(ActionIcons::remove(), tr("&Delete"), this);
    m_deletePartitionAction->setObjectName(QStringLiteral("deletePartitionAction"));
    m_deletePartitionAction->setToolTip(tr("Delete the selected partition"));
    m_deletePartitionAction->setStatusTip(tr("Remove the selected stopped partition's definition."));
    m_deletePartitionAction->setShortcut(QKeySequence::Delete);
    connect(m_deletePartitionAction, &QAction::triggered, this, &MainWindow::deletePartition);

    m_addHostAction = new QAction(ActionIcons::addHost(), tr("&Add..."), this);
    m_addHostAction->setObjectName(QStringLiteral("addHostAction"));
    m_addHostAction->setIconText(tr("Add Host"));
    m_addHostAction->setToolTip(tr("Register a host"));
    m_addHostAction->setStatusTip(tr("Register a host by the endpoint of its vdc-agent."));
    connect(m_addHostAction, &QAction::triggered, this, &MainWindow::addHost);

    m_settingsAction = new QAction(tr("&Settings..."), this);
    m_settingsAction->setObjectName(QStringLiteral("settingsAction"));
    m_settingsAction->setMenuRole(QAction::PreferencesRole);
    m_settingsAction->setStatusTip(tr("Choose the console's language."));
    connect(m_settingsAction, &QAction::triggered, this, &MainWindow::showSettings);

    m_aboutAction = new QAction(tr("&About vdc Console"), this);
    m_aboutAction->setObjectName(QStringLiteral("aboutAction"));
    m_aboutAction->setMenuRole(QAction::AboutRole);
    connect(m_aboutAction, &QAction::triggered, this, &MainWindow::showAbout);
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_connectAction);
    file->addAction(m_settingsAction);
    file->addSeparator();
    file->addAction(m_quitAction);

    QMenu *partition = menuBar()->addMenu(tr("&Partition"));
    partition->addAction(m_createPartitionAction);
    partition->addAction(m_editPartitionAction);
    partition->addSeparator();
    partition->addAction(m_startPartitionAction);
    partition->addAction(m_stopPartitionAction);
    partition->addAction(m_mapPanel->migrateAction());
    partition->addSeparator();
    partition->addAction(m_deletePartitionAction);

    QMenu *host = menuBar()->addMenu(tr("&Host"));
    host->addAction(m_addHostAction);
    host->addAction(m_editHostAction);
    host->addAction(m_mapPanel->moveHostAction());
    host->addSeparator();
    host->addAction(m_mapPanel->drawZoneAction());

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(m_aboutAction);
}

void MainWindow::createToolBar()
{
    QToolBar *bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setMovable(false);
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addAction(m_createPartitionAction);
    bar->addAction(m_startPartitionAction);
    bar->addAction(m_stopPartitionAction);
    bar->addAction(m_deletePartitionAction);
    bar->addSeparator();
    bar->addAction(m_addHostAction);
    bar->addSeparator();
    bar->addAction(m_connectAction);
}

void MainWindow::createCentralWidget()
{
    m_hostPanel = new TablePanel(tr("Hosts"), tr("Filter hosts"),
                                 tr("No hosts are registered. Add one with Host > Add, giving the endpoint of its "
                                    "vdc-agent."),
                                 m_hostModel, int(HostTableModel::Role::Sort));
    m_hostPanel->setObjectName(QStringLiteral("hostPanel"));
    m_hostPanel->view()->setObjectName(QStringLiteral("hostView"));
    m_hostPanel->view()->setItemDelegate(new UsageBarDelegate(int(HostTableModel::Role::Usage), this));

    m_partitionPanel = new TablePanel(tr("Partitions"), tr("Filter partitions"),
                                      tr("No partitions are defined. Create one with Partition > Create."),
                                      m_partitionModel, int(PartitionTableModel::Role::Sort));
    m_partitionPanel->setObjectName(QStringLiteral("partitionPanel"));
    QTreeView *partitions = m_partitionPanel->view();
    partitions->setObjectName(QStringLiteral("partitionView"));
    partitions->setContextMenuPolicy(Qt::ActionsContextMenu);
    partitions->addActions({m_editPartitionAction, m_startPartitionAction, m_stopPartitionAction,
                            m_mapPanel->migrateAction(), m_deletePartitionAction});
    connect(partitions, &QTreeView::doubleClicked, this, &MainWindow::editPartition);
    m_hostPanel->view()->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_hostPanel->view()->addAction(m_editHostAction);
    connect(m_hostPanel->view(), &QTreeView::doubleClicked, this, &MainWindow::editHost);

    m_details = new PartitionDetailsWidget(m_store);
    m_details->setObjectName(QStringLiteral("partitionDetails"));

    // Sensible first widths; the user can drag them afterwards.
    QHeaderView *hostHeader = m_hostPanel->view()->header();
    const int hostWidths[] = {140, 120, 110, 130, 180, 140};
    for (int c = 0; c < int(std::size(hostWidths)); ++c)
        hostHeader->resizeSection(c, hostWidths[c]);
    QHeaderView *partitionHeader = partitions->header();
    const int partitionWidths[] = {130, 100, 110, 90, 60, 90, 110};
    for (int c = 0; c < int(std::size(partitionWidths)); ++c)
        partitionHeader->resizeSection(c, partitionWidths[c]);

    auto *bottom = new QSplitter(Qt::Horizontal);
    bottom->addWidget(m_partitionPanel);
    bottom->addWidget(m_details);
    bottom->setStretchFactor(0, 3);
    bottom->setStretchFactor(1, 1);
    bottom->setSizes({860, 400});
    bottom->setChildrenCollapsible(false);

    auto *splitter = new QSplitter(Qt::Vertical);
    splitter->setObjectName(QStringLiteral("mainSplitter"));
    splitter->addWidget(m_hostPanel);
    splitter->addWidget(bottom);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    splitter->setSizes({230, 450});
    splitter->setChildrenCollapsible(false);

    m_offlineBanner = new QLabel;
    m_offlineBanner->setObjectName(QStringLiteral("offlineBanner"));
    m_offlineBanner->setWordWrap(true);
    m_offlineBanner->setMargin(8);
    m_offlineBanner->setStyleSheet(QStringLiteral(
        "QLabel#offlineBanner { background: #fff4e5; color: #663c00; border: 1px solid #ffb74d; border-radius: 3px; }"));
    m_offlineBanner->hide();

    // The map is the main view; the tables stay beside it for sorting and filtering.
    auto *outer = new QSplitter(Qt::Horizontal);
    outer->setObjectName(QStringLiteral("mapSplitter"));
    outer->addWidget(m_mapPanel);
    outer->addWidget(splitter);
    outer->setStretchFactor(0, 3);
    outer->setStretchFactor(1, 2);
    outer->setSizes({720, 540});
    outer->setChildrenCollapsible(false);

    auto *central = new QWidget;
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(8, 6, 8, 4);
    layout->setSpacing(6);
    layout->addWidget(m_offlineBanner);

    // The data center (map and tables), the policy calendar and the charts
    // are the main views; the tasks and events docks stay below all three.
    m_calendarPanel = new CalendarPanel(m_client, m_store);
    m_calendarPanel->setObjectName(QStringLiteral("calendarPanel"));
    m_chartsPanel = new ChartsPanel(m_stats, m_store);
    m_views = new QTabWidget;
    m_views->setObjectName(QStringLiteral("mainViews"));
    m_views->setDocumentMode(true);
    m_views->addTab(outer, tr("Data Center"));
    m_views->addTab(m_calendarPanel, tr("Calendar"));
    m_views->addTab(m_chartsPanel, tr("Charts"));
    layout->addWidget(m_views, 1);
    setCentralWidget(central);
    connect(m_calendarPanel, &CalendarPanel::statusMessage, this,
            [this](const QString &text, int timeoutMs) { statusBar()->showMessage(text, timeoutMs); });
    // The charts follow what is selected: a partition, else a host.
    connect(m_hostPanel->view()->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                const QString host = current.siblingAtColumn(0).data().toString();
                if (!host.isEmpty())
                    m_chartsPanel->setSubject(StatsStore::Kind::Host, host);
                updateActions();
            });

    connect(partitions->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        const QString uuid = selectedPartitionUuid();
        m_details->setPartition(uuid);
        m_mapPanel->selectPartition(uuid);
        if (!uuid.isEmpty())
            m_chartsPanel->setSubject(StatsStore::Kind::Partition, uuid);
        updateActions();
    });
    connect(m_mapPanel, &MapPanel::partitionSelected, this, [this](const QString &uuid) {
        if (uuid != selectedPartitionUuid())
            selectPartition(uuid);
    });
    connect(m_mapPanel, &MapPanel::statusMessage, this,
            [this](const QString &text, int timeoutMs) { statusBar()->showMessage(text, timeoutMs); });
    connect(m_mapPanel, &MapPanel::engineError, this, &MainWindow::showEngineError);

    // Events and tasks below, as tabs of one dock.
    m_auditPanel = new AuditLogPanel(m_client);
    m_tasksPanel = new TasksPanel(m_client, m_store);
    connect(m_tasksPanel, &TasksPanel::statusMessage, this,
            [this](const QString &text, int timeoutMs) { statusBar()->showMessage(text, timeoutMs); });
    auto *tasksDock = new QDockWidget(tr("Running Tasks"), this);
    tasksDock->setObjectName(QStringLiteral("tasksDock"));
    tasksDock->setWidget(m_tasksPanel);
    auto *auditDock = new QDockWidget(tr("Events"), this);
    auditDock->setObjectName(QStringLiteral("auditDock"));
    auditDock->setWidget(m_auditPanel);
    addDockWidget(Qt::BottomDockWidgetArea, tasksDock);
    addDockWidget(Qt::BottomDockWidgetArea, auditDock);
    tabifyDockWidget(tasksDock, auditDock);
    tasksDock->raise();
    resizeDocks({tasksDock}, {110}, Qt::Vertical);
    // Before Help, which is the last menu by convention.
    auto *view = new QMenu(tr("&View"), this);
    menuBar()->insertMenu(menuBar()->actions().constLast(), view);
    const struct
    {
        View view;
        QString text;
        const char *name;
    } views[] = {{View::DataCenter, tr("&Data Center"), "showDataCenterAction"},
                 {View::Calendar, tr("&Calendar"), "showCalendarAction"},
                 {View::Charts, tr("C&harts"), "showChartsAction"}};
    int n = 0;
    for (const auto &entry : views) {
        auto *action = view->addAction(entry.text);
        action->setObjectName(QLatin1String(entry.name));
        action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + n++)));
        connect(action, &QAction::triggered, this, [this, target = entry.view] { showView(target); });
    }
    view->addSeparator();
    view->addAction(tasksDock->toggleViewAction());
    view->addAction(auditDock->toggleViewAction());
}

void MainWindow::showView(View view)
{
    m_views->setCurrentIndex(int(view));
}

MainWindow::View MainWindow::currentView() const
{
    return View(m_views->currentIndex());
}

void MainWindow::createStatusBar()
{
    m_connectionIcon = new QLabel;
    m_connectionLabel = new QLabel;
    m_connectionLabel->setObjectName(QStringLiteral("connectionStatus"));
    m_summaryLabel = new QLabel;
    m_summaryLabel->setObjectName(QStringLiteral("stateSummary"));
    statusBar()->addWidget(m_connectionIcon);
    statusBar()->addWidget(m_connectionLabel, 1);
    statusBar()->addPermanentWidget(m_summaryLabel);
}

QString MainWindow::selectedPartitionUuid() const
{
    const QModelIndex current = m_partitionPanel->view()->selectionModel()->currentIndex();
    if (!current.isValid())
        return {};
    return current.data(int(PartitionTableModel::Role::Key)).toString();
}

void MainWindow::selectPartition(const QString &uuid)
{
    const int row = m_store->partitionRow(uuid);
    if (row < 0)
        return;
    const QModelIndex index = m_partitionPanel->proxy()->mapFromSource(m_partitionModel->index(row, 0));
    QTreeView *view = m_partitionPanel->view();
    view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    view->scrollTo(index);
}

const proto::Partition *MainWindow::selectedPartition() const
{
    const QString uuid = selectedPartitionUuid();
    return uuid.isEmpty() ? nullptr : m_store->partition(uuid);
}

QString MainWindow::connectionStatus() const
{
    return m_connectionLabel->text();
}

void MainWindow::updateConnectionState()
{
    const QString endpoint = m_client->endpoint();
    const bool embedded = endpoint.startsWith(QLatin1String("inproc://"));
    QString text;
    proto::HostState look = proto::HOST_STATE_UNSPECIFIED; // borrow the host colours
    switch (m_client->connectionState()) {
    case OpsClient::ConnectionState::Disconnected:
        text = tr("Disconnected: the console is not connected to an operations engine.");
        look = proto::HOST_STATE_UNREACHABLE;
        break;
    case OpsClient::ConnectionState::Connecting:
        text = embedded ? tr("Connecting to the embedded operations engine...")
                        : tr("Connecting to the operations engine at %1...").arg(endpoint);
        look = proto::HOST_STATE_DEGRADED;
        break;
    case OpsClient::ConnectionState::Connected:
        text = embedded ? tr("Connected to the embedded operations engine (%1).").arg(endpoint)
                        : tr("Connected to %1 at %2.").arg(m_client->serverName(), endpoint);
        look = proto::HOST_STATE_UP;
        break;
    case OpsClient::ConnectionState::Lost:
        text = tr("Disconnected: the operations engine at %1 stopped answering. The last known state is shown, "
                  "read-only.")
                   .arg(endpoint);
        look = proto::HOST_STATE_FAILED;
        break;
    case OpsClient::ConnectionState::Reconnecting:
        text = tr("Disconnected: reconnecting to the operations engine at %1 (attempt %2). The last known state is "
                  "shown, read-only.")
                   .arg(endpoint)
                   .arg(m_client->reconnectAttempt());
        look = proto::HOST_STATE_FAILED;
        break;
    }
    m_connectionLabel->setText(text);
    m_connectionIcon->setPixmap(StateStyle::dot(StateStyle::color(look)).pixmap(14, 14));

    const bool offline = !m_client->isConnected() && m_store->hasSnapshot();
    m_offlineBanner->setVisible(offline);
    if (offline)
        m_offlineBanner->setText(tr("The operations engine at %1 is not answering. The tables show the last known "
                                    "state and cannot be changed until the engine is back.")
                                     .arg(endpoint));

    // The platform adds the application's display name ("vdc Console").
    setWindowTitle(embedded ? tr("Embedded Engine") : endpoint);
    updateActions();
}

void MainWindow::updateActions()
{
    const bool connected = m_client->isConnected();
    const proto::Partition *partition = selectedPartition();
    const auto state = partition ? partition->state() : proto::PARTITION_STATE_UNSPECIFIED;
    m_createPartitionAction->setEnabled(connected);
    m_addHostAction->setEnabled(connected);
    m_startPartitionAction->setEnabled(connected && partition && canStart(state));
    m_stopPartitionAction->setEnabled(connected && partition && canStop(state));
    m_deletePartitionAction->setEnabled(connected && partition && canDelete(state));
    m_editPartitionAction->setEnabled(connected && partition);
    m_editHostAction->setEnabled(connected && !selectedHostName().isEmpty());
}

void MainWindow::updateSummary()
{
    m_summaryLabel->setText(tr("Hosts: %1    Partitions: %2    Running: %3")
                                .arg(m_store->hostCount())
                                .arg(m_store->partitionCount())
                                .arg(m_store->runningPartitionCount()));
}

void MainWindow::connectToEndpoint()
{
    bool ok = false;
    const QString endpoint = QInputDialog::getText(
        this, tr("Connect to Operations Service"),
        tr("Endpoint of the vdc-opsd operations service (its --listen address), for example tcp://192.0.2.5:5555:"),
        QLineEdit::Normal, m_client->endpoint(), &ok);
    if (!ok || endpoint.trimmed().isEmpty())
        return;
    if (auto connected = m_client->connectTo(endpoint); !connected)
        QMessageBox::warning(this, tr("vdc Console"), connected.error().message());
}

void MainWindow::createPartition()
{
    // The dialog sends the request and closes once the engine agrees.
    auto *dialog = new PartitionEditorDialog(m_client, m_store, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &PartitionEditorDialog::saved, this, [this](const proto::Partition &partition) {
        statusBar()->showMessage(tr("Partition %1 was created.").arg(qs(partition.spec().name())), 5000);
        selectPartition(qs(partition.spec().uuid()));
    });
    dialog->open();
}

void MainWindow::editPartition()
{
    const proto::Partition *partition = selectedPartition();
    if (!partition)
        return;
    auto *dialog = new PartitionEditorDialog(m_client, m_store, qs(partition->spec().uuid()), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &PartitionEditorDialog::saved, this, [this](const proto::Partition &changed) {
        statusBar()->showMessage(tr("Partition %1 was changed.").arg(qs(changed.spec().name())), 5000);
    });
    dialog->open();
}

QString MainWindow::selectedHostName() const
{
    const QModelIndex current = m_hostPanel->view()->currentIndex();
    if (current.isValid())
        return current.siblingAtColumn(0).data().toString();
    const proto::Partition *partition = selectedPartition();
    return partition ? qs(partition->host()) : QString();
}

void MainWindow::editHost()
{
    const QString name = selectedHostName();
    if (name.isEmpty() || !m_store->host(name))
        return;
    auto *dialog = new HostEditorDialog(m_client, m_store, name, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &HostEditorDialog::saved, this, [this](const proto::Host &host) {
        statusBar()->showMessage(tr("Host %1 was changed.").arg(qs(host.name())), 5000);
    });
    dialog->open();
}

void MainWindow::startPartition()
{
    const proto::Partition *partition = selectedPartition();
    if (!partition)
        return;
    const QString name = qs(partition->spec().name());
    statusBar()->showMessage(tr("Starting partition %1...").arg(name));
    m_client->startPartition(qs(partition->spec().uuid()), this, [this, name](const proto::OpsReply &reply) {
        if (reply.error().code() != proto::ERROR_NONE) {
            statusBar()->clearMessage();
            // Placement said no: every host and why it was turned down.
            if (PlacementReasonsDialog::hasReasons(reply))
                PlacementReasonsDialog::showFailure(this, tr("Partition %1 could not be started.").arg(name), reply);
            else
                showEngineError(tr("Partition %1 could not be started.").arg(name), reply);
            return;
        }
        const QString host = reply.has_partition() ? qs(reply.partition().host()) : QString();
        statusBar()->showMessage(host.isEmpty() ? tr("Partition %1 was started.").arg(name)
                                                : tr("Partition %1 was started on %2.").arg(name, host),
                                 5000);
    });
}

void MainWindow::stopPartition()
{
    const proto::Partition *partition = selectedPartition();
    if (!partition)
        return;
    const QString name = qs(partition->spec().name());
    statusBar()->showMessage(tr("Stopping partition %1...").arg(name));
    m_client->stopPartition(qs(partition->spec().uuid()), this, [this, name](const proto::OpsReply &reply) {
        if (reply.error().code() != proto::ERROR_NONE) {
            statusBar()->clearMessage();
            showEngineError(tr("Partition %1 could not be stopped.").arg(name), reply);
            return;
        }
        statusBar()->showMessage(tr("Partition %1 was stopped.").arg(name), 5000);
    });
}

void MainWindow::deletePartition()
{
    const proto::Partition *partition = selectedPartition();
    if (!partition)
        return;
    const QString name = qs(partition->spec().name());
    const QString domain = qs(partition->spec().domain());
    const QString uuid = qs(partition->spec().uuid());

    auto *box = new QMessageBox(QMessageBox::Question, tr("Delete Partition"),
                                tr("Delete partition %1 of domain %2?").arg(name, domain),
                                QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("confirmDeleteBox"));
    box->setInformativeText(tr("Its definition is removed from the operations database. This cannot be undone."));
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box, name, uuid] {
        if (box->clickedButton() != box->button(QMessageBox::Yes))
            return;
        statusBar()->showMessage(tr("Deleting partition %1...").arg(name));
        m_client->deletePartition(uuid, this, [this, name](const proto::OpsReply &reply) {
            if (reply.error().code() != proto::ERROR_NONE) {
                statusBar()->clearMessage();
                showEngineError(tr("Partition %1 could not be deleted.").arg(name), reply);
                return;
            }
            statusBar()->showMessage(tr("Partition %1 was deleted.").arg(name), 5000);
        });
    });
    box->open();
}

void MainWindow::addHost()
{
    auto *dialog = new AddHostDialog(m_store, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const QString name = dialog->hostName();
        statusBar()->showMessage(tr("Adding host %1...").arg(name));
        m_client->addHost(name, dialog->agentEndpoint(), dialog->zone(), this,
                          [this, name](const proto::OpsReply &reply) {
                              if (reply.error().code() != proto::ERROR_NONE) {
                                  statusBar()->clearMessage();
                                  showEngineError(tr("Host %1 could not be added.").arg(name), reply);
                                  return;
                              }
                              statusBar()->showMessage(tr("Host %1 was added.").arg(name), 5000);
                          });
    });
    dialog->open();
}

void MainWindow::showAbout()
{
    const QString engine = m_client->serverName().isEmpty() ? tr("not connected") : m_client->serverName();
    QMessageBox::about(this, tr("About vdc Console"),
                       tr("<h3>vdc Console %1</h3>"
                          "<p>The desktop console of vdc, a virtual data center for Linux/KVM hosts.</p>"
                          "<p>Protocol version %2. Operations engine: %3.</p>")
                           .arg(QLatin1String(kVersionString))
                           .arg(kProtocolVersion)
                           .arg(engine.toHtmlEscaped()));
}

void MainWindow::showSettings()
{
    auto *dialog = new SettingsDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this] {
        statusBar()->showMessage(tr("The new language takes effect when the console is started the next time."), 8000);
    });
    dialog->open();
}

void MainWindow::showEngineError(const QString &what, const proto::OpsReply &reply)
{
    auto *box = new QMessageBox(QMessageBox::Warning, tr("vdc Console"), what, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("engineErrorBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    QString details = QStringLiteral("<p>%1</p>").arg(qs(reply.error().message()).toHtmlEscaped());
    if (reply.rejections_size() > 0) {
        details += tr("<p>Hosts that were considered:</p>");
        details += QStringLiteral("<ul>");
        for (const auto &rejection : reply.rejections()) {
            const QString host = qs(rejection.host());
            QString reason = qs(rejection.reason());
            // Reasons may already name their host ("h3: 512 MiB free, ...").
            if (!host.isEmpty() && !reason.startsWith(host + QLatin1Char(':')))
                reason = tr("%1: %2", "host: reason").arg(host, reason);
            details += QStringLiteral("<li>%1</li>").arg(reason.toHtmlEscaped());
        }
        details += QStringLiteral("</ul>");
    }
    box->setTextFormat(Qt::PlainText);
    box->setInformativeText(details);
    box->open();
}

} // namespace vdc::gui
