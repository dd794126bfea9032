#include "consolesession.h"

#include "calendarpanel.h"
#include "calendarentrydialog.h"
#include "demodatacenter.h"
#include "mainwindow.h"
#include "mappanel.h"
#include "mapscene.h"
#include "mapview.h"
#include "opsclient.h"
#include "opsservice.h"
#include "statestore.h"

#include <QDir>
#include <QFileInfo>
#include <QImageWriter>
#include <QMessageBox>
#include <QPixmap>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>

namespace vdc::gui {

namespace {
constexpr int kScreenshotTimeoutMs = 240000;
} // namespace

const QString ConsoleSession::kEmbeddedListenEndpoint = QStringLiteral("inproc://vdc-ops");
const QString ConsoleSession::kEmbeddedPublishEndpoint = QStringLiteral("inproc://vdc-ops-state");

ConsoleSession::ConsoleSession(QObject *parent)
    : QObject(parent)
{
}

ConsoleSession::~ConsoleSession()
{
    // The window goes first (it shows the store), then the demo hosts (so the
    // engine does not watch them die), then the client, then the engine.
    m_window.reset();
    m_demo.reset();
    m_client.reset();
    m_service.reset();
    m_store.reset();
}

Result<void> ConsoleSession::start(const ConsoleOptions &options)
{
    m_options = options;
    static const QStringList kViews = {QStringLiteral("window"), QStringLiteral("map"), QStringLiteral("calendar"),
                                       QStringLiteral("charts")};
    if (!options.screenshotView.isEmpty() && !kViews.contains(options.screenshotView))
        return Error(proto::ERROR_INVALID_ARGUMENT,
                     tr("There is no view called %1 to take a screenshot of; use window, map, calendar or charts.")
                         .arg(options.screenshotView));
    DemoDataCenter::HostKind demoHosts = DemoDataCenter::HostKind::Automatic;
    if (options.demoHosts == QLatin1String("real"))
        demoHosts = DemoDataCenter::HostKind::Real;
    else if (options.demoHosts == QLatin1String("test"))
        demoHosts = DemoDataCenter::HostKind::TestDriver;
    else if (!options.demoHosts.isEmpty() && options.demoHosts != QLatin1String("auto"))
        return Error(proto::ERROR_INVALID_ARGUMENT,
                     tr("--demo-hosts takes real, test or auto, not %1.").arg(options.demoHosts));
    const bool remote = !options.connectEndpoint.isEmpty();
    m_demoWanted = options.demo.value_or(!remote && options.databasePath.isEmpty());
    if (m_demoWanted && remote)
        return Error(proto::ERROR_INVALID_ARGUMENT,
                     tr("The demo data center runs its hosts on this machine for the embedded engine; "
                        "use --no-demo with --connect."));
    if (m_demoWanted && !options.databasePath.isEmpty())
        return Error(proto::ERROR_INVALID_ARGUMENT,
                     tr("The demo data center keeps its own temporary database; use --no-demo with --database."));

    m_store = std::make_unique<StateStore>();
    m_client = std::make_unique<OpsClient>(m_store.get());

    QString endpoint = options.connectEndpoint;
    if (!remote) {
        QString database = options.databasePath;
        if (m_demoWanted) {
            m_demoDatabaseDir = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/vdc-demo-ops-XXXXXX"));
            if (!m_demoDatabaseDir->isValid())
                return Error(proto::ERROR_STORAGE, tr("The demo cannot create a temporary directory for its database: %1")
                                                       .arg(m_demoDatabaseDir->errorString()));
            database = m_demoDatabaseDir->filePath(QStringLiteral("operations.sqlite"));
        } else if (database.isEmpty()) {
            const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);
            if (!QDir().mkpath(dir))
                return Error(proto::ERROR_STORAGE, tr("Cannot create the directory %1 for the operations database.").arg(dir));
            database = dir + QStringLiteral("/operations.sqlite");
        }
        ops::OpsService::Options serviceOptions;
        serviceOptions.databasePath = database;
        serviceOptions.listenEndpoint = kEmbeddedListenEndpoint;
        serviceOptions.publishEndpoint = kEmbeddedPublishEndpoint;
        auto service = ops::OpsService::start(serviceOptions);
        if (!service)
            return service.error();
        m_service = std::move(service.value());
        endpoint = m_service->listenEndpoint();
    }

