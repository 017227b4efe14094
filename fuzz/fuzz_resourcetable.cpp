// libFuzzer target: the binary resource table (resources.arsc): parsing, lookups in every kind of type
// chunk (dense, sparse, offset16, compact entries) and reference resolution.
#include <cstddef>
#include <cstdint>
#include <package/android/resourcetable.h>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace Slipway::Android;
    const QByteArray bytes = QByteArray::fromRawData(reinterpret_cast<const char*>(data), qsizetype(size));
    const auto table = ArscTable::parse(bytes);
    if (!table)
        return 0;
    const QStringList locales = table->locales();
    for (quint32 package : {0x01u, 0x7fu}) {
        for (quint32 type = 1; type <= 16; ++type) {
            for (quint32 entry = 0; entry < 16; ++entry) {
                const quint32 id = (package << 24) | (type << 16) | entry;
                (void)table->values(id);
                (void)resolve(table.value(), id, DeviceConfig());
                if (!locales.isEmpty())
                    (void)resolve(table.value(), id, DeviceConfig::forLocale(locales.first()));
            }
        }
    }
    return 0;
}
