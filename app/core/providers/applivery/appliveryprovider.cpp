#include "appliveryprovider.h"

#include "appliveryjson.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QPointer>
#include <QTimer>
#include <credentials/credentialstore.h>
#include <providers/httpsteps.h>
#include <providers/providerregistry.h>
#include <providers/servicecatalog.h>

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

using AppsCallback = std::function<void(const Result<QList<AppInfo>>&)>;

} // namespace

Provider* AppliveryProvider::create(const Account& account, const ProviderContext& context, QObject* parent)
{
    return new AppliveryProvider(account, context.credentials, context.http, parent);
}

AppliveryProvider::AppliveryProvider(
    const Account& account, CredentialStore* credentials, HttpClient* http, QObject* parent)
    : Provider(parent)
    , m_account(account)
    , m_credentials(credentials)
    , m_http(http)
{
    if (m_account.baseUrl.isEmpty())
        m_account.baseUrl = ServiceCatalog::applivery().defaultBaseUrl;
    const QString explicitUpload = m_account.field(QString::fromLatin1(uploadUrlField));
    m_uploadUrl = explicitUpload.isEmpty() ? deriveUploadUrl(m_account.baseUrl) : QUrl(explicitUpload);
}

QString AppliveryProvider::displayName() const
{
    return tr("Applivery (%1)").arg(m_account.name);
}

Provider::Capabilities AppliveryProvider::capabilities() const
{
    return ListApps | ListVersions | Publish | CreateApp;
}

QList<FieldSpec> AppliveryProvider::publishFields() const
{
    auto f
        = [](const QString& key, const QString& label, FieldSpec::Type type, const QString& def, const QString& help) {
              FieldSpec s;
              s.key = key;
              s.label = label;
              s.type = type;
              s.defaultValue = def;
              s.help = help;
              return s;
          };
    FieldSpec language = f(kNotifyLanguage, tr("Notification language"), FieldSpec::Type::Choice, QString(),
        tr("Language of the notification e-mail; empty uses the app's setting."));
    language.choices = QStringList {QString()} + notifyLanguages();
    return {
        f(kTags, tr("Tags"), FieldSpec::Type::Text, QString(), tr("Comma-separated tags of the build, e.g. qa, rc.")),
        f(kNotifyCollaborators, tr("Notify collaborators"), FieldSpec::Type::Bool, QStringLiteral("false"),
            tr("E-mail the app's collaborators when the build is ready.")),
        f(kNotifyEmployees, tr("Notify employees"), FieldSpec::Type::Bool, QStringLiteral("false"),
            tr("E-mail the organization's employees who can install the build.")),
        f(kNotifyMessage, tr("Notification message"), FieldSpec::Type::MultiLine, QString(),
            tr("Text of the notification e-mail.")),
        language,
        f(kFilter, tr("Groups to notify"), FieldSpec::Type::Text, QString(),
            tr("Groups that get the build: \"a,b;c\" means (a AND b) OR c; a JSON array like [[\"a\",\"b\"],[\"c\"]] "
               "is sent as is.")),
        f(kCreateApp, tr("Create the app"), FieldSpec::Type::Bool, QStringLiteral("true"),
            tr("Create the app in the organization when no app has the package's name.")),
        f(kWaitProcessing, tr("Wait for processing"), FieldSpec::Type::Bool, QStringLiteral("true"),
            tr("Wait until Applivery has processed the build and report its processing errors.")),
    };
}

QUrl AppliveryProvider::deriveUploadUrl(const QUrl& apiBase)
{
    QUrl u = apiBase;
    const QString host = u.host();
    if (host.isEmpty() || host == QLatin1String("localhost") || !QHostAddress(host).isNull())
        return u;
    if (host.startsWith(QLatin1String("upload.")))
        return u;
    if (host.startsWith(QLatin1String("api.")))
        u.setHost(QStringLiteral("upload.") + host.mid(4));
    else
        u.setHost(QStringLiteral("upload.") + host);
    return u;
}

HttpService AppliveryProvider::service(const QByteArray& token) const
{
    HttpService s;
    s.name = QStringLiteral("Applivery");
    s.baseUrl = m_account.baseUrl;
    s.auth = HttpAuth::bearer(token);
    s.retry = m_retry;
    s.errorParser = [](const HttpResponse& response, Error& error) {
        const Error mine = Applivery::errorFor(response.status, response.body);
        if (!mine.serverMessage.isEmpty()) {
            error.serverMessage = mine.serverMessage;
            if (mine.kind != error.kind) {
                error.kind = mine.kind;
                error.message = mine.message;
            }
        }
    };
    return s;
}

