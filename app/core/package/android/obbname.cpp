// Readers::readObbName: OBB files carry their metadata in the name only.
#include <QRegularExpression>
#include <package/readers.h>

namespace Slipway::Readers {

bool readObbName(PackageInfo& info)
{
    static const QRegularExpression re(
        QStringLiteral("^(main|patch)\\.(\\d+)\\.(.+)\\.obb$"), QRegularExpression::CaseInsensitiveOption);
    const auto m = re.match(info.fileName);
    if (!m.hasMatch())
        return false;
    info.obbType = m.captured(1).toLower();
    info.versionCode = m.captured(2);
    info.packageId = m.captured(3);
    info.platform = QStringLiteral("android");
    return true;
}

} // namespace Slipway::Readers
