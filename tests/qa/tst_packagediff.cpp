// Comparing two builds (issue 13): PackageDiff on corpus pairs of the same app agrees with what the reference
// tools say about each side (aapt dump badging: package, versions, SDKs, declared permissions, native code;
// apksigner verify --print-certs: the signer certificates), and two copies of one file give no changes.
#include <testutils/testutils.h>

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>
#include <package/packagediff.h>
#include <qa/comparejob.h>

using namespace Slipway;
using namespace Slipway::Test;

namespace {

// What aapt and apksigner report for one APK of the corpus (truth/<file>.badging, truth/<file>.certs).
struct Reference
{
    QString versionCode;
    QString versionName;
    QString minSdk;
    QString targetSdk;
    QStringList permissions; // declared: uses-permission minus those aapt only implies
    QStringList abis;
    QStringList signers; // certificate SHA-256 per signer
};

QString readTruth(const QString& name)
{
    QFile f(corpusDir() + QStringLiteral("/truth/") + name);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(f.readAll());
}

Reference reference(const QString& apk)
{
    Reference r;
    const QString badging = readTruth(apk + QStringLiteral(".badging"));
    auto one = [&](const QString& pattern) {
        const auto m = QRegularExpression(pattern, QRegularExpression::MultilineOption).match(badging);
        return m.hasMatch() ? m.captured(1) : QString();
    };
    r.versionCode = one(QStringLiteral("^package: .*versionCode='([^']*)'"));
    r.versionName = one(QStringLiteral("^package: .*versionName='([^']*)'"));
    r.minSdk = one(QStringLiteral("^sdkVersion:'([^']*)'"));
    r.targetSdk = one(QStringLiteral("^targetSdkVersion:'([^']*)'"));
    QSet<QString> implied;
    auto it = QRegularExpression(
        QStringLiteral("^uses-implied-permission: name='([^']*)'"), QRegularExpression::MultilineOption)
                  .globalMatch(badging);
    while (it.hasNext())
        implied.insert(it.next().captured(1));
    it = QRegularExpression(QStringLiteral("^uses-permission: name='([^']*)'"), QRegularExpression::MultilineOption)
             .globalMatch(badging);
    while (it.hasNext()) {
        const QString p = it.next().captured(1);
        if (!implied.contains(p) && !r.permissions.contains(p))
            r.permissions << p;
    }
    const QString abis = one(QStringLiteral("^native-code: (.*)$"));
    for (const QString& a : abis.split(QLatin1Char(' '), Qt::SkipEmptyParts))
        r.abis << QString(a).remove(QLatin1Char('\''));
    QString certs = readTruth(apk + QStringLiteral(".certs"));
    if (!certs.contains(QLatin1String("certificate SHA-256")))
        certs = readTruth(apk + QStringLiteral(".certs-minsdk24")); // apksigner refuses some below API 24
    it = QRegularExpression(
        QStringLiteral("^Signer #\\d+ certificate SHA-256 digest: ([0-9a-f]+)"), QRegularExpression::MultilineOption)
             .globalMatch(certs);
    while (it.hasNext())
        r.signers << it.next().captured(1);
    return r;
}

QStringList strings(const QJsonValue& v)
{
    QStringList out;
    for (const QJsonValue& e : v.toArray())
        out << e.toString();
    return out;
}

QStringList minus(const QStringList& a, const QStringList& b)
{
    QStringList out;
    for (const QString& s : a)
        if (!b.contains(s))
            out << s;
    out.sort();
    return out;
}

QJsonObject changeOf(const QJsonObject& diff, const QString& field)
{
    for (const QJsonValue& c : diff.value(QLatin1String("changes")).toArray()) {
        if (c.toObject().value(QLatin1String("field")).toString() == field)
            return c.toObject();
    }
    return {};
}

QString text(const QJsonValue& v)
{
    return v.isDouble() ? QString::number(qint64(v.toDouble())) : v.toString();
}

} // namespace

