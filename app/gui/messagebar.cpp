#include "messagebar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QTimer>
#include <QToolButton>

namespace Slipway::Gui {

MessageBar::MessageBar(QWidget* parent)
    : QFrame(parent)
    , m_icon(new QLabel(this))
    , m_label(new QLabel(this))
    , m_actionButton(new QPushButton(this))
    , m_closeButton(new QToolButton(this))
    , m_hideTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("messageBar"));
    m_label->setObjectName(QStringLiteral("messageLabel"));
    m_actionButton->setObjectName(QStringLiteral("messageActionButton"));
    m_closeButton->setObjectName(QStringLiteral("messageCloseButton"));
    m_label->setWordWrap(true);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_closeButton->setAutoRaise(true);
    m_closeButton->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    m_closeButton->setToolTip(tr("Close"));
    m_closeButton->setAccessibleName(tr("Close message"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 4, 4);
    layout->addWidget(m_icon);
    layout->addWidget(m_label, 1);
    layout->addWidget(m_actionButton);
    layout->addWidget(m_closeButton);
    m_actionButton->hide();
    m_hideTimer->setSingleShot(true);
    connect(m_hideTimer, &QTimer::timeout, this, &MessageBar::dismiss);
    connect(m_closeButton, &QToolButton::clicked, this, &MessageBar::dismiss);
    connect(m_actionButton, &QPushButton::clicked, this, [this] {
        auto action = m_action;
        dismiss();
        if (action)
            action();
    });
    setFrameShape(QFrame::StyledPanel);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    hide();
}

void MessageBar::showMessage(
    const QString& text, Type type, const QString& actionText, const std::function<void()>& action)
{
    m_type = type;
    m_label->setText(text);
    m_action = action;
    m_actionButton->setVisible(!actionText.isEmpty() && action);
    m_actionButton->setText(actionText);
    QStyle::StandardPixmap icon = QStyle::SP_MessageBoxInformation;
    QString colors;
    switch (type) {
    case Type::Info:
        colors = QStringLiteral("background:#e8f0fe; color:#0b3a75; border:1px solid #a8c7fa;");
        break;
    case Type::Success:
        colors = QStringLiteral("background:#e6f4ea; color:#0d5224; border:1px solid #a8dab5;");
        icon = QStyle::SP_DialogApplyButton;
        break;
    case Type::Warning:
        colors = QStringLiteral("background:#fef7e0; color:#5c3c00; border:1px solid #f9d77e;");
        icon = QStyle::SP_MessageBoxWarning;
        break;
    case Type::Error:
        colors = QStringLiteral("background:#fce8e6; color:#8c1d18; border:1px solid #f4b5ae;");
        icon = QStyle::SP_MessageBoxCritical;
        break;
    }
    setStyleSheet(
        QStringLiteral("#messageBar { %1 border-radius:4px; } #messageBar QLabel { color: inherit; }").arg(colors));
    m_icon->setPixmap(style()->standardIcon(icon).pixmap(16, 16));
    show();
    if (type == Type::Info || type == Type::Success)
        m_hideTimer->start(10000);
    else
        m_hideTimer->stop();
    Q_EMIT shown(text);
}

void MessageBar::dismiss()
{
    m_hideTimer->stop();
    m_action = nullptr;
    hide();
}

QString MessageBar::text() const
{
    return isVisible() || !m_label->text().isEmpty() ? m_label->text() : QString();
}

} // namespace Slipway::Gui
