// File uploads through libcurl (app/core/net/curlreply.h) behind HttpJob, against a loopback server written here
// from the documents, not from the client: HTTP/1.1 message syntax and framing per RFC 9112 (sections 2.1, 3, 5,
// 6.3), multipart/form-data per RFC 7578 on the multipart syntax of RFC 2046 section 5.1.1.
#include <QCryptographicHash>
#include <QFile>
#include <QHttpMultiPart>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <functional>
#include <net/httpclient.h>

using namespace Slipway;

namespace {

// One request as it arrived.
struct Received
{
    QByteArray method, target, version;
    QList<QPair<QByteArray, QByteArray>> fields;
    QByteArray body; // what arrived of it
    qint64 contentLength = -1;
    bool complete = false; // the whole body arrived

    QByteArray field(const QByteArray& name) const
    {
        for (const auto& f : fields) {
            if (f.first.compare(name, Qt::CaseInsensitive) == 0)
                return f.second;
        }
        return {};
    }
    bool hasField(const QByteArray& name) const
    {
        return std::any_of(fields.begin(), fields.end(),
            [&name](const auto& f) { return f.first.compare(name, Qt::CaseInsensitive) == 0; });
    }
};

struct Answer
{
    int status = 200;
    QByteArray reason = "OK";
    QList<QPair<QByteArray, QByteArray>> fields;
    QByteArray body;
    qint64 sendOnly = -1; // >= 0: only this much of the body is sent before the connection closes
    QByteArray interim; // sent before the final answer (1xx responses, RFC 9110 section 15.2)
};

// A one-request-per-connection HTTP/1.1 origin server (RFC 9112). It reads the request line and the field lines up
// to the empty line (section 2.1), frames the body by Content-Length (section 6.3: a request without
// Content-Length or Transfer-Encoding has no body; this server records a Transfer-Encoding but does not decode
// it, since the client must not send one), answers with Content-Length and "Connection: close" (section 9.6).
// Faults: close the connection after N body bytes, or stop reading after N body bytes (the socket's read buffer is
// capped, so TCP flow control stalls the sender).
class OriginServer : public QObject
{
    Q_OBJECT

public:
    std::function<Answer(const Received&)> handler = [](const Received&) { return Answer {}; };
    qint64 closeAfter = -1;
    qint64 holdAfter = -1;
    QList<Received> requests; // complete or cut off, in arrival order

    bool listen()
    {
        connect(&m_server, &QTcpServer::newConnection, this, &OriginServer::onConnection);
        return m_server.listen(QHostAddress::LocalHost);
    }
    QUrl url(const QString& path) const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_server.serverPort()).arg(path));
    }

    // Reads on after holdAfter (a held socket has stopped reading, so only this notices a close meanwhile).
    void release()
    {
        holdAfter = -1;
        for (const auto& [socket, conn] : std::as_const(m_open)) {
            if (socket)
                onData(socket, *conn);
        }
    }

Q_SIGNALS:
    void held();
    void recorded();

