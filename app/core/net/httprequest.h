#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QUrl>
#include <QUrlQuery>
#include <common/error.h>
#include <functional>
#include <memory>
#include <net/httpauth.h>
#include <net/httpresponse.h>
#include <net/retrypolicy.h>

namespace Slipway {

// Adjusts an error from a non-2xx (or unreadable) response: sets serverMessage from the service's error
// format, may change the kind (a 400 that means "already exists" -> Conflict).
using ErrorParser = std::function<void(const HttpResponse& response, Error& error)>;

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

// Where a 2xx answer's body goes instead of memory (downloads): `begin` is called before the first bytes of each
// attempt's successful answer (a retry starts over), `write` with every chunk as it arrives. maxResponseBytes
// does not limit a sunk body. Whoever owns the sink checks its own writes and cancels the job when one fails.
struct ResponseSink
{
    std::function<void()> begin;
    std::function<void(const QByteArray& chunk)> write;
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
    QString serviceName; // the service's display name: used in user-facing messages
    QString what; // what the request is about, for messages ("the app", "the version")
    HttpAuth auth;
    ErrorParser errorParser;
    std::shared_ptr<RateLimiter> rateLimiter;
    RetryPolicy retry;
    HttpTimeouts timeouts;
    int maxRedirects = 10;
    qint64 maxResponseBytes = 64 * 1024 * 1024;
    std::shared_ptr<ResponseSink> sink; // set: a 2xx body is streamed there, not kept in HttpResponse::body

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

} // namespace Slipway
