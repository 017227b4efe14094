// Readers::addAndroidWarnings: what a release manager checks by hand before uploading an APK or AAB.
#include <QCoreApplication>
#include <QLocale>
#include <package/readers.h>

namespace Slipway::Readers {

namespace {

struct Texts
{
    Q_DECLARE_TR_FUNCTIONS(Slipway::AndroidWarnings)
};

// A numeric SDK level, or -1 for a preview codename / nothing.
int sdkLevel(const QString& sdk)
{
    bool ok = false;
    const int n = sdk.toInt(&ok);
    return ok ? n : -1;
}

} // namespace

void addAndroidWarnings(PackageInfo& info, const QDateTime& now)
{
    using S = PackageWarning::Severity;
    if (info.kind != PackageKind::Apk && info.kind != PackageKind::Aab)
        return;
    const bool isApk = info.kind == PackageKind::Apk;

    if (info.debuggable.value_or(false))
        info.addWarning(QStringLiteral("debuggable"),
            Texts::tr("The build is debuggable (android:debuggable=\"true\"): Google Play rejects it and anyone "
                      "with the device can attach a debugger."),
            S::Error);

    const SigningInfo& s = info.signing;
    if (!s.isSigned()) {
        info.addWarning(QStringLiteral("unsigned"),
            isApk ? Texts::tr("The APK is not signed: Android refuses to install it.")
                  : Texts::tr("The bundle is not signed: Google Play requires it to be signed with the upload key."),
            S::Error);
    }
    if (!s.problems.isEmpty()) {
        info.addWarning(QStringLiteral("signature-block-malformed"),
            Texts::tr("The signature is damaged or unreadable: %1").arg(s.problems.first()), S::Error);
    }
    for (const CertificateInfo& c : s.certificates) {
        if (c.isDebug()) {
            info.addWarning(QStringLiteral("debug-certificate"),
                Texts::tr("Signed with the Android debug certificate (%1): stores reject debug-signed builds.")
                    .arg(c.subject),
                S::Error);
            break;
        }
    }
    if (!s.certificates.isEmpty()) {
        const CertificateInfo& primary = s.certificates.first();
        if (primary.notAfter.isValid() && primary.notAfter < now) {
            info.addWarning(QStringLiteral("certificate-expired"),
                Texts::tr("The signing certificate (%1) expired on %2.")
                    .arg(primary.subject,
                        QLocale::c().toString(primary.notAfter.toUTC().date(), QStringLiteral("yyyy-MM-dd"))),
                S::Warning);
        }
    }

    if (isApk && s.isSigned()) {
        const int minSdk = info.minSdk.isEmpty() ? 1 : sdkLevel(info.minSdk);
        const int targetSdk = info.targetSdk.isEmpty() ? minSdk : sdkLevel(info.targetSdk);
        const bool hasV1 = s.schemes.contains(QLatin1String("v1"));
        const bool onlyV1 = hasV1 && s.schemes.size() == 1;
        if (onlyV1 && (minSdk >= 24 || targetSdk >= 30 || minSdk < 0)) {
            info.addWarning(QStringLiteral("v1-only-signing"),
                Texts::tr("Signed with v1 (JAR) signing only, but min SDK %1 / target SDK %2 needs APK Signature "
                          "Scheme v2 or later (Android 11 refuses v1-only apps targeting API 30+).")
                    .arg(info.minSdk.isEmpty() ? QStringLiteral("1") : info.minSdk,
                        info.targetSdk.isEmpty() ? info.minSdk : info.targetSdk),
                targetSdk >= 30 || targetSdk < 0 ? S::Error : S::Warning);
        }
        if (!hasV1 && minSdk >= 0 && minSdk < 24) {
            info.addWarning(QStringLiteral("v1-signature-missing"),
                Texts::tr("Signed with APK Signature Scheme v2/v3 only, but min SDK is %1: devices before "
                          "Android 7.0 (API 24) need a v1 signature and will refuse to install it.")
                    .arg(info.minSdk.isEmpty() ? QStringLiteral("1") : info.minSdk),
                S::Warning);
        }
    }

    const auto missing64 = [&](const char* abi32, const char* abi64) {
        if (info.abis.contains(QLatin1String(abi32)) && !info.abis.contains(QLatin1String(abi64))) {
            info.addWarning(QStringLiteral("missing-64bit-abi"),
                Texts::tr("Native code for %1 has no %2 counterpart: Google Play requires 64-bit libraries and "
                          "64-bit-only devices cannot run it.")
                    .arg(QLatin1String(abi32), QLatin1String(abi64)),
                S::Warning);
            return true;
        }
        return false;
    };
    if (!missing64("armeabi-v7a", "arm64-v8a") && !missing64("armeabi", "arm64-v8a"))
        missing64("x86", "x86_64");
}

} // namespace Slipway::Readers
