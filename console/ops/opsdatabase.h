#pragma once

#include "auditevent.h"
#include "core/result.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

namespace vdc::ops {

// The persistent operations database (SQLite through QtSql): domains, zones,
// hosts, partition definitions with their runtime state, and the audit log.
//
// WAL journal, synchronous=FULL. The schema is versioned with PRAGMA
// user_version and brought forward by a list of migration steps, each applied
// in its own transaction; a database written by a newer build is refused.
// Every change is one SQL transaction that also writes its audit event, so a
// refused change leaves nothing behind.
class OpsDatabase
{
public:
    struct Migration
    {
        int version = 0;          // user_version after this step
        QString description;
        QStringList statements;   // one SQL statement each
    };

    struct HostRow
    {
        QString name;
        QString agentEndpoint;
        QString zone;             // empty: no zone
        QDateTime addedAt;
        proto::Location location = {}; // what the admin set on the host
        QList<proto::NetworkLink> links = {};
    };

    struct PartitionRow
    {
        proto::Partition partition;  // spec + runtime (state, host, assignment, link, last_error)
        proto::PartitionState desiredState = proto::PARTITION_STATE_STOPPED;
    };

    // A calendar entry as stored: its canonical text (the calendar library's
    // JSON form); the database does not interpret it.
    struct CalendarEntryRow
    {
        QString domain;
        QString name;
        QByteArray definition;
    };

    // Which policy set the engine last applied for a domain, so a restarted
    // engine knows whether a boundary passed while it was away.
    struct CalendarStateRow
    {
        QString domain;
        QString appliedPolicySet;
        QDateTime appliedAt;
    };

    using DomainKey = QPair<QString, QString>; // (domain, name)

    // A migration the engine runs, or whose target reservation it still has
    // to release; kept so a restarted engine can settle it.
    struct MigrationRow
    {
        QString id;
        QString partitionUuid;
        QString partitionName;
        QString sourceHost;
        QString targetHost;
        QString state;            // "running", or "abort": release the target's reservation
        QString user;
        QDateTime startedAt;
    };

    // Several changes committed as one transaction, in an order that keeps
    // every reference valid (renames are a put of the new name plus a removal
    // of the old). "put" inserts or replaces by key. Hosts must exist.
    struct ChangeSet
    {
        QList<proto::Domain> putDomains;
        QList<proto::Zone> putZones;      // hosts are not stored here; a host names its zone
        QList<HostRow> putHosts;
        QList<PartitionRow> putPartitions;
        QList<proto::PolicySet> putPolicySets;
        QList<CalendarEntryRow> putCalendarEntries;
        QList<CalendarStateRow> putCalendarStates;
        QList<DomainKey> removeCalendarEntries;
        QList<DomainKey> removePolicySets;
        QStringList removeCalendarStates; // domains
        QStringList removePartitions;     // uuids
        QStringList removeZones;
        QStringList removeDomains;
        QList<AuditEvent> audit;

        bool isEmpty() const;
    };

    // Which audit events to read: every given part must match.
    struct AuditFilter
    {
        QString object;      // the whole object, or its name ("prod/web1", "web1")
        QDateTime since;     // inclusive
        QDateTime until;     // exclusive
        QString user;
        QString action;      // exact, or a prefix ending in '.' ("partition.")
        int limit = 1000;    // the newest this many, returned oldest first
    };

    // The migrations of this build, in order.
    static const QList<Migration> &migrations();
    static int latestSchemaVersion();

    static Result<std::unique_ptr<OpsDatabase>> open(const QString &path);
    // Opens with a given list of migrations (an older build has a prefix of
    // migrations()).
    static Result<std::unique_ptr<OpsDatabase>> open(const QString &path, const QList<Migration> &migrations);

    ~OpsDatabase();
    OpsDatabase(const OpsDatabase &) = delete;
    OpsDatabase &operator=(const OpsDatabase &) = delete;

    QString path() const { return m_path; }
    Result<int> schemaVersion() const;

    Result<QList<proto::Domain>> domains() const;
    Result<QList<proto::Zone>> zones() const;
    Result<QList<HostRow>> hosts() const;
    Result<QList<PartitionRow>> partitions() const;
    Result<QList<AuditEvent>> auditEvents() const; // oldest first
    Result<QList<AuditEvent>> auditEvents(const AuditFilter &filter) const; // oldest first
    Result<QList<proto::PolicySet>> policySets() const;
    Result<QList<CalendarEntryRow>> calendarEntries() const;
    Result<QList<CalendarStateRow>> calendarStates() const;

    // Everything in `changes`, or nothing.
    Result<void> apply(const ChangeSet &changes);

    Result<void> addDomain(const proto::Domain &domain, const AuditEvent &audit);
    // Creates the host's zone if it is new.
    Result<void> addHost(const HostRow &host, const AuditEvent &audit);
    // Refused while partitions run there; stopped partitions that last ran
    // there forget the host.
    Result<void> removeHost(const QString &name, const AuditEvent &audit);
    // Creates the partition's zone if it is new. The domain must exist and the
    // name must be free in it.
    Result<void> addPartition(const PartitionRow &row, const AuditEvent &audit);
    // Writes spec, desired and runtime state of an existing partition.
    Result<void> updatePartition(const PartitionRow &row, const std::optional<AuditEvent> &audit = std::nullopt);
    Result<void> removePartition(const QString &uuid, const AuditEvent &audit);
    // For requests that were refused before any change was attempted.
    Result<void> recordAudit(const AuditEvent &audit);

    Result<QList<MigrationRow>> migrationRows() const; // oldest first
    // Inserts or replaces by id; the audit event (if any) in the same transaction.
    Result<void> putMigrationRow(const MigrationRow &row, const std::optional<AuditEvent> &audit = std::nullopt);
    Result<void> removeMigrationRow(const QString &id, const std::optional<AuditEvent> &audit = std::nullopt);

private:
    explicit OpsDatabase(QString path, QString connectionName);
    Result<void> configure();
    Result<void> migrate(const QList<Migration> &migrations);
    Result<void> transaction(const std::function<Result<void>()> &work);
    Result<void> insertAudit(const AuditEvent &audit);
    Result<void> ensureZone(const QString &zone);
    Result<void> applyChanges(const ChangeSet &changes);

    QString m_path;
    QString m_connectionName;
};

} // namespace vdc::ops
