#include "hockeyappservice.h"

#include <providers/hockeyapp/hockeyappprovider.h>
#include <providers/providerregistry.h>
#include <providers/service/servicesetup.h>

namespace Slipway {

ServiceInfo HockeyAppProvider::serviceInfo()
{
    const FieldSpec token = required(fieldSpec(HockeyAppKeys::token, tr("API token"), FieldSpec::Type::Secret,
        tr("A HockeyApp API token (full access to publish with notify/status); kept only in the OS keychain.")));
    return describeService("hockeyapp", QStringLiteral("HockeyApp"), "https://rink.hockeyapp.net/api/2",
        QStringLiteral("hockeyapp"),
        tr("HockeyApp distributed beta builds to testers (the service is retired, compatible servers keep its API); "
           "Slipway lists apps and versions, uploads versions with their dSYM and deletes them."),
        {token});
}

} // namespace Slipway
