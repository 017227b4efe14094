#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QLoggingCategory>
#include <QMutex>
#include <QObject>
#include <QPair>
#include <QPointer>
#include <QSet>
#include <QUrl>
#include <QUrlQuery>
#include <common/result.h>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <common/job.h>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;
class QHttpMultiPart;
class QIODevice;
class QThread;
class QTimer;

namespace Slipway {

Q_DECLARE_LOGGING_CATEGORY(lcNet)

using HttpHeaders = QList<QPair<QByteArray, QByteArray>>;

// What came back from a server: the final status, headers and (small, API-sized) body.
struct HttpResponse
{
    int status = 0;
    QUrl url; // the final URL, after redirects
    HttpHeaders headers;
    QByteArray body;
    // true when the body is not the server's answer to this request but what a RetryPolicy::verify lookup found
    // after an ambiguous failure (the first attempt did create the resource).
    bool recovered = false;

    // Case-insensitive; the first value, empty when absent.
    QByteArray header(const QByteArray& name) const;
    bool isSuccess() const { return status >= 200 && status < 300; }
    // The body as JSON. A BadResponse error with a helpful message when it is HTML, empty or garbage.
    Result<QJsonDocument> json() const;
    Result<QJsonObject> jsonObject() const;
};

// What a RetryPolicy::verify lookup found out about a create request whose first attempt failed ambiguously.
struct VerifyOutcome
{
    enum class State
    {
        NotCreated, // the resource does not exist: sending the request again is safe
        Created, // the first attempt did create it: the job succeeds with `existing` (recovered = true)
        Unknown, // the lookup failed: the job fails with the original error
    };
    State state = State::Unknown;
    HttpResponse existing;

    static VerifyOutcome notCreated() { return {State::NotCreated, {}}; }
    static VerifyOutcome created(HttpResponse existing)
    {
        existing.recovered = true;
        return {State::Created, std::move(existing)};
    }
    static VerifyOutcome unknown() { return {State::Unknown, {}}; }
};

// When and how often a request is sent again.
//
// Idempotent requests (GET, HEAD, PUT, DELETE, OPTIONS by default) are retried on connection errors, timeouts,
// truncated answers, 502/503/504 and 429 (honouring Retry-After). Non-idempotent requests (POST, PATCH) are only
// retried when the server provably did not act on them (connection refused, host not found, 429), or when the
// caller installed verifyBeforeRetry(): then, after an ambiguous failure (dropped connection, timeout, 5xx), the
// callback looks the resource up and answers NotCreated (send again), Created (done) or Unknown (fail).
struct RetryPolicy
{
    enum class Idempotency
    {
        ByMethod,
        Idempotent,
        NotIdempotent
    };
    using VerifyDone = std::function<void(const VerifyOutcome&)>;
    // Called on the job's thread; must call `done` exactly once (asynchronously is fine).
    using Verify = std::function<void(const Error& failure, const VerifyDone& done)>;

    int maxAttempts = 4; // total attempts, the first one included; 1 = no retry
    int initialDelayMs = 1000; // backoff before the second attempt, doubled each time
    int maxDelayMs = 30000; // backoff cap
    double jitter = 0.3; // +/- this fraction of random spread on every backoff
    int maxRetryAfterMs = 120000; // a longer Retry-After fails at once as rate-limited
    Idempotency idempotency = Idempotency::ByMethod;
    Verify verify;

