#pragma once

#include "core/result.h"

#include <QObject>
#include <QString>

#include <memory>
#include <optional>

class QTemporaryDir;

namespace vdc::ops {
class OpsService;
}

namespace vdc::gui {

class DemoDataCenter;
class MainWindow;
class OpsClient;
class StateStore;

// What the command line asked for.
struct ConsoleOptions
{
    QString connectEndpoint;       // a vdc-opsd ROUTER; empty: embedded engine
    QString databasePath;          // embedded engine's database; empty: default
    std::optional<bool> demo;      // unset: demo when neither of the above is given
    QString demoHosts;             // "auto" (or empty), "real" or "test": what the demo's hosts run on
    QString screenshotPath;        // render the window to this PNG once the state is in, then finish
    QString screenshotView;        // "window" (default) or "map": what the screenshot shows
};

// One run of the console: the embedded engine (or none, when connected to a
// remote one), the client and state store, the demo data center and the main
// window, brought up and torn down in the right order.
class ConsoleSession : public QObject
{
    Q_OBJECT
public:
    // The embedded engine's endpoints.
    static const QString kEmbeddedListenEndpoint;
    static const QString kEmbeddedPublishEndpoint;

    explicit ConsoleSession(QObject *parent = nullptr);
    ~ConsoleSession() override;

    Result<void> start(const ConsoleOptions &options);

    MainWindow *mainWindow() const { return m_window.get(); }
    OpsClient *client() const { return m_client.get(); }
    StateStore *store() const { return m_store.get(); }

signals:
    // Only with a screenshot path: the PNG is written (0) or could not be (1).
    void finished(int exitCode);

private:
    void tryScreenshot();
    void finishScreenshot(int exitCode, const QString &message);

    ConsoleOptions m_options;
    bool m_demoWanted = false;
    bool m_screenshotTaken = false;
    bool m_finished = false;
    std::unique_ptr<QTemporaryDir> m_demoDatabaseDir;
    std::unique_ptr<ops::OpsService> m_service;
    std::unique_ptr<StateStore> m_store;
    std::unique_ptr<OpsClient> m_client;
    std::unique_ptr<DemoDataCenter> m_demo;
    std::unique_ptr<MainWindow> m_window;
};

} // namespace vdc::gui
