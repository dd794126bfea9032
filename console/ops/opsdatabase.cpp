#include "opsdatabase.h"

#include "model/validation.h"

#include <QAtomicInteger>
#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <memory>

Q_LOGGING_CATEGORY(lcOpsDb, "vdc.ops.database", QtWarningMsg)

namespace vdc::ops {

namespace {

QString str(const std::string &s) { return QString::fromStdString(s); }

QByteArray serialize(const google::protobuf::MessageLite &message)
{
    QByteArray bytes(qsizetype(message.ByteSizeLong()), Qt::Uninitialized);
    message.SerializeToArray(bytes.data(), int(bytes.size()));
    return bytes;
}

QString timeText(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODateWithMs);
}

bool isRunningState(proto::PartitionState state)
{
    return state == proto::PARTITION_STATE_RUNNING || state == proto::PARTITION_STATE_STARTING
        || state == proto::PARTITION_STATE_STOPPING || state == proto::PARTITION_STATE_PAUSED;
}

// Runs one statement with positional bindings; a failure becomes a sentence
// that names the database and what SQLite said.
class Statement
{
public:
    Statement(const QSqlDatabase &db, const QString &path)
        : m_query(db)
        , m_path(path)
    {
        // Results are read once, front to back: no row cache to build (it
        // dominates loading thousands of partitions).
        m_query.setForwardOnly(true);
    }

    Result<void> run(const QString &sql, const QVariantList &values = {})
    {
        if (!m_query.prepare(sql))
            return failure(sql);
        for (const auto &v : values) {
            // A null QString binds as SQL NULL; the columns hold '' for "none".
            if (v.typeId() == QMetaType::QString && v.toString().isNull())
                m_query.addBindValue(QStringLiteral(""));
            else
                m_query.addBindValue(v);
        }
        if (!m_query.exec())
            return failure(sql);
        return {};
    }

    QSqlQuery &query() { return m_query; }

private:
    Result<void> failure(const QString &sql)
    {
        qCWarning(lcOpsDb) << "statement failed:" << sql << m_query.lastError().text();
        return Error(proto::ERROR_STORAGE, QStringLiteral("Cannot use the operations database %1: %2.")
                                               .arg(m_path, m_query.lastError().text().trimmed()));
    }

    QSqlQuery m_query;
    QString m_path;
};

Error damaged(const QString &what, const QString &path)
{
    return Error(proto::ERROR_STORAGE,
                 QStringLiteral("The definition of %1 in %2 is damaged; restore the database from a backup.").arg(what, path));
}

// A LIKE pattern that matches `text` literally (with ESCAPE '\\').
QString likeLiteral(const QString &text)
{
    QString out = text;
    out.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    out.replace(QLatin1Char('%'), QStringLiteral("\\%"));
    out.replace(QLatin1Char('_'), QStringLiteral("\\_"));
    return out;
}

QString nextConnectionName()
{
    static QAtomicInteger<quint64> counter;
    return QStringLiteral("vdc.ops.%1").arg(counter.fetchAndAddRelaxed(1) + 1);
}

} // namespace

