// Cryptographic signature verification against apksigner: every corpus APK's `signing.verified` equals
// `apksigner verify`'s exit status (recorded in truth/<file>.rc.json by Debian's apksigner 31.0.2, and run live
// as the referee when it is installed), and crafted tamperings are each caught with the right reason.

#include <testutils/testutils.h>

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <package/packageinspector.h>

using namespace Slipway;

namespace {

Result<PackageInfo> inspectFile(const QString& path)
{
    PackageInspector::Options options;
    options.computeHashes = false;
    options.now = QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC);
    return PackageInspector::inspect(path, options);
}

PackageInfo inspect(const QString& path)
{
    const auto result = inspectFile(path);
    return result ? result.value() : PackageInfo();
}

QStringList corpusApks()
{
    QStringList out;
    QFile f(Test::corpusFile(QStringLiteral("expected.jsonl")));
    if (!f.open(QIODevice::ReadOnly))
        return out;
    while (!f.atEnd()) {
        const QJsonObject o = QJsonDocument::fromJson(f.readLine()).object();
        if (o.value(QLatin1String("kind")).toString() == QLatin1String("apk"))
            out.append(o.value(QLatin1String("file")).toString());
    }
    return out;
}

// apksigner's recorded exit status, -1 when the corpus has none.
int recordedApksignerRc(const QString& file)
{
    QFile f(Test::corpusFile(QStringLiteral("truth/") + file + QStringLiteral(".rc.json")));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    return QJsonDocument::fromJson(f.readAll()).object().value(QLatin1String("apksigner_rc")).toInt(-1);
}

// Runs Debian's apksigner on `path`; -1 when it is not installed.
int liveApksignerRc(const QString& path)
{
    const QString tool = QStandardPaths::findExecutable(QStringLiteral("apksigner"));
    if (tool.isEmpty())
        return -1;
    QProcess p;
    p.start(tool, {QStringLiteral("verify"), path});
    if (!p.waitForFinished(120000))
        return -2;
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
}

QString describe(const PackageInfo& info)
{
    QStringList parts;
    for (const SignatureCheck& c : info.signing.checks)
        parts.append(QStringLiteral("%1=%2 (%3)")
                         .arg(c.scheme, c.verified ? QStringLiteral("ok") : QStringLiteral("no"), c.reason));
    return QStringLiteral("verified=%1 reason=%2 checks: %3")
        .arg(info.signing.verified.value_or(false) ? QStringLiteral("true") : QStringLiteral("false"),
            info.signing.verifyReason, parts.join(QStringLiteral("; ")));
}

} // namespace

class TestApkVerify : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void corpus_verdictEqualsApksigner_data();
    void corpus_verdictEqualsApksigner();
    void tampered_isCaught_data();
    void tampered_isCaught();
    void aab_jarSignatureVerified();
    void v3Lineage_reported();
};

void TestApkVerify::corpus_verdictEqualsApksigner_data()
{
    QTest::addColumn<QString>("file");
    if (Test::corpusDir().isEmpty()) {
        QTest::newRow("no-corpus") << QString();
        return;
    }
    for (const QString& f : corpusApks())
        QTest::newRow(qPrintable(f)) << f;
}

void TestApkVerify::corpus_verdictEqualsApksigner()
{
    SLIPWAY_REQUIRE_CORPUS();
    QFETCH(QString, file);
    const int rc = recordedApksignerRc(file);
    if (rc < 0)
        QSKIP("no apksigner exit status recorded for this file");
    const auto result = inspectFile(Test::corpusFile(file));
    if (!result) {
        // Not readable as an APK at all (truncated, no manifest): apksigner refuses it too.
        QVERIFY2(rc != 0, qPrintable(result.error().message));
        return;
    }
    const PackageInfo& info = result.value();
    const bool verified = info.signing.verified.value_or(false);
    QVERIFY2(
        verified == (rc == 0), qPrintable(QStringLiteral("apksigner exit %1, Slipway %2").arg(rc).arg(describe(info))));
    // A signed APK that does not verify carries the error warning; one that verifies does not.
    QCOMPARE(info.hasWarning(QStringLiteral("signature-does-not-verify")), !verified && info.signing.isSigned());
    if (!verified)
        QVERIFY2(!info.signing.verifyReason.isEmpty(), "a failed verification without a reason");
}

void TestApkVerify::tampered_isCaught_data()
{
    QTest::addColumn<QString>("operation");
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<QString>("problem"); // in signing.problems, with or without verification; empty: not checked
    // hn.apk: v2 only, min SDK 30; the com.politedroid APKs: v1 only.
    QTest::newRow("dex byte, v2") << "dex-byte-inplace"
                                  << "hn.apk"
                                  << "content digest does not match" << QString();
    QTest::newRow("dex byte, v1") << "dex-byte-rezip"
                                  << "com.politedroid_6.apk"
                                  << "classes.dex does not match its digest" << QString();
    QTest::newRow("v2 block digest") << "v2-digest"
                                     << "hn.apk"
                                     << "signature over its signed data does not verify" << QString();
    QTest::newRow("manifest digest, v1") << "manifest-digest"
                                         << "com.politedroid_6.apk"
                                         << "the manifest was changed after signing" << QString();
    QTest::newRow("entry added, v1") << "add-entry"
                                     << "com.politedroid_6.apk"
                                     << "assets/added-after-signing.txt has no digest" << QString();
    // The v2 block is no longer next to the central directory, so devices fall back to v1, which misses the entry.
    QTest::newRow("entry added, v1+v2") << "add-entry"
                                        << "debuggable-boolean.apk"
                                        << "assets/added-after-signing.txt has no digest" << QString();
    // A signature block whose .SF is gone: no JAR signature at all, and the block is named as the orphan.
    QTest::newRow("signature file removed, v1") << "sf-removed"
                                                << "com.politedroid_6.apk"
                                                << "there is no JAR signature"
                                                << "META-INF/RELEASE.RSA has no matching .SF file.";
}

