#pragma once

#include "core/result.h"

#include <QHash>
#include <QLockFile>
#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>

class QProcess;

namespace vdc::gui {

// Real hosts for the demo: the project's rig script (vdc-rig) starts one
// libvirtd with the QEMU/KVM driver per host, each in its own mount and UTS
// namespace (own hostname and host UUID), with its own vdc-monitor and
// vdc-agent. Guests are real QEMU processes and migrate live between the
// hosts.
//
// The rig lives in one folder per machine, guarded by a lock file: a second
// console finds it taken and uses libvirt's test driver instead. A rig left
// behind (by a console that crashed) is stopped and its folder removed
// before a new one starts; a stopped rig's folder keeps its logs until then.
class DemoRig : public QObject
{
    Q_OBJECT
public:
    explicit DemoRig(QObject *parent = nullptr);
    ~DemoRig() override;

    // Why real hosts cannot run on this machine, in a sentence; empty when
    // they can (root, libvirtd, QEMU, unshare and the rig script present).
    static QString unavailableReason();
    // The rig script: $VDC_RIG, next to the console, the source tree's copy.
    static Result<QString> findRigScript();
    // The folder holding both daemons in the layout vdc-rig --daemons takes
    // (one folder with both programs, or a build tree with monitor/ and
    // hostagent/ under it).
    static Result<QString> daemonFolder(const QString &monitorProgram, const QString &agentProgram);

    // Starts hosts host1..hostN; ends with ready() or failed().
    void start(int hosts, const QString &daemonFolder);
    // Stops the daemons and libvirtds and destroys the guests; waits for it.
    void stop();

    QString directory() const { return m_directory; }
    // A host's agent ROUTER endpoint, once ready() was emitted.
    QString agentEndpoint(const QString &host) const { return m_agentEndpoints.value(host); }
    // Where emulated guests' serial ports are written (<domain>.<partition>.log).
    QString serialLogDirectory() const { return m_directory + QStringLiteral("/serial"); }

signals:
    void ready();
    void failed(const QString &message);

private:
    void onStarted(int exitCode);
    Result<void> runSynchronously(const QStringList &arguments, int timeoutMs, QString *output = nullptr);

    QString m_script;
    QString m_directory;
    std::unique_ptr<QLockFile> m_lock;
    QProcess *m_starter = nullptr;
    int m_hosts = 0;
    QHash<QString, QString> m_agentEndpoints;
    bool m_running = false;
};

} // namespace vdc::gui
