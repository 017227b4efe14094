#include "hockeyappjson.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QRegularExpression>
#include <QUrl>
#include <net/httpclient.h>
#include <providers/service/servicejson.h>

namespace Slipway::HockeyApp {

using ServiceJson::integer;
using ServiceJson::text;

namespace {

struct Texts
{
    Q_DECLARE_TR_FUNCTIONS(Slipway::HockeyApp)
};

Error badResponse(const QString& why, const QByteArray& body)
{
    return ServiceJson::badResponse(QStringLiteral("HockeyApp"), why, body);
}

Result<QJsonObject> object(const QByteArray& body)
{
    return ServiceJson::parseObject(QStringLiteral("HockeyApp"), body, Texts::tr("the answer"));
}

QString platformName(const QString& hockey)
{
    const QString p = hockey.toLower().remove(QLatin1Char(' '));
    if (p == QLatin1String("ios"))
        return QStringLiteral("ios");
    if (p == QLatin1String("android"))
        return QStringLiteral("android");
    if (p == QLatin1String("macos") || p == QLatin1String("osx"))
        return QStringLiteral("macos");
    if (p.startsWith(QLatin1String("windows")))
        return QStringLiteral("windows");
    return p;
}

QString adviceFor(Error::Kind kind)
{
    switch (kind) {
    case Error::Kind::Auth:
        return Texts::tr("HockeyApp refused the API token: check the account's token.");
    case Error::Kind::Forbidden:
        return Texts::tr("The API token may not do this: notify and status need a full-access token.");
    case Error::Kind::NotFound:
        return Texts::tr("HockeyApp does not know this app or version: check the app's public identifier.");
    case Error::Kind::Validation:
        return Texts::tr("HockeyApp rejected the upload or its fields: see the server's message.");
    case Error::Kind::Conflict:
        return Texts::tr("HockeyApp reports a conflict with an existing version.");
    case Error::Kind::RateLimited:
        return Texts::tr("HockeyApp is limiting requests: try again in a moment.");
    case Error::Kind::Server:
        return Texts::tr("The HockeyApp server had an error: try again later.");
    default:
        return Texts::tr("HockeyApp answered with an error.");
    }
}

} // namespace

QString versionId(const QJsonObject& o)
{
    // The documented list and upload answers carry no "id": the version's identifier is the last segment of its
    // documented config_url ("https://rink.hockeyapp.net/manage/apps/1266/app_versions/208",
    // support.hockeyapp.net/kb/api/api-versions), the page of that version record. Servers that add a numeric
    // "id" (HockeyApp's own AppLoader reads it) give it directly. Never the build number: that is "version".
    const QString id = text(o.value(QLatin1String("id")));
    if (!id.isEmpty())
        return id;
    const QUrl config(text(o.value(QLatin1String("config_url"))));
    const QStringList segments = config.path().split(QLatin1Char('/'), Qt::SkipEmptyParts);
    if (segments.size() >= 2 && segments.at(segments.size() - 2) == QLatin1String("app_versions"))
        return segments.last();
    return {};
}

AppInfo appFromJson(const QJsonObject& o)
{
    AppInfo a;
    a.id = text(o.value(QLatin1String("public_identifier")));
    a.name = text(o.value(QLatin1String("title")));
    if (a.name.isEmpty())
        a.name = a.id;
    a.packageId = text(o.value(QLatin1String("bundle_identifier")));
    a.platform = platformName(text(o.value(QLatin1String("platform"))));
    for (const char* key : {"release_type", "status", "device_family", "minimum_os_version", "role", "owner"}) {
        const QJsonValue v = o.value(QLatin1String(key));
        if (!v.isUndefined() && !v.isNull())
            a.extra.insert(QLatin1String(key), v.toVariant());
    }
    return a;
}

VersionInfo versionFromJson(const QJsonObject& o, const QString& appId)
{
    VersionInfo v;
    v.appId = appId;
    v.versionCode = text(o.value(QLatin1String("version")));
    v.versionName = text(o.value(QLatin1String("shortversion")));
    v.id = versionId(o);
    const qint64 ts = integer(o.value(QLatin1String("timestamp")));
    if (ts > 0)
        v.created = QDateTime::fromSecsSinceEpoch(ts, Qt::UTC);
    v.size = integer(o.value(QLatin1String("appsize")));
    v.notes = htmlToText(text(o.value(QLatin1String("notes"))));
    const qint64 status = integer(o.value(QLatin1String("status")));
    if (status == 2)
        v.state = QStringLiteral("available");
    else if (status == 1)
        v.state = QStringLiteral("not-downloadable");
    else if (status >= 0)
        v.state = QString::number(status);
    v.downloadUrl = text(o.value(QLatin1String("download_url")));
    if (v.downloadUrl.isEmpty())
        v.downloadUrl = text(o.value(QLatin1String("build_url")));
    const QJsonValue tags = o.value(QLatin1String("restricted_to_tags"));
    if (tags.isArray()) {
        QStringList list;
        for (const QJsonValue& t : tags.toArray())
            list.append(text(t));
        v.label = list.join(QStringLiteral(", "));
    }
    for (const char* key : {"title", "mandatory", "config_url", "public_url", "minimum_os_version", "device_family",
             "expired_at", "external", "build_url"}) {
        const QJsonValue val = o.value(QLatin1String(key));
        if (!val.isUndefined() && !val.isNull())
            v.extra.insert(QLatin1String(key), val.toVariant());
    }
    return v;
}

Result<QList<AppInfo>> parseApps(const QByteArray& body)
{
    auto o = object(body);
    if (!o)
        return o.error();
    const QJsonValue apps = o.value().value(QLatin1String("apps"));
    if (!apps.isArray())
        return badResponse(Texts::tr("no apps list"), body);
    QList<AppInfo> out;
    for (const QJsonValue& v : apps.toArray()) {
        if (v.isObject())
            out.append(appFromJson(v.toObject()));
    }
    return out;
}

Result<VersionPage> parseVersions(const QByteArray& body, const QString& appId)
{
    auto o = object(body);
    if (!o)
        return o.error();
    const QJsonValue list = o.value().value(QLatin1String("app_versions"));
    if (!list.isArray())
        return badResponse(Texts::tr("no app_versions list"), body);
    VersionPage page;
    for (const QJsonValue& v : list.toArray()) {
        if (v.isObject())
            page.versions.append(versionFromJson(v.toObject(), appId));
    }
    page.currentPage = static_cast<int>(integer(o.value().value(QLatin1String("current_page"))));
    page.totalPages = static_cast<int>(integer(o.value().value(QLatin1String("total_pages"))));
    page.totalEntries = static_cast<int>(integer(o.value().value(QLatin1String("total_entries"))));
    return page;
}

Result<VersionInfo> parseVersion(const QByteArray& body, const QString& appId)
{
    auto o = object(body);
    if (!o)
        return o.error();
    if (!o.value().contains(QLatin1String("version")) && !o.value().contains(QLatin1String("id")))
        return badResponse(Texts::tr("the version has neither id nor version"), body);
    return versionFromJson(o.value(), appId);
}

Error errorFor(int httpStatus, const QByteArray& body)
{
    if (httpStatus >= 200 && httpStatus < 300)
        return {};
    Error e;
    e.httpStatus = httpStatus;
    e.kind = HttpClient::errorForStatus(httpStatus, QString()).kind;
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &pe);
    const QByteArray trimmed = body.trimmed();
    if (pe.error == QJsonParseError::NoError && doc.isObject()) {
        const QJsonObject o = doc.object();
        const QJsonValue errors = o.value(QLatin1String("errors"));
        QStringList parts;
        if (errors.isObject()) {
            const QJsonObject fields = errors.toObject();
            for (auto it = fields.begin(); it != fields.end(); ++it) {
                QStringList msgs;
                if (it.value().isArray()) {
                    for (const QJsonValue& m : it.value().toArray())
                        msgs.append(text(m));
                } else {
                    msgs.append(text(it.value()));
                }
                msgs.removeAll(QString());
                parts.append(msgs.isEmpty() ? it.key()
                                            : QStringLiteral("%1: %2").arg(it.key(), msgs.join(QStringLiteral(", "))));
            }
        } else if (errors.isArray()) {
            for (const QJsonValue& m : errors.toArray())
                parts.append(text(m));
        }
        for (const char* key : {"message", "error", "errors"}) {
            if (parts.isEmpty() && o.value(QLatin1String(key)).isString())
                parts.append(o.value(QLatin1String(key)).toString());
        }
        parts.removeAll(QString());
        e.serverMessage = parts.join(QStringLiteral("; "));
    } else if (trimmed.startsWith('<')) {
        e.details = Texts::tr("The server answered HTTP %1 with an HTML page instead of JSON.").arg(httpStatus);
    } else if (!trimmed.isEmpty()) {
        // HockeyApp answers some errors as plain text ("App not found or wrong identifier").
        e.serverMessage = QString::fromUtf8(trimmed.left(500)).simplified();
    } else {
        e.details = Texts::tr("HTTP %1 with an empty body.").arg(httpStatus);
    }
    // The documented app-not-found answers: 422 {"errors":{"app":["not found"]}} and the plain "App not found or
    // wrong identifier" (support.hockeyapp.net/kb/api/api-upload-new-versions). A build number used twice is
    // "bundle_version has already been taken" (422, the Rails validation message HockeyApp answers with).
    if (e.serverMessage.contains(QLatin1String("App not found"), Qt::CaseInsensitive)
        || e.serverMessage.contains(QLatin1String("wrong identifier"), Qt::CaseInsensitive)
        || e.serverMessage.startsWith(QLatin1String("app: not found"), Qt::CaseInsensitive))
        e.kind = Error::Kind::NotFound;
    else if (e.serverMessage.contains(QLatin1String("has already been taken"), Qt::CaseInsensitive))
        e.kind = Error::Kind::Conflict;
    e.message = adviceFor(e.kind);
    return e;
}

