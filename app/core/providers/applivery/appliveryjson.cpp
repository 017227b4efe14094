#include "appliveryjson.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <net/httpclient.h>
#include <providers/service/servicejson.h>

namespace Slipway::Applivery {

using ServiceJson::dateTime;
using ServiceJson::integer;
using ServiceJson::snippet;
using ServiceJson::text;

namespace {

struct Texts
{
    Q_DECLARE_TR_FUNCTIONS(Slipway::Applivery)
};

QString adviceFor(Error::Kind kind)
{
    switch (kind) {
    case Error::Kind::Auth:
        return Texts::tr("Applivery refused the token: check the account's Service Account token.");
    case Error::Kind::Forbidden:
        return Texts::tr("The token may not do this: give the service account the needed permission.");
    case Error::Kind::NotFound:
        return Texts::tr("Applivery does not know this organization, app or build: check the ids.");
    case Error::Kind::Validation:
        return Texts::tr("Applivery rejected the request: check the fields and the file.");
    case Error::Kind::Conflict:
        return Texts::tr("Applivery reports a conflict with an existing entry.");
    case Error::Kind::RateLimited:
        return Texts::tr("Applivery is limiting requests: try again in a moment.");
    case Error::Kind::Server:
        return Texts::tr("Applivery had a server error: try again later.");
    default:
        return Texts::tr("Applivery answered with an error.");
    }
}

Error badResponse(const QString& why, const QByteArray& body)
{
    return ServiceJson::badResponse(QStringLiteral("Applivery"), why, body);
}

template<typename T, typename F> Result<Page<T>> parsePage(const QByteArray& body, F&& convert)
{
    auto data = unwrap(body);
    if (!data)
        return data.error();
    Page<T> page;
    QJsonArray items;
    if (data.value().isArray()) { // a plain array: one page
        items = data.value().toArray();
    } else if (data.value().isObject()) {
        const QJsonObject d = data.value().toObject();
        if (!d.value(QLatin1String("items")).isArray())
            return badResponse(Texts::tr("no items in the list"), body);
        items = d.value(QLatin1String("items")).toArray();
        page.page = static_cast<int>(integer(d.value(QLatin1String("page")), 1));
        page.totalPages = static_cast<int>(integer(d.value(QLatin1String("totalPages")), page.page));
        page.totalDocs = static_cast<int>(integer(d.value(QLatin1String("totalDocs")), -1));
        page.hasNextPage = d.contains(QLatin1String("hasNextPage")) ? d.value(QLatin1String("hasNextPage")).toBool()
                                                                    : page.page < page.totalPages;
    } else {
        return badResponse(Texts::tr("the list is not an object"), body);
    }
    for (const QJsonValue& v : items) {
        if (v.isObject())
            page.items.append(convert(v.toObject()));
    }
    return page;
}

} // namespace

std::optional<ServerError> serverError(const QByteArray& body)
{
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &pe);
    if (pe.error != QJsonParseError::NoError || !doc.isObject())
        return std::nullopt;
    const QJsonObject o = doc.object();
    const QJsonValue err = o.value(QLatin1String("error"));
    const bool statusFalse = o.value(QLatin1String("status")).isBool() && !o.value(QLatin1String("status")).toBool();
    if (err.isObject()) {
        const QJsonObject e = err.toObject();
        ServerError s;
        s.code = static_cast<int>(integer(e.value(QLatin1String("code")), 0));
        s.message = text(e.value(QLatin1String("message")));
        return s;
    }
    if (statusFalse) {
        ServerError s;
        s.message = err.isString() ? err.toString() : text(o.value(QLatin1String("message")));
        return s;
    }
    return std::nullopt;
}

Error::Kind kindForCode(int code, int httpStatus)
{
    switch (code) {
    case 2001: // Token not valid
    case 4002: // app token empty
    case 4004: // app token not valid
        return Error::Kind::Auth;
    case 4001: // Entity not found
        return Error::Kind::NotFound;
    case 5006: // build file path / file invalid
        return Error::Kind::Validation;
    default:
        break;
    }
    if (httpStatus >= 400)
        return HttpClient::errorForStatus(httpStatus, QString()).kind;
    return Error::Kind::Validation; // {status:false} on a 2xx: the server refused the request
}

