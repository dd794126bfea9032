#pragma once

#include "core/result.h"
#include "domaintype.h"
#include "libvirtdomain.h"

#include <QSet>
#include <QString>

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

struct _virConnect;
struct _virError;

namespace vdc::monitor {

// What the hypervisor reports about the host.
struct NodeResources
{
    std::vector<std::uint32_t> coreNumaNodes; // index = physical CPU number
    std::uint64_t memoryMib = 0;
    QString cpuModel;
};

// One libvirt connection. libvirt's default error printing is replaced (vdc
// reports errors itself); every libvirt failure becomes a vdc::Error with code
// ERROR_HYPERVISOR and a sentence saying what was attempted.
class LibvirtConnection
{
public:
    // Opens the URI (qemu:///system, qemu:///system?socket=..., test:///default,
    // test:///<absolute path of a node file>) and picks the domain type: "test"
    // for the test driver, "kvm" when the QEMU driver can use KVM, else "qemu".
    static Result<std::unique_ptr<LibvirtConnection>> open(const QString &uri);
    ~LibvirtConnection();
    LibvirtConnection(const LibvirtConnection &) = delete;
    LibvirtConnection &operator=(const LibvirtConnection &) = delete;

    const QString &uri() const { return m_uri; }
    DomainType domainType() const { return m_domainType; }
    // The driver's own name: "QEMU", "TEST".
    const QString &driverName() const { return m_driverName; }

    // Cores (with their NUMA node, from the capabilities' topology where the
    // driver reports one, else node 0) and memory of the host.
    Result<NodeResources> nodeResources() const;

    Result<std::vector<LibvirtDomain>> listAllDomains() const;
    // UUIDs of the running (or paused) domains, in one call.
    Result<QSet<QString>> activeDomainUuids() const;
    Result<std::optional<LibvirtDomain>> lookupByUuid(const QString &uuid) const;
    Result<std::optional<LibvirtDomain>> lookupByName(const QString &name) const;
    // Defines (or redefines) a persistent domain. `name` is for the message.
    Result<LibvirtDomain> define(const QString &xml, const QString &name);

    // The domain XML stored in a saved state file, and a replacement for it
    // (host-side settings only: pinning, metadata).
    Result<QString> savedStateXml(const QString &path) const;
    Result<void> replaceSavedStateXml(const QString &path, const QString &xml);
    // Restores a saved state file; the guest runs again.
    Result<void> restore(const QString &path);

    // Whether the driver can live-migrate (the QEMU driver can, the test driver cannot).
    bool canMigrateLive() const { return m_domainType != DomainType::Test; }

    // An Error from libvirt's last error of this thread: "<attempted>: <why>."
    static Error lastError(const QString &attempted);
    // The same from a libvirt error saved earlier (nullptr: no reason known).
    static Error errorFrom(const _virError *error, const QString &attempted);

    _virConnect *handle() const { return m_connection; }

private:
    LibvirtConnection(_virConnect *connection, QString uri) : m_connection(connection), m_uri(std::move(uri)) {}

    _virConnect *m_connection = nullptr;
    QString m_uri;
    QString m_driverName;
    DomainType m_domainType = DomainType::Qemu;
};

} // namespace vdc::monitor
