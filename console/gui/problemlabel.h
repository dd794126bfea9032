#pragma once

#include <QWidget>

class QLabel;

namespace vdc::gui {

// A warning icon and a sentence saying what is wrong with a form; it takes
// no space while there is nothing to say.
class ProblemLabel : public QWidget
{
    Q_OBJECT
public:
    explicit ProblemLabel(QWidget *parent = nullptr);

    void setProblem(const QString &problem);
    QString problem() const;

private:
    QLabel *m_icon;
    QLabel *m_text;
};

} // namespace vdc::gui
