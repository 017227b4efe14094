#include "managexrjson.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <net/httpclient.h>
#include <providers/service/servicejson.h>

namespace Slipway::ManageXrJson {

using ServiceJson::dateTime;
using ServiceJson::integer;
using ServiceJson::text;

namespace {

struct Texts
{
    Q_DECLARE_TR_FUNCTIONS(Slipway::ManageXrJson)
};

Error badShape(const QString& what)
{
    return Error(Error::Kind::BadResponse,
        Texts::tr("ManageXR answered in a form Slipway does not understand (%1) — is the base URL right?").arg(what));
}

Result<QJsonValue> dataOf(const QByteArray& body)
{
    HttpResponse r;
    r.status = 200;
    r.body = body;
    auto obj = r.jsonObject();
    if (!obj)
        return obj.error();
    if (!obj.value().contains(QStringLiteral("data")))
        return badShape(QStringLiteral("no \"data\""));
    return obj.value().value(QStringLiteral("data"));
}

AppInfo appFromJson(const QJsonObject& o)
{
    AppInfo a;
    a.packageId = o.value(QStringLiteral("packageName")).toString();
    a.id = a.packageId;
    a.name = o.value(QStringLiteral("title")).toString();
    if (a.name.isEmpty())
        a.name = a.packageId;
    a.platform = QStringLiteral("android");
    a.iconUrl = o.value(QStringLiteral("iconUrl")).toString();
    a.versionCount = int(integer(o.value(QStringLiteral("numVersions")), -1));
    const QString description = o.value(QStringLiteral("description")).toString();
    if (!description.isEmpty())
        a.extra.insert(QStringLiteral("description"), description);
    const QJsonArray categories = o.value(QStringLiteral("categories")).toArray();
    if (!categories.isEmpty())
        a.extra.insert(QStringLiteral("categories"), categories.toVariantList());
    return a;
}

} // namespace

VersionInfo versionFromJson(const QJsonObject& o, const QString& packageName)
{
    VersionInfo v;
    v.id = o.value(QStringLiteral("id")).toString();
    v.appId = packageName;
    v.versionCode = text(o.value(QStringLiteral("versionCode")));
    v.versionName = o.value(QStringLiteral("versionName")).toString();
    v.label = o.value(QStringLiteral("versionLabel")).toString();
    v.size = integer(o.value(QStringLiteral("apkSize")));
    v.created = dateTime(o.value(QStringLiteral("createdAt")));
    v.state = o.value(QStringLiteral("type")).toString();
    v.downloadUrl = o.value(QStringLiteral("apkUrl")).toString();
    if (!v.downloadUrl.isEmpty())
        v.fileName = QUrl(v.downloadUrl).fileName();
    static const char* extras[] = {"selfHosted", "obbUrl", "obbSize", "updatedAt", "fileCount", "releaseChannelName",
        "sharingOrganizationName", "supportedDeviceModels", "configurationDeployments"};
    for (const char* key : extras) {
        const QJsonValue value = o.value(QLatin1String(key));
        if (!value.isUndefined() && !value.isNull())
            v.extra.insert(QLatin1String(key), value.toVariant());
    }
    return v;
}

Result<QList<AppInfo>> parseApps(const QByteArray& body)
{
    auto data = dataOf(body);
    if (!data)
        return data.error();
    if (!data.value().isArray())
        return badShape(QStringLiteral("\"data\" is not a list of apps"));
    QList<AppInfo> out;
    for (const QJsonValue& item : data.value().toArray()) {
        const AppInfo a = appFromJson(item.toObject());
        if (!a.id.isEmpty())
            out.append(a);
    }
    return out;
}

Result<AppInfo> parseApp(const QByteArray& body)
{
    auto data = dataOf(body);
    if (!data)
        return data.error();
    const AppInfo a = appFromJson(data.value().toObject());
    if (a.id.isEmpty())
        return badShape(QStringLiteral("the app has no packageName"));
    return a;
}

Result<QList<VersionInfo>> parseVersions(const QByteArray& body, const QString& packageName)
{
    auto data = dataOf(body);
    if (!data)
        return data.error();
    if (!data.value().isArray())
        return badShape(QStringLiteral("\"data\" is not a list of versions"));
    QList<VersionInfo> out;
    for (const QJsonValue& item : data.value().toArray())
        out.append(versionFromJson(item.toObject(), packageName));
    // Newest first, as the other services list them.
    std::stable_sort(out.begin(), out.end(), [](const VersionInfo& a, const VersionInfo& b) {
        const qint64 ca = a.versionCode.toLongLong();
        const qint64 cb = b.versionCode.toLongLong();
        if (ca != cb)
            return ca > cb;
        return a.created > b.created;
    });
    return out;
}

Result<VersionInfo> parseCreatedVersion(const QByteArray& body, const QString& packageName)
{
    auto data = dataOf(body);
    if (!data)
        return data.error();
    if (!data.value().isObject())
        return badShape(QStringLiteral("\"data\" is not the created version"));
    const VersionInfo v = versionFromJson(data.value().toObject(), packageName);
    if (v.id.isEmpty())
        return badShape(QStringLiteral("the created version has no id"));
    return v;
}

Result<QList<ReleaseChannel>> parseReleaseChannels(const QByteArray& body)
{
    auto data = dataOf(body);
    if (!data)
        return data.error();
    if (!data.value().isArray())
        return badShape(QStringLiteral("\"data\" is not a list of release channels"));
    QList<ReleaseChannel> out;
    for (const QJsonValue& item : data.value().toArray()) {
        const QJsonObject o = item.toObject();
        ReleaseChannel c;
        c.id = o.value(QStringLiteral("id")).toString();
        c.name = o.value(QStringLiteral("name")).toString();
        c.targetVersionId = o.value(QStringLiteral("targetVersion")).toObject().value(QStringLiteral("id")).toString();
        out.append(c);
    }
    return out;
}

QJsonObject versionBody(const NewVersion& v)
{
    QJsonObject o {{QStringLiteral("versionCode"), double(v.versionCode)},
        {QStringLiteral("versionName"), v.versionName}, {QStringLiteral("apkUrl"), v.apkUrl}};
    if (!v.versionLabel.isEmpty())
        o.insert(QStringLiteral("versionLabel"), v.versionLabel);
    if (!v.apkMd5.isEmpty())
        o.insert(QStringLiteral("apkMd5"), v.apkMd5);
    if (v.apkSize >= 0)
        o.insert(QStringLiteral("apkSize"), double(v.apkSize));
    if (!v.obbUrl.isEmpty()) {
        o.insert(QStringLiteral("obbUrl"), v.obbUrl);
        if (!v.obbMd5.isEmpty())
            o.insert(QStringLiteral("obbMd5"), v.obbMd5);
        if (v.obbSize >= 0)
            o.insert(QStringLiteral("obbSize"), double(v.obbSize));
    }
    return o;
}

QJsonObject appBody(const NewVersion& v)
{
    QJsonObject o = versionBody(v);
    o.insert(QStringLiteral("packageName"), v.packageName);
    o.insert(QStringLiteral("title"), v.title.isEmpty() ? v.packageName : v.title);
    if (!v.iconUrl.isEmpty())
        o.insert(QStringLiteral("iconUrl"), v.iconUrl);
    return o;
}

QJsonObject releaseChannelBody(const QString& name, const QString& targetVersionId)
{
    QJsonObject o {{QStringLiteral("targetVersion"), targetVersionId}};
    if (!name.isEmpty())
        o.insert(QStringLiteral("name"), name);
    return o;
}

QString errorMessage(const QByteArray& body)
{
    const QJsonObject o = QJsonDocument::fromJson(body).object();
    const QJsonValue m = o.value(QStringLiteral("message"));
    if (m.isString())
        return m.toString();
    if (m.isArray()) {
        QStringList parts;
        for (const QJsonValue& p : m.toArray())
            parts << p.toString();
        parts.removeAll(QString());
        return parts.join(QStringLiteral("; "));
    }
    return {};
}

void applyError(const HttpResponse& response, Error& error)
{
    const QString message = errorMessage(response.body);
    if (!message.isEmpty())
        error.serverMessage = message;
    static const QRegularExpression exists(QStringLiteral("already exists|duplicate|must be unique|same version"),
        QRegularExpression::CaseInsensitiveOption);
    if ((response.status == 400 || response.status == 409) && exists.match(message).hasMatch()) {
        error.kind = Error::Kind::Conflict;
        error.message
            = Texts::tr("ManageXR already has this version: publish with a different version label or a higher "
                        "version code.");
        error.field = QStringLiteral("version-label");
    }
}

} // namespace Slipway::ManageXrJson
