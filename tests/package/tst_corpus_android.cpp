// Agreement with the reference tools (aapt, apksigner, keytool, protoc) on every Android package of the
// shared corpus: each `apk`/`aab`/`obb` record of expected.jsonl is inspected and compared field by field.
// Every remaining difference is listed in kKnownDifferences with the reason; an unexplained mismatch fails,
// and so does an explained one that no longer happens (keep the table honest).

#include <testutils/testutils.h>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <package/packageinspector.h>

using namespace Slipway;

namespace {

struct KnownDifference
{
    const char* file;
    const char* field;
    const char* reason;
};

// clang-format off
const KnownDifference kKnownDifferences[] = {
    {"lineageos_nexus5_framework-res.apk", "labels",
     "sq-AL: aapt prints the string with its quotes backslash-escaped (Sistemi \\\"android\\\"); Slipway "
     "shows the string itself (Sistemi \"android\")"},
    {"v3-only-with-rsa-pkcs1-sha512-8192-digest-mismatch.apk", "label",
     "resources.arsc's local header name differs from its central directory name: aapt (libziparchive) cannot "
     "open it and reports an unresolvable reference; libzip reads entries by the central directory, so Slipway "
     "resolves the label"},
    {"library.apk", "launchableActivity",
     "Debian's aapt 10 stops at the preview-SDK icon attribute before printing launchable-activity "
     "(aaptPartial); Slipway reads the whole manifest"},
};
// clang-format on

QString text(const QJsonValue& v)
{
    if (v.isNull() || v.isUndefined())
        return QString();
    if (v.isDouble())
        return QString::number(qint64(v.toDouble()));
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return v.toString();
}

QStringList textList(const QJsonValue& v)
{
    QStringList out;
    for (const QJsonValue& item : v.toArray())
        out.append(text(item));
    return out;
}

QStringList sorted(QStringList l)
{
    l.sort();
    return l;
}

bool isRaster(const QString& path)
{
    return path.endsWith(QLatin1String(".png")) || path.endsWith(QLatin1String(".webp"))
        || path.endsWith(QLatin1String(".jpg"));
}

QList<QJsonObject> androidRecords()
{
    QList<QJsonObject> out;
    QFile f(Test::corpusFile(QStringLiteral("expected.jsonl")));
    if (!f.open(QIODevice::ReadOnly))
        return out;
    while (!f.atEnd()) {
        const QByteArray line = f.readLine().trimmed();
        if (line.isEmpty())
            continue;
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        const QString kind = o.value(QLatin1String("kind")).toString();
        if (kind == QLatin1String("apk") || kind == QLatin1String("aab") || kind == QLatin1String("obb"))
            out.append(o);
    }
    return out;
}

struct Mismatch
{
    QString field;
    QString expected;
    QString actual;
};

class Comparer
{
public:
    QList<Mismatch> mismatches;

