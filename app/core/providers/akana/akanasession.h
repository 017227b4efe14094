#pragma once

#include <QNetworkCookieJar>
#include <QObject>
#include <common/result.h>
#include <domain/account.h>
#include <functional>
#include <providers/service/authenticator.h>

namespace Slipway {

class ServiceClient;

// The cookie session of one Akana account, as the Authenticator of its ServiceClient:
// - prepare(): POST /api/login with the e-mail and the keychain's password (the AtmoAuthToken_{fedmemberID} and
//   Csrf-Token_{fedmemberID} cookies land in this account's own cookie jar, never the shared QNAM jar), or
//   POST /api/login/renewToken when the session is about to expire;
// - auth(): those cookies and the X-Csrf-Token_{fedmemberID} header on every request (on GET too: tenants may
//   require it for reads), applied by HttpClient and therefore never sent to another host;
// - received(): keeps the cookies every answer sets;
// - invalidate(): after a 401 the session is dropped, and the client logs in again once;
// - a login that stops at a pending task (password change, legal agreement, ...) is an Auth error, never a loop.
// renew() is also called after every change to a version (the token embeds the user's app membership).
class AkanaSession : public QObject, public Authenticator
{
    Q_OBJECT

public:
    using Clock = std::function<qint64()>; // milliseconds, monotonic

    AkanaSession(const Account& account, CredentialStore* credentials);
    ~AkanaSession() override;

    // The client this session signs in for: its service builds the login requests, its HttpClient sends them.
    void attach(ServiceClient* client) { m_client = client; }

    void prepare(QObject* owner, const Ready& ready) override;
    HttpAuth auth() const override;
    bool invalidate() override;
    void received(const HttpResponse& response) override;

    // POST /api/login/renewToken now; `done` runs unless `context` is gone.
    void renew(QObject* context, const std::function<void(const Status&)>& done);

    QString userId() const { return m_userId; }
    QString fedmemberId() const { return m_fedmember; }
    bool isLoggedIn() const { return m_loggedIn; }
    QNetworkCookieJar* cookieJar() const { return m_jar; }

    // The session lifetime the tenant uses (default 30 minutes) and how early to renew (default 5 minutes).
    void setLifetime(qint64 lifetimeMs, qint64 renewMarginMs);
    void setClock(Clock clock) { m_clock = std::move(clock); }

private:
    void login();
    void loginAnswered(const HttpJob* job);
    void finishLogin(const Status& status);
    QUrl baseUrl() const;
    QByteArray cookieValue(const QByteArray& prefix, const QUrl& url) const;

    Account m_account;
    CredentialStore* m_credentials;
    ServiceClient* m_client = nullptr;
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
    QList<Ready> m_waiting;
};

} // namespace Slipway
