// Apple provisioning: the embedded profile (and every app extension's) against the destination: expired, expiring
// soon (a setting, 14 days by default), a development profile to App Store Connect, an ad-hoc profile's devices.
#include <preflight/preflightchecks.h>

namespace Slipway::PreflightChecks {

namespace {

QList<PreflightCheck> checkProfile(const PreflightInput& in, const ProvisioningInfo& profile, const QString& owner)
{
    QList<PreflightCheck> out;
    const QString name = profile.name.isEmpty() ? profile.uuid : profile.name;
    // An expired profile: App Store Connect and production destinations refuse it; elsewhere a warning, since some
    // services only store the build.
    if (profile.expirationDate.isValid() && profile.expirationDate <= in.now) {
        const bool block = in.isAppStoreConnect() || in.target.production;
        out.append(in.check(QStringLiteral("profile-expired"),
            block ? PreflightCheck::Status::Block : PreflightCheck::Status::Warn,
            Texts::tr(
                "The provisioning profile \"%1\" of %2 expired on %3: devices refuse to install the build from %4.")
                .arg(name, owner, day(profile.expirationDate), in.destination),
            Texts::tr("Renew the profile in the Apple Developer portal, then re-sign or rebuild.")));
        return out;
    }
    const int days = in.settings.profileWarningDays;
    if (profile.expirationDate.isValid() && days > 0 && in.now.addDays(days) >= profile.expirationDate) {
        out.append(in.check(QStringLiteral("profile-expiring"), PreflightCheck::Status::Warn,
            Texts::tr(
                "The provisioning profile \"%1\" of %2 expires on %3, within %4 days: installs from %5 stop working "
                "then.")
                .arg(name, owner, day(profile.expirationDate))
                .arg(days)
                .arg(in.destination),
            Texts::tr("Renew the profile soon and publish a re-signed build.")));
    }
    if (in.isAppStoreConnect() && profile.type == QLatin1String("development")) {
        out.append(in.check(QStringLiteral("profile-development"), PreflightCheck::Status::Block,
            Texts::tr("%1 is signed with the development profile \"%2\", which App Store Connect (%3) does not take.")
                .arg(owner, name, in.destination),
            Texts::tr("Export the archive for App Store Connect distribution (an App Store profile).")));
    } else if (profile.type == QLatin1String("ad-hoc") && !in.isAppStoreConnect()) {
        out.append(in.check(QStringLiteral("profile-devices"), PreflightCheck::Status::Info,
            Texts::tr("The ad-hoc profile \"%1\" provisions %2 devices: only those can install the build from %3.")
                .arg(name)
                .arg(profile.devices)
                .arg(in.destination)));
    }
    return out;
}

} // namespace

QList<PreflightCheck> provisioning(const PreflightInput& in)
{
    if (!in.isApple() || !in.primary.provisioning)
        return {};
    const ProvisioningInfo& profile = *in.primary.provisioning;
    QList<PreflightCheck> out = checkProfile(in, profile, in.primary.fileName);
    for (const AppExtensionInfo& ext : in.primary.appExtensions) {
        if (ext.provisioning)
            out += checkProfile(in, *ext.provisioning, ext.name);
    }
    const bool problems = std::any_of(
        out.cbegin(), out.cend(), [](const PreflightCheck& c) { return c.status != PreflightCheck::Status::Info; });
    if (!problems) {
        out.prepend(in.check(QStringLiteral("profile-expired"), PreflightCheck::Status::Pass,
            Texts::tr("The provisioning profile \"%1\" (%2) is valid until %3 for %4.")
                .arg(profile.name, profile.type, day(profile.expirationDate), in.destination)));
    }
    return out;
}

} // namespace Slipway::PreflightChecks
