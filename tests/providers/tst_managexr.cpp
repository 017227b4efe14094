#include <testutils/httptestserver.h>
#include <testutils/testutils.h>

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <credentials/memorycredentialstore.h>
#include <net/httpclient.h>
#include <providers/managexr/managexrjson.h>
#include <providers/managexr/managexrprovider.h>
#include <providers/providerregistry.h>

using namespace Slipway;
using namespace Slipway::Test;

namespace {

const QByteArray kKeyId = "mxr-key-id";
const QByteArray kSecret = "mxr-key-secret-value";

QByteArray expectedAuth()
{
    return "Basic " + QByteArray(kKeyId + ':' + kSecret).toBase64();
}

QByteArray mxrError(int status, const char* message)
{
    return QJsonDocument(
        QJsonObject {{QStringLiteral("statusCode"), status}, {QStringLiteral("message"), QString::fromLatin1(message)},
            {QStringLiteral("error"), QStringLiteral("ManageXR Error")}})
        .toJson(QJsonDocument::Compact);
}

// A loopback ManageXR that behaves as docs.managexr.com describes: Basic auth, {data: ...} wrapping, the
// documented error bodies, trailing slash on /v1/apps/, required fields checked with their JSON types.
class FakeManageXr
{
public:
    struct Version
    {
        QJsonObject json;
    };
    struct App
    {
        QJsonObject profile;
        QList<QJsonObject> versions;
        QList<QJsonObject> channels;
    };

    HttpTestServer server;
    QMap<QString, App> apps;
    int nextId = 100;
    bool dropAfterCreate = false; // create the version, then drop the connection (once)

    FakeManageXr()
    {
        server.setFallback(
            [](const RecordedRequest&) { return HttpTestResponse::json(404, mxrError(404, "Cannot GET")); });
        server.route("*", "/**", [this](const RecordedRequest& r) { return handle(r); });
    }

    void addApp(const QString& pkg, const QString& title)
    {
        App a;
        a.profile = QJsonObject {{QStringLiteral("packageName"), pkg}, {QStringLiteral("title"), title},
            {QStringLiteral("description"), QStringLiteral("d")},
            {QStringLiteral("categories"), QJsonArray {QStringLiteral("Training")}},
            {QStringLiteral("iconUrl"), QStringLiteral("https://cdn.example.com/icon.png")},
            {QStringLiteral("numVersions"), 0}};
        apps.insert(pkg, a);
    }

    QJsonObject addVersion(const QString& pkg, const QJsonObject& body)
    {
        QJsonObject v = body;
        v.insert(QStringLiteral("id"), QStringLiteral("av_%1").arg(nextId++));
        v.insert(QStringLiteral("type"), QStringLiteral("managed"));
        v.insert(QStringLiteral("selfHosted"), true);
        v.insert(QStringLiteral("createdAt"), 1645615777448.0);
        v.insert(QStringLiteral("updatedAt"), 1645615777448.0);
        v.remove(QStringLiteral("packageName"));
        v.remove(QStringLiteral("title"));
        v.remove(QStringLiteral("iconUrl"));
        apps[pkg].versions.append(v);
        return v;
    }

    static HttpTestResponse data(const QJsonValue& v)
    {
        return HttpTestResponse::json(200, QJsonObject {{QStringLiteral("data"), v}});
    }

    // The documented required fields of a version, with their types.
    static bool validVersion(const QJsonObject& b)
    {
        return b.value(QStringLiteral("versionCode")).isDouble() && b.value(QStringLiteral("apkUrl")).isString()
            && b.value(QStringLiteral("versionName")).isString()
            && (!b.contains(QStringLiteral("apkSize")) || b.value(QStringLiteral("apkSize")).isDouble())
            && (!b.contains(QStringLiteral("obbSize")) || b.value(QStringLiteral("obbSize")).isDouble());
    }

    HttpTestResponse handle(const RecordedRequest& r)
    {
        if (r.header("authorization") != expectedAuth())
            return HttpTestResponse::json(403, mxrError(403, "Forbidden"));
        const QStringList seg = r.path.split(QLatin1Char('/'));
        // seg: "", "v1", "apps", pkg?, "versions"|"release-channels"?, id?
        if (seg.value(1) != QLatin1String("v1") || seg.value(2) != QLatin1String("apps"))
            return HttpTestResponse::json(404, mxrError(404, "Not Found"));
        const QString pkg = seg.value(3);
        if (seg.size() == 4 && pkg.isEmpty()) { // /v1/apps/
            if (r.method == "GET") {
                QJsonArray list;
                for (const App& a : std::as_const(apps)) {
                    QJsonObject p = a.profile;
                    p.insert(QStringLiteral("numVersions"), int(a.versions.size()));
                    list.append(p);
                }
                return data(list);
            }
            if (r.method == "POST") {
                const QJsonObject b = r.json();
                if (!validVersion(b) || !b.value(QStringLiteral("packageName")).isString()
                    || !b.value(QStringLiteral("title")).isString())
                    return HttpTestResponse::json(400, mxrError(400, "Invalid request"));
                if (apps.contains(b.value(QStringLiteral("packageName")).toString()))
                    return HttpTestResponse::json(400, mxrError(400, "App already exists"));
                addApp(b.value(QStringLiteral("packageName")).toString(), b.value(QStringLiteral("title")).toString());
                return data(addVersion(b.value(QStringLiteral("packageName")).toString(), b));
            }
        }
        if (!apps.contains(pkg)) {
            const QByteArray m = "App with package name " + pkg.toUtf8() + " not found";
            return HttpTestResponse::json(404, mxrError(404, m.constData()));
        }
        App& app = apps[pkg];
        if (seg.size() == 4) {
            if (r.method == "GET")
                return data(app.profile);
        }
        if (seg.value(4) == QLatin1String("versions")) {
            if (seg.size() == 5 && r.method == "GET") {
                // AppVersion.releaseChannelName (../shared/docs/apis/managexr.md, Schemas): the channel that
                // targets this version.
                QJsonArray list;
                for (QJsonObject v : std::as_const(app.versions)) {
                    for (const QJsonObject& c : std::as_const(app.channels)) {
                        if (c.value(QStringLiteral("targetVersion")).toObject().value(QStringLiteral("id"))
                            == v.value(QStringLiteral("id")))
                            v.insert(QStringLiteral("releaseChannelName"), c.value(QStringLiteral("name")));
                    }
                    list.append(v);
                }
                return data(list);
            }
            if (seg.size() == 5 && r.method == "POST") {
                const QJsonObject b = r.json();
                if (!validVersion(b))
                    return HttpTestResponse::json(400, mxrError(400, "Invalid request"));
                for (const QJsonObject& v : std::as_const(app.versions)) {
                    if (v.value(QStringLiteral("versionCode")) == b.value(QStringLiteral("versionCode"))
                        && v.value(QStringLiteral("versionName")) == b.value(QStringLiteral("versionName"))
                        && v.value(QStringLiteral("versionLabel")).toString()
                            == b.value(QStringLiteral("versionLabel")).toString())
                        return HttpTestResponse::json(400,
                            mxrError(400,
                                "An app version with this versionCode, versionName and versionLabel already exists"));
                }
                const QJsonObject created = addVersion(pkg, b);
                if (dropAfterCreate) {
                    dropAfterCreate = false;
                    return HttpTestResponse::failure(HttpTestResponse::Fault::DropConnection);
                }
                return data(created);
            }
            const QString id = seg.value(5);
            for (qsizetype i = 0; i < app.versions.size(); ++i) {
                if (app.versions[i].value(QStringLiteral("id")).toString() != id)
                    continue;
                if (r.method == "GET") // the documented get-version (same fields minus fileCount)
                    return data(app.versions[i]);
                if (r.method == "DELETE") {
                    app.versions.removeAt(i);
                    return HttpTestResponse::empty(200);
                }
                if (r.method == "PATCH") {
                    app.versions[i].insert(
                        QStringLiteral("versionLabel"), r.json().value(QStringLiteral("versionLabel")));
                    return HttpTestResponse::empty(200);
                }
            }
            const QByteArray m = "App version with id " + id.toUtf8() + " not found";
            return HttpTestResponse::json(404, mxrError(404, m.constData()));
        }
        if (seg.value(4) == QLatin1String("release-channels")) {
            if (seg.size() == 5 && r.method == "GET") {
                QJsonArray list;
                for (const QJsonObject& c : std::as_const(app.channels))
                    list.append(c);
                return data(list);
            }
            const QJsonObject b = r.json();
            if (!b.value(QStringLiteral("targetVersion")).isString())
                return HttpTestResponse::json(400, mxrError(400, "Invalid request"));
            const QJsonObject target {{QStringLiteral("id"), b.value(QStringLiteral("targetVersion"))}};
            if (seg.size() == 5 && r.method == "POST") {
                QJsonObject c {{QStringLiteral("id"), QStringLiteral("rc_%1").arg(nextId++)},
                    {QStringLiteral("name"), b.value(QStringLiteral("name"))},
                    {QStringLiteral("type"), QStringLiteral("app")}, {QStringLiteral("targetVersion"), target}};
                app.channels.append(c);
                return data(c);
            }
            for (QJsonObject& c : app.channels) {
                if (c.value(QStringLiteral("id")).toString() == seg.value(5) && r.method == "PATCH") {
                    c.insert(QStringLiteral("targetVersion"), target);
                    return data(c);
                }
            }
            return HttpTestResponse::json(404, mxrError(404, "Release channel not found"));
        }
        return HttpTestResponse::json(404, mxrError(404, "Not Found"));
    }
};

QString writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& content)
{
    QFile f(dir.filePath(name));
    if (!f.open(QIODevice::WriteOnly))
        return {};
    f.write(content);
    return f.fileName();
}

