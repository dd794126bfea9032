#include "placementstate.h"

#include "model/validation.h"

#include <QSet>

#include <algorithm>
#include <cmath>

namespace vdc::placement {

namespace {

constexpr int kMaxQosClasses = 64; // one bit each in HostSlot::qosMask

QString coresText(std::int64_t n)
{
    return n == 1 ? QStringLiteral("1 core") : QStringLiteral("%1 cores").arg(std::max<std::int64_t>(0, n));
}

Error invalid(const QString &message) { return Error(proto::ERROR_INVALID_ARGUMENT, message); }

// "h2" before "h10": digit runs compare by value, the rest by character.
bool naturalLess(const QString &a, const QString &b)
{
    qsizetype i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        if (a[i].isDigit() && b[j].isDigit()) {
            qsizetype si = i, sj = j;
            while (si < a.size() && a[si] == QLatin1Char('0'))
                ++si;
            while (sj < b.size() && b[sj] == QLatin1Char('0'))
                ++sj;
            qsizetype ei = si, ej = sj;
            while (ei < a.size() && a[ei].isDigit())
                ++ei;
            while (ej < b.size() && b[ej].isDigit())
                ++ej;
            if (ei - si != ej - sj)
                return ei - si < ej - sj;
            const int c = QStringView(a).mid(si, ei - si).compare(QStringView(b).mid(sj, ej - sj));
            if (c != 0)
                return c < 0;
            i = ei;
            j = ej;
            continue;
        }
        if (a[i] != b[j])
            return a[i] < b[j];
        ++i;
        ++j;
    }
    if (a.size() - i != b.size() - j)
        return a.size() - i < b.size() - j;
    return a < b; // "h01" and "h1": any fixed order
}

int intern(QHash<QString, int> &ids, const QString &name)
{
    if (name.isEmpty())
        return -1;
    const auto it = ids.constFind(name);
    if (it != ids.cend())
        return *it;
    const int id = int(ids.size());
    ids.insert(name, id);
    return id;
}

Result<void> validateOptionalName(const QString &what, const QString &name)
{
    if (name.isEmpty())
        return {};
    return model::validateName(what, name);
}

Result<void> validateZone(const ZonePolicy &z)
{
    if (auto r = model::validateName(QStringLiteral("zone name"), z.name); !r)
        return r;
    if (auto r = validateOptionalName(QStringLiteral("QoS class"), z.qosClass); !r)
        return r;
    if (!(z.coreOvercommit >= 1.0 && z.coreOvercommit <= 64.0))
        return invalid(QStringLiteral("Zone %1 has a core overcommit ratio of %2; give a ratio from 1.0 to 64.0.")
                           .arg(z.name).arg(z.coreOvercommit));
    if (!(z.haHeadroom >= 0.0 && z.haHeadroom < 1.0))
        return invalid(QStringLiteral("Zone %1 keeps %2 of its capacity as HA headroom; give a fraction from 0 up to "
                                      "(not including) 1.")
                           .arg(z.name).arg(z.haHeadroom));
    for (const QString &h : z.hosts)
        if (auto r = model::validateName(QStringLiteral("host name"), h); !r)
            return r;
    return {};
}

Result<void> validateHost(const HostModel &h)
{
    if (auto r = model::validateName(QStringLiteral("host name"), h.name); !r)
        return r;
    if (auto r = validateOptionalName(QStringLiteral("zone name"), h.zone); !r)
        return r;
    if (auto r = validateOptionalName(QStringLiteral("site name"), h.location.site); !r)
        return r;
    if (auto r = validateOptionalName(QStringLiteral("room name"), h.location.room); !r)
        return r;
    if (auto r = validateOptionalName(QStringLiteral("rack name"), h.location.rack); !r)
        return r;
    if (h.coresFree > 0 && std::uint32_t(h.coresFree) > h.coresTotal)
        return invalid(QStringLiteral("Host %1 has %2 cores free of %3; free cannot exceed the total.")
                           .arg(h.name).arg(h.coresFree).arg(h.coresTotal));
    if (h.memoryFreeMib > h.memoryTotalMib)
        return invalid(QStringLiteral("Host %1 has %2 MiB free of %3 MiB; free cannot exceed the total.")
                           .arg(h.name).arg(h.memoryFreeMib).arg(h.memoryTotalMib));
    QSet<QString> linkNames;
    for (const auto &l : h.links) {
        if (auto r = model::validateName(QStringLiteral("link name"), l.name); !r)
            return r;
        if (linkNames.contains(l.name))
            return invalid(QStringLiteral("Host %1 lists link %2 twice.").arg(h.name, l.name));
        linkNames.insert(l.name);
        if (l.guaranteedMbps > l.capacityMbps)
            return invalid(QStringLiteral("Host %1 link %2 has %3 Mbps guaranteed on a %4 Mbps link; guarantees cannot "
                                          "exceed the capacity.")
                               .arg(h.name, l.name).arg(l.guaranteedMbps).arg(l.capacityMbps));
    }
    for (const QString &q : h.qosClasses)
        if (auto r = model::validateName(QStringLiteral("QoS class"), q); !r)
            return r;
    for (const auto &p : h.residents) {
        if (auto r = model::validateName(QStringLiteral("partition name"), p.partition); !r)
            return r;
        if (auto r = validateOptionalName(QStringLiteral("affinity group name"), p.affinityGroup); !r)
            return r;
        if (auto r = validateOptionalName(QStringLiteral("anti-affinity group name"), p.antiAffinityGroup); !r)
            return r;
    }
    return {};
}

} // namespace

