#pragma once

#include <QByteArray>
#include <QObject>
#include <common/result.h>
#include <functional>
#include <net/httpclient.h>

namespace Slipway {

class CredentialStore;

// How one account proves who it is. ServiceClient asks it to prepare() before every request (read the keychain,
// sign in, renew a token that is about to expire), puts auth() on the request (HttpClient applies it on every
// attempt, only to the request's own origin), and after a 401 calls invalidate() and, when that says a fresh
// credential could help, prepares and sends once more. That one re-authentication lives in ServiceClient only.
class Authenticator
{
public:
    using Ready = std::function<void(const Status& status)>;

    virtual ~Authenticator();

    // Makes the credential usable; calls `ready` exactly once, possibly synchronously. Concurrent callers while
    // a sign-in runs are queued and released together. `owner` outlives the authenticator's asynchronous work
    // (ServiceClient passes itself: it owns the authenticator).
    virtual void prepare(QObject* owner, const Ready& ready) = 0;
    // The auth to apply to a request (valid after a successful prepare()).
    virtual HttpAuth auth() const = 0;
    // A request was answered 401: forget what was used. Returns true when preparing again may succeed (a new
    // token, a new session), false when the stored secret itself is wrong (then the 401 is the answer).
    virtual bool invalidate() = 0;
    // Every answer to a request sent with this auth, before it is handed on (a cookie session keeps the cookies
    // the service sets on it). Default: nothing.
    virtual void received(const HttpResponse& response);
};

// A credential made from one keychain secret, read once on first use: HTTP Basic (ManageXR key id + secret), a
// bearer token (Applivery) or a header of the service's own (HockeyApp's X-HockeyAppToken). A missing entry fails
// as an Auth error that says how to store it; a 401 is final (the secret is wrong, reading it again won't help).
class SecretAuthenticator : public Authenticator
{
public:
    using MakeAuth = std::function<HttpAuth(const QByteArray& secret)>;

    SecretAuthenticator(
        CredentialStore* store, QString accountName, QString secretField, QString secretLabel, MakeAuth makeAuth);

    static MakeAuth basic(const QString& user);
    static MakeAuth bearer();
    static MakeAuth header(const QByteArray& name);

    void prepare(QObject* owner, const Ready& ready) override;
    HttpAuth auth() const override { return m_auth; }
    bool invalidate() override { return false; }

private:
    CredentialStore* m_store;
    QString m_accountName;
    QString m_field;
    QString m_label;
    MakeAuth m_makeAuth;
    HttpAuth m_auth;
    bool m_loaded = false;
    bool m_reading = false;
    QList<Ready> m_waiting;
};

// The error for an account whose secret `label` (key `field`, blamed as "account:<field>") is not in the keychain
// (shared by every service).
Error missingSecretError(const QString& accountName, const QString& label, const QString& field = {});

} // namespace Slipway
