#include "indexlist.h"

#include <QStringList>

namespace vdc::monitor {

QString formatIndexList(const std::vector<std::uint32_t> &indices)
{
    QStringList parts;
    std::size_t i = 0;
    while (i < indices.size()) {
        std::size_t j = i;
        while (j + 1 < indices.size() && indices[j + 1] == indices[j] + 1)
            ++j;
        if (j == i)
            parts << QString::number(indices[i]);
        else
            parts << QStringLiteral("%1-%2").arg(indices[i]).arg(indices[j]);
        i = j + 1;
    }
    return parts.join(QLatin1Char(','));
}

Result<std::vector<std::uint32_t>> parseIndexList(const QString &what, const QString &text)
{
    std::vector<std::uint32_t> result;
    const QString compact = QString(text).remove(QLatin1Char(' ')).remove(QLatin1Char('\n')).remove(QLatin1Char('\t'));
    if (compact.isEmpty())
        return result;
    const auto bad = [&](const QString &part) {
        return Error(proto::ERROR_MALFORMED,
                     QStringLiteral("The %1 \"%2\" has a bad entry \"%3\"; expected numbers and ranges like 0-3,8.")
                         .arg(what, text, part));
    };
    // A range longer than this is certainly corrupt, not a real host.
    constexpr std::uint64_t kMaxRange = 1u << 24;
    for (const QString &part : compact.split(QLatin1Char(','))) {
        const qsizetype dash = part.indexOf(QLatin1Char('-'));
        bool okFirst = false;
        bool okLast = false;
        const uint first = (dash < 0 ? part : part.left(dash)).toUInt(&okFirst);
        const uint last = dash < 0 ? first : part.mid(dash + 1).toUInt(&okLast);
        if (!okFirst || (dash >= 0 && !okLast) || last < first || std::uint64_t(last - first) >= kMaxRange)
            return bad(part);
        for (std::uint64_t v = first; v <= last; ++v)
            result.push_back(std::uint32_t(v));
    }
    return result;
}

} // namespace vdc::monitor
