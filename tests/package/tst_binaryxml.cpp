// Unit tests of the Android binary XML reader (and the bits around it: resource resolution, the protobuf
// wire reader) on byte buffers built here, including hostile ones: bad indexes, truncation, deep nesting,
// reference cycles, impossible sizes.

#include <QTest>
#include <package/android/binaryxml.h>
#include <package/android/manifestreader.h>
#include <package/android/protomanifest.h>
#include <package/android/protowire.h>
#include <package/android/resourcetable.h>

using namespace Slipway;
using namespace Slipway::Android;

namespace {

constexpr quint32 kNone = 0xFFFFFFFFu;

void put16(QByteArray& b, quint16 v)
{
    b.append(char(v & 0xFF));
    b.append(char(v >> 8));
}

void put32(QByteArray& b, quint32 v)
{
    put16(b, quint16(v & 0xFFFF));
    put16(b, quint16(v >> 16));
}

struct RawAttr
{
    quint32 ns;
    quint32 name;
    quint32 raw;
    quint8 type;
    quint32 data;
};

// Builds an AXML document chunk by chunk.
class AxmlBuilder
{
public:
    explicit AxmlBuilder(bool utf8)
        : m_utf8(utf8)
    { }

    quint32 str(const QString& s)
    {
        const qsizetype i = m_strings.indexOf(s);
        if (i >= 0)
            return quint32(i);
        m_strings.append(s);
        return quint32(m_strings.size() - 1);
    }
    // The first strings map to these attribute resource IDs.
    void setResourceMap(const QList<quint32>& ids) { m_resMap = ids; }

    void start(const QString& name, const QList<RawAttr>& attrs = {})
    {
        QByteArray c;
        put16(c, 0x0102);
        put16(c, 16);
        put32(c, quint32(16 + 20 + 20 * attrs.size()));
        put32(c, 1);
        put32(c, kNone);
        put32(c, kNone);
        put32(c, str(name));
        put16(c, 20);
        put16(c, 20);
        put16(c, quint16(attrs.size()));
        put16(c, 0);
        put16(c, 0);
        put16(c, 0);
        for (const RawAttr& a : attrs) {
            put32(c, a.ns);
            put32(c, a.name);
            put32(c, a.raw);
            put16(c, 8);
            c.append(char(0));
            c.append(char(a.type));
            put32(c, a.data);
        }
        m_body += c;
    }
    void end(const QString& name)
    {
        QByteArray c;
        put16(c, 0x0103);
        put16(c, 16);
        put32(c, 24);
        put32(c, 1);
        put32(c, kNone);
        put32(c, kNone);
        put32(c, str(name));
        m_body += c;
    }
    void rawChunk(const QByteArray& c) { m_body += c; }

    QByteArray stringPool() const
    {
        QByteArray data;
        QList<quint32> offsets;
        for (const QString& s : m_strings) {
            offsets.append(quint32(data.size()));
            if (m_utf8) {
                const QByteArray u = s.toUtf8();
                auto len = [&](qsizetype n) {
                    if (n > 0x7F) {
                        data.append(char(0x80 | (n >> 8)));
                        data.append(char(n & 0xFF));
                    } else {
                        data.append(char(n));
                    }
                };
                len(s.size());
                len(u.size());
                data += u;
                data.append(char(0));
            } else {
                if (s.size() > 0x7FFF) {
                    put16(data, quint16(0x8000 | (s.size() >> 16)));
                    put16(data, quint16(s.size() & 0xFFFF));
                } else {
                    put16(data, quint16(s.size()));
                }
                for (QChar ch : s)
                    put16(data, ch.unicode());
                put16(data, 0);
            }
        }
        while (data.size() % 4)
            data.append(char(0));
        QByteArray c;
        put16(c, 0x0001);
        put16(c, 28);
        put32(c, quint32(28 + 4 * m_strings.size() + data.size()));
        put32(c, quint32(m_strings.size()));
        put32(c, 0);
        put32(c, m_utf8 ? 0x100 : 0);
        put32(c, quint32(28 + 4 * m_strings.size()));
        put32(c, 0);
        for (quint32 o : offsets)
            put32(c, o);
        return c + data;
    }

