#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVariantMap>
#include <optional>

namespace Slipway {

enum class PackageKind
{
    Unknown,
    Apk,
    Aab,
    Ipa,
    MacOsAppZip,
    Obb,
    DsymZip,
    Appx,
    Msix,
    AppxBundle,
    MobileProvision,
    Zip,
};

QString packageKindName(PackageKind kind); // "apk", "aab", "ipa", "macos-app-zip", "obb", "dsym-zip", ...
PackageKind packageKindFromName(const QString& name);
bool isAndroidKind(PackageKind kind);
bool isAppleKind(PackageKind kind);

struct CertificateInfo
{
    QString sha256; // lowercase hex of the DER certificate
    QString sha1;
    QString subject; // RFC 2253 style, as apksigner prints it ("CN=..., OU=..., O=...")
    QString issuer;
    QDateTime notBefore;
    QDateTime notAfter;
    QString keyAlgorithm; // "RSA 2048", "EC P-256", ...
    QString source; // which structure it came from: "v1", "v2", "v3", "cms", "profile"

    bool isDebug() const; // the Android debug certificate ("CN=Android Debug")
    QJsonObject toJson() const;
};

// The cryptographic verification of one signature scheme (APK v1/v2/v3/v3.1, AAB JAR, Apple code signature).
struct SignatureCheck
{
    struct Signer
    {
        QString certSha256; // the signer's certificate
        int minSdk = 0; // v3/v3.1: the platform range this signer covers (0 = not applicable)
        int maxSdk = 0;
        QStringList lineage; // v3 rotation: certificate SHA-256s, oldest first, ending with this signer's
    };
    QString scheme; // "v1", "v2", "v3", "v3.1", "jar", "code-resources", "profile-cms", "profile-certificate"
    bool verified = false;
    QString reason; // why it does not verify, or what was not checkable; empty when it verifies fully
    QList<Signer> signers;

    QJsonObject toJson() const;
};

struct SigningInfo
{
    QStringList schemes; // present, structurally: "v1", "v2", "v3", "v3.1"; "jar" for AAB; "codesign" for Apple
    QList<CertificateInfo> certificates; // one per signer, primary first
    QStringList problems; // structural problems found while reading (not a full verification)
    // The overall verdict (for an APK: what `apksigner verify` decides) and why it failed; unset when not checked.
    std::optional<bool> verified;
    QString verifyReason;
    QList<SignatureCheck> checks; // per scheme

    bool isSigned() const { return !schemes.isEmpty(); }
    QJsonObject toJson() const;
};

struct ProvisioningInfo
{
    QString name;
    QString uuid;
    QString appIdName;
    QString teamId;
    QString teamName;
    QString applicationIdentifier; // "TEAMID.com.example.app" or with a wildcard
    QString platform;
    QDateTime creationDate;
    QDateTime expirationDate;
    QString type; // "development", "ad-hoc", "app-store", "enterprise", "developer-id"
    int devices = 0; // number of provisioned devices
    bool provisionsAllDevices = false;
    bool getTaskAllow = false;
    QString apsEnvironment;
    QVariantMap entitlements;
    QList<CertificateInfo> developerCertificates;

    QJsonObject toJson() const;
};

struct PackageWarning
{
    enum class Severity
    {
        Info,
        Warning,
        Error
    };
    QString code; // stable, kebab-case: "debuggable", "profile-expired", ...
    QString message;
    Severity severity = Severity::Warning;

    static QString severityName(Severity s);
    QJsonObject toJson() const;
};

struct ZipFacts
{
    bool isZip = false;
    int entries = 0;
    bool zip64 = false;
    qint64 declaredUncompressed = 0;
    QStringList encryptedEntries;
    QStringList duplicateNames;
    QStringList unsafeNames; // absolute, "../", NUL or control characters

    QJsonObject toJson() const;
};

struct DsymInfo
{
    QString bundle; // "MyApp.app.dSYM"
    QString binaryPath; // the DWARF file inside
    QStringList uuids; // upper-case UUIDs, one per architecture, in file order
    QStringList archs; // same order as uuids

    QJsonObject toJson() const;
};

// An app extension inside an Apple app (PlugIns/<Name>.appex), with its own provisioning profile.
struct AppExtensionInfo
{
    QString name; // "Notification.appex"
    QString packageId; // its CFBundleIdentifier
    std::optional<ProvisioningInfo> provisioning;

    QJsonObject toJson() const;
};

// The version of PackageInfo::toJson's form (docs/inspect-json.md, docs/inspect.schema.json): 2 made the SDK
// levels numbers (codenames in "…Codename") and added signing.verified.
constexpr int kInspectSchemaVersion = 2;

// Everything Slipway knows about one dropped file. Filled by PackageInspector and the per-kind readers;
// `toJson()` is the stable `slipway-cli inspect --json` form documented in the README.
struct PackageInfo
{
    // Every file
    QString path;
    QString fileName;
    PackageKind kind = PackageKind::Unknown;
    qint64 size = 0;
    QString md5; // lowercase hex; empty when hashing was skipped
    QString sha256; // lowercase hex
    ZipFacts zip;

    // Identity (every app kind)
    QString packageId; // Android package, Apple CFBundleIdentifier, APPX Identity Name, OBB package
    QString versionCode; // Android versionCode (digits), Apple CFBundleVersion, OBB version code
    QString versionName; // Android versionName, Apple CFBundleShortVersionString, APPX Identity Version
    QString label; // Android label (default locale), Apple display name, APPX DisplayName
    QMap<QString, QString> labels; // per locale

    // Android
    QString minSdk; // a number, or a preview codename
    QString targetSdk;
    QString maxSdk;
    QString compileSdk;
    QStringList permissions;
    QStringList abis;
    std::optional<bool> debuggable;
    QString launchableActivity;
    QString splitName; // split APKs: the split="" attribute
    bool isFeatureSplit = false;
    QStringList modules; // AAB modules
    QMap<int, QString> iconsByDensity;

    // Apple
    QString bundleName;
    QString displayName;
    QString minimumOsVersion;
    QList<int> deviceFamily;
    QString platform; // "ios", "tvos", "watchos", "macos", "visionos"; "android" for Android kinds
    QString executable;
    QStringList executableArchs;
    QString infoPlistFormat; // "xml" or "binary"
    std::optional<ProvisioningInfo> provisioning;
    QList<DsymInfo> dsyms;
    QString sdk; // DTSDKName, e.g. "iphoneos17.2"
    QString xcode; // DTXcode, e.g. "1520"
    QList<AppExtensionInfo> appExtensions;

    // Windows
    QString publisher;
    QString processorArchitecture;

    // OBB
    QString obbType; // "main" or "patch"

    // Signing and the icon (PNG bytes, already un-crushed for CgBI)
    SigningInfo signing;
    QString iconPath;
    QByteArray iconPng;

    QList<PackageWarning> warnings;

    bool hasWarning(const QString& code) const;
    void addWarning(const QString& code, const QString& message,
        PackageWarning::Severity severity = PackageWarning::Severity::Warning);
    // Warnings sorted by severity (errors first), stable within a severity.
    QList<PackageWarning> rankedWarnings() const;

    QJsonObject toJson() const;
};

} // namespace Slipway

Q_DECLARE_METATYPE(Slipway::PackageInfo)