    static RetryPolicy noRetry()
    {
        RetryPolicy p;
        p.maxAttempts = 1;
        return p;
    }
    RetryPolicy& verifyBeforeRetry(Verify callback)
    {
        verify = std::move(callback);
        idempotency = Idempotency::NotIdempotent;
        return *this;
    }
    bool isIdempotent(const QByteArray& method) const;
    // The backoff before attempt number `attempt` + 1 (attempt >= 1), jitter included.
    int backoffMs(int attempt) const;
    // Parses Retry-After (delta seconds or an HTTP date); -1 when absent or unreadable.
    static qint64 retryAfterMs(const QByteArray& value, const QDateTime& now);
};

// Transfer limits. The whole-transfer deadline grows with the body size; the stall timeout fires when no byte
// moved (either direction) for stallMs.
struct HttpTimeouts
{
    int baseMs = 60000; // deadline for a request without a body
    qint64 minBytesPerSecond = 32 * 1024; // deadline += bodySize / minBytesPerSecond
    int stallMs = 60000; // no progress at all for this long = timeout
    qint64 deadlineMs(qint64 bodySize) const;
};

// How a service authenticates. Applied in exactly one place (HttpClient, on every attempt) and only to requests
// whose scheme+host+port equal the original request's: a redirect to another host never carries it.
class HttpAuth
{
public:
    using Apply = std::function<void(QNetworkRequest& request)>;

    HttpAuth() = default;
    static HttpAuth basic(const QString& user, const QByteArray& password);
    static HttpAuth bearer(const QByteArray& token);
    // A token computed per request (App Store Connect's short-lived JWT).
    static HttpAuth bearer(std::function<QByteArray()> tokenSource);
    // A custom header ("X-HockeyAppToken").
    static HttpAuth header(const QByteArray& name, const QByteArray& value);
    // Anything else (cookie + CSRF header). `sensitiveHeaders` are redacted from logs.
    static HttpAuth custom(Apply apply, const QList<QByteArray>& sensitiveHeaders = {});

    bool isSet() const { return bool(m_apply); }
    void apply(QNetworkRequest& request) const;
    const QList<QByteArray>& sensitiveHeaders() const { return m_sensitive; }

private:
    Apply m_apply;
    QList<QByteArray> m_sensitive;
};

// Adjusts an error from a non-2xx (or unreadable) response: sets serverMessage from the service's error
// format, may change the kind (a 400 that means "already exists" -> Conflict).
using ErrorParser = std::function<void(const HttpResponse& response, Error& error)>;

// A client-side limit of N requests per window, shared by every request of one provider (ManageXR: 10/s).
class RateLimiter
{
public:
    RateLimiter(int requests, int windowMs);
    // Reserves the next slot; returns how long to wait before sending (0 = now). Thread-safe.
    qint64 reserve();
    int requests() const { return m_requests; }
    int windowMs() const { return m_windowMs; }

private:
    int m_requests;
    int m_windowMs;
    QMutex m_mutex;
    QElapsedTimer m_clock;
    std::deque<qint64> m_slots; // start times (ms on m_clock) of the last `requests` reservations
};

// One part of a multipart/form-data body: a text field, or a file (region) streamed from disk.
struct MultipartPart
{
    QByteArray name;
    QByteArray value; // text fields
    QString filePath; // file parts: streamed, never read into memory
    QString fileName; // the filename= sent; defaults to the file's name
    QByteArray contentType; // defaults: none for fields, application/octet-stream for files
    qint64 offset = 0;
    qint64 length = -1; // -1: to the end of the file

    static MultipartPart field(const QByteArray& name, const QByteArray& value);
    static MultipartPart file(const QByteArray& name, const QString& path, const QString& fileName = {},
        const QByteArray& contentType = "application/octet-stream");
    bool isFile() const { return !filePath.isEmpty(); }
};

// One request. Build it directly or through HttpService::request(), which fills in auth, error parser, rate
// limiter, retry policy and timeouts of the service.
struct HttpRequest
{
    enum class Expect
    {
        Json,
        Any
    };

    QByteArray method = "GET";
    QUrl url;
    QUrlQuery query; // merged into url's query when sent
    HttpHeaders headers;

    // Body: at most one of these.
    QByteArray body; // small in-memory body (JSON, form)
    QString bodyFile; // a file region streamed from disk (raw PUT of a package or a part of it)
    qint64 bodyOffset = 0;
    qint64 bodyLength = -1; // -1: to the end of the file
    QList<MultipartPart> multipart;
    QByteArray contentType; // for body / bodyFile; multipart sets its own

