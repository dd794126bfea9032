// The monitor's transaction processing against libvirt's test driver, on a
// node file written by writeTestDriverNode (8 cores, 4 GiB): what libvirt
// holds is checked directly, not only what the processor says.
#include "domainxmlbuilder.h"
#include "libvirtconnection.h"
#include "partitionmetadata.h"
#include "testnode.h"
#include "transactionprocessor.h"

#include "core/version.h"
#include "net/envelope.h"

#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace vdc;
using namespace vdc::monitor;

namespace {

// The error's sentence, or nothing when it succeeded (QVERIFY2 evaluates its
// message even when the check passes).
template<typename R>
QString messageOf(const R &result)
{
    return result ? QString() : result.error().message();
}

const QString kWebUuid = QStringLiteral("6f1c2a9e-3b4d-4c5e-8f70-000000000001");
const QString kDbUuid = QStringLiteral("6f1c2a9e-3b4d-4c5e-8f70-000000000002");
const QString kCacheUuid = QStringLiteral("6f1c2a9e-3b4d-4c5e-8f70-000000000003");

proto::Transaction transaction(std::uint64_t txid, proto::TransactionOp op, const QString &name, const QString &uuid,
                               std::vector<std::uint32_t> cores, std::vector<std::uint32_t> granules,
                               std::uint64_t memoryMib = 0)
{
    proto::Transaction t;
    t.set_txid(txid);
    t.set_op(op);
    proto::PartitionSpec *spec = t.mutable_partition();
    spec->set_uuid(uuid.toStdString());
    spec->set_name(name.toStdString());
    spec->set_domain("shop");
    spec->set_vcpus(std::uint32_t(cores.size()));
    spec->set_memory_mib(memoryMib ? memoryMib : granules.size() * 32);
    spec->set_boot("network");
    for (auto c : cores)
        t.mutable_resources()->add_cores(c);
    for (auto g : granules)
        t.mutable_resources()->add_memory_granules(g);
    return t;
}

proto::Transaction activation(std::uint64_t txid, const QString &name, const QString &uuid,
                              std::vector<std::uint32_t> cores, std::vector<std::uint32_t> granules)
{
    return transaction(txid, proto::TRANSACTION_OP_ACTIVATE, name, uuid, std::move(cores), std::move(granules));
}

proto::Transaction deactivation(std::uint64_t txid, const QString &name, const QString &uuid)
{
    return transaction(txid, proto::TRANSACTION_OP_DEACTIVATE, name, uuid, {}, {});
}

proto::ChannelMessage wrap(std::uint64_t requestId, const proto::Transaction &t)
{
    proto::ChannelMessage m;
    m.set_protocol_version(kProtocolVersion);
    m.set_request_id(requestId);
    *m.mutable_transaction() = t;
    return m;
}

// vcpupin cpusets in vCPU order, from libvirt's own XML of the domain.
QList<unsigned> pinnedCores(const QString &xml)
{
    QMap<unsigned, unsigned> pins;
    QXmlStreamReader r(xml);
    while (r.readNextStartElement() || !r.atEnd()) {
        if (r.isStartElement() && r.name() == QLatin1String("vcpupin"))
            pins.insert(r.attributes().value(QStringLiteral("vcpu")).toUInt(),
                        r.attributes().value(QStringLiteral("cpuset")).toUInt());
        if (!r.isStartElement() && !r.atEnd())
            r.readNext();
    }
    return pins.values();
}

QString errorText(const proto::TransactionResult &r)
{
    return QString::fromStdString(r.error().message());
}

} // namespace

class TestTransactionProcessor : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void startsWithSnapshotOfTheNode();
    void activateRunsPinnedDomain();
    void replayedTxidReturnsFirstResultOnce();
    void activeWithSameResourcesIsSuccess();
    void conflictChangesNothing();
    void systemReservedCoreIsRefused();
    void invalidTransactionsAreRefused();
    void libvirtFailureChangesNothing();
    void deactivateReleases();
    void setSharesChangesRunningDomain();
    void malformedFramesGetErrors();
    void snapshotRequestIsAnswered();
    void rebuildRestoresDatabase();
    void rebuildSkipsShutOffDomainsAndActivateStartsThem();
    void reconcileReleasesStoppedGuests();
    void rebuildReportsCollisionsAndAssignsOnce();

private:
    std::unique_ptr<TransactionProcessor> newProcessor();
    proto::TransactionResult apply(TransactionProcessor &p, const proto::Transaction &t, bool *changed = nullptr);
    std::optional<LibvirtDomain> domain(const QString &uuid);
    int domainCount();
    std::uint32_t sharesOf(const QString &uuid);

    QTemporaryDir m_dir;
    QString m_uri;
    std::unique_ptr<LibvirtConnection> m_connection;
    ProcessorSettings m_settings;
};

