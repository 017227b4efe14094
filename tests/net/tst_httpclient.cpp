#include <testutils/httptestserver.h>

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QLoggingCategory>
#include <QMutex>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <net/httpclient.h>

using namespace Slipway;
using namespace Slipway::Test;

namespace {

QStringList g_log;
QMutex g_logMutex;
QtMessageHandler g_previous = nullptr;

void captureMessages(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    {
        QMutexLocker lock(&g_logMutex);
        g_log.append(QString::fromLatin1(context.category ? context.category : "") + QLatin1Char(' ') + message);
    }
    if (g_previous && type != QtDebugMsg)
        g_previous(type, context, message);
}

// Fast policy for tests: tiny backoff, no jitter.
RetryPolicy fastRetry(int attempts = 4)
{
    RetryPolicy p;
    p.maxAttempts = attempts;
    p.initialDelayMs = 5;
    p.maxDelayMs = 20;
    p.jitter = 0;
    return p;
}

QString writeRandomFile(const QTemporaryDir& dir, const QString& name, qint64 size, QByteArray* sha256)
{
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    QByteArray chunk(64 * 1024, Qt::Uninitialized);
    qint64 left = size;
    while (left > 0) {
        const qint64 n = std::min<qint64>(left, chunk.size());
        for (qint64 i = 0; i < n; i += 4) {
            const quint32 v = QRandomGenerator::global()->generate();
            memcpy(chunk.data() + i, &v, std::min<qint64>(4, n - i));
        }
        f.write(chunk.constData(), n);
        hash.addData(QByteArrayView(chunk.constData(), n));
        left -= n;
    }
    *sha256 = hash.result().toHex();
    return path;
}

} // namespace

class TestHttpClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void get_sendsUserAgentAuthAndQuery();
    void postJson_bodyArrivesIntact();
    void keepAlive_reusesConnection();
    void retry_503ThenSuccess();
    void retry_429HonoursRetryAfterSeconds();
    void retry_retryAfterTooLong_failsRateLimited();
    void retryAfter_parsesSecondsAndHttpDate();
    void backoff_growsExponentiallyWithJitter();
    void post_503NotRetriedWithoutVerify();
    void post_verifyNotCreated_sendsAgain();
    void post_verifyCreated_noDuplicate();
    void post_429RetriedWithoutVerify();
    void upload_droppedMidBody_networkError();
    void upload_droppedMidBody_idempotentPutRetries();
    void multipart_streamedByteIdentical_withProgress();
    void fileRange_readAheadSendsExactlyTheRange();
    void htmlErrorPage_helpfulMessage();
    void htmlOn200_badResponse();
    void truncatedBody_badResponseAfterRetries();
    void stall_timesOut();
    void deadline_scalesWithBodySize();
    void cancel_abortsRunningRequest();
    void connectionRefused_networkErrorRetried();
    void tlsHandshakeFailure_tlsError();
    void redirect_crossHost_dropsAuthorization();
    void redirect_sameHost_keepsAuthorization();
    void errorParser_setsServerMessageAndKind();
    void errorStatus_mapsKinds_data();
    void errorStatus_mapsKinds();
    void redaction_noSecretsInLogs();
    void redaction_authHeadersHiddenWhateverTheirName();
    void paging_followsPagesToTheEnd();
    void paging_capStopsEndlessServer();
    void paging_jsonLinkFollowsNext();
    void rateLimiter_spacesRequests();
    void rateLimiter_appliesToJobs();
    void service_resolvesPathsAgainstBase();
    void testServer_chunkedBodyAndKeepAlive();
    void clientDestroyed_withRunningJobs_noCrash();

private:
    HttpClient m_client;
};

void TestHttpClient::initTestCase()
{
    qRegisterMetaType<Slipway::Error>();
}

void TestHttpClient::get_sendsUserAgentAuthAndQuery()
{
    HttpTestServer server;
    QVERIFY(server.listen());
    server.route("GET", "/v1/apps/", HttpTestResponse::json(200, QByteArray(R"({"data":[]})")));
    HttpService svc;
    svc.name = QStringLiteral("Test");
    svc.baseUrl = server.baseUrl();
    svc.auth = HttpAuth::basic(QStringLiteral("key-id"), "s3cret");
    svc.query.addQueryItem(QStringLiteral("organizationId"), QStringLiteral("org 1"));
    HttpJob* job = m_client.send(svc.request("GET", QStringLiteral("/v1/apps/")));
    QVERIFY(job->waitForFinished(5000));
    QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
    QCOMPARE(job->result().status, 200);
    QCOMPARE(job->result().jsonObject().value().value(QStringLiteral("data")).toArray().size(), 0);
    const RecordedRequest r = server.last();
    QCOMPARE(r.method, QByteArray("GET"));
    QCOMPARE(r.path, QStringLiteral("/v1/apps/"));
    QCOMPARE(r.query.queryItemValue(QStringLiteral("organizationId")), QStringLiteral("org 1"));
    QCOMPARE(r.header("authorization"), "Basic " + QByteArray("key-id:s3cret").toBase64());
    QVERIFY(r.header("user-agent").startsWith("Slipway/"));
    QCOMPARE(r.header("accept"), QByteArray("application/json"));
    delete job;
}

void TestHttpClient::postJson_bodyArrivesIntact()
{
    HttpTestServer server;
    QVERIFY(server.listen());
    server.route("POST", "/things", HttpTestResponse::json(200, QByteArray(R"({"data":{"id":"t1"}})")));
    HttpRequest req("POST", server.url(QStringLiteral("/things")));
    req.setJson(QJsonObject {{QStringLiteral("versionCode"), 42}, {QStringLiteral("name"), QStringLiteral("x")}});
    HttpJob* job = m_client.send(req);
    QVERIFY(job->waitForFinished(5000));
    QVERIFY(job->succeeded());
    const RecordedRequest r = server.last();
    QCOMPARE(r.header("content-type"), QByteArray("application/json"));
    QCOMPARE(r.json().value(QStringLiteral("versionCode")).toInt(), 42);
    QVERIFY(r.json().value(QStringLiteral("versionCode")).isDouble());
    delete job;
}

