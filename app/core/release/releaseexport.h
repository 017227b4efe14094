#pragma once

#include "release.h"

#include <QByteArray>
#include <QList>

namespace Slipway {

// The release history as files a release manager hands on: JSON (every field, the same objects as
// `slipway-cli releases --json`) and CSV (one row per destination, RFC 4180 quoting, UTF-8).
namespace ReleaseExport {

QByteArray toJson(const QList<Release>& releases);
QByteArray toCsv(const QList<Release>& releases);
// The URL a person opens for a published version (download URL, else a service URL the version reports).
QString versionUrl(const VersionInfo& version);

} // namespace ReleaseExport

} // namespace Slipway