QString htmlToText(const QString& html)
{
    if (!html.contains(QLatin1Char('<')) && !html.contains(QLatin1Char('&')))
        return html.trimmed();
    QString s = html;
    static const QRegularExpression breaks(
        QStringLiteral("<\\s*(br|/p|/li|/h[1-6]|/div)\\s*/?\\s*>"), QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression items(QStringLiteral("<\\s*li[^>]*>"), QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression tags(QStringLiteral("<[^>]*>"));
    static const QRegularExpression blankLines(QStringLiteral("\\n{3,}"));
    s.replace(breaks, QStringLiteral("\n"));
    s.replace(items, QStringLiteral("- "));
    s.remove(tags);
    s.replace(QLatin1String("&lt;"), QLatin1String("<"));
    s.replace(QLatin1String("&gt;"), QLatin1String(">"));
    s.replace(QLatin1String("&quot;"), QLatin1String("\""));
    s.replace(QLatin1String("&#39;"), QLatin1String("'"));
    s.replace(QLatin1String("&nbsp;"), QLatin1String(" "));
    s.replace(QLatin1String("&amp;"), QLatin1String("&"));
    s.replace(blankLines, QStringLiteral("\n\n"));
    return s.trimmed();
}

int statusCode(bool downloadable)
{
    return downloadable ? 2 : 1;
}

int notifyCode(const QString& choice)
{
    if (choice == QLatin1String("none") || choice == QLatin1String("0"))
        return 0;
    if (choice == QLatin1String("testers") || choice == QLatin1String("1"))
        return 1;
    if (choice == QLatin1String("all") || choice == QLatin1String("2"))
        return 2;
    return -1;
}

int notesTypeCode(const QString& choice)
{
    if (choice == QLatin1String("textile") || choice == QLatin1String("0"))
        return 0;
    if (choice == QLatin1String("markdown") || choice == QLatin1String("1"))
        return 1;
    return -1;
}

} // namespace Slipway::HockeyApp
