// QR codes of version links (issue 13): the PNG (and the SVG, rendered) decode back to the exact link with an
// independent decoder, zbarimg from Debian's zbar-tools; the terminal form has the symbol's geometry.
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QProcess>
#include <QStandardPaths>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QtTest>
#include <qa/qrcode.h>

using namespace Slipway;

namespace {

// zbarimg --raw prints the decoded text; -q drops the statistics line.
QString decode(const QString& imagePath)
{
    QProcess p;
    p.start(QStringLiteral("zbarimg"), {QStringLiteral("-q"), QStringLiteral("--raw"), imagePath});
    if (!p.waitForFinished(30000) || p.exitCode() != 0)
        return QStringLiteral("<zbarimg failed: %1>").arg(QString::fromUtf8(p.readAllStandardError()));
    QString out = QString::fromUtf8(p.readAllStandardOutput());
    if (out.endsWith(QLatin1Char('\n')))
        out.chop(1);
    return out;
}

} // namespace

class TestQrCode : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("zbarimg")).isEmpty())
            QFAIL("zbarimg is missing: install zbar-tools (scripts/install-deps)");
    }

    void pngDecodesToTheLink_data()
    {
        QTest::addColumn<QString>("link");
        QTest::addColumn<QString>("decoded");
        const QString longLink = QStringLiteral("https://example.com/") + QString(600, QLatin1Char('a'));
        QTest::newRow("https download") << "https://rink.example.com/api/2/apps/abc/app_versions/208?format=apk"
                                        << "https://rink.example.com/api/2/apps/abc/app_versions/208?format=apk";
        QTest::newRow("query and fragment") << "https://cdn.example.com/builds/app-release.apk?sig=a%2Fb&x=1#frag"
                                            << "https://cdn.example.com/builds/app-release.apk?sig=a%2Fb&x=1#frag";
        // Non-ASCII goes percent-encoded: what a phone opens is the same address.
        QTest::newRow("unicode path") << QString::fromUtf8("https://example.com/b\xc3\xa9ta/app.ipa")
                                      << "https://example.com/b%C3%A9ta/app.ipa";
        QTest::newRow("long link") << longLink << longLink;
        QTest::newRow("plain text") << "build 42 of com.example"
                                    << "build 42 of com.example";
    }
    void pngDecodesToTheLink()
    {
        QFETCH(QString, link);
        QFETCH(QString, decoded);
        QTemporaryDir tmp;
        auto qr = QrCode::encode(link);
        QVERIFY(qr);
        const QString png = tmp.filePath(QStringLiteral("link.png"));
        QVERIFY(qr->save(png));
        const QImage image(png);
        QCOMPARE(image.format() == QImage::Format_Invalid, false);
        // 8 pixels per module with the 4-module quiet zone: white margin, then the finder pattern's dark corner.
        const int quiet = QrCode::kQuietZone * 8;
        QCOMPARE(image.width(), (qr->size() + 2 * QrCode::kQuietZone) * 8);
        QCOMPARE(image.height(), image.width());
        QCOMPARE(image.pixelColor(quiet - 1, quiet - 1), QColor(Qt::white));
        QCOMPARE(image.pixelColor(quiet, quiet), QColor(Qt::black));
        QCOMPARE(image.pixelColor(image.width() - 1, image.height() - 1), QColor(Qt::white));
        QCOMPARE(decode(png), decoded);
        QCOMPARE(qr->text(), decoded);
    }

    void svgRendersToTheSameCode()
    {
        const QString link = QStringLiteral("https://mxr.example.com/hosted/com.example.vr-42.apk");
        QTemporaryDir tmp;
        auto qr = QrCode::encode(link);
        QVERIFY(qr);
        const QString svg = tmp.filePath(QStringLiteral("link.svg"));
        QVERIFY(qr->save(svg));
        QSvgRenderer renderer(svg);
        QVERIFY(renderer.isValid());
        QImage image(renderer.defaultSize(), QImage::Format_RGB32);
        image.fill(Qt::white);
        QPainter painter(&image);
        renderer.render(&painter);
        painter.end();
        const QString png = tmp.filePath(QStringLiteral("rendered.png"));
        QVERIFY(image.save(png));
        QCOMPARE(decode(png), link);
    }

    void textHasTheSymbolGeometry()
    {
        auto qr = QrCode::encode(QStringLiteral("https://example.com/x"));
        QVERIFY(qr);
        const QStringList lines = qr->toText().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        const int side = qr->size() + 8; // the quiet zone on both sides
        QCOMPARE(lines.size(), (side + 1) / 2);
        for (const QString& line : lines)
            QCOMPARE(line.size(), side);
        // The finder pattern's top row: seven dark modules after the quiet zone.
        for (int x = 0; x < 7; ++x)
            QVERIFY(qr->dark(x, 0));
        QVERIFY(!qr->dark(7, 0));
    }

    void refusesWhatItCannotEncode()
    {
        QCOMPARE(QrCode::encode(QString()).error().kind, Error::Kind::Validation);
        const auto tooLong = QrCode::encode(QString(5000, QLatin1Char('x')));
        QVERIFY(!tooLong);
        QCOMPARE(tooLong.error().kind, Error::Kind::Validation);
        auto qr = QrCode::encode(QStringLiteral("https://example.com"));
        QTemporaryDir tmp;
        const auto st = qr->save(tmp.filePath(QStringLiteral("code.gif")));
        QVERIFY(!st);
        QCOMPARE(st.error().field, QStringLiteral("output"));
        QVERIFY(!QFile::exists(tmp.filePath(QStringLiteral("code.gif"))));
    }
};

QTEST_MAIN(TestQrCode)
#include "tst_qrcode.moc"