    QByteArray build() const
    {
        QByteArray body = stringPool();
        if (!m_resMap.isEmpty()) {
            put16(body, 0x0180);
            put16(body, 8);
            put32(body, quint32(8 + 4 * m_resMap.size()));
            for (quint32 id : m_resMap)
                put32(body, id);
        }
        body += m_body;
        QByteArray file;
        put16(file, 0x0003);
        put16(file, 8);
        put32(file, quint32(8 + body.size()));
        return file + body;
    }

private:
    bool m_utf8;
    QStringList m_strings;
    QList<quint32> m_resMap;
    QByteArray m_body;
};

// A manifest whose attribute names are obfuscated ("a", "b"): only the resource map says what they are.
QByteArray obfuscatedManifest(bool utf8, const QString& versionName)
{
    AxmlBuilder b(utf8);
    const quint32 versionCodeName = b.str(QStringLiteral("a"));
    const quint32 versionNameName = b.str(QStringLiteral("b"));
    const quint32 minSdkName = b.str(QStringLiteral("c"));
    b.setResourceMap({Attr::VersionCode, Attr::VersionName, Attr::MinSdkVersion});
    const quint32 ns = b.str(QStringLiteral("http://schemas.android.com/apk/res/android"));
    const quint32 package = b.str(QStringLiteral("package"));
    const quint32 packageValue = b.str(QStringLiteral("com.example.obfuscated"));
    const quint32 vn = b.str(versionName);
    b.start(QStringLiteral("manifest"),
        {{ns, versionCodeName, kNone, TypeIntDec, 42}, {ns, versionNameName, vn, TypeString, vn},
            {kNone, package, packageValue, TypeString, packageValue}});
    b.start(QStringLiteral("uses-sdk"), {{ns, minSdkName, kNone, TypeIntDec, 24}});
    b.end(QStringLiteral("uses-sdk"));
    b.end(QStringLiteral("manifest"));
    return b.build();
}

// A resource table with one package (0x7f): type 1 as a SPARSE chunk (entry 5 = string 0) plus a dense "de"
// chunk (entry 5 = string 2), type 2 as an OFFSET16 chunk holding one COMPACT entry (entry 2 = string 1).
QByteArray craftedArsc(AxmlBuilder& pool)
{
    auto config = [](const char* lang) {
        QByteArray c;
        put32(c, 64);
        c.append(QByteArray(60, '\0'));
        if (lang) {
            c[8] = lang[0];
            c[9] = lang[1];
        }
        return c;
    };
    auto typeChunk = [&](quint8 id, quint8 flags, quint32 count, const QByteArray& index, const QByteArray& entries,
                         const char* lang) -> QByteArray {
        QByteArray body;
        body.append(char(id));
        body.append(char(flags));
        put16(body, 0);
        put32(body, count);
        QByteArray idx = index;
        while ((84 + idx.size()) % 4)
            idx.append(char(0));
        put32(body, quint32(84 + idx.size()));
        body += config(lang);
        QByteArray c;
        put16(c, 0x0201);
        put16(c, 84);
        put32(c, quint32(8 + body.size() + idx.size() + entries.size()));
        return c + body + idx + entries;
    };
    auto plainEntry = [](quint32 stringIndex) -> QByteArray {
        QByteArray e;
        put16(e, 8);
        put16(e, 0);
        put32(e, 0);
        put16(e, 8);
        e.append(char(0));
        e.append(char(TypeString));
        put32(e, stringIndex);
        return e;
    };
    QByteArray sparseIndex;
    put16(sparseIndex, 5);
    put16(sparseIndex, 0);
    QByteArray denseIndex;
    for (int i = 0; i < 6; ++i)
        put32(denseIndex, i == 5 ? 0u : 0xFFFFFFFFu);
    QByteArray offset16Index;
    put16(offset16Index, 0xFFFF);
    put16(offset16Index, 0xFFFF);
    put16(offset16Index, 0);
    QByteArray compact;
    put16(compact, 0);
    put16(compact, quint16((TypeString << 8) | 0x0008));
    put32(compact, 1);

    QByteArray types = typeChunk(1, 0x01, 1, sparseIndex, plainEntry(0), nullptr)
        + typeChunk(1, 0x00, 6, denseIndex, plainEntry(2), "de")
        + typeChunk(2, 0x02, 3, offset16Index, compact, nullptr);
    QByteArray package;
    put16(package, 0x0200);
    put16(package, 288);
    put32(package, quint32(288 + types.size()));
    put32(package, 0x7f);
    package.append(QByteArray(256 + 20, '\0'));
    package += types;
    const QByteArray strings = pool.stringPool();
    QByteArray table;
    put16(table, 0x0002);
    put16(table, 12);
    put32(table, quint32(12 + strings.size() + package.size()));
    put32(table, 1);
    return table + strings + package;
}

// A resource source whose values are given by the test.
class FakeResources : public ResourceSource
{
public:
    QHash<quint32, QList<ResValue>> table;
    QList<ResValue> values(quint32 id) const override { return table.value(id); }
    QStringList locales() const override { return {QStringLiteral("de"), QStringLiteral("fr-CA")}; }
    QList<int> densities() const override { return {160, 480}; }
};

ResValue value(quint8 type, quint32 data, const QString& s = {}, const QString& lang = {}, const QString& region = {},
    int density = 0)
{
    ResValue v;
    v.type = type;
    v.data = data;
    v.string = s;
    v.config.language = lang;
    v.config.region = region;
    v.config.density = density;
    return v;
}

} // namespace

