#pragma once

#include "vdc.pb.h"

#include <QString>

#include <memory>
#include <optional>

namespace zmq { class socket_t; }

namespace vdc::testing {

// A blocking client of the operations API (DEALER -> vdc-opsd ROUTER), for
// integration tests and benchmarks: one request, one reply.
class OpsApiClient
{
public:
    explicit OpsApiClient(const QString &endpoint);
    ~OpsApiClient();

    // Fills protocol_version and request_id, sends, waits for the matching
    // reply. nullopt on time-out.
    std::optional<proto::OpsReply> call(proto::OpsRequest request, int timeoutMs = 60000);

    // Sends raw bytes as one frame and waits for any reply (bad-input tests).
    std::optional<proto::OpsReply> callRaw(const QByteArray &frame, int timeoutMs = 10000);

    // Short forms.
    std::optional<proto::OpsReply> addHost(const QString &name, const QString &agentEndpoint);
    std::optional<proto::OpsReply> createPartition(const QString &name, unsigned vcpus, unsigned memoryMib,
                                                   const QString &domain = QStringLiteral("default"));
    std::optional<proto::OpsReply> startPartition(const QString &name, const QString &domain = QStringLiteral("default"));
    std::optional<proto::OpsReply> stopPartition(const QString &name, const QString &domain = QStringLiteral("default"));
    std::optional<proto::OpsReply> showPartition(const QString &name, const QString &domain = QStringLiteral("default"));
    std::optional<proto::OpsReply> listHosts();

private:
    std::unique_ptr<zmq::socket_t> m_socket;
    std::uint64_t m_nextRequestId = 1;
};

} // namespace vdc::testing
