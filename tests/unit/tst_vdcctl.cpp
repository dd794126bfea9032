// The real vdcctl binary against an OpsService running in this test on
// tcp://127.0.0.1:*: what a person or a script sees, and the exit codes.
#include "opsengine.h"
#include "opsservice.h"

#include "net/zmqsocket.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace vdc;
using namespace vdc::ops;

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

} // namespace

class TestVdcctl : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void createsListsAndShows();
    void printsJsonForScripts();
    void exitsNonZeroOnRefusal();
    void printsPlacementRejections();
    void listsHostsInAlignedColumns();
    void refusesBadArgumentsWithExitTwo_data();
    void refusesBadArgumentsWithExitTwo();
    void saysWhenNoServiceAnswers();
    void takesTheEndpointFromTheEnvironment();
    void printsHelp();
    void coversZonesDomainsPoliciesCalendarsAndAudit();
    void exportsAndImportsThroughFiles();
    void refusesBadTimesAndLists_data();
    void refusesBadTimesAndLists();

private:
    // Runs vdcctl while this test's event loop keeps serving its requests.
    Run vdcctl(const QStringList &arguments, const QProcessEnvironment &environment = {});
    Run ops(QStringList arguments) { return vdcctl(QStringList{QStringLiteral("--ops"), m_service->listenEndpoint()} + arguments); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<OpsService> m_service;
};

Run TestVdcctl::vdcctl(const QStringList &arguments, const QProcessEnvironment &environment)
{
    QProcess process;
    QProcessEnvironment env = environment.isEmpty() ? QProcessEnvironment::systemEnvironment() : environment;
    env.remove(QStringLiteral("VDC_OPS"));
    if (environment.contains(QStringLiteral("VDC_OPS")))
        env.insert(QStringLiteral("VDC_OPS"), environment.value(QStringLiteral("VDC_OPS")));
    env.insert(QStringLiteral("USER"), QStringLiteral("ctl-tester"));
    process.setProcessEnvironment(env);
    QSignalSpy finished(&process, &QProcess::finished);
    process.start(QStringLiteral(VDC_VDCCTL_PATH), arguments);
    if (!process.waitForStarted(10000))
        return {};
    if (finished.isEmpty() && !finished.wait(60000))
        process.kill();
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError())};
}

void TestVdcctl::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    auto service = OpsService::start({m_dir->filePath(QStringLiteral("ops.sqlite")), QStringLiteral("tcp://127.0.0.1:*"),
                                      QStringLiteral("tcp://127.0.0.1:*")});
    QVERIFY2(service, qPrintable(service ? QString() : service.error().message()));
    m_service = std::move(service.value());
    OpsEngine::Timing timing;
    timing.inventoryTimeoutMs = 500; // hosts in these tests never answer
    timing.reconnectIntervalMs = 60000;
    m_service->engine().setTiming(timing);
}

void TestVdcctl::cleanup()
{
    m_service.reset();
    m_dir.reset();
}

