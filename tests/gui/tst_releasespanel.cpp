// The Releases panel in the real window, offscreen, with real parts: the corpus packages, the Local library on
// disk, loopback HockeyApp-compatible servers that follow docs/apis/hockeyapp.md (tests/providers/
// hockeyappfakeserver.*), the state database in this test's own directory, and a Notifications service on the
// private session bus tests/with-keyring.sh starts.
//  - a drop publishes through the real Publish dialog to two destinations checked in its list; both rows reach
//    done, each place got exactly one version; the history has both, with the servers' ids;
//  - a destination the server rejects (422): "Edit and Publish Again" opens the Publish dialog prefilled with the
//    failed destination checked; edited notes publish as a new release, the failed one stays in the history as it
//    was;
//  - Pause on an uploading row stops its transfer, Resume finishes it with exactly one version;
//  - the dock's visibility, area and size are restored after a restart;
//  - the window is destroyed mid-upload and a new one started on the same data: the row resumes and completes
//    with exactly one version on the server;
//  - Cancel on one row while the other continues, then Retry on it;
//  - a release that ends while the window is not active sends a desktop notification, one that ends while it is
//    active does not.
#include "hockeyappfakeserver.h"

#include <gui/mainwindow.h>
#include <gui/messagebar.h>
#include <gui/platform/notifications.h>
#include <gui/publish/destinationlist.h>
#include <gui/publish/noteseditor.h>
#include <gui/publishdialog.h>
#include <gui/releases/releasedetailsdialog.h>
#include <gui/releases/releasesmodel.h>
#include <gui/releases/releasespanel.h>
#include <testutils/testutils.h>

#include <QApplication>
#include <QCryptographicHash>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDropEvent>
#include <QFile>
#include <QFileInfo>
#include <QGroupBox>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <credentials/accountstore.h>
#include <credentials/memorycredentialstore.h>
#include <library/locallibrary.h>
#include <package/packageinspector.h>
#include <release/releasequeue.h>
#include <release/releasestore.h>
#include <session/workspace.h>

using namespace Slipway;
using namespace Slipway::Gui;
using namespace Slipway::Test;

namespace {

const QString kIpa = QStringLiteral("UnCrackable-Level1.ipa"); // sg.vp.UnCrackable1 1.0 (1)
const QString kBundle = QStringLiteral("sg.vp.UnCrackable1");
const QString kUpload = QStringLiteral("/api/2/apps/*/app_versions/upload");

// The corpus IPA with a stored filler entry of `megabytes` MiB at the archive's root (outside the signed bundle, so
// preflight still passes): large enough that an upload is still running when the test acts on it.
QString bigIpa(const QString& dir, int megabytes)
{
    const QString path = dir + QStringLiteral("/big-%1.ipa").arg(megabytes);
    if (!QFile::copy(corpusFile(kIpa), path))
        return {};
    QFile(path).setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    QProcess py;
    py.start(QStringLiteral("python3"),
        {QStringLiteral("-c"),
            QStringLiteral("import sys, zipfile\n"
                           "with zipfile.ZipFile(sys.argv[1], 'a', zipfile.ZIP_STORED, allowZip64=True) as z:\n"
                           "    with z.open('filler.bin', 'w', force_zip64=True) as f:\n"
                           "        block = bytes(range(256)) * 4096\n"
                           "        for i in range(int(sys.argv[2])):\n"
                           "            f.write(block)\n"),
            path, QString::number(megabytes)});
    if (!py.waitForFinished(120000) || py.exitCode() != 0)
        return {};
    return path;
}

// A HockeyApp version record's id: the last segment of config_url (docs/apis/hockeyapp.md).
QString recordId(const QJsonObject& version)
{
    return version.value(QLatin1String("config_url")).toString().section(QLatin1Char('/'), -1);
}

QString sha256Of(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(&f);
    return QString::fromLatin1(h.result().toHex());
}

// org.freedesktop.Notifications as the Desktop Notifications Specification 1.2 defines Notify
// (susssasa{sv}i -> u); it records each call.
class RecordingNotifications : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.Notifications")

public:
    struct Call
    {
        QString appName;
        QString summary;
        QString body;
        QVariantMap hints;
    };
    QList<Call> calls;

public Q_SLOTS:
    uint Notify(const QString& appName, uint, const QString&, const QString& summary, const QString& body,
        const QStringList&, const QVariantMap& hints, int)
    {
        calls.append({appName, summary, body, hints});
        return uint(calls.size());
    }
    QStringList GetCapabilities() { return {QStringLiteral("body")}; }
};

} // namespace

