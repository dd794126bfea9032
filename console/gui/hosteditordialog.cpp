#include "hosteditordialog.h"

#include "displayformat.h"
#include "model/validation.h"
#include "networklinktablemodel.h"
#include "opsclient.h"
#include "problemlabel.h"
#include "statestore.h"
#include "statestyle.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

#include <google/protobuf/util/message_differencer.h>

namespace vdc::gui {

namespace {

QString qs(const std::string &s) { return QString::fromStdString(s); }

QComboBox *makeNameCombo(QWidget *parent, const QString &objectName, QStringList known)
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
    combo->lineEdit()->setMaxLength(model::kMaxNameLength + 1); // one more, so the length rule can speak
    return combo;
}

// The field above the reason it cannot be used.
QWidget *withProblem(QWidget *field, ProblemLabel *problem)
{
    auto *box = new QWidget;
    auto *column = new QVBoxLayout(box);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(2);
    column->addWidget(field);
    column->addWidget(problem);
    return box;
}

QString optionalName(const QString &what, const QString &name)
{
    if (name.isEmpty())
        return {};
    auto valid = model::validateName(what, name);
    return valid ? QString() : valid.error().message();
}

bool sameLinks(const QList<proto::NetworkLink> &a, const google::protobuf::RepeatedPtrField<proto::NetworkLink> &b)
{
    if (a.size() != b.size())
        return false;
    for (int i = 0; i < a.size(); ++i)
        if (a.at(i).name() != b.Get(i).name() || a.at(i).capacity_mbps() != b.Get(i).capacity_mbps())
            return false;
    return true;
}

} // namespace

