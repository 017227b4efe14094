// CgBI (Apple "crushed") PNGs back to standard PNGs: raw deflate, unfiltering, BGRA → RGBA and
// un-premultiplying, and refusal of malformed files.

#include <QBuffer>
#include <QImage>
#include <QTest>
#include <QtEndian>
#include <package/apple/cgbipng.h>

using namespace Slipway;

namespace {

QByteArray be32(quint32 v)
{
    QByteArray b(4, '\0');
    qToBigEndian<quint32>(v, reinterpret_cast<uchar*>(b.data()));
    return b;
}

// CRCs are not checked by the decoder, so the tests write zeros.
QByteArray chunk(const char* type, const QByteArray& data)
{
    return be32(quint32(data.size())) + QByteArray(type, 4) + data + QByteArray(4, '\0');
}

// Raw deflate (no zlib header, no Adler-32), as CgBI stores it: qCompress prepends a 4-byte length and
// wraps zlib's 2-byte header and 4-byte trailer around the deflate stream.
QByteArray rawDeflate(const QByteArray& data)
{
    const QByteArray z = qCompress(data, 9);
    return z.mid(4 + 2, z.size() - 4 - 2 - 4);
}

QByteArray ihdr(int w, int h, int colorType = 6, int depth = 8)
{
    QByteArray d = be32(quint32(w)) + be32(quint32(h));
    d.append(char(depth));
    d.append(char(colorType));
    d.append(3, '\0');
    return d;
}

// A 3×2 CgBI image whose rows use filters 1 (sub) and 4 (paeth) over premultiplied BGRA pixels.
QByteArray makeCgbi(QByteArray* expectedRgba)
{
    // Straight RGBA pixels we expect back.
    const uchar straight[2][3][4] = {
        {{255, 0, 0, 255}, {0, 255, 0, 128}, {0, 0, 255, 0}},
        {{10, 20, 30, 255}, {200, 100, 50, 64}, {255, 255, 255, 255}},
    };
    QByteArray rows;
    QByteArray prevRow(12, '\0');
    expectedRgba->clear();
    for (int y = 0; y < 2; ++y) {
        QByteArray bgra;
        for (int x = 0; x < 3; ++x) {
            const uchar* p = straight[y][x];
            const int a = p[3];
            // premultiply, then swap to BGRA
            const uchar r = uchar(p[0] * a / 255);
            const uchar g = uchar(p[1] * a / 255);
            const uchar b = uchar(p[2] * a / 255);
            bgra.append(char(b)).append(char(g)).append(char(r)).append(char(a));
            // What un-premultiplying must give back (floor division, as the decoder does).
            uchar out[4] = {r, g, b, uchar(a)};
            if (a > 0 && a < 255) {
                for (int c = 0; c < 3; ++c)
                    out[c] = uchar(qMin(255, out[c] * 255 / a));
            }
            expectedRgba->append(reinterpret_cast<const char*>(out), 4);
        }
        const int filter = y == 0 ? 1 : 4;
        rows.append(char(filter));
        for (int i = 0; i < 12; ++i) {
            const int a = i >= 4 ? uchar(bgra[i - 4]) : 0;
            const int b = uchar(prevRow[i]);
            const int c = i >= 4 ? uchar(prevRow[i - 4]) : 0;
            int pred = a;
            if (filter == 4) {
                const int p = a + b - c;
                const int pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
                pred = (pa <= pb && pa <= pc) ? a : (pb <= pc ? b : c);
            }
            rows.append(char(uchar(bgra[i]) - pred));
        }
        prevRow = bgra;
    }
    return QByteArray("\x89PNG\r\n\x1a\n", 8) + chunk("CgBI", QByteArray("\x50\x00\x20\x06", 4))
        + chunk("IHDR", ihdr(3, 2)) + chunk("IDAT", rawDeflate(rows)) + chunk("IEND", {});
}

} // namespace

