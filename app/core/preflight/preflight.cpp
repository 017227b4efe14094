#include "preflight.h"

#include <QFileInfo>
#include <QLocale>
#include <QPointer>
#include <QTemporaryDir>
#include <package/packageinspector.h>
#include <preflight/preflightchecks.h>
#include <providers/provider.h>
#include <providers/providerregistry.h>
#include <session/workspace.h>

namespace Slipway {

namespace {

const char* const kStatusNames[] = {"pass", "info", "warn", "block"};

} // namespace

QString PreflightCheck::statusName(Status status)
{
    return QString::fromLatin1(kStatusNames[static_cast<int>(status)]);
}

QJsonObject PreflightCheck::toJson() const
{
    return QJsonObject {
        {QStringLiteral("destination"), destination},
        {QStringLiteral("check"), check},
        {QStringLiteral("status"), statusName(status)},
        {QStringLiteral("message"), message},
        {QStringLiteral("fix"), fix},
    };
}

PreflightCheck PreflightCheck::fromJson(const QJsonObject& json)
{
    PreflightCheck c;
    c.destination = json.value(QStringLiteral("destination")).toString();
    c.check = json.value(QStringLiteral("check")).toString();
    const QString status = json.value(QStringLiteral("status")).toString();
    for (int i = 0; i < 4; ++i) {
        if (status == QLatin1String(kStatusNames[i]))
            c.status = static_cast<Status>(i);
    }
    c.message = json.value(QStringLiteral("message")).toString();
    c.fix = json.value(QStringLiteral("fix")).toString();
    return c;
}

bool PreflightResult::blocks(bool strict) const
{
    for (const PreflightCheck& c : checks) {
        if (c.status == PreflightCheck::Status::Block || (strict && c.status == PreflightCheck::Status::Warn))
            return true;
    }
    return false;
}

bool PreflightResult::blocksOnExistingVersion() const
{
    for (const PreflightCheck& c : checks) {
        if (c.status == PreflightCheck::Status::Block && c.check == QLatin1String("version-exists"))
            return true;
    }
    return false;
}

bool PreflightResult::hasWarnings() const
{
    return !withStatus(PreflightCheck::Status::Warn).isEmpty();
}

QList<PreflightCheck> PreflightResult::withStatus(PreflightCheck::Status status) const
{
    QList<PreflightCheck> out;
    for (const PreflightCheck& c : checks) {
        if (c.status == status)
            out.append(c);
    }
    return out;
}

QJsonArray PreflightResult::toJson() const
{
    QJsonArray out;
    for (const PreflightCheck& c : checks)
        out.append(c.toJson());
    return out;
}

PreflightResult PreflightResult::fromJson(const QJsonArray& json)
{
    PreflightResult r;
    for (const QJsonValue& v : json)
        r.checks.append(PreflightCheck::fromJson(v.toObject()));
    return r;
}

PreflightCheck PreflightInput::check(
    const QString& id, PreflightCheck::Status status, const QString& message, const QString& fix) const
{
    PreflightCheck c;
    c.destination = destination;
    c.check = id;
    c.status = status;
    c.message = message;
    c.fix = fix;
    return c;
}

// One run of the checks for one destination: inspects the files, reads the destination's apps and versions
// (or takes them from the cache), then runs the checks. Parented to its job, so it goes when the job goes.
class Preflight::Run : public QObject
{
public:
    Run(Preflight* preflight, PreflightJob* job, const PublishRequest& request, const PreflightDestination& target)
        : QObject(job)
        , m_preflight(preflight)
        , m_job(job)
    {
        m_in.request = request;
        m_in.target = target;
        m_in.settings = preflight->m_settings;
        m_in.now = preflight->m_now.isValid() ? preflight->m_now : QDateTime::currentDateTimeUtc();
        connect(job, &Job::cancelRequested, this, [this] {
            if (m_current)
                m_current->cancel();
        });
    }

