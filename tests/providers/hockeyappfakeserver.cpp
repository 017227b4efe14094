#include "hockeyappfakeserver.h"

#include <QDateTime>
#include <QJsonArray>
#include <optional>

using namespace Slipway::Test;

namespace {

HttpTestResponse fieldErrors(const QString& field, const QString& message)
{
    return HttpTestResponse::json(
        422, QJsonObject {{QStringLiteral("errors"), QJsonObject {{field, QJsonArray {message}}}}});
}

} // namespace

HockeyAppFakeServer::HockeyAppFakeServer()
{
    auto check = [this](const RecordedRequest& r) -> std::optional<HttpTestResponse> {
        if (r.header("X-HockeyAppToken") != token.toUtf8())
            return HttpTestResponse::json(401,
                QJsonObject {{QStringLiteral("errors"),
                    QJsonObject {{QStringLiteral("credentials"), QJsonArray {QStringLiteral("are invalid")}}}}});
        return std::nullopt;
    };
    // Segments: "", api, 2, apps, APP_ID, app_versions, ...
    auto app = [this](const RecordedRequest& r) -> const App* {
        const QString id = r.path.split(QLatin1Char('/')).value(4);
        for (const App& a : apps) {
            if (a.publicId == id)
                return &a;
        }
        return nullptr;
    };
    // The app-not-found answer: 422 {"errors":{"app":["not found"]}} (the errors format of
    // docs/apis/hockeyapp.md "Errors"; the older upload page's text form "App not found or wrong identifier" is
    // covered by tst_hockeyappjson).
    const auto notFound = fieldErrors(QStringLiteral("app"), QStringLiteral("not found"));
    // The token, then the app of the path (the documented 422 app-not-found when it does not exist).
    auto gate = [check, app, notFound](const RecordedRequest& r, const App*& a) -> std::optional<HttpTestResponse> {
        if (auto e = check(r))
            return e;
        a = app(r);
        if (!a)
            return notFound;
        return std::nullopt;
    };

    server.route("GET", QStringLiteral("/api/2/apps"), [this, check](const RecordedRequest& r) {
        if (auto e = check(r))
            return *e;
        QJsonArray list;
        for (const App& a : apps) {
            list.append(QJsonObject {{QStringLiteral("title"), a.title},
                {QStringLiteral("bundle_identifier"), a.bundleId}, {QStringLiteral("public_identifier"), a.publicId},
                {QStringLiteral("device_family"), QStringLiteral("iPhone/iPod")},
                {QStringLiteral("minimum_os_version"), QStringLiteral("8.0")}, {QStringLiteral("release_type"), 0},
                {QStringLiteral("status"), 2}, {QStringLiteral("platform"), a.platform}});
        }
        return HttpTestResponse::json(
            200, QJsonObject {{QStringLiteral("apps"), list}, {QStringLiteral("status"), QStringLiteral("success")}});
    });

    server.route("GET", QStringLiteral("/api/2/apps/*/app_versions"), [this, gate](const RecordedRequest& r) {
        const App* a = nullptr;
        if (auto e = gate(r, a))
            return *e;
        const QList<QJsonObject>& all = versions[a->publicId];
        QJsonObject body {{QStringLiteral("status"), QStringLiteral("success")}};
        QJsonArray list;
        if (r.query.hasQueryItem(QStringLiteral("page")) && !ignorePage) {
            const int page = std::max(1, r.query.queryItemValue(QStringLiteral("page")).toInt());
            const int total = int(all.size());
            for (int i = (page - 1) * perPage; i < std::min(total, page * perPage); ++i)
                list.append(all.at(i));
            body.insert(QStringLiteral("current_page"), page);
            body.insert(QStringLiteral("total_pages"), std::max(1, (total + perPage - 1) / perPage));
            body.insert(QStringLiteral("total_entries"), total);
        } else {
            for (const QJsonObject& v : all)
                list.append(v);
        }
        body.insert(QStringLiteral("app_versions"), list);
        return HttpTestResponse::json(200, body);
    });

    server.route("POST", QStringLiteral("/api/2/apps/*/app_versions/upload"), [this, gate](const RecordedRequest& r) {
        const App* a = nullptr;
        if (auto e = gate(r, a))
            return *e;
        const RecordedPart* ipa = r.part("ipa");
        if (!ipa || ipa->size == 0)
            return fieldErrors(QStringLiteral("ipa"), QStringLiteral("is missing"));
        if (!rejectUploads.isEmpty()) {
            const auto [rejectedField, message] = rejectUploads.takeFirst();
            return fieldErrors(rejectedField, message);
        }
        auto field = [&r](const char* name) {
            const RecordedPart* p = r.part(name);
            return p ? QString::fromUtf8(p->body) : QString();
        };
        const int status = field("status").isEmpty() ? 2 : field("status").toInt();
        if (status != 1 && status != 2)
            return fieldErrors(QStringLiteral("status"), QStringLiteral("is not included in the list"));
        const QString notes = field("notes");
        // A build number is taken once per app (Rails validation "bundle_version has already been taken").
        for (const QJsonObject& existing : versions[a->publicId]) {
            if (existing.value(QLatin1String("version")).toString() == nextVersion)
                return fieldErrors(QStringLiteral("bundle_version"), QStringLiteral("has already been taken"));
        }
        // The documented 201 answer (support.hockeyapp.net/kb/api/api-upload-new-versions): no "id"; the
        // version record's id is the last segment of config_url, distinct from the build number "version".
        const int id = m_nextId++;
        QJsonObject v {{QStringLiteral("title"), a->title}, {QStringLiteral("appsize"), ipa->size},
            {QStringLiteral("timestamp"), QDateTime::currentSecsSinceEpoch()},
            {QStringLiteral("device_family"), QJsonValue()},
            {QStringLiteral("minimum_os_version"), QStringLiteral("8.0")},
            {QStringLiteral("notes"),
                notes.isEmpty() ? QString() : QStringLiteral("<p>%1</p>").arg(notes.toHtmlEscaped())},
            {QStringLiteral("version"), nextVersion}, {QStringLiteral("shortversion"), nextShortVersion},
            {QStringLiteral("status"), status}, {QStringLiteral("mandatory"), field("mandatory") == QLatin1String("1")},
            {QStringLiteral("config_url"),
                QStringLiteral("https://rink.example/manage/apps/1/app_versions/%1").arg(id)},
            {QStringLiteral("public_url"), QStringLiteral("https://rink.example/apps/%1").arg(a->publicId)}};
        if (!field("tags").isEmpty())
            v.insert(QStringLiteral("restricted_to_tags"),
                QJsonArray::fromStringList(field("tags").split(QLatin1Char(','))));
        versions[a->publicId].prepend(v);
        return HttpTestResponse::json(201, v);
    });

    // Create version (docs/apis/hockeyapp.md "create version", H5/H7): bundle_version required, 201 with the
    // record (its id in config_url, as in the list example); no file yet.
    server.route("POST", QStringLiteral("/api/2/apps/*/app_versions/new"), [this, gate](const RecordedRequest& r) {
        const App* a = nullptr;
        if (auto e = gate(r, a))
            return *e;
        const RecordedPart* bundle = r.part("bundle_version");
        if (!bundle || bundle->body.isEmpty())
            return fieldErrors(QStringLiteral("bundle_version"), QStringLiteral("can't be blank"));
        if (r.part("ipa"))
            return fieldErrors(QStringLiteral("ipa"), QStringLiteral("is not allowed here"));
        const QString code = QString::fromUtf8(bundle->body);
        for (const QJsonObject& existing : versions[a->publicId]) {
            if (existing.value(QLatin1String("version")).toString() == code)
                return fieldErrors(QStringLiteral("bundle_version"), QStringLiteral("has already been taken"));
        }
        const RecordedPart* shortVersion = r.part("bundle_short_version");
        const int id = m_nextId++;
        QJsonObject v {{QStringLiteral("title"), a->title}, {QStringLiteral("appsize"), 0},
            {QStringLiteral("timestamp"), QDateTime::currentSecsSinceEpoch()}, {QStringLiteral("version"), code},
            {QStringLiteral("shortversion"), shortVersion ? QString::fromUtf8(shortVersion->body) : QString()},
            {QStringLiteral("status"), 1}, {QStringLiteral("mandatory"), false},
            {QStringLiteral("config_url"),
                QStringLiteral("https://rink.example/manage/apps/1/app_versions/%1").arg(id)}};
        versions[a->publicId].prepend(v);
        return HttpTestResponse::json(201, v);
    });
    // Update version / upload its file (H5: PUT app_versions/{id}, multipart ipa): only for a record that exists.
    server.route("PUT", QStringLiteral("/api/2/apps/*/app_versions/*"), [this, gate](const RecordedRequest& r) {
        const App* a = nullptr;
        if (auto e = gate(r, a))
            return *e;
        const QString id = r.path.split(QLatin1Char('/')).value(6);
        for (QJsonObject& v : versions[a->publicId]) {
            if (!v.value(QLatin1String("config_url")).toString().endsWith(QLatin1Char('/') + id))
                continue;
            if (const RecordedPart* ipa = r.part("ipa"))
                v.insert(QStringLiteral("appsize"), ipa->size);
            if (const RecordedPart* status = r.part("status"))
                v.insert(QStringLiteral("status"), QString::fromUtf8(status->body).toInt());
            if (const RecordedPart* mandatory = r.part("mandatory"))
                v.insert(QStringLiteral("mandatory"), mandatory->body == "1");
            if (const RecordedPart* tags = r.part("tags"))
                v.insert(QStringLiteral("restricted_to_tags"),
                    QJsonArray::fromStringList(QString::fromUtf8(tags->body).split(QLatin1Char(','))));
            if (const RecordedPart* notes = r.part("notes"))
                v.insert(QStringLiteral("notes"),
                    QStringLiteral("<p>%1</p>").arg(QString::fromUtf8(notes->body).toHtmlEscaped()));
            return HttpTestResponse::json(200, v);
        }
        return fieldErrors(QStringLiteral("app_version"), QStringLiteral("not found"));
    });

    server.route("DELETE", QStringLiteral("/api/2/apps/*/app_versions/*"), [this, gate](const RecordedRequest& r) {
        const App* a = nullptr;
        if (auto e = gate(r, a))
            return *e;
        const QString id = r.path.split(QLatin1Char('/')).value(6);
        QList<QJsonObject>& list = versions[a->publicId];
        for (qsizetype i = 0; i < list.size(); ++i) {
            if (list.at(i).value(QLatin1String("config_url")).toString().endsWith(QLatin1Char('/') + id)) {
                list.removeAt(i);
                return HttpTestResponse::json(200, QJsonObject {{QStringLiteral("status"), QStringLiteral("success")}});
            }
        }
        return HttpTestResponse::json(404,
            QJsonObject {{QStringLiteral("errors"),
                QJsonObject {{QStringLiteral("app_version"), QJsonArray {QStringLiteral("not found")}}}}});
    });
}

QString HockeyAppFakeServer::addApp(const QString& title, const QString& bundleId, const QString& platform)
{
    const QString id = QStringLiteral("%1").arg(apps.size() + 1, 32, 16, QLatin1Char('a'));
    apps.append({id, title, bundleId, platform});
    return id;
}

int HockeyAppFakeServer::versionCount() const
{
    int n = 0;
    for (const auto& l : versions)
        n += int(l.size());
    return n;
}
