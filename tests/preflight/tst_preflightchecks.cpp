// The preflight checks on real packages from the corpus, with the live state given (no server): version codes,
// App Store Connect's version trains, signing and rotation lineages, provisioning, limits, package warnings.
#include "signedvariants.h"

#include <testutils/testutils.h>

#include <QFileInfo>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>
#include <package/packageinspector.h>
#include <preflight/preflightchecks.h>
#include <providers/providerregistry.h>

using namespace Slipway;
using namespace Slipway::Test;
using St = PreflightCheck::Status;

namespace {

PackageInfo inspect(const QString& name, const QDateTime& now = {})
{
    InspectOptions options;
    options.computeHashes = false;
    options.now = now;
    auto info = PackageInspector::inspect(QFileInfo(name).isAbsolute() ? name : corpusFile(name), options);
    if (!info)
        qFatal("%s cannot be inspected: %s", qPrintable(name), qPrintable(info.error().message));
    return info.value();
}

PreflightInput input(const QString& serviceId, const PackageInfo& package, const QString& account = {})
{
    PreflightInput in;
    in.service = *ProviderRegistry::service(serviceId);
    in.account.name = account.isEmpty() ? serviceId + QStringLiteral("-test") : account;
    in.account.service = serviceId;
    in.target.account = in.account.name;
    in.target.production = in.account.isProduction(&in.service);
    in.primary = package;
    in.versionCode = package.versionCode;
    in.versionName = package.versionName;
    in.destination = in.account.name + QLatin1Char('/') + package.packageId;
    in.now = QDateTime::currentDateTimeUtc();
    in.appsListed = true;
    in.versionsListed = true;
    return in;
}

VersionInfo version(const QString& code, const QString& name = QStringLiteral("1.0"), const QString& label = {})
{
    VersionInfo v;
    v.id = QStringLiteral("v") + code;
    v.versionCode = code;
    v.versionName = name;
    v.label = label;
    v.created = QDateTime(QDate(2026, 11, 2), QTime(10, 0), Qt::UTC);
    return v;
}

VersionInfo ascBuild(const QString& number, const QString& train, const QString& platform = QStringLiteral("IOS"))
{
    VersionInfo v = version(number, train);
    v.extra.insert(QStringLiteral("type"), QStringLiteral("build"));
    v.extra.insert(QStringLiteral("platform"), platform);
    return v;
}

VersionInfo ascVersion(const QString& versionString, const QString& state)
{
    VersionInfo v = version(QString(), versionString);
    v.state = state;
    v.extra.insert(QStringLiteral("type"), QStringLiteral("appStoreVersion"));
    v.extra.insert(QStringLiteral("platform"), QStringLiteral("IOS"));
    return v;
}

// The one finding with this id; fails the test when there is none.
PreflightCheck only(const QList<PreflightCheck>& checks, const QString& id)
{
    PreflightCheck found;
    int n = 0;
    for (const PreflightCheck& c : checks) {
        if (c.check == id) {
            found = c;
            ++n;
        }
    }
    if (n != 1) {
        QStringList ids;
        for (const PreflightCheck& c : checks)
            ids.append(c.check + QLatin1Char('=') + PreflightCheck::statusName(c.status));
        qWarning("expected one %s among: %s", qPrintable(id), qPrintable(ids.join(QStringLiteral(", "))));
    }
    return found;
}

} // namespace

