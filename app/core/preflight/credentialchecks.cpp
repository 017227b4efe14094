// Credentials: the account's secret works now (reading the destination's apps and versions used it), and a session
// or token that expires will last the estimated transfer.
#include <preflight/preflightchecks.h>

namespace Slipway::PreflightChecks {

QList<PreflightCheck> credentials(const PreflightInput& in)
{
    if (in.service.secretFields().isEmpty())
        return {};
    if (in.liveError && (in.liveError->kind == Error::Kind::Auth || in.liveError->kind == Error::Kind::Forbidden)) {
        return {in.check(QStringLiteral("credentials"), PreflightCheck::Status::Block,
            Texts::tr("%1 refused the account's credentials: %2").arg(in.destination, in.liveError->message),
            Texts::tr("Renew the account's key or token in Accounts, then check again."))};
    }
    if (!in.appsListed && !in.versionsListed)
        return {};
    QList<PreflightCheck> out {in.check(QStringLiteral("credentials"), PreflightCheck::Status::Pass,
        Texts::tr("The credentials of %1 work now.").arg(in.destination))};

    const int lifetime = in.service.limits.sessionLifetimeSeconds;
    if (lifetime <= 0 || in.settings.assumedBytesPerSecond <= 0)
        return out;
    qint64 bytes = in.primary.size;
    for (const PackageInfo& c : in.companions)
        bytes += c.size;
    const qint64 seconds = bytes / in.settings.assumedBytesPerSecond;
    if (seconds <= lifetime)
        return out;
    const qint64 minutes = (seconds + 59) / 60;
    if (in.isAppStoreConnect()) {
        // The upload parts go to Apple's own URLs without the JWT; API calls re-sign it before it expires.
        out.append(in.check(QStringLiteral("credentials-lifetime"), PreflightCheck::Status::Info,
            Texts::tr(
                "The upload to %1 takes about %2 minutes, longer than a %3-minute App Store Connect token: the parts "
                "need none, and the token is signed again for the calls after them.")
                .arg(in.destination)
                .arg(minutes)
                .arg(lifetime / 60)));
    } else {
        out.append(in.check(QStringLiteral("credentials-lifetime"), PreflightCheck::Status::Warn,
            Texts::tr(
                "The upload to %1 takes about %2 minutes, longer than its %3-minute session: the session may expire "
                "before the server accepts the file.")
                .arg(in.destination)
                .arg(minutes)
                .arg(lifetime / 60),
            Texts::tr("Upload over a faster connection, or ask the administrator for a longer session.")));
    }
    return out;
}

} // namespace Slipway::PreflightChecks
