// Contract test: the ManageXR provider against Prism serving the published OpenAPI description
// (../shared/specs/managexr-openapi.yaml). Prism runs with --errors, so a request that violates the spec is answered
// with 4xx/422 instead of a mock response: every provider call below passing proves the request matched the spec;
// the deliberately broken request at the end proves the check can fail.
#include <testutils/testutils.h>

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <credentials/memorycredentialstore.h>
#include <net/httpclient.h>
#include <providers/managexr/managexrjson.h>
#include <providers/managexr/managexrprovider.h>

using namespace Slipway;

class TestManageXrContract : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void listApps_passesValidation();
    void listVersions_passesValidation();
    void createVersion_passesValidation();
    void createApp_passesValidation();
    void editAndDeleteVersion_passValidation();
    void invalidRequest_isRejectedByPrism();

private:
    std::unique_ptr<ManageXrProvider> provider();
    void skipOrFail(const char* why);

    QProcess m_prism;
    quint16 m_port = 0;
    HttpClient m_http;
    MemoryCredentialStore m_store;
    QTemporaryDir m_tmp;
};

void TestManageXrContract::skipOrFail(const char* why)
{
    if (Slipway::Test::requireShared())
        QFAIL(why);
    QSKIP(why);
}

void TestManageXrContract::initTestCase()
{
    const QString source = qEnvironmentVariable("SLIPWAY_SOURCE_DIR");
    const QString prism = source + QStringLiteral("/tests/contract/node_modules/.bin/prism");
    QString shared = qEnvironmentVariable("SLIPWAY_SHARED_DIR");
    const QString spec = shared + QStringLiteral("/specs/managexr-openapi.yaml");
    if (source.isEmpty() || !QFileInfo::exists(prism))
        skipOrFail("Prism is not installed: run `npm ci` in tests/contract (./scripts/test does)");
    if (shared.isEmpty() || !QFileInfo::exists(spec))
        skipOrFail("../shared/specs/managexr-openapi.yaml is missing (SLIPWAY_SHARED_DIR)");

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

    // Wait until Prism accepts connections: poll, bounded, woken by its output.
    QElapsedTimer clock;
    clock.start();
    bool up = false;
    while (!up && clock.elapsed() < 90000 && m_prism.state() == QProcess::Running) {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_port);
        up = socket.waitForConnected(500);
        if (!up)
            m_prism.waitForReadyRead(500);
    }
    QVERIFY2(up, qPrintable(QStringLiteral("Prism did not start: ") + QString::fromUtf8(m_prism.readAll())));

    m_store.insert(CredentialStore::keyFor(QStringLiteral("mxr-contract"), QStringLiteral("key-secret")), "secret");
}

void TestManageXrContract::cleanupTestCase()
{
    if (m_prism.state() != QProcess::NotRunning) {
        m_prism.terminate();
        if (!m_prism.waitForFinished(5000))
            m_prism.kill();
        m_prism.waitForFinished(2000);
    }
}

std::unique_ptr<ManageXrProvider> TestManageXrContract::provider()
{
    Account a;
    a.name = QStringLiteral("mxr-contract");
    a.service = QStringLiteral("managexr");
    a.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port));
    a.fields.insert(QStringLiteral("key-id"), QStringLiteral("key-id"));
    a.fields.insert(QStringLiteral("organization-id"), QStringLiteral("org_123"));
    ProviderContext ctx;
    ctx.credentials = &m_store;
    ctx.http = &m_http;
    auto p = std::make_unique<ManageXrProvider>(a, ctx);
    p->setRetryPolicy(RetryPolicy::noRetry());
    return p;
}

void TestManageXrContract::listApps_passesValidation()
{
    auto p = provider();
    AppsJob* job = p->fetchApps();
    QVERIFY(job->waitForFinished(20000));
    QVERIFY2(job->succeeded(), qPrintable(job->error().toString() + QLatin1Char(' ') + job->error().details));
    QVERIFY(!job->result().isEmpty());
    QVERIFY(!job->result().first().id.isEmpty());
}

void TestManageXrContract::listVersions_passesValidation()
{
    auto p = provider();
    VersionsJob* job = p->fetchVersions(QStringLiteral("com.example.vrapp"));
    QVERIFY(job->waitForFinished(20000));
    QVERIFY2(job->succeeded(), qPrintable(job->error().toString() + QLatin1Char(' ') + job->error().details));
    QVERIFY(!job->result().isEmpty());
    QVERIFY(!job->result().first().id.isEmpty());
    QVERIFY(!job->result().first().versionCode.isEmpty());
}

