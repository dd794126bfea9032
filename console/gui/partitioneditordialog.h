#pragma once

#include "vdc.pb.h"

#include <QDialog>
#include <QHash>
#include <QString>
#include <QStringList>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QTabWidget;

namespace vdc::gui {

class OpsClient;
class ProblemLabel;
class StateStore;

// Creates a partition or edits one: every field of its definition, in three
// tabs (General, Placement, Performance). Each field is checked as the user
// types with the rules of shared/model/validation.h and its reason is shown
// under it; a tab holding a problem carries a warning icon and OK stays
// disabled. While the partition runs, the fields its host was given when it
// started (vCPUs, memory, bandwidth, boot, accelerator) are read-only.
//
// The dialog saves by itself (CreatePartition, or UpdatePartition naming only
// the fields that were changed) and closes only when the engine agreed; an
// engine error is shown in the dialog and the input stays as it was.
class PartitionEditorDialog : public QDialog
{
    Q_OBJECT
public:
    // A new partition.
    PartitionEditorDialog(OpsClient *client, const StateStore *store, QWidget *parent = nullptr);
    // The stored partition with this uuid.
    PartitionEditorDialog(OpsClient *client, const StateStore *store, const QString &uuid, QWidget *parent = nullptr);

    bool isEditing() const { return !m_uuid.isEmpty(); }
    QString partitionUuid() const { return m_uuid; }

    // The definition as entered (create: uuid left to the engine).
    proto::PartitionSpec spec() const;
    // Editing: the PartitionSpec fields that differ from the stored definition.
    QStringList changedFields() const;
    // Editing: the request Save sends.
    proto::UpdatePartition updateRequest() const;
    // The first reason the form cannot be saved; empty while it can.
    QString problem() const;
    // The reason shown under one field (PartitionSpec field name); empty if none.
    QString fieldProblem(const QString &field) const { return m_problems.value(field); }
    // The engine's answer to the last save, when it refused.
    QString engineError() const;
    // Editing a partition that occupies its host: stop-only fields are read-only.
    bool stopOnlyFieldsLocked() const { return m_locked; }

    void accept() override;

signals:
    // The engine stored the definition (the reply's partition).
    void saved(const vdc::proto::Partition &partition);

private:
    void buildForm();
    void fillZones();
    void load(const proto::PartitionSpec &spec);
    void onStoreChanged();
    void validate();
    QHash<QString, QString> fieldProblems() const;
    void save();
    void setBusy(bool busy);
    QString bootText() const;

    OpsClient *m_client;
    const StateStore *m_store;
    QString m_uuid;                   // empty: creating
    proto::PartitionSpec m_original;  // editing: as it was when the dialog opened
    bool m_locked = false;
    bool m_gone = false;              // editing: the partition was deleted meanwhile
    bool m_busy = false;
    QHash<QString, QString> m_problems;
    QHash<QString, ProblemLabel *> m_problemLabels;
    QHash<QString, int> m_fieldTab;

    QLabel *m_runningNote;
    QTabWidget *m_tabs;
    // General
    QLineEdit *m_name;
    QComboBox *m_domain;
    QComboBox *m_zone;
    QComboBox *m_bootKind;
    QLineEdit *m_bootPath;
    QComboBox *m_accelerator;
    // Placement
    QSpinBox *m_priority;
    QComboBox *m_qosClass;
    QComboBox *m_site;
    QComboBox *m_room;
    QLineEdit *m_notInRackOf;
    QLineEdit *m_affinityGroup;
    QComboBox *m_affinityScope;
    QCheckBox *m_affinityRequired;
    QLineEdit *m_antiAffinityGroup;
    // Performance
    QSpinBox *m_vcpus;
    QSpinBox *m_memory;
    QSpinBox *m_bandwidth;
    QSpinBox *m_cpuShares;

    QLabel *m_hint;
    ProblemLabel *m_engineProblem;
    QDialogButtonBox *m_buttons;
};

} // namespace vdc::gui
