// Readers::readApk: the binary manifest, resources.arsc for references, native ABIs, the icon and signing.
#include <QCoreApplication>
#include <QLoggingCategory>
#include <package/android/apksigning.h>
#include <package/android/binaryxml.h>
#include <package/android/manifestreader.h>
#include <package/android/resourcetable.h>
#include <package/readers.h>
#include <package/ziparchive.h>

Q_LOGGING_CATEGORY(lcAndroid, "slipway.package.android")

namespace Slipway::Readers {

namespace {

constexpr qint64 kMaxManifestBytes = 16 * 1024 * 1024;
constexpr qint64 kMaxArscBytes = 64 * 1024 * 1024;
constexpr qint64 kMaxIconBytes = 4 * 1024 * 1024;

QString tr(const char* text)
{
    return QCoreApplication::translate("ApkReader", text);
}

} // namespace

Status readApk(const ZipArchive& zip, PackageInfo& info)
{
    using namespace Android;
    info.platform = QStringLiteral("android");
    auto manifestBytes = zip.read(QStringLiteral("AndroidManifest.xml"), kMaxManifestBytes);
    if (!manifestBytes)
        return Error(Error::Kind::InvalidPackage,
            tr("The APK's AndroidManifest.xml cannot be read: %1").arg(manifestBytes.error().message));
    auto tree = parseBinaryXml(manifestBytes.value());
    if (!tree)
        return tree.error();

    std::optional<ArscTable> table;
    if (zip.contains(QStringLiteral("resources.arsc"))) {
        auto arscBytes = zip.read(QStringLiteral("resources.arsc"), kMaxArscBytes);
        if (arscBytes) {
            auto parsed = ArscTable::parse(arscBytes.value());
            if (parsed)
                table = std::move(parsed).value();
            else
                info.addWarning(QStringLiteral("resources-unreadable"), parsed.error().message);
        } else {
            info.addWarning(QStringLiteral("resources-unreadable"), arscBytes.error().message);
        }
    }
    const Status st = readManifest(tree.value(), table ? &*table : nullptr, info);
    if (!st)
        return st;

    info.abis = abisFromEntries(zip.names(), QStringLiteral("lib/"));
    if (!info.iconPath.isEmpty() && info.iconPath.endsWith(QLatin1String(".png"), Qt::CaseInsensitive)) {
        auto png = zip.read(info.iconPath, kMaxIconBytes);
        if (png)
            info.iconPng = png.value();
        else
            qCDebug(lcAndroid) << "icon not readable" << info.iconPath << png.error().message;
    }
    readApkSigning(zip, info);
    return Ok {};
}

} // namespace Slipway::Readers
