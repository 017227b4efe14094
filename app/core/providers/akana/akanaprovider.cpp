#include "akanaprovider.h"

#include "akanajson.h"
#include "akanasession.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>
#include <memory>
#include <providers/service/servicesetup.h>
#include <providers/service/steps.h>

namespace Slipway {

namespace {

Error fieldError(const QString& message, const QString& field)
{
    return Error::forField(Error::Kind::Validation, field, message);
}

} // namespace

AkanaProvider::AkanaProvider(const Account& account, const ProviderContext& context, QObject* parent)
    : NetworkProvider(account, QStringLiteral("akana"), tr("Akana"),
        ListApps | ListVersions | Publish | DeleteVersion | EditVersion, parent)
{
    auto session = std::make_unique<AkanaSession>(account, context.credentials);
    m_session = session.get();
    m_client = new ServiceClient(httpService(account), context.http, std::move(session), this);
    m_session->attach(m_client);
}

AkanaProvider::~AkanaProvider() = default;

QList<FieldSpec> AkanaProvider::publishFields() const
{
    return {
        {.key = QStringLiteral("name"),
            .label = tr("Version name"),
            .help = tr("Name of the app version (default: the version name of the release or its package).")},
        {.key = QStringLiteral("description"),
            .label = tr("Description"),
            .type = FieldSpec::Type::MultiLine,
            .help = tr("Description of the version (default: the release notes).")},
        {.key = QStringLiteral("tags"), .label = tr("Tags"), .help = tr("Comma-separated tags of the version.")},
        {.key = QStringLiteral("visibility"),
            .label = tr("Visibility"),
            .type = FieldSpec::Type::Choice,
            .defaultValue = QStringLiteral("Limited"),
            .choices = {QStringLiteral("Limited"), QStringLiteral("Public"),
                QStringLiteral("com.soa.visibility.registered.users")},
            .help = tr("Who sees the version: Limited (the app team), Public, or registered users.")},
        {.key = QStringLiteral("initial-environment"),
            .label = tr("Initial environment"),
            .type = FieldSpec::Type::Choice,
            .defaultValue = QStringLiteral("Sandbox"),
            .choices = {QStringLiteral("Sandbox"), QStringLiteral("Production")},
            .help = tr("The environment the version starts in.")},
        {.key = QStringLiteral("version-id"),
            .label = tr("Modify version"),
            .help = tr("Modify this existing AppVersionID instead of adding a new version.")},
    };
}

AppsJob* AkanaProvider::fetchApps()
{
    auto* job = new AppsJob(this);
    job->setStatus(tr("Listing your apps on the Akana platform"));
    if (!m_session->userId().isEmpty()) {
        fetchAppsPage(job, 0, {});
        return job;
    }
    // The path needs the UserID, which comes with the login: sign in first.
    QPointer<AppsJob> guard(job);
    m_session->prepare(m_client, [this, guard](const Status& st) {
        if (!guard || guard->isFinished() || guard->isCancelled())
            return;
        if (!st)
            guard->fail(st.error());
        else
            fetchAppsPage(guard, 0, {});
    });
    return job;
}

void AkanaProvider::fetchAppsPage(AppsJob* job, int start, QList<AppInfo> apps)
{
    if (m_session->userId().isEmpty()) {
        job->fail(Error(Error::Kind::BadResponse,
            tr("The Akana platform signed you in but named no user: neither the login answer (userFDN) nor the "
               "session cookie (UserFDN) carries your UserID, so your apps cannot be listed. Open the app by its "
               "AppID instead (versions, publish).")));
        return;
    }
    HttpRequest r
        = m_client->request("GET", QStringLiteral("/api/users/%1/apps").arg(pathSegment(m_session->userId())));
    r.addQuery(QStringLiteral("IncludeVersions"), QStringLiteral("true"));
    r.addQuery(QStringLiteral("start"), QString::number(start));
    r.addQuery(QStringLiteral("count"), QString::number(m_pageSize));
    r.setHeader("Accept", "application/vnd.soa.v81+json");
    r.what = tr("your apps");
    Steps::sendParsed(
        job, m_client, r, [](const HttpResponse& response) { return AkanaJson::parseApps(response.body); },
        [this, job, start, apps](const QList<AppInfo>& page) {
            const QList<AppInfo> all = apps + page;
            if (page.size() >= m_pageSize && start < 100000)
                fetchAppsPage(job, start + m_pageSize, all);
            else
                job->complete(all);
        });
}

VersionsJob* AkanaProvider::fetchVersions(const QString& appId)
{
    if (appId.trimmed().isEmpty())
        return failedJob<VersionsJob>(fieldError(tr("Which app? Akana needs the app's AppID."), QStringLiteral("app")));
    auto* job = new VersionsJob(this);
    job->setStatus(tr("Listing versions of %1").arg(appId));
    HttpRequest r = m_client->request("GET", QStringLiteral("/api/apps/%1/versions").arg(pathSegment(appId)));
    r.what = tr("the app versions");
    Steps::sendParsed(
        job, m_client, r,
        [appId](const HttpResponse& response) { return AkanaJson::parseVersions(response.body, appId); },
        [job](const QList<VersionInfo>& versions) { job->complete(versions); });
    return job;
}

PublishJob* AkanaProvider::publish(const PublishRequest& request)
{
    const QString appId = request.appId.trimmed();
    if (appId.isEmpty())
        return failedJob<PublishJob>(fieldError(
            tr("Choose the Akana app by its AppID; Akana apps are not matched by package id."), QStringLiteral("app")));
    const QVariantMap& o = request.options;
    AkanaJson::VersionFields fields;
    fields.name = o.value(QStringLiteral("name")).toString();
    if (fields.name.isEmpty())
        fields.name = request.versionName;
    if (fields.name.isEmpty())
        fields.name = request.inspection.value(QLatin1String("versionName")).toString();
    if (fields.name.trimmed().isEmpty())
        return failedJob<PublishJob>(
            fieldError(tr("The Akana version needs a name: give a version name."), QStringLiteral("version-name")));
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
    if (!modifyId.isEmpty()) {
        // Only what the user gave: the rest of the version stays as the platform holds it.
        QJsonObject changes {{QStringLiteral("Name"), fields.name}};
        if (!o.value(QStringLiteral("description")).toString().isEmpty() || !request.notes.isEmpty())
            changes.insert(QStringLiteral("Description"), fields.description);
        if (!fields.tags.isEmpty())
            changes.insert(QStringLiteral("Tag"), QJsonArray::fromStringList(fields.tags));
        if (!o.value(QStringLiteral("visibility")).toString().isEmpty())
            changes.insert(QStringLiteral("Visibility"), fields.visibility);
        if (!o.value(QStringLiteral("initial-environment")).toString().isEmpty())
            changes.insert(QStringLiteral("InitialEnvironment"), fields.initialEnvironment);
        modifyVersion(job, appId, modifyId, changes);
        return job;
    }
    job->setStatus(tr("Adding version %1 to %2").arg(fields.name, appId));
    HttpRequest r = m_client->request("POST", QStringLiteral("/api/apps/%1/versions").arg(pathSegment(appId)));
    r.setHeader("Accept", "text/plain");
    r.contentType = "application/json";
    r.body = AkanaJson::versionBody(fields, appId);
    r.expect = HttpRequest::Expect::Any;
    r.what = tr("the app version");
    Steps::sendParsed(
        job, m_client, r, [](const HttpResponse& response) { return AkanaJson::parseVersionId(response.body); },
        [this, job, appId, fields](const QString& id) {
            VersionInfo v;
            v.id = id;
            v.appId = appId;
            v.versionName = fields.name;
            v.notes = fields.description;
            v.label = fields.tags.join(QStringLiteral(", "));
            v.created = QDateTime::currentDateTimeUtc();
            v.extra.insert(QStringLiteral("visibility"), fields.visibility);
            v.extra.insert(QStringLiteral("initialEnvironment"), fields.initialEnvironment);
            v.extra.insert(QStringLiteral("action"), QStringLiteral("added"));
            renewAfterChange(job, v);
        });
    return job;
}

void AkanaProvider::modifyVersion(
    PublishJob* job, const QString& appId, const QString& versionId, const QJsonObject& changes)
{
    // PUT replaces the whole ApplicationVersion (docs.akana.com cm/api/apps/m_apps_modifyVersion.htm): read it
    // first (GET /api/apps/versions/{AppVersionID}, help.akana.com .../obj/o_apps_ApplicationVersion.htm) and send
    // it back with the changes laid over, so Visibility, InitialEnvironment, Description and Tag are not reset.
    job->setStatus(tr("Reading version %1").arg(versionId));
    HttpRequest get = m_client->request("GET", QStringLiteral("/api/apps/versions/%1").arg(pathSegment(versionId)));
    get.setHeader("Accept", "application/json");
    get.what = tr("the app version");
    Steps::sendParsed(
        job, m_client, get, [](const HttpResponse& response) { return AkanaJson::parseVersionObject(response.body); },
        [this, job, appId, versionId, changes](const QJsonObject& current) {
            job->setStatus(tr("Modifying version %1").arg(versionId));
            HttpRequest put
                = m_client->request("PUT", QStringLiteral("/api/apps/versions/%1").arg(pathSegment(versionId)));
            put.contentType = "application/json";
            put.body = AkanaJson::mergedVersionBody(current, changes, appId);
            put.expect = HttpRequest::Expect::Any;
            put.what = tr("the app version");
            const QJsonObject sent = QJsonDocument::fromJson(put.body).object();
            Steps::send(job, m_client, put, [this, job, appId, versionId, sent](const HttpResponse&) {
                VersionInfo v = AkanaJson::versionInfo(sent, appId);
                v.id = versionId;
                v.appId = appId;
                v.extra.insert(QStringLiteral("action"), QStringLiteral("modified"));
                renewAfterChange(job, v);
            });
        });
}

void AkanaProvider::renewAfterChange(PublishJob* job, const VersionInfo& saved)
{
    // The token embeds the user's app membership: renew it after the change.
    job->setStatus(tr("Renewing the session"));
    m_session->renew(job, [job, v = saved](const Status& st) mutable {
        if (job->isFinished())
            return;
        if (!st)
            v.extra.insert(QStringLiteral("warning"),
                tr("The version was saved, but renewing the session failed: %1").arg(st.error().toString()));
        job->complete(v);
    });
}

ActionJob* AkanaProvider::deleteVersion(const QString& appId, const QString& versionId)
{
    auto* job = new ActionJob(this);
    job->setStatus(tr("Deleting version %1").arg(versionId));
    auto doDelete = [this, job, versionId] {
        HttpRequest r
            = m_client->request("DELETE", QStringLiteral("/api/apps/versions/%1").arg(pathSegment(versionId)));
        r.expect = HttpRequest::Expect::Any;
        r.what = tr("the app version");
        Steps::send(job, m_client, r, [job](const HttpResponse&) { job->complete(Ok {}); });
    };
    if (appId.trimmed().isEmpty()) {
        doDelete();
        return job;
    }
    // An Akana app always keeps one version: deleting the last one deletes the app, so refuse that here. An answer
    // that cannot be read does not stop the deletion.
    HttpRequest list = m_client->request("GET", QStringLiteral("/api/apps/%1/versions").arg(pathSegment(appId)));
    list.what = tr("the app versions");
    Steps::send(job, m_client, list, [job, appId, versionId, doDelete](const HttpResponse& response) {
        auto versions = AkanaJson::parseVersions(response.body, appId);
        if (versions && versions->size() == 1 && versions->first().id == versionId) {
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

QList<FieldSpec> AkanaProvider::editFields() const
{
    QList<FieldSpec> fields {
        fieldSpec(
            QStringLiteral("notes"), tr("Description"), FieldSpec::Type::MultiLine, tr("The version's Description.")),
        fieldSpec(QStringLiteral("label"), tr("Tags"), FieldSpec::Type::Text, tr("Comma-separated tags (Tag).")),
    };
    for (const FieldSpec& f : publishFields()) {
        if (f.key == QLatin1String("name") || f.key == QLatin1String("visibility")
            || f.key == QLatin1String("initial-environment"))
            fields.append(f);
    }
    return fields;
}

ActionJob* AkanaProvider::edit(const QString& appId, const QString& versionId, const VersionEdit& changes)
{
    if (versionId.trimmed().isEmpty())
        return failedJob<ActionJob>(fieldError(tr("Which version? Give its AppVersionID."), QStringLiteral("version")));
    QJsonObject fields;
    if (changes.notes)
        fields.insert(QStringLiteral("Description"), *changes.notes);
    if (changes.label) {
        QStringList tags;
        for (const QString& t : changes.label->split(QLatin1Char(','), Qt::SkipEmptyParts))
            tags.append(t.trimmed());
        fields.insert(QStringLiteral("Tag"), QJsonArray::fromStringList(tags));
    }
    static const QList<QPair<QString, QString>> keys {{QStringLiteral("name"), QStringLiteral("Name")},
        {QStringLiteral("visibility"), QStringLiteral("Visibility")},
        {QStringLiteral("initial-environment"), QStringLiteral("InitialEnvironment")}};
    for (auto it = changes.options.begin(); it != changes.options.end(); ++it) {
        QString property;
        for (const auto& [key, name] : keys) {
            if (key == it.key())
                property = name;
        }
        if (property.isEmpty())
            return failedJob<ActionJob>(fieldError(
                tr("Akana cannot edit %1; it can edit notes, label, name, visibility and initial-environment.")
                    .arg(it.key()),
                it.key()));
        if (it.value().toString().trimmed().isEmpty())
            return failedJob<ActionJob>(fieldError(tr("%1 cannot be empty.").arg(it.key()), it.key()));
        fields.insert(property, it.value().toString().trimmed());
    }
    if (fields.isEmpty())
        return failedJob<ActionJob>(Error(Error::Kind::Validation, tr("Nothing to change.")));
    auto* job = new ActionJob(this);
    auto* inner = new PublishJob(job);
    connect(inner, &Job::finished, job, [job, inner] {
        if (inner->succeeded())
            job->complete(Ok {});
        else
            job->fail(inner->error());
    });
    connect(job, &Job::cancelRequested, inner, [inner] { inner->cancel(); });
    modifyVersion(inner, appId.trimmed(), versionId.trimmed(), fields);
    return job;
}

} // namespace Slipway