void TestTransactionProcessor::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QString node = m_dir.filePath(QStringLiteral("node.xml"));
    const auto written = writeTestDriverNode(node, 8, 4096);
    QVERIFY2(written, qPrintable(messageOf(written)));
    m_uri = testDriverUri(node);
    QVERIFY(m_uri.startsWith(QStringLiteral("test:///")));
    m_settings.hostName = QStringLiteral("h1");
    m_settings.reserveCores = 1;
    m_settings.reserveMemoryMib = 64;
    m_settings.granuleMib = 32;
}

void TestTransactionProcessor::init()
{
    // Every connection to a node file is a fresh host of its own.
    auto connection = LibvirtConnection::open(m_uri);
    QVERIFY2(connection, qPrintable(messageOf(connection)));
    m_connection = std::move(connection.value());
    QCOMPARE(m_connection->domainType(), DomainType::Test);
}

void TestTransactionProcessor::cleanup()
{
    m_connection.reset();
}

std::unique_ptr<TransactionProcessor> TestTransactionProcessor::newProcessor()
{
    auto processor = TransactionProcessor::create(*m_connection, m_settings);
    if (!processor)
        qWarning("%s", qPrintable(processor.error().message()));
    return processor ? std::move(processor.value()) : nullptr;
}

proto::TransactionResult TestTransactionProcessor::apply(TransactionProcessor &p, const proto::Transaction &t, bool *changed)
{
    return p.apply(t, changed);
}

std::optional<LibvirtDomain> TestTransactionProcessor::domain(const QString &uuid)
{
    auto found = m_connection->lookupByUuid(uuid);
    return found ? std::move(found.value()) : std::nullopt;
}

std::uint32_t TestTransactionProcessor::sharesOf(const QString &uuid)
{
    // libvirt's test driver accepts a new scheduler weight but always reports
    // its fixed one; the shares the monitor applied are read from the
    // domain's vdc metadata, which it rewrites with them.
    auto d = domain(uuid);
    if (!d)
        return 0;
    auto weight = d->cpuShares();
    if (!weight)
        return 0;
    auto xml = d->metadata(PartitionMetadata::kNamespaceUri);
    if (!xml || !xml->has_value())
        return 0;
    auto metadata = PartitionMetadata::parse(**xml);
    return metadata ? metadata->spec.cpu_shares() : 0;
}

int TestTransactionProcessor::domainCount()
{
    auto all = m_connection->listAllDomains();
    return all ? int(all->size()) : -1;
}

void TestTransactionProcessor::startsWithSnapshotOfTheNode()
{
    auto p = newProcessor();
    QVERIFY(p);
    QVERIFY(p->rebuildProblems().isEmpty());
    p->setGeneration(7);
    const proto::ResourceSnapshot snap = p->snapshot();
    QCOMPARE(snap.cores_total(), 8u);
    QCOMPARE(snap.memory_granules_total(), 4096u / 32);
    QCOMPARE(snap.memory_granule_mib(), 32u);
    QCOMPARE(snap.generation(), 7u);
    QCOMPARE(QString::fromStdString(snap.host_name()), QStringLiteral("h1"));
    QCOMPARE(QString::fromStdString(snap.hypervisor_uri()), m_uri);
    QCOMPARE(p->database().reservedCoreCount(), 1u);
    QCOMPARE(p->database().reservedGranuleCount(), 2u);
    QCOMPARE(snap.domains_size(), 0);
}

void TestTransactionProcessor::activateRunsPinnedDomain()
{
    auto p = newProcessor();
    QVERIFY(p);
    const auto replies = p->process(wrap(11, activation(1, QStringLiteral("web1"), kWebUuid, {3, 5}, {4, 5, 6})));
    QCOMPARE(replies.size(), std::size_t(2));
    QVERIFY(replies[0].has_result());
    QCOMPARE(replies[0].request_id(), 11u);
    const proto::TransactionResult &result = replies[0].result();
    QVERIFY2(result.error().code() == proto::ERROR_NONE, qPrintable(errorText(result)));
    QCOMPARE(result.txid(), 1u);
    QCOMPARE(result.version(), 1u);
    QCOMPARE(result.partition().state(), proto::PARTITION_STATE_RUNNING);
    QCOMPARE(QString::fromStdString(result.partition().host()), QStringLiteral("h1"));
    QCOMPARE(result.partition().assignment().cores_size(), 2);
    QCOMPARE(result.partition().assignment().memory_mib(), 96u);
    // Then the changed database, unsolicited.
    QVERIFY(replies[1].has_snapshot());
    QCOMPARE(replies[1].request_id(), 0u);
    QCOMPARE(replies[1].snapshot().version(), 1u);
    QCOMPARE(replies[1].snapshot().domains_size(), 1);
    QCOMPARE(replies[1].snapshot().domains(0).state(), proto::PARTITION_STATE_RUNNING);

    // libvirt runs it, named <domain>.<partition>, pinned 1:1, with the memory of the granules.
    auto d = domain(kWebUuid);
    QVERIFY(d);
    QCOMPARE(d->name(), QStringLiteral("shop.web1"));
    QCOMPARE(*d->isActive(), true);
    const auto xml = d->xmlDescription();
    QVERIFY(xml);
    QCOMPARE(pinnedCores(*xml), (QList<unsigned>{3, 5}));
    QVERIFY2(xml->contains(QStringLiteral("<memory unit='KiB'>98304</memory>")), qPrintable(*xml));
    // The assignment is recorded in libvirt's metadata.
    const auto metadata = d->metadata(PartitionMetadata::kNamespaceUri);
    QVERIFY(metadata && metadata->has_value());
    const auto parsed = PartitionMetadata::parse(**metadata);
    QVERIFY2(parsed, qPrintable(messageOf(parsed)));
    QCOMPARE(parsed->txid, 1u);
    QCOMPARE(parsed->assignment.cores(1), 5u);
}

