#include "apksigning.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QFile>
#include <QLoggingCategory>
#include <QSet>
#include <memory>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pkcs7.h>
#include <openssl/x509.h>
#include <package/android/apksigverify.h>
#include <package/android/binaryxml.h>
#include <package/android/manifestreader.h>
#include <package/ziparchive.h>

namespace Slipway::Android {

namespace {

constexpr quint32 kV2BlockId = 0x7109871a;
constexpr quint32 kV3BlockId = 0xf05368c0;
constexpr quint32 kV31BlockId = 0x1b93ad61;
constexpr qint64 kMaxSigningBlockBytes = 32 * 1024 * 1024;
constexpr qint64 kMaxSignatureFileBytes = 4 * 1024 * 1024;
constexpr int kMaxSigners = 64;
const char kSigningBlockMagic[] = "APK Sig Block 42";

struct Texts
{
    Q_DECLARE_TR_FUNCTIONS(Slipway::ApkSigning)
};

struct X509Deleter
{
    void operator()(X509* x) const { X509_free(x); }
};
struct Pkcs7Deleter
{
    void operator()(PKCS7* p) const { PKCS7_free(p); }
};
struct BioDeleter
{
    void operator()(BIO* b) const { BIO_free(b); }
};

QDateTime fromAsn1Time(const ASN1_TIME* t)
{
    if (!t)
        return {};
    struct tm tm = {};
    if (ASN1_TIME_to_tm(t, &tm) != 1)
        return {};
    return QDateTime(
        QDate(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday), QTime(tm.tm_hour, tm.tm_min, tm.tm_sec), Qt::UTC);
}

// Distinguished names the way apksigner (Java's X500Principal) prints them: most specific first,
// ", " between attributes, UTF-8 kept as text.
QString distinguishedName(const X509_NAME* name)
{
    if (!name)
        return QString();
    std::unique_ptr<BIO, BioDeleter> bio(BIO_new(BIO_s_mem()));
    if (!bio)
        return QString();
    const unsigned long flags
        = (ASN1_STRFLGS_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) | XN_FLAG_SEP_CPLUS_SPC | XN_FLAG_DN_REV | XN_FLAG_FN_SN;
    if (X509_NAME_print_ex(bio.get(), name, 0, flags) < 0)
        return QString();
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio.get(), &data);
    QString dn = QString::fromUtf8(data, int(len));
    dn.replace(QLatin1String("emailAddress="), QLatin1String("EMAILADDRESS="));
    return dn;
}

QString keyAlgorithm(X509* cert)
{
    EVP_PKEY* key = X509_get0_pubkey(cert);
    if (!key)
        return QString();
    const int bits = EVP_PKEY_get_bits(key);
    switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_RSA:
    case EVP_PKEY_RSA_PSS:
        return QStringLiteral("RSA %1").arg(bits);
    case EVP_PKEY_DSA:
        return QStringLiteral("DSA %1").arg(bits);
    case EVP_PKEY_EC: {
        char group[80] = {};
        size_t len = 0;
        if (EVP_PKEY_get_group_name(key, group, sizeof group, &len) == 1) {
            const QString g = QString::fromLatin1(group, int(len));
            if (g == QLatin1String("prime256v1"))
                return QStringLiteral("EC P-256");
            if (g == QLatin1String("secp384r1"))
                return QStringLiteral("EC P-384");
            if (g == QLatin1String("secp521r1"))
                return QStringLiteral("EC P-521");
            return QStringLiteral("EC ") + g;
        }
        return QStringLiteral("EC %1").arg(bits);
    }
    case EVP_PKEY_ED25519:
        return QStringLiteral("Ed25519");
    default:
        return QString::fromLatin1(OBJ_nid2sn(EVP_PKEY_get_base_id(key)));
    }
}

CertificateInfo describe(X509* cert, const QByteArray& der, const QString& source)
{
    CertificateInfo c;
    c.sha256 = QString::fromLatin1(QCryptographicHash::hash(der, QCryptographicHash::Sha256).toHex());
    c.sha1 = QString::fromLatin1(QCryptographicHash::hash(der, QCryptographicHash::Sha1).toHex());
    c.subject = distinguishedName(X509_get_subject_name(cert));
    c.issuer = distinguishedName(X509_get_issuer_name(cert));
    c.notBefore = fromAsn1Time(X509_get0_notBefore(cert));
    c.notAfter = fromAsn1Time(X509_get0_notAfter(cert));
    c.keyAlgorithm = keyAlgorithm(cert);
    c.source = source;
    return c;
}

