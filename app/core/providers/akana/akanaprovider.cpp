#include "akanaprovider.h"

#include "akanajson.h"
#include "akanasession.h"

#include <QJsonObject>
#include <QUrl>
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

QString encoded(const QString& id)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(id));
}

} // namespace

void AkanaProvider::registerService()
{
    ProviderRegistry::registerService(ServiceCatalog::akana(),
        [](const Account& account, const ProviderContext& context, QObject* parent) -> Provider* {
            return new AkanaProvider(account, context, parent);
        });
}

AkanaProvider::AkanaProvider(const Account& account, const ProviderContext& context, QObject* parent)
    : Provider(parent)
    , m_account(account)
    , m_session(new AkanaSession(account, context, this))
{ }

AkanaProvider::~AkanaProvider() = default;

QString AkanaProvider::displayName() const
{
    return tr("Akana (%1)").arg(m_account.name);
}

Provider::Capabilities AkanaProvider::capabilities() const
{
    return ListApps | ListVersions | Publish | DeleteVersion;
}

QList<FieldSpec> AkanaProvider::publishFields() const
{
    return {
        field(QStringLiteral("name"), tr("Version name"), FieldSpec::Type::Text,
            tr("Name of the app version (default: the package's version name, or --version-name).")),
        field(QStringLiteral("description"), tr("Description"), FieldSpec::Type::MultiLine,
            tr("Description of the version (default: the release notes).")),
        field(QStringLiteral("tags"), tr("Tags"), FieldSpec::Type::Text, tr("Comma-separated tags of the version.")),
        field(QStringLiteral("visibility"), tr("Visibility"), FieldSpec::Type::Choice,
            tr("Who sees the version: Limited (the app team), Public, or registered users."),
            {QStringLiteral("Limited"), QStringLiteral("Public"),
                QStringLiteral("com.soa.visibility.registered.users")},
            QStringLiteral("Limited")),
        field(QStringLiteral("initial-environment"), tr("Initial environment"), FieldSpec::Type::Choice,
            tr("The environment the version starts in."), {QStringLiteral("Sandbox"), QStringLiteral("Production")},
            QStringLiteral("Sandbox")),
        field(QStringLiteral("version-id"), tr("Modify version"), FieldSpec::Type::Text,
            tr("Modify this existing AppVersionID instead of adding a new version.")),
    };
}

AppsJob* AkanaProvider::fetchApps()
{
    auto* job = new AppsJob(this);
    job->setStatus(tr("Listing your apps on the Akana platform"));
    fetchAppsPage(job, 0, {});
    return job;
}

void AkanaProvider::fetchAppsPage(AppsJob* job, int start, QList<AppInfo> apps)
{
    // The UserID is known after the login, so the path is built once the session exists.
    auto run = [this, job, start, apps]() mutable {
        HttpRequest r
            = m_session->request("GET", QStringLiteral("/api/users/%1/apps").arg(encoded(m_session->userId())));
        r.addQuery(QStringLiteral("IncludeVersions"), QStringLiteral("true"));
        r.addQuery(QStringLiteral("start"), QString::number(start));
        r.addQuery(QStringLiteral("count"), QString::number(m_pageSize));
        r.setHeader("Accept", "application/vnd.soa.v81+json");
        r.what = tr("your apps");
        m_session->send(r, job, [this, job, start, apps](const Result<HttpResponse>& resp) mutable {
            if (job->isFinished())
                return;
            if (!resp) {
                job->fail(resp.error());
                return;
            }
            auto page = AkanaJson::parseApps(resp.value().body);
            if (!page) {
                job->fail(page.error());
                return;
            }
            apps += page.value();
            if (page.value().size() >= m_pageSize && start < 100000)
                fetchAppsPage(job, start + m_pageSize, apps);
            else
                job->complete(apps);
        });
    };
    if (!m_session->userId().isEmpty()) {
        run();
        return;
    }
    // Not logged in yet: the UserID comes with the login.
    m_session->withSession(job, [job, run](const Status& st) mutable {
        if (job->isFinished())
            return;
        if (!st)
            job->fail(st.error());
        else
            run();
    });
}

VersionsJob* AkanaProvider::fetchVersions(const QString& appId)
{
    if (appId.trimmed().isEmpty())
        return failedJob<VersionsJob>(
            Error(Error::Kind::Validation, tr("Which app? Akana needs the AppID (see `apps`).")));
    auto* job = new VersionsJob(this);
    job->setStatus(tr("Listing versions of %1").arg(appId));
    HttpRequest r = m_session->request("GET", QStringLiteral("/api/apps/%1/versions").arg(encoded(appId)));
    r.what = tr("the app versions");
    m_session->send(r, job, [job, appId](const Result<HttpResponse>& resp) {
        if (job->isFinished())
            return;
        if (!resp) {
            job->fail(resp.error());
            return;
        }
        auto versions = AkanaJson::parseVersions(resp.value().body, appId);
        if (!versions)
            job->fail(versions.error());
        else
            job->complete(versions.value());
    });
    return job;
}

