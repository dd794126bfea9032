#include "taskspanel.h"

#include "opsclient.h"
#include "tasklistmodel.h"

#include <QHeaderView>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QPushButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace vdc::gui {

TasksPanel::TasksPanel(OpsClient *client, StateStore *store, QWidget *parent)
    : QWidget(parent)
    , m_client(client)
    , m_model(new TaskListModel(store, this))
    , m_view(new QTreeView(this))
    , m_cancel(new QPushButton(tr("&Cancel Task"), this))
{
    setObjectName(QStringLiteral("tasksPanel"));
    m_view->setObjectName(QStringLiteral("tasksView"));
    m_view->setModel(m_model);
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->header()->resizeSection(0, 320);
    m_cancel->setObjectName(QStringLiteral("cancelTaskButton"));
    connect(m_cancel, &QPushButton::clicked, this, &TasksPanel::cancelSelected);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &TasksPanel::updateButtons);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &TasksPanel::updateButtons);
    connect(client, &OpsClient::connectionStateChanged, this, &TasksPanel::updateButtons);

    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_cancel);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_view, 1);
    layout->addLayout(buttons);
    updateButtons();
}

void TasksPanel::updateButtons()
{
    const QModelIndex current = m_view->currentIndex();
    m_cancel->setEnabled(m_client->isConnected() && current.isValid()
                         && !current.data(int(TaskListModel::Role::Finished)).toBool());
}

void TasksPanel::cancelSelected()
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid())
        return;
    if (TaskListModel::Kind(current.data(int(TaskListModel::Role::Kind)).toInt()) == TaskListModel::Kind::PolicyTransition) {
        const QString domain = current.data(int(TaskListModel::Role::Domain)).toString();
        m_client->cancelPolicyTransition(domain, this, [this, domain](const proto::OpsReply &reply) {
            if (reply.error().code() != proto::ERROR_NONE) {
                emit statusMessage(QString::fromStdString(reply.error().message()), 10000);
                return;
            }
            const auto &t = reply.policy_transition();
            emit statusMessage(tr("The calendar change of domain %1 was cancelled after %2 of %3 steps; the others were not done.")
                                   .arg(domain)
                                   .arg(t.steps_done())
                                   .arg(t.steps_size()),
                               8000);
        });
        return;
    }
    const QString uuid = current.data(int(TaskListModel::Role::PartitionUuid)).toString();
    m_client->cancelMigration(uuid, this, [this](const proto::OpsReply &reply) {
        if (reply.error().code() != proto::ERROR_NONE)
            emit statusMessage(QString::fromStdString(reply.error().message()), 10000);
        else
            emit statusMessage(tr("The migration was cancelled; the partition keeps running where it was."), 8000);
    });
}

} // namespace vdc::gui
