// Akana provider against a loopback tenant that behaves like the platform: cookie session from POST /api/login,
// the X-Csrf-Token_{fedmemberID} header required (401 without it, also on GET as strict tenants do), token renewal,
// expired sessions, pending login tasks.

#include <testutils/httptestserver.h>
#include <testutils/testutils.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkCookieJar>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <credentials/memorycredentialstore.h>
#include <net/httpclient.h>
#include <providers/akana/akanaprovider.h>
#include <providers/akana/akanasession.h>
#include <providers/service/serviceclient.h>

using namespace Slipway;
using namespace Slipway::Test;

namespace {

// The fake tenant "acme": one user, one app, a session whose token changes on every login and renewal.
struct FakeTenant
{
    int generation = 0;
    bool expired = false;
    int logins = 0;
    bool bodylessLogin = false; // the login answer is 200 with the cookies only (no LoginResponse body)
    bool fdnInCookie = true; // the AtmoAuthToken value carries UserFDN, as in the documented cookie
    QByteArray csrfPath = "/"; // the Path the tenant scopes its Csrf-Token cookie to
    // ApplicationVersion objects with the documented properties (help.akana.com .../obj/o_apps_ApplicationVersion.htm).
    QJsonArray versions {QJsonObject {{QStringLiteral("AppVersionID"), QStringLiteral("v1.acme")},
        {QStringLiteral("Name"), QStringLiteral("1.0")}, {QStringLiteral("Description"), QStringLiteral("First")},
        {QStringLiteral("Tag"), QJsonArray {QStringLiteral("mobile")}},
        {QStringLiteral("Visibility"), QStringLiteral("Limited")},
        {QStringLiteral("InitialEnvironment"), QStringLiteral("Production")},
        {QStringLiteral("State"), QStringLiteral("com.soa.app.state.approved")}}};

    // The documented cookie value (help.akana.com .../cm/api/login/m_login_renewToken.htm): TokenID, ..., UserFDN
    // (its '.' encoded once more as %252E), ... percent-encoded.
    QByteArray token() const
    {
        return "TokenID%3Dtok" + QByteArray::number(generation)
            + (fdnInCookie ? "%2CUserName%3DJaneDoe%2CUserFDN%3Duser1%252Eacme%2CAttributesIncluded%3Dfalse" : "");
    }
    QByteArray csrf() const { return "csrf" + QByteArray::number(generation); }

    HttpTestResponse newSession(HttpTestResponse response)
    {
        ++generation;
        expired = false;
        response.withHeader("Set-Cookie", "AtmoAuthToken_acme=" + token() + "; Path=/; HttpOnly");
        response.withHeader("Set-Cookie", "Csrf-Token_acme=" + csrf() + "; Path=" + csrfPath);
        return response;
    }

    // What the real platform does: no valid cookie -> 401; no or wrong CSRF header -> 401.
    bool authorized(const RecordedRequest& r) const
    {
        if (expired || generation == 0)
            return false;
        if (!r.header("Cookie").contains(QByteArray("AtmoAuthToken_acme=" + token())))
            return false;
        return r.header("X-Csrf-Token_acme") == csrf();
    }
};

HttpTestResponse unauthorized()
{
    return HttpTestResponse::text(401, "Unauthorized");
}

} // namespace

class TestAkanaProvider : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void fetchApps_logsInWithCookiesAndCsrf();
    void requestWithoutCsrfHeader_isRejected401();
    void fetchVersions_parsesVersions();
    void publish_addsVersion_sendsAllFields_readsPlainTextId_renews();
    void publish_modifiesVersion_renews();
    void edit_changesOnlyTheGivenFields();
    void loginWithoutBody_takesTheUserFromTheCookie();
    void loginWithoutAnyUser_isClearErrorWithoutEmptySegment();
    void csrfCookieScopedToApiPath_isStillSent();
    void expiredSession_logsInAgainOnce();
    void sessionNearExpiry_isRenewedBeforeTheCall();
    void pendingTaskLogin_isClearErrorWithoutLoop();
    void wrongPassword_isAuthError();
    void deleteVersion_refusesTheOnlyVersion();
    void deleteVersion_deletes();
    void errors_documentedStatusCodesMapToKinds_data();
    void errors_documentedStatusCodesMapToKinds();
    void cli_accountsAppsVersionsPublishEndToEnd();

