#include "managexrprovider.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <common/workerjob.h>
#include <package/filehasher.h>
#include <package/packageinspector.h>
#include <providers/managexr/managexrjson.h>
#include <providers/managexr/managexrservice.h>
#include <providers/service/serviceclient.h>
#include <providers/service/servicesetup.h>
#include <providers/service/steps.h>

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

struct Texts
{
    Q_DECLARE_TR_FUNCTIONS(Slipway::ManageXrProvider)
};

QString option(const PublishRequest& r, const char* key)
{
    return r.options.value(QLatin1String(key)).toString().trimmed();
}

// A Validation error about the input `field` (a publish field or option key).
Error invalid(const QString& message, const QString& field)
{
    Error e(Error::Kind::Validation, message);
    e.field = field;
    return e;
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
            Texts::tr("Cannot create the folder %1 in the hosting folder: check that it is "
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
        Error e(Error::Kind::Conflict,
            Texts::tr("The hosting folder already holds a different %1 for this version (%2): publish with another "
                      "version label or remove the old file.")
                .arg(name, dest));
        e.field = QString::fromLatin1(Opt::versionLabel);
        return e;
    }

    const QString temp = dirPath + QStringLiteral("/.") + name + QStringLiteral(".slipway-part");
    {
        QFile in(source);
        QFile out(temp);
        if (!in.open(QIODevice::ReadOnly))
            return Error(Error::Kind::Io, Texts::tr("Cannot read %1: %2").arg(source, in.errorString()));
        if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return Error(
                Error::Kind::Io, Texts::tr("Cannot write to the hosting folder (%1): %2").arg(temp, out.errorString()));
        const qint64 total = in.size();
        qint64 done = 0;
        QByteArray buffer(1024 * 1024, Qt::Uninitialized);
        for (;;) {
            if (cancel && cancel->load()) {
                out.close();
                QFile::remove(temp);
                return Error(Error::Kind::Cancelled, Texts::tr("Cancelled."));
            }
            const qint64 n = in.read(buffer.data(), buffer.size());
            if (n < 0)
                return Error(Error::Kind::Io, Texts::tr("Cannot read %1: %2").arg(source, in.errorString()));
            if (n == 0)
                break;
            if (out.write(buffer.constData(), n) != n) {
                const QString why = out.errorString();
                out.close();
                QFile::remove(temp);
                return Error(Error::Kind::Io, Texts::tr("Cannot write to the hosting folder (%1): %2").arg(temp, why));
            }
            done += n;
            if (progress)
                progress(done, total);
        }
        if (!out.flush()) {
            out.close();
            QFile::remove(temp);
            return Error(Error::Kind::Io, Texts::tr("Cannot write to the hosting folder (%1).").arg(temp));
        }
    }
    // Verify what landed on the disk (a network share can corrupt silently), then rename into place.
    auto copied = FileHasher::hash(temp, {}, cancel);
    if (!copied || copied.value().md5 != md5) {
        QFile::remove(temp);
        return Error(Error::Kind::Io,
            Texts::tr("The copy of %1 in the hosting folder does not match the original (MD5 differs); check the "
                      "share and try again.")
                .arg(name));
    }
    if (!QFile::rename(temp, dest)) {
        QFile::remove(temp);
        return Error(Error::Kind::Io, Texts::tr("Cannot move the copy into place at %1.").arg(dest));
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
        return invalid(Texts::tr("Give the APK to publish, or the public URL where you host it."),
            QString::fromLatin1(Opt::apkUrl));

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
                Texts::tr("ManageXR installs APKs; %1 is a %2 package.").arg(QFileInfo(apkPath).fileName(), kind));
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
        return invalid(Texts::tr("The package name is unknown: publish an APK Slipway can read, or choose the app."),
            QStringLiteral("app"));
    if (!numeric || v.versionCode < 0)
        return invalid(Texts::tr("ManageXR needs a numeric version code (got \"%1\").").arg(codeText),
            QStringLiteral("version-code"));
    if (v.versionName.isEmpty())
        return invalid(
            Texts::tr("ManageXR needs a version name; the APK has none, give one."), QStringLiteral("version-name"));

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
            return invalid(
                Texts::tr("ManageXR only registers files you host: give the public URL where you host the APK, "
                          "or set a hosting folder and base URL on the account."),
                QString::fromLatin1(Opt::apkUrl));
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
            return invalid(
                Texts::tr("Give the public URL where you host the OBB, or set a hosting folder on the account."),
                QString::fromLatin1(Opt::obbUrl));
        }
    } else if (!obbUrl.isEmpty()) {
        v.obbUrl = obbUrl;
    }
    for (const QString& url : {v.apkUrl, v.obbUrl}) {
        if (url.isEmpty())
            continue;
        const QUrl u(url);
        if (!u.isValid() || (u.scheme() != QLatin1String("https") && u.scheme() != QLatin1String("http")))
            return Error(
                Error::Kind::Validation, Texts::tr("\"%1\" is not an http(s) URL ManageXR can download.").arg(url));
    }
    return p;
}

