// The network client against a misbehaving server (issue 10): answers that never end, listings that never end,
// a create whose 2xx answer is lost or unreadable, stalls, and the messages those produce.
#include <testutils/httptestserver.h>

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>
#include <net/attemptfailure.h>
#include <net/httpclient.h>
#include <net/redaction.h>
#include <sys/resource.h>

using namespace Slipway;
using namespace Slipway::Test;

namespace {

RetryPolicy fastRetry(int attempts)
{
    RetryPolicy p;
    p.maxAttempts = attempts;
    p.initialDelayMs = 5;
    p.maxDelayMs = 20;
    p.jitter = 0;
    return p;
}

qint64 peakRssKb()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

// A create service: POST /create stores a version (the answer is `answer`), GET /versions lists what is stored.
struct CreateService
{
    HttpTestServer server;
    int stored = 0;
    bool lookupFails = false;

    explicit CreateService(const HttpTestResponse& answer)
    {
        server.route("POST", "/create", [this, answer](const RecordedRequest&) {
            ++stored;
            return answer;
        });
        server.route("GET", "/versions", [this](const RecordedRequest&) {
            if (lookupFails)
                return HttpTestResponse::json(500, QByteArray(R"({"message":"lookup down"})"));
            QJsonArray items;
            for (int i = 1; i <= stored; ++i)
                items.append(QJsonObject {{QStringLiteral("id"), QStringLiteral("v%1").arg(i)}});
            return HttpTestResponse::json(200, QJsonObject {{QStringLiteral("data"), items}});
        });
    }

    // A POST whose verify lookup lists the versions: one there = created.
    HttpRequest createRequest(HttpClient* client, int attempts)
    {
        HttpRequest req("POST", server.url(QStringLiteral("/create")));
        req.serviceName = QStringLiteral("Store");
        req.setJson(QJsonObject {{QStringLiteral("version"), QStringLiteral("1.0")}});
        req.retry = fastRetry(attempts);
        const QUrl listUrl = server.url(QStringLiteral("/versions"));
        req.retry.verifyBeforeRetry([client, listUrl](const Error&, const RetryPolicy::VerifyDone& done) {
            HttpRequest list("GET", listUrl);
            list.retry = RetryPolicy::noRetry();
            HttpJob* lookup = client->send(list);
            QObject::connect(lookup, &Job::finished, lookup, [lookup, done] {
                lookup->deleteLater();
                if (!lookup->succeeded())
                    return done(VerifyOutcome::unknown());
                const QJsonArray items = lookup->result().jsonObject().value().value(QStringLiteral("data")).toArray();
                if (items.isEmpty())
                    return done(VerifyOutcome::notCreated());
                HttpResponse existing = lookup->result();
                existing.body = QJsonDocument(items.first().toObject()).toJson();
                done(VerifyOutcome::created(existing));
            });
        });
        return req;
    }
};

} // namespace

class TestNetFaults : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void chunkedHugeAnswer_refusedAtCapWithLowMemory();
    void chunkedAnswerUnderCap_readWhole();
    void paging_endlessLargePages_totalBytesCapped();
    void paging_manySmallPages_totalItemsCapped();
    void create_201ThenDrop_verifiedNoDuplicate();
    void create_201Garbage_verifiedNoDuplicate();
    void create_201Garbage_lastAttemptStillVerified();
    void create_201GarbageNotStored_sentAgain();
    void create_answerLostAndLookupFailed_mayHaveGoneThrough();
    void stallMidBody_messageStatesRealTotal();
    void stallBeforeAnswer_timesOutOnce();
    void defaults_fromEnvironment();
    void rateLimited_retryAfterHonoured();
    void htmlErrorPage_onCreate_notVerifiedAsCreated();
    void details_urlWithPercentEscapes_notMangled();

private:
    HttpClient m_client;
};

void TestNetFaults::initTestCase()
{
    qRegisterMetaType<Slipway::Error>();
}

