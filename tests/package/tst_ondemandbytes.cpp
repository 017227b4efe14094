// resources.arsc read on demand (package/ondemandbytes.h, ZipArchive::readOnDemand): the table parsed from the file
// gives exactly what the table parsed from the whole entry gives, reads less than the entry, and a package
// shortened while it is being read is a clear error, never a crash. Real packages from ../shared/corpus.

#include <testutils/testutils.h>

#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>
#include <package/android/resourcetable.h>
#include <package/ondemandbytes.h>
#include <package/packageinspector.h>
#include <package/ziparchive.h>

using namespace Slipway;
using namespace Slipway::Android;

namespace {

// Every value of IDs spread over the first types and entries of the framework package (0x01) and of an app (0x7f).
QStringList sampleValues(const ArscTable& table)
{
    QStringList out;
    for (quint32 package : {0x01u, 0x7fu}) {
        for (quint32 type = 1; type <= 0x20; ++type) {
            for (quint32 entry : {0u, 1u, 2u, 7u, 30u, 100u}) {
                const quint32 id = (package << 24) | (type << 16) | entry;
                for (const ResValue& v : table.values(id))
                    out.append(QStringLiteral("%1 %2 %3 %4 %5 %6")
                                   .arg(id, 8, 16)
                                   .arg(v.config.localeName())
                                   .arg(v.config.density)
                                   .arg(v.type)
                                   .arg(v.data)
                                   .arg(v.string));
            }
        }
    }
    return out;
}

} // namespace