    void start()
    {
        const QString accountName = m_in.target.account.isEmpty() ? QStringLiteral("local") : m_in.target.account;
        m_in.destination = accountName + QLatin1Char('/') + m_in.target.appId;
        auto account = m_preflight->m_workspace->account(accountName);
        if (!account) {
            finishWith({m_in.check(QStringLiteral("account"), PreflightCheck::Status::Block,
                tr("%1: %2").arg(accountName, account.error().message),
                tr("Choose a connected account, or add this one first."))});
            return;
        }
        m_in.account = account.value();
        if (const ServiceInfo* service = ProviderRegistry::service(m_in.account.service))
            m_in.service = *service;
        if (m_in.request.files.isEmpty()) {
            finishWith({m_in.check(QStringLiteral("files"), PreflightCheck::Status::Block,
                tr("Nothing to publish to %1: no package was given.").arg(m_in.destination),
                tr("Add the package file (APK, AAB, IPA, ...)."))});
            return;
        }
        m_pending = m_in.request.files;
        inspectNext();
    }

private:
    // Inspects the files one after the other on a worker thread (metadata only; remembered while unchanged).
    void inspectNext()
    {
        if (m_pending.isEmpty()) {
            afterInspection();
            return;
        }
        const QString path = QFileInfo(m_pending.takeFirst()).absoluteFilePath();
        const QFileInfo fi(path);
        const auto cached = m_preflight->m_packages.constFind(path);
        if (cached != m_preflight->m_packages.constEnd() && fi.exists() && cached->size == fi.size()
            && cached->modified == fi.lastModified()) {
            m_packages.append(cached->info);
            inspectNext();
            return;
        }
        InspectOptions options;
        options.computeHashes = false;
        options.now = m_in.now;
        auto* inspect = new InspectJob(path, options, this);
        m_current = inspect;
        connect(inspect, &Job::finished, this, [this, inspect, path, fi] {
            m_current = nullptr;
            inspect->deleteLater();
            if (m_job->isFinished() || m_job->isCancelled())
                return;
            if (!inspect->succeeded()) {
                const QString name = QFileInfo(path).fileName();
                m_in.destination = accountName() + QLatin1Char('/') + m_in.target.appId;
                finishWith({m_in.check(QStringLiteral("package"), PreflightCheck::Status::Block,
                    tr("%1 cannot be published to %2: %3").arg(name, m_in.destination, inspect->error().message),
                    tr("Choose a package file Slipway can read."))});
                return;
            }
            m_preflight->m_packages.insert(path, CachedPackage {fi.lastModified(), fi.size(), inspect->result()});
            m_packages.append(inspect->result());
            inspectNext();
        });
        inspect->start();
    }

    QString accountName() const { return m_in.account.name.isEmpty() ? m_in.target.account : m_in.account.name; }

    void afterInspection()
    {
        m_in.primary = m_packages.takeFirst();
        m_in.companions = m_packages;
        for (const PackageWarning& w : PackageInspector::checkCompanions(m_in.primary, m_in.companions))
            m_in.primary.addWarning(w.code, w.message, w.severity);
        const PublishRequest& r = m_in.request;
        m_in.versionCode = !r.versionCode.isEmpty() ? r.versionCode : m_in.primary.versionCode;
        m_in.versionName = !r.versionName.isEmpty() ? r.versionName : m_in.primary.versionName;
        m_in.label = r.label;
        m_in.appId = m_in.target.appId;
        m_in.destination = accountName() + QLatin1Char('/')
            + (m_in.target.appId.isEmpty() ? m_in.primary.packageId : m_in.target.appId);

        // The platform first: an APK to App Store Connect stops here, before any request.
        const QList<PreflightCheck> platform = PreflightChecks::platform(m_in);
        for (const PreflightCheck& c : platform) {
            if (c.status == PreflightCheck::Status::Block) {
                finishWith(platform);
                return;
            }
        }
        auto provider = m_preflight->m_workspace->provider(accountName());
        if (!provider) {
            finishWith(platform
                + QList<PreflightCheck> {m_in.check(QStringLiteral("account"), PreflightCheck::Status::Block,
                    tr("%1: %2").arg(m_in.destination, provider.error().message),
                    tr("Check the account in Accounts."))});
            return;
        }
        m_provider = provider.value();
        m_platform = platform;
        m_in.canCreateApp = m_provider->capabilities() & Provider::CreateApp;
        m_in.publishFields = m_provider->publishFields();
        listApps();
    }

    void listApps()
    {
        if (!(m_provider->capabilities() & Provider::ListApps)) {
            listVersions();
            return;
        }
        const QString key = accountName();
        auto cached = m_preflight->m_apps.constFind(key);
        if (cached != m_preflight->m_apps.constEnd() && isFresh(cached->fetched)) {
            onApps(cached->value);
            return;
        }
        AppsJob* apps = m_provider->fetchApps();
        m_current = apps;
        connect(apps, &Job::finished, this, [this, apps, key] {
            m_current = nullptr;
            apps->deleteLater();
            if (m_job->isFinished() || m_job->isCancelled())
                return;
            if (!apps->succeeded()) {
                m_in.liveError = apps->error();
                finish();
                return;
            }
            m_preflight->m_apps.insert(key, {QDateTime::currentDateTimeUtc(), apps->result()});
            onApps(apps->result());
        });
    }

