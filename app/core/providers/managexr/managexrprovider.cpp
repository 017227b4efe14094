#include "managexrprovider.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <credentials/credentialstore.h>
#include <package/filehasher.h>
#include <package/packageinspector.h>
#include <providers/managexr/managexrjson.h>
#include <providers/servicecatalog.h>
#include <common/workerjob.h>

namespace Slipway {

Q_LOGGING_CATEGORY(lcManageXr, "slipway.provider.managexr", QtInfoMsg)

namespace {

namespace Opt {
constexpr char apkUrl[] = "apk-url";
constexpr char obbUrl[] = "obb-url";
constexpr char versionLabel[] = "version-label";
constexpr char releaseChannel[] = "release-channel";
constexpr char appTitle[] = "app-title";
constexpr char iconUrl[] = "icon-url";
} // namespace Opt

QString tr(const char* text)
{
    return QCoreApplication::translate("Slipway::ManageXrProvider", text);
}

QString option(const PublishRequest& r, const char* key)
{
    return r.options.value(QLatin1String(key)).toString().trimmed();
}

// Everything publish needs from the local files, worked out on a worker thread (inspection, hashing, copying to
// the hosting folder).
struct Prepared
{
    ManageXrJson::NewVersion version;
    QString releaseChannel;
    QStringList hostedFiles; // for the log
};

struct Hosting
{
    QString folder;
    QString baseUrl;
    bool isSet() const { return !folder.isEmpty() && !baseUrl.isEmpty(); }
};

QString encodeSegment(const QString& s)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(s));
}

// Copies `source` to <folder>/<relDir>/<name> through a temporary name, checks the copy's MD5 against `md5`,
// then renames it into place. An identical file already there is reused; a different one is a conflict.
Result<QString> copyToHosting(const QString& source, const Hosting& hosting, const QStringList& relDir,
    const QString& md5, const std::atomic_bool* cancel, const WorkerProgress& progress)
{
    const QString name = QFileInfo(source).fileName();
    QString dirPath = hosting.folder;
    for (const QString& part : relDir)
        dirPath += QLatin1Char('/') + part;
    if (!QDir().mkpath(dirPath))
        return Error(Error::Kind::Io,
            tr("Cannot create the folder %1 in the hosting folder: check that it is "
               "mounted and writable.")
                .arg(dirPath));
    const QString dest = dirPath + QLatin1Char('/') + name;
    QStringList urlParts;
    for (const QString& part : relDir)
        urlParts << encodeSegment(part);
    urlParts << encodeSegment(name);
    QString base = hosting.baseUrl;
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    const QString url = base + QLatin1Char('/') + urlParts.join(QLatin1Char('/'));

    if (QFileInfo::exists(dest)) {
        auto existing = FileHasher::hash(dest, {}, cancel);
        if (!existing)
            return existing.error();
        if (existing.value().md5 == md5)
            return url; // already hosted, byte-identical
        return Error(Error::Kind::Conflict,
            tr("The hosting folder already holds a different %1 for this version (%2): publish with another "
               "version label or remove the old file.")
                .arg(name, dest));
    }

    const QString temp = dirPath + QStringLiteral("/.") + name + QStringLiteral(".slipway-part");
    {
        QFile in(source);
        QFile out(temp);
        if (!in.open(QIODevice::ReadOnly))
            return Error(Error::Kind::Io, tr("Cannot read %1: %2").arg(source, in.errorString()));
        if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return Error(
                Error::Kind::Io, tr("Cannot write to the hosting folder (%1): %2").arg(temp, out.errorString()));
        const qint64 total = in.size();
        qint64 done = 0;
        QByteArray buffer(1024 * 1024, Qt::Uninitialized);
        for (;;) {
            if (cancel && cancel->load()) {
                out.close();
                QFile::remove(temp);
                return Error(Error::Kind::Cancelled, tr("Cancelled."));
            }
            const qint64 n = in.read(buffer.data(), buffer.size());
            if (n < 0)
                return Error(Error::Kind::Io, tr("Cannot read %1: %2").arg(source, in.errorString()));
            if (n == 0)
                break;
            if (out.write(buffer.constData(), n) != n) {
                const QString why = out.errorString();
                out.close();
                QFile::remove(temp);
                return Error(Error::Kind::Io, tr("Cannot write to the hosting folder (%1): %2").arg(temp, why));
            }
            done += n;
            if (progress)
                progress(done, total);
        }
        if (!out.flush()) {
            out.close();
            QFile::remove(temp);
            return Error(Error::Kind::Io, tr("Cannot write to the hosting folder (%1).").arg(temp));
        }
    }
    // Verify what landed on the disk (a network share can corrupt silently), then rename into place.
    auto copied = FileHasher::hash(temp, {}, cancel);
    if (!copied || copied.value().md5 != md5) {
        QFile::remove(temp);
        return Error(Error::Kind::Io,
            tr("The copy of %1 in the hosting folder does not match the original (MD5 differs); check the "
               "share and try again.")
                .arg(name));
    }
    if (!QFile::rename(temp, dest)) {
        QFile::remove(temp);
        return Error(Error::Kind::Io, tr("Cannot move the copy into place at %1.").arg(dest));
    }
    qCInfo(lcManageXr).noquote() << "hosted" << source << "as" << dest;
    return url;
}

