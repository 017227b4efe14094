// Akana API Platform wire format, offline: login answers, list shapes, version bodies, errors.

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>
#include <providers/akana/akanajson.h>

using namespace Slipway;
using namespace Slipway::AkanaJson;

class TestAkanaJson : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void login_userAndPendingTasks();
    void pendingTask_isClearAuthError();
    void fedmemberId_fromCookieName();
    void apps_objectAndRssForms();
    void versions_fields();
    void versionBody_sendsEveryField();
    void versionId_plainTextAndJson();
    void errors_mapped();
};

void TestAkanaJson::login_userAndPendingTasks()
{
    auto ok = parseLogin(
        R"({"authToken":"x","userName":"JaneDoe","userFDN":"00904729-ae54.acme","Status":"Success","loginDomainID":"siteusers.acme"})");
    QVERIFY(ok.ok());
    QCOMPARE(ok->userId, QStringLiteral("00904729-ae54.acme"));
    QCOMPARE(ok->userName, QStringLiteral("JaneDoe"));
    QVERIFY(ok->pendingTasks.isEmpty());
    auto pending = parseLogin(R"({"userFDN":"u.acme","pendingTasks":["change.password"]})");
    QVERIFY(pending.ok());
    QCOMPARE(pending->pendingTasks, QStringList {QStringLiteral("change.password")});
    QVERIFY(parseLogin("").ok());
    QVERIFY(!parseLogin("<html>").ok());
}

void TestAkanaJson::pendingTask_isClearAuthError()
{
    const Error pw = pendingTaskError({QStringLiteral("change.password")});
    QCOMPARE(pw.kind, Error::Kind::Auth);
    QVERIFY(pw.message.contains(QStringLiteral("new password")));
    QVERIFY(pw.message.contains(QStringLiteral("browser")));
    QVERIFY(pendingTaskError({QStringLiteral("force.accept.agreements")})
                .message.contains(QStringLiteral("legal agreement")));
    QVERIFY(pendingTaskError({QStringLiteral("custom.task")}).message.contains(QStringLiteral("custom.task")));
}

void TestAkanaJson::fedmemberId_fromCookieName()
{
    QCOMPARE(fedmemberId("Csrf-Token_acmepaymentscorp"), QStringLiteral("acmepaymentscorp"));
    QCOMPARE(fedmemberId("AtmoAuthToken_atmosphere", "AtmoAuthToken"), QStringLiteral("atmosphere"));
    QVERIFY(fedmemberId("Csrf-Token_").isEmpty());
    QVERIFY(fedmemberId("JSESSIONID").isEmpty());
}

void TestAkanaJson::apps_objectAndRssForms()
{
    auto object = parseApps(R"({"App":[{"AppID":"app10037.acme","Name":"Payments","Description":"d",
        "AppVersion":[{"AppVersionID":"v1.acme","Name":"1.0"},{"AppVersionID":"v2.acme","Name":"1.1"}]},
        {"AppID":"app2.acme","Name":"Other"}]})");
    QVERIFY(object.ok());
    QCOMPARE(object->size(), 2);
    QCOMPARE(object->at(0).id, QStringLiteral("app10037.acme"));
    QCOMPARE(object->at(0).name, QStringLiteral("Payments"));
    QCOMPARE(object->at(0).versionCount, 2);
    QCOMPARE(object->at(1).versionCount, -1);

    auto rss
        = parseApps(R"({"channel":{"title":"Apps","item":[{"title":"Payments","guid":{"value":"app10037.acme"}}]}})");
    QVERIFY(rss.ok());
    QCOMPARE(rss->size(), 1);
    QCOMPARE(rss->first().id, QStringLiteral("app10037.acme"));

    auto nested = parseApps(R"({"AppList":{"App":{"AppID":"single.acme","Name":"One"}}})");
    QVERIFY(nested.ok());
    QCOMPARE(nested->size(), 1);
    QCOMPARE(nested->first().id, QStringLiteral("single.acme"));
    QVERIFY(!parseApps("not json").ok());
}

