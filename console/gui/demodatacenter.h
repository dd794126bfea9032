#pragma once

#include "opsclient.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>

class QFileSystemWatcher;
class QProcess;

namespace vdc::gui {

class StateStore;

// A small live data center for a newcomer: three real hosts, each a
// vdc-monitor on libvirt's test driver (hosts of different sizes) and a
// vdc-agent on loopback, started as child processes. Once their endpoint
// files appear it registers them with the engine through the ops API, creates
// a few partitions in a couple of domains and starts some of them.
//
// The processes are stopped (SIGTERM, then SIGKILL) and their channels
// unlinked when the demo is stopped or destroyed; they also get SIGTERM if
// the console dies without cleaning up.
class DemoDataCenter : public QObject
{
    Q_OBJECT
public:
    struct HostPlan
    {
        QString name;
        QString zone;
        std::uint32_t cores = 0;
        std::uint64_t memoryMib = 0;
    };
    struct PartitionPlan
    {
        QString name;
        QString domain;
        std::uint32_t vcpus = 0;
        std::uint64_t memoryMib = 0;
        bool start = false;
    };

    DemoDataCenter(OpsClient *client, StateStore *store, QObject *parent = nullptr);
    ~DemoDataCenter() override;

    static QList<HostPlan> hostPlan();
    static QList<PartitionPlan> partitionPlan();

    // Starts the hosts and fills the engine; ends with ready() or failed().
    void start();
    void stop();
    bool isReady() const { return m_ready; }
    // Where the demo keeps its node files, agent stores and daemon logs.
    QString workDirectory() const { return m_dir ? m_dir->path() : QString(); }

    // Finds a daemon: the environment variable if set, else next to the
    // console, else the build tree's copy, else PATH.
    static Result<QString> findProgram(const QString &name, const char *environmentVariable,
                                       const QString &buildTreePath);

signals:
    // A sentence for the status bar ("Starting host2...").
    void progress(const QString &message);
    void ready();
    void failed(const QString &message);

private:
    struct Host
    {
        HostPlan plan;
        QString channel;
        QString endpointFile;
        QString agentEndpoint;
        QProcess *monitor = nullptr;
        QProcess *agent = nullptr;
    };

    QProcess *launch(const QString &program, const QStringList &arguments, const QString &logName);
    void checkEndpointFiles();
    void onProcessFinished(QProcess *process);
    void registerHosts();
    void createDomains();
    void createPartitions();
    void waitForHostsUp();
    void startPartitions();
    void checkRunning();
    void fail(const QString &message);
    QString logTail(const QString &logName) const;

    OpsClient *m_client;
    StateStore *m_store;
    std::unique_ptr<QTemporaryDir> m_dir;
    QFileSystemWatcher *m_watcher = nullptr;
    QList<Host> m_hosts;
    QStringList m_toStart;     // partition uuids, in start order
    QStringList m_started;
    QStringList m_failedStarts;
    int m_outstanding = 0;     // requests of the current phase still unanswered
    QStringList m_failedNames; // partitions that did not start; the demo runs on without them
    enum class Phase { Idle, Launching, Registering, Defining, WaitingForHosts, Starting, Settling, Ready, Failed };
    Phase m_phase = Phase::Idle;
    bool m_ready = false;
};

} // namespace vdc::gui
