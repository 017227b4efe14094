#pragma once

// The per-kind readers behind PackageInspector. Each reads one kind of package from an open archive into
// PackageInfo; identity errors (no manifest, unreadable Info.plist) are returned, everything softer becomes
// a warning on the PackageInfo. Readers never extract to disk and bound every read.

#include <common/result.h>
#include <package/packageinfo.h>

namespace Slipway {

class ZipArchive;

namespace Readers {

// What a reader does beyond reading.
struct ReadOptions
{
    // Cryptographic verification of the signatures (APK v1-v3.1, AAB JAR, Apple code signature and profile).
    // Off, signing still lists the schemes and certificates, without a verdict.
    bool verifySignatures = true;
};

// android/
Status readApk(const ZipArchive& zip, PackageInfo& info, const ReadOptions& options = {});
Status readAab(const ZipArchive& zip, PackageInfo& info, const ReadOptions& options = {});
// Parses main|patch.<versionCode>.<package>.obb; false when the name does not follow that pattern.
bool readObbName(PackageInfo& info);

// apple/
Status readIpa(const ZipArchive& zip, PackageInfo& info, const ReadOptions& options = {});
Status readMacAppZip(const ZipArchive& zip, PackageInfo& info, const ReadOptions& options = {});
Status readDsymZip(const ZipArchive& zip, PackageInfo& info);
// A loose .mobileprovision file (CMS-signed plist), not a zip.
Status readMobileProvision(const QString& path, PackageInfo& info);

// other/
Status readAppx(const ZipArchive& zip, PackageInfo& info);

} // namespace Readers
} // namespace Slipway

namespace Slipway::Readers {
// Kind-specific release warnings, called by PackageInspector::addWarnings after reading.
void addAndroidWarnings(PackageInfo& info, const QDateTime& now);
void addAppleWarnings(PackageInfo& info, const QDateTime& now);
} // namespace Slipway::Readers
