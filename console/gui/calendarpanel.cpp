#include "calendarpanel.h"

#include "boundarypreviewwidget.h"
#include "calendarentrydialog.h"
#include "calendarentrymodel.h"
#include "calendarmonthview.h"
#include "calendaroccurrences.h"
#include "calendarpalette.h"
#include "calendarweekview.h"
#include "opsclient.h"
#include "statestore.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace vdc::gui {

namespace {
const QString kDefaultDomain = QStringLiteral("default");
constexpr int kRefreshMs = 60000; // picks up changes made by other admins and vdcctl
constexpr int kStatusMs = 8000;

QString str(const std::string &s) { return QString::fromStdString(s); }

QFrame *card(QWidget *parent, const QString &objectName)
{
    auto *frame = new QFrame(parent);
    frame->setObjectName(objectName);
    frame->setFrameShape(QFrame::StyledPanel);
    frame->setAutoFillBackground(true);
    frame->setBackgroundRole(QPalette::Base);
    return frame;
}
} // namespace

CalendarPanel::CalendarPanel(OpsClient *client, StateStore *store, QWidget *parent)
    : QWidget(parent)
    , m_client(client)
    , m_store(store)
    , m_date(QDate::currentDate())
    , m_zone(QTimeZone::systemTimeZone())
    , m_domain(new QComboBox(this))
    , m_previous(new QToolButton(this))
    , m_next(new QToolButton(this))
    , m_today(new QPushButton(tr("T&oday"), this))
    , m_range(new QLabel(this))
    , m_weekButton(new QToolButton(this))
    , m_monthButton(new QToolButton(this))
    , m_zoneCombo(new QComboBox(this))
    , m_new(new QPushButton(tr("&New Entry..."), this))
    , m_edit(new QPushButton(tr("&Edit..."), this))
    , m_delete(new QPushButton(tr("&Delete"), this))
    , m_stack(new QStackedWidget(this))
    , m_week(new CalendarWeekView(this))
    , m_month(new CalendarMonthView(this))
    , m_model(new CalendarEntryModel(this))
    , m_entries(new QTreeView(this))
    , m_inForce(new QLabel(this))
    , m_preview(new BoundaryPreviewWidget(client, this))
    , m_statusLine(new QLabel(this))
{
    setObjectName(QStringLiteral("calendarPanel"));

    m_domain->setObjectName(QStringLiteral("calendarDomainCombo"));
    m_domain->setMinimumContentsLength(12);
    m_domain->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_previous->setObjectName(QStringLiteral("previousButton"));
    m_previous->setArrowType(Qt::LeftArrow);
    m_previous->setAutoRaise(true);
    m_next->setObjectName(QStringLiteral("nextButton"));
    m_next->setArrowType(Qt::RightArrow);
    m_next->setAutoRaise(true);
    m_today->setObjectName(QStringLiteral("todayButton"));
    m_range->setObjectName(QStringLiteral("rangeLabel"));
    QFont rangeFont = m_range->font();
    rangeFont.setPointSizeF(rangeFont.pointSizeF() * 1.3);
    rangeFont.setBold(true);
    m_range->setFont(rangeFont);

    m_weekButton->setObjectName(QStringLiteral("weekModeButton"));
    m_weekButton->setText(tr("&Week"));
    m_monthButton->setObjectName(QStringLiteral("monthModeButton"));
    m_monthButton->setText(tr("&Month"));
    auto *modes = new QButtonGroup(this);
    for (QToolButton *b : {m_weekButton, m_monthButton}) {
        b->setCheckable(true);
        b->setToolButtonStyle(Qt::ToolButtonTextOnly);
        b->setMinimumWidth(64);
        modes->addButton(b);
    }
    m_weekButton->setChecked(true);
    m_zoneCombo->setObjectName(QStringLiteral("displayZoneCombo"));
    m_zoneCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_zoneCombo->setToolTip(tr("The time zone the calendar is shown in. Each entry keeps its own zone."));
    m_new->setObjectName(QStringLiteral("newEntryButton"));
    m_edit->setObjectName(QStringLiteral("editEntryButton"));
    m_delete->setObjectName(QStringLiteral("deleteEntryButton"));

    m_stack->addWidget(m_week);
    m_stack->addWidget(m_month);

    m_entries->setObjectName(QStringLiteral("calendarEntryView"));
    m_entries->setModel(m_model);
    m_entries->setRootIsDecorated(false);
    m_entries->setUniformRowHeights(true);
    m_entries->setAlternatingRowColors(true);
    m_entries->setSelectionMode(QAbstractItemView::SingleSelection);
    m_entries->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_entries->header()->setStretchLastSection(false);
    m_entries->header()->setSectionResizeMode(int(CalendarEntryModel::Column::Schedule), QHeaderView::Stretch);
    m_entries->header()->resizeSection(int(CalendarEntryModel::Column::Name), 125);
    m_entries->header()->resizeSection(int(CalendarEntryModel::Column::PolicySet), 105);
    m_entries->setColumnHidden(int(CalendarEntryModel::Column::TimeZone), true);
    m_entries->setColumnHidden(int(CalendarEntryModel::Column::Priority), true);
    m_entries->setWordWrap(true);

    m_inForce->setObjectName(QStringLiteral("inForceLabel"));
    m_inForce->setWordWrap(true);
    m_inForce->setTextFormat(Qt::RichText);
    m_statusLine->setObjectName(QStringLiteral("calendarStatus"));
    m_statusLine->setWordWrap(true);

    // Toolbar: domain | today < > range | week month | zone | new edit delete
    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Domain:"), this));
    bar->addWidget(m_domain);
    bar->addSpacing(12);
    bar->addWidget(m_today);
    bar->addWidget(m_previous);
    bar->addWidget(m_next);
    bar->addSpacing(8);
    bar->addWidget(m_range);
    bar->addStretch(1);
    auto *modeBox = new QHBoxLayout;
    modeBox->setSpacing(0);
    modeBox->addWidget(m_weekButton);
    modeBox->addWidget(m_monthButton);
    bar->addLayout(modeBox);
    bar->addSpacing(12);
    auto *zoneLabel = new QLabel(tr("Shown in:"), this);
    bar->addWidget(zoneLabel);
    bar->addWidget(m_zoneCombo);

    // The side column: what is in force, the entries, the next boundary.
    auto *side = new QWidget(this);
    auto *sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    auto *nowCard = card(side, QStringLiteral("inForceCard"));
    auto *nowLayout = new QVBoxLayout(nowCard);
    nowLayout->setContentsMargins(8, 6, 8, 6);
    nowLayout->addWidget(m_inForce);
    sideLayout->addWidget(nowCard);
    auto *entriesTitle = new QLabel(tr("Entries"), side);
    QFont titleFont = entriesTitle->font();
    titleFont.setBold(true);
    entriesTitle->setFont(titleFont);
    auto *entryButtons = new QHBoxLayout;
    entryButtons->addWidget(entriesTitle);
    entryButtons->addStretch(1);
    entryButtons->addWidget(m_new);
    entryButtons->addWidget(m_edit);
    entryButtons->addWidget(m_delete);
    sideLayout->addLayout(entryButtons);
    sideLayout->addWidget(m_entries, 2);
    auto *previewCard = card(side, QStringLiteral("boundaryCard"));
    auto *previewLayout = new QVBoxLayout(previewCard);
    previewLayout->setContentsMargins(0, 0, 0, 0);
    previewLayout->addWidget(m_preview);
    sideLayout->addWidget(previewCard, 1);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("calendarSplitter"));
    splitter->addWidget(m_stack);
    splitter->addWidget(side);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);
    side->setMinimumWidth(440);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(bar);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_statusLine);

    connect(m_domain, &QComboBox::currentTextChanged, this, [this](const QString &d) {
        m_preview->setDomain(d);
        refresh();
    });
    connect(m_previous, &QToolButton::clicked, this, &CalendarPanel::showPrevious);
    connect(m_next, &QToolButton::clicked, this, &CalendarPanel::showNext);
    connect(m_today, &QPushButton::clicked, this, &CalendarPanel::showToday);
    connect(m_weekButton, &QToolButton::clicked, this, [this] { setMode(Mode::Week); });
    connect(m_monthButton, &QToolButton::clicked, this, [this] { setMode(Mode::Month); });
    connect(m_zoneCombo, &QComboBox::currentTextChanged, this, [this](const QString &id) {
        const QTimeZone zone(id.toLatin1());
        if (zone.isValid() && zone != m_zone) {
            m_zone = zone;
            m_week->setTimeZone(zone);
            m_month->setTimeZone(zone);
            m_preview->setTimeZone(zone);
            updateViews();
        }
    });
    connect(m_new, &QPushButton::clicked, this, [this] { newEntry(); });
    connect(m_edit, &QPushButton::clicked, this, [this] { editEntry(selectedEntry()); });
    connect(m_delete, &QPushButton::clicked, this, [this] { confirmDelete(selectedEntry()); });
    connect(m_week, &CalendarWeekView::entryActivated, this, &CalendarPanel::editEntry);
    connect(m_week, &CalendarWeekView::emptySlotActivated, this, &CalendarPanel::newEntry);
    connect(m_week, &CalendarWeekView::entryClicked, this, &CalendarPanel::selectEntry);
    connect(m_month, &CalendarMonthView::entryActivated, this, &CalendarPanel::editEntry);
    connect(m_month, &CalendarMonthView::emptySlotActivated, this, &CalendarPanel::newEntry);
    connect(m_month, &CalendarMonthView::entryClicked, this, &CalendarPanel::selectEntry);
    connect(m_entries, &QTreeView::doubleClicked, this, [this](const QModelIndex &index) {
        editEntry(index.data(CalendarEntryModel::kEntryNameRole).toString());
    });
    connect(m_entries->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        const QString name = selectedEntry();
        m_week->setSelectedEntry(name);
        m_month->setSelectedEntry(name);
        updateButtons();
    });
    connect(m_preview, &BoundaryPreviewWidget::boundaryPassed, this, &CalendarPanel::refresh);

    connect(client, &OpsClient::snapshotApplied, this, [this] {
        updateDomains();
        refresh();
    });
    connect(client, &OpsClient::connectionStateChanged, this, &CalendarPanel::updateButtons);
    connect(store, &StateStore::domainsChanged, this, &CalendarPanel::updateDomains);
    m_refreshTimer.setInterval(kRefreshMs);
    connect(&m_refreshTimer, &QTimer::timeout, this, &CalendarPanel::refresh);
    m_refreshTimer.start();
    // The "now" line and today's highlight move on.
    m_nowTimer.setInterval(30000);
    connect(&m_nowTimer, &QTimer::timeout, this, [this] {
        m_week->setNow(QDateTime::currentDateTimeUtc());
        m_month->setToday(QDateTime::currentDateTimeUtc().toTimeZone(m_zone).date());
    });
    m_nowTimer.start();

    m_week->setTimeZone(m_zone);
    m_month->setTimeZone(m_zone);
    m_preview->setTimeZone(m_zone);
    updateZones();
    updateDomains();
    updateRangeLabel();
    updateButtons();
    if (m_client->isConnected())
        refresh();
}

