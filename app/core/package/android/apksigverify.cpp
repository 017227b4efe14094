// Shared verification primitives (OpenSSL) and the overall APK verdict, with the rules `apksigner verify`
// applies for the manifest's minSdkVersion up to every later platform:
//   - v3.1 (API 33+) and v3 (API 28+) are verified when present; their signers' SDK ranges must cover
//     max(minSdk, 28) up to the newest platform without gaps;
//   - v2 is verified when present and minSdk < 28, or when there is no v3;
//   - v1 is verified when minSdk < 24, or when no newer scheme is present;
//   - stripping protection: a v1 .SF announcing v2/v3 (X-Android-APK-Signed) or a v2 signer announcing v3
//     (attribute 0xbeeff00d) fails when that scheme's block is gone;
//   - the v1 and v2 signers are the same certificates, and the v2 signer is the oldest of the v3 lineage.

#include "apksigverify.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QSet>
#include <memory>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <package/android/binaryxml.h>
#include <package/ziparchive.h>

namespace Slipway::Android::Verify {

namespace {

constexpr quint32 kV2BlockId = 0x7109871a;
constexpr quint32 kV3BlockId = 0xf05368c0;
constexpr quint32 kV31BlockId = 0x1b93ad61;

struct Texts
{
    Q_DECLARE_TR_FUNCTIONS(Slipway::ApkVerify)
};

struct PkeyDeleter
{
    void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};

struct AlgorithmFacts
{
    const char* digest = nullptr;
    int pssSalt = 0; // > 0: RSASSA-PSS with MGF1 over the same digest
    QByteArray content; // the content digest it signs
};

std::optional<AlgorithmFacts> algorithmFacts(quint32 algorithm)
{
    switch (algorithm) {
    case 0x0101:
        return AlgorithmFacts {"SHA256", 32, "SHA256"};
    case 0x0102:
        return AlgorithmFacts {"SHA512", 64, "SHA512"};
    case 0x0103:
    case 0x0201:
    case 0x0301:
        return AlgorithmFacts {"SHA256", 0, "SHA256"};
    case 0x0104:
    case 0x0202:
        return AlgorithmFacts {"SHA512", 0, "SHA512"};
    case 0x0421:
    case 0x0423:
    case 0x0425:
        return AlgorithmFacts {"SHA256", 0, "verity"};
    default:
        return std::nullopt;
    }
}

// The SDK level apksigner assumes for a manifest value: a number, 1 when absent, and for a preview codename
// the platform after the newest released one (a preview build installs only on that preview).
int sdkLevel(const QString& value)
{
    if (value.isEmpty())
        return 1;
    bool ok = false;
    const int n = value.toInt(&ok);
    return ok ? qMax(1, n) : 10000;
}

QSet<QByteArray> asSet(const QList<QByteArray>& l)
{
    return QSet<QByteArray>(l.cbegin(), l.cend());
}

SignatureCheck skipped(const QString& scheme, const QString& why)
{
    SignatureCheck c;
    c.scheme = scheme;
    c.verified = false;
    c.reason = why;
    return c;
}

} // namespace

bool lengthPrefixed(const QByteArray& data, qint64& pos, QByteArray& out)
{
    if (!inBounds(data.size(), pos, 4))
        return false;
    const quint32 len = rd32(reinterpret_cast<const uchar*>(data.constData()) + pos);
    if (!inBounds(data.size(), pos + 4, len))
        return false;
    out = data.mid(pos + 4, len);
    pos += 4 + qint64(len);
    return true;
}

bool readU32(const QByteArray& data, qint64& pos, quint32& out)
{
    if (!inBounds(data.size(), pos, 4))
        return false;
    out = rd32(reinterpret_cast<const uchar*>(data.constData()) + pos);
    pos += 4;
    return true;
}

QByteArray digest(const char* algorithm, const QByteArray& data)
{
    const EVP_MD* md = EVP_get_digestbyname(algorithm);
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (!md || EVP_Digest(data.constData(), size_t(data.size()), out, &len, md, nullptr) != 1)
        return {};
    return QByteArray(reinterpret_cast<const char*>(out), int(len));
}

QString sha256Hex(const QByteArray& data)
{
    return QString::fromLatin1(digest("SHA256", data).toHex());
}

bool isKnownSignatureAlgorithm(quint32 algorithm)
{
    return algorithmFacts(algorithm).has_value();
}

QByteArray contentDigestName(quint32 algorithm)
{
    const auto facts = algorithmFacts(algorithm);
    return facts ? facts->content : QByteArray();
}

QString verifySchemeSignature(
    quint32 algorithm, const QByteArray& publicKeyDer, const QByteArray& data, const QByteArray& signature)
{
    const auto facts = algorithmFacts(algorithm);
    if (!facts)
        return Texts::tr("unknown signature algorithm 0x%1").arg(algorithm, 4, 16, QLatin1Char('0'));
    const auto* p = reinterpret_cast<const unsigned char*>(publicKeyDer.constData());
    std::unique_ptr<EVP_PKEY, PkeyDeleter> key(d2i_PUBKEY(nullptr, &p, publicKeyDer.size()));
    if (!key)
        return Texts::tr("the public key cannot be parsed");
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    EVP_PKEY_CTX* pctx = nullptr;
    const EVP_MD* md = EVP_get_digestbyname(facts->digest);
    if (!ctx || EVP_DigestVerifyInit(ctx.get(), &pctx, md, nullptr, key.get()) != 1)
        return Texts::tr("the key does not suit the algorithm");
    if (facts->pssSalt > 0
        && (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1
            || EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, facts->pssSalt) != 1
            || EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, md) != 1))
        return Texts::tr("the key does not suit RSASSA-PSS");
    const int rc = EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.constData()),
        size_t(signature.size()), reinterpret_cast<const unsigned char*>(data.constData()), size_t(data.size()));
    return rc == 1 ? QString() : Texts::tr("the signature does not match the key");
}

