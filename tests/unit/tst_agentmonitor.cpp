// vdc-agent against a real vdc-monitor process (libvirt test driver) over a
// real command channel: start/stop round trips, resource shortage, monitor
// restarts (re-activation of wanted partitions), agent restarts
// (reconciliation without double activation), unknown domains.
#include "agent.h"
#include "agentapiclient.h"
#include "agentservice.h"
#include "partitioncontroller.h"

#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <unistd.h>

using namespace vdc;
using namespace vdc::agent;
using Client = vdc::agent::testing::AgentApiClient;

namespace {

// One vdc-monitor child process; its output is kept for failure messages.
class MonitorProcess
{
public:
    explicit MonitorProcess(QString channel)
        : m_channel(std::move(channel))
    {
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        QObject::connect(&m_process, &QProcess::readyRead, [this] { m_output += m_process.readAll(); });
    }
    ~MonitorProcess() { kill(); }

    void start()
    {
        m_output.clear();
        m_process.start(QStringLiteral(VDC_MONITOR_PROGRAM),
                        {QStringLiteral("--uri"), QStringLiteral("test:///default"), QStringLiteral("--channel"),
                         m_channel, QStringLiteral("--host-name"), QStringLiteral("h1"),
                         QStringLiteral("--reserve-cores"), QStringLiteral("1"), QStringLiteral("--reserve-memory"),
                         QStringLiteral("256")});
    }
    // SIGSTOP / SIGCONT: a monitor that hangs, then comes back.
    void pause() { ::kill(pid_t(m_process.processId()), SIGSTOP); }
    void resume() { ::kill(pid_t(m_process.processId()), SIGCONT); }
    bool serving() const { return m_output.contains("serving channel"); }
    void terminate()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        resume();
        m_process.terminate();
        if (!m_process.waitForFinished(10000))
            kill();
    }
    void kill()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.kill();
        m_process.waitForFinished(10000);
    }
    QString output() const { return QString::fromLocal8Bit(m_output); }

private:
    QString m_channel;
    QProcess m_process;
    QByteArray m_output;
};

} // namespace

