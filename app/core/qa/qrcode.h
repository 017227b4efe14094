#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <common/result.h>
#include <domain/types.h>

namespace Slipway {

// A QR code of a link (a version's install or download URL) through libqrencode, rendered for files (PNG through
// libpng, SVG) and for a terminal (text of half blocks), so a tester points a phone at it. The window draws it
// from dark() (app/gui): the core does not link QtGui, so slipway-cli does not load it and what it pulls in.
class QrCode
{
public:
    // Encodes `text` in the smallest symbol with error correction level M: a link (scheme and host) percent-encoded
    // (what text() then returns), anything else as UTF-8. Fails (Validation) for an empty text or one too long for
    // any QR symbol.
    static Result<QrCode> encode(const QString& text);
    // The link a phone can open for a version: the service's install page when it has one (installUrl,
    // public_url, publicUrl), else its download link; empty when it has neither.
    static QString linkFor(const VersionInfo& version);

    QString text() const { return m_text; }
    int size() const { return m_size; } // modules per side, without the quiet zone
    bool dark(int x, int y) const;

    static constexpr int kQuietZone = 4; // modules of light margin on each side, as the QR specification asks

    // Black on white, `scale` pixels per module, with the quiet zone: a 1-bit grayscale PNG.
    Result<QByteArray> toPng(int scale = 8) const;
    QString toSvg(int scale = 8) const;
    // Two rows per line with Unicode half blocks, dark modules drawn dark on a light terminal background
    // (`invert` for dark terminals), with the quiet zone.
    QString toText(bool invert = false) const;

    // Writes PNG or SVG by the file's suffix (.png, .svg); anything else is a Validation error.
    Status save(const QString& path, int scale = 8) const;

private:
    QString m_text;
    int m_size = 0;
    QList<bool> m_modules; // row-major, m_size * m_size
};

} // namespace Slipway
