#pragma once

#include <QWidget>
#include <functional>
#include <qa/qrcode.h>

namespace Slipway::Gui {

// A QR code of a version's install or download link with what a tester does with it: copy the image or the link,
// save it as PNG or SVG. The QR dialog and the details pane both show one.
class QrPanel : public QWidget
{
    Q_OBJECT

public:
    // `scale`: screen pixels per module.
    QrPanel(const QrCode& code, int scale, QWidget* parent = nullptr);
    const QrCode& code() const { return m_code; }
    // Asks where to save in `format` ("png" or "svg"); an empty answer saves nothing. Tests replace it.
    std::function<QString(QWidget* parent, const QString& format)> askSavePath;

    // Saves in `format` where askSavePath() says; false when nothing was saved (cancelled or failed, said so).
    bool save(const QString& format);

Q_SIGNALS:
    void saved(const QString& path);

private:
    QrCode m_code;
};

} // namespace Slipway::Gui
