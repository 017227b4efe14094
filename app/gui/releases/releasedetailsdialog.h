#pragma once

#include <QDialog>
#include <common/result.h>
#include <release/release.h>

class QPushButton;
class QTableWidget;
class QTextBrowser;

namespace Slipway::Gui {

// Everything the history keeps about one release: its files with size, MD5 and SHA-256, the signer, the notes
// rendered as Markdown, and per destination the state, the server's version id and a link to it, or the error.
// Exports the release as JSON or CSV (releaseexport.h). A release with a failed destination offers "Edit and
// publish again" (the Publish dialog, pre-filled), not a retry of the same rejected request.
class ReleaseDetailsDialog : public QDialog
{
    Q_OBJECT

public:
    enum class Format
    {
        Json,
        Csv
    };

    explicit ReleaseDetailsDialog(const Release& release, QWidget* parent = nullptr);

    const Release& release() const { return m_release; }
    QTableWidget* filesTable() const { return m_files; }
    QTableWidget* destinationsTable() const { return m_destinations; }
    QTextBrowser* notesView() const { return m_notes; }
    QPushButton* editButton() const { return m_edit; }
    // Writes the release to `path` (what the Export buttons do after asking for a file name).
    Status exportTo(const QString& path, Format format) const;

Q_SIGNALS:
    void editRequested(const Slipway::Release& release);

private:
    void exportAs(Format format);

    Release m_release;
    QTableWidget* m_files;
    QTableWidget* m_destinations;
    QTextBrowser* m_notes;
    QPushButton* m_edit;
};

} // namespace Slipway::Gui