class TestPreflightChecks : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void compareCodes_data();
    void compareCodes();
    void json_roundTripsAndNamesStatuses();
    void existingCode_blocksNamingVersionAndDate();
    void lowerCode_warns_orBlocksWhereServiceForbids();
    void newCode_passes();
    void label_makesSeparateVersionWhereServiceAllows();
    void versionName_onlyServices_warnOnAnExistingName();
    void appStoreTrain_buildNumberExistsInTrain_blocks();
    void appStoreTrain_sameNumberInOtherTrain_passes();
    void appStoreTrain_lowerInTrain_blocks();
    void appStoreTrain_closedTrainAndLowerVersionString_block();
    void apkToAppStoreConnect_blocksOnPlatform();
    void packageId_mismatch_blocksWithBothIds();
    void missingApp_blocksUnlessServiceCreatesIt();
    void signerChange_blocks_rotationLineagePasses();
    void signerChange_apksignerRotation_lineageMustCoverOldCertificate();
    void signerChange_previousUnknown_saysNotChecked();
    void debugBuild_blocksProduction_warnsElsewhere();
    void unsigned_blocks();
    void expiredProfile_blocksAppStoreConnect_warnsElsewhere();
    void expiringProfile_warnsWithinSetting();
    void developmentProfile_blocksAppStoreConnect();
    void notes_overLimitWarns_requiredBlocks();
    void requiredPublishField_blocks();
    void credentials_rejectedBlock_longTransferWarns();
    void liveStateUnreadable_warns();
    void productionFlag_defaultsPerService();
};

void TestPreflightChecks::initTestCase()
{
    SLIPWAY_REQUIRE_CORPUS();
    QVERIFY(ProviderRegistry::service(QStringLiteral("appstoreconnect")));
}

void TestPreflightChecks::compareCodes_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<int>("expected");
    QTest::newRow("numeric") << "9"
                             << "10" << -1;
    QTest::newRow("equal") << "42"
                           << "42" << 0;
    QTest::newRow("dotted") << "1.2.10"
                            << "1.2.9" << 1;
    QTest::newRow("trailing zero") << "1.2"
                                   << "1.2.0" << 0;
    QTest::newRow("huge") << "2100000000"
                          << "999" << 1;
}

void TestPreflightChecks::compareCodes()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(int, expected);
    QCOMPARE(PreflightChecks::compareCodes(a, b), expected);
}

void TestPreflightChecks::json_roundTripsAndNamesStatuses()
{
    PreflightResult r;
    PreflightCheck c;
    c.destination = QStringLiteral("mxr-prod/com.example");
    c.check = QStringLiteral("version-exists");
    c.status = St::Block;
    c.message = QStringLiteral("m");
    c.fix = QStringLiteral("f");
    r.checks = {c};
    const QJsonArray json = r.toJson();
    QCOMPARE(QJsonDocument(json).toJson(QJsonDocument::Compact),
        QByteArray(R"([{"check":"version-exists","destination":"mxr-prod/com.example","fix":"f","message":"m",)"
                   R"("status":"block"}])"));
    const PreflightResult back = PreflightResult::fromJson(json);
    QCOMPARE(back.checks.size(), 1);
    QCOMPARE(back.checks.first().status, St::Block);
    QVERIFY(back.blocks());
    QVERIFY(back.blocksOnExistingVersion());
}

void TestPreflightChecks::existingCode_blocksNamingVersionAndDate()
{
    PreflightInput in = input(QStringLiteral("hockeyapp"), inspect(QStringLiteral("com.politedroid_4.apk")));
    in.versions = {version(QStringLiteral("3")), version(QStringLiteral("4"), QStringLiteral("1.3"))};
    const PreflightCheck c = only(PreflightChecks::liveState(in), QStringLiteral("version-exists"));
    QCOMPARE(c.status, St::Block);
    QVERIFY2(c.message.contains(QLatin1String("version code 4 (1.3")), qPrintable(c.message));
    QVERIFY2(c.message.contains(QLatin1String("2026-11-02")), qPrintable(c.message));
    QVERIFY(c.message.startsWith(in.destination));
    QVERIFY(!c.fix.isEmpty());
}