private:
    AkanaProvider* makeProvider(const QString& email = QStringLiteral("jane@example.com"));
    void routeTenant();

    HttpTestServer* m_server = nullptr;
    HttpClient* m_http = nullptr;
    MemoryCredentialStore* m_secrets = nullptr;
    FakeTenant m_tenant;
};

void TestAkanaProvider::init()
{
    m_tenant = FakeTenant();
    m_server = new HttpTestServer(this);
    QVERIFY(m_server->listen());
    m_http = new HttpClient(this);
    m_secrets = new MemoryCredentialStore(this);
    m_secrets->insert(CredentialStore::keyFor(QStringLiteral("akana-test"), QStringLiteral("password")), "s3cret!");
    routeTenant();
}

void TestAkanaProvider::cleanup()
{
    delete m_server;
    delete m_http;
    delete m_secrets;
}

void TestAkanaProvider::routeTenant()
{
    FakeTenant* t = &m_tenant;
    m_server->route("POST", "/api/login", [t](const RecordedRequest& r) {
        ++t->logins;
        const QJsonObject body = r.json();
        if (body[QStringLiteral("email")].toString() == QLatin1String("pending@example.com"))
            return HttpTestResponse::json(
                200, QByteArray(R"({"userFDN":"u2.acme","pendingTasks":["change.password"]})"));
        if (body[QStringLiteral("password")].toString() != QLatin1String("s3cret!"))
            return unauthorized();
        if (t->bodylessLogin)
            return t->newSession(HttpTestResponse::text(200, ""));
        return t->newSession(HttpTestResponse::json(200,
            QByteArray(
                R"({"userName":"JaneDoe","userFDN":"user1.acme","Status":"Success","loginDomainID":"siteusers.acme"})")));
    });
    m_server->route("POST", "/api/login/renewToken", [t](const RecordedRequest& r) {
        if (!t->authorized(r))
            return unauthorized();
        return t->newSession(HttpTestResponse::json(200, QByteArray(R"({"Status":"Success"})")));
    });
    m_server->route("GET", "/api/users/*/apps", [t](const RecordedRequest& r) {
        if (!t->authorized(r))
            return unauthorized();
        if (r.path != QLatin1String("/api/users/user1.acme/apps")
            || r.header("Accept") != "application/vnd.soa.v81+json")
            return HttpTestResponse::text(404, "Not found");
        return HttpTestResponse::json(200,
            QJsonObject {{QStringLiteral("App"),
                QJsonArray {QJsonObject {{QStringLiteral("AppID"), QStringLiteral("app1.acme")},
                    {QStringLiteral("Name"), QStringLiteral("Payments")},
                    {QStringLiteral("AppVersion"), t->versions}}}}});
    });
    m_server->route("GET", "/api/apps/*/versions", [t](const RecordedRequest& r) {
        if (!t->authorized(r))
            return unauthorized();
        return HttpTestResponse::json(200, QJsonObject {{QStringLiteral("AppVersion"), t->versions}});
    });
    m_server->route("POST", "/api/apps/*/versions", [t](const RecordedRequest& r) {
        if (!t->authorized(r))
            return unauthorized();
        if (r.json()[QStringLiteral("Name")].toString().isEmpty())
            return HttpTestResponse::text(400, "Name is required");
        t->versions.append(QJsonObject {{QStringLiteral("AppVersionID"), QStringLiteral("v2.acme")},
            {QStringLiteral("Name"), r.json()[QStringLiteral("Name")]}});
        return HttpTestResponse::text(200, "v2.acme");
    });
    // GET /api/apps/versions/{AppVersionID}: the ApplicationVersion object.
    m_server->route("GET", "/api/apps/versions/*", [t](const RecordedRequest& r) {
        if (!t->authorized(r))
            return unauthorized();
        const QString id = r.path.section(QLatin1Char('/'), -1);
        for (const QJsonValue& v : t->versions) {
            if (v.toObject().value(QLatin1String("AppVersionID")).toString() == id)
                return HttpTestResponse::json(200, v.toObject());
        }
        return HttpTestResponse::text(404, "Not found");
    });
    // PUT /api/apps/versions/{AppVersionID} (docs.akana.com cm/api/apps/m_apps_modifyVersion.htm): the body
    // replaces the version; Name is required. What the body leaves out is gone, as on the platform.
    m_server->route("PUT", "/api/apps/versions/*", [t](const RecordedRequest& r) {
        if (!t->authorized(r))
            return unauthorized();
        if (r.json()[QStringLiteral("Name")].toString().isEmpty())
            return HttpTestResponse::text(400, "Name is required");
        const QString id = r.path.section(QLatin1Char('/'), -1);
        for (qsizetype i = 0; i < t->versions.size(); ++i) {
            QJsonObject v = t->versions.at(i).toObject();
            if (v.value(QLatin1String("AppVersionID")).toString() != id)
                continue;
            QJsonObject replaced = r.json();
            replaced.insert(QStringLiteral("AppVersionID"), id);
            replaced.insert(QStringLiteral("State"), v.value(QLatin1String("State")));
            t->versions.replace(i, replaced);
            return HttpTestResponse::json(200, QByteArray("{}"));
        }
        return HttpTestResponse::text(404, "Not found");
    });
    m_server->route("DELETE", "/api/apps/versions/*", [t](const RecordedRequest& r) {
        return t->authorized(r) ? HttpTestResponse::json(200, QByteArray(R"({"Status":"Success"})")) : unauthorized();
    });
}

