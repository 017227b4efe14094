#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QUrl>

namespace Slipway {

// What the network logs hide. HttpClient::isSensitiveHeader and the redact* functions are these.
namespace Redaction {

// A JSON key, form field or query parameter that names a secret (password, secret, token, key, ...).
bool isSecretKey(const QString& key);
// Authorization, cookies, CSRF headers and any header whose name says token, api key, secret or password; also
// every name in `alsoSensitive` (case-insensitive), such as the headers an HttpAuth sets.
bool isSensitiveHeader(const QByteArray& name, const QList<QByteArray>& alsoSensitive = {});
// The value as logged: "<redacted>" for a sensitive header, "Scheme <redacted>" for Authorization.
QByteArray header(const QByteArray& name, const QByteArray& value, const QList<QByteArray>& alsoSensitive = {});
// Replaces the values of secret-looking JSON keys / form fields.
QByteArray body(const QByteArray& body);
// Drops the userinfo and redacts secret-looking query values.
QString url(const QUrl& url);

} // namespace Redaction

} // namespace Slipway