void TestPreflightChecks::lowerCode_warns_orBlocksWhereServiceForbids()
{
    PreflightInput in = input(QStringLiteral("hockeyapp"), inspect(QStringLiteral("com.politedroid_4.apk")));
    in.versions = {version(QStringLiteral("6")), version(QStringLiteral("5"))};
    PreflightCheck c = only(PreflightChecks::liveState(in), QStringLiteral("version-lower"));
    QCOMPARE(c.status, St::Warn);
    QVERIFY2(c.message.contains(QLatin1String("version code 6")), qPrintable(c.message));
    QVERIFY(c.message.contains(in.destination));

    in.service.limits.versionCodeMustIncrease = true;
    c = only(PreflightChecks::liveState(in), QStringLiteral("version-lower"));
    QCOMPARE(c.status, St::Block);
}

void TestPreflightChecks::newCode_passes()
{
    PreflightInput in = input(QStringLiteral("hockeyapp"), inspect(QStringLiteral("com.politedroid_4.apk")));
    in.versions = {version(QStringLiteral("3"))};
    const PreflightCheck c = only(PreflightChecks::liveState(in), QStringLiteral("version-exists"));
    QCOMPARE(c.status, St::Pass);
    QVERIFY(c.message.contains(QLatin1String("latest there is 3")));
}

void TestPreflightChecks::label_makesSeparateVersionWhereServiceAllows()
{
    PreflightInput in = input(QStringLiteral("managexr"), inspect(QStringLiteral("com.politedroid_4.apk")));
    in.versions = {version(QStringLiteral("4"), QStringLiteral("1.3"), QStringLiteral("qa"))};
    in.label = QStringLiteral("beta");
    QCOMPARE(only(PreflightChecks::liveState(in), QStringLiteral("version-exists")).status, St::Info);
    in.label = QStringLiteral("QA");
    QCOMPARE(only(PreflightChecks::liveState(in), QStringLiteral("version-exists")).status, St::Block);
    // HockeyApp has no labels: the same code with another label still clashes.
    PreflightInput h = input(QStringLiteral("hockeyapp"), in.primary);
    h.versions = in.versions;
    h.label = QStringLiteral("beta");
    QCOMPARE(only(PreflightChecks::liveState(h), QStringLiteral("version-exists")).status, St::Block);
}

void TestPreflightChecks::versionName_onlyServices_warnOnAnExistingName()
{
    PreflightInput in = input(QStringLiteral("akana"), inspect(QStringLiteral("com.politedroid_4.apk")));
    in.versions = {version(QString(), QStringLiteral("1.3"))};
    in.versionName = QStringLiteral("1.3");
    QCOMPARE(only(PreflightChecks::liveState(in), QStringLiteral("version-exists")).status, St::Warn);
    in.versionName = QStringLiteral("1.4");
    QCOMPARE(only(PreflightChecks::liveState(in), QStringLiteral("version-exists")).status, St::Pass);
}

void TestPreflightChecks::appStoreTrain_buildNumberExistsInTrain_blocks()
{
    const QDateTime valid(QDate(2024, 1, 1), QTime(0, 0), Qt::UTC);
    PreflightInput in
        = input(QStringLiteral("appstoreconnect"), inspect(QStringLiteral("shorebird_app_file_space.ipa"), valid));
    QCOMPARE(in.versionName, QStringLiteral("1.0.0"));
    QCOMPARE(in.versionCode, QStringLiteral("1"));
    in.versions = {ascBuild(QStringLiteral("1"), QStringLiteral("1.0.0"))};
    const PreflightCheck c = only(PreflightChecks::appStoreTrain(in), QStringLiteral("version-exists"));
    QCOMPARE(c.status, St::Block);
    QVERIFY2(c.message.contains(QLatin1String("build 1 in version 1.0.0")), qPrintable(c.message));
    QVERIFY(c.message.contains(QLatin1String("2026-11-02")));
    // The generic check leaves App Store Connect to the train rules.
    QVERIFY(PreflightChecks::liveState(in).isEmpty());
}