void TestVdcctl::createsListsAndShows()
{
    Run r = ops({QStringLiteral("partition"), QStringLiteral("create"), QStringLiteral("web1"), QStringLiteral("--vcpus"),
                 QStringLiteral("2"), QStringLiteral("--memory"), QStringLiteral("2048")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.err.isEmpty());
    static const QRegularExpression created(
        QStringLiteral("^Partition web1 created in domain default \\(uuid [0-9a-f-]{36}\\)\\.\n$"));
    QVERIFY2(created.match(r.out).hasMatch(), qPrintable(r.out));

    r = ops({QStringLiteral("domain"), QStringLiteral("create"), QStringLiteral("prod"), QStringLiteral("--description"),
             QStringLiteral("Production systems")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QStringLiteral("Domain prod created.\n"));
    r = ops({QStringLiteral("partition"), QStringLiteral("create"), QStringLiteral("database-1"), QStringLiteral("--domain=prod"),
             QStringLiteral("--vcpus"), QStringLiteral("16"), QStringLiteral("--memory"), QStringLiteral("65536"),
             QStringLiteral("--zone"), QStringLiteral("z1")});
    QCOMPARE(r.exitCode, 0);

    r = ops({QStringLiteral("partition"), QStringLiteral("list")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QStringLiteral("NAME        DOMAIN   STATE    HOST  VCPUS  MEMORY     PINNED CORES\n"
                                   "web1        default  stopped  -     2      2048 MiB   -\n"
                                   "database-1  prod     stopped  -     16     65536 MiB  -\n"));
    r = ops({QStringLiteral("partition"), QStringLiteral("list"), QStringLiteral("--domain"), QStringLiteral("prod")});
    QCOMPARE(r.out.count(QLatin1Char('\n')), 2);

    r = ops({QStringLiteral("domain"), QStringLiteral("list")});
    QCOMPARE(r.out, QStringLiteral("NAME     DESCRIPTION\n"
                                   "default  The default domain\n"
                                   "prod     Production systems\n"));

    r = ops({QStringLiteral("partition"), QStringLiteral("show"), QStringLiteral("database-1"), QStringLiteral("--domain"),
             QStringLiteral("prod")});
    QCOMPARE(r.exitCode, 0);
    const QString uuid = QString::fromStdString(m_service->engine().partitions(QStringLiteral("prod")).first().spec().uuid());
    QCOMPARE(r.out, QStringLiteral("Name:             database-1\n"
                                   "UUID:             %1\n"
                                   "Domain:           prod\n"
                                   "Zone:             z1\n"
                                   "State:            stopped\n"
                                   "Host:             -\n"
                                   "vCPUs:            16\n"
                                   "Memory:           65536 MiB\n"
                                   "Boot:             network\n"
                                   "Priority:         0\n"
                                   "Pinned cores:     -\n"
                                   "Memory granules:  -\n"
                                   "Last error:       -\n")
                        .arg(uuid));

    r = ops({QStringLiteral("partition"), QStringLiteral("delete"), QStringLiteral("web1")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QStringLiteral("Partition web1 deleted from domain default.\n"));

    // The audit log names who asked.
    const auto events = m_service->engine().database().auditEvents();
    QVERIFY(!events->isEmpty());
    QCOMPARE(events->first().user, QStringLiteral("ctl-tester"));
    r = ops({QStringLiteral("--user"), QStringLiteral("bob"), QStringLiteral("domain"), QStringLiteral("create"), QStringLiteral("qa")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(m_service->engine().database().auditEvents()->last().user, QStringLiteral("bob"));
}

void TestVdcctl::printsJsonForScripts()
{
    QCOMPARE(ops({QStringLiteral("partition"), QStringLiteral("create"), QStringLiteral("web1"), QStringLiteral("--vcpus"),
                  QStringLiteral("2"), QStringLiteral("--memory"), QStringLiteral("2048")})
                 .exitCode,
             0);

    Run r = ops({QStringLiteral("--json"), QStringLiteral("partition"), QStringLiteral("list")});
    QCOMPARE(r.exitCode, 0);
    QJsonParseError error;
    QJsonDocument doc = QJsonDocument::fromJson(r.out.toUtf8(), &error);
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString() + r.out));
    const QJsonArray partitions = doc.object().value(QStringLiteral("partitions")).toArray();
    QCOMPARE(partitions.size(), 1);
    const QJsonObject spec = partitions.at(0).toObject().value(QStringLiteral("spec")).toObject();
    QCOMPARE(spec.value(QStringLiteral("name")).toString(), QStringLiteral("web1"));
    QCOMPARE(spec.value(QStringLiteral("vcpus")).toInt(), 2);
    QCOMPARE(spec.value(QStringLiteral("memory_mib")).toString(), QStringLiteral("2048")); // 64-bit: a string in proto JSON
    QCOMPARE(partitions.at(0).toObject().value(QStringLiteral("state")).toString(), QStringLiteral("PARTITION_STATE_STOPPED"));

    // --json may come after the command too.
    r = ops({QStringLiteral("partition"), QStringLiteral("show"), QStringLiteral("web1"), QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    doc = QJsonDocument::fromJson(r.out.toUtf8(), &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(doc.object().value(QStringLiteral("spec")).toObject().value(QStringLiteral("domain")).toString(), QStringLiteral("default"));

    r = ops({QStringLiteral("--json"), QStringLiteral("host"), QStringLiteral("list")});
    QCOMPARE(r.exitCode, 0);
    doc = QJsonDocument::fromJson(r.out.toUtf8(), &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QVERIFY(doc.isObject());

    r = ops({QStringLiteral("--json"), QStringLiteral("domain"), QStringLiteral("list")});
    doc = QJsonDocument::fromJson(r.out.toUtf8(), &error);
    QCOMPARE(doc.object().value(QStringLiteral("domains")).toArray().size(), 1);

    // Errors stay on stderr; stdout has no half document.
    r = ops({QStringLiteral("--json"), QStringLiteral("partition"), QStringLiteral("show"), QStringLiteral("nope")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.out.isEmpty());
    QCOMPARE(r.err, QStringLiteral("vdcctl: Partition nope does not exist in domain default.\n"));
}

void TestVdcctl::exitsNonZeroOnRefusal()
{
    const QStringList create = {QStringLiteral("partition"), QStringLiteral("create"), QStringLiteral("web1"),
                                QStringLiteral("--vcpus"), QStringLiteral("2"), QStringLiteral("--memory"), QStringLiteral("2048")};
    QCOMPARE(ops(create).exitCode, 0);
    Run r = ops(create);
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.out.isEmpty());
    QCOMPARE(r.err, QStringLiteral("vdcctl: Partition web1 already exists in domain default.\n"));

    r = ops({QStringLiteral("partition"), QStringLiteral("create"), QStringLiteral("web2"), QStringLiteral("--vcpus"),
             QStringLiteral("0"), QStringLiteral("--memory"), QStringLiteral("2048")});
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.err, QStringLiteral("vdcctl: Partition web2 asks for 0 vCPUs; give between 1 and 512.\n"));

    r = ops({QStringLiteral("partition"), QStringLiteral("create"), QStringLiteral("web2"), QStringLiteral("--domain"),
             QStringLiteral("nowhere"), QStringLiteral("--vcpus"), QStringLiteral("1"), QStringLiteral("--memory"), QStringLiteral("64")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.err.startsWith(QStringLiteral("vdcctl: Domain nowhere does not exist")));

    r = ops({QStringLiteral("partition"), QStringLiteral("stop"), QStringLiteral("web1")});
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.err, QStringLiteral("vdcctl: Partition web1 is already stopped.\n"));

    r = ops({QStringLiteral("host"), QStringLiteral("show"), QStringLiteral("h9")});
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.err, QStringLiteral("vdcctl: Host h9 does not exist.\n"));
    r = ops({QStringLiteral("host"), QStringLiteral("remove"), QStringLiteral("h9")});
    QCOMPARE(r.exitCode, 1);

    QCOMPARE(m_service->engine().partitions().size(), 1);
}

void TestVdcctl::printsPlacementRejections()
{
    QCOMPARE(ops({QStringLiteral("host"), QStringLiteral("add"), QStringLiteral("h1"), QStringLiteral("tcp://127.0.0.1:9")}).exitCode, 0);
    QCOMPARE(ops({QStringLiteral("host"), QStringLiteral("add"), QStringLiteral("h2"), QStringLiteral("tcp://127.0.0.1:10"),
                  QStringLiteral("--zone"), QStringLiteral("z2")})
                 .exitCode,
             0);
    QCOMPARE(ops({QStringLiteral("partition"), QStringLiteral("create"), QStringLiteral("web1"), QStringLiteral("--vcpus"),
                  QStringLiteral("4"), QStringLiteral("--memory"), QStringLiteral("2048"), QStringLiteral("--zone"), QStringLiteral("z2")})
                 .exitCode,
             0);
    const Run r = ops({QStringLiteral("partition"), QStringLiteral("start"), QStringLiteral("web1")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.out.isEmpty());
    QCOMPARE(r.err, QStringLiteral("vdcctl: No host can run partition web1 (4 vCPUs, 2048 MiB).\n"
                                   "  h1: host is unreachable\n"
                                   "  h2: host is unreachable\n"));
}

void TestVdcctl::listsHostsInAlignedColumns()
{
    Run r = ops({QStringLiteral("host"), QStringLiteral("list")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QStringLiteral("No hosts.\n"));

    r = ops({QStringLiteral("host"), QStringLiteral("add"), QStringLiteral("rack1-h1"), QStringLiteral("tcp://127.0.0.1:9"),
             QStringLiteral("--zone"), QStringLiteral("z1")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.startsWith(QStringLiteral("Host rack1-h1 added; it is unreachable for now: The host rack1-h1 did not answer "
                                             "within 500 ms")),
             qPrintable(r.out));

    r = ops({QStringLiteral("host"), QStringLiteral("list")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QStringLiteral("NAME      STATE        ZONE  CORES FREE/TOTAL  MEMORY FREE/TOTAL  PARTITIONS  AGENT\n"
                                   "rack1-h1  unreachable  z1    -                 -                  0           tcp://127.0.0.1:9\n"));

    r = ops({QStringLiteral("host"), QStringLiteral("show"), QStringLiteral("rack1-h1")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.startsWith(QStringLiteral("Name:              rack1-h1\nState:             unreachable\nZone:              z1\n"
                                            "Agent endpoint:    tcp://127.0.0.1:9\n")));

    r = ops({QStringLiteral("host"), QStringLiteral("remove"), QStringLiteral("rack1-h1")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QStringLiteral("Host rack1-h1 removed.\n"));
}

void TestVdcctl::refusesBadArgumentsWithExitTwo_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("nothing") << QStringList{} << QStringLiteral("vdcctl: No command given.");
    QTest::newRow("unknown noun") << QStringList{QStringLiteral("vm"), QStringLiteral("list")}
                                  << QStringLiteral("vdcctl: Unknown command \"vm\"; use host, domain, partition, zone, placement, policy, "
                                                    "calendar, migrate, migration, audit or stats.");
    QTest::newRow("unknown verb") << QStringList{QStringLiteral("partition"), QStringLiteral("frob")}
                                  << QStringLiteral("vdcctl: Unknown command \"partition frob\"; for a partition use create, "
                                                    "start, stop, show, delete, list, set.");
    QTest::newRow("missing vcpus") << QStringList{QStringLiteral("partition"), QStringLiteral("create"), QStringLiteral("web1"),
                                                  QStringLiteral("--memory"), QStringLiteral("64")}
                                   << QStringLiteral("vdcctl: \"partition create\" needs --vcpus N.");
    QTest::newRow("bad memory") << QStringList{QStringLiteral("partition"), QStringLiteral("create"), QStringLiteral("web1"),
                                               QStringLiteral("--vcpus"), QStringLiteral("1"), QStringLiteral("--memory"),
                                               QStringLiteral("2G")}
                                << QStringLiteral("vdcctl: --memory needs a whole number of MiB, not \"2G\".");
    QTest::newRow("extra argument") << QStringList{QStringLiteral("host"), QStringLiteral("list"), QStringLiteral("h1")}
                                    << QStringLiteral("vdcctl: \"host list\" takes no arguments; \"h1\" given.");
    QTest::newRow("missing endpoint") << QStringList{QStringLiteral("host"), QStringLiteral("add"), QStringLiteral("h1")}
                                      << QStringLiteral("vdcctl: \"host add\" takes NAME AGENT_ENDPOINT; \"h1\" given.");
    QTest::newRow("wrong option") << QStringList{QStringLiteral("partition"), QStringLiteral("start"), QStringLiteral("web1"),
                                                 QStringLiteral("--vcpus"), QStringLiteral("2")}
                                  << QStringLiteral("vdcctl: \"partition start\" has no option --vcpus.");
    QTest::newRow("unknown option") << QStringList{QStringLiteral("--verbose"), QStringLiteral("host"), QStringLiteral("list")}
                                    << QStringLiteral("vdcctl: Unknown option --verbose.");
    QTest::newRow("bad timeout") << QStringList{QStringLiteral("--timeout"), QStringLiteral("soon"), QStringLiteral("host"),
                                                QStringLiteral("list")}
                                 << QStringLiteral("vdcctl: --timeout needs a whole number of seconds between 1 and 3600, not \"soon\".");
    QTest::newRow("value missing") << QStringList{QStringLiteral("host"), QStringLiteral("list"), QStringLiteral("--ops")}
                                   << QStringLiteral("vdcctl: --ops needs a value (ENDPOINT).");
}

void TestVdcctl::refusesBadArgumentsWithExitTwo()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const Run r = vdcctl(arguments);
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.out.isEmpty());
    const QStringList lines = r.err.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines.at(0), message);
    QVERIFY(lines.at(1).startsWith(QStringLiteral("Usage: vdcctl ")));
}

void TestVdcctl::saysWhenNoServiceAnswers()
{
    // A port that was free a moment ago: nobody answers there.
    QString endpoint;
    {
        net::ZmqSocket probe(zmq::socket_type::router);
        auto bound = probe.bind(QStringLiteral("tcp://127.0.0.1:*"));
        QVERIFY(bound);
        endpoint = *bound;
    }
    Run r = vdcctl({QStringLiteral("--ops"), endpoint, QStringLiteral("--timeout"), QStringLiteral("1"),
                    QStringLiteral("partition"), QStringLiteral("list")});
    QCOMPARE(r.exitCode, 3);
    QVERIFY(r.out.isEmpty());
    QCOMPARE(r.err, QStringLiteral("vdcctl: no answer from the operations service at %1 within 1 s; is vdc-opsd running?\n")
                        .arg(endpoint));

    // Nothing was created behind our back by a late delivery.
    QVERIFY(m_service->engine().partitions().isEmpty());
}

void TestVdcctl::takesTheEndpointFromTheEnvironment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("VDC_OPS"), m_service->listenEndpoint());
    const Run r = vdcctl({QStringLiteral("domain"), QStringLiteral("list")}, env);
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains(QStringLiteral("default")));
}

void TestVdcctl::printsHelp()
{
    const Run r = vdcctl({QStringLiteral("--help")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.startsWith(QStringLiteral("Usage: vdcctl [--ops ENDPOINT] [--json] [--timeout SECONDS] [--user NAME] COMMAND...")));
    for (const auto &command : {"host add NAME AGENT_ENDPOINT [--zone Z]", "partition create NAME [--domain D] --vcpus N --memory MIB",
                                "partition list [--domain D]", "domain create NAME [--description TEXT]"})
        QVERIFY2(r.out.contains(QLatin1String(command)), command);
}

void TestVdcctl::coversZonesDomainsPoliciesCalendarsAndAudit()
{
    auto words = [](const char *line) { return QString::fromUtf8(line).split(QLatin1Char(' ')); };
    QCOMPARE(ops(words("host add h1 tcp://127.0.0.1:9")).exitCode, 0);
    Run r = ops(words("zone create z1 --hosts h1 --site dc1 --room r2 --qos gold --policy spread --ha-headroom 0.25"));
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QStringLiteral("Zone z1 created with hosts: h1.\n"));
    r = ops(words("zone set z1 --rack k9"));
    QCOMPARE(r.exitCode, 0);
    r = ops(words("zone show z1"));
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains(QStringLiteral("Location:          site dc1, room r2, rack k9\n")), qPrintable(r.out)); // site and room kept
    QVERIFY(r.out.contains(QStringLiteral("Allocation:        spread\n")));
    r = ops(words("--json zone show z1"));
    QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).object().value(QStringLiteral("hosts")).toArray().size(), 1);

    QCOMPARE(ops(words("host set h1 --links eth0:10000,eth1:1000 --room r3")).exitCode, 0);
    r = ops(words("host show h1"));
    QVERIFY2(r.out.contains(QStringLiteral("Links:             eth0 10000 Mbps (0 guaranteed), eth1 1000 Mbps (0 guaranteed)\n")),
             qPrintable(r.out));
    QVERIFY(r.out.contains(QStringLiteral("Location:          room r3\n")));

    QCOMPARE(ops(words("domain create prod --zones z1 --description Production")).exitCode, 0);
    r = ops(words("partition create web1 --domain prod --vcpus 2 --memory 512 --qos gold --bandwidth 500 --anti-affinity web"));
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(ops(words("partition create batch1 --domain prod --vcpus 2 --memory 512")).exitCode, 0);
    r = ops(words("partition set batch1 --domain prod --priority 5 --affinity-scope rack --affinity jobs --affinity-required"));
    QCOMPARE(r.exitCode, 0);
    r = ops(words("partition show batch1 --domain prod"));
    QVERIFY2(r.out.contains(QStringLiteral("Affinity:         jobs (same rack, required)\n")), qPrintable(r.out));
    QVERIFY(r.out.contains(QStringLiteral("Priority:         5\n")));

    // Explained: exit 0 with where it would go (nowhere: h1 never answers).
    r = ops(words("placement explain web1 batch1 --domain prod"));
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains(QStringLiteral("prod/web1 would not be placed")), qPrintable(r.out));
    QVERIFY(r.out.contains(QStringLiteral("  h1: host is unreachable\n")));

    r = ops(words("policy create business --domain prod --run web1 --stop batch1 --limit z1:vcpus=8:memory=4096 "
                  "--reserve z1:cores=2 --shares gold=2048,none=512"));
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QStringLiteral("Policy set business created in domain prod.\n"));
    QCOMPARE(ops(words("policy create offhours --domain prod --run batch1")).exitCode, 0);
    r = ops(words("policy show business --domain prod"));
    QVERIFY2(r.out.contains(QStringLiteral("Zone limits:  z1: max 8 vCPUs, max 4096 MiB, 2 cores reserved\n")), qPrintable(r.out));
    QVERIFY(r.out.contains(QStringLiteral("CPU shares:   gold=2048, none=512\n")));
    QCOMPARE(ops(words("domain set prod --default-policy offhours")).exitCode, 0);
    r = ops(words("domain show prod"));
    QVERIFY2(r.out.contains(QStringLiteral("Default policy set:  offhours\n")), qPrintable(r.out));
    QVERIFY(r.out.contains(QStringLiteral("Allowed zones:       z1\n")));

    r = ops({QStringLiteral("calendar"), QStringLiteral("add"), QStringLiteral("bh"), QStringLiteral("--domain"), QStringLiteral("prod"),
             QStringLiteral("--policy"), QStringLiteral("business"), QStringLiteral("--tz"), QStringLiteral("Europe/Berlin"),
             QStringLiteral("--start"), QStringLiteral("2026-03-02T08:00"), QStringLiteral("--duration"), QStringLiteral("10h"),
             QStringLiteral("--rrule"), QStringLiteral("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QStringLiteral("Entry \"bh\" puts policy set \"business\" in force every weekday at 08:00 for 10 hours, starting "
                                   "2026-03-02 (Europe/Berlin, priority 0).\n"));
    r = ops(words("calendar preview --domain prod --from 2026-03-02T00:00Z --days 1"));
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QStringLiteral("2026-03-02T07:00:00Z  domain prod: At 2026-03-02 08:00 Europe/Berlin (07:00 UTC) entry \"bh\" "
                                   "begins: policy set \"business\" replaces the default policy set \"offhours\".\n"
                                   "    Start partition web1.\n"
                                   "    CPU shares of partition batch1: 512 instead of the host default.\n"
                                   "    CPU shares of partition web1: 2048 instead of the host default.\n"
                                   "    Limits from now on: zone z1: at most 8 vCPUs, at most 4096 MiB, 2 cores reserved.\n"
                                   "2026-03-02T17:00:00Z  domain prod: At 2026-03-02 18:00 Europe/Berlin (17:00 UTC) entry \"bh\" "
                                   "ends: the default policy set \"offhours\" replaces policy set \"business\".\n"
                                   "    Start partition batch1.\n"
                                   "    CPU shares of partition batch1: the host default instead of 512.\n"
                                   "    CPU shares of partition web1: the host default instead of 2048.\n"
                                   "    Limits from now on: zone z1: no limits or reservations.\n"));
    QCOMPARE(ops(words("calendar remove bh --domain prod")).exitCode, 0);

    // The audit log, by object and by who asked.
    r = ops(words("audit --object prod/web1 --since -1h"));
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.startsWith(QStringLiteral("TIME ")), qPrintable(r.out));
    QVERIFY(r.out.contains(QStringLiteral("partition.create  partition prod/web1  ok")));
    r = ops(words("--json audit --by ctl-tester --action zone. --limit 5"));
    const auto events = QJsonDocument::fromJson(r.out.toUtf8()).object().value(QStringLiteral("events")).toArray();
    QCOMPARE(events.size(), 2); // zone create and zone set
    QCOMPARE(events.at(0).toObject().value(QStringLiteral("action")).toString(), QStringLiteral("zone.create"));

    // What is in use says so.
    r = ops(words("zone delete z1"));
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.err, QStringLiteral("vdcctl: Zone z1 is in use and cannot be deleted: domains prod list it among the zones they may "
                                   "use; policy sets prod/business set limits in it.\n"));
    QCOMPARE(ops(words("domain rename prod production")).exitCode, 0);
    QCOMPARE(ops(words("partition list --domain production")).out.count(QLatin1Char('\n')), 3);
}

