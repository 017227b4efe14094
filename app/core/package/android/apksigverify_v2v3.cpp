// APK Signature Scheme v2, v3 and v3.1 verification (source.android.com "APK Signature Scheme v2/v3"):
// the content digests over 1 MiB chunks of the entries, the central directory and the end record (its
// central directory offset pointing at the signing block), each signer's signature over its signed data with
// the public key it carries, that key matching its certificate, and for v3.x the SDK range and the
// proof-of-rotation lineage.

#include "apksigverify.h"

#include <QCoreApplication>
#include <QFile>
#include <QSet>
#include <memory>
#include <openssl/evp.h>
#include <package/android/binaryxml.h>

namespace Slipway::Android::Verify {

namespace {

constexpr qint64 kChunkBytes = 1024 * 1024;
constexpr quint32 kStrippingProtectionId = 0xbeeff00d;
constexpr quint32 kProofOfRotationId = 0x3ba06f8c;
constexpr int kMaxSigners = 64;
constexpr int kMaxLineage = 64;

struct Texts
{
    Q_DECLARE_TR_FUNCTIONS(Slipway::ApkVerify)
};

QString schemeName(int version)
{
    return version == 31 ? QStringLiteral("v3.1") : QStringLiteral("v%1").arg(version);
}

void appendU32(QByteArray& out, quint32 v)
{
    const char b[4] = {char(v & 0xff), char((v >> 8) & 0xff), char((v >> 16) & 0xff), char((v >> 24) & 0xff)};
    out.append(b, 4);
}

// The proof-of-rotation lineage: each node's certificate signed by the previous node's key with the
// algorithm the previous node names. Returns the certificates (DER) oldest first, or an error.
QList<QByteArray> verifyLineage(const QByteArray& value, QString* error)
{
    QList<QByteArray> certs;
    qint64 pos = 0;
    quint32 version = 0;
    if (!readU32(value, pos, version) || version != 1) {
        *error = Texts::tr("the rotation lineage has an unknown version");
        return {};
    }
    QByteArray previousKey;
    quint32 previousAlgorithm = 0;
    QSet<QByteArray> seen;
    while (pos < value.size()) {
        QByteArray node;
        QByteArray signedData;
        QByteArray signature;
        QByteArray cert;
        quint32 flags = 0;
        quint32 algorithm = 0;
        quint32 signedAlgorithm = 0;
        qint64 n = 0;
        qint64 s = 0;
        if (!lengthPrefixed(value, pos, node) || !lengthPrefixed(node, n, signedData) || !readU32(node, n, flags)
            || !readU32(node, n, algorithm) || !lengthPrefixed(node, n, signature)
            || !lengthPrefixed(signedData, s, cert) || !readU32(signedData, s, signedAlgorithm)) {
            *error = Texts::tr("the rotation lineage is truncated");
            return {};
        }
        if (!previousKey.isEmpty()) {
            if (signedAlgorithm != previousAlgorithm) {
                *error = Texts::tr("the rotation lineage names two different algorithms for one step");
                return {};
            }
            const QString why = verifySchemeSignature(previousAlgorithm, previousKey, signedData, signature);
            if (!why.isEmpty()) {
                *error = Texts::tr("a rotation step is not signed by the previous key: %1").arg(why);
                return {};
            }
        }
        if (seen.contains(cert) || certs.size() >= kMaxLineage) {
            *error = Texts::tr("the rotation lineage repeats a certificate");
            return {};
        }
        seen.insert(cert);
        previousKey = publicKeyOfCertificate(cert);
        if (previousKey.isEmpty()) {
            *error = Texts::tr("a rotation lineage certificate cannot be parsed");
            return {};
        }
        previousAlgorithm = algorithm;
        certs.append(cert);
    }
    if (certs.isEmpty())
        *error = Texts::tr("the rotation lineage is empty");
    return certs;
}

struct ParsedSigner
{
    QByteArray signedData;
    quint32 minSdk = 0;
    quint32 maxSdk = 0;
    QList<QPair<quint32, QByteArray>> signatures;
    QByteArray publicKey;
};

QString verifySigner(int version, const ParsedSigner& signer, ContentDigests& digests, SchemeVerification& out)
{
    QList<quint32> signatureAlgorithms;
    int verifiedSignatures = 0;
    for (const auto& [algorithm, signature] : signer.signatures) {
        signatureAlgorithms.append(algorithm);
        if (!isKnownSignatureAlgorithm(algorithm))
            continue;
        const QString why = verifySchemeSignature(algorithm, signer.publicKey, signer.signedData, signature);
        if (!why.isEmpty())
            return Texts::tr("a signer's signature over its signed data does not verify (%1)").arg(why);
        ++verifiedSignatures;
    }
    if (verifiedSignatures == 0)
        return Texts::tr("no signer signature uses an algorithm Slipway knows");

    QByteArray digestList;
    QByteArray certificates;
    qint64 pos = 0;
    if (!lengthPrefixed(signer.signedData, pos, digestList) || !lengthPrefixed(signer.signedData, pos, certificates))
        return Texts::tr("a signer's signed data is truncated");
    quint32 minSdk = 0;
    quint32 maxSdk = 0;
    if (version != 2) {
        if (!readU32(signer.signedData, pos, minSdk) || !readU32(signer.signedData, pos, maxSdk))
            return Texts::tr("a signer's signed data is truncated");
        if (minSdk != signer.minSdk || maxSdk != signer.maxSdk)
            return Texts::tr("a signer's SDK range differs between its record and its signed data");
        if (minSdk > maxSdk)
            return Texts::tr("a signer's SDK range is empty (%1 > %2)").arg(minSdk).arg(maxSdk);
    }
    QByteArray attributes;
    if (pos < signer.signedData.size() && !lengthPrefixed(signer.signedData, pos, attributes))
        return Texts::tr("a signer's additional attributes are truncated");

    QByteArray firstCert;
    qint64 c = 0;
    if (!lengthPrefixed(certificates, c, firstCert) || firstCert.isEmpty())
        return Texts::tr("a signer has no certificate");
    const QByteArray certKey = publicKeyOfCertificate(firstCert);
    if (certKey.isEmpty())
        return Texts::tr("a signer's certificate cannot be parsed");
    if (certKey != signer.publicKey)
        return Texts::tr("a signer's public key is not the one in its certificate");

    QList<quint32> digestAlgorithms;
    int checked = 0;
    qint64 d = 0;
    while (d < digestList.size()) {
        QByteArray item;
        QByteArray expected;
        quint32 algorithm = 0;
        qint64 i = 0;
        if (!lengthPrefixed(digestList, d, item) || !readU32(item, i, algorithm) || !lengthPrefixed(item, i, expected))
            return Texts::tr("a signer's digest list is truncated");
        digestAlgorithms.append(algorithm);
        const QByteArray name = contentDigestName(algorithm);
        if (name.isEmpty() || name == "verity")
            continue; // the verity tree covers the same bytes as the chunked digest next to it
        QString error;
        const QByteArray actual = digests.get(name, &error);
        if (actual.isEmpty())
            return error;
        if (actual != expected)
            return Texts::tr("the content digest does not match: the APK was changed after signing");
        ++checked;
    }
    if (digestAlgorithms != signatureAlgorithms)
        return Texts::tr("the signature algorithms differ between the digests and the signatures records");
    if (checked == 0)
        return Texts::tr("no content digest could be checked (only verity digests)");

    // Additional attributes: stripping protection (v2) and the rotation lineage (v3.x).
    QList<QByteArray> lineage;
    qint64 a = 0;
    while (a < attributes.size()) {
        QByteArray attribute;
        quint32 id = 0;
        qint64 i = 0;
        if (!lengthPrefixed(attributes, a, attribute) || !readU32(attribute, i, id))
            return Texts::tr("a signer's additional attributes are truncated");
        const QByteArray value = attribute.mid(i);
        if (version == 2 && id == kStrippingProtectionId && value.size() >= 4) {
            qint64 v = 0;
            quint32 scheme = 0;
            readU32(value, v, scheme);
            out.strippingProtection.append(scheme);
        } else if (version != 2 && id == kProofOfRotationId) {
            QString error;
            lineage = verifyLineage(value, &error);
            if (!error.isEmpty())
                return error;
            if (lineage.last() != firstCert)
                return Texts::tr("the rotation lineage does not end with the signer's certificate");
        }
    }

    SignatureCheck::Signer s;
    s.certSha256 = sha256Hex(firstCert);
    if (version != 2) {
        s.minSdk = int(minSdk);
        s.maxSdk = int(qMin<quint32>(maxSdk, quint32(kAnySdk)));
    }
    for (const QByteArray& cert : lineage)
        s.lineage.append(sha256Hex(cert));
    out.check.signers.append(s);
    out.signerCertificates.append(firstCert);
    out.oldestCertificates.append(lineage.isEmpty() ? firstCert : lineage.first());
    return QString();
}

} // namespace

ContentDigests::ContentDigests(const QString& path, const SigningBlockLayout& layout)
    : m_path(path)
    , m_layout(layout)
{ }

QByteArray ContentDigests::get(const QByteArray& algorithm, QString* error)
{
    if (m_cache.contains(algorithm))
        return m_cache.value(algorithm);
    const EVP_MD* md = EVP_get_digestbyname(algorithm.constData());
    QFile file(m_path);
    if (!md || !file.open(QIODevice::ReadOnly)) {
        *error = Texts::tr("the APK cannot be read again to check its content digest: %1").arg(file.errorString());
        return {};
    }
    const SigningBlockLayout& l = m_layout;
    QByteArray eocd;
    if (file.seek(l.eocdOffset))
        eocd = file.read(l.fileSize - l.eocdOffset);
    if (eocd.size() < 22 || eocd.size() != l.fileSize - l.eocdOffset) {
        *error = Texts::tr("the end of central directory record cannot be read");
        return {};
    }
    // The end record is digested as if the central directory started where the signing block does.
    QByteArray offset;
    appendU32(offset, quint32(l.blockOffset));
    eocd.replace(16, 4, offset);

    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> chunk(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    QByteArray chunkDigests;
    quint32 chunks = 0;
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int outLen = 0;
    auto digestChunk = [&](const QByteArray& data) {
        QByteArray prefix(1, char(0xa5));
        appendU32(prefix, quint32(data.size()));
        EVP_DigestInit_ex(chunk.get(), md, nullptr);
        EVP_DigestUpdate(chunk.get(), prefix.constData(), size_t(prefix.size()));
        EVP_DigestUpdate(chunk.get(), data.constData(), size_t(data.size()));
        EVP_DigestFinal_ex(chunk.get(), out, &outLen);
        chunkDigests.append(reinterpret_cast<const char*>(out), int(outLen));
        ++chunks;
    };
    for (const auto& [start, length] : {QPair<qint64, qint64>(0, l.blockOffset), {l.cdOffset, l.cdSize}}) {
        if (!file.seek(start)) {
            *error = Texts::tr("the APK cannot be read: %1").arg(file.errorString());
            return {};
        }
        for (qint64 done = 0; done < length;) {
            const QByteArray data = file.read(qMin(kChunkBytes, length - done));
            if (data.isEmpty()) {
                *error = Texts::tr("the APK ends early while its content digest is checked");
                return {};
            }
            digestChunk(data);
            done += data.size();
        }
    }
    for (qint64 done = 0; done < eocd.size(); done += kChunkBytes)
        digestChunk(eocd.mid(done, kChunkBytes));

    QByteArray prefix(1, char(0x5a));
    appendU32(prefix, chunks);
    EVP_DigestInit_ex(chunk.get(), md, nullptr);
    EVP_DigestUpdate(chunk.get(), prefix.constData(), size_t(prefix.size()));
    EVP_DigestUpdate(chunk.get(), chunkDigests.constData(), size_t(chunkDigests.size()));
    EVP_DigestFinal_ex(chunk.get(), out, &outLen);
    const QByteArray result(reinterpret_cast<const char*>(out), int(outLen));
    m_cache.insert(algorithm, result);
    return result;
}

SchemeVerification verifyScheme(int version, const QByteArray& value, ContentDigests& digests)
{
    SchemeVerification r;
    r.check.scheme = schemeName(version);
    auto fail = [&](const QString& reason) {
        r.check.verified = false;
        r.check.reason = reason;
        return r;
    };
    QByteArray signers;
    qint64 pos = 0;
    if (!lengthPrefixed(value, pos, signers))
        return fail(Texts::tr("the signer list is truncated"));
    qint64 sp = 0;
    int count = 0;
    while (sp < signers.size()) {
        if (++count > kMaxSigners)
            return fail(Texts::tr("too many signers"));
        QByteArray record;
        ParsedSigner signer;
        QByteArray signatures;
        qint64 p = 0;
        if (!lengthPrefixed(signers, sp, record) || !lengthPrefixed(record, p, signer.signedData))
            return fail(Texts::tr("a signer record is truncated"));
        if (version != 2 && (!readU32(record, p, signer.minSdk) || !readU32(record, p, signer.maxSdk)))
            return fail(Texts::tr("a signer record is truncated"));
        if (!lengthPrefixed(record, p, signatures) || !lengthPrefixed(record, p, signer.publicKey))
            return fail(Texts::tr("a signer record is truncated"));
        qint64 s = 0;
        while (s < signatures.size()) {
            QByteArray item;
            QByteArray signature;
            quint32 algorithm = 0;
            qint64 i = 0;
            if (!lengthPrefixed(signatures, s, item) || !readU32(item, i, algorithm)
                || !lengthPrefixed(item, i, signature))
                return fail(Texts::tr("a signer's signature list is truncated"));
            signer.signatures.append({algorithm, signature});
        }
        if (signer.signatures.isEmpty())
            return fail(Texts::tr("a signer has no signature"));
        const QString why = verifySigner(version, signer, digests, r);
        if (!why.isEmpty())
            return fail(why);
    }
    if (count == 0)
        return fail(Texts::tr("the %1 block has no signer").arg(r.check.scheme));
    r.check.verified = true;
    return r;
}

} // namespace Slipway::Android::Verify
