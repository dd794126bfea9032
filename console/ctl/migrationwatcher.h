#pragma once

#include "vdc.pb.h"

#include <QString>

class QTextStream;

namespace vdc::ctl {

// vdcctl migrate: sends the migration, shows its progress from the
// service's state stream (one line rewritten with \r on a terminal, a line
// per phase change or second otherwise) and prints the outcome. The first
// Ctrl-C asks the service to cancel and keeps waiting for the outcome; a
// second one ends vdcctl at once.
class MigrationWatcher
{
public:
    struct Options
    {
        QString endpoint;         // the ops API
        QString publishEndpoint;  // its state stream (from Hello); empty: no progress shown
        bool json = false;
        int timeoutSeconds = 0;   // 0: wait as long as the migration takes
    };

    // Returns the exit code (0 only when the partition runs on the target).
    static int run(const Options &options, const proto::OpsRequest &request, QTextStream &out, QTextStream &err);
};

} // namespace vdc::ctl
