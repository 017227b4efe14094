#include "servicesetup.h"

#include <providers/service/serviceclient.h>

namespace Slipway {

FieldSpec fieldSpec(const QString& key, const QString& label, FieldSpec::Type type, const QString& help,
    const QString& defaultValue, const QStringList& choices)
{
    return FieldSpec {key, label, type, false, defaultValue, choices, help};
}

FieldSpec required(FieldSpec field)
{
    field.required = true;
    return field;
}

ServiceInfo describeService(const char* id, const QString& displayName, const char* defaultBaseUrl,
    const QString& nameHint, const QString& summary, const QList<FieldSpec>& accountFields)
{
    ServiceInfo s;
    s.id = QString::fromLatin1(id);
    s.displayName = displayName;
    if (defaultBaseUrl)
        s.defaultBaseUrl = QUrl(QString::fromLatin1(defaultBaseUrl));
    s.accountFields = accountFields;
    s.summary = summary;
    s.nameHint = nameHint;
    return s;
}

HttpService accountService(const ServiceInfo& info, const Account& account)
{
    HttpService s;
    s.name = info.displayName;
    s.baseUrl = account.baseUrl.isEmpty() ? info.defaultBaseUrl : account.baseUrl;
    return s;
}

ErrorParser errorParserFrom(ErrorFor errorFor)
{
    return [errorFor = std::move(errorFor)](const HttpResponse& response, Error& error) {
        const Error mine = errorFor(response.status, response.body);
        if (mine.serverMessage.isEmpty())
            return;
        error.serverMessage = mine.serverMessage;
        if (mine.kind != error.kind) {
            error.kind = mine.kind;
            error.message = mine.message;
        }
    };
}

ServiceClient* secretServiceClient(const ServiceInfo& info, const Account& account, CredentialStore* store,
    HttpClient* http, SecretAuthenticator::MakeAuth makeAuth, ErrorFor errorFor, QObject* parent)
{
    HttpService service = accountService(info, account);
    service.errorParser = errorParserFrom(std::move(errorFor));
    const FieldSpec* secret = info.primarySecret();
    auto authenticator = std::make_unique<SecretAuthenticator>(
        store, account.name, secret ? secret->key : QString(), secret ? secret->label : QString(), std::move(makeAuth));
    return new ServiceClient(std::move(service), http, std::move(authenticator), parent);
}

QString pathSegment(const QString& id)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(id));
}

} // namespace Slipway
