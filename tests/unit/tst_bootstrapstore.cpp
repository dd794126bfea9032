// The agent's bootstrap store: SQLite, WAL, versioned schema with forward migrations.
#include "bootstrapstore.h"

#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace vdc;
using namespace vdc::agent;

namespace {

StoredPartition partition(const char *uuid, const char *name, std::uint32_t vcpus = 2)
{
    StoredPartition p;
    p.spec.set_uuid(uuid);
    p.spec.set_name(name);
    p.spec.set_domain("default");
    p.spec.set_vcpus(vcpus);
    p.spec.set_memory_mib(512);
    p.spec.set_boot("network");
    return p;
}

constexpr const char *kUuid1 = "0b7f6f64-3c59-4d8e-a2a4-6a1c2f9e7d10";
constexpr const char *kUuid2 = "5a1e3f0c-2d7b-4c7e-9d51-0f3b8c2a4e61";

// Runs statements on a plain connection, outside the store (to build old or
// damaged files and to look at what the store wrote).
class RawDatabase
{
public:
    explicit RawDatabase(const QString &path)
    {
        m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("raw"));
        m_db.setDatabaseName(path);
        m_db.open();
    }
    ~RawDatabase()
    {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("raw"));
    }
    bool exec(const QString &sql)
    {
        QSqlQuery q(m_db);
        return q.exec(sql);
    }
    QVariant value(const QString &sql)
    {
        QSqlQuery q(m_db);
        if (!q.exec(sql) || !q.next())
            return {};
        return q.value(0);
    }

private:
    QSqlDatabase m_db;
};

} // namespace

class TestBootstrapStore : public QObject
{
    Q_OBJECT
private slots:
    void upsertFindListRemove()
    {
        QTemporaryDir dir;
        auto store = BootstrapStore::open(dir.filePath(QStringLiteral("agent.sqlite")));
        QVERIFY2(store.ok(), qPrintable(store.ok() ? QString() : store.error().message()));
        auto &s = **store;

        QVERIFY(s.save(partition(kUuid1, "web1")).ok());
        QVERIFY(s.save(partition(kUuid2, "db1")).ok());

        auto updated = partition(kUuid1, "web1", 4);
        updated.desired = DesiredState::Running;
        updated.state = proto::PARTITION_STATE_RUNNING;
        updated.assignment.add_cores(3);
        updated.assignment.add_cores(5);
        updated.assignment.add_memory_granules(9);
        updated.assignment.set_memory_mib(32);
        QVERIFY(s.save(updated).ok());

        auto found = s.find(QLatin1String(kUuid1));
        QVERIFY(found.ok() && found->has_value());
        QCOMPARE((*found)->spec.vcpus(), 4u);
        QCOMPARE((*found)->desired, DesiredState::Running);
        QCOMPARE((*found)->state, proto::PARTITION_STATE_RUNNING);
        QCOMPARE((*found)->assignment.cores_size(), 2);
        QCOMPARE((*found)->assignment.cores(1), 5u);

        auto byName = s.findByName(QStringLiteral("default"), QStringLiteral("db1"));
        QVERIFY(byName.ok() && byName->has_value());
        QCOMPARE((*byName)->uuid(), QLatin1String(kUuid2));

        auto all = s.list();
        QVERIFY(all.ok());
        QCOMPARE(all->size(), 2);
        QCOMPARE(all->at(0).name(), QStringLiteral("db1")); // ordered by domain, name

        // Same name in the same domain under another uuid: refused, nothing changes.
        const auto clash = s.save(partition("9d0c8b1a-7e6f-4a5b-8c9d-0e1f2a3b4c5d", "web1"));
        QVERIFY(!clash.ok());
        QCOMPARE(clash.error().code(), proto::ERROR_ALREADY_EXISTS);
        QCOMPARE(s.list()->size(), 2);

        QVERIFY(s.remove(QLatin1String(kUuid2)).ok());
        QVERIFY(!s.find(QLatin1String(kUuid2))->has_value());
        QVERIFY(s.remove(QLatin1String(kUuid2)).ok()); // already gone: fine
        QCOMPARE(s.list()->size(), 1);
    }

