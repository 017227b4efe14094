#pragma once

#include <QList>
#include <QString>
#include <memory>
#include <providers/service/authenticator.h>

namespace Slipway {

class AscJwtSigner;

// App Store Connect's ES256 JWT as an Authenticator. prepare() reads the account's .p8 from the keychain once,
// checks it and the key ID, and signs a token (or reuses the cached one until shortly before it expires); auth()
// puts a bearer token on every attempt, signed anew when the cached one is about to expire; invalidate() drops
// the cached token after a 401 so the next prepare() signs a fresh one.
class AscJwtAuthenticator : public Authenticator
{
public:
    AscJwtAuthenticator(CredentialStore* store, QString accountName, QString keyId, QString issuerId);
    ~AscJwtAuthenticator() override;

    // Paced from the X-Rate-Limit budget of the last answer (AscJson::paceDelayMs): waits before a request when
    // little of the hourly budget is left, and fails with RateLimited without sending when none is left (for an
    // hour after that answer), instead of only reacting to 429.
    void prepare(QObject* owner, const Ready& ready) override;
    HttpAuth auth() const override;
    bool invalidate() override;
    void received(const HttpResponse& response) override;

private:
    void prepareNow(QObject* owner, const Ready& ready);
    void loaded(const Result<QByteArray>& pem);
    Status signToken();

    CredentialStore* m_store;
    QString m_accountName;
    QString m_keyId;
    QString m_issuerId;
    // Shared with the auth of every request, which may outlive this authenticator.
    std::shared_ptr<std::unique_ptr<AscJwtSigner>> m_signer;
    bool m_reading = false;
    QList<Ready> m_waiting;
    int m_rateLimit = -1;
    int m_rateRemaining = -1;
    qint64 m_rateSeenMs = 0; // QDateTime::currentMSecsSinceEpoch() of the answer that carried the budget
};

} // namespace Slipway
