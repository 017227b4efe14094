// The QA version browser against real parts (issue 13): the Local library and two loopback services (a ManageXR
// and a HockeyApp server that answer as docs/apis/managexr.md and docs/apis/hockeyapp.md describe), merged into
// one view; downloads byte-identical to what was published, a tampered file refused and deleted, a cancel that
// leaves nothing; prune whose dry run lists exactly what the real run deletes.
#include "../credentials/keyringtest.h"
#include "../providers/hockeyappfakeserver.h"

#include <testutils/httptestserver.h>
#include <testutils/testutils.h>

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QScopeGuard>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>
#include <credentials/accountstore.h>
#include <credentials/credentialstore.h>
#include <credentials/memorycredentialstore.h>
#include <providers/downloadcheck.h>
#include <providers/provider.h>
#include <providers/providerregistry.h>
#include <qa/allaccounts.h>
#include <qa/comparemeta.h>
#include <qa/prune.h>
#include <release/releasestore.h>
#include <session/workspace.h>

using namespace Slipway;
using namespace Slipway::Test;

namespace {

const QString kPkg = QStringLiteral("com.politedroid");
const QByteArray kMxrKeyId = "mxr-key";
const QByteArray kMxrSecret = "mxr-secret";

QByteArray fileBytes(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QStringList filesIn(const QString& dir)
{
    return QDir(dir).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot);
}

// A ManageXR organization as docs/apis/managexr.md describes it: Basic auth (key id : secret), answers wrapped in
// {data: ...}; GET /v1/apps/ (AppProfile), GET /v1/apps/{packageName}/versions (AppVersion),
// GET /v1/apps/{packageName}/versions/{versionId} (AppVersion plus files), DELETE of a version (200, no body,
// "Prism caveats" 5). The APKs are self-hosted (apkUrl on the user's own server, "Uploading a binary"). The version
// detail also echoes the apkMd5 the version was created with (a field of the create body; not shown in the
// documented response, so marked here as the one assumption of this fake).
class FakeManageXr
{
public:
    HttpTestServer api;
    HttpTestServer hosting; // the user's own web server that holds the APKs (another origin)
    QList<QJsonObject> versions;

    FakeManageXr()
    {
        api.route("*", QStringLiteral("/**"), [this](const RecordedRequest& r) { return handle(r); });
    }

    QJsonObject addVersion(const QString& id, int code, const QString& name, const QString& path,
        const QByteArray& bytes, qint64 createdMs)
    {
        hosting.route("GET", path, HttpTestResponse::text(200, bytes));
        QJsonObject v {{QStringLiteral("id"), id}, {QStringLiteral("type"), QStringLiteral("managed")},
            {QStringLiteral("versionCode"), code}, {QStringLiteral("versionName"), name},
            {QStringLiteral("versionLabel"), QStringLiteral("qa")}, {QStringLiteral("apkSize"), double(bytes.size())},
            {QStringLiteral("selfHosted"), true}, {QStringLiteral("apkUrl"), hosting.url(path).toString()},
            {QStringLiteral("createdAt"), double(createdMs)}, {QStringLiteral("updatedAt"), double(createdMs)},
            {QStringLiteral("fileCount"), 0},
            {QStringLiteral("apkMd5"),
                QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Md5).toHex())}};
        versions.append(v);
        return v;
    }

private:
    static HttpTestResponse error(int status, const char* message)
    {
        return HttpTestResponse::json(status,
            QJsonObject {
                {QStringLiteral("statusCode"), status}, {QStringLiteral("message"), QString::fromLatin1(message)}});
    }
    static HttpTestResponse data(const QJsonValue& value)
    {
        return HttpTestResponse::json(200, QJsonObject {{QStringLiteral("data"), value}});
    }

    HttpTestResponse handle(const RecordedRequest& r)
    {
        if (r.header("Authorization") != "Basic " + QByteArray(kMxrKeyId + ':' + kMxrSecret).toBase64())
            return error(401, "Unauthorized");
        const QStringList seg = r.path.split(QLatin1Char('/'), Qt::SkipEmptyParts); // v1 apps PKG versions ID
        if (r.method == "GET" && seg == QStringList {"v1", "apps"}) {
            return data(QJsonArray {QJsonObject {{QStringLiteral("packageName"), kPkg},
                {QStringLiteral("title"), QStringLiteral("Polite Droid")},
                {QStringLiteral("numVersions"), versions.size()}}});
        }
        if (seg.size() < 4 || seg.at(0) != QLatin1String("v1") || seg.at(1) != QLatin1String("apps")
            || seg.at(3) != QLatin1String("versions"))
            return error(404, "Cannot GET");
        if (seg.at(2) != kPkg)
            return error(404, "App not found");
        if (seg.size() == 4 && r.method == "GET") {
            QJsonArray list;
            for (QJsonObject v : versions) {
                v.remove(QStringLiteral("apkMd5"));
                list.append(v);
            }
            return data(list);
        }
        for (int i = 0; seg.size() == 5 && i < versions.size(); ++i) {
            if (versions.at(i).value(QLatin1String("id")).toString() != seg.at(4))
                continue;
            if (r.method == "DELETE") {
                versions.removeAt(i);
                return HttpTestResponse::empty(200);
            }
            QJsonObject detail = versions.at(i);
            detail.remove(QStringLiteral("fileCount"));
            detail.insert(QStringLiteral("files"), QJsonArray());
            return data(detail);
        }
        return error(404, "Version not found");
    }
};

} // namespace