QString md5Hex(const QByteArray& data)
{
    return QString::fromLatin1(QCryptographicHash::hash(data, QCryptographicHash::Md5).toHex());
}

} // namespace

class TestManageXr : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void registry_buildsManageXrProvider();
    void fetchApps_basicAuthTrailingSlashAndOrganization();
    void fetchVersions_parsesDocumentedFields();
    void publish_apkUrl_existingApp_bodyFieldByField();
    void publish_newApp_createsAppFirst();
    void publish_hostingFolder_copiesVerifiesAndRegisters();
    void publish_hostedFileDiffers_conflict();
    void publish_noUrlNoHosting_validationWithoutRequests();
    void publish_releaseChannel_createdThenRetargeted();
    void publish_droppedCreate_noDuplicateVersion();
    void publish_503OnCreate_verifiedThenRetried();
    void publish_duplicateVersion_conflict();
    void publish_503WithAnEarlierSameVersion_notTakenForTheUpload();
    void publish_droppedCreateWithAnEarlierVersion_reportsTheNewOne();
    void publish_realApkFromCorpus();
    void documentedErrors_mapToKinds();
    void htmlErrorPage_badBaseUrlMessage();
    void deleteAndEditVersion_methodsPathsBodies();
    void missingSecret_authErrorWithoutRequests();
    void rateLimit_tenRequestsPerSecond();
    void json_parsersAndBodies();
    void cli_accountsAppsPublishVersionsEndToEnd();
    void cli_channelListAndSet();

private:
    std::unique_ptr<FakeManageXr> m_fake;
    std::unique_ptr<HttpClient> m_http;
    std::unique_ptr<MemoryCredentialStore> m_store;
    QTemporaryDir m_tmp;

    Account account(const QString& org = {}, const QString& folder = {}, const QString& baseUrl = {}) const
    {
        Account a;
        a.name = QStringLiteral("mxr-test");
        a.service = QStringLiteral("managexr");
        a.baseUrl = m_fake->server.baseUrl();
        a.fields.insert(QStringLiteral("key-id"), QString::fromLatin1(kKeyId));
        if (!org.isEmpty())
            a.fields.insert(QStringLiteral("organization-id"), org);
        if (!folder.isEmpty()) {
            a.fields.insert(QStringLiteral("hosting-folder"), folder);
            a.fields.insert(QStringLiteral("hosting-base-url"), baseUrl);
        }
        return a;
    }
    std::unique_ptr<ManageXrProvider> provider(const Account& a) const
    {
        ProviderContext ctx;
        ctx.credentials = m_store.get();
        ctx.http = m_http.get();
        auto p = std::make_unique<ManageXrProvider>(a, ctx);
        RetryPolicy fast;
        fast.initialDelayMs = 5;
        fast.maxDelayMs = 20;
        fast.jitter = 0;
        p->setRetryPolicy(fast);
        return p;
    }
    PublishRequest request(const QString& apk, qint64 code = 42, const QString& label = QStringLiteral("beta")) const
    {
        PublishRequest r;
        r.files << apk;
        QFile f(apk);
        f.open(QIODevice::ReadOnly);
        const QByteArray content = f.readAll(); // test fixture, a few bytes
        r.inspection = QJsonObject {{QStringLiteral("kind"), QStringLiteral("apk")},
            {QStringLiteral("packageId"), QStringLiteral("com.example.vr")},
            {QStringLiteral("versionCode"), double(code)}, {QStringLiteral("versionName"), QStringLiteral("1.4.0")},
            {QStringLiteral("label"), QStringLiteral("VR Trainer")}, {QStringLiteral("md5"), md5Hex(content)},
            {QStringLiteral("size"), double(content.size())}};
        r.label = label;
        return r;
    }
};

void TestManageXr::init()
{
    m_fake = std::make_unique<FakeManageXr>();
    QVERIFY(m_fake->server.listen());
    m_http = std::make_unique<HttpClient>();
    m_store = std::make_unique<MemoryCredentialStore>();
    m_store->insert(CredentialStore::keyFor(QStringLiteral("mxr-test"), QStringLiteral("key-secret")), kSecret);
}

void TestManageXr::cleanup()
{
    m_fake.reset();
    m_http.reset();
    m_store.reset();
}