void TestNetFaults::chunkedHugeAnswer_refusedAtCapWithLowMemory()
{
    HttpTestServer server;
    QVERIFY(server.listen());
    server.route("GET", "/huge", HttpTestResponse::generated(200, 1024LL * 1024 * 1024, "{\"data\":\""));
    HttpRequest req("GET", server.url(QStringLiteral("/huge")));
    req.serviceName = QStringLiteral("Huge");
    req.retry = RetryPolicy::noRetry();
    const qint64 before = peakRssKb();
    HttpJob* job = m_client.send(req);
    QVERIFY(job->waitForFinished(120000));
    QCOMPARE(job->error().kind, Error::Kind::BadResponse);
    QVERIFY2(job->error().message.contains(QStringLiteral("Huge answered with more than 64 MB")),
        qPrintable(job->error().message));
    const qint64 grownMb = (peakRssKb() - before) / 1024;
    QVERIFY2(grownMb < 200, qPrintable(QStringLiteral("peak RSS grew by %1 MB").arg(grownMb)));
    delete job;
}

void TestNetFaults::chunkedAnswerUnderCap_readWhole()
{
    HttpTestServer server;
    QVERIFY(server.listen());
    const qint64 size = 5 * 1024 * 1024 + 17; // several times Qt's read buffer
    server.route("GET", "/big", HttpTestResponse::generated(200, size));
    HttpRequest req("GET", server.url(QStringLiteral("/big")));
    req.expect = HttpRequest::Expect::Any;
    HttpJob* job = m_client.send(req);
    QVERIFY(job->waitForFinished(30000));
    QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
    QCOMPARE(job->result().body.size(), size);
    delete job;
}

void TestNetFaults::paging_endlessLargePages_totalBytesCapped()
{
    HttpTestServer server;
    QVERIFY(server.listen());
    const QByteArray page = "{\"hasMore\":true,\"data\":[\"" + QByteArray(3 * 1024 * 1024, 'x') + "\"]}";
    server.route("GET", "/items", HttpTestResponse::json(200, page));
    HttpRequest first("GET", server.url(QStringLiteral("/items")));
    first.serviceName = QStringLiteral("Endless");
    const qint64 before = peakRssKb();
    PagedJob* job = m_client.fetchAll(
        first, Paging::pageNumber(QStringLiteral("page"), [](const HttpResponse&) { return true; }));
    QVERIFY(job->waitForFinished(120000));
    QCOMPARE(job->error().kind, Error::Kind::BadResponse);
    QVERIFY2(job->error().message.contains(
                 QStringLiteral("The list from Endless is longer than Slipway accepts (more than 256 MB")),
        qPrintable(job->error().message));
    QVERIFY(job->error().message.contains(QStringLiteral("narrow it")));
    QCOMPARE(server.count("GET", QStringLiteral("/items")), 86); // 85 pages fit in 256 MB
    const qint64 grownMb = (peakRssKb() - before) / 1024;
    QVERIFY2(grownMb < 600, qPrintable(QStringLiteral("peak RSS grew by %1 MB").arg(grownMb)));
    delete job;
}

void TestNetFaults::paging_manySmallPages_totalItemsCapped()
{
    HttpTestServer server;
    QVERIFY(server.listen());
    QJsonArray items;
    for (int i = 0; i < 1000; ++i)
        items.append(i);
    server.route("GET", "/items",
        HttpTestResponse::json(200, QJsonObject {{QStringLiteral("hasMore"), true}, {QStringLiteral("data"), items}}));
    HttpRequest first("GET", server.url(QStringLiteral("/items")));
    first.serviceName = QStringLiteral("Endless");
    PagedJob* job = m_client.fetchAll(
        first, Paging::pageNumber(QStringLiteral("page"), [](const HttpResponse&) { return true; }));
    QVERIFY(job->waitForFinished(60000));
    QCOMPARE(job->error().kind, Error::Kind::BadResponse);
    QVERIFY2(job->error().message.contains(QStringLiteral("more than 100000 items")), qPrintable(job->error().message));
    QCOMPARE(server.count("GET", QStringLiteral("/items")), 101);
    HttpResponse array;
    array.body = "[1,2,3]";
    QCOMPARE(PagedJob::countItems(array), 3);
    delete job;
}

void TestNetFaults::create_201ThenDrop_verifiedNoDuplicate()
{
    CreateService svc(HttpTestResponse::dropAfter(201, R"({"id":"v1","state":"stored"})", 40));
    QVERIFY(svc.server.listen());
    HttpJob* job = m_client.send(svc.createRequest(&m_client, 3));
    QVERIFY(job->waitForFinished(10000));
    QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
    QVERIFY(job->result().recovered);
    QCOMPARE(job->result().jsonObject().value().value(QStringLiteral("id")), QJsonValue(QStringLiteral("v1")));
    QCOMPARE(svc.server.count("POST", QStringLiteral("/create")), 1);
    QCOMPARE(svc.stored, 1);
    delete job;
}