void TestTransactionProcessor::replayedTxidReturnsFirstResultOnce()
{
    auto p = newProcessor();
    QVERIFY(p);
    const auto first = p->process(wrap(1, activation(5, QStringLiteral("web1"), kWebUuid, {2}, {10, 11})));
    QCOMPARE(first.size(), std::size_t(2));
    const int domains = domainCount();
    const auto version = p->database().version();

    // Resent (say after an agent restart) with another request id.
    const auto again = p->process(wrap(2, activation(5, QStringLiteral("web1"), kWebUuid, {2}, {10, 11})));
    QCOMPARE(again.size(), std::size_t(1)); // nothing changed, so no snapshot
    QCOMPARE(again[0].request_id(), 2u);
    QCOMPARE(again[0].result().SerializeAsString(), first[0].result().SerializeAsString());
    QCOMPARE(p->database().version(), version);
    QCOMPARE(domainCount(), domains);

    // A replayed txid returns its first result even if the body differs.
    const auto differing = p->apply(activation(5, QStringLiteral("web1"), kWebUuid, {4}, {20, 21}));
    QCOMPARE(differing.SerializeAsString(), first[0].result().SerializeAsString());
    QVERIFY(p->database().coreOwner(4).isEmpty());

    // Failures replay too: the same refusal, never a second attempt.
    const auto refused = p->apply(activation(6, QStringLiteral("db1"), kDbUuid, {2}, {12}));
    QCOMPARE(refused.error().code(), proto::ERROR_CONFLICT);
    p->apply(deactivation(7, QStringLiteral("web1"), kWebUuid));
    const auto refusedAgain = p->apply(activation(6, QStringLiteral("db1"), kDbUuid, {2}, {12}));
    QCOMPARE(refusedAgain.SerializeAsString(), refused.SerializeAsString());
    QVERIFY(!domain(kDbUuid));
}

void TestTransactionProcessor::activeWithSameResourcesIsSuccess()
{
    auto p = newProcessor();
    QVERIFY(p);
    QVERIFY(apply(*p, activation(1, QStringLiteral("web1"), kWebUuid, {2, 3}, {10, 11})).error().code() == proto::ERROR_NONE);
    bool changed = true;
    const auto again = apply(*p, activation(2, QStringLiteral("web1"), kWebUuid, {2, 3}, {11, 10}), &changed);
    QVERIFY2(again.error().code() == proto::ERROR_NONE, qPrintable(errorText(again)));
    QVERIFY(!changed);
    QCOMPARE(again.version(), 1u);
    QCOMPARE(again.partition().state(), proto::PARTITION_STATE_RUNNING);

    // The same partition with other resources must be deactivated first.
    const auto other = apply(*p, activation(3, QStringLiteral("web1"), kWebUuid, {4, 5}, {10, 11}));
    QCOMPARE(other.error().code(), proto::ERROR_FAILED_PRECONDITION);
    QVERIFY2(errorText(other).contains(QStringLiteral("deactivate it")), qPrintable(errorText(other)));
    QCOMPARE(pinnedCores(*domain(kWebUuid)->xmlDescription()), (QList<unsigned>{2, 3}));
}

