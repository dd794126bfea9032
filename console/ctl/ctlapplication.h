#pragma once

#include <QString>
#include <QStringList>

class QTextStream;

namespace vdc::ctl {

// The whole of vdcctl behind main(): parse, ask the service, print.
// Exit status: 0 success, 1 the service refused or the operation failed,
// 2 bad arguments, 3 no answer from the service.
class CtlApplication
{
public:
    enum ExitCode { Success = 0, Failed = 1, Usage = 2, NoAnswer = 3 };

    // Time a start, stop or delete may take on the service's side (the
    // agent's 60 s plus the inventory refresh) when --timeout is not given.
    static constexpr int kAgentOperationTimeoutSeconds = 75;

    static int run(const QStringList &arguments, const QString &environmentEndpoint, const QString &environmentUser,
                   QTextStream &out, QTextStream &err);
};

} // namespace vdc::ctl
