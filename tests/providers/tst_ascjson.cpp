// App Store Connect wire format, offline: JSON:API readers, request bodies, errors[] mapping.

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>
#include <providers/appstoreconnect/ascjson.h>

using namespace Slipway;
using namespace Slipway::AscJson;

class TestAscJson : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void apps_parsedWithNextLink();
    void apps_garbage_isBadResponse();
    void appStoreVersions_stateAndIncludedBuild();
    void builds_processingStateAndPreReleaseVersion();
    void buildUpload_stateAndDetails();
    void buildUploadFile_operations();
    void checkOperations_rejectsGapsAndOverlaps();
    void requestBodies_matchTheSchema();
    void errors_mappedToKinds();
    void errors_rateLimitHeader();
    void platformAndUti();
};

void TestAscJson::apps_parsedWithNextLink()
{
    const QByteArray body = R"({"data":[
        {"type":"apps","id":"1234567890","attributes":{"name":"UnCrackable","bundleId":"owasp.mstg.UnCrackable1","sku":"UC1","primaryLocale":"en-US"}},
        {"type":"apps","id":"42","attributes":{"bundleId":"com.example.noname"}}],
        "links":{"self":"https://api.appstoreconnect.apple.com/v1/apps","next":"https://api.appstoreconnect.apple.com/v1/apps?cursor=Mg&limit=200"},
        "meta":{"paging":{"total":3,"limit":200}}})";
    auto page = parseApps(body);
    QVERIFY(page.ok());
    QCOMPARE(page->items.size(), 2);
    QCOMPARE(page->items.at(0).id, QStringLiteral("1234567890"));
    QCOMPARE(page->items.at(0).name, QStringLiteral("UnCrackable"));
    QCOMPARE(page->items.at(0).packageId, QStringLiteral("owasp.mstg.UnCrackable1"));
    QCOMPARE(page->items.at(0).extra.value(QStringLiteral("sku")).toString(), QStringLiteral("UC1"));
    QCOMPARE(page->items.at(1).name, QStringLiteral("com.example.noname"));
    QCOMPARE(page->next, QUrl(QStringLiteral("https://api.appstoreconnect.apple.com/v1/apps?cursor=Mg&limit=200")));
    auto last = parseApps(R"({"data":[],"links":{"self":"x"}})");
    QVERIFY(last.ok());
    QVERIFY(last->next.isEmpty());
}

void TestAscJson::apps_garbage_isBadResponse()
{
    auto html = parseApps("<html>Service Unavailable</html>");
    QVERIFY(!html.ok());
    QCOMPARE(html.error().kind, Error::Kind::BadResponse);
    auto noData = parseApps(R"({"links":{}})");
    QVERIFY(!noData.ok());
}

void TestAscJson::appStoreVersions_stateAndIncludedBuild()
{
    const QByteArray body = R"({"data":[
        {"type":"appStoreVersions","id":"v1","attributes":{"platform":"IOS","versionString":"1.2.0","appStoreState":"READY_FOR_SALE",
         "appVersionState":"READY_FOR_DISTRIBUTION","copyright":"2026 Example","releaseType":"MANUAL","createdDate":"2026-01-02T03:04:05.000+00:00"},
         "relationships":{"build":{"data":{"type":"builds","id":"b7"}}}},
        {"type":"appStoreVersions","id":"v2","attributes":{"platform":"MAC_OS","versionString":"2.0","appStoreState":"PREPARE_FOR_SUBMISSION"}}],
        "included":[{"type":"builds","id":"b7","attributes":{"version":"17","processingState":"VALID"}}],
        "links":{"self":"x"}})";
    auto page = parseAppStoreVersions(body, QStringLiteral("app1"));
    QVERIFY(page.ok());
    QCOMPARE(page->items.size(), 2);
    const VersionInfo& v = page->items.at(0);
    QCOMPARE(v.id, QStringLiteral("v1"));
    QCOMPARE(v.appId, QStringLiteral("app1"));
    QCOMPARE(v.versionName, QStringLiteral("1.2.0"));
    QCOMPARE(v.state, QStringLiteral("READY_FOR_DISTRIBUTION")); // appVersionState, not the deprecated appStoreState
    QCOMPARE(v.versionCode, QStringLiteral("17"));
    QCOMPARE(v.extra.value(QStringLiteral("type")).toString(), QStringLiteral("appStoreVersion"));
    QCOMPARE(v.label, QStringLiteral("App Store IOS"));
    QCOMPARE(v.extra.value(QStringLiteral("platform")).toString(), QStringLiteral("IOS"));
    QCOMPARE(v.extra.value(QStringLiteral("buildId")).toString(), QStringLiteral("b7"));
    QCOMPARE(v.created.toUTC(), QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5), Qt::UTC));
    QCOMPARE(page->items.at(1).state, QStringLiteral("PREPARE_FOR_SUBMISSION")); // falls back to appStoreState
}

