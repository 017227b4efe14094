#pragma once

// What every preflight check reads: the package group, the destination and what is known of its live state.
// Internal to preflight/; the checks are plain functions of this value (preflightchecks.h), so they can be tested
// without a server.
#include <QDateTime>
#include <QList>
#include <domain/account.h>
#include <domain/types.h>
#include <optional>
#include <package/packageinfo.h>
#include <preflight/preflight.h>

namespace Slipway {

struct PreflightInput
{
    PreflightDestination target;
    QString destination; // "ACCOUNT/APP", the name every message uses
    PublishRequest request;
    Account account;
    ServiceInfo service; // the account's service (limits, display name)
    PackageInfo primary;
    QList<PackageInfo> companions;
    // What would be published: the request's overrides, else the package's own values.
    QString versionCode;
    QString versionName;
    QString label;
    QDateTime now;
    PreflightSettings settings;

    // What the destination's provider offers.
    bool canCreateApp = false;
    QList<FieldSpec> publishFields;

    // Live state (filled by Preflight::run before the live checks run).
    std::optional<AppInfo> app; // the destination app, when it exists there
    QString appId; // the app's id on the service (may be set while `app` is unknown)
    bool appsListed = false; // the app list was read (so a missing app is known to be missing)
    bool versionsListed = false;
    QList<VersionInfo> versions; // the destination app's versions
    std::optional<Error> liveError; // listing apps or versions failed
    // Why the previous version's signer is unknown when no version there carries an inspection and its artifact
    // could not be downloaded and inspected (not downloadable, too large, failed); empty when it was checked.
    QString signerUnchecked;

    bool isAndroid() const { return isAndroidKind(primary.kind); }
    bool isApple() const { return isAppleKind(primary.kind); }
    bool isAppStoreConnect() const { return service.id == QLatin1String("appstoreconnect"); }
    // "App Store Connect" for the service, or the service id when it is unknown.
    QString serviceName() const { return service.displayName.isEmpty() ? account.service : service.displayName; }
    // Builds one finding for this destination.
    PreflightCheck check(
        const QString& id, PreflightCheck::Status status, const QString& message, const QString& fix = {}) const;
};

} // namespace Slipway