Error errorFor(int httpStatus, const QByteArray& body)
{
    const std::optional<ServerError> se = serverError(body);
    if (!se && httpStatus >= 200 && httpStatus < 300)
        return {};
    Error e;
    e.httpStatus = httpStatus;
    if (se) {
        e.kind = kindForCode(se->code, httpStatus);
        e.serverMessage = se->code ? QStringLiteral("%1 (code %2)").arg(se->message).arg(se->code) : se->message;
        e.message = adviceFor(e.kind);
        return e;
    }
    e.kind = HttpClient::errorForStatus(httpStatus, QString()).kind;
    e.message = adviceFor(e.kind);
    const QByteArray trimmed = body.trimmed();
    if (trimmed.startsWith('<'))
        e.details = Texts::tr("The server answered HTTP %1 with an HTML page instead of JSON.").arg(httpStatus);
    else if (!trimmed.isEmpty())
        e.details = Texts::tr("HTTP %1: %2").arg(httpStatus).arg(snippet(trimmed));
    else
        e.details = Texts::tr("HTTP %1 with an empty body.").arg(httpStatus);
    return e;
}

Result<QJsonValue> unwrap(const QByteArray& body)
{
    if (const auto se = serverError(body)) {
        Error e = errorFor(200, body);
        return e;
    }
    const auto o = ServiceJson::parseObject(QStringLiteral("Applivery"), body, Texts::tr("the answer"));
    if (!o)
        return o.error();
    if (!o->contains(QLatin1String("data")))
        return badResponse(Texts::tr("no data member"), body);
    return o->value(QLatin1String("data"));
}

AppInfo appFromJson(const QJsonObject& o)
{
    AppInfo a;
    a.id = text(o.value(QLatin1String("id")));
    if (a.id.isEmpty())
        a.id = text(o.value(QLatin1String("_id")));
    a.name = text(o.value(QLatin1String("name")));
    if (a.name.isEmpty())
        a.name = a.id;
    const QJsonArray oss = o.value(QLatin1String("oss")).toArray();
    if (oss.size() == 1)
        a.platform = oss.first().toString().toLower();
    const QJsonValue picture = o.value(QLatin1String("picture"));
    if (picture.isString() && picture.toString().startsWith(QLatin1String("http")))
        a.iconUrl = picture.toString();
    const QJsonObject counts = o.value(QLatin1String("counts")).toObject();
    if (counts.contains(QLatin1String("builds")))
        a.versionCount = static_cast<int>(integer(counts.value(QLatin1String("builds"))));
    auto extra = [&](const char* key) {
        const QJsonValue v = o.value(QLatin1String(key));
        if (!v.isUndefined() && !v.isNull())
            a.extra.insert(QLatin1String(key), v.toVariant());
    };
    extra("slug");
    extra("description");
    extra("oss");
    extra("lastBuildProcessedDate");
    return a;
}

