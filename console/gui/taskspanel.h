#pragma once

#include <QWidget>

class QPushButton;
class QTreeView;

namespace vdc::gui {

class OpsClient;
class StateStore;
class TaskListModel;

// Running tasks (migrations and calendar changes) with their phase and
// progress, and Cancel for the selected one.
class TasksPanel : public QWidget
{
    Q_OBJECT
public:
    TasksPanel(OpsClient *client, StateStore *store, QWidget *parent = nullptr);
    TaskListModel *model() const { return m_model; }

signals:
    void statusMessage(const QString &text, int timeoutMs);

private:
    void cancelSelected();
    void updateButtons();

    OpsClient *m_client;
    TaskListModel *m_model;
    QTreeView *m_view;
    QPushButton *m_cancel;
};

} // namespace vdc::gui
