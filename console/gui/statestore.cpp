#include "statestore.h"

#include <QLoggingCategory>
#include <QSet>

#include <algorithm>

Q_LOGGING_CATEGORY(lcStore, "vdc.gui.state", QtWarningMsg)

namespace vdc::gui {

namespace {

// Protobuf messages have no operator==; the serialised form is a faithful
// comparison for the small messages we keep.
template<typename Message>
bool sameMessage(const Message &a, const Message &b)
{
    return a.SerializeAsString() == b.SerializeAsString();
}

QString qs(const std::string &s) { return QString::fromStdString(s); }

} // namespace

StateStore::StateStore(QObject *parent)
    : QObject(parent)
{
}

const proto::Host *StateStore::host(const QString &name) const
{
    const int row = hostRow(name);
    return row < 0 ? nullptr : &m_hosts.at(row);
}

const proto::Partition *StateStore::partition(const QString &uuid) const
{
    const int row = partitionRow(uuid);
    return row < 0 ? nullptr : &m_partitions.at(row);
}

const proto::Partition *StateStore::findPartition(const QString &name, const QString &domain) const
{
    for (const auto &p : m_partitions)
        if (qs(p.spec().name()) == name && qs(p.spec().domain()) == domain)
            return &p;
    return nullptr;
}

int StateStore::runningPartitionCount() const
{
    return int(std::count_if(m_partitions.cbegin(), m_partitions.cend(), [](const proto::Partition &p) {
        return p.state() == proto::PARTITION_STATE_RUNNING;
    }));
}

QStringList StateStore::domainNames() const
{
    QStringList names;
    for (const auto &d : m_domains)
        names << qs(d.name());
    names.sort(Qt::CaseInsensitive);
    return names;
}

QStringList StateStore::zoneNames() const
{
    QSet<QString> zones;
    for (const auto &z : m_zones)
        zones.insert(qs(z.name()));
    for (const auto &h : m_hosts)
        if (!h.zone().empty())
            zones.insert(qs(h.zone()));
    QStringList names(zones.cbegin(), zones.cend());
    names.sort(Qt::CaseInsensitive);
    return names;
}

const proto::Zone *StateStore::zone(const QString &name) const
{
    for (const auto &z : m_zones)
        if (qs(z.name()) == name)
            return &z;
    return nullptr;
}

void StateStore::applySnapshot(const proto::StateSnapshot &snapshot)
{
    // Rows that are gone first (from the end, so rows ahead keep their index),
    // then updates and additions in snapshot order.
    QSet<QString> hostNames;
    for (const auto &h : snapshot.hosts())
        hostNames.insert(qs(h.name()));
    for (int row = int(m_hosts.size()) - 1; row >= 0; --row)
        if (!hostNames.contains(qs(m_hosts.at(row).name())))
            removeHost(qs(m_hosts.at(row).name()));
    for (const auto &h : snapshot.hosts())
        upsertHost(h);

    QSet<QString> partitionUuids;
    for (const auto &p : snapshot.partitions())
        partitionUuids.insert(qs(p.spec().uuid()));
    for (int row = int(m_partitions.size()) - 1; row >= 0; --row)
        if (!partitionUuids.contains(qs(m_partitions.at(row).spec().uuid())))
            removePartition(qs(m_partitions.at(row).spec().uuid()));
    for (const auto &p : snapshot.partitions())
        upsertPartition(p);

    QList<proto::Domain> domains(snapshot.domains().begin(), snapshot.domains().end());
    const bool domainsDiffer = domains.size() != m_domains.size()
        || !std::equal(domains.cbegin(), domains.cend(), m_domains.cbegin(),
                       [](const proto::Domain &a, const proto::Domain &b) { return sameMessage(a, b); });
    if (domainsDiffer) {
        m_domains = domains;
        emit domainsChanged();
    }

    QList<proto::Zone> zones(snapshot.zones().begin(), snapshot.zones().end());
    const bool zonesDiffer = zones.size() != m_zones.size()
        || !std::equal(zones.cbegin(), zones.cend(), m_zones.cbegin(),
                       [](const proto::Zone &a, const proto::Zone &b) { return sameMessage(a, b); });
    if (zonesDiffer) {
        m_zones = zones;
        emit zonesChanged();
    }

    m_sequence = snapshot.sequence();
    m_hasSnapshot = true;
    emit stateChanged();
}

StateStore::DeltaResult StateStore::applyDelta(const proto::StateDelta &delta)
{
    if (!m_hasSnapshot)
        return DeltaResult::Gap;
    if (delta.sequence() <= m_sequence)
        return DeltaResult::Stale;
    if (delta.sequence() != m_sequence + 1) {
        qCInfo(lcStore) << "state delta" << delta.sequence() << "follows" << m_sequence << "; deltas are missing";
        return DeltaResult::Gap;
    }

    switch (delta.change_case()) {
    case proto::StateDelta::kHostUpdated:
        upsertHost(delta.host_updated());
        break;
    case proto::StateDelta::kHostRemoved:
        removeHost(qs(delta.host_removed()));
        break;
    case proto::StateDelta::kPartitionUpdated:
        upsertPartition(delta.partition_updated());
        break;
    case proto::StateDelta::kPartitionRemoved:
        removePartition(qs(delta.partition_removed()));
        break;
    case proto::StateDelta::kDomainUpdated:
        upsertDomain(delta.domain_updated());
        break;
    case proto::StateDelta::kDomainRemoved: {
        const QString name = qs(delta.domain_removed());
        const auto before = m_domains.size();
        m_domains.removeIf([&](const proto::Domain &d) { return qs(d.name()) == name; });
        if (m_domains.size() != before)
            emit domainsChanged();
        break;
    }
    case proto::StateDelta::kZoneUpdated:
        upsertZone(delta.zone_updated());
        break;
    case proto::StateDelta::kZoneRemoved: {
        const QString name = qs(delta.zone_removed());
        const auto before = m_zones.size();
        m_zones.removeIf([&](const proto::Zone &z) { return qs(z.name()) == name; });
        if (m_zones.size() != before)
            emit zonesChanged();
        break;
    }
    case proto::StateDelta::kMigrationProgress:
        // A migration's progress: no state of its own to keep here.
        emit migrationProgressed(delta.migration_progress());
        break;
    case proto::StateDelta::kPolicyTransition:
        emit policyTransitionProgressed(delta.policy_transition());
        break;
    case proto::StateDelta::CHANGE_NOT_SET:
        // A change this console does not know (a newer engine): the sequence
        // still moves on so later deltas are not mistaken for a gap.
        qCInfo(lcStore) << "state delta" << delta.sequence() << "carries no change this console knows";
        break;
    }
    m_sequence = delta.sequence();
    emit stateChanged();
    return DeltaResult::Applied;
}

void StateStore::upsertHost(const proto::Host &host)
{
    const QString name = qs(host.name());
    const int row = hostRow(name);
    if (row >= 0) {
        if (sameMessage(m_hosts.at(row), host))
            return;
        m_hosts[row] = host;
        emit hostUpdated(row);
        return;
    }
    const int newRow = int(m_hosts.size());
    emit hostAboutToBeAdded(newRow);
    m_hosts.append(host);
    m_hostRows.insert(name, newRow);
    emit hostAdded(newRow);
}

void StateStore::removeHost(const QString &name)
{
    const int row = hostRow(name);
    if (row < 0)
        return;
    emit hostAboutToBeRemoved(row);
    m_hosts.removeAt(row);
    reindexHosts();
    emit hostRemoved(row);
}

void StateStore::upsertPartition(const proto::Partition &partition)
{
    const QString uuid = qs(partition.spec().uuid());
    const int row = partitionRow(uuid);
    if (row >= 0) {
        if (sameMessage(m_partitions.at(row), partition))
            return;
        m_partitions[row] = partition;
        emit partitionUpdated(row);
        return;
    }
    const int newRow = int(m_partitions.size());
    emit partitionAboutToBeAdded(newRow);
    m_partitions.append(partition);
    m_partitionRows.insert(uuid, newRow);
    emit partitionAdded(newRow);
}

void StateStore::removePartition(const QString &uuid)
{
    const int row = partitionRow(uuid);
    if (row < 0)
        return;
    emit partitionAboutToBeRemoved(row);
    m_partitions.removeAt(row);
    reindexPartitions();
    emit partitionRemoved(row);
}

void StateStore::upsertDomain(const proto::Domain &domain)
{
    for (auto &d : m_domains) {
        if (d.name() == domain.name()) {
            if (sameMessage(d, domain))
                return;
            d = domain;
            emit domainsChanged();
            return;
        }
    }
    m_domains.append(domain);
    emit domainsChanged();
}

void StateStore::upsertZone(const proto::Zone &zone)
{
    for (auto &z : m_zones) {
        if (z.name() == zone.name()) {
            if (sameMessage(z, zone))
                return;
            z = zone;
            emit zonesChanged();
            return;
        }
    }
    m_zones.append(zone);
    emit zonesChanged();
}

void StateStore::reindexHosts()
{
    m_hostRows.clear();
    for (int row = 0; row < m_hosts.size(); ++row)
        m_hostRows.insert(qs(m_hosts.at(row).name()), row);
}

void StateStore::reindexPartitions()
{
    m_partitionRows.clear();
    for (int row = 0; row < m_partitions.size(); ++row)
        m_partitionRows.insert(qs(m_partitions.at(row).spec().uuid()), row);
}

} // namespace vdc::gui
