#include "httptestserver.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryFile>
#include <algorithm>
#include <memory>

namespace Slipway::Test {

namespace {

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 204:
        return "No Content";
    case 301:
        return "Moved Permanently";
    case 302:
        return "Found";
    case 303:
        return "See Other";
    case 307:
        return "Temporary Redirect";
    case 308:
        return "Permanent Redirect";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 409:
        return "Conflict";
    case 422:
        return "Unprocessable Entity";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    default:
        return "Status";
    }
}

QByteArray headerValue(const TestHeaders& headers, const QByteArray& name)
{
    for (const auto& h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

QByteArray boundaryOf(const QByteArray& contentType)
{
    const qsizetype i = contentType.toLower().indexOf("boundary=");
    if (i < 0)
        return {};
    QByteArray b = contentType.mid(i + 9);
    const qsizetype semi = b.indexOf(';');
    if (semi >= 0)
        b.truncate(semi);
    b = b.trimmed();
    if (b.startsWith('"') && b.endsWith('"') && b.size() >= 2)
        b = b.mid(1, b.size() - 2);
    return b;
}

QByteArray dispositionParam(const QByteArray& disposition, const QByteArray& key)
{
    const QRegularExpression re(QStringLiteral("(?:^|;)\\s*%1=\"([^\"]*)\"").arg(QString::fromLatin1(key)),
        QRegularExpression::CaseInsensitiveOption);
    const auto m = re.match(QString::fromUtf8(disposition));
    if (m.hasMatch())
        return m.captured(1).toUtf8();
    const QRegularExpression bare(QStringLiteral("(?:^|;)\\s*%1=([^;\\s]*)").arg(QString::fromLatin1(key)),
        QRegularExpression::CaseInsensitiveOption);
    const auto b = bare.match(QString::fromUtf8(disposition));
    return b.hasMatch() ? b.captured(1).toUtf8() : QByteArray();
}

} // namespace

// ---------------------------------------------------------------------------------------------------------------

QByteArray RecordedRequest::header(const QByteArray& name) const
{
    return headerValue(headers, name);
}

bool RecordedRequest::hasHeader(const QByteArray& name) const
{
    for (const auto& h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QJsonObject RecordedRequest::json() const
{
    return QJsonDocument::fromJson(body).object();
}

const RecordedPart* RecordedRequest::part(const QByteArray& name) const
{
    for (const RecordedPart& p : parts) {
        if (p.name == name)
            return &p;
    }
    return nullptr;
}

HttpTestResponse HttpTestResponse::json(int status, const QJsonValue& value)
{
    QByteArray body;
    if (value.isObject())
        body = QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    else if (value.isArray())
        body = QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact);
    else
        body = QJsonDocument(QJsonArray {value}).toJson(QJsonDocument::Compact).mid(1).chopped(1);
    return json(status, body);
}

HttpTestResponse HttpTestResponse::json(int status, const QByteArray& rawJson)
{
    HttpTestResponse r;
    r.status = status;
    r.body = rawJson;
    r.headers.emplaceBack("Content-Type", "application/json; charset=utf-8");
    return r;
}

HttpTestResponse HttpTestResponse::html(int status, const QByteArray& html)
{
    HttpTestResponse r;
    r.status = status;
    r.body = html;
    r.headers.emplaceBack("Content-Type", "text/html; charset=utf-8");
    return r;
}

HttpTestResponse HttpTestResponse::text(int status, const QByteArray& text)
{
    HttpTestResponse r;
    r.status = status;
    r.body = text;
    r.headers.emplaceBack("Content-Type", "text/plain");
    return r;
}

HttpTestResponse HttpTestResponse::empty(int status)
{
    HttpTestResponse r;
    r.status = status;
    return r;
}

HttpTestResponse HttpTestResponse::redirect(int status, const QUrl& location)
{
    HttpTestResponse r;
    r.status = status;
    r.headers.emplaceBack("Location", location.toEncoded());
    return r;
}

HttpTestResponse HttpTestResponse::failure(Fault fault)
{
    HttpTestResponse r;
    r.fault = fault;
    if (fault == Fault::TruncatedBody) {
        r.body = QByteArray(
            R"({"data":[{"packageName":"com.example.truncated","title":"cut off here, the rest never comes"}]})");
        r.headers.emplaceBack("Content-Type", "application/json");
    }
    return r;
}

HttpTestResponse HttpTestResponse::dropAfter(int status, const QByteArray& body, int percent)
{
    HttpTestResponse r = json(status, body);
    r.fault = Fault::DropAfterPercent;
    r.percent = percent;
    return r;
}

HttpTestResponse HttpTestResponse::stallMidBody(int status, const QByteArray& body, int percent)
{
    HttpTestResponse r = dropAfter(status, body, percent);
    r.fault = Fault::StallMidBody;
    return r;
}

HttpTestResponse HttpTestResponse::garbage(int status)
{
    HttpTestResponse r;
    r.status = status;
    r.body = QByteArray(QByteArray::fromHex("00fffe") + "<<{{ not json ").repeated(40);
    r.headers.emplaceBack("Content-Type", "application/json");
    return r;
}

HttpTestResponse HttpTestResponse::rateLimited(int seconds)
{
    return json(429, QByteArray(R"({"message":"slow down"})")).withHeader("Retry-After", QByteArray::number(seconds));
}

HttpTestResponse HttpTestResponse::generated(int status, qint64 bytes, const QByteArray& prefix)
{
    HttpTestResponse r;
    r.status = status;
    r.body = prefix;
    r.generate = true;
    r.generatedBytes = bytes;
    r.headers.emplaceBack("Content-Type", "application/json");
    return r;
}

HttpTestResponse& HttpTestResponse::withHeader(const QByteArray& name, const QByteArray& value)
{
    headers.emplaceBack(name, value);
    return *this;
}

// ---------------------------------------------------------------------------------------------------------------

struct HttpTestServer::Connection
{
    QTcpSocket* socket = nullptr;
    int id = 0;
    QByteArray buffer;
    enum class State
    {
        Head,
        Body,
        Waiting,
        Closed
    } state
        = State::Head;
    RecordedRequest request;
    bool chunked = false;
    qint64 remaining = 0; // Content-Length left, or bytes left in the current chunk
    enum class ChunkState
    {
        Size,
        Data,
        DataEnd,
        Trailer
    } chunkState
        = ChunkState::Size;
    std::unique_ptr<QCryptographicHash> hash;
    std::unique_ptr<QTemporaryFile> spill; // multipart bodies above the store limit
    bool multipart = false;
    qint64 dropAfter = -1;
    qint64 holdAfter = -1;
    bool held = false;
    qint64 generateLeft = 0; // bytes of a generated body still to write; -1: endless
    bool generating = false;
};

HttpTestServer::HttpTestServer(QObject* parent)
    : QObject(parent)
    , m_server(new QTcpServer(this))
{
    qRegisterMetaType<Slipway::Test::RecordedRequest>();
    m_fallback
        = [](const RecordedRequest&) { return HttpTestResponse::json(404, QByteArray(R"({"message":"no route"})")); };
    connect(m_server, &QTcpServer::newConnection, this, &HttpTestServer::onNewConnection);
}

HttpTestServer::~HttpTestServer()
{
    for (Connection* c : std::as_const(m_connections)) {
        c->socket->disconnect(this);
        c->socket->abort();
        delete c;
    }
}

bool HttpTestServer::listen()
{
    return m_server->listen(QHostAddress::LocalHost, 0);
}

quint16 HttpTestServer::port() const
{
    return m_server->serverPort();
}

QUrl HttpTestServer::baseUrl() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port()));
}