using Verify::lengthPrefixed;

void appendUnique(QList<CertificateInfo>& list, QSet<QString>& seen, const QList<CertificateInfo>& more)
{
    for (const CertificateInfo& c : more) {
        if (seen.contains(c.sha256))
            continue;
        seen.insert(c.sha256);
        list.append(c);
    }
}

bool isSignatureBlockFile(const QString& name)
{
    if (!name.startsWith(QLatin1String("META-INF/")) || name.indexOf(QLatin1Char('/'), 9) >= 0)
        return false;
    const QString upper = name.toUpper();
    return upper.endsWith(QLatin1String(".RSA")) || upper.endsWith(QLatin1String(".DSA"))
        || upper.endsWith(QLatin1String(".EC"));
}

struct JarResult
{
    bool present = false;
    QStringList announcedSchemes; // X-Android-APK-Signed: 2, 3 in a .SF main section
    QList<CertificateInfo> certificates;
    QStringList problems;
};

JarResult readJar(const ZipArchive& zip, const QString& source)
{
    JarResult r;
    for (const ZipArchive::Entry& e : zip.entries()) {
        if (!isSignatureBlockFile(e.name))
            continue;
        const QString base = e.name.left(e.name.lastIndexOf(QLatin1Char('.')));
        const ZipArchive::Entry* sfEntry = zip.find(base + QLatin1String(".SF"));
        if (!sfEntry)
            sfEntry = zip.find(base + QLatin1String(".sf"));
        if (!sfEntry) {
            r.problems.append(Texts::tr("%1 has no matching .SF file.").arg(e.name));
            continue;
        }
        r.present = true;
        // Only the main section (up to the first blank line) carries the attribute: it is at the start of a
        // file of one section per entry (180 KB in a large APK), so its first 16 KB are read, and the whole
        // file only when the main section runs on past them.
        constexpr qint64 kMainSectionBytes = 16 * 1024;
        auto sf = zip.readRange(*sfEntry, 0, kMainSectionBytes);
        auto mainSectionEnd = [](QByteArray& text) {
            text.replace("\r\n", "\n");
            return text.indexOf("\n\n");
        };
        qsizetype blank = -1;
        if (sf) {
            blank = mainSectionEnd(sf.value());
            if (blank < 0 && sfEntry->size > kMainSectionBytes) {
                sf = zip.read(*sfEntry, kMaxSignatureFileBytes);
                if (sf)
                    blank = mainSectionEnd(sf.value());
            }
        }
        if (sf) {
            QByteArray main = sf.value();
            if (blank >= 0)
                main.truncate(blank);
            for (const QByteArray& line : main.split('\n')) {
                if (line.startsWith("X-Android-APK-Signed:")) {
                    for (const QByteArray& v : line.mid(21).split(','))
                        r.announcedSchemes.append(QString::fromLatin1(v.trimmed()));
                }
            }
        }
        auto bytes = zip.read(e, kMaxSignatureFileBytes);
        if (!bytes) {
            r.problems.append(Texts::tr("%1 cannot be read: %2").arg(e.name, bytes.error().message));
            continue;
        }
        QString error;
        const QList<CertificateInfo> certs = certificatesFromPkcs7(bytes.value(), source, &error);
        if (!error.isEmpty())
            r.problems.append(Texts::tr("%1: %2").arg(e.name, error));
        r.certificates += certs;
    }
    return r;
}

} // namespace

std::optional<CertificateInfo> certificateFromDer(const QByteArray& der, const QString& source)
{
    const auto* p = reinterpret_cast<const unsigned char*>(der.constData());
    std::unique_ptr<X509, X509Deleter> cert(d2i_X509(nullptr, &p, der.size()));
    if (!cert)
        return std::nullopt;
    return describe(cert.get(), der, source);
}

