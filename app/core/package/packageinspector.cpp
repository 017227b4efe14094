#include "packageinspector.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QPointer>
#include <QRegularExpression>
#include <QThreadPool>
#include <common/workerjob.h>
#include <package/filehasher.h>
#include <package/readers.h>
#include <package/ziparchive.h>

Q_LOGGING_CATEGORY(lcInspect, "slipway.package")

namespace Slipway {

namespace {

struct Texts
{
    Q_DECLARE_TR_FUNCTIONS(Slipway::PackageInspector)
};

bool looksLikeObbName(const QString& fileName)
{
    // Most names are not .obb: they skip the pattern, whose first use compiles it (6 % of inspecting hn.apk,
    // docs/performance.md).
    if (!fileName.endsWith(QLatin1String(".obb"), Qt::CaseInsensitive))
        return false;
    static const QRegularExpression re(
        QStringLiteral("^(main|patch)\\.\\d+\\..+\\.obb$"), QRegularExpression::CaseInsensitiveOption);
    return re.match(fileName).hasMatch();
}

// A DER SEQUENCE at offset 0 and no zip magic: a CMS blob such as a provisioning profile.
bool looksLikeCms(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return false;
    const QByteArray head = f.read(4);
    return head.size() == 4 && uchar(head[0]) == 0x30 && (uchar(head[1]) == 0x80 || (uchar(head[1]) & 0x80));
}

Status readByKind(const ZipArchive& zip, PackageInfo& info, const InspectOptions& inspect)
{
    Readers::ReadOptions options;
    options.verifySignatures = inspect.verifySignatures;
    switch (info.kind) {
    case PackageKind::Apk:
        return Readers::readApk(zip, info, options);
    case PackageKind::Aab:
        return Readers::readAab(zip, info, options);
    case PackageKind::Ipa:
        return Readers::readIpa(zip, info, options);
    case PackageKind::MacOsAppZip:
        return Readers::readMacAppZip(zip, info, options);
    case PackageKind::DsymZip:
        return Readers::readDsymZip(zip, info);
    case PackageKind::Appx:
    case PackageKind::Msix:
    case PackageKind::AppxBundle:
        return Readers::readAppx(zip, info);
    default:
        return Ok {};
    }
}

} // namespace

PackageKind PackageInspector::detectKind(const ZipArchive& zip, const QString& fileName)
{
    const QString lower = fileName.toLower();
    if (zip.contains(QStringLiteral("AndroidManifest.xml")))
        return PackageKind::Apk;
    if (zip.contains(QStringLiteral("base/manifest/AndroidManifest.xml")))
        return PackageKind::Aab;
    // Android content without a manifest is still an APK (a broken one): the reader then says what is missing.
    if (zip.contains(QStringLiteral("classes.dex")) || zip.contains(QStringLiteral("resources.arsc")))
        return PackageKind::Apk;
    if (zip.contains(QStringLiteral("AppxMetadata/AppxBundleManifest.xml")))
        return PackageKind::AppxBundle;
    if (zip.contains(QStringLiteral("AppxManifest.xml")))
        return lower.endsWith(QLatin1String(".msix")) ? PackageKind::Msix : PackageKind::Appx;

    static const QRegularExpression ipaPlist(QStringLiteral("^Payload/[^/]+\\.app/"));
    static const QRegularExpression macApp(QStringLiteral("^(?:[^/]+/)*[^/]+\\.app/Contents/Info\\.plist$"));
    static const QRegularExpression dsym(QStringLiteral("\\.dSYM/Contents/(?:Info\\.plist|Resources/DWARF/)"),
        QRegularExpression::CaseInsensitiveOption); // "ios.DSYM" exists
    bool sawIpa = false;
    bool sawMac = false;
    bool sawDsym = false;
    for (const auto& e : zip.entries()) {
        if (e.name.startsWith(QLatin1String("__MACOSX/")))
            continue;
        if (!sawIpa && ipaPlist.match(e.name).hasMatch())
            sawIpa = true;
        else if (!sawMac && macApp.match(e.name).hasMatch())
            sawMac = true;
        else if (!sawDsym && dsym.match(e.name).hasMatch())
            sawDsym = true;
    }
    if (sawIpa)
        return PackageKind::Ipa;
    if (sawMac)
        return PackageKind::MacOsAppZip;
    if (sawDsym)
        return PackageKind::DsymZip;
    // A zip named .ipa without Payload/<Name>.app/ at its root: the IPA reader explains what is wrong.
    if (lower.endsWith(QLatin1String(".ipa")))
        return PackageKind::Ipa;
    return PackageKind::Zip;
}

Result<QList<PackageInfo>> PackageInspector::inspectAll(
    const QStringList& paths, const std::function<void(qint64 done)>& progress, const std::atomic_bool* cancel)
{
    qint64 offset = 0;
    QList<PackageInfo> packages;
    for (const QString& path : paths) {
        auto inspected = inspect(
            path, InspectOptions(),
            [&](qint64 done, qint64) {
                if (progress)
                    progress(offset + done);
            },
            cancel);
        if (!inspected)
            return inspected.error();
        offset += inspected->size;
        packages.append(std::move(inspected).value());
    }
    return packages;
}

Result<PackageInfo> PackageInspector::inspect(
    const QString& path, const Options& options, const ProgressFn& progress, const std::atomic_bool* cancel)
{
    const QFileInfo fi(path);
    PackageInfo info;
    info.path = fi.absoluteFilePath();
    info.fileName = fi.fileName();
    if (!fi.exists())
        return Error(Error::Kind::Io, Texts::tr("%1 does not exist.").arg(path));
    if (fi.isDir())
        return Error(Error::Kind::InvalidPackage, Texts::tr("%1 is a folder, not a package file.").arg(info.fileName));
    if (!fi.isReadable())
        return Error(Error::Kind::Io, Texts::tr("%1 cannot be read: permission denied.").arg(info.fileName));
    info.size = fi.size();
    if (info.size == 0)
        return Error(Error::Kind::InvalidPackage, Texts::tr("%1 is empty (0 bytes).").arg(info.fileName));
    {
        QFile probe(path);
        if (!probe.open(QIODevice::ReadOnly))
            return Error(Error::Kind::Io, Texts::tr("%1 cannot be read: %2.").arg(info.fileName, probe.errorString()));
    }

    const QDateTime now = options.now.isValid() ? options.now : QDateTime::currentDateTimeUtc();
    if (looksLikeObbName(info.fileName)) {
        info.kind = PackageKind::Obb;
        Readers::readObbName(info);
    } else if (info.fileName.endsWith(QLatin1String(".mobileprovision"), Qt::CaseInsensitive)
        || info.fileName.endsWith(QLatin1String(".provisionprofile"), Qt::CaseInsensitive) || looksLikeCms(path)) {
        info.kind = PackageKind::MobileProvision;
        const Status st = Readers::readMobileProvision(path, info);
        if (!st)
            return st.error();
    } else {
        auto opened = ZipArchive::open(path);
        if (!opened)
            return opened.error();
        const ZipArchive& zip = *opened.value();
        if (zip.count() == 0)
            return Error(Error::Kind::InvalidPackage,
                Texts::tr("%1 is an empty zip archive: it holds no files.").arg(info.fileName));
        info.zip = zip.facts();
        info.kind = detectKind(zip, info.fileName);
        const Status st = readByKind(zip, info, options);
        if (!st)
            return st.error();
    }
    addWarnings(info, now);

    if (options.computeHashes) {
        auto digests = FileHasher::hash(path, progress, cancel);
        if (!digests)
            return digests.error();
        info.md5 = digests->md5;
        info.sha256 = digests->sha256;
    }
    qCDebug(lcInspect) << "inspected" << info.fileName << packageKindName(info.kind) << info.packageId;
    return info;
}

void PackageInspector::addWarnings(PackageInfo& info, const QDateTime& now)
{
    using S = PackageWarning::Severity;
    if (!info.zip.encryptedEntries.isEmpty()) {
        info.addWarning(QStringLiteral("encrypted-entries"),
            Texts::tr("%n entries are encrypted; stores and devices cannot read them.", nullptr,
                info.zip.encryptedEntries.size()),
            S::Error);
    }
    if (!info.zip.duplicateNames.isEmpty()) {
        info.addWarning(QStringLiteral("duplicate-entry-names"),
            Texts::tr("The archive holds several entries named %1: tools disagree on which one counts.")
                .arg(info.zip.duplicateNames.first()),
            S::Error);
    }
    if (!info.zip.unsafeNames.isEmpty()) {
        info.addWarning(QStringLiteral("unsafe-entry-names"),
            Texts::tr("The archive has entries with unsafe paths (absolute, \"..\" or control characters), "
                      "such as %1.")
                .arg(info.zip.unsafeNames.first()),
            S::Error);
    }
    if (info.kind == PackageKind::Zip) {
        info.addWarning(QStringLiteral("not-an-app-package"),
            Texts::tr("This is a plain zip archive, not an app package Slipway recognises."), S::Info);
    }
    if (isAndroidKind(info.kind))
        Readers::addAndroidWarnings(info, now);
    if (isAppleKind(info.kind))
        Readers::addAppleWarnings(info, now);
}

QList<PackageWarning> PackageInspector::checkCompanions(
    const PackageInfo& primary, const QList<PackageInfo>& companions)
{
    QList<PackageWarning> out;
    for (const PackageInfo& c : companions) {
        if (c.kind != PackageKind::Obb || primary.kind != PackageKind::Apk)
            continue;
        if (!c.packageId.isEmpty() && c.packageId != primary.packageId) {
            out.append({QStringLiteral("obb-package-mismatch"),
                Texts::tr("%1 belongs to %2, not to %3.").arg(c.fileName, c.packageId, primary.packageId),
                PackageWarning::Severity::Error});
        }
        if (!c.versionCode.isEmpty() && c.obbType == QLatin1String("main") && c.versionCode != primary.versionCode) {
            out.append({QStringLiteral("obb-version-mismatch"),
                Texts::tr("%1 is for version code %2, but the APK has version code %3.")
                    .arg(c.fileName, c.versionCode, primary.versionCode),
                PackageWarning::Severity::Warning});
        }
    }
    return out;
}

QList<QList<PackageInfo>> PackageInspector::groupForPublish(const QList<PackageInfo>& packages)
{
    auto isCompanion = [](PackageKind k) {
        return k == PackageKind::Obb || k == PackageKind::DsymZip || k == PackageKind::MobileProvision;
    };
    QList<QList<PackageInfo>> groups;
    for (const PackageInfo& p : packages) {
        if (!isCompanion(p.kind))
            groups.append({p});
    }
    for (const PackageInfo& c : packages) {
        if (!isCompanion(c.kind))
            continue;
        QList<PackageInfo>* home = nullptr;
        for (auto& g : groups) {
            const PackageInfo& primary = g.first();
            if (isCompanion(primary.kind))
                continue;
            const bool sameApp = !c.packageId.isEmpty() && c.packageId == primary.packageId;
            const bool appleDebug = c.kind == PackageKind::DsymZip && isAppleKind(primary.kind);
            if (sameApp || (appleDebug && !home))
                home = &g;
            if (sameApp)
                break;
        }
        if (!home && c.kind == PackageKind::Obb) {
            for (auto& g : groups) {
                if (g.first().kind == PackageKind::Apk) {
                    home = &g; // a mismatching OBB still goes with the APK, where checkCompanions() warns about it
                    break;
                }
            }
        }
        if (home)
            home->append(c);
        else
            groups.append({c});
    }
    return groups;
}

InspectJob::InspectJob(const QString& path, const PackageInspector::Options& options, QObject* parent)
    : ValueJob<PackageInfo>(parent)
    , m_path(path)
    , m_options(options)
{ }

InspectJob::~InspectJob() = default;

void InspectJob::start()
{
    setStatus(Texts::tr("Inspecting %1").arg(QFileInfo(m_path).fileName()));
    runOnWorker(this, [path = m_path, options = m_options](std::atomic_bool* cancel, const WorkerProgress& progress) {
        return PackageInspector::inspect(path, options, progress, cancel);
    });
}

} // namespace Slipway