QByteArray certificateDer(x509_st* cert)
{
    unsigned char* out = nullptr;
    const int len = i2d_X509(cert, &out);
    if (len <= 0)
        return {};
    QByteArray der(reinterpret_cast<const char*>(out), len);
    OPENSSL_free(out);
    return der;
}

QByteArray publicKeyOfCertificate(const QByteArray& certDer)
{
    const auto* p = reinterpret_cast<const unsigned char*>(certDer.constData());
    X509* cert = d2i_X509(nullptr, &p, certDer.size());
    if (!cert)
        return {};
    unsigned char* out = nullptr;
    const int len = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(cert), &out);
    QByteArray der;
    if (len > 0)
        der = QByteArray(reinterpret_cast<const char*>(out), len);
    OPENSSL_free(out);
    X509_free(cert);
    return der;
}

void verifyApk(const ZipArchive& zip, const ApkSigningBlock& block, PackageInfo& info)
{
    SigningInfo& s = info.signing;
    const int minSdk = sdkLevel(info.minSdk);
    QString failure;
    auto record = [&](const SignatureCheck& check) {
        s.checks.append(check);
        if (!check.verified && failure.isEmpty())
            failure = Texts::tr("%1: %2").arg(check.scheme, check.reason);
    };

    const bool hasV2 = block.pairs.contains(kV2BlockId);
    const bool hasV3 = block.pairs.contains(kV3BlockId);
    const bool hasV31 = block.pairs.contains(kV31BlockId);
    QList<int> found;
    SchemeVerification v2;
    SchemeVerification v3;
    QList<SignatureCheck::Signer> v3Ranges;

    if (block.found && !block.error.isEmpty()) {
        failure = Texts::tr("the APK Signing Block is malformed: %1").arg(block.error);
    } else if (hasV2 || hasV3 || hasV31) {
        SigningBlockLayout layout;
        layout.blockOffset = block.offset;
        layout.cdOffset = zip.centralDirectoryOffset();
        layout.cdSize = zip.centralDirectorySize();
        layout.eocdOffset = zip.eocdOffset();
        layout.fileSize = QFileInfo(zip.path()).size();
        if (layout.cdOffset + layout.cdSize != layout.eocdOffset) {
            failure = Texts::tr("the central directory is not immediately followed by the end of central directory "
                                "record, so the APK Signature Scheme digests cannot cover the archive");
        } else {
            ContentDigests digests(zip.path(), layout);
            if (hasV31) {
                SchemeVerification v31 = verifyScheme(31, block.pairs.value(kV31BlockId), digests);
                record(v31.check);
                v3Ranges += v31.check.signers;
                found.append(31);
            }
            if (hasV3) {
                v3 = verifyScheme(3, block.pairs.value(kV3BlockId), digests);
                record(v3.check);
                v3Ranges += v3.check.signers;
                found.append(3);
            }
            if (hasV2 && (minSdk < kSdkP || found.isEmpty())) {
                v2 = verifyScheme(2, block.pairs.value(kV2BlockId), digests);
                record(v2.check);
                found.append(2);
            } else if (hasV2) {
                s.checks.append(skipped(QStringLiteral("v2"),
                    Texts::tr("not checked: every platform this APK supports (API %1+) verifies v3 instead")
                        .arg(minSdk)));
            }
        }
    }

    // The v3.x signers together must cover every platform from max(minSdk, 28) on, without gaps.
    if (failure.isEmpty() && !v3Ranges.isEmpty()) {
        std::sort(v3Ranges.begin(), v3Ranges.end(),
            [](const SignatureCheck::Signer& a, const SignatureCheck::Signer& b) { return a.minSdk < b.minSdk; });
        const int from = qMax(minSdk, kSdkP);
        qint64 covered = from - 1;
        for (const SignatureCheck::Signer& r : v3Ranges) {
            if (r.maxSdk < from)
                continue;
            if (r.minSdk > covered + 1)
                break;
            covered = qMax<qint64>(covered, r.maxSdk);
        }
        if (covered < kAnySdk)
            failure = Texts::tr("the v3 signers do not cover every platform from API %1 on (covered up to %2)")
                          .arg(from)
                          .arg(covered);
    }

    const bool needV1 = minSdk < kSdkN || found.isEmpty();
    // v1 is read only when a platform the APK supports needs it (it means inflating every entry).
    const JarVerification v1 = needV1 ? verifyJar(zip, QStringLiteral("v1")) : JarVerification();
    if (needV1) {
        if (v1.present || found.isEmpty())
            record(v1.check);
        else
            record(skipped(QStringLiteral("v1"),
                Texts::tr("missing: devices before Android 7.0 (API 24) need a v1 signature and the min SDK is %1")
                    .arg(minSdk)));
    } else if (s.schemes.contains(QLatin1String("v1"))) {
        s.checks.append(skipped(QStringLiteral("v1"),
            Texts::tr("not checked: every platform this APK supports (API %1+) verifies a newer scheme").arg(minSdk)));
    }

    if (failure.isEmpty()) {
        // Stripping protection.
        for (int announced : v1.check.verified ? v1.announcedSchemes : QList<int>()) {
            if ((announced == 2 && !hasV2) || (announced == 3 && !hasV3))
                failure
                    = Texts::tr("the v1 signature says the APK was also signed with APK Signature Scheme v%1, but that "
                                "signature is missing (stripped)")
                          .arg(announced);
        }
        for (quint32 announced : v2.strippingProtection) {
            if (announced == 3 && !hasV3)
                failure
                    = Texts::tr("the v2 signature says the APK was also signed with APK Signature Scheme v3, but that "
                                "signature is missing (stripped)");
        }
    }
    if (failure.isEmpty() && v1.check.verified && v2.check.verified && needV1
        && asSet(v1.signerCertificates) != asSet(v2.signerCertificates))
        failure = Texts::tr("the v1 and v2 signatures are by different signers");
    if (failure.isEmpty() && v2.check.verified && v3.check.verified && !v3.oldestCertificates.isEmpty()) {
        int lowest = 0;
        for (int i = 1; i < v3.check.signers.size(); ++i) {
            if (v3.check.signers.at(i).minSdk < v3.check.signers.at(lowest).minSdk)
                lowest = i;
        }
        if (!v2.signerCertificates.contains(v3.oldestCertificates.at(lowest)))
            failure = Texts::tr("the v2 signer is not the oldest signer of the v3 signature's lineage");
    }

    s.verified = failure.isEmpty();
    s.verifyReason = failure;
    if (!failure.isEmpty() && s.isSigned())
        info.addWarning(QStringLiteral("signature-does-not-verify"),
            Texts::tr("The signature does not verify (%1): Android refuses to install this APK.").arg(failure),
            PackageWarning::Severity::Error);
}

void verifyBundle(const ZipArchive& zip, PackageInfo& info)
{
    SigningInfo& s = info.signing;
    const JarVerification jar = verifyJar(zip, QStringLiteral("jar"));
    s.checks.append(jar.check);
    s.verified = jar.check.verified;
    s.verifyReason = jar.check.reason;
    if (jar.present && !jar.check.verified)
        info.addWarning(QStringLiteral("signature-does-not-verify"),
            Texts::tr("The bundle's JAR signature does not verify (%1): Google Play rejects it.").arg(jar.check.reason),
            PackageWarning::Severity::Error);
}

} // namespace Slipway::Android::Verify
