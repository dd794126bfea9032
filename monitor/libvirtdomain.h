#pragma once

#include "core/result.h"
#include "jobstats.h"

#include "vdc.pb.h"

#include <QString>

#include <cstdint>
#include <optional>

// libvirt's handle type, without pulling libvirt.h into every includer.
struct _virDomain;

namespace vdc::monitor {

// One libvirt domain handle (owned, freed on destruction). Every failure is
// an Error built from libvirt's last error, saying what was attempted.
class LibvirtDomain
{
public:
    explicit LibvirtDomain(_virDomain *domain) : m_domain(domain) {}
    ~LibvirtDomain();
    LibvirtDomain(LibvirtDomain &&other) noexcept;
    LibvirtDomain &operator=(LibvirtDomain &&other) noexcept;
    LibvirtDomain(const LibvirtDomain &) = delete;
    LibvirtDomain &operator=(const LibvirtDomain &) = delete;

    QString name() const;
    QString uuid() const;

    // Running, paused or stopped (shut off, crashed).
    Result<proto::PartitionState> state() const;
    Result<bool> isActive() const;
    Result<QString> xmlDescription() const;
    // The <metadata> element of the given namespace, nullopt when the domain
    // has none (a domain vdc did not create).
    Result<std::optional<QString>> metadata(const QString &namespaceUri) const;
    // Replaces that element (live, and in the persistent definition when
    // there is one).
    Result<void> setMetadata(const QString &namespaceUri, const QString &prefix, const QString &xml);

    Result<void> start();
    Result<void> destroy();
    Result<void> undefine();
    Result<bool> isPersistent() const;
    // The relative CPU weight the domain runs with: the "cpu_shares" scheduler
    // parameter (QEMU) or "weight" (the test driver's fair scheduler).
    Result<std::uint32_t> cpuShares() const;
    // Changes it on the running domain (and its persistent definition, where
    // the driver keeps one apart).
    Result<void> setCpuShares(std::uint32_t shares);

    // The XML a migration or save carries (VIR_DOMAIN_XML_MIGRATABLE, with
    // secure fields): what the destination's definition is rewritten from.
    Result<QString> migratableXml() const;
    // A running or paused domain that libvirt paused for a migration.
    Result<bool> isPausedForMigration() const;

    // Peer-to-peer live migration to `targetUri` (the target libvirt), the
    // memory stream to `address` (empty: libvirt's choice), with `destXml` as
    // the target's live and persistent definition. Blocks until libvirt is
    // done; abortJob() from another thread ends it early.
    Result<void> migrateLive(const QString &targetUri, const QString &address, const QString &destXml,
                             std::uint32_t bandwidthMibPerSecond);
    // Saves the running guest's state to `path` (the domain stops). Blocks.
    Result<void> save(const QString &path);
    // Statistics of the running job, or of the last completed one.
    Result<JobStats> jobStats(bool completed) const;
    Result<void> abortJob();

    _virDomain *handle() const { return m_domain; }

private:
    _virDomain *m_domain = nullptr;
};

} // namespace vdc::monitor
