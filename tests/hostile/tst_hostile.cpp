// Every hostile package from make_hostile.py (binary-plist bombs, deep XML, zip bombs, overlapping entries,
// symlinks, 100,000 entries, truncations) goes through `slipway-cli inspect --json` and through
// `slipway-cli publish` to a Local library: each must end with a clean result or a clean "invalid package" error
// (exit 0 or 4, never a signal), within 5 s of CPU time and 300 MB peak RSS, measured with wait4() on the child.
#include <testutils/testutils.h>

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#ifdef Q_OS_UNIX
#include <csignal>
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#endif

namespace {

struct ChildRun
{
    int exitCode = -1;
    int signal = 0;
    double cpuSeconds = 0;
    qint64 peakRssKb = 0;
    bool timedOut = false;
    QByteArray stdErr;
};

#ifdef Q_OS_UNIX
// Runs `program args...` with stdout to /dev/null and stderr to a file, waits at most `timeoutMs` (then SIGKILL),
// and reads the child's own resource usage from wait4().
ChildRun runMeasured(const QString& program, const QStringList& args, const QProcessEnvironment& env,
    const QString& errFile, int timeoutMs)
{
    ChildRun run;
    QList<QByteArray> argv8 {QFile::encodeName(program)};
    for (const QString& a : args)
        argv8.append(QFile::encodeName(a));
    std::vector<char*> argv;
    for (QByteArray& a : argv8)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    QList<QByteArray> env8;
    for (const QString& e : env.toStringList())
        env8.append(e.toLocal8Bit());
    std::vector<char*> envp;
    for (QByteArray& e : env8)
        envp.push_back(e.data());
    envp.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    const QByteArray err = QFile::encodeName(errFile);
    posix_spawn_file_actions_addopen(&actions, 2, err.constData(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0)
        return run;
    QElapsedTimer timer;
    timer.start();
    int status = 0;
    rusage usage {};
    for (;;) {
        const pid_t done = wait4(pid, &status, WNOHANG, &usage);
        if (done == pid)
            break;
        if (timer.elapsed() > timeoutMs) {
            run.timedOut = true;
            kill(pid, SIGKILL);
            wait4(pid, &status, 0, &usage);
            break;
        }
        usleep(20000); // polling a child process: there is no signal to await for its exit with rusage
    }
    if (WIFEXITED(status))
        run.exitCode = WEXITSTATUS(status);
    if (WIFSIGNALED(status))
        run.signal = WTERMSIG(status);
    run.cpuSeconds = double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    run.peakRssKb = usage.ru_maxrss;
    QFile f(errFile);
    if (f.open(QIODevice::ReadOnly))
        run.stdErr = f.readAll();
    return run;
}
#endif

} // namespace

class TestHostile : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QJsonArray m_manifest;
    int m_runs = 0;

private Q_SLOTS:
    void initTestCase()
    {
#ifndef Q_OS_UNIX
        QSKIP("measures the child with wait4(); POSIX only");
#endif
        QVERIFY(m_dir.isValid());
        const QString python = QStandardPaths::findExecutable(QStringLiteral("python3"));
        QVERIFY2(!python.isEmpty(), "python3 is needed to make the hostile packages");
        QProcess make;
        make.start(python,
            {qEnvironmentVariable("SLIPWAY_SOURCE_DIR") + QStringLiteral("/tests/hostile/make_hostile.py"),
                m_dir.filePath(QStringLiteral("files"))});
        QVERIFY(make.waitForFinished(300000));
        QVERIFY2(make.exitCode() == 0, make.readAllStandardError().constData());
        QFile manifest(m_dir.filePath(QStringLiteral("files/manifest.json")));
        QVERIFY(manifest.open(QIODevice::ReadOnly));
        m_manifest = QJsonDocument::fromJson(manifest.readAll()).array();
        QVERIFY(m_manifest.size() >= 20);
    }

