#pragma once

#include "core/result.h"
#include "migrationrecord.h"
#include "storedpartition.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QVariant>

#include <cstdint>
#include <memory>
#include <optional>

class QSqlQuery;

namespace vdc::agent {

// The agent's bootstrap store: an SQLite file with the definitions of the
// partitions assigned to this host, their desired state and last known
// runtime, so the host can restart its partitions while operations is away.
// It also hands out transaction ids that are never reused, across restarts.
//
// WAL journal, synchronous=FULL (a definition acknowledged to operations is
// on disk), schema version in PRAGMA user_version with forward migrations.
// Each instance uses its own connection name, so several stores can be open
// in one process. Used from one thread.
class BootstrapStore
{
public:
    // The schema version this build writes; older stores are migrated on open.
    static constexpr int kSchemaVersion = 3;

    // Opens (creating if needed) and migrates the store at `path`. Refuses,
    // with ERROR_STORAGE and a sentence saying what to do, a file that is not
    // an SQLite database, a damaged one, or one written by a newer vdc-agent.
    static Result<std::unique_ptr<BootstrapStore>> open(const QString &path);

    ~BootstrapStore();
    BootstrapStore(const BootstrapStore &) = delete;
    BootstrapStore &operator=(const BootstrapStore &) = delete;

    // Inserts or replaces the row of partition.spec.uuid. Refuses with
    // ERROR_ALREADY_EXISTS when another partition has the same domain and name.
    Result<void> save(const StoredPartition &partition);
    Result<std::optional<StoredPartition>> find(const QString &uuid);
    Result<std::optional<StoredPartition>> findByName(const QString &domain, const QString &name);
    // Every partition, ordered by domain and name.
    Result<QList<StoredPartition>> list();
    // Removes the row; removing an unknown uuid is not an error.
    Result<void> remove(const QString &uuid);

    // Migrations this host takes part in, one per partition (see
    // MigrationRecord). saveMigration inserts or replaces the partition's.
    Result<void> saveMigration(const MigrationRecord &record);
    Result<std::optional<MigrationRecord>> findMigration(const QString &uuid);
    Result<QList<MigrationRecord>> listMigrations();
    Result<void> removeMigration(const QString &uuid);

    // A transaction id never handed out before by this store, and (because
    // its high bits follow the clock) very unlikely to collide with one from
    // a store that was lost and recreated.
    Result<std::uint64_t> nextTxid();

    const QString &path() const { return m_path; }

private:
    BootstrapStore(QString path, QString connectionName);

    Result<void> configure();
    Result<void> migrate();
    Error storageError(const QString &action, const QString &detail) const;
    Result<StoredPartition> readRow(const QSqlQuery &query) const;
    Result<std::optional<StoredPartition>> findWhere(const QString &condition, const QList<QVariant> &values);
    Result<MigrationRecord> readMigration(const QSqlQuery &query) const;

    QString m_path;
    QString m_connectionName;
    QSqlDatabase m_db;
};

} // namespace vdc::agent