AkanaProvider* TestAkanaProvider::makeProvider(const QString& email)
{
    Account account;
    account.name = QStringLiteral("akana-test");
    account.service = QStringLiteral("akana");
    account.baseUrl = m_server->baseUrl();
    account.fields.insert(QStringLiteral("email"), email);
    ProviderContext ctx;
    ctx.credentials = m_secrets;
    ctx.http = m_http;
    auto* provider = new AkanaProvider(account, ctx, m_server);
    RetryPolicy noRetry = RetryPolicy::noRetry();
    provider->client()->service().retry = noRetry;
    return provider;
}

void TestAkanaProvider::fetchApps_logsInWithCookiesAndCsrf()
{
    AkanaProvider* provider = makeProvider();
    AppsJob* job = provider->fetchApps();
    QVERIFY(job->waitForFinished(10000));
    QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
    QCOMPARE(job->result().size(), 1);
    QCOMPARE(job->result().first().id, QStringLiteral("app1.acme"));
    QCOMPARE(job->result().first().versionCount, 1);
    QCOMPARE(provider->session()->fedmemberId(), QStringLiteral("acme"));
    QCOMPARE(provider->session()->userId(), QStringLiteral("user1.acme"));

    const QList<RecordedRequest> reqs = m_server->requests();
    QCOMPARE(reqs.size(), 2);
    QCOMPARE(reqs.at(0).path, QStringLiteral("/api/login"));
    QCOMPARE(reqs.at(0).json()[QStringLiteral("email")].toString(), QStringLiteral("jane@example.com"));
    QCOMPARE(reqs.at(0).json()[QStringLiteral("password")].toString(), QStringLiteral("s3cret!"));
    QCOMPARE(reqs.at(1).query.queryItemValue(QStringLiteral("IncludeVersions")), QStringLiteral("true"));
    QCOMPARE(reqs.at(1).header("X-Csrf-Token_acme"), QByteArray("csrf1"));
    QVERIFY(reqs.at(1).header("Cookie").contains("AtmoAuthToken_acme=TokenID%3Dtok1"));
    // The session lives in the account's own jar, not in the shared access manager's.
    QVERIFY(m_http->networkAccessManager()->cookieJar()->cookiesForUrl(m_server->baseUrl()).isEmpty());
    QCOMPARE(provider->session()->cookieJar()->cookiesForUrl(m_server->baseUrl()).size(), 2);
}

void TestAkanaProvider::requestWithoutCsrfHeader_isRejected401()
{
    AkanaProvider* provider = makeProvider();
    AppsJob* login = provider->fetchApps();
    QVERIFY(login->waitForFinished(10000));
    QVERIFY(login->succeeded());
    // The same valid cookie without the CSRF header: the tenant answers 401, like the real platform.
    HttpRequest r("POST", m_server->url(QStringLiteral("/api/apps/app1.acme/versions")));
    r.setHeader("Cookie", "AtmoAuthToken_acme=" + m_tenant.token());
    r.setJson(QJsonObject {{QStringLiteral("Name"), QStringLiteral("x")}});
    r.retry = RetryPolicy::noRetry();
    r.expect = HttpRequest::Expect::Any;
    HttpJob* raw = m_http->send(r);
    QVERIFY(raw->waitForFinished(10000));
    QCOMPARE(raw->error().httpStatus, 401);
    QCOMPARE(m_tenant.versions.size(), 1);
}

