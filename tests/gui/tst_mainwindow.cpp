// The real window, offscreen: drag packages in, publish through the dialog, find the row, delete it. Every test
// function gets a library and settings of its own (init()), so any of them runs alone or in any order.
#include "scriptedprompts.h"

#include <gui/detailspane.h>
#include <gui/mainwindow.h>
#include <gui/messagebar.h>
#include <gui/publishdialog.h>
#include <gui/userprompts.h>
#include <testutils/testutils.h>

#include <QAction>
#include <QApplication>
#include <QDropEvent>
#include <QLineEdit>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <library/locallibrary.h>
#include <models/accounttreemodel.h>
#include <models/versiontablemodel.h>
#include <package/packageinspector.h>
#include <providers/provider.h>
#include <session/workspace.h>

using namespace Slipway;
using namespace Slipway::Gui;

using Test::ScriptedPrompts;

class TestMainWindow : public QObject
{
    Q_OBJECT

    std::unique_ptr<Workspace> makeWorkspace()
    {
        Workspace::Options options;
        options.libraryPath = m_dir->filePath(QStringLiteral("library"));
        options.settingsFile = m_dir->filePath(QStringLiteral("settings.ini"));
        options.memorySecrets = true;
        return std::make_unique<Workspace>(options);
    }

    // Sends a drag of `files` onto the window the way a file manager does, and checks it is accepted.
    void dropFiles(MainWindow& window, const QStringList& files)
    {
        QMimeData mime;
        QList<QUrl> urls;
        for (const QString& f : files)
            urls.append(QUrl::fromLocalFile(f));
        mime.setUrls(urls);
        const QPoint pos = window.rect().center();
        QDragEnterEvent enter(pos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &enter);
        QVERIFY(enter.isAccepted());
        QWidget* overlay = window.findChild<QWidget*>(QStringLiteral("dropOverlay"));
        QVERIFY(overlay);
        QVERIFY(overlay->isVisible()); // the drop highlight
        QDropEvent drop(QPointF(pos), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &drop);
        QVERIFY(drop.isAccepted());
        QVERIFY(!overlay->isVisible());
    }

    // Puts `file` into this test's Local library directly, as an earlier publish would have.
    void publishToLibrary(const QString& file)
    {
        auto info = PackageInspector::inspect(file);
        QVERIFY2(info, qPrintable(info.error().toString()));
        PublishRequest request;
        request.files = {file};
        LocalLibrary library(m_dir->filePath(QStringLiteral("library")));
        auto version = library.publish(request, {info.value()});
        QVERIFY2(version, qPrintable(version.error().toString()));
    }

    PublishDialog* waitForPublishDialog(MainWindow& window)
    {
        PublishDialog* dialog = nullptr;
        [&] {
            QTRY_VERIFY_WITH_TIMEOUT((dialog = window.findChild<PublishDialog*>()) && dialog->isVisible(), 20000);
        }();
        return dialog;
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }

    void cleanup() { m_dir.reset(); }

    void dropPublishAndBrowse()
    {
        SLIPWAY_REQUIRE_CORPUS();
        auto workspace = makeWorkspace();
        {
            MainWindow window(workspace.get());
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));

            dropFiles(window, {Test::corpusFile(QStringLiteral("com.politedroid_3.apk"))});
            PublishDialog* dialog = waitForPublishDialog(window);
            QVERIFY(dialog);
            // Prefilled from the inspection.
            QCOMPARE(dialog->findChild<QLineEdit*>(QStringLiteral("versionCodeEdit"))->text(), QStringLiteral("3"));
            QCOMPARE(dialog->request().appId, QStringLiteral("com.politedroid"));
            QCOMPARE(dialog->accountName(), QStringLiteral("local"));
            // The inspection shows in the details pane meanwhile.
            QCOMPARE(window.detailsPane()->valueOf(QStringLiteral("Package id")), QStringLiteral("com.politedroid"));
            QVERIFY(!window.detailsPane()->valueOf(QStringLiteral("SHA-256")).isEmpty());

            dialog->findChild<QPlainTextEdit*>(QStringLiteral("notesEdit"))->setPlainText(QStringLiteral("First drop"));
            QTRY_VERIFY(dialog->publishButton()->isEnabled());
            QSignalSpy published(&window, &MainWindow::publishFinished);
            QTest::mouseClick(dialog->publishButton(), Qt::LeftButton);
            QVERIFY(published.wait(30000));
            QCOMPARE(published.first().first().toBool(), true);
            QVERIFY(window.messageBar()->text().contains(QStringLiteral("Published com.politedroid")));

