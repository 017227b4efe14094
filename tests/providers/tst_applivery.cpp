// The Applivery provider against a loopback Applivery (appliveryfakeserver): listing, paging, publishing with a
// streamed multipart upload checked byte for byte, processing, every documented error, faults and retries, and
// slipway-cli end to end.
#include "appliveryfakeserver.h"

#include <testutils/testutils.h>

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <credentials/credentialstore.h>
#include <credentials/memorycredentialstore.h>
#include <net/httpclient.h>
#include <providers/applivery/appliveryprovider.h>

using namespace Slipway;
using namespace Slipway::Test;

namespace {

const QString kAccount = QStringLiteral("acme-applivery");
const QString kApk = QStringLiteral("hello-world.apk");

QByteArray sha256Hex(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(&f);
    return h.result().toHex();
}

} // namespace

class TstApplivery : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<AppliveryFakeServer> m_server;
    std::unique_ptr<MemoryCredentialStore> m_store;
    std::unique_ptr<HttpClient> m_http;
    std::unique_ptr<AppliveryProvider> m_provider;

    void makeProvider(bool withToken = true)
    {
        Account account;
        account.name = kAccount;
        account.service = QStringLiteral("applivery");
        account.baseUrl = m_server->api.baseUrl();
        account.fields.insert(QStringLiteral("organization-id"), m_server->org);
        m_store = std::make_unique<MemoryCredentialStore>();
        if (withToken)
            m_store->insert(CredentialStore::keyFor(kAccount, QStringLiteral("token")), m_server->token.toUtf8());
        m_http = std::make_unique<HttpClient>();
        m_provider = std::make_unique<AppliveryProvider>(account, m_store.get(), m_http.get());
        m_provider->setPollInterval(20);
        RetryPolicy retry;
        retry.maxAttempts = 3;
        retry.initialDelayMs = 20;
        retry.jitter = 0;
        m_provider->setRetryPolicy(retry);
    }

    PublishRequest apkRequest(const QString& appId)
    {
        PublishRequest r;
        r.files = {corpusFile(kApk)};
        r.appId = appId;
        r.versionName = QStringLiteral("1.0-rc1");
        r.notes = QStringLiteral("Fixes the crash on start.\nFaster sync.");
        r.inspection = QJsonObject {{QStringLiteral("packageId"), QStringLiteral("de.rhab.helloworld")},
            {QStringLiteral("label"), QStringLiteral("HelloWorld")},
            {QStringLiteral("versionName"), QStringLiteral("1.0")}, {QStringLiteral("versionCode"), 1}};
        return r;
    }

    template<typename J> static void finish(J* job)
    {
        QVERIFY(job);
        QVERIFY2(job->waitForFinished(30000), "the job did not finish in 30 s");
    }

