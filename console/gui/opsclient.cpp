#include "opsclient.h"

#include "core/version.h"
#include "net/envelope.h"
#include "statestore.h"

#include <QLoggingCategory>
#include <QRegularExpression>

#include <google/protobuf/descriptor.h>

#include <algorithm>
#include <initializer_list>
#include <utility>

Q_LOGGING_CATEGORY(lcClient, "vdc.gui.client", QtWarningMsg)

namespace vdc::gui {

namespace {

const QByteArray kStateTopic = QByteArrayLiteral("state");
const QByteArray kStatsTopic = QByteArrayLiteral("stats");
// More deltas than this while waiting for a snapshot: the snapshot will hold
// them all anyway, so stop keeping them.
constexpr qsizetype kMaxBufferedDeltas = 10000;

QString qs(const std::string &s) { return QString::fromStdString(s); }

proto::OpsReply errorReply(quint64 requestId, proto::ErrorCode code, const QString &message)
{
    proto::OpsReply reply;
    reply.set_protocol_version(kProtocolVersion);
    reply.set_request_id(requestId);
    reply.mutable_error()->set_code(code);
    reply.mutable_error()->set_message(message.toStdString());
    return reply;
}

} // namespace

OpsClient::OpsClient(StateStore *store, QObject *parent)
    : OpsClient(store, Options(), parent)
{
}

OpsClient::OpsClient(StateStore *store, const Options &options, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_options(options)
{
    if (m_options.user.isEmpty())
        m_options.user = qEnvironmentVariable("USER", QStringLiteral("console"));
    m_options.liveness = std::max(1, m_options.liveness);
    m_ticker.setInterval(m_options.pingIntervalMs);
    connect(&m_ticker, &QTimer::timeout, this, &OpsClient::tick);
}

OpsClient::~OpsClient()
{
    // Handlers may refer to objects that are going away with us; nobody is
    // told about requests that die with the client.
    m_pending.clear();
}

int OpsClient::silentSeconds() const
{
    return m_lastHeard.isValid() ? int(m_lastHeard.elapsed() / 1000) : 0;
}

Result<void> OpsClient::connectTo(const QString &endpoint)
{
    if (endpoint.trimmed().isEmpty())
        return Error(proto::ERROR_INVALID_ARGUMENT, tr("The endpoint is empty; give one such as tcp://host:5555."));
    m_endpoint = endpoint.trimmed();
    m_attempt = 0;
    m_backoffMs = m_options.reconnectIntervalMs;
    m_serverName.clear();
    if (auto opened = openSockets(); !opened) {
        closeSockets(opened.error().message());
        m_ticker.stop();
        setState(ConnectionState::Disconnected);
        return opened;
    }
    setState(ConnectionState::Connecting);
    sendHello();
    m_ticker.start();
    return {};
}

void OpsClient::disconnectFromEngine()
{
    m_ticker.stop();
    closeSockets(tr("The console disconnected from %1 before the engine answered.").arg(m_endpoint));
    setState(ConnectionState::Disconnected);
}

void OpsClient::setState(ConnectionState state)
{
    if (state == m_state)
        return;
    qCInfo(lcClient) << "connection to" << m_endpoint << "is now" << state;
    m_state = state;
    emit connectionStateChanged(state);
}

Result<void> OpsClient::openSockets()
{
    closeSockets(tr("The connection to %1 was reset before the engine answered.").arg(m_endpoint));
    m_dealer = new net::ZmqSocket(zmq::socket_type::dealer, this);
    connect(m_dealer, &net::ZmqSocket::messageReceived, this, &OpsClient::onReplyMessage);
    m_lastHeard.start();
    m_attemptStarted.start();
    return m_dealer->connect(m_endpoint);
}

void OpsClient::closeSockets(const QString &reason)
{
    // Answers to hellos and snapshots asked on the old sockets are moot.
    ++m_generation;
    retire(m_dealer);
    retire(m_sub);
    m_publishEndpoint.clear();
    m_synced = false;
    m_snapshotPending = false;
    m_snapshotWanted = false;
    m_buffered.clear();
    m_lastStreamSequence = 0;
    failAllPending(reason);
}

void OpsClient::retire(net::ZmqSocket *&socket)
{
    if (!socket)
        return;
    // The socket may be delivering the message we are handling right now.
    socket->setNotificationsEnabled(false);
    QObject::disconnect(socket, nullptr, this, nullptr);
    socket->deleteLater();
    socket = nullptr;
}

void OpsClient::sendHello()
{
    proto::OpsRequest hello;
    hello.mutable_hello();
    // A ping that is not answered within the liveness window is moot: the
    // ticker declares the engine gone by then.
    request(
        std::move(hello), this,
        [this, generation = m_generation](const proto::OpsReply &reply) {
            if (generation == m_generation)
                onHelloReply(reply);
        },
        m_options.pingIntervalMs * m_options.liveness);
}

void OpsClient::onHelloReply(const proto::OpsReply &reply)
{
    if (reply.error().code() != proto::ERROR_NONE || !reply.has_hello())
        return; // time-outs are the ticker's business
    m_serverName = qs(reply.hello().server());
    const QString publish = resolvePublishEndpoint(qs(reply.hello().publish_endpoint()));
    if (publish.isEmpty()) {
        qCWarning(lcClient) << "the engine at" << m_endpoint << "does not say where it publishes its state";
        return;
    }
    if (!m_sub || publish != m_publishEndpoint)
        subscribeState(publish);
    else if (!m_synced && !m_snapshotPending)
        requestSnapshot();
}

void OpsClient::subscribeState(const QString &publishEndpoint)
{
    retire(m_sub);
    m_lastStreamSequence = 0;
    m_sub = new net::ZmqSocket(zmq::socket_type::sub, this);
    connect(m_sub, &net::ZmqSocket::messageReceived, this, &OpsClient::onStateMessage);
    // Subscribe before asking for the snapshot so no delta after it is missed
    // (those that arrive early are buffered and sorted out by sequence).
    m_sub->subscribe(kStateTopic);
    m_sub->subscribe(kStatsTopic);
    if (auto connected = m_sub->connect(publishEndpoint); !connected) {
        qCWarning(lcClient) << connected.error().message();
        retire(m_sub);
        return;
    }
    // An inproc pipe starts with its reader counted as awake, so the first
    // delta raises no ZMQ_FD edge; one look at the socket arms it.
    m_sub->setNotificationsEnabled(true);
    m_publishEndpoint = publishEndpoint;
    requestSnapshot();
}

void OpsClient::requestSnapshot()
{
    m_synced = false;
    if (m_snapshotPending || !m_sub)
        return;
    m_snapshotPending = true;
    m_snapshotWanted = false;
    proto::OpsRequest get;
    get.mutable_get_snapshot();
    request(std::move(get), this, [this, generation = m_generation](const proto::OpsReply &reply) {
        if (generation == m_generation)
            onSnapshotReply(reply);
    });
}

void OpsClient::onSnapshotReply(const proto::OpsReply &reply)
{
    m_snapshotPending = false;
    if (reply.error().code() != proto::ERROR_NONE || !reply.has_snapshot()) {
        qCWarning(lcClient) << "no snapshot from" << m_endpoint << ":" << qs(reply.error().message());
        m_snapshotWanted = true;
        return;
    }
    m_store->applySnapshot(reply.snapshot());
    m_synced = true;
    applyBufferedDeltas();
    if (!m_synced)
        return; // the buffer had a gap; another snapshot is on its way
    m_attempt = 0;
    m_backoffMs = m_options.reconnectIntervalMs;
    setState(ConnectionState::Connected);
    emit snapshotApplied();
}

void OpsClient::applyBufferedDeltas()
{
    std::stable_sort(m_buffered.begin(), m_buffered.end(),
                     [](const proto::StateDelta &a, const proto::StateDelta &b) { return a.sequence() < b.sequence(); });
    while (!m_buffered.isEmpty()) {
        const proto::StateDelta delta = m_buffered.takeFirst();
        if (m_store->applyDelta(delta) == StateStore::DeltaResult::Gap) {
            m_buffered.prepend(delta);
            requestSnapshot();
            return;
        }
    }
}

void OpsClient::onStateMessage(const net::Frames &frames)
{
    m_lastHeard.start();
    if (!frames.isEmpty() && frames.first() == kStatsTopic) {
        onStatsMessage(frames);
        return;
    }
    if (frames.size() != 2 || frames.first() != kStateTopic) {
        qCWarning(lcClient) << "ignoring a state message with" << frames.size() << "frames";
        return;
    }
    auto decoded = net::decode<proto::StateDelta>(frames.at(1), "state delta");
    if (!decoded) {
        qCWarning(lcClient) << decoded.error().message();
        return;
    }
    const proto::StateDelta &delta = decoded.value();
    qCDebug(lcClient) << "state delta" << delta.sequence() << "synced" << m_synced;

    // One publisher sends its sequence in order; a step back on the stream
    // means the engine restarted with a new history.
    const bool restarted = m_lastStreamSequence != 0 && delta.sequence() <= m_lastStreamSequence;
    m_lastStreamSequence = delta.sequence();
    if (restarted) {
        qCInfo(lcClient) << "state sequence went back to" << delta.sequence() << "; taking a new snapshot";
        m_buffered = {delta};
        requestSnapshot();
        return;
    }

    if (!m_synced) {
        if (m_buffered.size() >= kMaxBufferedDeltas)
            m_buffered.clear();
        m_buffered.append(delta);
        return;
    }
    if (m_store->applyDelta(delta) == StateStore::DeltaResult::Gap) {
        m_buffered = {delta};
        requestSnapshot();
    }
}

void OpsClient::onStatsMessage(const net::Frames &frames)
{
    // Statistics are not state: a bad frame costs one second of figures.
    if (frames.size() != 2) {
        qCWarning(lcClient) << "ignoring a stats message with" << frames.size() << "frames";
        return;
    }
    auto decoded = net::decode<proto::StatsUpdate>(frames.at(1), "stats update");
    if (!decoded) {
        qCWarning(lcClient) << decoded.error().message();
        return;
    }
    emit statsUpdated(decoded.value());
}

void OpsClient::onReplyMessage(const net::Frames &frames)
{
    m_lastHeard.start();
    if (frames.isEmpty())
        return;
    // The engine's ROUTER sends one frame after the identity; a DEALER sees
    // just that frame.
    auto decoded = net::decode<proto::OpsReply>(frames.last(), "operations reply");
    if (!decoded) {
        qCWarning(lcClient) << decoded.error().message();
        return;
    }
    const auto it = m_pending.find(decoded->request_id());
    if (it == m_pending.end()) {
        qCDebug(lcClient) << "late reply to request" << decoded->request_id();
        return;
    }
    Pending pending = it.value();
    m_pending.erase(it);
    deliver(std::move(pending), decoded.value());
}

void OpsClient::tick()
{
    const qint64 silentMs = m_lastHeard.isValid() ? m_lastHeard.elapsed() : 0;
    const qint64 livenessMs = qint64(m_options.pingIntervalMs) * m_options.liveness;

    switch (m_state) {
    case ConnectionState::Disconnected:
        return;
    case ConnectionState::Connecting:
    case ConnectionState::Connected:
        if (silentMs > livenessMs) {
            failAllPending(tr("The operations engine at %1 stopped answering.").arg(m_endpoint));
            m_synced = false;
            m_attemptStarted.start();
            setState(m_state == ConnectionState::Connected ? ConnectionState::Lost : ConnectionState::Reconnecting);
            return;
        }
        sendHello();
        // A lost ZMQ_FD edge must not stall the state stream for good.
        if (m_sub)
            m_sub->setNotificationsEnabled(true);
        if (m_snapshotWanted && !m_snapshotPending)
            requestSnapshot();
        return;
    case ConnectionState::Lost:
    case ConnectionState::Reconnecting:
        // An answer to a ping sent before the loss brings us back without
        // new sockets.
        if (silentMs <= livenessMs && m_sub && !m_synced && !m_snapshotPending) {
            requestSnapshot();
            return;
        }
        if (m_attemptStarted.elapsed() < m_backoffMs) {
            sendHello();
            return;
        }
        // New sockets: a DEALER whose inproc peer went away never finds the
        // next one, and anything queued for the old engine is moot.
        ++m_attempt;
        m_backoffMs = std::min(m_backoffMs * 2, m_options.maxReconnectIntervalMs);
        if (auto opened = openSockets(); !opened)
            qCWarning(lcClient) << opened.error().message();
        setState(ConnectionState::Reconnecting);
        sendHello();
        return;
    }
}

void OpsClient::request(proto::OpsRequest request, QObject *context, ReplyHandler handler, int timeoutMs)
{
    const quint64 id = ++m_nextRequestId;
    request.set_protocol_version(kProtocolVersion);
    request.set_request_id(id);
    request.set_user(m_options.user.toStdString());

    Pending pending{context, context != nullptr, std::move(handler)};
    if (!m_dealer) {
        deliver(std::move(pending),
                errorReply(id, proto::ERROR_UNAVAILABLE, tr("The console is not connected to an operations engine.")));
        return;
    }
    if (auto sent = m_dealer->send({net::encode(request)}); !sent) {
        deliver(std::move(pending),
                errorReply(id, proto::ERROR_UNAVAILABLE,
                           tr("The request could not be sent to the operations engine at %1: %2")
                               .arg(m_endpoint, sent.error().message())));
        return;
    }
    m_pending.insert(id, std::move(pending));
    QTimer::singleShot(timeoutMs > 0 ? timeoutMs : m_options.requestTimeoutMs, this, [this, id] { expire(id); });
}

void OpsClient::expire(quint64 requestId)
{
    const auto it = m_pending.find(requestId);
    if (it == m_pending.end())
        return;
    Pending pending = it.value();
    m_pending.erase(it);
    deliver(std::move(pending),
            errorReply(requestId, proto::ERROR_UNAVAILABLE,
                       tr("The operations engine at %1 did not answer in time.").arg(m_endpoint)));
}

void OpsClient::failAllPending(const QString &reason)
{
    const auto pending = std::exchange(m_pending, {});
    for (auto it = pending.cbegin(); it != pending.cend(); ++it)
        deliver(it.value(), errorReply(it.key(), proto::ERROR_UNAVAILABLE, reason));
}

void OpsClient::deliver(Pending pending, const proto::OpsReply &reply)
{
    // Always from the event loop, never from inside request() or a socket
    // callback, so handlers may send requests or reconnect freely.
    QMetaObject::invokeMethod(
        this,
        [pending = std::move(pending), reply] {
            if (pending.hasContext && !pending.context)
                return;
            if (pending.handler)
                pending.handler(reply);
        },
        Qt::QueuedConnection);
}

QString OpsClient::resolvePublishEndpoint(const QString &published) const
{
    // An engine bound on every interface reports tcp://0.0.0.0:port (or
    // tcp://*:port); reach it at the address we already talk to.
    static const QRegularExpression anyHost(QStringLiteral("^tcp://(?:0\\.0\\.0\\.0|\\*|\\[::\\]):(\\d+)$"));
    static const QRegularExpression tcpHost(QStringLiteral("^tcp://(.+):(\\d+|\\*)$"));
    const auto any = anyHost.match(published);
    const auto ours = tcpHost.match(m_endpoint);
    if (any.hasMatch() && ours.hasMatch())
        return QStringLiteral("tcp://%1:%2").arg(ours.captured(1), any.captured(1));
    return published;
}

void OpsClient::addHost(const QString &name, const QString &agentEndpoint, const QString &zone, QObject *context,
                        ReplyHandler handler)
{
    proto::OpsRequest r;
    auto *add = r.mutable_add_host();
    add->set_name(name.toStdString());
    add->set_agent_endpoint(agentEndpoint.toStdString());
    add->set_zone(zone.toStdString());
    request(std::move(r), context, std::move(handler));
}

void OpsClient::createDomain(const QString &name, const QString &description, QObject *context, ReplyHandler handler)
{
    proto::OpsRequest r;
    auto *domain = r.mutable_create_domain()->mutable_domain();
    domain->set_name(name.toStdString());
    domain->set_description(description.toStdString());
    request(std::move(r), context, std::move(handler));
}

void OpsClient::createPartition(const proto::PartitionSpec &spec, QObject *context, ReplyHandler handler)
{
    proto::OpsRequest r;
    *r.mutable_create_partition()->mutable_spec() = spec;
    request(std::move(r), context, std::move(handler));
}

void OpsClient::startPartition(const QString &uuid, QObject *context, ReplyHandler handler)
{
    proto::OpsRequest r;
    r.mutable_start_partition()->set_uuid(uuid.toStdString());
    request(std::move(r), context, std::move(handler));
}

void OpsClient::stopPartition(const QString &uuid, QObject *context, ReplyHandler handler)
{
    proto::OpsRequest r;
    r.mutable_stop_partition()->set_uuid(uuid.toStdString());
    request(std::move(r), context, std::move(handler));
}

void OpsClient::deletePartition(const QString &uuid, QObject *context, ReplyHandler handler)
{
    proto::OpsRequest r;
    r.mutable_delete_partition()->set_uuid(uuid.toStdString());
    request(std::move(r), context, std::move(handler));
}

void OpsClient::migratePartition(const QString &uuid, const QString &targetHost, QObject *context, ReplyHandler handler)
{
    proto::OpsRequest r;
    proto::MigratePartition *migrate = r.mutable_migrate_partition();
    migrate->mutable_partition()->set_uuid(uuid.toStdString());
    migrate->set_target_host(targetHost.toStdString());
    // The console follows progress on the state stream; the reply only says
    // whether the migration started.
    migrate->set_detach(true);
    request(std::move(r), context, std::move(handler));
}

void OpsClient::cancelMigration(const QString &uuid, QObject *context, ReplyHandler handler)
{
    proto::OpsRequest r;
    r.mutable_cancel_migration()->mutable_partition()->set_uuid(uuid.toStdString());
    request(std::move(r), context, std::move(handler));
}

void OpsClient::cancelPolicyTransition(const QString &domain, QObject *context, ReplyHandler handler)
{
    proto::OpsRequest r;
    r.mutable_cancel_policy_transition()->set_domain(domain.toStdString());
    request(std::move(r), context, std::move(handler));
}

void OpsClient::setHostZone(const QString &host, const QString &zone, QObject *context, ReplyHandler handler)
{
    proto::OpsRequest r;
    r.mutable_update_host()->set_name(host.toStdString());
    r.mutable_update_host()->set_zone(zone.toStdString());
    request(std::move(r), context, std::move(handler));
}

void OpsClient::createZone(const QString &name, QObject *context, ReplyHandler handler)
{
    proto::OpsRequest r;
    r.mutable_create_zone()->mutable_zone()->set_name(name.toStdString());
    request(std::move(r), context, std::move(handler));
}

void OpsClient::renameZone(const QString &name, const QString &newName, QObject *context, ReplyHandler handler)
{
    proto::OpsRequest r;
    r.mutable_update_zone()->set_name(name.toStdString());
    r.mutable_update_zone()->set_new_name(newName.toStdString());
    request(std::move(r), context, std::move(handler));
}

void OpsClient::deleteZone(const QString &name, QObject *context, ReplyHandler handler)
{
    proto::OpsRequest r;
    r.mutable_delete_zone()->set_name(name.toStdString());
    request(std::move(r), context, std::move(handler));
}

} // namespace vdc::gui
