// Offline tests of the HockeyApp API v2 wire format against the documented examples (docs/apis/hockeyapp.md).
#include "hockeyappfixtures.h"

#include <QTest>
#include <providers/hockeyapp/hockeyappjson.h>

using namespace Slipway;

class TstHockeyAppJson : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parseApps_readsDocumentedList()
    {
        const QByteArray body = R"({"apps":[{"title":"HockeyTest","bundle_identifier":"de.codenauts.hockeytest.beta",
            "public_identifier":"1234567890abcdef1234567890abcdef","device_family":"iPhone/iPod","minimum_os_version":"4.0",
            "release_type":0,"status":2,"platform":"iOS"},
            {"title":"Droid","bundle_identifier":"com.example.droid","public_identifier":"abcdefabcdefabcdefabcdefabcdefab",
            "release_type":2,"status":1,"platform":"Android"}],"status":"success"})";
        const auto apps = HockeyApp::parseApps(body);
        QVERIFY2(apps.ok(), qPrintable(apps.error().toString()));
        QCOMPARE(apps->size(), 2);
        QCOMPARE(apps->at(0).id, QStringLiteral("1234567890abcdef1234567890abcdef"));
        QCOMPARE(apps->at(0).name, QStringLiteral("HockeyTest"));
        QCOMPARE(apps->at(0).packageId, QStringLiteral("de.codenauts.hockeytest.beta"));
        QCOMPARE(apps->at(0).platform, QStringLiteral("ios"));
        QCOMPARE(apps->at(0).extra.value(QStringLiteral("release_type")).toInt(), 0);
        QCOMPARE(apps->at(1).platform, QStringLiteral("android"));
    }

    void parseVersions_readsDocumentedExample()
    {
        const QByteArray body = HockeyAppFixtures::versionsList();
        const auto page = HockeyApp::parseVersions(body, QStringLiteral("app"));
        QVERIFY2(page.ok(), qPrintable(page.error().toString()));
        QCOMPARE(page->versions.size(), 2);
        const VersionInfo& v = page->versions.at(0);
        QCOMPARE(v.id, QStringLiteral("208")); // no numeric id in the doc example: the build number
        QCOMPARE(v.versionCode, QStringLiteral("208"));
        QCOMPARE(v.versionName, QStringLiteral("1.1"));
        QCOMPARE(v.created, QDateTime::fromSecsSinceEpoch(1326195742, Qt::UTC));
        QCOMPARE(v.size, 157547);
        QCOMPARE(v.state, QStringLiteral("available"));
        QCOMPARE(v.notes, QStringLiteral("Fixed bug when & was typed.\nSecond"));
        QCOMPARE(v.extra.value(QStringLiteral("mandatory")).toBool(), false);
        QVERIFY(v.downloadUrl.endsWith(QStringLiteral("/app_versions/208")));
        const VersionInfo& w = page->versions.at(1);
        QCOMPARE(w.id, QStringLiteral("77"));
        QCOMPARE(w.versionCode, QStringLiteral("207"));
        QCOMPARE(w.state, QStringLiteral("not-downloadable"));
        QCOMPARE(w.label, QStringLiteral("qa, beta"));
        QCOMPARE(page->totalPages, -1);
    }

    void parseVersions_readsPagingWhenPresent()
    {
        const auto page = HockeyApp::parseVersions(
            R"({"app_versions":[],"status":"success","current_page":3,"total_pages":3,"total_entries":1001})", {});
        QVERIFY(page.ok());
        QCOMPARE(page->currentPage, 3);
        QCOMPARE(page->totalPages, 3);
        QCOMPARE(page->totalEntries, 1001);
    }

    void parseVersion_uploadAnswer()
    {
        const QByteArray body = HockeyAppFixtures::uploadAnswer();
        const auto v = HockeyApp::parseVersion(body, QStringLiteral("app"));
        QVERIFY(v.ok());
        QCOMPARE(v->versionCode, QStringLiteral("8"));
        QCOMPARE(v->versionName, QStringLiteral("1.0"));
        QCOMPARE(v->notes, QStringLiteral("New"));
        QCOMPARE(v->extra.value(QStringLiteral("public_url")).toString(),
            QStringLiteral("https://rink.hockeyapp.net/apps/0873e2b98ad046a92c170a243a8515f6"));
    }

    void errorFor_mapsDocumentedErrors_data()
    {
        QTest::addColumn<int>("http");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<Error::Kind>("kind");
        QTest::addColumn<QString>("server");
        QTest::newRow("422 field errors")
            << 422 << QByteArray(HockeyAppFixtures::fieldErrors()) << Error::Kind::Validation
            << QStringLiteral("bundle_version: can't be blank, is invalid; ipa: is missing");
        QTest::newRow("401") << 401 << QByteArray(R"({"errors":{"credentials":["are invalid"]}})") << Error::Kind::Auth
                             << QStringLiteral("credentials: are invalid");
        QTest::newRow("app not found plain")
            << 404 << QByteArray("App not found or wrong identifier") << Error::Kind::NotFound
            << QStringLiteral("App not found or wrong identifier");
        QTest::newRow("app not found on 400")
            << 400 << QByteArray(R"({"message":"App not found or wrong identifier"})") << Error::Kind::NotFound
            << QStringLiteral("App not found or wrong identifier");
        QTest::newRow("422 app not found") << 422 << QByteArray(R"({"errors":{"app":["not found"]}})")
                                           << Error::Kind::NotFound << QStringLiteral("app: not found");
        QTest::newRow("422 bundle_version taken")
            << 422 << QByteArray(R"({"errors":{"bundle_version":["has already been taken"]}})") << Error::Kind::Conflict
            << QStringLiteral("bundle_version: has already been taken");
        QTest::newRow("html 503") << 503 << QByteArray("<html><title>Service Unavailable</title></html>")
                                  << Error::Kind::Server << QString();
        QTest::newRow("429") << 429 << QByteArray() << Error::Kind::RateLimited << QString();
    }

    void errorFor_mapsDocumentedErrors()
    {
        QFETCH(int, http);
        QFETCH(QByteArray, body);
        QFETCH(Error::Kind, kind);
        QFETCH(QString, server);
        const Error e = HockeyApp::errorFor(http, body);
        QCOMPARE(e.kind, kind);
        QCOMPARE(e.httpStatus, http);
        QCOMPARE(e.serverMessage, server);
        QVERIFY(!e.message.isEmpty());
    }

    void parse_badBodiesAreBadResponse_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("html") << QByteArray("<html>oops</html>");
        QTest::newRow("truncated") << QByteArray(HockeyAppFixtures::truncatedApps());
        QTest::newRow("no list") << QByteArray(R"({"status":"success"})");
        QTest::newRow("empty") << QByteArray("");
    }

    void parse_badBodiesAreBadResponse()
    {
        QFETCH(QByteArray, body);
        QCOMPARE(HockeyApp::parseApps(body).error().kind, Error::Kind::BadResponse);
        QCOMPARE(HockeyApp::parseVersions(body, {}).error().kind, Error::Kind::BadResponse);
    }

    void codes_matchTheDocumentedIntegers()
    {
        QCOMPARE(HockeyApp::statusCode(true), 2);
        QCOMPARE(HockeyApp::statusCode(false), 1);
        QCOMPARE(HockeyApp::notifyCode(QStringLiteral("none")), 0);
        QCOMPARE(HockeyApp::notifyCode(QStringLiteral("testers")), 1);
        QCOMPARE(HockeyApp::notifyCode(QStringLiteral("all")), 2);
        QCOMPARE(HockeyApp::notifyCode(QStringLiteral("everyone")), -1);
        QCOMPARE(HockeyApp::notesTypeCode(QStringLiteral("textile")), 0);
        QCOMPARE(HockeyApp::notesTypeCode(QStringLiteral("markdown")), 1);
        QCOMPARE(HockeyApp::notesTypeCode(QStringLiteral("html")), -1);
    }
};

QTEST_GUILESS_MAIN(TstHockeyAppJson)
#include "tst_hockeyappjson.moc"
