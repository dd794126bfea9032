#pragma once

#include "core/result.h"
#include "net/zmqsocket.h"

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QTimer>

#include <memory>

namespace vdc::agent {

// Watches another agent's heartbeats (its PUB socket, topic "hb", one a
// second) while this agent depends on it, as in the Paranoid Pirate pattern:
// silent for interval x liveness (3 s) means gone. A source agent watches
// the target agent during a migration, so that a migration to a host whose
// agent died (and that nobody would adopt there) is cancelled and the
// partition keeps running at the source.
class PeerWatch : public QObject
{
    Q_OBJECT
public:
    static constexpr int kIntervalMs = 1000;
    static constexpr int kLiveness = 3;

    explicit PeerWatch(QString peerName, QObject *parent = nullptr);
    ~PeerWatch() override;

    // Subscribes to `publishEndpoint`; the clock starts now.
    Result<void> watch(const QString &publishEndpoint);
    void setSilenceLimit(int milliseconds) { m_silenceLimitMs = milliseconds; }
    int silenceLimit() const { return m_silenceLimitMs; }
    const QString &peerName() const { return m_peerName; }

signals:
    // Once: no heartbeat for the silence limit.
    void silent(int milliseconds);

private:
    void check();

    QString m_peerName;
    std::unique_ptr<net::ZmqSocket> m_subscriber;
    QTimer m_timer;
    QElapsedTimer m_sinceHeard;
    int m_silenceLimitMs = kIntervalMs * kLiveness;
    bool m_reported = false;
};

} // namespace vdc::agent
