#include "partitioneditordialog.h"

#include "model/validation.h"
#include "opsclient.h"
#include "problemlabel.h"
#include "statestore.h"
#include "statestyle.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QCompleter>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSet>
#include <QSpinBox>
#include <QStyle>
#include <QTabWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <limits>

namespace vdc::gui {

namespace {

const QString kDefaultDomain = QStringLiteral("default");
constexpr int kNegativeLimit = -999999; // lets a typed negative number through, so its reason can be shown
const QString kBootNetwork = QStringLiteral("network");
const QString kBootKernel = QStringLiteral("kernel:");
const QString kBootFloppy = QStringLiteral("floppy:");
const QString kBootOther = QStringLiteral("other");

enum Tab { GeneralTab, PlacementTab, PerformanceTab };

QString qs(const std::string &s) { return QString::fromStdString(s); }

bool occupiesHost(proto::PartitionState state)
{
    return state == proto::PARTITION_STATE_RUNNING || state == proto::PARTITION_STATE_STARTING
        || state == proto::PARTITION_STATE_STOPPING || state == proto::PARTITION_STATE_PAUSED;
}

QSpinBox *makeSpin(QWidget *parent, const QString &objectName, int minimum, int maximum, int step)
{
    auto *spin = new QSpinBox(parent);
    spin->setObjectName(objectName);
    spin->setRange(minimum, maximum);
    spin->setSingleStep(step);
    spin->setGroupSeparatorShown(true);
    spin->setAccelerated(true);
    return spin;
}

QComboBox *makeNameCombo(QWidget *parent, const QString &objectName, QStringList known, const QString &placeholder)
{
    auto *combo = new QComboBox(parent);
    combo->setObjectName(objectName);
    combo->setEditable(true);
    combo->setInsertPolicy(QComboBox::NoInsert);
    known.removeAll(QString());
    known.removeDuplicates();
    known.sort();
    combo->addItem(QString());
    combo->addItems(known);
    combo->lineEdit()->setPlaceholderText(placeholder);
    combo->lineEdit()->setMaxLength(model::kMaxNameLength + 1); // one more, so the length rule can speak
    return combo;
}

QStringList splitList(const QString &text)
{
    QStringList out;
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (const QString item = part.trimmed(); !item.isEmpty())
            out << item;
    return out;
}

QString problemOf(const Result<void> &result)
{
    return result ? QString() : result.error().message();
}

QString optionalName(const QString &what, const QString &name)
{
    return name.isEmpty() ? QString() : problemOf(model::validateName(what, name));
}

// Compares one field of two definitions through the descriptor, so the list
// of fields stays the one shared/model names.
bool sameField(const proto::PartitionSpec &a, const proto::PartitionSpec &b, const QString &field)
{
    const auto *fd = proto::PartitionSpec::descriptor()->FindFieldByName(field.toStdString());
    const auto *reflection = proto::PartitionSpec::GetReflection();
    if (!fd)
        return true;
    if (fd->is_repeated()) {
        const int n = reflection->FieldSize(a, fd);
        if (n != reflection->FieldSize(b, fd))
            return false;
        for (int i = 0; i < n; ++i)
            if (reflection->GetRepeatedString(a, fd, i) != reflection->GetRepeatedString(b, fd, i))
                return false;
        return true;
    }
    switch (fd->cpp_type()) {
    case google::protobuf::FieldDescriptor::CPPTYPE_STRING:
        return reflection->GetString(a, fd) == reflection->GetString(b, fd);
    case google::protobuf::FieldDescriptor::CPPTYPE_UINT32:
        return reflection->GetUInt32(a, fd) == reflection->GetUInt32(b, fd);
    case google::protobuf::FieldDescriptor::CPPTYPE_UINT64:
        return reflection->GetUInt64(a, fd) == reflection->GetUInt64(b, fd);
    case google::protobuf::FieldDescriptor::CPPTYPE_BOOL:
        return reflection->GetBool(a, fd) == reflection->GetBool(b, fd);
    case google::protobuf::FieldDescriptor::CPPTYPE_ENUM:
        return reflection->GetEnumValue(a, fd) == reflection->GetEnumValue(b, fd);
    default:
        return true;
    }
}

// The fields as the form names them, for sentences about changes.
QString fieldLabel(const QString &field)
{
    static const QHash<QString, const char *> labels = {
        {QStringLiteral("zone"), QT_TRANSLATE_NOOP("vdc::gui::PartitionEditorDialog", "zone")},
        {QStringLiteral("vcpus"), QT_TRANSLATE_NOOP("vdc::gui::PartitionEditorDialog", "vCPUs")},
        {QStringLiteral("memory_mib"), QT_TRANSLATE_NOOP("vdc::gui::PartitionEditorDialog", "memory")},
        {QStringLiteral("bandwidth_mbps"), QT_TRANSLATE_NOOP("vdc::gui::PartitionEditorDialog", "bandwidth guarantee")},
        {QStringLiteral("boot"), QT_TRANSLATE_NOOP("vdc::gui::PartitionEditorDialog", "boot source")},
        {QStringLiteral("priority"), QT_TRANSLATE_NOOP("vdc::gui::PartitionEditorDialog", "priority")},
        {QStringLiteral("qos_class"), QT_TRANSLATE_NOOP("vdc::gui::PartitionEditorDialog", "QoS class")},
        {QStringLiteral("site"), QT_TRANSLATE_NOOP("vdc::gui::PartitionEditorDialog", "site")},
        {QStringLiteral("room"), QT_TRANSLATE_NOOP("vdc::gui::PartitionEditorDialog", "room")},
        {QStringLiteral("not_in_rack_of_groups"), QT_TRANSLATE_NOOP("vdc::gui::PartitionEditorDialog", "rack exclusions")},
        {QStringLiteral("affinity_group"), QT_TRANSLATE_NOOP("vdc::gui::PartitionEditorDialog", "affinity group")},
        {QStringLiteral("affinity_scope"), QT_TRANSLATE_NOOP("vdc::gui::PartitionEditorDialog", "affinity scope")},
        {QStringLiteral("affinity_required"), QT_TRANSLATE_NOOP("vdc::gui::PartitionEditorDialog", "affinity requirement")},
        {QStringLiteral("anti_affinity_group"), QT_TRANSLATE_NOOP("vdc::gui::PartitionEditorDialog", "anti-affinity group")},
        {QStringLiteral("cpu_shares"), QT_TRANSLATE_NOOP("vdc::gui::PartitionEditorDialog", "CPU shares")},
        {QStringLiteral("accelerator"), QT_TRANSLATE_NOOP("vdc::gui::PartitionEditorDialog", "accelerator")}};
    const char *label = labels.value(field);
    return label ? QCoreApplication::translate("vdc::gui::PartitionEditorDialog", label) : field;
}

QString fieldLabels(const QStringList &fields)
{
    QStringList labels;
    for (const QString &field : fields)
        labels << fieldLabel(field);
    return labels.join(QStringLiteral(", "));
}

// The order in which problems are reported when only one can be named.
const QStringList &fieldOrder()
{
    static const QStringList order = {
        QStringLiteral("name"), QStringLiteral("domain"), QStringLiteral("zone"), QStringLiteral("boot"),
        QStringLiteral("accelerator"), QStringLiteral("priority"), QStringLiteral("qos_class"), QStringLiteral("site"),
        QStringLiteral("room"), QStringLiteral("not_in_rack_of_groups"), QStringLiteral("affinity_group"),
        QStringLiteral("anti_affinity_group"), QStringLiteral("vcpus"), QStringLiteral("memory_mib"),
        QStringLiteral("bandwidth_mbps"), QStringLiteral("cpu_shares")};
    return order;
}

} // namespace

PartitionEditorDialog::PartitionEditorDialog(OpsClient *client, const StateStore *store, QWidget *parent)
    : PartitionEditorDialog(client, store, QString(), parent)
{
}

PartitionEditorDialog::PartitionEditorDialog(OpsClient *client, const StateStore *store, const QString &uuid,
                                             QWidget *parent)
    : QDialog(parent)
    , m_client(client)
    , m_store(store)
    , m_uuid(uuid)
{
    setObjectName(QStringLiteral("partitionEditorDialog"));
    buildForm();

    if (isEditing()) {
        if (const proto::Partition *p = store->partition(uuid)) {
            m_original = p->spec();
        } else {
            m_gone = true;
            m_original.set_uuid(uuid.toStdString());
        }
        setWindowTitle(tr("Edit Partition %1").arg(qs(m_original.name())));
        m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Save"));
        load(m_original);
    } else {
        setWindowTitle(tr("Create Partition"));
        m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Create"));
        proto::PartitionSpec defaults;
        defaults.set_domain(kDefaultDomain.toStdString());
        defaults.set_vcpus(1);
        defaults.set_memory_mib(1024);
        defaults.set_boot(kBootNetwork.toStdString());
        load(defaults);
    }

    connect(store, &StateStore::stateChanged, this, &PartitionEditorDialog::onStoreChanged);
    onStoreChanged();
    validate();
}

void PartitionEditorDialog::buildForm()
{
    // The note on a running partition: an information icon and the sentence.
    auto *runningBox = new QWidget(this);
    runningBox->setObjectName(QStringLiteral("runningBox"));
    auto *runningRow = new QHBoxLayout(runningBox);
    runningRow->setContentsMargins(0, 0, 0, 4);
    auto *runningIcon = new QLabel(runningBox);
    const int iconSize = style()->pixelMetric(QStyle::PM_SmallIconSize);
    runningIcon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxInformation).pixmap(iconSize, iconSize));
    runningIcon->setAlignment(Qt::AlignTop);
    m_runningNote = new QLabel(runningBox);
    m_runningNote->setObjectName(QStringLiteral("runningNote"));
    m_runningNote->setWordWrap(true);
    runningRow->addWidget(runningIcon);
    runningRow->addWidget(m_runningNote, 1);
    runningBox->setVisible(false);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("editorTabs"));

    // Each field sits above the reason it cannot be used, if there is one.
    auto addRow = [this](QFormLayout *form, const QString &label, const QString &field, QWidget *widget, int tab) {
        auto *box = new QWidget;
        auto *column = new QVBoxLayout(box);
        column->setContentsMargins(0, 0, 0, 0);
        column->setSpacing(2);
        column->addWidget(widget);
        auto *problem = new ProblemLabel(box);
        problem->setObjectName(field + QStringLiteral("Problem"));
        column->addWidget(problem);
        form->addRow(label, box);
        m_problemLabels.insert(field, problem);
        m_fieldTab.insert(field, tab);
    };
    auto makeForm = [](QWidget *page) {
        auto *form = new QFormLayout(page);
        form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
        form->setRowWrapPolicy(QFormLayout::DontWrapRows);
        return form;
    };

    // Names the store knows, offered while typing.
    QStringList qosClasses, sites, rooms, groups;
    for (const auto &z : m_store->zones()) {
        qosClasses << qs(z.qos_class());
        sites << qs(z.location().site());
        rooms << qs(z.location().room());
    }
    for (int i = 0; i < m_store->hostCount(); ++i) {
        sites << qs(m_store->hostAt(i).location().site());
        rooms << qs(m_store->hostAt(i).location().room());
    }
    for (int i = 0; i < m_store->partitionCount(); ++i) {
        const auto &s = m_store->partitionAt(i).spec();
        qosClasses << qs(s.qos_class());
        groups << qs(s.affinity_group()) << qs(s.anti_affinity_group());
        for (const auto &g : s.not_in_rack_of_groups())
            groups << qs(g);
    }
    groups.removeAll(QString());
    groups.removeDuplicates();
    groups.sort();

    // ---- General
    auto *general = new QWidget;
    auto *generalForm = makeForm(general);
    m_name = new QLineEdit;
    m_name->setObjectName(QStringLiteral("nameEdit"));
    m_name->setPlaceholderText(tr("for example web1"));
    m_name->setMaxLength(model::kMaxNameLength + 1);
    addRow(generalForm, tr("&Name:"), QStringLiteral("name"), m_name, GeneralTab);

    m_domain = new QComboBox;
    m_domain->setObjectName(QStringLiteral("domainCombo"));
    QStringList domains = m_store->domainNames();
    if (!domains.contains(kDefaultDomain))
        domains.prepend(kDefaultDomain);
    m_domain->addItems(domains);
    addRow(generalForm, tr("&Domain:"), QStringLiteral("domain"), m_domain, GeneralTab);

    m_zone = new QComboBox;
    m_zone->setObjectName(QStringLiteral("zoneCombo"));
    addRow(generalForm, tr("&Zone:"), QStringLiteral("zone"), m_zone, GeneralTab);

    auto *boot = new QWidget;
    auto *bootRow = new QHBoxLayout(boot);
    bootRow->setContentsMargins(0, 0, 0, 0);
    m_bootKind = new QComboBox;
    m_bootKind->setObjectName(QStringLiteral("bootCombo"));
    m_bootKind->addItem(tr("Network"), kBootNetwork);
    m_bootKind->addItem(tr("Kernel image"), kBootKernel);
    m_bootKind->addItem(tr("Floppy image"), kBootFloppy);
    m_bootPath = new QLineEdit;
    m_bootPath->setObjectName(QStringLiteral("bootPathEdit"));
    m_bootPath->setPlaceholderText(tr("absolute path on the host"));
    bootRow->addWidget(m_bootKind);
    bootRow->addWidget(m_bootPath, 1);
    addRow(generalForm, tr("&Boot from:"), QStringLiteral("boot"), boot, GeneralTab);

    m_accelerator = new QComboBox;
    m_accelerator->setObjectName(QStringLiteral("acceleratorCombo"));
    m_accelerator->addItem(tr("The host's best (KVM where usable)"), QString());
    m_accelerator->addItem(tr("Software emulation (TCG)"), QStringLiteral("tcg"));
    addRow(generalForm, tr("&Accelerator:"), QStringLiteral("accelerator"), m_accelerator, GeneralTab);
    m_tabs->addTab(general, tr("&General"));

    // ---- Placement
    auto *placement = new QWidget;
    auto *placementForm = makeForm(placement);
    m_priority = makeSpin(this, QStringLiteral("prioritySpin"), kNegativeLimit, std::numeric_limits<int>::max(), 1);
    m_priority->setToolTip(tr("Partitions started together are placed in order of priority, higher first."));
    addRow(placementForm, tr("&Priority:"), QStringLiteral("priority"), m_priority, PlacementTab);

    m_qosClass = makeNameCombo(this, QStringLiteral("qosClassCombo"), qosClasses, tr("any"));
    m_qosClass->setToolTip(tr("The zone (or host) must offer this QoS class."));
    addRow(placementForm, tr("&QoS class:"), QStringLiteral("qos_class"), m_qosClass, PlacementTab);

    m_site = makeNameCombo(this, QStringLiteral("siteCombo"), sites, tr("any"));
    addRow(placementForm, tr("&Site:"), QStringLiteral("site"), m_site, PlacementTab);
    m_room = makeNameCombo(this, QStringLiteral("roomCombo"), rooms, tr("any"));
    addRow(placementForm, tr("&Room:"), QStringLiteral("room"), m_room, PlacementTab);

    auto *groupCompleter = new QCompleter(groups, this);
    m_notInRackOf = new QLineEdit;
    m_notInRackOf->setObjectName(QStringLiteral("notInRackOfEdit"));
    m_notInRackOf->setPlaceholderText(tr("groups, separated by commas"));
    m_notInRackOf->setToolTip(tr("Never placed in a rack that holds a member of these groups."));
    addRow(placementForm, tr("&Not in a rack of:"), QStringLiteral("not_in_rack_of_groups"), m_notInRackOf, PlacementTab);

    m_affinityGroup = new QLineEdit;
    m_affinityGroup->setObjectName(QStringLiteral("affinityGroupEdit"));
    m_affinityGroup->setPlaceholderText(tr("none"));
    m_affinityGroup->setCompleter(groupCompleter);
    m_affinityGroup->setMaxLength(model::kMaxNameLength + 1);
    addRow(placementForm, tr("&Affinity group:"), QStringLiteral("affinity_group"), m_affinityGroup, PlacementTab);

    auto *affinity = new QWidget;
    auto *affinityRow = new QHBoxLayout(affinity);
    affinityRow->setContentsMargins(0, 0, 0, 0);
    m_affinityScope = new QComboBox;
    m_affinityScope->setObjectName(QStringLiteral("affinityScopeCombo"));
    m_affinityScope->addItem(tr("On one host"), int(proto::AFFINITY_SCOPE_HOST));
    m_affinityScope->addItem(tr("In one rack"), int(proto::AFFINITY_SCOPE_RACK));
    m_affinityRequired = new QCheckBox(tr("Re&quired (otherwise preferred)"));
    m_affinityRequired->setObjectName(QStringLiteral("affinityRequiredCheck"));
    affinityRow->addWidget(m_affinityScope);
    affinityRow->addWidget(m_affinityRequired, 1);
    addRow(placementForm, tr("Together:"), QStringLiteral("affinity_scope"), affinity, PlacementTab);

    m_antiAffinityGroup = new QLineEdit;
    m_antiAffinityGroup->setObjectName(QStringLiteral("antiAffinityGroupEdit"));
    m_antiAffinityGroup->setPlaceholderText(tr("none"));
    m_antiAffinityGroup->setToolTip(tr("Never on a host that runs another member of this group."));
    m_antiAffinityGroup->setCompleter(groupCompleter);
    m_antiAffinityGroup->setMaxLength(model::kMaxNameLength + 1);
    addRow(placementForm, tr("A&nti-affinity group:"), QStringLiteral("anti_affinity_group"), m_antiAffinityGroup,
           PlacementTab);
    m_tabs->addTab(placement, tr("&Placement"));

    // ---- Performance
    auto *performance = new QWidget;
    auto *performanceForm = makeForm(performance);
    m_vcpus = makeSpin(this, QStringLiteral("vcpusSpin"), kNegativeLimit, -kNegativeLimit, 1);
    addRow(performanceForm, tr("&vCPUs:"), QStringLiteral("vcpus"), m_vcpus, PerformanceTab);
    m_memory = makeSpin(this, QStringLiteral("memorySpin"), kNegativeLimit, std::numeric_limits<int>::max(), 256);
    m_memory->setSuffix(tr(" MiB"));
    addRow(performanceForm, tr("&Memory:"), QStringLiteral("memory_mib"), m_memory, PerformanceTab);
    m_bandwidth = makeSpin(this, QStringLiteral("bandwidthSpin"), kNegativeLimit, std::numeric_limits<int>::max(), 100);
    m_bandwidth->setSuffix(tr(" Mbps"));
    m_bandwidth->setToolTip(tr("Bandwidth guaranteed on one of the host's network links; 0 is best effort."));
    addRow(performanceForm, tr("&Bandwidth guarantee:"), QStringLiteral("bandwidth_mbps"), m_bandwidth, PerformanceTab);
    m_cpuShares = makeSpin(this, QStringLiteral("cpuSharesSpin"), kNegativeLimit, -kNegativeLimit, 256);
    m_cpuShares->setToolTip(tr("Relative CPU weight against other partitions on the host (%1 to %2); 0 is the host "
                               "default. A policy set in force may override it.")
                                .arg(model::kMinCpuShares)
                                .arg(model::kMaxCpuShares));
    addRow(performanceForm, tr("CPU &shares:"), QStringLiteral("cpu_shares"), m_cpuShares, PerformanceTab);
    m_tabs->addTab(performance, tr("P&erformance"));

    m_hint = new QLabel(this);
    m_hint->setObjectName(QStringLiteral("hintLabel"));
    m_hint->setWordWrap(true);
    m_hint->setEnabled(false);

    m_engineProblem = new ProblemLabel(this);
    m_engineProblem->setObjectName(QStringLiteral("engineProblem"));
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(runningBox);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(m_engineProblem);
    layout->addWidget(m_hint);
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &PartitionEditorDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    connect(m_domain, &QComboBox::currentTextChanged, this, [this] {
        fillZones();
        validate();
    });
    for (QLineEdit *edit : {m_name, m_bootPath, m_notInRackOf, m_affinityGroup, m_antiAffinityGroup})
        connect(edit, &QLineEdit::textChanged, this, &PartitionEditorDialog::validate);
    for (QComboBox *combo : {m_zone, m_bootKind, m_accelerator, m_affinityScope})
        connect(combo, &QComboBox::currentIndexChanged, this, &PartitionEditorDialog::validate);
    for (QComboBox *combo : {m_qosClass, m_site, m_room})
        connect(combo, &QComboBox::currentTextChanged, this, &PartitionEditorDialog::validate);
    for (QSpinBox *spin : {m_priority, m_vcpus, m_memory, m_bandwidth, m_cpuShares})
        connect(spin, &QSpinBox::valueChanged, this, &PartitionEditorDialog::validate);
    connect(m_affinityRequired, &QCheckBox::toggled, this, &PartitionEditorDialog::validate);

    setMinimumWidth(520);
}