// Whether a listed version is the one `n` registers: same code, name and label, and the same APK URL and size where
// the listing carries them (ManageXR lists apkUrl and apkSize, but no MD5).
bool sameUpload(const QJsonObject& item, const VersionInfo& v, const ManageXrJson::NewVersion& n)
{
    const QString url = item.value(QStringLiteral("apkUrl")).toString();
    return v.versionCode == QString::number(n.versionCode) && v.versionName == n.versionName
        && v.label == n.versionLabel && (url.isEmpty() || url == n.apkUrl)
        && (v.size < 0 || n.apkSize < 0 || v.size == n.apkSize);
}

// The ids of the versions listed before a create.
Result<QSet<QString>> versionIds(const Result<HttpResponse>& found)
{
    if (!found)
        return found.error();
    const auto body = found->jsonObject();
    if (!body)
        return body.error();
    QSet<QString> ids;
    for (const QJsonValue& item : body->value(QStringLiteral("data")).toArray())
        ids.insert(item.toObject().value(QStringLiteral("id")).toVariant().toString());
    return ids;
}

// Basic auth with the account's key ID and the key secret from the keychain; an account without a key ID fails
// before the keychain is read.
class KeyAuthenticator : public SecretAuthenticator
{
public:
    KeyAuthenticator(CredentialStore* store, const Account& account, const FieldSpec& secret)
        : SecretAuthenticator(store, account.name, secret.key, secret.label,
            basic(account.field(QString::fromLatin1(ManageXrKeys::keyId))))
        , m_accountName(account.name)
        , m_keyId(account.field(QString::fromLatin1(ManageXrKeys::keyId)))
    { }

    void prepare(QObject* owner, const Ready& ready) override
    {
        if (!m_keyId.isEmpty()) {
            SecretAuthenticator::prepare(owner, ready);
            return;
        }
        Error e(Error::Kind::Auth,
            Texts::tr("Account %1 has no API key ID: edit the account and add it.").arg(m_accountName));
        e.field = QStringLiteral("account:") + QString::fromLatin1(ManageXrKeys::keyId);
        ready(e);
    }

private:
    QString m_accountName;
    QString m_keyId;
};

} // namespace

// ---------------------------------------------------------------------------------------------------------------

Provider* ManageXrProvider::create(const Account& account, const ProviderContext& context, QObject* parent)
{
    return new ManageXrProvider(account, context, parent);
}

ManageXrProvider::ManageXrProvider(const Account& account, const ProviderContext& context, QObject* parent)
    : NetworkProvider(account, QStringLiteral("managexr"), QStringLiteral("ManageXR"),
        ListApps | ListVersions | Publish | DeleteVersion | EditVersion | CreateApp | DownloadArtifact, parent)
{
    const ServiceInfo info = serviceInfo();
    HttpService service = accountService(info, account);
    service.errorParser = &ManageXrJson::applyError;
    // ManageXR allows 10 requests per second per organization.
    service.rateLimiter = std::make_shared<RateLimiter>(10, 1000);
    const QString org = account.field(QString::fromLatin1(ManageXrKeys::organizationId));
    if (!org.isEmpty())
        service.query.addQueryItem(QStringLiteral("organizationId"), org);
    m_client = new ServiceClient(std::move(service), context.http,
        std::make_unique<KeyAuthenticator>(context.credentials, account, *info.primarySecret()), this);
}

ManageXrProvider::~ManageXrProvider() = default;

