#pragma once

#include <QWidget>

class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QCheckBox;
class QTreeView;

namespace vdc::gui {

class AuditLogModel;
class OpsClient;

// The audit log: who did what to which object, when, with what result;
// filtered by object, user and time by the engine's audit query.
class AuditLogPanel : public QWidget
{
    Q_OBJECT
public:
    explicit AuditLogPanel(OpsClient *client, QWidget *parent = nullptr);

    AuditLogModel *model() const { return m_model; }
    void setObjectFilter(const QString &object);
    void setUserFilter(const QString &user);
    // Sends the query; the table fills when the engine answers.
    void refresh();

signals:
    void refreshed(int count);

private:
    OpsClient *m_client;
    AuditLogModel *m_model;
    QLineEdit *m_object;
    QLineEdit *m_user;
    QCheckBox *m_useSince;
    QDateTimeEdit *m_since;
    QTreeView *m_view;
    QLabel *m_status;
};

} // namespace vdc::gui
