// libFuzzer target for the Apple readers of untrusted bytes: property lists (XML and binary, libplist),
// provisioning profiles (CMS through OpenSSL, then the plist), and, because they share the input, the
// CgBI PNG decoder, the InfoPlist.strings reader and the Mach-O header reader. Every parser checks its own magic, so
// mutated seeds of each kind exercise the matching reader.

#include <QByteArray>
#include <cstddef>
#include <cstdint>
#include <package/apple/cgbipng.h>
#include <package/apple/machoreader.h>
#include <package/apple/plistreader.h>
#include <package/apple/provisioning.h>
#include <package/apple/stringsfile.h>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace Slipway;
    const QByteArray bytes = QByteArray::fromRawData(reinterpret_cast<const char*>(data), qsizetype(size));

    auto doc = Plist::parse(bytes);
    if (doc && doc->root.typeId() == QMetaType::QVariantMap)
        (void)Provisioning::fromPlist(doc->root.toMap());
    (void)Provisioning::parse(bytes);
    (void)CgBI::toStandardPng(bytes);
    (void)StringsFile::parse(bytes);

    auto slices = MachO::parseSlices(bytes, qint64(size));
    if (slices) {
        for (MachO::Slice s : slices.value()) {
            if (s.offset < qint64(size))
                (void)MachO::parseLoadCommands(bytes.mid(s.offset), s);
        }
    }
    return 0;
}
