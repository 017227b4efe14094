// The team library across processes, through slipway-cli and a publisher that is killed: publish in one process
// and list in another, a change notified to a second process, two publishers racing for one version, a reader
// refused, kill -9 at several points of a 200 MB publish, `team init`, and `team import --from local` run twice.
#include "pgtestserver.h"

#include <testutils/testutils.h>

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <credentials/memorycredentialstore.h>
#include <library/team/teamlibrary.h>
#include <providers/team/teamprovider.h>
#include <signal.h>

using namespace Slipway;
using Slipway::Test::CliRun;
using Slipway::Test::PgTestServer;

class TestTeamProcesses : public QObject
{
    Q_OBJECT

    PgTestServer m_server;
    QTemporaryDir m_home;

    // slipway-cli's environment as `user`: its settings under the test's home, the password where libpq reads it.
    QProcessEnvironment env(const QString& user) const
    {
        QProcessEnvironment e = Test::cliEnvironment(m_home.path());
        e.insert(QStringLiteral("PGPASSWORD"), PgTestServer::passwordOf(user));
        return e;
    }

    CliRun cli(const QString& user, const QStringList& args) const { return Test::runCli(args, env(user), {}, 300000); }

    PgParams params(const QString& user) const
    {
        PgParams p;
        p.url = m_server.url(user);
        p.password = PgTestServer::passwordOf(user).toUtf8();
        p.sslmode = QStringLiteral("disable");
        return p;
    }

    static QString apk() { return Test::corpusFile(QStringLiteral("ApiDemos-debug.apk")); }

    static QJsonArray versionsJson(const CliRun& r) { return QJsonDocument::fromJson(r.out).array(); }

private Q_SLOTS:
    void initTestCase()
    {
        SLIPWAY_START_POSTGRES(m_server, PgTestServer::Options());
        QVERIFY(m_home.isValid());
        for (const QString& user : {QStringLiteral("admin"), QStringLiteral("alice"), QStringLiteral("bob")}) {
            const CliRun add = cli(user,
                {QStringLiteral("accounts"), QStringLiteral("add"), QStringLiteral("team"), QStringLiteral("--name"),
                    QStringLiteral("team-") + user, QStringLiteral("--set"),
                    QStringLiteral("url=") + m_server.url(user), QStringLiteral("--set"),
                    QStringLiteral("sslmode=disable")});
            QVERIFY2(add.exitCode == 0, add.err.constData());
        }
        // Before init, a clear "not set up" (not found).
        const CliRun early = cli(QStringLiteral("alice"),
            {QStringLiteral("apps"), QStringLiteral("--account"), QStringLiteral("team-alice")});
        QCOMPARE(early.exitCode, 6);
        QVERIFY2(early.err.contains("team init"), early.err.constData());

        const CliRun init = cli(QStringLiteral("admin"),
            {QStringLiteral("team"), QStringLiteral("init"), QStringLiteral("--account"),
                QStringLiteral("team-admin")});
        QVERIFY2(init.exitCode == 0, init.err.constData());
        QVERIFY2(init.out.contains("schema 0 -> 1"), init.out.constData());
        const CliRun again = cli(QStringLiteral("admin"),
            {QStringLiteral("team"), QStringLiteral("init"), QStringLiteral("--account"),
                QStringLiteral("team-admin")});
        QVERIFY2(again.exitCode == 0 && again.out.contains("up to date"), again.out.constData());
        QCOMPARE(m_server.psql(QStringLiteral("GRANT slipway_publisher TO alice; GRANT slipway_reader TO bob; "
                                              "SELECT 'ok'")),
            QStringLiteral("ok"));
    }

