#include "provider.h"

namespace Slipway {

Provider::Provider(QObject* parent)
    : QObject(parent)
{ }

Provider::~Provider() = default;

ActionJob* Provider::deleteVersion(const QString& appId, const QString& versionId)
{
    Q_UNUSED(appId)
    Q_UNUSED(versionId)
    return failedJob<ActionJob>(
        Error(Error::Kind::Unsupported, tr("%1 does not support deleting versions.").arg(displayName())));
}

DownloadJob* Provider::download(const QString& appId, const QString& versionId, const QString& destinationPath)
{
    Q_UNUSED(appId)
    Q_UNUSED(versionId)
    Q_UNUSED(destinationPath)
    return failedJob<DownloadJob>(
        Error(Error::Kind::Unsupported, tr("%1 does not support downloading versions.").arg(displayName())));
}

ActionJob* Provider::edit(const QString& appId, const QString& versionId, const VersionEdit& changes)
{
    Q_UNUSED(appId)
    Q_UNUSED(versionId)
    Q_UNUSED(changes)
    return failedJob<ActionJob>(
        Error(Error::Kind::Unsupported, tr("%1 does not support editing versions.").arg(displayName())));
}

QString Provider::matchApp(const QList<AppInfo>& apps, const QString& packageId)
{
    if (packageId.isEmpty())
        return {};
    for (const AppInfo& app : apps) {
        if (app.packageId.compare(packageId, Qt::CaseInsensitive) == 0 || app.id == packageId)
            return app.id;
    }
    return {};
}

} // namespace Slipway
