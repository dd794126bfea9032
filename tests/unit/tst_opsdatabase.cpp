// The operations database: schema migrations, reopening, refusals that leave
// nothing behind, and the audit log.
#include "opsdatabase.h"

#include "model/validation.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace vdc;
using namespace vdc::ops;

namespace {

// A second, plain connection to the same file, to look at (or tamper with)
// what is really stored.
class RawConnection
{
public:
    explicit RawConnection(const QString &path)
    {
        auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(path);
        m_ok = db.open();
    }
    ~RawConnection()
    {
        QSqlDatabase::database(m_name, false).close();
        QSqlDatabase::removeDatabase(m_name);
    }
    bool ok() const { return m_ok; }
    QVariant value(const QString &sql)
    {
        QSqlQuery q(QSqlDatabase::database(m_name, false));
        if (!q.exec(sql) || !q.next())
            return {};
        return q.value(0);
    }
    bool exec(const QString &sql)
    {
        QSqlQuery q(QSqlDatabase::database(m_name, false));
        return q.exec(sql);
    }

private:
    QString m_name = QStringLiteral("raw-") + model::newUuid();
    bool m_ok = false;
};

AuditEvent auditFor(const QString &action, const QString &object)
{
    AuditEvent e;
    e.user = QStringLiteral("alice");
    e.action = action;
    e.object = object;
    e.result = QStringLiteral("ok");
    e.message = QStringLiteral("%1 on %2.").arg(action, object);
    return e;
}

OpsDatabase::PartitionRow partitionRow(const char *name, const char *domain = "default", QString uuid = {})
{
    OpsDatabase::PartitionRow row;
    auto *spec = row.partition.mutable_spec();
    spec->set_uuid((uuid.isEmpty() ? model::newUuid() : uuid).toStdString());
    spec->set_name(name);
    spec->set_domain(domain);
    spec->set_vcpus(2);
    spec->set_memory_mib(2048);
    spec->set_boot("network");
    row.partition.set_state(proto::PARTITION_STATE_STOPPED);
    return row;
}

} // namespace

class TestOpsDatabase : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void createsTheLatestSchema();
    void migratesAnOlderDatabaseForward();
    void reopensWithEverything();
    void refusesADuplicateNameAndChangesNothing();
    void refusesAnUnknownDomain();
    void writesAnAuditRowForEveryChange();
    void refusesToRemoveAHostThatRunsPartitions();
    void refusesADatabaseFromANewerBuild();
    void refusesAMissingFolder();

