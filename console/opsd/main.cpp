// vdc-opsd: the headless operations service.
#include "core/version.h"
#include "endpointfile.h"
#include "opsservice.h"
#include "statsarchive.h"
#include "terminationsignals.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

namespace {

void fail(const QString &message)
{
    std::fprintf(stderr, "vdc-opsd: %s\n", qPrintable(message));
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("vdc-opsd"));
    QCoreApplication::setApplicationVersion(QLatin1String(vdc::kVersionString));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("The vdc operations service: operations database, placement and "
                                                    "the operations API."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption database(QStringLiteral("database"), QStringLiteral("The operations database (SQLite file)."),
                                      QStringLiteral("PATH"));
    const QCommandLineOption listen(QStringLiteral("listen"), QStringLiteral("Endpoint for the ops API (ROUTER)."),
                                    QStringLiteral("ENDPOINT"));
    const QCommandLineOption publish(QStringLiteral("publish"), QStringLiteral("Endpoint for state deltas (PUB)."),
                                     QStringLiteral("ENDPOINT"));
    const QCommandLineOption endpointFile(QStringLiteral("endpoint-file"),
                                          QStringLiteral("Write the bound endpoints here (listen=..., publish=...)."),
                                          QStringLiteral("PATH"));
    const QCommandLineOption statsRetention(
        QStringLiteral("stats-retention"),
        QStringLiteral("Keep SECONDS of the hosts' statistics for consoles that join later (default 900)."),
        QStringLiteral("SECONDS"), QStringLiteral("900"));
    parser.addOptions({database, listen, publish, endpointFile, statsRetention});
    if (!parser.parse(QCoreApplication::arguments())) {
        fail(parser.errorText() + QStringLiteral("; see vdc-opsd --help."));
        return 2;
    }
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(0);
    if (parser.isSet(QStringLiteral("version")))
        parser.showVersion();
    for (const auto &required : {database, listen, publish}) {
        if (parser.value(required).isEmpty()) {
            fail(QStringLiteral("--%1 is required; see vdc-opsd --help.").arg(required.names().constFirst()));
            return 2;
        }
    }

    bool retentionOk = false;
    const uint retention = parser.value(statsRetention).toUInt(&retentionOk);
    if (!retentionOk || retention < 1 || retention > vdc::ops::StatsArchive::kMaxRetentionS) {
        fail(QStringLiteral("--stats-retention takes a number of seconds from 1 to %1 (a week), not \"%2\".")
                 .arg(vdc::ops::StatsArchive::kMaxRetentionS)
                 .arg(parser.value(statsRetention)));
        return 2;
    }

    auto signals_ = vdc::ops::TerminationSignals::install();
    if (!signals_) {
        fail(signals_.error().message());
        return 1;
    }
    QObject::connect(signals_->get(), &vdc::ops::TerminationSignals::received, &app, [] { QCoreApplication::quit(); });

    vdc::ops::OpsService::Options options;
    options.databasePath = parser.value(database);
    options.listenEndpoint = parser.value(listen);
    options.publishEndpoint = parser.value(publish);
    options.statsRetentionS = retention;
    auto service = vdc::ops::OpsService::start(options);
    if (!service) {
        fail(service.error().message());
        return 1;
    }
    if (parser.isSet(endpointFile)) {
        if (auto r = vdc::ops::EndpointFile::write(parser.value(endpointFile), (*service)->listenEndpoint(),
                                                   (*service)->publishEndpoint());
            !r) {
            fail(r.error().message());
            return 1;
        }
    }
    std::fprintf(stderr, "vdc-opsd: serving the ops API on %s, state deltas on %s (database %s)\n",
                 qPrintable((*service)->listenEndpoint()), qPrintable((*service)->publishEndpoint()),
                 qPrintable(parser.value(database)));
    std::fflush(stderr);

    const int code = app.exec();
    service->reset();
    return code;
}
