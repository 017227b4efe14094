#include "httpjob.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslError>
#include <QTimer>
#include <algorithm>
#include <limits>
#include <net/attemptfailure.h>
#include <net/httpclient.h>
#include <net/netlog.h>
#include <net/redaction.h>
#include <net/requestbody.h>
#include <utility>

namespace Slipway {

namespace {

bool sameOrigin(const QUrl& a, const QUrl& b)
{
    return a.scheme().compare(b.scheme(), Qt::CaseInsensitive) == 0
        && a.host().compare(b.host(), Qt::CaseInsensitive) == 0
        && a.port(a.scheme() == QLatin1String("https") ? 443 : 80)
        == b.port(b.scheme() == QLatin1String("https") ? 443 : 80);
}

// Headers arrived, then the connection broke: QNetworkReply's connection errors are 1..99.
bool isCutOff(const QNetworkReply& reply)
{
    const int error = int(reply.error());
    return error > 0 && error < 100;
}

// What Qt may buffer of an answer before Slipway reads it: the size cap is checked on every readyRead, and Qt
// never holds more than this on top (a fast chunked server cannot outrun the cap).
constexpr qint64 kReadBufferBytes = 1024 * 1024;

bool isRedirect(const HttpResponse& response)
{
    return response.status >= 300 && response.status < 400 && response.status != 304
        && !response.header("location").isEmpty();
}

} // namespace

HttpJob::HttpJob(HttpClient* client, HttpRequest request, QObject* parent)
    : ValueJob<HttpResponse>(parent)
    , m_client(client)
    , m_request(std::move(request))
{
    m_request.method = m_request.method.toUpper();
    m_currentUrl = m_request.effectiveUrl();
    m_currentMethod = m_request.method;
    m_deadline = new QTimer(this);
    m_deadline->setSingleShot(true);
    connect(m_deadline, &QTimer::timeout, this, &HttpJob::onDeadline);
    m_stall = new QTimer(this);
    connect(m_stall, &QTimer::timeout, this, &HttpJob::onStall);
    m_wait = new QTimer(this);
    m_wait->setSingleShot(true);
    m_wait->setTimerType(Qt::PreciseTimer);
}

HttpJob::~HttpJob()
{
    dropReply();
}

void HttpJob::start()
{
    m_progress.attempt = 1;
    setStatus(tr("Connecting to %1").arg(m_currentUrl.host()));
    sendAttempt();
}

// ---------------------------------------------------------------------------------------------------------------
// Sending an attempt

void HttpJob::sendAttempt()
{
    if (isCancelled() || waitForRateLimit())
        return;
    if (!m_client) {
        fail(Error(Error::Kind::Internal, tr("The network client is gone.")));
        return;
    }
    QNetworkRequest req = buildRequest();
    QNetworkAccessManager* nam = m_client->networkAccessManager();
    resetTransfer();
    const bool withBody = !m_dropBody;
    const RequestBody::Sent sent = RequestBody::send(
        *nam, req, m_currentMethod, m_request, withBody, m_request.retry.isIdempotent(m_currentMethod));
    if (!sent.reply) {
        fail(sent.error);
        return;
    }
    m_reply = sent.reply;
    m_progress.sendTotal = sent.bodySize;
    const bool inMemoryBody = withBody && m_request.multipart.isEmpty() && m_request.bodyFile.isEmpty();
    NetLog::request(req, m_currentMethod, m_progress.attempt, sent.bodySize,
        inMemoryBody ? m_request.body : QByteArray(), m_request.auth.sensitiveHeaders());
    watchReply(sent.bodySize);
}

// Waits for the rate limiter's next slot; true when the attempt is sent later.
bool HttpJob::waitForRateLimit()
{
    if (!m_request.rateLimiter)
        return false;
    const qint64 wait = m_request.rateLimiter->reserve();
    if (wait <= 0)
        return false;
    qCDebug(lcNet) << "rate limit: waiting" << wait << "ms before" << m_currentMethod << Redaction::url(m_currentUrl);
    m_wait->disconnect();
    connect(m_wait, &QTimer::timeout, this, [this] {
        auto limiter = std::move(m_request.rateLimiter);
        sendAttempt();
        m_request.rateLimiter = std::move(limiter);
    });
    m_wait->start(int(wait));
    return true;
}

// The request for the current URL. Auth and sensitive headers go only to the original request's origin.
QNetworkRequest HttpJob::buildRequest() const
{
    QNetworkRequest req(m_currentUrl);
    req.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    req.setHeader(QNetworkRequest::UserAgentHeader, HttpClient::userAgent());
    const bool authorized = sameOrigin(m_currentUrl, m_request.effectiveUrl());
    for (const auto& h : m_request.headers) {
        if (!authorized && isSensitiveHeader(h.first))
            continue;
        req.setRawHeader(h.first, h.second);
    }
    if (authorized)
        m_request.auth.apply(req);
    return req;
}

bool HttpJob::isSensitiveHeader(const QByteArray& name) const
{
    return Redaction::isSensitiveHeader(name, m_request.auth.sensitiveHeaders());
}

void HttpJob::resetTransfer()
{
    m_timedOut = TimeoutKind::None;
    m_progress.sent = 0;
    m_progress.received = 0;
    m_progress.receiveTotal = -1;
    m_progress.sendTotal = 0;
    m_tooLarge = false;
    m_sinkStarted = false;
    m_body.clear();
    m_meter.restart();
    m_attemptClock.start();
}

void HttpJob::watchReply(qint64 bodySize)
{
    m_reply->setReadBufferSize(kReadBufferBytes);
    connect(m_reply, &QNetworkReply::readyRead, this, &HttpJob::onReadyRead);
    connect(m_reply, &QNetworkReply::uploadProgress, this,
        [this](qint64 sent, qint64 total) { onBytes(sent, total, m_progress.received, m_progress.receiveTotal); });
    connect(m_reply, &QNetworkReply::downloadProgress, this,
        [this](qint64 received, qint64 total) { onBytes(m_progress.sent, m_progress.sendTotal, received, total); });
    connect(m_reply, &QNetworkReply::sslErrors, this, [this](const QList<QSslError>& errors) {
        QStringList texts;
        for (const QSslError& e : errors)
            texts << e.errorString();
        m_tlsErrors = texts.join(QStringLiteral("; "));
        qCWarning(lcNet).noquote() << "TLS errors from" << m_currentUrl.host() << ":" << m_tlsErrors;
    });
    connect(m_reply, &QNetworkReply::finished, this, &HttpJob::onReplyFinished);

    m_deadline->start(int(std::min<qint64>(m_request.timeouts.deadlineMs(bodySize), std::numeric_limits<int>::max())));
    m_lastActivity.start();
    m_stall->start(std::clamp(m_request.timeouts.stallMs / 4, 10, 1000));
    setStatus(
        bodySize > 0 ? tr("Uploading to %1").arg(m_currentUrl.host()) : tr("Waiting for %1").arg(m_currentUrl.host()));
}

// ---------------------------------------------------------------------------------------------------------------
// Progress and timeouts

// Reads the answer as it arrives and stops it at maxResponseBytes, whatever the server declared (or not).
void HttpJob::onReadyRead()
{
    if (!m_reply || m_tooLarge)
        return;
    const qint64 available = m_reply->bytesAvailable();
    if (available <= 0)
        return;
    if (sinkBody(*m_reply))
        return;
    if (m_body.size() + available > m_request.maxResponseBytes) {
        m_tooLarge = true;
        m_body = QByteArray();
        m_reply->abort();
        return;
    }
    m_body += m_reply->read(available);
    m_lastActivity.start();
}

// A 2xx answer of a request with a sink: its bytes go there as they arrive (a download to disk).
bool HttpJob::sinkBody(QNetworkReply& reply)
{
    if (!m_request.sink)
        return false;
    const int status = reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status < 200 || status > 299)
        return false;
    if (!m_sinkStarted) {
        m_sinkStarted = true;
        if (m_request.sink->begin)
            m_request.sink->begin();
    }
    // Only what arrived since the last readyRead (Qt's read buffer is bounded, see above): the body streams to the
    // sink chunk by chunk, never whole in memory.
    const QByteArray chunk = reply.readAll();
    if (!chunk.isEmpty() && m_request.sink->write)
        m_request.sink->write(chunk);
    m_lastActivity.start();
    return true;
}