void TestPreflightChecks::appStoreTrain_sameNumberInOtherTrain_passes()
{
    PreflightInput in
        = input(QStringLiteral("appstoreconnect"), inspect(QStringLiteral("shorebird_app_file_space.ipa")));
    in.versions = {ascBuild(QStringLiteral("1"), QStringLiteral("0.9.0")),
        ascBuild(QStringLiteral("1"), QStringLiteral("1.0.0"), QStringLiteral("MAC_OS"))};
    const PreflightCheck c = only(PreflightChecks::appStoreTrain(in), QStringLiteral("version-exists"));
    QCOMPARE(c.status, St::Pass);
    QVERIFY(c.message.contains(QLatin1String("0.9.0")));
}

void TestPreflightChecks::appStoreTrain_lowerInTrain_blocks()
{
    PreflightInput in
        = input(QStringLiteral("appstoreconnect"), inspect(QStringLiteral("shorebird_app_file_space.ipa")));
    in.versions = {ascBuild(QStringLiteral("7"), QStringLiteral("1.0.0"))};
    const PreflightCheck c = only(PreflightChecks::appStoreTrain(in), QStringLiteral("version-lower"));
    QCOMPARE(c.status, St::Block);
    QVERIFY(c.fix.contains(QLatin1String("above 7")));
}

void TestPreflightChecks::appStoreTrain_closedTrainAndLowerVersionString_block()
{
    PreflightInput in
        = input(QStringLiteral("appstoreconnect"), inspect(QStringLiteral("shorebird_app_file_space.ipa")));
    in.versions = {ascVersion(QStringLiteral("1.0.0"), QStringLiteral("READY_FOR_DISTRIBUTION"))};
    QCOMPARE(only(PreflightChecks::appStoreTrain(in), QStringLiteral("version-train-closed")).status, St::Block);

    in.versions = {ascVersion(QStringLiteral("1.2.0"), QStringLiteral("READY_FOR_DISTRIBUTION")),
        ascVersion(QStringLiteral("1.3.0"), QStringLiteral("PREPARE_FOR_SUBMISSION"))};
    const PreflightCheck c = only(PreflightChecks::appStoreTrain(in), QStringLiteral("version-string-lower"));
    QCOMPARE(c.status, St::Block);
    QVERIFY(c.message.contains(QLatin1String("1.2.0")));

    // An editable version of the same string is where the build goes: no block.
    in.versions = {ascVersion(QStringLiteral("1.0.0"), QStringLiteral("PREPARE_FOR_SUBMISSION"))};
    for (const PreflightCheck& check : PreflightChecks::appStoreTrain(in))
        QVERIFY2(check.status != St::Block, qPrintable(check.message));
}

void TestPreflightChecks::apkToAppStoreConnect_blocksOnPlatform()
{
    const PreflightInput in
        = input(QStringLiteral("appstoreconnect"), inspect(QStringLiteral("com.politedroid_4.apk")));
    const PreflightCheck c = only(PreflightChecks::platform(in), QStringLiteral("platform"));
    QCOMPARE(c.status, St::Block);
    QVERIFY2(c.message.contains(QLatin1String("Android")) && c.message.contains(QLatin1String("com.politedroid_4.apk")),
        qPrintable(c.message));
    // An IPA fits; a service without a platform list checks nothing.
    QCOMPARE(only(PreflightChecks::platform(input(
                      QStringLiteral("appstoreconnect"), inspect(QStringLiteral("shorebird_app_file_space.ipa")))),
                 QStringLiteral("platform"))
                 .status,
        St::Pass);
    QVERIFY(PreflightChecks::platform(input(QStringLiteral("local"), in.primary)).isEmpty());
}

