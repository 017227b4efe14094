#include "managexrservice.h"

#include <providers/managexr/managexrprovider.h>
#include <providers/service/servicesetup.h>

namespace Slipway {

ServiceInfo ManageXrProvider::serviceInfo()
{
    using namespace ManageXrKeys;
    ServiceInfo s
        = describeService("managexr", QStringLiteral("ManageXR"), "https://managexrapi.com", QStringLiteral("mxr-prod"),
            tr("ManageXR manages fleets of VR headsets; Slipway registers the APKs (and OBBs) you host as app versions "
               "of your organization and points release channels at them."),
            {
                required(fieldSpec(keyId, tr("API key ID"), FieldSpec::Type::Text,
                    tr("The API Key ID from Organization Settings > API Keys."))),
                required(fieldSpec(keySecret, tr("API key secret"), FieldSpec::Type::Secret,
                    tr("The API Key Secret shown once when the key was created; kept only in the OS keychain."))),
                fieldSpec(organizationId, tr("Organization ID"), FieldSpec::Type::Text,
                    tr("Only for multi-organization keys; empty uses the key's own organization.")),
                fieldSpec(hostingFolder, tr("Hosting folder"), FieldSpec::Type::Path,
                    tr("A folder (local or a mounted share) where Slipway copies the packages it registers.")),
                fieldSpec(hostingBaseUrl, tr("Hosting base URL"), FieldSpec::Type::Url,
                    tr("The public URL under which the hosting folder is served (https://...).")),
            });
    s.checkAccount = [](const Account& account, const QHash<QString, QByteArray>&) -> Status {
        const bool folder = !account.field(QString::fromLatin1(hostingFolder)).isEmpty();
        const bool url = !account.field(QString::fromLatin1(hostingBaseUrl)).isEmpty();
        if (folder != url) {
            Error e(Error::Kind::Validation,
                tr("Give both the hosting folder and the hosting base URL (the public URL that serves that "
                   "folder), or neither."));
            e.field = QStringLiteral("account:") + QString::fromLatin1(folder ? hostingBaseUrl : hostingFolder);
            return e;
        }
        return Ok {};
    };
    // ../shared/docs/apis/managexr.md: APK (and OBB) versions of Android headsets; devices cannot downgrade a
    // versionCode and `versionLabel` tells apart versions with the same code and name [doc S6, S1]; no size limits
    // are documented [doc S1].
    s.limits.platforms = {QStringLiteral("android")};
    s.limits.labelDistinguishesCodes = true;
    s.limits.source = QStringLiteral("docs/apis/managexr.md [doc S1, S6]");
    return s;
}

} // namespace Slipway
