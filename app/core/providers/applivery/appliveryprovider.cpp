#include "appliveryprovider.h"

#include "appliveryjson.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QPointer>
#include <QTimer>
#include <providers/applivery/appliveryservice.h>
#include <providers/providerregistry.h>
#include <providers/service/options.h>
#include <providers/service/serviceclient.h>
#include <providers/service/servicesetup.h>
#include <providers/service/steps.h>

namespace Slipway {

Q_LOGGING_CATEGORY(lcApplivery, "slipway.provider.applivery")

namespace {

constexpr int pageLimit = 100;

const QString kTags = QStringLiteral("tags");
const QString kNotifyCollaborators = QStringLiteral("notify-collaborators");
const QString kNotifyEmployees = QStringLiteral("notify-employees");
const QString kNotifyMessage = QStringLiteral("notify-message");
const QString kNotifyLanguage = QStringLiteral("notify-language");
const QString kFilter = QStringLiteral("filter");
const QString kCreateApp = QStringLiteral("create-app");
const QString kWaitProcessing = QStringLiteral("wait-processing");

// The languages Applivery's notifyLanguage accepts.
QStringList notifyLanguages()
{
    return {QStringLiteral("en"), QStringLiteral("es"), QStringLiteral("fr"), QStringLiteral("ge"),
        QStringLiteral("it"), QStringLiteral("zh"), QStringLiteral("pt"), QStringLiteral("ru")};
}

QByteArray boolField(bool b)
{
    return b ? QByteArrayLiteral("true") : QByteArrayLiteral("false");
}

// The raw build objects of a builds page (for the duplicate check after an ambiguous upload failure).
QList<QJsonObject> rawItems(const QByteArray& body)
{
    QList<QJsonObject> out;
    const QJsonObject data = QJsonDocument::fromJson(body).object().value(QLatin1String("data")).toObject();
    for (const QJsonValue& v : data.value(QLatin1String("items")).toArray())
        out.append(v.toObject());
    return out;
}

// The apps of every page of the organization's app list.
Result<QList<AppInfo>> appsOf(const QList<HttpResponse>& pages)
{
    QList<AppInfo> apps;
    for (const HttpResponse& r : pages) {
        const auto page = Applivery::parseApps(r.body);
        if (!page)
            return page.error();
        apps += page->items;
    }
    return apps;
}

NextPage appsPaging()
{
    return Paging::pageNumber(QStringLiteral("page"), [](const HttpResponse& r) {
        const auto page = Applivery::parseApps(r.body);
        return page.ok() && page->hasNextPage && !page->items.isEmpty();
    });
}

Error invalidInput(const QString& field, const QString& message)
{
    return Error::forField(Error::Kind::Validation, field, message);
}

} // namespace

Provider* AppliveryProvider::create(const Account& account, const ProviderContext& context, QObject* parent)
{
    return new AppliveryProvider(account, context.credentials, context.http, parent);
}

AppliveryProvider::AppliveryProvider(
    const Account& account, CredentialStore* credentials, HttpClient* http, QObject* parent)
    : NetworkProvider(account, QStringLiteral("applivery"), QStringLiteral("Applivery"),
        ListApps | ListVersions | Publish | CreateApp, parent)
{
    m_client = secretServiceClient(
        serviceInfo(), account, credentials, http, SecretAuthenticator::bearer(), &Applivery::errorFor, this);
    // The Workspace API's base URL is https://api.applivery.io for its build upload too (docs.applivery.com
    // .../api/builds/upload-build, "Choosing the right API": upload.applivery.io is the Integrations API's). A
    // tenant whose uploads go elsewhere sets the account's upload-url.
    const QString explicitUpload = m_account.field(QString::fromLatin1(uploadUrlField)).trimmed();
    m_uploadUrl = explicitUpload.isEmpty() ? m_client->service().baseUrl : QUrl(explicitUpload);
}

QList<FieldSpec> AppliveryProvider::publishFields() const
{
    FieldSpec language = fieldSpec(kNotifyLanguage, tr("Notification language"), FieldSpec::Type::Choice,
        tr("Language of the notification e-mail; empty uses the app's setting."));
    language.choices = QStringList {QString()} + notifyLanguages();
    const QString no = QStringLiteral("false");
    const QString yes = QStringLiteral("true");
    return {
        fieldSpec(kTags, tr("Tags"), FieldSpec::Type::Text, tr("Comma-separated tags of the build, e.g. qa, rc.")),
        fieldSpec(kNotifyCollaborators, tr("Notify collaborators"), FieldSpec::Type::Bool,
            tr("E-mail the app's collaborators when the build is ready."), no),
        fieldSpec(kNotifyEmployees, tr("Notify employees"), FieldSpec::Type::Bool,
            tr("E-mail the organization's employees who can install the build."), no),
        fieldSpec(kNotifyMessage, tr("Notification message"), FieldSpec::Type::MultiLine,
            tr("Text of the notification e-mail.")),
        language,
        fieldSpec(kFilter, tr("Groups to notify"), FieldSpec::Type::Text,
            tr("Groups that get the build: \"a,b;c\" means (a AND b) OR c; a JSON array like [[\"a\",\"b\"],[\"c\"]] "
               "is sent as is.")),
        fieldSpec(kCreateApp, tr("Create the app"), FieldSpec::Type::Bool,
            tr("Create the app in the organization when no app has the package's name."), yes),
        fieldSpec(kWaitProcessing, tr("Wait for processing"), FieldSpec::Type::Bool,
            tr("Wait until Applivery has processed the build and report its processing errors."), yes),
    };
}

void AppliveryProvider::setRetryPolicy(const RetryPolicy& policy)
{
    m_client->service().retry = policy;
}

QString AppliveryProvider::orgPath() const
{
    return QStringLiteral("/v1/organizations/%1")
        .arg(pathSegment(m_account.field(QString::fromLatin1(AppliveryKeys::organizationId))));
}

QString AppliveryProvider::buildsPath(const QString& appId) const
{
    return orgPath() + QStringLiteral("/apps/%1/builds").arg(pathSegment(appId));
}

HttpRequest AppliveryProvider::appsRequest() const
{
    HttpRequest first = m_client->request("GET", orgPath() + QStringLiteral("/apps"));
    first.what = tr("the apps");
    first.addQuery(QStringLiteral("page"), QStringLiteral("1"));
    first.addQuery(QStringLiteral("limit"), QString::number(pageLimit));
    first.addQuery(QStringLiteral("sort"), QStringLiteral("name:asc"));
    return first;
}

AppsJob* AppliveryProvider::fetchApps()
{
    auto* job = new AppsJob(this);
    job->setStatus(tr("Listing the apps of Applivery organization %1")
                       .arg(m_account.field(QString::fromLatin1(AppliveryKeys::organizationId))));
    Steps::fetchAll<QList<AppInfo>>(
        job, m_client, appsRequest(), appsPaging(),
        [job](const QList<HttpResponse>& pages) {
            const auto apps = appsOf(pages);
            if (!apps)
                job->fail(apps.error());
            else
                job->complete(apps.value());
        },
        500);
    return job;
}

VersionsJob* AppliveryProvider::fetchVersions(const QString& appId)
{
    if (appId.isEmpty())
        return failedJob<VersionsJob>(
            invalidInput(QStringLiteral("app"), tr("Which Applivery app? The app id is empty.")));
    auto* job = new VersionsJob(this);
    job->setStatus(tr("Listing the builds of %1").arg(appId));
    HttpRequest first = m_client->request("GET", buildsPath(appId));
    first.what = tr("the builds of %1").arg(appId);
    first.addQuery(QStringLiteral("page"), QStringLiteral("1"));
    first.addQuery(QStringLiteral("limit"), QString::number(pageLimit));
    auto hasMore = [appId](const HttpResponse& r) {
        const auto page = Applivery::parseBuilds(r.body, appId);
        return page.ok() && page->hasNextPage && !page->items.isEmpty();
    };
    Steps::fetchAll<QList<VersionInfo>>(
        job, m_client, first, Paging::pageNumber(QStringLiteral("page"), hasMore),
        [job, appId](const QList<HttpResponse>& pages) {
            QList<VersionInfo> builds;
            for (const HttpResponse& r : pages) {
                const auto page = Applivery::parseBuilds(r.body, appId);
                if (!page) {
                    job->fail(page.error());
                    return;
                }
                builds += page->items;
            }
            job->complete(builds);
        },
        1000);
    return job;
}

PublishJob* AppliveryProvider::publish(const PublishRequest& request)
{
    if (request.files.isEmpty())
        return failedJob<PublishJob>(Error(Error::Kind::Validation, tr("No file to publish.")));
    const QFileInfo file(request.files.first());
    if (!file.isFile() || !file.isReadable())
        return failedJob<PublishJob>(
            Error(Error::Kind::Io, tr("%1 cannot be read.").arg(QDir::toNativeSeparators(file.filePath()))));
    for (const QString& key : {kNotifyCollaborators, kNotifyEmployees, kCreateApp, kWaitProcessing}) {
        if (!Options::isBoolText(request.options.value(key)))
            return failedJob<PublishJob>(invalidInput(
                key, tr("%1 must be true or false, not \"%2\".").arg(key, request.options.value(key).toString())));
    }
    const auto filter = Applivery::filterJson(request.options.value(kFilter).toString());
    if (!filter) {
        Error e = filter.error();
        e.field = kFilter;
        return failedJob<PublishJob>(e);
    }
    const QString language = request.options.value(kNotifyLanguage).toString();
    if (!language.isEmpty() && !notifyLanguages().contains(language))
        return failedJob<PublishJob>(invalidInput(kNotifyLanguage,
            tr("notify-language must be one of %1.").arg(notifyLanguages().join(QStringLiteral(", ")))));

    auto* job = new PublishJob(this);
    job->setStatus(tr("Publishing %1 to Applivery").arg(file.fileName()));
    resolveApp(job, request, [this, job, request](const QString& appId) { upload(job, request, appId); });
    return job;
}

void AppliveryProvider::resolveApp(
    PublishJob* job, const PublishRequest& request, std::function<void(const QString&)> next)
{
    job->setStatus(tr("Looking up the app on Applivery"));
    Steps::fetchAll<VersionInfo>(
        job, m_client, appsRequest(), appsPaging(),
        [this, job, request, next](const QList<HttpResponse>& pages) {
            const auto apps = appsOf(pages);
            if (!apps) {
                job->fail(apps.error());
                return;
            }
            auto matches = [](const AppInfo& a, const QString& want) {
                return !want.isEmpty()
                    && (a.id == want
                        || a.extra.value(QStringLiteral("slug")).toString().compare(want, Qt::CaseInsensitive) == 0
                        || a.name.compare(want, Qt::CaseInsensitive) == 0);
            };
            const QString packageId = request.inspection.value(QLatin1String("packageId")).toString();
            const QString label = request.inspection.value(QLatin1String("label")).toString();
            // The window proposes the package id as the app; Applivery apps have no package id, so that proposal
            // means "find or create the app of this package" rather than one named app.
            if (!request.appId.isEmpty()) {
                for (const AppInfo& a : apps.value()) {
                    if (matches(a, request.appId)) {
                        next(a.id);
                        return;
                    }
                }
            }
            if (!request.appId.isEmpty() && request.appId != packageId) {
                Error e(Error::Kind::NotFound,
                    tr("Applivery organization %1 has no app \"%2\": choose one of its apps by id, slug or name.")
                        .arg(m_account.field(QString::fromLatin1(AppliveryKeys::organizationId)), request.appId));
                e.field = QStringLiteral("app");
                job->fail(e);
                return;
            }
            for (const QString& want : {request.appName, label, packageId}) {
                for (const AppInfo& a : apps.value()) {
                    if (matches(a, want)) {
                        next(a.id);
                        return;
                    }
                }
            }
            if (!Options::optionBool(request.options, kCreateApp, true)) {
                Error e(Error::Kind::NotFound,
                    tr("No Applivery app matches %1: choose the app, or allow create-app so that Slipway creates it.")
                        .arg(packageId.isEmpty() ? request.appName : packageId));
                e.field = QStringLiteral("app");
                job->fail(e);
                return;
            }
            QString name = request.appName;
            if (name.isEmpty())
                name = label;
            if (name.isEmpty())
                name = packageId;
            if (name.isEmpty())
                name = QFileInfo(request.files.first()).completeBaseName();
            createApp(job, name, packageId, next);
        },
        500);
}

void AppliveryProvider::createApp(
    PublishJob* job, const QString& name, const QString& packageId, std::function<void(const QString&)> next)
{
    job->setStatus(tr("Creating app %1 on Applivery").arg(name));
    HttpRequest create = m_client->request("POST", orgPath() + QStringLiteral("/apps"));
    create.what = tr("the app %1").arg(name);
    create.setJson(Applivery::createAppBody(name, packageId));
    // A create is only sent again when the app provably does not exist yet.
    QPointer<PublishJob> guard(job);
    create.retry.verifyBeforeRetry([this, name, guard](const Error&, const RetryPolicy::VerifyDone& done) {
        if (!guard) {
            done(VerifyOutcome::unknown());
            return;
        }
        auto found = [name, done](const Result<QList<HttpResponse>>& pages) {
            const Result<QList<AppInfo>> apps = pages ? appsOf(pages.value()) : pages.error();
            if (!apps) {
                done(VerifyOutcome::unknown());
                return;
            }
            for (const AppInfo& a : apps.value()) {
                if (a.name == name) {
                    HttpResponse existing;
                    existing.status = 200;
                    existing.body = QJsonDocument(
                        QJsonObject {{QStringLiteral("status"), true},
                            {QStringLiteral("data"),
                                QJsonObject {{QStringLiteral("id"), a.id}, {QStringLiteral("name"), a.name}}}})
                                        .toJson(QJsonDocument::Compact);
                    done(VerifyOutcome::created(existing));
                    return;
                }
            }
            done(VerifyOutcome::notCreated());
        };
        m_client->fetchAll(appsRequest(), appsPaging(), guard, found, {}, 500);
    });
    Steps::sendParsed(
        job, m_client, create, [](const HttpResponse& response) { return Applivery::parseApp(response.body); },
        [next](const AppInfo& app) {
            qCInfo(lcApplivery).noquote() << "created app" << app.id;
            next(app.id);
        });
}

void AppliveryProvider::upload(PublishJob* job, const PublishRequest& request, const QString& appId)
{
    const QFileInfo file(request.files.first());
    const QVariantMap& o = request.options;
    QString versionName = request.versionName;
    if (versionName.isEmpty())
        versionName = request.inspection.value(QLatin1String("versionName")).toString();

    // The upload goes to the upload host, with the same token.
    HttpService uploadHost = m_client->service();
    uploadHost.baseUrl = m_uploadUrl;
    HttpRequest up = uploadHost.request("POST", buildsPath(appId));
    up.what = tr("the build");
    up.addPart(MultipartPart::file("build", file.absoluteFilePath(), file.fileName()));
    if (!versionName.isEmpty())
        up.addPart(MultipartPart::field("versionName", versionName.toUtf8()));
    if (!request.notes.isEmpty())
        up.addPart(MultipartPart::field("changelog", request.notes.toUtf8()));
    const QStringList tags = Options::optionList(o, kTags);
    if (!tags.isEmpty())
        up.addPart(MultipartPart::field("tags", tags.join(QLatin1Char(',')).toUtf8()));
    up.addPart(
        MultipartPart::field("notifyCollaborators", boolField(Options::optionBool(o, kNotifyCollaborators, false))));
    up.addPart(MultipartPart::field("notifyEmployees", boolField(Options::optionBool(o, kNotifyEmployees, false))));
    if (!o.value(kNotifyMessage).toString().isEmpty())
        up.addPart(MultipartPart::field("notifyMessage", o.value(kNotifyMessage).toString().toUtf8()));
    if (!o.value(kNotifyLanguage).toString().isEmpty())
        up.addPart(MultipartPart::field("notifyLanguage", o.value(kNotifyLanguage).toString().toUtf8()));
    const QByteArray filter = Applivery::filterJson(o.value(kFilter).toString()).value();
    if (!filter.isEmpty())
        up.addPart(MultipartPart::field("filter", filter));
    up.addPart(MultipartPart::field("deployer.name", QByteArrayLiteral("Slipway")));
    if (!request.publisher.isEmpty())
        up.addPart(MultipartPart::field("deployer.info.publisher", request.publisher.toUtf8()));

    // After an ambiguous failure (dropped connection, timeout, 5xx) the upload is only sent again when the
    // build list shows that the first attempt did not create a build: the builds listed before the upload are
    // remembered, and only a new one with the same version name and size counts.
    const qint64 size = file.size();
    HttpRequest list = m_client->request("GET", buildsPath(appId));
    list.addQuery(QStringLiteral("page"), QStringLiteral("1"));
    list.addQuery(QStringLiteral("limit"), QStringLiteral("20"));
    const bool wait = Options::optionBool(o, kWaitProcessing, true);
    job->setStatus(tr("Listing the builds of %1").arg(appId));
    Steps::snapshotBefore<VersionInfo>(
        job, m_client, list,
        [appId](const Result<HttpResponse>& found) -> Result<QSet<QString>> {
            if (!found)
                return found.error();
            if (auto parsed = Applivery::parseBuilds(found->body, appId); !parsed)
                return parsed.error();
            QSet<QString> ids;
            for (const QJsonObject& raw : rawItems(found->body))
                ids.insert(Applivery::buildFromJson(raw, appId).id);
            return ids;
        },
        [this, job, up, list, versionName, size, appId, wait, fileName = file.fileName()](
            const Steps::Snapshot& before) {
            HttpRequest create = up;
            create.retry.verifyBeforeRetry(Steps::verifyByLookup(
                m_client, job, list, [before, versionName, size, appId](const Result<HttpResponse>& found) {
                    if (!found || !Applivery::parseBuilds(found->body, appId).ok())
                        return VerifyOutcome::unknown();
                    for (const QJsonObject& raw : rawItems(found->body)) {
                        const VersionInfo b = Applivery::buildFromJson(raw, appId);
                        const bool sameName = versionName.isEmpty() || b.versionName == versionName;
                        const bool sameSize = b.size < 0 || b.size == size;
                        if (!before->contains(b.id) && sameName && sameSize) {
                            HttpResponse existing;
                            existing.status = 200;
                            existing.body = QJsonDocument(
                                QJsonObject {{QStringLiteral("status"), true},
                                    {QStringLiteral("data"),
                                        raw}}).toJson(QJsonDocument::Compact);
                            return VerifyOutcome::created(existing);
                        }
                    }
                    return VerifyOutcome::notCreated();
                }));
            job->setStatus(tr("Uploading %1 to Applivery").arg(fileName));
            sendUpload(job, create, appId, wait);
        });
}

void AppliveryProvider::sendUpload(PublishJob* job, const HttpRequest& up, const QString& appId, bool wait)
{
    Steps::send<VersionInfo>(
        job, m_client, up,
        [this, job, appId, wait](const HttpResponse& response) {
            const auto build = Applivery::parseBuild(response.body, appId);
            if (!build) {
                job->fail(build.error());
                return;
            }
            qCInfo(lcApplivery).noquote() << "uploaded build" << build->id << "state" << build->state
                                          << (response.recovered ? "(recovered after a failed attempt)" : "");
            if (build->state == QLatin1String(Applivery::stateError)) {
                job->fail(Applivery::processingError(build.value()));
                return;
            }
            if (!wait || build->state == QLatin1String(Applivery::stateProcessed)) {
                job->complete(build.value());
                return;
            }
            poll(job, appId, build->id, QDateTime::currentMSecsSinceEpoch());
        },
        true);
}

void AppliveryProvider::poll(PublishJob* job, const QString& appId, const QString& buildId, qint64 startedMs)
{
    job->setStatus(tr("Waiting for Applivery to process build %1").arg(buildId));
    // Small builds are processed in seconds: poll after 1 s, 2 s, 4 s, then every m_pollIntervalMs.
    const qint64 waited = QDateTime::currentMSecsSinceEpoch() - startedMs;
    const int delay = int(std::min<qint64>(m_pollIntervalMs, std::max<qint64>(1000, waited)));
    QTimer::singleShot(delay, job, [this, job, appId, buildId, startedMs] {
        if (job->isFinished() || job->isCancelled())
            return;
        HttpRequest get = m_client->request("GET", buildsPath(appId) + QLatin1Char('/') + pathSegment(buildId));
        get.what = tr("build %1").arg(buildId);
        Steps::sendParsed(
            job, m_client, get, [appId](const HttpResponse& r) { return Applivery::parseBuild(r.body, appId); },
            [this, job, appId, buildId, startedMs](const VersionInfo& build) {
                if (build.state == QLatin1String(Applivery::stateProcessed)) {
                    job->complete(build);
                    return;
                }
                if (build.state == QLatin1String(Applivery::stateError)) {
                    job->fail(Applivery::processingError(build));
                    return;
                }
                if (QDateTime::currentMSecsSinceEpoch() - startedMs > m_maxProcessingMs) {
                    job->fail(Error(Error::Kind::Timeout,
                        tr("Build %1 was uploaded, but Applivery has not finished processing it (still %2). Check it "
                           "later in the app's list of versions.")
                            .arg(buildId, build.state)));
                    return;
                }
                job->setStatus(tr("Waiting for Applivery to process build %1 (%2)").arg(buildId, build.state));
                poll(job, appId, buildId, startedMs);
            });
    });
}

} // namespace Slipway
