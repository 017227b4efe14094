#include "provisioning.h"

#include "plistreader.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QTimeZone>
#include <climits>
#include <memory>
#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509.h>

namespace Slipway::Provisioning {

namespace {

struct Texts
{
    Q_DECLARE_TR_FUNCTIONS(Slipway::Provisioning)
};

template<typename T, void (*F)(T*)> struct Deleter
{
    void operator()(T* p) const { F(p); }
};
using BioPtr = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;
using CmsPtr = std::unique_ptr<CMS_ContentInfo, Deleter<CMS_ContentInfo, CMS_ContentInfo_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509, X509_free>>;

QString opensslError()
{
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (!code)
        return {};
    char buf[256];
    ERR_error_string_n(code, buf, sizeof buf);
    return QString::fromLatin1(buf);
}

QString nameToString(const X509_NAME* name)
{
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || !name)
        return {};
    const unsigned long flags = (XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB & ~XN_FLAG_SEP_MASK) | XN_FLAG_SEP_CPLUS_SPC;
    if (X509_NAME_print_ex(bio.get(), name, 0, flags) < 0)
        return {};
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio.get(), &data);
    return len > 0 ? QString::fromUtf8(data, int(len)) : QString();
}

QDateTime toDateTime(const ASN1_TIME* t)
{
    struct tm tm = {};
    if (!t || ASN1_TIME_to_tm(t, &tm) != 1)
        return {};
    return QDateTime(
        QDate(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday), QTime(tm.tm_hour, tm.tm_min, tm.tm_sec), QTimeZone::utc());
}

QString keyAlgorithm(X509* cert)
{
    EVP_PKEY* key = X509_get0_pubkey(cert);
    if (!key)
        return {};
    const int bits = EVP_PKEY_get_bits(key);
    switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_RSA:
        return QStringLiteral("RSA %1").arg(bits);
    case EVP_PKEY_EC: {
        char group[64] = {};
        size_t len = 0;
        if (EVP_PKEY_get_utf8_string_param(key, "group", group, sizeof group, &len) == 1)
            return QStringLiteral("EC %1").arg(QString::fromLatin1(group, int(len)));
        return QStringLiteral("EC %1").arg(bits);
    }
    case EVP_PKEY_DSA:
        return QStringLiteral("DSA %1").arg(bits);
    case EVP_PKEY_ED25519:
        return QStringLiteral("Ed25519");
    default:
        return QStringLiteral("%1 %2").arg(QString::fromLatin1(OBJ_nid2sn(EVP_PKEY_get_base_id(key)))).arg(bits);
    }
}

QString str(const QVariantMap& m, const char* key)
{
    const QVariant v = m.value(QLatin1String(key));
    switch (v.typeId()) {
    case QMetaType::QString:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Double:
        return v.toString();
    default:
        return {};
    }
}

bool boolean(const QVariantMap& m, const char* key)
{
    const QVariant v = m.value(QLatin1String(key));
    return v.typeId() == QMetaType::Bool && v.toBool();
}

QDateTime date(const QVariantMap& m, const char* key)
{
    const QVariant v = m.value(QLatin1String(key));
    return v.typeId() == QMetaType::QDateTime ? v.toDateTime() : QDateTime();
}

QStringList stringList(const QVariant& v)
{
    QStringList out;
    if (v.typeId() == QMetaType::QString)
        out.append(v.toString());
    for (const QVariant& item : v.toList()) {
        if (item.typeId() == QMetaType::QString)
            out.append(item.toString());
    }
    return out;
}

bool looksLikePlist(const QByteArray& data)
{
    return data.startsWith("bplist00") || data.startsWith("<?xml") || data.startsWith("<plist");
}

} // namespace

Result<QByteArray> unwrapCms(const QByteArray& der)
{
    if (der.isEmpty())
        return Error(Error::Kind::InvalidPackage, Texts::tr("The provisioning profile is empty."));
    if (der.size() > kMaxProfileBytes)
        return Error(Error::Kind::InvalidPackage, Texts::tr("The provisioning profile is implausibly large."));
    ERR_clear_error();
    BioPtr bio(BIO_new_mem_buf(der.constData(), int(der.size())));
    if (!bio)
        return Error(Error::Kind::Internal, Texts::tr("Out of memory while reading the provisioning profile."));
    CmsPtr cms(d2i_CMS_bio(bio.get(), nullptr));
    if (!cms)
        return Error(Error::Kind::InvalidPackage,
            Texts::tr("The provisioning profile is not a valid CMS (PKCS#7) signed message."), opensslError());
    if (OBJ_obj2nid(CMS_get0_type(cms.get())) != NID_pkcs7_signed)
        return Error(
            Error::Kind::InvalidPackage, Texts::tr("The provisioning profile is not a CMS signed-data message."));
    ASN1_OCTET_STRING** content = CMS_get0_content(cms.get());
    if (!content || !*content || ASN1_STRING_length(*content) <= 0)
        return Error(
            Error::Kind::InvalidPackage, Texts::tr("The provisioning profile's CMS message carries no content."));
    return QByteArray(reinterpret_cast<const char*>(ASN1_STRING_get0_data(*content)), ASN1_STRING_length(*content));
}

