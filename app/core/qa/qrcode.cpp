#include "qrcode.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QSaveFile>
#include <QUrl>
#include <csetjmp>
#include <png.h>
#include <qrencode.h>
#include <vector>

namespace Slipway {

namespace {

constexpr int kQuiet = QrCode::kQuietZone;

void appendPng(png_structp png, png_bytep data, png_size_t length)
{
    static_cast<QByteArray*>(png_get_io_ptr(png))->append(reinterpret_cast<const char*>(data), qsizetype(length));
}

struct Texts
{
    Q_DECLARE_TR_FUNCTIONS(Slipway::QrCode)
};

} // namespace

QString QrCode::linkFor(const VersionInfo& v)
{
    for (const char* key : {"installUrl", "public_url", "publicUrl"}) {
        const QString url = v.extra.value(QLatin1String(key)).toString();
        if (!url.isEmpty())
            return url;
    }
    return v.downloadUrl;
}

Result<QrCode> QrCode::encode(const QString& text)
{
    if (text.isEmpty())
        return Error(Error::Kind::Validation, Texts::tr("There is no link to encode as a QR code."));
    // A link goes in its percent-encoded form: readers guess the character set of raw bytes (zbar reads UTF-8 as
    // Shift JIS), while every reader passes ASCII through unchanged.
    const QUrl url(text, QUrl::StrictMode);
    const bool link = url.isValid() && !url.scheme().isEmpty() && !url.host().isEmpty();
    const QByteArray utf8 = link ? url.toEncoded() : text.toUtf8();
    QRcode* code = QRcode_encodeData(
        int(utf8.size()), reinterpret_cast<const unsigned char*>(utf8.constData()), 0, QR_ECLEVEL_M);
    if (!code) {
        return Error(Error::Kind::Validation,
            Texts::tr("The link is too long for a QR code (%1 bytes; a QR code holds at most about 2,300 at this error "
                      "correction).")
                .arg(utf8.size()));
    }
    QrCode qr;
    qr.m_text = QString::fromUtf8(utf8);
    qr.m_size = code->width;
    qr.m_modules.resize(qsizetype(code->width) * code->width);
    for (int i = 0; i < code->width * code->width; ++i)
        qr.m_modules[i] = (code->data[i] & 1) != 0; // bit 0: dark module
    QRcode_free(code);
    return qr;
}

bool QrCode::dark(int x, int y) const
{
    if (x < 0 || y < 0 || x >= m_size || y >= m_size)
        return false;
    return m_modules.at(qsizetype(y) * m_size + x);
}

Result<QByteArray> QrCode::toPng(int scale) const
{
    scale = std::max(1, scale);
    const int side = (m_size + 2 * kQuiet) * scale;
    // One bit per pixel, 1 = white (grayscale), most significant bit first; the quiet zone stays white.
    const size_t rowBytes = size_t(side + 7) / 8;
    std::vector<std::vector<png_byte>> rows(size_t(side), std::vector<png_byte>(rowBytes, 0xff));
    for (int y = 0; y < m_size; ++y) {
        for (int x = 0; x < m_size; ++x) {
            if (!dark(x, y))
                continue;
            for (int dy = 0; dy < scale; ++dy) {
                std::vector<png_byte>& row = rows[size_t((y + kQuiet) * scale + dy)];
                for (int dx = 0; dx < scale; ++dx) {
                    const int px = (x + kQuiet) * scale + dx;
                    row[size_t(px / 8)] &= png_byte(~(0x80 >> (px % 8)));
                }
            }
        }
    }
    std::vector<png_bytep> rowPointers;
    rowPointers.reserve(rows.size());
    for (std::vector<png_byte>& row : rows)
        rowPointers.push_back(row.data());

    QByteArray out;
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
    png_infop info = png ? png_create_info_struct(png) : nullptr;
    if (!info) {
        png_destroy_write_struct(&png, nullptr);
        return Error(Error::Kind::Internal, Texts::tr("The QR code could not be rendered as PNG."));
    }
    // libpng reports errors by longjmp; nothing with a destructor is created between here and the end.
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        return Error(Error::Kind::Internal, Texts::tr("The QR code could not be rendered as PNG."));
    }
    png_set_write_fn(png, &out, appendPng, nullptr);
    png_set_IHDR(png, info, png_uint_32(side), png_uint_32(side), 1, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
        PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_rows(png, info, rowPointers.data());
    png_write_png(png, info, PNG_TRANSFORM_IDENTITY, nullptr);
    png_destroy_write_struct(&png, &info);
    return out;
}

QString QrCode::toSvg(int scale) const
{
    scale = std::max(1, scale);
    const int side = (m_size + 2 * kQuiet) * scale;
    QString path;
    // One horizontal run of dark modules per path segment keeps the file small.
    for (int y = 0; y < m_size; ++y) {
        int x = 0;
        while (x < m_size) {
            if (!dark(x, y)) {
                ++x;
                continue;
            }
            int end = x;
            while (end < m_size && dark(end, y))
                ++end;
            path += QStringLiteral("M%1 %2h%3v%4h-%3z")
                        .arg((x + kQuiet) * scale)
                        .arg((y + kQuiet) * scale)
                        .arg((end - x) * scale)
                        .arg(scale);
            x = end;
        }
    }
    return QStringLiteral("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                          "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%1\" height=\"%1\" viewBox=\"0 0 %1 %1\" "
                          "shape-rendering=\"crispEdges\">\n"
                          "<rect width=\"%1\" height=\"%1\" fill=\"#ffffff\"/>\n"
                          "<path fill=\"#000000\" d=\"%2\"/>\n"
                          "</svg>\n")
        .arg(side)
        .arg(path);
}

QString QrCode::toText(bool invert) const
{
    // Each character covers two module rows: upper half, lower half, both or none.
    const QChar full(0x2588), upper(0x2580), lower(0x2584), none(QLatin1Char(' '));
    QString out;
    const int from = -kQuiet;
    const int to = m_size + kQuiet;
    for (int y = from; y < to; y += 2) {
        for (int x = from; x < to; ++x) {
            // On a light background the glyph draws the dark modules; inverted it draws the light ones.
            const bool top = dark(x, y) != invert;
            const bool bottom = (y + 1 < to) && (dark(x, y + 1) != invert);
            out += top && bottom ? full : top ? upper : bottom ? lower : none;
        }
        out += QLatin1Char('\n');
    }
    return out;
}

Status QrCode::save(const QString& path, int scale) const
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    QByteArray bytes;
    if (suffix == QLatin1String("png")) {
        auto png = toPng(scale);
        if (!png)
            return png.error();
        bytes = png.value();
    } else if (suffix == QLatin1String("svg")) {
        bytes = toSvg(scale).toUtf8();
    } else {
        return Error::forField(Error::Kind::Validation, QStringLiteral("output"),
            Texts::tr("Save the QR code as .png or .svg (%1 has neither suffix).").arg(QFileInfo(path).fileName()));
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return Error(Error::Kind::Io, Texts::tr("%1 cannot be written: %2.").arg(path, file.errorString()));
    return Ok {};
}

} // namespace Slipway