private:
    struct Conn
    {
        QByteArray head;
        bool inBody = false;
        Received req;
        bool done = false;
    };

    void onConnection()
    {
        while (QTcpSocket* s = m_server.nextPendingConnection()) {
            auto conn = std::make_shared<Conn>();
            m_open.append({QPointer<QTcpSocket>(s), conn});
            s->setReadBufferSize(64 * 1024);
            connect(s, &QTcpSocket::readyRead, this, [this, s, conn] { onData(s, *conn); });
            connect(s, &QTcpSocket::disconnected, this, [this, s, conn] {
                if (!conn->done && conn->inBody)
                    record(*conn); // cut off mid-body
                s->deleteLater();
            });
        }
    }

    void record(Conn& c)
    {
        c.done = true;
        requests.append(c.req);
        Q_EMIT recorded();
    }

    void onData(QTcpSocket* s, Conn& c)
    {
        while (!c.done && s->bytesAvailable() > 0) {
            if (!c.inBody) {
                c.head += s->read(1);
                if (!c.head.endsWith("\r\n\r\n"))
                    continue;
                if (!parseHead(c)) {
                    qWarning() << "bad head" << c.head;
                    s->write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                    s->disconnectFromHost();
                    return;
                }
                c.inBody = true;
                continue;
            }
            qint64 want = c.req.contentLength - c.req.body.size();
            if (holdAfter >= 0) {
                want = std::min(want, holdAfter - c.req.body.size());
                if (want <= 0) {
                    Q_EMIT held();
                    return; // stop reading: the socket's buffer fills, then the client's send stalls
                }
            }
            if (closeAfter >= 0)
                want = std::min(want, closeAfter - c.req.body.size());
            c.req.body += s->read(std::max<qint64>(want, 0));
            if (closeAfter >= 0 && c.req.body.size() >= closeAfter) {
                record(c);
                s->abort();
                return;
            }
            if (c.req.body.size() == c.req.contentLength)
                break;
        }
        if (c.inBody && !c.done && c.req.body.size() == c.req.contentLength) {
            c.req.complete = true;
            record(c);
            const Answer a = handler(c.req);
            QByteArray out = a.interim + "HTTP/1.1 " + QByteArray::number(a.status) + ' ' + a.reason + "\r\n";
            for (const auto& f : a.fields)
                out += f.first + ": " + f.second + "\r\n";
            out += "Content-Length: " + QByteArray::number(a.body.size()) + "\r\nConnection: close\r\n\r\n";
            out += a.sendOnly >= 0 ? a.body.left(a.sendOnly) : a.body;
            s->write(out);
            s->disconnectFromHost();
        }
    }

    // request-line = method SP request-target SP HTTP-version CRLF; field-line = field-name ":" OWS field-value OWS
    static bool parseHead(Conn& c)
    {
        QList<QByteArray> lines = c.head.chopped(2).split('\n'); // every line but the empty one ends in CRLF
        lines.removeLast();
        for (QByteArray& l : lines) {
            if (!l.endsWith('\r'))
                return false;
            l.chop(1);
        }
        const QList<QByteArray> requestLine = lines.takeFirst().split(' ');
        if (requestLine.size() != 3 || !requestLine.at(2).startsWith("HTTP/1."))
            return false;
        c.req.method = requestLine.at(0);
        c.req.target = requestLine.at(1);
        c.req.version = requestLine.at(2);
        for (const QByteArray& l : std::as_const(lines)) {
            const qsizetype colon = l.indexOf(':');
            if (colon <= 0 || l.at(colon - 1) == ' ') // no whitespace between name and colon (section 5.1)
                return false;
            c.req.fields.append({l.left(colon), l.mid(colon + 1).trimmed()});
        }
        c.req.contentLength = c.req.hasField("Content-Length") ? c.req.field("Content-Length").toLongLong() : 0;
        return true;
    }

    QTcpServer m_server;
    QList<std::pair<QPointer<QTcpSocket>, std::shared_ptr<Conn>>> m_open;
};

struct FormPart
{
    QByteArray disposition, contentType, content;
};

// RFC 2046 section 5.1.1: the body is dash-boundary ("--" boundary) CRLF, a part (fields, CRLF, content), then
// for each further part CRLF dash-boundary CRLF and a part, and finally CRLF dash-boundary "--" (the close
// delimiter); no preamble or epilogue is expected from this client except the CRLF after the close delimiter.
// Returns false when the body does not follow that syntax.
bool parseFormData(const QByteArray& body, const QByteArray& boundary, QList<FormPart>* parts)
{
    const QByteArray dash = "--" + boundary;
    if (!body.startsWith(QByteArray(dash + "\r\n")))
        return false;
    qsizetype pos = dash.size() + 2;
    const QByteArray delimiter = "\r\n" + dash;
    for (;;) {
        const qsizetype end = body.indexOf(delimiter, pos);
        if (end < 0)
            return false;
        const QByteArray part = body.mid(pos, end - pos);
        const qsizetype headEnd = part.indexOf("\r\n\r\n");
        if (headEnd < 0)
            return false;
        FormPart p;
        for (const QByteArray& line : part.left(headEnd).split('\n')) {
            const QByteArray l = line.trimmed();
            if (l.toLower().startsWith("content-disposition:"))
                p.disposition = l.mid(20).trimmed();
            else if (l.toLower().startsWith("content-type:"))
                p.contentType = l.mid(13).trimmed();
        }
        p.content = part.mid(headEnd + 4);
        parts->append(p);
        pos = end + delimiter.size();
        if (body.mid(pos, 2) == "--")
            return body.mid(pos + 2) == "\r\n";
        if (body.mid(pos, 2) != "\r\n")
            return false;
        pos += 2;
    }
}