void HttpJob::onBytes(qint64 sent, qint64 sendTotal, qint64 received, qint64 receiveTotal)
{
    if (sent == 0 && sendTotal == 0 && m_progress.sent > 0)
        sent = m_progress.sent; // Qt reports (0, 0) once the upload is over
    const qint64 before = m_progress.sent + m_progress.received;
    m_progress.sent = std::max(sent, m_progress.sent);
    if (sendTotal > 0)
        m_progress.sendTotal = sendTotal;
    m_progress.received = received;
    m_progress.receiveTotal = receiveTotal;
    if (m_progress.sent + received != before)
        m_lastActivity.start();
    if (received > m_request.maxResponseBytes && m_reply && !m_request.sink) {
        m_tooLarge = true;
        m_reply->abort();
        return;
    }
    if (m_meter.estimate(m_progress))
        reportTransfer();
}

void HttpJob::reportTransfer()
{
    if (m_progress.sendTotal > 0)
        reportProgress(m_progress.sent, m_progress.sendTotal);
    else
        reportProgress(m_progress.received, m_progress.receiveTotal);
    Q_EMIT transferProgressChanged(m_progress);
}

void HttpJob::onDeadline()
{
    if (!m_reply)
        return;
    m_timedOut = TimeoutKind::Deadline;
    m_reply->abort();
}

