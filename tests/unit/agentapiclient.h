#pragma once

// A DEALER client of vdc-agent's API for the agent tests: real socket,
// replies collected as they arrive.
#include "core/version.h"
#include "net/envelope.h"
#include "net/zmqsocket.h"

#include <QTest>

#include <optional>

namespace vdc::agent::testing {

class AgentApiClient
{
public:
    explicit AgentApiClient(const QString &endpoint)
        : m_socket(zmq::socket_type::dealer)
    {
        m_connected = m_socket.connect(endpoint).ok();
        QObject::connect(&m_socket, &net::ZmqSocket::messageReceived,
                         [this](const net::Frames &frames) { m_received.append(frames); });
    }

    bool connected() const { return m_connected; }
    bool sendFrames(const net::Frames &frames) { return m_socket.send(frames).ok(); }

    bool send(proto::AgentRequest request)
    {
        if (request.protocol_version() == 0)
            request.set_protocol_version(kProtocolVersion);
        return sendFrames({net::encode(request)});
    }

    // The next reply, decoded; nullopt when none arrives within timeoutMs or
    // it is not a single decodable frame.
    std::optional<proto::AgentReply> next(int timeoutMs = 10000)
    {
        if (!QTest::qWaitFor([this] { return !m_received.isEmpty(); }, timeoutMs))
            return std::nullopt;
        const net::Frames frames = m_received.takeFirst();
        if (frames.size() != 1)
            return std::nullopt;
        auto reply = net::decode<proto::AgentReply>(frames.front(), "agent reply");
        if (!reply)
            return std::nullopt;
        return *reply;
    }

    std::optional<proto::AgentReply> call(const proto::AgentRequest &request, int timeoutMs = 10000)
    {
        if (!send(request))
            return std::nullopt;
        return next(timeoutMs);
    }

    static proto::AgentRequest define(std::uint64_t id, const char *name, std::uint32_t vcpus = 2,
                                      std::uint64_t memoryMib = 256)
    {
        proto::AgentRequest r;
        r.set_request_id(id);
        auto *spec = r.mutable_define()->mutable_spec();
        spec->set_name(name);
        spec->set_domain("default");
        spec->set_vcpus(vcpus);
        spec->set_memory_mib(memoryMib);
        spec->set_boot("network");
        return r;
    }

    static proto::AgentRequest inventory(std::uint64_t id)
    {
        proto::AgentRequest r;
        r.set_request_id(id);
        r.mutable_inventory();
        return r;
    }

    // start/stop/undefine by name in domain "default":
    // byName(7, "web1", &proto::AgentRequest::mutable_start).
    static proto::AgentRequest byName(std::uint64_t id, const char *name,
                                      proto::PartitionRef *(proto::AgentRequest::*which)())
    {
        proto::AgentRequest r;
        r.set_request_id(id);
        auto *ref = (r.*which)();
        ref->set_name(name);
        ref->set_domain("default");
        return r;
    }

    static QString errorText(const std::optional<proto::AgentReply> &reply)
    {
        return reply ? QString::fromStdString(reply->error().message()) : QStringLiteral("no reply");
    }

private:
    net::ZmqSocket m_socket;
    QList<net::Frames> m_received;
    bool m_connected = false;
};

} // namespace vdc::agent::testing
