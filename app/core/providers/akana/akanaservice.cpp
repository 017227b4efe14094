#include "akanajson.h"
#include "akanaprovider.h"

#include <domain/account.h>
#include <providers/providerregistry.h>
#include <providers/service/servicejson.h>

namespace Slipway {

HttpService AkanaProvider::httpService(const Account& account)
{
    HttpService service;
    service.name = QStringLiteral("Akana");
    service.baseUrl = account.baseUrl;
    service.errorParser = [](const HttpResponse& response, Error& error) {
        ServiceJson::adoptError(error, AkanaJson::errorFromResponse(response.status, response.body));
    };
    return service;
}

ServiceInfo AkanaProvider::serviceInfo()
{
    ServiceInfo s;
    s.id = QStringLiteral("akana");
    s.displayName = QStringLiteral("Akana API Platform");
    // No default: every customer runs its own tenant, the base URL is required.
    s.summary = tr("The developer portal of an Akana API Platform tenant: Slipway lists your apps and adds, modifies "
                   "and deletes their app versions (metadata only, nothing is uploaded).");
    s.nameHint = QStringLiteral("akana-portal");
    s.accountFields = {
        {.key = QString::fromLatin1(Keys::email),
            .label = tr("E-mail"),
            .required = true,
            .help = tr("The e-mail address you sign in with.")},
        {.key = QString::fromLatin1(Keys::password),
            .label = tr("Password"),
            .type = FieldSpec::Type::Secret,
            .required = true,
            .help = tr("Your Akana password; kept only in the OS keychain.")},
    };
    // ../shared/docs/apis/akana.md: the session cookie is valid 30 minutes by default and cannot be renewed once
    // expired [doc K4, K6, K5]. No file size or notes limits are documented.
    s.limits.sessionLifetimeSeconds = 30 * 60;
    s.limits.source = QStringLiteral("docs/apis/akana.md [doc K4, K5, K6]");
    return s;
}

Provider* AkanaProvider::create(const Account& account, const ProviderContext& context, QObject* parent)
{
    return new AkanaProvider(account, context, parent);
}

} // namespace Slipway