QList<FieldSpec> ManageXrProvider::publishFields() const
{
    return {
        fieldSpec(Opt::apkUrl, Texts::tr("APK URL"), FieldSpec::Type::Url,
            Texts::tr(
                "Public URL where you already host this APK; ManageXR downloads it from there. Empty: copy the APK to "
                "the account's hosting folder.")),
        fieldSpec(Opt::obbUrl, Texts::tr("OBB URL"), FieldSpec::Type::Url,
            Texts::tr("Public URL of the OBB published with the APK; empty: copy it to the hosting folder.")),
        fieldSpec(Opt::versionLabel, Texts::tr("Version label"), FieldSpec::Type::Text,
            Texts::tr("Tells apart builds with the same version code and name (ManageXR versionLabel).")),
        fieldSpec(Opt::releaseChannel, Texts::tr("Release channel"), FieldSpec::Type::Text,
            Texts::tr("Name of a release channel to point at the new version; created when it does not exist.")),
        fieldSpec(Opt::appTitle, Texts::tr("App title"), FieldSpec::Type::Text,
            Texts::tr("Title of the app when ManageXR does not know it yet; default: the APK's label.")),
        fieldSpec(Opt::iconUrl, Texts::tr("Icon URL"), FieldSpec::Type::Url,
            Texts::tr("Icon of a new app (https URL); optional.")),
    };
}

void ManageXrProvider::setRetryPolicy(const RetryPolicy& policy)
{
    m_client->service().retry = policy;
}

void ManageXrProvider::setTimeouts(const HttpTimeouts& timeouts)
{
    m_client->service().timeouts = timeouts;
}

const HttpService& ManageXrProvider::service() const
{
    return m_client->service();
}

QString ManageXrProvider::appPath(const QString& appId) const
{
    return QStringLiteral("/v1/apps/") + encodeSegment(appId);
}

AppsJob* ManageXrProvider::fetchApps()
{
    auto* job = new AppsJob(this);
    job->setStatus(Texts::tr("Listing ManageXR apps"));
    HttpRequest req = m_client->request("GET", QStringLiteral("/v1/apps/"));
    req.what = Texts::tr("the list of apps");
    Steps::sendParsed(
        job, m_client, req, [](const HttpResponse& r) { return ManageXrJson::parseApps(r.body); },
        [job](const QList<AppInfo>& apps) { job->complete(apps); });
    return job;
}

VersionsJob* ManageXrProvider::fetchVersions(const QString& appId)
{
    if (appId.isEmpty())
        return failedJob<VersionsJob>(invalid(Texts::tr("Choose an app to list its versions."), QStringLiteral("app")));
    auto* job = new VersionsJob(this);
    job->setStatus(Texts::tr("Listing versions of %1").arg(appId));
    HttpRequest req = m_client->request("GET", appPath(appId) + QStringLiteral("/versions"));
    req.what = Texts::tr("the app %1").arg(appId);
    Steps::sendParsed(
        job, m_client, req, [appId](const HttpResponse& r) { return ManageXrJson::parseVersions(r.body, appId); },
        [job](const QList<VersionInfo>& versions) { job->complete(versions); });
    return job;
}

PublishJob* ManageXrProvider::publish(const PublishRequest& request)
{
    auto* job = new PublishJob(this);
    job->setStatus(Texts::tr("Preparing the files for ManageXR"));
    Hosting hosting;
    hosting.folder = m_account.field(QString::fromLatin1(ManageXrKeys::hostingFolder));
    hosting.baseUrl = m_account.field(QString::fromLatin1(ManageXrKeys::hostingBaseUrl));

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
        createVersion(job, p.version, p.releaseChannel);
    });
    return job;
}

void ManageXrProvider::createVersion(PublishJob* job, const ManageXrJson::NewVersion& v, const QString& channel)
{
    const QString pkg = v.packageName;
    job->setStatus(Texts::tr("Looking up %1 on ManageXR").arg(pkg));
    HttpRequest get = m_client->request("GET", appPath(pkg));
    get.what = Texts::tr("the app %1").arg(pkg);
    // A 404 here means "create the app first", so it must not fail the job: the lookup's error is an answer.
    Steps::sendResult(job, m_client, get, [this, job, v, channel, pkg](const Result<HttpResponse>& lookup) {
        const bool exists = lookup.ok();
        if (!exists && lookup.error().kind != Error::Kind::NotFound)
            return job->fail(lookup.error());

        // A create is retried only when a lookup proves the first attempt did not create the version: the
        // versions listed before the create are remembered, and only a new one that matches this upload counts.
        const HttpRequest list = m_client->request("GET", appPath(pkg) + QStringLiteral("/versions"));
        auto createWith = [this, job, v, channel, pkg, exists, list](
                              const Steps::Snapshot& before) { createVersion(job, v, channel, exists, list, before); };
        if (!exists)
            return createWith(std::make_shared<const QSet<QString>>());
        job->setStatus(Texts::tr("Listing the versions of %1").arg(pkg));
        Steps::snapshotBefore<VersionInfo>(job, m_client, list, versionIds, createWith);
    });
}