void TestPreflightChecks::packageId_mismatch_blocksWithBothIds()
{
    PreflightInput in = input(QStringLiteral("hockeyapp"), inspect(QStringLiteral("com.politedroid_4.apk")));
    AppInfo app;
    app.id = QStringLiteral("abc");
    app.name = QStringLiteral("Other");
    app.packageId = QStringLiteral("com.example.other");
    in.app = app;
    PreflightCheck c = only(PreflightChecks::identity(in), QStringLiteral("package-id"));
    QCOMPARE(c.status, St::Block);
    QVERIFY(
        c.message.contains(QLatin1String("com.example.other")) && c.message.contains(QLatin1String("com.politedroid")));
    app.packageId = QStringLiteral("com.politedroid");
    in.app = app;
    QCOMPARE(only(PreflightChecks::identity(in), QStringLiteral("package-id")).status, St::Pass);
}

void TestPreflightChecks::missingApp_blocksUnlessServiceCreatesIt()
{
    PreflightInput in
        = input(QStringLiteral("appstoreconnect"), inspect(QStringLiteral("shorebird_app_file_space.ipa")));
    QCOMPARE(only(PreflightChecks::identity(in), QStringLiteral("app-missing")).status, St::Block);
    in.canCreateApp = true;
    QCOMPARE(only(PreflightChecks::identity(in), QStringLiteral("app-new")).status, St::Info);
    in.target.appId = in.primary.packageId; // named by its package id: created like an unnamed one
    QCOMPARE(only(PreflightChecks::identity(in), QStringLiteral("app-new")).status, St::Info);
    in.target.appId = QStringLiteral("12345");
    QCOMPARE(only(PreflightChecks::identity(in), QStringLiteral("app-missing")).status, St::Block);
}

void TestPreflightChecks::signerChange_blocks_rotationLineagePasses()
{
    // The previous version (stored in the Local library with its inspection) is the AOSP golden APK signed by
    // rsa-2048; apksigner's reports in the corpus name the signers.
    const PackageInfo previous = inspect(QStringLiteral("golden-aligned-v1v2v3-out.apk"));
    QCOMPARE(previous.signing.certificates.first().subject, QStringLiteral("CN=rsa-2048"));
    VersionInfo stored = version(previous.versionCode);
    stored.extra.insert(QStringLiteral("inspection"), previous.toJson().toVariantMap());

    // Same signer: pass.
    PreflightInput in = input(QStringLiteral("local"), previous, QStringLiteral("local"));
    in.versionCode = QStringLiteral("11");
    in.versions = {stored};
    QCOMPARE(only(PreflightChecks::signing(in), QStringLiteral("signer-changed")).status, St::Pass);

    // Another key (EC P-256, v3 only, same app): devices refuse the update.
    in.primary = inspect(QStringLiteral("v3-only-with-ecdsa-sha256-p256.apk"));
    QCOMPARE(in.primary.packageId, previous.packageId);
    PreflightCheck c = only(PreflightChecks::signing(in), QStringLiteral("signer-changed"));
    QCOMPARE(c.status, St::Block);
    QVERIFY2(c.message.contains(QLatin1String("CN=rsa-2048")), qPrintable(c.message));
    QVERIFY(c.message.contains(previous.signing.certificates.first().sha256.left(16)));

    // Rotated to rsa-2048_2 with a lineage from rsa-2048: pass, saying so.
    in.primary = inspect(QStringLiteral("golden-aligned-v1v2v3-lineage-out.apk"));
    QCOMPARE(in.primary.signing.certificates.first().subject, QStringLiteral("CN=rsa-2048_2"));
    c = only(PreflightChecks::signing(in), QStringLiteral("signer-changed"));
    QCOMPARE(c.status, St::Pass);
    QVERIFY2(c.message.contains(QLatin1String("lineage")), qPrintable(c.message));
}