void TestAscJson::builds_processingStateAndPreReleaseVersion()
{
    const QByteArray body = R"({"data":[
        {"type":"builds","id":"b1","attributes":{"version":"5","processingState":"PROCESSING","uploadedDate":"2026-03-01T10:00:00Z","expired":false,"minOsVersion":"12.0"},
         "relationships":{"preReleaseVersion":{"data":{"type":"preReleaseVersions","id":"p1"}}}}],
        "included":[{"type":"preReleaseVersions","id":"p1","attributes":{"version":"1.0","platform":"IOS"}}],
        "links":{"self":"x","next":"https://h/v1/builds?cursor=2"}})";
    auto page = parseBuilds(body, QStringLiteral("app1"));
    QVERIFY(page.ok());
    QCOMPARE(page->items.size(), 1);
    const VersionInfo& b = page->items.first();
    QCOMPARE(b.id, QStringLiteral("b1"));
    QCOMPARE(b.versionCode, QStringLiteral("5"));
    QCOMPARE(b.versionName, QStringLiteral("1.0"));
    QCOMPARE(b.state, QStringLiteral("PROCESSING"));
    QCOMPARE(b.extra.value(QStringLiteral("type")).toString(), QStringLiteral("build"));
    QCOMPARE(b.label, QStringLiteral("build IOS"));
    QCOMPARE(b.extra.value(QStringLiteral("platform")).toString(), QStringLiteral("IOS"));
    QCOMPARE(b.extra.value(QStringLiteral("expired")).toBool(), false);
    QCOMPARE(page->next.toString(), QStringLiteral("https://h/v1/builds?cursor=2"));
}

void TestAscJson::buildUpload_stateAndDetails()
{
    const QByteArray body
        = R"({"data":{"type":"buildUploads","id":"u1","attributes":{"cfBundleShortVersionString":"1.0","cfBundleVersion":"3",
        "platform":"IOS","state":{"state":"FAILED","errors":[{"code":"90062","message":"The value for key CFBundleShortVersionString must be higher"}],
        "warnings":[{"code":"W1","message":"Missing icon"}],"infos":[]}},
        "relationships":{"build":{"data":{"type":"builds","id":"b9"}}}}})";
    auto u = parseBuildUpload(body);
    QVERIFY(u.ok());
    QCOMPARE(u->id, QStringLiteral("u1"));
    QCOMPARE(u->state, QStringLiteral("FAILED"));
    QCOMPARE(u->errors.size(), 1);
    QCOMPARE(u->errors.first().toString(),
        QStringLiteral("90062: The value for key CFBundleShortVersionString must be higher"));
    QCOMPARE(u->warnings.first().code, QStringLiteral("W1"));
    QCOMPARE(u->buildId, QStringLiteral("b9"));
    QCOMPARE(u->bundleVersion, QStringLiteral("3"));
}

