// Live migration through vdc against a bare libvirt migration, on the rig:
// two namespaced libvirtds (tests/rig/vdc-rig), each with vdc-monitor +
// vdc-agent, and a vdc-opsd. The counter guest runs as a vdc partition; a
// plain libvirt domain of the same guest XML (same size, same hosts) runs
// beside it, unknown to vdc (a bare virsh migration would leave vdc's view
// stale). Alternating, each moves there and back kRounds times: the vdc one
// with `vdcctl migrate --live`, the plain one with
// `virsh migrate --live --p2p`. Prints each wall time, the medians, the ratio
// of the total times (vdc / virsh) and the downtime libvirt reported for each.
// A program, not a test.
#include "daemonprocess.h"
#include "opsapiclient.h"
#include "testhost.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QThread>
#include <QUuid>

#include <algorithm>
#include <cstdio>

using namespace vdc;
using namespace vdc::testing;

namespace {

constexpr int kRounds = 5;

struct Run
{
    QString what; // "vdc" or "virsh"
    QString direction;
    qint64 wallMs = 0;
    qint64 downtimeMs = -1;
    qint64 libvirtTotalMs = -1;
};

struct Command
{
    int exitCode = -1;
    QString output;
};

Command run(const QString &program, const QStringList &arguments, int timeoutMs = 600000)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, arguments);
    Command result;
    if (!process.waitForStarted() || !process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        result.output = QString::fromLocal8Bit(process.readAll()) + QStringLiteral("(did not finish)");
        return result;
    }
    result.output = QString::fromLocal8Bit(process.readAll());
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    return result;
}

int lastCount(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    static const QRegularExpression count(QStringLiteral("count=(\\d+)"));
    int last = 0;
    auto it = count.globalMatch(QString::fromLatin1(file.readAll()));
    while (it.hasNext())
        last = it.next().captured(1).toInt();
    return last;
}

bool waitForCount(const QString &path, int atLeast, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        if (lastCount(path) >= atLeast)
            return true;
        QThread::msleep(200);
    }
    return false;
}

double median(QList<qint64> values)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const auto n = values.size();
    return n % 2 ? double(values[n / 2]) : (double(values[n / 2 - 1]) + double(values[n / 2])) / 2.0;
}

// Everything the benchmark started, stopped in reverse on every way out.
class Bench
{
public:
    ~Bench() { stop(); }
    int exec();

private:
    bool fail(const QString &sentence)
    {
        std::fprintf(stderr, "bench_opsmigration: %s\n", qPrintable(sentence));
        return false;
    }
    bool setUp();
    void stop();
    bool vdcMigrate(TestHost &from, TestHost &to);
    bool virshMigrate(const QString &fromUri, const QString &toSocket, const QString &toUri, const QString &direction);

    QTemporaryDir m_work;
    QString m_rigDir;
    bool m_rigStarted = false;
    QString m_serialDir;
    QString m_uri[2];
    QString m_socket[2];
    std::unique_ptr<TestHost> m_hosts[2];
    std::unique_ptr<TestOps> m_ops;
    std::unique_ptr<OpsApiClient> m_api;
    bool m_plainRunning = false;
    QString m_plainUri;
    QList<Run> m_runs;
};

