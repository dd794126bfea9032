// vdc-agent's ZeroMQ API over a real ROUTER socket, with a real DEALER client.
// No monitor runs here: start/stop must fail at once and say so.
#include "agent.h"
#include "agentapiclient.h"
#include "agentservice.h"
#include "partitioncontroller.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace vdc;
using namespace vdc::agent;

namespace {

using Client = testing::AgentApiClient;

proto::AgentRequest defineRequest(std::uint64_t id, const char *name, std::uint32_t vcpus = 2,
                                  std::uint64_t memoryMib = 256)
{
    return Client::define(id, name, vcpus, memoryMib);
}

proto::AgentRequest inventoryRequest(std::uint64_t id)
{
    return Client::inventory(id);
}

proto::AgentRequest byName(std::uint64_t id, const char *name, proto::PartitionRef *(proto::AgentRequest::*which)())
{
    return Client::byName(id, name, which);
}

QString errorText(const std::optional<proto::AgentReply> &reply)
{
    return Client::errorText(reply);
}

} // namespace

class TestAgentService : public QObject
{
    Q_OBJECT
private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        AgentOptions options;
        options.channel = QStringLiteral("/vdc-test-agent-%1-%2").arg(::getpid()).arg(++m_counter);
        options.listen = QStringLiteral("tcp://127.0.0.1:*");
        options.publish = QStringLiteral("tcp://127.0.0.1:*");
        options.store = m_dir->filePath(QStringLiteral("agent.sqlite"));
        options.hostName = QStringLiteral("h1");
        options.endpointFile = m_dir->filePath(QStringLiteral("agent.endpoints"));
        m_agent = std::make_unique<Agent>(options);
        const auto started = m_agent->start();
        QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : started.error().message()));
        m_client = std::make_unique<Client>(m_agent->service()->listenEndpoint());
        QVERIFY(m_client->connected());
    }

    void cleanup()
    {
        m_client.reset();
        m_agent.reset();
        m_dir.reset();
    }

    void endpointsAreBoundAndWritten()
    {
        const QString listen = m_agent->service()->listenEndpoint();
        const QString publish = m_agent->service()->publishEndpoint();
        QVERIFY(listen.startsWith(QStringLiteral("tcp://127.0.0.1:")));
        QVERIFY(!listen.endsWith(QLatin1Char('*')));
        QVERIFY(publish != listen);
        QFile file(m_agent->options().endpointFile);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(file.readAll()), QStringLiteral("listen=%1\npublish=%2\n").arg(listen, publish));
    }

    void defineThenInventory()
    {
        const auto defined = m_client->call(defineRequest(11, "web1", 2, 512));
        QVERIFY(defined);
        QCOMPARE(defined->request_id(), 11u);
        QCOMPARE(defined->protocol_version(), kProtocolVersion);
        QCOMPARE(defined->error().code(), proto::ERROR_NONE);
        QVERIFY(defined->has_partition());
        const auto &p = defined->partition();
        QCOMPARE(p.spec().name(), std::string("web1"));
        QVERIFY(!p.spec().uuid().empty()); // the agent names it when the definition did not
        QCOMPARE(p.state(), proto::PARTITION_STATE_STOPPED);
        QCOMPARE(p.host(), std::string("h1"));

        // Defining again (same name, no uuid) updates the same partition.
        const auto again = m_client->call(defineRequest(12, "web1", 4, 512));
        QVERIFY(again);
        QCOMPARE(again->error().code(), proto::ERROR_NONE);
        QCOMPARE(again->partition().spec().uuid(), p.spec().uuid());

        const auto inv = m_client->call(inventoryRequest(13));
        QVERIFY(inv);
        QCOMPARE(inv->request_id(), 13u);
        QVERIFY(inv->has_inventory());
        const auto &i = inv->inventory();
        QCOMPARE(i.host_name(), std::string("h1"));
        QCOMPARE(i.publish_endpoint(), m_agent->service()->publishEndpoint().toStdString());
        QVERIFY(!i.monitor_attached());
        QVERIFY(i.timestamp_ms() > 0);
        QCOMPARE(i.partitions_size(), 1);
        QCOMPARE(i.partitions(0).spec().vcpus(), 4u);
        QCOMPARE(i.partitions(0).spec().uuid(), p.spec().uuid());
    }

    void malformedFrameGetsAnErrorAndTheAgentKeepsServing()
    {
        QVERIFY(m_client->sendFrames({QByteArrayLiteral("\xff\xff\xff\x07 this is not a protobuf")}));
        const auto refused = m_client->next();
        QVERIFY(refused);
        QCOMPARE(refused->error().code(), proto::ERROR_MALFORMED);
        QCOMPARE(refused->request_id(), 0u);
        QVERIFY(!refused->error().message().empty());

        const auto inv = m_client->call(inventoryRequest(21));
        QVERIFY(inv);
        QCOMPARE(inv->request_id(), 21u);
        QCOMPARE(inv->error().code(), proto::ERROR_NONE);
    }

    void wrongFrameCountIsMalformed()
    {
        auto r = inventoryRequest(31);
        r.set_protocol_version(kProtocolVersion);
        QVERIFY(m_client->sendFrames({QByteArray(), net::encode(r)})); // a REQ-style empty delimiter
        const auto refused = m_client->next();
        QVERIFY(refused);
        QCOMPARE(refused->error().code(), proto::ERROR_MALFORMED);
        QCOMPARE(refused->request_id(), 0u);

        const auto inv = m_client->call(inventoryRequest(32));
        QVERIFY(inv);
        QCOMPARE(inv->error().code(), proto::ERROR_NONE);
    }

    void otherProtocolVersionIsRefusedWithItsRequestId()
    {
        auto r = inventoryRequest(41);
        r.set_protocol_version(kProtocolVersion + 1);
        const auto refused = m_client->call(r);
        QVERIFY(refused);
        QCOMPARE(refused->error().code(), proto::ERROR_UNSUPPORTED_VERSION);
        QCOMPARE(refused->request_id(), 41u);
    }

    void requestWithoutCommandIsMalformed()
    {
        proto::AgentRequest r;
        r.set_request_id(51);
        const auto refused = m_client->call(r);
        QVERIFY(refused);
        QCOMPARE(refused->error().code(), proto::ERROR_MALFORMED);
        QCOMPARE(refused->request_id(), 51u);
    }

    void badSpecIsRefusedAndNothingStored()
    {
        QVERIFY(m_client->call(defineRequest(61, "web1"))->error().code() == proto::ERROR_NONE);

        const auto zero = m_client->call(defineRequest(62, "web2", 0));
        QVERIFY(zero);
        QCOMPARE(zero->error().code(), proto::ERROR_INVALID_ARGUMENT);
        QVERIFY2(errorText(zero).contains(QStringLiteral("vCPUs")), qPrintable(errorText(zero)));

        const auto quoted = m_client->call(defineRequest(63, "web'1"));
        QVERIFY(quoted);
        QCOMPARE(quoted->error().code(), proto::ERROR_INVALID_ARGUMENT);

        // Changing the existing one into something invalid changes nothing either.
        const auto tiny = m_client->call(defineRequest(64, "web1", 2, 1));
        QVERIFY(tiny);
        QCOMPARE(tiny->error().code(), proto::ERROR_INVALID_ARGUMENT);

        const auto inv = m_client->call(inventoryRequest(65));
        QVERIFY(inv);
        QCOMPARE(inv->inventory().partitions_size(), 1);
        QCOMPARE(inv->inventory().partitions(0).spec().name(), std::string("web1"));
        QCOMPARE(inv->inventory().partitions(0).spec().memory_mib(), 256u);
    }

    void startAndStopWithoutMonitorFailAtOnce()
    {
        QVERIFY(m_client->call(defineRequest(71, "web1"))->error().code() == proto::ERROR_NONE);

        const auto start = m_client->call(byName(72, "web1", &proto::AgentRequest::mutable_start));
        QVERIFY(start);
        QCOMPARE(start->request_id(), 72u);
        QCOMPARE(start->error().code(), proto::ERROR_UNAVAILABLE);
        QVERIFY2(errorText(start).contains(QStringLiteral("monitor")), qPrintable(errorText(start)));

        const auto stop = m_client->call(byName(73, "web1", &proto::AgentRequest::mutable_stop));
        QVERIFY(stop);
        QCOMPARE(stop->error().code(), proto::ERROR_UNAVAILABLE);

        const auto unknown = m_client->call(byName(74, "nosuch", &proto::AgentRequest::mutable_start));
        QVERIFY(unknown);
        QCOMPARE(unknown->error().code(), proto::ERROR_NOT_FOUND);
        QVERIFY2(errorText(unknown).contains(QStringLiteral("nosuch")), qPrintable(errorText(unknown)));
    }

    void undefineForgetsAStoppedPartition()
    {
        QVERIFY(m_client->call(defineRequest(81, "web1"))->error().code() == proto::ERROR_NONE);
        const auto gone = m_client->call(byName(82, "web1", &proto::AgentRequest::mutable_undefine));
        QVERIFY(gone);
        QCOMPARE(gone->error().code(), proto::ERROR_NONE);
        QCOMPARE(gone->partition().spec().name(), std::string("web1"));
        QCOMPARE(m_client->call(inventoryRequest(83))->inventory().partitions_size(), 0);

        const auto again = m_client->call(byName(84, "web1", &proto::AgentRequest::mutable_undefine));
        QVERIFY(again);
        QCOMPARE(again->error().code(), proto::ERROR_NOT_FOUND);
    }

    void pipelinedRequestsAreAllAnswered()
    {
        QVERIFY(m_client->send(defineRequest(91, "a1")));
        QVERIFY(m_client->send(defineRequest(92, "a2")));
        QVERIFY(m_client->send(inventoryRequest(93)));
        QList<std::uint64_t> ids;
        for (int i = 0; i < 3; ++i) {
            const auto reply = m_client->next();
            QVERIFY(reply);
            QCOMPARE(reply->error().code(), proto::ERROR_NONE);
            ids << reply->request_id();
        }
        std::sort(ids.begin(), ids.end());
        QCOMPARE(ids, (QList<std::uint64_t>{91, 92, 93}));
    }

    void heartbeatsArePublished()
    {
        QVERIFY(m_client->call(defineRequest(101, "web1"))->error().code() == proto::ERROR_NONE);
        net::ZmqSocket subscriber(zmq::socket_type::sub);
        subscriber.subscribe(QByteArrayLiteral("hb"));
        QVERIFY(subscriber.connect(m_agent->service()->publishEndpoint()).ok());
        QList<net::Frames> received;
        connect(&subscriber, &net::ZmqSocket::messageReceived, this,
                [&received](const net::Frames &frames) { received.append(frames); });
        QTRY_VERIFY_WITH_TIMEOUT(received.size() >= 2, 10000);
        QCOMPARE(received.at(0).size(), 2);
        QCOMPARE(received.at(0).at(0), QByteArrayLiteral("hb"));
        const auto first = net::decode<proto::Heartbeat>(received.at(0).at(1), "heartbeat");
        const auto second = net::decode<proto::Heartbeat>(received.at(1).at(1), "heartbeat");
        QVERIFY(first.ok() && second.ok());
        QVERIFY(second->sequence() > first->sequence());
        QCOMPARE(first->inventory().host_name(), std::string("h1"));
        QCOMPARE(first->inventory().partitions_size(), 1);
        QVERIFY(!first->inventory().monitor_attached());
    }

private:
    int m_counter = 0;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Agent> m_agent;
    std::unique_ptr<Client> m_client;
};

QTEST_GUILESS_MAIN(TestAgentService)
#include "tst_agentservice.moc"
