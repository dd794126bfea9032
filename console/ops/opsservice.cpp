#include "opsservice.h"

#include "opsdatabase.h"
#include "opsengine.h"
#include "opsserver.h"
#include "statsarchive.h"

namespace vdc::ops {

OpsService::OpsService(QObject *parent)
    : QObject(parent)
{
}

OpsService::~OpsService() = default;

Result<std::unique_ptr<OpsService>> OpsService::start(const Options &options, QObject *parent)
{
    if (options.listenEndpoint.isEmpty() || options.publishEndpoint.isEmpty())
        return Error(proto::ERROR_INVALID_ARGUMENT,
                     QStringLiteral("The operations service needs both a listen and a publish endpoint."));
    auto database = OpsDatabase::open(options.databasePath);
    if (!database)
        return database.error();

    std::unique_ptr<OpsService> service(new OpsService(parent));
    service->m_engine = std::make_unique<OpsEngine>(std::move(database).value());
    if (auto r = service->m_engine->stats().setRetention(options.statsRetentionS); !r)
        return r.error();
    service->m_server = std::make_unique<OpsServer>(*service->m_engine);
    // Bind first: a service that cannot listen should not reach out to hosts.
    if (auto r = service->m_server->listen(options.listenEndpoint, options.publishEndpoint); !r)
        return r.error();
    service->m_engine->setPublishEndpoint(service->m_server->publishEndpoint());
    if (auto r = service->m_engine->load(); !r)
        return r.error();
    return service;
}

QString OpsService::listenEndpoint() const
{
    return m_server->listenEndpoint();
}

QString OpsService::publishEndpoint() const
{
    return m_server->publishEndpoint();
}

OpsEngine &OpsService::engine()
{
    return *m_engine;
}

} // namespace vdc::ops
