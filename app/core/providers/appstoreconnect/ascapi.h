#pragma once

#include <QObject>
#include <QPointer>
#include <common/result.h>
#include <functional>
#include <memory>
#include <net/httpclient.h>
#include <domain/account.h>
#include <providers/providerregistry.h>

namespace Slipway {

class AscJwtSigner;

// The App Store Connect session of one account: the JWT signer (built from the keychain's .p8 on first use), the
// shared HttpClient with the service's auth and error parser, and one retry after a 401 with a freshly signed
// token. Every App Store Connect call of the provider goes through here; upload parts do not (no JWT on them).
class AscApi : public QObject
{
    Q_OBJECT

public:
    using Done = std::function<void(const Result<HttpResponse>& response)>;
    using PagesDone = std::function<void(const Result<QList<HttpResponse>>& pages)>;

    AscApi(const Account& account, const ProviderContext& context, QObject* parent = nullptr);
    ~AscApi() override;

    // A request against the account's base URL with the bearer JWT, Apple's error parser and the retry policy.
    HttpRequest request(const QByteArray& method, const QString& path) const;
    HttpClient* http() const { return m_http; }
    QString accountName() const { return m_account.name; }

    // Sends `request`; `done` runs on `context`'s thread unless `context` is gone. `current` (optional) tracks the
    // running HttpJob so a caller can cancel it.
    void send(const HttpRequest& request, QObject* context, const Done& done, QPointer<HttpJob>* current = nullptr);
    // Follows links.next from `first` until the last page.
    void fetchAll(
        const HttpRequest& first, QObject* context, const PagesDone& done, QPointer<PagedJob>* current = nullptr);

    // The retry policy of API calls (tests shorten the backoff).
    void setRetryPolicy(const RetryPolicy& policy) { m_service.retry = policy; }
    const RetryPolicy& retryPolicy() const { return m_service.retry; }

private:
    void withSigner(QObject* context, const std::function<void(const Status&)>& next);
    void sendAttempt(
        const HttpRequest& request, QObject* context, const Done& done, QPointer<HttpJob>* current, bool renewed);
    void fetchAttempt(
        const HttpRequest& first, QObject* context, const PagesDone& done, QPointer<PagedJob>* current, bool renewed);

    Account m_account;
    ProviderContext m_context;
    HttpClient* m_http;
    HttpService m_service;
    // Shared with the auth callback of every request, which signs (or reuses) the token on each attempt.
    struct SignerSlot;
    std::shared_ptr<SignerSlot> m_signer;
    QList<std::function<void(const Status&)>> m_waitingForKey;
    bool m_loadingKey = false;
};

} // namespace Slipway
