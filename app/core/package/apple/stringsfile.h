#pragma once

#include <QByteArray>
#include <QMap>
#include <QString>
#include <common/result.h>

namespace Slipway::StringsFile {

// Localized `<lang>.lproj/InfoPlist.strings`: the old-style text format (`"key" = "value";` with /* */ and //
// comments, UTF-16 with a BOM or UTF-8) or a binary plist of strings, as Xcode writes for devices.
constexpr qint64 kMaxBytes = 1024 * 1024;

Result<QMap<QString, QString>> parse(const QByteArray& data);

} // namespace Slipway::StringsFile
