#include "transactionprocessor.h"

#include "domainxmleditor.h"
#include "indexlist.h"
#include "libvirtconnection.h"
#include "monitorlogging.h"

#include "core/version.h"
#include "model/validation.h"

#include <QUuid>

#include <libvirt/libvirt.h>

#include <algorithm>
#include <map>
#include <set>

namespace vdc::monitor {

namespace {

QString fromStd(const std::string &s) { return QString::fromStdString(s); }

// The canonical lower-case form libvirt uses; empty when not a UUID.
QString canonicalUuid(const std::string &text)
{
    const QUuid uuid = QUuid::fromString(QString::fromStdString(text));
    return uuid.isNull() ? QString() : uuid.toString(QUuid::WithoutBraces);
}

std::vector<std::uint32_t> toVector(const google::protobuf::RepeatedField<std::uint32_t> &field)
{
    return std::vector<std::uint32_t>(field.begin(), field.end());
}

// Same cores in the same vCPU order, and the same set of granules.
bool sameResources(const Holding &held, const proto::ResourceAssignment &assignment)
{
    std::vector<std::uint32_t> granules = toVector(assignment.memory_granules());
    std::sort(granules.begin(), granules.end());
    return held.cores == toVector(assignment.cores()) && held.granules == granules;
}

// Granule indices recorded with another granule size, mapped onto the
// granules of the current size that cover the same memory.
std::vector<std::uint32_t> convertGranules(const google::protobuf::RepeatedField<std::uint32_t> &granules,
                                           std::uint32_t fromMib, std::uint32_t toMib)
{
    std::set<std::uint32_t> result;
    for (const std::uint32_t g : granules) {
        const quint64 begin = quint64(g) * fromMib;
        const quint64 end = begin + fromMib; // exclusive
        for (quint64 n = begin / toMib; n * toMib < end; ++n)
            result.insert(std::uint32_t(n));
    }
    return std::vector<std::uint32_t>(result.begin(), result.end());
}

proto::ChannelMessage errorMessage(std::uint64_t requestId, proto::ErrorCode code, const QString &message)
{
    proto::ChannelMessage reply;
    reply.set_protocol_version(kProtocolVersion);
    reply.set_request_id(requestId);
    *reply.mutable_error() = Error(code, message).toProto();
    return reply;
}

} // namespace

TransactionProcessor::TransactionProcessor(LibvirtConnection &connection, ResourceDatabase database,
                                           ProcessorSettings settings)
    : m_connection(connection),
      m_database(std::move(database)),
      m_settings(std::move(settings)),
      m_builder(connection.domainType(), m_settings.serialLogDir)
{
}

TransactionProcessor::~TransactionProcessor()
{
    for (auto &[uuid, migration] : m_migrations)
        if (migration.job)
            (void)migration.job->cancel();
    m_migrations.clear(); // each job waits for its threads
}

Result<std::unique_ptr<TransactionProcessor>> TransactionProcessor::create(LibvirtConnection &connection,
                                                                          const ProcessorSettings &settings)
{
    if (settings.granuleMib == 0)
        return Error(proto::ERROR_INVALID_ARGUMENT, QStringLiteral("The memory granule size is 0 MiB; give at least 1 MiB."));
    auto node = connection.nodeResources();
    if (!node)
        return node.error();

    ResourceLayout layout;
    layout.coreNumaNodes = node->coreNumaNodes;
    layout.granuleMib = settings.granuleMib;
    layout.memoryGranules = std::uint32_t(std::min<quint64>(node->memoryMib / settings.granuleMib, UINT32_MAX));
    layout.reservedCores = settings.reserveCores;
    layout.reservedGranules = std::uint32_t(
        std::min<quint64>((settings.reserveMemoryMib + settings.granuleMib - 1) / settings.granuleMib, UINT32_MAX));
    auto database = ResourceDatabase::create(layout);
    if (!database)
        return database.error();

    std::unique_ptr<TransactionProcessor> processor(
        new TransactionProcessor(connection, std::move(database.value()), settings));
    if (auto rebuilt = processor->rebuild(); !rebuilt)
        return rebuilt.error();
    processor->followRunningMigrations();
    return processor;
}

Result<void> TransactionProcessor::rebuild()
{
    auto domains = m_connection.listAllDomains();
    if (!domains)
        return domains.error();

    struct Found
    {
        QString name;
        QString uuid;
        PartitionMetadata metadata;
    };
    std::vector<Found> found;
    const auto problem = [this](const QString &sentence) {
        qCCritical(lcMonitorResources).noquote() << sentence;
        m_rebuildProblems << sentence;
    };

    for (LibvirtDomain &domain : *domains) {
        const QString name = domain.name();
        auto xml = domain.metadata(PartitionMetadata::kNamespaceUri);
        if (!xml) {
            problem(QStringLiteral("Domain %1 could not be examined, so its resources are not assigned: %2")
                        .arg(name, xml.error().message()));
            continue;
        }
        if (!xml->has_value()) {
            // Not created by vdc: its cores are not vdc's to track.
            qCInfo(lcMonitorResources).noquote() << "Domain" << name << "has no vdc metadata; it is not managed by vdc.";
            continue;
        }
        auto metadata = PartitionMetadata::parse(**xml);
        if (!metadata) {
            problem(QStringLiteral("Domain %1 has vdc metadata that cannot be read, so its resources are not assigned: %2")
                        .arg(name, metadata.error().message()));
            continue;
        }
        const QString uuid = domain.uuid();
        if (canonicalUuid(metadata->spec.uuid()) != uuid) {
            problem(QStringLiteral("Domain %1 has UUID %2 but its vdc metadata names partition UUID %3; its resources "
                                   "are not assigned.")
                        .arg(name, uuid, fromStd(metadata->spec.uuid())));
            continue;
        }
        auto active = domain.isActive();
        if (!active) {
            problem(active.error().message());
            continue;
        }
        if (!*active) {
            // Only running domains hold resources; this one is left defined
            // for the agent to activate again (redefined then) or deactivate.
            qCWarning(lcMonitorResources).noquote()
                << QStringLiteral("Domain %1 is defined but shut off, so it holds no resources; activating partition %2 "
                                  "again starts it, deactivating it removes it.")
                       .arg(name, fromStd(metadata->spec.name()));
            continue;
        }
        if (metadata->granuleMib != m_database.granuleMib()) {
            const auto converted =
                convertGranules(metadata->assignment.memory_granules(), metadata->granuleMib, m_database.granuleMib());
            qCWarning(lcMonitorResources).noquote()
                << "Domain" << name << "recorded" << metadata->granuleMib << "MiB granules; the host now uses"
                << m_database.granuleMib() << "MiB granules, its memory maps to granules" << formatIndexList(converted);
            metadata->assignment.clear_memory_granules();
            metadata->assignment.mutable_memory_granules()->Add(converted.begin(), converted.end());
            metadata->granuleMib = m_database.granuleMib();
        }
        found.push_back(Found{name, uuid, std::move(metadata.value())});
    }

    // In transaction order, as they were committed: on a collision the later
    // one is the one that should never have been started.
    std::sort(found.begin(), found.end(), [](const Found &a, const Found &b) {
        if (a.metadata.txid != b.metadata.txid)
            return a.metadata.txid < b.metadata.txid;
        return a.name < b.name;
    });

    for (const Found &f : found) {
        auto committed = m_database.commit(f.uuid, f.name, f.metadata.assignment);
        if (!committed) {
            problem(QStringLiteral("Domain %1 is running with cores %2 and memory granules %3, which cannot be given to "
                                   "it: %4 Its resources are NOT assigned twice; stop one of the domains by hand, or "
                                   "check --reserve-cores and --reserve-memory if a reserved resource is named.")
                        .arg(f.name, formatIndexList(toVector(f.metadata.assignment.cores())),
                             formatIndexList(toVector(f.metadata.assignment.memory_granules())),
                             committed.error().message()));
            continue;
        }
        qCInfo(lcMonitorResources).noquote() << "Rebuilt partition" << f.name << "from libvirt.";
        // A replay of the transaction that created the domain must not apply it again.
        if (f.metadata.txid != 0) {
            proto::Transaction original;
            original.set_txid(f.metadata.txid);
            original.set_op(proto::TRANSACTION_OP_ACTIVATE);
            *original.mutable_partition() = f.metadata.spec;
            remember(f.metadata.txid, success(original, proto::PARTITION_STATE_RUNNING, m_database.holding(f.uuid)));
        }
    }
    return {};
}

std::vector<proto::ChannelMessage> TransactionProcessor::processFrame(const QByteArray &frame)
{
    proto::ChannelMessage message;
    if (!message.ParseFromArray(frame.constData(), int(frame.size())) || message.protocol_version() == 0) {
        qCWarning(lcMonitorChannel) << "Refused a frame of" << frame.size() << "bytes that is not a channel message.";
        return {errorMessage(0, proto::ERROR_MALFORMED,
                             QStringLiteral("Cannot decode a channel frame (%1 bytes): not a valid ChannelMessage.")
                                 .arg(frame.size()))};
    }
    return process(message);
}

std::vector<proto::ChannelMessage> TransactionProcessor::process(const proto::ChannelMessage &message)
{
    if (message.protocol_version() != kProtocolVersion)
        return {errorMessage(message.request_id(), proto::ERROR_UNSUPPORTED_VERSION,
                             QStringLiteral("The channel message has protocol version %1; this monitor speaks version %2.")
                                 .arg(message.protocol_version())
                                 .arg(kProtocolVersion))};

    switch (message.body_case()) {
    case proto::ChannelMessage::kTransaction: {
        bool changed = false;
        auto result = submit(message.transaction(), &changed);
        if (!result)
            return {}; // answered by collectEvents() when it is done
        proto::ChannelMessage reply;
        reply.set_protocol_version(kProtocolVersion);
        reply.set_request_id(message.request_id());
        *reply.mutable_result() = std::move(*result);
        std::vector<proto::ChannelMessage> replies{std::move(reply)};
        if (changed)
            replies.push_back(snapshotMessage(0));
        return replies;
    }
    case proto::ChannelMessage::kSnapshotRequest:
        return {snapshotMessage(message.request_id())};
    case proto::ChannelMessage::kError:
        qCWarning(lcMonitorChannel).noquote() << "The agent refused a frame of this monitor:"
                                              << fromStd(message.error().message());
        return {};
    case proto::ChannelMessage::BODY_NOT_SET:
        return {errorMessage(message.request_id(), proto::ERROR_MALFORMED,
                             QStringLiteral("The channel message %1 has no body; send a transaction or a snapshot request.")
                                 .arg(message.request_id()))};
    default:
        return {errorMessage(message.request_id(), proto::ERROR_INVALID_ARGUMENT,
                             QStringLiteral("The monitor takes transactions and snapshot requests; message %1 is neither.")
                                 .arg(message.request_id()))};
    }
}

proto::TransactionResult TransactionProcessor::apply(const proto::Transaction &transaction, bool *changed)
{
    if (transaction.op() == proto::TRANSACTION_OP_MIGRATE_OUT)
        return failure(transaction, Error(proto::ERROR_INTERNAL,
                                          QStringLiteral("Transaction %1 migrates partition %2 out; that is answered "
                                                         "later, so it goes through submit().")
                                              .arg(transaction.txid())
                                              .arg(fromStd(transaction.partition().name()))));
    return *submit(transaction, changed);
}

std::optional<proto::TransactionResult> TransactionProcessor::submit(const proto::Transaction &transaction,
                                                                     bool *changed)
{
    bool dummy = false;
    bool *changedFlag = changed ? changed : &dummy;
    *changedFlag = false;

    if (transaction.txid() == 0)
        return failure(transaction, Error(proto::ERROR_INVALID_ARGUMENT,
                                          QStringLiteral("The transaction for partition %1 has no txid; every transaction "
                                                         "needs one so it is never applied twice.")
                                              .arg(fromStd(transaction.partition().name()))));
    if (const auto it = m_results.find(transaction.txid()); it != m_results.end()) {
        qCInfo(lcMonitorResources) << "Transaction" << transaction.txid() << "was already processed; replaying its result.";
        return it->second;
    }
    for (const auto &[uuid, migration] : m_migrations) {
        if (migration.txid == transaction.txid()) {
            qCInfo(lcMonitorResources) << "Transaction" << transaction.txid()
                                       << "is a migration still running; its result follows when it ends.";
            return std::nullopt;
        }
    }

    proto::TransactionResult result;
    switch (transaction.op()) {
    case proto::TRANSACTION_OP_ACTIVATE:
        result = activate(transaction, changedFlag);
        break;
    case proto::TRANSACTION_OP_DEACTIVATE:
        result = deactivate(transaction, changedFlag);
        break;
    case proto::TRANSACTION_OP_RESERVE:
        result = reserve(transaction, changedFlag);
        break;
    case proto::TRANSACTION_OP_ADOPT:
        result = adopt(transaction, changedFlag);
        break;
    case proto::TRANSACTION_OP_RELEASE:
        result = release(transaction, changedFlag);
        break;
    case proto::TRANSACTION_OP_RESTORE:
        result = restore(transaction, changedFlag);
        break;
    case proto::TRANSACTION_OP_CANCEL_MIGRATION:
        result = cancelMigration(transaction);
        break;
    case proto::TRANSACTION_OP_SET_SHARES:
        result = setShares(transaction);
        break;
    case proto::TRANSACTION_OP_MIGRATE_OUT: {
        auto started = migrateOut(transaction);
        if (!started)
            return std::nullopt; // remembered when it ends
        result = std::move(*started);
        break;
    }
    default:
        result = failure(transaction, Error(proto::ERROR_INVALID_ARGUMENT,
                                            QStringLiteral("Transaction %1 has operation %2; this monitor knows activate, "
                                                           "deactivate, reserve, adopt, release, migrate-out, "
                                                           "cancel-migration, restore and set-shares.")
                                                .arg(transaction.txid())
                                                .arg(int(transaction.op()))));
        break;
    }
    remember(transaction.txid(), result);
    return result;
}

Result<void> TransactionProcessor::validateActivation(const proto::Transaction &transaction) const
{
    const proto::PartitionSpec &spec = transaction.partition();
    if (auto valid = model::validatePartitionSpec(spec); !valid)
        return valid;
    if (canonicalUuid(spec.uuid()).isEmpty())
        return Error(proto::ERROR_INVALID_ARGUMENT,
                     QStringLiteral("Partition %1 has no UUID; the monitor records resources by UUID.").arg(fromStd(spec.name())));
    if (auto boot = DomainXmlBuilder::validateBoot(spec); !boot)
        return boot;
    const proto::ResourceAssignment &resources = transaction.resources();
    if (std::uint32_t(resources.cores_size()) != spec.vcpus())
        return Error(proto::ERROR_INVALID_ARGUMENT,
                     QStringLiteral("Partition %1 has %2 vCPUs but the transaction gives it %3 cores; each vCPU needs "
                                    "exactly one core.")
                         .arg(fromStd(spec.name()))
                         .arg(spec.vcpus())
                         .arg(resources.cores_size()));
    const quint64 granted = quint64(resources.memory_granules_size()) * m_database.granuleMib();
    if (granted < spec.memory_mib()) {
        const quint64 needed = (spec.memory_mib() + m_database.granuleMib() - 1) / m_database.granuleMib();
        return Error(proto::ERROR_INVALID_ARGUMENT,
                     QStringLiteral("Partition %1 needs %2 MiB, but the transaction gives it %3 memory granules of %4 MiB "
                                    "(%5 MiB); it needs %6 granules.")
                         .arg(fromStd(spec.name()))
                         .arg(spec.memory_mib())
                         .arg(resources.memory_granules_size())
                         .arg(m_database.granuleMib())
                         .arg(granted)
                         .arg(needed));
    }
    return {};
}

Result<void> TransactionProcessor::startDomain(const PartitionMetadata &metadata, bool mayUndefineOnFailure)
{
    auto xml = m_builder.build(metadata);
    if (!xml)
        return xml.error();
    const QString name = DomainXmlBuilder::domainName(metadata.spec);
    auto domain = m_connection.define(*xml, name);
    if (!domain)
        return domain.error();
    if (auto started = domain->start(); !started) {
        if (mayUndefineOnFailure) {
            if (auto undefined = domain->undefine(); !undefined)
                qCWarning(lcMonitorLibvirt).noquote() << undefined.error().message();
        }
        return started.error();
    }
    qCInfo(lcMonitorLibvirt).noquote() << "Started domain" << name;
    return {};
}

proto::TransactionResult TransactionProcessor::activate(const proto::Transaction &transaction, bool *changed)
{
    if (auto valid = validateActivation(transaction); !valid)
        return failure(transaction, valid.error());

    const proto::PartitionSpec &spec = transaction.partition();
    const QString uuid = canonicalUuid(spec.uuid());
    const QString name = DomainXmlBuilder::domainName(spec);
    PartitionMetadata metadata;
    metadata.spec = spec;
    metadata.spec.set_uuid(uuid.toStdString());
    metadata.assignment = transaction.resources();
    metadata.assignment.set_memory_mib(quint64(metadata.assignment.memory_granules_size()) * m_database.granuleMib());
    metadata.txid = transaction.txid();
    metadata.granuleMib = m_database.granuleMib();

    if (const Holding *held = m_database.holding(uuid); held && held->kind != HoldingKind::Active) {
        const QString why = held->kind == HoldingKind::Reserved
            ? QStringLiteral("Partition %1 has resources reserved on this host for an incoming migration; complete or "
                             "abort the migration before activating it here.")
            : QStringLiteral("Partition %1 was saved on this host for an offline migration; restore or release it "
                             "before activating it here.");
        return failure(transaction, Error(proto::ERROR_FAILED_PRECONDITION, why.arg(fromStd(spec.name()))));
    }
    if (m_migrations.count(uuid))
        return failure(transaction, Error(proto::ERROR_FAILED_PRECONDITION,
                                          QStringLiteral("Partition %1 is being migrated out of this host; cancel the "
                                                         "migration first.")
                                              .arg(fromStd(spec.name()))));

    auto existing = m_connection.lookupByUuid(uuid);
    if (!existing)
        return failure(transaction, existing.error());

    if (const Holding *held = m_database.holding(uuid); held && sameResources(*held, transaction.resources())) {
        // Already active with these resources: make sure its domain runs.
        bool running = false;
        if (existing->has_value()) {
            auto active = (*existing)->isActive();
            if (!active)
                return failure(transaction, active.error());
            running = *active;
            if (!running) {
                if (auto started = (*existing)->start(); !started)
                    return failure(transaction, started.error());
            }
        } else {
            qCWarning(lcMonitorLibvirt).noquote() << "Domain" << name << "disappeared from libvirt; defining it again.";
            if (auto started = startDomain(metadata, true); !started)
                return failure(transaction, started.error());
        }
        qCInfo(lcMonitorResources).noquote() << "Partition" << name << "is already active with these resources"
                                             << (running ? "" : "(its domain was started again)");
        return success(transaction, proto::PARTITION_STATE_RUNNING, held);
    }

    if (auto free = m_database.check(uuid, name, transaction.resources()); !free)
        return failure(transaction, free.error());

    auto sameName = m_connection.lookupByName(name);
    if (!sameName)
        return failure(transaction, sameName.error());
    if (sameName->has_value() && (*sameName)->uuid() != uuid)
        return failure(transaction,
                       Error(proto::ERROR_ALREADY_EXISTS,
                             QStringLiteral("A libvirt domain named %1 already exists on this host with UUID %2, not %3; "
                                            "remove or rename it before activating partition %4.")
                                 .arg(name, (*sameName)->uuid(), uuid, fromStd(spec.name()))));
    if (existing->has_value()) {
        auto active = (*existing)->isActive();
        if (!active)
            return failure(transaction, active.error());
        if (*active)
            return failure(transaction,
                           Error(proto::ERROR_FAILED_PRECONDITION,
                                 QStringLiteral("Domain %1 with UUID %2 is already running on this host but holds no "
                                                "resources in the monitor's database (see the monitor's log); stop it by "
                                                "hand before activating partition %3.")
                                     .arg((*existing)->name(), uuid, fromStd(spec.name()))));
    }

    // Validated above and nothing else runs in between, so the commit after
    // the domain started cannot fail; doing libvirt first means a libvirt
    // failure leaves the database (and its version) untouched.
    if (auto started = startDomain(metadata, true); !started) {
        qCWarning(lcMonitorLibvirt).noquote() << started.error().message();
        return failure(transaction, started.error());
    }
    auto committed = m_database.commit(uuid, name, metadata.assignment);
    if (!committed) {
        qCCritical(lcMonitorResources).noquote() << "Partition" << name << "started but its resources could not be recorded:"
                                                 << committed.error().message();
        if (auto domain = m_connection.lookupByUuid(uuid); domain && domain->has_value()) {
            (void)(*domain)->destroy();
            (void)(*domain)->undefine();
        }
        return failure(transaction, committed.error());
    }
    *changed = true;
    return success(transaction, proto::PARTITION_STATE_RUNNING, m_database.holding(uuid));
}

proto::TransactionResult TransactionProcessor::deactivate(const proto::Transaction &transaction, bool *changed)
{
    const proto::PartitionSpec &spec = transaction.partition();
    const QString uuid = canonicalUuid(spec.uuid());
    if (uuid.isEmpty())
        return failure(transaction, Error(proto::ERROR_INVALID_ARGUMENT,
                                          QStringLiteral("The deactivation of partition %1 names no valid UUID (\"%2\").")
                                              .arg(fromStd(spec.name()), fromStd(spec.uuid()))));

    if (m_migrations.count(uuid))
        return failure(transaction, Error(proto::ERROR_FAILED_PRECONDITION,
                                          QStringLiteral("Partition %1 is being migrated out of this host; cancel the "
                                                         "migration before stopping it.")
                                              .arg(fromStd(spec.name()))));
    const Holding *held = m_database.holding(uuid);
    auto domain = m_connection.lookupByUuid(uuid);
    if (!domain)
        return failure(transaction, domain.error());
    if (domain->has_value()) {
        LibvirtDomain &d = **domain;
        if (!held) {
            // Only domains vdc created are ever touched.
            auto metadata = d.metadata(PartitionMetadata::kNamespaceUri);
            if (!metadata)
                return failure(transaction, metadata.error());
            if (!metadata->has_value())
                return failure(transaction,
                               Error(proto::ERROR_FAILED_PRECONDITION,
                                     QStringLiteral("Domain %1 has the UUID of partition %2 but was not created by vdc; "
                                                    "the monitor leaves it alone.")
                                         .arg(d.name(), fromStd(spec.name()))));
        }
        auto active = d.isActive();
        if (!active)
            return failure(transaction, active.error());
        if (*active) {
            if (auto destroyed = d.destroy(); !destroyed)
                return failure(transaction, destroyed.error());
        }
        if (auto undefined = d.undefine(); !undefined)
            return failure(transaction, undefined.error());
        qCInfo(lcMonitorLibvirt).noquote() << "Stopped and undefined domain" << d.name();
    }
    if (held) {
        if (auto released = m_database.release(uuid); released)
            *changed = true;
    } else {
        qCInfo(lcMonitorResources).noquote() << "Partition" << fromStd(spec.name()) << "was not active on this host.";
    }
    return success(transaction, proto::PARTITION_STATE_STOPPED, nullptr);
}

proto::TransactionResult TransactionProcessor::setShares(const proto::Transaction &transaction)
{
    const proto::PartitionSpec &spec = transaction.partition();
    const QString uuid = canonicalUuid(spec.uuid());
    if (uuid.isEmpty())
        return failure(transaction, Error(proto::ERROR_INVALID_ARGUMENT,
                                          QStringLiteral("The share change of partition %1 names no valid UUID (\"%2\").")
                                              .arg(fromStd(spec.name()), fromStd(spec.uuid()))));
    const Holding *held = m_database.holding(uuid);
    if (!held || held->kind != HoldingKind::Active)
        return failure(transaction, Error(proto::ERROR_FAILED_PRECONDITION,
                                          QStringLiteral("Partition %1 is not running on host %2; its CPU shares change "
                                                         "only while it runs here.")
                                              .arg(fromStd(spec.name()), m_settings.hostName)));
    auto domain = m_connection.lookupByUuid(uuid);
    if (!domain)
        return failure(transaction, domain.error());
    if (!domain->has_value())
        return failure(transaction, Error(proto::ERROR_FAILED_PRECONDITION,
                                          QStringLiteral("Partition %1 holds resources on host %2 but has no libvirt "
                                                         "domain there; its CPU shares cannot change.")
                                              .arg(fromStd(spec.name()), m_settings.hostName)));
    LibvirtDomain &d = **domain;
    auto active = d.isActive();
    if (!active)
        return failure(transaction, active.error());
    if (!*active)
        return failure(transaction, Error(proto::ERROR_FAILED_PRECONDITION,
                                          QStringLiteral("Domain %1 of partition %2 is not running; its CPU shares "
                                                         "change only while it runs.")
                                              .arg(d.name(), fromStd(spec.name()))));
    if (auto set = d.setCpuShares(spec.cpu_shares()); !set)
        return failure(transaction, set.error());
    // The metadata follows, so a restarted monitor knows what the domain runs with.
    auto xml = d.metadata(PartitionMetadata::kNamespaceUri);
    if (!xml)
        return failure(transaction, xml.error());
    if (xml->has_value()) {
        auto metadata = PartitionMetadata::parse(**xml);
        if (!metadata)
            return failure(transaction, metadata.error());
        metadata->spec.set_cpu_shares(spec.cpu_shares());
        // virDomainSetMetadata declares the namespace itself and wants the
        // element without it (as virDomainGetMetadata returns it).
        QString plain = metadata->toXml();
        plain.remove(QStringLiteral(" xmlns:%1=\"%2\"").arg(PartitionMetadata::kPrefix, PartitionMetadata::kNamespaceUri));
        plain.replace(QStringLiteral("<%1:").arg(PartitionMetadata::kPrefix), QStringLiteral("<"));
        plain.replace(QStringLiteral("</%1:").arg(PartitionMetadata::kPrefix), QStringLiteral("</"));
        if (auto written = d.setMetadata(PartitionMetadata::kNamespaceUri, PartitionMetadata::kPrefix, plain);
            !written)
            return failure(transaction, written.error());
    }
    qCInfo(lcMonitorLibvirt).noquote() << "Domain" << d.name() << "now runs with" << spec.cpu_shares() << "CPU shares.";
    return success(transaction, proto::PARTITION_STATE_RUNNING, held);
}

proto::TransactionResult TransactionProcessor::success(const proto::Transaction &transaction,
                                                       proto::PartitionState state, const Holding *holding) const
{
    proto::TransactionResult result;
    result.set_txid(transaction.txid());
    result.mutable_error()->set_code(proto::ERROR_NONE);
    result.set_version(m_database.version());
    proto::Partition *partition = result.mutable_partition();
    *partition->mutable_spec() = transaction.partition();
    partition->set_state(state);
    partition->set_host(m_settings.hostName.toStdString());
    if (holding) {
        proto::ResourceAssignment *assignment = partition->mutable_assignment();
        for (const std::uint32_t core : holding->cores)
            assignment->add_cores(core);
        for (const std::uint32_t granule : holding->granules)
            assignment->add_memory_granules(granule);
        assignment->set_memory_mib(quint64(holding->granules.size()) * m_database.granuleMib());
    }
    return result;
}

proto::TransactionResult TransactionProcessor::failure(const proto::Transaction &transaction, const Error &error) const
{
    qCWarning(lcMonitorResources).noquote() << "Transaction" << transaction.txid() << "failed:" << error.message();
    proto::TransactionResult result;
    result.set_txid(transaction.txid());
    *result.mutable_error() = error.toProto();
    result.set_version(m_database.version());
    proto::Partition *partition = result.mutable_partition();
    *partition->mutable_spec() = transaction.partition();
    partition->set_host(m_settings.hostName.toStdString());
    partition->set_last_error(error.message().toStdString());
    // What the partition holds on this host is unchanged by a failure.
    const QString uuid = canonicalUuid(transaction.partition().uuid());
    if (const Holding *held = uuid.isEmpty() ? nullptr : m_database.holding(uuid)) {
        partition->set_state(held->kind == HoldingKind::Active ? proto::PARTITION_STATE_RUNNING
                                                               : proto::PARTITION_STATE_STOPPED);
        for (const std::uint32_t core : held->cores)
            partition->mutable_assignment()->add_cores(core);
        for (const std::uint32_t granule : held->granules)
            partition->mutable_assignment()->add_memory_granules(granule);
        partition->mutable_assignment()->set_memory_mib(quint64(held->granules.size()) * m_database.granuleMib());
    } else {
        partition->set_state(transaction.op() == proto::TRANSACTION_OP_ACTIVATE ? proto::PARTITION_STATE_FAILED
                                                                                 : proto::PARTITION_STATE_STOPPED);
    }
    return result;
}

void TransactionProcessor::remember(std::uint64_t txid, const proto::TransactionResult &result)
{
    if (txid == 0 || m_settings.rememberedTransactions == 0)
        return;
    if (m_results.emplace(txid, result).second)
        m_resultOrder.push_back(txid);
    while (m_resultOrder.size() > m_settings.rememberedTransactions) {
        m_results.erase(m_resultOrder.front());
        m_resultOrder.pop_front();
    }
}

// ---------------------------------------------------------------- migration

Result<QString> TransactionProcessor::partitionUuid(const proto::Transaction &transaction) const
{
    const QString uuid = canonicalUuid(transaction.partition().uuid());
    if (uuid.isEmpty())
        return Error(proto::ERROR_INVALID_ARGUMENT,
                     QStringLiteral("Transaction %1 for partition %2 names no valid UUID (\"%3\").")
                         .arg(transaction.txid())
                         .arg(fromStd(transaction.partition().name()), fromStd(transaction.partition().uuid())));
    return uuid;
}

Result<void> TransactionProcessor::undefineLeftover(const QString &uuid)
{
    auto domain = m_connection.lookupByUuid(uuid);
    if (!domain)
        return domain.error();
    if (!domain->has_value())
        return {};
    LibvirtDomain &d = **domain;
    auto active = d.isActive();
    if (!active)
        return active.error();
    if (*active)
        return {};
    auto metadata = d.metadata(PartitionMetadata::kNamespaceUri);
    if (!metadata)
        return metadata.error();
    if (!metadata->has_value())
        return {}; // not vdc's
    if (auto undefined = d.undefine(); !undefined)
        return undefined.error();
    qCInfo(lcMonitorLibvirt).noquote() << "Undefined the shut-off domain" << d.name() << "left by a migration.";
    return {};
}

proto::TransactionResult TransactionProcessor::reserve(const proto::Transaction &transaction, bool *changed)
{
    if (auto valid = validateActivation(transaction); !valid)
        return failure(transaction, valid.error());
    const proto::PartitionSpec &spec = transaction.partition();
    const QString uuid = canonicalUuid(spec.uuid());
    const QString name = DomainXmlBuilder::domainName(spec);

    if (const Holding *held = m_database.holding(uuid)) {
        if (sameResources(*held, transaction.resources())) {
            // Sent again (the agent re-sends its reservations to a new monitor,
            // whose rebuild may already have found the migrated domain).
            return success(transaction, held->kind == HoldingKind::Active ? proto::PARTITION_STATE_RUNNING
                                                                          : proto::PARTITION_STATE_STOPPED,
                           held);
        }
        return failure(transaction,
                       Error(proto::ERROR_FAILED_PRECONDITION,
                             QStringLiteral("Partition %1 already holds cores %2 and memory granules %3 on this host; "
                                            "it cannot reserve others.")
                                 .arg(fromStd(spec.name()), formatIndexList(held->cores), formatIndexList(held->granules))));
    }
    if (auto free = m_database.check(uuid, name, transaction.resources()); !free)
        return failure(transaction, free.error());
    auto sameName = m_connection.lookupByName(name);
    if (!sameName)
        return failure(transaction, sameName.error());
    if (sameName->has_value() && (*sameName)->uuid() != uuid)
        return failure(transaction,
                       Error(proto::ERROR_ALREADY_EXISTS,
                             QStringLiteral("A libvirt domain named %1 already exists on this host with UUID %2, not %3; "
                                            "partition %4 cannot move here.")
                                 .arg(name, (*sameName)->uuid(), uuid, fromStd(spec.name()))));
    if (sameName->has_value()) {
        auto active = (*sameName)->isActive();
        if (!active)
            return failure(transaction, active.error());
        if (*active)
            return failure(transaction,
                           Error(proto::ERROR_FAILED_PRECONDITION,
                                 QStringLiteral("Domain %1 (partition %2) already runs on this host but holds no resources "
                                                "here (see the monitor's log); it cannot be reserved again.")
                                     .arg(name, fromStd(spec.name()))));
    }
    auto committed = m_database.commit(uuid, name, transaction.resources(), HoldingKind::Reserved, transaction.txid());
    if (!committed)
        return failure(transaction, committed.error());
    *changed = true;
    return success(transaction, proto::PARTITION_STATE_STOPPED, m_database.holding(uuid));
}

proto::TransactionResult TransactionProcessor::adopt(const proto::Transaction &transaction, bool *changed)
{
    auto uuidResult = partitionUuid(transaction);
    if (!uuidResult)
        return failure(transaction, uuidResult.error());
    const QString uuid = *uuidResult;
    const QString partition = fromStd(transaction.partition().name());
    const Holding *held = m_database.holding(uuid);
    if (!held)
        return failure(transaction, Error(proto::ERROR_FAILED_PRECONDITION,
                                          QStringLiteral("Partition %1 has no reservation on this host; prepare the "
                                                         "migration here first.")
                                              .arg(partition)));
    if (held->kind == HoldingKind::Parked)
        return failure(transaction, Error(proto::ERROR_FAILED_PRECONDITION,
                                          QStringLiteral("Partition %1 was saved on this host to migrate away; it cannot "
                                                         "be adopted here.")
                                              .arg(partition)));
    auto domain = m_connection.lookupByUuid(uuid);
    if (!domain)
        return failure(transaction, domain.error());
    if (!domain->has_value())
        return failure(transaction, Error(proto::ERROR_FAILED_PRECONDITION,
                                          QStringLiteral("Partition %1 has not arrived on this host: libvirt has no "
                                                         "domain with UUID %2.")
                                              .arg(partition, uuid)));
    LibvirtDomain &d = **domain;
    auto active = d.isActive();
    if (!active)
        return failure(transaction, active.error());
    auto incoming = d.isPausedForMigration();
    if (!incoming)
        return failure(transaction, incoming.error());
    if (!*active || *incoming)
        return failure(transaction,
                       Error(proto::ERROR_FAILED_PRECONDITION,
                             *active ? QStringLiteral("The migration of partition %1 to this host has not finished yet; "
                                                      "its domain %2 is still paused for it.")
                                           .arg(partition, d.name())
                                     : QStringLiteral("Domain %2 of partition %1 is defined on this host but not "
                                                      "running; the migration did not complete.")
                                           .arg(partition, d.name())));
    auto xml = d.xmlDescription();
    if (!xml)
        return failure(transaction, xml.error());
    auto pins = DomainXmlEditor::pinnedCores(*xml);
    if (!pins)
        return failure(transaction, Error(proto::ERROR_FAILED_PRECONDITION,
                                          QStringLiteral("Domain %1 of partition %2 is not pinned as reserved: %3")
                                              .arg(d.name(), partition, pins.error().message())));
    if (*pins != held->cores)
        return failure(transaction,
                       Error(proto::ERROR_FAILED_PRECONDITION,
                             QStringLiteral("Domain %1 of partition %2 runs its vCPUs on cores %3, but cores %4 are "
                                            "reserved for it; it is not adopted.")
                                 .arg(d.name(), partition, formatIndexList(*pins), formatIndexList(held->cores))));
    auto metadataXml = d.metadata(PartitionMetadata::kNamespaceUri);
    if (!metadataXml)
        return failure(transaction, metadataXml.error());
    if (!metadataXml->has_value())
        return failure(transaction, Error(proto::ERROR_FAILED_PRECONDITION,
                                          QStringLiteral("Domain %1 carries no vdc metadata; it was not migrated by vdc.")
                                              .arg(d.name())));
    auto metadata = PartitionMetadata::parse(**metadataXml);
    if (!metadata)
        return failure(transaction, metadata.error());
    if (toVector(metadata->assignment.cores()) != held->cores)
        return failure(transaction,
                       Error(proto::ERROR_FAILED_PRECONDITION,
                             QStringLiteral("The vdc metadata of domain %1 records cores %2, but cores %3 are reserved "
                                            "for it; it is not adopted.")
                                 .arg(d.name(), formatIndexList(toVector(metadata->assignment.cores())),
                                      formatIndexList(held->cores))));
    auto persistent = d.isPersistent();
    if (!persistent)
        return failure(transaction, persistent.error());
    if (!*persistent) {
        // A restored guest is transient; a monitor restart rebuilds from
        // defined domains' metadata too, so it is defined here.
        auto migratable = d.migratableXml();
        if (!migratable)
            return failure(transaction, migratable.error());
        if (auto defined = m_connection.define(*migratable, d.name()); !defined)
            return failure(transaction, defined.error());
    }
    if (held->kind == HoldingKind::Reserved) {
        if (auto set = m_database.setKind(uuid, HoldingKind::Active); !set)
            return failure(transaction, set.error());
        *changed = true;
        qCInfo(lcMonitorResources).noquote() << "Partition" << d.name() << "arrived and runs on cores"
                                             << formatIndexList(held->cores);
    }
    return success(transaction, proto::PARTITION_STATE_RUNNING, m_database.holding(uuid));
}

proto::TransactionResult TransactionProcessor::release(const proto::Transaction &transaction, bool *changed)
{
    auto uuidResult = partitionUuid(transaction);
    if (!uuidResult)
        return failure(transaction, uuidResult.error());
    const QString uuid = *uuidResult;
    const QString partition = fromStd(transaction.partition().name());
    if (m_migrations.count(uuid))
        return failure(transaction, Error(proto::ERROR_FAILED_PRECONDITION,
                                          QStringLiteral("Partition %1 is being migrated out of this host; cancel the "
                                                         "migration before releasing it.")
                                              .arg(partition)));
    const Holding *held = m_database.holding(uuid);
    auto domain = m_connection.lookupByUuid(uuid);
    if (!domain)
        return failure(transaction, domain.error());
    bool running = false;
    if (domain->has_value()) {
        auto active = (*domain)->isActive();
        if (!active)
            return failure(transaction, active.error());
        running = *active;
    }
    if (running && (!held || held->kind != HoldingKind::Parked)) {
        const QString why = held && held->kind == HoldingKind::Reserved
            ? QStringLiteral("An incoming migration of partition %1 runs on this host or has finished (its domain "
                             "%2 is there); cancel it at the source, or complete it here, instead of releasing it.")
            : QStringLiteral("Partition %1 still runs on this host (domain %2); stop it or migrate it instead of "
                             "releasing it.");
        return failure(transaction,
                       Error(proto::ERROR_FAILED_PRECONDITION, why.arg(partition, (*domain)->name())));
    }
    if (auto undefined = undefineLeftover(uuid); !undefined)
        return failure(transaction, undefined.error());
    if (held) {
        if (auto released = m_database.release(uuid); released)
            *changed = true;
    } else {
        qCInfo(lcMonitorResources).noquote() << "Partition" << partition << "held nothing on this host to release.";
    }
    return success(transaction, proto::PARTITION_STATE_STOPPED, nullptr);
}

proto::TransactionResult TransactionProcessor::restore(const proto::Transaction &transaction, bool *changed)
{
    auto uuidResult = partitionUuid(transaction);
    if (!uuidResult)
        return failure(transaction, uuidResult.error());
    const QString uuid = *uuidResult;
    const proto::PartitionSpec &spec = transaction.partition();
    const QString partition = fromStd(spec.name());
    const QString file = fromStd(transaction.state_file());
    if (!file.startsWith(QLatin1Char('/')))
        return failure(transaction, Error(proto::ERROR_INVALID_ARGUMENT,
                                          QStringLiteral("The saved state of partition %1 is named by \"%2\", not an "
                                                         "absolute path.")
                                              .arg(partition, file)));
    const Holding *held = m_database.holding(uuid);
    if (!held || held->kind == HoldingKind::Active)
        return failure(transaction,
                       Error(proto::ERROR_FAILED_PRECONDITION,
                             held ? QStringLiteral("Partition %1 already runs on this host; there is nothing to restore.")
                                        .arg(partition)
                                  : QStringLiteral("Partition %1 has no reservation on this host; prepare the migration "
                                                   "here before restoring it.")
                                        .arg(partition)));
    if (!sameResources(*held, transaction.resources()))
        return failure(transaction,
                       Error(proto::ERROR_CONFLICT,
                             QStringLiteral("Partition %1 holds cores %2 and memory granules %3 here, not the ones the "
                                            "restore names.")
                                 .arg(partition, formatIndexList(held->cores), formatIndexList(held->granules))));
    auto existing = m_connection.lookupByUuid(uuid);
    if (!existing)
        return failure(transaction, existing.error());
    if (existing->has_value()) {
        auto active = (*existing)->isActive();
        if (!active)
            return failure(transaction, active.error());
        if (*active)
            return failure(transaction, Error(proto::ERROR_FAILED_PRECONDITION,
                                              QStringLiteral("Domain %1 of partition %2 already runs on this host.")
                                                  .arg((*existing)->name(), partition)));
    }

    PartitionMetadata metadata;
    metadata.spec = spec;
    metadata.spec.set_uuid(uuid.toStdString());
    for (const std::uint32_t core : held->cores)
        metadata.assignment.add_cores(core);
    for (const std::uint32_t granule : held->granules)
        metadata.assignment.add_memory_granules(granule);
    metadata.assignment.set_memory_mib(quint64(held->granules.size()) * m_database.granuleMib());
    metadata.txid = held->txid ? held->txid : transaction.txid();
    metadata.granuleMib = m_database.granuleMib();

    auto savedXml = m_connection.savedStateXml(file);
    if (!savedXml)
        return failure(transaction, savedXml.error());
    auto xml = DomainXmlEditor::retarget(*savedXml, metadata);
    if (!xml)
        return failure(transaction, xml.error());
    if (auto replaced = m_connection.replaceSavedStateXml(file, *xml); !replaced)
        return failure(transaction, replaced.error());
    if (auto restored = m_connection.restore(file); !restored)
        return failure(transaction, restored.error());
    auto domain = m_connection.lookupByUuid(uuid);
    if (!domain || !domain->has_value())
        return failure(transaction, Error(proto::ERROR_HYPERVISOR,
                                          QStringLiteral("Partition %1 was restored but libvirt does not find its domain.")
                                              .arg(partition)));
    if (auto persistent = (*domain)->isPersistent(); persistent && !*persistent) {
        if (auto defined = m_connection.define(*xml, (*domain)->name()); !defined)
            qCWarning(lcMonitorLibvirt).noquote() << defined.error().message();
    }
    qCInfo(lcMonitorLibvirt).noquote() << "Restored partition" << partition << "from" << file << "on cores"
                                       << formatIndexList(held->cores);
    if (held->kind == HoldingKind::Parked) {
        if (auto set = m_database.setKind(uuid, HoldingKind::Active); set)
            *changed = true;
    }
    return success(transaction, proto::PARTITION_STATE_RUNNING, m_database.holding(uuid));
}

proto::TransactionResult TransactionProcessor::cancelMigration(const proto::Transaction &transaction)
{
    auto uuidResult = partitionUuid(transaction);
    if (!uuidResult)
        return failure(transaction, uuidResult.error());
    const auto it = m_migrations.find(*uuidResult);
    if (it == m_migrations.end())
        return failure(transaction, Error(proto::ERROR_FAILED_PRECONDITION,
                                          QStringLiteral("No migration of partition %1 is running on this host.")
                                              .arg(fromStd(transaction.partition().name()))));
    if (auto cancelled = it->second.job->cancel(); !cancelled)
        return failure(transaction, cancelled.error());
    qCInfo(lcMonitorLibvirt).noquote() << "Cancelling the migration of" << fromStd(transaction.partition().name());
    proto::TransactionResult result = success(transaction, proto::PARTITION_STATE_RUNNING,
                                              m_database.holding(*uuidResult));
    *result.mutable_migration() = it->second.last;
    return result;
}

std::optional<proto::TransactionResult> TransactionProcessor::migrateOut(const proto::Transaction &transaction)
{
    auto uuidResult = partitionUuid(transaction);
    if (!uuidResult)
        return failure(transaction, uuidResult.error());
    const QString uuid = *uuidResult;
    const proto::PartitionSpec &spec = transaction.partition();
    const QString partition = fromStd(spec.name());
    const proto::MigrationTarget &target = transaction.target();
    const QString targetHost = fromStd(target.host());

    if (const auto it = m_migrations.find(uuid); it != m_migrations.end()) {
        if (it->second.txid == 0) {
            // One this monitor found running when it started: its agent asks
            // for the outcome under the txid it sent it with.
            it->second.txid = transaction.txid();
            it->second.transaction = transaction;
            qCInfo(lcMonitorLibvirt).noquote() << "The running migration of partition" << partition
                                               << "now answers transaction" << transaction.txid();
            return std::nullopt;
        }
        return failure(transaction, Error(proto::ERROR_FAILED_PRECONDITION,
                                          QStringLiteral("Partition %1 is already being migrated to host %2; a second "
                                                         "migration is refused.")
                                              .arg(partition, fromStd(it->second.transaction.target().host()))));
    }
    const Holding *held = m_database.holding(uuid);
    if (!held || held->kind != HoldingKind::Active)
        return failure(transaction, Error(proto::ERROR_FAILED_PRECONDITION,
                                          QStringLiteral("Partition %1 does not run on host %2; there is nothing to "
                                                         "migrate.")
                                              .arg(partition, m_settings.hostName)));
    auto domain = m_connection.lookupByUuid(uuid);
    if (!domain)
        return failure(transaction, domain.error());
    if (!domain->has_value())
        return failure(transaction, Error(proto::ERROR_FAILED_PRECONDITION,
                                          QStringLiteral("Partition %1 holds resources here but libvirt has no domain "
                                                         "for it; there is nothing to migrate.")
                                              .arg(partition)));
    auto active = (*domain)->isActive();
    if (!active)
        return failure(transaction, active.error());
    if (!*active)
        return failure(transaction, Error(proto::ERROR_FAILED_PRECONDITION,
                                          QStringLiteral("Domain %1 of partition %2 is not running; start it before "
                                                         "migrating it, or define it on the other host.")
                                              .arg((*domain)->name(), partition)));
    if (targetHost.isEmpty() || targetHost == m_settings.hostName)
        return failure(transaction, Error(proto::ERROR_INVALID_ARGUMENT,
                                          targetHost.isEmpty()
                                              ? QStringLiteral("The migration of partition %1 names no target host.").arg(partition)
                                              : QStringLiteral("Partition %1 already runs on host %2; it cannot be "
                                                               "migrated to the host it runs on.")
                                                    .arg(partition, targetHost)));

    OutgoingMigration::Request request;
    request.mode = transaction.mode();
    request.identity.set_migration_id(target.migration_id());
    request.identity.set_partition_uuid(uuid.toStdString());
    request.identity.set_partition_name(spec.name());
    request.identity.set_source_host(m_settings.hostName.toStdString());
    request.identity.set_target_host(target.host());

    if (transaction.mode() == proto::MIGRATION_MODE_LIVE) {
        if (!m_connection.canMigrateLive())
            return failure(transaction,
                           Error(proto::ERROR_FAILED_PRECONDITION,
                                 QStringLiteral("Host %1 runs on libvirt's %2 driver, which cannot live-migrate; migrate "
                                                "partition %3 offline.")
                                     .arg(m_settings.hostName, m_connection.driverName(), partition)));
        if (target.migration_uri().empty())
            return failure(transaction, Error(proto::ERROR_INVALID_ARGUMENT,
                                              QStringLiteral("Host %1 offers no libvirt URI for live migration; "
                                                             "migrate partition %2 offline.")
                                                  .arg(targetHost, partition)));
        if (std::size_t(target.assignment().cores_size()) != held->cores.size() || target.granule_mib() == 0
            || target.assignment().memory_granules_size() == 0)
            return failure(transaction,
                           Error(proto::ERROR_INVALID_ARGUMENT,
                                 QStringLiteral("The target assignment of partition %1 on host %2 gives %3 cores for %4 "
                                                "vCPUs (granules of %5 MiB); it must give one core per vCPU and memory.")
                                     .arg(partition, targetHost)
                                     .arg(target.assignment().cores_size())
                                     .arg(held->cores.size())
                                     .arg(target.granule_mib())));
        PartitionMetadata metadata;
        metadata.spec = spec;
        metadata.spec.set_uuid(uuid.toStdString());
        metadata.assignment = target.assignment();
        metadata.assignment.set_memory_mib(quint64(target.assignment().memory_granules_size()) * target.granule_mib());
        metadata.txid = target.reservation_txid();
        metadata.granuleMib = target.granule_mib();
        auto xml = (*domain)->migratableXml();
        if (!xml)
            return failure(transaction, xml.error());
        auto destination = DomainXmlEditor::retarget(*xml, metadata);
        if (!destination)
            return failure(transaction, destination.error());
        request.targetUri = fromStd(target.migration_uri());
        request.address = fromStd(target.migration_address());
        request.destinationXml = *destination;
        request.bandwidthMibPerSecond = transaction.bandwidth_mib_s();
    } else if (transaction.mode() == proto::MIGRATION_MODE_OFFLINE) {
        const QString file = fromStd(transaction.state_file());
        if (!file.startsWith(QLatin1Char('/')))
            return failure(transaction, Error(proto::ERROR_INVALID_ARGUMENT,
                                              QStringLiteral("The offline migration of partition %1 names \"%2\" for its "
                                                             "state file, not an absolute path.")
                                                  .arg(partition, file)));
        request.stateFile = file;
    } else {
        return failure(transaction, Error(proto::ERROR_INVALID_ARGUMENT,
                                          QStringLiteral("The migration of partition %1 does not say whether it is live "
                                                         "or offline.")
                                              .arg(partition)));
    }

    const std::uint64_t txid = transaction.txid();
    RunningMigration migration;
    migration.txid = txid;
    migration.transaction = transaction;
    migration.last = request.identity;
    migration.last.set_mode(request.mode);
    migration.last.set_phase(proto::MIGRATION_PHASE_CHECKING);
    migration.job = std::make_unique<OutgoingMigration>(std::move(**domain), std::move(request), listenerFor(uuid));
    OutgoingMigration *job = migration.job.get();
    m_migrations.emplace(uuid, std::move(migration));
    qCInfo(lcMonitorLibvirt).noquote() << "Migrating partition" << partition << "to host" << targetHost
                                       << (transaction.mode() == proto::MIGRATION_MODE_LIVE ? "live" : "offline");
    job->start();
    return std::nullopt;
}

void TransactionProcessor::followRunningMigrations()
{
    for (const Holding &held : m_database.holdings()) {
        auto domain = m_connection.lookupByUuid(held.uuid);
        if (!domain || !domain->has_value())
            continue;
        auto stats = (*domain)->jobStats(false);
        if (!stats || !stats->active || stats->operation != VIR_DOMAIN_JOB_OPERATION_MIGRATION_OUT)
            continue;
        qCWarning(lcMonitorLibvirt).noquote()
            << QStringLiteral("libvirt is migrating domain %1 out of this host; following it to its end.").arg(held.name);
        OutgoingMigration::Request request;
        request.mode = proto::MIGRATION_MODE_LIVE;
        request.follow = true;
        request.identity.set_partition_uuid(held.uuid.toStdString());
        request.identity.set_partition_name(held.name.toStdString());
        request.identity.set_source_host(m_settings.hostName.toStdString());
        RunningMigration migration;
        migration.transaction.set_op(proto::TRANSACTION_OP_MIGRATE_OUT);
        migration.transaction.set_mode(proto::MIGRATION_MODE_LIVE);
        migration.transaction.mutable_partition()->set_uuid(held.uuid.toStdString());
        migration.transaction.mutable_partition()->set_name(held.name.toStdString());
        migration.last = request.identity;
        migration.last.set_phase(proto::MIGRATION_PHASE_COPYING_MEMORY);
        migration.job = std::make_unique<OutgoingMigration>(std::move(**domain), std::move(request),
                                                            listenerFor(held.uuid));
        OutgoingMigration *job = migration.job.get();
        m_migrations.emplace(held.uuid, std::move(migration));
        job->start();
    }
}

OutgoingMigration::Listener TransactionProcessor::listenerFor(const QString &uuid)
{
    // Events are keyed by partition: a followed migration gets its txid later.
    return [this, uuid](const proto::MigrationProgress &progress, bool final, const Error *error) {
        std::function<void()> wakeup;
        {
            std::lock_guard lock(m_eventMutex);
            MigrationEvent event;
            event.uuid = uuid;
            event.progress = progress;
            event.final = final;
            if (error)
                event.error = *error;
            m_events.push_back(std::move(event));
            wakeup = m_wakeup;
        }
        if (wakeup)
            wakeup();
    };
}

void TransactionProcessor::setWakeup(std::function<void()> wakeup)
{
    std::lock_guard lock(m_eventMutex);
    m_wakeup = std::move(wakeup);
}

std::vector<proto::ChannelMessage> TransactionProcessor::collectEvents()
{
    std::vector<MigrationEvent> events;
    {
        std::lock_guard lock(m_eventMutex);
        events.swap(m_events);
    }
    std::vector<proto::ChannelMessage> messages;
    bool changed = false;
    for (const MigrationEvent &event : events) {
        auto it = m_migrations.find(event.uuid);
        if (it == m_migrations.end())
            continue;
        if (!event.final) {
            it->second.last = event.progress;
            if (it->second.txid == 0)
                continue; // nobody asked for this one yet
            proto::ChannelMessage message;
            message.set_protocol_version(kProtocolVersion);
            message.set_request_id(it->second.txid);
            *message.mutable_migration_progress() = event.progress;
            messages.push_back(std::move(message));
            continue;
        }
        RunningMigration migration = std::move(it->second);
        m_migrations.erase(it);
        messages.push_back(finishMigration(std::move(migration), event, &changed));
    }
    if (changed)
        messages.push_back(snapshotMessage(0));
    return messages;
}

proto::ChannelMessage TransactionProcessor::finishMigration(RunningMigration migration, const MigrationEvent &event,
                                                            bool *changed)
{
    const proto::Transaction &transaction = migration.transaction;
    const QString uuid = canonicalUuid(transaction.partition().uuid());
    migration.job.reset(); // its threads have finished: the final event was their last act
    proto::TransactionResult result;
    if (event.error) {
        result = failure(transaction, *event.error);
    } else if (transaction.mode() == proto::MIGRATION_MODE_LIVE) {
        // It runs on the target now; whatever it held here is free.
        if (m_database.holding(uuid)) {
            if (auto released = m_database.release(uuid); released)
                *changed = true;
        }
        result = success(transaction, proto::PARTITION_STATE_STOPPED, nullptr);
        result.mutable_partition()->set_host(transaction.target().host());
    } else {
        // Saved: kept here, parked, until the target has restored it.
        if (auto parked = m_database.setKind(uuid, HoldingKind::Parked); parked)
            *changed = true;
        result = success(transaction, proto::PARTITION_STATE_STOPPED, m_database.holding(uuid));
    }
    *result.mutable_migration() = event.progress;
    remember(transaction.txid(), result); // a followed one nobody asked for has txid 0: not kept
    proto::ChannelMessage message;
    message.set_protocol_version(kProtocolVersion);
    message.set_request_id(transaction.txid());
    *message.mutable_result() = std::move(result);
    return message;
}

bool TransactionProcessor::reconcile()
{
    if (m_database.holdings().empty())
        return false;
    auto active = m_connection.activeDomainUuids();
    if (!active) {
        qCWarning(lcMonitorLibvirt).noquote() << active.error().message();
        return false;
    }
    bool changed = false;
    for (const Holding &held : m_database.holdings()) {
        // Reservations and parked guests have no running domain by design; a
        // guest being migrated out stops here once it runs on the target.
        if (active->contains(held.uuid) || held.kind != HoldingKind::Active || m_migrations.count(held.uuid))
            continue;
        qCWarning(lcMonitorResources).noquote()
            << QStringLiteral("Domain %1 is no longer running; its cores %2 and memory granules %3 are free again.")
                   .arg(held.name, formatIndexList(held.cores), formatIndexList(held.granules));
        if (m_database.release(held.uuid))
            changed = true;
    }
    return changed;
}

proto::ResourceSnapshot TransactionProcessor::snapshot() const
{
    proto::ResourceSnapshot snap = m_database.snapshot();
    snap.set_generation(m_generation);
    snap.set_host_name(m_settings.hostName.toStdString());
    snap.set_hypervisor_uri(m_connection.uri().toStdString());
    for (proto::DomainStatus &status : *snap.mutable_domains()) {
        auto domain = m_connection.lookupByUuid(fromStd(status.uuid()));
        if (!domain) {
            qCWarning(lcMonitorLibvirt).noquote() << domain.error().message();
            continue;
        }
        if (!domain->has_value()) {
            qCWarning(lcMonitorLibvirt).noquote() << "Domain" << fromStd(status.name())
                                                  << "holds resources but is gone from libvirt.";
            status.set_state(proto::PARTITION_STATE_STOPPED);
            continue;
        }
        if (auto state = (*domain)->state())
            status.set_state(*state);
    }
    for (proto::Reservation &reservation : *snap.mutable_reservations()) {
        auto domain = m_connection.lookupByUuid(fromStd(reservation.uuid()));
        if (domain && domain->has_value()) {
            auto active = (*domain)->isActive();
            if (active && *active)
                if (auto state = (*domain)->state())
                    reservation.set_domain_state(*state);
        }
    }
    snap.set_migration_uri(m_settings.migrationUri.toStdString());
    snap.set_migration_address(m_settings.migrationAddress.toStdString());
    snap.set_live_migration(m_connection.canMigrateLive() && !m_settings.migrationUri.isEmpty());
    for (const auto &[uuid, migration] : m_migrations)
        *snap.add_migrations() = migration.last;
    return snap;
}

proto::ChannelMessage TransactionProcessor::snapshotMessage(std::uint64_t requestId) const
{
    proto::ChannelMessage message;
    message.set_protocol_version(kProtocolVersion);
    message.set_request_id(requestId);
    *message.mutable_snapshot() = snapshot();
    return message;
}

} // namespace vdc::monitor
