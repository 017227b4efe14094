#include "ascjwt.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <memory>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/pem.h>

namespace Slipway {

namespace {

struct Texts
{
    Q_DECLARE_TR_FUNCTIONS(Slipway::AscJwtSigner)
};

struct PkeyFree
{
    void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct BioFree
{
    void operator()(BIO* p) const { BIO_free(p); }
};
struct MdCtxFree
{
    void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
};
struct EcdsaSigFree
{
    void operator()(ECDSA_SIG* p) const { ECDSA_SIG_free(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;

// Never prompt on the terminal for a pass phrase: an encrypted key is simply refused.
int noPassphrase(char*, int, int, void*)
{
    return -1;
}

// The last OpenSSL error in words, for Error::details (it never contains key material).
QString opensslError()
{
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (code == 0)
        return {};
    char buf[256];
    ERR_error_string_n(code, buf, sizeof buf);
    return QString::fromLatin1(buf);
}

// Accepts the .p8 file as Apple delivers it, and also its base64 body pasted without the BEGIN/END lines.
QByteArray normalizedPem(const QByteArray& input)
{
    QByteArray pem = input.trimmed();
    if (!pem.contains("-----BEGIN")) {
        static const QRegularExpression base64(QStringLiteral("^[A-Za-z0-9+/=\\s]+$"));
        if (!pem.isEmpty() && base64.match(QString::fromLatin1(pem)).hasMatch()) {
            QByteArray body = pem;
            body.replace(' ', QByteArray()).replace('\n', QByteArray()).replace('\r', QByteArray());
            pem = "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
        }
    }
    return pem;
}

Result<PkeyPtr> loadKey(const QByteArray& input)
{
    const QByteArray pem = normalizedPem(input);
    if (pem.isEmpty())
        return Error(Error::Kind::Validation,
            Texts::tr("The App Store Connect private key is empty; paste the contents of the "
                      "AuthKey_<key ID>.p8 file."));
    if (!pem.contains("-----BEGIN"))
        return Error(Error::Kind::Validation,
            Texts::tr("The App Store Connect private key is not a PEM key; paste the whole "
                      "AuthKey_<key ID>.p8 file including its BEGIN and END lines."));
    if (pem.contains("ENCRYPTED"))
        return Error(Error::Kind::Validation,
            Texts::tr("The App Store Connect private key is encrypted with a pass phrase; use "
                      "the unencrypted .p8 file App Store Connect provides."));
    ERR_clear_error();
    std::unique_ptr<BIO, BioFree> bio(BIO_new_mem_buf(pem.constData(), int(pem.size())));
    if (!bio)
        return Error(Error::Kind::Internal, Texts::tr("Out of memory while reading the private key."));
    PkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, noPassphrase, nullptr));
    if (!key)
        return Error(Error::Kind::Validation,
            Texts::tr("The App Store Connect private key cannot be read; it must be the AuthKey_<key ID>.p8 file (a "
                      "PKCS#8 EC private key)."),
            opensslError());
    if (EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_EC)
        return Error(Error::Kind::Validation,
            Texts::tr("The App Store Connect private key is not an elliptic-curve key; App Store Connect keys are EC "
                      "P-256 (ES256) keys."));
    char group[64] = {};
    size_t groupLen = 0;
    if (EVP_PKEY_get_utf8_string_param(key.get(), OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, &groupLen) != 1)
        return Error(Error::Kind::Validation,
            Texts::tr("The curve of the App Store Connect private key cannot be determined."), opensslError());
    const QByteArray groupName(group, int(groupLen));
    if (groupName != SN_X9_62_prime256v1 && groupName != "P-256")
        return Error(Error::Kind::Validation,
            Texts::tr("The App Store Connect private key uses the curve %1; App Store Connect keys use P-256 "
                      "(prime256v1).")
                .arg(QString::fromLatin1(groupName)));
    return key;
}

QByteArray base64url(const QByteArray& data)
{
    return data.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

} // namespace

AscJwtSigner::AscJwtSigner(QString keyId, QString issuerId, QByteArray privateKeyPem, int lifetimeSeconds)
    : m_keyId(std::move(keyId))
    , m_issuerId(std::move(issuerId))
    , m_pem(std::move(privateKeyPem))
    , m_lifetime(qBound(RenewMarginSeconds * 2, lifetimeSeconds, int(MaxLifetimeSeconds)))
    , m_clock([] { return QDateTime::currentDateTimeUtc(); })
{ }

Status AscJwtSigner::validateKey(const QByteArray& pem)
{
    auto key = loadKey(pem);
    if (!key)
        return key.error();
    return Ok {};
}

Result<QByteArray> AscJwtSigner::sign(const QByteArray& pem, const QString& keyId, const QString& issuerId,
    const QDateTime& issuedAt, int lifetimeSeconds)
{
    if (keyId.trimmed().isEmpty())
        return Error(Error::Kind::Validation, Texts::tr("The App Store Connect key ID is missing."));
    if (lifetimeSeconds <= 0 || lifetimeSeconds > MaxLifetimeSeconds)
        return Error(Error::Kind::Internal, Texts::tr("An App Store Connect token may live at most 20 minutes."));
    auto key = loadKey(pem);
    if (!key)
        return key.error();

    QJsonObject header {{QStringLiteral("alg"), QStringLiteral("ES256")}, {QStringLiteral("kid"), keyId.trimmed()},
        {QStringLiteral("typ"), QStringLiteral("JWT")}};
    const qint64 iat = issuedAt.toSecsSinceEpoch();
    QJsonObject payload {{QStringLiteral("iat"), iat}, {QStringLiteral("exp"), iat + lifetimeSeconds},
        {QStringLiteral("aud"), QStringLiteral("appstoreconnect-v1")}};
    if (issuerId.trimmed().isEmpty())
        payload.insert(QStringLiteral("sub"), QStringLiteral("user"));
    else
        payload.insert(QStringLiteral("iss"), issuerId.trimmed());

    const QByteArray signingInput = base64url(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.'
        + base64url(QJsonDocument(payload).toJson(QJsonDocument::Compact));

    ERR_clear_error();
    std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
    size_t derLen = 0;
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.value().get()) != 1
        || EVP_DigestSign(ctx.get(), nullptr, &derLen, reinterpret_cast<const unsigned char*>(signingInput.constData()),
               size_t(signingInput.size()))
            != 1)
        return Error(Error::Kind::Internal, Texts::tr("Signing the App Store Connect token failed."), opensslError());
    QByteArray der(qsizetype(derLen), '\0');
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(der.data()), &derLen,
            reinterpret_cast<const unsigned char*>(signingInput.constData()), size_t(signingInput.size()))
        != 1)
        return Error(Error::Kind::Internal, Texts::tr("Signing the App Store Connect token failed."), opensslError());
    der.resize(qsizetype(derLen));

