// First-cut placeholder: replaced by the APPX/MSIX reader.
#include <package/readers.h>
#include <package/ziparchive.h>

namespace Slipway::Readers {

Status readAppx(const ZipArchive&, PackageInfo& info)
{
    info.platform = QStringLiteral("windows");
    return Ok{};
}

} // namespace Slipway::Readers
