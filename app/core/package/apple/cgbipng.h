#pragma once

#include <QByteArray>
#include <common/result.h>

namespace Slipway::CgBI {

// Apple "CgBI" PNGs (Xcode's pngcrush -iphone): an extra CgBI chunk before IHDR, IDAT holding raw
// deflate (no zlib header), BGRA pixels premultiplied by alpha. Converted back to a standard PNG so Qt
// (and everything else) can show them.

constexpr int kMaxDimension = 4096;

struct PngHeader
{
    bool valid = false;
    bool cgbi = false;
    int width = 0;
    int height = 0;
    int bitDepth = 0;
    int colorType = 0;
    int interlace = 0;
};

// Reads the signature, an optional CgBI chunk and IHDR from the first bytes of a PNG (64 are enough).
PngHeader readHeader(const QByteArray& head);

bool isCgbi(const QByteArray& png);

struct Image
{
    int width = 0;
    int height = 0;
    int channels = 4; // 4 = RGBA, 3 = RGB
    QByteArray pixels; // rows top to bottom, no filter bytes, straight (not premultiplied) alpha
};

// Decodes a CgBI PNG (8-bit RGBA or RGB, not interlaced) to straight RGBA/RGB pixels:
// raw inflate → unfilter → BGR(A) → RGB(A) → un-premultiply with c = min(255, c * 255 / A) (floor).
Result<Image> decode(const QByteArray& png);

// A standard PNG of `image` (zlib through the system library, filter type 0).
QByteArray encodePng(const Image& image);

// `png` unchanged when it is a standard PNG, converted when it is CgBI; an error when it is neither.
Result<QByteArray> toStandardPng(const QByteArray& png);

} // namespace Slipway::CgBI
