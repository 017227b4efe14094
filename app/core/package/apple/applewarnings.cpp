// Release warnings for Apple packages. The codes are stable; docs/inspection-apple.md lists them.

#include "provisioning.h"

#include <QCoreApplication>
#include <QLocale>
#include <QRegularExpression>
#include <package/readers.h>

namespace Slipway::Readers {

namespace {

struct Texts
{
    Q_DECLARE_TR_FUNCTIONS(Slipway::AppleWarnings)
};

constexpr int kExpiringDays = 14;

// "CN=iPhone Distribution: Acme (TEAM)" out of an RFC 2253 subject, or the whole subject.
QString commonName(const QString& subject)
{
    static const QRegularExpression re(QStringLiteral("(?:^|, )CN=((?:\\\\.|[^,])*)"));
    const auto m = re.match(subject);
    return m.hasMatch() ? m.captured(1).replace(QLatin1String("\\,"), QLatin1String(",")) : subject;
}

QString day(const QDateTime& dt)
{
    return dt.toUTC().toString(QStringLiteral("yyyy-MM-dd"));
}

} // namespace

void addAppleWarnings(PackageInfo& info, const QDateTime& now)
{
    using S = PackageWarning::Severity;
    const bool isApp = info.kind == PackageKind::Ipa || info.kind == PackageKind::MacOsAppZip;

    if (info.kind == PackageKind::Ipa && !info.provisioning) {
        info.addWarning(QStringLiteral("no-provisioning-profile"),
            Texts::tr("The IPA has no embedded.mobileprovision: it cannot be installed on devices or uploaded "
                      "until it is re-signed (App Store downloads and simulator builds look like this)."));
    }
    // App extensions are signed with their own profiles: one that expired or does not match keeps the whole
    // app from installing.
    for (const AppExtensionInfo& ext : info.appExtensions) {
        if (!ext.provisioning)
            continue;
        const ProvisioningInfo& ep = *ext.provisioning;
        if (ep.expirationDate.isValid() && ep.expirationDate <= now) {
            info.addWarning(QStringLiteral("extension-profile-expired"),
                Texts::tr("The provisioning profile of the app extension %1 expired on %2; the app will not "
                          "install.")
                    .arg(ext.name, day(ep.expirationDate)),
                S::Error);
        } else if (ep.expirationDate.isValid() && ep.expirationDate <= now.addDays(kExpiringDays)) {
            info.addWarning(QStringLiteral("extension-profile-expiring"),
                Texts::tr("The provisioning profile of the app extension %1 expires on %2.")
                    .arg(ext.name, day(ep.expirationDate)));
        }
        if (!Provisioning::applicationIdentifierMatches(ep.applicationIdentifier, ext.packageId)) {
            info.addWarning(QStringLiteral("extension-bundle-id-mismatch"),
                Texts::tr("The app extension %1 (%2) does not match its profile's application identifier %3.")
                    .arg(ext.name, ext.packageId, ep.applicationIdentifier),
                S::Error);
        }
    }

    if (!info.provisioning)
        return;
    const ProvisioningInfo& p = *info.provisioning;

    if (p.expirationDate.isValid()) {
        if (p.expirationDate <= now) {
            info.addWarning(QStringLiteral("profile-expired"),
                Texts::tr("The provisioning profile \"%1\" expired on %2; the app will not install or launch.")
                    .arg(p.name, day(p.expirationDate)),
                S::Error);
        } else if (p.expirationDate <= now.addDays(kExpiringDays)) {
            const qint64 days = now.daysTo(p.expirationDate);
            info.addWarning(QStringLiteral("profile-expiring"),
                Texts::tr("The provisioning profile \"%1\" expires on %2, in %n day(s).", nullptr, int(days))
                    .arg(p.name, day(p.expirationDate)));
        }
    }

    // A build that is about to be shipped should not carry a development profile: it installs only on the
    // registered devices, and get-task-allow lets a debugger attach.
    if (isApp && (p.type == QLatin1String("development") || p.getTaskAllow)) {
        info.addWarning(QStringLiteral("development-profile"),
            p.type == QLatin1String("development")
                ? Texts::tr("The app is signed with the development profile \"%1\": it installs only on its %n "
                            "registered device(s), allows debugging (get-task-allow) and cannot be uploaded to "
                            "the App Store.",
                    nullptr, p.devices)
                      .arg(p.name)
                : Texts::tr("The provisioning profile \"%1\" allows debugging (get-task-allow), which a "
                            "distribution build must not.")
                      .arg(p.name));
    }

    if (isApp && !Provisioning::applicationIdentifierMatches(p.applicationIdentifier, info.packageId)) {
        info.addWarning(QStringLiteral("bundle-id-mismatch"),
            Texts::tr("The bundle identifier %1 does not match the profile's application identifier %2; "
                      "the app will not install.")
                .arg(info.packageId, p.applicationIdentifier),
            S::Error);
    }

    int expired = 0;
    QString firstExpired;
    for (const CertificateInfo& c : p.developerCertificates) {
        if (c.notAfter.isValid() && c.notAfter <= now) {
            if (expired++ == 0)
                firstExpired = commonName(c.subject);
        }
    }
    if (expired > 0) {
        const int total = int(p.developerCertificates.size());
        info.addWarning(QStringLiteral("certificate-expired"),
            expired == total
                ? Texts::tr("Every developer certificate in the provisioning profile has expired (%1); nothing "
                            "signed with it can be installed.")
                      .arg(firstExpired)
                : Texts::tr("%1 of %2 developer certificates in the provisioning profile have expired (first: "
                            "%3).")
                      .arg(expired)
                      .arg(total)
                      .arg(firstExpired),
            expired == total ? S::Error : S::Warning);
    }
}

} // namespace Slipway::Readers
