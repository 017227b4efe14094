#pragma once

// Reads the release-relevant facts from a decoded Android manifest (binary XML from an APK or the protobuf
// manifest of an AAB module, both as an XmlElement tree) with the resource table behind it.

#include <QLoggingCategory>
#include <common/result.h>
#include <package/android/binaryxml.h>
#include <package/packageinfo.h>

Q_DECLARE_LOGGING_CATEGORY(lcAndroid)

namespace Slipway::Android {

class ResourceSource;

// Fills packageId, version, SDKs, permissions, label(s), icons by density, debuggable, launchable activity
// and split fields. `resources` may be null (no resource table): references then stay unresolved.
Status readManifest(const XmlElement& manifest, const ResourceSource* resources, PackageInfo& info);

// "lib/arm64-v8a/libx.so" -> "arm64-v8a" for every entry under `prefix` ("lib/" or "base/lib/"); sorted.
QStringList abisFromEntries(const QStringList& names, const QString& prefix);

// "res/mipmap-xxhdpi/ic.png" and friends: raster images Qt can show.
bool isRasterPath(const QString& path);

} // namespace Slipway::Android