class TestAgentMonitor : public QObject
{
    Q_OBJECT
private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_channel = QStringLiteral("/vdc-test-%1-%2").arg(::getpid()).arg(++m_counter);
        m_monitor = std::make_unique<MonitorProcess>(m_channel);
        m_monitor->start();
        QTRY_VERIFY2_WITH_TIMEOUT(m_monitor->serving(), qPrintable(m_monitor->output()), 30000);
        startAgent(QStringLiteral("agent.sqlite"));
    }

    void cleanup()
    {
        m_client.reset();
        m_agent.reset();
        m_monitor->terminate();
        m_monitor.reset();
        m_dir.reset();
    }

    void startAndStopRoundTrip()
    {
        const auto before = inventory();
        QVERIFY(before.monitor_attached());
        QVERIFY(before.cores_total() > 2);
        QCOMPARE(before.cores_reserved(), 1u);
        QCOMPARE(before.hypervisor_uri(), std::string("test:///default"));

        QCOMPARE(call(Client::define(1, "web1", 2, 128)).error().code(), proto::ERROR_NONE);
        const auto started = call(Client::byName(2, "web1", &proto::AgentRequest::mutable_start));
        QVERIFY2(started.error().code() == proto::ERROR_NONE, started.error().message().c_str());
        QCOMPARE(started.request_id(), 2u);
        QCOMPARE(started.partition().state(), proto::PARTITION_STATE_RUNNING);
        QCOMPARE(started.partition().assignment().cores_size(), 2);
        QVERIFY(started.partition().assignment().memory_mib() >= 128);
        for (const auto core : started.partition().assignment().cores())
            QVERIFY(core != 0); // core 0 is reserved for the system

        // The monitor publishes a snapshot after the change; the copy follows.
        QTRY_COMPARE_WITH_TIMEOUT(inventory().cores_free(), before.cores_free() - 2, 10000);
        const auto during = inventory();
        QCOMPARE(during.partitions_size(), 1);
        QCOMPARE(during.partitions(0).state(), proto::PARTITION_STATE_RUNNING);
        QVERIFY(during.resource_version() > before.resource_version());

        // Starting again is idempotent: same resources, no error.
        const auto again = call(Client::byName(3, "web1", &proto::AgentRequest::mutable_start));
        QCOMPARE(again.error().code(), proto::ERROR_NONE);
        QCOMPARE(again.partition().assignment().cores(0), started.partition().assignment().cores(0));

        // A running partition cannot be undefined.
        const auto busy = call(Client::byName(4, "web1", &proto::AgentRequest::mutable_undefine));
        QCOMPARE(busy.error().code(), proto::ERROR_FAILED_PRECONDITION);

        const auto stopped = call(Client::byName(5, "web1", &proto::AgentRequest::mutable_stop));
        QVERIFY2(stopped.error().code() == proto::ERROR_NONE, stopped.error().message().c_str());
        QCOMPARE(stopped.partition().state(), proto::PARTITION_STATE_STOPPED);
        QTRY_COMPARE_WITH_TIMEOUT(inventory().cores_free(), before.cores_free(), 10000);
        QCOMPARE(call(Client::byName(6, "web1", &proto::AgentRequest::mutable_undefine)).error().code(),
                 proto::ERROR_NONE);
        QCOMPARE(inventory().partitions_size(), 0);
    }

    void shortageIsRefusedWithTheReason()
    {
        const auto inv = inventory();
        const std::uint32_t tooMany = inv.cores_free() + 1;
        QCOMPARE(call(Client::define(1, "big", tooMany, 128)).error().code(), proto::ERROR_NONE);
        const auto refused = call(Client::byName(2, "big", &proto::AgentRequest::mutable_start));
        QCOMPARE(refused.error().code(), proto::ERROR_INSUFFICIENT_RESOURCES);
        QCOMPARE(QString::fromStdString(refused.error().message()),
                 QStringLiteral("Host h1 has %1 free cores; partition big needs %2.").arg(inv.cores_free()).arg(tooMany));
        const auto after = inventory();
        QCOMPARE(after.cores_free(), inv.cores_free()); // nothing held
        QCOMPARE(after.partitions(0).state(), proto::PARTITION_STATE_FAILED);
        QCOMPARE(after.partitions(0).last_error(), refused.error().message());
    }

    void crashedMonitorIsReplacedAndWantedPartitionsComeBack()
    {
        const std::string uuid = startPartition("web1");
        const auto generation = inventory().generation();

        // A crash leaves the channel object behind; the new monitor reuses it
        // with a new generation and an empty test-driver libvirt.
        m_monitor->kill();
        m_monitor->start();
        QTRY_VERIFY2_WITH_TIMEOUT(m_monitor->serving(), qPrintable(m_monitor->output()), 30000);
        QTRY_VERIFY_WITH_TIMEOUT(inventory().generation() > generation, 30000);
        QTRY_VERIFY_WITH_TIMEOUT(runningInMonitor(uuid), 30000);
        QTRY_COMPARE_WITH_TIMEOUT(inventory().partitions(0).state(), proto::PARTITION_STATE_RUNNING, 10000);
        QVERIFY(inventory().monitor_attached());
    }

    void cleanlyRestartedMonitorIsFoundAgain()
    {
        const std::string uuid = startPartition("web1");
        // A clean shutdown removes the name; the next monitor creates a new object.
        m_monitor->terminate();
        QTRY_VERIFY_WITH_TIMEOUT(!inventory().monitor_attached(), 30000);
        const auto unavailable = call(Client::byName(7, "web1", &proto::AgentRequest::mutable_stop));
        QCOMPARE(unavailable.error().code(), proto::ERROR_UNAVAILABLE);

        m_monitor->start();
        QTRY_VERIFY2_WITH_TIMEOUT(m_monitor->serving(), qPrintable(m_monitor->output()), 30000);
        QTRY_VERIFY_WITH_TIMEOUT(inventory().monitor_attached(), 30000);
        QTRY_VERIFY_WITH_TIMEOUT(runningInMonitor(uuid), 30000);
        const auto stopped = call(Client::byName(8, "web1", &proto::AgentRequest::mutable_stop));
        QVERIFY2(stopped.error().code() == proto::ERROR_NONE, stopped.error().message().c_str());
    }

    void restartedAgentAdoptsWhatTheMonitorRuns()
    {
        const std::string uuid = startPartition("web1");
        const auto before = inventory();
        const auto assignment = before.partitions(0).assignment().SerializeAsString();

        m_client.reset();
        m_agent.reset();
        startAgent(QStringLiteral("agent.sqlite"));
        QTRY_VERIFY_WITH_TIMEOUT(m_agent->controller()->view().domain(QString::fromStdString(uuid)), 30000);
        const auto after = inventory();
        QCOMPARE(after.partitions_size(), 1);
        QCOMPARE(after.partitions(0).state(), proto::PARTITION_STATE_RUNNING);
        QCOMPARE(after.partitions(0).assignment().SerializeAsString(), assignment); // not activated twice
        QCOMPARE(after.cores_free(), before.cores_free());
        QCOMPARE(m_agent->controller()->view().snapshot().domains_size(), 1);
    }

    void partitionUnknownToTheStoreIsLeftAlone()
    {
        const std::string uuid = startPartition("web1");
        m_client.reset();
        m_agent.reset();
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("does not know; leaving it alone")));
        startAgent(QStringLiteral("other.sqlite"));
        QTRY_VERIFY_WITH_TIMEOUT(m_agent->controller()->view().domain(QString::fromStdString(uuid)), 30000);
        const auto inv = inventory();
        QCOMPARE(inv.partitions_size(), 0);
        QVERIFY(runningInMonitor(uuid));
    }

    void unansweredTransactionTimesOut()
    {
        QCOMPARE(call(Client::define(1, "web1", 2, 128)).error().code(), proto::ERROR_NONE);
        PartitionController *controller = m_agent->controller();
        controller->setTransactionTimeout(1000);

        m_monitor->pause();
        // Attachment only changes on the event loop, so it still holds for
        // the call right below: the transaction goes out and nobody answers.
        QVERIFY(controller->monitorAttached());
        std::optional<Result<proto::Partition>> outcome;
        proto::PartitionRef ref;
        ref.set_name("web1");
        ref.set_domain("default");
        controller->start(ref, [&outcome](Result<proto::Partition> r) { outcome = std::move(r); });
        QVERIFY(!outcome.has_value()); // answered later, never inline
        QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), 30000);
        QVERIFY(!outcome->ok());
        QCOMPARE(outcome->error().code(), proto::ERROR_UNAVAILABLE);
        QVERIFY2(outcome->error().message().startsWith(QStringLiteral("The monitor did not answer transaction")),
                 qPrintable(outcome->error().message()));
        QTRY_VERIFY_WITH_TIMEOUT(!controller->monitorAttached(), 30000);
        const auto failed = inventory();
        QCOMPARE(failed.partitions(0).state(), proto::PARTITION_STATE_FAILED);
        QVERIFY(!failed.monitor_attached());

        // The monitor wakes up and executes what was queued: the agent then
        // reports what the monitor runs (libvirt is the ground truth).
        m_monitor->resume();
        QTRY_VERIFY_WITH_TIMEOUT(controller->monitorAttached(), 30000);
        QTRY_COMPARE_WITH_TIMEOUT(inventory().partitions(0).state(), proto::PARTITION_STATE_RUNNING, 30000);
    }

