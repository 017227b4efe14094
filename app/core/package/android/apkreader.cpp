// Readers::readApk: the binary manifest, resources.arsc for references, native ABIs, the icon and signing.
#include <QCoreApplication>
#include <QFile>
#include <QLoggingCategory>
#include <cstring>
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

struct Texts
{
    Q_DECLARE_TR_FUNCTIONS(Slipway::ApkReader)
};

// Android's own zip reader (libziparchive) is stricter than libzip: it refuses archives whose first entry
// is not at offset 0 (the Janus attack prepends a DEX) and entry names with a NUL byte. Both are checked
// on the raw bytes (bounded: 4 bytes, and the central directory up to 16 MiB, ZipArchive::centralRecords).
void checkAndroidZipRules(const ZipArchive& zip, PackageInfo& info)
{
    QFile f(zip.path());
    if (!f.open(QIODevice::ReadOnly))
        return;
    const QByteArray head = f.read(4);
    f.close();
    if (head != QByteArray("PK\x03\x04", 4) && zip.count() > 0) {
        info.addWarning(QStringLiteral("apk-prefix-data"),
            Texts::tr("Data precedes the first zip entry (as in the Janus attack, CVE-2017-13156): Android "
                      "refuses to install this APK."),
            PackageWarning::Severity::Error);
    }
    for (const ZipArchive::CentralRecord& record : zip.centralRecords()) { // empty when over 16 MiB or unreadable
        if (record.nameHasNul) {
            info.addWarning(QStringLiteral("entry-name-nul"),
                Texts::tr("An entry name contains a NUL character: Android refuses to install this APK."),
                PackageWarning::Severity::Error);
            break;
        }
    }
}

} // namespace

Status readApk(const ZipArchive& zip, PackageInfo& info, const ReadOptions& options)
{
    using namespace Android;
    info.platform = QStringLiteral("android");
    auto manifestBytes = zip.read(QStringLiteral("AndroidManifest.xml"), kMaxManifestBytes);
    if (!manifestBytes)
        return Error(Error::Kind::InvalidPackage,
            Texts::tr("The APK's AndroidManifest.xml cannot be read: %1").arg(manifestBytes.error().message));
    auto tree = parseBinaryXml(manifestBytes.value());
    if (!tree)
        return tree.error();

    std::optional<ArscTable> table;
    if (const ZipArchive::Entry* arsc = zip.find(QStringLiteral("resources.arsc"))) {
        // Read where the lookups go, not whole: it is stored uncompressed and can be tens of MB.
        auto arscBytes = zip.readOnDemand(*arsc, kMaxArscBytes);
        if (arscBytes) {
            auto parsed = ArscTable::parse(std::shared_ptr<const OnDemandBytes>(std::move(arscBytes).value()));
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
    readApkSigning(zip, info, options.verifySignatures);
    checkAndroidZipRules(zip, info);
    return Ok {};
}

} // namespace Slipway::Readers
