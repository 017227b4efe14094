#include "messagebar.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>
#include <utility>

namespace Slipway::Gui {

namespace {

QColor mix(const QColor& a, const QColor& b, double amount)
{
    return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * amount),
        float(a.greenF() + (b.greenF() - a.greenF()) * amount), float(a.blueF() + (b.blueF() - a.blueF()) * amount));
}

QStyle::StandardPixmap iconOf(MessageBar::Type type)
{
    switch (type) {
    case MessageBar::Type::Info:
        return QStyle::SP_MessageBoxInformation;
    case MessageBar::Type::Success:
        return QStyle::SP_DialogApplyButton;
    case MessageBar::Type::Warning:
        return QStyle::SP_MessageBoxWarning;
    case MessageBar::Type::Error:
        return QStyle::SP_MessageBoxCritical;
    }
    return QStyle::SP_MessageBoxInformation;
}

constexpr int kMargin = 6; // from the parent's edges, as an overlay

} // namespace

// One line of the bar: icon, text, optional action, close.
class MessageRow : public QFrame
{
public:
    MessageRow(MessageBar* bar, const QString& source)
        : QFrame(bar)
        , m_source(source)
        , m_icon(new QLabel(this))
        , m_label(new QLabel(this))
        , m_actionButton(new QPushButton(this))
        , m_closeButton(new QToolButton(this))
    {
        setObjectName(QStringLiteral("messageRow"));
        m_label->setObjectName(QStringLiteral("messageLabel"));
        m_actionButton->setObjectName(QStringLiteral("messageActionButton"));
        m_closeButton->setObjectName(QStringLiteral("messageCloseButton"));
        m_label->setWordWrap(true);
        m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        m_closeButton->setAutoRaise(true);
        m_closeButton->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
        m_closeButton->setToolTip(MessageBar::tr("Close"));
        m_closeButton->setAccessibleName(MessageBar::tr("Close message"));
        auto* layout = new QHBoxLayout(this);
        layout->setContentsMargins(8, 3, 4, 3);
        layout->addWidget(m_icon);
        layout->addWidget(m_label, 1);
        layout->addWidget(m_actionButton);
        layout->addWidget(m_closeButton);
        setFrameShape(QFrame::NoFrame);
        setAutoFillBackground(false);
    }

    void set(const QString& text, MessageBar::Type type, const QString& actionText, const std::function<void()>& action)
    {
        m_type = type;
        m_label->setText(text);
        m_action = action;
        m_actionButton->setVisible(!actionText.isEmpty() && action);
        m_actionButton->setText(actionText);
        m_actionButton->setAccessibleName(
            actionText.isEmpty() ? QString() : MessageBar::tr("%1: %2").arg(actionText, text));
        m_icon->setPixmap(style()->standardIcon(iconOf(type)).pixmap(16, 16));
        setAccessibleName(text);
        update();
    }

    QString source() const { return m_source; }
    QString text() const { return m_label->text(); }
    MessageBar::Type type() const { return m_type; }
    QPushButton* actionButton() const { return m_actionButton; }
    QToolButton* closeButton() const { return m_closeButton; }
    std::function<void()> takeAction() { return std::exchange(m_action, nullptr); }

protected:
    void paintEvent(QPaintEvent*) override
    {
        QPainter p(this);
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(QPen(mix(palette().color(QPalette::Window), MessageBar::accentColor(palette(), m_type), 0.55), 1));
        p.setBrush(MessageBar::backgroundColor(palette(), m_type));
        p.drawRoundedRect(QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4);
    }

private:
    QString m_source;
    MessageBar::Type m_type = MessageBar::Type::Info;
    QLabel* m_icon;
    QLabel* m_label;
    QPushButton* m_actionButton;
    QToolButton* m_closeButton;
    std::function<void()> m_action;
};

