#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QObject>
#include <QPair>
#include <QString>
#include <QUrl>
#include <QUrlQuery>
#include <functional>

class QTcpServer;
class QTcpSocket;

namespace Slipway::Test {

using TestHeaders = QList<QPair<QByteArray, QByteArray>>;

// One part of a multipart/form-data request as the server received it.
struct RecordedPart
{
    QByteArray name;
    QString fileName; // empty for plain fields
    QByteArray contentType;
    QByteArray sha256; // hex
    qint64 size = 0;
    QByteArray body; // the content when it is at most 64 KiB (fields, small files); empty otherwise
};

// One request as the server received it.
struct RecordedRequest
{
    QByteArray method;
    QString path; // decoded path without the query
    QUrlQuery query;
    QByteArray target; // the raw request target ("/v1/apps/?organizationId=x")
    TestHeaders headers;
    QByteArray body; // kept when bodySize <= the server's store limit; empty otherwise
    QByteArray bodySha256; // hex, always
    qint64 bodySize = 0;
    bool chunked = false;
    QList<RecordedPart> parts; // parsed when the body is multipart/form-data
    int connection = 0; // 1-based id of the TCP connection it arrived on

    QByteArray header(const QByteArray& name) const; // case-insensitive
    bool hasHeader(const QByteArray& name) const;
    QJsonObject json() const; // the body as a JSON object (empty when it is not one)
    const RecordedPart* part(const QByteArray& name) const;
};

// What a route answers.
struct HttpTestResponse
{
    enum class Fault
    {
        None,
        DropConnection, // read the request, then close the socket without answering
        NeverAnswer, // read the request, keep the socket open, never answer
        TruncatedBody, // send headers with the full Content-Length, half the body, then close
        DropAfterPercent, // send headers with the full Content-Length, `percent` % of the body, then close
        StallMidBody, // send headers with the full Content-Length, `percent` % of the body, then nothing more
    };

    int status = 200;
    TestHeaders headers;
    QByteArray body;
    Fault fault = Fault::None;
    int percent = 50; // DropAfterPercent, StallMidBody
    // A chunked body generated while the socket drains (never held in memory): `body` first, then filler up to
    // `generatedBytes` in total (-1: endless); then the connection closes. Set by generated().
    bool generate = false;
    qint64 generatedBytes = -1;

    static HttpTestResponse json(int status, const QJsonValue& value);
    static HttpTestResponse json(int status, const QByteArray& rawJson);
    static HttpTestResponse html(int status, const QByteArray& html);
    static HttpTestResponse text(int status, const QByteArray& text);
    static HttpTestResponse empty(int status = 200);
    static HttpTestResponse redirect(int status, const QUrl& location);
    static HttpTestResponse failure(Fault fault);
    // `body` with the full Content-Length, of which only `percent` % is sent before the connection closes
    // (201-then-drop: the server stored the resource, the answer never arrives whole).
    static HttpTestResponse dropAfter(int status, const QByteArray& body, int percent);
    // Like dropAfter(), but the socket stays open and silent after `percent` % of the body (a mid-body stall).
    static HttpTestResponse stallMidBody(int status, const QByteArray& body, int percent);
    // A complete answer whose body is binary garbage labelled as JSON.
    static HttpTestResponse garbage(int status);
    // 429 Too Many Requests with Retry-After: `seconds`.
    static HttpTestResponse rateLimited(int seconds);
    // A chunked answer of `bytes` bytes (-1: endless) starting with `prefix`, generated as the client reads it.
    static HttpTestResponse generated(int status, qint64 bytes, const QByteArray& prefix = {});
    HttpTestResponse& withHeader(const QByteArray& name, const QByteArray& value);
};

// A loopback HTTP/1.1 server for tests: QTcpServer on 127.0.0.1:<random port>. Handles Content-Length and chunked
// request bodies and keep-alive; hashes every body while it streams in (large bodies are never kept in memory;
// multipart bodies above the store limit spill to a temporary file and are parsed from there); records every
// request; answers from route handlers; can inject faults: a dropped or never answered request, a body cut off or
// stalled after N %, garbage, 429 with Retry-After, HTML error pages (html()), and chunked bodies of any size
// generated on the fly (generated(); endless or huge pages are a handler that answers them page after page).
//
//     HttpTestServer server;
//     QVERIFY(server.listen());
//     server.route("GET", "/v1/apps/", [](const RecordedRequest&) { return HttpTestResponse::json(200, ...); });
//     server.route("POST", "/v1/apps/*/versions", HttpTestServer::sequence({HttpTestResponse::empty(503), ok}));
//     ... server.url("/v1/apps/") ... server.requests() ...
class HttpTestServer : public QObject
{
    Q_OBJECT

public:
    using Handler = std::function<HttpTestResponse(const RecordedRequest& request)>;

