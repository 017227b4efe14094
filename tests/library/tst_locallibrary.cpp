#include <testutils/testutils.h>

#include <QCryptographicHash>
#include <QDirIterator>
#include <QFile>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <library/locallibrary.h>
#include <package/packageinspector.h>
#include <providers/local/localprovider.h>

using namespace Slipway;

namespace {

// A small but real package (an OBB: identity from its name) that needs no corpus.
QString makeObb(const QTemporaryDir& dir, const QString& package, int code, const QByteArray& content)
{
    const QString path = dir.filePath(QStringLiteral("main.%1.%2.obb").arg(code).arg(package));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return {};
    f.write(content);
    return path;
}

PackageInfo inspect(const QString& path)
{
    auto r = PackageInspector::inspect(path);
    if (!r)
        qWarning() << r.error().toString();
    return r ? r.value() : PackageInfo();
}

PublishRequest requestFor(const QString& path, const QString& notes = {})
{
    PublishRequest req;
    req.files = {path};
    req.notes = notes;
    req.publisher = QStringLiteral("tester");
    return req;
}

int countFiles(const QString& dir)
{
    int n = 0;
    QDirIterator it(dir, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        ++n;
    }
    return n;
}

} // namespace

class TestLocalLibrary : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void publish_listsAppAndVersion()
    {
        QTemporaryDir tmp;
        const QString obb = makeObb(tmp, QStringLiteral("com.example.game"), 7, "game data");
        LocalLibrary lib(tmp.filePath(QStringLiteral("lib")));
        QVERIFY(lib.open());
        auto v = lib.publish(requestFor(obb, QStringLiteral("First *build*")), {inspect(obb)});
        QVERIFY2(v, qPrintable(v.error().toString()));
        QCOMPARE(v->appId, QStringLiteral("com.example.game"));
        QCOMPARE(v->versionCode, QStringLiteral("7"));
        QCOMPARE(v->notes, QStringLiteral("First *build*"));
        QCOMPARE(v->publisher, QStringLiteral("tester"));
        QCOMPARE(v->size, qint64(9));
        QCOMPARE(
            v->sha256, QString::fromLatin1(QCryptographicHash::hash("game data", QCryptographicHash::Sha256).toHex()));
        QCOMPARE(v->md5, QString::fromLatin1(QCryptographicHash::hash("game data", QCryptographicHash::Md5).toHex()));
        QVERIFY(v->created.isValid());
        QVERIFY(v->extra.value(QStringLiteral("inspection")).toMap().value(QStringLiteral("kind"))
            == QStringLiteral("obb"));

        auto apps = lib.apps();
        QVERIFY(apps);
        QCOMPARE(apps->size(), 1);
        QCOMPARE(apps->first().id, QStringLiteral("com.example.game"));
        QCOMPARE(apps->first().versionCount, 1);

        // The artifact is content-addressed and byte-identical.
        QFile stored(lib.artifactPath(v->sha256));
        QVERIFY(stored.open(QIODevice::ReadOnly));
        QCOMPARE(stored.read(100), QByteArray("game data"));
    }

    void reopen_keepsEverything()
    {
        QTemporaryDir tmp;
        const QString root = tmp.filePath(QStringLiteral("lib"));
        const QString obb = makeObb(tmp, QStringLiteral("com.example.keep"), 3, "keep");
        {
            LocalLibrary lib(root);
            QVERIFY(lib.publish(requestFor(obb, QStringLiteral("notes")), {inspect(obb)}));
        }
        LocalLibrary again(root);
        auto versions = again.versions(QStringLiteral("com.example.keep"));
        QVERIFY(versions);
        QCOMPARE(versions->size(), 1);
        QCOMPARE(versions->first().notes, QStringLiteral("notes"));
        QCOMPARE(versions->first().fileName, QStringLiteral("main.3.com.example.keep.obb"));
    }

    void duplicate_isRefusedWithClearMessage()
    {
        QTemporaryDir tmp;
        const QString obb = makeObb(tmp, QStringLiteral("com.example.dup"), 5, "one");
        LocalLibrary lib(tmp.filePath(QStringLiteral("lib")));
        QVERIFY(lib.publish(requestFor(obb), {inspect(obb)}));
        auto again = lib.publish(requestFor(obb), {inspect(obb)});
        QVERIFY(!again);
        QCOMPARE(again.error().kind, Error::Kind::Conflict);
        QVERIFY2(again.error().message.contains(QStringLiteral("already has version code 5")),
            qPrintable(again.error().message));
        QCOMPARE(again.error().field, QStringLiteral("label")); // the front end points at its label control
        // Same code with another label is a different build and is accepted.
        PublishRequest labelled = requestFor(obb);
        labelled.label = QStringLiteral("quest");
        QVERIFY(lib.publish(labelled, {inspect(obb)}));
        QCOMPARE(lib.versions(QStringLiteral("com.example.dup"))->size(), 2);
    }

    void sameFileTwice_isStoredOnce()
    {
        QTemporaryDir tmp;
        const QString obb = makeObb(tmp, QStringLiteral("com.example.same"), 1, "identical bytes");
        LocalLibrary lib(tmp.filePath(QStringLiteral("lib")));
        PublishRequest a = requestFor(obb);
        PublishRequest b = requestFor(obb);
        b.label = QStringLiteral("second");
        QVERIFY(lib.publish(a, {inspect(obb)}));
        QVERIFY(lib.publish(b, {inspect(obb)}));
        QCOMPARE(countFiles(tmp.filePath(QStringLiteral("lib/artifacts"))), 1);
        QCOMPARE(countFiles(tmp.filePath(QStringLiteral("lib/tmp"))), 0);
    }

    void removeVersion_dropsRowThenUnusedArtifact()
    {
        QTemporaryDir tmp;
        const QString obb = makeObb(tmp, QStringLiteral("com.example.rm"), 2, "remove me");
        LocalLibrary lib(tmp.filePath(QStringLiteral("lib")));
        PublishRequest a = requestFor(obb);
        PublishRequest b = requestFor(obb);
        b.label = QStringLiteral("b");
        auto va = lib.publish(a, {inspect(obb)});
        auto vb = lib.publish(b, {inspect(obb)});
        QVERIFY(va && vb);
        QVERIFY(lib.removeVersion(QStringLiteral("com.example.rm"), va->id));
        QVERIFY(QFile::exists(lib.artifactPath(vb->sha256))); // still used by b
        QVERIFY(lib.removeVersion(QStringLiteral("com.example.rm"), vb->id));
        QVERIFY(!QFile::exists(lib.artifactPath(vb->sha256)));
        QCOMPARE(lib.apps()->size(), 0); // the app went with its last version
        auto missing = lib.removeVersion(QStringLiteral("com.example.rm"), vb->id);
        QCOMPARE(missing.error().kind, Error::Kind::NotFound);
    }

    void changedAfterInspection_isRefused()
    {
        QTemporaryDir tmp;
        const QString obb = makeObb(tmp, QStringLiteral("com.example.changed"), 4, "before");
        const PackageInfo info = inspect(obb);
        QFile f(obb);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write("after!");
        f.close();
        LocalLibrary lib(tmp.filePath(QStringLiteral("lib")));
        auto v = lib.publish(requestFor(obb), {info});
        QVERIFY(!v);
        QCOMPARE(v.error().kind, Error::Kind::Io);
        QVERIFY(v.error().message.contains(QStringLiteral("changed after it was inspected")));
        QCOMPARE(lib.apps()->size(), 0);
        QCOMPARE(countFiles(tmp.filePath(QStringLiteral("lib/artifacts"))), 0);
        QCOMPARE(countFiles(tmp.filePath(QStringLiteral("lib/tmp"))), 0);
    }

    void cancel_leavesNothing()
    {
        QTemporaryDir tmp;
        const QString big = tmp.filePath(QStringLiteral("main.9.com.example.big.obb"));
        {
            QFile f(big);
            QVERIFY(f.open(QIODevice::WriteOnly));
            QVERIFY(f.resize(32 * 1024 * 1024));
        }
        LocalLibrary lib(tmp.filePath(QStringLiteral("lib")));
        std::atomic_bool cancel(false);
        int calls = 0;
        auto v = lib.publish(
            requestFor(big), {inspect(big)},
            [&](qint64, qint64) {
                if (++calls == 3)
                    cancel = true;
            },
            &cancel);
        QVERIFY(!v);
        QCOMPARE(v.error().kind, Error::Kind::Cancelled);
        QCOMPARE(lib.apps()->size(), 0);
        QCOMPARE(countFiles(tmp.filePath(QStringLiteral("lib/tmp"))), 0);
        QCOMPARE(countFiles(tmp.filePath(QStringLiteral("lib/artifacts"))), 0);
    }

    void collectGarbage_removesOnlyUnreferencedLeftovers()
    {
        QTemporaryDir tmp;
        const QString obb = makeObb(tmp, QStringLiteral("com.example.gc"), 1, "kept");
        LocalLibrary lib(tmp.filePath(QStringLiteral("lib")));
        auto v = lib.publish(requestFor(obb), {inspect(obb)});
        QVERIFY(v);
        // Leftovers of an interrupted publish: a temporary file and an artifact without a row.
        QFile part(tmp.filePath(QStringLiteral("lib/tmp/x.part")));
        QVERIFY(part.open(QIODevice::WriteOnly));
        part.close();
        const QString orphan = lib.artifactPath(QStringLiteral("ab") + QString(62, QLatin1Char('0')));
        QDir().mkpath(QFileInfo(orphan).absolutePath());
        QFile o(orphan);
        QVERIFY(o.open(QIODevice::WriteOnly));
        o.close();
        QCOMPARE(lib.collectGarbage(3600), 0); // too young: may belong to a publish in another process
        QCOMPARE(lib.collectGarbage(-1), 2);
        QVERIFY(QFile::exists(lib.artifactPath(v->sha256)));
        QVERIFY(!QFile::exists(orphan));
    }

    void newerSchema_isRefused()
    {
        QTemporaryDir tmp;
        const QString root = tmp.filePath(QStringLiteral("lib"));
        {
            LocalLibrary lib(root);
            QVERIFY(lib.open());
        }
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("raw"));
            db.setDatabaseName(root + QStringLiteral("/catalog.sqlite"));
            QVERIFY(db.open());
            QVERIFY(QSqlQuery(db).exec(QStringLiteral("UPDATE meta SET value = '99' WHERE key = 'schema'")));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("raw"));
        LocalLibrary lib(root);
        auto st = lib.open();
        QVERIFY(!st);
        QVERIFY(st.error().message.contains(QStringLiteral("newer Slipway")));
    }

    void provider_publishesThroughJobsWithProgress()
    {
        QTemporaryDir tmp;
        const QString obb = makeObb(tmp, QStringLiteral("com.example.job"), 11, QByteArray(3 * 1024 * 1024, 'x'));
        LocalProvider provider(QStringLiteral("local"), tmp.filePath(QStringLiteral("lib")));
        PublishJob* job = provider.publish(requestFor(obb));
        QSignalSpy progress(job, &Job::progress);
        QSignalSpy finished(job, &Job::finished);
        QVERIFY(finished.wait(20000));
        QVERIFY2(job->succeeded(), qPrintable(job->error().toString()));
        QVERIFY(progress.size() >= 3);
        const auto last = progress.last();
        QCOMPARE(last.at(0).toLongLong(), last.at(1).toLongLong()); // ends at 100 %
        QCOMPARE(job->result().versionCode, QStringLiteral("11"));

        VersionsJob* versions = provider.fetchVersions(QStringLiteral("com.example.job"));
        QSignalSpy vf(versions, &Job::finished);
        QVERIFY(vf.wait(10000));
        QCOMPARE(versions->result().size(), 1);

        ActionJob* del = provider.deleteVersion(QStringLiteral("com.example.job"), job->result().id);
        QSignalSpy df(del, &Job::finished);
        QVERIFY(df.wait(10000));
        QVERIFY(del->succeeded());
    }

    void provider_rejectsNonPackageWithoutWriting()
    {
        QTemporaryDir tmp;
        const QString text = tmp.filePath(QStringLiteral("notes.apk"));
        QFile f(text);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("this is not a zip archive");
        f.close();
        LocalProvider provider(QStringLiteral("local"), tmp.filePath(QStringLiteral("lib")));
        PublishJob* job = provider.publish(requestFor(text));
        QSignalSpy finished(job, &Job::finished);
        QVERIFY(finished.wait(10000));
        QCOMPARE(job->error().kind, Error::Kind::InvalidPackage);
        QVERIFY(job->error().message.contains(QStringLiteral("not a zip archive")));
        QVERIFY(!QFileInfo::exists(tmp.filePath(QStringLiteral("lib"))));
    }

    void cancelledJob_finishesAsCancelled()
    {
        QTemporaryDir tmp;
        const QString big = tmp.filePath(QStringLiteral("main.1.com.example.cancel.obb"));
        {
            QFile f(big);
            QVERIFY(f.open(QIODevice::WriteOnly));
            QVERIFY(f.resize(64 * 1024 * 1024));
        }
        LocalProvider provider(QStringLiteral("local"), tmp.filePath(QStringLiteral("lib")));
        PublishJob* job = provider.publish(requestFor(big));
        QSignalSpy finished(job, &Job::finished);
        QSignalSpy progress(job, &Job::progress);
        QVERIFY(progress.wait(10000));
        job->cancel();
        QVERIFY(finished.wait(10000) || job->isFinished());
        QCOMPARE(job->error().kind, Error::Kind::Cancelled);
        // The worker notices the flag and removes its temporary file.
        QTRY_COMPARE_WITH_TIMEOUT(countFiles(tmp.filePath(QStringLiteral("lib/tmp"))), 0, 10000);
        LocalLibrary lib(tmp.filePath(QStringLiteral("lib")));
        QCOMPARE(lib.apps()->size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestLocalLibrary)
#include "tst_locallibrary.moc"