void PartitionEditorDialog::fillZones()
{
    const QString current = m_zone->count() > 0 ? m_zone->currentData().toString() : qs(m_original.zone());
    QStringList allowed;
    for (const auto &d : m_store->domains())
        if (qs(d.name()) == m_domain->currentText())
            for (const auto &z : d.allowed_zones())
                allowed << qs(z);
    QStringList zones = allowed.isEmpty() ? m_store->zoneNames() : allowed;
    if (!current.isEmpty() && !zones.contains(current))
        zones << current;
    zones.sort();
    const QSignalBlocker blocker(m_zone);
    m_zone->clear();
    m_zone->addItem(allowed.isEmpty() ? tr("Any zone") : tr("Any zone the domain may use"), QString());
    for (const QString &zone : std::as_const(zones))
        m_zone->addItem(zone, zone);
    m_zone->setCurrentIndex(std::max(0, m_zone->findData(current)));
}

void PartitionEditorDialog::load(const proto::PartitionSpec &spec)
{
    m_name->setText(qs(spec.name()));
    m_domain->setCurrentText(qs(spec.domain()).isEmpty() ? kDefaultDomain : qs(spec.domain()));
    if (m_domain->currentText() != qs(spec.domain()) && !spec.domain().empty()) {
        m_domain->addItem(qs(spec.domain()));
        m_domain->setCurrentText(qs(spec.domain()));
    }
    m_zone->clear();
    fillZones();
    m_zone->setCurrentIndex(std::max(0, m_zone->findData(qs(spec.zone()))));

    const QString boot = qs(spec.boot());
    if (boot.isEmpty() || boot == kBootNetwork) {
        m_bootKind->setCurrentIndex(m_bootKind->findData(kBootNetwork));
        m_bootPath->clear();
    } else if (boot.startsWith(kBootKernel) || boot.startsWith(kBootFloppy)) {
        const QString prefix = boot.startsWith(kBootKernel) ? kBootKernel : kBootFloppy;
        m_bootKind->setCurrentIndex(m_bootKind->findData(prefix));
        m_bootPath->setText(boot.mid(prefix.size()));
    } else {
        // Something a host would not know; shown as it is, so its reason can be read.
        if (m_bootKind->findData(kBootOther) < 0)
            m_bootKind->addItem(tr("Other"), kBootOther);
        m_bootKind->setCurrentIndex(m_bootKind->findData(kBootOther));
        m_bootPath->setText(boot);
    }
    const int accelerator = m_accelerator->findData(qs(spec.accelerator()));
    if (accelerator >= 0) {
        m_accelerator->setCurrentIndex(accelerator);
    } else {
        m_accelerator->addItem(qs(spec.accelerator()), qs(spec.accelerator()));
        m_accelerator->setCurrentIndex(m_accelerator->count() - 1);
    }

    m_priority->setValue(int(std::min<std::uint32_t>(spec.priority(), std::numeric_limits<int>::max())));
    m_qosClass->setCurrentText(qs(spec.qos_class()));
    m_site->setCurrentText(qs(spec.site()));
    m_room->setCurrentText(qs(spec.room()));
    QStringList groups;
    for (const auto &g : spec.not_in_rack_of_groups())
        groups << qs(g);
    m_notInRackOf->setText(groups.join(QStringLiteral(", ")));
    m_affinityGroup->setText(qs(spec.affinity_group()));
    m_affinityScope->setCurrentIndex(std::max(0, m_affinityScope->findData(int(spec.affinity_scope()))));
    m_affinityRequired->setChecked(spec.affinity_required());
    m_antiAffinityGroup->setText(qs(spec.anti_affinity_group()));

    m_vcpus->setValue(int(std::min<std::uint32_t>(spec.vcpus(), std::numeric_limits<int>::max())));
    m_memory->setValue(int(std::min<std::uint64_t>(spec.memory_mib(), std::numeric_limits<int>::max())));
    m_bandwidth->setValue(int(std::min<std::uint32_t>(spec.bandwidth_mbps(), std::numeric_limits<int>::max())));
    m_cpuShares->setValue(int(std::min<std::uint32_t>(spec.cpu_shares(), std::numeric_limits<int>::max())));

    // The name and domain are part of a partition's identity (its libvirt
    // name carries both); they are chosen once.
    m_name->setReadOnly(isEditing());
    m_domain->setEnabled(!isEditing());
}