QList<CertificateInfo> certificatesFromPkcs7(const QByteArray& der, const QString& source, QString* error)
{
    QList<CertificateInfo> out;
    const auto* p = reinterpret_cast<const unsigned char*>(der.constData());
    std::unique_ptr<PKCS7, Pkcs7Deleter> p7(d2i_PKCS7(nullptr, &p, der.size()));
    if (!p7) {
        if (error)
            *error = Texts::tr("the PKCS#7 signature block cannot be parsed");
        return out;
    }
    if (!PKCS7_type_is_signed(p7.get()) || !p7->d.sign) {
        if (error)
            *error = Texts::tr("the PKCS#7 block is not SignedData");
        return out;
    }
    STACK_OF(X509)* bag = p7->d.sign->cert;
    STACK_OF(PKCS7_SIGNER_INFO)* signers = PKCS7_get_signer_info(p7.get());
    const int n = signers ? sk_PKCS7_SIGNER_INFO_num(signers) : 0;
    for (int i = 0; i < n && i < kMaxSigners; ++i) {
        PKCS7_SIGNER_INFO* si = sk_PKCS7_SIGNER_INFO_value(signers, i);
        if (!si || !si->issuer_and_serial || !bag)
            continue;
        X509* cert = X509_find_by_issuer_and_serial(bag, si->issuer_and_serial->issuer, si->issuer_and_serial->serial);
        if (!cert) {
            if (error)
                *error = Texts::tr("a signer's certificate is not in the PKCS#7 certificate set");
            continue;
        }
        out.append(describe(cert, Verify::certificateDer(cert), source));
    }
    if (n == 0 && error)
        *error = Texts::tr("the PKCS#7 block has no signer");
    return out;
}

QList<SigningBlockPair> parseSigningBlock(const QByteArray& block, QString* error)
{
    QList<SigningBlockPair> pairs;
    const auto* d = reinterpret_cast<const uchar*>(block.constData());
    const qint64 size = block.size();
    if (size < 32) {
        *error = Texts::tr("the APK Signing Block is too short");
        return pairs;
    }
    const quint64 first = rd64(d);
    const quint64 last = rd64(d + size - 24);
    if (first != last || qint64(first) != size - 8) {
        *error = Texts::tr("the APK Signing Block's two size fields disagree");
        return pairs;
    }
    qint64 pos = 8;
    const qint64 end = size - 24;
    while (pos < end) {
        if (!inBounds(end, pos, 8)) {
            *error = Texts::tr("the APK Signing Block ends inside a pair header");
            break;
        }
        const quint64 len = rd64(d + pos);
        pos += 8;
        if (len < 4 || len > quint64(end - pos)) {
            *error = Texts::tr("an APK Signing Block pair has an impossible length");
            break;
        }
        SigningBlockPair pair;
        pair.id = rd32(d + pos);
        pair.value = block.mid(pos + 4, qint64(len) - 4);
        pairs.append(pair);
        pos += qint64(len);
        if (pairs.size() > 4096) {
            *error = Texts::tr("the APK Signing Block has too many pairs");
            break;
        }
    }
    return pairs;
}

QList<QByteArray> signerCertificatesFromSchemeValue(const QByteArray& value, QString* error)
{
    QList<QByteArray> certs;
    qint64 pos = 0;
    QByteArray signers;
    if (!lengthPrefixed(value, pos, signers)) {
        *error = Texts::tr("the signer list is truncated");
        return certs;
    }
    qint64 sp = 0;
    while (sp < signers.size() && certs.size() < kMaxSigners) {
        QByteArray signer;
        QByteArray signedData;
        QByteArray digests;
        QByteArray certificates;
        QByteArray firstCert;
        qint64 p = 0;
        qint64 q = 0;
        qint64 c = 0;
        if (!lengthPrefixed(signers, sp, signer) || !lengthPrefixed(signer, p, signedData)
            || !lengthPrefixed(signedData, q, digests) || !lengthPrefixed(signedData, q, certificates)
            || !lengthPrefixed(certificates, c, firstCert)) {
            *error = Texts::tr("a signer record is truncated");
            break;
        }
        certs.append(firstCert);
    }
    return certs;
}

