#include "bootstrapstore.h"

#include "logging.h"

#include <QDateTime>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>

#include <atomic>

namespace vdc::agent {

namespace {

// Forward migrations: step i brings a store from user_version i to i + 1.
// A released step is never edited; a schema change is a new step.
const QList<QStringList> &migrationSteps()
{
    static const QList<QStringList> steps = {
        // 0 -> 1: the definitions and what the administrator wants of them.
        {
            QStringLiteral("CREATE TABLE partitions ("
                           " uuid TEXT PRIMARY KEY NOT NULL,"
                           " domain TEXT NOT NULL,"
                           " name TEXT NOT NULL,"
                           " spec BLOB NOT NULL," // serialized vdc.proto.PartitionSpec
                           " desired_state TEXT NOT NULL DEFAULT 'stopped'"
                           "   CHECK (desired_state IN ('running', 'stopped')),"
                           " UNIQUE (domain, name))"),
        },
        // 1 -> 2: last known runtime, and the transaction id counter.
        {
            QStringLiteral("ALTER TABLE partitions ADD COLUMN runtime_state INTEGER NOT NULL DEFAULT 1"), // STOPPED
            QStringLiteral("ALTER TABLE partitions ADD COLUMN assignment BLOB"), // vdc.proto.ResourceAssignment
            QStringLiteral("ALTER TABLE partitions ADD COLUMN last_error TEXT NOT NULL DEFAULT ''"),
            QStringLiteral("ALTER TABLE partitions ADD COLUMN updated_ms INTEGER NOT NULL DEFAULT 0"),
            QStringLiteral("CREATE TABLE counters (name TEXT PRIMARY KEY NOT NULL, value INTEGER NOT NULL)"),
            QStringLiteral("INSERT INTO counters (name, value) VALUES ('txid', 0)"),
        },
        // 2 -> 3: migrations in (reservations) and out.
        {
            QStringLiteral("CREATE TABLE migrations ("
                           " uuid TEXT PRIMARY KEY NOT NULL," // one migration per partition at a time
                           " migration_id TEXT NOT NULL,"
                           " direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),"
                           " spec BLOB NOT NULL,"            // vdc.proto.PartitionSpec
                           " assignment BLOB,"               // vdc.proto.ResourceAssignment (in: reserved here)
                           " txid INTEGER NOT NULL DEFAULT 0,"
                           " peer_host TEXT NOT NULL DEFAULT '',"
                           " expires_ms INTEGER NOT NULL DEFAULT 0,"
                           " ttl_s INTEGER NOT NULL DEFAULT 0,"
                           " mode INTEGER NOT NULL DEFAULT 0,"
                           " state_file TEXT NOT NULL DEFAULT '',"
                           " created_ms INTEGER NOT NULL DEFAULT 0)"),
        },
    };
    static_assert(BootstrapStore::kSchemaVersion == 3, "add a migration step with the new schema version");
    return steps;
}

const QString kColumns = QStringLiteral("spec, desired_state, runtime_state, assignment, last_error");

QByteArray serialize(const google::protobuf::MessageLite &message)
{
    const std::string bytes = message.SerializeAsString();
    return QByteArray(bytes.data(), qsizetype(bytes.size()));
}

} // namespace

BootstrapStore::BootstrapStore(QString path, QString connectionName)
    : m_path(std::move(path))
    , m_connectionName(std::move(connectionName))
{
}

BootstrapStore::~BootstrapStore()
{
    m_db.close();
    m_db = QSqlDatabase(); // no handle may remain when the connection is removed
    QSqlDatabase::removeDatabase(m_connectionName);
}

Error BootstrapStore::storageError(const QString &action, const QString &detail) const
{
    return Error(proto::ERROR_STORAGE,
                 QStringLiteral("Cannot %1 in the bootstrap store %2: %3.").arg(action, m_path, detail));
}

Result<std::unique_ptr<BootstrapStore>> BootstrapStore::open(const QString &path)
{
    static std::atomic<int> connectionCounter{0};
    const QString connection = QStringLiteral("vdc-agent-store-%1").arg(++connectionCounter);
    std::unique_ptr<BootstrapStore> store(new BootstrapStore(path, connection));

    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE")))
        return Error(proto::ERROR_STORAGE,
                     QStringLiteral("Cannot open the bootstrap store %1: the Qt SQLite driver (QSQLITE) is not "
                                    "installed.").arg(path));
    store->m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
    store->m_db.setDatabaseName(path);
    if (!store->m_db.open())
        return Error(proto::ERROR_STORAGE,
                     QStringLiteral("Cannot open the bootstrap store %1: %2. Check that the directory %3 exists "
                                    "and is writable.")
                         .arg(path, store->m_db.lastError().text(), QFileInfo(path).absolutePath()));
    if (auto r = store->configure(); !r)
        return r.error();
    if (auto r = store->migrate(); !r)
        return r.error();
    qCInfo(lcAgentStore) << "bootstrap store" << path << "open, schema version" << kSchemaVersion;
    return store;
}

Result<void> BootstrapStore::configure()
{
    // SQLite reads the file header lazily: the first statement is where a
    // file that is not a database shows up.
    QSqlQuery q(m_db);
    const auto damaged = [this](const QString &detail) {
        return Error(proto::ERROR_STORAGE,
                     QStringLiteral("Cannot open the bootstrap store %1: %2. Move the file away to start with an "
                                    "empty store (the partitions' definitions come back from operations), or "
                                    "restore it from a backup.")
                         .arg(m_path, detail));
    };
    if (!q.exec(QStringLiteral("PRAGMA journal_mode=WAL")) || !q.next())
        return damaged(q.lastError().text());
    if (q.value(0).toString().compare(QStringLiteral("wal"), Qt::CaseInsensitive) != 0)
        qCWarning(lcAgentStore) << "bootstrap store" << m_path << "could not use WAL; journal mode is"
                                << q.value(0).toString();
    if (!q.exec(QStringLiteral("PRAGMA synchronous=FULL")))
        return damaged(q.lastError().text());
    if (!q.exec(QStringLiteral("PRAGMA quick_check")) || !q.next())
        return damaged(q.lastError().text());
    if (const QString check = q.value(0).toString(); check != QLatin1String("ok"))
        return damaged(QStringLiteral("the file is damaged (%1)").arg(check));
    return {};
}

Result<void> BootstrapStore::migrate()
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next())
        return storageError(QStringLiteral("read the schema version"), q.lastError().text());
    const int version = q.value(0).toInt();
    q.finish();
    if (version > kSchemaVersion)
        return Error(proto::ERROR_STORAGE,
                     QStringLiteral("The bootstrap store %1 has schema version %2, written by a newer vdc-agent; "
                                    "this one knows versions up to %3. Run the newer vdc-agent or use another "
                                    "store.")
                         .arg(m_path).arg(version).arg(kSchemaVersion));
    if (version < 0)
        return Error(proto::ERROR_STORAGE,
                     QStringLiteral("The bootstrap store %1 has an invalid schema version %2.").arg(m_path).arg(version));

    for (int step = version; step < kSchemaVersion; ++step) {
        if (!m_db.transaction())
            return storageError(QStringLiteral("start the migration to schema version %1").arg(step + 1),
                                m_db.lastError().text());
        for (const QString &statement : migrationSteps().at(step)) {
            if (!q.exec(statement)) {
                const QString detail = q.lastError().text();
                m_db.rollback();
                return storageError(QStringLiteral("migrate to schema version %1").arg(step + 1), detail);
            }
        }
        // user_version is part of the transaction: a step is applied whole or not at all.
        if (!q.exec(QStringLiteral("PRAGMA user_version = %1").arg(step + 1)) || !m_db.commit()) {
            const QString detail = q.lastError().isValid() ? q.lastError().text() : m_db.lastError().text();
            m_db.rollback();
            return storageError(QStringLiteral("migrate to schema version %1").arg(step + 1), detail);
        }
        qCInfo(lcAgentStore) << "bootstrap store" << m_path << "migrated to schema version" << step + 1;
    }
    return {};
}