Result<PlacementState> PlacementState::create(const QList<HostModel> &hosts, const QList<ZonePolicy> &zones)
{
    PlacementState state;
    PlacementIndex &ix = state.m_index;

    // Zones, and which zone lists which host.
    QHash<QString, QString> listedBy;
    for (const ZonePolicy &z : zones) {
        if (auto r = validateZone(z); !r)
            return r.error();
        if (ix.zoneIds.contains(z.name))
            return Error(proto::ERROR_ALREADY_EXISTS, QStringLiteral("Zone %1 is defined twice.").arg(z.name));
        for (const QString &h : z.hosts) {
            const QString other = listedBy.value(h);
            if (!other.isEmpty() && other != z.name)
                return invalid(QStringLiteral("Host %1 is listed by zones %2 and %3; a host belongs to one zone.")
                                   .arg(h, other, z.name));
            listedBy.insert(h, z.name);
        }
        ix.zoneIds.insert(z.name, int(ix.zones.size()));
        PlacementIndex::ZoneSlot slot;
        slot.name = z.name;
        slot.policy = z;
        slot.policy.hosts.clear(); // rebuilt below from the hosts themselves
        ix.zones.push_back(slot);
    }

    // Hosts, in natural name order.
    QList<HostModel> sorted = hosts;
    std::sort(sorted.begin(), sorted.end(), [](const HostModel &a, const HostModel &b) { return naturalLess(a.name, b.name); });
    for (qsizetype i = 0; i < sorted.size(); ++i) {
        HostModel &h = sorted[i];
        if (auto r = validateHost(h); !r)
            return r.error();
        if (ix.hostIds.contains(h.name))
            return Error(proto::ERROR_ALREADY_EXISTS, QStringLiteral("Host %1 is listed twice.").arg(h.name));
        ix.hostIds.insert(h.name, int(i));
        const QString listed = listedBy.value(h.name);
        if (!listed.isEmpty()) {
            if (!h.zone.isEmpty() && h.zone != listed)
                return invalid(QStringLiteral("Host %1 says it is in zone %2, but zone %3 lists it.").arg(h.name, h.zone, listed));
            h.zone = listed;
        }
        if (!h.zone.isEmpty() && !ix.zoneIds.contains(h.zone)) {
            // A zone known only from its hosts: default policy.
            ix.zoneIds.insert(h.zone, int(ix.zones.size()));
            PlacementIndex::ZoneSlot slot;
            slot.name = h.zone;
            slot.policy.name = h.zone;
            ix.zones.push_back(slot);
        }
    }
    for (auto it = listedBy.cbegin(); it != listedBy.cend(); ++it)
        if (!ix.hostIds.contains(it.key()))
            return Error(proto::ERROR_NOT_FOUND,
                         QStringLiteral("Zone %1 lists host %2, which is not among the hosts.").arg(it.value(), it.key()));

    for (const auto &z : ix.zones)
        if (!z.policy.qosClass.isEmpty())
            intern(ix.qosIds, z.policy.qosClass);
    if (ix.qosIds.size() > kMaxQosClasses)
        return invalid(QStringLiteral("More than %1 QoS classes are in use; merge some classes.").arg(kMaxQosClasses));

    ix.hosts = sorted;
    ix.hostSlots.resize(size_t(sorted.size()));
    ix.allHosts.resize(size_t(sorted.size()));
    for (qsizetype i = 0; i < sorted.size(); ++i) {
        const HostModel &h = sorted[i];
        PlacementIndex::HostSlot &s = ix.hostSlots[size_t(i)];
        ix.allHosts[size_t(i)] = int(i);
        s.state = h.state;
        s.zone = h.zone.isEmpty() ? -1 : ix.zoneIds.value(h.zone);
        const double ratio = s.zone >= 0 ? ix.zones[size_t(s.zone)].policy.coreOvercommit : 1.0;
        s.coresCapacity = std::int64_t(std::floor(double(h.coresTotal) * ratio + 1e-9));
        s.coresFree = s.coresCapacity - (std::int64_t(h.coresTotal) - h.coresFree);
        s.memoryTotal = h.memoryTotalMib;
        s.memoryFree = h.memoryFreeMib;
        s.site = intern(ix.siteIds, h.location.site);
        s.room = intern(ix.roomIds, h.location.room);
        if (!h.location.rack.isEmpty()) {
            const QString key = h.location.site + QLatin1Char('\x1f') + h.location.room + QLatin1Char('\x1f') + h.location.rack;
            const qsizetype before = ix.rackIds.size();
            s.rack = intern(ix.rackIds, key);
            if (ix.rackIds.size() != before)
                ix.rackNames.append(h.location.rack);
        }
        s.qosFromHost = !h.qosClasses.isEmpty();
        const QStringList offered =
            s.qosFromHost ? h.qosClasses
                          : (s.zone >= 0 && !ix.zones[size_t(s.zone)].policy.qosClass.isEmpty()
                                 ? QStringList{ix.zones[size_t(s.zone)].policy.qosClass}
                                 : QStringList{});
        for (const QString &q : offered) {
            const int id = intern(ix.qosIds, q);
            if (id >= kMaxQosClasses)
                return invalid(QStringLiteral("More than %1 QoS classes are in use; merge some classes.").arg(kMaxQosClasses));
            s.qosMask |= std::uint64_t(1) << id;
        }
        s.linkBegin = int(ix.links.size());
        s.linkCount = int(h.links.size());
        for (const auto &l : h.links) {
            ix.links.push_back({l.capacityMbps, l.guaranteedMbps});
            ix.maxLinkCapacity = std::max<std::uint64_t>(ix.maxLinkCapacity, l.capacityMbps);
        }
        s.residents = int(h.residents.size());

        if (s.takesPartitions()) {
            ix.maxHostCores = std::max(ix.maxHostCores, s.coresCapacity);
            ix.maxHostMemory = std::max(ix.maxHostMemory, s.memoryTotal);
        }
        if (s.zone >= 0) {
            PlacementIndex::ZoneSlot &z = ix.zones[size_t(s.zone)];
            z.hosts.append(int(i));
            z.policy.hosts.append(h.name);
            for (const auto &l : h.links)
                z.bandwidthUsed += l.guaranteedMbps;
            if (s.takesPartitions()) {
                z.coresCapacity += s.coresCapacity;
                z.coresFree += std::max<std::int64_t>(0, s.coresFree);
                z.memoryTotal += s.memoryTotal;
                z.memoryFree += s.memoryFree;
                z.maxHostCores = std::max(z.maxHostCores, s.coresCapacity);
                z.maxHostMemory = std::max(z.maxHostMemory, s.memoryTotal);
            }
        }
    }
    ix.qosNames.resize(ix.qosIds.size());
    for (auto it = ix.qosIds.cbegin(); it != ix.qosIds.cend(); ++it)
        ix.qosNames[*it] = it.key();

    for (auto &z : ix.zones) {
        z.reserveCores = std::int64_t(std::ceil(z.policy.haHeadroom * double(z.coresCapacity) - 1e-9));
        z.reserveMemory = std::uint64_t(std::ceil(z.policy.haHeadroom * double(z.memoryTotal) - 1e-9));
    }
    for (qsizetype i = 0; i < sorted.size(); ++i)
        for (const auto &p : sorted[i].residents)
            ix.adjustGroups(p.affinityGroup, p.antiAffinityGroup, int(i), 1);
    return state;
}

