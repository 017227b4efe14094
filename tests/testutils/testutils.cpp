#include "testutils.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QFileInfo>
#include <QProcess>
#include <QTimer>
#include <QtEndian>

namespace {

quint32 crc32(const QByteArray& data)
{
    quint32 crc = 0xFFFFFFFFu;
    for (char ch : data) {
        crc ^= uchar(ch);
        for (int k = 0; k < 8; ++k)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

void le16(QByteArray& b, quint16 v)
{
    char c[2];
    qToLittleEndian<quint16>(v, c);
    b.append(c, 2);
}

void le32(QByteArray& b, quint32 v)
{
    char c[4];
    qToLittleEndian<quint32>(v, c);
    b.append(c, 4);
}

} // namespace

namespace Slipway::Test {

QByteArray storedZip(const QList<QPair<QByteArray, QByteArray>>& entries)
{
    QByteArray out;
    QByteArray cd;
    for (const auto& [name, data] : entries) {
        const quint32 offset = quint32(out.size());
        const quint32 crc = crc32(data);
        le32(out, 0x04034b50);
        le16(out, 20);
        le16(out, 0);
        le16(out, 0);
        le16(out, 0);
        le16(out, 0x21);
        le32(out, crc);
        le32(out, quint32(data.size()));
        le32(out, quint32(data.size()));
        le16(out, quint16(name.size()));
        le16(out, 0);
        out.append(name).append(data);
        le32(cd, 0x02014b50);
        le16(cd, 20);
        le16(cd, 20);
        le16(cd, 0);
        le16(cd, 0);
        le16(cd, 0);
        le16(cd, 0x21);
        le32(cd, crc);
        le32(cd, quint32(data.size()));
        le32(cd, quint32(data.size()));
        le16(cd, quint16(name.size()));
        le16(cd, 0);
        le16(cd, 0);
        le16(cd, 0);
        le16(cd, 0);
        le32(cd, 0);
        le32(cd, offset);
        cd.append(name);
    }
    const quint32 cdOffset = quint32(out.size());
    out.append(cd);
    le32(out, 0x06054b50);
    le16(out, 0);
    le16(out, 0);
    le16(out, quint16(entries.size()));
    le16(out, quint16(entries.size()));
    le32(out, quint32(cd.size()));
    le32(out, cdOffset);
    le16(out, 0);
    return out;
}

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
