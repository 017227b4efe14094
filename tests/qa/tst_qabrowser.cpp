// The QA version browser's remaining parts (issue 13) in the real window, offscreen, against real parts: the Local
// library with corpus packages, a loopback ManageXR that answers as docs/apis/managexr.md describes (an app with
// an iconUrl on another host, a self-hosted APK) and a loopback Applivery (tests/providers/appliveryfakeserver,
// docs/apis/applivery.md; its builds cannot be downloaded).
// - The tree: app icons (stored by the Local library; fetched from the service's URL and cached on disk), the
//   platform marker, the app filter by name and id that expands matches and keeps the selection when cleared.
// - The All Accounts view: filters for service, state, date range, label/channel and publisher with "N of M",
//   the empty result said so, the version actions in its context menu (download, delete into the history).
// - The details pane: every file of a version with size and hashes (the OBB too), "Not published" for a dropped
//   package, the TestFlight expiry date and badge, the QR code inside the pane saved as PNG (zbarimg reads it
//   back) and SVG.
// - Compare: the icons side by side, the release notes as a line diff, metadata only for a service without
//   downloads.
#include "../providers/appliveryfakeserver.h"

#include <gui/allaccountsdialog.h>
#include <gui/apptreefilter.h>
#include <gui/comparedialog.h>
#include <gui/detailspane.h>
#include <gui/iconcache.h>
#include <gui/mainwindow.h>
#include <gui/qaactions.h>
#include <gui/qrpanel.h>
#include <gui/translations.h>
#include <gui/userprompts.h>
#include <testutils/httptestserver.h>
#include <testutils/testutils.h>

#include <QBuffer>
#include <QCheckBox>
#include <QComboBox>
#include <QCryptographicHash>
#include <QDateEdit>
#include <QDir>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <credentials/accountstore.h>
#include <credentials/credentialstore.h>
#include <credentials/memorycredentialstore.h>
#include <library/locallibrary.h>
#include <models/accounttreemodel.h>
#include <package/packageinspector.h>
#include <providers/appstoreconnect/ascjson.h>
#include <qa/comparejob.h>
#include <release/releasestore.h>
#include <session/workspace.h>

using namespace Slipway;
using namespace Slipway::Gui;
using namespace Slipway::Test;

namespace {

const QString kPkg = QStringLiteral("com.politedroid");
const QByteArray kMxrKeyId = "mxr-key";
const QByteArray kMxrSecret = "mxr-secret";

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

QString sha256Of(const QString& path)
{
    return QString::fromLatin1(QCryptographicHash::hash(fileBytes(path), QCryptographicHash::Sha256).toHex());
}

QByteArray pngOf(const QColor& color, int side)
{
    QImage image(side, side, QImage::Format_ARGB32);
    image.fill(color);
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return png;
}

// zbarimg (Debian's zbar-tools) reads a QR code independently of libqrencode.
QString decodeQr(const QString& imagePath)
{
    QProcess p;
    p.start(QStringLiteral("zbarimg"), {QStringLiteral("-q"), QStringLiteral("--raw"), imagePath});
    if (!p.waitForFinished(30000) || p.exitCode() != 0)
        return QStringLiteral("<zbarimg failed: %1>").arg(QString::fromUtf8(p.readAllStandardError()));
    return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
}

// A ManageXR organization as docs/apis/managexr.md describes it: Basic auth (key id : secret), answers wrapped in
// {data: ...}; GET /v1/apps/ gives AppProfile (packageName, title, iconUrl, numVersions), GET
// /v1/apps/{packageName}/versions gives AppVersion (id, type, createdAt in epoch ms, versionCode, versionName,
// versionLabel, apkSize, selfHosted, apkUrl, releaseChannelName). The icon and the APK live on another host.
class FakeManageXr
{
public:
    HttpTestServer api;
    HttpTestServer hosting;
    QJsonArray versions;
    QString iconPath = QStringLiteral("/icons/politedroid.png");

