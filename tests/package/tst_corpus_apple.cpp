// Agreement with the reference tools on the Apple, Windows and plain-zip part of ../shared/corpus:
// every record of expected.jsonl whose kind is ipa, macos-app-zip, dsym-zip, mobileprovision, appx, msix,
// appxbundle or zip is inspected and compared field by field. Differences that remain are listed in
// kKnownDifferences below, each with its reason; a stale entry (one that no longer differs) fails the test.

#include <testutils/testutils.h>

#include <QCryptographicHash>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTest>
#include <QTimeZone>
#include <package/apple/cgbipng.h>
#include <package/packageinspector.h>
#include <package/ziparchive.h>

using namespace Slipway;

namespace {

struct KnownDifference
{
    const char* file;
    const char* field;
    const char* reason;
};

// file, field, reason. Every entry is checked to still be a difference.
const KnownDifference kKnownDifferences[] = {
    {"renamed_a2dp-apk-as.ipa", "expectError",
        "Slipway detects the kind from the content (AndroidManifest.xml at the root), so this APK renamed to .ipa "
        "is read as the APK it is instead of failing as an IPA (package-formats.md §5, 'wrong extension')."},
    {"zbsm.zip", "warnings:overlapping-entries(zip-bomb)",
        "ZipArchive does not compare local-header data ranges; instead every reader caps the bytes it inflates, so "
        "the overlapping-entry bomb costs nothing (it is reported as a plain zip)."},
    {"zbsm.zip", "warnings:huge-declared-uncompressed-size",
        "No warning for a large declared size: ZipFacts.declaredUncompressed carries the number (5.46 GB here), and "
        "no entry is inflated because a plain zip has no metadata to read."},
};

// Expected warnings that are facts about other tools (libzip's ZIP_CHECKCONS, Info-ZIP's exit code, Finder's
// resource forks) rather than warnings a release manager acts on; Slipway does not repeat them.
bool isToolFact(const QString& w)
{
    return w.startsWith(QLatin1String("libzip-")) || w.startsWith(QLatin1String("unzip-t-exit"))
        || w == QLatin1String("__MACOSX-resource-forks") || w == QLatin1String("not-a-zip")
        || w == QLatin1String("local/central-header-mismatch") || w == QLatin1String("zip64");
}

// expected.jsonl warning → Slipway warning code
QString slipwayWarningCode(const QString& w)
{
    if (w == QLatin1String("no-embedded.mobileprovision"))
        return QStringLiteral("no-provisioning-profile");
    if (w.startsWith(QLatin1String("unsafe-entry-names")))
        return QStringLiteral("unsafe-entry-names");
    return w;
}

// DTPlatformName (what plistutil shows) → PackageInfo::platform
QString normalizedPlatform(const QString& dtPlatform)
{
    if (dtPlatform == QLatin1String("iphoneos"))
        return QStringLiteral("ios");
    if (dtPlatform == QLatin1String("appletvos"))
        return QStringLiteral("tvos");
    if (dtPlatform == QLatin1String("macosx"))
        return QStringLiteral("macos");
    if (dtPlatform == QLatin1String("watchos"))
        return QStringLiteral("watchos");
    return dtPlatform;
}

QString str(const QJsonValue& v)
{
    return v.isNull() || v.isUndefined() ? QString() : v.toVariant().toString();
}

QByteArray sha256(const QByteArray& data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex();
}

// Every pixel of `a` within ±1 of `b` per channel (RGBA).
bool pixelsClose(const QImage& a, const QImage& b, QString* why)
{
    if (a.size() != b.size()) {
        *why = QStringLiteral("size %1x%2 vs %3x%4").arg(a.width()).arg(a.height()).arg(b.width()).arg(b.height());
        return false;
    }
    const QImage x = a.convertToFormat(QImage::Format_RGBA8888);
    const QImage y = b.convertToFormat(QImage::Format_RGBA8888);
    for (int row = 0; row < x.height(); ++row) {
        const uchar* p = x.constScanLine(row);
        const uchar* q = y.constScanLine(row);
        for (int i = 0; i < x.width() * 4; ++i) {
            if (std::abs(int(p[i]) - int(q[i])) > 1) {
                *why = QStringLiteral("pixel (%1,%2) channel %3: %4 vs %5")
                           .arg(i / 4)
                           .arg(row)
                           .arg(i % 4)
                           .arg(p[i])
                           .arg(q[i]);
                return false;
            }
        }
    }
    return true;
}

} // namespace

