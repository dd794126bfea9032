#pragma once

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLineEdit;

namespace vdc::gui {

class ProblemLabel;
class StateStore;

// Asks for a host to register: its name, the endpoint of its vdc-agent and
// its zone. Checked as the user types; OK stays disabled with the reason.
class AddHostDialog : public QDialog
{
    Q_OBJECT
public:
    explicit AddHostDialog(const StateStore *store, QWidget *parent = nullptr);

    QString hostName() const;
    QString agentEndpoint() const;
    QString zone() const;
    // Empty while the entries are acceptable.
    QString problem() const;

private:
    void validate();

    const StateStore *m_store;
    QLineEdit *m_name;
    QLineEdit *m_endpoint;
    QComboBox *m_zone;
    ProblemLabel *m_problem;
    QDialogButtonBox *m_buttons;
};

} // namespace vdc::gui
