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

    void prepare(QObject* owner, const Ready& ready) override;
    HttpAuth auth() const override;
    bool invalidate() override;

private:
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
};

} // namespace Slipway
