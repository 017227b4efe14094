#pragma once

#include <QList>
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTextBrowser;

namespace Slipway::Gui {

// The Publish dialog's release notes: a Markdown editor with a live preview (Qt's Markdown support), one line per
// destination saying how that service shows the notes and how many characters it takes. A counter over a
// service's limit turns to the palette's error colour and overLimit() becomes true (the dialog blocks Publish).
class NotesEditor : public QWidget
{
    Q_OBJECT

public:
    // How one destination shows the notes.
    struct Target
    {
        QString name; // the account as the dialog shows it
        int maxLength = 0; // characters; 0: not documented
        bool markdown = false; // rendered as Markdown (HockeyApp notes_type); otherwise shown as plain text
    };

    explicit NotesEditor(QWidget* parent = nullptr);
    ~NotesEditor() override;

    QString text() const;
    void setText(const QString& text);
    void setTargets(const QList<Target>& targets);
    // The first destination whose limit the notes exceed; empty when none.
    QString overLimit() const;
    QPlainTextEdit* editor() const { return m_edit; }
    QTextBrowser* preview() const { return m_preview; }
    QPushButton* copyPreviousButton() const { return m_copyPrevious; }
    // Enables "Copy from previous version" (the dialog knows whether a matched app has versions to copy from).
    void setCopyPreviousEnabled(bool enabled, const QString& why = {});

Q_SIGNALS:
    void textChanged();
    // The user asked for the notes of the app's latest version.
    void copyPreviousRequested();

private:
    void updatePreview();
    void updateCounters();

    QPlainTextEdit* m_edit = nullptr;
    QTextBrowser* m_preview = nullptr;
    QLabel* m_counters = nullptr;
    QPushButton* m_copyPrevious = nullptr;
    QList<Target> m_targets;
};

} // namespace Slipway::Gui