void TestAkanaProvider::fetchVersions_parsesVersions()
{
    AkanaProvider* provider = makeProvider();
    VersionsJob* job = provider->fetchVersions(QStringLiteral("app1.acme"));
    QVERIFY(job->waitForFinished(10000));
    QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
    QCOMPARE(job->result().size(), 1);
    QCOMPARE(job->result().first().id, QStringLiteral("v1.acme"));
    QCOMPARE(job->result().first().versionName, QStringLiteral("1.0"));
    QCOMPARE(m_server->last().path, QStringLiteral("/api/apps/app1.acme/versions"));
}

void TestAkanaProvider::publish_addsVersion_sendsAllFields_readsPlainTextId_renews()
{
    AkanaProvider* provider = makeProvider();
    PublishRequest request;
    request.appId = QStringLiteral("app1.acme");
    request.files = {QStringLiteral("/nonexistent/app.apk")}; // Akana stores metadata only
    request.inspection = QJsonObject {{QStringLiteral("versionName"), QStringLiteral("2.1.0")}};
    request.notes = QStringLiteral("Bug fixes");
    request.options.insert(QStringLiteral("tags"), QStringLiteral("mobile, beta"));
    PublishJob* job = provider->publish(request);
    QVERIFY(job->waitForFinished(10000));
    QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
    QCOMPARE(job->result().id, QStringLiteral("v2.acme"));
    QCOMPARE(job->result().versionName, QStringLiteral("2.1.0"));

    const RecordedRequest add = m_server->requests("POST", QStringLiteral("/api/apps/*/versions")).first();
    const QJsonObject body = add.json();
    QCOMPARE(body[QStringLiteral("Name")].toString(), QStringLiteral("2.1.0"));
    QCOMPARE(body[QStringLiteral("Description")].toString(), QStringLiteral("Bug fixes"));
    QCOMPARE(body[QStringLiteral("Tag")].toArray(), (QJsonArray {QStringLiteral("mobile"), QStringLiteral("beta")}));
    QCOMPARE(body[QStringLiteral("Visibility")].toString(), QStringLiteral("Limited"));
    QCOMPARE(body[QStringLiteral("InitialEnvironment")].toString(), QStringLiteral("Sandbox"));
    QCOMPARE(add.header("X-Csrf-Token_acme"), QByteArray("csrf1"));
    QVERIFY(add.header("Content-Type").startsWith("application/json"));

    // Renewed right after the change, with the old session's cookie and CSRF header; the new cookies are kept.
    const QList<RecordedRequest> all = m_server->requests();
    QCOMPARE(all.last().path, QStringLiteral("/api/login/renewToken"));
    QCOMPARE(all.last().header("X-Csrf-Token_acme"), QByteArray("csrf1"));
    QCOMPARE(m_tenant.generation, 2);
    VersionsJob* after = provider->fetchVersions(QStringLiteral("app1.acme"));
    QVERIFY(after->waitForFinished(10000));
    QVERIFY(after->succeeded());
    QCOMPARE(m_server->last().header("X-Csrf-Token_acme"), QByteArray("csrf2"));
    QCOMPARE(m_tenant.logins, 1);
}

