# Apple readers: Info.plist (libplist), provisioning profiles (OpenSSL CMS), Mach-O headers, CgBI icons (zlib),
# IPA / macOS app zip / dSYM / loose profiles, and their release warnings.
list(APPEND SLIPWAY_CORE_SOURCES
    package/apple/applebundle.h
    package/apple/plistreader.cpp package/apple/plistreader.h
    package/apple/bplistcheck.cpp package/apple/bplistcheck.h
    package/apple/provisioning.cpp package/apple/provisioning.h
    package/apple/machoreader.cpp package/apple/machoreader.h
    package/apple/cgbipng.cpp package/apple/cgbipng.h
    package/apple/stringsfile.cpp package/apple/stringsfile.h
    package/apple/ipareader.cpp
    package/apple/codesignverify.cpp
    package/apple/dsymreader.cpp
    package/apple/applewarnings.cpp)