class TestCorpusApple : public QObject
{
    Q_OBJECT

    QSet<QString> m_usedKnown;
    int m_rows = 0;

    bool known(const QString& file, const QString& field)
    {
        for (const auto& k : kKnownDifferences) {
            if (file == QLatin1String(k.file) && field == QLatin1String(k.field)) {
                m_usedKnown.insert(file + QLatin1Char('|') + field);
                return true;
            }
        }
        return false;
    }

private Q_SLOTS:
    void inspect_matchesReferenceTools_data()
    {
        QTest::addColumn<QJsonObject>("expected");
        if (Test::corpusDir().isEmpty())
            return;
        QFile f(Test::corpusFile(QStringLiteral("expected.jsonl")));
        QVERIFY(f.open(QIODevice::ReadOnly));
        static const QSet<QString> kinds = {QStringLiteral("ipa"), QStringLiteral("macos-app-zip"),
            QStringLiteral("dsym-zip"), QStringLiteral("mobileprovision"), QStringLiteral("appx"),
            QStringLiteral("msix"), QStringLiteral("appxbundle"), QStringLiteral("zip")};
        while (!f.atEnd()) {
            const QByteArray line = f.readLine().trimmed();
            if (line.isEmpty())
                continue;
            const QJsonObject rec = QJsonDocument::fromJson(line).object();
            if (kinds.contains(rec.value(QStringLiteral("kind")).toString()))
                QTest::newRow(qPrintable(rec.value(QStringLiteral("file")).toString())) << rec;
        }
    }

    void inspect_matchesReferenceTools()
    {
        SLIPWAY_REQUIRE_CORPUS();
        QFETCH(QJsonObject, expected);
        ++m_rows;
        const QString file = expected.value(QStringLiteral("file")).toString();
        const QString kind = expected.value(QStringLiteral("kind")).toString();
        const QString path = Test::corpusFile(file);
        PackageInspector::Options options;
        options.now = QDateTime(QDate(2026, 1, 1), QTime(0, 0), QTimeZone::utc());
        const auto result = PackageInspector::inspect(path, options);

        // Records the tools could not read must fail with a clear error ("not an app package" for zips).
        if (!expected.value(QStringLiteral("valid")).toBool()) {
            if (kind == QLatin1String("zip")) {
                if (!result) {
                    QCOMPARE(result.error().kind, Error::Kind::InvalidPackage);
                    QVERIFY(!result.error().message.isEmpty());
                    return;
                }
                QCOMPARE(packageKindName(result->kind), QStringLiteral("zip"));
                QVERIFY(result->hasWarning(QStringLiteral("not-an-app-package")));
                compareWarnings(file, expected, result.value());
                return;
            }
            if (known(file, QStringLiteral("expectError"))) {
                QVERIFY(result.ok()); // still a difference: it is read, as another kind
                QVERIFY(packageKindName(result->kind) != kind);
                return;
            }
            QVERIFY2(!result.ok(),
                qPrintable(QStringLiteral("%1 should fail (%2) but was read as %3")
                               .arg(file, str(expected.value(QStringLiteral("expectError"))),
                                   result ? packageKindName(result->kind) : QString())));
            QCOMPARE(result.error().kind, Error::Kind::InvalidPackage);
            QVERIFY(result.error().message.contains(file));
            return;
        }
        QVERIFY2(result.ok(), qPrintable(file + QLatin1String(": ") + result.error().message));
        const PackageInfo& info = result.value();
        QCOMPARE(packageKindName(info.kind), kind);
        QCOMPARE(info.size, qint64(expected.value(QStringLiteral("size")).toDouble()));
        QCOMPARE(info.sha256, expected.value(QStringLiteral("sha256")).toString());

        if (kind == QLatin1String("ipa") || kind == QLatin1String("macos-app-zip"))
            compareAppleApp(file, expected, info);
        if (expected.contains(QStringLiteral("provisioning")))
            compareProvisioning(expected.value(QStringLiteral("provisioning")).toObject(), info);
        if (kind == QLatin1String("dsym-zip"))
            compareDsyms(expected, info);
        if (kind == QLatin1String("appx") || kind == QLatin1String("msix") || kind == QLatin1String("appxbundle"))
            compareAppx(expected, info);
        compareWarnings(file, expected, info);
    }

