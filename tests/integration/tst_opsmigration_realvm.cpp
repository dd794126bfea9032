// Live migration of a real QEMU guest through the whole stack: two hosts of
// the rig (a vdc-monitor + vdc-agent each on its own namespaced libvirtd) and
// a vdc-opsd; the counter guest is created and started through the
// operations API and moved A -> B -> A by the real `vdcctl migrate --live`.
// Checked each way: vdcctl exits 0, operations records the partition on the
// target, libvirt runs it on the target and no longer knows it at the source,
// and the guest kept counting (one banner, the count goes on). The downtime
// libvirt measured is printed.
#include "daemonprocess.h"
#include "libvirtprobe.h"
#include "opsapiclient.h"
#include "testhost.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace vdc;
using namespace vdc::testing;

namespace {

QString rigUri(const QString &rigHost)
{
    return QStringLiteral("qemu:///system?socket=%1/%2/run/libvirt-sock").arg(qEnvironmentVariable("VDC_RIG_DIR"), rigHost);
}

// What the counter guest wrote so far: banners and the last complete count.
struct CounterLog
{
    int banners = 0;
    int last = 0;
};

CounterLog readCounterLog(const QString &path)
{
    CounterLog log;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return log;
    static const QRegularExpression count(QStringLiteral("^count=(\\d+)$"));
    const QList<QByteArray> lines = file.readAll().split('\n');
    // The last line may still be being written.
    for (int i = 0; i + 1 < lines.size(); ++i) {
        const QString line = QString::fromLatin1(lines[i]).trimmed();
        if (line == QLatin1String("vdc-counter"))
            ++log.banners;
        const auto m = count.match(line);
        if (m.hasMatch())
            log.last = m.captured(1).toInt();
    }
    return log;
}

QString describe(const proto::OpsReply &reply)
{
    QString text = QString::fromStdString(reply.error().message());
    for (const auto &r : reply.rejections())
        text += QStringLiteral("\n  %1: %2").arg(QString::fromStdString(r.host()), QString::fromStdString(r.reason()));
    return text;
}

} // namespace

class TestOpsMigrationRealVm : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void vdcctlMigratesTheCounterThereAndBack();

private:
    proto::Partition partition(const QString &name);
    proto::Host host(const QString &name);
    TestHost &byName(const std::string &name);
    void migrate(TestHost &from, TestHost &to, const QString &serialLog);

    QTemporaryDir m_work;
    QString m_serialDir;
    std::unique_ptr<TestHost> m_a;
    std::unique_ptr<TestHost> m_b;
    std::unique_ptr<TestOps> m_ops;
    std::unique_ptr<OpsApiClient> m_api;
};

void TestOpsMigrationRealVm::initTestCase()
{
    if (qEnvironmentVariableIsEmpty("VDC_RIG_DIR"))
        QFAIL("VDC_RIG_DIR is not set: run this test through ctest, whose fixture starts the libvirtd rig.");
    QVERIFY(m_work.isValid());
    QVERIFY2(QFile::exists(QStringLiteral(VDC_COUNTER_IMAGE)), VDC_COUNTER_IMAGE);
    m_serialDir = m_work.filePath(QStringLiteral("serial"));
    const QString uri1 = rigUri(QStringLiteral("host1"));
    const QString uri2 = rigUri(QStringLiteral("host2"));
    removeVdcDomains(uri1); // a long-lived libvirtd may hold an earlier run's guests
    removeVdcDomains(uri2);

    // Both monitors append serial ports to one folder, as hosts sharing
    // storage would: the migrated guest goes on writing to the same file.
    const QStringList monitorArguments{QStringLiteral("--serial-log-dir"), m_serialDir};
    m_a = std::make_unique<TestHost>(
        TestHost::Options{QStringLiteral("oa"), uri1, m_work.filePath(QStringLiteral("oa")), 0, 256});
    m_b = std::make_unique<TestHost>(
        TestHost::Options{QStringLiteral("ob"), uri2, m_work.filePath(QStringLiteral("ob")), 0, 256});
    m_a->setMonitorArguments(monitorArguments);
    m_b->setMonitorArguments(monitorArguments);
    QVERIFY2(m_a->start(), qPrintable(m_a->log()));
    QVERIFY2(m_b->start(), qPrintable(m_b->log()));

    m_ops = std::make_unique<TestOps>(m_work.filePath(QStringLiteral("ops")));
    QVERIFY2(m_ops->start(), qPrintable(m_ops->process().output()));
    m_api = std::make_unique<OpsApiClient>(m_ops->endpoint());
    for (auto *h : {m_a.get(), m_b.get()}) {
        const auto reply = m_api->addHost(h->name(), h->agentEndpoint());
        QVERIFY2(reply, "vdc-opsd did not answer host add");
        QVERIFY2(reply->error().code() == proto::ERROR_NONE, qPrintable(describe(*reply)));
    }
    QTRY_VERIFY_WITH_TIMEOUT(host(m_a->name()).state() == proto::HOST_STATE_UP
                                 && host(m_b->name()).state() == proto::HOST_STATE_UP
                                 && host(m_a->name()).cores_total() > 0 && host(m_b->name()).cores_total() > 0,
                             30000);
}

