#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <common/result.h>
#include <domain/types.h>

// The Akana API Platform (Community Manager portal API) wire format: pure functions, tested offline.
// The list shapes are not fully documented (see docs/akana.md), so the readers accept the documented JSON
// object form (arrays under App / AppVersion ...) as well as the RSS-channel JSON form (channel.item[]).
namespace Slipway::AkanaJson {

// POST /api/login and GET /api/login/status (LoginResponse).
struct Login
{
    QString userId; // userFDN: the UserID of GET /api/users/{UserID}/apps
    QString userName;
    QString status;
    QStringList pendingTasks; // change.password, force.accept.agreements, collect.security.question.answers, ...
};
Result<Login> parseLogin(const QByteArray& body);
// The Error a login that stopped at a pending task turns into: one sentence of what to do in the portal.
Error pendingTaskError(const QStringList& tasks);

// The tenant's fedmember ID from a cookie name: "Csrf-Token_acmepaymentscorp" -> "acmepaymentscorp";
// empty when `cookieName` does not start with `prefix` + "_".
QString fedmemberId(const QByteArray& cookieName, const QByteArray& prefix = "Csrf-Token");

// GET /api/users/{UserID}/apps (Accept: application/vnd.soa.v81+json).
Result<QList<AppInfo>> parseApps(const QByteArray& body);
// GET /api/apps/{AppID}/versions.
Result<QList<VersionInfo>> parseVersions(const QByteArray& body, const QString& appId);

// The fields of an ApplicationVersion Slipway sends when adding or modifying a version.
struct VersionFields
{
    QString name; // required
    QString description;
    QStringList tags;
    QString visibility; // Public, Limited, com.soa.visibility.registered.users
    QString initialEnvironment; // Sandbox, Production
};
// POST /api/apps/{AppID}/versions and PUT /api/apps/versions/{AppVersionID}: every field is sent (the object
// documentation marks Visibility and InitialEnvironment as required).
QByteArray versionBody(const VersionFields& fields, const QString& appId);
// GET /api/apps/versions/{AppVersionID}: the ApplicationVersion object as the platform holds it (also accepted one
// level down, under "ApplicationVersion" / "AppVersion").
Result<QJsonObject> parseVersionObject(const QByteArray& body);
// One ApplicationVersion object as a VersionInfo.
VersionInfo versionInfo(const QJsonObject& o, const QString& appId);
// PUT /api/apps/versions/{AppVersionID} replaces the whole object: `current` (as read) with `changes` laid over it,
// without the response-only properties (Created, Updated, State, RatingSummary, ...), so fields the user did not
// touch keep their values.
QByteArray mergedVersionBody(const QJsonObject& current, const QJsonObject& changes, const QString& appId);
// The UserFDN carried inside the AtmoAuthToken cookie value ("TokenID=...,UserFDN=user1.acme,..." percent-encoded);
// empty when it is not there.
QString userFdnFromCookie(const QByteArray& cookieValue);
// The text/plain AppVersionID of the add-version answer (also accepts a JSON string or {"AppVersionID": ...}).
Result<QString> parseVersionId(const QByteArray& body);

// The error of a failed Akana response. 401 names both causes (expired session, missing CSRF header); the body
// (format undocumented) becomes serverMessage when it is short text or JSON with a message.
Error errorFromResponse(int httpStatus, const QByteArray& body);

} // namespace Slipway::AkanaJson