class TestCgbi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readHeader_seesCgbiAndSize()
    {
        QByteArray expected;
        const QByteArray png = makeCgbi(&expected);
        const CgBI::PngHeader h = CgBI::readHeader(png.left(64));
        QVERIFY(h.valid);
        QVERIFY(h.cgbi);
        QCOMPARE(h.width, 3);
        QCOMPARE(h.height, 2);
        QVERIFY(CgBI::isCgbi(png));
        QVERIFY(!CgBI::readHeader(QByteArray("GIF89a")).valid);
    }

    void decode_unfiltersSwapsAndUnpremultiplies()
    {
        QByteArray expected;
        auto img = CgBI::decode(makeCgbi(&expected));
        QVERIFY2(img.ok(), qPrintable(img.error().message));
        QCOMPARE(img->width, 3);
        QCOMPARE(img->height, 2);
        QCOMPARE(img->channels, 4);
        QCOMPARE(img->pixels.toHex(' '), expected.toHex(' '));
    }

    void toStandardPng_loadsInQImage()
    {
        QByteArray expected;
        auto png = CgBI::toStandardPng(makeCgbi(&expected));
        QVERIFY(png.ok());
        QVERIFY(!CgBI::isCgbi(png.value()));
        QImage image;
        QVERIFY(image.loadFromData(png.value(), "PNG"));
        QCOMPARE(image.size(), QSize(3, 2));
        const QImage rgba = image.convertToFormat(QImage::Format_RGBA8888);
        QCOMPARE(QByteArray(reinterpret_cast<const char*>(rgba.constScanLine(0)), 12).toHex(' '),
            expected.left(12).toHex(' '));
        QCOMPARE(QByteArray(reinterpret_cast<const char*>(rgba.constScanLine(1)), 12).toHex(' '),
            expected.mid(12).toHex(' '));
    }

    void toStandardPng_passesStandardPngThrough()
    {
        QImage image(4, 4, QImage::Format_RGBA8888);
        image.fill(Qt::red);
        QByteArray png;
        {
            QBuffer buf(&png);
            buf.open(QIODevice::WriteOnly);
            QVERIFY(image.save(&buf, "PNG"));
        }
        auto out = CgBI::toStandardPng(png);
        QVERIFY(out.ok());
        QCOMPARE(out.value(), png);
    }

    void decodeMalformed_returnsError_data()
    {
        QTest::addColumn<QByteArray>("png");
        QByteArray expected;
        const QByteArray good = makeCgbi(&expected);
        const QByteArray sig("\x89PNG\r\n\x1a\n", 8);
        const QByteArray cgbi = chunk("CgBI", QByteArray(4, '\0'));
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("not a png") << QByteArray("bplist00 not a png at all");
        QTest::newRow("truncated") << good.left(good.size() / 2);
        QTest::newRow("no idat") << sig + cgbi + chunk("IHDR", ihdr(3, 2)) + chunk("IEND", {});
        QTest::newRow("huge") << sig + cgbi + chunk("IHDR", ihdr(100000, 100000)) + chunk("IDAT", QByteArray(10, 'x'));
        QTest::newRow("zero size") << sig + cgbi + chunk("IHDR", ihdr(0, 5)) + chunk("IDAT", QByteArray(10, 'x'));
        QTest::newRow("palette") << sig + cgbi + chunk("IHDR", ihdr(2, 2, 3)) + chunk("IDAT", QByteArray(10, 'x'));
        QTest::newRow("16 bit") << sig + cgbi + chunk("IHDR", ihdr(2, 2, 6, 16)) + chunk("IDAT", QByteArray(10, 'x'));
        QTest::newRow("garbage idat") << sig + cgbi + chunk("IHDR", ihdr(3, 2)) + chunk("IDAT", QByteArray(40, '\xff'));
        QTest::newRow("short idat") << sig + cgbi + chunk("IHDR", ihdr(64, 64)) + chunk("IDAT", rawDeflate("abc"));
        QByteArray badFilter(2 * 13, '\0');
        badFilter[0] = 9;
        QTest::newRow("bad filter") << sig + cgbi + chunk("IHDR", ihdr(3, 2)) + chunk("IDAT", rawDeflate(badFilter));
        QTest::newRow("chunk past end") << sig + cgbi + chunk("IHDR", ihdr(3, 2)) + be32(0x7fffffff)
                + QByteArray("IDAT");
    }

    void decodeMalformed_returnsError()
    {
        QFETCH(QByteArray, png);
        auto img = CgBI::decode(png);
        QVERIFY(!img.ok());
        QCOMPARE(img.error().kind, Error::Kind::InvalidPackage);
        QVERIFY(!CgBI::toStandardPng(png).ok() || !CgBI::isCgbi(png));
    }
};

QTEST_GUILESS_MAIN(TestCgbi)
#include "tst_cgbi.moc"
