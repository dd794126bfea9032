#pragma once

#include "core/result.h"
#include "net/zmqsocket.h"

#include "vdc.pb.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QObject>
#include <QString>
#include <QTimer>

#include <cstdint>
#include <map>
#include <memory>

namespace vdc::agent {

// The source's end of an offline migration's state transfer: sends one
// saved state file to the target agent (a DEALER to its ROUTER) as
// StateChunk requests of kChunkBytes, each with the SHA-256 of its data, at
// most kWindow unanswered at a time. A chunk the target refuses as damaged
// is sent again (up to kAttempts times); then FinishStateTransfer carries the
// whole file's SHA-256, and the target verifies it and restores the
// partition before it answers. finished() reports the target's answer (the
// partition now running there) or why the transfer failed.
class StateSender : public QObject
{
    Q_OBJECT
public:
    static constexpr std::uint64_t kChunkBytes = 256 * 1024;
    static constexpr int kWindow = 4;
    static constexpr int kAttempts = 3;
    static constexpr int kChunkTimeoutMs = 30000;
    static constexpr int kFinishTimeoutMs = 300000; // the target restores before it answers

    StateSender(QString migrationId, QString partitionUuid, QString partitionName, QString path, QString targetHost,
                QObject *parent = nullptr);
    ~StateSender() override;

    Result<void> start(const QString &targetAgentEndpoint);
    // Stops sending; finished() is not emitted.
    void abort();

    std::uint64_t totalBytes() const { return m_total; }
    std::uint64_t acknowledgedBytes() const { return m_acknowledged; }
    // Bytes per second acknowledged since the start.
    std::uint64_t rate() const;

signals:
    void progressed(quint64 acknowledgedBytes, quint64 totalBytes);
    void restoring(); // every chunk arrived; the target checks and restores
    void finished(const vdc::Result<vdc::proto::Partition> &result);

private:
    struct InFlight
    {
        std::uint64_t offset = 0;
        int attempts = 0;
    };

    void fill();
    Result<void> sendChunk(std::uint64_t offset, int attempt);
    void sendFinish();
    void onReply(const net::Frames &frames);
    void fail(const Error &error);

    QString m_migrationId;
    QString m_uuid;
    QString m_name;
    QString m_path;
    QString m_target;
    QFile m_file;
    std::unique_ptr<net::ZmqSocket> m_dealer;
    QCryptographicHash m_hash{QCryptographicHash::Sha256};
    std::uint64_t m_total = 0;
    std::uint64_t m_nextOffset = 0;   // next chunk not sent yet (also how far the whole-file hash got)
    std::uint64_t m_acknowledged = 0;
    std::map<std::uint64_t, InFlight> m_inFlight; // by request id
    std::uint64_t m_nextRequest = 1;
    std::uint64_t m_finishRequest = 0;
    QTimer m_timeout;
    QElapsedTimer m_clock;
    bool m_done = false;
};

} // namespace vdc::agent