QByteArray sha256(const QByteArray& data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex();
}

QString writeRandomFile(const QTemporaryDir& dir, const QString& name, qint64 size, QByteArray* content)
{
    QByteArray data(size, Qt::Uninitialized);
    QRandomGenerator gen {quint32(size)};
    for (qint64 i = 0; i < size; ++i)
        data[i] = char(gen.generate() & 0xff);
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(data) != size)
        return {};
    *content = data;
    return path;
}

} // namespace

class TestCurlUpload : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void multipart_fileAndFields_arriveByteIdentical();
    void put_fileRegion_exactBytesAndProgress();
    void cancel_midUpload_stopsTransfer();
    void deleteJob_midUpload_returnsPromptly();
    void serverClosesMidBody_verifiedNotSentTwice();
    void connectionRefused_unreachable();
    void serverStopsReading_stallTimeout();
    void clientErrorJson_reachesErrorParser();
    void temporaryRedirect_followedWithBody();
    void answerCutOffAfterHead_cutOffError();
    void tlsHandshakeFails_tlsError();
    void proxyFromEnvironment_asQtPicksIt();
    void interimResponses_dropped();

private:
    HttpClient m_client;
};

void TestCurlUpload::multipart_fileAndFields_arriveByteIdentical()
{
    QTemporaryDir dir;
    QByteArray content;
    const QString file = writeRandomFile(dir, QStringLiteral("app.apk"), 5 * 1024 * 1024 + 7, &content);
    QVERIFY(!file.isEmpty());
    OriginServer server;
    QVERIFY(server.listen());
    server.handler = [](const Received&) { return Answer {201, "Created", {}, R"({"id":7})"}; };

    HttpRequest req("POST", server.url(QStringLiteral("/upload")));
    req.auth = HttpAuth::bearer("s3cret-token");
    req.addPart(MultipartPart::field("versionName", "1.2.3"));
    req.addPart(MultipartPart::file("build", file));
    req.addPart(MultipartPart::field("notes", "ünïcode \"notes\""));
    HttpJob* job = m_client.send(req);
    QVERIFY(job->waitForFinished(20000));
    QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
    QCOMPARE(job->result().status, 201);
    QCOMPARE(job->result().json()->object().value(QStringLiteral("id")).toInt(), 7);

    QCOMPARE(server.requests.size(), 1);
    const Received r = server.requests.first();
    QCOMPARE(r.method, QByteArray("POST"));
    QCOMPARE(r.target, QByteArray("/upload"));
    QCOMPARE(r.version, QByteArray("HTTP/1.1"));
    QCOMPARE(r.field("Authorization"), QByteArray("Bearer s3cret-token"));
    QVERIFY(r.field("User-Agent").startsWith("Slipway/"));
    QVERIFY(!r.hasField("Expect"));
    QVERIFY(!r.hasField("Transfer-Encoding"));
    QCOMPARE(r.contentLength, r.body.size());
    QVERIFY(r.complete);
    const QByteArray type = r.field("Content-Type");
    QVERIFY2(type.startsWith("multipart/form-data; boundary=\""), type.constData());
    const QByteArray boundary = type.mid(type.indexOf("boundary=\"") + 10).chopped(1);
    QList<FormPart> parts;
    QVERIFY(parseFormData(r.body, boundary, &parts));
    QCOMPARE(parts.size(), 3);
    QCOMPARE(parts.at(0).disposition, QByteArray(R"(form-data; name="versionName")"));
    QCOMPARE(parts.at(0).content, QByteArray("1.2.3"));
    QCOMPARE(parts.at(1).disposition, QByteArray(R"(form-data; name="build"; filename="app.apk")"));
    QCOMPARE(parts.at(1).contentType, QByteArray("application/octet-stream"));
    QCOMPARE(sha256(parts.at(1).content), sha256(content));
    QCOMPARE(parts.at(2).content, QByteArray("ünïcode \"notes\""));

    // The same form through Qt's QHttpMultiPart with the same boundary arrives as the very same bytes.
    QNetworkAccessManager nam;
    auto* multi = new QHttpMultiPart(QHttpMultiPart::FormDataType);
    multi->setBoundary(boundary);
    QHttpPart version;
    version.setRawHeader("Content-Disposition", R"(form-data; name="versionName")");
    version.setBody("1.2.3");
    QHttpPart build;
    build.setRawHeader("Content-Disposition", R"(form-data; name="build"; filename="app.apk")");
    build.setRawHeader("Content-Type", "application/octet-stream");
    auto* device = new QFile(file, multi);
    QVERIFY(device->open(QIODevice::ReadOnly));
    build.setBodyDevice(device);
    QHttpPart notes;
    notes.setRawHeader("Content-Disposition", R"(form-data; name="notes")");
    notes.setBody("ünïcode \"notes\"");
    multi->append(version);
    multi->append(build);
    multi->append(notes);
    QNetworkReply* qtReply = nam.post(QNetworkRequest(server.url(QStringLiteral("/qt"))), multi);
    multi->setParent(qtReply);
    QSignalSpy qtDone(qtReply, &QNetworkReply::finished);
    QVERIFY(qtDone.wait(20000));
    QCOMPARE(server.requests.size(), 2);
    QCOMPARE(server.requests.last().field("Content-Type"), type);
    QCOMPARE(server.requests.last().field("MIME-Version"), r.field("MIME-Version"));
    QCOMPARE(sha256(server.requests.last().body), sha256(r.body));
    delete qtReply;
    delete job;
}