class TestQaServices : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void mergedViewAcrossAccounts();
    void filterById();
    void downloadLocalIsByteIdentical();
    void downloadManageXrVerifiesAndSendsNoCredentialElsewhere();
    void downloadHockeyAppBuildUrl();
    void cliDownloadManageXrVerifiedAndMismatchIsAFileError();
    void tamperedServerFileIsRefusedAndDeleted();
    void tamperedLocalArtifactIsRefused();
    void cancelLeavesNothing();
    void unsupportedServicesSayWhy();
    void pruneDryRunListsExactlyWhatTheRealRunDeletes();
    void pruneRules();
    void cleanupHistoryMigratesAndRoundTrips();
    void notesLineDiff();

private:
    VersionInfo publishLocal(const QString& corpusName, const QString& label = {});
    template<typename J> bool wait(J* job)
    {
        QSignalSpy spy(job, &Job::finished);
        return job->isFinished() || spy.wait(30000);
    }

    std::unique_ptr<QTemporaryDir> m_tmp;
    std::unique_ptr<FakeManageXr> m_mxr;
    std::unique_ptr<HockeyAppFakeServer> m_hockey;
    std::unique_ptr<Workspace> m_ws;
    MemoryCredentialStore m_secrets;
    QByteArray m_apk3, m_apk4, m_apk6;
    QString m_hockeyApp;
};

void TestQaServices::init()
{
    SLIPWAY_REQUIRE_CORPUS();
    m_tmp = std::make_unique<QTemporaryDir>();
    m_apk3 = fileBytes(corpusFile(QStringLiteral("com.politedroid_3.apk")));
    m_apk4 = fileBytes(corpusFile(QStringLiteral("com.politedroid_4.apk")));
    m_apk6 = fileBytes(corpusFile(QStringLiteral("com.politedroid_6.apk")));
    QVERIFY(!m_apk3.isEmpty() && !m_apk4.isEmpty() && !m_apk6.isEmpty());

    m_mxr = std::make_unique<FakeManageXr>();
    QVERIFY(m_mxr->api.listen());
    QVERIFY(m_mxr->hosting.listen());
    const qint64 day = 24LL * 3600 * 1000;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_mxr->addVersion(QStringLiteral("av_4"), 4, QStringLiteral("1.3"), QStringLiteral("/apks/com.politedroid_4.apk"),
        m_apk4, now - 10 * day);

    m_hockey = std::make_unique<HockeyAppFakeServer>();
    QVERIFY(m_hockey->listen());
    m_hockeyApp = m_hockey->addApp(QStringLiteral("Polite Droid"), kPkg, QStringLiteral("Android"));
    m_hockey->server.route("GET", QStringLiteral("/builds/politedroid-6.apk"), HttpTestResponse::text(200, m_apk6));
    // A version as "list versions" shows it to a member, with include_build_urls=true (docs/apis/hockeyapp.md).
    m_hockey->versions[m_hockeyApp].append(QJsonObject {{QStringLiteral("id"), 208},
        {QStringLiteral("version"), QStringLiteral("6")}, {QStringLiteral("shortversion"), QStringLiteral("1.5")},
        {QStringLiteral("title"), QStringLiteral("Polite Droid")}, {QStringLiteral("timestamp"), now / 1000 - 3600},
        {QStringLiteral("appsize"), m_apk6.size()}, {QStringLiteral("notes"), QStringLiteral("<p>six</p>")},
        {QStringLiteral("status"), 2}, {QStringLiteral("mandatory"), false},
        {QStringLiteral("download_url"), m_hockey->server.url(QStringLiteral("/apps/politedroid")).toString()},
        {QStringLiteral("build_url"), m_hockey->server.url(QStringLiteral("/builds/politedroid-6.apk")).toString()}});

    Workspace::Options options;
    options.libraryPath = m_tmp->filePath(QStringLiteral("library"));
    options.settingsFile = m_tmp->filePath(QStringLiteral("settings.ini"));
    options.memorySecrets = true;
    m_ws = std::make_unique<Workspace>(options);
    m_secrets.insert(CredentialStore::keyFor(QStringLiteral("mxr-qa"), QStringLiteral("key-secret")), kMxrSecret);
    m_secrets.insert(
        CredentialStore::keyFor(QStringLiteral("hockey-qa"), QStringLiteral("token")), m_hockey->token.toUtf8());
    m_ws->setCredentialStore(&m_secrets);
    Account mxr;
    mxr.name = QStringLiteral("mxr-qa");
    mxr.service = QStringLiteral("managexr");
    mxr.baseUrl = m_mxr->api.baseUrl();
    mxr.fields.insert(QStringLiteral("key-id"), QString::fromLatin1(kMxrKeyId));
    QVERIFY(m_ws->accountStore().save(mxr));
    Account hockey;
    hockey.name = QStringLiteral("hockey-qa");
    hockey.service = QStringLiteral("hockeyapp");
    hockey.baseUrl = m_hockey->apiUrl();
    QVERIFY(m_ws->accountStore().save(hockey));
}