void HttpJob::onStall()
{
    if (!m_reply) {
        m_stall->stop();
        return;
    }
    if (m_lastActivity.elapsed() >= m_request.timeouts.stallMs) {
        m_timedOut = TimeoutKind::Stall;
        m_reply->abort();
    }
}

void HttpJob::abortReply()
{
    m_deadline->stop();
    m_stall->stop();
    m_wait->stop();
    dropReply();
}

// Detaches, aborts and deletes (later) the running reply, if any.
void HttpJob::dropReply()
{
    if (!m_reply)
        return;
    QNetworkReply* r = m_reply;
    m_reply = nullptr;
    r->disconnect(this);
    r->abort();
    r->deleteLater();
}

void HttpJob::onCancel()
{
    qCDebug(lcNet).noquote() << "cancelled" << m_currentMethod << Redaction::url(m_currentUrl);
    abortReply();
}

// ---------------------------------------------------------------------------------------------------------------
// What a finished attempt means

void HttpJob::onReplyFinished()
{
    QNetworkReply* reply = m_reply;
    if (!reply)
        return;
    m_reply = nullptr;
    m_deadline->stop();
    m_stall->stop();
    reply->deleteLater();
    if (isCancelled())
        return;

    const HttpResponse response = readResponse(*reply);
    NetLog::response(response, m_currentMethod, m_currentUrl, m_attemptClock.elapsed(),
        reply->error() != QNetworkReply::NoError ? reply->errorString() : QString(), m_request.auth.sensitiveHeaders());
    if (const std::optional<AttemptFailure> failure = transferFailure(*reply, response)) {
        handleFailure(*failure);
        return;
    }
    // Redirects are followed here, so the Authorization header is only ever sent to the original origin.
    if (isRedirect(response)) {
        follow(QUrl::fromEncoded(response.header("location")), response.status);
        return;
    }
    if (const std::optional<AttemptFailure> failure = answerFailure(*reply, response)) {
        setResult(response);
        handleFailure(*failure);
        return;
    }
    succeed(response);
}

HttpResponse HttpJob::readResponse(QNetworkReply& reply)
{
    HttpResponse response;
    response.status = reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    response.url = reply.url();
    response.headers = reply.rawHeaderPairs();
    if (sinkBody(reply)) {
        m_body = QByteArray();
        return response;
    }
    if (!m_tooLarge && m_body.size() + reply.bytesAvailable() > m_request.maxResponseBytes)
        m_tooLarge = true;
    if (!m_tooLarge) {
        m_body += reply.readAll();
        response.body = std::exchange(m_body, QByteArray());
    }
    m_body = QByteArray();
    return response;
}