void PartitionEditorDialog::onStoreChanged()
{
    if (!isEditing())
        return validate();
    const proto::Partition *p = m_store->partition(m_uuid);
    m_gone = !p;
    const bool locked = p && occupiesHost(p->state());
    if (p) {
        m_runningNote->setText(
            tr("Partition %1 occupies host %2 (state: %3). Its vCPUs, memory, bandwidth guarantee, boot source and "
               "accelerator were given to the host when it started; they can be changed only while it is stopped.")
                .arg(qs(p->spec().name()), qs(p->host()), StateStyle::name(p->state())));
    }
    if (locked != m_locked) {
        m_locked = locked;
        if (locked) {
            // Whatever was typed there cannot be saved now; show what is in force.
            proto::PartitionSpec shown = spec();
            const proto::PartitionSpec &in = m_original;
            shown.set_vcpus(in.vcpus());
            shown.set_memory_mib(in.memory_mib());
            shown.set_bandwidth_mbps(in.bandwidth_mbps());
            shown.set_boot(in.boot());
            shown.set_accelerator(in.accelerator());
            shown.set_name(in.name());
            shown.set_domain(in.domain());
            load(shown);
        }
        const QString why = locked ? tr("Stop the partition to change this.") : QString();
        for (QSpinBox *spin : {m_vcpus, m_memory, m_bandwidth}) {
            spin->setReadOnly(locked);
            spin->setEnabled(!locked);
            spin->setButtonSymbols(locked ? QAbstractSpinBox::NoButtons : QAbstractSpinBox::UpDownArrows);
            spin->setToolTip(why);
        }
        m_bootPath->setReadOnly(locked);
        if (locked)
            m_bootPath->setEnabled(false);
        m_bootKind->setEnabled(!locked);
        m_accelerator->setEnabled(!locked);
        m_bootKind->setToolTip(why);
        m_accelerator->setToolTip(why);
    }
    m_runningNote->parentWidget()->setVisible(m_locked);
    validate();
}