    void knownDifferences_areAllStillDifferences()
    {
        SLIPWAY_REQUIRE_CORPUS();
        if (m_rows == 0)
            QSKIP("the corpus rows did not run (filtered)");
        for (const auto& k : kKnownDifferences) {
            const QString key = QLatin1String(k.file) + QLatin1Char('|') + QLatin1String(k.field);
            QVERIFY2(m_usedKnown.contains(key), qPrintable(QStringLiteral("stale known difference: ") + key));
        }
    }

private:
    void compareAppleApp(const QString& file, const QJsonObject& e, const PackageInfo& info)
    {
        QCOMPARE(info.packageId, str(e.value(QStringLiteral("packageId"))));
        QCOMPARE(info.versionName, str(e.value(QStringLiteral("versionName"))));
        QCOMPARE(info.versionCode, str(e.value(QStringLiteral("versionCode"))));
        QCOMPARE(info.displayName, str(e.value(QStringLiteral("displayName"))));
        QCOMPARE(info.label, info.displayName);
        QCOMPARE(info.bundleName, str(e.value(QStringLiteral("bundleName"))));
        QCOMPARE(info.minimumOsVersion, str(e.value(QStringLiteral("minimumOsVersion"))));
        QList<int> families;
        for (const QJsonValue& v : e.value(QStringLiteral("deviceFamily")).toArray())
            families.append(v.toInt());
        QCOMPARE(info.deviceFamily, families);
        QCOMPARE(info.platform, normalizedPlatform(str(e.value(QStringLiteral("platform")))));
        QCOMPARE(info.executable, str(e.value(QStringLiteral("executable"))));
        QStringList archs;
        for (const QJsonValue& v : e.value(QStringLiteral("executableArchs")).toArray())
            archs.append(v.toString());
        QCOMPARE(info.executableArchs, archs);
        QCOMPARE(info.infoPlistFormat, str(e.value(QStringLiteral("infoPlistFormat"))));
        QCOMPARE(info.sdk, str(e.value(QStringLiteral("sdk"))));
        QCOMPARE(info.xcode, str(e.value(QStringLiteral("xcode"))));
        QStringList plugins;
        for (const QJsonValue& v : e.value(QStringLiteral("plugins")).toArray())
            plugins.append(v.toString());
        QStringList extensions;
        for (const AppExtensionInfo& ext : info.appExtensions) {
            extensions.append(ext.name);
            QVERIFY(!ext.packageId.isEmpty());
        }
        QCOMPARE(extensions, plugins);
        QCOMPARE(info.signing.schemes.contains(QStringLiteral("codesign")),
            e.value(QStringLiteral("hasCodeSignature")).toBool());

        // The best icon, and the decoded pixels of every CgBI icon.
        const QString bestIcon = str(e.value(QStringLiteral("bestIcon")));
        QCOMPARE(info.iconPath, bestIcon);
        QCOMPARE(info.iconPng.isEmpty(), bestIcon.isEmpty());
        if (bestIcon.isEmpty())
            return;
        QImage ours;
        QVERIFY(ours.loadFromData(info.iconPng, "PNG"));
        auto zip = ZipArchive::open(Test::corpusFile(file));
        QVERIFY(zip.ok());
        for (const QJsonValue& v : e.value(QStringLiteral("icons")).toArray()) {
            const QJsonObject icon = v.toObject();
            const QString iconPath = icon.value(QStringLiteral("path")).toString();
            auto raw = zip.value()->read(iconPath);
            QVERIFY(raw.ok());
            QCOMPARE(CgBI::isCgbi(raw.value()), icon.value(QStringLiteral("cgbi")).toBool());
            if (iconPath == bestIcon) {
                QCOMPARE(ours.width(), icon.value(QStringLiteral("width")).toInt());
                QCOMPARE(ours.height(), icon.value(QStringLiteral("height")).toInt());
            }
            if (!icon.value(QStringLiteral("cgbi")).toBool()) {
                if (iconPath == bestIcon)
                    QCOMPARE(info.iconPng, raw.value()); // standard PNGs are passed through untouched
                continue;
            }
            auto decoded = CgBI::decode(raw.value());
            QVERIFY2(decoded.ok(), qPrintable(decoded.error().message));
            QCOMPARE(QString::fromLatin1(sha256(decoded->pixels)),
                icon.value(QStringLiteral("decodedPixelsSha256")).toString());
            if (iconPath == bestIcon) {
                QImage reference;
                const QString refPath = Test::sharedDir() + QLatin1String("/corpus/truth/")
                    + icon.value(QStringLiteral("decodedReference")).toString();
                QVERIFY2(reference.load(refPath), qPrintable(refPath));
                QString why;
                QVERIFY2(pixelsClose(ours, reference, &why), qPrintable(why));
            }
        }
    }

