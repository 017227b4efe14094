#include "cgbipng.h"

#include <QCoreApplication>
#include <QtEndian>
#include <climits>
#include <cstdlib>
#include <utility>
#include <zlib.h>

namespace Slipway::CgBI {

namespace {

struct Texts
{
    Q_DECLARE_TR_FUNCTIONS(Slipway::CgBI)
};

const char kSignature[] = "\x89PNG\r\n\x1a\n";
constexpr int kMaxChunks = 100000;

Error bad(const QString& why)
{
    return Error(Error::Kind::InvalidPackage, Texts::tr("The icon is not a readable PNG: %1.").arg(why));
}

quint32 be32(const char* p)
{
    return qFromBigEndian<quint32>(reinterpret_cast<const uchar*>(p));
}

// Inflates `in` into exactly `expected` bytes; raw deflate when `raw`, zlib-wrapped otherwise.
bool inflateExact(const QByteArray& in, qint64 expected, bool raw, QByteArray& out)
{
    out = QByteArray(qsizetype(expected), Qt::Uninitialized);
    z_stream zs = {};
    if (inflateInit2(&zs, raw ? -15 : 15) != Z_OK)
        return false;
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.constData()));
    zs.avail_in = uInt(in.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = uInt(out.size());
    int rc = Z_OK;
    while (rc == Z_OK && zs.avail_out > 0)
        rc = inflate(&zs, Z_NO_FLUSH);
    const bool ok = (rc == Z_OK || rc == Z_STREAM_END) && zs.avail_out == 0;
    inflateEnd(&zs);
    return ok;
}

uchar paeth(int a, int b, int c)
{
    const int p = a + b - c;
    const int pa = std::abs(p - a);
    const int pb = std::abs(p - b);
    const int pc = std::abs(p - c);
    if (pa <= pb && pa <= pc)
        return uchar(a);
    return pb <= pc ? uchar(b) : uchar(c);
}

bool unfilter(const QByteArray& raw, int width, int height, int bpp, QByteArray& out)
{
    const qsizetype stride = qsizetype(width) * bpp;
    out = QByteArray(stride * height, Qt::Uninitialized);
    const auto* src = reinterpret_cast<const uchar*>(raw.constData());
    auto* dst = reinterpret_cast<uchar*>(out.data());
    for (int y = 0; y < height; ++y) {
        const uchar filter = src[y * (stride + 1)];
        const uchar* in = src + y * (stride + 1) + 1;
        uchar* row = dst + y * stride;
        const uchar* prev = y > 0 ? row - stride : nullptr;
        for (qsizetype x = 0; x < stride; ++x) {
            const int a = x >= bpp ? row[x - bpp] : 0;
            const int b = prev ? prev[x] : 0;
            const int c = (prev && x >= bpp) ? prev[x - bpp] : 0;
            switch (filter) {
            case 0:
                row[x] = in[x];
                break;
            case 1:
                row[x] = uchar(in[x] + a);
                break;
            case 2:
                row[x] = uchar(in[x] + b);
                break;
            case 3:
                row[x] = uchar(in[x] + ((a + b) >> 1));
                break;
            case 4:
                row[x] = uchar(in[x] + paeth(a, b, c));
                break;
            default:
                return false;
            }
        }
    }
    return true;
}

void appendChunk(QByteArray& png, const char* type, const QByteArray& data)
{
    uchar len[4];
    qToBigEndian<quint32>(quint32(data.size()), len);
    png.append(reinterpret_cast<const char*>(len), 4);
    const qsizetype start = png.size();
    png.append(type, 4);
    png.append(data);
    const uLong crc = crc32(0L, reinterpret_cast<const Bytef*>(png.constData() + start), uInt(png.size() - start));
    uchar c[4];
    qToBigEndian<quint32>(quint32(crc), c);
    png.append(reinterpret_cast<const char*>(c), 4);
}

} // namespace

PngHeader readHeader(const QByteArray& head)
{
    PngHeader h;
    if (!head.startsWith(QByteArray(kSignature, 8)))
        return h;
    qsizetype pos = 8;
    for (int i = 0; i < 2 && pos + 8 <= head.size(); ++i) {
        const quint32 len = be32(head.constData() + pos);
        const QByteArray type = head.mid(pos + 4, 4);
        if (type == "CgBI") {
            h.cgbi = true;
            pos += 12 + qsizetype(len);
            continue;
        }
        if (type != "IHDR" || len < 13 || pos + 8 + 13 > head.size())
            return h;
        const char* d = head.constData() + pos + 8;
        h.width = int(qMin<quint32>(be32(d), quint32(INT_MAX)));
        h.height = int(qMin<quint32>(be32(d + 4), quint32(INT_MAX)));
        h.bitDepth = uchar(d[8]);
        h.colorType = uchar(d[9]);
        h.interlace = uchar(d[12]);
        h.valid = true;
        return h;
    }
    return h;
}

