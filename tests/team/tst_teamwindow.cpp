// The window with a team library account: the account and its apps in the tree; a version another process
// publishes appears in the open window's table, and a new app in every open window's tree, by themselves
// (LISTEN/NOTIFY), without a reload by the user; a package dropped on the window is published to the team
// library and seen from another process.
#include "pgtestserver.h"

#include <gui/mainwindow.h>
#include <gui/messagebar.h>
#include <gui/publishdialog.h>
#include <testutils/testutils.h>

#include <QApplication>
#include <QDropEvent>
#include <QMimeData>
#include <QProcess>
#include <QPushButton>
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
#include <models/accounttreemodel.h>
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

    // Publishes `code` of `appId` from another process (tests/team/teampublisher.cpp), as alice.
    void publishElsewhere(const QString& code, const QString& appId = QStringLiteral("com.example.window"))
    {
        const QString file = m_dir.filePath(QStringLiteral("build-%1-%2.bin").arg(appId, code));
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
                appId, code});
        QVERIFY(publisher.waitForFinished(60000));
        QVERIFY2(publisher.exitCode() == 0, publisher.readAllStandardError().constData());
    }

    // A workspace of its own (settings, Local library) with the team library account `name`, signed in as alice.
    std::unique_ptr<Workspace> teamWorkspace(const QString& name)
    {
        Workspace::Options options;
        options.libraryPath = m_dir.filePath(name + QStringLiteral("/library"));
        options.settingsFile = m_dir.filePath(name + QStringLiteral("/settings.ini"));
        options.memorySecrets = true;
        auto workspace = std::make_unique<Workspace>(options);
        const Account account = m_server.teamAccount(name, QStringLiteral("alice"));
        if (!PgTestServer::storePassword(*workspace->credentials(), account, QStringLiteral("alice"))
            || !workspace->accountStore().save(account))
            return {};
        return workspace;
    }

    // The account's row in a window's tree, once its apps are loaded (invalid when it never is).
    static QModelIndex accountRow(QTreeView* tree, const QString& account)
    {
        QAbstractItemModel* model = tree->model();
        for (int r = 0; r < model->rowCount(); ++r) {
            const QModelIndex i = model->index(r, 0);
            if (i.data(AccountTreeModel::AccountNameRole).toString() == account
                && !i.data(AccountTreeModel::LoadingRole).toBool())
                return i;
        }
        return {};
    }

    // The app's row under an account row (invalid when it is not there).
    static QModelIndex appRow(const QModelIndex& account, const QString& appId)
    {
        const QAbstractItemModel* model = account.model();
        for (int r = 0; account.isValid() && r < model->rowCount(account); ++r) {
            const QModelIndex i = model->index(r, 0, account);
            if (i.data(AccountTreeModel::AppIdRole).toString() == appId)
                return i;
        }
        return {};
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
            appRow(teamRow = accountRow(tree, QStringLiteral("team-gui")), QStringLiteral("com.example.window"))
                .isValid(),
            30000);
        QVERIFY(teamRow.data().toString().contains(QLatin1String("Team library")));
        QVERIFY(model);
        const QModelIndex app = appRow(teamRow, QStringLiteral("com.example.window"));
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

    // A colleague publishes an app nobody had: it appears in the tree of every open window, and the app each
    // window shows stays selected.
    void colleaguesNewApp_appearsInEveryWindowsTree()
    {
        publishElsewhere(QStringLiteral("1"), QStringLiteral("com.example.tree.mine"));
        auto workspace = teamWorkspace(QStringLiteral("team-tree"));
        QVERIFY(workspace);
        Gui::MainWindow first(workspace.get());
        Gui::MainWindow second(workspace.get());
        QList<QTreeView*> trees;
        for (Gui::MainWindow* window : {&first, &second}) {
            window->show();
            QVERIFY(QTest::qWaitForWindowExposed(window));
            auto* tree = window->findChild<QTreeView*>(QStringLiteral("accountTreeView"));
            QVERIFY(tree);
            QTRY_VERIFY_WITH_TIMEOUT(
                appRow(accountRow(tree, QStringLiteral("team-tree")), QStringLiteral("com.example.tree.mine"))
                    .isValid(),
                30000);
            tree->setCurrentIndex(
                appRow(accountRow(tree, QStringLiteral("team-tree")), QStringLiteral("com.example.tree.mine")));
            trees.append(tree);
        }
        auto* provider = qobject_cast<TeamProvider*>(workspace->provider(QStringLiteral("team-tree")).value());
        QVERIFY(provider);
        // The trees listen from the moment they show the account (no version table needed).
        QTRY_VERIFY_WITH_TIMEOUT(provider->listener() && provider->listener()->isListening(), 20000);

        // Sorted before the selected app, so the rows move under the selection.
        publishElsewhere(QStringLiteral("7"), QStringLiteral("com.example.tree.another"));
        for (QTreeView* tree : std::as_const(trees)) {
            QTRY_VERIFY_WITH_TIMEOUT(
                appRow(accountRow(tree, QStringLiteral("team-tree")), QStringLiteral("com.example.tree.another"))
                    .isValid(),
                30000);
            QCOMPARE(tree->currentIndex().data(AccountTreeModel::AppIdRole).toString(),
                QStringLiteral("com.example.tree.mine"));
        }
    }

    // A package dropped on the window with the team library account selected is published there: the version is
    // in the team catalog (read by psql, another process) with its signer, and in the window's table.
    void drop_publishesToTeamLibrary()
    {
        SLIPWAY_REQUIRE_CORPUS();
        auto workspace = teamWorkspace(QStringLiteral("team-drop"));
        QVERIFY(workspace);
        Gui::MainWindow window(workspace.get());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* tree = window.findChild<QTreeView*>(QStringLiteral("accountTreeView"));
        QTRY_VERIFY_WITH_TIMEOUT(accountRow(tree, QStringLiteral("team-drop")).isValid(), 30000);
        tree->setCurrentIndex(accountRow(tree, QStringLiteral("team-drop")));

        // The drop as a file manager sends it (tests/gui/tst_mainwindow.cpp does the same).
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(Test::corpusFile(QStringLiteral("com.politedroid_3.apk")))});
        const QPoint pos = window.rect().center();
        QDragEnterEvent enter(pos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(pos), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &drop);
        QVERIFY(drop.isAccepted());

        Gui::PublishDialog* dialog = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((dialog = window.findChild<Gui::PublishDialog*>()) && dialog->isVisible(), 30000);
        QCOMPARE(dialog->accountName(), QStringLiteral("team-drop"));
        QTRY_VERIFY_WITH_TIMEOUT(dialog->publishButton()->isEnabled(), 30000); // preflight passed
        QSignalSpy published(&window, &Gui::MainWindow::publishFinished);
        QTest::mouseClick(dialog->publishButton(), Qt::LeftButton);
        QVERIFY(published.wait(60000));
        QVERIFY2(published.first().first().toBool(), qPrintable(window.messageBar()->text()));

        QCOMPARE(
            m_server.psql(QStringLiteral("SELECT version_code || ' ' || (inspection->'signing'->'certificates'->0->>"
                                         "'sha256' IS NOT NULL) FROM slipway_versions WHERE app_id = "
                                         "'com.politedroid'")),
            QStringLiteral("3 true"));
        auto* table = window.findChild<QTableView*>(QStringLiteral("versionTableView"));
        QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 1, 30000);
        QCOMPARE(table->model()->index(0, VersionTableModel::VersionCode).data().toString(), QStringLiteral("3"));
    }
};

QTEST_MAIN(TestTeamWindow)
#include "tst_teamwindow.moc"
