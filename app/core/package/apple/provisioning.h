#pragma once

#include <QByteArray>
#include <QVariantMap>
#include <common/result.h>
#include <package/packageinfo.h>

namespace Slipway::Provisioning {

// Provisioning profiles (embedded.mobileprovision, embedded.provisionprofile, loose *.mobileprovision):
// a DER CMS SignedData (signed by Apple) whose encapsulated content is an XML plist. The CMS signature
// is not verified (Slipway reports what the profile says, it does not judge Apple's signature); the
// plist is read through Plist::parse.

constexpr qint64 kMaxProfileBytes = 4 * 1024 * 1024;

// The plist bytes inside the CMS envelope.
Result<QByteArray> unwrapCms(const QByteArray& der);

// The whole profile: CMS → plist → ProvisioningInfo.
Result<ProvisioningInfo> parse(const QByteArray& data);

// ProvisioningInfo from an already decoded profile plist.
Result<ProvisioningInfo> fromPlist(const QVariantMap& plist);

// The conventional distribution type (same rule as fastlane and app-info):
// ProvisionsAllDevices → "enterprise" ("developer-id" on macOS); else a device list → "development" when
// get-task-allow, "ad-hoc" otherwise; else "app-store".
QString distributionType(bool provisionsAllDevices, int deviceCount, bool getTaskAllow, bool macos);

// One X.509 certificate (DER) as CertificateInfo; an error when it does not parse.
Result<CertificateInfo> certificateFromDer(const QByteArray& der, const QString& source);

// Whether `bundleId` is covered by `applicationIdentifier` ("TEAMID.com.example.app", "TEAMID.*",
// "TEAMID.com.example.*"). The team prefix (everything up to the first '.') is ignored.
bool applicationIdentifierMatches(const QString& applicationIdentifier, const QString& bundleId);

} // namespace Slipway::Provisioning