void TestCurlUpload::put_fileRegion_exactBytesAndProgress()
{
    QTemporaryDir dir;
    QByteArray content;
    const QString file = writeRandomFile(dir, QStringLiteral("parts.bin"), 6 * 1024 * 1024, &content);
    const qint64 offset = 1024 * 1024 + 5;
    const qint64 length = 3 * 1024 * 1024 + 3; // more than libcurl's 2 MB send buffer, at an odd offset
    OriginServer server;
    QVERIFY(server.listen());
    HttpRequest req("PUT", server.url(QStringLiteral("/part?n=2")));
    req.setBodyFile(file, offset, length, "application/x-part");
    req.setHeader("x-amz-meta-part", "2");
    req.expect = HttpRequest::Expect::Any;
    HttpJob* job = m_client.send(req);
    QSignalSpy progress(job, &Job::progress);
    QVERIFY(job->waitForFinished(20000));
    QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
    QCOMPARE(server.requests.size(), 1);
    const Received r = server.requests.first();
    QCOMPARE(r.method, QByteArray("PUT"));
    QCOMPARE(r.target, QByteArray("/part?n=2"));
    QCOMPARE(r.field("Content-Type"), QByteArray("application/x-part"));
    QCOMPARE(r.field("x-amz-meta-part"), QByteArray("2"));
    QCOMPARE(r.contentLength, length);
    QVERIFY(!r.hasField("Expect"));
    QCOMPARE(sha256(r.body), sha256(content.mid(offset, length)));
    QVERIFY(!progress.isEmpty());
    QCOMPARE(progress.last().at(0).toLongLong(), length);
    QCOMPARE(progress.last().at(1).toLongLong(), length);
    QCOMPARE(job->transferProgress().sent, length);
    delete job;
}

void TestCurlUpload::cancel_midUpload_stopsTransfer()
{
    QTemporaryDir dir;
    QByteArray content;
    const qint64 size = 8 * 1024 * 1024;
    const QString file = writeRandomFile(dir, QStringLiteral("app.apk"), size, &content);
    OriginServer server;
    QVERIFY(server.listen());
    server.holdAfter = 1024 * 1024;
    QSignalSpy held(&server, &OriginServer::held);
    HttpRequest req("POST", server.url(QStringLiteral("/upload")));
    req.addPart(MultipartPart::file("build", file));
    HttpJob* job = m_client.send(req);
    QSignalSpy finished(job, &Job::finished);
    QVERIFY(held.wait(10000));
    job->cancel();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 5000);
    QVERIFY(!job->succeeded());
    QCOMPARE(job->error().kind, Error::Kind::Cancelled);
    // The connection is closed: the server records a short body.
    QSignalSpy recorded(&server, &OriginServer::recorded);
    server.release();
    QVERIFY(server.requests.size() == 1 || recorded.wait(5000));
    QVERIFY(!server.requests.first().complete);
    QVERIFY(server.requests.first().body.size() < size);
    delete job;
}

