// The item models behind the window, checked by QAbstractItemModelTester against a real Local library.
#include <QAbstractItemModelTester>
#include <QFile>
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
        QCOMPARE(model.rowCount(local), 2);
        const QModelIndex alpha = model.appIndex(QStringLiteral("local"), QStringLiteral("com.example.alpha"));
        QVERIFY(alpha.isValid());
        QCOMPARE(alpha.parent(), local);
        QCOMPARE(alpha.data(AccountTreeModel::VersionCountRole).toInt(), 3);
        QCOMPARE(alpha.data(AccountTreeModel::KindRole).toString(), QStringLiteral("app"));
        // A second load replaces the rows (remove + insert are checked by the tester).
        model.reloadAccount(QStringLiteral("local"));
        QVERIFY(loaded.wait(10000));
        QCOMPARE(model.rowCount(local), 2);
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
        QAbstractItemModelTester filterTester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
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

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestModels)
#include "tst_models.moc"
