// What a screen reader and a keyboard user meet: every widget that takes focus in the main window and the Accounts
// dialog (for every service's fields) has an accessible name, and Tab reaches every field of the Accounts dialog.
#include "guitestsupport.h"

#include <gui/accountsdialog.h>
#include <gui/mainwindow.h>
#include <gui/publish/destinationlist.h>
#include <gui/publishdialog.h>
#include <testutils/testutils.h>

#include <QAccessible>
#include <QApplication>
#include <QComboBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <credentials/accountstore.h>
#include <session/workspace.h>

using namespace Slipway;
using namespace Slipway::Gui;

namespace {

// Focusable widgets of `root` whose accessible name (what assistive technology reads) is empty.
QStringList unnamed(QWidget* root)
{
    QStringList bad;
    for (QWidget* w : root->findChildren<QWidget*>()) {
        if (w->focusPolicy() == Qt::NoFocus || !w->isVisibleTo(root) || w->focusProxy())
            continue;
        QAccessibleInterface* iface = QAccessible::queryAccessibleInterface(w);
        if (!iface || iface->text(QAccessible::Name).trimmed().isEmpty())
            bad.append(
                QStringLiteral("%1 (%2)").arg(w->objectName(), QString::fromLatin1(w->metaObject()->className())));
    }
    return bad;
}

} // namespace

class TestAccessibility : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;

    std::unique_ptr<Workspace> makeWorkspace() { return Test::makeWorkspace(*m_dir); }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }
    void cleanup() { m_dir.reset(); }

    void everyFocusableWidgetOfTheWindowHasAName()
    {
        auto workspace = makeWorkspace();
        MainWindow window(workspace.get());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QStringList bad = unnamed(&window);
        QVERIFY2(
            bad.isEmpty(), qPrintable(QStringLiteral("without accessible name: ") + bad.join(QStringLiteral(", "))));
    }

    void everyFieldOfEveryServiceHasANameAndATabStop()
    {
        auto workspace = makeWorkspace();
        AccountsDialog dialog(workspace.get());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto* services = dialog.findChild<QComboBox*>(QStringLiteral("serviceComboBox"));
        QVERIFY(services);
        QVERIFY(services->count() > 1);
        for (int i = 0; i < services->count(); ++i) {
            services->setCurrentIndex(i);
            const QStringList bad = unnamed(&dialog);
            QVERIFY2(bad.isEmpty(),
                qPrintable(services->itemText(i) + QStringLiteral(": without accessible name: ")
                    + bad.join(QStringLiteral(", "))));
            // Tab from the service box walks through every field of the service.
            QSet<QWidget*> reached;
            QWidget* w = services;
            for (int step = 0; step < 200 && w; ++step) {
                reached.insert(w);
                w = w->nextInFocusChain();
                if (w == services)
                    break;
            }
            for (QWidget* field : dialog.findChildren<QWidget*>()) {
                if (field->objectName().startsWith(QLatin1String("field_")) && field->isVisibleTo(&dialog)
                    && field->focusPolicy() & Qt::TabFocus)
                    QVERIFY2(reached.contains(field),
                        qPrintable(services->itemText(i) + QStringLiteral(": Tab misses ") + field->objectName()));
            }
        }
    }

    void everyWidgetOfThePublishDialogHasAName()
    {
        auto workspace = makeWorkspace();
        Account hockeyApp; // its apps are never listed here (nothing listens): the fields are what counts
        hockeyApp.name = QStringLiteral("qa");
        hockeyApp.service = QStringLiteral("hockeyapp");
        hockeyApp.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:9/api/2"));
        QVERIFY(workspace->accountStore().save(hockeyApp));
        PublishDialog dialog(workspace.get(), Test::twoSampleGroups());
        dialog.destinationList()->setChoices({{QStringLiteral("local"), {}, {}}, {QStringLiteral("qa"), {}, {}}});
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        const QStringList bad = unnamed(&dialog);
        QVERIFY2(
            bad.isEmpty(), qPrintable(QStringLiteral("without accessible name: ") + bad.join(QStringLiteral(", "))));
    }
};

QTEST_MAIN(TestAccessibility)
#include "tst_accessibility.moc"
