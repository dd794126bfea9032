// kill -9 of a real vdc-opsd in the middle of a burst of changes loses no
// committed change. A client keeps many partition creates in flight over one
// DEALER and records every create the service acknowledged; the service is
// killed with SIGKILL while requests are still in flight, restarted on the
// same database, and every acknowledged create must be there, with its audit
// event. Creates that were in flight may or may not have been committed:
// either way the database is consistent and opens. No libvirt is involved.
#include "daemonprocess.h"
#include "opsapiclient.h"
#include "testhost.h"

#include "core/version.h"
#include "net/envelope.h"
#include "net/zmqsocket.h"

#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <zmq.hpp>

#include <chrono>

using namespace vdc;
using namespace vdc::testing;

namespace {

constexpr int kInFlight = 24;     // creates sent and not yet answered
constexpr int kKillAfter = 300;   // acknowledged creates before the kill
constexpr int kBurst = 100000;    // more than will ever be sent

// Sends a request on the socket; the request id is the partition's number.
void sendCreate(zmq::socket_t &socket, int n)
{
    proto::OpsRequest request;
    request.set_protocol_version(kProtocolVersion);
    request.set_request_id(std::uint64_t(n) + 1);
    request.set_user("burst");
    auto *spec = request.mutable_create_partition()->mutable_spec();
    spec->set_name(QStringLiteral("p%1").arg(n, 6, 10, QLatin1Char('0')).toStdString());
    spec->set_domain("default");
    spec->set_vcpus(1 + std::uint32_t(n % 4));
    spec->set_memory_mib(64);
    const QByteArray frame = net::encode(request);
    socket.send(zmq::const_buffer(frame.constData(), size_t(frame.size())), zmq::send_flags::none);
}

std::optional<proto::OpsReply> receive(zmq::socket_t &socket, int timeoutMs)
{
    zmq::pollitem_t item{socket.handle(), 0, ZMQ_POLLIN, 0};
    if (zmq::poll(&item, 1, std::chrono::milliseconds(timeoutMs)) <= 0)
        return std::nullopt;
    zmq::message_t message;
    if (!socket.recv(message, zmq::recv_flags::none))
        return std::nullopt;
    proto::OpsReply reply;
    if (!reply.ParseFromArray(message.data(), int(message.size())))
        return std::nullopt;
    return reply;
}

} // namespace

class TestOpsdDurability : public QObject
{
    Q_OBJECT

private slots:
    void losesNoAcknowledgedChangeOnKill9();
};

void TestOpsdDurability::losesNoAcknowledgedChangeOnKill9()
{
    QTemporaryDir work;
    QVERIFY(work.isValid());
    const QString dir = work.filePath(QStringLiteral("ops"));

    auto ops = std::make_unique<TestOps>(dir);
    QVERIFY2(ops->start(), qPrintable(ops->process().output()));

    QSet<QString> acknowledged;
    int sent = 0;
    int refused = 0;
    {
        zmq::socket_t socket(net::context(), zmq::socket_type::dealer);
        socket.set(zmq::sockopt::linger, 0);
        socket.connect(ops->endpoint().toStdString());
        for (; sent < kInFlight; ++sent)
            sendCreate(socket, sent);
        bool killed = false;
        while (sent < kBurst) {
            auto reply = receive(socket, killed ? 500 : 30000);
            if (!reply) {
                QVERIFY2(killed, "vdc-opsd stopped answering before it was killed");
                break; // killed, and everything that was still on its way is lost
            }
            const int n = int(reply->request_id()) - 1;
            if (reply->error().code() == proto::ERROR_NONE) {
                QCOMPARE(reply->partition().spec().name(),
                         QStringLiteral("p%1").arg(n, 6, 10, QLatin1Char('0')).toStdString());
                acknowledged.insert(QString::fromStdString(reply->partition().spec().name()));
            } else {
                ++refused;
            }
            if (!killed && acknowledged.size() >= kKillAfter) {
                // Mid-burst: kInFlight creates are on their way or being committed.
                ops->process().kill();
                killed = true;
                continue;
            }
            if (!killed)
                sendCreate(socket, sent++);
        }
    }
    QCOMPARE(refused, 0);
    QVERIFY(acknowledged.size() >= kKillAfter);
    qInfo("%d creates sent, %lld acknowledged before the kill", sent, qlonglong(acknowledged.size()));

    // The same database, a new process.
    ops = std::make_unique<TestOps>(dir);
    QVERIFY2(ops->start(), qPrintable(ops->process().output()));
    OpsApiClient api(ops->endpoint());
    proto::OpsRequest list;
    list.mutable_list_partitions();
    const auto partitions = api.call(list);
    QVERIFY(partitions);
    QSet<QString> stored;
    for (const auto &p : partitions->partitions().partitions())
        stored.insert(QString::fromStdString(p.spec().name()));
    for (const auto &name : std::as_const(acknowledged))
        QVERIFY2(stored.contains(name), qPrintable(QStringLiteral("acknowledged create of %1 was lost").arg(name)));
    // Whatever else is there was among the creates in flight.
    QVERIFY(stored.size() >= acknowledged.size());
    QVERIFY(stored.size() <= sent);

    // Each stored create has its audit event, written in the same transaction.
    proto::OpsRequest audit;
    audit.mutable_query_audit()->set_action("partition.create");
    audit.mutable_query_audit()->set_limit(100000);
    const auto events = api.call(audit);
    QVERIFY(events);
    QSet<QString> audited;
    for (const auto &e : events->audit().events())
        if (e.result() == "ok")
            audited.insert(QString::fromStdString(e.object()).section(QLatin1Char('/'), 1));
    QCOMPARE(audited, stored);

    // And it keeps working: a change after the restart is stored.
    const auto again = api.createPartition(QStringLiteral("after-restart"), 1, 64);
    QVERIFY(again && again->error().code() == proto::ERROR_NONE);
    ops->process().terminate();
}

QTEST_GUILESS_MAIN(TestOpsdDurability)
#include "tst_opsd_durability.moc"
