// Contract test: the App Store Connect provider against Prism serving ../shared/specs/app-store-connect-openapi.json
// (API 3.7.0 with the 4.5.1 build-upload operations merged in). Prism runs with --errors, so a request that violates
// the spec (path, query, body, the bearer security scheme) is answered with 4xx/422 instead of a mock: every call
// below succeeding proves the request matched the spec; the deliberately broken requests at the end prove the check
// can fail. Prism starts once for the whole binary (the spec is large).
#include <testutils/testutils.h>

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <credentials/memorycredentialstore.h>
#include <net/httpclient.h>
#include <providers/appstoreconnect/appstoreconnectprovider.h>
#include <providers/appstoreconnect/ascjson.h>
#include <providers/service/serviceclient.h>

using namespace Slipway;

class TestAppStoreConnectContract : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void listApps_passesValidation();
    void listVersionsAndBuilds_passValidation();
    void createUpdateAttachDeleteVersion_passValidation();
    void buildUploadCalls_passValidation();
    void editWhatsNew_passesValidation();
    void invalidRequests_areRejectedByPrism();

private:
    std::unique_ptr<AppStoreConnectProvider> provider();
    Result<HttpResponse> call(AppStoreConnectProvider* p, const HttpRequest& request);
    void skipOrFail(const char* why);

    QProcess m_prism;
    quint16 m_port = 0;
    HttpClient m_http;
    MemoryCredentialStore m_store;
    QTemporaryDir m_tmp;
};

void TestAppStoreConnectContract::skipOrFail(const char* why)
{
    if (Slipway::Test::requireShared())
        QFAIL(why);
    QSKIP(why);
}

void TestAppStoreConnectContract::initTestCase()
{
    const QString source = qEnvironmentVariable("SLIPWAY_SOURCE_DIR");
    const QString prism = source + QStringLiteral("/tests/contract/node_modules/.bin/prism");
    const QString spec
        = qEnvironmentVariable("SLIPWAY_SHARED_DIR") + QStringLiteral("/specs/app-store-connect-openapi.json");
    if (source.isEmpty() || !QFileInfo::exists(prism))
        skipOrFail("Prism is not installed: run `npm ci` in tests/contract (./scripts/test does)");
    if (!QFileInfo::exists(spec))
        skipOrFail("../shared/specs/app-store-connect-openapi.json is missing (SLIPWAY_SHARED_DIR)");
    const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    if (openssl.isEmpty())
        skipOrFail("openssl is not installed");

    // A throwaway P-256 key: Prism checks that a bearer token is present, not Apple's signature.
    const QString key = m_tmp.filePath(QStringLiteral("AuthKey.p8"));
    QProcess gen;
    gen.start(openssl,
        {QStringLiteral("genpkey"), QStringLiteral("-algorithm"), QStringLiteral("EC"), QStringLiteral("-pkeyopt"),
            QStringLiteral("ec_paramgen_curve:P-256"), QStringLiteral("-out"), key});
    QVERIFY(gen.waitForFinished(30000));
    QFile f(key);
    QVERIFY(f.open(QIODevice::ReadOnly));
    m_store.insert(CredentialStore::keyFor(QStringLiteral("asc-contract"), QStringLiteral("private-key")), f.readAll());

    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        m_port = probe.serverPort();
    }
    m_prism.setProcessChannelMode(QProcess::MergedChannels);
    m_prism.start(prism,
        {QStringLiteral("mock"), spec, QStringLiteral("-h"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"),
            QString::number(m_port), QStringLiteral("--errors")});
    QVERIFY2(m_prism.waitForStarted(10000), qPrintable(m_prism.errorString()));
    QElapsedTimer clock;
    clock.start();
    bool up = false;
    while (!up && clock.elapsed() < 150000 && m_prism.state() == QProcess::Running) {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_port);
        up = socket.waitForConnected(500);
        if (!up)
            m_prism.waitForReadyRead(500);
    }
    QVERIFY2(up, qPrintable(QStringLiteral("Prism did not start: ") + QString::fromUtf8(m_prism.readAll())));
}

void TestAppStoreConnectContract::cleanupTestCase()
{
    if (m_prism.state() != QProcess::NotRunning) {
        m_prism.terminate();
        if (!m_prism.waitForFinished(5000))
            m_prism.kill();
        m_prism.waitForFinished(2000);
    }
}

