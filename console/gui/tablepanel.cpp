#include "tablepanel.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QTreeView>
#include <QVBoxLayout>

namespace vdc::gui {

TablePanel::TablePanel(const QString &title, const QString &filterPlaceholder, const QString &emptyText,
                       QAbstractItemModel *model, int sortRole, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_proxy(new QSortFilterProxyModel(this))
    , m_title(new QLabel(title, this))
    , m_count(new QLabel(this))
    , m_filter(new QLineEdit(this))
    , m_view(new QTreeView(this))
    , m_empty(new QLabel(m_view->viewport()))
    , m_emptyText(emptyText)
{
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.1);
    m_title->setFont(titleFont);
    m_count->setForegroundRole(QPalette::PlaceholderText);

    m_filter->setPlaceholderText(filterPlaceholder);
    m_filter->setClearButtonEnabled(true);
    m_filter->setMaximumWidth(260);

    m_proxy->setSourceModel(model);
    m_proxy->setSortRole(sortRole);
    m_proxy->setSortCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterKeyColumn(-1); // any column may match
    m_proxy->setDynamicSortFilter(true);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);

    m_view->setModel(m_proxy);
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(0, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setAllColumnsShowFocus(true);
    m_view->header()->setStretchLastSection(true);
    m_view->header()->setSectionsMovable(true);

    m_empty->setObjectName(QStringLiteral("emptyTableText"));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setForegroundRole(QPalette::PlaceholderText);
    m_empty->setAttribute(Qt::WA_TransparentForMouseEvents);
    m_view->viewport()->installEventFilter(this);
    connect(m_filter, &QLineEdit::textChanged, this, &TablePanel::updateCount);

    auto *header = new QHBoxLayout;
    header->setContentsMargins(2, 0, 0, 0);
    header->addWidget(m_title);
    header->addWidget(m_count);
    header->addStretch();
    header->addWidget(m_filter);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addLayout(header);
    layout->addWidget(m_view, 1);

    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &TablePanel::updateCount);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &TablePanel::updateCount);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &TablePanel::updateCount);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &TablePanel::updateCount);
    updateCount();
}

void TablePanel::updateCount()
{
    const int shown = m_proxy->rowCount();
    const int total = m_model->rowCount();
    if (shown == total)
        m_count->setText(tr("(%1)").arg(total));
    else
        m_count->setText(tr("(%1 of %2 shown)").arg(shown).arg(total));
    m_empty->setText(total == 0 ? m_emptyText : tr("Nothing matches the filter \"%1\".").arg(m_filter->text()));
    m_empty->setVisible(shown == 0);
}

bool TablePanel::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view->viewport() && event->type() == QEvent::Resize)
        m_empty->setGeometry(m_view->viewport()->rect().adjusted(16, 16, -16, -16));
    return QWidget::eventFilter(watched, event);
}

} // namespace vdc::gui
