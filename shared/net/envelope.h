#pragma once

#include "core/result.h"
#include "core/version.h"

#include <QByteArray>

#include <google/protobuf/message_lite.h>

namespace vdc::net {

// Serialises a protobuf message to one ZeroMQ frame.
inline QByteArray encode(const google::protobuf::MessageLite &message)
{
    QByteArray bytes(qsizetype(message.ByteSizeLong()), Qt::Uninitialized);
    message.SerializeToArray(bytes.data(), int(bytes.size()));
    return bytes;
}

// Decodes one frame into an envelope and checks its protocol version.
// A frame that does not decode is refused with ERROR_MALFORMED.
template<typename Envelope>
Result<Envelope> decode(const QByteArray &bytes, const char *what)
{
    Envelope envelope;
    if (!envelope.ParseFromArray(bytes.constData(), int(bytes.size())))
        return Error(proto::ERROR_MALFORMED,
                     QStringLiteral("Cannot decode %1 (%2 bytes): not a valid message.")
                         .arg(QLatin1String(what)).arg(bytes.size()));
    if (envelope.protocol_version() != kProtocolVersion)
        return Error(proto::ERROR_UNSUPPORTED_VERSION,
                     QStringLiteral("%1 has protocol version %2; this program speaks version %3.")
                         .arg(QLatin1String(what)).arg(envelope.protocol_version()).arg(kProtocolVersion));
    return envelope;
}

} // namespace vdc::net
