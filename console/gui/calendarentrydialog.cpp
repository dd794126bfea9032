#include "calendarentrydialog.h"

#include "calendaroccurrences.h"
#include "model/validation.h"
#include "problemlabel.h"
#include "recurrenceeditor.h"

#include <QComboBox>
#include <QCompleter>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTimeZone>
#include <QVBoxLayout>

namespace vdc::gui {

namespace {
const QString kWallFormat = QStringLiteral("yyyy-MM-ddTHH:mm:ss");

QString str(const std::string &s) { return QString::fromStdString(s); }

// Wall-clock values are kept in UTC date-time edits, a neutral container:
// no zone of this machine may shift or skip a time the entry means in its own.
QDateTimeEdit *wallEdit(QWidget *parent, const QString &objectName)
{
    auto *edit = new QDateTimeEdit(parent);
    edit->setObjectName(objectName);
    edit->setTimeSpec(Qt::UTC);
    edit->setCalendarPopup(true);
    edit->setDisplayFormat(QStringLiteral("ddd d MMM yyyy  HH:mm"));
    return edit;
}

QDateTime wallFromText(const QString &text)
{
    QDateTime wall = QDateTime::fromString(text, Qt::ISODate);
    if (!wall.isValid())
        return {};
    return QDateTime(wall.date(), wall.time(), Qt::UTC);
}

QLabel *fieldProblem(QWidget *parent, const QString &objectName)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    QPalette pal = label->palette();
    pal.setColor(QPalette::WindowText, QColor(0xc5, 0x22, 0x1f));
    label->setPalette(pal);
    QFont f = label->font();
    f.setPointSizeF(f.pointSizeF() * 0.9);
    label->setFont(f);
    label->hide();
    return label;
}

void showProblem(QLabel *label, const QString &text)
{
    label->setText(text);
    label->setVisible(!text.isEmpty());
}
} // namespace

QString CalendarEntryDialog::Problems::first() const
{
    for (const QString *p : {&name, &policySet, &timing, &timeZone, &recurrence, &entry})
        if (!p->isEmpty())
            return *p;
    return {};
}