void TestQaServices::cleanup()
{
    m_ws.reset();
    m_hockey.reset();
    m_mxr.reset();
    m_tmp.reset();
}

VersionInfo TestQaServices::publishLocal(const QString& corpusName, const QString& label)
{
    auto provider = m_ws->provider(QStringLiteral("local"));
    if (!provider)
        return {};
    PublishRequest request;
    request.files << corpusFile(corpusName);
    request.label = label;
    PublishJob* job = provider.value()->publish(request);
    if (!wait(job) || !job->succeeded()) {
        qWarning() << "publish failed:" << job->error().message;
        return {};
    }
    return job->result();
}

void TestQaServices::mergedViewAcrossAccounts()
{
    const VersionInfo local3 = publishLocal(QStringLiteral("com.politedroid_3.apk"));
    QVERIFY(!local3.id.isEmpty());
    AllAccountsJob job(*m_ws, kPkg);
    job.start();
    QVERIFY(wait(&job));
    QVERIFY2(job.succeeded(), qPrintable(job.error().message));
    const MergedVersions& merged = job.result();
    QVERIFY(merged.failures.isEmpty());
    QCOMPARE(merged.accounts, QStringList({"local", "hockey-qa", "mxr-qa"})); // the workspace's order
    QCOMPARE(merged.versions.size(), 3);
    // Newest first: the Local library's (just now), HockeyApp's (an hour ago), ManageXR's (ten days ago).
    QStringList order;
    for (const VersionInfo& v : merged.versions)
        order << AllAccountsJob::accountOf(v) + QLatin1Char(':') + v.versionCode;
    QCOMPARE(order, QStringList({"local:3", "hockey-qa:6", "mxr-qa:4"}));
    const QJsonObject json = AllAccountsJob::toJson(merged.versions.at(2));
    QCOMPARE(json.value("account").toString(), QStringLiteral("mxr-qa"));
    QCOMPARE(json.value("service").toString(), QStringLiteral("managexr"));
    QCOMPARE(json.value("versionName").toString(), QStringLiteral("1.3"));
    QVERIFY(!json.value("extra").toObject().contains("account"));

    // One account failing (a wrong token) does not hide the others; it is reported.
    m_hockey->token = QStringLiteral("revoked-token-00000000000000000000"); // the account's token no longer works
    AllAccountsJob again(*m_ws, kPkg);
    again.start();
    QVERIFY(wait(&again));
    QVERIFY(again.succeeded());
    QCOMPARE(again.result().versions.size(), 2);
    QCOMPARE(again.result().failures.size(), 1);
    QCOMPARE(again.result().failures.first().account, QStringLiteral("hockey-qa"));
    QCOMPARE(again.result().failures.first().error.kind, Error::Kind::Auth);
}

