#include "recurrenceeditor.h"

#include "recurrencephrase.h"

#include "calendar/recurrencebuilder.h"
#include "calendar/recurrencerule.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QDateEdit>
#include <QGridLayout>
#include <QHash>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QRadioButton>
#include <QRegularExpression>
#include <QSet>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

namespace vdc::gui {

namespace {
const char *const kDayCodes[] = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};

enum EndChoice { EndsNever, EndsOnDate, EndsAfterCount };

// The parts of a canonical RRULE, by name.
QHash<QString, QString> ruleParts(const QString &text)
{
    QHash<QString, QString> parts;
    for (const QString &part : text.split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
        const qsizetype eq = part.indexOf(QLatin1Char('='));
        if (eq > 0)
            parts.insert(part.left(eq).toUpper(), part.mid(eq + 1).toUpper());
    }
    return parts;
}
} // namespace

RecurrenceEditor::RecurrenceEditor(QWidget *parent)
    : QWidget(parent)
    , m_zone(QTimeZone::utc())
    , m_repeat(new QComboBox(this))
    , m_interval(new QSpinBox(this))
    , m_intervalUnit(new QLabel(this))
    , m_intervalRow(new QWidget(this))
    , m_weekdayRow(new QWidget(this))
    , m_monthlyRow(new QWidget(this))
    , m_byDay(new QRadioButton(tr("on day"), this))
    , m_byWeekday(new QRadioButton(tr("on the"), this))
    , m_monthDay(new QSpinBox(this))
    , m_ordinal(new QComboBox(this))
    , m_ordinalWeekday(new QComboBox(this))
    , m_endRow(new QWidget(this))
    , m_ends(new QComboBox(this))
    , m_until(new QDateEdit(this))
    , m_count(new QSpinBox(this))
    , m_custom(new QLabel(this))
{
    setObjectName(QStringLiteral("recurrenceEditor"));
    const QLocale locale;

    m_repeat->setObjectName(QStringLiteral("repeatCombo"));
    m_repeat->addItem(tr("Once"), int(Repeat::Once));
    m_repeat->addItem(tr("Daily"), int(Repeat::Daily));
    m_repeat->addItem(tr("Weekly"), int(Repeat::Weekly));
    m_repeat->addItem(tr("Monthly"), int(Repeat::Monthly));
    m_repeat->addItem(tr("Yearly"), int(Repeat::Yearly));

    m_interval->setObjectName(QStringLiteral("intervalSpin"));
    m_interval->setRange(1, calendar::RecurrenceRule::kMaxInterval);
    auto *intervalLayout = new QHBoxLayout(m_intervalRow);
    intervalLayout->setContentsMargins(0, 0, 0, 0);
    intervalLayout->addWidget(new QLabel(tr("every"), m_intervalRow));
    intervalLayout->addWidget(m_interval);
    intervalLayout->addWidget(m_intervalUnit);
    intervalLayout->addStretch();

    auto *weekdayLayout = new QHBoxLayout(m_weekdayRow);
    weekdayLayout->setContentsMargins(0, 0, 0, 0);
    weekdayLayout->setSpacing(3);
    for (int d = Qt::Monday; d <= Qt::Sunday; ++d) {
        auto *button = new QToolButton(m_weekdayRow);
        button->setObjectName(QStringLiteral("weekdayButton%1").arg(d));
        button->setText(locale.dayName(d, QLocale::ShortFormat));
        button->setToolTip(locale.dayName(d, QLocale::LongFormat));
        button->setCheckable(true);
        button->setMinimumWidth(44);
        // A chosen day must read as chosen in every style.
        button->setStyleSheet(QStringLiteral(
            "QToolButton { padding: 3px 6px; border: 1px solid palette(mid); border-radius: 4px; background: palette(base); }"
            "QToolButton:checked { background: palette(highlight); color: palette(highlighted-text);"
            " border-color: palette(highlight); font-weight: bold; }"));
        weekdayLayout->addWidget(button);
        m_weekdays << button;
        connect(button, &QToolButton::toggled, this, &RecurrenceEditor::emitChanged);
    }
    weekdayLayout->addStretch();

    m_byDay->setObjectName(QStringLiteral("monthlyByDayRadio"));
    m_byWeekday->setObjectName(QStringLiteral("monthlyByWeekdayRadio"));
    auto *monthlyGroup = new QButtonGroup(this);
    monthlyGroup->addButton(m_byDay);
    monthlyGroup->addButton(m_byWeekday);
    m_byDay->setChecked(true);
    m_monthDay->setObjectName(QStringLiteral("monthDaySpin"));
    m_monthDay->setRange(0, 31);
    m_monthDay->setSpecialValueText(tr("last")); // 0 stands for the last day of the month
    m_ordinal->setObjectName(QStringLiteral("ordinalCombo"));
    m_ordinal->addItem(tr("first"), 1);
    m_ordinal->addItem(tr("second"), 2);
    m_ordinal->addItem(tr("third"), 3);
    m_ordinal->addItem(tr("fourth"), 4);
    m_ordinal->addItem(tr("last"), -1);
    m_ordinalWeekday->setObjectName(QStringLiteral("ordinalWeekdayCombo"));
    for (int d = Qt::Monday; d <= Qt::Sunday; ++d)
        m_ordinalWeekday->addItem(locale.dayName(d, QLocale::LongFormat), d);
    auto *monthlyLayout = new QGridLayout(m_monthlyRow);
    monthlyLayout->setContentsMargins(0, 0, 0, 0);
    monthlyLayout->addWidget(m_byDay, 0, 0);
    auto *dayRow = new QHBoxLayout;
    dayRow->addWidget(m_monthDay);
    dayRow->addWidget(new QLabel(tr("of the month"), m_monthlyRow));
    dayRow->addStretch();
    monthlyLayout->addLayout(dayRow, 0, 1);
    monthlyLayout->addWidget(m_byWeekday, 1, 0);
    auto *weekdayRow = new QHBoxLayout;
    weekdayRow->addWidget(m_ordinal);
    weekdayRow->addWidget(m_ordinalWeekday);
    weekdayRow->addStretch();
    monthlyLayout->addLayout(weekdayRow, 1, 1);

    m_ends->setObjectName(QStringLiteral("endsCombo"));
    m_ends->addItem(tr("never"), EndsNever);
    m_ends->addItem(tr("on"), EndsOnDate);
    m_ends->addItem(tr("after"), EndsAfterCount);
    m_until->setObjectName(QStringLiteral("untilEdit"));
    m_until->setCalendarPopup(true);
    m_until->setDisplayFormat(QStringLiteral("d MMM yyyy"));
    m_until->setDate(QDate::currentDate().addMonths(3));
    m_count->setObjectName(QStringLiteral("countSpin"));
    m_count->setRange(1, calendar::RecurrenceRule::kMaxCount);
    m_count->setValue(10);
    m_count->setSuffix(tr(" times"));
    auto *endLayout = new QHBoxLayout(m_endRow);
    endLayout->setContentsMargins(0, 0, 0, 0);
    endLayout->addWidget(new QLabel(tr("Ends"), m_endRow));
    endLayout->addWidget(m_ends);
    endLayout->addWidget(m_until);
    endLayout->addWidget(m_count);
    endLayout->addStretch();

    m_custom->setObjectName(QStringLiteral("customRuleLabel"));
    m_custom->setWordWrap(true);

    setFocusProxy(m_repeat);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *top = new QHBoxLayout;
    top->addWidget(m_repeat);
    top->addWidget(m_intervalRow, 1);
    layout->addLayout(top);
    layout->addWidget(m_weekdayRow);
    layout->addWidget(m_monthlyRow);
    layout->addWidget(m_endRow);
    layout->addWidget(m_custom);

    connect(m_repeat, &QComboBox::currentIndexChanged, this, [this] {
        // A chosen repeat replaces a rule kept as written.
        if (!m_loading)
            m_customRule.clear();
        updateVisibility();
        emitChanged();
    });
    connect(m_interval, &QSpinBox::valueChanged, this, [this] {
        updateVisibility();
        emitChanged();
    });
    connect(m_byDay, &QRadioButton::toggled, this, &RecurrenceEditor::emitChanged);
    connect(m_monthDay, &QSpinBox::valueChanged, this, &RecurrenceEditor::emitChanged);
    connect(m_ordinal, &QComboBox::currentIndexChanged, this, &RecurrenceEditor::emitChanged);
    connect(m_ordinalWeekday, &QComboBox::currentIndexChanged, this, &RecurrenceEditor::emitChanged);
    connect(m_ends, &QComboBox::currentIndexChanged, this, [this] {
        updateVisibility();
        emitChanged();
    });
    connect(m_until, &QDateEdit::dateChanged, this, &RecurrenceEditor::emitChanged);
    connect(m_count, &QSpinBox::valueChanged, this, &RecurrenceEditor::emitChanged);

    setStart(QDate::currentDate(), QTime(8, 0), m_zone);
    updateVisibility();
}