std::unique_ptr<AppStoreConnectProvider> TestAppStoreConnectContract::provider()
{
    Account a;
    a.name = QStringLiteral("asc-contract");
    a.service = QStringLiteral("appstoreconnect");
    a.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port));
    a.fields.insert(QStringLiteral("key-id"), QStringLiteral("2X9R4HXF34"));
    a.fields.insert(QStringLiteral("issuer-id"), QStringLiteral("57246542-96fe-1a63-e053-0824d011072a"));
    ProviderContext ctx;
    ctx.credentials = &m_store;
    ctx.http = &m_http;
    auto p = std::make_unique<AppStoreConnectProvider>(a, ctx);
    AppStoreConnectProvider::Timing timing;
    timing.apiRetry = RetryPolicy::noRetry();
    timing.partRetry = RetryPolicy::noRetry();
    timing.pollIntervalMs = 10;
    p->setTiming(timing);
    return p;
}

Result<HttpResponse> TestAppStoreConnectContract::call(AppStoreConnectProvider* p, const HttpRequest& request)
{
    std::optional<Result<HttpResponse>> out;
    QEventLoop loop;
    p->client()->send(request, p, [&out, &loop](const Result<HttpResponse>& r) {
        out = r;
        loop.quit();
    });
    QTimer::singleShot(20000, &loop, &QEventLoop::quit);
    if (!out)
        loop.exec();
    if (!out)
        return Error(Error::Kind::Timeout, QStringLiteral("no answer"));
    return *out;
}

void TestAppStoreConnectContract::listApps_passesValidation()
{
    auto p = provider();
    AppsJob* job = p->fetchApps();
    QVERIFY(job->waitForFinished(30000));
    QVERIFY2(job->succeeded(), qPrintable(job->error().toString() + QLatin1Char(' ') + job->error().details));
    QVERIFY(!job->result().isEmpty());
}

void TestAppStoreConnectContract::listVersionsAndBuilds_passValidation()
{
    auto p = provider();
    VersionsJob* job = p->fetchVersions(QStringLiteral("1234567890"));
    QVERIFY(job->waitForFinished(30000));
    QVERIFY2(job->succeeded(), qPrintable(job->error().toString() + QLatin1Char(' ') + job->error().details));
    QVERIFY(!job->result().isEmpty());
}

void TestAppStoreConnectContract::createUpdateAttachDeleteVersion_passValidation()
{
    auto p = provider();
    PublishJob* created = p->createVersion(QStringLiteral("1234567890"), QStringLiteral("ios"), QStringLiteral("1.2.0"),
        {{QStringLiteral("copyright"), QStringLiteral("2026 Example")},
            {QStringLiteral("release-type"), QStringLiteral("SCHEDULED")},
            {QStringLiteral("earliest-release-date"), QStringLiteral("2026-12-01T08:00:00Z")}});
    QVERIFY(created->waitForFinished(30000));
    QVERIFY2(
        created->succeeded(), qPrintable(created->error().toString() + QLatin1Char(' ') + created->error().details));
    PublishJob* updated
        = p->updateVersion(QStringLiteral("v1"), {{QStringLiteral("copyright"), QStringLiteral("2027 Example")}});
    QVERIFY(updated->waitForFinished(30000));
    QVERIFY2(
        updated->succeeded(), qPrintable(updated->error().toString() + QLatin1Char(' ') + updated->error().details));
    ActionJob* attached = p->attachBuild(QStringLiteral("v1"), QStringLiteral("b1"));
    QVERIFY(attached->waitForFinished(30000));
    QVERIFY2(
        attached->succeeded(), qPrintable(attached->error().toString() + QLatin1Char(' ') + attached->error().details));
    ActionJob* deleted = p->deleteVersion(QStringLiteral("1234567890"), QStringLiteral("v1"));
    QVERIFY(deleted->waitForFinished(30000));
    QVERIFY2(
        deleted->succeeded(), qPrintable(deleted->error().toString() + QLatin1Char(' ') + deleted->error().details));
}

