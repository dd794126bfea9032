#pragma once

#include <QCoreApplication>
#include <QString>

#include <google/protobuf/repeated_field.h>

#include <cstdint>

namespace vdc::gui {

// How the console writes sizes, core lists and ages, in one place so the
// tables, the details pane and the dialogs agree.
class DisplayFormat
{
    Q_DECLARE_TR_FUNCTIONS(vdc::gui::DisplayFormat)
public:
    // "512 MiB", "1.5 GiB", "16 GiB".
    static QString memory(std::uint64_t mib);
    // "12 GiB / 16 GiB" (free / total).
    static QString freeOfTotal(std::uint64_t freeMib, std::uint64_t totalMib);
    // Physical core indices as ranges: "0-3, 6".
    static QString coreList(const google::protobuf::RepeatedField<std::uint32_t> &cores);
    // Time since a wall-clock instant: "just now", "4 s ago", "never".
    static QString age(std::int64_t sinceMs, std::int64_t nowMs);
};

} // namespace vdc::gui
