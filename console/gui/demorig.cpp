#include "demorig.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStandardPaths>
#include <QTimer>

#include <unistd.h>

#ifndef VDC_RIG_SOURCE_PATH
#define VDC_RIG_SOURCE_PATH ""
#endif

Q_LOGGING_CATEGORY(lcDemoRig, "vdc.gui.demo.rig", QtWarningMsg)

namespace vdc::gui {

namespace {

constexpr int kStartTimeoutMs = 180000;
constexpr int kStopTimeoutMs = 90000;

// libvirtd and virtlogd live in sbin, which a desktop session's PATH may lack.
QStringList toolSearchPath()
{
    QStringList path = qEnvironmentVariable("PATH").split(QLatin1Char(':'), Qt::SkipEmptyParts);
    for (const char *extra : {"/usr/sbin", "/sbin", "/usr/bin", "/bin"})
        if (!path.contains(QLatin1String(extra)))
            path << QLatin1String(extra);
    return path;
}

QProcessEnvironment rigEnvironment()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("PATH"), toolSearchPath().join(QLatin1Char(':')));
    return environment;
}

QString lastLines(const QString &text, int count)
{
    const QStringList lines = text.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    return lines.mid(std::max<qsizetype>(0, lines.size() - count)).join(QLatin1Char('\n'));
}

QString rigDirectory()
{
    const QString fromEnvironment = qEnvironmentVariable("VDC_DEMO_RIG_DIR");
    return fromEnvironment.isEmpty() ? QDir::tempPath() + QStringLiteral("/vdc-demo-rig") : fromEnvironment;
}

} // namespace

DemoRig::DemoRig(QObject *parent)
    : QObject(parent)
    , m_directory(rigDirectory())
{
}

DemoRig::~DemoRig()
{
    stop();
}

Result<QString> DemoRig::findRigScript()
{
    const QString fromEnvironment = qEnvironmentVariable("VDC_RIG");
    if (!fromEnvironment.isEmpty()) {
        if (QFileInfo(fromEnvironment).isExecutable())
            return fromEnvironment;
        return Error(proto::ERROR_NOT_FOUND,
                     tr("VDC_RIG is set to %1, which is not an executable program.").arg(fromEnvironment));
    }
    const QString besideConsole = QCoreApplication::applicationDirPath() + QStringLiteral("/vdc-rig");
    if (QFileInfo(besideConsole).isExecutable())
        return besideConsole;
    const QString inSourceTree = QStringLiteral(VDC_RIG_SOURCE_PATH);
    if (!inSourceTree.isEmpty() && QFileInfo(inSourceTree).isExecutable())
        return inSourceTree;
    const QString inPath = QStandardPaths::findExecutable(QStringLiteral("vdc-rig"));
    if (!inPath.isEmpty())
        return inPath;
    return Error(proto::ERROR_NOT_FOUND,
                 tr("The rig script vdc-rig is neither next to the console nor in the source tree nor in PATH; "
                    "set VDC_RIG to its path."));
}

QString DemoRig::unavailableReason()
{
    if (::geteuid() != 0)
        return tr("real hosts need root, because each one is a libvirtd in its own namespaces");
    const QStringList path = toolSearchPath();
    for (const char *tool : {"libvirtd", "virtlogd", "virsh", "unshare", "qemu-system-x86_64"}) {
        if (QStandardPaths::findExecutable(QLatin1String(tool), path).isEmpty())
            return tr("real hosts need %1, which is not installed (packages libvirt-daemon, "
                      "libvirt-daemon-driver-qemu, libvirt-clients, qemu-system-x86)")
                .arg(QLatin1String(tool));
    }
    if (auto script = findRigScript(); !script)
        return script.error().message();
    return {};
}

Result<QString> DemoRig::daemonFolder(const QString &monitorProgram, const QString &agentProgram)
{
    const QFileInfo monitor(monitorProgram);
    const QFileInfo agent(agentProgram);
    if (monitor.absolutePath() == agent.absolutePath())
        return monitor.absolutePath();
    // A build tree: <build>/monitor/vdc-monitor and <build>/hostagent/vdc-agent.
    const QDir monitorParent = QFileInfo(monitor.absolutePath()).dir();
    const QDir agentParent = QFileInfo(agent.absolutePath()).dir();
    if (monitorParent == agentParent && monitor.dir().dirName() == QLatin1String("monitor")
        && agent.dir().dirName() == QLatin1String("hostagent"))
        return monitorParent.absolutePath();
    return Error(proto::ERROR_INVALID_ARGUMENT,
                 tr("vdc-monitor (%1) and vdc-agent (%2) must be in one folder, or in monitor/ and hostagent/ of "
                    "one build tree, for the rig to find them.")
                     .arg(monitorProgram, agentProgram));
}

