#include "appliveryfakeserver.h"

#include <QDateTime>
#include <QJsonArray>
#include <optional>

using namespace Slipway::Test;

namespace {

HttpTestResponse error(int http, int code, const QString& message)
{
    return HttpTestResponse::json(http,
        QJsonObject {{QStringLiteral("status"), false},
            {QStringLiteral("error"),
                QJsonObject {{QStringLiteral("code"), code}, {QStringLiteral("message"), message}}}});
}

HttpTestResponse ok(const QJsonValue& data)
{
    return HttpTestResponse::json(200, QJsonObject {{QStringLiteral("status"), true}, {QStringLiteral("data"), data}});
}

// The documented paginated envelope.
HttpTestResponse page(const QJsonArray& all, const RecordedRequest& r, int maxLimit)
{
    const int pageNo = std::max(1, r.query.queryItemValue(QStringLiteral("page")).toInt());
    int limit = r.query.queryItemValue(QStringLiteral("limit")).toInt();
    if (limit <= 0 || limit > maxLimit)
        limit = maxLimit;
    const int total = int(all.size());
    const int totalPages = std::max(1, (total + limit - 1) / limit);
    QJsonArray items;
    for (int i = (pageNo - 1) * limit; i < std::min(total, pageNo * limit); ++i)
        items.append(all.at(i));
    return ok(QJsonObject {{QStringLiteral("items"), items}, {QStringLiteral("totalDocs"), total},
        {QStringLiteral("limit"), limit}, {QStringLiteral("hasPrevPage"), pageNo > 1},
        {QStringLiteral("hasNextPage"), pageNo < totalPages}, {QStringLiteral("page"), pageNo},
        {QStringLiteral("totalPages"), totalPages}, {QStringLiteral("pagingCounter"), (pageNo - 1) * limit + 1},
        {QStringLiteral("prevPage"), pageNo > 1 ? QJsonValue(pageNo - 1) : QJsonValue()},
        {QStringLiteral("nextPage"), pageNo < totalPages ? QJsonValue(pageNo + 1) : QJsonValue()}});
}

QString hexId(int n)
{
    return QStringLiteral("%1").arg(n, 24, 16, QLatin1Char('0'));
}

} // namespace

AppliveryFakeServer::AppliveryFakeServer()
{
    install(api);
    // The upload host serves the Integrations API only (POST /v1/integrations/builds and .../files, App API
    // token; ../shared/docs/apis/applivery.md "Endpoints" and "Gotchas" 1); a Workspace upload belongs on the API
    // host ("upload build (Workspace)": on https://api.applivery.io with organizationId/applicationId in the
    // path). So no Workspace route is installed here: a Workspace upload sent to this host finds no route.
}

bool AppliveryFakeServer::listen()
{
    return api.listen() && upload.listen();
}

QString AppliveryFakeServer::addApp(const QString& name)
{
    App a {hexId(m_nextId++), name, name.toLower().replace(QLatin1Char(' '), QLatin1Char('-'))};
    apps.append(a);
    return a.id;
}

int AppliveryFakeServer::buildCount() const
{
    int n = 0;
    for (const auto& list : builds)
        n += int(list.size());
    return n;
}