class TstReleasesPanel : public QObject
{
    Q_OBJECT

    std::unique_ptr<Workspace> makeWorkspace()
    {
        Workspace::Options options;
        options.libraryPath = m_dir->filePath(QStringLiteral("library"));
        options.settingsFile = m_dir->filePath(QStringLiteral("settings.ini"));
        options.memorySecrets = true;
        auto workspace = std::make_unique<Workspace>(options);
        workspace->setCredentialStore(m_secrets.get());
        return workspace;
    }

    bool addAccount(Workspace& workspace, const QString& name, HockeyAppFakeServer& server)
    {
        Account a;
        a.name = name;
        a.service = QStringLiteral("hockeyapp");
        a.baseUrl = server.apiUrl();
        m_secrets->insert(CredentialStore::keyFor(name, QStringLiteral("token")), server.token.toUtf8());
        return bool(workspace.accountStore().save(a));
    }

    // A release as the Publish dialog makes one: the inspection, the files with size and hashes, one destination
    // per account.
    static Release releaseOf(const QString& file, const QStringList& accounts)
    {
        Release r;
        r.request.files = {file};
        InspectOptions o;
        o.computeHashes = false;
        if (auto info = PackageInspector::inspect(file, o)) {
            r.request.inspection = info.value().toJson();
            r.packageId = info.value().packageId;
        }
        r.files = describeReleaseFiles(r.request.files).value();
        for (const QString& a : accounts) {
            ReleaseDestination d;
            d.account = a;
            r.destinations.append(d);
        }
        return r;
    }

    // The state of the panel's row for `account`, as the panel shows it (-1: no such row).
    static int rowState(MainWindow& window, const QString& account)
    {
        ReleasesModel* model = window.releasesPanel()->model();
        for (int row = 0; row < model->rowCount(); ++row) {
            if (model->destinationAt(row).account == account)
                return model->index(row, 0).data(ReleasesModel::StateRole).toInt();
        }
        return -1;
    }