bool Bench::setUp()
{
    if (!m_work.isValid())
        return fail(QStringLiteral("Cannot create a temporary folder."));
    m_rigDir = m_work.filePath(QStringLiteral("rig"));
    std::printf("starting the rig in %s\n", qPrintable(m_rigDir));
    std::fflush(stdout);
    const Command rig = run(QStringLiteral(VDC_RIG_SCRIPT),
                            {QStringLiteral("start"), QStringLiteral("--dir"), m_rigDir, QStringLiteral("--hosts"),
                             QStringLiteral("2")});
    m_rigStarted = true;
    if (rig.exitCode != 0)
        return fail(QStringLiteral("vdc-rig start failed:\n") + rig.output);

    m_serialDir = m_work.filePath(QStringLiteral("serial"));
    const QStringList monitorArguments{QStringLiteral("--serial-log-dir"), m_serialDir};
    for (int i = 0; i < 2; ++i) {
        m_socket[i] = QStringLiteral("%1/host%2/run/libvirt-sock").arg(m_rigDir).arg(i + 1);
        m_uri[i] = QStringLiteral("qemu:///system?socket=") + m_socket[i];
        const QString name = QStringLiteral("bh%1").arg(i + 1);
        m_hosts[i] = std::make_unique<TestHost>(TestHost::Options{name, m_uri[i], m_work.filePath(name), 0, 256});
        m_hosts[i]->setMonitorArguments(monitorArguments);
        if (!m_hosts[i]->start())
            return fail(QStringLiteral("Host %1 did not start:\n%2").arg(name, m_hosts[i]->log()));
    }
    m_ops = std::make_unique<TestOps>(m_work.filePath(QStringLiteral("ops")));
    if (!m_ops->start())
        return fail(QStringLiteral("vdc-opsd did not start:\n") + m_ops->process().output());
    m_api = std::make_unique<OpsApiClient>(m_ops->endpoint());
    for (const auto &h : m_hosts) {
        const auto reply = m_api->addHost(h->name(), h->agentEndpoint());
        if (!reply || reply->error().code() != proto::ERROR_NONE)
            return fail(QStringLiteral("host add %1 failed: %2")
                            .arg(h->name(), reply ? QString::fromStdString(reply->error().message()) : QString()));
    }
    QElapsedTimer timer;
    timer.start();
    for (;;) {
        int up = 0;
        if (const auto hosts = m_api->listHosts())
            for (const auto &h : hosts->hosts().hosts())
                up += h.state() == proto::HOST_STATE_UP && h.cores_total() > 0;
        if (up == 2)
            break;
        if (timer.elapsed() > 30000)
            return fail(QStringLiteral("The hosts did not come up in vdc-opsd within 30 s."));
        QThread::msleep(200);
    }

    // The vdc partition: the counter guest under TCG (SeaBIOS does not boot
    // it under the nested KVM of the test machines), placed on bh1.
    proto::OpsRequest create;
    auto *spec = create.mutable_create_partition()->mutable_spec();
    spec->set_name("counter");
    spec->set_domain("default");
    spec->set_vcpus(1);
    spec->set_memory_mib(64);
    spec->set_boot(QStringLiteral("floppy:%1").arg(VDC_COUNTER_IMAGE).toStdString());
    spec->set_accelerator("tcg");
    const auto created = m_api->call(create);
    if (!created || created->error().code() != proto::ERROR_NONE)
        return fail(QStringLiteral("partition create failed: ")
                    + (created ? QString::fromStdString(created->error().message()) : QString()));
    const auto started = m_api->startPartition(QStringLiteral("counter"));
    if (!started || started->error().code() != proto::ERROR_NONE)
        return fail(QStringLiteral("partition start failed: ")
                    + (started ? QString::fromStdString(started->error().message()) : QString()));
    const auto shown = m_api->showPartition(QStringLiteral("counter"));
    if (!shown || QString::fromStdString(shown->partition().host()) != m_hosts[0]->name()) {
        // Placement chose the other host: move it to bh1 first (not measured).
        if (!vdcMigrate(*m_hosts[1], *m_hosts[0]))
            return false;
        m_runs.clear();
    }
    const QString uuid = QString::fromStdString(shown->partition().spec().uuid());
    if (!waitForCount(m_serialDir + QStringLiteral("/default.counter.log"), 20, 120000))
        return fail(QStringLiteral("The counter guest did not count within 120 s."));

    // The plain domain: the same guest XML without vdc's identity, metadata
    // and serial log, started transient on bh1.
    const Command dump = run(QStringLiteral("virsh"), {QStringLiteral("-c"), m_uri[0], QStringLiteral("dumpxml"),
                                                       QStringLiteral("--inactive"), uuid});
    if (dump.exitCode != 0)
        return fail(QStringLiteral("virsh dumpxml failed: ") + dump.output);
    QString xml = dump.output;
    xml.replace(QRegularExpression(QStringLiteral("<name>[^<]*</name>")), QStringLiteral("<name>plain.counter</name>"));
    // One uuid of its own, the same on both hosts.
    xml.replace(QRegularExpression(QStringLiteral("<uuid>[^<]*</uuid>")),
                QStringLiteral("<uuid>%1</uuid>").arg(QUuid::createUuid().toString(QUuid::WithoutBraces)));
    xml.remove(QRegularExpression(QStringLiteral("<metadata>.*</metadata>"),
                                  QRegularExpression::DotMatchesEverythingOption));
    xml.replace(QStringLiteral("default.counter.log"), QStringLiteral("plain.counter.log"));
    const QString xmlPath = m_work.filePath(QStringLiteral("plain.xml"));
    QFile file(xmlPath);
    if (!file.open(QIODevice::WriteOnly) || file.write(xml.toUtf8()) < 0)
        return fail(QStringLiteral("Cannot write ") + xmlPath);
    file.close();
    // Defined on both hosts, so the source keeps its (shut off) definition
    // after each migration and libvirt's completed job statistics can be
    // read there.
    m_plainRunning = true;
    for (const QString &uri : m_uri) {
        const Command define = run(QStringLiteral("virsh"), {QStringLiteral("-c"), uri, QStringLiteral("define"), xmlPath});
        if (define.exitCode != 0)
            return fail(QStringLiteral("virsh define of the plain domain failed: ") + define.output);
    }
    const Command start = run(QStringLiteral("virsh"), {QStringLiteral("-c"), m_uri[0], QStringLiteral("start"),
                                                        QStringLiteral("plain.counter")});
    if (start.exitCode != 0)
        return fail(QStringLiteral("virsh start of the plain domain failed: ") + start.output);
    m_plainUri = m_uri[0];
    if (!waitForCount(m_serialDir + QStringLiteral("/plain.counter.log"), 20, 120000))
        return fail(QStringLiteral("The plain counter guest did not count within 120 s."));
    return true;
}