VersionInfo buildFromJson(const QJsonObject& o, const QString& appId)
{
    VersionInfo v;
    v.id = text(o.value(QLatin1String("id")));
    if (v.id.isEmpty())
        v.id = text(o.value(QLatin1String("_id")));
    v.appId = appId;
    if (v.appId.isEmpty()) {
        const QJsonValue app = o.value(QLatin1String("application"));
        v.appId = app.isObject() ? text(app.toObject().value(QLatin1String("id"))) : text(app);
    }
    v.versionName = text(o.value(QLatin1String("versionName")));
    v.state = text(o.value(QLatin1String("status")));
    v.notes = text(o.value(QLatin1String("changelog")));
    v.size = integer(o.value(QLatin1String("size")));
    v.created = dateTime(o.value(QLatin1String("createdAt")));
    const QJsonValue tags = o.value(QLatin1String("tags"));
    if (tags.isArray()) {
        QStringList list;
        for (const QJsonValue& t : tags.toArray())
            list.append(text(t));
        list.removeAll(QString());
        v.label = list.join(QStringLiteral(", "));
    } else {
        v.label = text(tags);
    }
    const QJsonValue by = o.value(QLatin1String("uploadedBy"));
    if (by.isObject()) {
        const QJsonObject u = by.toObject();
        v.publisher = text(u.value(QLatin1String("email")));
        const QString name = QString(
            text(u.value(QLatin1String("firstName"))) + QLatin1Char(' ') + text(u.value(QLatin1String("lastName"))))
                                 .trimmed();
        if (!name.isEmpty())
            v.publisher = name;
    } else {
        v.publisher = text(by);
    }
    // versionCode: top level (files example), else from the processed package info.
    v.versionCode = text(o.value(QLatin1String("versionCode")));
    const QJsonObject info = o.value(QLatin1String("info")).toObject();
    const QJsonObject android = info.value(QLatin1String("android")).toObject();
    const QJsonObject plist = info.value(QLatin1String("ios")).toObject().value(QLatin1String("plist")).toObject();
    if (v.versionCode.isEmpty())
        v.versionCode = text(android.value(QLatin1String("versionCode")));
    if (v.versionCode.isEmpty())
        v.versionCode = text(plist.value(QLatin1String("CFBundleVersion")));
    QString packageVersion = text(android.value(QLatin1String("versionName")));
    if (packageVersion.isEmpty())
        packageVersion = text(plist.value(QLatin1String("CFBundleShortVersionString")));
    if (v.versionName.isEmpty())
        v.versionName = packageVersion;
    else if (!packageVersion.isEmpty())
        v.extra.insert(QStringLiteral("packageVersion"), packageVersion);
    QString packageId = text(android.value(QLatin1String("packageName")));
    if (packageId.isEmpty())
        packageId = text(plist.value(QLatin1String("CFBundleIdentifier")));
    if (!packageId.isEmpty())
        v.extra.insert(QStringLiteral("packageId"), packageId);
    auto extra = [&](const char* key) {
        const QJsonValue val = o.value(QLatin1String(key));
        if (!val.isUndefined() && !val.isNull() && !(val.isString() && val.toString().isEmpty()))
            v.extra.insert(QLatin1String(key), val.toVariant());
    };
    extra("os");
    extra("buildPlatform");
    extra("originalExtension");
    extra("error");
    extra("errorCode");
    extra("processTime");
    const QString log = processLog(o);
    if (!log.isEmpty())
        v.extra.insert(QStringLiteral("processLog"), log);
    return v;
}

Result<Page<AppInfo>> parseApps(const QByteArray& body)
{
    return parsePage<AppInfo>(body, [](const QJsonObject& o) { return appFromJson(o); });
}

Result<AppInfo> parseApp(const QByteArray& body)
{
    auto data = unwrap(body);
    if (!data)
        return data.error();
    if (!data.value().isObject())
        return badResponse(Texts::tr("the app is not an object"), body);
    AppInfo a = appFromJson(data.value().toObject());
    if (a.id.isEmpty())
        return badResponse(Texts::tr("the app has no id"), body);
    return a;
}

Result<Page<VersionInfo>> parseBuilds(const QByteArray& body, const QString& appId)
{
    return parsePage<VersionInfo>(body, [&appId](const QJsonObject& o) { return buildFromJson(o, appId); });
}

Result<VersionInfo> parseBuild(const QByteArray& body, const QString& appId)
{
    auto data = unwrap(body);
    if (!data)
        return data.error();
    if (!data.value().isObject())
        return badResponse(Texts::tr("the build is not an object"), body);
    VersionInfo v = buildFromJson(data.value().toObject(), appId);
    if (v.id.isEmpty())
        return badResponse(Texts::tr("the build has no id"), body);
    return v;
}

