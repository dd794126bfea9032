// The main window on a real embedded operations engine (inproc endpoints, no
// demo hosts): creating a partition through the dialog, the dialog refusing
// a bad name, and the window going read-only when the engine goes away and
// coming back with it.
#include "partitioneditordialog.h"
#include "mainwindow.h"
#include "opsclient.h"
#include "opsservice.h"
#include "partitiontablemodel.h"
#include "problemlabel.h"
#include "statestore.h"

#include <QAction>
#include <QApplication>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

#include <optional>

using namespace vdc;
using namespace vdc::gui;

namespace {
const QString kListen = QStringLiteral("inproc://tst-mainwindow-ops");
const QString kPublish = QStringLiteral("inproc://tst-mainwindow-state");
constexpr int kWaitMs = 30000;
} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void createsPartitionThroughDialog();
    void invalidNameKeepsOkDisabled();
    void engineGoneMakesWindowReadOnly();

private:
    Result<void> startEngine();
    PartitionEditorDialog *openCreateDialog();
    QStringList partitionNamesInView() const;
    QAction *action(const char *name) const { return m_window->findChild<QAction *>(QLatin1String(name)); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ops::OpsService> m_service;
    std::unique_ptr<StateStore> m_store;
    std::unique_ptr<OpsClient> m_client;
    std::unique_ptr<MainWindow> m_window;
};

Result<void> TestMainWindow::startEngine()
{
    ops::OpsService::Options options;
    options.databasePath = m_dir->filePath(QStringLiteral("ops.sqlite"));
    options.listenEndpoint = kListen;
    options.publishEndpoint = kPublish;
    auto service = ops::OpsService::start(options);
    if (!service)
        return service.error();
    m_service = std::move(service.value());
    return {};
}

void TestMainWindow::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    const auto started = startEngine();
    QVERIFY2(started.ok(), qPrintable(started ? QString() : started.error().message()));
    m_store = std::make_unique<StateStore>();
    m_client = std::make_unique<OpsClient>(m_store.get());
    QVERIFY(m_client->connectTo(m_service->listenEndpoint()).ok());
    m_window = std::make_unique<MainWindow>(m_client.get(), m_store.get());
    m_window->show();
    QTRY_VERIFY_WITH_TIMEOUT(m_client->isConnected(), kWaitMs);
    QVERIFY(m_window->connectionStatus().startsWith(QLatin1String("Connected")));
}

void TestMainWindow::cleanup()
{
    m_window.reset();
    m_client.reset();
    m_service.reset();
    m_store.reset();
    m_dir.reset();
}

PartitionEditorDialog *TestMainWindow::openCreateDialog()
{
    QAction *create = action("createPartitionAction");
    if (!create || !create->isEnabled())
        return nullptr;
    create->trigger();
    PartitionEditorDialog *dialog = nullptr;
    const bool shown = QTest::qWaitFor([&] {
        dialog = m_window->findChild<PartitionEditorDialog *>();
        return dialog && dialog->isVisible();
    }, kWaitMs);
    return shown ? dialog : nullptr;
}

QStringList TestMainWindow::partitionNamesInView() const
{
    auto *view = m_window->findChild<QTreeView *>(QStringLiteral("partitionView"));
    QStringList names;
    if (!view)
        return names;
    for (int row = 0; row < view->model()->rowCount(); ++row)
        names << view->model()->index(row, int(PartitionTableModel::Column::Name)).data().toString();
    return names;
}

void TestMainWindow::createsPartitionThroughDialog()
{
    QVERIFY(partitionNamesInView().isEmpty());
    // An empty table says what to do about it.
    auto *partitionPanel = m_window->findChild<QWidget *>(QStringLiteral("partitionPanel"));
    auto *emptyText = partitionPanel->findChild<QLabel *>(QStringLiteral("emptyTableText"));
    QVERIFY(emptyText && emptyText->isVisible());
    QVERIFY(emptyText->text().contains(QLatin1String("Create")));

    PartitionEditorDialog *dialog = openCreateDialog();
    QVERIFY(dialog);

    auto *name = dialog->findChild<QLineEdit *>(QStringLiteral("nameEdit"));
    auto *vcpus = dialog->findChild<QSpinBox *>(QStringLiteral("vcpusSpin"));
    auto *memory = dialog->findChild<QSpinBox *>(QStringLiteral("memorySpin"));
    QVERIFY(name && vcpus && memory);
    QTest::keyClicks(name, QStringLiteral("web1"));
    vcpus->selectAll();
    QTest::keyClicks(vcpus, QStringLiteral("2"));
    memory->selectAll();
    QTest::keyClicks(memory, QStringLiteral("2048"));
    QCOMPARE(vcpus->value(), 2);
    QCOMPARE(memory->value(), 2048);

    QPushButton *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QVERIFY(ok->isEnabled());
    QTest::mouseClick(ok, Qt::LeftButton);

    // The partition appears in the table through the engine's state delta.
    QTRY_COMPARE_WITH_TIMEOUT(partitionNamesInView(), QStringList{QStringLiteral("web1")}, kWaitMs);
    QVERIFY(!emptyText->isVisible());
    const proto::Partition *created = m_store->findPartition(QStringLiteral("web1"), QStringLiteral("default"));
    QVERIFY(created);
    QCOMPARE(created->spec().vcpus(), 2u);
    QCOMPARE(created->spec().memory_mib(), 2048u);
    QCOMPARE(created->state(), proto::PARTITION_STATE_STOPPED);
    // The window selects what it created, and the details show it.
    QTRY_COMPARE_WITH_TIMEOUT(m_window->selectedPartitionUuid(), QString::fromStdString(created->spec().uuid()), kWaitMs);
    auto *title = m_window->findChild<QLabel *>(QStringLiteral("detailsTitle"));
    QVERIFY(title);
    QCOMPARE(title->text(), QStringLiteral("web1"));
    // No host is registered, so it can be deleted but not stopped.
    QVERIFY(action("deletePartitionAction")->isEnabled());
    QVERIFY(!action("stopPartitionAction")->isEnabled());
}

