// What of an Apple code signature can be checked without Apple's tools, with OpenSSL:
//   code-resources       every file _CodeSignature/CodeResources names (files2: SHA-256, else files: SHA-1) is
//                        there and has that hash; files added to the bundle that no rule covers are reported
//   code-directory       the main executable's embedded signature (LC_CODE_SIGNATURE): its CMS signature over
//                        the CodeDirectory, and the CodeDirectory's hashes of Info.plist and CodeResources
//   profile-cms          the embedded provisioning profile's CMS signature
//   profile-certificate  the code signature's signer is one of the profile's developer certificates
// Not checkable here: the certificate chains up to Apple's roots (Slipway ships no Apple root), revocation,
// the executable's per-page code hashes, nested code (frameworks, extensions) beyond their presence.

#include "applebundle.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QSet>
#include <memory>
#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <package/apple/machoreader.h>
#include <package/apple/plistreader.h>
#include <package/ziparchive.h>

namespace Slipway::Apple {

namespace {

constexpr int kMaxListedFiles = 200000;
constexpr quint32 kSuperBlobMagic = 0xfade0cc0;
constexpr quint32 kCodeDirectoryMagic = 0xfade0c02;
constexpr quint32 kSlotCodeDirectory = 0;
constexpr quint32 kSlotCms = 0x10000;

struct Texts
{
    Q_DECLARE_TR_FUNCTIONS(Slipway::CodeSignature)
};

quint32 be32(const QByteArray& d, qint64 at)
{
    if (at < 0 || at + 4 > d.size())
        return 0;
    const auto* p = reinterpret_cast<const uchar*>(d.constData()) + at;
    return (quint32(p[0]) << 24) | (quint32(p[1]) << 16) | (quint32(p[2]) << 8) | quint32(p[3]);
}

QByteArray hashEntry(const ZipArchive& zip, const ZipArchive::Entry& e, const EVP_MD* md, QString* error)
{
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    EVP_DigestInit_ex(ctx.get(), md, nullptr);
    const Status st = zip.stream(e, [&](const char* data, qint64 n) { EVP_DigestUpdate(ctx.get(), data, size_t(n)); });
    if (!st) {
        *error = st.error().message;
        return {};
    }
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx.get(), out, &len);
    return QByteArray(reinterpret_cast<const char*>(out), int(len));
}

QByteArray digestOf(const QByteArray& data, const EVP_MD* md)
{
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_Digest(data.constData(), size_t(data.size()), out, &len, md, nullptr);
    return QByteArray(reinterpret_cast<const char*>(out), int(len));
}

SignatureCheck checkCodeResources(const ZipArchive& zip, const BundleLayout& layout, const QByteArray& plistBytes)
{
    SignatureCheck c;
    c.scheme = QStringLiteral("code-resources");
    auto fail = [&](const QString& why) {
        c.verified = false;
        c.reason = why;
        return c;
    };
    auto doc = Plist::parse(plistBytes, QStringLiteral("_CodeSignature/CodeResources"));
    if (!doc)
        return fail(doc.error().message);
    const QVariantMap root = doc->root.toMap();
    const bool v2 = root.contains(QStringLiteral("files2"));
    const QVariantMap files = root.value(v2 ? QStringLiteral("files2") : QStringLiteral("files")).toMap();
    if (files.isEmpty())
        return fail(Texts::tr("_CodeSignature/CodeResources lists no files"));
    if (files.size() > kMaxListedFiles)
        return fail(Texts::tr("_CodeSignature/CodeResources lists implausibly many files"));

    QStringList nested; // nested code (frameworks, extensions): signed on their own
    int checked = 0;
    for (auto it = files.cbegin(); it != files.cend(); ++it) {
        const QVariantMap spec = it.value().toMap();
        QByteArray expected = it.value().toByteArray();
        const EVP_MD* md = EVP_sha1();
        if (!spec.isEmpty()) {
            if (spec.contains(QStringLiteral("cdhash"))) {
                nested.append(it.key() + QLatin1Char('/'));
                continue;
            }
            if (spec.contains(QStringLiteral("symlink"))) {
                const auto target = zip.read(layout.contents + it.key(), 4096);
                if (target && target.value() != spec.value(QStringLiteral("symlink")).toString().toUtf8())
                    return fail(Texts::tr("the symbolic link %1 was changed after signing").arg(it.key()));
                continue;
            }
            expected = spec.value(v2 ? QStringLiteral("hash2") : QStringLiteral("hash")).toByteArray();
            if (expected.isEmpty())
                expected = spec.value(QStringLiteral("hash")).toByteArray();
        }
        if (expected.size() == 32)
            md = EVP_sha256();
        const ZipArchive::Entry* e = zip.find(layout.contents + it.key());
        if (!e) {
            if (spec.value(QStringLiteral("optional")).toBool())
                continue;
            return fail(
                Texts::tr("%1 is listed in _CodeSignature/CodeResources but missing from the bundle").arg(it.key()));
        }
        QString error;
        const QByteArray actual = hashEntry(zip, *e, md, &error);
        if (actual.isEmpty())
            return fail(error);
        if (actual != expected)
            return fail(Texts::tr("%1 was changed after signing (its hash does not match _CodeSignature/CodeResources)")
                            .arg(it.key()));
        ++checked;
    }

    // Files nobody accounts for: not listed, not nested code, not omitted by a rule, not the signature itself.
    QList<QRegularExpression> omitted;
    const QVariantMap rules = root.value(v2 ? QStringLiteral("rules2") : QStringLiteral("rules")).toMap();
    for (auto it = rules.cbegin(); it != rules.cend(); ++it) {
        const QVariantMap r = it.value().toMap();
        // "nested" rules only say where nested code may live; a plain file there is still a listed resource.
        if (r.value(QStringLiteral("omit")).toBool())
            omitted.append(QRegularExpression(it.key()));
    }
    QStringList added;
    for (const ZipArchive::Entry& e : zip.entries()) {
        if (!e.name.startsWith(layout.contents) || e.name.endsWith(QLatin1Char('/')))
            continue;
        const QString rel = e.name.mid(layout.contents.size());
        if (files.contains(rel) || rel.startsWith(QLatin1String("_CodeSignature/"))
            || rel == QLatin1String("CodeResources") || rel.startsWith(QLatin1String("MacOS/"))
            || rel == layout.profileName // checked on its own (profile-cms)
            || (!layout.macos && !rel.contains(QLatin1Char('/')) && layout.executableDir == layout.contents
                && !rel.contains(QLatin1Char('.'))))
            continue;
        bool covered = false;
        for (const QString& n : nested)
            covered = covered || rel.startsWith(n);
        for (const QRegularExpression& re : omitted)
            covered = covered || re.match(rel).hasMatch();
        if (!covered)
            added.append(rel);
    }
    if (!added.isEmpty())
        return fail(Texts::tr("%1 was added to the bundle after signing (not in _CodeSignature/CodeResources)")
                        .arg(added.first()));
    c.verified = true;
    c.reason = Texts::tr("%1 files match their hashes; %2 nested code bundles are signed separately and not checked")
                   .arg(checked)
                   .arg(nested.size());
    return c;
}

// The embedded signature of the main executable's first slice, or empty.
QByteArray embeddedSignature(const ZipArchive& zip, const BundleLayout& layout, const QString& executable)
{
    const ZipArchive::Entry* e = zip.find(layout.executableDir + executable);
    if (!e)
        return {};
    auto head = zip.readRange(*e, 0, MachO::kHeaderProbeBytes);
    auto slices = head ? MachO::parseSlices(head.value(), e->size) : Result<QList<MachO::Slice>>(head.error());
    if (!slices || slices->isEmpty())
        return {};
    MachO::Slice slice = slices->first();
    auto sliceHead = zip.readRange(*e, slice.offset, 32);
    auto end = sliceHead ? MachO::loadCommandsEnd(sliceHead.value()) : Result<qint64>(sliceHead.error());
    if (!end)
        return {};
    auto commands = zip.readRange(*e, slice.offset, end.value());
    if (!commands || !MachO::parseLoadCommands(commands.value(), slice) || slice.codeSignatureSize <= 0)
        return {};
    auto sig = zip.readRange(*e, slice.offset + slice.codeSignatureOffset, slice.codeSignatureSize);
    return sig ? sig.value() : QByteArray();
}

} // namespace

