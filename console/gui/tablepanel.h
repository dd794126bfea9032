#pragma once

#include <QWidget>

class QAbstractItemModel;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTreeView;

namespace vdc::gui {

// A titled table with a filter box: the view shows the model through a
// sorting and filtering proxy. sortRole is the model's role that gives
// numbers as numbers. An empty table says why it is empty (emptyText, or
// that the filter hides every row).
class TablePanel : public QWidget
{
    Q_OBJECT
public:
    TablePanel(const QString &title, const QString &filterPlaceholder, const QString &emptyText,
               QAbstractItemModel *model, int sortRole, QWidget *parent = nullptr);

    QTreeView *view() const { return m_view; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }
    QLineEdit *filterEdit() const { return m_filter; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void updateCount();

    QAbstractItemModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QLabel *m_title;
    QLabel *m_count;
    QLineEdit *m_filter;
    QTreeView *m_view;
    QLabel *m_empty;
    QString m_emptyText;
};

} // namespace vdc::gui