CalendarEntryDialog::CalendarEntryDialog(const QString &domain, const QStringList &policySets,
                                         const QStringList &existingEntries, QWidget *parent)
    : QDialog(parent)
    , m_domain(domain)
    , m_existing(existingEntries)
    , m_name(new QLineEdit(this))
    , m_nameProblem(fieldProblem(this, QStringLiteral("nameProblem")))
    , m_policySet(new QComboBox(this))
    , m_policySetProblem(fieldProblem(this, QStringLiteral("policySetProblem")))
    , m_start(wallEdit(this, QStringLiteral("startEdit")))
    , m_lengthMode(new QComboBox(this))
    , m_lengthStack(new QStackedWidget(this))
    , m_hours(new QSpinBox(this))
    , m_minutes(new QSpinBox(this))
    , m_end(wallEdit(this, QStringLiteral("endEdit")))
    , m_timingProblem(fieldProblem(this, QStringLiteral("timingProblem")))
    , m_timeZone(new QComboBox(this))
    , m_timeZoneProblem(fieldProblem(this, QStringLiteral("timeZoneProblem")))
    , m_priority(new QSpinBox(this))
    , m_recurrence(new RecurrenceEditor(this))
    , m_recurrenceProblem(fieldProblem(this, QStringLiteral("recurrenceProblem")))
    , m_sentence(new QLabel(this))
    , m_rule(new QLabel(this))
    , m_problem(new ProblemLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("calendarEntryDialog"));
    setWindowTitle(tr("New Calendar Entry in %1").arg(domain));

    m_name->setObjectName(QStringLiteral("nameEdit"));
    m_name->setPlaceholderText(tr("for example business-hours"));
    m_name->setMaxLength(model::kMaxNameLength + 1); // one more, so the length rule can speak

    m_policySet->setObjectName(QStringLiteral("policySetCombo"));
    m_policySet->addItems(policySets);

    const QDateTime nextHour(QDate::currentDate(), QTime(QTime::currentTime().hour(), 0), Qt::UTC);
    m_start->setDateTime(nextHour.addSecs(3600));

    m_lengthMode->setObjectName(QStringLiteral("lengthModeCombo"));
    m_lengthMode->addItem(tr("for"));
    m_lengthMode->addItem(tr("until"));
    m_hours->setObjectName(QStringLiteral("durationHoursSpin"));
    m_hours->setRange(0, int(87840)); // ten years of hours
    m_hours->setSuffix(tr(" h"));
    m_hours->setValue(1);
    m_minutes->setObjectName(QStringLiteral("durationMinutesSpin"));
    m_minutes->setRange(0, 59);
    m_minutes->setSingleStep(15);
    m_minutes->setSuffix(tr(" min"));
    auto *durationPage = new QWidget(m_lengthStack);
    auto *durationLayout = new QHBoxLayout(durationPage);
    durationLayout->setContentsMargins(0, 0, 0, 0);
    durationLayout->addWidget(m_hours);
    durationLayout->addWidget(m_minutes);
    durationLayout->addStretch();
    m_lengthStack->addWidget(durationPage);
    m_lengthStack->addWidget(m_end);
    auto *lengthRow = new QHBoxLayout;
    lengthRow->addWidget(m_lengthMode);
    lengthRow->addWidget(m_lengthStack, 1);

    m_timeZone->setObjectName(QStringLiteral("timeZoneCombo"));
    m_timeZone->setEditable(true);
    m_timeZone->setInsertPolicy(QComboBox::NoInsert);
    QStringList zones;
    for (const QByteArray &id : QTimeZone::availableTimeZoneIds())
        zones << QString::fromLatin1(id);
    m_timeZone->addItems(zones);
    m_timeZone->completer()->setCaseSensitivity(Qt::CaseInsensitive);
    m_timeZone->completer()->setFilterMode(Qt::MatchContains);
    m_timeZone->completer()->setCompletionMode(QCompleter::PopupCompletion);
    const QString systemZone = QString::fromLatin1(QTimeZone::systemTimeZoneId());
    m_timeZone->setCurrentText(zones.contains(systemZone) ? systemZone : QStringLiteral("UTC"));

    m_priority->setObjectName(QStringLiteral("prioritySpin"));
    m_priority->setRange(-1000, 1000);
    m_priority->setToolTip(tr("Where entries overlap, the one with the higher priority is in force."));

    m_sentence->setObjectName(QStringLiteral("sentenceLabel"));
    m_sentence->setWordWrap(true);
    QFont sentenceFont = m_sentence->font();
    sentenceFont.setPointSizeF(sentenceFont.pointSizeF() * 1.15);
    sentenceFont.setBold(true);
    m_sentence->setFont(sentenceFont);
    m_rule->setObjectName(QStringLiteral("ruleLabel"));
    m_rule->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_rule->setWordWrap(true);
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_rule->setFont(mono);
    QPalette rulePalette = m_rule->palette();
    rulePalette.setColor(QPalette::WindowText, rulePalette.color(QPalette::PlaceholderText));
    m_rule->setPalette(rulePalette);

    auto *summary = new QFrame(this);
    summary->setObjectName(QStringLiteral("summaryFrame"));
    summary->setFrameShape(QFrame::StyledPanel);
    summary->setAutoFillBackground(true);
    summary->setBackgroundRole(QPalette::AlternateBase);
    auto *summaryLayout = new QVBoxLayout(summary);
    summaryLayout->addWidget(m_sentence);
    summaryLayout->addWidget(m_rule);

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    auto withProblem = [this](QLayout *field, QLabel *problem) {
        auto *box = new QVBoxLayout;
        box->setSpacing(2);
        box->addLayout(field);
        box->addWidget(problem);
        return box;
    };
    auto single = [](QWidget *w) {
        auto *l = new QHBoxLayout;
        l->setContentsMargins(0, 0, 0, 0);
        l->addWidget(w);
        return l;
    };
    // Labels with a buddy, so their shortcuts reach the field.
    auto label = [this](const QString &text, QWidget *buddy) {
        auto *l = new QLabel(text, this);
        l->setBuddy(buddy);
        return l;
    };
    form->addRow(label(tr("&Name:"), m_name), withProblem(single(m_name), m_nameProblem));
    form->addRow(label(tr("&Policy set:"), m_policySet), withProblem(single(m_policySet), m_policySetProblem));
    form->addRow(label(tr("&Starts:"), m_start), m_start);
    form->addRow(label(tr("&Lasts:"), m_lengthMode), withProblem(lengthRow, m_timingProblem));
    form->addRow(label(tr("&Time zone:"), m_timeZone), withProblem(single(m_timeZone), m_timeZoneProblem));
    form->addRow(label(tr("P&riority:"), m_priority), m_priority);
    auto *repeatsLabel = label(tr("&Repeats:"), m_recurrence);
    repeatsLabel->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    form->addRow(repeatsLabel, withProblem(single(m_recurrence), m_recurrenceProblem));

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addSpacing(6);
    layout->addWidget(summary);
    layout->addWidget(m_problem);
    layout->addStretch();
    layout->addWidget(m_buttons);

    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Save"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (!problem().isEmpty() || m_busy)
            return;
        m_engineError.clear();
        emit submitted(entry());
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto changed = [this] {
        m_engineError.clear();
        validate();
    };
    connect(m_name, &QLineEdit::textChanged, this, changed);
    connect(m_policySet, &QComboBox::currentIndexChanged, this, changed);
    connect(m_start, &QDateTimeEdit::dateTimeChanged, this, changed);
    connect(m_lengthMode, &QComboBox::currentIndexChanged, this, [this, changed](int index) {
        m_lengthStack->setCurrentIndex(index);
        // Switching to an end keeps the same length.
        if (index == 1)
            m_end->setDateTime(m_start->dateTime().addSecs(qMax<qint64>(durationSeconds(), 3600)));
        changed();
    });
    connect(m_hours, &QSpinBox::valueChanged, this, changed);
    connect(m_minutes, &QSpinBox::valueChanged, this, changed);
    connect(m_end, &QDateTimeEdit::dateTimeChanged, this, changed);
    connect(m_timeZone, &QComboBox::currentTextChanged, this, changed);
    connect(m_priority, &QSpinBox::valueChanged, this, changed);
    connect(m_recurrence, &RecurrenceEditor::changed, this, changed);

    setMinimumWidth(560);
    validate();
}