PublishJob* AkanaProvider::publish(const PublishRequest& request)
{
    const QString appId = request.appId.trimmed();
    if (appId.isEmpty())
        return failedJob<PublishJob>(Error(Error::Kind::Validation,
            tr("Choose the Akana app with --app AppID (see `slipway-cli apps`); Akana apps are "
               "not matched by package id.")));
    const QVariantMap& o = request.options;
    AkanaJson::VersionFields fields;
    fields.name = o.value(QStringLiteral("name")).toString();
    if (fields.name.isEmpty())
        fields.name = request.versionName;
    if (fields.name.isEmpty())
        fields.name = request.inspection.value(QLatin1String("versionName")).toString();
    if (fields.name.trimmed().isEmpty())
        return failedJob<PublishJob>(Error(
            Error::Kind::Validation, tr("The Akana version needs a name: give --version-name or --set name=...")));
    fields.description = o.value(QStringLiteral("description")).toString();
    if (fields.description.isEmpty())
        fields.description = request.notes;
    for (const QString& t : o.value(QStringLiteral("tags")).toString().split(QLatin1Char(','), Qt::SkipEmptyParts))
        fields.tags.append(t.trimmed());
    if (!request.label.isEmpty() && !fields.tags.contains(request.label))
        fields.tags.append(request.label);
    fields.visibility = o.value(QStringLiteral("visibility"), QStringLiteral("Limited")).toString();
    if (fields.visibility.isEmpty())
        fields.visibility = QStringLiteral("Limited");
    fields.initialEnvironment = o.value(QStringLiteral("initial-environment"), QStringLiteral("Sandbox")).toString();
    if (fields.initialEnvironment.isEmpty())
        fields.initialEnvironment = QStringLiteral("Sandbox");
    const QString modifyId = o.value(QStringLiteral("version-id")).toString().trimmed();

    auto* job = new PublishJob(this);
    HttpRequest r;
    if (modifyId.isEmpty()) {
        job->setStatus(tr("Adding version %1 to %2").arg(fields.name, appId));
        r = m_session->request("POST", QStringLiteral("/api/apps/%1/versions").arg(encoded(appId)));
        r.setHeader("Accept", "text/plain");
    } else {
        job->setStatus(tr("Modifying version %1").arg(modifyId));
        r = m_session->request("PUT", QStringLiteral("/api/apps/versions/%1").arg(encoded(modifyId)));
    }
    r.contentType = "application/json";
    r.body = AkanaJson::versionBody(fields, appId);
    r.expect = HttpRequest::Expect::Any;
    r.what = tr("the app version");
    m_session->send(r, job, [this, job, appId, fields, modifyId](const Result<HttpResponse>& resp) {
        if (job->isFinished())
            return;
        if (!resp) {
            job->fail(resp.error());
            return;
        }
        QString id = modifyId;
        if (id.isEmpty()) {
            auto parsed = AkanaJson::parseVersionId(resp.value().body);
            if (!parsed) {
                job->fail(parsed.error());
                return;
            }
            id = parsed.value();
        }
        VersionInfo v;
        v.id = id;
        v.appId = appId;
        v.versionName = fields.name;
        v.notes = fields.description;
        v.label = fields.tags.join(QStringLiteral(", "));
        v.created = QDateTime::currentDateTimeUtc();
        v.extra.insert(QStringLiteral("visibility"), fields.visibility);
        v.extra.insert(QStringLiteral("initialEnvironment"), fields.initialEnvironment);
        v.extra.insert(
            QStringLiteral("action"), modifyId.isEmpty() ? QStringLiteral("added") : QStringLiteral("modified"));
        // The token embeds the user's app membership: renew it after the change.
        job->setStatus(tr("Renewing the session"));
        m_session->renew(job, [job, v](const Status& st) mutable {
            if (job->isFinished())
                return;
            if (!st)
                v.extra.insert(QStringLiteral("warning"),
                    tr("The version was saved, but renewing the session failed: %1").arg(st.error().toString()));
            job->complete(v);
        });
    });
    return job;
}

ActionJob* AkanaProvider::deleteVersion(const QString& appId, const QString& versionId)
{
    auto* job = new ActionJob(this);
    job->setStatus(tr("Deleting version %1").arg(versionId));
    auto doDelete = [this, job, versionId] {
        HttpRequest r = m_session->request("DELETE", QStringLiteral("/api/apps/versions/%1").arg(encoded(versionId)));
        r.expect = HttpRequest::Expect::Any;
        r.what = tr("the app version");
        m_session->send(r, job, [job](const Result<HttpResponse>& resp) {
            if (job->isFinished())
                return;
            if (!resp)
                job->fail(resp.error());
            else
                job->complete(Ok {});
        });
    };
    if (appId.trimmed().isEmpty()) {
        doDelete();
        return job;
    }
    // An Akana app always keeps one version: deleting the last one deletes the app, so refuse that here.
    HttpRequest list = m_session->request("GET", QStringLiteral("/api/apps/%1/versions").arg(encoded(appId)));
    list.what = tr("the app versions");
    m_session->send(list, job, [job, appId, versionId, doDelete](const Result<HttpResponse>& resp) {
        if (job->isFinished())
            return;
        if (!resp) {
            job->fail(resp.error());
            return;
        }
        auto versions = AkanaJson::parseVersions(resp.value().body, appId);
        if (versions && versions.value().size() == 1 && versions.value().first().id == versionId) {
            job->fail(Error(Error::Kind::Validation,
                tr("%1 is the only version of %2; Akana would delete the whole app. Add the new version "
                   "first, then delete this one.")
                    .arg(versionId, appId)));
            return;
        }
        doDelete();
    });
    return job;
}

} // namespace Slipway
