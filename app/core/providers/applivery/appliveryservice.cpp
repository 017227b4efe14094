#include "appliveryservice.h"

#include <providers/applivery/appliveryprovider.h>
#include <providers/providerregistry.h>
#include <providers/service/servicesetup.h>

namespace Slipway {

ServiceInfo AppliveryProvider::serviceInfo()
{
    ServiceInfo s = describeService("applivery", QStringLiteral("Applivery"), "https://api.applivery.io",
        QStringLiteral("applivery-prod"),
        tr("Applivery distributes mobile apps to testers and employees; Slipway lists the apps and builds of an "
           "organization, creates apps and uploads new builds."),
        {
            required(fieldSpec(AppliveryKeys::organizationId, tr("Organization ID"), FieldSpec::Type::Text,
                tr("The workspace's organization id (24 hex digits) or slug."))),
            fieldSpec(QString::fromLatin1(AppliveryProvider::uploadUrlField), tr("Upload URL"), FieldSpec::Type::Url,
                tr("Where builds are uploaded. Empty: the base URL, as Applivery documents for the Workspace API "
                   "(https://api.applivery.io); set it when your tenant takes uploads on another host, e.g. "
                   "https://upload.applivery.io.")),
            required(fieldSpec(AppliveryKeys::token, tr("Service account token"), FieldSpec::Type::Secret,
                tr("A Service Account token of the organization; kept only in the OS keychain."))),
        });
    // ../shared/docs/apis/applivery.md: builds of many platforms (.ipa .apk .aab .dmg .pkg .msix ...); rate and file
    // size limits are [unconfirmed], so none is checked.
    s.limits.source = QStringLiteral("docs/apis/applivery.md");
    return s;
}

} // namespace Slipway