    Expect expect = Expect::Json; // Json: a 2xx with a non-empty body that is not JSON is a BadResponse
    QString serviceName; // "ManageXR": used in user-facing messages
    QString what; // what the request is about, for messages ("the app", "the version")
    HttpAuth auth;
    ErrorParser errorParser;
    std::shared_ptr<RateLimiter> rateLimiter;
    RetryPolicy retry;
    HttpTimeouts timeouts;
    int maxRedirects = 10;
    qint64 maxResponseBytes = 64 * 1024 * 1024;

    HttpRequest() = default;
    HttpRequest(const QByteArray& m, const QUrl& u)
        : method(m)
        , url(u)
    { }

    HttpRequest& setHeader(const QByteArray& name, const QByteArray& value);
    HttpRequest& setJson(const QJsonDocument& json);
    HttpRequest& setJson(const QJsonObject& json) { return setJson(QJsonDocument(json)); }
    HttpRequest& setBodyFile(const QString& path, qint64 offset = 0, qint64 length = -1,
        const QByteArray& type = "application/octet-stream");
    HttpRequest& addPart(const MultipartPart& part);
    HttpRequest& addQuery(const QString& key, const QString& value);
    // The URL that is sent: url with query merged in.
    QUrl effectiveUrl() const;
    // Bytes of body that will be sent (file sizes included); -1 when unknown.
    qint64 bodySize() const;
};

// Transfer statistics of a running HttpJob.
struct TransferProgress
{
    qint64 sent = 0;
    qint64 sendTotal = 0; // 0: no body
    qint64 received = 0;
    qint64 receiveTotal = -1;
    double bytesPerSecond = 0; // smoothed over the last seconds, of the direction that is moving
    qint64 etaSeconds = -1; // -1: unknown
    int attempt = 1;
};

class HttpClient;

// One request with its retries. finished() once; result() holds the last response (also on failure, when the
// server answered). Job::progress(done, total) reports the upload (or, without a body, the download).
class HttpJob : public ValueJob<HttpResponse>
{
    Q_OBJECT

public:
    ~HttpJob() override;

    const HttpRequest& request() const { return m_request; }
    TransferProgress transferProgress() const { return m_progress; }
    int attempts() const { return m_progress.attempt; }

Q_SIGNALS:
    void transferProgressChanged(const Slipway::TransferProgress& progress);
    // A retry is scheduled after `delayMs` because of `reason`.
    void retrying(int attempt, int delayMs, const Slipway::Error& reason);

protected:
    void onCancel() override;

private:
    friend class HttpClient;
    HttpJob(HttpClient* client, HttpRequest request, QObject* parent);

    void start();
    void sendAttempt();
    void onReplyFinished();
    void onBytes(qint64 sent, qint64 sendTotal, qint64 received, qint64 receiveTotal);
    void onDeadline();
    void onStall();
    void handleFailure(const Error& error, bool ambiguous, bool retryable, qint64 retryAfterMs);
    void scheduleRetry(const Error& error, qint64 delayMs);
    void finishWith(const Error& error);
    void abortReply();
    Error errorForResponse(const HttpResponse& response) const;
    void follow(const QUrl& location, int status);

    QPointer<HttpClient> m_client;
    HttpRequest m_request;
    QUrl m_currentUrl;
    QByteArray m_currentMethod;
    bool m_dropBody = false; // after a 303 (or 301/302 on POST): the redirect is a GET without body
    int m_redirects = 0;
    QPointer<QNetworkReply> m_reply; // owned by the access manager, which may go first
    QHttpMultiPart* m_multipart = nullptr;
    QIODevice* m_bodyDevice = nullptr;
    QTimer* m_deadline = nullptr;
    QTimer* m_stall = nullptr;
    QTimer* m_wait = nullptr;
    enum class TimeoutKind
    {
        None,
        Deadline,
        Stall
    } m_timedOut
        = TimeoutKind::None;
    bool m_verifying = false;
    bool m_done = false;
    bool m_tooLarge = false;
    QString m_tlsErrors;
    QElapsedTimer m_lastActivity;
    TransferProgress m_progress;
    QElapsedTimer m_speedClock;
    qint64 m_speedBytes = 0;
    qint64 m_speedMark = 0;
    QElapsedTimer m_attemptClock;
};

// A page-following step: the request for the next page, or none at the end; an Error when the page is unreadable.
struct PageStep
{
    std::optional<HttpRequest> next;
    Error error;
};
using NextPage = std::function<PageStep(const HttpRequest& current, const HttpResponse& page, int pageIndex)>;

// Fetches every page. result() holds the responses in order.
class PagedJob : public ValueJob<QList<HttpResponse>>
{
    Q_OBJECT

public:
    ~PagedJob() override;

protected:
    void onCancel() override;

private:
    friend class HttpClient;
    PagedJob(HttpClient* client, const HttpRequest& first, NextPage next, int maxPages, QObject* parent);
    void fetch(const HttpRequest& request);