void RecurrenceEditor::setStart(const QDate &date, const QTime &time, const QTimeZone &zone)
{
    const QTimeZone newZone = zone.isValid() ? zone : QTimeZone::utc();
    if (date == m_startDate && time == m_startTime && newZone == m_zone && !m_weekdays.isEmpty())
        return;
    const bool dayDefaults = !m_startDate.isValid() || m_startDate != date;
    m_startDate = date;
    m_startTime = time;
    m_zone = zone.isValid() ? zone : QTimeZone::utc();
    if (dayDefaults && date.isValid()) {
        QSignalBlocker blockDay(m_monthDay);
        QSignalBlocker blockOrdinal(m_ordinal);
        QSignalBlocker blockWeekday(m_ordinalWeekday);
        m_monthDay->setValue(date.day());
        const int nth = (date.day() - 1) / 7 + 1;
        m_ordinal->setCurrentIndex(m_ordinal->findData(nth > 4 ? -1 : nth));
        m_ordinalWeekday->setCurrentIndex(m_ordinalWeekday->findData(date.dayOfWeek()));
        // A weekly repeat without a chosen day repeats on the start's weekday.
        bool anyDay = false;
        for (QToolButton *b : std::as_const(m_weekdays))
            anyDay = anyDay || b->isChecked();
        if (!anyDay) {
            QSignalBlocker block(m_weekdays[date.dayOfWeek() - 1]);
            m_weekdays[date.dayOfWeek() - 1]->setChecked(true);
        }
    }
    emitChanged();
}

