#pragma once

// The network client. This header brings all of it: requests and responses, retry policy and rate limiting,
// auth, redaction, jobs and paging, and HttpClient and HttpService below.

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
#include <common/job.h>
#include <common/result.h>
#include <deque>
#include <functional>
#include <memory>
#include <net/httpauth.h>
#include <net/httpjob.h>
#include <net/httprequest.h>
#include <net/httpresponse.h>
#include <net/netlog.h>
#include <net/pagedjob.h>
#include <net/paging.h>
#include <net/redaction.h>
#include <net/retrypolicy.h>
#include <net/transferprogress.h>
#include <optional>

class QNetworkAccessManager;
class QThread;

namespace Slipway {

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

    // Redaction used by the logs (see Redaction); public so tests and other logs can use it.
    static bool isSensitiveHeader(const QByteArray& name) { return Redaction::isSensitiveHeader(name); }
    static QByteArray redactHeader(const QByteArray& name, const QByteArray& value)
    {
        return Redaction::header(name, value);
    }
    // Replaces the values of secret-looking JSON keys / form fields (password, secret, token, key, ...).
    static QByteArray redactBody(const QByteArray& body) { return Redaction::body(body); }
    // Drops the userinfo and redacts secret-looking query values.
    static QString redactUrl(const QUrl& url) { return Redaction::url(url); }

    // The error for an HTTP status without a parser: kind, and one sentence of what to do.
    static Error errorForStatus(int status, const QString& serviceName, const QString& what = {});
    // "The server answered with an HTML page instead of JSON — is the base URL right?" and friends.
    static QString describeUnexpectedBody(const HttpResponse& response)
    {
        return ResponseText::describeUnexpectedBody(response);
    }

private:
    QMutex m_mutex;
    QHash<QThread*, QNetworkAccessManager*> m_managers;
};

// A provider's settings for talking to one service: base URL, auth, error parser, limiter, retry and timeouts.
// request() builds a request carrying all of them.
struct HttpService
{
    QString name; // the service's display name
    QUrl baseUrl;
    HttpAuth auth;
    ErrorParser errorParser;
    std::shared_ptr<RateLimiter> rateLimiter;
    RetryPolicy retry;
    HttpTimeouts timeouts;
    HttpHeaders headers {{"Accept", "application/json"}};
    QUrlQuery query; // added to every request (e.g. an account or organization id)

    // `path` is resolved against baseUrl's path ("/v1/apps/" on "https://host/api" -> "https://host/api/v1/apps/");
    // an absolute URL is used as is.
    HttpRequest request(const QByteArray& method, const QString& path) const;
};

} // namespace Slipway
