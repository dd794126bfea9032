#include "opsengine.h"

#include "agentlink.h"
#include "calendar/calendarjson.h"
#include "calendar/calendarschedule.h"
#include "calendar/systemclock.h"
#include "core/version.h"
#include "domaindocument.h"
#include "migrationorchestrator.h"
#include "model/validation.h"
#include "statsarchive.h"

#include <QDateTime>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>
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
    , m_systemClock(std::make_unique<calendar::SystemClock>())
    , m_sequence(quint64(QDateTime::currentMSecsSinceEpoch()) * 1000u)
{
    m_clock = m_systemClock.get();
    m_migrations = new MigrationOrchestrator(*this);
    m_stats = new StatsArchive(*this, this);
    m_calendarTimer.setSingleShot(true);
    connect(&m_calendarTimer, &QTimer::timeout, this, &OpsEngine::evaluateCalendars);
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
    for (auto &row : *partitions) {
        const auto state = row.partition.state();
        const bool interrupted = state == proto::PARTITION_STATE_STARTING || state == proto::PARTITION_STATE_STOPPING;
        const QString uuid = str(row.partition.spec().uuid());
        PartitionEntry &stored = m_partitions[uuid];
        stored.partition.Swap(&row.partition);
        stored.desired = row.desiredState;
        if (interrupted) {
            // Whatever the agent did meanwhile, its next report corrects this.
            stored.partition.set_state(proto::PARTITION_STATE_FAILED);
            stored.partition.set_last_error(
                QStringLiteral("The operations service stopped while partition %1 was %2 on host %3.")
                    .arg(str(stored.partition.spec().name()), model::partitionStateName(state), str(stored.partition.host()))
                    .toStdString());
            if (auto r = m_database->updatePartition({stored.partition, stored.desired}); !r)
                return r;
        }
    }

    auto zones = m_database->zones();
    if (!zones)
        return zones.error();
    for (const auto &z : *zones)
        m_zones[str(z.name())] = z;

    auto hosts = m_database->hosts();
    if (!hosts)
        return hosts.error();
    for (const auto &row : *hosts) {
        HostEntry &entry = m_hosts[row.name];
        entry.host.set_name(row.name.toStdString());
        entry.host.set_agent_endpoint(row.agentEndpoint.toStdString());
        entry.host.set_zone(row.zone.toStdString());
        entry.host.set_state(proto::HOST_STATE_UNREACHABLE);
        *entry.host.mutable_location() = row.location;
        for (const auto &l : row.links)
            *entry.host.add_links() = l;
    }

    auto sets = m_database->policySets();
    if (!sets)
        return sets.error();
    for (const auto &set : *sets)
        m_policySets[{str(set.domain()), str(set.name())}] = set;
    auto states = m_database->calendarStates();
    if (!states)
        return states.error();
    for (const auto &st : *states) {
        m_calendars[st.domain].applied = st.appliedPolicySet;
        m_calendars[st.domain].appliedAt = st.appliedAt;
    }
    auto entries = m_database->calendarEntries();
    if (!entries)
        return entries.error();
    QHash<QString, QList<calendar::CalendarEntry>> byDomain;
    for (const auto &row : *entries) {
        auto entry = calendar::CalendarJson::entryFromText(row.definition);
        if (!entry)
            return Error(proto::ERROR_STORAGE, QStringLiteral("Calendar entry %1 of domain %2 in %3 cannot be read (%4); "
                                                              "restore the database from a backup.")
                                                   .arg(row.name, row.domain, m_database->path(), entry.error().message()));
        byDomain[row.domain].append(*entry);
    }
    for (const auto &[name, domain] : m_domains) {
        auto calendar = calendar::PolicyCalendar::create(defaultPolicySetOf(name));
        if (!calendar)
            return calendar.error();
        // Stored entries were checked when they were added; a conflict now
        // would mean a damaged database, so they are not refused here.
        for (const auto &e : byDomain.value(name))
            if (auto r = calendar->addEntry(e); !r)
                qCWarning(lcOpsEngine).noquote() << "calendar of domain" << name << ":" << r.error().message();
        m_calendars[name].calendar = std::move(calendar).value();
    }

    refreshLinkGuarantees();
    refreshShares({}, false);
    if (auto r = m_migrations->load(); !r)
        return r;
    for (auto &[name, entry] : m_hosts) {
        updateRunningCount(name);
        connectHost(entry);
    }
    // Boundaries that passed while the engine was away are caught up once
    // the event loop runs, not while loading.
    QTimer::singleShot(0, this, [this] {
        if (m_calendarTimerEnabled)
            evaluateCalendars();
    });
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
    for (const auto &z : zones())
        *snapshot.add_zones() = z;
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
        done(updateDomain(user, request.update_domain()));
        return;
    case proto::OpsRequest::kDeleteDomain:
        done(deleteDomain(user, str(request.delete_domain().name())));
        return;
    case proto::OpsRequest::kCreateZone:
        done(createZone(user, request.create_zone().zone()));
        return;
    case proto::OpsRequest::kUpdateZone:
        done(updateZone(user, request.update_zone()));
        return;
    case proto::OpsRequest::kDeleteZone:
        done(deleteZone(user, str(request.delete_zone().name())));
        return;
    case proto::OpsRequest::kListZones: {
        proto::OpsReply reply;
        reply.mutable_zones();
        for (const auto &z : zones())
            *reply.mutable_zones()->add_zones() = z;
        done(reply);
        return;
    }
    case proto::OpsRequest::kUpdateHost:
        done(updateHost(user, request.update_host()));
        return;
    case proto::OpsRequest::kUpdatePartition:
        done(updatePartition(user, request.update_partition()));
        return;
    case proto::OpsRequest::kStartPartitions:
        startPartitions(user, request.start_partitions(), done);
        return;
    case proto::OpsRequest::kPutPolicySet:
        done(putPolicySet(user, request.put_policy_set()));
        return;
    case proto::OpsRequest::kPutCalendarEntry:
        done(putCalendarEntry(user, request.put_calendar_entry()));
        return;
    case proto::OpsRequest::kDeletePolicy:
        done(deletePolicy(user, request.delete_policy()));
        return;
    case proto::OpsRequest::kListPolicies:
        done(listPolicies(str(request.list_policies().domain())));
        return;
    case proto::OpsRequest::kPreviewCalendar:
        done(previewCalendar(request.preview_calendar()));
        return;
    case proto::OpsRequest::kQueryAudit:
        done(queryAudit(request.query_audit()));
        return;
    case proto::OpsRequest::kExportDomain:
        done(exportDomain(user, str(request.export_domain().name())));
        return;
    case proto::OpsRequest::kImportDomain:
        done(importDomain(user, request.import_domain()));
        return;
    case proto::OpsRequest::kMigratePartition:
        m_migrations->migrate(user, request.migrate_partition(), done);
        return;
    case proto::OpsRequest::kCancelMigration:
        m_migrations->cancel(user, request.cancel_migration(), done);
        return;
    case proto::OpsRequest::kEvacuateHost:
        m_migrations->evacuate(user, request.evacuate_host(), done);
        return;
    case proto::OpsRequest::kListMigrations:
        done(m_migrations->list());
        return;
    case proto::OpsRequest::kEndMaintenance:
        done(m_migrations->endMaintenance(user, str(request.end_maintenance().name())));
        return;
    case proto::OpsRequest::kGetStatsHistory: {
        auto history = m_stats->history(request.get_stats_history());
        if (!history) {
            done(errorReply(history.error()));
            return;
        }
        proto::OpsReply reply;
        *reply.mutable_stats_history() = std::move(history).value();
        done(reply);
        return;
    }
    case proto::OpsRequest::kCancelPolicyTransition:
        cancelPolicyTransition(user, request.cancel_policy_transition(), done);
        return;
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
    if (!zone.isEmpty()) {
        if (m_zones.find(zone) == m_zones.end()) {
            proto::Zone z;
            z.set_name(zone.toStdString());
            m_zones[zone] = z; // created by the database with the default policy
        }
        proto::StateDelta delta;
        *delta.mutable_zone_updated() = zoneWithHosts(zone);
        publish(std::move(delta));
    }
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
    connect(link, &AgentLink::statsReceived, m_stats,
            [this, name](const proto::HostSample &sample) { m_stats->add(name, sample); });

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
            entry->host.set_state(m_migrations->inMaintenance(hostName) ? proto::HOST_STATE_MAINTENANCE : proto::HOST_STATE_UP);
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
        setHostState(*entry, m_migrations->inMaintenance(hostName) ? proto::HOST_STATE_MAINTENANCE : proto::HOST_STATE_UP, {});
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
    bool changed = false;

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
        if (reported.state() == proto::PARTITION_STATE_RUNNING && !p->runningShares)
            p->runningShares = reported.spec().cpu_shares(); // the host stores what it runs it with
        if (p->partition.state() == reported.state() && recordedHost == hostName
            && sameAssignment(p->partition.assignment(), reported.assignment()))
            continue;
        p->partition.set_state(reported.state());
        p->partition.set_host(hostName.toStdString());
        *p->partition.mutable_assignment() = reported.assignment();
        (void)storePartition(*p);
        changed = true;
    }
    if (changed)
        refreshLinkGuarantees();
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
    if (const QString zone = str(reply.host().zone()); !zone.isEmpty() && m_zones.find(zone) != m_zones.end()) {
        proto::StateDelta members; // the zone lost a member
        *members.mutable_zone_updated() = zoneWithHosts(zone);
        publish(std::move(members));
    }
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
    if (auto r = validateDomain(domain); !r)
        return refuse(r.error());
    if (!domain.default_policy_set().empty() && domain.default_policy_set() != "default")
        return refuse(Error(proto::ERROR_NOT_FOUND,
                            QStringLiteral("Domain %1 has no policy set %2 yet; create the domain first, then its policy sets, "
                                           "then choose the default.")
                                .arg(name, str(domain.default_policy_set()))));
    auto calendar = calendar::PolicyCalendar::create(QStringLiteral("default"));
    if (!calendar)
        return refuse(calendar.error());
    if (auto r = m_database->addDomain(domain, audit(user, action, object, nullptr, QStringLiteral("Domain %1 created.").arg(name))); !r)
        return refuse(r.error());
    m_domains[name] = domain;
    m_calendars[name].calendar = std::move(calendar).value();
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
    const auto domainIt = m_domains.find(str(spec.domain()));
    if (domainIt == m_domains.end())
        return refuse(Error(proto::ERROR_NOT_FOUND,
                            QStringLiteral("Domain %1 does not exist; create it first.").arg(str(spec.domain()))));
    if (auto r = validatePlacementRules(spec, domainIt->second); !r)
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
    // The database created a zone named here for the first time, with the
    // default policy (as adding a host to a new zone does).
    if (!spec.zone().empty() && m_zones.find(str(spec.zone())) == m_zones.end()) {
        proto::Zone zone;
        zone.set_name(spec.zone());
        m_zones[str(spec.zone())] = zone;
        proto::StateDelta delta;
        *delta.mutable_zone_updated() = zone;
        publish(std::move(delta));
    }
    entry.partition.set_effective_cpu_shares(
        PolicyTransition::sharesFor(m_calendars[str(spec.domain())].appliedDefinition ? &*m_calendars[str(spec.domain())].appliedDefinition
                                                                                       : nullptr,
                                    spec));
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

    if (auto r = startable(entry); !r)
        return refuse(r.error());

    const auto outcome = PlacementPlanner::plan(placementInputs(), {spec}, PlacementPlanner::Mode::Single, true);
    if (!outcome.complete)
        return refuse(outcome.error, outcome.rejections);
    const auto &decision = outcome.plan.decisions(0);
    launch(user, entry, str(decision.host()), str(decision.link()),
           [done, outcome](proto::OpsReply reply) {
               // On success the reply says why every other host was not chosen.
               if (!reply.has_error() || reply.error().code() == proto::ERROR_NONE) {
                   for (const auto &r : outcome.rejections)
                       *reply.add_rejections() = r;
                   *reply.mutable_plan() = outcome.plan;
               }
               done(std::move(reply));
           });
}

Result<void> OpsEngine::startable(const PartitionEntry &entry) const
{
    const QString name = str(entry.partition.spec().name());
    const auto state = entry.partition.state();
    if (entry.busy || state == proto::PARTITION_STATE_STARTING || state == proto::PARTITION_STATE_STOPPING)
        return Error(proto::ERROR_FAILED_PRECONDITION,
                     QStringLiteral("Partition %1 is %2 on host %3; wait until that has finished.")
                         .arg(name, model::partitionStateName(state), str(entry.partition.host())));
    if (state == proto::PARTITION_STATE_RUNNING || state == proto::PARTITION_STATE_PAUSED)
        return Error(proto::ERROR_FAILED_PRECONDITION,
                     QStringLiteral("Partition %1 is already %2 on host %3.")
                         .arg(name, model::partitionStateName(state), str(entry.partition.host())));
    return {};
}

