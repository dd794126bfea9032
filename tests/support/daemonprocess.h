#pragma once

#include <QMap>
#include <QProcess>
#include <QString>
#include <QStringList>

#include <memory>

namespace vdc::testing {

// One real daemon (vdc-monitor, vdc-agent, vdc-opsd) started as a child
// process for integration tests and benchmarks. Its stderr is kept so a
// failing test can show what the daemon said.
class DaemonProcess
{
public:
    DaemonProcess(QString label, QString program, QStringList arguments);
    ~DaemonProcess();

    bool start();
    // Waits until `path` exists and holds "key=value" lines (the daemons'
    // endpoint files), then returns them. Empty map on time-out or exit.
    QMap<QString, QString> waitForEndpointFile(const QString &path, int timeoutMs = 20000);
    // Waits until the daemon's stderr contains `text`.
    bool waitForOutput(const QString &text, int timeoutMs = 20000);

    void terminate(int timeoutMs = 10000); // SIGTERM, then SIGKILL
    void kill();                           // SIGKILL, like a crash
    bool isRunning() const;
    qint64 pid() const;
    QString output() const; // what it printed so far (stderr and stdout)
    const QString &label() const { return m_label; }

private:
    QString m_label;
    QString m_program;
    QStringList m_arguments;
    std::unique_ptr<QProcess> m_process;
    mutable QString m_output;
};

// Reads a file of "key=value" lines.
QMap<QString, QString> readKeyValueFile(const QString &path);

} // namespace vdc::testing
