#pragma once

#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringList>
#include <common/result.h>

namespace Slipway {

// What changed between two packages (the QA sign-off question: "what changed between the build I tested and this
// one?"). Works on the `inspect --json` form of each side (PackageInfo::toJson()), so a stored inspection of the
// Local library compares exactly like a file on disk.
namespace PackageDiff {

// The kinds of content the size is broken down by. Android: "code" (*.dex), "resources" (res/, resources.arsc,
// resources.pb, the manifest), "nativeLibs" (lib/), "assets" (assets/); Apple: "code" (the main executable and
// PlugIns/), "frameworks" (Frameworks/), "resources" (everything else in the .app); "other" for the rest
// (signatures, META-INF, SC_Info, ...). Sizes are the bytes the entries take in the archive (compressed), so
// they add up to about the file's size.
QStringList sizeKinds();

// Reads the archive's directory and sums the entries by kind of content. `executable` is the Apple main
// executable's name (CFBundleExecutable), so its bytes count as code. Errors as ZipArchive::open.
Result<QMap<QString, qint64>> contentSizes(const QString& path, const QString& executable = {});

// The key of PackageInfo::toJson() (plus "sizeByKind") that holds contentSizes() as an object.
inline constexpr char kSizeByKindKey[] = "sizeByKind";

// Compares two `inspect --json` objects (each optionally with "sizeByKind"). The result:
// {"a": {summary}, "b": {summary}, "changes": [{"field", "before", "after"}], "permissions": {"added", "removed"},
//  "abis": {"added", "removed"}, "signing": {"changed", "status": "same"|"changed"|"rotated"|"unsigned",
//  "before": [sha256...], "after": [sha256...]}, "size": {"before", "after", "delta", "byKind": {kind: {"before",
//  "after", "delta"}}}, "provisioning": {...} (Apple only), "identical": bool}.
// Two inspections of the same bytes give no changes, no added or removed entries and "identical": true.
QJsonObject compare(const QJsonObject& a, const QJsonObject& b);

// The summary of one side as "a"/"b" carry it: file, kind, packageId, versionName, versionCode, label, size,
// sha256.
QJsonObject summary(const QJsonObject& inspection);

} // namespace PackageDiff

} // namespace Slipway
