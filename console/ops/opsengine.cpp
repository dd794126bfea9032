#include "opsengine.h"

#include "agentlink.h"
#include "core/version.h"
#include "model/validation.h"
#include "placement.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QRegularExpression>

#include <algorithm>
#include <tuple>

Q_LOGGING_CATEGORY(lcOpsEngine, "vdc.ops.engine", QtWarningMsg)

namespace vdc::ops {

namespace {

QString str(const std::string &s) { return QString::fromStdString(s); }

proto::OpsReply errorReply(const Error &error)
{
    proto::OpsReply reply;
    *reply.mutable_error() = error.toProto();
    return reply;
}

QString partitionObject(const proto::PartitionSpec &spec)
{
    return QStringLiteral("partition %1/%2").arg(str(spec.domain()), str(spec.name()));
}

QString refObject(const proto::PartitionRef &ref)
{
    if (!ref.uuid().empty() && ref.name().empty())
        return QStringLiteral("partition %1").arg(str(ref.uuid()));
    return QStringLiteral("partition %1/%2")
        .arg(ref.domain().empty() ? QStringLiteral("default") : str(ref.domain()), str(ref.name()));
}

bool occupiesHost(proto::PartitionState state)
{
    return state == proto::PARTITION_STATE_RUNNING || state == proto::PARTITION_STATE_STARTING
        || state == proto::PARTITION_STATE_STOPPING || state == proto::PARTITION_STATE_PAUSED;
}

proto::PartitionRef refOf(const proto::PartitionSpec &spec)
{
    proto::PartitionRef ref;
    ref.set_uuid(spec.uuid());
    ref.set_name(spec.name());
    ref.set_domain(spec.domain());
    return ref;
}

// The host fields an operator watches; heartbeats that change none of them
// are not worth a delta.
bool sameVisibleHost(const proto::Host &a, const proto::Host &b)
{
    return a.state() == b.state() && a.zone() == b.zone() && a.publish_endpoint() == b.publish_endpoint()
        && a.hypervisor_uri() == b.hypervisor_uri() && a.generation() == b.generation()
        && a.cores_total() == b.cores_total() && a.cores_reserved() == b.cores_reserved()
        && a.cores_free() == b.cores_free() && a.memory_total_mib() == b.memory_total_mib()
        && a.memory_reserved_mib() == b.memory_reserved_mib() && a.memory_free_mib() == b.memory_free_mib()
        && a.partitions_running() == b.partitions_running() && a.last_error() == b.last_error();
}

bool sameAssignment(const proto::ResourceAssignment &a, const proto::ResourceAssignment &b)
{
    return a.SerializeAsString() == b.SerializeAsString();
}

} // namespace

OpsEngine::OpsEngine(std::unique_ptr<OpsDatabase> database, QObject *parent)
    : QObject(parent)
    , m_database(std::move(database))
    , m_sequence(quint64(QDateTime::currentMSecsSinceEpoch()) * 1000u)
{
}

OpsEngine::~OpsEngine()
{
    // Links go before the maps their handlers look into.
    for (auto &[name, entry] : m_hosts) {
        delete entry.link;
        entry.link = nullptr;
    }
}

Result<void> OpsEngine::load()
{
    auto domains = m_database->domains();
    if (!domains)
        return domains.error();
    for (const auto &d : *domains)
        m_domains[str(d.name())] = d;

    auto partitions = m_database->partitions();
    if (!partitions)
        return partitions.error();
    for (const auto &row : *partitions) {
        PartitionEntry entry;
        entry.partition = row.partition;
        entry.desired = row.desiredState;
        const auto state = entry.partition.state();
        const bool interrupted = state == proto::PARTITION_STATE_STARTING || state == proto::PARTITION_STATE_STOPPING;
        const QString uuid = str(entry.partition.spec().uuid());
        m_partitions[uuid] = entry;
        if (interrupted) {
            // Whatever the agent did meanwhile, its next report corrects this.
            auto &stored = m_partitions[uuid];
            stored.partition.set_state(proto::PARTITION_STATE_FAILED);
            stored.partition.set_last_error(
                QStringLiteral("The operations service stopped while partition %1 was %2 on host %3.")
                    .arg(str(entry.partition.spec().name()), model::partitionStateName(state), str(entry.partition.host()))
                    .toStdString());
            if (auto r = m_database->updatePartition({stored.partition, stored.desired}); !r)
                return r;
        }
    }

    auto hosts = m_database->hosts();
    if (!hosts)
        return hosts.error();
    for (const auto &row : *hosts) {
        HostEntry &entry = m_hosts[row.name];
        entry.host.set_name(row.name.toStdString());
        entry.host.set_agent_endpoint(row.agentEndpoint.toStdString());
        entry.host.set_zone(row.zone.toStdString());
        entry.host.set_state(proto::HOST_STATE_UNREACHABLE);
    }
    for (auto &[name, entry] : m_hosts) {
        updateRunningCount(name);
        connectHost(entry);
    }
    return {};
}

// ------------------------------------------------------------------ lookup

OpsEngine::HostEntry *OpsEngine::findHost(const QString &name)
{
    const auto it = m_hosts.find(name);
    return it == m_hosts.end() ? nullptr : &it->second;
}

OpsEngine::PartitionEntry *OpsEngine::findPartition(const QString &uuid)
{
    const auto it = m_partitions.find(uuid);
    return it == m_partitions.end() ? nullptr : &it->second;
}

Result<OpsEngine::PartitionEntry *> OpsEngine::lookup(const proto::PartitionRef &ref)
{
    if (!ref.uuid().empty()) {
        if (auto *entry = findPartition(str(ref.uuid())))
            return entry;
        return Error(proto::ERROR_NOT_FOUND, QStringLiteral("No partition has the UUID %1.").arg(str(ref.uuid())));
    }
    const QString domain = ref.domain().empty() ? QStringLiteral("default") : str(ref.domain());
    const QString name = str(ref.name());
    if (name.isEmpty())
        return Error(proto::ERROR_INVALID_ARGUMENT, QStringLiteral("Name the partition (or give its UUID)."));
    for (auto &[uuid, entry] : m_partitions)
        if (str(entry.partition.spec().name()) == name && str(entry.partition.spec().domain()) == domain)
            return &entry;
    if (m_domains.find(domain) == m_domains.end())
        return Error(proto::ERROR_NOT_FOUND, QStringLiteral("Domain %1 does not exist.").arg(domain));
    return Error(proto::ERROR_NOT_FOUND, QStringLiteral("Partition %1 does not exist in domain %2.").arg(name, domain));
}

QList<proto::Host> OpsEngine::hosts() const
{
    QList<proto::Host> list;
    for (const auto &[name, entry] : m_hosts)
        list.append(entry.host);
    return list;
}

std::optional<proto::Host> OpsEngine::host(const QString &name) const
{
    const auto it = m_hosts.find(name);
    if (it == m_hosts.end())
        return std::nullopt;
    return it->second.host;
}

QList<proto::Domain> OpsEngine::domains() const
{
    QList<proto::Domain> list;
    for (const auto &[name, domain] : m_domains)
        list.append(domain);
    return list;
}

QList<proto::Partition> OpsEngine::partitions(const QString &domain) const
{
    QList<proto::Partition> list;
    for (const auto &[uuid, entry] : m_partitions)
        if (domain.isEmpty() || str(entry.partition.spec().domain()) == domain)
            list.append(entry.partition);
    std::sort(list.begin(), list.end(), [](const proto::Partition &a, const proto::Partition &b) {
        return std::tie(a.spec().domain(), a.spec().name()) < std::tie(b.spec().domain(), b.spec().name());
    });
    return list;
}

Result<proto::Partition> OpsEngine::partition(const proto::PartitionRef &ref) const
{
    auto entry = const_cast<OpsEngine *>(this)->lookup(ref);
    if (!entry)
        return entry.error();
    return (*entry)->partition;
}

proto::StateSnapshot OpsEngine::snapshot() const
{
    proto::StateSnapshot snapshot;
    snapshot.set_sequence(m_sequence);
    for (const auto &h : hosts())
        *snapshot.add_hosts() = h;
    for (const auto &p : partitions())
        *snapshot.add_partitions() = p;
    for (const auto &d : domains())
        *snapshot.add_domains() = d;
    return snapshot;
}

// ------------------------------------------------------------------ dispatch

void OpsEngine::handle(const proto::OpsRequest &request, const ReplyHandler &done)
{
    const QString user = request.user().empty() ? QStringLiteral("unknown") : str(request.user());
    switch (request.body_case()) {
    case proto::OpsRequest::kHello: {
        proto::OpsReply reply;
        reply.mutable_hello()->set_server(QStringLiteral("vdc-opsd %1").arg(QLatin1String(kVersionString)).toStdString());
        reply.mutable_hello()->set_publish_endpoint(m_publishEndpoint.toStdString());
        done(reply);
        return;
    }
    case proto::OpsRequest::kAddHost:
        addHost(user, request.add_host(), done);
        return;
    case proto::OpsRequest::kRemoveHost:
        done(removeHost(user, str(request.remove_host().name())));
        return;
    case proto::OpsRequest::kListHosts: {
        proto::OpsReply reply;
        for (const auto &h : hosts())
            *reply.mutable_hosts()->add_hosts() = h;
        done(reply);
        return;
    }
    case proto::OpsRequest::kCreatePartition:
        done(createPartition(user, request.create_partition().spec()));
        return;
    case proto::OpsRequest::kStartPartition:
        startPartition(user, request.start_partition(), done);
        return;
    case proto::OpsRequest::kStopPartition:
        stopPartition(user, request.stop_partition(), done);
        return;
    case proto::OpsRequest::kListPartitions: {
        const QString domain = str(request.list_partitions().domain());
        if (!domain.isEmpty() && m_domains.find(domain) == m_domains.end()) {
            done(errorReply(Error(proto::ERROR_NOT_FOUND, QStringLiteral("Domain %1 does not exist.").arg(domain))));
            return;
        }
        proto::OpsReply reply;
        reply.mutable_partitions(); // an empty list is still a list
        for (const auto &p : partitions(domain))
            *reply.mutable_partitions()->add_partitions() = p;
        done(reply);
        return;
    }
    case proto::OpsRequest::kShowPartition: {
        auto p = partition(request.show_partition());
        if (!p) {
            done(errorReply(p.error()));
            return;
        }
        proto::OpsReply reply;
        *reply.mutable_partition() = *p;
        done(reply);
        return;
    }
    case proto::OpsRequest::kGetSnapshot: {
        proto::OpsReply reply;
        *reply.mutable_snapshot() = snapshot();
        done(reply);
        return;
    }
    case proto::OpsRequest::kCreateDomain:
        done(createDomain(user, request.create_domain().domain()));
        return;
    case proto::OpsRequest::kListDomains: {
        proto::OpsReply reply;
        reply.mutable_domains();
        for (const auto &d : domains())
            *reply.mutable_domains()->add_domains() = d;
        done(reply);
        return;
    }
    case proto::OpsRequest::kDeletePartition:
        deletePartition(user, request.delete_partition(), done);
        return;
    case proto::OpsRequest::kUpdateDomain:
    case proto::OpsRequest::kDeleteDomain:
    case proto::OpsRequest::kCreateZone:
    case proto::OpsRequest::kUpdateZone:
    case proto::OpsRequest::kDeleteZone:
    case proto::OpsRequest::kListZones:
    case proto::OpsRequest::kUpdateHost:
    case proto::OpsRequest::kUpdatePartition:
    case proto::OpsRequest::kStartPartitions:
    case proto::OpsRequest::kPutPolicySet:
    case proto::OpsRequest::kPutCalendarEntry:
    case proto::OpsRequest::kDeletePolicy:
    case proto::OpsRequest::kListPolicies:
    case proto::OpsRequest::kPreviewCalendar:
    case proto::OpsRequest::kQueryAudit:
    case proto::OpsRequest::kExportDomain:
    case proto::OpsRequest::kImportDomain:
    case proto::OpsRequest::BODY_NOT_SET:
        break;
    }
    done(errorReply(Error(proto::ERROR_INVALID_ARGUMENT,
                          QStringLiteral("The request carries no command this service knows; update the client or the "
                                         "operations service so that both speak the same protocol."))));
}

// ------------------------------------------------------------------ audit

AuditEvent OpsEngine::audit(const QString &user, const QString &action, const QString &object, const Error *error,
                            const QString &message) const
{
    AuditEvent event;
    event.time = QDateTime::currentDateTimeUtc();
    event.user = user;
    event.action = action;
    event.object = object;
    event.result = error ? error->codeName() : QStringLiteral("ok");
    event.message = error ? error->message() : message;
    return event;
}

void OpsEngine::recordRefusal(const QString &user, const QString &action, const QString &object, const Error &error)
{
    if (auto r = m_database->recordAudit(audit(user, action, object, &error, {})); !r)
        qCWarning(lcOpsEngine).noquote() << "cannot record the audit event:" << r.error().message();
}

// ------------------------------------------------------------------ publishing

void OpsEngine::publish(proto::StateDelta delta)
{
    delta.set_protocol_version(kProtocolVersion);
    delta.set_sequence(++m_sequence);
    emit stateChanged(delta);
}

void OpsEngine::publishHost(const proto::Host &host)
{
    proto::StateDelta delta;
    *delta.mutable_host_updated() = host;
    publish(std::move(delta));
}

void OpsEngine::publishPartition(const proto::Partition &partition)
{
    proto::StateDelta delta;
    *delta.mutable_partition_updated() = partition;
    publish(std::move(delta));
    updateRunningCount(str(partition.host()));
}

void OpsEngine::updateRunningCount(const QString &hostName)
{
    HostEntry *entry = findHost(hostName);
    if (!entry)
        return;
    std::uint32_t running = 0;
    for (const auto &[uuid, p] : m_partitions)
        if (str(p.partition.host()) == hostName
            && (p.partition.state() == proto::PARTITION_STATE_RUNNING || p.partition.state() == proto::PARTITION_STATE_PAUSED))
            ++running;
    if (entry->host.partitions_running() == running)
        return;
    entry->host.set_partitions_running(running);
    publishHost(entry->host);
}

Result<void> OpsEngine::storePartition(PartitionEntry &entry, const std::optional<AuditEvent> &auditEvent)
{
    if (auto r = m_database->updatePartition({entry.partition, entry.desired}, auditEvent); !r) {
        qCWarning(lcOpsEngine).noquote() << r.error().message();
        return r;
    }
    publishPartition(entry.partition);
    return {};
}

// ------------------------------------------------------------------ hosts

void OpsEngine::addHost(const QString &user, const proto::AddHost &request, const ReplyHandler &done)
{
    const QString name = str(request.name());
    const QString endpoint = str(request.agent_endpoint()).trimmed();
    const QString zone = str(request.zone());
    const QString object = QStringLiteral("host %1").arg(name);
    const QString action = QStringLiteral("host.add");

    auto refuse = [&](const Error &error) {
        recordRefusal(user, action, object, error);
        done(errorReply(error));
    };
    if (auto r = model::validateName(QStringLiteral("host name"), name); !r)
        return refuse(r.error());
    static const QRegularExpression endpointPattern(QStringLiteral("^(tcp://[^\\s]+:[0-9]+|ipc://[^\\s]+|inproc://[^\\s]+)$"));
    if (!endpointPattern.match(endpoint).hasMatch())
        return refuse(Error(proto::ERROR_INVALID_ARGUMENT,
                            QStringLiteral("The agent endpoint \"%1\" of host %2 is not a ZeroMQ endpoint; give it as "
                                           "tcp://ADDRESS:PORT (or ipc://PATH).")
                                .arg(endpoint, name)));
    if (!zone.isEmpty())
        if (auto r = model::validateName(QStringLiteral("zone name"), zone); !r)
            return refuse(r.error());

    OpsDatabase::HostRow row{name, endpoint, zone, QDateTime::currentDateTimeUtc()};
    const QString message = zone.isEmpty()
        ? QStringLiteral("Host %1 added with agent endpoint %2.").arg(name, endpoint)
        : QStringLiteral("Host %1 added in zone %3 with agent endpoint %2.").arg(name, endpoint, zone);
    if (auto r = m_database->addHost(row, audit(user, action, object, nullptr, message)); !r)
        return refuse(r.error());

    HostEntry &entry = m_hosts[name];
    entry.host.set_name(name.toStdString());
    entry.host.set_agent_endpoint(endpoint.toStdString());
    entry.host.set_zone(zone.toStdString());
    entry.host.set_state(proto::HOST_STATE_UNREACHABLE);
    publishHost(entry.host);
    connectHost(entry);

    // Answer once the agent has told us its inventory (or did not in time):
    // the reply then shows the host's capacity.
    refreshInventory(name, [this, name, done] {
        if (const HostEntry *e = findHost(name)) {
            proto::OpsReply reply;
            *reply.mutable_host() = e->host;
            done(reply);
        } else {
            done(errorReply(Error(proto::ERROR_NOT_FOUND, QStringLiteral("Host %1 was removed while it was being added.").arg(name))));
        }
    });
}

void OpsEngine::connectHost(HostEntry &entry)
{
    const QString name = str(entry.host.name());
    auto *link = new AgentLink(name, str(entry.host.agent_endpoint()), this);
    link->setTimeouts(m_timing.inventoryTimeoutMs, m_timing.operationTimeoutMs);
    link->setHeartbeatTiming(m_timing.heartbeatIntervalMs, m_timing.heartbeatLiveness);
    entry.link = link;
    connect(link, &AgentLink::heartbeatReceived, this,
            [this, name](const proto::Inventory &inventory) { onHeartbeat(name, inventory); });
    connect(link, &AgentLink::aliveChanged, this, [this, name](bool alive) { onAliveChanged(name, alive); });

    entry.reconnectTimer = std::make_unique<QTimer>();
    entry.reconnectTimer->setSingleShot(true);
    connect(entry.reconnectTimer.get(), &QTimer::timeout, this, [this, name] { refreshInventory(name); });

    if (auto r = link->open(); !r) {
        // Stored endpoints were valid when added; report and keep the host
        // visible rather than hiding it.
        entry.host.set_last_error(r.error().message().toStdString());
        qCWarning(lcOpsEngine).noquote() << r.error().message();
        return;
    }
    refreshInventory(name);
}

void OpsEngine::refreshInventory(const QString &hostName, std::function<void()> then)
{
    HostEntry *entry = findHost(hostName);
    if (!entry) {
        if (then)
            then();
        return;
    }
    if (then)
        entry->inventoryWaiters.append(std::move(then));
    if (entry->inventoryPending)
        return; // the answer to the request in flight serves everyone
    entry->inventoryPending = true;
    entry->reconnectTimer->stop();
    entry->link->requestInventory([this, hostName](Result<proto::AgentReply> reply) { onInventory(hostName, reply); });
}

void OpsEngine::onInventory(const QString &hostName, const Result<proto::AgentReply> &reply)
{
    HostEntry *entry = findHost(hostName);
    if (!entry)
        return;
    entry->inventoryPending = false;
    const proto::Host before = entry->host;
    if (reply && reply->has_inventory()) {
        const proto::Inventory &inventory = reply->inventory();
        applyInventory(*entry, inventory);
        if (auto r = entry->link->followHeartbeats(str(inventory.publish_endpoint())); !r) {
            entry->host.set_last_error(r.error().message().toStdString());
        } else {
            entry->host.set_publish_endpoint(entry->link->publishEndpoint().toStdString());
            entry->host.clear_last_error();
            entry->host.set_state(proto::HOST_STATE_UP);
        }
    } else {
        const QString why = reply ? QStringLiteral("Host %1 answered the inventory request without an inventory.").arg(hostName)
                                  : reply.error().message();
        entry->host.set_last_error(why.toStdString());
        qCInfo(lcOpsEngine).noquote() << why;
    }
    if (!sameVisibleHost(before, entry->host))
        publishHost(entry->host);
    if (entry->host.state() != proto::HOST_STATE_UP)
        entry->reconnectTimer->start(m_timing.reconnectIntervalMs);

    const auto waiters = std::move(entry->inventoryWaiters);
    entry->inventoryWaiters.clear();
    for (const auto &waiter : waiters)
        waiter();
}

void OpsEngine::onHeartbeat(const QString &hostName, const proto::Inventory &inventory)
{
    HostEntry *entry = findHost(hostName);
    if (!entry)
        return;
    const proto::Host before = entry->host;
    applyInventory(*entry, inventory);
    if (!sameVisibleHost(before, entry->host))
        publishHost(entry->host);
}

void OpsEngine::onAliveChanged(const QString &hostName, bool alive)
{
    HostEntry *entry = findHost(hostName);
    if (!entry)
        return;
    if (alive) {
        setHostState(*entry, proto::HOST_STATE_UP, {});
        entry->reconnectTimer->stop();
    } else {
        const int expiry = m_timing.heartbeatIntervalMs * m_timing.heartbeatLiveness;
        const QString span = expiry % 1000 == 0 ? QStringLiteral("%1 s").arg(expiry / 1000) : QStringLiteral("%1 ms").arg(expiry);
        setHostState(*entry, proto::HOST_STATE_FAILED,
                     QStringLiteral("Host %1 sent no heartbeat for %2.").arg(hostName, span));
        // The agent may come back on other ports; ask it again from time to time.
        entry->reconnectTimer->start(m_timing.reconnectIntervalMs);
    }
}

void OpsEngine::setHostState(HostEntry &entry, proto::HostState state, const QString &error)
{
    if (entry.host.state() == state && str(entry.host.last_error()) == error)
        return;
    entry.host.set_state(state);
    entry.host.set_last_error(error.toStdString());
    qCInfo(lcOpsEngine).noquote() << "host" << str(entry.host.name()) << "is now" << model::hostStateName(state);
    publishHost(entry.host);
}

void OpsEngine::applyInventory(HostEntry &entry, const proto::Inventory &inventory)
{
    const QString hostName = str(entry.host.name());
    entry.host.set_hypervisor_uri(inventory.hypervisor_uri());
    entry.host.set_generation(inventory.generation());
    entry.host.set_cores_total(inventory.cores_total());
    entry.host.set_cores_reserved(inventory.cores_reserved());
    entry.host.set_cores_free(inventory.cores_free());
    entry.host.set_memory_total_mib(inventory.memory_total_mib());
    entry.host.set_memory_reserved_mib(inventory.memory_reserved_mib());
    entry.host.set_memory_free_mib(inventory.memory_free_mib());
    entry.host.set_last_heartbeat_ms(inventory.timestamp_ms() ? inventory.timestamp_ms() : QDateTime::currentMSecsSinceEpoch());

    for (const auto &reported : inventory.partitions()) {
        PartitionEntry *p = findPartition(str(reported.spec().uuid()));
        if (!p || p->busy || reported.state() == proto::PARTITION_STATE_UNSPECIFIED)
            continue; // unknown here, or an operation in flight will set it
        const QString recordedHost = str(p->partition.host());
        if (!recordedHost.isEmpty() && recordedHost != hostName) {
            // It belongs elsewhere now; this host's copy is a stale definition.
            if (reported.state() == proto::PARTITION_STATE_RUNNING)
                qCWarning(lcOpsEngine).noquote() << "host" << hostName << "reports partition"
                                                 << str(p->partition.spec().name()) << "running, but it is recorded on"
                                                 << recordedHost;
            continue;
        }
        if (p->partition.state() == reported.state() && recordedHost == hostName
            && sameAssignment(p->partition.assignment(), reported.assignment()))
            continue;
        p->partition.set_state(reported.state());
        p->partition.set_host(hostName.toStdString());
        *p->partition.mutable_assignment() = reported.assignment();
        (void)storePartition(*p);
    }
}

proto::OpsReply OpsEngine::removeHost(const QString &user, const QString &name)
{
    const QString object = QStringLiteral("host %1").arg(name);
    const QString action = QStringLiteral("host.remove");
    auto refuse = [&](const Error &error) {
        recordRefusal(user, action, object, error);
        return errorReply(error);
    };
    HostEntry *entry = findHost(name);
    if (!entry)
        return refuse(Error(proto::ERROR_NOT_FOUND, QStringLiteral("Host %1 does not exist.").arg(name)));
    QStringList busy;
    for (const auto &[uuid, p] : m_partitions)
        if (str(p.partition.host()) == name && (p.busy || occupiesHost(p.partition.state())))
            busy << QStringLiteral("%1/%2").arg(str(p.partition.spec().domain()), str(p.partition.spec().name()));
    if (!busy.isEmpty())
        return refuse(Error(proto::ERROR_FAILED_PRECONDITION,
                            QStringLiteral("Host %1 still runs partitions (%2); stop them before removing the host.")
                                .arg(name, busy.join(QStringLiteral(", ")))));
    if (auto r = m_database->removeHost(name, audit(user, action, object, nullptr, QStringLiteral("Host %1 removed.").arg(name))); !r)
        return refuse(r.error());

    proto::OpsReply reply;
    *reply.mutable_host() = entry->host;

    // The link may be inside one of its own signals right now: let it go
    // from the event loop.
    AgentLink *link = entry->link;
    entry->link = nullptr;
    link->disconnect(this);
    auto waiters = std::move(entry->inventoryWaiters);
    m_hosts.erase(name);
    link->cancelPending(Error(proto::ERROR_NOT_FOUND, QStringLiteral("Host %1 was removed.").arg(name)));
    link->deleteLater();

    proto::StateDelta delta;
    delta.set_host_removed(name.toStdString());
    publish(std::move(delta));
    // Stopped partitions that last ran there forget it (as the database did).
    for (auto &[uuid, p] : m_partitions) {
        if (str(p.partition.host()) != name)
            continue;
        p.partition.clear_host();
        p.partition.clear_assignment();
        publishPartition(p.partition);
    }
    for (const auto &waiter : waiters)
        waiter();
    return reply;
}

// ------------------------------------------------------------------ domains

proto::OpsReply OpsEngine::createDomain(const QString &user, const proto::Domain &domain)
{
    const QString name = str(domain.name());
    const QString object = QStringLiteral("domain %1").arg(name);
    const QString action = QStringLiteral("domain.create");
    auto refuse = [&](const Error &error) {
        recordRefusal(user, action, object, error);
        return errorReply(error);
    };
    if (auto r = model::validateName(QStringLiteral("domain name"), name); !r)
        return refuse(r.error());
    if (domain.description().size() > 1024)
        return refuse(Error(proto::ERROR_INVALID_ARGUMENT,
                            QStringLiteral("The description of domain %1 is longer than 1024 bytes; shorten it.").arg(name)));
    if (auto r = m_database->addDomain(domain, audit(user, action, object, nullptr, QStringLiteral("Domain %1 created.").arg(name))); !r)
        return refuse(r.error());
    m_domains[name] = domain;
    proto::StateDelta delta;
    *delta.mutable_domain_updated() = domain;
    publish(std::move(delta));
    proto::OpsReply reply;
    *reply.mutable_domain() = domain;
    return reply;
}

// ------------------------------------------------------------------ partitions

proto::OpsReply OpsEngine::createPartition(const QString &user, proto::PartitionSpec spec)
{
    if (spec.domain().empty())
        spec.set_domain("default");
    if (spec.boot().empty())
        spec.set_boot("network");
    const QString object = partitionObject(spec);
    const QString action = QStringLiteral("partition.create");
    auto refuse = [&](const Error &error) {
        recordRefusal(user, action, object, error);
        return errorReply(error);
    };
    if (auto r = model::validatePartitionSpec(spec); !r)
        return refuse(r.error());
    if (spec.uuid().empty())
        spec.set_uuid(model::newUuid().toStdString());
    else // one spelling, so lookups by uuid match
        spec.set_uuid(str(spec.uuid()).toLower().remove(QLatin1Char('{')).remove(QLatin1Char('}')).toStdString());

    PartitionEntry entry;
    *entry.partition.mutable_spec() = spec;
    entry.partition.set_state(proto::PARTITION_STATE_STOPPED);
    entry.desired = proto::PARTITION_STATE_STOPPED;
    const QString message = QStringLiteral("Partition %1 created in domain %2 (%3 vCPUs, %4 MiB).")
                                .arg(str(spec.name()), str(spec.domain()))
                                .arg(spec.vcpus())
                                .arg(spec.memory_mib());
    if (auto r = m_database->addPartition({entry.partition, entry.desired}, audit(user, action, object, nullptr, message)); !r)
        return refuse(r.error());
    const QString uuid = str(spec.uuid());
    m_partitions[uuid] = entry;
    publishPartition(entry.partition);
    proto::OpsReply reply;
    *reply.mutable_partition() = entry.partition;
    return reply;
}

void OpsEngine::releaseInFlight(const QString &hostName, const proto::PartitionSpec &spec)
{
    if (HostEntry *h = findHost(hostName)) {
        h->inFlightCores -= std::min(h->inFlightCores, spec.vcpus());
        h->inFlightMemoryMib -= std::min(h->inFlightMemoryMib, spec.memory_mib());
    }
}

void OpsEngine::startPartition(const QString &user, const proto::PartitionRef &ref, const ReplyHandler &done)
{
    const QString action = QStringLiteral("partition.start");
    auto found = lookup(ref);
    if (!found) {
        recordRefusal(user, action, refObject(ref), found.error());
        return done(errorReply(found.error()));
    }
    PartitionEntry &entry = **found;
    const proto::PartitionSpec spec = entry.partition.spec();
    const QString name = str(spec.name());
    const QString object = partitionObject(spec);
    auto refuse = [&](const Error &error, const QList<proto::PlacementRejection> &rejections = {}) {
        recordRefusal(user, action, object, error);
        proto::OpsReply reply = errorReply(error);
        for (const auto &r : rejections)
            *reply.add_rejections() = r;
        done(reply);
    };

    const auto state = entry.partition.state();
    if (entry.busy || state == proto::PARTITION_STATE_STARTING || state == proto::PARTITION_STATE_STOPPING)
        return refuse(Error(proto::ERROR_FAILED_PRECONDITION,
                            QStringLiteral("Partition %1 is %2 on host %3; wait until that has finished.")
                                .arg(name, model::partitionStateName(state), str(entry.partition.host()))));
    if (state == proto::PARTITION_STATE_RUNNING || state == proto::PARTITION_STATE_PAUSED)
        return refuse(Error(proto::ERROR_FAILED_PRECONDITION,
                            QStringLiteral("Partition %1 is already %2 on host %3.")
                                .arg(name, model::partitionStateName(state), str(entry.partition.host()))));

    QList<Placement::Candidate> candidates;
    for (const auto &[hostName, h] : m_hosts)
        candidates.append({h.host, h.inFlightCores, h.inFlightMemoryMib});
    const auto outcome = Placement::chooseHost(spec, candidates);
    if (!outcome.placed())
        return refuse(outcome.error, outcome.rejections);

    const QString hostName = *outcome.host;
    HostEntry &host = *findHost(hostName);
    const QString previousHost = str(entry.partition.host());
    const proto::Partition before = entry.partition;
    const auto desiredBefore = entry.desired;

    entry.busy = true;
    entry.desired = proto::PARTITION_STATE_RUNNING;
    entry.partition.set_state(proto::PARTITION_STATE_STARTING);
    entry.partition.set_host(hostName.toStdString());
    entry.partition.clear_assignment();
    if (auto r = storePartition(entry); !r) {
        entry.partition = before;
        entry.desired = desiredBefore;
        entry.busy = false;
        return refuse(r.error());
    }
    // Claimed until the host's inventory shows the partition's resources.
    host.inFlightCores += spec.vcpus();
    host.inFlightMemoryMib += spec.memory_mib();
    qCInfo(lcOpsEngine).noquote() << "starting" << object << "on" << hostName;

    const QString uuid = str(spec.uuid());
    AgentLink *link = host.link;
    link->define(spec, [this, spec, user, hostName, previousHost, done](Result<proto::AgentReply> defined) {
        HostEntry *h = findHost(hostName);
        if (defined && !h)
            defined = Error(proto::ERROR_NOT_FOUND, QStringLiteral("Host %1 was removed.").arg(hostName));
        if (!defined) {
            finishStart(spec, user, hostName, previousHost, std::move(defined), done);
            return;
        }
        h->link->start(refOf(spec), [this, spec, user, hostName, previousHost, done](Result<proto::AgentReply> started) {
            finishStart(spec, user, hostName, previousHost, std::move(started), done);
        });
    });
}

void OpsEngine::finishStart(const proto::PartitionSpec &spec, const QString &user, const QString &hostName,
                            const QString &previousHost, Result<proto::AgentReply> reply, const ReplyHandler &done)
{
    const QString action = QStringLiteral("partition.start");
    const QString uuid = str(spec.uuid());
    PartitionEntry *entry = findPartition(uuid);
    if (!entry) {
        releaseInFlight(hostName, spec);
        done(errorReply(Error(proto::ERROR_NOT_FOUND,
                              QStringLiteral("Partition %1 disappeared while it was starting.").arg(str(spec.name())))));
        return;
    }
    const QString name = str(spec.name());
    const QString object = partitionObject(spec);

    if (!reply) {
        releaseInFlight(hostName, spec);
        const Error error(reply.error().code(),
                          QStringLiteral("Partition %1 did not start on host %2: %3").arg(name, hostName, reply.error().message()));
        entry->busy = false;
        entry->partition.set_state(proto::PARTITION_STATE_FAILED);
        entry->partition.set_last_error(error.message().toStdString());
        (void)storePartition(*entry, audit(user, action, object, &error, {}));
        done(errorReply(error));
        return;
    }

    const proto::Partition &runtime = reply->partition();
    entry->partition.set_state(runtime.state() == proto::PARTITION_STATE_UNSPECIFIED ? proto::PARTITION_STATE_RUNNING
                                                                                      : runtime.state());
    entry->partition.set_host(hostName.toStdString());
    *entry->partition.mutable_assignment() = runtime.assignment();
    entry->partition.clear_last_error();
    const QString message = QStringLiteral("Partition %1 started on host %2.").arg(name, hostName);
    if (auto r = storePartition(*entry, audit(user, action, object, nullptr, message)); !r) {
        releaseInFlight(hostName, spec);
        entry->busy = false;
        done(errorReply(r.error()));
        return;
    }
    qCInfo(lcOpsEngine).noquote() << message;

    // A definition left on the host it ran on before is stale now.
    if (!previousHost.isEmpty() && previousHost != hostName)
        if (HostEntry *old = findHost(previousHost); old && old->host.state() == proto::HOST_STATE_UP)
            old->link->undefine(refOf(spec), [previousHost, name](Result<proto::AgentReply> r) {
                if (!r && r.error().code() != proto::ERROR_NOT_FOUND)
                    qCInfo(lcOpsEngine).noquote() << "host" << previousHost << "kept the old definition of" << name << ":"
                                                  << r.error().message();
            });

    // Answer once the host's capacity shows the partition, so that what the
    // client lists next is true.
    refreshInventory(hostName, [this, uuid, hostName, spec, done] {
        releaseInFlight(hostName, spec);
        PartitionEntry *p = findPartition(uuid);
        if (!p) {
            done(errorReply(Error(proto::ERROR_NOT_FOUND, QStringLiteral("Partition %1 was deleted.").arg(str(spec.name())))));
            return;
        }
        p->busy = false;
        proto::OpsReply result;
        *result.mutable_partition() = p->partition;
        done(result);
    });
}

void OpsEngine::stopPartition(const QString &user, const proto::PartitionRef &ref, const ReplyHandler &done)
{
    const QString action = QStringLiteral("partition.stop");
    auto found = lookup(ref);
    if (!found) {
        recordRefusal(user, action, refObject(ref), found.error());
        return done(errorReply(found.error()));
    }
    PartitionEntry &entry = **found;
    const proto::PartitionSpec spec = entry.partition.spec();
    const QString name = str(spec.name());
    const QString object = partitionObject(spec);
    const QString hostName = str(entry.partition.host());
    auto refuse = [&](const Error &error) {
        recordRefusal(user, action, object, error);
        done(errorReply(error));
    };

    const auto state = entry.partition.state();
    if (entry.busy || state == proto::PARTITION_STATE_STARTING || state == proto::PARTITION_STATE_STOPPING)
        return refuse(Error(proto::ERROR_FAILED_PRECONDITION,
                            QStringLiteral("Partition %1 is %2 on host %3; wait until that has finished.")
                                .arg(name, model::partitionStateName(state), hostName)));
    if (state == proto::PARTITION_STATE_STOPPED)
        return refuse(Error(proto::ERROR_FAILED_PRECONDITION, QStringLiteral("Partition %1 is already stopped.").arg(name)));

    HostEntry *host = hostName.isEmpty() ? nullptr : findHost(hostName);
    if (!host) {
        // It never got anywhere (a failed start with no host): nothing runs.
        entry.desired = proto::PARTITION_STATE_STOPPED;
        entry.partition.set_state(proto::PARTITION_STATE_STOPPED);
        entry.partition.clear_assignment();
        const QString message = QStringLiteral("Partition %1 stopped (it was not running on any host).").arg(name);
        if (auto r = storePartition(entry, audit(user, action, object, nullptr, message)); !r)
            return done(errorReply(r.error()));
        proto::OpsReply reply;
        *reply.mutable_partition() = entry.partition;
        return done(reply);
    }
    if (host->host.state() != proto::HOST_STATE_UP)
        return refuse(Error(proto::ERROR_UNAVAILABLE,
                            QStringLiteral("Host %1 is %2, so partition %3 cannot be stopped now; try again when the host is up.")
                                .arg(hostName, model::hostStateName(host->host.state()), name)));

    const proto::Partition before = entry.partition;
    const auto desiredBefore = entry.desired;
    entry.busy = true;
    entry.desired = proto::PARTITION_STATE_STOPPED;
    entry.partition.set_state(proto::PARTITION_STATE_STOPPING);
    if (auto r = storePartition(entry); !r) {
        entry.partition = before;
        entry.desired = desiredBefore;
        entry.busy = false;
        return refuse(r.error());
    }
    const QString uuid = str(spec.uuid());
    host->link->stop(refOf(spec), [this, uuid, user, done](Result<proto::AgentReply> reply) {
        finishStop(uuid, user, std::move(reply), done);
    });
}

void OpsEngine::finishStop(const QString &uuid, const QString &user, Result<proto::AgentReply> reply, const ReplyHandler &done)
{
    const QString action = QStringLiteral("partition.stop");
    PartitionEntry *entry = findPartition(uuid);
    if (!entry) {
        done(errorReply(Error(proto::ERROR_NOT_FOUND, QStringLiteral("The partition %1 disappeared while it was stopping.").arg(uuid))));
        return;
    }
    const proto::PartitionSpec spec = entry->partition.spec();
    const QString name = str(spec.name());
    const QString object = partitionObject(spec);
    const QString hostName = str(entry->partition.host());

    // An agent that does not know the partition has nothing running for it.
    if (!reply && reply.error().code() != proto::ERROR_NOT_FOUND) {
        const Error error(reply.error().code(),
                          QStringLiteral("Partition %1 did not stop on host %2: %3").arg(name, hostName, reply.error().message()));
        entry->busy = false;
        entry->partition.set_state(proto::PARTITION_STATE_FAILED);
        entry->partition.set_last_error(error.message().toStdString());
        (void)storePartition(*entry, audit(user, action, object, &error, {}));
        done(errorReply(error));
        return;
    }
    entry->partition.set_state(proto::PARTITION_STATE_STOPPED);
    entry->partition.clear_assignment();
    entry->partition.clear_last_error();
    const QString message = QStringLiteral("Partition %1 stopped on host %2.").arg(name, hostName);
    if (auto r = storePartition(*entry, audit(user, action, object, nullptr, message)); !r) {
        entry->busy = false;
        done(errorReply(r.error()));
        return;
    }
    refreshInventory(hostName, [this, uuid, name, done] {
        PartitionEntry *p = findPartition(uuid);
        if (!p) {
            done(errorReply(Error(proto::ERROR_NOT_FOUND, QStringLiteral("Partition %1 was deleted.").arg(name))));
            return;
        }
        p->busy = false;
        proto::OpsReply result;
        *result.mutable_partition() = p->partition;
        done(result);
    });
}

void OpsEngine::deletePartition(const QString &user, const proto::PartitionRef &ref, const ReplyHandler &done)
{
    const QString action = QStringLiteral("partition.delete");
    auto found = lookup(ref);
    if (!found) {
        recordRefusal(user, action, refObject(ref), found.error());
        return done(errorReply(found.error()));
    }
    PartitionEntry &entry = **found;
    const proto::PartitionSpec spec = entry.partition.spec();
    const QString name = str(spec.name());
    const QString object = partitionObject(spec);
    const QString hostName = str(entry.partition.host());
    auto refuse = [&](const Error &error) {
        recordRefusal(user, action, object, error);
        done(errorReply(error));
    };
    const auto state = entry.partition.state();
    if (entry.busy || occupiesHost(state))
        return refuse(Error(proto::ERROR_FAILED_PRECONDITION,
                            QStringLiteral("Partition %1 is %2 on host %3; stop it before deleting it.")
                                .arg(name, model::partitionStateName(state), hostName)));
    if (state == proto::PARTITION_STATE_FAILED && !hostName.isEmpty())
        return refuse(Error(proto::ERROR_FAILED_PRECONDITION,
                            QStringLiteral("Partition %1 failed on host %2 and may still hold resources there; stop it "
                                           "before deleting it.")
                                .arg(name, hostName)));

    const QString uuid = str(spec.uuid());
    HostEntry *host = hostName.isEmpty() ? nullptr : findHost(hostName);
    if (!host || host->host.state() != proto::HOST_STATE_UP) {
        // A host that is down forgets nothing that runs; its stale definition
        // is ignored when it reports it.
        finishDelete(uuid, user, done);
        return;
    }
    entry.busy = true;
    host->link->undefine(refOf(spec), [this, uuid, user, hostName, name, done](Result<proto::AgentReply> reply) {
        if (!reply && reply.error().code() != proto::ERROR_NOT_FOUND)
            qCWarning(lcOpsEngine).noquote() << "host" << hostName << "did not forget partition" << name << ":"
                                             << reply.error().message();
        finishDelete(uuid, user, done);
    });
}

void OpsEngine::finishDelete(const QString &uuid, const QString &user, const ReplyHandler &done)
{
    PartitionEntry *entry = findPartition(uuid);
    if (!entry) {
        done(errorReply(Error(proto::ERROR_NOT_FOUND, QStringLiteral("No partition has the UUID %1.").arg(uuid))));
        return;
    }
    const proto::Partition partition = entry->partition;
    const QString object = partitionObject(partition.spec());
    const QString message = QStringLiteral("Partition %1 deleted from domain %2.")
                                .arg(str(partition.spec().name()), str(partition.spec().domain()));
    if (auto r = m_database->removePartition(uuid, audit(user, QStringLiteral("partition.delete"), object, nullptr, message)); !r) {
        entry->busy = false;
        recordRefusal(user, QStringLiteral("partition.delete"), object, r.error());
        done(errorReply(r.error()));
        return;
    }
    m_partitions.erase(uuid);
    proto::StateDelta delta;
    delta.set_partition_removed(uuid.toStdString());
    publish(std::move(delta));
    proto::OpsReply reply;
    *reply.mutable_partition() = partition;
    done(reply);
}

} // namespace vdc::ops
