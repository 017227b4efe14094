#pragma once

// Cryptographic verification of APK and AAB signatures with OpenSSL, following the rules `apksigner verify`
// applies (Android's APK Signature Scheme v2/v3/v3.1 documents and the JAR specification):
//   apksigverify_v1.cpp    v1 / JAR: MANIFEST.MF digests of every entry, the .SF digests of the manifest,
//                          the PKCS#7 signature over each .SF
//   apksigverify_v2v3.cpp  v2, v3, v3.1: chunked content digests, each signer's signature over its signed
//                          data, the v3 rotation lineage and the SDK ranges of v3.x signers
//   apksigverify.cpp       shared primitives and the verdict: which schemes a device of each SDK level needs,
//                          stripping protection, signers agreeing between schemes

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QStringList>
#include <package/packageinfo.h>

struct x509_st; // OpenSSL's X509

namespace Slipway {
class ZipArchive;
}

namespace Slipway::Android::Verify {

constexpr int kAnySdk = 0x7fffffff; // Integer.MAX_VALUE: "every later platform"
constexpr int kSdkN = 24; // the first platform that verifies v2
constexpr int kSdkP = 28; // the first platform that verifies v3
constexpr int kSdkT = 33; // the first platform that verifies v3.1

// ---- primitives (apksigverify.cpp)

// A u32-length-prefixed slice of `data` at `pos` (advanced); false when it does not fit.
bool lengthPrefixed(const QByteArray& data, qint64& pos, QByteArray& out);
bool readU32(const QByteArray& data, qint64& pos, quint32& out);
// Digest by OpenSSL name ("SHA256", "SHA1", "MD5", ...); empty on failure.
QByteArray digest(const char* algorithm, const QByteArray& data);
QString sha256Hex(const QByteArray& data);
// Verifies `signature` over `data` with a DER SubjectPublicKeyInfo, for an APK Signature Scheme algorithm
// ID (0x0101 RSASSA-PSS/SHA-256 ... 0x0425 verity DSA). Returns an empty string when it verifies, or why not.
QString verifySchemeSignature(
    quint32 algorithm, const QByteArray& publicKeyDer, const QByteArray& data, const QByteArray& signature);
bool isKnownSignatureAlgorithm(quint32 algorithm);
// The content digest an algorithm signs: "SHA256" or "SHA512" (chunked), "verity" (Merkle tree, SHA-256).
QByteArray contentDigestName(quint32 algorithm);
// The DER encoding of an OpenSSL certificate; empty on failure.
QByteArray certificateDer(x509_st* cert);
// The DER SubjectPublicKeyInfo of a DER certificate; empty when it cannot be parsed.
QByteArray publicKeyOfCertificate(const QByteArray& certDer);

// ---- v1 / JAR (apksigverify_v1.cpp)

struct JarVerification
{
    bool present = false; // a META-INF/*.SF with its signature block exists
    SignatureCheck check;
    QList<QByteArray> signerCertificates; // DER, one per verified signer
    QList<int> announcedSchemes; // X-Android-APK-Signed: 2, 3 (stripping protection)
};
JarVerification verifyJar(const ZipArchive& zip, const QString& scheme);

// ---- v2, v3, v3.1 (apksigverify_v2v3.cpp)

struct SigningBlockLayout
{
    qint64 blockOffset = -1; // where the APK Signing Block starts (the end of the entries' data)
    qint64 cdOffset = -1;
    qint64 cdSize = -1;
    qint64 eocdOffset = -1;
    qint64 fileSize = -1;
};

struct SchemeVerification
{
    SignatureCheck check;
    QList<QByteArray> signerCertificates; // DER, one per signer, in block order
    QList<QByteArray> oldestCertificates; // v3: per signer, the first certificate of its lineage (or its own)
    QList<quint32> strippingProtection; // v2: scheme IDs the signer says were also applied (0xbeeff00d)
};

// Computes the chunked content digests the signatures name, once per algorithm, over the file at `path`.
class ContentDigests
{
public:
    ContentDigests(const QString& path, const SigningBlockLayout& layout);
    // The digest for "SHA256"/"SHA512"; empty with `error` set when the file cannot be read.
    QByteArray get(const QByteArray& algorithm, QString* error);

private:
    QString m_path;
    SigningBlockLayout m_layout;
    QHash<QByteArray, QByteArray> m_cache;
};

// `version` is 2, 3 or 31 (v3.1); `value` the scheme's pair value from the APK Signing Block.
SchemeVerification verifyScheme(int version, const QByteArray& value, ContentDigests& digests);

// ---- the verdict (apksigverify.cpp)

// Verifies every scheme present and fills info.signing.verified, verifyReason and checks like `apksigner
// verify` with the manifest's minSdkVersion; a failure adds the error warning "signature-does-not-verify".
struct ApkSigningBlock
{
    bool found = false; // the magic is right before the central directory
    qint64 offset = -1; // where it starts
    QString error; // structural error, when found but malformed
    QHash<quint32, QByteArray> pairs; // ID -> value
};
void verifyApk(const ZipArchive& zip, const ApkSigningBlock& block, PackageInfo& info);
// AAB: the JAR signature, verified like v1.
void verifyBundle(const ZipArchive& zip, PackageInfo& info);

} // namespace Slipway::Android::Verify