void TestAscJson::buildUploadFile_operations()
{
    const QByteArray body
        = R"({"data":{"type":"buildUploadFiles","id":"f1","attributes":{"fileName":"a.ipa","fileSize":300,
        "assetDeliveryState":{"state":"AWAITING_UPLOAD","errors":[{"code":"E","description":"bad"}]},
        "uploadOperations":[
          {"method":"PUT","url":"https://upload.example/p1?sig=1","offset":0,"length":200,"partNumber":1,
           "requestHeaders":[{"name":"Content-Type","value":"application/octet-stream"}],"expiration":"2026-05-01T00:00:00Z"},
          {"method":"PUT","url":"https://upload.example/p2?sig=2","offset":200,"length":100,"partNumber":2,"requestHeaders":[]}]}}})";
    auto f = parseBuildUploadFile(body);
    QVERIFY(f.ok());
    QCOMPARE(f->id, QStringLiteral("f1"));
    QCOMPARE(f->state, QStringLiteral("AWAITING_UPLOAD"));
    QCOMPARE(f->errors.first().message, QStringLiteral("bad")); // AppMediaStateError.description
    QCOMPARE(f->fileSize, qint64(300));
    QCOMPARE(f->operations.size(), 2);
    QCOMPARE(f->operations.at(0).url.toString(), QStringLiteral("https://upload.example/p1?sig=1"));
    QCOMPARE(f->operations.at(0).headers.size(), 1);
    QCOMPARE(f->operations.at(0).headers.first().first, QByteArray("Content-Type"));
    QCOMPARE(f->operations.at(1).offset, qint64(200));
    QCOMPARE(f->operations.at(1).length, qint64(100));
    QCOMPARE(f->operations.at(1).partNumber, 2);
    QVERIFY(f->operations.at(0).expiration.isValid());
    QVERIFY(checkOperations(f->operations, 300).ok());
}

void TestAscJson::checkOperations_rejectsGapsAndOverlaps()
{
    const auto op = [](qint64 offset, qint64 length) {
        UploadOperation o;
        o.method = QStringLiteral("PUT");
        o.url = QUrl(QStringLiteral("https://u/x"));
        o.offset = offset;
        o.length = length;
        return o;
    };
    QVERIFY(checkOperations({op(10, 5), op(0, 10)}, 15).ok()); // any order
    QVERIFY(!checkOperations({op(0, 10), op(11, 4)}, 15).ok()); // gap
    QVERIFY(!checkOperations({op(0, 10), op(9, 6)}, 15).ok()); // overlap
    QVERIFY(!checkOperations({op(0, 10)}, 15).ok()); // short
    QVERIFY(!checkOperations({}, 15).ok());
    UploadOperation bad = op(0, 15);
    bad.url = QUrl(QStringLiteral("file:///etc/passwd"));
    QVERIFY(!checkOperations({bad}, 15).ok());
}