Result<Prepared> prepare(const PublishRequest& request, const Hosting& hosting, const std::atomic_bool* cancel,
    const WorkerProgress& progress)
{
    Prepared p;
    QString apkPath;
    QString obbPath;
    for (const QString& f : request.files) {
        if (f.endsWith(QLatin1String(".obb"), Qt::CaseInsensitive)) {
            if (obbPath.isEmpty())
                obbPath = f;
        } else if (apkPath.isEmpty()) {
            apkPath = f;
        }
    }
    const QString apkUrl = option(request, Opt::apkUrl);
    const QString obbUrl = option(request, Opt::obbUrl);
    if (apkPath.isEmpty() && apkUrl.isEmpty())
        return Error(Error::Kind::Validation, tr("Give the APK to publish, or its URL with --set apk-url=https://..."));

    QJsonObject info = request.inspection;
    if (info.isEmpty() && !apkPath.isEmpty()) {
        auto inspected = PackageInspector::inspect(apkPath, InspectOptions(), {}, cancel);
        if (!inspected)
            return inspected.error();
        info = inspected.value().toJson();
    }
    if (!info.isEmpty()) {
        const QString kind = info.value(QStringLiteral("kind")).toString();
        if (!kind.isEmpty() && kind != QLatin1String("apk"))
            return Error(Error::Kind::Validation,
                tr("ManageXR installs APKs; %1 is a %2 package.").arg(QFileInfo(apkPath).fileName(), kind));
    }

    ManageXrJson::NewVersion& v = p.version;
    v.packageName = !request.appId.isEmpty() ? request.appId : info.value(QStringLiteral("packageId")).toString();
    const QJsonValue infoCode = info.value(QStringLiteral("versionCode"));
    const QString codeText = !request.versionCode.isEmpty()
        ? request.versionCode
        : (infoCode.isDouble() ? QString::number(qint64(infoCode.toDouble())) : infoCode.toString());
    v.versionName
        = !request.versionName.isEmpty() ? request.versionName : info.value(QStringLiteral("versionName")).toString();
    v.versionLabel = option(request, Opt::versionLabel);
    if (v.versionLabel.isEmpty())
        v.versionLabel = request.label;
    v.title = option(request, Opt::appTitle);
    if (v.title.isEmpty())
        v.title = !request.appName.isEmpty() ? request.appName : info.value(QStringLiteral("label")).toString();
    v.iconUrl = option(request, Opt::iconUrl);
    p.releaseChannel = option(request, Opt::releaseChannel);

    bool numeric = false;
    v.versionCode = codeText.toLongLong(&numeric);
    if (v.packageName.isEmpty())
        return Error(Error::Kind::Validation,
            tr("The package name is unknown: publish an APK Slipway can read, or "
               "choose the app."));
    if (!numeric || v.versionCode < 0)
        return Error(Error::Kind::Validation, tr("ManageXR needs a numeric version code (got \"%1\").").arg(codeText));
    if (v.versionName.isEmpty())
        return Error(Error::Kind::Validation, tr("ManageXR needs a version name; the APK has none, give one."));

    QStringList relDir {v.packageName,
        v.versionLabel.isEmpty() ? QString::number(v.versionCode)
                                 : QString::number(v.versionCode) + QLatin1Char('-') + v.versionLabel};
    // APK: MD5 and size from the file itself.
    if (!apkPath.isEmpty()) {
        v.apkMd5 = info.value(QStringLiteral("md5")).toString();
        v.apkSize = qint64(info.value(QStringLiteral("size")).toDouble(-1));
        if (v.apkMd5.isEmpty() || v.apkSize < 0) {
            auto d = FileHasher::hash(apkPath, progress, cancel);
            if (!d)
                return d.error();
            v.apkMd5 = d.value().md5;
            v.apkSize = d.value().size;
        }
        if (!apkUrl.isEmpty()) {
            v.apkUrl = apkUrl;
        } else if (hosting.isSet()) {
            auto url = copyToHosting(apkPath, hosting, relDir, v.apkMd5, cancel, progress);
            if (!url)
                return url.error();
            v.apkUrl = url.value();
            p.hostedFiles << apkPath;
        } else {
            return Error(Error::Kind::Validation,
                tr("ManageXR only registers files you host: give the APK's public URL with --set "
                   "apk-url=https://... or set a hosting folder and base URL on the account."));
        }
    } else {
        v.apkUrl = apkUrl;
    }

    if (!obbPath.isEmpty()) {
        auto d = FileHasher::hash(obbPath, progress, cancel);
        if (!d)
            return d.error();
        v.obbMd5 = d.value().md5;
        v.obbSize = d.value().size;
        if (!obbUrl.isEmpty()) {
            v.obbUrl = obbUrl;
        } else if (hosting.isSet()) {
            auto url = copyToHosting(obbPath, hosting, relDir, v.obbMd5, cancel, progress);
            if (!url)
                return url.error();
            v.obbUrl = url.value();
            p.hostedFiles << obbPath;
        } else {
            return Error(Error::Kind::Validation,
                tr("Give the OBB's public URL with --set obb-url=https://... or set a hosting folder on the "
                   "account."));
        }
    } else if (!obbUrl.isEmpty()) {
        v.obbUrl = obbUrl;
    }
    for (const QString& url : {v.apkUrl, v.obbUrl}) {
        if (url.isEmpty())
            continue;
        const QUrl u(url);
        if (!u.isValid() || (u.scheme() != QLatin1String("https") && u.scheme() != QLatin1String("http")))
            return Error(Error::Kind::Validation, tr("\"%1\" is not an http(s) URL ManageXR can download.").arg(url));
    }
    return p;
}