void TestManageXrContract::createVersion_passesValidation()
{
    // Prism's mock says every app exists (GET /v1/apps/{packageName} answers 200), so publish takes the
    // "register a version" path, then retargets a release channel.
    QFile apk(m_tmp.filePath(QStringLiteral("app.apk")));
    QVERIFY(apk.open(QIODevice::WriteOnly));
    apk.write("contract-test-apk");
    apk.close();
    PublishRequest req;
    req.files << apk.fileName();
    req.inspection = QJsonObject {{QStringLiteral("kind"), QStringLiteral("apk")},
        {QStringLiteral("packageId"), QStringLiteral("com.example.vrapp")}, {QStringLiteral("versionCode"), 42},
        {QStringLiteral("versionName"), QStringLiteral("1.2.0")}};
    req.label = QStringLiteral("qa");
    req.options.insert(QStringLiteral("apk-url"), QStringLiteral("https://files.example.com/app.apk"));
    req.options.insert(QStringLiteral("release-channel"), QStringLiteral("Beta testers"));
    auto p = provider();
    PublishJob* job = p->publish(req);
    QVERIFY(job->waitForFinished(30000));
    QVERIFY2(job->succeeded(), qPrintable(job->error().toString() + QLatin1Char(' ') + job->error().details));
    QVERIFY(!job->result().id.isEmpty());
}

void TestManageXrContract::createApp_passesValidation()
{
    // The create-app call exactly as the provider builds it (its service, auth, organizationId, and body), sent
    // directly: Prism never answers 404 for GET /v1/apps/{packageName}, so publish would not reach it.
    auto p = provider();
    HttpService svc = p->service();
    svc.auth = HttpAuth::basic(QStringLiteral("key-id"), "secret");
    ManageXrJson::NewVersion v;
    v.packageName = QStringLiteral("com.example.newapp");
    v.title = QStringLiteral("New VR App");
    v.versionCode = 1;
    v.versionName = QStringLiteral("1.0.0");
    v.versionLabel = QStringLiteral("first");
    v.apkUrl = QStringLiteral("https://files.example.com/new.apk");
    v.apkMd5 = QStringLiteral("0123456789abcdef0123456789abcdef");
    v.apkSize = 1234;
    v.obbUrl = QStringLiteral("https://files.example.com/main.obb");
    v.obbMd5 = QStringLiteral("fedcba9876543210fedcba9876543210");
    v.obbSize = 99;
    HttpRequest req = svc.request("POST", QStringLiteral("/v1/apps/"));
    req.setJson(ManageXrJson::appBody(v));
    HttpJob* job = m_http.send(req);
    QVERIFY(job->waitForFinished(20000));
    QVERIFY2(job->succeeded(), qPrintable(job->error().toString() + QLatin1Char(' ') + job->result().body));
    auto created = ManageXrJson::parseCreatedVersion(job->result().body, v.packageName);
    QVERIFY2(created, qPrintable(created.error().toString()));
    delete job;
}

void TestManageXrContract::editAndDeleteVersion_passValidation()
{
    auto p = provider();
    ActionJob* edit
        = p->editVersionLabel(QStringLiteral("com.example.vrapp"), QStringLiteral("av_123"), QStringLiteral("gold"));
    QVERIFY(edit->waitForFinished(20000));
    QVERIFY2(edit->succeeded(), qPrintable(edit->error().toString() + QLatin1Char(' ') + edit->error().details));
    ActionJob* del = p->deleteVersion(QStringLiteral("com.example.vrapp"), QStringLiteral("av_123"));
    QVERIFY(del->waitForFinished(20000));
    QVERIFY2(del->succeeded(), qPrintable(del->error().toString() + QLatin1Char(' ') + del->error().details));
}

void TestManageXrContract::invalidRequest_isRejectedByPrism()
{
    auto p = provider();
    HttpService svc = p->service();
    svc.auth = HttpAuth::basic(QStringLiteral("key-id"), "secret");
    // versionCode as a string and no apkUrl: both violate the documented schema.
    HttpRequest req = svc.request("POST", QStringLiteral("/v1/apps/com.example.vrapp/versions"));
    req.setJson(QJsonObject {{QStringLiteral("versionCode"), QStringLiteral("42")},
        {QStringLiteral("versionName"), QStringLiteral("1.2.0")}});
    HttpJob* job = m_http.send(req);
    QVERIFY(job->waitForFinished(20000));
    QVERIFY(!job->succeeded());
    QCOMPARE(job->error().kind, Error::Kind::Validation);
    QVERIFY2(
        job->error().httpStatus == 422 || job->error().httpStatus == 400, QByteArray::number(job->error().httpStatus));
    // Prism answers with the spec's documented 400 example and names the violations in its sl-violations header.
    const QByteArray violations = job->result().header("sl-violations");
    QVERIFY2(violations.contains("versionCode") || violations.contains("apkUrl"), violations);
    QCOMPARE(job->error().serverMessage, QStringLiteral("Invalid request"));
    delete job;

    // The same call without credentials: Prism enforces the documented basicAuth.
    HttpRequest anonymous = req;
    anonymous.auth = HttpAuth();
    anonymous.setJson(
        QJsonObject {{QStringLiteral("versionCode"), 42}, {QStringLiteral("versionName"), QStringLiteral("1.2.0")},
            {QStringLiteral("apkUrl"), QStringLiteral("https://files.example.com/a.apk")}});
    job = m_http.send(anonymous);
    QVERIFY(job->waitForFinished(20000));
    QCOMPARE(job->error().kind, Error::Kind::Auth);
    QCOMPARE(job->error().httpStatus, 401);
    delete job;
}

QTEST_GUILESS_MAIN(TestManageXrContract)
#include "tst_managexr_contract.moc"