QString CalendarPanel::domain() const
{
    return m_domain->currentText();
}

void CalendarPanel::setDomain(const QString &domain)
{
    if (m_domain->findText(domain) < 0)
        m_domain->addItem(domain);
    m_domain->setCurrentText(domain);
}

void CalendarPanel::setMode(Mode mode)
{
    m_mode = mode;
    m_weekButton->setChecked(mode == Mode::Week);
    m_monthButton->setChecked(mode == Mode::Month);
    m_stack->setCurrentIndex(mode == Mode::Week ? 0 : 1);
    updateViews();
}

void CalendarPanel::showDate(const QDate &day)
{
    if (!day.isValid())
        return;
    m_date = day;
    updateViews();
}

void CalendarPanel::setDisplayTimeZone(const QTimeZone &zone)
{
    if (!zone.isValid())
        return;
    const QString id = QString::fromLatin1(zone.id());
    if (m_zoneCombo->findText(id) < 0)
        m_zoneCombo->addItem(id);
    m_zoneCombo->setCurrentText(id);
}

void CalendarPanel::showPrevious()
{
    showDate(m_mode == Mode::Week ? m_date.addDays(-7) : m_date.addMonths(-1));
}

void CalendarPanel::showNext()
{
    showDate(m_mode == Mode::Week ? m_date.addDays(7) : m_date.addMonths(1));
}