void TestQaServices::filterById()
{
    // HockeyApp knows the app by its public id; the bundle id finds it, and so does that id itself.
    AllAccountsJob byPackage(*m_ws, kPkg, {QStringLiteral("hockey-qa")});
    byPackage.start();
    QVERIFY(wait(&byPackage));
    QVERIFY(byPackage.succeeded());
    QCOMPARE(byPackage.result().versions.size(), 1);
    QCOMPARE(byPackage.result().versions.first().extra.value("accountAppId").toString(), m_hockeyApp);
    AllAccountsJob byAccountId(*m_ws, m_hockeyApp, {QStringLiteral("hockey-qa")});
    byAccountId.start();
    QVERIFY(wait(&byAccountId));
    QVERIFY(byAccountId.succeeded());
    QCOMPARE(byAccountId.result().versions.size(), 1);
    // An id no account has: NotFound, naming it.
    AllAccountsJob none(*m_ws, QStringLiteral("com.example.nothing"));
    none.start();
    QVERIFY(wait(&none));
    QCOMPARE(none.error().kind, Error::Kind::NotFound);
    QVERIFY(none.error().message.contains("com.example.nothing"));
}

void TestQaServices::downloadLocalIsByteIdentical()
{
    const VersionInfo v = publishLocal(QStringLiteral("com.politedroid_4.apk"));
    QVERIFY(!v.id.isEmpty());
    const QString out = m_tmp->filePath(QStringLiteral("out"));
    QVERIFY(QDir().mkpath(out));
    // Through the CLI: -o DIR saves under the original file name, JSON says it was verified.
    const QString home = m_tmp->filePath(QStringLiteral("home"));
    const CliRun run
        = runCli({QStringLiteral("--library"), m_tmp->filePath(QStringLiteral("library")), QStringLiteral("download"),
                     kPkg, v.id, QStringLiteral("-o"), out, QStringLiteral("--json")},
            cliEnvironment(home));
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QJsonObject o = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(o.value("verified").toBool(), true);
    QCOMPARE(QFileInfo(o.value("path").toString()).fileName(), QStringLiteral("com.politedroid_4.apk"));
    QCOMPARE(fileBytes(o.value("path").toString()), m_apk4);
    QCOMPARE(filesIn(out), QStringList({"com.politedroid_4.apk"}));
}

void TestQaServices::downloadManageXrVerifiesAndSendsNoCredentialElsewhere()
{
    auto provider = m_ws->provider(QStringLiteral("mxr-qa"));
    QVERIFY(provider);
    QVERIFY(provider.value()->capabilities() & Provider::DownloadArtifact);
    const QString dest = m_tmp->filePath(QStringLiteral("mxr.apk"));
    DownloadJob* job = provider.value()->download(kPkg, QStringLiteral("av_4"), dest);
    QSignalSpy progress(job, &Job::progress);
    QVERIFY(wait(job));
    QVERIFY2(job->succeeded(), qPrintable(job->error().message));
    QCOMPARE(job->result(), dest);
    QCOMPARE(fileBytes(dest), m_apk4);
    QCOMPARE(DownloadCheck::verifiedBy(job), QStringLiteral("md5"));
    QVERIFY(!progress.isEmpty());
    // The APK lives on another origin: it got no ManageXR credential.
    const RecordedRequest hosted = m_mxr->hosting.last();
    QCOMPARE(hosted.path, QStringLiteral("/apks/com.politedroid_4.apk"));
    QVERIFY(!hosted.hasHeader("Authorization"));
    QCOMPARE(m_mxr->api.last().path, QStringLiteral("/v1/apps/com.politedroid/versions/av_4"));
}

void TestQaServices::downloadHockeyAppBuildUrl()
{
    auto provider = m_ws->provider(QStringLiteral("hockey-qa"));
    QVERIFY(provider);
    const QString dest = m_tmp->filePath(QStringLiteral("hockey.apk"));
    DownloadJob* job = provider.value()->download(m_hockeyApp, QStringLiteral("208"), dest);
    QVERIFY(wait(job));
    QVERIFY2(job->succeeded(), qPrintable(job->error().message));
    QCOMPARE(fileBytes(dest), m_apk6);
    // The version list asked for build URLs, and the build came from build_url (not the install page).
    QCOMPARE(m_hockey->server.requests("GET", QStringLiteral("/api/2/apps/*/app_versions"))
                 .first()
                 .query.queryItemValue(QStringLiteral("include_build_urls")),
        QStringLiteral("true"));
    QCOMPARE(m_hockey->server.last().path, QStringLiteral("/builds/politedroid-6.apk"));
}

