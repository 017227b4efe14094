// App Store Connect: the API (docs/apis/apple-app-store-connect.md) uploads builds but never returns one; testers
// install through TestFlight, so there is nothing to download.
#include <providers/appstoreconnect/appstoreconnectprovider.h>

namespace Slipway {

DownloadJob* AppStoreConnectProvider::download(
    const QString& appId, const QString& versionId, const QString& destinationPath)
{
    Q_UNUSED(appId)
    Q_UNUSED(versionId)
    Q_UNUSED(destinationPath)
    return failedJob<DownloadJob>(Error(Error::Kind::Unsupported,
        tr("App Store Connect does not offer downloads: Apple never hands a build back through its API. Testers "
           "install it with TestFlight.")));
}

} // namespace Slipway