void DemoRig::start(int hosts, const QString &daemonFolder)
{
    auto script = findRigScript();
    if (!script) {
        emit failed(script.error().message());
        return;
    }
    m_script = script.value();
    m_hosts = hosts;

    // One rig per machine: the lock says whose it is. A lock whose owner is
    // gone is taken over, and its rig is stopped before a new one starts.
    m_lock = std::make_unique<QLockFile>(m_directory + QStringLiteral(".lock"));
    m_lock->setStaleLockTime(0);
    if (!m_lock->tryLock(0)) {
        qint64 pid = 0;
        QString host, application;
        m_lock->getLockInfo(&pid, &host, &application);
        m_lock.reset();
        emit failed(tr("another console (process %1) runs its demo on the real hosts in %2").arg(pid).arg(m_directory));
        return;
    }
    if (QDir(m_directory).exists()) {
        if (auto stopped = runSynchronously({QStringLiteral("stop"), QStringLiteral("--dir"), m_directory},
                                            kStopTimeoutMs);
            !stopped)
            qCWarning(lcDemoRig).noquote() << "stopping the rig left behind:" << stopped.error().message();
        // A new demo starts from nothing: the agents' bootstrap stores of
        // the last one would bring its partitions back.
        if (!QDir(m_directory).removeRecursively()) {
            m_lock.reset();
            emit failed(tr("The rig folder %1 of an earlier demo could not be removed.").arg(m_directory));
            return;
        }
    }

    m_starter = new QProcess(this);
    m_starter->setProcessEnvironment(rigEnvironment());
    m_starter->setProcessChannelMode(QProcess::MergedChannels);
    m_starter->setStandardInputFile(QProcess::nullDevice());
    connect(m_starter, &QProcess::finished, this, [this](int exitCode) { onStarted(exitCode); });
    connect(m_starter, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            emit failed(tr("The rig script %1 could not be started: %2").arg(m_script, m_starter->errorString()));
    });
    const QStringList arguments = {QStringLiteral("start"), QStringLiteral("--dir"), m_directory,
                                   QStringLiteral("--hosts"), QString::number(hosts),
                                   QStringLiteral("--daemons"), daemonFolder};
    qCInfo(lcDemoRig) << "starting" << m_script << arguments;
    m_running = true;
    m_starter->start(m_script, arguments);
    // The script itself waits for each libvirtd and daemon with its own
    // limits; this one only catches a script that hangs.
    QTimer *watchdog = new QTimer(m_starter);
    watchdog->setSingleShot(true);
    connect(watchdog, &QTimer::timeout, this, [this] {
        if (m_starter && m_starter->state() != QProcess::NotRunning) {
            m_starter->kill();
        }
    });
    watchdog->start(kStartTimeoutMs);
}

void DemoRig::onStarted(int exitCode)
{
    const QString output = QString::fromLocal8Bit(m_starter->readAll());
    qCInfo(lcDemoRig).noquote() << output;
    if (exitCode != 0 || m_starter->exitStatus() != QProcess::NormalExit) {
        emit failed(tr("The rig did not start its hosts (exit code %1):\n%2").arg(exitCode).arg(lastLines(output, 6)));
        return;
    }
    for (int n = 1; n <= m_hosts; ++n) {
        const QString host = QStringLiteral("host%1").arg(n);
        QFile file(QStringLiteral("%1/%2/vdc/agent.endpoints").arg(m_directory, host));
        if (!file.open(QIODevice::ReadOnly)) {
            emit failed(tr("The rig started %1 but wrote no agent endpoint for it (%2).").arg(host, file.fileName()));
            return;
        }
        const QStringList lines = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        for (const QString &line : lines)
            if (line.startsWith(QLatin1String("listen=")))
                m_agentEndpoints.insert(host, line.mid(7).trimmed());
        if (m_agentEndpoints.value(host).isEmpty()) {
            emit failed(tr("The rig's endpoint file for %1 names no agent endpoint (%2).").arg(host, file.fileName()));
            return;
        }
    }
    emit ready();
}

Result<void> DemoRig::runSynchronously(const QStringList &arguments, int timeoutMs, QString *output)
{
    QProcess process;
    process.setProcessEnvironment(rigEnvironment());
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.setStandardInputFile(QProcess::nullDevice());
    process.start(m_script, arguments);
    if (!process.waitForStarted(5000))
        return Error(proto::ERROR_INTERNAL, tr("%1 could not be started: %2").arg(m_script, process.errorString()));
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(1000);
        return Error(proto::ERROR_UNAVAILABLE, tr("%1 %2 did not finish within %3 seconds.")
                                               .arg(m_script, arguments.value(0))
                                               .arg(timeoutMs / 1000));
    }
    const QString text = QString::fromLocal8Bit(process.readAll());
    if (output)
        *output = text;
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return Error(proto::ERROR_INTERNAL,
                     tr("%1 %2 failed: %3").arg(m_script, arguments.value(0), lastLines(text, 4)));
    return {};
}

void DemoRig::stop()
{
    if (!m_running)
        return;
    m_running = false;
    if (m_starter) {
        m_starter->disconnect(this);
        if (m_starter->state() != QProcess::NotRunning) {
            m_starter->kill();
            m_starter->waitForFinished(2000);
        }
        delete m_starter;
        m_starter = nullptr;
    }
    if (auto stopped = runSynchronously({QStringLiteral("stop"), QStringLiteral("--dir"), m_directory}, kStopTimeoutMs);
        !stopped)
        qCWarning(lcDemoRig).noquote() << stopped.error().message();
    m_agentEndpoints.clear();
    m_lock.reset(); // unlocks
}

} // namespace vdc::gui