    void inspectAndPublish_boundedAndClean_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("what");
        QTest::addColumn<QString>("command");
        QTest::addColumn<QString>("refusal");
        for (const QJsonValue& v : m_manifest) {
            const QString file = v[QLatin1String("file")].toString();
            const QString what = v[QLatin1String("what")].toString();
            const QString refusal = v[QLatin1String("refusal")].toString();
            for (const QString& command : {QStringLiteral("inspect"), QStringLiteral("publish")})
                QTest::newRow(qPrintable(command + QLatin1Char(' ') + file)) << file << what << command << refusal;
        }
    }

    void inspectAndPublish_boundedAndClean()
    {
#ifdef Q_OS_UNIX
        QFETCH(QString, file);
        QFETCH(QString, what);
        QFETCH(QString, command);
        QFETCH(QString, refusal);
        const QString path = m_dir.filePath(QStringLiteral("files/") + file);
        // Each run has its own home (settings, data) and Local library, so runs cannot see each other.
        const QString home = m_dir.filePath(QStringLiteral("home-") + QString::number(++m_runs));
        const QString library = home + QStringLiteral("/lib");
        const QProcessEnvironment env = Slipway::Test::cliEnvironment(home);
        QStringList args {QStringLiteral("--library"), library, command, path, QStringLiteral("--json")};
        const ChildRun run
            = runMeasured(Slipway::Test::cliPath(), args, env, m_dir.filePath(QStringLiteral("stderr.txt")), 60000);
        const QString context = QStringLiteral("%1 (%2): exit %3, signal %4, %5 s CPU, %6 MB peak; stderr: %7")
                                    .arg(file, what)
                                    .arg(run.exitCode)
                                    .arg(run.signal)
                                    .arg(run.cpuSeconds, 0, 'f', 2)
                                    .arg(run.peakRssKb / 1024)
                                    .arg(QString::fromUtf8(run.stdErr.left(400)));
        qInfo().noquote() << context;
        QVERIFY2(!run.timedOut, qPrintable(context));
        QVERIFY2(run.signal == 0, qPrintable(context));
        // 0: read cleanly; 4: refused as an invalid package; 3 (publish only): read, but refused by validation
        // because the package has an error-level warning (e.g. unsafe entry names).
        const bool validationRefusal = run.exitCode == 3 && command == QLatin1String("publish");
        QVERIFY2(run.exitCode == 0 || run.exitCode == 4 || validationRefusal, qPrintable(context));
        QVERIFY2(run.cpuSeconds < 5.0, qPrintable(context));
        QVERIFY2(run.peakRssKb < 300 * 1024, qPrintable(context));
        if (run.exitCode == 4 || validationRefusal) // refused with one clear line, not a stack of noise
            QVERIFY2(run.stdErr.contains("slipway-cli: error:"), qPrintable(context));
        if (!refusal.isEmpty()) { // the generator knows this file must be refused, and why
            QVERIFY2(run.exitCode == 4, qPrintable(context));
            QVERIFY2(QString::fromUtf8(run.stdErr).contains(refusal), qPrintable(context));
        }
        if (run.exitCode != 0 && command == QLatin1String("publish")) {
            // A refused publish adds nothing: no app in the catalog, no stored file.
            const Slipway::Test::CliRun apps = Slipway::Test::runCli(
                {QStringLiteral("--library"), library, QStringLiteral("apps"), QStringLiteral("--json")}, env);
            QVERIFY2(apps.exitCode == 0, apps.err.constData());
            QCOMPARE(QJsonDocument::fromJson(apps.out).array().size(), 0);
            QDirIterator stored(library + QStringLiteral("/artifacts"), QDir::Files, QDirIterator::Subdirectories);
            QVERIFY2(!stored.hasNext(), qPrintable(stored.hasNext() ? stored.next() : QString()));
        }
#endif
    }
};

QTEST_GUILESS_MAIN(TestHostile)
#include "tst_hostile.moc"