void OpsEngine::launch(const QString &user, PartitionEntry &entry, const QString &hostName, const QString &link,
                       const ReplyHandler &done)
{
    const QString action = QStringLiteral("partition.start");
    proto::PartitionSpec spec = entry.partition.spec();
    const QString object = partitionObject(spec);
    auto refuse = [&](const Error &error) {
        recordRefusal(user, action, object, error);
        done(errorReply(error));
    };
    HostEntry *found = findHost(hostName);
    if (!found)
        return refuse(Error(proto::ERROR_NOT_FOUND, QStringLiteral("Host %1 does not exist.").arg(hostName)));
    HostEntry &host = *found;
    const QString previousHost = str(entry.partition.host());
    const proto::Partition before = entry.partition;
    const auto desiredBefore = entry.desired;

    entry.busy = true;
    entry.desired = proto::PARTITION_STATE_RUNNING;
    entry.partition.set_state(proto::PARTITION_STATE_STARTING);
    entry.partition.set_host(hostName.toStdString());
    entry.partition.set_link(link.toStdString());
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

    refreshLinkGuarantees();
    // The host gets the shares in force (the policy set's for its class, or
    // its own) with the definition.
    spec.set_cpu_shares(entry.partition.effective_cpu_shares());
    AgentLink *agent = host.link;
    agent->define(spec, [this, spec, user, hostName, previousHost, done](Result<proto::AgentReply> defined) {
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
    entry->runningShares = spec.cpu_shares(); // the shares in force it was given at launch
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
    entry->partition.clear_link();
    entry->partition.clear_last_error();
    const QString message = QStringLiteral("Partition %1 stopped on host %2.").arg(name, hostName);
    if (auto r = storePartition(*entry, audit(user, action, object, nullptr, message)); !r) {
        entry->busy = false;
        done(errorReply(r.error()));
        return;
    }
    refreshLinkGuarantees();
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

// ------------------------------------------------------------------ helpers for definitions

namespace vdc::ops {

namespace {

constexpr int kMaxDescription = 1024;

Result<void> validateOptionalName(const QString &what, const std::string &name)
{
    if (name.empty())
        return {};
    return model::validateName(what, QString::fromStdString(name));
}

Result<void> validateDescription(const QString &what, const std::string &description)
{
    if (description.size() > size_t(kMaxDescription))
        return Error(proto::ERROR_INVALID_ARGUMENT,
                     QStringLiteral("The description of %1 is longer than %2 bytes; shorten it.").arg(what).arg(kMaxDescription));
    return {};
}

// "a, b, c and 4 more"
QString listOf(const QStringList &names, int shown = 10)
{
    if (names.size() <= shown)
        return names.join(QStringLiteral(", "));
    return QStringLiteral("%1 and %2 more").arg(names.mid(0, shown).join(QStringLiteral(", "))).arg(names.size() - shown);
}

QString joinSentences(const QStringList &sentences)
{
    return sentences.join(QLatin1Char(' '));
}

proto::PartitionRef refIn(const QString &domain, const QString &name)
{
    proto::PartitionRef ref;
    ref.set_domain(domain.toStdString());
    ref.set_name(name.toStdString());
    return ref;
}

QString policyObject(const QString &domain, const QString &name)
{
    return QStringLiteral("policy set %1/%2").arg(domain, name);
}

QString entryObject(const QString &domain, const QString &name)
{
    return QStringLiteral("calendar entry %1/%2").arg(domain, name);
}

QDateTime fromMs(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

} // namespace

QList<proto::Zone> OpsEngine::zones() const
{
    QList<proto::Zone> list;
    for (const auto &[name, zone] : m_zones)
        list.append(zoneWithHosts(name));
    return list;
}

proto::Zone OpsEngine::zoneWithHosts(const QString &name) const
{
    proto::Zone zone;
    if (const auto it = m_zones.find(name); it != m_zones.end())
        zone = it->second;
    else
        zone.set_name(name.toStdString());
    zone.clear_hosts();
    for (const auto &h : hostsOfZone(name))
        zone.add_hosts(h.toStdString());
    return zone;
}

QStringList OpsEngine::hostsOfZone(const QString &zone) const
{
    QStringList out;
    for (const auto &[name, entry] : m_hosts)
        if (str(entry.host.zone()) == zone)
            out << name;
    return out;
}

QStringList OpsEngine::partitionsOnHost(const QString &host) const
{
    QStringList out;
    for (const auto &[uuid, p] : m_partitions)
        if (str(p.partition.host()) == host && (p.busy || occupiesHost(p.partition.state())))
            out << PlacementPlanner::label(p.partition.spec());
    out.sort();
    return out;
}

OpsDatabase::HostRow OpsEngine::hostRow(const HostEntry &entry) const
{
    OpsDatabase::HostRow row;
    row.name = str(entry.host.name());
    row.agentEndpoint = str(entry.host.agent_endpoint());
    row.zone = str(entry.host.zone());
    row.location = entry.host.location();
    row.links = QList<proto::NetworkLink>(entry.host.links().begin(), entry.host.links().end());
    return row;
}

Result<void> OpsEngine::checkMovable(const QString &hostName, const QString &toZone) const
{
    const QStringList running = partitionsOnHost(hostName);
    if (running.isEmpty())
        return {};
    return Error(proto::ERROR_FAILED_PRECONDITION,
                 QStringLiteral("Host %1 runs partitions (%2); stop them before moving the host %3.")
                     .arg(hostName, listOf(running),
                          toZone.isEmpty() ? QStringLiteral("out of its zone") : QStringLiteral("to zone %1").arg(toZone)));
}

QString OpsEngine::defaultPolicySetOf(const QString &domain) const
{
    const auto it = m_domains.find(domain);
    if (it == m_domains.end() || it->second.default_policy_set().empty())
        return QStringLiteral("default");
    return str(it->second.default_policy_set());
}

const proto::PolicySet *OpsEngine::policySet(const QString &domain, const QString &name) const
{
    const auto it = m_policySets.find({domain, name});
    return it == m_policySets.end() ? nullptr : &it->second;
}

void OpsEngine::refreshLinkGuarantees(bool publishChanges)
{
    QHash<QString, QList<const proto::Partition *>> onHost;
    for (const auto &[uuid, p] : m_partitions)
        if (p.partition.spec().bandwidth_mbps() > 0 && occupiesHost(p.partition.state()) && !p.partition.host().empty())
            onHost[str(p.partition.host())].append(&p.partition);
    for (auto &[name, entry] : m_hosts) {
        const proto::Host before = entry.host;
        for (auto &l : *entry.host.mutable_links())
            l.set_guaranteed_mbps(0);
        for (const proto::Partition *p : onHost.value(name)) {
            proto::NetworkLink *target = nullptr;
            for (auto &l : *entry.host.mutable_links())
                if (l.name() == p->link())
                    target = &l;
            if (!target) // placed before its host had links: count it on the widest
                for (auto &l : *entry.host.mutable_links())
                    if (!target || l.capacity_mbps() - l.guaranteed_mbps() > target->capacity_mbps() - target->guaranteed_mbps())
                        target = &l;
            if (target)
                target->set_guaranteed_mbps(std::min(target->capacity_mbps(), target->guaranteed_mbps() + p->spec().bandwidth_mbps()));
        }
        if (publishChanges && before.SerializeAsString() != entry.host.SerializeAsString())
            publishHost(entry.host);
    }
}

void OpsEngine::refreshShares(const QString &domain, bool publishChanges)
{
    // One pass over the partitions; an empty domain means every domain.
    const std::string only = domain.toStdString();
    std::string current;
    const proto::PolicySet *set = nullptr;
    for (auto &[uuid, p] : m_partitions) {
        const std::string &of = p.partition.spec().domain();
        if (!only.empty() && of != only)
            continue;
        if (of != current) {
            current = of;
            const auto cal = m_calendars.find(str(of));
            set = cal != m_calendars.end() && cal->second.appliedDefinition ? &*cal->second.appliedDefinition : nullptr;
        }
        const std::uint32_t shares = PolicyTransition::sharesFor(set, p.partition.spec());
        if (p.partition.effective_cpu_shares() == shares)
            continue;
        p.partition.set_effective_cpu_shares(shares);
        if (publishChanges)
            publishPartition(p.partition);
    }
}

void OpsEngine::definitionsChanged()
{
    // With the system clock a change of calendars or policy sets takes effect
    // at once; a test's clock is driven by the test.
    if (m_calendarTimerEnabled)
        QTimer::singleShot(0, this, &OpsEngine::evaluateCalendars);
}

Result<void> OpsEngine::validateDomain(const proto::Domain &domain) const
{
    const QString name = str(domain.name());
    if (auto r = model::validateName(QStringLiteral("domain name"), name); !r)
        return r;
    if (auto r = validateDescription(QStringLiteral("domain %1").arg(name), domain.description()); !r)
        return r;
    QSet<QString> seen;
    for (const auto &z : domain.allowed_zones()) {
        const QString zone = str(z);
        if (auto r = model::validateName(QStringLiteral("zone name"), zone); !r)
            return r;
        if (seen.contains(zone))
            return Error(proto::ERROR_INVALID_ARGUMENT, QStringLiteral("Zone %1 is listed twice for domain %2.").arg(zone, name));
        seen.insert(zone);
        if (m_zones.find(zone) == m_zones.end())
            return Error(proto::ERROR_NOT_FOUND,
                         QStringLiteral("Zone %1 does not exist, so domain %2 cannot use it; create the zone first.").arg(zone, name));
    }
    return validateOptionalName(QStringLiteral("policy set name"), domain.default_policy_set());
}

Result<void> OpsEngine::validateZone(const proto::Zone &zone) const
{
    const QString name = str(zone.name());
    if (auto r = model::validateName(QStringLiteral("zone name"), name); !r)
        return r;
    if (auto r = validateDescription(QStringLiteral("zone %1").arg(name), zone.description()); !r)
        return r;
    if (auto r = model::validateLocation(zone.location()); !r)
        return r;
    if (zone.has_map_region())
        if (auto r = model::validateMapRegion(name, zone.map_region()); !r)
            return r;
    if (auto r = validateOptionalName(QStringLiteral("QoS class"), zone.qos_class()); !r)
        return r;
    if (!proto::AllocationPolicy_IsValid(zone.allocation()))
        return Error(proto::ERROR_INVALID_ARGUMENT,
                     QStringLiteral("Zone %1 has an unknown allocation policy; use pack or spread.").arg(name));
    const double overcommit = zone.overcommit_ratio();
    if (overcommit != 0.0 && !(overcommit >= 1.0 && overcommit <= 64.0))
        return Error(proto::ERROR_INVALID_ARGUMENT,
                     QStringLiteral("Zone %1 has a core overcommit ratio of %2; give a ratio from 1 to 64.").arg(name).arg(overcommit));
    if (!(zone.ha_headroom() >= 0.0 && zone.ha_headroom() < 1.0))
        return Error(proto::ERROR_INVALID_ARGUMENT,
                     QStringLiteral("Zone %1 keeps %2 of its capacity as HA headroom; give a fraction from 0 up to (not "
                                    "including) 1, such as 0.25.")
                         .arg(name)
                         .arg(zone.ha_headroom()));
    QSet<QString> seen;
    for (const auto &h : zone.hosts()) {
        const QString host = str(h);
        if (seen.contains(host))
            return Error(proto::ERROR_INVALID_ARGUMENT, QStringLiteral("Host %1 is listed twice for zone %2.").arg(host, name));
        seen.insert(host);
        if (m_hosts.find(host) == m_hosts.end())
            return Error(proto::ERROR_NOT_FOUND,
                         QStringLiteral("Host %1 does not exist, so it cannot join zone %2; add the host first.").arg(host, name));
    }
    return {};
}

Result<void> OpsEngine::validatePlacementRules(const proto::PartitionSpec &spec, const proto::Domain &domain,
                                               const QStringList &otherMembers) const
{
    const QString name = str(spec.name());
    const QString zone = str(spec.zone());
    if (!zone.isEmpty()) {
        if (auto r = model::validateName(QStringLiteral("zone name"), zone); !r)
            return r;
        QStringList allowed;
        for (const auto &z : domain.allowed_zones())
            allowed << str(z);
        if (!allowed.isEmpty() && !allowed.contains(zone))
            return Error(proto::ERROR_FAILED_PRECONDITION,
                         QStringLiteral("Domain %1 may use zones %2; partition %3 cannot be assigned to zone %4.")
                             .arg(str(domain.name()), allowed.join(QStringLiteral(", ")), name, zone));
    }
    // Names, groups, affinity scope and CPU shares: the rules the console's
    // editor checks as the admin types.
    if (auto r = model::validatePlacementFields(spec); !r)
        return r;
    if (spec.bandwidth_mbps() > 0) {
        std::uint32_t widest = 0;
        QString widestHost;
        for (const auto &[hostName, h] : m_hosts)
            for (const auto &l : h.host.links())
                if (l.capacity_mbps() > widest) {
                    widest = l.capacity_mbps();
                    widestHost = hostName;
                }
        if (widest == 0)
            return Error(proto::ERROR_FAILED_PRECONDITION,
                         QStringLiteral("Partition %1 asks for a %2 Mbps bandwidth guarantee, but no host has a network link; "
                                        "give hosts their links first (vdcctl host set HOST --links eth0:10000).")
                             .arg(name)
                             .arg(spec.bandwidth_mbps()));
        if (spec.bandwidth_mbps() > widest)
            return Error(proto::ERROR_INVALID_ARGUMENT,
                         QStringLiteral("Partition %1 asks for a %2 Mbps bandwidth guarantee, but no link can carry it: the "
                                        "largest (on host %3) has %4 Mbps.")
                             .arg(name)
                             .arg(spec.bandwidth_mbps())
                             .arg(widestHost)
                             .arg(widest));
    }
    // An anti-affinity group needs a host per member among the hosts its
    // members may use; with no hosts yet, there is nothing to check against.
    const QString anti = str(spec.anti_affinity_group());
    if (!anti.isEmpty()) {
        // Groups belong to their domain.
        QStringList members = QStringList{name} + otherMembers;
        for (const auto &[uuid, p] : m_partitions)
            if (p.partition.spec().domain() == spec.domain() && p.partition.spec().name() != spec.name()
                && str(p.partition.spec().anti_affinity_group()) == anti)
                members << str(p.partition.spec().name());
        QStringList zones;
        if (!zone.isEmpty())
            zones << zone;
        else
            for (const auto &z : domain.allowed_zones())
                zones << str(z);
        QStringList hosts;
        for (const auto &[hostName, h] : m_hosts)
            if (zones.isEmpty() || zones.contains(str(h.host.zone())))
                hosts << hostName;
        if (!hosts.isEmpty() && members.size() > hosts.size())
            return Error(proto::ERROR_FAILED_PRECONDITION,
                         QStringLiteral("Anti-affinity group %1 cannot be satisfied: with partition %2 it has %3 members, each "
                                        "needing a host of its own, but only %4 %5 can take them (%6).")
                             .arg(anti, name)
                             .arg(members.size())
                             .arg(hosts.size())
                             .arg(hosts.size() == 1 ? QStringLiteral("host") : QStringLiteral("hosts"))
                             .arg(listOf(hosts)));
    }
    return {};
}

// ------------------------------------------------------------------ domains (edit, delete)

proto::OpsReply OpsEngine::updateDomain(const QString &user, const proto::UpdateDomain &request)
{
    const QString name = str(request.name());
    const QString action = QStringLiteral("domain.update");
    const QString object = QStringLiteral("domain %1").arg(name);
    auto refuse = [&](const Error &error) {
        recordRefusal(user, action, object, error);
        return errorReply(error);
    };
    const auto it = m_domains.find(name);
    if (it == m_domains.end())
        return refuse(Error(proto::ERROR_NOT_FOUND, QStringLiteral("Domain %1 does not exist.").arg(name)));
    proto::Domain updated = it->second;
    const QString newName = request.has_new_name() ? str(request.new_name()) : name;
    const bool renamed = newName != name;
    if (renamed) {
        if (name == QLatin1String("default"))
            return refuse(Error(proto::ERROR_FAILED_PRECONDITION,
                                QStringLiteral("The domain default always exists; it cannot be renamed.")));
        if (auto r = model::validateName(QStringLiteral("domain name"), newName); !r)
            return refuse(r.error());
        if (m_domains.find(newName) != m_domains.end())
            return refuse(Error(proto::ERROR_ALREADY_EXISTS, QStringLiteral("Domain %1 already exists.").arg(newName)));
        QStringList running;
        for (const auto &[uuid, p] : m_partitions)
            if (str(p.partition.spec().domain()) == name && (p.busy || occupiesHost(p.partition.state())))
                running << str(p.partition.spec().name());
        running.sort();
        if (!running.isEmpty())
            return refuse(Error(proto::ERROR_FAILED_PRECONDITION,
                                QStringLiteral("Domain %1 has running partitions (%2); stop them before renaming the domain "
                                               "(their names on the hosts carry the domain's name).")
                                    .arg(name, listOf(running))));
        updated.set_name(newName.toStdString());
    }
    if (request.has_description())
        updated.set_description(request.description());
    if (request.set_allowed_zones()) {
        updated.clear_allowed_zones();
        for (const auto &z : request.allowed_zones())
            updated.add_allowed_zones(z);
    }
    if (request.has_default_policy_set())
        updated.set_default_policy_set(request.default_policy_set());
    if (auto r = validateDomain(updated); !r)
        return refuse(r.error());
    const QString defaultSet = updated.default_policy_set().empty() ? QStringLiteral("default") : str(updated.default_policy_set());
    if (request.has_default_policy_set() && defaultSet != QLatin1String("default") && !policySet(name, defaultSet))
        return refuse(Error(proto::ERROR_NOT_FOUND, QStringLiteral("Domain %1 has no policy set %2; create it first.").arg(name, defaultSet)));
    if (request.set_allowed_zones() && updated.allowed_zones_size() > 0) {
        QStringList allowed;
        for (const auto &z : updated.allowed_zones())
            allowed << str(z);
        QStringList outside;
        for (const auto &[uuid, p] : m_partitions)
            if (str(p.partition.spec().domain()) == name && !p.partition.spec().zone().empty()
                && !allowed.contains(str(p.partition.spec().zone())))
                outside << QStringLiteral("%1 (zone %2)").arg(str(p.partition.spec().name()), str(p.partition.spec().zone()));
        outside.sort();
        if (!outside.isEmpty())
            return refuse(Error(proto::ERROR_FAILED_PRECONDITION,
                                QStringLiteral("Partitions of domain %1 are assigned to zones the new list leaves out: %2. "
                                               "Change their zones first.")
                                    .arg(name, listOf(outside))));
    }

    // A new calendar for a new default set (entries stay as they are).
    DomainCalendar &cal = m_calendars[name];
    calendar::PolicyCalendar newCalendar = cal.calendar;
    if (auto r = newCalendar.setDefaultPolicySet(defaultSet); !r)
        return refuse(r.error());

    OpsDatabase::ChangeSet changes;
    changes.putDomains.append(updated);
    QList<PartitionEntry *> moved;
    if (renamed) {
        for (auto &[uuid, p] : m_partitions)
            if (str(p.partition.spec().domain()) == name) {
                OpsDatabase::PartitionRow row{p.partition, p.desired};
                row.partition.mutable_spec()->set_domain(newName.toStdString());
                changes.putPartitions.append(row);
                moved.append(&p);
            }
        for (const auto &[key, set] : m_policySets)
            if (key.first == name) {
                proto::PolicySet copy = set;
                copy.set_domain(newName.toStdString());
                changes.putPolicySets.append(copy);
                changes.removePolicySets.append({name, key.second});
            }
        for (const auto &e : newCalendar.entries()) {
            changes.putCalendarEntries.append({newName, e.name(), calendar::CalendarJson::entryToText(e)});
            changes.removeCalendarEntries.append({name, e.name()});
        }
        if (!cal.applied.isEmpty()) {
            changes.putCalendarStates.append({newName, cal.applied, cal.appliedAt});
            changes.removeCalendarStates.append(name);
        }
        changes.removeDomains.append(name);
    }
    QStringList what;
    if (renamed)
        what << QStringLiteral("renamed to %1").arg(newName);
    if (request.has_description())
        what << QStringLiteral("description changed");
    if (request.set_allowed_zones())
        what << (updated.allowed_zones_size() == 0 ? QStringLiteral("may use any zone")
                                                   : QStringLiteral("may use zones %1").arg(str(updated.allowed_zones().begin()->data())));
    if (request.set_allowed_zones() && updated.allowed_zones_size() > 1) {
        QStringList zs;
        for (const auto &z : updated.allowed_zones())
            zs << str(z);
        what.last() = QStringLiteral("may use zones %1").arg(zs.join(QStringLiteral(", ")));
    }
    if (request.has_default_policy_set())
        what << QStringLiteral("default policy set %1").arg(defaultSet);
    const QString message = what.isEmpty() ? QStringLiteral("Domain %1 unchanged.").arg(name)
                                           : QStringLiteral("Domain %1: %2.").arg(name, what.join(QStringLiteral("; ")));
    changes.audit.append(audit(user, action, object, nullptr, message));
    if (auto r = m_database->apply(changes); !r)
        return refuse(r.error());

    cal.calendar = std::move(newCalendar);
    if (renamed) {
        m_domains.erase(name);
        for (PartitionEntry *p : moved)
            p->partition.mutable_spec()->set_domain(newName.toStdString());
        std::map<PolicyKey, proto::PolicySet> sets;
        for (auto &[key, set] : m_policySets) {
            if (key.first == name) {
                set.set_domain(newName.toStdString());
                sets[{newName, key.second}] = set;
            } else {
                sets[key] = set;
            }
        }
        m_policySets = std::move(sets);
        auto node = m_calendars.extract(name);
        node.key() = newName;
        if (node.mapped().appliedDefinition)
            node.mapped().appliedDefinition->set_domain(newName.toStdString());
        m_calendars.insert(std::move(node));
        proto::StateDelta removed;
        removed.set_domain_removed(name.toStdString());
        publish(std::move(removed));
    }
    m_domains[newName] = updated;
    proto::StateDelta delta;
    *delta.mutable_domain_updated() = updated;
    publish(std::move(delta));
    for (PartitionEntry *p : moved)
        publishPartition(p->partition);
    definitionsChanged();
    proto::OpsReply reply;
    *reply.mutable_domain() = updated;
    return reply;
}

proto::OpsReply OpsEngine::deleteDomain(const QString &user, const QString &name)
{
    const QString action = QStringLiteral("domain.delete");
    const QString object = QStringLiteral("domain %1").arg(name);
    auto refuse = [&](const Error &error) {
        recordRefusal(user, action, object, error);
        return errorReply(error);
    };
    if (name == QLatin1String("default"))
        return refuse(Error(proto::ERROR_FAILED_PRECONDITION, QStringLiteral("The domain default always exists; it cannot be deleted.")));
    const auto it = m_domains.find(name);
    if (it == m_domains.end())
        return refuse(Error(proto::ERROR_NOT_FOUND, QStringLiteral("Domain %1 does not exist.").arg(name)));
    QStringList partitions;
    for (const auto &[uuid, p] : m_partitions)
        if (str(p.partition.spec().domain()) == name)
            partitions << str(p.partition.spec().name());
    partitions.sort();
    if (!partitions.isEmpty())
        return refuse(Error(proto::ERROR_FAILED_PRECONDITION,
                            QStringLiteral("Domain %1 is in use: it has %2 %3 (%4); delete them before the domain.")
                                .arg(name)
                                .arg(partitions.size())
                                .arg(partitions.size() == 1 ? QStringLiteral("partition") : QStringLiteral("partitions"))
                                .arg(listOf(partitions))));

    OpsDatabase::ChangeSet changes;
    int sets = 0;
    for (const auto &[key, set] : m_policySets)
        if (key.first == name) {
            changes.removePolicySets.append(key);
            ++sets;
        }
    const auto cal = m_calendars.find(name);
    int entries = 0;
    if (cal != m_calendars.end())
        for (const auto &e : cal->second.calendar.entries()) {
            changes.removeCalendarEntries.append({name, e.name()});
            ++entries;
        }
    changes.removeCalendarStates.append(name);
    changes.removeDomains.append(name);
    const QString message = sets + entries == 0
        ? QStringLiteral("Domain %1 deleted.").arg(name)
        : QStringLiteral("Domain %1 deleted with its %2 policy sets and %3 calendar entries.").arg(name).arg(sets).arg(entries);
    changes.audit.append(audit(user, action, object, nullptr, message));
    if (auto r = m_database->apply(changes); !r)
        return refuse(r.error());

    proto::OpsReply reply;
    *reply.mutable_domain() = it->second;
    m_domains.erase(it);
    for (auto k = m_policySets.begin(); k != m_policySets.end();)
        k = k->first.first == name ? m_policySets.erase(k) : std::next(k);
    m_calendars.erase(name);
    proto::StateDelta delta;
    delta.set_domain_removed(name.toStdString());
    publish(std::move(delta));
    return reply;
}

// ------------------------------------------------------------------ zones

proto::OpsReply OpsEngine::createZone(const QString &user, const proto::Zone &requested)
{
    const QString name = str(requested.name());
    const QString action = QStringLiteral("zone.create");
    const QString object = QStringLiteral("zone %1").arg(name);
    auto refuse = [&](const Error &error) {
        recordRefusal(user, action, object, error);
        return errorReply(error);
    };
    if (auto r = validateZone(requested); !r)
        return refuse(r.error());
    if (m_zones.find(name) != m_zones.end())
        return refuse(Error(proto::ERROR_ALREADY_EXISTS, QStringLiteral("Zone %1 already exists.").arg(name)));
    OpsDatabase::ChangeSet changes;
    proto::Zone zone = requested;
    zone.clear_hosts();
    changes.putZones.append(zone);
    QSet<QString> touchedZones;
    for (const auto &h : requested.hosts()) {
        const HostEntry &entry = m_hosts.at(str(h));
        if (auto r = checkMovable(str(h), name); !r)
            return refuse(r.error());
        OpsDatabase::HostRow row = hostRow(entry);
        if (!row.zone.isEmpty())
            touchedZones.insert(row.zone);
        row.zone = name;
        changes.putHosts.append(row);
    }
    const QString message = requested.hosts_size() == 0
        ? QStringLiteral("Zone %1 created (no hosts yet).").arg(name)
        : QStringLiteral("Zone %1 created with %2 %3.").arg(name).arg(requested.hosts_size())
              .arg(requested.hosts_size() == 1 ? QStringLiteral("host") : QStringLiteral("hosts"));
    changes.audit.append(audit(user, action, object, nullptr, message));
    if (auto r = m_database->apply(changes); !r)
        return refuse(r.error());

    m_zones[name] = zone;
    for (const auto &h : requested.hosts()) {
        HostEntry &entry = m_hosts.at(str(h));
        entry.host.set_zone(name.toStdString());
        publishHost(entry.host);
    }
    for (const auto &z : std::as_const(touchedZones)) {
        proto::StateDelta delta;
        *delta.mutable_zone_updated() = zoneWithHosts(z);
        publish(std::move(delta));
    }
    proto::StateDelta delta;
    *delta.mutable_zone_updated() = zoneWithHosts(name);
    publish(std::move(delta));
    proto::OpsReply reply;
    *reply.mutable_zone() = zoneWithHosts(name);
    return reply;
}

proto::OpsReply OpsEngine::updateZone(const QString &user, const proto::UpdateZone &request)
{
    const QString name = str(request.name());
    const QString action = QStringLiteral("zone.update");
    const QString object = QStringLiteral("zone %1").arg(name);
    auto refuse = [&](const Error &error) {
        recordRefusal(user, action, object, error);
        return errorReply(error);
    };
    const auto it = m_zones.find(name);
    if (it == m_zones.end())
        return refuse(Error(proto::ERROR_NOT_FOUND, QStringLiteral("Zone %1 does not exist.").arg(name)));
    proto::Zone updated = it->second;
    const QString newName = request.has_new_name() ? str(request.new_name()) : name;
    const bool renamed = newName != name;
    updated.set_name(newName.toStdString());
    if (request.has_description())
        updated.set_description(request.description());
    if (request.has_location())
        *updated.mutable_location() = request.location();
    if (request.has_qos_class())
        updated.set_qos_class(request.qos_class());
    if (request.has_bandwidth_budget_mbps())
        updated.set_bandwidth_budget_mbps(request.bandwidth_budget_mbps());
    if (request.has_allocation())
        updated.set_allocation(request.allocation());
    if (request.has_overcommit_ratio())
        updated.set_overcommit_ratio(request.overcommit_ratio());
    if (request.has_ha_headroom())
        updated.set_ha_headroom(request.ha_headroom());
    if (request.has_map_region())
        *updated.mutable_map_region() = request.map_region();
    const QStringList members = hostsOfZone(name);
    QStringList newMembers = members;
    if (request.set_hosts()) {
        newMembers.clear();
        for (const auto &h : request.hosts())
            newMembers << str(h);
    }
    proto::Zone check = updated;
    check.clear_hosts();
    for (const auto &h : std::as_const(newMembers))
        check.add_hosts(h.toStdString());
    if (auto r = validateZone(check); !r)
        return refuse(r.error());
    if (renamed && m_zones.find(newName) != m_zones.end())
        return refuse(Error(proto::ERROR_ALREADY_EXISTS, QStringLiteral("Zone %1 already exists.").arg(newName)));

    OpsDatabase::ChangeSet changes;
    changes.putZones.append(updated);
    QSet<QString> touchedZones;
    QStringList hostsChanged;
    for (const auto &h : std::as_const(newMembers)) {
        if (members.contains(h) && !renamed)
            continue;
        if (!members.contains(h))
            if (auto r = checkMovable(h, newName); !r)
                return refuse(r.error());
        OpsDatabase::HostRow row = hostRow(m_hosts.at(h));
        if (!row.zone.isEmpty() && row.zone != name)
            touchedZones.insert(row.zone);
        row.zone = newName;
        changes.putHosts.append(row);
        hostsChanged << h;
    }
    for (const auto &h : members) {
        if (newMembers.contains(h))
            continue;
        if (auto r = checkMovable(h, {}); !r)
            return refuse(r.error());
        OpsDatabase::HostRow row = hostRow(m_hosts.at(h));
        row.zone.clear();
        changes.putHosts.append(row);
        hostsChanged << h;
    }
    QList<PartitionEntry *> partitions;
    QList<QString> domains;
    QList<PolicyKey> sets;
    if (renamed) {
        for (auto &[uuid, p] : m_partitions)
            if (str(p.partition.spec().zone()) == name) {
                OpsDatabase::PartitionRow row{p.partition, p.desired};
                row.partition.mutable_spec()->set_zone(newName.toStdString());
                changes.putPartitions.append(row);
                partitions.append(&p);
            }
        for (const auto &[domainName, d] : m_domains) {
            proto::Domain copy = d;
            bool uses = false;
            for (auto &z : *copy.mutable_allowed_zones())
                if (str(z) == name) {
                    z = newName.toStdString();
                    uses = true;
                }
            if (uses) {
                changes.putDomains.append(copy);
                domains.append(domainName);
            }
        }
        for (const auto &[key, set] : m_policySets) {
            proto::PolicySet copy = set;
            bool uses = false;
            for (auto &z : *copy.mutable_zones())
                if (str(z.zone()) == name) {
                    z.set_zone(newName.toStdString());
                    uses = true;
                }
            if (uses) {
                changes.putPolicySets.append(copy);
                sets.append(key);
            }
        }
        changes.removeZones.append(name);
    }
    const QString message = renamed ? QStringLiteral("Zone %1 renamed to %2 and updated.").arg(name, newName)
                                    : QStringLiteral("Zone %1 updated.").arg(name);
    changes.audit.append(audit(user, action, object, nullptr, message));
    if (auto r = m_database->apply(changes); !r)
        return refuse(r.error());

    if (renamed) {
        m_zones.erase(name);
        proto::StateDelta removed;
        removed.set_zone_removed(name.toStdString());
        publish(std::move(removed));
    }
    updated.clear_hosts();
    m_zones[newName] = updated;
    for (const auto &row : std::as_const(changes.putHosts)) {
        HostEntry &entry = m_hosts.at(row.name);
        entry.host.set_zone(row.zone.toStdString());
        publishHost(entry.host);
    }
    for (PartitionEntry *p : partitions) {
        p->partition.mutable_spec()->set_zone(newName.toStdString());
        publishPartition(p->partition);
    }
    for (const auto &d : std::as_const(domains)) {
        for (auto &z : *m_domains[d].mutable_allowed_zones())
            if (str(z) == name)
                z = newName.toStdString();
        proto::StateDelta delta;
        *delta.mutable_domain_updated() = m_domains[d];
        publish(std::move(delta));
    }
    for (const auto &key : std::as_const(sets))
        for (auto &z : *m_policySets[key].mutable_zones())
            if (str(z.zone()) == name)
                z.set_zone(newName.toStdString());
    for (auto &[domain, cal] : m_calendars)
        if (cal.appliedDefinition)
            for (auto &z : *cal.appliedDefinition->mutable_zones())
                if (str(z.zone()) == name)
                    z.set_zone(newName.toStdString());
    for (const auto &z : std::as_const(touchedZones)) {
        proto::StateDelta delta;
        *delta.mutable_zone_updated() = zoneWithHosts(z);
        publish(std::move(delta));
    }
    proto::StateDelta delta;
    *delta.mutable_zone_updated() = zoneWithHosts(newName);
    publish(std::move(delta));
    proto::OpsReply reply;
    *reply.mutable_zone() = zoneWithHosts(newName);
    return reply;
}

proto::OpsReply OpsEngine::deleteZone(const QString &user, const QString &name)
{
    const QString action = QStringLiteral("zone.delete");
    const QString object = QStringLiteral("zone %1").arg(name);
    auto refuse = [&](const Error &error) {
        recordRefusal(user, action, object, error);
        return errorReply(error);
    };
    if (m_zones.find(name) == m_zones.end())
        return refuse(Error(proto::ERROR_NOT_FOUND, QStringLiteral("Zone %1 does not exist.").arg(name)));
    const QStringList members = hostsOfZone(name);
    QStringList assigned;
    QStringList running;
    for (const auto &[uuid, p] : m_partitions) {
        if (str(p.partition.spec().zone()) == name)
            assigned << PlacementPlanner::label(p.partition.spec());
        else if (members.contains(str(p.partition.host())) && (p.busy || occupiesHost(p.partition.state())))
            running << PlacementPlanner::label(p.partition.spec());
    }
    assigned.sort();
    running.sort();
    QStringList domains;
    for (const auto &[domainName, d] : m_domains)
        for (const auto &z : d.allowed_zones())
            if (str(z) == name)
                domains << domainName;
    QStringList sets;
    for (const auto &[key, set] : m_policySets)
        for (const auto &z : set.zones())
            if (str(z.zone()) == name)
                sets << QStringLiteral("%1/%2").arg(key.first, key.second);
    QStringList uses;
    if (!assigned.isEmpty())
        uses << QStringLiteral("partitions %1 are assigned to it").arg(listOf(assigned));
    if (!running.isEmpty())
        uses << QStringLiteral("partitions %1 run on its hosts").arg(listOf(running));
    if (!domains.isEmpty())
        uses << QStringLiteral("domains %1 list it among the zones they may use").arg(listOf(domains));
    if (!sets.isEmpty())
        uses << QStringLiteral("policy sets %1 set limits in it").arg(listOf(sets));
    if (!uses.isEmpty())
        return refuse(Error(proto::ERROR_FAILED_PRECONDITION,
                            QStringLiteral("Zone %1 is in use and cannot be deleted: %2.").arg(name, uses.join(QStringLiteral("; ")))));

    OpsDatabase::ChangeSet changes;
    for (const auto &h : members) {
        OpsDatabase::HostRow row = hostRow(m_hosts.at(h));
        row.zone.clear();
        changes.putHosts.append(row);
    }
    changes.removeZones.append(name);
    const QString message = members.isEmpty()
        ? QStringLiteral("Zone %1 deleted.").arg(name)
        : QStringLiteral("Zone %1 deleted; its hosts %2 are in no zone now.").arg(name, listOf(members));
    changes.audit.append(audit(user, action, object, nullptr, message));
    if (auto r = m_database->apply(changes); !r)
        return refuse(r.error());
    proto::OpsReply reply;
    *reply.mutable_zone() = zoneWithHosts(name);
    m_zones.erase(name);
    for (const auto &h : members) {
        m_hosts.at(h).host.clear_zone();
        publishHost(m_hosts.at(h).host);
    }
    proto::StateDelta delta;
    delta.set_zone_removed(name.toStdString());
    publish(std::move(delta));
    return reply;
}

// ------------------------------------------------------------------ hosts (edit)

proto::OpsReply OpsEngine::updateHost(const QString &user, const proto::UpdateHost &request)
{
    const QString name = str(request.name());
    const QString action = QStringLiteral("host.update");
    const QString object = QStringLiteral("host %1").arg(name);
    auto refuse = [&](const Error &error) {
        recordRefusal(user, action, object, error);
        return errorReply(error);
    };
    HostEntry *entry = findHost(name);
    if (!entry)
        return refuse(Error(proto::ERROR_NOT_FOUND, QStringLiteral("Host %1 does not exist.").arg(name)));
    OpsDatabase::HostRow row = hostRow(*entry);
    const QString oldZone = row.zone;
    QStringList what;
    if (request.has_zone()) {
        const QString zone = str(request.zone());
        if (!zone.isEmpty()) {
            if (auto r = model::validateName(QStringLiteral("zone name"), zone); !r)
                return refuse(r.error());
            if (m_zones.find(zone) == m_zones.end())
                return refuse(Error(proto::ERROR_NOT_FOUND,
                                    QStringLiteral("Zone %1 does not exist; create it first (vdcctl zone create %1).").arg(zone)));
        }
        if (zone != oldZone) {
            if (auto r = checkMovable(name, zone); !r)
                return refuse(r.error());
            row.zone = zone;
            what << (zone.isEmpty() ? QStringLiteral("in no zone") : QStringLiteral("in zone %1").arg(zone));
        }
    }
    if (request.has_location()) {
        if (auto r = model::validateLocation(request.location()); !r)
            return refuse(r.error());
        row.location = request.location();
        what << QStringLiteral("location site \"%1\", room \"%2\", rack \"%3\"")
                    .arg(str(row.location.site()), str(row.location.room()), str(row.location.rack()));
    }
    if (request.set_links()) {
        if (auto r = model::validateNetworkLinks(name, QList<proto::NetworkLink>(request.links().begin(),
                                                                                  request.links().end()));
            !r)
            return refuse(r.error());
        QList<proto::NetworkLink> links;
        QStringList described;
        for (const auto &l : request.links()) {
            const QString linkName = str(l.name());
            proto::NetworkLink link;
            link.set_name(l.name());
            link.set_capacity_mbps(l.capacity_mbps());
            links.append(link);
            described << QStringLiteral("%1 %2 Mbps").arg(linkName).arg(l.capacity_mbps());
        }
        // Guarantees already given on a link must still fit on it.
        for (const auto &old : entry->host.links()) {
            if (old.guaranteed_mbps() == 0)
                continue;
            std::uint32_t capacity = 0;
            for (const auto &l : std::as_const(links))
                if (l.name() == old.name())
                    capacity = l.capacity_mbps();
            if (capacity < old.guaranteed_mbps()) {
                QStringList holders;
                for (const auto &[uuid, p] : m_partitions)
                    if (p.partition.host() == entry->host.name() && p.partition.link() == old.name()
                        && occupiesHost(p.partition.state()) && p.partition.spec().bandwidth_mbps() > 0)
                        holders << QStringLiteral("%1 %2 Mbps").arg(str(p.partition.spec().name())).arg(p.partition.spec().bandwidth_mbps());
                holders.sort();
                return refuse(Error(proto::ERROR_FAILED_PRECONDITION,
                                    QStringLiteral("Link %1 of host %2 carries %3 Mbps of guarantees (%4); it cannot be %5.")
                                        .arg(str(old.name()), name)
                                        .arg(old.guaranteed_mbps())
                                        .arg(listOf(holders),
                                             capacity == 0 ? QStringLiteral("removed")
                                                           : QStringLiteral("shrunk to %1 Mbps").arg(capacity))));
            }
        }
        row.links = links;
        what << (links.isEmpty() ? QStringLiteral("no network links") : QStringLiteral("links %1").arg(described.join(QStringLiteral(", "))));
    }
    OpsDatabase::ChangeSet changes;
    changes.putHosts.append(row);
    changes.audit.append(audit(user, action, object, nullptr,
                               what.isEmpty() ? QStringLiteral("Host %1 unchanged.").arg(name)
                                              : QStringLiteral("Host %1: %2.").arg(name, what.join(QStringLiteral("; ")))));
    if (auto r = m_database->apply(changes); !r)
        return refuse(r.error());

    entry->host.set_zone(row.zone.toStdString());
    *entry->host.mutable_location() = row.location;
    entry->host.clear_links();
    for (const auto &l : std::as_const(row.links))
        *entry->host.add_links() = l;
    refreshLinkGuarantees(false);
    publishHost(entry->host);
    if (oldZone != row.zone) {
        for (const auto &z : {oldZone, row.zone}) {
            if (z.isEmpty())
                continue;
            proto::StateDelta delta;
            *delta.mutable_zone_updated() = zoneWithHosts(z);
            publish(std::move(delta));
        }
    }
    proto::OpsReply reply;
    *reply.mutable_host() = entry->host;
    return reply;
}

// ------------------------------------------------------------------ partitions (edit)

proto::OpsReply OpsEngine::updatePartition(const QString &user, const proto::UpdatePartition &request)
{
    const QString action = QStringLiteral("partition.update");
    auto found = lookup(request.partition());
    if (!found) {
        recordRefusal(user, action, refObject(request.partition()), found.error());
        return errorReply(found.error());
    }
    PartitionEntry &entry = **found;
    const proto::PartitionSpec before = entry.partition.spec();
    const QString name = str(before.name());
    const QString object = partitionObject(before);
    auto refuse = [&](const Error &error) {
        recordRefusal(user, action, object, error);
        return errorReply(error);
    };
    static const QStringList editable = {
        QStringLiteral("zone"), QStringLiteral("vcpus"), QStringLiteral("memory_mib"), QStringLiteral("bandwidth_mbps"),
        QStringLiteral("boot"), QStringLiteral("priority"), QStringLiteral("qos_class"), QStringLiteral("site"),
        QStringLiteral("room"), QStringLiteral("not_in_rack_of_groups"), QStringLiteral("affinity_group"),
        QStringLiteral("affinity_scope"), QStringLiteral("affinity_required"), QStringLiteral("anti_affinity_group"),
        QStringLiteral("cpu_shares"), QStringLiteral("accelerator")};
    // What the host was given when the partition started; changed only while it is stopped.
    static const QStringList stoppedOnly = {QStringLiteral("vcpus"), QStringLiteral("memory_mib"), QStringLiteral("boot"),
                                            QStringLiteral("accelerator"), QStringLiteral("bandwidth_mbps")};
    if (request.fields_size() == 0)
        return refuse(Error(proto::ERROR_INVALID_ARGUMENT, QStringLiteral("Name the fields of partition %1 to change.").arg(name)));
    const auto *descriptor = proto::PartitionSpec::descriptor();
    const auto *reflection = proto::PartitionSpec::GetReflection();
    proto::PartitionSpec spec = before;
    const bool stopped = !entry.busy && !occupiesHost(entry.partition.state());
    QStringList changed;
    for (const auto &f : request.fields()) {
        const QString field = str(f);
        const auto *fd = descriptor->FindFieldByName(f);
        if (!fd || !editable.contains(field))
            return refuse(Error(proto::ERROR_INVALID_ARGUMENT,
                                QStringLiteral("\"%1\" is not a field of a partition that can be changed; these can: %2.")
                                    .arg(field, editable.join(QStringLiteral(", ")))));
        if (stoppedOnly.contains(field) && !stopped)
            return refuse(Error(proto::ERROR_FAILED_PRECONDITION,
                                QStringLiteral("Partition %1 is %2; stop it before changing %3.")
                                    .arg(name, model::partitionStateName(entry.partition.state()), field)));
        if (fd->is_repeated()) {
            reflection->ClearField(&spec, fd);
            for (int i = 0; i < reflection->FieldSize(request.spec(), fd); ++i)
                reflection->AddString(&spec, fd, reflection->GetRepeatedString(request.spec(), fd, i));
        } else {
            switch (fd->cpp_type()) {
            case google::protobuf::FieldDescriptor::CPPTYPE_STRING:
                reflection->SetString(&spec, fd, reflection->GetString(request.spec(), fd));
                break;
            case google::protobuf::FieldDescriptor::CPPTYPE_UINT32:
                reflection->SetUInt32(&spec, fd, reflection->GetUInt32(request.spec(), fd));
                break;
            case google::protobuf::FieldDescriptor::CPPTYPE_UINT64:
                reflection->SetUInt64(&spec, fd, reflection->GetUInt64(request.spec(), fd));
                break;
            case google::protobuf::FieldDescriptor::CPPTYPE_BOOL:
                reflection->SetBool(&spec, fd, reflection->GetBool(request.spec(), fd));
                break;
            case google::protobuf::FieldDescriptor::CPPTYPE_ENUM:
                reflection->SetEnumValue(&spec, fd, reflection->GetEnumValue(request.spec(), fd));
                break;
            default:
                return refuse(Error(proto::ERROR_INTERNAL, QStringLiteral("The partition field %1 cannot be copied.").arg(field)));
            }
        }
        changed << field;
    }
    if (spec.boot().empty())
        spec.set_boot("network");
    if (auto r = model::validatePartitionSpec(spec); !r)
        return refuse(r.error());
    if (auto r = validatePlacementRules(spec, m_domains.at(str(spec.domain()))); !r)
        return refuse(r.error());
    if (!spec.zone().empty() && m_zones.find(str(spec.zone())) == m_zones.end())
        return refuse(Error(proto::ERROR_NOT_FOUND,
                            QStringLiteral("Zone %1 does not exist; create it first (vdcctl zone create %1).").arg(str(spec.zone()))));

    OpsDatabase::PartitionRow row{entry.partition, entry.desired};
    *row.partition.mutable_spec() = spec;
    const QString message = QStringLiteral("Partition %1 changed: %2.").arg(name, changed.join(QStringLiteral(", ")));
    if (auto r = m_database->updatePartition(row, audit(user, action, object, nullptr, message)); !r)
        return refuse(r.error());
    *entry.partition.mutable_spec() = spec;
    refreshShares(str(spec.domain()), false);
    publishPartition(entry.partition);
    proto::OpsReply reply;
    *reply.mutable_partition() = entry.partition;
    return reply;
}

// ------------------------------------------------------------------ placement and batches

PlacementPlanner::Inputs OpsEngine::placementInputs() const
{
    PlacementPlanner::Inputs in;
    for (const auto &[name, h] : m_hosts)
        in.hosts.append({h.host, h.inFlightCores, h.inFlightMemoryMib});
    for (const auto &[name, z] : m_zones)
        in.zones.append(z);
    in.partitions.reserve(qsizetype(m_partitions.size()));
    for (const auto &[uuid, p] : m_partitions)
        if (occupiesHost(p.partition.state()) || p.busy)
            in.partitions.append(p.partition);
    for (const auto &[name, d] : m_domains)
        in.domains.insert(name, d);
    for (const auto &[domain, cal] : m_calendars)
        if (cal.appliedDefinition && cal.appliedDefinition->zones_size() > 0) {
            PlacementPlanner::DomainPolicy policy;
            policy.policySet = cal.applied;
            policy.zones = QList<proto::ZonePolicyLimits>(cal.appliedDefinition->zones().begin(), cal.appliedDefinition->zones().end());
            in.policies.insert(domain, policy);
        }
    return in;
}

void OpsEngine::startPartitions(const QString &user, const proto::StartPartitions &request, const ReplyHandler &done)
{
    const QString action = QStringLiteral("partition.start");
    if (request.partitions_size() == 0) {
        done(errorReply(Error(proto::ERROR_INVALID_ARGUMENT, QStringLiteral("Name at least one partition to start."))));
        return;
    }
    QList<proto::PartitionRef> refs(request.partitions().begin(), request.partitions().end());
    if (!request.dry_run() && refs.size() == 1) {
        // One partition: the same path as start_partition, answered with a list.
        startPartition(user, refs.first(), [done](proto::OpsReply reply) {
            if (reply.has_partition()) {
                proto::Partition p = reply.partition();
                *reply.mutable_partitions()->add_partitions() = p;
            }
            done(std::move(reply));
        });
        return;
    }
    if (!request.dry_run()) {
        startBatch(user, refs, PlacementPlanner::Mode::AllOrNothing, done);
        return;
    }

    // A dry run: only the plan.
    QList<proto::PartitionSpec> specs;
    QSet<QString> seen;
    for (const auto &ref : refs) {
        auto found = lookup(ref);
        if (!found) {
            done(errorReply(found.error()));
            return;
        }
        if (auto r = startable(**found); !r) {
            done(errorReply(r.error()));
            return;
        }
        const QString uuid = str((*found)->partition.spec().uuid());
        if (seen.contains(uuid)) {
            done(errorReply(Error(proto::ERROR_INVALID_ARGUMENT, QStringLiteral("Partition %1 is named twice.")
                                                                      .arg(PlacementPlanner::label((*found)->partition.spec())))));
            return;
        }
        seen.insert(uuid);
        specs.append((*found)->partition.spec());
    }
    const auto mode = specs.size() == 1 ? PlacementPlanner::Mode::Single : PlacementPlanner::Mode::AllOrNothing;
    const auto outcome = PlacementPlanner::plan(placementInputs(), specs, mode, true);
    proto::OpsReply reply;
    *reply.mutable_placement() = outcome.plan;
    for (const auto &r : outcome.rejections)
        *reply.add_rejections() = r;
    Q_UNUSED(action);
    done(reply);
}

void OpsEngine::startBatch(const QString &user, const QList<proto::PartitionRef> &refs, PlacementPlanner::Mode mode,
                           const std::function<void(proto::OpsReply)> &done)
{
    const QString action = QStringLiteral("partition.start");
    QList<proto::PartitionSpec> specs;
    QSet<QString> seen;
    QStringList objects;
    for (const auto &ref : refs) {
        auto found = lookup(ref);
        if (!found) {
            recordRefusal(user, action, refObject(ref), found.error());
            done(errorReply(found.error()));
            return;
        }
        const auto &spec = (*found)->partition.spec();
        if (auto r = startable(**found); !r) {
            if (mode == PlacementPlanner::Mode::BestEffort)
                continue; // already where it should be, or busy: nothing to do for it
            recordRefusal(user, action, partitionObject(spec), r.error());
            done(errorReply(r.error()));
            return;
        }
        if (seen.contains(str(spec.uuid()))) {
            const Error twice(proto::ERROR_INVALID_ARGUMENT, QStringLiteral("Partition %1 is named twice.").arg(PlacementPlanner::label(spec)));
            recordRefusal(user, action, partitionObject(spec), twice);
            done(errorReply(twice));
            return;
        }
        seen.insert(str(spec.uuid()));
        specs.append(spec);
        objects << partitionObject(spec);
    }
    if (specs.isEmpty()) {
        proto::OpsReply reply;
        reply.mutable_partitions();
        done(reply);
        return;
    }

    const auto outcome = PlacementPlanner::plan(placementInputs(), specs, mode, false);
    if (!outcome.complete && mode == PlacementPlanner::Mode::AllOrNothing) {
        for (const auto &o : std::as_const(objects))
            recordRefusal(user, action, o, outcome.error);
        proto::OpsReply reply = errorReply(outcome.error);
        for (const auto &r : outcome.rejections)
            *reply.add_rejections() = r;
        *reply.mutable_placement() = outcome.plan;
        done(reply);
        return;
    }

    struct Batch
    {
        int pending = 0;
        QList<Error> failures;
        QStringList started;
        proto::PlacementPlan plan;
        QList<proto::PlacementRejection> rejections;
        QStringList uuids;
    };
    auto batch = std::make_shared<Batch>();
    batch->plan = outcome.plan;
    batch->rejections = outcome.rejections;
    for (const auto &s : std::as_const(specs))
        batch->uuids << str(s.uuid());
    auto finish = [this, batch, done] {
        proto::OpsReply reply;
        auto *list = reply.mutable_partitions();
        for (const auto &uuid : std::as_const(batch->uuids))
            if (const PartitionEntry *p = findPartition(uuid))
                *list->add_partitions() = p->partition;
        *reply.mutable_plan() = batch->plan;
        if (!batch->failures.isEmpty()) {
            QStringList why;
            for (const auto &f : std::as_const(batch->failures))
                why << f.message();
            *reply.mutable_error() = Error(batch->failures.first().code(),
                                           QStringLiteral("%1 of %2 partitions started. %3")
                                               .arg(batch->started.size())
                                               .arg(batch->uuids.size())
                                               .arg(joinSentences(why)))
                                         .toProto();
            for (const auto &r : std::as_const(batch->rejections))
                *reply.add_rejections() = r;
        }
        done(reply);
    };
    // Partitions that found no host (best effort) are refused now.
    for (const auto &d : outcome.plan.decisions()) {
        if (!d.host().empty())
            continue;
        const Error error(d.error().code() == proto::ERROR_NONE ? proto::ERROR_INSUFFICIENT_RESOURCES : d.error().code(),
                          str(d.error().message()));
        recordRefusal(user, action, refObject(d.partition()), error);
        batch->failures.append(error);
    }
    QList<std::pair<QString, proto::PlacementDecision>> placed;
    for (const auto &d : outcome.plan.decisions())
        if (!d.host().empty())
            placed.append({str(d.partition().uuid()), d});
    batch->pending = int(placed.size());
    if (placed.isEmpty()) {
        finish();
        return;
    }
    for (const auto &[uuid, d] : placed) {
        PartitionEntry *entry = findPartition(uuid);
        const QString name = str(d.partition().name());
        launch(user, *entry, str(d.host()), str(d.link()), [batch, finish, name](proto::OpsReply reply) {
            if (reply.has_error() && reply.error().code() != proto::ERROR_NONE)
                batch->failures.append(Error::fromProto(reply.error()));
            else
                batch->started << name;
            if (--batch->pending == 0)
                finish();
        });
    }
}

// ------------------------------------------------------------------ policy sets and calendars

Result<void> OpsEngine::validatePolicySet(const proto::PolicySet &set, const QSet<QString> &partitionNames) const
{
    const QString domain = str(set.domain());
    const QString name = str(set.name());
    if (auto r = model::validateName(QStringLiteral("policy set name"), name); !r)
        return r;
    if (auto r = validateDescription(QStringLiteral("policy set %1").arg(name), set.description()); !r)
        return r;
    QSet<QString> zones;
    for (const auto &z : set.zones()) {
        const QString zone = str(z.zone());
        if (auto r = model::validateName(QStringLiteral("zone name"), zone); !r)
            return r;
        if (zones.contains(zone))
            return Error(proto::ERROR_INVALID_ARGUMENT, QStringLiteral("Policy set %1 gives zone %2 twice.").arg(name, zone));
        zones.insert(zone);
        if (m_zones.find(zone) == m_zones.end())
            return Error(proto::ERROR_NOT_FOUND, QStringLiteral("Policy set %1 sets limits for zone %2, which does not exist.").arg(name, zone));
        if (hostsOfZone(zone).isEmpty())
            return Error(proto::ERROR_FAILED_PRECONDITION,
                         QStringLiteral("Policy set %1 sets limits for zone %2, which has no hosts; a policy for a zone without "
                                        "hosts cannot be put in force. Add hosts to the zone first.")
                             .arg(name, zone));
    }
    QSet<QString> run;
    for (const auto &p : set.run()) {
        const QString partition = str(p);
        if (auto r = model::validateName(QStringLiteral("partition name"), partition); !r)
            return r;
        if (!partitionNames.contains(partition))
            return Error(proto::ERROR_NOT_FOUND,
                         QStringLiteral("Policy set %1 runs partition %2, which does not exist in domain %3.").arg(name, partition, domain));
        if (run.contains(partition))
            return Error(proto::ERROR_INVALID_ARGUMENT, QStringLiteral("Policy set %1 names partition %2 twice.").arg(name, partition));
        run.insert(partition);
    }
    QSet<QString> stop;
    for (const auto &p : set.stop()) {
        const QString partition = str(p);
        if (auto r = model::validateName(QStringLiteral("partition name"), partition); !r)
            return r;
        if (!partitionNames.contains(partition))
            return Error(proto::ERROR_NOT_FOUND,
                         QStringLiteral("Policy set %1 stops partition %2, which does not exist in domain %3.").arg(name, partition, domain));
        if (run.contains(partition) || stop.contains(partition))
            return Error(proto::ERROR_INVALID_ARGUMENT,
                         QStringLiteral("Policy set %1 names partition %2 twice (to run and to stop).").arg(name, partition));
        stop.insert(partition);
    }
    QSet<QString> classes;
    for (const auto &s : set.shares()) {
        const QString qos = str(s.qos_class());
        if (auto r = validateOptionalName(QStringLiteral("QoS class"), s.qos_class()); !r)
            return r;
        if (classes.contains(qos))
            return Error(proto::ERROR_INVALID_ARGUMENT,
                         QStringLiteral("Policy set %1 gives CPU shares for class %2 twice.").arg(name, qos.isEmpty() ? QStringLiteral("(none)") : qos));
        classes.insert(qos);
        if (s.cpu_shares() < model::kMinCpuShares || s.cpu_shares() > model::kMaxCpuShares)
            return Error(proto::ERROR_INVALID_ARGUMENT, QStringLiteral("Policy set %1 gives %2 CPU shares; give between %3 and %4.")
                                                            .arg(name)
                                                            .arg(s.cpu_shares())
                                                            .arg(model::kMinCpuShares)
                                                            .arg(model::kMaxCpuShares));
    }
    return {};
}

proto::CalendarEntry OpsEngine::entryToProto(const QString &domain, const calendar::CalendarEntry &entry) const
{
    const QJsonObject o = calendar::CalendarJson::entryToJson(entry);
    proto::CalendarEntry e;
    e.set_domain(domain.toStdString());
    e.set_name(entry.name().toStdString());
    e.set_policy_set(entry.policySet().toStdString());
    e.set_time_zone(entry.timeZoneId().toStdString());
    e.set_start(o.value(QStringLiteral("start")).toString().toStdString());
    e.set_duration_seconds(entry.durationSeconds());
    e.set_recurrence(o.value(QStringLiteral("recurrence")).toString().toStdString());
    e.set_priority(entry.priority());
    e.set_description(entry.describe().toStdString());
    return e;
}

proto::OpsReply OpsEngine::putPolicySet(const QString &user, const proto::PutPolicySet &request)
{
    proto::PolicySet set = request.policy_set();
    if (set.domain().empty())
        set.set_domain("default");
    const QString domain = str(set.domain());
    const QString name = str(set.name());
    const QString action = request.replace() ? QStringLiteral("policy.replace") : QStringLiteral("policy.create");
    const QString object = policyObject(domain, name);
    auto refuse = [&](const Error &error) {
        recordRefusal(user, action, object, error);
        return errorReply(error);
    };
    if (m_domains.find(domain) == m_domains.end())
        return refuse(Error(proto::ERROR_NOT_FOUND, QStringLiteral("Domain %1 does not exist.").arg(domain)));
    QSet<QString> names;
    for (const auto &[uuid, p] : m_partitions)
        if (str(p.partition.spec().domain()) == domain)
            names.insert(str(p.partition.spec().name()));
    if (auto r = validatePolicySet(set, names); !r)
        return refuse(r.error());
    const proto::PolicySet *existing = policySet(domain, name);
    if (existing && !request.replace())
        return refuse(Error(proto::ERROR_ALREADY_EXISTS, QStringLiteral("Policy set %1 already exists in domain %2.").arg(name, domain)));
    if (!existing && request.replace())
        return refuse(Error(proto::ERROR_NOT_FOUND, QStringLiteral("Policy set %1 does not exist in domain %2.").arg(name, domain)));

    OpsDatabase::ChangeSet changes;
    changes.putPolicySets.append(set);
    changes.audit.append(audit(user, action, object, nullptr,
                               QStringLiteral("Policy set %1 of domain %2 %3: %4 zone limits, %5 to run, %6 to stop, %7 share classes.")
                                   .arg(name, domain, request.replace() ? QStringLiteral("replaced") : QStringLiteral("created"))
                                   .arg(set.zones_size())
                                   .arg(set.run_size())
                                   .arg(set.stop_size())
                                   .arg(set.shares_size())));
    if (auto r = m_database->apply(changes); !r)
        return refuse(r.error());
    m_policySets[{domain, name}] = set;
    // An edit of the set in force takes effect now.
    DomainCalendar &cal = m_calendars[domain];
    if (cal.applied == name)
        applyPolicySet(domain, name, cal.calendar.entryAt(now()));
    definitionsChanged();
    proto::OpsReply reply;
    *reply.mutable_policy_set() = set;
    return reply;
}

proto::OpsReply OpsEngine::putCalendarEntry(const QString &user, const proto::PutCalendarEntry &request)
{
    proto::CalendarEntry requested = request.entry();
    if (requested.domain().empty())
        requested.set_domain("default");
    const QString domain = str(requested.domain());
    const QString name = str(requested.name());
    const QString action = request.replace() ? QStringLiteral("calendar.replace") : QStringLiteral("calendar.add");
    const QString object = entryObject(domain, name);
    auto refuse = [&](const Error &error) {
        recordRefusal(user, action, object, error);
        return errorReply(error);
    };
    const auto cal = m_calendars.find(domain);
    if (m_domains.find(domain) == m_domains.end() || cal == m_calendars.end())
        return refuse(Error(proto::ERROR_NOT_FOUND, QStringLiteral("Domain %1 does not exist.").arg(domain)));
    auto entry = calendar::CalendarJson::entryFromProto(requested);
    if (!entry)
        return refuse(entry.error());
    const QString set = entry->policySet();
    if (!policySet(domain, set) && set != defaultPolicySetOf(domain))
        return refuse(Error(proto::ERROR_NOT_FOUND,
                            QStringLiteral("Policy set %1 does not exist in domain %2; create it before the calendar entry that "
                                           "puts it in force.")
                                .arg(set, domain)));
    calendar::PolicyCalendar updated = cal->second.calendar;
    if (request.replace()) {
        if (!updated.contains(name))
            return refuse(Error(proto::ERROR_NOT_FOUND, QStringLiteral("Calendar entry %1 does not exist in domain %2.").arg(name, domain)));
        if (auto r = updated.replaceEntry(*entry); !r)
            return refuse(r.error());
    } else {
        if (updated.contains(name))
            return refuse(Error(proto::ERROR_ALREADY_EXISTS, QStringLiteral("Calendar entry %1 already exists in domain %2.").arg(name, domain)));
        if (auto r = updated.addEntry(*entry); !r)
            return refuse(r.error());
    }
    OpsDatabase::ChangeSet changes;
    changes.putCalendarEntries.append({domain, name, calendar::CalendarJson::entryToText(*entry)});
    changes.audit.append(audit(user, action, object, nullptr, entry->describe()));
    if (auto r = m_database->apply(changes); !r)
        return refuse(r.error());
    cal->second.calendar = std::move(updated);
    scheduleCalendarTimer();
    definitionsChanged();
    proto::OpsReply reply;
    *reply.mutable_calendar_entry() = entryToProto(domain, *entry);
    return reply;
}

proto::OpsReply OpsEngine::deletePolicy(const QString &user, const proto::DeletePolicy &request)
{
    const QString domain = request.domain().empty() ? QStringLiteral("default") : str(request.domain());
    const QString setName = str(request.policy_set());
    const QString entryName = str(request.calendar_entry());
    const bool isSet = !setName.isEmpty();
    const QString action = isSet ? QStringLiteral("policy.delete") : QStringLiteral("calendar.remove");
    const QString object = isSet ? policyObject(domain, setName) : entryObject(domain, entryName);
    auto refuse = [&](const Error &error) {
        recordRefusal(user, action, object, error);
        return errorReply(error);
    };
    if (setName.isEmpty() == entryName.isEmpty())
        return refuse(Error(proto::ERROR_INVALID_ARGUMENT, QStringLiteral("Name either a policy set or a calendar entry to delete.")));
    const auto cal = m_calendars.find(domain);
    if (m_domains.find(domain) == m_domains.end() || cal == m_calendars.end())
        return refuse(Error(proto::ERROR_NOT_FOUND, QStringLiteral("Domain %1 does not exist.").arg(domain)));
    OpsDatabase::ChangeSet changes;
    proto::OpsReply reply;
    if (isSet) {
        const proto::PolicySet *set = policySet(domain, setName);
        if (!set)
            return refuse(Error(proto::ERROR_NOT_FOUND, QStringLiteral("Policy set %1 does not exist in domain %2.").arg(setName, domain)));
        QStringList users;
        for (const auto &e : cal->second.calendar.entries())
            if (e.policySet() == setName)
                users << e.name();
        if (!users.isEmpty())
            return refuse(Error(proto::ERROR_FAILED_PRECONDITION,
                                QStringLiteral("Policy set %1 is in use: calendar entries %2 put it in force; delete or change them first.")
                                    .arg(setName, listOf(users))));
        if (defaultPolicySetOf(domain) == setName)
            return refuse(Error(proto::ERROR_FAILED_PRECONDITION,
                                QStringLiteral("Policy set %1 is the default policy set of domain %2; choose another default first.")
                                    .arg(setName, domain)));
        *reply.mutable_policy_set() = *set;
        changes.removePolicySets.append({domain, setName});
        changes.audit.append(audit(user, action, object, nullptr, QStringLiteral("Policy set %1 of domain %2 deleted.").arg(setName, domain)));
        if (auto r = m_database->apply(changes); !r)
            return refuse(r.error());
        m_policySets.erase({domain, setName});
    } else {
        const auto entry = cal->second.calendar.entry(entryName);
        if (!entry)
            return refuse(Error(proto::ERROR_NOT_FOUND, QStringLiteral("Calendar entry %1 does not exist in domain %2.").arg(entryName, domain)));
        calendar::PolicyCalendar updated = cal->second.calendar;
        if (auto r = updated.removeEntry(entryName); !r)
            return refuse(r.error());
        *reply.mutable_calendar_entry() = entryToProto(domain, *entry);
        changes.removeCalendarEntries.append({domain, entryName});
        changes.audit.append(audit(user, action, object, nullptr,
                                   QStringLiteral("Calendar entry %1 of domain %2 removed.").arg(entryName, domain)));
        if (auto r = m_database->apply(changes); !r)
            return refuse(r.error());
        cal->second.calendar = std::move(updated);
        scheduleCalendarTimer();
    }
    definitionsChanged();
    return reply;
}

proto::OpsReply OpsEngine::listPolicies(const QString &domain) const
{
    if (!domain.isEmpty() && m_domains.find(domain) == m_domains.end())
        return errorReply(Error(proto::ERROR_NOT_FOUND, QStringLiteral("Domain %1 does not exist.").arg(domain)));
    proto::OpsReply reply;
    auto *list = reply.mutable_policies();
    for (const auto &[key, set] : m_policySets)
        if (domain.isEmpty() || key.first == domain)
            *list->add_policy_sets() = set;
    const QDateTime t = now();
    for (const auto &[name, cal] : m_calendars) {
        if (!domain.isEmpty() && name != domain)
            continue;
        for (const auto &e : cal.calendar.entries())
            *list->add_entries() = entryToProto(name, e);
        auto *status = list->add_status();
        status->set_domain(name.toStdString());
        status->set_policy_set_in_force(cal.applied.isEmpty() ? cal.calendar.policySetAt(t).toStdString() : cal.applied.toStdString());
        status->set_entry_in_force(cal.calendar.entryAt(t).toStdString());
        const calendar::CalendarSchedule schedule(*m_clock, cal.calendar);
        if (const auto next = schedule.nextBoundary(t)) {
            status->set_next_boundary_ms(next->at.toMSecsSinceEpoch());
            status->set_next_policy_set(next->policySetAfter.toStdString());
        }
    }
    return reply;
}

QList<PolicyTransition::PartitionState> OpsEngine::transitionStates(const QString &domain) const
{
    QList<PolicyTransition::PartitionState> out;
    const std::string name = domain.toStdString();
    for (const auto &[uuid, p] : m_partitions) {
        if (p.partition.spec().domain() != name)
            continue;
        PolicyTransition::PartitionState st;
        st.spec = p.partition.spec();
        st.running = p.busy ? p.desired == proto::PARTITION_STATE_RUNNING : occupiesHost(p.partition.state());
        st.startable = !p.busy && !occupiesHost(p.partition.state());
        out.append(st);
    }
    return out;
}

proto::OpsReply OpsEngine::previewCalendar(const proto::PreviewCalendar &request) const
{
    const QString only = str(request.domain());
    if (!only.isEmpty() && m_domains.find(only) == m_domains.end())
        return errorReply(Error(proto::ERROR_NOT_FOUND, QStringLiteral("Domain %1 does not exist.").arg(only)));
    const QDateTime from = request.from_ms() > 0 ? fromMs(request.from_ms()) : now();
    const bool window = request.until_ms() > 0;
    const QDateTime until = fromMs(request.until_ms());
    if (window && until <= from)
        return errorReply(Error(proto::ERROR_INVALID_ARGUMENT,
                                QStringLiteral("The preview window ends (%1) before it starts (%2); give an end after the start.")
                                    .arg(until.toString(Qt::ISODate), from.toString(Qt::ISODate))));
    if (window && from.daysTo(until) > 366)
        return errorReply(Error(proto::ERROR_INVALID_ARGUMENT, QStringLiteral("The preview window is longer than a year; shorten it.")));

    proto::OpsReply reply;
    auto *preview = reply.mutable_preview();
    QList<proto::PlannedBoundary> boundaries;
    for (const auto &[domain, cal] : m_calendars) {
        if (!only.isEmpty() && domain != only)
            continue;
        auto states = transitionStates(domain);
        std::optional<proto::PolicySet> current = cal.appliedDefinition;
        QString currentName = cal.applied;
        auto plan = [&](const QDateTime &at, const QString &after, const QString &entry, const QString &summary) {
            const proto::PolicySet *next = policySet(domain, after);
            const auto transition = PolicyTransition::plan(current ? &*current : nullptr, next, states);
            proto::PlannedBoundary b;
            b.set_domain(domain.toStdString());
            b.set_at_ms(at.toMSecsSinceEpoch());
            b.set_policy_set_before(currentName.toStdString());
            b.set_policy_set_after(after.toStdString());
            b.set_entry(entry.toStdString());
            b.set_summary(summary.toStdString());
            QStringList blocked;
            if (next)
                for (const auto &z : next->zones())
                    if (hostsOfZone(str(z.zone())).isEmpty())
                        blocked << str(z.zone());
            if (!blocked.isEmpty()) {
                b.add_changes(QStringLiteral("Refused: policy set %1 sets limits for zones without hosts (%2); nothing changes.")
                                  .arg(after, blocked.join(QStringLiteral(", ")))
                                  .toStdString());
            } else {
                for (const auto &s : transition.sentences())
                    b.add_changes(s.toStdString());
                if (transition.isEmpty())
                    b.add_changes(QStringLiteral("Nothing to start, stop or change.").toStdString());
                // What the next boundary starts from.
                for (auto &st : states) {
                    const QString n = str(st.spec.name());
                    if (transition.start.contains(n)) {
                        st.running = true;
                        st.startable = false;
                    } else if (transition.stop.contains(n)) {
                        st.running = false;
                        st.startable = true;
                    }
                }
                current = next ? std::optional<proto::PolicySet>(*next) : std::nullopt;
                currentName = after;
            }
            boundaries.append(b);
        };
        // A set in force that is not applied yet (the engine was away, or
        // its last attempt was refused) is applied at the next evaluation.
        const QString inForce = cal.calendar.policySetAt(from);
        if (inForce != currentName)
            plan(from, inForce, cal.calendar.entryAt(from),
                 QStringLiteral("Policy set %1 is in force but not applied yet (applied: %2); the engine applies it at its next "
                                "evaluation.")
                     .arg(inForce, currentName.isEmpty() ? QStringLiteral("none") : currentName));
        if (window) {
            for (const auto &b : cal.calendar.preview(from, until))
                plan(b.boundary.at, b.boundary.policySetAfter,
                     b.boundary.entry, b.summary);
        } else {
            const calendar::CalendarSchedule schedule(*m_clock, cal.calendar);
            if (const auto next = schedule.nextBoundary(from))
                plan(next->at, next->policySetAfter, next->entry, cal.calendar.summarize(*next));
        }
    }
    std::stable_sort(boundaries.begin(), boundaries.end(), [](const auto &a, const auto &b) { return a.at_ms() < b.at_ms(); });
    for (const auto &b : std::as_const(boundaries))
        *preview->add_boundaries() = b;
    return reply;
}

QString OpsEngine::appliedPolicySet(const QString &domain) const
{
    const auto it = m_calendars.find(domain);
    return it == m_calendars.end() ? QString() : it->second.applied;
}

void OpsEngine::setClock(const calendar::Clock *clock)
{
    m_clock = clock ? clock : m_systemClock.get();
    m_calendarTimerEnabled = clock == nullptr;
    m_calendarTimer.stop();
    scheduleCalendarTimer();
}

QDateTime OpsEngine::now() const
{
    return m_clock->now();
}

void OpsEngine::scheduleCalendarTimer()
{
    if (!m_calendarTimerEnabled)
        return;
    // At most an hour ahead: a wall clock that jumps is noticed within it.
    qint64 wait = 3600 * 1000;
    for (const auto &[domain, cal] : m_calendars) {
        if (cal.calendar.size() == 0)
            continue;
        const calendar::CalendarSchedule schedule(*m_clock, cal.calendar);
        if (const auto ms = schedule.msecsToNextBoundary())
            wait = std::min(wait, *ms);
    }
    m_calendarTimer.setTimerType(Qt::PreciseTimer);
    m_calendarTimer.start(int(std::max<qint64>(0, wait)));
}

void OpsEngine::evaluateCalendars()
{
    if (m_calendarWork > 0) {
        m_evaluateAgain = true;
        return;
    }
    ++m_calendarWork; // the evaluation itself
    const QDateTime t = now();
    QList<std::pair<QString, QString>> due;
    for (const auto &[domain, cal] : m_calendars) {
        const QString set = cal.calendar.policySetAt(t);
        if (set != cal.applied)
            due.append({domain, set});
    }
    for (const auto &[domain, set] : due)
        applyPolicySet(domain, set, m_calendars[domain].calendar.entryAt(t));
    scheduleCalendarTimer();
    calendarWorkDone();
}

void OpsEngine::calendarWorkDone()
{
    if (--m_calendarWork > 0)
        return;
    if (m_evaluateAgain) {
        m_evaluateAgain = false;
        evaluateCalendars();
        return;
    }
    emit calendarsSettled();
}

void OpsEngine::applyPolicySet(const QString &domain, const QString &setName, const QString &entryName)
{
    static const QString kUser = QStringLiteral("calendar");
    const QString action = QStringLiteral("calendar.apply");
    const QString object = QStringLiteral("domain %1").arg(domain);
    DomainCalendar &cal = m_calendars[domain];
    const proto::PolicySet *after = policySet(domain, setName);
    if (after) {
        QStringList empty;
        for (const auto &z : after->zones())
            if (hostsOfZone(str(z.zone())).isEmpty())
                empty << str(z.zone());
        if (!empty.isEmpty()) {
            recordRefusal(kUser, action, object,
                          Error(proto::ERROR_FAILED_PRECONDITION,
                                QStringLiteral("Policy set %1 cannot be put in force for domain %2: it sets limits for zones "
                                               "without hosts (%3). Nothing was changed.")
                                    .arg(setName, domain, empty.join(QStringLiteral(", ")))));
            return;
        }
    }
    const QDateTime t = now();
    if (!after && !cal.appliedDefinition) {
        // Nothing defined before or after (a domain without policy sets):
        // nothing changes, so nothing to record or audit.
        cal.applied = setName;
        cal.appliedAt = t;
        return;
    }
    const auto plan = PolicyTransition::plan(cal.appliedDefinition ? &*cal.appliedDefinition : nullptr, after, transitionStates(domain));
    OpsDatabase::ChangeSet changes;
    changes.putCalendarStates.append({domain, setName, t});
    const QString why = entryName.isEmpty() ? QStringLiteral("the domain's default") : QStringLiteral("calendar entry %1").arg(entryName);
    QString message = cal.applied.isEmpty() || cal.applied == setName
        ? QStringLiteral("Policy set %1 is in force for domain %2 (%3).").arg(setName, domain, why)
        : QStringLiteral("Policy set %1 is in force for domain %2 (%3); it replaces %4.").arg(setName, domain, why, cal.applied);
    const QStringList sentences = plan.sentences();
    if (!sentences.isEmpty())
        message += QLatin1Char(' ') + joinSentences(sentences);
    changes.audit.append(audit(kUser, action, object, nullptr, message));
    if (auto r = m_database->apply(changes); !r) {
        qCWarning(lcOpsEngine).noquote() << "cannot record the policy set in force:" << r.error().message();
        return;
    }
    qCInfo(lcOpsEngine).noquote() << message;
    cal.applied = setName;
    cal.appliedAt = t;
    cal.appliedDefinition = after ? std::optional<proto::PolicySet>(*after) : std::nullopt;
    refreshShares(domain, true);

    const int stepCount = int(plan.stop.size() + plan.start.size() + plan.shares.size());
    if (stepCount == 0) {
        // Only limits change: they are in force with the set, nothing to carry out.
        applyRunningShares(domain, setName, {});
        return;
    }
    beginTransition(domain, setName, entryName, plan);
}

void OpsEngine::beginTransition(const QString &domain, const QString &setName, const QString &entryName,
                                const PolicyTransition::Plan &plan)
{
    // Held until the transition ends, so calendarsSettled() waits for it.
    ++m_calendarWork;
    if (m_transitions.count(domain))
        finishTransition(domain, true); // the newer set wins; its plan starts from what is there now
    RunningTransition run;
    run.setName = setName;
    run.stops = plan.stop;
    run.starts = plan.start;
    run.shares = plan.shares;
    run.elapsed.start();
    run.progress.set_id(model::newUuid().toStdString());
    run.progress.set_domain(domain.toStdString());
    run.progress.set_policy_set(setName.toStdString());
    run.progress.set_calendar_entry(entryName.toStdString());
    // sentences() lists stops, starts and share changes first, in the order
    // they are done; the limits after them are in force already.
    const QStringList sentences = plan.sentences();
    const int stepCount = int(plan.stop.size() + plan.start.size() + plan.shares.size());
    for (int i = 0; i < stepCount; ++i)
        run.progress.add_steps(sentences.at(i).toStdString());
    run.progress.set_current_step(run.progress.steps(0));
    run.progress.set_started_ms(now().toMSecsSinceEpoch());
    const std::string id = run.progress.id();
    auto &stored = m_transitions.insert_or_assign(domain, std::move(run)).first->second;
    publishTransition(stored);
    runTransitionStep(domain, id);
}

void OpsEngine::runTransitionStep(const QString &domain, const std::string &id)
{
    static const QString kUser = QStringLiteral("calendar");
    const auto it = m_transitions.find(domain);
    if (it == m_transitions.end() || it->second.progress.id() != id)
        return;
    RunningTransition &run = it->second;
    const int done = int(run.progress.steps_done());
    if (!run.cancelledBy.isEmpty() || done >= run.progress.steps_size()) {
        finishTransition(domain);
        return;
    }
    const auto replyDone = [this, domain, id](int steps) {
        return [this, domain, id, steps](const proto::OpsReply &reply) {
            if (reply.has_error() && reply.error().code() != proto::ERROR_NONE) {
                const Error error = Error::fromProto(reply.error());
                transitionStepDone(domain, id, &error, steps);
            } else {
                transitionStepDone(domain, id, nullptr, steps);
            }
        };
    };
    const int stops = int(run.stops.size());
    const int starts = int(run.starts.size());
    if (done < stops) {
        stopPartition(kUser, refIn(domain, run.stops.at(done)), replyDone(1));
        return;
    }
    if (done < stops + starts) {
        // The starts are placed together (one batch sees them all), so they
        // are one step in flight.
        QList<proto::PartitionRef> refs;
        for (int i = done - stops; i < starts; ++i)
            refs.append(refIn(domain, run.starts.at(i)));
        startBatch(kUser, refs, PlacementPlanner::Mode::BestEffort, replyDone(int(refs.size())));
        return;
    }
    const QString name = run.shares.at(done - stops - starts).partition;
    const std::string domainName = domain.toStdString();
    QString uuid;
    for (const auto &[key, p] : m_partitions)
        if (p.partition.spec().domain() == domainName && str(p.partition.spec().name()) == name)
            uuid = key;
    const PartitionEntry *entry = uuid.isEmpty() ? nullptr : findPartition(uuid);
    if (!entry || entry->busy || entry->partition.state() != proto::PARTITION_STATE_RUNNING
        || (entry->runningShares && *entry->runningShares == entry->partition.effective_cpu_shares())) {
        // Not running (it gets the shares with its definition at its next
        // start) or already running with them.
        transitionStepDone(domain, id, nullptr, 1);
        return;
    }
    const QString setName = run.setName; // the step may end the transition before it returns
    sendRunningShares(uuid, setName, [this, domain, id](const Error *error) { transitionStepDone(domain, id, error, 1); });
}

void OpsEngine::transitionStepDone(const QString &domain, const std::string &id, const Error *error, int steps)
{
    const auto it = m_transitions.find(domain);
    if (it == m_transitions.end() || it->second.progress.id() != id)
        return; // superseded by a newer set
    RunningTransition &run = it->second;
    run.progress.set_steps_done(run.progress.steps_done() + std::uint32_t(steps));
    if (error && !run.progress.has_error())
        *run.progress.mutable_error() = error->toProto();
    const int done = int(run.progress.steps_done());
    if (!run.cancelledBy.isEmpty() || done >= run.progress.steps_size()) {
        finishTransition(domain);
        return;
    }
    run.progress.set_current_step(run.progress.steps(done));
    publishTransition(run);
    runTransitionStep(domain, id);
}

void OpsEngine::finishTransition(const QString &domain, bool superseded)
{
    const auto it = m_transitions.find(domain);
    if (it == m_transitions.end())
        return;
    RunningTransition run = std::move(it->second);
    m_transitions.erase(it);
    const int done = int(run.progress.steps_done());
    const bool cancelled = superseded || !run.cancelledBy.isEmpty();
    run.progress.set_finished(true);
    run.progress.set_cancelled(cancelled && done < run.progress.steps_size());
    run.progress.clear_current_step();
    if (!run.cancelledBy.isEmpty()) {
        QStringList skipped;
        for (int i = done; i < run.progress.steps_size(); ++i)
            skipped << str(run.progress.steps(i));
        const QString message =
            skipped.isEmpty()
                ? QStringLiteral("The change of domain %1 to policy set %2 was cancelled when all %3 steps were done.")
                      .arg(domain, run.setName)
                      .arg(done)
                : QStringLiteral("The change of domain %1 to policy set %2 was cancelled after %3 of %4 steps; not done: %5")
                      .arg(domain, run.setName)
                      .arg(done)
                      .arg(run.progress.steps_size())
                      .arg(skipped.join(QLatin1Char(' ')));
        if (auto r = m_database->recordAudit(audit(run.cancelledBy, QStringLiteral("calendar.cancel"),
                                                   QStringLiteral("domain %1").arg(domain), nullptr, message));
            !r)
            qCWarning(lcOpsEngine).noquote() << "cannot audit a cancelled calendar change:" << r.error().message();
        qCInfo(lcOpsEngine).noquote() << message;
    } else if (!superseded) {
        // Anything else still running with other shares (say, shares not
        // known when the plan was made) gets them now.
        applyRunningShares(domain, run.setName, {});
    }
    publishTransition(run);
    proto::OpsReply reply;
    *reply.mutable_policy_transition() = run.progress;
    for (const auto &waiter : std::as_const(run.cancelWaiters))
        waiter(reply);
    calendarWorkDone();
}

void OpsEngine::publishTransition(RunningTransition &run)
{
    run.progress.set_elapsed_ms(run.elapsed.elapsed());
    proto::StateDelta delta;
    *delta.mutable_policy_transition() = run.progress;
    publish(std::move(delta));
}

void OpsEngine::cancelPolicyTransition(const QString &user, const proto::CancelPolicyTransition &request,
                                       const ReplyHandler &done)
{
    const QString action = QStringLiteral("calendar.cancel");
    const QString domain = str(request.domain());
    const QString object = QStringLiteral("domain %1").arg(domain);
    const auto refuse = [&](const Error &error) {
        recordRefusal(user, action, object, error);
        done(errorReply(error));
    };
    if (domain.isEmpty())
        return refuse(Error(proto::ERROR_INVALID_ARGUMENT,
                            QStringLiteral("Name the domain whose calendar change is to be cancelled.")));
    if (!m_domains.count(domain))
        return refuse(Error(proto::ERROR_NOT_FOUND,
                            QStringLiteral("Domain %1 does not exist, so it has no calendar change to cancel.").arg(domain)));
    const auto it = m_transitions.find(domain);
    if (it == m_transitions.end())
        return refuse(Error(proto::ERROR_FAILED_PRECONDITION,
                            QStringLiteral("Domain %1 has no calendar change in progress; there is nothing to cancel.").arg(domain)));
    // A step is always in flight while a transition runs: it completes, the
    // steps after it are skipped, and the answer comes when it has.
    it->second.cancelWaiters.append(done);
    if (!it->second.cancelledBy.isEmpty())
        return;
    it->second.cancelledBy = user;
    // Cancelled but not finished: the step in flight is completing.
    it->second.progress.set_cancelled(true);
    publishTransition(it->second);
}

void OpsEngine::applyRunningShares(const QString &domain, const QString &setName, const QStringList &stopping)
{
    const std::string only = domain.toStdString();
    for (auto &[uuid, p] : m_partitions) {
        if (p.partition.spec().domain() != only || p.busy || p.partition.state() != proto::PARTITION_STATE_RUNNING)
            continue;
        const std::uint32_t shares = p.partition.effective_cpu_shares();
        if (p.runningShares && *p.runningShares == shares)
            continue;
        if (stopping.contains(str(p.partition.spec().name())))
            continue;
        sendRunningShares(uuid, setName, {});
    }
}

void OpsEngine::sendRunningShares(const QString &uuid, const QString &setName, const std::function<void(const Error *)> &then)
{
    static const QString kUser = QStringLiteral("calendar");
    const QString action = QStringLiteral("partition.shares");
    const auto describe = [](std::uint32_t shares) {
        return shares ? QStringLiteral("%1 CPU shares").arg(shares) : QStringLiteral("the host's default CPU shares");
    };
    PartitionEntry *p = findPartition(uuid);
    if (!p)
        return;
    const std::uint32_t shares = p->partition.effective_cpu_shares();
    const proto::PartitionSpec spec = p->partition.spec();
    const QString object = partitionObject(spec);
    const QString hostName = str(p->partition.host());
    HostEntry *host = findHost(hostName);
    if (!host || !host->link) {
        const Error error(proto::ERROR_NOT_FOUND,
                          QStringLiteral("Partition %1 runs on host %2, which is not known here; it keeps its CPU "
                                         "shares until it starts again.")
                              .arg(str(spec.name()), hostName));
        recordRefusal(kUser, action, object, error);
        if (then)
            then(&error);
        return;
    }
    ++m_calendarWork;
    host->link->setCpuShares(
        refOf(spec), shares,
        [this, key = uuid, spec, shares, hostName, setName, action, object, describe, then](Result<proto::AgentReply> reply) {
            const QString name = str(spec.name());
            std::optional<Error> failure;
            if (!reply) {
                failure = Error(reply.error().code(),
                                QStringLiteral("Partition %1 on host %2 keeps its CPU shares; %3 (policy set %4) "
                                               "could not be applied: %5")
                                    .arg(name, hostName, describe(shares), setName, reply.error().message()));
                recordRefusal(kUser, action, object, *failure);
            } else if (PartitionEntry *entry = findPartition(key)) {
                entry->runningShares = shares;
                const QString message = QStringLiteral("Partition %1 on host %2 now runs with %3 (policy set %4).")
                                            .arg(name, hostName, describe(shares), setName);
                if (auto r = m_database->recordAudit(audit(kUser, action, object, nullptr, message)); !r)
                    qCWarning(lcOpsEngine).noquote() << "cannot audit a change of CPU shares:" << r.error().message();
                qCInfo(lcOpsEngine).noquote() << message;
            }
            if (then)
                then(failure ? &*failure : nullptr);
            calendarWorkDone();
        });
}

// ------------------------------------------------------------------ audit

proto::OpsReply OpsEngine::queryAudit(const proto::QueryAudit &request) const
{
    OpsDatabase::AuditFilter filter;
    filter.object = str(request.object());
    if (request.since_ms() > 0)
        filter.since = fromMs(request.since_ms());
    if (request.until_ms() > 0)
        filter.until = fromMs(request.until_ms());
    if (filter.since.isValid() && filter.until.isValid() && filter.until <= filter.since)
        return errorReply(Error(proto::ERROR_INVALID_ARGUMENT,
                                QStringLiteral("The audit window ends (%1) before it starts (%2); give an end after the start.")
                                    .arg(filter.until.toString(Qt::ISODate), filter.since.toString(Qt::ISODate))));
    filter.user = str(request.user());
    filter.action = str(request.action());
    filter.limit = request.limit() > 0 ? int(std::min<std::uint32_t>(request.limit(), 100000)) : 1000;
    auto events = m_database->auditEvents(filter);
    if (!events)
        return errorReply(events.error());
    proto::OpsReply reply;
    auto *list = reply.mutable_audit();
    for (const auto &e : *events) {
        auto *r = list->add_events();
        r->set_id(e.id);
        r->set_time_ms(e.time.toMSecsSinceEpoch());
        r->set_user(e.user.toStdString());
        r->set_action(e.action.toStdString());
        r->set_object(e.object.toStdString());
        r->set_result(e.result.toStdString());
        r->set_message(e.message.toStdString());
    }
    return reply;
}

// ------------------------------------------------------------------ export and import

proto::OpsReply OpsEngine::exportDomain(const QString &user, const QString &name)
{
    const QString action = QStringLiteral("domain.export");
    const QString object = QStringLiteral("domain %1").arg(name);
    const auto it = m_domains.find(name);
    if (it == m_domains.end()) {
        const Error error(proto::ERROR_NOT_FOUND, QStringLiteral("Domain %1 does not exist.").arg(name));
        recordRefusal(user, action, object, error);
        return errorReply(error);
    }
    DomainDocument::Contents contents;
    contents.domain = it->second;
    for (const auto &p : partitions(name))
        contents.partitions.append(p.spec());
    for (const auto &[key, set] : m_policySets)
        if (key.first == name)
            contents.policySets.append(set);
    if (const auto cal = m_calendars.find(name); cal != m_calendars.end())
        contents.entries = cal->second.calendar.entries();
    const QString summary = QStringLiteral("Domain %1: %2 partitions, %3 policy sets, %4 calendar entries.")
                                .arg(name)
                                .arg(contents.partitions.size())
                                .arg(contents.policySets.size())
                                .arg(contents.entries.size());
    if (auto r = m_database->recordAudit(audit(user, action, object, nullptr, QStringLiteral("Exported. %1").arg(summary))); !r)
        return errorReply(r.error());
    proto::OpsReply reply;
    auto *document = reply.mutable_document();
    document->set_domain(name.toStdString());
    document->set_text(DomainDocument::write(contents, QDateTime::currentDateTimeUtc()).toStdString());
    document->set_summary(summary.toStdString());
    return reply;
}

proto::OpsReply OpsEngine::importDomain(const QString &user, const proto::ImportDomain &request)
{
    const QString action = QStringLiteral("domain.import");
    QString object = QStringLiteral("domain (import)");
    auto refuse = [&](const Error &error) {
        if (!request.dry_run())
            recordRefusal(user, action, object, error);
        return errorReply(error);
    };
    auto read = DomainDocument::read(QByteArray::fromStdString(request.document()));
    if (!read)
        return refuse(read.error());
    DomainDocument::Contents &contents = *read;
    const bool renamed = !request.rename_to().empty();
    const QString name = renamed ? str(request.rename_to()) : str(contents.domain.name());
    object = QStringLiteral("domain %1").arg(name);
    proto::Domain domain = contents.domain;
    domain.set_name(name.toStdString());
    if (auto r = validateDomain(domain); !r)
        return refuse(r.error());
    if (m_domains.find(name) != m_domains.end())
        return refuse(Error(proto::ERROR_ALREADY_EXISTS,
                            QStringLiteral("Domain %1 already exists; delete it first or import under another name.").arg(name)));

    // Partitions: checked as a create would check them, plus uniqueness
    // within the document.
    QSet<QString> names;
    QSet<QString> uuids;
    QList<OpsDatabase::PartitionRow> rows;
    for (auto spec : contents.partitions) {
        spec.set_domain(name.toStdString());
        if (spec.boot().empty())
            spec.set_boot("network");
        const QString partition = str(spec.name());
        if (auto r = model::validatePartitionSpec(spec); !r)
            return refuse(r.error());
        if (names.contains(partition))
            return refuse(Error(proto::ERROR_INVALID_ARGUMENT, QStringLiteral("Partition %1 is in the document twice.").arg(partition)));
        names.insert(partition);
        QStringList groupMates;
        if (!spec.anti_affinity_group().empty())
            for (const auto &other : std::as_const(contents.partitions))
                if (other.name() != spec.name() && other.anti_affinity_group() == spec.anti_affinity_group())
                    groupMates << str(other.name());
        if (auto r = validatePlacementRules(spec, domain, groupMates); !r)
            return refuse(r.error());
        if (!spec.zone().empty() && m_zones.find(str(spec.zone())) == m_zones.end())
            return refuse(Error(proto::ERROR_NOT_FOUND, QStringLiteral("Partition %1 is assigned to zone %2, which does not exist "
                                                                       "here; create the zone first.")
                                                            .arg(partition, str(spec.zone()))));
        if (renamed || spec.uuid().empty()) {
            spec.set_uuid(model::newUuid().toStdString());
        } else {
            spec.set_uuid(str(spec.uuid()).toLower().remove(QLatin1Char('{')).remove(QLatin1Char('}')).toStdString());
            const QString uuid = str(spec.uuid());
            if (const PartitionEntry *other = findPartition(uuid))
                return refuse(Error(proto::ERROR_ALREADY_EXISTS,
                                    QStringLiteral("Partition %1 has the UUID %2, which partition %3 already uses here; import "
                                                   "under another domain name to give the copies new UUIDs.")
                                        .arg(partition, uuid, PlacementPlanner::label(other->partition.spec()))));
            if (uuids.contains(uuid))
                return refuse(Error(proto::ERROR_INVALID_ARGUMENT, QStringLiteral("The UUID %1 is in the document twice.").arg(uuid)));
        }
        uuids.insert(str(spec.uuid()));
        OpsDatabase::PartitionRow row;
        *row.partition.mutable_spec() = spec;
        row.partition.set_state(proto::PARTITION_STATE_STOPPED);
        rows.append(row);
    }
    QSet<QString> setNames;
    for (auto &set : contents.policySets) {
        set.set_domain(name.toStdString());
        if (auto r = validatePolicySet(set, names); !r)
            return refuse(r.error());
        if (setNames.contains(str(set.name())))
            return refuse(Error(proto::ERROR_INVALID_ARGUMENT, QStringLiteral("Policy set %1 is in the document twice.").arg(str(set.name()))));
        setNames.insert(str(set.name()));
    }
    const QString defaultSet = domain.default_policy_set().empty() ? QStringLiteral("default") : str(domain.default_policy_set());
    if (defaultSet != QLatin1String("default") && !setNames.contains(defaultSet))
        return refuse(Error(proto::ERROR_NOT_FOUND,
                            QStringLiteral("The domain's default policy set %1 is not in the document.").arg(defaultSet)));
    auto calendar = calendar::PolicyCalendar::create(defaultSet);
    if (!calendar)
        return refuse(calendar.error());
    for (const auto &e : std::as_const(contents.entries)) {
        if (!setNames.contains(e.policySet()) && e.policySet() != defaultSet)
            return refuse(Error(proto::ERROR_NOT_FOUND, QStringLiteral("Calendar entry %1 puts policy set %2 in force, which is not "
                                                                       "in the document.")
                                                            .arg(e.name(), e.policySet())));
        if (auto r = calendar->addEntry(e); !r)
            return refuse(r.error());
    }
    const QString summary = QStringLiteral("Domain %1: %2 partitions, %3 policy sets, %4 calendar entries.")
                                .arg(name)
                                .arg(rows.size())
                                .arg(contents.policySets.size())
                                .arg(contents.entries.size());
    proto::OpsReply reply;
    auto *document = reply.mutable_document();
    document->set_domain(name.toStdString());
    if (request.dry_run()) {
        document->set_summary(QStringLiteral("Nothing was changed; the document can be imported. %1").arg(summary).toStdString());
        return reply;
    }

    OpsDatabase::ChangeSet changes;
    changes.putDomains.append(domain);
    changes.putPartitions = rows;
    changes.putPolicySets = contents.policySets;
    for (const auto &e : calendar->entries())
        changes.putCalendarEntries.append({name, e.name(), calendar::CalendarJson::entryToText(e)});
    changes.audit.append(audit(user, action, object, nullptr, QStringLiteral("Imported. %1").arg(summary)));
    if (auto r = m_database->apply(changes); !r)
        return refuse(r.error());

    m_domains[name] = domain;
    m_calendars[name].calendar = std::move(calendar).value();
    for (const auto &set : std::as_const(contents.policySets))
        m_policySets[{name, str(set.name())}] = set;
    proto::StateDelta delta;
    *delta.mutable_domain_updated() = domain;
    publish(std::move(delta));
    for (const auto &row : std::as_const(rows)) {
        PartitionEntry entry;
        entry.partition = row.partition;
        entry.partition.set_effective_cpu_shares(row.partition.spec().cpu_shares());
        m_partitions[str(row.partition.spec().uuid())] = entry;
        proto::StateDelta d;
        *d.mutable_partition_updated() = entry.partition;
        publish(std::move(d));
    }
    scheduleCalendarTimer();
    definitionsChanged();
    document->set_summary(QStringLiteral("Imported. %1").arg(summary).toStdString());
    return reply;
}

} // namespace vdc::ops