Result<ProvisioningInfo> parse(const QByteArray& data)
{
    QByteArray plistBytes;
    if (looksLikePlist(data)) {
        plistBytes = data; // an already unwrapped profile
    } else {
        auto unwrapped = unwrapCms(data);
        if (!unwrapped)
            return unwrapped.error();
        plistBytes = std::move(unwrapped).value();
    }
    auto doc = Plist::parse(plistBytes, Texts::tr("The provisioning profile's property list"));
    if (!doc)
        return doc.error();
    if (doc->root.typeId() != QMetaType::QVariantMap)
        return Error(
            Error::Kind::InvalidPackage, Texts::tr("The provisioning profile's property list is not a dictionary."));
    return fromPlist(doc->root.toMap());
}

Result<ProvisioningInfo> fromPlist(const QVariantMap& plist)
{
    ProvisioningInfo p;
    p.name = str(plist, "Name");
    p.uuid = str(plist, "UUID");
    if (p.name.isEmpty() && p.uuid.isEmpty() && !plist.contains(QStringLiteral("Entitlements")))
        return Error(Error::Kind::InvalidPackage,
            Texts::tr("The property list is not a provisioning profile (no Name, UUID or Entitlements)."));
    p.appIdName = str(plist, "AppIDName");
    p.teamName = str(plist, "TeamName");
    const QStringList teams = stringList(plist.value(QStringLiteral("TeamIdentifier")));
    p.teamId = teams.value(0);
    const QStringList platforms = stringList(plist.value(QStringLiteral("Platform")));
    p.platform = platforms.join(QLatin1Char(','));
    p.creationDate = date(plist, "CreationDate");
    p.expirationDate = date(plist, "ExpirationDate");
    p.devices = int(qMin<qsizetype>(plist.value(QStringLiteral("ProvisionedDevices")).toList().size(), INT_MAX));
    p.provisionsAllDevices = boolean(plist, "ProvisionsAllDevices");
    p.entitlements = plist.value(QStringLiteral("Entitlements")).toMap();
    const QVariantMap& ent = p.entitlements;
    p.applicationIdentifier = str(ent, "application-identifier");
    if (p.applicationIdentifier.isEmpty())
        p.applicationIdentifier = str(ent, "com.apple.application-identifier");
    if (p.teamId.isEmpty())
        p.teamId = str(ent, "com.apple.developer.team-identifier");
    p.getTaskAllow = boolean(ent, "get-task-allow") || boolean(ent, "com.apple.security.get-task-allow");
    p.apsEnvironment = str(ent, "aps-environment");
    if (p.apsEnvironment.isEmpty())
        p.apsEnvironment = str(ent, "com.apple.developer.aps-environment");
    const bool macos = platforms.contains(QStringLiteral("OSX")) || platforms.contains(QStringLiteral("macOS"));
    p.type = distributionType(p.provisionsAllDevices, p.devices, p.getTaskAllow, macos);
    constexpr int kMaxCertificates = 500; // real profiles list a few dozen at most
    for (const QVariant& c : plist.value(QStringLiteral("DeveloperCertificates")).toList()) {
        if (p.developerCertificates.size() >= kMaxCertificates)
            break;
        if (c.typeId() != QMetaType::QByteArray)
            continue;
        auto cert = certificateFromDer(c.toByteArray(), QStringLiteral("profile"));
        if (cert)
            p.developerCertificates.append(cert.value());
    }
    return p;
}

QString distributionType(bool provisionsAllDevices, int deviceCount, bool getTaskAllow, bool macos)
{
    if (provisionsAllDevices)
        return macos ? QStringLiteral("developer-id") : QStringLiteral("enterprise");
    if (deviceCount > 0)
        return getTaskAllow ? QStringLiteral("development") : QStringLiteral("ad-hoc");
    return QStringLiteral("app-store");
}

Result<CertificateInfo> certificateFromDer(const QByteArray& der, const QString& source)
{
    const auto* p = reinterpret_cast<const unsigned char*>(der.constData());
    X509Ptr cert(d2i_X509(nullptr, &p, long(der.size())));
    if (!cert) {
        ERR_clear_error();
        return Error(Error::Kind::InvalidPackage, Texts::tr("A certificate could not be decoded."));
    }
    CertificateInfo info;
    info.sha256 = QString::fromLatin1(QCryptographicHash::hash(der, QCryptographicHash::Sha256).toHex());
    info.sha1 = QString::fromLatin1(QCryptographicHash::hash(der, QCryptographicHash::Sha1).toHex());
    info.subject = nameToString(X509_get_subject_name(cert.get()));
    info.issuer = nameToString(X509_get_issuer_name(cert.get()));
    info.notBefore = toDateTime(X509_get0_notBefore(cert.get()));
    info.notAfter = toDateTime(X509_get0_notAfter(cert.get()));
    info.keyAlgorithm = keyAlgorithm(cert.get());
    info.source = source;
    return info;
}

bool applicationIdentifierMatches(const QString& applicationIdentifier, const QString& bundleId)
{
    if (applicationIdentifier.isEmpty() || bundleId.isEmpty())
        return true; // nothing to compare
    const qsizetype dot = applicationIdentifier.indexOf(QLatin1Char('.'));
    const QString pattern = dot >= 0 ? applicationIdentifier.mid(dot + 1) : applicationIdentifier;
    if (pattern == QLatin1String("*"))
        return true;
    if (pattern.endsWith(QLatin1Char('*')))
        return bundleId.startsWith(pattern.chopped(1));
    return pattern == bundleId;
}

} // namespace Slipway::Provisioning
