#pragma once

#include "core/result.h"

#include <QString>

#include <memory>
#include <optional>

namespace vdc::net {
class ZmqSocket;
}

namespace vdc::ctl {

// A blocking client of the ops API for command-line use: one DEALER, one
// request at a time, each reply matched by request_id.
class OpsClient
{
public:
    explicit OpsClient(QString endpoint);
    ~OpsClient();

    Result<void> connect();

    // Sends the request and waits at most timeoutMs for its reply. nullopt:
    // no answer in time. An OpsReply carrying an error is still a reply.
    Result<std::optional<proto::OpsReply>> call(proto::OpsRequest request, int timeoutMs);

    QString endpoint() const { return m_endpoint; }

private:
    QString m_endpoint;
    std::unique_ptr<net::ZmqSocket> m_socket;
    quint64 m_nextRequestId = 1;
};

} // namespace vdc::ctl
