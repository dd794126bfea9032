#include "statsstore.h"

#include "model/validation.h"
#include "opsclient.h"

#include <QLoggingCategory>
#include <QUuid>

#include <algorithm>
#include <cmath>

Q_LOGGING_CATEGORY(lcStats, "vdc.gui.stats", QtWarningMsg)

namespace vdc::gui {

namespace {

constexpr int kMinRetentionSeconds = 60;
constexpr int kMaxRetentionSeconds = 24 * 3600;
// Samples come about once a second; a series never needs more points than
// this many per second of retention, whatever a sender claims.
constexpr int kMaxPointsPerSecond = 4;

QString qs(const std::string &s) { return QString::fromStdString(s); }

bool isPercent(double value) { return std::isfinite(value) && value >= 0.0 && value <= 100.0; }

Result<void> invalid(const QString &message) { return Error(proto::ERROR_INVALID_ARGUMENT, message); }

} // namespace

StatsStore::StatsStore(OpsClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{
    if (!client)
        return;
    connect(client, &OpsClient::statsUpdated, this, [this](const proto::StatsUpdate &update) { merge(update); });
    connect(client, &OpsClient::snapshotApplied, this, &StatsStore::onSnapshotApplied);
    connect(client, &OpsClient::connectionStateChanged, this, [this](OpsClient::ConnectionState state) {
        if (state == OpsClient::ConnectionState::Connected)
            return;
        // Answers asked of the engine that went away are moot; a new
        // snapshot asks again.
        ++m_generation;
        for (auto it = m_history.begin(); it != m_history.end(); ++it) {
            if (it->state == HistoryState::Loading) {
                it->state = HistoryState::NotAsked;
                emit historyStateChanged(it.key().kind, it.key().key);
            }
        }
    });
}

QHash<QString, StatsStore::Series> &StatsStore::seriesOf(Kind kind)
{
    switch (kind) {
    case Kind::Host: return m_hosts;
    case Kind::Partition: return m_partitions;
    case Kind::Zone: break;
    }
    return m_zones;
}

const QHash<QString, StatsStore::Series> &StatsStore::seriesOf(Kind kind) const
{
    return const_cast<StatsStore *>(this)->seriesOf(kind);
}

const QList<StatsStore::Point> &StatsStore::samples(Kind kind, const QString &key) const
{
    static const Series empty;
    const auto &all = seriesOf(kind);
    const auto it = all.constFind(key);
    return it == all.cend() ? empty : it.value();
}

QStringList StatsStore::zoneNames() const
{
    QStringList names = m_zones.keys();
    names.sort();
    return names;
}

bool StatsStore::isWatched(Kind kind, const QString &key) const
{
    return kind == Kind::Zone || m_watched.contains(Subject{kind, key});
}

StatsStore::HistoryState StatsStore::historyState(Kind kind, const QString &key) const
{
    return m_history.value(Subject{kind, key}).state;
}

QString StatsStore::historyError(Kind kind, const QString &key) const
{
    return m_history.value(Subject{kind, key}).error;
}

Result<void> StatsStore::setRetentionSeconds(int seconds)
{
    if (seconds < kMinRetentionSeconds || seconds > kMaxRetentionSeconds)
        return invalid(tr("A retention of %1 s is out of range; keep between %2 s and %3 s of figures.")
                           .arg(seconds).arg(kMinRetentionSeconds).arg(kMaxRetentionSeconds));
    m_retentionSeconds = seconds;
    prune();
    return {};
}

void StatsStore::watch(Kind kind, const QString &key)
{
    if (key.isEmpty())
        return;
    const Subject subject{kind, key};
    if (kind != Kind::Zone) {
        m_watched.removeOne(subject);
        m_watched.append(subject);
        while (m_watched.size() > kMaxWatched) {
            const Subject gone = m_watched.takeFirst();
            seriesOf(gone.kind).remove(gone.key);
            m_history.remove(gone);
        }
    }
    const HistoryState state = m_history.value(subject).state;
    if (state == HistoryState::NotAsked)
        requestHistory(subject);
}

void StatsStore::requestHistory(const Subject &subject)
{
    if (!m_client || !m_client->isConnected())
        return; // onSnapshotApplied asks once there is an engine
    proto::OpsRequest request;
    auto *get = request.mutable_get_stats_history();
    switch (subject.kind) {
    case Kind::Host: get->add_hosts(subject.key.toStdString()); break;
    case Kind::Partition: get->add_partitions(subject.key.toStdString()); break;
    case Kind::Zone: get->add_zones(subject.key.toStdString()); break;
    }
    // After a reconnect only the gap is missing.
    const Series &series = samples(subject.kind, subject.key);
    get->set_since_ms(series.isEmpty() ? 0 : series.constLast().timeMs);

    m_history[subject] = History{HistoryState::Loading, {}};
    emit historyStateChanged(subject.kind, subject.key);
    m_client->request(request, this, [this, subject, generation = m_generation](const proto::OpsReply &reply) {
        if (generation != m_generation || !m_history.contains(subject))
            return;
        History &history = m_history[subject];
        if (reply.error().code() != proto::ERROR_NONE || !reply.has_stats_history()) {
            history.state = HistoryState::Failed;
            history.error = reply.error().code() != proto::ERROR_NONE
                                ? qs(reply.error().message())
                                : tr("The engine answered without a history.");
            qCInfo(lcStats) << "no history for" << subject.key << ":" << history.error;
            emit historyStateChanged(subject.kind, subject.key);
            return;
        }
        history.state = HistoryState::Loaded;
        history.error.clear();
        merge(reply.stats_history());
        emit historyStateChanged(subject.kind, subject.key);
    });
}

void StatsStore::onSnapshotApplied()
{
    // A new connection (or the engine came back): fetch what each watched
    // subject missed meanwhile.
    ++m_generation;
    for (const Subject &subject : std::as_const(m_watched))
        requestHistory(subject);
    for (auto it = m_history.begin(); it != m_history.end(); ++it)
        if (it.key().kind == Kind::Zone)
            requestHistory(it.key());
}

Result<void> StatsStore::validate(const proto::HostSample &sample)
{
    const QString host = qs(sample.host());
    if (auto named = model::validateName(QStringLiteral("host name"), host); !named)
        return invalid(tr("A statistics sample was refused: %1").arg(named.error().message()));
    if (sample.time_ms() <= 0)
        return invalid(tr("The sample of host %1 has no time; it was refused.").arg(host));
    if (!std::isfinite(sample.interval_s()) || sample.interval_s() < 0)
        return invalid(tr("The sample of host %1 covers an interval of %2 s; it was refused.")
                           .arg(host).arg(sample.interval_s()));
    if (!isPercent(sample.cpu_percent()))
        return invalid(tr("The sample of host %1 says its CPU is %2 % busy, outside 0 to 100; it was refused.")
                           .arg(host).arg(sample.cpu_percent()));
    if (sample.memory_used_mib() > sample.memory_total_mib())
        return invalid(tr("The sample of host %1 uses %2 MiB of %3 MiB memory; it was refused.")
                           .arg(host).arg(sample.memory_used_mib()).arg(sample.memory_total_mib()));
    for (const proto::PartitionSample &p : sample.partitions()) {
        const QString uuid = qs(p.uuid());
        if (QUuid::fromString(uuid).isNull())
            return invalid(tr("The sample of host %1 names a partition \"%2\" that is not a uuid; it was refused.")
                               .arg(host, uuid.left(40)));
        if (!isPercent(p.cpu_percent()))
            return invalid(tr("The sample of host %1 says partition %2 is %3 % busy, outside 0 to 100; it was "
                              "refused.")
                               .arg(host, uuid).arg(p.cpu_percent()));
        if (p.memory_mib() > 0 && p.memory_used_mib() > p.memory_mib())
            return invalid(tr("The sample of host %1 says partition %2 uses %3 MiB of %4 MiB; it was refused.")
                               .arg(host, uuid).arg(p.memory_used_mib()).arg(p.memory_mib()));
    }
    return {};
}

Result<void> StatsStore::validate(const proto::ZoneSample &sample)
{
    const QString zone = qs(sample.zone());
    if (auto named = model::validateName(QStringLiteral("zone name"), zone); !named)
        return invalid(tr("A zone statistics sample was refused: %1").arg(named.error().message()));
    if (sample.time_ms() <= 0)
        return invalid(tr("The sample of zone %1 has no time; it was refused.").arg(zone));
    if (!isPercent(sample.cpu_percent()) || !isPercent(sample.memory_percent()))
        return invalid(tr("The sample of zone %1 says CPU %2 % and memory %3 %, outside 0 to 100; it was refused.")
                           .arg(zone).arg(sample.cpu_percent()).arg(sample.memory_percent()));
    return {};
}

bool StatsStore::insert(Series &series, const Point &point)
{
    // Almost always the newest: append. History that arrives after live
    // updates goes in before them.
    if (series.isEmpty() || point.timeMs > series.constLast().timeMs) {
        series.append(point);
        return true;
    }
    const auto at = std::lower_bound(series.begin(), series.end(), point.timeMs,
                                     [](const Point &p, std::int64_t t) { return p.timeMs < t; });
    if (at != series.end() && at->timeMs == point.timeMs)
        return false;
    series.insert(at, point);
    return true;
}

void StatsStore::mergeHostSample(const proto::HostSample &sample, MergeResult &result, QSet<Subject> &touched)
{
    if (auto valid = validate(sample); !valid) {
        ++result.refused;
        result.problems << valid.error().message();
        return;
    }
    const QString host = qs(sample.host());
    const std::int64_t t = sample.time_ms();
    m_newestMs = std::max(m_newestMs, t);
    if (m_watched.contains(Subject{Kind::Host, host})) {
        Point point;
        point.timeMs = t;
        point.cpuPercent = sample.cpu_percent();
        point.memoryUsedMib = sample.memory_used_mib();
        point.memoryTotalMib = sample.memory_total_mib();
        point.memoryPercent = sample.memory_total_mib() > 0
                                  ? 100.0 * double(sample.memory_used_mib()) / double(sample.memory_total_mib())
                                  : 0.0;
        point.rxBytesPerS = sample.net_rx_bytes_per_s();
        point.txBytesPerS = sample.net_tx_bytes_per_s();
        if (insert(m_hosts[host], point)) {
            ++result.added;
            touched.insert(Subject{Kind::Host, host});
        } else {
            ++result.duplicates;
        }
    }
    for (const proto::PartitionSample &p : sample.partitions()) {
        const QString uuid = qs(p.uuid());
        if (!m_watched.contains(Subject{Kind::Partition, uuid}))
            continue;
        Point point;
        point.timeMs = t;
        point.cpuPercent = p.cpu_percent();
        point.memoryUsedMib = p.memory_used_mib();
        point.memoryTotalMib = p.memory_mib();
        point.memoryPercent = p.memory_mib() > 0 ? 100.0 * double(p.memory_used_mib()) / double(p.memory_mib()) : 0.0;
        point.rxBytesPerS = p.net_rx_bytes_per_s();
        point.txBytesPerS = p.net_tx_bytes_per_s();
        if (insert(m_partitions[uuid], point)) {
            ++result.added;
            touched.insert(Subject{Kind::Partition, uuid});
        } else {
            ++result.duplicates;
        }
    }
}

void StatsStore::mergeZoneSample(const proto::ZoneSample &sample, MergeResult &result, QSet<Subject> &touched)
{
    if (auto valid = validate(sample); !valid) {
        ++result.refused;
        result.problems << valid.error().message();
        return;
    }
    const QString zone = qs(sample.zone());
    m_newestMs = std::max(m_newestMs, sample.time_ms());
    Point point;
    point.timeMs = sample.time_ms();
    point.cpuPercent = sample.cpu_percent();
    point.memoryPercent = sample.memory_percent();
    point.rxBytesPerS = sample.net_rx_bytes_per_s();
    point.txBytesPerS = sample.net_tx_bytes_per_s();
    point.hostsReporting = sample.hosts_reporting();
    if (insert(m_zones[zone], point)) {
        ++result.added;
        touched.insert(Subject{Kind::Zone, zone});
    } else {
        ++result.duplicates;
    }
}

void StatsStore::prune()
{
    const std::int64_t oldest = m_newestMs - std::int64_t(m_retentionSeconds) * 1000;
    const qsizetype cap = qsizetype(m_retentionSeconds) * kMaxPointsPerSecond;
    for (auto *all : {&m_hosts, &m_partitions, &m_zones}) {
        for (auto it = all->begin(); it != all->end();) {
            Series &series = it.value();
            const auto keep = std::lower_bound(series.begin(), series.end(), oldest,
                                               [](const Point &p, std::int64_t t) { return p.timeMs < t; });
            series.erase(series.begin(), keep);
            if (series.size() > cap)
                series.remove(0, series.size() - cap);
            // A zone that stopped reporting a whole retention ago is gone;
            // watched hosts and partitions keep their (empty) place.
            if (series.isEmpty() && all == &m_zones)
                it = all->erase(it);
            else
                ++it;
        }
    }
}

void StatsStore::finish(const MergeResult &result, const QSet<Subject> &touched, const char *what)
{
    if (result.refused > 0)
        qCWarning(lcStats).noquote() << result.refused << "sample(s) of a" << what
                                     << "refused, the first:" << result.problems.constFirst();
    if (touched.isEmpty())
        return;
    prune();
    for (const Subject &subject : touched)
        emit samplesAdded(subject.kind, subject.key);
}

StatsStore::MergeResult StatsStore::merge(const proto::StatsUpdate &update)
{
    MergeResult result;
    QSet<Subject> touched;
    for (const proto::HostSample &sample : update.hosts())
        mergeHostSample(sample, result, touched);
    for (const proto::ZoneSample &sample : update.zones())
        mergeZoneSample(sample, result, touched);
    finish(result, touched, "stats update");
    return result;
}

StatsStore::MergeResult StatsStore::merge(const proto::StatsHistory &history)
{
    if (history.retention_s() > 0)
        (void)setRetentionSeconds(int(std::min<std::uint32_t>(history.retention_s(), kMaxRetentionSeconds)));
    MergeResult result;
    QSet<Subject> touched;
    for (const proto::HostSample &sample : history.hosts())
        mergeHostSample(sample, result, touched);
    for (const proto::ZoneSample &sample : history.zones())
        mergeZoneSample(sample, result, touched);
    finish(result, touched, "stats history");
    return result;
}

} // namespace vdc::gui
