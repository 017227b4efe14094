// Identity: the package's platform against the service's, and its package id / bundle id against the app's.
#include <QFileInfo>
#include <preflight/preflightchecks.h>

namespace Slipway::PreflightChecks {

namespace {

bool isAppPackage(const PackageInfo& p)
{
    return p.kind != PackageKind::Obb && p.kind != PackageKind::DsymZip && p.kind != PackageKind::MobileProvision
        && p.kind != PackageKind::Unknown && p.kind != PackageKind::Zip;
}

QString platformName(const QString& platform)
{
    static const QHash<QString, QString> names {
        {QStringLiteral("android"), QStringLiteral("Android")},
        {QStringLiteral("ios"), QStringLiteral("iOS")},
        {QStringLiteral("tvos"), QStringLiteral("tvOS")},
        {QStringLiteral("watchos"), QStringLiteral("watchOS")},
        {QStringLiteral("visionos"), QStringLiteral("visionOS")},
        {QStringLiteral("macos"), QStringLiteral("macOS")},
    };
    return names.value(platform, platform.isEmpty() ? Texts::tr("unknown-platform") : platform);
}

} // namespace

QList<PreflightCheck> platform(const PreflightInput& in)
{
    const QStringList& accepted = in.service.limits.platforms;
    if (accepted.isEmpty() || !isAppPackage(in.primary))
        return {};
    const QString name = QFileInfo(in.primary.path).fileName();
    const QString kind = packageKindName(in.primary.kind).toUpper();
    if (!accepted.contains(in.primary.platform)) {
        QStringList names;
        for (const QString& p : accepted)
            names.append(platformName(p));
        return {in.check(QStringLiteral("platform"), PreflightCheck::Status::Block,
            Texts::tr("%1 takes only %2 builds, and %3 is an %4 %5: nothing was sent.")
                .arg(in.destination, names.join(QStringLiteral(", ")), name, platformName(in.primary.platform), kind),
            Texts::tr("Publish a %1 build there, or choose a destination that takes %2 packages.")
                .arg(names.first(), platformName(in.primary.platform)))};
    }
    return {in.check(QStringLiteral("platform"), PreflightCheck::Status::Pass,
        Texts::tr("%1 takes %2 builds like %3.").arg(in.destination, platformName(in.primary.platform), name))};
}

QList<PreflightCheck> identity(const PreflightInput& in)
{
    const QString packageId = in.primary.packageId;
    if (in.app) {
        const QString appPackage = in.app->packageId;
        if (!appPackage.isEmpty() && !packageId.isEmpty() && appPackage.compare(packageId, Qt::CaseInsensitive) != 0) {
            return {in.check(QStringLiteral("package-id"), PreflightCheck::Status::Block,
                Texts::tr("%1 is the app \"%2\" with the id %3, but the package is %4.")
                    .arg(in.destination, in.app->name, appPackage, packageId),
                Texts::tr("Choose the app %1 on that account, or build the package with the id %2.")
                    .arg(packageId, appPackage))};
        }
        return {in.check(QStringLiteral("package-id"), PreflightCheck::Status::Pass,
            Texts::tr("%1 is the app \"%2\" (%3), the package's id.")
                .arg(in.destination, in.app->name, appPackage.isEmpty() ? packageId : appPackage))};
    }
    if (!in.appsListed)
        return {};
    // An app named by the package's own id is the app publishing creates (the Publish dialog fills it in).
    if (!in.target.appId.isEmpty() && in.target.appId.compare(packageId, Qt::CaseInsensitive) != 0) {
        return {in.check(QStringLiteral("app-missing"), PreflightCheck::Status::Block,
            Texts::tr("%1: there is no app %2 on %3.").arg(in.destination, in.target.appId, in.account.name),
            Texts::tr("Choose one of the account's apps (or leave the app empty to match the package id %1).")
                .arg(packageId))};
    }
    if (in.canCreateApp) {
        return {in.check(QStringLiteral("app-new"), PreflightCheck::Status::Info,
            Texts::tr("%1 has no app %2 yet: publishing creates it.").arg(in.destination, packageId))};
    }
    return {in.check(QStringLiteral("app-missing"), PreflightCheck::Status::Block,
        Texts::tr("%1 has no app with the id %2, and %3 cannot create apps from Slipway.")
            .arg(in.destination, packageId, in.serviceName()),
        Texts::tr("Create the app %1 in %2 first, then publish again.").arg(packageId, in.serviceName()))};
}

} // namespace Slipway::PreflightChecks
