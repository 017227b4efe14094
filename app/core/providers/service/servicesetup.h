#pragma once

#include <QObject>
#include <QString>
#include <QStringList>
#include <domain/account.h>
#include <domain/types.h>
#include <functional>
#include <net/httpclient.h>
#include <providers/service/authenticator.h>

// What a service folder uses to describe itself (its fields) and to set up its ServiceClient.
namespace Slipway {

class CredentialStore;
class ServiceClient;

// An id as one URL path segment ("a/b" becomes "a%2Fb").
QString pathSegment(const QString& id);

// A field of an account or of the publish options.
FieldSpec fieldSpec(const QString& key, const QString& label, FieldSpec::Type type, const QString& help,
    const QString& defaultValue = {}, const QStringList& choices = {});
// The same field, required.
FieldSpec required(FieldSpec field);

// A service's description (ServiceInfo); `defaultBaseUrl` nullptr when the user must give one.
ServiceInfo describeService(const char* id, const QString& displayName, const char* defaultBaseUrl,
    const QString& nameHint, const QString& summary, const QList<FieldSpec>& accountFields);

// The HttpService of an account: named after the service, against the account's base URL or else the service's.
HttpService accountService(const ServiceInfo& info, const Account& account);

// A service's own reading of an error response: the Error it means (kind None for a success).
using ErrorFor = std::function<Error(int httpStatus, const QByteArray& body)>;
// The ErrorParser of such a service: the server's message when the body carries one, and the service's kind and
// advice when its body says something else than the HTTP status (Applivery's {status:false} on a 200).
ErrorParser errorParserFrom(ErrorFor errorFor);

// The ServiceClient of an account that signs every request with the service's one keychain secret
// (ServiceInfo::primarySecret(): Applivery's bearer token, HockeyApp's token header), reading errors with
// `errorFor`.
ServiceClient* secretServiceClient(const ServiceInfo& info, const Account& account, CredentialStore* store,
    HttpClient* http, SecretAuthenticator::MakeAuth makeAuth, ErrorFor errorFor, QObject* parent);

} // namespace Slipway
