#include "statesender.h"

#include "logging.h"

#include "core/version.h"
#include "net/envelope.h"

namespace vdc::agent {

StateSender::StateSender(QString migrationId, QString partitionUuid, QString partitionName, QString path,
                         QString targetHost, QObject *parent)
    : QObject(parent)
    , m_migrationId(std::move(migrationId))
    , m_uuid(std::move(partitionUuid))
    , m_name(std::move(partitionName))
    , m_path(std::move(path))
    , m_target(std::move(targetHost))
    , m_file(m_path)
{
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        fail(Error(proto::ERROR_UNAVAILABLE,
                   QStringLiteral("The agent of host %1 did not answer the state transfer of partition %2 in time.")
                       .arg(m_target, m_name)));
    });
}

StateSender::~StateSender() = default;

Result<void> StateSender::start(const QString &targetAgentEndpoint)
{
    if (!m_file.open(QIODevice::ReadOnly))
        return Error(proto::ERROR_STORAGE, QStringLiteral("Cannot read the saved state of partition %1 (%2): %3.")
                                               .arg(m_name, m_path, m_file.errorString()));
    m_total = std::uint64_t(m_file.size());
    if (m_total == 0)
        return Error(proto::ERROR_STORAGE,
                     QStringLiteral("The saved state of partition %1 (%2) is empty.").arg(m_name, m_path));
    auto dealer = std::make_unique<net::ZmqSocket>(zmq::socket_type::dealer);
    if (auto connected = dealer->connect(targetAgentEndpoint); !connected)
        return connected;
    connect(dealer.get(), &net::ZmqSocket::messageReceived, this, &StateSender::onReply);
    m_dealer = std::move(dealer);
    m_clock.start();
    qCInfo(lcAgentApi).noquote() << "sending the state of partition" << m_name << "(" << m_total << "bytes) to host"
                                 << m_target;
    fill();
    return {};
}

void StateSender::abort()
{
    m_done = true;
    m_timeout.stop();
    m_dealer.reset();
    m_file.close();
}

std::uint64_t StateSender::rate() const
{
    const qint64 ms = m_clock.isValid() ? m_clock.elapsed() : 0;
    return ms > 0 ? m_acknowledged * 1000 / std::uint64_t(ms) : 0;
}

void StateSender::fill()
{
    while (!m_done && m_inFlight.size() < std::size_t(kWindow) && m_nextOffset < m_total) {
        const std::uint64_t offset = m_nextOffset;
        if (auto sent = sendChunk(offset, 1); !sent)
            return fail(sent.error());
        m_nextOffset = std::min(m_total, offset + kChunkBytes);
    }
    if (!m_done && m_inFlight.empty() && m_nextOffset >= m_total && m_finishRequest == 0)
        sendFinish();
}

Result<void> StateSender::sendChunk(std::uint64_t offset, int attempt)
{
    const std::uint64_t size = std::min(kChunkBytes, m_total - offset);
    QByteArray data(qsizetype(size), Qt::Uninitialized);
    if (!m_file.seek(qint64(offset)) || m_file.read(data.data(), qint64(size)) != qint64(size))
        return Error(proto::ERROR_STORAGE, QStringLiteral("Cannot read the saved state of partition %1 (%2): %3.")
                                               .arg(m_name, m_path, m_file.errorString()));
    if (offset == m_nextOffset) // each byte enters the whole-file hash once, in order
        m_hash.addData(data);
    proto::AgentRequest request;
    request.set_protocol_version(kProtocolVersion);
    const std::uint64_t id = m_nextRequest++;
    request.set_request_id(id);
    proto::StateChunk *chunk = request.mutable_state_chunk();
    chunk->set_migration_id(m_migrationId.toStdString());
    chunk->set_partition_uuid(m_uuid.toStdString());
    chunk->set_offset(offset);
    chunk->set_data(data.constData(), std::size_t(data.size()));
    const QByteArray digest = QCryptographicHash::hash(data, QCryptographicHash::Sha256);
    chunk->set_sha256(digest.constData(), std::size_t(digest.size()));
    chunk->set_total_size(m_total);
    if (auto sent = m_dealer->send({net::encode(request)}); !sent)
        return Error(proto::ERROR_UNAVAILABLE, QStringLiteral("Cannot send the state of partition %1 to host %2: %3")
                                                   .arg(m_name, m_target, sent.error().message()));
    m_inFlight[id] = InFlight{offset, attempt};
    m_timeout.start(kChunkTimeoutMs);
    return {};
}

void StateSender::sendFinish()
{
    proto::AgentRequest request;
    request.set_protocol_version(kProtocolVersion);
    m_finishRequest = m_nextRequest++;
    request.set_request_id(m_finishRequest);
    proto::FinishStateTransfer *finish = request.mutable_finish_state_transfer();
    finish->set_migration_id(m_migrationId.toStdString());
    finish->set_partition_uuid(m_uuid.toStdString());
    finish->set_total_size(m_total);
    const QByteArray digest = m_hash.result();
    finish->set_sha256(digest.constData(), std::size_t(digest.size()));
    if (auto sent = m_dealer->send({net::encode(request)}); !sent)
        return fail(Error(proto::ERROR_UNAVAILABLE, QStringLiteral("Cannot send the state of partition %1 to host %2: %3")
                                                        .arg(m_name, m_target, sent.error().message())));
    m_timeout.start(kFinishTimeoutMs);
    emit restoring();
}

void StateSender::onReply(const net::Frames &frames)
{
    if (m_done || frames.size() != 1)
        return;
    auto reply = net::decode<proto::AgentReply>(frames.front(), "agent reply");
    if (!reply) {
        qCWarning(lcAgentApi).noquote() << "dropped a reply of host" << m_target << ":" << reply.error().message();
        return;
    }
    const std::uint64_t id = reply->request_id();
    if (id == m_finishRequest && m_finishRequest != 0) {
        m_done = true;
        m_timeout.stop();
        if (reply->error().code() != proto::ERROR_NONE)
            emit finished(Error::fromProto(reply->error()));
        else
            emit finished(reply->partition());
        return;
    }
    const auto it = m_inFlight.find(id);
    if (it == m_inFlight.end())
        return; // answer to a chunk already sent again
    const InFlight chunk = it->second;
    m_inFlight.erase(it);
    if (reply->error().code() == proto::ERROR_MALFORMED && chunk.attempts < kAttempts) {
        qCWarning(lcAgentApi).noquote() << "host" << m_target << "refused the chunk at offset" << chunk.offset
                                        << "of partition" << m_name << "; sending it again";
        if (auto sent = sendChunk(chunk.offset, chunk.attempts + 1); !sent)
            fail(sent.error());
        return;
    }
    if (reply->error().code() != proto::ERROR_NONE)
        return fail(Error(reply->error().code(),
                          QStringLiteral("Host %1 refused the state of partition %2: %3")
                              .arg(m_target, m_name, QString::fromStdString(reply->error().message()))));
    m_acknowledged = std::max<std::uint64_t>(m_acknowledged, reply->chunk_ack().received_bytes());
    emit progressed(m_acknowledged, m_total);
    m_timeout.start(kChunkTimeoutMs);
    fill();
}

void StateSender::fail(const Error &error)
{
    if (m_done)
        return;
    m_done = true;
    m_timeout.stop();
    qCWarning(lcAgentApi).noquote() << error.message();
    emit finished(error);
}

} // namespace vdc::agent