    void compareProvisioning(const QJsonObject& p, const PackageInfo& info)
    {
        QCOMPARE(info.provisioning.has_value(), p.value(QStringLiteral("present")).toBool());
        if (!info.provisioning)
            return;
        const ProvisioningInfo& ours = *info.provisioning;
        QCOMPARE(ours.name, str(p.value(QStringLiteral("name"))));
        QCOMPARE(ours.uuid, str(p.value(QStringLiteral("uuid"))));
        QCOMPARE(ours.appIdName, str(p.value(QStringLiteral("appIdName"))));
        QCOMPARE(ours.teamName, str(p.value(QStringLiteral("teamName"))));
        QCOMPARE(ours.teamId, str(p.value(QStringLiteral("teamIdentifier")).toArray().first()));
        QCOMPARE(ours.applicationIdentifier, str(p.value(QStringLiteral("applicationIdentifier"))));
        QCOMPARE(ours.creationDate.toUTC().toString(Qt::ISODate), str(p.value(QStringLiteral("creationDate"))));
        QCOMPARE(ours.expirationDate.toUTC().toString(Qt::ISODate), str(p.value(QStringLiteral("expirationDate"))));
        QStringList platforms;
        for (const QJsonValue& v : p.value(QStringLiteral("platform")).toArray())
            platforms.append(v.toString());
        QCOMPARE(ours.platform, platforms.join(QLatin1Char(',')));
        QCOMPARE(ours.devices, p.value(QStringLiteral("provisionedDevicesCount")).toInt());
        QCOMPARE(ours.provisionsAllDevices, p.value(QStringLiteral("provisionsAllDevices")).toBool());
        QCOMPARE(ours.getTaskAllow, p.value(QStringLiteral("getTaskAllow")).toBool()); // null = absent = false
        QCOMPARE(ours.apsEnvironment, str(p.value(QStringLiteral("apsEnvironment"))));
        QCOMPARE(ours.type, str(p.value(QStringLiteral("type"))));
        QStringList certs;
        for (const QJsonValue& v : p.value(QStringLiteral("developerCertificates")).toArray())
            certs.append(v.toObject().value(QStringLiteral("sha256")).toString());
        QStringList ourCerts;
        for (const CertificateInfo& c : ours.developerCertificates) {
            ourCerts.append(c.sha256);
            QVERIFY(c.notAfter.isValid());
            QVERIFY(c.subject.contains(QLatin1String("CN=")));
        }
        QCOMPARE(ourCerts, certs);
    }

