#include "akanajson.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <providers/service/servicejson.h>

namespace Slipway::AkanaJson {

namespace {

struct Texts
{
    Q_DECLARE_TR_FUNCTIONS(Slipway::AkanaJson)
};

Result<QJsonDocument> parseJson(const QByteArray& body, const QString& what)
{
    return ServiceJson::parse(QStringLiteral("The Akana platform"), body, what);
}

// RSS-channel JSON wraps a value as {"value": "..."}, sometimes in an array: the plain value inside.
QJsonValue unwrap(const QJsonValue& v)
{
    if (v.isObject())
        return v.toObject().value(QLatin1String("value"));
    if (v.isArray() && !v.toArray().isEmpty())
        return unwrap(v.toArray().first());
    return v;
}

QString firstOf(const QJsonObject& o, std::initializer_list<const char*> keys)
{
    QJsonObject plain;
    for (const char* k : keys)
        plain.insert(QLatin1String(k), unwrap(o.value(QLatin1String(k))));
    return ServiceJson::firstText(plain, keys);
}

// An array of (wrapped) strings, or a single one.
QStringList stringList(const QJsonValue& v)
{
    if (!v.isArray())
        return ServiceJson::stringList(unwrap(v));
    QJsonArray plain;
    for (const QJsonValue& e : v.toArray())
        plain.append(unwrap(e));
    return ServiceJson::stringList(plain);
}

// The array of records in a list answer: the top-level array, an array under one of `keys` (possibly one level
// down, e.g. {"AppList": {"App": [...]}}), or channel.item[]. A single object under a key counts as one record.
QJsonArray records(const QJsonDocument& doc, std::initializer_list<const char*> keys)
{
    if (doc.isArray())
        return doc.array();
    const QJsonObject root = doc.object();
    const auto lookup = [&keys](const QJsonObject& o) -> QJsonArray {
        for (const char* k : keys) {
            const QJsonValue v = o.value(QLatin1String(k));
            if (v.isArray())
                return v.toArray();
            if (v.isObject())
                return QJsonArray {v};
        }
        return {};
    };
    QJsonArray found = lookup(root);
    if (!found.isEmpty())
        return found;
    const QJsonObject channel = root.value(QLatin1String("channel")).toObject();
    if (!channel.isEmpty()) {
        const QJsonValue items = channel.value(QLatin1String("item"));
        return items.isArray() ? items.toArray() : (items.isObject() ? QJsonArray {items} : QJsonArray {});
    }
    for (auto it = root.constBegin(); it != root.constEnd(); ++it) {
        if (it.value().isObject()) {
            found = lookup(it.value().toObject());
            if (!found.isEmpty())
                return found;
        }
    }
    return {};
}

// ISO 8601 or epoch milliseconds, and the RSS form's RFC 2822 pubDate.
QDateTime dateTime(const QString& s)
{
    QDateTime dt = ServiceJson::dateTime(QJsonValue(s));
    if (!dt.isValid() && !s.isEmpty())
        dt = QDateTime::fromString(s, Qt::RFC2822Date);
    return dt;
}

VersionInfo version(const QJsonObject& o, const QString& appId)
{
    VersionInfo v;
    v.id = firstOf(o, {"AppVersionID", "RuntimeID", "VersionID", "guid", "id"});
    v.appId = firstOf(o, {"AppID"});
    if (v.appId.isEmpty())
        v.appId = appId;
    v.versionName = firstOf(o, {"Name", "title", "name"});
    v.notes = firstOf(o, {"Description", "description"});
    v.state = firstOf(o, {"State", "state"});
    v.created = dateTime(firstOf(o, {"Created", "pubDate", "created"}));
    const QStringList tags = stringList(o.value(QLatin1String("Tag")));
    v.label = tags.join(QStringLiteral(", "));
    if (!tags.isEmpty())
        v.extra.insert(QStringLiteral("tags"), tags);
    const auto put = [&](const char* key, const char* as) {
        const QString s = firstOf(o, {key});
        if (!s.isEmpty())
            v.extra.insert(QLatin1String(as), s);
    };
    put("Visibility", "visibility");
    put("InitialEnvironment", "initialEnvironment");
    put("CurrentEnvironment", "currentEnvironment");
    put("Updated", "updated");
    return v;
}

} // namespace

Result<Login> parseLogin(const QByteArray& body)
{
    Login l;
    if (body.trimmed().isEmpty())
        return l; // some tenants answer 200 with only the cookies
    auto doc = parseJson(body, Texts::tr("the login answer"));
    if (!doc)
        return doc.error();
    const QJsonObject o = doc.value().object();
    l.userId = firstOf(o, {"userFDN", "UserID", "userId"});
    l.userName = firstOf(o, {"userName", "UserName"});
    l.status = firstOf(o, {"Status", "status", "loginStatus"});
    l.pendingTasks = stringList(o.value(QLatin1String("pendingTasks")));
    return l;
}

Error pendingTaskError(const QStringList& tasks)
{
    const QString task = tasks.value(0);
    QString what;
    if (task == QLatin1String("change.password"))
        what = Texts::tr("the platform requires a new password");
    else if (task == QLatin1String("force.accept.agreements"))
        what = Texts::tr("a legal agreement must be accepted");
    else if (task == QLatin1String("collect.security.question.answers"))
        what = Texts::tr("security questions must be answered");
    else if (task.startsWith(QLatin1String("2fa")))
        what = Texts::tr("a two-factor verification code is required");
    else
        what = Texts::tr("a login task (%1) is pending").arg(task);
    Error e(Error::Kind::Auth,
        Texts::tr(
            "Login to the Akana platform stopped because %1. Sign in to the developer portal in a browser once to "
            "complete it, then try again.")
            .arg(what),
        Texts::tr("pending login tasks: %1").arg(tasks.join(QStringLiteral(", "))));
    return e;
}

QString fedmemberId(const QByteArray& cookieName, const QByteArray& prefix)
{
    const QByteArray p = prefix + '_';
    if (!cookieName.startsWith(p) || cookieName.size() == p.size())
        return {};
    return QString::fromUtf8(cookieName.mid(p.size()));
}

Result<QList<AppInfo>> parseApps(const QByteArray& body)
{
    auto doc = parseJson(body, Texts::tr("the app list"));
    if (!doc)
        return doc.error();
    QList<AppInfo> apps;
    for (const QJsonValue& value : records(doc.value(), {"App", "Apps", "AppInfo", "app", "apps"})) {
        const QJsonObject o = value.toObject();
        AppInfo a;
        a.id = firstOf(o, {"AppID", "ID", "guid", "id"});
        if (a.id.isEmpty())
            continue;
        a.name = firstOf(o, {"Name", "title", "name"});
        if (a.name.isEmpty())
            a.name = a.id;
        const QString description = firstOf(o, {"Description", "Summary", "description"});
        if (!description.isEmpty())
            a.extra.insert(QStringLiteral("description"), description);
        for (const char* k : {"AppVersion", "AppVersions", "Version", "Versions"}) {
            const QJsonValue versions = o.value(QLatin1String(k));
            if (versions.isArray()) {
                a.versionCount = int(versions.toArray().size());
                break;
            }
        }
        apps.append(a);
    }
    return apps;
}

Result<QList<VersionInfo>> parseVersions(const QByteArray& body, const QString& appId)
{
    auto doc = parseJson(body, Texts::tr("the version list"));
    if (!doc)
        return doc.error();
    QList<VersionInfo> versions;
    for (const QJsonValue& value :
        records(doc.value(), {"AppVersion", "AppVersions", "ApplicationVersion", "Version", "Versions", "versions"})) {
        VersionInfo v = version(value.toObject(), appId);
        if (!v.id.isEmpty())
            versions.append(v);
    }
    return versions;
}

QByteArray versionBody(const VersionFields& fields, const QString& appId)
{
    QJsonObject o {{QStringLiteral("Name"), fields.name}, {QStringLiteral("Description"), fields.description},
        {QStringLiteral("Tag"), QJsonArray::fromStringList(fields.tags)},
        {QStringLiteral("Visibility"), fields.visibility},
        {QStringLiteral("InitialEnvironment"), fields.initialEnvironment}};
    if (!appId.isEmpty())
        o.insert(QStringLiteral("AppID"), appId);
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

VersionInfo versionInfo(const QJsonObject& o, const QString& appId)
{
    return version(o, appId);
}

Result<QJsonObject> parseVersionObject(const QByteArray& body)
{
    auto doc = parseJson(body, Texts::tr("the app version"));
    if (!doc)
        return doc.error();
    QJsonObject o = doc.value().object();
    for (const char* key : {"ApplicationVersion", "AppVersion"}) {
        if (o.value(QLatin1String(key)).isObject())
            o = o.value(QLatin1String(key)).toObject();
    }
    if (o.value(QLatin1String("Name")).toString().isEmpty())
        return Error(Error::Kind::BadResponse, Texts::tr("The Akana platform answered without the version's Name."),
            ServiceJson::snippet(body));
    return o;
}

QByteArray mergedVersionBody(const QJsonObject& current, const QJsonObject& changes, const QString& appId)
{
    // Response-only properties of the ApplicationVersion object (help.akana.com .../obj/o_apps_ApplicationVersion.htm).
    QJsonObject o = current;
    for (const char* key : {"Created", "Updated", "State", "RatingSummary", "CurrentEnvironment", "HasKeyInfo"})
        o.remove(QLatin1String(key));
    for (auto it = changes.begin(); it != changes.end(); ++it)
        o.insert(it.key(), it.value());
    if (!appId.isEmpty())
        o.insert(QStringLiteral("AppID"), appId);
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QString userFdnFromCookie(const QByteArray& cookieValue)
{
    // The documented cookie (help.akana.com .../cm/api/login/m_login_renewToken.htm, sample request headers):
    // AtmoAuthToken_acmepaymentscorp=TokenID%3D588e...%2C...%2CUserFDN%3D8697a0a0-...%252Eacmepaymentscorp%2C...
    // One decoding gives "k=v" pairs separated by ','; the UserFDN value is encoded once more (%2E = '.').
    const QString value = QString::fromUtf8(QByteArray::fromPercentEncoding(cookieValue));
    for (const QString& pair : value.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const qsizetype eq = pair.indexOf(QLatin1Char('='));
        if (eq > 0 && pair.left(eq).trimmed().compare(QLatin1String("UserFDN"), Qt::CaseInsensitive) == 0)
            return QString::fromUtf8(QByteArray::fromPercentEncoding(pair.mid(eq + 1).trimmed().toUtf8()));
    }
    return {};
}

Result<QString> parseVersionId(const QByteArray& body)
{
    const QByteArray trimmed = body.trimmed();
    QString id;
    if (trimmed.startsWith('{') || trimmed.startsWith('"')) {
        const QJsonDocument doc = QJsonDocument::fromJson(trimmed.startsWith('"') ? "[" + trimmed + "]" : trimmed);
        id = doc.isArray() ? doc.array().at(0).toString() : firstOf(doc.object(), {"AppVersionID", "RuntimeID", "id"});
    } else {
        id = QString::fromUtf8(trimmed);
    }
    if (id.isEmpty() || id.contains(QLatin1Char('\n')) || id.contains(QLatin1Char('<')) || id.size() > 512)
        return Error(Error::Kind::BadResponse,
            Texts::tr("The Akana platform did not return the ID of the new version."), ServiceJson::snippet(trimmed));
    return id;
}

Error errorFromResponse(int httpStatus, const QByteArray& body)
{
    Error e;
    e.httpStatus = httpStatus;
    const QByteArray trimmed = body.trimmed();
    if (trimmed.startsWith('{')) {
        const QJsonObject o = QJsonDocument::fromJson(trimmed).object();
        e.serverMessage = firstOf(o, {"message", "Message", "errorMessage", "error", "faultstring", "Description"});
        e.details = firstOf(o, {"code", "Code", "errorCode"});
    } else if (!trimmed.isEmpty() && !trimmed.startsWith('<') && trimmed.size() < 500) {
        e.serverMessage = QString::fromUtf8(trimmed).simplified();
    }
    switch (httpStatus) {
    case 400:
        e.kind = Error::Kind::Validation;
        e.message = Texts::tr("The Akana platform refused the request.");
        break;
    case 401:
        e.kind = Error::Kind::Auth;
        e.message
            = Texts::tr("The Akana platform refused the session: it expired, the password changed, or the CSRF header "
                        "was missing.");
        break;
    case 403:
        e.kind = Error::Kind::Forbidden;
        e.message = Texts::tr("Your Akana user may not do this; you must be on the app's team.");
        break;
    case 404:
        e.kind = Error::Kind::NotFound;
        e.message = Texts::tr("The Akana platform does not know this app or version (or the base URL is wrong).");
        break;
    case 405:
        e.kind = Error::Kind::Unsupported;
        e.message = Texts::tr("The Akana platform does not allow this operation.");
        break;
    case 409:
        e.kind = Error::Kind::Conflict;
        e.message = Texts::tr("A version with this name already exists on the Akana platform.");
        break;
    default:
        if (httpStatus >= 500) {
            e.kind = Error::Kind::Server;
            e.message
                = Texts::tr("The Akana platform had an internal problem (HTTP %1); try again later.").arg(httpStatus);
        } else {
            e.kind = Error::Kind::BadResponse;
            e.message = Texts::tr("The Akana platform answered HTTP %1.").arg(httpStatus);
        }
    }
    return e;
}

} // namespace Slipway::AkanaJson
