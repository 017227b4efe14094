// Signing: unsigned builds, debug certificates and debuggable builds to production destinations, a signer that
// differs from the previous version's (devices refuse such an update unless a v3 rotation lineage covers the old
// certificate), and the package's own error-severity warnings.
#include <QFileInfo>
#include <preflight/preflightchecks.h>

namespace Slipway::PreflightChecks {

namespace {

// Codes the checks here and in provisioningchecks.cpp report themselves, with a destination-aware severity.
const QStringList& ownCodes()
{
    static const QStringList codes {QStringLiteral("unsigned"), QStringLiteral("debuggable"),
        QStringLiteral("debug-certificate"), QStringLiteral("profile-expired"), QStringLiteral("profile-expiring"),
        QStringLiteral("development-profile"), QStringLiteral("extension-profile-expired"),
        QStringLiteral("extension-profile-expiring")};
    return codes;
}

bool isSignedKind(PackageKind kind)
{
    return kind == PackageKind::Apk || kind == PackageKind::Aab || kind == PackageKind::Ipa
        || kind == PackageKind::MacOsAppZip;
}

QString shortHash(const QString& sha256)
{
    return sha256.left(16);
}

// The certificates the previous version was signed with, from an inspection stored with it (the Local library keeps
// PackageInfo::toJson() in VersionInfo::extra["inspection"]); the newest such version first.
struct Previous
{
    const VersionInfo* version = nullptr;
    QString sha256;
    QString subject;
};

Previous previousSigner(const PreflightInput& in)
{
    Previous best;
    for (const VersionInfo& v : in.versions) {
        const QVariantMap inspection = v.extra.value(QStringLiteral("inspection")).toMap();
        const QVariantList certs
            = inspection.value(QStringLiteral("signing")).toMap().value(QStringLiteral("certificates")).toList();
        if (certs.isEmpty())
            continue;
        if (best.version && compareCodes(v.versionCode, best.version->versionCode) <= 0)
            continue;
        const QVariantMap first = certs.first().toMap();
        best = Previous {
            &v, first.value(QStringLiteral("sha256")).toString(), first.value(QStringLiteral("subject")).toString()};
    }
    return best;
}

// The certificate is in the rotation lineage of one of the package's v3 / v3.1 signers.
bool lineageCovers(const SigningInfo& signing, const QString& sha256)
{
    for (const SignatureCheck& check : signing.checks) {
        if (check.scheme != QLatin1String("v3") && check.scheme != QLatin1String("v3.1"))
            continue;
        for (const SignatureCheck::Signer& signer : check.signers) {
            if (signer.lineage.contains(sha256, Qt::CaseInsensitive))
                return true;
        }
    }
    return false;
}

QList<PreflightCheck> signerChange(const PreflightInput& in)
{
    if (!in.isAndroid() || in.primary.signing.certificates.isEmpty())
        return {};
    const Previous previous = previousSigner(in);
    if ((!previous.version || previous.sha256.isEmpty()) && !in.signerUnchecked.isEmpty()) {
        return {in.check(QStringLiteral("signer-changed"), PreflightCheck::Status::Info,
            Texts::tr("Could not check the signer against the previous version on %1: %2.")
                .arg(in.destination, in.signerUnchecked),
            Texts::tr(
                "Make sure the package is signed with the key of the version already there (or a v3 lineage from it); "
                "devices refuse the update otherwise."))};
    }
    if (!previous.version || previous.sha256.isEmpty())
        return {};
    const CertificateInfo& signer = in.primary.signing.certificates.first();
    const QString was = describeVersion(in, *previous.version);
    if (signer.sha256.compare(previous.sha256, Qt::CaseInsensitive) == 0) {
        return {in.check(QStringLiteral("signer-changed"), PreflightCheck::Status::Pass,
            Texts::tr("Signed with the same certificate as %1 on %2 (%3).").arg(was, in.destination, signer.subject))};
    }
    // Key rotation (APK Signature Scheme v3/v3.1): the verified proof-of-rotation lineage of the new signature
    // (issue 17 reads it into signing.checks) lists every certificate the key was rotated from; devices accept the
    // update when the previous version's certificate is among them.
    if (lineageCovers(in.primary.signing, previous.sha256)) {
        return {in.check(QStringLiteral("signer-changed"), PreflightCheck::Status::Pass,
            Texts::tr(
                "Signed with a new certificate (%1), and its v3 rotation lineage covers %2's certificate (%3, SHA-256 "
                "%4…), so devices on %5 accept the update.")
                .arg(signer.subject, was, previous.subject, shortHash(previous.sha256), in.destination))};
    }
    return {in.check(QStringLiteral("signer-changed"), PreflightCheck::Status::Block,
        Texts::tr(
            "The package is signed by %1 (SHA-256 %2…), but %3 on %4 was signed by %5 (SHA-256 %6…): devices refuse "
            "the update.")
            .arg(signer.subject, shortHash(signer.sha256), was, in.destination, previous.subject,
                shortHash(previous.sha256)),
        Texts::tr("Sign with the key of the previous version, or rotate the key with a v3 signing lineage "
                  "(apksigner rotate, then sign with --lineage)."))};
}

} // namespace

QList<PreflightCheck> signing(const PreflightInput& in)
{
    if (!isSignedKind(in.primary.kind))
        return {};
    const QString name = QFileInfo(in.primary.path).fileName();
    if (!in.primary.signing.isSigned()) {
        return {in.check(QStringLiteral("unsigned"), PreflightCheck::Status::Block,
            Texts::tr("%1 is not signed: devices refuse to install it from %2.").arg(name, in.destination),
            in.isAndroid() ? Texts::tr("Sign it (apksigner sign, or the release signing config of the build).")
                           : Texts::tr("Sign and export it from Xcode (or codesign it) before publishing."))};
    }
    QList<PreflightCheck> out;
    const PreflightCheck::Status severe
        = in.target.production ? PreflightCheck::Status::Block : PreflightCheck::Status::Warn;
    const auto debug = std::find_if(in.primary.signing.certificates.cbegin(), in.primary.signing.certificates.cend(),
        [](const CertificateInfo& c) { return c.isDebug(); });
    if (debug != in.primary.signing.certificates.cend()) {
        out.append(in.check(QStringLiteral("debug-certificate"), severe,
            in.target.production
                ? Texts::tr("%1 is signed with the Android debug certificate, and %2 is a production destination.")
                      .arg(name, in.destination)
                : Texts::tr("%1 is signed with the Android debug certificate (%2).").arg(name, in.destination),
            Texts::tr("Build the release variant, signed with the release key.")));
    }
    if (in.primary.debuggable.value_or(false)) {
        out.append(in.check(QStringLiteral("debuggable"), severe,
            in.target.production
                ? Texts::tr("%1 is debuggable, and %2 is a production destination.").arg(name, in.destination)
                : Texts::tr("%1 is debuggable (%2).").arg(name, in.destination),
            Texts::tr("Build the release variant (android:debuggable false).")));
    }
    if (out.isEmpty() && in.isAndroid()) {
        out.append(in.check(QStringLiteral("signing"), PreflightCheck::Status::Pass,
            Texts::tr("%1 is signed for release (%2) for %3.")
                .arg(name, in.primary.signing.schemes.join(QStringLiteral(", ")), in.destination)));
    }
    return out + signerChange(in);
}

QList<PreflightCheck> packageWarnings(const PreflightInput& in)
{
    QList<PreflightCheck> out;
    for (const PackageWarning& w : in.primary.rankedWarnings()) {
        if (ownCodes().contains(w.code) || w.severity == PackageWarning::Severity::Info)
            continue;
        PreflightCheck::Status status = PreflightCheck::Status::Info;
        if (w.severity == PackageWarning::Severity::Error)
            status = in.target.production ? PreflightCheck::Status::Block : PreflightCheck::Status::Warn;
        QString fix;
        if (w.code == QLatin1String("signature-does-not-verify")) {
            // No device installs a build whose signature does not verify (issue 17): a block everywhere.
            status = PreflightCheck::Status::Block;
            fix = Texts::tr("Sign the build again; a signature that does not verify installs on no device.");
        } else if (status == PreflightCheck::Status::Block)
            fix = Texts::tr("Fix the build, or publish to a destination that is not marked production.");
        else if (status == PreflightCheck::Status::Warn)
            fix = Texts::tr("Fix the build before it goes to production.");
        out.append(in.check(
            QStringLiteral("package:") + w.code, status, Texts::tr("%1 (for %2)").arg(w.message, in.destination), fix));
    }
    return out;
}

} // namespace Slipway::PreflightChecks