void CalendarEntryDialog::setEntry(const proto::CalendarEntry &e)
{
    m_editing = true;
    setWindowTitle(tr("Edit Calendar Entry %1 in %2").arg(str(e.name()), m_domain));
    m_name->setText(str(e.name()));
    m_name->setReadOnly(true);
    m_name->setToolTip(tr("An entry keeps its name; to rename it, create a new entry and delete this one."));
    const QString set = str(e.policy_set());
    if (m_policySet->findText(set) < 0)
        m_policySet->addItem(set);
    m_policySet->setCurrentText(set);
    m_timeZone->setCurrentText(e.time_zone().empty() ? QStringLiteral("UTC") : str(e.time_zone()));
    const QDateTime start = wallFromText(str(e.start()));
    if (start.isValid())
        m_start->setDateTime(start);
    if (!e.end().empty()) {
        m_lengthMode->setCurrentIndex(1);
        m_end->setDateTime(wallFromText(str(e.end())));
    } else {
        m_lengthMode->setCurrentIndex(0);
        m_hours->setValue(int(e.duration_seconds() / 3600));
        m_minutes->setValue(int(e.duration_seconds() % 3600 / 60));
    }
    m_priority->setValue(e.priority());
    m_recurrence->setStart(m_start->date(), m_start->time(), QTimeZone(timeZoneId().toUtf8()));
    m_recurrence->setRule(str(e.recurrence()));
    validate();
}

void CalendarEntryDialog::setStart(const QDateTime &wall)
{
    if (wall.timeSpec() == Qt::TimeZone && wall.timeZone().isValid())
        m_timeZone->setCurrentText(QString::fromLatin1(wall.timeZone().id()));
    m_start->setDateTime(QDateTime(wall.date(), wall.time(), Qt::UTC));
    validate();
}

QString CalendarEntryDialog::startText() const
{
    return m_start->dateTime().toString(kWallFormat);
}

QString CalendarEntryDialog::timeZoneId() const
{
    return m_timeZone->currentText().trimmed();
}

qint64 CalendarEntryDialog::durationSeconds() const
{
    return qint64(m_hours->value()) * 3600 + qint64(m_minutes->value()) * 60;
}

proto::CalendarEntry CalendarEntryDialog::entry() const
{
    proto::CalendarEntry e;
    e.set_domain(m_domain.toStdString());
    e.set_name(m_name->text().toStdString());
    e.set_policy_set(m_policySet->currentText().toStdString());
    e.set_time_zone(timeZoneId().toStdString());
    e.set_start(startText().toStdString());
    if (m_lengthMode->currentIndex() == 0)
        e.set_duration_seconds(durationSeconds());
    else
        e.set_end(m_end->dateTime().toString(kWallFormat).toStdString());
    e.set_recurrence(m_recurrence->rule().toStdString());
    e.set_priority(m_priority->value());
    return e;
}

