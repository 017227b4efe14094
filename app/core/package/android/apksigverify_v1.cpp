// v1 (JAR) signature verification: META-INF/MANIFEST.MF names a digest of every entry, each signer's .SF
// names digests of the manifest (whole, main section, or per section), and the signer's PKCS#7 block signs the
// .SF. The rules are the JAR specification's as apksigner applies them (which entries need a digest, every
// entry signed by every signer, manifest sections without an entry are errors).

#include "apksigverify.h"

#include <QCoreApplication>
#include <QMap>
#include <QSet>
#include <memory>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pkcs7.h>
#include <openssl/x509.h>
#include <package/ziparchive.h>

namespace Slipway::Android::Verify {

namespace {

constexpr qint64 kMaxManifestBytes = 64 * 1024 * 1024;
constexpr qint64 kMaxSignatureFileBytes = 16 * 1024 * 1024;

struct Texts
{
    Q_DECLARE_TR_FUNCTIONS(Slipway::ApkVerify)
};

// One manifest or .SF section: its attributes (names lower-cased) and the raw bytes it spans, blank line
// included (what the .SF digests).
struct Section
{
    QHash<QByteArray, QByteArray> attributes;
    qint64 start = 0;
    qint64 length = 0;
};

struct Manifest
{
    Section main;
    QList<Section> sections;
    QString error;
};

// Splits at line ends (CRLF, LF or CR); continuation lines start with one space.
Manifest parseManifest(const QByteArray& data)
{
    Manifest m;
    const qint64 size = data.size();
    qint64 pos = 0;
    bool inMain = true;
    Section current;
    current.start = 0;
    QByteArray pendingName;
    QByteArray pendingValue;
    auto flushAttribute = [&]() {
        if (!pendingName.isEmpty())
            current.attributes.insert(pendingName.toLower(), pendingValue);
        pendingName.clear();
        pendingValue.clear();
    };
    auto flushSection = [&](qint64 end) {
        flushAttribute();
        current.length = end - current.start;
        if (inMain) {
            m.main = current;
            inMain = false;
        } else if (!current.attributes.isEmpty()) {
            m.sections.append(current);
        }
        current = Section();
        current.start = end;
    };
    while (pos < size) {
        qint64 eol = pos;
        while (eol < size && data[eol] != '\n' && data[eol] != '\r')
            ++eol;
        const QByteArray line = data.mid(pos, eol - pos);
        qint64 next = eol;
        if (eol + 1 < size && data[eol] == '\r' && data[eol + 1] == '\n')
            next = eol + 2;
        else if (eol < size)
            next = eol + 1;
        if (line.isEmpty()) {
            flushSection(next);
        } else if (line.startsWith(' ')) {
            if (pendingName.isEmpty()) {
                m.error = Texts::tr("a continuation line has no attribute to continue");
                return m;
            }
            pendingValue += line.mid(1);
        } else {
            flushAttribute();
            const qsizetype colon = line.indexOf(": ");
            if (colon <= 0) {
                m.error = Texts::tr("a line is not \"Name: value\"");
                return m;
            }
            pendingName = line.left(colon);
            pendingValue = line.mid(colon + 2);
        }
        pos = next;
    }
    if (pos > current.start || !pendingName.isEmpty() || inMain)
        flushSection(size);
    return m;
}

// An entry name as a manifest section names it. libzip turns a NUL inside an entry name into a space, so a
// name with a NUL (which apksigner compares byte for byte on both sides) is changed the same way here.
QString sectionName(const Section& s)
{
    QByteArray name = s.attributes.value("name");
    name.replace('\0', ' ');
    return QString::fromUtf8(name);
}

// JAR digest attribute prefixes and their OpenSSL names.
const char* jarDigestAlgorithm(const QByteArray& prefixLower)
{
    if (prefixLower == "sha-512")
        return "SHA512";
    if (prefixLower == "sha-384")
        return "SHA384";
    if (prefixLower == "sha-256")
        return "SHA256";
    if (prefixLower == "sha1" || prefixLower == "sha-1")
        return "SHA1";
    if (prefixLower == "md5")
        return "MD5";
    return nullptr;
}

// The "<ALG><suffix>" attributes of a section with a known algorithm: OpenSSL name -> base64 digest.
QMap<QByteArray, QByteArray> digestAttributes(const Section& s, const QByteArray& suffixLower)
{
    QMap<QByteArray, QByteArray> out;
    for (auto it = s.attributes.cbegin(); it != s.attributes.cend(); ++it) {
        if (!it.key().endsWith(suffixLower))
            continue;
        if (const char* alg = jarDigestAlgorithm(it.key().chopped(suffixLower.size())))
            out.insert(alg, it.value().trimmed());
    }
    return out;
}

// Whether every digest named matches `data` (and at least one was named).
bool digestsMatch(const QMap<QByteArray, QByteArray>& named, const QByteArray& data)
{
    if (named.isEmpty())
        return false;
    for (auto it = named.cbegin(); it != named.cend(); ++it) {
        if (digest(it.key().constData(), data).toBase64() != it.value())
            return false;
    }
    return true;
}

// Entries whose digest the manifest must list (JAR rules as apksigner applies them).
bool needsDigest(const QString& name)
{
    if (name.endsWith(QLatin1Char('/')))
        return false;
    if (!name.startsWith(QLatin1String("META-INF/")) || name.indexOf(QLatin1Char('/'), 9) >= 0)
        return true;
    const QString file = name.mid(9).toLower();
    return file != QLatin1String("manifest.mf") && !file.endsWith(QLatin1String(".sf"))
        && !file.endsWith(QLatin1String(".rsa")) && !file.endsWith(QLatin1String(".dsa"))
        && !file.endsWith(QLatin1String(".ec")) && !file.startsWith(QLatin1String("sig-"));
}

struct Pkcs7Deleter
{
    void operator()(PKCS7* p) const { PKCS7_free(p); }
};
struct BioDeleter
{
    void operator()(BIO* b) const { BIO_free(b); }
};

// Verifies the PKCS#7 SignedData `block` over the detached `content`; returns the signer certificates (DER)
// or an empty list with `error` set.
QList<QByteArray> verifyPkcs7(const QByteArray& block, const QByteArray& content, QString* error)
{
    const auto* p = reinterpret_cast<const unsigned char*>(block.constData());
    std::unique_ptr<PKCS7, Pkcs7Deleter> p7(d2i_PKCS7(nullptr, &p, block.size()));
    if (!p7 || !PKCS7_type_is_signed(p7.get())) {
        *error = Texts::tr("the PKCS#7 signature block cannot be parsed");
        return {};
    }
    std::unique_ptr<BIO, BioDeleter> in(BIO_new_mem_buf(content.constData(), int(content.size())));
    // NOVERIFY: Android trusts any certificate (no chain); BINARY: the .SF bytes as they are.
    const int flags = PKCS7_NOVERIFY | PKCS7_BINARY | PKCS7_NOCHAIN;
    if (PKCS7_verify(p7.get(), nullptr, nullptr, in.get(), nullptr, flags) != 1) {
        *error = Texts::tr("the PKCS#7 signature over the .SF file does not verify");
        return {};
    }
    QList<QByteArray> out;
    STACK_OF(X509)* signers = PKCS7_get0_signers(p7.get(), nullptr, 0);
    for (int i = 0; signers && i < sk_X509_num(signers); ++i)
        out.append(certificateDer(sk_X509_value(signers, i)));
    sk_X509_free(signers);
    if (out.isEmpty())
        *error = Texts::tr("the PKCS#7 block has no signer");
    return out;
}

struct SignerFile
{
    QString name; // META-INF/CERT
    QSet<QString> signedEntries;
};

// Checks one signer's .SF against the manifest; returns an empty string when it is consistent.
QString checkSignatureFile(const QString& sfName, const QByteArray& sf, const QByteArray& manifestBytes,
    const Manifest& manifest, const QHash<QString, int>& manifestIndex, SignerFile& signer, QList<int>& announced)
{
    const Manifest parsed = parseManifest(sf);
    if (!parsed.error.isEmpty())
        return Texts::tr("%1 is malformed: %2").arg(sfName, parsed.error);
    for (const QByteArray& v : parsed.main.attributes.value("x-android-apk-signed").split(',')) {
        bool ok = false;
        const int id = v.trimmed().toInt(&ok);
        if (ok && !announced.contains(id))
            announced.append(id);
    }
    const bool wholeManifest = digestsMatch(digestAttributes(parsed.main, "-digest-manifest"), manifestBytes);
    if (!wholeManifest) {
        const auto mainDigests = digestAttributes(parsed.main, "-digest-manifest-main-attributes");
        if (!mainDigests.isEmpty()
            && !digestsMatch(mainDigests, manifestBytes.mid(manifest.main.start, manifest.main.length)))
            return Texts::tr("%1 does not match the main section of META-INF/MANIFEST.MF").arg(sfName);
    }
    for (const Section& s : parsed.sections) {
        const QString entry = sectionName(s);
        const int at = manifestIndex.value(entry, -1);
        if (at < 0)
            return Texts::tr("%1 names %2, which META-INF/MANIFEST.MF does not list").arg(sfName, entry);
        if (!wholeManifest) {
            const Section& m = manifest.sections.at(at);
            if (!digestsMatch(digestAttributes(s, "-digest"), manifestBytes.mid(m.start, m.length)))
                return Texts::tr("%1's digest of the manifest section of %2 does not match (the manifest was changed "
                                 "after signing)")
                    .arg(sfName, entry);
        }
        signer.signedEntries.insert(entry);
    }
    return QString();
}

} // namespace

JarVerification verifyJar(const ZipArchive& zip, const QString& scheme)
{
    JarVerification r;
    r.check.scheme = scheme;
    auto fail = [&](const QString& reason) {
        r.check.verified = false;
        r.check.reason = reason;
        return r;
    };

    // Signers: META-INF/X.RSA|DSA|EC with a META-INF/X.SF beside it.
    QList<QPair<QString, QString>> blocks; // (block entry, sf entry)
    for (const ZipArchive::Entry& e : zip.entries()) {
        if (!e.name.startsWith(QLatin1String("META-INF/")) || e.name.indexOf(QLatin1Char('/'), 9) >= 0)
            continue;
        const QString upper = e.name.toUpper();
        if (!upper.endsWith(QLatin1String(".RSA")) && !upper.endsWith(QLatin1String(".DSA"))
            && !upper.endsWith(QLatin1String(".EC")))
            continue;
        const QString base = e.name.left(e.name.lastIndexOf(QLatin1Char('.')));
        for (const char* ext : {".SF", ".sf"}) {
            if (zip.contains(base + QLatin1String(ext))) {
                blocks.append({e.name, base + QLatin1String(ext)});
                break;
            }
        }
    }
    r.present = !blocks.isEmpty();
    if (!zip.contains(QStringLiteral("META-INF/MANIFEST.MF")))
        return fail(Texts::tr("META-INF/MANIFEST.MF is missing"));
    if (blocks.isEmpty())
        return fail(Texts::tr("there is no JAR signature (no META-INF/*.SF with its .RSA/.DSA/.EC block)"));
    if (!zip.facts().duplicateNames.isEmpty())
        return fail(Texts::tr("the archive has duplicate entry names (%1)").arg(zip.facts().duplicateNames.first()));

    auto manifestBytes = zip.read(QStringLiteral("META-INF/MANIFEST.MF"), kMaxManifestBytes);
    if (!manifestBytes)
        return fail(manifestBytes.error().message);
    const Manifest manifest = parseManifest(manifestBytes.value());
    if (!manifest.error.isEmpty())
        return fail(Texts::tr("META-INF/MANIFEST.MF is malformed: %1").arg(manifest.error));
    QHash<QString, int> manifestIndex;
    for (int i = 0; i < manifest.sections.size(); ++i) {
        const QString name = sectionName(manifest.sections.at(i));
        if (name.isEmpty())
            return fail(Texts::tr("META-INF/MANIFEST.MF has a section without a Name"));
        if (manifestIndex.contains(name))
            return fail(Texts::tr("META-INF/MANIFEST.MF lists %1 twice").arg(name));
        manifestIndex.insert(name, i);
    }

    QList<SignerFile> signers;
    for (const auto& [blockName, sfName] : blocks) {
        auto sf = zip.read(sfName, kMaxSignatureFileBytes);
        auto block = zip.read(blockName, kMaxSignatureFileBytes);
        if (!sf)
            return fail(sf.error().message);
        if (!block)
            return fail(block.error().message);
        QString error;
        const QList<QByteArray> certs = verifyPkcs7(block.value(), sf.value(), &error);
        if (certs.isEmpty())
            return fail(Texts::tr("%1: %2").arg(blockName, error));
        r.signerCertificates += certs;
        SignerFile signer;
        signer.name = sfName.chopped(3);
        error = checkSignatureFile(
            sfName, sf.value(), manifestBytes.value(), manifest, manifestIndex, signer, r.announcedSchemes);
        if (!error.isEmpty())
            return fail(error);
        signers.append(signer);
    }

    // Every entry: listed in the manifest, signed by every signer, and its digests match.
    QSet<QString> seen;
    for (const ZipArchive::Entry& e : zip.entries()) {
        if (!needsDigest(e.name))
            continue;
        seen.insert(e.name);
        const int at = manifestIndex.value(e.name, -1);
        if (at < 0)
            return fail(Texts::tr("%1 has no digest in META-INF/MANIFEST.MF (added after signing?)").arg(e.name));
        for (const SignerFile& s : signers) {
            if (!s.signedEntries.contains(e.name))
                return fail(Texts::tr("%1 is not signed by %2").arg(e.name, s.name));
        }
        const auto named = digestAttributes(manifest.sections.at(at), "-digest");
        if (named.isEmpty())
            return fail(Texts::tr("META-INF/MANIFEST.MF names no known digest for %1").arg(e.name));
        std::vector<std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)>> contexts;
        for (auto it = named.cbegin(); it != named.cend(); ++it) {
            contexts.emplace_back(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
            EVP_DigestInit_ex(contexts.back().get(), EVP_get_digestbyname(it.key().constData()), nullptr);
        }
        const Status st = zip.stream(e, [&](const char* data, qint64 n) {
            for (auto& ctx : contexts)
                EVP_DigestUpdate(ctx.get(), data, size_t(n));
        });
        if (!st)
            return fail(st.error().message);
        int i = 0;
        for (auto it = named.cbegin(); it != named.cend(); ++it, ++i) {
            unsigned char md[EVP_MAX_MD_SIZE];
            unsigned int len = 0;
            EVP_DigestFinal_ex(contexts[size_t(i)].get(), md, &len);
            if (QByteArray(reinterpret_cast<const char*>(md), int(len)).toBase64() != it.value())
                return fail(Texts::tr("%1 does not match its digest in META-INF/MANIFEST.MF (changed after signing)")
                                .arg(e.name));
        }
    }
    for (auto it = manifestIndex.cbegin(); it != manifestIndex.cend(); ++it) {
        if (!seen.contains(it.key()) && needsDigest(it.key()))
            return fail(Texts::tr("META-INF/MANIFEST.MF lists %1, which is not in the archive").arg(it.key()));
    }
    r.check.verified = true;
    for (const QByteArray& der : r.signerCertificates)
        r.check.signers.append({sha256Hex(der), 0, 0, {}});
    return r;
}

} // namespace Slipway::Android::Verify
