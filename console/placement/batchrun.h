#pragma once

// Internal to the placement library: one run of PlacementEngine::placeBatch.

#include "batchoptions.h"
#include "batchoutcome.h"
#include "demand.h"
#include "placementindex.h"

#include <QHash>
#include <QList>
#include <QString>

#include <numeric>
#include <vector>

namespace vdc::placement {

// One batch against a working copy of the index.
class BatchRun
{
public:
    BatchRun(const QList<Demand> &demands, const PlacementIndex &initial, const BatchOptions &options, BatchOutcome &out)
        : m_demands(demands)
        , m_work(initial)
        , m_options(options)
        , m_out(out)
        , m_sets(demands)
        , m_count(int(demands.size()))
        , m_sizes(size_t(m_count))
        , m_refused(size_t(m_count), 0)
        , m_setFailed(size_t(m_count), 0)
        , m_hostOf(size_t(m_count), -1)
        , m_linkOf(size_t(m_count), -1)
        , m_pendingZone(size_t(m_count), -1)
    {
    }

    void run();

private:
    // Partitions linked by a group (affinity or anti-affinity) share a set; the
    // PerGroup atomicity places or drops a set as a whole.
    class GroupSets
    {
    public:
        explicit GroupSets(const QList<Demand> &demands) : m_parent(size_t(demands.size()))
        {
            std::iota(m_parent.begin(), m_parent.end(), 0);
            QHash<QString, int> firstOf;
            for (int i = 0; i < demands.size(); ++i) {
                for (const QString *g : {&demands[i].affinityGroup, &demands[i].antiAffinityGroup}) {
                    if (g->isEmpty())
                        continue;
                    const auto it = firstOf.constFind(*g);
                    if (it == firstOf.cend())
                        firstOf.insert(*g, i);
                    else
                        unite(*it, i);
                }
            }
        }
        int root(int i)
        {
            while (m_parent[size_t(i)] != i) {
                m_parent[size_t(i)] = m_parent[size_t(m_parent[size_t(i)])];
                i = m_parent[size_t(i)];
            }
            return i;
        }

    private:
        void unite(int a, int b) { m_parent[size_t(root(a))] = root(b); }
        std::vector<int> m_parent;
    };

    struct Unit
    {
        QList<int> members; // input indexes, in placement order
        std::uint32_t priority = 0;
        bool constrained = false; // holds an anti-affinity member
        bool grouped = false;     // an affinity group: placed one by one, before the fill
        double size = 0;
        int first = 0;
    };

    void refuseUnsatisfiableGroups();
    QList<Unit> units() const;
    bool fillable(int i) const;
    void placeOne(int i, const Unit &unit);
    void fillZone(int zone, const QList<int> &pool);
    int nextHostToFill(int zone, const std::vector<char> &done) const;
    bool skip(int i);
    void settle(int i);
    void placed(int i, Decision decision, int host, int link);
    void failed(int i, Decision decision);
    void finish();

    const QList<Demand> &m_demands;
    PlacementIndex m_work;
    const BatchOptions &m_options;
    BatchOutcome &m_out;
    GroupSets m_sets;
    int m_count;
    std::vector<double> m_sizes;
    std::vector<char> m_refused;
    std::vector<char> m_setFailed;
    std::vector<int> m_hostOf;
    std::vector<int> m_linkOf;
    std::vector<int> m_pendingZone;
    QString m_firstFailure;
};

} // namespace vdc::placement