RecurrenceEditor::Repeat RecurrenceEditor::repeat() const
{
    return Repeat(m_repeat->currentData().toInt());
}

void RecurrenceEditor::setRepeat(Repeat repeat)
{
    m_repeat->setCurrentIndex(m_repeat->findData(int(repeat)));
}

void RecurrenceEditor::setWeekdays(const QList<Qt::DayOfWeek> &days)
{
    for (int d = Qt::Monday; d <= Qt::Sunday; ++d) {
        QSignalBlocker block(m_weekdays[d - 1]);
        m_weekdays[d - 1]->setChecked(days.contains(Qt::DayOfWeek(d)));
    }
    emitChanged();
}

bool RecurrenceEditor::setRule(const QString &text)
{
    m_loading = true;
    m_customRule.clear();
    const auto finish = [this](bool shown) {
        m_loading = false;
        updateVisibility();
        emitChanged();
        return shown;
    };
    if (text.trimmed().isEmpty()) {
        setRepeat(Repeat::Once);
        return finish(true);
    }
    const auto rule = calendar::RecurrenceRule::parse(text);
    if (!rule) {
        m_customRule = text;
        return finish(false);
    }
    const auto keepAsWritten = [&] {
        m_customRule = rule->text();
        return finish(false);
    };
    m_interval->setValue(rule->interval());
    if (rule->count() > 0) {
        m_ends->setCurrentIndex(m_ends->findData(EndsAfterCount));
        m_count->setValue(rule->count());
    } else if (const auto until = rule->until()) {
        m_ends->setCurrentIndex(m_ends->findData(EndsOnDate));
        m_until->setDate(until->toTimeZone(m_zone).date());
    } else {
        m_ends->setCurrentIndex(m_ends->findData(EndsNever));
    }

    if (const auto c = rule->choices()) {
        if (!c->months.isEmpty() || c->monthDays.size() > 1)
            return keepAsWritten();
        switch (c->frequency) {
        case calendar::Frequency::Hourly:
            return keepAsWritten();
        case calendar::Frequency::Daily:
            if (!c->weekdays.isEmpty() || !c->monthDays.isEmpty())
                return keepAsWritten();
            setRepeat(Repeat::Daily);
            break;
        case calendar::Frequency::Weekly:
            setRepeat(Repeat::Weekly);
            setWeekdays(c->weekdays.isEmpty() ? QList<Qt::DayOfWeek>{Qt::DayOfWeek(m_startDate.dayOfWeek())} : c->weekdays);
            break;
        case calendar::Frequency::Monthly:
            if (!c->weekdays.isEmpty())
                return keepAsWritten();
            setRepeat(Repeat::Monthly);
            m_byDay->setChecked(true);
            if (!c->monthDays.isEmpty()) {
                const int day = c->monthDays.first();
                if (day < -1)
                    return keepAsWritten();
                m_monthDay->setValue(day == -1 ? 0 : day);
            }
            break;
        case calendar::Frequency::Yearly:
            if (!c->weekdays.isEmpty() || !c->monthDays.isEmpty())
                return keepAsWritten();
            setRepeat(Repeat::Yearly);
            break;
        }
        return finish(true);
    }
    // "Monthly on the Nth weekday": one numbered BYDAY and nothing else.
    const QHash<QString, QString> parts = ruleParts(rule->text());
    static const QRegularExpression numbered(QStringLiteral("^([+-]?[1-5])(MO|TU|WE|TH|FR|SA|SU)$"));
    const QRegularExpressionMatch m = numbered.match(parts.value(QStringLiteral("BYDAY")));
    const QSet<QString> allowed{QStringLiteral("FREQ"), QStringLiteral("INTERVAL"), QStringLiteral("COUNT"),
                                QStringLiteral("UNTIL"), QStringLiteral("BYDAY")};
    bool onlyAllowed = true;
    for (auto it = parts.cbegin(); it != parts.cend(); ++it)
        onlyAllowed = onlyAllowed && allowed.contains(it.key());
    const int ordinal = m.hasMatch() ? m.captured(1).toInt() : 0;
    if (rule->frequency() != calendar::Frequency::Monthly || !onlyAllowed || !m.hasMatch() || ordinal < -1)
        return keepAsWritten();
    setRepeat(Repeat::Monthly);
    m_byWeekday->setChecked(true);
    m_ordinal->setCurrentIndex(m_ordinal->findData(ordinal));
    for (int d = 0; d < 7; ++d)
        if (m.captured(2) == QLatin1String(kDayCodes[d]))
            m_ordinalWeekday->setCurrentIndex(m_ordinalWeekday->findData(d + 1));
    return finish(true);
}