MessageBar::MessageBar(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("messageBar"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    if (parent)
        parent->installEventFilter(this);
    hide();
}

MessageBar::~MessageBar() = default;

void MessageBar::showMessage(const QString& text, Type type, const QString& actionText,
    const std::function<void()>& action, const QString& source)
{
    const QString key = source.isEmpty() ? text : source;
    MessageRow* row = nullptr;
    for (MessageRow* r : std::as_const(m_rows)) {
        if (r->source() == key)
            row = r;
    }
    if (row) {
        // The newest line is the last: a replaced message moves down to it.
        m_rows.removeOne(row);
        layout()->removeWidget(row);
    } else {
        while (m_rows.size() >= kMaxMessages)
            removeRow(m_rows.first());
        row = new MessageRow(this, key);
        connect(row->closeButton(), &QToolButton::clicked, this, [this, row] { removeRow(row); });
        connect(row->actionButton(), &QPushButton::clicked, this, [this, row] {
            auto action = row->takeAction();
            removeRow(row);
            if (action)
                action();
        });
    }
    row->set(text, type, actionText, action);
    m_rows.append(row);
    static_cast<QVBoxLayout*>(layout())->addWidget(row);
    row->show();
    relayout();
    Q_EMIT shown(text);
}

void MessageBar::dismiss()
{
    while (!m_rows.isEmpty())
        removeRow(m_rows.first());
}

void MessageBar::dismiss(const QString& source)
{
    const QList<MessageRow*> rows = m_rows;
    for (MessageRow* r : rows) {
        if (r->source() == source)
            removeRow(r);
    }
}

void MessageBar::removeRow(MessageRow* row)
{
    if (!m_rows.removeOne(row))
        return;
    layout()->removeWidget(row);
    row->hide();
    row->deleteLater();
    relayout();
}

void MessageBar::relayout()
{
    if (m_rows.isEmpty()) {
        hide();
        return;
    }
    if (QWidget* parent = parentWidget()) {
        // An overlay: as wide as the parent, as tall as the lines need, above the parent's other children.
        const int width = qMax(0, parent->width() - 2 * kMargin);
        layout()->activate();
        const int height = qMin(heightForWidth(width) > 0 ? heightForWidth(width) : sizeHint().height(),
            qMax(0, parent->height() - 2 * kMargin));
        setGeometry(kMargin, kMargin, width, height);
        raise();
    }
    show();
}

bool MessageBar::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == parentWidget() && event->type() == QEvent::Resize && !m_rows.isEmpty())
        relayout();
    return QWidget::eventFilter(watched, event);
}

QStringList MessageBar::texts() const
{
    QStringList out;
    for (const MessageRow* r : m_rows)
        out.append(r->text());
    return out;
}

QStringList MessageBar::sources() const
{
    QStringList out;
    for (const MessageRow* r : m_rows)
        out.append(r->source());
    return out;
}

QString MessageBar::text() const
{
    return m_rows.isEmpty() ? QString() : m_rows.last()->text();
}

MessageBar::Type MessageBar::type() const
{
    return m_rows.isEmpty() ? Type::Info : m_rows.last()->type();
}

QColor MessageBar::backgroundColor() const
{
    return backgroundColor(palette(), type());
}

QColor MessageBar::backgroundColor(const QPalette& palette, Type type)
{
    return mix(palette.color(QPalette::Window), accentColor(palette, type), 0.18);
}

QColor MessageBar::accentColor(const QPalette& palette, Type type)
{
    // From the palette's highlight: its saturation and value, with the hue that says what the message is (green
    // for success, amber for a warning, red for an error), so a dark or high-contrast palette carries over.
    const QColor highlight = palette.color(QPalette::Highlight).toHsv();
    const int saturation = qMax(highlight.hsvSaturation(), 160);
    const int value = qBound(150, highlight.value(), 230);
    switch (type) {
    case Type::Info:
        return highlight;
    case Type::Success:
        return QColor::fromHsv(140, saturation, value);
    case Type::Warning:
        return QColor::fromHsv(38, saturation, value);
    case Type::Error:
        return QColor::fromHsv(4, saturation, value);
    }
    return highlight;
}

} // namespace Slipway::Gui
