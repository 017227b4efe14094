#pragma once

#include <QFrame>
#include <functional>

class QLabel;
class QTimer;
class QToolButton;
class QPushButton;

namespace Slipway::Gui {

// A non-blocking banner above the main area for results and recoverable errors (instead of message boxes).
// Info and success messages hide by themselves; warnings and errors stay until closed or replaced.
class MessageBar : public QFrame
{
    Q_OBJECT

public:
    enum class Type
    {
        Info,
        Success,
        Warning,
        Error
    };

    explicit MessageBar(QWidget* parent = nullptr);

    // Shows a message, replacing the current one. An action (e.g. "Retry") adds a button that runs it once.
    void showMessage(
        const QString& text, Type type, const QString& actionText = {}, const std::function<void()>& action = {});
    void dismiss();

    QString text() const;
    Type type() const { return m_type; }
    // The tint of the current message, mixed from the palette (so it follows a dark appearance) and the type's
    // accent; tests check it is dark under a dark palette.
    QColor backgroundColor() const;

protected:
    void paintEvent(QPaintEvent* event) override;

Q_SIGNALS:
    void shown(const QString& text);

private:
    QColor accentColor() const;

    Type m_type = Type::Info;
    QLabel* m_icon;
    QLabel* m_label;
    QPushButton* m_actionButton;
    QToolButton* m_closeButton;
    QTimer* m_hideTimer;
    std::function<void()> m_action;
};

} // namespace Slipway::Gui
