#pragma once

#include <QDialog>
#include <QJsonObject>

class QTableWidget;

namespace Slipway::Gui {

// Two builds side by side (PackageDiff's JSON): identity, SDKs, permissions and ABIs added or removed, signing,
// size by kind of content. What changed is highlighted; the rest is listed plainly for reference.
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

    QTableWidget* m_table;
};

} // namespace Slipway::Gui