void TestAscJson::requestBodies_matchTheSchema()
{
    VersionAttributes attrs;
    attrs.versionString = QStringLiteral("1.2.0");
    attrs.releaseType = QStringLiteral("SCHEDULED");
    attrs.earliestReleaseDate = QStringLiteral("2026-12-01T08:00:00Z");
    const QJsonObject create
        = QJsonDocument::fromJson(createAppStoreVersion(QStringLiteral("123"), QStringLiteral("IOS"), attrs)).object();
    const QJsonObject data = create[QStringLiteral("data")].toObject();
    QCOMPARE(data[QStringLiteral("type")].toString(), QStringLiteral("appStoreVersions"));
    QCOMPARE(data[QStringLiteral("attributes")][QStringLiteral("platform")].toString(), QStringLiteral("IOS"));
    QCOMPARE(data[QStringLiteral("attributes")][QStringLiteral("versionString")].toString(), QStringLiteral("1.2.0"));
    QCOMPARE(data[QStringLiteral("attributes")][QStringLiteral("releaseType")].toString(), QStringLiteral("SCHEDULED"));
    QVERIFY(!data[QStringLiteral("attributes")].toObject().contains(QStringLiteral("copyright")));
    QCOMPARE(data[QStringLiteral("relationships")][QStringLiteral("app")][QStringLiteral("data")][QStringLiteral("id")]
                 .toString(),
        QStringLiteral("123"));

    const QJsonObject upload = QJsonDocument::fromJson(
        createBuildUpload(QStringLiteral("123"), QStringLiteral("1.0"), QStringLiteral("7"), QStringLiteral("IOS")))
                                   .object()[QStringLiteral("data")]
                                   .toObject();
    QCOMPARE(upload[QStringLiteral("attributes")][QStringLiteral("cfBundleShortVersionString")].toString(),
        QStringLiteral("1.0"));
    QCOMPARE(upload[QStringLiteral("attributes")][QStringLiteral("cfBundleVersion")].toString(), QStringLiteral("7"));

    const QJsonObject file
        = QJsonDocument::fromJson(createBuildUploadFile(QStringLiteral("u1"), QStringLiteral("a.ipa"), 5000000000LL,
                                      QStringLiteral("com.apple.ipa")))
              .object()[QStringLiteral("data")]
              .toObject();
    QCOMPARE(file[QStringLiteral("attributes")][QStringLiteral("fileSize")].toInteger(), 5000000000LL); // > 32 bits
    QCOMPARE(file[QStringLiteral("attributes")][QStringLiteral("assetType")].toString(), QStringLiteral("ASSET"));
    QCOMPARE(file[QStringLiteral("relationships")][QStringLiteral("buildUpload")][QStringLiteral("data")]
                 [QStringLiteral("type")]
                     .toString(),
        QStringLiteral("buildUploads"));

    const QJsonObject commit
        = QJsonDocument::fromJson(commitBuildUploadFile(QStringLiteral("f1"), QStringLiteral("abc")))
              .object()[QStringLiteral("data")]
              .toObject();
    QCOMPARE(commit[QStringLiteral("id")].toString(), QStringLiteral("f1"));
    QCOMPARE(commit[QStringLiteral("attributes")][QStringLiteral("uploaded")].toBool(), true);
    QCOMPARE(commit[QStringLiteral("attributes")][QStringLiteral("sourceFileChecksums")][QStringLiteral("file")]
                   [QStringLiteral("algorithm")]
                       .toString(),
        QStringLiteral("MD5"));

    const QJsonObject link = QJsonDocument::fromJson(buildLinkage(QStringLiteral("b1"))).object();
    QCOMPARE(link[QStringLiteral("data")][QStringLiteral("type")].toString(), QStringLiteral("builds"));

    VersionAttributes only;
    only.copyright = QStringLiteral("2027");
    const QJsonObject update = QJsonDocument::fromJson(updateAppStoreVersion(QStringLiteral("v1"), only))
                                   .object()[QStringLiteral("data")]
                                   .toObject();
    QCOMPARE(update[QStringLiteral("attributes")].toObject().keys(), QStringList {QStringLiteral("copyright")});
}