class TestOnDemandBytes : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void storedTable_fromTheFileEqualsTheWholeEntry_data()
    {
        QTest::addColumn<QString>("apk");
        QTest::addColumn<bool>("large"); // a table far larger than the read-ahead window
        QTest::newRow("framework-res, 19.6 MB table") << QStringLiteral("lineageos_nexus5_framework-res.apk") << true;
        QTest::newRow("ApiDemos") << QStringLiteral("ApiDemos-debug.apk") << false;
        QTest::newRow("hn") << QStringLiteral("hn.apk") << false;
    }
    void storedTable_fromTheFileEqualsTheWholeEntry()
    {
        SLIPWAY_REQUIRE_CORPUS();
        QFETCH(QString, apk);
        QFETCH(bool, large);
        auto zip = ZipArchive::open(Test::corpusFile(apk));
        QVERIFY2(zip, qPrintable(zip ? QString() : zip.error().message));
        const ZipArchive::Entry* entry = zip.value()->find(QStringLiteral("resources.arsc"));
        QVERIFY(entry);
        QCOMPARE(entry->compressionMethod, quint16(0)); // stored: the on-demand case

        auto whole = zip.value()->read(*entry);
        QVERIFY(whole);
        auto wholeTable = ArscTable::parse(whole.value());
        QVERIFY(wholeTable);

        auto bytes = zip.value()->readOnDemand(*entry, ZipArchive::kDefaultMaxEntryBytes);
        QVERIFY(bytes);
        std::shared_ptr<const OnDemandBytes> source(std::move(bytes).value());
        QCOMPARE(source->size(), entry->size);
        QCOMPARE(source->bytesRead(), 0); // nothing read before it is looked at
        auto table = ArscTable::parse(source);
        QVERIFY2(table, qPrintable(table ? QString() : table.error().message));

        QCOMPARE(table.value().locales(), wholeTable.value().locales());
        QCOMPARE(table.value().densities(), wholeTable.value().densities());
        const QStringList expected = sampleValues(wholeTable.value());
        QVERIFY(expected.size() > 10);
        QCOMPARE(sampleValues(table.value()), expected);
        // The global string pool is read only where a looked-up string is, so even after all those lookups less
        // than the whole entry was read (framework-res: the pool alone is 6.9 of its 19.6 MB). A small table is
        // read in a window or two, which may overlap.
        if (large)
            QVERIFY2(source->bytesRead() < entry->size * 3 / 4,
                qPrintable(QStringLiteral("%1 of %2 bytes read").arg(source->bytesRead()).arg(entry->size)));
    }

    void compressedTable_isReadWhole()
    {
        SLIPWAY_REQUIRE_CORPUS();
        auto zip = ZipArchive::open(Test::corpusFile(QStringLiteral("SystemWebView-repack.apk")));
        QVERIFY(zip);
        const ZipArchive::Entry* entry = zip.value()->find(QStringLiteral("resources.arsc"));
        QVERIFY(entry);
        QVERIFY(entry->compressionMethod != 0);
        auto bytes = zip.value()->readOnDemand(*entry, ZipArchive::kDefaultMaxEntryBytes);
        QVERIFY(bytes);
        QCOMPARE(bytes.value()->size(), entry->size);
        QCOMPARE(bytes.value()->bytesRead(), 0); // in memory: no file reads at all
        auto table = ArscTable::parse(std::shared_ptr<const OnDemandBytes>(std::move(bytes).value()));
        QVERIFY(table);
        QVERIFY(!table.value().locales().isEmpty());
        // An entry larger than the limit is refused as read() refuses it.
        auto tooBig = zip.value()->readOnDemand(*entry, 1024);
        QVERIFY(!tooBig);
        QVERIFY(tooBig.error().message.contains(QLatin1String("zip bomb")));
    }

    void shortenedWhileRead_isAnErrorThatSaysSo()
    {
        SLIPWAY_REQUIRE_CORPUS();
        QTemporaryDir dir;
        const QString copy = dir.filePath(QStringLiteral("framework-res.apk"));
        QVERIFY(QFile::copy(Test::corpusFile(QStringLiteral("lineageos_nexus5_framework-res.apk")), copy));
        auto zip = ZipArchive::open(copy);
        QVERIFY(zip);
        const ZipArchive::Entry* entry = zip.value()->find(QStringLiteral("resources.arsc"));
        QVERIFY(entry);
        auto bytes = zip.value()->readOnDemand(*entry, ZipArchive::kDefaultMaxEntryBytes);
        QVERIFY(bytes);
        // Another process cuts the package short after it was opened: in the middle of the table.
        QVERIFY(QFile::resize(copy, QFileInfo(copy).size() / 2));
        auto table = ArscTable::parse(std::shared_ptr<const OnDemandBytes>(std::move(bytes).value()));
        QVERIFY(!table);
        QCOMPARE(table.error().kind, Error::Kind::InvalidPackage);
        QVERIFY2(table.error().message.contains(QLatin1String("ends before the entry does")),
            qPrintable(table.error().message));
    }

    // ZipArchive finds duplicates by the decoded name first and compares raw names only there; names that are not
    // UTF-8 can decode alike without being the same, and a real duplicate after such a pair must still be found.
    void duplicateNames_areRawNamesTwiceEvenWhenNamesDecodeAlike()
    {
        QTemporaryDir dir;
        auto facts = [&dir](const QList<QPair<QByteArray, QByteArray>>& entries) {
            const QString path = dir.filePath(QStringLiteral("names.zip"));
            QFile f(path);
            if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
                return ZipFacts();
            f.write(Test::storedZip(entries));
            f.close();
            auto zip = ZipArchive::open(path);
            return zip ? zip.value()->facts() : ZipFacts();
        };
        const QString replaced = QString::fromUtf8("\xff.dex"); // U+FFFD ".dex", like "\xfe.dex"
        QCOMPARE(QString::fromUtf8("\xfe.dex"), replaced);
        // Two names that decode alike are not duplicates...
        ZipFacts f = facts({{"a.txt", "1"}, {"\xff.dex", "2"}, {"\xfe.dex", "3"}});
        QCOMPARE(f.entries, 3);
        QVERIFY(f.duplicateNames.isEmpty());
        // ...but the first of them again is, after the second was indexed under the same decoded name.
        f = facts({{"a.txt", "1"}, {"\xff.dex", "2"}, {"\xfe.dex", "3"}, {"b/../../c", "4"}, {"\xff.dex", "5"},
            {"a.txt", "6"}, {"d\\..\\e", "7"}, {"x/..y/z..", "8"}});
        QCOMPARE(f.duplicateNames, (QStringList {replaced, QStringLiteral("a.txt")}));
        QCOMPARE(f.unsafeNames, (QStringList {QStringLiteral("b/../../c"), QStringLiteral("d\\..\\e")}));
    }

    void centralRecords_areWhereLibzipFindsTheEntries()
    {
        SLIPWAY_REQUIRE_CORPUS();
        auto zip = ZipArchive::open(Test::corpusFile(QStringLiteral("com.example.android.tvleanback.apk")));
        QVERIFY(zip);
        const auto& records = zip.value()->centralRecords();
        QCOMPARE(qsizetype(records.size()), zip.value()->count()); // 1,610 records, read in 64 KiB blocks
        for (const ZipArchive::Entry& e : zip.value()->entries()) {
            const ZipArchive::CentralRecord& r = records[size_t(e.index)];
            QCOMPARE(r.method, e.compressionMethod);
            QCOMPARE(qint64(r.compressedSize), e.compressedSize);
            QCOMPARE(qint64(r.uncompressedSize), e.size);
            QVERIFY(!r.nameHasNul);
        }
    }

    // Android refuses an entry name with a NUL byte; libzip's names end at it, so the raw records tell.
    void nulInAnEntryName_isAnErrorWarning()
    {
        SLIPWAY_REQUIRE_CORPUS();
        auto corpus = ZipArchive::open(Test::corpusFile(QStringLiteral("hn.apk")));
        QVERIFY(corpus);
        auto manifest = corpus.value()->read(QStringLiteral("AndroidManifest.xml"));
        QVERIFY(manifest);
        QTemporaryDir dir;
        auto warningCodes = [&](const QByteArray& name) {
            const QString path = dir.filePath(QStringLiteral("nul.apk"));
            QFile f(path);
            if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
                return QStringList {QStringLiteral("not written")};
            f.write(Test::storedZip({{"AndroidManifest.xml", manifest.value()}, {name, "x"}}));
            f.close();
            InspectOptions options;
            options.computeHashes = false;
            auto info = PackageInspector::inspect(path, options);
            QStringList codes;
            for (const PackageWarning& w : info ? info.value().warnings : QList<PackageWarning>())
                codes.append(w.code);
            return codes;
        };
        QVERIFY(warningCodes(QByteArray("lib/x\0y.so", 10)).contains(QLatin1String("entry-name-nul")));
        QVERIFY(!warningCodes(QByteArray("lib/xy.so")).contains(QLatin1String("entry-name-nul")));
    }

    void reads_outsideTheBytesAreRefused()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("bytes"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("0123456789abcdef");
        f.close();
        auto bytes = OnDemandBytes::fromFile(path, 4, 8); // "456789ab"
        QVERIFY(bytes);
        uchar out[8] = {};
        QVERIFY(bytes->read(2, 4, out));
        QCOMPARE(QByteArray(reinterpret_cast<char*>(out), 4), QByteArray("6789"));
        QVERIFY(bytes->readAhead(6, 2, out));
        QCOMPARE(QByteArray(reinterpret_cast<char*>(out), 2), QByteArray("ab"));
        QVERIFY(!bytes->read(6, 3, out)); // one byte past the end
        QVERIFY(bytes->error().contains(QLatin1String("runs past the end")));
        QVERIFY(!bytes->read(-1, 1, out));
        QVERIFY(!bytes->readAhead(0, 9, out));
        QVERIFY(!OnDemandBytes::fromFile(dir.filePath(QStringLiteral("missing")), 0, 1));
    }
};

QTEST_GUILESS_MAIN(TestOnDemandBytes)
#include "tst_ondemandbytes.moc"
