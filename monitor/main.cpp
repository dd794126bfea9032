// vdc-monitor: the ultravisor partition of one host. Owns the host's resource
// database, applies resource transactions from the agent (command channel)
// and drives libvirt. See docs/architecture.md.

#include "libvirtconnection.h"
#include "migrationuri.h"
#include "monitorlogging.h"
#include "monitorservice.h"
#include "statssampler.h"
#include "transactionprocessor.h"

#include "channel/commandchannel.h"
#include "core/version.h"
#include "model/validation.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QSocketNotifier>
#include <QSysInfo>

#include <csignal>
#include <cstdio>
#include <sys/signalfd.h>
#include <unistd.h>

using namespace vdc;

namespace {

[[noreturn]] void failUsage(const QString &message)
{
    std::fprintf(stderr, "vdc-monitor: %s\nTry 'vdc-monitor --help' for the options.\n", qPrintable(message));
    std::exit(2);
}

int fail(const QString &message)
{
    std::fprintf(stderr, "vdc-monitor: %s\n", qPrintable(message));
    return 1;
}

quint64 numberOption(const QCommandLineParser &parser, const QString &name, quint64 max)
{
    bool ok = false;
    const QString text = parser.value(name);
    const quint64 value = text.toULongLong(&ok);
    if (!ok || value > max)
        failUsage(QStringLiteral("--%1 takes a whole number from 0 to %2, not \"%3\".").arg(name).arg(max).arg(text));
    return value;
}

} // namespace

