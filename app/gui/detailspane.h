#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QWidget>
#include <domain/types.h>

class QFormLayout;
class QLabel;
class QVBoxLayout;

namespace Slipway::Gui {

class QrPanel;

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
    // The header badge ("Not published", "Expires in 3 days", "Expired"); empty when none is shown.
    QString badge() const;
    // The QR code of the version's install or download link, when the pane shows one.
    QrPanel* qrPanel() const;

    // When an App Store Connect (TestFlight) build expires: the API's expirationDate, else 90 days after upload
    // (builds of type "build" only); invalid for anything else.
    static QDateTime expiryOf(const VersionInfo& version);
    // The badge for an expiry: "Expired", "Expires in N days" from 14 days before, else empty.
    static QString expiryBadge(const VersionInfo& version, const QDateTime& now);

private:
    void reset(const QString& title, const QString& subtitle = {});
    void addSection(const QString& title);
    // `objectName`: names the field (and is the label valueOf() finds it by) when `label` repeats.
    void addRow(const QString& label, const QString& value, bool copyable = false, const QString& objectName = {});
    void addInspection(const QJsonObject& inspection);
    void addWarnings(const QJsonArray& warnings);
    void addFiles(const QVariantList& files);
    void addQrCode(const VersionInfo& version);
    void setBadge(const QString& text, const QString& toolTip = {});

    QVBoxLayout* m_layout;
    QWidget* m_content = nullptr;
    QVBoxLayout* m_contentLayout = nullptr;
    QFormLayout* m_form = nullptr;
    QLabel* m_icon;
    QLabel* m_title;
    QLabel* m_subtitle;
    QLabel* m_badge;
};

} // namespace Slipway::Gui