    void compareDsyms(const QJsonObject& e, const PackageInfo& info)
    {
        QStringList uuids;
        QStringList ourUuids;
        int dwarfFiles = 0;
        for (const QJsonValue& d : e.value(QStringLiteral("dsyms")).toArray()) {
            const QJsonObject dsym = d.toObject();
            for (const QJsonValue& dw : dsym.value(QStringLiteral("dwarf")).toArray()) {
                const QJsonObject dwarf = dw.toObject();
                QVERIFY(dwarfFiles < info.dsyms.size());
                const DsymInfo& ours = info.dsyms.at(dwarfFiles++);
                QCOMPARE(ours.bundle, dsym.value(QStringLiteral("bundle")).toString());
                QCOMPARE(ours.binaryPath, dwarf.value(QStringLiteral("path")).toString());
                QStringList archs;
                QStringList sliceUuids;
                for (const QJsonValue& u : dwarf.value(QStringLiteral("uuids")).toArray()) {
                    sliceUuids.append(u.toObject().value(QStringLiteral("uuid")).toString());
                    archs.append(u.toObject().value(QStringLiteral("arch")).toString());
                }
                QCOMPARE(ours.uuids, sliceUuids);
                QCOMPARE(ours.archs, archs);
                ourUuids += ours.uuids;
            }
        }
        QCOMPARE(info.dsyms.size(), dwarfFiles);
        for (const QJsonValue& u : e.value(QStringLiteral("uuids")).toArray())
            uuids.append(u.toString());
        QCOMPARE(ourUuids, uuids);
    }

    void compareAppx(const QJsonObject& e, const PackageInfo& info)
    {
        QCOMPARE(info.packageId, str(e.value(QStringLiteral("packageId"))));
        QCOMPARE(info.versionName, str(e.value(QStringLiteral("versionName"))));
        QCOMPARE(info.publisher, str(e.value(QStringLiteral("publisher"))));
        QCOMPARE(info.processorArchitecture, str(e.value(QStringLiteral("processorArchitecture"))));
        QCOMPARE(info.displayName, str(e.value(QStringLiteral("displayName"))));
        QCOMPARE(info.platform, QStringLiteral("windows"));
        if (e.contains(QStringLiteral("logo")))
            QCOMPARE(info.iconPath, str(e.value(QStringLiteral("logo"))));
        QStringList bundled;
        for (const QJsonValue& v : e.value(QStringLiteral("bundlePackages")).toArray())
            bundled.append(v.toObject().value(QStringLiteral("FileName")).toString());
        QCOMPARE(info.modules, bundled);
        const QJsonObject signing = e.value(QStringLiteral("signing")).toObject();
        QCOMPARE(info.signing.isSigned(), signing.value(QStringLiteral("present")).toBool());
        // openssl prints "sha256 Fingerprint=7F:31:…" for the signer: compare it with our first certificate.
        for (const QJsonValue& c : signing.value(QStringLiteral("certs")).toArray()) {
            const QString text = c.toString();
            const qsizetype at = text.indexOf(QLatin1String("sha256 Fingerprint="));
            QVERIFY(at >= 0);
            const QString fingerprint = text.mid(at + 19).remove(QLatin1Char(':')).toLower().trimmed();
            QVERIFY(!info.signing.certificates.isEmpty());
            QCOMPARE(info.signing.certificates.first().sha256, fingerprint);
        }
        QCOMPARE(info.zip.zip64, e.value(QStringLiteral("warnings")).toArray().contains(QStringLiteral("zip64")));
    }

    void compareWarnings(const QString& file, const QJsonObject& e, const PackageInfo& info)
    {
        for (const QJsonValue& v : e.value(QStringLiteral("warnings")).toArray()) {
            const QString w = v.toString();
            if (isToolFact(w) || known(file, QStringLiteral("warnings:") + w))
                continue;
            QVERIFY2(info.hasWarning(slipwayWarningCode(w)),
                qPrintable(QStringLiteral("%1: expected warning %2").arg(file, slipwayWarningCode(w))));
        }
    }
};

QTEST_GUILESS_MAIN(TestCorpusApple)
#include "tst_corpus_apple.moc"
