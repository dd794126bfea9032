#pragma once

#include "vdc.pb.h"

#include <QString>

namespace vdc {

using ErrorCode = proto::ErrorCode;

// A failure a person can act on: a code for programs, a sentence for people.
class Error
{
public:
    Error() = default;
    Error(ErrorCode code, QString message) : m_code(code), m_message(std::move(message)) {}

    ErrorCode code() const { return m_code; }
    const QString &message() const { return m_message; }
    // "insufficient resources" etc., for logs and CLI prefixes.
    QString codeName() const;

    proto::Error toProto() const;
    static Error fromProto(const proto::Error &error);

private:
    ErrorCode m_code = proto::ERROR_INTERNAL;
    QString m_message;
};

} // namespace vdc
