#include <credentials/credentialstore.h>
#include <providers/providerregistry.h>
#include <providers/service/servicesetup.h>
#include <providers/team/teamprovider.h>

namespace Slipway {

ServiceInfo TeamProvider::serviceInfo()
{
    const FieldSpec url = required(fieldSpec(TeamKeys::url, tr("Database URL"), FieldSpec::Type::Text,
        tr("postgresql://USER@HOST:PORT/DATABASE of the team library (the password goes to the keychain, not here); "
           "a Unix socket folder is given as ?host=/path.")));
    const FieldSpec sslmode = fieldSpec(TeamKeys::sslmode, tr("TLS mode"), FieldSpec::Type::Choice,
        tr("How the connection is secured: verify-full checks the server's certificate and name against sslrootcert."),
        QStringLiteral("prefer"),
        {QStringLiteral("disable"), QStringLiteral("allow"), QStringLiteral("prefer"), QStringLiteral("require"),
            QStringLiteral("verify-ca"), QStringLiteral("verify-full")});
    const FieldSpec rootCert = fieldSpec(TeamKeys::sslrootcert, tr("CA certificate"), FieldSpec::Type::Path,
        tr("The CA certificate (PEM file) that verify-ca and verify-full check the server against."));
    const FieldSpec password = fieldSpec(TeamKeys::password, tr("Password"), FieldSpec::Type::Secret,
        tr("The database user's password; kept only in the OS keychain (none: ~/.pgpass or the server's trust "
           "rules)."));
    ServiceInfo info = describeService("team", tr("Team library"), nullptr, QStringLiteral("team"),
        tr("One catalog and artifact store on PostgreSQL for a whole release team: publish, browse, download, edit "
           "and delete versions, live in every window."),
        {url, sslmode, rootCert, password});
    info.hasBaseUrl = false;
    return info;
}

void TeamProvider::registerService()
{
    ProviderRegistry::registerService(
        serviceInfo(), [](const Account& account, const ProviderContext& context, QObject* parent) -> Provider* {
            return new TeamProvider(account, context.credentials, parent);
        });
}

} // namespace Slipway