void TestHttpClient::keepAlive_reusesConnection()
{
    HttpTestServer server;
    QVERIFY(server.listen());
    server.route("GET", "/a", HttpTestResponse::json(200, QByteArray("{}")));
    for (int i = 0; i < 3; ++i) {
        HttpJob* job = m_client.send(HttpRequest("GET", server.url(QStringLiteral("/a"))));
        QVERIFY(job->waitForFinished(5000));
        QVERIFY(job->succeeded());
        delete job;
    }
    QCOMPARE(server.count("GET", QStringLiteral("/a")), 3);
    QCOMPARE(server.connectionCount(), 1);
}

void TestHttpClient::retry_503ThenSuccess()
{
    HttpTestServer server;
    QVERIFY(server.listen());
    server.route("GET", "/flaky",
        HttpTestServer::sequence({HttpTestResponse::text(503, "busy"), HttpTestResponse::text(502, "bad gw"),
            HttpTestResponse::json(200, QByteArray(R"({"ok":true})"))}));
    HttpRequest req("GET", server.url(QStringLiteral("/flaky")));
    req.retry = fastRetry();
    HttpJob* job = m_client.send(req);
    QSignalSpy retries(job, &HttpJob::retrying);
    QVERIFY(job->waitForFinished(5000));
    QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
    QCOMPARE(job->attempts(), 3);
    QCOMPARE(retries.size(), 2);
    QCOMPARE(server.count("GET", QStringLiteral("/flaky")), 3);
    delete job;
}

void TestHttpClient::retry_429HonoursRetryAfterSeconds()
{
    HttpTestServer server;
    QVERIFY(server.listen());
    server.route("GET", "/limited",
        HttpTestServer::sequence({HttpTestResponse::text(429, "slow down").withHeader("Retry-After", "1"),
            HttpTestResponse::json(200, QByteArray("{}"))}));
    HttpRequest req("GET", server.url(QStringLiteral("/limited")));
    req.retry = fastRetry();
    QElapsedTimer clock;
    clock.start();
    HttpJob* job = m_client.send(req);
    QSignalSpy retries(job, &HttpJob::retrying);
    QVERIFY(job->waitForFinished(5000));
    QVERIFY(job->succeeded());
    QCOMPARE(retries.size(), 1);
    QCOMPARE(retries.at(0).at(1).toInt(), 1000); // the server's delay, not the 5 ms backoff
    QCOMPARE(retries.at(0).at(2).value<Slipway::Error>().kind, Error::Kind::RateLimited);
    QVERIFY(clock.elapsed() >= 950);
    delete job;
}

void TestHttpClient::retry_retryAfterTooLong_failsRateLimited()
{
    HttpTestServer server;
    QVERIFY(server.listen());
    server.route("GET", "/limited", HttpTestResponse::text(429, "quota").withHeader("Retry-After", "3600"));
    HttpRequest req("GET", server.url(QStringLiteral("/limited")));
    req.retry = fastRetry();
    req.serviceName = QStringLiteral("Svc");
    HttpJob* job = m_client.send(req);
    QVERIFY(job->waitForFinished(5000));
    QCOMPARE(job->error().kind, Error::Kind::RateLimited);
    QCOMPARE(job->error().httpStatus, 429);
    QVERIFY2(job->error().message.contains(QStringLiteral("3600")), qPrintable(job->error().message));
    QCOMPARE(server.count("GET", QStringLiteral("/limited")), 1);
    delete job;
}

void TestHttpClient::retryAfter_parsesSecondsAndHttpDate()
{
    const QDateTime now(QDate(2015, 10, 21), QTime(7, 27, 0), QTimeZone::utc());
    QCOMPARE(RetryPolicy::retryAfterMs("120", now), 120000);
    QCOMPARE(RetryPolicy::retryAfterMs(" 0 ", now), 0);
    QCOMPARE(RetryPolicy::retryAfterMs("Wed, 21 Oct 2015 07:28:00 GMT", now), 60000);
    QCOMPARE(RetryPolicy::retryAfterMs("Wed, 21 Oct 2015 07:00:00 GMT", now), 0); // in the past
    QCOMPARE(RetryPolicy::retryAfterMs("soon", now), -1);
    QCOMPARE(RetryPolicy::retryAfterMs("", now), -1);
}

void TestHttpClient::backoff_growsExponentiallyWithJitter()
{
    RetryPolicy p;
    p.initialDelayMs = 100;
    p.maxDelayMs = 1000;
    p.jitter = 0;
    QCOMPARE(p.backoffMs(1), 100);
    QCOMPARE(p.backoffMs(2), 200);
    QCOMPARE(p.backoffMs(3), 400);
    QCOMPARE(p.backoffMs(10), 1000);
    p.jitter = 0.5;
    bool differs = false;
    for (int i = 0; i < 50; ++i) {
        const int d = p.backoffMs(2);
        QVERIFY(d >= 100 && d <= 300);
        differs = differs || d != 200;
    }
    QVERIFY(differs);
    QVERIFY(p.isIdempotent("GET"));
    QVERIFY(p.isIdempotent("PUT"));
    QVERIFY(!p.isIdempotent("POST"));
    QVERIFY(!p.isIdempotent("PATCH"));
}

void TestHttpClient::post_503NotRetriedWithoutVerify()
{
    HttpTestServer server;
    QVERIFY(server.listen());
    server.route("POST", "/create", HttpTestResponse::text(503, "busy"));
    HttpRequest req("POST", server.url(QStringLiteral("/create")));
    req.setJson(QJsonObject {{QStringLiteral("a"), 1}});
    req.retry = fastRetry();
    HttpJob* job = m_client.send(req);
    QVERIFY(job->waitForFinished(5000));
    QCOMPARE(job->error().kind, Error::Kind::Server);
    QCOMPARE(job->error().httpStatus, 503);
    QCOMPARE(server.count("POST", QStringLiteral("/create")), 1);
    delete job;
}

