list(APPEND SLIPWAY_CORE_SOURCES
    package/android/binaryxml.cpp package/android/binaryxml.h
    package/android/resourcetable.cpp package/android/resourcetable.h
    package/android/manifestreader.cpp package/android/manifestreader.h
    package/android/protowire.cpp package/android/protowire.h
    package/android/protomanifest.cpp package/android/protomanifest.h
    package/android/apksigning.cpp package/android/apksigning.h
    package/android/apksigverify.cpp package/android/apksigverify.h
    package/android/apksigverify_v1.cpp package/android/apksigverify_v2v3.cpp
    package/android/apkreader.cpp
    package/android/aabreader.cpp
    package/android/obbname.cpp
    package/android/androidwarnings.cpp)