void TestTransactionProcessor::conflictChangesNothing()
{
    auto p = newProcessor();
    QVERIFY(p);
    QVERIFY(apply(*p, activation(1, QStringLiteral("web1"), kWebUuid, {2, 3}, {10, 11})).error().code() == proto::ERROR_NONE);
    const std::string before = p->database().snapshot().SerializeAsString();
    const int domains = domainCount();

    const auto replies = p->process(wrap(9, activation(2, QStringLiteral("db1"), kDbUuid, {4, 3}, {20, 21})));
    QCOMPARE(replies.size(), std::size_t(1));
    const auto &result = replies[0].result();
    QCOMPARE(result.error().code(), proto::ERROR_CONFLICT);
    QVERIFY2(errorText(result).contains(QStringLiteral("Core 3")), qPrintable(errorText(result)));
    QVERIFY2(errorText(result).contains(QStringLiteral("shop.web1")), qPrintable(errorText(result)));
    QCOMPARE(result.partition().state(), proto::PARTITION_STATE_FAILED);
    QCOMPARE(QString::fromStdString(result.partition().last_error()), errorText(result));

    QCOMPARE(p->database().snapshot().SerializeAsString(), before);
    QCOMPARE(domainCount(), domains);
    QVERIFY(!domain(kDbUuid));
}

void TestTransactionProcessor::systemReservedCoreIsRefused()
{
    auto p = newProcessor();
    QVERIFY(p);
    const auto core = apply(*p, activation(1, QStringLiteral("web1"), kWebUuid, {0}, {10}));
    QCOMPARE(core.error().code(), proto::ERROR_CONFLICT);
    QVERIFY2(errorText(core).contains(QStringLiteral("reserved for system partitions")), qPrintable(errorText(core)));
    const auto memory = apply(*p, activation(2, QStringLiteral("web1"), kWebUuid, {1}, {1}));
    QCOMPARE(memory.error().code(), proto::ERROR_CONFLICT);
    QCOMPARE(p->database().version(), 0u);
    QCOMPARE(domainCount(), 0);
}

void TestTransactionProcessor::invalidTransactionsAreRefused()
{
    auto p = newProcessor();
    QVERIFY(p);
    struct Case
    {
        const char *what;
        proto::Transaction t;
        const char *expected;
    };
    std::vector<Case> cases;
    {
        auto t = activation(1, QStringLiteral("web1"), kWebUuid, {2}, {10});
        t.mutable_partition()->set_vcpus(0);
        t.mutable_resources()->clear_cores();
        cases.push_back({"no vcpus", t, "vCPUs"});
    }
    cases.push_back({"bad name", activation(2, QStringLiteral("web 1'"), kWebUuid, {2}, {10}), "not allowed"});
    cases.push_back({"no uuid", activation(3, QStringLiteral("web1"), QString(), {2}, {10}), "no UUID"});
    {
        auto t = activation(4, QStringLiteral("web1"), kWebUuid, {2, 3}, {10});
        t.mutable_partition()->set_vcpus(1);
        cases.push_back({"cores != vcpus", t, "1 vCPUs but the transaction gives it 2 cores"});
    }
    cases.push_back({"memory not covered", transaction(5, proto::TRANSACTION_OP_ACTIVATE, QStringLiteral("web1"), kWebUuid,
                                                       {2}, {10, 11}, 100),
                     "it needs 4 granules"});
    {
        auto t = activation(6, QStringLiteral("web1"), kWebUuid, {2}, {10});
        t.mutable_partition()->set_boot("floppy");
        cases.push_back({"unknown boot", t, "floppy"});
    }
    cases.push_back({"core out of range", activation(7, QStringLiteral("web1"), kWebUuid, {8}, {10}), "Core 8 does not exist"});
    cases.push_back({"txid 0", activation(0, QStringLiteral("web1"), kWebUuid, {2}, {10}), "no txid"});
    {
        auto t = activation(8, QStringLiteral("web1"), kWebUuid, {2}, {10});
        t.set_op(proto::TRANSACTION_OP_UNSPECIFIED);
        cases.push_back({"no op", t, "this monitor knows activate, deactivate"});
    }
    cases.push_back({"deactivate without uuid", deactivation(9, QStringLiteral("web1"), QStringLiteral("nope")), "no valid UUID"});

    for (const Case &c : cases) {
        bool changed = true;
        const auto result = apply(*p, c.t, &changed);
        QVERIFY2(result.error().code() == proto::ERROR_INVALID_ARGUMENT,
                 qPrintable(QStringLiteral("%1: %2").arg(QLatin1String(c.what), errorText(result))));
        QVERIFY2(errorText(result).contains(QLatin1String(c.expected)),
                 qPrintable(QStringLiteral("%1: %2").arg(QLatin1String(c.what), errorText(result))));
        QVERIFY(!changed);
    }
    QCOMPARE(p->database().version(), 0u);
    QCOMPARE(domainCount(), 0);
}