void TestCurlUpload::deleteJob_midUpload_returnsPromptly()
{
    QTemporaryDir dir;
    QByteArray content;
    const QString file = writeRandomFile(dir, QStringLiteral("app.apk"), 8 * 1024 * 1024, &content);
    OriginServer server;
    QVERIFY(server.listen());
    server.holdAfter = 512 * 1024;
    QSignalSpy held(&server, &OriginServer::held);
    HttpRequest req("PUT", server.url(QStringLiteral("/upload")));
    req.setBodyFile(file);
    HttpJob* job = m_client.send(req);
    QVERIFY(held.wait(10000));
    // The reply goes later; deleting it must not wait for the send, which the server holds for ever: if it did,
    // this would not return (no timing here: a hang fails the test at its timeout).
    delete job;
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    QCoreApplication::processEvents();
    // The transfer was dropped: once the server reads again, it finds a short body and a closed connection.
    QSignalSpy recorded(&server, &OriginServer::recorded);
    server.release();
    QVERIFY(server.requests.size() == 1 || recorded.wait(5000));
    QVERIFY(!server.requests.first().complete);
    QVERIFY(server.requests.first().body.size() < 8 * 1024 * 1024);
}

void TestCurlUpload::serverClosesMidBody_verifiedNotSentTwice()
{
    QTemporaryDir dir;
    QByteArray content;
    const QString file = writeRandomFile(dir, QStringLiteral("app.apk"), 4 * 1024 * 1024, &content);
    OriginServer server;
    QVERIFY(server.listen());
    server.closeAfter = 512 * 1024;

    // Without verification the dropped create fails as a network error, and is sent once.
    HttpRequest req("POST", server.url(QStringLiteral("/upload")));
    req.addPart(MultipartPart::file("build", file));
    req.retry.maxAttempts = 3;
    req.retry.initialDelayMs = 10;
    HttpJob* job = m_client.send(req);
    QVERIFY(job->waitForFinished(10000));
    QCOMPARE(job->error().kind, Error::Kind::Network);
    QVERIFY2(job->error().details.contains(QStringLiteral("QNetworkReply error 2")), qPrintable(job->error().details));
    QTRY_COMPARE(server.requests.size(), 1);
    QVERIFY(!server.requests.first().complete);
    delete job;

    // With verification: the lookup says it was created, so nothing is sent again.
    server.requests.clear();
    int lookups = 0;
    req.retry.verifyBeforeRetry([&lookups](const Error&, const RetryPolicy::VerifyDone& done) {
        ++lookups;
        HttpResponse existing;
        existing.status = 201;
        existing.body = R"({"id":9})";
        done(VerifyOutcome::created(existing));
    });
    job = m_client.send(req);
    QVERIFY(job->waitForFinished(10000));
    QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
    QVERIFY(job->result().recovered);
    QCOMPARE(lookups, 1);
    QCOMPARE(job->attempts(), 1); // the job is over after one send: none can follow
    QTRY_COMPARE(server.requests.size(), 1);
    delete job;
}

void TestCurlUpload::connectionRefused_unreachable()
{
    QTemporaryDir dir;
    QByteArray content;
    const QString file = writeRandomFile(dir, QStringLiteral("app.apk"), 1024, &content);
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost));
    const quint16 port = probe.serverPort();
    probe.close(); // nobody listens there now
    HttpRequest req("PUT", QUrl(QStringLiteral("http://127.0.0.1:%1/part").arg(port)));
    req.setBodyFile(file);
    req.retry = RetryPolicy::noRetry();
    req.serviceName = QStringLiteral("Example");
    HttpJob* job = m_client.send(req);
    QVERIFY(job->waitForFinished(10000));
    QCOMPARE(job->error().kind, Error::Kind::Network);
    QVERIFY2(
        job->error().message.contains(QStringLiteral("Could not reach 127.0.0.1")), qPrintable(job->error().message));
    QVERIFY2(job->error().details.contains(QStringLiteral("QNetworkReply error 1")), qPrintable(job->error().details));
    delete job;
}

void TestCurlUpload::serverStopsReading_stallTimeout()
{
    QTemporaryDir dir;
    QByteArray content;
    const QString file = writeRandomFile(dir, QStringLiteral("app.apk"), 16 * 1024 * 1024, &content);
    OriginServer server;
    QVERIFY(server.listen());
    server.holdAfter = 256 * 1024;
    HttpRequest req("PUT", server.url(QStringLiteral("/part")));
    req.setBodyFile(file);
    req.retry = RetryPolicy::noRetry();
    req.timeouts.stallMs = 600;
    HttpJob* job = m_client.send(req);
    QVERIFY(job->waitForFinished(15000));
    QCOMPARE(job->error().kind, Error::Kind::Timeout);
    QVERIFY2(job->error().message.contains(QStringLiteral("stopped responding")), qPrintable(job->error().message));
    delete job;
}

