#include "packageinfo.h"

#include <QJsonArray>
#include <algorithm>

namespace Slipway {

namespace {

struct KindName
{
    PackageKind kind;
    const char* name;
};

constexpr KindName kKindNames[] = {
    {PackageKind::Unknown, "other"},
    {PackageKind::Apk, "apk"},
    {PackageKind::Aab, "aab"},
    {PackageKind::Ipa, "ipa"},
    {PackageKind::MacOsAppZip, "macos-app-zip"},
    {PackageKind::Obb, "obb"},
    {PackageKind::DsymZip, "dsym-zip"},
    {PackageKind::Appx, "appx"},
    {PackageKind::Msix, "msix"},
    {PackageKind::AppxBundle, "appxbundle"},
    {PackageKind::MobileProvision, "mobileprovision"},
    {PackageKind::Zip, "zip"},
};

QString iso(const QDateTime& dt)
{
    return dt.isValid() ? dt.toUTC().toString(Qt::ISODate) : QString();
}

void putString(QJsonObject& o, const char* key, const QString& value)
{
    if (!value.isEmpty())
        o.insert(QLatin1String(key), value);
}

void putList(QJsonObject& o, const char* key, const QStringList& list)
{
    if (!list.isEmpty())
        o.insert(QLatin1String(key), QJsonArray::fromStringList(list));
}

// An SDK level as a JSON number; a preview codename ("VanillaIceCream") goes to "<key>Codename" instead.
void putSdk(QJsonObject& o, const char* key, const QString& value)
{
    if (value.isEmpty())
        return;
    bool numeric = false;
    const int level = value.toInt(&numeric);
    if (numeric)
        o.insert(QLatin1String(key), level);
    else
        o.insert(QLatin1String(key) + QLatin1String("Codename"), value);
}

} // namespace

QString packageKindName(PackageKind kind)
{
    for (const auto& kn : kKindNames) {
        if (kn.kind == kind)
            return QLatin1String(kn.name);
    }
    return QStringLiteral("other");
}

PackageKind packageKindFromName(const QString& name)
{
    for (const auto& kn : kKindNames) {
        if (name == QLatin1String(kn.name))
            return kn.kind;
    }
    return PackageKind::Unknown;
}

bool isAndroidKind(PackageKind kind)
{
    return kind == PackageKind::Apk || kind == PackageKind::Aab || kind == PackageKind::Obb;
}

bool isAppleKind(PackageKind kind)
{
    return kind == PackageKind::Ipa || kind == PackageKind::MacOsAppZip || kind == PackageKind::DsymZip
        || kind == PackageKind::MobileProvision;
}

bool CertificateInfo::isDebug() const
{
    return subject.contains(QLatin1String("CN=Android Debug"), Qt::CaseInsensitive);
}

QJsonObject CertificateInfo::toJson() const
{
    QJsonObject o {{QStringLiteral("sha256"), sha256}};
    putString(o, "sha1", sha1);
    putString(o, "subject", subject);
    putString(o, "issuer", issuer);
    putString(o, "notBefore", iso(notBefore));
    putString(o, "notAfter", iso(notAfter));
    putString(o, "keyAlgorithm", keyAlgorithm);
    putString(o, "source", source);
    return o;
}

QJsonObject SigningInfo::toJson() const
{
    QJsonArray certs;
    for (const auto& c : certificates)
        certs.append(c.toJson());
    QJsonObject o {
        {QStringLiteral("schemes"), QJsonArray::fromStringList(schemes)}, {QStringLiteral("certificates"), certs}};
    putList(o, "problems", problems);
    if (verified) {
        o.insert(QStringLiteral("verified"), *verified);
        putString(o, "verifyReason", verifyReason);
        QJsonArray list;
        for (const SignatureCheck& c : checks)
            list.append(c.toJson());
        o.insert(QStringLiteral("verification"), list);
    }
    return o;
}

QJsonObject SignatureCheck::toJson() const
{
    QJsonObject o {{QStringLiteral("scheme"), scheme}, {QStringLiteral("verified"), verified}};
    putString(o, "reason", reason);
    QJsonArray list;
    for (const Signer& s : signers) {
        QJsonObject j {{QStringLiteral("certSha256"), s.certSha256}};
        if (s.minSdk > 0)
            j.insert(QStringLiteral("minSdk"), s.minSdk);
        if (s.maxSdk > 0)
            j.insert(QStringLiteral("maxSdk"), s.maxSdk);
        if (!s.lineage.isEmpty())
            j.insert(QStringLiteral("lineage"), QJsonArray::fromStringList(s.lineage));
        list.append(j);
    }
    if (!list.isEmpty())
        o.insert(QStringLiteral("signers"), list);
    return o;
}

QJsonObject ProvisioningInfo::toJson() const
{
    QJsonObject o;
    putString(o, "name", name);
    putString(o, "uuid", uuid);
    putString(o, "appIdName", appIdName);
    putString(o, "teamId", teamId);
    putString(o, "teamName", teamName);
    putString(o, "applicationIdentifier", applicationIdentifier);
    putString(o, "platform", platform);
    putString(o, "creationDate", iso(creationDate));
    putString(o, "expirationDate", iso(expirationDate));
    putString(o, "type", type);
    o.insert(QStringLiteral("devices"), devices);
    o.insert(QStringLiteral("provisionsAllDevices"), provisionsAllDevices);
    o.insert(QStringLiteral("getTaskAllow"), getTaskAllow);
    putString(o, "apsEnvironment", apsEnvironment);
    o.insert(QStringLiteral("entitlements"), QJsonObject::fromVariantMap(entitlements));
    if (!developerCertificates.isEmpty()) {
        QJsonArray certs;
        for (const auto& c : developerCertificates)
            certs.append(c.toJson());
        o.insert(QStringLiteral("developerCertificates"), certs);
    }
    return o;
}

QString PackageWarning::severityName(Severity s)
{
    switch (s) {
    case Severity::Info:
        return QStringLiteral("info");
    case Severity::Warning:
        return QStringLiteral("warning");
    case Severity::Error:
        return QStringLiteral("error");
    }
    return QStringLiteral("warning");
}

QJsonObject PackageWarning::toJson() const
{
    return {{QStringLiteral("code"), code}, {QStringLiteral("message"), message},
        {QStringLiteral("severity"), severityName(severity)}};
}

QJsonObject ZipFacts::toJson() const
{
    QJsonObject o {{QStringLiteral("isZip"), isZip}, {QStringLiteral("entries"), entries},
        {QStringLiteral("zip64"), zip64}, {QStringLiteral("declaredUncompressed"), declaredUncompressed}};
    putList(o, "encryptedEntries", encryptedEntries);
    putList(o, "duplicateNames", duplicateNames);
    putList(o, "unsafeNames", unsafeNames);
    return o;
}

QJsonObject DsymInfo::toJson() const
{
    QJsonObject o {{QStringLiteral("bundle"), bundle}, {QStringLiteral("binaryPath"), binaryPath}};
    putList(o, "uuids", uuids);
    putList(o, "archs", archs);
    return o;
}

QJsonObject AppExtensionInfo::toJson() const
{
    QJsonObject o {{QStringLiteral("name"), name}};
    putString(o, "packageId", packageId);
    if (provisioning)
        o.insert(QStringLiteral("provisioning"), provisioning->toJson());
    return o;
}

bool PackageInfo::hasWarning(const QString& code) const
{
    return std::any_of(warnings.begin(), warnings.end(), [&](const PackageWarning& w) { return w.code == code; });
}

void PackageInfo::addWarning(const QString& code, const QString& message, PackageWarning::Severity severity)
{
    if (!hasWarning(code))
        warnings.append({code, message, severity});
}

QList<PackageWarning> PackageInfo::rankedWarnings() const
{
    QList<PackageWarning> ranked = warnings;
    std::stable_sort(ranked.begin(), ranked.end(),
        [](const PackageWarning& a, const PackageWarning& b) { return a.severity > b.severity; });
    return ranked;
}

QJsonObject PackageInfo::toJson() const
{
    QJsonObject o {{QStringLiteral("schemaVersion"), kInspectSchemaVersion}, {QStringLiteral("file"), fileName},
        {QStringLiteral("path"), path}, {QStringLiteral("kind"), packageKindName(kind)},
        {QStringLiteral("size"), size}};
    putString(o, "md5", md5);
    putString(o, "sha256", sha256);
    if (zip.isZip)
        o.insert(QStringLiteral("zip"), zip.toJson());
    putString(o, "packageId", packageId);
    if (!versionCode.isEmpty()) {
        bool numeric = false;
        const qint64 code = versionCode.toLongLong(&numeric);
        if (isAndroidKind(kind) && numeric)
            o.insert(QStringLiteral("versionCode"), code);
        else
            o.insert(QStringLiteral("versionCode"), versionCode);
    }
    putString(o, "versionName", versionName);
    putString(o, "label", label);
    if (!labels.isEmpty()) {
        QJsonObject l;
        for (auto it = labels.cbegin(); it != labels.cend(); ++it)
            l.insert(it.key(), it.value());
        o.insert(QStringLiteral("labels"), l);
    }
    putSdk(o, "minSdk", minSdk);
    putSdk(o, "targetSdk", targetSdk);
    putSdk(o, "maxSdk", maxSdk);
    putSdk(o, "compileSdk", compileSdk);
    putString(o, "minimumOsVersion", minimumOsVersion);
    if (!deviceFamily.isEmpty()) {
        QJsonArray df;
        for (int f : deviceFamily)
            df.append(f);
        o.insert(QStringLiteral("deviceFamily"), df);
    }
    putString(o, "platform", platform);
    putString(o, "bundleName", bundleName);
    putString(o, "displayName", displayName);
    putString(o, "executable", executable);
    putList(o, "executableArchs", executableArchs);
    putString(o, "infoPlistFormat", infoPlistFormat);
    putString(o, "sdk", sdk);
    putString(o, "xcode", xcode);
    if (!appExtensions.isEmpty()) {
        QJsonArray ext;
        for (const auto& e : appExtensions)
            ext.append(e.toJson());
        o.insert(QStringLiteral("appExtensions"), ext);
    }
    if (isAndroidKind(kind) && kind != PackageKind::Obb) {
        o.insert(QStringLiteral("permissions"), QJsonArray::fromStringList(permissions));
        o.insert(QStringLiteral("abis"), QJsonArray::fromStringList(abis));
    } else {
        putList(o, "permissions", permissions);
        putList(o, "abis", abis);
    }
    if (debuggable.has_value())
        o.insert(QStringLiteral("debuggable"), *debuggable);
    putString(o, "launchableActivity", launchableActivity);
    putString(o, "splitName", splitName);
    if (isFeatureSplit)
        o.insert(QStringLiteral("isFeatureSplit"), true);
    putList(o, "modules", modules);
    if (!iconsByDensity.isEmpty()) {
        QJsonObject d;
        for (auto it = iconsByDensity.cbegin(); it != iconsByDensity.cend(); ++it)
            d.insert(QString::number(it.key()), it.value());
        o.insert(QStringLiteral("iconsByDensity"), d);
    }
    putString(o, "icon", iconPath);
    putString(o, "publisher", publisher);
    putString(o, "processorArchitecture", processorArchitecture);
    putString(o, "obbType", obbType);
    if (signing.isSigned() || isAndroidKind(kind))
        o.insert(QStringLiteral("signing"), signing.toJson());
    if (provisioning)
        o.insert(QStringLiteral("provisioning"), provisioning->toJson());
    if (!dsyms.isEmpty()) {
        QJsonArray arr;
        for (const auto& d : dsyms)
            arr.append(d.toJson());
        o.insert(QStringLiteral("dsyms"), arr);
    }
    QJsonArray w;
    for (const auto& warning : rankedWarnings())
        w.append(warning.toJson());
    o.insert(QStringLiteral("warnings"), w);
    return o;
}

} // namespace Slipway