void TestTransactionProcessor::libvirtFailureChangesNothing()
{
    auto p = newProcessor();
    QVERIFY(p);
    // A domain outside vdc already uses the partition's UUID under another
    // name: the database says yes, libvirt says no.
    PartitionMetadata foreign;
    foreign.spec.set_uuid(kDbUuid.toStdString());
    foreign.spec.set_name("squatter");
    foreign.spec.set_domain("other");
    foreign.spec.set_vcpus(1);
    foreign.spec.set_memory_mib(32);
    foreign.assignment.add_cores(7);
    foreign.assignment.add_memory_granules(100);
    foreign.granuleMib = 32;
    const auto xml = DomainXmlBuilder(DomainType::Test).build(foreign);
    QVERIFY(xml);
    QVERIFY(m_connection->define(*xml, QStringLiteral("other.squatter")));
    const std::string before = p->database().snapshot().SerializeAsString();

    bool changed = true;
    const auto result = apply(*p, activation(1, QStringLiteral("db1"), kDbUuid, {4}, {20}), &changed);
    QCOMPARE(result.error().code(), proto::ERROR_HYPERVISOR);
    QVERIFY2(errorText(result).startsWith(QStringLiteral("Cannot define domain shop.db1: ")), qPrintable(errorText(result)));
    QVERIFY(!changed);
    QCOMPARE(p->database().snapshot().SerializeAsString(), before);
    QVERIFY(p->database().coreOwner(4).isEmpty());
    QCOMPARE(domain(kDbUuid)->name(), QStringLiteral("other.squatter"));
    QVERIFY(!*domain(kDbUuid)->isActive());

    // A domain of another UUID holding the partition's name is named in the refusal.
    QVERIFY(apply(*p, activation(2, QStringLiteral("web1"), kWebUuid, {2}, {10})).error().code() == proto::ERROR_NONE);
    const auto sameName = apply(*p, activation(3, QStringLiteral("web1"), kCacheUuid, {3}, {11}));
    QCOMPARE(sameName.error().code(), proto::ERROR_ALREADY_EXISTS);
    QVERIFY2(errorText(sameName).contains(kWebUuid), qPrintable(errorText(sameName)));
}

void TestTransactionProcessor::deactivateReleases()
{
    auto p = newProcessor();
    QVERIFY(p);
    QVERIFY(apply(*p, activation(1, QStringLiteral("web1"), kWebUuid, {2, 3}, {10, 11})).error().code() == proto::ERROR_NONE);
    QVERIFY(apply(*p, activation(2, QStringLiteral("db1"), kDbUuid, {4}, {12})).error().code() == proto::ERROR_NONE);

    const auto replies = p->process(wrap(3, deactivation(3, QStringLiteral("web1"), kWebUuid)));
    QCOMPARE(replies.size(), std::size_t(2));
    const auto &result = replies[0].result();
    QVERIFY2(result.error().code() == proto::ERROR_NONE, qPrintable(errorText(result)));
    QCOMPARE(result.partition().state(), proto::PARTITION_STATE_STOPPED);
    QCOMPARE(result.version(), 3u);
    QVERIFY(replies[1].has_snapshot());
    QCOMPARE(replies[1].snapshot().domains_size(), 1);
    QVERIFY(!domain(kWebUuid)); // destroyed and undefined
    QVERIFY(p->database().coreOwner(2).isEmpty());
    QVERIFY(p->database().granuleOwner(10).isEmpty());
    QCOMPARE(p->database().coreOwner(4), kDbUuid);

    // Deactivating what is not active is done already: success, nothing changes.
    bool changed = true;
    const auto nothing = apply(*p, deactivation(4, QStringLiteral("web1"), kWebUuid), &changed);
    QVERIFY(nothing.error().code() == proto::ERROR_NONE);
    QVERIFY(!changed);
    QCOMPARE(p->database().version(), 3u);

    // The freed cores can be used by the next partition.
    QVERIFY(apply(*p, activation(5, QStringLiteral("cache1"), kCacheUuid, {3, 2}, {10, 11})).error().code() == proto::ERROR_NONE);
    QCOMPARE(pinnedCores(*domain(kCacheUuid)->xmlDescription()), (QList<unsigned>{3, 2}));

    // A domain vdc did not create is never touched, even if its UUID is named.
    const QString foreignUuid = QStringLiteral("6f1c2a9e-3b4d-4c5e-8f70-0000000000ee");
    const QString foreignXml = QStringLiteral("<domain type='test'><name>someone.else</name><uuid>%1</uuid>"
                                              "<memory unit='KiB'>32768</memory><vcpu>1</vcpu>"
                                              "<os><type>hvm</type></os></domain>")
                                   .arg(foreignUuid);
    auto foreign = m_connection->define(foreignXml, QStringLiteral("someone.else"));
    QVERIFY(foreign);
    QVERIFY(foreign->start());
    const auto refused = apply(*p, deactivation(6, QStringLiteral("else"), foreignUuid));
    QCOMPARE(refused.error().code(), proto::ERROR_FAILED_PRECONDITION);
    QVERIFY2(errorText(refused).contains(QStringLiteral("not created by vdc")), qPrintable(errorText(refused)));
    QCOMPARE(*domain(foreignUuid)->isActive(), true);
}

