// Plist::parse: XML and binary property lists to Qt values, and refusal of malformed input.

#include <QDateTime>
#include <QTest>
#include <QTimeZone>
#include <package/apple/bplistcheck.h>
#include <package/apple/plistreader.h>
#include <package/apple/stringsfile.h>

using namespace Slipway;

namespace {

// Written with Python's plistlib (FMT_BINARY) from a dict of every scalar type plus an array and a dict.
const char kBinaryHex[]
    = "62706c6973743030dc0102030405060708090a0b0c0d0e0f1011121314171a1b1c5342696754426c6f625f1012434642756e646c65"
      "4964656e7469666965725f100f434642756e646c6556657273696f6e55436f756e7454466c616755477265656b544c697374564e65"
      "73746564524e6f525069545768656e130000010000000000430001025f100f636f6d2e6578616d706c652e61707052343213ffffff"
      "fffffffff90968039a03b103bb03b703bc03ad03c103b1a2151651611001d11819516b51760823400c0000000000003341c6149586"
      "8000000821252a3f51575c62676e7174798286989ba4a5b6b9bbbdc0c2c4c5ce000000000000010100000000000000"
      "1d000000000000000000000000000000d7";

// An array whose only element is the array itself (object 0 refers to object 0).
const char kCyclicHex[] = "62706c6973743030a1000800000000000001010000000000000001000000000000000000000000000000"
                          "0a";

// Small binary plists built by hand for Plist::checkBinary: objects are encoded bytes, object 0 is the top, the
// offset table uses 4-byte offsets and `refSize`-byte references.
QByteArray be(quint64 v, int n)
{
    QByteArray b;
    for (int i = n - 1; i >= 0; --i)
        b.append(char((v >> (8 * i)) & 0xFF));
    return b;
}

QByteArray marker(int type, quint64 count)
{
    if (count < 15)
        return QByteArray(1, char((type << 4) | int(count)));
    return QByteArray(1, char((type << 4) | 0x0F)) + QByteArray(1, char(0x13)) + be(count, 8);
}

QByteArray arrayOf(const QList<quint64>& refs, int refSize)
{
    QByteArray b = marker(0xA, quint64(refs.size()));
    for (quint64 r : refs)
        b += be(r, refSize);
    return b;
}

QByteArray ascii(const QByteArray& s)
{
    return marker(0x5, quint64(s.size())) + s;
}

QByteArray bplist(const QList<QByteArray>& objects, int refSize = 1, qint64 count = -1, qint64 table = -1)
{
    QByteArray body("bplist00");
    QList<quint64> offsets;
    for (const QByteArray& o : objects) {
        offsets.append(quint64(body.size()));
        body += o;
    }
    const quint64 at = quint64(body.size());
    for (quint64 off : offsets)
        body += be(off, 4);
    body += QByteArray(6, '\0') + char(4) + char(refSize);
    body += be(count < 0 ? quint64(objects.size()) : quint64(count), 8) + be(0, 8)
        + be(table < 0 ? at : quint64(table), 8);
    return body;
}

// `depth` arrays, each holding the next; the last holds a string.
QList<QByteArray> nested(int depth)
{
    QList<QByteArray> objects;
    for (int i = 0; i < depth; ++i)
        objects.append(arrayOf({quint64(i + 1)}, 4));
    objects.append(ascii("leaf"));
    return objects;
}

} // namespace