void TestHttpClient::post_verifyNotCreated_sendsAgain()
{
    HttpTestServer server;
    QVERIFY(server.listen());
    server.route("POST", "/create",
        HttpTestServer::sequence(
            {HttpTestResponse::text(503, "busy"), HttpTestResponse::json(200, QByteArray(R"({"data":{"id":"v2"}})"))}));
    int lookups = 0;
    HttpRequest req("POST", server.url(QStringLiteral("/create")));
    req.setJson(QJsonObject {{QStringLiteral("a"), 1}});
    req.retry = fastRetry();
    req.retry.verifyBeforeRetry([&lookups](const Error& failure, const RetryPolicy::VerifyDone& done) {
        ++lookups;
        QCOMPARE(failure.httpStatus, 503);
        done(VerifyOutcome::notCreated());
    });
    HttpJob* job = m_client.send(req);
    QVERIFY(job->waitForFinished(5000));
    QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
    QCOMPARE(lookups, 1);
    QVERIFY(!job->result().recovered);
    QCOMPARE(server.count("POST", QStringLiteral("/create")), 2);
    delete job;
}

void TestHttpClient::post_verifyCreated_noDuplicate()
{
    HttpTestServer server;
    QVERIFY(server.listen());
    // The server creates the thing, then the connection drops before the answer.
    int created = 0;
    server.route("POST", "/create", [&created](const RecordedRequest&) {
        ++created;
        return HttpTestResponse::failure(HttpTestResponse::Fault::DropConnection);
    });
    server.route("GET", "/things", [&created](const RecordedRequest&) {
        return HttpTestResponse::json(
            200, created ? QByteArray(R"({"data":[{"id":"v1"}]})") : QByteArray(R"({"data":[]})"));
    });
    HttpClient* client = &m_client;
    const QUrl listUrl = server.url(QStringLiteral("/things"));
    HttpRequest req("POST", server.url(QStringLiteral("/create")));
    req.setJson(QJsonObject {{QStringLiteral("a"), 1}});
    req.retry = fastRetry();
    req.retry.verifyBeforeRetry([client, listUrl](const Error& failure, const RetryPolicy::VerifyDone& done) {
        QCOMPARE(failure.kind, Error::Kind::Network);
        HttpJob* lookup = client->send(HttpRequest("GET", listUrl));
        QObject::connect(lookup, &Job::finished, lookup, [lookup, done] {
            lookup->deleteLater();
            if (!lookup->succeeded())
                return done(VerifyOutcome::unknown());
            const QJsonArray items = lookup->result().jsonObject().value().value(QStringLiteral("data")).toArray();
            if (items.isEmpty())
                return done(VerifyOutcome::notCreated());
            HttpResponse existing = lookup->result();
            existing.body = QJsonDocument(QJsonObject {{QStringLiteral("data"), items.first()}}).toJson();
            done(VerifyOutcome::created(existing));
        });
    });
    HttpJob* job = m_client.send(req);
    QVERIFY(job->waitForFinished(5000));
    QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
    QVERIFY(job->result().recovered);
    QCOMPARE(job->result().jsonObject().value().value(QStringLiteral("data")).toObject().value(QStringLiteral("id")),
        QJsonValue(QStringLiteral("v1")));
    QCOMPARE(server.count("POST", QStringLiteral("/create")), 1);
    QCOMPARE(created, 1);
    delete job;
}

void TestHttpClient::post_429RetriedWithoutVerify()
{
    HttpTestServer server;
    QVERIFY(server.listen());
    server.route("POST", "/create",
        HttpTestServer::sequence({HttpTestResponse::text(429, "slow").withHeader("Retry-After", "0"),
            HttpTestResponse::json(200, QByteArray("{}"))}));
    HttpRequest req("POST", server.url(QStringLiteral("/create")));
    req.setJson(QJsonObject {{QStringLiteral("a"), 1}});
    req.retry = fastRetry();
    HttpJob* job = m_client.send(req);
    QVERIFY(job->waitForFinished(5000));
    QVERIFY(job->succeeded());
    QCOMPARE(server.count("POST", QStringLiteral("/create")), 2);
    delete job;
}

void TestHttpClient::upload_droppedMidBody_networkError()
{
    QTemporaryDir dir;
    QByteArray sha;
    const QString file = writeRandomFile(dir, QStringLiteral("app.apk"), 4 * 1024 * 1024, &sha);
    HttpTestServer server;
    QVERIFY(server.listen());
    server.route("POST", "/upload", HttpTestResponse::json(200, QByteArray("{}")));
    server.dropDuringBody("POST", QStringLiteral("/upload"), 512 * 1024);
    HttpRequest req("POST", server.url(QStringLiteral("/upload")));
    req.addPart(MultipartPart::file("file", file));
    req.retry = fastRetry();
    HttpJob* job = m_client.send(req);
    QVERIFY(job->waitForFinished(10000));
    QCOMPARE(job->error().kind, Error::Kind::Network);
    QVERIFY(!job->error().message.isEmpty());
    QCOMPARE(server.count("POST", QStringLiteral("/upload")), 1); // a create is not sent twice blindly
    QVERIFY(server.last().bodySize < 4 * 1024 * 1024);
    delete job;
}

void TestHttpClient::upload_droppedMidBody_idempotentPutRetries()
{
    QTemporaryDir dir;
    QByteArray sha;
    const QString file = writeRandomFile(dir, QStringLiteral("part.bin"), 3 * 1024 * 1024, &sha);
    HttpTestServer server;
    QVERIFY(server.listen());
    server.route("PUT", "/part", HttpTestResponse::empty(200));
    server.dropDuringBody("PUT", QStringLiteral("/part"), 100 * 1024);
    HttpRequest req("PUT", server.url(QStringLiteral("/part")));
    req.setBodyFile(file);
    req.expect = HttpRequest::Expect::Any;
    req.retry = fastRetry();
    HttpJob* job = m_client.send(req);
    QVERIFY(job->waitForFinished(10000));
    QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
    const auto puts = server.requests("PUT", QStringLiteral("/part"));
    QCOMPARE(puts.size(), 2);
    QCOMPARE(puts.last().bodySize, 3 * 1024 * 1024);
    QCOMPARE(puts.last().bodySha256, sha);
    QCOMPARE(puts.last().header("content-type"), QByteArray("application/octet-stream"));
    delete job;
}

