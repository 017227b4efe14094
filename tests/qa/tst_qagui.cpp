// The QA actions in the real window, offscreen (issue 13): the context menu offers Download, Copy Link, Show QR
// Code, Compare and Delete; Download saves the stored file; the compare dialog opens on two selected rows with
// the changes highlighted; the details pane is cleared after a delete and after F5; the All Accounts view counts
// "N of M" and Esc clears its search.
#include <gui/allaccountsdialog.h>
#include <gui/comparedialog.h>
#include <gui/detailspane.h>
#include <gui/mainwindow.h>
#include <gui/qaactions.h>
#include <gui/qrdialog.h>
#include <gui/userprompts.h>
#include <testutils/testutils.h>

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QMenu>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <library/locallibrary.h>
#include <models/accounttreemodel.h>
#include <models/versiontablemodel.h>
#include <package/packageinspector.h>
#include <session/workspace.h>

using namespace Slipway;
using namespace Slipway::Gui;

namespace {

class ScriptedPrompts : public UserPrompts
{
public:
    bool confirm(QWidget*, const QString&, const QString& text, const QString&) override
    {
        asked.append(text);
        return true;
    }
    QStringList asked;
};

QByteArray fileBytes(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestQaGui : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Workspace> m_ws;
    std::unique_ptr<MainWindow> m_window;
    ScriptedPrompts* m_prompts = nullptr;

    void publish(const QString& name)
    {
        const QString file = Test::corpusFile(name);
        auto info = PackageInspector::inspect(file);
        QVERIFY(info);
        PublishRequest request;
        request.files = {file};
        LocalLibrary library(m_dir->filePath(QStringLiteral("library")));
        QVERIFY(library.publish(request, {info.value()}));
        QTest::qWait(5); // distinct publish times
    }
    QTableView* table() const { return m_window->findChild<QTableView*>(QStringLiteral("versionTableView")); }
    // Opens the window on com.politedroid in the Local library and waits for its versions.
    void openApp(int expectedRows)
    {
        m_window = std::make_unique<MainWindow>(m_ws.get());
        auto prompts = std::make_unique<ScriptedPrompts>();
        m_prompts = prompts.get();
        m_window->setUserPrompts(std::move(prompts));
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        auto* tree = m_window->findChild<QTreeView*>(QStringLiteral("accountTreeView"));
        QVERIFY(tree);
        QModelIndex app;
        QTRY_VERIFY_WITH_TIMEOUT(
            (app = m_window->accountModel()->appIndex(QStringLiteral("local"), QStringLiteral("com.politedroid")))
                .isValid(),
            20000);
        auto* proxy = qobject_cast<QAbstractProxyModel*>(tree->model());
        tree->setCurrentIndex(proxy->mapFromSource(app));
        QTRY_COMPARE_WITH_TIMEOUT(table()->model()->rowCount(), expectedRows, 20000);
    }
    void selectRows(const QList<int>& rows)
    {
        table()->clearSelection();
        for (int r : rows)
            table()->selectionModel()->select(
                table()->model()->index(r, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
        table()->selectionModel()->setCurrentIndex(
            table()->model()->index(rows.first(), 0), QItemSelectionModel::NoUpdate);
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init()
    {
        SLIPWAY_REQUIRE_CORPUS();
        m_dir = std::make_unique<QTemporaryDir>();
        publish(QStringLiteral("com.politedroid_3.apk"));
        publish(QStringLiteral("com.politedroid_6.apk"));
        Workspace::Options options;
        options.libraryPath = m_dir->filePath(QStringLiteral("library"));
        options.settingsFile = m_dir->filePath(QStringLiteral("settings.ini"));
        options.memorySecrets = true;
        m_ws = std::make_unique<Workspace>(options);
    }
    void cleanup()
    {
        m_window.reset();
        m_ws.reset();
        m_dir.reset();
    }

    void contextMenuActions()
    {
        openApp(2);
        selectRows({0});
        QaActions* qa = m_window->qaActions();
        QVERIFY(qa);
        std::unique_ptr<QMenu> menu(qa->contextMenu());
        QStringList names;
        for (QAction* a : menu->actions())
            if (!a->isSeparator())
                names << a->objectName();
        QCOMPARE(names,
            QStringList({"actionDownloadVersion", "actionCopyLink", "actionShowQr", "actionCompareVersions",
                "actionDeleteVersion"}));
        for (QAction* a : menu->actions())
            QVERIFY2(a->isSeparator() || a->isEnabled(), qPrintable(a->objectName()));
        // The same actions are in the menu bar with shortcuts.
        QVERIFY(!qa->action(QStringLiteral("actionDownloadVersion"))->shortcut().isEmpty());
        QVERIFY(m_window->findChild<QMenu*>(QStringLiteral("menuVersions")));

        // Download saves the stored bytes where the user said.
        const VersionInfo v = qa->selectedVersions().first();
        const QString target = m_dir->filePath(QStringLiteral("saved.apk"));
        qa->hooks().savePath = [&](const QString& suggested) {
            [&] { QCOMPARE(QFileInfo(suggested).fileName(), v.fileName); }();
            return target;
        };
        QSignalSpy downloaded(qa, &QaActions::downloaded);
        qa->action(QStringLiteral("actionDownloadVersion"))->trigger();
        QVERIFY(downloaded.wait(20000));
        QCOMPARE(downloaded.first().first().toString(), target);
        QCOMPARE(fileBytes(target),
            fileBytes(Test::corpusFile(v.versionCode == QLatin1String("6") ? QStringLiteral("com.politedroid_6.apk")
                                                                           : QStringLiteral("com.politedroid_3.apk"))));

        // Copy Link puts the version's link on the clipboard; Show QR Code opens the QR dialog.
        qa->action(QStringLiteral("actionCopyLink"))->trigger();
        QCOMPARE(QApplication::clipboard()->text(), v.downloadUrl);
        qa->action(QStringLiteral("actionShowQr"))->trigger();
        QTRY_VERIFY(m_window->findChild<QrDialog*>());

        // With two rows selected the menu offers deleting both.
        selectRows({0, 1});
        std::unique_ptr<QMenu> multi(qa->contextMenu());
        QCOMPARE(multi->actions().last()->objectName(), QStringLiteral("actionDeleteSelected"));
    }

    void compareTwoSelectedRows()
    {
        openApp(2);
        selectRows({0, 1});
        QaActions* qa = m_window->qaActions();
        QCOMPARE(qa->selectedVersions().size(), 2);
        QVERIFY(qa->action(QStringLiteral("actionCompareVersions"))->isEnabled());
        QSignalSpy compared(qa, &QaActions::compared);
        qa->action(QStringLiteral("actionCompareVersions"))->trigger();
        QVERIFY(compared.wait(30000));
        CompareDialog* dialog = m_window->findChild<CompareDialog*>();
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        const QStringList changed = dialog->changedFields();
        QVERIFY2(changed.contains(QStringLiteral("versionCode")), qPrintable(changed.join(',')));
        QVERIFY(changed.contains(QStringLiteral("minSdk")));
        QVERIFY(!changed.contains(QStringLiteral("packageId")));
        // Older on the left: version 1.2 (3) before 1.5 (6).
        QVERIFY(dialog->table()->horizontalHeaderItem(1)->text().contains(QLatin1String("(3)")));
    }

    void detailsClearedAfterDelete()
    {
        openApp(2);
        selectRows({0});
        const VersionInfo v = m_window->qaActions()->selectedVersions().first();
        QTRY_COMPARE(m_window->detailsPane()->valueOf(QStringLiteral("Version code")), v.versionCode);
        QSignalSpy deleted(m_window->qaActions(), &QaActions::versionsDeleted);
        m_window->qaActions()->action(QStringLiteral("actionDeleteSelected"))->trigger();
        QVERIFY(deleted.wait(20000));
        QCOMPARE(m_prompts->asked.size(), 1); // one confirmation
        QTRY_COMPARE_WITH_TIMEOUT(table()->model()->rowCount(), 1, 20000);
        QTRY_COMPARE(m_window->detailsPane()->valueOf(QStringLiteral("Version code")), QString());
    }

    void detailsClearedAfterRefresh()
    {
        openApp(2);
        selectRows({1});
        QTRY_VERIFY(!m_window->detailsPane()->valueOf(QStringLiteral("Version code")).isEmpty());
        QAction* refresh = m_window->findChild<QAction*>(QStringLiteral("actionRefresh"));
        QVERIFY(refresh);
        QCOMPARE(refresh->shortcut(), QKeySequence(QKeySequence::Refresh));
        QSignalSpy reloaded(m_window->versionModel(), &VersionTableModel::loaded);
        refresh->trigger();
        QVERIFY(reloaded.wait(20000));
        QVERIFY(!table()->currentIndex().isValid());
        QTRY_COMPARE(m_window->detailsPane()->valueOf(QStringLiteral("Version code")), QString());
    }

    void allAccountsView()
    {
        AllAccountsDialog dialog(m_ws.get(), QString());
        QSignalSpy loaded(&dialog, &AllAccountsDialog::loaded);
        dialog.load(QStringLiteral("com.politedroid"));
        QVERIFY(loaded.wait(20000));
        QCOMPARE(dialog.totalCount(), 2);
        QCOMPARE(dialog.rowCount(), 2);
        auto* search = dialog.findChild<QLineEdit*>(QStringLiteral("allAccountsSearch"));
        search->setText(QStringLiteral("1.5"));
        QCOMPARE(dialog.rowCount(), 1);
        QVERIFY(dialog.statusText().startsWith(QStringLiteral("1 of 2")));
        search->setText(QStringLiteral("no-such-build"));
        QCOMPARE(dialog.rowCount(), 0);
        QVERIFY(dialog.statusText().contains(QLatin1String("No version matches")));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        search->setFocus();
        QTest::keyClick(search, Qt::Key_Escape);
        QCOMPARE(search->text(), QString());
        QCOMPARE(dialog.rowCount(), 2);
        QVERIFY(dialog.isVisible());

        dialog.load(QStringLiteral("com.example.none"));
        QVERIFY(loaded.wait(20000));
        QCOMPARE(dialog.totalCount(), 0);
        QVERIFY(dialog.statusText().contains(QLatin1String("com.example.none")));
    }
};

QTEST_MAIN(TestQaGui)
#include "tst_qagui.moc"
