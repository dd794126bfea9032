#pragma once

#include "opsclient.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <functional>
#include <memory>

class QFileSystemWatcher;
class QProcess;

namespace vdc::gui {

class DemoRig;
class StateStore;

// A small live data center for a newcomer: three hosts with their real
// daemons, zones, partitions in a few domains and a policy calendar.
//
// Where libvirtd can run (root, libvirt and QEMU installed) the hosts are
// real: the rig (DemoRig) starts a libvirtd per host in its own namespaces
// with a vdc-monitor and vdc-agent each, and the partitions are QEMU guests
// (KVM where /dev/kvm is usable, else emulated) that migrate live. Elsewhere
// each host is a vdc-monitor on libvirt's test driver (hosts of different
// sizes) and a vdc-agent, started as child processes; the demo says why.
// Either way it then registers the hosts with the engine through the ops
// API, creates the zones, domains, partitions and calendar, and starts some
// partitions.
//
// Test-driver processes are stopped (SIGTERM, then SIGKILL) and their
// channels unlinked when the demo is stopped or destroyed; they also get
// SIGTERM if the console dies without cleaning up. The rig is stopped by
// the demo, or by the next demo if the console died.
class DemoDataCenter : public QObject
{
    Q_OBJECT
public:
    enum class HostKind {
        Automatic,  // real hosts where they can run, else the test driver
        Real,       // real hosts or fail
        TestDriver, // libvirt's test driver
    };
    Q_ENUM(HostKind)

    struct ZonePlan
    {
        QString name;
        QString description;
        QString site;
        QString room;
    };
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
        QString boot;        // "" boots from the network (the firmware waits)
        QString accelerator; // "" the host's best; "tcg" emulated
        QString zone;        // "" any zone
    };

    DemoDataCenter(OpsClient *client, StateStore *store, HostKind kind = HostKind::Automatic,
                   QObject *parent = nullptr);
    ~DemoDataCenter() override;

    static QList<ZonePlan> zonePlan();
    // Sizes of the test-driver hosts; real hosts have the machine's size.
    static QList<HostPlan> hostPlan();
    // Real hosts share this machine's cores, so their partitions are small.
    static QList<PartitionPlan> partitionPlan(HostKind kind);
    static QList<proto::PolicySet> policyPlan();
    static QList<proto::CalendarEntry> calendarPlan();

    // Which hosts run: Real or TestDriver once started (Automatic before).
    HostKind hostKind() const { return m_kind; }
    // Why the demo runs on the test driver when real hosts were wanted.
    QString fallbackReason() const { return m_fallbackReason; }
    // The real hosts' rig folder; empty on the test driver.
    QString rigDirectory() const;

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

    void startTestDriverHosts();
    void startRealHosts();
    void fallBackToTestDriver(const QString &reason);
    QProcess *launch(const QString &program, const QStringList &arguments, const QString &logName);
    void checkEndpointFiles();
    void whenEngineAnswers(const std::function<void()> &next);
    void createZones();
    void onProcessFinished(QProcess *process);
    void registerHosts();
    void createDomains();
    void createPartitions();
    void createPolicies();
    void createCalendar();
    void waitForHostsUp();
    void startPartitions();
    void checkRunning();
    void fail(const QString &message);
    QString logTail(const QString &logName) const;

    OpsClient *m_client;
    StateStore *m_store;
    HostKind m_wantedKind;
    HostKind m_kind = HostKind::Automatic;
    QString m_fallbackReason;
    DemoRig *m_rig = nullptr;
    QString m_monitorProgram;
    QString m_agentProgram;
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