void TestHttpClient::multipart_streamedByteIdentical_withProgress()
{
    QTemporaryDir dir;
    QByteArray sha;
    const qint64 size = 12 * 1024 * 1024 + 17;
    const QString file = writeRandomFile(dir, QStringLiteral("big.apk"), size, &sha);
    QByteArray obbSha;
    const QString obb = writeRandomFile(dir, QStringLiteral("main.obb"), 1024 * 1024, &obbSha);
    HttpTestServer server;
    QVERIFY(server.listen());
    server.route("POST", "/upload", HttpTestResponse::json(201, QByteArray(R"({"id":1})")));
    HttpRequest req("POST", server.url(QStringLiteral("/upload")));
    req.addPart(MultipartPart::field("versionName", "1.2.3"));
    req.addPart(MultipartPart::file("ipa", file));
    req.addPart(MultipartPart::file("dsym", obb, QStringLiteral("renamed.obb"), "application/zip"));
    req.addPart(MultipartPart::field("notes", "ünïcode notes"));
    HttpJob* job = m_client.send(req);
    QSignalSpy progress(job, &Job::progress);
    QSignalSpy transfer(job, &HttpJob::transferProgressChanged);
    QVERIFY(job->waitForFinished(20000));
    QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
    const RecordedRequest r = server.last();
    QVERIFY(r.header("content-type").startsWith("multipart/form-data; boundary="));
    QCOMPARE(r.parts.size(), 4);
    QCOMPARE(r.part("versionName")->body, QByteArray("1.2.3"));
    QCOMPARE(r.part("notes")->body, QByteArray("ünïcode notes"));
    QCOMPARE(r.part("ipa")->fileName, QStringLiteral("big.apk"));
    QCOMPARE(r.part("ipa")->size, size);
    QCOMPARE(r.part("ipa")->sha256, sha);
    QCOMPARE(r.part("ipa")->contentType, QByteArray("application/octet-stream"));
    QCOMPARE(r.part("dsym")->fileName, QStringLiteral("renamed.obb"));
    QCOMPARE(r.part("dsym")->sha256, obbSha);
    QCOMPARE(r.part("dsym")->contentType, QByteArray("application/zip"));
    QVERIFY(r.body.isEmpty()); // the server did not keep 12 MB in memory either
    QVERIFY(!progress.isEmpty());
    const auto lastProgress = progress.last();
    QCOMPARE(lastProgress.at(0).toLongLong(), lastProgress.at(1).toLongLong());
    QVERIFY(lastProgress.at(1).toLongLong() > size);
    QVERIFY(!transfer.isEmpty());
    QVERIFY(job->transferProgress().bytesPerSecond > 0);
    QCOMPARE(job->transferProgress().sent, job->transferProgress().sendTotal);
    delete job;
}

// A raw file range whose start and length fall inside libcurl's 2 MB read blocks (app/core/net/curlreply.cpp):
// the server receives exactly the bytes of the range.
void TestHttpClient::fileRange_readAheadSendsExactlyTheRange()
{
    QTemporaryDir dir;
    QByteArray wholeSha;
    const QString file = writeRandomFile(dir, QStringLiteral("parts.bin"), 3 * 1024 * 1024, &wholeSha);
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const qint64 offset = 300 * 1024 + 5;
    const qint64 length = 1024 * 1024 + 3;
    QVERIFY(f.seek(offset));
    const QByteArray expected = QCryptographicHash::hash(f.read(length), QCryptographicHash::Sha256).toHex();
    HttpTestServer server;
    QVERIFY(server.listen());
    server.route("PUT", "/part", HttpTestResponse::empty(200));
    HttpRequest req("PUT", server.url(QStringLiteral("/part")));
    req.setBodyFile(file, offset, length);
    req.expect = HttpRequest::Expect::Any;
    HttpJob* job = m_client.send(req);
    QVERIFY(job->waitForFinished(10000));
    QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
    const auto puts = server.requests("PUT", QStringLiteral("/part"));
    QCOMPARE(puts.size(), 1);
    QCOMPARE(puts.last().bodySize, length);
    QCOMPARE(puts.last().bodySha256, expected);
    delete job;
}

void TestHttpClient::htmlErrorPage_helpfulMessage()
{
    HttpTestServer server;
    QVERIFY(server.listen());
    server.route("GET", "/api/v1/apps/",
        HttpTestResponse::html(404,
            "<!DOCTYPE html><html><head><title>404 Not Found</title></head>"
            "<body><h1>Not Found</h1></body></html>"));
    HttpRequest req("GET", server.url(QStringLiteral("/api/v1/apps/")));
    HttpJob* job = m_client.send(req);
    QVERIFY(job->waitForFinished(5000));
    QCOMPARE(job->error().kind, Error::Kind::NotFound);
    QCOMPARE(job->error().httpStatus, 404);
    QVERIFY2(job->error().message.contains(QStringLiteral("HTML page")), qPrintable(job->error().message));
    QVERIFY(job->error().message.contains(QStringLiteral("base URL")));
    QCOMPARE(job->error().serverMessage, QStringLiteral("404 Not Found"));
    delete job;
}

void TestHttpClient::htmlOn200_badResponse()
{
    HttpTestServer server;
    QVERIFY(server.listen());
    server.route("GET", "/apps", HttpTestResponse::html(200, "<html><body>Welcome to nginx!</body></html>"));
    server.route("GET", "/garbage", HttpTestResponse::text(200, "\x01\x02 not json"));
    HttpJob* job = m_client.send(HttpRequest("GET", server.url(QStringLiteral("/apps"))));
    QVERIFY(job->waitForFinished(5000));
    QCOMPARE(job->error().kind, Error::Kind::BadResponse);
    QCOMPARE(job->error().message,
        QStringLiteral("The server answered with an HTML page instead of JSON — is the base URL right?"));
    delete job;
    job = m_client.send(HttpRequest("GET", server.url(QStringLiteral("/garbage"))));
    QVERIFY(job->waitForFinished(5000));
    QCOMPARE(job->error().kind, Error::Kind::BadResponse);
    QVERIFY(job->error().message.contains(QStringLiteral("not valid JSON")));
    delete job;
}

