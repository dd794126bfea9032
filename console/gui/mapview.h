#pragma once

#include <QGraphicsView>

namespace vdc::gui {

// The view on the map: wheel or +/- to zoom around the mouse, drag empty
// space to pan, 0 to fit everything.
class MapView : public QGraphicsView
{
    Q_OBJECT
public:
    explicit MapView(QGraphicsScene *scene, QWidget *parent = nullptr);

    void zoomBy(double factor);
    void fitAll();
    double zoom() const { return transform().m11(); }

protected:
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
};

} // namespace vdc::gui
