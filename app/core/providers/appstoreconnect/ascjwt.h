#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <common/result.h>
#include <functional>

namespace Slipway {

// The ES256 JSON Web Token App Store Connect expects in `Authorization: Bearer`: header {alg, kid, typ},
// payload {iss (team key) or sub:"user" (individual key), iat, exp, aud:"appstoreconnect-v1"}, signed with the
// account's .p8 key (EC P-256) and encoded as base64url(header).base64url(payload).base64url(r‖s).
//
// One signer per account. token() reuses the last token until shortly before it expires (Apple recommends
// reusing tokens), then signs a new one; invalidate() forces a new one (after a 401).
class AscJwtSigner
{
public:
    // Apple rejects tokens that live longer than 20 minutes for the release-manager endpoints.
    static constexpr int MaxLifetimeSeconds = 20 * 60;
    // A cached token is replaced when less than this is left, so a slow request cannot outlive it.
    static constexpr int RenewMarginSeconds = 60;

    // `issuerId` empty: an individual key (payload carries sub:"user" instead of iss).
    AscJwtSigner(QString keyId, QString issuerId, QByteArray privateKeyPem, int lifetimeSeconds = MaxLifetimeSeconds);

    // Checks that `pem` is an unencrypted EC P-256 private key (the .p8 App Store Connect hands out once).
    // The error says what is wrong without quoting the key.
    static Status validateKey(const QByteArray& pem);

    // Signs one token now, without the cache.
    static Result<QByteArray> sign(const QByteArray& pem, const QString& keyId, const QString& issuerId,
        const QDateTime& issuedAt, int lifetimeSeconds);

    // The cached token, or a freshly signed one when it is missing or about to expire.
    Result<QByteArray> token();
    // Drops the cached token (the server said 401).
    void invalidate() { m_token.clear(); }
    QDateTime tokenExpiry() const { return m_expiry; }

    // Tests inject time.
    void setClock(std::function<QDateTime()> clock) { m_clock = std::move(clock); }

private:
    QString m_keyId;
    QString m_issuerId;
    QByteArray m_pem;
    int m_lifetime;
    QByteArray m_token;
    QDateTime m_expiry;
    std::function<QDateTime()> m_clock;
};

} // namespace Slipway
