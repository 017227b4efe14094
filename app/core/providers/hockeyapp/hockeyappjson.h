#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <common/result.h>
#include <domain/types.h>

// The HockeyApp API v2 wire format, pure and offline-testable: {apps:[...], status}, {app_versions:[...]},
// the 201 upload answer and the error formats (422 {errors:{field:[msgs]}}, plain text, HTML).
namespace Slipway::HockeyApp {

// One page of versions: HockeyApp answers `page=N` with the versions of that page and, on servers that say
// so, current_page / total_pages / total_entries (absent: -1).
struct VersionPage
{
    QList<VersionInfo> versions;
    int currentPage = -1;
    int totalPages = -1;
    int totalEntries = -1;
};

Result<QList<AppInfo>> parseApps(const QByteArray& body);
Result<VersionPage> parseVersions(const QByteArray& body, const QString& appId);
// The 201 answer of an upload (or the answer of create/update version).
Result<VersionInfo> parseVersion(const QByteArray& body, const QString& appId);

AppInfo appFromJson(const QJsonObject& o);
// The version record's id: "id" when the server sends one, else the last segment of the documented config_url
// (".../manage/apps/1266/app_versions/208"); empty when neither is there (never the build number).
QString versionId(const QJsonObject& o);
// id: versionId(o); versionCode = version;
// versionName = shortversion; state: "available" (status 2) / "not-downloadable" (status 1); notes: plain
// text converted from the HTML notes.
VersionInfo versionFromJson(const QJsonObject& o, const QString& appId);

// The error of a response (kind None for a success): 422 {errors:{field:[msgs]}} -> Validation with
// "field: msg; ...", 401 -> Auth, "App not found or wrong identifier" -> NotFound, HTML pages and garbage
// summarized in details.
Error errorFor(int httpStatus, const QByteArray& body);

// HTML notes as plain text (tags dropped, <br>/<p>/<li> as line breaks, the common entities decoded).
QString htmlToText(const QString& html);

// The form-field codes.
int statusCode(bool downloadable); // 2 available, 1 not downloadable
int notifyCode(const QString& choice); // "none" 0, "testers" 1 (who can install), "all" 2; -1 unknown
int notesTypeCode(const QString& choice); // "textile" 0, "markdown" 1; -1 unknown

} // namespace Slipway::HockeyApp
