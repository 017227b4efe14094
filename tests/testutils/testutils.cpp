#include "testutils.h"

#include <QCoreApplication>
#include <QFileInfo>

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

} // namespace Slipway::Test
