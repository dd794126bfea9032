#include "testhost.h"

#include <QDir>
#include <QFile>

#include <sys/mman.h>
#include <unistd.h>

namespace vdc::testing {

QString monitorProgram() { return QStringLiteral(VDC_MONITOR_PATH); }
QString agentProgram() { return QStringLiteral(VDC_AGENT_PATH); }
QString opsdProgram() { return QStringLiteral(VDC_OPSD_PATH); }
QString vdcctlProgram() { return QStringLiteral(VDC_VDCCTL_PATH); }

TestHost::TestHost(Options options)
    : m_options(std::move(options))
    , m_channel(QStringLiteral("/vdc-test-%1-%2").arg(::getpid()).arg(m_options.name))
{
    QDir().mkpath(m_options.workDir);
}

TestHost::~TestHost()
{
    stop();
}

bool TestHost::startMonitor()
{
    m_monitor = std::make_unique<DaemonProcess>(
        m_options.name + QStringLiteral(" monitor"), monitorProgram(),
        QStringList{QStringLiteral("--uri"), m_options.uri,
                    QStringLiteral("--channel"), m_channel,
                    QStringLiteral("--host-name"), m_options.name,
                    QStringLiteral("--reserve-cores"), QString::number(m_options.reserveCores),
                    QStringLiteral("--reserve-memory"), QString::number(m_options.reserveMemoryMib)}
            + m_monitorArguments);
    return m_monitor->start() && m_monitor->waitForOutput(QStringLiteral("serving channel"));
}

bool TestHost::startAgent()
{
    const QString endpointFile = m_options.workDir + QStringLiteral("/agent.endpoints");
    QFile::remove(endpointFile);
    m_agent = std::make_unique<DaemonProcess>(
        m_options.name + QStringLiteral(" agent"), agentProgram(),
        QStringList{QStringLiteral("--channel"), m_channel,
                    QStringLiteral("--listen"), QStringLiteral("tcp://127.0.0.1:*"),
                    QStringLiteral("--publish"), QStringLiteral("tcp://127.0.0.1:*"),
                    QStringLiteral("--store"), m_options.workDir + QStringLiteral("/bootstrap.sqlite"),
                    QStringLiteral("--host-name"), m_options.name,
                    QStringLiteral("--endpoint-file"), endpointFile});
    if (!m_agent->start())
        return false;
    const auto endpoints = m_agent->waitForEndpointFile(endpointFile);
    m_agentEndpoint = endpoints.value(QStringLiteral("listen"));
    m_publishEndpoint = endpoints.value(QStringLiteral("publish"));
    return !m_agentEndpoint.isEmpty();
}

void TestHost::stop()
{
    if (m_agent)
        m_agent->terminate();
    if (m_monitor)
        m_monitor->terminate();
    ::shm_unlink(m_channel.toLocal8Bit().constData());
}

QString TestHost::log() const
{
    QString text;
    if (m_monitor)
        text += QStringLiteral("--- %1 ---\n%2\n").arg(m_monitor->label(), m_monitor->output());
    if (m_agent)
        text += QStringLiteral("--- %1 ---\n%2\n").arg(m_agent->label(), m_agent->output());
    return text;
}

TestOps::TestOps(QString workDir)
    : m_workDir(std::move(workDir))
{
    QDir().mkpath(m_workDir);
}

bool TestOps::start()
{
    const QString endpointFile = m_workDir + QStringLiteral("/opsd.endpoints");
    QFile::remove(endpointFile);
    m_process = std::make_unique<DaemonProcess>(
        QStringLiteral("vdc-opsd"), opsdProgram(),
        QStringList{QStringLiteral("--database"), m_workDir + QStringLiteral("/ops.sqlite"),
                    QStringLiteral("--listen"), QStringLiteral("tcp://127.0.0.1:*"),
                    QStringLiteral("--publish"), QStringLiteral("tcp://127.0.0.1:*"),
                    QStringLiteral("--endpoint-file"), endpointFile});
    if (!m_process->start())
        return false;
    const auto endpoints = m_process->waitForEndpointFile(endpointFile);
    m_endpoint = endpoints.value(QStringLiteral("listen"));
    m_publish = endpoints.value(QStringLiteral("publish"));
    return !m_endpoint.isEmpty();
}

} // namespace vdc::testing
