#pragma once

#include <QByteArray>
#include <QString>
#include <QUrl>
#include <common/error.h>
#include <net/httprequest.h>
#include <net/httpresponse.h>
#include <optional>

class QNetworkReply;

namespace Slipway {

// One attempt of an HttpJob: the request, the method and URL it went to (after redirects) and how it went.
struct Attempt
{
    const HttpRequest& request;
    QByteArray method;
    QUrl url;
    qint64 elapsedMs = 0;
    qint64 sent = 0;
    qint64 received = 0;
};

// Why an attempt failed: the error for the user, whether the server may have acted on the request (ambiguous),
// whether sending it again can help (retryable) and how long the server asked to wait.
struct AttemptFailure
{
    Error error;
    bool ambiguous = false;
    bool retryable = false;
    qint64 retryAfterMs = -1; // Retry-After; -1: none
    bool stalled = false; // nothing moved for timeouts.stallMs

    // "45 s", "1 min 30 s".
    static QString duration(qint64 ms);
    // The stall sentence for `attempts` attempts of request, with the real total.
    static QString stallMessage(const HttpRequest& request, int attempts);
    // A create whose answer was lost and whose verify lookup failed too.
    static QString mayHaveGoneThrough(const HttpRequest& request);
    // The answer grew beyond request.maxResponseBytes.
    static AttemptFailure tooLarge(const Attempt& attempt);
    // The deadline passed, or nothing moved for timeouts.stallMs (`stalled`).
    static AttemptFailure timedOut(const Attempt& attempt, bool stalled);
    // The TLS handshake failed; `tlsErrors` are the certificate errors Qt reported, if any.
    static AttemptFailure tls(const Attempt& attempt, const QNetworkReply& reply, const QString& tlsErrors);
    // No HTTP answer at all: refused, unknown host, dropped connection, proxy trouble.
    static AttemptFailure unreached(const Attempt& attempt, const QNetworkReply& reply);
    // Headers arrived, then the connection broke.
    static AttemptFailure cutOff(const Attempt& attempt, const QNetworkReply& reply, const HttpResponse& response);
    // A 2xx whose non-empty body is not the JSON the request expects; none when the body is fine.
    static std::optional<AttemptFailure> unexpectedBody(const HttpRequest& request, const HttpResponse& response);
    // A non-2xx answer: errorForResponse(), retried on 429/502/503/504.
    static AttemptFailure status(const Attempt& attempt, const HttpResponse& response);
    // The error for a non-2xx answer: HttpClient::errorForStatus, the server's message, the request's parser.
    static Error errorForResponse(const Attempt& attempt, const HttpResponse& response);
};

} // namespace Slipway