bool sameVersion(const VersionInfo& v, const ManageXrJson::NewVersion& n)
{
    return v.versionCode == QString::number(n.versionCode) && v.versionName == n.versionName
        && v.label == n.versionLabel;
}

} // namespace

// ---------------------------------------------------------------------------------------------------------------

void ManageXrProvider::registerService()
{
    ProviderRegistry::registerService(ServiceCatalog::managexr(), &ManageXrProvider::create);
}

Provider* ManageXrProvider::create(const Account& account, const ProviderContext& context, QObject* parent)
{
    return new ManageXrProvider(account, context, parent);
}

ManageXrProvider::ManageXrProvider(const Account& account, const ProviderContext& context, QObject* parent)
    : Provider(parent)
    , m_account(account)
    , m_context(context)
{
    m_service.name = QStringLiteral("ManageXR");
    m_service.baseUrl = account.baseUrl.isEmpty() ? ServiceCatalog::managexr().defaultBaseUrl : account.baseUrl;
    m_service.errorParser = &ManageXrJson::applyError;
    // ManageXR allows 10 requests per second per organization.
    m_service.rateLimiter = std::make_shared<RateLimiter>(10, 1000);
    const QString org = account.field(QString::fromLatin1(ServiceCatalog::Keys::organizationId));
    if (!org.isEmpty())
        m_service.query.addQueryItem(QStringLiteral("organizationId"), org);
}

ManageXrProvider::~ManageXrProvider() = default;

QString ManageXrProvider::displayName() const
{
    return QStringLiteral("ManageXR (%1)").arg(m_account.name);
}

Provider::Capabilities ManageXrProvider::capabilities() const
{
    return ListApps | ListVersions | Publish | DeleteVersion | CreateApp;
}

