// The partition and host editors and the placement reasons, driven the way
// an admin uses them, against a real embedded operations engine with two
// real hosts (vdc-monitor + vdc-agent on libvirt's test driver): a partition
// created through the editor reaches the engine; an edit sends only the
// fields that were changed; bad names and out-of-range numbers are refused
// with their reason and nothing reaches the engine (its audit log has no
// refusal); a running partition's stop-only fields are read-only; a start
// no host can take lists every host's reason; the host editor's changes
// reach the engine. Every item model runs under QAbstractItemModelTester.
//
// With VDC_SCREENSHOT_DIR set, the dialogs are also saved there as the PNGs
// of docs/screenshots.
#include "hosteditordialog.h"
#include "networklinktablemodel.h"
#include "opsclient.h"
#include "opsservice.h"
#include "partitioneditordialog.h"
#include "placementreasonsdialog.h"
#include "placementrejectionmodel.h"
#include "problemlabel.h"
#include "statestore.h"
#include "testhost.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

#include <optional>

using namespace vdc;
using namespace vdc::gui;
using vdc::testing::TestHost;

namespace {
const QString kListen = QStringLiteral("inproc://tst-editors-ops");
const QString kPublish = QStringLiteral("inproc://tst-editors-state");
constexpr int kWaitMs = 60000;

QString qs(const std::string &s) { return QString::fromStdString(s); }

QPushButton *okButton(QDialog *dialog)
{
    return dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
}

void typeInto(QSpinBox *spin, const QString &text)
{
    spin->selectAll();
    QTest::keyClicks(spin, text);
}

void saveScreenshot(QWidget *widget, const QString &fileName)
{
    const QString dir = qEnvironmentVariable("VDC_SCREENSHOT_DIR");
    const QImage image = widget->grab().toImage();
    QVERIFY(!image.isNull());
    if (dir.isEmpty())
        return;
    QVERIFY(QDir().mkpath(dir));
    QVERIFY(image.save(QDir(dir).filePath(fileName)));
}
} // namespace

class TestEditors : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void createReachesEngine();
    void editSendsOnlyChangedFields();
    void badNamesAreRefused_data();
    void badNamesAreRefused();
    void badNumbersAreRefused_data();
    void badNumbersAreRefused();
    void runningPartitionLocksStopOnlyFields();
    void failedStartListsEveryHost();
    void hostEditorReachesEngine();
    void hostEditorRefusesBadInput();
    void modelsPassTheTester();

private:
    proto::OpsReply call(proto::OpsRequest request);
    proto::PartitionSpec readBack(const QString &name);
    int partitionCount();
    int refusedCreates();
    proto::Partition createDirect(const proto::PartitionSpec &spec);

    QTemporaryDir m_work;
    std::unique_ptr<TestHost> m_h1;
    std::unique_ptr<TestHost> m_h2;
    std::unique_ptr<ops::OpsService> m_service;
    std::unique_ptr<StateStore> m_store;
    std::unique_ptr<OpsClient> m_client;
};

proto::OpsReply TestEditors::call(proto::OpsRequest request)
{
    std::optional<proto::OpsReply> answer;
    m_client->request(std::move(request), this, [&answer](const proto::OpsReply &reply) { answer = reply; });
    if (!QTest::qWaitFor([&] { return answer.has_value(); }, kWaitMs)) {
        proto::OpsReply none;
        none.mutable_error()->set_code(proto::ERROR_UNAVAILABLE);
        none.mutable_error()->set_message("The engine did not answer in the test's time.");
        return none;
    }
    return *answer;
}

proto::PartitionSpec TestEditors::readBack(const QString &name)
{
    proto::OpsRequest request;
    request.mutable_show_partition()->set_name(name.toStdString());
    request.mutable_show_partition()->set_domain("default");
    const proto::OpsReply reply = call(std::move(request));
    return reply.partition().spec();
}

int TestEditors::partitionCount()
{
    proto::OpsRequest request;
    request.mutable_list_partitions();
    return call(std::move(request)).partitions().partitions_size();
}

// Refusals are audited too: a create that reached the engine shows up here.
int TestEditors::refusedCreates()
{
    proto::OpsRequest request;
    request.mutable_query_audit()->set_action("partition.create");
    const proto::OpsReply reply = call(std::move(request));
    int refused = 0;
    for (const auto &event : reply.audit().events())
        if (event.result() != "ok")
            ++refused;
    return refused;
}