Result<StoredPartition> BootstrapStore::readRow(const QSqlQuery &query) const
{
    StoredPartition p;
    const QByteArray spec = query.value(0).toByteArray();
    if (!p.spec.ParseFromArray(spec.constData(), int(spec.size())))
        return storageError(QStringLiteral("read a partition definition"),
                            QStringLiteral("a stored definition does not decode"));
    p.desired = query.value(1).toString() == QLatin1String("running") ? DesiredState::Running : DesiredState::Stopped;
    const int state = query.value(2).toInt();
    p.state = proto::PartitionState_IsValid(state) ? proto::PartitionState(state) : proto::PARTITION_STATE_UNSPECIFIED;
    const QByteArray assignment = query.value(3).toByteArray();
    if (!p.assignment.ParseFromArray(assignment.constData(), int(assignment.size())))
        return storageError(QStringLiteral("read the resources of partition %1").arg(p.name()),
                            QStringLiteral("the stored assignment does not decode"));
    p.lastError = query.value(4).toString();
    return p;
}

Result<void> BootstrapStore::save(const StoredPartition &partition)
{
    const QString uuid = partition.uuid();
    const QString domain = QString::fromStdString(partition.spec.domain());
    auto existing = findByName(domain, partition.name());
    if (!existing)
        return existing.error();
    if (existing->has_value() && (*existing)->uuid() != uuid)
        return Error(proto::ERROR_ALREADY_EXISTS,
                     QStringLiteral("Partition %1 in domain %2 is already defined on this host with UUID %3.")
                         .arg(partition.name(), domain, (*existing)->uuid()));

    QSqlQuery q(m_db);
    q.prepare(QStringLiteral(
        "INSERT INTO partitions (uuid, domain, name, %1, updated_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (uuid) DO UPDATE SET domain = excluded.domain, name = excluded.name, spec = excluded.spec,"
        " desired_state = excluded.desired_state, runtime_state = excluded.runtime_state,"
        " assignment = excluded.assignment, last_error = excluded.last_error, updated_ms = excluded.updated_ms")
                  .arg(kColumns));
    q.addBindValue(uuid);
    q.addBindValue(domain);
    q.addBindValue(partition.name());
    q.addBindValue(serialize(partition.spec));
    q.addBindValue(desiredStateName(partition.desired));
    q.addBindValue(int(partition.state));
    q.addBindValue(serialize(partition.assignment));
    q.addBindValue(partition.lastError.isNull() ? QStringLiteral("") : partition.lastError); // NOT NULL column
    q.addBindValue(QDateTime::currentMSecsSinceEpoch());
    if (!q.exec())
        return storageError(QStringLiteral("save partition %1").arg(partition.name()), q.lastError().text());
    return {};
}

