// Benchmark: live migration of the counter guest (64 MiB, TCG) between two
// hosts of the rig, alternating, several times:
//  - through vdc: prepare_migration_in on the target agent, migrate_out on
//    the source agent, complete_migration_in on the target (real vdc-monitor
//    and vdc-agent processes on loopback), timed from the first request to
//    the last answer;
//  - bare: the same guest image as a plain libvirt domain, moved with
//    virDomainMigrateToURI3 (LIVE | PEER2PEER | PERSIST_DEST), as `virsh
//    migrate --live --p2p` does.
// Prints each run, the medians, their ratio and the downtime libvirt reports.
//
//   bench_migration --rig DIR [--runs N]     (DIR: a rig started by tests/rig/vdc-rig)
#include "agentapiclient.h"
#include "daemonprocess.h"
#include "testhost.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace vdc;
using namespace vdc::testing;
using Client = vdc::agent::testing::AgentApiClient;

namespace {

struct Run
{
    double ms = 0;
    unsigned long long downtimeMs = 0;
};

double median(std::vector<double> values)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

void silentErrors(void *, virErrorPtr) {}

QString socketUri(const QString &rig, const QString &host, const char *scheme)
{
    return QStringLiteral("%1:///system?socket=%2/%3/run/libvirt-sock").arg(QLatin1String(scheme), rig, host);
}

// One bare libvirt migration of `name` from `from` to `to`; -1 on failure.
Run bareMigration(virConnectPtr from, const QString &toUri, const char *name)
{
    Run run;
    virDomainPtr dom = virDomainLookupByName(from, name);
    if (!dom)
        return Run{-1, 0};
    virTypedParameterPtr params = nullptr;
    int n = 0;
    int max = 0;
    virTypedParamsAddString(&params, &n, &max, VIR_MIGRATE_PARAM_URI, "tcp://127.0.0.1");
    const QByteArray uri = toUri.toUtf8();
    QElapsedTimer t;
    t.start();
    const int rc = virDomainMigrateToURI3(dom, uri.constData(), params, n,
                                          VIR_MIGRATE_LIVE | VIR_MIGRATE_PEER2PEER | VIR_MIGRATE_PERSIST_DEST);
    run.ms = double(t.nsecsElapsed()) / 1e6;
    virTypedParamsFree(params, n);
    if (rc != 0) {
        std::fprintf(stderr, "bare migration failed: %s\n", virGetLastErrorMessage());
        virDomainFree(dom);
        return Run{-1, 0};
    }
    int type = 0;
    virTypedParameterPtr stats = nullptr;
    int count = 0;
    if (virDomainGetJobStats(dom, &type, &stats, &count, VIR_DOMAIN_JOB_STATS_COMPLETED) == 0) {
        virTypedParamsGetULLong(stats, count, VIR_DOMAIN_JOB_DOWNTIME, &run.downtimeMs);
        virTypedParamsFree(stats, count);
    }
    virDomainUndefine(dom); // its shut-off definition at the source
    virDomainFree(dom);
    return run;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QString rig = qEnvironmentVariable("VDC_RIG_DIR");
    int runs = 5;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == QLatin1String("--rig"))
            rig = args[i + 1];
        else if (args[i] == QLatin1String("--runs"))
            runs = std::max(1, args[i + 1].toInt());
    }
    if (rig.isEmpty()) {
        std::fprintf(stderr, "bench_migration: give the rig's folder (--rig DIR; tests/rig/vdc-rig start --dir DIR).\n");
        return 2;
    }
    virSetErrorFunc(nullptr, silentErrors);
    const QString uri1 = socketUri(rig, QStringLiteral("host1"), "qemu");
    const QString uri2 = socketUri(rig, QStringLiteral("host2"), "qemu");
    virConnectPtr conn1 = virConnectOpen(uri1.toUtf8().constData());
    virConnectPtr conn2 = virConnectOpen(uri2.toUtf8().constData());
    if (!conn1 || !conn2) {
        std::fprintf(stderr, "bench_migration: cannot reach the rig's libvirtds in %s.\n", qPrintable(rig));
        return 1;
    }

    QTemporaryDir work;
    const QStringList monitorArguments{QStringLiteral("--serial-log-dir"), work.filePath(QStringLiteral("serial"))};
    TestHost a(TestHost::Options{QStringLiteral("ba"), uri1, work.filePath(QStringLiteral("ba")), 0, 256});
    TestHost b(TestHost::Options{QStringLiteral("bb"), uri2, work.filePath(QStringLiteral("bb")), 0, 256});
    a.setMonitorArguments(monitorArguments);
    b.setMonitorArguments(monitorArguments);
    if (!a.start() || !b.start()) {
        std::fprintf(stderr, "bench_migration: the hosts did not start:\n%s%s", qPrintable(a.log()), qPrintable(b.log()));
        return 1;
    }
    Client clientA(a.agentEndpoint());
    Client clientB(b.agentEndpoint());
    std::uint64_t id = 1;
    const auto call = [&id](Client &c, proto::AgentRequest r) {
        r.set_request_id(id++);
        return c.call(r, 300000).value_or(proto::AgentReply());
    };
    if (!QTest::qWaitFor([&] { return call(clientA, Client::inventory(0)).inventory().cores_total() > 0
                                      && call(clientB, Client::inventory(0)).inventory().cores_total() > 0; },
                         30000)) {
        std::fprintf(stderr, "bench_migration: the monitors did not attach.\n");
        return 1;
    }

    // The vdc partition and the bare domain: the same guest.
    proto::AgentRequest define = Client::define(0, "bench-counter", 1, 64);
    define.mutable_define()->mutable_spec()->set_boot(QStringLiteral("floppy:%1").arg(VDC_COUNTER_IMAGE).toStdString());
    define.mutable_define()->mutable_spec()->set_accelerator("tcg");
    call(clientA, define);
    const auto started = call(clientA, Client::byName(0, "bench-counter", &proto::AgentRequest::mutable_start));
    if (started.error().code() != proto::ERROR_NONE) {
        std::fprintf(stderr, "bench_migration: %s\n", started.error().message().c_str());
        return 1;
    }
    const proto::PartitionSpec spec = started.partition().spec();
    const QByteArray bareXml = QStringLiteral(
        "<domain type='qemu'><name>bench-bare</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>"
        "<os><type arch='x86_64' machine='pc'>hvm</type><boot dev='fd'/></os><features><acpi/></features>"
        "<devices><disk type='file' device='floppy'><driver name='qemu' type='raw'/><source file='%1'/>"
        "<target dev='fda' bus='fdc'/><readonly/></disk></devices></domain>").arg(VDC_COUNTER_IMAGE).toUtf8();
    virDomainPtr bare = virDomainDefineXML(conn1, bareXml.constData());
    if (!bare || virDomainCreate(bare) != 0) {
        std::fprintf(stderr, "bench_migration: the bare domain does not start: %s\n", virGetLastErrorMessage());
        return 1;
    }
    virDomainFree(bare);
    QThread::sleep(3); // both guests fill their memory before the first copy

    std::vector<double> vdcMs;
    std::vector<double> bareMs;
    std::vector<double> vdcDowntime;
    std::vector<double> bareDowntime;
    bool onA = true;
    for (int run = 0; run < runs; ++run) {
        Client &from = onA ? clientA : clientB;
        Client &to = onA ? clientB : clientA;
        QElapsedTimer t;
        t.start();
        proto::AgentRequest prepare;
        *prepare.mutable_prepare_migration_in()->mutable_spec() = spec;
        prepare.mutable_prepare_migration_in()->set_migration_id(QStringLiteral("bench-%1").arg(run).toStdString());
        const auto target = call(to, prepare);
        proto::AgentRequest out;
        out.mutable_migrate_out()->set_uuid(spec.uuid());
        *out.mutable_migrate_out()->mutable_target() = target.migration_target();
        out.mutable_migrate_out()->set_mode(proto::MIGRATION_MODE_LIVE);
        const auto moved = call(from, out);
        proto::AgentRequest complete;
        complete.mutable_complete_migration_in()->set_uuid(spec.uuid());
        const auto done = call(to, complete);
        const double ms = double(t.nsecsElapsed()) / 1e6;
        if (target.error().code() || moved.error().code() || done.error().code()) {
            std::fprintf(stderr, "vdc migration %d failed: %s%s%s\n", run, target.error().message().c_str(),
                         moved.error().message().c_str(), done.error().message().c_str());
            return 1;
        }
        vdcMs.push_back(ms);
        vdcDowntime.push_back(double(moved.migration().downtime_ms()));

        const Run plain = bareMigration(onA ? conn1 : conn2, socketUri(rig, onA ? QStringLiteral("host2") : QStringLiteral("host1"), "qemu+unix"),
                                        "bench-bare");
        if (plain.ms < 0)
            return 1;
        bareMs.push_back(plain.ms);
        bareDowntime.push_back(double(plain.downtimeMs));
        std::printf("run %d %s: vdc %.0f ms (downtime %llu ms), bare libvirt %.0f ms (downtime %llu ms)\n", run + 1,
                    onA ? "host1 -> host2" : "host2 -> host1", ms,
                    static_cast<unsigned long long>(moved.migration().downtime_ms()), plain.ms, plain.downtimeMs);
        std::fflush(stdout);
        onA = !onA;
    }
    const double vdcMedian = median(vdcMs);
    const double bareMedian = median(bareMs);
    std::printf("median: vdc %.0f ms, bare libvirt %.0f ms, ratio %.2f; downtime median vdc %.0f ms (max %.0f), bare "
                "%.0f ms (max %.0f)\n",
                vdcMedian, bareMedian, bareMedian > 0 ? vdcMedian / bareMedian : 0.0, median(vdcDowntime),
                *std::max_element(vdcDowntime.begin(), vdcDowntime.end()), median(bareDowntime),
                *std::max_element(bareDowntime.begin(), bareDowntime.end()));

    // Leave nothing behind.
    Client &owner = onA ? clientA : clientB;
    call(owner, Client::byName(0, "bench-counter", &proto::AgentRequest::mutable_stop));
    for (virConnectPtr c : {conn1, conn2}) {
        if (virDomainPtr d = virDomainLookupByName(c, "bench-bare")) {
            virDomainDestroy(d);
            virDomainUndefine(d);
            virDomainFree(d);
        }
        virConnectClose(c);
    }
    return 0;
}
