#include "addhostdialog.h"

#include "model/validation.h"
#include "problemlabel.h"
#include "statestore.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QVBoxLayout>

namespace vdc::gui {

AddHostDialog::AddHostDialog(const StateStore *store, QWidget *parent)
    : QDialog(parent)
    , m_store(store)
    , m_name(new QLineEdit(this))
    , m_endpoint(new QLineEdit(this))
    , m_zone(new QComboBox(this))
    , m_problem(new ProblemLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Add Host"));
    setObjectName(QStringLiteral("addHostDialog"));

    m_name->setObjectName(QStringLiteral("nameEdit"));
    m_name->setPlaceholderText(tr("for example host4"));
    m_endpoint->setObjectName(QStringLiteral("endpointEdit"));
    m_endpoint->setPlaceholderText(tr("for example tcp://192.0.2.10:5600"));
    m_zone->setObjectName(QStringLiteral("zoneCombo"));
    m_zone->setEditable(true);
    m_zone->addItem(QString());
    m_zone->addItems(store->zoneNames());
    m_zone->lineEdit()->setPlaceholderText(tr("no zone"));

    auto *form = new QFormLayout;
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Agent endpoint:"), m_endpoint);
    form->addRow(tr("&Zone:"), m_zone);

    auto *hint = new QLabel(tr("The agent endpoint is the ROUTER address of the host's vdc-agent "
                               "(its --listen option)."),
                            this);
    hint->setWordWrap(true);
    hint->setEnabled(false);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(hint);
    layout->addWidget(m_problem);
    layout->addStretch();
    layout->addWidget(m_buttons);

    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Add"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (problem().isEmpty())
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_name, &QLineEdit::textChanged, this, &AddHostDialog::validate);
    connect(m_endpoint, &QLineEdit::textChanged, this, &AddHostDialog::validate);
    connect(m_zone, &QComboBox::currentTextChanged, this, &AddHostDialog::validate);

    setMinimumWidth(420);
    validate();
}

QString AddHostDialog::hostName() const
{
    return m_name->text();
}

QString AddHostDialog::agentEndpoint() const
{
    return m_endpoint->text().trimmed();
}

QString AddHostDialog::zone() const
{
    return m_zone->currentText().trimmed();
}

QString AddHostDialog::problem() const
{
    const QString name = hostName();
    if (name.isEmpty())
        return tr("Give the host a name.");
    if (auto valid = model::validateName(QStringLiteral("host name"), name); !valid)
        return valid.error().message();
    if (m_store->host(name))
        return tr("A host named %1 is already registered.").arg(name);
    const QString endpoint = agentEndpoint();
    if (endpoint.isEmpty())
        return tr("Give the endpoint of the host's vdc-agent, such as tcp://192.0.2.10:5600.");
    static const QRegularExpression endpointPattern(QStringLiteral("^(tcp|ipc|inproc)://\\S+$"));
    if (!endpointPattern.match(endpoint).hasMatch())
        return tr("The agent endpoint \"%1\" is not a ZeroMQ endpoint; it starts with tcp://, ipc:// or inproc://.")
            .arg(endpoint);
    if (!zone().isEmpty())
        if (auto valid = model::validateName(QStringLiteral("zone name"), zone()); !valid)
            return valid.error().message();
    return {};
}

void AddHostDialog::validate()
{
    const QString reason = problem();
    m_problem->setProblem(reason);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(reason.isEmpty());
}

} // namespace vdc::gui