const QList<OpsDatabase::Migration> &OpsDatabase::migrations()
{
    // Append new steps at the end; never change a step that has shipped.
    static const QList<Migration> steps = {
        {1,
         QStringLiteral("domains, zones, hosts and partitions"),
         {
             QStringLiteral("CREATE TABLE domains ("
                            " name TEXT PRIMARY KEY NOT NULL,"
                            " description TEXT NOT NULL DEFAULT '')"),
             QStringLiteral("CREATE TABLE zones ("
                            " name TEXT PRIMARY KEY NOT NULL,"
                            " description TEXT NOT NULL DEFAULT '')"),
             QStringLiteral("CREATE TABLE hosts ("
                            " name TEXT PRIMARY KEY NOT NULL,"
                            " agent_endpoint TEXT NOT NULL UNIQUE,"
                            " zone TEXT NOT NULL DEFAULT '',"
                            " added_at TEXT NOT NULL)"),
             // The spec blob is the authoritative definition (it keeps fields
             // newer than these columns); the columns are for lookups and
             // constraints.
             QStringLiteral("CREATE TABLE partitions ("
                            " uuid TEXT PRIMARY KEY NOT NULL,"
                            " name TEXT NOT NULL,"
                            " domain TEXT NOT NULL REFERENCES domains(name),"
                            " zone TEXT NOT NULL DEFAULT '',"
                            " vcpus INTEGER NOT NULL,"
                            " memory_mib INTEGER NOT NULL,"
                            " spec BLOB NOT NULL,"
                            " desired_state TEXT NOT NULL,"
                            " host TEXT NOT NULL DEFAULT '',"
                            " runtime_state TEXT NOT NULL,"
                            " assignment BLOB NOT NULL DEFAULT x'',"
                            " last_error TEXT NOT NULL DEFAULT '',"
                            " UNIQUE(domain, name))"),
             QStringLiteral("INSERT OR IGNORE INTO domains(name, description) VALUES ('default', 'The default domain')"),
         }},
        {2,
         QStringLiteral("audit log"),
         {
             QStringLiteral("CREATE TABLE audit_events ("
                            " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                            " time TEXT NOT NULL,"
                            " user TEXT NOT NULL,"
                            " action TEXT NOT NULL,"
                            " object TEXT NOT NULL,"
                            " result TEXT NOT NULL,"
                            " message TEXT NOT NULL)"),
             QStringLiteral("CREATE INDEX audit_events_time ON audit_events(time)"),
         }},
        {3,
         QStringLiteral("zone and host definitions, placement rules, policy sets and calendars"),
         {
             // As for partitions: the blob holds the whole definition (it keeps
             // fields newer than the columns); the columns are for lookups.
             QStringLiteral("ALTER TABLE domains ADD COLUMN definition BLOB NOT NULL DEFAULT x''"),
             QStringLiteral("ALTER TABLE zones ADD COLUMN definition BLOB NOT NULL DEFAULT x''"),
             QStringLiteral("ALTER TABLE hosts ADD COLUMN definition BLOB NOT NULL DEFAULT x''"),
             QStringLiteral("ALTER TABLE partitions ADD COLUMN link TEXT NOT NULL DEFAULT ''"),
             QStringLiteral("CREATE TABLE policy_sets ("
                            " domain TEXT NOT NULL REFERENCES domains(name),"
                            " name TEXT NOT NULL,"
                            " definition BLOB NOT NULL,"
                            " PRIMARY KEY(domain, name))"),
             QStringLiteral("CREATE TABLE calendar_entries ("
                            " domain TEXT NOT NULL REFERENCES domains(name),"
                            " name TEXT NOT NULL,"
                            " definition TEXT NOT NULL,"
                            " PRIMARY KEY(domain, name))"),
             QStringLiteral("CREATE TABLE calendar_state ("
                            " domain TEXT PRIMARY KEY NOT NULL REFERENCES domains(name),"
                            " applied_policy_set TEXT NOT NULL,"
                            " applied_at TEXT NOT NULL)"),
             QStringLiteral("CREATE INDEX audit_events_object ON audit_events(object, time)"),
         }},
        {4,
         QStringLiteral("migrations in progress"),
         {
             QStringLiteral("CREATE TABLE migrations ("
                            " id TEXT PRIMARY KEY NOT NULL,"
                            " partition_uuid TEXT NOT NULL,"
                            " partition_name TEXT NOT NULL,"
                            " source_host TEXT NOT NULL,"
                            " target_host TEXT NOT NULL,"
                            " state TEXT NOT NULL,"
                            " user TEXT NOT NULL DEFAULT '',"
                            " started_at TEXT NOT NULL)"),
         }},
    };
    return steps;
}

int OpsDatabase::latestSchemaVersion()
{
    return migrations().last().version;
}

OpsDatabase::OpsDatabase(QString path, QString connectionName)
    : m_path(std::move(path))
    , m_connectionName(std::move(connectionName))
{
}