QUrl HttpTestServer::url(const QString& path) const
{
    return QUrl(baseUrl().toString() + path);
}

void HttpTestServer::route(const QByteArray& method, const QString& pattern, Handler handler)
{
    m_routes.append({method.toUpper(), pattern, std::move(handler)});
}

void HttpTestServer::route(const QByteArray& method, const QString& pattern, const HttpTestResponse& response)
{
    route(method, pattern, [response](const RecordedRequest&) { return response; });
}

void HttpTestServer::setFallback(Handler handler)
{
    m_fallback = std::move(handler);
}

HttpTestServer::Handler HttpTestServer::sequence(const QList<HttpTestResponse>& responses)
{
    auto index = std::make_shared<int>(0);
    return [responses, index](const RecordedRequest&) {
        const int i = std::min<int>(*index, int(responses.size()) - 1);
        ++*index;
        return responses.at(i);
    };
}

void HttpTestServer::holdDuringBody(const QByteArray& method, const QString& pattern, qint64 afterBytes, int times)
{
    m_holds.append({method.toUpper(), pattern, afterBytes, times});
}

void HttpTestServer::releaseHeld()
{
    for (Connection* c : std::as_const(m_connections)) {
        if (!c->held)
            continue;
        c->held = false;
        c->holdAfter = -1;
        c->socket->setReadBufferSize(0);
        QMetaObject::invokeMethod(
            this,
            [this, socket = c->socket] {
                if (Connection* conn = m_connections.value(socket))
                    onReadyRead(conn);
            },
            Qt::QueuedConnection);
    }
}