void TestAkanaProvider::publish_modifiesVersion_renews()
{
    AkanaProvider* provider = makeProvider();
    PublishRequest request;
    request.appId = QStringLiteral("app1.acme");
    request.versionName = QStringLiteral("1.0");
    request.options.insert(QStringLiteral("version-id"), QStringLiteral("v1.acme"));
    request.options.insert(QStringLiteral("visibility"), QStringLiteral("Public"));
    PublishJob* job = provider->publish(request);
    QVERIFY(job->waitForFinished(10000));
    QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
    QCOMPARE(job->result().id, QStringLiteral("v1.acme"));
    const RecordedRequest put = m_server->requests("PUT", QStringLiteral("/api/apps/versions/*")).first();
    QCOMPARE(put.path, QStringLiteral("/api/apps/versions/v1.acme"));
    QCOMPARE(put.json()[QStringLiteral("Visibility")].toString(), QStringLiteral("Public"));
    QCOMPARE(put.json()[QStringLiteral("AppID")].toString(), QStringLiteral("app1.acme"));
    QCOMPARE(m_server->count("POST", QStringLiteral("/api/login/renewToken")), 1);
    // Read first, then the whole object sent back: what the user did not give keeps its value.
    QCOMPARE(m_server->count("GET", QStringLiteral("/api/apps/versions/*")), 1);
    const QJsonObject stored = m_tenant.versions.first().toObject();
    QCOMPARE(stored[QStringLiteral("Visibility")].toString(), QStringLiteral("Public"));
    QCOMPARE(stored[QStringLiteral("Description")].toString(), QStringLiteral("First"));
    QCOMPARE(stored[QStringLiteral("Tag")].toArray(), QJsonArray {QStringLiteral("mobile")});
    QCOMPARE(stored[QStringLiteral("InitialEnvironment")].toString(), QStringLiteral("Production"));
    QVERIFY(!put.json().contains(QStringLiteral("State"))); // response-only
    QCOMPARE(job->result().notes, QStringLiteral("First"));
}

void TestAkanaProvider::edit_changesOnlyTheGivenFields()
{
    AkanaProvider* provider = makeProvider();
    QVERIFY(provider->capabilities() & Provider::EditVersion);
    VersionEdit changes;
    changes.notes = QStringLiteral("Second thoughts");
    ActionJob* job = provider->edit(QStringLiteral("app1.acme"), QStringLiteral("v1.acme"), changes);
    QVERIFY(job->waitForFinished(10000));
    QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
    const QJsonObject stored = m_tenant.versions.first().toObject();
    QCOMPARE(stored[QStringLiteral("Description")].toString(), QStringLiteral("Second thoughts"));
    QCOMPARE(stored[QStringLiteral("Name")].toString(), QStringLiteral("1.0"));
    QCOMPARE(stored[QStringLiteral("Visibility")].toString(), QStringLiteral("Limited"));
    QCOMPARE(stored[QStringLiteral("InitialEnvironment")].toString(), QStringLiteral("Production"));
    QCOMPARE(stored[QStringLiteral("Tag")].toArray(), QJsonArray {QStringLiteral("mobile")});
    QCOMPARE(m_server->count("POST", QStringLiteral("/api/login/renewToken")), 1);

    VersionEdit bad;
    bad.options.insert(QStringLiteral("colour"), QStringLiteral("red"));
    ActionJob* refused = provider->edit(QStringLiteral("app1.acme"), QStringLiteral("v1.acme"), bad);
    QVERIFY(refused->waitForFinished(10000));
    QCOMPARE(refused->error().kind, Error::Kind::Validation);
}

void TestAkanaProvider::loginWithoutBody_takesTheUserFromTheCookie()
{
    m_tenant.bodylessLogin = true;
    AkanaProvider* provider = makeProvider();
    AppsJob* job = provider->fetchApps();
    QVERIFY(job->waitForFinished(10000));
    QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
    QCOMPARE(provider->session()->userId(), QStringLiteral("user1.acme"));
    QCOMPARE(m_server->last().path, QStringLiteral("/api/users/user1.acme/apps"));
}

void TestAkanaProvider::loginWithoutAnyUser_isClearErrorWithoutEmptySegment()
{
    m_tenant.bodylessLogin = true;
    m_tenant.fdnInCookie = false;
    AkanaProvider* provider = makeProvider();
    AppsJob* job = provider->fetchApps();
    QVERIFY(job->waitForFinished(10000));
    QVERIFY(!job->succeeded());
    QVERIFY2(job->error().message.contains(QStringLiteral("UserID")), qPrintable(job->error().message));
    QCOMPARE(m_server->count("GET", QStringLiteral("/api/users/*/apps")), 0);
    QCOMPARE(m_server->count("GET", QStringLiteral("/api/users//apps")), 0);
}

void TestAkanaProvider::csrfCookieScopedToApiPath_isStillSent()
{
    m_tenant.csrfPath = "/api";
    AkanaProvider* provider = makeProvider();
    PublishRequest request;
    request.appId = QStringLiteral("app1.acme");
    request.versionName = QStringLiteral("3.0");
    PublishJob* job = provider->publish(request);
    QVERIFY(job->waitForFinished(10000));
    QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
    const RecordedRequest add = m_server->requests("POST", QStringLiteral("/api/apps/*/versions")).first();
    QCOMPARE(add.header("X-Csrf-Token_acme"), QByteArray("csrf1"));
}