    void onApps(const QList<AppInfo>& apps)
    {
        m_in.appsListed = true;
        // The app named by its id or by its package id / bundle id (the Publish dialog starts with the latter).
        const QString wanted = Provider::matchApp(apps, !m_in.appId.isEmpty() ? m_in.appId : m_in.primary.packageId);
        for (const AppInfo& app : apps) {
            if (app.id == wanted) {
                m_in.app = app;
                m_in.appId = app.id;
            }
        }
        listVersions();
    }

    void listVersions()
    {
        if (m_in.appId.isEmpty() || (m_in.appsListed && !m_in.app)
            || !(m_provider->capabilities() & Provider::ListVersions)) {
            finish();
            return;
        }
        const QString key = accountName() + QLatin1Char('/') + m_in.appId;
        auto cached = m_preflight->m_versions.constFind(key);
        if (cached != m_preflight->m_versions.constEnd() && isFresh(cached->fetched)) {
            m_in.versions = cached->value;
            m_in.versionsListed = true;
            checkPreviousSigner();
            return;
        }
        VersionsJob* versions = m_provider->fetchVersions(m_in.appId);
        m_current = versions;
        connect(versions, &Job::finished, this, [this, versions, key] {
            m_current = nullptr;
            versions->deleteLater();
            if (m_job->isFinished() || m_job->isCancelled())
                return;
            if (!versions->succeeded()) {
                m_in.liveError = versions->error();
            } else {
                m_preflight->m_versions.insert(key, {QDateTime::currentDateTimeUtc(), versions->result()});
                m_in.versions = versions->result();
                m_in.versionsListed = true;
            }
            checkPreviousSigner();
        });
    }

    // Where no version there carries its inspection (services other than the Local and team libraries), the
    // newest version's artifact is downloaded to a temporary folder (bounded by maxSignerDownloadBytes), inspected
    // on a worker thread, and its inspection put on that version, so the signing check compares certificates.
    void checkPreviousSigner()
    {
        if (!m_in.isAndroid() || m_in.primary.signing.certificates.isEmpty() || m_in.versions.isEmpty())
            return finish();
        // Another app there (the identity check blocks): its builds say nothing about this package's signer.
        if (m_in.app && !m_in.app->packageId.isEmpty() && m_in.app->packageId != m_in.primary.packageId)
            return finish();
        int latest = -1;
        for (int i = 0; i < m_in.versions.size(); ++i) {
            const VersionInfo& v = m_in.versions.at(i);
            if (v.extra.value(QStringLiteral("inspection")).toMap().contains(QStringLiteral("signing")))
                return finish(); // the destination keeps the signers
            if (latest < 0 || PreflightChecks::compareCodes(v.versionCode, m_in.versions.at(latest).versionCode) > 0)
                latest = i;
        }
        const VersionInfo& previous = m_in.versions.at(latest);
        const QString key = accountName() + QLatin1Char('/') + m_in.appId + QLatin1Char('/') + previous.id;
        const auto cached = m_preflight->m_previousInspections.constFind(key);
        if (cached != m_preflight->m_previousInspections.constEnd()
            && (!cached->value.inspection.isEmpty() || isFresh(cached->fetched))) {
            return previousInspected(latest, cached->value);
        }
        const QString name = previous.versionName.isEmpty() ? previous.versionCode : previous.versionName;
        if (!(m_provider->capabilities() & Provider::DownloadArtifact)) {
            m_in.signerUnchecked = tr("%1 keeps no signer with its versions and its artifacts cannot be downloaded")
                                       .arg(m_in.serviceName());
            return finish();
        }
        const qint64 limit = m_in.settings.maxSignerDownloadBytes;
        if (previous.size > limit)
            return previousFailed(latest, key, tooLarge(name));
        m_temp = std::make_unique<QTemporaryDir>();
        if (!m_temp->isValid())
            return previousFailed(latest, key, tr("no temporary folder (%1)").arg(m_temp->errorString()));
        const QString fileName = QFileInfo(previous.fileName).fileName();
        const QString path = m_temp->filePath(!fileName.isEmpty()
                ? fileName
                : QStringLiteral("previous.%1")
                      .arg(QLatin1String(m_in.primary.kind == PackageKind::Aab ? "aab" : "apk")));
        DownloadJob* download = m_provider->download(m_in.appId, previous.id, path);
        m_current = download;
        connect(download, &Job::progress, this, [this, download, limit](qint64 done, qint64) {
            if (done > limit) {
                m_tooLarge = true;
                download->cancel();
            }
        });
        connect(download, &Job::finished, this, [this, download, latest, key, name, path] {
            m_current = nullptr;
            download->deleteLater();
            if (m_job->isFinished() || m_job->isCancelled())
                return;
            if (m_tooLarge)
                return previousFailed(latest, key, tooLarge(name));
            if (!download->succeeded()) {
                return previousFailed(
                    latest, key, tr("version %1 could not be downloaded (%2)").arg(name, download->error().message));
            }
            InspectOptions options;
            options.computeHashes = false;
            options.now = m_in.now;
            auto* inspect = new InspectJob(path, options, this);
            m_current = inspect;
            connect(inspect, &Job::finished, this, [this, inspect, latest, key, name] {
                m_current = nullptr;
                inspect->deleteLater();
                m_temp.reset();
                if (m_job->isFinished() || m_job->isCancelled())
                    return;
                if (!inspect->succeeded()) {
                    return previousFailed(latest, key,
                        tr("the artifact of version %1 could not be read (%2)").arg(name, inspect->error().message));
                }
                PreviousInspection read;
                read.inspection = inspect->result().toJson().toVariantMap();
                m_preflight->m_previousInspections.insert(key, {QDateTime::currentDateTimeUtc(), read});
                previousInspected(latest, read);
            });
            inspect->start();
        });
    }