QString PartitionEditorDialog::bootText() const
{
    const QString kind = m_bootKind->currentData().toString();
    if (kind == kBootNetwork)
        return kBootNetwork;
    if (kind == kBootOther)
        return m_bootPath->text();
    return kind + m_bootPath->text().trimmed();
}

proto::PartitionSpec PartitionEditorDialog::spec() const
{
    proto::PartitionSpec spec;
    if (isEditing()) {
        spec.set_uuid(m_original.uuid());
        spec.set_name(m_original.name());
        spec.set_domain(m_original.domain());
    } else {
        spec.set_name(m_name->text().toStdString());
        spec.set_domain(m_domain->currentText().toStdString());
    }
    spec.set_zone(m_zone->currentData().toString().toStdString());
    spec.set_boot(bootText().toStdString());
    spec.set_accelerator(m_accelerator->currentData().toString().toStdString());
    spec.set_priority(std::uint32_t(std::max(0, m_priority->value())));
    spec.set_qos_class(m_qosClass->currentText().trimmed().toStdString());
    spec.set_site(m_site->currentText().trimmed().toStdString());
    spec.set_room(m_room->currentText().trimmed().toStdString());
    for (const QString &g : splitList(m_notInRackOf->text()))
        spec.add_not_in_rack_of_groups(g.toStdString());
    spec.set_affinity_group(m_affinityGroup->text().trimmed().toStdString());
    spec.set_affinity_scope(proto::AffinityScope(m_affinityScope->currentData().toInt()));
    spec.set_affinity_required(m_affinityRequired->isChecked());
    spec.set_anti_affinity_group(m_antiAffinityGroup->text().trimmed().toStdString());
    spec.set_vcpus(std::uint32_t(std::max(0, m_vcpus->value())));
    spec.set_memory_mib(std::uint64_t(std::max(0, m_memory->value())));
    spec.set_bandwidth_mbps(std::uint32_t(std::max(0, m_bandwidth->value())));
    spec.set_cpu_shares(std::uint32_t(std::max(0, m_cpuShares->value())));
    return spec;
}