QString AppliveryProvider::orgPath() const
{
    return QStringLiteral("/v1/organizations/%1")
        .arg(QString::fromLatin1(
            QUrl::toPercentEncoding(m_account.field(QString::fromLatin1(ServiceCatalog::Keys::organizationId)))));
}

namespace {

// Lists every app of the organization (all pages), then calls `done` on `context`'s thread.
void listApps(HttpClient* http, const HttpService& service, const QString& orgPath, QObject* context,
    const AppsCallback& done, const std::function<void(PagedJob*)>& started = {})
{
    if (!http) {
        done(Error(Error::Kind::Internal,
            QCoreApplication::translate("Slipway::AppliveryProvider", "No network client is available.")));
        return;
    }
    HttpRequest first = service.request("GET", orgPath + QStringLiteral("/apps"));
    first.what = QCoreApplication::translate("Slipway::AppliveryProvider", "the apps");
    first.addQuery(QStringLiteral("page"), QStringLiteral("1"));
    first.addQuery(QStringLiteral("limit"), QString::number(pageLimit));
    first.addQuery(QStringLiteral("sort"), QStringLiteral("name:asc"));
    auto hasMore = [](const HttpResponse& r) {
        const auto page = Applivery::parseApps(r.body);
        return page.ok() && page->hasNextPage && !page->items.isEmpty();
    };
    PagedJob* job = http->fetchAll(first, Paging::pageNumber(QStringLiteral("page"), hasMore), 500, context);
    if (started)
        started(job);
    QObject::connect(job, &Job::finished, context, [job, done] {
        job->deleteLater();
        if (!job->succeeded()) {
            done(job->error());
            return;
        }
        QList<AppInfo> apps;
        for (const HttpResponse& r : job->result()) {
            const auto page = Applivery::parseApps(r.body);
            if (!page) {
                done(page.error());
                return;
            }
            apps += page->items;
        }
        done(apps);
    });
}

} // namespace

AppsJob* AppliveryProvider::fetchApps()
{
    auto* job = new AppsJob(this);
    job->setStatus(tr("Listing the apps of Applivery organization %1")
                       .arg(m_account.field(QString::fromLatin1(ServiceCatalog::Keys::organizationId))));
    HttpSteps::readSecret<QList<AppInfo>>(job, m_credentials, m_account.name,
        QString::fromLatin1(ServiceCatalog::Keys::token), [this, job](const QByteArray& token) {
            listApps(
                m_http, service(token), orgPath(), job,
                [job](const Result<QList<AppInfo>>& apps) {
                    if (!apps)
                        job->fail(apps.error());
                    else
                        job->complete(apps.value());
                },
                [job](PagedJob* paged) { QObject::connect(job, &Job::cancelRequested, paged, &Job::cancel); });
        });
    return job;
}

VersionsJob* AppliveryProvider::fetchVersions(const QString& appId)
{
    auto* job = new VersionsJob(this);
    if (appId.isEmpty())
        return failedJob<VersionsJob>(Error(Error::Kind::Validation, tr("Which Applivery app? The app id is empty.")));
    job->setStatus(tr("Listing the builds of %1").arg(appId));
    HttpSteps::readSecret<QList<VersionInfo>>(job, m_credentials, m_account.name,
        QString::fromLatin1(ServiceCatalog::Keys::token), [this, job, appId](const QByteArray& token) {
            HttpRequest first = service(token).request("GET",
                orgPath() + QStringLiteral("/apps/%1/builds").arg(QString::fromLatin1(QUrl::toPercentEncoding(appId))));
            first.what = tr("the builds of %1").arg(appId);
            first.addQuery(QStringLiteral("page"), QStringLiteral("1"));
            first.addQuery(QStringLiteral("limit"), QString::number(pageLimit));
            auto hasMore = [appId](const HttpResponse& r) {
                const auto page = Applivery::parseBuilds(r.body, appId);
                return page.ok() && page->hasNextPage && !page->items.isEmpty();
            };
            HttpSteps::fetchAll<QList<VersionInfo>>(
                job, m_http, first, Paging::pageNumber(QStringLiteral("page"), hasMore),
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
        });
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
        if (!HttpSteps::isBoolText(request.options.value(key)))
            return failedJob<PublishJob>(Error(Error::Kind::Validation,
                tr("%1 must be true or false, not \"%2\".").arg(key, request.options.value(key).toString())));
    }
    const auto filter = Applivery::filterJson(request.options.value(kFilter).toString());
    if (!filter)
        return failedJob<PublishJob>(filter.error());
    const QString language = request.options.value(kNotifyLanguage).toString();
    if (!language.isEmpty() && !notifyLanguages().contains(language))
        return failedJob<PublishJob>(Error(Error::Kind::Validation,
            tr("notify-language must be one of %1.").arg(notifyLanguages().join(QStringLiteral(", ")))));

    auto* job = new PublishJob(this);
    job->setStatus(tr("Publishing %1 to Applivery").arg(file.fileName()));
    HttpSteps::readSecret<VersionInfo>(job, m_credentials, m_account.name,
        QString::fromLatin1(ServiceCatalog::Keys::token), [this, job, request](const QByteArray& token) {
            resolveApp(job, token, request,
                [this, job, token, request](const QString& appId) { upload(job, token, request, appId); });
        });
    return job;
}