void TestQaServices::cliDownloadManageXrVerifiedAndMismatchIsAFileError()
{
    // slipway-cli as a user runs it: an account added with its secret in the (real, test) keyring, the download
    // checked against the apkMd5 of the version's details (docs/apis/managexr.md, create body; the fake echoes it).
    SLIPWAY_REQUIRE_KEYRING();
    const QString home = m_tmp->filePath(QStringLiteral("cli-home"));
    const QProcessEnvironment env = cliEnvironment(home);
    const QString account = QStringLiteral("mxr-cli-%1").arg(QCoreApplication::applicationPid());
    const CliRun add
        = runCli({QStringLiteral("accounts"), QStringLiteral("add"), QStringLiteral("managexr"),
                     QStringLiteral("--name"), account, QStringLiteral("--set"),
                     QStringLiteral("key-id=") + QString::fromLatin1(kMxrKeyId), QStringLiteral("--set"),
                     QStringLiteral("base-url=") + m_mxr->api.baseUrl().toString(), QStringLiteral("--secret-stdin")},
            env, kMxrSecret + '\n');
    QVERIFY2(add.exitCode == 0, add.err.constData());
    const auto removeAccount = qScopeGuard([&] {
        runCli({QStringLiteral("accounts"), QStringLiteral("remove"), account}, env);
    });
    const QString out = m_tmp->filePath(QStringLiteral("cli-out"));
    QVERIFY(QDir().mkpath(out));
    const QStringList args {QStringLiteral("download"), kPkg, QStringLiteral("av_4"), QStringLiteral("--account"),
        account, QStringLiteral("-o"), out, QStringLiteral("--json")};
    const CliRun ok = runCli(args, env);
    QVERIFY2(ok.exitCode == 0, ok.err.constData());
    const QJsonObject o = QJsonDocument::fromJson(ok.out).object();
    QCOMPARE(o.value("verified").toBool(), true);
    QCOMPARE(o.value("verifiedBy").toString(), QStringLiteral("md5"));
    QCOMPARE(o.value("md5").toString(),
        QString::fromLatin1(QCryptographicHash::hash(m_apk4, QCryptographicHash::Md5).toHex()));
    QCOMPARE(fileBytes(o.value("path").toString()), m_apk4);
    QVERIFY(QFile::remove(o.value("path").toString()));

    // The hosted file no longer matches apkMd5: exit 4 (a file error), the message says so, nothing is left.
    QByteArray tampered = m_apk4;
    tampered[100] = char(tampered.at(100) ^ 0x01);
    m_mxr->hosting.route("GET", QStringLiteral("/apks/com.politedroid_4.apk"), HttpTestResponse::text(200, tampered));
    const CliRun bad = runCli(args, env);
    QCOMPARE(bad.exitCode, 4);
    QVERIFY2(bad.err.contains("MD5") && bad.err.contains("deleted"), bad.err.constData());
    QCOMPARE(filesIn(out), QStringList());
}

void TestQaServices::tamperedServerFileIsRefusedAndDeleted()
{
    // The hosted APK was replaced by other bytes of the same size after the version was registered.
    QByteArray tampered = m_apk4;
    tampered[tampered.size() / 2] = char(tampered.at(tampered.size() / 2) ^ 0x5a);
    m_mxr->hosting.route("GET", QStringLiteral("/apks/com.politedroid_4.apk"), HttpTestResponse::text(200, tampered));
    const QString dir = m_tmp->filePath(QStringLiteral("tampered"));
    QVERIFY(QDir().mkpath(dir));
    const QString dest = dir + QStringLiteral("/mxr.apk");
    QFile old(dest); // a file already there stays untouched
    QVERIFY(old.open(QIODevice::WriteOnly));
    old.write("previous");
    old.close();
    auto provider = m_ws->provider(QStringLiteral("mxr-qa"));
    DownloadJob* job = provider.value()->download(kPkg, QStringLiteral("av_4"), dest);
    QVERIFY(wait(job));
    QVERIFY(!job->succeeded());
    QVERIFY2(job->error().message.contains(QLatin1String("MD5")), qPrintable(job->error().message));
    QVERIFY(job->error().message.contains(QLatin1String("deleted")));
    QCOMPARE(job->error().kind, Error::Kind::Io);
    QCOMPARE(filesIn(dir), QStringList({"mxr.apk"}));
    QCOMPARE(fileBytes(dest), QByteArray("previous"));
}

