// Offline tests of the Applivery wire format against the documented examples (docs/apis/applivery.md).
#include "appliveryfixtures.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <providers/applivery/appliveryjson.h>

using namespace Slipway;

class TstAppliveryJson : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parseApps_readsItemsAndPaging()
    {
        const QByteArray body = R"({"status":true,"data":{"items":[
            {"id":"5f1a2b3c4d5e6f7a8b9c0d1e","name":"Demo","slug":"demo","oss":["android"],"counts":{"builds":12}},
            {"id":"5f1a2b3c4d5e6f7a8b9c0d1f","name":"Other","slug":"other","oss":["ios","android"]}],
            "totalDocs":5,"limit":2,"hasPrevPage":false,"hasNextPage":true,"page":1,"totalPages":3,
            "pagingCounter":1,"prevPage":null,"nextPage":2}})";
        const auto page = Applivery::parseApps(body);
        QVERIFY2(page.ok(), qPrintable(page.error().toString()));
        QCOMPARE(page->items.size(), 2);
        QCOMPARE(page->items.at(0).id, QStringLiteral("5f1a2b3c4d5e6f7a8b9c0d1e"));
        QCOMPARE(page->items.at(0).name, QStringLiteral("Demo"));
        QCOMPARE(page->items.at(0).platform, QStringLiteral("android"));
        QCOMPARE(page->items.at(0).versionCount, 12);
        QCOMPARE(page->items.at(0).extra.value(QStringLiteral("slug")).toString(), QStringLiteral("demo"));
        QCOMPARE(page->items.at(1).platform, QString()); // two OSes: no single platform
        QCOMPARE(page->page, 1);
        QCOMPARE(page->totalPages, 3);
        QCOMPARE(page->totalDocs, 5);
        QVERIFY(page->hasNextPage);
    }

    void parseBuild_readsDocumentedDetails()
    {
        // The build details example (V4 es), with the fields of the files example (V7).
        const QByteArray body = R"({"status":true,"data":{"id":"60b8d6f7e1d2c3b4a5f60718","status":"processed",
            "tags":["qa","rc"],"versionName":"RC-1","application":"5f1a2b3c4d5e6f7a8b9c0d1e","changelog":"Fixes",
            "info":{"icon":"x","android":{"targetSdkVersion":"33","minSDKVersion":"21","packageName":"com.example.demo",
            "versionName":"1.2.3","versionCode":"42","icon":"y"}},"size":123456,"os":"android",
            "uploadedBy":{"email":"ci@example.com","firstName":"Build","lastName":"Bot"},
            "createdAt":"2024-05-01T10:20:30.000Z","processLogs":[]}})";
        const auto b = Applivery::parseBuild(body, QStringLiteral("app1"));
        QVERIFY2(b.ok(), qPrintable(b.error().toString()));
        QCOMPARE(b->id, QStringLiteral("60b8d6f7e1d2c3b4a5f60718"));
        QCOMPARE(b->appId, QStringLiteral("app1"));
        QCOMPARE(b->state, QStringLiteral("processed"));
        QCOMPARE(b->versionName, QStringLiteral("RC-1"));
        QCOMPARE(b->versionCode, QStringLiteral("42"));
        QCOMPARE(b->label, QStringLiteral("qa, rc"));
        QCOMPARE(b->notes, QStringLiteral("Fixes"));
        QCOMPARE(b->size, 123456);
        QCOMPARE(b->publisher, QStringLiteral("Build Bot"));
        QCOMPARE(b->created, QDateTime(QDate(2024, 5, 1), QTime(10, 20, 30), Qt::UTC));
        QCOMPARE(b->extra.value(QStringLiteral("packageId")).toString(), QStringLiteral("com.example.demo"));
        QCOMPARE(b->extra.value(QStringLiteral("packageVersion")).toString(), QStringLiteral("1.2.3"));
    }

    void parseBuild_iosPlistAndLooseTypes()
    {
        const QByteArray body = R"({"status":true,"data":{"id":"b2","status":"pending","size":"string",
            "info":{"ios":{"plist":{"CFBundleIdentifier":"com.example.ios","CFBundleShortVersionString":"2.0",
            "CFBundleVersion":"200"}}}}})";
        const auto b = Applivery::parseBuild(body, QStringLiteral("app"));
        QVERIFY(b.ok());
        QCOMPARE(b->versionCode, QStringLiteral("200"));
        QCOMPARE(b->versionName, QStringLiteral("2.0")); // no versionName: the package's own
        QCOMPARE(b->size, -1); // "string" placeholder: unknown
        QCOMPARE(b->state, QStringLiteral("pending"));
    }

    void processingError_carriesServerMessageAndLog()
    {
        const QByteArray body = R"({"status":true,"data":{"id":"b3","status":"error","error":"Invalid package",
            "errorCode":5006,"processLogs":[{"level":"info","message":"unzipping"},"reading manifest",
            {"level":"error","message":"AndroidManifest.xml missing"}]}})";
        const auto b = Applivery::parseBuild(body, QStringLiteral("app"));
        QVERIFY(b.ok());
        const Error e = Applivery::processingError(b.value());
        QCOMPARE(e.kind, Error::Kind::Validation);
        QCOMPARE(e.serverMessage,
            QStringLiteral("Invalid package (code 5006); log: [info] unzipping | reading manifest | "
                           "[error] AndroidManifest.xml missing"));
        QVERIFY(e.details.contains(
            QStringLiteral("[info] unzipping\nreading manifest\n[error] AndroidManifest.xml missing")));
        QVERIFY(e.message.contains(QStringLiteral("b3")));
    }

    void errorFor_mapsDocumentedCodes_data()
    {
        QTest::addColumn<int>("http");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<Error::Kind>("kind");
        QTest::addColumn<QString>("server");
        QTest::newRow("2001 token not valid")
            << 401 << QByteArray(R"({"status":false,"error":{"code":2001,"message":"Token not valid"}})")
            << Error::Kind::Auth << QStringLiteral("Token not valid (code 2001)");
        // The doc example (V6) shows "status": true on an error: the error object wins.
        QTest::newRow("4001 entity not found, status true")
            << 404 << QByteArray(R"({"status":true,"error":{"code":4001,"message":"Entity not found"}})")
            << Error::Kind::NotFound << QStringLiteral("Entity not found (code 4001)");
        QTest::newRow("4002 empty token")
            << 401 << QByteArray(R"({"status":false,"error":{"code":4002,"message":"App Token empty"}})")
            << Error::Kind::Auth << QStringLiteral("App Token empty (code 4002)");
        QTest::newRow("4004 invalid token on 200")
            << 200 << QByteArray(R"({"status":false,"error":{"code":4004,"message":"App Token not valid"}})")
            << Error::Kind::Auth << QStringLiteral("App Token not valid (code 4004)");
        QTest::newRow("5006 bad build file")
            << 400 << QByteArray(R"({"status":false,"error":{"code":5006,"message":"Build file path invalid"}})")
            << Error::Kind::Validation << QStringLiteral("Build file path invalid (code 5006)");
        QTest::newRow("5014 on build details")
            << 400 << QByteArray(R"({"status":false,"error":{"code":5014,"message":"Build not"}})")
            << Error::Kind::Validation << QStringLiteral("Build not (code 5014)");
        QTest::newRow("html 502") << 502 << QByteArray("<html><body><h1>502 Bad Gateway</h1></body></html>")
                                  << Error::Kind::Server << QString();
        QTest::newRow("429") << 429 << QByteArray() << Error::Kind::RateLimited << QString();
        QTest::newRow("403 plain") << 403 << QByteArray("Forbidden") << Error::Kind::Forbidden << QString();
    }

    void errorFor_mapsDocumentedCodes()
    {
        QFETCH(int, http);
        QFETCH(QByteArray, body);
        QFETCH(Error::Kind, kind);
        QFETCH(QString, server);
        const Error e = Applivery::errorFor(http, body);
        QCOMPARE(e.kind, kind);
        QCOMPARE(e.httpStatus, http);
        QCOMPARE(e.serverMessage, server);
        QVERIFY(!e.message.isEmpty());
        if (body.startsWith('<'))
            QVERIFY(e.details.contains(QStringLiteral("HTML")));
    }

    void errorFor_successIsNone()
    {
        QCOMPARE(Applivery::errorFor(200, R"({"status":true,"data":{}})").kind, Error::Kind::None);
        QCOMPARE(Applivery::errorFor(201, "").kind, Error::Kind::None);
    }

    void unwrap_badBodiesAreBadResponse_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("html") << QByteArray("<!DOCTYPE html><html>maintenance</html>");
        QTest::newRow("truncated") << QByteArray(AppliveryFixtures::truncatedList());
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("array") << QByteArray("[1,2]");
        QTest::newRow("no data") << QByteArray(R"({"status":true})");
    }

    void unwrap_badBodiesAreBadResponse()
    {
        QFETCH(QByteArray, body);
        const auto r = Applivery::unwrap(body);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, Error::Kind::BadResponse);
        QVERIFY(!r.error().message.isEmpty());
    }

    void parseApps_listWithoutItemsIsBadResponse()
    {
        const auto r = Applivery::parseApps(R"({"status":true,"data":{"page":1}})");
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, Error::Kind::BadResponse);
    }

    void parseApp_createAnswer()
    {
        const auto a = Applivery::parseApp(R"({"status":true,"data":{"id":"abc123","name":"New","slug":"new"}})");
        QVERIFY(a.ok());
        QCOMPARE(a->id, QStringLiteral("abc123"));
        QCOMPARE(a->name, QStringLiteral("New"));
    }

    void filterJson_groupsAndJson()
    {
        auto f = Applivery::filterJson(QStringLiteral("group1, group2; group3"));
        QVERIFY(f.ok());
        QCOMPARE(f.value(), QByteArray(R"([["group1","group2"],["group3"]])"));
        f = Applivery::filterJson(QStringLiteral(R"([["a"],["b","c"]])"));
        QVERIFY(f.ok());
        QCOMPARE(f.value(), QByteArray(R"([["a"],["b","c"]])"));
        f = Applivery::filterJson(QStringLiteral(R"(["a"])"));
        QVERIFY(!f.ok());
        QCOMPARE(f.error().kind, Error::Kind::Validation);
        QCOMPARE(Applivery::filterJson(QString()).value(), QByteArray());
    }
};

QTEST_GUILESS_MAIN(TstAppliveryJson)
#include "tst_appliveryjson.moc"
