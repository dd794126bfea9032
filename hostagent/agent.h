#pragma once

#include "agentoptions.h"
#include "core/result.h"

#include <QObject>

#include <memory>

namespace vdc::agent {

class AgentService;
class BootstrapStore;
class ChannelClient;
class MigrationController;
class PartitionController;
class StatsBuffer;

// One vdc-agent: the bootstrap store, the channel to the monitor, the
// partition life cycle and the ZeroMQ service, wired together.
class Agent : public QObject
{
    Q_OBJECT
public:
    explicit Agent(AgentOptions options, QObject *parent = nullptr);
    ~Agent() override;

    // Opens the store, binds the sockets, writes the endpoint file and starts
    // looking for the monitor (which may come later).
    Result<void> start();

    const AgentOptions &options() const { return m_options; }
    AgentService *service() const { return m_service.get(); }
    PartitionController *controller() const { return m_controller.get(); }
    MigrationController *migrations() const { return m_migrations.get(); }
    StatsBuffer *stats() const { return m_stats.get(); }

private:
    AgentOptions m_options;
    std::unique_ptr<BootstrapStore> m_store;
    std::unique_ptr<ChannelClient> m_channel;
    std::unique_ptr<PartitionController> m_controller;
    std::unique_ptr<MigrationController> m_migrations;
    std::unique_ptr<StatsBuffer> m_stats;
    std::unique_ptr<AgentService> m_service;
};

} // namespace vdc::agent