bool Bench::vdcMigrate(TestHost &from, TestHost &to)
{
    QElapsedTimer timer;
    timer.start();
    const Command c = run(vdcctlProgram(), {QStringLiteral("--ops"), m_ops->endpoint(), QStringLiteral("--timeout"),
                                            QStringLiteral("600"), QStringLiteral("migrate"), QStringLiteral("counter"),
                                            QStringLiteral("--to"), to.name(), QStringLiteral("--live")});
    Run r{QStringLiteral("vdc"), from.name() + QStringLiteral("->") + to.name(), timer.elapsed()};
    if (c.exitCode != 0)
        return fail(QStringLiteral("vdcctl migrate failed (exit %1):\n%2").arg(c.exitCode).arg(c.output));
    static const QRegularExpression figures(QStringLiteral("libvirt: total (\\d+) ms, downtime (\\d+) ms"));
    const auto m = figures.match(c.output);
    if (m.hasMatch()) {
        r.libvirtTotalMs = m.captured(1).toLongLong();
        r.downtimeMs = m.captured(2).toLongLong();
    }
    m_runs.append(r);
    return true;
}

bool Bench::virshMigrate(const QString &fromUri, const QString &toSocket, const QString &toUri, const QString &direction)
{
    const QString destination = QStringLiteral("qemu+unix:///system?socket=") + toSocket;
    QElapsedTimer timer;
    timer.start();
    const Command c = run(QStringLiteral("virsh"),
                          {QStringLiteral("-c"), fromUri, QStringLiteral("migrate"), QStringLiteral("--live"),
                           QStringLiteral("--p2p"), QStringLiteral("plain.counter"), destination,
                           QStringLiteral("tcp://127.0.0.1")});
    Run r{QStringLiteral("virsh"), direction, timer.elapsed()};
    if (c.exitCode != 0)
        return fail(QStringLiteral("virsh migrate failed (exit %1):\n%2").arg(c.exitCode).arg(c.output));
    m_plainUri = toUri;
    // The completed job's statistics (the destination keeps them for the
    // incoming side).
    for (const QString &uri : {toUri, fromUri}) {
        const Command info = run(QStringLiteral("virsh"), {QStringLiteral("-c"), uri, QStringLiteral("domjobinfo"),
                                                           QStringLiteral("--completed"), QStringLiteral("plain.counter")});
        const auto down = QRegularExpression(QStringLiteral("Total downtime:\\s+(\\d+)\\s+ms")).match(info.output);
        const auto total = QRegularExpression(QStringLiteral("Time elapsed:\\s+(\\d+)\\s+ms")).match(info.output);
        if (down.hasMatch()) {
            r.downtimeMs = down.captured(1).toLongLong();
            r.libvirtTotalMs = total.hasMatch() ? total.captured(1).toLongLong() : -1;
            break;
        }
    }
    m_runs.append(r);
    return true;
}

