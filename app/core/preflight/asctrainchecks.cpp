// App Store Connect's version trains (docs/apis/apple-app-store-connect.md): every build belongs to the train of its
// version string (CFBundleShortVersionString) and platform; a build number is used once per train and must be
// higher than the train's last; a version that is approved or on sale closes its train; a new version string must
// be higher than the one on sale.
#include <preflight/preflightchecks.h>

namespace Slipway::PreflightChecks {

namespace {

// Apple's Platform enum for the package's platform (IOS, MAC_OS, TV_OS, VISION_OS); watchOS apps ship in iOS.
QString applePlatform(const QString& platform)
{
    if (platform == QLatin1String("macos"))
        return QStringLiteral("MAC_OS");
    if (platform == QLatin1String("tvos"))
        return QStringLiteral("TV_OS");
    if (platform == QLatin1String("visionos"))
        return QStringLiteral("VISION_OS");
    return QStringLiteral("IOS");
}

// AppVersionState values after approval: the version's train takes no new builds.
bool closesTrain(const QString& state)
{
    static const QStringList closed {QStringLiteral("ACCEPTED"), QStringLiteral("PENDING_APPLE_RELEASE"),
        QStringLiteral("PENDING_DEVELOPER_RELEASE"), QStringLiteral("PROCESSING_FOR_DISTRIBUTION"),
        QStringLiteral("READY_FOR_DISTRIBUTION"), QStringLiteral("READY_FOR_SALE"),
        QStringLiteral("REPLACED_WITH_NEW_VERSION")};
    return closed.contains(state);
}

bool onPlatform(const VersionInfo& v, const QString& platform)
{
    const QString p = v.extra.value(QStringLiteral("platform")).toString();
    return p.isEmpty() || p == platform;
}

} // namespace

QList<PreflightCheck> appStoreTrain(const PreflightInput& in)
{
    if (!in.isAppStoreConnect() || !in.versionsListed)
        return {};
    const QString platform = applePlatform(in.primary.platform);
    QList<PreflightCheck> out;

    // The App Store versions of this platform: a closed train, a lower version string.
    const VersionInfo* closedTrain = nullptr;
    const VersionInfo* highestReleased = nullptr;
    for (const VersionInfo& v : in.versions) {
        if (v.extra.value(QStringLiteral("type")).toString() != QLatin1String("appStoreVersion")
            || !onPlatform(v, platform) || !closesTrain(v.state))
            continue;
        if (compareCodes(v.versionName, in.versionName) == 0)
            closedTrain = &v;
        if (!highestReleased || compareCodes(v.versionName, highestReleased->versionName) > 0)
            highestReleased = &v;
    }
    if (closedTrain) {
        out.append(in.check(QStringLiteral("version-train-closed"), PreflightCheck::Status::Block,
            Texts::tr("Version %1 on %2 is %3: its train takes no new builds.")
                .arg(in.versionName, in.destination, closedTrain->state),
            Texts::tr("Raise the version string (CFBundleShortVersionString) above %1 and build again.")
                .arg(in.versionName)));
    } else if (highestReleased && compareCodes(in.versionName, highestReleased->versionName) < 0) {
        out.append(in.check(QStringLiteral("version-string-lower"), PreflightCheck::Status::Block,
            Texts::tr("Version %1 is lower than %2, already %3 on %4; App Store Connect takes only higher versions.")
                .arg(in.versionName, highestReleased->versionName, highestReleased->state, in.destination),
            Texts::tr("Use a version string above %1.").arg(highestReleased->versionName)));
    }

    // The builds of this train: the build number used, or lower than the train's last.
    const VersionInfo* existing = nullptr;
    const VersionInfo* latest = nullptr;
    QStringList otherTrains;
    for (const VersionInfo& v : in.versions) {
        if (v.extra.value(QStringLiteral("type")).toString() != QLatin1String("build") || !onPlatform(v, platform)
            || v.versionCode.isEmpty())
            continue;
        const bool sameTrain = compareCodes(v.versionName, in.versionName) == 0;
        if (compareCodes(v.versionCode, in.versionCode) == 0) {
            if (sameTrain)
                existing = &v;
            else
                otherTrains.append(v.versionName);
        }
        if (sameTrain && (!latest || compareCodes(v.versionCode, latest->versionCode) > 0))
            latest = &v;
    }
    if (existing) {
        out.append(in.check(QStringLiteral("version-exists"), PreflightCheck::Status::Block,
            Texts::tr("%1 already has build %2 in version %3%4.")
                .arg(in.destination, in.versionCode, in.versionName,
                    existing->created.isValid() ? Texts::tr(", uploaded %1").arg(day(existing->created)) : QString()),
            Texts::tr("Raise the build number (CFBundleVersion) above %1 and build again.")
                .arg(latest ? latest->versionCode : in.versionCode)));
    } else if (latest && compareCodes(in.versionCode, latest->versionCode) < 0) {
        out.append(in.check(QStringLiteral("version-lower"), PreflightCheck::Status::Block,
            Texts::tr("Build %1 is lower than %2, the latest of version %3 on %4; App Store Connect refuses it.")
                .arg(in.versionCode, describeVersion(in, *latest), in.versionName, in.destination),
            Texts::tr("Raise the build number (CFBundleVersion) above %1.").arg(latest->versionCode)));
    } else {
        out.append(in.check(QStringLiteral("version-exists"), PreflightCheck::Status::Pass,
            Texts::tr("Build %1 is new in the version %2 train on %3%4.")
                .arg(in.versionCode, in.versionName, in.destination,
                    otherTrains.isEmpty()
                        ? QString()
                        : Texts::tr(" (version %1 used the same build number)").arg(otherTrains.first()))));
    }
    return out;
}

} // namespace Slipway::PreflightChecks
