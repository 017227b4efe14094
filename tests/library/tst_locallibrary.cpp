#include <testutils/testutils.h>

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>
#include <fcntl.h>
#include <library/locallibrary.h>
#include <package/packageinspector.h>
#include <providers/local/localprovider.h>
#include <sys/file.h>
#include <unistd.h>

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

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Bytes that differ from chunk to chunk, so a misplaced or repeated chunk shows.
QByteArray patterned(int size)
{
    QByteArray data(size, Qt::Uninitialized);
    for (int i = 0; i < size; ++i)
        data[i] = char((i * 131 + i / 4093) & 0xff);
    return data;
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

    // The listing's download URL points at the stored file, also from a folder whose name needs encoding in a URL.
    void versions_downloadUrlOpensTheStoredFile()
    {
        QTemporaryDir tmp;
        const QString obb = makeObb(tmp, QStringLiteral("com.example.url"), 2, "url data");
        LocalLibrary lib(tmp.filePath(QString::fromUtf8("lib with space #1 %41 \xc3\xa9")));
        auto v = lib.publish(requestFor(obb), {inspect(obb)});
        QVERIFY2(v, qPrintable(v.error().toString()));
        for (const auto detail : {LocalLibrary::VersionDetail::Listing, LocalLibrary::VersionDetail::Full}) {
            auto versions = lib.versions(QStringLiteral("com.example.url"), detail);
            QVERIFY(versions);
            QCOMPARE(versions->size(), 1);
            const QString url = versions->first().downloadUrl;
            QCOMPARE(url, QUrl::fromLocalFile(lib.artifactPath(v->sha256)).toString());
            QCOMPARE(QUrl(url).toLocalFile(), lib.artifactPath(v->sha256));
            QFile stored(QUrl(url).toLocalFile());
            QVERIFY(stored.open(QIODevice::ReadOnly));
            QCOMPARE(stored.readAll(), QByteArray("url data"));
        }
    }

    // A listing reads the table's columns only; the stored inspection comes with one version or a full listing.
    void versions_listingLeavesTheInspectionForDetails()
    {
        QTemporaryDir tmp;
        LocalLibrary lib(tmp.filePath(QStringLiteral("lib")));
        QVERIFY(lib.open());
        QStringList ids;
        for (int code : {3, 4, 5}) {
            const QString obb = makeObb(tmp, QStringLiteral("com.example.list"), code, QByteArray(code, 'x'));
            auto v = lib.publish(requestFor(obb, QStringLiteral("notes %1").arg(code)), {inspect(obb)});
            QVERIFY2(v, qPrintable(v.error().toString()));
            ids.prepend(v->id); // newest first
        }
        // A version of two files: the listing names the primary (the first), not the companion.
        const QString primary = makeObb(tmp, QStringLiteral("com.example.list"), 6, "primary bytes");
        const QString companionDir = tmp.filePath(QStringLiteral("companion"));
        QVERIFY(QDir().mkpath(companionDir));
        const QString companion = companionDir + QStringLiteral("/patch.6.com.example.list.obb");
        QFile c(companion);
        QVERIFY(c.open(QIODevice::WriteOnly));
        c.write("the companion, longer than the primary");
        c.close();
        PublishRequest two = requestFor(primary);
        two.files.append(companion);
        auto both = lib.publish(two, {inspect(primary), inspect(companion)});
        QVERIFY2(both, qPrintable(both.error().toString()));
        auto listedTwo = lib.versions(QStringLiteral("com.example.list"));
        QVERIFY(listedTwo);
        QCOMPARE(listedTwo->size(), 4);
        QCOMPARE(listedTwo->first().versionCode, QStringLiteral("6"));
        QCOMPARE(listedTwo->first().fileName, QStringLiteral("main.6.com.example.list.obb"));
        QCOMPARE(listedTwo->first().size, qint64(13));
        auto twoFull = lib.version(QStringLiteral("com.example.list"), both->id);
        QVERIFY(twoFull);
        QCOMPARE(twoFull->extra.value(QStringLiteral("files")).toList().size(), 2);
        QCOMPARE(twoFull->sha256, listedTwo->first().sha256);
        QVERIFY(lib.removeVersion(QStringLiteral("com.example.list"), both->id));

        auto listed = lib.versions(QStringLiteral("com.example.list"));
        QVERIFY(listed);
        QCOMPARE(listed->size(), 3);
        for (int i = 0; i < 3; ++i) {
            const VersionInfo& v = listed->at(i);
            QCOMPARE(v.id, ids.at(i));
            QCOMPARE(v.versionCode, QString::number(5 - i));
            QCOMPARE(v.size, qint64(5 - i));
            QVERIFY(!v.sha256.isEmpty());
            QCOMPARE(v.notes, QStringLiteral("notes %1").arg(5 - i));
            QVERIFY(!v.extra.contains(QStringLiteral("inspection")));
        }

        auto full = lib.versions(QStringLiteral("com.example.list"), LocalLibrary::VersionDetail::Full);
        QVERIFY(full);
        QCOMPARE(full->size(), 3);
        auto one = lib.version(QStringLiteral("com.example.list"), ids.at(1));
        QVERIFY(one);
        QCOMPARE(one->versionCode, QStringLiteral("4"));
        QCOMPARE(one->extra.value(QStringLiteral("inspection")).toMap().value(QStringLiteral("versionCode")).toString(),
            QStringLiteral("4"));
        QCOMPARE(one->toJson(), full->at(1).toJson());
        QCOMPARE(
            lib.version(QStringLiteral("com.example.list"), QStringLiteral("999")).error().kind, Error::Kind::NotFound);

        // Streaming hands out the stored JSON text and stops when asked to.
        int seen = 0;
        QVERIFY(lib.forEachVersion(QStringLiteral("com.example.list"), LocalLibrary::VersionDetail::RawInspection,
            [&seen](const VersionInfo& v, const QByteArray& inspection) {
                ++seen;
                return v.versionCode == QStringLiteral("5") && inspection.startsWith('{');
            }));
        QCOMPARE(seen, 2);
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

    // The copy is checked after it was written (SHA-256 only; its MD5 comes from the pass that read the source): a
    // byte that changes in the stored copy after writing is caught, with the inspection's digests and without.
    void copyDamagedAfterWriting_isCaught_data()
    {
        QTest::addColumn<bool>("withDigests");
        QTest::newRow("inspection digests") << true;
        QTest::newRow("hashed while copying") << false;
    }
    void copyDamagedAfterWriting_isCaught()
    {
        QFETCH(bool, withDigests);
        QTemporaryDir tmp;
        const QByteArray content = patterned(3 * 1024 * 1024 + 17);
        const QString obb = makeObb(tmp, QStringLiteral("com.example.damaged"), 5, content);
        PackageInfo info = inspect(obb);
        QCOMPARE(
            info.sha256, QString::fromLatin1(QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex()));
        if (!withDigests) {
            info.sha256.clear();
            info.md5.clear();
        }
        const QString root = tmp.filePath(QStringLiteral("lib"));
        LocalLibrary lib(root);
        int damaged = 0;
        lib.setStageHook([&](LocalLibrary::PublishStage stage) {
            if (stage != LocalLibrary::PublishStage::Copied)
                return;
            QDirIterator parts(root + QStringLiteral("/tmp"), {QStringLiteral("*.part")}, QDir::Files);
            while (parts.hasNext()) {
                QFile part(parts.next());
                QVERIFY(part.open(QIODevice::ReadWrite));
                QVERIFY(part.seek(2 * 1024 * 1024 + 5));
                QVERIFY(part.write("\x01", 1) == 1);
                ++damaged;
            }
        });
        auto v = lib.publish(requestFor(obb), {info});
        QCOMPARE(damaged, 1);
        QVERIFY(!v);
        QCOMPARE(v.error().kind, Error::Kind::Io);
        QVERIFY2(v.error().message.contains(QStringLiteral("damaged"))
                || v.error().message.contains(QStringLiteral("storage error")),
            qPrintable(v.error().message));
        QCOMPARE(lib.apps()->size(), 0);
        QCOMPARE(countFiles(root + QStringLiteral("/artifacts")), 0);
        QCOMPARE(countFiles(root + QStringLiteral("/tmp")), 0);

        // Undamaged, the same publish stores both digests of the content, MD5 included (taken from the inspection
        // or from the copy pass, never computed from the copy).
        lib.setStageHook({});
        auto ok = lib.publish(requestFor(obb), {info});
        QVERIFY2(ok, ok ? "" : qPrintable(ok.error().toString()));
        QCOMPARE(ok->md5, QString::fromLatin1(QCryptographicHash::hash(content, QCryptographicHash::Md5).toHex()));
        QCOMPARE(
            ok->sha256, QString::fromLatin1(QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex()));
        QCOMPARE(readAll(lib.artifactPath(ok->sha256)), content);
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

    void publish_withoutVersionCode_blamesTheField()
    {
        QTemporaryDir tmp;
        const QString obb = makeObb(tmp, QStringLiteral("com.example.nocode"), 1, "x");
        PackageInfo info = inspect(obb);
        info.versionCode.clear();
        LocalLibrary lib(tmp.filePath(QStringLiteral("lib")));
        auto v = lib.publish(requestFor(obb), {info});
        QCOMPARE(v.error().kind, Error::Kind::Validation);
        QVERIFY2(v.error().message.contains(QStringLiteral("has no version code; enter one")),
            qPrintable(v.error().message));
        QCOMPARE(v.error().field, QStringLiteral("version-code"));
        info = inspect(obb);
        info.packageId.clear();
        v = lib.publish(requestFor(obb), {info});
        QCOMPARE(v.error().kind, Error::Kind::Validation);
        QVERIFY2(v.error().message.contains(QStringLiteral("has no package id; choose the app")),
            qPrintable(v.error().message));
        QCOMPARE(v.error().field, QStringLiteral("app"));
    }

    void download_isByteIdenticalAndReplacesNothingOnFailure()
    {
        QTemporaryDir tmp;
        const QByteArray content = patterned(5 * 1024 * 1024 + 17);
        const QString obb = makeObb(tmp, QStringLiteral("com.example.dl"), 3, content);
        LocalLibrary lib(tmp.filePath(QStringLiteral("lib")));
        auto v = lib.publish(requestFor(obb), {inspect(obb)});
        QVERIFY(v);
        QVERIFY(QDir(tmp.path()).mkdir(QStringLiteral("out")));
        const QString out = tmp.filePath(QStringLiteral("out/copy.obb"));
        qint64 lastDone = 0;
        qint64 lastTotal = 0;
        int calls = 0;
        auto st = lib.download(v->appId, v->id, out, [&](qint64 done, qint64 total) {
            ++calls;
            lastDone = done;
            lastTotal = total;
        });
        QVERIFY2(st, qPrintable(st.error().toString()));
        QVERIFY(readAll(out) == content);
        QVERIFY(calls >= 5); // streamed in chunks
        QCOMPARE(lastDone, qint64(content.size()));
        QCOMPARE(lastTotal, qint64(content.size()));
        QCOMPARE(countFiles(tmp.filePath(QStringLiteral("out"))), 1); // no temporary file left beside it

        // An existing file is replaced whole.
        QFile existing(out);
        QVERIFY(existing.open(QIODevice::WriteOnly | QIODevice::Truncate));
        existing.write("old");
        existing.close();
        QVERIFY(lib.download(v->appId, v->id, out));
        QVERIFY(readAll(out) == content);

        // A damaged stored copy is refused and nothing is written.
        QFile stored(lib.artifactPath(v->sha256));
        QVERIFY(stored.open(QIODevice::ReadWrite));
        stored.seek(4096);
        stored.write("X");
        stored.close();
        const QString second = tmp.filePath(QStringLiteral("out/second.obb"));
        st = lib.download(v->appId, v->id, second);
        QCOMPARE(st.error().kind, Error::Kind::Io);
        QVERIFY2(st.error().message.contains(QStringLiteral("damaged")), qPrintable(st.error().message));
        QVERIFY(!QFileInfo::exists(second));
        QCOMPARE(countFiles(tmp.filePath(QStringLiteral("out"))), 1);

        st = lib.download(v->appId, QStringLiteral("999"), second);
        QCOMPARE(st.error().kind, Error::Kind::NotFound);
        QVERIFY(!QFileInfo::exists(second));
    }

    void download_cancelLeavesNothing()
    {
        QTemporaryDir tmp;
        const QString big = tmp.filePath(QStringLiteral("main.9.com.example.dlbig.obb"));
        {
            QFile f(big);
            QVERIFY(f.open(QIODevice::WriteOnly));
            QVERIFY(f.resize(32 * 1024 * 1024));
        }
        LocalLibrary lib(tmp.filePath(QStringLiteral("lib")));
        auto v = lib.publish(requestFor(big), {inspect(big)});
        QVERIFY(v);
        QVERIFY(QDir(tmp.path()).mkdir(QStringLiteral("out")));
        const QString out = tmp.filePath(QStringLiteral("out/big.obb"));
        std::atomic_bool cancel(false);
        int calls = 0;
        auto st = lib.download(
            v->appId, v->id, out,
            [&](qint64, qint64) {
                if (++calls == 3)
                    cancel = true;
            },
            &cancel);
        QCOMPARE(st.error().kind, Error::Kind::Cancelled);
        QCOMPARE(calls, 3);
        QVERIFY(!QFileInfo::exists(out));
        QCOMPARE(QDir(tmp.filePath(QStringLiteral("out")))
                     .entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden)
                     .size(),
            0);
    }

    void edit_persistsAcrossReopen()
    {
        QTemporaryDir tmp;
        const QString root = tmp.filePath(QStringLiteral("lib"));
        const QString obb = makeObb(tmp, QStringLiteral("com.example.edit"), 8, "edit me");
        QString id;
        {
            LocalLibrary lib(root);
            auto v = lib.publish(requestFor(obb, QStringLiteral("old notes")), {inspect(obb)});
            QVERIFY(v);
            id = v->id;
            VersionEdit changes;
            changes.notes = QStringLiteral("new notes");
            changes.label = QStringLiteral("beta");
            QVERIFY(lib.edit(QStringLiteral("com.example.edit"), id, changes));
        }
        {
            LocalLibrary lib(root);
            auto v = lib.version(QStringLiteral("com.example.edit"), id);
            QVERIFY(v);
            QCOMPARE(v->notes, QStringLiteral("new notes"));
            QCOMPARE(v->label, QStringLiteral("beta"));
            // Only what is set changes.
            VersionEdit notesOnly;
            notesOnly.notes = QString();
            QVERIFY(lib.edit(QStringLiteral("com.example.edit"), id, notesOnly));
        }
        LocalLibrary lib(root);
        auto v = lib.version(QStringLiteral("com.example.edit"), id);
        QVERIFY(v);
        QCOMPARE(v->notes, QString());
        QCOMPARE(v->label, QStringLiteral("beta"));
        QCOMPARE(v->versionCode, QStringLiteral("8"));
        QCOMPARE(
            v->sha256, QString::fromLatin1(QCryptographicHash::hash("edit me", QCryptographicHash::Sha256).toHex()));
    }

    void edit_duplicateLabelRefused()
    {
        QTemporaryDir tmp;
        const QString obb = makeObb(tmp, QStringLiteral("com.example.twins"), 5, "twins");
        LocalLibrary lib(tmp.filePath(QStringLiteral("lib")));
        PublishRequest a = requestFor(obb, QStringLiteral("a notes"));
        a.label = QStringLiteral("a");
        PublishRequest b = requestFor(obb, QStringLiteral("b notes"));
        b.label = QStringLiteral("b");
        auto va = lib.publish(a, {inspect(obb)});
        auto vb = lib.publish(b, {inspect(obb)});
        QVERIFY(va && vb);
        VersionEdit changes;
        changes.label = QStringLiteral("a");
        changes.notes = QStringLiteral("must not land");
        auto st = lib.edit(QStringLiteral("com.example.twins"), vb->id, changes);
        QCOMPARE(st.error().kind, Error::Kind::Conflict);
        QVERIFY2(st.error().message.contains(QStringLiteral("already has version code 5 with label \"a\"")),
            qPrintable(st.error().message));
        QCOMPARE(st.error().field, QStringLiteral("label"));
        // Nothing of the refused edit landed (one transaction).
        auto after = lib.version(QStringLiteral("com.example.twins"), vb->id);
        QCOMPARE(after->label, QStringLiteral("b"));
        QCOMPARE(after->notes, QStringLiteral("b notes"));
        // Keeping its own label is no conflict.
        changes.label = QStringLiteral("b");
        QVERIFY(lib.edit(QStringLiteral("com.example.twins"), vb->id, changes));
        QCOMPARE(lib.version(QStringLiteral("com.example.twins"), vb->id)->notes, QStringLiteral("must not land"));

        VersionEdit option;
        option.options.insert(QStringLiteral("release-channel"), QStringLiteral("beta"));
        st = lib.edit(QStringLiteral("com.example.twins"), vb->id, option);
        QCOMPARE(st.error().kind, Error::Kind::Validation);
        QCOMPARE(st.error().field, QStringLiteral("release-channel"));
        st = lib.edit(QStringLiteral("com.example.twins"), QStringLiteral("999"), changes);
        QCOMPARE(st.error().kind, Error::Kind::NotFound);
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
        // The orphan artifact goes at once (under the write lock, see publishRacingDelete_keepsItsFile); the young
        // temporary file without a lock file may belong to an older Slipway's publish in another process.
        QCOMPARE(lib.collectGarbage(3600), 1);
        QVERIFY(part.exists());
        QCOMPARE(lib.collectGarbage(-1), 1);
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

    // A release hashes its files once before publishing; the Local provider takes those digests instead of hashing
    // again, and its copy check refuses a file that no longer matches them.
    void provider_usesTheReleaseDigests()
    {
        QTemporaryDir tmp;
        const QByteArray content = patterned(2 * 1024 * 1024 + 3);
        const QString obb = makeObb(tmp, QStringLiteral("com.example.digests"), 3, content);
        const QString md5 = QString::fromLatin1(QCryptographicHash::hash(content, QCryptographicHash::Md5).toHex());
        const QString sha = QString::fromLatin1(QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex());
        LocalProvider provider(QStringLiteral("local"), tmp.filePath(QStringLiteral("lib")));

        PublishRequest stale = requestFor(obb);
        stale.fileSha256 = {QString(64, QLatin1Char('0'))};
        stale.fileMd5 = {md5};
        PublishJob* refused = provider.publish(stale);
        QVERIFY(refused->waitForFinished(20000));
        QVERIFY(!refused->succeeded());
        QVERIFY2(refused->error().message.contains(QStringLiteral("changed after it was inspected")),
            qPrintable(refused->error().toString()));
        QCOMPARE(countFiles(tmp.filePath(QStringLiteral("lib/artifacts"))), 0);

        PublishRequest known = requestFor(obb);
        known.fileSha256 = {sha};
        known.fileMd5 = {md5};
        PublishJob* published = provider.publish(known);
        QVERIFY(published->waitForFinished(20000));
        QVERIFY2(published->succeeded(), qPrintable(published->error().toString()));
        QCOMPARE(published->result().sha256, sha);
        QCOMPARE(published->result().md5, md5);
    }

    void provider_downloadsAndEditsThroughJobs()
    {
        QTemporaryDir tmp;
        const QByteArray content = patterned(3 * 1024 * 1024);
        const QString obb = makeObb(tmp, QStringLiteral("com.example.jobs"), 12, content);
        LocalProvider provider(QStringLiteral("local"), tmp.filePath(QStringLiteral("lib")));
        QVERIFY(provider.capabilities() & Provider::DownloadArtifact);
        QVERIFY(provider.capabilities() & Provider::EditVersion);
        PublishJob* published = provider.publish(requestFor(obb));
        QVERIFY(published->waitForFinished(20000));
        QVERIFY2(published->succeeded(), qPrintable(published->error().toString()));
        const VersionInfo v = published->result();

        const QString out = tmp.filePath(QStringLiteral("saved.obb"));
        DownloadJob* download = provider.download(v.appId, v.id, out);
        QSignalSpy progress(download, &Job::progress);
        QVERIFY(download->waitForFinished(20000));
        QVERIFY2(download->succeeded(), qPrintable(download->error().toString()));
        QCOMPARE(download->result(), out);
        QVERIFY(readAll(out) == content);
        QVERIFY(!progress.isEmpty());
        QCOMPARE(progress.last().at(0).toLongLong(), qint64(content.size()));

        VersionEdit changes;
        changes.label = QStringLiteral("rc1");
        ActionJob* edit = provider.edit(v.appId, v.id, changes);
        QVERIFY(edit->waitForFinished(10000));
        QVERIFY2(edit->succeeded(), qPrintable(edit->error().toString()));
        VersionsJob* versions = provider.fetchVersions(v.appId);
        QVERIFY(versions->waitForFinished(10000));
        QCOMPARE(versions->result().first().label, QStringLiteral("rc1"));
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
    // Failure 4: a publish of bytes already stored finds the artifact; a delete of the only version using it then
    // removes the file before the publish commits. The publish must notice in its transaction and place it again.
    void publishRacingDelete_keepsItsFile()
    {
        QTemporaryDir tmp;
        const QString root = tmp.filePath(QStringLiteral("lib"));
        const QString obb = makeObb(tmp, QStringLiteral("com.example.race"), 1, patterned(300000));
        LocalLibrary deleter(root);
        auto first = deleter.publish(requestFor(obb), {inspect(obb)});
        QVERIFY(first);
        LocalLibrary publisher(root);
        bool deleted = false;
        publisher.setStageHook([&](LocalLibrary::PublishStage stage) {
            if (stage != LocalLibrary::PublishStage::Renamed || deleted)
                return;
            deleted = true; // the artifact was found; now it goes with the last version referring to it
            QVERIFY(deleter.removeVersion(QStringLiteral("com.example.race"), first->id));
            QVERIFY(!QFile::exists(deleter.artifactPath(first->sha256)));
        });
        PublishRequest again = requestFor(obb);
        again.label = QStringLiteral("again");
        auto second = publisher.publish(again, {inspect(obb)});
        QVERIFY2(second, second ? "" : qPrintable(second.error().toString()));
        QVERIFY(deleted);
        QCOMPARE(readAll(publisher.artifactPath(second->sha256)), patterned(300000));
        QCOMPARE(countFiles(root + QStringLiteral("/tmp")), 0);
    }

    // Found by the stress test: a version deleted by another process right after its publish committed is still
    // reported as published (a failure would make the user publish it again).
    void publishDeletedRightAfterCommit_isReportedPublished()
    {
        QTemporaryDir tmp;
        const QString root = tmp.filePath(QStringLiteral("lib"));
        const QString obb = makeObb(tmp, QStringLiteral("com.example.gone"), 1, patterned(3000));
        LocalLibrary publisher(root);
        LocalLibrary deleter(root);
        publisher.setStageHook([&](LocalLibrary::PublishStage stage) {
            if (stage != LocalLibrary::PublishStage::Committed)
                return;
            auto listed = deleter.versions(QStringLiteral("com.example.gone"));
            QVERIFY(listed && listed->size() == 1);
            QVERIFY(deleter.removeVersion(QStringLiteral("com.example.gone"), listed->first().id));
        });
        auto v = publisher.publish(requestFor(obb), {inspect(obb)});
        QVERIFY2(v, v ? "" : qPrintable(v.error().toString()));
        QCOMPARE(v->appId, QStringLiteral("com.example.gone"));
        QCOMPARE(v->size, qint64(3000));
    }

    // Failure 5: opening collects a temporary file whose publisher is gone (its lock is free) at any age, and
    // leaves one whose publisher still holds its lock.
    void open_collectsAbandonedPartsOnly()
    {
        QTemporaryDir tmp;
        const QString root = tmp.filePath(QStringLiteral("lib"));
        QVERIFY(LocalLibrary(root).open());
        auto touch = [&](const QString& name) {
            QFile f(root + QStringLiteral("/tmp/") + name);
            return f.open(QIODevice::WriteOnly) && f.write("x") == 1;
        };
        QVERIFY(touch(QStringLiteral("dead.part")));
        QVERIFY(touch(QStringLiteral("dead.lock")));
        QVERIFY(touch(QStringLiteral("live.part")));
        const QByteArray livePath = QFile::encodeName(root + QStringLiteral("/tmp/live.lock"));
        const int fd = ::open(livePath.constData(), O_RDWR | O_CREAT, 0644);
        QVERIFY(fd >= 0);
        QCOMPARE(::flock(fd, LOCK_EX | LOCK_NB), 0); // another open file description: conflicts like a process
        {
            LocalLibrary lib(root);
            QVERIFY(lib.open());
        }
        QVERIFY(!QFile::exists(root + QStringLiteral("/tmp/dead.part")));
        QVERIFY(!QFile::exists(root + QStringLiteral("/tmp/dead.lock")));
        QVERIFY(QFile::exists(root + QStringLiteral("/tmp/live.part")));
        QVERIFY(QFile::exists(root + QStringLiteral("/tmp/live.lock")));
        ::close(fd); // the publisher is gone
        {
            LocalLibrary lib(root);
            QVERIFY(lib.open());
        }
        QCOMPARE(countFiles(root + QStringLiteral("/tmp")), 0);
    }

    // Failure 8, the code path: a library opened read-only lists and downloads, refuses changes with a clear
    // sentence, and writes nothing (no schema, no collection).
    void readOnly_listsAndDownloadsButRefusesChanges()
    {
        QTemporaryDir tmp;
        const QString root = tmp.filePath(QStringLiteral("lib"));
        const QString obb = makeObb(tmp, QStringLiteral("com.example.ro"), 1, patterned(5000));
        QString sha;
        {
            LocalLibrary lib(root);
            auto v = lib.publish(requestFor(obb), {inspect(obb)});
            QVERIFY(v);
            sha = v->sha256;
        }
        const QString orphan = root + QStringLiteral("/artifacts/ab/ab") + QString(62, QLatin1Char('0'));
        QVERIFY(QDir().mkpath(QFileInfo(orphan).absolutePath()));
        QFile o(orphan);
        QVERIFY(o.open(QIODevice::WriteOnly));
        o.close();
        LocalLibrary lib(root);
        lib.setReadOnly(true);
        checkReadOnly(lib, tmp, sha);
        QVERIFY(QFile::exists(orphan)); // no collection in a read-only library
    }

    // Failure 8 with a real read-only folder (root ignores permissions, so only as another user).
    void readOnlyFolder_isBrowsable()
    {
        if (::geteuid() == 0)
            QSKIP("Running as root, which writes to read-only folders; readOnly_listsAndDownloadsButRefusesChanges "
                  "covers the read-only code path.");
        QTemporaryDir tmp;
        const QString root = tmp.filePath(QStringLiteral("lib"));
        const QString obb = makeObb(tmp, QStringLiteral("com.example.ro"), 1, patterned(5000));
        QString sha;
        {
            LocalLibrary lib(root);
            auto v = lib.publish(requestFor(obb), {inspect(obb)});
            QVERIFY(v);
            sha = v->sha256;
        }
        const auto setWritable = [&](bool writable) {
            const QFile::Permissions dir
                = QFile::ReadOwner | QFile::ExeOwner | (writable ? QFile::WriteOwner : QFile::Permissions());
            QFile::setPermissions(root + QStringLiteral("/catalog.sqlite"),
                QFile::ReadOwner | (writable ? QFile::WriteOwner : QFile::Permissions()));
            for (const QString& sub : {QStringLiteral("/tmp"), QStringLiteral("/artifacts"), QString()})
                QFile::setPermissions(root + sub, dir);
        };
        setWritable(false);
        LocalLibrary lib(root);
        checkReadOnly(lib, tmp, sha);
        setWritable(true);
    }

    // The smaller item: a full disk while the catalog is written says so, and the artifact the failed
    // transaction would have referenced does not stay behind.
    void fullCatalog_saysDiskFullAndLeavesNoFile()
    {
        QTemporaryDir tmp;
        const QString root = tmp.filePath(QStringLiteral("lib"));
        const QString kept = makeObb(tmp, QStringLiteral("com.example.full"), 1, patterned(4000));
        QDir(tmp.path()).mkpath(QStringLiteral("b"));
        const QString lost = tmp.filePath(QStringLiteral("b/main.2.com.example.full.obb"));
        QFile f(lost);
        QVERIFY(f.open(QIODevice::WriteOnly) && f.write(patterned(9000)) == 9000);
        f.close();
        LocalLibrary lib(root);
        auto first = lib.publish(requestFor(kept), {inspect(kept)});
        QVERIFY(first);
        QVERIFY(lib.limitCatalogGrowthForTest());
        const PackageInfo info = inspect(lost);
        auto failed = lib.publish(requestFor(lost, QString(200000, QLatin1Char('n'))), {info});
        QVERIFY(!failed);
        QCOMPARE(failed.error().kind, Error::Kind::Io);
        QVERIFY2(failed.error().message.contains(QLatin1String("disk holding the Local library")),
            qPrintable(failed.error().message));
        QVERIFY(!QFile::exists(lib.artifactPath(info.sha256)));
        QVERIFY(QFile::exists(lib.artifactPath(first->sha256)));
        QCOMPARE(countFiles(root + QStringLiteral("/tmp")), 0);
        QCOMPARE(lib.versions(QStringLiteral("com.example.full"))->size(), 1);
    }

private:
    static void checkReadOnly(LocalLibrary& lib, const QTemporaryDir& tmp, const QString& sha)
    {
        auto apps = lib.apps();
        QVERIFY2(apps, apps ? "" : qPrintable(apps.error().toString()));
        QVERIFY(lib.isReadOnly());
        QCOMPARE(apps->size(), 1);
        auto versions = lib.versions(QStringLiteral("com.example.ro"));
        QVERIFY(versions);
        QCOMPARE(versions->size(), 1);
        QCOMPARE(versions->first().sha256, sha);
        const QString saved = tmp.filePath(QStringLiteral("saved.obb"));
        QVERIFY(lib.download(QStringLiteral("com.example.ro"), versions->first().id, saved));
        QCOMPARE(readAll(saved), patterned(5000));
        const QString obb = tmp.filePath(QStringLiteral("main.1.com.example.ro.obb"));
        PublishRequest req = requestFor(obb);
        req.label = QStringLiteral("other");
        auto published = lib.publish(req, {inspect(obb)});
        QVERIFY(!published);
        QCOMPARE(published.error().kind, Error::Kind::Forbidden);
        QVERIFY2(
            published.error().message.contains(QLatin1String("is read-only")), qPrintable(published.error().message));
        QCOMPARE(lib.removeVersion(QStringLiteral("com.example.ro"), versions->first().id).error().kind,
            Error::Kind::Forbidden);
        VersionEdit change;
        change.notes = QStringLiteral("x");
        QCOMPARE(lib.edit(QStringLiteral("com.example.ro"), versions->first().id, change).error().kind,
            Error::Kind::Forbidden);
    }
};

QTEST_GUILESS_MAIN(TestLocalLibrary)
#include "tst_locallibrary.moc"
