#include "hockeyappservice.h"

#include <providers/hockeyapp/hockeyappprovider.h>
#include <providers/providerregistry.h>
#include <providers/service/servicesetup.h>

namespace Slipway {

ServiceInfo HockeyAppProvider::serviceInfo()
{
    const FieldSpec token = required(fieldSpec(HockeyAppKeys::token, tr("API token"), FieldSpec::Type::Secret,
        tr("A HockeyApp API token (full access to publish with notify/status); kept only in the OS keychain.")));
    ServiceInfo s = describeService("hockeyapp", QStringLiteral("HockeyApp"), "https://rink.hockeyapp.net/api/2",
        QStringLiteral("hockeyapp"),
        tr("HockeyApp distributed beta builds to testers (the service is retired, compatible servers keep its API); "
           "Slipway lists apps and versions, uploads versions with their dSYM and deletes them."),
        {token});
    // ../shared/docs/apis/hockeyapp.md: notes are truncated after 5k characters [doc H1]; .ipa, .app.zip and .apk
    // uploads [doc H3]; rate and file size limits are [unconfirmed].
    s.limits.platforms = {QStringLiteral("android"), QStringLiteral("ios"), QStringLiteral("macos")};
    s.limits.maxNotesLength = 5000;
    s.limits.source = QStringLiteral("docs/apis/hockeyapp.md [doc H1, H3]");
    return s;
}

} // namespace Slipway