class TestBinaryXml : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_utf16Pool_readsAttributesByResourceId();
    void parse_utf8Pool_readsLongAndNonAsciiStrings();
    void parse_outOfRangeStringIndex_givesEmptyStrings();
    void parse_deepNesting_isRejected();
    void parse_everyTruncation_failsOrPartial();
    void parse_impossibleChunkSizes_areErrors();
    void parse_notXml_isError();
    void arsc_sparseOffset16AndCompactEntries_resolve();
    void arsc_everyTruncation_noCrash();
    void resolve_referencesChainAndLocales();
    void resolve_referenceCycle_endsUnresolved();
    void resolve_densityPicksAaptBucket();
    void proto_malformedInput_stopsWithError();
    void proto_manifest_readsCompiledValues();
};

void TestBinaryXml::parse_utf16Pool_readsAttributesByResourceId()
{
    const auto tree = parseBinaryXml(obfuscatedManifest(false, QStringLiteral("1.2.3")));
    QVERIFY2(tree, qPrintable(tree.error().message));
    QCOMPARE(tree->name, QStringLiteral("manifest"));
    PackageInfo info;
    QVERIFY(readManifest(tree.value(), nullptr, info));
    QCOMPARE(info.packageId, QStringLiteral("com.example.obfuscated"));
    QCOMPARE(info.versionCode, QStringLiteral("42"));
    QCOMPARE(info.versionName, QStringLiteral("1.2.3"));
    QCOMPARE(info.minSdk, QStringLiteral("24"));
}

void TestBinaryXml::parse_utf8Pool_readsLongAndNonAsciiStrings()
{
    // 300 characters need the two-byte length form; the non-ASCII ones need UTF-8 byte lengths.
    const QString longName = QStringLiteral("Приложение ") + QString(289, QLatin1Char('x'));
    const auto tree = parseBinaryXml(obfuscatedManifest(true, longName));
    QVERIFY2(tree, qPrintable(tree.error().message));
    PackageInfo info;
    QVERIFY(readManifest(tree.value(), nullptr, info));
    QCOMPARE(info.versionName, longName);
    QCOMPARE(info.packageId, QStringLiteral("com.example.obfuscated"));
}

void TestBinaryXml::parse_outOfRangeStringIndex_givesEmptyStrings()
{
    AxmlBuilder b(false);
    b.str(QStringLiteral("manifest"));
    b.start(QStringLiteral("manifest"), {{kNone, 9999, 0xFFFFFFF0u, TypeString, 123456}});
    b.end(QStringLiteral("manifest"));
    const auto tree = parseBinaryXml(b.build());
    QVERIFY2(tree, qPrintable(tree.error().message));
    QCOMPARE(tree->attributes.size(), 1);
    QVERIFY(tree->attributes.first().name.isEmpty());
    QVERIFY(tree->attributes.first().string.isEmpty());
    PackageInfo info;
    QVERIFY(!readManifest(tree.value(), nullptr, info)); // no package: a clear error, not a crash
}

void TestBinaryXml::parse_deepNesting_isRejected()
{
    AxmlBuilder b(true);
    for (int i = 0; i < 500; ++i)
        b.start(QStringLiteral("n"));
    for (int i = 0; i < 500; ++i)
        b.end(QStringLiteral("n"));
    const auto tree = parseBinaryXml(b.build());
    QVERIFY(!tree);
    QVERIFY2(tree.error().message.contains(QLatin1String("nested")), qPrintable(tree.error().message));

    // Unclosed elements (500 starts, no ends) within the limit still give a usable partial tree.
    AxmlBuilder shallow(true);
    for (int i = 0; i < 50; ++i)
        shallow.start(QStringLiteral("n"));
    const auto partial = parseBinaryXml(shallow.build());
    QVERIFY2(partial, qPrintable(partial.error().message));
    QCOMPARE(partial->children.size(), 1);
}

