// Provisioning profiles: CMS unwrapping, the distribution-type rule, application identifier wildcards,
// malformed input, and the Apple release warnings computed from a profile.

#include <testutils/testutils.h>

#include <QFile>
#include <QTest>
#include <QTimeZone>
#include <package/apple/provisioning.h>
#include <package/readers.h>

using namespace Slipway;

namespace {

QDateTime utc(int y, int m, int d)
{
    return QDateTime(QDate(y, m, d), QTime(0, 0), QTimeZone::utc());
}

QByteArray corpusBytes(const QString& name)
{
    QFile f(Test::corpusFile(name));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

PackageInfo ipaWithProfile(const QString& bundleId, const ProvisioningInfo& p)
{
    PackageInfo info;
    info.kind = PackageKind::Ipa;
    info.packageId = bundleId;
    info.provisioning = p;
    return info;
}

ProvisioningInfo appStoreProfile()
{
    ProvisioningInfo p;
    p.name = QStringLiteral("Store");
    p.type = QStringLiteral("app-store");
    p.applicationIdentifier = QStringLiteral("ABCDE12345.com.example.app");
    p.expirationDate = utc(2027, 1, 1);
    return p;
}

} // namespace

class TestProvisioning : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void distributionType_followsConvention_data()
    {
        QTest::addColumn<bool>("allDevices");
        QTest::addColumn<int>("devices");
        QTest::addColumn<bool>("getTaskAllow");
        QTest::addColumn<bool>("macos");
        QTest::addColumn<QString>("type");
        QTest::newRow("enterprise") << true << 0 << false << false << "enterprise";
        QTest::newRow("developer id") << true << 0 << false << true << "developer-id";
        QTest::newRow("development") << false << 3 << true << false << "development";
        QTest::newRow("ad hoc") << false << 3 << false << false << "ad-hoc";
        QTest::newRow("app store") << false << 0 << false << false << "app-store";
        QTest::newRow("app store with get-task-allow") << false << 0 << true << false << "app-store";
    }

    void distributionType_followsConvention()
    {
        QFETCH(bool, allDevices);
        QFETCH(int, devices);
        QFETCH(bool, getTaskAllow);
        QFETCH(bool, macos);
        QFETCH(QString, type);
        QCOMPARE(Provisioning::distributionType(allDevices, devices, getTaskAllow, macos), type);
    }

    void applicationIdentifierMatches_honoursWildcards_data()
    {
        QTest::addColumn<QString>("appId");
        QTest::addColumn<QString>("bundleId");
        QTest::addColumn<bool>("matches");
        QTest::newRow("exact") << "ABCDE12345.com.example.app"
                               << "com.example.app" << true;
        QTest::newRow("other app") << "ABCDE12345.com.example.app"
                                   << "com.example.other" << false;
        QTest::newRow("prefix is not a match") << "ABCDE12345.com.example.app"
                                               << "com.example.app2" << false;
        QTest::newRow("wildcard") << "ABCDE12345.*"
                                  << "org.anything" << true;
        QTest::newRow("partial wildcard") << "ABCDE12345.com.example.*"
                                          << "com.example.app" << true;
        QTest::newRow("partial wildcard miss") << "ABCDE12345.com.example.*"
                                               << "com.other.app" << false;
        QTest::newRow("no identifier") << ""
                                       << "com.example.app" << true;
    }

    void applicationIdentifierMatches_honoursWildcards()
    {
        QFETCH(QString, appId);
        QFETCH(QString, bundleId);
        QFETCH(bool, matches);
        QCOMPARE(Provisioning::applicationIdentifierMatches(appId, bundleId), matches);
    }

    void parseCorpusProfile_readsEveryField()
    {
        SLIPWAY_REQUIRE_CORPUS();
        auto p = Provisioning::parse(corpusBytes(QStringLiteral("icyleaf_ios_adhoc.mobileprovision")));
        QVERIFY2(p.ok(), qPrintable(p.error().message));
        QCOMPARE(p->name, QStringLiteral("iOS Full AdHoc"));
        QCOMPARE(p->teamId, QStringLiteral("WKR87TTKML"));
        QCOMPARE(p->type, QStringLiteral("ad-hoc"));
        QCOMPARE(p->devices, 1);
        QCOMPARE(p->apsEnvironment, QStringLiteral("production"));
        QCOMPARE(p->expirationDate, QDateTime(QDate(2020, 10, 24), QTime(8, 40, 28), QTimeZone::utc()));
        QCOMPARE(p->developerCertificates.size(), 1);
        QVERIFY(p->developerCertificates.first().subject.contains(QLatin1String("CN=Apple Distribution")));
        QCOMPARE(p->developerCertificates.first().keyAlgorithm, QStringLiteral("RSA 2048"));
        QVERIFY(p->entitlements.contains(QStringLiteral("application-identifier")));
    }