    explicit HttpTestServer(QObject* parent = nullptr);
    ~HttpTestServer() override;

    bool listen();
    quint16 port() const;
    QUrl baseUrl() const; // http://127.0.0.1:<port>
    QUrl url(const QString& path) const; // baseUrl + path (path may hold a query)

    // `method` "*" matches any method; in `pattern` a "*" matches one path segment, a trailing "**" the rest.
    // Later routes win over earlier ones for the same request.
    void route(const QByteArray& method, const QString& pattern, Handler handler);
    void route(const QByteArray& method, const QString& pattern, const HttpTestResponse& response);
    // For requests no route matches (default: 404 JSON {"message":"no route"}).
    void setFallback(Handler handler);
    // Answers the responses in order, then repeats the last one (503-then-success, 429-then-success).
    static Handler sequence(const QList<HttpTestResponse>& responses);

    // Closes the connection after `afterBytes` bytes of the body of the next `times` matching requests arrived
    // (a connection dropped mid-upload). The request is still recorded, with the bytes that arrived.
    void dropDuringBody(const QByteArray& method, const QString& pattern, qint64 afterBytes, int times = 1);

    // Stops reading the body of the next `times` matching requests once `afterBytes` of it arrived (TCP
    // back-pressure then stalls the sender: a server that reads slowly), and emits bodyHeld(). releaseHeld()
    // reads on. A client killed meanwhile leaves the request unrecorded.
    void holdDuringBody(const QByteArray& method, const QString& pattern, qint64 afterBytes, int times = 1);
    void releaseHeld();

    // Bodies up to this size are kept in RecordedRequest::body (default 1 MiB); larger ones are only hashed.
    void setStoreLimit(qint64 bytes) { m_storeLimit = bytes; }

    QList<RecordedRequest> requests() const { return m_requests; }
    QList<RecordedRequest> requests(const QByteArray& method, const QString& pattern) const;
    int count(const QByteArray& method, const QString& pattern) const { return int(requests(method, pattern).size()); }
    RecordedRequest last() const { return m_requests.isEmpty() ? RecordedRequest() : m_requests.last(); }
    void clearRequests() { m_requests.clear(); }
    int connectionCount() const { return m_connectionCount; }
    // Requests whose headers arrived but whose body is still streaming or that were dropped.
    int startedCount() const { return m_started; }

    static bool matches(const QString& pattern, const QString& path);

Q_SIGNALS:
    void requestRecorded(const Slipway::Test::RecordedRequest& request);
    // The head of a request arrived (its body, if any, is still to come).
    void requestStarted(const Slipway::Test::RecordedRequest& request);
    // holdDuringBody() stopped reading this request (bodySize: the bytes read so far).
    void bodyHeld(const Slipway::Test::RecordedRequest& request);

private:
    struct Route
    {
        QByteArray method;
        QString pattern;
        Handler handler;
    };
    struct Drop
    {
        QByteArray method;
        QString pattern;
        qint64 afterBytes;
        int times;
    };
    struct Connection;

    void onNewConnection();
    void onReadyRead(Connection* c);
    bool processHead(Connection* c);
    bool consumeBody(Connection* c);
    void feedBody(Connection* c, const char* data, qint64 size);
    void finishRequest(Connection* c);
    void respond(Connection* c, const HttpTestResponse& response, bool keepAlive);
    Handler handlerFor(const RecordedRequest& request) const;
    void pumpGenerated(QTcpSocket* socket);

    QTcpServer* m_server = nullptr;
    QList<Route> m_routes;
    QList<Drop> m_drops;
    QList<Drop> m_holds;
    Handler m_fallback;
    QList<RecordedRequest> m_requests;
    QHash<QTcpSocket*, Connection*> m_connections;
    qint64 m_storeLimit = 1024 * 1024;
    int m_connectionCount = 0;
    int m_started = 0;
};

// Parses a multipart/form-data body held in memory (or mapped from a file).
QList<RecordedPart> parseMultipart(const QByteArray& body, const QByteArray& contentType);

} // namespace Slipway::Test

Q_DECLARE_METATYPE(Slipway::Test::RecordedRequest)
