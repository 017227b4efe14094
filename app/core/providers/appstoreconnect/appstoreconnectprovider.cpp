#include "appstoreconnectprovider.h"

#include "ascjson.h"
#include "ascjwtauthenticator.h"
#include "ascpublishjob.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <algorithm>
#include <memory>
#include <providers/service/steps.h>

namespace Slipway {

Q_LOGGING_CATEGORY(lcAsc, "slipway.provider.appstoreconnect")

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

// Apple's links.next is always an absolute URL; a relative one (mock servers) is not followed.
PageStep nextPage(const HttpRequest& current, const HttpResponse& page, int index)
{
    static const NextPage follow = Paging::jsonLink({QStringLiteral("links"), QStringLiteral("next")});
    const QString link = QJsonDocument::fromJson(page.body)
                             .object()
                             .value(QLatin1String("links"))
                             .toObject()
                             .value(QLatin1String("next"))
                             .toString();
    if (!link.isEmpty() && QUrl(link).scheme().isEmpty()) {
        qCWarning(lcAsc).noquote() << "ignoring a relative links.next:" << link;
        return {};
    }
    return follow(current, page, index);
}

// Every page of a collection through `parse`, in order.
template<typename T, typename Parse> Result<QList<T>> allItems(const QList<HttpResponse>& pages, Parse parse)
{
    QList<T> items;
    for (const HttpResponse& page : pages) {
        auto parsed = parse(page.body);
        if (!parsed)
            return parsed.error();
        items += parsed.value().items;
    }
    return items;
}

Error fieldError(Error::Kind kind, const QString& message, const QString& field)
{
    return Error::forField(kind, field, message);
}

} // namespace

AppStoreConnectProvider::AppStoreConnectProvider(
    const Account& account, const ProviderContext& context, QObject* parent)
    : NetworkProvider(account, QStringLiteral("appstoreconnect"), QStringLiteral("App Store Connect"),
        ListApps | ListVersions | Publish | DeleteVersion | EditVersion, parent)
{
    m_client = new ServiceClient(httpService(account), context.http,
        std::make_unique<AscJwtAuthenticator>(context.credentials, account.name,
            account.field(QString::fromLatin1(Keys::keyId)), account.field(QString::fromLatin1(Keys::issuerId))),
        this);
    // Apple counts requests per hour and dislikes bursts: a few calm retries on 429/5xx.
    m_timing.apiRetry = m_client->service().retry;
    m_timing.partRetry.maxAttempts = 4;
}

AppStoreConnectProvider::~AppStoreConnectProvider() = default;

void AppStoreConnectProvider::setTiming(const Timing& timing)
{
    m_timing = timing;
    m_client->service().retry = timing.apiRetry;
}

HttpRequest AppStoreConnectProvider::request(const QByteArray& method, const QString& path) const
{
    HttpRequest r = m_client->request(method, path);
    if (method != "GET" && method != "DELETE")
        r.contentType = "application/json";
    return r;
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
    HttpRequest r = request("GET", QStringLiteral("/v1/apps"));
    r.addQuery(QStringLiteral("limit"), QStringLiteral("200"));
    r.addQuery(QStringLiteral("fields[apps]"), QStringLiteral("name,bundleId,sku,primaryLocale"));
    r.what = tr("the apps");
    Steps::fetchAll(
        job, m_client, r, &nextPage,
        [job](const QList<HttpResponse>& pages) {
            auto apps = allItems<AppInfo>(pages, &AscJson::parseApps);
            if (!apps) {
                job->fail(apps.error());
                return;
            }
            std::sort(apps.value().begin(), apps.value().end(),
                [](const AppInfo& a, const AppInfo& b) { return a.name.compare(b.name, Qt::CaseInsensitive) < 0; });
            job->complete(apps.value());
        },
        1000);
    return job;
}