bool isCgbi(const QByteArray& png)
{
    return readHeader(png).cgbi;
}

Result<Image> decode(const QByteArray& png)
{
    const PngHeader h = readHeader(png);
    if (!h.valid)
        return bad(Texts::tr("no PNG signature or IHDR chunk"));
    if (h.width <= 0 || h.height <= 0 || h.width > kMaxDimension || h.height > kMaxDimension)
        return bad(Texts::tr("implausible size %1×%2").arg(h.width).arg(h.height));
    if (h.bitDepth != 8 || (h.colorType != 6 && h.colorType != 2))
        return bad(
            Texts::tr("unsupported CgBI pixel format (bit depth %1, colour type %2)").arg(h.bitDepth).arg(h.colorType));
    if (h.interlace != 0)
        return bad(Texts::tr("interlaced CgBI images are not supported"));
    const int bpp = h.colorType == 6 ? 4 : 3;

    QByteArray idat;
    qsizetype pos = 8;
    bool sawEnd = false;
    for (int n = 0; n < kMaxChunks && pos + 12 <= png.size(); ++n) {
        const quint32 len = be32(png.constData() + pos);
        if (qint64(len) > png.size() - pos - 12)
            return bad(Texts::tr("a chunk runs past the end of the file"));
        const QByteArray type = png.mid(pos + 4, 4);
        if (type == "IDAT")
            idat.append(png.constData() + pos + 8, qsizetype(len));
        else if (type == "IEND") {
            sawEnd = true;
            break;
        }
        pos += 12 + qsizetype(len);
    }
    if (idat.isEmpty())
        return bad(Texts::tr("no image data"));
    Q_UNUSED(sawEnd); // a missing IEND is tolerated, as by most decoders

    const qint64 rawSize = qint64(h.height) * (qint64(h.width) * bpp + 1);
    QByteArray raw;
    if (!inflateExact(idat, rawSize, true, raw) && !inflateExact(idat, rawSize, false, raw))
        return bad(Texts::tr("the compressed image data is corrupt or too short"));
    Image img;
    img.width = h.width;
    img.height = h.height;
    img.channels = bpp;
    if (!unfilter(raw, h.width, h.height, bpp, img.pixels))
        return bad(Texts::tr("unknown row filter"));
    if (!h.cgbi)
        return img;
    auto* p = reinterpret_cast<uchar*>(img.pixels.data());
    const qsizetype count = qsizetype(h.width) * h.height;
    for (qsizetype i = 0; i < count; ++i, p += bpp) {
        std::swap(p[0], p[2]);
        if (bpp == 4) {
            const int a = p[3];
            if (a > 0 && a < 255) {
                for (int c = 0; c < 3; ++c)
                    p[c] = uchar(qMin(255, p[c] * 255 / a));
            }
        }
    }
    return img;
}

QByteArray encodePng(const Image& image)
{
    QByteArray png(kSignature, 8);
    QByteArray ihdr(13, '\0');
    qToBigEndian<quint32>(quint32(image.width), reinterpret_cast<uchar*>(ihdr.data()));
    qToBigEndian<quint32>(quint32(image.height), reinterpret_cast<uchar*>(ihdr.data() + 4));
    ihdr[8] = 8;
    ihdr[9] = char(image.channels == 4 ? 6 : 2);
    appendChunk(png, "IHDR", ihdr);

    const qsizetype stride = qsizetype(image.width) * image.channels;
    QByteArray rows;
    rows.reserve((stride + 1) * image.height);
    for (int y = 0; y < image.height; ++y) {
        rows.append('\0');
        rows.append(image.pixels.constData() + y * stride, stride);
    }
    uLongf destLen = compressBound(uLong(rows.size()));
    QByteArray z(qsizetype(destLen), Qt::Uninitialized);
    if (compress2(reinterpret_cast<Bytef*>(z.data()), &destLen, reinterpret_cast<const Bytef*>(rows.constData()),
            uLong(rows.size()), Z_BEST_COMPRESSION)
        != Z_OK)
        return {};
    z.truncate(qsizetype(destLen));
    appendChunk(png, "IDAT", z);
    appendChunk(png, "IEND", {});
    return png;
}

Result<QByteArray> toStandardPng(const QByteArray& png)
{
    const PngHeader h = readHeader(png);
    if (!h.valid)
        return bad(Texts::tr("no PNG signature or IHDR chunk"));
    if (!h.cgbi)
        return png;
    auto img = decode(png);
    if (!img)
        return img.error();
    QByteArray out = encodePng(img.value());
    if (out.isEmpty())
        return Error(Error::Kind::Internal, Texts::tr("The converted icon could not be compressed."));
    return out;
}

} // namespace Slipway::CgBI
