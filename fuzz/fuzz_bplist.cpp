// libFuzzer target for binary property lists: Plist::checkBinary (the walk that guards libplist) and then
// Plist::parse, which hands libplist only what the walk accepted. Inputs without the "bplist00" magic get it
// prepended, so every mutation reaches the walker. Seeded with the hostile generator's bplist bombs
// (tests/hostile/make_hostile.py --seeds) and the corpus's Info.plist files.

#include <QByteArray>
#include <cstddef>
#include <cstdint>
#include <package/apple/bplistcheck.h>
#include <package/apple/plistreader.h>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace Slipway;
    QByteArray bytes = QByteArray::fromRawData(reinterpret_cast<const char*>(data), qsizetype(size));
    if (!bytes.startsWith("bplist00"))
        bytes = QByteArrayLiteral("bplist00") + bytes;
    const Status checked = Plist::checkBinary(bytes);
    auto doc = Plist::parse(bytes);
    // parse() must refuse whatever the walk refused: libplist never sees a document the walk did not accept.
    if (!checked.ok() && doc.ok())
        __builtin_trap();
    return 0;
}