const HostModel *PlacementState::host(const QString &name) const
{
    const int i = m_index.hostIds.value(name, -1);
    return i < 0 ? nullptr : &m_index.hosts[i];
}

QList<ZonePolicy> PlacementState::zones() const
{
    QList<ZonePolicy> out;
    out.reserve(qsizetype(m_index.zones.size()));
    for (const auto &z : m_index.zones)
        out.append(z.policy);
    return out;
}

std::int64_t PlacementState::haReservedCores(const QString &zone) const
{
    const int z = m_index.zoneIds.value(zone, -1);
    return z < 0 ? 0 : m_index.zones[size_t(z)].reserveCores;
}

std::uint64_t PlacementState::haReservedMemoryMib(const QString &zone) const
{
    const int z = m_index.zoneIds.value(zone, -1);
    return z < 0 ? 0 : m_index.zones[size_t(z)].reserveMemory;
}

namespace {

int findLink(const PlacementIndex &ix, int host, const QString &name)
{
    const HostModel &h = ix.hosts[host];
    for (qsizetype l = 0; l < h.links.size(); ++l)
        if (h.links[l].name == name)
            return ix.hostSlots[size_t(host)].linkBegin + int(l);
    return -1;
}

} // namespace

Result<void> PlacementState::commit(const Demand &demand, const Choice &choice)
{
    PlacementIndex &ix = m_index;
    const int h = ix.hostIds.value(choice.host, -1);
    if (h < 0)
        return Error(proto::ERROR_NOT_FOUND, QStringLiteral("Host %1 is not known to placement.").arg(choice.host));
    const PlacementIndex::HostSlot &s = ix.hostSlots[size_t(h)];
    if (!s.takesPartitions())
        return Error(proto::ERROR_CONFLICT,
                     QStringLiteral("Host %1 does not take partitions now; place partition %2 again.").arg(choice.host, demand.name));
    if (s.coresFree < std::int64_t(demand.vcpus))
        return Error(proto::ERROR_CONFLICT, QStringLiteral("Host %1 has %2 free; partition %3 needs %4.")
                                                .arg(choice.host, coresText(s.coresFree), demand.name).arg(demand.vcpus));
    if (s.memoryFree < demand.memoryMib)
        return Error(proto::ERROR_CONFLICT, QStringLiteral("Host %1 has %2 MiB free; partition %3 needs %4 MiB.")
                                                .arg(choice.host).arg(s.memoryFree).arg(demand.name).arg(demand.memoryMib));
    int link = -1;
    if (demand.bandwidthMbps > 0) {
        link = findLink(ix, h, choice.link);
        if (link < 0)
            return Error(proto::ERROR_NOT_FOUND, QStringLiteral("Host %1 has no link named \"%2\" for the %3 Mbps guarantee of "
                                                                "partition %4.")
                                                     .arg(choice.host, choice.link).arg(demand.bandwidthMbps).arg(demand.name));
        if (ix.unguaranteed(link) < demand.bandwidthMbps)
            return Error(proto::ERROR_CONFLICT, QStringLiteral("Link %1 of host %2 has %3 Mbps unguaranteed; partition %4 needs %5.")
                                                    .arg(choice.link, choice.host).arg(ix.unguaranteed(link)).arg(demand.name)
                                                    .arg(demand.bandwidthMbps));
    }
    ix.apply(demand, h, link);
    return {};
}