void TestHttpClient::truncatedBody_badResponseAfterRetries()
{
    HttpTestServer server;
    QVERIFY(server.listen());
    server.route("GET", "/list", HttpTestResponse::failure(HttpTestResponse::Fault::TruncatedBody));
    HttpRequest req("GET", server.url(QStringLiteral("/list")));
    req.retry = fastRetry(2);
    HttpJob* job = m_client.send(req);
    QVERIFY(job->waitForFinished(5000));
    QCOMPARE(job->error().kind, Error::Kind::BadResponse);
    QVERIFY2(job->error().message.contains(QStringLiteral("cut off")), qPrintable(job->error().message));
    QCOMPARE(server.count("GET", QStringLiteral("/list")), 2);
    delete job;
}

void TestHttpClient::stall_timesOut()
{
    HttpTestServer server;
    QVERIFY(server.listen());
    server.route("GET", "/hang", HttpTestResponse::failure(HttpTestResponse::Fault::NeverAnswer));
    HttpRequest req("GET", server.url(QStringLiteral("/hang")));
    req.retry = RetryPolicy::noRetry();
    req.timeouts.stallMs = 200;
    req.serviceName = QStringLiteral("Hanging");
    HttpJob* job = m_client.send(req);
    QVERIFY(job->waitForFinished(5000));
    // The stall timer ended it (its message), not the deadline, which is far longer.
    QCOMPARE(job->error().kind, Error::Kind::Timeout);
    QVERIFY(job->error().message.contains(QStringLiteral("Hanging stopped responding")));
    delete job;
}

void TestHttpClient::deadline_scalesWithBodySize()
{
    HttpTimeouts t;
    t.baseMs = 1000;
    t.minBytesPerSecond = 1000;
    QCOMPARE(t.deadlineMs(0), 1000);
    QCOMPARE(t.deadlineMs(5000), 6000);
    QCOMPARE(HttpTimeouts().deadlineMs(qint64(4) * 1024 * 1024 * 1024),
        60000 + qint64(4) * 1024 * 1024 * 1024 / 32768 * 1000);

    HttpTestServer server;
    QVERIFY(server.listen());
    server.route("GET", "/hang", HttpTestResponse::failure(HttpTestResponse::Fault::NeverAnswer));
    HttpRequest req("GET", server.url(QStringLiteral("/hang")));
    req.retry = RetryPolicy::noRetry();
    req.timeouts.baseMs = 150;
    HttpJob* job = m_client.send(req);
    QVERIFY(job->waitForFinished(5000));
    QCOMPARE(job->error().kind, Error::Kind::Timeout);
    QVERIFY(job->error().message.contains(QStringLiteral("took too long")));
    delete job;
}

void TestHttpClient::cancel_abortsRunningRequest()
{
    HttpTestServer server;
    QVERIFY(server.listen());
    server.route("GET", "/hang", HttpTestResponse::failure(HttpTestResponse::Fault::NeverAnswer));
    HttpJob* job = m_client.send(HttpRequest("GET", server.url(QStringLiteral("/hang"))));
    QTRY_COMPARE(server.count("GET", QStringLiteral("/hang")), 1);
    job->cancel();
    QVERIFY(job->waitForFinished(5000));
    QCOMPARE(job->error().kind, Error::Kind::Cancelled);
    QCOMPARE(server.count("GET", QStringLiteral("/hang")), 1);
    delete job;
}

void TestHttpClient::connectionRefused_networkErrorRetried()
{
    quint16 port = 0;
    {
        HttpTestServer closed;
        QVERIFY(closed.listen());
        port = closed.port();
    }
    HttpRequest req("GET", QUrl(QStringLiteral("http://127.0.0.1:%1/x").arg(port)));
    req.retry = fastRetry(3);
    HttpJob* job = m_client.send(req);
    QSignalSpy retries(job, &HttpJob::retrying);
    QVERIFY(job->waitForFinished(5000));
    QCOMPARE(job->error().kind, Error::Kind::Network);
    QVERIFY(job->error().message.contains(QStringLiteral("Could not reach 127.0.0.1")));
    QCOMPARE(retries.size(), 2);
    delete job;
}

void TestHttpClient::tlsHandshakeFailure_tlsError()
{
    HttpTestServer server; // speaks plain HTTP: the TLS handshake cannot succeed
    QVERIFY(server.listen());
    HttpRequest req("GET", QUrl(QStringLiteral("https://127.0.0.1:%1/x").arg(server.port())));
    req.retry = fastRetry(3);
    HttpJob* job = m_client.send(req);
    QVERIFY(job->waitForFinished(5000));
    QCOMPARE(job->error().kind, Error::Kind::Tls);
    QVERIFY(job->error().message.contains(QStringLiteral("never ignores certificate errors")));
    delete job;
}

void TestHttpClient::redirect_crossHost_dropsAuthorization()
{
    HttpTestServer api;
    HttpTestServer cdn;
    QVERIFY(api.listen());
    QVERIFY(cdn.listen());
    api.route("GET", "/download", HttpTestResponse::redirect(302, cdn.url(QStringLiteral("/file?sig=abc"))));
    cdn.route("GET", "/file", HttpTestResponse::json(200, QByteArray(R"({"ok":1})")));
    HttpRequest req("GET", api.url(QStringLiteral("/download")));
    req.auth = HttpAuth::bearer(QByteArray("top-secret-token"));
    req.setHeader("X-HockeyAppToken", "another-secret");
    HttpJob* job = m_client.send(req);
    QVERIFY(job->waitForFinished(5000));
    QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
    QCOMPARE(api.last().header("authorization"), QByteArray("Bearer top-secret-token"));
    QCOMPARE(cdn.requests().size(), 1);
    QVERIFY(!cdn.last().hasHeader("authorization"));
    QVERIFY(!cdn.last().hasHeader("x-hockeyapptoken"));
    QCOMPARE(cdn.last().query.queryItemValue(QStringLiteral("sig")), QStringLiteral("abc"));
    QCOMPARE(job->result().url.port(), cdn.port());
    delete job;
}