void TestAkanaProvider::expiredSession_logsInAgainOnce()
{
    AkanaProvider* provider = makeProvider();
    VersionsJob* first = provider->fetchVersions(QStringLiteral("app1.acme"));
    QVERIFY(first->waitForFinished(10000));
    QVERIFY(first->succeeded());
    m_tenant.expired = true; // the platform dropped the session
    VersionsJob* second = provider->fetchVersions(QStringLiteral("app1.acme"));
    QVERIFY(second->waitForFinished(10000));
    QVERIFY2(second->succeeded(), qPrintable(second->error().toString()));
    QCOMPARE(m_tenant.logins, 2);
    QCOMPARE(m_server->count("GET", QStringLiteral("/api/apps/*/versions")), 3); // ok, 401, ok after the new login
    QCOMPARE(m_server->last().header("X-Csrf-Token_acme"), QByteArray("csrf2"));
}

void TestAkanaProvider::sessionNearExpiry_isRenewedBeforeTheCall()
{
    AkanaProvider* provider = makeProvider();
    qint64 now = 1000;
    provider->session()->setClock([&now] { return now; });
    provider->session()->setLifetime(30 * 60 * 1000, 5 * 60 * 1000);
    VersionsJob* first = provider->fetchVersions(QStringLiteral("app1.acme"));
    QVERIFY(first->waitForFinished(10000));
    QVERIFY(first->succeeded());
    now += 10 * 60 * 1000; // well inside the session: no renewal
    VersionsJob* second = provider->fetchVersions(QStringLiteral("app1.acme"));
    QVERIFY(second->waitForFinished(10000));
    QCOMPARE(m_server->count("POST", QStringLiteral("/api/login/renewToken")), 0);
    now += 16 * 60 * 1000; // 26 minutes: within the 5-minute margin
    m_server->clearRequests();
    VersionsJob* third = provider->fetchVersions(QStringLiteral("app1.acme"));
    QVERIFY(third->waitForFinished(10000));
    QVERIFY2(third->succeeded(), qPrintable(third->error().toString()));
    const QList<RecordedRequest> reqs = m_server->requests();
    QCOMPARE(reqs.size(), 2);
    QCOMPARE(reqs.at(0).path, QStringLiteral("/api/login/renewToken"));
    QCOMPARE(reqs.at(0).header("Content-Type"), QByteArray("application/x-www-form-urlencoded"));
    QCOMPARE(reqs.at(1).header("X-Csrf-Token_acme"), QByteArray("csrf2"));
    QCOMPARE(m_tenant.logins, 1);
    now += 31 * 60 * 1000; // expired: a renewal is impossible, a new login it is
    VersionsJob* fourth = provider->fetchVersions(QStringLiteral("app1.acme"));
    QVERIFY(fourth->waitForFinished(10000));
    QVERIFY(fourth->succeeded());
    QCOMPARE(m_tenant.logins, 2);
}

void TestAkanaProvider::pendingTaskLogin_isClearErrorWithoutLoop()
{
    AkanaProvider* provider = makeProvider(QStringLiteral("pending@example.com"));
    AppsJob* job = provider->fetchApps();
    QVERIFY(job->waitForFinished(10000));
    QCOMPARE(job->error().kind, Error::Kind::Auth);
    QVERIFY2(job->error().message.contains(QStringLiteral("new password")), qPrintable(job->error().message));
    QCOMPARE(m_tenant.logins, 1);
    QCOMPARE(m_server->requests().size(), 1);
}

void TestAkanaProvider::wrongPassword_isAuthError()
{
    m_secrets->insert(CredentialStore::keyFor(QStringLiteral("akana-test"), QStringLiteral("password")), "wrong");
    AkanaProvider* provider = makeProvider();
    VersionsJob* job = provider->fetchVersions(QStringLiteral("app1.acme"));
    QVERIFY(job->waitForFinished(10000));
    QCOMPARE(job->error().kind, Error::Kind::Auth);
    QVERIFY(job->error().message.contains(QStringLiteral("akana-test")));
    QCOMPARE(job->error().field, QStringLiteral("account:password"));
    QVERIFY(!job->error().toString().contains(QStringLiteral("wrong"))); // never the secret
    QCOMPARE(m_server->count("GET", QStringLiteral("/api/apps/*/versions")), 0);
}