void TestManageXr::registry_buildsManageXrProvider()
{
    ProviderContext ctx;
    ctx.http = m_http.get();
    ctx.credentials = m_store.get();
    ProviderRegistry registry(ctx);
    Provider* p = registry.provider(account());
    QVERIFY(p);
    QVERIFY(qobject_cast<ManageXrProvider*>(p));
    QCOMPARE(p->serviceId(), QStringLiteral("managexr"));
    QStringList keys;
    for (const FieldSpec& f : p->publishFields())
        keys << f.key;
    QVERIFY(keys.contains(QStringLiteral("apk-url")));
    QVERIFY(keys.contains(QStringLiteral("release-channel")));
    QVERIFY(p->capabilities() & Provider::Publish);
}

void TestManageXr::fetchApps_basicAuthTrailingSlashAndOrganization()
{
    m_fake->addApp(QStringLiteral("com.example.vr"), QStringLiteral("VR Trainer"));
    m_fake->addVersion(QStringLiteral("com.example.vr"), QJsonObject {{QStringLiteral("versionCode"), 1}});
    auto p = provider(account(QStringLiteral("org-7")));
    AppsJob* job = p->fetchApps();
    QVERIFY(job->waitForFinished(5000));
    QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
    QCOMPARE(job->result().size(), 1);
    const AppInfo a = job->result().first();
    QCOMPARE(a.id, QStringLiteral("com.example.vr"));
    QCOMPARE(a.name, QStringLiteral("VR Trainer"));
    QCOMPARE(a.versionCount, 1);
    QCOMPARE(a.iconUrl, QStringLiteral("https://cdn.example.com/icon.png"));
    const RecordedRequest r = m_fake->server.last();
    QCOMPARE(r.method, QByteArray("GET"));
    QCOMPARE(r.path, QStringLiteral("/v1/apps/"));
    QCOMPARE(r.query.queryItemValue(QStringLiteral("organizationId")), QStringLiteral("org-7"));
    QCOMPARE(r.header("authorization"), expectedAuth());
    QVERIFY(r.header("user-agent").startsWith("Slipway/"));
}

void TestManageXr::fetchVersions_parsesDocumentedFields()
{
    m_fake->addApp(QStringLiteral("com.example.vr"), QStringLiteral("VR"));
    m_fake->addVersion(QStringLiteral("com.example.vr"),
        QJsonObject {{QStringLiteral("versionCode"), 7}, {QStringLiteral("versionName"), QStringLiteral("1.0.7")},
            {QStringLiteral("versionLabel"), QStringLiteral("qa")}, {QStringLiteral("apkSize"), 1234},
            {QStringLiteral("apkUrl"), QStringLiteral("https://h.example.com/a/app.apk")},
            {QStringLiteral("obbUrl"), QStringLiteral("https://h.example.com/a/main.obb")}});
    m_fake->addVersion(QStringLiteral("com.example.vr"), QJsonObject {{QStringLiteral("versionCode"), 9}});
    auto p = provider(account());
    VersionsJob* job = p->fetchVersions(QStringLiteral("com.example.vr"));
    QVERIFY(job->waitForFinished(5000));
    QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
    QCOMPARE(job->result().size(), 2);
    QCOMPARE(job->result().at(0).versionCode, QStringLiteral("9")); // newest first
    const VersionInfo v = job->result().at(1);
    QCOMPARE(v.id, QStringLiteral("av_100"));
    QCOMPARE(v.versionName, QStringLiteral("1.0.7"));
    QCOMPARE(v.label, QStringLiteral("qa"));
    QCOMPARE(v.size, 1234);
    QCOMPARE(v.downloadUrl, QStringLiteral("https://h.example.com/a/app.apk"));
    QCOMPARE(v.fileName, QStringLiteral("app.apk"));
    QCOMPARE(v.created.toMSecsSinceEpoch(), 1645615777448);
    QCOMPARE(v.extra.value(QStringLiteral("obbUrl")).toString(), QStringLiteral("https://h.example.com/a/main.obb"));
    QCOMPARE(v.extra.value(QStringLiteral("selfHosted")).toBool(), true);
    QCOMPARE(m_fake->server.last().path, QStringLiteral("/v1/apps/com.example.vr/versions"));
}

void TestManageXr::publish_apkUrl_existingApp_bodyFieldByField()
{
    m_fake->addApp(QStringLiteral("com.example.vr"), QStringLiteral("VR"));
    const QString apk = writeFile(m_tmp, QStringLiteral("app.apk"), "APK-BYTES-1");
    const QString obb = writeFile(m_tmp, QStringLiteral("main.42.com.example.vr.obb"), "OBB-BYTES");
    auto p = provider(account(QStringLiteral("org-1")));
    PublishRequest req = request(apk);
    req.files << obb;
    req.options.insert(QStringLiteral("apk-url"), QStringLiteral("https://files.example.com/app.apk"));
    req.options.insert(QStringLiteral("obb-url"), QStringLiteral("https://files.example.com/main.obb"));
    PublishJob* job = p->publish(req);
    QVERIFY(job->waitForFinished(10000));
    QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
    QCOMPARE(job->result().id, QStringLiteral("av_100"));
    QCOMPARE(job->result().versionCode, QStringLiteral("42"));

    const auto posts = m_fake->server.requests("POST", QStringLiteral("/v1/apps/*/versions"));
    QCOMPARE(posts.size(), 1);
    const RecordedRequest r = posts.first();
    QCOMPARE(r.path, QStringLiteral("/v1/apps/com.example.vr/versions"));
    QCOMPARE(r.query.queryItemValue(QStringLiteral("organizationId")), QStringLiteral("org-1"));
    QCOMPARE(r.header("content-type"), QByteArray("application/json"));
    QCOMPARE(r.header("authorization"), expectedAuth());
    const QJsonObject b = r.json();
    QVERIFY(b.value(QStringLiteral("versionCode")).isDouble());
    QCOMPARE(b.value(QStringLiteral("versionCode")).toInt(), 42);
    QCOMPARE(b.value(QStringLiteral("versionName")).toString(), QStringLiteral("1.4.0"));
    QCOMPARE(b.value(QStringLiteral("versionLabel")).toString(), QStringLiteral("beta"));
    QCOMPARE(b.value(QStringLiteral("apkUrl")).toString(), QStringLiteral("https://files.example.com/app.apk"));
    QCOMPARE(b.value(QStringLiteral("apkMd5")).toString(), md5Hex("APK-BYTES-1"));
    QCOMPARE(b.value(QStringLiteral("apkSize")).toInt(), 11);
    QCOMPARE(b.value(QStringLiteral("obbUrl")).toString(), QStringLiteral("https://files.example.com/main.obb"));
    QCOMPARE(b.value(QStringLiteral("obbMd5")).toString(), md5Hex("OBB-BYTES"));
    QCOMPARE(b.value(QStringLiteral("obbSize")).toInt(), 9);
    QCOMPARE(b.keys().size(), 9);
    QCOMPARE(m_fake->server.count("POST", QStringLiteral("/v1/apps/")), 0);
}