void HttpTestServer::dropDuringBody(const QByteArray& method, const QString& pattern, qint64 afterBytes, int times)
{
    m_drops.append({method.toUpper(), pattern, afterBytes, times});
}

bool HttpTestServer::matches(const QString& pattern, const QString& path)
{
    const QStringList p = pattern.split(QLatin1Char('/'));
    const QStringList s = path.split(QLatin1Char('/'));
    for (qsizetype i = 0; i < p.size(); ++i) {
        if (p[i] == QLatin1String("**"))
            return true;
        if (i >= s.size())
            return false;
        if (p[i] == QLatin1String("*")) {
            if (s[i].isEmpty())
                return false;
            continue;
        }
        if (p[i] != s[i])
            return false;
    }
    return p.size() == s.size();
}

QList<RecordedRequest> HttpTestServer::requests(const QByteArray& method, const QString& pattern) const
{
    QList<RecordedRequest> out;
    for (const RecordedRequest& r : m_requests) {
        if ((method == "*" || r.method == method.toUpper()) && matches(pattern, r.path))
            out.append(r);
    }
    return out;
}

HttpTestServer::Handler HttpTestServer::handlerFor(const RecordedRequest& request) const
{
    for (qsizetype i = m_routes.size() - 1; i >= 0; --i) {
        const Route& r = m_routes[i];
        if ((r.method == "*" || r.method == request.method) && matches(r.pattern, request.path))
            return r.handler;
    }
    return m_fallback;
}

void HttpTestServer::onNewConnection()
{
    while (QTcpSocket* socket = m_server->nextPendingConnection()) {
        auto* c = new Connection;
        c->socket = socket;
        c->id = ++m_connectionCount;
        m_connections.insert(socket, c);
        connect(socket, &QTcpSocket::readyRead, this, [this, c] { onReadyRead(c); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            Connection* conn = m_connections.take(socket);
            if (conn) {
                if (conn->state == Connection::State::Body) {
                    // The client gave up mid-body: record what arrived.
                    conn->request.bodySha256 = conn->hash->result().toHex();
                    m_requests.append(conn->request);
                }
                delete conn;
            }
            socket->deleteLater();
        });
    }
}

void HttpTestServer::onReadyRead(Connection* c)
{
    if (c->state == Connection::State::Closed || c->held)
        return;
    c->buffer.append(c->socket->readAll());
    for (;;) {
        if (c->state == Connection::State::Head) {
            if (!processHead(c))
                return;
        }
        if (c->state == Connection::State::Body) {
            if (!consumeBody(c))
                return;
            finishRequest(c);
        }
        if (c->state != Connection::State::Head || c->buffer.isEmpty())
            return;
    }
}