void verifyCodeSignature(const ZipArchive& zip, const BundleLayout& layout, PackageInfo& info)
{
    SigningInfo& s = info.signing;
    const QString resourcesPath = layout.contents + QLatin1String("_CodeSignature/CodeResources");
    const ZipArchive::Entry* resources = zip.find(resourcesPath);
    if (!resources)
        return;
    auto resourceBytes = zip.read(*resources, Plist::kMaxBytes);
    s.checks.append(resourceBytes
            ? checkCodeResources(zip, layout, resourceBytes.value())
            : SignatureCheck {QStringLiteral("code-resources"), false, resourceBytes.error().message, {}});

    // The executable's code signature: CMS over the CodeDirectory, which binds Info.plist and CodeResources.
    QList<QByteArray> signerCerts;
    const QByteArray blob = embeddedSignature(zip, layout, info.executable);
    SignatureCheck cd;
    cd.scheme = QStringLiteral("code-directory");
    if (blob.isEmpty() || be32(blob, 0) != kSuperBlobMagic) {
        cd.reason = Texts::tr("the main executable has no readable embedded code signature");
    } else {
        QByteArray directory;
        QByteArray cms;
        const quint32 count = qMin<quint32>(be32(blob, 8), 64);
        for (quint32 i = 0; i < count; ++i) {
            const quint32 type = be32(blob, 12 + 8 * i);
            const quint32 offset = be32(blob, 16 + 8 * i);
            const quint32 length = be32(blob, offset + 4);
            if (length < 8 || qint64(offset) + length > blob.size())
                continue;
            if (type == kSlotCodeDirectory)
                directory = blob.mid(offset, length);
            else if (type == kSlotCms)
                cms = blob.mid(offset + 8, length - 8);
        }
        if (directory.isEmpty() || be32(directory, 0) != kCodeDirectoryMagic) {
            cd.reason = Texts::tr("the embedded signature has no CodeDirectory");
        } else if (cms.isEmpty()) {
            cd.reason = Texts::tr("the executable is ad-hoc signed (no CMS signature): no device accepts it outside "
                                  "development");
        } else {
            std::unique_ptr<BIO, decltype(&BIO_free)> in(BIO_new_mem_buf(cms.constData(), int(cms.size())), &BIO_free);
            std::unique_ptr<CMS_ContentInfo, decltype(&CMS_ContentInfo_free)> ci(
                d2i_CMS_bio(in.get(), nullptr), &CMS_ContentInfo_free);
            std::unique_ptr<BIO, decltype(&BIO_free)> content(
                BIO_new_mem_buf(directory.constData(), int(directory.size())), &BIO_free);
            const bool ok = ci
                && CMS_verify(
                       ci.get(), nullptr, nullptr, content.get(), nullptr, CMS_NO_SIGNER_CERT_VERIFY | CMS_BINARY)
                    == 1;
            if (ci) {
                STACK_OF(X509)* signers = CMS_get0_signers(ci.get());
                for (int i = 0; signers && i < sk_X509_num(signers); ++i) {
                    unsigned char* der = nullptr;
                    const int len = i2d_X509(sk_X509_value(signers, i), &der);
                    if (len > 0)
                        signerCerts.append(QByteArray(reinterpret_cast<const char*>(der), len));
                    OPENSSL_free(der);
                }
                sk_X509_free(signers);
            }
            // Special slots: -1 Info.plist, -3 CodeResources, hashed with the CodeDirectory's hash type.
            const int hashOffset = int(be32(directory, 16));
            const int specialSlots = int(be32(directory, 24));
            const int hashSize = directory.size() > 36 ? uchar(directory.at(36)) : 0;
            const EVP_MD* md = hashSize == 20 ? EVP_sha1() : EVP_sha256();
            auto slot = [&](int n) {
                return n <= specialSlots ? directory.mid(hashOffset - n * hashSize, hashSize) : QByteArray();
            };
            const QByteArray resourcesHash
                = resourceBytes ? digestOf(resourceBytes.value(), md).left(hashSize) : QByteArray();
            auto plist = zip.read(layout.contents + QStringLiteral("Info.plist"), Plist::kMaxBytes);
            if (!ok)
                cd.reason = Texts::tr("the CMS signature over the CodeDirectory does not verify");
            else if (!slot(3).isEmpty() && slot(3) != resourcesHash)
                cd.reason = Texts::tr("_CodeSignature/CodeResources was changed after signing (the CodeDirectory names "
                                      "another hash)");
            else if (plist && !slot(1).isEmpty() && slot(1) != digestOf(plist.value(), md).left(hashSize))
                cd.reason = Texts::tr("Info.plist was changed after signing (the CodeDirectory names another hash)");
            else {
                cd.verified = true;
                cd.reason = Texts::tr("the CMS signature and the hashes of Info.plist and CodeResources match; the "
                                      "executable's page hashes and the chain to Apple's root are not checked");
            }
        }
    }
    for (const QByteArray& der : signerCerts)
        cd.signers.append({QString::fromLatin1(digestOf(der, EVP_sha256()).toHex()), 0, 0, {}});
    s.checks.append(cd);

    // The embedded profile: its CMS signature, and whether it allows the code signature's signer.
    auto profile = zip.read(layout.contents + layout.profileName, 1024 * 1024);
    if (profile) {
        SignatureCheck p;
        p.scheme = QStringLiteral("profile-cms");
        std::unique_ptr<BIO, decltype(&BIO_free)> in(
            BIO_new_mem_buf(profile->constData(), int(profile->size())), &BIO_free);
        std::unique_ptr<CMS_ContentInfo, decltype(&CMS_ContentInfo_free)> ci(
            d2i_CMS_bio(in.get(), nullptr), &CMS_ContentInfo_free);
        std::unique_ptr<BIO, decltype(&BIO_free)> sink(BIO_new(BIO_s_null()), &BIO_free);
        p.verified = ci && CMS_verify(ci.get(), nullptr, nullptr, nullptr, sink.get(), CMS_NO_SIGNER_CERT_VERIFY) == 1;
        p.reason = p.verified
            ? Texts::tr("signed by the certificate it carries; its chain to Apple's root is not checked")
            : Texts::tr("the provisioning profile's CMS signature does not verify (changed after Apple "
                        "signed it)");
        s.checks.append(p);

        if (info.provisioning && !signerCerts.isEmpty()) {
            SignatureCheck m;
            m.scheme = QStringLiteral("profile-certificate");
            const QString signer = cd.signers.first().certSha256;
            for (const CertificateInfo& c : info.provisioning->developerCertificates)
                m.verified = m.verified || c.sha256 == signer;
            if (!m.verified)
                m.reason
                    = Texts::tr("the app is signed by a certificate the provisioning profile does not list: devices "
                                "refuse to install it");
            m.signers = cd.signers;
            s.checks.append(m);
        }
    }

    // The verdict: every check that ran passed, except the executable signature when it cannot be read.
    QString failure;
    for (const SignatureCheck& c : s.checks) {
        const bool unreadable = c.scheme == QLatin1String("code-directory") && c.signers.isEmpty() && !c.verified;
        if (!c.verified && !unreadable && failure.isEmpty())
            failure = c.scheme + QStringLiteral(": ") + c.reason;
    }
    s.verified = failure.isEmpty();
    s.verifyReason = failure;
    if (!failure.isEmpty())
        info.addWarning(QStringLiteral("signature-does-not-verify"),
            Texts::tr("The code signature does not verify (%1): devices refuse to install it.").arg(failure),
            PackageWarning::Severity::Error);
}

} // namespace Slipway::Apple