void TestManageXr::publish_newApp_createsAppFirst()
{
    const QString apk = writeFile(m_tmp, QStringLiteral("new.apk"), "NEW-APP");
    auto p = provider(account());
    PublishRequest req = request(apk, 1, QString());
    req.options.insert(QStringLiteral("apk-url"), QStringLiteral("https://files.example.com/new.apk"));
    PublishJob* job = p->publish(req);
    QVERIFY(job->waitForFinished(10000));
    QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
    QCOMPARE(m_fake->server.count("GET", QStringLiteral("/v1/apps/com.example.vr")), 1);
    const auto posts = m_fake->server.requests("POST", QStringLiteral("/v1/apps/"));
    QCOMPARE(posts.size(), 1);
    const QJsonObject b = posts.first().json();
    QCOMPARE(b.value(QStringLiteral("packageName")).toString(), QStringLiteral("com.example.vr"));
    QCOMPARE(b.value(QStringLiteral("title")).toString(), QStringLiteral("VR Trainer"));
    QCOMPARE(b.value(QStringLiteral("versionCode")).toInt(), 1);
    QVERIFY(!b.contains(QStringLiteral("versionLabel")));
    QVERIFY(m_fake->apps.contains(QStringLiteral("com.example.vr")));
    QCOMPARE(m_fake->apps.value(QStringLiteral("com.example.vr")).versions.size(), 1);
}

void TestManageXr::publish_hostingFolder_copiesVerifiesAndRegisters()
{
    m_fake->addApp(QStringLiteral("com.example.vr"), QStringLiteral("VR"));
    QTemporaryDir hosting;
    const QByteArray apkBytes(300 * 1024, 'a');
    const QString apk = writeFile(m_tmp, QStringLiteral("VR Trainer.apk"), apkBytes);
    const QString obb = writeFile(m_tmp, QStringLiteral("main.42.com.example.vr.obb"), "OBB!");
    auto p = provider(account({}, hosting.path(), QStringLiteral("https://cdn.example.com/mxr/")));
    PublishRequest req = request(apk);
    req.files << obb;
    PublishJob* job = p->publish(req);
    QVERIFY(job->waitForFinished(10000));
    QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
    const QString dir = hosting.filePath(QStringLiteral("com.example.vr/42-beta"));
    QFile copied(dir + QStringLiteral("/VR Trainer.apk"));
    QVERIFY(copied.open(QIODevice::ReadOnly));
    QCOMPARE(md5Hex(copied.readAll()), md5Hex(apkBytes));
    QVERIFY(QFileInfo::exists(dir + QStringLiteral("/main.42.com.example.vr.obb")));
    QCOMPARE(QDir(dir).entryList(QDir::Files | QDir::Hidden).size(), 2); // no temporary leftovers
    const QJsonObject b = m_fake->server.requests("POST", QStringLiteral("/v1/apps/*/versions")).first().json();
    QCOMPARE(b.value(QStringLiteral("apkUrl")).toString(),
        QStringLiteral("https://cdn.example.com/mxr/com.example.vr/42-beta/VR%20Trainer.apk"));
    QCOMPARE(b.value(QStringLiteral("obbUrl")).toString(),
        QStringLiteral("https://cdn.example.com/mxr/com.example.vr/42-beta/main.42.com.example.vr.obb"));
    QCOMPARE(b.value(QStringLiteral("apkMd5")).toString(), md5Hex(apkBytes));
    QCOMPARE(b.value(QStringLiteral("apkSize")).toInt(), apkBytes.size());

    // Publishing the identical file again reuses the hosted copy (and ManageXR reports the duplicate).
    PublishJob* again = p->publish(req);
    QVERIFY(again->waitForFinished(10000));
    QCOMPARE(again->error().kind, Error::Kind::Conflict);
}

void TestManageXr::publish_hostedFileDiffers_conflict()
{
    QTemporaryDir hosting;
    QDir().mkpath(hosting.filePath(QStringLiteral("com.example.vr/42-beta")));
    QFile other(hosting.filePath(QStringLiteral("com.example.vr/42-beta/app.apk")));
    QVERIFY(other.open(QIODevice::WriteOnly));
    other.write("SOMETHING ELSE");
    other.close();
    const QString apk = writeFile(m_tmp, QStringLiteral("app.apk"), "MINE");
    auto p = provider(account({}, hosting.path(), QStringLiteral("https://cdn.example.com")));
    PublishJob* job = p->publish(request(apk));
    QVERIFY(job->waitForFinished(10000));
    QCOMPARE(job->error().kind, Error::Kind::Conflict);
    QVERIFY(job->error().message.contains(QStringLiteral("different app.apk")));
    QCOMPARE(m_fake->server.requests().size(), 0);
}

void TestManageXr::publish_noUrlNoHosting_validationWithoutRequests()
{
    const QString apk = writeFile(m_tmp, QStringLiteral("app.apk"), "X");
    auto p = provider(account());
    PublishJob* job = p->publish(request(apk));
    QVERIFY(job->waitForFinished(10000));
    QCOMPARE(job->error().kind, Error::Kind::Validation);
    QCOMPARE(job->error().field, QStringLiteral("apk-url"));
    QVERIFY(job->error().message.contains(QStringLiteral("public URL")));
    QCOMPARE(m_fake->server.requests().size(), 0);
}

void TestManageXr::publish_releaseChannel_createdThenRetargeted()
{
    m_fake->addApp(QStringLiteral("com.example.vr"), QStringLiteral("VR"));
    const QString apk = writeFile(m_tmp, QStringLiteral("app.apk"), "A1");
    auto p = provider(account());
    PublishRequest req = request(apk, 10);
    req.options.insert(QStringLiteral("apk-url"), QStringLiteral("https://f.example.com/1.apk"));
    req.options.insert(QStringLiteral("release-channel"), QStringLiteral("Beta"));
    PublishJob* job = p->publish(req);
    QVERIFY(job->waitForFinished(10000));
    QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
    auto posts = m_fake->server.requests("POST", QStringLiteral("/v1/apps/*/release-channels"));
    QCOMPARE(posts.size(), 1);
    QCOMPARE(posts.first().json().value(QStringLiteral("name")).toString(), QStringLiteral("Beta"));
    QCOMPARE(posts.first().json().value(QStringLiteral("targetVersion")).toString(), job->result().id);

    req = request(apk, 11);
    req.options.insert(QStringLiteral("apk-url"), QStringLiteral("https://f.example.com/2.apk"));
    req.options.insert(QStringLiteral("release-channel"), QStringLiteral("beta"));
    PublishJob* second = p->publish(req);
    QVERIFY(second->waitForFinished(10000));
    QVERIFY2(second->succeeded(), qPrintable(second->error().toString()));
    const auto patches = m_fake->server.requests("PATCH", QStringLiteral("/v1/apps/*/release-channels/*"));
    QCOMPARE(patches.size(), 1);
    QCOMPARE(patches.first().json().value(QStringLiteral("targetVersion")).toString(), second->result().id);
    QVERIFY(!patches.first().json().contains(QStringLiteral("name")));
    QCOMPARE(m_fake->apps.value(QStringLiteral("com.example.vr")).channels.size(), 1);
}