QStringList PartitionEditorDialog::changedFields() const
{
    QStringList changed;
    if (!isEditing())
        return changed;
    const proto::PartitionSpec now = spec();
    for (const QString &field : model::editablePartitionFields())
        if (!sameField(now, m_original, field))
            changed << field;
    return changed;
}

proto::UpdatePartition PartitionEditorDialog::updateRequest() const
{
    proto::UpdatePartition update;
    update.mutable_partition()->set_uuid(m_uuid.toStdString());
    *update.mutable_spec() = spec();
    for (const QString &field : changedFields())
        update.add_fields(field.toStdString());
    return update;
}

QHash<QString, QString> PartitionEditorDialog::fieldProblems() const
{
    QHash<QString, QString> problems;
    auto put = [&problems](const QString &field, const QString &problem) {
        if (!problem.isEmpty())
            problems.insert(field, problem);
    };
    const proto::PartitionSpec s = spec();
    const QString name = qs(s.name());
    // Sentences name the partition once its name is acceptable.
    const QString named = model::validateName(QStringLiteral("partition name"), name) ? name : QString();

    if (!isEditing()) {
        if (name.isEmpty())
            put(QStringLiteral("name"), tr("Give the partition a name."));
        else if (const QString p = problemOf(model::validateName(QStringLiteral("partition name"), name)); !p.isEmpty())
            put(QStringLiteral("name"), p);
        else if (m_store->findPartition(name, qs(s.domain())))
            put(QStringLiteral("name"), tr("A partition named %1 already exists in domain %2.").arg(name, qs(s.domain())));
        put(QStringLiteral("domain"), problemOf(model::validateName(QStringLiteral("domain name"), qs(s.domain()))));
    }
    put(QStringLiteral("zone"), optionalName(QStringLiteral("zone name"), qs(s.zone())));

    const QString bootKind = m_bootKind->currentData().toString();
    if ((bootKind == kBootKernel || bootKind == kBootFloppy) && m_bootPath->text().trimmed().isEmpty())
        put(QStringLiteral("boot"), tr("Give the absolute path of the image on the host, such as /var/lib/vdc/vmlinuz."));
    else
        put(QStringLiteral("boot"), problemOf(model::validateBoot(named, qs(s.boot()))));
    put(QStringLiteral("accelerator"), problemOf(model::validateAccelerator(named, qs(s.accelerator()))));

    if (m_priority->value() < 0)
        put(QStringLiteral("priority"), tr("The priority cannot be negative; 0 is the lowest."));
    put(QStringLiteral("qos_class"), optionalName(QStringLiteral("QoS class"), qs(s.qos_class())));
    put(QStringLiteral("site"), optionalName(QStringLiteral("site name"), qs(s.site())));
    put(QStringLiteral("room"), optionalName(QStringLiteral("room name"), qs(s.room())));
    put(QStringLiteral("not_in_rack_of_groups"), problemOf(model::validateGroupList(named, splitList(m_notInRackOf->text()))));
    put(QStringLiteral("affinity_group"), optionalName(QStringLiteral("affinity group name"), qs(s.affinity_group())));
    put(QStringLiteral("anti_affinity_group"),
        optionalName(QStringLiteral("anti-affinity group name"), qs(s.anti_affinity_group())));

    if (m_vcpus->value() < 0)
        put(QStringLiteral("vcpus"),
            tr("The number of vCPUs cannot be negative; give between 1 and %1.").arg(model::kMaxVcpus));
    else
        put(QStringLiteral("vcpus"), problemOf(model::validateVcpus(named, s.vcpus())));
    if (m_memory->value() < 0)
        put(QStringLiteral("memory_mib"), tr("Memory cannot be negative; give between %1 MiB and %2 MiB.")
                                              .arg(model::kMinMemoryMib)
                                              .arg(model::kMaxMemoryMib));
    else
        put(QStringLiteral("memory_mib"), problemOf(model::validateMemory(named, s.memory_mib())));
    if (m_bandwidth->value() < 0)
        put(QStringLiteral("bandwidth_mbps"), tr("The bandwidth guarantee cannot be negative; 0 is best effort."));
    if (m_cpuShares->value() < 0)
        put(QStringLiteral("cpu_shares"), tr("CPU shares cannot be negative; 0 is the host default."));
    else
        put(QStringLiteral("cpu_shares"), problemOf(model::validateCpuShares(named, s.cpu_shares())));
    return problems;
}