QList<FieldSpec> ManageXrProvider::publishFields() const
{
    auto f = [](const char* key, const QString& label, FieldSpec::Type type, const QString& help) {
        FieldSpec s;
        s.key = QString::fromLatin1(key);
        s.label = label;
        s.type = type;
        s.help = help;
        return s;
    };
    return {
        f(Opt::apkUrl, tr("APK URL"), FieldSpec::Type::Url,
            tr("Public URL where you already host this APK; ManageXR downloads it from there. Empty: copy the APK to "
               "the account's hosting folder.")),
        f(Opt::obbUrl, tr("OBB URL"), FieldSpec::Type::Url,
            tr("Public URL of the OBB published with the APK; empty: copy it to the hosting folder.")),
        f(Opt::versionLabel, tr("Version label"), FieldSpec::Type::Text,
            tr("Tells apart builds with the same version code and name (ManageXR versionLabel).")),
        f(Opt::releaseChannel, tr("Release channel"), FieldSpec::Type::Text,
            tr("Name of a release channel to point at the new version; created when it does not exist.")),
        f(Opt::appTitle, tr("App title"), FieldSpec::Type::Text,
            tr("Title of the app when ManageXR does not know it yet; default: the APK's label.")),
        f(Opt::iconUrl, tr("Icon URL"), FieldSpec::Type::Url, tr("Icon of a new app (https URL); optional.")),
    };
}

void ManageXrProvider::setRetryPolicy(const RetryPolicy& policy)
{
    m_service.retry = policy;
}

void ManageXrProvider::setTimeouts(const HttpTimeouts& timeouts)
{
    m_service.timeouts = timeouts;
}

QString ManageXrProvider::appPath(const QString& appId) const
{
    return QStringLiteral("/v1/apps/") + encodeSegment(appId);
}

template<typename T> void ManageXrProvider::withAuth(ValueJob<T>* job, std::function<void()> next)
{
    if (m_authReady) {
        next();
        return;
    }
    const QString keyId = m_account.field(QString::fromLatin1(ServiceCatalog::Keys::keyId));
    if (keyId.isEmpty()) {
        job->fail(Error(
            Error::Kind::Auth, tr("Account %1 has no API key ID: edit the account and add it.").arg(m_account.name)));
        return;
    }
    if (!m_context.credentials) {
        job->fail(Error(Error::Kind::Keychain, tr("No secret store is available to read the ManageXR key secret.")));
        return;
    }
    SecretJob* read = m_context.credentials->read(
        CredentialStore::keyFor(m_account.name, QString::fromLatin1(ServiceCatalog::Keys::keySecret)));
    QPointer<ManageXrProvider> self(this);
    connect(read, &Job::finished, job, [self, read, job, keyId, next = std::move(next)] {
        read->deleteLater();
        if (!self || job->isFinished() || job->isCancelled())
            return;
        if (!read->succeeded()) {
            Error e = read->error();
            if (e.kind == Error::Kind::NotFound)
                e = Error(Error::Kind::Auth,
                    tr("Account %1 has no ManageXR key secret stored: add the account again with its key "
                       "secret.")
                        .arg(self->m_account.name));
            job->fail(e);
            return;
        }
        self->m_service.auth = HttpAuth::basic(keyId, read->result());
        self->m_authReady = true;
        next();
    });
}

template<typename T>
void ManageXrProvider::send(ValueJob<T>* outer, HttpRequest request, std::function<void(const HttpResponse&)> next)
{
    if (outer->isFinished() || outer->isCancelled())
        return;
    if (!m_context.http) {
        outer->fail(Error(Error::Kind::Internal, tr("No HTTP client is available.")));
        return;
    }
    // The auth may have been read after the request was built.
    request.auth = m_service.auth;
    HttpJob* job = m_context.http->send(request, outer);
    connect(outer, &Job::cancelRequested, job, &Job::cancel);
    connect(job, &Job::finished, outer, [outer, job, next = std::move(next)] {
        job->deleteLater();
        if (outer->isFinished() || outer->isCancelled())
            return;
        if (!job->succeeded()) {
            outer->fail(job->error());
            return;
        }
        next(job->result());
    });
}

AppsJob* ManageXrProvider::fetchApps()
{
    auto* job = new AppsJob(this);
    job->setStatus(tr("Listing ManageXR apps"));
    withAuth(job, [this, job] {
        HttpRequest req = m_service.request("GET", QStringLiteral("/v1/apps/"));
        req.what = tr("the list of apps");
        send(job, req, [job](const HttpResponse& r) {
            auto apps = ManageXrJson::parseApps(r.body);
            if (!apps)
                return job->fail(apps.error());
            job->complete(apps.value());
        });
    });
    return job;
}

VersionsJob* ManageXrProvider::fetchVersions(const QString& appId)
{
    auto* job = new VersionsJob(this);
    if (appId.isEmpty())
        return failedJob<VersionsJob>(Error(Error::Kind::Validation, tr("Choose an app to list its versions.")));
    job->setStatus(tr("Listing versions of %1").arg(appId));
    withAuth(job, [this, job, appId] {
        HttpRequest req = m_service.request("GET", appPath(appId) + QStringLiteral("/versions"));
        req.what = tr("the app %1").arg(appId);
        send(job, req, [job, appId](const HttpResponse& r) {
            auto versions = ManageXrJson::parseVersions(r.body, appId);
            if (!versions)
                return job->fail(versions.error());
            job->complete(versions.value());
        });
    });
    return job;
}