    void publishInOneProcess_listedInAnother()
    {
        SLIPWAY_REQUIRE_CORPUS();
        const CliRun published = cli(QStringLiteral("alice"),
            {QStringLiteral("publish"), apk(), QStringLiteral("--account"), QStringLiteral("team-alice"),
                QStringLiteral("--version-code"), QStringLiteral("100"), QStringLiteral("--notes"),
                QStringLiteral("First team build"), QStringLiteral("--json")});
        QVERIFY2(published.exitCode == 0, published.err.constData());
        const QJsonObject version = QJsonDocument::fromJson(published.out).object();
        const QString appId = version.value(QStringLiteral("appId")).toString();
        QVERIFY(!appId.isEmpty());

        const CliRun listed = cli(QStringLiteral("bob"),
            {QStringLiteral("versions"), appId, QStringLiteral("--account"), QStringLiteral("team-bob"),
                QStringLiteral("--json")});
        QVERIFY2(listed.exitCode == 0, listed.err.constData());
        const QJsonArray versions = versionsJson(listed);
        QCOMPARE(versions.size(), 1);
        QCOMPARE(versions.first()[QStringLiteral("id")], version.value(QStringLiteral("id")));
        QCOMPARE(versions.first()[QStringLiteral("notes")].toString(), QStringLiteral("First team build"));
        QCOMPARE(versions.first()[QStringLiteral("publisher")].toString().isEmpty(), false);

        // The reader may list, not publish: the permission error's exit code, nothing stored.
        const CliRun refused = cli(QStringLiteral("bob"),
            {QStringLiteral("publish"), apk(), QStringLiteral("--account"), QStringLiteral("team-bob"),
                QStringLiteral("--version-code"), QStringLiteral("101")});
        QCOMPARE(refused.exitCode, 5);
        QVERIFY2(refused.err.contains("slipway_publisher"), refused.err.constData());
        QCOMPARE(m_server.psql(QStringLiteral("SELECT count(*) FROM slipway_versions WHERE version_code = '101'")),
            QStringLiteral("0"));
    }

    void notification_reachesAnotherProcess()
    {
        SLIPWAY_REQUIRE_CORPUS();
        const Account account = m_server.teamAccount(QStringLiteral("team-bob"), QStringLiteral("bob"));
        MemoryCredentialStore keychain;
        QVERIFY(PgTestServer::storePassword(keychain, account, QStringLiteral("bob")));
        TeamProvider provider(account, &keychain);
        QSignalSpy listening(&provider, &TeamProvider::listening);
        QSignalSpy changed(&provider, &Provider::changed);
        QVERIFY(listening.wait(10000));
        QCOMPARE(changed.count(), 0);

        QProcess* publisher
            = Test::startCli({QStringLiteral("publish"), apk(), QStringLiteral("--account"),
                                 QStringLiteral("team-alice"), QStringLiteral("--version-code"), QStringLiteral("200")},
                this, env(QStringLiteral("alice")));
        QVERIFY(changed.wait(60000));
        QVERIFY(publisher->waitForFinished(60000));
        QCOMPARE(publisher->exitCode(), 0);
    }

    void concurrentPublishers_exactlyOneWins()
    {
        SLIPWAY_REQUIRE_CORPUS();
        const QStringList args {QStringLiteral("publish"), apk(), QStringLiteral("--account"),
            QStringLiteral("team-alice"), QStringLiteral("--version-code"), QStringLiteral("300"),
            QStringLiteral("--label"), QStringLiteral("race")};
        QProcess* a = Test::startCli(args, this, env(QStringLiteral("alice")));
        QProcess* b = Test::startCli(args, this, env(QStringLiteral("alice")));
        QVERIFY(a->waitForFinished(120000));
        QVERIFY(b->waitForFinished(120000));
        QList<int> codes {a->exitCode(), b->exitCode()};
        std::sort(codes.begin(), codes.end());
        QCOMPARE(codes, (QList<int> {0, 7}));
        const QByteArray loser = (a->exitCode() == 7 ? a : b)->readAllStandardError();
        QVERIFY2(loser.contains("already has version code 300"), loser.constData());
        QCOMPARE(m_server.psql(QStringLiteral("SELECT count(*) FROM slipway_versions WHERE version_code = '300'")),
            QStringLiteral("1"));

        // Different versions proceed side by side.
        QStringList c = args;
        c[5] = QStringLiteral("301");
        QStringList d = args;
        d[5] = QStringLiteral("302");
        QProcess* pc = Test::startCli(c, this, env(QStringLiteral("alice")));
        QProcess* pd = Test::startCli(d, this, env(QStringLiteral("alice")));
        QVERIFY(pc->waitForFinished(120000) && pd->waitForFinished(120000));
        QCOMPARE(pc->exitCode(), 0);
        QCOMPARE(pd->exitCode(), 0);
    }

