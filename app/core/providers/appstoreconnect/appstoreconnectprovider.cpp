#include "appstoreconnectprovider.h"

#include "ascapi.h"
#include "ascjson.h"
#include "ascpublishjob.h"

#include <QFileInfo>
#include <QJsonObject>
#include <algorithm>
#include <memory>
#include <providers/servicecatalog.h>

namespace Slipway {

namespace {

FieldSpec field(const QString& key, const QString& label, FieldSpec::Type type, const QString& help,
    const QStringList& choices = {}, const QString& defaultValue = {})
{
    FieldSpec f;
    f.key = key;
    f.label = label;
    f.type = type;
    f.help = help;
    f.choices = choices;
    f.defaultValue = defaultValue;
    return f;
}

bool isTrue(const QVariant& v, bool fallback)
{
    if (!v.isValid() || v.toString().isEmpty())
        return fallback;
    const QString s = v.toString().trimmed().toLower();
    return s == QLatin1String("1") || s == QLatin1String("true") || s == QLatin1String("yes")
        || s == QLatin1String("on");
}

AscJson::VersionAttributes attributesFrom(const QVariantMap& options)
{
    AscJson::VersionAttributes a;
    a.versionString = options.value(QStringLiteral("version-string")).toString();
    a.copyright = options.value(QStringLiteral("copyright")).toString();
    a.releaseType = options.value(QStringLiteral("release-type")).toString().toUpper();
    a.earliestReleaseDate = options.value(QStringLiteral("earliest-release-date")).toString();
    return a;
}

} // namespace

void AppStoreConnectProvider::registerService()
{
    ProviderRegistry::registerService(ServiceCatalog::appStoreConnect(),
        [](const Account& account, const ProviderContext& context, QObject* parent) -> Provider* {
            return new AppStoreConnectProvider(account, context, parent);
        });
}

AppStoreConnectProvider::AppStoreConnectProvider(
    const Account& account, const ProviderContext& context, QObject* parent)
    : Provider(parent)
    , m_account(account)
    , m_api(new AscApi(account, context, this))
{
    // Apple counts requests per hour and dislikes bursts: a few calm retries on 429/5xx.
    m_timing.apiRetry = m_api->retryPolicy();
    m_timing.partRetry.maxAttempts = 4;
}

AppStoreConnectProvider::~AppStoreConnectProvider() = default;

QString AppStoreConnectProvider::displayName() const
{
    return tr("App Store Connect (%1)").arg(m_account.name);
}

Provider::Capabilities AppStoreConnectProvider::capabilities() const
{
    return ListApps | ListVersions | Publish | DeleteVersion;
}

void AppStoreConnectProvider::setTiming(const Timing& timing)
{
    m_timing = timing;
    m_api->setRetryPolicy(timing.apiRetry);
}

QList<FieldSpec> AppStoreConnectProvider::publishFields() const
{
    return {
        field(QStringLiteral("platform"), tr("Platform"), FieldSpec::Type::Choice,
            tr("Apple platform of the build; default: from the package (IOS for .ipa, MAC_OS for .pkg)."),
            {QString(), QStringLiteral("IOS"), QStringLiteral("MAC_OS"), QStringLiteral("TV_OS"),
                QStringLiteral("VISION_OS")}),
        field(QStringLiteral("wait"), tr("Wait for processing"), FieldSpec::Type::Bool,
            tr("Follow the upload and the build's processing until VALID (default true); false stops after the "
               "upload is committed."),
            {}, QStringLiteral("true")),
        field(QStringLiteral("app-store-version"), tr("App Store version"), FieldSpec::Type::Text,
            tr("Attach the processed build to this App Store version (e.g. 1.2.0), creating it when it does not "
               "exist yet.")),
        field(QStringLiteral("copyright"), tr("Copyright"), FieldSpec::Type::Text,
            tr("Copyright of the App Store version (with app-store-version).")),
        field(QStringLiteral("release-type"), tr("Release type"), FieldSpec::Type::Choice,
            tr("How the App Store version is released after approval (with app-store-version)."),
            {QString(), QStringLiteral("MANUAL"), QStringLiteral("AFTER_APPROVAL"), QStringLiteral("SCHEDULED")}),
        field(QStringLiteral("earliest-release-date"), tr("Earliest release date"), FieldSpec::Type::Text,
            tr("ISO 8601 date-time for release-type SCHEDULED, e.g. 2026-12-01T08:00:00Z.")),
    };
}

AppsJob* AppStoreConnectProvider::fetchApps()
{
    auto* job = new AppsJob(this);
    job->setStatus(tr("Listing apps in App Store Connect"));
    HttpRequest r = m_api->request("GET", QStringLiteral("/v1/apps"));
    r.addQuery(QStringLiteral("limit"), QStringLiteral("200"));
    r.addQuery(QStringLiteral("fields[apps]"), QStringLiteral("name,bundleId,sku,primaryLocale"));
    r.what = tr("the apps");
    auto paged = std::make_shared<QPointer<PagedJob>>();
    connect(job, &Job::cancelRequested, job, [paged] {
        if (*paged)
            (*paged)->cancel();
    });
    m_api->fetchAll(
        r, job,
        [job](const Result<QList<HttpResponse>>& pages) {
            if (job->isFinished())
                return;
            if (!pages) {
                job->fail(pages.error());
                return;
            }
            QList<AppInfo> apps;
            for (const HttpResponse& page : pages.value()) {
                auto parsed = AscJson::parseApps(page.body);
                if (!parsed) {
                    job->fail(parsed.error());
                    return;
                }
                apps += parsed.value().items;
            }
            std::sort(apps.begin(), apps.end(),
                [](const AppInfo& a, const AppInfo& b) { return a.name.compare(b.name, Qt::CaseInsensitive) < 0; });
            job->complete(apps);
        },
        paged.get());
    return job;
}

VersionsJob* AppStoreConnectProvider::fetchVersions(const QString& appId)
{
    auto* job = new VersionsJob(this);
    if (appId.trimmed().isEmpty())
        return failedJob<VersionsJob>(
            Error(Error::Kind::Validation, tr("Which app? App Store Connect needs the app's ID.")));
    job->setStatus(tr("Listing App Store versions and builds of %1").arg(appId));

    // Two lists in parallel: the App Store versions (every page) and the newest builds (one page of 200).
    struct State
    {
        QList<VersionInfo> versions;
        QList<VersionInfo> builds;
        int pending = 2;
        QPointer<PagedJob> paged;
        QPointer<HttpJob> call;
    };
    auto state = std::make_shared<State>();
    connect(job, &Job::cancelRequested, job, [state] {
        if (state->paged)
            state->paged->cancel();
        if (state->call)
            state->call->cancel();
    });
    const auto finishOne = [job, state] {
        if (--state->pending > 0 || job->isFinished())
            return;
        QList<VersionInfo> all = state->versions + state->builds;
        std::stable_sort(
            all.begin(), all.end(), [](const VersionInfo& a, const VersionInfo& b) { return a.created > b.created; });
        job->complete(all);
    };

    HttpRequest versions = m_api->request("GET", QStringLiteral("/v1/apps/%1/appStoreVersions").arg(appId));
    versions.addQuery(QStringLiteral("limit"), QStringLiteral("200"));
    versions.addQuery(QStringLiteral("include"), QStringLiteral("build"));
    versions.what = tr("the App Store versions");
    m_api->fetchAll(
        versions, job,
        [job, state, appId, finishOne](const Result<QList<HttpResponse>>& pages) {
            if (job->isFinished())
                return;
            if (!pages) {
                job->fail(pages.error());
                return;
            }
            for (const HttpResponse& page : pages.value()) {
                auto parsed = AscJson::parseAppStoreVersions(page.body, appId);
                if (!parsed) {
                    job->fail(parsed.error());
                    return;
                }
                state->versions += parsed.value().items;
            }
            finishOne();
        },
        &state->paged);

    HttpRequest builds = m_api->request("GET", QStringLiteral("/v1/builds"));
    builds.addQuery(QStringLiteral("filter[app]"), appId);
    builds.addQuery(QStringLiteral("sort"), QStringLiteral("-uploadedDate"));
    builds.addQuery(QStringLiteral("include"), QStringLiteral("preReleaseVersion"));
    builds.addQuery(QStringLiteral("limit"), QStringLiteral("200"));
    builds.what = tr("the builds");
    m_api->send(
        builds, job,
        [job, state, appId, finishOne](const Result<HttpResponse>& resp) {
            if (job->isFinished())
                return;
            if (!resp) {
                job->fail(resp.error());
                return;
            }
            auto parsed = AscJson::parseBuilds(resp.value().body, appId);
            if (!parsed) {
                job->fail(parsed.error());
                return;
            }
            state->builds = parsed.value().items;
            finishOne();
        },
        &state->call);
    return job;
}

PublishJob* AppStoreConnectProvider::publish(const PublishRequest& request)
{
    if (request.files.isEmpty())
        return failedJob<PublishJob>(Error(Error::Kind::Validation, tr("No file to upload.")));
    const QFileInfo fi(request.files.first());
    if (!fi.isFile())
        return failedJob<PublishJob>(
            Error(Error::Kind::Io, tr("%1 does not exist or is not a file.").arg(fi.filePath())));

    AscPublishJob::Plan plan;
    plan.file = fi.absoluteFilePath();
    plan.fileName = fi.fileName();
    plan.fileSize = fi.size();
    plan.uti = AscJson::utiForFile(plan.fileName);
    if (plan.uti.isEmpty())
        return failedJob<PublishJob>(Error(Error::Kind::Unsupported,
            tr("App Store Connect accepts .ipa (iOS, tvOS, visionOS) and .pkg (macOS) builds; %1 is neither.")
                .arg(plan.fileName)));
    if (plan.fileSize <= 0)
        return failedJob<PublishJob>(Error(Error::Kind::InvalidPackage, tr("%1 is empty.").arg(plan.fileName)));

    const QJsonObject& insp = request.inspection;
    plan.appId = request.appId;
    plan.bundleId = insp.value(QLatin1String("packageId")).toString();
    plan.shortVersion
        = !request.versionName.isEmpty() ? request.versionName : insp.value(QLatin1String("versionName")).toString();
    plan.bundleVersion = !request.versionCode.isEmpty()
        ? request.versionCode
        : insp.value(QLatin1String("versionCode")).toVariant().toString();
    plan.md5 = insp.value(QLatin1String("md5")).toString();
    QString platform = request.options.value(QStringLiteral("platform")).toString();
    if (platform.isEmpty())
        platform = AscJson::applePlatform(insp.value(QLatin1String("platform")).toString());
    if (platform.isEmpty())
        platform = plan.uti == QLatin1String("com.apple.pkg") ? QStringLiteral("MAC_OS") : QStringLiteral("IOS");
    plan.platform = AscJson::applePlatform(platform);
    if (plan.platform.isEmpty())
        return failedJob<PublishJob>(Error(Error::Kind::Validation,
            tr("%1 is not an App Store Connect platform (IOS, MAC_OS, TV_OS, VISION_OS).").arg(platform)));
    if (plan.shortVersion.isEmpty() || plan.bundleVersion.isEmpty())
        return failedJob<PublishJob>(Error(Error::Kind::Validation,
            tr("The version (CFBundleShortVersionString) and build number (CFBundleVersion) of "
               "%1 are unknown; give them with --version-name and --version-code.")
                .arg(plan.fileName)));
    plan.wait = isTrue(request.options.value(QStringLiteral("wait")), true);
    plan.appStoreVersion = request.options.value(QStringLiteral("app-store-version")).toString().trimmed();
    plan.attributes = attributesFrom(request.options);
    if (!plan.appStoreVersion.isEmpty() && !plan.wait)
        return failedJob<PublishJob>(Error(Error::Kind::Validation,
            tr("Attaching the build to an App Store version needs the processed build: "
               "leave wait on.")));

    auto* job = new AscPublishJob(m_api, m_timing, plan, this);
    job->setStatus(tr("Uploading %1 to App Store Connect").arg(plan.fileName));
    job->start();
    return job;
}

ActionJob* AppStoreConnectProvider::deleteVersion(const QString& appId, const QString& versionId)
{
    Q_UNUSED(appId);
    auto* job = new ActionJob(this);
    job->setStatus(tr("Deleting App Store version %1").arg(versionId));
    HttpRequest r = m_api->request("DELETE", QStringLiteral("/v1/appStoreVersions/") + versionId);
    r.expect = HttpRequest::Expect::Any;
    r.what = tr("the App Store version");
    m_api->send(r, job, [job](const Result<HttpResponse>& resp) {
        if (job->isFinished())
            return;
        if (!resp)
            job->fail(resp.error());
        else
            job->complete(Ok {});
    });
    return job;
}

PublishJob* AppStoreConnectProvider::createVersion(
    const QString& appId, const QString& platform, const QString& versionString, const QVariantMap& attributes)
{
    auto* job = new PublishJob(this);
    AscJson::VersionAttributes attrs = attributesFrom(attributes);
    attrs.versionString = versionString;
    HttpRequest r = m_api->request("POST", QStringLiteral("/v1/appStoreVersions"));
    r.body = AscJson::createAppStoreVersion(appId, AscJson::applePlatform(platform), attrs);
    r.what = tr("the App Store version");
    job->setStatus(tr("Creating App Store version %1").arg(versionString));
    m_api->send(r, job, [job, appId](const Result<HttpResponse>& resp) {
        if (job->isFinished())
            return;
        if (!resp) {
            job->fail(resp.error());
            return;
        }
        auto v = AscJson::parseAppStoreVersion(resp.value().body, appId);
        if (!v)
            job->fail(v.error());
        else
            job->complete(v.value());
    });
    return job;
}

PublishJob* AppStoreConnectProvider::updateVersion(const QString& versionId, const QVariantMap& attributes)
{
    auto* job = new PublishJob(this);
    HttpRequest r = m_api->request("PATCH", QStringLiteral("/v1/appStoreVersions/") + versionId);
    r.body = AscJson::updateAppStoreVersion(versionId, attributesFrom(attributes));
    r.what = tr("the App Store version");
    job->setStatus(tr("Updating App Store version %1").arg(versionId));
    m_api->send(r, job, [job](const Result<HttpResponse>& resp) {
        if (job->isFinished())
            return;
        if (!resp) {
            job->fail(resp.error());
            return;
        }
        auto v = AscJson::parseAppStoreVersion(resp.value().body, QString());
        if (!v)
            job->fail(v.error());
        else
            job->complete(v.value());
    });
    return job;
}

ActionJob* AppStoreConnectProvider::attachBuild(const QString& versionId, const QString& buildId)
{
    auto* job = new ActionJob(this);
    HttpRequest r
        = m_api->request("PATCH", QStringLiteral("/v1/appStoreVersions/%1/relationships/build").arg(versionId));
    r.body = AscJson::buildLinkage(buildId);
    r.expect = HttpRequest::Expect::Any;
    r.what = tr("the App Store version");
    job->setStatus(tr("Attaching build %1").arg(buildId));
    m_api->send(r, job, [job](const Result<HttpResponse>& resp) {
        if (job->isFinished())
            return;
        if (!resp)
            job->fail(resp.error());
        else
            job->complete(Ok {});
    });
    return job;
}

} // namespace Slipway
