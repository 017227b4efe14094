#include "testutils.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QFileInfo>
#include <QProcess>
#include <QTimer>

namespace Slipway::Test {

QString sharedDir()
{
    QString dir = qEnvironmentVariable("SLIPWAY_SHARED_DIR");
    if (dir.isEmpty())
        dir = QCoreApplication::applicationDirPath() + QStringLiteral("/../../../shared");
    const QFileInfo fi(dir);
    return fi.isDir() && QFileInfo(dir + QStringLiteral("/corpus")).isDir() ? fi.canonicalFilePath() : QString();
}

QString corpusDir()
{
    const QString shared = sharedDir();
    return shared.isEmpty() ? QString() : shared + QStringLiteral("/corpus");
}

QString corpusFile(const QString& name)
{
    return corpusDir() + QLatin1Char('/') + name;
}

bool requireShared()
{
    return qEnvironmentVariable("SLIPWAY_REQUIRE_SHARED") == QLatin1String("1");
}

QString cliPath()
{
    const QString fromEnv = qEnvironmentVariable("SLIPWAY_CLI");
    if (!fromEnv.isEmpty() && QFileInfo::exists(fromEnv))
        return QFileInfo(fromEnv).canonicalFilePath();
    return QCoreApplication::applicationDirPath() + QStringLiteral("/../bin/slipway-cli");
}

QProcessEnvironment cliEnvironment(const QString& home)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/config"));
    env.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/data"));
    env.insert(QStringLiteral("SLIPWAY_LIBRARY"), home + QStringLiteral("/library"));
    return env;
}

QProcess* startCli(const QStringList& args, QObject* parent, const QProcessEnvironment& env)
{
    auto* p = new QProcess(parent);
    p->setProcessEnvironment(env);
    p->start(cliPath(), args);
    p->closeWriteChannel();
    return p;
}

CliRun runCli(const QStringList& args, const QProcessEnvironment& env, const QByteArray& stdinData, int timeoutMs)
{
    QProcess p;
    p.setProcessEnvironment(env);
    QEventLoop loop;
    QObject::connect(&p, &QProcess::finished, &loop, &QEventLoop::quit);
    QObject::connect(&p, &QProcess::errorOccurred, &loop, [&loop](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            loop.quit();
    });
    QTimer timeout;
    timeout.setSingleShot(true);
    QObject::connect(&timeout, &QTimer::timeout, &loop, &QEventLoop::quit);
    p.start(cliPath(), args);
    if (!stdinData.isEmpty())
        p.write(stdinData);
    p.closeWriteChannel();
    timeout.start(timeoutMs);
    if (p.state() != QProcess::NotRunning)
        loop.exec();
    CliRun run;
    if (p.state() != QProcess::NotRunning) {
        p.kill();
        p.waitForFinished(5000);
        return run;
    }
    run.out = p.readAllStandardOutput();
    run.err = p.readAllStandardError();
    if (p.error() != QProcess::FailedToStart && p.exitStatus() == QProcess::NormalExit)
        run.exitCode = p.exitCode();
    return run;
}

} // namespace Slipway::Test
