// The main window's polish, on the real window offscreen with a real Local library: the toolbar (the menus' own
// actions, icons in the palette's colour), the status bar summary, the empty state of a first start, determinate
// inspection progress with Cancel, the Tab order, sizes that fit a small (or 2× scaled) screen, raw values read as
// words, and the Open dialog's folder. Runs twice: as is, and with QT_SCALE_FACTOR=2 (tst_windowpolish_scaled).
#include "guitestsupport.h"

#include <gui/accountsdialog.h>
#include <gui/allaccountsdialog.h>
#include <gui/comparedialog.h>
#include <gui/detailspane.h>
#include <gui/displaytext.h>
#include <gui/editversiondialog.h>
#include <gui/emptystate.h>
#include <gui/focusorder.h>
#include <gui/mainwindow.h>
#include <gui/messagebar.h>
#include <gui/qrdialog.h>
#include <gui/shortcutsdialog.h>
#include <gui/translations.h>
#include <gui/userprompts.h>
#include <testutils/testutils.h>

#include <QAbstractProxyModel>
#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFileDialog>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QScreen>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QTreeView>
#include <models/accounttreemodel.h>
#include <models/versiontablemodel.h>
#include <package/packagediff.h>
#include <package/packageinspector.h>
#include <providers/provider.h>
#include <qa/qrcode.h>
#include <session/workspace.h>
#include <vector>

using namespace Slipway;
using namespace Slipway::Gui;

namespace {

class ScriptedPrompts : public UserPrompts
{
public:
    bool confirm(QWidget*, const QString&, const QString&, const QString&) override { return false; }
    QStringList openPackageFiles(QWidget*) override
    {
        ++asked;
        return {};
    }
    int asked = 0;
};

// Publishes each file (one version each) into the workspace's Local library the way `slipway-cli publish` does,
// without the window.
template<typename... Files> bool publishToLocal(Workspace& workspace, const Files&... files)
{
    auto provider = workspace.provider(QStringLiteral("local"));
    if (!provider)
        return false;
    for (const QString& file : {QString(files)...}) {
        PublishRequest request;
        request.files = {file};
        request.publisher = QStringLiteral("tester");
        PublishJob* job = provider.value()->publish(request);
        const bool ok = job->waitForFinished(60000) && job->succeeded();
        if (!ok)
            qWarning() << file << job->error().toString();
        job->deleteLater();
        if (!ok)
            return false;
    }
    return true;
}

// The opaque pixels of `image` all have `colour` (the icon's shape painted in the palette's colour).
bool paintedIn(const QImage& image, const QColor& colour, int* opaque)
{
    *opaque = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            const QColor c = image.pixelColor(x, y);
            if (c.alpha() < 255)
                continue;
            ++*opaque;
            if (c.rgb() != colour.rgb())
                return false;
        }
    }
    return true;
}

// Focusable widgets in the window's Tab order, starting at `from`.
QList<QWidget*> tabWalk(QWidget* from)
{
    QList<QWidget*> order;
    QWidget* w = from;
    for (int step = 0; step < 1000 && w; ++step) {
        if ((w->focusPolicy() & Qt::TabFocus) && w->isVisible() && w->isEnabled() && !w->focusProxy())
            order.append(w);
        w = w->nextInFocusChain();
        if (w == from)
            break;
    }
    return order;
}

} // namespace

