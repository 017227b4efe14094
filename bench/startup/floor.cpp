// The floor under every `slipway-cli inspect`: a program that loads what the front end loads (QtCore, libzip,
// libplist, libcrypto, zlib, and what they pull in) and does nothing else. bench/startup/run.sh and
// bench/inspect/run.sh time it against aapt: whatever Slipway does after main() comes on top of this.
#include <QtGlobal>
#include <openssl/crypto.h>
#include <plist/plist.h>
#include <zip.h>
#include <zlib.h>

int main()
{
    // One call into each library, so the linker keeps every one of them, whatever --as-needed says.
    plist_t dict = plist_new_dict();
    plist_free(dict);
    const bool loaded = qVersion() && zip_libzip_version() && zlibVersion() && OpenSSL_version_num() != 0;
    return loaded ? 0 : 1;
}