    void reopenKeepsEverything()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("agent.sqlite"));
        std::uint64_t lastTxid = 0;
        {
            auto store = BootstrapStore::open(path);
            QVERIFY(store.ok());
            auto p = partition(kUuid1, "web1");
            p.desired = DesiredState::Running;
            p.state = proto::PARTITION_STATE_FAILED;
            p.lastError = QStringLiteral("Host h1 has 0 free cores; partition web1 needs 2.");
            QVERIFY((*store)->save(p).ok());
            for (int i = 0; i < 3; ++i) {
                auto txid = (*store)->nextTxid();
                QVERIFY(txid.ok());
                QVERIFY(*txid > lastTxid);
                lastTxid = *txid;
            }
        }
        {
            RawDatabase raw(path);
            QCOMPARE(raw.value(QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("wal"));
            QCOMPARE(raw.value(QStringLiteral("PRAGMA user_version")).toInt(), BootstrapStore::kSchemaVersion);
        }
        auto store = BootstrapStore::open(path);
        QVERIFY(store.ok());
        auto found = (*store)->find(QLatin1String(kUuid1));
        QVERIFY(found.ok() && found->has_value());
        QCOMPARE((*found)->desired, DesiredState::Running);
        QCOMPARE((*found)->state, proto::PARTITION_STATE_FAILED);
        QCOMPARE((*found)->lastError, QStringLiteral("Host h1 has 0 free cores; partition web1 needs 2."));
        QCOMPARE((*found)->spec.boot(), std::string("network"));
        auto txid = (*store)->nextTxid();
        QVERIFY(txid.ok());
        QVERIFY(*txid > lastTxid); // never reused across restarts
    }

    void twoStoresInOneProcess()
    {
        QTemporaryDir dir;
        auto a = BootstrapStore::open(dir.filePath(QStringLiteral("a.sqlite")));
        auto b = BootstrapStore::open(dir.filePath(QStringLiteral("b.sqlite")));
        QVERIFY(a.ok() && b.ok());
        QVERIFY((*a)->save(partition(kUuid1, "web1")).ok());
        QCOMPARE((*a)->list()->size(), 1);
        QCOMPARE((*b)->list()->size(), 0);
    }

    void migratesFromVersionOne()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("old.sqlite"));
        {
            // A store as schema version 1 wrote it: definitions and desired state only.
            RawDatabase raw(path);
            QVERIFY(raw.exec(QStringLiteral(
                "CREATE TABLE partitions (uuid TEXT PRIMARY KEY NOT NULL, domain TEXT NOT NULL, name TEXT NOT NULL,"
                " spec BLOB NOT NULL, desired_state TEXT NOT NULL DEFAULT 'stopped'"
                " CHECK (desired_state IN ('running', 'stopped')), UNIQUE (domain, name))")));
            const auto spec = partition(kUuid1, "web1", 3).spec.SerializeAsString();
            QSqlQuery q(QSqlDatabase::database(QStringLiteral("raw")));
            q.prepare(QStringLiteral("INSERT INTO partitions (uuid, domain, name, spec, desired_state) "
                                     "VALUES (?, 'default', 'web1', ?, 'running')"));
            q.addBindValue(QLatin1String(kUuid1));
            q.addBindValue(QByteArray(spec.data(), qsizetype(spec.size())));
            QVERIFY(q.exec());
            q.finish();
            QVERIFY(raw.exec(QStringLiteral("PRAGMA user_version = 1")));
        }
        {
            auto store = BootstrapStore::open(path);
            QVERIFY2(store.ok(), qPrintable(store.ok() ? QString() : store.error().message()));
            auto found = (*store)->find(QLatin1String(kUuid1));
            QVERIFY(found.ok() && found->has_value());
            QCOMPARE((*found)->spec.vcpus(), 3u);
            QCOMPARE((*found)->desired, DesiredState::Running);
            QCOMPARE((*found)->state, proto::PARTITION_STATE_STOPPED); // runtime starts unknown = stopped
            QVERIFY((*found)->lastError.isEmpty());
            QVERIFY((*store)->nextTxid().ok());
        }
        RawDatabase raw(path);
        QCOMPARE(raw.value(QStringLiteral("PRAGMA user_version")).toInt(), BootstrapStore::kSchemaVersion);
    }

    void refusesANewerSchema()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("newer.sqlite"));
        {
            RawDatabase raw(path);
            QVERIFY(raw.exec(QStringLiteral("CREATE TABLE future (x)")));
            QVERIFY(raw.exec(QStringLiteral("PRAGMA user_version = 99")));
        }
        auto store = BootstrapStore::open(path);
        QVERIFY(!store.ok());
        QCOMPARE(store.error().code(), proto::ERROR_STORAGE);
        QVERIFY2(store.error().message().contains(QStringLiteral("newer vdc-agent")), qPrintable(store.error().message()));
        RawDatabase raw(path);
        QCOMPARE(raw.value(QStringLiteral("PRAGMA user_version")).toInt(), 99); // untouched
    }

    void corruptFileIsAClearError()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("garbage.sqlite"));
        QByteArray garbage;
        for (int i = 0; i < 8192; ++i)
            garbage.append(char((i * 7919) % 251));
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(garbage);
        }
        auto store = BootstrapStore::open(path);
        QVERIFY(!store.ok());
        QCOMPARE(store.error().code(), proto::ERROR_STORAGE);
        const QString message = store.error().message();
        QVERIFY2(message.contains(path), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("not a database")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("Move the file away")), qPrintable(message));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), garbage); // never overwritten
    }

    void missingDirectoryIsAClearError()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("no/such/dir/agent.sqlite"));
        auto store = BootstrapStore::open(path);
        QVERIFY(!store.ok());
        QCOMPARE(store.error().code(), proto::ERROR_STORAGE);
        QVERIFY2(store.error().message().contains(path), qPrintable(store.error().message()));
    }
};

QTEST_GUILESS_MAIN(TestBootstrapStore)
#include "tst_bootstrapstore.moc"