    void killedPublisher_leavesNothing_data()
    {
        QTest::addColumn<QString>("stage");
        QTest::newRow("version row inserted") << QStringLiteral("version-inserted");
        QTest::newRow("half of 200 MB streamed") << QStringLiteral("streaming");
        QTest::newRow("all rows in, before commit") << QStringLiteral("files-inserted");
    }

    void killedPublisher_leavesNothing()
    {
        QFETCH(QString, stage);
        // 200 MB whose first block differs per row: the bytes are new each time, never shared with an earlier row.
        const QString big = m_home.filePath(QStringLiteral("big.bin"));
        {
            QFile f(big);
            QVERIFY(f.open(QIODevice::ReadWrite));
            QByteArray block(1024 * 1024, 'x');
            if (f.size() != 200 * block.size()) {
                for (int i = 0; i < 200; ++i) {
                    block[0] = char(i);
                    QCOMPARE(f.write(block), qint64(block.size()));
                }
            }
            QVERIFY(f.seek(0));
            const QByteArray first = (stage + QStringLiteral(" ")).toUtf8().repeated(1000);
            QCOMPARE(f.write(first), qint64(first.size()));
        }
        const QString publisherPath = qEnvironmentVariable("SLIPWAY_TEAM_PUBLISHER");
        QVERIFY2(!publisherPath.isEmpty(), "SLIPWAY_TEAM_PUBLISHER is not set (run through ctest)");
        const QString appId
            = QStringLiteral("com.example.killed.") + QString(stage).replace(QLatin1Char('-'), QLatin1Char('_'));
        QProcess publisher;
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.insert(QStringLiteral("PGPASSWORD"), PgTestServer::passwordOf(QStringLiteral("alice")));
        publisher.setProcessEnvironment(e);
        publisher.start(publisherPath,
            {m_server.url(QStringLiteral("alice")) + QStringLiteral("?sslmode=disable"), stage, big, appId,
                QStringLiteral("1")});
        QByteArray out;
        QTRY_VERIFY_WITH_TIMEOUT((out += publisher.readAllStandardOutput()).contains("STAGE"), 120000);
        QVERIFY2(out.contains(stage.toUtf8()), out.constData());
        ::kill(pid_t(publisher.processId()), SIGKILL);
        QVERIFY(publisher.waitForFinished(10000));

        // The server notices the dead client and rolls its transaction back.
        QTRY_COMPARE_WITH_TIMEOUT(m_server.psql(QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE state "
                                                               "LIKE 'idle in transaction%'")),
            QStringLiteral("0"), 30000);
        TeamLibrary library(params(QStringLiteral("alice")));
        auto versions = library.versions(appId);
        QVERIFY2(versions, qPrintable(versions.error().message));
        QCOMPARE(versions->size(), 0);
        QCOMPARE(library.unreferencedLargeObjects().value(), 0);
        QCOMPARE(m_server.psql(QStringLiteral("SELECT count(*) FROM slipway_apps WHERE id = '%1'").arg(appId)),
            QStringLiteral("0"));
        // The version the killed process was publishing is free: a small publish of it goes through.
        const QString small = m_home.filePath(QStringLiteral("small.bin"));
        {
            QFile f(small);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(QByteArray(4096, 's') + stage.toUtf8());
        }
        QProcess again;
        again.setProcessEnvironment(e);
        again.start(publisherPath,
            {m_server.url(QStringLiteral("alice")) + QStringLiteral("?sslmode=disable"), QStringLiteral("none"), small,
                appId, QStringLiteral("1")});
        QVERIFY(again.waitForFinished(60000));
        QVERIFY2(again.exitCode() == 0, again.readAllStandardError().constData());
        QCOMPARE(library.versions(appId)->size(), 1);
    }

    void importFromLocal_twiceGivesSameCatalog()
    {
        SLIPWAY_REQUIRE_CORPUS();
        for (const QString& name :
            {QStringLiteral("SpeedoMeterApp.main_1.apk"), QStringLiteral("SystemWebView-repack.apk")}) {
            const CliRun local = cli(QStringLiteral("alice"),
                {QStringLiteral("publish"), Test::corpusFile(name), QStringLiteral("--notes"),
                    QStringLiteral("local ") + name});
            QVERIFY2(local.exitCode == 0, local.err.constData());
        }
        const QStringList import {QStringLiteral("team"), QStringLiteral("import"), QStringLiteral("--from"),
            QStringLiteral("local"), QStringLiteral("--account"), QStringLiteral("team-alice"),
            QStringLiteral("--json")};
        const CliRun first = cli(QStringLiteral("alice"), import);
        QVERIFY2(first.exitCode == 0, first.err.constData());
        QCOMPARE(QJsonDocument::fromJson(first.out).object().value(QStringLiteral("copied")).toInt(), 2);
        QVERIFY2(first.err.contains("[1/2]") && first.err.contains("SHA-256 verified"), first.err.constData());

        auto catalog = [&] {
            QJsonArray all;
            const CliRun apps = cli(QStringLiteral("bob"),
                {QStringLiteral("apps"), QStringLiteral("--account"), QStringLiteral("team-bob"),
                    QStringLiteral("--json")});
            for (const QJsonValue& app : QJsonDocument::fromJson(apps.out).array()) {
                const CliRun v = cli(QStringLiteral("bob"),
                    {QStringLiteral("versions"), app[QStringLiteral("id")].toString(), QStringLiteral("--account"),
                        QStringLiteral("team-bob"), QStringLiteral("--json")});
                all.append(QJsonDocument::fromJson(v.out).array());
            }
            return all;
        };
        const QJsonArray before = catalog();
        const CliRun second = cli(QStringLiteral("alice"), import);
        QVERIFY2(second.exitCode == 0, second.err.constData());
        QCOMPARE(QJsonDocument::fromJson(second.out).object().value(QStringLiteral("copied")).toInt(), 0);
        QCOMPARE(QJsonDocument::fromJson(second.out).object().value(QStringLiteral("skipped")).toInt(), 2);
        QCOMPARE(catalog(), before);

        // What the Local library holds arrived with its notes, date and bytes.
        const CliRun local = cli(QStringLiteral("alice"), {QStringLiteral("apps"), QStringLiteral("--json")});
        for (const QJsonValue& app : QJsonDocument::fromJson(local.out).array()) {
            const QString id = app[QStringLiteral("id")].toString();
            const QJsonArray lv = versionsJson(
                cli(QStringLiteral("alice"), {QStringLiteral("versions"), id, QStringLiteral("--json")}));
            const QJsonArray tv = versionsJson(cli(QStringLiteral("bob"),
                {QStringLiteral("versions"), id, QStringLiteral("--account"), QStringLiteral("team-bob"),
                    QStringLiteral("--json")}));
            QCOMPARE(tv.size(), lv.size());
            for (int i = 0; i < lv.size(); ++i) {
                for (const char* key : {"versionCode", "versionName", "notes", "publisher", "sha256", "md5", "size",
                         "created", "fileName"})
                    QCOMPARE(tv.at(i)[QLatin1String(key)], lv.at(i)[QLatin1String(key)]);
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestTeamProcesses)
#include "tst_teamprocesses.moc"