Result<std::optional<StoredPartition>> BootstrapStore::findWhere(const QString &condition, const QList<QVariant> &values)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT %1 FROM partitions WHERE %2").arg(kColumns, condition));
    for (const QVariant &v : values)
        q.addBindValue(v);
    if (!q.exec())
        return storageError(QStringLiteral("look up a partition"), q.lastError().text());
    if (!q.next())
        return std::optional<StoredPartition>();
    auto row = readRow(q);
    if (!row)
        return row.error();
    return std::optional<StoredPartition>(std::move(row.value()));
}

Result<std::optional<StoredPartition>> BootstrapStore::find(const QString &uuid)
{
    return findWhere(QStringLiteral("uuid = ?"), {uuid});
}

Result<std::optional<StoredPartition>> BootstrapStore::findByName(const QString &domain, const QString &name)
{
    return findWhere(QStringLiteral("domain = ? AND name = ?"), {domain, name});
}

Result<QList<StoredPartition>> BootstrapStore::list()
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT %1 FROM partitions ORDER BY domain, name").arg(kColumns)))
        return storageError(QStringLiteral("list the partitions"), q.lastError().text());
    QList<StoredPartition> partitions;
    while (q.next()) {
        auto row = readRow(q);
        if (!row)
            return row.error();
        partitions.append(std::move(row.value()));
    }
    return partitions;
}

Result<void> BootstrapStore::remove(const QString &uuid)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("DELETE FROM partitions WHERE uuid = ?"));
    q.addBindValue(uuid);
    if (!q.exec())
        return storageError(QStringLiteral("remove partition %1").arg(uuid), q.lastError().text());
    return {};
}

namespace {
const QString kMigrationColumns =
    QStringLiteral("uuid, migration_id, direction, spec, assignment, txid, peer_host, expires_ms, ttl_s, mode, state_file");
} // namespace

