#pragma once

#include "core/result.h"

#include <QString>
#include <QStringList>

namespace vdc::agent {

// The command line of vdc-agent:
//   vdc-agent --channel NAME --listen ENDPOINT --publish ENDPOINT --store PATH.sqlite
//             [--host-name NAME] [--endpoint-file PATH] [--state-dir DIR]
struct AgentOptions
{
    enum class Action {
        Run,
        ShowHelp,    // `text` holds the help
        ShowVersion, // `text` holds the version line
    };

    Action action = Action::Run;
    QString text;
    QString channel;
    QString listen;
    QString publish;
    QString store;
    QString hostName; // defaults to the machine's host name
    QString endpointFile;
    QString stateDir; // saved states of offline migrations; default: next to the store

    // "<store without .sqlite>.migration" next to the store.
    static QString defaultStateDir(const QString &store);

    // Parses `arguments` (argv, program name first). A bad or missing option
    // is an ERROR_INVALID_ARGUMENT whose message is for stderr.
    static Result<AgentOptions> parse(const QStringList &arguments);
};

} // namespace vdc::agent
