// The ops API over real sockets: OpsService bound on tcp://127.0.0.1:* (and
// inproc://), a real DEALER client and a real SUB for the state deltas.
#include "opsengine.h"
#include "opsservice.h"

#include "core/version.h"
#include "net/envelope.h"
#include "net/zmqsocket.h"

#include <QTemporaryDir>
#include <QTest>

using namespace vdc;
using namespace vdc::ops;

namespace {

// A DEALER client; replies are collected as they arrive.
class ApiClient
{
public:
    explicit ApiClient(const QString &endpoint)
        : m_socket(zmq::socket_type::dealer)
    {
        QVERIFY(m_socket.connect(endpoint).ok());
        QObject::connect(&m_socket, &net::ZmqSocket::messageReceived,
                         [this](const net::Frames &frames) { m_received.append(frames); });
    }

    void sendFrames(const net::Frames &frames) { QVERIFY(m_socket.send(frames).ok()); }

    quint64 send(proto::OpsRequest request)
    {
        if (request.protocol_version() == 0)
            request.set_protocol_version(kProtocolVersion);
        if (request.request_id() == 0)
            request.set_request_id(m_nextId++);
        request.set_user("tester");
        sendFrames({net::encode(request)});
        return request.request_id();
    }

    // The next reply; an empty optional when none arrives in time.
    std::optional<proto::OpsReply> next(int timeoutMs = 10000)
    {
        if (!QTest::qWaitFor([this] { return !m_received.isEmpty(); }, timeoutMs))
            return std::nullopt;
        const net::Frames frames = m_received.takeFirst();
        if (frames.size() != 1)
            return std::nullopt;
        proto::OpsReply reply;
        if (!reply.ParseFromArray(frames.front().constData(), int(frames.front().size())))
            return std::nullopt;
        return reply;
    }

    std::optional<proto::OpsReply> call(const proto::OpsRequest &request, int timeoutMs = 10000)
    {
        const quint64 id = send(request);
        auto reply = next(timeoutMs);
        if (reply && reply->request_id() != id)
            return std::nullopt;
        return reply;
    }

private:
    net::ZmqSocket m_socket;
    QList<net::Frames> m_received;
    quint64 m_nextId = 1;
};

proto::OpsRequest createPartition(const char *name, std::uint32_t vcpus = 2, std::uint64_t memory = 2048,
                                  const char *domain = "default")
{
    proto::OpsRequest r;
    auto *spec = r.mutable_create_partition()->mutable_spec();
    spec->set_name(name);
    spec->set_domain(domain);
    spec->set_vcpus(vcpus);
    spec->set_memory_mib(memory);
    return r;
}

proto::OpsRequest createDomain(const QString &name)
{
    proto::OpsRequest r;
    r.mutable_create_domain()->mutable_domain()->set_name(name.toStdString());
    return r;
}

proto::OpsRequest partitionRequest(const char *name, proto::PartitionRef *(proto::OpsRequest::*field)())
{
    proto::OpsRequest r;
    auto *ref = (r.*field)();
    ref->set_name(name);
    ref->set_domain("default");
    return r;
}

QString message(const proto::OpsReply &reply)
{
    return QString::fromStdString(reply.error().message());
}

} // namespace

class TestOpsServer : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void createsAPartition();
    void refusesADuplicateAndAuditsIt();
    void refusesInvalidDefinitions();
    void answersMalformedFramesAndKeepsServing();
    void refusesAnotherProtocolVersion();
    void publishesSnapshotAndSequencedDeltas();
    void answersAsynchronouslyForAnUnreachableHost();
    void servesOverInproc();
    void reloadsItsStateAfterARestart();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<OpsService> m_service;
    std::unique_ptr<ApiClient> m_client;
};

void TestOpsServer::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    auto service = OpsService::start({m_dir->filePath(QStringLiteral("ops.sqlite")), QStringLiteral("tcp://127.0.0.1:*"),
                                      QStringLiteral("tcp://127.0.0.1:*")});
    QVERIFY2(service, qPrintable(service ? QString() : service.error().message()));
    m_service = std::move(service.value());
    QVERIFY(m_service->listenEndpoint().startsWith(QStringLiteral("tcp://127.0.0.1:")));
    QVERIFY(!m_service->listenEndpoint().endsWith(QLatin1Char('*')));
    QVERIFY(m_service->publishEndpoint() != m_service->listenEndpoint());
    m_client = std::make_unique<ApiClient>(m_service->listenEndpoint());
}

void TestOpsServer::cleanup()
{
    m_client.reset();
    m_service.reset();
    m_dir.reset();
}

