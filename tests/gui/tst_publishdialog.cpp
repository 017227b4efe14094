// The Publish dialog on its own (issue 11): several destinations (the Local library and a loopback
// HockeyApp-compatible account, tests/providers/hockeyappfakeserver after docs/apis/hockeyapp.md) with their apps
// auto-matched, the unsubmitted Release it emits (and that a real ReleaseQueue publishes), the choices remembered per
// package id, release notes (preview, limits, "copy from the previous version"), version code validation, several
// packages in one dialog ("1 of 3", Cancel all), a release edited again, and the dialog on small screens.
#include "guitestsupport.h"
#include "hockeyappfakeserver.h"
#include "scriptedprompts.h"

#include <gui/platform/appearance.h>
#include <gui/preflightchecklist.h>
#include <gui/publish/destinationlist.h>
#include <gui/publish/noteseditor.h>
#include <gui/publishdialog.h>
#include <gui/userprompts.h>
#include <testutils/testutils.h>

#include <QComboBox>
#include <QFile>
#include <QFileInfo>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <credentials/accountstore.h>
#include <credentials/credentialstore.h>
#include <credentials/memorycredentialstore.h>
#include <package/packageinspector.h>
#include <release/releasequeue.h>
#include <release/releasestore.h>

using namespace Slipway;
using namespace Slipway::Gui;

using Test::ScriptedPrompts;

namespace {

const QString kAccount = QStringLiteral("qa");

} // namespace

