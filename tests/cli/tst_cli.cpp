// slipway-cli as CI runs it: a real process, JSON on stdout only, one-line errors on stderr, exit codes.
#include <testutils/testutils.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <library/locallibrary.h>

using namespace Slipway;
using Run = Test::CliRun;

class TestCli : public QObject
{
    Q_OBJECT

    Run cli(const QStringList& args)
    {
        QProcessEnvironment env = Test::cliEnvironment(m_home.path());
        env.remove(QStringLiteral("SLIPWAY_LIBRARY")); // the default library under XDG_DATA_HOME
        return Test::runCli(args, env);
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY2(QFileInfo::exists(Test::cliPath()), qPrintable(Test::cliPath())); }

    void help_listsCommands()
    {
        const Run r = cli({QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        for (const char* cmd : {"inspect", "apps", "versions", "publish", "accounts"})
            QVERIFY2(r.out.contains(cmd), cmd);
        const Run bad = cli({QStringLiteral("frobnicate")});
        QCOMPARE(bad.exitCode, 2);
        QVERIFY(bad.err.contains("unknown command"));
    }

    void networkOptions_validatedAndAccepted()
    {
        // In range: the command runs as usual (the Local library needs no network).
        const Run ok = cli({QStringLiteral("--stall-timeout"), QStringLiteral("5"), QStringLiteral("--attempts"),
            QStringLiteral("2"), QStringLiteral("apps"), QStringLiteral("--json")});
        QCOMPARE(ok.exitCode, 0);
        QVERIFY(ok.out.trimmed().startsWith('['));
        // Out of range or not a number: a usage error naming the range, before anything runs.
        for (const QStringList& bad : {QStringList {QStringLiteral("--attempts"), QStringLiteral("0")},
                 QStringList {QStringLiteral("--attempts"), QStringLiteral("11")},
                 QStringList {QStringLiteral("--stall-timeout"), QStringLiteral("soon")}}) {
            const Run r = cli(bad + QStringList {QStringLiteral("apps")});
            QCOMPARE(r.exitCode, 2);
            QVERIFY2(r.err.contains("takes a whole number from 1 to"), r.err.constData());
        }
    }

    void inspect_corpusApkAsJson()
    {
        SLIPWAY_REQUIRE_CORPUS();
        const Run r = cli({QStringLiteral("inspect"), Test::corpusFile(QStringLiteral("com.politedroid_3.apk")),
            QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        QJsonParseError pe;
        const QJsonDocument doc = QJsonDocument::fromJson(r.out, &pe);
        QVERIFY2(pe.error == QJsonParseError::NoError, qPrintable(pe.errorString()));
        const QJsonObject o = doc.array().first().toObject();
        QCOMPARE(o.value(QStringLiteral("kind")).toString(), QStringLiteral("apk"));
        QCOMPARE(o.value(QStringLiteral("packageId")).toString(), QStringLiteral("com.politedroid"));
        QCOMPARE(o.value(QStringLiteral("versionCode")).toInteger(), 3);
        QCOMPARE(o.value(QStringLiteral("sha256")).toString(),
            QStringLiteral("665d03d61ebc642289fda697f71a59305b0202b16cafc5ffdae91cbe91f0b25d"));
        QCOMPARE(o.value(QStringLiteral("size")).toInteger(), 17552);
        QCOMPARE(o.value(QStringLiteral("signing")).toObject().value(QStringLiteral("verified")), QJsonValue(true));

        // --no-verify: the same signing facts without a verdict.
        const Run quick = cli({QStringLiteral("inspect"), Test::corpusFile(QStringLiteral("com.politedroid_3.apk")),
            QStringLiteral("--json"), QStringLiteral("--no-verify"), QStringLiteral("--no-hash")});
        QCOMPARE(quick.exitCode, 0);
        const QJsonObject q = QJsonDocument::fromJson(quick.out).array().first().toObject();
        const QJsonObject signing = q.value(QStringLiteral("signing")).toObject();
        QVERIFY(!signing.contains(QStringLiteral("verified")));
        QVERIFY(!signing.contains(QStringLiteral("verification")));
        QCOMPARE(signing.value(QStringLiteral("schemes")),
            o.value(QStringLiteral("signing")).toObject().value(QStringLiteral("schemes")));
        QCOMPARE(signing.value(QStringLiteral("certificates")),
            o.value(QStringLiteral("signing")).toObject().value(QStringLiteral("certificates")));
        QVERIFY(!q.contains(QStringLiteral("sha256")));
    }

    // The CLI's stderr carries its own one-line messages only; the library's diagnostics appear when asked for.
    void inspect_diagnosticsOnlyWhenAsked()
    {
        SLIPWAY_REQUIRE_CORPUS();
        const QStringList args {QStringLiteral("inspect"), QStringLiteral("--no-hash"),
            Test::corpusFile(QStringLiteral("com.politedroid_3.apk"))};
        QProcessEnvironment env = Test::cliEnvironment(m_home.path());
        env.remove(QStringLiteral("SLIPWAY_DEBUG"));
        env.remove(QStringLiteral("QT_LOGGING_RULES"));
        env.remove(QStringLiteral("QT_LOGGING_CONF"));
        const Run quiet = Test::runCli(args, env);
        QCOMPARE(quiet.exitCode, 0);
        QCOMPARE(quiet.err, QByteArray());

        env.insert(QStringLiteral("SLIPWAY_DEBUG"), QStringLiteral("1"));
        const Run asked = Test::runCli(args, env);
        QCOMPARE(asked.exitCode, 0);
        QVERIFY2(asked.err.contains("slipway.package: inspected \"com.politedroid_3.apk\""), asked.err.constData());
        QCOMPARE(asked.out, quiet.out);
    }

    void inspect_nonPackageFailsWithOneLine()
    {
        QTemporaryDir tmp;
        const QString bogus = tmp.filePath(QStringLiteral("app.apk"));
        QFile f(bogus);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("<html>not a package</html>");
        f.close();
        const Run r = cli({QStringLiteral("inspect"), bogus, QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 4);
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY(r.err.startsWith("slipway-cli: error: app.apk is not a zip archive"));
        // The JSON still names the failure, on stdout only.
        const QJsonObject o = QJsonDocument::fromJson(r.out).array().first().toObject();
        QCOMPARE(o.value(QStringLiteral("error")).toObject().value(QStringLiteral("kind")).toString(),
            QStringLiteral("invalid-package"));

        const Run empty = cli({QStringLiteral("inspect"), tmp.path()});
        QCOMPARE(empty.exitCode, 4);
        QVERIFY(empty.err.contains("is a folder"));
        const Run missing = cli({QStringLiteral("inspect"), tmp.filePath(QStringLiteral("nope.ipa"))});
        QCOMPARE(missing.exitCode, 4);
        QVERIFY(missing.err.contains("does not exist"));
    }

    void publishThenVersions_showTheSameVersion()
    {
        SLIPWAY_REQUIRE_CORPUS();
        QTemporaryDir lib;
        const QString apk = Test::corpusFile(QStringLiteral("com.politedroid_4.apk"));
        const Run pub = cli({QStringLiteral("--library"), lib.path(), QStringLiteral("publish"), apk,
            QStringLiteral("--notes"), QStringLiteral("Fixes the polite bug"), QStringLiteral("--json")});
        QVERIFY2(pub.exitCode == 0, pub.err.constData());
        const QJsonObject published = QJsonDocument::fromJson(pub.out).object();
        QCOMPARE(published.value(QStringLiteral("appId")).toString(), QStringLiteral("com.politedroid"));
        QCOMPARE(published.value(QStringLiteral("versionCode")).toString(), QStringLiteral("4"));
        QCOMPARE(published.value(QStringLiteral("account")).toString(), QStringLiteral("local"));

        const Run versions = cli({QStringLiteral("--library"), lib.path(), QStringLiteral("versions"),
            QStringLiteral("com.politedroid"), QStringLiteral("--json")});
        QCOMPARE(versions.exitCode, 0);
        const QJsonArray list = QJsonDocument::fromJson(versions.out).array();
        QCOMPARE(list.size(), 1);
        const QJsonObject v = list.first().toObject();
        QCOMPARE(v.value(QStringLiteral("id")), published.value(QStringLiteral("id")));
        QCOMPARE(v.value(QStringLiteral("versionName")), published.value(QStringLiteral("versionName")));
        QCOMPARE(v.value(QStringLiteral("sha256")), published.value(QStringLiteral("sha256")));
        QCOMPARE(v.value(QStringLiteral("notes")).toString(), QStringLiteral("Fixes the polite bug"));

        const Run apps
            = cli({QStringLiteral("--library"), lib.path(), QStringLiteral("apps"), QStringLiteral("--json")});
        QCOMPARE(apps.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(apps.out).array().first().toObject().value(QStringLiteral("id")).toString(),
            QStringLiteral("com.politedroid"));

        const Run again = cli({QStringLiteral("--library"), lib.path(), QStringLiteral("publish"), apk});
        QCOMPARE(again.exitCode, 7);
        QVERIFY(again.err.contains("already has version code 4"));
        // Preflight stops it before any transfer (one line for the block, one saying nothing was sent).
        QVERIFY2(again.err.endsWith("preflight stopped the publish; nothing was sent\n"), again.err.constData());
        QCOMPARE(again.err.count('\n'), 2);
        QVERIFY(again.out.isEmpty());

        const Run del = cli({QStringLiteral("--library"), lib.path(), QStringLiteral("delete"),
            QStringLiteral("com.politedroid"), v.value(QStringLiteral("id")).toString()});
        QCOMPARE(del.exitCode, 2); // refuses without --yes when not interactive
        const Run delYes = cli({QStringLiteral("--library"), lib.path(), QStringLiteral("delete"),
            QStringLiteral("com.politedroid"), v.value(QStringLiteral("id")).toString(), QStringLiteral("--yes")});
        QCOMPARE(delYes.exitCode, 0);
        const Run after
            = cli({QStringLiteral("--library"), lib.path(), QStringLiteral("apps"), QStringLiteral("--json")});
        QCOMPARE(QJsonDocument::fromJson(after.out).array().size(), 0);
    }

    // A debuggable, debug-signed APK publishes (exit 0); its package warnings are printed as "warning:", never as
    // "error:", which is kept for what fails the command.
    void publish_packageWarningsPrintAsWarnings()
    {
        SLIPWAY_REQUIRE_CORPUS();
        QTemporaryDir lib;
        const Run r = cli({QStringLiteral("--library"), lib.path(), QStringLiteral("publish"),
            Test::corpusFile(QStringLiteral("ApiDemos-debug.apk"))});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.err.contains("slipway-cli: warning: debuggable: "), r.err.constData());
        QVERIFY2(r.err.contains("slipway-cli: warning: debug-certificate: "), r.err.constData());
        QVERIFY2(!r.err.contains("error:"), r.err.constData());
        QVERIFY(r.out.startsWith("Published io.appium.android.apis"));
    }

    void defaultLibrary_followsXdgDataHome()
    {
        SLIPWAY_REQUIRE_CORPUS();
        const Run pub = cli({QStringLiteral("publish"), Test::corpusFile(QStringLiteral("com.politedroid_6.apk"))});
        QVERIFY2(pub.exitCode == 0, pub.err.constData());
        QVERIFY(QFileInfo::exists(m_home.filePath(QStringLiteral("data/slipway/library/catalog.sqlite"))));
    }

    void unknownAccount_isNotFound()
    {
        const Run r = cli({QStringLiteral("apps"), QStringLiteral("--account"), QStringLiteral("nobody")});
        QCOMPARE(r.exitCode, 6);
        QCOMPARE(r.err,
            QByteArray(
                "slipway-cli: error: There is no account named \"nobody\"; choose one of the connected accounts, "
                "or connect it first. (use --account NAME; `slipway-cli accounts list` shows the connected "
                "accounts)\n"));
    }

    void unknownSetKey_isUsageError()
    {
        SLIPWAY_REQUIRE_CORPUS();
        QTemporaryDir lib;
        const Run r = cli({QStringLiteral("--library"), lib.path(), QStringLiteral("publish"),
            Test::corpusFile(QStringLiteral("com.politedroid_3.apk")), QStringLiteral("--set"),
            QStringLiteral("bogus=1")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("no field \"bogus\""));
    }

    // `versions --json` streams the rows one by one: still one valid JSON array, every version, newest first, and
    // the same content as the library's full listing (files and stored inspection included).
    void versionsJson_streamsEveryRowWithItsInspection()
    {
        SLIPWAY_REQUIRE_CORPUS();
        QTemporaryDir lib;
        for (const char* apk : {"com.politedroid_3.apk", "com.politedroid_4.apk"}) {
            const Run pub = cli({QStringLiteral("--library"), lib.path(), QStringLiteral("publish"),
                Test::corpusFile(QLatin1String(apk)), QStringLiteral("--notes"),
                QString::fromUtf8("Line one\n\"quoted\" back\\slash\ttab \x01 \xe2\x9c\x93 \xf0\x9f\x9a\x80")});
            QVERIFY2(pub.exitCode == 0, pub.err.constData());
        }
        const Run versions = cli({QStringLiteral("--library"), lib.path(), QStringLiteral("versions"),
            QStringLiteral("com.politedroid"), QStringLiteral("--json")});
        QVERIFY2(versions.exitCode == 0, versions.err.constData());
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(versions.out, &error);
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        QVERIFY(doc.isArray());
        const QJsonArray list = doc.array();
        QCOMPARE(list.size(), 2);
        QCOMPARE(list.at(0).toObject().value(QStringLiteral("versionCode")).toString(), QStringLiteral("4"));
        QCOMPARE(list.at(1).toObject().value(QStringLiteral("versionCode")).toString(), QStringLiteral("3"));

        LocalLibrary library(lib.path());
        library.setReadOnly(true);
        auto full = library.versions(QStringLiteral("com.politedroid"), LocalLibrary::VersionDetail::Full);
        QVERIFY(full);
        QCOMPARE(full->size(), 2);
        for (int i = 0; i < 2; ++i) {
            const QJsonObject row = list.at(i).toObject();
            const QJsonObject extra = row.value(QStringLiteral("extra")).toObject();
            QCOMPARE(extra.value(QStringLiteral("files")).toArray().size(), 1);
            QCOMPARE(extra.value(QStringLiteral("inspection")).toObject().value(QStringLiteral("packageId")).toString(),
                QStringLiteral("com.politedroid"));
            QCOMPARE(row.value(QStringLiteral("notes")).toString(),
                QString::fromUtf8("Line one\n\"quoted\" back\\slash\ttab \x01 \xe2\x9c\x93 \xf0\x9f\x9a\x80"));
            QCOMPARE(row, full->at(i).toJson());
        }

        // A stored inspection damaged behind Slipway's back: that row comes without it, the JSON stays valid.
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("damage"));
            db.setDatabaseName(lib.filePath(QStringLiteral("catalog.sqlite")));
            QVERIFY(db.open());
            QSqlQuery damage(db);
            QVERIFY2(damage.exec(QStringLiteral("UPDATE versions SET inspection = '{\"packageId\": \"com.polit' "
                                                "WHERE version_code = '4'")),
                qPrintable(damage.lastError().text()));
            QCOMPARE(damage.numRowsAffected(), 1);
            damage.finish();
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("damage"));
        const Run damaged = cli({QStringLiteral("--library"), lib.path(), QStringLiteral("versions"),
            QStringLiteral("com.politedroid"), QStringLiteral("--json")});
        QVERIFY2(damaged.exitCode == 0, damaged.err.constData());
        const QJsonDocument afterDamage = QJsonDocument::fromJson(damaged.out, &error);
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        const QJsonArray rows = afterDamage.array();
        QCOMPARE(rows.size(), 2);
        QVERIFY(
            !rows.at(0).toObject().value(QStringLiteral("extra")).toObject().contains(QStringLiteral("inspection")));
        QCOMPARE(rows.at(1).toObject().value(QStringLiteral("extra")).toObject().value(QStringLiteral("inspection")),
            list.at(1).toObject().value(QStringLiteral("extra")).toObject().value(QStringLiteral("inspection")));

        // An app without versions: an empty array, still valid JSON.
        const Run none = cli({QStringLiteral("--library"), lib.path(), QStringLiteral("versions"),
            QStringLiteral("com.example.none"), QStringLiteral("--json")});
        QCOMPARE(none.exitCode, 0);
        QVERIFY(QJsonDocument::fromJson(none.out).isArray());
        QCOMPARE(QJsonDocument::fromJson(none.out).array().size(), 0);
    }

private:
    QTemporaryDir m_home;
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