void TestTransactionProcessor::setSharesChangesRunningDomain()
{
    auto p = newProcessor();
    QVERIFY(p);
    QVERIFY(apply(*p, activation(1, QStringLiteral("web1"), kWebUuid, {2, 3}, {10, 11})).error().code() == proto::ERROR_NONE);

    proto::Transaction change = transaction(2, proto::TRANSACTION_OP_SET_SHARES, QStringLiteral("web1"), kWebUuid, {}, {});
    change.mutable_partition()->set_cpu_shares(300);
    bool changed = true;
    const auto result = apply(*p, change, &changed);
    QVERIFY2(result.error().code() == proto::ERROR_NONE, qPrintable(errorText(result)));
    QCOMPARE(result.partition().state(), proto::PARTITION_STATE_RUNNING);
    QCOMPARE(result.partition().spec().cpu_shares(), 300u);
    QCOMPARE(result.partition().assignment().cores_size(), 2);
    QVERIFY(!changed); // resources are untouched
    QCOMPARE(sharesOf(kWebUuid), 300u);

    // A replayed txid is not applied again, even if the value moved since.
    proto::Transaction later = change;
    later.set_txid(3);
    later.mutable_partition()->set_cpu_shares(700);
    QVERIFY(apply(*p, later).error().code() == proto::ERROR_NONE);
    QVERIFY(apply(*p, change).error().code() == proto::ERROR_NONE);
    QCOMPARE(sharesOf(kWebUuid), 700u);

    // A restarted monitor reads them back from libvirt.
    p.reset();
    p = newProcessor();
    QVERIFY(p);
    change.set_txid(5);
    change.mutable_partition()->set_cpu_shares(900);
    QVERIFY(apply(*p, change).error().code() == proto::ERROR_NONE);
    QCOMPARE(sharesOf(kWebUuid), 900u);

    // A partition that does not run here is refused and nothing changes.
    proto::Transaction absent = transaction(4, proto::TRANSACTION_OP_SET_SHARES, QStringLiteral("db1"), kDbUuid, {}, {});
    absent.mutable_partition()->set_cpu_shares(500);
    const auto refused = apply(*p, absent);
    QCOMPARE(refused.error().code(), proto::ERROR_FAILED_PRECONDITION);
    QVERIFY2(errorText(refused).contains(QStringLiteral("not running")), qPrintable(errorText(refused)));
    QVERIFY(!domain(kDbUuid));
}

void TestTransactionProcessor::malformedFramesGetErrors()
{
    auto p = newProcessor();
    QVERIFY(p);
    for (const QByteArray &frame : {QByteArray("\xff\xff\xff garbage", 12), QByteArray()}) {
        const auto replies = p->processFrame(frame);
        QCOMPARE(replies.size(), std::size_t(1));
        QVERIFY(replies[0].has_error());
        QCOMPARE(replies[0].error().code(), proto::ERROR_MALFORMED);
        QCOMPARE(replies[0].request_id(), 0u);
        QCOMPARE(replies[0].protocol_version(), kProtocolVersion);
    }

    proto::ChannelMessage future = wrap(4, activation(1, QStringLiteral("web1"), kWebUuid, {2}, {10}));
    future.set_protocol_version(kProtocolVersion + 1);
    auto replies = p->processFrame(net::encode(future));
    QCOMPARE(replies.size(), std::size_t(1));
    QCOMPARE(replies[0].error().code(), proto::ERROR_UNSUPPORTED_VERSION);
    QCOMPARE(replies[0].request_id(), 4u);

    proto::ChannelMessage empty;
    empty.set_protocol_version(kProtocolVersion);
    empty.set_request_id(5);
    replies = p->processFrame(net::encode(empty));
    QCOMPARE(replies[0].error().code(), proto::ERROR_MALFORMED);

    proto::ChannelMessage wrongWay;
    wrongWay.set_protocol_version(kProtocolVersion);
    wrongWay.set_request_id(6);
    wrongWay.mutable_result()->set_txid(1);
    replies = p->processFrame(net::encode(wrongWay));
    QCOMPARE(replies[0].error().code(), proto::ERROR_INVALID_ARGUMENT);
    QCOMPARE(replies[0].request_id(), 6u);

    // Nothing was applied, and a good frame still works afterwards.
    QCOMPARE(domainCount(), 0);
    replies = p->processFrame(net::encode(wrap(7, activation(1, QStringLiteral("web1"), kWebUuid, {2}, {10}))));
    QVERIFY(replies[0].has_result());
    QVERIFY(replies[0].result().error().code() == proto::ERROR_NONE);
}

