#pragma once

#include <QDialog>
#include <QJsonObject>

class QTableWidget;
class QVBoxLayout;

namespace Slipway::Gui {

// Two builds side by side (CompareJob's JSON): the icons, identity, SDKs, permissions and ABIs added or removed,
// signing, size by kind of content, the release notes as a line diff. What changed is highlighted; the rest is
// listed plainly for reference. A metadata-only comparison (a service without downloads) says what it could not
// compare.
class CompareDialog : public QDialog
{
    Q_OBJECT

public:
    CompareDialog(const QJsonObject& diff, const QString& titleA, const QString& titleB, QWidget* parent = nullptr);

    QTableWidget* table() const { return m_table; }
    // The rows marked as changed, by field name (tests).
    QStringList changedFields() const;

private:
    void addRow(const QString& field, const QString& a, const QString& b, bool changed);
    // The release notes line diff (CompareJob's "notes"), when a side has notes.
    void addNotes(const QJsonObject& notes, QVBoxLayout* layout);

    QTableWidget* m_table;
};

} // namespace Slipway::Gui
