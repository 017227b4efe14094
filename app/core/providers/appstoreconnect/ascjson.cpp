#include "ascjson.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <algorithm>
#include <providers/service/servicejson.h>

namespace Slipway::AscJson {

namespace {

struct Texts
{
    Q_DECLARE_TR_FUNCTIONS(Slipway::AscJson)
};

using IncludedIndex = QHash<QString, QJsonObject>; // "type/id" -> resource

const QString kService = QStringLiteral("App Store Connect");

// A JSON:API document: its root object and, read by the callers below, its "data".
Result<QJsonObject> parseObject(const QByteArray& body, const char* what)
{
    return ServiceJson::parseObject(kService, body, Texts::tr("the %1 answer").arg(QLatin1String(what)));
}

Result<QJsonArray> dataArray(const QJsonObject& root, const QByteArray& body, const char* what)
{
    const QJsonValue data = root.value(QLatin1String("data"));
    if (!data.isArray())
        return ServiceJson::badResponse(
            kService, Texts::tr("\"data\" of %1 is not an array").arg(QLatin1String(what)), body);
    return data.toArray();
}

Result<QJsonObject> dataObject(const QJsonObject& root, const QByteArray& body, const char* what)
{
    const QJsonObject data = root.value(QLatin1String("data")).toObject();
    if (data.value(QLatin1String("id")).toString().isEmpty())
        return ServiceJson::badResponse(kService, Texts::tr("\"data\" of %1 has no id").arg(QLatin1String(what)), body);
    return data;
}

QUrl nextLink(const QJsonObject& root)
{
    const QString next = root.value(QLatin1String("links")).toObject().value(QLatin1String("next")).toString();
    return next.isEmpty() ? QUrl() : QUrl(next);
}

IncludedIndex indexIncluded(const QJsonObject& root)
{
    IncludedIndex index;
    for (const QJsonValue& v : root.value(QLatin1String("included")).toArray()) {
        const QJsonObject o = v.toObject();
        index.insert(
            o.value(QLatin1String("type")).toString() + QLatin1Char('/') + o.value(QLatin1String("id")).toString(), o);
    }
    return index;
}

QString relatedId(const QJsonObject& resource, const char* relationship)
{
    return resource.value(QLatin1String("relationships"))
        .toObject()
        .value(QLatin1String(relationship))
        .toObject()
        .value(QLatin1String("data"))
        .toObject()
        .value(QLatin1String("id"))
        .toString();
}

using ServiceJson::dateTime;

void putIfPresent(QVariantMap& map, const QJsonObject& attrs, const char* key, const char* as = nullptr)
{
    const QJsonValue v = attrs.value(QLatin1String(key));
    if (!v.isUndefined() && !v.isNull())
        map.insert(QLatin1String(as ? as : key), v.toVariant());
}

QList<StateDetail> stateDetails(const QJsonValue& array)
{
    QList<StateDetail> out;
    for (const QJsonValue& v : array.toArray()) {
        const QJsonObject o = v.toObject();
        StateDetail d;
        d.code = o.value(QLatin1String("code")).toString();
        // StateDetail has "message"; AppMediaStateError (file delivery) has "description".
        d.message = o.value(QLatin1String("message")).toString();
        if (d.message.isEmpty())
            d.message = o.value(QLatin1String("description")).toString();
        out.append(d);
    }
    return out;
}

VersionInfo appStoreVersion(const QJsonObject& o, const QString& appId, const IncludedIndex& included)
{
    const QJsonObject a = o.value(QLatin1String("attributes")).toObject();
    VersionInfo v;
    v.id = o.value(QLatin1String("id")).toString();
    v.appId = appId;
    v.versionName = a.value(QLatin1String("versionString")).toString();
    v.state = a.value(QLatin1String("appVersionState")).toString();
    if (v.state.isEmpty())
        v.state = a.value(QLatin1String("appStoreState")).toString();
    v.created = dateTime(a.value(QLatin1String("createdDate")));
    v.extra.insert(QStringLiteral("type"), QStringLiteral("appStoreVersion"));
    // The label column tells App Store versions and builds apart in the versions table.
    v.label = QStringLiteral("App Store %1").arg(a.value(QLatin1String("platform")).toString()).trimmed();
    putIfPresent(v.extra, a, "platform");
    putIfPresent(v.extra, a, "releaseType");
    putIfPresent(v.extra, a, "copyright");
    putIfPresent(v.extra, a, "earliestReleaseDate");
    putIfPresent(v.extra, a, "reviewType");
    putIfPresent(v.extra, a, "appStoreState");
    putIfPresent(v.extra, a, "downloadable");
    const QString buildId = relatedId(o, "build");
    if (!buildId.isEmpty()) {
        v.extra.insert(QStringLiteral("buildId"), buildId);
        const QJsonObject build = included.value(QStringLiteral("builds/") + buildId);
        const QJsonObject ba = build.value(QLatin1String("attributes")).toObject();
        v.versionCode = ba.value(QLatin1String("version")).toString();
        if (!ba.isEmpty())
            v.extra.insert(
                QStringLiteral("buildProcessingState"), ba.value(QLatin1String("processingState")).toString());
    }
    return v;
}

} // namespace

QString StateDetail::toString() const
{
    if (code.isEmpty())
        return message;
    if (message.isEmpty())
        return code;
    return code + QStringLiteral(": ") + message;
}

Result<Page<AppInfo>> parseApps(const QByteArray& body)
{
    auto root = parseObject(body, "apps");
    if (!root)
        return root.error();
    auto data = dataArray(root.value(), body, "apps");
    if (!data)
        return data.error();
    Page<AppInfo> page;
    for (const QJsonValue& v : data.value()) {
        const QJsonObject o = v.toObject();
        const QJsonObject a = o.value(QLatin1String("attributes")).toObject();
        AppInfo app;
        app.id = o.value(QLatin1String("id")).toString();
        if (app.id.isEmpty())
            continue;
        app.name = a.value(QLatin1String("name")).toString();
        app.packageId = a.value(QLatin1String("bundleId")).toString();
        if (app.name.isEmpty())
            app.name = app.packageId.isEmpty() ? app.id : app.packageId;
        putIfPresent(app.extra, a, "sku");
        putIfPresent(app.extra, a, "primaryLocale");
        page.items.append(app);
    }
    page.next = nextLink(root.value());
    return page;
}

Result<Page<VersionInfo>> parseAppStoreVersions(const QByteArray& body, const QString& appId)
{
    auto root = parseObject(body, "appStoreVersions");
    if (!root)
        return root.error();
    auto data = dataArray(root.value(), body, "appStoreVersions");
    if (!data)
        return data.error();
    const IncludedIndex included = indexIncluded(root.value());
    Page<VersionInfo> page;
    for (const QJsonValue& v : data.value()) {
        const QJsonObject o = v.toObject();
        if (o.value(QLatin1String("id")).toString().isEmpty())
            continue;
        page.items.append(appStoreVersion(o, appId, included));
    }
    page.next = nextLink(root.value());
    return page;
}

Result<VersionInfo> parseAppStoreVersion(const QByteArray& body, const QString& appId)
{
    auto root = parseObject(body, "appStoreVersion");
    if (!root)
        return root.error();
    auto data = dataObject(root.value(), body, "appStoreVersion");
    if (!data)
        return data.error();
    QString app = appId;
    if (app.isEmpty())
        app = relatedId(data.value(), "app");
    return appStoreVersion(data.value(), app, indexIncluded(root.value()));
}

Result<Page<VersionInfo>> parseBuilds(const QByteArray& body, const QString& appId)
{
    auto root = parseObject(body, "builds");
    if (!root)
        return root.error();
    auto data = dataArray(root.value(), body, "builds");
    if (!data)
        return data.error();
    const IncludedIndex included = indexIncluded(root.value());
    Page<VersionInfo> page;
    for (const QJsonValue& value : data.value()) {
        const QJsonObject o = value.toObject();
        const QJsonObject a = o.value(QLatin1String("attributes")).toObject();
        VersionInfo v;
        v.id = o.value(QLatin1String("id")).toString();
        if (v.id.isEmpty())
            continue;
        v.appId = appId;
        v.versionCode = a.value(QLatin1String("version")).toString();
        v.state = a.value(QLatin1String("processingState")).toString();
        v.created = dateTime(a.value(QLatin1String("uploadedDate")));
        v.extra.insert(QStringLiteral("type"), QStringLiteral("build"));
        putIfPresent(v.extra, a, "expired");
        putIfPresent(v.extra, a, "expirationDate");
        putIfPresent(v.extra, a, "minOsVersion");
        putIfPresent(v.extra, a, "buildAudienceType");
        putIfPresent(v.extra, a, "usesNonExemptEncryption");
        const QString preId = relatedId(o, "preReleaseVersion");
        const QJsonObject pre = included.value(QStringLiteral("preReleaseVersions/") + preId)
                                    .value(QLatin1String("attributes"))
                                    .toObject();
        v.versionName = pre.value(QLatin1String("version")).toString();
        putIfPresent(v.extra, pre, "platform");
        v.label = QStringLiteral("build %1").arg(pre.value(QLatin1String("platform")).toString()).trimmed();
        page.items.append(v);
    }
    page.next = nextLink(root.value());
    return page;
}

Result<BuildUpload> parseBuildUpload(const QByteArray& body)
{
    auto root = parseObject(body, "buildUpload");
    if (!root)
        return root.error();
    auto data = dataObject(root.value(), body, "buildUpload");
    if (!data)
        return data.error();
    const QJsonObject a = data.value().value(QLatin1String("attributes")).toObject();
    const QJsonObject state = a.value(QLatin1String("state")).toObject();
    BuildUpload u;
    u.id = data.value().value(QLatin1String("id")).toString();
    u.state = state.value(QLatin1String("state")).toString();
    u.errors = stateDetails(state.value(QLatin1String("errors")));
    u.warnings = stateDetails(state.value(QLatin1String("warnings")));
    u.infos = stateDetails(state.value(QLatin1String("infos")));
    u.buildId = relatedId(data.value(), "build");
    u.shortVersion = a.value(QLatin1String("cfBundleShortVersionString")).toString();
    u.bundleVersion = a.value(QLatin1String("cfBundleVersion")).toString();
    u.platform = a.value(QLatin1String("platform")).toString();
    return u;
}

Result<BuildUploadFile> parseBuildUploadFile(const QByteArray& body)
{
    auto root = parseObject(body, "buildUploadFile");
    if (!root)
        return root.error();
    auto data = dataObject(root.value(), body, "buildUploadFile");
    if (!data)
        return data.error();
    const QJsonObject a = data.value().value(QLatin1String("attributes")).toObject();
    const QJsonObject state = a.value(QLatin1String("assetDeliveryState")).toObject();
    BuildUploadFile f;
    f.id = data.value().value(QLatin1String("id")).toString();
    f.state = state.value(QLatin1String("state")).toString();
    f.errors = stateDetails(state.value(QLatin1String("errors")));
    f.warnings = stateDetails(state.value(QLatin1String("warnings")));
    f.fileSize = a.value(QLatin1String("fileSize")).toInteger(-1);
    for (const QJsonValue& v : a.value(QLatin1String("uploadOperations")).toArray()) {
        const QJsonObject o = v.toObject();
        UploadOperation op;
        op.method = o.value(QLatin1String("method")).toString(QStringLiteral("PUT")).toUpper();
        op.url = QUrl(o.value(QLatin1String("url")).toString(), QUrl::StrictMode);
        op.offset = o.value(QLatin1String("offset")).toInteger(-1);
        op.length = o.value(QLatin1String("length")).toInteger(-1);
        op.expiration = dateTime(o.value(QLatin1String("expiration")));
        op.partNumber = int(o.value(QLatin1String("partNumber")).toInteger(f.operations.size() + 1));
        for (const QJsonValue& h : o.value(QLatin1String("requestHeaders")).toArray()) {
            const QJsonObject ho = h.toObject();
            const QByteArray name = ho.value(QLatin1String("name")).toString().toLatin1();
            if (!name.isEmpty())
                op.headers.append({name, ho.value(QLatin1String("value")).toString().toUtf8()});
        }
        f.operations.append(op);
    }
    return f;
}

Status checkOperations(const QList<UploadOperation>& operations, qint64 fileSize)
{
    const auto bad = [](const QString& why) {
        return Error(Error::Kind::BadResponse,
            Texts::tr("App Store Connect returned upload instructions Slipway cannot follow."), why);
    };
    if (operations.isEmpty())
        return bad(Texts::tr("no upload operations"));
    QList<UploadOperation> sorted = operations;
    std::sort(sorted.begin(), sorted.end(),
        [](const UploadOperation& x, const UploadOperation& y) { return x.offset < y.offset; });
    qint64 expected = 0;
    for (const UploadOperation& op : sorted) {
        if (!op.url.isValid()
            || (op.url.scheme() != QLatin1String("https") && op.url.scheme() != QLatin1String("http")))
            return bad(Texts::tr("part %1 has no valid URL").arg(op.partNumber));
        if (op.method != QLatin1String("PUT") && op.method != QLatin1String("POST"))
            return bad(Texts::tr("part %1 uses the method %2").arg(op.partNumber).arg(op.method));
        if (op.length <= 0 || op.offset != expected)
            return bad(Texts::tr("part %1 covers bytes %2+%3, expected offset %4")
                           .arg(op.partNumber)
                           .arg(op.offset)
                           .arg(op.length)
                           .arg(expected));
        expected += op.length;
    }
    if (expected != fileSize)
        return bad(Texts::tr("the parts cover %1 bytes of a %2-byte file").arg(expected).arg(fileSize));
    return Ok {};
}

QByteArray createAppStoreVersion(const QString& appId, const QString& platform, const VersionAttributes& attributes)
{
    QJsonObject attrs {
        {QStringLiteral("platform"), platform}, {QStringLiteral("versionString"), attributes.versionString}};
    if (!attributes.copyright.isEmpty())
        attrs.insert(QStringLiteral("copyright"), attributes.copyright);
    if (!attributes.releaseType.isEmpty())
        attrs.insert(QStringLiteral("releaseType"), attributes.releaseType);
    if (!attributes.earliestReleaseDate.isEmpty())
        attrs.insert(QStringLiteral("earliestReleaseDate"), attributes.earliestReleaseDate);
    const QJsonObject app {{QStringLiteral("data"),
        QJsonObject {{QStringLiteral("type"), QStringLiteral("apps")}, {QStringLiteral("id"), appId}}}};
    const QJsonObject data {{QStringLiteral("type"), QStringLiteral("appStoreVersions")},
        {QStringLiteral("attributes"), attrs},
        {QStringLiteral("relationships"), QJsonObject {{QStringLiteral("app"), app}}}};
    return QJsonDocument(QJsonObject {{QStringLiteral("data"), data}}).toJson(QJsonDocument::Compact);
}

QByteArray updateAppStoreVersion(const QString& versionId, const VersionAttributes& attributes)
{
    QJsonObject attrs;
    if (!attributes.versionString.isEmpty())
        attrs.insert(QStringLiteral("versionString"), attributes.versionString);
    if (!attributes.copyright.isEmpty())
        attrs.insert(QStringLiteral("copyright"), attributes.copyright);
    if (!attributes.releaseType.isEmpty())
        attrs.insert(QStringLiteral("releaseType"), attributes.releaseType);
    if (!attributes.earliestReleaseDate.isEmpty())
        attrs.insert(QStringLiteral("earliestReleaseDate"), attributes.earliestReleaseDate);
    QJsonObject data {{QStringLiteral("type"), QStringLiteral("appStoreVersions")}, {QStringLiteral("id"), versionId}};
    if (!attrs.isEmpty())
        data.insert(QStringLiteral("attributes"), attrs);
    return QJsonDocument(QJsonObject {{QStringLiteral("data"), data}}).toJson(QJsonDocument::Compact);
}

QByteArray buildLinkage(const QString& buildId)
{
    const QJsonObject data {{QStringLiteral("type"), QStringLiteral("builds")}, {QStringLiteral("id"), buildId}};
    return QJsonDocument(QJsonObject {{QStringLiteral("data"), data}}).toJson(QJsonDocument::Compact);
}

QByteArray createBuildUpload(
    const QString& appId, const QString& shortVersion, const QString& bundleVersion, const QString& platform)
{
    const QJsonObject app {{QStringLiteral("data"),
        QJsonObject {{QStringLiteral("type"), QStringLiteral("apps")}, {QStringLiteral("id"), appId}}}};
    const QJsonObject data {{QStringLiteral("type"), QStringLiteral("buildUploads")},
        {QStringLiteral("attributes"),
            QJsonObject {{QStringLiteral("cfBundleShortVersionString"), shortVersion},
                {QStringLiteral("cfBundleVersion"), bundleVersion}, {QStringLiteral("platform"), platform}}},
        {QStringLiteral("relationships"), QJsonObject {{QStringLiteral("app"), app}}}};
    return QJsonDocument(QJsonObject {{QStringLiteral("data"), data}}).toJson(QJsonDocument::Compact);
}

QByteArray createBuildUploadFile(
    const QString& buildUploadId, const QString& fileName, qint64 fileSize, const QString& uti)
{
    const QJsonObject upload {{QStringLiteral("data"),
        QJsonObject {{QStringLiteral("type"), QStringLiteral("buildUploads")}, {QStringLiteral("id"), buildUploadId}}}};
    const QJsonObject data {{QStringLiteral("type"), QStringLiteral("buildUploadFiles")},
        {QStringLiteral("attributes"),
            QJsonObject {{QStringLiteral("fileName"), fileName}, {QStringLiteral("fileSize"), fileSize},
                {QStringLiteral("uti"), uti}, {QStringLiteral("assetType"), QStringLiteral("ASSET")}}},
        {QStringLiteral("relationships"), QJsonObject {{QStringLiteral("buildUpload"), upload}}}};
    return QJsonDocument(QJsonObject {{QStringLiteral("data"), data}}).toJson(QJsonDocument::Compact);
}

QByteArray commitBuildUploadFile(const QString& fileId, const QString& md5Hex)
{
    QJsonObject attrs {{QStringLiteral("uploaded"), true}};
    if (!md5Hex.isEmpty()) {
        attrs.insert(QStringLiteral("sourceFileChecksums"),
            QJsonObject {{QStringLiteral("file"),
                QJsonObject {{QStringLiteral("hash"), md5Hex}, {QStringLiteral("algorithm"), QStringLiteral("MD5")}}}});
    }
    const QJsonObject data {{QStringLiteral("type"), QStringLiteral("buildUploadFiles")},
        {QStringLiteral("id"), fileId}, {QStringLiteral("attributes"), attrs}};
    return QJsonDocument(QJsonObject {{QStringLiteral("data"), data}}).toJson(QJsonDocument::Compact);
}

QList<ApiError> parseErrors(const QByteArray& body)
{
    QList<ApiError> out;
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    for (const QJsonValue& v : doc.object().value(QLatin1String("errors")).toArray()) {
        const QJsonObject o = v.toObject();
        ApiError e;
        // status is a string in the spec; accept a number too.
        const QJsonValue st = o.value(QLatin1String("status"));
        e.status = st.isDouble() ? QString::number(st.toInt()) : st.toString();
        e.code = o.value(QLatin1String("code")).toString();
        e.title = o.value(QLatin1String("title")).toString();
        e.detail = o.value(QLatin1String("detail")).toString();
        const QJsonObject src = o.value(QLatin1String("source")).toObject();
        e.source = src.value(QLatin1String("pointer")).toString();
        if (e.source.isEmpty())
            e.source = src.value(QLatin1String("parameter")).toString();
        out.append(e);
    }
    return out;
}

QPair<int, int> parseRateLimit(const QByteArray& header)
{
    int limit = -1;
    int remaining = -1;
    for (const QByteArray& part : header.split(';')) {
        const int colon = part.indexOf(':');
        if (colon < 0)
            continue;
        const QByteArray key = part.left(colon).trimmed();
        bool ok = false;
        const int value = part.mid(colon + 1).trimmed().toInt(&ok);
        if (!ok)
            continue;
        if (key == "user-hour-lim")
            limit = value;
        else if (key == "user-hour-rem")
            remaining = value;
    }
    return {limit, remaining};
}

qint64 paceDelayMs(int limit, int remaining)
{
    if (remaining < 0)
        return 0;
    if (remaining == 0)
        return -1;
    const int reserve = std::max(10, limit > 0 ? limit / 50 : 10);
    if (remaining > reserve)
        return 0;
    return std::min<qint64>(30000, 3600000 / (qint64(remaining) + 1));
}

QByteArray expireBuild(const QString& buildId)
{
    const QJsonObject data {{QStringLiteral("type"), QStringLiteral("builds")}, {QStringLiteral("id"), buildId},
        {QStringLiteral("attributes"), QJsonObject {{QStringLiteral("expired"), true}}}};
    return QJsonDocument(QJsonObject {{QStringLiteral("data"), data}}).toJson(QJsonDocument::Compact);
}

Result<QList<Localization>> parseLocalizations(const QByteArray& body)
{
    auto root = parseObject(body, "localizations");
    if (!root)
        return root.error();
    auto data = dataArray(root.value(), body, "localizations");
    if (!data)
        return data.error();
    QList<Localization> out;
    for (const QJsonValue& v : data.value()) {
        const QJsonObject o = v.toObject();
        const QJsonObject a = o.value(QLatin1String("attributes")).toObject();
        out.append({o.value(QLatin1String("id")).toString(), a.value(QLatin1String("locale")).toString(),
            a.value(QLatin1String("whatsNew")).toString()});
    }
    return out;
}

QByteArray updateWhatsNew(const QString& localizationId, const QString& whatsNew)
{
    const QJsonObject data {{QStringLiteral("type"), QStringLiteral("appStoreVersionLocalizations")},
        {QStringLiteral("id"), localizationId},
        {QStringLiteral("attributes"), QJsonObject {{QStringLiteral("whatsNew"), whatsNew}}}};
    return QJsonDocument(QJsonObject {{QStringLiteral("data"), data}}).toJson(QJsonDocument::Compact);
}

Status checkReleaseDate(VersionAttributes& attributes)
{
    if (attributes.earliestReleaseDate.isEmpty())
        return Ok {};
    if (attributes.releaseType.isEmpty())
        attributes.releaseType = QStringLiteral("SCHEDULED");
    if (attributes.releaseType != QLatin1String("SCHEDULED")) {
        Error e(Error::Kind::Validation,
            Texts::tr(
                "An earliest release date needs the release type SCHEDULED (release type is %1): choose SCHEDULED "
                "or leave the date empty.")
                .arg(attributes.releaseType));
        e.field = QStringLiteral("release-type");
        return e;
    }
    return Ok {};
}

Error errorFromResponse(int httpStatus, const QByteArray& body, const QByteArray& rateLimitHeader)
{
    const QList<ApiError> errors = parseErrors(body);
    Error e;
    e.httpStatus = httpStatus;
    bool alreadyExists = false;
    QStringList server;
    QStringList details;
    for (const ApiError& a : errors) {
        QString line = a.title;
        if (!a.detail.isEmpty() && a.detail != a.title)
            line = line.isEmpty() ? a.detail : line + QStringLiteral(": ") + a.detail;
        if (!line.isEmpty())
            server.append(line);
        QString d = a.code.isEmpty() ? a.status : a.code;
        if (!a.source.isEmpty())
            d += QStringLiteral(" at ") + a.source;
        details.append(d);
        const QString all = (a.code + QLatin1Char(' ') + a.title + QLatin1Char(' ') + a.detail).toLower();
        if (all.contains(QLatin1String("already exist")) || all.contains(QLatin1String("duplicate")))
            alreadyExists = true;
    }
    e.serverMessage = server.join(QStringLiteral("; "));
    e.details = details.join(QStringLiteral(", "));
    if (e.details.isEmpty() && errors.isEmpty() && !body.isEmpty())
        e.details = ServiceJson::snippet(body);

    switch (httpStatus) {
    case 400:
    case 422:
        e.kind = Error::Kind::Validation;
        e.message = Texts::tr("App Store Connect refused the request.");
        break;
    case 401:
        e.kind = Error::Kind::Auth;
        e.message = Texts::tr(
            "App Store Connect did not accept the API key; check the issuer ID, the key ID and the .p8 key, "
            "and that the key has not been revoked.");
        break;
    case 403:
        e.kind = Error::Kind::Forbidden;
        e.message = Texts::tr(
            "The App Store Connect API key is not allowed to do this; it needs the App Manager or Admin role.");
        break;
    case 404:
        e.kind = Error::Kind::NotFound;
        e.message = Texts::tr("App Store Connect does not know this app, version or build.");
        break;
    case 409:
        e.kind = Error::Kind::Conflict;
        e.message = alreadyExists ? Texts::tr("This version already exists in App Store Connect.")
                                  : Texts::tr("App Store Connect refused the change because of the current state.");
        break;
    case 429: {
        e.kind = Error::Kind::RateLimited;
        const int limit = parseRateLimit(rateLimitHeader).first;
        e.message = limit > 0
            ? Texts::tr("App Store Connect's hourly request limit (%1 requests per key) is used up; try again later.")
                  .arg(limit)
            : Texts::tr("App Store Connect's request limit is reached; try again later.");
        if (!rateLimitHeader.isEmpty())
            e.details += (e.details.isEmpty() ? QString() : QStringLiteral(", ")) + QStringLiteral("X-Rate-Limit: ")
                + QString::fromLatin1(rateLimitHeader);
        break;
    }
    default:
        if (httpStatus >= 500) {
            e.kind = Error::Kind::Server;
            e.message
                = Texts::tr("App Store Connect had an internal problem (HTTP %1); try again later.").arg(httpStatus);
        } else {
            e.kind = Error::Kind::BadResponse;
            e.message = Texts::tr("App Store Connect answered HTTP %1.").arg(httpStatus);
        }
    }
    return e;
}

QString applePlatform(const QString& platform)
{
    const QString p = platform.trimmed().toLower();
    if (p == QLatin1String("ios") || p == QLatin1String("ipados"))
        return QStringLiteral("IOS");
    if (p == QLatin1String("macos") || p == QLatin1String("mac_os") || p == QLatin1String("osx"))
        return QStringLiteral("MAC_OS");
    if (p == QLatin1String("tvos") || p == QLatin1String("tv_os"))
        return QStringLiteral("TV_OS");
    if (p == QLatin1String("visionos") || p == QLatin1String("vision_os") || p == QLatin1String("xros"))
        return QStringLiteral("VISION_OS");
    return {};
}

QString utiForFile(const QString& fileName)
{
    const QString lower = fileName.toLower();
    if (lower.endsWith(QLatin1String(".ipa")))
        return QStringLiteral("com.apple.ipa");
    if (lower.endsWith(QLatin1String(".pkg")))
        return QStringLiteral("com.apple.pkg");
    return {};
}

} // namespace Slipway::AscJson
