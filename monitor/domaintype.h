#pragma once

#include <QString>

namespace vdc::monitor {

// The libvirt domain type a host's partitions run as.
enum class DomainType {
    Test, // libvirt's in-memory test driver
    Kvm,  // QEMU with hardware virtualization
    Qemu, // QEMU with software emulation (TCG), where /dev/kvm is missing
};

// "test", "kvm", "qemu": the value of <domain type='...'>.
QString domainTypeName(DomainType type);

} // namespace vdc::monitor
