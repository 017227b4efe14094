// libFuzzer target: the protobuf wire reader behind AAB support: the proto manifest (XmlNode), the module
// resource table (resources.pb) and BundleConfig.pb.
#include <cstddef>
#include <cstdint>
#include <package/android/manifestreader.h>
#include <package/android/protomanifest.h>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace Slipway;
    const QByteArray bytes = QByteArray::fromRawData(reinterpret_cast<const char*>(data), qsizetype(size));
    const auto tree = Android::parseProtoXml(bytes);
    const auto table = Android::ProtoResourceTable::parse(bytes);
    if (tree) {
        PackageInfo info;
        (void)Android::readManifest(tree.value(), table ? &table.value() : nullptr, info);
    }
    if (table) {
        for (quint32 type = 1; type <= 16; ++type) {
            for (quint32 entry = 0; entry < 16; ++entry)
                (void)Android::resolve(table.value(), 0x7f000000u | (type << 16) | entry, Android::DeviceConfig());
        }
    }
    (void)Android::bundletoolVersion(bytes);
    return 0;
}