void TestTransactionProcessor::snapshotRequestIsAnswered()
{
    auto p = newProcessor();
    QVERIFY(p);
    QVERIFY(apply(*p, activation(1, QStringLiteral("web1"), kWebUuid, {2, 3}, {10, 11})).error().code() == proto::ERROR_NONE);
    proto::ChannelMessage request;
    request.set_protocol_version(kProtocolVersion);
    request.set_request_id(77);
    request.mutable_snapshot_request();
    const auto replies = p->processFrame(net::encode(request));
    QCOMPARE(replies.size(), std::size_t(1));
    QVERIFY(replies[0].has_snapshot());
    QCOMPARE(replies[0].request_id(), 77u);
    const auto &snap = replies[0].snapshot();
    QCOMPARE(snap.version(), 1u);
    QCOMPARE(snap.domains_size(), 1);
    QCOMPARE(QString::fromStdString(snap.domains(0).name()), QStringLiteral("shop.web1"));
    QCOMPARE(snap.domains(0).state(), proto::PARTITION_STATE_RUNNING);
    std::uint32_t heldCores = 0;
    for (const auto &r : snap.ranges())
        if (r.kind() == proto::RESOURCE_KIND_CORE && QString::fromStdString(r.owner()) == kWebUuid)
            heldCores += r.count();
    QCOMPARE(heldCores, 2u);
}

void TestTransactionProcessor::rebuildRestoresDatabase()
{
    auto first = newProcessor();
    QVERIFY(first);
    QVERIFY(apply(*first, activation(1, QStringLiteral("web1"), kWebUuid, {5, 2}, {10, 11, 12})).error().code()
            == proto::ERROR_NONE);
    QVERIFY(apply(*first, activation(2, QStringLiteral("db1"), kDbUuid, {3}, {20, 40})).error().code() == proto::ERROR_NONE);
    const proto::ResourceSnapshot before = first->snapshot();
    first.reset();

    // A restarted monitor: same libvirt, new process state.
    auto second = newProcessor();
    QVERIFY(second);
    QVERIFY2(second->rebuildProblems().isEmpty(), qPrintable(second->rebuildProblems().join(QLatin1Char('\n'))));
    const proto::ResourceSnapshot after = second->snapshot();
    QCOMPARE(after.ranges_size(), before.ranges_size());
    for (int i = 0; i < before.ranges_size(); ++i)
        QCOMPARE(after.ranges(i).SerializeAsString(), before.ranges(i).SerializeAsString());
    QCOMPARE(after.domains_size(), 2);
    for (int i = 0; i < before.domains_size(); ++i)
        QCOMPARE(after.domains(i).SerializeAsString(), before.domains(i).SerializeAsString());
    QCOMPARE(second->database().holding(kWebUuid)->cores, (std::vector<std::uint32_t>{5, 2}));

    // Nothing is handed out twice: the rebuilt holders still conflict.
    const auto clash = apply(*second, activation(3, QStringLiteral("cache1"), kCacheUuid, {2}, {30}));
    QCOMPARE(clash.error().code(), proto::ERROR_CONFLICT);
    QVERIFY2(errorText(clash).contains(QStringLiteral("shop.web1")), qPrintable(errorText(clash)));
    // The agent resending the first activation after the restart gets success, not a second domain.
    bool changed = true;
    const auto resent = apply(*second, activation(1, QStringLiteral("web1"), kWebUuid, {5, 2}, {10, 11, 12}), &changed);
    QVERIFY2(resent.error().code() == proto::ERROR_NONE, qPrintable(errorText(resent)));
    QVERIFY(!changed);
    QCOMPARE(domainCount(), 2);
}

void TestTransactionProcessor::rebuildSkipsShutOffDomainsAndActivateStartsThem()
{
    auto first = newProcessor();
    QVERIFY(first);
    QVERIFY(apply(*first, activation(1, QStringLiteral("web1"), kWebUuid, {2}, {10})).error().code() == proto::ERROR_NONE);
    first.reset();
    // The guest powered itself off while the monitor was away.
    QVERIFY(domain(kWebUuid)->destroy());

    auto second = newProcessor();
    QVERIFY(second);
    QVERIFY(second->rebuildProblems().isEmpty());
    QVERIFY(second->database().coreOwner(2).isEmpty()); // only running domains hold resources
    QCOMPARE(second->snapshot().domains_size(), 0);
    QVERIFY(domain(kWebUuid)); // left defined

    // Activating the partition again (other cores now) redefines and starts it.
    bool changed = false;
    const auto again = apply(*second, activation(2, QStringLiteral("web1"), kWebUuid, {4}, {10}), &changed);
    QVERIFY2(again.error().code() == proto::ERROR_NONE, qPrintable(errorText(again)));
    QVERIFY(changed);
    QCOMPARE(*domain(kWebUuid)->isActive(), true);
    QCOMPARE(pinnedCores(*domain(kWebUuid)->xmlDescription()), (QList<unsigned>{4}));
    QCOMPARE(second->snapshot().domains(0).state(), proto::PARTITION_STATE_RUNNING);
    QCOMPARE(domainCount(), 1);

    // Deactivating a shut-off partition removes its definition.
    QVERIFY(domain(kWebUuid)->destroy());
    QVERIFY(second->reconcile());
    const auto stopped = apply(*second, deactivation(3, QStringLiteral("web1"), kWebUuid));
    QVERIFY2(stopped.error().code() == proto::ERROR_NONE, qPrintable(errorText(stopped)));
    QVERIFY(!domain(kWebUuid));
}

