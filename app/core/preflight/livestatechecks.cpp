// Live state: the version code (Android) or build number (Apple) against the versions already on the destination.
// App Store Connect's version trains are in asctrainchecks.cpp.
#include <preflight/preflightchecks.h>

namespace Slipway::PreflightChecks {

namespace {

bool sameLabel(const QString& a, const QString& b)
{
    return a.trimmed().compare(b.trimmed(), Qt::CaseInsensitive) == 0;
}

} // namespace

QList<PreflightCheck> liveState(const PreflightInput& in)
{
    if (in.liveError && in.liveError->kind != Error::Kind::Auth && in.liveError->kind != Error::Kind::Forbidden) {
        return {in.check(QStringLiteral("live-state"), PreflightCheck::Status::Warn,
            Texts::tr("The versions on %1 could not be read, so the version code was not checked there: %2")
                .arg(in.destination, in.liveError->message),
            Texts::tr("Check the connection and run the checks again."))};
    }
    if (!in.versionsListed || in.isAppStoreConnect())
        return {};
    // Services that know versions by name only (Akana's app versions): a name used again warns, since the service
    // does not document whether it refuses it (docs/apis/akana.md).
    const bool byName = std::none_of(
        in.versions.cbegin(), in.versions.cend(), [](const VersionInfo& v) { return !v.versionCode.isEmpty(); });
    if (byName && !in.versions.isEmpty() && !in.versionName.isEmpty()) {
        for (const VersionInfo& v : in.versions) {
            if (v.versionName.trimmed() == in.versionName.trimmed()) {
                return {in.check(QStringLiteral("version-exists"), PreflightCheck::Status::Warn,
                    Texts::tr("%1 already has a version named %2: two versions would carry the same name.")
                        .arg(in.destination, v.versionName),
                    Texts::tr("Give this release a new version name."))};
            }
        }
        return {in.check(QStringLiteral("version-exists"), PreflightCheck::Status::Pass,
            Texts::tr("The version name %1 is new on %2.").arg(in.versionName, in.destination))};
    }
    if (in.versionCode.isEmpty())
        return {};

    const QString codeWord = in.isApple() ? Texts::tr("build number") : Texts::tr("version code");
    QList<VersionInfo> sameCode;
    const VersionInfo* latest = nullptr;
    for (const VersionInfo& v : in.versions) {
        if (v.versionCode.isEmpty())
            continue;
        if (compareCodes(v.versionCode, in.versionCode) == 0)
            sameCode.append(v);
        if (!latest || compareCodes(v.versionCode, latest->versionCode) > 0)
            latest = &v;
    }

    if (!sameCode.isEmpty()) {
        const bool byLabel = in.service.limits.labelDistinguishesCodes;
        const auto clash = std::find_if(sameCode.cbegin(), sameCode.cend(),
            [&](const VersionInfo& v) { return !byLabel || sameLabel(v.label, in.label); });
        if (clash == sameCode.cend()) {
            return {in.check(QStringLiteral("version-exists"), PreflightCheck::Status::Info,
                Texts::tr("%1 already has %2, but the label \"%3\" makes this a separate version.")
                    .arg(in.destination, describeVersion(in, sameCode.first()), in.label))};
        }
        const QString fix = byLabel
            ? Texts::tr("Raise the %1 and build again, or give this build a label of its own.").arg(codeWord)
            : Texts::tr("Raise the %1 and build again.").arg(codeWord);
        return {in.check(QStringLiteral("version-exists"), PreflightCheck::Status::Block,
            Texts::tr("%1 already has %2.").arg(in.destination, describeVersion(in, *clash)), fix)};
    }

    if (latest && compareCodes(in.versionCode, latest->versionCode) < 0) {
        const bool forbidden = in.service.limits.versionCodeMustIncrease;
        const QString consequence = forbidden
            ? Texts::tr("%1 refuses a lower %2.").arg(in.serviceName(), codeWord)
            : (in.isAndroid()
                    ? Texts::tr("Devices that have the newer version will not take this one (Android refuses a "
                                "downgrade).")
                    : Texts::tr("Devices that have the newer build will not offer this one as an update."));
        return {in.check(QStringLiteral("version-lower"),
            forbidden ? PreflightCheck::Status::Block : PreflightCheck::Status::Warn,
            Texts::tr("The %1 %2 is lower than %3, the latest on %4. %5")
                .arg(codeWord, in.versionCode, describeVersion(in, *latest), in.destination, consequence),
            Texts::tr("Use a %1 above %2.").arg(codeWord, latest->versionCode))};
    }
    return {in.check(QStringLiteral("version-exists"), PreflightCheck::Status::Pass,
        latest ? Texts::tr("The %1 %2 is new on %3 (the latest there is %4).")
                     .arg(codeWord, in.versionCode, in.destination, latest->versionCode)
               : Texts::tr("The %1 %2 is the first version on %3.").arg(codeWord, in.versionCode, in.destination))};
}

} // namespace Slipway::PreflightChecks
