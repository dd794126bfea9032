#pragma once

#include <QDialog>

class QTreeWidget;
class QLabel;
class QDialogButtonBox;

namespace vdc::gui {

class StateStore;

// "Migrate to...": every host with whether it can take the partition and
// why not; the keyboard and menu way to do what dragging a chip does.
class MigrateDialog : public QDialog
{
    Q_OBJECT
public:
    MigrateDialog(const StateStore *store, const QString &partitionUuid, QWidget *parent = nullptr);
    QString targetHost() const;

private:
    void updateButtons();

    QTreeWidget *m_hosts;
    QLabel *m_reason;
    QDialogButtonBox *m_buttons;
};

} // namespace vdc::gui