PublishJob* ManageXrProvider::publish(const PublishRequest& request)
{
    auto* job = new PublishJob(this);
    job->setStatus(tr("Preparing the files for ManageXR"));
    Hosting hosting;
    hosting.folder = m_account.field(QString::fromLatin1(ServiceCatalog::Keys::hostingFolder));
    hosting.baseUrl = m_account.field(QString::fromLatin1(ServiceCatalog::Keys::hostingBaseUrl));

    auto* prep = new ValueJob<Prepared>(job);
    connect(job, &Job::cancelRequested, prep, &Job::cancel);
    connect(prep, &Job::progress, job, [job](qint64 done, qint64 total) { job->reportProgress(done, total); });
    runOnWorker(prep, [request, hosting](const std::atomic_bool* cancel, const WorkerProgress& progress) {
        return prepare(request, hosting, cancel, progress);
    });
    connect(prep, &Job::finished, job, [this, job, prep] {
        prep->deleteLater();
        if (job->isFinished() || job->isCancelled())
            return;
        if (!prep->succeeded())
            return job->fail(prep->error());
        const Prepared p = prep->result();
        withAuth(job, [this, job, p] { createVersion(job, p.version, p.releaseChannel); });
    });
    return job;
}

void ManageXrProvider::createVersion(PublishJob* job, const ManageXrJson::NewVersion& v, const QString& channel)
{
    const QString pkg = v.packageName;
    job->setStatus(tr("Looking up %1 on ManageXR").arg(pkg));
    HttpRequest get = m_service.request("GET", appPath(pkg));
    get.what = tr("the app %1").arg(pkg);
    get.retry.maxAttempts = m_service.retry.maxAttempts;
    // A 404 here means "create the app first", so it must not fail the job: look at the status ourselves.
    HttpJob* lookup = m_context.http ? m_context.http->send(
                          [&] {
                              HttpRequest r = get;
                              r.auth = m_service.auth;
                              return r;
                          }(),
                          job)
                                     : nullptr;
    if (!lookup)
        return job->fail(Error(Error::Kind::Internal, tr("No HTTP client is available.")));
    connect(job, &Job::cancelRequested, lookup, &Job::cancel);
    connect(lookup, &Job::finished, job, [this, job, lookup, v, channel, pkg] {
        lookup->deleteLater();
        if (job->isFinished() || job->isCancelled())
            return;
        const bool exists = lookup->succeeded();
        if (!exists && lookup->error().kind != Error::Kind::NotFound)
            return job->fail(lookup->error());

        HttpRequest create = exists ? m_service.request("POST", appPath(pkg) + QStringLiteral("/versions"))
                                    : m_service.request("POST", QStringLiteral("/v1/apps/"));
        create.setJson(exists ? ManageXrJson::versionBody(v) : ManageXrJson::appBody(v));
        create.what = exists ? tr("the app %1").arg(pkg) : tr("the new app %1").arg(pkg);
        // A create is retried only when a lookup proves the first attempt did not create the version.
        QPointer<ManageXrProvider> self(this);
        create.retry.verifyBeforeRetry([self, job, v](const Error&, const RetryPolicy::VerifyDone& done) {
            if (!self || !self->m_context.http)
                return done(VerifyOutcome::unknown());
            HttpRequest list
                = self->m_service.request("GET", self->appPath(v.packageName) + QStringLiteral("/versions"));
            list.auth = self->m_service.auth;
            HttpJob* check = self->m_context.http->send(list, job);
            QObject::connect(check, &Job::finished, check, [check, v, done] {
                check->deleteLater();
                if (!check->succeeded()) {
                    // No app yet: nothing was created.
                    return done(check->error().kind == Error::Kind::NotFound ? VerifyOutcome::notCreated()
                                                                             : VerifyOutcome::unknown());
                }
                const QJsonArray items = check->result().jsonObject().value().value(QStringLiteral("data")).toArray();
                for (const QJsonValue& item : items) {
                    if (sameVersion(ManageXrJson::versionFromJson(item.toObject(), v.packageName), v)) {
                        HttpResponse existing = check->result();
                        existing.body = QJsonDocument(QJsonObject {{QStringLiteral("data"), item}}).toJson();
                        return done(VerifyOutcome::created(existing));
                    }
                }
                done(VerifyOutcome::notCreated());
            });
        });
        job->setStatus(exists ? tr("Registering version %1 (%2) of %3").arg(v.versionName).arg(v.versionCode).arg(pkg)
                              : tr("Creating the app %1 with version %2").arg(pkg, v.versionName));
        send(job, create, [this, job, channel, pkg](const HttpResponse& r) {
            auto created = ManageXrJson::parseCreatedVersion(r.body, pkg);
            if (!created)
                return job->fail(created.error());
            const VersionInfo version = created.value();
            qCInfo(lcManageXr).noquote() << "registered" << pkg << version.versionCode << "as" << version.id
                                         << (r.recovered ? "(found after a failed attempt)" : "");
            if (channel.isEmpty())
                return job->complete(version);
            retarget(job, pkg, channel, version.id, [job, version] { job->complete(version); });
        });
    });
}

