#include "keyvalidation.h"

#include <QCoreApplication>
#include <memory>
#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

namespace Slipway {

namespace {

Error invalid(const QString& what)
{
    return Error(Error::Kind::Validation,
        QCoreApplication::translate("Slipway::KeyValidation",
            "The App Store Connect private key %1: paste the whole contents of the AuthKey_<key ID>.p8 file "
            "downloaded from App Store Connect (Users and Access > Integrations).")
            .arg(what));
}

// Never prompt on the terminal for a passphrase: an encrypted key is refused.
int noPassphrase(char*, int, int, void*)
{
    return -1;
}

QString lastOpenSslError()
{
    const unsigned long code = ERR_peek_last_error();
    QString reason;
    if (code != 0) {
        const char* r = ERR_reason_error_string(code);
        reason = r ? QString::fromLatin1(r) : QStringLiteral("error %1").arg(code);
    }
    ERR_clear_error();
    return reason;
}

} // namespace

Status validateAppStoreConnectKey(const QByteArray& pem)
{
    const QByteArray text = pem.trimmed();
    if (text.isEmpty())
        return invalid(QCoreApplication::translate("Slipway::KeyValidation", "is empty"));
    if (text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----"))
        return invalid(QCoreApplication::translate(
            "Slipway::KeyValidation", "is encrypted with a passphrase; App Store Connect keys are not"));
    if (text.contains("-----BEGIN PUBLIC KEY-----") || text.contains("-----BEGIN CERTIFICATE-----"))
        return invalid(
            QCoreApplication::translate("Slipway::KeyValidation", "is a public key or certificate, not a private key"));
    if (!text.contains("-----BEGIN PRIVATE KEY-----") && !text.contains("-----BEGIN EC PRIVATE KEY-----"))
        return invalid(QCoreApplication::translate(
            "Slipway::KeyValidation", "is not a PEM private key (it should start with -----BEGIN PRIVATE KEY-----)"));

    ERR_clear_error();
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(text.constData(), int(text.size())), &BIO_free);
    if (!bio)
        return Error(Error::Kind::Internal,
            QCoreApplication::translate("Slipway::KeyValidation", "Out of memory while reading the private key."));
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
        PEM_read_bio_PrivateKey(bio.get(), nullptr, &noPassphrase, nullptr), &EVP_PKEY_free);
    if (!key) {
        const QString reason = lastOpenSslError();
        Error e
            = invalid(QCoreApplication::translate("Slipway::KeyValidation", "could not be read as a PEM private key"));
        e.details = reason;
        return e;
    }
    if (EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_EC) {
        const char* type = EVP_PKEY_get0_type_name(key.get());
        return invalid(QCoreApplication::translate(
            "Slipway::KeyValidation", "is a %1 key; App Store Connect keys are EC P-256 keys")
                           .arg(type ? QString::fromLatin1(type)
                                     : QCoreApplication::translate("Slipway::KeyValidation", "non-EC")));
    }
    char group[80] = {};
    size_t groupLength = 0;
    if (EVP_PKEY_get_group_name(key.get(), group, sizeof group, &groupLength) != 1) {
        ERR_clear_error();
        return invalid(QCoreApplication::translate(
            "Slipway::KeyValidation", "is an EC key on an unnamed curve; App Store Connect keys use P-256"));
    }
    const QByteArray curve(group, qsizetype(groupLength));
    if (curve != "prime256v1" && curve != "P-256" && curve != "secp256r1") {
        return invalid(QCoreApplication::translate(
            "Slipway::KeyValidation", "is an EC key on curve %1; App Store Connect keys use P-256 (prime256v1)")
                           .arg(QString::fromLatin1(curve)));
    }
    ERR_clear_error();
    return Ok {};
}

} // namespace Slipway
