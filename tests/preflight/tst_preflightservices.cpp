// Preflight against loopback servers with state, one per service, each answering as its document in
// ../shared/docs/apis/ says: an existing version code blocks (and nothing is uploaded), a lower one warns (blocks
// on App Store Connect), a new one passes; an APK to App Store Connect is blocked with no request at all; the
// live state is cached for a minute and refreshed on demand. Then slipway-cli: `preflight --json` and the gate
// in `publish` (exit 7, nothing sent).
#include "../providers/appliveryfakeserver.h"
#include "../providers/hockeyappfakeserver.h"
#include "signedvariants.h"

#include <testutils/httptestserver.h>
#include <testutils/testutils.h>

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <credentials/accountstore.h>
#include <credentials/credentialstore.h>
#include <preflight/preflight.h>
#include <providers/provider.h>
#include <session/workspace.h>

using namespace Slipway;
using namespace Slipway::Test;
using St = PreflightCheck::Status;

namespace {

const QByteArray kMxrKeyId = "mxr-key-id";
const QByteArray kMxrSecret = "mxr-key-secret-value";

// docs/apis/managexr.md: Basic auth with key id and secret; {data: ...} bodies; GET /v1/apps/ lists the apps
// (packageName, title), GET /v1/apps/{packageName}/versions their AppVersions (versionCode: number, versionName,
// versionLabel, createdAt: epoch ms). Every other request is recorded and refused: preflight must send none.
class FakeManageXr
{
public:
    HttpTestServer server;
    QMap<QString, QJsonArray> versions; // by package name

    FakeManageXr()
    {
        server.route("*", "/**", [this](const RecordedRequest& r) {
            if (r.header("authorization") != "Basic " + QByteArray(kMxrKeyId + ':' + kMxrSecret).toBase64())
                return HttpTestResponse::json(403, QByteArray(R"({"statusCode":403,"message":"Forbidden"})"));
            if (r.method != "GET")
                return HttpTestResponse::json(400, QByteArray(R"({"statusCode":400,"message":"not expected"})"));
            const QStringList seg = r.path.split(QLatin1Char('/'));
            if (r.path == QLatin1String("/v1/apps/")) {
                QJsonArray apps;
                for (auto it = versions.cbegin(); it != versions.cend(); ++it)
                    apps.append(QJsonObject {{QStringLiteral("packageName"), it.key()},
                        {QStringLiteral("title"), QStringLiteral("Polite")}, {QStringLiteral("numVersions"), 1}});
                return HttpTestResponse::json(200, QJsonObject {{QStringLiteral("data"), apps}});
            }
            if (seg.size() == 5 && seg.at(4) == QLatin1String("versions") && versions.contains(seg.at(3)))
                return HttpTestResponse::json(200, QJsonObject {{QStringLiteral("data"), versions.value(seg.at(3))}});
            return HttpTestResponse::json(404, QByteArray(R"({"statusCode":404,"message":"Not Found"})"));
        });
    }

    void addVersion(const QString& pkg, int code, const QString& name, const QString& label = {})
    {
        versions[pkg].append(QJsonObject {{QStringLiteral("id"), QStringLiteral("av_%1").arg(code)},
            {QStringLiteral("type"), QStringLiteral("managed")}, {QStringLiteral("versionCode"), code},
            {QStringLiteral("versionName"), name}, {QStringLiteral("versionLabel"), label},
            {QStringLiteral("createdAt"), 1645615777448.0}, {QStringLiteral("updatedAt"), 1645615777448.0},
            {QStringLiteral("apkSize"), 18489}, {QStringLiteral("selfHosted"), true}});
    }
};

int writes(const HttpTestServer& server)
{
    int n = 0;
    for (const RecordedRequest& r : server.requests())
        n += r.method != "GET" && !(r.method == "POST" && r.path.startsWith(QLatin1String("/api/login"))) ? 1 : 0;
    return n;
}

PreflightCheck find(const PreflightResult& result, const QString& id)
{
    for (const PreflightCheck& c : result.checks) {
        if (c.check == id)
            return c;
    }
    QStringList all;
    for (const PreflightCheck& c : result.checks)
        all.append(c.check + QLatin1Char('=') + PreflightCheck::statusName(c.status) + QLatin1Char(' ') + c.message);
    qWarning("no %s in:\n%s", qPrintable(id), qPrintable(all.join(QLatin1Char('\n'))));
    PreflightCheck none;
    none.check = QStringLiteral("(missing)");
    return none;
}

} // namespace