Result<void> PlacementState::release(const Demand &demand, const QString &host, const QString &link)
{
    PlacementIndex &ix = m_index;
    const int h = ix.hostIds.value(host, -1);
    if (h < 0)
        return Error(proto::ERROR_NOT_FOUND, QStringLiteral("Host %1 is not known to placement.").arg(host));
    const auto &residents = ix.hosts[h].residents;
    if (std::none_of(residents.cbegin(), residents.cend(), [&](const HostModel::Resident &r) { return r.partition == demand.name; }))
        return Error(proto::ERROR_NOT_FOUND, QStringLiteral("Partition %1 is not placed on host %2.").arg(demand.name, host));
    int l = -1;
    if (demand.bandwidthMbps > 0) {
        l = findLink(ix, h, link);
        if (l < 0)
            return Error(proto::ERROR_NOT_FOUND, QStringLiteral("Host %1 has no link named \"%2\".").arg(host, link));
        if (ix.links[size_t(l)].guaranteed < demand.bandwidthMbps)
            return Error(proto::ERROR_CONFLICT, QStringLiteral("Link %1 of host %2 holds less than the %3 Mbps partition %4 gives back.")
                                                    .arg(link, host).arg(demand.bandwidthMbps).arg(demand.name));
    }
    ix.remove(demand, h, l);
    return {};
}

} // namespace vdc::placement