VersionsJob* AppStoreConnectProvider::fetchVersions(const QString& appId)
{
    if (appId.trimmed().isEmpty())
        return failedJob<VersionsJob>(fieldError(
            Error::Kind::Validation, tr("Which app? App Store Connect needs the app's ID."), QStringLiteral("app")));
    auto* job = new VersionsJob(this);
    job->setStatus(tr("Listing App Store versions and builds of %1").arg(appId));

    // Two lists in parallel: the App Store versions (every page) and the newest builds (one page of 200).
    struct State
    {
        QList<VersionInfo> versions;
        QList<VersionInfo> builds;
        int pending = 2;
    };
    auto state = std::make_shared<State>();
    const auto finishOne = [job, state] {
        if (--state->pending > 0 || job->isFinished())
            return;
        QList<VersionInfo> all = state->versions + state->builds;
        std::stable_sort(
            all.begin(), all.end(), [](const VersionInfo& a, const VersionInfo& b) { return a.created > b.created; });
        job->complete(all);
    };

    HttpRequest versions = request("GET", QStringLiteral("/v1/apps/%1/appStoreVersions").arg(appId));
    versions.addQuery(QStringLiteral("limit"), QStringLiteral("200"));
    versions.addQuery(QStringLiteral("include"), QStringLiteral("build"));
    versions.what = tr("the App Store versions");
    Steps::fetchAll(
        job, m_client, versions, &nextPage,
        [job, state, appId, finishOne](const QList<HttpResponse>& pages) {
            auto parsed = allItems<VersionInfo>(
                pages, [&appId](const QByteArray& body) { return AscJson::parseAppStoreVersions(body, appId); });
            if (!parsed) {
                job->fail(parsed.error());
                return;
            }
            state->versions = parsed.value();
            finishOne();
        },
        1000);

    HttpRequest builds = request("GET", QStringLiteral("/v1/builds"));
    builds.addQuery(QStringLiteral("filter[app]"), appId);
    builds.addQuery(QStringLiteral("sort"), QStringLiteral("-uploadedDate"));
    builds.addQuery(QStringLiteral("include"), QStringLiteral("preReleaseVersion"));
    builds.addQuery(QStringLiteral("limit"), QStringLiteral("200"));
    builds.what = tr("the builds");
    // Every page (links.next), not only the newest 200 builds.
    Steps::fetchAll(
        job, m_client, builds, &nextPage,
        [job, state, appId, finishOne](const QList<HttpResponse>& pages) {
            auto parsed = allItems<VersionInfo>(
                pages, [&appId](const QByteArray& body) { return AscJson::parseBuilds(body, appId); });
            if (!parsed) {
                job->fail(parsed.error());
                return;
            }
            state->builds = parsed.value();
            finishOne();
        },
        1000);
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
        return failedJob<PublishJob>(fieldError(Error::Kind::Validation,
            tr("%1 is not an App Store Connect platform (IOS, MAC_OS, TV_OS, VISION_OS).").arg(platform),
            QStringLiteral("platform")));
    if (plan.shortVersion.isEmpty() || plan.bundleVersion.isEmpty())
        return failedJob<PublishJob>(fieldError(Error::Kind::Validation,
            tr("The version (CFBundleShortVersionString) and build number (CFBundleVersion) of %1 are unknown; "
               "give the version name and the version code.")
                .arg(plan.fileName),
            plan.shortVersion.isEmpty() ? QStringLiteral("version-name") : QStringLiteral("version-code")));
    plan.wait = isTrue(request.options.value(QStringLiteral("wait")), true);
    plan.appStoreVersion = request.options.value(QStringLiteral("app-store-version")).toString().trimmed();
    plan.attributes = attributesFrom(request.options);
    if (const Status ok = AscJson::checkReleaseDate(plan.attributes); !ok)
        return failedJob<PublishJob>(ok.error());
    plan.resume = request.resumeState;
    if (!plan.appStoreVersion.isEmpty() && !plan.wait)
        return failedJob<PublishJob>(fieldError(Error::Kind::Validation,
            tr("Attaching the build to an App Store version needs the processed build: leave wait on."),
            QStringLiteral("wait")));

    auto* job = new AscPublishJob(this, m_timing, plan);
    job->setStatus(tr("Uploading %1 to App Store Connect").arg(plan.fileName));
    job->start();
    return job;
}

