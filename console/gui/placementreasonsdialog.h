#pragma once

#include "vdc.pb.h"

#include <QDialog>

class QLabel;
class QSortFilterProxyModel;
class QTreeView;

namespace vdc::gui {

class PlacementRejectionModel;

// Why a partition could not be placed: what failed and the engine's sentence
// on top, then every host that was considered and why it was turned down, in
// a table sorted by host (click a header to sort by reason).
class PlacementReasonsDialog : public QDialog
{
    Q_OBJECT
public:
    // `what` says what failed ("Partition web1 could not be started."); the
    // reply gives the engine's error and its rejections (and plan, if any).
    PlacementReasonsDialog(const QString &what, const proto::OpsReply &reply, QWidget *parent = nullptr);

    // True when the reply names hosts that were turned down, i.e. this
    // dialog has more to say than a message box.
    static bool hasReasons(const proto::OpsReply &reply);
    // Opens the dialog (window-modal, deleted on close) and returns it.
    static PlacementReasonsDialog *showFailure(QWidget *parent, const QString &what, const proto::OpsReply &reply);

    PlacementRejectionModel *model() const { return m_model; }
    QTreeView *view() const { return m_view; }
    // The table as text, one "host: reason" line each, in the order shown.
    QString reasonsText() const;

private:
    PlacementRejectionModel *m_model;
    QSortFilterProxyModel *m_sorted;
    QTreeView *m_view;
};

} // namespace vdc::gui