RecurrenceEditor::Built RecurrenceEditor::build() const
{
    Built b;
    const QLocale locale;
    const QString at = m_startTime.toString(QStringLiteral("HH:mm"));
    if (!m_customRule.isEmpty()) {
        const auto rule = calendar::RecurrenceRule::parse(m_customRule);
        if (!rule) {
            b.problem = rule.error().message();
            return b;
        }
        b.rule = rule->text();
        b.sentence = RecurrencePhrase::describe(*rule, m_startDate, m_startTime, m_zone);
        return b;
    }
    const Repeat r = repeat();
    if (r == Repeat::Once) {
        b.sentence = tr("Once, on %1 at %2").arg(locale.toString(m_startDate, QStringLiteral("ddd d MMM yyyy")), at);
        return b;
    }
    calendar::RecurrenceChoices c;
    c.interval = m_interval->value();
    QString numberedDay;
    switch (r) {
    case Repeat::Once:
        break;
    case Repeat::Daily:
        c.frequency = calendar::Frequency::Daily;
        break;
    case Repeat::Weekly:
        c.frequency = calendar::Frequency::Weekly;
        for (int d = Qt::Monday; d <= Qt::Sunday; ++d)
            if (m_weekdays[d - 1]->isChecked())
                c.weekdays << Qt::DayOfWeek(d);
        if (c.weekdays.isEmpty()) {
            b.problem = tr("Choose at least one weekday for a weekly repeat.");
            return b;
        }
        break;
    case Repeat::Monthly:
        c.frequency = calendar::Frequency::Monthly;
        if (m_byDay->isChecked())
            c.monthDays << (m_monthDay->value() == 0 ? -1 : m_monthDay->value());
        else
            numberedDay = QStringLiteral("%1%2").arg(m_ordinal->currentData().toInt())
                              .arg(QLatin1String(kDayCodes[m_ordinalWeekday->currentData().toInt() - 1]));
        break;
    case Repeat::Yearly:
        c.frequency = calendar::Frequency::Yearly;
        break;
    }
    const int ends = m_ends->currentData().toInt();
    if (ends == EndsAfterCount)
        c.count = m_count->value();
    const auto withoutUntil = calendar::RecurrenceBuilder::toText(c);
    if (!withoutUntil) {
        b.problem = withoutUntil.error().message();
        return b;
    }
    QString text = *withoutUntil;
    if (!numberedDay.isEmpty())
        text += QStringLiteral(";BYDAY=") + numberedDay;
    const auto plain = calendar::RecurrenceRule::parse(text);
    if (!plain) {
        b.problem = plain.error().message();
        return b;
    }
    b.sentence = RecurrencePhrase::describe(*plain, m_startDate, m_startTime, m_zone);
    if (ends == EndsOnDate) {
        const QDate until = m_until->date();
        if (until < m_startDate) {
            b.problem = tr("The repeat ends on %1, before the first start on %2; choose a later end date.")
                            .arg(locale.toString(until, QStringLiteral("d MMM yyyy")),
                                 locale.toString(m_startDate, QStringLiteral("d MMM yyyy")));
            return b;
        }
        // The last repetition may start at any time on the end date, in the entry's zone.
        const QDateTime untilUtc = QDateTime(until, QTime(23, 59, 59), m_zone).toUTC();
        text += QStringLiteral(";UNTIL=") + untilUtc.toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'"));
        const auto full = calendar::RecurrenceRule::parse(text);
        if (!full) {
            b.problem = full.error().message();
            return b;
        }
        b.rule = full->text();
        b.sentence = tr("%1 until %2").arg(b.sentence, locale.toString(until, QStringLiteral("d MMM yyyy")));
    } else {
        b.rule = plain->text();
    }
    return b;
}