proto::Partition TestEditors::createDirect(const proto::PartitionSpec &spec)
{
    std::optional<proto::OpsReply> answer;
    m_client->createPartition(spec, this, [&answer](const proto::OpsReply &reply) { answer = reply; });
    if (!QTest::qWaitFor([&] { return answer.has_value(); }, kWaitMs) || answer->error().code() != proto::ERROR_NONE)
        return {};
    const QString uuid = qs(answer->partition().spec().uuid());
    // The store follows through the state stream.
    if (!QTest::qWaitFor([&] { return m_store->partition(uuid) != nullptr; }, kWaitMs))
        return {};
    return answer->partition();
}

void TestEditors::initTestCase()
{
    QVERIFY(m_work.isValid());
    // The test driver's node has 16 cores: h1 keeps 8 for partitions, h2 4.
    m_h1 = std::make_unique<TestHost>(TestHost::Options{QStringLiteral("h1"), QStringLiteral("test:///default"),
                                                        m_work.filePath(QStringLiteral("h1")), 8, 256});
    m_h2 = std::make_unique<TestHost>(TestHost::Options{QStringLiteral("h2"), QStringLiteral("test:///default"),
                                                        m_work.filePath(QStringLiteral("h2")), 12, 256});
    QVERIFY2(m_h1->start(), qPrintable(m_h1->log()));
    QVERIFY2(m_h2->start(), qPrintable(m_h2->log()));

    ops::OpsService::Options options;
    options.databasePath = m_work.filePath(QStringLiteral("ops.sqlite"));
    options.listenEndpoint = kListen;
    options.publishEndpoint = kPublish;
    auto service = ops::OpsService::start(options);
    QVERIFY2(service.ok(), qPrintable(service ? QString() : service.error().message()));
    m_service = std::move(service.value());
    m_store = std::make_unique<StateStore>();
    m_client = std::make_unique<OpsClient>(m_store.get());
    QVERIFY(m_client->connectTo(m_service->listenEndpoint()).ok());
    QTRY_VERIFY_WITH_TIMEOUT(m_client->isConnected(), kWaitMs);

    for (TestHost *h : {m_h1.get(), m_h2.get()}) {
        std::optional<proto::OpsReply> answer;
        m_client->addHost(h->name(), h->agentEndpoint(), QString(), this,
                          [&answer](const proto::OpsReply &reply) { answer = reply; });
        QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), kWaitMs);
        QVERIFY2(answer->error().code() == proto::ERROR_NONE, answer->error().message().c_str());
    }
    QTRY_VERIFY_WITH_TIMEOUT(m_store->host(QStringLiteral("h1")) && m_store->host(QStringLiteral("h2"))
                                 && m_store->host(QStringLiteral("h1"))->state() == proto::HOST_STATE_UP
                                 && m_store->host(QStringLiteral("h2"))->state() == proto::HOST_STATE_UP,
                             kWaitMs);
}

void TestEditors::cleanupTestCase()
{
    m_client.reset();
    m_service.reset();
    m_store.reset();
    m_h1.reset();
    m_h2.reset();
}

