// vdc-agent: the command partition of one vdc host. See hostagent/README.md.
#include "agent.h"
#include "agentoptions.h"
#include "agentservice.h"
#include "signalwatcher.h"

#include <QCoreApplication>

#include <cstdio>

using namespace vdc::agent;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("vdc-agent"));

    auto options = AgentOptions::parse(QCoreApplication::arguments());
    if (!options) {
        std::fprintf(stderr, "vdc-agent: %s\n", qPrintable(options.error().message()));
        return 2;
    }
    if (options->action != AgentOptions::Action::Run) {
        std::fputs(qPrintable(options->text), stdout);
        return 0;
    }

    auto signals_ = SignalWatcher::install();
    if (!signals_) {
        std::fprintf(stderr, "vdc-agent: %s\n", qPrintable(signals_.error().message()));
        return 1;
    }
    // Partitions keep running on exit: libvirt is the ground truth.
    QObject::connect(signals_->get(), &SignalWatcher::terminationRequested, &app, [] { QCoreApplication::exit(0); });

    Agent agent(*options);
    if (auto r = agent.start(); !r) {
        std::fprintf(stderr, "vdc-agent: %s\n", qPrintable(r.error().message()));
        return 1;
    }
    std::fprintf(stderr, "vdc-agent: host %s listening on %s, publishing on %s\n", qPrintable(options->hostName),
                 qPrintable(agent.service()->listenEndpoint()), qPrintable(agent.service()->publishEndpoint()));
    std::fflush(stderr);
    return QCoreApplication::exec();
}