void TestAscJson::errors_mappedToKinds()
{
    const QByteArray conflict
        = R"({"errors":[{"id":"e1","status":"409","code":"ENTITY_ERROR.ATTRIBUTE.INVALID.DUPLICATE",
        "title":"The provided entity includes an attribute with a value that has already been used",
        "detail":"The version number has already been used.","source":{"pointer":"/data/attributes/versionString"}}]})";
    const Error c = errorFromResponse(409, conflict);
    QCOMPARE(c.kind, Error::Kind::Conflict);
    QCOMPARE(c.httpStatus, 409);
    QVERIFY(c.serverMessage.contains(QStringLiteral("has already been used")));
    QVERIFY(c.details.contains(
        QStringLiteral("ENTITY_ERROR.ATTRIBUTE.INVALID.DUPLICATE at /data/attributes/versionString")));

    const Error auth = errorFromResponse(401,
        R"({"errors":[{"status":"401","code":"NOT_AUTHORIZED","title":"Authentication credentials are missing or invalid.","detail":"Provide a properly configured and signed bearer token."}]})");
    QCOMPARE(auth.kind, Error::Kind::Auth);
    QCOMPARE(auth.serverMessage,
        QStringLiteral("Authentication credentials are missing or invalid.: Provide a properly configured and signed "
                       "bearer token."));
    QCOMPARE(errorFromResponse(403, {}).kind, Error::Kind::Forbidden);
    QCOMPARE(errorFromResponse(404, {}).kind, Error::Kind::NotFound);
    QCOMPARE(errorFromResponse(422, {}).kind, Error::Kind::Validation);
    QCOMPARE(errorFromResponse(503, "<html>down</html>").kind, Error::Kind::Server);
    QCOMPARE(
        parseErrors(
            R"({"errors":[{"status":400,"code":"PARAMETER_ERROR.INVALID","title":"t","detail":"d","source":{"parameter":"limit"}}]})")
            .first()
            .source,
        QStringLiteral("limit"));
}

void TestAscJson::errors_rateLimitHeader()
{
    const Error e = errorFromResponse(429,
        R"({"errors":[{"status":"429","code":"RATE_LIMIT_EXCEEDED","title":"The request rate limit has been reached.","detail":"We've received too many requests for this API."}]})",
        "user-hour-lim:3600;user-hour-rem:0;");
    QCOMPARE(e.kind, Error::Kind::RateLimited);
    QVERIFY(e.message.contains(QStringLiteral("3600")));
    QVERIFY(e.details.contains(QStringLiteral("RATE_LIMIT_EXCEEDED")));
    QVERIFY(e.details.contains(QStringLiteral("user-hour-rem:0")));
    QCOMPARE(parseRateLimit("user-hour-lim:3500;user-hour-rem:500;"), qMakePair(3500, 500));
    // Pacing: nothing while the budget is ample or unknown, spread out near its end, stop when it is used up.
    QCOMPARE(paceDelayMs(3500, 500), qint64(0));
    QCOMPARE(paceDelayMs(-1, -1), qint64(0));
    QVERIFY(paceDelayMs(3500, 20) > 0);
    QVERIFY(paceDelayMs(3500, 2) >= paceDelayMs(3500, 20));
    QVERIFY(paceDelayMs(3500, 1) <= 30000);
    QCOMPARE(paceDelayMs(3500, 0), qint64(-1));
    QCOMPARE(parseRateLimit(""), qMakePair(-1, -1));
}

void TestAscJson::platformAndUti()
{
    QCOMPARE(applePlatform(QStringLiteral("ios")), QStringLiteral("IOS"));
    QCOMPARE(applePlatform(QStringLiteral("macos")), QStringLiteral("MAC_OS"));
    QCOMPARE(applePlatform(QStringLiteral("tvos")), QStringLiteral("TV_OS"));
    QCOMPARE(applePlatform(QStringLiteral("visionos")), QStringLiteral("VISION_OS"));
    QCOMPARE(applePlatform(QStringLiteral("MAC_OS")), QStringLiteral("MAC_OS"));
    QVERIFY(applePlatform(QStringLiteral("android")).isEmpty());
    QCOMPARE(utiForFile(QStringLiteral("App.IPA")), QStringLiteral("com.apple.ipa"));
    QCOMPARE(utiForFile(QStringLiteral("App.pkg")), QStringLiteral("com.apple.pkg"));
    QVERIFY(utiForFile(QStringLiteral("app.apk")).isEmpty());
}

QTEST_GUILESS_MAIN(TestAscJson)
#include "tst_ascjson.moc"