void TestOpsServer::createsAPartition()
{
    const auto reply = m_client->call(createPartition("web1"));
    QVERIFY(reply);
    QCOMPARE(reply->error().code(), proto::ERROR_NONE);
    QCOMPARE(reply->protocol_version(), kProtocolVersion);
    const auto &p = reply->partition();
    QCOMPARE(p.spec().name(), std::string("web1"));
    QCOMPARE(p.spec().domain(), std::string("default"));
    QCOMPARE(p.spec().boot(), std::string("network"));
    QCOMPARE(p.state(), proto::PARTITION_STATE_STOPPED);
    QVERIFY(!QUuid::fromString(QString::fromStdString(p.spec().uuid())).isNull());

    const auto shown = m_client->call(partitionRequest("web1", &proto::OpsRequest::mutable_show_partition));
    QVERIFY(shown);
    QCOMPARE(shown->partition().spec().uuid(), p.spec().uuid());

    proto::OpsRequest list;
    list.mutable_list_partitions();
    const auto listed = m_client->call(list);
    QVERIFY(listed);
    QCOMPARE(listed->partitions().partitions_size(), 1);

    // Stored, not just remembered.
    const auto rows = m_service->engine().database().partitions();
    QCOMPARE(rows->size(), 1);
    QCOMPARE(rows->first().partition.spec().uuid(), p.spec().uuid());
}

void TestOpsServer::refusesADuplicateAndAuditsIt()
{
    const auto first = m_client->call(createPartition("web1", 2, 2048));
    QVERIFY(first && first->error().code() == proto::ERROR_NONE);
    const auto again = m_client->call(createPartition("web1", 8, 4096));
    QVERIFY(again);
    QCOMPARE(again->error().code(), proto::ERROR_ALREADY_EXISTS);
    QCOMPARE(message(*again), QStringLiteral("Partition web1 already exists in domain default."));

    // The first is unchanged.
    const auto shown = m_client->call(partitionRequest("web1", &proto::OpsRequest::mutable_show_partition));
    QCOMPARE(shown->partition().spec().uuid(), first->partition().spec().uuid());
    QCOMPARE(shown->partition().spec().vcpus(), 2u);

    // Unknown domain.
    const auto nowhere = m_client->call(createPartition("web2", 1, 64, "nowhere"));
    QCOMPARE(nowhere->error().code(), proto::ERROR_NOT_FOUND);

    const auto events = m_service->engine().database().auditEvents();
    QVERIFY(events);
    QCOMPARE(events->size(), 3);
    QCOMPARE(events->at(0).action, QStringLiteral("partition.create"));
    QCOMPARE(events->at(0).result, QStringLiteral("ok"));
    QCOMPARE(events->at(0).user, QStringLiteral("tester"));
    QCOMPARE(events->at(0).object, QStringLiteral("partition default/web1"));
    QCOMPARE(events->at(1).result, QStringLiteral("already exists"));
    QCOMPARE(events->at(1).message, QStringLiteral("Partition web1 already exists in domain default."));
    QCOMPARE(events->at(2).result, QStringLiteral("not found"));
}

void TestOpsServer::refusesInvalidDefinitions()
{
    const auto zero = m_client->call(createPartition("web1", 0, 2048));
    QCOMPARE(zero->error().code(), proto::ERROR_INVALID_ARGUMENT);
    QCOMPARE(message(*zero), QStringLiteral("Partition web1 asks for 0 vCPUs; give between 1 and 512."));
    const auto quoted = m_client->call(createPartition("we'b", 1, 2048));
    QCOMPARE(quoted->error().code(), proto::ERROR_INVALID_ARGUMENT);
    const auto badDomain = m_client->call(createDomain(QStringLiteral("a b")));
    QCOMPARE(badDomain->error().code(), proto::ERROR_INVALID_ARGUMENT);

    proto::OpsRequest empty; // no command at all
    const auto nothing = m_client->call(empty);
    QCOMPARE(nothing->error().code(), proto::ERROR_INVALID_ARGUMENT);

    QVERIFY(m_service->engine().partitions().isEmpty());
    QCOMPARE(m_service->engine().database().partitions()->size(), 0);
}

void TestOpsServer::answersMalformedFramesAndKeepsServing()
{
    m_client->sendFrames({QByteArray("\xff\xff\xff garbage", 12)});
    auto reply = m_client->next();
    QVERIFY(reply);
    QCOMPARE(reply->error().code(), proto::ERROR_MALFORMED);
    QCOMPARE(reply->request_id(), 0u);

    // Two frames after the identity: not an ops request either.
    proto::OpsRequest hello;
    hello.set_protocol_version(kProtocolVersion);
    hello.mutable_hello();
    m_client->sendFrames({QByteArray(), net::encode(hello)});
    reply = m_client->next();
    QVERIFY(reply);
    QCOMPARE(reply->error().code(), proto::ERROR_MALFORMED);
    QVERIFY(message(*reply).contains(QStringLiteral("2 frames")));

    // Still serving.
    const auto answered = m_client->call(hello);
    QVERIFY(answered);
    QCOMPARE(answered->error().code(), proto::ERROR_NONE);
    QCOMPARE(answered->hello().server(), std::string("vdc-opsd ") + kVersionString);
    QCOMPARE(QString::fromStdString(answered->hello().publish_endpoint()), m_service->publishEndpoint());
}