void AppliveryFakeServer::install(HttpTestServer& server)
{
    // Auth and organization checks shared by every route; segments: "", v1, organizations, org, apps, app, ...
    auto check = [this](const RecordedRequest& r) -> std::optional<HttpTestResponse> {
        const QByteArray auth = r.header("Authorization");
        if (auth.isEmpty())
            return error(401, 4002, QStringLiteral("Token empty"));
        if (auth != "Bearer " + token.toUtf8())
            return error(401, 2001, QStringLiteral("Token not valid"));
        if (r.path.split(QLatin1Char('/')).value(3) != org)
            return error(404, 4001, QStringLiteral("Entity not found"));
        return std::nullopt;
    };
    auto findApp = [this](const QString& id) -> const App* {
        for (const App& a : apps) {
            if (a.id == id)
                return &a;
        }
        return nullptr;
    };

    server.route(
        "POST", QStringLiteral("/v1/organizations/*/apps/*/builds"), [this, check, findApp](const RecordedRequest& r) {
            if (auto e = check(r))
                return *e;
            const QString appId = r.path.split(QLatin1Char('/')).value(5);
            if (!findApp(appId))
                return error(404, 4001, QStringLiteral("Entity not found"));
            const RecordedPart* file = r.part("build");
            if (!file || file->fileName.isEmpty() || file->size == 0)
                return error(400, 5006, QStringLiteral("Build file path invalid"));
            auto field = [&r](const char* name) {
                const RecordedPart* p = r.part(name);
                return p ? QString::fromUtf8(p->body) : QString();
            };
            QJsonArray tags;
            for (const QString& t : field("tags").split(QLatin1Char(','), Qt::SkipEmptyParts))
                tags.append(t.trimmed());
            const QString id = hexId(0x100000 + m_nextId++);
            QJsonObject build {{QStringLiteral("id"), id},
                {QStringLiteral("status"),
                    pollsUntilProcessed == 0 && !failProcessing ? QStringLiteral("processed")
                                                                : QStringLiteral("pending")},
                {QStringLiteral("tags"), tags}, {QStringLiteral("versionName"), field("versionName")},
                {QStringLiteral("application"), appId}, {QStringLiteral("changelog"), field("changelog")},
                {QStringLiteral("size"), file->size},
                {QStringLiteral("os"),
                    file->fileName.endsWith(QLatin1String(".ipa")) ? QStringLiteral("ios") : QStringLiteral("android")},
                {QStringLiteral("originalExtension"), file->fileName.section(QLatin1Char('.'), -1)},
                {QStringLiteral("uploadedBy"),
                    QJsonObject {{QStringLiteral("email"), QStringLiteral("svc@acme.test")}}},
                {QStringLiteral("createdAt"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
                {QStringLiteral("processLogs"), QJsonArray()}};
            builds[appId].prepend(build);
            return ok(build);
        });

    server.route("GET", QStringLiteral("/v1/organizations/*/apps"), [this, check](const RecordedRequest& r) {
        if (auto e = check(r))
            return *e;
        QJsonArray all;
        for (const App& a : apps) {
            all.append(QJsonObject {{QStringLiteral("id"), a.id}, {QStringLiteral("name"), a.name},
                {QStringLiteral("slug"), a.slug}, {QStringLiteral("oss"), QJsonArray {QStringLiteral("android")}},
                {QStringLiteral("counts"), QJsonObject {{QStringLiteral("builds"), int(builds.value(a.id).size())}}}});
        }
        return page(all, r, maxLimit);
    });
    server.route("POST", QStringLiteral("/v1/organizations/*/apps"), [this, check](const RecordedRequest& r) {
        if (auto e = check(r))
            return *e;
        // The create-application reference (docs.applivery.com .../application/post-organizations-organizationid-
        // apps) lists name (string, <= 128), configuration, metadata, defaultScripts; anything else is refused.
        const QJsonObject body = r.json();
        for (auto it = body.begin(); it != body.end(); ++it) {
            static const QStringList documented {QStringLiteral("name"), QStringLiteral("configuration"),
                QStringLiteral("metadata"), QStringLiteral("defaultScripts")};
            if (!documented.contains(it.key()))
                return error(400, 3001, QStringLiteral("\"%1\" is not allowed").arg(it.key()));
        }
        if (body.contains(QLatin1String("metadata")) && !body.value(QLatin1String("metadata")).isObject())
            return error(400, 3001, QStringLiteral("\"metadata\" must be of type object"));
        const QString name = body.value(QLatin1String("name")).toString();
        if (name.isEmpty())
            return error(400, 3001, QStringLiteral("name is required"));
        if (name.size() > 128)
            return error(400, 3001, QStringLiteral("\"name\" length must be less than or equal to 128"));
        const QString id = addApp(name);
        return ok(QJsonObject {
            {QStringLiteral("id"), id}, {QStringLiteral("name"), name}, {QStringLiteral("slug"), apps.last().slug}});
    });
    server.route(
        "GET", QStringLiteral("/v1/organizations/*/apps/*/builds"), [this, check, findApp](const RecordedRequest& r) {
            if (auto e = check(r))
                return *e;
            const QString appId = r.path.split(QLatin1Char('/')).value(5);
            if (!findApp(appId))
                return error(404, 4001, QStringLiteral("Entity not found"));
            QJsonArray all;
            for (const QJsonObject& b : builds.value(appId))
                all.append(b);
            return page(all, r, maxLimit);
        });
    server.route("GET", QStringLiteral("/v1/organizations/*/apps/*/builds/*"), [this, check](const RecordedRequest& r) {
        if (auto e = check(r))
            return *e;
        const QStringList seg = r.path.split(QLatin1Char('/'));
        auto& list = builds[seg.value(5)];
        for (QJsonObject& b : list) {
            if (b.value(QLatin1String("id")).toString() != seg.value(7))
                continue;
            const int n = ++m_polls[seg.value(7)];
            if (b.value(QLatin1String("status")).toString() == QLatin1String("processed"))
                return ok(b);
            if (n < pollsUntilProcessed) {
                b.insert(QStringLiteral("status"), QStringLiteral("in_progress"));
            } else if (failProcessing) {
                b.insert(QStringLiteral("status"), QStringLiteral("error"));
                b.insert(QStringLiteral("error"), QStringLiteral("Invalid package"));
                b.insert(QStringLiteral("errorCode"), 5006);
                b.insert(QStringLiteral("processLogs"),
                    QJsonArray {QJsonObject {{QStringLiteral("level"), QStringLiteral("info")},
                                    {QStringLiteral("message"), QStringLiteral("Unzipping build")}},
                        QJsonObject {{QStringLiteral("level"), QStringLiteral("error")},
                            {QStringLiteral("message"), QStringLiteral("AndroidManifest.xml not found")}}});
            } else {
                b.insert(QStringLiteral("status"), QStringLiteral("processed"));
                b.insert(QStringLiteral("versionCode"), QStringLiteral("6"));
            }
            return ok(b);
        }
        return error(400, 5014, QStringLiteral("Build not found"));
    });
}
