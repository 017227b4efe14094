#pragma once

// APK and AAB signatures, read structurally here and verified in apksigverify.h: v1 JAR signing (META-INF/*.SF with a
// PKCS#7 .RSA/.DSA/.EC block), and the APK Signing Block before the central directory (v2, v3, v3.1). Certificates are
// decoded with OpenSSL.

#include <QByteArray>
#include <QList>
#include <package/packageinfo.h>

namespace Slipway {
class ZipArchive;
}

namespace Slipway::Android {

// Fills info.signing for an APK: schemes present ("v1", "v2", "v3", "v3.1"), the certificates of the
// scheme a current device uses first (v3 > v2 > v1, one per signer, as apksigner prints them), then any
// other distinct certificates with their source; structural problems go to signing.problems. With `verify`, the
// signatures are verified too (apksigverify.h).
void readApkSigning(const ZipArchive& zip, PackageInfo& info, bool verify);
// AABs: JAR signing only; the scheme is reported as "jar".
void readJarSigning(const ZipArchive& zip, PackageInfo& info, const QString& schemeName, bool verify);

// Certificate facts from DER; nullopt when OpenSSL cannot parse it.
std::optional<CertificateInfo> certificateFromDer(const QByteArray& der, const QString& source);
// The signer certificates of a DER PKCS#7 SignedData (the certificate each SignerInfo names by issuer and
// serial, not simply the first of the bag).
QList<CertificateInfo> certificatesFromPkcs7(const QByteArray& der, const QString& source, QString* error = nullptr);

struct SigningBlockPair
{
    quint32 id = 0;
    QByteArray value;
};
// Parses an APK Signing Block (the bytes from its leading size field through the magic). Errors are
// returned as text in `error`.
QList<SigningBlockPair> parseSigningBlock(const QByteArray& block, QString* error);
// Signer certificates (first certificate of each signer's signed data) from a v2/v3/v3.1 value.
QList<QByteArray> signerCertificatesFromSchemeValue(const QByteArray& value, QString* error);

} // namespace Slipway::Android