void TestPreflightChecks::signerChange_apksignerRotation_lineageMustCoverOldCertificate()
{
    // A real rotated pair made here with apksigner (rotate, then sign --lineage ... --next-signer).
    QTemporaryDir dir;
    SignedVariants variants;
    SLIPWAY_MAKE_SIGNED_VARIANTS(variants, dir.path());
    const PackageInfo old = inspect(variants.old);
    QCOMPARE(old.signing.certificates.first().sha256, variants.oldSha256);
    VersionInfo stored = version(QStringLiteral("3"));
    stored.extra.insert(QStringLiteral("inspection"), old.toJson().toVariantMap());

    // The v3 lineage of the rotated package (issue 17's verification) names the old certificate first.
    PreflightInput in = input(QStringLiteral("local"), inspect(variants.rotated), QStringLiteral("local"));
    QCOMPARE(in.primary.signing.certificates.first().subject, QStringLiteral("CN=slipway-new"));
    QStringList lineage;
    for (const SignatureCheck& check : in.primary.signing.checks) {
        if (check.scheme == QLatin1String("v3") && !check.signers.isEmpty())
            lineage = check.signers.first().lineage;
    }
    QCOMPARE(lineage.size(), 2);
    QCOMPARE(lineage.first(), variants.oldSha256);
    in.versionCode = QStringLiteral("4");
    in.versions = {stored};
    PreflightCheck c = only(PreflightChecks::signing(in), QStringLiteral("signer-changed"));
    QCOMPARE(c.status, St::Pass);
    QVERIFY2(c.message.contains(QLatin1String("lineage")) && c.message.contains(variants.oldSha256.left(16)),
        qPrintable(c.message));

    // The new key without a lineage: blocked, naming both certificates.
    in.primary = inspect(variants.unrelated);
    c = only(PreflightChecks::signing(in), QStringLiteral("signer-changed"));
    QCOMPARE(c.status, St::Block);
    QVERIFY2(c.message.contains(QLatin1String("CN=slipway-new")) && c.message.contains(QLatin1String("CN=slipway-old")),
        qPrintable(c.message));

    // A lineage, but from another key: still blocked.
    in.primary = inspect(variants.foreign);
    QVERIFY(in.primary.signing.schemes.contains(QStringLiteral("v3")));
    QCOMPARE(only(PreflightChecks::signing(in), QStringLiteral("signer-changed")).status, St::Block);
}

void TestPreflightChecks::signerChange_previousUnknown_saysNotChecked()
{
    // A version exists there, but its signer is unknown (not kept, not downloadable): info, naming why.
    PreflightInput in = input(QStringLiteral("managexr"), inspect(QStringLiteral("golden-aligned-v1v2v3-out.apk")));
    in.versions = {version(QStringLiteral("1"))};
    in.versionCode = QStringLiteral("2");
    QVERIFY(only(PreflightChecks::signing(in), QStringLiteral("signer-changed")).check.isEmpty()); // none
    in.signerUnchecked = QStringLiteral("version 1 could not be downloaded (HTTP 404)");
    const PreflightCheck c = only(PreflightChecks::signing(in), QStringLiteral("signer-changed"));
    QCOMPARE(c.status, St::Info);
    QVERIFY2(
        c.message.contains(QLatin1String("HTTP 404")) && c.message.contains(in.destination), qPrintable(c.message));
}

void TestPreflightChecks::debugBuild_blocksProduction_warnsElsewhere()
{
    const PackageInfo debug = inspect(QStringLiteral("ApiDemos-debug.apk"));
    QVERIFY(debug.debuggable.value_or(false));
    PreflightInput in = input(QStringLiteral("managexr"), debug);
    QVERIFY(!in.target.production);
    QCOMPARE(only(PreflightChecks::signing(in), QStringLiteral("debuggable")).status, St::Warn);
    QCOMPARE(only(PreflightChecks::signing(in), QStringLiteral("debug-certificate")).status, St::Warn);
    in.target.production = true;
    const PreflightCheck c = only(PreflightChecks::signing(in), QStringLiteral("debuggable"));
    QCOMPARE(c.status, St::Block);
    QVERIFY(c.message.contains(QLatin1String("production")));
    QCOMPARE(only(PreflightChecks::signing(in), QStringLiteral("debug-certificate")).status, St::Block);
}