void readApkSigning(const ZipArchive& zip, PackageInfo& info, bool verify)
{
    SigningInfo& s = info.signing;
    const JarResult jar = readJar(zip, QStringLiteral("v1"));
    s.problems += jar.problems;

    QList<CertificateInfo> v2;
    QList<CertificateInfo> v3;
    QList<CertificateInfo> v31;
    bool hasV2 = false;
    bool hasV3 = false;
    bool hasV31 = false;

    // The APK Signing Block ends right where the central directory starts: 8-byte size + 16-byte magic.
    const qint64 cdOffset = zip.centralDirectoryOffset();
    Verify::ApkSigningBlock sigBlock;
    QFile file(zip.path());
    if (cdOffset >= 32 && file.open(QIODevice::ReadOnly) && file.seek(cdOffset - 24)) {
        const QByteArray footer = file.read(24);
        if (footer.size() == 24 && footer.mid(8) == QByteArray(kSigningBlockMagic, 16)) {
            const quint64 size = rd64(reinterpret_cast<const uchar*>(footer.constData()));
            sigBlock.found = true;
            if (size < 24 || size > quint64(cdOffset - 8) || qint64(size) > kMaxSigningBlockBytes) {
                s.problems.append(Texts::tr("The APK Signing Block declares an impossible size (%1 bytes).").arg(size));
                sigBlock.error = s.problems.last();
            } else if (file.seek(cdOffset - qint64(size) - 8)) {
                sigBlock.offset = cdOffset - qint64(size) - 8;
                const QByteArray block = file.read(qint64(size) + 8);
                QString error;
                const QList<SigningBlockPair> pairs
                    = block.size() == qint64(size) + 8 ? parseSigningBlock(block, &error) : QList<SigningBlockPair>();
                if (block.size() != qint64(size) + 8)
                    error = Texts::tr("the APK Signing Block is truncated");
                if (!error.isEmpty()) {
                    s.problems.append(Texts::tr("The APK Signing Block is malformed: %1.").arg(error));
                    sigBlock.error = error;
                }
                for (const SigningBlockPair& pair : pairs) {
                    if (!sigBlock.pairs.contains(pair.id)) // the first pair of an ID counts, as for apksigner
                        sigBlock.pairs.insert(pair.id, pair.value);
                    QList<CertificateInfo>* target = nullptr;
                    QString source;
                    if (pair.id == kV2BlockId) {
                        hasV2 = true;
                        target = &v2;
                        source = QStringLiteral("v2");
                    } else if (pair.id == kV3BlockId) {
                        hasV3 = true;
                        target = &v3;
                        source = QStringLiteral("v3");
                    } else if (pair.id == kV31BlockId) {
                        hasV31 = true;
                        target = &v31;
                        source = QStringLiteral("v3.1");
                    } else {
                        continue;
                    }
                    QString signerError;
                    for (const QByteArray& der : signerCertificatesFromSchemeValue(pair.value, &signerError)) {
                        if (auto cert = certificateFromDer(der, source))
                            target->append(*cert);
                        else
                            s.problems.append(Texts::tr("A %1 signer certificate cannot be parsed.").arg(source));
                    }
                    if (!signerError.isEmpty())
                        s.problems.append(Texts::tr("The %1 signature is malformed: %2.").arg(source, signerError));
                }
            }
        }
    }

    if (jar.present)
        s.schemes.append(QStringLiteral("v1"));
    if (hasV2)
        s.schemes.append(QStringLiteral("v2"));
    if (hasV3)
        s.schemes.append(QStringLiteral("v3"));
    if (hasV31)
        s.schemes.append(QStringLiteral("v3.1"));

    // Stripping protection: the v1 signature names the newer schemes it was signed with.
    for (const QString& announced : jar.announcedSchemes) {
        if ((announced == QLatin1String("2") && !hasV2) || (announced == QLatin1String("3") && !hasV3)) {
            info.addWarning(QStringLiteral("signature-stripped"),
                Texts::tr("The v1 signature says the APK was also signed with APK Signature Scheme v%1, but that "
                          "signature is missing (stripped): Android refuses to install it.")
                    .arg(announced),
                PackageWarning::Severity::Error);
            break;
        }
    }

    // The signers apksigner reports first (v3 > v2 > v1), then every other distinct certificate.
    QSet<QString> seen;
    const QList<CertificateInfo>& primary = !v3.isEmpty() ? v3 : (!v2.isEmpty() ? v2 : jar.certificates);
    for (const CertificateInfo& c : primary) {
        s.certificates.append(c);
        seen.insert(c.sha256);
    }
    appendUnique(s.certificates, seen, v31);
    appendUnique(s.certificates, seen, v3);
    appendUnique(s.certificates, seen, v2);
    appendUnique(s.certificates, seen, jar.certificates);
    qCDebug(lcAndroid) << info.fileName << "schemes" << s.schemes << "certificates" << s.certificates.size();
    if (verify)
        Verify::verifyApk(zip, sigBlock, info);
}

void readJarSigning(const ZipArchive& zip, PackageInfo& info, const QString& schemeName, bool verify)
{
    const JarResult jar = readJar(zip, schemeName);
    info.signing.problems += jar.problems;
    if (jar.present)
        info.signing.schemes.append(schemeName);
    info.signing.certificates = jar.certificates;
    if (verify)
        Verify::verifyBundle(zip, info);
}

} // namespace Slipway::Android
