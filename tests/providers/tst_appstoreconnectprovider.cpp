// App Store Connect provider against a loopback server that plays Apple's API and its pre-signed upload URLs:
// listing with paging, the Build Uploads flow with byte-identical parts, a part retried on its own, an expired
// token renewed after a 401, Apple's errors.

#include <testutils/httptestserver.h>
#include <testutils/testutils.h>

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <credentials/memorycredentialstore.h>
#include <net/httpclient.h>
#include <providers/appstoreconnect/appstoreconnectprovider.h>

using namespace Slipway;
using namespace Slipway::Test;

namespace {

const QString kApp = QStringLiteral("1234567890");
const QString kBundle = QStringLiteral("sg.vp.UnCrackable1"); // CFBundleIdentifier of UnCrackable-Level1.ipa
constexpr qint64 kPartSize = 80000;

QJsonObject jwtPayload(const QByteArray& authorization)
{
    const QList<QByteArray> parts = authorization.mid(7).split('.');
    if (!authorization.startsWith("Bearer ") || parts.size() != 3)
        return {};
    return QJsonDocument::fromJson(QByteArray::fromBase64(parts.at(1), QByteArray::Base64UrlEncoding)).object();
}

QByteArray sha256(const QByteArray& data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex();
}

} // namespace

class TestAppStoreConnectProvider : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void fetchApps_followsNextAndSignsEveryRequest();
    void fetchApps_expiredToken_renewedAfter401();
    void fetchVersions_appStoreVersionsAndBuilds();
    void publish_buildUploadFlow_partsByteIdentical_partRetriedAlone();
    void publish_uploadFailed_showsApplesErrors();
    void publish_unknownBundleId_isNotFound();
    void createVersion_conflict_isConflict();
    void rateLimited_isRateLimitedWithBudget();
    void deleteVersion_sendsDelete();
    void deleteBuild_expiresTheBuild_neverDeletesAVersion();
    void fetchVersions_pagesBuildsBeyond200();
    void earliestReleaseDate_needsScheduled();
    void rateLimitHeader_pacesAndStopsBeforeA429();
    void edit_patchesTheVersionAttributes();
    void edit_whatsNewPatchesTheVersionLocalization();
    void missingKey_isClearError();
    void publish_atMostThreePartsInFlight_cancelStopsBeforeCommit();
    void errors_documentedExamplesMapToKinds_data();
    void errors_documentedExamplesMapToKinds();
    void cli_accountsAppsVersionsPublishEndToEnd();

private:
    AppStoreConnectProvider* makeProvider(const QString& accountName = QStringLiteral("asc-test"));
    void routeUploadFlow(const QString& ipa, const QList<HttpTestResponse>& uploadStates);

    QTemporaryDir m_dir;
    QByteArray m_p8;
    HttpTestServer* m_server = nullptr;
    HttpClient* m_http = nullptr;
    MemoryCredentialStore* m_secrets = nullptr;
};

void TestAppStoreConnectProvider::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    if (openssl.isEmpty())
        QSKIP("openssl is not installed");
    const QString key = m_dir.filePath(QStringLiteral("AuthKey.p8"));
    QProcess p;
    p.start(openssl,
        {QStringLiteral("genpkey"), QStringLiteral("-algorithm"), QStringLiteral("EC"), QStringLiteral("-pkeyopt"),
            QStringLiteral("ec_paramgen_curve:P-256"), QStringLiteral("-out"), key});
    QVERIFY(p.waitForFinished(30000));
    QCOMPARE(p.exitCode(), 0);
    QFile f(key);
    QVERIFY(f.open(QIODevice::ReadOnly));
    m_p8 = f.readAll();
}

void TestAppStoreConnectProvider::init()
{
    m_server = new HttpTestServer(this);
    QVERIFY(m_server->listen());
    m_server->setStoreLimit(8 * 1024 * 1024);
    m_http = new HttpClient(this);
    m_secrets = new MemoryCredentialStore(this);
    m_secrets->insert(CredentialStore::keyFor(QStringLiteral("asc-test"), QStringLiteral("private-key")), m_p8);
}

void TestAppStoreConnectProvider::cleanup()
{
    delete m_server;
    delete m_http;
    delete m_secrets;
    m_server = nullptr;
}

AppStoreConnectProvider* TestAppStoreConnectProvider::makeProvider(const QString& accountName)
{
    Account account;
    account.name = accountName;
    account.service = QStringLiteral("appstoreconnect");
    account.baseUrl = m_server->baseUrl();
    account.fields.insert(QStringLiteral("key-id"), QStringLiteral("2X9R4HXF34"));
    account.fields.insert(QStringLiteral("issuer-id"), QStringLiteral("57246542-96fe-1a63-e053-0824d011072a"));
    ProviderContext ctx;
    ctx.credentials = m_secrets;
    ctx.http = m_http;
    auto* provider = new AppStoreConnectProvider(account, ctx, m_server);
    AppStoreConnectProvider::Timing timing;
    timing.pollIntervalMs = 20;
    timing.maxWaitMs = 20000;
    timing.parallelParts = 3;
    timing.partRetry.initialDelayMs = 30;
    timing.partRetry.jitter = 0;
    timing.apiRetry.maxAttempts = 1;
    provider->setTiming(timing);
    return provider;
}

void TestAppStoreConnectProvider::fetchApps_followsNextAndSignsEveryRequest()
{
    const QByteArray page2
        = R"({"data":[{"type":"apps","id":"2","attributes":{"name":"Beta","bundleId":"com.example.beta"}}],"links":{"self":"x"}})";
    m_server->route("GET", "/v1/apps", [this](const RecordedRequest& r) {
        if (r.query.queryItemValue(QStringLiteral("cursor")) == QLatin1String("p2"))
            return HttpTestResponse::json(200,
                QByteArray(
                    R"({"data":[{"type":"apps","id":"2","attributes":{"name":"Beta","bundleId":"com.example.beta"}}],"links":{"self":"x"}})"));
        const QByteArray next = m_server->url(QStringLiteral("/v1/apps?cursor=p2&limit=200")).toEncoded();
        return HttpTestResponse::json(200,
            QByteArray(
                R"({"data":[{"type":"apps","id":"1","attributes":{"name":"Alpha","bundleId":"com.example.alpha"}}],"links":{"self":"x","next":")"
                + next + R"("}})"));
    });
    Q_UNUSED(page2);
    AppStoreConnectProvider* provider = makeProvider();
    AppsJob* job = provider->fetchApps();
    QVERIFY(job->waitForFinished(10000));
    QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
    QCOMPARE(job->result().size(), 2);
    QCOMPARE(job->result().at(0).name, QStringLiteral("Alpha"));
    QCOMPARE(job->result().at(1).packageId, QStringLiteral("com.example.beta"));
    const QList<RecordedRequest> reqs = m_server->requests("GET", QStringLiteral("/v1/apps"));
    QCOMPARE(reqs.size(), 2);
    QCOMPARE(reqs.at(0).query.queryItemValue(QStringLiteral("limit")), QStringLiteral("200"));
    for (const RecordedRequest& r : reqs) {
        const QJsonObject claims = jwtPayload(r.header("Authorization"));
        QCOMPARE(claims[QStringLiteral("aud")].toString(), QStringLiteral("appstoreconnect-v1"));
        QCOMPARE(claims[QStringLiteral("iss")].toString(), QStringLiteral("57246542-96fe-1a63-e053-0824d011072a"));
        QVERIFY(claims[QStringLiteral("exp")].toInteger() - claims[QStringLiteral("iat")].toInteger() <= 20 * 60);
    }
    QCOMPARE(reqs.at(0).header("Authorization"), reqs.at(1).header("Authorization")); // the token is reused
}