class TestPublishDialog : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    MemoryCredentialStore m_secrets;

    std::unique_ptr<Workspace> makeWorkspace()
    {
        auto workspace = Test::makeWorkspace(*m_dir);
        workspace->setCredentialStore(&m_secrets);
        return workspace;
    }

    // A HockeyApp-compatible account on `server` (docs/apis/hockeyapp.md: the token goes in X-HockeyAppToken).
    bool addAccount(Workspace& workspace, HockeyAppFakeServer& server, const QString& name = kAccount)
    {
        Account a;
        a.name = name;
        a.service = QStringLiteral("hockeyapp");
        a.baseUrl = server.apiUrl();
        m_secrets.insert(CredentialStore::keyFor(name, QStringLiteral("token")), server.token.toUtf8());
        return bool(workspace.accountStore().save(a));
    }

    static PackageInfo inspect(const QString& corpusName)
    {
        auto info = PackageInspector::inspect(Test::corpusFile(corpusName));
        if (!info)
            qWarning() << info.error().toString();
        return info ? info.value() : PackageInfo();
    }

    // The accounts' apps arrived over loopback (no lookup pending).
    static bool appsKnown(PublishDialog& dialog)
    {
        return !dialog.destinationList()->problem().startsWith(QStringLiteral("Looking up"));
    }

    static QLineEdit* edit(PublishDialog& dialog, const char* name)
    {
        return dialog.findChild<QLineEdit*>(QString::fromLatin1(name));
    }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }
    void cleanup() { m_dir.reset(); }

    void twoDestinationsAutoMatched_releaseCarriesBoth_andChoicesAreRemembered()
    {
        SLIPWAY_REQUIRE_CORPUS();
        HockeyAppFakeServer server;
        QVERIFY(server.listen());
        server.addApp(QStringLiteral("Other"), QStringLiteral("org.example.other"), QStringLiteral("Android"));
        const QString appId = server.addApp(
            QStringLiteral("Polite Droid"), QStringLiteral("com.politedroid"), QStringLiteral("Android"));
        auto workspace = makeWorkspace();
        QVERIFY(addAccount(*workspace, server));
        const PackageInfo info = inspect(QStringLiteral("com.politedroid_3.apk"));
        QCOMPARE(info.packageId, QStringLiteral("com.politedroid"));
        // What the server "reads" from the uploaded package (docs/apis/hockeyapp.md: version, shortversion).
        server.nextVersion = info.versionCode;
        server.nextShortVersion = info.versionName;

        Release emitted;
        {
            PublishDialog dialog(workspace.get(), QList<PackageInfo>({info}));
            dialog.preflightChecklist()->setDebounce(0);
            dialog.show();
            DestinationList* list = dialog.destinationList();
            // Every account is offered; nothing remembered yet, so only the Local library is checked.
            QCOMPARE(list->accounts(), QStringList({QStringLiteral("local"), kAccount}));
            QVERIFY(list->box(QStringLiteral("local"))->isChecked());
            QVERIFY(!list->box(kAccount)->isChecked());
            list->box(kAccount)->setChecked(true);
            QTRY_VERIFY_WITH_TIMEOUT(appsKnown(dialog), 20000);
            // Auto-matched by package id: the Local library creates the app, HockeyApp has it.
            QCOMPARE(list->appComboBox(kAccount)->currentData().toString(), appId);
            QCOMPARE(list->appComboBox(QStringLiteral("local"))->currentData().toString(),
                QStringLiteral("com.politedroid"));
            auto* tags = qobject_cast<QLineEdit*>(list->fieldEditor(kAccount, QStringLiteral("tags")));
            QVERIFY(tags);
            tags->setText(QStringLiteral("beta"));
            dialog.notesEditor()->editor()->setPlainText(QStringLiteral("Fixed **two** crashes"));
            // The preview renders the Markdown (HockeyApp shows Markdown, notes_type).
            QCOMPARE(dialog.notesEditor()->preview()->toPlainText().trimmed(), QStringLiteral("Fixed two crashes"));

            QTRY_VERIFY_WITH_TIMEOUT(dialog.publishButton()->isEnabled(), 20000);
            QSignalSpy requested(&dialog, &PublishDialog::releaseRequested);
            QTest::mouseClick(dialog.publishButton(), Qt::LeftButton);
            QCOMPARE(requested.size(), 1);
            QCOMPARE(dialog.result(), int(QDialog::Accepted));
            emitted = requested.first().first().value<Release>();
        }
        QCOMPARE(emitted.id, qint64(0)); // unsubmitted
        QCOMPARE(emitted.destinations.size(), 2);
        QCOMPARE(emitted.destinations.at(0).account, QStringLiteral("local"));
        QCOMPARE(emitted.destinations.at(0).appId, QStringLiteral("com.politedroid"));
        QCOMPARE(emitted.destinations.at(1).account, kAccount);
        QCOMPARE(emitted.destinations.at(1).appId, appId);
        QCOMPARE(emitted.destinations.at(1).options.value(QStringLiteral("tags")).toString(), QStringLiteral("beta"));
        QCOMPARE(emitted.packageId, QStringLiteral("com.politedroid"));
        QCOMPARE(emitted.files.size(), 1);
        QCOMPARE(emitted.files.first().size, QFileInfo(info.path).size());
        QCOMPARE(emitted.files.first().sha256, info.sha256);
        QVERIFY(!emitted.files.first().sha256.isEmpty());
        QVERIFY(!emitted.signer.isEmpty());
        QCOMPARE(emitted.request.notes, QStringLiteral("Fixed **two** crashes"));
        QCOMPARE(emitted.request.versionCode, QStringLiteral("3"));
        QVERIFY(!emitted.request.preflight.isEmpty()); // the checks it passed, for the history

        // A real queue publishes what the dialog emitted: one version on each destination.
        ReleaseStore store(m_dir->filePath(QStringLiteral("state/releases.sqlite")));
        QVERIFY(store.open());
        ReleaseQueue queue(workspace.get(), &store);
        auto id = queue.submit(emitted);
        QVERIFY2(id, qPrintable(id.error().toString()));
        QSignalSpy finished(&queue, &ReleaseQueue::releaseFinished);
        QVERIFY(finished.wait(60000));
        const auto stored = store.load(id.value());
        QVERIFY(stored);
        for (const ReleaseDestination& d : stored.value().destinations)
            QVERIFY2(d.state == DestinationState::Done, qPrintable(d.label() + QLatin1Char(' ') + d.error.toString()));
        QCOMPARE(server.versionCount(), 1);

        // The choices come back for the same package: both destinations, the app, the field.
        PublishDialog again(workspace.get(), QList<PackageInfo>({info}));
        again.setAccount(QStringLiteral("local")); // the window's selection does not override remembered choices
        QVERIFY(again.destinationList()->box(kAccount)->isChecked());
        QVERIFY(again.destinationList()->box(QStringLiteral("local"))->isChecked());
        QTRY_VERIFY_WITH_TIMEOUT(appsKnown(again), 20000);
        QCOMPARE(again.destinationList()->appComboBox(kAccount)->currentData().toString(), appId);
        QCOMPARE(
            qobject_cast<QLineEdit*>(again.destinationList()->fieldEditor(kAccount, QStringLiteral("tags")))->text(),
            QStringLiteral("beta"));
        // Never a secret in the settings file.
        QFile settings(workspace->accountStore().settingsFile());
        QVERIFY(settings.open(QIODevice::ReadOnly));
        const QByteArray content = settings.readAll();
        QVERIFY(content.contains("publishChoices"));
        QVERIFY(!content.contains(server.token.toUtf8()));
    }

    void ambiguousMatch_mustBeChosen()
    {
        SLIPWAY_REQUIRE_CORPUS();
        HockeyAppFakeServer server;
        QVERIFY(server.listen());
        server.addApp(QStringLiteral("Polite A"), QStringLiteral("com.politedroid"), QStringLiteral("Android"));
        const QString second
            = server.addApp(QStringLiteral("Polite B"), QStringLiteral("com.politedroid"), QStringLiteral("Android"));
        auto workspace = makeWorkspace();
        QVERIFY(addAccount(*workspace, server));
        PublishDialog dialog(workspace.get(), QList<PackageInfo>({inspect(QStringLiteral("com.politedroid_3.apk"))}));
        dialog.setAccount(kAccount);
        QVERIFY(dialog.destinationList()->box(kAccount)->isChecked());
        QVERIFY(!dialog.destinationList()->box(QStringLiteral("local"))->isChecked());
        QTRY_VERIFY_WITH_TIMEOUT(appsKnown(dialog), 20000);
        QComboBox* app = dialog.destinationList()->appComboBox(kAccount);
        QCOMPARE(app->currentData().toString(), QString());
        QVERIFY(dialog.problem().contains(kAccount));
        QVERIFY(!dialog.publishButton()->isEnabled());
        app->setCurrentIndex(app->findData(second));
        QVERIFY(!dialog.problem().contains(kAccount));
        QCOMPARE(dialog.request().appId, second);
    }

    void notesLimit_blocksPublish_andCountsInTheErrorColour()
    {
        SLIPWAY_REQUIRE_CORPUS();
        HockeyAppFakeServer server;
        QVERIFY(server.listen());
        server.addApp(QStringLiteral("Polite Droid"), QStringLiteral("com.politedroid"), QStringLiteral("Android"));
        auto workspace = makeWorkspace();
        QVERIFY(addAccount(*workspace, server));
        PublishDialog dialog(workspace.get(), QList<PackageInfo>({inspect(QStringLiteral("com.politedroid_3.apk"))}));
        dialog.preflightChecklist()->setDebounce(0);
        dialog.destinationList()->setChoices({{QStringLiteral("local"), {}, {}}, {kAccount, {}, {}}});
        QTRY_VERIFY_WITH_TIMEOUT(appsKnown(dialog), 20000);
        auto* counter = dialog.findChild<QLabel*>(QStringLiteral("notesCounterLabel"));
        QVERIFY(counter);
        // HockeyApp takes 5000 characters of notes (ServiceLimits, docs/apis/hockeyapp.md).
        dialog.notesEditor()->setText(QString(5001, QLatin1Char('x')));
        QVERIFY(dialog.problem().contains(kAccount));
        QVERIFY(!dialog.publishButton()->isEnabled());
        QVERIFY(counter->text().contains(QStringLiteral("5001 of 5000")));
        QCOMPARE(counter->palette().color(QPalette::WindowText), Appearance::errorTextColor(dialog.palette()));
        dialog.notesEditor()->setText(QString(5000, QLatin1Char('x')));
        QVERIFY(dialog.problem().isEmpty());
        QVERIFY(counter->palette().color(QPalette::WindowText) != Appearance::errorTextColor(dialog.palette()));
        QTRY_VERIFY_WITH_TIMEOUT(dialog.publishButton()->isEnabled(), 20000);
        // Without the HockeyApp destination the Local library takes the long notes.
        dialog.notesEditor()->setText(QString(6000, QLatin1Char('x')));
        QVERIFY(!dialog.problem().isEmpty());
        dialog.destinationList()->box(kAccount)->setChecked(false);
        QVERIFY(dialog.problem().isEmpty());
    }

    void copyFromPreviousVersion_takesTheLatestNotes()
    {
        SLIPWAY_REQUIRE_CORPUS();
        HockeyAppFakeServer server;
        QVERIFY(server.listen());
        const QString appId = server.addApp(
            QStringLiteral("Polite Droid"), QStringLiteral("com.politedroid"), QStringLiteral("Android"));
        // docs/apis/hockeyapp.md list app_versions: newest first, notes as HTML, timestamp in seconds.
        auto version = [](const QString& code, qint64 timestamp, const QString& notes, int id) {
            return QJsonObject {{QStringLiteral("version"), code}, {QStringLiteral("shortversion"), code},
                {QStringLiteral("timestamp"), timestamp}, {QStringLiteral("notes"), notes},
                {QStringLiteral("status"), 2},
                {QStringLiteral("config_url"),
                    QStringLiteral("https://rink.example/manage/apps/1/app_versions/%1").arg(id)}};
        };
        server.versions[appId] = {version(QStringLiteral("2"), 1700000100, QStringLiteral("<p>Newest notes</p>"), 7),
            version(QStringLiteral("1"), 1700000000, QStringLiteral("<p>Old notes</p>"), 6)};
        auto workspace = makeWorkspace();
        QVERIFY(addAccount(*workspace, server));
        PublishDialog dialog(workspace.get(), QList<PackageInfo>({inspect(QStringLiteral("com.politedroid_3.apk"))}));
        dialog.setAccount(kAccount);
        dialog.show();
        QTRY_VERIFY_WITH_TIMEOUT(appsKnown(dialog), 20000);
        QPushButton* copy = dialog.notesEditor()->copyPreviousButton();
        QVERIFY(copy->isEnabled());
        QTest::mouseClick(copy, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(dialog.notesEditor()->text().trimmed(), QStringLiteral("Newest notes"), 20000);
    }

    void versionCode_isValidated_andADifferentCodeAsks()
    {
        SLIPWAY_REQUIRE_CORPUS();
        auto workspace = makeWorkspace();
        PublishDialog dialog(workspace.get(), QList<PackageInfo>({inspect(QStringLiteral("com.politedroid_3.apk"))}));
        dialog.preflightChecklist()->setDebounce(0);
        ScriptedPrompts prompts;
        dialog.setUserPrompts(&prompts);
        dialog.show();
        QTRY_VERIFY_WITH_TIMEOUT(appsKnown(dialog), 20000);
        QLineEdit* code = edit(dialog, "versionCodeEdit");
        QCOMPARE(code->text(), QStringLiteral("3"));
        for (const char* bad : {"abc", "0", "-3", "1.5", "99999999999", ""}) {
            code->setText(QString::fromLatin1(bad));
            QVERIFY2(!dialog.problem().isEmpty(), bad);
            QVERIFY2(!dialog.publishButton()->isEnabled(), bad);
        }
        code->setText(QStringLiteral("4"));
        QVERIFY(dialog.problem().isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(dialog.publishButton()->isEnabled(), 20000);
        QSignalSpy requested(&dialog, &PublishDialog::releaseRequested);
        prompts.answer = false;
        QTest::mouseClick(dialog.publishButton(), Qt::LeftButton);
        QCOMPARE(prompts.asked.size(), 1);
        QVERIFY(prompts.asked.first().contains(QStringLiteral("3")));
        QVERIFY(prompts.asked.first().contains(QStringLiteral("4")));
        QCOMPARE(requested.size(), 0);
        QVERIFY(dialog.isVisible());
        prompts.answer = true;
        QTest::mouseClick(dialog.publishButton(), Qt::LeftButton);
        QCOMPARE(requested.size(), 1);
        QCOMPARE(requested.first().first().value<Release>().request.versionCode, QStringLiteral("4"));
    }

    void severalPackages_oneDialogWithAList()
    {
        SLIPWAY_REQUIRE_CORPUS();
        auto workspace = makeWorkspace();
        const QList<QList<PackageInfo>> groups
            = {QList<PackageInfo>({inspect(QStringLiteral("com.politedroid_3.apk"))}),
                QList<PackageInfo>({inspect(QStringLiteral("com.teleca.jamendo_35.apk"))}),
                QList<PackageInfo>({inspect(QStringLiteral("a2dp.Vol_137.apk"))})};
        PublishDialog dialog(workspace.get(), groups);
        dialog.preflightChecklist()->setDebounce(0);
        dialog.show();
        auto* position = dialog.findChild<QLabel*>(QStringLiteral("groupPositionLabel"));
        auto* next = dialog.findChild<QPushButton*>(QStringLiteral("nextGroupButton"));
        auto* previous = dialog.findChild<QPushButton*>(QStringLiteral("previousGroupButton"));
        auto* cancel = dialog.findChild<QPushButton*>(QStringLiteral("cancelButton"));
        QVERIFY(position->isVisible());
        QVERIFY(position->text().contains(QStringLiteral("1 of 3")));
        QVERIFY(cancel->text().contains(QStringLiteral("all")));
        QVERIFY(!previous->isEnabled());
        QTest::mouseClick(next, Qt::LeftButton);
        QVERIFY(position->text().contains(QStringLiteral("2 of 3")));
        QCOMPARE(dialog.request().appId, groups.at(1).first().packageId);
        // What is typed for one package stays with it while the user looks at another.
        dialog.notesEditor()->setText(QStringLiteral("Jamendo notes"));
        QTest::mouseClick(previous, Qt::LeftButton);
        QVERIFY(position->text().contains(QStringLiteral("1 of 3")));
        QCOMPARE(dialog.notesEditor()->text(), QString());
        QTest::mouseClick(next, Qt::LeftButton);
        QCOMPARE(dialog.notesEditor()->text(), QStringLiteral("Jamendo notes"));

        // Publishing one moves on to the next waiting package in the same dialog.
        QSignalSpy requested(&dialog, &PublishDialog::releaseRequested);
        QTRY_VERIFY_WITH_TIMEOUT(dialog.publishButton()->isEnabled(), 20000);
        QTest::mouseClick(dialog.publishButton(), Qt::LeftButton);
        QCOMPARE(requested.size(), 1);
        QCOMPARE(requested.first().first().value<Release>().packageId, groups.at(1).first().packageId);
        QCOMPARE(requested.first().first().value<Release>().request.notes, QStringLiteral("Jamendo notes"));
        QVERIFY(dialog.isVisible());
        QCOMPARE(dialog.currentGroup(), 0);
        QTest::mouseClick(next, Qt::LeftButton);
        QCOMPARE(dialog.currentGroup(), 2); // the published one is skipped
        // Cancel all closes the dialog; nothing more is requested.
        QTest::mouseClick(cancel, Qt::LeftButton);
        QVERIFY(!dialog.isVisible());
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QCOMPARE(requested.size(), 1);
    }

    void editAndPublishAgain_prefillsFromTheRelease()
    {
        SLIPWAY_REQUIRE_CORPUS();
        HockeyAppFakeServer server;
        QVERIFY(server.listen());
        const QString appId = server.addApp(
            QStringLiteral("Polite Droid"), QStringLiteral("com.politedroid"), QStringLiteral("Android"));
        auto workspace = makeWorkspace();
        QVERIFY(addAccount(*workspace, server));
        const PackageInfo info = inspect(QStringLiteral("com.politedroid_3.apk"));
        Release failed;
        failed.files = {{info.path, info.fileName, info.size, info.md5, info.sha256}};
        failed.packageId = info.packageId;
        failed.request.files = {info.path};
        failed.request.inspection = info.toJson();
        failed.request.notes = QStringLiteral("Rejected notes");
        failed.request.label = QStringLiteral("rc1");
        ReleaseDestination d;
        d.account = kAccount;
        d.appId = appId;
        d.options.insert(QStringLiteral("tags"), QStringLiteral("qa"));
        d.state = DestinationState::Failed;
        failed.destinations = {d};

        std::unique_ptr<PublishDialog> dialog(PublishDialog::fromRelease(workspace.get(), failed));
        QTRY_VERIFY_WITH_TIMEOUT(appsKnown(*dialog), 20000);
        QCOMPARE(dialog->notesEditor()->text(), QStringLiteral("Rejected notes"));
        QCOMPARE(edit(*dialog, "labelEdit")->text(), QStringLiteral("rc1"));
        QCOMPARE(edit(*dialog, "versionCodeEdit")->text(), QStringLiteral("3"));
        QVERIFY(!dialog->destinationList()->box(QStringLiteral("local"))->isChecked());
        const Release again = dialog->release();
        QCOMPARE(again.destinations.size(), 1);
        QCOMPARE(again.destinations.first().appId, appId);
        QCOMPARE(again.destinations.first().options.value(QStringLiteral("tags")).toString(), QStringLiteral("qa"));
        QCOMPARE(again.files.first().sha256, info.sha256);
        QCOMPARE(again.request.inspection, info.toJson());
    }

    void fitsSmallScreens_andLongWarningsAreReadable()
    {
        SLIPWAY_REQUIRE_CORPUS();
        HockeyAppFakeServer server;
        QVERIFY(server.listen());
        auto workspace = makeWorkspace();
        for (const char* name : {"qa", "qa2", "qa3"})
            QVERIFY(addAccount(*workspace, server, QString::fromLatin1(name)));
        PackageInfo info = inspect(QStringLiteral("com.politedroid_3.apk"));
        info.addWarning(QStringLiteral("test-long"),
            QStringLiteral("A long warning that does not fit on one line: ").repeated(8),
            PackageWarning::Severity::Warning);
        const QList<QList<PackageInfo>> groups = {QList<PackageInfo>({info}), QList<PackageInfo>({info})};
        PublishDialog dialog(workspace.get(), groups);
        dialog.destinationList()->setChoices({{QStringLiteral("local"), {}, {}}, {QStringLiteral("qa"), {}, {}},
            {QStringLiteral("qa2"), {}, {}}, {QStringLiteral("qa3"), {}, {}}});
        // A 1280x800 screen at QT_SCALE_FACTOR=2 is 640x400 device-independent pixels; 800x600 at 1x.
        for (const QSize screen : {QSize(640, 400), QSize(800, 600)}) {
            const QSize minimum = dialog.minimumSizeHint();
            QVERIFY2(minimum.width() <= screen.width() && minimum.height() <= screen.height(),
                qPrintable(QStringLiteral("%1x%2").arg(minimum.width()).arg(minimum.height())));
            dialog.resize(screen);
            dialog.show();
            QVERIFY(QTest::qWaitForWindowExposed(&dialog));
            QTRY_COMPARE(dialog.size(), screen);
            // Nothing is cut off: the content fits the width (it scrolls vertically) and the buttons are inside.
            auto* area = dialog.findChild<QScrollArea*>(QStringLiteral("scrollArea"));
            QTRY_VERIFY(area->widget()->width() <= area->viewport()->width());
            QVERIFY(area->widget()->minimumSizeHint().width() <= area->viewport()->width());
            QVERIFY(dialog.rect().contains(dialog.publishButton()->geometry().translated(
                dialog.publishButton()->parentWidget()->mapTo(&dialog, QPoint(0, 0)))));
            // The long warning wraps: the label is as tall as its text needs, never elided.
            const auto warnings = dialog.findChildren<QLabel*>(QStringLiteral("warningLabel"));
            QVERIFY(!warnings.isEmpty());
            for (const QLabel* label : warnings) {
                QVERIFY(label->wordWrap());
                QTRY_VERIFY(label->height() >= label->heightForWidth(label->width()));
            }
        }
    }
};

QTEST_MAIN(TestPublishDialog)
#include "tst_publishdialog.moc"