void TestBinaryXml::parse_everyTruncation_failsOrPartial()
{
    const QByteArray full = obfuscatedManifest(false, QStringLiteral("9.9"));
    int failures = 0;
    for (int n = 0; n < full.size(); ++n) {
        const auto tree = parseBinaryXml(full.left(n));
        if (!tree) {
            ++failures;
            QVERIFY(!tree.error().message.isEmpty());
        }
    }
    QVERIFY(failures > 0);
    QVERIFY(parseBinaryXml(full));
}

void TestBinaryXml::parse_impossibleChunkSizes_areErrors()
{
    // A chunk of size 0 would loop forever if trusted.
    AxmlBuilder b(false);
    b.start(QStringLiteral("manifest"));
    QByteArray zero;
    put16(zero, 0x0104);
    put16(zero, 16);
    put32(zero, 0);
    b.rawChunk(zero);
    const auto tree = parseBinaryXml(b.build());
    QVERIFY(!tree);
    QVERIFY2(tree.error().message.contains(QLatin1String("impossible size")), qPrintable(tree.error().message));

    // An element chunk whose attribute count overstates its size keeps only the attributes really there.
    AxmlBuilder over(false);
    over.start(QStringLiteral("manifest"), {{kNone, over.str(QStringLiteral("package")), kNone, TypeIntDec, 1}});
    QByteArray doc = over.build();
    const qsizetype countAt = doc.indexOf(QByteArray::fromHex("14001400")) + 4; // attributeStart/Size = 20/20
    QVERIFY(countAt > 4);
    doc[countAt] = char(0xFF);
    doc[countAt + 1] = char(0x7F);
    const auto clipped = parseBinaryXml(doc);
    QVERIFY2(clipped, qPrintable(clipped.error().message));
    QCOMPARE(clipped->attributes.size(), 1);
}

void TestBinaryXml::parse_notXml_isError()
{
    QVERIFY(!parseBinaryXml(QByteArray()));
    QVERIFY(!parseBinaryXml(QByteArray("PK\x03\x04 this is a zip", 20)));
    QVERIFY(!parseBinaryXml(QByteArray(64, '\0')));
}

void TestBinaryXml::arsc_sparseOffset16AndCompactEntries_resolve()
{
    AxmlBuilder pool(true);
    pool.str(QStringLiteral("Sparse label"));
    pool.str(QStringLiteral("Compact label"));
    pool.str(QStringLiteral("Deutsch"));
    const auto table = ArscTable::parse(craftedArsc(pool));
    QVERIFY2(table, qPrintable(table.error().message));
    QCOMPARE(table->locales(), QStringList {QStringLiteral("de")});
    QCOMPARE(table->values(0x7f010005).size(), 2);
    QCOMPARE(resolve(table.value(), 0x7f010005, DeviceConfig())->string, QStringLiteral("Sparse label"));
    QCOMPARE(resolve(table.value(), 0x7f010005, DeviceConfig::forLocale(QStringLiteral("de")))->string,
        QStringLiteral("Deutsch"));
    QCOMPARE(resolve(table.value(), 0x7f020002, DeviceConfig())->string, QStringLiteral("Compact label"));
    QVERIFY(table->values(0x7f010004).isEmpty()); // absent from the sparse index
    QVERIFY(table->values(0x7f020000).isEmpty()); // 0xFFFF in the offset16 index
    QVERIFY(table->values(0x7f030000).isEmpty()); // no such type
}

void TestBinaryXml::arsc_everyTruncation_noCrash()
{
    AxmlBuilder pool(false);
    pool.str(QStringLiteral("a"));
    pool.str(QStringLiteral("b"));
    pool.str(QStringLiteral("c"));
    const QByteArray full = craftedArsc(pool);
    int parsed = 0;
    for (int n = 0; n <= full.size(); ++n) {
        const auto table = ArscTable::parse(full.left(n));
        if (!table)
            continue;
        ++parsed;
        (void)resolve(table.value(), 0x7f010005, DeviceConfig());
        (void)resolve(table.value(), 0x7f020002, DeviceConfig());
    }
    QVERIFY(parsed > 0);
}

