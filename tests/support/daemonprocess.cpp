#include "daemonprocess.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QFile>
#include <QThread>

#include <csignal>

namespace vdc::testing {

QMap<QString, QString> readKeyValueFile(const QString &path)
{
    QMap<QString, QString> values;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return values;
    for (const QByteArray &line : file.readAll().split('\n')) {
        const auto eq = line.indexOf('=');
        if (eq > 0)
            values.insert(QString::fromUtf8(line.left(eq)).trimmed(), QString::fromUtf8(line.mid(eq + 1)).trimmed());
    }
    return values;
}

DaemonProcess::DaemonProcess(QString label, QString program, QStringList arguments)
    : m_label(std::move(label))
    , m_program(std::move(program))
    , m_arguments(std::move(arguments))
{
}

DaemonProcess::~DaemonProcess()
{
    terminate(5000);
}

bool DaemonProcess::start()
{
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_process->start(m_program, m_arguments);
    return m_process->waitForStarted(10000);
}

QString DaemonProcess::output() const
{
    if (m_process)
        m_output += QString::fromLocal8Bit(m_process->readAll());
    return m_output;
}

QMap<QString, QString> DaemonProcess::waitForEndpointFile(const QString &path, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        auto values = readKeyValueFile(path);
        if (values.contains(QStringLiteral("listen")) && values.contains(QStringLiteral("publish")))
            return values;
        if (!isRunning())
            return {};
        m_process->waitForReadyRead(50);
        output();
    }
    return {};
}

bool DaemonProcess::waitForOutput(const QString &text, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (output().contains(text))
            return true;
        if (!isRunning())
            return output().contains(text);
        m_process->waitForReadyRead(50);
    }
    return false;
}

bool DaemonProcess::isRunning() const
{
    return m_process && m_process->state() != QProcess::NotRunning;
}

qint64 DaemonProcess::pid() const
{
    return m_process ? m_process->processId() : 0;
}

void DaemonProcess::terminate(int timeoutMs)
{
    if (!isRunning())
        return;
    m_process->terminate();
    if (!m_process->waitForFinished(timeoutMs)) {
        m_process->kill();
        m_process->waitForFinished(5000);
    }
    output();
}

void DaemonProcess::kill()
{
    if (!isRunning())
        return;
    ::kill(pid_t(m_process->processId()), SIGKILL);
    m_process->waitForFinished(5000);
    output();
}

} // namespace vdc::testing
