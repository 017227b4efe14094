// IPA and macOS app zips: Info.plist (libplist), the executable's Mach-O header, embedded provisioning
// profile and the app icon (CgBI un-crushed).

#include "applebundle.h"
#include "cgbipng.h"
#include "machoreader.h"
#include "plistreader.h"
#include "provisioning.h"
#include "stringsfile.h"

#include <QCoreApplication>
#include <QFile>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QtEndian>
#include <package/readers.h>
#include <package/ziparchive.h>

Q_LOGGING_CATEGORY(lcApple, "slipway.package.apple")

namespace Slipway {

namespace {

struct Texts
{
    Q_DECLARE_TR_FUNCTIONS(Slipway::AppleReaders)
};

constexpr qint64 kMaxIconBytes = 8 * 1024 * 1024;
constexpr int kMaxIconCandidates = 256;

QStringList stringsIn(const QVariant& v)
{
    QStringList out;
    if (v.typeId() == QMetaType::QString) {
        out.append(v.toString());
        return out;
    }
    for (const QVariant& item : v.toList()) {
        if (item.typeId() == QMetaType::QString)
            out.append(item.toString());
    }
    return out;
}

// Icon base names in the order Info.plist lists them: CFBundleIcons (iPhone), CFBundleIcons~ipad,
// then the legacy CFBundleIconFiles / CFBundleIconFile.
QStringList iconNames(const QVariantMap& plist)
{
    QStringList names;
    auto add = [&names](const QStringList& list) {
        for (const QString& n : list) {
            if (!n.isEmpty() && !names.contains(n))
                names.append(n);
        }
    };
    for (const char* key : {"CFBundleIcons", "CFBundleIcons~ipad"}) {
        const QVariantMap primary
            = plist.value(QLatin1String(key)).toMap().value(QStringLiteral("CFBundlePrimaryIcon")).toMap();
        add(stringsIn(primary.value(QStringLiteral("CFBundleIconFiles"))));
    }
    add(stringsIn(plist.value(QStringLiteral("CFBundleIconFiles"))));
    add(stringsIn(plist.value(QStringLiteral("CFBundleIconFile"))));
    return names;
}

// "AppIcon60x60@2x~ipad.png" → "AppIcon60x60"
QString iconBaseName(QString fileName)
{
    if (fileName.endsWith(QLatin1String(".png"), Qt::CaseInsensitive))
        fileName.chop(4);
    for (const char* suffix : {"~ipad", "~iphone", "~tv"}) {
        if (fileName.endsWith(QLatin1String(suffix)))
            fileName.chop(qsizetype(qstrlen(suffix)));
    }
    static const QRegularExpression scale(QStringLiteral("@[0-9]+x$"));
    fileName.remove(scale);
    return fileName;
}

// The largest PNG-encoded image inside an .icns file (types ic07…ic14 and icp4…icp6 hold PNG or
// JPEG 2000; only PNG is taken), or empty.
QByteArray largestPngInIcns(const QByteArray& icns)
{
    if (icns.size() < 8 || !icns.startsWith("icns"))
        return {};
    QByteArray best;
    qint64 bestArea = -1;
    qsizetype pos = 8;
    for (int n = 0; n < 256 && pos + 8 <= icns.size(); ++n) {
        const quint32 len = qFromBigEndian<quint32>(reinterpret_cast<const uchar*>(icns.constData() + pos + 4));
        if (len < 8 || qint64(len) > icns.size() - pos)
            break;
        const QByteArray data = icns.mid(pos + 8, qsizetype(len) - 8);
        const CgBI::PngHeader h = CgBI::readHeader(data.left(64));
        if (h.valid && qint64(h.width) * h.height > bestArea) {
            bestArea = qint64(h.width) * h.height;
            best = data;
        }
        pos += qsizetype(len);
    }
    return best;
}

// macOS: Contents/Resources/<CFBundleIconFile>[.icns]
void readMacIcon(const ZipArchive& zip, const Apple::BundleLayout& layout, const QVariantMap& plist, PackageInfo& info)
{
    QString name = Apple::stringValue(plist, "CFBundleIconFile");
    if (name.isEmpty() || name.contains(QLatin1Char('/')))
        return;
    if (!name.contains(QLatin1Char('.')))
        name += QLatin1String(".icns");
    const ZipArchive::Entry* e = zip.find(layout.contents + QLatin1String("Resources/") + name);
    if (!e)
        return;
    info.iconPath = e->name;
    auto bytes = zip.read(*e, kMaxIconBytes);
    if (!bytes) {
        info.addWarning(QStringLiteral("icon-unreadable"),
            Texts::tr("The app icon %1 could not be read: %2").arg(e->name, bytes.error().message));
        return;
    }
    info.iconPng
        = name.endsWith(QLatin1String(".png"), Qt::CaseInsensitive) ? bytes.value() : largestPngInIcns(bytes.value());
    if (info.iconPng.isEmpty())
        info.addWarning(QStringLiteral("icon-unreadable"),
            Texts::tr("The app icon %1 holds no PNG image Slipway can show.").arg(e->name),
            PackageWarning::Severity::Info);
}

void readIcon(const ZipArchive& zip, const Apple::BundleLayout& layout, const QVariantMap& plist, PackageInfo& info)
{
    if (layout.macos) {
        readMacIcon(zip, layout, plist, info);
        return;
    }
    QStringList names = iconNames(plist);
    for (QString& n : names) {
        if (n.endsWith(QLatin1String(".png"), Qt::CaseInsensitive))
            n.chop(4);
    }
    if (names.isEmpty())
        return;
    const ZipArchive::Entry* best = nullptr;
    qint64 bestArea = -1;
    int candidates = 0;
    for (const auto& e : zip.entries()) {
        if (!e.name.startsWith(layout.contents) || !e.name.endsWith(QLatin1String(".png"), Qt::CaseInsensitive))
            continue;
        const QString rel = e.name.mid(layout.contents.size());
        if (rel.contains(QLatin1Char('/')) || !names.contains(iconBaseName(rel)))
            continue;
        if (++candidates > kMaxIconCandidates || e.encrypted || e.size > kMaxIconBytes)
            continue;
        auto head = zip.readRange(e, 0, 64);
        if (!head)
            continue;
        const CgBI::PngHeader h = CgBI::readHeader(head.value());
        if (!h.valid)
            continue;
        const qint64 area = qint64(h.width) * h.height;
        if (area > bestArea) {
            best = &e;
            bestArea = area;
        }
    }
    if (!best)
        return;
    info.iconPath = best->name;
    auto bytes = zip.read(*best, kMaxIconBytes);
    if (!bytes) {
        info.addWarning(QStringLiteral("icon-unreadable"),
            Texts::tr("The app icon %1 could not be read: %2").arg(best->name, bytes.error().message));
        return;
    }
    auto png = CgBI::toStandardPng(bytes.value());
    if (!png) {
        info.addWarning(QStringLiteral("icon-unreadable"),
            Texts::tr("The app icon %1 could not be decoded: %2").arg(best->name, png.error().message),
            PackageWarning::Severity::Info);
        return;
    }
    info.iconPng = std::move(png).value();
}

// Localized display names from <lang>.lproj/InfoPlist.strings (at the bundle root on iOS, in
// Contents/Resources/ on macOS): CFBundleDisplayName, else CFBundleName.
void readLocalizedNames(const ZipArchive& zip, const Apple::BundleLayout& layout, PackageInfo& info)
{
    constexpr int kMaxLocales = 300;
    const QString dir = layout.macos ? layout.contents + QLatin1String("Resources/") : layout.contents;
    static const QRegularExpression re(QStringLiteral("^([^/]+)\\.lproj/InfoPlist\\.strings$"));
    int seen = 0;
    qint64 budget = 16 * 1024 * 1024; // all strings files together
    for (const auto& e : zip.entries()) {
        if (!e.name.startsWith(dir))
            continue;
        const auto m = re.match(QStringView(e.name).mid(dir.size()));
        if (!m.hasMatch() || e.encrypted || e.size > StringsFile::kMaxBytes || ++seen > kMaxLocales)
            continue;
        budget -= e.size;
        if (budget < 0)
            break;
        auto bytes = zip.read(e, StringsFile::kMaxBytes);
        if (!bytes)
            continue;
        auto strings = StringsFile::parse(bytes.value());
        if (!strings)
            continue;
        QString name = strings->value(QStringLiteral("CFBundleDisplayName"));
        if (name.isEmpty())
            name = strings->value(QStringLiteral("CFBundleName"));
        if (!name.isEmpty())
            info.labels.insert(m.captured(1), name);
    }
}

void readExecutableArchs(const ZipArchive& zip, const Apple::BundleLayout& layout, PackageInfo& info)
{
    if (info.executable.isEmpty() || info.executable.contains(QLatin1Char('/')))
        return;
    const ZipArchive::Entry* e = zip.find(layout.executableDir + info.executable);
    if (!e) {
        info.addWarning(QStringLiteral("executable-missing"),
            Texts::tr("The executable %1 named in Info.plist is not in the bundle.").arg(info.executable),
            PackageWarning::Severity::Error);
        return;
    }
    auto head = zip.readRange(*e, 0, MachO::kHeaderProbeBytes);
    if (!head) {
        info.addWarning(QStringLiteral("executable-unreadable"),
            Texts::tr("The executable %1 could not be read: %2").arg(info.executable, head.error().message));
        return;
    }
    auto slices = MachO::parseSlices(head.value(), e->size);
    if (!slices) {
        info.addWarning(QStringLiteral("executable-not-macho"),
            Texts::tr("The executable %1 is not a valid Mach-O binary: %2")
                .arg(info.executable, slices.error().message),
            PackageWarning::Severity::Error);
        return;
    }
    for (const auto& s : slices.value())
        info.executableArchs.append(s.arch);
}

// The provisioning profile at `path`, or nothing (with a warning naming `owner` when it is unreadable).
std::optional<ProvisioningInfo> readProfileAt(
    const ZipArchive& zip, const QString& path, const QString& owner, PackageInfo& info)
{
    const ZipArchive::Entry* e = zip.find(path);
    if (!e)
        return std::nullopt;
    auto bytes = zip.read(*e, Provisioning::kMaxProfileBytes);
    auto profile = bytes ? Provisioning::parse(bytes.value()) : Result<ProvisioningInfo>(bytes.error());
    if (!profile) {
        info.addWarning(QStringLiteral("profile-unreadable"),
            Texts::tr("The provisioning profile of %1 is unreadable: %2").arg(owner, profile.error().message),
            PackageWarning::Severity::Error);
        return std::nullopt;
    }
    return std::move(profile).value();
}

// App extensions (PlugIns/<Name>.appex) carry their own Info.plist and profile.
void readAppExtensions(const ZipArchive& zip, const Apple::BundleLayout& layout, PackageInfo& info)
{
    constexpr int kMaxExtensions = 64;
    constexpr qint64 kMaxExtensionPlistBytes = 1024 * 1024;
    const QString plugins = layout.contents + QLatin1String("PlugIns/");
    const QString plistSuffix = layout.macos ? QStringLiteral("/Contents/Info.plist") : QStringLiteral("/Info.plist");
    for (const auto& e : zip.entries()) {
        if (!e.name.startsWith(plugins) || !e.name.endsWith(plistSuffix))
            continue;
        const QString name = e.name.mid(plugins.size()).chopped(plistSuffix.size());
        if (!name.endsWith(QLatin1String(".appex")) || name.contains(QLatin1Char('/')))
            continue;
        if (info.appExtensions.size() >= kMaxExtensions)
            break;
        AppExtensionInfo ext;
        ext.name = name;
        auto bytes = zip.read(e, kMaxExtensionPlistBytes);
        auto doc = bytes ? Plist::parse(bytes.value(), e.name) : Result<Plist::Document>(bytes.error());
        if (doc && doc->root.typeId() == QMetaType::QVariantMap)
            ext.packageId = Apple::stringValue(doc->root.toMap(), "CFBundleIdentifier");
        const QString extRoot = plugins + name + (layout.macos ? QStringLiteral("/Contents/") : QStringLiteral("/"));
        ext.provisioning = readProfileAt(zip, extRoot + layout.profileName, name, info);
        info.appExtensions.append(ext);
    }
}

// The first `Payload/<Name>.app/` bundle that has an Info.plist, and the bundles that have none.
QStringList ipaBundles(const ZipArchive& zip, QStringList* withoutPlist)
{
    static const QRegularExpression re(QStringLiteral("^Payload/([^/]+\\.app)/"));
    QStringList bundles;
    QStringList seen;
    for (const auto& e : zip.entries()) {
        const auto m = re.match(e.name);
        if (!m.hasMatch())
            continue;
        const QString root = m.captured(0);
        if (!seen.contains(root))
            seen.append(root);
        if (e.name == root + QLatin1String("Info.plist") && !bundles.contains(root))
            bundles.append(root);
    }
    if (withoutPlist) {
        for (const QString& r : seen) {
            if (!bundles.contains(r))
                withoutPlist->append(r);
        }
    }
    return bundles;
}

} // namespace

namespace Apple {

QString stringValue(const QVariantMap& map, const char* key)
{
    const QVariant v = map.value(QLatin1String(key));
    switch (v.typeId()) {
    case QMetaType::QString:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Double:
        return v.toString();
    default:
        return {};
    }
}

QString platformFromInfo(const QVariantMap& plist, const QString& fallback)
{
    QString name = stringValue(plist, "DTPlatformName").toLower();
    if (name.isEmpty())
        name = stringsIn(plist.value(QStringLiteral("CFBundleSupportedPlatforms"))).value(0).toLower();
    if (name.startsWith(QLatin1String("iphone")))
        return QStringLiteral("ios");
    if (name.startsWith(QLatin1String("appletv")))
        return QStringLiteral("tvos");
    if (name.startsWith(QLatin1String("watch")))
        return QStringLiteral("watchos");
    if (name.startsWith(QLatin1String("xr")) || name.startsWith(QLatin1String("vision")))
        return QStringLiteral("visionos");
    if (name.startsWith(QLatin1String("macos")))
        return QStringLiteral("macos");
    const QVariantList families = plist.value(QStringLiteral("UIDeviceFamily")).toList();
    if (!families.isEmpty()) {
        switch (families.first().toInt()) {
        case 3:
            return QStringLiteral("tvos");
        case 4:
            return QStringLiteral("watchos");
        case 7:
            return QStringLiteral("visionos");
        default:
            return QStringLiteral("ios");
        }
    }
    return fallback;
}

Status readAppBundle(const ZipArchive& zip, const BundleLayout& layout, PackageInfo& info, bool verify)
{
    const QString plistPath = layout.contents + QLatin1String("Info.plist");
    auto bytes = zip.read(plistPath, Plist::kMaxBytes);
    if (!bytes)
        return Error(Error::Kind::InvalidPackage,
            Texts::tr("%1 cannot be read: %2").arg(plistPath, bytes.error().message), bytes.error().details);
    auto doc = Plist::parse(bytes.value(), plistPath);
    if (!doc)
        return doc.error();
    if (doc->root.typeId() != QMetaType::QVariantMap)
        return Error(Error::Kind::InvalidPackage, Texts::tr("%1 is not a dictionary.").arg(plistPath));
    const QVariantMap plist = doc->root.toMap();

    info.infoPlistFormat = Plist::formatName(doc->format);
    info.packageId = stringValue(plist, "CFBundleIdentifier");
    info.versionName = stringValue(plist, "CFBundleShortVersionString");
    info.versionCode = stringValue(plist, "CFBundleVersion");
    info.bundleName = stringValue(plist, "CFBundleName");
    info.executable = stringValue(plist, "CFBundleExecutable");
    info.displayName = stringValue(plist, "CFBundleDisplayName");
    if (info.displayName.isEmpty())
        info.displayName = info.bundleName;
    if (info.displayName.isEmpty())
        info.displayName = info.executable;
    info.label = info.displayName;
    info.minimumOsVersion = stringValue(plist, layout.macos ? "LSMinimumSystemVersion" : "MinimumOSVersion");
    if (info.minimumOsVersion.isEmpty())
        info.minimumOsVersion = stringValue(plist, layout.macos ? "MinimumOSVersion" : "LSMinimumSystemVersion");
    const QVariant family = plist.value(QStringLiteral("UIDeviceFamily"));
    const QVariantList families = family.typeId() == QMetaType::QVariantList ? family.toList() : QVariantList {family};
    for (const QVariant& f : families) {
        bool ok = false;
        const int n = f.toInt(&ok);
        if (ok && !info.deviceFamily.contains(n))
            info.deviceFamily.append(n);
    }
    info.sdk = stringValue(plist, "DTSDKName");
    info.xcode = stringValue(plist, "DTXcode");
    info.platform = layout.macos ? QStringLiteral("macos") : platformFromInfo(plist, QStringLiteral("ios"));
    if (info.packageId.isEmpty())
        info.addWarning(QStringLiteral("no-bundle-identifier"),
            Texts::tr("Info.plist has no CFBundleIdentifier; no store accepts this bundle."),
            PackageWarning::Severity::Error);
    if (zip.contains(layout.contents + QLatin1String("_CodeSignature/CodeResources")))
        info.signing.schemes.append(QStringLiteral("codesign"));

    readExecutableArchs(zip, layout, info);
    info.provisioning = readProfileAt(zip, layout.contents + layout.profileName, layout.root.chopped(1), info);
    readAppExtensions(zip, layout, info);
    if (verify)
        verifyCodeSignature(zip, layout, info);
    readIcon(zip, layout, plist, info);
    readLocalizedNames(zip, layout, info);
    qCDebug(lcApple) << "read bundle" << layout.root << info.packageId << info.executableArchs;
    return Ok {};
}

} // namespace Apple

namespace Readers {

Status readIpa(const ZipArchive& zip, PackageInfo& info, const ReadOptions& options)
{
    QStringList withoutPlist;
    const QStringList bundles = ipaBundles(zip, &withoutPlist);
    if (bundles.isEmpty()) {
        const QString detail = withoutPlist.isEmpty()
            ? Texts::tr("no Payload/<Name>.app/ folder")
            : Texts::tr("app bundle without Info.plist: %1").arg(withoutPlist.join(QStringLiteral(", ")));
        // Finder "Compress" of a folder holding Payload/ puts the app one level down; devices refuse that.
        static const QRegularExpression nested(QStringLiteral("^(?!__MACOSX/).+/Payload/[^/]+\\.app/Info\\.plist$"));
        for (const auto& e : zip.entries()) {
            if (nested.match(e.name).hasMatch()) {
                return Error(Error::Kind::InvalidPackage,
                    Texts::tr("%1 is not a valid IPA: its app is at %2 instead of Payload/ at the archive root "
                              "(zip the Payload folder itself, not the folder around it).")
                        .arg(info.fileName, e.name),
                    detail);
            }
        }
        return Error(Error::Kind::InvalidPackage,
            Texts::tr("%1 is not a valid IPA: it has no Payload/<Name>.app/Info.plist at the archive root.")
                .arg(info.fileName),
            detail);
    }
    Apple::BundleLayout layout;
    layout.root = bundles.first();
    layout.contents = layout.root;
    layout.executableDir = layout.root;
    layout.profileName = QStringLiteral("embedded.mobileprovision");
    if (bundles.size() > 1)
        info.addWarning(QStringLiteral("multiple-app-bundles"),
            Texts::tr("The IPA holds %1 app bundles under Payload/; Slipway shows %2.")
                .arg(bundles.size())
                .arg(layout.root));
    return Apple::readAppBundle(zip, layout, info, options.verifySignatures);
}

Status readMacAppZip(const ZipArchive& zip, PackageInfo& info, const ReadOptions& options)
{
    static const QRegularExpression re(QStringLiteral("^((?:[^/]+/)*[^/]+\\.app/)Contents/Info\\.plist$"));
    QString root;
    for (const auto& e : zip.entries()) {
        if (e.name.startsWith(QLatin1String("__MACOSX/")))
            continue;
        const auto m = re.match(e.name);
        if (m.hasMatch() && (root.isEmpty() || m.captured(1).count(QLatin1Char('/')) < root.count(QLatin1Char('/'))))
            root = m.captured(1);
    }
    if (root.isEmpty())
        return Error(Error::Kind::InvalidPackage,
            Texts::tr("%1 holds no <Name>.app/Contents/Info.plist, so it is not a macOS app.").arg(info.fileName));
    Apple::BundleLayout layout;
    layout.root = root;
    layout.contents = root + QLatin1String("Contents/");
    layout.executableDir = layout.contents + QLatin1String("MacOS/");
    layout.profileName = QStringLiteral("embedded.provisionprofile");
    layout.macos = true;
    return Apple::readAppBundle(zip, layout, info, options.verifySignatures);
}

Status readMobileProvision(const QString& path, PackageInfo& info)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Error(Error::Kind::Io, Texts::tr("%1 cannot be read: %2.").arg(info.fileName, f.errorString()));
    if (f.size() > Provisioning::kMaxProfileBytes)
        return Error(
            Error::Kind::InvalidPackage, Texts::tr("%1 is too large to be a provisioning profile.").arg(info.fileName));
    const QByteArray data = f.read(Provisioning::kMaxProfileBytes);
    auto profile = Provisioning::parse(data);
    if (!profile)
        return Error(profile.error().kind, Texts::tr("%1: %2").arg(info.fileName, profile.error().message),
            profile.error().details);
    info.provisioning = std::move(profile).value();
    const ProvisioningInfo& p = *info.provisioning;
    info.label = p.name;
    info.displayName = p.name;
    const QStringList platforms = p.platform.split(QLatin1Char(','), Qt::SkipEmptyParts);
    if (platforms.contains(QStringLiteral("OSX")))
        info.platform = QStringLiteral("macos");
    else if (platforms.contains(QStringLiteral("tvOS")))
        info.platform = QStringLiteral("tvos");
    else if (platforms.contains(QStringLiteral("iOS")))
        info.platform = QStringLiteral("ios");
    return Ok {};
}

} // namespace Readers

} // namespace Slipway