void TestAppStoreConnectProvider::fetchApps_expiredToken_renewedAfter401()
{
    int calls = 0;
    m_server->route("GET", "/v1/apps", [&calls](const RecordedRequest&) {
        if (++calls == 1)
            return HttpTestResponse::json(401,
                QByteArray(
                    R"({"errors":[{"status":"401","code":"NOT_AUTHORIZED","title":"Authentication credentials are missing or invalid.","detail":"The token has expired."}]})"));
        return HttpTestResponse::json(200,
            QByteArray(
                R"({"data":[{"type":"apps","id":"1","attributes":{"name":"A","bundleId":"a"}}],"links":{"self":"x"}})"));
    });
    AppStoreConnectProvider* provider = makeProvider();
    AppsJob* job = provider->fetchApps();
    QVERIFY(job->waitForFinished(10000));
    QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
    QCOMPARE(job->result().size(), 1);
    const QList<RecordedRequest> reqs = m_server->requests("GET", QStringLiteral("/v1/apps"));
    QCOMPARE(reqs.size(), 2);
    QVERIFY(reqs.at(0).header("Authorization") != reqs.at(1).header("Authorization")); // a newly signed token

    // A second 401 in a row is the answer: a clear Auth error, no loop.
    m_server->route("GET", "/v1/apps",
        HttpTestResponse::json(401,
            QByteArray(
                R"({"errors":[{"status":"401","code":"NOT_AUTHORIZED","title":"Authentication credentials are missing or invalid.","detail":"Provide a properly configured and signed bearer token."}]})")));
    m_server->clearRequests();
    AppsJob* again = provider->fetchApps();
    QVERIFY(again->waitForFinished(10000));
    QCOMPARE(again->error().kind, Error::Kind::Auth);
    QVERIFY(again->error().serverMessage.contains(QStringLiteral("signed bearer token")));
    QCOMPARE(m_server->count("GET", QStringLiteral("/v1/apps")), 2);
}

void TestAppStoreConnectProvider::fetchVersions_appStoreVersionsAndBuilds()
{
    m_server->route("GET", "/v1/apps/*/appStoreVersions", HttpTestResponse::json(200, QByteArray(R"({"data":[
        {"type":"appStoreVersions","id":"v1","attributes":{"platform":"IOS","versionString":"1.0","appVersionState":"READY_FOR_DISTRIBUTION","createdDate":"2026-01-01T00:00:00Z"},
         "relationships":{"build":{"data":{"type":"builds","id":"b1"}}}}],
        "included":[{"type":"builds","id":"b1","attributes":{"version":"1","processingState":"VALID"}}],"links":{"self":"x"}})")));
    m_server->route("GET", "/v1/builds", HttpTestResponse::json(200, QByteArray(R"({"data":[
        {"type":"builds","id":"b2","attributes":{"version":"2","processingState":"PROCESSING","uploadedDate":"2026-02-01T00:00:00Z"},
         "relationships":{"preReleaseVersion":{"data":{"type":"preReleaseVersions","id":"p1"}}}}],
        "included":[{"type":"preReleaseVersions","id":"p1","attributes":{"version":"1.1","platform":"IOS"}}],"links":{"self":"x"}})")));
    AppStoreConnectProvider* provider = makeProvider();
    VersionsJob* job = provider->fetchVersions(kApp);
    QVERIFY(job->waitForFinished(10000));
    QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
    QCOMPARE(job->result().size(), 2);
    const VersionInfo& build = job->result().at(0); // newest first
    QCOMPARE(build.extra.value(QStringLiteral("type")).toString(), QStringLiteral("build"));
    QCOMPARE(build.state, QStringLiteral("PROCESSING"));
    QCOMPARE(build.versionName, QStringLiteral("1.1"));
    const VersionInfo& version = job->result().at(1);
    QCOMPARE(version.extra.value(QStringLiteral("type")).toString(), QStringLiteral("appStoreVersion"));
    QCOMPARE(version.state, QStringLiteral("READY_FOR_DISTRIBUTION"));
    QCOMPARE(version.versionCode, QStringLiteral("1"));
    const RecordedRequest builds = m_server->requests("GET", QStringLiteral("/v1/builds")).first();
    QCOMPARE(builds.query.queryItemValue(QStringLiteral("filter[app]")), kApp);
    QCOMPARE(builds.query.queryItemValue(QStringLiteral("sort")), QStringLiteral("-uploadedDate"));
    QCOMPARE(m_server->requests("GET", QStringLiteral("/v1/apps/*/appStoreVersions"))
                 .first()
                 .query.queryItemValue(QStringLiteral("include")),
        QStringLiteral("build"));
}

void TestAppStoreConnectProvider::routeUploadFlow(const QString& ipa, const QList<HttpTestResponse>& uploadStates)
{
    const qint64 size = QFileInfo(ipa).size();
    m_server->route("GET", "/v1/apps",
        HttpTestResponse::json(200,
            QByteArray(R"({"data":[{"type":"apps","id":")" + kApp.toLatin1()
                + R"(","attributes":{"name":"UnCrackable","bundleId":")" + kBundle.toLatin1()
                + R"("}}],"links":{"self":"x"}})")));
    m_server->route("POST", "/v1/buildUploads",
        HttpTestResponse::json(201,
            QByteArray(
                R"({"data":{"type":"buildUploads","id":"up1","attributes":{"state":{"state":"AWAITING_UPLOAD"}}}})")));
    m_server->route("POST", "/v1/buildUploadFiles", [this, size](const RecordedRequest&) {
        QJsonArray ops;
        int part = 1;
        for (qint64 offset = 0; offset < size; offset += kPartSize, ++part) {
            ops.append(QJsonObject {{QStringLiteral("method"), QStringLiteral("PUT")},
                {QStringLiteral("url"),
                    m_server->url(QStringLiteral("/upload/part%1?X-Amz-Signature=abc").arg(part)).toString()},
                {QStringLiteral("offset"), offset}, {QStringLiteral("length"), qMin(kPartSize, size - offset)},
                {QStringLiteral("partNumber"), part},
                {QStringLiteral("requestHeaders"),
                    QJsonArray {QJsonObject {{QStringLiteral("name"), QStringLiteral("Content-Type")},
                                    {QStringLiteral("value"), QStringLiteral("application/octet-stream")}},
                        QJsonObject {{QStringLiteral("name"), QStringLiteral("x-amz-meta-part")},
                            {QStringLiteral("value"), QString::number(part)}}}}});
        }
        const QJsonObject data {{QStringLiteral("type"), QStringLiteral("buildUploadFiles")},
            {QStringLiteral("id"), QStringLiteral("file1")},
            {QStringLiteral("attributes"),
                QJsonObject {{QStringLiteral("fileSize"), size},
                    {QStringLiteral("assetDeliveryState"),
                        QJsonObject {{QStringLiteral("state"), QStringLiteral("AWAITING_UPLOAD")}}},
                    {QStringLiteral("uploadOperations"), ops}}}};
        return HttpTestResponse::json(201, QJsonObject {{QStringLiteral("data"), data}});
    });
    m_server->route("PUT", "/upload/*", HttpTestResponse::empty(200));
    m_server->route("PATCH", "/v1/buildUploadFiles/file1",
        HttpTestResponse::json(200,
            QByteArray(
                R"({"data":{"type":"buildUploadFiles","id":"file1","attributes":{"assetDeliveryState":{"state":"UPLOAD_COMPLETE","warnings":[{"code":"W.ICON","description":"The app icon is small"}]}}}})")));
    m_server->route("GET", "/v1/buildUploads/up1", HttpTestServer::sequence(uploadStates));
    m_server->route("GET", "/v1/builds",
        HttpTestServer::sequence({
            HttpTestResponse::json(200, QByteArray(R"({"data":[],"links":{"self":"x"}})")),
            HttpTestResponse::json(200,
                QByteArray(
                    R"({"data":[{"type":"builds","id":"build9","attributes":{"version":"1","processingState":"PROCESSING"},"relationships":{"preReleaseVersion":{"data":{"type":"preReleaseVersions","id":"p"}}}}],"included":[{"type":"preReleaseVersions","id":"p","attributes":{"version":"1.0","platform":"IOS"}}],"links":{"self":"x"}})")),
            HttpTestResponse::json(200,
                QByteArray(
                    R"({"data":[{"type":"builds","id":"build9","attributes":{"version":"1","processingState":"VALID"},"relationships":{"preReleaseVersion":{"data":{"type":"preReleaseVersions","id":"p"}}}}],"included":[{"type":"preReleaseVersions","id":"p","attributes":{"version":"1.0","platform":"IOS"}}],"links":{"self":"x"}})")),
        }));
    m_server->route("GET", "/v1/apps/*/appStoreVersions",
        HttpTestResponse::json(200, QByteArray(R"({"data":[],"links":{"self":"x"}})")));
    m_server->route("POST", "/v1/appStoreVersions",
        HttpTestResponse::json(201,
            QByteArray(
                R"({"data":{"type":"appStoreVersions","id":"asv1","attributes":{"platform":"IOS","versionString":"1.0","appVersionState":"PREPARE_FOR_SUBMISSION"}}})")));
    m_server->route("PATCH", "/v1/appStoreVersions/asv1/relationships/build", HttpTestResponse::empty(204));
}

