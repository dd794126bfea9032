#include "agent.h"

#include "agentservice.h"
#include "bootstrapstore.h"
#include "channelclient.h"
#include "migrationcontroller.h"
#include "partitioncontroller.h"
#include "statsbuffer.h"

namespace vdc::agent {

Agent::Agent(AgentOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
{
}

Agent::~Agent()
{
    // The service holds a reference to the controller, the controller to the
    // channel and the store: tear down in that order.
    m_service.reset();
    m_stats.reset();
    m_migrations.reset();
    m_controller.reset();
    m_channel.reset();
    m_store.reset();
}

Result<void> Agent::start()
{
    if (m_options.stateDir.isEmpty())
        m_options.stateDir = AgentOptions::defaultStateDir(m_options.store);
    auto store = BootstrapStore::open(m_options.store);
    if (!store)
        return store.error();
    m_store = std::move(store.value());
    m_channel = std::make_unique<ChannelClient>(m_options.channel);
    m_controller = std::make_unique<PartitionController>(m_options.hostName, *m_store, *m_channel);
    m_migrations = std::make_unique<MigrationController>(m_options.hostName, m_options.stateDir, *m_store, *m_controller);
    if (auto r = m_migrations->start(); !r)
        return r;
    m_stats = std::make_unique<StatsBuffer>(m_options.hostName, *m_channel);
    m_service = std::make_unique<AgentService>(*m_controller, *m_migrations);
    m_service->setStatsBuffer(m_stats.get());
    if (auto r = m_service->listen(m_options.listen, m_options.publish); !r)
        return r;
    if (!m_options.endpointFile.isEmpty())
        if (auto r = m_service->writeEndpointFile(m_options.endpointFile); !r)
            return r;
    // From the event loop, so the caller can announce the endpoints first.
    QMetaObject::invokeMethod(m_channel.get(), &ChannelClient::start, Qt::QueuedConnection);
    return {};
}

} // namespace vdc::agent