void TestVdcctl::exportsAndImportsThroughFiles()
{
    auto words = [](const char *line) { return QString::fromUtf8(line).split(QLatin1Char(' ')); };
    QCOMPARE(ops(words("domain create prod")).exitCode, 0);
    QCOMPARE(ops(words("partition create web1 --domain prod --vcpus 2 --memory 512")).exitCode, 0);
    const QString file = m_dir->filePath(QStringLiteral("prod.json"));
    Run r = ops({QStringLiteral("domain"), QStringLiteral("export"), QStringLiteral("prod"), QStringLiteral("--output"), file});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QStringLiteral("Domain prod: 1 partitions, 0 policy sets, 0 calendar entries. Written to %1.\n").arg(file));
    QVERIFY(QFile::exists(file));
    r = ops({QStringLiteral("domain"), QStringLiteral("import"), file, QStringLiteral("--as"), QStringLiteral("copy"),
             QStringLiteral("--dry-run")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(m_service->engine().partitions(QStringLiteral("copy")).isEmpty());
    r = ops({QStringLiteral("domain"), QStringLiteral("import"), file, QStringLiteral("--as"), QStringLiteral("copy")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out, QStringLiteral("Imported. Domain copy: 1 partitions, 0 policy sets, 0 calendar entries.\n"));
    QCOMPARE(m_service->engine().partitions(QStringLiteral("copy")).size(), 1);
    r = ops({QStringLiteral("domain"), QStringLiteral("import"), m_dir->filePath(QStringLiteral("missing.json"))});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.startsWith(QStringLiteral("vdcctl: Cannot read ")), qPrintable(r.err));
}

void TestVdcctl::refusesBadTimesAndLists_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("bad time") << QStringList{QStringLiteral("audit"), QStringLiteral("--since"), QStringLiteral("yesterdayish")}
                              << QStringLiteral("vdcctl: \"yesterdayish\" is not a time; give now, an ISO 8601 date or date-time such "
                                                "as 2026-03-02T08:00, or a time relative to now such as -2h.");
    QTest::newRow("bad duration") << QStringList{QStringLiteral("calendar"), QStringLiteral("add"), QStringLiteral("e"),
                                                 QStringLiteral("--policy"), QStringLiteral("p"), QStringLiteral("--start"),
                                                 QStringLiteral("2026-03-02T08:00"), QStringLiteral("--duration"), QStringLiteral("long")}
                                  << QStringLiteral("vdcctl: \"long\" is not a duration; give one such as 90s, 15m, 10h, 1d or 1h30m.");
    QTest::newRow("bad links") << QStringList{QStringLiteral("host"), QStringLiteral("set"), QStringLiteral("h1"), QStringLiteral("--links"),
                                              QStringLiteral("eth0")}
                               << QStringLiteral("vdcctl: --links needs NIC:MBPS items such as eth0:10000, not \"eth0\".");
    QTest::newRow("bad limit") << QStringList{QStringLiteral("policy"), QStringLiteral("create"), QStringLiteral("p"), QStringLiteral("--limit"),
                                              QStringLiteral("z1:cores=4")}
                               << QStringLiteral("vdcctl: --limit knows vcpus and memory, not \"cores\" (in \"z1:cores=4\").");
    QTest::newRow("bad policy") << QStringList{QStringLiteral("zone"), QStringLiteral("create"), QStringLiteral("z"), QStringLiteral("--policy"),
                                               QStringLiteral("fill")}
                                << QStringLiteral("vdcctl: --policy needs pack or spread, not \"fill\".");
    QTest::newRow("nothing to set") << QStringList{QStringLiteral("partition"), QStringLiteral("set"), QStringLiteral("web1")}
                                    << QStringLiteral("vdcctl: \"partition set\" needs at least one option saying what to change.");
    QTest::newRow("no partition to explain") << QStringList{QStringLiteral("placement"), QStringLiteral("explain")}
                                             << QStringLiteral("vdcctl: \"placement explain\" takes PARTITION [PARTITION...]; none given.");
}

void TestVdcctl::refusesBadTimesAndLists()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const Run r = vdcctl(arguments);
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(r.err.split(QLatin1Char('\n'), Qt::SkipEmptyParts).value(0), message);
}

QTEST_GUILESS_MAIN(TestVdcctl)
#include "tst_vdcctl.moc"