HostEditorDialog::HostEditorDialog(OpsClient *client, const StateStore *store, const QString &hostName, QWidget *parent)
    : QDialog(parent)
    , m_client(client)
    , m_store(store)
    , m_name(hostName)
    , m_stateIcon(new QLabel(this))
    , m_state(new QLabel(this))
    , m_cores(new QLabel(this))
    , m_memory(new QLabel(this))
    , m_partitions(new QLabel(this))
    , m_agent(new QLabel(this))
    , m_zone(new QComboBox(this))
    , m_siteProblem(new ProblemLabel(this))
    , m_roomProblem(new ProblemLabel(this))
    , m_rackProblem(new ProblemLabel(this))
    , m_links(new NetworkLinkTableModel(this))
    , m_linkView(new QTableView(this))
    , m_addLink(new QPushButton(tr("&Add Link"), this))
    , m_removeLink(new QPushButton(tr("&Remove Link"), this))
    , m_linksProblem(new ProblemLabel(this))
    , m_engineProblem(new ProblemLabel(this))
    , m_hint(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("hostEditorDialog"));
    setWindowTitle(tr("Edit Host %1").arg(hostName));
    if (const proto::Host *h = store->host(hostName))
        m_original = *h;
    else
        m_gone = true;

    // ---- what the host reports
    auto *figures = new QGroupBox(tr("Reported by the host"), this);
    auto *figureForm = new QFormLayout(figures);
    auto *stateRow = new QHBoxLayout;
    stateRow->addWidget(m_stateIcon);
    stateRow->addWidget(m_state, 1);
    m_state->setObjectName(QStringLiteral("stateLabel"));
    m_cores->setObjectName(QStringLiteral("coresLabel"));
    m_memory->setObjectName(QStringLiteral("memoryLabel"));
    m_partitions->setObjectName(QStringLiteral("partitionsLabel"));
    m_agent->setObjectName(QStringLiteral("agentLabel"));
    for (QLabel *label : {m_state, m_cores, m_memory, m_partitions, m_agent})
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    figureForm->addRow(tr("State:"), stateRow);
    figureForm->addRow(tr("Cores:"), m_cores);
    figureForm->addRow(tr("Memory:"), m_memory);
    figureForm->addRow(tr("Partitions running:"), m_partitions);
    figureForm->addRow(tr("Agent:"), m_agent);

    // ---- where it stands
    QStringList sites, rooms, racks;
    for (const auto &z : store->zones()) {
        sites << qs(z.location().site());
        rooms << qs(z.location().room());
        racks << qs(z.location().rack());
    }
    for (int i = 0; i < store->hostCount(); ++i) {
        sites << qs(store->hostAt(i).location().site());
        rooms << qs(store->hostAt(i).location().room());
        racks << qs(store->hostAt(i).location().rack());
    }
    m_site = makeNameCombo(this, QStringLiteral("siteCombo"), sites);
    m_room = makeNameCombo(this, QStringLiteral("roomCombo"), rooms);
    m_rack = makeNameCombo(this, QStringLiteral("rackCombo"), racks);
    m_siteProblem->setObjectName(QStringLiteral("siteProblem"));
    m_roomProblem->setObjectName(QStringLiteral("roomProblem"));
    m_rackProblem->setObjectName(QStringLiteral("rackProblem"));

    m_zone->setObjectName(QStringLiteral("zoneCombo"));
    m_zone->addItem(tr("No zone"), QString());
    QStringList zones = store->zoneNames();
    if (!m_original.zone().empty() && !zones.contains(qs(m_original.zone())))
        zones << qs(m_original.zone());
    for (const QString &z : std::as_const(zones))
        m_zone->addItem(z, z);
    m_zone->setCurrentIndex(std::max(0, m_zone->findData(qs(m_original.zone()))));
    m_site->setCurrentText(qs(m_original.location().site()));
    m_room->setCurrentText(qs(m_original.location().room()));
    m_rack->setCurrentText(qs(m_original.location().rack()));

    auto *where = new QGroupBox(tr("Placement"), this);
    auto *whereForm = new QFormLayout(where);
    whereForm->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    whereForm->addRow(tr("&Zone:"), m_zone);
    whereForm->addRow(tr("&Site:"), withProblem(m_site, m_siteProblem));
    whereForm->addRow(tr("R&oom:"), withProblem(m_room, m_roomProblem));
    whereForm->addRow(tr("Ra&ck:"), withProblem(m_rack, m_rackProblem));

    // ---- network links
    auto *network = new QGroupBox(tr("Network links"), this);
    m_links->setHostName(hostName);
    m_links->setLinks(QList<proto::NetworkLink>(m_original.links().begin(), m_original.links().end()));
    m_linkView->setObjectName(QStringLiteral("linkView"));
    m_linkView->setModel(m_links);
    m_linkView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_linkView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_linkView->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
                                | QAbstractItemView::AnyKeyPressed);
    m_linkView->verticalHeader()->hide();
    m_linkView->horizontalHeader()->setSectionResizeMode(int(NetworkLinkTableModel::Column::Name), QHeaderView::Stretch);
    m_linkView->horizontalHeader()->setSectionResizeMode(int(NetworkLinkTableModel::Column::Capacity),
                                                         QHeaderView::ResizeToContents);
    m_linkView->horizontalHeader()->setSectionResizeMode(int(NetworkLinkTableModel::Column::Guaranteed),
                                                         QHeaderView::ResizeToContents);
    m_linkView->setMinimumHeight(110);
    m_addLink->setObjectName(QStringLiteral("addLinkButton"));
    m_removeLink->setObjectName(QStringLiteral("removeLinkButton"));
    m_linksProblem->setObjectName(QStringLiteral("linksProblem"));
    auto *linkButtons = new QVBoxLayout;
    linkButtons->addWidget(m_addLink);
    linkButtons->addWidget(m_removeLink);
    linkButtons->addStretch();
    auto *linkRow = new QHBoxLayout;
    linkRow->addWidget(m_linkView, 1);
    linkRow->addLayout(linkButtons);
    auto *linkHint = new QLabel(tr("Capacities in Mbps (1 to %L1). Partitions with a bandwidth guarantee are placed "
                                   "on a link with room for it.")
                                    .arg(model::kMaxLinkMbps),
                                network);
    linkHint->setWordWrap(true);
    linkHint->setEnabled(false);
    auto *networkLayout = new QVBoxLayout(network);
    networkLayout->addLayout(linkRow);
    networkLayout->addWidget(m_linksProblem);
    networkLayout->addWidget(linkHint);

    m_engineProblem->setObjectName(QStringLiteral("engineProblem"));
    m_hint->setObjectName(QStringLiteral("hintLabel"));
    m_hint->setWordWrap(true);
    m_hint->setEnabled(false);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Save"));

    auto *columns = new QHBoxLayout;
    auto *left = new QVBoxLayout;
    left->addWidget(figures);
    left->addWidget(where);
    left->addStretch();
    columns->addLayout(left, 1);
    columns->addWidget(network, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(columns, 1);
    layout->addWidget(m_engineProblem);
    layout->addWidget(m_hint);
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &HostEditorDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_zone, &QComboBox::currentIndexChanged, this, &HostEditorDialog::validate);
    for (QComboBox *combo : {m_site, m_room, m_rack})
        connect(combo, &QComboBox::currentTextChanged, this, &HostEditorDialog::validate);
    connect(m_links, &QAbstractItemModel::dataChanged, this, &HostEditorDialog::validate);
    connect(m_links, &QAbstractItemModel::rowsInserted, this, &HostEditorDialog::validate);
    connect(m_links, &QAbstractItemModel::rowsRemoved, this, &HostEditorDialog::validate);
    connect(m_links, &QAbstractItemModel::modelReset, this, &HostEditorDialog::validate);
    connect(m_linkView->selectionModel(), &QItemSelectionModel::selectionChanged, this, &HostEditorDialog::validate);
    connect(m_addLink, &QPushButton::clicked, this, [this] {
        const int row = m_links->addLink();
        const QModelIndex name = m_links->index(row, int(NetworkLinkTableModel::Column::Name));
        m_linkView->setCurrentIndex(name);
        m_linkView->edit(name);
    });
    connect(m_removeLink, &QPushButton::clicked, this, [this] {
        const QModelIndex current = m_linkView->currentIndex();
        if (current.isValid())
            m_links->removeLink(current.row());
    });
    connect(store, &StateStore::stateChanged, this, &HostEditorDialog::refreshFigures);

    resize(860, 460);
    refreshFigures();
}

