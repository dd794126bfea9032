#pragma once

#include "core/result.h"

#include "vdc.pb.h"

#include <QFile>
#include <QString>

#include <cstdint>

namespace vdc::agent {

// The target's end of an offline migration's state transfer: writes the
// chunks of one saved state file, in order, to `path`, refusing any chunk
// whose SHA-256 does not match its data (nothing of it is written), that
// leaves a gap, or that does not belong to this migration. finish() checks
// the size and the SHA-256 of the whole file as it is on disk.
class StateReceiver
{
public:
    static constexpr std::uint64_t kMaxChunkBytes = 1024 * 1024;

    // `maxBytes`: the largest state file accepted for this partition.
    StateReceiver(QString migrationId, QString partitionUuid, QString partitionName, QString path,
                  std::uint64_t maxBytes);
    ~StateReceiver();
    StateReceiver(const StateReceiver &) = delete;
    StateReceiver &operator=(const StateReceiver &) = delete;

    Result<proto::StateChunkAck> accept(const proto::StateChunk &chunk);
    Result<void> finish(const proto::FinishStateTransfer &finish);
    // Deletes what was received.
    void discard();

    const QString &path() const { return m_path; }
    std::uint64_t receivedBytes() const { return m_received; }
    std::uint64_t totalBytes() const { return m_total; }

private:
    Result<void> open();

    QString m_migrationId;
    QString m_uuid;
    QString m_name;
    QString m_path;
    std::uint64_t m_maxBytes = 0;
    QFile m_file;
    std::uint64_t m_received = 0; // verified and written up to here
    std::uint64_t m_total = 0;    // announced by the first chunk
};

} // namespace vdc::agent
