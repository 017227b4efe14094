# Windows packages: APPX / MSIX / appxbundle / msixbundle (AppxManifest.xml through QXmlStreamReader).
list(APPEND SLIPWAY_CORE_SOURCES package/other/appxreader.cpp)
