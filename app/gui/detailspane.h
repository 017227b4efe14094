#pragma once

#include <QJsonObject>
#include <QWidget>
#include <domain/types.h>

class QFormLayout;
class QLabel;
class QVBoxLayout;

namespace Slipway::Gui {

// The right-hand pane: what a dropped package holds, or everything known about the selected version
// (for the Local library that includes the stored inspection). Hashes and ids are selectable and copyable.
class DetailsPane : public QWidget
{
    Q_OBJECT

public:
    explicit DetailsPane(QWidget* parent = nullptr);

    void showHint();
    // A package just inspected (PackageInfo::toJson()) with its icon as PNG bytes.
    void showPackage(const QJsonObject& inspection, const QByteArray& iconPng = {});
    void showVersion(const VersionInfo& version, const AppInfo& app);
    void showApp(const AppInfo& app, const QString& accountDisplayName);

    // The text of a row, by its label (tests and accessibility).
    QString valueOf(const QString& label) const;

private:
    void reset(const QString& title, const QString& subtitle = {});
    void addSection(const QString& title);
    void addRow(const QString& label, const QString& value, bool copyable = false);
    void addInspection(const QJsonObject& inspection);
    void addWarnings(const QJsonArray& warnings);

    QVBoxLayout* m_layout;
    QWidget* m_content = nullptr;
    QVBoxLayout* m_contentLayout = nullptr;
    QFormLayout* m_form = nullptr;
    QLabel* m_icon;
    QLabel* m_title;
    QLabel* m_subtitle;
};

} // namespace Slipway::Gui