void TestNetFaults::create_201Garbage_verifiedNoDuplicate()
{
    CreateService svc(HttpTestResponse::garbage(201));
    QVERIFY(svc.server.listen());
    HttpJob* job = m_client.send(svc.createRequest(&m_client, 3));
    QVERIFY(job->waitForFinished(10000));
    QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
    QVERIFY(job->result().recovered);
    QCOMPARE(job->result().jsonObject().value().value(QStringLiteral("id")), QJsonValue(QStringLiteral("v1")));
    QCOMPARE(svc.server.count("POST", QStringLiteral("/create")), 1);
    QCOMPARE(svc.stored, 1);
    delete job;
}

void TestNetFaults::create_201Garbage_lastAttemptStillVerified()
{
    CreateService svc(HttpTestResponse::garbage(201));
    QVERIFY(svc.server.listen());
    HttpJob* job = m_client.send(svc.createRequest(&m_client, 1));
    QVERIFY(job->waitForFinished(10000));
    QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
    QVERIFY(job->result().recovered);
    QCOMPARE(svc.stored, 1);
    delete job;
}

void TestNetFaults::create_201GarbageNotStored_sentAgain()
{
    // A proxy answers garbage without the service storing anything: the lookup finds nothing, so sending again
    // is safe; the second attempt gets a proper answer.
    CreateService svc(HttpTestResponse::json(201, QByteArray(R"({"id":"v1"})")));
    QVERIFY(svc.server.listen());
    svc.server.route("POST", "/create",
        HttpTestServer::sequence(
            {HttpTestResponse::garbage(201), HttpTestResponse::json(201, QByteArray(R"({"id":"v1"})"))}));
    HttpJob* job = m_client.send(svc.createRequest(&m_client, 3));
    QVERIFY(job->waitForFinished(10000));
    QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
    QVERIFY(!job->result().recovered);
    QCOMPARE(svc.server.count("POST", QStringLiteral("/create")), 2);
    QCOMPARE(svc.server.count("GET", QStringLiteral("/versions")), 1);
    delete job;
}

void TestNetFaults::create_answerLostAndLookupFailed_mayHaveGoneThrough()
{
    CreateService svc(HttpTestResponse::dropAfter(201, R"({"id":"v1"})", 30));
    svc.lookupFails = true;
    QVERIFY(svc.server.listen());
    HttpJob* job = m_client.send(svc.createRequest(&m_client, 3));
    QVERIFY(job->waitForFinished(10000));
    QVERIFY(!job->succeeded());
    QVERIFY2(job->error().message.contains(QStringLiteral("it may have gone through. Check Store before publishing")),
        qPrintable(job->error().message));
    QVERIFY(!job->error().message.contains(QStringLiteral("connection")));
    QCOMPARE(svc.server.count("POST", QStringLiteral("/create")), 1);
    delete job;
}

void TestNetFaults::stallMidBody_messageStatesRealTotal()
{
    HttpTestServer server;
    QVERIFY(server.listen());
    server.route("GET", "/slow", HttpTestResponse::stallMidBody(200, R"({"data":[1,2,3,4,5,6,7,8,9]})", 50));
    HttpRequest req("GET", server.url(QStringLiteral("/slow")));
    req.serviceName = QStringLiteral("Slow");
    req.retry = fastRetry(3);
    req.timeouts.stallMs = 200;
    HttpJob* job = m_client.send(req);
    QVERIFY(job->waitForFinished(10000));
    QCOMPARE(job->error().kind, Error::Kind::Timeout);
    QVERIFY2(job->error().message.contains(
                 QStringLiteral("Slow stopped responding: no data moved for 200 ms on 3 attempts (600 ms)")),
        qPrintable(job->error().message));
    QCOMPARE(server.count("GET", QStringLiteral("/slow")), 3);
    delete job;
}

