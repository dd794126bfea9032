#include "domaintype.h"

namespace vdc::monitor {

QString domainTypeName(DomainType type)
{
    switch (type) {
    case DomainType::Test: return QStringLiteral("test");
    case DomainType::Kvm: return QStringLiteral("kvm");
    case DomainType::Qemu: return QStringLiteral("qemu");
    }
    return QStringLiteral("qemu");
}

} // namespace vdc::monitor
