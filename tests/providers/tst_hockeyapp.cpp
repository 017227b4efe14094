// The HockeyApp API v2 provider against a loopback HockeyApp (hockeyappfakeserver): listing, paging, the
// streamed multipart upload (ipa + dsym) checked byte for byte, delete, every documented error, faults and
// retries, and slipway-cli end to end.
#include "hockeyappfakeserver.h"

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
#include <providers/hockeyapp/hockeyappprovider.h>

using namespace Slipway;
using namespace Slipway::Test;

namespace {

const QString kAccount = QStringLiteral("hockey");
const QString kIpa = QStringLiteral("UnCrackable-Level1.ipa"); // sg.vp.UnCrackable1 1.0 (1)
const QString kDsym = QStringLiteral("bugsnag_single-dsym.zip");
const QString kBundle = QStringLiteral("sg.vp.UnCrackable1");

QByteArray sha256Hex(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(&f);
    return h.result().toHex();
}

QJsonObject version(int id, const QString& code, const QString& name)
{
    // The documented list item (support.hockeyapp.net/kb/api/api-versions): no "id"; the version record's id is
    // the last segment of config_url.
    return QJsonObject {{QStringLiteral("config_url"),
                            QStringLiteral("https://rink.hockeyapp.net/manage/apps/1266/app_versions/%1").arg(id)},
        {QStringLiteral("version"), code}, {QStringLiteral("shortversion"), name}, {QStringLiteral("status"), 2},
        {QStringLiteral("timestamp"), 1326195742 + id}, {QStringLiteral("appsize"), 1000 + id},
        {QStringLiteral("notes"), QStringLiteral("<p>v%1</p>").arg(id)}};
}

} // namespace

