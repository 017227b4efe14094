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
