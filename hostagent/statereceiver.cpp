#include "statereceiver.h"

#include "logging.h"

#include <QCryptographicHash>
#include <QFileInfo>

#include <unistd.h>

namespace vdc::agent {

namespace {

QByteArray fromStd(const std::string &bytes)
{
    return QByteArray(bytes.data(), qsizetype(bytes.size()));
}

} // namespace

StateReceiver::StateReceiver(QString migrationId, QString partitionUuid, QString partitionName, QString path,
                             std::uint64_t maxBytes)
    : m_migrationId(std::move(migrationId))
    , m_uuid(std::move(partitionUuid))
    , m_name(std::move(partitionName))
    , m_path(std::move(path))
    , m_maxBytes(maxBytes)
    , m_file(m_path)
{
}

StateReceiver::~StateReceiver() = default;

Result<void> StateReceiver::open()
{
    if (m_file.isOpen())
        return {};
    if (!m_file.open(QIODevice::ReadWrite | QIODevice::Truncate))
        return Error(proto::ERROR_STORAGE, QStringLiteral("Cannot write the state of partition %1 to %2: %3.")
                                               .arg(m_name, m_path, m_file.errorString()));
    m_file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return {};
}

Result<proto::StateChunkAck> StateReceiver::accept(const proto::StateChunk &chunk)
{
    const QByteArray data = fromStd(chunk.data());
    if (QString::fromStdString(chunk.migration_id()) != m_migrationId)
        return Error(proto::ERROR_FAILED_PRECONDITION,
                     QStringLiteral("The chunk belongs to migration %1; partition %2 is reserved here for migration %3.")
                         .arg(QString::fromStdString(chunk.migration_id()), m_name, m_migrationId));
    if (std::uint64_t(data.size()) > kMaxChunkBytes || data.isEmpty())
        return Error(proto::ERROR_INVALID_ARGUMENT,
                     QStringLiteral("A state chunk of partition %1 holds %2 bytes; chunks hold 1 byte to 1 MiB.")
                         .arg(m_name)
                         .arg(data.size()));
    if (QCryptographicHash::hash(data, QCryptographicHash::Sha256) != fromStd(chunk.sha256()))
        return Error(proto::ERROR_MALFORMED,
                     QStringLiteral("The state chunk of partition %1 at offset %2 (%3 bytes) does not match its SHA-256; "
                                    "it was damaged on the way and is refused. Send it again.")
                         .arg(m_name)
                         .arg(chunk.offset())
                         .arg(data.size()));
    if (chunk.total_size() == 0 || chunk.total_size() > m_maxBytes)
        return Error(proto::ERROR_INVALID_ARGUMENT,
                     QStringLiteral("The state of partition %1 is announced as %2 bytes; this host takes up to %3.")
                         .arg(m_name)
                         .arg(chunk.total_size())
                         .arg(m_maxBytes));
    if (m_total != 0 && chunk.total_size() != m_total)
        return Error(proto::ERROR_INVALID_ARGUMENT,
                     QStringLiteral("The state of partition %1 was announced as %2 bytes, now as %3.")
                         .arg(m_name)
                         .arg(m_total)
                         .arg(chunk.total_size()));
    if (chunk.offset() > m_received)
        return Error(proto::ERROR_FAILED_PRECONDITION,
                     QStringLiteral("The state chunk of partition %1 starts at offset %2, but only %3 bytes have "
                                    "arrived; send the chunks in order.")
                         .arg(m_name)
                         .arg(chunk.offset())
                         .arg(m_received));
    if (chunk.offset() + std::uint64_t(data.size()) > chunk.total_size())
        return Error(proto::ERROR_INVALID_ARGUMENT,
                     QStringLiteral("The state chunk of partition %1 at offset %2 runs past the announced end (%3 bytes).")
                         .arg(m_name)
                         .arg(chunk.offset())
                         .arg(chunk.total_size()));
    if (auto opened = open(); !opened)
        return opened.error();
    m_total = chunk.total_size();
    if (!m_file.seek(qint64(chunk.offset())) || m_file.write(data) != data.size())
        return Error(proto::ERROR_STORAGE, QStringLiteral("Cannot write the state of partition %1 to %2: %3.")
                                               .arg(m_name, m_path, m_file.errorString()));
    m_received = std::max(m_received, chunk.offset() + std::uint64_t(data.size()));
    proto::StateChunkAck ack;
    ack.set_received_bytes(m_received);
    return ack;
}

Result<void> StateReceiver::finish(const proto::FinishStateTransfer &finish)
{
    if (finish.total_size() != m_total || m_received != m_total || m_total == 0)
        return Error(proto::ERROR_FAILED_PRECONDITION,
                     QStringLiteral("The state of partition %1 is incomplete: %2 of %3 bytes arrived.")
                         .arg(m_name)
                         .arg(m_received)
                         .arg(finish.total_size()));
    if (!m_file.flush() || ::fsync(m_file.handle()) != 0)
        return Error(proto::ERROR_STORAGE, QStringLiteral("Cannot write the state of partition %1 to %2: %3.")
                                               .arg(m_name, m_path, m_file.errorString()));
    // What is on disk is what gets restored: hash that, not what went by.
    QCryptographicHash hash(QCryptographicHash::Sha256);
    if (!m_file.seek(0) || !hash.addData(&m_file))
        return Error(proto::ERROR_STORAGE, QStringLiteral("Cannot read back the state of partition %1 from %2: %3.")
                                               .arg(m_name, m_path, m_file.errorString()));
    if (hash.result() != fromStd(finish.sha256())) {
        discard();
        return Error(proto::ERROR_MALFORMED,
                     QStringLiteral("The state of partition %1 (%2 bytes) does not match the SHA-256 the source sent; "
                                    "it is refused and deleted.")
                         .arg(m_name)
                         .arg(m_total));
    }
    m_file.close();
    qCInfo(lcAgentApi).noquote() << "received the state of partition" << m_name << "(" << m_total << "bytes) in" << m_path;
    return {};
}

void StateReceiver::discard()
{
    m_file.close();
    QFile::remove(m_path);
    m_received = 0;
    m_total = 0;
}

} // namespace vdc::agent