class TstHockeyApp : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<HockeyAppFakeServer> m_server;
    std::unique_ptr<MemoryCredentialStore> m_store;
    std::unique_ptr<HttpClient> m_http;
    std::unique_ptr<HockeyAppProvider> m_provider;

    void makeProvider(const QByteArray& token)
    {
        Account account;
        account.name = kAccount;
        account.service = QStringLiteral("hockeyapp");
        account.baseUrl = m_server->apiUrl();
        m_store = std::make_unique<MemoryCredentialStore>();
        if (!token.isEmpty())
            m_store->insert(CredentialStore::keyFor(kAccount, QStringLiteral("token")), token);
        m_http = std::make_unique<HttpClient>();
        m_provider = std::make_unique<HockeyAppProvider>(account, m_store.get(), m_http.get());
        RetryPolicy retry;
        retry.maxAttempts = 3;
        retry.initialDelayMs = 20;
        retry.jitter = 0;
        m_provider->setRetryPolicy(retry);
    }

    PublishRequest ipaRequest()
    {
        PublishRequest r;
        r.files = {corpusFile(kIpa), corpusFile(kDsym)};
        r.notes = QStringLiteral("**Bold** fixes");
        r.inspection = QJsonObject {{QStringLiteral("packageId"), kBundle},
            {QStringLiteral("versionName"), QStringLiteral("1.0")},
            {QStringLiteral("versionCode"), QStringLiteral("1")}};
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
        m_server = std::make_unique<HockeyAppFakeServer>();
        QVERIFY(m_server->listen());
        makeProvider(m_server->token.toUtf8());
    }

    void cleanup()
    {
        m_provider.reset();
        m_http.reset();
        m_store.reset();
        m_server.reset();
    }

    void dsymFile_picksTheCompanionZip()
    {
        QCOMPARE(HockeyAppProvider::dsymFile(
                     {QStringLiteral("a.ipa"), QStringLiteral("x.obb"), QStringLiteral("App.dSYM.zip")}),
            QStringLiteral("App.dSYM.zip"));
        QCOMPARE(HockeyAppProvider::dsymFile({QStringLiteral("a.apk"), QStringLiteral("/m/mapping.txt")}),
            QStringLiteral("/m/mapping.txt"));
        QCOMPARE(HockeyAppProvider::dsymFile({QStringLiteral("a.ipa"), QStringLiteral("symbols.zip")}),
            QStringLiteral("symbols.zip"));
        QCOMPARE(HockeyAppProvider::dsymFile({QStringLiteral("a.zip")}), QString()); // the primary is never the dSYM
    }

    void fetchApps_sendsTheTokenHeaderOnly()
    {
        const QString id = m_server->addApp(QStringLiteral("UnCrackable"), kBundle);
        m_server->addApp(QStringLiteral("Droid"), QStringLiteral("com.example.droid"), QStringLiteral("Android"));
        AppsJob* job = m_provider->fetchApps();
        finish(job);
        QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
        QCOMPARE(job->result().size(), 2);
        QCOMPARE(job->result().at(0).id, id);
        QCOMPARE(job->result().at(0).packageId, kBundle);
        QCOMPARE(job->result().at(0).platform, QStringLiteral("ios"));
        QCOMPARE(job->result().at(1).platform, QStringLiteral("android"));
        const RecordedRequest r = m_server->server.last();
        QCOMPARE(r.method, QByteArray("GET"));
        QCOMPARE(r.path, QStringLiteral("/api/2/apps"));
        QCOMPARE(r.header("X-HockeyAppToken"), m_server->token.toUtf8());
        QVERIFY(!r.hasHeader("Authorization"));
    }

    void fetchVersions_followsPagesToTheLast()
    {
        const QString id = m_server->addApp(QStringLiteral("UnCrackable"), kBundle);
        for (int i = 1; i <= 5; ++i)
            m_server->versions[id].prepend(version(i, QString::number(i), QStringLiteral("1.%1").arg(i)));
        m_server->perPage = 2;
        VersionsJob* job = m_provider->fetchVersions(id);
        finish(job);
        QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
        QCOMPARE(job->result().size(), 5);
        QCOMPARE(job->result().first().id, QStringLiteral("5"));
        QCOMPARE(job->result().first().versionCode, QStringLiteral("5"));
        QCOMPARE(job->result().first().versionName, QStringLiteral("1.5"));
        QCOMPARE(job->result().first().notes, QStringLiteral("v5"));
        QCOMPARE(job->result().first().created, QDateTime::fromSecsSinceEpoch(1326195747, Qt::UTC));
        const auto reqs = m_server->server.requests("GET", QStringLiteral("/api/2/apps/*/app_versions"));
        QCOMPARE(reqs.size(), 3);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(reqs.at(i).query.queryItemValue(QStringLiteral("page")), QString::number(i + 1));
    }

    void fetchVersions_serverIgnoringPageEndsWithoutDuplicates()
    {
        const QString id = m_server->addApp(QStringLiteral("UnCrackable"), kBundle);
        for (int i = 1; i <= 3; ++i)
            m_server->versions[id].prepend(version(i, QString::number(i), QStringLiteral("1.%1").arg(i)));
        m_server->ignorePage = true;
        VersionsJob* job = m_provider->fetchVersions(id);
        finish(job);
        QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
        QCOMPARE(job->result().size(), 3);
        QCOMPARE(m_server->server.count("GET", QStringLiteral("/api/2/apps/*/app_versions")), 2);
    }

    void publish_streamsIpaAndDsymWithTheIntegerFlags()
    {
        SLIPWAY_REQUIRE_CORPUS();
        const QString id = m_server->addApp(QStringLiteral("UnCrackable"), kBundle);
        m_server->addApp(QStringLiteral("Other"), QStringLiteral("com.other"));
        PublishRequest r = ipaRequest();
        r.options.insert(QStringLiteral("notes-type"), QStringLiteral("markdown"));
        r.options.insert(QStringLiteral("notify"), QStringLiteral("testers"));
        r.options.insert(QStringLiteral("status"), QStringLiteral("available"));
        r.options.insert(QStringLiteral("mandatory"), QStringLiteral("true"));
        r.options.insert(QStringLiteral("tags"), QStringLiteral("qa, beta"));
        PublishJob* job = m_provider->publish(r);
        QSignalSpy progress(job, &Job::progress);
        finish(job);
        QVERIFY2(job->succeeded(), qPrintable(job->error().toString() + QLatin1Char(' ') + job->error().details));
        const VersionInfo v = job->result();
        QCOMPARE(v.appId, id);
        QCOMPARE(v.versionCode, QStringLiteral("1"));
        QCOMPARE(v.versionName, QStringLiteral("1.0"));
        QCOMPARE(v.state, QStringLiteral("available"));
        QCOMPARE(v.notes, QStringLiteral("**Bold** fixes"));
        QCOMPARE(v.extra.value(QStringLiteral("mandatory")).toBool(), true);
        QCOMPARE(v.label, QStringLiteral("qa, beta"));

        const auto ups
            = m_server->server.requests("POST", QStringLiteral("/api/2/apps/%1/app_versions/upload").arg(id));
        QCOMPARE(ups.size(), 1);
        const RecordedRequest& up = ups.first();
        QCOMPARE(up.header("X-HockeyAppToken"), m_server->token.toUtf8());
        QVERIFY(up.header("Content-Type").startsWith("multipart/form-data; boundary="));
        QCOMPARE(up.part("ipa")->fileName, kIpa);
        QCOMPARE(up.part("ipa")->sha256, sha256Hex(corpusFile(kIpa)));
        QCOMPARE(up.part("dsym")->fileName, kDsym);
        QCOMPARE(up.part("dsym")->sha256, sha256Hex(corpusFile(kDsym)));
        auto field = [&up](const char* name) {
            const RecordedPart* p = up.part(name);
            return p ? p->body : QByteArray("<missing>");
        };
        QCOMPARE(field("notes"), QByteArray("**Bold** fixes"));
        QCOMPARE(field("notes_type"), QByteArray("1"));
        QCOMPARE(field("notify"), QByteArray("1"));
        QCOMPARE(field("status"), QByteArray("2"));
        QCOMPARE(field("mandatory"), QByteArray("1"));
        QCOMPARE(field("tags"), QByteArray("qa,beta"));
        QVERIFY(!progress.isEmpty());
        QCOMPARE(progress.last().at(0).toLongLong(), progress.last().at(1).toLongLong());
    }

    void publish_flagsTheTokenMayNotSetAreLeftOut()
    {
        SLIPWAY_REQUIRE_CORPUS();
        m_server->addApp(QStringLiteral("UnCrackable"), kBundle);
        PublishRequest r = ipaRequest();
        r.files = {corpusFile(kIpa)};
        r.options.insert(QStringLiteral("notes-type"), QStringLiteral("textile"));
        PublishJob* job = m_provider->publish(r);
        finish(job);
        QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
        const RecordedRequest up
            = m_server->server.requests("POST", QStringLiteral("/api/2/apps/*/app_versions/upload")).first();
        QVERIFY(!up.part("notify"));
        QVERIFY(!up.part("status"));
        QVERIFY(!up.part("dsym"));
        QCOMPARE(up.part("notes_type")->body, QByteArray("0"));
        QCOMPARE(up.part("mandatory")->body, QByteArray("0"));
    }

    void publish_explicitAppAndUnknownApp()
    {
        SLIPWAY_REQUIRE_CORPUS();
        const QString id = m_server->addApp(QStringLiteral("Renamed"), QStringLiteral("com.not.matching"));
        PublishRequest r = ipaRequest();
        PublishJob* job = m_provider->publish(r);
        finish(job);
        QCOMPARE(job->error().kind, Error::Kind::NotFound);
        QVERIFY(job->error().message.contains(kBundle));
        QCOMPARE(job->error().field, QStringLiteral("app"));
        QCOMPARE(m_server->server.count("POST", QStringLiteral("/api/2/apps/*/app_versions/upload")), 0);

        r.appId = id;
        job = m_provider->publish(r);
        finish(job);
        QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
        QCOMPARE(job->result().appId, id);
    }

    void publish_rejectsBadOptionsBeforeAnyRequest_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::newRow("notify") << QStringLiteral("notify") << QStringLiteral("everyone");
        QTest::newRow("status") << QStringLiteral("status") << QStringLiteral("3");
        QTest::newRow("notes-type") << QStringLiteral("notes-type") << QStringLiteral("html");
        QTest::newRow("mandatory") << QStringLiteral("mandatory") << QStringLiteral("sometimes");
    }

    void publish_rejectsBadOptionsBeforeAnyRequest()
    {
        SLIPWAY_REQUIRE_CORPUS();
        QFETCH(QString, key);
        QFETCH(QString, value);
        PublishRequest r = ipaRequest();
        r.options.insert(key, value);
        PublishJob* job = m_provider->publish(r);
        finish(job);
        QCOMPARE(job->error().kind, Error::Kind::Validation);
        QCOMPARE(m_server->server.requests().size(), 0);
    }

    void deleteVersion_sendsDeleteWithTheVersionId()
    {
        const QString id = m_server->addApp(QStringLiteral("UnCrackable"), kBundle);
        // The record ids (107, 106) differ from the build numbers (7, 6): the listed id is the record's, never
        // the build number, and the delete goes to that record.
        m_server->versions[id] = {version(107, QStringLiteral("7"), QStringLiteral("1.7")),
            version(106, QStringLiteral("6"), QStringLiteral("1.6"))};
        VersionsJob* list = m_provider->fetchVersions(id);
        finish(list);
        QVERIFY2(list->succeeded(), qPrintable(list->error().toString()));
        QCOMPARE(list->result().size(), 2);
        QCOMPARE(list->result().first().id, QStringLiteral("107"));
        QCOMPARE(list->result().first().versionCode, QStringLiteral("7"));
        ActionJob* job = m_provider->deleteVersion(id, list->result().first().id);
        finish(job);
        QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
        QCOMPARE(m_server->versions[id].size(), 1);
        const RecordedRequest r = m_server->server.last();
        QCOMPARE(r.method, QByteArray("DELETE"));
        QCOMPARE(r.path, QStringLiteral("/api/2/apps/%1/app_versions/107").arg(id));
        QCOMPARE(r.header("X-HockeyAppToken"), m_server->token.toUtf8());

        job = m_provider->deleteVersion(id, QStringLiteral("99"));
        finish(job);
        QCOMPARE(job->error().kind, Error::Kind::NotFound);
        QCOMPARE(job->error().serverMessage, QStringLiteral("app_version: not found"));
    }

    // The documented create-then-upload flow: POST app_versions/new registers the version, PUT
    // app_versions/{id} carries its file; version-id uploads to an existing record.
    void publish_createThenUpload_andToAnExistingVersion()
    {
        SLIPWAY_REQUIRE_CORPUS();
        const QString id = m_server->addApp(QStringLiteral("UnCrackable"), kBundle);
        PublishRequest r = ipaRequest();
        r.options.insert(QStringLiteral("create-first"), QStringLiteral("true"));
        PublishJob* job = m_provider->publish(r);
        finish(job);
        QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
        const QList<RecordedRequest> creates
            = m_server->server.requests("POST", QStringLiteral("/api/2/apps/*/app_versions/new"));
        QCOMPARE(creates.size(), 1);
        QCOMPARE(creates.first().part("bundle_version")->body, QByteArray("1"));
        QCOMPARE(creates.first().part("bundle_short_version")->body, QByteArray("1.0"));
        QVERIFY(!creates.first().part("ipa"));
        const QList<RecordedRequest> puts
            = m_server->server.requests("PUT", QStringLiteral("/api/2/apps/*/app_versions/*"));
        QCOMPARE(puts.size(), 1);
        QCOMPARE(puts.first().path, QStringLiteral("/api/2/apps/%1/app_versions/%2").arg(id, job->result().id));
        QCOMPARE(puts.first().part("ipa")->sha256, sha256Hex(corpusFile(kIpa)));
        QCOMPARE(m_server->server.count("POST", QStringLiteral("/api/2/apps/*/app_versions/upload")), 0);
        QCOMPARE(m_server->versions[id].size(), 1);
        QCOMPARE(m_server->versions[id].first().value(QLatin1String("appsize")).toInteger(),
            QFileInfo(corpusFile(kIpa)).size());

        // The same build number again: the create is refused as a conflict and no file is sent.
        PublishJob* again = m_provider->publish(r);
        finish(again);
        QCOMPARE(again->error().kind, Error::Kind::Conflict);
        QCOMPARE(m_server->server.count("PUT", QStringLiteral("/api/2/apps/*/app_versions/*")), 1);

        // version-id: the file goes to that record, nothing is created.
        PublishRequest existing = ipaRequest();
        existing.options.insert(QStringLiteral("version-id"), job->result().id);
        PublishJob* put = m_provider->publish(existing);
        finish(put);
        QVERIFY2(put->succeeded(), qPrintable(put->error().toString()));
        QCOMPARE(put->result().id, job->result().id);
        QCOMPARE(m_server->server.count("POST", QStringLiteral("/api/2/apps/*/app_versions/new")), 2);
        QCOMPARE(m_server->server.count("PUT", QStringLiteral("/api/2/apps/*/app_versions/*")), 2);
        QCOMPARE(m_server->versions[id].size(), 1);
    }

    void edit_putsOnlyTheChangedFields()
    {
        const QString id = m_server->addApp(QStringLiteral("UnCrackable"), kBundle);
        m_server->versions[id] = {version(107, QStringLiteral("7"), QStringLiteral("1.7"))};
        VersionEdit changes;
        changes.notes = QStringLiteral("Fixed *sign in*");
        changes.label = QStringLiteral("qa, beta");
        changes.options.insert(QStringLiteral("status"), QStringLiteral("not-downloadable"));
        ActionJob* job = m_provider->edit(id, QStringLiteral("107"), changes);
        finish(job);
        QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
        const RecordedRequest put = m_server->server.last();
        QCOMPARE(put.method, QByteArray("PUT"));
        QCOMPARE(put.path, QStringLiteral("/api/2/apps/%1/app_versions/107").arg(id));
        QCOMPARE(put.part("notes")->body, QByteArray("Fixed *sign in*"));
        QCOMPARE(put.part("notes_type")->body, QByteArray("1"));
        QCOMPARE(put.part("status")->body, QByteArray("1"));
        QCOMPARE(put.part("tags")->body, QByteArray("qa,beta"));
        QVERIFY(!put.part("mandatory")); // not changed, not sent
        QVERIFY(!put.part("ipa"));
        const QJsonObject stored = m_server->versions[id].first();
        QCOMPARE(stored.value(QLatin1String("status")).toInt(), 1);
        QCOMPARE(stored.value(QLatin1String("restricted_to_tags")).toArray().size(), 2);

        QVERIFY(!m_provider->editFields().isEmpty());
        VersionEdit bad;
        bad.options.insert(QStringLiteral("colour"), QStringLiteral("red"));
        ActionJob* refused = m_provider->edit(id, QStringLiteral("107"), bad);
        finish(refused);
        QCOMPARE(refused->error().kind, Error::Kind::Validation);
    }

    void errors_documentedExamplesMapToKinds()
    {
        SLIPWAY_REQUIRE_CORPUS();
        // 401 with a bad token.
        makeProvider("bad-token");
        AppsJob* apps = m_provider->fetchApps();
        finish(apps);
        QCOMPARE(apps->error().kind, Error::Kind::Auth);
        QCOMPARE(apps->error().httpStatus, 401);
        QCOMPARE(apps->error().serverMessage, QStringLiteral("credentials: are invalid"));
        QVERIFY(!apps->error().toString().contains(QStringLiteral("bad-token")));

        // The documented app-not-found answer, 422 {"errors":{"app":["not found"]}}: not found (exit 6).
        makeProvider(m_server->token.toUtf8());
        VersionsJob* versions = m_provider->fetchVersions(QStringLiteral("ffffffffffffffffffffffffffffffff"));
        finish(versions);
        QCOMPARE(versions->error().httpStatus, 422);
        QCOMPARE(versions->error().kind, Error::Kind::NotFound);
        QCOMPARE(versions->error().serverMessage, QStringLiteral("app: not found"));

        // The same build number again: 422 "bundle_version has already been taken" is a conflict (exit 7).
        {
            const QString app = m_server->addApp(QStringLiteral("Taken"), kBundle);
            m_server->versions[app] = {version(100, QStringLiteral("1"), QStringLiteral("1.0"))};
            PublishRequest taken = ipaRequest();
            taken.appId = app;
            PublishJob* again = m_provider->publish(taken);
            finish(again);
            QCOMPARE(again->error().kind, Error::Kind::Conflict);
            QCOMPARE(again->error().httpStatus, 422);
            QCOMPARE(again->error().serverMessage, QStringLiteral("bundle_version: has already been taken"));
            QCOMPARE(m_server->versions[app].size(), 1);
            m_server->apps.removeLast();
        }

        // 422 {errors:{field:[msgs]}} on upload.
        const int uploadsBefore = m_server->server.count("POST", QStringLiteral("/api/2/apps/*/app_versions/upload"));
        m_server->addApp(QStringLiteral("UnCrackable"), kBundle);
        m_server->server.route("POST", QStringLiteral("/api/2/apps/*/app_versions/upload"),
            HttpTestResponse::json(422,
                QJsonObject {{QStringLiteral("errors"),
                    QJsonObject {{QStringLiteral("bundle_version"),
                                     QJsonArray {QStringLiteral("can't be blank"), QStringLiteral("is invalid")}},
                        {QStringLiteral("ipa"), QJsonArray {QStringLiteral("is broken")}}}}}));
        PublishJob* job = m_provider->publish(ipaRequest());
        finish(job);
        QCOMPARE(job->error().kind, Error::Kind::Validation);
        QCOMPARE(job->error().httpStatus, 422);
        QCOMPARE(
            job->error().serverMessage, QStringLiteral("bundle_version: can't be blank, is invalid; ipa: is broken"));
        QCOMPARE(
            m_server->server.count("POST", QStringLiteral("/api/2/apps/*/app_versions/upload")), uploadsBefore + 1);
    }

    void errors_htmlAndTruncatedBodies()
    {
        m_server->server.route("GET", QStringLiteral("/api/2/apps"),
            HttpTestResponse::html(200, "<!DOCTYPE html><html><title>Sign in</title></html>"));
        AppsJob* job = m_provider->fetchApps();
        finish(job);
        QCOMPARE(job->error().kind, Error::Kind::BadResponse);

        m_server->server.route("GET", QStringLiteral("/api/2/apps"),
            HttpTestResponse::html(500, "<html><title>We're sorry, but something went wrong</title></html>"));
        job = m_provider->fetchApps();
        finish(job);
        QCOMPARE(job->error().kind, Error::Kind::Server);
        QCOMPARE(job->error().httpStatus, 500);

        m_server->server.clearRequests();
        HttpTestResponse truncated = HttpTestResponse::json(200,
            QJsonObject {
                {QStringLiteral("apps"), QJsonArray {QJsonObject {{QStringLiteral("title"), QStringLiteral("x")}}}},
                {QStringLiteral("status"), QStringLiteral("success")}});
        truncated.fault = HttpTestResponse::Fault::TruncatedBody;
        m_server->server.route("GET", QStringLiteral("/api/2/apps"), truncated);
        job = m_provider->fetchApps();
        finish(job);
        QCOMPARE(job->error().kind, Error::Kind::BadResponse);
        QVERIFY2(job->error().details.contains(QStringLiteral("Connection closed")), qPrintable(job->error().details));
        QCOMPARE(m_server->server.requests().size(), 3);
    }

    void retry_429And503ThenSuccess()
    {
        m_server->addApp(QStringLiteral("UnCrackable"), kBundle);
        const HttpTestResponse ok = HttpTestResponse::json(200,
            QJsonObject {
                {QStringLiteral("apps"), QJsonArray()}, {QStringLiteral("status"), QStringLiteral("success")}});
        m_server->server.route("GET", QStringLiteral("/api/2/apps"),
            HttpTestServer::sequence({HttpTestResponse::text(429, "Slow down").withHeader("Retry-After", "1"),
                HttpTestResponse::html(503, "<html>Service Unavailable</html>"), ok}));
        QElapsedTimer t;
        t.start();
        AppsJob* job = m_provider->fetchApps();
        finish(job);
        QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
        QCOMPARE(m_server->server.requests().size(), 3);
        QVERIFY2(t.elapsed() >= 900, "Retry-After: 1 was not honoured");
    }

    void retry_droppedConnectionMidUploadIsSentAgainOnce()
    {
        SLIPWAY_REQUIRE_CORPUS();
        const QString id = m_server->addApp(QStringLiteral("UnCrackable"), kBundle);
        const QString path = QStringLiteral("/api/2/apps/%1/app_versions/upload").arg(id);
        m_server->server.dropDuringBody("POST", path, 100 * 1024);
        PublishJob* job = m_provider->publish(ipaRequest());
        finish(job);
        QVERIFY2(job->succeeded(), qPrintable(job->error().toString() + QLatin1Char(' ') + job->error().details));
        QCOMPARE(m_server->versionCount(), 1);
        // One listing before the upload (the snapshot), one after the drop (the proof).
        QCOMPARE(m_server->server.count("GET", QStringLiteral("/api/2/apps/*/app_versions")), 2);
        const auto ups = m_server->server.requests("POST", path);
        QCOMPARE(ups.last().part("ipa")->sha256, sha256Hex(corpusFile(kIpa)));
    }

    void retry_uploadDroppedEveryTimeFailsAsNetworkWithoutAVersion()
    {
        SLIPWAY_REQUIRE_CORPUS();
        m_server->addApp(QStringLiteral("UnCrackable"), kBundle);
        m_server->server.dropDuringBody("POST", QStringLiteral("/api/2/apps/*/app_versions/upload"), 64 * 1024, 10);
        PublishJob* job = m_provider->publish(ipaRequest());
        finish(job);
        QCOMPARE(job->error().kind, Error::Kind::Network);
        QVERIFY(!job->error().message.isEmpty());
        QCOMPARE(m_server->versionCount(), 0);
        // maxAttempts = 3: one listing before the first upload (the snapshot), then three uploads, each followed by
        // a lookup proving it created nothing (the last one too, so an upload the server stored before the drop
        // would be reported as done).
        QCOMPARE(m_server->server.count("GET", QStringLiteral("/api/2/apps/*/app_versions")), 4);
    }

    void logs_neverContainTheToken()
    {
        SLIPWAY_REQUIRE_CORPUS();
        static QStringList messages;
        messages.clear();
        QLoggingCategory::setFilterRules(QStringLiteral("slipway.*=true"));
        const QtMessageHandler previous = qInstallMessageHandler(
            [](QtMsgType, const QMessageLogContext&, const QString& m) { messages.append(m); });
        m_server->addApp(QStringLiteral("UnCrackable"), kBundle);
        AppsJob* apps = m_provider->fetchApps();
        finish(apps);
        QVERIFY(apps->succeeded());
        PublishJob* job = m_provider->publish(ipaRequest());
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
        const QString id = m_server->addApp(QStringLiteral("UnCrackable"), kBundle);
        auto first = std::make_shared<bool>(true);
        HockeyAppFakeServer* fake = m_server.get();
        m_server->server.route(
            "POST", QStringLiteral("/api/2/apps/*/app_versions/upload"), [first, fake, id](const RecordedRequest&) {
                QJsonObject v = version(500, QStringLiteral("1"), QStringLiteral("1.0"));
                v.insert(QStringLiteral("timestamp"), QDateTime::currentSecsSinceEpoch());
                v.insert(QStringLiteral("appsize"), QFileInfo(corpusFile(kIpa)).size());
                fake->versions[id].prepend(v);
                if (std::exchange(*first, false))
                    return HttpTestResponse::failure(HttpTestResponse::Fault::DropConnection);
                return HttpTestResponse::json(201, v);
            });
        PublishJob* job = m_provider->publish(ipaRequest());
        finish(job);
        QVERIFY2(job->succeeded(), qPrintable(job->error().toString() + QLatin1Char(' ') + job->error().details));
        QCOMPARE(job->result().id, QStringLiteral("500"));
        QCOMPARE(m_server->server.count("POST", QStringLiteral("/api/2/apps/*/app_versions/upload")), 1);
        QCOMPARE(m_server->versionCount(), 1);
    }

    void retry_serverErrorAfterASuccessfulUploadIsRecognised()
    {
        // The CDN host upload.hockeyapp.net was known to answer errors for uploads that had succeeded.
        SLIPWAY_REQUIRE_CORPUS();
        const QString id = m_server->addApp(QStringLiteral("UnCrackable"), kBundle);
        HockeyAppFakeServer* fake = m_server.get();
        m_server->server.route(
            "POST", QStringLiteral("/api/2/apps/*/app_versions/upload"), [fake, id](const RecordedRequest&) {
                QJsonObject v = version(600, QStringLiteral("1"), QStringLiteral("1.0"));
                v.insert(QStringLiteral("timestamp"), QDateTime::currentSecsSinceEpoch());
                v.insert(QStringLiteral("appsize"), QFileInfo(corpusFile(kIpa)).size());
                fake->versions[id].prepend(v);
                return HttpTestResponse::html(502, "<html><title>502 Bad Gateway</title></html>");
            });
        PublishJob* job = m_provider->publish(ipaRequest());
        finish(job);
        QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
        QCOMPARE(job->result().id, QStringLiteral("600"));
        QCOMPARE(m_server->server.count("POST", QStringLiteral("/api/2/apps/*/app_versions/upload")), 1);
        QCOMPARE(m_server->versionCount(), 1);
    }

    // Build A (same build number and version string, uploaded seconds ago) is on the server; build B's upload
    // answers 503 and the server did not store it. The verify must not take A for B: B is uploaded again and
    // reported with its own id, and the server holds exactly A and one B. Items with and without the id field
    // (the documented answer has none).
    void retry_503WithAnEarlierSameVersionIsNotTakenForTheUpload_data()
    {
        QTest::addColumn<bool>("withIds");
        QTest::newRow("items with id") << true;
        QTest::newRow("documented items without id") << false;
    }

    void retry_503WithAnEarlierSameVersionIsNotTakenForTheUpload()
    {
        SLIPWAY_REQUIRE_CORPUS();
        QFETCH(bool, withIds);
        const QString id = m_server->addApp(QStringLiteral("UnCrackable"), kBundle);
        const qint64 size = QFileInfo(corpusFile(kIpa)).size();
        auto item = [withIds, size](int n, qint64 timestamp) {
            QJsonObject v = version(n, QStringLiteral("1"), QStringLiteral("1.0"));
            v.insert(QStringLiteral("timestamp"), timestamp);
            v.insert(QStringLiteral("appsize"), size); // the same IPA published again
            if (!withIds)
                v.remove(QStringLiteral("config_url"));
            return v;
        };
        m_server->versions[id].prepend(item(400, QDateTime::currentSecsSinceEpoch() - 5));
        auto posts = std::make_shared<int>(0);
        HockeyAppFakeServer* fake = m_server.get();
        m_server->server.route("POST", QStringLiteral("/api/2/apps/*/app_versions/upload"),
            [posts, fake, id, item](const RecordedRequest&) {
                if (++*posts == 1)
                    return HttpTestResponse::html(503, "<html><title>503 Service Unavailable</title></html>");
                const QJsonObject v = item(401, QDateTime::currentSecsSinceEpoch() + 1);
                fake->versions[id].prepend(v);
                return HttpTestResponse::json(201, v);
            });
        PublishJob* job = m_provider->publish(ipaRequest());
        finish(job);
        QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
        if (withIds)
            QCOMPARE(job->result().id, QStringLiteral("401"));
        QCOMPARE(job->result().created,
            QDateTime::fromSecsSinceEpoch(
                m_server->versions[id].first().value(QLatin1String("timestamp")).toInteger()));
        QCOMPARE(*posts, 2);
        QCOMPARE(m_server->versionCount(), 2); // A and one B
    }

    // Build A with the same build number is on the server; B's upload is stored but its answer is lost. The
    // lookup recognises B (new since the snapshot, same size) and reports B's id without a second upload.
    void retry_answerLostWithAnEarlierSameVersionReportsTheNewOne()
    {
        SLIPWAY_REQUIRE_CORPUS();
        const QString id = m_server->addApp(QStringLiteral("UnCrackable"), kBundle);
        const qint64 size = QFileInfo(corpusFile(kIpa)).size();
        QJsonObject a = version(400, QStringLiteral("1"), QStringLiteral("1.0"));
        a.insert(QStringLiteral("timestamp"), QDateTime::currentSecsSinceEpoch() - 5);
        a.insert(QStringLiteral("appsize"), size);
        m_server->versions[id].prepend(a);
        HockeyAppFakeServer* fake = m_server.get();
        m_server->server.route(
            "POST", QStringLiteral("/api/2/apps/*/app_versions/upload"), [fake, id, a](const RecordedRequest&) {
                QJsonObject b = a;
                b.insert(QStringLiteral("config_url"),
                    QStringLiteral("https://rink.hockeyapp.net/manage/apps/1266/app_versions/401"));
                b.insert(QStringLiteral("timestamp"), QDateTime::currentSecsSinceEpoch());
                fake->versions[id].append(b); // listed after A: the order of the list is not documented
                return HttpTestResponse::failure(HttpTestResponse::Fault::DropConnection);
            });
        PublishJob* job = m_provider->publish(ipaRequest());
        finish(job);
        QVERIFY2(job->succeeded(), qPrintable(job->error().toString() + QLatin1Char(' ') + job->error().details));
        QCOMPARE(job->result().id, QStringLiteral("401"));
        QCOMPARE(m_server->server.count("POST", QStringLiteral("/api/2/apps/*/app_versions/upload")), 1);
        QCOMPARE(m_server->versionCount(), 2);
    }

    void cli_accountsAppsVersionsPublishDeleteEndToEnd()
    {
        SLIPWAY_REQUIRE_CORPUS();
        if (qEnvironmentVariableIntValue("SLIPWAY_KEYRING_AVAILABLE") != 1)
            QSKIP("needs a session keyring: run inside tests/with-keyring.sh (./scripts/test does)");
        QFileInfo cli(cliPath());
        QVERIFY2(cli.isExecutable(), qPrintable(cli.filePath()));
        const QString id = m_server->addApp(QStringLiteral("UnCrackable"), kBundle);
        m_server->versions[id] = {version(3, QStringLiteral("0"), QStringLiteral("0.9"))};
        QTemporaryDir home;
        QVERIFY(home.isValid());
        auto run = [&](const QStringList& args, const QByteArray& stdinData = {}) {
            const CliRun r = runCli(args, cliEnvironment(home.path()), stdinData, 30000);
            return std::make_tuple(r.exitCode, r.out, r.err);
        };
        const QString name = QStringLiteral("e2e-hockey-%1").arg(QCoreApplication::applicationPid());
        auto [code, out, err]
            = run({QStringLiteral("accounts"), QStringLiteral("add"), QStringLiteral("hockeyapp"),
                      QStringLiteral("--name"), name, QStringLiteral("--set"),
                      QStringLiteral("base-url=") + m_server->apiUrl().toString(), QStringLiteral("--secret-stdin")},
                m_server->token.toUtf8() + '\n');
        QVERIFY2(code == 0, err.constData());

        std::tie(code, out, err)
            = run({QStringLiteral("apps"), QStringLiteral("--account"), name, QStringLiteral("--json")});
        QVERIFY2(code == 0, err.constData());
        const QJsonArray apps = QJsonDocument::fromJson(out).array();
        QCOMPARE(apps.size(), 1);
        QCOMPARE(apps.first().toObject().value(QLatin1String("id")).toString(), id);
        QCOMPARE(apps.first().toObject().value(QLatin1String("packageId")).toString(), kBundle);

        std::tie(code, out, err) = run({QStringLiteral("publish"), corpusFile(kIpa), corpusFile(kDsym),
            QStringLiteral("--account"), name, QStringLiteral("--notes"), QStringLiteral("From the CLI"),
            QStringLiteral("--set"), QStringLiteral("notify=all"), QStringLiteral("--set"),
            QStringLiteral("status=not-downloadable"), QStringLiteral("--json")});
        QVERIFY2(code == 0, err.constData());
        const QJsonObject published = QJsonDocument::fromJson(out).object();
        QCOMPARE(published.value(QLatin1String("appId")).toString(), id); // matched by the IPA's bundle id
        QCOMPARE(published.value(QLatin1String("versionCode")).toString(), QStringLiteral("1"));
        QCOMPARE(published.value(QLatin1String("state")).toString(), QStringLiteral("not-downloadable"));
        QCOMPARE(published.value(QLatin1String("account")).toString(), name);
        const RecordedRequest up
            = m_server->server.requests("POST", QStringLiteral("/api/2/apps/*/app_versions/upload")).first();
        QCOMPARE(up.part("ipa")->sha256, sha256Hex(corpusFile(kIpa)));
        QCOMPARE(up.part("dsym")->sha256, sha256Hex(corpusFile(kDsym)));
        QCOMPARE(up.part("notify")->body, QByteArray("2"));
        QCOMPARE(up.part("status")->body, QByteArray("1"));
        QCOMPARE(up.part("notes")->body, QByteArray("From the CLI"));
        QCOMPARE(up.part("notes_type")->body, QByteArray("1"));

        std::tie(code, out, err)
            = run({QStringLiteral("versions"), id, QStringLiteral("--account"), name, QStringLiteral("--json")});
        QVERIFY2(code == 0, err.constData());
        const QJsonArray versions = QJsonDocument::fromJson(out).array();
        QCOMPARE(versions.size(), 2);
        const QString newId = published.value(QLatin1String("id")).toString();
        QCOMPARE(versions.first().toObject().value(QLatin1String("id")).toString(), newId);

        // edit: the notes and a service field, by the listed id.
        std::tie(code, out, err) = run({QStringLiteral("edit"), id, newId, QStringLiteral("--account"), name,
            QStringLiteral("--notes"), QStringLiteral("Edited from the CLI"), QStringLiteral("--set"),
            QStringLiteral("status=available"), QStringLiteral("--json")});
        QVERIFY2(code == 0, err.constData());
        QCOMPARE(QJsonDocument::fromJson(out).object().value(QLatin1String("changed")).toArray().size(), 2);
        QCOMPARE(m_server->versions[id].first().value(QLatin1String("notes")).toString(),
            QStringLiteral("<p>Edited from the CLI</p>"));
        QCOMPARE(m_server->versions[id].first().value(QLatin1String("status")).toInt(), 2);
        // A field the service cannot edit: a validation error (exit 3) before anything is sent.
        const int puts = m_server->server.count("PUT", QStringLiteral("/api/2/apps/*/app_versions/*"));
        std::tie(code, out, err) = run({QStringLiteral("edit"), id, newId, QStringLiteral("--account"), name,
            QStringLiteral("--set"), QStringLiteral("colour=red")});
        QCOMPARE(code, 3);
        QCOMPARE(m_server->server.count("PUT", QStringLiteral("/api/2/apps/*/app_versions/*")), puts);
        std::tie(code, out, err) = run({QStringLiteral("edit"), QStringLiteral("--account"), name,
            QStringLiteral("--set"), QStringLiteral("help")});
        QCOMPARE(code, 0);
        QVERIFY(out.contains("--set status="));

        std::tie(code, out, err)
            = run({QStringLiteral("delete"), id, newId, QStringLiteral("--account"), name, QStringLiteral("--yes")});
        QVERIFY2(code == 0, err.constData());
        QCOMPARE(m_server->versions[id].size(), 1);

        run({QStringLiteral("accounts"), QStringLiteral("remove"), name, QStringLiteral("--yes")});
    }
};

QTEST_GUILESS_MAIN(TstHockeyApp)
#include "tst_hockeyapp.moc"