    void check(const QString& field, const QString& expected, const QString& actual)
    {
        if (expected != actual)
            mismatches.append({field, expected, actual});
    }
    void check(const QString& field, const QStringList& expected, const QStringList& actual)
    {
        check(field, expected.join(QLatin1Char(',')), actual.join(QLatin1Char(',')));
    }
};

QList<Mismatch> compare(const QJsonObject& e, const PackageInfo& info)
{
    Comparer c;
    const QString kind = e.value(QLatin1String("kind")).toString();
    c.check(QStringLiteral("kind"), kind, packageKindName(info.kind));
    c.check(QStringLiteral("packageId"), text(e.value(QLatin1String("packageId"))), info.packageId);
    c.check(QStringLiteral("versionCode"), text(e.value(QLatin1String("versionCode"))), info.versionCode);
    if (kind == QLatin1String("obb")) {
        c.check(QStringLiteral("obbType"), text(e.value(QLatin1String("obbType"))), info.obbType);
        return c.mismatches;
    }
    c.check(QStringLiteral("versionName"), text(e.value(QLatin1String("versionName"))), info.versionName);
    c.check(QStringLiteral("minSdk"), text(e.value(QLatin1String("minSdk"))), info.minSdk);
    c.check(QStringLiteral("targetSdk"), text(e.value(QLatin1String("targetSdk"))), info.targetSdk);
    if (e.contains(QLatin1String("maxSdk")))
        c.check(QStringLiteral("maxSdk"), text(e.value(QLatin1String("maxSdk"))), info.maxSdk);
    c.check(QStringLiteral("label"), text(e.value(QLatin1String("label"))), info.label);
    if (e.contains(QLatin1String("labels"))) {
        const QJsonObject labels = e.value(QLatin1String("labels")).toObject();
        QStringList expected;
        for (auto it = labels.begin(); it != labels.end(); ++it)
            expected.append(it.key() + QLatin1Char('=') + it.value().toString());
        QStringList actual;
        for (auto it = info.labels.cbegin(); it != info.labels.cend(); ++it) {
            // The AAB ground truth (a protobuf decoder, not aapt) lists only real translations; Slipway lists
            // every locale of the table, as aapt does for APKs.
            if (kind == QLatin1String("aab") && !labels.contains(it.key()) && it.value() == info.label)
                continue;
            actual.append(it.key() + QLatin1Char('=') + it.value());
        }
        c.check(QStringLiteral("labels"), sorted(expected), sorted(actual));
    }
    c.check(QStringLiteral("permissions"), sorted(textList(e.value(QLatin1String("permissions")))),
        sorted(info.permissions));
    c.check(QStringLiteral("abis"), sorted(textList(e.value(QLatin1String("abis")))), sorted(info.abis));
    c.check(QStringLiteral("debuggable"), text(e.value(QLatin1String("debuggable"))),
        info.debuggable.has_value() ? (*info.debuggable ? QStringLiteral("true") : QStringLiteral("false"))
                                    : QString());
    // AAB ground truth keeps the manifest's relative ".Activity" name; Slipway qualifies it as aapt does.
    QString launchable = text(e.value(QLatin1String("launchableActivity")));
    if (launchable.startsWith(QLatin1Char('.')))
        launchable.prepend(info.packageId);
    c.check(QStringLiteral("launchableActivity"), launchable, info.launchableActivity);
    if (e.contains(QLatin1String("modules")))
        c.check(QStringLiteral("modules"), sorted(textList(e.value(QLatin1String("modules")))), sorted(info.modules));

    if (e.contains(QLatin1String("icon"))) {
        c.check(QStringLiteral("icon"), text(e.value(QLatin1String("icon"))), info.iconPath);
    } else if (e.contains(QLatin1String("iconXml"))) {
        // Only an adaptive (XML) icon at aapt's density: Slipway shows the densest raster fallback instead.
        if (info.iconPath != text(e.value(QLatin1String("iconXml"))) && !isRaster(info.iconPath))
            c.check(QStringLiteral("icon"), text(e.value(QLatin1String("iconXml"))), info.iconPath);
    }
    if (e.contains(QLatin1String("iconsByDensity"))) {
        const QJsonObject d = e.value(QLatin1String("iconsByDensity")).toObject();
        QStringList expected;
        for (auto it = d.begin(); it != d.end(); ++it)
            expected.append(it.key() + QLatin1Char('=') + it.value().toString());
        QStringList actual;
        for (auto it = info.iconsByDensity.cbegin(); it != info.iconsByDensity.cend(); ++it)
            actual.append(QString::number(it.key()) + QLatin1Char('=') + it.value());
        c.check(QStringLiteral("iconsByDensity"), sorted(expected), sorted(actual));
    }

    const QJsonObject signing = e.value(QLatin1String("signing")).toObject();
    QStringList schemes = textList(signing.value(QLatin1String("schemesPresent")));
    schemes.replaceInStrings(QStringLiteral("v1(jar)"), QStringLiteral("jar"));
    c.check(QStringLiteral("signing.schemes"), schemes, info.signing.schemes);
    const QStringList certs = textList(signing.value(QLatin1String("certSha256")));
    QStringList actualCerts;
    for (int i = 0; i < info.signing.certificates.size() && i < certs.size(); ++i)
        actualCerts.append(info.signing.certificates.at(i).sha256);
    c.check(QStringLiteral("signing.certSha256"), certs, actualCerts);
    const QStringList dns = textList(signing.value(QLatin1String("certDN")));
    QStringList actualDns;
    for (int i = 0; i < info.signing.certificates.size() && i < dns.size(); ++i)
        actualDns.append(info.signing.certificates.at(i).subject);
    c.check(QStringLiteral("signing.certDN"), dns, actualDns);

    // Release warnings the reference tools imply, by Slipway's codes.
    const QStringList warnings = textList(e.value(QLatin1String("warnings")));
    auto expectWarning = [&](const char* theirs, const char* ours) {
        const bool expected = warnings.contains(QLatin1String(theirs));
        c.check(QStringLiteral("warning:") + QLatin1String(ours), expected ? QStringLiteral("present") : QString(),
            info.hasWarning(QLatin1String(ours)) ? QStringLiteral("present") : QString());
    };
    expectWarning("debuggable", "debuggable");
    expectWarning("unsigned", "unsigned");
    // apksigner only says "valid for API 24+" when the v2/v3 signature verifies; a structural reader
    // warns about the missing v1 signature either way.
    const bool api24 = warnings.contains(QLatin1String("signature-valid-only-for-api24+"));
    const bool v1Missing = info.hasWarning(QStringLiteral("v1-signature-missing"));
    if (api24 != v1Missing && !(v1Missing && warnings.contains(QLatin1String("signature-does-not-verify"))))
        c.check(QStringLiteral("warning:v1-signature-missing"), api24 ? QStringLiteral("present") : QString(),
            v1Missing ? QStringLiteral("present") : QString());
    return c.mismatches;
}

} // namespace