private:
    QString path() const { return m_dir->filePath(QStringLiteral("ops.sqlite")); }
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestOpsDatabase::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestOpsDatabase::createsTheLatestSchema()
{
    auto db = OpsDatabase::open(path());
    QVERIFY2(db, qPrintable(db ? QString() : db.error().message()));
    QCOMPARE((*db)->schemaVersion().value(), OpsDatabase::latestSchemaVersion());
    QVERIFY(OpsDatabase::latestSchemaVersion() >= 2);

    const auto domains = (*db)->domains();
    QVERIFY(domains);
    QCOMPARE(domains->size(), 1);
    QCOMPARE(domains->first().name(), std::string("default"));

    RawConnection raw(path());
    QVERIFY(raw.ok());
    QCOMPARE(raw.value(QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("wal"));
    QCOMPARE(raw.value(QStringLiteral("PRAGMA user_version")).toInt(), OpsDatabase::latestSchemaVersion());
    for (const auto &table : {"domains", "zones", "hosts", "partitions", "audit_events"})
        QVERIFY2(raw.value(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type='table' AND name='%1'")
                               .arg(QLatin1String(table)))
                         .toInt()
                     == 1,
                 table);
}

void TestOpsDatabase::migratesAnOlderDatabaseForward()
{
    // An older build knew only the first step.
    const auto firstStep = OpsDatabase::migrations().mid(0, 1);
    {
        auto old = OpsDatabase::open(path(), firstStep);
        QVERIFY2(old, qPrintable(old ? QString() : old.error().message()));
        QCOMPARE((*old)->schemaVersion().value(), firstStep.last().version);
    }
    {
        RawConnection raw(path());
        QVERIFY(raw.exec(QStringLiteral("INSERT INTO domains(name, description) VALUES ('legacy', 'from the old build')")));
        QCOMPARE(raw.value(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name='audit_events'")).toInt(), 0);
    }

    auto db = OpsDatabase::open(path());
    QVERIFY2(db, qPrintable(db ? QString() : db.error().message()));
    QCOMPARE((*db)->schemaVersion().value(), OpsDatabase::latestSchemaVersion());
    // The old data is still there and the new step works.
    const auto domains = (*db)->domains();
    QCOMPARE(domains->size(), 2);
    QCOMPARE(domains->at(1).name(), std::string("legacy"));
    QVERIFY((*db)->recordAudit(auditFor(QStringLiteral("test.migrated"), QStringLiteral("database"))));
    QCOMPARE((*db)->auditEvents()->size(), 1);
}

void TestOpsDatabase::reopensWithEverything()
{
    const QString uuid = model::newUuid();
    {
        auto db = OpsDatabase::open(path());
        QVERIFY(db);
        proto::Domain prod;
        prod.set_name("prod");
        prod.set_description("Production");
        QVERIFY((*db)->addDomain(prod, auditFor(QStringLiteral("domain.create"), QStringLiteral("domain prod"))));
        QVERIFY((*db)->addHost({QStringLiteral("h1"), QStringLiteral("tcp://127.0.0.1:7701"), QStringLiteral("z1"), {}},
                               auditFor(QStringLiteral("host.add"), QStringLiteral("host h1"))));
        auto row = partitionRow("web1", "prod", uuid);
        row.partition.mutable_spec()->set_zone("z1");
        QVERIFY((*db)->addPartition(row, auditFor(QStringLiteral("partition.create"), QStringLiteral("partition prod/web1"))));
        // Runtime after a start.
        row.desiredState = proto::PARTITION_STATE_RUNNING;
        row.partition.set_state(proto::PARTITION_STATE_RUNNING);
        row.partition.set_host("h1");
        row.partition.mutable_assignment()->add_cores(2);
        row.partition.mutable_assignment()->add_cores(3);
        row.partition.mutable_assignment()->set_memory_mib(2048);
        QVERIFY((*db)->updatePartition(row));
    }
    auto db = OpsDatabase::open(path());
    QVERIFY(db);
    QCOMPARE((*db)->schemaVersion().value(), OpsDatabase::latestSchemaVersion());
    QCOMPARE((*db)->domains()->size(), 2);
    const auto zones = (*db)->zones();
    QCOMPARE(zones->size(), 1);
    QCOMPARE(zones->first().name(), std::string("z1"));
    const auto hosts = (*db)->hosts();
    QCOMPARE(hosts->size(), 1);
    QCOMPARE(hosts->first().agentEndpoint, QStringLiteral("tcp://127.0.0.1:7701"));
    QCOMPARE(hosts->first().zone, QStringLiteral("z1"));
    QVERIFY(hosts->first().addedAt.isValid());
    const auto partitions = (*db)->partitions();
    QCOMPARE(partitions->size(), 1);
    const auto &p = partitions->first();
    QCOMPARE(QString::fromStdString(p.partition.spec().uuid()), uuid);
    QCOMPARE(p.partition.spec().vcpus(), 2u);
    QCOMPARE(p.partition.spec().zone(), std::string("z1"));
    QCOMPARE(p.partition.state(), proto::PARTITION_STATE_RUNNING);
    QCOMPARE(p.desiredState, proto::PARTITION_STATE_RUNNING);
    QCOMPARE(p.partition.host(), std::string("h1"));
    QCOMPARE(p.partition.assignment().cores_size(), 2);
    QCOMPARE(p.partition.assignment().cores(1), 3u);
    QCOMPARE((*db)->auditEvents()->size(), 3);
}

void TestOpsDatabase::refusesADuplicateNameAndChangesNothing()
{
    auto db = OpsDatabase::open(path());
    QVERIFY(db);
    const auto first = partitionRow("web1");
    QVERIFY((*db)->addPartition(first, auditFor(QStringLiteral("partition.create"), QStringLiteral("partition default/web1"))));

    auto second = partitionRow("web1");
    second.partition.mutable_spec()->set_vcpus(8);
    second.partition.mutable_spec()->set_zone("z9");
    const auto refused = (*db)->addPartition(second, auditFor(QStringLiteral("partition.create"), QStringLiteral("again")));
    QVERIFY(!refused);
    QCOMPARE(refused.error().code(), proto::ERROR_ALREADY_EXISTS);
    QCOMPARE(refused.error().message(), QStringLiteral("Partition web1 already exists in domain default."));

    // The first partition is untouched, no zone was created, and the refused
    // transaction wrote no audit row of its own.
    const auto partitions = (*db)->partitions();
    QCOMPARE(partitions->size(), 1);
    QCOMPARE(partitions->first().partition.spec().uuid(), first.partition.spec().uuid());
    QCOMPARE(partitions->first().partition.spec().vcpus(), 2u);
    QVERIFY((*db)->zones()->isEmpty());
    QCOMPARE((*db)->auditEvents()->size(), 1);

    // The same name in another domain is fine.
    proto::Domain prod;
    prod.set_name("prod");
    QVERIFY((*db)->addDomain(prod, auditFor(QStringLiteral("domain.create"), QStringLiteral("domain prod"))));
    QVERIFY((*db)->addPartition(partitionRow("web1", "prod"), auditFor(QStringLiteral("partition.create"), QStringLiteral("p"))));
    QCOMPARE((*db)->partitions()->size(), 2);

    // Duplicate domain and host are refused the same way.
    const auto dupDomain = (*db)->addDomain(prod, auditFor(QStringLiteral("domain.create"), QStringLiteral("domain prod")));
    QCOMPARE(dupDomain.error().code(), proto::ERROR_ALREADY_EXISTS);
    QVERIFY((*db)->addHost({QStringLiteral("h1"), QStringLiteral("tcp://127.0.0.1:1"), {}, {}}, auditFor(QStringLiteral("host.add"), QStringLiteral("h1"))));
    const auto dupHost = (*db)->addHost({QStringLiteral("h1"), QStringLiteral("tcp://127.0.0.1:2"), {}, {}},
                                        auditFor(QStringLiteral("host.add"), QStringLiteral("h1")));
    QCOMPARE(dupHost.error().code(), proto::ERROR_ALREADY_EXISTS);
    const auto dupEndpoint = (*db)->addHost({QStringLiteral("h2"), QStringLiteral("tcp://127.0.0.1:1"), {}, {}},
                                            auditFor(QStringLiteral("host.add"), QStringLiteral("h2")));
    QCOMPARE(dupEndpoint.error().code(), proto::ERROR_ALREADY_EXISTS);
    QCOMPARE(dupEndpoint.error().message(), QStringLiteral("Host h1 already uses the agent endpoint tcp://127.0.0.1:1."));
    QCOMPARE((*db)->hosts()->size(), 1);
}

void TestOpsDatabase::refusesAnUnknownDomain()
{
    auto db = OpsDatabase::open(path());
    QVERIFY(db);
    const auto refused = (*db)->addPartition(partitionRow("web1", "nowhere"), auditFor(QStringLiteral("partition.create"), QStringLiteral("p")));
    QCOMPARE(refused.error().code(), proto::ERROR_NOT_FOUND);
    QVERIFY(refused.error().message().contains(QStringLiteral("Domain nowhere does not exist")));
    QVERIFY((*db)->partitions()->isEmpty());
    QVERIFY((*db)->auditEvents()->isEmpty());
}

void TestOpsDatabase::writesAnAuditRowForEveryChange()
{
    auto db = OpsDatabase::open(path());
    QVERIFY(db);
    auto row = partitionRow("web1");
    QVERIFY((*db)->addPartition(row, auditFor(QStringLiteral("partition.create"), QStringLiteral("partition default/web1"))));
    row.partition.set_state(proto::PARTITION_STATE_FAILED);
    row.partition.set_last_error("Host h1 did not answer.");
    AuditEvent failed = auditFor(QStringLiteral("partition.start"), QStringLiteral("partition default/web1"));
    failed.result = QStringLiteral("unavailable");
    failed.message = QStringLiteral("Host h1 did not answer.");
    QVERIFY((*db)->updatePartition(row, failed));
    // A runtime refresh from a heartbeat is not a change request: no row.
    QVERIFY((*db)->updatePartition(row));
    AuditEvent refused = auditFor(QStringLiteral("domain.create"), QStringLiteral("domain bad name"));
    refused.result = QStringLiteral("invalid argument");
    QVERIFY((*db)->recordAudit(refused));
    QVERIFY((*db)->removePartition(QString::fromStdString(row.partition.spec().uuid()),
                                   auditFor(QStringLiteral("partition.delete"), QStringLiteral("partition default/web1"))));

    const auto events = (*db)->auditEvents();
    QVERIFY(events);
    QCOMPARE(events->size(), 4);
    QCOMPARE(events->at(0).action, QStringLiteral("partition.create"));
    QCOMPARE(events->at(0).user, QStringLiteral("alice"));
    QCOMPARE(events->at(0).result, QStringLiteral("ok"));
    QVERIFY(events->at(0).time.isValid());
    QVERIFY(events->at(0).id > 0);
    QCOMPARE(events->at(1).action, QStringLiteral("partition.start"));
    QCOMPARE(events->at(1).result, QStringLiteral("unavailable"));
    QCOMPARE(events->at(1).message, QStringLiteral("Host h1 did not answer."));
    QCOMPARE(events->at(2).result, QStringLiteral("invalid argument"));
    QCOMPARE(events->at(3).action, QStringLiteral("partition.delete"));
    QVERIFY(events->at(3).id > events->at(2).id);
    QVERIFY((*db)->partitions()->isEmpty());
}

void TestOpsDatabase::refusesToRemoveAHostThatRunsPartitions()
{
    auto db = OpsDatabase::open(path());
    QVERIFY(db);
    QVERIFY((*db)->addHost({QStringLiteral("h1"), QStringLiteral("tcp://127.0.0.1:1"), {}, {}}, auditFor(QStringLiteral("host.add"), QStringLiteral("h1"))));
    auto running = partitionRow("web1");
    QVERIFY((*db)->addPartition(running, auditFor(QStringLiteral("partition.create"), QStringLiteral("p"))));
    running.partition.set_state(proto::PARTITION_STATE_RUNNING);
    running.partition.set_host("h1");
    QVERIFY((*db)->updatePartition(running));
    const int auditBefore = int((*db)->auditEvents()->size());

    const auto refused = (*db)->removeHost(QStringLiteral("h1"), auditFor(QStringLiteral("host.remove"), QStringLiteral("h1")));
    QCOMPARE(refused.error().code(), proto::ERROR_FAILED_PRECONDITION);
    QCOMPARE(refused.error().message(),
             QStringLiteral("Host h1 still runs partitions (default/web1); stop them before removing the host."));
    QCOMPARE((*db)->hosts()->size(), 1);
    QCOMPARE(int((*db)->auditEvents()->size()), auditBefore);

    // Stopped, it may go; the partition forgets where it last ran.
    running.partition.set_state(proto::PARTITION_STATE_STOPPED);
    QVERIFY((*db)->updatePartition(running));
    QVERIFY((*db)->removeHost(QStringLiteral("h1"), auditFor(QStringLiteral("host.remove"), QStringLiteral("h1"))));
    QVERIFY((*db)->hosts()->isEmpty());
    QCOMPARE((*db)->partitions()->first().partition.host(), std::string());
    QCOMPARE((*db)->removeHost(QStringLiteral("h1"), auditFor(QStringLiteral("host.remove"), QStringLiteral("h1"))).error().code(),
             proto::ERROR_NOT_FOUND);
}

void TestOpsDatabase::refusesADatabaseFromANewerBuild()
{
    {
        auto db = OpsDatabase::open(path());
        QVERIFY(db);
    }
    const int newer = OpsDatabase::latestSchemaVersion() + 1;
    {
        RawConnection raw(path());
        QVERIFY(raw.exec(QStringLiteral("PRAGMA user_version=%1").arg(newer)));
    }
    auto db = OpsDatabase::open(path());
    QVERIFY(!db);
    QCOMPARE(db.error().code(), proto::ERROR_UNSUPPORTED_VERSION);
    QCOMPARE(db.error().message(),
             QStringLiteral("The operations database %1 has schema version %2, but this build knows only up to version %3; "
                            "it was written by a newer vdc. Run a newer vdc-opsd or use another database file.")
                 .arg(path())
                 .arg(newer)
                 .arg(OpsDatabase::latestSchemaVersion()));
    // And it was left as it was.
    RawConnection raw(path());
    QCOMPARE(raw.value(QStringLiteral("PRAGMA user_version")).toInt(), newer);
}

void TestOpsDatabase::refusesAMissingFolder()
{
    auto db = OpsDatabase::open(m_dir->filePath(QStringLiteral("no/such/folder/ops.sqlite")));
    QVERIFY(!db);
    QCOMPARE(db.error().code(), proto::ERROR_STORAGE);
    QVERIFY(db.error().message().contains(QStringLiteral("does not exist")));
}

QTEST_GUILESS_MAIN(TestOpsDatabase)
#include "tst_opsdatabase.moc"