    QString tooLarge(const QString& versionName) const
    {
        return tr("the artifact of version %1 is larger than the %2 preflight downloads to read its signer")
            .arg(versionName, QLocale().formattedDataSize(m_in.settings.maxSignerDownloadBytes));
    }

    void previousFailed(int latest, const QString& key, const QString& why)
    {
        m_temp.reset();
        PreviousInspection failed;
        failed.unchecked = why;
        m_preflight->m_previousInspections.insert(key, {QDateTime::currentDateTimeUtc(), failed});
        previousInspected(latest, failed);
    }

    void previousInspected(int latest, const PreviousInspection& previous)
    {
        if (!previous.inspection.isEmpty())
            m_in.versions[latest].extra.insert(QStringLiteral("inspection"), previous.inspection);
        m_in.signerUnchecked = previous.unchecked;
        finish();
    }

    bool isFresh(const QDateTime& fetched) const
    {
        return fetched.isValid() && fetched.secsTo(QDateTime::currentDateTimeUtc()) < m_in.settings.cacheSeconds;
    }

    void finish()
    {
        using namespace PreflightChecks;
        finishWith(m_platform + identity(m_in) + credentials(m_in) + liveState(m_in) + appStoreTrain(m_in)
            + signing(m_in) + provisioning(m_in) + limits(m_in) + packageWarnings(m_in));
    }

    void finishWith(const QList<PreflightCheck>& checks)
    {
        if (m_job->isFinished() || m_job->isCancelled())
            return;
        m_job->complete(PreflightResult {checks});
    }

    Preflight* m_preflight;
    PreflightJob* m_job;
    PreflightInput m_in;
    QStringList m_pending;
    QList<PackageInfo> m_packages;
    QList<PreflightCheck> m_platform;
    Provider* m_provider = nullptr;
    QPointer<Job> m_current;
    std::unique_ptr<QTemporaryDir> m_temp; // the previous version's downloaded artifact, while it is inspected
    bool m_tooLarge = false;
};

Preflight::Preflight(Workspace* workspace, QObject* parent)
    : QObject(parent)
    , m_workspace(workspace)
{ }

Preflight::~Preflight() = default;

PreflightJob* Preflight::run(const PublishRequest& request, const PreflightDestination& destination)
{
    auto* job = new PreflightJob(this);
    job->setStatus(
        tr("Checking %1").arg(destination.account.isEmpty() ? QStringLiteral("local") : destination.account));
    auto* run = new Run(this, job, request, destination);
    run->start();
    return job;
}

PreflightDestination Preflight::destinationFor(const QString& accountSlashApp) const
{
    PreflightDestination d;
    const qsizetype slash = accountSlashApp.indexOf(QLatin1Char('/'));
    d.account = slash < 0 ? accountSlashApp : accountSlashApp.left(slash);
    d.appId = slash < 0 ? QString() : accountSlashApp.mid(slash + 1);
    if (d.account.isEmpty())
        d.account = QStringLiteral("local");
    if (auto account = m_workspace->account(d.account))
        d.production = account.value().isProduction(ProviderRegistry::service(account.value().service));
    return d;
}

void Preflight::refresh()
{
    m_apps.clear();
    m_versions.clear();
    // What could not be read is tried again; what was read stays (a version's bytes do not change).
    for (auto it = m_previousInspections.begin(); it != m_previousInspections.end();) {
        if (it->value.inspection.isEmpty())
            it = m_previousInspections.erase(it);
        else
            ++it;
    }
}

} // namespace Slipway
