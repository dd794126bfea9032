#include "displayformat.h"

#include <QLocale>
#include <QStringList>

#include <algorithm>
#include <vector>

namespace vdc::gui {

QString DisplayFormat::memory(std::uint64_t mib)
{
    if (mib < 1024)
        return tr("%1 MiB").arg(mib);
    const double gib = double(mib) / 1024.0;
    // Whole sizes read better without a decimal ("16 GiB", not "16.0 GiB").
    if (mib % 1024 == 0)
        return tr("%1 GiB").arg(QLocale().toString(mib / 1024));
    return tr("%1 GiB").arg(QLocale().toString(gib, 'f', 1));
}

QString DisplayFormat::freeOfTotal(std::uint64_t freeMib, std::uint64_t totalMib)
{
    return tr("%1 / %2", "free / total").arg(memory(freeMib), memory(totalMib));
}

QString DisplayFormat::coreList(const google::protobuf::RepeatedField<std::uint32_t> &cores)
{
    std::vector<std::uint32_t> sorted(cores.begin(), cores.end());
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    QStringList parts;
    for (std::size_t i = 0; i < sorted.size();) {
        std::size_t j = i;
        while (j + 1 < sorted.size() && sorted[j + 1] == sorted[j] + 1)
            ++j;
        if (j == i)
            parts << QString::number(sorted[i]);
        else
            parts << QStringLiteral("%1-%2").arg(sorted[i]).arg(sorted[j]);
        i = j + 1;
    }
    return parts.join(QStringLiteral(", "));
}

QString DisplayFormat::age(std::int64_t sinceMs, std::int64_t nowMs)
{
    if (sinceMs <= 0)
        return tr("never");
    // Clocks of two machines may disagree a little; never show a negative age.
    const int seconds = int(std::max<std::int64_t>(0, (nowMs - sinceMs) / 1000));
    if (seconds < 2)
        return tr("just now");
    if (seconds < 60)
        return tr("%n s ago", nullptr, seconds);
    if (seconds < 3600)
        return tr("%n min ago", nullptr, seconds / 60);
    if (seconds < 86400)
        return tr("%n h ago", nullptr, seconds / 3600);
    return tr("%n d ago", nullptr, seconds / 86400);
}

} // namespace vdc::gui