ActionJob* AppStoreConnectProvider::deleteVersion(const QString& appId, const QString& versionId)
{
    Q_UNUSED(appId);
    if (versionId.trimmed().isEmpty())
        return failedJob<ActionJob>(Error(Error::Kind::Validation, tr("Which version? The version id is empty.")));
    // The versions list holds App Store versions and builds, whose ids are distinct resources. A build has no
    // DELETE in the API: it is expired (PATCH /v1/builds/{id} expired=true, so testers can no longer install it).
    // Only an id that is not a build is deleted as an App Store version.
    auto* job = new ActionJob(this);
    job->setStatus(tr("Looking up %1").arg(versionId));
    HttpRequest get = request("GET", QStringLiteral("/v1/builds/") + versionId);
    get.addQuery(QStringLiteral("fields[builds]"), QStringLiteral("version,expired"));
    get.what = tr("the build");
    m_client->send(get, job, [this, job, versionId](const Result<HttpResponse>& found) {
        if (job->isFinished() || job->isCancelled())
            return;
        if (found) {
            job->setStatus(tr("Expiring build %1").arg(versionId));
            HttpRequest expire = request("PATCH", QStringLiteral("/v1/builds/") + versionId);
            expire.body = AscJson::expireBuild(versionId);
            expire.what = tr("the build");
            Steps::send(job, m_client, expire, [job](const HttpResponse&) { job->complete(Ok {}); });
            return;
        }
        if (found.error().httpStatus != 404) {
            job->fail(found.error());
            return;
        }
        job->setStatus(tr("Deleting App Store version %1").arg(versionId));
        HttpRequest r = request("DELETE", QStringLiteral("/v1/appStoreVersions/") + versionId);
        r.expect = HttpRequest::Expect::Any;
        r.what = tr("the App Store version");
        Steps::send(job, m_client, r, [job](const HttpResponse&) { job->complete(Ok {}); });
    });
    return job;
}

PublishJob* AppStoreConnectProvider::createVersion(
    const QString& appId, const QString& platform, const QString& versionString, const QVariantMap& attributes)
{
    AscJson::VersionAttributes attrs = attributesFrom(attributes);
    if (const Status ok = AscJson::checkReleaseDate(attrs); !ok)
        return failedJob<PublishJob>(ok.error());
    auto* job = new PublishJob(this);
    attrs.versionString = versionString;
    HttpRequest r = request("POST", QStringLiteral("/v1/appStoreVersions"));
    r.body = AscJson::createAppStoreVersion(appId, AscJson::applePlatform(platform), attrs);
    r.what = tr("the App Store version");
    job->setStatus(tr("Creating App Store version %1").arg(versionString));
    Steps::sendParsed(
        job, m_client, r, [appId](const HttpResponse& rr) { return AscJson::parseAppStoreVersion(rr.body, appId); },
        [job](const VersionInfo& v) { job->complete(v); });
    return job;
}

PublishJob* AppStoreConnectProvider::updateVersion(const QString& versionId, const QVariantMap& attributes)
{
    AscJson::VersionAttributes attrs = attributesFrom(attributes);
    if (const Status ok = AscJson::checkReleaseDate(attrs); !ok)
        return failedJob<PublishJob>(ok.error());
    auto* job = new PublishJob(this);
    HttpRequest r = request("PATCH", QStringLiteral("/v1/appStoreVersions/") + versionId);
    r.body = AscJson::updateAppStoreVersion(versionId, attrs);
    r.what = tr("the App Store version");
    job->setStatus(tr("Updating App Store version %1").arg(versionId));
    Steps::sendParsed(
        job, m_client, r, [](const HttpResponse& rr) { return AscJson::parseAppStoreVersion(rr.body, QString()); },
        [job](const VersionInfo& v) { job->complete(v); });
    return job;
}

ActionJob* AppStoreConnectProvider::attachBuild(const QString& versionId, const QString& buildId)
{
    auto* job = new ActionJob(this);
    HttpRequest r = request("PATCH", QStringLiteral("/v1/appStoreVersions/%1/relationships/build").arg(versionId));
    r.body = AscJson::buildLinkage(buildId);
    r.expect = HttpRequest::Expect::Any;
    r.what = tr("the App Store version");
    job->setStatus(tr("Attaching build %1").arg(buildId));
    Steps::send(job, m_client, r, [job](const HttpResponse&) { job->complete(Ok {}); });
    return job;
}

QList<FieldSpec> AppStoreConnectProvider::editFields() const
{
    QList<FieldSpec> fields {field(QStringLiteral("version-string"), tr("Version"), FieldSpec::Type::Text,
        tr("The App Store version's version string, e.g. 1.2.0."))};
    for (const FieldSpec& f : publishFields()) {
        if (f.key == QLatin1String("copyright") || f.key == QLatin1String("release-type")
            || f.key == QLatin1String("earliest-release-date"))
            fields.append(f);
    }
    fields.append(field(QStringLiteral("notes"), tr("What's new"), FieldSpec::Type::MultiLine,
        tr("The App Store version's \"What's New in This Version\" text (appStoreVersionLocalizations whatsNew).")));
    fields.append(field(QStringLiteral("locale"), tr("Language"), FieldSpec::Type::Text,
        tr("Which language's \"what's new\" to change, e.g. en-US; needed when the version has several.")));
    return fields;
}