void TestNetFaults::stallBeforeAnswer_timesOutOnce()
{
    HttpTestServer server;
    QVERIFY(server.listen());
    server.route("GET", "/hang", HttpTestResponse::failure(HttpTestResponse::Fault::NeverAnswer));
    HttpRequest req("GET", server.url(QStringLiteral("/hang")));
    req.serviceName = QStringLiteral("Hanging");
    req.retry = RetryPolicy::noRetry();
    req.timeouts.stallMs = 1000;
    HttpJob* job = m_client.send(req);
    QVERIFY(job->waitForFinished(10000));
    QCOMPARE(job->error().kind, Error::Kind::Timeout);
    QVERIFY2(job->error().message.contains(QStringLiteral("no data moved for 1 s.")), qPrintable(job->error().message));
    delete job;
}

void TestNetFaults::defaults_fromEnvironment()
{
    qunsetenv("SLIPWAY_STALL_SECONDS");
    qunsetenv("SLIPWAY_ATTEMPTS");
    QCOMPARE(HttpTimeouts().stallMs, 30000);
    QCOMPARE(RetryPolicy().maxAttempts, 3);
    HttpRequest req;
    req.serviceName = QStringLiteral("Store");
    QCOMPARE(AttemptFailure::stallMessage(req, 3),
        QStringLiteral("Store stopped responding: no data moved for 30 s on 3 attempts (1 min 30 s). Check your "
                       "connection and try again."));
    qputenv("SLIPWAY_STALL_SECONDS", "7");
    qputenv("SLIPWAY_ATTEMPTS", "2");
    QCOMPARE(HttpTimeouts().stallMs, 7000);
    QCOMPARE(RetryPolicy().maxAttempts, 2);
    qputenv("SLIPWAY_ATTEMPTS", "nonsense");
    QCOMPARE(RetryPolicy().maxAttempts, 3);
    qunsetenv("SLIPWAY_STALL_SECONDS");
    qunsetenv("SLIPWAY_ATTEMPTS");
}

void TestNetFaults::rateLimited_retryAfterHonoured()
{
    HttpTestServer server;
    QVERIFY(server.listen());
    server.route("GET", "/apps",
        HttpTestServer::sequence(
            {HttpTestResponse::rateLimited(1), HttpTestResponse::json(200, QByteArray(R"({"data":[]})"))}));
    HttpRequest req("GET", server.url(QStringLiteral("/apps")));
    req.retry = fastRetry(3);
    HttpJob* job = m_client.send(req);
    QSignalSpy retrying(job, &HttpJob::retrying);
    QVERIFY(job->waitForFinished(10000));
    QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
    QCOMPARE(retrying.size(), 1);
    QCOMPARE(retrying.first().at(1).toInt(), 1000);
    delete job;
}

void TestNetFaults::htmlErrorPage_onCreate_notVerifiedAsCreated()
{
    // An HTML 404 page on a create is a wrong base URL: no lookup, no retry, a clear message.
    CreateService svc(HttpTestResponse::html(404, "<html><head><title>Not Found</title></head></html>"));
    QVERIFY(svc.server.listen());
    HttpJob* job = m_client.send(svc.createRequest(&m_client, 3));
    QVERIFY(job->waitForFinished(10000));
    QVERIFY(!job->succeeded());
    QVERIFY2(job->error().message.contains(QStringLiteral("HTML page")), qPrintable(job->error().message));
    QCOMPARE(svc.server.count("POST", QStringLiteral("/create")), 1);
    QCOMPARE(svc.server.count("GET", QStringLiteral("/versions")), 0);
    delete job;
}

void TestNetFaults::details_urlWithPercentEscapes_notMangled()
{
    HttpTestServer server;
    QVERIFY(server.listen());
    server.route("GET", "/**", HttpTestResponse::dropAfter(200, R"({"data":[1,2,3,4,5,6,7,8,9]})", 50));
    const QUrl url = QUrl::fromEncoded("http://127.0.0.1:" + QByteArray::number(server.port()) + "/a%2Fb%3Ac");
    HttpRequest req("GET", url);
    req.retry = RetryPolicy::noRetry();
    HttpJob* job = m_client.send(req);
    QVERIFY(job->waitForFinished(10000));
    QVERIFY(!job->succeeded());
    QVERIFY2(job->error().details.contains(Redaction::url(url)), qPrintable(job->error().details));
    QVERIFY2(job->error().details.contains(QStringLiteral("a%2Fb%3Ac")), qPrintable(job->error().details));
    delete job;
}

QTEST_GUILESS_MAIN(TestNetFaults)
#include "tst_netfaults.moc"
