// Readers::readAab: the base module's protobuf manifest and resources.pb, modules, ABIs, the icon and the
// JAR signature (bundles have no APK Signing Block).
#include <QCoreApplication>
#include <QRegularExpression>
#include <package/android/apksigning.h>
#include <package/android/manifestreader.h>
#include <package/android/protomanifest.h>
#include <package/readers.h>
#include <package/ziparchive.h>

namespace Slipway::Readers {

namespace {

constexpr qint64 kMaxManifestBytes = 16 * 1024 * 1024;
constexpr qint64 kMaxResourcesBytes = 64 * 1024 * 1024;
constexpr qint64 kMaxIconBytes = 4 * 1024 * 1024;

struct Texts
{
    Q_DECLARE_TR_FUNCTIONS(Slipway::AabReader)
};

} // namespace

Status readAab(const ZipArchive& zip, PackageInfo& info, const ReadOptions& options)
{
    using namespace Android;
    info.platform = QStringLiteral("android");
    const QString manifestName = QStringLiteral("base/manifest/AndroidManifest.xml");
    auto manifestBytes = zip.read(manifestName, kMaxManifestBytes);
    if (!manifestBytes)
        return Error(Error::Kind::InvalidPackage,
            Texts::tr("The bundle's base manifest cannot be read: %1").arg(manifestBytes.error().message));
    auto tree = parseProtoXml(manifestBytes.value());
    if (!tree)
        return tree.error();

    std::optional<ProtoResourceTable> table;
    if (zip.contains(QStringLiteral("base/resources.pb"))) {
        auto bytes = zip.read(QStringLiteral("base/resources.pb"), kMaxResourcesBytes);
        if (bytes) {
            auto parsed = ProtoResourceTable::parse(bytes.value());
            if (parsed)
                table = std::move(parsed).value();
            else
                info.addWarning(QStringLiteral("resources-unreadable"), parsed.error().message);
        } else {
            info.addWarning(QStringLiteral("resources-unreadable"), bytes.error().message);
        }
    }
    const Status st = readManifest(tree.value(), table ? &*table : nullptr, info);
    if (!st)
        return st;

    static const QRegularExpression moduleManifest(QStringLiteral("^([^/]+)/manifest/AndroidManifest\\.xml$"));
    QStringList modules;
    for (const ZipArchive::Entry& e : zip.entries()) {
        const auto m = moduleManifest.match(e.name);
        if (m.hasMatch() && !modules.contains(m.captured(1)))
            modules.append(m.captured(1));
    }
    modules.sort();
    info.modules = modules;
    info.abis = abisFromEntries(zip.names(), QStringLiteral("base/lib/"));
    if (!zip.contains(QStringLiteral("BundleConfig.pb")))
        info.addWarning(QStringLiteral("bundle-config-missing"),
            Texts::tr("The bundle has no BundleConfig.pb; bundletool and Google Play will reject it."),
            PackageWarning::Severity::Error);

    // Resource file paths are relative to the module.
    if (!info.iconPath.isEmpty())
        info.iconPath.prepend(QStringLiteral("base/"));
    for (auto it = info.iconsByDensity.begin(); it != info.iconsByDensity.end(); ++it)
        it.value().prepend(QStringLiteral("base/"));
    if (info.iconPath.endsWith(QLatin1String(".png"), Qt::CaseInsensitive)) {
        auto png = zip.read(info.iconPath, kMaxIconBytes);
        if (png)
            info.iconPng = png.value();
    }
    readJarSigning(zip, info, QStringLiteral("jar"), options.verifySignatures);
    return Ok {};
}

} // namespace Slipway::Readers