class TestPlist : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parseXml_readsEveryType()
    {
        const QByteArray xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                               "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" "
                               "\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
                               "<plist version=\"1.0\"><dict>\n"
                               "  <key>CFBundleIdentifier</key><string>com.example.app</string>\n"
                               "  <key>UIDeviceFamily</key><array><integer>1</integer><integer>2</integer></array>\n"
                               "  <key>Flag</key><true/>\n"
                               "  <key>Ratio</key><real>0.5</real>\n"
                               "  <key>When</key><date>2021-01-15T06:40:53Z</date>\n"
                               "  <key>Blob</key><data>AAEC</data>\n"
                               "  <key>Name</key><string>火 三</string>\n"
                               "</dict></plist>\n";
        auto doc = Plist::parse(xml);
        QVERIFY2(doc.ok(), qPrintable(doc.error().message));
        QCOMPARE(doc->format, Plist::Format::Xml);
        const QVariantMap m = doc->root.toMap();
        QCOMPARE(m.value("CFBundleIdentifier").toString(), QStringLiteral("com.example.app"));
        QCOMPARE(m.value("UIDeviceFamily").toList(), (QVariantList {qlonglong(1), qlonglong(2)}));
        QCOMPARE(m.value("Flag").typeId(), int(QMetaType::Bool));
        QVERIFY(m.value("Flag").toBool());
        QCOMPARE(m.value("Ratio").toDouble(), 0.5);
        QCOMPARE(m.value("When").toDateTime(), QDateTime(QDate(2021, 1, 15), QTime(6, 40, 53), QTimeZone::utc()));
        QCOMPARE(m.value("Blob").toByteArray(), QByteArray("\x00\x01\x02", 3));
        QCOMPARE(m.value("Name").toString(), QStringLiteral("火 三"));
    }

    void parseBinary_readsEveryType()
    {
        auto doc = Plist::parse(QByteArray::fromHex(kBinaryHex));
        QVERIFY2(doc.ok(), qPrintable(doc.error().message));
        QCOMPARE(doc->format, Plist::Format::Binary);
        QCOMPARE(Plist::formatName(doc->format), QStringLiteral("binary"));
        const QVariantMap m = doc->root.toMap();
        QCOMPARE(m.value("CFBundleIdentifier").toString(), QStringLiteral("com.example.app"));
        QCOMPARE(m.value("CFBundleVersion").toString(), QStringLiteral("42"));
        QCOMPARE(m.value("Count").toLongLong(), -7);
        QCOMPARE(m.value("Big").toLongLong(), qlonglong(1) << 40);
        QCOMPARE(m.value("Pi").toDouble(), 3.5);
        QCOMPARE(m.value("Flag").toBool(), true);
        QCOMPARE(m.value("No").typeId(), int(QMetaType::Bool));
        QCOMPARE(m.value("No").toBool(), false);
        QCOMPARE(m.value("When").toDateTime(), QDateTime(QDate(2024, 6, 24), QTime(4, 18, 21), QTimeZone::utc()));
        QCOMPARE(m.value("Blob").toByteArray(), QByteArray("\x00\x01\x02", 3));
        QCOMPARE(m.value("List").toList(), (QVariantList {QStringLiteral("a"), qlonglong(1)}));
        QCOMPARE(m.value("Nested").toMap().value("k").toString(), QStringLiteral("v"));
        QCOMPARE(m.value("Greek").toString(), QStringLiteral("Καλημέρα"));
    }

    void parseMalformed_returnsError_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("garbage") << QByteArray("PK\x03\x04 this is a zip", 20);
        QTest::newRow("bplist header only") << QByteArray("bplist00");
        QTest::newRow("binary truncated") << QByteArray::fromHex(kBinaryHex).left(200);
        QTest::newRow("binary trailer zeroed") << QByteArray::fromHex(kBinaryHex).left(244) + QByteArray(32, '\0');
        QTest::newRow("xml unterminated") << QByteArray("<?xml version=\"1.0\"?><plist><dict><key>a</key>");
        QTest::newRow("xml not a plist") << QByteArray("<html><body>hello</body></html>");
        QTest::newRow("xml deeply nested") << QByteArray("<plist>") + QByteArray("<array>").repeated(100000);
    }

    void parseMalformed_returnsError()
    {
        QFETCH(QByteArray, data);
        auto doc = Plist::parse(data, QStringLiteral("Info.plist"));
        QVERIFY(!doc.ok());
        QCOMPARE(doc.error().kind, Error::Kind::InvalidPackage);
        QVERIFY2(doc.error().message.contains(QLatin1String("Info.plist")), qPrintable(doc.error().message));
    }

    void parseCyclicBinary_terminates()
    {
        // libplist either refuses the self-reference or the converter stops at the depth limit.
        auto doc = Plist::parse(QByteArray::fromHex(kCyclicHex));
        QVERIFY(!doc.ok());
    }

    void parseStringWithNul_doesNotAbort()
    {
        // {"k": "a\0bé"} as a binary plist (a UTF-16 string with a NUL inside): libplist 2.2's
        // plist_get_string_val() asserts on it and aborts (found by fuzz_plist); the reader must not.
        const QByteArray bin
            = QByteArray::fromHex("62706c6973743030d10102516b6400610000006200e9080b0d00000000000001010000"
                                  "00000000000300000000000000000000000000000016");
        auto doc = Plist::parse(bin);
        QVERIFY2(doc.ok(), qPrintable(doc.error().message));
        QCOMPARE(doc->root.toMap().value(QStringLiteral("k")).toString(), QString::fromUtf8("a\0b\xC3\xA9", 5));
    }

    void stringsFile_readsTextAndBinaryForms()
    {
        const QString text = QStringLiteral("/* Localized versions of Info.plist keys */\n"
                                            "CFBundleDisplayName = \"Caf\u00e9 \\\"Bar\\\"\";\n"
                                            "// a line comment\n"
                                            "\"CFBundleName\" = \"K\\U00e4se\";\n");
        QByteArray utf16 = QByteArray("\xFF\xFE", 2);
        for (QChar c : text) {
            utf16.append(char(c.unicode() & 0xFF));
            utf16.append(char(c.unicode() >> 8));
        }
        for (const QByteArray& data : {text.toUtf8(), utf16}) {
            auto map = StringsFile::parse(data);
            QVERIFY2(map.ok(), qPrintable(map.error().message));
            QCOMPARE(map->value(QStringLiteral("CFBundleDisplayName")), QStringLiteral("Caf\u00e9 \"Bar\""));
            QCOMPARE(map->value(QStringLiteral("CFBundleName")), QStringLiteral("K\u00e4se"));
        }
        // The binary plist form Xcode writes for device builds.
        auto bin = StringsFile::parse(QByteArray::fromHex(kBinaryHex));
        QVERIFY(bin.ok());
        QCOMPARE(bin->value(QStringLiteral("CFBundleIdentifier")), QStringLiteral("com.example.app"));
    }

    void stringsFile_malformed_returnsError()
    {
        for (const QByteArray& bad :
            {QByteArray("\"a\" = \"b\""), QByteArray("\"a\" \"b\";"), QByteArray("\"a = b;"), QByteArray("= \"b\";")}) {
            auto map = StringsFile::parse(bad);
            QVERIFY2(!map.ok(), bad.constData());
            QCOMPARE(map.error().kind, Error::Kind::InvalidPackage);
        }
        QVERIFY(StringsFile::parse(QByteArray()).ok()); // an empty file is an empty table
    }

    void parseKeyWithNul_refusedWithoutAbort_data()
    {
        QTest::addColumn<QByteArray>("data");
        // {"a\0bé": "x"} and {"a\0b": "x"}: libplist 2.2 asserts in plist_dict_next_item() (found by fuzz_plist).
        QTest::newRow("utf-16 key") << QByteArray::fromHex("62706c6973743030d101026400610000006200e95178080b1400000000"
                                                           "00000101000000000000000300000000000000000000000000000016");
        QTest::newRow("ascii key") << QByteArray::fromHex("62706c6973743030d10102536100625178080b0f000000000000010100"
                                                          "0000000000000300000000000000000000000000000011");
        QTest::newRow("xml with nul byte")
            << QByteArray("<?xml version=\"1.0\"?><plist><dict><key>a\0b</key><string>x</string></dict></plist>", 76);
    }

    void parseKeyWithNul_refusedWithoutAbort()
    {
        QFETCH(QByteArray, data);
        auto doc = Plist::parse(data);
        QVERIFY(!doc.ok());
        QVERIFY2(doc.error().message.contains(QLatin1String("NUL")), qPrintable(doc.error().message));
    }

    void checkBinary_refusesHostileShapes_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<QString>("reason");
        QTest::newRow("100 levels deep") << bplist(nested(100), 4) << QStringLiteral("nested deeper than 64 levels");
        QList<QByteArray> dag; // each array references the next twice: 2^30 leaves
        for (int i = 0; i < 30; ++i)
            dag.append(arrayOf({quint64(i + 1), quint64(i + 1)}, 1));
        dag.append(ascii("leaf"));
        QTest::newRow("30-level DAG") << bplist(dag) << QStringLiteral("expands to more than 250000 values");
        QTest::newRow("wide") << bplist({arrayOf(QList<quint64>(300000, 1), 4), ascii("x")}, 4)
                              << QStringLiteral("expands to more than 250000 values");
        QTest::newRow("cycle") << bplist({arrayOf({0}, 1)}) << QStringLiteral("nested deeper than 64 levels");
        QTest::newRow("too short") << QByteArray("bplist00") + QByteArray(10, '\0') << QStringLiteral("shorter than");
        QByteArray badSizes = bplist({ascii("x")});
        badSizes[badSizes.size() - 32 + 6] = char(9);
        QTest::newRow("offset size 9") << badSizes << QStringLiteral("impossible integer sizes");
        QTest::newRow("count past the file")
            << bplist({ascii("x")}, 1, qint64(1) << 62) << QStringLiteral("object table does not fit");
        QTest::newRow("table past the file")
            << bplist({ascii("x")}, 1, -1, qint64(1) << 40) << QStringLiteral("object table does not fit");
        QByteArray badTop = bplist({ascii("x")});
        badTop[badTop.size() - 9] = char(5); // top object 5 of 1
        QTest::newRow("top outside") << badTop << QStringLiteral("top object is not in the object table");
        QTest::newRow("reference outside") << bplist({arrayOf({7}, 1)}) << QStringLiteral("reference points outside");
        QByteArray badOffset = bplist({arrayOf({1}, 1), ascii("x")});
        badOffset.replace(badOffset.size() - 32 - 4, 4, be(0xFFFFFF, 4)); // the last object's offset
        QTest::newRow("offset outside") << badOffset << QStringLiteral("points outside the objects");
        QTest::newRow("2^60 entries") << bplist({marker(0xA, quint64(1) << 60)})
                                      << QStringLiteral("more entries than the file can hold");
        QTest::newRow("string past the end")
            << bplist({marker(0x5, 200) + "abc"}) << QStringLiteral("runs past the end of the objects");
        QTest::newRow("unknown type") << bplist({QByteArray(1, char(0x70))}) << QStringLiteral("unknown object type");
        QByteArray dict = marker(0xD, 1) + be(1, 1) + be(2, 1);
        QTest::newRow("NUL in key") << bplist({dict, ascii(QByteArray("a\0b", 3)), ascii("v")})
                                    << QStringLiteral("dictionary key contains a NUL character");
        QTest::newRow("key not a string") << bplist({dict, QByteArray(1, char(0x10 | 0)) + char(1), ascii("v")})
                                          << QStringLiteral("dictionary key is not a string");
        QByteArray keyOutside = marker(0xD, 1) + be(9, 1) + be(1, 1);
        QTest::newRow("key outside") << bplist({keyOutside, ascii("v")}) << QStringLiteral("reference points outside");
    }

    void checkBinary_refusesHostileShapes()
    {
        QFETCH(QByteArray, data);
        QFETCH(QString, reason);
        const Status st = Plist::checkBinary(data);
        QVERIFY(!st.ok());
        QCOMPARE(st.error().kind, Error::Kind::InvalidPackage);
        QVERIFY2(st.error().message.contains(reason), qPrintable(st.error().message));
        // Plist::parse refuses it the same way, naming the file, and libplist never sees it.
        auto doc = Plist::parse(data, QStringLiteral("Info.plist"));
        QVERIFY(!doc.ok());
        QVERIFY2(doc.error().message.startsWith(QLatin1String("Info.plist is malformed: ")),
            qPrintable(doc.error().message));
        QVERIFY2(doc.error().message.contains(reason), qPrintable(doc.error().message));
    }

    void checkBinary_acceptsSharedAndNestedWithinLimits()
    {
        QVERIFY(Plist::checkBinary(bplist(nested(60), 4)).ok());
        QList<QByteArray> dag; // 2^16 leaves: shared references within the budget
        for (int i = 0; i < 16; ++i)
            dag.append(arrayOf({quint64(i + 1), quint64(i + 1)}, 1));
        dag.append(ascii("leaf"));
        QVERIFY(Plist::checkBinary(bplist(dag)).ok());
        auto doc = Plist::parse(bplist(nested(60), 4));
        QVERIFY2(doc.ok(), qPrintable(doc.error().message));
    }

    void parseXml_tooManyElements_refused()
    {
        QByteArray xml("<?xml version=\"1.0\"?><plist><array>");
        xml += QByteArray("<true/>").repeated(250001);
        xml += "</array></plist>";
        auto doc = Plist::parse(xml, QStringLiteral("Info.plist"));
        QVERIFY(!doc.ok());
        QVERIFY2(
            doc.error().message.contains(QLatin1String("more than 250000 elements")), qPrintable(doc.error().message));
    }

    void parseXml_entities_refused()
    {
        const QByteArray xml("<?xml version=\"1.0\"?><!DOCTYPE plist [<!ENTITY a \"lol\"><!ENTITY b \"&a;&a;&a;\">]>"
                             "<plist><string>&b;</string></plist>");
        auto doc = Plist::parse(xml, QStringLiteral("Info.plist"));
        QVERIFY(!doc.ok());
        QVERIFY2(doc.error().message.contains(QLatin1String("entities")), qPrintable(doc.error().message));
    }

    void parseTooLarge_refused()
    {
        const QByteArray big = QByteArray("<?xml version=\"1.0\"?><plist><string>") + QByteArray(Plist::kMaxBytes, 'a')
            + QByteArray("</string></plist>");
        auto doc = Plist::parse(big);
        QVERIFY(!doc.ok());
    }
};

QTEST_GUILESS_MAIN(TestPlist)
#include "tst_plist.moc"