void CalendarPanel::showToday()
{
    showDate(QDateTime::currentDateTimeUtc().toTimeZone(m_zone).date());
}

void CalendarPanel::updateDomains()
{
    QStringList domains = m_store->domainNames();
    if (!domains.contains(kDefaultDomain))
        domains.prepend(kDefaultDomain);
    const QString current = m_domain->currentText();
    QStringList present;
    for (int i = 0; i < m_domain->count(); ++i)
        present << m_domain->itemText(i);
    if (present == domains)
        return;
    {
        QSignalBlocker block(m_domain);
        m_domain->clear();
        m_domain->addItems(domains);
        m_domain->setCurrentText(domains.contains(current) ? current : kDefaultDomain);
    }
    if (m_domain->currentText() != current) {
        m_preview->setDomain(m_domain->currentText());
        refresh();
    } else if (m_preview->domain().isEmpty()) {
        m_preview->setDomain(current);
    }
}

void CalendarPanel::updateZones()
{
    QStringList zones{QString::fromLatin1(QTimeZone::systemTimeZoneId()), QStringLiteral("UTC")};
    for (const auto &e : m_model->entries()) {
        const QString z = str(e.time_zone());
        if (!z.isEmpty())
            zones << z;
    }
    zones.removeDuplicates();
    for (const QString &z : std::as_const(zones))
        if (m_zoneCombo->findText(z) < 0)
            m_zoneCombo->addItem(z);
    if (m_zoneCombo->currentText().isEmpty())
        m_zoneCombo->setCurrentText(QString::fromLatin1(m_zone.id()));
}