    QPointer<HttpClient> m_client;
    NextPage m_next;
    int m_maxPages;
    QList<HttpResponse> m_pages;
    QSet<QString> m_seen;
    QPointer<HttpJob> m_current;
};

// Ready-made NextPage logic.
namespace Paging {
// ?page=N (1-based) while `hasMore(response)` says so (HockeyApp, Applivery's hasNextPage).
NextPage pageNumber(const QString& parameter, std::function<bool(const HttpResponse&)> hasMore);
// Follows the URL at a JSON path such as {"links","next"} (App Store Connect); stops when absent or null.
NextPage jsonLink(const QStringList& path);
} // namespace Paging

// The one HTTP client. Owns one QNetworkAccessManager per thread (created on first use in that thread, deleted
// with the thread or the client), uses the system proxy, sends User-Agent: Slipway/<version>, never ignores TLS
// errors, and logs through slipway.net with secrets redacted.
class HttpClient : public QObject
{
    Q_OBJECT

public:
    explicit HttpClient(QObject* parent = nullptr);
    ~HttpClient() override;

    // Starts a request. The job is parented to `parent` (or to this client); delete it when done.
    HttpJob* send(const HttpRequest& request, QObject* parent = nullptr);
    // Follows pages until `next` returns none; fails with BadResponse after maxPages or when a page repeats.
    PagedJob* fetchAll(const HttpRequest& first, NextPage next, int maxPages = 1000, QObject* parent = nullptr);

    // The access manager of the calling thread.
    QNetworkAccessManager* networkAccessManager();

    static QByteArray userAgent();

    // Redaction used by the logs; public so tests and other logs can use it.
    static bool isSensitiveHeader(const QByteArray& name);
    static QByteArray redactHeader(const QByteArray& name, const QByteArray& value);
    // Replaces the values of secret-looking JSON keys / form fields (password, secret, token, key, ...).
    static QByteArray redactBody(const QByteArray& body);
    // Drops the userinfo and redacts secret-looking query values.
    static QString redactUrl(const QUrl& url);

    // The error for an HTTP status without a parser: kind, and one sentence of what to do.
    static Error errorForStatus(int status, const QString& serviceName, const QString& what = {});
    // "The server answered with an HTML page instead of JSON — is the base URL right?" and friends.
    static QString describeUnexpectedBody(const HttpResponse& response);

private:
    QMutex m_mutex;
    QHash<QThread*, QNetworkAccessManager*> m_managers;
};

// A provider's settings for talking to one service: base URL, auth, error parser, limiter, retry and timeouts.
// request() builds a request carrying all of them.
struct HttpService
{
    QString name; // "ManageXR"
    QUrl baseUrl;
    HttpAuth auth;
    ErrorParser errorParser;
    std::shared_ptr<RateLimiter> rateLimiter;
    RetryPolicy retry;
    HttpTimeouts timeouts;
    HttpHeaders headers {{"Accept", "application/json"}};
    QUrlQuery query; // added to every request (ManageXR organizationId)

    // `path` is resolved against baseUrl's path ("/v1/apps/" on "https://host/api" -> "https://host/api/v1/apps/");
    // an absolute URL is used as is.
    HttpRequest request(const QByteArray& method, const QString& path) const;
};

} // namespace Slipway

Q_DECLARE_METATYPE(Slipway::TransferProgress)
