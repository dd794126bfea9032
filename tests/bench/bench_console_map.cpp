// The data-center map with 1,000 hosts in 10 zones and 10,000 running
// partitions, fed through a StateStore as the console feeds it: time to
// build the map, to apply 10,000 state deltas (partitions changing state and
// moving between hosts), and the time per frame for panning and zooming,
// each frame rendered to an offscreen QImage. Targets: frames under 16 ms,
// the deltas in under 1 s.
#include "mapscene.h"
#include "mapview.h"
#include "statestore.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QPainter>
#include <QScrollBar>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace vdc;
using namespace vdc::gui;

namespace {

constexpr int kHosts = 1000;
constexpr int kZones = 10;
constexpr int kPartitions = 10000;
constexpr int kDeltas = 10000;
constexpr int kFrames = 200;

QString uuidOf(int i) { return QStringLiteral("00000000-0000-4000-8000-%1").arg(i, 12, 10, QLatin1Char('0')); }

proto::Partition partition(int i, int host, proto::PartitionState state)
{
    proto::Partition p;
    p.mutable_spec()->set_uuid(uuidOf(i).toStdString());
    p.mutable_spec()->set_name(QStringLiteral("p%1").arg(i).toStdString());
    p.mutable_spec()->set_domain("default");
    p.mutable_spec()->set_vcpus(2);
    p.mutable_spec()->set_memory_mib(2048);
    p.set_state(state);
    p.set_host(QStringLiteral("h%1").arg(host).toStdString());
    return p;
}

struct Figures
{
    double median = 0;
    double p99 = 0;
    double max = 0;
};

Figures figures(std::vector<double> ms)
{
    std::sort(ms.begin(), ms.end());
    Figures f;
    f.median = ms[ms.size() / 2];
    f.p99 = ms[std::min(ms.size() - 1, size_t(double(ms.size()) * 0.99))];
    f.max = ms.back();
    return f;
}

template<typename Step>
Figures frames(MapView &view, QImage &image, Step step)
{
    std::vector<double> ms;
    ms.reserve(kFrames);
    for (int i = 0; i < kFrames; ++i) {
        QElapsedTimer t;
        t.start();
        step(i);
        QPainter painter(&image);
        view.render(&painter, QRectF(image.rect()), view.viewport()->rect());
        painter.end();
        ms.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    return figures(ms);
}

void print(const char *what, const Figures &f)
{
    std::printf("%-34s median %7.2f ms   p99 %7.2f ms   max %7.2f ms   target < 16 ms: %s\n", what, f.median, f.p99,
                f.max, f.p99 < 16.0 ? "met (p99)" : (f.median < 16.0 ? "median met, p99 not" : "NOT met"));
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);

    proto::StateSnapshot snapshot;
    snapshot.set_sequence(1);
    for (int h = 0; h < kHosts; ++h) {
        auto *host = snapshot.add_hosts();
        host->set_name(QStringLiteral("h%1").arg(h).toStdString());
        host->set_zone(QStringLiteral("zone-%1").arg(h % kZones).toStdString());
        host->set_state(h % 97 == 0 ? proto::HOST_STATE_DEGRADED : proto::HOST_STATE_UP);
        host->set_cores_total(64);
        host->set_cores_reserved(2);
        host->set_cores_free(62 - 20);
        host->set_memory_total_mib(262144);
        host->set_memory_reserved_mib(4096);
        host->set_memory_free_mib(262144 - 4096 - 20480);
    }
    for (int i = 0; i < kPartitions; ++i)
        *snapshot.add_partitions() = partition(i, i % kHosts, proto::PARTITION_STATE_RUNNING);
    StateStore store;

    QElapsedTimer t;
    t.start();
    store.applySnapshot(snapshot);
    const double storeMs = double(t.nsecsElapsed()) / 1e6;
    t.restart();
    MapScene scene(&store);
    scene.flush();
    const double buildMs = double(t.nsecsElapsed()) / 1e6;

    // Deltas: every tenth moves its partition to the next host, the others
    // change its state (running <-> paused), as a busy engine would publish.
    std::vector<proto::StateDelta> deltas(kDeltas);
    for (int i = 0; i < kDeltas; ++i) {
        deltas[size_t(i)].set_sequence(std::uint64_t(2 + i));
        const int p = (i * 7919) % kPartitions;
        const bool move = i % 10 == 0;
        *deltas[size_t(i)].mutable_partition_updated() =
            partition(p, move ? (p % kHosts + 1) % kHosts : p % kHosts,
                      move || i % 2 == 0 ? proto::PARTITION_STATE_RUNNING : proto::PARTITION_STATE_PAUSED);
    }
    t.restart();
    int applied = 0;
    for (const auto &d : deltas)
        applied += store.applyDelta(d) == StateStore::DeltaResult::Applied ? 1 : 0;
    const double applyMs = double(t.nsecsElapsed()) / 1e6;
    t.restart();
    QCoreApplication::processEvents(); // the map's one batched update
    scene.flush();
    const double flushMs = double(t.nsecsElapsed()) / 1e6;

    MapView view(&scene);
    view.resize(1280, 800);
    view.show(); // offscreen: lays out the viewport as on a screen
    QCoreApplication::processEvents();
    QImage image(1280, 800, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);

    view.setTransform(QTransform());
    view.centerOn(scene.itemsBoundingRect().topLeft() + QPointF(640, 400));
    const Figures panNear = frames(view, image, [&](int i) {
        view.horizontalScrollBar()->setValue(view.horizontalScrollBar()->value() + (i % 40 < 20 ? 24 : -24));
    });
    view.setTransform(QTransform::fromScale(0.35, 0.35));
    const Figures panMid = frames(view, image, [&](int i) {
        view.horizontalScrollBar()->setValue(view.horizontalScrollBar()->value() + (i % 40 < 20 ? 24 : -24));
    });
    view.fitAll();
    const double overviewZoom = view.zoom();
    const Figures overview = frames(view, image, [&](int) {});
    const Figures zoom = frames(view, image, [&](int i) {
        view.zoomBy(i % 60 < 30 ? 1.06 : 1.0 / 1.06);
    });

    std::printf("console map: %d hosts in %d zones, %d partitions (cards: %d), viewport %dx%d, zoom of the overview %.3f\n",
                kHosts, kZones, kPartitions, scene.cardCount(), view.viewport()->width(), view.viewport()->height(),
                overviewZoom);
    std::printf("%-34s %8.1f ms\n", "snapshot into the store", storeMs);
    std::printf("%-34s %8.1f ms\n", "build the map", buildMs);
    std::printf("%-34s %8.1f ms   (%d applied)\n", "apply 10,000 deltas to the store", applyMs, applied);
    std::printf("%-34s %8.1f ms\n", "map update for those deltas", flushMs);
    std::printf("%-34s %8.1f ms   target < 1000 ms: %s\n", "deltas total (store + map)", applyMs + flushMs,
                applyMs + flushMs < 1000 ? "met" : "NOT met");
    print("pan at 100 % (frame)", panNear);
    print("pan at 35 % (frame)", panMid);
    print("whole data center (frame)", overview);
    print("zoom in and out (frame)", zoom);
    return 0;
}
