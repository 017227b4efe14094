// The Local library under real processes: a publishing process killed (SIGKILL) at every step of a publish
// (librarypublisher, which stops at a stage through LocalLibrary's stage hook) or in the middle of a copy, then
// slipway-cli publishing into what is left; and several slipway-cli processes publishing into one library at once.
#include <testutils/testutils.h>

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <library/locallibrary.h>

using namespace Slipway;

namespace {

QString makeFile(const QString& path, qint64 size, char fill)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return {};
    const QByteArray chunk(1 << 20, fill);
    for (qint64 written = 0; written < size; written += chunk.size())
        f.write(chunk.constData(), qMin<qint64>(chunk.size(), size - written));
    return path;
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

// Every listed version has all its files, byte for byte. Returns the number of versions.
int checkConsistent(const QString& root)
{
    LocalLibrary lib(root);
    auto apps = lib.apps();
    if (!apps) {
        qWarning() << apps.error().toString();
        return -1;
    }
    int versions = 0;
    for (const AppInfo& app : apps.value()) {
        auto list = lib.versions(app.id, LocalLibrary::VersionDetail::Full);
        if (!list)
            return -1;
        for (const VersionInfo& v : list.value()) {
            ++versions;
            const QVariantList files = v.extra.value(QStringLiteral("files")).toList();
            if (files.isEmpty()) {
                qWarning() << "version without files" << v.id;
                return -1;
            }
            for (const QVariant& f : files) {
                const QVariantMap file = f.toMap();
                const QString sha = file.value(QStringLiteral("sha256")).toString();
                if (sha256Of(lib.artifactPath(sha)) != sha) {
                    qWarning() << "listed artifact missing or damaged" << sha;
                    return -1;
                }
            }
        }
    }
    return versions;
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

QProcess* startCli(QObject* parent, const QString& library, const QStringList& args)
{
    return Test::startCli(QStringList {QStringLiteral("--library"), library} + args, parent);
}

Test::CliRun runCli(const QString& library, const QStringList& args)
{
    return Test::runCli(QStringList {QStringLiteral("--library"), library} + args);
}

QString publisherPath()
{
    const QString fromEnv = qEnvironmentVariable("SLIPWAY_LIBRARY_PUBLISHER");
    return fromEnv.isEmpty() ? QCoreApplication::applicationDirPath() + QStringLiteral("/librarypublisher") : fromEnv;
}

} // namespace

class TestLibraryProcesses : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFileInfo::exists(Test::cliPath()), qPrintable(Test::cliPath()));
        QVERIFY2(QFileInfo(publisherPath()).isExecutable(), qPrintable(publisherPath()));
        QVERIFY(m_dir.isValid());
        m_obb = makeFile(m_dir.filePath(QStringLiteral("main.42.com.example.crash.obb")), 8 * 1024 * 1024, 'c');
        QVERIFY(!m_obb.isEmpty());
        // Another build of the same OBB: different bytes, so its publish really copies (no dedupe).
        QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("second")));
        m_obb2 = makeFile(m_dir.filePath(QStringLiteral("second/main.42.com.example.crash.obb")), 8 * 1024 * 1024, 'd');
        QVERIFY(!m_obb2.isEmpty());
    }

    void killedAtStage_leavesConsistentLibrary_data()
    {
        QTest::addColumn<QString>("stage");
        QTest::addColumn<bool>("committed");
        QTest::newRow("after copy") << QStringLiteral("copied") << false;
        QTest::newRow("after verify") << QStringLiteral("verified") << false;
        QTest::newRow("after rename") << QStringLiteral("renamed") << false;
        QTest::newRow("before commit") << QStringLiteral("before-commit") << false;
        QTest::newRow("after commit") << QStringLiteral("committed") << true;
    }

    void killedAtStage_leavesConsistentLibrary()
    {
        QFETCH(QString, stage);
        QFETCH(bool, committed);
        const QString library = m_dir.filePath(QStringLiteral("lib-") + stage);
        // One version already there, which must survive whatever happens to the next publish.
        const Test::CliRun first
            = runCli(library, {QStringLiteral("publish"), m_obb, QStringLiteral("--label"), QStringLiteral("first")});
        QVERIFY2(first.exitCode == 0, first.err.constData());

        // The same publish in a process that stops at `stage` and is killed there.
        QProcess publisher;
        publisher.start(publisherPath(), {library, m_obb2, QStringLiteral("second"), stage});
        QByteArray err;
        const QByteArray paused = QByteArray("paused at ").append(stage.toLatin1());
        QTRY_VERIFY_WITH_TIMEOUT(
            (err += publisher.readAllStandardError()).contains(paused) || publisher.state() == QProcess::NotRunning,
            30000);
        QVERIFY2(err.contains(paused), err.constData());
        publisher.kill();
        QVERIFY(publisher.waitForFinished(10000));
        QCOMPARE(publisher.exitStatus(), QProcess::CrashExit);

        QCOMPARE(checkConsistent(library), committed ? 2 : 1);
        LocalLibrary lib(library);
        auto versions = lib.versions(QStringLiteral("com.example.crash"));
        QVERIFY(versions);
        const bool hasSecond = std::any_of(versions->begin(), versions->end(),
            [](const VersionInfo& v) { return v.label == QLatin1String("second"); });
        QCOMPARE(hasSecond, committed);
        // Leftovers are invisible, and the next open (above) collected them; the catalog stays whole.
        QCOMPARE(countFiles(library + QStringLiteral("/tmp")), 0); // no .part, no .lock
        QCOMPARE(countFiles(library + QStringLiteral("/artifacts")), committed ? 2 : 1); // no orphan survives
        QCOMPARE(checkConsistent(library), committed ? 2 : 1);
        // And the interrupted publish can simply be run again.
        const Test::CliRun retry
            = runCli(library, {QStringLiteral("publish"), m_obb2, QStringLiteral("--label"), QStringLiteral("second")});
        QCOMPARE(retry.exitCode, committed ? 7 : 0); // 7: the version exists already
        QCOMPARE(checkConsistent(library), 2);
    }

    void killedWhileCopying_leavesConsistentLibrary()
    {
        const QString library = m_dir.filePath(QStringLiteral("lib-midcopy"));
        const QString big
            = makeFile(m_dir.filePath(QStringLiteral("main.43.com.example.crash.obb")), 48 * 1024 * 1024, 'm');
        std::unique_ptr<QProcess> p(startCli(nullptr, library, {QStringLiteral("publish"), big}));
        // Kill as soon as the temporary copy exists, i.e. in the middle of writing it.
        QTRY_VERIFY_WITH_TIMEOUT(
            countFiles(library + QStringLiteral("/tmp")) > 0 || p->state() == QProcess::NotRunning, 60000);
        p->kill();
        QVERIFY(p->waitForFinished(10000));
        QVERIFY(checkConsistent(library) >= 0); // opens the library, which collects the killed copy
        QCOMPARE(countFiles(library + QStringLiteral("/tmp")), 0);
        QCOMPARE(countFiles(library + QStringLiteral("/artifacts")), 0);
    }

    void concurrentProcesses_doNotCorrupt()
    {
        const QString library = m_dir.filePath(QStringLiteral("lib-concurrent")); // created by the racing processes
        const QString other
            = makeFile(m_dir.filePath(QStringLiteral("main.44.com.example.crash.obb")), 8 * 1024 * 1024, 'o');
        QList<QProcess*> procs;
        QObject owner;
        procs << startCli(
            &owner, library, {QStringLiteral("publish"), m_obb, QStringLiteral("--label"), QStringLiteral("a")})
              << startCli(&owner, library,
                     {QStringLiteral("publish"), other, QStringLiteral("--label"), QStringLiteral("b")})
              << startCli(&owner, library,
                     {QStringLiteral("publish"), m_obb, QStringLiteral("--label"), QStringLiteral("same")})
              << startCli(&owner, library,
                     {QStringLiteral("publish"), m_obb, QStringLiteral("--label"), QStringLiteral("same")});
        for (QProcess* p : procs)
            QVERIFY(p->waitForFinished(120000));
        QCOMPARE(procs.at(0)->exitCode(), 0);
        QCOMPARE(procs.at(1)->exitCode(), 0);
        // Of two identical publishes exactly one wins; the other is told the version exists.
        QList<int> codes {procs.at(2)->exitCode(), procs.at(3)->exitCode()};
        std::sort(codes.begin(), codes.end());
        QCOMPARE(codes, (QList<int> {0, 7}));
        QCOMPARE(checkConsistent(library), 3);
    }

    // Processes publishing the same and different bytes, deleting each other's versions and opening (collecting)
    // the library, round after round: every version a worker published and nobody removed is listed once, with
    // its file intact; nothing else is listed, and no leftover survives.
    void racingPublishDeleteOpen_loseAndDuplicateNothing()
    {
        const QString library = m_dir.filePath(QStringLiteral("lib-stress"));
        constexpr int kWorkers = 3;
        constexpr int kRounds = 30;
        QDir(m_dir.path()).mkpath(QStringLiteral("stress"));
        const QString shared
            = makeFile(m_dir.filePath(QStringLiteral("stress/main.50.com.example.stress.obb")), 256 * 1024, 's');
        QList<QProcess*> workers;
        QObject owner;
        for (int w = 0; w < kWorkers; ++w) {
            const QString dir = QStringLiteral("stress/w%1").arg(w);
            QDir(m_dir.path()).mkpath(dir);
            const QString own = makeFile(
                m_dir.filePath(dir + QStringLiteral("/main.50.com.example.stress.obb")), 256 * 1024, char('a' + w));
            auto* p = new QProcess(&owner);
            p->start(publisherPath(),
                {QStringLiteral("--stress"), library, QString::number(w), QString::number(kRounds), shared, own});
            workers << p;
        }
        QSet<QString> published;
        QSet<QString> removed;
        for (QProcess* p : workers) {
            QVERIFY(p->waitForFinished(120000));
            QVERIFY2(p->exitStatus() == QProcess::NormalExit && p->exitCode() == 0, p->readAllStandardError());
            for (const QByteArray& line : p->readAllStandardOutput().split('\n')) {
                if (line.startsWith("published "))
                    published.insert(QString::fromLatin1(line.mid(10)));
                else if (line.startsWith("removed "))
                    removed.insert(QString::fromLatin1(line.mid(8)));
            }
        }
        QCOMPARE(published.size(), kWorkers * kRounds * 2);
        LocalLibrary lib(library);
        auto listed = lib.versions(QStringLiteral("com.example.stress"));
        QVERIFY(listed);
        QStringList listedIds;
        QSet<QString> shas;
        int damaged = 0;
        for (const VersionInfo& v : listed.value()) {
            listedIds << v.id;
            shas.insert(v.sha256);
            if (sha256Of(lib.artifactPath(v.sha256)) != v.sha256)
                ++damaged;
        }
        const QSet<QString> expected = published - removed;
        const QSet<QString> listedSet(listedIds.begin(), listedIds.end());
        const int lost = int((expected - listedSet).size()) + damaged;
        const int duplicated = int(listedIds.size() - listedSet.size() + (listedSet - expected).size());
        qInfo("stress: %d processes x %d rounds: %d published, %d removed, %d listed, %d lost, %d duplicated", kWorkers,
            kRounds, int(published.size()), int(removed.size()), int(listedIds.size()), lost, duplicated);
        QCOMPARE(lost, 0);
        QCOMPARE(duplicated, 0);
        QCOMPARE(countFiles(library + QStringLiteral("/tmp")), 0);
        QCOMPARE(countFiles(library + QStringLiteral("/artifacts")), int(shas.size())); // no orphan
    }

private:
    QTemporaryDir m_dir;
    QString m_obb;
    QString m_obb2;
};

QTEST_GUILESS_MAIN(TestLibraryProcesses)
#include "tst_libraryprocesses.moc"