void CalendarPanel::refresh()
{
    const QString domain = m_domain->currentText();
    if (domain.isEmpty())
        return;
    m_preview->setDomain(domain);
    proto::OpsRequest request;
    request.mutable_list_policies()->set_domain(domain.toStdString());
    const quint64 generation = ++m_generation;
    m_client->request(request, this, [this, generation, domain](const proto::OpsReply &reply) {
        if (generation != m_generation)
            return; // a newer answer is on its way
        if (reply.error().code() != proto::ERROR_NONE) {
            m_statusLine->setText(tr("The calendar of domain %1 could not be read: %2").arg(domain, str(reply.error().message())));
            return;
        }
        const auto &list = reply.policies();
        m_policySets.clear();
        for (const auto &set : list.policy_sets())
            m_policySets << str(set.name());
        m_defaultPolicySet = kDefaultDomain; // the engine's name for a domain's default set
        for (const auto &d : m_store->domains())
            if (str(d.name()) == domain && !d.default_policy_set().empty())
                m_defaultPolicySet = str(d.default_policy_set());
        if (!m_policySets.contains(m_defaultPolicySet))
            m_policySets << m_defaultPolicySet;
        m_policySets.sort();
        CalendarPalette::assign(m_policySets);
        QList<proto::CalendarEntry> entries;
        for (const auto &e : list.entries())
            if (str(e.domain()) == domain)
                entries << e;
        const QString selected = selectedEntry();
        m_model->setEntries(entries);
        selectEntry(selected);
        m_status = proto::CalendarStatus();
        for (const auto &s : list.status())
            if (str(s.domain()) == domain)
                m_status = s;

        const QString set = str(m_status.policy_set_in_force());
        const QString entry = str(m_status.entry_in_force());
        const QString swatch = QStringLiteral("<span style='color:%1; font-size:large'>&#9632;</span> ")
                                   .arg(CalendarPalette::color(set).name());
        m_inForce->setText(entry.isEmpty()
                               ? swatch + tr("In force now: <b>%1</b> (the domain's default; no entry covers this moment)")
                                              .arg(set.toHtmlEscaped())
                               : swatch + tr("In force now: <b>%1</b>, put there by entry <b>%2</b>")
                                              .arg(set.toHtmlEscaped(), entry.toHtmlEscaped()));
        m_statusLine->setText(tr("%n calendar entry(s) in domain %1.", nullptr, int(entries.size())).arg(domain));
        updateZones();
        updateViews();
        updateButtons();
        m_preview->refresh();
        emit refreshed();
    });
}

void CalendarPanel::updateViews()
{
    m_week->setWeek(m_date);
    m_month->setMonth(m_date);
    const QDateTime nowUtc = QDateTime::currentDateTimeUtc();
    m_week->setNow(nowUtc);
    m_month->setToday(nowUtc.toTimeZone(m_zone).date());
    const bool week = m_mode == Mode::Week;
    const QDateTime from = week ? m_week->firstInstant() : m_month->firstInstant();
    const QDateTime to = week ? m_week->lastInstant() : m_month->lastInstant();
    const auto occurrences = CalendarOccurrences::expand(m_model->entries(), from, to);
    if (week)
        m_week->setOccurrences(occurrences);
    else
        m_month->setOccurrences(occurrences);
    updateRangeLabel();
}

void CalendarPanel::updateRangeLabel()
{
    const QLocale locale;
    if (m_mode == Mode::Week) {
        const QDate first = m_week->weekStart();
        const QDate last = first.addDays(6);
        const QString from = first.year() != last.year() ? locale.toString(first, QStringLiteral("d MMM yyyy"))
            : first.month() != last.month()              ? locale.toString(first, QStringLiteral("d MMM"))
                                                         : locale.toString(first, QStringLiteral("d"));
        m_range->setText(tr("%1 – %2 (week %3)")
                             .arg(from, locale.toString(last, QStringLiteral("d MMM yyyy")))
                             .arg(first.weekNumber()));
    } else {
        m_range->setText(locale.toString(m_month->month(), QStringLiteral("MMMM yyyy")));
    }
}

