#pragma once

#include "core/result.h"
#include "vdc.pb.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QString>
#include <QStringList>

#include <cstdint>

namespace vdc::gui {

class OpsClient;

// The console's bounded copy of the engine's statistics: a time series per
// host, per partition (by uuid) and per zone, oldest first.
//
// Zones are always kept (there are few and the overview shows them all);
// hosts and partitions only while something watches them (the last
// kMaxWatched subjects asked for), since a data center has thousands. The
// first watch() of a subject asks the engine for the history it keeps
// (GetStatsHistory), so a console that joins late sees the last minutes at
// once; live StatsUpdates fill it from then on. Samples are merged by time:
// a sample whose time is already in its series is a duplicate and dropped,
// so the history reply and live updates may overlap freely. Points older
// than the retention (the engine's, 15 minutes until it says) behind the
// newest sample are dropped.
class StatsStore : public QObject
{
    Q_OBJECT
public:
    enum class Kind { Host, Partition, Zone };
    Q_ENUM(Kind)

    enum class HistoryState {
        NotAsked, // not watched, or no engine to ask yet
        Loading,  // the request is out
        Loaded,   // the engine answered; live updates follow
        Failed,   // the engine could not answer; live updates still follow
    };
    Q_ENUM(HistoryState)

    // One moment of one object. Hosts and partitions fill memory in MiB,
    // zones only memoryPercent.
    struct Point
    {
        std::int64_t timeMs = 0;
        double cpuPercent = 0;
        double memoryPercent = 0;
        std::uint64_t memoryUsedMib = 0;
        std::uint64_t memoryTotalMib = 0;
        std::uint64_t rxBytesPerS = 0;
        std::uint64_t txBytesPerS = 0;
        std::uint32_t hostsReporting = 0; // zones
    };

    struct MergeResult
    {
        int added = 0;
        int duplicates = 0;
        int refused = 0;
        QStringList problems; // one sentence per refused sample
    };

    static constexpr int kDefaultRetentionSeconds = 15 * 60;
    static constexpr int kMaxWatched = 16;

    // client may be null: the store then only holds what is merged into it.
    explicit StatsStore(OpsClient *client, QObject *parent = nullptr);

    OpsClient *client() const { return m_client; }

    // Keeps this subject's series from now on and, the first time on this
    // connection, asks the engine for its history.
    void watch(Kind kind, const QString &key);
    bool isWatched(Kind kind, const QString &key) const;
    HistoryState historyState(Kind kind, const QString &key) const;
    // Why the history could not be loaded (HistoryState::Failed).
    QString historyError(Kind kind, const QString &key) const;

    MergeResult merge(const proto::StatsUpdate &update);
    MergeResult merge(const proto::StatsHistory &history);

    const QList<Point> &samples(Kind kind, const QString &key) const;
    // Zones with samples, sorted.
    QStringList zoneNames() const;
    // The newest sample time of anything merged (0: none yet).
    std::int64_t newestTimeMs() const { return m_newestMs; }
    int retentionSeconds() const { return m_retentionSeconds; }
    // Out-of-range values (below 60 s, above a day) are refused.
    Result<void> setRetentionSeconds(int seconds);

    // Checks a sample against the contract (names, times, percentages,
    // used memory not above the total). Refused samples change nothing.
    static Result<void> validate(const proto::HostSample &sample);
    static Result<void> validate(const proto::ZoneSample &sample);

signals:
    // Once per merge for each subject that got new points.
    void samplesAdded(vdc::gui::StatsStore::Kind kind, const QString &key);
    void historyStateChanged(vdc::gui::StatsStore::Kind kind, const QString &key);

private:
    struct Subject
    {
        Kind kind;
        QString key;
        bool operator==(const Subject &other) const { return kind == other.kind && key == other.key; }
    };
    friend size_t qHash(const Subject &s, size_t seed) { return qHashMulti(seed, int(s.kind), s.key); }

    struct History
    {
        HistoryState state = HistoryState::NotAsked;
        QString error;
    };

    using Series = QList<Point>;

    void mergeHostSample(const proto::HostSample &sample, MergeResult &result, QSet<Subject> &touched);
    void mergeZoneSample(const proto::ZoneSample &sample, MergeResult &result, QSet<Subject> &touched);
    bool insert(Series &series, const Point &point);
    void prune();
    void finish(const MergeResult &result, const QSet<Subject> &touched, const char *what);
    void requestHistory(const Subject &subject);
    void onSnapshotApplied();
    QHash<QString, Series> &seriesOf(Kind kind);
    const QHash<QString, Series> &seriesOf(Kind kind) const;

    QPointer<OpsClient> m_client;
    QHash<QString, Series> m_hosts;
    QHash<QString, Series> m_partitions;
    QHash<QString, Series> m_zones;
    QList<Subject> m_watched; // most recent last
    QHash<Subject, History> m_history;
    std::int64_t m_newestMs = 0;
    int m_retentionSeconds = kDefaultRetentionSeconds;
    quint64 m_generation = 0; // bumped per connection: older history answers are moot
};

} // namespace vdc::gui