class TestPreflightServices : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void local_existingLowerNew();
    void managexr_existingLowerNew_noUpload();
    void managexr_cachesForAMinute_refreshReads();
    void hockeyapp_existingLowerNew_noUpload();
    void hockeyapp_previousArtifactDownloaded_signerCompared();
    void applivery_existingLowerNew_noUpload();
    void akana_existingNameWarns_noUpload();
    void appStoreConnect_trainRules_noUpload();
    void appStoreConnect_apk_blockedWithNoRequest();
    void wrongSecret_blocksOnCredentials();
    void cli_preflightJson_andPublishGate_local();
    void cli_publishGate_managexr_sendsNothing();

private:
    PreflightResult run(const QString& destination, const QString& file, const QString& versionCode = {},
        const QString& versionName = {});
    void addAccount(const QString& name, const QString& service, const QUrl& baseUrl, const QVariantMap& fields,
        const QString& secretKey, const QByteArray& secret);

    QTemporaryDir* m_dir = nullptr;
    Workspace* m_workspace = nullptr;
    Preflight* m_preflight = nullptr;
    QByteArray m_p8;
};

void TestPreflightServices::initTestCase()
{
    SLIPWAY_REQUIRE_CORPUS();
    // An App Store Connect API key (EC P-256) made for this run, as Apple issues them (.p8, PKCS#8 PEM).
    const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
    QVERIFY2(!openssl.isEmpty(), "openssl is needed to make an App Store Connect key");
    QTemporaryDir keyDir;
    const QString key = keyDir.filePath(QStringLiteral("AuthKey.p8"));
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

void TestPreflightServices::init()
{
    m_dir = new QTemporaryDir;
    Workspace::Options options;
    options.libraryPath = m_dir->filePath(QStringLiteral("library"));
    options.settingsFile = m_dir->filePath(QStringLiteral("settings.ini"));
    options.memorySecrets = true;
    m_workspace = new Workspace(options);
    m_preflight = new Preflight(m_workspace);
}

void TestPreflightServices::cleanup()
{
    delete m_preflight;
    delete m_workspace;
    delete m_dir;
}

void TestPreflightServices::addAccount(const QString& name, const QString& service, const QUrl& baseUrl,
    const QVariantMap& fields, const QString& secretKey, const QByteArray& secret)
{
    Account a;
    a.name = name;
    a.service = service;
    a.baseUrl = baseUrl;
    a.fields = fields;
    const Slipway::Status saved = m_workspace->accountStore().save(a);
    QVERIFY2(saved, saved ? "" : qPrintable(saved.error().message));
    CredentialJob* job = m_workspace->credentials()->write(CredentialStore::keyFor(name, secretKey), secret);
    QVERIFY(job->waitForFinished(10000));
    QVERIFY(job->succeeded());
    job->deleteLater();
}

PreflightResult TestPreflightServices::run(
    const QString& destination, const QString& file, const QString& versionCode, const QString& versionName)
{
    PublishRequest request;
    request.files = {QFileInfo(file).isAbsolute() ? file : corpusFile(file)};
    request.versionCode = versionCode;
    request.versionName = versionName;
    PreflightJob* job = m_preflight->run(request, m_preflight->destinationFor(destination));
    if (!job->waitForFinished(60000))
        qWarning("preflight did not finish");
    const PreflightResult result = job->result();
    job->deleteLater();
    return result;
}

void TestPreflightServices::local_existingLowerNew()
{
    // A real publish to the Local library, then preflight against what it stored.
    auto provider = m_workspace->provider(QStringLiteral("local"));
    QVERIFY(provider);
    PublishRequest request;
    request.files = {corpusFile(QStringLiteral("com.politedroid_4.apk"))};
    PublishJob* publish = provider.value()->publish(request);
    QVERIFY(publish->waitForFinished(60000));
    QVERIFY2(publish->succeeded(), qPrintable(publish->error().message));

    PreflightResult r = run(QStringLiteral("local"), QStringLiteral("com.politedroid_4.apk"));
    PreflightCheck c = find(r, QStringLiteral("version-exists"));
    QCOMPARE(c.status, St::Block);
    QCOMPARE(c.destination, QStringLiteral("local/com.politedroid"));
    QVERIFY(r.blocksOnExistingVersion());
    m_preflight->refresh();
    QCOMPARE(find(run(QStringLiteral("local"), QStringLiteral("com.politedroid_4.apk"), QStringLiteral("3")),
                 QStringLiteral("version-lower"))
                 .status,
        St::Warn);
    r = run(QStringLiteral("local"), QStringLiteral("com.politedroid_4.apk"), QStringLiteral("5"));
    QCOMPARE(find(r, QStringLiteral("version-exists")).status, St::Pass);
    // Same key as the stored version: the signer check ran and passed.
    QCOMPARE(find(r, QStringLiteral("signer-changed")).status, St::Pass);
    QVERIFY2(!r.blocks(), qPrintable(QJsonDocument(r.toJson()).toJson()));
}

void TestPreflightServices::managexr_existingLowerNew_noUpload()
{
    FakeManageXr fake;
    QVERIFY(fake.server.listen());
    fake.addVersion(QStringLiteral("com.politedroid"), 4, QStringLiteral("1.3"));
    addAccount(QStringLiteral("mxr"), QStringLiteral("managexr"), fake.server.baseUrl(),
        {{QStringLiteral("key-id"), QString::fromLatin1(kMxrKeyId)}}, QStringLiteral("key-secret"), kMxrSecret);

    PreflightResult r = run(QStringLiteral("mxr"), QStringLiteral("com.politedroid_4.apk"));
    PreflightCheck c = find(r, QStringLiteral("version-exists"));
    QCOMPARE(c.status, St::Block);
    QCOMPARE(c.destination, QStringLiteral("mxr/com.politedroid"));
    QVERIFY2(c.message.contains(QLatin1String("version code 4 (1.3")), qPrintable(c.message));
    QVERIFY2(c.message.contains(QLatin1String("2022-02-23")), qPrintable(c.message)); // createdAt 1645615777448
    QCOMPARE(find(r, QStringLiteral("package-id")).status, St::Pass);
    QCOMPARE(find(r, QStringLiteral("credentials")).status, St::Pass);

    QCOMPARE(find(run(QStringLiteral("mxr"), QStringLiteral("com.politedroid_4.apk"), QStringLiteral("3")),
                 QStringLiteral("version-lower"))
                 .status,
        St::Warn);
    r = run(QStringLiteral("mxr"), QStringLiteral("com.politedroid_4.apk"), QStringLiteral("5"));
    QCOMPARE(find(r, QStringLiteral("version-exists")).status, St::Pass);
    QVERIFY(!r.blocks());
    QCOMPARE(writes(fake.server), 0);
}

void TestPreflightServices::managexr_cachesForAMinute_refreshReads()
{
    FakeManageXr fake;
    QVERIFY(fake.server.listen());
    fake.addVersion(QStringLiteral("com.politedroid"), 4, QStringLiteral("1.3"));
    addAccount(QStringLiteral("mxr"), QStringLiteral("managexr"), fake.server.baseUrl(),
        {{QStringLiteral("key-id"), QString::fromLatin1(kMxrKeyId)}}, QStringLiteral("key-secret"), kMxrSecret);
    run(QStringLiteral("mxr"), QStringLiteral("com.politedroid_4.apk"));
    const int first = int(fake.server.requests().size());
    QCOMPARE(fake.server.count("GET", QStringLiteral("/v1/apps/*/versions")), 1);

    // Another version appears on the server; within the minute preflight answers from what it read.
    fake.addVersion(QStringLiteral("com.politedroid"), 5, QStringLiteral("1.4"));
    QCOMPARE(find(run(QStringLiteral("mxr"), QStringLiteral("com.politedroid_4.apk"), QStringLiteral("5")),
                 QStringLiteral("version-exists"))
                 .status,
        St::Pass);
    QCOMPARE(int(fake.server.requests().size()), first);

    m_preflight->refresh();
    QCOMPARE(find(run(QStringLiteral("mxr"), QStringLiteral("com.politedroid_4.apk"), QStringLiteral("5")),
                 QStringLiteral("version-exists"))
                 .status,
        St::Block);
    QCOMPARE(fake.server.count("GET", QStringLiteral("/v1/apps/*/versions")), 2);
}

void TestPreflightServices::hockeyapp_existingLowerNew_noUpload()
{
    HockeyAppFakeServer fake;
    QVERIFY(fake.listen());
    const QString id
        = fake.addApp(QStringLiteral("Polite"), QStringLiteral("com.politedroid"), QStringLiteral("Android"));
    // docs/apis/hockeyapp.md [doc H2]: app_versions with version (build), shortversion and timestamp.
    fake.versions[id] = {QJsonObject {{QStringLiteral("id"), 7}, {QStringLiteral("version"), QStringLiteral("4")},
        {QStringLiteral("shortversion"), QStringLiteral("1.3")}, {QStringLiteral("timestamp"), 1700000000},
        {QStringLiteral("title"), QStringLiteral("Polite")}, {QStringLiteral("status"), 2}}};
    addAccount(QStringLiteral("hockey"), QStringLiteral("hockeyapp"), fake.apiUrl(), {}, QStringLiteral("token"),
        fake.token.toUtf8());

    PreflightResult r = run(QStringLiteral("hockey"), QStringLiteral("com.politedroid_4.apk"));
    QCOMPARE(find(r, QStringLiteral("version-exists")).status, St::Block);
    QVERIFY(find(r, QStringLiteral("version-exists")).message.contains(QLatin1String("2023-11-14")));
    QCOMPARE(find(run(QStringLiteral("hockey"), QStringLiteral("com.politedroid_4.apk"), QStringLiteral("3")),
                 QStringLiteral("version-lower"))
                 .status,
        St::Warn);
    QCOMPARE(find(run(QStringLiteral("hockey"), QStringLiteral("com.politedroid_4.apk"), QStringLiteral("5")),
                 QStringLiteral("version-exists"))
                 .status,
        St::Pass);
    QCOMPARE(writes(fake.server), 0);
}

void TestPreflightServices::hockeyapp_previousArtifactDownloaded_signerCompared()
{
    // HockeyApp keeps no signer with its versions, but a developer's version list carries `build_url`
    // (docs/apis/hockeyapp.md, "list versions" with include_build_urls=true): preflight downloads the newest
    // version's build, inspects it and compares the certificates.
    QTemporaryDir keys;
    SignedVariants variants;
    SLIPWAY_MAKE_SIGNED_VARIANTS(variants, keys.path());
    QFile old(variants.old);
    QVERIFY(old.open(QIODevice::ReadOnly));
    HockeyAppFakeServer fake;
    QVERIFY(fake.listen());
    HttpTestResponse build;
    build.body = old.readAll();
    build.headers.emplaceBack("Content-Type", "application/vnd.android.package-archive");
    fake.server.route("GET", QStringLiteral("/builds/polite-3.apk"), build);
    const QString id
        = fake.addApp(QStringLiteral("Polite"), QStringLiteral("com.politedroid"), QStringLiteral("Android"));
    const auto hockeyVersion = [&](int versionId, const QString& code, const QString& buildUrl) {
        QJsonObject v {{QStringLiteral("id"), versionId}, {QStringLiteral("version"), code},
            {QStringLiteral("shortversion"), QStringLiteral("1.%1").arg(code)},
            {QStringLiteral("timestamp"), 1700000000}, {QStringLiteral("title"), QStringLiteral("Polite")},
            {QStringLiteral("status"), 2}};
        if (!buildUrl.isEmpty())
            v.insert(QStringLiteral("build_url"), buildUrl);
        return v;
    };
    fake.versions[id]
        = {hockeyVersion(8, QStringLiteral("3"), fake.server.url(QStringLiteral("/builds/polite-3.apk")).toString()),
            hockeyVersion(7, QStringLiteral("2"), {})};
    addAccount(QStringLiteral("hockey"), QStringLiteral("hockeyapp"), fake.apiUrl(), {}, QStringLiteral("token"),
        fake.token.toUtf8());

    // Another key: blocked, naming the downloaded version's certificate.
    PreflightCheck c = find(
        run(QStringLiteral("hockey"), variants.unrelated, QStringLiteral("4")), QStringLiteral("signer-changed"));
    QCOMPARE(c.status, St::Block);
    QVERIFY2(c.message.contains(QLatin1String("CN=slipway-old")) && c.message.contains(variants.oldSha256.left(16)),
        qPrintable(c.message));
    QCOMPARE(fake.server.count("GET", QStringLiteral("/builds/polite-3.apk")), 1);
    // A lineage from a third key does not cover the old one: blocked.
    QCOMPARE(
        find(run(QStringLiteral("hockey"), variants.foreign, QStringLiteral("4")), QStringLiteral("signer-changed"))
            .status,
        St::Block);
    // The new key with a v3 rotation lineage from the old one: passes, saying so; the build is not downloaded again.
    c = find(run(QStringLiteral("hockey"), variants.rotated, QStringLiteral("4")), QStringLiteral("signer-changed"));
    QCOMPARE(c.status, St::Pass);
    QVERIFY2(c.message.contains(QLatin1String("lineage")), qPrintable(c.message));
    QCOMPARE(fake.server.count("GET", QStringLiteral("/builds/polite-3.apk")), 1);

    // Too large to download for preflight: not checked, and said so (nothing downloaded).
    PreflightSettings small = m_preflight->settings();
    small.maxSignerDownloadBytes = 1024;
    m_preflight->setSettings(small);
    m_preflight->refresh();
    fake.versions[id].prepend(
        hockeyVersion(9, QStringLiteral("4"), fake.server.url(QStringLiteral("/builds/polite-3.apk")).toString()));
    c = find(run(QStringLiteral("hockey"), variants.unrelated, QStringLiteral("5")), QStringLiteral("signer-changed"));
    QCOMPARE(c.status, St::Info);
    QVERIFY2(c.message.contains(QLatin1String("Could not check")) && c.message.contains(QLatin1String("larger than")),
        qPrintable(c.message));

    // No build link (a tester's token): not checked, and said so.
    fake.versions[id] = {hockeyVersion(7, QStringLiteral("2"), {})};
    m_preflight->refresh();
    c = find(run(QStringLiteral("hockey"), variants.unrelated, QStringLiteral("5")), QStringLiteral("signer-changed"));
    QCOMPARE(c.status, St::Info);
    QVERIFY2(c.message.contains(QLatin1String("no build link")), qPrintable(c.message));
    QCOMPARE(writes(fake.server), 0);
}

void TestPreflightServices::applivery_existingLowerNew_noUpload()
{
    AppliveryFakeServer fake;
    QVERIFY(fake.listen());
    const QString app = fake.addApp(QStringLiteral("Polite"));
    // docs/apis/applivery.md [doc V7]: a processed build with versionName and versionCode.
    fake.builds[app] = {QJsonObject {{QStringLiteral("id"), QStringLiteral("b1")},
        {QStringLiteral("status"), QStringLiteral("processed")}, {QStringLiteral("versionName"), QStringLiteral("1.3")},
        {QStringLiteral("versionCode"), QStringLiteral("4")}, {QStringLiteral("application"), app},
        {QStringLiteral("os"), QStringLiteral("android")},
        {QStringLiteral("createdAt"), QStringLiteral("2026-10-01T08:00:00.000Z")}}};
    addAccount(QStringLiteral("applivery"), QStringLiteral("applivery"), fake.api.baseUrl(),
        {{QStringLiteral("organization-id"), fake.org}}, QStringLiteral("token"), fake.token.toUtf8());
    const QString to = QStringLiteral("applivery/") + app;

    PreflightResult r = run(to, QStringLiteral("com.politedroid_4.apk"));
    QCOMPARE(find(r, QStringLiteral("version-exists")).status, St::Block);
    QVERIFY(find(r, QStringLiteral("version-exists")).message.contains(QLatin1String("2026-10-01")));
    QCOMPARE(
        find(run(to, QStringLiteral("com.politedroid_4.apk"), QStringLiteral("3")), QStringLiteral("version-lower"))
            .status,
        St::Warn);
    QCOMPARE(
        find(run(to, QStringLiteral("com.politedroid_4.apk"), QStringLiteral("5")), QStringLiteral("version-exists"))
            .status,
        St::Pass);
    QCOMPARE(writes(fake.api), 0);
    QCOMPARE(fake.upload.requests().size(), 0);
}

void TestPreflightServices::akana_existingNameWarns_noUpload()
{
    // docs/apis/akana.md: POST /api/login sets the AtmoAuthToken and Csrf-Token cookies [doc K5, K6]; reads carry
    // the cookie; GET /api/users/{userFDN}/apps and /api/apps/{id}/versions list apps and app versions by Name.
    HttpTestServer server;
    QVERIFY(server.listen());
    const auto session
        = [](const RecordedRequest& r) { return r.header("Cookie").contains("AtmoAuthToken_acme=TokenID%3Dtok1"); };
    server.route("POST", QStringLiteral("/api/login"), [](const RecordedRequest& r) {
        if (r.json().value(QStringLiteral("password")).toString() != QLatin1String("s3cret!"))
            return HttpTestResponse::text(401, "Unauthorized");
        return HttpTestResponse::json(
            200, QByteArray(R"({"userName":"Jane","userFDN":"user1.acme","Status":"Success","loginDomainID":"acme"})"))
            .withHeader("Set-Cookie", "AtmoAuthToken_acme=TokenID%3Dtok1; Path=/; HttpOnly")
            .withHeader("Set-Cookie", "Csrf-Token_acme=csrf1; Path=/");
    });
    const QJsonArray versions {QJsonObject {
        {QStringLiteral("AppVersionID"), QStringLiteral("v1.acme")}, {QStringLiteral("Name"), QStringLiteral("1.3")}}};
    server.route("GET", QStringLiteral("/api/users/*/apps"), [session, versions](const RecordedRequest& r) {
        if (!session(r))
            return HttpTestResponse::text(401, "Unauthorized");
        return HttpTestResponse::json(200,
            QJsonObject {{QStringLiteral("App"),
                QJsonArray {QJsonObject {{QStringLiteral("AppID"), QStringLiteral("app1.acme")},
                    {QStringLiteral("Name"), QStringLiteral("Payments")}, {QStringLiteral("AppVersion"), versions}}}}});
    });
    server.route("GET", QStringLiteral("/api/apps/*/versions"), [session, versions](const RecordedRequest& r) {
        return session(r) ? HttpTestResponse::json(200, QJsonObject {{QStringLiteral("AppVersion"), versions}})
                          : HttpTestResponse::text(401, "Unauthorized");
    });
    addAccount(QStringLiteral("akana"), QStringLiteral("akana"), server.baseUrl(),
        {{QStringLiteral("email"), QStringLiteral("jane@example.com")}}, QStringLiteral("password"), "s3cret!");

    // politedroid 4 is versionName 1.3 (aapt badging in the corpus truth).
    // Akana does not document unique version names: the same name warns.
    PreflightResult r = run(QStringLiteral("akana/app1.acme"), QStringLiteral("com.politedroid_4.apk"));
    QCOMPARE(find(r, QStringLiteral("version-exists")).status, St::Warn);
    QCOMPARE(find(r, QStringLiteral("credentials")).status, St::Pass);
    r = run(QStringLiteral("akana/app1.acme"), QStringLiteral("com.politedroid_4.apk"), {}, QStringLiteral("1.4"));
    QCOMPARE(find(r, QStringLiteral("version-exists")).status, St::Pass);
    QCOMPARE(writes(server), 0);
}

void TestPreflightServices::appStoreConnect_trainRules_noUpload()
{
    // docs/apis/apple-app-store-connect.md [spec A1]: GET /v1/apps (bundleId), /v1/apps/{id}/appStoreVersions,
    // /v1/builds?filter[app]= with the preReleaseVersion included (its version is the train, with platform).
    HttpTestServer server;
    QVERIFY(server.listen());
    server.route("GET", QStringLiteral("/v1/apps"),
        HttpTestResponse::json(200,
            QByteArray(R"({"data":[{"type":"apps","id":"1500","attributes":{"name":"Build Test",)"
                       R"("bundleId":"com.example.iosBuildTest","sku":"bt"}}],"links":{"self":"x"}})")));
    server.route("GET", QStringLiteral("/v1/apps/1500/appStoreVersions"),
        HttpTestResponse::json(200,
            QByteArray(R"({"data":[{"type":"appStoreVersions","id":"asv1","attributes":{"platform":"IOS",)"
                       R"("versionString":"0.9.0","appVersionState":"READY_FOR_DISTRIBUTION",)"
                       R"("createdDate":"2026-01-05T10:00:00Z"}}],"links":{"self":"x"}})")));
    server.route("GET", QStringLiteral("/v1/builds"),
        HttpTestResponse::json(200,
            QByteArray(R"({"data":[{"type":"builds","id":"b1","attributes":{"version":"1",)"
                       R"("uploadedDate":"2026-11-20T09:00:00Z","processingState":"VALID"},)"
                       R"("relationships":{"preReleaseVersion":{"data":{"type":"preReleaseVersions","id":"p1"}}}}],)"
                       R"("included":[{"type":"preReleaseVersions","id":"p1","attributes":{"version":"1.0.0",)"
                       R"("platform":"IOS"}}],"links":{"self":"x"}})")));
    addAccount(QStringLiteral("asc"), QStringLiteral("appstoreconnect"), server.baseUrl(),
        {{QStringLiteral("issuer-id"), QStringLiteral("69a6de70-03db-47e3-e053-5b8c7c11a4d1")},
            {QStringLiteral("key-id"), QStringLiteral("2X9R4HXF34")}},
        QStringLiteral("private-key"), m_p8);
    m_preflight->setNow(QDateTime(QDate(2024, 1, 1), QTime(0, 0), Qt::UTC)); // while the profile is valid

    PreflightResult r = run(QStringLiteral("asc"), QStringLiteral("shorebird_app_file_space.ipa"));
    PreflightCheck c = find(r, QStringLiteral("version-exists"));
    QCOMPARE(c.status, St::Block);
    QCOMPARE(c.destination, QStringLiteral("asc/com.example.iosBuildTest"));
    QVERIFY2(c.message.contains(QLatin1String("build 1 in version 1.0.0, uploaded 2026-11-20")), qPrintable(c.message));
    QCOMPARE(find(r, QStringLiteral("package-id")).status, St::Pass);
    QCOMPARE(find(r, QStringLiteral("profile-expired")).status, St::Pass);
    QVERIFY(r.blocksOnExistingVersion());
    // Build numbers below the train's last are refused by App Store Connect: block, not warn.
    QCOMPARE(find(run(QStringLiteral("asc"), QStringLiteral("shorebird_app_file_space.ipa"), QStringLiteral("0")),
                 QStringLiteral("version-lower"))
                 .status,
        St::Block);
    r = run(QStringLiteral("asc"), QStringLiteral("shorebird_app_file_space.ipa"), QStringLiteral("2"));
    QCOMPARE(find(r, QStringLiteral("version-exists")).status, St::Pass);
    // The corpus file lacks Frameworks/Flutter.framework/Flutter, which its CodeResources lists: the signature
    // check blocks it (issue 17). Nothing else may block a new build number in an open train.
    for (const PreflightCheck& check : r.checks) {
        if (check.status == St::Block)
            QCOMPARE(check.check, QStringLiteral("package:signature-does-not-verify"));
    }
    // The 0.9.0 train is on sale: a build for it is blocked.
    QCOMPARE(find(run(QStringLiteral("asc"), QStringLiteral("shorebird_app_file_space.ipa"), QStringLiteral("9"),
                      QStringLiteral("0.9.0")),
                 QStringLiteral("version-train-closed"))
                 .status,
        St::Block);
    QCOMPARE(writes(server), 0);
    for (const RecordedRequest& req : server.requests())
        QVERIFY(req.header("authorization").startsWith("Bearer "));

    // With today's date the profile (expired 2024-05-30) blocks App Store Connect.
    m_preflight->setNow({});
    QCOMPARE(find(run(QStringLiteral("asc"), QStringLiteral("shorebird_app_file_space.ipa"), QStringLiteral("2")),
                 QStringLiteral("profile-expired"))
                 .status,
        St::Block);
}

void TestPreflightServices::appStoreConnect_apk_blockedWithNoRequest()
{
    HttpTestServer server;
    QVERIFY(server.listen());
    addAccount(QStringLiteral("asc"), QStringLiteral("appstoreconnect"), server.baseUrl(),
        {{QStringLiteral("issuer-id"), QStringLiteral("69a6de70-03db-47e3-e053-5b8c7c11a4d1")},
            {QStringLiteral("key-id"), QStringLiteral("2X9R4HXF34")}},
        QStringLiteral("private-key"), m_p8);
    const PreflightResult r = run(QStringLiteral("asc"), QStringLiteral("com.politedroid_4.apk"));
    QCOMPARE(r.checks.size(), 1);
    QCOMPARE(r.checks.first().check, QStringLiteral("platform"));
    QCOMPARE(r.checks.first().status, St::Block);
    QCOMPARE(server.requests().size(), 0);
}

void TestPreflightServices::wrongSecret_blocksOnCredentials()
{
    FakeManageXr fake;
    QVERIFY(fake.server.listen());
    addAccount(QStringLiteral("mxr"), QStringLiteral("managexr"), fake.server.baseUrl(),
        {{QStringLiteral("key-id"), QString::fromLatin1(kMxrKeyId)}}, QStringLiteral("key-secret"), "wrong");
    const PreflightResult r = run(QStringLiteral("mxr"), QStringLiteral("com.politedroid_4.apk"));
    const PreflightCheck c = find(r, QStringLiteral("credentials"));
    QCOMPARE(c.status, St::Block);
    QVERIFY(c.message.startsWith(QLatin1String("mxr/com.politedroid")));
}

void TestPreflightServices::cli_preflightJson_andPublishGate_local()
{
    QTemporaryDir home;
    const QProcessEnvironment env = cliEnvironment(home.path());
    const QString apk = corpusFile(QStringLiteral("com.politedroid_4.apk"));
    CliRun r = runCli({QStringLiteral("publish"), apk}, env);
    QVERIFY2(r.exitCode == 0, r.err.constData());

    r = runCli(
        {QStringLiteral("preflight"), apk, QStringLiteral("--to"), QStringLiteral("local"), QStringLiteral("--json")},
        env);
    QCOMPARE(r.exitCode, 3);
    const QJsonArray checks = QJsonDocument::fromJson(r.out).array();
    QVERIFY2(!checks.isEmpty(), r.out.constData());
    bool exists = false;
    for (const QJsonValue& v : checks) {
        const QJsonObject o = v.toObject();
        QCOMPARE(o.keys(),
            (QStringList {QStringLiteral("check"), QStringLiteral("destination"), QStringLiteral("fix"),
                QStringLiteral("message"), QStringLiteral("status")}));
        if (o.value(QLatin1String("check")) == QLatin1String("version-exists")) {
            exists = true;
            QCOMPARE(o.value(QLatin1String("status")).toString(), QStringLiteral("block"));
            QCOMPARE(o.value(QLatin1String("destination")).toString(), QStringLiteral("local/com.politedroid"));
        }
    }
    QVERIFY(exists);

    // A new code passes (the package's own warnings stay warnings on a non-production library).
    r = runCli({QStringLiteral("preflight"), apk, QStringLiteral("--to"), QStringLiteral("local"),
                   QStringLiteral("--version-code"), QStringLiteral("5")},
        env);
    QVERIFY2(r.exitCode == 0, r.out.constData());
    QVERIFY(r.out.contains("[pass]  version-exists"));

    // publish runs the same preflight first: the existing version stops it with exit 7 and nothing is stored.
    r = runCli({QStringLiteral("publish"), apk}, env);
    QCOMPARE(r.exitCode, 7);
    QVERIFY2(r.err.contains("version-exists") && r.err.contains("nothing was sent"), r.err.constData());
    r = runCli({QStringLiteral("versions"), QStringLiteral("com.politedroid"), QStringLiteral("--json")}, env);
    QCOMPARE(QJsonDocument::fromJson(r.out).array().size(), 1);

    // --strict: a warning (the lower code) blocks too.
    r = runCli({QStringLiteral("publish"), apk, QStringLiteral("--version-code"), QStringLiteral("3"),
                   QStringLiteral("--strict")},
        env);
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(r.err.contains("version-lower"), r.err.constData());
    r = runCli({QStringLiteral("versions"), QStringLiteral("com.politedroid"), QStringLiteral("--json")}, env);
    QCOMPARE(QJsonDocument::fromJson(r.out).array().size(), 1);
}

void TestPreflightServices::cli_publishGate_managexr_sendsNothing()
{
    if (qEnvironmentVariableIntValue("SLIPWAY_KEYRING_AVAILABLE") != 1)
        QSKIP("needs a session keyring: run inside tests/with-keyring.sh (./scripts/test does)");
    FakeManageXr fake;
    QVERIFY(fake.server.listen());
    fake.addVersion(QStringLiteral("com.politedroid"), 4, QStringLiteral("1.3"));
    QTemporaryDir home;
    QTemporaryDir hosting;
    const QProcessEnvironment env = cliEnvironment(home.path());
    const QString name = QStringLiteral("preflight-mxr-%1").arg(QCoreApplication::applicationPid());
    CliRun r = runCli(
        {QStringLiteral("accounts"), QStringLiteral("add"), QStringLiteral("managexr"), QStringLiteral("--name"), name,
            QStringLiteral("--set"), QStringLiteral("base-url=") + fake.server.baseUrl().toString(),
            QStringLiteral("--set"), QStringLiteral("key-id=") + QString::fromLatin1(kMxrKeyId),
            QStringLiteral("--set"), QStringLiteral("hosting-folder=") + hosting.path(), QStringLiteral("--set"),
            QStringLiteral("hosting-base-url=https://cdn.example.com/vr"), QStringLiteral("--secret-stdin")},
        env, kMxrSecret + '\n');
    QVERIFY2(r.exitCode == 0, r.err.constData());
    r = runCli({QStringLiteral("publish"), corpusFile(QStringLiteral("com.politedroid_4.apk")),
                   QStringLiteral("--account"), name},
        env);
    QCOMPARE(r.exitCode, 7);
    QVERIFY2(
        r.err.contains(QByteArray(name.toUtf8() + "/com.politedroid already has version code 4")), r.err.constData());
    QCOMPARE(writes(fake.server), 0);
    // Nothing was copied to the hosting folder either.
    QCOMPARE(QDir(hosting.path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries).size(), 0);
    runCli({QStringLiteral("accounts"), QStringLiteral("remove"), name, QStringLiteral("--yes")}, env);
}

QTEST_GUILESS_MAIN(TestPreflightServices)
#include "tst_preflightservices.moc"