void TestEditors::createReachesEngine()
{
    PartitionEditorDialog dialog(m_client.get(), m_store.get());
    dialog.show();
    QVERIFY(!dialog.isEditing());
    QPushButton *ok = okButton(&dialog);
    // An empty name cannot be sent yet.
    QVERIFY(!ok->isEnabled());

    QTest::keyClicks(dialog.findChild<QLineEdit *>(QStringLiteral("nameEdit")), QStringLiteral("web1"));
    typeInto(dialog.findChild<QSpinBox *>(QStringLiteral("vcpusSpin")), QStringLiteral("2"));
    typeInto(dialog.findChild<QSpinBox *>(QStringLiteral("memorySpin")), QStringLiteral("512"));
    typeInto(dialog.findChild<QSpinBox *>(QStringLiteral("prioritySpin")), QStringLiteral("5"));
    typeInto(dialog.findChild<QSpinBox *>(QStringLiteral("cpuSharesSpin")), QStringLiteral("2048"));
    QTest::keyClicks(dialog.findChild<QLineEdit *>(QStringLiteral("antiAffinityGroupEdit")), QStringLiteral("web"));
    QTest::keyClicks(dialog.findChild<QLineEdit *>(QStringLiteral("notInRackOfEdit")), QStringLiteral("db, cache"));
    QTest::keyClicks(dialog.findChild<QLineEdit *>(QStringLiteral("affinityGroupEdit")), QStringLiteral("front"));
    // The checkbox is on the Placement tab, as a user finds it.
    dialog.findChild<QTabWidget *>(QStringLiteral("editorTabs"))->setCurrentIndex(1);
    auto *scope = dialog.findChild<QComboBox *>(QStringLiteral("affinityScopeCombo"));
    scope->setCurrentIndex(scope->findData(int(proto::AFFINITY_SCOPE_RACK)));
    QTest::mouseClick(dialog.findChild<QCheckBox *>(QStringLiteral("affinityRequiredCheck")), Qt::LeftButton);
    auto *accelerator = dialog.findChild<QComboBox *>(QStringLiteral("acceleratorCombo"));
    accelerator->setCurrentIndex(accelerator->findData(QStringLiteral("tcg")));

    QVERIFY2(dialog.problem().isEmpty(), qPrintable(dialog.problem()));
    QVERIFY(ok->isEnabled());
    QTest::mouseClick(ok, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(dialog.result(), int(QDialog::Accepted), kWaitMs);
    QVERIFY(!dialog.isVisible());

    const proto::PartitionSpec stored = readBack(QStringLiteral("web1"));
    QCOMPARE(qs(stored.name()), QStringLiteral("web1"));
    QCOMPARE(stored.vcpus(), 2u);
    QCOMPARE(stored.memory_mib(), 512u);
    QCOMPARE(stored.priority(), 5u);
    QCOMPARE(stored.cpu_shares(), 2048u);
    QCOMPARE(qs(stored.anti_affinity_group()), QStringLiteral("web"));
    QCOMPARE(stored.not_in_rack_of_groups_size(), 2);
    QCOMPARE(qs(stored.not_in_rack_of_groups(1)), QStringLiteral("cache"));
    QCOMPARE(qs(stored.affinity_group()), QStringLiteral("front"));
    QCOMPARE(stored.affinity_scope(), proto::AFFINITY_SCOPE_RACK);
    QVERIFY(stored.affinity_required());
    QCOMPARE(qs(stored.accelerator()), QStringLiteral("tcg"));
    QCOMPARE(qs(stored.boot()), QStringLiteral("network"));

    // The name is taken now: a second dialog says so before asking the engine.
    PartitionEditorDialog again(m_client.get(), m_store.get());
    QTRY_VERIFY_WITH_TIMEOUT(m_store->findPartition(QStringLiteral("web1"), QStringLiteral("default")), kWaitMs);
    QTest::keyClicks(again.findChild<QLineEdit *>(QStringLiteral("nameEdit")), QStringLiteral("web1"));
    QVERIFY(again.fieldProblem(QStringLiteral("name")).contains(QLatin1String("already exists")));
    QVERIFY(!okButton(&again)->isEnabled());
}

void TestEditors::editSendsOnlyChangedFields()
{
    proto::PartitionSpec spec;
    spec.set_name("app1");
    spec.set_domain("default");
    spec.set_vcpus(2);
    spec.set_memory_mib(256);
    spec.set_priority(3);
    spec.set_qos_class("silver");
    spec.set_cpu_shares(512);
    const proto::Partition created = createDirect(spec);
    QVERIFY(!created.spec().uuid().empty());
    const QString uuid = qs(created.spec().uuid());

    PartitionEditorDialog dialog(m_client.get(), m_store.get(), uuid);
    dialog.show();
    QVERIFY(dialog.isEditing());
    QVERIFY(!dialog.stopOnlyFieldsLocked());
    // Nothing changed yet: nothing to save.
    QVERIFY(dialog.changedFields().isEmpty());
    QVERIFY(!okButton(&dialog)->isEnabled());
    // Name and domain are its identity.
    QVERIFY(dialog.findChild<QLineEdit *>(QStringLiteral("nameEdit"))->isReadOnly());
    QVERIFY(!dialog.findChild<QComboBox *>(QStringLiteral("domainCombo"))->isEnabled());

    typeInto(dialog.findChild<QSpinBox *>(QStringLiteral("prioritySpin")), QStringLiteral("7"));
    QTest::keyClicks(dialog.findChild<QLineEdit *>(QStringLiteral("antiAffinityGroupEdit")), QStringLiteral("apps"));
    typeInto(dialog.findChild<QSpinBox *>(QStringLiteral("memorySpin")), QStringLiteral("384"));
    QCOMPARE(dialog.changedFields(),
             (QStringList{QStringLiteral("memory_mib"), QStringLiteral("priority"), QStringLiteral("anti_affinity_group")}));
    const proto::UpdatePartition request = dialog.updateRequest();
    QCOMPARE(request.fields_size(), 3);

    // Meanwhile another admin changes the QoS class; this dialog does not
    // send it, so the other change survives.
    proto::OpsRequest other;
    other.mutable_update_partition()->mutable_partition()->set_uuid(uuid.toStdString());
    other.mutable_update_partition()->mutable_spec()->set_qos_class("gold");
    other.mutable_update_partition()->add_fields("qos_class");
    const proto::OpsReply otherReply = call(std::move(other));
    QVERIFY2(otherReply.error().code() == proto::ERROR_NONE, otherReply.error().message().c_str());

    QVERIFY(okButton(&dialog)->isEnabled());
    QTest::mouseClick(okButton(&dialog), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(dialog.result(), int(QDialog::Accepted), kWaitMs);

    const proto::PartitionSpec stored = readBack(QStringLiteral("app1"));
    QCOMPARE(stored.priority(), 7u);
    QCOMPARE(qs(stored.anti_affinity_group()), QStringLiteral("apps"));
    QCOMPARE(stored.memory_mib(), 384u);
    QCOMPARE(qs(stored.qos_class()), QStringLiteral("gold"));
    QCOMPARE(stored.vcpus(), 2u);
    QCOMPARE(stored.cpu_shares(), 512u);
}

void TestEditors::badNamesAreRefused_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("reason");
    QTest::newRow("space") << QStringLiteral("web 1") << QStringLiteral("not allowed");
    QTest::newRow("slash") << QStringLiteral("a/b") << QStringLiteral("not allowed");
    QTest::newRow("emoji") << QStringLiteral("web\U0001F600") << QStringLiteral("not allowed");
    QTest::newRow("quote") << QStringLiteral("we'b") << QStringLiteral("not allowed");
    QTest::newRow("300 characters") << QString(300, QLatin1Char('a')) << QStringLiteral("at most 63");
}

void TestEditors::badNamesAreRefused()
{
    QFETCH(QString, name);
    QFETCH(QString, reason);
    const int partitionsBefore = partitionCount();
    const int refusedBefore = refusedCreates();

    PartitionEditorDialog dialog(m_client.get(), m_store.get());
    dialog.show();
    auto *edit = dialog.findChild<QLineEdit *>(QStringLiteral("nameEdit"));
    edit->insert(name); // as a paste: one edit, whatever the characters
    QVERIFY2(dialog.fieldProblem(QStringLiteral("name")).contains(reason), qPrintable(dialog.fieldProblem(QStringLiteral("name"))));
    auto *label = dialog.findChild<ProblemLabel *>(QStringLiteral("nameProblem"));
    QVERIFY(label && label->isVisible());
    QCOMPARE(label->problem(), dialog.fieldProblem(QStringLiteral("name")));
    QVERIFY(!okButton(&dialog)->isEnabled());
    // Neither Enter nor a click on the disabled button gets past the rule.
    QTest::keyClick(edit, Qt::Key_Return);
    QTest::mouseClick(okButton(&dialog), Qt::LeftButton);
    dialog.accept();
    QVERIFY(dialog.isVisible());

    QCOMPARE(partitionCount(), partitionsBefore);
    QCOMPARE(refusedCreates(), refusedBefore);
}

void TestEditors::badNumbersAreRefused_data()
{
    QTest::addColumn<QString>("spin");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("reason");
    QTest::newRow("0 vCPUs") << "vcpusSpin" << "vcpus" << "0" << "give between 1 and 512";
    QTest::newRow("513 vCPUs") << "vcpusSpin" << "vcpus" << "513" << "give between 1 and 512";
    QTest::newRow("negative vCPUs") << "vcpusSpin" << "vcpus" << "-2" << "cannot be negative";
    QTest::newRow("huge memory") << "memorySpin" << "memory_mib" << "99999999" << "give between 16 MiB and 16777216 MiB";
    QTest::newRow("tiny memory") << "memorySpin" << "memory_mib" << "8" << "give between 16 MiB";
    QTest::newRow("negative memory") << "memorySpin" << "memory_mib" << "-512" << "cannot be negative";
    QTest::newRow("1 CPU share") << "cpuSharesSpin" << "cpu_shares" << "1" << "give between 2 and 262144";
    QTest::newRow("huge CPU shares") << "cpuSharesSpin" << "cpu_shares" << "999999" << "give between 2 and 262144";
    QTest::newRow("negative bandwidth") << "bandwidthSpin" << "bandwidth_mbps" << "-100" << "cannot be negative";
    QTest::newRow("negative priority") << "prioritySpin" << "priority" << "-1" << "cannot be negative";
}

void TestEditors::badNumbersAreRefused()
{
    QFETCH(QString, spin);
    QFETCH(QString, field);
    QFETCH(QString, typed);
    QFETCH(QString, reason);
    const int partitionsBefore = partitionCount();
    const int refusedBefore = refusedCreates();

    PartitionEditorDialog dialog(m_client.get(), m_store.get());
    dialog.show();
    QTest::keyClicks(dialog.findChild<QLineEdit *>(QStringLiteral("nameEdit")), QStringLiteral("numbers1"));
    QVERIFY(okButton(&dialog)->isEnabled());
    auto *box = dialog.findChild<QSpinBox *>(spin);
    QVERIFY(box);
    typeInto(box, typed);
    QCOMPARE(box->value(), typed.toInt());
    QVERIFY2(dialog.fieldProblem(field).contains(reason), qPrintable(dialog.fieldProblem(field)));
    // Shown under the field (its tab may not be the current one).
    QVERIFY(!dialog.findChild<ProblemLabel *>(field + QStringLiteral("Problem"))->isHidden());
    QVERIFY(!okButton(&dialog)->isEnabled());
    // The tab holding the field carries a warning icon.
    auto *tabs = dialog.findChild<QTabWidget *>(QStringLiteral("editorTabs"));
    QVERIFY(!tabs->tabIcon(2).isNull() || !tabs->tabIcon(1).isNull());
    QVERIFY(tabs->tabIcon(0).isNull());
    QTest::keyClick(box, Qt::Key_Return);
    dialog.accept();
    QVERIFY(dialog.isVisible());

    QCOMPARE(partitionCount(), partitionsBefore);
    QCOMPARE(refusedCreates(), refusedBefore);
    QVERIFY(!m_store->findPartition(QStringLiteral("numbers1"), QStringLiteral("default")));
}

void TestEditors::runningPartitionLocksStopOnlyFields()
{
    proto::PartitionSpec spec;
    spec.set_name("run1");
    spec.set_domain("default");
    spec.set_vcpus(1);
    spec.set_memory_mib(128);
    const proto::Partition created = createDirect(spec);
    const QString uuid = qs(created.spec().uuid());
    QVERIFY(!uuid.isEmpty());

    PartitionEditorDialog dialog(m_client.get(), m_store.get(), uuid);
    dialog.show();
    auto *vcpus = dialog.findChild<QSpinBox *>(QStringLiteral("vcpusSpin"));
    auto *memory = dialog.findChild<QSpinBox *>(QStringLiteral("memorySpin"));
    auto *bandwidth = dialog.findChild<QSpinBox *>(QStringLiteral("bandwidthSpin"));
    auto *boot = dialog.findChild<QComboBox *>(QStringLiteral("bootCombo"));
    auto *accelerator = dialog.findChild<QComboBox *>(QStringLiteral("acceleratorCombo"));
    auto *note = dialog.findChild<QLabel *>(QStringLiteral("runningNote"));
    QVERIFY(!dialog.stopOnlyFieldsLocked());
    QVERIFY(!vcpus->isReadOnly());
    QVERIFY(!note->isVisible());

    // The partition starts while the dialog is open: the dialog follows.
    std::optional<proto::OpsReply> started;
    m_client->startPartition(uuid, this, [&started](const proto::OpsReply &reply) { started = reply; });
    QTRY_VERIFY_WITH_TIMEOUT(started.has_value(), kWaitMs);
    QVERIFY2(started->error().code() == proto::ERROR_NONE, started->error().message().c_str());
    QTRY_VERIFY_WITH_TIMEOUT(dialog.stopOnlyFieldsLocked(), kWaitMs);

    QVERIFY(vcpus->isReadOnly());
    QVERIFY(memory->isReadOnly());
    QVERIFY(bandwidth->isReadOnly());
    QVERIFY(!boot->isEnabled());
    QVERIFY(!accelerator->isEnabled());
    QVERIFY(note->isVisible());
    QVERIFY2(note->text().contains(QLatin1String("only while it is stopped")), qPrintable(note->text()));
    // Typing into a read-only field changes nothing.
    typeInto(vcpus, QStringLiteral("4"));
    QCOMPARE(vcpus->value(), 1);
    QVERIFY(dialog.changedFields().isEmpty());

    // What may change while it runs still can.
    dialog.findChild<QTabWidget *>(QStringLiteral("editorTabs"))->setCurrentIndex(2);
    typeInto(dialog.findChild<QSpinBox *>(QStringLiteral("cpuSharesSpin")), QStringLiteral("1"));
    QVERIFY(!okButton(&dialog)->isEnabled());
    vcpus->findChild<QLineEdit *>()->deselect();
    saveScreenshot(&dialog, QStringLiteral("console-partition-editor.png"));
    typeInto(dialog.findChild<QSpinBox *>(QStringLiteral("cpuSharesSpin")), QStringLiteral("4096"));
    QCOMPARE(dialog.changedFields(), QStringList{QStringLiteral("cpu_shares")});
    QTest::mouseClick(okButton(&dialog), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(dialog.result(), int(QDialog::Accepted), kWaitMs);
    const proto::PartitionSpec stored = readBack(QStringLiteral("run1"));
    QCOMPARE(stored.cpu_shares(), 4096u);
    QCOMPARE(stored.vcpus(), 1u);

    std::optional<proto::OpsReply> stopped;
    m_client->stopPartition(uuid, this, [&stopped](const proto::OpsReply &reply) { stopped = reply; });
    QTRY_VERIFY_WITH_TIMEOUT(stopped.has_value(), kWaitMs);
    QVERIFY2(stopped->error().code() == proto::ERROR_NONE, stopped->error().message().c_str());
}

void TestEditors::failedStartListsEveryHost()
{
    // More vCPUs than either host has free.
    proto::PartitionSpec spec;
    spec.set_name("huge1");
    spec.set_domain("default");
    spec.set_vcpus(64);
    spec.set_memory_mib(256);
    const proto::Partition created = createDirect(spec);
    QVERIFY(!created.spec().uuid().empty());
    std::optional<proto::OpsReply> answer;
    m_client->startPartition(qs(created.spec().uuid()), this, [&answer](const proto::OpsReply &reply) { answer = reply; });
    QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), kWaitMs);
    QCOMPARE(answer->error().code(), proto::ERROR_INSUFFICIENT_RESOURCES);
    QVERIFY(PlacementReasonsDialog::hasReasons(*answer));

    QWidget parent;
    PlacementReasonsDialog *dialog =
        PlacementReasonsDialog::showFailure(&parent, QStringLiteral("Partition huge1 could not be started."), *answer);
    QVERIFY(dialog->isVisible());
    QAbstractItemModelTester tester(dialog->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester proxyTester(dialog->view()->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(dialog->findChild<QLabel *>(QStringLiteral("engineSentence"))->text(), qs(answer->error().message()));
    QCOMPARE(dialog->findChild<QLabel *>(QStringLiteral("failureTitle"))->text(),
             QStringLiteral("Partition huge1 could not be started."));

    // Every host, each with its reason (without the host name in front).
    QAbstractItemModel *shown = dialog->view()->model();
    QCOMPARE(shown->rowCount(), 2);
    QStringList hosts;
    for (int row = 0; row < shown->rowCount(); ++row) {
        hosts << shown->index(row, int(PlacementRejectionModel::Column::Host)).data().toString();
        const QString reason = shown->index(row, int(PlacementRejectionModel::Column::Reason)).data().toString();
        QVERIFY2(reason.contains(QLatin1String("64")), qPrintable(reason));
        QVERIFY2(!reason.startsWith(hosts.last() + QLatin1Char(':')), qPrintable(reason));
    }
    QCOMPARE(hosts, (QStringList{QStringLiteral("h1"), QStringLiteral("h2")}));
    // Sortable: a click on the host header turns the order around.
    dialog->view()->sortByColumn(int(PlacementRejectionModel::Column::Host), Qt::DescendingOrder);
    QCOMPARE(shown->index(0, 0).data().toString(), QStringLiteral("h2"));
    QVERIFY2(dialog->reasonsText().startsWith(QLatin1String("h2: ")), qPrintable(dialog->reasonsText()));
    dialog->view()->sortByColumn(int(PlacementRejectionModel::Column::Host), Qt::AscendingOrder);
    saveScreenshot(dialog, QStringLiteral("console-placement-reasons.png"));
    dialog->close();
}

void TestEditors::hostEditorReachesEngine()
{
    proto::OpsRequest zone;
    zone.mutable_create_zone()->mutable_zone()->set_name("rack-row-a");
    zone.mutable_create_zone()->mutable_zone()->mutable_location()->set_site("dc1");
    QCOMPARE(call(std::move(zone)).error().code(), proto::ERROR_NONE);
    QTRY_VERIFY_WITH_TIMEOUT(m_store->zone(QStringLiteral("rack-row-a")), kWaitMs);

    HostEditorDialog dialog(m_client.get(), m_store.get(), QStringLiteral("h1"));
    QAbstractItemModelTester tester(dialog.linkModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    dialog.show();
    // What the host reports is shown, read-only.
    QVERIFY2(dialog.findChild<QLabel *>(QStringLiteral("coresLabel"))->text().contains(QLatin1String("of 16")),
             qPrintable(dialog.findChild<QLabel *>(QStringLiteral("coresLabel"))->text()));
    QVERIFY(!dialog.findChild<QLabel *>(QStringLiteral("stateLabel"))->text().isEmpty());
    QVERIFY(!okButton(&dialog)->isEnabled());

    auto *zoneCombo = dialog.findChild<QComboBox *>(QStringLiteral("zoneCombo"));
    zoneCombo->setCurrentIndex(zoneCombo->findData(QStringLiteral("rack-row-a")));
    QTest::keyClicks(dialog.findChild<QComboBox *>(QStringLiteral("roomCombo"))->lineEdit(), QStringLiteral("r2"));
    QTest::keyClicks(dialog.findChild<QComboBox *>(QStringLiteral("rackCombo"))->lineEdit(), QStringLiteral("r7"));
    QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("addLinkButton")), Qt::LeftButton);
    QTest::mouseClick(dialog.findChild<QPushButton *>(QStringLiteral("addLinkButton")), Qt::LeftButton);
    NetworkLinkTableModel *links = dialog.linkModel();
    QCOMPARE(links->rowCount(), 2);
    QVERIFY(links->setData(links->index(0, int(NetworkLinkTableModel::Column::Capacity)), 10000));
    QVERIFY(links->setData(links->index(1, int(NetworkLinkTableModel::Column::Name)), QStringLiteral("mgmt0")));
    QVERIFY2(dialog.problem().isEmpty(), qPrintable(dialog.problem()));
    QVERIFY(okButton(&dialog)->isEnabled());
    const proto::UpdateHost request = dialog.updateRequest();
    QVERIFY(request.has_zone() && request.has_location() && request.set_links());
    QTest::mouseClick(okButton(&dialog), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(dialog.result(), int(QDialog::Accepted), kWaitMs);

    proto::OpsRequest list;
    list.mutable_list_hosts();
    const proto::OpsReply reply = call(std::move(list));
    const proto::Host *h1 = nullptr;
    for (const auto &h : reply.hosts().hosts())
        if (h.name() == "h1")
            h1 = &h;
    QVERIFY(h1);
    QCOMPARE(qs(h1->zone()), QStringLiteral("rack-row-a"));
    QCOMPARE(qs(h1->location().room()), QStringLiteral("r2"));
    QCOMPARE(qs(h1->location().rack()), QStringLiteral("r7"));
    QCOMPARE(h1->links_size(), 2);
    QCOMPARE(qs(h1->links(0).name()), QStringLiteral("eth0"));
    QCOMPARE(h1->links(0).capacity_mbps(), 10000u);
    QCOMPARE(qs(h1->links(1).name()), QStringLiteral("mgmt0"));
    QCOMPARE(h1->links(1).capacity_mbps(), 1000u);

    // Opened again, it shows what is stored (and is what the docs show).
    QTRY_VERIFY_WITH_TIMEOUT(m_store->host(QStringLiteral("h1"))->links_size() == 2, kWaitMs);
    HostEditorDialog shown(m_client.get(), m_store.get(), QStringLiteral("h1"));
    shown.show();
    QCOMPARE(shown.linkModel()->rowCount(), 2);
    QVERIFY(!shown.hasChanges());
    saveScreenshot(&shown, QStringLiteral("console-host-editor.png"));
}

void TestEditors::hostEditorRefusesBadInput()
{
    HostEditorDialog dialog(m_client.get(), m_store.get(), QStringLiteral("h2"));
    QAbstractItemModelTester tester(dialog.linkModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    dialog.show();
    auto *site = dialog.findChild<QComboBox *>(QStringLiteral("siteCombo"));
    QTest::keyClicks(site->lineEdit(), QStringLiteral("a/b"));
    QVERIFY(dialog.findChild<ProblemLabel *>(QStringLiteral("siteProblem"))->isVisible());
    QVERIFY(dialog.problem().contains(QLatin1String("site name")));
    QVERIFY(!okButton(&dialog)->isEnabled());
    site->lineEdit()->clear();
    QVERIFY(!dialog.findChild<ProblemLabel *>(QStringLiteral("siteProblem"))->isVisible());

    NetworkLinkTableModel *links = dialog.linkModel();
    links->addLink();
    const QModelIndex capacity = links->index(0, int(NetworkLinkTableModel::Column::Capacity));
    for (const int bad : {0, -5, 20000000}) {
        QVERIFY(links->setData(capacity, bad));
        QVERIFY2(dialog.problem().contains(QLatin1String("give between 1 and 10000000 Mbps")), qPrintable(dialog.problem()));
        QVERIFY(dialog.findChild<ProblemLabel *>(QStringLiteral("linksProblem"))->isVisible());
        QVERIFY(!okButton(&dialog)->isEnabled());
        QVERIFY(!links->index(0, 0).data(Qt::DecorationRole).isNull());
    }
    QVERIFY(links->setData(capacity, 1000));
    QVERIFY(dialog.problem().isEmpty());
    links->addLink();
    QVERIFY(links->setData(links->index(1, 0), QStringLiteral("eth0")));
    QVERIFY2(dialog.problem().contains(QLatin1String("given twice")), qPrintable(dialog.problem()));
    QVERIFY(links->setData(links->index(1, 0), QStringLiteral("eth 1")));
    QVERIFY2(dialog.problem().contains(QLatin1String("not allowed")), qPrintable(dialog.problem()));
    QVERIFY(!okButton(&dialog)->isEnabled());
    dialog.accept();
    QVERIFY(dialog.isVisible());
    // Nothing reached the engine: h2 still has no links.
    proto::OpsRequest list;
    list.mutable_list_hosts();
    const proto::OpsReply reply = call(std::move(list));
    for (const auto &h : reply.hosts().hosts())
        if (h.name() == "h2")
            QCOMPARE(h.links_size(), 0);

    // An engine refusal is shown in the dialog and the input stays: h2 cannot
    // join a zone that was deleted after the dialog opened.
    links->removeLink(1);
    proto::OpsRequest zone;
    zone.mutable_create_zone()->mutable_zone()->set_name("short-lived");
    QCOMPARE(call(std::move(zone)).error().code(), proto::ERROR_NONE);
    QTRY_VERIFY_WITH_TIMEOUT(m_store->zone(QStringLiteral("short-lived")), kWaitMs);
    HostEditorDialog late(m_client.get(), m_store.get(), QStringLiteral("h2"));
    late.show();
    auto *zoneCombo = late.findChild<QComboBox *>(QStringLiteral("zoneCombo"));
    zoneCombo->setCurrentIndex(zoneCombo->findData(QStringLiteral("short-lived")));
    proto::OpsRequest remove;
    remove.mutable_delete_zone()->set_name("short-lived");
    QCOMPARE(call(std::move(remove)).error().code(), proto::ERROR_NONE);
    QVERIFY(okButton(&late)->isEnabled());
    QTest::mouseClick(okButton(&late), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!late.engineError().isEmpty(), kWaitMs);
    QVERIFY2(late.engineError().contains(QLatin1String("short-lived")), qPrintable(late.engineError()));
    QVERIFY(late.isVisible());
    QCOMPARE(zoneCombo->currentData().toString(), QStringLiteral("short-lived"));
}

void TestEditors::modelsPassTheTester()
{
    NetworkLinkTableModel links;
    QAbstractItemModelTester linkTester(&links, QAbstractItemModelTester::FailureReportingMode::QtTest);
    links.setHostName(QStringLiteral("h9"));
    proto::NetworkLink eth0;
    eth0.set_name("eth0");
    eth0.set_capacity_mbps(10000);
    eth0.set_guaranteed_mbps(500);
    links.setLinks({eth0});
    QCOMPARE(links.rowCount(), 1);
    QCOMPARE(links.index(0, int(NetworkLinkTableModel::Column::Guaranteed)).data(Qt::EditRole).toUInt(), 500u);
    QVERIFY(!(links.flags(links.index(0, int(NetworkLinkTableModel::Column::Guaranteed))) & Qt::ItemIsEditable));
    QVERIFY(!links.setData(links.index(0, int(NetworkLinkTableModel::Column::Guaranteed)), 1));
    QCOMPARE(links.addLink(), 1);
    QCOMPARE(links.index(1, 0).data().toString(), QStringLiteral("eth1"));
    links.removeLink(0);
    links.removeLink(7); // out of range: nothing happens
    QCOMPARE(links.rowCount(), 1);
    links.setLinks({});
    QCOMPARE(links.rowCount(), 0);

    PlacementRejectionModel rejections;
    QAbstractItemModelTester rejectionTester(&rejections, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proto::OpsReply reply;
    auto *r1 = reply.add_rejections();
    r1->set_host("h3");
    r1->set_reason("h3: 512 MiB free, 2048 MiB needed");
    auto *decision = reply.mutable_plan()->add_decisions();
    *decision->add_rejections() = *r1; // the same once more in the plan
    auto *r2 = decision->add_rejections();
    r2->set_host("h4");
    r2->set_reason("not in zone z1");
    r2->set_partition("prod/web2");
    rejections.setReply(reply);
    QCOMPARE(rejections.rowCount(), 2);
    QVERIFY(rejections.hasPartitions());
    QCOMPARE(rejections.index(0, int(PlacementRejectionModel::Column::Reason)).data().toString(),
             QStringLiteral("512 MiB free, 2048 MiB needed"));
    QCOMPARE(rejections.index(1, int(PlacementRejectionModel::Column::Partition)).data().toString(),
             QStringLiteral("prod/web2"));
    rejections.setRejections({});
    QCOMPARE(rejections.rowCount(), 0);
}

QTEST_MAIN(TestEditors)
#include "tst_editors.moc"