// The request as this attempt sent it, for the messages of its failure.
Attempt HttpJob::currentAttempt() const
{
    return {.request = m_request,
        .method = m_currentMethod,
        .url = m_currentUrl,
        .elapsedMs = m_attemptClock.elapsed(),
        .sent = m_progress.sent,
        .received = m_progress.received};
}

// The transfer failed before any HTTP answer counts: too large, timed out, TLS, or no answer at all.
std::optional<AttemptFailure> HttpJob::transferFailure(const QNetworkReply& reply, const HttpResponse& response)
{
    if (m_tooLarge)
        return AttemptFailure::tooLarge(currentAttempt());
    if (m_timedOut != TimeoutKind::None)
        return AttemptFailure::timedOut(currentAttempt(), m_timedOut == TimeoutKind::Stall);
    if (!m_tlsErrors.isEmpty() || reply.error() == QNetworkReply::SslHandshakeFailedError)
        return AttemptFailure::tls(currentAttempt(), reply, std::exchange(m_tlsErrors, QString()));
    if (response.status == 0)
        return AttemptFailure::unreached(currentAttempt(), reply);
    return std::nullopt;
}

// The server answered: a cut-off body, a 2xx that is not what was expected, or an error status.
std::optional<AttemptFailure> HttpJob::answerFailure(const QNetworkReply& reply, const HttpResponse& response) const
{
    if (isCutOff(reply))
        return AttemptFailure::cutOff(currentAttempt(), reply, response);
    if (response.isSuccess()) {
        std::optional<AttemptFailure> failure = AttemptFailure::unexpectedBody(m_request, response);
        // A create answered 2xx, so the server probably stored it, but the answer is unreadable: like a dropped
        // connection, only a lookup can tell whether it is there.
        if (failure && m_request.retry.verify && !m_request.retry.isIdempotent(m_request.method)) {
            failure->ambiguous = true;
            failure->retryable = true;
        }
        return failure;
    }
    return AttemptFailure::status(currentAttempt(), response);
}

void HttpJob::follow(const QUrl& location, int status)
{
    const QUrl next = m_currentUrl.resolved(location);
    const QString svc = ResponseText::serviceOr(m_request.serviceName);
    if (++m_redirects > m_request.maxRedirects) {
        finishWith(Error(Error::Kind::BadResponse, tr("%1 redirected too many times — is the base URL right?").arg(svc),
            Redaction::url(next)));
        return;
    }
    if (m_currentUrl.scheme() == QLatin1String("https") && next.scheme() != QLatin1String("https")) {
        finishWith(Error(Error::Kind::Tls,
            tr("%1 redirected from a secure to an insecure address; Slipway does not follow that.").arg(svc),
            Redaction::url(next)));
        return;
    }
    if (status == 303 || ((status == 301 || status == 302) && m_currentMethod != "GET" && m_currentMethod != "HEAD")) {
        m_currentMethod = "GET";
        m_dropBody = true;
    }
    qCDebug(lcNet).noquote() << "redirect" << status << "to" << Redaction::url(next)
                             << (sameOrigin(next, m_request.effectiveUrl()) ? "(same origin)"
                                                                            : "(other origin: no credentials)");
    m_currentUrl = next;
    sendAttempt();
}

void HttpJob::succeed(const HttpResponse& response)
{
    qCInfo(lcNet).noquote() << m_currentMethod << Redaction::url(m_currentUrl) << "->" << response.status << "in"
                            << m_attemptClock.elapsed() << "ms";
    setResult(response);
    m_done = true;
    complete(response);
}

// ---------------------------------------------------------------------------------------------------------------
// Retrying or giving up

