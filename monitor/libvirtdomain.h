#pragma once

#include "core/result.h"

#include "vdc.pb.h"

#include <QString>

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

    Result<void> start();
    Result<void> destroy();
    Result<void> undefine();

    _virDomain *handle() const { return m_domain; }

private:
    _virDomain *m_domain = nullptr;
};

} // namespace vdc::monitor
