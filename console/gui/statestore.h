#pragma once

#include "vdc.pb.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <cstdint>

namespace vdc::gui {

// The console's copy of the data-center state: hosts keyed by name,
// partitions keyed by uuid, and the domains. It is fed with a StateSnapshot
// and then with sequenced StateDeltas (the Clone pattern) and tells its
// models about every row that appears, changes or goes, so views keep their
// selection and scroll position while the state moves.
class StateStore : public QObject
{
    Q_OBJECT
public:
    enum class DeltaResult {
        Applied, // the delta was the next one and is in the store now
        Stale,   // already contained in the state (sequence not above ours)
        Gap,     // one or more deltas are missing: take a new snapshot
    };
    Q_ENUM(DeltaResult)

    explicit StateStore(QObject *parent = nullptr);

    // Replaces the state by the snapshot, as a row-by-row difference so that
    // unchanged rows stay untouched.
    void applySnapshot(const proto::StateSnapshot &snapshot);
    // Applies the delta if it is the next in sequence; nothing changes otherwise.
    DeltaResult applyDelta(const proto::StateDelta &delta);

    bool hasSnapshot() const { return m_hasSnapshot; }
    std::uint64_t sequence() const { return m_sequence; }

    int hostCount() const { return int(m_hosts.size()); }
    const proto::Host &hostAt(int row) const { return m_hosts.at(row); }
    int hostRow(const QString &name) const { return m_hostRows.value(name, -1); }
    const proto::Host *host(const QString &name) const;

    int partitionCount() const { return int(m_partitions.size()); }
    const proto::Partition &partitionAt(int row) const { return m_partitions.at(row); }
    int partitionRow(const QString &uuid) const { return m_partitionRows.value(uuid, -1); }
    const proto::Partition *partition(const QString &uuid) const;
    const proto::Partition *findPartition(const QString &name, const QString &domain) const;
    int runningPartitionCount() const;

    const QList<proto::Domain> &domains() const { return m_domains; }
    QStringList domainNames() const;
    // The engine's zones and any zone a host names, sorted.
    QStringList zoneNames() const;
    // The zones the engine defines, as it last described them.
    const QList<proto::Zone> &zones() const { return m_zones; }
    const proto::Zone *zone(const QString &name) const;

signals:
    void hostAboutToBeAdded(int row);
    void hostAdded(int row);
    void hostUpdated(int row);
    void hostAboutToBeRemoved(int row);
    void hostRemoved(int row);

    void partitionAboutToBeAdded(int row);
    void partitionAdded(int row);
    void partitionUpdated(int row);
    void partitionAboutToBeRemoved(int row);
    void partitionRemoved(int row);

    void domainsChanged();
    void zonesChanged();
    // A migration moved on (progress is not kept here: the task list and the
    // map follow it from these events).
    void migrationProgressed(const vdc::proto::MigrationProgress &progress);
    // A calendar change (policy transition) moved on; kept by the task list.
    void policyTransitionProgressed(const vdc::proto::PolicyTransitionProgress &progress);
    // After a snapshot or a delta: counts, zones or anything derived may differ.
    void stateChanged();

private:
    void upsertHost(const proto::Host &host);
    void removeHost(const QString &name);
    void upsertPartition(const proto::Partition &partition);
    void removePartition(const QString &uuid);
    void upsertDomain(const proto::Domain &domain);
    void upsertZone(const proto::Zone &zone);
    void reindexHosts();
    void reindexPartitions();

    QList<proto::Host> m_hosts;
    QHash<QString, int> m_hostRows;
    QList<proto::Partition> m_partitions;
    QHash<QString, int> m_partitionRows;
    QList<proto::Domain> m_domains;
    QList<proto::Zone> m_zones;
    std::uint64_t m_sequence = 0;
    bool m_hasSnapshot = false;
};

} // namespace vdc::gui