QString RecurrenceEditor::rule() const
{
    const Built b = build();
    return b.problem.isEmpty() ? b.rule : QString();
}

QString RecurrenceEditor::problem() const
{
    return build().problem;
}

QString RecurrenceEditor::sentence() const
{
    return build().sentence;
}

void RecurrenceEditor::updateVisibility()
{
    const bool custom = !m_customRule.isEmpty();
    const Repeat r = repeat();
    m_intervalRow->setVisible(!custom && r != Repeat::Once);
    m_weekdayRow->setVisible(!custom && r == Repeat::Weekly);
    m_monthlyRow->setVisible(!custom && r == Repeat::Monthly);
    m_endRow->setVisible(!custom && r != Repeat::Once);
    const int ends = m_ends->currentData().toInt();
    m_until->setVisible(ends == EndsOnDate);
    m_count->setVisible(ends == EndsAfterCount);
    m_custom->setVisible(custom);
    m_repeat->setEnabled(true);
    if (custom)
        m_custom->setText(tr("This entry repeats by a rule the choices above cannot show (%1); it is kept as it is "
                             "unless you choose another repeat.")
                              .arg(m_customRule));
    const int n = m_interval->value();
    switch (r) {
    case Repeat::Once: break;
    case Repeat::Daily: m_intervalUnit->setText(tr("day(s)", nullptr, n)); break;
    case Repeat::Weekly: m_intervalUnit->setText(tr("week(s) on", nullptr, n)); break;
    case Repeat::Monthly: m_intervalUnit->setText(tr("month(s)", nullptr, n)); break;
    case Repeat::Yearly: m_intervalUnit->setText(tr("year(s), on the start's date", nullptr, n)); break;
    }
}

void RecurrenceEditor::emitChanged()
{
    if (!m_loading)
        emit changed();
}

} // namespace vdc::gui
