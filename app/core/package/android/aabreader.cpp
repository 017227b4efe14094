#include <package/readers.h>
#include <package/ziparchive.h>

namespace Slipway::Readers {

Status readAab(const ZipArchive&, PackageInfo& info)
{
    info.platform = QStringLiteral("android");
    return Ok {};
}

} // namespace Slipway::Readers