class TestCorpusAndroid : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void inspect_matchesReferenceTools_data();
    void inspect_matchesReferenceTools();
    void knownDifferences_allStillHappen();

private:
    QSet<QString> m_usedKnown;
};

void TestCorpusAndroid::inspect_matchesReferenceTools_data()
{
    QTest::addColumn<QJsonObject>("record");
    if (Test::corpusDir().isEmpty()) {
        QTest::newRow("no-corpus") << QJsonObject();
        return;
    }
    const QList<QJsonObject> records = androidRecords();
    for (const QJsonObject& r : records)
        QTest::newRow(qPrintable(r.value(QLatin1String("file")).toString())) << r;
}

void TestCorpusAndroid::inspect_matchesReferenceTools()
{
    SLIPWAY_REQUIRE_CORPUS();
    QFETCH(QJsonObject, record);
    const QString file = record.value(QLatin1String("file")).toString();
    PackageInspector::Options options;
    options.computeHashes = false;
    options.now = QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC);
    const auto result = PackageInspector::inspect(Test::corpusFile(file), options);

    if (!record.value(QLatin1String("valid")).toBool(true)) {
        // The reference tools reject it: Slipway must fail with a clear error, or recognise it is not a
        // readable app package and say so with an error-severity warning.
        if (!result) {
            QVERIFY2(!result.error().message.isEmpty(), "an error without a message");
            return;
        }
        const PackageInfo& info = result.value();
        bool hasError = false;
        for (const PackageWarning& w : info.warnings)
            hasError = hasError || w.severity == PackageWarning::Severity::Error
                || w.code == QLatin1String("not-an-app-package");
        QVERIFY2(hasError,
            qPrintable(QStringLiteral("%1 is rejected by the reference tools but inspected without an "
                                      "error or error warning (kind %2)")
                           .arg(file, packageKindName(info.kind))));
        return;
    }
    QVERIFY2(result, qPrintable(file + QStringLiteral(": ") + result.error().message));

    QStringList unexplained;
    for (const Mismatch& m : compare(record, result.value())) {
        bool known = false;
        for (const KnownDifference& k : kKnownDifferences) {
            if (file == QLatin1String(k.file) && m.field == QLatin1String(k.field)) {
                known = true;
                m_usedKnown.insert(file + QLatin1Char('|') + m.field);
            }
        }
        if (!known)
            unexplained.append(QStringLiteral("%1: expected '%2', got '%3'").arg(m.field, m.expected, m.actual));
    }
    QVERIFY2(
        unexplained.isEmpty(), qPrintable(file + QStringLiteral(":\n  ") + unexplained.join(QStringLiteral("\n  "))));
}

void TestCorpusAndroid::knownDifferences_allStillHappen()
{
    SLIPWAY_REQUIRE_CORPUS();
    QStringList stale;
    for (const KnownDifference& k : kKnownDifferences) {
        const QString key = QLatin1String(k.file) + QLatin1Char('|') + QLatin1String(k.field);
        if (!m_usedKnown.contains(key))
            stale.append(key);
    }
    QVERIFY2(stale.isEmpty(),
        qPrintable(QStringLiteral("known differences that no longer happen: ") + stale.join(QStringLiteral(", "))));
}

QTEST_GUILESS_MAIN(TestCorpusAndroid)
#include "tst_corpus_android.moc"
