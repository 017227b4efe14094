#include "attemptfailure.h"

#include <QCoreApplication>
#include <QNetworkReply>
#include <algorithm>
#include <net/httpclient.h>
#include <net/redaction.h>

namespace Slipway {

namespace {

// What a request that got no HTTP answer may have done: reached the server or not, worth sending again or not.
AttemptFailure classifyTransportError(QNetworkReply::NetworkError error, const Error& e)
{
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
    case QNetworkReply::HostNotFoundError:
    case QNetworkReply::ProxyConnectionRefusedError:
    case QNetworkReply::ProxyNotFoundError:
        return {.error = e, .ambiguous = false, .retryable = true}; // nothing reached the server
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::TimeoutError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::UnknownNetworkError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyTimeoutError:
    case QNetworkReply::OperationCanceledError:
    case QNetworkReply::ContentReSendError: // the connection dropped and Qt may not resend on its own
        return {.error = e, .ambiguous = true, .retryable = true};
    default:
        return {.error = e, .ambiguous = true, .retryable = false};
    }
}

// An HTML error page is usually a wrong base URL, not the service's own verdict (except for these statuses).
bool htmlPageMeansWrongUrl(int status)
{
    return status >= 300 && status < 500 && status != 429 && status != 401 && status != 403;
}

} // namespace

AttemptFailure AttemptFailure::tooLarge(const Attempt& attempt)
{
    return {.error = Error(Error::Kind::BadResponse,
                QCoreApplication::translate("Slipway::HttpJob",
                    "%1 answered with more than %2 MB, more than Slipway accepts for one answer, and was stopped — "
                    "is the base URL right?")
                    .arg(ResponseText::serviceOr(attempt.request.serviceName))
                    .arg(attempt.request.maxResponseBytes / (1024 * 1024)),
                Redaction::url(attempt.url))};
}

QString AttemptFailure::duration(qint64 ms)
{
    if (ms < 1000)
        return QCoreApplication::translate("Slipway::HttpJob", "%1 ms").arg(std::max<qint64>(0, ms));
    const qint64 s = (ms + 999) / 1000;
    if (s < 60)
        return QCoreApplication::translate("Slipway::HttpJob", "%1 s").arg(s);
    if (s % 60 == 0)
        return QCoreApplication::translate("Slipway::HttpJob", "%1 min").arg(s / 60);
    return QCoreApplication::translate("Slipway::HttpJob", "%1 min %2 s").arg(s / 60).arg(s % 60);
}

QString AttemptFailure::stallMessage(const HttpRequest& request, int attempts)
{
    const QString svc = ResponseText::serviceOr(request.serviceName);
    if (attempts <= 1) {
        return QCoreApplication::translate(
            "Slipway::HttpJob", "%1 stopped responding: no data moved for %2. Check your connection and try again.")
            .arg(svc, duration(request.timeouts.stallMs));
    }
    return QCoreApplication::translate("Slipway::HttpJob",
        "%1 stopped responding: no data moved for %2 on %3 attempts (%4). Check your connection and try "
        "again.")
        .arg(svc, duration(request.timeouts.stallMs), QString::number(attempts),
            duration(qint64(request.timeouts.stallMs) * attempts));
}

QString AttemptFailure::mayHaveGoneThrough(const HttpRequest& request)
{
    return QCoreApplication::translate("Slipway::HttpJob",
        "The answer from %1 was lost, and Slipway could not check whether the upload arrived: it may have "
        "gone through. Check %1 before publishing again.")
        .arg(ResponseText::serviceOr(request.serviceName));
}

AttemptFailure AttemptFailure::timedOut(const Attempt& attempt, bool stalled)
{
    const QString svc = ResponseText::serviceOr(attempt.request.serviceName);
    const QString message = stalled
        ? stallMessage(attempt.request, 1)
        : QCoreApplication::translate("Slipway::HttpJob",
            "The transfer to %1 took too long and was stopped. Check your connection and try again.")
              .arg(svc);
    // One arg() call: a URL holding %2F must not be taken for a placeholder by a later call.
    const QString details
        = QStringLiteral("%1 %2 after %3 ms (%4 sent, %5 received)")
              .arg(QString::fromLatin1(attempt.method), Redaction::url(attempt.url), QString::number(attempt.elapsedMs),
                  QString::number(attempt.sent), QString::number(attempt.received));
    return {.error = Error(Error::Kind::Timeout, message, details),
        .ambiguous = true,
        .retryable = true,
        .stalled = stalled};
}

