#pragma once

#include "recurrencechoices.h"

#include "core/result.h"

#include <QDateTime>
#include <QString>

#include <memory>
#include <optional>

struct icalrecurrencetype;

namespace vdc::calendar {

// An iCalendar recurrence rule (the value of an RRULE property, RFC 5545
// section 3.3.10), checked part by part and then parsed by libical.
//
// Beyond libical's own checks, a rule is refused when it recurs more often
// than hourly, uses RSCALE/SKIP, has both COUNT and UNTIL, has a COUNT above
// kMaxCount, or gives UNTIL as anything but a UTC date-time (entries always
// have a time zone, and RFC 5545 then requires UNTIL in UTC).
class RecurrenceRule
{
public:
    static constexpr int kMaxCount = 10000;
    static constexpr int kMaxInterval = 1000;

    // Accepts "FREQ=...;..." with or without a leading "RRULE:", in any case.
    static Result<RecurrenceRule> parse(const QString &text);

    // The canonical RRULE value as libical writes it (no "RRULE:" prefix).
    const QString &text() const { return m_text; }

    Frequency frequency() const;
    int interval() const;
    int count() const;                    // 0 when the rule has no COUNT
    std::optional<QDateTime> until() const; // UTC
    bool isFinite() const { return count() > 0 || until().has_value(); }

    // The rule the way a person says it in English, e.g. "every weekday at
    // 08:00", "every Monday and Friday", "monthly on day 1", "every 2 weeks
    // on Tuesday, 10 times". `startTime` (the entry's start time) supplies
    // the time of day when the rule has no BYHOUR.
    QString describe(const QTime &startTime = QTime()) const;

    // The editor's choices for this rule, or nothing when it uses parts the
    // editor does not offer (BYHOUR, BYSETPOS, numbered weekdays, ...).
    std::optional<RecurrenceChoices> choices() const;

    bool operator==(const RecurrenceRule &other) const { return m_text == other.m_text; }

private:
    friend class RecurrenceExpander;
    struct Data;

    RecurrenceRule() = default;
    const icalrecurrencetype &icalRule() const;

    std::shared_ptr<const Data> m_data;
    QString m_text;
};

} // namespace vdc::calendar
