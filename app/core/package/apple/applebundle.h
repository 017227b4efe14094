#pragma once

// Internal to package/apple: the pieces shared by the IPA, macOS app, dSYM and provisioning readers.

#include <QVariantMap>
#include <common/result.h>
#include <package/packageinfo.h>

namespace Slipway {
class ZipArchive;
}

namespace Slipway::Apple {

// Where the parts of one app bundle live inside the archive.
struct BundleLayout
{
    QString root; // "Payload/My App.app/" or "My App.app/" (macOS)
    QString contents; // root for iOS, root + "Contents/" for macOS
    QString executableDir; // contents for iOS, contents + "MacOS/" for macOS
    QString profileName; // "embedded.mobileprovision" or "embedded.provisionprofile"
    bool macos = false;
};

// Reads Info.plist, the executable's architectures, the embedded profile and the icon of one bundle.
Status readAppBundle(const ZipArchive& zip, const BundleLayout& layout, PackageInfo& info, bool verify);

// Checks what of the bundle's code signature can be checked without Apple's tools (codesignverify.cpp):
// CodeResources hashes, the executable's CMS signature and CodeDirectory, the embedded profile's CMS signature
// and its developer certificates; fills info.signing.checks and verified, and warns when something fails.
void verifyCodeSignature(const ZipArchive& zip, const BundleLayout& layout, PackageInfo& info);

// "ios", "tvos", "watchos", "visionos" or "macos" from DTPlatformName / CFBundleSupportedPlatforms /
// UIDeviceFamily; `fallback` when none says.
QString platformFromInfo(const QVariantMap& plist, const QString& fallback);

QString stringValue(const QVariantMap& map, const char* key);

} // namespace Slipway::Apple
