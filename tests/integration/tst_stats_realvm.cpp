// Statistics of a real QEMU guest through the whole stack: a rig host (its
// own libvirtd) with a vdc-monitor and vdc-agent, and a vdc-opsd. The
// counter guest runs under TCG and keeps its vCPU busy; the engine's history
// must show its CPU above zero and its memory, and `vdcctl stats` prints it.
#include "daemonprocess.h"
#include "libvirtprobe.h"
#include "opsapiclient.h"
#include "testhost.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace vdc;
using namespace vdc::testing;

namespace {

QString rigUri(const QString &rigHost)
{
    return QStringLiteral("qemu:///system?socket=%1/%2/run/libvirt-sock").arg(qEnvironmentVariable("VDC_RIG_DIR"), rigHost);
}

QString describe(const proto::OpsReply &reply)
{
    QString text = QString::fromStdString(reply.error().message());
    for (const auto &r : reply.rejections())
        text += QStringLiteral("\n  %1: %2").arg(QString::fromStdString(r.host()), QString::fromStdString(r.reason()));
    return text;
}

} // namespace

class TestStatsRealVm : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void historyShowsTheBusyGuest();

private:
    QTemporaryDir m_work;
    std::unique_ptr<TestHost> m_host;
    std::unique_ptr<TestOps> m_ops;
    std::unique_ptr<OpsApiClient> m_api;
};

void TestStatsRealVm::initTestCase()
{
    if (qEnvironmentVariableIsEmpty("VDC_RIG_DIR"))
        QFAIL("VDC_RIG_DIR is not set: run this test through ctest, whose fixture starts the libvirtd rig.");
    QVERIFY(m_work.isValid());
    QVERIFY2(QFile::exists(QStringLiteral(VDC_COUNTER_IMAGE)), VDC_COUNTER_IMAGE);
    const QString uri = rigUri(QStringLiteral("host1"));
    removeVdcDomains(uri); // a long-lived libvirtd may hold an earlier run's guests
    m_host = std::make_unique<TestHost>(
        TestHost::Options{QStringLiteral("sa"), uri, m_work.filePath(QStringLiteral("sa")), 0, 256});
    m_host->setMonitorArguments({QStringLiteral("--serial-log-dir"), m_work.filePath(QStringLiteral("serial"))});
    QVERIFY2(m_host->start(), qPrintable(m_host->log()));
    m_ops = std::make_unique<TestOps>(m_work.filePath(QStringLiteral("ops")));
    QVERIFY2(m_ops->start(), qPrintable(m_ops->process().output()));
    m_api = std::make_unique<OpsApiClient>(m_ops->endpoint());
    const auto added = m_api->addHost(m_host->name(), m_host->agentEndpoint());
    QVERIFY2(added, "vdc-opsd did not answer host add");
    QVERIFY2(added->error().code() == proto::ERROR_NONE, qPrintable(describe(*added)));
}

void TestStatsRealVm::cleanupTestCase()
{
    if (m_api)
        m_api->stopPartition(QStringLiteral("counter"));
    m_api.reset();
    if (m_ops)
        m_ops->process().terminate();
    m_host.reset();
    removeVdcDomains(rigUri(QStringLiteral("host1")));
}

void TestStatsRealVm::historyShowsTheBusyGuest()
{
    proto::OpsRequest create;
    auto *spec = create.mutable_create_partition()->mutable_spec();
    spec->set_name("counter");
    spec->set_domain("default");
    spec->set_vcpus(1);
    spec->set_memory_mib(64);
    spec->set_boot(QStringLiteral("floppy:%1").arg(VDC_COUNTER_IMAGE).toStdString());
    spec->set_accelerator("tcg"); // SeaBIOS does not boot the counter under nested KVM
    const auto created = m_api->call(create);
    QVERIFY2(created && created->error().code() == proto::ERROR_NONE, created ? qPrintable(describe(*created)) : "no answer");
    const auto started = m_api->startPartition(QStringLiteral("counter"));
    QVERIFY2(started && started->error().code() == proto::ERROR_NONE, started ? qPrintable(describe(*started)) : "no answer");
    const std::string uuid = started->partition().spec().uuid();

    // The engine's history of the partition: CPU above zero (TCG keeps the
    // vCPU's thread busy) and its memory figures.
    std::optional<proto::PartitionSample> busy;
    proto::HostSample hostSample;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            proto::OpsRequest get;
            get.mutable_get_stats_history()->add_partitions(uuid);
            const auto reply = m_api->call(get);
            if (!reply || reply->error().code() != proto::ERROR_NONE)
                return false;
            for (const auto &h : reply->stats_history().hosts())
                for (const auto &p : h.partitions())
                    if (p.uuid() == uuid && p.cpu_percent() > 0) {
                        busy = p;
                        hostSample = h;
                    }
            return busy.has_value();
        }(),
        60000);
    qInfo().noquote() << QStringLiteral("counter guest: cpu %1 %, memory %2/%3 MiB; host %4: cpu %5 %, memory %6/%7 MiB")
                             .arg(busy->cpu_percent(), 0, 'f', 1)
                             .arg(busy->memory_used_mib())
                             .arg(busy->memory_mib())
                             .arg(QString::fromStdString(hostSample.host()))
                             .arg(hostSample.cpu_percent(), 0, 'f', 1)
                             .arg(hostSample.memory_used_mib())
                             .arg(hostSample.memory_total_mib());
    QVERIFY(busy->cpu_percent() <= 100.0);
    QVERIFY(busy->memory_mib() >= 64);
    QVERIFY(busy->memory_used_mib() > 0);
    QVERIFY(busy->memory_used_mib() <= busy->memory_mib());
    QCOMPARE(QString::fromStdString(hostSample.host()), m_host->name());
    QVERIFY(hostSample.memory_total_mib() > 0);
    QVERIFY(hostSample.memory_used_mib() > 0);
    QVERIFY(hostSample.memory_used_mib() <= hostSample.memory_total_mib());

    // The real vdcctl prints it by name.
    QProcess vdcctl;
    vdcctl.setProcessChannelMode(QProcess::MergedChannels);
    vdcctl.start(vdcctlProgram(), {QStringLiteral("--ops"), m_ops->endpoint(), QStringLiteral("stats"),
                                   QStringLiteral("--partition"), QStringLiteral("counter")});
    QVERIFY(vdcctl.waitForFinished(60000));
    const QString output = QString::fromLocal8Bit(vdcctl.readAll());
    QVERIFY2(vdcctl.exitCode() == 0, qPrintable(output));
    QVERIFY2(output.contains(QLatin1String("default/counter")), qPrintable(output));
    qInfo().noquote() << output;
}

QTEST_GUILESS_MAIN(TestStatsRealVm)
#include "tst_stats_realvm.moc"