ActionJob* AppStoreConnectProvider::edit(const QString& appId, const QString& versionId, const VersionEdit& changes)
{
    Q_UNUSED(appId);
    if (changes.label)
        return failedJob<ActionJob>(fieldError(Error::Kind::Unsupported,
            tr("App Store Connect versions have no label; the version string, copyright, release type, earliest "
               "release date and \"what's new\" can be edited."),
            QStringLiteral("label")));
    static const QStringList editable {QStringLiteral("version-string"), QStringLiteral("copyright"),
        QStringLiteral("release-type"), QStringLiteral("earliest-release-date"), QStringLiteral("locale")};
    for (auto it = changes.options.begin(); it != changes.options.end(); ++it) {
        if (!editable.contains(it.key()))
            return failedJob<ActionJob>(fieldError(Error::Kind::Validation,
                tr("App Store Connect cannot edit %1 here; it can edit notes (what's new), %2.")
                    .arg(it.key(), editable.join(QStringLiteral(", "))),
                it.key()));
    }
    QVariantMap attributes = changes.options;
    const QString locale = attributes.take(QStringLiteral("locale")).toString().trimmed();
    if (attributes.isEmpty() && !changes.notes)
        return failedJob<ActionJob>(Error(Error::Kind::Validation, tr("Nothing to change.")));
    auto* job = new ActionJob(this);
    auto whatsNew = [this, job, versionId, locale, notes = changes.notes] {
        if (notes)
            setWhatsNew(job, versionId, locale, *notes);
        else
            job->complete(Ok {});
    };
    if (attributes.isEmpty()) {
        whatsNew();
        return job;
    }
    // AppStoreVersionUpdateRequest (PATCH /v1/appStoreVersions/{id}); the date needs SCHEDULED (checked there).
    PublishJob* update = updateVersion(versionId, attributes);
    update->setParent(job);
    auto relay = [job, update, whatsNew] {
        if (update->succeeded())
            whatsNew();
        else
            job->fail(update->error());
    };
    if (update->isFinished())
        relay();
    else
        connect(update, &Job::finished, job, relay);
    return job;
}

void AppStoreConnectProvider::setWhatsNew(
    ActionJob* job, const QString& versionId, const QString& locale, const QString& text)
{
    // GET /v1/appStoreVersions/{id}/appStoreVersionLocalizations (filter[locale], limit <= 200), then
    // PATCH /v1/appStoreVersionLocalizations/{id} with whatsNew (the App Store Connect OpenAPI).
    job->setStatus(tr("Looking up the languages of version %1").arg(versionId));
    HttpRequest list
        = request("GET", QStringLiteral("/v1/appStoreVersions/%1/appStoreVersionLocalizations").arg(versionId));
    list.addQuery(QStringLiteral("fields[appStoreVersionLocalizations]"), QStringLiteral("locale,whatsNew"));
    if (!locale.isEmpty())
        list.addQuery(QStringLiteral("filter[locale]"), locale);
    list.addQuery(QStringLiteral("limit"), QStringLiteral("200"));
    list.what = tr("the App Store version's languages");
    Steps::sendParsed(
        job, m_client, list, [](const HttpResponse& r) { return AscJson::parseLocalizations(r.body); },
        [this, job, versionId, locale, text](const QList<AscJson::Localization>& all) {
            if (all.isEmpty()) {
                job->fail(fieldError(Error::Kind::NotFound,
                    locale.isEmpty()
                        ? tr("App Store version %1 has no language to write \"what's new\" in.").arg(versionId)
                        : tr("App Store version %1 has no %2 localization.").arg(versionId, locale),
                    QStringLiteral("locale")));
                return;
            }
            if (all.size() > 1) {
                QStringList locales;
                for (const auto& l : all)
                    locales.append(l.locale);
                job->fail(fieldError(Error::Kind::Validation,
                    tr("App Store version %1 has several languages (%2): choose one with locale.")
                        .arg(versionId, locales.join(QStringLiteral(", "))),
                    QStringLiteral("locale")));
                return;
            }
            job->setStatus(tr("Updating what's new (%1)").arg(all.first().locale));
            HttpRequest patch = request("PATCH", QStringLiteral("/v1/appStoreVersionLocalizations/") + all.first().id);
            patch.body = AscJson::updateWhatsNew(all.first().id, text);
            patch.what = tr("the App Store version's \"what's new\"");
            Steps::send(job, m_client, patch, [job](const HttpResponse&) { job->complete(Ok {}); });
        });
}

} // namespace Slipway