    // OpenSSL writes the ECDSA signature as DER SEQUENCE{r, s}; JWS ES256 wants r and s as two 32-byte
    // big-endian integers back to back (RFC 7518 section 3.4).
    const auto* p = reinterpret_cast<const unsigned char*>(der.constData());
    std::unique_ptr<ECDSA_SIG, EcdsaSigFree> sig(d2i_ECDSA_SIG(nullptr, &p, long(der.size())));
    if (!sig)
        return Error(Error::Kind::Internal, Texts::tr("Signing the App Store Connect token failed."), opensslError());
    const BIGNUM* r = nullptr;
    const BIGNUM* s = nullptr;
    ECDSA_SIG_get0(sig.get(), &r, &s);
    QByteArray raw(64, '\0');
    if (BN_bn2binpad(r, reinterpret_cast<unsigned char*>(raw.data()), 32) != 32
        || BN_bn2binpad(s, reinterpret_cast<unsigned char*>(raw.data()) + 32, 32) != 32)
        return Error(Error::Kind::Internal, Texts::tr("Signing the App Store Connect token failed."), opensslError());

    return QByteArray(signingInput + '.' + base64url(raw));
}

Result<QByteArray> AscJwtSigner::token()
{
    const QDateTime now = m_clock();
    if (!m_token.isEmpty() && m_expiry.isValid() && now.secsTo(m_expiry) > RenewMarginSeconds)
        return m_token;
    auto signedToken = sign(m_pem, m_keyId, m_issuerId, now, m_lifetime);
    if (!signedToken) {
        m_token.clear();
        return signedToken.error();
    }
    m_token = signedToken.value();
    m_expiry = now.addSecs(m_lifetime);
    return m_token;
}

} // namespace Slipway
