#pragma once

#include "vdc.pb.h"

#include <QAbstractTableModel>
#include <QList>
#include <QString>

namespace vdc::gui {

// A host's network links as an editable table: name and capacity can be
// changed, the bandwidth already guaranteed to partitions is shown read-only.
// Rows the shared rules refuse carry a warning icon and their reason as
// tooltip; problem() names the first.
class NetworkLinkTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum class Column { Name, Capacity, Guaranteed, Count };

    explicit NetworkLinkTableModel(QObject *parent = nullptr);

    // hostName is used in the sentences of the rules.
    void setHostName(const QString &hostName) { m_host = hostName; }
    void setLinks(const QList<proto::NetworkLink> &links);
    // The links as entered (a negative capacity comes back as 0).
    QList<proto::NetworkLink> links() const;
    // Appends a link with a free name ("eth0", "eth1", ...) and returns its row.
    int addLink(std::uint32_t capacityMbps = 1000);
    void removeLink(int row);

    // The reason a row cannot be saved (empty if it can), and the first such
    // reason over the whole table, duplicates included.
    QString rowProblem(int row) const;
    QString problem() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

private:
    struct Row
    {
        QString name;
        int capacityMbps = 0; // signed, so a typed negative number can be refused with its reason
        std::uint32_t guaranteedMbps = 0;
    };
    static proto::NetworkLink toLink(const Row &row);

    QString m_host;
    QList<Row> m_rows;
};

} // namespace vdc::gui
