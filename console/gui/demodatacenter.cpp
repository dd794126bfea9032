#include "demodatacenter.h"

#include "demorig.h"
#include "statestore.h"
#include "testnode.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QLoggingCategory>
#include <QProcess>
#include <QStandardPaths>
#include <QTimeZone>
#include <QTimer>

#include <csignal>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>

#ifndef VDC_MONITOR_BUILD_PATH
#define VDC_MONITOR_BUILD_PATH ""
#endif
#ifndef VDC_AGENT_BUILD_PATH
#define VDC_AGENT_BUILD_PATH ""
#endif
#ifndef VDC_COUNTER_IMAGE_BUILD_PATH
#define VDC_COUNTER_IMAGE_BUILD_PATH ""
#endif

Q_LOGGING_CATEGORY(lcDemo, "vdc.gui.demo", QtWarningMsg)

namespace vdc::gui {

namespace {

constexpr int kLaunchTimeoutMs = 30000;
constexpr int kStopTimeoutMs = 5000;
constexpr int kReserveCores = 1;
constexpr int kReserveMemoryMib = 256;

QString qs(const std::string &s) { return QString::fromStdString(s); }

bool isError(const proto::OpsReply &reply) { return reply.error().code() != proto::ERROR_NONE; }
bool isAlreadyThere(const proto::OpsReply &reply) { return reply.error().code() == proto::ERROR_ALREADY_EXISTS; }

constexpr int kRealHostCount = 3;

// The counter guest: installed beside the console's share folder, or in the
// build tree. Empty when neither has it (built without nasm).
QString counterGuestImage()
{
    const QString installed =
        QCoreApplication::applicationDirPath() + QStringLiteral("/../share/vdc/guests/counter.img");
    if (QFileInfo::exists(installed))
        return QFileInfo(installed).canonicalFilePath();
    const QString built = QStringLiteral(VDC_COUNTER_IMAGE_BUILD_PATH);
    if (!built.isEmpty() && QFileInfo::exists(built))
        return built;
    return {};
}

// KVM where the machine offers it; QEMU emulates the guests elsewhere.
bool kvmUsable()
{
    return ::access("/dev/kvm", R_OK | W_OK) == 0;
}

} // namespace

DemoDataCenter::DemoDataCenter(OpsClient *client, StateStore *store, HostKind kind, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_store(store)
    , m_wantedKind(kind)
{
}

DemoDataCenter::~DemoDataCenter()
{
    stop();
}

QList<DemoDataCenter::HostPlan> DemoDataCenter::hostPlan()
{
    return {
        {QStringLiteral("host1"), QStringLiteral("zone-a"), 8, 16 * 1024},
        {QStringLiteral("host2"), QStringLiteral("zone-a"), 16, 32 * 1024},
        {QStringLiteral("host3"), QStringLiteral("zone-b"), 4, 8 * 1024},
    };
}

QList<DemoDataCenter::ZonePlan> DemoDataCenter::zonePlan()
{
    return {
        {QStringLiteral("zone-a"), tr("Production, first floor"), QStringLiteral("berlin"), QStringLiteral("r1")},
        {QStringLiteral("zone-b"), tr("Research and batch work"), QStringLiteral("berlin"), QStringLiteral("r2")},
    };
}

QList<DemoDataCenter::PartitionPlan> DemoDataCenter::partitionPlan(HostKind kind)
{
    if (kind == HostKind::Real) {
        // Real hosts share this machine's cores (every vCPU is pinned to a
        // core of its own), so one vCPU each, leaving cores free to drag to.
        const QString accelerator = kvmUsable() ? QString() : QStringLiteral("tcg");
        // Finance fills the one host of zone-b; zone-a's two hosts keep
        // free cores, so web1 and the counter can be dragged between them.
        const QString a = QStringLiteral("zone-a");
        const QString b = QStringLiteral("zone-b");
        QList<PartitionPlan> plan = {
            {QStringLiteral("ledger"), QStringLiteral("finance"), 1, 256, true, {}, accelerator, b},
            {QStringLiteral("billing"), QStringLiteral("finance"), 1, 256, true, {}, accelerator, b},
            {QStringLiteral("reports"), QStringLiteral("finance"), 1, 256, false, {}, accelerator, b},
            {QStringLiteral("notebook"), QStringLiteral("research"), 1, 128, false, {}, accelerator, a},
            {QStringLiteral("web1"), QStringLiteral("default"), 1, 256, true, {}, accelerator, a},
            {QStringLiteral("web2"), QStringLiteral("default"), 1, 256, false, {}, accelerator, a},
        };
        // The counter writes a rising count to its serial port, so a live
        // migration shows that its memory moved. It runs emulated: its boot
        // sector does not get past SeaBIOS under every nested KVM.
        if (const QString image = counterGuestImage(); !image.isEmpty())
            plan.append({QStringLiteral("counter"), QStringLiteral("research"), 1, 64, true,
                         QStringLiteral("floppy:") + image, QStringLiteral("tcg"), a});
        return plan;
    }
    return {
        {QStringLiteral("ledger"), QStringLiteral("finance"), 2, 4096, true, {}, {}, {}},
        {QStringLiteral("billing"), QStringLiteral("finance"), 2, 2048, true, {}, {}, {}},
        {QStringLiteral("reports"), QStringLiteral("finance"), 1, 1024, false, {}, {}, {}},
        {QStringLiteral("sim-a"), QStringLiteral("research"), 4, 8192, true, {}, {}, {}},
        {QStringLiteral("sim-b"), QStringLiteral("research"), 4, 6144, true, {}, {}, {}},
        {QStringLiteral("notebook"), QStringLiteral("research"), 1, 512, false, {}, {}, {}},
        {QStringLiteral("web1"), QStringLiteral("default"), 1, 1024, true, {}, {}, {}},
        {QStringLiteral("web2"), QStringLiteral("default"), 1, 1024, false, {}, {}, {}},
    };
}

QList<proto::PolicySet> DemoDataCenter::policyPlan()
{
    proto::PolicySet night;
    night.set_domain("research");
    night.set_name("night");
    night.set_description(tr("Interactive work stops overnight").toStdString());
    night.add_stop("notebook");
    proto::PolicySet monthEnd;
    monthEnd.set_domain("finance");
    monthEnd.set_name("month-end");
    monthEnd.set_description(tr("Reports run during the month-end close").toStdString());
    monthEnd.add_run("reports");
    return {night, monthEnd};
}

QList<proto::CalendarEntry> DemoDataCenter::calendarPlan()
{
    // Wall-clock times in the machine's own time zone, so the calendar
    // view shows them where the newcomer expects them.
    const std::string zone = QTimeZone::systemTimeZoneId().toStdString();
    proto::CalendarEntry weeknights;
    weeknights.set_domain("research");
    weeknights.set_name("weeknights");
    weeknights.set_policy_set("night");
    weeknights.set_time_zone(zone);
    weeknights.set_start("2026-01-05T20:00"); // a Monday
    weeknights.set_duration_seconds(11 * 3600);
    weeknights.set_recurrence("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR");
    proto::CalendarEntry monthEnd;
    monthEnd.set_domain("finance");
    monthEnd.set_name("month-end-close");
    monthEnd.set_policy_set("month-end");
    monthEnd.set_time_zone(zone);
    monthEnd.set_start("2026-01-31T18:00");
    monthEnd.set_duration_seconds(14 * 3600);
    monthEnd.set_recurrence("FREQ=MONTHLY;BYMONTHDAY=-1");
    return {weeknights, monthEnd};
}

QString DemoDataCenter::rigDirectory() const
{
    return m_rig && m_kind == HostKind::Real ? m_rig->directory() : QString();
}

Result<QString> DemoDataCenter::findProgram(const QString &name, const char *environmentVariable,
                                            const QString &buildTreePath)
{
    const QString fromEnvironment = qEnvironmentVariable(environmentVariable);
    if (!fromEnvironment.isEmpty()) {
        if (QFileInfo(fromEnvironment).isExecutable())
            return fromEnvironment;
        return Error(proto::ERROR_NOT_FOUND,
                     tr("%1 is set to %2, which is not an executable program.")
                         .arg(QLatin1String(environmentVariable), fromEnvironment));
    }
    const QString besideConsole = QCoreApplication::applicationDirPath() + QLatin1Char('/') + name;
    if (QFileInfo(besideConsole).isExecutable())
        return besideConsole;
    if (!buildTreePath.isEmpty() && QFileInfo(buildTreePath).isExecutable())
        return buildTreePath;
    const QString inPath = QStandardPaths::findExecutable(name);
    if (!inPath.isEmpty())
        return inPath;
    return Error(proto::ERROR_NOT_FOUND,
                 tr("The demo needs %1, which is neither next to the console nor in the build tree nor in PATH; "
                    "set %2 to its path.")
                     .arg(name, QLatin1String(environmentVariable)));
}

void DemoDataCenter::start()
{
    if (m_phase != Phase::Idle)
        return;
    m_phase = Phase::Launching;

    const auto monitor = findProgram(QStringLiteral("vdc-monitor"), "VDC_MONITOR", QStringLiteral(VDC_MONITOR_BUILD_PATH));
    if (!monitor)
        return fail(monitor.error().message());
    const auto agent = findProgram(QStringLiteral("vdc-agent"), "VDC_AGENT", QStringLiteral(VDC_AGENT_BUILD_PATH));
    if (!agent)
        return fail(agent.error().message());
    m_monitorProgram = monitor.value();
    m_agentProgram = agent.value();

    m_dir = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/vdc-demo-XXXXXX"));
    if (!m_dir->isValid())
        return fail(tr("The demo cannot create its working directory: %1").arg(m_dir->errorString()));

    if (m_wantedKind == HostKind::TestDriver)
        return startTestDriverHosts();
    if (const QString reason = DemoRig::unavailableReason(); !reason.isEmpty()) {
        if (m_wantedKind == HostKind::Real)
            return fail(tr("The demo cannot run real hosts here: %1.").arg(reason));
        return fallBackToTestDriver(reason);
    }
    startRealHosts();
}

void DemoDataCenter::startRealHosts()
{
    const auto folder = DemoRig::daemonFolder(m_monitorProgram, m_agentProgram);
    if (!folder) {
        if (m_wantedKind == HostKind::Real)
            return fail(folder.error().message());
        return fallBackToTestDriver(folder.error().message());
    }
    m_kind = HostKind::Real;
    emit progress(tr("Starting %1 real hosts (libvirtd with QEMU, vdc-monitor and vdc-agent each)...")
                      .arg(kRealHostCount));
    m_rig = new DemoRig(this);
    connect(m_rig, &DemoRig::failed, this, [this](const QString &message) {
        if (m_phase != Phase::Launching)
            return;
        if (m_wantedKind == HostKind::Real)
            return fail(message);
        m_rig->stop();
        fallBackToTestDriver(message);
    });
    connect(m_rig, &DemoRig::ready, this, [this] {
        if (m_phase != Phase::Launching)
            return;
        const auto plans = hostPlan();
        for (int n = 0; n < kRealHostCount; ++n) {
            Host host;
            host.plan = plans.value(n);
            host.plan.name = QStringLiteral("host%1").arg(n + 1);
            host.agentEndpoint = m_rig->agentEndpoint(host.plan.name);
            m_hosts.append(host);
        }
        m_phase = Phase::Registering;
        whenEngineAnswers([this] { createZones(); });
    });
    m_rig->start(kRealHostCount, folder.value());
}

void DemoDataCenter::fallBackToTestDriver(const QString &reason)
{
    m_fallbackReason = reason;
    qCInfo(lcDemo).noquote() << "demo on the test driver:" << reason;
    emit progress(tr("The demo runs on libvirt's test driver: %1.").arg(reason));
    startTestDriverHosts();
}

void DemoDataCenter::startTestDriverHosts()
{
    m_kind = HostKind::TestDriver;
    m_watcher = new QFileSystemWatcher({m_dir->path()}, this);
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, this, &DemoDataCenter::checkEndpointFiles);

    int n = 0;
    for (const HostPlan &plan : hostPlan()) {
        ++n;
        Host host;
        host.plan = plan;
        host.channel = QStringLiteral("/vdc-demo-%1-%2").arg(::getpid()).arg(n);
        host.endpointFile = m_dir->filePath(QStringLiteral("h%1.endpoints").arg(n));
        const QString nodeFile = m_dir->filePath(QStringLiteral("h%1-node.xml").arg(n));
        if (auto written = monitor::writeTestDriverNode(nodeFile, plan.cores, plan.memoryMib); !written)
            return fail(written.error().message());

        emit progress(tr("Starting demo host %1...").arg(plan.name));
        host.monitor = launch(m_monitorProgram,
                              {QStringLiteral("--uri"), monitor::testDriverUri(nodeFile),
                               QStringLiteral("--channel"), host.channel,
                               QStringLiteral("--host-name"), plan.name,
                               QStringLiteral("--reserve-cores"), QString::number(kReserveCores),
                               QStringLiteral("--reserve-memory"), QString::number(kReserveMemoryMib)},
                              QStringLiteral("h%1-monitor.log").arg(n));
        host.agent = launch(m_agentProgram,
                            {QStringLiteral("--channel"), host.channel,
                             QStringLiteral("--listen"), QStringLiteral("tcp://127.0.0.1:*"),
                             QStringLiteral("--publish"), QStringLiteral("tcp://127.0.0.1:*"),
                             QStringLiteral("--store"), m_dir->filePath(QStringLiteral("h%1.sqlite").arg(n)),
                             QStringLiteral("--host-name"), plan.name,
                             QStringLiteral("--endpoint-file"), host.endpointFile},
                            QStringLiteral("h%1-agent.log").arg(n));
        m_hosts.append(host);
    }

    QTimer::singleShot(kLaunchTimeoutMs, this, [this] {
        if (m_phase == Phase::Launching)
            fail(tr("The demo hosts did not report their endpoints within %1 seconds. Their logs are in %2.")
                     .arg(kLaunchTimeoutMs / 1000)
                     .arg(m_dir->path()));
    });
    checkEndpointFiles();
}

QProcess *DemoDataCenter::launch(const QString &program, const QStringList &arguments, const QString &logName)
{
    auto *process = new QProcess(this);
    process->setProcessChannelMode(QProcess::MergedChannels);
    process->setStandardOutputFile(m_dir->filePath(logName));
    process->setStandardInputFile(QProcess::nullDevice());
    // If the console dies without stopping the demo, its hosts go with it.
    process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
    process->setProperty("logName", logName);
    connect(process, &QProcess::finished, this, [this, process] { onProcessFinished(process); });
    connect(process, &QProcess::errorOccurred, this, [this, process, program](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            fail(tr("The demo could not start %1: %2").arg(program, process->errorString()));
    });
    qCInfo(lcDemo) << "starting" << program << arguments;
    process->start(program, arguments);
    return process;
}

void DemoDataCenter::onProcessFinished(QProcess *process)
{
    if (m_phase == Phase::Idle || m_phase == Phase::Failed)
        return; // being stopped
    const QString logName = process->property("logName").toString();
    const QString message = tr("A demo daemon (%1) exited with code %2. Its last words:\n%3")
                                .arg(process->program())
                                .arg(process->exitCode())
                                .arg(logTail(logName));
    if (m_phase == Phase::Ready) {
        // The demo runs on with what is left; the engine shows the host failing.
        qCWarning(lcDemo).noquote() << message;
        emit progress(message.section(QLatin1Char('\n'), 0, 0));
        return;
    }
    fail(message);
}

QString DemoDataCenter::logTail(const QString &logName) const
{
    QFile log(m_dir->filePath(logName));
    if (!log.open(QIODevice::ReadOnly))
        return tr("(no log)");
    const QStringList lines = QString::fromLocal8Bit(log.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    return lines.mid(std::max<qsizetype>(0, lines.size() - 5)).join(QLatin1Char('\n'));
}

void DemoDataCenter::checkEndpointFiles()
{
    if (m_phase != Phase::Launching)
        return;
    for (Host &host : m_hosts) {
        if (!host.agentEndpoint.isEmpty())
            continue;
        QFile file(host.endpointFile);
        if (!file.open(QIODevice::ReadOnly))
            continue;
        // Written atomically (tmp + rename): a file that is there is complete.
        const QStringList lines = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        for (const QString &line : lines)
            if (line.startsWith(QLatin1String("listen=")))
                host.agentEndpoint = line.mid(7).trimmed();
    }
    for (const Host &host : std::as_const(m_hosts))
        if (host.agentEndpoint.isEmpty())
            return;
    m_phase = Phase::Registering;
    whenEngineAnswers([this] { createZones(); });
}

void DemoDataCenter::whenEngineAnswers(const std::function<void()> &next)
{
    if (m_client->isConnected())
        return next();
    // The engine may still be coming up; go on as soon as it answers.
    auto *waiter = new QObject(this);
    connect(m_client, &OpsClient::connectionStateChanged, waiter, [this, waiter, next] {
        if (!m_client->isConnected())
            return;
        waiter->deleteLater();
        next();
    });
}

void DemoDataCenter::createZones()
{
    const auto plans = zonePlan();
    m_outstanding = int(plans.size());
    for (const ZonePlan &plan : plans) {
        proto::OpsRequest request;
        proto::Zone *zone = request.mutable_create_zone()->mutable_zone();
        zone->set_name(plan.name.toStdString());
        zone->set_description(plan.description.toStdString());
        zone->mutable_location()->set_site(plan.site.toStdString());
        zone->mutable_location()->set_room(plan.room.toStdString());
        m_client->request(std::move(request), this, [this, name = plan.name](const proto::OpsReply &reply) {
            if (m_phase != Phase::Registering)
                return;
            if (isError(reply) && !isAlreadyThere(reply))
                return fail(tr("The engine refused demo zone %1: %2").arg(name, qs(reply.error().message())));
            if (--m_outstanding == 0)
                registerHosts();
        });
    }
}

void DemoDataCenter::registerHosts()
{
    emit progress(tr("Registering the demo hosts with the operations engine..."));
    m_outstanding = int(m_hosts.size());
    for (const Host &host : std::as_const(m_hosts)) {
        const QString name = host.plan.name;
        m_client->addHost(name, host.agentEndpoint, host.plan.zone, this, [this, name](const proto::OpsReply &reply) {
            if (m_phase != Phase::Registering)
                return;
            if (isError(reply) && !isAlreadyThere(reply))
                return fail(tr("The engine refused demo host %1: %2").arg(name, qs(reply.error().message())));
            if (--m_outstanding == 0)
                createDomains();
        });
    }
}

void DemoDataCenter::createDomains()
{
    m_phase = Phase::Defining;
    QStringList domains;
    for (const PartitionPlan &plan : partitionPlan(m_kind))
        if (!domains.contains(plan.domain) && !m_store->domainNames().contains(plan.domain))
            domains << plan.domain;
    if (domains.isEmpty())
        return createPartitions();
    m_outstanding = int(domains.size());
    for (const QString &domain : domains) {
        const QString description = domain == QLatin1String("finance") ? tr("Accounting and billing")
                                    : domain == QLatin1String("research") ? tr("Simulation and analysis")
                                                                         : QString();
        m_client->createDomain(domain, description, this, [this, domain](const proto::OpsReply &reply) {
            if (m_phase != Phase::Defining)
                return;
            if (isError(reply) && !isAlreadyThere(reply))
                return fail(tr("The engine refused demo domain %1: %2").arg(domain, qs(reply.error().message())));
            if (--m_outstanding == 0)
                createPartitions();
        });
    }
}

void DemoDataCenter::createPartitions()
{
    emit progress(tr("Defining the demo partitions..."));
    const auto plans = partitionPlan(m_kind);
    m_outstanding = int(plans.size());
    for (const PartitionPlan &plan : plans) {
        proto::PartitionSpec spec;
        spec.set_name(plan.name.toStdString());
        spec.set_domain(plan.domain.toStdString());
        spec.set_vcpus(plan.vcpus);
        spec.set_memory_mib(plan.memoryMib);
        spec.set_boot(plan.boot.toStdString());
        spec.set_accelerator(plan.accelerator.toStdString());
        spec.set_zone(plan.zone.toStdString());
        m_client->createPartition(spec, this, [this, plan](const proto::OpsReply &reply) {
            if (m_phase != Phase::Defining)
                return;
            QString uuid;
            if (!isError(reply) && reply.has_partition()) {
                uuid = qs(reply.partition().spec().uuid());
            } else if (isAlreadyThere(reply)) {
                if (const proto::Partition *existing = m_store->findPartition(plan.name, plan.domain))
                    uuid = qs(existing->spec().uuid());
            } else {
                return fail(tr("The engine refused demo partition %1: %2").arg(plan.name, qs(reply.error().message())));
            }
            if (plan.start && !uuid.isEmpty())
                m_toStart << uuid;
            if (--m_outstanding == 0)
                createPolicies();
        });
    }
}

void DemoDataCenter::createPolicies()
{
    emit progress(tr("Writing the demo's policy calendar..."));
    const auto plans = policyPlan();
    m_outstanding = int(plans.size());
    for (const proto::PolicySet &set : plans) {
        proto::OpsRequest request;
        *request.mutable_put_policy_set()->mutable_policy_set() = set;
        m_client->request(std::move(request), this, [this, name = qs(set.name())](const proto::OpsReply &reply) {
            if (m_phase != Phase::Defining)
                return;
            if (isError(reply) && !isAlreadyThere(reply))
                return fail(tr("The engine refused demo policy set %1: %2").arg(name, qs(reply.error().message())));
            if (--m_outstanding == 0)
                createCalendar();
        });
    }
}

void DemoDataCenter::createCalendar()
{
    const auto plans = calendarPlan();
    m_outstanding = int(plans.size());
    for (const proto::CalendarEntry &entry : plans) {
        proto::OpsRequest request;
        *request.mutable_put_calendar_entry()->mutable_entry() = entry;
        m_client->request(std::move(request), this, [this, name = qs(entry.name())](const proto::OpsReply &reply) {
            if (m_phase != Phase::Defining)
                return;
            if (isError(reply) && !isAlreadyThere(reply))
                return fail(tr("The engine refused demo calendar entry %1: %2").arg(name, qs(reply.error().message())));
            if (--m_outstanding == 0)
                waitForHostsUp();
        });
    }
}

void DemoDataCenter::waitForHostsUp()
{
    m_phase = Phase::WaitingForHosts;
    emit progress(tr("Waiting for the demo hosts to report..."));
    auto allUp = [this] {
        for (const Host &host : std::as_const(m_hosts)) {
            const proto::Host *known = m_store->host(host.plan.name);
            // Up and with its resources known: an agent can be up before its
            // monitor has attached, and placement would see an empty host.
            if (!known || known->state() != proto::HOST_STATE_UP || known->cores_total() == 0)
                return false;
        }
        return true;
    };
    if (allUp())
        return startPartitions();
    auto *waiter = new QObject(this);
    connect(m_store, &StateStore::stateChanged, waiter, [this, waiter, allUp] {
        if (m_phase != Phase::WaitingForHosts || !allUp())
            return;
        waiter->deleteLater();
        startPartitions();
    });
    QTimer::singleShot(kLaunchTimeoutMs, waiter, [this] {
        if (m_phase == Phase::WaitingForHosts)
            fail(tr("The demo hosts registered but did not come up within %1 seconds. Their logs are in %2.")
                     .arg(kLaunchTimeoutMs / 1000)
                     .arg(m_dir->path()));
    });
}

void DemoDataCenter::startPartitions()
{
    m_phase = Phase::Starting;
    // One after the other, so placement sees each start before choosing for
    // the next and the demo comes out the same every time.
    if (m_toStart.isEmpty()) {
        m_phase = Phase::Settling;
        return checkRunning();
    }
    const QString uuid = m_toStart.first();
    const proto::Partition *partition = m_store->partition(uuid);
    const QString name = partition ? qs(partition->spec().name()) : uuid;
    emit progress(tr("Starting demo partition %1...").arg(name));
    m_client->startPartition(uuid, this, [this, uuid, name](const proto::OpsReply &reply) {
        if (m_phase != Phase::Starting)
            return;
        if (isError(reply)) {
            // A partition that does not start is part of a live data center
            // too; the table shows it failed with the engine's reason.
            m_failedNames << name;
            QStringList reasons;
            for (const auto &rejection : reply.rejections())
                reasons << qs(rejection.reason());
            qCWarning(lcDemo).noquote() << tr("Demo partition %1 did not start: %2").arg(name, qs(reply.error().message()))
                                        << reasons.join(QStringLiteral("; "));
            m_toStart.removeAll(uuid);
            m_failedStarts << uuid;
        } else {
            m_toStart.removeAll(uuid);
            m_started << uuid;
        }
        startPartitions();
    });
}

void DemoDataCenter::checkRunning()
{
    // The reply can overtake the delta on the state stream; ready means the
    // console shows what the demo did.
    auto settled = [this] {
        for (const QString &uuid : std::as_const(m_started)) {
            const proto::Partition *p = m_store->partition(uuid);
            if (!p || p->state() != proto::PARTITION_STATE_RUNNING)
                return false;
        }
        return true;
    };
    auto finish = [this] {
        m_phase = Phase::Ready;
        m_ready = true;
        emit progress(m_failedNames.isEmpty()
                          ? tr("The demo data center is running.")
                          : tr("The demo data center is running, but these partitions did not start: %1.")
                                .arg(m_failedNames.join(QStringLiteral(", "))));
        emit ready();
    };
    if (settled())
        return finish();
    auto *waiter = new QObject(this);
    connect(m_store, &StateStore::stateChanged, waiter, [this, waiter, settled, finish] {
        if (m_phase != Phase::Settling || !settled())
            return;
        waiter->deleteLater();
        finish();
    });
}

void DemoDataCenter::fail(const QString &message)
{
    if (m_phase == Phase::Failed)
        return;
    qCWarning(lcDemo).noquote() << message;
    m_phase = Phase::Failed;
    emit failed(message);
}

void DemoDataCenter::stop()
{
    const Phase was = m_phase;
    m_phase = Phase::Idle;
    m_ready = false;
    if (was == Phase::Idle && m_hosts.isEmpty())
        return;
    // Agents first (they talk to the monitors), then monitors; all get
    // SIGTERM at once and share one grace period before SIGKILL.
    QList<QProcess *> processes;
    for (const Host &host : std::as_const(m_hosts))
        if (host.agent)
            processes << host.agent;
    for (const Host &host : std::as_const(m_hosts))
        if (host.monitor)
            processes << host.monitor;
    for (QProcess *process : std::as_const(processes)) {
        process->disconnect(this);
        if (process->state() != QProcess::NotRunning)
            process->terminate();
    }
    QElapsedTimer grace;
    grace.start();
    for (QProcess *process : std::as_const(processes)) {
        const int left = int(std::max<qint64>(0, kStopTimeoutMs - grace.elapsed()));
        if (process->state() != QProcess::NotRunning && !process->waitForFinished(left)) {
            qCWarning(lcDemo) << process->program() << "did not stop on SIGTERM; killing it";
            process->kill();
            process->waitForFinished(1000);
        }
        delete process;
    }
    // A monitor removes its channel when it stops cleanly; one that was
    // killed leaves it behind.
    for (const Host &host : std::as_const(m_hosts))
        if (!host.channel.isEmpty())
            ::shm_unlink(host.channel.toLocal8Bit().constData());
    if (m_rig) {
        m_rig->stop();
        delete m_rig;
        m_rig = nullptr;
    }
    m_hosts.clear();
    m_toStart.clear();
    m_started.clear();
    m_failedStarts.clear();
    delete m_watcher;
    m_watcher = nullptr;
    m_dir.reset();
}

} // namespace vdc::gui
