#pragma once

#include <QFrame>
#include <QList>
#include <functional>

class QLabel;
class QPushButton;
class QToolButton;

namespace Slipway::Gui {

class MessageRow;

// Non-blocking messages over the top of the main area for results and recoverable errors (instead of message
// boxes): a stack with one line per message, each with its own close button and an optional action ("Retry").
// A message with the same `source` (an account, "publish") replaces the earlier one instead of stacking, so two
// failing accounts show two lines and a retried one still shows one. Every message stays until it is closed, its
// action runs, or its source dismisses it; transient notes belong in the status bar (QStatusBar::showMessage).
//
// With a parent widget the bar floats over the parent's top edge (an overlay that never pushes the parent's layout
// down); the owner does not put it in a layout. Colours come from the palette only.
class MessageBar : public QWidget
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

    // At most this many lines at once: the oldest goes when another arrives.
    static constexpr int kMaxMessages = 5;

    explicit MessageBar(QWidget* parent = nullptr);
    ~MessageBar() override;

    // Shows a message on a new line, or replaces the line of the same source (empty source: the text itself is the
    // source, so a repeated message is not stacked twice). An action adds a button that runs it once.
    void showMessage(const QString& text, Type type, const QString& actionText = {},
        const std::function<void()>& action = {}, const QString& source = {});
    // Closes every line, or only the line of `source`.
    void dismiss();
    void dismiss(const QString& source);

    int count() const { return int(m_rows.size()); }
    QStringList texts() const;
    QStringList sources() const;
    // The newest line's text and type (empty / Info when there is none).
    QString text() const;
    Type type() const;
    // The tint of the newest line, mixed from the palette (so it follows a dark appearance) and the type's accent;
    // tests check it is dark under a dark palette.
    QColor backgroundColor() const;
    // The tint of a message of `type` under `palette`: the window colour with a little of the accent.
    static QColor backgroundColor(const QPalette& palette, Type type);
    static QColor accentColor(const QPalette& palette, Type type);

Q_SIGNALS:
    void shown(const QString& text);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void removeRow(MessageRow* row);
    void relayout();

    QList<MessageRow*> m_rows; // oldest first
};

} // namespace Slipway::Gui
