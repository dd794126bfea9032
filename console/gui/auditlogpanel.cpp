#include "auditlogpanel.h"

#include "auditlogmodel.h"
#include "opsclient.h"

#include <QCheckBox>
#include <QDateTimeEdit>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace vdc::gui {

AuditLogPanel::AuditLogPanel(OpsClient *client, QWidget *parent)
    : QWidget(parent)
    , m_client(client)
    , m_model(new AuditLogModel(this))
    , m_object(new QLineEdit(this))
    , m_user(new QLineEdit(this))
    , m_useSince(new QCheckBox(tr("&Since:"), this))
    , m_since(new QDateTimeEdit(QDateTime::currentDateTime().addDays(-1), this))
    , m_view(new QTreeView(this))
    , m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("auditLogPanel"));
    m_object->setObjectName(QStringLiteral("auditObjectFilter"));
    m_object->setPlaceholderText(tr("object, for example prod/web1"));
    m_object->setClearButtonEnabled(true);
    m_user->setObjectName(QStringLiteral("auditUserFilter"));
    m_user->setPlaceholderText(tr("user"));
    m_user->setClearButtonEnabled(true);
    m_since->setCalendarPopup(true);
    m_since->setEnabled(false);
    connect(m_useSince, &QCheckBox::toggled, m_since, &QWidget::setEnabled);
    auto *refreshButton = new QPushButton(tr("&Refresh"), this);
    connect(refreshButton, &QPushButton::clicked, this, &AuditLogPanel::refresh);
    connect(m_object, &QLineEdit::returnPressed, this, &AuditLogPanel::refresh);
    connect(m_user, &QLineEdit::returnPressed, this, &AuditLogPanel::refresh);

    m_view->setObjectName(QStringLiteral("auditView"));
    m_view->setModel(m_model);
    m_view->setRootIsDecorated(false);
    m_view->setAlternatingRowColors(true);
    m_view->setUniformRowHeights(true);
    m_view->header()->setStretchLastSection(true);
    const int widths[] = {140, 90, 140, 170, 70};
    for (int c = 0; c < int(std::size(widths)); ++c)
        m_view->header()->resizeSection(c, widths[c]);

    auto *filters = new QHBoxLayout;
    filters->addWidget(new QLabel(tr("Object:"), this));
    filters->addWidget(m_object, 2);
    filters->addWidget(new QLabel(tr("User:"), this));
    filters->addWidget(m_user, 1);
    filters->addWidget(m_useSince);
    filters->addWidget(m_since);
    filters->addWidget(refreshButton);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(filters);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_status);
    connect(client, &OpsClient::snapshotApplied, this, &AuditLogPanel::refresh);
}

void AuditLogPanel::setObjectFilter(const QString &object)
{
    m_object->setText(object);
}

void AuditLogPanel::setUserFilter(const QString &user)
{
    m_user->setText(user);
}

void AuditLogPanel::refresh()
{
    proto::OpsRequest request;
    auto *query = request.mutable_query_audit();
    query->set_object(m_object->text().trimmed().toStdString());
    query->set_user(m_user->text().trimmed().toStdString());
    if (m_useSince->isChecked())
        query->set_since_ms(m_since->dateTime().toMSecsSinceEpoch());
    query->set_limit(500);
    m_status->setText(tr("Asking the engine for the audit log..."));
    m_client->request(request, this, [this](const proto::OpsReply &reply) {
        if (reply.error().code() != proto::ERROR_NONE) {
            m_status->setText(tr("The audit log could not be read: %1").arg(QString::fromStdString(reply.error().message())));
            return;
        }
        const auto &events = reply.audit().events();
        m_model->setRecords(QList<proto::AuditRecord>(events.begin(), events.end()));
        m_status->setText(tr("%n event(s), newest first.", nullptr, int(events.size())));
        emit refreshed(int(events.size()));
    });
}

} // namespace vdc::gui