    FakeManageXr()
    {
        api.route("*", QStringLiteral("/**"), [this](const RecordedRequest& r) { return handle(r); });
    }

private:
    static HttpTestResponse data(const QJsonValue& value)
    {
        return HttpTestResponse::json(200, QJsonObject {{QStringLiteral("data"), value}});
    }
    HttpTestResponse handle(const RecordedRequest& r)
    {
        if (r.header("Authorization") != "Basic " + QByteArray(kMxrKeyId + ':' + kMxrSecret).toBase64())
            return HttpTestResponse::json(
                401, QJsonObject {{QStringLiteral("message"), QStringLiteral("Unauthorized")}});
        const QStringList seg = r.path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
        if (r.method == "GET" && seg == QStringList {"v1", "apps"}) {
            return data(QJsonArray {QJsonObject {{QStringLiteral("packageName"), kPkg},
                {QStringLiteral("title"), QStringLiteral("Polite Droid XR")},
                {QStringLiteral("iconUrl"), hosting.url(iconPath).toString()},
                {QStringLiteral("numVersions"), versions.size()}}});
        }
        if (r.method == "GET" && seg == QStringList {"v1", "apps", kPkg, "versions"})
            return data(versions);
        // GET one version (AppVersion plus files, without fileCount) and DELETE (200, no body).
        for (int i = 0; seg.size() == 5 && seg.at(3) == QLatin1String("versions") && i < versions.size(); ++i) {
            if (versions.at(i).toObject().value(QLatin1String("id")).toString() != seg.at(4))
                continue;
            if (r.method == "DELETE") {
                versions.removeAt(i);
                return HttpTestResponse::empty(200);
            }
            QJsonObject detail = versions.at(i).toObject();
            detail.insert(QStringLiteral("files"), QJsonArray());
            return data(detail);
        }
        return HttpTestResponse::json(404, QJsonObject {{QStringLiteral("message"), QStringLiteral("Not found")}});
    }
};

} // namespace

