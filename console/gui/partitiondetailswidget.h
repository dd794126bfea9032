#pragma once

#include <QString>
#include <QWidget>

class QFormLayout;
class QLabel;
class QStackedWidget;

namespace vdc::gui {

class StateStore;

// Everything known about one partition, kept current as deltas arrive.
class PartitionDetailsWidget : public QWidget
{
    Q_OBJECT
public:
    explicit PartitionDetailsWidget(const StateStore *store, QWidget *parent = nullptr);

    void setPartition(const QString &uuid);
    QString partitionUuid() const { return m_uuid; }

private:
    void refresh();
    QLabel *addField(QFormLayout *form, const QString &label, const QString &objectName);

    const StateStore *m_store;
    QString m_uuid;
    QStackedWidget *m_stack;
    QLabel *m_title;
    QLabel *m_stateIcon;
    QLabel *m_state;
    QLabel *m_uuidLabel;
    QLabel *m_domain;
    QLabel *m_zone;
    QLabel *m_host;
    QLabel *m_vcpus;
    QLabel *m_memory;
    QLabel *m_cores;
    QLabel *m_granules;
    QLabel *m_boot;
    QLabel *m_priority;
    QLabel *m_lastError;
};

} // namespace vdc::gui
