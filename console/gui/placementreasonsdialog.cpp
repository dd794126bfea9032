#include "placementreasonsdialog.h"

#include "placementrejectionmodel.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QStyle>
#include <QTreeView>
#include <QVBoxLayout>

namespace vdc::gui {

PlacementReasonsDialog::PlacementReasonsDialog(const QString &what, const proto::OpsReply &reply, QWidget *parent)
    : QDialog(parent)
    , m_model(new PlacementRejectionModel(this))
    , m_sorted(new QSortFilterProxyModel(this))
    , m_view(new QTreeView(this))
{
    setObjectName(QStringLiteral("placementReasonsDialog"));
    setWindowTitle(tr("Placement Failed"));

    auto *icon = new QLabel(this);
    const int iconSize = style()->pixelMetric(QStyle::PM_MessageBoxIconSize);
    icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(iconSize, iconSize));
    icon->setAlignment(Qt::AlignTop);

    auto *title = new QLabel(what, this);
    title->setObjectName(QStringLiteral("failureTitle"));
    title->setTextFormat(Qt::PlainText);
    title->setWordWrap(true);
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);

    auto *sentence = new QLabel(QString::fromStdString(reply.error().message()), this);
    sentence->setObjectName(QStringLiteral("engineSentence"));
    sentence->setTextFormat(Qt::PlainText);
    sentence->setWordWrap(true);
    sentence->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *headline = new QVBoxLayout;
    headline->addWidget(title);
    headline->addWidget(sentence);
    auto *top = new QHBoxLayout;
    top->addWidget(icon);
    top->addLayout(headline, 1);

    m_model->setReply(reply);
    m_sorted->setSourceModel(m_model);
    m_sorted->setSortCaseSensitivity(Qt::CaseInsensitive);
    // Hosts sort as people count: h2 before h10.
    m_sorted->setSortLocaleAware(true);
    m_view->setObjectName(QStringLiteral("reasonsView"));
    m_view->setModel(m_sorted);
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setSortingEnabled(true);
    m_view->setWordWrap(true);
    m_view->sortByColumn(int(PlacementRejectionModel::Column::Host), Qt::AscendingOrder);
    m_view->setColumnHidden(int(PlacementRejectionModel::Column::Partition), !m_model->hasPartitions());
    m_view->header()->setStretchLastSection(false);
    m_view->header()->setSectionResizeMode(int(PlacementRejectionModel::Column::Host), QHeaderView::ResizeToContents);
    m_view->header()->setSectionResizeMode(int(PlacementRejectionModel::Column::Reason), QHeaderView::Stretch);
    m_view->header()->setSectionResizeMode(int(PlacementRejectionModel::Column::Partition), QHeaderView::ResizeToContents);

    auto *count = new QLabel(tr("%n host(s) considered:", nullptr, m_model->rowCount()), this);
    count->setObjectName(QStringLiteral("hostCount"));
    count->setVisible(m_model->rowCount() > 0);
    m_view->setVisible(m_model->rowCount() > 0);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton *copy = buttons->addButton(tr("&Copy Reasons"), QDialogButtonBox::ActionRole);
    copy->setObjectName(QStringLiteral("copyButton"));
    copy->setEnabled(m_model->rowCount() > 0);
    connect(copy, &QPushButton::clicked, this, [this, what, sentence] {
        QApplication::clipboard()->setText(what + QLatin1Char('\n') + sentence->text() + QLatin1Char('\n') + reasonsText());
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addSpacing(6);
    layout->addWidget(count);
    layout->addWidget(m_view, 1);
    layout->addWidget(buttons);
    resize(640, m_model->rowCount() > 0 ? 380 : 160);
}

bool PlacementReasonsDialog::hasReasons(const proto::OpsReply &reply)
{
    if (reply.rejections_size() > 0)
        return true;
    for (const auto &decision : reply.plan().decisions())
        if (decision.rejections_size() > 0)
            return true;
    return false;
}

PlacementReasonsDialog *PlacementReasonsDialog::showFailure(QWidget *parent, const QString &what,
                                                            const proto::OpsReply &reply)
{
    auto *dialog = new PlacementReasonsDialog(what, reply, parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    return dialog;
}

QString PlacementReasonsDialog::reasonsText() const
{
    QStringList lines;
    const bool withPartition = m_model->hasPartitions();
    for (int row = 0; row < m_sorted->rowCount(); ++row) {
        const QString host = m_sorted->index(row, int(PlacementRejectionModel::Column::Host)).data().toString();
        const QString reason = m_sorted->index(row, int(PlacementRejectionModel::Column::Reason)).data().toString();
        const QString partition = m_sorted->index(row, int(PlacementRejectionModel::Column::Partition)).data().toString();
        lines << (withPartition && !partition.isEmpty() ? tr("%1 (%2): %3", "host (partition): reason").arg(host, partition, reason)
                                                        : tr("%1: %2", "host: reason").arg(host, reason));
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace vdc::gui