template<typename T>
void ManageXrProvider::retarget(ValueJob<T>* job, const QString& appId, const QString& channelName,
    const QString& versionId, std::function<void()> next)
{
    job->setStatus(tr("Pointing release channel %1 at the new version").arg(channelName));
    HttpRequest list = m_service.request("GET", appPath(appId) + QStringLiteral("/release-channels"));
    list.what = tr("the release channels of %1").arg(appId);
    send(job, list, [this, job, appId, channelName, versionId, next](const HttpResponse& r) {
        auto channels = ManageXrJson::parseReleaseChannels(r.body);
        if (!channels)
            return job->fail(channels.error());
        QString channelId;
        for (const auto& c : channels.value()) {
            if (c.name.compare(channelName, Qt::CaseInsensitive) == 0)
                channelId = c.id;
        }
        HttpRequest req = channelId.isEmpty()
            ? m_service.request("POST", appPath(appId) + QStringLiteral("/release-channels"))
            : m_service.request(
                "PATCH", appPath(appId) + QStringLiteral("/release-channels/") + encodeSegment(channelId));
        req.setJson(ManageXrJson::releaseChannelBody(channelId.isEmpty() ? channelName : QString(), versionId));
        req.expect = HttpRequest::Expect::Any;
        req.what = tr("the release channel %1").arg(channelName);
        if (!channelId.isEmpty())
            req.retry.idempotency = RetryPolicy::Idempotency::Idempotent; // setting a target twice is harmless
        send(job, req, [next](const HttpResponse&) { next(); });
    });
}

ActionJob* ManageXrProvider::deleteVersion(const QString& appId, const QString& versionId)
{
    auto* job = new ActionJob(this);
    job->setStatus(tr("Deleting version %1").arg(versionId));
    withAuth(job, [this, job, appId, versionId] {
        HttpRequest req
            = m_service.request("DELETE", appPath(appId) + QStringLiteral("/versions/") + encodeSegment(versionId));
        req.expect = HttpRequest::Expect::Any; // 200 without a body
        req.what = tr("the version %1 of %2").arg(versionId, appId);
        send(job, req, [job](const HttpResponse&) { job->complete(Ok {}); });
    });
    return job;
}

ActionJob* ManageXrProvider::editVersionLabel(const QString& appId, const QString& versionId, const QString& label)
{
    auto* job = new ActionJob(this);
    job->setStatus(tr("Editing version %1").arg(versionId));
    withAuth(job, [this, job, appId, versionId, label] {
        HttpRequest req
            = m_service.request("PATCH", appPath(appId) + QStringLiteral("/versions/") + encodeSegment(versionId));
        req.setJson(QJsonObject {{QStringLiteral("versionLabel"), label}});
        req.expect = HttpRequest::Expect::Any;
        req.retry.idempotency = RetryPolicy::Idempotency::Idempotent; // setting the same label twice is harmless
        req.what = tr("the version %1 of %2").arg(versionId, appId);
        send(job, req, [job](const HttpResponse&) { job->complete(Ok {}); });
    });
    return job;
}

ActionJob* ManageXrProvider::setReleaseChannel(
    const QString& appId, const QString& channelName, const QString& versionId)
{
    auto* job = new ActionJob(this);
    withAuth(job, [this, job, appId, channelName, versionId] {
        retarget(job, appId, channelName, versionId, [job] { job->complete(Ok {}); });
    });
    return job;
}

} // namespace Slipway
