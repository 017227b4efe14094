// IPAs built on the fly with broken parts: every one gives a specific error or warning, never a crash.

#include <testutils/testutils.h>

#include <QBuffer>
#include <QFile>
#include <QImage>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QtEndian>
#include <package/packageinspector.h>

using namespace Slipway;

namespace {

void le32(QByteArray& b, quint32 v)
{
    char c[4];
    qToLittleEndian<quint32>(v, c);
    b.append(c, 4);
}

QByteArray infoPlist(const QByteArray& extra = {})
{
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><plist version=\"1.0\"><dict>"
           "<key>CFBundleIdentifier</key><string>com.example.hostile</string>"
           "<key>CFBundleShortVersionString</key><string>2.0</string>"
           "<key>CFBundleVersion</key><string>7</string>"
           "<key>CFBundleExecutable</key><string>App</string>"
        + extra + "</dict></plist>";
}

QByteArray thinMachO()
{
    QByteArray m;
    le32(m, 0xfeedfacf);
    le32(m, 0x0100000c); // arm64
    le32(m, 0);
    le32(m, 2); // MH_EXECUTE
    le32(m, 0);
    le32(m, 0);
    le32(m, 0);
    le32(m, 0);
    return m;
}

} // namespace

class TestIpaHostile : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_n = 0;

    Result<PackageInfo> inspectZip(
        const QList<QPair<QByteArray, QByteArray>>& entries, const QString& suffix = QStringLiteral(".ipa"))
    {
        const QString path = m_dir.filePath(QStringLiteral("t%1").arg(++m_n) + suffix);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            return Error(Error::Kind::Io, QStringLiteral("cannot write"));
        f.write(Test::storedZip(entries));
        f.close();
        PackageInspector::Options o;
        o.computeHashes = false;
        o.now = QDateTime(QDate(2026, 1, 1), QTime(0, 0), QTimeZone::utc());
        return PackageInspector::inspect(path, o);
    }