    static int rowOf(MainWindow& window, const QString& account)
    {
        ReleasesModel* model = window.releasesPanel()->model();
        for (int row = 0; row < model->rowCount(); ++row) {
            if (model->destinationAt(row).account == account)
                return row;
        }
        return -1;
    }

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
        QDropEvent drop(QPointF(pos), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &drop);
        QVERIFY(drop.isAccepted());
    }

    static constexpr int kState(DestinationState s) { return int(s); }

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_secrets = std::make_unique<MemoryCredentialStore>();
        // The window's state database lives in this test's directory (ReleaseStore::defaultPath()).
        qputenv("SLIPWAY_STATE_DIR", m_dir->filePath(QStringLiteral("state")).toLocal8Bit());
        QSettings().remove(QStringLiteral("window")); // no geometry or dock layout from an earlier test or run
    }

    void cleanup()
    {
        QSettings().remove(QStringLiteral("window"));
        qunsetenv("SLIPWAY_STATE_DIR");
        m_dir.reset();
    }

    void drop_publishesToTwoDestinations_bothRowsDone_historyHasBoth()
    {
        SLIPWAY_REQUIRE_CORPUS();
        HockeyAppFakeServer server;
        QVERIFY(server.listen());
        const QString app
            = server.addApp(QStringLiteral("Polite"), QStringLiteral("com.politedroid"), QStringLiteral("Android"));
        auto workspace = makeWorkspace();
        QVERIFY(addAccount(*workspace, QStringLiteral("qa"), server));
        MainWindow window(workspace.get());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        const QString ipa = corpusFile(QStringLiteral("com.politedroid_3.apk")); // as tst_mainwindow drops it
        dropFiles(window, {ipa});
        PublishDialog* dialog = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((dialog = window.findChild<PublishDialog*>()) && dialog->isVisible(), 20000);
        // Two destinations checked in the dialog's own list: the Local library and the QA server (its app matched
        // by the package id).
        dialog->setAccount(QStringLiteral("local"));
        QGroupBox* qaBox = dialog->destinationList()->box(QStringLiteral("qa"));
        QVERIFY(qaBox);
        QVERIFY(!qaBox->isChecked());
        qaBox->setChecked(true);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->publishButton()->isEnabled(), 20000);
        const QList<DestinationChoice> choices = dialog->destinationList()->choices();
        QCOMPARE(choices.size(), 2);
        QCOMPARE(dialog->release().destinations.size(), 2);
        QSignalSpy finished(&window, &MainWindow::publishFinished);
        QTest::mouseClick(dialog->publishButton(), Qt::LeftButton);
        QVERIFY(finished.wait(60000));
        QVERIFY2(finished.first().first().toBool(), qPrintable(window.messageBar()->text()));

        // The panel: two rows, both done, 100 %.
        ReleasesModel* model = window.releasesPanel()->model();
        QVERIFY(window.releasesPanel()->isVisible());
        QCOMPARE(model->rowCount(), 2);
        QTRY_COMPARE(rowState(window, QStringLiteral("local")), kState(DestinationState::Done));
        QTRY_COMPARE(rowState(window, QStringLiteral("qa")), kState(DestinationState::Done));
        for (int row = 0; row < 2; ++row) {
            QCOMPARE(model->index(row, ReleasesModel::State).data().toString(), QStringLiteral("Done"));
            QCOMPARE(model->index(row, ReleasesModel::Progress).data(ReleasesModel::FractionRole).toDouble(), 1.0);
        }
        // Each place got exactly one version.
        QCOMPARE(server.versionCount(), 1);
        QCOMPARE(server.server.count("POST", kUpload), 1);
        LocalLibrary library(m_dir->filePath(QStringLiteral("library")));
        auto local = library.versions(QStringLiteral("com.politedroid"));
        QVERIFY2(local, qPrintable(local.error().toString()));
        QCOMPARE(local.value().size(), 1);

        // The history (the same state database slipway-cli reads) has the release with both results.
        ReleaseStore store(ReleaseStore::defaultPath());
        QVERIFY(store.open());
        auto history = store.list();
        QVERIFY(history);
        QCOMPARE(history.value().size(), 1);
        const Release release = history.value().first();
        QCOMPARE(release.destinations.size(), 2);
        QCOMPARE(release.files.first().sha256, sha256Of(ipa));
        QVERIFY(!release.publisher.isEmpty());
        for (const ReleaseDestination& d : release.destinations) {
            QCOMPARE(d.state, DestinationState::Done);
            QVERIFY(!d.version.id.isEmpty());
        }
        for (const ReleaseDestination& d : release.destinations) {
            QCOMPARE(d.version.id,
                d.account == QLatin1String("qa") ? recordId(server.versions[app].first()) : local.value().first().id);
        }

        // A double-click opens the details: files with hashes, per-destination results; the export is the history.
        QTreeView* view = window.releasesPanel()->view();
        const int qaRow = rowOf(window, QStringLiteral("qa"));
        const QRect cell = view->visualRect(model->index(qaRow, ReleasesModel::Destination));
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, cell.center());
        QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, cell.center());
        ReleaseDetailsDialog* details = nullptr;
        QTRY_VERIFY((details = window.findChild<ReleaseDetailsDialog*>()) && details->isVisible());
        QCOMPARE(details->filesTable()->item(0, 3)->text(), sha256Of(ipa));
        QCOMPARE(details->filesTable()->item(0, 2)->text(), release.files.first().md5);
        QCOMPARE(details->destinationsTable()->rowCount(), 2);
        const int qaIndex = release.destinations.at(0).account == QLatin1String("qa") ? 0 : 1;
        QCOMPARE(details->destinationsTable()->item(qaIndex, 2)->text(), recordId(server.versions[app].first()));
        QVERIFY(!details->editButton()->isVisible()); // nothing failed
        const QString exported = m_dir->filePath(QStringLiteral("release.json"));
        QVERIFY(details->exportTo(exported, ReleaseDetailsDialog::Format::Json));
        QFile json(exported);
        QVERIFY(json.open(QIODevice::ReadOnly));
        const QJsonObject first = QJsonDocument::fromJson(json.readAll()).array().first().toObject();
        QCOMPARE(first.value(QLatin1String("release")).toInteger(), release.id);
        QCOMPARE(first.value(QLatin1String("destinations")).toArray().size(), 2);
        details->close();
    }

    void restartMidUpload_rowResumesWithExactlyOneVersion()
    {
        SLIPWAY_REQUIRE_CORPUS();
        const QString ipa = bigIpa(m_dir->path(), 24);
        QVERIFY(!ipa.isEmpty());
        HockeyAppFakeServer server;
        QVERIFY(server.listen());
        const QString app = server.addApp(QStringLiteral("UnCrackable"), kBundle);
        server.server.holdDuringBody("POST", kUpload, 256 * 1024); // a server that stops reading mid-upload
        QSignalSpy held(&server.server, &HttpTestServer::bodyHeld);
        auto workspace = makeWorkspace();
        QVERIFY(addAccount(*workspace, QStringLiteral("qa"), server));
        qint64 destination = 0;
        {
            auto window = std::make_unique<MainWindow>(workspace.get());
            window->show();
            Release release = releaseOf(ipa, {QStringLiteral("qa")});
            window->submitRelease(release);
            QVERIFY(held.wait(60000));
            QTRY_COMPARE(rowState(*window, QStringLiteral("qa")), kState(DestinationState::Uploading));
            destination = window->releasesPanel()->model()->destinationAt(0).id;
            // The test seam of a quit mid-upload: the window (and its queue) goes away without recording an outcome.
        }
        {
            ReleaseStore store(ReleaseStore::defaultPath());
            QVERIFY(store.open());
            QCOMPARE(store.destination(destination).value().state, DestinationState::Uploading);
        }
        QCOMPARE(server.versionCount(), 0);

        MainWindow again(workspace.get());
        again.show();
        QVERIFY(again.messageBar()->text().contains(QStringLiteral("Resuming 1 interrupted release")));
        ReleasesModel* model = again.releasesPanel()->model();
        QCOMPARE(model->rowCount(), 1);
        QCOMPARE(model->destinationAt(0).id, destination);
        QSignalSpy finished(&again, &MainWindow::publishFinished);
        QVERIFY(finished.wait(120000));
        QVERIFY2(finished.first().first().toBool(), qPrintable(again.messageBar()->text()));
        QCOMPARE(rowState(again, QStringLiteral("qa")), kState(DestinationState::Done));
        QCOMPARE(server.versionCount(), 1);
        QCOMPARE(model->destinationAt(0).version.id, recordId(server.versions[app].first()));
        QCOMPARE(model->destinationAt(0).attempts, 2);
        QCOMPARE(server.server.requests("POST", kUpload).last().part("ipa")->sha256, sha256Of(ipa).toLatin1());
    }

    void cancelOneRow_theOtherContinues_thenRetry()
    {
        SLIPWAY_REQUIRE_CORPUS();
        const QString ipa = bigIpa(m_dir->path(), 16);
        QVERIFY(!ipa.isEmpty());
        HockeyAppFakeServer a, c;
        for (HockeyAppFakeServer* s : {&a, &c}) {
            QVERIFY(s->listen());
            s->addApp(QStringLiteral("UnCrackable"), kBundle);
            s->server.holdDuringBody("POST", kUpload, 256 * 1024);
        }
        QSignalSpy heldA(&a.server, &HttpTestServer::bodyHeld);
        QSignalSpy heldC(&c.server, &HttpTestServer::bodyHeld);
        auto workspace = makeWorkspace();
        QVERIFY(addAccount(*workspace, QStringLiteral("a"), a));
        QVERIFY(addAccount(*workspace, QStringLiteral("c"), c));
        MainWindow window(workspace.get());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        ReleasesPanel* panel = window.releasesPanel();
        panel->concurrencySpinBox()->setValue(2); // both at once
        QCOMPARE(window.releaseQueue()->concurrency(), 2);
        Release release = releaseOf(ipa, {QStringLiteral("a"), QStringLiteral("c")});
        window.submitRelease(release);
        QVERIFY(heldA.size() > 0 || heldA.wait(60000));
        QVERIFY(heldC.size() > 0 || heldC.wait(60000));
        QTRY_COMPARE(rowState(window, QStringLiteral("a")), kState(DestinationState::Uploading));

        // Select a's row from the keyboard's point of view (current row) and press its Cancel.
        panel->view()->setCurrentIndex(panel->model()->index(rowOf(window, QStringLiteral("a")), 0));
        QVERIFY(panel->cancelButton()->isEnabled());
        QVERIFY(!panel->retryButton()->isEnabled());
        QTest::mouseClick(panel->cancelButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(rowState(window, QStringLiteral("a")), kState(DestinationState::Cancelled), 30000);
        QCOMPARE(rowState(window, QStringLiteral("c")), kState(DestinationState::Uploading));
        QCOMPARE(panel->model()->index(rowOf(window, QStringLiteral("a")), ReleasesModel::State).data().toString(),
            QStringLiteral("Cancelled"));
        // The other one finishes.
        c.server.releaseHeld();
        QTRY_COMPARE_WITH_TIMEOUT(rowState(window, QStringLiteral("c")), kState(DestinationState::Done), 60000);
        QCOMPARE(a.versionCount(), 0);
        QCOMPARE(c.versionCount(), 1);

        // Retry on the cancelled row: it looks up first (nothing landed), then publishes exactly once.
        QTRY_VERIFY(panel->retryButton()->isEnabled());
        QVERIFY(!panel->cancelButton()->isEnabled());
        QSignalSpy finished(&window, &MainWindow::publishFinished);
        QTest::mouseClick(panel->retryButton(), Qt::LeftButton);
        QVERIFY(finished.wait(60000));
        QCOMPARE(rowState(window, QStringLiteral("a")), kState(DestinationState::Done));
        QCOMPARE(a.versionCount(), 1);
        QCOMPARE(c.versionCount(), 1);
    }

    void rejectedDestination_editAndPublishAgain_newReleaseDone_oldOneKept()
    {
        SLIPWAY_REQUIRE_CORPUS();
        HockeyAppFakeServer server;
        QVERIFY(server.listen());
        const QString app
            = server.addApp(QStringLiteral("Polite"), QStringLiteral("com.politedroid"), QStringLiteral("Android"));
        // The QA server refuses the first upload (docs/apis/hockeyapp.md "Errors": 422 with field errors).
        server.rejectUploads.append({QStringLiteral("ipa"), QStringLiteral("is invalid")});
        auto workspace = makeWorkspace();
        QVERIFY(addAccount(*workspace, QStringLiteral("qa"), server));
        MainWindow window(workspace.get());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        const QString apk = corpusFile(QStringLiteral("com.politedroid_3.apk"));
        Release first = releaseOf(apk, {QStringLiteral("local"), QStringLiteral("qa")});
        first.request.notes = QStringLiteral("Build for the QA team");
        QSignalSpy finished(&window, &MainWindow::publishFinished);
        window.submitRelease(first);
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.first().first().toBool(), false);
        QCOMPARE(rowState(window, QStringLiteral("qa")), kState(DestinationState::Failed));
        QCOMPARE(rowState(window, QStringLiteral("local")), kState(DestinationState::Done));
        QCOMPARE(server.server.count("POST", kUpload), 1);
        QCOMPARE(server.versionCount(), 0);
        ReleasesModel* model = window.releasesPanel()->model();
        const qint64 firstId = model->destinationAt(rowOf(window, QStringLiteral("qa"))).releaseId;
        Release before;
        {
            ReleaseStore store(ReleaseStore::defaultPath());
            QVERIFY(store.open());
            before = store.load(firstId).value();
        }
        QVERIFY2(before.destinations.at(1).error.toString().contains(QStringLiteral("is invalid")),
            qPrintable(before.destinations.at(1).error.toString()));

        // The panel offers it on the failed row only; the details offer it too.
        ReleasesPanel* panel = window.releasesPanel();
        panel->view()->setCurrentIndex(model->index(rowOf(window, QStringLiteral("local")), 0));
        QVERIFY(!panel->editButton()->isEnabled());
        panel->view()->setCurrentIndex(model->index(rowOf(window, QStringLiteral("qa")), 0));
        QVERIFY(panel->editButton()->isEnabled());
        ReleaseDetailsDialog* details = panel->showDetails(rowOf(window, QStringLiteral("qa")));
        QVERIFY(details);
        QTRY_VERIFY(details->isVisible());
        QVERIFY(details->editButton()->isVisible());
        QTest::mouseClick(details->editButton(), Qt::LeftButton);

        // The Publish dialog, prefilled from the release: its files, its notes, the failed destination checked and
        // the one that is done not.
        PublishDialog* dialog = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((dialog = window.findChild<PublishDialog*>()) && dialog->isVisible(), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->destinationList()->problem().startsWith(QStringLiteral("Looking up")), 20000);
        QCOMPARE(dialog->notesEditor()->text(), QStringLiteral("Build for the QA team"));
        QVERIFY(dialog->destinationList()->box(QStringLiteral("qa"))->isChecked());
        QVERIFY(!dialog->destinationList()->box(QStringLiteral("local"))->isChecked());
        QCOMPARE(dialog->release().files.first().sha256, sha256Of(apk));

        // Edit the notes, publish.
        const QString notes = QStringLiteral("Build for the QA team, second try");
        dialog->notesEditor()->editor()->selectAll();
        QTest::keyClicks(dialog->notesEditor()->editor(), notes);
        QCOMPARE(dialog->notesEditor()->text(), notes);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->publishButton()->isEnabled(), 20000);
        finished.clear();
        QTest::mouseClick(dialog->publishButton(), Qt::LeftButton);
        QVERIFY(finished.wait(60000));
        QVERIFY2(finished.first().first().toBool(), qPrintable(window.messageBar()->text()));

        // A new release, done, with the edited notes on the server; the rejected one unchanged in the history.
        QCOMPARE(server.server.count("POST", kUpload), 2);
        QCOMPARE(server.versionCount(), 1);
        QCOMPARE(server.server.requests("POST", kUpload).last().part("notes")->body, notes.toUtf8());
        ReleaseStore store(ReleaseStore::defaultPath());
        QVERIFY(store.open());
        auto history = store.list();
        QVERIFY(history);
        QCOMPARE(history.value().size(), 2);
        const Release again = history.value().first();
        QVERIFY(again.id != firstId);
        QCOMPARE(again.request.notes, notes);
        QCOMPARE(again.files.first().sha256, sha256Of(apk));
        QCOMPARE(again.destinations.size(), 1);
        QCOMPARE(again.destinations.first().account, QStringLiteral("qa"));
        QCOMPARE(again.destinations.first().state, DestinationState::Done);
        QCOMPARE(again.destinations.first().version.id, recordId(server.versions[app].first()));
        const Release old = history.value().at(1);
        QCOMPARE(old.id, firstId);
        QCOMPARE(old.toJson(), before.toJson());
        QCOMPARE(old.destinations.at(1).state, DestinationState::Failed);
        QCOMPARE(model->rowCount(), 3);
        LocalLibrary library(m_dir->filePath(QStringLiteral("library")));
        QCOMPARE(library.versions(QStringLiteral("com.politedroid")).value().size(), 1); // not published again
    }

    void pauseAndResumeFromTheDock_stopsTheTransfer_thenExactlyOneVersion()
    {
        SLIPWAY_REQUIRE_CORPUS();
        const QString ipa = bigIpa(m_dir->path(), 24);
        QVERIFY(!ipa.isEmpty());
        HockeyAppFakeServer server;
        QVERIFY(server.listen());
        const QString app = server.addApp(QStringLiteral("UnCrackable"), kBundle);
        server.server.holdDuringBody("POST", kUpload, 256 * 1024); // a server that reads slowly
        QSignalSpy held(&server.server, &HttpTestServer::bodyHeld);
        auto workspace = makeWorkspace();
        QVERIFY(addAccount(*workspace, QStringLiteral("p"), server));
        MainWindow window(workspace.get());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.submitRelease(releaseOf(ipa, {QStringLiteral("p")}));
        QVERIFY(held.wait(60000));
        QTRY_COMPARE(rowState(window, QStringLiteral("p")), kState(DestinationState::Uploading));

        ReleasesPanel* panel = window.releasesPanel();
        ReleasesModel* model = panel->model();
        const int row = rowOf(window, QStringLiteral("p"));
        panel->view()->setCurrentIndex(model->index(row, 0));
        QVERIFY(panel->pauseButton()->isEnabled());
        QCOMPARE(panel->pauseButton()->text(), QStringLiteral("Pause"));
        QTest::mouseClick(panel->pauseButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(model->destinationAt(row).paused, 30000);
        QTRY_COMPARE_WITH_TIMEOUT(window.releaseQueue()->runningCount(), 0, 30000);
        QCOMPARE(rowState(window, QStringLiteral("p")), kState(DestinationState::Queued));
        QCOMPARE(model->index(row, ReleasesModel::State).data().toString(), QStringLiteral("Paused"));
        QCOMPARE(panel->pauseButton()->text(), QStringLiteral("Resume"));

        // The transfer stopped: the server reads on and gets only what was already on its way, then the end of
        // the connection; no upload completes and no new one starts while paused.
        QSignalSpy recorded(&server.server, &HttpTestServer::requestRecorded);
        server.server.releaseHeld();
        QTRY_COMPARE_WITH_TIMEOUT(server.server.count("POST", kUpload), 1, 30000);
        const RecordedRequest stopped = server.server.requests("POST", kUpload).first();
        QVERIFY(stopped.bodySize < QFileInfo(ipa).size());
        QCOMPARE(server.versionCount(), 0);
        QCOMPARE(server.server.startedCount(), server.server.requests().size());
        QCOMPARE(model->destinationAt(row).paused, true);

        // Resume: the lookup finds nothing landed, the upload runs once to the end.
        QSignalSpy finished(&window, &MainWindow::publishFinished);
        QTest::mouseClick(panel->pauseButton(), Qt::LeftButton);
        QVERIFY(finished.wait(120000));
        QVERIFY2(finished.first().first().toBool(), qPrintable(window.messageBar()->text()));
        QCOMPARE(rowState(window, QStringLiteral("p")), kState(DestinationState::Done));
        QCOMPARE(server.versionCount(), 1);
        QCOMPARE(server.server.count("POST", kUpload), 2);
        QCOMPARE(server.server.requests("POST", kUpload).last().part("ipa")->sha256, sha256Of(ipa).toLatin1());
        QCOMPARE(model->destinationAt(row).version.id, recordId(server.versions[app].first()));
        QCOMPARE(panel->pauseButton()->isEnabled(), false);
    }

    void dockState_visibilityAreaAndSize_restoredAfterARestart()
    {
        auto workspace = makeWorkspace();
        int height = 0;
        {
            MainWindow window(workspace.get());
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            ReleasesPanel* dock = window.releasesPanel();
            QCOMPARE(window.dockWidgetArea(dock), Qt::BottomDockWidgetArea);
            // Moved to the top and made taller, as a user drags it.
            window.addDockWidget(Qt::TopDockWidgetArea, dock);
            dock->show();
            QTRY_VERIFY(dock->y() < window.centralWidget()->y()); // laid out above the central widget
            const int before = dock->height();
            window.resizeDocks({dock}, {before + 90}, Qt::Vertical);
            QTRY_VERIFY(dock->height() > before);
            height = dock->height();
            QVERIFY(window.close());
        }
        {
            MainWindow window(workspace.get());
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            ReleasesPanel* dock = window.releasesPanel();
            QCOMPARE(window.dockWidgetArea(dock), Qt::TopDockWidgetArea);
            QVERIFY(dock->isVisible());
            QTRY_COMPARE(dock->height(), height);
            // Hidden from the View menu.
            dock->toggleViewAction()->trigger();
            QVERIFY(!dock->isVisible());
            QVERIFY(window.close());
        }
        MainWindow window(workspace.get());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(!window.releasesPanel()->isVisible());
        QVERIFY(!window.releasesPanel()->toggleViewAction()->isChecked());
        QCOMPARE(window.dockWidgetArea(window.releasesPanel()), Qt::TopDockWidgetArea);
    }

    void notification_onlyWhileTheWindowIsInactive()
    {
        SLIPWAY_REQUIRE_CORPUS();
        // A Notifications service of our own on the session bus: a second connection, so the calls go through the
        // bus daemon as a desktop's would.
        QDBusConnection service = QDBusConnection::connectToBus(QDBusConnection::SessionBus, QStringLiteral("notify"));
        if (!service.isConnected()) {
            if (requireShared())
                QFAIL("No session bus: run through tests/with-keyring.sh");
            QSKIP("No session bus (run through tests/with-keyring.sh)");
        }
        RecordingNotifications recorder;
        QVERIFY(service.registerObject(
            QStringLiteral("/org/freedesktop/Notifications"), &recorder, QDBusConnection::ExportAllSlots));
        QVERIFY(service.registerService(QStringLiteral("org.freedesktop.Notifications")));
        auto workspace = makeWorkspace();
        {
            MainWindow window(workspace.get());
            window.show();
            QVERIFY(QTest::qWaitForWindowActive(&window));
            QSignalSpy sent(window.notifications(), &Notifications::sent);

            // Active: the window itself shows the result, the desktop is not bothered.
            QSignalSpy finished(&window, &MainWindow::publishFinished);
            window.submitRelease(
                releaseOf(corpusFile(QStringLiteral("com.politedroid_3.apk")), {QStringLiteral("local")}));
            QVERIFY(finished.wait(60000));
            QVERIFY(finished.first().first().toBool());

            // Inactive (another window has the focus): the desktop notification says it is done.
            QWidget other;
            other.show();
            other.activateWindow();
            QVERIFY(QTest::qWaitForWindowActive(&other));
            QVERIFY(!window.isActiveWindow());
            window.submitRelease(releaseOf(corpusFile(kIpa), {QStringLiteral("local")}));
            QVERIFY(finished.wait(60000));
            QVERIFY(finished.at(1).first().toBool());
            QVERIFY(sent.wait(10000));
            QCOMPARE(sent.first().at(0).toBool(), true); // through D-Bus, not the tray fallback
            // The calls arrive in order: had the first release notified, it would be the first call.
            QCOMPARE(recorder.calls.size(), 1);
            QCOMPARE(recorder.calls.first().summary, QStringLiteral("Published %1").arg(kIpa));
            QVERIFY2(recorder.calls.first().body.contains(kBundle), qPrintable(recorder.calls.first().body));
            QVERIFY(recorder.calls.first().hints.contains(QStringLiteral("urgency")));
        }
        service.unregisterService(QStringLiteral("org.freedesktop.Notifications"));
        QDBusConnection::disconnectFromBus(QStringLiteral("notify"));
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<MemoryCredentialStore> m_secrets;
};

QTEST_MAIN(TstReleasesPanel)
#include "tst_releasespanel.moc"
