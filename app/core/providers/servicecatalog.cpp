#include "servicecatalog.h"

#include <QCoreApplication>
#include <credentials/keyvalidation.h>

namespace Slipway::ServiceCatalog {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("Slipway::ServiceCatalog", text);
}

FieldSpec field(const char* key, const QString& label, FieldSpec::Type type, bool required, const QString& help)
{
    FieldSpec f;
    f.key = QString::fromLatin1(key);
    f.label = label;
    f.type = type;
    f.required = required;
    f.help = help;
    return f;
}

} // namespace

ServiceInfo managexr()
{
    ServiceInfo s;
    s.id = QStringLiteral("managexr");
    s.displayName = QStringLiteral("ManageXR");
    s.defaultBaseUrl = QUrl(QStringLiteral("https://managexrapi.com"));
    s.accountFields = {
        field(Keys::keyId, tr("API key ID"), FieldSpec::Type::Text, true,
            tr("The API Key ID from Organization Settings > API Keys.")),
        field(Keys::keySecret, tr("API key secret"), FieldSpec::Type::Secret, true,
            tr("The API Key Secret shown once when the key was created; kept only in the OS keychain.")),
        field(Keys::organizationId, tr("Organization ID"), FieldSpec::Type::Text, false,
            tr("Only for multi-organization keys; empty uses the key's own organization.")),
        field(Keys::hostingFolder, tr("Hosting folder"), FieldSpec::Type::Path, false,
            tr("A folder (local or a mounted share) where Slipway copies the packages it registers.")),
        field(Keys::hostingBaseUrl, tr("Hosting base URL"), FieldSpec::Type::Url, false,
            tr("The public URL under which the hosting folder is served (https://...).")),
    };
    s.checkAccount = [](const Account& account, const QHash<QString, QByteArray>&) -> Status {
        const bool folder = !account.field(QString::fromLatin1(Keys::hostingFolder)).isEmpty();
        const bool url = !account.field(QString::fromLatin1(Keys::hostingBaseUrl)).isEmpty();
        if (folder != url) {
            return Error(Error::Kind::Validation,
                tr("Give both the hosting folder and the hosting base URL (the public URL that serves that "
                   "folder), or neither."));
        }
        return Ok {};
    };
    return s;
}

ServiceInfo appStoreConnect()
{
    ServiceInfo s;
    s.id = QStringLiteral("appstoreconnect");
    s.displayName = QStringLiteral("App Store Connect");
    s.defaultBaseUrl = QUrl(QStringLiteral("https://api.appstoreconnect.apple.com"));
    s.accountFields = {
        field(Keys::issuerId, tr("Issuer ID"), FieldSpec::Type::Text, false,
            tr("The issuer ID (a UUID) from Users and Access > Integrations; empty for an individual key.")),
        field(Keys::keyId, tr("Key ID"), FieldSpec::Type::Text, true,
            tr("The ID of the App Store Connect API key, e.g. 2X9R4HXF34.")),
        field(Keys::privateKey, tr("Private key (.p8)"), FieldSpec::Type::Secret, true,
            tr("The contents of the AuthKey_<key ID>.p8 file (an EC P-256 private key in PEM form); kept only "
               "in the OS keychain.")),
    };
    s.accountFields.last().pem = true;
    s.accountFields.last().fileFilter = tr("API keys (*.p8 *.pem)");
    s.checkAccount = [](const Account&, const QHash<QString, QByteArray>& secrets) -> Status {
        const QByteArray key = secrets.value(QString::fromLatin1(Keys::privateKey));
        if (!key.isEmpty())
            return validateAppStoreConnectKey(key);
        return Ok {};
    };
    return s;
}

ServiceInfo akana()
{
    ServiceInfo s;
    s.id = QStringLiteral("akana");
    s.displayName = QStringLiteral("Akana API Platform");
    // No default: every customer runs its own tenant, the base URL is required.
    s.accountFields = {
        field(Keys::email, tr("E-mail"), FieldSpec::Type::Text, true, tr("The e-mail address you sign in with.")),
        field(Keys::password, tr("Password"), FieldSpec::Type::Secret, true,
            tr("Your Akana password; kept only in the OS keychain.")),
    };
    return s;
}

ServiceInfo applivery()
{
    ServiceInfo s;
    s.id = QStringLiteral("applivery");
    s.displayName = QStringLiteral("Applivery");
    s.defaultBaseUrl = QUrl(QStringLiteral("https://api.applivery.io"));
    s.accountFields = {
        field(Keys::organizationId, tr("Organization ID"), FieldSpec::Type::Text, true,
            tr("The workspace's organization id (24 hex digits) or slug.")),
        field(Keys::token, tr("Service account token"), FieldSpec::Type::Secret, true,
            tr("A Service Account token of the organization; kept only in the OS keychain.")),
    };
    return s;
}

ServiceInfo hockeyApp()
{
    ServiceInfo s;
    s.id = QStringLiteral("hockeyapp");
    s.displayName = QStringLiteral("HockeyApp");
    s.defaultBaseUrl = QUrl(QStringLiteral("https://rink.hockeyapp.net/api/2"));
    s.accountFields = {
        field(Keys::token, tr("API token"), FieldSpec::Type::Secret, true,
            tr("A HockeyApp API token (full access to publish with notify/status); kept only in the OS keychain.")),
    };
    return s;
}

QList<ServiceInfo> networkServices()
{
    return {managexr(), appStoreConnect(), akana(), applivery(), hockeyApp()};
}


} // namespace Slipway::ServiceCatalog