void TestManageXr::publish_droppedCreate_noDuplicateVersion()
{
    m_fake->addApp(QStringLiteral("com.example.vr"), QStringLiteral("VR"));
    m_fake->dropAfterCreate = true;
    const QString apk = writeFile(m_tmp, QStringLiteral("app.apk"), "A");
    auto p = provider(account());
    PublishRequest req = request(apk);
    req.options.insert(QStringLiteral("apk-url"), QStringLiteral("https://f.example.com/a.apk"));
    PublishJob* job = p->publish(req);
    QVERIFY(job->waitForFinished(10000));
    QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
    QCOMPARE(job->result().id, QStringLiteral("av_100"));
    QCOMPARE(m_fake->server.count("POST", QStringLiteral("/v1/apps/*/versions")), 1);
    QCOMPARE(m_fake->apps.value(QStringLiteral("com.example.vr")).versions.size(), 1);
}

void TestManageXr::publish_503OnCreate_verifiedThenRetried()
{
    m_fake->addApp(QStringLiteral("com.example.vr"), QStringLiteral("VR"));
    int posts = 0;
    m_fake->server.route("POST", QStringLiteral("/v1/apps/*/versions"), [this, &posts](const RecordedRequest& r) {
        if (++posts == 1)
            return HttpTestResponse::html(503, "<html><title>503 Service Temporarily Unavailable</title></html>");
        return m_fake->handle(r);
    });
    const QString apk = writeFile(m_tmp, QStringLiteral("app.apk"), "A");
    auto p = provider(account());
    PublishRequest req = request(apk);
    req.options.insert(QStringLiteral("apk-url"), QStringLiteral("https://f.example.com/a.apk"));
    PublishJob* job = p->publish(req);
    QVERIFY(job->waitForFinished(10000));
    QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
    QCOMPARE(posts, 2);
    // The listing before the create (the snapshot) and the verify lookup.
    QCOMPARE(m_fake->server.count("GET", QStringLiteral("/v1/apps/*/versions")), 2);
    QCOMPARE(m_fake->apps.value(QStringLiteral("com.example.vr")).versions.size(), 1);
}

void TestManageXr::publish_duplicateVersion_conflict()
{
    m_fake->addApp(QStringLiteral("com.example.vr"), QStringLiteral("VR"));
    m_fake->addVersion(QStringLiteral("com.example.vr"),
        QJsonObject {{QStringLiteral("versionCode"), 42}, {QStringLiteral("versionName"), QStringLiteral("1.4.0")},
            {QStringLiteral("versionLabel"), QStringLiteral("beta")}});
    const QString apk = writeFile(m_tmp, QStringLiteral("app.apk"), "A");
    auto p = provider(account());
    PublishRequest req = request(apk);
    req.options.insert(QStringLiteral("apk-url"), QStringLiteral("https://f.example.com/a.apk"));
    PublishJob* job = p->publish(req);
    QVERIFY(job->waitForFinished(10000));
    QCOMPARE(job->error().kind, Error::Kind::Conflict);
    QCOMPARE(job->error().httpStatus, 400);
    QVERIFY(job->error().serverMessage.contains(QStringLiteral("already exists")));
    QCOMPARE(job->error().field, QStringLiteral("version-label"));
    QVERIFY(job->error().message.contains(QStringLiteral("version label")));
}

// Version A (same code, name and label, another APK) is on the server; B's create answers 503 and the server did
// not store it. The verify must not report A as B: B is sent again, and the server refuses it as the duplicate it
// is, so the publish fails clearly and the server still holds only A.
void TestManageXr::publish_503WithAnEarlierSameVersion_notTakenForTheUpload()
{
    m_fake->addApp(QStringLiteral("com.example.vr"), QStringLiteral("VR"));
    const QJsonObject a = m_fake->addVersion(QStringLiteral("com.example.vr"),
        QJsonObject {{QStringLiteral("versionCode"), 42}, {QStringLiteral("versionName"), QStringLiteral("1.4.0")},
            {QStringLiteral("versionLabel"), QStringLiteral("beta")},
            {QStringLiteral("apkUrl"), QStringLiteral("https://f.example.com/old.apk")},
            {QStringLiteral("apkSize"), 7}});
    int posts = 0;
    m_fake->server.route("POST", QStringLiteral("/v1/apps/*/versions"), [this, &posts](const RecordedRequest& r) {
        if (++posts == 1)
            return HttpTestResponse::html(503, "<html><title>503 Service Temporarily Unavailable</title></html>");
        return m_fake->handle(r);
    });
    const QString apk = writeFile(m_tmp, QStringLiteral("app.apk"), "B");
    auto p = provider(account());
    PublishRequest req = request(apk);
    req.options.insert(QStringLiteral("apk-url"), QStringLiteral("https://f.example.com/b.apk"));
    PublishJob* job = p->publish(req);
    QVERIFY(job->waitForFinished(10000));
    QVERIFY2(!job->succeeded(), qPrintable(QStringLiteral("reported as published with id ") + job->result().id));
    QCOMPARE(job->error().kind, Error::Kind::Conflict);
    QCOMPARE(posts, 2);
    const auto versions = m_fake->apps.value(QStringLiteral("com.example.vr")).versions;
    QCOMPARE(versions.size(), 1);
    QCOMPARE(versions.first().value(QStringLiteral("id")), a.value(QStringLiteral("id")));
}

// Version A (same code and name, another label) is on the server; B's create is stored but the answer is lost. The
// lookup finds B (new since the snapshot, same code, name, label, URL and size) and reports B's id; no second create.
void TestManageXr::publish_droppedCreateWithAnEarlierVersion_reportsTheNewOne()
{
    m_fake->addApp(QStringLiteral("com.example.vr"), QStringLiteral("VR"));
    m_fake->addVersion(QStringLiteral("com.example.vr"),
        QJsonObject {{QStringLiteral("versionCode"), 42}, {QStringLiteral("versionName"), QStringLiteral("1.4.0")},
            {QStringLiteral("versionLabel"), QStringLiteral("alpha")},
            {QStringLiteral("apkUrl"), QStringLiteral("https://f.example.com/b.apk")}, {QStringLiteral("apkSize"), 1}});
    m_fake->dropAfterCreate = true;
    const QString apk = writeFile(m_tmp, QStringLiteral("app.apk"), "B");
    auto p = provider(account());
    PublishRequest req = request(apk);
    req.options.insert(QStringLiteral("apk-url"), QStringLiteral("https://f.example.com/b.apk"));
    PublishJob* job = p->publish(req);
    QVERIFY(job->waitForFinished(10000));
    QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
    QCOMPARE(job->result().id, QStringLiteral("av_101"));
    QCOMPARE(m_fake->server.count("POST", QStringLiteral("/v1/apps/*/versions")), 1);
    QCOMPARE(m_fake->apps.value(QStringLiteral("com.example.vr")).versions.size(), 2);
}

