#include "migrationwatcher.h"

#include "ctlapplication.h"
#include "outputformatter.h"

#include "core/version.h"
#include "net/envelope.h"
#include "net/zmqsocket.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QTextStream>

#include <csignal>
#include <cstdio>
#include <unistd.h>

namespace vdc::ctl {

namespace {

volatile std::sig_atomic_t g_interrupted = 0;

extern "C" void onInterrupt(int)
{
    g_interrupted = 1;
    std::signal(SIGINT, SIG_DFL); // a second Ctrl-C ends vdcctl
}

QString str(const std::string &s) { return QString::fromStdString(s); }

bool failed(const proto::OpsReply &reply) { return reply.has_error() && reply.error().code() != proto::ERROR_NONE; }

} // namespace

int MigrationWatcher::run(const Options &options, const proto::OpsRequest &request, QTextStream &out, QTextStream &err)
{
    net::ZmqSocket dealer(zmq::socket_type::dealer);
    dealer.setNotificationsEnabled(false);
    if (auto r = dealer.connect(options.endpoint); !r) {
        err << "vdcctl: " << r.error().message() << '\n';
        return CtlApplication::Usage;
    }
    std::unique_ptr<net::ZmqSocket> sub;
    if (!options.publishEndpoint.isEmpty()) {
        sub = std::make_unique<net::ZmqSocket>(zmq::socket_type::sub);
        sub->setNotificationsEnabled(false);
        sub->subscribe(QByteArrayLiteral("state"));
        if (!sub->connect(options.publishEndpoint))
            sub.reset();
    }

    quint64 nextId = 1;
    auto send = [&](proto::OpsRequest r) -> quint64 {
        const quint64 id = nextId++;
        r.set_protocol_version(kProtocolVersion);
        r.set_request_id(id);
        r.set_user(request.user());
        (void)dealer.send({net::encode(r)});
        return id;
    };
    auto receive = [&](quint64 id, int timeoutMs) -> std::optional<proto::OpsReply> {
        auto frames = dealer.receiveBlocking(timeoutMs);
        if (!frames || frames->isEmpty())
            return std::nullopt;
        auto reply = net::decode<proto::OpsReply>(frames->last(), "OpsReply");
        if (!reply || (reply->request_id() != id && reply->request_id() != 0))
            return std::nullopt;
        return std::move(reply).value();
    };

    // Which partition: its UUID picks its events from the stream.
    proto::OpsRequest show;
    *show.mutable_show_partition() = request.migrate_partition().partition();
    const quint64 showId = send(show);
    std::optional<proto::OpsReply> shown;
    QDeadlineTimer showDeadline(10000);
    while (!shown && !showDeadline.hasExpired())
        shown = receive(showId, 200);
    if (!shown) {
        err << "vdcctl: no answer from the operations service at " << options.endpoint << "; is vdc-opsd running?\n";
        return CtlApplication::NoAnswer;
    }
    if (failed(*shown)) {
        err << OutputFormatter::error(*shown);
        return CtlApplication::Failed;
    }
    const std::string uuid = shown->partition().spec().uuid();
    const QString name = str(shown->partition().spec().name());

    g_interrupted = 0;
    struct sigaction action = {};
    action.sa_handler = onInterrupt;
    sigemptyset(&action.sa_mask);
    struct sigaction previous = {};
    sigaction(SIGINT, &action, &previous);

    const bool terminal = !options.json && ::isatty(::fileno(stdout));
    const quint64 migrateId = send(request);
    std::optional<quint64> cancelId;
    std::optional<proto::OpsReply> outcome;
    QDeadlineTimer deadline = options.timeoutSeconds > 0 ? QDeadlineTimer(qint64(options.timeoutSeconds) * 1000)
                                                         : QDeadlineTimer(QDeadlineTimer::Forever);
    QElapsedTimer sincePrint;
    sincePrint.start();
    proto::MigrationPhase lastPhase = proto::MIGRATION_PHASE_UNSPECIFIED;
    bool lineOpen = false;
    while (!outcome && !deadline.hasExpired()) {
        if (g_interrupted && !cancelId) {
            proto::OpsRequest cancel;
            *cancel.mutable_cancel_migration()->mutable_partition() = request.migrate_partition().partition();
            cancelId = send(cancel);
            if (lineOpen)
                out << '\n';
            lineOpen = false;
            out.flush();
            err << "vdcctl: cancelling the migration of partition " << name << "; waiting for the outcome (Ctrl-C again "
                << "leaves it to the service).\n";
            err.flush();
        }
        if (sub) {
            while (auto frames = sub->receiveBlocking(lineOpen || sincePrint.elapsed() < 100 ? 50 : 100)) {
                if (frames->size() != 2)
                    continue;
                auto delta = net::decode<proto::StateDelta>(frames->at(1), "StateDelta");
                if (!delta || !delta->has_migration_progress() || delta->migration_progress().partition_uuid() != uuid)
                    continue;
                const proto::MigrationProgress &p = delta->migration_progress();
                if (options.json)
                    continue;
                const bool phaseChanged = p.phase() != lastPhase;
                lastPhase = p.phase();
                if (terminal) {
                    out << '\r' << QStringLiteral("%1 -> %2  ").arg(name, str(p.target_host()))
                        << OutputFormatter::migrationLine(p) << "\x1b[K";
                    lineOpen = true;
                    out.flush();
                } else if (phaseChanged || sincePrint.elapsed() >= 1000) {
                    out << QStringLiteral("%1 -> %2  ").arg(name, str(p.target_host())) << OutputFormatter::migrationLine(p)
                        << '\n';
                    out.flush();
                    sincePrint.restart();
                }
                if (!p.estimate_note().empty() && !terminal) {
                    out << "  (" << str(p.estimate_note()) << ")\n";
                    out.flush();
                }
            }
        }
        while (auto frames = dealer.receiveBlocking(sub ? 0 : 100)) {
            if (frames->isEmpty())
                continue;
            auto reply = net::decode<proto::OpsReply>(frames->last(), "OpsReply");
            if (!reply)
                continue;
            if (reply->request_id() == migrateId || reply->request_id() == 0) {
                outcome = std::move(reply).value();
                break;
            }
            if (cancelId && reply->request_id() == *cancelId && failed(*reply)) {
                if (lineOpen)
                    out << '\n';
                lineOpen = false;
                out.flush();
                err << OutputFormatter::error(*reply);
                err.flush();
            }
        }
    }
    sigaction(SIGINT, &previous, nullptr);
    if (lineOpen)
        out << '\n';
    if (!outcome) {
        err << "vdcctl: no outcome of the migration of partition " << name << " within " << options.timeoutSeconds
            << " s; it goes on in the service (vdcctl migration list).\n";
        return CtlApplication::NoAnswer;
    }
    if (options.json) {
        out << OutputFormatter::json(*outcome);
        return failed(*outcome) ? CtlApplication::Failed : CtlApplication::Success;
    }
    if (failed(*outcome)) {
        err << OutputFormatter::error(*outcome);
        return CtlApplication::Failed;
    }
    out << str(outcome->migration().message()) << '\n';
    if (outcome->migration().total_time_ms() > 0)
        out << QStringLiteral("libvirt: total %1 ms, downtime %2 ms\n")
                   .arg(outcome->migration().total_time_ms())
                   .arg(outcome->migration().downtime_ms());
    return CtlApplication::Success;
}

} // namespace vdc::ctl