void TestAkanaProvider::deleteVersion_refusesTheOnlyVersion()
{
    AkanaProvider* provider = makeProvider();
    ActionJob* job = provider->deleteVersion(QStringLiteral("app1.acme"), QStringLiteral("v1.acme"));
    QVERIFY(job->waitForFinished(10000));
    QCOMPARE(job->error().kind, Error::Kind::Validation);
    QVERIFY(job->error().message.contains(QStringLiteral("only version")));
    QCOMPARE(m_server->count("DELETE", QStringLiteral("/api/apps/versions/*")), 0);
}

void TestAkanaProvider::deleteVersion_deletes()
{
    m_tenant.versions.append(QJsonObject {
        {QStringLiteral("AppVersionID"), QStringLiteral("v0.acme")}, {QStringLiteral("Name"), QStringLiteral("0.9")}});
    AkanaProvider* provider = makeProvider();
    ActionJob* job = provider->deleteVersion(QStringLiteral("app1.acme"), QStringLiteral("v0.acme"));
    QVERIFY(job->waitForFinished(10000));
    QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
    const RecordedRequest del = m_server->requests("DELETE", QStringLiteral("/api/apps/versions/*")).first();
    QCOMPARE(del.path, QStringLiteral("/api/apps/versions/v0.acme"));
    QCOMPARE(del.header("X-Csrf-Token_acme"), QByteArray("csrf1"));
}

// ../shared/docs/apis/akana.md, "Errors and status codes" (doc K11): the generic table is the only error
// documentation (400 bad parameters/body, 401 login required or CSRF header missing/invalid/expired, 403 forbidden,
// 404 resource not found, 405 method not allowed, 5xx server); the body format is unconfirmed ("treat the body as
// opaque text/JSON and key on the status code"), so each code is served once with an opaque text body.
void TestAkanaProvider::errors_documentedStatusCodesMapToKinds_data()
{
    QTest::addColumn<int>("http");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<Error::Kind>("kind");
    QTest::addColumn<QString>("message"); // a word of the user-facing message
    QTest::newRow("400 bad parameters") << 400 << QByteArray("Bad Request") << Error::Kind::Validation
                                        << QStringLiteral("refused the request");
    QTest::newRow("401 login required") << 401 << QByteArray("Unauthorized") << Error::Kind::Auth
                                        << QStringLiteral("CSRF header");
    QTest::newRow("403 forbidden") << 403 << QByteArray("Forbidden") << Error::Kind::Forbidden
                                   << QStringLiteral("app's team");
    QTest::newRow("404 not found") << 404 << QByteArray("Not Found") << Error::Kind::NotFound
                                   << QStringLiteral("does not know this app");
    QTest::newRow("405 method not allowed")
        << 405 << QByteArray("Method Not Allowed") << Error::Kind::Unsupported << QStringLiteral("does not allow");
    QTest::newRow("500 server") << 500 << QByteArray("Internal Server Error") << Error::Kind::Server
                                << QStringLiteral("HTTP 500");
}

void TestAkanaProvider::errors_documentedStatusCodesMapToKinds()
{
    QFETCH(int, http);
    QFETCH(QByteArray, body);
    QFETCH(Error::Kind, kind);
    QFETCH(QString, message);
    m_server->route("GET", "/api/apps/*/versions", HttpTestResponse::text(http, body));
    AkanaProvider* provider = makeProvider();
    VersionsJob* job = provider->fetchVersions(QStringLiteral("app1.acme"));
    QVERIFY(job->waitForFinished(10000));
    QCOMPARE(job->error().kind, kind);
    QCOMPARE(job->error().httpStatus, http);
    QVERIFY2(job->error().message.contains(message), qPrintable(job->error().message));
    QCOMPARE(job->error().serverMessage, QString::fromLatin1(body));
    QVERIFY(!job->error().toString().contains(QStringLiteral("s3cret!"))); // never the password
    // Served once; a 401 alone earns one new login and one more try (the session may have expired).
    QCOMPARE(m_server->count("GET", QStringLiteral("/api/apps/*/versions")), http == 401 ? 2 : 1);
    QCOMPARE(m_tenant.logins, http == 401 ? 2 : 1);
}