void TestHttpClient::redirect_sameHost_keepsAuthorization()
{
    HttpTestServer api;
    QVERIFY(api.listen());
    api.route("POST", "/old", HttpTestResponse::redirect(303, api.url(QStringLiteral("/new"))));
    api.route("GET", "/new", HttpTestResponse::json(200, QByteArray("{}")));
    HttpRequest req("POST", api.url(QStringLiteral("/old")));
    req.setJson(QJsonObject {{QStringLiteral("x"), 1}});
    req.auth = HttpAuth::header("X-HockeyAppToken", "tok");
    HttpJob* job = m_client.send(req);
    QVERIFY(job->waitForFinished(5000));
    QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
    const auto gets = api.requests("GET", QStringLiteral("/new"));
    QCOMPARE(gets.size(), 1);
    QCOMPARE(gets.first().header("x-hockeyapptoken"), QByteArray("tok"));
    QCOMPARE(gets.first().bodySize, 0);
    delete job;
}

void TestHttpClient::errorParser_setsServerMessageAndKind()
{
    HttpTestServer server;
    QVERIFY(server.listen());
    server.route("POST", "/v",
        HttpTestResponse::json(
            400, QByteArray(R"({"statusCode":400,"message":"Version already exists","error":"ManageXR Error"})")));
    server.route("GET", "/generic", HttpTestResponse::json(403, QByteArray(R"({"message":"no access"})")));
    HttpRequest req("POST", server.url(QStringLiteral("/v")));
    req.setJson(QJsonObject {});
    req.serviceName = QStringLiteral("ManageXR");
    req.errorParser = [](const HttpResponse& r, Error& e) {
        e.serverMessage = r.jsonObject().value().value(QStringLiteral("message")).toString();
        if (e.serverMessage.contains(QStringLiteral("already exists")))
            e.kind = Error::Kind::Conflict;
    };
    HttpJob* job = m_client.send(req);
    QVERIFY(job->waitForFinished(5000));
    QCOMPARE(job->error().kind, Error::Kind::Conflict);
    QCOMPARE(job->error().serverMessage, QStringLiteral("Version already exists"));
    QCOMPARE(job->error().httpStatus, 400);
    QCOMPARE(job->result().status, 400);
    delete job;

    job = m_client.send(HttpRequest("GET", server.url(QStringLiteral("/generic"))));
    QVERIFY(job->waitForFinished(5000));
    QCOMPARE(job->error().kind, Error::Kind::Forbidden);
    QCOMPARE(job->error().serverMessage, QStringLiteral("no access"));
    delete job;
}

void TestHttpClient::errorStatus_mapsKinds_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<Error::Kind>("kind");
    QTest::newRow("400") << 400 << Error::Kind::Validation;
    QTest::newRow("401") << 401 << Error::Kind::Auth;
    QTest::newRow("403") << 403 << Error::Kind::Forbidden;
    QTest::newRow("404") << 404 << Error::Kind::NotFound;
    QTest::newRow("409") << 409 << Error::Kind::Conflict;
    QTest::newRow("422") << 422 << Error::Kind::Validation;
    QTest::newRow("429") << 429 << Error::Kind::RateLimited;
    QTest::newRow("500") << 500 << Error::Kind::Server;
    QTest::newRow("503") << 503 << Error::Kind::Server;
}

void TestHttpClient::errorStatus_mapsKinds()
{
    QFETCH(int, status);
    QFETCH(Error::Kind, kind);
    HttpTestServer server;
    QVERIFY(server.listen());
    server.route("GET", "/s", HttpTestResponse::json(status, QByteArray(R"({"message":"m"})")));
    HttpRequest req("GET", server.url(QStringLiteral("/s")));
    req.retry = RetryPolicy::noRetry();
    HttpJob* job = m_client.send(req);
    QVERIFY(job->waitForFinished(5000));
    QCOMPARE(job->error().kind, kind);
    QCOMPARE(job->error().httpStatus, status);
    QVERIFY(job->error().message.endsWith(QLatin1Char('.')));
    delete job;
}

void TestHttpClient::redaction_noSecretsInLogs()
{
    HttpTestServer server;
    QVERIFY(server.listen());
    server.route("POST", "/login",
        HttpTestResponse::json(200, QByteArray(R"({"token":"server-issued-token-777","user":"ann"})"))
            .withHeader("Set-Cookie", "AtmoAuthToken_x=cookie-secret-555; Path=/"));
    QLoggingCategory::setFilterRules(QStringLiteral("slipway.net.debug=true"));
    g_log.clear();
    g_previous = qInstallMessageHandler(captureMessages);
    HttpRequest req("POST", server.url(QStringLiteral("/login?api_key=query-secret-999&page=2")));
    req.setJson(QJsonObject {{QStringLiteral("email"), QStringLiteral("ann@example.com")},
        {QStringLiteral("password"), QStringLiteral("hunter2-password")},
        {QStringLiteral("nested"),
            QJsonObject {{QStringLiteral("apiKeySecret"), QStringLiteral("nested-secret-111")}}}});
    req.auth = HttpAuth::basic(QStringLiteral("id"), "basic-secret-222");
    req.setHeader("X-HockeyAppToken", "hockey-secret-333");
    req.setHeader("X-Csrf-Token_abc", "csrf-secret-444");
    req.setHeader("Cookie", "AtmoAuthToken_x=cookie-secret-666");
    HttpJob* job = m_client.send(req);
    QVERIFY(job->waitForFinished(5000));
    qInstallMessageHandler(g_previous);
    QLoggingCategory::setFilterRules(QStringLiteral("slipway.net.debug=false"));
    QVERIFY(job->succeeded());
    const QString all = g_log.join(QLatin1Char('\n'));
    QVERIFY2(all.contains(QStringLiteral("<redacted>")), qPrintable(all));
    QVERIFY(all.contains(QStringLiteral("ann@example.com"))); // bodies are logged, minus their secrets
    for (const char* secret : {"hunter2-password", "nested-secret-111", "basic-secret-222", "hockey-secret-333",
             "csrf-secret-444", "cookie-secret-555", "cookie-secret-666", "server-issued-token-777", "query-secret-999",
             QByteArray("id:basic-secret-222").toBase64().constData()}) {
        QVERIFY2(!all.contains(QLatin1String(secret)), secret);
    }
    delete job;

    QCOMPARE(HttpClient::redactBody("password=abc&user=me"), QByteArray("password=<redacted>&user=me"));
    QVERIFY(!HttpClient::redactBody(R"({"client_secret":"zz","cut":)").contains("zz"));
}