    void parseMalformed_returnsError_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("garbage") << QByteArray("this is not DER at all");
        QTest::newRow("der sequence header only") << QByteArray("\x30\x80", 2);
        QTest::newRow("wrong der") << QByteArray::fromHex("3003020101");
        QTest::newRow("plist that is not a profile")
            << QByteArray("<?xml version=\"1.0\"?><plist><dict><key>a</key><string>b</string></dict></plist>");
        QTest::newRow("plist array") << QByteArray("<?xml version=\"1.0\"?><plist><array/></plist>");
        if (!Test::corpusDir().isEmpty()) {
            const QByteArray real = corpusBytes(QStringLiteral("icyleaf_ios_appstore.mobileprovision"));
            QTest::newRow("truncated cms") << real.left(real.size() / 2);
            QTest::newRow("cms header only") << real.left(64);
            QByteArray flipped = real;
            for (qsizetype i = 60; i < flipped.size(); i += 97)
                flipped[i] = char(flipped[i] ^ 0x5a);
            QTest::newRow("corrupted cms") << flipped;
        }
    }

    void parseMalformed_returnsError()
    {
        QFETCH(QByteArray, data);
        auto p = Provisioning::parse(data);
        QVERIFY(!p.ok());
        QCOMPARE(p.error().kind, Error::Kind::InvalidPackage);
        QVERIFY(!p.error().message.isEmpty());
    }

    void warnings_expiredProfile()
    {
        ProvisioningInfo p = appStoreProfile();
        p.expirationDate = utc(2025, 12, 1);
        PackageInfo info = ipaWithProfile(QStringLiteral("com.example.app"), p);
        Readers::addAppleWarnings(info, utc(2026, 1, 1));
        QVERIFY(info.hasWarning(QStringLiteral("profile-expired")));
        QVERIFY(!info.hasWarning(QStringLiteral("profile-expiring")));
        QCOMPARE(info.warnings.first().severity, PackageWarning::Severity::Error);
    }

    void warnings_expiringWithinFourteenDays()
    {
        ProvisioningInfo p = appStoreProfile();
        p.expirationDate = utc(2026, 1, 10);
        PackageInfo soon = ipaWithProfile(QStringLiteral("com.example.app"), p);
        Readers::addAppleWarnings(soon, utc(2026, 1, 1));
        QVERIFY(soon.hasWarning(QStringLiteral("profile-expiring")));
        QVERIFY(!soon.hasWarning(QStringLiteral("profile-expired")));

        p.expirationDate = utc(2026, 1, 16);
        PackageInfo later = ipaWithProfile(QStringLiteral("com.example.app"), p);
        Readers::addAppleWarnings(later, utc(2026, 1, 1));
        QVERIFY(later.warnings.isEmpty());
    }

    void warnings_developmentProfileInApp()
    {
        ProvisioningInfo p = appStoreProfile();
        p.type = QStringLiteral("development");
        p.getTaskAllow = true;
        p.devices = 3;
        PackageInfo info = ipaWithProfile(QStringLiteral("com.example.app"), p);
        Readers::addAppleWarnings(info, utc(2026, 1, 1));
        QVERIFY(info.hasWarning(QStringLiteral("development-profile")));

        // get-task-allow alone (an ad-hoc profile that allows debugging) is flagged too.
        p.type = QStringLiteral("ad-hoc");
        PackageInfo adHoc = ipaWithProfile(QStringLiteral("com.example.app"), p);
        Readers::addAppleWarnings(adHoc, utc(2026, 1, 1));
        QVERIFY(adHoc.hasWarning(QStringLiteral("development-profile")));

        // A loose development profile is not a build: no warning.
        PackageInfo loose;
        loose.kind = PackageKind::MobileProvision;
        p.type = QStringLiteral("development");
        loose.provisioning = p;
        Readers::addAppleWarnings(loose, utc(2026, 1, 1));
        QVERIFY(!loose.hasWarning(QStringLiteral("development-profile")));
    }

    void warnings_bundleIdMismatch()
    {
        PackageInfo info = ipaWithProfile(QStringLiteral("com.example.other"), appStoreProfile());
        Readers::addAppleWarnings(info, utc(2026, 1, 1));
        QVERIFY(info.hasWarning(QStringLiteral("bundle-id-mismatch")));

        ProvisioningInfo wildcard = appStoreProfile();
        wildcard.applicationIdentifier = QStringLiteral("ABCDE12345.*");
        PackageInfo ok = ipaWithProfile(QStringLiteral("com.example.other"), wildcard);
        Readers::addAppleWarnings(ok, utc(2026, 1, 1));
        QVERIFY(!ok.hasWarning(QStringLiteral("bundle-id-mismatch")));
    }

    void warnings_noProfileInIpa()
    {
        PackageInfo info;
        info.kind = PackageKind::Ipa;
        Readers::addAppleWarnings(info, utc(2026, 1, 1));
        QVERIFY(info.hasWarning(QStringLiteral("no-provisioning-profile")));
        PackageInfo mac;
        mac.kind = PackageKind::MacOsAppZip;
        Readers::addAppleWarnings(mac, utc(2026, 1, 1));
        QVERIFY(!mac.hasWarning(QStringLiteral("no-provisioning-profile")));
    }

    void warnings_extensionProfiles()
    {
        PackageInfo info = ipaWithProfile(QStringLiteral("com.example.app"), appStoreProfile());
        AppExtensionInfo ok;
        ok.name = QStringLiteral("Widget.appex");
        ok.packageId = QStringLiteral("com.example.app.widget");
        ok.provisioning = appStoreProfile();
        ok.provisioning->applicationIdentifier = QStringLiteral("ABCDE12345.com.example.app.widget");
        info.appExtensions.append(ok);
        Readers::addAppleWarnings(info, utc(2026, 1, 1));
        QVERIFY(info.warnings.isEmpty());

        AppExtensionInfo bad = ok;
        bad.name = QStringLiteral("Share.appex");
        bad.provisioning->expirationDate = utc(2025, 6, 1);
        bad.provisioning->applicationIdentifier = QStringLiteral("ABCDE12345.com.example.other");
        info.appExtensions.append(bad);
        Readers::addAppleWarnings(info, utc(2026, 1, 1));
        QVERIFY(info.hasWarning(QStringLiteral("extension-profile-expired")));
        QVERIFY(info.hasWarning(QStringLiteral("extension-bundle-id-mismatch")));
        QVERIFY(!info.hasWarning(QStringLiteral("profile-expired"))); // the app's own profile is fine
        for (const PackageWarning& w : info.warnings)
            QVERIFY(w.message.contains(QLatin1String("Share.appex")));
    }

    void warnings_expiredCertificate()
    {
        ProvisioningInfo p = appStoreProfile();
        CertificateInfo valid;
        valid.subject = QStringLiteral("CN=Apple Distribution: Valid");
        valid.notAfter = utc(2027, 1, 1);
        CertificateInfo old;
        old.subject = QStringLiteral("CN=Apple Distribution: Old");
        old.notAfter = utc(2025, 1, 1);
        p.developerCertificates = {valid, old};
        PackageInfo some = ipaWithProfile(QStringLiteral("com.example.app"), p);
        Readers::addAppleWarnings(some, utc(2026, 1, 1));
        QVERIFY(some.hasWarning(QStringLiteral("certificate-expired")));
        QCOMPARE(some.warnings.first().severity, PackageWarning::Severity::Warning);
        QVERIFY(some.warnings.first().message.contains(QLatin1String("Old")));

        p.developerCertificates = {old};
        PackageInfo all = ipaWithProfile(QStringLiteral("com.example.app"), p);
        Readers::addAppleWarnings(all, utc(2026, 1, 1));
        QCOMPARE(all.warnings.first().severity, PackageWarning::Severity::Error);
    }
};

QTEST_GUILESS_MAIN(TestProvisioning)
#include "tst_provisioning.moc"
