#include "agentoptions.h"

#include "core/version.h"
#include "model/validation.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QSysInfo>

namespace vdc::agent {

QString AgentOptions::defaultStateDir(const QString &store)
{
    const QFileInfo info(store);
    return info.absoluteDir().filePath(info.completeBaseName() + QStringLiteral(".migration"));
}

Result<AgentOptions> AgentOptions::parse(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("The command partition of a vdc host: keeps the host's partition definitions, chooses their "
                       "resources and drives the host's vdc-monitor over the command channel."));
    const QCommandLineOption channel(QStringLiteral("channel"),
                                     QStringLiteral("Shared-memory name of the monitor's command channel (\"/vdc-h1\")."),
                                     QStringLiteral("name"));
    const QCommandLineOption listen(QStringLiteral("listen"),
                                    QStringLiteral("ZeroMQ endpoint of the agent API (ROUTER), e.g. tcp://127.0.0.1:*."),
                                    QStringLiteral("endpoint"));
    const QCommandLineOption publish(QStringLiteral("publish"),
                                     QStringLiteral("ZeroMQ endpoint for heartbeats (PUB)."), QStringLiteral("endpoint"));
    const QCommandLineOption store(QStringLiteral("store"), QStringLiteral("Path of the SQLite bootstrap store."),
                                   QStringLiteral("path"));
    const QCommandLineOption hostName(QStringLiteral("host-name"),
                                      QStringLiteral("Name of this host (default: the machine's host name)."),
                                      QStringLiteral("name"));
    const QCommandLineOption endpointFile(QStringLiteral("endpoint-file"),
                                          QStringLiteral("Write the bound endpoints to this file (\"listen=\", "
                                                         "\"publish=\" lines)."),
                                          QStringLiteral("path"));
    const QCommandLineOption stateDir(QStringLiteral("state-dir"),
                                      QStringLiteral("Folder for the saved states of offline migrations (default: "
                                                     "<store>.migration next to the store). The host's libvirt must "
                                                     "reach it by the same path."),
                                      QStringLiteral("dir"));
    parser.addOptions({channel, listen, publish, store, hostName, endpointFile, stateDir});
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();

    if (!parser.parse(arguments)) {
        QString text = parser.errorText();
        if (!text.endsWith(QLatin1Char('.')))
            text += QLatin1Char('.');
        return Error(proto::ERROR_INVALID_ARGUMENT, text + QStringLiteral(" See --help."));
    }

    AgentOptions options;
    if (parser.isSet(help)) {
        options.action = Action::ShowHelp;
        options.text = parser.helpText();
        return options;
    }
    if (parser.isSet(version)) {
        options.action = Action::ShowVersion;
        options.text = QStringLiteral("vdc-agent %1\n").arg(QLatin1String(kVersionString));
        return options;
    }
    if (!parser.positionalArguments().isEmpty())
        return Error(proto::ERROR_INVALID_ARGUMENT,
                     QStringLiteral("Unexpected argument \"%1\"; vdc-agent takes only options (see --help).")
                         .arg(parser.positionalArguments().constFirst()));
    for (const auto *required : {&channel, &listen, &publish, &store}) {
        if (!parser.isSet(*required) || parser.value(*required).isEmpty())
            return Error(proto::ERROR_INVALID_ARGUMENT,
                         QStringLiteral("The option --%1 is required (see --help).").arg(required->names().constFirst()));
    }
    options.channel = parser.value(channel);
    options.listen = parser.value(listen);
    options.publish = parser.value(publish);
    options.store = parser.value(store);
    options.endpointFile = parser.value(endpointFile);
    options.stateDir = parser.isSet(stateDir) ? QFileInfo(parser.value(stateDir)).absoluteFilePath()
                                              : defaultStateDir(options.store);
    options.hostName = parser.isSet(hostName) ? parser.value(hostName) : QSysInfo::machineHostName();
    if (!options.channel.startsWith(QLatin1Char('/')) || options.channel.size() < 2
        || options.channel.indexOf(QLatin1Char('/'), 1) != -1)
        return Error(proto::ERROR_INVALID_ARGUMENT,
                     QStringLiteral("The channel name \"%1\" is not a shared-memory name; use one slash followed by a "
                                    "name, such as /vdc-h1.")
                         .arg(options.channel));
    if (auto r = model::validateName(QStringLiteral("host name"), options.hostName); !r)
        return r.error();
    return options;
}

} // namespace vdc::agent