int main(int argc, char *argv[])
{
    // Blocked before any thread exists, so every thread inherits the mask and
    // the signals arrive only through the signalfd below.
    sigset_t termination;
    sigemptyset(&termination);
    sigaddset(&termination, SIGTERM);
    sigaddset(&termination, SIGINT);
    pthread_sigmask(SIG_BLOCK, &termination, nullptr);

    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("vdc-monitor"));
    QCoreApplication::setApplicationVersion(QString::fromLatin1(kVersionString));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("The ultravisor partition of a vdc host: owns the host's resource database, applies resource "
                       "transactions from the agent over the command channel, and drives libvirt."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOptions({
        {QStringLiteral("uri"), QStringLiteral("libvirt URI (qemu:///system, test:///default, test:///<node.xml>)."),
         QStringLiteral("URI")},
        {QStringLiteral("channel"), QStringLiteral("Name of the command channel (shared memory), e.g. /vdc-host1."),
         QStringLiteral("NAME")},
        {QStringLiteral("host-name"), QStringLiteral("Name of this host in snapshots (default: the machine's)."),
         QStringLiteral("NAME")},
        {QStringLiteral("reserve-cores"), QStringLiteral("Reserve the N lowest cores for system partitions."),
         QStringLiteral("N"), QStringLiteral("0")},
        {QStringLiteral("reserve-memory"), QStringLiteral("Reserve MIB of memory for system partitions."),
         QStringLiteral("MIB"), QStringLiteral("0")},
        {QStringLiteral("memory-granule"), QStringLiteral("Size of one memory granule in MiB."), QStringLiteral("MIB"),
         QStringLiteral("32")},
        {QStringLiteral("migration-uri"),
         QStringLiteral("libvirt URI a source host's libvirt uses to live-migrate a partition here (default: derived "
                        "from --uri; none for the test driver)."),
         QStringLiteral("URI")},
        {QStringLiteral("migration-address"),
         QStringLiteral("Where the memory of a partition migrating here is sent, e.g. tcp://10.0.0.2 (default: "
                        "tcp://127.0.0.1 for a libvirt on a local socket, else libvirt's choice)."),
         QStringLiteral("ADDRESS")},
        {QStringLiteral("serial-log-dir"),
         QStringLiteral("Append emulated guests' serial ports to <DIR>/<domain>.<partition>.log (default: a pseudo "
                        "terminal)."),
         QStringLiteral("DIR")},
        {QStringLiteral("stats-interval-ms"),
         QStringLiteral("Send the host's and its partitions' statistics to the agent every MS milliseconds (0: "
                        "never)."),
         QStringLiteral("MS"), QStringLiteral("1000")},
    });
    if (!parser.parse(QCoreApplication::arguments()))
        failUsage(parser.errorText());
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(0);
    if (parser.isSet(QStringLiteral("version")))
        parser.showVersion();
    if (!parser.positionalArguments().isEmpty())
        failUsage(QStringLiteral("Unexpected argument \"%1\".").arg(parser.positionalArguments().constFirst()));
    const QString uri = parser.value(QStringLiteral("uri"));
    const QString channelName = parser.value(QStringLiteral("channel"));
    if (uri.isEmpty())
        failUsage(QStringLiteral("--uri is required (for example --uri qemu:///system)."));
    if (channelName.isEmpty())
        failUsage(QStringLiteral("--channel is required (for example --channel /vdc-host1)."));
    if (!channelName.startsWith(QLatin1Char('/')) || channelName.size() < 2 || channelName.indexOf(QLatin1Char('/'), 1) >= 0)
        failUsage(QStringLiteral("--channel \"%1\" is not a shared-memory name; use one slash then a name, like /vdc-host1.")
                      .arg(channelName));

    monitor::ProcessorSettings settings;
    settings.hostName = parser.isSet(QStringLiteral("host-name")) ? parser.value(QStringLiteral("host-name"))
                                                                  : QSysInfo::machineHostName();
    settings.reserveCores = std::uint32_t(numberOption(parser, QStringLiteral("reserve-cores"), 65535));
    settings.reserveMemoryMib = numberOption(parser, QStringLiteral("reserve-memory"), 1ull << 40);
    settings.granuleMib = std::uint32_t(numberOption(parser, QStringLiteral("memory-granule"), 1u << 20));
    if (settings.granuleMib == 0)
        failUsage(QStringLiteral("--memory-granule must be at least 1 MiB."));
    if (parser.isSet(QStringLiteral("host-name")))
        if (auto valid = model::validateName(QStringLiteral("host name"), settings.hostName); !valid)
            failUsage(valid.error().message());
    settings.migrationUri = parser.isSet(QStringLiteral("migration-uri"))
        ? parser.value(QStringLiteral("migration-uri"))
        : monitor::defaultMigrationUri(uri, QSysInfo::machineHostName());
    settings.migrationAddress = parser.isSet(QStringLiteral("migration-address"))
        ? parser.value(QStringLiteral("migration-address"))
        : monitor::defaultMigrationAddress(uri);
    const auto statsInterval =
        std::chrono::milliseconds(numberOption(parser, QStringLiteral("stats-interval-ms"), 3600u * 1000u));
    if (statsInterval.count() > 0 && statsInterval.count() < 100)
        failUsage(QStringLiteral("--stats-interval-ms must be 0 (off) or at least 100; %1 ms would keep libvirt busy.")
                      .arg(statsInterval.count()));
    settings.serialLogDir = parser.value(QStringLiteral("serial-log-dir"));
    if (!settings.serialLogDir.isEmpty()) {
        if (!settings.serialLogDir.startsWith(QLatin1Char('/')))
            failUsage(QStringLiteral("--serial-log-dir \"%1\" is not an absolute path; libvirt opens the files.")
                          .arg(settings.serialLogDir));
        if (!QDir().mkpath(settings.serialLogDir))
            return fail(QStringLiteral("Cannot create the serial log folder %1.").arg(settings.serialLogDir));
    }

    auto connection = monitor::LibvirtConnection::open(uri);
    if (!connection)
        return fail(connection.error().message());
    auto processor = monitor::TransactionProcessor::create(**connection, settings);
    if (!processor)
        return fail(processor.error().message());
    auto channel = channel::CommandChannel::create(channelName);
    if (!channel)
        return fail(QStringLiteral("Cannot create the command channel %1: %2").arg(channelName, channel.error().message()));
    (*processor)->setGeneration((*channel)->generation());

    const int signalFd = signalfd(-1, &termination, SFD_CLOEXEC | SFD_NONBLOCK);
    if (signalFd < 0)
        return fail(QStringLiteral("Cannot watch for SIGTERM and SIGINT: %1.").arg(QString::fromLocal8Bit(strerror(errno))));

    monitor::MonitorService service(**processor, **channel);
    service.setFailureHandler([&app, channelName](const Error &error) {
        QMetaObject::invokeMethod(&app, [channelName, message = error.message()] {
            std::fprintf(stderr, "vdc-monitor: the command channel %s cannot be used any more: %s\n",
                         qPrintable(channelName), qPrintable(message));
            QCoreApplication::exit(1);
        }, Qt::QueuedConnection);
    });
    // Statistics are taken in this (the main) thread, apart from the service
    // thread, and handed to it to send: a slow bulk call never holds up a
    // transaction.
    monitor::StatsSampler sampler(**connection, settings.hostName);
    sampler.setInterval(statsInterval);
    QObject::connect(&sampler, &monitor::StatsSampler::sampled, &app, [&service](const proto::HostSample &sample) {
        proto::ChannelMessage message;
        message.set_protocol_version(kProtocolVersion);
        message.set_request_id(0);
        *message.mutable_stats_sample() = sample;
        service.post(std::move(message));
    });
    QSocketNotifier notifier(signalFd, QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, &app, [&] {
        signalfd_siginfo info{};
        if (read(signalFd, &info, sizeof info) != ssize_t(sizeof info))
            return;
        qCInfo(lcMonitorChannel) << "Signal" << info.ssi_signo << "received; shutting down.";
        notifier.setEnabled(false);
        sampler.stop();
        // Domains keep running: libvirt is the ground truth the next start rebuilds from.
        service.stop();
        channel::CommandChannel::unlink(channelName);
        QCoreApplication::quit();
    });

    const monitor::ResourceDatabase &db = (*processor)->database();
    service.start();
    sampler.start();
    std::fprintf(stderr, "vdc-monitor: serving channel %s (generation %llu, %u cores, %llu MiB, uri %s)\n",
                 qPrintable(channelName), static_cast<unsigned long long>((*channel)->generation()), db.coreCount(),
                 static_cast<unsigned long long>(quint64(db.granuleCount()) * db.granuleMib()), qPrintable(uri));
    if (!settings.migrationUri.isEmpty())
        std::fprintf(stderr, "vdc-monitor: partitions migrate here through %s, memory to %s\n",
                     qPrintable(settings.migrationUri),
                     settings.migrationAddress.isEmpty() ? "libvirt's choice" : qPrintable(settings.migrationAddress));
    for (const QString &problem : (*processor)->rebuildProblems())
        std::fprintf(stderr, "vdc-monitor: %s\n", qPrintable(problem));

    const int code = app.exec();
    sampler.stop();
    service.stop();
    close(signalFd);
    return code;
}