void TestApkVerify::tampered_isCaught()
{
    SLIPWAY_REQUIRE_CORPUS();
    QFETCH(QString, operation);
    QFETCH(QString, file);
    QFETCH(QString, reason);
    QFETCH(QString, problem);
    const QString original = Test::corpusFile(file);
    QVERIFY2(inspect(original).signing.verified.value_or(false), "the untouched APK must verify first");

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString tampered = dir.filePath(QStringLiteral("tampered.apk"));
    QProcess python;
    python.start(QStringLiteral("python3"),
        {qEnvironmentVariable("SLIPWAY_SOURCE_DIR") + QStringLiteral("/tests/package/tamper_apk.py"), operation,
            original, tampered});
    QVERIFY(python.waitForFinished(60000));
    QVERIFY2(python.exitCode() == 0, python.readAllStandardError().constData());

    const PackageInfo info = inspect(tampered);
    QVERIFY2(info.signing.verified.has_value(), "the tampered APK was not verified at all");
    QVERIFY2(!*info.signing.verified, qPrintable(describe(info)));
    QVERIFY2(info.signing.verifyReason.contains(reason), qPrintable(describe(info)));
    QVERIFY(
        info.hasWarning(QStringLiteral("signature-does-not-verify")) || info.hasWarning(QStringLiteral("unsigned")));

    // Metadata only (`inspect --no-verify`): the same schemes and certificates, no verdict, and so no warning.
    PackageInspector::Options quick;
    quick.computeHashes = false;
    quick.verifySignatures = false;
    quick.now = QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC);
    const auto unverified = PackageInspector::inspect(tampered, quick);
    QVERIFY2(unverified, qPrintable(unverified.error().toString()));
    QVERIFY(!unverified->signing.verified.has_value());
    QVERIFY(unverified->signing.checks.isEmpty());
    QVERIFY(!unverified->hasWarning(QStringLiteral("signature-does-not-verify")));
    QCOMPARE(unverified->signing.schemes, info.signing.schemes);
    QCOMPARE(unverified->signing.certificates.size(), info.signing.certificates.size());
    QCOMPARE(unverified->packageId, info.packageId);
    if (!problem.isEmpty()) {
        QVERIFY2(info.signing.problems.contains(problem), qPrintable(info.signing.problems.join(QLatin1Char('|'))));
        QVERIFY2(unverified->signing.problems.contains(problem),
            qPrintable(unverified->signing.problems.join(QLatin1Char('|'))));
    }

    // The referee agrees, when it is installed.
    const int rc = liveApksignerRc(tampered);
    if (rc != -1)
        QVERIFY2(rc != 0, "apksigner accepts the tampered APK");
}

void TestApkVerify::aab_jarSignatureVerified()
{
    SLIPWAY_REQUIRE_CORPUS();
    // jarsigner -verify accepts it (truth/bugsnag_app-release.aab.jarsigner).
    const PackageInfo info = inspect(Test::corpusFile(QStringLiteral("bugsnag_app-release.aab")));
    QVERIFY2(info.signing.verified.value_or(false), qPrintable(describe(info)));
    QCOMPARE(info.signing.checks.size(), 1);
    QCOMPARE(info.signing.checks.first().scheme, QStringLiteral("jar"));
    QVERIFY(!info.signing.checks.first().signers.isEmpty());
}

void TestApkVerify::v3Lineage_reported()
{
    SLIPWAY_REQUIRE_CORPUS();
    // apksigner: three certificates in the lineage, the newest signs v3 (truth/...certs).
    const PackageInfo info = inspect(Test::corpusFile(QStringLiteral("v1v2v3-with-rsa-2048-lineage-3-signers.apk")));
    QVERIFY2(info.signing.verified.value_or(false), qPrintable(describe(info)));
    const SignatureCheck* v3 = nullptr;
    for (const SignatureCheck& c : info.signing.checks) {
        if (c.scheme == QLatin1String("v3"))
            v3 = &c;
    }
    QVERIFY(v3);
    QCOMPARE(v3->signers.size(), 1);
    QCOMPARE(v3->signers.first().lineage.size(), 3);
    QCOMPARE(v3->signers.first().lineage.last(), v3->signers.first().certSha256);
    QCOMPARE(v3->signers.first().minSdk, 24); // the signer's own record says 24..
    QCOMPARE(v3->signers.first().maxSdk, 2147483647); // ..every later platform
}

QTEST_GUILESS_MAIN(TestApkVerify)
#include "tst_apkverify.moc"