void TestPreflightChecks::unsigned_blocks()
{
    const PackageInfo unsignedApk = inspect(QStringLiteral("golden-unaligned-in.apk"));
    QVERIFY(!unsignedApk.signing.isSigned());
    const PreflightCheck c
        = only(PreflightChecks::signing(input(QStringLiteral("local"), unsignedApk)), QStringLiteral("unsigned"));
    QCOMPARE(c.status, St::Block);
}

void TestPreflightChecks::expiredProfile_blocksAppStoreConnect_warnsElsewhere()
{
    // UnDebuggable.ipa's profile expired on 2018-01-26 (corpus truth).
    const PackageInfo ipa = inspect(QStringLiteral("UnDebuggable.ipa"));
    QVERIFY(ipa.provisioning.has_value());
    PreflightCheck c = only(PreflightChecks::provisioning(input(QStringLiteral("appstoreconnect"), ipa)),
        QStringLiteral("profile-expired"));
    QCOMPARE(c.status, St::Block);
    QVERIFY(c.message.contains(QLatin1String("2018-01-26")));
    c = only(PreflightChecks::provisioning(input(QStringLiteral("hockeyapp"), ipa)), QStringLiteral("profile-expired"));
    QCOMPARE(c.status, St::Warn);
    c = only(PreflightChecks::provisioning(input(QStringLiteral("local"), ipa)), QStringLiteral("profile-expired"));
    QCOMPARE(c.status, St::Warn);
    // The package's own "profile-expired" warning is not reported twice.
    for (const PreflightCheck& w : PreflightChecks::packageWarnings(input(QStringLiteral("local"), ipa)))
        QVERIFY2(w.check != QLatin1String("package:profile-expired"), qPrintable(w.check));
}

void TestPreflightChecks::expiringProfile_warnsWithinSetting()
{
    // shorebird's App Store profile expires on 2024-05-30.
    const QDateTime now(QDate(2024, 5, 20), QTime(0, 0), Qt::UTC);
    PreflightInput in
        = input(QStringLiteral("appstoreconnect"), inspect(QStringLiteral("shorebird_app_file_space.ipa"), now));
    in.now = now;
    QCOMPARE(only(PreflightChecks::provisioning(in), QStringLiteral("profile-expiring")).status, St::Warn);
    in.settings.profileWarningDays = 5;
    QCOMPARE(only(PreflightChecks::provisioning(in), QStringLiteral("profile-expired")).status, St::Pass);
}

void TestPreflightChecks::developmentProfile_blocksAppStoreConnect()
{
    const QDateTime before(QDate(2018, 1, 1), QTime(0, 0), Qt::UTC);
    const PackageInfo ipa = inspect(QStringLiteral("UnDebuggable.ipa"), before);
    QCOMPARE(ipa.provisioning->type, QStringLiteral("development"));
    PreflightInput in = input(QStringLiteral("appstoreconnect"), ipa);
    in.now = before;
    QCOMPARE(only(PreflightChecks::provisioning(in), QStringLiteral("profile-development")).status, St::Block);
    in = input(QStringLiteral("hockeyapp"), ipa);
    in.now = before;
    for (const PreflightCheck& c : PreflightChecks::provisioning(in))
        QVERIFY2(c.status != St::Block, qPrintable(c.message));
}