void TestManageXr::publish_realApkFromCorpus()
{
    SLIPWAY_REQUIRE_CORPUS();
    const QString apk = corpusFile(QStringLiteral("ApiDemos-debug.apk"));
    if (!QFileInfo::exists(apk))
        QSKIP("ApiDemos-debug.apk is not in the corpus");
    auto p = provider(account());
    PublishRequest req;
    req.files << apk;
    req.options.insert(QStringLiteral("apk-url"), QStringLiteral("https://f.example.com/ApiDemos.apk"));
    PublishJob* job = p->publish(req);
    QVERIFY(job->waitForFinished(30000));
    QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
    const auto posts = m_fake->server.requests("POST", QStringLiteral("/v1/apps/"));
    QCOMPARE(posts.size(), 1);
    const QJsonObject b = posts.first().json();
    QVERIFY(!b.value(QStringLiteral("packageName")).toString().isEmpty());
    QVERIFY(b.value(QStringLiteral("versionCode")).isDouble());
    QCOMPARE(b.value(QStringLiteral("apkSize")).toInteger(), QFileInfo(apk).size());
    QFile f(apk);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCryptographicHash md5(QCryptographicHash::Md5);
    QVERIFY(md5.addData(&f));
    QCOMPARE(b.value(QStringLiteral("apkMd5")).toString(), QString::fromLatin1(md5.result().toHex()));
}

void TestManageXr::documentedErrors_mapToKinds()
{
    auto p = provider(account());
    // The documented examples: 404 {"statusCode":404,"message":"App with package name com.example.app not found",
    // "error":"ManageXR Error"}, 400 "Invalid request", 403 "Forbidden".
    VersionsJob* v = p->fetchVersions(QStringLiteral("com.unknown"));
    QVERIFY(v->waitForFinished(5000));
    QCOMPARE(v->error().kind, Error::Kind::NotFound);
    QCOMPARE(v->error().httpStatus, 404);
    QCOMPARE(v->error().serverMessage, QStringLiteral("App with package name com.unknown not found"));
    QVERIFY(v->error().message.contains(QStringLiteral("com.unknown")));

    // 400 {"statusCode":400,"message":"Invalid request","error":"ManageXR Error"}
    m_fake->server.route(
        "GET", QStringLiteral("/v1/apps/"), HttpTestResponse::json(400, mxrError(400, "Invalid request")));
    AppsJob* a = p->fetchApps();
    QVERIFY(a->waitForFinished(5000));
    QCOMPARE(a->error().kind, Error::Kind::Validation);
    QCOMPARE(a->error().serverMessage, QStringLiteral("Invalid request"));
    QCOMPARE(a->error().toString().contains(QStringLiteral("Invalid request")), true);

    // 403 with a wrong secret
    m_store->insert(CredentialStore::keyFor(QStringLiteral("mxr-test"), QStringLiteral("key-secret")), "wrong");
    auto q = provider(account());
    VersionsJob* f = q->fetchVersions(QStringLiteral("com.example.vr"));
    QVERIFY(f->waitForFinished(5000));
    QCOMPARE(f->error().kind, Error::Kind::Forbidden);
    QCOMPARE(f->error().serverMessage, QStringLiteral("Forbidden"));
}

void TestManageXr::htmlErrorPage_badBaseUrlMessage()
{
    m_fake->server.route("GET", QStringLiteral("/v1/apps/"),
        HttpTestResponse::html(200, "<!doctype html><html><title>Login</title></html>"));
    auto p = provider(account());
    AppsJob* a = p->fetchApps();
    QVERIFY(a->waitForFinished(5000));
    QCOMPARE(a->error().kind, Error::Kind::BadResponse);
    QVERIFY(a->error().message.contains(QStringLiteral("HTML page")));
}

void TestManageXr::deleteAndEditVersion_methodsPathsBodies()
{
    m_fake->addApp(QStringLiteral("com.example.vr"), QStringLiteral("VR"));
    const QString id
        = m_fake->addVersion(QStringLiteral("com.example.vr"), QJsonObject {{QStringLiteral("versionCode"), 3}})
              .value(QStringLiteral("id"))
              .toString();
    auto p = provider(account(QStringLiteral("o")));
    ActionJob* edit = p->editVersionLabel(QStringLiteral("com.example.vr"), id, QStringLiteral("gold"));
    QVERIFY(edit->waitForFinished(5000));
    QVERIFY2(edit->succeeded(), qPrintable(edit->error().toString()));
    RecordedRequest r = m_fake->server.last();
    QCOMPARE(r.method, QByteArray("PATCH"));
    QCOMPARE(r.path, QStringLiteral("/v1/apps/com.example.vr/versions/") + id);
    QCOMPARE(r.json(), QJsonObject({{QStringLiteral("versionLabel"), QStringLiteral("gold")}}));
    QCOMPARE(m_fake->apps.value(QStringLiteral("com.example.vr"))
                 .versions.first()
                 .value(QStringLiteral("versionLabel"))
                 .toString(),
        QStringLiteral("gold"));

    // Provider::edit: the label and a release channel in one job; notes are refused (ManageXR has none).
    VersionEdit changes;
    changes.label = QStringLiteral("silver");
    changes.options.insert(QStringLiteral("release-channel"), QStringLiteral("QA"));
    ActionJob* both = p->edit(QStringLiteral("com.example.vr"), id, changes);
    QVERIFY(both->waitForFinished(5000));
    QVERIFY2(both->succeeded(), qPrintable(both->error().toString()));
    QCOMPARE(m_fake->apps.value(QStringLiteral("com.example.vr"))
                 .versions.first()
                 .value(QStringLiteral("versionLabel"))
                 .toString(),
        QStringLiteral("silver"));
    const auto channelPosts = m_fake->server.requests("POST", QStringLiteral("/v1/apps/*/release-channels"));
    QCOMPARE(channelPosts.size(), 1);
    QCOMPARE(channelPosts.first().json().value(QLatin1String("name")).toString(), QStringLiteral("QA"));
    QCOMPARE(channelPosts.first().json().value(QLatin1String("targetVersion")).toString(), id);
    VersionEdit notes;
    notes.notes = QStringLiteral("x");
    ActionJob* refused = p->edit(QStringLiteral("com.example.vr"), id, notes);
    QVERIFY(refused->waitForFinished(5000));
    QCOMPARE(refused->error().kind, Error::Kind::Unsupported);
    QVERIFY(p->capabilities() & Provider::EditVersion);

    ActionJob* del = p->deleteVersion(QStringLiteral("com.example.vr"), id);
    QVERIFY(del->waitForFinished(5000));
    QVERIFY2(del->succeeded(), qPrintable(del->error().toString()));
    r = m_fake->server.last();
    QCOMPARE(r.method, QByteArray("DELETE"));
    QCOMPARE(r.query.queryItemValue(QStringLiteral("organizationId")), QStringLiteral("o"));
    QVERIFY(m_fake->apps.value(QStringLiteral("com.example.vr")).versions.isEmpty());

    ActionJob* again = p->deleteVersion(QStringLiteral("com.example.vr"), id);
    QVERIFY(again->waitForFinished(5000));
    QCOMPARE(again->error().kind, Error::Kind::NotFound);
    QCOMPARE(again->error().serverMessage, QStringLiteral("App version with id ") + id + QStringLiteral(" not found"));
}

