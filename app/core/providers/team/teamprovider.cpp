#include "teamprovider.h"

#include <QFileInfo>
#include <QMetaMethod>
#include <common/workerjob.h>
#include <credentials/credentialstore.h>
#include <library/team/teamlibrary.h>
#include <library/team/teamlistener.h>
#include <package/packageinspector.h>

namespace Slipway {

TeamProvider::TeamProvider(const Account& account, CredentialStore* credentials, QObject* parent)
    : Provider(parent)
    , m_account(account)
    , m_credentials(credentials)
{ }

TeamProvider::~TeamProvider() = default;

QString TeamProvider::displayName() const
{
    return tr("Team library (%1)").arg(m_account.name);
}

Provider::Capabilities TeamProvider::capabilities() const
{
    return ListApps | ListVersions | Publish | DeleteVersion | EditVersion | CreateApp | DownloadArtifact;
}

PgParams TeamProvider::paramsOf(const Account& account)
{
    PgParams params;
    params.url = account.field(TeamKeys::url);
    params.sslmode = account.field(TeamKeys::sslmode);
    params.sslrootcert = account.field(TeamKeys::sslrootcert);
    return params;
}

void TeamProvider::withParams(QObject* context, const std::function<void(const Result<PgParams>&)>& ready)
{
    PgParams params = paramsOf(m_account);
    if (m_password || !m_credentials) {
        params.password = m_password.value_or(QByteArray());
        QMetaObject::invokeMethod(
            context, [ready, params] { ready(params); }, Qt::QueuedConnection);
        return;
    }
    SecretJob* secret = m_credentials->read(CredentialStore::keyFor(m_account.name, TeamKeys::password));
    QPointer<TeamProvider> self(this);
    connect(secret, &Job::finished, context, [self, secret, ready, params]() mutable {
        secret->deleteLater();
        if (!secret->succeeded() && secret->error().kind != Error::Kind::NotFound) {
            ready(secret->error());
            return;
        }
        params.password = secret->succeeded() ? secret->result() : QByteArray();
        if (self)
            self->m_password = params.password;
        ready(params);
    });
}

template<typename T, typename Work> ValueJob<T>* TeamProvider::run(ValueJob<T>* job, Work work)
{
    withParams(job, [job, work = std::move(work)](const Result<PgParams>& params) mutable {
        if (job->isFinished())
            return;
        if (!params) {
            job->fail(params.error());
            return;
        }
        runOnWorker(job,
            [params = params.value(), work = std::move(work)](
                const std::atomic_bool* cancel, const WorkerProgress& progress) mutable -> Result<T> {
                TeamLibrary library(params);
                return work(library, cancel, progress);
            });
    });
    return job;
}

AppsJob* TeamProvider::fetchApps()
{
    auto* job = new AppsJob(this);
    job->setStatus(tr("Reading the team library"));
    return run(
        job, [](TeamLibrary& library, const std::atomic_bool*, const WorkerProgress&) { return library.apps(); });
}

VersionsJob* TeamProvider::fetchVersions(const QString& appId)
{
    auto* job = new VersionsJob(this);
    job->setStatus(tr("Reading versions of %1").arg(appId));
    return run(job, [appId](TeamLibrary& library, const std::atomic_bool*, const WorkerProgress&) {
        return library.versions(appId);
    });
}

PublishJob* TeamProvider::publish(const PublishRequest& request)
{
    if (request.files.isEmpty())
        return failedJob<PublishJob>(Error(Error::Kind::Validation, tr("No file to publish.")));
    auto* job = new PublishJob(this);
    job->setStatus(tr("Publishing %1 to the team library").arg(QFileInfo(request.files.first()).fileName()));
    return run(job,
        [request](TeamLibrary& library, const std::atomic_bool* cancel,
            const WorkerProgress& progress) -> Result<VersionInfo> {
            // Progress: one hashing pass per file, then the upload.
            qint64 total = 0;
            for (const QString& f : request.files)
                total += 2 * QFileInfo(f).size();
            auto packages = PackageInspector::inspectAll(
                request.files, [&](qint64 done) { progress(done, total); }, cancel);
            if (!packages)
                return packages.error();
            qint64 inspectedBytes = 0;
            for (const PackageInfo& p : packages.value())
                inspectedBytes += p.size;
            return library.publish(
                request, packages.value(), [&](qint64 done, qint64) { progress(inspectedBytes + done, total); },
                cancel);
        });
}

ActionJob* TeamProvider::deleteVersion(const QString& appId, const QString& versionId)
{
    auto* job = new ActionJob(this);
    job->setStatus(tr("Removing version %1 of %2").arg(versionId, appId));
    return run(job, [appId, versionId](TeamLibrary& library, const std::atomic_bool*, const WorkerProgress&) {
        return library.removeVersion(appId, versionId);
    });
}

DownloadJob* TeamProvider::download(const QString& appId, const QString& versionId, const QString& destinationPath)
{
    auto* job = new DownloadJob(this);
    job->setStatus(tr("Saving version %1 of %2").arg(versionId, appId));
    return run(job,
        [appId, versionId, destinationPath](
            TeamLibrary& library, const std::atomic_bool* cancel, const WorkerProgress& progress) -> Result<QString> {
            if (auto st = library.download(appId, versionId, destinationPath, progress, cancel); !st)
                return st.error();
            return destinationPath;
        });
}

ActionJob* TeamProvider::edit(const QString& appId, const QString& versionId, const VersionEdit& changes)
{
    auto* job = new ActionJob(this);
    job->setStatus(tr("Updating version %1 of %2").arg(versionId, appId));
    return run(job, [appId, versionId, changes](TeamLibrary& library, const std::atomic_bool*, const WorkerProgress&) {
        return library.edit(appId, versionId, changes);
    });
}

void TeamProvider::connectNotify(const QMetaMethod& signal)
{
    if (signal == QMetaMethod::fromSignal(&Provider::changed))
        QMetaObject::invokeMethod(this, &TeamProvider::startListening, Qt::QueuedConnection);
}

void TeamProvider::startListening()
{
    if (m_listenRequested)
        return;
    m_listenRequested = true;
    withParams(this, [this](const Result<PgParams>& params) {
        if (!params)
            return;
        m_listener = new TeamListener(params.value(), this);
        connect(m_listener, &TeamListener::changed, this, &Provider::changed);
        connect(m_listener, &TeamListener::listening, this, &TeamProvider::listening);
        m_listener->start();
    });
}

} // namespace Slipway
