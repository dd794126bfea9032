#pragma once

#include "vdc.pb.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLineEdit;
class QSpinBox;

namespace vdc::gui {

class ProblemLabel;
class StateStore;

// Asks for a new partition's definition. The form is checked as the user
// types, with the same rules the engine applies; OK stays disabled and the
// reason is shown while the definition is not acceptable.
class CreatePartitionDialog : public QDialog
{
    Q_OBJECT
public:
    explicit CreatePartitionDialog(const StateStore *store, QWidget *parent = nullptr);

    // The definition as entered (uuid left to the engine).
    proto::PartitionSpec spec() const;
    // Empty while the definition is acceptable.
    QString problem() const;

private:
    void validate();

    const StateStore *m_store;
    QLineEdit *m_name;
    QComboBox *m_domain;
    QSpinBox *m_vcpus;
    QSpinBox *m_memory;
    QComboBox *m_zone;
    ProblemLabel *m_problem;
    QDialogButtonBox *m_buttons;
};

} // namespace vdc::gui
