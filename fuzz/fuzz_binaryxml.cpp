// libFuzzer target: Android binary XML (AndroidManifest.xml in an APK) and the manifest reading on top.
#include <cstddef>
#include <cstdint>
#include <package/android/binaryxml.h>
#include <package/android/manifestreader.h>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace Slipway;
    const QByteArray bytes = QByteArray::fromRawData(reinterpret_cast<const char*>(data), qsizetype(size));
    const auto tree = Android::parseBinaryXml(bytes);
    if (tree) {
        PackageInfo info;
        (void)Android::readManifest(tree.value(), nullptr, info);
    }
    return 0;
}
