// The window as a desktop citizen: a second `slipway FILE` hands its files to the running instance (a real second
// process over a real local socket), and the freedesktop appearance portal's dark preference reaches every widget
// (a portal served on the test's private session bus, see tests/with-keyring.sh).
#include "guitestsupport.h"

#include <gui/accountstatedelegate.h>
#include <gui/detailspane.h>
#include <gui/mainwindow.h>
#include <gui/messagebar.h>
#include <gui/platform/appearance.h>
#include <gui/singleinstance.h>
#include <testutils/testutils.h>

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusVariant>
#include <QFileInfo>
#include <QHeaderView>
#include <QJsonObject>
#include <QLineEdit>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeView>
#include <models/accounttreemodel.h>
#include <session/workspace.h>

using namespace Slipway;
using namespace Slipway::Gui;

namespace {

// The part of org.freedesktop.portal.Settings Slipway uses, as documented at
// https://flatpak.github.io/xdg-desktop-portal/docs/doc-org.freedesktop.portal.Settings.html:
// ReadOne(s namespace, s key) -> v value; color-scheme is a uint32 (0 no preference, 1 dark, 2 light).
class FakePortalSettings : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.portal.Settings")

public:
    uint colorScheme = 1;
    int reads = 0;

public Q_SLOTS:
    QDBusVariant ReadOne(const QString& ns, const QString& key)
    {
        ++reads;
        if (ns == QLatin1String("org.freedesktop.appearance") && key == QLatin1String("color-scheme"))
            return QDBusVariant(colorScheme);
        return QDBusVariant(QVariant());
    }
};

QString slipwayPath()
{
    return QFileInfo(Test::cliPath()).absolutePath() + QStringLiteral("/slipway");
}

} // namespace

