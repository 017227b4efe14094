// Applivery: the documented API (docs/apis/applivery.md: upload, list builds, build details, attach files) has no
// endpoint that returns a build's file or a download link for it, so Slipway cannot download Applivery builds.
#include <providers/applivery/appliveryprovider.h>

namespace Slipway {

DownloadJob* AppliveryProvider::download(const QString& appId, const QString& versionId, const QString& destinationPath)
{
    Q_UNUSED(appId)
    Q_UNUSED(versionId)
    Q_UNUSED(destinationPath)
    return failedJob<DownloadJob>(Error(Error::Kind::Unsupported,
        tr("Applivery does not offer downloads: its API has no endpoint that returns a build's file. Install the "
           "build from the Applivery app store instead.")));
}

} // namespace Slipway
