#pragma once

#include <QByteArray>
#include <QList>
#include <QLoggingCategory>
#include <net/httpresponse.h>

class QNetworkRequest;

namespace Slipway {

Q_DECLARE_LOGGING_CATEGORY(lcNet)

// The debug log of slipway.net: what is sent and what comes back, secrets redacted (see Redaction).
// `sensitive` names more headers to hide (those an HttpAuth sets).
namespace NetLog {

// The request line, the headers as sent and `body` (the in-memory body, if any).
void request(const QNetworkRequest& req, const QByteArray& method, int attempt, qint64 bodySize, const QByteArray& body,
    const QList<QByteArray>& sensitive);
// The status line, `error` (the transfer's error, if any), the headers and the start of the body.
void response(const HttpResponse& response, const QByteArray& method, const QUrl& url, qint64 elapsedMs,
    const QString& error, const QList<QByteArray>& sensitive);

} // namespace NetLog

} // namespace Slipway