class TestDesktop : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void secondStartHandsFilesToTheRunningWindow()
    {
        QTemporaryDir home;
        QVERIFY(home.isValid());
        const QProcessEnvironment env = Test::cliEnvironment(home.path());
        // The key is what `slipway` computes for this environment: its settings folder and its library.
        qputenv("XDG_CONFIG_HOME", env.value(QStringLiteral("XDG_CONFIG_HOME")).toUtf8());
        QCoreApplication::setOrganizationName(QStringLiteral("Slipway"));
        QCoreApplication::setApplicationName(QStringLiteral("Slipway"));
        SingleInstance running(SingleInstance::defaultKey(env.value(QStringLiteral("SLIPWAY_LIBRARY"))));
        QVERIFY2(running.listen(), qPrintable(running.errorString()));
        QSignalSpy received(&running, &SingleInstance::filesReceived);

        QProcess second;
        second.setProcessEnvironment(env);
        second.setWorkingDirectory(home.path());
        second.start(slipwayPath(), {QStringLiteral("build.apk"), QStringLiteral("/elsewhere/app.ipa")});
        QVERIFY2(second.waitForStarted(), qPrintable(second.errorString()));
        QTRY_COMPARE_WITH_TIMEOUT(received.size(), 1, 30000);
        // Relative paths arrive absolute (the running window has another working directory).
        QCOMPARE(received.at(0).at(0).toStringList(),
            QStringList({home.filePath(QStringLiteral("build.apk")), QStringLiteral("/elsewhere/app.ipa")}));
        QTRY_COMPARE_WITH_TIMEOUT(second.state(), QProcess::NotRunning, 30000);
        QCOMPARE(second.exitStatus(), QProcess::NormalExit);
        QCOMPARE(second.exitCode(), 0);
    }

    void noRunningInstanceMeansNoHandOff()
    {
        SingleInstance nobody(QStringLiteral("slipway-test-nobody-%1").arg(QCoreApplication::applicationPid()));
        QVERIFY(!nobody.sendToRunning({QStringLiteral("/tmp/x.apk")}, 1000));
        // It can become the running instance, and a second one with the same key cannot take the socket away.
        QVERIFY(nobody.listen());
        SingleInstance late(QStringLiteral("slipway-test-nobody-%1").arg(QCoreApplication::applicationPid()));
        QVERIFY(!late.listen());
    }

    void darkPreferenceOfThePortalReachesTheWidgets()
    {
        QDBusConnection bus = QDBusConnection::connectToBus(QDBusConnection::SessionBus, QStringLiteral("portal"));
        if (!bus.isConnected())
            QSKIP("no D-Bus session bus (run under tests/with-keyring.sh, as ctest does)");
        const QString service = QStringLiteral("io.slipway.test.Portal%1").arg(QCoreApplication::applicationPid());
        FakePortalSettings portal;
        QVERIFY(bus.registerObject(
            QStringLiteral("/org/freedesktop/portal/desktop"), &portal, QDBusConnection::ExportAllSlots));
        QVERIFY(bus.registerService(service));

        const QPalette original = QApplication::palette();
        QVERIFY(!Appearance::isDark(original));
        MessageBar bar;
        bar.showMessage(QStringLiteral("failed"), MessageBar::Type::Error);
        QVERIFY(bar.backgroundColor().lightness() > 128);

        Appearance appearance(nullptr, service);
        QSignalSpy changed(&appearance, &Appearance::schemeChanged);
        appearance.refresh();
        QTRY_COMPARE_WITH_TIMEOUT(changed.size(), 1, 10000);
        QCOMPARE(portal.reads, 1);
        QCOMPARE(appearance.scheme(), Appearance::Scheme::Dark);
        QVERIFY(Appearance::isDark(QApplication::palette()));
        // No widget keeps a light colour of its own: every message type is tinted from the dark palette.
        for (auto type :
            {MessageBar::Type::Info, MessageBar::Type::Success, MessageBar::Type::Warning, MessageBar::Type::Error}) {
            bar.showMessage(QStringLiteral("message"), type);
            QVERIFY2(bar.backgroundColor().lightness() < 100, qPrintable(bar.backgroundColor().name()));
        }

        // The desktop switches back to light: the portal's SettingChanged signal.
        QDBusMessage signal = QDBusMessage::createSignal(QStringLiteral("/org/freedesktop/portal/desktop"),
            QStringLiteral("org.freedesktop.portal.Settings"), QStringLiteral("SettingChanged"));
        signal << QStringLiteral("org.freedesktop.appearance") << QStringLiteral("color-scheme")
               << QVariant::fromValue(QDBusVariant(uint(2)));
        QVERIFY(bus.send(signal));
        QTRY_COMPARE_WITH_TIMEOUT(changed.size(), 2, 10000);
        QCOMPARE(appearance.scheme(), Appearance::Scheme::Light);
        QVERIFY(!Appearance::isDark(QApplication::palette()));
        QCOMPARE(QApplication::palette().color(QPalette::Window), original.color(QPalette::Window));
        QDBusConnection::disconnectFromBus(QStringLiteral("portal"));
    }

    void arrangementSticksAcrossARestart()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir.filePath(QStringLiteral("config")));
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, dir.filePath(QStringLiteral("config")));
        const auto workspace = Test::makeWorkspace(dir);
        {
            MainWindow window(workspace.get());
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            auto* table = window.findChild<QTableView*>(QStringLiteral("versionTableView"));
            QVERIFY(table);
            QHeaderView* header = table->horizontalHeader();
            header->moveSection(0, 3);
            header->resizeSection(1, 177);
            table->sortByColumn(1, Qt::AscendingOrder);
            window.findChild<QLineEdit*>(QStringLiteral("versionSearchEdit"))->setText(QStringLiteral("beta 5"));
            window.findChild<QLineEdit*>(QStringLiteral("appSearchEdit"))->setText(QStringLiteral("lib"));
            QVERIFY(window.close());
        }
        MainWindow again(workspace.get());
        auto* table = again.findChild<QTableView*>(QStringLiteral("versionTableView"));
        QHeaderView* header = table->horizontalHeader();
        QCOMPARE(header->visualIndex(0), 3);
        QCOMPARE(header->sectionSize(1), 177);
        QCOMPARE(header->sortIndicatorSection(), 1);
        QCOMPARE(header->sortIndicatorOrder(), Qt::AscendingOrder);
        QCOMPARE(again.findChild<QLineEdit*>(QStringLiteral("versionSearchEdit"))->text(), QStringLiteral("beta 5"));
        QCOMPARE(again.findChild<QLineEdit*>(QStringLiteral("appSearchEdit"))->text(), QStringLiteral("lib"));
    }

    void copyButtonsConfirm()
    {
        DetailsPane pane;
        const QString hash = QStringLiteral("5e59f42af4e89200fe33eb82a7c2a2a9224947a8aeb9af6e21b77d40827f7cbc");
        pane.showPackage(QJsonObject {{QStringLiteral("sha256"), hash}, {QStringLiteral("md5"), QStringLiteral("x")}});
        auto* copy = pane.findChild<QToolButton*>(QStringLiteral("sha256EditCopyButton"));
        QVERIFY(copy);
        QCOMPARE(copy->text(), QStringLiteral("Copy"));
        copy->click();
        QCOMPARE(QApplication::clipboard()->text(), hash);
        QCOMPARE(copy->text(), QStringLiteral("Copied"));
        QTRY_COMPARE_WITH_TIMEOUT(copy->text(), QStringLiteral("Copy"), 10000);
    }

    void helpListsTheKeyboardShortcuts()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const auto workspace = Test::makeWorkspace(dir);
        MainWindow window(workspace.get());
        auto* action = window.findChild<QAction*>(QStringLiteral("actionKeyboardShortcuts"));
        QVERIFY(action);
        QCOMPARE(action->shortcut(), QKeySequence(QKeySequence::HelpContents));
        action->trigger();
        auto* table = window.findChild<QTableWidget*>(QStringLiteral("shortcutsTable"));
        QVERIFY(table);
        QStringList lines;
        for (int r = 0; r < table->rowCount(); ++r)
            lines.append(table->item(r, 0)->text() + QStringLiteral(" = ") + table->item(r, 1)->text());
        // Read from the menus: every command with a shortcut is there with its keys.
        for (const QString& expected :
            {QStringLiteral("File › Open Package = Ctrl+O"), QStringLiteral("View › Refresh = F5"),
                QStringLiteral("View › Find = Ctrl+F"), QStringLiteral("Edit › Copy Version Details = Ctrl+Shift+C")})
            QVERIFY2(lines.contains(expected), qPrintable(lines.join(QLatin1Char('\n'))));
    }

    void accountRowsShowTheirState()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const auto workspace = Test::makeWorkspace(dir);
        MainWindow window(workspace.get());
        auto* tree = window.findChild<QTreeView*>(QStringLiteral("accountTreeView"));
        QVERIFY(tree);
        QVERIFY(qobject_cast<AccountStateDelegate*>(tree->itemDelegate()));
        // The Local library lists its apps: the row turns OK.
        QTRY_COMPARE_WITH_TIMEOUT(
            AccountStateDelegate::stateOf(tree->model()->index(0, 0)), AccountStateDelegate::State::Ok, 10000);

        // The states come from AccountTreeModel's roles (LoadingRole, ErrorRole); an error reads as such.
        QStandardItemModel model;
        auto* failing = new QStandardItem(QStringLiteral("mxr"));
        failing->setData(QStringLiteral("account"), AccountTreeModel::KindRole);
        failing->setData(QStringLiteral("Authentication failed"), AccountTreeModel::ErrorRole);
        auto* connecting = new QStandardItem(QStringLiteral("asc"));
        connecting->setData(QStringLiteral("account"), AccountTreeModel::KindRole);
        connecting->setData(true, AccountTreeModel::LoadingRole);
        auto* app = new QStandardItem(QStringLiteral("app"));
        app->setData(QStringLiteral("app"), AccountTreeModel::KindRole);
        model.appendRow({failing});
        model.appendRow({connecting});
        failing->appendRow(app);
        QCOMPARE(AccountStateDelegate::stateOf(failing->index()), AccountStateDelegate::State::Error);
        QCOMPARE(AccountStateDelegate::stateOf(connecting->index()), AccountStateDelegate::State::Connecting);
        QCOMPARE(AccountStateDelegate::stateOf(app->index()), AccountStateDelegate::State::None);
    }

    void withoutPortalThePaletteStays()
    {
        const QColor before = QApplication::palette().color(QPalette::Window);
        Appearance appearance(nullptr, QStringLiteral("io.slipway.test.NoSuchPortal"));
        QSignalSpy changed(&appearance, &Appearance::schemeChanged);
        appearance.refresh();
        QVERIFY(!changed.wait(1000));
        QCOMPARE(QApplication::palette().color(QPalette::Window), before);
    }
};

QTEST_MAIN(TestDesktop)
#include "tst_desktop.moc"