OpsDatabase::~OpsDatabase()
{
    {
        auto db = QSqlDatabase::database(m_connectionName, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

Result<std::unique_ptr<OpsDatabase>> OpsDatabase::open(const QString &path)
{
    return open(path, migrations());
}

Result<std::unique_ptr<OpsDatabase>> OpsDatabase::open(const QString &path, const QList<Migration> &steps)
{
    if (path.isEmpty())
        return Error(proto::ERROR_INVALID_ARGUMENT, QStringLiteral("No path was given for the operations database."));
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE")))
        return Error(proto::ERROR_STORAGE,
                     QStringLiteral("The Qt SQLite driver (QSQLITE) is not installed; install the Qt 6 SQLite plugin."));
    const QFileInfo info(path);
    if (!info.absoluteDir().exists())
        return Error(proto::ERROR_STORAGE, QStringLiteral("Cannot create the operations database %1: the folder %2 does not exist.")
                                               .arg(path, info.absolutePath()));

    const QString name = nextConnectionName();
    {
        auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        if (!db.open()) {
            const QString why = db.lastError().text().trimmed();
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(name);
            return Error(proto::ERROR_STORAGE, QStringLiteral("Cannot open the operations database %1: %2.").arg(path, why));
        }
    }
    std::unique_ptr<OpsDatabase> database(new OpsDatabase(path, name));
    if (auto r = database->configure(); !r)
        return r.error();
    if (auto r = database->migrate(steps); !r)
        return r.error();
    return database;
}

Result<void> OpsDatabase::configure()
{
    Statement st(QSqlDatabase::database(m_connectionName, false), m_path);
    if (auto r = st.run(QStringLiteral("PRAGMA journal_mode=WAL")); !r)
        return r;
    if (st.query().next()) {
        const QString mode = st.query().value(0).toString();
        // An in-memory database (tests) reports "memory"; anything else means
        // the file system refused WAL.
        if (mode != QLatin1String("wal") && mode != QLatin1String("memory"))
            return Error(proto::ERROR_STORAGE,
                         QStringLiteral("The operations database %1 cannot use write-ahead logging (journal mode is %2); "
                                        "put it on a local file system.")
                             .arg(m_path, mode));
    }
    for (const auto &pragma : {QStringLiteral("PRAGMA synchronous=FULL"), QStringLiteral("PRAGMA foreign_keys=ON"),
                               QStringLiteral("PRAGMA busy_timeout=5000")})
        if (auto r = st.run(pragma); !r)
            return r;
    return {};
}

Result<int> OpsDatabase::schemaVersion() const
{
    Statement st(QSqlDatabase::database(m_connectionName, false), m_path);
    if (auto r = st.run(QStringLiteral("PRAGMA user_version")); !r)
        return r.error();
    if (!st.query().next())
        return Error(proto::ERROR_STORAGE, QStringLiteral("Cannot read the schema version of %1.").arg(m_path));
    return st.query().value(0).toInt();
}

Result<void> OpsDatabase::migrate(const QList<Migration> &steps)
{
    auto current = schemaVersion();
    if (!current)
        return current.error();
    const int known = steps.isEmpty() ? 0 : steps.last().version;
    if (*current > known)
        return Error(proto::ERROR_UNSUPPORTED_VERSION,
                     QStringLiteral("The operations database %1 has schema version %2, but this build knows only up to "
                                    "version %3; it was written by a newer vdc. Run a newer vdc-opsd or use another "
                                    "database file.")
                         .arg(m_path).arg(*current).arg(known));
    for (const auto &step : steps) {
        if (step.version <= *current)
            continue;
        qCInfo(lcOpsDb) << "migrating" << m_path << "to schema version" << step.version << step.description;
        auto r = transaction([&]() -> Result<void> {
            Statement st(QSqlDatabase::database(m_connectionName, false), m_path);
            for (const auto &sql : step.statements)
                if (auto s = st.run(sql); !s)
                    return s;
            // user_version is written inside the same transaction: a step is
            // either applied and recorded, or neither.
            return st.run(QStringLiteral("PRAGMA user_version=%1").arg(step.version));
        });
        if (!r)
            return Error(proto::ERROR_STORAGE, QStringLiteral("Cannot bring the operations database %1 to schema version "
                                                              "%2 (%3): %4")
                                                   .arg(m_path).arg(step.version).arg(step.description, r.error().message()));
    }
    // The default domain always exists (written only when missing: a write
    // costs a synchronous commit at every start).
    Statement st(QSqlDatabase::database(m_connectionName, false), m_path);
    if (auto r = st.run(QStringLiteral("SELECT 1 FROM domains WHERE name = 'default'")); !r)
        return r;
    if (st.query().next())
        return {};
    return st.run(QStringLiteral("INSERT OR IGNORE INTO domains(name, description) VALUES ('default', 'The default domain')"));
}

Result<void> OpsDatabase::transaction(const std::function<Result<void>()> &work)
{
    auto db = QSqlDatabase::database(m_connectionName, false);
    if (!db.transaction())
        return Error(proto::ERROR_STORAGE, QStringLiteral("Cannot start a transaction on the operations database %1: %2.")
                                               .arg(m_path, db.lastError().text().trimmed()));
    auto r = work();
    if (!r) {
        db.rollback();
        return r;
    }
    if (!db.commit()) {
        const QString why = db.lastError().text().trimmed();
        db.rollback();
        return Error(proto::ERROR_STORAGE, QStringLiteral("Cannot commit to the operations database %1: %2.").arg(m_path, why));
    }
    return {};
}

Result<void> OpsDatabase::insertAudit(const AuditEvent &audit)
{
    Statement st(QSqlDatabase::database(m_connectionName, false), m_path);
    const QDateTime time = audit.time.isValid() ? audit.time : QDateTime::currentDateTimeUtc();
    return st.run(QStringLiteral("INSERT INTO audit_events(time, user, action, object, result, message) VALUES (?, ?, ?, ?, ?, ?)"),
                  {timeText(time), audit.user, audit.action, audit.object, audit.result, audit.message});
}

Result<void> OpsDatabase::ensureZone(const QString &zone)
{
    if (zone.isEmpty())
        return {};
    Statement st(QSqlDatabase::database(m_connectionName, false), m_path);
    return st.run(QStringLiteral("INSERT OR IGNORE INTO zones(name, description) VALUES (?, '')"), {zone});
}

Result<void> OpsDatabase::recordAudit(const AuditEvent &audit)
{
    return transaction([&] { return insertAudit(audit); });
}

Result<QList<OpsDatabase::MigrationRow>> OpsDatabase::migrationRows() const
{
    Statement st(QSqlDatabase::database(m_connectionName, false), m_path);
    if (auto r = st.run(QStringLiteral("SELECT id, partition_uuid, partition_name, source_host, target_host, state, user,"
                                       " started_at FROM migrations ORDER BY started_at, id"));
        !r)
        return r.error();
    QList<MigrationRow> list;
    while (st.query().next()) {
        const QSqlQuery &q = st.query();
        list.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString(),
                     q.value(4).toString(), q.value(5).toString(), q.value(6).toString(),
                     QDateTime::fromString(q.value(7).toString(), Qt::ISODateWithMs)});
    }
    return list;
}

Result<void> OpsDatabase::putMigrationRow(const MigrationRow &row, const std::optional<AuditEvent> &audit)
{
    return transaction([&]() -> Result<void> {
        Statement st(QSqlDatabase::database(m_connectionName, false), m_path);
        if (auto r = st.run(QStringLiteral("INSERT OR REPLACE INTO migrations(id, partition_uuid, partition_name,"
                                           " source_host, target_host, state, user, started_at)"
                                           " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
                            {row.id, row.partitionUuid, row.partitionName, row.sourceHost, row.targetHost, row.state,
                             row.user, timeText(row.startedAt)});
            !r)
            return r;
        return audit ? insertAudit(*audit) : Result<void>{};
    });
}

Result<void> OpsDatabase::removeMigrationRow(const QString &id, const std::optional<AuditEvent> &audit)
{
    return transaction([&]() -> Result<void> {
        Statement st(QSqlDatabase::database(m_connectionName, false), m_path);
        if (auto r = st.run(QStringLiteral("DELETE FROM migrations WHERE id = ?"), {id}); !r)
            return r;
        return audit ? insertAudit(*audit) : Result<void>{};
    });
}

Result<QList<proto::Domain>> OpsDatabase::domains() const
{
    Statement st(QSqlDatabase::database(m_connectionName, false), m_path);
    if (auto r = st.run(QStringLiteral("SELECT name, description, definition FROM domains ORDER BY name")); !r)
        return r.error();
    QList<proto::Domain> list;
    while (st.query().next()) {
        proto::Domain d;
        const QByteArray blob = st.query().value(2).toByteArray();
        if (!blob.isEmpty() && !d.ParseFromArray(blob.constData(), int(blob.size())))
            return damaged(QStringLiteral("domain %1").arg(st.query().value(0).toString()), m_path);
        // The columns are the truth for name and description (rows older than
        // the blob have only them).
        d.set_name(st.query().value(0).toString().toStdString());
        d.set_description(st.query().value(1).toString().toStdString());
        list.append(d);
    }
    return list;
}

Result<QList<proto::Zone>> OpsDatabase::zones() const
{
    Statement st(QSqlDatabase::database(m_connectionName, false), m_path);
    if (auto r = st.run(QStringLiteral("SELECT name, description, definition FROM zones ORDER BY name")); !r)
        return r.error();
    QList<proto::Zone> list;
    while (st.query().next()) {
        proto::Zone z;
        const QByteArray blob = st.query().value(2).toByteArray();
        if (!blob.isEmpty() && !z.ParseFromArray(blob.constData(), int(blob.size())))
            return damaged(QStringLiteral("zone %1").arg(st.query().value(0).toString()), m_path);
        z.set_name(st.query().value(0).toString().toStdString());
        z.set_description(st.query().value(1).toString().toStdString());
        z.clear_hosts();
        list.append(z);
    }
    return list;
}

Result<QList<OpsDatabase::HostRow>> OpsDatabase::hosts() const
{
    Statement st(QSqlDatabase::database(m_connectionName, false), m_path);
    if (auto r = st.run(QStringLiteral("SELECT name, agent_endpoint, zone, added_at, definition FROM hosts ORDER BY name")); !r)
        return r.error();
    QList<HostRow> list;
    while (st.query().next()) {
        HostRow h;
        h.name = st.query().value(0).toString();
        h.agentEndpoint = st.query().value(1).toString();
        h.zone = st.query().value(2).toString();
        h.addedAt = QDateTime::fromString(st.query().value(3).toString(), Qt::ISODateWithMs);
        const QByteArray blob = st.query().value(4).toByteArray();
        proto::Host definition;
        if (!blob.isEmpty() && !definition.ParseFromArray(blob.constData(), int(blob.size())))
            return damaged(QStringLiteral("host %1").arg(h.name), m_path);
        h.location = definition.location();
        h.links = QList<proto::NetworkLink>(definition.links().begin(), definition.links().end());
        list.append(h);
    }
    return list;
}

Result<QList<OpsDatabase::PartitionRow>> OpsDatabase::partitions() const
{
    Statement st(QSqlDatabase::database(m_connectionName, false), m_path);
    if (auto r = st.run(QStringLiteral("SELECT uuid, spec, desired_state, host, runtime_state, assignment, last_error, link "
                                       "FROM partitions ORDER BY domain, name"));
        !r)
        return r.error();
    // State names to states, looked up once per name rather than per row.
    QHash<QString, proto::PartitionState> states;
    auto stateOf = [&states](const QString &name) {
        const auto it = states.constFind(name);
        if (it != states.cend())
            return *it;
        const auto state = model::partitionStateFromName(name).value_or(proto::PARTITION_STATE_STOPPED);
        states.insert(name, state);
        return state;
    };
    QList<PartitionRow> list;
    while (st.query().next()) {
        PartitionRow row;
        const QString uuid = st.query().value(0).toString();
        const QByteArray spec = st.query().value(1).toByteArray();
        if (!row.partition.mutable_spec()->ParseFromArray(spec.constData(), int(spec.size())))
            return Error(proto::ERROR_STORAGE, QStringLiteral("The definition of partition %1 in %2 is damaged; restore the "
                                                              "database from a backup.")
                                                   .arg(uuid, m_path));
        row.desiredState = stateOf(st.query().value(2).toString());
        row.partition.set_host(st.query().value(3).toString().toStdString());
        row.partition.set_state(stateOf(st.query().value(4).toString()));
        const QByteArray assignment = st.query().value(5).toByteArray();
        if (!row.partition.mutable_assignment()->ParseFromArray(assignment.constData(), int(assignment.size())))
            row.partition.clear_assignment(); // runtime only; the next inventory brings it back
        row.partition.set_last_error(st.query().value(6).toString().toStdString());
        row.partition.set_link(st.query().value(7).toString().toStdString());
        list.append(std::move(row));
    }
    return list;
}

Result<QList<AuditEvent>> OpsDatabase::auditEvents() const
{
    Statement st(QSqlDatabase::database(m_connectionName, false), m_path);
    if (auto r = st.run(QStringLiteral("SELECT id, time, user, action, object, result, message FROM audit_events ORDER BY id")); !r)
        return r.error();
    QList<AuditEvent> list;
    while (st.query().next()) {
        AuditEvent e;
        e.id = st.query().value(0).toLongLong();
        e.time = QDateTime::fromString(st.query().value(1).toString(), Qt::ISODateWithMs);
        e.user = st.query().value(2).toString();
        e.action = st.query().value(3).toString();
        e.object = st.query().value(4).toString();
        e.result = st.query().value(5).toString();
        e.message = st.query().value(6).toString();
        list.append(e);
    }
    return list;
}

Result<void> OpsDatabase::addDomain(const proto::Domain &domain, const AuditEvent &audit)
{
    return transaction([&]() -> Result<void> {
        Statement st(QSqlDatabase::database(m_connectionName, false), m_path);
        const QString name = str(domain.name());
        if (auto r = st.run(QStringLiteral("SELECT 1 FROM domains WHERE name = ?"), {name}); !r)
            return r;
        if (st.query().next())
            return Error(proto::ERROR_ALREADY_EXISTS, QStringLiteral("Domain %1 already exists.").arg(name));
        if (auto r = st.run(QStringLiteral("INSERT INTO domains(name, description, definition) VALUES (?, ?, ?)"),
                            {name, str(domain.description()), serialize(domain)});
            !r)
            return r;
        return insertAudit(audit);
    });
}

Result<void> OpsDatabase::addHost(const HostRow &host, const AuditEvent &audit)
{
    return transaction([&]() -> Result<void> {
        Statement st(QSqlDatabase::database(m_connectionName, false), m_path);
        if (auto r = st.run(QStringLiteral("SELECT 1 FROM hosts WHERE name = ?"), {host.name}); !r)
            return r;
        if (st.query().next())
            return Error(proto::ERROR_ALREADY_EXISTS, QStringLiteral("Host %1 already exists.").arg(host.name));
        if (auto r = st.run(QStringLiteral("SELECT name FROM hosts WHERE agent_endpoint = ?"), {host.agentEndpoint}); !r)
            return r;
        if (st.query().next())
            return Error(proto::ERROR_ALREADY_EXISTS, QStringLiteral("Host %1 already uses the agent endpoint %2.")
                                                          .arg(st.query().value(0).toString(), host.agentEndpoint));
        if (auto r = ensureZone(host.zone); !r)
            return r;
        const QDateTime added = host.addedAt.isValid() ? host.addedAt : QDateTime::currentDateTimeUtc();
        proto::Host definition;
        *definition.mutable_location() = host.location;
        for (const auto &l : host.links)
            *definition.add_links() = l;
        if (auto r = st.run(QStringLiteral("INSERT INTO hosts(name, agent_endpoint, zone, added_at, definition) VALUES (?, ?, ?, ?, ?)"),
                            {host.name, host.agentEndpoint, host.zone, timeText(added), serialize(definition)});
            !r)
            return r;
        return insertAudit(audit);
    });
}

Result<void> OpsDatabase::removeHost(const QString &name, const AuditEvent &audit)
{
    return transaction([&]() -> Result<void> {
        Statement st(QSqlDatabase::database(m_connectionName, false), m_path);
        if (auto r = st.run(QStringLiteral("SELECT 1 FROM hosts WHERE name = ?"), {name}); !r)
            return r;
        if (!st.query().next())
            return Error(proto::ERROR_NOT_FOUND, QStringLiteral("Host %1 does not exist.").arg(name));
        if (auto r = st.run(QStringLiteral("SELECT domain, name, runtime_state FROM partitions WHERE host = ? ORDER BY domain, name"), {name}); !r)
            return r;
        QStringList running;
        while (st.query().next()) {
            const auto state = model::partitionStateFromName(st.query().value(2).toString());
            if (state && isRunningState(*state))
                running << QStringLiteral("%1/%2").arg(st.query().value(0).toString(), st.query().value(1).toString());
        }
        if (!running.isEmpty())
            return Error(proto::ERROR_FAILED_PRECONDITION,
                         QStringLiteral("Host %1 still runs partitions (%2); stop them before removing the host.")
                             .arg(name, running.join(QStringLiteral(", "))));
        if (auto r = st.run(QStringLiteral("UPDATE partitions SET host = '', assignment = x'' WHERE host = ?"), {name}); !r)
            return r;
        if (auto r = st.run(QStringLiteral("DELETE FROM hosts WHERE name = ?"), {name}); !r)
            return r;
        return insertAudit(audit);
    });
}

Result<void> OpsDatabase::addPartition(const PartitionRow &row, const AuditEvent &audit)
{
    const auto &spec = row.partition.spec();
    return transaction([&]() -> Result<void> {
        Statement st(QSqlDatabase::database(m_connectionName, false), m_path);
        if (auto r = st.run(QStringLiteral("SELECT 1 FROM domains WHERE name = ?"), {str(spec.domain())}); !r)
            return r;
        if (!st.query().next())
            return Error(proto::ERROR_NOT_FOUND,
                         QStringLiteral("Domain %1 does not exist; create it first.").arg(str(spec.domain())));
        if (auto r = st.run(QStringLiteral("SELECT uuid FROM partitions WHERE domain = ? AND name = ?"),
                            {str(spec.domain()), str(spec.name())});
            !r)
            return r;
        if (st.query().next())
            return Error(proto::ERROR_ALREADY_EXISTS, QStringLiteral("Partition %1 already exists in domain %2.")
                                                          .arg(str(spec.name()), str(spec.domain())));
        if (auto r = st.run(QStringLiteral("SELECT name, domain FROM partitions WHERE uuid = ?"), {str(spec.uuid())}); !r)
            return r;
        if (st.query().next())
            return Error(proto::ERROR_ALREADY_EXISTS, QStringLiteral("The UUID %1 is already used by partition %2 in domain %3.")
                                                          .arg(str(spec.uuid()), st.query().value(0).toString(),
                                                               st.query().value(1).toString()));
        if (auto r = ensureZone(str(spec.zone())); !r)
            return r;
        if (auto r = st.run(QStringLiteral("INSERT INTO partitions(uuid, name, domain, zone, vcpus, memory_mib, spec, "
                                           "desired_state, host, runtime_state, assignment, last_error, link) "
                                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                            {str(spec.uuid()), str(spec.name()), str(spec.domain()), str(spec.zone()), spec.vcpus(),
                             qulonglong(spec.memory_mib()), serialize(spec), model::partitionStateName(row.desiredState),
                             str(row.partition.host()), model::partitionStateName(row.partition.state()),
                             serialize(row.partition.assignment()), str(row.partition.last_error()),
                             str(row.partition.link())});
            !r)
            return r;
        return insertAudit(audit);
    });
}

Result<void> OpsDatabase::updatePartition(const PartitionRow &row, const std::optional<AuditEvent> &audit)
{
    const auto &spec = row.partition.spec();
    return transaction([&]() -> Result<void> {
        Statement st(QSqlDatabase::database(m_connectionName, false), m_path);
        if (auto r = st.run(QStringLiteral("UPDATE partitions SET zone = ?, vcpus = ?, memory_mib = ?, spec = ?, "
                                           "desired_state = ?, host = ?, runtime_state = ?, assignment = ?, last_error = ?, "
                                           "link = ? WHERE uuid = ?"),
                            {str(spec.zone()), spec.vcpus(), qulonglong(spec.memory_mib()), serialize(spec),
                             model::partitionStateName(row.desiredState), str(row.partition.host()),
                             model::partitionStateName(row.partition.state()), serialize(row.partition.assignment()),
                             str(row.partition.last_error()), str(row.partition.link()), str(spec.uuid())});
            !r)
            return r;
        if (st.query().numRowsAffected() != 1)
            return Error(proto::ERROR_NOT_FOUND, QStringLiteral("Partition %1 (%2) does not exist.")
                                                     .arg(str(spec.name()), str(spec.uuid())));
        if (audit)
            return insertAudit(*audit);
        return {};
    });
}

Result<void> OpsDatabase::removePartition(const QString &uuid, const AuditEvent &audit)
{
    return transaction([&]() -> Result<void> {
        Statement st(QSqlDatabase::database(m_connectionName, false), m_path);
        if (auto r = st.run(QStringLiteral("DELETE FROM partitions WHERE uuid = ?"), {uuid}); !r)
            return r;
        if (st.query().numRowsAffected() != 1)
            return Error(proto::ERROR_NOT_FOUND, QStringLiteral("Partition %1 does not exist.").arg(uuid));
        return insertAudit(audit);
    });
}

} // namespace vdc::ops

namespace vdc::ops {

bool OpsDatabase::ChangeSet::isEmpty() const
{
    return putDomains.isEmpty() && putZones.isEmpty() && putHosts.isEmpty() && putPartitions.isEmpty()
        && putPolicySets.isEmpty() && putCalendarEntries.isEmpty() && putCalendarStates.isEmpty()
        && removeCalendarEntries.isEmpty() && removePolicySets.isEmpty() && removeCalendarStates.isEmpty()
        && removePartitions.isEmpty() && removeZones.isEmpty() && removeDomains.isEmpty() && audit.isEmpty();
}

Result<void> OpsDatabase::apply(const ChangeSet &changes)
{
    return transaction([&] { return applyChanges(changes); });
}

Result<void> OpsDatabase::applyChanges(const ChangeSet &c)
{
    auto db = QSqlDatabase::database(m_connectionName, false);
    // One prepared statement per kind of change, reused for every row: an
    // import of thousands of partitions prepares each statement once.
    QHash<QString, std::shared_ptr<QSqlQuery>> prepared;
    auto run = [&](const QString &sql, const QVariantList &values) -> Result<void> {
        auto &q = prepared[sql];
        if (!q) {
            q = std::make_shared<QSqlQuery>(db);
            if (!q->prepare(sql))
                return Error(proto::ERROR_STORAGE, QStringLiteral("Cannot use the operations database %1: %2.")
                                                       .arg(m_path, q->lastError().text().trimmed()));
        }
        for (qsizetype i = 0; i < values.size(); ++i) {
            const QVariant &v = values.at(i);
            if (v.typeId() == QMetaType::QString && v.toString().isNull())
                q->bindValue(int(i), QStringLiteral(""));
            else
                q->bindValue(int(i), v);
        }
        if (!q->exec()) {
            qCWarning(lcOpsDb) << "statement failed:" << sql << q->lastError().text();
            return Error(proto::ERROR_STORAGE, QStringLiteral("Cannot use the operations database %1: %2.")
                                                   .arg(m_path, q->lastError().text().trimmed()));
        }
        return {};
    };

    for (const auto &d : c.putDomains)
        if (auto r = run(QStringLiteral("INSERT INTO domains(name, description, definition) VALUES (?, ?, ?) "
                                        "ON CONFLICT(name) DO UPDATE SET description = excluded.description, "
                                        "definition = excluded.definition"),
                         {str(d.name()), str(d.description()), serialize(d)});
            !r)
            return r;
    for (proto::Zone z : c.putZones) {
        z.clear_hosts();
        if (auto r = run(QStringLiteral("INSERT INTO zones(name, description, definition) VALUES (?, ?, ?) "
                                        "ON CONFLICT(name) DO UPDATE SET description = excluded.description, "
                                        "definition = excluded.definition"),
                         {str(z.name()), str(z.description()), serialize(z)});
            !r)
            return r;
    }
    for (const auto &h : c.putHosts) {
        proto::Host definition;
        *definition.mutable_location() = h.location;
        for (const auto &l : h.links) {
            auto *link = definition.add_links();
            link->set_name(l.name());
            link->set_capacity_mbps(l.capacity_mbps());
        }
        if (auto r = run(QStringLiteral("UPDATE hosts SET zone = ?, definition = ? WHERE name = ?"),
                         {h.zone, serialize(definition), h.name});
            !r)
            return r;
        if (prepared.value(QStringLiteral("UPDATE hosts SET zone = ?, definition = ? WHERE name = ?"))->numRowsAffected() != 1)
            return Error(proto::ERROR_NOT_FOUND, QStringLiteral("Host %1 does not exist.").arg(h.name));
    }
    for (const auto &row : c.putPartitions) {
        const auto &spec = row.partition.spec();
        if (auto r = run(QStringLiteral("INSERT INTO partitions(uuid, name, domain, zone, vcpus, memory_mib, spec, "
                                        "desired_state, host, runtime_state, assignment, last_error, link) "
                                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                                        "ON CONFLICT(uuid) DO UPDATE SET name = excluded.name, domain = excluded.domain, "
                                        "zone = excluded.zone, vcpus = excluded.vcpus, memory_mib = excluded.memory_mib, "
                                        "spec = excluded.spec, desired_state = excluded.desired_state, host = excluded.host, "
                                        "runtime_state = excluded.runtime_state, assignment = excluded.assignment, "
                                        "last_error = excluded.last_error, link = excluded.link"),
                         {str(spec.uuid()), str(spec.name()), str(spec.domain()), str(spec.zone()), spec.vcpus(),
                          qulonglong(spec.memory_mib()), serialize(spec), model::partitionStateName(row.desiredState),
                          str(row.partition.host()), model::partitionStateName(row.partition.state()),
                          serialize(row.partition.assignment()), str(row.partition.last_error()), str(row.partition.link())});
            !r)
            return r;
    }
    for (const auto &set : c.putPolicySets)
        if (auto r = run(QStringLiteral("INSERT INTO policy_sets(domain, name, definition) VALUES (?, ?, ?) "
                                        "ON CONFLICT(domain, name) DO UPDATE SET definition = excluded.definition"),
                         {str(set.domain()), str(set.name()), serialize(set)});
            !r)
            return r;
    for (const auto &e : c.putCalendarEntries)
        if (auto r = run(QStringLiteral("INSERT INTO calendar_entries(domain, name, definition) VALUES (?, ?, ?) "
                                        "ON CONFLICT(domain, name) DO UPDATE SET definition = excluded.definition"),
                         {e.domain, e.name, QString::fromUtf8(e.definition)});
            !r)
            return r;
    for (const auto &st : c.putCalendarStates)
        if (auto r = run(QStringLiteral("INSERT INTO calendar_state(domain, applied_policy_set, applied_at) VALUES (?, ?, ?) "
                                        "ON CONFLICT(domain) DO UPDATE SET applied_policy_set = excluded.applied_policy_set, "
                                        "applied_at = excluded.applied_at"),
                         {st.domain, st.appliedPolicySet, timeText(st.appliedAt.isValid() ? st.appliedAt : QDateTime::currentDateTimeUtc())});
            !r)
            return r;
    for (const auto &key : c.removeCalendarEntries)
        if (auto r = run(QStringLiteral("DELETE FROM calendar_entries WHERE domain = ? AND name = ?"), {key.first, key.second}); !r)
            return r;
    for (const auto &key : c.removePolicySets)
        if (auto r = run(QStringLiteral("DELETE FROM policy_sets WHERE domain = ? AND name = ?"), {key.first, key.second}); !r)
            return r;
    for (const auto &domain : c.removeCalendarStates)
        if (auto r = run(QStringLiteral("DELETE FROM calendar_state WHERE domain = ?"), {domain}); !r)
            return r;
    for (const auto &uuid : c.removePartitions)
        if (auto r = run(QStringLiteral("DELETE FROM partitions WHERE uuid = ?"), {uuid}); !r)
            return r;
    for (const auto &zone : c.removeZones)
        if (auto r = run(QStringLiteral("DELETE FROM zones WHERE name = ?"), {zone}); !r)
            return r;
    for (const auto &domain : c.removeDomains)
        if (auto r = run(QStringLiteral("DELETE FROM domains WHERE name = ?"), {domain}); !r)
            return r;
    for (const auto &event : c.audit)
        if (auto r = insertAudit(event); !r)
            return r;
    return {};
}

Result<QList<proto::PolicySet>> OpsDatabase::policySets() const
{
    Statement st(QSqlDatabase::database(m_connectionName, false), m_path);
    if (auto r = st.run(QStringLiteral("SELECT domain, name, definition FROM policy_sets ORDER BY domain, name")); !r)
        return r.error();
    QList<proto::PolicySet> list;
    while (st.query().next()) {
        proto::PolicySet set;
        const QByteArray blob = st.query().value(2).toByteArray();
        if (!set.ParseFromArray(blob.constData(), int(blob.size())))
            return damaged(QStringLiteral("policy set %1/%2").arg(st.query().value(0).toString(), st.query().value(1).toString()),
                           m_path);
        set.set_domain(st.query().value(0).toString().toStdString());
        set.set_name(st.query().value(1).toString().toStdString());
        list.append(set);
    }
    return list;
}

Result<QList<OpsDatabase::CalendarEntryRow>> OpsDatabase::calendarEntries() const
{
    Statement st(QSqlDatabase::database(m_connectionName, false), m_path);
    if (auto r = st.run(QStringLiteral("SELECT domain, name, definition FROM calendar_entries ORDER BY domain, name")); !r)
        return r.error();
    QList<CalendarEntryRow> list;
    while (st.query().next())
        list.append({st.query().value(0).toString(), st.query().value(1).toString(), st.query().value(2).toString().toUtf8()});
    return list;
}

Result<QList<OpsDatabase::CalendarStateRow>> OpsDatabase::calendarStates() const
{
    Statement st(QSqlDatabase::database(m_connectionName, false), m_path);
    if (auto r = st.run(QStringLiteral("SELECT domain, applied_policy_set, applied_at FROM calendar_state ORDER BY domain")); !r)
        return r.error();
    QList<CalendarStateRow> list;
    while (st.query().next())
        list.append({st.query().value(0).toString(), st.query().value(1).toString(),
                     QDateTime::fromString(st.query().value(2).toString(), Qt::ISODateWithMs)});
    return list;
}

Result<QList<AuditEvent>> OpsDatabase::auditEvents(const AuditFilter &filter) const
{
    QStringList where;
    QVariantList values;
    if (!filter.object.isEmpty()) {
        // The whole object ("partition prod/web1"), or its name as the last
        // word ("prod/web1") or after the last slash ("web1").
        where << QStringLiteral("(object = ? OR object LIKE ? ESCAPE '\\' OR object LIKE ? ESCAPE '\\')");
        values << filter.object << QStringLiteral("% ") + likeLiteral(filter.object)
               << QStringLiteral("%/") + likeLiteral(filter.object);
    }
    if (filter.since.isValid()) {
        where << QStringLiteral("time >= ?");
        values << timeText(filter.since);
    }
    if (filter.until.isValid()) {
        where << QStringLiteral("time < ?");
        values << timeText(filter.until);
    }
    if (!filter.user.isEmpty()) {
        where << QStringLiteral("user = ?");
        values << filter.user;
    }
    if (!filter.action.isEmpty()) {
        if (filter.action.endsWith(QLatin1Char('.'))) {
            where << QStringLiteral("action LIKE ? ESCAPE '\\'");
            values << likeLiteral(filter.action) + QLatin1Char('%');
        } else {
            where << QStringLiteral("action = ?");
            values << filter.action;
        }
    }
    const int limit = filter.limit > 0 ? filter.limit : 1000;
    const QString sql = QStringLiteral("SELECT id, time, user, action, object, result, message FROM audit_events%1 "
                                       "ORDER BY id DESC LIMIT %2")
                            .arg(where.isEmpty() ? QString() : QStringLiteral(" WHERE ") + where.join(QStringLiteral(" AND ")))
                            .arg(limit);
    Statement st(QSqlDatabase::database(m_connectionName, false), m_path);
    if (auto r = st.run(sql, values); !r)
        return r.error();
    QList<AuditEvent> list;
    while (st.query().next()) {
        AuditEvent e;
        e.id = st.query().value(0).toLongLong();
        e.time = QDateTime::fromString(st.query().value(1).toString(), Qt::ISODateWithMs);
        e.user = st.query().value(2).toString();
        e.action = st.query().value(3).toString();
        e.object = st.query().value(4).toString();
        e.result = st.query().value(5).toString();
        e.message = st.query().value(6).toString();
        list.prepend(e);
    }
    return list;
}

} // namespace vdc::ops