void TestCurlUpload::clientErrorJson_reachesErrorParser()
{
    QTemporaryDir dir;
    QByteArray content;
    const QString file = writeRandomFile(dir, QStringLiteral("app.apk"), 300 * 1024, &content);
    OriginServer server;
    QVERIFY(server.listen());
    server.handler = [](const Received&) {
        return Answer {422, "Unprocessable Content", {{"Content-Type", "application/json"}, {"X-Request-Id", "a1"}},
            R"({"error":{"code":"version_exists","detail":"Version 1.2.3 already exists"}})"};
    };
    HttpRequest req("POST", server.url(QStringLiteral("/upload")));
    req.addPart(MultipartPart::file("build", file));
    req.errorParser = [](const HttpResponse& response, Error& e) {
        const Result<QJsonDocument> json = response.json();
        if (!json)
            return;
        const QJsonObject error = json->object().value(QStringLiteral("error")).toObject();
        e.serverMessage = error.value(QStringLiteral("detail")).toString();
        if (error.value(QStringLiteral("code")).toString() == QLatin1String("version_exists"))
            e.kind = Error::Kind::Conflict;
    };
    HttpJob* job = m_client.send(req);
    QVERIFY(job->waitForFinished(10000));
    QCOMPARE(job->error().kind, Error::Kind::Conflict);
    QCOMPARE(job->error().httpStatus, 422);
    QCOMPARE(job->error().serverMessage, QStringLiteral("Version 1.2.3 already exists"));
    QCOMPARE(job->result().header("x-request-id"), QByteArray("a1"));
    delete job;
}

void TestCurlUpload::temporaryRedirect_followedWithBody()
{
    QTemporaryDir dir;
    QByteArray content;
    const QString file = writeRandomFile(dir, QStringLiteral("app.apk"), 3 * 1024 * 1024, &content);
    OriginServer server;
    QVERIFY(server.listen());
    const QUrl target = server.url(QStringLiteral("/storage/upload"));
    server.handler = [target](const Received& r) {
        if (r.target == "/upload")
            return Answer {307, "Temporary Redirect", {{"Location", target.toEncoded()}}, {}};
        return Answer {201, "Created", {{"Content-Type", "application/json"}}, R"({"id":3})"};
    };
    HttpRequest req("PUT", server.url(QStringLiteral("/upload")));
    req.setBodyFile(file);
    HttpJob* job = m_client.send(req);
    QVERIFY(job->waitForFinished(10000));
    QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
    QCOMPARE(job->result().status, 201);
    QCOMPARE(server.requests.size(), 2);
    QCOMPARE(server.requests.at(1).method, QByteArray("PUT")); // 307 keeps the method and the body (RFC 9110 15.4.8)
    QCOMPARE(server.requests.at(1).target, QByteArray("/storage/upload"));
    QCOMPARE(sha256(server.requests.at(1).body), sha256(content));
    QCOMPARE(sha256(server.requests.at(0).body), sha256(content));
    delete job;
}

void TestCurlUpload::answerCutOffAfterHead_cutOffError()
{
    QTemporaryDir dir;
    QByteArray content;
    const QString file = writeRandomFile(dir, QStringLiteral("part.bin"), 100 * 1024, &content);
    OriginServer server;
    QVERIFY(server.listen());
    server.handler = [](const Received&) {
        return Answer {200, "OK", {{"Content-Type", "application/json"}}, R"({"id":1,"name":"a long answer"})", 10};
    };
    HttpRequest req("PUT", server.url(QStringLiteral("/part")));
    req.setBodyFile(file);
    req.retry = RetryPolicy::noRetry();
    HttpJob* job = m_client.send(req);
    QVERIFY(job->waitForFinished(10000));
    QCOMPARE(job->error().kind, Error::Kind::BadResponse);
    QCOMPARE(job->error().httpStatus, 200);
    QVERIFY2(job->error().message.contains(QStringLiteral("cut off")), qPrintable(job->error().message));
    delete job;
}