void TestAppStoreConnectProvider::publish_buildUploadFlow_partsByteIdentical_partRetriedAlone()
{
    SLIPWAY_REQUIRE_CORPUS();
    const QString ipa = corpusFile(QStringLiteral("UnCrackable-Level1.ipa"));
    QFile f(ipa);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray content = f.readAll(); // the test's own reference copy (the provider streams)
    routeUploadFlow(ipa,
        {HttpTestResponse::json(200,
             QByteArray(
                 R"({"data":{"type":"buildUploads","id":"up1","attributes":{"state":{"state":"PROCESSING","infos":[{"code":"I1","message":"Processing started"}]}}}})")),
            HttpTestResponse::json(200,
                QByteArray(
                    R"({"data":{"type":"buildUploads","id":"up1","attributes":{"state":{"state":"COMPLETE","warnings":[{"code":"ITMS-90078","message":"Missing Push Notification Entitlement"}]}}}})"))});
    // Part 2 fails once with 503 and must be sent again on its own.
    m_server->route(
        "PUT", "/upload/part2", HttpTestServer::sequence({HttpTestResponse::empty(503), HttpTestResponse::empty(200)}));

    AppStoreConnectProvider* provider = makeProvider();
    PublishRequest request;
    request.files = {ipa};
    request.inspection
        = QJsonObject {{QStringLiteral("packageId"), kBundle}, {QStringLiteral("versionName"), QStringLiteral("1.0")},
            {QStringLiteral("versionCode"), QStringLiteral("1")}, {QStringLiteral("platform"), QStringLiteral("ios")}};
    request.options.insert(QStringLiteral("app-store-version"), QStringLiteral("1.0"));
    request.options.insert(QStringLiteral("copyright"), QStringLiteral("2026 OWASP"));
    PublishJob* job = provider->publish(request);
    QSignalSpy progress(job, &Job::progress);
    QVERIFY(job->waitForFinished(30000));
    QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));

    const VersionInfo v = job->result();
    QCOMPARE(v.id, QStringLiteral("build9"));
    QCOMPARE(v.state, QStringLiteral("VALID"));
    QCOMPARE(v.versionName, QStringLiteral("1.0"));
    QCOMPARE(v.versionCode, QStringLiteral("1"));
    QCOMPARE(v.extra.value(QStringLiteral("appStoreVersionId")).toString(), QStringLiteral("asv1"));
    QVERIFY(v.extra.value(QStringLiteral("warnings"))
                .toStringList()
                .contains(QStringLiteral("ITMS-90078: Missing Push Notification Entitlement")));
    QVERIFY(v.extra.value(QStringLiteral("warnings"))
                .toStringList()
                .contains(QStringLiteral("W.ICON: The app icon is small")));
    QVERIFY(!progress.isEmpty());
    QCOMPARE(progress.last().at(0).toLongLong(), qint64(content.size()));

    // The build upload carries the inspection's versions and platform, and the app.
    const QJsonObject upload = m_server->requests("POST", QStringLiteral("/v1/buildUploads"))
                                   .first()
                                   .json()[QStringLiteral("data")]
                                   .toObject();
    QCOMPARE(upload[QStringLiteral("attributes")][QStringLiteral("cfBundleShortVersionString")].toString(),
        QStringLiteral("1.0"));
    QCOMPARE(upload[QStringLiteral("attributes")][QStringLiteral("cfBundleVersion")].toString(), QStringLiteral("1"));
    QCOMPARE(upload[QStringLiteral("attributes")][QStringLiteral("platform")].toString(), QStringLiteral("IOS"));
    QCOMPARE(
        upload[QStringLiteral("relationships")][QStringLiteral("app")][QStringLiteral("data")][QStringLiteral("id")]
            .toString(),
        kApp);
    const QJsonObject file = m_server->requests("POST", QStringLiteral("/v1/buildUploadFiles"))
                                 .first()
                                 .json()[QStringLiteral("data")]
                                 .toObject();
    QCOMPARE(file[QStringLiteral("attributes")][QStringLiteral("fileSize")].toInteger(), qint64(content.size()));
    QCOMPARE(file[QStringLiteral("attributes")][QStringLiteral("uti")].toString(), QStringLiteral("com.apple.ipa"));
    QCOMPARE(file[QStringLiteral("attributes")][QStringLiteral("fileName")].toString(),
        QStringLiteral("UnCrackable-Level1.ipa"));

    // Every part arrived byte-identical, without the JWT, with Apple's headers; part 2 twice, the others once.
    const int partCount = int((content.size() + kPartSize - 1) / kPartSize);
    QCOMPARE(partCount, 4);
    QByteArray assembled(content.size(), '\0');
    for (int part = 1; part <= partCount; ++part) {
        const QList<RecordedRequest> puts = m_server->requests("PUT", QStringLiteral("/upload/part%1").arg(part));
        QCOMPARE(puts.size(), part == 2 ? 2 : 1);
        const qint64 offset = (part - 1) * kPartSize;
        const QByteArray expected = content.mid(offset, kPartSize);
        for (const RecordedRequest& put : puts) {
            QVERIFY(!put.hasHeader("Authorization"));
            QCOMPARE(put.header("x-amz-meta-part"), QByteArray::number(part));
            QCOMPARE(put.header("Content-Type"), QByteArray("application/octet-stream"));
            QCOMPARE(put.query.queryItemValue(QStringLiteral("X-Amz-Signature")), QStringLiteral("abc"));
            QCOMPARE(put.bodySize, qint64(expected.size()));
            QCOMPARE(put.bodySha256, sha256(expected));
        }
        assembled.replace(offset, puts.last().body.size(), puts.last().body);
    }
    QCOMPARE(sha256(assembled), sha256(content));

    // The commit: uploaded:true and the MD5 of the whole file; it came after every part.
    const QList<RecordedRequest> all = m_server->requests();
    int commitIndex = -1;
    int lastPut = -1;
    for (int i = 0; i < all.size(); ++i) {
        if (all.at(i).method == "PATCH" && all.at(i).path == QLatin1String("/v1/buildUploadFiles/file1"))
            commitIndex = i;
        if (all.at(i).method == "PUT")
            lastPut = i;
    }
    QVERIFY(commitIndex > lastPut);
    const QJsonObject commit = all.at(commitIndex).json()[QStringLiteral("data")].toObject();
    QCOMPARE(commit[QStringLiteral("attributes")][QStringLiteral("uploaded")].toBool(), true);
    QCOMPARE(commit[QStringLiteral("attributes")][QStringLiteral("sourceFileChecksums")][QStringLiteral("file")]
                   [QStringLiteral("hash")]
                       .toString(),
        QString::fromLatin1(QCryptographicHash::hash(content, QCryptographicHash::Md5).toHex()));

    // Followed the upload to COMPLETE, the build to VALID, then created the version and attached the build.
    QCOMPARE(m_server->count("GET", QStringLiteral("/v1/buildUploads/up1")), 2);
    QCOMPARE(m_server->count("GET", QStringLiteral("/v1/builds")), 3);
    const QJsonObject created = m_server->requests("POST", QStringLiteral("/v1/appStoreVersions"))
                                    .first()
                                    .json()[QStringLiteral("data")]
                                    .toObject();
    QCOMPARE(created[QStringLiteral("attributes")][QStringLiteral("versionString")].toString(), QStringLiteral("1.0"));
    QCOMPARE(
        created[QStringLiteral("attributes")][QStringLiteral("copyright")].toString(), QStringLiteral("2026 OWASP"));
    const QJsonObject link
        = m_server->requests("PATCH", QStringLiteral("/v1/appStoreVersions/asv1/relationships/build")).first().json();
    QCOMPARE(link[QStringLiteral("data")][QStringLiteral("id")].toString(), QStringLiteral("build9"));
    for (const RecordedRequest& r : all) {
        if (r.path.startsWith(QLatin1String("/v1/")))
            QVERIFY2(r.header("Authorization").startsWith("Bearer "), qPrintable(r.path));
    }
}