void TestQaServices::tamperedLocalArtifactIsRefused()
{
    const VersionInfo v = publishLocal(QStringLiteral("com.politedroid_3.apk"));
    QVERIFY(!v.sha256.isEmpty());
    const QString artifact = m_tmp->filePath(QStringLiteral("library/artifacts/%1/%2").arg(v.sha256.left(2), v.sha256));
    QFile f(artifact);
    QVERIFY2(f.exists(), qPrintable(artifact));
    f.setPermissions(f.permissions() | QFileDevice::WriteOwner);
    QVERIFY(f.open(QIODevice::ReadWrite));
    f.seek(100);
    f.write("XXXX");
    f.close();
    const QString dir = m_tmp->filePath(QStringLiteral("local-out"));
    QVERIFY(QDir().mkpath(dir));
    auto provider = m_ws->provider(QStringLiteral("local"));
    DownloadJob* job = provider.value()->download(kPkg, v.id, dir + QStringLiteral("/x.apk"));
    QVERIFY(wait(job));
    QVERIFY(!job->succeeded());
    QVERIFY(job->error().message.contains(QLatin1String("checksum")));
    QVERIFY(filesIn(dir).isEmpty());
}

void TestQaServices::cancelLeavesNothing()
{
    // Half the APK arrives, then the server goes silent: the user cancels.
    m_mxr->hosting.route(
        "GET", QStringLiteral("/apks/com.politedroid_4.apk"), HttpTestResponse::stallMidBody(200, m_apk4, 50));
    const QString dir = m_tmp->filePath(QStringLiteral("cancel"));
    QVERIFY(QDir().mkpath(dir));
    auto provider = m_ws->provider(QStringLiteral("mxr-qa"));
    DownloadJob* job = provider.value()->download(kPkg, QStringLiteral("av_4"), dir + QStringLiteral("/mxr.apk"));
    QSignalSpy finished(job, &Job::finished);
    // The partial file fills while it runs.
    auto partialBytes = [&] {
        const QStringList files = filesIn(dir);
        return files.size() == 1 ? QFileInfo(dir + QLatin1Char('/') + files.first()).size() : qint64(0);
    };
    QTRY_VERIFY_WITH_TIMEOUT(partialBytes() > 0, 20000);
    QVERIFY(!job->isFinished());
    job->cancel();
    QVERIFY(finished.count() == 1 || finished.wait(10000));
    QCOMPARE(job->error().kind, Error::Kind::Cancelled);
    QTRY_COMPARE(filesIn(dir), QStringList());
}

void TestQaServices::unsupportedServicesSayWhy()
{
    for (const auto& [service, words] :
        {std::pair {QStringLiteral("applivery"), QStringLiteral("Applivery does not offer downloads")},
            std::pair {
                QStringLiteral("appstoreconnect"), QStringLiteral("App Store Connect does not offer downloads")}}) {
        Account a;
        a.name = service + QStringLiteral("-qa");
        a.service = service;
        a.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:9"));
        const ServiceInfo* info = ProviderRegistry::service(service);
        QVERIFY(info);
        for (const FieldSpec& f : info->plainFields())
            a.fields.insert(f.key, QStringLiteral("x"));
        auto* p = m_ws->registry().provider(a);
        QVERIFY(p);
        DownloadJob* job
            = p->download(QStringLiteral("app"), QStringLiteral("1"), m_tmp->filePath(QStringLiteral("x")));
        QVERIFY(wait(job));
        QCOMPARE(job->error().kind, Error::Kind::Unsupported);
        QVERIFY2(job->error().message.contains(words), qPrintable(job->error().message));
        QVERIFY(!QFile::exists(m_tmp->filePath(QStringLiteral("x"))));
    }
}

