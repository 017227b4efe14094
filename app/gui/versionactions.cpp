#include "versionactions.h"

#include <QCoreApplication>

namespace Slipway::Gui::VersionActions {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("Slipway::Gui::VersionActions", text);
}
} // namespace

bool isAppStoreConnectBuild(const QString& serviceId, const VersionInfo& version)
{
    return serviceId == QLatin1String("appstoreconnect")
        && version.extra.value(QStringLiteral("type")).toString() == QLatin1String("build");
}

bool canEdit(const QString& serviceId, const VersionInfo& version)
{
    return !isAppStoreConnectBuild(serviceId, version);
}

DeletePrompt deletePrompt(const QString& serviceId, const QString& serviceName, const VersionInfo& version)
{
    if (isAppStoreConnectBuild(serviceId, version))
        return {tr("Expire Build"),
            tr("Expire build %1 (%2) of %3 in %4? Testers will no longer be able to install it. App Store Connect "
               "cannot delete builds: the build stays listed as expired, and this cannot be undone.")
                .arg(version.versionCode, version.versionName, version.appId, serviceName),
            tr("Expire"),
            tr("Expired build %1 (%2) of %3.").arg(version.versionCode, version.versionName, version.appId),
            tr("Expiring failed: %1")};
    return {tr("Delete Version"),
        tr("Delete %1 %2 (code %3) from %4? This cannot be undone.")
            .arg(version.appId, version.versionName, version.versionCode, serviceName),
        tr("Delete"), tr("Deleted %1 %2 (%3).").arg(version.appId, version.versionName, version.versionCode),
        tr("Deleting failed: %1")};
}

} // namespace Slipway::Gui::VersionActions