QString processLog(const QJsonObject& build)
{
    QStringList lines;
    const QJsonValue logs = build.value(QLatin1String("processLogs"));
    auto addEntry = [&lines](const QJsonValue& e) {
        if (e.isString()) {
            lines.append(e.toString());
        } else if (e.isObject()) {
            const QJsonObject o = e.toObject();
            QString line;
            for (const char* key : {"message", "msg", "text", "log"}) {
                line = text(o.value(QLatin1String(key)));
                if (!line.isEmpty())
                    break;
            }
            if (line.isEmpty())
                line = QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
            const QString level = text(o.value(QLatin1String("level")));
            lines.append(level.isEmpty() ? line : QStringLiteral("[%1] %2").arg(level, line));
        }
    };
    if (logs.isArray()) {
        for (const QJsonValue& e : logs.toArray())
            addEntry(e);
    } else {
        addEntry(logs);
    }
    lines.removeAll(QString());
    return lines.join(QLatin1Char('\n'));
}

Error processingError(const VersionInfo& build)
{
    const QString serverError = build.extra.value(QStringLiteral("error")).toString();
    const QString code = build.extra.value(QStringLiteral("errorCode")).toString();
    const QString log = build.extra.value(QStringLiteral("processLog")).toString();
    Error e(Error::Kind::Validation,
        Texts::tr("Applivery could not process build %1: check the package (see the processing log).").arg(build.id));
    e.serverMessage = serverError;
    if (!code.isEmpty())
        e.serverMessage = serverError.isEmpty() ? Texts::tr("error code %1").arg(code)
                                                : QStringLiteral("%1 (code %2)").arg(serverError, code);
    e.details
        = log.isEmpty() ? Texts::tr("Applivery gave no processing log.") : Texts::tr("Processing log:\n%1").arg(log);
    if (!log.isEmpty()) {
        // The end of the log (where the failure is) also goes into the one-line form that the CLI prints.
        QStringList tail = log.split(QLatin1Char('\n'));
        if (tail.size() > 3)
            tail = tail.mid(tail.size() - 3);
        QString excerpt = tail.join(QStringLiteral(" | "));
        if (excerpt.size() > 400)
            excerpt = QStringLiteral("…") + excerpt.right(400);
        e.serverMessage = e.serverMessage.isEmpty() ? Texts::tr("log: %1").arg(excerpt)
                                                    : Texts::tr("%1; log: %2").arg(e.serverMessage, excerpt);
    }
    return e;
}

Result<QByteArray> filterJson(const QString& input)
{
    const QString t = input.trimmed();
    if (t.isEmpty())
        return QByteArray();
    if (t.startsWith(QLatin1Char('['))) {
        QJsonParseError pe;
        const QJsonDocument doc = QJsonDocument::fromJson(t.toUtf8(), &pe);
        bool ok = pe.error == QJsonParseError::NoError && doc.isArray();
        if (ok) {
            for (const QJsonValue& group : doc.array()) {
                if (!group.isArray()) {
                    ok = false;
                    break;
                }
                for (const QJsonValue& g : group.toArray())
                    ok = ok && g.isString();
            }
        }
        if (!ok)
            return Error(Error::Kind::Validation,
                Texts::tr(
                    "The filter must be a JSON array of arrays of group names, e.g. [[\"qa\",\"ios\"],[\"beta\"]]."));
        return doc.toJson(QJsonDocument::Compact);
    }
    QJsonArray outer;
    for (const QString& group : t.split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
        QJsonArray inner;
        for (const QString& name : group.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            if (!name.trimmed().isEmpty())
                inner.append(name.trimmed());
        }
        if (!inner.isEmpty())
            outer.append(inner);
    }
    return QJsonDocument(outer).toJson(QJsonDocument::Compact);
}

QJsonObject createAppBody(const QString& name, const QString& packageId)
{
    QJsonObject body {{QStringLiteral("name"), name.left(128)}};
    if (!packageId.isEmpty())
        body.insert(QStringLiteral("metadata"), QJsonObject {{QStringLiteral("packageId"), packageId}});
    return body;
}

} // namespace Slipway::Applivery
