#pragma once

#include "daemonprocess.h"

#include <QString>
#include <QStringList>

#include <memory>

namespace vdc::testing {

// Paths of the daemons, filled in by CMake.
QString monitorProgram();
QString agentProgram();
QString opsdProgram();
QString vdcctlProgram();

// One host as a test starts it: a real vdc-monitor on `uri` and a real
// vdc-agent on loopback, talking over their own command channel.
class TestHost
{
public:
    struct Options
    {
        QString name;            // "h1"
        QString uri;             // libvirt URI for the monitor
        QString workDir;         // where the agent store and endpoint file go
        int reserveCores = 1;
        int reserveMemoryMib = 256;
    };

    explicit TestHost(Options options);
    ~TestHost();

    // More options for vdc-monitor (before startMonitor()).
    void setMonitorArguments(QStringList arguments) { m_monitorArguments = std::move(arguments); }
    bool startMonitor();
    bool startAgent();
    bool start() { return startMonitor() && startAgent(); }

    void killMonitor() { m_monitor->kill(); }
    void stop();

    const QString &name() const { return m_options.name; }
    const QString &uri() const { return m_options.uri; }
    QString channelName() const { return m_channel; }
    QString agentEndpoint() const { return m_agentEndpoint; }
    QString publishEndpoint() const { return m_publishEndpoint; }
    DaemonProcess &monitor() { return *m_monitor; }
    DaemonProcess &agent() { return *m_agent; }
    // Both daemons' output, for failure messages.
    QString log() const;

private:
    Options m_options;
    QStringList m_monitorArguments;
    QString m_channel;
    QString m_agentEndpoint;
    QString m_publishEndpoint;
    std::unique_ptr<DaemonProcess> m_monitor;
    std::unique_ptr<DaemonProcess> m_agent;
};

// A vdc-opsd on loopback with its database in `workDir`.
class TestOps
{
public:
    explicit TestOps(QString workDir);
    bool start();
    DaemonProcess &process() { return *m_process; }
    QString endpoint() const { return m_endpoint; }
    QString publishEndpoint() const { return m_publish; }

private:
    QString m_workDir;
    QString m_endpoint;
    QString m_publish;
    std::unique_ptr<DaemonProcess> m_process;
};

} // namespace vdc::testing