void TestManageXr::missingSecret_authErrorWithoutRequests()
{
    m_store->erase(CredentialStore::keyFor(QStringLiteral("mxr-test"), QStringLiteral("key-secret")));
    auto p = provider(account());
    AppsJob* a = p->fetchApps();
    QVERIFY(a->waitForFinished(5000));
    QCOMPARE(a->error().kind, Error::Kind::Auth);
    QVERIFY(a->error().message.contains(QStringLiteral("mxr-test")));
    QVERIFY(!a->error().message.contains(QString::fromLatin1(kSecret)));
    QCOMPARE(a->error().field, QStringLiteral("account:key-secret"));
    QCOMPARE(m_fake->server.requests().size(), 0);

    // Without a key ID nothing is read or sent either.
    Account noKey = account();
    noKey.fields.remove(QStringLiteral("key-id"));
    auto q = provider(noKey);
    VersionsJob* v = q->fetchVersions(QStringLiteral("com.example.vr"));
    QVERIFY(v->waitForFinished(5000));
    QCOMPARE(v->error().kind, Error::Kind::Auth);
    QCOMPARE(v->error().field, QStringLiteral("account:key-id"));
    QCOMPARE(m_fake->server.requests().size(), 0);

    // An empty app id fails at once, and leaves no other job behind as a child of the provider.
    VersionsJob* empty = p->fetchVersions(QString());
    QVERIFY(empty->waitForFinished(5000));
    QCOMPARE(empty->error().field, QStringLiteral("app"));
    const QList<Job*> children = p->findChildren<Job*>(Qt::FindDirectChildrenOnly);
    QCOMPARE(children, (QList<Job*> {a, empty}));
}

void TestManageXr::rateLimit_tenRequestsPerSecond()
{
    auto p = provider(account());
    QElapsedTimer clock;
    clock.start();
    QList<AppsJob*> jobs;
    for (int i = 0; i < 12; ++i)
        jobs << p->fetchApps();
    for (AppsJob* j : jobs) {
        QVERIFY(j->waitForFinished(10000));
        QVERIFY(j->succeeded());
    }
    // The 11th and 12th request wait for the next second.
    QVERIFY2(clock.elapsed() >= 900, QByteArray::number(clock.elapsed()));
    QCOMPARE(m_fake->server.count("GET", QStringLiteral("/v1/apps/")), 12);
}

void TestManageXr::json_parsersAndBodies()
{
    QCOMPARE(
        ManageXrJson::errorMessage(
            R"({"statusCode":400,"message":["versionCode must be a number","apkUrl should not be empty"],"error":"Bad Request"})"),
        QStringLiteral("versionCode must be a number; apkUrl should not be empty"));
    auto apps = ManageXrJson::parseApps(R"({"data":"nope"})");
    QCOMPARE(apps.error().kind, Error::Kind::BadResponse);
    apps = ManageXrJson::parseApps("<html>");
    QCOMPARE(apps.error().kind, Error::Kind::BadResponse);
    ManageXrJson::NewVersion v;
    v.packageName = QStringLiteral("p");
    v.versionCode = 5;
    v.versionName = QStringLiteral("n");
    v.apkUrl = QStringLiteral("https://x/a.apk");
    const QJsonObject body = ManageXrJson::versionBody(v);
    QCOMPARE(body.keys(),
        (QStringList {QStringLiteral("apkUrl"), QStringLiteral("versionCode"), QStringLiteral("versionName")}));
    QVERIFY(ManageXrJson::appBody(v).contains(QStringLiteral("title")));
}

void TestManageXr::cli_accountsAppsPublishVersionsEndToEnd()
{
    SLIPWAY_REQUIRE_CORPUS();
    if (qEnvironmentVariableIntValue("SLIPWAY_KEYRING_AVAILABLE") != 1)
        QSKIP("needs a session keyring: run inside tests/with-keyring.sh (./scripts/test does)");
    const QString apk = corpusFile(QStringLiteral("ApiDemos-debug.apk"));
    QFileInfo cli(cliPath());
    QVERIFY2(cli.isExecutable(), qPrintable(cli.filePath()));
    QTemporaryDir home;
    QTemporaryDir hosting;
    auto run = [&](const QStringList& args, const QByteArray& stdinData = {}) {
        const CliRun r = runCli(args, cliEnvironment(home.path()), stdinData, 30000);
        return std::make_tuple(r.exitCode, r.out, r.err);
    };
    const QString name = QStringLiteral("e2e-managexr-%1").arg(QCoreApplication::applicationPid());
    // The CLI stores the secret under its own account name: make the fake accept the same key.
    auto [code, out, err]
        = run({QStringLiteral("accounts"), QStringLiteral("add"), QStringLiteral("managexr"), QStringLiteral("--name"),
                  name, QStringLiteral("--set"), QStringLiteral("base-url=") + m_fake->server.baseUrl().toString(),
                  QStringLiteral("--set"), QStringLiteral("key-id=") + QString::fromLatin1(kKeyId),
                  QStringLiteral("--set"), QStringLiteral("organization-id=org-cli"), QStringLiteral("--set"),
                  QStringLiteral("hosting-folder=") + hosting.path(), QStringLiteral("--set"),
                  QStringLiteral("hosting-base-url=https://cdn.example.com/vr"), QStringLiteral("--secret-stdin")},
            kSecret + '\n');
    QVERIFY2(code == 0, err.constData());

    std::tie(code, out, err) = run({QStringLiteral("publish"), apk, QStringLiteral("--account"), name,
        QStringLiteral("--label"), QStringLiteral("cli"), QStringLiteral("--set"), QStringLiteral("release-channel=QA"),
        QStringLiteral("--json")});
    QVERIFY2(code == 0, err.constData());
    const QJsonObject published = QJsonDocument::fromJson(out).object();
    QVERIFY2(published.value(QLatin1String("id")).toString().startsWith(QLatin1String("av_")), out.constData());
    const QString pkg = published.value(QLatin1String("appId")).toString();
    QVERIFY(!pkg.isEmpty());
    const auto creates = m_fake->server.requests("POST", QStringLiteral("/v1/apps/"));
    QCOMPARE(creates.size(), 1);
    QCOMPARE(creates.first().query.queryItemValue(QStringLiteral("organizationId")), QStringLiteral("org-cli"));
    const QJsonObject body = creates.first().json();
    QCOMPARE(body.value(QStringLiteral("versionLabel")).toString(), QStringLiteral("cli"));
    QVERIFY(body.value(QStringLiteral("apkUrl"))
                .toString()
                .startsWith(QStringLiteral("https://cdn.example.com/vr/") + pkg + QLatin1Char('/')));
    QCOMPARE(m_fake->server.count("POST", QStringLiteral("/v1/apps/*/release-channels")), 1);
    QCOMPARE(QDir(hosting.filePath(pkg)).entryList(QDir::Dirs | QDir::NoDotAndDotDot).size(), 1);

    std::tie(code, out, err)
        = run({QStringLiteral("apps"), QStringLiteral("--account"), name, QStringLiteral("--json")});
    QVERIFY2(code == 0, err.constData());
    QCOMPARE(QJsonDocument::fromJson(out).array().first().toObject().value(QLatin1String("id")).toString(), pkg);

    std::tie(code, out, err)
        = run({QStringLiteral("versions"), pkg, QStringLiteral("--account"), name, QStringLiteral("--json")});
    QVERIFY2(code == 0, err.constData());
    QCOMPARE(QJsonDocument::fromJson(out).array().size(), 1);

    std::tie(code, out, err) = run({QStringLiteral("publish"), QStringLiteral("--account"), name,
        QStringLiteral("--set"), QStringLiteral("help"), apk});
    QVERIFY2(code == 0, err.constData());
    QVERIFY(out.contains("apk-url"));
    QVERIFY(out.contains("release-channel"));

    run({QStringLiteral("accounts"), QStringLiteral("remove"), name, QStringLiteral("--yes")});
}

