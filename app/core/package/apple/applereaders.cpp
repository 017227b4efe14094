// First-cut placeholder: replaced by the Apple readers (Info.plist, provisioning, Mach-O, icons, dSYM).
#include <package/readers.h>
#include <package/ziparchive.h>

namespace Slipway::Readers {

Status readIpa(const ZipArchive&, PackageInfo& info)
{
    info.platform = QStringLiteral("ios");
    return Ok{};
}

Status readMacAppZip(const ZipArchive&, PackageInfo& info)
{
    info.platform = QStringLiteral("macos");
    return Ok{};
}

Status readDsymZip(const ZipArchive&, PackageInfo&)
{
    return Ok{};
}

Status readMobileProvision(const QString&, PackageInfo&)
{
    return Ok{};
}

void addAppleWarnings(PackageInfo&, const QDateTime&) {}

} // namespace Slipway::Readers
