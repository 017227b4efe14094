list(APPEND SLIPWAY_CORE_SOURCES
    package/packageinfo.cpp package/packageinfo.h
    package/ziparchive.cpp package/ziparchive.h
    package/ondemandbytes.cpp package/ondemandbytes.h
    package/filehasher.cpp package/filehasher.h
    package/packageinspector.cpp package/packageinspector.h
    package/readers.h
    package/packagediff.cpp package/packagediff.h)
# Android readers (AXML, resources.arsc, signing blocks, AAB protobuf)
include(${CMAKE_CURRENT_LIST_DIR}/android/sources.cmake)
# Apple readers (Info.plist, provisioning, Mach-O, icons, dSYM)
include(${CMAKE_CURRENT_LIST_DIR}/apple/sources.cmake)
# Windows and the rest
include(${CMAKE_CURRENT_LIST_DIR}/other/sources.cmake)