class TestQaBrowser : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeManageXr> m_mxr;
    std::unique_ptr<AppliveryFakeServer> m_applivery;
    std::unique_ptr<Workspace> m_ws;
    std::unique_ptr<MainWindow> m_window;
    MemoryCredentialStore m_secrets;
    ScriptedPrompts* m_prompts = nullptr;
    QString m_appliveryApp;

    VersionInfo publish(
        const QStringList& names, const QString& label = {}, const QString& notes = {}, const QString& publisher = {})
    {
        PublishRequest request;
        QList<PackageInfo> infos;
        for (const QString& name : names) {
            request.files << corpusFile(name);
            auto info = PackageInspector::inspect(corpusFile(name));
            if (!info)
                return {};
            infos << info.value();
        }
        request.label = label;
        request.notes = notes;
        request.publisher = publisher;
        LocalLibrary library(m_dir->filePath(QStringLiteral("library")));
        auto v = library.publish(request, infos);
        QTest::qWait(5); // distinct publish times
        return v ? v.value() : VersionInfo();
    }

    void openWindow()
    {
        m_window = std::make_unique<MainWindow>(m_ws.get());
        auto prompts = std::make_unique<ScriptedPrompts>();
        m_prompts = prompts.get();
        m_window->setUserPrompts(std::move(prompts));
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }
    QTreeView* tree() const { return m_window->findChild<QTreeView*>(QStringLiteral("accountTreeView")); }
    QTableView* table() const { return m_window->findChild<QTableView*>(QStringLiteral("versionTableView")); }
    // The app row of `account` in the tree's (filtered) model, once the account listed its apps.
    QModelIndex appRow(const QString& account, const QString& appId)
    {
        QModelIndex source;
        [&] {
            QTRY_VERIFY_WITH_TIMEOUT((source = m_window->accountModel()->appIndex(account, appId)).isValid(), 20000);
        }();
        return qobject_cast<QAbstractProxyModel*>(tree()->model())->mapFromSource(source);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        // As the app does at start, in English: the English plural forms ("Expires in 1 day", "10 days").
        installTranslations(qApp, QLocale(QLocale::English));
        if (QStandardPaths::findExecutable(QStringLiteral("zbarimg")).isEmpty())
            QFAIL("zbarimg is missing: install zbar-tools (scripts/install-deps)");
    }

    void init()
    {
        SLIPWAY_REQUIRE_CORPUS();
        m_dir = std::make_unique<QTemporaryDir>();
        qputenv("SLIPWAY_STATE_DIR", m_dir->filePath(QStringLiteral("state")).toUtf8());
        // No icon from an earlier run (the URL has this run's port anyway).
        QDir(QStandardPaths::writableLocation(QStandardPaths::CacheLocation) + QStringLiteral("/icons"))
            .removeRecursively();

        m_mxr = std::make_unique<FakeManageXr>();
        QVERIFY(m_mxr->api.listen());
        QVERIFY(m_mxr->hosting.listen());
        m_mxr->hosting.route("GET", m_mxr->iconPath, HttpTestResponse::text(200, pngOf(Qt::darkGreen, 128)));
        const QByteArray apk4 = fileBytes(corpusFile(QStringLiteral("com.politedroid_4.apk")));
        m_mxr->hosting.route("GET", QStringLiteral("/apks/com.politedroid_4.apk"), HttpTestResponse::text(200, apk4));
        const qint64 tenDaysAgo = QDateTime::currentMSecsSinceEpoch() - 10LL * 24 * 3600 * 1000;
        m_mxr->versions.append(QJsonObject {{QStringLiteral("id"), QStringLiteral("av_4")},
            {QStringLiteral("type"), QStringLiteral("managed")}, {QStringLiteral("versionCode"), 4},
            {QStringLiteral("versionName"), QStringLiteral("1.3")}, {QStringLiteral("versionLabel"), QString()},
            {QStringLiteral("apkSize"), double(apk4.size())}, {QStringLiteral("selfHosted"), true},
            {QStringLiteral("apkUrl"), m_mxr->hosting.url(QStringLiteral("/apks/com.politedroid_4.apk")).toString()},
            {QStringLiteral("releaseChannelName"), QStringLiteral("Beta channel")},
            {QStringLiteral("createdAt"), double(tenDaysAgo)}, {QStringLiteral("updatedAt"), double(tenDaysAgo)}});

        m_applivery = std::make_unique<AppliveryFakeServer>();
        QVERIFY(m_applivery->listen());
        m_appliveryApp = m_applivery->addApp(QStringLiteral("Polite Droid Beta"));
        for (int i = 0; i < 2; ++i) {
            m_applivery->builds[m_appliveryApp].prepend(
                QJsonObject {{QStringLiteral("id"), QStringLiteral("b%1").arg(i)},
                    {QStringLiteral("status"), QStringLiteral("processed")},
                    {QStringLiteral("versionName"), QStringLiteral("2.%1").arg(i)},
                    {QStringLiteral("tags"), QJsonArray {QStringLiteral("qa")}}, {QStringLiteral("size"), 1000 + i}});
        }

        Workspace::Options options;
        options.libraryPath = m_dir->filePath(QStringLiteral("library"));
        options.settingsFile = m_dir->filePath(QStringLiteral("settings.ini"));
        options.memorySecrets = true;
        m_ws = std::make_unique<Workspace>(options);
        m_secrets.insert(CredentialStore::keyFor(QStringLiteral("mxr-qa"), QStringLiteral("key-secret")), kMxrSecret);
        m_secrets.insert(
            CredentialStore::keyFor(QStringLiteral("apl-qa"), QStringLiteral("token")), m_applivery->token.toUtf8());
        m_ws->setCredentialStore(&m_secrets);
        Account mxr;
        mxr.name = QStringLiteral("mxr-qa");
        mxr.service = QStringLiteral("managexr");
        mxr.baseUrl = m_mxr->api.baseUrl();
        mxr.fields.insert(QStringLiteral("key-id"), QString::fromLatin1(kMxrKeyId));
        QVERIFY(m_ws->accountStore().save(mxr));
        Account apl;
        apl.name = QStringLiteral("apl-qa");
        apl.service = QStringLiteral("applivery");
        apl.baseUrl = m_applivery->api.baseUrl();
        apl.fields.insert(QStringLiteral("organization-id"), m_applivery->org);
        QVERIFY(m_ws->accountStore().save(apl));
    }

    void cleanup()
    {
        m_window.reset();
        m_ws.reset();
        m_applivery.reset();
        m_mxr.reset();
        m_dir.reset();
        qunsetenv("SLIPWAY_STATE_DIR");
    }

    void treeIconsMarkersAndFilter()
    {
        QVERIFY(!publish({QStringLiteral("com.politedroid_3.apk")}).id.isEmpty());
        openWindow();
        // The Local library's stored icon and the Android marker.
        const QModelIndex local = appRow(QStringLiteral("local"), kPkg);
        QVERIFY(local.isValid());
        QVERIFY(!local.data(Qt::DecorationRole).value<QIcon>().isNull());
        QCOMPARE(local.data().toString(), QStringLiteral("Polite Droid · Android"));
        // ManageXR's icon URL is fetched (no credential to the other host) and cached on disk; the XR marker.
        auto* filter = qobject_cast<AppTreeFilter*>(tree()->model());
        QVERIFY(filter && filter->iconCache());
        QModelIndex mxr = appRow(QStringLiteral("mxr-qa"), kPkg);
        QCOMPARE(mxr.data().toString(), QStringLiteral("Polite Droid XR · XR"));
        const QString iconUrl = m_mxr->hosting.url(m_mxr->iconPath).toString();
        QTRY_VERIFY_WITH_TIMEOUT(
            !appRow(QStringLiteral("mxr-qa"), kPkg).data(Qt::DecorationRole).value<QIcon>().isNull(), 20000);
        const QString cached = filter->iconCache()->pathFor(iconUrl);
        QVERIFY2(
            cached.startsWith(QStandardPaths::writableLocation(QStandardPaths::CacheLocation)), qPrintable(cached));
        QImage stored(cached);
        QVERIFY(!stored.isNull());
        QVERIFY(stored.width() <= IconCache::kIconSide); // scaled down: the cache stays small
        QVERIFY(!m_mxr->hosting.requests("GET", m_mxr->iconPath).first().hasHeader("Authorization"));
        // A second cache over the same folder has it at once, without asking the server again.
        const int asked = int(m_mxr->hosting.requests("GET", m_mxr->iconPath).size());
        IconCache again(filter->iconCache()->directory());
        QVERIFY(!again.icon(iconUrl).isNull());
        QCOMPARE(int(m_mxr->hosting.requests("GET", m_mxr->iconPath).size()), asked);

        // The filter matches the package id (not only the name), expands the matching accounts, ...
        QVERIFY(appRow(QStringLiteral("apl-qa"), m_appliveryApp).isValid()); // listed before the filter hides it
        auto* search = m_window->findChild<QLineEdit*>(QStringLiteral("appSearchEdit"));
        tree()->collapseAll();
        tree()->setCurrentIndex(appRow(QStringLiteral("local"), kPkg));
        search->setText(QStringLiteral("com.politedroid"));
        const QModelIndex localAccount = appRow(QStringLiteral("local"), kPkg).parent();
        QVERIFY(tree()->isExpanded(localAccount));
        QVERIFY(appRow(QStringLiteral("mxr-qa"), kPkg).isValid());
        QVERIFY(!filter->mapFromSource(m_window->accountModel()->appIndex(QStringLiteral("apl-qa"), m_appliveryApp))
                     .isValid()); // "Polite Droid Beta" has no such id
        search->setText(QStringLiteral("xr"));
        QVERIFY(!appRow(QStringLiteral("local"), kPkg).isValid()); // name, id and marker: none says "xr"
        // ... and clearing it brings back the app selected before.
        search->clear();
        QTRY_COMPARE(tree()->currentIndex(), appRow(QStringLiteral("local"), kPkg));
    }

    void allAccountsFiltersAndActions()
    {
        QVERIFY(!publish({QStringLiteral("com.politedroid_3.apk")}, QStringLiteral("qa"), {}, QStringLiteral("alice"))
                     .id.isEmpty());
        QVERIFY(!publish({QStringLiteral("com.politedroid_6.apk")}, QStringLiteral("beta"), {}, QStringLiteral("bob"))
                     .id.isEmpty());
        openWindow();
        AllAccountsDialog dialog(m_ws.get(), QString(), m_window.get());
        dialog.setActions(m_window->qaActions());
        QSignalSpy loaded(&dialog, &AllAccountsDialog::loaded);
        dialog.load(kPkg);
        QVERIFY(loaded.wait(20000));
        QCOMPARE(dialog.totalCount(), 3); // two in the Local library, one on ManageXR
        auto choose = [&dialog](const char* name, const QString& text) {
            auto* box = dialog.findChild<QComboBox*>(QLatin1String(name));
            QVERIFY(box);
            const int i = text.isEmpty() ? 0 : box->findText(text);
            QVERIFY2(i >= 0, qPrintable(text));
            box->setCurrentIndex(i);
        };
        choose("allAccountsServiceFilter", QStringLiteral("ManageXR"));
        QCOMPARE(dialog.rowCount(), 1);
        QVERIFY2(dialog.statusText().startsWith(QStringLiteral("1 of 3")), qPrintable(dialog.statusText()));
        choose("allAccountsServiceFilter", {});
        choose("allAccountsLabelFilter", QStringLiteral("Beta channel")); // ManageXR's release channel
        QCOMPARE(dialog.rowCount(), 1);
        choose("allAccountsLabelFilter", QStringLiteral("beta"));
        QCOMPARE(dialog.rowCount(), 1);
        choose("allAccountsLabelFilter", {});
        choose("allAccountsPublisherFilter", QStringLiteral("alice"));
        QCOMPARE(dialog.rowCount(), 1);
        choose("allAccountsStateFilter", QStringLiteral("managed")); // alice's is "stored": nothing is both
        QCOMPARE(dialog.rowCount(), 0);
        QVERIFY2(dialog.statusText().contains(QLatin1String("No version matches the filters (0 of 3)")),
            qPrintable(dialog.statusText()));
        choose("allAccountsPublisherFilter", {});
        choose("allAccountsStateFilter", {});
        QCOMPARE(dialog.rowCount(), 3);
        // Published in the last two days: the Local library's two, not ManageXR's of ten days ago.
        dialog.findChild<QDateEdit*>(QStringLiteral("allAccountsFrom"))->setDate(QDate::currentDate().addDays(-2));
        dialog.findChild<QDateEdit*>(QStringLiteral("allAccountsTo"))->setDate(QDate::currentDate());
        dialog.findChild<QCheckBox*>(QStringLiteral("allAccountsDateFilter"))->setChecked(true);
        QCOMPARE(dialog.rowCount(), 2);
        QVERIFY(dialog.statusText().startsWith(QStringLiteral("2 of 3")));
        dialog.findChild<QCheckBox*>(QStringLiteral("allAccountsDateFilter"))->setChecked(false);

        // The version actions on a row of another account than the window's: download ManageXR's APK.
        auto* view = dialog.findChild<QTableView*>(QStringLiteral("allAccountsTable"));
        int mxrRow = -1;
        for (int r = 0; r < view->model()->rowCount(); ++r) {
            if (view->model()->index(r, 0).data().toString() == QLatin1String("mxr-qa"))
                mxrRow = r;
        }
        QVERIFY(mxrRow >= 0);
        view->selectRow(mxrRow);
        std::unique_ptr<QMenu> menu(dialog.contextMenu());
        QStringList names;
        for (QAction* a : menu->actions()) {
            if (!a->isSeparator()) {
                names << a->objectName();
                QVERIFY2(a->isEnabled() == (a->objectName() != QLatin1String("allAccountsCompare")),
                    qPrintable(a->objectName())); // compare needs two rows
            }
        }
        QCOMPARE(names,
            QStringList({"allAccountsDownload", "allAccountsCopyLink", "allAccountsShowQr", "allAccountsCompare",
                "allAccountsDelete"}));
        QaActions* qa = m_window->qaActions();
        const QString target = m_dir->filePath(QStringLiteral("from-mxr.apk"));
        qa->hooks().savePath = [&target](const QString&) { return target; };
        QSignalSpy downloaded(qa, &QaActions::downloaded);
        menu->findChild<QAction*>(QStringLiteral("allAccountsDownload"))->trigger();
        QVERIFY(downloaded.wait(20000));
        QCOMPARE(fileBytes(target), fileBytes(corpusFile(QStringLiteral("com.politedroid_4.apk"))));

        // Delete from there: one confirmation, the view reloads, the history has the clean-up.
        view->selectRow(mxrRow);
        std::unique_ptr<QMenu> again(dialog.contextMenu());
        QSignalSpy deleted(qa, &QaActions::versionsDeleted);
        again->findChild<QAction*>(QStringLiteral("allAccountsDelete"))->trigger();
        QVERIFY(deleted.wait(20000));
        QCOMPARE(m_prompts->asked.size(), 1);
        QVERIFY(m_prompts->asked.first().contains(QLatin1String("1.3")));
        QTRY_COMPARE_WITH_TIMEOUT(dialog.totalCount(), 2, 20000); // reloaded without the deleted version
        ReleaseStore store;
        QVERIFY(store.open());
        auto cleanups = store.cleanups();
        QVERIFY(cleanups);
        QCOMPARE(cleanups->size(), 1);
        QCOMPARE(cleanups->first().account, QStringLiteral("mxr-qa"));
        QCOMPARE(cleanups->first().rule, QStringLiteral("selected"));
        QCOMPARE(cleanups->first().removed.size(), 1);
        QCOMPARE(cleanups->first().removed.first().id, QStringLiteral("av_4"));
    }

    void detailsFilesQrAndBadges()
    {
        // An APK with its OBB: both files, with their sizes and hashes.
        const QString apk = QStringLiteral("obb.main.twoversions_1101613.apk");
        const QString obb = QStringLiteral("main.1101613.obb.main.twoversions.obb");
        const VersionInfo stored = publish({apk, obb}, {}, QStringLiteral("## What's new\n\n- **Faster** start"));
        QVERIFY(!stored.id.isEmpty());
        openWindow();
        const QString appId = stored.appId;
        tree()->setCurrentIndex(appRow(QStringLiteral("local"), appId));
        QTRY_COMPARE_WITH_TIMEOUT(table()->model()->rowCount(), 1, 20000);
        table()->setCurrentIndex(table()->model()->index(0, 0));
        DetailsPane* pane = m_window->detailsPane();
        QTRY_COMPARE(pane->valueOf(QStringLiteral("fileSha2560")), sha256Of(corpusFile(apk)));
        QCOMPARE(pane->valueOf(QStringLiteral("fileSha2561")), sha256Of(corpusFile(obb)));
        QVERIFY(
            pane->valueOf(QStringLiteral("fileSize1")).contains(QLocale().toString(QFileInfo(corpusFile(obb)).size())));
        QVERIFY(!pane->valueOf(QStringLiteral("fileMd51")).isEmpty());
        auto* notes = pane->findChild<QLabel*>(QStringLiteral("releaseNotesLabel"));
        QVERIFY(notes);
        QCOMPARE(notes->textFormat(), Qt::MarkdownText);
        QVERIFY(!pane->qrPanel()); // a file:// path is of no use on a phone
        QCOMPARE(pane->badge(), QString());

        // A ManageXR version: its self-hosted link as a QR code in the pane, saved as PNG and SVG.
        tree()->setCurrentIndex(appRow(QStringLiteral("mxr-qa"), kPkg));
        QTRY_COMPARE_WITH_TIMEOUT(table()->model()->rowCount(), 1, 20000);
        table()->setCurrentIndex(table()->model()->index(0, 0));
        QTRY_VERIFY(pane->qrPanel());
        QrPanel* qr = pane->qrPanel();
        const QString link = m_mxr->hosting.url(QStringLiteral("/apks/com.politedroid_4.apk")).toString();
        QCOMPARE(qr->code().text(), link);
        const QString png = m_dir->filePath(QStringLiteral("qr"));
        qr->askSavePath
            = [&png](QWidget*, const QString& format) -> QString { return png + QLatin1Char('.') + format; };
        QVERIFY(qr->save(QStringLiteral("png")));
        QCOMPARE(decodeQr(png + QStringLiteral(".png")), link);
        QVERIFY(qr->save(QStringLiteral("svg")));
        QVERIFY(fileBytes(png + QStringLiteral(".svg")).contains("<svg"));

        // A dropped package is marked as not published.
        auto info = PackageInspector::inspect(corpusFile(QStringLiteral("com.politedroid_6.apk")));
        QVERIFY(info);
        pane->showPackage(info->toJson(), info->iconPng);
        QCOMPARE(pane->badge(), QStringLiteral("Not published"));
    }

    void testFlightExpiry_data()
    {
        QTest::addColumn<int>("daysLeft");
        QTest::addColumn<bool>("expired");
        QTest::addColumn<QString>("badge");
        QTest::newRow("in 30 days") << 30 << false << QString();
        QTest::newRow("in 10 days") << 10 << false << QStringLiteral("Expires in 10 days"); // English plural form
        QTest::newRow("in 1 day") << 1 << false << QStringLiteral("Expires in 1 day");
        QTest::newRow("expired flag") << 30 << true << QStringLiteral("Expired");
        QTest::newRow("date passed") << -1 << false << QStringLiteral("Expired");
    }

    void testFlightExpiry()
    {
        QFETCH(int, daysLeft);
        QFETCH(bool, expired);
        QFETCH(QString, badge);
        // A build as GET /v1/apps/{id}/builds answers it (docs/apis/appstoreconnect.md: Build attributes version,
        // uploadedDate, expirationDate, expired, processingState; the preReleaseVersion included).
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const QJsonObject body {
            {QStringLiteral("data"),
                QJsonArray {QJsonObject {{QStringLiteral("type"), QStringLiteral("builds")},
                    {QStringLiteral("id"), QStringLiteral("build-1")},
                    {QStringLiteral("attributes"),
                        QJsonObject {{QStringLiteral("version"), QStringLiteral("42")},
                            {QStringLiteral("uploadedDate"), now.addDays(daysLeft - 90).toString(Qt::ISODate)},
                            {QStringLiteral("expirationDate"),
                                now.addDays(daysLeft).addSecs(-60).toString(Qt::ISODate)},
                            {QStringLiteral("expired"), expired},
                            {QStringLiteral("processingState"), QStringLiteral("VALID")}}},
                    {QStringLiteral("relationships"),
                        QJsonObject {{QStringLiteral("preReleaseVersion"),
                            QJsonObject {{QStringLiteral("data"),
                                QJsonObject {{QStringLiteral("type"), QStringLiteral("preReleaseVersions")},
                                    {QStringLiteral("id"), QStringLiteral("pre-1")}}}}}}}}}},
            {QStringLiteral("included"),
                QJsonArray {QJsonObject {{QStringLiteral("type"), QStringLiteral("preReleaseVersions")},
                    {QStringLiteral("id"), QStringLiteral("pre-1")},
                    {QStringLiteral("attributes"),
                        QJsonObject {{QStringLiteral("version"), QStringLiteral("1.4")},
                            {QStringLiteral("platform"), QStringLiteral("IOS")}}}}}}};
        auto page = AscJson::parseBuilds(QJsonDocument(body).toJson(), QStringLiteral("123"));
        QVERIFY(page);
        QCOMPARE(page->items.size(), 1);
        DetailsPane pane;
        pane.showVersion(page->items.first(), AppInfo());
        QCOMPARE(pane.badge(), badge);
        QVERIFY(!pane.valueOf(QStringLiteral("Expires")).isEmpty());
    }

    void compareIconsNotesAndMetadataOnly()
    {
        // Two Local versions with release notes: both icons, and the notes as a line diff.
        const VersionInfo a = publish(
            {QStringLiteral("com.politedroid_3.apk")}, {}, QStringLiteral("Fixes\nOld crash on start\nThanks"));
        const VersionInfo b
            = publish({QStringLiteral("com.politedroid_6.apk")}, {}, QStringLiteral("Fixes\nNew login screen\nThanks"));
        QVERIFY(!a.id.isEmpty() && !b.id.isEmpty());
        CompareSide sa {{}, QStringLiteral("local"), kPkg, a.id};
        CompareSide sb {{}, QStringLiteral("local"), kPkg, b.id};
        CompareJob job(*m_ws, sa, sb);
        QSignalSpy finished(&job, &Job::finished);
        job.start();
        QVERIFY(finished.wait(60000));
        QVERIFY2(job.succeeded(), qPrintable(job.error().message));
        const QJsonObject diff = job.result();
        const QJsonObject icons = diff.value(QLatin1String("icons")).toObject();
        QVERIFY(!icons.value(QLatin1String("a")).toString().isEmpty());
        QVERIFY(!icons.value(QLatin1String("b")).toString().isEmpty());
        const QJsonArray lines = diff.value(QLatin1String("notes")).toObject().value(QLatin1String("lines")).toArray();
        QStringList rendered;
        for (const QJsonValue& l : lines)
            rendered << l.toObject().value(QLatin1String("op")).toString()
                    + l.toObject().value(QLatin1String("text")).toString();
        QCOMPARE(rendered, QStringList({" Fixes", "-Old crash on start", "+New login screen", " Thanks"}));
        CompareDialog dialog(diff, QStringLiteral("1.2 (3)"), QStringLiteral("1.5 (6)"));
        auto* iconA = dialog.findChild<QLabel*>(QStringLiteral("compareIconA"));
        auto* iconB = dialog.findChild<QLabel*>(QStringLiteral("compareIconB"));
        QVERIFY(iconA && iconB);
        QVERIFY(!iconA->pixmap().isNull() && !iconB->pixmap().isNull());
        auto* notes = dialog.findChild<QPlainTextEdit*>(QStringLiteral("compareNotesDiff"));
        QVERIFY(notes);
        QVERIFY(notes->toPlainText().contains(QStringLiteral("+ New login screen")));
        QVERIFY(notes->toPlainText().contains(QStringLiteral("− Old crash on start")));

        // Applivery offers no download: what the service returns is compared, the rest is marked unavailable.
        CompareSide pa {{}, QStringLiteral("apl-qa"), m_appliveryApp, QStringLiteral("b0")};
        CompareSide pb {{}, QStringLiteral("apl-qa"), m_appliveryApp, QStringLiteral("b1")};
        CompareJob meta(*m_ws, pa, pb);
        QSignalSpy metaDone(&meta, &Job::finished);
        meta.start();
        QVERIFY(metaDone.wait(30000));
        QVERIFY2(meta.succeeded(), qPrintable(meta.error().message));
        const QJsonObject m = meta.result();
        QVERIFY(m.value(QLatin1String("metadataOnly")).toBool());
        QVERIFY(!m.value(QLatin1String("identical")).toBool());
        QVERIFY(m.value(QLatin1String("unavailable")).toArray().contains(QStringLiteral("signing")));
        QStringList fields;
        for (const QJsonValue& c : m.value(QLatin1String("changes")).toArray())
            fields << c.toObject().value(QLatin1String("field")).toString();
        QVERIFY2(fields.contains(QStringLiteral("versionName")), qPrintable(fields.join(',')));
        QCOMPARE(m.value(QLatin1String("a")).toObject().value(QLatin1String("account")).toString(),
            QStringLiteral("apl-qa"));
        CompareDialog metaDialog(m, QStringLiteral("2.0"), QStringLiteral("2.1"));
        QVERIFY(metaDialog.findChild<QLabel*>(QStringLiteral("compareUnavailable")));
        QVERIFY(metaDialog.changedFields().contains(QStringLiteral("versionName")));
        QVERIFY(!metaDialog.changedFields().contains(QStringLiteral("signer")));
    }
};

QTEST_MAIN(TestQaBrowser)
#include "tst_qabrowser.moc"
