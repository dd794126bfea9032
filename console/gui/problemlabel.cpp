#include "problemlabel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>

namespace vdc::gui {

ProblemLabel::ProblemLabel(QWidget *parent)
    : QWidget(parent)
    , m_icon(new QLabel(this))
    , m_text(new QLabel(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    const int iconSize = style()->pixelMetric(QStyle::PM_SmallIconSize);
    m_icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(iconSize, iconSize));
    m_icon->setAlignment(Qt::AlignTop);
    m_text->setObjectName(QStringLiteral("problemText"));
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::PlainText);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_icon);
    layout->addWidget(m_text, 1);
    setVisible(false);
}

void ProblemLabel::setProblem(const QString &problem)
{
    m_text->setText(problem);
    setVisible(!problem.isEmpty());
}

QString ProblemLabel::problem() const
{
    return m_text->text();
}

} // namespace vdc::gui