void TestPreflightChecks::notes_overLimitWarns_requiredBlocks()
{
    PreflightInput in = input(QStringLiteral("hockeyapp"), inspect(QStringLiteral("com.politedroid_4.apk")));
    in.request.notes = QString(5001, QLatin1Char('x'));
    const PreflightCheck c = only(PreflightChecks::limits(in), QStringLiteral("notes-length"));
    QCOMPARE(c.status, St::Warn);
    QVERIFY(c.message.contains(QLatin1String("hockeyapp.md")));
    in.request.notes = QString(5000, QLatin1Char('x'));
    QVERIFY(PreflightChecks::limits(in).isEmpty());
    in.service.limits.notesRequired = true;
    in.request.notes = QStringLiteral("  ");
    QCOMPARE(only(PreflightChecks::limits(in), QStringLiteral("notes-required")).status, St::Block);
    in.service.limits.maxFileSize = 1000;
    QCOMPARE(only(PreflightChecks::limits(in), QStringLiteral("file-size")).status, St::Block);
}

void TestPreflightChecks::requiredPublishField_blocks()
{
    PreflightInput in = input(QStringLiteral("hockeyapp"), inspect(QStringLiteral("com.politedroid_4.apk")));
    FieldSpec f;
    f.key = QStringLiteral("release-channel");
    f.label = QStringLiteral("Release channel");
    f.required = true;
    in.publishFields = {f};
    QCOMPARE(only(PreflightChecks::limits(in), QStringLiteral("field-required")).status, St::Block);
    in.request.options.insert(QStringLiteral("release-channel"), QStringLiteral("QA"));
    QVERIFY(PreflightChecks::limits(in).isEmpty());
}

void TestPreflightChecks::credentials_rejectedBlock_longTransferWarns()
{
    PreflightInput in = input(QStringLiteral("akana"), inspect(QStringLiteral("com.politedroid_4.apk")));
    in.liveError = Error(Error::Kind::Auth, QStringLiteral("The session expired."));
    QCOMPARE(only(PreflightChecks::credentials(in), QStringLiteral("credentials")).status, St::Block);
    in.liveError.reset();
    QCOMPARE(only(PreflightChecks::credentials(in), QStringLiteral("credentials")).status, St::Pass);
    in.settings.assumedBytesPerSecond = 1; // 18 KB at 1 B/s: longer than the 30-minute session
    QCOMPARE(only(PreflightChecks::credentials(in), QStringLiteral("credentials-lifetime")).status, St::Warn);
    PreflightInput asc = input(QStringLiteral("appstoreconnect"), in.primary);
    asc.settings.assumedBytesPerSecond = 1;
    QCOMPARE(only(PreflightChecks::credentials(asc), QStringLiteral("credentials-lifetime")).status, St::Info);
    // The Local library has no secret to check.
    QVERIFY(PreflightChecks::credentials(input(QStringLiteral("local"), in.primary)).isEmpty());
}

void TestPreflightChecks::liveStateUnreadable_warns()
{
    PreflightInput in = input(QStringLiteral("hockeyapp"), inspect(QStringLiteral("com.politedroid_4.apk")));
    in.versionsListed = false;
    in.liveError = Error(Error::Kind::Network, QStringLiteral("Connection refused."));
    const PreflightCheck c = only(PreflightChecks::liveState(in), QStringLiteral("live-state"));
    QCOMPARE(c.status, St::Warn);
    QVERIFY(c.message.contains(QLatin1String("Connection refused.")));
}

void TestPreflightChecks::productionFlag_defaultsPerService()
{
    Account a;
    QVERIFY(a.isProduction(ProviderRegistry::service(QStringLiteral("appstoreconnect"))));
    QVERIFY(!a.isProduction(ProviderRegistry::service(QStringLiteral("local"))));
    QVERIFY(!a.isProduction(ProviderRegistry::service(QStringLiteral("managexr"))));
    a.fields.insert(QStringLiteral("production"), QStringLiteral("false"));
    QVERIFY(!a.isProduction(ProviderRegistry::service(QStringLiteral("appstoreconnect"))));
    a.fields.insert(QStringLiteral("production"), QStringLiteral("true"));
    QVERIFY(a.isProduction(ProviderRegistry::service(QStringLiteral("local"))));
}

QTEST_GUILESS_MAIN(TestPreflightChecks)
#include "tst_preflightchecks.moc"