void Bench::stop()
{
    if (m_plainRunning) {
        run(QStringLiteral("virsh"), {QStringLiteral("-c"), m_plainUri, QStringLiteral("destroy"), QStringLiteral("plain.counter")});
        for (const QString &uri : m_uri)
            run(QStringLiteral("virsh"), {QStringLiteral("-c"), uri, QStringLiteral("undefine"), QStringLiteral("plain.counter")});
        m_plainRunning = false;
    }
    if (m_api) {
        m_api->stopPartition(QStringLiteral("counter"));
        m_api.reset();
    }
    if (m_ops) {
        m_ops->process().terminate();
        m_ops.reset();
    }
    for (auto &h : m_hosts)
        h.reset();
    if (m_rigStarted) {
        const Command rig = run(QStringLiteral(VDC_RIG_SCRIPT), {QStringLiteral("stop"), QStringLiteral("--dir"), m_rigDir});
        if (rig.exitCode != 0)
            std::fprintf(stderr, "bench_opsmigration: vdc-rig stop failed:\n%s\n", qPrintable(rig.output));
        m_rigStarted = false;
    }
}

int Bench::exec()
{
    if (!setUp())
        return 1;
    TestHost &a = *m_hosts[0];
    TestHost &b = *m_hosts[1];
    const QString there = a.name() + QStringLiteral("->") + b.name();
    const QString back = b.name() + QStringLiteral("->") + a.name();
    for (int i = 0; i < kRounds; ++i) {
        // Alternating, so both see the same conditions in both directions.
        if (!vdcMigrate(a, b) || !virshMigrate(m_uri[0], m_socket[1], m_uri[1], there) || !vdcMigrate(b, a)
            || !virshMigrate(m_uri[1], m_socket[0], m_uri[0], back))
            return 1;
        std::printf("round %d done\n", i + 1);
        std::fflush(stdout);
    }
    const bool counting = lastCount(m_serialDir + QStringLiteral("/default.counter.log")) > 20
                          && lastCount(m_serialDir + QStringLiteral("/plain.counter.log")) > 20;

    std::printf("\n%-6s %-10s %8s %12s %14s\n", "how", "direction", "wall ms", "downtime ms", "libvirt job ms");
    QList<qint64> wall[2];
    QList<qint64> down[2];
    qint64 total[2] = {0, 0};
    for (const Run &r : m_runs) {
        const int k = r.what == QLatin1String("vdc") ? 0 : 1;
        wall[k].append(r.wallMs);
        total[k] += r.wallMs;
        if (r.downtimeMs >= 0)
            down[k].append(r.downtimeMs);
        std::printf("%-6s %-10s %8lld %12lld %14lld\n", qPrintable(r.what), qPrintable(r.direction),
                    static_cast<long long>(r.wallMs), static_cast<long long>(r.downtimeMs),
                    static_cast<long long>(r.libvirtTotalMs));
    }
    const auto maxOf = [](const QList<qint64> &v) { return v.isEmpty() ? -1LL : static_cast<long long>(*std::max_element(v.begin(), v.end())); };
    std::printf("\nmigrations: %lld vdcctl, %lld virsh (live, 64 MiB counter guest, TCG)\n",
                static_cast<long long>(wall[0].size()), static_cast<long long>(wall[1].size()));
    std::printf("wall median: vdcctl %.0f ms, virsh %.0f ms\n", median(wall[0]), median(wall[1]));
    std::printf("wall total:  vdcctl %lld ms, virsh %lld ms, ratio vdc/virsh %.2f (target <= 1.2)\n",
                static_cast<long long>(total[0]), static_cast<long long>(total[1]),
                total[1] > 0 ? double(total[0]) / double(total[1]) : 0.0);
    std::printf("downtime (libvirt): vdcctl median %.0f ms, max %lld ms (%lld reported); virsh median %.0f ms, max %lld "
                "ms (%lld reported) (target < 300 ms)\n",
                median(down[0]), maxOf(down[0]), static_cast<long long>(down[0].size()), median(down[1]), maxOf(down[1]),
                static_cast<long long>(down[1].size()));
    std::printf("both guests still counting: %s\n", counting ? "yes" : "no");
    std::fflush(stdout);
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    Bench bench;
    return bench.exec();
}
