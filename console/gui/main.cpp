// vdc-console: the Qt Widgets console of vdc.
#include "consolesession.h"
#include "settingsdialog.h"

#include "core/version.h"
#include "terminationsignals.h"

#include <QApplication>
#include <QCommandLineParser>

#include <cstdio>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("vdc-console"));
    QApplication::setApplicationDisplayName(QApplication::translate("main", "vdc Console"));
    QApplication::setOrganizationName(QStringLiteral("vdc"));
    QApplication::setApplicationVersion(QLatin1String(vdc::kVersionString));
    vdc::gui::SettingsDialog::installTranslations();
    QApplication::setApplicationDisplayName(QApplication::translate("main", "vdc Console"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate(
        "main", "The desktop console of vdc. Without --connect it runs its own operations engine; with neither "
                "--connect nor --database it also starts a demo data center of three hosts."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption connectOption(
        QStringLiteral("connect"), QApplication::translate("main", "Connect to the vdc-opsd at <endpoint>."),
        QStringLiteral("endpoint"));
    const QCommandLineOption databaseOption(
        QStringLiteral("database"),
        QApplication::translate("main", "Keep the embedded engine's operations database in <path>."),
        QStringLiteral("path"));
    const QCommandLineOption demoOption(
        QStringLiteral("demo"), QApplication::translate("main", "Start the demo data center (three hosts)."));
    const QCommandLineOption noDemoOption(
        QStringLiteral("no-demo"), QApplication::translate("main", "Start with an empty embedded engine."));
    const QCommandLineOption demoHostsOption(
        QStringLiteral("demo-hosts"),
        QApplication::translate("main", "What the demo's hosts run on: real (libvirtd with QEMU/KVM guests, needs root), "
                                        "test (libvirt's test driver) or auto (real where possible, default)."),
        QStringLiteral("kind"), QStringLiteral("auto"));
    const QCommandLineOption screenshotOption(
        QStringLiteral("screenshot"),
        QApplication::translate("main", "Once the state has arrived, save the main window to <file> (PNG) and exit."),
        QStringLiteral("file"));
    const QCommandLineOption screenshotViewOption(
        QStringLiteral("screenshot-view"),
        QApplication::translate("main", "What --screenshot shows: window (the whole main window, default), map, calendar or charts."),
        QStringLiteral("view"), QStringLiteral("window"));
    parser.addOptions({connectOption, databaseOption, demoOption, noDemoOption, demoHostsOption, screenshotOption,
                       screenshotViewOption});
    parser.process(app);

    if (parser.isSet(demoOption) && parser.isSet(noDemoOption)) {
        std::fprintf(stderr, "vdc-console: %s\n",
                     qPrintable(QApplication::translate("main", "--demo and --no-demo contradict each other; give one.")));
        return 2;
    }

    vdc::gui::ConsoleOptions options;
    options.connectEndpoint = parser.value(connectOption);
    options.databasePath = parser.value(databaseOption);
    if (parser.isSet(demoOption))
        options.demo = true;
    else if (parser.isSet(noDemoOption))
        options.demo = false;
    options.demoHosts = parser.value(demoHostsOption);
    options.screenshotPath = parser.value(screenshotOption);
    options.screenshotView = parser.value(screenshotViewOption);

    // SIGTERM and SIGINT end the console through its destructors, so the demo
    // hosts are stopped and their channels and files removed.
    auto termination = vdc::ops::TerminationSignals::install();
    if (termination)
        QObject::connect(termination.value().get(), &vdc::ops::TerminationSignals::received, &app,
                         [] { QCoreApplication::exit(0); });

    vdc::gui::ConsoleSession session;
    QObject::connect(&session, &vdc::gui::ConsoleSession::finished, &app, &QCoreApplication::exit);
    if (auto started = session.start(options); !started) {
        std::fprintf(stderr, "vdc-console: %s\n", qPrintable(started.error().message()));
        return 1;
    }
    return app.exec();
}
