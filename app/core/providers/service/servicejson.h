#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>
#include <common/result.h>
#include <initializer_list>

// The JSON readers every service's wire format shares. Services answer numbers as strings and strings as
// numbers, dates as ISO text or epoch milliseconds; these read what is there and never throw.
namespace Slipway::ServiceJson {

// A string, a number (shortest exact text) or a bool as text; empty for null, objects and arrays.
QString text(const QJsonValue& value);
// The first non-empty text among `keys` of `object`.
QString firstText(const QJsonObject& object, std::initializer_list<const char*> keys);
// A whole number from a JSON number or a numeric string; `fallback` otherwise.
qint64 integer(const QJsonValue& value, qint64 fallback = -1);
// An ISO 8601 date (with or without milliseconds or zone) or epoch milliseconds; invalid otherwise.
QDateTime dateTime(const QJsonValue& value);
// An array of strings, a single string, or a comma-separated string, as a list without empty items.
QStringList stringList(const QJsonValue& value);
// The first 200 characters of a body on one line, for error details.
QString snippet(const QByteArray& body);
// A BadResponse error: "`service` answered with something Slipway cannot read: `why`." with the body's snippet.
Error badResponse(const QString& service, const QString& why, const QByteArray& body);
// The body as a JSON document, or a BadResponse error naming `what` ("the app list").
Result<QJsonDocument> parse(const QString& service, const QByteArray& body, const QString& what);
// The body as a JSON object, or a BadResponse error naming `what`.
Result<QJsonObject> parseObject(const QString& service, const QByteArray& body, const QString& what);
// For an HttpService::errorParser: takes over the service's own reading of a failed answer (`service`): its kind and
// message, its serverMessage when it has one, and its details in front of HttpClient's.
void adoptError(Error& error, const Error& service);

} // namespace Slipway::ServiceJson