CalendarEntryDialog::Problems CalendarEntryDialog::check() const
{
    Problems p;
    const QString name = m_name->text();
    if (name.isEmpty())
        p.name = tr("Give the entry a name, for example business-hours.");
    else if (auto valid = model::validateName(QStringLiteral("calendar entry name"), name); !valid)
        p.name = valid.error().message();
    else if (!m_editing && m_existing.contains(name))
        p.name = tr("Domain %1 already has a calendar entry named %2; choose another name or edit that entry.")
                     .arg(m_domain, name);

    if (m_policySet->count() == 0)
        p.policySet = tr("Domain %1 has no policy sets to put in force; create one first (vdcctl policy create).")
                          .arg(m_domain);

    if (m_lengthMode->currentIndex() == 0) {
        if (durationSeconds() == 0)
            p.timing = tr("An entry must last a while; give a duration of at least one minute.");
    } else {
        const QDateTime start = m_start->dateTime();
        const QDateTime end = m_end->dateTime();
        if (end < start)
            p.timing = tr("The end (%1) is before the start (%2); give an end after the start.")
                           .arg(end.toString(QStringLiteral("yyyy-MM-dd HH:mm")), start.toString(QStringLiteral("yyyy-MM-dd HH:mm")));
        else if (end == start)
            p.timing = tr("The end is the same moment as the start; give an end after the start.");
    }

    const QString zone = timeZoneId();
    static const QRegularExpression zoneChars(QStringLiteral("^[A-Za-z0-9_+\\-/]+$"));
    if (zone.isEmpty())
        p.timeZone = tr("Give a time zone, for example Europe/Berlin or UTC.");
    else if (!zoneChars.match(zone).hasMatch())
        p.timeZone = tr("The time zone \"%1\" has characters no zone name has; choose one from the list, for example "
                        "Europe/Berlin or UTC.").arg(zone);
    else if (!QTimeZone(zone.toLatin1()).isValid())
        p.timeZone = tr("The time zone %1 is not known; choose one from the list, for example Europe/Berlin or UTC.")
                         .arg(zone);

    p.recurrence = m_recurrence->problem();

    // The engine's own check of the whole entry (a rule that never matches, ...).
    if (p.first().isEmpty()) {
        const auto built = CalendarOccurrences::toCalendarEntry(entry());
        if (!built)
            p.entry = built.error().message();
    }
    return p;
}

QString CalendarEntryDialog::problem() const
{
    return check().first();
}

QString CalendarEntryDialog::sentence() const
{
    return m_sentence->text();
}

QString CalendarEntryDialog::rule() const
{
    return m_recurrence->rule();
}

void CalendarEntryDialog::setEngineError(const QString &message)
{
    m_engineError = message;
    setBusy(false);
    validate();
}

void CalendarEntryDialog::setBusy(bool busy)
{
    m_busy = busy;
    validate();
}

void CalendarEntryDialog::validate()
{
    {
        // The repeat follows the start; its own change signal would bring us back here.
        const QSignalBlocker block(m_recurrence);
        const QTimeZone zone(timeZoneId().toLatin1());
        m_recurrence->setStart(m_start->date(), m_start->time(), zone.isValid() ? zone : QTimeZone::utc());
    }

    const Problems p = check();
    showProblem(m_nameProblem, p.name);
    showProblem(m_policySetProblem, p.policySet);
    showProblem(m_timingProblem, p.timing);
    showProblem(m_timeZoneProblem, p.timeZone);
    showProblem(m_recurrenceProblem, p.recurrence);
    m_problem->setProblem(!p.entry.isEmpty() ? p.entry : m_engineError);

    const QString sentence = m_recurrence->sentence();
    m_sentence->setText(sentence.isEmpty() ? tr("(the repeat is not complete yet)") : sentence);
    const QString rule = m_recurrence->rule();
    m_rule->setText(m_recurrence->problem().isEmpty()
                        ? (rule.isEmpty() ? tr("No RRULE: it happens once.") : tr("RRULE: %1").arg(rule))
                        : QString());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(p.first().isEmpty() && !m_busy);
}

} // namespace vdc::gui
