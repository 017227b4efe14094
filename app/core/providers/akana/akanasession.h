#pragma once

#include <QNetworkCookieJar>
#include <QObject>
#include <QPointer>
#include <common/result.h>
#include <functional>
#include <memory>
#include <net/httpclient.h>
#include <domain/account.h>
#include <providers/providerregistry.h>

namespace Slipway {

// The cookie session of one Akana account:
// - POST /api/login with the e-mail and the keychain's password; the AtmoAuthToken_{fedmemberID} and
//   Csrf-Token_{fedmemberID} cookies land in this account's own cookie jar (never the shared QNAM jar);
// - every request carries those cookies and the X-Csrf-Token_{fedmemberID} header (on GET too: tenants may
//   require it for reads), added by the client's auth hook and therefore never sent to another host;
// - POST /api/login/renewToken shortly before the session expires and after every change to a version
//   (renewAfterChange); a 401 on a call leads to one fresh login and one retry;
// - a login that stops at a pending task (password change, legal agreement, ...) is an Auth error, never a loop.
class AkanaSession : public QObject
{
    Q_OBJECT

public:
    using Done = std::function<void(const Result<HttpResponse>& response)>;
    using Clock = std::function<qint64()>; // milliseconds, monotonic

    AkanaSession(const Account& account, const ProviderContext& context, QObject* parent = nullptr);
    ~AkanaSession() override;

    // A request against the tenant's base URL with cookies, CSRF header and the Akana error parser.
    HttpRequest request(const QByteArray& method, const QString& path) const;
    // Logs in when needed, renews when the session is about to expire, sends, and on 401 logs in again once.
    void send(const HttpRequest& request, QObject* context, const Done& done, QPointer<HttpJob>* current = nullptr);
    // Runs `next` once a session exists (logging in or renewing first when needed).
    void withSession(QObject* context, const std::function<void(const Status&)>& next);
    // POST /api/login/renewToken now (after adding or modifying a version: the token embeds app membership).
    void renew(QObject* context, const std::function<void(const Status&)>& done);

    QString userId() const { return m_userId; }
    QString fedmemberId() const { return m_fedmember; }
    bool isLoggedIn() const { return m_loggedIn; }
    QNetworkCookieJar* cookieJar() const { return m_jar; }

    // The session lifetime the tenant uses (default 30 minutes) and how early to renew (default 5 minutes).
    void setLifetime(qint64 lifetimeMs, qint64 renewMarginMs);
    void setClock(Clock clock) { m_clock = std::move(clock); }
    void setRetryPolicy(const RetryPolicy& policy) { m_service.retry = policy; }

private:
    void login();
    void finishLogin(const Status& status);
    void sendAttempt(
        const HttpRequest& request, QObject* context, const Done& done, QPointer<HttpJob>* current, bool relogged);
    void takeCookies(const HttpResponse& response);
    HttpAuth sessionAuth();
    QByteArray csrfToken() const;
    QByteArray cookieValue(const QByteArray& prefix) const;

    Account m_account;
    ProviderContext m_context;
    HttpClient* m_http;
    HttpService m_service;
    QNetworkCookieJar* m_jar;
    Clock m_clock;
    qint64 m_lifetimeMs = 30 * 60 * 1000;
    qint64 m_renewMarginMs = 5 * 60 * 1000;
    qint64 m_sessionStart = 0;
    bool m_loggedIn = false;
    bool m_loggingIn = false;
    bool m_renewing = false;
    QString m_userId;
    QString m_fedmember;
    QList<std::function<void(const Status&)>> m_waiting;
};

} // namespace Slipway
