#include "createpartitiondialog.h"

#include "model/validation.h"
#include "problemlabel.h"
#include "statestore.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace vdc::gui {

namespace {
const QString kDefaultDomain = QStringLiteral("default");
} // namespace

CreatePartitionDialog::CreatePartitionDialog(const StateStore *store, QWidget *parent)
    : QDialog(parent)
    , m_store(store)
    , m_name(new QLineEdit(this))
    , m_domain(new QComboBox(this))
    , m_vcpus(new QSpinBox(this))
    , m_memory(new QSpinBox(this))
    , m_zone(new QComboBox(this))
    , m_problem(new ProblemLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Create Partition"));
    setObjectName(QStringLiteral("createPartitionDialog"));

    m_name->setObjectName(QStringLiteral("nameEdit"));
    m_name->setPlaceholderText(tr("for example web1"));
    m_name->setMaxLength(model::kMaxNameLength + 1); // one more, so the length rule can speak

    m_domain->setObjectName(QStringLiteral("domainCombo"));
    QStringList domains = store->domainNames();
    if (!domains.contains(kDefaultDomain))
        domains.prepend(kDefaultDomain);
    m_domain->addItems(domains);
    m_domain->setCurrentText(kDefaultDomain);

    m_vcpus->setObjectName(QStringLiteral("vcpusSpin"));
    m_vcpus->setRange(1, int(model::kMaxVcpus));
    m_vcpus->setValue(1);

    m_memory->setObjectName(QStringLiteral("memorySpin"));
    m_memory->setRange(int(model::kMinMemoryMib), int(model::kMaxMemoryMib));
    m_memory->setSingleStep(256);
    m_memory->setValue(1024);
    m_memory->setSuffix(tr(" MiB"));
    m_memory->setGroupSeparatorShown(true);

    m_zone->setObjectName(QStringLiteral("zoneCombo"));
    m_zone->addItem(tr("Any zone"), QString());
    for (const QString &zone : store->zoneNames())
        m_zone->addItem(zone, zone);

    auto *form = new QFormLayout;
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Domain:"), m_domain);
    form->addRow(tr("&vCPUs:"), m_vcpus);
    form->addRow(tr("&Memory:"), m_memory);
    form->addRow(tr("&Zone:"), m_zone);

    auto *hint = new QLabel(tr("The engine places the partition on a host with enough free cores and memory "
                               "when it is started."),
                            this);
    hint->setWordWrap(true);
    hint->setEnabled(false);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(hint);
    layout->addWidget(m_problem);
    layout->addStretch();
    layout->addWidget(m_buttons);

    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Create"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (problem().isEmpty())
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_name, &QLineEdit::textChanged, this, &CreatePartitionDialog::validate);
    connect(m_domain, &QComboBox::currentTextChanged, this, &CreatePartitionDialog::validate);
    connect(m_vcpus, &QSpinBox::valueChanged, this, &CreatePartitionDialog::validate);
    connect(m_memory, &QSpinBox::valueChanged, this, &CreatePartitionDialog::validate);
    connect(m_zone, &QComboBox::currentIndexChanged, this, &CreatePartitionDialog::validate);

    setMinimumWidth(420);
    validate();
}

proto::PartitionSpec CreatePartitionDialog::spec() const
{
    proto::PartitionSpec spec;
    spec.set_name(m_name->text().toStdString());
    spec.set_domain(m_domain->currentText().toStdString());
    spec.set_zone(m_zone->currentData().toString().toStdString());
    spec.set_vcpus(std::uint32_t(m_vcpus->value()));
    spec.set_memory_mib(std::uint64_t(m_memory->value()));
    return spec;
}

QString CreatePartitionDialog::problem() const
{
    const QString name = m_name->text();
    // An empty form is not an error yet; it just cannot be sent.
    if (name.isEmpty())
        return tr("Give the partition a name.");
    if (auto valid = model::validateName(QStringLiteral("partition name"), name); !valid)
        return valid.error().message();
    const QString domain = m_domain->currentText();
    if (m_store->findPartition(name, domain))
        return tr("A partition named %1 already exists in domain %2.").arg(name, domain);
    if (auto valid = model::validatePartitionSpec(spec()); !valid)
        return valid.error().message();
    return {};
}

void CreatePartitionDialog::validate()
{
    const QString reason = problem();
    m_problem->setProblem(reason);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(reason.isEmpty());
}

} // namespace vdc::gui
