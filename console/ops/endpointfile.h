#pragma once

#include "core/result.h"

#include <QString>

namespace vdc::ops {

// The file a daemon writes once its sockets are bound, so that whoever
// started it with tcp://127.0.0.1:* learns the ports: two lines,
// "listen=<endpoint>" and "publish=<endpoint>", written atomically (a
// temporary file renamed into place), so a reader never sees half of it.
class EndpointFile
{
public:
    static Result<void> write(const QString &path, const QString &listenEndpoint, const QString &publishEndpoint);

    struct Endpoints
    {
        QString listen;
        QString publish;
    };
    static Result<Endpoints> read(const QString &path);
};

} // namespace vdc::ops