void TestBinaryXml::resolve_referencesChainAndLocales()
{
    FakeResources res;
    res.table[0x7f010001] = {value(TypeReference, 0x7f010002)};
    res.table[0x7f010002] = {value(TypeString, 0, QStringLiteral("Default")),
        value(TypeString, 0, QStringLiteral("Deutsch"), QStringLiteral("de")),
        value(TypeString, 0, QStringLiteral("Canadien"), QStringLiteral("fr"), QStringLiteral("CA"))};
    const auto d = resolve(res, 0x7f010001, DeviceConfig());
    QVERIFY(d);
    QCOMPARE(d->string, QStringLiteral("Default"));
    QCOMPARE(
        resolve(res, 0x7f010001, DeviceConfig::forLocale(QStringLiteral("de")))->string, QStringLiteral("Deutsch"));
    QCOMPARE(
        resolve(res, 0x7f010001, DeviceConfig::forLocale(QStringLiteral("fr-CA")))->string, QStringLiteral("Canadien"));
    // fr-FR does not match fr-CA: the default applies.
    QCOMPARE(
        resolve(res, 0x7f010001, DeviceConfig::forLocale(QStringLiteral("fr-FR")))->string, QStringLiteral("Default"));
}

void TestBinaryXml::resolve_referenceCycle_endsUnresolved()
{
    FakeResources res;
    res.table[0x7f010001] = {value(TypeReference, 0x7f010002)};
    res.table[0x7f010002] = {value(TypeReference, 0x7f010001)};
    res.table[0x7f010003] = {value(TypeReference, 0x7f010003)};
    QVERIFY(!resolve(res, 0x7f010001, DeviceConfig()));
    QVERIFY(!resolve(res, 0x7f010003, DeviceConfig()));
    QVERIFY(!resolve(res, 0x7f0100ff, DeviceConfig())); // does not exist
    QVERIFY(allValues(res, 0x7f010001).isEmpty());
}

void TestBinaryXml::resolve_densityPicksAaptBucket()
{
    FakeResources res;
    res.table[0x7f020001] = {value(TypeString, 0, QStringLiteral("mdpi.png"), {}, {}, 160),
        value(TypeString, 0, QStringLiteral("xhdpi.png"), {}, {}, 320)};
    DeviceConfig d;
    d.density = 480; // no xxhdpi: the densest available
    QCOMPARE(resolve(res, 0x7f020001, d)->string, QStringLiteral("xhdpi.png"));
    d.density = 120; // ldpi: scale the nearest higher bucket down
    QCOMPARE(resolve(res, 0x7f020001, d)->string, QStringLiteral("mdpi.png"));
    d.density = 240; // hdpi: down-scaling xhdpi beats up-scaling mdpi
    QCOMPARE(resolve(res, 0x7f020001, d)->string, QStringLiteral("xhdpi.png"));
}

void TestBinaryXml::proto_malformedInput_stopsWithError()
{
    // Field 1, length-delimited, claiming 100 bytes with 2 present.
    ProtoReader truncated(QByteArray::fromHex("0a64abcd"));
    QVERIFY(!truncated.next());
    QVERIFY(truncated.error());
    // A varint that never ends.
    ProtoReader endless(QByteArray(16, char(0xFF)));
    QVERIFY(!endless.next());
    QVERIFY(endless.error());
    // Field number 0 is invalid.
    ProtoReader zero(QByteArray::fromHex("0001"));
    QVERIFY(!zero.next());
    QVERIFY(zero.error());
    QVERIFY(!parseProtoXml(QByteArray::fromHex("0a64abcd")));
    QVERIFY(!ProtoResourceTable::parse(QByteArray::fromHex("1264")));
}

void TestBinaryXml::proto_manifest_readsCompiledValues()
{
    auto field = [](int number, const QByteArray& payload) -> QByteArray {
        QByteArray out;
        out.append(char((number << 3) | 2));
        out.append(char(payload.size())); // all payloads here are < 128 bytes
        return out + payload;
    };
    auto varintField = [](int number, quint32 v) {
        QByteArray out;
        out.append(char(number << 3));
        while (v >= 0x80) {
            out.append(char((v & 0x7F) | 0x80));
            v >>= 7;
        }
        out.append(char(v));
        return out;
    };
    // <manifest package="com.example.bundle" versionCode=(prim int 7) [name stripped, only resource_id]>
    const QByteArray package = field(2, "package") + field(3, "com.example.bundle");
    const QByteArray prim = varintField(6, 7);
    const QByteArray versionCode = varintField(5, Attr::VersionCode) + field(6, field(7, prim));
    const QByteArray element = field(3, "manifest") + field(4, package) + field(4, versionCode);
    const auto tree = parseProtoXml(field(1, element));
    QVERIFY2(tree, qPrintable(tree.error().message));
    PackageInfo info;
    QVERIFY(readManifest(tree.value(), nullptr, info));
    QCOMPARE(info.packageId, QStringLiteral("com.example.bundle"));
    QCOMPARE(info.versionCode, QStringLiteral("7"));
}

QTEST_GUILESS_MAIN(TestBinaryXml)
#include "tst_binaryxml.moc"