void TestHttpClient::redaction_authHeadersHiddenWhateverTheirName()
{
    // The generic rules do not know this name; the auth that sets it does.
    QVERIFY(!HttpClient::isSensitiveHeader("X-Account-Ident"));
    QVERIFY(Redaction::isSensitiveHeader("X-Account-Ident", {"x-account-ident"}));
    QCOMPARE(Redaction::header("x-account-ident", "v", {"X-Account-Ident"}), QByteArray("<redacted>"));
    QCOMPARE(Redaction::header("X-Other", "v", {"X-Account-Ident"}), QByteArray("v"));

    HttpTestServer server;
    QVERIFY(server.listen());
    server.route("GET", "/me", HttpTestResponse::json(200, QByteArray(R"({"user":"ann"})")));
    QLoggingCategory::setFilterRules(QStringLiteral("slipway.net.debug=true"));
    g_log.clear();
    g_previous = qInstallMessageHandler(captureMessages);
    HttpRequest req("GET", server.url(QStringLiteral("/me")));
    req.auth = HttpAuth::header("X-Account-Ident", "ident-secret-888");
    HttpJob* job = m_client.send(req);
    QVERIFY(job->waitForFinished(5000));
    qInstallMessageHandler(g_previous);
    QLoggingCategory::setFilterRules(QStringLiteral("slipway.net.debug=false"));
    QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
    QCOMPARE(server.last().header("x-account-ident"), QByteArray("ident-secret-888"));
    const QString all = g_log.join(QLatin1Char('\n'));
    QVERIFY2(all.contains(QStringLiteral("X-Account-Ident: <redacted>")), qPrintable(all));
    QVERIFY2(!all.contains(QStringLiteral("ident-secret-888")), qPrintable(all));
    delete job;
}

void TestHttpClient::paging_followsPagesToTheEnd()
{
    HttpTestServer server;
    QVERIFY(server.listen());
    server.route("GET", "/items", [](const RecordedRequest& r) {
        const int page
            = r.query.hasQueryItem(QStringLiteral("page")) ? r.query.queryItemValue(QStringLiteral("page")).toInt() : 1;
        return HttpTestResponse::json(
            200, QJsonObject {{QStringLiteral("page"), page}, {QStringLiteral("hasMore"), page < 3}});
    });
    HttpRequest first("GET", server.url(QStringLiteral("/items")));
    first.addQuery(QStringLiteral("limit"), QStringLiteral("2"));
    PagedJob* job = m_client.fetchAll(first, Paging::pageNumber(QStringLiteral("page"), [](const HttpResponse& r) {
        return r.jsonObject().value().value(QStringLiteral("hasMore")).toBool();
    }));
    QVERIFY(job->waitForFinished(5000));
    QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
    QCOMPARE(job->result().size(), 3);
    const auto reqs = server.requests("GET", QStringLiteral("/items"));
    QCOMPARE(reqs.size(), 3);
    QCOMPARE(reqs.at(1).query.queryItemValue(QStringLiteral("page")), QStringLiteral("2"));
    QCOMPARE(reqs.at(2).query.queryItemValue(QStringLiteral("page")), QStringLiteral("3"));
    QCOMPARE(reqs.at(2).query.queryItemValue(QStringLiteral("limit")), QStringLiteral("2"));
    delete job;
}

void TestHttpClient::paging_capStopsEndlessServer()
{
    HttpTestServer server;
    QVERIFY(server.listen());
    server.route("GET", "/items", HttpTestResponse::json(200, QByteArray(R"({"hasMore":true})")));
    HttpRequest first("GET", server.url(QStringLiteral("/items")));
    first.serviceName = QStringLiteral("Endless");
    PagedJob* job = m_client.fetchAll(
        first, Paging::pageNumber(QStringLiteral("page"), [](const HttpResponse&) { return true; }), 5);
    QVERIFY(job->waitForFinished(5000));
    QCOMPARE(job->error().kind, Error::Kind::BadResponse);
    QVERIFY2(job->error().message.contains(QStringLiteral("Endless never reported the last page")),
        qPrintable(job->error().message));
    QVERIFY(job->error().message.contains(QStringLiteral("5 pages")));
    QCOMPARE(server.count("GET", QStringLiteral("/items")), 5);
    delete job;
}