void TestAppStoreConnectProvider::publish_uploadFailed_showsApplesErrors()
{
    SLIPWAY_REQUIRE_CORPUS();
    const QString ipa = corpusFile(QStringLiteral("UnCrackable-Level1.ipa"));
    routeUploadFlow(ipa,
        {HttpTestResponse::json(200,
            QByteArray(
                R"({"data":{"type":"buildUploads","id":"up1","attributes":{"state":{"state":"FAILED","errors":[{"code":"ITMS-90189","message":"Redundant Binary Upload. You've already uploaded a build with build number '1'."}]}}}})"))});
    AppStoreConnectProvider* provider = makeProvider();
    PublishRequest request;
    request.files = {ipa};
    request.appId = kApp;
    request.versionName = QStringLiteral("1.0");
    request.versionCode = QStringLiteral("1");
    PublishJob* job = provider->publish(request);
    QVERIFY(job->waitForFinished(30000));
    QVERIFY(!job->succeeded());
    QCOMPARE(job->error().kind, Error::Kind::Validation);
    QVERIFY2(job->error().serverMessage.contains(QStringLiteral("ITMS-90189: Redundant Binary Upload")),
        qPrintable(job->error().toString()));
    QCOMPARE(m_server->count("GET", QStringLiteral("/v1/apps")), 0); // --app given: no lookup
    QCOMPARE(m_server->count("GET", QStringLiteral("/v1/builds")), 0);
}

void TestAppStoreConnectProvider::publish_unknownBundleId_isNotFound()
{
    SLIPWAY_REQUIRE_CORPUS();
    m_server->route("GET", "/v1/apps", HttpTestResponse::json(200, QByteArray(R"({"data":[],"links":{"self":"x"}})")));
    AppStoreConnectProvider* provider = makeProvider();
    PublishRequest request;
    request.files = {corpusFile(QStringLiteral("UnCrackable-Level1.ipa"))};
    request.inspection = QJsonObject {{QStringLiteral("packageId"), kBundle},
        {QStringLiteral("versionName"), QStringLiteral("1.0")}, {QStringLiteral("versionCode"), QStringLiteral("1")}};
    PublishJob* job = provider->publish(request);
    QVERIFY(job->waitForFinished(10000));
    QCOMPARE(job->error().kind, Error::Kind::NotFound);
    QVERIFY(job->error().message.contains(kBundle));
    QCOMPARE(job->error().field, QStringLiteral("app")); // the front end says how to choose the app
    QCOMPARE(m_server->requests("GET", QStringLiteral("/v1/apps"))
                 .first()
                 .query.queryItemValue(QStringLiteral("filter[bundleId]")),
        kBundle);
    QCOMPARE(m_server->count("POST", QStringLiteral("/v1/buildUploads")), 0);
}

void TestAppStoreConnectProvider::createVersion_conflict_isConflict()
{
    m_server->route("POST", "/v1/appStoreVersions",
        HttpTestResponse::json(409,
            QByteArray(
                R"({"errors":[{"status":"409","code":"ENTITY_ERROR.ATTRIBUTE.INVALID.DUPLICATE","title":"The provided entity includes an attribute with a value that has already been used","detail":"The version number has already been used.","source":{"pointer":"/data/attributes/versionString"}}]})")));
    AppStoreConnectProvider* provider = makeProvider();
    PublishJob* job = provider->createVersion(kApp, QStringLiteral("ios"), QStringLiteral("1.0"),
        {{QStringLiteral("release-type"), QStringLiteral("manual")}});
    QVERIFY(job->waitForFinished(10000));
    QCOMPARE(job->error().kind, Error::Kind::Conflict);
    QCOMPARE(job->error().httpStatus, 409);
    QVERIFY(job->error().message.contains(QStringLiteral("already exists")));
    QVERIFY(job->error().details.contains(QStringLiteral("/data/attributes/versionString")));
    const QJsonObject sent = m_server->last().json()[QStringLiteral("data")].toObject();
    QCOMPARE(sent[QStringLiteral("attributes")][QStringLiteral("platform")].toString(), QStringLiteral("IOS"));
    QCOMPARE(sent[QStringLiteral("attributes")][QStringLiteral("releaseType")].toString(), QStringLiteral("MANUAL"));
}

void TestAppStoreConnectProvider::rateLimited_isRateLimitedWithBudget()
{
    m_server->route("GET", "/v1/apps",
        HttpTestResponse::json(429,
            QByteArray(
                R"({"errors":[{"status":"429","code":"RATE_LIMIT_EXCEEDED","title":"The request rate limit has been reached.","detail":"We've received too many requests for this API."}]})"))
            .withHeader("X-Rate-Limit", "user-hour-lim:3600;user-hour-rem:0;"));
    AppStoreConnectProvider* provider = makeProvider();
    AppsJob* job = provider->fetchApps();
    QVERIFY(job->waitForFinished(10000));
    QCOMPARE(job->error().kind, Error::Kind::RateLimited);
    QVERIFY(job->error().message.contains(QStringLiteral("3600")));
    QVERIFY(job->error().serverMessage.contains(QStringLiteral("rate limit")));
}

void TestAppStoreConnectProvider::deleteBuild_expiresTheBuild_neverDeletesAVersion()
{
    // GET /v1/builds/{id} answers the build (BuildResponse); PATCH /v1/builds/{id} with BuildUpdateRequest
    // (attributes.expired) is how a build is withdrawn: the API has no DELETE for builds.
    m_server->route("GET", "/v1/builds/b7",
        HttpTestResponse::json(200,
            QByteArray(
                R"({"data":{"type":"builds","id":"b7","attributes":{"version":"7","expired":false}},"links":{"self":"x"}})")));
    m_server->route("PATCH", "/v1/builds/b7",
        HttpTestResponse::json(200,
            QByteArray(
                R"({"data":{"type":"builds","id":"b7","attributes":{"version":"7","expired":true}},"links":{"self":"x"}})")));
    AppStoreConnectProvider* provider = makeProvider();
    ActionJob* job = provider->deleteVersion(kApp, QStringLiteral("b7"));
    QVERIFY(job->waitForFinished(10000));
    QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
    QCOMPARE(m_server->count("DELETE", QStringLiteral("/v1/appStoreVersions/*")), 0);
    const QList<RecordedRequest> patches = m_server->requests("PATCH", QStringLiteral("/v1/builds/b7"));
    QCOMPARE(patches.size(), 1);
    const QJsonObject data = patches.first().json()[QStringLiteral("data")].toObject();
    QCOMPARE(data[QStringLiteral("type")].toString(), QStringLiteral("builds"));
    QCOMPARE(data[QStringLiteral("id")].toString(), QStringLiteral("b7"));
    QCOMPARE(data[QStringLiteral("attributes")][QStringLiteral("expired")], QJsonValue(true));
}

void TestAppStoreConnectProvider::fetchVersions_pagesBuildsBeyond200()
{
    m_server->route("GET", "/v1/apps/*/appStoreVersions",
        HttpTestResponse::json(200, QByteArray(R"({"data":[],"links":{"self":"x"}})")));
    // 201 builds: a full first page of 200 with links.next, then one more (PagedDocumentLinks.next).
    const QString next = m_server->url(QStringLiteral("/v1/builds")).toString() + QStringLiteral("?filter%5Bapp%5D=")
        + kApp + QStringLiteral("&cursor=Mg&limit=200");
    m_server->route("GET", "/v1/builds", [next](const RecordedRequest& r) {
        QJsonArray data;
        const bool second = r.query.hasQueryItem(QStringLiteral("cursor"));
        const int count = second ? 1 : 200;
        for (int i = 0; i < count; ++i) {
            const int n = second ? 200 + i : i;
            data.append(QJsonObject {{QStringLiteral("type"), QStringLiteral("builds")},
                {QStringLiteral("id"), QStringLiteral("b%1").arg(n)},
                {QStringLiteral("attributes"),
                    QJsonObject {{QStringLiteral("version"), QString::number(n)},
                        {QStringLiteral("processingState"), QStringLiteral("VALID")}}}});
        }
        QJsonObject links {{QStringLiteral("self"), QStringLiteral("x")}};
        if (!second)
            links.insert(QStringLiteral("next"), next);
        return HttpTestResponse::json(
            200, QJsonObject {{QStringLiteral("data"), data}, {QStringLiteral("links"), links}});
    });
    AppStoreConnectProvider* provider = makeProvider();
    VersionsJob* job = provider->fetchVersions(kApp);
    QVERIFY(job->waitForFinished(20000));
    QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
    QCOMPARE(job->result().size(), 201);
    QCOMPARE(m_server->count("GET", QStringLiteral("/v1/builds")), 2);
}

void TestAppStoreConnectProvider::earliestReleaseDate_needsScheduled()
{
    AppStoreConnectProvider* provider = makeProvider();
    PublishJob* bad = provider->createVersion(kApp, QStringLiteral("ios"), QStringLiteral("2.0"),
        {{QStringLiteral("release-type"), QStringLiteral("manual")},
            {QStringLiteral("earliest-release-date"), QStringLiteral("2027-01-01T08:00:00Z")}});
    QVERIFY(bad->waitForFinished(10000));
    QCOMPARE(bad->error().kind, Error::Kind::Validation);
    QCOMPARE(bad->error().field, QStringLiteral("release-type"));
    QVERIFY(m_server->requests().isEmpty()); // nothing sent

    m_server->route("POST", "/v1/appStoreVersions",
        HttpTestResponse::json(201,
            QByteArray(
                R"({"data":{"type":"appStoreVersions","id":"v2","attributes":{"versionString":"2.0","platform":"IOS","releaseType":"SCHEDULED","earliestReleaseDate":"2027-01-01T08:00:00Z"}},"links":{"self":"x"}})")));
    PublishJob* ok = provider->createVersion(kApp, QStringLiteral("ios"), QStringLiteral("2.0"),
        {{QStringLiteral("earliest-release-date"), QStringLiteral("2027-01-01T08:00:00Z")}});
    QVERIFY(ok->waitForFinished(10000));
    QVERIFY2(ok->succeeded(), qPrintable(ok->error().toString()));
    const QJsonObject attrs = m_server->last().json()[QStringLiteral("data")][QStringLiteral("attributes")].toObject();
    QCOMPARE(attrs[QStringLiteral("releaseType")].toString(), QStringLiteral("SCHEDULED"));
}

void TestAppStoreConnectProvider::edit_patchesTheVersionAttributes()
{
    // AppStoreVersionUpdateRequest: only the attributes that change.
    m_server->route("PATCH", "/v1/appStoreVersions/asv1",
        HttpTestResponse::json(200,
            QByteArray(
                R"({"data":{"type":"appStoreVersions","id":"asv1","attributes":{"versionString":"1.0.1","platform":"IOS","copyright":"2026 Acme"}},"links":{"self":"x"}})")));
    AppStoreConnectProvider* provider = makeProvider();
    QVERIFY(provider->capabilities() & Provider::EditVersion);
    VersionEdit changes;
    changes.options.insert(QStringLiteral("version-string"), QStringLiteral("1.0.1"));
    changes.options.insert(QStringLiteral("copyright"), QStringLiteral("2026 Acme"));
    ActionJob* job = provider->edit(kApp, QStringLiteral("asv1"), changes);
    QVERIFY(job->waitForFinished(10000));
    QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
    const QJsonObject data = m_server->last().json()[QStringLiteral("data")].toObject();
    QCOMPARE(data[QStringLiteral("id")].toString(), QStringLiteral("asv1"));
    QCOMPARE(data[QStringLiteral("attributes")][QStringLiteral("versionString")].toString(), QStringLiteral("1.0.1"));
    QCOMPARE(data[QStringLiteral("attributes")][QStringLiteral("copyright")].toString(), QStringLiteral("2026 Acme"));
    QVERIFY(!data[QStringLiteral("attributes")].toObject().contains(QStringLiteral("releaseType")));

    VersionEdit label;
    label.label = QStringLiteral("gold");
    ActionJob* refused = provider->edit(kApp, QStringLiteral("asv1"), label);
    QVERIFY(refused->waitForFinished(10000));
    QCOMPARE(refused->error().kind, Error::Kind::Unsupported); // App Store versions have no label
}

// "What's new" lives in the version's appStoreVersionLocalizations (../shared/specs/app-store-connect-openapi.json:
// GET /v1/appStoreVersions/{id}/appStoreVersionLocalizations with filter[locale], PATCH
// /v1/appStoreVersionLocalizations/{id} with AppStoreVersionLocalizationUpdateRequest {data:{type, id,
// attributes:{whatsNew}}}).
void TestAppStoreConnectProvider::edit_whatsNewPatchesTheVersionLocalization()
{
    m_server->route("GET", "/v1/appStoreVersions/asv1/appStoreVersionLocalizations", [](const RecordedRequest& r) {
        const QString locale = r.query.queryItemValue(QStringLiteral("filter[locale]"));
        QJsonArray data;
        for (const char* l : {"en-US", "de-DE"}) {
            if (!locale.isEmpty() && locale != QLatin1String(l))
                continue;
            data.append(QJsonObject {{QStringLiteral("type"), QStringLiteral("appStoreVersionLocalizations")},
                {QStringLiteral("id"), QString(QStringLiteral("loc-") + QString::fromLatin1(l))},
                {QStringLiteral("attributes"),
                    QJsonObject {{QStringLiteral("locale"), QString::fromLatin1(l)},
                        {QStringLiteral("whatsNew"), QStringLiteral("old")}}}});
        }
        return HttpTestResponse::json(200,
            QJsonObject {{QStringLiteral("data"), data},
                {QStringLiteral("links"), QJsonObject {{QStringLiteral("self"), QStringLiteral("x")}}}});
    });
    m_server->route("PATCH", "/v1/appStoreVersionLocalizations/*",
        HttpTestResponse::json(200,
            QByteArray(
                R"({"data":{"type":"appStoreVersionLocalizations","id":"loc-de-DE","attributes":{"locale":"de-DE","whatsNew":"Neu"}},"links":{"self":"x"}})")));
    m_server->route("PATCH", "/v1/appStoreVersions/asv1",
        HttpTestResponse::json(200,
            QByteArray(
                R"({"data":{"type":"appStoreVersions","id":"asv1","attributes":{"versionString":"1.0.1","platform":"IOS","copyright":"2026 Acme"}},"links":{"self":"x"}})")));
    AppStoreConnectProvider* provider = makeProvider();
    bool listed = false;
    for (const FieldSpec& f : provider->editFields())
        listed = listed || f.key == QLatin1String("notes");
    QVERIFY(listed);

    // Two languages and no locale: a clear validation error naming both, nothing changed.
    VersionEdit ambiguous;
    ambiguous.notes = QStringLiteral("Neu");
    ActionJob* job = provider->edit(kApp, QStringLiteral("asv1"), ambiguous);
    QVERIFY(job->waitForFinished(10000));
    QCOMPARE(job->error().kind, Error::Kind::Validation);
    QVERIFY2(job->error().message.contains(QStringLiteral("en-US, de-DE")), qPrintable(job->error().message));
    QCOMPARE(m_server->count("PATCH", QStringLiteral("/v1/appStoreVersionLocalizations/*")), 0);

    // The German text and the copyright: the version's attributes, then the de-DE localization's whatsNew.
    VersionEdit changes;
    changes.notes = QStringLiteral("Neu");
    changes.options.insert(QStringLiteral("locale"), QStringLiteral("de-DE"));
    changes.options.insert(QStringLiteral("copyright"), QStringLiteral("2026 Acme"));
    job = provider->edit(kApp, QStringLiteral("asv1"), changes);
    QVERIFY(job->waitForFinished(10000));
    QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
    const QJsonObject version = m_server->requests("PATCH", QStringLiteral("/v1/appStoreVersions/asv1"))
                                    .last()
                                    .json()[QStringLiteral("data")]
                                    .toObject();
    QVERIFY(!version[QStringLiteral("attributes")].toObject().contains(QStringLiteral("locale")));
    const RecordedRequest lookup
        = m_server->requests("GET", QStringLiteral("/v1/appStoreVersions/asv1/appStoreVersionLocalizations")).last();
    QCOMPARE(lookup.query.queryItemValue(QStringLiteral("filter[locale]")), QStringLiteral("de-DE"));
    const auto patches = m_server->requests("PATCH", QStringLiteral("/v1/appStoreVersionLocalizations/*"));
    QCOMPARE(patches.size(), 1);
    QCOMPARE(patches.first().path, QStringLiteral("/v1/appStoreVersionLocalizations/loc-de-DE"));
    const QJsonObject data = patches.first().json()[QStringLiteral("data")].toObject();
    QCOMPARE(data[QStringLiteral("type")].toString(), QStringLiteral("appStoreVersionLocalizations"));
    QCOMPARE(data[QStringLiteral("id")].toString(), QStringLiteral("loc-de-DE"));
    QCOMPARE(data[QStringLiteral("attributes")].toObject(),
        QJsonObject({{QStringLiteral("whatsNew"), QStringLiteral("Neu")}}));

    // A language the version does not have: not found, naming it.
    VersionEdit french;
    french.notes = QStringLiteral("Nouveau");
    french.options.insert(QStringLiteral("locale"), QStringLiteral("fr-FR"));
    job = provider->edit(kApp, QStringLiteral("asv1"), french);
    QVERIFY(job->waitForFinished(10000));
    QCOMPARE(job->error().kind, Error::Kind::NotFound);
    QVERIFY(job->error().message.contains(QStringLiteral("fr-FR")));
    QCOMPARE(m_server->count("PATCH", QStringLiteral("/v1/appStoreVersionLocalizations/*")), 1);
}

void TestAppStoreConnectProvider::rateLimitHeader_pacesAndStopsBeforeA429()
{
    // Apple sends its hourly budget on every answer (X-Rate-Limit: user-hour-lim:3600;user-hour-rem:N;). With
    // none left, the next call is not sent at all: it could only be a 429.
    m_server->route("GET", "/v1/apps",
        HttpTestResponse::json(200, QByteArray(R"({"data":[],"links":{"self":"x"}})"))
            .withHeader("X-Rate-Limit", "user-hour-lim:3600;user-hour-rem:0;"));
    AppStoreConnectProvider* provider = makeProvider();
    AppsJob* first = provider->fetchApps();
    QVERIFY(first->waitForFinished(10000));
    QVERIFY2(first->succeeded(), qPrintable(first->error().toString()));
    AppsJob* second = provider->fetchApps();
    QVERIFY(second->waitForFinished(10000));
    QCOMPARE(second->error().kind, Error::Kind::RateLimited);
    QVERIFY(second->error().message.contains(QStringLiteral("3600")));
    QCOMPARE(m_server->count("GET", QStringLiteral("/v1/apps")), 1);
}

void TestAppStoreConnectProvider::deleteVersion_sendsDelete()
{
    // Not a build (404 on GET /v1/builds/{id}): an App Store version, deleted.
    m_server->route("GET", "/v1/builds/asv1",
        HttpTestResponse::json(404,
            QByteArray(
                R"({"errors":[{"status":"404","code":"NOT_FOUND","title":"The specified resource does not exist","detail":"There is no resource of type 'builds' with id 'asv1'"}]})")));
    m_server->route("DELETE", "/v1/appStoreVersions/asv1", HttpTestResponse::empty(204));
    AppStoreConnectProvider* provider = makeProvider();
    ActionJob* job = provider->deleteVersion(kApp, QStringLiteral("asv1"));
    QVERIFY(job->waitForFinished(10000));
    QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
    QCOMPARE(m_server->count("DELETE", QStringLiteral("/v1/appStoreVersions/asv1")), 1);

    m_server->route("PATCH", "/v1/appStoreVersions/asv1/relationships/build", HttpTestResponse::empty(204));
    ActionJob* attach = provider->attachBuild(QStringLiteral("asv1"), QStringLiteral("b1"));
    QVERIFY(attach->waitForFinished(10000));
    QVERIFY(attach->succeeded());
    QCOMPARE(
        m_server->last().json()[QStringLiteral("data")][QStringLiteral("type")].toString(), QStringLiteral("builds"));
}

void TestAppStoreConnectProvider::missingKey_isClearError()
{
    AppStoreConnectProvider* provider = makeProvider(QStringLiteral("no-key"));
    AppsJob* job = provider->fetchApps();
    QVERIFY(job->waitForFinished(10000));
    QCOMPARE(job->error().kind, Error::Kind::Auth);
    QVERIFY(job->error().message.contains(QStringLiteral("no-key")));
    QCOMPARE(job->error().field, QStringLiteral("account:private-key"));
    QCOMPARE(m_server->requests().size(), 0);
}

void TestAppStoreConnectProvider::publish_atMostThreePartsInFlight_cancelStopsBeforeCommit()
{
    SLIPWAY_REQUIRE_CORPUS();
    const QString ipa = corpusFile(QStringLiteral("UnCrackable-Level1.ipa"));
    routeUploadFlow(ipa,
        {HttpTestResponse::json(200,
            QByteArray(R"({"data":{"type":"buildUploads","id":"up1","attributes":{"state":{"state":"COMPLETE"}}}})"))});
    m_server->route("PUT", "/upload/*", HttpTestResponse::failure(HttpTestResponse::Fault::NeverAnswer));
    AppStoreConnectProvider* provider = makeProvider();
    PublishRequest request;
    request.files = {ipa};
    request.appId = kApp;
    request.versionName = QStringLiteral("1.0");
    request.versionCode = QStringLiteral("1");
    PublishJob* job = provider->publish(request);
    QSignalSpy recorded(m_server, &HttpTestServer::requestRecorded);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->count("PUT", QStringLiteral("/upload/*")), 3, 10000);
    QVERIFY(!recorded.wait(300)); // the fourth part waits for a free slot
    QCOMPARE(m_server->count("PUT", QStringLiteral("/upload/*")), 3);
    job->cancel();
    QVERIFY(job->waitForFinished(5000));
    QCOMPARE(job->error().kind, Error::Kind::Cancelled);
    QCOMPARE(m_server->count("PATCH", QStringLiteral("/v1/buildUploadFiles/file1")), 0);
}

// ../shared/docs/apis/apple-app-store-connect.md, "Error format": ErrorResponse {errors:[{status (a string), code,
// title, detail, source?}]} (spec A1/A2, ../shared/specs/app-store-connect-openapi.json components.schemas
// .ErrorResponse; required code, detail, status, title), the status codes each operation documents ("Endpoints":
// list apps 400 401 403 (+429), list versions of an app 404, create version 409 422) and the codes the document names
// (RATE_LIMIT_EXCEEDED on 429, ENTITY_ERROR.ATTRIBUTE.INVALID, STATE_ERROR). The spec carries no error example
// bodies, so the title/detail texts are Apple's usual wording in that documented shape. Each is served once, on an
// operation that documents it.
void TestAppStoreConnectProvider::errors_documentedExamplesMapToKinds_data()
{
    QTest::addColumn<QString>("operation");
    QTest::addColumn<int>("http");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<Error::Kind>("kind");
    QTest::addColumn<QString>("server");
    QTest::addColumn<QString>("message"); // a word of the user-facing message
    auto body = [](const char* status, const char* code, const char* title, const char* detail) {
        return QJsonDocument(QJsonObject {{QStringLiteral("errors"),
                                 QJsonArray {QJsonObject {{QStringLiteral("status"), QString::fromLatin1(status)},
                                     {QStringLiteral("code"), QString::fromLatin1(code)},
                                     {QStringLiteral("title"), QString::fromLatin1(title)},
                                     {QStringLiteral("detail"), QString::fromLatin1(detail)}}}}})
            .toJson(QJsonDocument::Compact);
    };
    QTest::newRow("400 list apps") << QStringLiteral("apps") << 400
                                   << body("400", "PARAMETER_ERROR.INVALID", "A parameter has an invalid value",
                                          "'bogus' is not a valid field name")
                                   << Error::Kind::Validation
                                   << QStringLiteral(
                                          "A parameter has an invalid value: 'bogus' is not a valid field name")
                                   << QStringLiteral("refused the request");
    QTest::newRow("401 list apps") << QStringLiteral("apps") << 401
                                   << body("401", "NOT_AUTHORIZED",
                                          "Authentication credentials are missing or invalid.",
                                          "Provide a properly configured and signed bearer token.")
                                   << Error::Kind::Auth
                                   << QStringLiteral("Authentication credentials are missing or invalid.: Provide a "
                                                     "properly configured and signed bearer token.")
                                   << QStringLiteral("API key");
    QTest::newRow("403 list apps") << QStringLiteral("apps") << 403
                                   << body("403", "FORBIDDEN_ERROR", "This request is forbidden for security reasons",
                                          "The API key in use does not allow this request")
                                   << Error::Kind::Forbidden
                                   << QStringLiteral("This request is forbidden for security reasons: The API key in "
                                                     "use does not allow this request")
                                   << QStringLiteral("App Manager");
    QTest::newRow("429 list apps") << QStringLiteral("apps") << 429
                                   << body("429", "RATE_LIMIT_EXCEEDED", "The request rate limit has been reached.",
                                          "We've received too many requests for this API.")
                                   << Error::Kind::RateLimited
                                   << QStringLiteral("The request rate limit has been reached.: We've received too "
                                                     "many requests for this API.")
                                   << QStringLiteral("limit");
    QTest::newRow("404 list versions")
        << QStringLiteral("versions") << 404
        << body("404", "NOT_FOUND", "The specified resource does not exist",
               "There is no resource of type 'apps' with id '1234567890'")
        << Error::Kind::NotFound
        << QStringLiteral(
               "The specified resource does not exist: There is no resource of type 'apps' with id '1234567890'")
        << QStringLiteral("does not know");
    QTest::newRow("409 create version")
        << QStringLiteral("createVersion") << 409
        << body("409", "STATE_ERROR", "The request cannot be fulfilled because of the state of another resource.",
               "You cannot create a new version of the App in the current state.")
        << Error::Kind::Conflict
        << QStringLiteral("The request cannot be fulfilled because of the state of another resource.: You cannot "
                          "create a new version of the App in the current state.")
        << QStringLiteral("current state");
    QTest::newRow("422 create version")
        << QStringLiteral("createVersion") << 422
        << body("422", "ENTITY_ERROR.ATTRIBUTE.INVALID", "An attribute value is invalid.",
               "The attribute 'versionString' is invalid.")
        << Error::Kind::Validation
        << QStringLiteral("An attribute value is invalid.: The attribute 'versionString' is invalid.")
        << QStringLiteral("refused the request");
}

void TestAppStoreConnectProvider::errors_documentedExamplesMapToKinds()
{
    QFETCH(QString, operation);
    QFETCH(int, http);
    QFETCH(QByteArray, body);
    QFETCH(Error::Kind, kind);
    QFETCH(QString, server);
    QFETCH(QString, message);
    AppStoreConnectProvider* provider = makeProvider();
    Job* job = nullptr;
    QString path;
    QByteArray method = "GET";
    if (operation == QLatin1String("apps")) {
        path = QStringLiteral("/v1/apps");
        m_server->route(method, path, HttpTestResponse::json(http, body));
        job = provider->fetchApps();
    } else if (operation == QLatin1String("versions")) {
        path = QStringLiteral("/v1/apps/*/appStoreVersions");
        m_server->route(method, path, HttpTestResponse::json(http, body));
        m_server->route(
            "GET", "/v1/builds", HttpTestResponse::json(200, QByteArray(R"({"data":[],"links":{"self":"x"}})")));
        job = provider->fetchVersions(kApp);
    } else {
        method = "POST";
        path = QStringLiteral("/v1/appStoreVersions");
        m_server->route(method, path, HttpTestResponse::json(http, body));
        job = provider->createVersion(kApp, QStringLiteral("ios"), QStringLiteral("1.0"), {});
    }
    QVERIFY(job->waitForFinished(10000));
    QCOMPARE(job->error().kind, kind);
    QCOMPARE(job->error().httpStatus, http);
    QCOMPARE(job->error().serverMessage, server);
    QVERIFY2(job->error().message.contains(message), qPrintable(job->error().message));
    QVERIFY(!job->error().details.isEmpty()); // the error code, for the window's Details and --json
    QVERIFY(!job->error().toString().contains(QString::fromLatin1(m_p8))); // never the key
    // Served once; a 401 alone earns one newly signed token and one more try.
    QCOMPARE(m_server->count(method, path), http == 401 ? 2 : 1);
}

void TestAppStoreConnectProvider::cli_accountsAppsVersionsPublishEndToEnd()
{
    SLIPWAY_REQUIRE_CORPUS();
    if (qEnvironmentVariableIntValue("SLIPWAY_KEYRING_AVAILABLE") != 1)
        QSKIP("needs a session keyring: run inside tests/with-keyring.sh (./scripts/test does)");
    const QFileInfo cli(cliPath());
    QVERIFY2(cli.isExecutable(), qPrintable(cli.filePath()));
    const QString ipa = corpusFile(QStringLiteral("UnCrackable-Level1.ipa"));
    routeUploadFlow(ipa,
        {HttpTestResponse::json(200,
            QByteArray(
                R"({"data":{"type":"buildUploads","id":"up1","attributes":{"state":{"state":"COMPLETE"}},"relationships":{"build":{"data":{"type":"builds","id":"build9"}}}}})"))});
    // The CLI polls at its default pace: answer the final states at once.
    m_server->route("GET", "/v1/builds", [](const RecordedRequest& r) {
        if (r.query.hasQueryItem(QStringLiteral("filter[version]")))
            return HttpTestResponse::json(200,
                QByteArray(
                    R"({"data":[{"type":"builds","id":"build9","attributes":{"version":"1","processingState":"VALID"}}],"links":{"self":"x"}})"));
        return HttpTestResponse::json(200,
            QByteArray(
                R"({"data":[{"type":"builds","id":"build8","attributes":{"version":"0","processingState":"PROCESSING","uploadedDate":"2026-02-01T00:00:00Z"}}],"links":{"self":"x"}})"));
    });
    QTemporaryDir home;
    QVERIFY(home.isValid());
    const QString keyFile = home.filePath(QStringLiteral("AuthKey_2X9R4HXF34.p8"));
    {
        QFile k(keyFile);
        QVERIFY(k.open(QIODevice::WriteOnly));
        k.write(m_p8);
    }
    auto run = [&](const QStringList& args) {
        const CliRun r = runCli(args, cliEnvironment(home.path()), {}, 60000);
        return std::make_tuple(r.exitCode, r.out, r.err);
    };
    const QString name = QStringLiteral("e2e-asc-%1").arg(QCoreApplication::applicationPid());
    auto [code, out, err] = run({QStringLiteral("accounts"), QStringLiteral("add"), QStringLiteral("appstoreconnect"),
        QStringLiteral("--name"), name, QStringLiteral("--set"),
        QStringLiteral("base-url=") + m_server->baseUrl().toString(), QStringLiteral("--set"),
        QStringLiteral("key-id=2X9R4HXF34"), QStringLiteral("--set"),
        QStringLiteral("issuer-id=57246542-96fe-1a63-e053-0824d011072a"), QStringLiteral("--secret-file"), keyFile});
    QVERIFY2(code == 0, err.constData());

    std::tie(code, out, err)
        = run({QStringLiteral("apps"), QStringLiteral("--account"), name, QStringLiteral("--json")});
    QVERIFY2(code == 0, err.constData());
    const QJsonArray apps = QJsonDocument::fromJson(out).array();
    QCOMPARE(apps.size(), 1);
    QCOMPARE(apps.first()[QStringLiteral("id")].toString(), kApp);

    std::tie(code, out, err)
        = run({QStringLiteral("versions"), kApp, QStringLiteral("--account"), name, QStringLiteral("--json")});
    QVERIFY2(code == 0, err.constData());
    const QJsonArray versions = QJsonDocument::fromJson(out).array();
    QCOMPARE(versions.size(), 1);
    QCOMPARE(versions.first()[QStringLiteral("state")].toString(), QStringLiteral("PROCESSING"));

    // The corpus IPA's profile expired in 2018, which preflight blocks for App Store Connect (tests/preflight): this
    // test is about the upload itself.
    std::tie(code, out, err)
        = run({QStringLiteral("publish"), ipa, QStringLiteral("--account"), name, QStringLiteral("--set"),
            QStringLiteral("app-store-version=1.0"), QStringLiteral("--no-preflight"), QStringLiteral("--json")});
    QVERIFY2(code == 0, err.constData());
    const QJsonObject published = QJsonDocument::fromJson(out).object();
    QCOMPARE(published[QStringLiteral("id")].toString(), QStringLiteral("build9"));
    QCOMPARE(published[QStringLiteral("state")].toString(), QStringLiteral("VALID"));
    QCOMPARE(published[QStringLiteral("appId")].toString(), kApp); // found by the IPA's bundle ID
    QCOMPARE(published[QStringLiteral("account")].toString(), name);
    // Prefilled from the CLI's own inspection of the IPA.
    const QJsonObject upload = m_server->requests("POST", QStringLiteral("/v1/buildUploads"))
                                   .first()
                                   .json()[QStringLiteral("data")]
                                   .toObject();
    QCOMPARE(upload[QStringLiteral("attributes")][QStringLiteral("cfBundleShortVersionString")].toString(),
        QStringLiteral("1.0"));
    QCOMPARE(upload[QStringLiteral("attributes")][QStringLiteral("cfBundleVersion")].toString(), QStringLiteral("1"));
    QCOMPARE(upload[QStringLiteral("attributes")][QStringLiteral("platform")].toString(), QStringLiteral("IOS"));
    QFile f(ipa);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray content = f.readAll();
    qint64 received = 0;
    for (const RecordedRequest& put : m_server->requests("PUT", QStringLiteral("/upload/*")))
        received += put.bodySize;
    QCOMPARE(received, qint64(content.size()));
    QCOMPARE(m_server->count("PATCH", QStringLiteral("/v1/appStoreVersions/asv1/relationships/build")), 1);

    run({QStringLiteral("accounts"), QStringLiteral("remove"), name, QStringLiteral("--yes")});
}

QTEST_GUILESS_MAIN(TestAppStoreConnectProvider)
#include "tst_appstoreconnectprovider.moc"