void TestAppStoreConnectContract::buildUploadCalls_passValidation()
{
    auto p = provider();

    HttpRequest upload = p->request("POST", QStringLiteral("/v1/buildUploads"));
    upload.body = AscJson::createBuildUpload(
        QStringLiteral("1234567890"), QStringLiteral("1.0"), QStringLiteral("7"), QStringLiteral("IOS"));
    auto u = call(p.get(), upload);
    QVERIFY2(u.ok(), qPrintable(u.error().toString() + QLatin1Char(' ') + u.error().details));
    QCOMPARE(u.value().status, 201);
    QVERIFY(AscJson::parseBuildUpload(u.value().body).ok());

    HttpRequest file = p->request("POST", QStringLiteral("/v1/buildUploadFiles"));
    file.body = AscJson::createBuildUploadFile(
        QStringLiteral("up1"), QStringLiteral("App.ipa"), 286837, QStringLiteral("com.apple.ipa"));
    auto f = call(p.get(), file);
    QVERIFY2(f.ok(), qPrintable(f.error().toString() + QLatin1Char(' ') + f.error().details));
    QCOMPARE(f.value().status, 201);
    QVERIFY(AscJson::parseBuildUploadFile(f.value().body).ok());

    HttpRequest commit = p->request("PATCH", QStringLiteral("/v1/buildUploadFiles/file1"));
    commit.body
        = AscJson::commitBuildUploadFile(QStringLiteral("file1"), QStringLiteral("0cc175b9c0f1b6a831c399e269772661"));
    auto c = call(p.get(), commit);
    QVERIFY2(c.ok(), qPrintable(c.error().toString() + QLatin1Char(' ') + c.error().details));

    HttpRequest poll = p->request("GET", QStringLiteral("/v1/buildUploads/up1"));
    auto s = call(p.get(), poll);
    QVERIFY2(s.ok(), qPrintable(s.error().toString() + QLatin1Char(' ') + s.error().details));
    QVERIFY(AscJson::parseBuildUpload(s.value().body).ok());

    HttpRequest builds = p->request("GET", QStringLiteral("/v1/builds"));
    builds.addQuery(QStringLiteral("filter[app]"), QStringLiteral("1234567890"));
    builds.addQuery(QStringLiteral("filter[version]"), QStringLiteral("7"));
    builds.addQuery(QStringLiteral("filter[preReleaseVersion.platform]"), QStringLiteral("IOS"));
    builds.addQuery(QStringLiteral("include"), QStringLiteral("preReleaseVersion"));
    builds.addQuery(QStringLiteral("limit"), QStringLiteral("50"));
    auto b = call(p.get(), builds);
    QVERIFY2(b.ok(), qPrintable(b.error().toString() + QLatin1Char(' ') + b.error().details));
    QVERIFY(AscJson::parseBuilds(b.value().body, QStringLiteral("1234567890")).ok());

    // The whole publish job through Prism: the build upload and the file reservation pass validation; Prism's
    // generated upload operations are not real part URLs, which the job refuses before sending a byte.
    SLIPWAY_REQUIRE_CORPUS();
    PublishRequest request;
    request.files = {Slipway::Test::corpusFile(QStringLiteral("UnCrackable-Level1.ipa"))};
    request.appId = QStringLiteral("1234567890");
    request.versionName = QStringLiteral("1.0");
    request.versionCode = QStringLiteral("7");
    PublishJob* job = p->publish(request);
    QVERIFY(job->waitForFinished(60000));
    QVERIFY(!job->succeeded());
    QVERIFY2(job->error().kind == Error::Kind::BadResponse,
        qPrintable(job->error().toString() + QLatin1Char(' ') + job->error().details));
    QVERIFY(job->error().message.contains(QStringLiteral("upload instructions")));
}

// Provider::edit with notes: GET /v1/appStoreVersions/{id}/appStoreVersionLocalizations (fields, filter[locale],
// limit) and PATCH /v1/appStoreVersionLocalizations/{id} (AppStoreVersionLocalizationUpdateRequest).
void TestAppStoreConnectContract::editWhatsNew_passesValidation()
{
    auto p = provider();
    VersionEdit changes;
    changes.notes = QStringLiteral("Bug fixes and a faster start.");
    changes.options.insert(QStringLiteral("locale"), QStringLiteral("en-US"));
    ActionJob* job = p->edit(QStringLiteral("1234567890"), QStringLiteral("v1"), changes);
    QVERIFY(job->waitForFinished(30000));
    QVERIFY2(job->succeeded(), qPrintable(job->error().toString() + QLatin1Char(' ') + job->error().details));
}

void TestAppStoreConnectContract::invalidRequests_areRejectedByPrism()
{
    auto p = provider();
    // versionString is required by AppStoreVersionCreateRequest.
    HttpRequest bad = p->request("POST", QStringLiteral("/v1/appStoreVersions"));
    bad.body
        = R"({"data":{"type":"appStoreVersions","attributes":{"platform":"IOS"},"relationships":{"app":{"data":{"type":"apps","id":"1"}}}}})";
    auto r = call(p.get(), bad);
    QVERIFY(!r.ok());
    QVERIFY2(
        r.error().httpStatus == 422 || r.error().httpStatus == 400, qPrintable(QString::number(r.error().httpStatus)));
    QCOMPARE(r.error().kind, Error::Kind::Validation);

    // limit is at most 200.
    HttpRequest tooMany = p->request("GET", QStringLiteral("/v1/apps"));
    tooMany.addQuery(QStringLiteral("limit"), QStringLiteral("500"));
    auto t = call(p.get(), tooMany);
    QVERIFY(!t.ok());
    QVERIFY(t.error().httpStatus == 422 || t.error().httpStatus == 400);
}

QTEST_GUILESS_MAIN(TestAppStoreConnectContract)
#include "tst_appstoreconnect_contract.moc"
