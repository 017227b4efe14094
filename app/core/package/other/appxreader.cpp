// APPX / MSIX packages and APPX/MSIX bundles: AppxManifest.xml or AppxMetadata/AppxBundleManifest.xml
// (identity, display name, publisher) and the AppxSignature.p7x certificates.

#include <QCoreApplication>
#include <QXmlStreamReader>
#include <memory>
#include <openssl/err.h>
#include <openssl/pkcs7.h>
#include <openssl/x509.h>
#include <package/apple/provisioning.h>
#include <package/readers.h>
#include <package/ziparchive.h>

namespace Slipway {

namespace {

struct Texts
{
    Q_DECLARE_TR_FUNCTIONS(Slipway::AppxReader)
};

constexpr qint64 kMaxManifestBytes = 16 * 1024 * 1024;
constexpr qint64 kMaxSignatureBytes = 4 * 1024 * 1024;

QString attr(const QXmlStreamReader& xml, const char* name)
{
    return xml.attributes().value(QLatin1String(name)).toString();
}

// Reads the identity and properties of an AppxManifest.xml or AppxBundleManifest.xml. Element names are
// matched without their namespace prefix (uap:, m:, b: vary between schema versions).
Status readManifest(const QByteArray& data, const QString& what, bool bundle, PackageInfo& info)
{
    QXmlStreamReader xml(data);
    QStringList path;
    bool sawIdentity = false;
    QStringList packages;
    while (!xml.atEnd()) {
        const auto token = xml.readNext();
        if (token == QXmlStreamReader::StartElement) {
            const QString name = xml.name().toString();
            path.append(name);
            if (path.size() > 64)
                return Error(Error::Kind::InvalidPackage, Texts::tr("%1 is nested implausibly deep.").arg(what));
            const QString parent = path.size() >= 2 ? path.at(path.size() - 2) : QString();
            if (name == QLatin1String("Identity")
                && (parent == QLatin1String("Package") || parent == QLatin1String("Bundle")) && !sawIdentity) {
                sawIdentity = true;
                info.packageId = attr(xml, "Name");
                info.versionName = attr(xml, "Version");
                info.publisher = attr(xml, "Publisher");
                info.processorArchitecture = attr(xml, "ProcessorArchitecture");
            } else if (parent == QLatin1String("Properties") && path.size() == 3) {
                if (name == QLatin1String("DisplayName")) {
                    info.displayName = xml.readElementText(QXmlStreamReader::SkipChildElements).trimmed();
                    path.removeLast();
                } else if (name == QLatin1String("Logo")) {
                    info.iconPath = xml.readElementText(QXmlStreamReader::SkipChildElements).trimmed();
                    path.removeLast();
                }
            } else if (bundle && name == QLatin1String("Package") && parent == QLatin1String("Packages")) {
                const QString arch = attr(xml, "Architecture");
                if (attr(xml, "Type") == QLatin1String("application") && !arch.isEmpty() && !info.abis.contains(arch))
                    info.abis.append(arch);
                packages.append(attr(xml, "FileName"));
            }
        } else if (token == QXmlStreamReader::EndElement) {
            if (!path.isEmpty())
                path.removeLast();
        }
    }
    if (xml.hasError())
        return Error(Error::Kind::InvalidPackage,
            Texts::tr("%1 is not well-formed XML: %2").arg(what, xml.errorString()),
            QStringLiteral("line %1").arg(xml.lineNumber()));
    if (!sawIdentity || info.packageId.isEmpty())
        return Error(Error::Kind::InvalidPackage, Texts::tr("%1 has no <Identity Name=…> element.").arg(what));
    if (bundle)
        info.modules = packages;
    return Ok {};
}

// AppxSignature.p7x: the 4 bytes "PKCX" and a DER PKCS#7 SignedData with the signer's certificates.
void readSignature(const ZipArchive& zip, PackageInfo& info)
{
    const ZipArchive::Entry* e = zip.find(QStringLiteral("AppxSignature.p7x"));
    if (!e)
        return;
    info.signing.schemes.append(QStringLiteral("appx"));
    auto bytes = zip.read(*e, kMaxSignatureBytes);
    if (!bytes || !bytes->startsWith("PKCX")) {
        info.signing.problems.append(Texts::tr("AppxSignature.p7x is unreadable or lacks its PKCX header."));
        return;
    }
    const QByteArray der = bytes->mid(4);
    const auto* p = reinterpret_cast<const unsigned char*>(der.constData());
    std::unique_ptr<PKCS7, decltype(&PKCS7_free)> pkcs7(d2i_PKCS7(nullptr, &p, long(der.size())), &PKCS7_free);
    if (!pkcs7 || !PKCS7_type_is_signed(pkcs7.get()) || !pkcs7->d.sign) {
        ERR_clear_error();
        info.signing.problems.append(Texts::tr("AppxSignature.p7x is not a PKCS#7 signed message."));
        return;
    }
    STACK_OF(X509)* certs = pkcs7->d.sign->cert;
    for (int i = 0; certs && i < sk_X509_num(certs); ++i) {
        X509* cert = sk_X509_value(certs, i);
        unsigned char* out = nullptr;
        const int len = i2d_X509(cert, &out);
        if (len <= 0)
            continue;
        auto info509 = Provisioning::certificateFromDer(
            QByteArray(reinterpret_cast<const char*>(out), len), QStringLiteral("appx"));
        OPENSSL_free(out);
        if (info509)
            info.signing.certificates.append(info509.value());
    }
    // The signer (its subject matches the manifest's Publisher) first.
    for (qsizetype i = 0; i < info.signing.certificates.size(); ++i) {
        if (info.signing.certificates.at(i).subject == info.publisher) {
            info.signing.certificates.move(i, 0);
            break;
        }
    }
}

} // namespace

namespace Readers {

Status readAppx(const ZipArchive& zip, PackageInfo& info)
{
    info.platform = QStringLiteral("windows");
    const bool bundle = info.kind == PackageKind::AppxBundle;
    const QString manifest
        = bundle ? QStringLiteral("AppxMetadata/AppxBundleManifest.xml") : QStringLiteral("AppxManifest.xml");
    auto bytes = zip.read(manifest, kMaxManifestBytes);
    if (!bytes)
        return Error(Error::Kind::InvalidPackage,
            Texts::tr("%1 cannot be read: %2").arg(manifest, bytes.error().message), bytes.error().details);
    const Status st = readManifest(bytes.value(), manifest, bundle, info);
    if (!st)
        return st;
    info.label = info.displayName;
    readSignature(zip, info);
    if (!info.signing.isSigned()) {
        info.addWarning(QStringLiteral("unsigned"),
            Texts::tr("The package has no AppxSignature.p7x: Windows installs it only in developer mode, and "
                      "stores sign it themselves."),
            PackageWarning::Severity::Warning);
    } else if (!info.signing.problems.isEmpty()) {
        info.addWarning(
            QStringLiteral("signature-unreadable"), info.signing.problems.first(), PackageWarning::Severity::Error);
    }
    return Ok {};
}

} // namespace Readers

} // namespace Slipway