void TestAkanaJson::versions_fields()
{
    auto v = parseVersions(
        R"({"AppVersion":[{"AppVersionID":"2kqq.acme","Name":"1.1","Description":"notes","State":"com.soa.app.state.active",
        "Tag":["beta","mobile"],"Visibility":"Limited","InitialEnvironment":"Sandbox","Created":"2026-02-03T04:05:06Z"}]})",
        QStringLiteral("app1.acme"));
    QVERIFY(v.ok());
    QCOMPARE(v->size(), 1);
    const VersionInfo& x = v->first();
    QCOMPARE(x.id, QStringLiteral("2kqq.acme"));
    QCOMPARE(x.appId, QStringLiteral("app1.acme"));
    QCOMPARE(x.versionName, QStringLiteral("1.1"));
    QCOMPARE(x.notes, QStringLiteral("notes"));
    QCOMPARE(x.label, QStringLiteral("beta, mobile"));
    QCOMPARE(x.state, QStringLiteral("com.soa.app.state.active"));
    QCOMPARE(x.extra.value(QStringLiteral("visibility")).toString(), QStringLiteral("Limited"));
    QCOMPARE(x.extra.value(QStringLiteral("initialEnvironment")).toString(), QStringLiteral("Sandbox"));
    QVERIFY(x.created.isValid());
    auto rss = parseVersions(
        R"({"channel":{"item":[{"title":"1.0","guid":"v0.acme","description":"first"}]}})", QStringLiteral("a"));
    QVERIFY(rss.ok());
    QCOMPARE(rss->first().id, QStringLiteral("v0.acme"));
    QCOMPARE(rss->first().notes, QStringLiteral("first"));
}

void TestAkanaJson::versionBody_sendsEveryField()
{
    VersionFields f;
    f.name = QStringLiteral("1.2");
    f.tags = {QStringLiteral("a"), QStringLiteral("b")};
    f.visibility = QStringLiteral("Limited");
    f.initialEnvironment = QStringLiteral("Sandbox");
    const QJsonObject o = QJsonDocument::fromJson(versionBody(f, QStringLiteral("app1.acme"))).object();
    QCOMPARE(o[QStringLiteral("Name")].toString(), QStringLiteral("1.2"));
    QVERIFY(o.contains(QStringLiteral("Description"))); // sent even when empty
    QCOMPARE(o[QStringLiteral("Tag")].toArray().size(), 2);
    QCOMPARE(o[QStringLiteral("Visibility")].toString(), QStringLiteral("Limited"));
    QCOMPARE(o[QStringLiteral("InitialEnvironment")].toString(), QStringLiteral("Sandbox"));
    QCOMPARE(o[QStringLiteral("AppID")].toString(), QStringLiteral("app1.acme"));
}

void TestAkanaJson::versionId_plainTextAndJson()
{
    QCOMPARE(parseVersionId("2kqqoq5DwNm6MOSrvpnRxC3V.acmepaymentscorp\n").value(),
        QStringLiteral("2kqqoq5DwNm6MOSrvpnRxC3V.acmepaymentscorp"));
    QCOMPARE(parseVersionId("\"abc.acme\"").value(), QStringLiteral("abc.acme"));
    QCOMPARE(parseVersionId(R"({"AppVersionID":"x.acme"})").value(), QStringLiteral("x.acme"));
    QVERIFY(!parseVersionId("").ok());
    QVERIFY(!parseVersionId("<html><body>error</body></html>").ok());
}

void TestAkanaJson::errors_mapped()
{
    const Error e = errorFromResponse(401, "");
    QCOMPARE(e.kind, Error::Kind::Auth);
    QVERIFY(e.message.contains(QStringLiteral("CSRF")));
    QCOMPARE(
        errorFromResponse(400, R"({"message":"Name is required"})").serverMessage, QStringLiteral("Name is required"));
    QCOMPARE(errorFromResponse(404, "Not found").serverMessage, QStringLiteral("Not found"));
    QCOMPARE(errorFromResponse(405, {}).kind, Error::Kind::Unsupported);
    QCOMPARE(errorFromResponse(500, "<html>").serverMessage, QString());
}

QTEST_GUILESS_MAIN(TestAkanaJson)
#include "tst_akanajson.moc"