void TestTransactionProcessor::reconcileReleasesStoppedGuests()
{
    auto p = newProcessor();
    QVERIFY(p);
    QVERIFY(apply(*p, activation(1, QStringLiteral("web1"), kWebUuid, {2, 3}, {10, 11})).error().code() == proto::ERROR_NONE);
    QVERIFY(apply(*p, activation(2, QStringLiteral("db1"), kDbUuid, {4}, {12})).error().code() == proto::ERROR_NONE);
    QVERIFY(!p->reconcile()); // both run: nothing to do
    QCOMPARE(p->database().version(), 2u);

    QVERIFY(domain(kWebUuid)->destroy()); // powered off inside the guest
    QVERIFY(p->reconcile());
    QVERIFY(p->database().coreOwner(2).isEmpty());
    QVERIFY(p->database().granuleOwner(11).isEmpty());
    QCOMPARE(p->database().coreOwner(4), kDbUuid);
    QCOMPARE(p->snapshot().domains_size(), 1);
    QVERIFY(!p->reconcile());

    // A domain removed behind vdc's back releases too.
    auto db = domain(kDbUuid);
    QVERIFY(db->destroy());
    QVERIFY(db->undefine());
    QVERIFY(p->reconcile());
    QCOMPARE(p->database().freeCoreCount(), 7u);
    QCOMPARE(p->snapshot().domains_size(), 0);
}

void TestTransactionProcessor::rebuildReportsCollisionsAndAssignsOnce()
{
    auto first = newProcessor();
    QVERIFY(first);
    QVERIFY(apply(*first, activation(1, QStringLiteral("web1"), kWebUuid, {2, 3}, {10, 11})).error().code()
            == proto::ERROR_NONE);
    first.reset();

    // Someone started a second vdc domain by hand whose record claims core 3 too.
    PartitionMetadata rogue;
    rogue.spec.set_uuid(kDbUuid.toStdString());
    rogue.spec.set_name("db1");
    rogue.spec.set_domain("shop");
    rogue.spec.set_vcpus(2);
    rogue.spec.set_memory_mib(32);
    rogue.assignment.add_cores(3);
    rogue.assignment.add_cores(4);
    rogue.assignment.add_memory_granules(30);
    rogue.txid = 2;
    rogue.granuleMib = 32;
    const auto xml = DomainXmlBuilder(DomainType::Test).build(rogue);
    QVERIFY(xml);
    auto defined = m_connection->define(*xml, QStringLiteral("shop.db1"));
    QVERIFY(defined);
    QVERIFY(defined->start());
    // And a running domain that is not vdc's at all (pinned to core 3 too), which is ignored.
    PartitionMetadata plain = rogue;
    plain.spec.set_uuid("6f1c2a9e-3b4d-4c5e-8f70-0000000000ff");
    plain.spec.set_name("plain");
    auto plainXml = DomainXmlBuilder(DomainType::Test).build(plain);
    QVERIFY(plainXml);
    const qsizetype from = plainXml->indexOf(QStringLiteral("<metadata>"));
    const qsizetype to = plainXml->indexOf(QStringLiteral("</metadata>")) + int(strlen("</metadata>"));
    QVERIFY(from >= 0 && to > from);
    plainXml->remove(from, to - from);
    auto plainDomain = m_connection->define(*plainXml, QStringLiteral("shop.plain"));
    QVERIFY(plainDomain);
    QVERIFY(plainDomain->start());

    auto second = newProcessor();
    QVERIFY(second);
    QCOMPARE(second->rebuildProblems().size(), 1);
    const QString problem = second->rebuildProblems().constFirst();
    QVERIFY2(problem.contains(QStringLiteral("shop.db1")) && problem.contains(QStringLiteral("NOT assigned twice"))
                 && problem.contains(QStringLiteral("Core 3")) && problem.contains(QStringLiteral("shop.web1")),
             qPrintable(problem));
    QCOMPARE(second->database().coreOwner(3), kWebUuid);
    QVERIFY(second->database().coreOwner(4).isEmpty()); // none of the loser's resources
    QVERIFY(!second->database().holding(kDbUuid));
    QCOMPARE(second->snapshot().domains_size(), 1);
}

QTEST_GUILESS_MAIN(TestTransactionProcessor)
#include "tst_transactionprocessor.moc"