void HttpJob::handleFailure(const AttemptFailure& failure)
{
    const RetryPolicy& policy = m_request.retry;
    // A 429 says the server did not act on the request; other ambiguous failures of a create need a lookup.
    const bool needVerify
        = !policy.isIdempotent(m_request.method) && failure.ambiguous && failure.error.httpStatus != 429;
    if (!failure.retryable || m_progress.attempt >= policy.maxAttempts) {
        Error e = failure.error;
        if (failure.retryable && m_progress.attempt > 1)
            e.details += QStringLiteral(" (gave up after %1 attempts)").arg(m_progress.attempt);
        if (failure.stalled)
            e.message = AttemptFailure::stallMessage(m_request, m_progress.attempt);
        // Even without an attempt left, a create that may have gone through is looked up before reporting failure.
        if (failure.retryable && needVerify && policy.verify)
            verifyThenRetry(e, true);
        else
            finishWith(e);
        return;
    }
    if (needVerify && !policy.verify) {
        finishWith(failure.error);
        return;
    }
    if (failure.retryAfterMs > policy.maxRetryAfterMs) {
        Error e = failure.error;
        e.kind = Error::Kind::RateLimited;
        e.message = tr("%1 asks to wait %2 seconds before the next request: try again later.")
                        .arg(ResponseText::serviceOr(m_request.serviceName))
                        .arg((failure.retryAfterMs + 999) / 1000);
        finishWith(e);
        return;
    }
    scheduleRetry(failure.error,
        failure.retryAfterMs >= 0 ? failure.retryAfterMs : policy.backoffMs(m_progress.attempt), needVerify);
}

void HttpJob::scheduleRetry(const Error& error, qint64 delayMs, bool verifyFirst)
{
    qCInfo(lcNet).noquote() << "retrying" << m_request.method << Redaction::url(m_currentUrl) << "in" << delayMs
                            << "ms after:" << error.kindName() << error.details;
    Q_EMIT retrying(m_progress.attempt + 1, int(delayMs), error);
    setStatus(tr("Retrying in %1 s").arg((delayMs + 999) / 1000));
    m_wait->disconnect();
    connect(m_wait, &QTimer::timeout, this, [this, error, verifyFirst] {
        if (isCancelled() || m_done)
            return;
        if (verifyFirst)
            verifyThenRetry(error, false);
        else
            retryNow();
    });
    m_wait->start(int(delayMs));
}

// The next attempt starts over at the original URL and method.
void HttpJob::retryNow()
{
    ++m_progress.attempt;
    m_currentUrl = m_request.effectiveUrl();
    m_currentMethod = m_request.method;
    m_dropBody = false;
    m_redirects = 0;
    sendAttempt();
}

void HttpJob::verifyThenRetry(const Error& error, bool lastAttempt)
{
    m_verifying = true;
    m_verifyIsLast = lastAttempt;
    setStatus(tr("Checking whether the first attempt went through"));
    QPointer<HttpJob> self(this);
    m_request.retry.verify(error, [self, error](const VerifyOutcome& outcome) {
        if (self)
            self->onVerified(outcome, error);
    });
}

void HttpJob::onVerified(const VerifyOutcome& outcome, const Error& error)
{
    if (isCancelled() || m_done || !m_verifying)
        return;
    m_verifying = false;
    switch (outcome.state) {
    case VerifyOutcome::State::NotCreated:
        if (m_verifyIsLast) {
            qCInfo(lcNet) << "verify: not created, and no attempt left";
            finishWith(error);
            break;
        }
        qCInfo(lcNet) << "verify: not created, sending again";
        retryNow();
        break;
    case VerifyOutcome::State::Created:
        qCInfo(lcNet) << "verify: the first attempt did create it; not sending again";
        m_done = true;
        complete(outcome.existing);
        break;
    case VerifyOutcome::State::Unknown: {
        Error e = error;
        e.message = AttemptFailure::mayHaveGoneThrough(m_request);
        e.details += QStringLiteral("; the lookup of whether it arrived failed too");
        finishWith(e);
        break;
    }
    }
}

void HttpJob::finishWith(const Error& error)
{
    if (m_done)
        return;
    m_done = true;
    abortReply();
    qCWarning(lcNet).noquote() << "failed:" << error.kindName() << error.httpStatus << error.details;
    fail(error);
}

} // namespace Slipway
