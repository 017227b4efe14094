#pragma once

#include <QDialog>
#include <functional>
#include <qa/qrcode.h>

namespace Slipway::Gui {

// A version's install or download link as a QR code a tester points a phone at: copy the image or the link, save
// it as PNG or SVG.
class QrDialog : public QDialog
{
    Q_OBJECT

public:
    QrDialog(const QrCode& code, const QString& title, QWidget* parent = nullptr);
    // Asks where to save (tests replace it); an empty answer saves nothing.
    std::function<QString(QWidget*)> askSavePath;

private:
    QrCode m_code;
};

} // namespace Slipway::Gui
