#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <common/result.h>
#include <domain/types.h>
#include <optional>

// The Applivery wire format, pure and offline-testable: the {status, data} envelope, the paginated list
// envelope, apps, builds and the {status:false, error:{code, message}} error format.
namespace Slipway::Applivery {

// One page of a paginated list: data {items, totalDocs, page, totalPages, hasNextPage, nextPage, ...}.
template<typename T> struct Page
{
    QList<T> items;
    int page = 1;
    int totalPages = 1;
    int totalDocs = -1;
    bool hasNextPage = false;
};

// The error Applivery reported in a body, if any: {status:false, error:{code, message}}. A body with an
// `error` object counts even when `status` says true (a slip in Applivery's own examples).
struct ServerError
{
    int code = 0;
    QString message;
};
std::optional<ServerError> serverError(const QByteArray& body);

// Error::Kind for an Applivery error code (2001, 4002, 4004: auth; 4001: not found; 5006: validation ...),
// or the kind of the HTTP status when the code is unknown. `httpStatus` 0 = unknown.
Error::Kind kindForCode(int code, int httpStatus);

// A full Error for a response: the body's error format when present, else the HTTP status. Returns an Error
// with kind None when the response is a success (2xx and status != false).
Error errorFor(int httpStatus, const QByteArray& body);

// The `data` member of a successful envelope; BadResponse for HTML, garbage, truncated JSON or a missing
// `data`; the server's error for {status:false}.
Result<QJsonValue> unwrap(const QByteArray& body);

AppInfo appFromJson(const QJsonObject& o);
// A build as a VersionInfo: id, versionName, versionCode (Android versionCode / iOS CFBundleVersion),
// label (tags), state (pending/in_progress/processed/error), size, created, publisher, notes (changelog).
VersionInfo buildFromJson(const QJsonObject& o, const QString& appId);

Result<Page<AppInfo>> parseApps(const QByteArray& body);
Result<AppInfo> parseApp(const QByteArray& body);
Result<Page<VersionInfo>> parseBuilds(const QByteArray& body, const QString& appId);
Result<VersionInfo> parseBuild(const QByteArray& body, const QString& appId);

// Build processing states.
inline constexpr char statePending[] = "pending";
inline constexpr char stateInProgress[] = "in_progress";
inline constexpr char stateProcessed[] = "processed";
inline constexpr char stateError[] = "error";

// The processing log of a build (processLogs: a string, an array of strings or of {message|msg|text, ...}
// objects), as text lines; plus `error` / `errorCode` when the build failed.
QString processLog(const QJsonObject& build);
// "error" build -> a Validation error carrying the server's message and its processing log in details.
Error processingError(const VersionInfo& build);

// The `filter` upload field from the user's text: "g1,g2;g3" (comma = AND inside a group, semicolon = OR
// across groups) or a JSON nested array given verbatim. Returns the JSON text, e.g. [["g1","g2"],["g3"]].
Result<QByteArray> filterJson(const QString& text);

// The body of POST /v1/organizations/{org}/apps with only the documented fields (docs.applivery.com .../api/
// app-distribution/application/post-organizations-organizationid-apps: name <= 128, configuration, metadata,
// defaultScripts): the name (cut to 128 characters) and the package id in metadata.packageId.
QJsonObject createAppBody(const QString& name, const QString& packageId);

} // namespace Slipway::Applivery
