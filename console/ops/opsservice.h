#pragma once

#include "core/result.h"

#include <QObject>
#include <QString>

#include <cstdint>
#include <memory>

namespace vdc::ops {

class OpsEngine;
class OpsServer;

// The operations service in one object: the operations database, the engine
// and its API server. vdc-opsd runs one; the console embeds one and talks to
// it over inproc:// endpoints (the same process-wide ZeroMQ context,
// vdc::net::context()), so GUI and command line use the same API.
class OpsService : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QString databasePath;     // SQLite file; created if missing
        QString listenEndpoint;   // ROUTER for OpsRequest ("tcp://127.0.0.1:*", "inproc://vdc-ops")
        QString publishEndpoint;  // PUB for StateDelta and StatsUpdate
        std::uint32_t statsRetentionS = 900; // seconds of statistics history kept (1 to a week)
    };

    // Opens the database, loads the state, reconnects to every host and binds
    // both endpoints. Fails with a sentence naming what went wrong.
    static Result<std::unique_ptr<OpsService>> start(const Options &options, QObject *parent = nullptr);
    ~OpsService() override;

    // The endpoints as bound (tcp://127.0.0.1:* comes back with the port).
    QString listenEndpoint() const;
    QString publishEndpoint() const;

    OpsEngine &engine();

private:
    OpsService(QObject *parent);

    std::unique_ptr<OpsEngine> m_engine;
    std::unique_ptr<OpsServer> m_server; // after the engine: goes first
};

} // namespace vdc::ops
