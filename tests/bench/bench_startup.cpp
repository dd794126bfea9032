// Benchmark: end-to-end start of a partition on libvirt's test driver, from
// the operations API request to the answer "running", through vdc-opsd,
// vdc-agent, the command channel and vdc-monitor (real processes on
// loopback). The reference in the same run: the bare libvirt calls for the
// same guest (define + start + destroy + undefine on an in-process test
// driver), the floor any manager pays.
//
//   bench_startup [--runs N]
#include "daemonprocess.h"
#include "opsapiclient.h"
#include "testhost.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QThread>

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace vdc;
using namespace vdc::testing;

namespace {

double percentile(std::vector<double> values, double p)
{
    std::sort(values.begin(), values.end());
    const auto index = std::min(values.size() - 1, size_t(p * double(values.size() - 1) + 0.5));
    return values[index];
}

void silentErrors(void *, virErrorPtr) {}

std::vector<double> bareLibvirtStarts(int runs)
{
    virSetErrorFunc(nullptr, silentErrors);
    virConnectPtr conn = virConnectOpen("test:///default");
    std::vector<double> ms;
    for (int i = 0; i < runs && conn; ++i) {
        const QByteArray xml = QStringLiteral(
            "<domain type='test'><name>bare%1</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>"
            "<cputune><vcpupin vcpu='0' cpuset='3'/></cputune><os><type>hvm</type></os></domain>").arg(i).toUtf8();
        QElapsedTimer t;
        t.start();
        virDomainPtr dom = virDomainDefineXML(conn, xml.constData());
        if (!dom || virDomainCreate(dom) != 0) {
            std::fprintf(stderr, "bare libvirt start failed: %s\n", virGetLastErrorMessage());
            break;
        }
        ms.push_back(double(t.nsecsElapsed()) / 1e6);
        virDomainDestroy(dom);
        virDomainUndefine(dom);
        virDomainFree(dom);
    }
    if (conn)
        virConnectClose(conn);
    return ms;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    int runs = 50;
    const auto args = app.arguments();
    if (const auto i = args.indexOf(QStringLiteral("--runs")); i > 0 && i + 1 < args.size())
        runs = std::max(1, args.at(i + 1).toInt());

    QTemporaryDir work;
    TestHost host(TestHost::Options{QStringLiteral("h1"), QStringLiteral("test:///default"), work.filePath(QStringLiteral("h1")), 1, 256});
    if (!host.start()) {
        std::fprintf(stderr, "could not start the host:\n%s\n", qPrintable(host.log()));
        return 1;
    }
    TestOps ops(work.filePath(QStringLiteral("ops")));
    if (!ops.start()) {
        std::fprintf(stderr, "could not start vdc-opsd:\n%s\n", qPrintable(ops.process().output()));
        return 1;
    }
    OpsApiClient api(ops.endpoint());
    const auto added = api.addHost(host.name(), host.agentEndpoint());
    if (!added || added->error().code() != proto::ERROR_NONE) {
        std::fprintf(stderr, "host add failed\n");
        return 1;
    }
    for (int i = 0; i < 300; ++i) { // wait for the first heartbeat
        const auto hosts = api.listHosts();
        if (hosts && hosts->hosts().hosts_size() == 1 && hosts->hosts().hosts(0).state() == proto::HOST_STATE_UP
            && hosts->hosts().hosts(0).cores_free() > 0)
            break;
        QThread::msleep(20);
    }

    std::vector<double> startMs;
    for (int i = 0; i < runs; ++i) {
        const QString name = QStringLiteral("bench%1").arg(i);
        if (const auto r = api.createPartition(name, 1, 64); !r || r->error().code() != proto::ERROR_NONE) {
            std::fprintf(stderr, "create failed\n");
            return 1;
        }
        QElapsedTimer t;
        t.start();
        const auto r = api.startPartition(name);
        const double elapsed = double(t.nsecsElapsed()) / 1e6;
        if (!r || r->error().code() != proto::ERROR_NONE || r->partition().state() != proto::PARTITION_STATE_RUNNING) {
            std::fprintf(stderr, "start failed: %s\n", r ? r->error().message().c_str() : "no answer");
            return 1;
        }
        startMs.push_back(elapsed);
        api.stopPartition(name);
    }
    const auto bare = bareLibvirtStarts(runs);

    std::printf("end-to-end partition start on the test driver (ops request -> running), %d runs:\n", runs);
    std::printf("  vdc:          median %.2f ms  p90 %.2f ms  min %.2f ms\n", percentile(startMs, 0.5),
                percentile(startMs, 0.9), *std::min_element(startMs.begin(), startMs.end()));
    if (!bare.empty()) {
        std::printf("  bare libvirt: median %.3f ms  p90 %.3f ms (define + start, in-process test driver)\n",
                    percentile(bare, 0.5), percentile(bare, 0.9));
        std::printf("  ratio vdc/bare libvirt (median): %.1fx\n", percentile(startMs, 0.5) / percentile(bare, 0.5));
    }
    host.stop();
    ops.process().terminate();
    return 0;
}