class TestPackageDiff : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void agreesWithTools_data()
    {
        QTest::addColumn<QString>("before");
        QTest::addColumn<QString>("after");
        QTest::newRow("politedroid 3 -> 4") << "com.politedroid_3.apk"
                                            << "com.politedroid_4.apk";
        QTest::newRow("politedroid 4 -> 6") << "com.politedroid_4.apk"
                                            << "com.politedroid_6.apk";
        QTest::newRow("politedroid 6 -> 3") << "com.politedroid_6.apk"
                                            << "com.politedroid_3.apk";
        QTest::newRow("mirrormirror 1 -> 4") << "org.bitbucket.tickytacky.mirrormirror_1.apk"
                                             << "org.bitbucket.tickytacky.mirrormirror_4.apk";
        QTest::newRow("signed v2 -> v1v2v3") << "golden-aligned-v2-out.apk"
                                             << "golden-aligned-v1v2v3-out.apk";
        QTest::newRow("signed v1v2v3 -> lineage") << "golden-aligned-v1v2v3-out.apk"
                                                  << "golden-aligned-v1v2v3-lineage-out.apk";
    }
    void agreesWithTools()
    {
        SLIPWAY_REQUIRE_CORPUS();
        QFETCH(QString, before);
        QFETCH(QString, after);
        const Reference ra = reference(before);
        const Reference rb = reference(after);
        QVERIFY2(!ra.versionCode.isEmpty() && !rb.versionCode.isEmpty(), "the aapt reports are missing");

        auto diff = CompareJob::compareFiles(corpusFile(before), corpusFile(after));
        QVERIFY2(diff, qPrintable(diff ? QString() : diff.error().message));
        const QJsonObject d = diff.value();

        // Each side as aapt reports it.
        QCOMPARE(text(d.value("a").toObject().value("versionCode")), ra.versionCode);
        QCOMPARE(text(d.value("b").toObject().value("versionCode")), rb.versionCode);
        QCOMPARE(d.value("a").toObject().value("versionName").toString(), ra.versionName);
        QCOMPARE(d.value("b").toObject().value("versionName").toString(), rb.versionName);

        // A field is listed as changed exactly when the tools report different values, with both values.
        const QList<std::tuple<QString, QString, QString>> fields {
            {QStringLiteral("versionCode"), ra.versionCode, rb.versionCode},
            {QStringLiteral("versionName"), ra.versionName, rb.versionName},
            {QStringLiteral("minSdk"), ra.minSdk, rb.minSdk}};
        for (const auto& [field, x, y] : fields) {
            const QJsonObject c = changeOf(d, field);
            QCOMPARE(c.isEmpty(), x == y);
            if (x != y) {
                QCOMPARE(text(c.value("before")), x);
                QCOMPARE(text(c.value("after")), y);
            }
        }
        // targetSdk: aapt prints no targetSdkVersion line when the manifest has none.
        if (!ra.targetSdk.isEmpty() && !rb.targetSdk.isEmpty())
            QCOMPARE(changeOf(d, QStringLiteral("targetSdk")).isEmpty(), ra.targetSdk == rb.targetSdk);

        const QJsonObject permissions = d.value("permissions").toObject();
        QCOMPARE(strings(permissions.value("added")), minus(rb.permissions, ra.permissions));
        QCOMPARE(strings(permissions.value("removed")), minus(ra.permissions, rb.permissions));
        const QJsonObject abis = d.value("abis").toObject();
        QCOMPARE(strings(abis.value("added")), minus(rb.abis, ra.abis));
        QCOMPARE(strings(abis.value("removed")), minus(ra.abis, rb.abis));

        // Signing: the signer certificates apksigner prints for each side, and "changed" exactly when they differ.
        const QJsonObject signing = d.value("signing").toObject();
        const QStringList sa = strings(signing.value("before"));
        const QStringList sb = strings(signing.value("after"));
        for (const QString& s : ra.signers)
            QVERIFY2(sa.contains(s), qPrintable(s + " (apksigner, before) is missing"));
        for (const QString& s : rb.signers)
            QVERIFY2(sb.contains(s), qPrintable(s + " (apksigner, after) is missing"));
        if (!ra.signers.isEmpty() && !rb.signers.isEmpty()) {
            QCOMPARE(signing.value("changed").toBool(),
                QSet<QString>(ra.signers.begin(), ra.signers.end())
                    != QSet<QString>(rb.signers.begin(), rb.signers.end()));
        }

        // Size: the files' sizes and their delta; the kinds add up to the bytes in the archive.
        const QJsonObject size = d.value("size").toObject();
        QCOMPARE(size.value("before").toInteger(), QFileInfo(corpusFile(before)).size());
        QCOMPARE(size.value("after").toInteger(), QFileInfo(corpusFile(after)).size());
        QCOMPARE(size.value("delta").toInteger(),
            QFileInfo(corpusFile(after)).size() - QFileInfo(corpusFile(before)).size());
        const QJsonObject byKind = size.value("byKind").toObject();
        QVERIFY(byKind.contains("code"));
        qint64 sum = 0;
        for (const QJsonValue& k : byKind)
            sum += k.toObject().value("after").toInteger();
        QVERIFY(sum > 0 && sum <= QFileInfo(corpusFile(after)).size());
        QCOMPARE(d.value("identical").toBool(), false);
    }

    void identicalFilesGiveNoChanges()
    {
        SLIPWAY_REQUIRE_CORPUS();
        QTemporaryDir tmp;
        const QString copy = tmp.filePath(QStringLiteral("copy.apk"));
        QVERIFY(QFile::copy(corpusFile(QStringLiteral("com.politedroid_4.apk")), copy));
        auto diff = CompareJob::compareFiles(corpusFile(QStringLiteral("com.politedroid_4.apk")), copy);
        QVERIFY(diff);
        const QJsonObject d = diff.value();
        QVERIFY(d.value("changes").toArray().isEmpty());
        QVERIFY(strings(d.value("permissions").toObject().value("added")).isEmpty());
        QVERIFY(strings(d.value("permissions").toObject().value("removed")).isEmpty());
        QCOMPARE(d.value("signing").toObject().value("changed").toBool(), false);
        QCOMPARE(d.value("signing").toObject().value("status").toString(), QStringLiteral("same"));
        QCOMPARE(d.value("size").toObject().value("delta").toInteger(), 0);
        QCOMPARE(d.value("identical").toBool(), true);
    }

    // The JSON shape the CLI prints (`diff A B --json`, the form).
    void cliJsonShape()
    {
        SLIPWAY_REQUIRE_CORPUS();
        QTemporaryDir home;
        const CliRun run = runCli({QStringLiteral("diff"), corpusFile(QStringLiteral("com.politedroid_3.apk")),
                                      corpusFile(QStringLiteral("com.politedroid_6.apk")), QStringLiteral("--json")},
            cliEnvironment(home.path()));
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject d = QJsonDocument::fromJson(run.out).object();
        for (const char* key : {"a", "b", "changes", "permissions", "abis", "signing", "size"})
            QVERIFY2(d.contains(QLatin1String(key)), key);
        for (const QJsonValue& c : d.value("changes").toArray()) {
            QVERIFY(c.toObject().contains("field"));
            QVERIFY(c.toObject().contains("before"));
            QVERIFY(c.toObject().contains("after"));
        }
        QVERIFY(d.value("permissions").toObject().contains("added"));
        QVERIFY(d.value("abis").toObject().contains("removed"));
        QVERIFY(d.value("signing").toObject().value("before").isArray());
        for (const char* key : {"before", "after", "delta", "byKind"})
            QVERIFY2(d.value("size").toObject().contains(QLatin1String(key)), key);
        QCOMPARE(text(changeOf(d, QStringLiteral("versionCode")).value("after")), QStringLiteral("6"));

        // A side that is neither a file nor ACCOUNT/APP/VERSION-ID is "not found" (exit 6).
        const CliRun bad = runCli({QStringLiteral("diff"), QStringLiteral("nothing-here.apk"),
                                      corpusFile(QStringLiteral("com.politedroid_6.apk"))},
            cliEnvironment(home.path()));
        QCOMPARE(bad.exitCode, 6);
        QVERIFY(bad.err.contains("neither a package file"));
    }
};

QTEST_GUILESS_MAIN(TestPackageDiff)
#include "tst_packagediff.moc"
