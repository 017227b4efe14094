#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <domain/types.h>

namespace Slipway::CompareMeta {

// A line diff of two texts (release notes): [{"op": " " | "-" | "+", "text": line}], the longest common
// subsequence kept as " ". Texts of more than kMaxLines lines each are shown as all removed, then all added.
inline constexpr int kMaxLines = 2000;
QJsonArray lineDiff(const QString& before, const QString& after);

// {"before", "after", "changed": bool, "lines": lineDiff()} when either side has notes; empty otherwise.
QJsonObject notesDiff(const QString& before, const QString& after);

// What a service says about a version, in the summary form of PackageDiff ("versionName", "versionCode",
// "label", "size", ...) plus "state", "created" and the service's own scalar fields under "service".
QJsonObject versionSummary(const VersionInfo& version);

// The fields a metadata-only comparison cannot tell (they need the package itself).
QStringList unavailableFields();

// Compares what the services return when at least one side cannot be downloaded (App Store Connect): the same
// shape as PackageDiff::compare for "a", "b", "changes" and "identical", plus "metadataOnly": true and
// "unavailable": unavailableFields(). `a`/`b` are versionSummary() or PackageDiff::summary() objects.
QJsonObject compareMetadata(const QJsonObject& a, const QJsonObject& b);

} // namespace Slipway::CompareMeta
