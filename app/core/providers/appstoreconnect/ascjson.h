#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>
#include <common/result.h>
#include <domain/types.h>

// The App Store Connect wire format (JSON:API): pure functions, no network, tested offline.
namespace Slipway::AscJson {

// One page of a collection and the absolute URL of the next one (links.next; empty on the last page).
template<typename T> struct Page
{
    QList<T> items;
    QUrl next;
};

// --- Reading ---------------------------------------------------------------------------------------------

// GET /v1/apps: id, name, bundleId (packageId), sku and primaryLocale (extra).
Result<Page<AppInfo>> parseApps(const QByteArray& body);

// GET /v1/apps/{id}/appStoreVersions (with include=build): one VersionInfo per App Store version.
// versionName = versionString, state = appVersionState (appStoreState when the former is missing),
// versionCode = the attached build's version when included; extra: type "appStoreVersion", platform,
// releaseType, copyright, earliestReleaseDate, reviewType, buildId, appStoreState.
Result<Page<VersionInfo>> parseAppStoreVersions(const QByteArray& body, const QString& appId);
// A single AppStoreVersionResponse (create / update answers).
Result<VersionInfo> parseAppStoreVersion(const QByteArray& body, const QString& appId);

// GET /v1/builds?filter[app]=…&include=preReleaseVersion: one VersionInfo per build.
// versionCode = build version (CFBundleVersion), versionName = the pre-release version (CFBundleShortVersionString)
// when included, state = processingState; extra: type "build", platform, expired, minOsVersion, expirationDate,
// buildAudienceType.
Result<Page<VersionInfo>> parseBuilds(const QByteArray& body, const QString& appId);

// A status message Apple attaches to an upload or a delivered file (StateDetail / AppMediaStateError).
struct StateDetail
{
    QString code;
    QString message;
    QString toString() const;
};

// POST /v1/buildUploads, GET /v1/buildUploads/{id}.
struct BuildUpload
{
    QString id;
    QString state; // AWAITING_UPLOAD, PROCESSING, FAILED, COMPLETE
    QList<StateDetail> errors;
    QList<StateDetail> warnings;
    QList<StateDetail> infos;
    QString buildId; // relationships.build, once Apple created the build
    QString shortVersion;
    QString bundleVersion;
    QString platform;
};
Result<BuildUpload> parseBuildUpload(const QByteArray& body);

// One part of a reserved file: send `method` to `url` with `headers` and the bytes [offset, offset+length).
struct UploadOperation
{
    QString method;
    QUrl url;
    qint64 offset = 0;
    qint64 length = 0;
    QList<QPair<QByteArray, QByteArray>> headers;
    QDateTime expiration;
    int partNumber = 0;
};

// POST /v1/buildUploadFiles, GET and PATCH /v1/buildUploadFiles/{id}.
struct BuildUploadFile
{
    QString id;
    QString state; // assetDeliveryState.state: AWAITING_UPLOAD, UPLOAD_COMPLETE, COMPLETE, FAILED
    QList<StateDetail> errors;
    QList<StateDetail> warnings;
    QList<UploadOperation> operations;
    qint64 fileSize = -1;
};
Result<BuildUploadFile> parseBuildUploadFile(const QByteArray& body);

// The operations must cover [0, fileSize) exactly once, without gaps, overlaps or bad URLs; a clear error otherwise
// (before any byte is sent).
Status checkOperations(const QList<UploadOperation>& operations, qint64 fileSize);

// --- Writing ---------------------------------------------------------------------------------------------

struct VersionAttributes
{
    QString versionString;
    QString copyright;
    QString releaseType; // MANUAL, AFTER_APPROVAL, SCHEDULED
    QString earliestReleaseDate; // ISO 8601 date-time, with SCHEDULED
};

// POST /v1/appStoreVersions.
QByteArray createAppStoreVersion(const QString& appId, const QString& platform, const VersionAttributes& attributes);
// PATCH /v1/appStoreVersions/{id}: only the non-empty attributes.
QByteArray updateAppStoreVersion(const QString& versionId, const VersionAttributes& attributes);
// PATCH /v1/appStoreVersions/{id}/relationships/build.
QByteArray buildLinkage(const QString& buildId);
// POST /v1/buildUploads.
QByteArray createBuildUpload(
    const QString& appId, const QString& shortVersion, const QString& bundleVersion, const QString& platform);
// POST /v1/buildUploadFiles (assetType ASSET).
QByteArray createBuildUploadFile(
    const QString& buildUploadId, const QString& fileName, qint64 fileSize, const QString& uti);
// PATCH /v1/buildUploadFiles/{id}: uploaded:true and, when known, the MD5 of the whole file (lowercase hex).
QByteArray commitBuildUploadFile(const QString& fileId, const QString& md5Hex);

// --- Errors and helpers ----------------------------------------------------------------------------------

// One element of `errors[]`.
struct ApiError
{
    QString status;
    QString code;
    QString title;
    QString detail;
    QString source; // source.pointer or source.parameter
};
// The errors[] of an ErrorResponse; empty when the body is not one.
QList<ApiError> parseErrors(const QByteArray& body);

// The structured error of a failed response: kind from the status (409 -> Conflict, 429 -> RateLimited, 401 -> Auth,
// ...), serverMessage from the errors' title/detail, details with codes and source pointers, and for 429 the
// X-Rate-Limit header's hourly budget.
Error errorFromResponse(int httpStatus, const QByteArray& body, const QByteArray& rateLimitHeader = {});

// "user-hour-lim:3600;user-hour-rem:0;" -> {limit, remaining}; -1 for missing values.
QPair<int, int> parseRateLimit(const QByteArray& header);

// Pacing from the X-Rate-Limit budget: 0 = send now (budget unknown or ample), > 0 = wait this many ms first
// (the last 2% of the hourly budget, at least 10 requests, is spread out, at most 30 s apart), -1 = the budget is
// used up (send nothing: it would only be a 429).
qint64 paceDelayMs(int limit, int remaining);

// PATCH /v1/builds/{id} {"data":{"type":"builds","id":...,"attributes":{"expired":true}}}: expires a build (the
// API has no DELETE for builds; BuildUpdateRequest in the App Store Connect OpenAPI).
QByteArray expireBuild(const QString& buildId);

// An appStoreVersionLocalization's id and locale (GET /v1/appStoreVersions/{id}/appStoreVersionLocalizations).
struct Localization
{
    QString id;
    QString locale;
    QString whatsNew;
};
Result<QList<Localization>> parseLocalizations(const QByteArray& body);
// PATCH /v1/appStoreVersionLocalizations/{id} {"data":{"type":"appStoreVersionLocalizations","id":...,
// "attributes":{"whatsNew":...}}} (AppStoreVersionLocalizationUpdateRequest).
QByteArray updateWhatsNew(const QString& localizationId, const QString& whatsNew);

// An earliestReleaseDate only means something with releaseType SCHEDULED (AppStoreVersionUpdateRequest): an empty
// release type becomes SCHEDULED, another one is a validation error naming both fields.
Status checkReleaseDate(VersionAttributes& attributes);

// Slipway's platform ("ios", "macos", "tvos", "visionos") -> Apple's Platform enum ("IOS", "MAC_OS", ...);
// an Apple value passes through; empty for anything else.
QString applePlatform(const QString& platform);
// The UTI of a build file by its name: com.apple.ipa for .ipa, com.apple.pkg for .pkg; empty otherwise.
QString utiForFile(const QString& fileName);

} // namespace Slipway::AscJson
