// The Publish dialog's preflight checklist: Publish is disabled while a block stands (the version code exists in
// the Local library) and enabled once the version code is fixed; a warning needs "Publish anyway" with a reason,
// which travels with the request.
#include "../gui/scriptedprompts.h"

#include <gui/preflightchecklist.h>
#include <gui/publishdialog.h>
#include <testutils/testutils.h>

#include <QCheckBox>
#include <QLineEdit>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>
#include <package/packageinspector.h>
#include <providers/provider.h>
#include <session/workspace.h>

using namespace Slipway;
using namespace Slipway::Gui;

class TestPreflightChecklist : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void publishDisabledOnBlock_enabledAfterFixingVersionCode();
};

void TestPreflightChecklist::publishDisabledOnBlock_enabledAfterFixingVersionCode()
{
    SLIPWAY_REQUIRE_CORPUS();
    QTemporaryDir dir;
    Workspace::Options options;
    options.libraryPath = dir.filePath(QStringLiteral("library"));
    options.settingsFile = dir.filePath(QStringLiteral("settings.ini"));
    options.memorySecrets = true;
    Workspace workspace(options);
    const QString apk = Test::corpusFile(QStringLiteral("com.politedroid_4.apk"));

    // Version code 4 is already in the Local library.
    auto local = workspace.provider(QStringLiteral("local"));
    QVERIFY(local);
    PublishRequest first;
    first.files = {apk};
    PublishJob* publish = local.value()->publish(first);
    QVERIFY(publish->waitForFinished(60000));
    QVERIFY2(publish->succeeded(), qPrintable(publish->error().message));

    auto info = PackageInspector::inspect(apk);
    QVERIFY(info);
    PublishDialog dialog(&workspace, {info.value()});
    // The version code typed below differs from the package's: the dialog asks, and the script says yes.
    Test::ScriptedPrompts prompts;
    dialog.setUserPrompts(&prompts);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    PreflightChecklist* checklist = dialog.preflightChecklist();
    QVERIFY(checklist);
    auto* tree = checklist->findChild<QTreeWidget*>(QStringLiteral("preflightTree"));
    auto* code = dialog.findChild<QLineEdit*>(QStringLiteral("versionCodeEdit"));

    // On open: the check runs, finds version code 4 and keeps Publish disabled.
    QTRY_VERIFY_WITH_TIMEOUT(!checklist->isRunning() && !checklist->result().checks.isEmpty(), 30000);
    QVERIFY(checklist->result().blocksOnExistingVersion());
    QVERIFY(!dialog.publishButton()->isEnabled());
    QCOMPARE(tree->topLevelItemCount(), 1);
    QCOMPARE(tree->topLevelItem(0)->text(0), QStringLiteral("local/com.politedroid"));
    bool shown = false;
    for (int i = 0; i < tree->topLevelItem(0)->childCount(); ++i) {
        const QTreeWidgetItem* item = tree->topLevelItem(0)->child(i);
        if (item->data(0, Qt::UserRole).toString() == QLatin1String("version-exists")) {
            shown = true;
            QCOMPARE(item->data(0, Qt::UserRole + 1).toString(), QStringLiteral("block"));
            QVERIFY2(item->text(0).contains(QLatin1String("Fix:")), qPrintable(item->text(0)));
        }
    }
    QVERIFY(shown);

    // Fixing the version code re-runs the checks (debounced) and enables Publish.
    code->setText(QStringLiteral("5"));
    QVERIFY(!dialog.publishButton()->isEnabled()); // not before the checks ran again
    QTRY_VERIFY_WITH_TIMEOUT(dialog.publishButton()->isEnabled(), 30000);
    QVERIFY(!checklist->result().blocks());

    // A lower code only warns: Publish needs "Publish anyway" and a reason, which goes with the request.
    code->setText(QStringLiteral("3"));
    QTRY_VERIFY_WITH_TIMEOUT(!checklist->isRunning() && checklist->result().hasWarnings(), 30000);
    QVERIFY(!dialog.publishButton()->isEnabled());
    auto* anyway = checklist->findChild<QCheckBox*>(QStringLiteral("preflightAnyway"));
    auto* reason = checklist->findChild<QLineEdit*>(QStringLiteral("preflightReason"));
    QVERIFY(anyway->isVisible());
    anyway->setChecked(true);
    QVERIFY(!dialog.publishButton()->isEnabled()); // a reason is still missing
    reason->setText(QStringLiteral("Hotfix rollback for the kiosk fleet"));
    QVERIFY(dialog.publishButton()->isEnabled());

    QList<PublishRequest> requested;
    connect(&dialog, &PublishDialog::releaseRequested, this,
        [&requested](const Release& release) { requested.append(release.request); });
    QTest::mouseClick(dialog.publishButton(), Qt::LeftButton);
    QCOMPARE(requested.size(), 1);
    QCOMPARE(prompts.asked.size(), 1); // code 3 differs from the package's 4
    const PublishRequest sent = requested.first();
    QCOMPARE(sent.preflightOverride, QStringLiteral("Hotfix rollback for the kiosk fleet"));
    QVERIFY(!sent.preflight.isEmpty());
    QCOMPARE(sent.versionCode, QStringLiteral("3"));
}

QTEST_MAIN(TestPreflightChecklist)
#include "tst_preflightchecklist.moc"
