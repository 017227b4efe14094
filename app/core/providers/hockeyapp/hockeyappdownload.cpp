// HockeyApp: download a version's build. The version list with include_build_urls=true carries `build_url`
// (docs/apis/hockeyapp.md, "list versions": only for developers and members of the app); `download_url` is the
// install page, not the file. HockeyApp gives no checksum, so the file is not verified.
#include <providers/hockeyapp/hockeyappprovider.h>
#include <providers/service/servicedownload.h>

namespace Slipway {

DownloadJob* HockeyAppProvider::download(const QString& appId, const QString& versionId, const QString& destinationPath)
{
    auto* job = new DownloadJob(this);
    job->setStatus(tr("Looking up version %1 of %2").arg(versionId, appId));
    VersionsJob* list = fetchVersions(appId);
    list->setParent(job);
    connect(job, &Job::cancelRequested, list, &Job::cancel);
    connect(list, &Job::finished, job, [this, job, list, appId, versionId, destinationPath] {
        list->deleteLater();
        if (job->isFinished())
            return;
        if (!list->succeeded()) {
            job->fail(list->error());
            return;
        }
        const auto& versions = list->result();
        const auto it
            = std::find_if(versions.begin(), versions.end(), [&](const VersionInfo& v) { return v.id == versionId; });
        if (it == versions.end()) {
            job->fail(Error(Error::Kind::NotFound, tr("HockeyApp has no version %1 of %2.").arg(versionId, appId)));
            return;
        }
        const QString buildUrl = it->extra.value(QStringLiteral("build_url")).toString();
        if (buildUrl.isEmpty()) {
            job->fail(Error(Error::Kind::Unsupported,
                tr("HockeyApp gives no build link for version %1 of %2: only developers and members of the app get "
                   "one (the install page cannot be downloaded).")
                    .arg(it->versionName.isEmpty() ? versionId : it->versionName, appId)));
            return;
        }
        QString fileName = QUrl(buildUrl).fileName();
        if (fileName.isEmpty())
            fileName = QStringLiteral("%1-%2").arg(appId, it->versionCode);
        ServiceDownload::forward(job,
            ServiceDownload::start(
                this, m_client, QUrl(buildUrl), destinationPath, fileName, ServiceDownload::Expected()));
    });
    return job;
}

} // namespace Slipway