AttemptFailure AttemptFailure::tls(const Attempt& attempt, const QNetworkReply& reply, const QString& tlsErrors)
{
    return {.error = Error(Error::Kind::Tls,
                QCoreApplication::translate("Slipway::HttpJob",
                    "The secure connection to %1 failed (%2). Check the system date and the server's certificate; "
                    "Slipway never ignores certificate errors.")
                    .arg(attempt.url.host(), tlsErrors.isEmpty() ? reply.errorString() : tlsErrors),
                reply.errorString())};
}

AttemptFailure AttemptFailure::unreached(const Attempt& attempt, const QNetworkReply& reply)
{
    const QString reason = reply.errorString();
    Error e(Error::Kind::Network,
        QCoreApplication::translate("Slipway::HttpJob",
            "Could not reach %1 (%2). Check your internet connection, VPN or proxy settings and try again.")
            .arg(attempt.url.host(), reason),
        QStringLiteral("%1 %2: %3 (QNetworkReply error %4)")
            .arg(QString::fromLatin1(attempt.method), Redaction::url(attempt.url), reason,
                QString::number(int(reply.error()))));
    if (reply.error() == QNetworkReply::ProxyAuthenticationRequiredError) {
        e.kind = Error::Kind::Auth;
        e.message = QCoreApplication::translate(
            "Slipway::HttpJob", "The proxy asks for credentials: configure them in the system proxy settings.");
    }
    return classifyTransportError(reply.error(), e);
}

AttemptFailure AttemptFailure::cutOff(const Attempt& attempt, const QNetworkReply& reply, const HttpResponse& response)
{
    Error e(Error::Kind::BadResponse,
        QCoreApplication::translate("Slipway::HttpJob",
            "The answer from %1 was cut off before it was complete (%2). Try again; if it keeps happening, "
            "check your connection or proxy.")
            .arg(ResponseText::serviceOr(attempt.request.serviceName), reply.errorString()),
        QStringLiteral("HTTP %1 from %2 %3, %4 bytes then: %5")
            .arg(QString::number(response.status), QString::fromLatin1(attempt.method), Redaction::url(attempt.url),
                QString::number(response.body.size()), reply.errorString()));
    e.httpStatus = response.status;
    return {.error = e, .ambiguous = true, .retryable = true};
}

std::optional<AttemptFailure> AttemptFailure::unexpectedBody(const HttpRequest& request, const HttpResponse& response)
{
    if (request.expect != HttpRequest::Expect::Json || response.body.trimmed().isEmpty())
        return std::nullopt;
    const Result<QJsonDocument> json = response.json();
    if (json)
        return std::nullopt;
    Error e = json.error();
    e.message = ResponseText::describeUnexpectedBody(response);
    if (ResponseText::looksLikeHtml(response))
        e.serverMessage = ResponseText::htmlTitle(response.body);
    return AttemptFailure {.error = e};
}

AttemptFailure AttemptFailure::status(const Attempt& attempt, const HttpResponse& response)
{
    const int s = response.status;
    return {.error = errorForResponse(attempt, response),
        .ambiguous = s >= 500,
        .retryable = s == 429 || s == 502 || s == 503 || s == 504,
        .retryAfterMs = RetryPolicy::retryAfterMs(response.header("retry-after"), QDateTime::currentDateTimeUtc())};
}

Error AttemptFailure::errorForResponse(const Attempt& attempt, const HttpResponse& response)
{
    const HttpRequest& request = attempt.request;
    Error e = HttpClient::errorForStatus(response.status, request.serviceName, request.what);
    e.details
        = QStringLiteral("HTTP %1 from %2 %3")
              .arg(QString::number(response.status), QString::fromLatin1(attempt.method), Redaction::url(attempt.url));
    if (ResponseText::looksLikeHtml(response)) {
        e.serverMessage = ResponseText::htmlTitle(response.body);
        e.details += QStringLiteral(" — ") + ResponseText::describeUnexpectedBody(response);
        if (htmlPageMeansWrongUrl(response.status)) {
            e.message = ResponseText::describeUnexpectedBody(response);
            if (e.kind != Error::Kind::NotFound)
                e.kind = Error::Kind::BadResponse;
        }
    } else {
        e.serverMessage = ResponseText::serverMessage(response);
    }
    if (request.errorParser)
        request.errorParser(response, e);
    return e;
}

} // namespace Slipway