void HostEditorDialog::refreshFigures()
{
    const proto::Host *h = m_store->host(m_name);
    m_gone = !h;
    if (h) {
        m_stateIcon->setPixmap(StateStyle::dot(StateStyle::color(h->state())).pixmap(12, 12));
        m_state->setText(h->last_error().empty() ? StateStyle::name(h->state())
                                                 : tr("%1 (%2)", "state (last error)")
                                                       .arg(StateStyle::name(h->state()), qs(h->last_error())));
        m_cores->setText(tr("%1 free of %2 (%3 kept for the system)")
                             .arg(h->cores_free())
                             .arg(h->cores_total())
                             .arg(h->cores_reserved()));
        m_memory->setText(tr("%1 (%2 kept for the system)")
                              .arg(DisplayFormat::freeOfTotal(h->memory_free_mib(), h->memory_total_mib()),
                                   DisplayFormat::memory(h->memory_reserved_mib())));
        m_partitions->setText(QString::number(h->partitions_running()));
        m_agent->setText(qs(h->agent_endpoint()));
        // The location a part left empty inherits.
        const proto::Zone *z = m_store->zone(zone());
        const proto::Location inherited = z ? z->location() : proto::Location();
        m_site->lineEdit()->setPlaceholderText(inherited.site().empty() ? tr("not set")
                                                                        : tr("%1 (from the zone)").arg(qs(inherited.site())));
        m_room->lineEdit()->setPlaceholderText(inherited.room().empty() ? tr("not set")
                                                                        : tr("%1 (from the zone)").arg(qs(inherited.room())));
        m_rack->lineEdit()->setPlaceholderText(inherited.rack().empty() ? tr("not set")
                                                                        : tr("%1 (from the zone)").arg(qs(inherited.rack())));
    } else {
        m_state->setText(tr("removed"));
    }
    validate();
}