void ManageXrProvider::createVersion(PublishJob* job, const ManageXrJson::NewVersion& v, const QString& channel,
    bool exists, const HttpRequest& list, const Steps::Snapshot& before)
{
    const QString pkg = v.packageName;
    {
        HttpRequest create = exists ? m_client->request("POST", appPath(pkg) + QStringLiteral("/versions"))
                                    : m_client->request("POST", QStringLiteral("/v1/apps/"));
        create.setJson(exists ? ManageXrJson::versionBody(v) : ManageXrJson::appBody(v));
        create.what = exists ? Texts::tr("the app %1").arg(pkg) : Texts::tr("the new app %1").arg(pkg);
        create.retry.verifyBeforeRetry(
            Steps::verifyByLookup(m_client, job, list, [v, before](const Result<HttpResponse>& found) {
                if (!found) // no app yet: nothing was created
                    return found.error().kind == Error::Kind::NotFound ? VerifyOutcome::notCreated()
                                                                       : VerifyOutcome::unknown();
                const auto body = found->jsonObject();
                if (!body)
                    return VerifyOutcome::unknown();
                for (const QJsonValue& item : body->value(QStringLiteral("data")).toArray()) {
                    const VersionInfo listed = ManageXrJson::versionFromJson(item.toObject(), v.packageName);
                    if (!before->contains(listed.id) && sameUpload(item.toObject(), listed, v)) {
                        HttpResponse existing = found.value();
                        existing.body = QJsonDocument(QJsonObject {{QStringLiteral("data"), item}}).toJson();
                        return VerifyOutcome::created(existing);
                    }
                }
                return VerifyOutcome::notCreated();
            }));
        job->setStatus(exists
                ? Texts::tr("Registering version %1 (%2) of %3").arg(v.versionName).arg(v.versionCode).arg(pkg)
                : Texts::tr("Creating the app %1 with version %2").arg(pkg, v.versionName));
        Steps::send(job, m_client, create, [this, job, channel, pkg](const HttpResponse& r) {
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
    }
}

template<typename T>
void ManageXrProvider::retarget(ValueJob<T>* job, const QString& appId, const QString& channelName,
    const QString& versionId, std::function<void()> next)
{
    job->setStatus(Texts::tr("Pointing release channel %1 at the new version").arg(channelName));
    HttpRequest list = m_client->request("GET", appPath(appId) + QStringLiteral("/release-channels"));
    list.what = Texts::tr("the release channels of %1").arg(appId);
    Steps::sendParsed(
        job, m_client, list, [](const HttpResponse& r) { return ManageXrJson::parseReleaseChannels(r.body); },
        [this, job, appId, channelName, versionId, next](const QList<ManageXrJson::ReleaseChannel>& channels) {
            QString channelId;
            for (const auto& c : channels) {
                if (c.name.compare(channelName, Qt::CaseInsensitive) == 0)
                    channelId = c.id;
            }
            HttpRequest req = channelId.isEmpty()
                ? m_client->request("POST", appPath(appId) + QStringLiteral("/release-channels"))
                : m_client->request(
                    "PATCH", appPath(appId) + QStringLiteral("/release-channels/") + encodeSegment(channelId));
            req.setJson(ManageXrJson::releaseChannelBody(channelId.isEmpty() ? channelName : QString(), versionId));
            req.expect = HttpRequest::Expect::Any;
            req.what = Texts::tr("the release channel %1").arg(channelName);
            if (!channelId.isEmpty())
                req.retry.idempotency = RetryPolicy::Idempotency::Idempotent; // setting a target twice is harmless
            Steps::send(job, m_client, req, [next](const HttpResponse&) { next(); });
        });
}

ActionJob* ManageXrProvider::deleteVersion(const QString& appId, const QString& versionId)
{
    auto* job = new ActionJob(this);
    job->setStatus(Texts::tr("Deleting version %1").arg(versionId));
    HttpRequest req
        = m_client->request("DELETE", appPath(appId) + QStringLiteral("/versions/") + encodeSegment(versionId));
    req.expect = HttpRequest::Expect::Any; // 200 without a body
    req.what = Texts::tr("the version %1 of %2").arg(versionId, appId);
    Steps::send(job, m_client, req, [job](const HttpResponse&) { job->complete(Ok {}); });
    return job;
}

ActionJob* ManageXrProvider::editVersionLabel(const QString& appId, const QString& versionId, const QString& label)
{
    auto* job = new ActionJob(this);
    job->setStatus(Texts::tr("Editing version %1").arg(versionId));
    HttpRequest req
        = m_client->request("PATCH", appPath(appId) + QStringLiteral("/versions/") + encodeSegment(versionId));
    req.setJson(QJsonObject {{QStringLiteral("versionLabel"), label}});
    req.expect = HttpRequest::Expect::Any;
    req.retry.idempotency = RetryPolicy::Idempotency::Idempotent; // setting the same label twice is harmless
    req.what = Texts::tr("the version %1 of %2").arg(versionId, appId);
    Steps::send(job, m_client, req, [job](const HttpResponse&) { job->complete(Ok {}); });
    return job;
}

ActionJob* ManageXrProvider::setReleaseChannel(
    const QString& appId, const QString& channelName, const QString& versionId)
{
    auto* job = new ActionJob(this);
    // The version must exist before a channel points at it (GET …/versions/{versionId}: 404 when it does not).
    HttpRequest get
        = m_client->request("GET", appPath(appId) + QStringLiteral("/versions/") + encodeSegment(versionId));
    get.what = Texts::tr("the version %1 of %2").arg(versionId, appId);
    Steps::send(job, m_client, get, [this, job, appId, channelName, versionId](const HttpResponse&) {
        retarget(job, appId, channelName, versionId, [job] { job->complete(Ok {}); });
    });
    return job;
}

QList<FieldSpec> ManageXrProvider::editFields() const
{
    return {
        fieldSpec(QStringLiteral("label"), Texts::tr("Version label"), FieldSpec::Type::Text,
            Texts::tr("ManageXR's versionLabel (PATCH /v1/apps/{packageName}/versions/{versionId}).")),
        fieldSpec(Opt::releaseChannel, Texts::tr("Release channel"), FieldSpec::Type::Text,
            Texts::tr("Point this release channel at the version (created when it does not exist).")),
    };
}

ActionJob* ManageXrProvider::edit(const QString& appId, const QString& versionId, const VersionEdit& changes)
{
    if (appId.trimmed().isEmpty() || versionId.trimmed().isEmpty())
        return failedJob<ActionJob>(
            Error(Error::Kind::Validation, Texts::tr("Editing needs the app (package name) and the version id.")));
    if (changes.notes)
        return failedJob<ActionJob>(Error::forField(Error::Kind::Unsupported, QStringLiteral("notes"),
            Texts::tr("ManageXR versions have no release notes; the label and release channels can be changed.")));
    for (auto it = changes.options.begin(); it != changes.options.end(); ++it) {
        if (it.key() != QLatin1String(Opt::releaseChannel))
            return failedJob<ActionJob>(Error::forField(Error::Kind::Validation, it.key(),
                Texts::tr("ManageXR cannot edit %1; it can edit the label and release-channel.").arg(it.key())));
    }
    const QString channel = changes.options.value(QString::fromLatin1(Opt::releaseChannel)).toString().trimmed();
    if (!changes.label && channel.isEmpty())
        return failedJob<ActionJob>(Error(Error::Kind::Validation, Texts::tr("Nothing to change.")));
    if (!changes.label)
        return setReleaseChannel(appId, channel, versionId);
    ActionJob* label = editVersionLabel(appId, versionId, *changes.label);
    if (channel.isEmpty())
        return label;
    // The label first, then the channel: one job for both.
    auto* job = new ActionJob(this);
    label->setParent(job);
    connect(label, &Job::finished, job, [this, job, label, appId, channel, versionId] {
        if (!label->succeeded()) {
            job->fail(label->error());
            return;
        }
        retarget(job, appId, channel, versionId, [job] { job->complete(Ok {}); });
    });
    return job;
}

} // namespace Slipway
