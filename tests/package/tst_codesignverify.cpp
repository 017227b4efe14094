// Apple code signatures checked without Apple's tools: the corpus IPAs signed by Xcode verify (CodeResources
// hashes, the executable's CMS signature over its CodeDirectory, the profile's CMS signature, the signer among
// the profile's developer certificates), and a file changed or added inside a corpus IPA's bundle, or its
// Info.plist changed, is caught with the right reason.

#include <testutils/testutils.h>

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <package/packageinspector.h>

using namespace Slipway;

namespace {

PackageInfo inspect(const QString& path)
{
    PackageInspector::Options options;
    options.computeHashes = false;
    options.now = QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC);
    const auto result = PackageInspector::inspect(path, options);
    return result ? result.value() : PackageInfo();
}

const SignatureCheck* check(const PackageInfo& info, const char* scheme)
{
    for (const SignatureCheck& c : info.signing.checks) {
        if (c.scheme == QLatin1String(scheme))
            return &c;
    }
    return nullptr;
}

} // namespace

class TestCodeSignVerify : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void signedIpa_verifies_data();
    void signedIpa_verifies();
    void tamperedIpa_isCaught_data();
    void tamperedIpa_isCaught();
};

void TestCodeSignVerify::signedIpa_verifies_data()
{
    QTest::addColumn<QString>("file");
    for (const char* f : {"UnCrackable-Level1.ipa", "icyleaf_iphone.ipa", "icyleaf_apple-tv.ipa", "pliney-test.ipa"})
        QTest::newRow(f) << QString::fromLatin1(f);
}

void TestCodeSignVerify::signedIpa_verifies()
{
    SLIPWAY_REQUIRE_CORPUS();
    QFETCH(QString, file);
    const PackageInfo info = inspect(Test::corpusFile(file));
    QVERIFY2(info.signing.verified.value_or(false), qPrintable(info.signing.verifyReason));
    for (const char* scheme : {"code-resources", "code-directory", "profile-cms", "profile-certificate"}) {
        const SignatureCheck* c = check(info, scheme);
        QVERIFY2(c && c->verified, scheme);
    }
    // What cannot be checked here is said.
    QVERIFY(check(info, "code-directory")->reason.contains(QLatin1String("not checked")));
    QVERIFY(!info.hasWarning(QStringLiteral("signature-does-not-verify")));
}

void TestCodeSignVerify::tamperedIpa_isCaught_data()
{
    QTest::addColumn<QString>("operation");
    QTest::addColumn<QString>("reason");
    QTest::newRow("resource changed")
        << "ipa-file"
        << "was changed after signing (its hash does not match _CodeSignature/CodeResources)";
    QTest::newRow("file added") << "ipa-add"
                                << "added-after-signing.txt was added to the bundle after signing";
    QTest::newRow("Info.plist changed") << "ipa-plist"
                                        << "Info.plist was changed after signing";
}

void TestCodeSignVerify::tamperedIpa_isCaught()
{
    SLIPWAY_REQUIRE_CORPUS();
    QFETCH(QString, operation);
    QFETCH(QString, reason);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString tampered = dir.filePath(QStringLiteral("tampered.ipa"));
    QProcess python;
    python.start(QStringLiteral("python3"),
        {qEnvironmentVariable("SLIPWAY_SOURCE_DIR") + QStringLiteral("/tests/package/tamper_apk.py"), operation,
            Test::corpusFile(QStringLiteral("UnCrackable-Level1.ipa")), tampered});
    QVERIFY(python.waitForFinished(60000));
    QVERIFY2(python.exitCode() == 0, python.readAllStandardError().constData());

    const PackageInfo info = inspect(tampered);
    QVERIFY2(info.signing.verified.has_value(), "the tampered IPA was not verified at all");
    QVERIFY(!*info.signing.verified);
    QVERIFY2(info.signing.verifyReason.contains(reason), qPrintable(info.signing.verifyReason));
    QVERIFY(info.hasWarning(QStringLiteral("signature-does-not-verify")));
}

QTEST_GUILESS_MAIN(TestCodeSignVerify)
#include "tst_codesignverify.moc"