Result<MigrationRecord> BootstrapStore::readMigration(const QSqlQuery &query) const
{
    MigrationRecord r;
    r.migrationId = query.value(1).toString();
    r.incoming = query.value(2).toString() == QLatin1String("in");
    const QByteArray spec = query.value(3).toByteArray();
    if (!r.spec.ParseFromArray(spec.constData(), int(spec.size())))
        return storageError(QStringLiteral("read the migration of partition %1").arg(query.value(0).toString()),
                            QStringLiteral("its definition does not decode"));
    const QByteArray assignment = query.value(4).toByteArray();
    if (!r.assignment.ParseFromArray(assignment.constData(), int(assignment.size())))
        return storageError(QStringLiteral("read the migration of partition %1").arg(r.name()),
                            QStringLiteral("its reserved resources do not decode"));
    r.txid = query.value(5).toULongLong();
    r.peerHost = query.value(6).toString();
    r.expiresMs = query.value(7).toLongLong();
    r.ttlSeconds = query.value(8).toUInt();
    const int mode = query.value(9).toInt();
    r.mode = proto::MigrationMode_IsValid(mode) ? proto::MigrationMode(mode) : proto::MIGRATION_MODE_UNSPECIFIED;
    r.stateFile = query.value(10).toString();
    return r;
}

Result<void> BootstrapStore::saveMigration(const MigrationRecord &record)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT OR REPLACE INTO migrations (%1, created_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                  .arg(kMigrationColumns));
    q.addBindValue(record.uuid());
    q.addBindValue(record.migrationId);
    q.addBindValue(record.incoming ? QStringLiteral("in") : QStringLiteral("out"));
    q.addBindValue(serialize(record.spec));
    q.addBindValue(serialize(record.assignment));
    q.addBindValue(qulonglong(record.txid));
    q.addBindValue(record.peerHost.isNull() ? QStringLiteral("") : record.peerHost);
    q.addBindValue(qlonglong(record.expiresMs));
    q.addBindValue(record.ttlSeconds);
    q.addBindValue(int(record.mode));
    q.addBindValue(record.stateFile.isNull() ? QStringLiteral("") : record.stateFile);
    q.addBindValue(QDateTime::currentMSecsSinceEpoch());
    if (!q.exec())
        return storageError(QStringLiteral("save the migration of partition %1").arg(record.name()), q.lastError().text());
    return {};
}

Result<std::optional<MigrationRecord>> BootstrapStore::findMigration(const QString &uuid)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT %1 FROM migrations WHERE uuid = ?").arg(kMigrationColumns));
    q.addBindValue(uuid);
    if (!q.exec())
        return storageError(QStringLiteral("look up a migration"), q.lastError().text());
    if (!q.next())
        return std::optional<MigrationRecord>();
    auto row = readMigration(q);
    if (!row)
        return row.error();
    return std::optional<MigrationRecord>(std::move(row.value()));
}

Result<QList<MigrationRecord>> BootstrapStore::listMigrations()
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT %1 FROM migrations ORDER BY created_ms").arg(kMigrationColumns)))
        return storageError(QStringLiteral("list the migrations"), q.lastError().text());
    QList<MigrationRecord> records;
    while (q.next()) {
        auto row = readMigration(q);
        if (!row)
            return row.error();
        records.append(std::move(row.value()));
    }
    return records;
}

Result<void> BootstrapStore::removeMigration(const QString &uuid)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("DELETE FROM migrations WHERE uuid = ?"));
    q.addBindValue(uuid);
    if (!q.exec())
        return storageError(QStringLiteral("remove the migration of partition %1").arg(uuid), q.lastError().text());
    return {};
}

Result<std::uint64_t> BootstrapStore::nextTxid()
{
    // High bits from the clock (ms << 10: 1024 ids per millisecond before the
    // counter runs ahead of the clock), never below the last id handed out.
    const auto clockFloor = std::uint64_t(QDateTime::currentMSecsSinceEpoch()) << 10;
    if (!m_db.transaction())
        return storageError(QStringLiteral("allocate a transaction id"), m_db.lastError().text());
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT value FROM counters WHERE name = 'txid'")) || !q.next()) {
        const QString detail = q.lastError().isValid() ? q.lastError().text() : QStringLiteral("the counter is missing");
        q.finish();
        m_db.rollback();
        return storageError(QStringLiteral("allocate a transaction id"), detail);
    }
    const std::uint64_t last = q.value(0).toULongLong();
    q.finish();
    const std::uint64_t next = std::max(last + 1, clockFloor);
    q.prepare(QStringLiteral("UPDATE counters SET value = ? WHERE name = 'txid'"));
    q.addBindValue(qulonglong(next));
    if (!q.exec() || !m_db.commit()) {
        const QString detail = q.lastError().isValid() ? q.lastError().text() : m_db.lastError().text();
        m_db.rollback();
        return storageError(QStringLiteral("allocate a transaction id"), detail);
    }
    return next;
}

} // namespace vdc::agent