void TestQaServices::pruneDryRunListsExactlyWhatTheRealRunDeletes()
{
    QStringList published;
    for (const char* name : {"com.politedroid_3.apk", "com.politedroid_4.apk", "com.politedroid_6.apk"}) {
        const VersionInfo v = publishLocal(QString::fromLatin1(name));
        QVERIFY(!v.id.isEmpty());
        published << v.id;
        QTest::qWait(5); // distinct publish times (the library stores milliseconds)
    }
    QVERIFY(!publishLocal(QStringLiteral("com.politedroid_4.apk"), QStringLiteral("rc")).id.isEmpty());
    const QString library = m_tmp->filePath(QStringLiteral("library"));
    const QProcessEnvironment env = cliEnvironment(m_tmp->filePath(QStringLiteral("home")));
    auto ids = [](const QJsonValue& list) {
        QStringList out;
        for (const QJsonValue& v : list.toArray())
            out << v.toObject().value("id").toString();
        return out;
    };
    const CliRun dry
        = runCli({QStringLiteral("--library"), library, QStringLiteral("prune"), kPkg, QStringLiteral("--keep"),
                     QStringLiteral("2"), QStringLiteral("--dry-run"), QStringLiteral("--json")},
            env);
    QVERIFY2(dry.exitCode == 0, dry.err.constData());
    const QJsonObject plan = QJsonDocument::fromJson(dry.out).object();
    const QStringList wouldGo = ids(plan.value("remove"));
    QCOMPARE(wouldGo.size(), 2);
    QCOMPARE(QSet<QString>(wouldGo.begin(), wouldGo.end()), QSet<QString>({published.at(0), published.at(1)}));

    // Without --yes and without a terminal, nothing is deleted (usage error).
    const CliRun refused = runCli({QStringLiteral("--library"), library, QStringLiteral("prune"), kPkg,
                                      QStringLiteral("--keep"), QStringLiteral("2")},
        env);
    QCOMPARE(refused.exitCode, 2);

    const CliRun real
        = runCli({QStringLiteral("--library"), library, QStringLiteral("prune"), kPkg, QStringLiteral("--keep"),
                     QStringLiteral("2"), QStringLiteral("--yes"), QStringLiteral("--json")},
            env);
    QVERIFY2(real.exitCode == 0, real.err.constData());
    QCOMPARE(ids(QJsonDocument::fromJson(real.out).object().value("deleted")), wouldGo);

    const CliRun after = runCli(
        {QStringLiteral("--library"), library, QStringLiteral("versions"), kPkg, QStringLiteral("--json")}, env);
    QCOMPARE(after.exitCode, 0);
    const QJsonArray left = QJsonDocument::fromJson(after.out).array();
    QCOMPARE(left.size(), 2);
    for (const QJsonValue& v : left)
        QVERIFY(!wouldGo.contains(v.toObject().value("id").toString()));

    // The real run (and only it: not the dry run, not the refused one) is one entry of the history.
    const CliRun history = runCli({QStringLiteral("history"), QStringLiteral("--json")}, env);
    QVERIFY2(history.exitCode == 0, history.err.constData());
    const QJsonArray entries = QJsonDocument::fromJson(history.out).array();
    QCOMPARE(entries.size(), 1);
    const QJsonObject entry = entries.first().toObject();
    QCOMPARE(entry.value("kind").toString(), QStringLiteral("cleanup"));
    QCOMPARE(entry.value("action").toString(), QStringLiteral("delete"));
    QCOMPARE(entry.value("rule").toString(), QStringLiteral("keep 2"));
    QCOMPARE(entry.value("account").toString(), QStringLiteral("local"));
    QCOMPARE(entry.value("app").toString(), kPkg);
    QCOMPARE(ids(entry.value("removed")), wouldGo);
    QVERIFY(entry.value("failed").toArray().isEmpty());
    const CliRun text = runCli({QStringLiteral("history")}, env);
    QCOMPARE(text.exitCode, 0);
    QVERIFY2(text.out.startsWith("cleanup\t") && text.out.contains("deleted 2 (keep 2)"), text.out.constData());
}

void TestQaServices::pruneRules()
{
    const QDateTime now = QDateTime::fromString(QStringLiteral("2026-06-01T12:00:00Z"), Qt::ISODate);
    QList<VersionInfo> versions;
    for (int i = 0; i < 6; ++i) {
        VersionInfo v;
        v.id = QString::number(i);
        v.versionCode = QString::number(i);
        v.created = now.addDays(-10 * i); // 0, 10, 20, ... 50 days old
        versions.prepend(v);
    }
    VersionInfo undated;
    undated.id = QStringLiteral("undated");
    versions.append(undated);
    auto ids = [](const QList<VersionInfo>& list) {
        QStringList out;
        for (const VersionInfo& v : list)
            out << v.id;
        return out;
    };
    auto keep3 = Prune::plan(versions, {3, -1}, now);
    QVERIFY(keep3);
    QCOMPARE(ids(keep3->keep), QStringList({"0", "1", "2"}));
    QCOMPARE(ids(keep3->remove), QStringList({"3", "4", "5", "undated"}));
    auto older = Prune::plan(versions, {-1, 25}, now);
    QVERIFY(older);
    QCOMPARE(ids(older->remove), QStringList({"3", "4", "5"})); // undated: never by age
    auto both = Prune::plan(versions, {5, 25}, now);
    QVERIFY(both);
    QCOMPARE(ids(both->remove), QStringList({"5"}));
    QCOMPARE(Prune::plan(versions, {}, now).error().kind, Error::Kind::Validation);
    QCOMPARE(Prune::describe(keep3->remove, 2), QStringLiteral("3, 4, 2 more"));
}

