#include "localprovider.h"

#include <QFileInfo>
#include <common/workerjob.h>
#include <library/locallibrary.h>
#include <package/packageinspector.h>
#include <providers/downloadcheck.h>
#include <providers/providerregistry.h>

namespace Slipway {

void LocalProvider::registerService()
{
    ServiceInfo info;
    info.id = QStringLiteral("local");
    info.displayName = tr("Local library");
    FieldSpec path;
    path.key = QStringLiteral("path");
    path.label = tr("Library folder");
    path.type = FieldSpec::Type::Path;
    path.help = tr("Folder of the catalog and the stored packages; may be on a shared drive.");
    info.accountFields = {path};
    // A version is unique by package, version code and label (library/locallibrary.cpp); a development store.
    info.limits.labelDistinguishesCodes = true;
    info.limits.source = QStringLiteral("app/core/library/locallibrary.cpp");
    ProviderRegistry::registerService(
        info, [](const Account& account, const ProviderContext& context, QObject* parent) {
            QString path = account.field(QStringLiteral("path"));
            if (path.isEmpty())
                path = context.libraryPath;
            return new LocalProvider(account.name, path, parent);
        });
}

LocalProvider::LocalProvider(const QString& accountName, const QString& libraryPath, QObject* parent)
    : Provider(parent)
    , m_accountName(accountName)
    , m_libraryPath(libraryPath.isEmpty() ? LocalLibrary::defaultPath() : libraryPath)
{ }

QString LocalProvider::displayName() const
{
    return m_accountName == QLatin1String("local") ? tr("Local library") : tr("Local library (%1)").arg(m_accountName);
}

Provider::Capabilities LocalProvider::capabilities() const
{
    return ListApps | ListVersions | Publish | DeleteVersion | EditVersion | CreateApp | DownloadArtifact;
}

AppsJob* LocalProvider::fetchApps()
{
    auto* job = new AppsJob(this);
    job->setStatus(tr("Reading the Local library"));
    runOnWorker(job, [root = m_libraryPath](const std::atomic_bool*, const WorkerProgress&) {
        LocalLibrary library(root);
        auto apps = library.apps();
        if (!apps)
            return apps;
        // The icon each package had when it was published: the tree shows it (AccountTreeModel::IconPngRole).
        auto icons = library.appIcons();
        if (icons) {
            for (AppInfo& app : apps.value()) {
                const QByteArray png = icons.value().value(app.id);
                if (!png.isEmpty()) // as text, so AppInfo::toJson() stays valid JSON
                    app.extra.insert(QStringLiteral("iconPngBase64"), QString::fromLatin1(png.toBase64()));
            }
        }
        return apps;
    });
    return job;
}

VersionsJob* LocalProvider::fetchVersions(const QString& appId)
{
    auto* job = new VersionsJob(this);
    job->setStatus(tr("Reading versions of %1").arg(appId));
    runOnWorker(job, [root = m_libraryPath, appId](const std::atomic_bool*, const WorkerProgress&) {
        LocalLibrary library(root);
        return library.versions(appId, LocalLibrary::VersionDetail::Full);
    });
    return job;
}

VersionsJob* LocalProvider::fetchVersionList(const QString& appId)
{
    return listVersions(appId, -1);
}

// The listing's first rows: its query streams in order (an index walk, no sort of the whole app), so stopping after
// `count` rows costs only those rows.
VersionsJob* LocalProvider::fetchVersionListHead(const QString& appId, int count)
{
    return listVersions(appId, count);
}

// The lean listing (no stored inspections), at most `limit` rows when limit >= 0, read on a worker.
VersionsJob* LocalProvider::listVersions(const QString& appId, qsizetype limit)
{
    auto* job = new VersionsJob(this);
    job->setStatus(tr("Reading versions of %1").arg(appId));
    runOnWorker(job, [root = m_libraryPath, appId, limit](const std::atomic_bool*, const WorkerProgress&) {
        LocalLibrary library(root);
        if (auto st = library.openForReading(); !st)
            return Result<QList<VersionInfo>>(st.error());
        return library.versions(appId, LocalLibrary::VersionDetail::Listing, limit);
    });
    return job;
}

VersionsJob* LocalProvider::fetchVersionDetails(const QString& appId, const QString& versionId)
{
    auto* job = new VersionsJob(this);
    job->setStatus(tr("Reading version %1 of %2").arg(versionId, appId));
    runOnWorker(job,
        [root = m_libraryPath, appId, versionId](
            const std::atomic_bool*, const WorkerProgress&) -> Result<QList<VersionInfo>> {
            LocalLibrary library(root);
            if (auto st = library.openForReading(); !st)
                return st.error();
            auto v = library.version(appId, versionId);
            if (!v)
                return v.error();
            return QList<VersionInfo> {v.value()};
        });
    return job;
}

PublishJob* LocalProvider::publish(const PublishRequest& request)
{
    auto* job = new PublishJob(this);
    if (request.files.isEmpty())
        return failedJob<PublishJob>(Error(Error::Kind::Validation, tr("No file to publish.")));
    job->setStatus(tr("Publishing %1 to the Local library").arg(QFileInfo(request.files.first()).fileName()));
    runOnWorker(job,
        [root = m_libraryPath, request](
            const std::atomic_bool* cancel, const WorkerProgress& progress) -> Result<VersionInfo> {
            // With the release's digests of every file (hashed once before publishing) the files are inspected
            // without hashing: the library checks its copy against those digests, so a file changed since then is
            // refused. Otherwise one hashing pass per file first. Then the library's copy and verify passes.
            const bool digestsKnown = request.fileSha256.size() == request.files.size()
                && request.fileMd5.size() == request.files.size() && !request.fileSha256.contains(QString())
                && !request.fileMd5.contains(QString());
            qint64 total = 0;
            for (const QString& f : request.files)
                total += (digestsKnown ? 2 : 3) * QFileInfo(f).size();
            Result<QList<PackageInfo>> packages = QList<PackageInfo> {};
            if (digestsKnown) {
                InspectOptions metadataOnly;
                metadataOnly.computeHashes = false;
                for (int i = 0; i < request.files.size(); ++i) {
                    auto info = PackageInspector::inspect(request.files.at(i), metadataOnly, {}, cancel);
                    if (!info) {
                        packages = info.error();
                        break;
                    }
                    PackageInfo& p = info.value();
                    p.sha256 = request.fileSha256.at(i);
                    p.md5 = request.fileMd5.at(i);
                    packages.value().append(std::move(p));
                }
            } else {
                packages = PackageInspector::inspectAll(
                    request.files, [&](qint64 done) { progress(done, total); }, cancel);
            }
            if (!packages)
                return packages.error();
            qint64 inspectedBytes = 0;
            if (!digestsKnown) {
                for (const PackageInfo& p : packages.value())
                    inspectedBytes += p.size;
            }
            LocalLibrary library(root);
            return library.publish(
                request, packages.value(), [&](qint64 done, qint64) { progress(inspectedBytes + done, total); },
                cancel);
        });
    return job;
}

ActionJob* LocalProvider::deleteVersion(const QString& appId, const QString& versionId)
{
    auto* job = new ActionJob(this);
    job->setStatus(tr("Removing version %1 of %2").arg(versionId, appId));
    runOnWorker(job, [root = m_libraryPath, appId, versionId](const std::atomic_bool*, const WorkerProgress&) {
        LocalLibrary library(root);
        return library.removeVersion(appId, versionId);
    });
    return job;
}

DownloadJob* LocalProvider::download(const QString& appId, const QString& versionId, const QString& destinationPath)
{
    auto* job = new DownloadJob(this);
    job->setStatus(tr("Saving version %1 of %2").arg(versionId, appId));
    runOnWorker(job,
        [root = m_libraryPath, appId, versionId, destinationPath](
            const std::atomic_bool* cancel, const WorkerProgress& progress) -> Result<QString> {
            LocalLibrary library(root);
            if (auto st = library.download(appId, versionId, destinationPath, progress, cancel); !st)
                return st.error();
            return destinationPath;
        });
    DownloadCheck::setVerifiedBy(job, QStringLiteral("sha256")); // the library checks every copy against its SHA-256
    return job;
}

ActionJob* LocalProvider::edit(const QString& appId, const QString& versionId, const VersionEdit& changes)
{
    auto* job = new ActionJob(this);
    job->setStatus(tr("Updating version %1 of %2").arg(versionId, appId));
    runOnWorker(job, [root = m_libraryPath, appId, versionId, changes](const std::atomic_bool*, const WorkerProgress&) {
        LocalLibrary library(root);
        return library.edit(appId, versionId, changes);
    });
    return job;
}

QList<FieldSpec> LocalProvider::editFields() const
{
    FieldSpec notes;
    notes.key = QStringLiteral("notes");
    notes.label = tr("Release notes");
    notes.type = FieldSpec::Type::MultiLine;
    notes.help = tr("The version's release notes.");
    FieldSpec label;
    label.key = QStringLiteral("label");
    label.label = tr("Label");
    label.help = tr("A short label shown in the versions table (e.g. RC, beta).");
    return {notes, label};
}

} // namespace Slipway