private:
    void startAgent(const QString &store)
    {
        AgentOptions options;
        options.channel = m_channel;
        options.listen = QStringLiteral("tcp://127.0.0.1:*");
        options.publish = QStringLiteral("tcp://127.0.0.1:*");
        options.store = m_dir->filePath(store);
        options.hostName = QStringLiteral("h1");
        m_agent = std::make_unique<Agent>(options);
        const auto started = m_agent->start();
        QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : started.error().message()));
        m_client = std::make_unique<Client>(m_agent->service()->listenEndpoint());
        QVERIFY(m_client->connected());
        QTRY_VERIFY_WITH_TIMEOUT(m_agent->controller()->monitorAttached() && m_agent->controller()->view().hasSnapshot(),
                                 30000);
    }

    proto::AgentReply call(const proto::AgentRequest &request)
    {
        const auto reply = m_client->call(request, 30000);
        if (!reply)
            qWarning("no reply to request %llu; monitor said:\n%s", static_cast<unsigned long long>(request.request_id()),
                     qPrintable(m_monitor->output()));
        return reply.value_or(proto::AgentReply());
    }

    proto::Inventory inventory() { return call(Client::inventory(100)).inventory(); }

    std::string startPartition(const char *name)
    {
        if (call(Client::define(1, name, 2, 128)).error().code() != proto::ERROR_NONE)
            return {};
        const auto started = call(Client::byName(2, name, &proto::AgentRequest::mutable_start));
        if (started.error().code() != proto::ERROR_NONE)
            qWarning("start failed: %s", started.error().message().c_str());
        return started.partition().spec().uuid();
    }

    bool runningInMonitor(const std::string &uuid) const
    {
        const auto *d = m_agent->controller()->view().domain(QString::fromStdString(uuid));
        return d && d->state() == proto::PARTITION_STATE_RUNNING;
    }

    int m_counter = 0;
    QString m_channel;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<MonitorProcess> m_monitor;
    std::unique_ptr<Agent> m_agent;
    std::unique_ptr<Client> m_client;
};

QTEST_GUILESS_MAIN(TestAgentMonitor)
#include "tst_agentmonitor.moc"