bool HttpTestServer::processHead(Connection* c)
{
    if (c->buffer.startsWith('\x16')) {
        // A TLS ClientHello on this plain-HTTP port: answer like nginx does, so the client's handshake fails.
        c->socket->write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        c->state = Connection::State::Closed;
        c->socket->disconnectFromHost();
        return false;
    }
    const qsizetype end = c->buffer.indexOf("\r\n\r\n");
    if (end < 0) {
        if (c->buffer.size() > 256 * 1024) {
            c->socket->abort();
            c->state = Connection::State::Closed;
        }
        return false;
    }
    const QByteArray head = c->buffer.left(end);
    c->buffer.remove(0, end + 4);
    const QList<QByteArray> lines = head.split('\n');
    const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
    RecordedRequest r;
    r.connection = c->id;
    r.method = requestLine.value(0).toUpper();
    r.target = requestLine.value(1);
    const QUrl u = QUrl::fromEncoded("http://host" + r.target);
    r.path = u.path();
    r.query = QUrlQuery(u);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        r.headers.emplaceBack(line.left(colon).trimmed(), line.mid(colon + 1).trimmed());
    }
    c->request = r;
    c->chunked = r.header("transfer-encoding").toLower().contains("chunked");
    c->request.chunked = c->chunked;
    c->remaining = c->chunked ? 0 : r.header("content-length").toLongLong();
    c->chunkState = Connection::ChunkState::Size;
    c->hash = std::make_unique<QCryptographicHash>(QCryptographicHash::Sha256);
    c->spill.reset();
    c->multipart = r.header("content-type").toLower().startsWith("multipart/");
    c->dropAfter = -1;
    for (Drop& d : m_drops) {
        if (d.times != 0 && (d.method == "*" || d.method == r.method) && matches(d.pattern, r.path)) {
            c->dropAfter = d.afterBytes;
            if (d.times > 0)
                --d.times;
            break;
        }
    }
    c->holdAfter = -1;
    for (Drop& d : m_holds) {
        if (d.times != 0 && (d.method == "*" || d.method == r.method) && matches(d.pattern, r.path)) {
            c->holdAfter = d.afterBytes;
            if (d.times > 0)
                --d.times;
            break;
        }
    }
    if (r.header("expect").toLower() == "100-continue")
        c->socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    ++m_started;
    Q_EMIT requestStarted(c->request);
    c->state = Connection::State::Body;
    return true;
}

void HttpTestServer::feedBody(Connection* c, const char* data, qint64 size)
{
    if (size <= 0)
        return;
    if (c->dropAfter >= 0 && c->request.bodySize + size >= c->dropAfter) {
        const qint64 take = std::max<qint64>(0, c->dropAfter - c->request.bodySize);
        c->hash->addData(QByteArrayView(data, take));
        c->request.bodySize += take;
        c->request.bodySha256 = c->hash->result().toHex();
        m_requests.append(c->request);
        c->state = Connection::State::Closed;
        c->socket->abort();
        return;
    }
    c->hash->addData(QByteArrayView(data, size));
    const qint64 newSize = c->request.bodySize + size;
    if (c->spill) {
        c->spill->write(data, size);
    } else if (newSize <= m_storeLimit) {
        c->request.body.append(data, size);
    } else if (c->multipart) {
        c->spill = std::make_unique<QTemporaryFile>();
        if (c->spill->open()) {
            c->spill->write(c->request.body);
            c->spill->write(data, size);
        }
        c->request.body.clear();
    } else {
        c->request.body.clear();
    }
    c->request.bodySize = newSize;
    if (c->holdAfter >= 0 && !c->held && newSize >= c->holdAfter) {
        c->held = true;
        c->socket->setReadBufferSize(64 * 1024);
        Q_EMIT bodyHeld(c->request);
    }
}

