#include "agentlink.h"

#include "core/version.h"
#include "net/envelope.h"

#include <QLoggingCategory>
#include <QRegularExpression>

#include <algorithm>

Q_LOGGING_CATEGORY(lcAgentLink, "vdc.ops.agentlink", QtWarningMsg)

namespace vdc::ops {

namespace {

QString durationText(int ms)
{
    if (ms % 1000 == 0)
        return QStringLiteral("%1 s").arg(ms / 1000);
    return QStringLiteral("%1 ms").arg(ms);
}

} // namespace

AgentLink::AgentLink(QString hostName, QString agentEndpoint, QObject *parent)
    : QObject(parent)
    , m_hostName(std::move(hostName))
    , m_agentEndpoint(std::move(agentEndpoint))
{
    m_retryTimer.setInterval(50);
    connect(&m_retryTimer, &QTimer::timeout, this, &AgentLink::flushUnsent);
    connect(&m_livenessTimer, &QTimer::timeout, this, &AgentLink::onLivenessTick);
}

AgentLink::~AgentLink()
{
    // Handlers may point into objects that are going away with us; drop them
    // without calling.
    m_pending.clear();
}

Result<void> AgentLink::open()
{
    m_dealer = std::make_unique<net::ZmqSocket>(zmq::socket_type::dealer);
    // Queue only to a connected agent: a command must not reach an agent
    // that comes up long after the request timed out.
    m_dealer->raw().set(zmq::sockopt::immediate, 1);
    if (auto r = m_dealer->connect(m_agentEndpoint); !r)
        return Error(proto::ERROR_INVALID_ARGUMENT, QStringLiteral("Cannot use the agent endpoint %1 of host %2: %3")
                                                        .arg(m_agentEndpoint, m_hostName, r.error().message()));
    connect(m_dealer.get(), &net::ZmqSocket::messageReceived, this, &AgentLink::onReply);
    return {};
}

void AgentLink::setTimeouts(int inventoryMs, int operationMs)
{
    m_inventoryTimeoutMs = inventoryMs;
    m_operationTimeoutMs = operationMs;
}

void AgentLink::setHeartbeatTiming(int intervalMs, int liveness)
{
    m_heartbeatIntervalMs = intervalMs;
    m_livenessMax = liveness;
    if (m_livenessTimer.isActive())
        m_livenessTimer.start(m_heartbeatIntervalMs);
}

void AgentLink::send(proto::AgentRequest request, int timeoutMs, ReplyHandler handler)
{
    const quint64 id = m_nextRequestId++;
    request.set_protocol_version(kProtocolVersion);
    request.set_request_id(id);

    Pending pending;
    pending.handler = std::move(handler);
    pending.frame = net::encode(request);
    pending.timeoutMs = timeoutMs;
    pending.timer = std::make_unique<QTimer>();
    pending.timer->setSingleShot(true);
    connect(pending.timer.get(), &QTimer::timeout, this, [this, id] {
        const auto it = m_pending.find(id);
        if (it == m_pending.end())
            return;
        const int ms = it->second.timeoutMs;
        finish(id, Error(proto::ERROR_UNAVAILABLE,
                         QStringLiteral("The host %1 did not answer within %2; is its vdc-agent running at %3?")
                             .arg(m_hostName, durationText(ms), m_agentEndpoint)));
    });
    pending.timer->start(timeoutMs);
    m_pending.emplace(id, std::move(pending));

    if (!m_dealer) {
        finish(id, Error(proto::ERROR_INTERNAL, QStringLiteral("The link to host %1 is not open.").arg(m_hostName)));
        return;
    }
    flushUnsent();
}

void AgentLink::flushUnsent()
{
    bool waiting = false;
    for (auto &[id, pending] : m_pending) {
        if (pending.sent)
            continue;
        if (m_dealer->send({pending.frame}))
            pending.sent = true;
        else
            waiting = true; // no connection yet; try again shortly
    }
    if (waiting && !m_retryTimer.isActive())
        m_retryTimer.start();
    else if (!waiting)
        m_retryTimer.stop();
}

void AgentLink::requestInventory(ReplyHandler handler)
{
    proto::AgentRequest request;
    request.mutable_inventory();
    send(std::move(request), m_inventoryTimeoutMs, std::move(handler));
}

void AgentLink::define(const proto::PartitionSpec &spec, ReplyHandler handler)
{
    proto::AgentRequest request;
    *request.mutable_define()->mutable_spec() = spec;
    send(std::move(request), m_operationTimeoutMs, std::move(handler));
}

void AgentLink::start(const proto::PartitionRef &partition, ReplyHandler handler)
{
    proto::AgentRequest request;
    *request.mutable_start() = partition;
    send(std::move(request), m_operationTimeoutMs, std::move(handler));
}

void AgentLink::setCpuShares(const proto::PartitionRef &partition, std::uint32_t cpuShares, ReplyHandler handler)
{
    proto::AgentRequest request;
    *request.mutable_set_cpu_shares()->mutable_partition() = partition;
    request.mutable_set_cpu_shares()->set_cpu_shares(cpuShares);
    send(std::move(request), m_operationTimeoutMs, std::move(handler));
}

void AgentLink::stop(const proto::PartitionRef &partition, ReplyHandler handler)
{
    proto::AgentRequest request;
    *request.mutable_stop() = partition;
    send(std::move(request), m_operationTimeoutMs, std::move(handler));
}

void AgentLink::undefine(const proto::PartitionRef &partition, ReplyHandler handler)
{
    proto::AgentRequest request;
    *request.mutable_undefine() = partition;
    send(std::move(request), m_operationTimeoutMs, std::move(handler));
}

void AgentLink::cancelPending(const Error &error)
{
    QList<quint64> ids;
    for (const auto &entry : m_pending)
        ids.append(entry.first);
    for (const auto id : ids)
        finish(id, error);
}

void AgentLink::finish(quint64 requestId, Result<proto::AgentReply> result)
{
    const auto it = m_pending.find(requestId);
    if (it == m_pending.end())
        return;
    ReplyHandler handler = std::move(it->second.handler);
    m_pending.erase(it);
    if (std::none_of(m_pending.cbegin(), m_pending.cend(), [](const auto &e) { return !e.second.sent; }))
        m_retryTimer.stop();
    // Last: the handler may start new requests.
    if (handler)
        handler(std::move(result));
}

void AgentLink::onReply(const net::Frames &frames)
{
    // The agent's ROUTER sends one payload frame; an empty delimiter in front
    // of it (REQ-style peers) is tolerated.
    if (frames.isEmpty())
        return;
    const QByteArray &payload = frames.last();
    auto reply = net::decode<proto::AgentReply>(payload, "AgentReply");
    if (!reply) {
        proto::AgentReply raw;
        if (reply.error().code() == proto::ERROR_UNSUPPORTED_VERSION && raw.ParseFromArray(payload.constData(), int(payload.size()))) {
            finish(raw.request_id(), reply.error());
            return;
        }
        qCWarning(lcAgentLink).noquote() << "host" << m_hostName << "sent a reply that cannot be used:" << reply.error().message();
        return;
    }
    const quint64 id = reply->request_id();
    if (m_pending.find(id) == m_pending.end()) {
        qCInfo(lcAgentLink).noquote() << "host" << m_hostName << "answered request" << id << "after it timed out; ignored";
        return;
    }
    if (reply->has_error() && reply->error().code() != proto::ERROR_NONE) {
        finish(id, Error::fromProto(reply->error()));
        return;
    }
    finish(id, std::move(reply).value());
}

QString AgentLink::resolvePublishEndpoint(const QString &endpoint) const
{
    static const QRegularExpression wildcard(QStringLiteral("^tcp://(0\\.0\\.0\\.0|\\*|\\[::\\]|\\[\\*\\]):(\\d+)$"));
    static const QRegularExpression agentHost(QStringLiteral("^tcp://(.+):(\\d+|\\*)$"));
    const auto w = wildcard.match(endpoint);
    if (!w.hasMatch())
        return endpoint;
    const auto a = agentHost.match(m_agentEndpoint);
    if (!a.hasMatch())
        return endpoint;
    return QStringLiteral("tcp://%1:%2").arg(a.captured(1), w.captured(2));
}

Result<void> AgentLink::followHeartbeats(const QString &publishEndpoint)
{
    if (publishEndpoint.isEmpty())
        return Error(proto::ERROR_INVALID_ARGUMENT,
                     QStringLiteral("Host %1 did not say where it publishes heartbeats; update its vdc-agent.").arg(m_hostName));
    const QString endpoint = resolvePublishEndpoint(publishEndpoint);
    if (!m_sub || endpoint != m_publishEndpoint) {
        auto sub = std::make_unique<net::ZmqSocket>(zmq::socket_type::sub);
        sub->subscribe(QByteArrayLiteral("hb"));
        sub->subscribe(QByteArrayLiteral("migration"));
        if (auto r = sub->connect(endpoint); !r)
            return Error(proto::ERROR_INVALID_ARGUMENT, QStringLiteral("Cannot follow the heartbeats of host %1 at %2: %3")
                                                            .arg(m_hostName, endpoint, r.error().message()));
        connect(sub.get(), &net::ZmqSocket::messageReceived, this, &AgentLink::onHeartbeat);
        m_sub = std::move(sub);
        m_publishEndpoint = endpoint;
    }
    // An answer from the agent is proof of life: count from full liveness.
    m_liveness = m_livenessMax;
    m_heardSinceTick = false;
    if (!m_livenessTimer.isActive())
        m_livenessTimer.start(m_heartbeatIntervalMs);
    m_alive = true; // the caller has the answer in hand; no signal
    return {};
}

void AgentLink::onHeartbeat(const net::Frames &frames)
{
    if (frames.size() == 2 && frames.at(0) == QByteArrayLiteral("migration")) {
        // The event has no envelope of its own: the agent publishes it bare.
        proto::MigrationProgress progress;
        if (!progress.ParseFromArray(frames.at(1).constData(), int(frames.at(1).size()))) {
            qCWarning(lcAgentLink).noquote() << "host" << m_hostName << "published a migration event that does not decode";
            return;
        }
        emit migrationProgressReceived(progress);
        return;
    }
    if (frames.size() != 2 || frames.at(0) != QByteArrayLiteral("hb")) {
        qCWarning(lcAgentLink).noquote() << "host" << m_hostName << "published a message that is not a heartbeat";
        return;
    }
    auto heartbeat = net::decode<proto::Heartbeat>(frames.at(1), "Heartbeat");
    if (!heartbeat) {
        qCWarning(lcAgentLink).noquote() << "host" << m_hostName << ":" << heartbeat.error().message();
        return;
    }
    m_liveness = m_livenessMax;
    m_heardSinceTick = true;
    if (!m_alive) {
        m_alive = true;
        emit aliveChanged(true);
    }
    for (const proto::HostSample &sample : heartbeat->stats()) {
        proto::HostSample named = sample;
        named.set_host(m_hostName.toStdString()); // the engine's name for the host, whatever the agent calls itself
        emit statsReceived(named);
    }
    emit heartbeatReceived(heartbeat->inventory());
}

void AgentLink::onLivenessTick()
{
    if (m_heardSinceTick) {
        m_heardSinceTick = false;
        return;
    }
    if (m_liveness > 0)
        --m_liveness;
    if (m_liveness == 0 && m_alive) {
        m_alive = false;
        qCWarning(lcAgentLink).noquote() << "host" << m_hostName << "sent no heartbeat for"
                                         << durationText(m_heartbeatIntervalMs * m_livenessMax);
        emit aliveChanged(false);
    }
}

} // namespace vdc::ops
