// The window with a team library account: the account and its apps in the tree, and a version another process
// publishes appears in the open window's table by itself (LISTEN/NOTIFY), without a reload by the user.
#include "pgtestserver.h"

#include <gui/mainwindow.h>

#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <credentials/accountstore.h>
#include <credentials/credentialstore.h>
#include <library/team/pgconnection.h>
#include <library/team/teamlistener.h>
#include <library/team/teamschema.h>
#include <models/versiontablemodel.h>
#include <providers/team/teamprovider.h>
#include <session/workspace.h>

using namespace Slipway;
using Slipway::Test::PgTestServer;

class TestTeamWindow : public QObject
{
    Q_OBJECT

    PgTestServer m_server;
    QTemporaryDir m_dir;

    // Publishes `code` of com.example.window from another process (tests/team/teampublisher.cpp), as alice.
    void publishElsewhere(const QString& code)
    {
        const QString file = m_dir.filePath(QStringLiteral("build-%1.bin").arg(code));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(64 * 1024, 'w') + code.toUtf8());
        f.close();
        QProcess publisher;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PGPASSWORD"), PgTestServer::passwordOf(QStringLiteral("alice")));
        publisher.setProcessEnvironment(env);
        publisher.start(qEnvironmentVariable("SLIPWAY_TEAM_PUBLISHER"),
            {m_server.url(QStringLiteral("alice")) + QStringLiteral("?sslmode=disable"), QStringLiteral("none"), file,
                QStringLiteral("com.example.window"), code});
        QVERIFY(publisher.waitForFinished(60000));
        QVERIFY2(publisher.exitCode() == 0, publisher.readAllStandardError().constData());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY2(!qEnvironmentVariable("SLIPWAY_TEAM_PUBLISHER").isEmpty(), "run through ctest");
        SLIPWAY_START_POSTGRES(m_server, PgTestServer::Options());
        PgParams admin;
        admin.url = m_server.url(QStringLiteral("admin"));
        admin.password = PgTestServer::passwordOf(QStringLiteral("admin")).toUtf8();
        admin.sslmode = QStringLiteral("disable");
        auto connection = PgConnection::open(admin);
        QVERIFY2(connection, qPrintable(connection.error().message));
        QVERIFY(TeamSchema::migrate(*connection.value()));
        QVERIFY(connection.value()->run(QStringLiteral("GRANT slipway_publisher TO alice")));
    }

    void colleaguesPublish_appearsInOpenWindow()
    {
        publishElsewhere(QStringLiteral("1"));

        Workspace::Options options;
        options.libraryPath = m_dir.filePath(QStringLiteral("library"));
        options.settingsFile = m_dir.filePath(QStringLiteral("settings.ini"));
        options.memorySecrets = true;
        Workspace workspace(options);
        const Account account = m_server.teamAccount(QStringLiteral("team-gui"), QStringLiteral("alice"));
        QVERIFY(PgTestServer::storePassword(*workspace.credentials(), account, QStringLiteral("alice")));
        QVERIFY(workspace.accountStore().save(account));

        Gui::MainWindow window(&workspace);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* tree = window.findChild<QTreeView*>(QStringLiteral("accountTreeView"));
        QVERIFY(tree);
        QAbstractItemModel* model = tree->model();
        QModelIndex teamRow;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (int r = 0; r < model->rowCount(); ++r) {
                    const QModelIndex i = model->index(r, 0);
                    if (i.data().toString().contains(QLatin1String("team-gui")) && model->rowCount(i) == 1) {
                        teamRow = i;
                        return true;
                    }
                }
                return false;
            }(),
            30000);
        QVERIFY(teamRow.data().toString().contains(QLatin1String("Team library")));
        const QModelIndex app = model->index(0, 0, teamRow);
        tree->setCurrentIndex(app);
        auto* table = window.findChild<QTableView*>(QStringLiteral("versionTableView"));
        QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 1, 30000);

        // The window listens once it shows the team library's versions; a colleague's publish then appears.
        auto* provider = qobject_cast<TeamProvider*>(workspace.provider(account.name).value());
        QVERIFY(provider);
        // It may have started listening before this line: the listener's state, not a signal already gone.
        QTRY_VERIFY_WITH_TIMEOUT(provider->listener() && provider->listener()->isListening(), 20000);
        publishElsewhere(QStringLiteral("2"));
        QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 2, 30000);
        QCOMPARE(table->model()->index(0, VersionTableModel::VersionCode).data().toString(), QStringLiteral("2"));
    }
};

QTEST_MAIN(TestTeamWindow)
#include "tst_teamwindow.moc"