void TestHttpClient::paging_jsonLinkFollowsNext()
{
    HttpTestServer server;
    QVERIFY(server.listen());
    const QString base = server.baseUrl().toString();
    server.route("GET", "/v1/apps", [base](const RecordedRequest& r) {
        const QString cursor = r.query.queryItemValue(QStringLiteral("cursor"));
        QJsonObject links;
        if (cursor.isEmpty())
            links.insert(QStringLiteral("next"), QString(base + QStringLiteral("/v1/apps?cursor=B&limit=1")));
        else if (cursor == QLatin1String("B"))
            links.insert(QStringLiteral("next"), QStringLiteral("/v1/apps?cursor=C&limit=1"));
        return HttpTestResponse::json(200, QJsonObject {{QStringLiteral("links"), links}});
    });
    // A server that answers the same "next" forever is caught too.
    server.route("GET", "/loop", HttpTestResponse::json(200, QByteArray(R"({"links":{"next":"/loop?cursor=same"}})")));
    PagedJob* job = m_client.fetchAll(HttpRequest("GET", server.url(QStringLiteral("/v1/apps?limit=1"))),
        Paging::jsonLink({QStringLiteral("links"), QStringLiteral("next")}));
    QVERIFY(job->waitForFinished(5000));
    QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
    QCOMPARE(job->result().size(), 3);
    delete job;
    job = m_client.fetchAll(HttpRequest("GET", server.url(QStringLiteral("/loop"))),
        Paging::jsonLink({QStringLiteral("links"), QStringLiteral("next")}));
    QVERIFY(job->waitForFinished(5000));
    QCOMPARE(job->error().kind, Error::Kind::BadResponse);
    QVERIFY(job->error().message.contains(QStringLiteral("same page")));
    QCOMPARE(server.count("GET", QStringLiteral("/loop")), 2);
    delete job;
}

void TestHttpClient::rateLimiter_spacesRequests()
{
    RateLimiter limiter(10, 1000);
    for (int i = 0; i < 10; ++i)
        QCOMPARE(limiter.reserve(), 0);
    const qint64 eleventh = limiter.reserve();
    QVERIFY2(eleventh > 900 && eleventh <= 1000, QByteArray::number(eleventh));
    for (int i = 0; i < 9; ++i)
        QVERIFY(limiter.reserve() > 900);
    const qint64 twentyFirst = limiter.reserve();
    QVERIFY2(twentyFirst > 1900 && twentyFirst <= 2000, QByteArray::number(twentyFirst));
}

void TestHttpClient::rateLimiter_appliesToJobs()
{
    HttpTestServer server;
    QVERIFY(server.listen());
    server.route("GET", "/r", HttpTestResponse::json(200, QByteArray("{}")));
    auto limiter = std::make_shared<RateLimiter>(3, 300);
    QElapsedTimer clock;
    clock.start();
    QList<HttpJob*> jobs;
    for (int i = 0; i < 7; ++i) {
        HttpRequest req("GET", server.url(QStringLiteral("/r")));
        req.rateLimiter = limiter;
        jobs.append(m_client.send(req));
    }
    for (HttpJob* j : jobs) {
        QVERIFY(j->waitForFinished(5000));
        QVERIFY(j->succeeded());
    }
    // 7 requests at 3 per 300 ms need at least two full windows.
    QVERIFY2(clock.elapsed() >= 550, QByteArray::number(clock.elapsed()));
    qDeleteAll(jobs);
}

void TestHttpClient::service_resolvesPathsAgainstBase()
{
    HttpService svc;
    svc.baseUrl = QUrl(QStringLiteral("https://tenant.example.com/api/"));
    svc.query.addQueryItem(QStringLiteral("organizationId"), QStringLiteral("o1"));
    HttpRequest r = svc.request("GET", QStringLiteral("/v1/apps/"));
    QCOMPARE(r.effectiveUrl().toString(), QStringLiteral("https://tenant.example.com/api/v1/apps/?organizationId=o1"));
    r = svc.request("GET", QStringLiteral("v1/apps/com.x%2Fy/versions?page=2"));
    QCOMPARE(r.effectiveUrl().toString(QUrl::FullyEncoded),
        QStringLiteral("https://tenant.example.com/api/v1/apps/com.x%2Fy/versions?page=2&organizationId=o1"));
    r = svc.request("PUT", QStringLiteral("https://upload.example.com/part?sig=1"));
    QCOMPARE(r.url.host(), QStringLiteral("upload.example.com"));
}

void TestHttpClient::testServer_chunkedBodyAndKeepAlive()
{
    HttpTestServer server;
    QVERIFY(server.listen());
    server.route("POST", "/chunked", HttpTestResponse::json(200, QByteArray(R"({"ok":1})")));
    server.route("GET", "/after", HttpTestResponse::text(200, "second"));
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, server.port());
    QVERIFY(socket.waitForConnected(5000));
    socket.write("POST /chunked?x=1 HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n"
                 "Content-Type: text/plain\r\n\r\n5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\n"
                 "GET /after HTTP/1.1\r\nHost: t\r\n\r\n");
    QByteArray answer;
    QTRY_VERIFY_WITH_TIMEOUT((answer += socket.readAll()).contains("second"), 5000);
    QCOMPARE(answer.count("HTTP/1.1 200 OK"), 2);
    QCOMPARE(server.requests().size(), 2);
    const RecordedRequest post = server.requests().at(0);
    QVERIFY(post.chunked);
    QCOMPARE(post.body, QByteArray("hello world"));
    QCOMPARE(post.bodySize, 11);
    QCOMPARE(post.bodySha256, QCryptographicHash::hash("hello world", QCryptographicHash::Sha256).toHex());
    QCOMPARE(post.query.queryItemValue(QStringLiteral("x")), QStringLiteral("1"));
    QCOMPARE(server.requests().at(1).connection, post.connection);
    QCOMPARE(server.connectionCount(), 1);
}

void TestHttpClient::clientDestroyed_withRunningJobs_noCrash()
{
    HttpTestServer server;
    QVERIFY(server.listen());
    server.route("GET", "/hang", HttpTestResponse::failure(HttpTestResponse::Fault::NeverAnswer));
    auto* client = new HttpClient;
    QObject owner;
    QPointer<HttpJob> ownJob = client->send(HttpRequest("GET", server.url(QStringLiteral("/hang"))));
    QPointer<HttpJob> providerJob = client->send(HttpRequest("GET", server.url(QStringLiteral("/hang"))), &owner);
    QTRY_COMPARE(server.count("GET", QStringLiteral("/hang")), 2);
    delete client;
    QVERIFY(ownJob.isNull()); // the client's own jobs go with it
    QVERIFY(!providerJob.isNull());
    delete providerJob.data(); // its reply went with the client's access manager: no dangling pointer
    QVERIFY(providerJob.isNull());
}

QTEST_GUILESS_MAIN(TestHttpClient)
#include "tst_httpclient.moc"