            // The new version appears in the table without a restart, selected.
            auto* table = window.findChild<QTableView*>(QStringLiteral("versionTableView"));
            QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 1, 20000);
            const QModelIndex code = table->model()->index(0, VersionTableModel::VersionCode);
            QCOMPARE(code.data().toString(), QStringLiteral("3"));
            QTRY_COMPARE(table->currentIndex().row(), 0);
            QCOMPARE(window.detailsPane()->valueOf(QStringLiteral("Version code")), QStringLiteral("3"));
            // The README's screenshot comes from here: SLIPWAY_SCREENSHOT=docs/screenshot.png.
            const QString shot = qEnvironmentVariable("SLIPWAY_SCREENSHOT");
            if (!shot.isEmpty()) {
                window.resize(1280, 760);
                QVERIFY(window.grab().save(shot));
            }
        }
        // Still there after a restart.
        MainWindow again(workspace.get());
        again.show();
        auto* tree = again.findChild<QTreeView*>(QStringLiteral("accountTreeView"));
        QTRY_VERIFY_WITH_TIMEOUT(tree->model()->rowCount(tree->model()->index(0, 0)) == 1, 20000);
        tree->setCurrentIndex(tree->model()->index(0, 0, tree->model()->index(0, 0)));
        auto* table = again.findChild<QTableView*>(QStringLiteral("versionTableView"));
        QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 1, 20000);
        QCOMPARE(table->model()->index(0, VersionTableModel::VersionName).data().toString(), QStringLiteral("1.2"));
    }

    void deleteKey_asksThenRemoves()
    {
        SLIPWAY_REQUIRE_CORPUS();
        publishToLibrary(Test::corpusFile(QStringLiteral("com.politedroid_3.apk")));
        if (QTest::currentTestFailed())
            return;
        auto workspace = makeWorkspace();
        MainWindow window(workspace.get());
        auto prompts = std::make_unique<ScriptedPrompts>();
        ScriptedPrompts* script = prompts.get();
        window.setUserPrompts(std::move(prompts));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* tree = window.findChild<QTreeView*>(QStringLiteral("accountTreeView"));
        QTRY_VERIFY_WITH_TIMEOUT(tree->model()->rowCount(tree->model()->index(0, 0)) >= 1, 20000);
        tree->setCurrentIndex(tree->model()->index(0, 0, tree->model()->index(0, 0)));
        auto* table = window.findChild<QTableView*>(QStringLiteral("versionTableView"));
        QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 1, 20000);
        table->setFocus();
        table->setCurrentIndex(table->model()->index(0, 0));
        auto* del = window.findChild<QAction*>(QStringLiteral("actionDeleteVersion"));
        QVERIFY(del->isEnabled());

        script->answer = false; // "Cancel" keeps it
        del->trigger();
        QCOMPARE(script->asked.size(), 1);
        QVERIFY(script->asked.first().contains(QStringLiteral("com.politedroid")));
        QCOMPARE(table->model()->rowCount(), 1);

        script->answer = true;
        QTest::keyClick(table, Qt::Key_Delete);
        QCOMPARE(script->asked.size(), 2);
        QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 0, 20000);
    }

    void dropNonPackage_showsErrorAndNoDialog()
    {
        auto workspace = makeWorkspace();
        MainWindow window(workspace.get());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTemporaryDir tmp;
        QFile f(tmp.filePath(QStringLiteral("readme.ipa")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("just text");
        f.close();
        QSignalSpy shown(window.messageBar(), &MessageBar::shown);
        dropFiles(window, {f.fileName()});
        QVERIFY(shown.wait(20000));
        QVERIFY(window.messageBar()->text().contains(QStringLiteral("readme.ipa is not a zip archive")));
        QCOMPARE(window.messageBar()->type(), MessageBar::Type::Error);
        QVERIFY(!window.findChild<PublishDialog*>());
    }

    void openPackageAction_usesKeyboardPath()
    {
        SLIPWAY_REQUIRE_CORPUS();
        auto workspace = makeWorkspace();
        MainWindow window(workspace.get());
        auto prompts = std::make_unique<ScriptedPrompts>();
        prompts->files = {Test::corpusFile(QStringLiteral("obb.main.twoversions_1101613.apk")),
            Test::corpusFile(QStringLiteral("main.1101613.obb.main.twoversions.obb"))};
        window.setUserPrompts(std::move(prompts));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* open = window.findChild<QAction*>(QStringLiteral("actionOpenPackage"));
        QCOMPARE(open->shortcut(), QKeySequence(QStringLiteral("Ctrl+O")));
        open->trigger();
        PublishDialog* dialog = waitForPublishDialog(window);
        QVERIFY(dialog);
        // APK and OBB dropped together form one version with two files.
        QCOMPARE(dialog->request().files.size(), 2);
        QTRY_VERIFY(dialog->publishButton()->isEnabled());
        QSignalSpy published(&window, &MainWindow::publishFinished);
        QTest::mouseClick(dialog->publishButton(), Qt::LeftButton);
        QVERIFY(published.wait(30000));
        QVERIFY2(published.first().first().toBool(), qPrintable(window.messageBar()->text()));
        auto* table = window.findChild<QTableView*>(QStringLiteral("versionTableView"));
        QTRY_COMPARE_WITH_TIMEOUT(table->model()->rowCount(), 1, 20000);
        // The table lists lean rows; the version's files come with its details (loaded when it is opened).
        const VersionInfo listed = window.versionModel()->versionAt(0);
        VersionsJob* details = window.versionModel()->provider()->fetchVersionDetails(listed.appId, listed.id);
        QSignalSpy detailsDone(details, &Job::finished);
        QVERIFY(detailsDone.wait(10000));
        QVERIFY(details->succeeded());
        QCOMPARE(details->result().value(0).extra.value(QStringLiteral("files")).toList().size(), 2);
        details->deleteLater();
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