void CalendarPanel::updateButtons()
{
    const bool connected = m_client->isConnected();
    const bool selected = !selectedEntry().isEmpty();
    m_new->setEnabled(connected);
    m_edit->setEnabled(connected && selected);
    m_delete->setEnabled(connected && selected);
}

QString CalendarPanel::selectedEntry() const
{
    const QModelIndex current = m_entries->currentIndex();
    return current.isValid() ? current.data(CalendarEntryModel::kEntryNameRole).toString() : QString();
}

void CalendarPanel::selectEntry(const QString &name)
{
    const int row = m_model->rowOf(name);
    if (row < 0)
        m_entries->selectionModel()->clearCurrentIndex();
    else
        m_entries->selectionModel()->setCurrentIndex(m_model->index(row, 0),
                                                     QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_week->setSelectedEntry(row < 0 ? QString() : name);
    m_month->setSelectedEntry(row < 0 ? QString() : name);
    updateButtons();
}

void CalendarPanel::newEntry(const QDateTime &wall)
{
    if (!m_client->isConnected())
        return;
    QStringList names;
    for (const auto &e : m_model->entries())
        names << str(e.name());
    auto *dialog = new CalendarEntryDialog(domain(), m_policySets, names, this);
    if (wall.isValid())
        dialog->setStart(wall);
    openDialog(dialog);
}

void CalendarPanel::editEntry(const QString &name)
{
    const proto::CalendarEntry *entry = m_model->entry(name);
    if (!entry || !m_client->isConnected())
        return;
    selectEntry(name);
    auto *dialog = new CalendarEntryDialog(domain(), m_policySets, {}, this);
    dialog->setEntry(*entry);
    openDialog(dialog);
}

void CalendarPanel::openDialog(CalendarEntryDialog *dialog)
{
    if (m_dialog)
        m_dialog->close();
    m_dialog = dialog;
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &CalendarEntryDialog::submitted, this, [this, dialog](const proto::CalendarEntry &entry) {
        dialog->setBusy(true);
        proto::OpsRequest request;
        auto *put = request.mutable_put_calendar_entry();
        *put->mutable_entry() = entry;
        put->set_replace(dialog->isEditing());
        const QString name = str(entry.name());
        const bool editing = dialog->isEditing();
        m_client->request(request, dialog, [this, dialog, name, editing](const proto::OpsReply &reply) {
            if (reply.error().code() != proto::ERROR_NONE) {
                dialog->setEngineError(str(reply.error().message()));
                return;
            }
            dialog->accept();
            emit statusMessage(editing ? tr("Calendar entry %1 saved.").arg(name)
                                       : tr("Calendar entry %1 created.").arg(name),
                               kStatusMs);
            refresh();
            selectEntry(name);
        });
    });
    dialog->open();
}

void CalendarPanel::confirmDelete(const QString &name)
{
    if (name.isEmpty())
        return;
    auto *box = new QMessageBox(QMessageBox::Question, tr("Delete Calendar Entry"),
                                tr("Delete calendar entry %1 of domain %2? The policy set it puts in force stays; "
                                   "the calendar changes at once.")
                                    .arg(name, domain()),
                                QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("confirmDeleteBox"));
    auto *remove = box->addButton(tr("Delete"), QMessageBox::DestructiveRole);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::buttonClicked, this, [this, remove, name](QAbstractButton *button) {
        if (button == remove)
            deleteEntry(name);
    });
    box->open();
}

void CalendarPanel::deleteEntry(const QString &name)
{
    proto::OpsRequest request;
    auto *del = request.mutable_delete_policy();
    del->set_domain(domain().toStdString());
    del->set_calendar_entry(name.toStdString());
    m_client->request(request, this, [this, name](const proto::OpsReply &reply) {
        if (reply.error().code() != proto::ERROR_NONE) {
            const QString message = str(reply.error().message());
            m_statusLine->setText(message);
            emit statusMessage(message, kStatusMs);
            return;
        }
        emit statusMessage(tr("Calendar entry %1 deleted.").arg(name), kStatusMs);
        refresh();
    });
}

} // namespace vdc::gui
