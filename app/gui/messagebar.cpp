#include "messagebar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
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
    setFrameShape(QFrame::NoFrame);
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
    switch (type) {
    case Type::Info:
        break;
    case Type::Success:
        icon = QStyle::SP_DialogApplyButton;
        break;
    case Type::Warning:
        icon = QStyle::SP_MessageBoxWarning;
        break;
    case Type::Error:
        icon = QStyle::SP_MessageBoxCritical;
        break;
    }
    m_icon->setPixmap(style()->standardIcon(icon).pixmap(16, 16));
    update();
    show();
    if (type == Type::Info || type == Type::Success)
        m_hideTimer->start(10000);
    else
        m_hideTimer->stop();
    Q_EMIT shown(text);
}

namespace {

QColor mix(const QColor& a, const QColor& b, double amount)
{
    return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * amount),
        float(a.greenF() + (b.greenF() - a.greenF()) * amount), float(a.blueF() + (b.blueF() - a.blueF()) * amount));
}

} // namespace

QColor MessageBar::backgroundColor() const
{
    return mix(palette().color(QPalette::Window), accentColor(), 0.18);
}

QColor MessageBar::accentColor() const
{
    // Mid-tone accents only: the light or dark end always comes from the palette.
    switch (m_type) {
    case Type::Info:
        return palette().color(QPalette::Highlight);
    case Type::Success:
        return QColor(0x2e, 0x9d, 0x50);
    case Type::Warning:
        return QColor(0xd9, 0x8e, 0x04);
    case Type::Error:
        return QColor(0xd9, 0x30, 0x25);
    }
    return palette().color(QPalette::Highlight);
}

void MessageBar::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(QPen(mix(palette().color(QPalette::Window), accentColor(), 0.55), 1));
    p.setBrush(backgroundColor());
    p.drawRoundedRect(QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4);
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
