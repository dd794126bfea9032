// Benchmark: startup of the real vdc-opsd on an operations database with
// 10,000 partition definitions (in 20 domains, with zones, policy sets and
// calendar entries), against startup on an empty database in the same run.
// Startup is measured from spawning the process until it has written its
// endpoint file and answered a Hello on its API. Prints the median of
// several runs of each and their ratio.
//
//   bench_opsd_startup [--partitions N] [--runs N]
#include "opsdatabase.h"
#include "testhost.h"

#include "core/version.h"
#include "model/validation.h"
#include "net/envelope.h"
#include "net/zmqsocket.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>

#include <zmq.hpp>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace vdc;

namespace {

QString str(const std::string &s) { return QString::fromStdString(s); }

// Fills `path` with `count` partitions in one transaction.
bool populate(const QString &path, int count)
{
    auto db = ops::OpsDatabase::open(path);
    if (!db) {
        std::fprintf(stderr, "%s\n", qPrintable(db.error().message()));
        return false;
    }
    ops::OpsDatabase::ChangeSet changes;
    constexpr int kDomains = 20;
    constexpr int kZones = 5;
    for (int z = 0; z < kZones; ++z) {
        proto::Zone zone;
        zone.set_name(QStringLiteral("z%1").arg(z).toStdString());
        zone.mutable_location()->set_site("dc1");
        zone.set_qos_class(z % 2 ? "gold" : "silver");
        changes.putZones.append(zone);
    }
    for (int d = 0; d < kDomains; ++d) {
        proto::Domain domain;
        domain.set_name(QStringLiteral("tenant%1").arg(d).toStdString());
        domain.set_description("A benchmark tenant");
        domain.add_allowed_zones(QStringLiteral("z%1").arg(d % kZones).toStdString());
        changes.putDomains.append(domain);
        proto::PolicySet set;
        set.set_domain(domain.name());
        set.set_name("business");
        set.add_zones()->set_zone(QStringLiteral("z%1").arg(d % kZones).toStdString());
        set.mutable_zones(0)->set_max_vcpus(512);
        changes.putPolicySets.append(set);
        // A weekday calendar entry in the calendar library's stored form.
        changes.putCalendarEntries.append(
            {str(domain.name()), QStringLiteral("business-hours"),
             QByteArrayLiteral("{\"durationSeconds\":36000,\"name\":\"business-hours\",\"policySet\":\"business\",\"priority\":0,"
                               "\"recurrence\":\"FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR\",\"start\":\"2026-03-02T08:00:00\","
                               "\"timeZone\":\"Europe/Berlin\"}")});
    }
    for (int i = 0; i < count; ++i) {
        ops::OpsDatabase::PartitionRow row;
        auto *spec = row.partition.mutable_spec();
        spec->set_uuid(model::newUuid().toStdString());
        spec->set_name(QStringLiteral("p%1").arg(i, 5, 10, QLatin1Char('0')).toStdString());
        spec->set_domain(QStringLiteral("tenant%1").arg(i % kDomains).toStdString());
        spec->set_vcpus(1 + std::uint32_t(i % 8));
        spec->set_memory_mib(512u * (1 + std::uint32_t(i % 16)));
        spec->set_boot("network");
        spec->set_priority(std::uint32_t(i % 3));
        if (i % 5 == 0)
            spec->set_anti_affinity_group("web");
        if (i % 7 == 0)
            spec->set_qos_class("gold");
        row.partition.set_state(proto::PARTITION_STATE_STOPPED);
        changes.putPartitions.append(row);
    }
    if (auto r = (*db)->apply(changes); !r) {
        std::fprintf(stderr, "%s\n", qPrintable(r.error().message()));
        return false;
    }
    return true;
}

// One startup: spawn, endpoint file written, Hello answered. -1 on failure.
double startOnce(const QString &database, const QString &dir)
{
    const QString endpointFile = dir + QStringLiteral("/opsd.endpoints");
    QFile::remove(endpointFile);
    QProcess process;
    process.setStandardOutputFile(QProcess::nullDevice());
    process.setStandardErrorFile(QProcess::nullDevice());
    QElapsedTimer timer;
    timer.start();
    process.start(testing::opsdProgram(),
                  {QStringLiteral("--database"), database, QStringLiteral("--listen"), QStringLiteral("tcp://127.0.0.1:*"),
                   QStringLiteral("--publish"), QStringLiteral("tcp://127.0.0.1:*"), QStringLiteral("--endpoint-file"), endpointFile});
    if (!process.waitForStarted(10000))
        return -1;
    QString endpoint;
    while (timer.elapsed() < 20000 && process.state() == QProcess::Running) {
        const auto values = testing::readKeyValueFile(endpointFile);
        if (values.contains(QStringLiteral("listen"))) {
            endpoint = values.value(QStringLiteral("listen"));
            break;
        }
        QThread::usleep(200);
    }
    double ms = -1;
    if (!endpoint.isEmpty()) {
        zmq::socket_t socket(net::context(), zmq::socket_type::dealer);
        socket.set(zmq::sockopt::linger, 0);
        socket.connect(endpoint.toStdString());
        proto::OpsRequest hello;
        hello.set_protocol_version(kProtocolVersion);
        hello.set_request_id(1);
        hello.mutable_hello();
        const QByteArray frame = net::encode(hello);
        socket.send(zmq::const_buffer(frame.constData(), size_t(frame.size())), zmq::send_flags::none);
        zmq::pollitem_t item{socket.handle(), 0, ZMQ_POLLIN, 0};
        if (zmq::poll(&item, 1, std::chrono::milliseconds(20000)) > 0) {
            zmq::message_t reply;
            if (socket.recv(reply, zmq::recv_flags::none))
                ms = double(timer.nsecsElapsed()) / 1e6;
        }
    }
    process.terminate();
    if (!process.waitForFinished(10000)) {
        process.kill();
        process.waitForFinished(5000);
    }
    return ms;
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    const size_t n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

QString list(const std::vector<double> &values)
{
    QStringList parts;
    for (double v : values)
        parts << QString::number(v, 'f', 1);
    return parts.join(QStringLiteral(" "));
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    int partitions = 10000;
    int runs = 7;
    const QStringList args = QCoreApplication::arguments();
    for (qsizetype i = 1; i + 1 < args.size(); i += 2) {
        if (args[i] == QLatin1String("--partitions"))
            partitions = args[i + 1].toInt();
        else if (args[i] == QLatin1String("--runs"))
            runs = std::max(1, args[i + 1].toInt());
    }
    QTemporaryDir dir;
    if (!dir.isValid())
        return 1;
    const QString full = dir.filePath(QStringLiteral("full.sqlite"));
    const QString empty = dir.filePath(QStringLiteral("empty.sqlite"));
    QElapsedTimer fill;
    fill.start();
    if (!populate(full, partitions) || !populate(empty, 0))
        return 1;
    std::printf("database with %d partitions (20 domains, 5 zones, 20 policy sets, 20 calendar entries) written in %.0f ms\n",
                partitions, double(fill.elapsed()));

    // Alternate, so that both see the same machine conditions. The first
    // start of each warms the page cache and is not counted.
    startOnce(full, dir.path());
    startOnce(empty, dir.path());
    std::vector<double> withDefinitions;
    std::vector<double> reference;
    for (int r = 0; r < runs; ++r) {
        const double a = startOnce(full, dir.path());
        const double b = startOnce(empty, dir.path());
        if (a < 0 || b < 0) {
            std::fprintf(stderr, "vdc-opsd did not start\n");
            return 1;
        }
        withDefinitions.push_back(a);
        reference.push_back(b);
    }
    const double m = median(withDefinitions);
    const double ref = median(reference);
    std::printf("vdc-opsd startup (spawn -> endpoint file -> Hello answered), median of %d runs:\n", runs);
    std::printf("  %d partitions: %7.1f ms   (runs: %s)\n", partitions, m, qPrintable(list(withDefinitions)));
    std::printf("  empty database: %5.1f ms   (runs: %s)\n", ref, qPrintable(list(reference)));
    std::printf("  ratio %.2f; the definitions add %.1f ms; target under 300 ms: %s\n", m / ref, m - ref,
                m < 300.0 ? "met" : "MISSED");
    return 0;
}
