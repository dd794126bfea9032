// bench_stats [--uri URI] [--partitions N] [--rounds R]
// Cost of one statistics reading of the monitor's StatsSampler against the
// bare bulk call it makes (virConnectGetAllDomainStats, same groups and
// flags), with N partitions running. Without --uri: libvirt's test driver on
// a node with enough cores; with --uri: whatever runs there (the sampler
// reports only domains with vdc metadata). Prints medians and their ratio.
#include "libvirtconnection.h"
#include "statssampler.h"
#include "testnode.h"
#include "transactionprocessor.h"

#include "core/version.h"
#include "net/envelope.h"

#include <libvirt/libvirt.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTemporaryDir>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

using namespace vdc;

namespace {

double medianUs(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values.empty() ? 0 : values[values.size() / 2];
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOptions({{QStringLiteral("uri"), QStringLiteral("libvirt URI (default: a test-driver node)."), QStringLiteral("URI")},
                       {QStringLiteral("partitions"), QStringLiteral("Partitions to start on the test driver."),
                        QStringLiteral("N"), QStringLiteral("100")},
                       {QStringLiteral("rounds"), QStringLiteral("Readings to time."), QStringLiteral("R"),
                        QStringLiteral("200")}});
    parser.process(app);
    const int partitions = parser.value(QStringLiteral("partitions")).toInt();
    const int rounds = std::max(1, parser.value(QStringLiteral("rounds")).toInt());

    QTemporaryDir dir;
    QString uri = parser.value(QStringLiteral("uri"));
    if (uri.isEmpty()) {
        const QString node = dir.filePath(QStringLiteral("node.xml"));
        if (!monitor::writeTestDriverNode(node, std::uint32_t(partitions + 1), std::uint64_t(partitions + 1) * 64)) {
            std::fprintf(stderr, "bench_stats: cannot write the test node\n");
            return 1;
        }
        uri = monitor::testDriverUri(node);
    }
    auto connection = monitor::LibvirtConnection::open(uri);
    if (!connection) {
        std::fprintf(stderr, "bench_stats: %s\n", qPrintable(connection.error().message()));
        return 1;
    }
    if (parser.value(QStringLiteral("uri")).isEmpty()) {
        monitor::ProcessorSettings settings;
        settings.hostName = QStringLiteral("bench");
        auto processor = monitor::TransactionProcessor::create(**connection, settings);
        if (!processor)
            return 1;
        for (int i = 0; i < partitions; ++i) {
            proto::ChannelMessage m;
            m.set_protocol_version(kProtocolVersion);
            m.set_request_id(std::uint64_t(i + 1));
            auto *t = m.mutable_transaction();
            t->set_txid(std::uint64_t(i + 1));
            t->set_op(proto::TRANSACTION_OP_ACTIVATE);
            auto *spec = t->mutable_partition();
            spec->set_uuid(QStringLiteral("6b000000-0000-4000-8000-%1").arg(i, 12, 10, QLatin1Char('0')).toStdString());
            spec->set_name(QStringLiteral("p%1").arg(i).toStdString());
            spec->set_domain("bench");
            spec->set_vcpus(1);
            spec->set_memory_mib(64);
            spec->set_boot("network");
            t->mutable_resources()->add_cores(std::uint32_t(i + 1));
            t->mutable_resources()->add_memory_granules(std::uint32_t(2 * i));
            t->mutable_resources()->add_memory_granules(std::uint32_t(2 * i + 1));
            (*processor)->processFrame(net::encode(m));
        }
    }

    monitor::StatsSampler sampler(**connection, QStringLiteral("bench"));
    (void)sampler.sample(); // baseline, and the metadata of every domain read once
    std::vector<double> bare, reading;
    int reported = 0;
    for (int r = 0; r < rounds; ++r) {
        const auto t0 = std::chrono::steady_clock::now();
        virDomainStatsRecordPtr *records = nullptr;
        const int n = virConnectGetAllDomainStats(
            (*connection)->handle(),
            VIR_DOMAIN_STATS_STATE | VIR_DOMAIN_STATS_CPU_TOTAL | VIR_DOMAIN_STATS_BALLOON | VIR_DOMAIN_STATS_INTERFACE
                | VIR_DOMAIN_STATS_BLOCK,
            &records, VIR_CONNECT_GET_ALL_DOMAINS_STATS_ACTIVE | VIR_CONNECT_GET_ALL_DOMAINS_STATS_NOWAIT);
        if (n >= 0)
            virDomainStatsRecordListFree(records);
        const auto t1 = std::chrono::steady_clock::now();
        bare.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
        auto s = sampler.sample();
        const auto t2 = std::chrono::steady_clock::now();
        reading.push_back(std::chrono::duration<double, std::micro>(t2 - t1).count());
        if (s && s->has_value())
            reported = (*s)->partitions_size();
    }
    const double b = medianUs(bare), s = medianUs(reading);
    std::printf("bench_stats: %s, %d partitions reported, %d rounds\n", qPrintable(uri), reported, rounds);
    std::printf("  bare virConnectGetAllDomainStats: median %.0f us\n", b);
    std::printf("  StatsSampler::sample (bulk call + node CPU/memory + rates): median %.0f us\n", s);
    std::printf("  ratio %.2f\n", b > 0 ? s / b : 0.0);
    return 0;
}