    if (auto connected = m_client->connectTo(endpoint); !connected)
        return connected;

    m_window = std::make_unique<MainWindow>(m_client.get(), m_store.get());
    m_window->show();

    if (m_demoWanted) {
        m_demo = std::make_unique<DemoDataCenter>(m_client.get(), m_store.get(), demoHosts);
        connect(m_demo.get(), &DemoDataCenter::progress, m_window.get(), [this](const QString &message) {
            m_window->statusBar()->showMessage(message, 8000);
        });
        connect(m_demo.get(), &DemoDataCenter::failed, this, [this](const QString &message) {
            // The hosts that did come up are of no use half-registered.
            QTimer::singleShot(0, this, [this] { m_demo->stop(); });
            if (!m_options.screenshotPath.isEmpty())
                return finishScreenshot(1, tr("The demo data center could not be set up: %1").arg(message));
            auto *box = new QMessageBox(QMessageBox::Warning, tr("vdc Console"),
                                        tr("The demo data center could not be set up."), QMessageBox::Ok,
                                        m_window.get());
            box->setInformativeText(message);
            box->setAttribute(Qt::WA_DeleteOnClose);
            box->open();
        });
        connect(m_demo.get(), &DemoDataCenter::ready, this, &ConsoleSession::tryScreenshot);
        m_demo->start();
    }

    if (!options.screenshotPath.isEmpty()) {
        connect(m_client.get(), &OpsClient::snapshotApplied, this, &ConsoleSession::tryScreenshot);
        QTimer::singleShot(kScreenshotTimeoutMs, this, [this] {
            finishScreenshot(1, tr("The state did not arrive within %1 seconds; no screenshot was taken.")
                                    .arg(kScreenshotTimeoutMs / 1000));
        });
    }
    return {};
}

void ConsoleSession::tryScreenshot()
{
    if (m_options.screenshotPath.isEmpty() || m_screenshotTaken)
        return;
    if (!m_client->isConnected() || !m_store->hasSnapshot())
        return;
    if (m_demoWanted && !m_demo->isReady())
        return;
    m_screenshotTaken = true;

    // Show a selected partition so the details pane has something to say.
    for (int row = 0; row < m_store->partitionCount(); ++row) {
        const auto &partition = m_store->partitionAt(row);
        if (partition.state() == proto::PARTITION_STATE_RUNNING) {
            m_window->selectPartition(QString::fromStdString(partition.spec().uuid()));
            break;
        }
    }
    m_window->statusBar()->clearMessage();
    // Let the views lay out and paint the last changes before grabbing.
    m_window->mapPanel()->scene()->flush();
    m_window->mapPanel()->view()->fitAll();
    // The charts need a few samples (one a second) to show a line.
    int settleMs = 0;
    if (m_options.screenshotView == QLatin1String("calendar")) {
        m_window->showView(MainWindow::View::Calendar);
        // The demo's weeknights entry shows on every weekday.
        if (m_demoWanted)
            m_window->calendarPanel()->setDomain(QStringLiteral("research"));
        settleMs = 1500;
    } else if (m_options.screenshotView == QLatin1String("charts")) {
        m_window->showView(MainWindow::View::Charts);
        settleMs = 30000;
    }
    QTimer::singleShot(settleMs, this, [this] {
        const bool mapOnly = m_options.screenshotView == QLatin1String("map");
        const QPixmap image = mapOnly ? m_window->mapPanel()->grab() : m_window->grab();
        QImageWriter writer(m_options.screenshotPath, "png");
        if (!writer.write(image.toImage()))
            return finishScreenshot(1, tr("Cannot write the screenshot to %1: %2")
                                           .arg(m_options.screenshotPath, writer.errorString()));
        finishScreenshot(0, tr("Screenshot written to %1.").arg(QFileInfo(m_options.screenshotPath).absoluteFilePath()));
    });
}

void ConsoleSession::finishScreenshot(int exitCode, const QString &message)
{
    if (m_finished)
        return;
    m_finished = true;
    std::fprintf(exitCode == 0 ? stdout : stderr, "vdc-console: %s\n", qPrintable(message));
    emit finished(exitCode);
}

} // namespace vdc::gui