bool HttpTestServer::consumeBody(Connection* c)
{
    if (!c->chunked) {
        const qint64 take = std::min<qint64>(c->remaining, c->buffer.size());
        feedBody(c, c->buffer.constData(), take);
        if (c->state == Connection::State::Closed)
            return false;
        c->buffer.remove(0, take);
        c->remaining -= take;
        return c->remaining == 0;
    }
    for (;;) {
        switch (c->chunkState) {
        case Connection::ChunkState::Size: {
            const qsizetype eol = c->buffer.indexOf("\r\n");
            if (eol < 0)
                return false;
            QByteArray sizeLine = c->buffer.left(eol);
            const qsizetype semi = sizeLine.indexOf(';');
            if (semi >= 0)
                sizeLine.truncate(semi);
            bool ok = false;
            c->remaining = sizeLine.trimmed().toLongLong(&ok, 16);
            c->buffer.remove(0, eol + 2);
            if (!ok) {
                c->socket->abort();
                c->state = Connection::State::Closed;
                return false;
            }
            c->chunkState = c->remaining == 0 ? Connection::ChunkState::Trailer : Connection::ChunkState::Data;
            break;
        }
        case Connection::ChunkState::Data: {
            const qint64 take = std::min<qint64>(c->remaining, c->buffer.size());
            feedBody(c, c->buffer.constData(), take);
            if (c->state == Connection::State::Closed)
                return false;
            c->buffer.remove(0, take);
            c->remaining -= take;
            if (c->remaining > 0)
                return false;
            c->chunkState = Connection::ChunkState::DataEnd;
            break;
        }
        case Connection::ChunkState::DataEnd:
            if (c->buffer.size() < 2)
                return false;
            c->buffer.remove(0, 2);
            c->chunkState = Connection::ChunkState::Size;
            break;
        case Connection::ChunkState::Trailer: {
            const qsizetype eol = c->buffer.indexOf("\r\n");
            if (eol < 0)
                return false;
            c->buffer.remove(0, eol + 2);
            if (eol == 0)
                return true;
            break;
        }
        }
    }
}

void HttpTestServer::finishRequest(Connection* c)
{
    RecordedRequest& r = c->request;
    r.bodySha256 = c->hash->result().toHex();
    if (c->multipart) {
        const QByteArray type = r.header("content-type");
        if (c->spill) {
            c->spill->flush();
            uchar* mapped = c->spill->map(0, c->spill->size());
            if (mapped) {
                const QByteArray view
                    = QByteArray::fromRawData(reinterpret_cast<const char*>(mapped), c->spill->size());
                r.parts = parseMultipart(view, type);
                c->spill->unmap(mapped);
            }
            c->spill.reset();
        } else {
            r.parts = parseMultipart(r.body, type);
        }
    }
    if (r.bodySize > m_storeLimit)
        r.body.clear();
    m_requests.append(r);
    Q_EMIT requestRecorded(r);

    const HttpTestResponse response = handlerFor(r)(r);
    const bool keepAlive = r.header("connection").toLower() != "close";
    c->state = Connection::State::Head;
    respond(c, response, keepAlive);
}

void HttpTestServer::respond(Connection* c, const HttpTestResponse& response, bool keepAlive)
{
    QTcpSocket* socket = c->socket;
    switch (response.fault) {
    case HttpTestResponse::Fault::DropConnection:
        c->state = Connection::State::Closed;
        socket->abort();
        return;
    case HttpTestResponse::Fault::NeverAnswer:
        c->state = Connection::State::Waiting;
        return;
    case HttpTestResponse::Fault::TruncatedBody:
    case HttpTestResponse::Fault::DropAfterPercent:
    case HttpTestResponse::Fault::StallMidBody:
    case HttpTestResponse::Fault::None:
        break;
    }
    if (response.generate) {
        QByteArray head = "HTTP/1.1 " + QByteArray::number(response.status) + ' ' + reasonPhrase(response.status)
            + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n";
        for (const auto& h : response.headers)
            head += h.first + ": " + h.second + "\r\n";
        head += "\r\n";
        if (!response.body.isEmpty())
            head += QByteArray::number(response.body.size(), 16) + "\r\n" + response.body + "\r\n";
        socket->write(head);
        c->state = Connection::State::Closed;
        c->generating = true;
        c->generateLeft
            = response.generatedBytes < 0 ? -1 : std::max<qint64>(0, response.generatedBytes - response.body.size());
        connect(socket, &QTcpSocket::bytesWritten, this, [this, socket] { pumpGenerated(socket); });
        pumpGenerated(socket);
        return;
    }
    const bool truncate = response.fault != HttpTestResponse::Fault::None;
    const int status = truncate && response.status == 0 ? 200 : response.status;
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    bool hasLength = false;
    for (const auto& h : response.headers) {
        if (h.first.compare("content-length", Qt::CaseInsensitive) == 0)
            hasLength = true;
        out += h.first + ": " + h.second + "\r\n";
    }
    if (!hasLength)
        out += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
    out += keepAlive && !truncate ? "Connection: keep-alive\r\n" : "Connection: close\r\n";
    out += "\r\n";
    if (truncate) {
        const int percent = response.fault == HttpTestResponse::Fault::TruncatedBody ? 50 : response.percent;
        out += response.body.left(response.body.size() * std::clamp(percent, 0, 100) / 100);
        socket->write(out);
        c->state = Connection::State::Closed;
        if (response.fault != HttpTestResponse::Fault::StallMidBody)
            socket->disconnectFromHost();
        return;
    }
    out += response.body;
    socket->write(out);
    if (!keepAlive) {
        c->state = Connection::State::Closed;
        socket->disconnectFromHost();
    }
}