// A server that answers a TLS ClientHello with plain HTTP: the handshake fails, and that is a TLS error.
void TestCurlUpload::tlsHandshakeFails_tlsError()
{
    QTemporaryDir dir;
    QByteArray content;
    const QString file = writeRandomFile(dir, QStringLiteral("part.bin"), 1024, &content);
    QTcpServer plain;
    QVERIFY(plain.listen(QHostAddress::LocalHost));
    connect(&plain, &QTcpServer::newConnection, &plain, [&plain] {
        while (QTcpSocket* s = plain.nextPendingConnection()) {
            s->write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            s->disconnectFromHost();
        }
    });
    HttpRequest req("PUT", QUrl(QStringLiteral("https://127.0.0.1:%1/part").arg(plain.serverPort())));
    req.setBodyFile(file);
    req.retry = RetryPolicy::noRetry();
    HttpJob* job = m_client.send(req);
    QVERIFY(job->waitForFinished(10000));
    QCOMPARE(job->error().kind, Error::Kind::Tls);
    QVERIFY2(job->error().message.contains(QStringLiteral("The secure connection to 127.0.0.1 failed")),
        qPrintable(job->error().message));
    delete job;
}

// Qt's system proxy configuration on Linux reads http_proxy (and no_proxy), and Qt never proxies a loopback
// address; the upload goes where Qt would send it: to the proxy in absolute form (RFC 9112 section 3.2.2; the
// .invalid name is never resolved here, the proxy is), or straight to 127.0.0.1.
void TestCurlUpload::proxyFromEnvironment_asQtPicksIt()
{
    QTemporaryDir dir;
    QByteArray content;
    const QString file = writeRandomFile(dir, QStringLiteral("part.bin"), 64 * 1024, &content);
    OriginServer proxy;
    QVERIFY(proxy.listen());
    OriginServer origin;
    QVERIFY(origin.listen());
    auto sendOnce = [this, &file](const QUrl& url) {
        HttpRequest req("PUT", url);
        req.setBodyFile(file);
        req.expect = HttpRequest::Expect::Any;
        req.retry = RetryPolicy::noRetry();
        HttpJob* job = m_client.send(req);
        const bool ok = job->waitForFinished(10000) && job->succeeded();
        delete job;
        return ok;
    };
    qputenv("http_proxy", proxy.url(QString()).toEncoded());
    const bool viaProxy = sendOnce(QUrl(QStringLiteral("http://uploads.example.invalid/part")));
    const bool direct = sendOnce(origin.url(QStringLiteral("/part")));
    qunsetenv("http_proxy");
    QVERIFY(viaProxy);
    QCOMPARE(proxy.requests.size(), 1);
    QCOMPARE(proxy.requests.first().target, QByteArray("http://uploads.example.invalid/part"));
    QCOMPARE(proxy.requests.first().field("Host"), QByteArray("uploads.example.invalid"));
    QCOMPARE(sha256(proxy.requests.first().body), sha256(content));
    QVERIFY(direct);
    QCOMPARE(origin.requests.size(), 1);
    QCOMPARE(origin.requests.first().target, QByteArray("/part"));
}

// "A client MUST be able to parse one or more 1xx responses received prior to a final response, even if the client
// does not expect one" (RFC 9110 section 15.2): the status and fields are the final answer's alone.
void TestCurlUpload::interimResponses_dropped()
{
    QTemporaryDir dir;
    QByteArray content;
    const QString file = writeRandomFile(dir, QStringLiteral("app.apk"), 200 * 1024, &content);
    OriginServer server;
    QVERIFY(server.listen());
    server.handler = [](const Received&) {
        Answer a {201, "Created", {{"Content-Type", "application/json"}, {"Set-Cookie", "a=1"}, {"Set-Cookie", "b=2"}},
            R"({"id":5})"};
        a.interim = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n";
        return a;
    };
    HttpRequest req("POST", server.url(QStringLiteral("/upload")));
    req.addPart(MultipartPart::file("build", file));
    HttpJob* job = m_client.send(req);
    QVERIFY(job->waitForFinished(10000));
    QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
    QCOMPARE(job->result().status, 201);
    QVERIFY(job->result().header("link").isEmpty());
    QCOMPARE(job->result().header("set-cookie"), QByteArray("a=1\nb=2")); // joined as Qt joins them
    QCOMPARE(job->result().json()->object().value(QStringLiteral("id")).toInt(), 5);
    delete job;
}

QTEST_GUILESS_MAIN(TestCurlUpload)
#include "tst_curlupload.moc"