private Q_SLOTS:
    void wellFormed_readsIdentityAndArch()
    {
        auto r = inspectZip({{"Payload/A.app/Info.plist", infoPlist()}, {"Payload/A.app/App", thinMachO()}});
        QVERIFY2(r.ok(), qPrintable(r.error().message));
        QCOMPARE(r->packageId, QStringLiteral("com.example.hostile"));
        QCOMPARE(r->versionName, QStringLiteral("2.0"));
        QCOMPARE(r->versionCode, QStringLiteral("7"));
        QCOMPARE(r->executableArchs, QStringList {QStringLiteral("arm64")});
        QVERIFY(r->hasWarning(QStringLiteral("no-provisioning-profile")));
    }

    void brokenPlist_failsWithError_data()
    {
        QTest::addColumn<QByteArray>("plist");
        QTest::addColumn<QString>("needle");
        QTest::newRow("garbage") << QByteArray("\x00\x01garbage", 9) << "neither an XML nor a binary";
        QTest::newRow("truncated xml") << infoPlist().left(60) << "malformed";
        QTest::newRow("truncated binary") << QByteArray("bplist00\xd1\x01\x02", 11) << "malformed";
        QTest::newRow("array root") << QByteArray("<?xml version=\"1.0\"?><plist><array/></plist>")
                                    << "not a dictionary";
        QTest::newRow("empty") << QByteArray() << "empty";
    }

    void brokenPlist_failsWithError()
    {
        QFETCH(QByteArray, plist);
        QFETCH(QString, needle);
        auto r = inspectZip({{"Payload/A.app/Info.plist", plist}});
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, Error::Kind::InvalidPackage);
        QVERIFY2(r.error().message.contains(needle), qPrintable(r.error().message));
        QVERIFY(r.error().message.contains(QLatin1String("Info.plist")));
    }

    void brokenParts_becomeWarnings_data()
    {
        QTest::addColumn<QByteArray>("executable");
        QTest::addColumn<QByteArray>("profile");
        QTest::addColumn<QString>("warning");
        QByteArray fat;
        le32(fat, 0xbebafeca); // 0xcafebabe big-endian on disk
        le32(fat, 0x40000000); // nfat_arch 64 (big-endian) in an 8-byte file
        QTest::newRow("executable not mach-o")
            << QByteArray("#!/bin/sh\necho hi\n") << QByteArray() << "executable-not-macho";
        QTest::newRow("fat header absurd") << fat << QByteArray() << "executable-not-macho";
        QTest::newRow("executable missing") << QByteArray() << QByteArray() << "executable-missing";
        QTest::newRow("profile garbage") << thinMachO() << QByteArray("\x30\x82\x10\x00garbage", 12)
                                         << "profile-unreadable";
    }

    void brokenParts_becomeWarnings()
    {
        QFETCH(QByteArray, executable);
        QFETCH(QByteArray, profile);
        QFETCH(QString, warning);
        QList<QPair<QByteArray, QByteArray>> entries {{"Payload/A.app/Info.plist", infoPlist()}};
        if (!executable.isEmpty())
            entries.append({"Payload/A.app/App", executable});
        if (!profile.isEmpty())
            entries.append({"Payload/A.app/embedded.mobileprovision", profile});
        auto r = inspectZip(entries);
        QVERIFY2(r.ok(), qPrintable(r.error().message));
        QVERIFY2(r->hasWarning(warning), qPrintable(QJsonDocument(r->toJson()).toJson()));
        QCOMPARE(r->packageId, QStringLiteral("com.example.hostile"));
    }

    void brokenIcon_isSkippedWithWarning()
    {
        const QByteArray plist = infoPlist("<key>CFBundleIconFiles</key><array><string>Icon</string></array>");
        const QByteArray fakeCgbi = QByteArray("\x89PNG\r\n\x1a\n", 8) + QByteArray("\x00\x00\x00\x04", 4) + "CgBI"
            + QByteArray(8, '\0') + QByteArray("\x00\x00\x00\x0d", 4) + "IHDR" + QByteArray("\x00\x00\x00\x10", 4)
            + QByteArray("\x00\x00\x00\x10", 4) + QByteArray("\x08\x06\x00\x00\x00", 5) + QByteArray(4, '\0')
            + QByteArray("\x00\x00\x00\x05", 4) + "IDAT" + QByteArray("\xff\xff\xff\xff\xff", 5) + QByteArray(4, '\0');
        auto r = inspectZip({{"Payload/A.app/Info.plist", plist}, {"Payload/A.app/App", thinMachO()},
            {"Payload/A.app/Icon@2x.png", fakeCgbi}});
        QVERIFY2(r.ok(), qPrintable(r.error().message));
        QCOMPARE(r->iconPath, QStringLiteral("Payload/A.app/Icon@2x.png"));
        QVERIFY(r->iconPng.isEmpty());
        QVERIFY(r->hasWarning(QStringLiteral("icon-unreadable")));
    }

    void localizedNames_becomeLabels()
    {
        QByteArray de = QByteArray("\xFF\xFE", 2);
        for (QChar c : QStringLiteral("\"CFBundleDisplayName\" = \"Gr\u00fc\u00dfe\";")) {
            de.append(char(c.unicode() & 0xFF));
            de.append(char(c.unicode() >> 8));
        }
        auto r = inspectZip({{"Payload/A.app/Info.plist", infoPlist()}, {"Payload/A.app/App", thinMachO()},
            {"Payload/A.app/de.lproj/InfoPlist.strings", de},
            {"Payload/A.app/ja.lproj/InfoPlist.strings", "CFBundleName = \"\xe3\x82\xa2\xe3\x83\x97\xe3\x83\xaa\";"},
            {"Payload/A.app/xx.lproj/InfoPlist.strings", "broken = ;"}});
        QVERIFY2(r.ok(), qPrintable(r.error().message));
        QCOMPARE(r->labels.value(QStringLiteral("de")), QStringLiteral("Gr\u00fc\u00dfe"));
        QCOMPARE(r->labels.value(QStringLiteral("ja")), QString::fromUtf8("\xe3\x82\xa2\xe3\x83\x97\xe3\x83\xaa"));
        QVERIFY(!r->labels.contains(QStringLiteral("xx")));
    }

    void macAppIcns_largestPngBecomesIcon()
    {
        auto png = [](int size) -> QByteArray {
            QImage image(size, size, QImage::Format_RGBA8888);
            image.fill(QColor(10, 20, 30, 255));
            QByteArray bytes;
            QBuffer buf(&bytes);
            buf.open(QIODevice::WriteOnly);
            image.save(&buf, "PNG");
            return bytes;
        };
        auto element = [](const char* type, const QByteArray& data) -> QByteArray {
            QByteArray e(type, 4);
            char len[4];
            qToBigEndian<quint32>(quint32(data.size() + 8), len);
            return e + QByteArray(len, 4) + data;
        };
        const QByteArray body = element("ic07", png(128)) + element("ic09", png(512)) + element("ic08", png(256))
            + element("TOC ", QByteArray(8, '\0'));
        char total[4];
        qToBigEndian<quint32>(quint32(body.size() + 8), total);
        const QByteArray icns = QByteArray("icns") + QByteArray(total, 4) + body;
        const QByteArray plist = "<?xml version=\"1.0\"?><plist version=\"1.0\"><dict>"
                                 "<key>CFBundleIdentifier</key><string>com.example.mac</string>"
                                 "<key>CFBundleExecutable</key><string>Mac</string>"
                                 "<key>LSMinimumSystemVersion</key><string>12.0</string>"
                                 "<key>CFBundleIconFile</key><string>AppIcon</string></dict></plist>";
        auto r = inspectZip({{"Mac.app/Contents/Info.plist", plist}, {"Mac.app/Contents/MacOS/Mac", thinMachO()},
                                {"Mac.app/Contents/Resources/AppIcon.icns", icns}},
            QStringLiteral(".zip"));
        QVERIFY2(r.ok(), qPrintable(r.error().message));
        QCOMPARE(packageKindName(r->kind), QStringLiteral("macos-app-zip"));
        QCOMPARE(r->platform, QStringLiteral("macos"));
        QCOMPARE(r->minimumOsVersion, QStringLiteral("12.0"));
        QCOMPARE(r->iconPath, QStringLiteral("Mac.app/Contents/Resources/AppIcon.icns"));
        QImage icon;
        QVERIFY(icon.loadFromData(r->iconPng, "PNG"));
        QCOMPARE(icon.size(), QSize(512, 512));

        // A truncated .icns is shown as no icon, with an info warning.
        auto broken = inspectZip({{"Mac.app/Contents/Info.plist", plist}, {"Mac.app/Contents/MacOS/Mac", thinMachO()},
                                     {"Mac.app/Contents/Resources/AppIcon.icns", icns.left(40)}},
            QStringLiteral(".zip"));
        QVERIFY(broken.ok());
        QVERIFY(broken->iconPng.isEmpty());
        QVERIFY(broken->hasWarning(QStringLiteral("icon-unreadable")));
    }

    void truncatedZip_saysDamagedOrIncomplete_data()
    {
        QTest::addColumn<double>("fraction");
        QTest::newRow("10%") << 0.1;
        QTest::newRow("50%") << 0.5;
        QTest::newRow("99%") << 0.99;
    }

    void truncatedZip_saysDamagedOrIncomplete()
    {
        // An interrupted download: the entries are there, the central directory at the end is not.
        QFETCH(double, fraction);
        const QByteArray whole
            = Test::storedZip({{"Payload/App.app/Info.plist", infoPlist()}, {"Payload/App.app/App", thinMachO()}});
        const QString path = m_dir.filePath(QStringLiteral("cut%1.ipa").arg(++m_n));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(whole.left(qsizetype(double(whole.size()) * fraction)));
        f.close();
        auto r = PackageInspector::inspect(path, {});
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, Error::Kind::InvalidPackage);
        QVERIFY2(r.error().message.contains(QLatin1String("damaged or incomplete")), qPrintable(r.error().message));
    }

    void notAZip_saysSo()
    {
        const QString path = m_dir.filePath(QStringLiteral("text%1.ipa").arg(++m_n));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("this is a text file, not a package\n");
        f.close();
        auto r = PackageInspector::inspect(path, {});
        QVERIFY(!r.ok());
        QVERIFY2(r.error().message.contains(QLatin1String("not a zip archive")), qPrintable(r.error().message));
    }

    void noPayload_failsWithError()
    {
        auto r = inspectZip({{"readme.txt", "hello"}});
        QVERIFY(!r.ok());
        QVERIFY2(
            r.error().message.contains(QLatin1String("Payload/<Name>.app/Info.plist")), qPrintable(r.error().message));
    }
};

QTEST_GUILESS_MAIN(TestIpaHostile)
#include "tst_ipa_hostile.moc"