class TestWindowPolish : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;

    std::unique_ptr<Workspace> makeWorkspace() { return Test::makeWorkspace(*m_dir); }

    // The window over `workspace`, shown, with the Local library's first app selected once it has loaded.
    std::unique_ptr<MainWindow> showWindow(Workspace* workspace, bool selectFirstApp)
    {
        auto window = std::make_unique<MainWindow>(workspace);
        window->setUserPrompts(std::make_unique<ScriptedPrompts>());
        window->show();
        if (!QTest::qWaitForWindowExposed(window.get()))
            return nullptr;
        if (selectFirstApp) {
            auto* tree = window->findChild<QTreeView*>(QStringLiteral("accountTreeView"));
            const QModelIndex local = tree->model()->index(0, 0);
            if (!QTest::qWaitFor([&] { return tree->model()->rowCount(local) > 0; }, 20000))
                return nullptr;
            tree->setCurrentIndex(tree->model()->index(0, 0, local));
            auto* table = window->findChild<QTableView*>(QStringLiteral("versionTableView"));
            if (!QTest::qWaitFor([&] { return table->model()->rowCount() > 0; }, 20000))
                return nullptr;
        }
        return window;
    }

    // A Local library with com.politedroid 3 and 4, and the window over it with that app selected.
    std::unique_ptr<MainWindow> windowWithTwoVersions(std::unique_ptr<Workspace>& workspace)
    {
        workspace = makeWorkspace();
        if (!publishToLocal(*workspace, Test::corpusFile(QStringLiteral("com.politedroid_3.apk")),
                Test::corpusFile(QStringLiteral("com.politedroid_4.apk"))))
            return nullptr;
        return showWindow(workspace.get(), true);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        // As the app does at start, in English: its plural forms ("1 app", "2 versions").
        installTranslations(qApp, QLocale(QLocale::English));
    }
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        QSettings().remove(QStringLiteral("window")); // no state of another test (or run) restored
    }
    void cleanup() { m_dir.reset(); }

    void toolbarUsesTheMenusActions()
    {
        auto workspace = makeWorkspace();
        auto window = showWindow(workspace.get(), false);
        QVERIFY(window);
        auto* toolBar = window->findChild<QToolBar*>(QStringLiteral("mainToolBar"));
        QVERIFY(toolBar);
        QVERIFY(toolBar->isVisible());
        QStringList names;
        for (QAction* a : toolBar->actions())
            names.append(a->objectName());
        QCOMPARE(names,
            QStringList(
                {QStringLiteral("actionOpenPackage"), QStringLiteral("actionPublish"), QStringLiteral("actionRefresh"),
                    QStringLiteral("actionCompareVersions"), QStringLiteral("actionDownloadVersion")}));
        // The same QAction objects the menus hold: one shortcut and one enabled state for both.
        QSet<QAction*> inMenus;
        for (QAction* top : window->menuBar()->actions()) {
            if (top->menu())
                for (QAction* a : top->menu()->actions())
                    inMenus.insert(a);
        }
        for (QAction* a : toolBar->actions()) {
            QVERIFY2(inMenus.contains(a), qPrintable(a->objectName()));
            QVERIFY2(!a->icon().isNull(), qPrintable(a->objectName()));
            QVERIFY2(!a->shortcut().isEmpty(), qPrintable(a->objectName()));
            QVERIFY2(a->toolTip().contains(a->shortcut().toString(QKeySequence::NativeText)), qPrintable(a->toolTip()));
            QWidget* button = toolBar->widgetForAction(a);
            QVERIFY(button);
            QVERIFY2(!button->accessibleName().isEmpty(), qPrintable(a->objectName()));
            QVERIFY2(!button->accessibleName().contains(QLatin1Char('&')), qPrintable(button->accessibleName()));
        }
        // The toolbar's Open is the menu's Open: triggering the button asks for files.
        auto* prompts = new ScriptedPrompts;
        window->setUserPrompts(std::unique_ptr<UserPrompts>(prompts));
        QTest::mouseClick(toolBar->widgetForAction(toolBar->actions().first()), Qt::LeftButton);
        QCOMPARE(prompts->asked, 1);
        // Download and Compare follow the selection (nothing selected: off), on the toolbar as in the menu.
        QVERIFY(!toolBar->widgetForAction(toolBar->actions().at(4))->isEnabled());
    }

    void iconsFollowThePalette()
    {
        auto workspace = makeWorkspace();
        auto window = showWindow(workspace.get(), false);
        QVERIFY(window);
        auto* toolBar = window->findChild<QToolBar*>(QStringLiteral("mainToolBar"));
        const QIcon icon = toolBar->actions().first()->icon();
        const QPalette original = QApplication::palette();
        for (const QColor& text : {QColor(Qt::black), QColor(0xee, 0xee, 0xee)}) {
            QPalette p = original;
            p.setColor(QPalette::ButtonText, text);
            QApplication::setPalette(p);
            int opaque = 0;
            const QPixmap pixmap = icon.pixmap(QSize(48, 48));
            QCOMPARE(pixmap.deviceIndependentSize(), QSizeF(48, 48)); // sharp, not doubled, at any scale
            const QImage image = pixmap.toImage();
            const bool ok = paintedIn(image, text, &opaque);
            QApplication::setPalette(original);
            QVERIFY2(ok, qPrintable(text.name()));
            QVERIFY(opaque > 20); // the shape is there
        }
    }

    void emptyStateOnFirstStart()
    {
        SLIPWAY_REQUIRE_CORPUS();
        auto workspace = makeWorkspace();
        auto window = showWindow(workspace.get(), false);
        QVERIFY(window);
        auto* empty = window->findChild<EmptyState*>(QStringLiteral("emptyState"));
        QVERIFY(empty);
        auto* table = window->findChild<QTableView*>(QStringLiteral("versionTableView"));
        QTRY_VERIFY_WITH_TIMEOUT(empty->isVisible(), 20000);
        QVERIFY(!table->isVisible());
        QVERIFY(empty->openButton()->isVisible());
        QVERIFY(!empty->openButton()->accessibleName().isEmpty());
        auto* drag = empty->findChild<QLabel*>(QStringLiteral("emptyStateDragLabel"));
        QVERIFY(drag && drag->isVisible());
        QCOMPARE(drag->text(), QStringLiteral("or drag a package here"));
        // In the middle: the versions pane, between the accounts and the details.
        const QRect inWindow(empty->mapTo(window.get(), QPoint(0, 0)), empty->size());
        QVERIFY(inWindow.left() > window->findChild<QTreeView*>(QStringLiteral("accountTreeView"))->width());
        // The button is the Open action.
        auto* prompts = new ScriptedPrompts;
        window->setUserPrompts(std::unique_ptr<UserPrompts>(prompts));
        QTest::mouseClick(empty->openButton(), Qt::LeftButton);
        QCOMPARE(prompts->asked, 1);

        // Something to show: the empty state goes and the table comes back.
        QVERIFY(publishToLocal(*workspace, Test::corpusFile(QStringLiteral("com.politedroid_3.apk"))));
        window->findChild<QAction*>(QStringLiteral("actionRefresh"))->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(!empty->isVisible(), 20000);
        QVERIFY(table->isVisible());
    }

    void statusBarSummary()
    {
        SLIPWAY_REQUIRE_CORPUS();
        std::unique_ptr<Workspace> workspace;
        auto window = windowWithTwoVersions(workspace);
        QVERIFY(window);
        auto* summary = window->findChild<QLabel*>(QStringLiteral("summaryLabel"));
        QVERIFY(summary);
        // The counts go through tr() with %n, in English with its plural forms (translations/slipway_en.ts).
        const QString appsAndVersions = QStringLiteral("1 app · 2 versions");
        QTRY_COMPARE(summary->text(), appsAndVersions);
        auto* table = window->findChild<QTableView*>(QStringLiteral("versionTableView"));
        qint64 bytes = 0;
        for (int row = 0; row < 2; ++row)
            bytes += window->versionModel()->versionAt(row).size;
        QVERIFY(bytes > 0);
        table->selectAll();
        const QString size = QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
        QTRY_COMPARE(summary->text(), appsAndVersions + QStringLiteral(" · 2 selected: ") + size);
        // One row selected: one size.
        table->selectRow(0);
        const qint64 one = window->versionModel()
                               ->versionAt(qobject_cast<QAbstractProxyModel*>(table->model())
                                               ->mapToSource(table->model()->index(0, 0))
                                               .row())
                               .size;
        QTRY_COMPARE(summary->text(),
            appsAndVersions + QStringLiteral(" · 1 selected: ")
                + QLocale().formattedDataSize(one, 1, QLocale::DataSizeTraditionalFormat));
        // The search narrows the list, and the summary says so.
        window->findChild<QLineEdit*>(QStringLiteral("versionSearchEdit"))->setText(QStringLiteral("no such version"));
        QTRY_COMPARE(summary->text(), QStringLiteral("1 app · 0 versions"));
    }

    void longInspectionShowsProgressAndCancels()
    {
        auto workspace = makeWorkspace();
        auto window = showWindow(workspace.get(), false);
        QVERIFY(window);
        // A 2 GB expansion file (sparse: no disk, but every byte is read and hashed).
        const QString obb = m_dir->filePath(QStringLiteral("main.7.com.example.big.obb"));
        {
            QFile f(obb);
            QVERIFY(f.open(QIODevice::WriteOnly));
            QVERIFY(f.resize(qint64(2) << 30));
        }
        window->openPackages({obb});
        QVERIFY(window->isBusy());
        auto* bar = window->findChild<QProgressBar*>(QStringLiteral("publishProgressBar"));
        auto* cancel = window->findChild<QToolButton*>(QStringLiteral("cancelButton"));
        auto* label = window->findChild<QLabel*>(QStringLiteral("jobLabel"));
        QVERIFY(bar && cancel && label);
        QVERIFY(bar->isVisible());
        QVERIFY(cancel->isVisible());
        QCOMPARE(bar->maximum(), 1000); // determinate from the start: the size is known
        QVERIFY(label->text().contains(QStringLiteral("2.0 GB")));
        // Bytes hashed of the total arrive while the hash runs.
        QTRY_VERIFY_WITH_TIMEOUT(bar->value() > 0, 60000);
        QVERIFY(bar->value() < 1000);
        QTest::mouseClick(cancel, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!window->isBusy(), 20000);
        QVERIFY(!bar->isVisible());
        QVERIFY(!cancel->isVisible());
        QVERIFY2(window->messageBar()->text().contains(QStringLiteral("cancelled")),
            qPrintable(window->messageBar()->text()));
        QVERIFY(!window->messageBar()->text().contains(QStringLiteral("failed")));
        // No Publish dialog for a cancelled drop, and the file is untouched.
        QApplication::processEvents();
        QVERIFY(!QApplication::activeModalWidget());
        for (QWidget* top : QApplication::topLevelWidgets())
            QVERIFY2(!top->isVisible() || top == window.get() || !qobject_cast<QDialog*>(top),
                qPrintable(top->objectName()));
        QCOMPARE(QFileInfo(obb).size(), qint64(2) << 30);
    }

    void tabOrderThroughTheWindow()
    {
        SLIPWAY_REQUIRE_CORPUS();
        std::unique_ptr<Workspace> workspace;
        auto window = windowWithTwoVersions(workspace);
        QVERIFY(window);
        auto* table = window->findChild<QTableView*>(QStringLiteral("versionTableView"));
        QVERIFY(!table->tabKeyNavigation());
        table->setCurrentIndex(table->model()->index(0, 0));
        // The details pane now shows the version, with copyable ids and hashes.
        QTRY_VERIFY(!window->detailsPane()->valueOf(QStringLiteral("Version id")).isEmpty());
        auto named = [&](const char* name) { return window->findChild<QWidget*>(QLatin1String(name)); };
        QList<QWidget*> order;
        // The rebuilt details are put in place once the event loop is back: then the table leads into them.
        const auto tableLeadsIntoDetails = [&] {
            order = tabWalk(named("appSearchEdit"));
            const int table = order.indexOf(named("versionTableView"));
            return table >= 0 && table + 1 < order.size() && window->detailsPane()->isAncestorOf(order.at(table + 1));
        };
        QTRY_VERIFY(tableLeadsIntoDetails());
        QStringList walked;
        for (QWidget* w : order)
            walked.append(w->objectName().isEmpty() ? w->accessibleName() : w->objectName());
        const QString trace = walked.join(QStringLiteral(" → "));
        // The panes from left to right, each once.
        const QList<QWidget*> panes {
            named("appSearchEdit"), named("accountTreeView"), named("versionSearchEdit"), named("versionTableView")};
        for (int i = 0; i < panes.size(); ++i)
            QVERIFY2(order.indexOf(panes.at(i)) == i, qPrintable(trace));
        // Then every field of the details pane, each Copy button right after its field.
        QList<QWidget*> details;
        for (QWidget* w : window->detailsPane()->findChildren<QWidget*>()) {
            if (w->isVisible()
                && (w->property("detailsLabel").isValid() || qobject_cast<QToolButton*>(w)
                    || qobject_cast<QLineEdit*>(w)))
                details.append(w);
        }
        int copyButtons = 0;
        for (QWidget* w : details) {
            const bool isBox = w->property("detailsLabel").isValid() && !qobject_cast<QLabel*>(w);
            if (isBox)
                continue; // the row of a field and its Copy button; the two themselves take focus
            QVERIFY2(order.contains(w), qPrintable(w->objectName() + QStringLiteral(" not reached: ") + trace));
            QVERIFY2(order.indexOf(w) > order.indexOf(named("versionTableView")), qPrintable(trace));
            if (auto* copy = qobject_cast<QToolButton*>(w)) {
                ++copyButtons;
                auto* edit = w->parentWidget()->findChild<QLineEdit*>();
                QCOMPARE(order.indexOf(copy), order.indexOf(edit) + 1);
            }
        }
        QVERIFY(copyButtons >= 2); // version id, hashes

        // Tab leaves the table in one stop, without moving the selection.
        window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(window.get()));
        table->setFocus();
        QTRY_COMPARE(QApplication::focusWidget(), table);
        const QModelIndex before = table->currentIndex();
        QTest::keyClick(table, Qt::Key_Tab);
        QTRY_VERIFY(QApplication::focusWidget() != table);
        QCOMPARE(QApplication::focusWidget(), order.at(order.indexOf(table) + 1));
        QCOMPARE(table->currentIndex(), before);
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Backtab);
        QTRY_COMPARE(QApplication::focusWidget(), table);
        QCOMPARE(table->currentIndex(), before);
    }

    void fitsSmallScreens()
    {
        SLIPWAY_REQUIRE_CORPUS();
        // 800×600 device pixels, or 1600×1200 under QT_SCALE_FACTOR=2 (tst_windowpolish_scaled, whose offscreen
        // screen is 1600×1200): the same 800×600 in the window's own (logical) pixels, which minimumSizeHint()
        // measures.
        const double scale
            = qEnvironmentVariableIsSet("QT_SCALE_FACTOR") ? qEnvironmentVariable("QT_SCALE_FACTOR").toDouble() : 1.0;
        const QSize budget = (QSizeF(800, 600) * scale).toSize();
        auto workspace = makeWorkspace();
        QVERIFY(publishToLocal(*workspace, Test::corpusFile(QStringLiteral("com.politedroid_3.apk"))));
        auto window = showWindow(workspace.get(), true);
        QVERIFY(window);
        QCOMPARE(window->devicePixelRatioF(), scale); // the scaled run really is scaled
        if (scale > 1)
            QCOMPARE(window->screen()->geometry().size(), QSize(800, 600)); // 1600×1200 device pixels
        // Shown windows stay whole on their screen (ScreenFit), even when they ask for more.
        auto onScreen = [](QWidget* w, const QString& what) {
            const QRect available = w->screen()->availableGeometry();
            if (available.contains(w->frameGeometry()))
                return QString();
            return QStringLiteral("%1 at %2,%3 %4×%5 leaves the %6×%7 screen")
                .arg(what)
                .arg(w->frameGeometry().x())
                .arg(w->frameGeometry().y())
                .arg(w->frameGeometry().width())
                .arg(w->frameGeometry().height())
                .arg(available.width())
                .arg(available.height());
        };
        auto fits = [&](QWidget* w, const QString& what) {
            const QSize need = (QSizeF(w->minimumSizeHint().expandedTo(w->minimumSize())) * scale).toSize();
            if (need.width() > budget.width() || need.height() > budget.height())
                return QStringLiteral("%1 needs %2×%3 device pixels").arg(what).arg(need.width()).arg(need.height());
            return QString();
        };
        QStringList bad;
        bad << fits(window.get(), QStringLiteral("main window"));
        bad << onScreen(window.get(), QStringLiteral("main window"));
        bad.removeAll(QString());
        QVERIFY2(bad.isEmpty(), qPrintable(bad.join(QStringLiteral("; "))));
        // At 800×600 every pane keeps at least its minimum: nothing is cut off.
        window->resize(800, 600);
        QTRY_COMPARE(window->size(), QSize(800, 600));
        auto* splitter = window->findChild<QSplitter*>(QStringLiteral("mainSplitter"));
        for (int i = 0; i < splitter->count(); ++i) {
            QWidget* pane = splitter->widget(i);
            if (pane->width() < pane->minimumSizeHint().width())
                bad << QStringLiteral("%1 is %2 px wide at 800×600, needs %3")
                           .arg(pane->objectName())
                           .arg(pane->width())
                           .arg(pane->minimumSizeHint().width());
        }
        auto* toolBar = window->findChild<QToolBar*>(QStringLiteral("mainToolBar"));
        QVERIFY(toolBar->geometry().right() <= window->width());

        // Every dialog the window opens (the Publish dialog is helper 11a's and tested there).
        std::vector<std::pair<QString, std::unique_ptr<QWidget>>> dialogs;
        dialogs.emplace_back(QStringLiteral("Accounts"), std::make_unique<AccountsDialog>(workspace.get()));
        QList<FieldSpec> fields;
        fields.append({QStringLiteral("notes"), QStringLiteral("Release notes"), FieldSpec::Type::MultiLine});
        fields.append({QStringLiteral("label"), QStringLiteral("Label"), FieldSpec::Type::Text});
        fields.append({QStringLiteral("status"), QStringLiteral("Status"), FieldSpec::Type::Choice, false, {},
            {QStringLiteral("downloadable"), QStringLiteral("hidden")}});
        fields.append({QStringLiteral("mandatory"), QStringLiteral("Mandatory"), FieldSpec::Type::Bool});
        dialogs.emplace_back(QStringLiteral("Edit Version"),
            std::make_unique<EditVersionDialog>(fields, window->versionModel()->versionAt(0), QStringLiteral("Local")));
        dialogs.emplace_back(QStringLiteral("Keyboard Shortcuts"), std::make_unique<ShortcutsDialog>(window.get()));
        dialogs.emplace_back(QStringLiteral("All Accounts"),
            std::make_unique<AllAccountsDialog>(workspace.get(), QStringLiteral("com.politedroid")));
        const auto a = PackageInspector::inspect(Test::corpusFile(QStringLiteral("com.politedroid_3.apk")));
        const auto b = PackageInspector::inspect(Test::corpusFile(QStringLiteral("com.politedroid_4.apk")));
        QVERIFY(a && b);
        dialogs.emplace_back(QStringLiteral("Compare"),
            std::make_unique<CompareDialog>(PackageDiff::compare(a->toJson(), b->toJson()),
                QStringLiteral("com.politedroid_3.apk"), QStringLiteral("com.politedroid_4.apk")));
        const auto qr = QrCode::encode(QStringLiteral("https://example.com/builds/com.politedroid/4"));
        QVERIFY(qr);
        dialogs.emplace_back(QStringLiteral("QR code"), std::make_unique<QrDialog>(qr.value(), QStringLiteral("1.3")));
        for (auto& [name, dialog] : dialogs) {
            dialog->show();
            QVERIFY(QTest::qWaitForWindowExposed(dialog.get()));
            bad << fits(dialog.get(), name);
            bad << onScreen(dialog.get(), name); // e.g. All Accounts asks for 980×520
            dialog->close();
        }
        bad.removeAll(QString());
        QVERIFY2(bad.isEmpty(), qPrintable(bad.join(QStringLiteral("; "))));
    }

    void rawValuesReadAsWords()
    {
        QCOMPARE(DisplayText::deviceFamilies(QJsonArray {1, 2}), QStringLiteral("iPhone, iPad"));
        QCOMPARE(DisplayText::deviceFamilies(QJsonArray {3, 9}), QStringLiteral("Apple TV, device family 9"));
        QCOMPARE(DisplayText::packageKind(QStringLiteral("apk")), QStringLiteral("Android app (APK)"));
        QCOMPARE(DisplayText::packageKind(QStringLiteral("macos-app-zip")), QStringLiteral("macOS app (zip)"));
        QCOMPARE(DisplayText::platform(QStringLiteral("ios")), QStringLiteral("iOS"));
        QCOMPARE(DisplayText::androidApiLevel(QStringLiteral("26")), QStringLiteral("Android 8.0 (API 26)"));
        QCOMPARE(DisplayText::androidApiLevel(QStringLiteral("99")), QStringLiteral("API 99"));
        QCOMPARE(DisplayText::androidApiLevel(QStringLiteral("VanillaIceCream")), QStringLiteral("VanillaIceCream"));
        QCOMPARE(DisplayText::profileType(QStringLiteral("ad-hoc")), QStringLiteral("Ad Hoc"));
        QCOMPARE(DisplayText::signingSchemes(QJsonArray {QStringLiteral("v1"), QStringLiteral("v2")}),
            QStringLiteral("JAR signature (v1), APK Signature Scheme v2"));

        QCOMPARE(DisplayText::versionState(QStringLiteral("WAITING_FOR_REVIEW")), QStringLiteral("Waiting for review"));
        QCOMPARE(DisplayText::versionState(QStringLiteral("not-downloadable")), QStringLiteral("Not downloadable"));
        QCOMPARE(DisplayText::versionState(QStringLiteral("SOME_NEW_STATE")), QStringLiteral("Some new state"));
        QCOMPARE(DisplayText::versionState(QStringLiteral("Beta testers only")), QStringLiteral("Beta testers only"));
        QCOMPARE(DisplayText::versionState(QStringLiteral("2")), QStringLiteral("2"));

        // In the details pane, for real packages.
        SLIPWAY_REQUIRE_CORPUS();
        DetailsPane pane;
        const auto ipa = PackageInspector::inspect(Test::corpusFile(QStringLiteral("UnCrackable-Level1.ipa")));
        QVERIFY(ipa);
        QVERIFY(!ipa->deviceFamily.isEmpty());
        pane.showPackage(ipa->toJson());
        const QString family = pane.valueOf(QStringLiteral("Device family"));
        QVERIFY2(family.contains(QStringLiteral("iPhone")), qPrintable(family));
        QVERIFY2(!family.contains(QRegularExpression(QStringLiteral("\\d"))), qPrintable(family));
        QCOMPARE(pane.valueOf(QStringLiteral("Kind")), QStringLiteral("iOS app (IPA)"));
        QCOMPARE(pane.valueOf(QStringLiteral("Platform")), QStringLiteral("iOS"));
        const auto apk = PackageInspector::inspect(Test::corpusFile(QStringLiteral("com.politedroid_3.apk")));
        QVERIFY(apk);
        pane.showPackage(apk->toJson());
        QCOMPARE(pane.valueOf(QStringLiteral("Kind")), QStringLiteral("Android app (APK)"));
        QVERIFY2(pane.valueOf(QStringLiteral("SDK")).contains(QStringLiteral("Android ")),
            qPrintable(pane.valueOf(QStringLiteral("SDK"))));
    }

    void openDialogStartsInTheLastFolder()
    {
        // Nothing remembered: home.
        QCOMPARE(UserPrompts::openFolder(), QDir::homePath());
        const QString folder = m_dir->filePath(QStringLiteral("builds"));
        QVERIFY(QDir().mkpath(folder));
        QFile package(folder + QStringLiteral("/app.apk"));
        QVERIFY(package.open(QIODevice::WriteOnly));
        package.close();
        UserPrompts::rememberOpenFolder({package.fileName()});
        QCOMPARE(UserPrompts::openFolder(), folder);

        // The real dialog starts there (answered by closing it as soon as it shows).
        QString shownIn;
        QTimer::singleShot(0, this, [&shownIn] {
            QWidget* modal = nullptr;
            const bool shown
                = QTest::qWaitFor([&modal] { return (modal = QApplication::activeModalWidget()) != nullptr; }, 20000);
            if (!shown)
                return; // the dialog never showed; shownIn stays empty and the test says so
            if (auto* dialog = qobject_cast<QFileDialog*>(modal))
                shownIn = dialog->directory().absolutePath();
            if (modal)
                modal->close();
        });
        UserPrompts prompts;
        QVERIFY(prompts.openPackageFiles(nullptr).isEmpty());
        QCOMPARE(shownIn, folder);

        // The folder is gone: home again, never a missing folder.
        QVERIFY(QDir(folder).removeRecursively());
        QCOMPARE(UserPrompts::openFolder(), QDir::homePath());
    }
};

QTEST_MAIN(TestWindowPolish)
#include "tst_windowpolish.moc"