// Writes the next chunks of a generated body while less than 1 MiB waits in the socket: the body is never held
// in memory, and a client that stops reading stops the server too.
void HttpTestServer::pumpGenerated(QTcpSocket* socket)
{
    Connection* c = m_connections.value(socket);
    if (!c || !c->generating)
        return;
    constexpr qint64 chunk = 256 * 1024;
    static const QByteArray filler(chunk, 'a');
    while (c->generateLeft != 0 && socket->bytesToWrite() < 1024 * 1024) {
        const qint64 n = c->generateLeft < 0 ? chunk : std::min(chunk, c->generateLeft);
        socket->write(QByteArray::number(n, 16) + "\r\n");
        socket->write(filler.constData(), n);
        socket->write("\r\n");
        if (c->generateLeft > 0)
            c->generateLeft -= n;
    }
    if (c->generateLeft == 0) {
        c->generating = false;
        socket->write("0\r\n\r\n");
        socket->disconnectFromHost();
    }
}

QList<RecordedPart> parseMultipart(const QByteArray& body, const QByteArray& contentType)
{
    QList<RecordedPart> parts;
    const QByteArray boundary = boundaryOf(contentType);
    if (boundary.isEmpty())
        return parts;
    const QByteArray delimiter = "--" + boundary;
    const QByteArray next = "\r\n" + delimiter;
    qsizetype pos = body.indexOf(delimiter);
    if (pos < 0)
        return parts;
    pos += delimiter.size();
    for (;;) {
        if (body.mid(pos, 2) == "--")
            break; // closing delimiter
        if (body.mid(pos, 2) != "\r\n")
            break;
        pos += 2;
        const qsizetype headEnd = body.indexOf("\r\n\r\n", pos);
        if (headEnd < 0)
            break;
        RecordedPart part;
        const QList<QByteArray> lines = body.mid(pos, headEnd - pos).split('\n');
        for (const QByteArray& raw : lines) {
            const QByteArray line = raw.trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon <= 0)
                continue;
            const QByteArray name = line.left(colon).trimmed().toLower();
            const QByteArray value = line.mid(colon + 1).trimmed();
            if (name == "content-disposition") {
                part.name = dispositionParam(value, "name");
                part.fileName = QString::fromUtf8(dispositionParam(value, "filename"));
            } else if (name == "content-type") {
                part.contentType = value;
            }
        }
        const qsizetype dataStart = headEnd + 4;
        const qsizetype dataEnd = body.indexOf(next, dataStart);
        if (dataEnd < 0)
            break;
        part.size = dataEnd - dataStart;
        part.sha256 = QCryptographicHash::hash(
            QByteArrayView(body.constData() + dataStart, part.size), QCryptographicHash::Sha256)
                          .toHex();
        if (part.size <= 64 * 1024)
            part.body = QByteArray(body.constData() + dataStart, part.size);
        parts.append(part);
        pos = dataEnd + next.size();
    }
    return parts;
}

} // namespace Slipway::Test