private Q_SLOTS:
    void init()
    {
        m_server = std::make_unique<AppliveryFakeServer>();
        QVERIFY(m_server->listen());
        makeProvider();
    }

    void cleanup()
    {
        m_provider.reset();
        m_http.reset();
        m_store.reset();
        m_server.reset();
    }

    // The Workspace API's base URL, for its build upload too, is https://api.applivery.io (docs.applivery.com
    // .../api/builds/upload-build, "Choosing the right API"); upload-url is an account setting that overrides it.
    void uploadUrl_defaultsToTheDocumentedWorkspaceHost_andIsAnAccountSetting()
    {
        Account account;
        account.name = QStringLiteral("hosts");
        account.service = QStringLiteral("applivery");
        account.fields.insert(QStringLiteral("organization-id"), QStringLiteral("acme"));
        MemoryCredentialStore store;
        HttpClient http;
        {
            AppliveryProvider p(account, &store, &http);
            QCOMPARE(p.uploadUrl(), QUrl(QStringLiteral("https://api.applivery.io")));
        }
        account.fields.insert(QStringLiteral("upload-url"), QStringLiteral("https://upload.acme.applivery.io"));
        AppliveryProvider p(account, &store, &http);
        QCOMPARE(p.uploadUrl(), QUrl(QStringLiteral("https://upload.acme.applivery.io")));
        const ServiceInfo info = AppliveryProvider::serviceInfo();
        QCOMPARE(info.defaultBaseUrl, QUrl(QStringLiteral("https://api.applivery.io")));
        bool listed = false;
        for (const FieldSpec& f : info.accountFields)
            listed = listed || f.key == QLatin1String("upload-url");
        QVERIFY(listed);
    }

    // ../shared/docs/apis/applivery.md, "Endpoints": upload.applivery.io serves the Integrations upload
    // (/v1/integrations/builds) and the Workspace upload lives on api.applivery.io. The fake server's upload host
    // follows that, so an account whose upload-url points a Workspace upload at it fails, and nothing is stored.
    void publish_workspaceUploadSentToTheIntegrationsHostIsRejected()
    {
        SLIPWAY_REQUIRE_CORPUS();
        const QString app = m_server->addApp(QStringLiteral("HelloWorld"));
        m_provider->setUploadUrl(m_server->upload.baseUrl());
        PublishJob* job = m_provider->publish(apkRequest(app));
        finish(job);
        QVERIFY(!job->succeeded());
        QCOMPARE(job->error().kind, Error::Kind::NotFound);
        QCOMPARE(job->error().httpStatus, 404);
        const QString path = QStringLiteral("/v1/organizations/acme/apps/%1/builds").arg(app);
        QVERIFY(m_server->upload.count("POST", path) >= 1);
        QCOMPARE(m_server->api.count("POST", path), 0);
        QCOMPARE(m_server->buildCount(), 0);
    }

    void fetchApps_followsEveryPageWithTheBearerToken()
    {
        for (int i = 0; i < 5; ++i)
            m_server->addApp(QStringLiteral("App %1").arg(i));
        m_server->maxLimit = 2;
        AppsJob* job = m_provider->fetchApps();
        finish(job);
        QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
        QCOMPARE(job->result().size(), 5);
        QCOMPARE(job->result().at(4).name, QStringLiteral("App 4"));
        QCOMPARE(job->result().at(0).id, m_server->apps.at(0).id);
        QCOMPARE(job->result().at(0).extra.value(QStringLiteral("slug")).toString(), QStringLiteral("app-0"));
        const auto reqs = m_server->api.requests("GET", QStringLiteral("/v1/organizations/acme/apps"));
        QCOMPARE(reqs.size(), 3);
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(reqs.at(i).query.queryItemValue(QStringLiteral("page")), QString::number(i + 1));
            QCOMPARE(reqs.at(i).query.queryItemValue(QStringLiteral("sort")), QStringLiteral("name:asc"));
            QCOMPARE(reqs.at(i).header("Authorization"), "Bearer " + m_server->token.toUtf8());
            QCOMPARE(reqs.at(i).header("Accept"), QByteArray("application/json"));
            QVERIFY(reqs.at(i).header("User-Agent").startsWith("Slipway/"));
        }
    }

    void fetchVersions_listsTheBuildsOfTheApp()
    {
        const QString app = m_server->addApp(QStringLiteral("Demo"));
        for (int i = 0; i < 3; ++i) {
            m_server->builds[app].prepend(QJsonObject {{QStringLiteral("id"), QStringLiteral("b%1").arg(i)},
                {QStringLiteral("status"), QStringLiteral("processed")},
                {QStringLiteral("versionName"), QStringLiteral("1.%1").arg(i)},
                {QStringLiteral("tags"), QJsonArray {QStringLiteral("qa")}}, {QStringLiteral("size"), 1000 + i}});
        }
        m_server->maxLimit = 2;
        VersionsJob* job = m_provider->fetchVersions(app);
        finish(job);
        QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
        QCOMPARE(job->result().size(), 3);
        QCOMPARE(job->result().at(0).id, QStringLiteral("b2")); // newest first, as the server orders them
        QCOMPARE(job->result().at(0).versionName, QStringLiteral("1.2"));
        QCOMPARE(job->result().at(0).label, QStringLiteral("qa"));
        QCOMPARE(job->result().at(0).size, 1002);
        QCOMPARE(job->result().at(0).appId, app);
        QCOMPARE(m_server->api.count("GET", QStringLiteral("/v1/organizations/acme/apps/%1/builds").arg(app)), 2);
    }

    void everyReturnedJobFinishes_noOrphanJobs()
    {
        // Every job a provider method returns emits finished(), and no other job is left behind as a child of the
        // provider (fetchVersions of an empty app id once created a job and returned a different one).
        const QString app = m_server->addApp(QStringLiteral("Demo"));
        const QList<Job*> returned {m_provider->fetchVersions(QString()), m_provider->fetchVersions(app),
            m_provider->fetchApps(), m_provider->publish(PublishRequest())};
        std::vector<std::unique_ptr<QSignalSpy>> finished;
        for (Job* job : returned)
            finished.push_back(std::make_unique<QSignalSpy>(job, &Job::finished));
        for (const auto& spy : finished)
            QTRY_COMPARE_WITH_TIMEOUT(spy->count(), 1, 30000);
        QCOMPARE(returned.first()->error().kind, Error::Kind::Validation);
        QCOMPARE(returned.first()->error().field, QStringLiteral("app"));
        QVERIFY2(returned.at(1)->succeeded(), qPrintable(returned.at(1)->error().toString()));
        QVERIFY2(returned.at(2)->succeeded(), qPrintable(returned.at(2)->error().toString()));
        const QList<Job*> children = m_provider->findChildren<Job*>(Qt::FindDirectChildrenOnly);
        for (Job* child : children)
            QVERIFY2(returned.contains(child), "a job no caller holds is left as a child of the provider");
        QCOMPARE(children.size(), returned.size());
    }

    void publish_streamsTheBuildToTheUploadHostAndWaitsForProcessing()
    {
        SLIPWAY_REQUIRE_CORPUS();
        const QString app = m_server->addApp(QStringLiteral("HelloWorld"));
        PublishRequest r = apkRequest(app);
        r.options.insert(QStringLiteral("tags"), QStringLiteral("qa, rc ,"));
        r.options.insert(QStringLiteral("notify-collaborators"), QStringLiteral("true"));
        r.options.insert(QStringLiteral("notify-employees"), QStringLiteral("no"));
        r.options.insert(QStringLiteral("notify-message"), QStringLiteral("New build ready"));
        r.options.insert(QStringLiteral("notify-language"), QStringLiteral("en"));
        r.options.insert(QStringLiteral("filter"), QStringLiteral("testers, android; managers"));
        r.publisher = QStringLiteral("ci-bot");
        PublishJob* job = m_provider->publish(r);
        QSignalSpy progress(job, &Job::progress);
        finish(job);
        QVERIFY2(job->succeeded(), qPrintable(job->error().toString() + QLatin1Char(' ') + job->error().details));

        const VersionInfo v = job->result();
        QCOMPARE(v.state, QStringLiteral("processed"));
        QCOMPARE(v.versionName, QStringLiteral("1.0-rc1"));
        QCOMPARE(v.versionCode, QStringLiteral("6"));
        QCOMPARE(v.label, QStringLiteral("qa, rc"));
        QCOMPARE(v.appId, app);
        QCOMPARE(v.size, QFileInfo(corpusFile(kApk)).size());

        // The upload went to the Workspace API's host (the default upload-url), as multipart, with every field;
        // nothing went to the Integrations upload host.
        const QString path = QStringLiteral("/v1/organizations/acme/apps/%1/builds").arg(app);
        QCOMPARE(m_server->upload.startedCount(), 0);
        const auto ups = m_server->api.requests("POST", path);
        QCOMPARE(ups.size(), 1);
        const RecordedRequest& up = ups.first();
        QCOMPARE(up.header("Authorization"), "Bearer " + m_server->token.toUtf8());
        QVERIFY(up.header("Content-Type").startsWith("multipart/form-data; boundary="));
        const RecordedPart* build = up.part("build");
        QVERIFY(build);
        QCOMPARE(build->fileName, kApk);
        QCOMPARE(build->size, QFileInfo(corpusFile(kApk)).size());
        QCOMPARE(build->sha256, sha256Hex(corpusFile(kApk))); // byte-identical
        auto field = [&up](const char* name) {
            const RecordedPart* p = up.part(name);
            return p ? p->body : QByteArray("<missing>");
        };
        QCOMPARE(field("versionName"), QByteArray("1.0-rc1"));
        QCOMPARE(field("changelog"), QByteArray("Fixes the crash on start.\nFaster sync."));
        QCOMPARE(field("tags"), QByteArray("qa,rc"));
        QCOMPARE(field("notifyCollaborators"), QByteArray("true"));
        QCOMPARE(field("notifyEmployees"), QByteArray("false"));
        QCOMPARE(field("notifyMessage"), QByteArray("New build ready"));
        QCOMPARE(field("notifyLanguage"), QByteArray("en"));
        QCOMPARE(field("filter"), QByteArray(R"([["testers","android"],["managers"]])"));
        QCOMPARE(field("deployer.name"), QByteArray("Slipway"));
        QCOMPARE(field("deployer.info.publisher"), QByteArray("ci-bot"));

        // Then the build was polled until processed (pending -> in_progress -> processed).
        const QString buildPath = path + QLatin1Char('/') + v.id;
        QCOMPARE(m_server->api.count("GET", buildPath), 2);
        QVERIFY(!progress.isEmpty());
        QCOMPARE(progress.last().at(0).toLongLong(), progress.last().at(1).toLongLong());
        QCOMPARE(m_server->buildCount(), 1);
    }

    void publish_createsTheAppWhenNoneMatches()
    {
        SLIPWAY_REQUIRE_CORPUS();
        m_server->addApp(QStringLiteral("Something else"));
        PublishRequest r = apkRequest(QString());
        r.appName = QStringLiteral("Hello World Beta");
        PublishJob* job = m_provider->publish(r);
        finish(job);
        QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
        const auto creates = m_server->api.requests("POST", QStringLiteral("/v1/organizations/acme/apps"));
        QCOMPARE(creates.size(), 1);
        QCOMPARE(creates.first().json().value(QLatin1String("name")).toString(), QStringLiteral("Hello World Beta"));
        QCOMPARE(creates.first().header("Content-Type"), QByteArray("application/json"));
        // Only documented fields; the package id goes into metadata.
        QVERIFY(!creates.first().json().contains(QLatin1String("description")));
        QCOMPARE(creates.first().json().value(QLatin1String("metadata")).toObject().value(QLatin1String("packageId")),
            QJsonValue(r.inspection.value(QLatin1String("packageId"))));
        QCOMPARE(m_server->apps.size(), 2);
        QCOMPARE(job->result().appId, m_server->apps.last().id);
        QCOMPARE(m_server->builds.value(m_server->apps.last().id).size(), 1);
    }

    void publish_matchesAnExistingAppByLabel_andHonoursCreateAppFalse()
    {
        SLIPWAY_REQUIRE_CORPUS();
        const QString app = m_server->addApp(QStringLiteral("HelloWorld"));
        PublishJob* job = m_provider->publish(apkRequest(QString()));
        finish(job);
        QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
        QCOMPARE(job->result().appId, app);
        QCOMPARE(m_server->api.count("POST", QStringLiteral("/v1/organizations/acme/apps")), 0);

        m_server->apps.clear();
        PublishRequest r = apkRequest(QString());
        r.options.insert(QStringLiteral("create-app"), QStringLiteral("false"));
        job = m_provider->publish(r);
        finish(job);
        QCOMPARE(job->error().kind, Error::Kind::NotFound);
        QCOMPARE(m_server->api.count("POST", QStringLiteral("/v1/organizations/acme/apps")), 0);
    }

    void publish_windowsDefaultAppIdIsThePackage_findsOrCreatesTheApp()
    {
        // The Publish dialog proposes the package id as the app; Applivery apps have none.
        SLIPWAY_REQUIRE_CORPUS();
        const QString app = m_server->addApp(QStringLiteral("HelloWorld"));
        PublishRequest r = apkRequest(QStringLiteral("de.rhab.helloworld"));
        PublishJob* job = m_provider->publish(r);
        finish(job);
        QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
        QCOMPARE(job->result().appId, app);

        r.appId = QStringLiteral("no-such-app");
        job = m_provider->publish(r);
        finish(job);
        QCOMPARE(job->error().kind, Error::Kind::NotFound); // an explicit app that does not exist is not created
        QVERIFY(job->error().message.contains(QStringLiteral("no-such-app")));
        QCOMPARE(job->error().field, QStringLiteral("app"));
        QCOMPARE(m_server->apps.size(), 1);
    }

    void publish_processingErrorShowsTheServersLog()
    {
        SLIPWAY_REQUIRE_CORPUS();
        const QString app = m_server->addApp(QStringLiteral("HelloWorld"));
        m_server->failProcessing = true;
        PublishJob* job = m_provider->publish(apkRequest(app));
        finish(job);
        QCOMPARE(job->error().kind, Error::Kind::Validation);
        QCOMPARE(job->error().serverMessage,
            QStringLiteral(
                "Invalid package (code 5006); log: [info] Unzipping build | [error] AndroidManifest.xml not found"));
        QVERIFY2(job->error().details.contains(
                     QStringLiteral("[info] Unzipping build\n[error] AndroidManifest.xml not found")),
            qPrintable(job->error().details));
    }

    void publish_processingThatNeverEndsTimesOut()
    {
        SLIPWAY_REQUIRE_CORPUS();
        const QString app = m_server->addApp(QStringLiteral("HelloWorld"));
        m_server->pollsUntilProcessed = 1000000;
        m_provider->setMaxProcessingTime(150);
        PublishJob* job = m_provider->publish(apkRequest(app));
        finish(job);
        QCOMPARE(job->error().kind, Error::Kind::Timeout);
        const QString buildId = m_server->builds.value(app).first().value(QLatin1String("id")).toString();
        QVERIFY2(job->error().message.contains(buildId), qPrintable(job->error().message));
        QVERIFY(m_server->api.count("GET", QStringLiteral("/v1/organizations/*/apps/*/builds/*")) >= 2);
        QCOMPARE(m_server->buildCount(), 1);
    }

    void publish_withoutWaitingReturnsThePendingBuild()
    {
        SLIPWAY_REQUIRE_CORPUS();
        const QString app = m_server->addApp(QStringLiteral("HelloWorld"));
        PublishRequest r = apkRequest(app);
        r.options.insert(QStringLiteral("wait-processing"), QStringLiteral("false"));
        PublishJob* job = m_provider->publish(r);
        finish(job);
        QVERIFY(job->succeeded());
        QCOMPARE(job->result().state, QStringLiteral("pending"));
        QCOMPARE(m_server->api.count("GET", QStringLiteral("/v1/organizations/acme/apps/*/builds/*")), 0);
    }

    void publish_rejectsBadOptionsBeforeAnyRequest_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::newRow("bool") << QStringLiteral("notify-employees") << QStringLiteral("maybe");
        QTest::newRow("filter") << QStringLiteral("filter") << QStringLiteral("[\"a\"]");
        QTest::newRow("language") << QStringLiteral("notify-language") << QStringLiteral("tlh");
    }

    void publish_rejectsBadOptionsBeforeAnyRequest()
    {
        SLIPWAY_REQUIRE_CORPUS();
        QFETCH(QString, key);
        QFETCH(QString, value);
        PublishRequest r = apkRequest(QStringLiteral("x"));
        r.options.insert(key, value);
        PublishJob* job = m_provider->publish(r);
        finish(job);
        QCOMPARE(job->error().kind, Error::Kind::Validation);
        QCOMPARE(m_server->api.requests().size() + m_server->upload.requests().size(), 0);
    }

    void errors_documentedExamplesMapToKinds_data()
    {
        QTest::addColumn<int>("http");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<Error::Kind>("kind");
        QTest::addColumn<QString>("server");
        auto body = [](int code, const char* message, bool status = false) {
            return QJsonDocument(QJsonObject {{QStringLiteral("status"), status},
                                     {QStringLiteral("error"),
                                         QJsonObject {{QStringLiteral("code"), code},
                                             {QStringLiteral("message"), QString::fromLatin1(message)}}}})
                .toJson(QJsonDocument::Compact);
        };
        QTest::newRow("2001") << 401 << body(2001, "Token not valid") << Error::Kind::Auth
                              << QStringLiteral("Token not valid (code 2001)");
        QTest::newRow("4001 with status true") << 404 << body(4001, "Entity not found", true) << Error::Kind::NotFound
                                               << QStringLiteral("Entity not found (code 4001)");
        QTest::newRow("4002") << 401 << body(4002, "Token empty") << Error::Kind::Auth
                              << QStringLiteral("Token empty (code 4002)");
        QTest::newRow("4004 on HTTP 200") << 200 << body(4004, "App Token not valid") << Error::Kind::Auth
                                          << QStringLiteral("App Token not valid (code 4004)");
        QTest::newRow("5014") << 400 << body(5014, "Build not processed") << Error::Kind::Validation
                              << QStringLiteral("Build not processed (code 5014)");
        QTest::newRow("403 plain") << 403 << QByteArray("Forbidden") << Error::Kind::Forbidden << QString();
    }

    void errors_documentedExamplesMapToKinds()
    {
        QFETCH(int, http);
        QFETCH(QByteArray, body);
        QFETCH(Error::Kind, kind);
        QFETCH(QString, server);
        m_server->api.route("GET", QStringLiteral("/v1/organizations/*/apps"), HttpTestResponse::json(http, body));
        AppsJob* job = m_provider->fetchApps();
        finish(job);
        QCOMPARE(job->error().kind, kind);
        QCOMPARE(job->error().httpStatus, http == 200 ? job->error().httpStatus : http);
        if (!server.isEmpty())
            QCOMPARE(job->error().serverMessage, server);
        QVERIFY(!job->error().message.isEmpty());
        QVERIFY(!job->error().toString().contains(m_server->token)); // never the secret
        QCOMPARE(m_server->api.requests().size(), 1); // errors of the service are not retried
    }

    void errors_wrongTokenAndOrganizationComeFromTheServer()
    {
        makeProvider(false);
        m_store->insert(CredentialStore::keyFor(kAccount, QStringLiteral("token")), "wrong");
        AppsJob* job = m_provider->fetchApps();
        finish(job);
        QCOMPARE(job->error().kind, Error::Kind::Auth);
        QCOMPARE(job->error().serverMessage, QStringLiteral("Token not valid (code 2001)"));
    }

    void errors_missingTokenFailsWithoutARequest()
    {
        makeProvider(false);
        AppsJob* job = m_provider->fetchApps();
        finish(job);
        QCOMPARE(job->error().kind, Error::Kind::Auth);
        QVERIFY(job->error().message.contains(kAccount));
        QCOMPARE(m_server->api.requests().size(), 0);
    }

    void errors_badBuildFileOnUploadIsValidation()
    {
        SLIPWAY_REQUIRE_CORPUS();
        const QString app = m_server->addApp(QStringLiteral("HelloWorld"));
        m_server->api.route("POST", QStringLiteral("/v1/organizations/*/apps/*/builds"),
            HttpTestResponse::json(400,
                QJsonDocument(QJsonObject {{QStringLiteral("status"), false},
                                  {QStringLiteral("error"),
                                      QJsonObject {{QStringLiteral("code"), 5006},
                                          {QStringLiteral("message"), QStringLiteral("Build file path invalid")}}}})
                    .toJson()));
        PublishJob* job = m_provider->publish(apkRequest(app));
        finish(job);
        QCOMPARE(job->error().kind, Error::Kind::Validation);
        QCOMPARE(job->error().httpStatus, 400);
        QCOMPARE(job->error().serverMessage, QStringLiteral("Build file path invalid (code 5006)"));
    }

    void errors_htmlPageIsNotJson()
    {
        m_server->api.route("GET", QStringLiteral("/v1/organizations/*/apps"),
            HttpTestResponse::html(404, "<html><head><title>404 Not Found</title></head><body>nginx</body></html>"));
        AppsJob* job = m_provider->fetchApps();
        finish(job);
        QCOMPARE(job->error().kind, Error::Kind::NotFound);
        QCOMPARE(job->error().httpStatus, 404);
        QCOMPARE(job->error().serverMessage, QStringLiteral("404 Not Found")); // the page's title
        QVERIFY2(job->error().message.contains(QStringLiteral("HTML")), qPrintable(job->error().message));

        m_server->api.route("GET", QStringLiteral("/v1/organizations/*/apps"),
            HttpTestResponse::html(200, "<html><body>Maintenance</body></html>"));
        job = m_provider->fetchApps();
        finish(job);
        QCOMPARE(job->error().kind, Error::Kind::BadResponse);
    }

    void errors_truncatedBodyIsRetriedThenReported()
    {
        m_server->addApp(QStringLiteral("Demo"));
        HttpTestResponse truncated = HttpTestResponse::json(200,
            QJsonDocument(QJsonObject {{QStringLiteral("status"), true},
                              {QStringLiteral("data"),
                                  QJsonObject {{QStringLiteral("items"), QJsonArray()}, {QStringLiteral("page"), 1}}}})
                .toJson());
        truncated.fault = HttpTestResponse::Fault::TruncatedBody;
        m_server->api.route("GET", QStringLiteral("/v1/organizations/*/apps"), truncated);
        AppsJob* job = m_provider->fetchApps();
        finish(job);
        QCOMPARE(job->error().kind, Error::Kind::BadResponse);
        QVERIFY2(job->error().details.contains(QStringLiteral("Connection closed")), qPrintable(job->error().details));
        QCOMPARE(m_server->api.requests().size(), 3); // idempotent GET: retried up to maxAttempts
    }

    void retry_429WithRetryAfterThenSuccess()
    {
        m_server->addApp(QStringLiteral("Demo"));
        m_server->api.route("GET", QStringLiteral("/v1/organizations/*/apps"),
            HttpTestServer::sequence(
                {HttpTestResponse::json(429, QByteArray("{\"status\":false}")).withHeader("Retry-After", "1"),
                    HttpTestResponse::json(200,
                        QJsonDocument(QJsonObject {{QStringLiteral("status"), true},
                                          {QStringLiteral("data"),
                                              QJsonObject {{QStringLiteral("items"),
                                                               QJsonArray {QJsonObject {
                                                                   {QStringLiteral("id"), QStringLiteral("a1")},
                                                                   {QStringLiteral("name"), QStringLiteral("Demo")}}}},
                                                  {QStringLiteral("page"), 1}, {QStringLiteral("totalPages"), 1},
                                                  {QStringLiteral("hasNextPage"), false}}}})
                            .toJson())}));
        QElapsedTimer t;
        t.start();
        AppsJob* job = m_provider->fetchApps();
        finish(job);
        QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
        QCOMPARE(job->result().size(), 1);
        QCOMPARE(m_server->api.requests().size(), 2);
        QVERIFY2(t.elapsed() >= 900, "Retry-After: 1 was not honoured");
    }

    void retry_503ThenSuccessOnBuildDetails()
    {
        SLIPWAY_REQUIRE_CORPUS();
        const QString app = m_server->addApp(QStringLiteral("HelloWorld"));
        // The first detail request fails with 503 (an HTML page), the retry gets the processed build.
        auto served = std::make_shared<int>(0);
        AppliveryFakeServer* fake = m_server.get();
        m_server->api.route(
            "GET", QStringLiteral("/v1/organizations/*/apps/*/builds/*"), [served, fake](const RecordedRequest& r) {
                if ((*served)++ == 0)
                    return HttpTestResponse::html(503, "<html><body>Service Unavailable</body></html>");
                QJsonObject b = fake->builds.value(r.path.split(QLatin1Char('/')).value(5)).value(0);
                b.insert(QStringLiteral("status"), QStringLiteral("processed"));
                return HttpTestResponse::json(200,
                    QJsonDocument(QJsonObject {{QStringLiteral("status"), true}, {QStringLiteral("data"), b}})
                        .toJson());
            });
        PublishJob* job = m_provider->publish(apkRequest(app));
        finish(job);
        QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
        QCOMPARE(*served, 2);
        QCOMPARE(job->result().state, QStringLiteral("processed"));
    }

    void retry_droppedConnectionMidUploadIsSentAgainOnce()
    {
        SLIPWAY_REQUIRE_CORPUS();
        const QString app = m_server->addApp(QStringLiteral("HelloWorld"));
        const QString path = QStringLiteral("/v1/organizations/acme/apps/%1/builds").arg(app);
        m_server->api.dropDuringBody("POST", path, 256 * 1024);
        PublishJob* job = m_provider->publish(apkRequest(app));
        finish(job);
        QVERIFY2(job->succeeded(), qPrintable(job->error().toString() + QLatin1Char(' ') + job->error().details));
        // The first attempt broke off mid-body; the list of builds proved nothing was created; one more upload.
        QCOMPARE(m_server->api.count("POST", path), 2);
        QCOMPARE(m_server->api.count("GET", path), 2); // the listing before the upload, and the proof
        QCOMPARE(m_server->buildCount(), 1);
        const auto ups = m_server->api.requests("POST", path);
        QCOMPARE(ups.last().part("build")->sha256, sha256Hex(corpusFile(kApk)));
    }

    void logs_neverContainTheToken()
    {
        SLIPWAY_REQUIRE_CORPUS();
        static QStringList messages;
        messages.clear();
        QLoggingCategory::setFilterRules(QStringLiteral("slipway.*=true"));
        const QtMessageHandler previous = qInstallMessageHandler(
            [](QtMsgType, const QMessageLogContext&, const QString& m) { messages.append(m); });
        const QString app = m_server->addApp(QStringLiteral("HelloWorld"));
        PublishJob* job = m_provider->publish(apkRequest(app));
        finish(job);
        QVERIFY(job->succeeded());
        qInstallMessageHandler(previous);
        QLoggingCategory::setFilterRules(QString());
        QVERIFY(messages.size() > 3); // the requests were logged ...
        for (const QString& m : messages)
            QVERIFY2(!m.contains(m_server->token), qPrintable(m)); // ... without the secret
    }

    void retry_answerLostAfterCreateMakesNoDuplicate()
    {
        SLIPWAY_REQUIRE_CORPUS();
        const QString app = m_server->addApp(QStringLiteral("HelloWorld"));
        const QString path = QStringLiteral("/v1/organizations/*/apps/*/builds");
        // The server stores the build, then the connection drops before the answer (the client cannot know).
        auto first = std::make_shared<bool>(true);
        AppliveryFakeServer* fake = m_server.get();
        m_server->api.route("POST", path, [first, fake, app](const RecordedRequest& r) {
            const RecordedPart* file = r.part("build");
            QJsonObject build {{QStringLiteral("id"), QStringLiteral("created-once")},
                {QStringLiteral("status"), QStringLiteral("processed")},
                {QStringLiteral("versionName"), QString::fromUtf8(r.part("versionName")->body)},
                {QStringLiteral("size"), file->size},
                {QStringLiteral("createdAt"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)}};
            fake->builds[app].prepend(build);
            if (*first) {
                *first = false;
                return HttpTestResponse::failure(HttpTestResponse::Fault::DropConnection);
            }
            return HttpTestResponse::json(200,
                QJsonDocument(QJsonObject {{QStringLiteral("status"), true}, {QStringLiteral("data"), build}})
                    .toJson());
        });
        PublishJob* job = m_provider->publish(apkRequest(app));
        finish(job);
        QVERIFY2(job->succeeded(), qPrintable(job->error().toString() + QLatin1Char(' ') + job->error().details));
        QCOMPARE(job->result().id, QStringLiteral("created-once"));
        QCOMPARE(m_server->api.count("POST", path), 1); // not sent again
        QCOMPARE(m_server->buildCount(), 1); // no duplicate version
    }

    // A build of this APK (A, same version name and size, uploaded seconds ago) is on the server. B's upload
    // answers 503 and the server did not store it. The verify must not report A as B: B is uploaded again and
    // reported with its own id; the server holds A and exactly one B.
    void retry_503WithAnEarlierSameBuildIsNotTakenForTheUpload()
    {
        SLIPWAY_REQUIRE_CORPUS();
        const QString app = m_server->addApp(QStringLiteral("HelloWorld"));
        const QString path = QStringLiteral("/v1/organizations/*/apps/*/builds");
        auto build = [](const QString& id, const RecordedPart* file, qint64 size) {
            return QJsonObject {{QStringLiteral("id"), id}, {QStringLiteral("status"), QStringLiteral("processed")},
                {QStringLiteral("versionName"), QStringLiteral("1.0-rc1")},
                {QStringLiteral("size"), file ? file->size : size},
                {QStringLiteral("createdAt"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)}};
        };
        m_server->builds[app].prepend(build(QStringLiteral("build-a"), nullptr, QFileInfo(corpusFile(kApk)).size()));
        auto posts = std::make_shared<int>(0);
        AppliveryFakeServer* fake = m_server.get();
        m_server->api.route("POST", path, [posts, fake, app, build](const RecordedRequest& r) {
            if (++*posts == 1)
                return HttpTestResponse::html(503, "<html><title>503 Service Unavailable</title></html>");
            const QJsonObject b = build(QStringLiteral("build-b"), r.part("build"), 0);
            fake->builds[app].prepend(b);
            return HttpTestResponse::json(200,
                QJsonDocument(QJsonObject {{QStringLiteral("status"), true}, {QStringLiteral("data"), b}}).toJson());
        });
        PublishJob* job = m_provider->publish(apkRequest(app));
        finish(job);
        QVERIFY2(job->succeeded(), qPrintable(job->error().toString() + QLatin1Char(' ') + job->error().details));
        QCOMPARE(job->result().id, QStringLiteral("build-b"));
        QCOMPARE(*posts, 2);
        QCOMPARE(m_server->buildCount(), 2); // A and one B
    }

    // A build of this APK (A) is on the server; B's upload is stored but the answer is lost. The lookup finds B
    // (new since the snapshot, same name and size) and reports B's id; no second upload.
    void retry_answerLostWithAnEarlierSameBuildReportsTheNewOne()
    {
        SLIPWAY_REQUIRE_CORPUS();
        const QString app = m_server->addApp(QStringLiteral("HelloWorld"));
        const QString path = QStringLiteral("/v1/organizations/*/apps/*/builds");
        const qint64 size = QFileInfo(corpusFile(kApk)).size();
        auto build = [size](const QString& id) {
            return QJsonObject {{QStringLiteral("id"), id}, {QStringLiteral("status"), QStringLiteral("processed")},
                {QStringLiteral("versionName"), QStringLiteral("1.0-rc1")}, {QStringLiteral("size"), size},
                {QStringLiteral("createdAt"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)}};
        };
        m_server->builds[app].prepend(build(QStringLiteral("build-a")));
        AppliveryFakeServer* fake = m_server.get();
        m_server->api.route("POST", path, [fake, app, build](const RecordedRequest&) {
            fake->builds[app].prepend(build(QStringLiteral("build-b")));
            return HttpTestResponse::failure(HttpTestResponse::Fault::DropConnection);
        });
        PublishJob* job = m_provider->publish(apkRequest(app));
        finish(job);
        QVERIFY2(job->succeeded(), qPrintable(job->error().toString() + QLatin1Char(' ') + job->error().details));
        QCOMPARE(job->result().id, QStringLiteral("build-b"));
        QCOMPARE(m_server->api.count("POST", path), 1);
        QCOMPARE(m_server->buildCount(), 2);
    }

    void retry_appCreateIsNotDuplicated()
    {
        SLIPWAY_REQUIRE_CORPUS();
        auto first = std::make_shared<bool>(true);
        AppliveryFakeServer* fake = m_server.get();
        m_server->api.route(
            "POST", QStringLiteral("/v1/organizations/*/apps"), [first, fake](const RecordedRequest& r) {
                const QString id = fake->addApp(r.json().value(QLatin1String("name")).toString());
                if (*first) {
                    *first = false;
                    return HttpTestResponse::html(502, "<html>Bad Gateway</html>");
                }
                return HttpTestResponse::json(200,
                    QJsonDocument(QJsonObject {{QStringLiteral("status"), true},
                                      {QStringLiteral("data"), QJsonObject {{QStringLiteral("id"), id}}}})
                        .toJson());
            });
        PublishRequest r = apkRequest(QString());
        r.appName = QStringLiteral("Fresh");
        PublishJob* job = m_provider->publish(r);
        finish(job);
        QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
        QCOMPARE(m_server->apps.size(), 1);
        QCOMPARE(m_server->api.count("POST", QStringLiteral("/v1/organizations/acme/apps")), 1);
        QCOMPARE(job->result().appId, m_server->apps.first().id);
    }

    void cancel_duringProcessingStopsPolling()
    {
        SLIPWAY_REQUIRE_CORPUS();
        const QString app = m_server->addApp(QStringLiteral("HelloWorld"));
        m_server->pollsUntilProcessed = 1000000;
        m_provider->setPollInterval(50);
        PublishJob* job = m_provider->publish(apkRequest(app));
        QTRY_VERIFY_WITH_TIMEOUT(
            m_server->api.count("GET", QStringLiteral("/v1/organizations/*/apps/*/builds/*")) >= 2, 10000);
        job->cancel();
        finish(job);
        QCOMPARE(job->error().kind, Error::Kind::Cancelled);
        const int polls = m_server->api.count("GET", QStringLiteral("/v1/organizations/*/apps/*/builds/*"));
        // Nothing reaches the server any more: no request in six poll intervals.
        QSignalSpy later(&m_server->api, &HttpTestServer::requestRecorded);
        QVERIFY2(!later.wait(300), "a request reached Applivery after the publish was cancelled");
        QCOMPARE(m_server->api.count("GET", QStringLiteral("/v1/organizations/*/apps/*/builds/*")), polls);
    }

    void cancel_duringUploadStopsThePublish()
    {
        SLIPWAY_REQUIRE_CORPUS();
        const QString app = m_server->addApp(QStringLiteral("HelloWorld"));
        PublishJob* job = m_provider->publish(apkRequest(app));
        connect(job, &Job::progress, job, [job](qint64 done, qint64) {
            if (done > 0)
                job->cancel();
        });
        finish(job);
        QCOMPARE(job->error().kind, Error::Kind::Cancelled);
        // No lookup and no poll follow the cancel: no new request reaches the API host (the cancelled upload's
        // own body may still finish arriving, so its recording is not counted).
        const int started = m_server->api.startedCount();
        QSignalSpy later(&m_server->api, &HttpTestServer::requestRecorded);
        later.wait(200);
        QCOMPARE(m_server->api.startedCount(), started);
        // On loopback the body may already be out when the first progress report arrives, so the server may or
        // may not have the build; either way the upload is not sent again and the build is not polled.
        QVERIFY(m_server->api.count("POST", QStringLiteral("/v1/organizations/*/apps/*/builds")) <= 1);
        QVERIFY(m_server->buildCount() <= 1);
        QCOMPARE(m_server->api.count("GET", QStringLiteral("/v1/organizations/*/apps/*/builds/*")), 0);
    }

    void cli_accountsAppsVersionsPublishEndToEnd()
    {
        SLIPWAY_REQUIRE_CORPUS();
        if (qEnvironmentVariableIntValue("SLIPWAY_KEYRING_AVAILABLE") != 1)
            QSKIP("needs a session keyring: run inside tests/with-keyring.sh (./scripts/test does)");
        QFileInfo cli(cliPath());
        QVERIFY2(cli.isExecutable(), qPrintable(cli.filePath()));
        const QString app = m_server->addApp(QStringLiteral("HelloWorld"));
        m_server->pollsUntilProcessed = 1;
        QTemporaryDir home;
        QVERIFY(home.isValid());
        auto run = [&](const QStringList& args, const QByteArray& stdinData = {}) {
            const CliRun r = runCli(args, cliEnvironment(home.path()), stdinData, 30000);
            return std::make_tuple(r.exitCode, r.out, r.err);
        };
        const QString name = QStringLiteral("e2e-applivery-%1").arg(QCoreApplication::applicationPid());
        auto [code, out, err] = run(
            {QStringLiteral("accounts"), QStringLiteral("add"), QStringLiteral("applivery"), QStringLiteral("--name"),
                name, QStringLiteral("--set"), QStringLiteral("base-url=") + m_server->api.baseUrl().toString(),
                QStringLiteral("--set"), QStringLiteral("organization-id=acme"), QStringLiteral("--secret-stdin")},
            m_server->token.toUtf8() + '\n');
        QVERIFY2(code == 0, err.constData());

        std::tie(code, out, err)
            = run({QStringLiteral("apps"), QStringLiteral("--account"), name, QStringLiteral("--json")});
        QVERIFY2(code == 0, err.constData());
        const QJsonArray apps = QJsonDocument::fromJson(out).array();
        QCOMPARE(apps.size(), 1);
        QCOMPARE(apps.first().toObject().value(QLatin1String("id")).toString(), app);
        QCOMPARE(apps.first().toObject().value(QLatin1String("name")).toString(), QStringLiteral("HelloWorld"));

        std::tie(code, out, err) = run(
            {QStringLiteral("publish"), corpusFile(kApk), QStringLiteral("--account"), name, QStringLiteral("--notes"),
                QStringLiteral("From the CLI"), QStringLiteral("--set"), QStringLiteral("tags=cli,e2e"),
                QStringLiteral("--set"), QStringLiteral("notify-employees=true"), QStringLiteral("--json")});
        QVERIFY2(code == 0, err.constData());
        const QJsonObject published = QJsonDocument::fromJson(out).object();
        QCOMPARE(published.value(QLatin1String("appId")).toString(), app); // matched by the package's label
        QCOMPARE(published.value(QLatin1String("state")).toString(), QStringLiteral("processed"));
        QCOMPARE(published.value(QLatin1String("versionName")).toString(), QStringLiteral("1.0"));
        QCOMPARE(published.value(QLatin1String("label")).toString(), QStringLiteral("cli, e2e"));
        QCOMPARE(published.value(QLatin1String("account")).toString(), name);
        const auto ups = m_server->api.requests("POST", QStringLiteral("/v1/organizations/acme/apps/*/builds"));
        QCOMPARE(ups.size(), 1);
        QCOMPARE(ups.first().part("build")->sha256, sha256Hex(corpusFile(kApk)));
        QCOMPARE(ups.first().part("changelog")->body, QByteArray("From the CLI"));
        QCOMPARE(ups.first().part("notifyEmployees")->body, QByteArray("true"));

        std::tie(code, out, err)
            = run({QStringLiteral("versions"), app, QStringLiteral("--account"), name, QStringLiteral("--json")});
        QVERIFY2(code == 0, err.constData());
        const QJsonArray versions = QJsonDocument::fromJson(out).array();
        QCOMPARE(versions.size(), 1);
        QCOMPARE(versions.first().toObject().value(QLatin1String("id")).toString(),
            published.value(QLatin1String("id")).toString());

        m_server->failProcessing = true;
        std::tie(code, out, err)
            = run({QStringLiteral("publish"), corpusFile(kApk), QStringLiteral("--account"), name});
        QCOMPARE(code, 3); // validation
        QVERIFY2(err.contains("AndroidManifest.xml not found"), err.constData()); // the server's processing log
        m_server->failProcessing = false;

        std::tie(code, out, err) = run({QStringLiteral("publish"), QStringLiteral("--account"), name,
            QStringLiteral("--set"), QStringLiteral("help"), corpusFile(kApk)});
        QVERIFY2(code == 0, err.constData());
        QVERIFY(out.contains("notify-collaborators"));

        run({QStringLiteral("accounts"), QStringLiteral("remove"), name, QStringLiteral("--yes")});
    }
};

QTEST_GUILESS_MAIN(TstApplivery)
#include "tst_applivery.moc"
