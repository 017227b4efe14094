// The item models behind the window, checked by QAbstractItemModelTester against a real Local library.
#include <QAbstractItemModelTester>
#include <QFile>
#include <QPointer>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <library/locallibrary.h>
#include <models/accounttreemodel.h>
#include <models/versiontablemodel.h>
#include <package/packageinspector.h>
#include <providers/local/localprovider.h>
#include <session/workspace.h>

using namespace Slipway;

namespace {

// The Local library whose whole listing waits for the test (its first rows come as usual), so the table can be seen
// between the two.
class HeldListProvider : public LocalProvider
{
public:
    using LocalProvider::LocalProvider;

    VersionsJob* fetchVersionList(const QString& appId) override
    {
        m_held = new VersionsJob(this);
        m_appId = appId;
        return m_held;
    }
    void release()
    {
        LocalLibrary library(libraryPath());
        auto listed = library.versions(m_appId);
        QVERIFY(listed);
        m_held->complete(listed.value());
    }

private:
    QPointer<VersionsJob> m_held;
    QString m_appId;
};

} // namespace

class TestModels : public QObject
{
    Q_OBJECT

    void publishObb(const QString& package, int code, const QString& label = {})
    {
        const QString path = m_dir.filePath(QStringLiteral("main.%1.%2.obb").arg(code).arg(package));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(code * 100, 'o'));
        f.close();
        auto info = PackageInspector::inspect(path);
        QVERIFY(info);
        PublishRequest req;
        req.files = {path};
        req.label = label;
        LocalLibrary lib(m_dir.filePath(QStringLiteral("library")));
        QVERIFY(lib.publish(req, {info.value()}));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        publishObb(QStringLiteral("com.example.alpha"), 2);
        publishObb(QStringLiteral("com.example.alpha"), 10);
        publishObb(QStringLiteral("com.example.alpha"), 9, QStringLiteral("beta"));
        publishObb(QStringLiteral("com.example.beta"), 1);
        // 25 versions for the lazy model: every fifth one labelled beta; listed newest (25) first.
        for (int code = 1; code <= 25; ++code)
            publishObb(QStringLiteral("com.example.many"), code, code % 5 ? QString() : QStringLiteral("beta"));
    }

    void accountTree_listsLocalLibraryApps()
    {
        Workspace::Options options;
        options.libraryPath = m_dir.filePath(QStringLiteral("library"));
        options.settingsFile = m_dir.filePath(QStringLiteral("settings.ini"));
        Workspace workspace(options);
        AccountTreeModel model(&workspace);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy loaded(&model, &AccountTreeModel::accountLoaded);
        model.reload();
        QCOMPARE(model.rowCount(), 1);
        QVERIFY(model.index(0, 0).data(AccountTreeModel::LoadingRole).toBool());
        QVERIFY(loaded.wait(10000));
        const QModelIndex local = model.accountIndex(QStringLiteral("local"));
        QCOMPARE(local.data().toString(), QStringLiteral("Local library"));
        QCOMPARE(model.rowCount(local), 3); // alpha, beta and many
        const QModelIndex alpha = model.appIndex(QStringLiteral("local"), QStringLiteral("com.example.alpha"));
        QVERIFY(alpha.isValid());
        QCOMPARE(alpha.parent(), local);
        QCOMPARE(alpha.data(AccountTreeModel::VersionCountRole).toInt(), 3);
        QCOMPARE(alpha.data(AccountTreeModel::KindRole).toString(), QStringLiteral("app"));
        // A second load replaces the rows (remove + insert are checked by the tester).
        model.reloadAccount(QStringLiteral("local"));
        QVERIFY(loaded.wait(10000));
        QCOMPARE(model.rowCount(local), 3); // alpha, beta and many
    }

    void accountTree_reportsBrokenLibrary()
    {
        QTemporaryDir tmp;
        const QString blocker = tmp.filePath(QStringLiteral("file"));
        QFile f(blocker);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        Workspace::Options options;
        options.libraryPath = blocker + QStringLiteral("/library"); // under a regular file: cannot be created
        options.settingsFile = tmp.filePath(QStringLiteral("settings.ini"));
        Workspace workspace(options);
        AccountTreeModel model(&workspace);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy failed(&model, &AccountTreeModel::loadFailed);
        model.reload();
        QVERIFY(failed.wait(10000));
        QVERIFY(model.index(0, 0)
                    .data(AccountTreeModel::ErrorRole)
                    .toString()
                    .contains(QStringLiteral("cannot be created")));
        // Its only child is the placeholder that says so, with Retry (a folder problem can be fixed outside; the
        // Local library has no account to edit).
        const QModelIndex local = model.index(0, 0);
        QCOMPARE(model.rowCount(local), 1);
        const QModelIndex placeholder = model.index(0, 0, local);
        QCOMPARE(placeholder.data(AccountTreeModel::KindRole).toString(), QStringLiteral("placeholder"));
        QCOMPARE(placeholder.data().toString(), QStringLiteral("Could not list apps — Retry"));
        QVERIFY(placeholder.data(AccountTreeModel::CanRetryRole).toBool());
        QCOMPARE(placeholder.parent(), local);
        QVERIFY(model.appAt(placeholder).id.isEmpty()); // not an app
        // A retry that fails again keeps one placeholder, not two.
        model.reloadAccount(QStringLiteral("local"));
        QVERIFY(failed.wait(10000));
        QCOMPARE(model.rowCount(local), 1);
    }

    void versionTable_loadsSortsAndFilters()
    {
        LocalProvider provider(QStringLiteral("local"), m_dir.filePath(QStringLiteral("library")));
        VersionTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        VersionFilterModel filter;
        filter.setSourceModel(&model);
        // (Only the model's: a tester on the proxy fetches more from inside the source's reset signal, before the
        // model's own tester has seen the reset end, and reports that as a nested change.)
        QSignalSpy loaded(&model, &VersionTableModel::loaded);
        model.load(&provider, QStringLiteral("com.example.alpha"));
        QVERIFY(model.isLoading());
        QVERIFY(loaded.wait(10000));
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.columnCount(), int(VersionTableModel::ColumnCount));

        // Version codes sort as numbers: 2 < 9 < 10.
        filter.sort(VersionTableModel::VersionCode, Qt::AscendingOrder);
        QCOMPARE(filter.index(0, VersionTableModel::VersionCode).data().toString(), QStringLiteral("2"));
        QCOMPARE(filter.index(2, VersionTableModel::VersionCode).data().toString(), QStringLiteral("10"));
        filter.sort(VersionTableModel::Size, Qt::DescendingOrder);
        QCOMPARE(filter.index(0, VersionTableModel::VersionCode).data().toString(), QStringLiteral("10"));

        filter.setSearchText(QStringLiteral("beta"));
        QCOMPARE(filter.rowCount(), 1);
        QCOMPARE(filter.index(0, VersionTableModel::Label).data().toString(), QStringLiteral("beta"));
        filter.setSearchText(QStringLiteral("beta 10"));
        QCOMPARE(filter.rowCount(), 0);
        filter.setSearchText(QString());
        QCOMPARE(filter.rowCount(), 3);

        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    // A long list shows its newest rows first; the rest joins them without a reset, so a selection made meanwhile
    // stays. A sort made meanwhile applies to the whole list when it arrives.
    void versionTable_showsFirstRowsWhileTheRestLoads()
    {
        HeldListProvider provider(QStringLiteral("local"), m_dir.filePath(QStringLiteral("library")));
        VersionTableModel model;
        model.setFetchChunk(10);
        QSignalSpy first(&model, &VersionTableModel::firstRowsLoaded);
        QSignalSpy loaded(&model, &VersionTableModel::loaded);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        const auto code
            = [&model](int row) { return model.index(row, VersionTableModel::VersionCode).data().toString().toInt(); };
        model.load(&provider, QStringLiteral("com.example.many"));
        QVERIFY(first.wait(10000));
        QVERIFY(model.isLoading());
        QCOMPARE(loaded.size(), 0);
        QCOMPARE(model.versionCount(), 10); // the newest ten of 25
        QCOMPARE(model.rowCount(), 10);
        QVERIFY(!model.canFetchMore({}));
        QCOMPARE(code(0), 25);
        QCOMPARE(code(9), 16);
        const QPersistentModelIndex selected = model.index(3, VersionTableModel::VersionName);
        const qsizetype resetsBefore = resets.size();

        provider.release();
        QTRY_COMPARE(loaded.size(), 1);
        QVERIFY(!model.isLoading());
        QCOMPARE(model.versionCount(), 25);
        QCOMPARE(resets.size(), resetsBefore); // the rows on screen stayed
        QVERIFY(selected.isValid());
        QCOMPARE(selected.row(), 3);
        QCOMPARE(code(3), 22);
        QCOMPARE(model.rowCount(), 10);
        QVERIFY(model.canFetchMore({}));
        model.fetchMore({});
        model.fetchMore({});
        QCOMPARE(model.rowCount(), 25);
        QCOMPARE(code(24), 1);
        QCOMPARE(first.size(), 1);

        // Sorted by code while only the newest ten are there: the whole list arrives sorted.
        model.load(&provider, QStringLiteral("com.example.many"));
        QVERIFY(first.wait(10000));
        model.sort(VersionTableModel::VersionCode, Qt::AscendingOrder);
        QCOMPARE(code(0), 16);
        provider.release();
        QTRY_COMPARE(loaded.size(), 2);
        QCOMPARE(model.versionCount(), 25);
        for (int row = 0; row < 10; ++row)
            QCOMPARE(code(row), row + 1);
    }

    // The model hands its rows out lazily, 10 at a time here, while sorting and the search see every version.
    void versionTable_fetchesLazilySortsAndFiltersAcrossChunks()
    {
        LocalProvider provider(QStringLiteral("local"), m_dir.filePath(QStringLiteral("library")));
        VersionTableModel model;
        model.setFetchChunk(10);
        // No QAbstractItemModelTester here: it calls fetchMore() after every change, and this test counts the
        // fetched rows. The tester checks the same model's signals at the end.
        VersionFilterModel filter;
        filter.setSourceModel(&model);
        QSignalSpy loaded(&model, &VersionTableModel::loaded);
        model.load(&provider, QStringLiteral("com.example.many"));
        QVERIFY(loaded.wait(10000));
        const auto code = [&filter](int row) {
            return filter.index(row, VersionTableModel::VersionCode).data().toString().toInt();
        };
        QCOMPARE(model.versionCount(), 25);
        QCOMPARE(model.rowCount(), 10);
        QVERIFY(model.canFetchMore({}));
        QVERIFY(filter.canFetchMore({}));
        QCOMPARE(code(0), 25); // as listed: newest first
        // The listing has no stored inspection; the details are one call away.
        QVERIFY(!model.versionAt(0).extra.contains(QStringLiteral("inspection")));

        // Sorting covers the rows not fetched yet: code 1 was the 25th row.
        filter.sort(VersionTableModel::VersionCode, Qt::AscendingOrder);
        QCOMPARE(filter.rowCount(), 10);
        for (int row = 0; row < 10; ++row)
            QCOMPARE(code(row), row + 1);
        filter.fetchMore({});
        filter.fetchMore({});
        QCOMPARE(filter.rowCount(), 25);
        QVERIFY(!model.canFetchMore({}));
        for (int row = 0; row < 25; ++row)
            QCOMPARE(code(row), row + 1);

        // A selected row follows its version through a sort.
        const QPersistentModelIndex two = model.index(1, VersionTableModel::VersionName);
        QCOMPARE(model.versionAt(two.row()).versionCode, QStringLiteral("2"));
        filter.sort(VersionTableModel::Size, Qt::DescendingOrder);
        QCOMPARE(code(0), 25);
        QVERIFY(two.isValid());
        QCOMPARE(two.row(), 23);
        QCOMPARE(model.versionAt(two.row()).versionCode, QStringLiteral("2"));

        // The search looks at every version, fetched or not, and keeps the order.
        filter.setSearchText(QStringLiteral("BETA"));
        QCOMPARE(filter.rowCount(), 5);
        QCOMPARE(code(0), 25);
        QCOMPARE(code(4), 5);
        filter.setSearchText(QStringLiteral("beta main.1"));
        QCOMPARE(filter.rowCount(), 2); // 15 and 10: main.15.com.example.many.obb, main.10.…
        QCOMPARE(code(0), 15);
        QCOMPARE(code(1), 10);
        filter.setSearchText(QString());
        QCOMPARE(filter.rowCount(), 10);
        QCOMPARE(code(0), 25);

        // rowOf() fetches up to a version that is further down.
        const QString oldest = model.allVersions().constLast().id;
        const int row = model.rowOf(oldest);
        QCOMPARE(row, 24);
        QCOMPARE(model.rowCount(), 25);
        QCOMPARE(code(row), 1);
        QCOMPARE(model.allVersions().size(), 25);

        // The details of one version: its stored inspection and files.
        VersionsJob* details = provider.fetchVersionDetails(QStringLiteral("com.example.many"), oldest);
        QVERIFY(details);
        QSignalSpy finished(details, &Job::finished);
        QVERIFY(finished.wait(10000));
        QVERIFY(details->succeeded());
        QCOMPARE(details->result().size(), 1);
        const VersionInfo full = details->result().first();
        QCOMPARE(full.versionCode, QStringLiteral("1"));
        QCOMPARE(full.extra.value(QStringLiteral("inspection")).toMap().value(QStringLiteral("kind")).toString(),
            QStringLiteral("obb"));
        QCOMPARE(full.extra.value(QStringLiteral("files")).toList().size(), 1);
        details->deleteLater();

        filter.setSearchText(QStringLiteral("beta"));
        filter.sort(VersionTableModel::Date, Qt::AscendingOrder);
        filter.setSearchText(QString());
        // The rows and layout changes the model signals are consistent while chunks arrive. (The tester is attached
        // after the resets: it calls fetchMore() from its own modelReset handler, before its reset bookkeeping has
        // run, and would report the rows a lazy model inserts then as a change nested in the reset.)
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        filter.sort(VersionTableModel::VersionCode, Qt::DescendingOrder);
        while (filter.canFetchMore({}))
            filter.fetchMore({});
        QCOMPARE(filter.rowCount(), 25);
        QCOMPARE(code(0), 25);
        QCOMPARE(code(24), 1);
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestModels)
#include "tst_models.moc"
