#include "error.h"

namespace vdc {

QString Error::codeName() const
{
    switch (m_code) {
    case proto::ERROR_NONE: return QStringLiteral("ok");
    case proto::ERROR_INVALID_ARGUMENT: return QStringLiteral("invalid argument");
    case proto::ERROR_NOT_FOUND: return QStringLiteral("not found");
    case proto::ERROR_ALREADY_EXISTS: return QStringLiteral("already exists");
    case proto::ERROR_INSUFFICIENT_RESOURCES: return QStringLiteral("insufficient resources");
    case proto::ERROR_CONFLICT: return QStringLiteral("conflict");
    case proto::ERROR_UNAVAILABLE: return QStringLiteral("unavailable");
    case proto::ERROR_HYPERVISOR: return QStringLiteral("hypervisor error");
    case proto::ERROR_MALFORMED: return QStringLiteral("malformed message");
    case proto::ERROR_UNSUPPORTED_VERSION: return QStringLiteral("unsupported version");
    case proto::ERROR_INTERNAL: return QStringLiteral("internal error");
    case proto::ERROR_FAILED_PRECONDITION: return QStringLiteral("failed precondition");
    case proto::ERROR_STORAGE: return QStringLiteral("storage error");
    case proto::ERROR_CANCELLED: return QStringLiteral("cancelled");
    default: return QStringLiteral("error %1").arg(int(m_code));
    }
}

proto::Error Error::toProto() const
{
    proto::Error e;
    e.set_code(m_code);
    e.set_message(m_message.toStdString());
    return e;
}

Error Error::fromProto(const proto::Error &error)
{
    return Error(error.code(), QString::fromStdString(error.message()));
}

} // namespace vdc