QString HostEditorDialog::zone() const
{
    return m_zone->currentData().toString();
}

proto::Location HostEditorDialog::location() const
{
    proto::Location l;
    l.set_site(m_site->currentText().trimmed().toStdString());
    l.set_room(m_room->currentText().trimmed().toStdString());
    l.set_rack(m_rack->currentText().trimmed().toStdString());
    return l;
}

proto::UpdateHost HostEditorDialog::updateRequest() const
{
    proto::UpdateHost update;
    update.set_name(m_name.toStdString());
    if (zone() != qs(m_original.zone()))
        update.set_zone(zone().toStdString());
    const proto::Location l = location();
    if (!google::protobuf::util::MessageDifferencer::Equals(l, m_original.location()))
        *update.mutable_location() = l;
    const QList<proto::NetworkLink> links = m_links->links();
    if (!sameLinks(links, m_original.links())) {
        update.set_set_links(true);
        for (const auto &link : links)
            *update.add_links() = link;
    }
    return update;
}

bool HostEditorDialog::hasChanges() const
{
    const proto::UpdateHost update = updateRequest();
    return update.has_zone() || update.has_location() || update.set_links();
}

QString HostEditorDialog::problem() const
{
    if (m_gone)
        return tr("Host %1 was removed meanwhile; there is nothing to save.").arg(m_name);
    if (auto valid = model::validateLocation(location()); !valid)
        return valid.error().message();
    if (const QString links = m_links->problem(); !links.isEmpty())
        return links;
    if (!zone().isEmpty())
        if (auto valid = model::validateName(QStringLiteral("zone name"), zone()); !valid)
            return valid.error().message();
    return {};
}

QString HostEditorDialog::engineError() const
{
    return m_engineProblem->problem();
}

void HostEditorDialog::validate()
{
    const proto::Location l = location();
    m_siteProblem->setProblem(optionalName(QStringLiteral("site name"), qs(l.site())));
    m_roomProblem->setProblem(optionalName(QStringLiteral("room name"), qs(l.room())));
    m_rackProblem->setProblem(optionalName(QStringLiteral("rack name"), qs(l.rack())));
    m_linksProblem->setProblem(m_links->problem());
    m_removeLink->setEnabled(!m_busy && m_linkView->currentIndex().isValid());

    const QString reason = problem();
    const bool changed = hasChanges();
    if (m_busy)
        m_hint->setText(tr("Saving..."));
    else if (m_gone)
        m_hint->setText(reason);
    else if (!changed)
        m_hint->setText(tr("Change the zone, location or links to save."));
    else
        m_hint->setText(QString());
    m_hint->setVisible(!m_hint->text().isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!m_busy && reason.isEmpty() && changed);
}

void HostEditorDialog::accept()
{
    // Enter and Save both come here; the dialog closes once the engine agreed.
    save();
}

void HostEditorDialog::save()
{
    validate();
    if (m_busy || !problem().isEmpty() || !hasChanges())
        return;
    proto::OpsRequest request;
    *request.mutable_update_host() = updateRequest();
    m_busy = true;
    m_engineProblem->setProblem(QString());
    validate();
    m_client->request(std::move(request), this, [this](const proto::OpsReply &reply) {
        m_busy = false;
        if (reply.error().code() != proto::ERROR_NONE) {
            m_engineProblem->setProblem(qs(reply.error().message()));
            validate();
            return;
        }
        validate();
        emit saved(reply.host());
        QDialog::accept();
    });
}

} // namespace vdc::gui
