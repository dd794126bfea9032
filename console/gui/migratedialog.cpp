#include "migratedialog.h"

#include "migrationcheck.h"
#include "statestore.h"
#include "statestyle.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace vdc::gui {

MigrateDialog::MigrateDialog(const StateStore *store, const QString &partitionUuid, QWidget *parent)
    : QDialog(parent)
    , m_hosts(new QTreeWidget(this))
    , m_reason(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("migrateDialog"));
    const proto::Partition *partition = store->partition(partitionUuid);
    const QString name = partition ? QString::fromStdString(partition->spec().name()) : QString();
    const QString source = partition ? QString::fromStdString(partition->host()) : QString();
    setWindowTitle(tr("Migrate %1").arg(name));

    auto *intro = new QLabel(tr("Choose the host %1 should move to. It runs on %2 now; hosts that cannot take it say why.")
                                 .arg(name, source.isEmpty() ? tr("no host") : source),
                             this);
    intro->setWordWrap(true);

    m_hosts->setObjectName(QStringLiteral("migrateHosts"));
    m_hosts->setHeaderLabels({tr("Host"), tr("State"), tr("Can it take the partition?")});
    m_hosts->setRootIsDecorated(false);
    m_hosts->setAllColumnsShowFocus(true);
    QTreeWidgetItem *firstValid = nullptr;
    for (int row = 0; row < store->hostCount(); ++row) {
        const proto::Host &host = store->hostAt(row);
        const QString hostName = QString::fromStdString(host.name());
        const auto verdict = MigrationCheck::check(*store, partitionUuid, hostName);
        auto *item = new QTreeWidgetItem(m_hosts, {hostName, StateStyle::name(host.state()),
                                                   verdict.allowed ? tr("Yes") : verdict.reason});
        item->setIcon(0, StateStyle::dot(StateStyle::color(host.state())));
        item->setData(0, Qt::UserRole, verdict.allowed);
        item->setData(0, Qt::UserRole + 1, verdict.reason);
        item->setToolTip(2, verdict.reason);
        if (!verdict.allowed)
            item->setForeground(2, QColor(0xc6, 0x28, 0x28));
        if (verdict.allowed && !firstValid)
            firstValid = item;
    }
    m_hosts->sortItems(0, Qt::AscendingOrder);
    m_hosts->header()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_hosts->header()->resizeSection(0, 140);
    m_hosts->header()->resizeSection(1, 100);

    m_reason->setObjectName(QStringLiteral("migrateReason"));
    m_reason->setWordWrap(true);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Migrate"));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_hosts, 1);
    layout->addWidget(m_reason);
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_hosts, &QTreeWidget::currentItemChanged, this, &MigrateDialog::updateButtons);
    connect(m_hosts, &QTreeWidget::itemDoubleClicked, this, [this] {
        if (m_buttons->button(QDialogButtonBox::Ok)->isEnabled())
            accept();
    });
    if (firstValid)
        m_hosts->setCurrentItem(firstValid);
    updateButtons();
    resize(640, 360);
}

QString MigrateDialog::targetHost() const
{
    const QTreeWidgetItem *item = m_hosts->currentItem();
    return item && item->data(0, Qt::UserRole).toBool() ? item->text(0) : QString();
}

void MigrateDialog::updateButtons()
{
    const QTreeWidgetItem *item = m_hosts->currentItem();
    const bool ok = item && item->data(0, Qt::UserRole).toBool();
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(ok);
    m_reason->setText(item ? item->data(0, Qt::UserRole + 1).toString() : tr("Choose a host."));
}

} // namespace vdc::gui