void TestMainWindow::invalidNameKeepsOkDisabled()
{
    PartitionEditorDialog *dialog = openCreateDialog();
    QVERIFY(dialog);
    auto *name = dialog->findChild<QLineEdit *>(QStringLiteral("nameEdit"));
    QPushButton *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    auto *problem = dialog->findChild<ProblemLabel *>(QStringLiteral("nameProblem"));
    QVERIFY(name && ok && problem);

    QTest::keyClicks(name, QStringLiteral("web 1"));
    QVERIFY(!ok->isEnabled());
    QVERIFY(problem->isVisible());
    QVERIFY2(problem->problem().contains(QLatin1String("not allowed")), qPrintable(problem->problem()));

    // Pressing Enter does not get past the rule either.
    QTest::keyClick(name, Qt::Key_Return);
    QVERIFY(dialog->isVisible());

    // Fixing the name enables OK and hides the reason.
    name->clear();
    QTest::keyClicks(name, QStringLiteral("web-1"));
    QVERIFY(ok->isEnabled());
    QVERIFY(!problem->isVisible());

    // A name taken in the domain is refused before the engine is asked.
    proto::PartitionSpec spec;
    spec.set_name("db1");
    spec.set_domain("default");
    spec.set_vcpus(1);
    spec.set_memory_mib(512);
    std::optional<proto::ErrorCode> answer;
    m_client->createPartition(spec, this, [&answer](const proto::OpsReply &reply) { answer = reply.error().code(); });
    QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), kWaitMs);
    QCOMPARE(*answer, proto::ERROR_NONE);
    QTRY_VERIFY_WITH_TIMEOUT(m_store->findPartition(QStringLiteral("db1"), QStringLiteral("default")), kWaitMs);
    name->clear();
    QTest::keyClicks(name, QStringLiteral("db1"));
    QVERIFY(!ok->isEnabled());
    QVERIFY2(problem->problem().contains(QLatin1String("already exists")), qPrintable(problem->problem()));

    dialog->reject();
    QVERIFY(partitionNamesInView() == QStringList{QStringLiteral("db1")});
}

void TestMainWindow::engineGoneMakesWindowReadOnly()
{
    // Something to keep showing while the engine is away.
    proto::PartitionSpec spec;
    spec.set_name("keeper");
    spec.set_domain("default");
    spec.set_vcpus(1);
    spec.set_memory_mib(256);
    m_client->createPartition(spec, this, [](const proto::OpsReply &) {});
    QTRY_COMPARE_WITH_TIMEOUT(partitionNamesInView(), QStringList{QStringLiteral("keeper")}, kWaitMs);
    m_window->selectPartition(QString::fromStdString(m_store->partitionAt(0).spec().uuid()));
    QVERIFY(action("createPartitionAction")->isEnabled());
    QVERIFY(action("startPartitionAction")->isEnabled());

    m_service.reset();

    QTRY_VERIFY_WITH_TIMEOUT(m_window->connectionStatus().startsWith(QLatin1String("Disconnected")), kWaitMs);
    QVERIFY(!m_client->isConnected());
    for (const char *name : {"createPartitionAction", "startPartitionAction", "stopPartitionAction",
                             "deletePartitionAction", "addHostAction"})
        QVERIFY2(!action(name)->isEnabled(), name);
    QVERIFY(action("connectAction")->isEnabled());
    // The last state stays on screen, with a banner saying why nothing can change.
    QCOMPARE(partitionNamesInView(), QStringList{QStringLiteral("keeper")});
    auto *banner = m_window->findChild<QLabel *>(QStringLiteral("offlineBanner"));
    QVERIFY(banner && banner->isVisible());

    // The engine comes back on the same endpoint and database: the console
    // reconnects by itself and the actions return.
    // Closing a socket completes in ZeroMQ's reaper thread; the endpoint may
    // be taken for a moment.
    QString lastRefusal;
    const bool restarted = QTest::qWaitFor(
        [&] {
            const auto started = startEngine();
            lastRefusal = started ? QString() : started.error().message();
            return started.ok();
        },
        kWaitMs);
    QVERIFY2(restarted, qPrintable(lastRefusal));
    QTRY_VERIFY_WITH_TIMEOUT(m_client->isConnected(), kWaitMs);
    QVERIFY(m_window->connectionStatus().startsWith(QLatin1String("Connected")));
    QVERIFY(!banner->isVisible());
    QVERIFY(action("createPartitionAction")->isEnabled());
    QCOMPARE(partitionNamesInView(), QStringList{QStringLiteral("keeper")});
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