// slipway-cli channel list|set against the loopback ManageXR: set creates the channel (POST release-channels) or
// retargets it (PATCH), list reads each version's releaseChannelName; an unknown version is not found (exit 6).
void TestManageXr::cli_channelListAndSet()
{
    if (qEnvironmentVariableIntValue("SLIPWAY_KEYRING_AVAILABLE") != 1)
        QSKIP("needs a session keyring: run inside tests/with-keyring.sh (./scripts/test does)");
    QFileInfo cli(cliPath());
    QVERIFY2(cli.isExecutable(), qPrintable(cli.filePath()));
    const QString pkg = QStringLiteral("com.example.vr");
    m_fake->addApp(pkg, QStringLiteral("VR Demo"));
    auto version = [](int code, const char* name) {
        return QJsonObject {{QStringLiteral("versionCode"), code}, {QStringLiteral("versionName"), QLatin1String(name)},
            {QStringLiteral("versionLabel"), QStringLiteral("l%1").arg(code)},
            {QStringLiteral("apkUrl"), QStringLiteral("https://cdn.example.com/vr/%1.apk").arg(code)}};
    };
    const QString v1 = m_fake->addVersion(pkg, version(1, "1.0")).value(QStringLiteral("id")).toString();
    const QString v2 = m_fake->addVersion(pkg, version(2, "1.1")).value(QStringLiteral("id")).toString();
    QTemporaryDir home;
    auto run = [&](const QStringList& args, const QByteArray& stdinData = {}) {
        const CliRun r = runCli(args, cliEnvironment(home.path()), stdinData, 30000);
        return std::make_tuple(r.exitCode, r.out, r.err);
    };
    const QString name = QStringLiteral("e2e-mxr-channel-%1").arg(QCoreApplication::applicationPid());
    auto [code, out, err]
        = run({QStringLiteral("accounts"), QStringLiteral("add"), QStringLiteral("managexr"), QStringLiteral("--name"),
                  name, QStringLiteral("--set"), QStringLiteral("base-url=") + m_fake->server.baseUrl().toString(),
                  QStringLiteral("--set"), QStringLiteral("key-id=") + QString::fromLatin1(kKeyId),
                  QStringLiteral("--secret-stdin")},
            kSecret + '\n');
    QVERIFY2(code == 0, err.constData());
    const QStringList on {QStringLiteral("--account"), name, QStringLiteral("--app"), pkg};

    std::tie(code, out, err) = run(QStringList {QStringLiteral("channel"), QStringLiteral("list")} + on);
    QVERIFY2(code == 0, err.constData());
    QVERIFY2(out.contains("No release channel targets"), out.constData());

    // set: a new channel is created pointing at v1.
    std::tie(code, out, err)
        = run(QStringList {QStringLiteral("channel"), QStringLiteral("set"), QStringLiteral("QA"), v1} + on);
    QVERIFY2(code == 0, err.constData());
    QVERIFY(out.contains(v1.toUtf8()));
    const auto posts = m_fake->server.requests("POST", QStringLiteral("/v1/apps/*/release-channels"));
    QCOMPARE(posts.size(), 1);
    QCOMPARE(posts.first().json().value(QStringLiteral("name")).toString(), QStringLiteral("QA"));
    QCOMPARE(posts.first().json().value(QStringLiteral("targetVersion")).toString(), v1);

    // set again: the same channel is retargeted to v2 (PATCH), not created twice.
    std::tie(code, out, err)
        = run(QStringList {QStringLiteral("channel"), QStringLiteral("set"), QStringLiteral("QA"), v2} + on);
    QVERIFY2(code == 0, err.constData());
    QCOMPARE(m_fake->server.count("POST", QStringLiteral("/v1/apps/*/release-channels")), 1);
    const auto patches = m_fake->server.requests("PATCH", QStringLiteral("/v1/apps/*/release-channels/*"));
    QCOMPARE(patches.size(), 1);
    QCOMPARE(patches.first().json().value(QStringLiteral("targetVersion")).toString(), v2);
    QCOMPARE(m_fake->apps.value(pkg).channels.size(), 1);

    std::tie(code, out, err) = run(
        QStringList {QStringLiteral("channel"), QStringLiteral("list")} + on + QStringList {QStringLiteral("--json")});
    QVERIFY2(code == 0, err.constData());
    const QJsonArray channels = QJsonDocument::fromJson(out).array();
    QCOMPARE(channels.size(), 1);
    QCOMPARE(channels.first().toObject().value(QLatin1String("channel")).toString(), QStringLiteral("QA"));
    QCOMPARE(channels.first().toObject().value(QLatin1String("versionId")).toString(), v2);
    QCOMPARE(channels.first().toObject().value(QLatin1String("versionName")).toString(), QStringLiteral("1.1"));

    // A version that does not exist: not found (exit 6), and the channel still targets v2.
    std::tie(code, out, err) = run(
        QStringList {QStringLiteral("channel"), QStringLiteral("set"), QStringLiteral("QA"), QStringLiteral("av_999")}
        + on);
    QCOMPARE(code, 6);
    QVERIFY(!err.isEmpty());
    QCOMPARE(m_fake->apps.value(pkg)
                 .channels.first()
                 .value(QStringLiteral("targetVersion"))
                 .toObject()
                 .value(QStringLiteral("id")),
        QJsonValue(v2));

    // Usage: set without a version id is exit 2.
    std::tie(code, out, err)
        = run(QStringList {QStringLiteral("channel"), QStringLiteral("set"), QStringLiteral("QA")} + on);
    QCOMPARE(code, 2);

    run({QStringLiteral("accounts"), QStringLiteral("remove"), name, QStringLiteral("--yes")});
}

QTEST_GUILESS_MAIN(TestManageXr)
#include "tst_managexr.moc"
