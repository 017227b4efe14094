// First-cut placeholder: replaced by the Android readers (AXML, resources.arsc, signing, AAB).
#include <package/readers.h>
#include <package/ziparchive.h>

#include <QRegularExpression>

namespace Slipway::Readers {

Status readApk(const ZipArchive&, PackageInfo& info)
{
    info.platform = QStringLiteral("android");
    return Ok{};
}

Status readAab(const ZipArchive&, PackageInfo& info)
{
    info.platform = QStringLiteral("android");
    return Ok{};
}

bool readObbName(PackageInfo& info)
{
    static const QRegularExpression re(QStringLiteral("^(main|patch)\\.(\\d+)\\.(.+)\\.obb$"),
                                       QRegularExpression::CaseInsensitiveOption);
    const auto m = re.match(info.fileName);
    if (!m.hasMatch())
        return false;
    info.obbType = m.captured(1).toLower();
    info.versionCode = m.captured(2);
    info.packageId = m.captured(3);
    info.platform = QStringLiteral("android");
    return true;
}

void addAndroidWarnings(PackageInfo&, const QDateTime&) {}

} // namespace Slipway::Readers