void TestQaServices::cleanupHistoryMigratesAndRoundTrips()
{
    // A state database of schema 1 (before clean-ups were kept) gains the table on open; nothing else changes.
    const QString path = m_tmp->filePath(QStringLiteral("state/releases.sqlite"));
    {
        ReleaseStore store(path);
        QVERIFY(store.open());
    }
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("schema1"));
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("DROP TABLE cleanups")));
        QVERIFY(q.exec(QStringLiteral("PRAGMA user_version = 1")));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("schema1"));
    ReleaseStore store(path);
    QVERIFY(store.open());
    QVERIFY(store.notice().isEmpty()); // migrated, not moved aside
    auto none = store.cleanups();
    QVERIFY(none);
    QVERIFY(none->isEmpty());

    VersionInfo gone;
    gone.id = QStringLiteral("build-7");
    gone.versionName = QStringLiteral("1.4");
    gone.versionCode = QStringLiteral("7");
    gone.created = QDateTime::fromString(QStringLiteral("2026-05-01T10:00:00Z"), Qt::ISODate);
    gone.extra.insert(QStringLiteral("downloadToken"), QStringLiteral("secret-ish")); // not kept
    VersionInfo stuck = gone;
    stuck.id = QStringLiteral("build-8");
    CleanupEntry entry = CleanupEntry::now(QStringLiteral("asc-qa"), QStringLiteral("appstoreconnect"),
        QStringLiteral("123"), CleanupEntry::describeRule(3, 30), {gone}, {stuck},
        {Error(Error::Kind::Conflict, QStringLiteral("already expired"))});
    QCOMPARE(entry.action, QStringLiteral("expire"));
    QCOMPARE(entry.rule, QStringLiteral("keep 3, older than 30 days"));
    QVERIFY(store.recordCleanup(entry));
    QVERIFY(entry.id > 0);
    auto listed = store.cleanups();
    QVERIFY(listed);
    QCOMPARE(listed->size(), 1);
    const CleanupEntry& back = listed->first();
    QCOMPARE(back.account, QStringLiteral("asc-qa"));
    QCOMPARE(back.removed.size(), 1);
    QCOMPARE(back.removed.first().id, QStringLiteral("build-7"));
    QCOMPARE(back.removed.first().created, gone.created);
    QCOMPARE(back.failed.first().id, QStringLiteral("build-8"));
    QCOMPARE(back.failedErrors, QStringList({"already expired"}));
    QVERIFY(!QJsonDocument(back.toJson()).toJson().contains("secret-ish"));
    QCOMPARE(CleanupEntry::describeRule(-1, -1), QStringLiteral("selected"));
}

void TestQaServices::notesLineDiff()
{
    auto render = [](const QJsonArray& lines) {
        QStringList out;
        for (const QJsonValue& l : lines)
            out << l.toObject().value("op").toString() + l.toObject().value("text").toString();
        return out;
    };
    QCOMPARE(render(CompareMeta::lineDiff(QStringLiteral("a\nb\nc"), QStringLiteral("a\nb\nc"))),
        QStringList({" a", " b", " c"}));
    QCOMPARE(render(CompareMeta::lineDiff(QStringLiteral("a\nb\nc"), QStringLiteral("a\nc\nd"))),
        QStringList({" a", "-b", " c", "+d"}));
    QCOMPARE(render(CompareMeta::lineDiff(QString(), QStringLiteral("new"))), QStringList({"-", "+new"}));
    QVERIFY(CompareMeta::notesDiff(QString(), QString()).isEmpty());
    QCOMPARE(CompareMeta::notesDiff(QStringLiteral("x"), QStringLiteral("x")).value("changed").toBool(), false);
    // Metadata only: a field one side does not know is no change, and nothing claims the builds are identical.
    const QJsonObject m = CompareMeta::compareMetadata(
        QJsonObject {{QStringLiteral("versionName"), QStringLiteral("1.0")}, {QStringLiteral("size"), 10}},
        QJsonObject {{QStringLiteral("versionName"), QStringLiteral("1.1")}});
    QCOMPARE(m.value("changes").toArray().size(), 1);
    QCOMPARE(m.value("changes").toArray().first().toObject().value("field").toString(), QStringLiteral("versionName"));
    QCOMPARE(m.value("identical").toBool(), false);
    QVERIFY(m.value("metadataOnly").toBool());
}

QTEST_GUILESS_MAIN(TestQaServices)
#include "tst_qaservices.moc"
