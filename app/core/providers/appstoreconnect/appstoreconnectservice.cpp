#include "appstoreconnectprovider.h"
#include "ascjson.h"

#include <credentials/keyvalidation.h>
#include <domain/account.h>
#include <providers/providerregistry.h>
#include <providers/service/servicejson.h>

namespace Slipway {

namespace {

const QUrl& defaultBaseUrl()
{
    static const QUrl url(QStringLiteral("https://api.appstoreconnect.apple.com"));
    return url;
}

} // namespace

Provider* AppStoreConnectProvider::create(const Account& account, const ProviderContext& context, QObject* parent)
{
    return new AppStoreConnectProvider(account, context, parent);
}

HttpService AppStoreConnectProvider::httpService(const Account& account)
{
    HttpService service;
    service.name = QStringLiteral("App Store Connect");
    service.baseUrl = account.baseUrl.isValid() && !account.baseUrl.isEmpty() ? account.baseUrl : defaultBaseUrl();
    service.errorParser = [](const HttpResponse& response, Error& error) {
        ServiceJson::adoptError(
            error, AscJson::errorFromResponse(response.status, response.body, response.header("X-Rate-Limit")));
    };
    return service;
}

ServiceInfo AppStoreConnectProvider::serviceInfo()
{
    ServiceInfo s;
    s.id = QStringLiteral("appstoreconnect");
    s.displayName = QStringLiteral("App Store Connect");
    s.defaultBaseUrl = defaultBaseUrl();
    s.summary = tr("Apple's App Store Connect: Slipway lists your apps, App Store versions and builds, uploads .ipa "
                   "and .pkg builds and attaches them to App Store versions.");
    s.nameHint = QStringLiteral("asc-team");
    s.accountFields = {
        {.key = QString::fromLatin1(Keys::issuerId),
            .label = tr("Issuer ID"),
            .help = tr("The issuer ID (a UUID) from Users and Access > Integrations; empty for an individual key.")},
        {.key = QString::fromLatin1(Keys::keyId),
            .label = tr("Key ID"),
            .required = true,
            .help = tr("The ID of the App Store Connect API key, e.g. 2X9R4HXF34.")},
        {.key = QString::fromLatin1(Keys::privateKey),
            .label = tr("Private key (.p8)"),
            .type = FieldSpec::Type::Secret,
            .required = true,
            .help = tr("The contents of the AuthKey_<key ID>.p8 file (an EC P-256 private key in PEM form); kept "
                       "only in the OS keychain."),
            .pem = true,
            .fileFilter = tr("API keys (*.p8 *.pem)")},
    };
    s.checkAccount = [](const Account&, const QHash<QString, QByteArray>& secrets) -> Status {
        const QByteArray key = secrets.value(QString::fromLatin1(Keys::privateKey));
        if (!key.isEmpty())
            return validateAppStoreConnectKey(key);
        return Ok {};
    };
    // ../shared/docs/apis/apple-app-store-connect.md: .ipa (iOS, tvOS, visionOS) and .pkg (macOS) builds
    // [spec A2]; a build number must be higher than the last one of its version train; the JWT lives at most
    // 20 minutes [doc A3] and is re-signed before it expires. Binary size limits are [unconfirmed]: none here.
    s.limits.platforms = {QStringLiteral("ios"), QStringLiteral("tvos"), QStringLiteral("visionos"),
        QStringLiteral("watchos"), QStringLiteral("macos")};
    s.limits.versionCodeMustIncrease = true;
    s.limits.sessionLifetimeSeconds = 20 * 60;
    s.limits.productionByDefault = true;
    s.limits.source = QStringLiteral("docs/apis/apple-app-store-connect.md [spec A2, doc A3]");
    return s;
}

} // namespace Slipway
