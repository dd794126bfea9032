#include "partitiondetailswidget.h"

#include "displayformat.h"
#include "statestore.h"
#include "statestyle.h"

#include <QFormLayout>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace vdc::gui {

namespace {
QString qs(const std::string &s) { return QString::fromStdString(s); }
} // namespace

PartitionDetailsWidget::PartitionDetailsWidget(const StateStore *store, QWidget *parent)
    : QWidget(parent)
    , m_store(store)
    , m_stack(new QStackedWidget(this))
{
    auto *heading = new QLabel(tr("Details"), this);
    QFont headingFont = heading->font();
    headingFont.setBold(true);
    headingFont.setPointSizeF(headingFont.pointSizeF() * 1.1);
    heading->setFont(headingFont);

    auto *empty = new QLabel(tr("Select a partition to see its details."), m_stack);
    empty->setObjectName(QStringLiteral("detailsPlaceholder"));
    empty->setAlignment(Qt::AlignCenter);
    empty->setWordWrap(true);
    empty->setForegroundRole(QPalette::PlaceholderText);

    auto *page = new QFrame(m_stack);
    page->setFrameShape(QFrame::StyledPanel);
    page->setBackgroundRole(QPalette::Base);
    page->setAutoFillBackground(true);

    m_title = new QLabel(page);
    m_title->setObjectName(QStringLiteral("detailsTitle"));
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.35);
    m_title->setFont(titleFont);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_stateIcon = new QLabel(page);
    m_state = new QLabel(page);
    m_state->setObjectName(QStringLiteral("detailsState"));

    auto *titleRow = new QHBoxLayout;
    titleRow->addWidget(m_title);
    titleRow->addStretch();
    titleRow->addWidget(m_stateIcon);
    titleRow->addWidget(m_state);

    auto *form = new QFormLayout;
    form->setLabelAlignment(Qt::AlignRight);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_uuidLabel = addField(form, tr("UUID:"), QStringLiteral("detailsUuid"));
    m_domain = addField(form, tr("Domain:"), QStringLiteral("detailsDomain"));
    m_zone = addField(form, tr("Zone:"), QStringLiteral("detailsZone"));
    m_host = addField(form, tr("Host:"), QStringLiteral("detailsHost"));
    m_vcpus = addField(form, tr("vCPUs:"), QStringLiteral("detailsVcpus"));
    m_memory = addField(form, tr("Memory:"), QStringLiteral("detailsMemory"));
    m_cores = addField(form, tr("Pinned cores:"), QStringLiteral("detailsCores"));
    m_granules = addField(form, tr("Memory granules:"), QStringLiteral("detailsGranules"));
    m_boot = addField(form, tr("Boot:"), QStringLiteral("detailsBoot"));
    m_priority = addField(form, tr("Priority:"), QStringLiteral("detailsPriority"));
    m_lastError = addField(form, tr("Last error:"), QStringLiteral("detailsLastError"));
    m_lastError->setWordWrap(true);

    auto *pageLayout = new QVBoxLayout(page);
    pageLayout->addLayout(titleRow);
    auto *line = new QFrame(page);
    line->setFrameShape(QFrame::HLine);
    line->setFrameShadow(QFrame::Sunken);
    pageLayout->addWidget(line);
    pageLayout->addLayout(form);
    pageLayout->addStretch();

    m_stack->addWidget(empty);
    m_stack->addWidget(page);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(heading);
    layout->addWidget(m_stack, 1);

    connect(store, &StateStore::stateChanged, this, &PartitionDetailsWidget::refresh);
    refresh();
}

QLabel *PartitionDetailsWidget::addField(QFormLayout *form, const QString &label, const QString &objectName)
{
    auto *field = new QLabel(this);
    field->setObjectName(objectName);
    field->setTextInteractionFlags(Qt::TextSelectableByMouse);
    field->setTextFormat(Qt::PlainText);
    form->addRow(label, field);
    return field;
}

void PartitionDetailsWidget::setPartition(const QString &uuid)
{
    m_uuid = uuid;
    refresh();
}

void PartitionDetailsWidget::refresh()
{
    const proto::Partition *partition = m_uuid.isEmpty() ? nullptr : m_store->partition(m_uuid);
    if (!partition) {
        m_stack->setCurrentIndex(0);
        return;
    }
    m_stack->setCurrentIndex(1);
    const proto::PartitionSpec &spec = partition->spec();
    const QColor color = StateStyle::color(partition->state());
    const QString none = tr("none");

    m_title->setText(qs(spec.name()));
    m_stateIcon->setPixmap(StateStyle::dot(color).pixmap(16, 16));
    m_state->setText(StateStyle::name(partition->state()));
    QPalette palette = m_state->palette();
    palette.setColor(QPalette::WindowText, color);
    m_state->setPalette(palette);

    m_uuidLabel->setText(qs(spec.uuid()));
    m_domain->setText(qs(spec.domain()));
    m_zone->setText(spec.zone().empty() ? tr("any zone") : qs(spec.zone()));
    if (partition->host().empty())
        m_host->setText(tr("not placed"));
    else if (partition->state() == proto::PARTITION_STATE_STOPPED || partition->state() == proto::PARTITION_STATE_FAILED)
        m_host->setText(tr("%1 (last ran there)").arg(qs(partition->host())));
    else
        m_host->setText(qs(partition->host()));
    m_vcpus->setText(QString::number(spec.vcpus()));
    m_memory->setText(DisplayFormat::memory(spec.memory_mib()));
    const auto &assignment = partition->assignment();
    m_cores->setText(assignment.cores().empty() ? none : DisplayFormat::coreList(assignment.cores()));
    m_granules->setText(assignment.memory_granules().empty()
                            ? none
                            : tr("%1 \u00d7 %2", "granule count \u00d7 granule size")
                                  .arg(assignment.memory_granules_size())
                                  .arg(DisplayFormat::memory(assignment.memory_mib()
                                                             / std::uint64_t(assignment.memory_granules_size()))));
    m_boot->setText(spec.boot().empty() ? tr("engine default") : qs(spec.boot()));
    m_priority->setText(QString::number(spec.priority()));
    m_lastError->setText(partition->last_error().empty() ? none : qs(partition->last_error()));
}

} // namespace vdc::gui