void TestOpsServer::refusesAnotherProtocolVersion()
{
    proto::OpsRequest request = createPartition("web1");
    request.set_protocol_version(kProtocolVersion + 1);
    request.set_request_id(77);
    const auto reply = m_client->call(request);
    QVERIFY(reply);
    QCOMPARE(reply->error().code(), proto::ERROR_UNSUPPORTED_VERSION);
    QCOMPARE(reply->request_id(), 77u);
    QVERIFY(m_service->engine().partitions().isEmpty());
}

void TestOpsServer::publishesSnapshotAndSequencedDeltas()
{
    net::ZmqSocket sub(zmq::socket_type::sub);
    sub.subscribe(QByteArrayLiteral("state"));
    QVERIFY(sub.connect(m_service->publishEndpoint()).ok());
    QList<proto::StateDelta> deltas;
    bool wellFormed = true;
    QObject::connect(&sub, &net::ZmqSocket::messageReceived, [&](const net::Frames &frames) {
        if (frames.size() != 2 || frames.at(0) != QByteArrayLiteral("state")) {
            wellFormed = false;
            return;
        }
        auto delta = net::decode<proto::StateDelta>(frames.at(1), "StateDelta");
        if (!delta) {
            wellFormed = false;
            return;
        }
        deltas.append(*delta);
    });

    // A subscription takes effect some time after connecting; make changes
    // until one is seen (the Clone pattern's answer to the slow joiner).
    int warmups = 0;
    while (deltas.isEmpty() && warmups < 100) {
        QVERIFY(m_client->call(createDomain(QStringLiteral("warmup%1").arg(warmups++))));
        (void)QTest::qWaitFor([&] { return !deltas.isEmpty(); }, 100);
    }
    QVERIFY(!deltas.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(deltas.size() >= 1 && deltas.last().domain_updated().name()
                                  == QStringLiteral("warmup%1").arg(warmups - 1).toStdString(),
                              true, 10000);

    proto::OpsRequest get;
    get.mutable_get_snapshot();
    const auto snapshotReply = m_client->call(get);
    QVERIFY(snapshotReply);
    const auto &snapshot = snapshotReply->snapshot();
    QCOMPARE(snapshot.domains_size(), 1 + warmups);
    QCOMPARE(snapshot.sequence(), deltas.last().sequence());
    deltas.clear();

    const auto created = m_client->call(createPartition("web1"));
    QVERIFY(created && created->error().code() == proto::ERROR_NONE);
    QVERIFY(m_client->call(createDomain(QStringLiteral("prod"))));
    QVERIFY(m_client->call(createPartition("web1"))); // refused: no delta

    QTRY_COMPARE_WITH_TIMEOUT(deltas.size(), 2, 10000);
    QVERIFY(wellFormed);
    QCOMPARE(deltas.at(0).sequence(), snapshot.sequence() + 1);
    QCOMPARE(deltas.at(0).protocol_version(), kProtocolVersion);
    QCOMPARE(deltas.at(0).partition_updated().spec().uuid(), created->partition().spec().uuid());
    QCOMPARE(deltas.at(0).partition_updated().state(), proto::PARTITION_STATE_STOPPED);
    QCOMPARE(deltas.at(1).sequence(), snapshot.sequence() + 2);
    QCOMPARE(deltas.at(1).domain_updated().name(), std::string("prod"));

    const auto after = m_client->call(get);
    QCOMPARE(after->snapshot().sequence(), snapshot.sequence() + 2);
    QCOMPARE(after->snapshot().partitions_size(), 1);
}

void TestOpsServer::answersAsynchronouslyForAnUnreachableHost()
{
    // Nothing listens there: the engine waits for the inventory, then
    // answers; meanwhile other requests are served.
    OpsEngine::Timing timing;
    timing.inventoryTimeoutMs = 1500;
    timing.reconnectIntervalMs = 60000;
    m_service->engine().setTiming(timing);

    proto::OpsRequest add;
    add.mutable_add_host()->set_name("h1");
    add.mutable_add_host()->set_agent_endpoint("tcp://127.0.0.1:9");
    add.mutable_add_host()->set_zone("z1");
    const quint64 addId = m_client->send(add);

    proto::OpsRequest hello;
    hello.mutable_hello();
    const quint64 helloId = m_client->send(hello);
    auto first = m_client->next();
    QVERIFY(first);
    QCOMPARE(first->request_id(), helloId);

    auto added = m_client->next();
    QVERIFY(added);
    QCOMPARE(added->request_id(), addId);
    QCOMPARE(added->error().code(), proto::ERROR_NONE);
    QCOMPARE(added->host().state(), proto::HOST_STATE_UNREACHABLE);
    QCOMPARE(added->host().zone(), std::string("z1"));
    QVERIFY2(QString::fromStdString(added->host().last_error()).contains(QStringLiteral("The host h1 did not answer within 1500 ms")),
             added->host().last_error().c_str());

    // A start can only be refused, naming the host and why.
    QVERIFY(m_client->call(createPartition("web1", 2, 1024)));
    const auto start = m_client->call(partitionRequest("web1", &proto::OpsRequest::mutable_start_partition));
    QVERIFY(start);
    QCOMPARE(start->error().code(), proto::ERROR_INSUFFICIENT_RESOURCES);
    QCOMPARE(message(*start), QStringLiteral("No host can run partition web1 (2 vCPUs, 1024 MiB)."));
    QCOMPARE(start->rejections_size(), 1);
    QCOMPARE(start->rejections(0).reason(), std::string("h1: host is unreachable"));
    QCOMPARE(m_service->engine().partitions().first().state(), proto::PARTITION_STATE_STOPPED);

    // Duplicate host name, then removal.
    const auto dup = m_client->call(add);
    QCOMPARE(dup->error().code(), proto::ERROR_ALREADY_EXISTS);
    proto::OpsRequest remove;
    remove.mutable_remove_host()->set_name("h1");
    const auto removed = m_client->call(remove);
    QCOMPARE(removed->error().code(), proto::ERROR_NONE);
    proto::OpsRequest list;
    list.mutable_list_hosts();
    QCOMPARE(m_client->call(list)->hosts().hosts_size(), 0);
    QCOMPARE(m_client->call(remove)->error().code(), proto::ERROR_NOT_FOUND);
}

void TestOpsServer::servesOverInproc()
{
    QTemporaryDir dir;
    auto embedded = OpsService::start({dir.filePath(QStringLiteral("embedded.sqlite")), QStringLiteral("inproc://vdc-ops-test"),
                                       QStringLiteral("inproc://vdc-ops-test-state")});
    QVERIFY2(embedded, qPrintable(embedded ? QString() : embedded.error().message()));
    QCOMPARE((*embedded)->listenEndpoint(), QStringLiteral("inproc://vdc-ops-test"));
    ApiClient client((*embedded)->listenEndpoint());
    const auto created = client.call(createPartition("web1"));
    QVERIFY(created);
    QCOMPARE(created->error().code(), proto::ERROR_NONE);
    proto::OpsRequest domains;
    domains.mutable_list_domains();
    const auto listed = client.call(domains);
    QCOMPARE(listed->domains().domains_size(), 1);
    QCOMPARE(listed->domains().domains(0).name(), std::string("default"));

    // A second service cannot take the same inproc name.
    auto clash = OpsService::start({dir.filePath(QStringLiteral("other.sqlite")), QStringLiteral("inproc://vdc-ops-test"),
                                    QStringLiteral("inproc://vdc-ops-test-state2")});
    QVERIFY(!clash);
    QVERIFY(clash.error().message().contains(QStringLiteral("inproc://vdc-ops-test")));
}

void TestOpsServer::reloadsItsStateAfterARestart()
{
    QVERIFY(m_client->call(createDomain(QStringLiteral("prod"))));
    const auto created = m_client->call(createPartition("db1", 4, 4096, "prod"));
    QVERIFY(created && created->error().code() == proto::ERROR_NONE);
    proto::OpsRequest get;
    get.mutable_get_snapshot();
    const quint64 sequenceBefore = m_client->call(get)->snapshot().sequence();

    m_client.reset();
    m_service.reset();
    auto service = OpsService::start({m_dir->filePath(QStringLiteral("ops.sqlite")), QStringLiteral("tcp://127.0.0.1:*"),
                                      QStringLiteral("tcp://127.0.0.1:*")});
    QVERIFY(service);
    m_service = std::move(service.value());
    m_client = std::make_unique<ApiClient>(m_service->listenEndpoint());

    const auto snapshot = m_client->call(get);
    QVERIFY(snapshot);
    QCOMPARE(snapshot->snapshot().domains_size(), 2);
    QCOMPARE(snapshot->snapshot().partitions_size(), 1);
    QCOMPARE(snapshot->snapshot().partitions(0).spec().uuid(), created->partition().spec().uuid());
    // A client holding the old sequence sees a gap, never a repeat.
    QVERIFY(snapshot->snapshot().sequence() > sequenceBefore);
}

QTEST_GUILESS_MAIN(TestOpsServer)
#include "tst_opsserver.moc"
