#pragma once

#include <QDialog>
#include <qa/qrcode.h>

namespace Slipway::Gui {

class QrPanel;

// A version's install or download link as a QR code a tester points a phone at, large: the QrPanel (copy the
// image or the link, save it as PNG or SVG) in a dialog of its own.
class QrDialog : public QDialog
{
    Q_OBJECT

public:
    QrDialog(const QrCode& code, const QString& title, QWidget* parent = nullptr);
    QrPanel* panel() const { return m_panel; }

private:
    QrPanel* m_panel;
};

} // namespace Slipway::Gui
