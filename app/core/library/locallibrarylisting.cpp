#include "libraryinternal.h"
#include "locallibrary.h"

#include <QDateTime>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QUrl>
#include <algorithm>

// The Local library's reading side: apps, the versions listing (streamed, lean by default) and one version with
// everything stored. Publishing, editing and collection are in locallibrary.cpp.

namespace Slipway {

using LibraryInternal::Texts;

Status LocalLibrary::openForReading()
{
    if (!m_open && QFileInfo::exists(m_root + QStringLiteral("/catalog.sqlite")))
        m_forceReadOnly = true;
    return open();
}

Result<QList<AppInfo>> LocalLibrary::apps()
{
    if (auto st = open(); !st)
        return st.error();
    QSqlQuery q(QSqlDatabase::database(m_connection));
    q.prepare(
        QStringLiteral("SELECT a.id, a.name, a.platform, COUNT(v.id), MAX(v.created) FROM apps a "
                       "LEFT JOIN versions v ON v.app_id = a.id GROUP BY a.id ORDER BY a.name COLLATE NOCASE, a.id"));
    if (auto st = exec(q, "list apps"); !st)
        return st.error();
    QList<AppInfo> out;
    while (q.next()) {
        AppInfo app;
        app.id = q.value(0).toString();
        app.name = q.value(1).toString();
        app.packageId = app.id;
        app.platform = q.value(2).toString();
        app.versionCount = q.value(3).toInt();
        app.extra.insert(QStringLiteral("lastPublished"), q.value(4).toString());
        out.append(app);
    }
    return out;
}

namespace {

// What a table or a listing shows; the stored inspection (often tens of kilobytes) is read only when asked for.
const char* const kVersionColumns = "v.id, v.app_id, v.version_name, v.version_code, v.label, v.notes, v.publisher, "
                                    "v.created";

VersionInfo versionFromQuery(const QSqlQuery& q)
{
    VersionInfo v;
    v.id = q.value(0).toString();
    v.appId = q.value(1).toString();
    v.versionName = q.value(2).toString();
    v.versionCode = q.value(3).toString();
    v.label = q.value(4).toString();
    v.notes = q.value(5).toString();
    v.publisher = q.value(6).toString();
    v.created = QDateTime::fromString(q.value(7).toString(), Qt::ISODateWithMs);
    v.created.setTimeSpec(Qt::UTC);
    v.state = QStringLiteral("stored");
    return v;
}

// extra["files"] entry of the artifact row at `q`, whose file_name, kind, size, md5, sha256 start at column `first`.
QVariantMap fileMap(const QSqlQuery& q, int first, const QString& path)
{
    return {{QStringLiteral("fileName"), q.value(first)}, {QStringLiteral("kind"), q.value(first + 1)},
        {QStringLiteral("size"), q.value(first + 2)}, {QStringLiteral("md5"), q.value(first + 3)},
        {QStringLiteral("sha256"), q.value(first + 4)}, {QStringLiteral("path"), path}};
}

bool isHexDigest(const QString& text)
{
    return text.size() == 64 && std::all_of(text.cbegin(), text.cend(), [](QChar c) {
        return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f');
    });
}

// The stored inspection as an object; empty when it is missing or not an object.
QVariantMap inspectionMap(const QByteArray& json)
{
    const QJsonDocument inspection = QJsonDocument::fromJson(json);
    return inspection.isObject() ? inspection.object().toVariantMap() : QVariantMap();
}

} // namespace

Status LocalLibrary::forEachVersion(const QString& appId, VersionDetail detail, const VersionFn& fn)
{
    if (auto st = open(); !st)
        return st;
    QSqlDatabase db = QSqlDatabase::database(m_connection);
    // Two forward-only cursors in the same order, merged: no row is cached, so memory stays flat for any count.
    QSqlQuery q(db);
    q.setForwardOnly(true);
    // RawInspection hands the text on unparsed, so SQLite checks it (json_valid, in C, no tree built): a damaged
    // row comes without its inspection instead of breaking the JSON it is copied into. As a BLOB, the bytes arrive
    // as stored: as text, Qt's driver would turn them into UTF-16 and back.
    const char* inspection = detail == VersionDetail::RawInspection
        ? ", CASE WHEN json_valid(v.inspection) AND ltrim(v.inspection) LIKE '{%' THEN CAST(v.inspection AS BLOB) END"
        : detail == VersionDetail::Full ? ", v.inspection"
                                        : "";
    q.prepare(QStringLiteral("SELECT %1%2 FROM versions v WHERE v.app_id = ? ORDER BY v.created DESC, v.id DESC")
                  .arg(QLatin1String(kVersionColumns), QLatin1String(inspection)));
    q.addBindValue(appId);
    if (auto st = exec(q, "list versions"); !st)
        return st;
    QSqlQuery a(db);
    a.setForwardOnly(true);
    a.prepare(QStringLiteral("SELECT a.version_id, a.file_name, a.kind, a.size, a.md5, a.sha256 FROM artifacts a "
                             "JOIN versions v ON v.id = a.version_id WHERE v.app_id = ? "
                             "ORDER BY v.created DESC, v.id DESC, a.position"));
    a.addBindValue(appId);
    if (auto st = exec(a, "list artifacts"); !st)
        return st;
    // file:// URLs of the artifacts: the folder's part is encoded once, the digest (hex) needs no encoding.
    const QString artifactsUrl = QUrl::fromLocalFile(m_root + u"/artifacts/").toString();
    const auto artifactUrl = [&](const QString& sha256) -> QString {
        if (!isHexDigest(sha256))
            return QUrl::fromLocalFile(artifactPath(sha256)).toString();
        return artifactsUrl + QStringView(sha256).left(2) + u'/' + sha256;
    };
    bool haveFile = a.next();
    while (q.next()) {
        VersionInfo v = versionFromQuery(q);
        const qint64 id = q.value(0).toLongLong();
        QVariantList files;
        bool primary = true; // the first file by position (the listing does not collect `files`)
        while (haveFile && a.value(0).toLongLong() == id) {
            if (primary) {
                primary = false;
                v.fileName = a.value(1).toString();
                v.size = a.value(3).toLongLong();
                v.md5 = a.value(4).toString();
                v.sha256 = a.value(5).toString();
                v.downloadUrl = artifactUrl(v.sha256);
            }
            if (detail != VersionDetail::Listing)
                files.append(fileMap(a, 1, artifactPath(a.value(5).toString())));
            haveFile = a.next();
        }
        QByteArray inspection;
        if (detail != VersionDetail::Listing) {
            v.extra.insert(QStringLiteral("files"), files);
            inspection = q.value(8).toByteArray();
            if (detail == VersionDetail::Full) {
                const QVariantMap map = inspectionMap(inspection);
                if (!map.isEmpty())
                    v.extra.insert(QStringLiteral("inspection"), map);
            }
        }
        if (!fn(v, inspection))
            break;
    }
    return Ok {};
}

Result<QList<VersionInfo>> LocalLibrary::versions(const QString& appId, VersionDetail detail, qsizetype limit)
{
    QList<VersionInfo> out;
    if (limit == 0)
        return out;
    if (auto st = forEachVersion(appId, detail,
            [&out, limit](VersionInfo& v, const QByteArray&) {
                out.append(std::move(v));
                return limit < 0 || out.size() < limit;
            });
        !st)
        return st.error();
    return out;
}

Result<VersionInfo> LocalLibrary::version(const QString& appId, const QString& versionId)
{
    if (auto st = open(); !st)
        return st.error();
    QSqlDatabase db = QSqlDatabase::database(m_connection);
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT %1, v.inspection FROM versions v WHERE v.app_id = ? AND v.id = ?")
                  .arg(QLatin1String(kVersionColumns)));
    q.addBindValue(appId);
    q.addBindValue(versionId.toLongLong());
    if (auto st = exec(q, "read version"); !st)
        return st.error();
    if (!q.next())
        return Error(
            Error::Kind::NotFound, Texts::tr("Version %1 of %2 is not in the Local library.").arg(versionId, appId));
    VersionInfo v = versionFromQuery(q);
    const QVariantMap inspection = inspectionMap(q.value(8).toByteArray());
    if (!inspection.isEmpty())
        v.extra.insert(QStringLiteral("inspection"), inspection);
    QSqlQuery a(db);
    a.setForwardOnly(true);
    a.prepare(QStringLiteral("SELECT file_name, kind, size, md5, sha256 FROM artifacts WHERE version_id = ? "
                             "ORDER BY position"));
    a.addBindValue(versionId.toLongLong());
    if (auto st = exec(a, "read version files"); !st)
        return st.error();
    QVariantList files;
    while (a.next()) {
        const QString sha = a.value(4).toString();
        if (files.isEmpty()) {
            v.fileName = a.value(0).toString();
            v.size = a.value(2).toLongLong();
            v.md5 = a.value(3).toString();
            v.sha256 = sha;
            v.downloadUrl = QUrl::fromLocalFile(artifactPath(sha)).toString();
        }
        files.append(fileMap(a, 0, artifactPath(sha)));
    }
    v.extra.insert(QStringLiteral("files"), files);
    return v;
}

} // namespace Slipway