void TestAkanaProvider::cli_accountsAppsVersionsPublishEndToEnd()
{
    SLIPWAY_REQUIRE_CORPUS();
    if (qEnvironmentVariableIntValue("SLIPWAY_KEYRING_AVAILABLE") != 1)
        QSKIP("needs a session keyring: run inside tests/with-keyring.sh (./scripts/test does)");
    const QFileInfo cli(cliPath());
    QVERIFY2(cli.isExecutable(), qPrintable(cli.filePath()));
    QTemporaryDir home;
    QVERIFY(home.isValid());
    auto run = [&](const QStringList& args, const QByteArray& stdinData = {}) {
        const CliRun r = runCli(args, cliEnvironment(home.path()), stdinData, 30000);
        return std::make_tuple(r.exitCode, r.out, r.err);
    };
    const QString name = QStringLiteral("e2e-akana-%1").arg(QCoreApplication::applicationPid());
    auto [code, out, err]
        = run({QStringLiteral("accounts"), QStringLiteral("add"), QStringLiteral("akana"), QStringLiteral("--name"),
                  name, QStringLiteral("--set"), QStringLiteral("base-url=") + m_server->baseUrl().toString(),
                  QStringLiteral("--set"), QStringLiteral("email=jane@example.com"), QStringLiteral("--secret-stdin")},
            "s3cret!\n");
    QVERIFY2(code == 0, err.constData());

    std::tie(code, out, err)
        = run({QStringLiteral("apps"), QStringLiteral("--account"), name, QStringLiteral("--json")});
    QVERIFY2(code == 0, err.constData());
    const QJsonArray apps = QJsonDocument::fromJson(out).array();
    QCOMPARE(apps.size(), 1);
    QCOMPARE(apps.first()[QStringLiteral("id")].toString(), QStringLiteral("app1.acme"));

    std::tie(code, out, err) = run({QStringLiteral("versions"), QStringLiteral("app1.acme"),
        QStringLiteral("--account"), name, QStringLiteral("--json")});
    QVERIFY2(code == 0, err.constData());
    QCOMPARE(QJsonDocument::fromJson(out).array().first()[QStringLiteral("id")].toString(), QStringLiteral("v1.acme"));

    std::tie(code, out, err) = run(
        {QStringLiteral("publish"), corpusFile(QStringLiteral("UnCrackable-Level1.ipa")), QStringLiteral("--account"),
            name, QStringLiteral("--app"), QStringLiteral("app1.acme"), QStringLiteral("--notes"),
            QStringLiteral("From the CLI"), QStringLiteral("--set"), QStringLiteral("tags=cli,e2e"),
            QStringLiteral("--set"), QStringLiteral("initial-environment=Production"), QStringLiteral("--json")});
    QVERIFY2(code == 0, err.constData());
    const QJsonObject published = QJsonDocument::fromJson(out).object();
    QCOMPARE(published[QStringLiteral("id")].toString(), QStringLiteral("v2.acme"));
    QCOMPARE(published[QStringLiteral("versionName")].toString(), QStringLiteral("1.0")); // the IPA's version
    const QJsonObject body = m_server->requests("POST", QStringLiteral("/api/apps/*/versions")).first().json();
    QCOMPARE(body[QStringLiteral("Name")].toString(), QStringLiteral("1.0"));
    QCOMPARE(body[QStringLiteral("Description")].toString(), QStringLiteral("From the CLI"));
    QCOMPARE(body[QStringLiteral("InitialEnvironment")].toString(), QStringLiteral("Production"));
    QCOMPARE(body[QStringLiteral("Tag")].toArray().size(), 2);
    QCOMPARE(m_server->count("POST", QStringLiteral("/api/login/renewToken")), 1);

    std::tie(code, out, err) = run({QStringLiteral("delete"), QStringLiteral("app1.acme"), QStringLiteral("v1.acme"),
        QStringLiteral("--account"), name, QStringLiteral("--yes")});
    QVERIFY2(code == 0, err.constData());
    QCOMPARE(m_server->requests("DELETE", QStringLiteral("/api/apps/versions/*")).first().path,
        QStringLiteral("/api/apps/versions/v1.acme"));

    run({QStringLiteral("accounts"), QStringLiteral("remove"), name, QStringLiteral("--yes")});
}

QTEST_GUILESS_MAIN(TestAkanaProvider)
#include "tst_akanaprovider.moc"