QString PartitionEditorDialog::problem() const
{
    if (m_gone)
        return tr("Partition %1 was deleted meanwhile; there is nothing to save.").arg(qs(m_original.name()));
    const auto problems = fieldProblems();
    for (const QString &field : fieldOrder())
        if (problems.contains(field))
            return problems.value(field);
    // The whole definition once more, as the engine will check it.
    const proto::PartitionSpec s = spec();
    if (auto r = model::validatePartitionSpec(s); !r)
        return r.error().message();
    if (auto r = model::validatePlacementFields(s); !r)
        return r.error().message();
    if (m_locked)
        for (const QString &field : changedFields())
            if (model::stoppedOnlyPartitionFields().contains(field))
                return tr("Partition %1 is running; stop it before changing its %2.").arg(qs(m_original.name()), fieldLabel(field));
    return {};
}

QString PartitionEditorDialog::engineError() const
{
    return m_engineProblem->problem();
}

void PartitionEditorDialog::validate()
{
    m_problems = fieldProblems();
    QSet<int> tabsWithProblems;
    for (auto it = m_problemLabels.cbegin(); it != m_problemLabels.cend(); ++it) {
        const QString reason = m_problems.value(it.key());
        it.value()->setProblem(reason);
        if (!reason.isEmpty())
            tabsWithProblems.insert(m_fieldTab.value(it.key()));
    }
    const QIcon warning = style()->standardIcon(QStyle::SP_MessageBoxWarning);
    for (int tab = 0; tab < m_tabs->count(); ++tab)
        m_tabs->setTabIcon(tab, tabsWithProblems.contains(tab) ? warning : QIcon());

    const bool affinity = !m_affinityGroup->text().trimmed().isEmpty();
    m_affinityScope->setEnabled(affinity);
    m_affinityRequired->setEnabled(affinity);
    m_bootPath->setEnabled(!m_locked && m_bootKind->currentData().toString() != kBootNetwork);

    const QString reason = problem();
    const bool nothingChanged = isEditing() && reason.isEmpty() && changedFields().isEmpty();
    if (m_busy)
        m_hint->setText(tr("Saving..."));
    else if (m_gone)
        m_hint->setText(reason);
    else if (nothingChanged)
        m_hint->setText(tr("Change a field to save it."));
    else if (!reason.isEmpty() && m_problems.isEmpty())
        m_hint->setText(reason);
    else if (isEditing())
        m_hint->setText(tr("Saving changes only what you changed: %1.").arg(fieldLabels(changedFields())));
    else
        m_hint->setText(tr("The engine places the partition on a host with enough free cores and memory when it is "
                           "started."));
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!m_busy && reason.isEmpty() && !nothingChanged);
}

void PartitionEditorDialog::accept()
{
    // Enter and OK both come here; the dialog closes once the engine agreed.
    save();
}

void PartitionEditorDialog::setBusy(bool busy)
{
    m_busy = busy;
    m_tabs->setEnabled(!busy);
    validate();
}

void PartitionEditorDialog::save()
{
    validate();
    if (m_busy || !problem().isEmpty())
        return;
    auto handle = [this](const proto::OpsReply &reply) {
        setBusy(false);
        if (reply.error().code() != proto::ERROR_NONE) {
            m_engineProblem->setProblem(qs(reply.error().message()));
            return;
        }
        m_engineProblem->setProblem(QString());
        emit saved(reply.partition());
        QDialog::accept();
    };
    m_engineProblem->setProblem(QString());
    if (isEditing()) {
        if (changedFields().isEmpty())
            return;
        proto::OpsRequest request;
        *request.mutable_update_partition() = updateRequest();
        setBusy(true);
        m_client->request(std::move(request), this, handle);
    } else {
        setBusy(true);
        m_client->createPartition(spec(), this, handle);
    }
}

} // namespace vdc::gui
