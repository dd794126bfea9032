#pragma once

#include <QDateTime>
#include <QString>

namespace vdc::ops {

// One row of the audit log: who asked for what on which object, and how it
// ended. Written for every change request, refused ones included.
struct AuditEvent
{
    qint64 id = 0;         // assigned by the database
    QDateTime time;        // UTC; filled in when written if left invalid
    QString user;
    QString action;        // "partition.create", "host.add", ...
    QString object;        // "partition default/web1", "host h1"
    QString result;        // "ok" or the error code name ("already exists")
    QString message;       // what happened, as a sentence
};

} // namespace vdc::ops
