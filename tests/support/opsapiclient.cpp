#include "opsapiclient.h"

#include "core/version.h"
#include "net/envelope.h"
#include "net/zmqsocket.h"

#include <zmq.hpp>

namespace vdc::testing {

OpsApiClient::OpsApiClient(const QString &endpoint)
    : m_socket(std::make_unique<zmq::socket_t>(net::context(), zmq::socket_type::dealer))
{
    m_socket->set(zmq::sockopt::linger, 0);
    m_socket->connect(endpoint.toStdString());
}

OpsApiClient::~OpsApiClient() = default;

std::optional<proto::OpsReply> OpsApiClient::callRaw(const QByteArray &frame, int timeoutMs)
{
    m_socket->send(zmq::const_buffer(frame.constData(), size_t(frame.size())), zmq::send_flags::none);
    zmq::pollitem_t item{m_socket->handle(), 0, ZMQ_POLLIN, 0};
    if (zmq::poll(&item, 1, std::chrono::milliseconds(timeoutMs)) <= 0)
        return std::nullopt;
    zmq::message_t message;
    if (!m_socket->recv(message, zmq::recv_flags::none))
        return std::nullopt;
    while (message.more()) { // a well-formed reply is one frame; drain extras
        zmq::message_t extra;
        (void)m_socket->recv(extra, zmq::recv_flags::none);
        if (!extra.more())
            break;
    }
    proto::OpsReply reply;
    if (!reply.ParseFromArray(message.data(), int(message.size())))
        return std::nullopt;
    return reply;
}

std::optional<proto::OpsReply> OpsApiClient::call(proto::OpsRequest request, int timeoutMs)
{
    const auto id = m_nextRequestId++;
    request.set_protocol_version(kProtocolVersion);
    request.set_request_id(id);
    if (request.user().empty())
        request.set_user("integration-test");
    const QByteArray frame = net::encode(request);
    m_socket->send(zmq::const_buffer(frame.constData(), size_t(frame.size())), zmq::send_flags::none);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    while (std::chrono::steady_clock::now() < deadline) {
        zmq::pollitem_t item{m_socket->handle(), 0, ZMQ_POLLIN, 0};
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (zmq::poll(&item, 1, std::max(left, std::chrono::milliseconds(1))) <= 0)
            continue;
        zmq::message_t message;
        if (!m_socket->recv(message, zmq::recv_flags::none))
            continue;
        proto::OpsReply reply;
        if (reply.ParseFromArray(message.data(), int(message.size())) && reply.request_id() == id)
            return reply;
    }
    return std::nullopt;
}

std::optional<proto::OpsReply> OpsApiClient::addHost(const QString &name, const QString &agentEndpoint)
{
    proto::OpsRequest request;
    request.mutable_add_host()->set_name(name.toStdString());
    request.mutable_add_host()->set_agent_endpoint(agentEndpoint.toStdString());
    return call(request);
}

std::optional<proto::OpsReply> OpsApiClient::createPartition(const QString &name, unsigned vcpus, unsigned memoryMib,
                                                             const QString &domain)
{
    proto::OpsRequest request;
    auto *spec = request.mutable_create_partition()->mutable_spec();
    spec->set_name(name.toStdString());
    spec->set_domain(domain.toStdString());
    spec->set_vcpus(vcpus);
    spec->set_memory_mib(memoryMib);
    spec->set_boot("network");
    return call(request);
}

static proto::OpsRequest partitionRequest(const QString &name, const QString &domain)
{
    proto::OpsRequest request;
    proto::PartitionRef ref;
    ref.set_name(name.toStdString());
    ref.set_domain(domain.toStdString());
    *request.mutable_show_partition() = ref;
    return request;
}

std::optional<proto::OpsReply> OpsApiClient::startPartition(const QString &name, const QString &domain)
{
    proto::OpsRequest request;
    *request.mutable_start_partition() = partitionRequest(name, domain).show_partition();
    return call(request);
}

std::optional<proto::OpsReply> OpsApiClient::stopPartition(const QString &name, const QString &domain)
{
    proto::OpsRequest request;
    *request.mutable_stop_partition() = partitionRequest(name, domain).show_partition();
    return call(request);
}

std::optional<proto::OpsReply> OpsApiClient::showPartition(const QString &name, const QString &domain)
{
    return call(partitionRequest(name, domain));
}

std::optional<proto::OpsReply> OpsApiClient::listHosts()
{
    proto::OpsRequest request;
    request.mutable_list_hosts();
    return call(request);
}

} // namespace vdc::testing