void AppliveryProvider::resolveApp(
    PublishJob* job, const QByteArray& token, const PublishRequest& request, std::function<void(const QString&)> next)
{
    job->setStatus(tr("Looking up the app on Applivery"));
    const HttpService svc = service(token);
    listApps(
        m_http, svc, orgPath(), job,
        [this, job, svc, request, next](const Result<QList<AppInfo>>& apps) {
            if (job->isFinished() || job->isCancelled())
                return;
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
                job->fail(Error(Error::Kind::NotFound,
                    tr("Applivery organization %1 has no app \"%2\": use an id, slug or name from `apps`.")
                        .arg(m_account.field(QString::fromLatin1(ServiceCatalog::Keys::organizationId)),
                            request.appId)));
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
            if (!HttpSteps::optionBool(request.options, kCreateApp, true)) {
                job->fail(Error(Error::Kind::NotFound,
                    tr("No Applivery app matches %1: choose one with --app or allow create-app.")
                        .arg(packageId.isEmpty() ? request.appName : packageId)));
                return;
            }
            QString name = request.appName;
            if (name.isEmpty())
                name = label;
            if (name.isEmpty())
                name = packageId;
            if (name.isEmpty())
                name = QFileInfo(request.files.first()).completeBaseName();
            job->setStatus(tr("Creating app %1 on Applivery").arg(name));
            HttpRequest create = svc.request("POST", orgPath() + QStringLiteral("/apps"));
            create.what = tr("the app %1").arg(name);
            QJsonObject body {{QStringLiteral("name"), name}};
            if (!packageId.isEmpty() && packageId != name)
                body.insert(QStringLiteral("description"), packageId);
            create.setJson(body);
            // A create is only sent again when the app provably does not exist yet.
            QPointer<PublishJob> guard(job);
            create.retry.verifyBeforeRetry([this, svc, name, guard](const Error&, const RetryPolicy::VerifyDone& done) {
                if (!guard) {
                    done(VerifyOutcome::unknown());
                    return;
                }
                listApps(m_http, svc, orgPath(), guard, [name, done](const Result<QList<AppInfo>>& apps) {
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
                });
            });
            HttpSteps::send<VersionInfo>(job, m_http, create, [job, next](const HttpResponse& response) {
                const auto app = Applivery::parseApp(response.body);
                if (!app) {
                    job->fail(app.error());
                    return;
                }
                qCInfo(lcApplivery).noquote() << "created app" << app->id;
                next(app->id);
            });
        },
        [job](PagedJob* paged) { QObject::connect(job, &Job::cancelRequested, paged, &Job::cancel); });
}

