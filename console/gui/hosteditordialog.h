#pragma once

#include "vdc.pb.h"

#include <QDialog>
#include <QString>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QPushButton;
class QTableView;

namespace vdc::gui {

class NetworkLinkTableModel;
class OpsClient;
class ProblemLabel;
class StateStore;

// Edits a registered host: its zone, its location (site, room, rack; parts
// left empty come from its zone) and its network links, with the rules of
// shared/model/validation.h checked as the user types. What the host reports
// (state, cores, memory, running partitions) is shown read-only and follows
// the engine. Saves with UpdateHost, naming only what changed; an engine
// error is shown in the dialog and the input stays.
class HostEditorDialog : public QDialog
{
    Q_OBJECT
public:
    HostEditorDialog(OpsClient *client, const StateStore *store, const QString &hostName, QWidget *parent = nullptr);

    QString hostName() const { return m_name; }
    NetworkLinkTableModel *linkModel() const { return m_links; }
    // The request Save sends (only the parts that differ from the stored host).
    proto::UpdateHost updateRequest() const;
    bool hasChanges() const;
    // The first reason the form cannot be saved; empty while it can.
    QString problem() const;
    QString engineError() const;

    void accept() override;

signals:
    void saved(const vdc::proto::Host &host);

private:
    void refreshFigures();
    void validate();
    void save();
    proto::Location location() const;
    QString zone() const;

    OpsClient *m_client;
    const StateStore *m_store;
    QString m_name;
    proto::Host m_original;
    bool m_gone = false;
    bool m_busy = false;

    QLabel *m_stateIcon;
    QLabel *m_state;
    QLabel *m_cores;
    QLabel *m_memory;
    QLabel *m_partitions;
    QLabel *m_agent;
    QComboBox *m_zone;
    QComboBox *m_site;
    QComboBox *m_room;
    QComboBox *m_rack;
    ProblemLabel *m_siteProblem;
    ProblemLabel *m_roomProblem;
    ProblemLabel *m_rackProblem;
    NetworkLinkTableModel *m_links;
    QTableView *m_linkView;
    QPushButton *m_addLink;
    QPushButton *m_removeLink;
    ProblemLabel *m_linksProblem;
    ProblemLabel *m_engineProblem;
    QLabel *m_hint;
    QDialogButtonBox *m_buttons;
};

} // namespace vdc::gui