void TestOpsMigrationRealVm::cleanupTestCase()
{
    if (m_api)
        m_api->stopPartition(QStringLiteral("counter"));
    m_api.reset();
    if (m_ops)
        m_ops->process().terminate();
    m_a.reset();
    m_b.reset();
    removeVdcDomains(rigUri(QStringLiteral("host1")));
    removeVdcDomains(rigUri(QStringLiteral("host2")));
}

proto::Host TestOpsMigrationRealVm::host(const QString &name)
{
    const auto reply = m_api->listHosts();
    if (!reply)
        return {};
    for (const auto &h : reply->hosts().hosts())
        if (QString::fromStdString(h.name()) == name)
            return h;
    return {};
}

proto::Partition TestOpsMigrationRealVm::partition(const QString &name)
{
    const auto reply = m_api->showPartition(name);
    return reply ? reply->partition() : proto::Partition();
}

TestHost &TestOpsMigrationRealVm::byName(const std::string &name)
{
    return QString::fromStdString(name) == m_a->name() ? *m_a : *m_b;
}

void TestOpsMigrationRealVm::migrate(TestHost &from, TestHost &to, const QString &serialLog)
{
    const proto::Partition before = partition(QStringLiteral("counter"));
    QCOMPARE(QString::fromStdString(before.host()), from.name());
    const QString uuid = QString::fromStdString(before.spec().uuid());
    const int countBefore = readCounterLog(serialLog).last;
    QVERIFY(countBefore > 0);

    QProcess vdcctl;
    vdcctl.setProcessChannelMode(QProcess::MergedChannels);
    vdcctl.start(vdcctlProgram(), {QStringLiteral("--ops"), m_ops->endpoint(), QStringLiteral("--timeout"),
                                   QStringLiteral("600"), QStringLiteral("migrate"), QStringLiteral("counter"),
                                   QStringLiteral("--to"), to.name(), QStringLiteral("--live")});
    QVERIFY(vdcctl.waitForStarted());
    QVERIFY(vdcctl.waitForFinished(600000));
    const QString output = QString::fromLocal8Bit(vdcctl.readAll());
    QVERIFY2(vdcctl.exitStatus() == QProcess::NormalExit && vdcctl.exitCode() == 0,
             qPrintable(output + m_ops->process().output() + from.log() + to.log()));

    // vdcctl ends with the figures libvirt measured.
    static const QRegularExpression figures(QStringLiteral("libvirt: total (\\d+) ms, downtime (\\d+) ms"));
    const auto m = figures.match(output);
    QVERIFY2(m.hasMatch(), qPrintable(output));
    qInfo().noquote() << QStringLiteral("%1 -> %2 live via vdcctl: libvirt downtime %3 ms, libvirt total %4 ms")
                             .arg(from.name(), to.name(), m.captured(2), m.captured(1));

    // Operations records it on the target; libvirt runs it there and no
    // longer defines it at the source.
    const proto::Partition after = partition(QStringLiteral("counter"));
    QCOMPARE(QString::fromStdString(after.host()), to.name());
    QCOMPARE(after.state(), proto::PARTITION_STATE_RUNNING);
    const auto there = probeDomain(to.uri(), uuid);
    QVERIFY(there.exists && there.active);
    QVERIFY2(!probeDomain(from.uri(), uuid).exists, "the source still defines the migrated domain");

    // The guest went on counting from where it was: its memory moved.
    QTRY_VERIFY_WITH_TIMEOUT(readCounterLog(serialLog).last > countBefore + 20, 60000);
    QCOMPARE(readCounterLog(serialLog).banners, 1);
}

void TestOpsMigrationRealVm::vdcctlMigratesTheCounterThereAndBack()
{
    proto::OpsRequest create;
    auto *spec = create.mutable_create_partition()->mutable_spec();
    spec->set_name("counter");
    spec->set_domain("default");
    spec->set_vcpus(1);
    spec->set_memory_mib(64);
    spec->set_boot(QStringLiteral("floppy:%1").arg(VDC_COUNTER_IMAGE).toStdString());
    // SeaBIOS does not boot the counter under the nested KVM of the test
    // machines; software emulation does.
    spec->set_accelerator("tcg");
    const auto created = m_api->call(create);
    QVERIFY2(created, "vdc-opsd did not answer partition create");
    QVERIFY2(created->error().code() == proto::ERROR_NONE, qPrintable(describe(*created)));
    const auto started = m_api->startPartition(QStringLiteral("counter"));
    QVERIFY2(started, "vdc-opsd did not answer partition start");
    QVERIFY2(started->error().code() == proto::ERROR_NONE, qPrintable(describe(*started)));

    const proto::Partition running = partition(QStringLiteral("counter"));
    QCOMPARE(running.state(), proto::PARTITION_STATE_RUNNING);
    TestHost &first = byName(running.host());
    TestHost &second = &first == m_a.get() ? *m_b : *m_a;
    const QString serialLog = QStringLiteral("%1/default.counter.log").arg(m_serialDir);
    QTRY_VERIFY_WITH_TIMEOUT(readCounterLog(serialLog).last >= 20, 120000);

    migrate(first, second, serialLog);
    migrate(second, first, serialLog);
}

QTEST_GUILESS_MAIN(TestOpsMigrationRealVm)
#include "tst_opsmigration_realvm.moc"