void AppliveryProvider::upload(
    PublishJob* job, const QByteArray& token, const PublishRequest& request, const QString& appId)
{
    const QFileInfo file(request.files.first());
    const QVariantMap& o = request.options;
    QString versionName = request.versionName;
    if (versionName.isEmpty())
        versionName = request.inspection.value(QLatin1String("versionName")).toString();

    HttpService svc = service(token);
    const QString buildsPath
        = orgPath() + QStringLiteral("/apps/%1/builds").arg(QString::fromLatin1(QUrl::toPercentEncoding(appId)));
    svc.baseUrl = m_uploadUrl;
    HttpRequest up = svc.request("POST", buildsPath);
    up.what = tr("the build");
    up.addPart(MultipartPart::file("build", file.absoluteFilePath(), file.fileName()));
    if (!versionName.isEmpty())
        up.addPart(MultipartPart::field("versionName", versionName.toUtf8()));
    if (!request.notes.isEmpty())
        up.addPart(MultipartPart::field("changelog", request.notes.toUtf8()));
    QStringList tags;
    for (const QString& t : o.value(kTags).toString().split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        if (!t.trimmed().isEmpty())
            tags.append(t.trimmed());
    }
    if (!tags.isEmpty())
        up.addPart(MultipartPart::field("tags", tags.join(QLatin1Char(',')).toUtf8()));
    up.addPart(
        MultipartPart::field("notifyCollaborators", boolField(HttpSteps::optionBool(o, kNotifyCollaborators, false))));
    up.addPart(MultipartPart::field("notifyEmployees", boolField(HttpSteps::optionBool(o, kNotifyEmployees, false))));
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
    // build list shows that the first attempt did not create a build.
    const qint64 size = file.size();
    const QDateTime started = QDateTime::currentDateTimeUtc();
    QPointer<PublishJob> guard(job);
    HttpService readSvc = service(token);
    up.retry.verifyBeforeRetry([this, readSvc, buildsPath, versionName, size, started, appId, guard](
                                   const Error&, const RetryPolicy::VerifyDone& done) {
        if (!guard) {
            done(VerifyOutcome::unknown());
            return;
        }
        HttpRequest list = readSvc.request("GET", buildsPath);
        list.addQuery(QStringLiteral("page"), QStringLiteral("1"));
        list.addQuery(QStringLiteral("limit"), QStringLiteral("20"));
        HttpJob* lj = m_http->send(list, guard);
        QObject::connect(lj, &Job::finished, guard, [lj, done, versionName, size, started, appId] {
            lj->deleteLater();
            if (!lj->succeeded() || !Applivery::parseBuilds(lj->result().body, appId).ok()) {
                done(VerifyOutcome::unknown());
                return;
            }
            for (const QJsonObject& raw : rawItems(lj->result().body)) {
                const VersionInfo b = Applivery::buildFromJson(raw, appId);
                const bool recent = !b.created.isValid() || b.created >= started.addSecs(-120);
                const bool sameName = versionName.isEmpty() || b.versionName == versionName;
                const bool sameSize = b.size < 0 || b.size == size;
                if (recent && sameName && sameSize) {
                    HttpResponse existing;
                    existing.status = 200;
                    existing.body
                        = QJsonDocument(QJsonObject {{QStringLiteral("status"), true}, {QStringLiteral("data"), raw}})
                              .toJson(QJsonDocument::Compact);
                    done(VerifyOutcome::created(existing));
                    return;
                }
            }
            done(VerifyOutcome::notCreated());
        });
    });

    job->setStatus(tr("Uploading %1 to Applivery").arg(file.fileName()));
    const bool wait = HttpSteps::optionBool(o, kWaitProcessing, true);
    HttpSteps::send<VersionInfo>(
        job, m_http, up,
        [this, job, token, appId, wait](const HttpResponse& response) {
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
            poll(job, token, appId, build->id, QDateTime::currentMSecsSinceEpoch());
        },
        true);
}

void AppliveryProvider::poll(
    PublishJob* job, const QByteArray& token, const QString& appId, const QString& buildId, qint64 startedMs)
{
    job->setStatus(tr("Waiting for Applivery to process build %1").arg(buildId));
    // Small builds are processed in seconds: poll after 1 s, 2 s, 4 s, then every m_pollIntervalMs.
    const qint64 waited = QDateTime::currentMSecsSinceEpoch() - startedMs;
    const int delay = int(std::min<qint64>(m_pollIntervalMs, std::max<qint64>(1000, waited)));
    QTimer::singleShot(delay, job, [this, job, token, appId, buildId, startedMs] {
        if (job->isFinished() || job->isCancelled())
            return;
        HttpRequest get = service(token).request("GET",
            orgPath()
                + QStringLiteral("/apps/%1/builds/%2")
                      .arg(QString::fromLatin1(QUrl::toPercentEncoding(appId)),
                          QString::fromLatin1(QUrl::toPercentEncoding(buildId))));
        get.what = tr("build %1").arg(buildId);
        HttpSteps::send<VersionInfo>(
            job, m_http, get, [this, job, token, appId, buildId, startedMs](const HttpResponse& r) {
                const auto build = Applivery::parseBuild(r.body, appId);
                if (!build) {
                    job->fail(build.error());
                    return;
                }
                if (build->state == QLatin1String(Applivery::stateProcessed)) {
                    job->complete(build.value());
                    return;
                }
                if (build->state == QLatin1String(Applivery::stateError)) {
                    job->fail(Applivery::processingError(build.value()));
                    return;
                }
                if (QDateTime::currentMSecsSinceEpoch() - startedMs > m_maxProcessingMs) {
                    Error e(Error::Kind::Timeout,
                        tr("Build %1 was uploaded, but Applivery has not finished processing it (still %2). Check it "
                           "later with `versions`.")
                            .arg(buildId, build->state));
                    job->fail(e);
                    return;
                }
                job->setStatus(tr("Waiting for Applivery to process build %1 (%2)").arg(buildId, build->state));
                poll(job, token, appId, buildId, startedMs);
            });
    });
}

} // namespace Slipway
