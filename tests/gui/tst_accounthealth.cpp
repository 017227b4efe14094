// Account health in the main window, offscreen, against a loopback HockeyApp server (tests/providers'
// HockeyAppFakeServer, which follows docs/apis/hockeyapp.md): an account whose listing fails gets a placeholder row
// "Could not list apps — Retry · Edit account" and a line of its own in the message bar; fixing the server and
// retrying (Enter on the row) lists its apps; an account whose secret is not in the keychain offers Edit account
// only; two failing accounts show two messages; the message bar floats over the central area without moving it.
#include "../providers/hockeyappfakeserver.h"
#include "guitestsupport.h"

#include <gui/accountsdialog.h>
#include <gui/mainwindow.h>
#include <gui/messagebar.h>

#include <QAction>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSplitter>
#include <QTreeView>
#include <QtTest>
#include <credentials/accountstore.h>
#include <credentials/credentialstore.h>
#include <credentials/memorycredentialstore.h>
#include <models/accounttreemodel.h>

using namespace Slipway;
using namespace Slipway::Gui;

class TestAccountHealth : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Workspace> m_workspace;
    MemoryCredentialStore* m_store = nullptr;

    // A HockeyApp account at `server`; `token` empty: no secret in the keychain.
    void addAccount(const QString& name, const HockeyAppFakeServer& server, const QByteArray& token)
    {
        Account a;
        a.name = name;
        a.service = QStringLiteral("hockeyapp");
        a.baseUrl = server.apiUrl();
        QVERIFY2(m_workspace->accountStore().save(a), qPrintable(name));
        if (!token.isEmpty())
            m_store->insert(CredentialStore::keyFor(name, QStringLiteral("token")), token);
    }

    static QTreeView* tree(MainWindow& window)
    {
        return window.findChild<QTreeView*>(QStringLiteral("accountTreeView"));
    }

    static QAction* action(MainWindow& window, const char* name)
    {
        for (QAction* a : tree(window)->actions()) {
            if (a->objectName() == QLatin1String(name))
                return a;
        }
        return nullptr;
    }

    // The first child row of `account` in the view's (filtered) model.
    static QModelIndex firstChild(MainWindow& window, const QString& account)
    {
        QAbstractItemModel* model = tree(window)->model();
        for (int row = 0; row < model->rowCount(); ++row) {
            const QModelIndex idx = model->index(row, 0);
            if (idx.data(AccountTreeModel::AccountNameRole).toString() == account)
                return model->index(0, 0, idx);
        }
        return {};
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_workspace = Test::makeWorkspace(*m_dir);
        m_store = new MemoryCredentialStore(m_workspace.get());
        m_workspace->setCredentialStore(m_store);
    }
    void cleanup()
    {
        m_workspace.reset();
        m_dir.reset();
    }

    void failingAccount_placeholderRetries_thenListsApps()
    {
        HockeyAppFakeServer server;
        QVERIFY(server.listen());
        server.addApp(
            QStringLiteral("Polite Droid"), QStringLiteral("org.example.politedroid"), QStringLiteral("Android"));
        const QByteArray token = server.token.toUtf8();
        server.token = QStringLiteral("rotated-on-the-server"); // the server refuses the account's token for now
        addAccount(QStringLiteral("hock"), server, token);

        MainWindow window(m_workspace.get());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTRY_VERIFY(firstChild(window, QStringLiteral("hock")).isValid());
        QModelIndex placeholder = firstChild(window, QStringLiteral("hock"));
        QTRY_COMPARE(placeholder.data(AccountTreeModel::KindRole).toString(), QStringLiteral("placeholder"));
        QCOMPARE(placeholder.data().toString(), QStringLiteral("Could not list apps — Retry · Edit account"));
        QVERIFY(placeholder.data(AccountTreeModel::CanRetryRole).toBool());
        QVERIFY(!placeholder.data(Qt::ToolTipRole).toString().isEmpty()); // the error, on hover
        QCOMPARE(window.messageBar()->count(), 1);
        QVERIFY(window.messageBar()->text().contains(QLatin1String("hock")));
        QCOMPARE(window.messageBar()->type(), MessageBar::Type::Error);

        // Both actions are in the row's context menu (mouse, or the Menu key) and enabled for it.
        tree(window)->setCurrentIndex(placeholder);
        QCOMPARE(tree(window)->contextMenuPolicy(), Qt::ActionsContextMenu);
        QAction* retry = action(window, "actionRetryAccount");
        QAction* edit = action(window, "actionEditAccount");
        QVERIFY(retry && edit);
        QVERIFY(retry->isEnabled());
        QVERIFY(edit->isEnabled());

        // The server is fixed; Enter on the placeholder retries, and the apps are listed.
        server.token = QString::fromUtf8(token);
        const int before = server.server.count("GET", QStringLiteral("/api/2/apps"));
        tree(window)->setFocus();
        QTest::keyClick(tree(window), Qt::Key_Return);
        QTRY_VERIFY(server.server.count("GET", QStringLiteral("/api/2/apps")) > before);
        QTRY_COMPARE(firstChild(window, QStringLiteral("hock")).data(AccountTreeModel::KindRole).toString(),
            QStringLiteral("app"));
        // The app row: its name and platform marker.
        QCOMPARE(
            firstChild(window, QStringLiteral("hock")).data().toString(), QStringLiteral("Polite Droid · Android"));
        // The account's message went with the failure.
        QTRY_COMPARE(window.messageBar()->count(), 0);
    }

    void missingSecret_offersEditAccountOnly()
    {
        HockeyAppFakeServer server;
        QVERIFY(server.listen());
        addAccount(QStringLiteral("nosecret"), server, {});

        MainWindow window(m_workspace.get());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTRY_COMPARE(firstChild(window, QStringLiteral("nosecret")).data(AccountTreeModel::KindRole).toString(),
            QStringLiteral("placeholder"));
        const QModelIndex placeholder = firstChild(window, QStringLiteral("nosecret"));
        QCOMPARE(placeholder.data().toString(), QStringLiteral("Could not list apps — Edit account"));
        QVERIFY(!placeholder.data(AccountTreeModel::CanRetryRole).toBool());
        QCOMPARE(server.server.count("GET", QStringLiteral("/api/2/apps")), 0); // nothing was sent without it

        tree(window)->setCurrentIndex(placeholder);
        QVERIFY(!action(window, "actionRetryAccount")->isEnabled());
        QVERIFY(action(window, "actionEditAccount")->isEnabled());
        QCOMPARE(window.messageBar()->count(), 1);
        QVERIFY(window.messageBar()->text().contains(QLatin1String("keychain")));

        // Enter on the row opens the Accounts dialog on that account, its token field asking for the secret.
        tree(window)->setFocus();
        QTest::keyClick(tree(window), Qt::Key_Return);
        AccountsDialog* dialog = nullptr;
        QTRY_VERIFY((dialog = window.findChild<AccountsDialog*>()) != nullptr);
        QVERIFY(dialog->isEditing());
        QCOMPARE(dialog->findChild<QLineEdit*>(QStringLiteral("nameLineEdit"))->text(), QStringLiteral("nosecret"));
        QTRY_VERIFY(!dialog->fieldProblem(QStringLiteral("token")).isEmpty());
        dialog->reject();
    }

    void twoFailingAccounts_twoMessages()
    {
        HockeyAppFakeServer first;
        HockeyAppFakeServer second;
        QVERIFY(first.listen());
        QVERIFY(second.listen());
        addAccount(QStringLiteral("alpha"), first, "wrong-token-a");
        addAccount(QStringLiteral("beta"), second, "wrong-token-b");

        MainWindow window(m_workspace.get());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTRY_COMPARE(window.messageBar()->count(), 2);
        const QStringList texts = window.messageBar()->texts();
        QCOMPARE(texts.filter(QStringLiteral("alpha")).size(), 1);
        QCOMPARE(texts.filter(QStringLiteral("beta")).size(), 1);

        // Retrying one that still fails replaces its line instead of adding one.
        QSignalSpy failed(window.accountModel(), &AccountTreeModel::loadFailed);
        const int before = first.server.count("GET", QStringLiteral("/api/2/apps"));
        window.accountModel()->reloadAccount(QStringLiteral("alpha"));
        QVERIFY(failed.wait());
        QCOMPARE(failed.first().first().toString(), QStringLiteral("alpha"));
        QVERIFY(first.server.count("GET", QStringLiteral("/api/2/apps")) > before);
        QCOMPARE(window.messageBar()->count(), 2);

        // Each line closes on its own.
        auto* close = window.messageBar()->findChild<QWidget*>(QStringLiteral("messageCloseButton"));
        QVERIFY(close);
        QTest::mouseClick(close, Qt::LeftButton);
        QCOMPARE(window.messageBar()->count(), 1);
    }

    void messageBar_overlaysWithoutMovingTheLayout()
    {
        MainWindow window(m_workspace.get());
        window.resize(900, 600);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* splitter = window.findChild<QSplitter*>(QStringLiteral("mainSplitter"));
        QVERIFY(splitter);
        QTRY_VERIFY(!window.accountModel()->isLoading());
        QCOMPARE(window.messageBar()->count(), 0);
        const QRect before = splitter->geometry();

        for (int i = 0; i < 3; ++i)
            window.messageBar()->showMessage(QStringLiteral("message %1").arg(i), MessageBar::Type::Warning);
        QCoreApplication::processEvents();
        QCOMPARE(window.messageBar()->count(), 3);
        QVERIFY(window.messageBar()->isVisible());
        QCOMPARE(splitter->geometry(), before);
        // It lies over the top of the central area, above the splitter.
        QVERIFY(window.messageBar()->geometry().intersects(before));
        QVERIFY(window.messageBar()->geometry().top() < before.top() + 20);
        QCOMPARE(window.messageBar()->parentWidget(), splitter->parentWidget());

        // A resize keeps it across the width; dismissing everything hides it.
        window.resize(1000, 650);
        QTRY_COMPARE(window.messageBar()->width(), window.messageBar()->parentWidget()->width() - 12);
        window.messageBar()->dismiss();
        QVERIFY(!window.messageBar()->isVisible());
        QCOMPARE(splitter->geometry().top(), before.top());
    }
};

QTEST_MAIN(TestAccountHealth)
#include "tst_accounthealth.moc"
