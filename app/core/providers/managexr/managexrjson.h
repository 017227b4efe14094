#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <common/result.h>
#include <domain/types.h>

namespace Slipway {

struct HttpResponse;

// ManageXR's wire format (https://docs.managexr.com/api-reference), kept apart from the provider so it can be
// tested without a network. Success bodies are wrapped as {"data": ...}; errors are
// {"statusCode": number, "message": string, "error": "ManageXR Error"}.
namespace ManageXrJson {

// A self-hosted version to register (POST /v1/apps/{packageName}/versions, or POST /v1/apps/ with the app).
struct NewVersion
{
    QString packageName;
    QString title; // only for a new app (POST /v1/apps/)
    QString iconUrl; // only for a new app; optional
    qint64 versionCode = 0;
    QString versionName;
    QString versionLabel; // optional
    QString apkUrl;
    QString apkMd5; // lowercase hex; optional
    qint64 apkSize = -1;
    QString obbUrl; // optional, with obbMd5/obbSize
    QString obbMd5;
    qint64 obbSize = -1;
};

struct ReleaseChannel
{
    QString id;
    QString name;
    QString targetVersionId;
};

Result<QList<AppInfo>> parseApps(const QByteArray& body);
Result<AppInfo> parseApp(const QByteArray& body);
Result<QList<VersionInfo>> parseVersions(const QByteArray& body, const QString& packageName);
// The {data: AppVersionCreated} answer of both create calls.
Result<VersionInfo> parseCreatedVersion(const QByteArray& body, const QString& packageName);
Result<QList<ReleaseChannel>> parseReleaseChannels(const QByteArray& body);
VersionInfo versionFromJson(const QJsonObject& o, const QString& packageName);

// The request bodies. versionCode and sizes are JSON numbers (ManageXR rejects strings).
QJsonObject versionBody(const NewVersion& v);
QJsonObject appBody(const NewVersion& v);
QJsonObject releaseChannelBody(const QString& name, const QString& targetVersionId);

// The server's message from an error body ("message" may be a string or a list of strings), empty if none.
QString errorMessage(const QByteArray& body);
// The HttpClient error parser: fills serverMessage; a 400 saying a version already exists becomes Conflict.
void applyError(const HttpResponse& response, Error& error);

} // namespace ManageXrJson

} // namespace Slipway
